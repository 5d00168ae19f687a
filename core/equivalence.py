"""When a logistic classifier and a two-class softmax classifier agree."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from core.activations import sigmoid, softmax
from core.validation import as_finite


def logistic_from_softmax(W: npt.ArrayLike, b: npt.ArrayLike) -> tuple[np.ndarray, float]:
    """w = w₂ − w₁ and b = b₂ − b₁ for softmax rows ``W`` ``(2, D)`` and biases ``b`` ``(2,)``.

    With the standard softmax, ŷ₂ = e^{z₂}/(e^{z₁} + e^{z₂}) = 1/(1 + e^{−(z₂ − z₁)}) = σ(z₂ − z₁),
    so σ(wᵀx + b) equals ŷ₂ for every x exactly when z₂ − z₁ = wᵀx + b.
    """
    W = as_finite("W", W, ndim=2)
    b = as_finite("b", b, ndim=1)
    if W.shape[0] != 2 or b.shape != (2,):
        raise ValueError(f"W must have shape (2, D) and b shape (2,), got {W.shape} and {b.shape}")
    return W[1] - W[0], float(b[1] - b[0])


def logistic_from_negated_softmax(W: npt.ArrayLike, b: npt.ArrayLike) -> tuple[np.ndarray, float]:
    """w = w₁ − w₂ and b = b₁ − b₂: the relation for a softmax written with e^{−z}.

    With ŷ₂ = e^{−z₂}/(e^{−z₁} + e^{−z₂}) = σ(z₁ − z₂) the roles of the rows swap,
    which is where a derivation in that convention gets w₁ − w₂ from.
    """
    w, c = logistic_from_softmax(W, b)
    return -w, -c


def negated_softmax(z: npt.ArrayLike, *, axis: int = -1) -> np.ndarray:
    """ŷᵢ = e^{−zᵢ} / Σⱼ e^{−zⱼ}: the softmax of −z, a non-standard convention."""
    return softmax(-np.asarray(z, dtype=np.float64), axis=axis)


def exact_delta(W: np.ndarray, bW: np.ndarray, w: np.ndarray, b: float, *, negated: bool = False):
    """The softmax's logistic coefficients c = ±(w₂ − w₁, b₂ − b₁) and δ = (w, b) − c, each formed exactly in
    rational arithmetic and rounded once: both as float arrays ``(D + 1,)``."""
    sign = -1 if negated else 1
    exact = [sign * (Fraction(W[1, i]) - Fraction(W[0, i])) for i in range(W.shape[1])]
    exact.append(sign * (Fraction(bW[1]) - Fraction(bW[0])))
    reference = np.array([float(v) for v in exact])
    delta = np.array([float(Fraction(v) - e) for v, e in zip([*w, b], exact, strict=True)])
    return reference, delta


def log_sigmoid_gap(a: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log |σ(a) − σ(a − d)|, and its term log(1 − e^{−|d|}) (−inf where d = 0)."""
    c = a - d
    with np.errstate(divide="ignore"):  # δ = 0 gives log 0 = −inf, and a gap of exactly 0
        log_small = np.log(-np.expm1(-np.abs(d)))
    log_gap = (np.abs(d) - np.abs(a) - np.abs(c)) / 2 + log_small - np.log1p(np.exp(-np.abs(a))) - np.log1p(
        np.exp(-np.abs(c))
    )
    return log_gap, log_small


def sigmoid_gap(a: npt.ArrayLike, d: npt.ArrayLike) -> np.ndarray:
    """|σ(a) − σ(a − d)| = |sinh(d/2)| / (2 cosh(a/2) cosh((a − d)/2)), elementwise, without cancellation.

    Subtracting the rounded probabilities loses the gap once both are near 0 or 1 (σ(60) − σ(50) is 0 in
    floating point, ≈ 1.9e−22 in fact). Taken through logarithms nothing overflows:
    log gap = (|d| − |a| − |c|)/2 + log(1 − e^{−|d|}) − log(1 + e^{−|a|}) − log(1 + e^{−|c|}), c = a − d.

    >>> f"{float(sigmoid_gap(60.0, 10.0)):.4e}"
    '1.9287e-22'
    """
    a, d = np.asarray(a, dtype=np.float64), np.asarray(d, dtype=np.float64)
    return np.exp(log_sigmoid_gap(a, d)[0])


# Scores within this many units of rounding of 0, relative to the size of their terms, lie on the boundary.
ROUNDING = 8 * np.finfo(np.float64).eps


@dataclass(frozen=True)
class Comparison:
    """A logistic model and a two-class softmax model evaluated at the same points.

    ``y_hat`` = σ(wᵀx + b) and ``y_hat2`` = softmax(Wx + b)[class 2] per point, ``gap`` = |ŷ − ŷ₂| (by
    ``sigmoid_gap`` from the exact difference of the scores, not by subtracting the rounded ŷ and ŷ₂);
    ``label`` and ``label2`` are the predicted classes (0 or 1, class 2 where the score is > 0);
    ``disagree`` marks points whose predicted labels differ, except points that both models
    place on their boundary up to rounding; ``agreement`` is the share of points that agree,
    ``max_gap`` = max |ŷ − ŷ₂|, and ``rounding`` bounds the gap that rounding alone can cause.
    """

    y_hat: np.ndarray
    y_hat2: np.ndarray
    gap: np.ndarray
    label: np.ndarray
    label2: np.ndarray
    disagree: np.ndarray
    agreement: float
    max_gap: float
    rounding: float


def compare(
    W: npt.ArrayLike, bW: npt.ArrayLike, w: npt.ArrayLike, b: float, X: npt.ArrayLike, *, negated: bool = False
) -> Comparison:
    """Compare σ(wᵀx + b) with class 2 of the softmax rows ``W`` ``(2, D)``, ``bW`` ``(2,)`` at the rows of ``X``.

    A model predicts class 2 where its score is > 0: z = wᵀx + b for the logistic model,
    z₂ − z₁ for the softmax (z₁ − z₂ with ``negated``, the e^{−z} convention).
    Computed in floating point, two equal scores can differ by rounding, of order
    ε·(Σ|terms|); so a point counts as a disagreement only when the labels differ and
    the scores are not both within ``ROUNDING`` times that size of 0.
    """
    W = as_finite("W", W, ndim=2)
    bW = as_finite("bW", bW, ndim=1)
    w = as_finite("w", w, ndim=1)
    b = float(as_finite("b", b, ndim=0))
    X = as_finite("X", X, ndim=2)
    z = X @ w + b
    scores = X @ W.T + bW
    z_soft = scores[:, 1] - scores[:, 0]
    y_hat2 = (negated_softmax if negated else softmax)(scores)[:, 1]
    if negated:
        z_soft = -z_soft
    _, delta = exact_delta(W, bW, w, b, negated=negated)
    size = np.abs(X) @ (np.abs(w) + np.abs(W).sum(axis=0)) + abs(b) + np.abs(bW).sum()
    # Scores below the smallest normal float (2.2e−308) are zero to rounding too: scaling them can underflow.
    tie = np.maximum(ROUNDING * size, np.finfo(np.float64).tiny)
    on_boundary = (np.abs(z) <= tie) & (np.abs(z_soft) <= tie)
    label, label2 = (z > 0).astype(np.int64), (z_soft > 0).astype(np.int64)
    disagree = (label != label2) & ~on_boundary
    y_hat = sigmoid(z)
    gap = sigmoid_gap(z, X @ delta[:-1] + delta[-1])
    # |σ(z) − σ(z')| ≤ |z − z'|/4, plus a few units of rounding from exp and log.
    rounding = float(np.max(tie, initial=0.0)) / 4 + ROUNDING
    return Comparison(
        y_hat=y_hat,
        y_hat2=y_hat2,
        gap=gap,
        label=label,
        label2=label2,
        disagree=disagree,
        agreement=float(1.0 - np.mean(disagree)) if len(disagree) else 1.0,
        max_gap=float(np.max(gap, initial=0.0)),
        rounding=rounding,
    )


def parameter_distance(W: npt.ArrayLike, bW: npt.ArrayLike, w: npt.ArrayLike, b: float) -> float:
    """‖(w, b) − (w₂ − w₁, b₂ − b₁)‖₂: how far a logistic model is from the one equal to the softmax.

    The differences are exact (rational arithmetic), so the distance is 0 only when (w, b) is the softmax's
    difference itself, not merely its rounding (0.3 − 0.1 is not 0.19999999999999998).
    """
    W, bW = as_finite("W", W, ndim=2), as_finite("bW", bW, ndim=1)
    _, delta = exact_delta(W, bW, as_finite("w", w, ndim=1), float(as_finite("b", b, ndim=0)))
    return math.hypot(*delta)  # hypot scales: no overflow or underflow of the squares


def exact_multiple(guess: npt.ArrayLike, W: npt.ArrayLike, bW: npt.ArrayLike) -> Fraction | None:
    """The k with (w, b) = k·(w₂ − w₁, b₂ − b₁) exactly (in rational arithmetic), or None if there is none.

    ``guess`` is (w, b) as one vector ``(D + 1,)``; the differences are taken exactly, so 2.2·(0.3 − 0.1) counts
    only if it is one; ``multiple_of`` answers the question to a tolerance.
    """
    guess = [Fraction(v) for v in as_finite("guess", guess, ndim=1)]
    W, bW = as_finite("W", W, ndim=2), as_finite("bW", bW, ndim=1)
    target = [Fraction(W[1, i]) - Fraction(W[0, i]) for i in range(W.shape[1])] + [Fraction(bW[1]) - Fraction(bW[0])]
    pivot = next((t for t in target if t != 0), None)
    if pivot is None:
        return None
    k = guess[target.index(pivot)] / pivot
    return k if all(g == k * t for g, t in zip(guess, target, strict=True)) else None


def multiple_of(guess: npt.ArrayLike, target: npt.ArrayLike, *, rtol: float = 1e-9) -> float | None:
    """k with guess = k·target (to ``rtol``), or None when ``guess`` is no multiple of ``target``.

    k = guess·target / target·target, the least-squares factor; computed on both vectors
    divided by their largest entry, so squares of entries up to 1e308 do not overflow.
    """
    guess = as_finite("guess", guess, ndim=1)
    target = as_finite("target", target, ndim=1)
    g_scale, t_scale = np.max(np.abs(guess), initial=0.0), np.max(np.abs(target), initial=0.0)
    if t_scale == 0.0 or g_scale == 0.0:
        return None
    g, t = guess / g_scale, target / t_scale
    k = float(g @ t / (t @ t))
    if np.linalg.norm(g - k * t) > rtol * np.linalg.norm(g):
        return None
    return k * float(g_scale / t_scale)


def boundary_segment(
    w: npt.ArrayLike, b: float, xlim: tuple[float, float], ylim: tuple[float, float]
) -> np.ndarray | None:
    """The two ends ``(2, 2)`` of the line wᵀx + b = 0 inside the box, or None if it misses the box.

    The line is p + t·d with p = −b·w/‖w‖² (its point nearest the origin) and d ⟂ w;
    clipping t to each side of the box gives the ends. w and b are first divided by
    max|wᵢ|, which leaves the line unchanged and keeps ‖w‖² from overflowing or underflowing.
    """
    w = as_finite("w", w, ndim=1)
    scale = np.max(np.abs(w), initial=0.0)
    if scale == 0.0:
        return None
    # Quotients beyond 1e308 become ±inf, which is right: such a line, or such a crossing, is far outside the box.
    with np.errstate(over="ignore"):
        w, b = w / scale, float(b) / scale
        if not np.isfinite(b):
            return None
        p = -b * w / (w @ w)
        d = np.array([-w[1], w[0]])
        lo, hi = -np.inf, np.inf
        for axis, (low, high) in enumerate((xlim, ylim)):
            if d[axis] == 0.0:
                if not low <= p[axis] <= high:
                    return None
                continue
            t1, t2 = sorted(((low - p[axis]) / d[axis], (high - p[axis]) / d[axis]))
            lo, hi = max(lo, t1), min(hi, t2)
    if lo > hi:
        return None
    return np.array([p + lo * d, p + hi * d])


def along_w(
    w: npt.ArrayLike, b: float, xlim: tuple[float, float], ylim: tuple[float, float], *, resolution: int = 161
) -> tuple[np.ndarray, np.ndarray] | None:
    """Points x = t·w/‖w‖ through the origin, out to the box's farthest corner, and their scores z = wᵀx + b.

    Returns ``(X, z)`` with z = ‖w‖·t + b increasing, or None when w = 0 and the score has no direction.
    """
    w = as_finite("w", w, ndim=1)
    scale = np.max(np.abs(w), initial=0.0)
    if scale == 0.0:
        return None
    unit = (w / scale) / np.linalg.norm(w / scale)
    reach = np.hypot(max(map(abs, xlim)), max(map(abs, ylim)))
    X = np.linspace(-reach, reach, resolution)[:, None] * unit
    return X, X @ w + float(b)


def scaled_logistic(W: npt.ArrayLike, bW: npt.ArrayLike, k: float) -> tuple[np.ndarray, float]:
    """(k·(w₂ − w₁), k·(b₂ − b₁)): for k > 0 the same boundary, with probabilities σ(k·z)."""
    w, b = logistic_from_softmax(W, bW)
    return k * w, k * b


def shift_rows(W: npt.ArrayLike, bW: npt.ArrayLike, c: npt.ArrayLike, c_b: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows (w₁ + c, w₂ + c) and biases (b₁ + c_b, b₂ + c_b): every score gains the same cᵀx + c_b."""
    return as_finite("W", W, ndim=2) + as_finite("c", c, ndim=1), as_finite("bW", bW, ndim=1) + float(c_b)


# A few fixed inputs, named so the page can point at them.
SAMPLE_POINTS = np.array([[-3.0, 2.5], [-1.5, -2.5], [0.5, 1.0], [2.5, -1.5], [3.0, 3.0]])
SAMPLE_NAMES = ("A", "B", "C", "D", "E")
