"""core.square: where a logistic and a two-class softmax model disagree over a box, and their largest gap, against
Monte Carlo samples, mpmath and exact signs."""

import math
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra import numpy as hnp
from scipy import optimize, special

from core import grid_points, logistic_from_softmax
from core.equivalence import logistic_from_negated_softmax
from core.square import clip_half_plane, compare_square, disagreement_regions, polygon_area
from tests.core.models import mp_sigmoid_gap, sampled_models, saturated_models
from tests.core.strategies import finite, moderate

BOX = (-4.0, 4.0)
rows = hnp.arrays(np.float64, (2, 2), elements=moderate)
biases = hnp.arrays(np.float64, (2,), elements=moderate)
huge_rows = hnp.arrays(np.float64, (2, 2), elements=finite)
huge_biases = hnp.arrays(np.float64, (2,), elements=finite)
W_EX, B_EX = np.array([[-1.0, 0.5], [1.0, 1.0]]), np.array([0.5, -0.5])


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
