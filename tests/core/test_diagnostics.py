"""What a run did, and where a step comes from: verdicts on constructed runs, pulls that add up to the gradient."""

import numpy as np
import pytest

from core import cross_entropy, cross_entropy_grad, gradient_descent, make_dataset, numerical_gradient
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
)


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


def test_separable_blobs_converge():
    """Well-separated blobs: every point right, loss near 0, gradient below the threshold."""
    X, y, trajectory = run("blobs", classes=3, lr=1, steps=500, noise=0.8)
    diagnosis = diagnose(trajectory, X, y, 500)
    assert diagnosis.verdict == "converged"
    assert diagnosis.accuracy_end == 1.0 and diagnosis.loss_end < 0.01


def test_xor_is_stuck_because_no_line_separates_it():
    """XOR: the gradient vanishes while the loss stays near log 2 and accuracy near a half."""
    X, y, trajectory = run("xor", classes=2, lr=1, steps=300, noise=0.4, n=300)
    diagnosis = diagnose(trajectory, X, y, 300)
    assert diagnosis.verdict == "not_separable"
    assert diagnosis.loss_end > 0.6 and diagnosis.accuracy_end < 0.7
    assert diagnosis.gradient_norm < 1e-3 * diagnosis.gradient_scale
    assert "no line separates them" in diagnosis.reason


def test_a_short_slow_run_is_still_improving():
    """Few small steps: the loss is still falling and the verdict says so with the recent drop."""
    X, y, trajectory = run("blobs", classes=3, lr=0.01, steps=50, noise=0.8)
    diagnosis = diagnose(trajectory, X, y, 50)
    assert diagnosis.verdict == "improving" and diagnosis.recent_drop > 0


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


def test_starts_are_zeros_or_seeded():
    """Zeros by default; the random start depends only on the seed."""
    W, b = start_weights("zeros", classes=3, dims=2, seed=5)
    assert not W.any() and not b.any()
    W1, b1 = start_weights("random", classes=3, dims=2, seed=5)
    W2, b2 = start_weights("random", classes=3, dims=2, seed=5)
    assert np.array_equal(W1, W2) and np.array_equal(b1, b2) and W1.any()
    with pytest.raises(ValueError, match="init must be"):
        start_weights("ones", classes=3, dims=2, seed=5)
