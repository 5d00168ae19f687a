"""Linear algebra and linear programs in rational arithmetic (no rounding at all), for a few hundred rows at most.

Gordan's alternative, by the simplex method: for rows a_r (integers), exactly one holds: some θ has every
a_r·θ > 0, or some λ ≥ 0, not all 0, has Σ λ_r a_r = 0.
The program max Σλ subject to Σ λ_r a_r = 0, Σλ ≤ 1, λ ≥ 0 has optimum 1 with such a λ, or optimum 0, and then
its dual solution θ (min μ subject to a_r·θ + μ ≥ 1, μ ≥ 0) has every a_r·θ ≥ 1. Bland's rule: no cycling.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import numpy.typing as npt


def row_echelon(rows: list[list[Fraction]], width: int | None = None) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form in rationals: (nonzero rows, pivot columns), pivots taken left to right."""
    rows = [list(r) for r in rows]
    pivots: list[int] = []
    width = (len(rows[0]) if rows else 0) if width is None else width
    for c in range(width):
        r = len(pivots)
        if r == len(rows):
            break
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        head = rows[r][c]
        rows[r] = [v / head for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * p for a, p in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
    return rows[: len(pivots)], pivots


def complete(rows: np.ndarray, guess: npt.ArrayLike, *, order: npt.ArrayLike | None = None) -> list[Fraction]:
    """v with ``rows`` @ v = 0 exactly, near ``guess``: in rationals, the free entries set to the guess (the
    rationals its floats are) and the pivot entries solved for; pivots are sought in ``order`` (default: left to
    right), so the entries solved for are those it names first."""
    guess = np.asarray(guess, dtype=np.float64)
    order = np.arange(guess.shape[0]) if order is None else np.asarray(order)
    reduced, pivots = row_echelon([[Fraction(int(v)) for v in row] for row in np.asarray(rows)[:, order]])
    v = [Fraction(float(guess[j])) for j in order]
    free = sorted(set(range(len(order))) - set(pivots))
    for r, c in enumerate(pivots):
        v[c] = -sum((reduced[r][f] * v[f] for f in free), Fraction(0))
    solved = [Fraction(0)] * len(order)
    for position, column in enumerate(order):
        solved[int(column)] = v[position]
    return solved


def alternative(rows: np.ndarray) -> tuple[bool, list[Fraction]]:
    """(True, θ) with every a_r·θ ≥ 1, or (False, λ) with λ ≥ 0, Σλ = 1 and Σ λ_r a_r = 0, all exact.

    ``rows`` ``(m, p)`` holds Python ints (or anything ``Fraction`` takes exactly).

    >>> alternative(np.array([[1, 0], [-1, 0]], dtype=object))[0]
    False
    >>> alternative(np.array([[1, 0], [1, 1]], dtype=object))
    (True, [Fraction(1, 1), Fraction(0, 1)])
    """
    m, p = rows.shape
    # Columns: λ_1 … λ_m, σ (slack of Σλ ≤ 1), α_1 … α_p (artificials of the equations), right-hand side.
    sigma, first_alpha = m, m + 1
    tableau = []
    for i in range(p):
        row = [Fraction(rows[r, i]) for r in range(m)] + [Fraction(0)] * (1 + p + 1)
        row[first_alpha + i] = Fraction(1)
        tableau.append(row)
    tableau.append([Fraction(1)] * m + [Fraction(1)] + [Fraction(0)] * p + [Fraction(1)])
    basis = [first_alpha + i for i in range(p)] + [sigma]

    def pivot(r: int, c: int) -> None:
        head = tableau[r][c]
        tableau[r] = [v / head for v in tableau[r]]
        for i, row in enumerate(tableau):
            if i != r and row[c] != 0:
                f = row[c]
                tableau[i] = [a - f * b for a, b in zip(row, tableau[r], strict=True)]
        basis[r] = c

    # The artificials are 0 from the start (the equations' right-hand sides are 0): pivot each out where a λ
    # column has a nonzero entry in its row; a row with none is redundant and its artificial stays at 0.
    for r in range(p):
        if basis[r] >= first_alpha:
            c = next((c for c in range(m) if tableau[r][c] != 0), None)
            if c is not None:
                pivot(r, c)
    cost = [Fraction(1)] * m + [Fraction(0)] * (1 + p)
    while True:
        prices = [sum((cost[b] * tableau[i][c] for i, b in enumerate(basis)), Fraction(0)) for c in range(m + 1)]
        entering = next((c for c in range(m + 1) if c not in basis and cost[c] - prices[c] > 0), None)
        if entering is None:
            break
        ratios = [
            (tableau[i][-1] / tableau[i][entering], basis[i], i)
            for i in range(p + 1)
            if tableau[i][entering] > 0 and basis[i] < first_alpha
        ]
        if not ratios:  # cannot happen: Σλ ≤ 1 bounds every λ
            raise ArithmeticError("unbounded Gordan program")
        pivot(min(ratios)[2], entering)
    value = sum((cost[b] * tableau[i][-1] for i, b in enumerate(basis)), Fraction(0))
    if value > 0:
        lam = [Fraction(0)] * m
        for i, b in enumerate(basis):
            if b < m:
                lam[b] = tableau[i][-1]
        return False, lam
    # Dual values: c_B B⁻¹, and B⁻¹'s columns sit where the first basis (the α's, then σ) was.
    theta = [
        sum((cost[b] * tableau[i][first_alpha + j] for i, b in enumerate(basis)), Fraction(0)) for j in range(p)
    ]
    return True, theta


def _null_basis(rows: list[list[Fraction]], p: int) -> list[list[Fraction]]:
    """Vectors v (each of length p) spanning {v : a·v = 0 for every row a}, exactly."""
    reduced, pivots = row_echelon(rows, p)
    basis = []
    for f in (c for c in range(p) if c not in pivots):
        v = [Fraction(0)] * p
        v[f] = Fraction(1)
        for r, c in enumerate(pivots):
            v[c] = -reduced[r][f]
        basis.append(v)
    return basis


def stiemke(rows: np.ndarray) -> tuple[bool, list[Fraction]]:
    """(True, θ) with every a_r·θ ≥ 0 and one > 0, or (False, λ) with every λ_r > 0 and Σ λ_r a_r = 0, exact.

    Rows a Gordan λ ≥ 0 puts weight on are 0 at every θ with all a_r·θ ≥ 0. So: restrict θ to where the rows
    found so far are 0 (θ = N z), and ask Gordan's question of the other rows in z. Either some z makes them all
    ≥ 1 (then θ = N z is the direction), or a new λ' ≥ 0 on them has Σ λ'_r a_r N = 0, so Σ λ'_r a_r = Σ μ_s a_s
    over the rows found; λ' − μ + cλ, with c large, is ≥ 0 again and puts weight on more rows. When every row
    has weight, λ > 0 is the answer.

    >>> stiemke(np.array([[1, 0], [-1, 0], [0, 1]], dtype=object))
    (True, [Fraction(0, 1), Fraction(1, 1)])
    """
    m, p = rows.shape
    exact = [[Fraction(rows[r, i]) for i in range(p)] for r in range(m)]
    lam = [Fraction(0)] * m
    while True:
        held = [r for r in range(m) if lam[r] > 0]
        rest = [r for r in range(m) if lam[r] == 0]
        if not rest:
            return False, lam
        N = _null_basis([exact[r] for r in held], p)
        if N:
            reduced = np.array(
                [[sum((exact[r][i] * v[i] for i in range(p)), Fraction(0)) for v in N] for r in rest], dtype=object
            )
            found, z = alternative(reduced)
            if found:
                return True, [sum((z[j] * N[j][i] for j in range(len(N))), Fraction(0)) for i in range(p)]
        else:  # θ = 0 is all that is left: every other row lies in the span of the held ones
            z = [Fraction(1)] * len(rest)
        # Σ λ'_r a_r over the rest lies in the span of the held rows: Σ λ'_r a_r = Σ μ_s a_s.
        w = [sum((z[j] * exact[r][i] for j, r in enumerate(rest)), Fraction(0)) for i in range(p)]
        system = [[exact[s][i] for s in held] + [w[i]] for i in range(p)]
        reduced_system, pivots = row_echelon(system, len(held) + 1)
        if len(held) in pivots:  # not in the span: cannot happen in exact arithmetic
            raise ArithmeticError("inconsistent Stiemke step")
        mu = {held[c]: reduced_system[r][-1] for r, c in enumerate(pivots)}
        c = 1 + max([math.ceil(mu.get(s, Fraction(0)) / lam[s]) for s in held], default=0)
        lam = [max(c, 1) * lam[r] - mu.get(r, Fraction(0)) for r in range(m)]
        for j, r in enumerate(rest):
            lam[r] = z[j]
        lam = _whole(lam)


def _whole(v: list[Fraction]) -> list[Fraction]:
    """v times the one positive rational that makes its entries coprime integers (the same ray, small numbers)."""
    common = math.lcm(*(x.denominator for x in v))
    ints = [int(x * common) for x in v]
    g = math.gcd(*ints) or 1
    return [Fraction(x // g) for x in ints]
