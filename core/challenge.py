"""The sigmoid page's challenge: is a logistic (w, b) the two-class softmax, over the plotted box?"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from core.equivalence import exact_multiple, logistic_from_softmax, multiple_of
from core.square import SquareComparison, compare_square

SOLVED, EQUAL_HERE, SCALED, SAME_LABELS, NOT_YET = "solved", "equal_here", "scaled", "same_labels", "not_yet"
Box = tuple[float, float]


@dataclass(frozen=True)
class Verdict:
    """Where a logistic (w, b) stands against the softmax rows, judged over a box.

    ``kind`` is the first that holds of:

    - ``solved``: (w, b) is (w₂ − w₁, b₂ − b₁) up to the rounding of that subtraction (each |δᵢ| ≤ u·|exactᵢ|,
      u = 2⁻⁵³) and the largest gap over the box is within what that rounding can make (``square.rounding``);
    - ``equal_here``: the gap is within that rounding, but (w, b) is another model (b = 60 against 50: both
      probabilities saturate), so σ(wᵀx + b) ≠ ŷ₂ at some x of the plane, in exact arithmetic;
    - ``scaled``: the labels agree on the whole box and (w, b) = k·(w₂ − w₁, b₂ − b₁) with k > 0, exactly
      (``factor`` a Fraction) or to a relative 10⁻⁹ (a float);
    - ``same_labels``: the labels agree on the whole box, and (w, b) is no such positive multiple;
    - ``not_yet``: the labels differ on part of the box.

    ``factor`` is ``factor_of``: k with (w, b) = k·(w₂ − w₁, b₂ − b₁), a ``Fraction`` when exact (the differences
    taken in rational arithmetic), else a float when within a relative 10⁻⁹ (``multiple_of``), else None.
    """

    kind: str
    square: SquareComparison
    factor: Fraction | float | None

    @property
    def exact_factor(self) -> bool:
        return isinstance(self.factor, Fraction)


def factor_of(W: npt.ArrayLike, bW: npt.ArrayLike, w: npt.ArrayLike, b: float) -> Fraction | float | None:
    """k with (w, b) = k·(w₂ − w₁, b₂ − b₁): exactly (``exact_multiple``, a Fraction), else to a relative 10⁻⁹
    against the differences rounded to floats (``multiple_of``, a float), else None."""
    guess = np.append(np.asarray(w, dtype=np.float64), float(b))
    exact = exact_multiple(guess, W, bW)
    return exact if exact is not None else multiple_of(guess, np.append(*logistic_from_softmax(W, bW)))


def judge(W: npt.ArrayLike, bW: npt.ArrayLike, w: npt.ArrayLike, b: float, xlim: Box, ylim: Box) -> Verdict:
    """The ``Verdict`` on σ(wᵀx + b) against class 2 of softmax rows ``W`` ``(2, 2)``, ``bW`` ``(2,)`` over the box.

    Agreement and gap come from ``compare_square`` (exact areas, a bracketed largest gap), the factor from
    ``factor_of``.
    """
    square = compare_square(W, bW, w, b, xlim, ylim)
    factor = factor_of(W, bW, w, b)
    if square.equal:
        kind = SOLVED if square.same_model else EQUAL_HERE
    elif square.agree_everywhere:
        kind = SCALED if factor is not None and factor > 0 else SAME_LABELS
    else:
        kind = NOT_YET
    return Verdict(kind=kind, square=square, factor=factor)
