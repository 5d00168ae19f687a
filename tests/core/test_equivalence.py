"""The equivalence helpers against independent references: SciPy, exact rational arithmetic, brute force."""

import math
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

from core import grid_points, logistic_from_softmax
from core.equivalence import (
    SAMPLE_POINTS,
    along_w,
    boundary_segment,
    compare,
    exact_multiple,
    logistic_from_negated_softmax,
    multiple_of,
    negated_softmax,
    parameter_distance,
    scaled_logistic,
    shift_rows,
    sigmoid_gap,
)
from tests.core.models import mp_sigmoid_gap, saturated_models, wide
from tests.core.strategies import finite, logits, moderate

BOX = (-4.0, 4.0)
_, _, GRID = grid_points(BOX, BOX, resolution=41)
rows = hnp.arrays(np.float64, (2, 2), elements=moderate)
biases = hnp.arrays(np.float64, (2,), elements=moderate)
huge_rows = hnp.arrays(np.float64, (2, 2), elements=finite)
huge_biases = hnp.arrays(np.float64, (2,), elements=finite)
W_EX, B_EX = np.array([[-1.0, 0.5], [1.0, 1.0]]), np.array([0.5, -0.5])


@given(logits())
def test_negated_softmax_is_scipy_softmax_of_minus_z(z):
    """e^{−zᵢ}/Σⱼ e^{−zⱼ} equals scipy.special.softmax(−z) to 1e−12, for logits up to ±1e6."""
    np.testing.assert_allclose(negated_softmax(z), special.softmax(-z, axis=-1), rtol=1e-12, atol=1e-300)


@settings(max_examples=60)
@given(rows, biases)
def test_linked_models_match_scipy_and_each_other(W, bW):
    """With w = w₂ − w₁: ŷ is scipy's expit, ŷ₂ is scipy's softmax, they differ by ≤ 1e−12 and every label agrees."""
    w, b = logistic_from_softmax(W, bW)
    result = compare(W, bW, w, b, GRID)
    np.testing.assert_allclose(result.y_hat, special.expit(GRID @ w + b), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(result.y_hat2, special.softmax(GRID @ W.T + bW, axis=1)[:, 1], rtol=1e-12, atol=1e-300)
    assert result.max_gap <= 1e-12
    assert result.agreement == 1.0 and not result.disagree.any()


@settings(max_examples=60)
@given(huge_rows, huge_biases)
def test_linked_gap_stays_within_the_rounding_bound_for_huge_weights(W, bW):
    """Weights up to ±1e6: no NaN, no warning, the gap stays below the stated rounding bound, labels agree."""
    w, b = logistic_from_softmax(W, bW)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = compare(W, bW, w, b, GRID)
    assert np.isfinite(result.y_hat).all() and np.isfinite(result.y_hat2).all()
    assert result.max_gap <= result.rounding
    assert result.agreement == 1.0


def test_points_on_the_boundary_up_to_rounding_are_not_disagreements():
    """A case where the float scores of equal models have opposite signs at grid points: not counted as disagreement."""
    W, bW = np.array([[2.0, -1.2], [3.6, -2.6]]), np.array([-0.7, 0.9])
    w, b = logistic_from_softmax(W, bW)
    _, _, X = grid_points(BOX, BOX, resolution=101)
    scores = X @ W.T + bW
    assert ((X @ w + b > 0) != (scores[:, 1] > scores[:, 0])).sum() > 0  # the raw labels do differ somewhere
    assert compare(W, bW, w, b, X).agreement == 1.0


def exact_score(w, b, x):
    """wᵀx + b in exact rational arithmetic."""
    return sum(Fraction(float(wi)) * Fraction(float(xi)) for wi, xi in zip(w, x, strict=True)) + Fraction(float(b))


@settings(max_examples=25)
@given(rows, biases, hnp.arrays(np.float64, (2,), elements=moderate), moderate)
def test_disagreement_matches_exact_arithmetic(W, bW, w, b):
    """Brute force: labels differ exactly where exact rational arithmetic says they do (bar rounding-level ties)."""
    _, _, X = grid_points(BOX, BOX, resolution=15)
    result = compare(W, bW, w, b, X)
    for x, flagged in zip(X, result.disagree, strict=True):
        z = exact_score(w, b, x)
        z_soft = exact_score(W[1], bW[1], x) - exact_score(W[0], bW[0], x)
        if abs(z) < 1e-9 or abs(z_soft) < 1e-9:
            continue  # within rounding of a boundary: either answer is a tie
        assert flagged == ((z > 0) != (z_soft > 0))


def test_sign_mistake_disagrees_almost_everywhere():
    """w = w₁ − w₂ flips every label off the boundary line: agreement under 2 %, gap near 1."""
    w, b = logistic_from_negated_softmax(W_EX, B_EX)
    result = compare(W_EX, B_EX, w, b, GRID)
    assert result.agreement < 0.02 and result.max_gap > 0.99


def test_negated_convention_swaps_which_relation_agrees():
    """With the e^{−z} softmax, w₁ − w₂ is the relation that agrees everywhere and w₂ − w₁ the one that flips."""
    w, b = logistic_from_negated_softmax(W_EX, B_EX)
    assert compare(W_EX, B_EX, w, b, GRID, negated=True).agreement == 1.0
    assert compare(W_EX, B_EX, *logistic_from_softmax(W_EX, B_EX), GRID, negated=True).agreement < 0.02
    assert w.tolist() == [-2.0, -0.5] and b == 1.0


@settings(max_examples=50)
@given(rows, biases, hnp.arrays(np.float64, (2,), elements=moderate), moderate)
def test_shifting_both_rows_changes_nothing(W, bW, c, c_b):
    """Adding (c, c_b) to both rows: the derived (w, b) is unchanged to rounding and so is ŷ₂ (to 1e−12)."""
    W_c, bW_c = shift_rows(W, bW, c, c_b)
    w, b = logistic_from_softmax(W, bW)
    w_c, b_c = logistic_from_softmax(W_c, bW_c)
    np.testing.assert_allclose(np.append(w_c, b_c), np.append(w, b), atol=1e-12 * (1 + np.abs(W).max() + abs(c).max()))
    result = compare(W_c, bW_c, w, b, GRID)
    assert result.max_gap <= 1e-12 and result.agreement == 1.0


@settings(max_examples=50)
@given(rows, biases, st.floats(0.01, 100))
def test_scaling_keeps_every_label(W, bW, k):
    """k·(w₂ − w₁), k·(b₂ − b₁) with k > 0 predicts the same label as the softmax at every grid point."""
    w, b = scaled_logistic(W, bW, k)
    assert compare(W, bW, w, b, GRID).agreement == 1.0


def test_scaling_changes_the_probabilities():
    """k = 2 squares the odds: σ(2z) at z = ln 3 is 0.9 where σ(z) = 0.75."""
    W, bW = np.array([[0.0, 0.0], [0.0, 0.0]]), np.array([0.0, math.log(3)])
    result = compare(W, bW, *scaled_logistic(W, bW, 2.0), np.zeros((1, 2)))
    np.testing.assert_allclose([result.y_hat[0], result.y_hat2[0]], [0.9, 0.75], rtol=1e-14)


def test_parameter_distance_is_euclidean():
    """‖(w, b) − (w₂ − w₁, b₂ − b₁)‖ matches math.dist on the three numbers."""
    w, b = np.array([1.0, -2.0]), 0.25
    assert parameter_distance(W_EX, B_EX, w, b) == pytest.approx(math.dist([1.0, -2.0, 0.25], [2.0, 0.5, -1.0]))
    assert parameter_distance(W_EX, B_EX, *logistic_from_softmax(W_EX, B_EX)) == 0.0


@pytest.mark.parametrize(
    ("guess", "target", "k"),
    [
        ([4.0, 1.0, -2.0], [2.0, 0.5, -1.0], 2.0),
        ([-2.0, -0.5, 1.0], [2.0, 0.5, -1.0], -1.0),
        ([1e300, 1e300, 0.0], [1.0, 1.0, 0.0], 1e300),
        ([1.0, 0.0, 0.0], [2.0, 0.5, -1.0], None),
        ([0.0, 0.0, 0.0], [2.0, 0.5, -1.0], None),
        ([1.0, 1.0, 1.0], [0.0, 0.0, 0.0], None),
    ],
)
def test_multiple_of_finds_the_factor(guess, target, k):
    """guess = k·target gives k (also at 1e300, where squaring would overflow); anything else gives None."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = multiple_of(guess, target)
    assert found == (None if k is None else pytest.approx(k, rel=1e-12))


@settings(max_examples=80)
@given(hnp.arrays(np.float64, (2,), elements=finite), finite)
def test_boundary_segment_lies_on_the_line_and_the_box(w, b):
    """Both ends satisfy wᵀp + b = 0 (relative to the terms' size) and lie in the box, on its edge."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ends = boundary_segment(w, b, BOX, BOX)
    if ends is None:
        # No line in the box: every grid point is on the same side (or w = 0 and there is no line).
        z = GRID @ w + b
        assert not np.any(w) or (z > 0).all() or (z < 0).all()
        return
    for p in ends:
        assert abs(w @ p + b) <= 1e-9 * (np.abs(w) @ np.abs(p) + abs(b) + 1e-300)
        assert np.all(np.abs(p) <= 4.0 + 1e-9) and np.isclose(np.abs(p).max(), 4.0)


def test_boundary_segment_of_tiny_and_zero_weights():
    """w = (1e−300, 0) is the line x₁ = 0 without underflow; w = 0 has no line; a line outside the box is None."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(boundary_segment([1e-300, 0.0], 0.0, BOX, BOX), [[0.0, -4.0], [0.0, 4.0]], atol=0)
    assert boundary_segment([0.0, 0.0], 1.0, BOX, BOX) is None
    assert boundary_segment([0.0, 1.0], 5.0, BOX, BOX) is None


@pytest.mark.parametrize("w", [[2.0, 0.5], [-1e6, 3.0], [1e-300, 0.0]])
def test_along_w_follows_w_and_increases_the_score(w):
    """Points lie on the line through 0 parallel to w, out to the farthest corner; z = wᵀx + b and increases."""
    X, z = along_w(np.array(w), -0.5 * abs(w[1]), BOX, BOX)
    np.testing.assert_allclose(z, X @ np.array(w) - 0.5 * abs(w[1]))
    assert np.all(np.diff(z) > 0)
    cross = X[:, 0] * w[1] - X[:, 1] * w[0]
    np.testing.assert_allclose(cross, 0.0, atol=1e-9 * np.abs(w).max())
    assert np.linalg.norm(X[-1]) == pytest.approx(math.hypot(4, 4))
    assert along_w(np.zeros(2), 1.0, BOX, BOX) is None


@pytest.mark.parametrize(("w", "inside"), [([1.0, 0.0], False), ([2.0, 0.5], False), ([1.0, 1.0], True)])
def test_along_w_reaches_the_corners_distance_so_leaves_the_square_unless_diagonal(w, inside):
    """The 1-D view runs to ±√32 along w: its ends are the square's corners for a diagonal w and lie outside the
    square for any other, so its caption may not say 'across the plotted square'."""
    X, _ = along_w(np.array(w), 0.0, BOX, BOX)
    assert np.linalg.norm(X[-1]) == pytest.approx(math.sqrt(32))
    assert (np.abs(X).max() <= 4 + 1e-12) == inside


# --- Every number true at the edges: gaps without cancellation, "equal" said of what is equal ------------------


def mp_exact_gap(w, b, W, bW, x):
    """|σ(wᵀx + b) − ŷ₂(x)| with the softmax's score difference taken exactly: the scores a and d = a − c in
    fractions, then mp_sigmoid_gap's digits."""
    x = [Fraction(float(v)) for v in x]
    a = sum(Fraction(float(w[i])) * x[i] for i in range(2)) + Fraction(float(b))
    c = sum((Fraction(float(W[1, i])) - Fraction(float(W[0, i]))) * x[i] for i in range(2))
    c += Fraction(float(bW[1])) - Fraction(float(bW[0]))
    if a == c:
        return 0.0
    digits = 60 + int(max(0.0, -math.log10(abs(a - c))) + min(abs(a), abs(c)) / 2.3)
    with mpmath.workdps(min(digits, 4000)):
        a, c = (mpmath.mpf(v.numerator) / v.denominator for v in (a, c))
        return float(abs(1 / (1 + mpmath.exp(-a)) - 1 / (1 + mpmath.exp(-c))))


def test_sigmoid_gap_matches_mpmath_where_subtraction_cancels():
    """2,000 random (a, d), |a| and |d| from 1e−300 to 1e3, and the audit's σ(60) − σ(50): sigmoid_gap is within
    8u·(5 + |a| + |c| + |d|) of 60-digit mpmath relatively; |σ(a) − σ(a − d)| from rounded probabilities is 0 at
    the audit's case (the reason for the formula)."""
    rng = np.random.default_rng(61)
    a, d = np.append(wide(rng, 2000), 60.0), np.append(wide(rng, 2000), 10.0)
    got = sigmoid_gap(a, d)
    for ai, di, gi in zip(a, d, got, strict=True):
        truth = float(mp_sigmoid_gap(ai, di))
        slack = 8 * 2**-53 * (5 + 2 * abs(ai) + 2 * abs(di) + abs(math.log(truth or 1.0)))
        assert abs(gi - truth) <= slack * truth + 1e-320, (ai, di)
    assert float(special.expit(60.0) - special.expit(50.0)) == 0.0
    assert float(sigmoid_gap(60.0, 10.0)) == pytest.approx(1.9286622828562966e-22, rel=1e-14)


def test_point_gaps_come_from_the_stable_formula():
    """100 models (saturated, nudged, linked, the audit's b = 60 against b₂ − b₁ = 50) at the five named points and
    10 random ones: compare's |ŷ − ŷ₂| is within 1e−9 relatively of 60-digit mpmath with the softmax's score
    difference taken exactly. Subtracting the rounded ŷ and ŷ₂ says 0 for the audit's 1.9e−22."""
    rng = np.random.default_rng(62)
    for W, bW, w, b in saturated_models(rng, 100):
        X = np.vstack([SAMPLE_POINTS, rng.uniform(-4, 4, (10, 2))])
        got = compare(W, bW, w, b, X).gap
        truth = np.array([mp_exact_gap(w, b, W, bW, x) for x in X])
        np.testing.assert_allclose(got, truth, rtol=1e-9, atol=1e-320)
    audit = compare(np.zeros((2, 2)), [0.0, 50.0], [0.0, 0.0], 60.0, SAMPLE_POINTS)
    assert np.all(audit.gap > 1.9e-22) and np.all(audit.y_hat == audit.y_hat2)


def test_exact_multiple_and_distance_are_exact():
    """400 cases: exact_multiple finds k exactly when (w, b) = k·(w₂ − w₁, b₂ − b₁) in fractions (k = 1 + 10⁻ʲ,
    random k, −1, rounded answers that are no multiple), and parameter_distance is 0 only for the exact
    difference: 0.3 − 0.1 typed as its rounding 0.19999999999999998 is not at distance 0."""
    rng = np.random.default_rng(64)
    for i in range(400):
        W = rng.normal(size=(2, 2)).round(int(rng.integers(0, 4))) * 10.0 ** rng.integers(-3, 6)
        bW = rng.normal(size=2).round(2)
        target = [Fraction(W[1, j]) - Fraction(W[0, j]) for j in range(2)] + [Fraction(bW[1]) - Fraction(bW[0])]
        k = [1 + 10.0 ** -rng.integers(1, 16), rng.normal() * 3, -1.0, 2.0][i % 4]
        guess = np.array([float(t * Fraction(k)) for t in target])
        found = exact_multiple(guess, W, bW)
        truth = [Fraction(g) for g in guess]
        if any(target):
            ratio = next(g / t for g, t in zip(truth, target, strict=True) if t != 0)
            expected = ratio if all(g == ratio * t for g, t in zip(truth, target, strict=True)) else None
        else:
            expected = None
        assert found == expected
        distance = parameter_distance(W, bW, guess[:2], guess[2])
        assert (distance == 0) == all(g == t for g, t in zip(truth, target, strict=True))
    typed = parameter_distance([[999999.1, 0.0], [999999.3, 0.0]], [0.0, 0.0], [0.2, 0.0], 0.0)
    assert typed == abs(float(Fraction(0.2) - (Fraction(999999.3) - Fraction(999999.1)))) != 0  # not 0.2 at all
    assert parameter_distance([[999999.1, 0.0], [999999.3, 0.0]], [0.0, 0.0], [999999.3 - 999999.1, 0.0], 0.0) == 0
