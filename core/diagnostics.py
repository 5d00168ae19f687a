"""What a gradient-descent run did, and where each step came from: the pulls (ŷᵢ − yᵢ)xᵢ."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.activations import softmax
from core.descent import Trajectory, gradient_descent, logistic_gradient_descent
from core.equivalence import logistic_from_softmax
from core.losses import cross_entropy, cross_entropy_grad, softmax_jacobian
from core.numeric import numerical_gradient
from core.validation import as_finite, as_labels, one_hot

# The gradient counts as zero below this fraction of the mean input size ‖[xᵢ, 1]‖.
CONVERGED_GRADIENT = 1e-3
# A separated run has a mean loss below this (every point's own-class probability ≳ 0.95).
SEPARATED_LOSS = 0.05
# Loss rises smaller than this (relative) are rounding, not overshooting.
_RISE = 1e-9


def start_weights(init: str, *, classes: int, dims: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``W0`` ``(K, D)`` and ``b0`` ``(K,)``: zeros, or N(0, 0.5²) entries from ``seed`` for ``init="random"``.

    Zeros make a shared link reproduce the run exactly; a random start depends only on the seed.
    """
    if init == "zeros":
        return np.zeros((classes, dims)), np.zeros(classes)
    if init != "random":
        raise ValueError(f"init must be 'zeros' or 'random', got {init!r}")
    theta = 0.5 * np.random.default_rng(seed).standard_normal((classes, dims + 1))
    return theta[:, :dims].copy(), theta[:, dims].copy()


@dataclass(frozen=True)
class StepPulls:
    """Point i's pull on ``[W b]`` at one state: Pᵢ = (ŷᵢ − yᵢ) ⊗ [xᵢ, 1] / N; Σᵢ Pᵢ is ∇L̄.

    ``y_hat`` ``(N, K)`` is ŷ, ``residual`` ŷ − y, ``pulls`` ``(N, K, D+1)``, ``gradient`` ``(K, D+1)``;
    the last column of each is the bias. A step moves ``[W b]`` by −η·``gradient``.
    """

    y_hat: np.ndarray
    residual: np.ndarray
    pulls: np.ndarray
    gradient: np.ndarray

    @property
    def sizes(self) -> np.ndarray:
        """‖Pᵢ‖ for every point (Frobenius norm over classes and inputs)."""
        return np.sqrt((self.pulls**2).sum(axis=(1, 2)))

    def largest(self, count: int) -> np.ndarray:
        """Indices of the ``count`` points with the largest pulls, largest first (ties by index)."""
        return np.argsort(-self.sizes, kind="stable")[:count]


def step_pulls(X: npt.ArrayLike, y: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike) -> StepPulls:
    """Pᵢ = (ŷᵢ − yᵢ) ⊗ [xᵢ, 1] / N with ŷᵢ = softmax(Wxᵢ + b), for every point i."""
    X = as_finite("X", X, ndim=2)
    W = as_finite("W", W, ndim=2)
    z = X @ W.T + as_finite("b", b, ndim=1)
    residual = cross_entropy_grad(z, y)  # dL/dz = y_hat - y
    Xa = np.hstack([X, np.ones((X.shape[0], 1))])
    pulls = residual[:, :, None] * Xa[:, None, :] / X.shape[0]
    return StepPulls(y_hat=softmax(z), residual=residual, pulls=pulls, gradient=pulls.sum(axis=0))


@dataclass(frozen=True)
class Diagnosis:
    """How a run ended, in one word (``verdict``) and one plain sentence (``reason``), with the numbers.

    ``verdict`` is ``"diverged"`` (overflowed, ended worse than it started, or keeps
    overshooting), ``"converged"`` (gradient ≈ 0 with every point on its side),
    ``"not_separable"`` (gradient ≈ 0 while the loss stays up) or ``"improving"``.
    """

    verdict: str
    reason: str
    steps: int
    loss_start: float
    loss_end: float
    loss_min: float
    accuracy_end: float
    gradient_norm: float
    gradient_scale: float
    rises: float
    recent_drop: float
    overflowed: bool


def _rise_fraction(loss: np.ndarray) -> float:
    """Share of steps, in the last half of the run, on which the loss went up."""
    tail = loss[loss.shape[0] // 2 :]
    if tail.shape[0] < 2:
        return 0.0
    return float(np.mean(np.diff(tail) > _RISE * (1.0 + np.abs(tail[:-1]))))


def diagnose(run: Trajectory, X: npt.ArrayLike, y: npt.ArrayLike, requested_steps: int) -> Diagnosis:
    """Classify how ``run`` (on points ``X``, labels ``y``) ended, from its loss curve and final gradient.

    A zero gradient of the convex mean cross-entropy is its minimum. If a line put every point
    on its own side, scaling the weights up would push the loss towards 0 and no finite
    minimum would exist; so a zero gradient with the loss still up means no line separates the classes.
    """
    X = as_finite("X", X, ndim=2)
    final = step_pulls(X, y, run.W[-1], run.b[-1])
    gradient_norm = float(np.linalg.norm(final.gradient))
    scale = float(np.linalg.norm(np.hstack([X, np.ones((X.shape[0], 1))]), axis=1).mean())
    loss = run.loss
    numbers = {
        "steps": run.steps,
        "loss_start": float(loss[0]),
        "loss_end": float(loss[-1]),
        "loss_min": float(loss.min()),
        "accuracy_end": float(run.accuracy[-1]),
        "gradient_norm": gradient_norm,
        "gradient_scale": scale,
        "rises": _rise_fraction(loss),
        "recent_drop": float(loss[-1 - max(1, run.steps // 10)] - loss[-1]) if run.steps else 0.0,
        "overflowed": run.overflowed,
    }
    verdict, reason = _verdict(requested_steps=requested_steps, **numbers)
    return Diagnosis(verdict=verdict, reason=reason, **numbers)


def _verdict(
    *,
    steps: int,
    requested_steps: int,
    loss_start: float,
    loss_end: float,
    loss_min: float,
    accuracy_end: float,
    gradient_norm: float,
    gradient_scale: float,
    rises: float,
    recent_drop: float,
    overflowed: bool,
) -> tuple[str, str]:
    accuracy = f"{accuracy_end:.0%} of points are classified correctly"
    if overflowed:
        return "diverged", (
            f"The weights grew past what a computer can store at step {steps + 1} of {requested_steps}, so the run "
            f"stops at step {steps}: the learning rate is far too large. Try a smaller η."
        )
    if loss_end > loss_start + _RISE * (1.0 + loss_start):
        return "diverged", (
            f"The loss rose from {loss_start:.3g} to {loss_end:.3g}: each step overshoots the minimum and lands "
            "higher up the other side. The learning rate is too large; try a smaller η."
        )
    if rises >= 0.2 and loss_end > loss_min * 1.01 + 1e-6:
        return "diverged", (
            f"The loss went up on {rises:.0%} of the later steps and ends at {loss_end:.3g}, above its best "
            f"{loss_min:.3g}: the steps bounce across the valley instead of settling. Try a smaller η."
        )
    if gradient_norm < CONVERGED_GRADIENT * gradient_scale:
        if accuracy_end == 1.0 and loss_end < SEPARATED_LOSS:
            return "converged", (
                f"Converged: the gradient is down to {gradient_norm:.2g} and {accuracy}. The loss ({loss_end:.3g}) "
                "keeps creeping towards 0, which it reaches only as the weights grow without bound."
            )
        return "not_separable", (
            f"Stuck at the best a line can do: the gradient is ≈ 0 ({gradient_norm:.2g}) yet the loss stays at "
            f"{loss_end:.3g} and {accuracy}. The points' pulls cancel out; if a line could "
            "separate the classes, growing the weights would keep lowering the loss, so no line separates them."
        )
    return "improving", (
        f"Still improving: the loss fell by {recent_drop:.3g} over the last tenth of the run (now {loss_end:.3g}, "
        f"gradient {gradient_norm:.2g}) and {accuracy}. More steps or a larger η would take it further."
    )


@dataclass(frozen=True)
class ChainRule:
    """∂L/∂z for L = −Σₖ yₖ log ŷₖ through the softmax: ∂L/∂ŷ = −y/ŷ, then (∂L/∂ŷ)ᵀJ = ŷ − y."""

    y_hat: np.ndarray
    jacobian: np.ndarray
    dloss_dyhat: np.ndarray
    chain: np.ndarray
    shortcut: np.ndarray

    @property
    def gap(self) -> float:
        """max |−(y/ŷ)ᵀJ − (ŷ − y)|: zero but for rounding."""
        return float(np.abs(self.chain - self.shortcut).max())


def chain_rule(z: npt.ArrayLike, target: int) -> ChainRule:
    """The gradient of −log softmax(z)[target] two ways: −(y/ŷ)ᵀJ with J = diag(ŷ) − ŷŷᵀ, and ŷ − y."""
    z = as_finite("z", z, ndim=1)
    y = one_hot(as_labels("target", np.array([target]), classes=z.shape[0], length=1), z.shape[0])[0]
    y_hat = softmax(z)
    dloss_dyhat = -y / y_hat  # dL/dy_hat = -y / y_hat
    jacobian = softmax_jacobian(z)
    return ChainRule(
        y_hat=y_hat,
        jacobian=jacobian,
        dloss_dyhat=dloss_dyhat,
        chain=dloss_dyhat @ jacobian,
        shortcut=cross_entropy_grad(z[None, :], [target])[0],
    )


# Step sizes for the finite-difference check, half a decade apart.
H_VALUES = tuple(float(10.0**e) for e in np.arange(-12.0, 0.5, 0.5))


def finite_difference_error(z: npt.ArrayLike, target: int, h: float) -> tuple[np.ndarray, float]:
    """Central differences of L(z) = −log softmax(z)[target] with step ``h``, and max |difference − (ŷ − y)|.

    The truncation error falls like h² as h shrinks; the round-off error grows like ε/h.
    """
    z = as_finite("z", z, ndim=1)
    estimate = numerical_gradient(lambda v: cross_entropy(v[None, :], [target]), z, h=h)
    return estimate, float(np.abs(estimate - cross_entropy_grad(z[None, :], [target])[0]).max())


def finite_difference_sweep(z: npt.ArrayLike, target: int, hs: npt.ArrayLike = H_VALUES) -> np.ndarray:
    """max |central difference − (ŷ − y)| for every step size in ``hs``: the V of truncation against round-off."""
    return np.array([finite_difference_error(z, target, h)[1] for h in np.asarray(hs, dtype=np.float64)])


@dataclass(frozen=True)
class TwoClassCheck:
    """Two-class softmax at rate η beside logistic regression at rate 2η, from equivalent starts.

    ``difference`` ``(T+1, D+1)`` is [w₂ − w₁, b₂ − b₁] of the softmax run, ``logistic``
    the logistic run's [w, b], ``total`` [w₁ + w₂, b₁ + b₂]; ``max_gap`` is the largest
    |difference − logistic| and ``max_drift`` the largest change of ``total`` from its start.
    """

    difference: np.ndarray
    logistic: np.ndarray
    total: np.ndarray
    max_gap: float
    max_drift: float


def compare_with_logistic(
    X: npt.ArrayLike, y: npt.ArrayLike, W0: npt.ArrayLike, b0: npt.ArrayLike, lr: float, steps: int
) -> TwoClassCheck:
    """Run softmax (K = 2) at η and logistic regression at 2η from w = w₂ − w₁, b = b₂ − b₁.

    Each row of ŷ − y sums to 0, so the two rows move by equal and opposite amounts:
    w₁ + w₂ never changes and w₂ − w₁ moves by 2η(ŷ₂ − y₂)x per point, the logistic step at 2η.
    """
    softmax_run = gradient_descent(X, y, W0, b0, lr, steps)
    w0, c0 = logistic_from_softmax(W0, b0)
    logistic_run = logistic_gradient_descent(X, y, w0, c0, 2 * lr, steps)
    keep = min(softmax_run.steps, logistic_run.loss.shape[0] - 1) + 1  # either may stop early on overflow
    theta = np.concatenate([softmax_run.W, softmax_run.b[:, :, None]], axis=2)[:keep]
    difference = theta[:, 1] - theta[:, 0]
    total = theta[:, 0] + theta[:, 1]
    logistic = np.column_stack([logistic_run.w, logistic_run.b])[:keep]
    return TwoClassCheck(
        difference=difference,
        logistic=logistic,
        total=total,
        max_gap=float(np.abs(difference - logistic).max()),
        max_drift=float(np.abs(total - total[0]).max()),
    )
