"""The sigmoid and the softmax, stable for every finite input."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def sigmoid(z: npt.ArrayLike) -> np.ndarray:
    """σ(z) = 1 / (1 + e^{−z}), elementwise.

    With e = e^{−|z|} ≤ 1 nothing overflows: σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) for z < 0,
    each a few roundings from exact; tiny values such as σ(−40) ≈ 4.2e−18 are kept, not clipped.
    (``exp(−logaddexp(0, −z))`` is as stable but exp magnifies the logarithm's rounding: 31 ulp at z = −33.)

    >>> float(sigmoid(0.0))
    0.5
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def logsumexp(z: npt.ArrayLike, *, axis: int = -1) -> np.ndarray:
    """log Σⱼ e^{zⱼ} along ``axis``, shifted by the maximum so nothing overflows."""
    z = np.asarray(z, dtype=np.float64)
    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):  # z − m below −1.8e308 is −inf, and e^{−inf} = 0 is exact
        e = np.exp(z - m)
    # The largest term is exactly 1: sum the others and take log1p, which keeps the digits that
    # log(1 + small) loses (logsumexp([-11, 0]) is log1p(e^{-11}) ≈ 1.67e-5 to the last bit).
    np.put_along_axis(e, np.argmax(z, axis=axis, keepdims=True), 0.0, axis=axis)
    return np.squeeze(m, axis=axis) + np.log1p(np.sum(e, axis=axis))


def softmax(z: npt.ArrayLike, *, axis: int = -1) -> np.ndarray:
    """ŷᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} along ``axis``.

    Shifting by the maximum leaves the result unchanged (the factor e^{−max}
    cancels) and keeps every exponent ≤ 0, so nothing overflows.

    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore"):  # see logsumexp
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z: npt.ArrayLike, *, axis: int = -1) -> np.ndarray:
    """log ŷᵢ = zᵢ − log Σⱼ e^{zⱼ} = (zᵢ − m) − log1p(Σⱼ≠max e^{zⱼ − m}) along ``axis``, m = max z.

    Taking the log of ``softmax`` fails where a probability underflows:
    ``np.log(softmax([1000., 1.]))`` has ``-inf`` where this gives ``-999``. Subtracting
    logsumexp from z would cancel for the largest logit (40 − (40 + 4.2e−18) = 0); the shifted
    form keeps log ŷ = −4.2e−18 there.

    >>> log_softmax([1000.0, 1.0]).tolist()
    [0.0, -999.0]
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore"):  # see logsumexp
        shifted = z - np.max(z, axis=axis, keepdims=True)
        e = np.exp(shifted)
    np.put_along_axis(e, np.argmax(z, axis=axis, keepdims=True), 0.0, axis=axis)
    return shifted - np.log1p(np.sum(e, axis=axis, keepdims=True))


# How far rounding may have moved a score (score_rounding): TIE of the numbers it is made of, and DRIFT per √step
# of the most a step can change it. Runs whose scores are equal in exact arithmetic (mirror-image classes, classes
# with the same points; K = 2 … 5, η up to the largest that cannot amplify rounding, 100,000 steps, in core and in
# the browser's order of sums) part them by at most 0.11 of the bound u_j + u_k (bench/tie_rounding.py: 0.04 over
# its 50 cases). Runs on the page's data keep their top two scores over 1e6 times the bound apart, and a lead of
# 1e−12 of the terms is nine times the first part.
TIE = 2.0**-44  # ≈ 5.7e−14, 256 ε
DRIFT = 2.0**-48  # ≈ 3.6e−15, 16 ε


def score_rounding(
    X: npt.ArrayLike,
    W: npt.ArrayLike,
    b: npt.ArrayLike,
    *,
    lr: float = 0.0,
    step: int = 0,
    data: npt.ArrayLike | None = None,
) -> np.ndarray:
    """uₖ(x) = TIE (Σ_d |w_kd x_d| + |b_k|) + DRIFT η √t (Σ_d μ_d |x_d| + 1), μ_d the mean |x_d| of ``data``.

    How far rounding may have moved the score zₖ = wₖᵀx + bₖ of each point x (row of ``X``; u is ``(N, K)``) after
    t = ``step`` steps of rate η = ``lr`` on the points ``data`` (default ``X``): the score's own rounding and its
    weights', in proportion to its terms; and the rounding the steps left in the weights, which adds up like a random
    walk over t steps, each of which changes w_kd by at most η μ_d and b_k by at most η (|ŷ − y| ≤ 1). The second is
    what a weight that is 0 in exact arithmetic holds (b₁ = b₂ = 0 on mirror-image classes). Multiplying W and b by
    c > 0 multiplies the first part by c, as it does the scores, so it ties the same points at every scale.
    """
    X = np.asarray(X, dtype=np.float64)
    size = np.abs(X) @ np.abs(np.asarray(W, dtype=np.float64)).T + np.abs(np.asarray(b, dtype=np.float64))
    factor = drift_factor(lr, step)
    if factor == 0:  # no step taken: nothing to add (and no 0 · ∞ where the reach overflows)
        return TIE * size
    return TIE * size + (factor * step_reach(X, X if data is None else data))[:, None]


def drift_factor(lr: float, step: int) -> float:
    """DRIFT η √t for t = ``step`` steps of rate η = ``lr``: 0 before any step."""
    return 0.0 if lr * step == 0 else DRIFT * lr * float(np.sqrt(step))


def step_reach(X: npt.ArrayLike, data: npt.ArrayLike) -> np.ndarray:
    """Σ_d μ_d |x_d| + 1 for each row x of ``X``, μ_d = mean |x_d| over ``data``: a step of rate η on those points
    changes a score at x by at most η times this (``score_rounding``); ∞ where that is beyond float64 (|x| ~ 1e154),
    as the scores of the step after it are."""
    with np.errstate(over="ignore"):
        return np.abs(X) @ np.abs(np.asarray(data, dtype=np.float64)).mean(axis=0) + 1.0


def predicted_classes(z: npt.ArrayLike, *, rounding: npt.ArrayLike | None = None) -> np.ndarray:
    """The class j of each row of logits ``z`` ``(N, K)`` with the largest score, or −1 where another class k is as
    high up to rounding, z_j − z_k ≤ u_j + u_k (a tie, as everywhere at a zero start: no class is predicted).

    ``rounding`` is u ``(N, K)`` from ``score_rounding``; without it only equal scores tie.

    >>> z = [[0.0, 2.0, 1.0], [1.0, 1.0, 0.0], [1.0, 1.0 + 1e-15, 0.0]]
    >>> predicted_classes(z).tolist(), predicted_classes(z, rounding=TIE * np.abs(z)).tolist()
    ([1, -1, 1], [1, -1, -1])
    """
    z = np.asarray(z, dtype=np.float64)
    u = np.zeros_like(z) if rounding is None else np.broadcast_to(np.asarray(rounding, dtype=np.float64), z.shape)
    rows = np.arange(z.shape[0])
    top = z.argmax(axis=1)
    # The top class's own row is always within reach of itself: a tie is a second one.
    tied = np.count_nonzero(z[rows, top][:, None] - z <= u[rows, top][:, None] + u, axis=1) > 1
    return np.where(tied, -1, top)


def predictions(X: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike, **rounding) -> np.ndarray:
    """``predicted_classes`` of z = XWᵀ + b with u from ``score_rounding`` (``rounding``: its ``lr``, ``step`` and
    ``data``): each point's class, −1 for a tie."""
    X = np.asarray(X, dtype=np.float64)
    W = np.asarray(W, dtype=np.float64)
    z = X @ W.T + np.asarray(b, dtype=np.float64)
    return predicted_classes(z, rounding=score_rounding(X, W, b, **rounding))
