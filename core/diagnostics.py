"""How a gradient-descent state stands and what η does from it; where each step comes from: the pulls (ŷᵢ − yᵢ)xᵢ."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.activations import log_softmax, logsumexp, predicted_classes, score_rounding, softmax
from core.certificates import rules_out, separates
from core.descent import gradient_descent
from core.losses import cross_entropy, cross_entropy_grad, log_cross_entropy, softmax_jacobian
from core.numeric import numerical_gradient
from core.separability import Separation, fingerprint
from core.validation import as_finite, as_labels, one_hot, positive, positive_int

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
    predicted: np.ndarray  # each point's predicted class, −1 for a tie (``predicted_classes``, ``score_rounding``)

    @property
    def sizes(self) -> np.ndarray:
        """‖Pᵢ‖ for every point (Frobenius norm over classes and inputs)."""
        # hypot scales before squaring: a pull below 1e−154 keeps its digits (its square would be subnormal).
        return np.hypot.reduce(self.pulls.reshape(self.pulls.shape[0], -1), axis=1)

    def largest(self, count: int) -> np.ndarray:
        """Indices of the ``count`` points with the largest pulls, largest first (ties by index)."""
        return np.argsort(-self.sizes, kind="stable")[:count]


def step_pulls(
    X: npt.ArrayLike, y: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike, *, lr: float = 0.0, step: int = 0
) -> StepPulls:
    """Pᵢ = (ŷᵢ − yᵢ) ⊗ [xᵢ, 1] / N with ŷᵢ = softmax(Wxᵢ + b), for every point i; W, b the state after ``step``
    steps of rate ``lr``, which tells how far rounding may have moved the scores (a tie predicts no class)."""
    X = as_finite("X", X, ndim=2)
    W = as_finite("W", W, ndim=2)
    b = as_finite("b", b, ndim=1)
    z = X @ W.T + b
    residual = cross_entropy_grad(z, y)  # dL/dz = y_hat - y
    Xa = np.hstack([X, np.ones((X.shape[0], 1))])
    pulls = residual[:, :, None] * Xa[:, None, :] / X.shape[0]
    predicted = predicted_classes(z, rounding=score_rounding(X, W, b, lr=lr, step=step))
    return StepPulls(y_hat=softmax(z), residual=residual, pulls=pulls, gradient=pulls.sum(axis=0), predicted=predicted)


TINY = float(np.finfo(np.float64).tiny)  # 2.2e−308: below it float64 loses digits, and soon holds only 0


def written(value: float, log_value: float, *, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits; below ``TINY``, where float64 holds it as 0 or with lost digits,
    its size from ``log_value`` = ln(value), after "about".

    >>> written(0.5, np.log(0.5)), written(0.0, -3.3e11), written(0.0, -np.inf)
    ('0.5', 'about 8.5e-143317179029', '0')
    """
    if value >= TINY or log_value == -np.inf:
        return f"{value:.{digits}g}"
    exponent = log_value / np.log(10)
    power = np.floor(exponent)
    mantissa = 10 ** (exponent - power)
    if mantissa >= 9.95:  # rounds up to 10.0
        mantissa, power = 1.0, power + 1
    return f"about {mantissa:.2g}e{int(power)}"


def log_gradient_norm(X: np.ndarray, labels: np.ndarray, W: np.ndarray, b: np.ndarray) -> float:
    """ln ‖∇L̄‖ with ∇L̄ = (ŷ − Y)ᵀ[X 1]/N, from |ŷₖ − yₖ| in logarithms: log ŷₖ = log softmax(z)ₖ for k ≠ y, and
    log(1 − ŷ_y) = logsumexp of those; every term is scaled by the largest before it is exponentiated, so a
    gradient of 1e−144764827296 is that, not 0."""
    z = X @ W.T + b
    rows = np.arange(z.shape[0])
    log_size = log_softmax(z)
    log_size[rows, labels] = -np.inf
    log_size[rows, labels] = logsumexp(log_size)  # log(1 − ŷ_y) = log Σ_{k≠y} ŷₖ
    sign = np.ones_like(log_size)
    sign[rows, labels] = -1.0  # ŷ_y − 1 ≤ 0
    top = log_size.max()
    if top == -np.inf:
        return -np.inf
    residual = sign * np.exp(log_size - top)
    scaled = residual.T @ np.hstack([X, np.ones((X.shape[0], 1))]) / X.shape[0]
    with np.errstate(divide="ignore"):  # an exactly zero gradient has log −inf
        return float(top + np.log(np.hypot.reduce(scaled.ravel())))


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless n is 1.

    >>> counted(0, "step"), counted(1, "step"), counted(2, "step")
    ('0 steps', '1 step', '2 steps')
    """
    return f"{n} {noun}" + ("" if n == 1 else "s")


LOOK_AHEAD = 100  # steps judge runs from a state to see what η does there


@dataclass(frozen=True)
class Diagnosis:
    """How the state at ``step`` stands, in one word (``verdict``) and plain sentences (``reason``), with the numbers.

    ``verdict`` is ``"diverged"`` (the look-ahead overflows, ends above the state's loss, or keeps bouncing),
    ``"unsteady"`` (the loss rises somewhere in the look-ahead), ``"separable"`` (every point right on points that
    linear scores separate: the loss falls towards 0 only as the weights grow), ``"not_separable"`` (within 0.1 % of
    the best cross-entropy of points they cannot separate), ``"undecided"`` (no proof either way of whether linear
    scores separate the points) or ``"improving"`` (still falling).

    ``loss_start`` is the loss at the run's start weights on these points, ``loss`` at the state; ``ahead`` steps at
    ``lr`` from the state (``LOOK_AHEAD``, fewer on overflow) end at ``loss_ahead``, are lowest at
    ``loss_lowest_ahead`` (the state included) and raise the loss on ``rises`` of them. At the state ``correct`` of
    ``points`` have their label's class predicted and ``tied`` have a second class within rounding of their top score
    (``score_rounding`` after ``step`` steps at ``lr``; no class predicted);
    ``gradient_norm`` is ‖∇L̄‖ and ``weight_norm`` ‖[W b]‖ (Frobenius); ``log_loss``, ``log_loss_start`` and
    ``log_gradient_norm`` (and ``log_loss_ahead``) are the natural logarithms of those numbers, computed
    from the logits, so they hold where the numbers are below what float64 holds (``TINY``; see ``written``).
    ``stalled``: the look-ahead's last weights equal the state's to the last bit (the gradient is 0 in float64, or
    η times it is below the weights' last digit). ``separable`` and ``unbounded`` are ``core.separability``'s
    (None: not proven either way). ``best_loss`` is the loss's infimum
    (``core.separability``, or lower if the look-ahead went lower). ``mean_drift`` is max |mean of the rows of
    [W b] − the same at the start|: each row of ŷ − Y sums to 0, so gradient descent never moves the rows' mean.
    """

    verdict: str
    reason: str
    step: int
    lr: float
    loss_start: float
    loss: float
    loss_ahead: float
    loss_lowest_ahead: float
    ahead: int
    rises: int
    correct: int
    tied: int
    points: int
    gradient_norm: float
    weight_norm: float
    log_loss: float
    log_loss_start: float
    log_loss_ahead: float
    log_gradient_norm: float
    stalled: bool
    overflowed: bool
    separable: bool | None
    unbounded: bool | None
    best_loss: float
    mean_drift: float


def _rises(loss: np.ndarray) -> np.ndarray:
    """Which steps raised the loss by more than rounding."""
    return np.diff(loss) > _RISE * (1.0 + np.abs(loss[:-1]))


def judge(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    W: npt.ArrayLike,
    b: npt.ArrayLike,
    *,
    lr: float,
    step: int,
    start: tuple[npt.ArrayLike, npt.ArrayLike],
    found: Separation,
    max_steps: int,
    min_lr: float = 0.0,
) -> Diagnosis:
    """How the state (W, b) at ``step`` stands: L(t) and ``LOOK_AHEAD`` more steps at η = ``lr`` from it.

    The first that holds: the look-ahead overflows, ends above L(t), or rises on ≥ 20 % of its steps and ends above
    its lowest: "diverged"; it rises at all: "unsteady"; ``found`` (``separation(X, y, classes=K)``, computed once
    for the points) says linear scores separate them and every point is right: "separable", else "improving"; it
    could prove neither that they do nor that they do not: "undecided"; L(t) is within 0.1 % of the best loss:
    "not_separable"; else "improving". ``start`` is the run's (W0, b0); advice
    stays within the controls: ``max_steps``, the most steps a run keeps, and ``min_lr``, the smallest η offered.
    """
    X = as_finite("X", X, ndim=2)
    W = as_finite("W", W, ndim=2)
    b = as_finite("b", b, ndim=1)
    classes = W.shape[0]
    labels = as_labels("y", y, classes=classes, length=X.shape[0])
    W0, b0 = as_finite("W0", start[0], ndim=2), as_finite("b0", start[1], ndim=1)
    if W0.shape != W.shape or b0.shape != b.shape:
        raise ValueError(f"start must have the shapes of W {W.shape} and b {b.shape}, got {W0.shape}, {b0.shape}")
    lr = positive("lr", lr)
    max_steps = positive_int("max_steps", max_steps)
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step <= max_steps:
        raise ValueError(f"step must be a whole number in 0..{max_steps}, got {step!r}")
    run = gradient_descent(X, labels, W, b, lr, LOOK_AHEAD)
    if run.steps < 0:
        raise ValueError("the scores of W, b at these points overflow")
    now = step_pulls(X, labels, W, b, lr=lr, step=step)
    correct = int(np.count_nonzero(now.predicted == labels))
    if not _agrees(found, X, labels, W.shape, correct):
        raise ValueError("found must be separation(X, y, classes=K) for these points")
    theta, theta0 = np.hstack([W, b[:, None]]), np.hstack([W0, b0[:, None]])
    loss = run.loss
    log_gradient = log_gradient_norm(X, labels, W, b)
    numbers = {
        "step": int(step),
        "lr": lr,
        "loss_start": cross_entropy(X @ W0.T + b0, labels),
        "loss": float(loss[0]),
        "loss_ahead": float(loss[-1]),
        "loss_lowest_ahead": float(loss.min()),
        "ahead": run.steps,
        "rises": int(_rises(loss).sum()),
        "correct": correct,
        "tied": int(np.count_nonzero(now.predicted < 0)),
        "points": int(labels.shape[0]),
        "gradient_norm": float(np.exp(log_gradient)),
        "weight_norm": float(np.hypot.reduce(theta.ravel())),
        "log_loss": log_cross_entropy(X @ W.T + b, labels),
        "log_loss_start": log_cross_entropy(X @ W0.T + b0, labels),
        "log_loss_ahead": log_cross_entropy(X @ run.W[-1].T + run.b[-1], labels),
        "log_gradient_norm": log_gradient,
        "stalled": bool(np.array_equal(run.W[-1], W) and np.array_equal(run.b[-1], b)),
        "overflowed": run.overflowed,
        "separable": found.separable,
        "unbounded": found.unbounded,
        "best_loss": min(found.best_loss, float(loss.min())),
        "mean_drift": float(np.abs(theta.mean(axis=0) - theta0.mean(axis=0)).max()),
    }
    verdict, reason = _verdict(
        classes=classes, max_steps=max_steps, min_lr=min_lr, zero_residual=not now.residual.any(), **numbers
    )
    return Diagnosis(verdict=verdict, reason=reason, **numbers)


def _agrees(found: Separation, X: np.ndarray, labels: np.ndarray, shape: tuple[int, ...], correct: int) -> bool:
    """Whether ``found`` can be these points' separation (a check against a result cached for other points): its
    certificate holds on them, exactly: its machine, of the state's shape, separates them (floats first, the exact
    machine if they fall short), or its multipliers rule separation out; or it has no certificate. A result
    ``separation`` made for exactly these points says so by its fingerprint, and was checked when it was made."""
    if found.points is not None and found.points == fingerprint(X, labels, shape[0]):
        return True
    if found.separable:
        if found.W.shape != shape or found.machine.shape != (shape[0], shape[1] + 1):
            return False
        return bool(np.all(predicted_classes(X @ found.W.T + found.b) == labels)) or separates(
            X, labels, found.machine[:, :-1], found.machine[:, -1]
        )
    if found.separable is False:
        return found.multipliers.shape == (labels.shape[0], shape[0]) and rules_out(X, labels, found.multipliers)
    return found.W is None and found.multipliers is None


def _pair(a: float, b: float) -> tuple[str, str]:
    """``a`` and ``b`` to the fewest significant digits (at least 3) that tell them apart."""
    for digits in range(3, 18):
        said = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if said[0] != said[1]:
            return said
    return said


def _right(correct: int, tied: int, points: int) -> str:
    """How many points the state classifies right, and how many it leaves tied."""
    right = f"{correct} of {points} points {'is' if correct == 1 else 'are'} classified correctly"
    if tied == points:
        return f"{right}: every point ties (no class predicted)"
    if tied:
        return f"{right}, and {tied} {'ties' if tied == 1 else 'tie'} (no class predicted)"
    return right


def _onward(step: int, max_steps: int) -> str:
    """Advice to play on, as far as the run may go."""
    left = max_steps - step
    if left >= LOOK_AHEAD:
        return "Keep playing."
    if left > 0:
        return f"Keep playing: {counted(left, 'more step')} and the run reaches the most it keeps ({max_steps:,})."
    return f"The run has reached the most steps it keeps ({max_steps:,}); Reset starts it again."


def _smaller(step: int, max_steps: int, lr: float, min_lr: float) -> str:
    """Advice to lower η (at the cap, after a Reset), or where η is already the smallest, to bring the points in."""
    if lr <= min_lr:
        advice = (
            f"η = {lr:g} is the smallest offered; points nearer 0 make the loss less curved, so each step overshoots "
            "less."
        )
    else:
        advice = "Try a smaller η."
    if step < max_steps:
        return advice
    return f"The run has reached the most steps it keeps ({max_steps:,}): Reset starts it again. {advice}"


def _verdict(
    *,
    classes: int,
    max_steps: int,
    min_lr: float,
    step: int,
    lr: float,
    loss: float,
    loss_ahead: float,
    loss_lowest_ahead: float,
    ahead: int,
    rises: int,
    correct: int,
    tied: int,
    points: int,
    weight_norm: float,
    gradient_norm: float,
    log_loss: float,
    log_loss_ahead: float,
    log_gradient_norm: float,
    stalled: bool,
    zero_residual: bool,
    overflowed: bool,
    separable: bool | None,
    unbounded: bool | None,
    best_loss: float,
    **_: object,
) -> tuple[str, str]:
    at, rate, right = f"step {step:,}", f"η = {lr:g}", _right(correct, tied, points)
    smaller = _smaller(step, max_steps, lr, min_lr)
    now, then = _pair(loss, loss_ahead)
    if min(loss, loss_ahead) < TINY:  # float64 holds such losses as 0 or with lost digits: say their size
        now, then = written(loss, log_loss), written(loss_ahead, log_loss_ahead)
    if overflowed:
        return "diverged", (
            f"From {at}, the weights would grow past what a computer can store within "
            f"{counted(ahead + 1, 'more step')} at {rate}: the learning rate is far too large. {smaller}"
        )
    if loss_ahead > loss + _RISE * (1.0 + loss):
        return "diverged", (
            f"From {at}, {LOOK_AHEAD} more steps at {rate} would raise the loss from {now} to {then}: each step "
            f"overshoots the minimum and lands higher up the other side. {smaller}"
        )
    end, lowest = _pair(loss_ahead, loss_lowest_ahead)
    if rises >= 0.2 * ahead and loss_ahead > loss_lowest_ahead * 1.01 + 1e-6:
        return "diverged", (
            f"From {at}, the loss would rise on {rises} of the next {LOOK_AHEAD} steps at {rate} and end at {end}, "
            f"above the lowest it reaches ({lowest}): the steps bounce across the valley instead of settling. "
            f"{smaller}"
        )
    if rises:
        return "unsteady", (
            f"From {at}, the loss would rise on {rises} of the next {LOOK_AHEAD} steps at {rate} (overall it goes "
            f"from {now} to {then}): the steps overshoot. At {at}, {right}. {smaller}"
        )
    ahead_said = f"the next {LOOK_AHEAD} steps at {rate} would take the loss from {now} to {then}"
    if separable:
        can = "a line can put every point on its own side" if classes == 2 else (
            f"{classes} linear scores can give every point its own class"
        )
        if correct == points and stalled:
            why = (
                "so small that float64, which holds nothing below 4.9e-324, rounds every ŷ − y to 0, and with it "
                "the gradient"
                if zero_residual
                else f"and ‖gradient‖ = {written(gradient_norm, log_gradient_norm)} is so small beside the weights "
                f"(‖[W b]‖ = {weight_norm:.3g}) that η times it is lost below their last digit"
            )
            return "separable", (
                f"Separable: {can}, and at {at} the weights do: {right}. The loss is "
                f"{written(loss, log_loss)}, {why}: gradient descent cannot move the weights, and the next "
                f"{LOOK_AHEAD} steps at {rate} leave them exactly where they are. In exact arithmetic the loss would "
                "go on falling towards 0 as the weights grew."
            )
        if correct == points:
            return "separable", (
                f"Separable: {can}, and at {at} the weights do: {right}. The loss falls towards 0 as long as the run "
                f"goes on ({ahead_said}), but only as the weights grow without bound (‖[W b]‖ = {weight_norm:.3g} at "
                f"{at}), so there is no minimum to converge to."
            )
        return "improving", (
            f"Separable ({can}), and the run is still getting there: {ahead_said}. At {at}, {right}. "
            f"{_onward(step, max_steps)}"
        )
    if separable is None:
        question = "a line puts every point on its own side" if classes == 2 else (
            f"{classes} linear scores can give every point its own class"
        )
        return "undecided", (
            f"No linear program here could decide whether {question}: neither a machine that does nor a proof that "
            f"none can passed an exact check. The lowest loss a minimiser found for these points is {best_loss:.4g} "
            f"(the true best is no higher); {ahead_said}. At {at}, {right}. {_onward(step, max_steps)}"
        )
    cannot = "no line puts every point on its own side" if classes == 2 else (
        f"no {classes} linear scores give every point its own class"
    )
    how = {
        True: ", approached only as some weights grow without bound",
        False: ", reached at finite weights",
        None: "",
    }[unbounded]
    best = (
        f"Not separable: {cannot}, so the loss cannot reach 0. "
        f"Its best value for these points is {best_loss:.4g}{how}"
    )
    if loss <= best_loss * (1 + 1e-3):
        return "not_separable", (
            f"{best}, and at {at} the run is within 0.1 % of it ({loss:.4g}). That is the best cross-entropy, not "
            f"necessarily the best accuracy: {right}."
        )
    return "improving", f"{best}; {ahead_said}. At {at}, {right}. {_onward(step, max_steps)}"


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
