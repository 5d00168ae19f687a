"""The sigmoid page's challenge (free mode): the task, the progress, and core's verdict in words.

Free mode asks for the logistic (w, b) that makes both maps equal. The relation w = w₂ − w₁, b = b₂ − b₁ and the
distance from it stay hidden until "Show the answer" is on or ``core.challenge.judge`` says solved; meanwhile the
progress is the share of the square where the labels agree and the largest probability gap, which say how close,
not where. Linked mode states the relation, as the page always did.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext
from fractions import Fraction

import numpy as np
import streamlit as st

from core.challenge import EQUAL_HERE, NOT_YET, SAME_LABELS, SCALED, SOLVED, Verdict, judge
from ui.sigmoid_sections import LIMITS, distinct_text, gap_text, words

RELATION = "Equal everywhere exactly when $w = w_2 - w_1$, $b = b_2 - b_1$."
TASK = "**Challenge:** find the logistic $(w, b)$ that makes both maps equal."
START = "challenge_start"  # the view the page opened with in this session
# What a factor k does to σ(k·z) against σ(z), for k > 0 and k < 0: exact for every z ≠ 0.
SCALED_KEEPS = "a factor k ≠ 1 keeps every label and changes every probability off the boundary"
NEGATED_FLIPS = "every label off the boundary flips"


@st.cache_data(max_entries=64, show_spinner=False)
def _judged(W: tuple, bW: tuple, w: tuple, b: float) -> Verdict:
    return judge(np.array(W), np.array(bW), np.array(w), b, LIMITS, LIMITS)


def verdict(W, bW, w, b) -> Verdict:
    """``core.challenge.judge`` over the plotted square (cached per set of weights)."""
    return _judged(tuple(map(tuple, W)), tuple(bW), tuple(w), float(b))


def opened_with(view: dict) -> bool:
    """Whether ``view`` is the one the page first opened with in this session (a teacher's link, say)."""
    return st.session_state.setdefault(START, dict(view)) == view


def subtitle(kind: str, *, linked: bool, revealed: bool) -> str:
    """The line under the title: the relation when linked; in free mode the task, with the relation once it is
    asked for, and "Solved" once core says so."""
    if linked:
        return f"{RELATION} Drag an arrow's tip or a slider."
    if kind == SOLVED:
        return f"**Solved** (up to rounding, see below). {RELATION}"
    if revealed:
        return f"{TASK} The answer: $w = w_2 - w_1$, $b = b_2 - b_1$."
    return f"{TASK} Drag its arrow $w$ or its sliders."


def upper_text(x: float) -> str:
    """``x`` rounded up to two significant digits, for a sentence (a bound stays a bound: 3.04e−16 is 3.1 × 10⁻¹⁶)."""
    if x == 0:
        return "0"
    with localcontext(prec=2, rounding=ROUND_CEILING):
        text = +Decimal(x)
    return words(f"{text:e}")


def equal_sentence(square) -> str:
    """What "equal up to rounding" means here, with the bound and the largest gap core computed."""
    return (
        "Equal up to floating-point rounding over the whole square: (w, b) is (w₂ − w₁, b₂ − b₁) as floating point "
        f"rounds it, and that rounding alone can make a gap of at most {upper_text(square.rounding)}; the largest "
        f"gap is {gap_text(square.max_gap)}. Labels can differ only where both probabilities are that close to ½."
    )


def target_text(revealed: bool) -> str:
    """(w₂ − w₁, b₂ − b₁) once revealed, else what it is for."""
    return "$(w_2 - w_1,\\ b_2 - b_1)$" if revealed else "the $(w, b)$ that solves it"


def factor_sentence(k: Fraction | float | None, *, revealed: bool) -> str | None:
    """What (w, b) is when it is a multiple k ≠ 0 of (w₂ − w₁, b₂ − b₁) other than exactly 1 (``core.challenge.
    factor_of``): exactly (then what k keeps), or to a relative 10⁻⁹ only. k has the digits it takes not to read as
    1 or −1 unless it is."""
    if k is None or k == 0 or (k == 1 and isinstance(k, Fraction)):
        return None
    target = target_text(revealed)
    factor = distinct_text(k, 1, -1)
    if isinstance(k, Fraction):
        kept = SCALED_KEEPS if k > 0 else NEGATED_FLIPS
        return f"Your $(w, b)$ is {factor} × {target}: {kept}."
    of = target if factor == "1" else f"{factor} × {target}"
    return f"Your $(w, b)$ is within a relative $10^{{-9}}$ of {of}, but not exactly a multiple of it."


def named_differences(square, w, b) -> str:
    """Each parameter of (w, b) that is not (w₂ − w₁, b₂ − b₁) up to rounding, beside it, in digits that differ."""
    ref, named = square.reference, []
    if any(square.differs[:2]):
        pairs = [(distinct_text(x, r), distinct_text(r, x)) for x, r in zip(w, ref[:2], strict=True)]
        named.append(f"w = ({pairs[0][0]}, {pairs[1][0]}), w₂ − w₁ = ({pairs[0][1]}, {pairs[1][1]})")
    if square.differs[2]:
        named.append(f"b = {distinct_text(b, ref[2])}, b₂ − b₁ = {distinct_text(ref[2], b)}")
    return "; ".join(named)


def verdict_text(v: Verdict, w, b, *, revealed: bool, opened: bool) -> str:
    """Core's verdict in words; the relation and the parameters that differ from it only once revealed."""
    square = v.square
    gap = f"the largest gap is {gap_text(square.max_gap)}"
    if v.kind == SOLVED:
        start = " This page opened with this (w, b): the link poses the challenge already solved." if opened else ""
        return f"**Solved.** {equal_sentence(square)}{start}"
    if v.kind == EQUAL_HERE:
        named = f": {named_differences(square, w, b)}" if revealed else ""
        return (
            f"**Equal here, another model.** The maps are equal up to rounding on this square ({gap}, within the "
            f"{upper_text(square.rounding)} that rounding alone can make), but in exact arithmetic the probabilities "
            f"differ wherever the scores do, and the models differ{named}."
        )
    labels = f"The labels agree on the whole square, but the probabilities do not ({gap})"
    sentence = factor_sentence(v.factor, revealed=revealed)
    said = f" {sentence}" if sentence else ""
    if v.kind == SCALED:
        return f"**Same labels, other probabilities.** {labels}.{said}"
    if v.kind == SAME_LABELS:
        return (
            f"**Same labels, not a multiple.** {labels}, and your $(w, b)$ is not k × {target_text(revealed)} for "
            "any k > 0."
        )
    return (
        "**Not yet.** The labels still differ on part of the square. The two numbers above are your progress; solved "
        f"needs the largest gap to fall within what rounding can make, at most {upper_text(square.rounding)} "
        f"here.{said}"
    )


def show_verdict(v: Verdict, w, b, *, revealed: bool, opened: bool) -> None:
    """The verdict in a box: green once solved, blue before."""
    text = verdict_text(v, w, b, revealed=revealed, opened=opened)
    if v.kind == SOLVED:
        st.success(text, icon=":material/check_circle:")
    else:
        st.info(text, icon=":material/flag:" if v.kind == NOT_YET else ":material/info:")
