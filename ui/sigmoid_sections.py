"""The "Look closer" sections of the sigmoid vs softmax page, each a function of the current rows and model.

Each section's own settings (the shift c, the factor k, the sign convention) are widgets bound to the address bar,
so a link reopens the section as it was.
"""

from __future__ import annotations

import inspect

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
    compare_square,
    logistic_from_negated_softmax,
    scaled_logistic,
    shift_rows,
)
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


def tex(x: float) -> str:
    """A number for LaTeX: 6 significant digits, powers of ten written out."""
    text = f"{x:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


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
    st.markdown("so the score inside the sigmoid is linear in $x$ too:")
    st.latex(rf"\begin{{aligned}}z_2 - z_1 &= (w_2 - w_1)^\top x + (b_2 - b_1)\\ &= {affine_tex(w, b)}\end{{aligned}}")
    st.latex(rf"\Rightarrow\quad w = {pair_tex(w)}, \qquad b = {tex(b)}")


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
    show_chart(fig, key="along_w", filename="along_w")
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
            "$e^{z_k + s} / \\sum_j e^{z_j + s} = e^{z_k} / \\sum_j e^{z_j}$. "
            "The dashed line (boundary before the shift) stays under the solid one."
        )
        rows = dict(zip(ROW_KEYS, [*W_c[0], bW_c[0], *W_c[1], bW_c[1]], strict=True))
        button = {"key": "apply_shift", "icon": ":material/add:", "on_click": apply_shift, "args": (rows,)}
        if st.button("Add c to the rows above", **button):
            st.rerun()  # the rows live outside this fragment


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
            show_chart(fig, key="scaled", filename="scaled")
    with note:
        st.latex(rf"w = {tex(k)}\,(w_2 - w_1) = {pair_tex(w_k)},\quad b = {tex(b_k)}")
        st.metric("Square where the labels agree", share_text(result.agreement, result.agreement_error))
        st.metric("max |σ(k z) − ŷ₂| over the square", gap_text(result.max_gap))
        st.markdown(
            "Both curves cross ½ at $z = 0$, so the boundary and every label stay; only $k = 1$ "
            "also keeps the probabilities."
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
    )


def code() -> None:
    """The tested core functions behind every number on the page."""
    st.code(inspect.getsource(logistic_from_softmax), language="python")
    st.code(inspect.getsource(compare), language="python")
