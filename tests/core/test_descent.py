"""gradient_descent against a plain loop, its invariants, and its equivalence with logistic regression."""

import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import (
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_grad,
    gradient_descent,
    logistic_from_softmax,
    logistic_gradient_descent,
    make_dataset,
    sigmoid,
)
from core.activations import predictions


def plain_loop(X, y, W, b, lr, steps):
    """The textbook loop, one state at a time, through the public loss and gradient."""
    Ws, bs, losses = [W], [b], []
    for _ in range(steps):
        G = cross_entropy_grad(X @ W.T + b, y) / len(y)
        W, b = W - lr * G.T @ X, b - lr * G.sum(axis=0)
        Ws.append(W)
        bs.append(b)
    losses = [cross_entropy(X @ Wt.T + bt, y) for Wt, bt in zip(Ws, bs, strict=True)]
    return np.array(Ws), np.array(bs), np.array(losses)


@pytest.mark.parametrize("data", ["blobs", "overlap", "spirals"])
@pytest.mark.parametrize("classes", [2, 3, 5])
def test_matches_plain_loop(data, classes):
    """Every state, loss and accuracy equals the plain loop's to 1e-10."""
    X, y = make_dataset(data, n=60, noise=0.7, classes=classes, seed=1)
    rng = np.random.default_rng(2)
    W0, b0 = rng.normal(size=(classes, 2)), rng.normal(size=classes)
    run = gradient_descent(X, y, W0, b0, 0.3, 40)
    Ws, bs, losses = plain_loop(X, y, W0, b0, 0.3, 40)
    np.testing.assert_allclose(run.W, Ws, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(run.b, bs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(run.loss, losses, rtol=1e-10)
    predictions = np.argmax(X @ Ws[-1].T + bs[-1], axis=1)
    assert run.accuracy[-1] == pytest.approx(np.mean(predictions == y))
    assert run.W.shape == (41, classes, 2) and run.loss.shape == (41,) and not run.overflowed


@pytest.mark.parametrize("start", ["zeros", "random"])
def test_accuracy_counts_a_point_right_only_where_its_class_alone_scores_highest(start):
    """At every state the accuracy is the share of points whose label is predictions' choice (after t steps of η):
    a zero start ties every class everywhere, so it is 0 there, not the share of the lowest class (argmax's pick)."""
    X, y = make_dataset("blobs", n=90, noise=0.8, classes=3, seed=4)
    rng = np.random.default_rng(4)
    W0, b0 = (np.zeros((3, 2)), np.zeros(3)) if start == "zeros" else (rng.normal(size=(3, 2)), rng.normal(size=3))
    run = gradient_descent(X, y, W0, b0, 0.5, 30)
    for t, (W, b, accuracy) in enumerate(zip(run.W, run.b, run.accuracy, strict=True)):
        assert accuracy == np.mean(predictions(X, W, b, lr=0.5, step=t) == y)
    if start == "zeros":
        assert run.accuracy[0] == 0 and np.mean(np.argmax(X @ W0.T + b0, axis=1) == y) > 0


def test_loss_decreases_with_a_small_rate():
    """With η = 0.1 on separable blobs the loss never goes up."""
    X, y = make_dataset("blobs", n=100, noise=0.5, classes=3, seed=0)
    run = gradient_descent(X, y, np.zeros((3, 2)), np.zeros(3), 0.1, 200)
    assert (np.diff(run.loss) <= 1e-12).all()
    assert run.loss[0] == pytest.approx(np.log(3)) and run.accuracy[-1] > 0.95


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    classes=st.integers(2, 5),
    lr=st.floats(1e-3, 10.0),
    steps=st.integers(1, 30),
)
def test_sum_of_rows_never_changes(seed, classes, lr, steps):
    """Rows of ŷ − y sum to 0, so Σₖ wₖ and Σₖ bₖ stay at their start values."""
    X, y = make_dataset("overlap", n=40, noise=1.0, classes=classes, seed=seed)
    rng = np.random.default_rng(seed)
    W0, b0 = rng.normal(size=(classes, 2)), rng.normal(size=classes)
    run = gradient_descent(X, y, W0, b0, lr, steps)
    scale = 1 + np.abs(run.W).max()
    start = np.broadcast_to(W0.sum(axis=0), (run.steps + 1, 2))
    np.testing.assert_allclose(run.W.sum(axis=1), start, atol=1e-12 * scale)
    np.testing.assert_allclose(run.b.sum(axis=1), b0.sum(), atol=1e-12 * scale)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), lr=st.floats(1e-3, 5.0), steps=st.integers(1, 40))
def test_two_class_softmax_at_rate_eta_is_logistic_at_rate_two_eta(seed, lr, steps):
    """w₂ − w₁ under softmax GD with rate η equals w under logistic GD with rate 2η."""
    X, y = make_dataset("overlap", n=50, noise=1.0, classes=2, seed=seed)
    rng = np.random.default_rng(seed)
    W0, b0 = rng.normal(size=(2, 2)), rng.normal(size=2)
    soft = gradient_descent(X, y, W0, b0, lr, steps)
    w0, c0 = logistic_from_softmax(W0, b0)
    logit = logistic_gradient_descent(X, y, w0, c0, 2 * lr, steps)
    scale = 1 + np.abs(logit.w).max()
    np.testing.assert_allclose(soft.W[:, 1] - soft.W[:, 0], logit.w, atol=1e-11 * scale)
    np.testing.assert_allclose(soft.b[:, 1] - soft.b[:, 0], logit.b, atol=1e-11 * scale)
    np.testing.assert_allclose(soft.loss, logit.loss, rtol=1e-9, atol=1e-12)


def test_logistic_matches_plain_loop():
    """Logistic GD equals w ← w − η (σ(Xw + b) − y)ᵀX / N step by step, and its loss is the BCE."""
    X, y = make_dataset("blobs", n=30, noise=1.0, classes=2, seed=3)
    w, b = np.array([0.5, -0.5]), 0.2
    run = logistic_gradient_descent(X, y, w, b, 0.7, 10)
    for t in range(10):
        g = sigmoid(X @ w + b) - y
        w, b = w - 0.7 * g @ X / len(y), b - 0.7 * g.mean()
        np.testing.assert_allclose(run.w[t + 1], w, rtol=1e-12)
        assert run.b[t + 1] == pytest.approx(b, rel=1e-12)
    assert run.loss[-1] == pytest.approx(binary_cross_entropy(X @ w + b, y), rel=1e-12)


def test_overflow_stops_at_last_finite_state_without_warnings():
    """Points near 1e200 overflow the logits: the run ends early, flagged, with no NaN and no warning."""
    X, y = make_dataset("blobs", n=20, noise=0.5, classes=2, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gradient_descent(X * 1e200, y, np.zeros((2, 2)), np.zeros(2), 10.0, 50)
    assert run.overflowed and run.steps < 50
    assert np.isfinite(run.W).all() and np.isfinite(run.loss).all()


def test_huge_rate_stays_finite():
    """η = 10 on moderate data keeps every state finite: the gradient is bounded by max |x|."""
    X, y = make_dataset("xor", n=200, noise=0.5, classes=2, seed=0)
    run = gradient_descent(X, y, np.zeros((2, 2)), np.zeros(2), 10.0, 500)
    assert not run.overflowed and np.isfinite(run.loss).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": -1.0}, "lr"),
        ({"lr": float("nan")}, "lr"),
        ({"lr": float("inf")}, "lr"),
        ({"steps": 0}, "steps"),
        ({"steps": 2.5}, "steps"),
        ({"X": np.full((4, 2), np.nan)}, "X"),
        ({"X": np.zeros((4, 3))}, "W0"),
        ({"y": np.array([0, 1, 2, 0])}, "y"),
        ({"y": np.array([0, 1])}, "y"),
        ({"b0": np.zeros(3)}, "b0"),
        ({"W0": np.array([[np.inf, 0.0], [0.0, 0.0]])}, "W0"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(kwargs, message):
    """Non-finite data, wrong shapes, labels out of range, bad rate or steps raise ValueError."""
    args = {"X": np.ones((4, 2)), "y": np.array([0, 1, 0, 1]), "W0": np.zeros((2, 2)), "b0": np.zeros(2)}
    args |= {"lr": 0.1, "steps": 3}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        gradient_descent(**args)


def mp_mean_cross_entropy(X, y, W, b):
    """Mean of logsumexp(z) − z_y with 50 digits."""
    with mpmath.workdps(50):
        total = mpmath.mpf(0)
        for x, label in zip(X, y, strict=True):
            z = [mpmath.fsum(mpmath.mpf(float(v)) * float(xi) for v, xi in zip(row, x, strict=True)) + float(c)
                 for row, c in zip(W, b, strict=True)]
            total += mpmath.log(sum(mpmath.exp(v) for v in z)) - z[label]
        return float(total / len(y))


def test_losses_of_a_confident_run_keep_their_digits():
    """Separated points scored 30 … 45 logits apart: both trajectories' losses match mpmath to 1e−12 relative
    (log(1 + e^{z}) − yz and log of the shifted sum gave 0 or lost digits there)."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [1.5, 0.0]])
    y = np.array([1, 0, 1])
    W0, b0 = np.array([[-15.0, 0.0], [15.0, 0.0]]), np.array([0.0, 0.0])
    run = gradient_descent(X, y, W0, b0, 1e-3, 1)
    assert run.loss[0] == pytest.approx(mp_mean_cross_entropy(X, y, W0, b0), rel=1e-12, abs=0)
    logistic = logistic_gradient_descent(X, y, np.array([30.0, 0.0]), 0.0, 1e-3, 1)
    assert logistic.loss[0] == pytest.approx(mp_mean_cross_entropy(X, y, W0, b0), rel=1e-12, abs=0)
    assert logistic.loss[0] == pytest.approx(binary_cross_entropy(X @ np.array([30.0, 0.0]), y), rel=1e-14, abs=0)
