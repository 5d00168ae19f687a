"""When a logistic classifier and a two-class softmax classifier agree."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

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
