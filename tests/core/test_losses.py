"""Cross-entropy from logits and its gradient ŷ − y, checked by finite differences and SciPy."""

import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, special

from core import (
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_grad,
    one_hot,
    sigmoid,
    softmax,
    softmax_jacobian,
)
from core.losses import log_cross_entropy
from tests.core.strategies import logits, moderate


def seeded_problem(n=7, k=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(scale=3.0, size=(n, k)), rng.integers(0, k, size=n)


def test_cross_entropy_known_value():
    """Uniform logits cost log K per sample."""
    assert cross_entropy(np.zeros((5, 3)), [0, 1, 2, 0, 1]) == pytest.approx(np.log(3), rel=1e-15)


def test_cross_entropy_matches_scipy_reference():
    """L equals −mean log softmax(z)[y] computed with scipy.special.log_softmax."""
    z, y = seeded_problem()
    reference = -special.log_softmax(z, axis=1)[np.arange(len(y)), y].mean()
    assert cross_entropy(z, y) == pytest.approx(reference, rel=1e-13)


def test_cross_entropy_accepts_probability_targets():
    """One-hot targets give the same loss as labels; soft targets weigh the log-probabilities."""
    z, y = seeded_problem()
    assert cross_entropy(z, one_hot(y, 4)) == pytest.approx(cross_entropy(z, y), rel=1e-15)
    soft = np.full((7, 4), 0.25)
    expected = -(soft * special.log_softmax(z, axis=1)).sum(axis=1).mean()
    assert cross_entropy(z, soft) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [2, 3, 5])
def test_cross_entropy_grad_matches_finite_differences(seed, k):
    """Row n of ŷ − y equals ∂Lₙ/∂zₙ from scipy.optimize.approx_fprime (rtol 1e-5, atol 1e-7)."""
    z, y = seeded_problem(n=4, k=k, seed=seed)
    grad = cross_entropy_grad(z, y)
    for n, label in enumerate(y):
        numeric = optimize.approx_fprime(z[n], lambda row, label=label: cross_entropy(row[None, :], [label]), 1e-6)
        np.testing.assert_allclose(grad[n], numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_weight_gradient_is_mean_outer_product(seed):
    """∂L/∂W of the mean loss is (ŷ − Y)ᵀX / N, checked by central differences on W (atol 1e-7)."""
    rng = np.random.default_rng(seed)
    X, W = rng.normal(size=(9, 3)), rng.normal(size=(4, 3))
    y = rng.integers(0, 4, size=9)
    analytic = cross_entropy_grad(X @ W.T, y).T @ X / len(y)
    numeric = optimize.approx_fprime(W.ravel(), lambda w: cross_entropy(X @ w.reshape(4, 3).T, y), 1e-6)
    np.testing.assert_allclose(analytic.ravel(), numeric, rtol=1e-5, atol=1e-7)


@given(logits(elements=moderate))
def test_gradient_rows_sum_to_zero(z):
    """Σₖ (ŷₖ − yₖ) = 1 − 1 = 0 for every sample."""
    y = np.zeros(z.shape[0], dtype=int)
    np.testing.assert_allclose(cross_entropy_grad(z, y).sum(axis=1), 0.0, atol=1e-12)


def test_jacobian_matches_finite_differences():
    """diag(ŷ) − ŷŷᵀ equals the central-difference Jacobian of softmax (atol 1e-8)."""
    z = np.array([0.3, -1.2, 2.0])
    numeric = np.column_stack(
        [(softmax(z + h) - softmax(z - h)) / 2e-6 for h in np.eye(3) * 1e-6]
    )
    np.testing.assert_allclose(softmax_jacobian(z), numeric, atol=1e-8)


def test_chain_rule_through_the_jacobian_gives_y_hat_minus_y():
    """−(y/ŷ)ᵀJ collapses to ŷ − y."""
    z, y = np.array([0.3, -1.2, 2.0]), np.array([0.0, 1.0, 0.0])
    chain = -(y / softmax(z)) @ softmax_jacobian(z)
    np.testing.assert_allclose(chain, softmax(z) - y, atol=1e-15)


def test_binary_cross_entropy_matches_sigmoid_formula():
    """Mean of −y log σ(z) − (1−y) log(1 − σ(z)) for moderate z."""
    z, y = np.array([-2.0, 0.5, 3.0]), np.array([0.0, 1.0, 1.0])
    p = sigmoid(z)
    expected = np.mean(-y * np.log(p) - (1 - y) * np.log1p(-p))
    assert binary_cross_entropy(z, y) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("scale", [1e6, 1e300])
def test_losses_finite_for_extreme_logits(scale):
    """Huge logits give a huge but finite loss, a finite gradient and no warning."""
    z = scale * np.array([[1.0, -1.0], [-1.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = cross_entropy(z, [1, 1])
        grad = cross_entropy_grad(z, [1, 1])
        bce = binary_cross_entropy(z[:, 0], [1.0, 0.0])
    assert np.isfinite(loss) and loss == pytest.approx(scale, rel=1e-12)
    np.testing.assert_array_equal(grad, [[1.0, -1.0], [0.0, 0.0]])
    assert np.isfinite(bce)


@pytest.mark.parametrize(
    ("z", "y", "message"),
    [
        ([[0.0, np.nan]], [0], "logits"),
        ([[0.0, 1.0]], [2], "y must lie"),
        ([[0.0, 1.0]], [0.5], "whole-number"),
        ([0.0, 1.0], [0], "logits must have 2"),
        ([[0.0, 1.0]], [0, 1], r"y must have shape \(1,\)"),
        ([[0.0, 1.0]], [[0.7, 0.7]], "sum to 1"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(z, y, message):
    """Invalid logits or labels raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=message):
        cross_entropy_grad(z, y)


def mp_softplus(z):
    """log(1 + e^{z}) with 50 digits."""
    with mpmath.workdps(50):
        return mpmath.log1p(mpmath.exp(mpmath.mpf(float(z))))


@pytest.mark.parametrize("z", [30.0, 40.0, 100.0, -30.0, -40.0, 0.5])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_binary_cross_entropy_keeps_every_digit_at_confident_logits(z, y):
    """Against mpmath: y·log(1 + e^{−z}) + (1 − y)·log(1 + e^{z}) to 1e−14 relative. log(1 + e^{z}) − yz was 1.3 %
    off at z = 30 and 0 at z = 40 (true 4.25e−18)."""
    with mpmath.workdps(50):
        exact = float(y * mp_softplus(-z) + (1 - y) * mp_softplus(z))
    assert binary_cross_entropy([z], [y]) == pytest.approx(exact, rel=1e-14, abs=0)


@pytest.mark.parametrize(
    ("row", "label"), [([40.0, 0.0], 0), ([0.0, 40.0], 1), ([30.0, 1.0, -2.0], 0), ([5.0, 5.0], 1)]
)
def test_cross_entropy_of_a_confident_row_matches_mpmath(row, label):
    """−log softmax(z)[y] against mpmath to 1e−14 relative: 4.25e−18 for [[40, 0]], label 0 (not −0.0, which
    z − logsumexp(z) gave)."""
    with mpmath.workdps(50):
        exact = float(mpmath.log(sum(mpmath.exp(mpmath.mpf(v)) for v in row)) - mpmath.mpf(row[label]))
    loss = cross_entropy([row], [label])
    assert loss == pytest.approx(exact, rel=1e-14, abs=0) and loss > 0


def test_gradient_of_probability_rows_keeps_their_sum():
    """Targets whose rows sum to 1 only within np.allclose: the gradient is (Σy)ŷ − y, checked by finite differences
    of the loss (ŷ − y alone is off by (Σy − 1)ŷ)."""
    z = np.array([[0.3, -1.2, 2.0]])
    Y = np.array([[0.2, 0.3, 0.5 + 5e-9]])
    numeric = optimize.approx_fprime(z[0], lambda v: cross_entropy(v[None, :], Y), 1e-7)
    np.testing.assert_allclose(cross_entropy_grad(z, Y)[0], numeric, atol=1e-7)
    np.testing.assert_allclose(cross_entropy_grad(z, Y)[0], Y.sum() * softmax(z)[0] - Y[0], rtol=1e-15)


@settings(max_examples=60, deadline=None)
@given(logits(elements=st.floats(-1e12, 1e12, allow_nan=False)), st.data())
def test_log_cross_entropy_matches_mpmath_where_the_loss_underflows(z, data):
    """ln L̄ from the logits matches mpmath at 50 digits to 1e−12 (relative, or 1e−12 absolute near 0), for logits
    up to ±1e12, where float64's L̄ is often 0 and its log −inf."""
    labels = np.array(data.draw(st.lists(st.integers(0, z.shape[1] - 1), min_size=z.shape[0], max_size=z.shape[0])))
    with mpmath.workdps(50):
        terms = [
            mpmath.log1p(mpmath.fsum(mpmath.exp(mpmath.mpf(float(v)) - mpmath.mpf(float(row[k])))
                                     for c, v in enumerate(row) if c != k))
            for row, k in zip(z, labels, strict=True)
        ]
        expected = float(mpmath.log(mpmath.fsum(terms) / len(terms)))
    assert log_cross_entropy(z, labels) == pytest.approx(expected, rel=1e-12, abs=1e-12)
