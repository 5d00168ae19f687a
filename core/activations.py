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


def predicted_classes(z: npt.ArrayLike) -> np.ndarray:
    """The class of each row of logits ``z`` ``(N, K)``: the one whose logit is strictly the largest, or −1
    where two or more share the largest (a tie, as everywhere at a zero start: no class is predicted).

    >>> predicted_classes([[0.0, 2.0, 1.0], [1.0, 1.0, 0.0]]).tolist()
    [1, -1]
    """
    z = np.asarray(z, dtype=np.float64)
    top = z.argmax(axis=1)
    tied = np.count_nonzero(z == z.max(axis=1, keepdims=True), axis=1) > 1
    return np.where(tied, -1, top)
