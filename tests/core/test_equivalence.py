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
from scipy import optimize, special

from core import grid_points, logistic_from_softmax
from core.equivalence import (
    SAMPLE_POINTS,
    along_w,
    boundary_segment,
    clip_half_plane,
    compare,
    compare_square,
    disagreement_regions,
    exact_multiple,
    logistic_from_negated_softmax,
    multiple_of,
    negated_softmax,
    parameter_distance,
    polygon_area,
    scaled_logistic,
    shift_rows,
    sigmoid_gap,
)
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


def inside(piece, points):
    """Points strictly inside a convex polygon (either orientation): every edge's cross product has one sign."""
    edges = np.roll(piece, -1, axis=0) - piece
    keep = np.abs(edges).sum(axis=1) > 0  # a clip through a vertex can repeat it: a zero-length edge
    piece, edges = piece[keep], edges[keep]
    cross = edges[:, 0] * (points[:, None, 1] - piece[:, 1]) - edges[:, 1] * (points[:, None, 0] - piece[:, 0])
    return (cross > 0).all(axis=1) | (cross < 0).all(axis=1)


@settings(max_examples=60)
@given(hnp.arrays(np.float64, (2,), elements=moderate), moderate, rows, biases)
def test_disagreement_regions_are_where_the_signs_differ(w, b, W, bW):
    """Brute force on a grid: a point inside a returned polygon has labels that differ; a point whose labels differ
    (clearly, away from both lines) lies inside one; the polygons' area matches the share of such points."""
    w_ref, b_ref = logistic_from_softmax(W, bW)
    pieces = disagreement_regions(w, b, w_ref, b_ref, BOX, BOX)
    _, _, X = grid_points(BOX, BOX, resolution=41)
    z, z_ref = X @ w + b, X @ w_ref + b_ref
    clear = (np.abs(z) > 1e-6 * (1 + np.abs(w).sum() * 4 + abs(b))) & (
        np.abs(z_ref) > 1e-6 * (1 + np.abs(w_ref).sum() * 4 + abs(b_ref))
    )
    differ = (z > 0) != (z_ref > 0)
    covered = np.zeros(len(X), bool)
    for piece in pieces:
        covered |= inside(piece, X)
    assert not (covered & ~differ & clear).any()
    interior = (np.abs(X) < 4).all(axis=1)
    assert not (differ & clear & interior & ~covered).any()
    assert sum(map(polygon_area, pieces)) / 64 == pytest.approx(np.mean(differ), abs=0.1)


def test_disagreement_regions_of_known_cases():
    """Linked or scaled models: no region; the sign mistake: the whole box; two crossing lines: two wedges."""
    w, b = logistic_from_softmax(W_EX, B_EX)
    assert disagreement_regions(w, b, w, b, BOX, BOX) == []
    assert disagreement_regions(2 * w, 2 * b, w, b, BOX, BOX) == []
    assert sum(map(polygon_area, disagreement_regions(-w, -b, w, b, BOX, BOX))) == pytest.approx(64)
    wedges = disagreement_regions([1.0, 0.0], 0.0, [1.0, 0.1], 0.0, BOX, BOX)
    assert len(wedges) == 2 and sum(map(polygon_area, wedges)) == pytest.approx(2 * 0.5 * 0.4 * 4)


def test_clip_half_plane_keeps_the_positive_side():
    """The unit square clipped by x₁ − 0.5 > 0 is its right half (area ½); a line missing it keeps all or nothing."""
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    half = clip_half_plane(square, [1.0, 0.0], -0.5)
    assert polygon_area(half) == pytest.approx(0.5) and (half[:, 0] >= 0.5).all()
    assert polygon_area(clip_half_plane(square, [1.0, 0.0], 5.0)) == 1.0
    assert clip_half_plane(square, [1.0, 0.0], -5.0).shape == (0, 2)


def mp_gap(w, b, W, bW, x):
    """|σ(wᵀx + b) − ŷ₂(x)| with 50 digits, the softmax score difference taken exactly."""
    with mpmath.workdps(50):
        mp = [mpmath.mpf(float(v)) for v in x]
        a = mpmath.mpf(float(w[0])) * mp[0] + mpmath.mpf(float(w[1])) * mp[1] + mpmath.mpf(float(b))
        rows = [sum(mpmath.mpf(float(W[k, i])) * mp[i] for i in range(2)) + mpmath.mpf(float(bW[k])) for k in range(2)]
        return float(abs(1 / (1 + mpmath.exp(-a)) - 1 / (1 + mpmath.exp(-(rows[1] - rows[0])))))


def sampled_models(rng, count):
    """Rows at every scale from 0.01 to 1e6, each with a logistic model that is linked, nearly linked
    (relative nudges from 1e−13 to 1), steep (a scaled copy), or unrelated."""
    for i in range(count):
        scale = 10 ** rng.uniform(-2, 6)
        W, bW = rng.normal(size=(2, 2)) * scale, rng.normal(size=2) * scale
        w, b = logistic_from_softmax(W, bW)
        kind = i % 4
        if kind == 1:
            w, b = w * (1 + rng.normal(size=2) * 10 ** rng.uniform(-13, 0)), b * (1 + rng.normal() * 1e-6)
        elif kind == 2:
            w, b = w * 10 ** rng.uniform(0, 3), b * 10 ** rng.uniform(0, 3)
        elif kind == 3:
            w, b = rng.normal(size=2) * scale, float(rng.normal() * scale)
        yield W, bW, w, float(b)


def edge_samples(w, b, w_ref, b_ref, count=2001):
    """Points on the square's edges: evenly spread, and packed around and between the two boundaries' crossings
    (within 30 score units), where a steep gap peaks."""
    points = []
    for axis in (0, 1):
        for fixed in (-4.0, 4.0):
            ts = [np.linspace(-4, 4, count)]
            crossings = []
            for u, c in ((w, b), (w_ref, b_ref)):
                if u[axis] != 0:
                    crossings.append(-(c + u[1 - axis] * fixed) / u[axis])
                    width = 30 / abs(u[axis])
                    ts.append(crossings[-1] + np.linspace(-width, width, count))
            if len(crossings) == 2:
                ts.append(np.linspace(*crossings, count))
            t = np.clip(np.concatenate(ts), -4, 4)
            points.append(np.column_stack([t, np.full_like(t, fixed)])[:, [axis, 1 - axis]])
    return np.concatenate(points)


def expit_gap(points, w, b, w_ref, b_ref):
    """|σ(wᵀx + b) − σ(w_refᵀx + b_ref)| with SciPy's expit."""
    return np.abs(special.expit(points @ w + b) - special.expit(points @ w_ref + b_ref))


def edge_maximum(w, b, w_ref, b_ref):
    """The largest expit gap over the edge samples, refined by SciPy's bounded scalar search around it."""
    edges = edge_samples(w, b, w_ref, b_ref)
    gaps = expit_gap(edges, w, b, w_ref, b_ref)
    i = int(np.argmax(gaps))
    best, step = edges[i], np.abs(edges[max(i - 1, 0)] - edges[min(i + 1, len(edges) - 1)]).max()
    axis = 1 if abs(best[0]) == 4 else 0

    def minus_gap(t):
        return -expit_gap(np.array([np.where(np.arange(2) == axis, t, best)]), w, b, w_ref, b_ref)[0]

    bounds = (max(-4, best[axis] - step), min(4, best[axis] + step))
    refined = optimize.minimize_scalar(minus_gap, bounds=bounds, method="bounded", options={"xatol": 1e-14})
    return max(float(gaps.max()), -refined.fun)


def test_square_agreement_matches_monte_carlo_and_the_gap_bounds_every_sample():
    """300 sampled pairs (linked, nearly linked, steep, unrelated; scales 0.01 … 1e6): the exact agreement area is
    within 4.5 standard errors of a 20,000-point Monte Carlo share; no gap at any Monte Carlo point or edge sample
    (SciPy's expit) exceeds max_gap, and max_gap is within 1e−4 of the largest edge sample refined by SciPy;
    'equal' only when every mpmath gap at the corners is below the rounding bound."""
    rng = np.random.default_rng(15)
    box = np.array([[-4.0, -4.0], [4.0, -4.0], [4.0, 4.0], [-4.0, 4.0]])
    slack = 1e-13  # expit's own rounding in the samples
    for W, bW, w, b in sampled_models(rng, 300):
        w_ref, b_ref = W[1] - W[0], bW[1] - bW[0]
        result = compare_square(W, bW, w, b, BOX, BOX)
        X = rng.uniform(-4, 4, size=(20_000, 2))
        share = np.mean((X @ w + b > 0) == (X @ w_ref + b_ref > 0))
        assert abs(result.agreement - share) <= 4.5 * math.sqrt(max(share * (1 - share), 1e-4) / len(X))
        refined = edge_maximum(w, b, w_ref, b_ref)
        assert expit_gap(X, w, b, w_ref, b_ref).max() <= result.max_gap + slack
        assert refined <= result.max_gap + slack
        if result.max_gap > 1e-6:  # below that expit's cancellation hides the digits
            assert result.max_gap <= refined * (1 + 1e-4)
        if result.equal:
            assert all(mp_gap(w, b, W, bW, corner) <= result.rounding for corner in box)
            assert result.agree_everywhere


@pytest.mark.parametrize("nudge", [1e-14, 1e-11, 1e-8])
def test_square_gap_of_nearly_linked_models_matches_mpmath(nudge):
    """w = (w₂ − w₁)(1 + nudge): the largest gap is at least every mpmath edge sample and within 1 % of the best,
    and is not called 'equal': the gap is larger than rounding w₂ − w₁ could make."""
    W, bW = np.array([[2.0, -1.2], [3.6, -2.6]]), np.array([-0.7, 0.9])
    w, b = logistic_from_softmax(W, bW)
    w = w * (1 + nudge)
    result = compare_square(W, bW, w, b, BOX, BOX)
    s = np.linspace(-4, 4, 801)
    edges = np.concatenate([np.column_stack([s, np.full_like(s, v)]) for v in (-4, 4)] +
                           [np.column_stack([np.full_like(s, v), s]) for v in (-4, 4)])
    sampled = max(mp_gap(w, b, W, bW, x) for x in edges)
    assert sampled <= result.max_gap <= sampled * 1.01
    assert not result.equal and result.max_gap > result.rounding


def test_square_of_the_audit_cases():
    """Steep rows (boundaries x₁ = 0.03 and 0.05): 99.75% agree, gap ≈ 1, not equal. The sign mistake: 0% of the
    area agrees. Linked default rows: 100%, gap 0, equal; the bound is u·(Σ|w₂ᵢ − w₁ᵢ|·4 + |b₂ − b₁|)/4."""
    steep = compare_square([[0.0, 0.0], [2000.0, 0.0]], [0.0, -60.0], [2000.0, 0.0], -100.0, BOX, BOX)
    assert steep.agreement == pytest.approx(0.9975, abs=1e-12) and not steep.agree_everywhere
    assert steep.max_gap == pytest.approx(special.expit(80) - special.expit(-40 + 0 * 60), abs=1e-9)
    assert not steep.equal
    flipped = compare_square(W_EX, B_EX, *logistic_from_negated_softmax(W_EX, B_EX), BOX, BOX)
    assert flipped.agree_nowhere and flipped.max_gap > 0.99
    linked = compare_square(W_EX, B_EX, *logistic_from_softmax(W_EX, B_EX), BOX, BOX)
    assert linked.agree_everywhere and linked.max_gap == 0 and linked.equal
    assert linked.rounding == pytest.approx(2**-53 * (2 * 4 + 0.5 * 4 + 1) / 4, rel=1e-12)
    negated = compare_square(W_EX, B_EX, *logistic_from_negated_softmax(W_EX, B_EX), BOX, BOX, negated=True)
    assert negated.equal and negated.agree_everywhere


@settings(max_examples=40)
@given(huge_rows, huge_biases)
def test_square_of_linked_models_is_equal_for_any_weights(W, bW):
    """Rows up to ±1e6: linked models are proven equal up to rounding over the square, with no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = compare_square(W, bW, *logistic_from_softmax(W, bW), BOX, BOX)
    assert result.equal and result.agree_everywhere


@pytest.mark.parametrize(("w", "inside"), [([1.0, 0.0], False), ([2.0, 0.5], False), ([1.0, 1.0], True)])
def test_along_w_reaches_the_corners_distance_so_leaves_the_square_unless_diagonal(w, inside):
    """The 1-D view runs to ±√32 along w: its ends are the square's corners for a diagonal w and lie outside the
    square for any other, so its caption may not say 'across the plotted square'."""
    X, _ = along_w(np.array(w), 0.0, BOX, BOX)
    assert np.linalg.norm(X[-1]) == pytest.approx(math.sqrt(32))
    assert (np.abs(X).max() <= 4 + 1e-12) == inside


@settings(max_examples=40)
@given(huge_rows, huge_biases, hnp.arrays(np.float64, (2,), elements=finite), finite)
def test_square_of_any_models_is_finite_and_warns_nothing(W, bW, w, b):
    """Any weights up to ±1e6: agreement in [0, 1] with a small error bound, a gap in [0, 1], no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = compare_square(W, bW, w, b, BOX, BOX)
    assert 0 <= result.agreement <= 1 + 1e-12 and result.agreement_error < 1e-6
    assert 0 <= result.max_gap <= 1 and result.equal == (result.max_gap <= result.rounding)


def test_square_of_constant_and_far_away_scores():
    """w = 0 (a constant score) and a line 1e12 away: exact areas with an error bound at rounding level, and the
    gap of σ(huge) against σ(0) is ½."""
    zero = np.zeros((2, 2))
    far = compare_square(zero, [0.0, 0.0], [1e-6, 0.0], 1e6, BOX, BOX)
    assert far.agree_nowhere and far.agreement_error < 1e-13 and far.max_gap == pytest.approx(0.5, rel=1e-5)
    flat = compare_square(zero, [0.0, 0.0], [0.0, 0.0], 0.0, BOX, BOX)
    assert flat.agree_everywhere and flat.max_gap == 0 and flat.equal
    with pytest.raises(ValueError, match="shape"):
        compare_square(np.zeros((3, 2)), [0.0, 0.0, 0.0], [0.0, 0.0], 0.0, BOX, BOX)


# --- Every number true at the edges: gaps without cancellation, "equal" said of what is equal ------------------

def mp_sigmoid_gap(a, d):
    """|σ(a) − σ(a − d)| by mpmath with the digits it needs for 60 correct ones: beyond 60, as many as the gap is
    smaller than σ'(a) (e^{−|a|}) and than d, so the subtraction of the two probabilities loses none of them."""
    a, d = float(a), float(d)
    if d == 0:
        return mpmath.mpf(0)
    digits = 60 + int(max(0.0, -math.log10(abs(d))) + min(abs(a), abs(a - d)) / 2.3)
    with mpmath.workdps(min(digits, 4000)):
        a, d = mpmath.mpf(a), mpmath.mpf(d)
        return abs(1 / (1 + mpmath.exp(-a)) - 1 / (1 + mpmath.exp(-(a - d))))


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


def wide(rng, size):
    """Signed values from 1e−300 to 1e3 in magnitude, log-uniform, with some exact zeros."""
    values = rng.choice([-1, 1], size) * 10 ** rng.uniform(-300, 3, size)
    values[rng.random(size) < 0.05] = 0.0
    return values


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


def saturated_models(rng, count):
    """Rows whose score difference is far from 0 on the whole square (|b₂ − b₁| from 45 to 1e6) with a logistic
    model that differs only where both saturate, linked ones, nudged ones, and the audit's b = 60 against 50."""
    yield np.zeros((2, 2)), np.array([0.0, 50.0]), np.zeros(2), 60.0
    for i in range(count - 1):
        W = rng.normal(size=(2, 2)) * 10 ** rng.uniform(-3, 0)
        bW = np.array([0.0, rng.choice([-1, 1]) * 10 ** rng.uniform(np.log10(45), 6)])
        w, b = logistic_from_softmax(W, bW)
        kind = i % 3
        if kind == 0:
            b = b + np.sign(b) * 10 ** rng.uniform(-1, 2)  # further into saturation
        elif kind == 1:
            w = w * (1 + rng.normal(size=2) * 10 ** rng.uniform(-15, -3))
        yield W, bW, w, float(b)


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


def exact_differs(W, bW, w, b):
    """Each parameter of (w, b) that is not (w₂ − w₁, b₂ − b₁) up to its rounding, in rational arithmetic."""
    exact = [Fraction(W[1, i]) - Fraction(W[0, i]) for i in range(2)] + [Fraction(bW[1]) - Fraction(bW[0])]
    return tuple(abs(Fraction(float(v)) - e) > abs(e) / 2**53 for v, e in zip([*w, b], exact, strict=True))


def test_equal_probabilities_are_not_equal_models():
    """300 saturated and 300 sampled pairs: ``differs`` is exactly the parameters that are not the rounded softmax
    difference (fractions), ``same_model`` implies ``equal``, and the audit's b = 60 against 50 is ``equal`` (the
    probabilities agree to rounding: the gap, 1.9e−22 by mpmath, is below the bound) but not the same model."""
    rng = np.random.default_rng(63)
    both = [*saturated_models(rng, 300), *sampled_models(rng, 300)]
    counts = {"same": 0, "equal only": 0}
    for W, bW, w, b in both:
        result = compare_square(W, bW, w, b, BOX, BOX)
        assert result.differs == exact_differs(W, bW, w, b)
        if result.same_model:
            assert result.equal
            counts["same"] += 1
        elif result.equal:
            counts["equal only"] += 1
    assert counts["same"] > 100 and counts["equal only"] > 50
    audit = compare_square(np.zeros((2, 2)), [0.0, 50.0], [0.0, 0.0], 60.0, BOX, BOX)
    assert audit.equal and not audit.same_model and audit.differs == (False, False, True)
    assert audit.reference == (0.0, 0.0, 50.0)
    assert audit.max_gap == pytest.approx(float(mp_sigmoid_gap(60.0, 10.0)), rel=2e-6)


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
