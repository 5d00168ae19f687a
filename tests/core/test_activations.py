"""sigmoid, softmax, log_softmax and logsumexp against SciPy, on properties, and at the extremes."""

import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special

from core import log_softmax, logsumexp, sigmoid, softmax
from tests.core.strategies import finite, logits, moderate

EXTREMES = [0.0, 1e-300, -40.0, 40.0, 700.0, -700.0, 1e6, -1e6, 1e300, -1e300, 1.7e308, -1.7e308]


@pytest.mark.parametrize("z", EXTREMES)
def test_sigmoid_matches_scipy_expit(z):
    """σ agrees with SciPy's expit to 1e-12 relative, tails included."""
    assert sigmoid(z) == pytest.approx(special.expit(z), rel=1e-12, abs=0)


def test_sigmoid_keeps_tiny_tail_values():
    """σ(−40) ≈ 4.25e−18 survives: nothing is clipped to 0."""
    assert sigmoid(-40.0) == pytest.approx(4.248354255291589e-18, rel=1e-12)


def test_softmax_known_values():
    """softmax([0, log 3]) = [1/4, 3/4]."""
    np.testing.assert_allclose(softmax([0.0, np.log(3.0)]), [0.25, 0.75], rtol=1e-15)


@given(logits())
def test_softmax_matches_scipy(z):
    """softmax and log_softmax equal SciPy's on any finite logits."""
    np.testing.assert_allclose(softmax(z), special.softmax(z, axis=-1), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(logsumexp(z), special.logsumexp(z, axis=-1), rtol=1e-12)


@given(logits())
def test_softmax_rows_sum_to_one(z):
    """Every row of softmax is a probability vector."""
    p = softmax(z)
    assert (p >= 0).all()
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)


@given(logits(elements=moderate), moderate)
def test_softmax_shift_invariance(z, c):
    """softmax(z + c) = softmax(z): adding the same number to every logit changes nothing."""
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=1e-9, atol=1e-15)


@given(finite)
def test_sigmoid_is_two_class_softmax(z):
    """σ(z) = softmax([0, z])₂."""
    assert sigmoid(z) == pytest.approx(softmax([0.0, z])[1], rel=1e-12, abs=1e-300)


@given(finite)
def test_sigmoid_symmetry(z):
    """σ(−z) = 1 − σ(z)."""
    assert sigmoid(-z) == pytest.approx(1.0 - sigmoid(z), rel=1e-9, abs=1e-15)


@given(logits())
def test_log_softmax_is_log_of_softmax_where_representable(z):
    """log_softmax = z − logsumexp(z), and equals log(softmax) wherever softmax is normal."""
    ls = log_softmax(z)
    p = softmax(z)
    normal = p > 1e-300
    np.testing.assert_allclose(ls[normal], np.log(p[normal]), rtol=1e-9, atol=1e-12)


def test_logsumexp_keeps_small_tails():
    """logsumexp([−11, 0]) = log1p(e^{−11}) to full relative precision (log(1 + x) would lose ~5 digits)."""
    assert logsumexp([-11.0, 0.0]) == pytest.approx(np.log1p(np.exp(-11.0)), rel=1e-15)
    assert logsumexp([[0.0, 0.0], [3.0, 3.0]]).tolist() == pytest.approx([np.log(2), 3 + np.log(2)], rel=1e-15)


def test_log_softmax_avoids_minus_infinity():
    """log_softmax([1000, 1]) = [0, −999] where log(softmax) gives −inf."""
    np.testing.assert_array_equal(log_softmax([1000.0, 1.0]), [0.0, -999.0])


@pytest.mark.parametrize("fn", [sigmoid, softmax, log_softmax, logsumexp])
@pytest.mark.parametrize("scale", [1.0, 1e6, 1e300, 1.7e308])
def test_extreme_inputs_stay_finite_without_warnings(fn, scale):
    """±1e6 … ±1.7e308: no warning, no NaN."""
    z = scale * np.array([[1.0, -1.0, 0.5], [-1.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            out = fn(z)
    assert not np.isnan(out).any()
    if fn is not log_softmax:
        assert np.isfinite(out).all()


@given(st.lists(finite, min_size=1, max_size=20))
def test_sigmoid_is_monotone(zs):
    """σ is non-decreasing."""
    z = np.sort(np.asarray(zs))
    assert (np.diff(sigmoid(z)) >= 0).all()


def ulps(value, exact):
    """|value − exact| in units of the last place of the correctly rounded exact value."""
    return abs(value - float(exact)) / np.spacing(abs(float(exact)))


@pytest.mark.parametrize("z", [-33.2877, -20.5, -700.25, -1.1, 0.7, 15.3, 36.9])
def test_sigmoid_is_within_two_ulp_of_mpmath(z):
    """σ(z) against mpmath with 50 digits: at most 2 ulp, as SciPy's expit (exp(−logaddexp(0, −z)) was 31 ulp off at
    z = −33.2877, where exp magnifies the logarithm's rounding)."""
    with mpmath.workdps(50):
        exact = 1 / (1 + mpmath.exp(-mpmath.mpf(z)))
    assert ulps(float(sigmoid(z)), exact) <= 2


def test_sigmoid_is_within_two_ulp_of_mpmath_on_a_sweep():
    """1,000 logits evenly over [−740, 40]: never more than 2 ulp from mpmath."""
    zs = np.linspace(-740, 40, 1000)
    values = sigmoid(zs)
    with mpmath.workdps(50):
        worst = max(ulps(v, 1 / (1 + mpmath.exp(-mpmath.mpf(float(z))))) for z, v in zip(zs, values, strict=True))
    assert worst <= 2


def test_log_softmax_keeps_the_largest_logits_digits():
    """log softmax([40, 0])[0] = −log1p(e^{−40}) ≈ −4.25e−18, not 0 (z − logsumexp(z) cancels)."""
    with mpmath.workdps(50):
        exact = float(-mpmath.log1p(mpmath.exp(-40)))
    assert log_softmax([40.0, 0.0])[0] == pytest.approx(exact, rel=1e-15, abs=0)
