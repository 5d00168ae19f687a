"""Argument checks that raise ``ValueError`` naming the argument at fault."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def as_finite(name: str, value: npt.ArrayLike, *, ndim: int | None = None) -> np.ndarray:
    """``value`` as a float64 array, checked to be finite (and of ``ndim`` dimensions)."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric") from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must contain only finite numbers (no NaN or infinity)")
    return arr


def as_labels(name: str, value: npt.ArrayLike, *, classes: int, length: int) -> np.ndarray:
    """``value`` as an int64 label vector of ``length`` entries in ``0..classes-1``."""
    arr = np.asarray(value)
    if arr.shape != (length,):
        raise ValueError(f"{name} must have shape ({length},), got {arr.shape}")
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all() or not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must hold whole-number class labels")
    elif arr.dtype.kind not in "iub":
        raise ValueError(f"{name} must hold integer class labels")
    labels = arr.astype(np.int64)
    if length and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"{name} must lie in 0..{classes - 1}")
    return labels


def as_targets(name: str, y: npt.ArrayLike, *, classes: int, length: int) -> np.ndarray:
    """Integer labels ``(N,)`` or probability rows ``(N, K)`` as a float64 ``(N, K)`` target matrix."""
    arr = np.asarray(y)
    if arr.ndim == 2:
        targets = as_finite(name, arr, ndim=2)
        if targets.shape != (length, classes):
            raise ValueError(f"{name} must have shape ({length}, {classes}), got {targets.shape}")
        if (targets < 0).any() or not np.allclose(targets.sum(axis=1), 1.0):
            raise ValueError(f"{name} rows must be probabilities that sum to 1")
        return targets
    return one_hot(as_labels(name, arr, classes=classes, length=length), classes)


def one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    """``Y[i, k] = 1`` if ``labels[i] == k`` else 0."""
    Y = np.zeros((labels.shape[0], classes))
    Y[np.arange(labels.shape[0]), labels] = 1.0
    return Y


def positive(name: str, value: float) -> float:
    """``value`` as a float, checked to be finite and > 0."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a positive number")
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a positive number") from exc
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return number


def positive_int(name: str, value: int) -> int:
    """``value`` as an int, checked to be a whole number ≥ 1."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number ≥ 1, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be ≥ 1, got {value}")
    return int(value)
