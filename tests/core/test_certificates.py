"""Exact certificate checks: integers from floats, and checkers that accept right certificates and reject wrong ones,
including ones floating point would accept."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import optimize

from core.certificates import combination, descends, dyadic, pins, rules_out, separates
from core.rational_lp import alternative, stiemke

any_float = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)


@given(hnp.arrays(np.float64, st.integers(1, 8), elements=any_float))
def test_dyadic_is_the_floats_exactly(a):
    """Every finite float64, subnormals and ±1.8e308 included, is M·2ᵉ with the ints and exponent dyadic gives."""
    ints, exponent = dyadic(a)
    assert all(Fraction(int(m)) * Fraction(2) ** exponent == Fraction(float(v)) for m, v in zip(ints, a, strict=True))


def test_separates_is_exact_where_floating_point_is_fooled():
    """x = (−1.3, 1.5) of class 2, w₂ = (1.3, 0.8), b₁ = −0.49000000000000005: in floating point z₂ = −0.49 beats
    z₁, yet exactly z₂ − z₁ = −2.2e−18 (the products round up): the checker says no. With b₁ one float lower it
    says yes."""
    X, y = np.array([[-1.3, 1.5]]), np.array([1])
    W, b = np.array([[0.0, 0.0], [1.3, 0.8]]), np.array([-0.49000000000000005, 0.0])
    assert np.argmax(X @ W.T + b, axis=1)[0] == 1
    assert Fraction(-1.3) * Fraction(1.3) + Fraction(1.5) * Fraction(0.8) - Fraction(b[0]) < 0
    assert not separates(X, y, W, b)
    assert separates(X, y, W, np.array([np.nextafter(b[0], -1.0), 0.0]))


def test_separates_wants_every_margin_strictly_positive():
    """A tie (margin exactly 0) is not separation; a class never used can still be out-scored; wrong shapes, labels
    out of range and non-finite weights are refused, not crashed on."""
    X, y = np.array([[0.0], [1.0]]), np.array([0, 1])
    assert separates(X, y, [[0.0], [1.0]], [0.5, 0.0])
    assert not separates(X, y, [[0.0], [1.0]], [1.0, 0.0])  # point 2 ties
    assert separates(X, y, [[0.0], [1.0], [0.0]], [0.5, 0.0, -1.0])
    assert not separates(X, y, [[0.0], [1.0], [0.0]], [0.5, 0.0, 0.6])  # class 3 beats point 1
    assert not separates(X, y, [[0.0, 0.0], [1.0, 0.0]], [0.5, 0.0])
    assert not separates(X, [0, 2], [[0.0], [1.0]], [0.5, 0.0])
    assert not separates(X, y, [[0.0], [np.inf]], [0.5, 0.0])
    exact = np.array([[Fraction(0)], [Fraction(1, 3)]], dtype=object)
    assert separates(X, y, exact, np.array([Fraction(1, 6), Fraction(0)], dtype=object))
    assert not separates(X, y, exact, np.array([Fraction(1, 3), Fraction(0)], dtype=object))


def test_rules_out_accepts_a_balance_and_rejects_a_tampered_one():
    """Points 0, 1, 2 on a line labelled 1, 2, 1: ½·(x₁ − x₂ row) + ½·(x₃ − x₂ row) sums to 0, so no line separates
    them. Moving one multiplier by 2⁻⁶⁰, making one negative, all zero, or weighting a point's own class instead,
    breaks the proof and the checker says so."""
    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([0, 1, 0])
    lam = np.array([[0, Fraction(1, 2)], [Fraction(1), 0], [0, Fraction(1, 2)]], dtype=object)
    assert rules_out(X, y, lam)
    assert not np.any(combination(X, y, lam) != 0)
    nudged = lam.copy()
    nudged[0, 1] += Fraction(1, 2**60)
    assert not rules_out(X, y, nudged)
    negative = lam.copy()
    negative[2, 1] = Fraction(-1, 2)
    assert not rules_out(X, y, negative)
    assert not rules_out(X, y, np.zeros((3, 2), dtype=object))
    own = np.array([[Fraction(1, 2), 0], [0, 1], [Fraction(1, 2), 0]], dtype=object)
    assert not rules_out(X, y, own)


def test_descends_and_pins_are_each_others_alternative():
    """Point 0 labelled 1 and 2, point 5 labelled 3: moving class 3 up along x lowers point 5's loss and raises none
    (descends); the shared point alone has λ > 0 on both its rows summing to 0 (pins), but with point 5 its rows
    have no positive balance, so pins is refused on them."""
    X, y = np.array([[0.0], [0.0], [5.0]]), np.array([0, 1, 2])
    assert descends(X, y, np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0]]))
    assert not descends(X, y, np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]]))  # point 1's row goes negative
    assert not descends(X, y, np.zeros((3, 2)))
    assert pins(X[:2], y[:2], np.array([[0, 1], [1, 0]], dtype=object))
    everywhere = np.ones((3, 3), dtype=object)
    assert not pins(X, y, everywhere)
    assert not pins(X[:2], y[:2], np.array([[0, 1], [2, 0]], dtype=object))


@pytest.mark.parametrize("seed", range(3))
def test_the_rational_simplex_agrees_with_highs_and_proves_its_answers(seed):
    """200 random integer row sets (1 … 24 rows, 1 … 5 columns, half built to be separable), per seed: Gordan's
    and Stiemke's alternatives in rational arithmetic each return a certificate that checks exactly, and agree
    with HiGHS on these small, exactly representable problems."""
    rng = np.random.default_rng(seed)
    for _ in range(200):
        m, p = int(rng.integers(1, 25)), int(rng.integers(1, 6))
        rows = rng.integers(-3, 4, size=(m, p))
        if rng.random() < 0.5:
            rows = rows * np.where(rows @ rng.integers(-3, 4, size=p) < 0, -1, 1)[:, None]
        exact = np.array(rows, dtype=object)
        found, v = alternative(exact)
        if found:
            assert all(sum(Fraction(int(a)) * t for a, t in zip(row, v, strict=True)) >= 1 for row in rows)
        else:
            assert min(v) >= 0 and sum(v) == 1
            assert all(sum(lam * int(a) for lam, a in zip(v, column, strict=True)) == 0 for column in rows.T)
        feasible = optimize.linprog(np.zeros(p), A_ub=-rows, b_ub=-np.ones(m), bounds=(None, None), method="highs")
        assert found == (feasible.status == 0)
        direction, w = stiemke(exact)
        if direction:
            values = [sum(Fraction(int(a)) * t for a, t in zip(row, w, strict=True)) for row in rows]
            assert min(values) >= 0 and max(values) > 0
        else:
            assert min(w) > 0
            assert all(sum(lam * int(a) for lam, a in zip(w, column, strict=True)) == 0 for column in rows.T)
        count = optimize.linprog(
            np.r_[np.zeros(p), -np.ones(m)],
            A_ub=np.hstack([-rows, np.eye(m)]),
            b_ub=np.zeros(m),
            bounds=[(None, None)] * p + [(0, 1)] * m,
            method="highs",
        )
        assert direction == (-count.fun > 0.5)
