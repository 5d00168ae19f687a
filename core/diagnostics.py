"""What a gradient-descent run did, and where each step came from: the pulls (ŷᵢ − yᵢ)xᵢ."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.activations import predicted_classes, softmax
from core.descent import Trajectory, gradient_descent, logistic_gradient_descent
from core.equivalence import logistic_from_softmax
from core.losses import cross_entropy, cross_entropy_grad, softmax_jacobian
from core.numeric import numerical_gradient
from core.separability import separation
from core.validation import as_finite, as_labels, one_hot

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
    predicted: np.ndarray  # each point's predicted class, −1 for a tie (``predicted_classes``)

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
    return StepPulls(
        y_hat=softmax(z), residual=residual, pulls=pulls, gradient=pulls.sum(axis=0), predicted=predicted_classes(z)
    )


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless n is 1.

    >>> counted(0, "step"), counted(1, "step"), counted(2, "step")
    ('0 steps', '1 step', '2 steps')
    """
    return f"{n} {noun}" + ("" if n == 1 else "s")


@dataclass(frozen=True)
class Diagnosis:
    """How a run ended, in one word (``verdict``) and one plain sentence (``reason``), with the numbers.

    ``verdict`` is ``"diverged"`` (overflowed, ended worse than it started, or keeps overshooting),
    ``"unsteady"`` (the loss rose somewhere in the last tenth), ``"separable"`` (every point right on data
    that linear scores separate: the loss falls towards 0 only as the weights grow), ``"not_separable"``
    (at the best cross-entropy of data they cannot separate) or ``"improving"`` (still falling towards
    its best). ``correct`` of ``points`` are classified right at the end; the loss rose on ``rises`` of the
    ``later`` steps (the last half); ``best_loss`` is the infimum of the loss (``core.separability``).
    """

    verdict: str
    reason: str
    steps: int
    loss_start: float
    loss_end: float
    loss_min: float
    correct: int
    points: int
    gradient_norm: float
    weight_norm: float
    rises: int
    later: int
    recent_drop: float
    overflowed: bool
    separable: bool
    unbounded: bool
    best_loss: float


def _rises(loss: np.ndarray) -> np.ndarray:
    """Which steps raised the loss by more than rounding."""
    return np.diff(loss) > _RISE * (1.0 + np.abs(loss[:-1]))


def diagnose(run: Trajectory, X: npt.ArrayLike, y: npt.ArrayLike, requested_steps: int) -> Diagnosis:
    """Classify how ``run`` (on points ``X``, labels ``y``) ended, from its loss curve and the data's separability.

    Separability and the best loss are decided for the points themselves (linear programs and a minimiser,
    ``core.separability``): if linear scores put every point in its own class, the loss has no minimum and
    falls towards 0 only as the weights grow; if not, the loss cannot go below its best value.
    """
    X = as_finite("X", X, ndim=2)
    classes = run.W.shape[1]
    found = separation(X, y, classes=classes)
    final = step_pulls(X, y, run.W[-1], run.b[-1])
    loss = run.loss
    rose = _rises(loss)
    tail = max(1, run.steps // 10)
    later = rose[loss.shape[0] // 2 :]
    labels = as_labels("y", y, classes=classes, length=X.shape[0])
    numbers = {
        "steps": run.steps,
        "loss_start": float(loss[0]),
        "loss_end": float(loss[-1]),
        "loss_min": float(loss.min()),
        "correct": round(run.accuracy[-1] * labels.shape[0]),  # the run counted them: accuracy = count / N
        "points": int(labels.shape[0]),
        "weight_norm": float(np.linalg.norm(np.hstack([run.W[-1], run.b[-1][:, None]]))),
        "rises": int(later.sum()),
        "later": int(later.shape[0]),
        "recent_drop": float(loss[-1 - tail] - loss[-1]) if run.steps else 0.0,
        "overflowed": run.overflowed,
        "separable": found.separable,
        "unbounded": found.unbounded,
        "best_loss": min(found.best_loss, float(loss.min())),
    }
    rose_lately = int(rose[-tail:].sum()) if run.steps else 0
    verdict, reason = _verdict(requested_steps=requested_steps, classes=classes, rose_lately=rose_lately, **numbers)
    return Diagnosis(verdict=verdict, reason=reason, gradient_norm=float(np.linalg.norm(final.gradient)), **numbers)


def trained(
    X: npt.ArrayLike, y: npt.ArrayLike, W0: npt.ArrayLike, b0: npt.ArrayLike, lr: float, steps: int
) -> tuple[Trajectory, Diagnosis]:
    """``gradient_descent(X, y, W0, b0, lr, steps)`` and its ``diagnose``: one call, so both run in one process."""
    run = gradient_descent(X, y, W0, b0, lr, steps)
    return run, diagnose(run, X, y, steps)


def _verdict(
    *,
    steps: int,
    requested_steps: int,
    classes: int,
    rose_lately: int,
    loss_start: float,
    loss_end: float,
    loss_min: float,
    correct: int,
    points: int,
    weight_norm: float,
    rises: int,
    later: int,
    recent_drop: float,
    overflowed: bool,
    separable: bool,
    unbounded: bool,
    best_loss: float,
) -> tuple[str, str]:
    right = f"{correct} of {points} points are classified correctly"
    can = "a line can put every point on its own side" if classes == 2 else (
        f"{classes} linear scores can give every point its own class"
    )
    cannot = "no line puts every point on its own side" if classes == 2 else (
        f"no {classes} linear scores give every point its own class"
    )
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
    if rises >= 0.2 * later and loss_end > loss_min * 1.01 + 1e-6:
        return "diverged", (
            f"The loss went up on {rises} of the last {counted(later, 'step')} and ends at {loss_end:.3g}, above its "
            f"best {loss_min:.3g}: the steps bounce across the valley instead of settling. Try a smaller η."
        )
    tail = max(1, steps // 10)
    if rose_lately:
        return "unsteady", (
            f"The loss went up on {rose_lately} of the last {counted(tail, 'step')} (it ends at {loss_end:.3g}; its "
            f"best was {loss_min:.3g}): the steps overshoot. A smaller η would settle it. {right}."
        )
    if separable:
        if correct == points:
            return "separable", (
                f"Separable: {can}, and the run does: {right}. The loss ({loss_end:.3g} at step {steps}) "
                "falls towards 0 as long as the run goes on, but only as the weights grow without bound "
                f"(‖[W b]‖ = {weight_norm:.3g} at step {steps}), so there is no minimum to converge to."
            )
        return "improving", (
            f"Separable ({can}), and the run is still getting there: "
            f"{right}, and the loss fell by {recent_drop:.3g} over the last {counted(tail, 'step')} "
            f"(to {loss_end:.3g} at step {steps}). Try more steps."
        )
    how = "approached only as some weights grow without bound" if unbounded else "reached at finite weights"
    best = (
        f"Not separable: {cannot}, so the loss cannot reach 0. "
        f"Its best value for these points is {best_loss:.4g}, {how}"
    )
    if loss_end <= best_loss + max(1e-3 * best_loss, 1e-6):
        return "not_separable", (
            f"{best}, and the run is within 0.1 % of it ({loss_end:.4g}). That is the best cross-entropy, not "
            f"necessarily the best accuracy: {right}."
        )
    return "improving", (
        f"{best}; the run is at {loss_end:.4g} and fell by {recent_drop:.3g} over the last {counted(tail, 'step')}. "
        f"Try more steps. {right}."
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


# One unit of rounding at 1: the size of the difference the first step's rounding makes.
NUDGE = float(np.finfo(np.float64).eps)


@dataclass(frozen=True)
class TwoClassCheck:
    """Two-class softmax at rate η beside logistic regression at rate 2η, from equivalent starts.

    ``difference`` ``(T+1, D+1)`` is [w₂ − w₁, b₂ − b₁] of the softmax run, ``logistic``
    the logistic run's [w, b], ``total`` [w₁ + w₂, b₁ + b₂]; ``gap`` ``(T+1,)`` is
    max |difference − logistic| per step (``first_gap`` after step 1, ``max_gap`` over the run),
    ``max_drift`` the largest change of ``total`` from its start, and ``nudge_gap`` ``(T+1,)``
    how far a logistic run whose start bias is moved by one rounding (``NUDGE``) drifts from it, per step.
    """

    difference: np.ndarray
    logistic: np.ndarray
    total: np.ndarray
    gap: np.ndarray
    nudge_gap: np.ndarray
    max_drift: float

    @property
    def first_gap(self) -> float:
        return float(self.gap[min(1, self.gap.shape[0] - 1)])

    @property
    def max_gap(self) -> float:
        return float(self.gap.max())

    @property
    def max_nudge_gap(self) -> float:
        return float(self.nudge_gap.max())


def compare_with_logistic(
    X: npt.ArrayLike, y: npt.ArrayLike, W0: npt.ArrayLike, b0: npt.ArrayLike, lr: float, steps: int
) -> TwoClassCheck:
    """Run softmax (K = 2) at η and logistic regression at 2η from w = w₂ − w₁, b = b₂ − b₁.

    Each row of ŷ − y sums to 0, so the two rows move by equal and opposite amounts:
    w₁ + w₂ never changes and w₂ − w₁ moves by 2η(ŷ₂ − y₂)x per point, the logistic step at 2η.
    That holds in exact arithmetic; in floating point the two runs round differently, and where the
    dynamics amplify small differences the gap grows. A second logistic run, its start bias moved by
    ``NUDGE`` (relative), shows the same growth from a difference of one rounding.
    """
    softmax_run = gradient_descent(X, y, W0, b0, lr, steps)
    w0, c0 = logistic_from_softmax(W0, b0)
    logistic_run = logistic_gradient_descent(X, y, w0, c0, 2 * lr, steps)
    nudged_run = logistic_gradient_descent(X, y, w0, c0 + NUDGE * max(1.0, abs(c0)), 2 * lr, steps)
    # Any run may stop early on overflow.
    keep = min(softmax_run.steps, logistic_run.loss.shape[0] - 1, nudged_run.loss.shape[0] - 1) + 1
    theta = np.concatenate([softmax_run.W, softmax_run.b[:, :, None]], axis=2)[:keep]
    difference = theta[:, 1] - theta[:, 0]
    total = theta[:, 0] + theta[:, 1]
    logistic = np.column_stack([logistic_run.w, logistic_run.b])[:keep]
    nudged = np.column_stack([nudged_run.w, nudged_run.b])[:keep]
    return TwoClassCheck(
        difference=difference,
        logistic=logistic,
        total=total,
        gap=np.abs(difference - logistic).max(axis=1),
        nudge_gap=np.abs(nudged - logistic).max(axis=1),
        max_drift=float(np.abs(total - total[0]).max()),
    )
