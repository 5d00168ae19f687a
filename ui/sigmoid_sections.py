"""The "Look closer" sections of the sigmoid vs softmax page, each a function of the current rows and model.

Each section's own settings (the shift c, the factor k, the sign convention) are widgets bound to the address bar,
so a link reopens the section as it was.
"""

from __future__ import annotations

import inspect
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pandas as pd
import streamlit as st

from core import grid_points, logistic_from_softmax
from core.equivalence import (
    SAMPLE_NAMES,
    SAMPLE_POINTS,
    along_w,
    boundary_segment,
    compare,
    logistic_from_negated_softmax,
    scaled_logistic,
    shift_rows,
)
from core.square import compare_square
from ui.frame import current_look, show_chart
from ui.params import Choice, Number
from ui.sigmoid_explorer import ROW_KEYS, VIEW, set_view
from viz.sigmoid_softmax import curves_figure, disagreement_figure, region_figure

LIMITS = (-4.0, 4.0)  # the plotted square, the same on both axes
SPECS = [
    Number("c1", -3, 3),
    Number("c2", -3, 3),
    Number("cb", -3, 3),
    Number("k", 0.25, 4),
    Choice("negated", ("true", "false")),
]


def short(x: float) -> str:
    """The shortest text that reads back as the same float (Python's repr): 999999.1 stays 999999.1, 0.3 − 0.1
    shows as 0.19999999999999998, so what the page writes is what it computes with; −0 is written 0."""
    return repr(float(x) + 0.0).removesuffix(".0")


def tex(x: float) -> str:
    """A number for LaTeX: every digit it takes to be read back exactly (``short``), powers of ten written out."""
    text = short(x)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa.removesuffix('.0')} \times 10^{{{int(exponent)}}}"
    return text


def words(text: str) -> str:
    """A number's text for a sentence: a typographic minus and powers of ten written out (1e-07 is 1 × 10⁻⁷)."""
    if "e" in text.lower():
        mantissa, exponent = text.lower().split("e")
        text = f"{mantissa.removesuffix('.0')} × 10{str(int(exponent)).translate(SUPERSCRIPTS)}"
    return text.replace("-", "−")


def plain(x: float) -> str:
    """``short`` for a sentence."""
    return words(short(x))


def distinct_text(x: float | Fraction, *others: float | Fraction, digits: int = 3) -> str:
    """``x`` to ``digits`` significant digits, or as many more as it takes for the text not to read as any of
    ``others`` that x is not: a factor of 1.0001 compared with 1 is "1.0001", not "1"."""
    exact = Fraction(x)
    for precision in range(digits, 800):
        with localcontext(prec=precision):
            text = Decimal(exact.numerator) / Decimal(exact.denominator)  # rounded to `precision` digits
        if all(Fraction(text) != Fraction(o) for o in others if Fraction(o) != exact):
            break
    text = text.normalize()
    # Fixed point unless that would write zeros that are not digits of x (123456.789 to 3 digits is 1.23 × 10⁵).
    fixed = -7 <= text.adjusted() < 16 and (text.as_tuple().exponent <= 0 or Fraction(text) == exact)
    return words(f"{text:f}" if fixed else f"{text:e}")


def affine_tex(w, b) -> str:
    """w₁x₁ + w₂x₂ + b with the numbers plugged in and signs tidied."""
    parts = [rf"{tex(w[0])}\,x_1"]
    for text in (rf"{tex(w[1])}\,x_2", tex(b)):
        parts.append(f"- {text[1:]}" if text.startswith("-") else f"+ {text}")
    return " ".join(parts)


def pair_tex(v) -> str:
    return rf"\left({tex(v[0])},\ {tex(v[1])}\right)"


def gap_text(gap: float) -> str:
    """A probability gap as the explorer shows it (linear.js gapText): "0", "< 1e−15" at rounding level, two
    significant digits below 0.001, else three decimals."""
    if gap == 0:
        return "0"
    if gap < 1e-15:
        return "< 1e−15"
    if gap < 1e-3:
        mantissa, exponent = f"{gap:.1e}".split("e")
        return f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPTS)}"
    return f"{gap:.3f}"


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def share_text(share: float, error: float = 0.0) -> str:
    """A share of the square as the explorer shows it (linear.js shareText): two decimals of percent, 100% and
    0% only when the share is within ``error`` (the exact areas' rounding) of them, and never rounded there."""
    if share >= 1 - error:
        return "100%"
    if share <= error:
        return "0%"
    text = f"{100 * share:.2f}"
    return {"100.00": "> 99.99%", "0.00": "< 0.01%"}.get(text, f"{text}%")


# ~0.5 MB an entry: 32 keep a class's recent settings without letting memory grow with the class size.
@st.cache_data(max_entries=32, show_spinner=False)
def plane(W: tuple, bW: tuple, w: tuple, b: float):
    """Both models over the plotted grid (cached per set of weights)."""
    _, _, X = grid_points(LIMITS, LIMITS)
    return compare(np.array(W), np.array(bW), np.array(w), b, X)


@st.cache_data(max_entries=64, show_spinner=False)
def square(W: tuple, bW: tuple, w: tuple, b: float, *, negated: bool = False):
    """Both models over the whole plotted square: the exact agreement area and the largest gap."""
    return compare_square(np.array(W), np.array(bW), np.array(w), b, LIMITS, LIMITS, negated=negated)


def square_comparison(W, bW, w, b, *, negated: bool = False):
    return square(tuple(map(tuple, W)), tuple(bW), tuple(w), b, negated=negated)


def axes():
    xs, ys, _ = grid_points(LIMITS, LIMITS)
    return xs, ys


def derivation(W, bW, *, numbers: bool) -> None:
    """Why ŷ₂ = σ((w₂ − w₁)ᵀx + b₂ − b₁), with the current rows plugged in if ``numbers``."""
    w, b = logistic_from_softmax(W, bW)
    st.markdown("Divide the top and bottom of the softmax by $e^{z_2}$:")
    st.latex(
        r"\begin{aligned}\hat y_2 &= \frac{e^{z_2}}{e^{z_1} + e^{z_2}} = \frac{1}{1 + e^{z_1 - z_2}}"
        r"\\ &= \frac{1}{1 + e^{-(z_2 - z_1)}} = \sigma(z_2 - z_1)\end{aligned}"
    )
    if not numbers:
        st.caption("Your rows' numbers appear here once you ask for the answer above.")
        return
    st.markdown("With the rows above, the two scores are")
    st.latex(rf"\begin{{aligned}}z_1 &= {affine_tex(W[0], bW[0])}\\ z_2 &= {affine_tex(W[1], bW[1])}\end{{aligned}}")
    st.markdown(
        "so the score inside the sigmoid is linear in $x$ too:" if w.any() else
        "so the score inside the sigmoid is the same at every $x$ ($w_2 = w_1$):"
    )
    st.latex(rf"\begin{{aligned}}z_2 - z_1 &= (w_2 - w_1)^\top x + (b_2 - b_1)\\ &= {affine_tex(w, b)}\end{{aligned}}")
    st.latex(rf"\Rightarrow\quad w = {pair_tex(w)}, \qquad b = {tex(b)}")
    if notes := rounding_notes(W, bW):
        st.caption(
            f"In floating point {'; '.join(notes)}: each number is stored as the nearest binary fraction, and their "
            "difference is rounded to one again, so it need not be what subtracting the decimals gives."
        )


def rounding_notes(W, bW) -> list[str]:
    """"a − b = d" for each entry of (w₂ − w₁, b₂ − b₁) whose floating-point difference d is not the difference
    of a and b as written (999999.3 − 999999.1 = 0.2000000000698492)."""
    w, b = logistic_from_softmax(W, bW)
    notes = []
    for high, low, d in zip([*W[1], bW[1]], [*W[0], bW[0]], [*w, b], strict=True):
        if Fraction(short(high)) - Fraction(short(low)) != Fraction(short(d)):
            notes.append(f"{plain(high)} − {plain(low) if low >= 0 else f'({plain(low)})'} = {plain(d)}")
    return notes


def along(W, bW, w, b, linked: bool) -> None:
    """Both probabilities against the logistic score z along the direction of w."""
    line = along_w(w, b, LIMITS, LIMITS)
    if line is None:
        st.info("With w = 0 the logistic score is the constant b everywhere: there is no direction to follow.")
        return
    X, z = line
    result = compare(W, bW, w, b, X)
    curves = (
        [("ŷ = ŷ₂ = σ(z)", result.y_hat)]
        if linked
        else [("logistic ŷ = σ(z)", result.y_hat), ("softmax ŷ₂", result.y_hat2)]
    )
    fig = curves_figure(z, curves, title="", xaxis_title="score z = wᵀx + b", look=current_look())
    show_chart(fig, key="along_w", filename="along_w", name="Probability of class 2 along w, against the score z")
    st.caption(
        "Points x on the line through the origin in the direction of w, as far out as the square's corners "
        "(beyond its sides unless w points along a diagonal); the horizontal axis is their logistic score. "
        "Linked, both models draw the same sigmoid."
    )


def differences(W, bW, w, b) -> None:
    """The plotted square's cells where the predicted labels differ, and both models at the named points."""
    xs, ys = axes()
    w_star, b_star = logistic_from_softmax(W, bW)
    fig = disagreement_figure(
        xs,
        ys,
        plane(tuple(map(tuple, W)), tuple(bW), tuple(w), b).disagree,
        logistic_boundary=boundary_segment(w, b, LIMITS, LIMITS),
        softmax_boundary=boundary_segment(w_star, b_star, LIMITS, LIMITS),
        agree_everywhere=square_comparison(W, bW, w, b).agree_everywhere,
        look=current_look(),
    )
    show_chart(fig, key="disagreement", filename="disagreement")
    st.caption(f"A {len(xs)} × {len(ys)} grid over the square; a cell is highlighted where the two labels differ.")
    points = compare(W, bW, w, b, SAMPLE_POINTS)
    st.dataframe(
        pd.DataFrame(
            {
                "point": SAMPLE_NAMES,
                "x₁": SAMPLE_POINTS[:, 0],
                "x₂": SAMPLE_POINTS[:, 1],
                "ŷ (logistic)": points.y_hat,
                "ŷ₂ (softmax)": points.y_hat2,
                "|ŷ − ŷ₂|": points.gap,
            }
        ),
        hide_index=True,
        key="points_table",
        alt="Both models at the named points",
        column_config={
            "ŷ (logistic)": st.column_config.NumberColumn(format="%.4f"),
            "ŷ₂ (softmax)": st.column_config.NumberColumn(format="%.4f"),
            "|ŷ − ŷ₂|": st.column_config.NumberColumn(format="%.1e"),
        },
    )


@st.fragment
def shift(W, bW) -> None:
    """Adding the same c to both rows changes no score difference, so nothing moves."""
    st.subheader("Shift both rows: nothing moves")
    columns = st.columns(3)
    names = {"c1": "Shift c, first entry", "c2": "Shift c, second entry", "cb": "Shift of both biases"}
    for column, (key, label) in zip(columns, names.items(), strict=True):
        column.slider(label, -3.0, 3.0, 0.0, step=0.5, key=key, bind="query-params")
    c, c_b = [st.session_state["c1"], st.session_state["c2"]], st.session_state["cb"]
    W_c, bW_c = shift_rows(W, bW, c, c_b)
    w, b = logistic_from_softmax(W, bW)
    w_c, b_c = logistic_from_softmax(W_c, bW_c)
    st.latex(
        rf"\begin{{aligned}}w_1 + c &= {pair_tex(W_c[0])}, & b_1 + c_b &= {tex(bW_c[0])}\\"
        rf"w_2 + c &= {pair_tex(W_c[1])}, & b_2 + c_b &= {tex(bW_c[1])}\end{{aligned}}"
    )
    st.latex(
        rf"\begin{{aligned}}(w_2 + c) - (w_1 + c) &= {pair_tex(w_c)}\\"
        rf"(b_2 + c_b) - (b_1 + c_b) &= {tex(b_c)}\end{{aligned}}"
    )
    shifted = plane(tuple(map(tuple, W_c)), tuple(bW_c), tuple(w), b)
    xs, ys = axes()
    fig = region_figure(
        xs,
        ys,
        shifted.y_hat2,
        title="Softmax ŷ₂ of the shifted rows",
        boundary=boundary_segment(w_c, b_c, LIMITS, LIMITS),
        points=SAMPLE_POINTS,
        names=SAMPLE_NAMES,
        labels=compare(W_c, bW_c, w, b, SAMPLE_POINTS).label2,
        look=current_look(),  # this fragment also reruns alone
        reference=boundary_segment(w, b, LIMITS, LIMITS),
    )
    chart, note = st.columns([3, 2], gap="large")
    with chart:
        show_chart(fig, key="shifted", filename="shifted_rows")
    with note:
        moved = square_comparison(W_c, bW_c, w, b)
        st.metric("max |σ(wᵀx + b) − ŷ₂(shifted)| over the square, w, b unchanged", gap_text(moved.max_gap))
        st.markdown(
            "Every score gains the same $c^\\top x + c_b$, and the softmax cancels it: "
            "$e^{z_k + s} / \\sum_j e^{z_j + s} = e^{z_k} / \\sum_j e^{z_j}$. " + shift_note(w, b, w_c, b_c)
        )
        rows = dict(zip(ROW_KEYS, [*W_c[0], bW_c[0], *W_c[1], bW_c[1]], strict=True))
        button = {"key": "apply_shift", "icon": ":material/add:", "on_click": apply_shift, "args": (rows,)}
        if st.button("Add c to the rows above", **button):
            st.rerun()  # the rows live outside this fragment


def shift_note(w, b, w_c, b_c) -> str:
    """What the shifted rows' boundary does here: stays, is absent, lies outside the square, or is moved by the
    rounding of the shifted rows alone."""
    if not np.any(w) and not np.any(w_c):
        return "Here $w_2 = w_1$ before the shift and after it: no boundary line, one score difference everywhere."
    if np.array_equal(w, w_c) and b == b_c:
        if boundary_segment(w, b, LIMITS, LIMITS) is None:
            return "The boundary line lies outside the square, before the shift and after it."
        return "The dashed line (boundary before the shift) stays under the solid one."
    return (
        "Here rounding the shifted rows to floating point changed their difference, from "
        f"$w_2 - w_1 = {pair_tex(w)}$, $b_2 - b_1 = {tex(b)}$ to ${pair_tex(w_c)}$, ${tex(b_c)}$: the boundary "
        "moves by that rounding alone."
    )


def apply_shift(rows: dict) -> None:
    """Make the shifted rows the page's rows, and the shift 0 again: it is applied once."""
    set_view(dict(st.session_state[VIEW]) | rows)
    for key in ("c1", "c2", "cb"):
        st.session_state[key] = 0.0


@st.fragment
def scaling(W, bW) -> None:
    """k·(w₂ − w₁), k·(b₂ − b₁) for k > 0: the same labels, sharper or softer probabilities."""
    st.subheader("Scale the logistic weights: same labels, new probabilities")
    k = st.slider("Scale factor k", 0.25, 4.0, 2.0, step=0.25, key="k", bind="query-params")
    w_k, b_k = scaled_logistic(W, bW, k)
    w, b = logistic_from_softmax(W, bW)
    result = square_comparison(W, bW, w_k, b_k)
    chart, note = st.columns([3, 2], gap="large")
    line = along_w(w, b, LIMITS, LIMITS)
    with chart:
        if line is None:
            st.info("With w₂ = w₁ the score difference is constant: there is no direction to follow.")
        else:
            X, z = line
            scaled = compare(W, bW, w_k, b_k, X)
            fig = curves_figure(
                z,
                [("softmax ŷ₂ = σ(z)", scaled.y_hat2), (f"σ({k:g}·z)", scaled.y_hat)],
                title="",
                xaxis_title="z = (w₂ − w₁)ᵀx + (b₂ − b₁)",
                look=current_look(),  # this fragment also reruns alone
            )
            show_chart(fig, key="scaled", filename="scaled", name=f"Softmax ŷ₂ and σ({k:g}·z) against z")
    with note:
        st.latex(rf"w = {tex(k)}\,(w_2 - w_1) = {pair_tex(w_k)},\quad b = {tex(b_k)}")
        st.metric("Square where the labels agree", share_text(result.agreement, result.agreement_error))
        st.metric("max |σ(k z) − ŷ₂| over the square", gap_text(result.max_gap))
        st.markdown(scaling_note(w, b))


def scaling_note(w, b) -> str:
    """What scaling z = (w₂ − w₁)ᵀx + (b₂ − b₁) by k > 0 keeps, for these rows."""
    if np.any(w):
        return (
            "Both curves cross ½ at $z = 0$, so the boundary and every label stay; only $k = 1$ "
            "also keeps the probabilities."
        )
    if b != 0:
        return (
            "Here $w_2 = w_1$: $z = b_2 - b_1$ is the same at every point, and there is no boundary. "
            "$\\sigma(kz)$ keeps the sign of $z$, so every label stays; only $k = 1$ also keeps the probabilities."
        )
    return (
        "Here the rows are equal: $z = 0$ at every point, so $\\sigma(kz) = \\tfrac12$ for every $k$, and every "
        "$k$ keeps the labels and the probabilities."
    )


@st.fragment
def sign_convention(W, bW) -> None:
    """The relation flips to w = w₁ − w₂ when the softmax is written with e^{−z}."""
    st.subheader("The sign convention")
    negated = st.toggle("Write the softmax with e to the minus z, as some notes do", key="negated", bind="query-params")
    w, b = logistic_from_softmax(W, bW)
    w_neg, b_neg = logistic_from_negated_softmax(W, bW)
    if negated:
        st.latex(
            r"\begin{aligned}\hat y_2 &= \frac{e^{-z_2}}{e^{-z_1} + e^{-z_2}} = \frac{1}{1 + e^{-(z_1 - z_2)}}"
            r" = \sigma(z_1 - z_2)\\"
            rf"\Rightarrow\ w &= w_1 - w_2 = {pair_tex(w_neg)},\quad b = b_1 - b_2 = {tex(b_neg)}\end{{aligned}}"
        )
    else:
        st.latex(
            r"\begin{aligned}\hat y_2 &= \frac{e^{z_2}}{e^{z_1} + e^{z_2}} = \sigma(z_2 - z_1)\\"
            rf"\Rightarrow\ w &= w_2 - w_1 = {pair_tex(w)},\quad b = b_2 - b_1 = {tex(b)}\end{{aligned}}"
        )
    ours, theirs = (square_comparison(W, bW, v, c, negated=negated) for v, c in ((w, b), (w_neg, b_neg)))
    left, right = st.columns(2)
    left.metric("Labels agree, logistic with w₂ − w₁", share_text(ours.agreement, ours.agreement_error))
    right.metric("Labels agree, logistic with w₁ − w₂", share_text(theirs.agreement, theirs.agreement_error))
    st.markdown(
        "The **standard** softmax is $e^{+z_i} / \\sum_j e^{+z_j}$ (as in `scipy.special.softmax`, PyTorch "
        "and scikit-learn): the class with the largest score wins, and $w = w_2 - w_1$. With $e^{-z}$ the "
        "smallest score wins, the rows swap roles, and the same algebra gives $w = w_1 - w_2$. Neither is "
        "a mistake on its own; mixing the conventions is."
        + ("" if np.any(w) or b != 0 else " With these rows, though, $w_2 - w_1 = w_1 - w_2 = 0$ and "
           "$b_2 - b_1 = b_1 - b_2 = 0$: both give the same model, $\\sigma(0) = \\tfrac12$ everywhere.")
    )


def code() -> None:
    """The tested core functions behind every number on the page."""
    st.code(inspect.getsource(logistic_from_softmax), language="python")
    st.code(inspect.getsource(compare), language="python")
