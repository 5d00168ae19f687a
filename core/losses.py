"""Cross-entropy computed from logits, and its gradient ŷ − y."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from core.activations import log_softmax, logsumexp, softmax
from core.validation import as_finite, as_labels, as_targets


def _logits_and_targets(logits: npt.ArrayLike, y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    z = as_finite("logits", logits, ndim=2)
    return z, as_targets("y", y, classes=z.shape[1], length=z.shape[0])


def cross_entropy(logits: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """L = −(1/N) Σₙ Σₖ yₙₖ log softmax(zₙ)ₖ, from the logits ``z`` ``(N, K)``.

    ``y`` is integer labels ``(N,)`` or probability rows ``(N, K)``.
    Working from logits keeps the loss finite where ``log(softmax(z))`` would be −inf.

    >>> round(cross_entropy([[0.0, 0.0]], [1]), 6)  # log 2
    0.693147
    """
    z, Y = _logits_and_targets(logits, y)
    log_p = log_softmax(z)
    # Targets of 0 contribute 0 even where log ŷ is −inf (0·log 0 = 0).
    terms = np.multiply(Y, log_p, out=np.zeros_like(log_p), where=Y > 0)
    return float(-terms.sum() / z.shape[0])


def cross_entropy_grad(logits: npt.ArrayLike, y: npt.ArrayLike) -> np.ndarray:
    """∂Lₙ/∂zₙ = softmax(zₙ) − yₙ for each row: the gradient of sample n's own loss.

    Through the softmax Jacobian ∂ŷᵢ/∂zₖ = ŷᵢ(δᵢₖ − ŷₖ):
    ∂L/∂zₖ = −Σᵢ (yᵢ/ŷᵢ) ŷᵢ(δᵢₖ − ŷₖ) = −yₖ + ŷₖ Σᵢ yᵢ, which is ŷₖ − yₖ when the row of y sums to 1;
    a probability row that sums to 1 only within rounding keeps its (Σᵢ yᵢ) factor.
    Divide by N for the gradient of the mean loss.
    """
    z, Y = _logits_and_targets(logits, y)
    return softmax(z) * Y.sum(axis=1, keepdims=True) - Y  # dL/dz = (Σy) softmax(z) - y = y_hat - y


def softmax_jacobian(z: npt.ArrayLike) -> np.ndarray:
    """J = diag(ŷ) − ŷŷᵀ for one logit vector ``z`` ``(K,)``: Jᵢₖ = ∂ŷᵢ/∂zₖ = ŷᵢ(δᵢₖ − ŷₖ)."""
    y_hat = softmax(as_finite("z", z, ndim=1))
    return np.diag(y_hat) - np.outer(y_hat, y_hat)


def binary_cross_entropy(z: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """L = (1/N) Σ [y log(1 + e^{−z}) + (1 − y) log(1 + e^{z})] = mean of −y log σ(z) − (1−y) log(1−σ(z)).

    From logits, and without the cancellation of log(1 + e^{z}) − yz, which gives 0 at z = 40, y = 1
    where the loss is 4.2e−18.
    """
    z = as_finite("z", z, ndim=1)
    y = as_finite("y", y, ndim=1)
    return float(np.mean(binary_terms(z, y)))


def binary_terms(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """y log(1 + e^{−z}) + (1 − y) log(1 + e^{z}), elementwise: each sample's binary cross-entropy."""
    return y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)


def log_cross_entropy(logits: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """log L̄ = log Σₙ ℓₙ − log N with ℓₙ = log(1 + e^{aₙ}), aₙ = log Σ_{k≠yₙ} e^{zₙₖ − zₙ,yₙ}, for int labels ``y``.

    Where every point is right by a wide margin, L̄ is below the smallest float64 and ``cross_entropy`` gives 0;
    its logarithm is an ordinary number: for a margin of 5·10¹¹, log L̄ = −5·10¹¹. For aₙ ≪ 0,
    log ℓₙ = aₙ + log(1 − e^{aₙ}/2 + …), so below −30 it is aₙ − e^{aₙ}/2 to float64's precision.

    >>> float(log_cross_entropy([[0.0, 5e11], [5e11, 0.0]], [1, 0]))
    -500000000000.0
    """
    z = as_finite("logits", logits, ndim=2)
    labels = as_labels("y", y, classes=z.shape[1], length=z.shape[0])
    rows = np.arange(z.shape[0])
    beside = z - z[rows, labels][:, None]
    beside[rows, labels] = -np.inf  # the other classes only
    a = logsumexp(beside)
    with np.errstate(divide="ignore"):  # a = −inf (one class) gives ℓ = 0, log ℓ = −inf
        small, large = np.minimum(a, -30.0), np.maximum(a, -30.0)
        log_terms = np.where(a < -30.0, small - np.exp(small) / 2, np.log(np.logaddexp(0.0, large)))
    return float(logsumexp(log_terms) - np.log(z.shape[0]))
