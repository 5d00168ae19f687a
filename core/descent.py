"""Full-batch gradient descent on the mean cross-entropy: W ← W − η (ŷ − Y)ᵀX / N."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.activations import TIE, drift_factor, sigmoid, step_reach
from core.losses import binary_terms
from core.validation import as_finite, as_labels, one_hot, positive, positive_int


@dataclass(frozen=True)
class Trajectory:
    """States 0..T of a run; index 0 is the start.

    ``W`` ``(T+1, K, D)``, ``b`` ``(T+1, K)``, ``loss`` and ``accuracy`` ``(T+1,)``.
    T equals the requested steps unless the weights overflowed: then the run stops
    at the last finite state and ``overflowed`` is True.
    """

    W: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    overflowed: bool = False

    @property
    def steps(self) -> int:
        return self.loss.shape[0] - 1


@dataclass(frozen=True)
class LogisticTrajectory:
    """States 0..T of logistic regression: ``w`` ``(T+1, D)``, ``b`` ``(T+1,)``, ``loss`` ``(T+1,)``."""

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    overflowed: bool = False


def _with_bias_column(X: np.ndarray) -> np.ndarray:
    return np.hstack([X, np.ones((X.shape[0], 1))])


def _finite_prefix(*arrays: np.ndarray) -> int:
    """Number of leading states in which every array is finite."""
    ok = np.ones(arrays[0].shape[0], dtype=bool)
    for arr in arrays:
        ok &= np.isfinite(arr.reshape(arr.shape[0], -1)).all(axis=1)
    return int(np.argmin(ok)) if not ok.all() else ok.shape[0]


def gradient_descent(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    W0: npt.ArrayLike,
    b0: npt.ArrayLike,
    lr: float,
    steps: int,
) -> Trajectory:
    """Softmax regression by full-batch gradient descent on the mean cross-entropy.

    Each step, with ŷ = softmax(XWᵀ + b) and one-hot Y:
    W ← W − η (ŷ − Y)ᵀX / N,  b ← b − η mean(ŷ − Y).
    Every state's loss is the mean of logsumexp(z) − z_y over the points, computed from the
    max-shifted logits; its accuracy is the share of points whose label's logit is the largest by more than rounding
    (``predicted_classes`` with ``score_rounding`` after t steps at η: a tie, as everywhere at a zero start, predicts
    no class and is not right).

    ``X`` ``(N, D)``, integer labels ``y`` ``(N,)`` in 0..K−1, ``W0`` ``(K, D)``, ``b0`` ``(K,)``.
    """
    X = as_finite("X", X, ndim=2)
    W0 = as_finite("W0", W0, ndim=2)
    n, d = X.shape
    k = W0.shape[0]
    if W0.shape[1] != d:
        raise ValueError(f"W0 must have shape (K, {d}) to match X, got {W0.shape}")
    b0 = as_finite("b0", b0, ndim=1)
    if b0.shape != (k,):
        raise ValueError(f"b0 must have shape ({k},), got {b0.shape}")
    if n == 0:
        raise ValueError("X must contain at least one point")
    y = as_labels("y", y, classes=k, length=n)
    lr = positive("lr", lr)
    steps = positive_int("steps", steps)

    Xa = _with_bias_column(X)  # the bias is the weight of a constant-1 input
    # Logits class-major, (K, N): reductions over the K classes run along contiguous rows.
    Xt = np.ascontiguousarray(Xa.T)
    sizes = np.abs(Xt)
    reach = step_reach(X, X)
    Yt = one_hot(y, k).T.copy()
    thetas = np.empty((steps + 1, k, d + 1))
    thetas[0] = np.hstack([W0, b0[:, None]])
    loss, accuracy = np.empty(steps + 1), np.empty(steps + 1)
    points = np.arange(n)
    scale = lr / n
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is detected below and reported
        for t in range(steps + 1):
            z = thetas[t] @ Xt  # logits
            top = z.argmax(axis=0)
            z -= z[top, points]
            # predicted_classes' rule with score_rounding's u, on the shifted logits at hand:
            # z_k − z_top ≥ −(u_top + u_k) is z_top − z_k ≤ u_top + u_k to the bit. Right: the label's class predicted.
            u = np.abs(thetas[t]) @ sizes
            u *= TIE
            if t:
                u += drift_factor(lr, t) * reach
            u += u[top, points]
            alone = np.count_nonzero(z >= np.negative(u, out=u), axis=0) == 1
            accuracy[t] = np.count_nonzero((top == y) & alone) / n
            z_true = z[y, points]
            np.exp(z, out=z)
            z[top, points] = 0.0  # the largest term is exactly 1: sum the others for log1p
            others = z.sum(axis=0)
            z[top, points] = 1.0
            total = 1.0 + others
            loss[t] = (np.log1p(others) - z_true).mean()  # logsumexp(z) − z_y, from the shifted logits
            if t == steps:
                break
            z /= total
            z -= Yt  # dL/dz = y_hat - y
            np.subtract(thetas[t], scale * (z @ Xa), out=thetas[t + 1])
    keep = _finite_prefix(thetas, loss)
    return Trajectory(
        W=thetas[:keep, :, :d],
        b=thetas[:keep, :, d],
        loss=loss[:keep],
        accuracy=accuracy[:keep],
        overflowed=keep < steps + 1,
    )


def logistic_gradient_descent(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    w0: npt.ArrayLike,
    b0: float,
    lr: float,
    steps: int,
) -> LogisticTrajectory:
    """Logistic regression by full-batch gradient descent on the mean binary cross-entropy.

    Each step, with ŷ = σ(Xw + b) and labels y ∈ {0, 1}:
    w ← w − η (ŷ − y)ᵀX / N,  b ← b − η mean(ŷ − y).
    """
    X = as_finite("X", X, ndim=2)
    n, d = X.shape
    w0 = as_finite("w0", w0, ndim=1)
    if w0.shape != (d,):
        raise ValueError(f"w0 must have shape ({d},) to match X, got {w0.shape}")
    if n == 0:
        raise ValueError("X must contain at least one point")
    b0 = float(as_finite("b0", b0, ndim=0))
    y = as_labels("y", y, classes=2, length=n).astype(np.float64)
    lr = positive("lr", lr)
    steps = positive_int("steps", steps)

    Xa = _with_bias_column(X)
    thetas = np.empty((steps + 1, d + 1))
    thetas[0] = np.append(w0, b0)
    scale = lr / n
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            g = sigmoid(Xa @ thetas[t]) - y  # dL/dz = sigmoid(z) - y
            np.subtract(thetas[t], scale * (g @ Xa), out=thetas[t + 1])
        loss = np.mean(binary_terms(thetas @ Xa.T, y), axis=1)
    keep = _finite_prefix(thetas, loss)
    return LogisticTrajectory(w=thetas[:keep, :d], b=thetas[:keep, d], loss=loss[:keep], overflowed=keep < steps + 1)
