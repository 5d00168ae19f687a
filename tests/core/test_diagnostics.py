"""What a run did, and where a step comes from: verdicts on constructed runs, pulls that add up to the gradient."""

import numpy as np
import pytest
from scipy import optimize, special

from core import DATASETS, cross_entropy, cross_entropy_grad, gradient_descent, make_dataset, numerical_gradient
from core.descent import Trajectory
from core.diagnostics import (
    H_VALUES,
    chain_rule,
    compare_with_logistic,
    diagnose,
    finite_difference_error,
    finite_difference_sweep,
    start_weights,
    step_pulls,
    trained,
)
from core.separability import separation


def run(name, *, classes, lr, steps, noise=0.5, n=200, seed=0):
    X, y = make_dataset(name, n=n, noise=noise, classes=classes, seed=seed)
    W0, b0 = start_weights("zeros", classes=classes, dims=2, seed=seed)
    return X, y, gradient_descent(X, y, W0, b0, lr, steps)


@pytest.mark.parametrize(("name", "classes", "noise"), [("xor", 2, 0.5), ("spirals", 3, 0.3), ("overlap", 3, 1.0)])
def test_a_huge_learning_rate_is_called_diverging(name, classes, noise):
    """At η = 10 the loss ends above its start or keeps bouncing: the verdict is 'diverged' and says to lower η."""
    X, y, trajectory = run(name, classes=classes, lr=10, steps=300, noise=noise)
    diagnosis = diagnose(trajectory, X, y, 300)
    assert diagnosis.verdict == "diverged"
    assert "smaller η" in diagnosis.reason and "nan" not in diagnosis.reason.lower()


def test_an_overflowing_run_says_where_it_stopped():
    """A run that overflowed reports the last finite step, in words, as diverged."""
    X, y, trajectory = run("blobs", classes=2, lr=0.5, steps=10)
    cut = Trajectory(
        W=trajectory.W[:5],
        b=trajectory.b[:5],
        loss=trajectory.loss[:5],
        accuracy=trajectory.accuracy[:5],
        overflowed=True,
    )
    diagnosis = diagnose(cut, X, y, 10)
    assert diagnosis.verdict == "diverged" and diagnosis.overflowed
    assert "step 5 of 10" in diagnosis.reason and "stops at step 4" in diagnosis.reason


def test_separable_blobs_are_called_separable_not_converged():
    """Separable blobs, every point right: the verdict says the loss falls towards 0 only as the weights grow, and
    the weights do keep growing (‖[W b]‖ is larger after 1,000 more steps)."""
    X, y, trajectory = run("blobs", classes=3, lr=1, steps=500, noise=0.8)
    diagnosis = diagnose(trajectory, X, y, 500)
    assert diagnosis.verdict == "separable" and diagnosis.separable
    assert diagnosis.correct == diagnosis.points == 200 and "200 of 200 points" in diagnosis.reason
    assert "grow without bound" in diagnosis.reason and "Converged" not in diagnosis.reason
    longer = gradient_descent(X, y, trajectory.W[0], trajectory.b[0], 1, 1500)
    assert np.linalg.norm(longer.W[-1]) > np.linalg.norm(trajectory.W[-1])


def test_the_audits_separable_blobs_are_not_called_inseparable():
    """Blobs K = 3, n = 200, noise 0.8, seed 1, η = 0.5, 2,000 steps: a linear machine separates them (the LP's
    certificate puts every point in its own class), so the verdict must not say 'no line separates them'."""
    X, y = make_dataset("blobs", n=200, noise=0.8, classes=3, seed=1)
    W0, b0 = start_weights("zeros", classes=3, dims=2, seed=1)
    diagnosis = diagnose(gradient_descent(X, y, W0, b0, 0.5, 2000), X, y, 2000)
    found = separation(X, y, classes=3)
    assert found.separable and np.all(np.argmax(X @ found.W.T + found.b, axis=1) == y)
    assert diagnosis.verdict in {"separable", "improving"} and "Separable" in diagnosis.reason
    assert "no line" not in diagnosis.reason and "Not separable" not in diagnosis.reason


def test_xor_stays_at_its_best_loss_because_no_line_separates_it():
    """XOR: no line separates the points, the run reaches the best loss (which a long plain GD loop does not beat),
    and the reason says it is the best cross-entropy, not the best accuracy."""
    X, y, trajectory = run("xor", classes=2, lr=1, steps=300, noise=0.4, n=300)
    diagnosis = diagnose(trajectory, X, y, 300)
    assert diagnosis.verdict == "not_separable" and not diagnosis.separable
    assert "no line puts every point on its own side" in diagnosis.reason
    assert "not necessarily the best accuracy" in diagnosis.reason
    assert diagnosis.best_loss <= plain_gd_losses(X, y, 1.0, 3000)[-1] + 1e-12
    assert diagnosis.loss_end <= diagnosis.best_loss * 1.001


def test_a_rising_loss_is_never_called_improving():
    """The audit's blobs K = 4, noise 1.5, η = 10, random start: the loss rises at the end (0.36 → 0.51 → 1.83), so
    the verdict warns instead of saying 'Still improving' with a negative drop."""
    X, y = make_dataset("blobs", n=200, noise=1.5, classes=4, seed=0)
    W0, b0 = start_weights("random", classes=4, dims=2, seed=0)
    trajectory = gradient_descent(X, y, W0, b0, 10, 300)
    assert np.diff(trajectory.loss[-3:]).min() > 0  # the case the audit found
    diagnosis = diagnose(trajectory, X, y, 300)
    assert diagnosis.verdict in {"unsteady", "diverged"} and "smaller η" in diagnosis.reason
    assert "improving" not in diagnosis.reason.lower()


def test_a_short_slow_run_is_still_improving():
    """Few small steps on overlapping blobs: the loss is still falling towards its best and the verdict says so."""
    X, y, trajectory = run("overlap", classes=3, lr=0.01, steps=50, noise=1.0)
    diagnosis = diagnose(trajectory, X, y, 50)
    assert diagnosis.verdict == "improving" and diagnosis.recent_drop > 0
    assert np.all(np.diff(trajectory.loss[-5:]) < 0)


def test_the_count_of_right_points_is_said_as_a_count():
    """199 of 200 right is said as '199 of 200 points', never rounded to 100 %."""
    X, y = make_dataset("blobs", n=200, noise=0.8, classes=3, seed=1)
    W0, b0 = start_weights("zeros", classes=3, dims=2, seed=1)
    trajectory = gradient_descent(X, y, W0, b0, 0.5, 2000)
    correct = int(np.sum(np.argmax(X @ trajectory.W[-1].T + trajectory.b[-1], axis=1) == y))
    assert correct == 199
    diagnosis = diagnose(trajectory, X, y, 2000)
    assert "199 of 200 points" in diagnosis.reason and "100%" not in diagnosis.reason


def plain_gd_losses(X, y, lr, steps):
    """Mean cross-entropy along a plain softmax-regression GD loop from zeros (SciPy's log_softmax)."""
    classes = int(y.max()) + 1
    Y = np.eye(classes)[y]
    Xa = np.hstack([X, np.ones((len(X), 1))])
    theta = np.zeros((classes, 3))
    losses = []
    for _ in range(steps + 1):
        z = Xa @ theta.T
        losses.append(-np.mean(special.log_softmax(z, axis=1)[np.arange(len(y)), y]))
        theta = theta - lr * (special.softmax(z, axis=1) - Y).T @ Xa / len(y)
    return np.array(losses)


def reference_separable(X, y, classes):
    """Linear-machine feasibility with margin ≥ 1 and free weights, by HiGHS's interior-point method."""
    Xa = np.hstack([X, np.ones((len(X), 1))])
    rows = []
    for x, label in zip(Xa, y, strict=True):
        for k in range(classes):
            if k != label:
                row = np.zeros((classes, 3))
                row[label], row[k] = -x, x
                rows.append(row.ravel())
    result = optimize.linprog(
        np.zeros(classes * 3), A_ub=np.array(rows), b_ub=-np.ones(len(rows)), bounds=(None, None), method="highs-ipm"
    )
    assert result.status in (0, 2)
    return result.status == 0


def test_every_verdict_matches_independent_references_on_sampled_settings():
    """250 sampled settings of the page's sliders (every dataset, n 10 … 300, noise 0 … 3, K 2 … 5, η 0.001 … 10,
    zero and random starts): separability agrees with a differently posed LP; 'separable' means every point right;
    'not separable' means a plain GD loop never goes below the stated best loss; 'improving' means the loss fell on
    every one of the last tenth of steps; a warning means it rose; the count said is the count."""
    rng = np.random.default_rng(16)
    seen = set()
    for _ in range(250):
        name = str(rng.choice(list(DATASETS)))
        classes = 2 if name == "xor" else int(rng.integers(2, 6))
        n = int(rng.integers(max(10, classes), 301))
        noise = float(rng.choice([0.0, 0.1, 0.4, 0.8, 1.5, 3.0]))
        seed = int(rng.integers(0, 10_000))
        lr = float(rng.choice([0.001, 0.01, 0.1, 0.5, 1.0, 3.0, 10.0]))
        steps = int(rng.integers(1, 201))
        X, y = make_dataset(name, n=n, noise=noise, classes=classes, seed=seed)
        W0, b0 = start_weights(str(rng.choice(["zeros", "random"])), classes=classes, dims=2, seed=seed)
        trajectory = gradient_descent(X, y, W0, b0, lr, steps)
        diagnosis = diagnose(trajectory, X, y, steps)
        seen.add(diagnosis.verdict)
        assert diagnosis.separable == reference_separable(X, y, classes), (name, n, noise, classes, seed)
        correct = int(np.sum(np.argmax(X @ trajectory.W[-1].T + trajectory.b[-1], axis=1) == y))
        assert diagnosis.correct == correct
        assert "points" not in diagnosis.reason or f"{correct} of {n} points" in diagnosis.reason
        rose = np.diff(trajectory.loss) > 1e-9 * (1 + np.abs(trajectory.loss[:-1]))
        tail = max(1, trajectory.steps // 10)
        if diagnosis.verdict == "separable":
            assert correct == n
        if diagnosis.verdict == "not_separable":
            assert plain_gd_losses(X, y, 0.5, 300).min() >= diagnosis.best_loss - 1e-9
        if diagnosis.verdict == "improving":
            assert not rose[-tail:].any() and diagnosis.recent_drop >= 0
        if diagnosis.verdict in {"unsteady", "diverged"}:
            assert rose.any() or diagnosis.overflowed
    assert seen >= {"separable", "not_separable", "improving", "unsteady", "diverged"}


def state(seed=1, n=40, classes=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)), rng.integers(0, classes, n), rng.normal(size=(classes, 2)), rng.normal(size=classes)


def test_pulls_add_up_to_the_gradient_of_the_mean_loss():
    """Σᵢ (ŷᵢ − yᵢ) ⊗ [xᵢ, 1] / N equals (ŷ − Y)ᵀ[X 1] / N built from core.cross_entropy_grad, to 1e-15."""
    X, y, W, b = state()
    pulls = step_pulls(X, y, W, b)
    G = cross_entropy_grad(X @ W.T + b, y)
    expected = np.hstack([G.T @ X, G.sum(axis=0)[:, None]]) / X.shape[0]
    np.testing.assert_allclose(pulls.gradient, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(pulls.residual, G, rtol=0, atol=0)


def test_pulls_add_up_to_a_finite_difference_gradient():
    """The summed pulls match central differences of the mean cross-entropy in [W b] (rtol 1e-6, atol 1e-8)."""
    X, y, W, b = state(seed=2)
    theta = np.hstack([W, b[:, None]])
    numeric = numerical_gradient(lambda t: cross_entropy(X @ t[:, :2].T + t[:, 2], y), theta, h=1e-5)
    np.testing.assert_allclose(step_pulls(X, y, W, b).gradient, numeric, rtol=1e-6, atol=1e-8)


def test_the_pulls_are_the_step_gradient_descent_takes():
    """W(t+1) = W(t) − η Σᵢ Pᵢ for the recorded trajectory, to rounding."""
    X, y, trajectory = run("overlap", classes=3, lr=0.7, steps=5, noise=1.0)
    for t in range(5):
        pulls = step_pulls(X, y, trajectory.W[t], trajectory.b[t])
        np.testing.assert_allclose(trajectory.W[t + 1], trajectory.W[t] - 0.7 * pulls.gradient[:, :2], atol=1e-13)
        np.testing.assert_allclose(trajectory.b[t + 1], trajectory.b[t] - 0.7 * pulls.gradient[:, 2], atol=1e-13)


def test_largest_orders_points_by_the_size_of_their_pull():
    """largest(k) returns the k biggest ‖Pᵢ‖, biggest first."""
    X, y, W, b = state(seed=3)
    pulls = step_pulls(X, y, W, b)
    top = pulls.largest(5)
    assert top.size == 5 and np.all(np.diff(pulls.sizes[top]) <= 0)
    assert pulls.sizes[top[-1]] >= np.sort(pulls.sizes)[-5]


@pytest.mark.parametrize("target", [0, 1, 2])
@pytest.mark.parametrize("z", [[1.0, 2.0, -1.0], [0.0, 0.0, 0.0], [6.0, -6.0, 0.5]])
def test_the_chain_rule_through_the_jacobian_gives_y_hat_minus_y(z, target):
    """−(y/ŷ)ᵀ(diag(ŷ) − ŷŷᵀ) equals ŷ − y to 1e-15, and the Jacobian's rows sum to 0."""
    rule = chain_rule(z, target)
    assert rule.gap < 1e-15
    np.testing.assert_allclose(rule.jacobian.sum(axis=1), 0, atol=1e-16)
    assert rule.shortcut[target] == pytest.approx(rule.y_hat[target] - 1)


def test_finite_differences_show_truncation_and_round_off():
    """The error is V-shaped in h: smallest near 1e-5 (below 1e-9), larger at both h = 1 and h = 1e-12."""
    errors = finite_difference_sweep([1.0, 2.0, -1.0], 1)
    best = int(np.argmin(errors))
    assert 1e-7 <= H_VALUES[best] <= 1e-3 and errors[best] < 1e-9
    assert errors[-1] > 1e3 * errors[best] and errors[0] > 1e3 * errors[best]
    estimate, error = finite_difference_error([1.0, 2.0, -1.0], 1, 1e-5)
    assert estimate.shape == (3,) and error < 1e-9


def test_two_class_softmax_moves_like_logistic_at_twice_the_rate():
    """w₂ − w₁ follows logistic regression at 2η to 1e-12, and w₁ + w₂ does not move (1e-13), from a random start."""
    X, y = make_dataset("overlap", n=200, noise=1.0, classes=2, seed=4)
    W0, b0 = start_weights("random", classes=2, dims=2, seed=4)
    check = compare_with_logistic(X, y, W0, b0, 0.5, 300)
    assert check.difference.shape == check.logistic.shape == (301, 3)
    assert check.max_gap < 1e-12 and check.max_drift < 1e-13


def test_at_a_chaotic_rate_rounding_grows_in_both_comparisons():
    """blobs K = 2, noise 3, η = 10: the first step agrees to 1e−14, the gap then grows past 1 (3.6e−15 → 23 by step
    200), and a logistic run nudged by 2.2e−16 departs from the logistic run just as far: amplified rounding."""
    X, y = make_dataset("blobs", n=200, noise=3.0, classes=2, seed=0)
    check = compare_with_logistic(X, y, np.zeros((2, 2)), np.zeros(2), 10, 2000)
    assert check.first_gap < 1e-14 and check.max_gap > 1
    assert check.max_nudge_gap > 0.1 * check.max_gap
    assert check.nudge_gap[1] < 1e-14 and check.max_drift < 1e-12


def test_starts_are_zeros_or_seeded():
    """Zeros by default; the random start depends only on the seed."""
    W, b = start_weights("zeros", classes=3, dims=2, seed=5)
    assert not W.any() and not b.any()
    W1, b1 = start_weights("random", classes=3, dims=2, seed=5)
    W2, b2 = start_weights("random", classes=3, dims=2, seed=5)
    assert np.array_equal(W1, W2) and np.array_equal(b1, b2) and W1.any()
    with pytest.raises(ValueError, match="init must be"):
        start_weights("ones", classes=3, dims=2, seed=5)


def test_a_pull_is_bounded_by_the_marker_size_but_not_ordered_by_it():
    """‖Pᵢ‖ ≤ √2 (1 − ŷᵢ,yᵢ) ‖[xᵢ, 1]‖ / N at every state of the default run, as the marker note says; yet at step
    1 the biggest marker (largest 1 − ŷ) is not the largest pull, so 'big markers pull hardest' would be false."""
    X, y, trajectory = run("blobs", classes=3, lr=0.5, steps=200, noise=0.8)
    Xa_norm = np.linalg.norm(np.hstack([X, np.ones((len(X), 1))]), axis=1)
    for t in (0, 1, 50, 200):
        pulls = step_pulls(X, y, trajectory.W[t], trajectory.b[t])
        miss = 1 - pulls.y_hat[np.arange(len(y)), y]
        assert np.all(pulls.sizes <= np.sqrt(2) * miss * Xa_norm / len(y) * (1 + 1e-12))
    pulls = step_pulls(X, y, trajectory.W[1], trajectory.b[1])
    biggest_marker = np.argmax(1 - pulls.y_hat[np.arange(len(y)), y])
    assert biggest_marker != pulls.largest(1)[0]


def test_a_push_on_another_class_row_is_its_probability_not_how_wrong_the_point_is():
    """K = 3: point i of another label pushes row k by ŷᵢₖ·[xᵢ, 1]/N, which differs from (1 − ŷᵢ,yᵢ)·[xᵢ, 1]/N
    whenever the point's missing probability is split between two other classes."""
    X, y, W, b = state(seed=4, classes=3)
    pulls = step_pulls(X, y, W, b)
    Xa = np.hstack([X, np.ones((len(X), 1))])
    for i in range(len(y)):
        for k in range(3):
            weight = pulls.y_hat[i, k] - (k == y[i])
            np.testing.assert_allclose(pulls.pulls[i, k], weight * Xa[i] / len(y), atol=1e-16)
    others = [(i, k) for i in range(len(y)) for k in range(3) if k != y[i]]
    wrongness = np.array([1 - pulls.y_hat[i, y[i]] for i, _ in others])
    push = np.array([pulls.y_hat[i, k] for i, k in others])
    assert np.abs(push - wrongness).max() > 0.1


def test_the_measured_best_step_is_not_always_near_1e_5():
    """The V's bottom moves with z: the argmin of the sweep is 1e−5 for some logits and elsewhere for others, so the
    page names the measured one instead of 'near ε^(1/3) ≈ 1e−5' (ε^(1/3) is 6.06e−6)."""
    logits = ([1.0, 2.0, -1.0], [-6.0, 0.0, 0.0], [-6.0, 6.0, 6.0])
    bests = [H_VALUES[int(np.argmin(finite_difference_sweep(z, 0)))] for z in logits]
    assert bests[0] == pytest.approx(1e-5) and bests[1] == pytest.approx(1e-4) and bests[2] > 1e-4
    assert np.finfo(float).eps ** (1 / 3) == pytest.approx(6.06e-6, rel=1e-3)


def test_trained_is_the_run_and_its_diagnosis():
    """The worker's one call gives core.gradient_descent's run bit for bit and diagnose's verdict on it."""
    X, y = make_dataset("overlap", n=120, noise=1.0, classes=3, seed=2)
    W0, b0 = start_weights("random", classes=3, dims=2, seed=2)
    run, diagnosis = trained(X, y, W0, b0, 0.3, 40)
    expected = gradient_descent(X, y, W0, b0, 0.3, 40)
    np.testing.assert_array_equal(run.W, expected.W)
    np.testing.assert_array_equal(run.loss, expected.loss)
    assert diagnosis == diagnose(expected, X, y, 40)
