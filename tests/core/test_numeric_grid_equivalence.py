"""numerical_gradient, grid_points and logistic_from_softmax."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import optimize

from core import class_probabilities, grid_points, logistic_from_softmax, numerical_gradient, sigmoid, softmax


def test_numerical_gradient_of_a_known_function():
    """∇(x₀² + 3x₀x₁) = (2x₀ + 3x₁, 3x₀) to 1e-8."""
    f = lambda x: x[0] ** 2 + 3 * x[0] * x[1]  # noqa: E731
    np.testing.assert_allclose(numerical_gradient(f, [1.5, -2.0]), [-3.0, 4.5], atol=1e-8)


def test_numerical_gradient_agrees_with_scipy():
    """Central differences agree with scipy.optimize.approx_fprime's forward differences to 1e-5."""
    f = lambda x: float(np.sum(np.sin(x) * np.exp(x[::-1])))  # noqa: E731
    x = np.array([0.1, -0.4, 0.9])
    np.testing.assert_allclose(numerical_gradient(f, x), optimize.approx_fprime(x, f, 1e-8), rtol=1e-5)


def test_numerical_gradient_rejects_bad_step():
    with pytest.raises(ValueError, match="h"):
        numerical_gradient(lambda x: 0.0, [1.0], h=0.0)


def test_grid_layout_matches_heatmap_convention():
    """values.reshape(res, res)[j, i] belongs to (xs[i], ys[j])."""
    xs, ys, points = grid_points((-1.0, 1.0), (0.0, 4.0), resolution=5)
    grid = points.reshape(5, 5, 2)
    assert grid[3, 1].tolist() == [xs[1], ys[3]]
    assert xs[0] == -1.0 and ys[-1] == 4.0


def test_class_probabilities_is_softmax_of_affine_scores():
    W, b, X = np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([0.1, -0.3]), np.array([[0.2, 0.4], [3.0, -1.0]])
    np.testing.assert_allclose(class_probabilities(W, b, X), softmax(X @ W.T + b), rtol=1e-15)


weights = st.floats(-50, 50, allow_nan=False)


@settings(max_examples=50)
@given(hnp.arrays(np.float64, (2, 2), elements=weights), hnp.arrays(np.float64, (2,), elements=weights))
def test_sigmoid_of_derived_logistic_equals_softmax_class_two(W, b):
    """σ((w₂ − w₁)ᵀx + b₂ − b₁) = ŷ₂ at every point of a grid."""
    w, c = logistic_from_softmax(W, b)
    _, _, X = grid_points((-4, 4), (-4, 4), resolution=21)
    np.testing.assert_allclose(sigmoid(X @ w + c), class_probabilities(W, b, X)[:, 1], rtol=1e-9, atol=1e-12)


def test_logistic_from_softmax_sign():
    """w = w₂ − w₁, not w₁ − w₂."""
    w, c = logistic_from_softmax([[1.0, 2.0], [4.0, -1.0]], [0.5, 2.0])
    assert w.tolist() == [3.0, -3.0] and c == 1.5


def test_logistic_from_softmax_rejects_three_rows():
    with pytest.raises(ValueError, match="W must have shape"):
        logistic_from_softmax(np.zeros((3, 2)), np.zeros(3))
