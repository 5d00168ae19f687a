"""Exact checks of the certificates behind each answer about separability, in integers on the given float64 values.

A float64 is m·2ᵉ with an integer m, so an array scaled by one power of two is an array of Python ints, and sums
of products of them are exact. Write a_{ik} = (e_{yᵢ} − eₖ) ⊗ [xᵢ, 1] for point i and rival class k ≠ yᵢ, so that
a_{ik}·vec([W b]) = (w_{yᵢ} − wₖ)·xᵢ + b_{yᵢ} − bₖ. Two theorems of the alternative split every data set:

Gordan: either some θ has every a_{ik}·θ > 0 (``separates``), or some λ ≥ 0, not all 0, has Σ λ_{ik} a_{ik} = 0
(``rules_out``); never both, since λ·(Aθ) would be both > 0 and 0.

Stiemke: either some θ has every a_{ik}·θ ≥ 0 and one > 0 (``descends``: along θ no point's loss rises and one
falls, for ever), or some λ > 0 on every row has Σ λ_{ik} a_{ik} = 0 (``pins``: every direction that lowers one
point's loss raises another's, so the mean cross-entropy has a minimiser); never both.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np
import numpy.typing as npt


def dyadic(a: npt.ArrayLike) -> tuple[np.ndarray, int]:
    """``a`` = M·2ᵉ exactly: M an object array of Python ints of ``a``'s shape, e one exponent for all of it.

    >>> dyadic([0.75, -2.0, 0.0])
    (array([3, -8, 0], dtype=object), -2)
    """
    a = np.asarray(a, dtype=np.float64)
    mantissa, exponent = np.frexp(a)  # a = mantissa·2^exponent with 0.5 ≤ |mantissa| < 1: 53 bits
    m = (mantissa * 2.0**53).astype(np.int64).ravel()
    e = exponent.astype(np.int64).ravel() - 53
    nonzero = m != 0
    if not nonzero.any():
        return np.zeros(a.shape, dtype=object), 0
    twos = np.zeros_like(m)
    twos[nonzero] = np.log2(np.abs(m[nonzero]) & -np.abs(m[nonzero])).astype(np.int64)  # trailing zero bits
    low = int((e + twos)[nonzero].min())
    shift = np.where(nonzero, e - low, 0).tolist()
    ints = [int(v) << s if s >= 0 else int(v) >> -s for v, s in zip(m.tolist(), shift, strict=True)]
    return np.array(ints, dtype=object).reshape(a.shape), low


def integers(a: npt.ArrayLike) -> np.ndarray:
    """``a`` (floats, or an object array of Fractions) times one positive number, as Python ints: signs, zeros and
    ratios kept."""
    arr = np.asarray(a)
    if arr.dtype != object:
        return dyadic(arr)[0]
    values = [v if isinstance(v, int) else Fraction(v) for v in arr.ravel()]  # ints (most of them) stay as they are
    common = lcm(*(v.denominator for v in values if not isinstance(v, int)))
    return np.array(
        [v * common if isinstance(v, int) else v.numerator * (common // v.denominator) for v in values], dtype=object
    ).reshape(arr.shape)


def augmented(X: npt.ArrayLike) -> np.ndarray:
    """[X 1] as exact integers (one common power of two dropped: it changes no sign and no zero)."""
    X = np.asarray(X, dtype=np.float64)
    return dyadic(np.hstack([X, np.ones((X.shape[0], 1))]))[0]


def margins(X: npt.ArrayLike, y: npt.ArrayLike, theta: npt.ArrayLike) -> np.ndarray:
    """a_{ik}·θ = (θ_{yᵢ} − θₖ)·[xᵢ, 1] exactly, for θ = [W b] ``(K, D+1)``, times one positive number: ``(N, K)``
    Python ints, 0 in each point's own column."""
    y = np.asarray(y, dtype=np.int64)
    z = augmented(X).dot(integers(theta).T)
    return z[np.arange(y.shape[0]), y][:, None] - z


def _fits(X: np.ndarray, y: np.ndarray, theta: np.ndarray) -> bool:
    """Whether θ ``(K, D+1)`` and the labels fit the points: shapes, labels in 0..K−1, finite entries."""
    if X.ndim != 2 or y.shape != (X.shape[0],) or theta.ndim != 2 or theta.shape[1] != X.shape[1] + 1:
        return False
    if y.size and (y.min() < 0 or y.max() >= theta.shape[0]):
        return False
    return theta.dtype == object or bool(np.isfinite(theta).all())


def separates(X: npt.ArrayLike, y: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike) -> bool:
    """(w_{yᵢ} − wₖ)·xᵢ + (b_{yᵢ} − bₖ) > 0 for every point i and class k ≠ yᵢ, decided exactly.

    The float64 values of X, and W and b (floats, or object arrays of Fractions), are taken as the rationals
    they are; nothing is rounded.

    >>> separates([[0.0], [1.0]], [0, 1], [[0.0], [1.0]], [0.5, 0.0])
    True
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)
    W, b = _exact_or_float(W), _exact_or_float(b)
    if W.ndim != 2 or b.shape != (W.shape[0],):
        return False
    exact = object in (W.dtype, b.dtype)
    theta = np.hstack([W.astype(object), b.astype(object)[:, None]]) if exact else np.hstack([W, b[:, None]])
    if not _fits(X, y, theta):
        return False
    rival = np.ones((y.shape[0], theta.shape[0]), dtype=bool)
    rival[np.arange(y.shape[0]), y] = False
    return bool(np.all(np.asarray(margins(X, y, theta) > 0, dtype=bool) | ~rival))


def _exact_or_float(a: npt.ArrayLike) -> np.ndarray:
    """An object array as it is (Fractions), anything else as float64."""
    arr = np.asarray(a)
    return arr if arr.dtype == object else arr.astype(np.float64)


def descends(X: npt.ArrayLike, y: npt.ArrayLike, theta: npt.ArrayLike) -> bool:
    """a_{ik}·θ ≥ 0 for every point i and rival k, and > 0 for one, exactly: θ = [V c] ``(K, D+1)`` (floats or
    Fractions) lowers that point's loss and raises none, so the loss's infimum is approached only at infinity.

    >>> descends([[0.0], [0.0]], [0, 1], [[0.0, 0.0], [0.0, 0.0]])
    False
    """
    X, y, theta = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64), _exact_or_float(theta)
    if not _fits(X, y, theta):
        return False
    rival = np.ones((y.shape[0], theta.shape[0]), dtype=bool)
    rival[np.arange(y.shape[0]), y] = False
    m = margins(X, y, theta)[rival]
    return bool(np.all(np.asarray(m >= 0, dtype=bool))) and bool(np.any(np.asarray(m > 0, dtype=bool)))


def combination(X: npt.ArrayLike, y: npt.ArrayLike, lam: npt.ArrayLike) -> np.ndarray:
    """Σ λ_{ik} (e_{yᵢ} − eₖ) ⊗ [xᵢ, 1] exactly, times one positive number: ``(K, D+1)`` Python ints.

    ``lam`` is ``(N, K)`` (Fractions, ints or floats), λ_{ik} for point i and class k; each point's own entry is
    ignored. The positive number is the same for every ``lam`` of ints on the same points.
    """
    y, L = np.asarray(y, dtype=np.int64), np.asarray(lam)
    rival = np.ones(L.shape, dtype=bool)
    rival[np.arange(y.shape[0]), y] = False
    points, rivals = np.nonzero(rival & np.asarray(L != 0, dtype=bool))
    values = integers(L[points, rivals])
    ints = augmented(X)
    total = np.zeros((L.shape[1], ints.shape[1]), dtype=object)
    for c in range(L.shape[1]):
        against, own = rivals == c, y[points] == c
        total[c] += values[own].dot(ints[points[own]]) - values[against].dot(ints[points[against]])
    return total


def _multipliers_fit(X: np.ndarray, y: np.ndarray, lam: np.ndarray) -> tuple[int, int] | None:
    """(how many of λ's rival entries are < 0, how many are > 0) if λ is ``(N, K)`` with labels in 0..K−1 and
    finite, else None."""
    if lam.ndim != 2 or lam.shape[0] != y.shape[0] or X.ndim != 2 or X.shape[0] != y.shape[0]:
        return None
    if y.size and (y.min() < 0 or y.max() >= lam.shape[1]):
        return None
    if lam.dtype != object and not np.isfinite(lam).all():
        return None
    rival = np.ones(lam.shape, dtype=bool)
    rival[np.arange(y.shape[0]), y] = False
    nonzero = np.asarray(lam != 0, dtype=bool) & rival
    positive = int(np.count_nonzero(np.asarray(lam[nonzero] > 0, dtype=bool)))
    return int(np.count_nonzero(nonzero)) - positive, positive


def rules_out(X: npt.ArrayLike, y: npt.ArrayLike, lam: npt.ArrayLike) -> bool:
    """λ ≥ 0 ``(N, K)``, not all 0 off each point's own class, with Σ λ_{ik} a_{ik} = 0 exactly: then no (W, b)
    separates the points (Gordan).

    >>> rules_out([[1.0], [1.0]], [0, 1], [[0, 1], [1, 0]])
    True
    """
    X, y, lam = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64), np.asarray(lam)
    counts = _multipliers_fit(X, y, lam)
    if counts is None or counts[0] > 0 or counts[1] == 0:  # some λ < 0, or none > 0
        return False
    return not np.any(combination(X, y, lam) != 0)


def pins(X: npt.ArrayLike, y: npt.ArrayLike, lam: npt.ArrayLike) -> bool:
    """λ > 0 on every point i and rival k, with Σ λ_{ik} a_{ik} = 0 exactly: then every θ with some a_{ik}·θ > 0
    has another < 0, and the mean cross-entropy reaches its infimum at finite weights (Stiemke).

    >>> pins([[1.0], [1.0]], [0, 1], [[0, 1], [1, 0]])
    True
    """
    X, y, lam = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64), np.asarray(lam)
    counts = _multipliers_fit(X, y, lam)
    if counts is None or counts[0] > 0 or counts[1] < y.shape[0] * (lam.shape[1] - 1):  # some λ ≤ 0
        return False
    return not np.any(combination(X, y, lam) != 0)
