"""core.challenge.judge: each verdict against exact rational areas, parameters in fractions and gaps by mpmath, on
cases built so that the verdict next to it would be the wrong one."""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from core import logistic_from_softmax
from core.challenge import EQUAL_HERE, NOT_YET, SAME_LABELS, SCALED, SOLVED, judge
from core.equivalence import parameter_distance
from tests.core.models import mp_sigmoid_gap, saturated_models

BOX = (-4.0, 4.0)
W_EX, B_EX = np.array([[-1.0, 0.5], [1.0, 1.0]]), np.array([0.5, -0.5])  # w₂ − w₁ = (2, 0.5), b₂ − b₁ = −1
U = Fraction(1, 2**53)


def exact_target(W, bW) -> list[Fraction]:
    return [Fraction(W[1][i]) - Fraction(W[0][i]) for i in range(2)] + [Fraction(bW[1]) - Fraction(bW[0])]


def clip(polygon, coefficients):
    """The part of a convex polygon (Fraction vertices) where a·x + c > 0 (one Sutherland–Hodgman pass, exact)."""
    a1, a2, c = coefficients
    f = [a1 * x + a2 * y + c for x, y in polygon]
    kept = []
    for i, (p, fp) in enumerate(zip(polygon, f, strict=True)):
        q, fq = polygon[(i + 1) % len(polygon)], f[(i + 1) % len(polygon)]
        if fp > 0:
            kept.append(p)
        if (fp > 0) != (fq > 0) and fp != fq:
            t = fp / (fp - fq)
            kept.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return kept


def area(polygon) -> Fraction:
    n = len(polygon)
    return abs(sum(polygon[i][0] * polygon[(i + 1) % n][1] - polygon[(i + 1) % n][0] * polygon[i][1]
                   for i in range(n))) / 2


def exact_disagreement(W, bW, w, b) -> Fraction:
    """The share of the box where the signs of wᵀx + b and (w₂ − w₁)ᵀx + (b₂ − b₁) differ, in exact arithmetic."""
    box = [(Fraction(x), Fraction(y)) for x, y in ((-4, -4), (4, -4), (4, 4), (-4, 4))]
    guess, target = [Fraction(float(v)) for v in [*w, b]], exact_target(W, bW)
    pieces = [clip(clip(box, p), [-v for v in q]) for p, q in ((guess, target), (target, guess))]
    return sum((area(piece) for piece in pieces if len(piece) >= 3), Fraction(0)) / 64


def sampled_gap(W, bW, w, b, count=33) -> mpmath.mpf:
    """The largest |σ(wᵀx + b) − ŷ₂| over a count × count grid of the box and its corners, by mpmath."""
    target = exact_target(W, bW)
    best = mpmath.mpf(0)
    for x1 in np.linspace(*BOX, count):
        for x2 in np.linspace(*BOX, count):
            a = Fraction(float(w[0])) * Fraction(x1) + Fraction(float(w[1])) * Fraction(x2) + Fraction(float(b))
            c = target[0] * Fraction(x1) + target[1] * Fraction(x2) + target[2]
            best = max(best, mp_sigmoid_gap(float(a), float(a - c)) if a != c else mpmath.mpf(0))
    return best


def test_the_answer_is_solved_with_a_bound_and_its_scales_are_not():
    """(w₂ − w₁, b₂ − b₁) itself is solved, k = 1; 2× it and 1 + 10⁻¹² times it are not: mpmath finds a gap beyond
    the rounding bound at a grid point for both; both are exact multiples with the same labels here, and for rows whose
    differences are not floats 1 + 10⁻¹² times their rounding is within a relative 10⁻⁹ of one and nothing more."""
    w, b = logistic_from_softmax(W_EX, B_EX)
    solved = judge(W_EX, B_EX, w, b, BOX, BOX)
    assert solved.kind == SOLVED and solved.factor == 1 and solved.exact_factor
    assert solved.square.rounding == pytest.approx(2**-53 * (2 * 4 + 0.5 * 4 + 1) / 4, rel=1e-12)
    double = judge(W_EX, B_EX, 2 * w, 2 * b, BOX, BOX)
    assert double.kind == SCALED and double.factor == 2 and exact_disagreement(W_EX, B_EX, 2 * w, 2 * b) == 0
    assert sampled_gap(W_EX, B_EX, 2 * w, 2 * b) > double.square.rounding
    k = 1 + 1e-12
    near = judge(W_EX, B_EX, k * w, k * b, BOX, BOX)  # (2, 0.5, −1)·k rounds to k times it exactly
    assert near.kind == SCALED and near.factor == Fraction(k) and exact_disagreement(W_EX, B_EX, k * w, k * b) == 0
    assert sampled_gap(W_EX, B_EX, k * w, k * b) > near.square.rounding
    W, bW = np.array([[0.1, 0.7], [0.3, -0.2]]), np.array([0.3, -0.1])  # differences that are not floats
    w, b = logistic_from_softmax(W, bW)
    nudged = judge(W, bW, k * w, k * b, BOX, BOX)
    assert nudged.kind != SOLVED and not nudged.exact_factor and abs(nudged.factor - k) < 1e-15
    assert sampled_gap(W, bW, k * w, k * b) > nudged.square.rounding
    share = exact_disagreement(W, bW, k * w, k * b)
    assert (nudged.kind == SCALED) == (share <= Fraction(nudged.square.agreement_error)), share


def test_a_negative_multiple_is_not_yet_and_flips_every_label():
    """−(w₂ − w₁, b₂ − b₁): factor −1 exactly, and the labels differ on the whole box (exact area 1)."""
    w, b = logistic_from_softmax(W_EX, B_EX)
    flipped = judge(W_EX, B_EX, -w, -b, BOX, BOX)
    assert flipped.kind == NOT_YET and flipped.factor == -1 and flipped.square.agree_nowhere
    assert exact_disagreement(W_EX, B_EX, -w, -b) == 1


@pytest.mark.parametrize("offset", [1e-9, -1e-9, 0.5])
def test_a_bias_off_by_itself_is_not_yet(offset):
    """w right and b off by 10⁻⁹ or ½: not solved (mpmath finds a gap beyond the bound) and not the same labels
    (exact area > 0, beyond the reported error); no exact factor, as (w, b) is no multiple, but 10⁻⁹ is within a
    relative 10⁻⁹ of one (k ≈ 1 − 2 × 10⁻¹⁰, by least squares)."""
    w, b = logistic_from_softmax(W_EX, B_EX)
    verdict = judge(W_EX, B_EX, w, b + offset, BOX, BOX)
    assert verdict.kind == NOT_YET and not verdict.exact_factor
    guess = np.append(w, b + offset)
    k = guess @ np.append(w, b) / (np.append(w, b) @ np.append(w, b))
    residual = np.linalg.norm(guess - k * np.append(w, b)) / np.linalg.norm(guess)
    assert (verdict.factor is None) == (residual > 1e-9)
    assert verdict.factor is None or verdict.factor == pytest.approx(k, rel=1e-15)
    assert sampled_gap(W_EX, B_EX, w, b + offset) > verdict.square.rounding
    share = exact_disagreement(W_EX, B_EX, w, b + offset)
    assert share > Fraction(verdict.square.agreement_error)
    assert float(share) == pytest.approx(1 - verdict.square.agreement, rel=1e-6)


def test_rounding_sized_offsets_are_solved_and_larger_ones_are_not():
    """0.7 − 0.1 is not a float: its float difference 0.6 is off by a relative 4.6 × 10⁻¹⁷ ≤ u and is solved, though
    its distance from the exact difference is not 0; the float on the exact difference's other side is off by
    1.4 × 10⁻¹⁶ > u and is not. For 0.7 − (−0.1) both neighbours are within u: 0.7999999999999999 and the decimal
    0.8 are both solved. At b₂ − b₁ ≈ 10⁸ a neighbouring float, 1.5 × 10⁻⁸ away, is solved exactly when it is within
    u·|exact|, while 10⁻⁹ at 1 is not (test_a_bias_off_by_itself_is_not_yet)."""
    W, bW = np.array([[0.1, 0.0], [0.7, 0.0]]), np.zeros(2)
    e = exact_target(W, bW)
    w, b = logistic_from_softmax(W, bW)
    assert w[0] == 0.6 and Fraction(w[0]) != e[0] and abs(Fraction(w[0]) - e[0]) <= U * e[0]
    assert parameter_distance(W, bW, w, b) > 0
    assert judge(W, bW, w, b, BOX, BOX).kind == SOLVED
    other = math.nextafter(w[0], math.inf if Fraction(w[0]) < e[0] else -math.inf)
    assert abs(Fraction(other) - e[0]) > U * e[0]
    assert judge(W, bW, [other, 0.0], 0.0, BOX, BOX).kind != SOLVED
    W = np.array([[-0.1, 0.0], [0.7, 0.0]])
    assert 0.7 - -0.1 == 0.7999999999999999
    assert all(judge(W, bW, [v, 0.0], 0.0, BOX, BOX).kind == SOLVED for v in (0.7999999999999999, 0.8))
    W, bW = np.zeros((2, 2)), np.array([-0.1, 1e8])
    e = exact_target(W, bW)
    _, b = logistic_from_softmax(W, bW)
    seen = set()
    for neighbour in (math.nextafter(b, math.inf), math.nextafter(b, -math.inf)):
        within = abs(Fraction(neighbour) - e[2]) <= U * abs(e[2])
        verdict = judge(W, bW, [0.0, 0.0], neighbour, BOX, BOX)
        assert (verdict.kind == SOLVED) == within and verdict.kind in (SOLVED, EQUAL_HERE)
        seen.add(within)
    assert seen == {True, False}


def test_saturated_probabilities_are_equal_here_but_not_solved():
    """b = 60 against b₂ − b₁ = 50 with w = 0: the gap (1.9 × 10⁻²² by mpmath) is below the rounding bound, but b is
    not 50 up to rounding: equal here, another model."""
    W, bW = np.zeros((2, 2)), np.array([0.0, 50.0])
    verdict = judge(W, bW, [0.0, 0.0], 60.0, BOX, BOX)
    assert verdict.kind == EQUAL_HERE
    assert mp_sigmoid_gap(60.0, 10.0) <= verdict.square.rounding and verdict.factor == Fraction(6, 5)


def test_same_labels_without_being_a_multiple():
    """Rows whose boundary x₁ = 10 misses the box and a logistic model with another line that misses it too: class 1
    on the whole box for both (exact area 0), no factor. Equal rows (w₂ − w₁ = 0, b₂ − b₁ = 0) score 0, class 1
    everywhere, as does (0, 0, −1): same labels, no multiple; and (0, 0, 0) is solved."""
    W, bW = np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([0.0, -10.0])
    verdict = judge(W, bW, [0.0, 1.0], -20.0, BOX, BOX)
    assert verdict.kind == SAME_LABELS and verdict.factor is None
    assert exact_disagreement(W, bW, [0.0, 1.0], -20.0) == 0
    equal_rows, zeros = np.array([[0.5, -1.0], [0.5, -1.0]]), np.array([0.25, 0.25])
    assert judge(equal_rows, zeros, [0.0, 0.0], -1.0, BOX, BOX).kind == SAME_LABELS
    assert judge(equal_rows, zeros, [0.0, 0.0], 0.0, BOX, BOX).kind == SOLVED


def challenge_cases(rng, count):
    """Decimal rows (three places, |·| ≤ 30) with the answer, a multiple k of either sign, the answer nudged by
    10⁻¹² … 100 on one parameter, or another model; saturated pairs (``saturated_models``); and rows whose boundary
    misses the box beside another line that misses it on the same side."""
    yield from saturated_models(rng, count // 6)
    for i in range(count - count // 6):
        W, bW = (rng.uniform(-30, 30, size=(2, 2))).round(3), rng.uniform(-30, 30, size=2).round(3)
        w, b = logistic_from_softmax(W, bW)
        kind = i % 5
        if kind == 1:
            k = float(rng.choice([-3, -1, 0.5, 2, 3.25]))
            w, b = k * w, k * b
        elif kind == 2:
            guess = np.append(w, b)
            guess[rng.integers(3)] += rng.choice([-1, 1]) * 10.0 ** rng.integers(-12, 3)
            w, b = guess[:2], float(guess[2])
        elif kind == 3:
            w, b = rng.normal(size=2) * 3, float(rng.normal() * 3)
        elif kind == 4:  # both lines beyond the box, on the same side of it
            W[1] = W[0] + rng.normal(size=2)
            side = rng.choice([-1, 1])
            bW[1] = bW[0] + side * (np.abs(W[1] - W[0]).sum() * 4 + rng.uniform(1, 5))
            w = rng.normal(size=2)
            b = float(side * (np.abs(w).sum() * 4 + rng.uniform(1, 5)))
        yield W, bW, w, float(b)


def test_every_verdict_holds_against_fractions_and_mpmath():
    """200 cases (``challenge_cases``), each verdict checked independently: solved ⇔ every parameter within u·|exact|
    of (w₂ − w₁, b₂ − b₁) in fractions with no sampled gap (mpmath) beyond the bound; equal here ⇒ not within, and no
    sampled gap beyond the bound; scaled ⇒ a positive multiple, exactly in fractions when the factor is exact; the
    exact disagreement area is the reported one within its error, within that error of 0 for scaled or same labels,
    and more than 0 for not yet. Every verdict occurs."""
    rng = np.random.default_rng(21)
    seen = {kind: 0 for kind in (SOLVED, EQUAL_HERE, SCALED, SAME_LABELS, NOT_YET)}
    for W, bW, w, b in challenge_cases(rng, 200):
        verdict = judge(W, bW, w, b, BOX, BOX)
        square = verdict.square
        e = exact_target(W, bW)
        within = all(abs(Fraction(float(v)) - t) <= U * abs(t) for v, t in zip([*w, b], e, strict=True))
        seen[verdict.kind] += 1
        if verdict.kind in (SOLVED, EQUAL_HERE):
            assert within == (verdict.kind == SOLVED) and sampled_gap(W, bW, w, b, count=5) <= square.rounding
        elif within:
            assert not square.equal  # the answer up to rounding is solved unless its gap exceeds the bound
        share = exact_disagreement(W, bW, w, b)
        assert abs(Fraction(1 - square.agreement) - share) <= Fraction(square.agreement_error)
        if verdict.kind in (SCALED, SAME_LABELS):
            assert share <= Fraction(square.agreement_error)
        if verdict.kind == NOT_YET:
            assert share > 0
        if verdict.kind == SCALED:
            assert verdict.factor > 0
            if verdict.exact_factor:
                assert [Fraction(float(v)) for v in [*w, b]] == [verdict.factor * t for t in e]
    assert min(seen.values()) >= 10, seen
