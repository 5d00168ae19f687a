"""Sigmoid vs two-class softmax: the same classifier exactly when w = w₂ − w₁ and b = b₂ − b₁."""

import inspect

import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import grid_points, logistic_from_softmax
from core.equivalence import (
    SAMPLE_NAMES,
    SAMPLE_POINTS,
    along_w,
    boundary_segment,
    compare,
    compare_square,
    logistic_from_negated_softmax,
    multiple_of,
    parameter_distance,
    scaled_logistic,
    shift_rows,
)
from viz.figure import built_json
from viz.sigmoid_softmax import curves_figure, disagreement_figure, models_figure, region_figure

PAGE = "sigmoid_vs_softmax"
LIMITS = (-4.0, 4.0)  # the plotted square, the same on both axes
TYPED = 1e6  # typed values may go this far; the sliders cover the range worth dragging through
SLIDER = 5.0
ROW_KEYS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")
FREE_KEYS = ("w_1", "w_2", "b")
# Plain Unicode, not LaTeX: a screen reader announces a label as written, and KaTeX would typeset twelve
# labels again on every change.
LABELS = {
    "w1_1": "w₁,₁",
    "w1_2": "w₁,₂",
    "b1": "b₁",
    "w2_1": "w₂,₁",
    "w2_2": "w₂,₂",
    "b2": "b₂",
    "w_1": "w₁ (logistic)",
    "w_2": "w₂ (logistic)",
    "b": "b (logistic)",
}
W0, B0 = np.array([[-1.0, 0.5], [1.0, 1.0]]), np.array([0.5, -0.5])
FREE0 = (1.0, 0.0, 0.0)  # a plain vertical boundary to start the challenge from
SHIFT_C, SHIFT_CB = np.array([1.5, -1.0]), 1.0
RAN_AGAIN = "_ran_again_for_link"
EXTRAS = {"shift_c1": 0.0, "shift_c2": 0.0, "shift_cb": 0.0, "scale_k": 2.0, "negated": False}
SPECS = [*(ui.Number(key, -TYPED, TYPED) for key in ROW_KEYS + FREE_KEYS), ui.Choice("mode", ("linked", "free"))]

PRESETS = {
    "equivalent": "The derived $w = w_2 - w_1$, $b = b_2 - b_1$ gives the softmax's probability at every "
    "point: the gap is rounding and no label differs.",
    "sign mistake (w₁ − w₂)": "With $w = w_1 - w_2$ the logistic model points the other way: it predicts "
    "the opposite class almost everywhere, agreeing only on the boundary line itself.",
    "scaled (2·(w₂ − w₁))": "Doubling $w$ and $b$ keeps the boundary line, so every label still agrees, but the "
    "logistic probabilities are steeper: the gap is no longer zero.",
    "shifted rows (w₁ + c, w₂ + c)": "Both rows moved by $c = (1.5, -1)$ and both biases by 1, yet $w_2 - w_1$, "
    "$b_2 - b_1$ and every chart are exactly as in *equivalent*: softmax only sees differences of scores.",
}


def preset_values(name: str) -> dict:
    """Rows, mode and (in free mode) the logistic weights a preset sets."""
    W, bW, mode, free = W0, B0, "linked", None
    if name.startswith("sign"):
        mode, free = "free", logistic_from_negated_softmax(W0, B0)
    elif name.startswith("scaled"):
        mode, free = "free", scaled_logistic(W0, B0, 2.0)
    elif name.startswith("shifted"):
        W, bW = shift_rows(W0, B0, SHIFT_C, SHIFT_CB)
    values = dict(zip(ROW_KEYS, [*W[0], bW[0], *W[1], bW[1]], strict=True)) | {"mode": mode}
    if free is not None:
        values |= dict(zip(FREE_KEYS, [*free[0], free[1]], strict=True))
    return values


def set_values(values: dict) -> None:
    """Write values into the widgets' state, the sliders following their number fields."""
    for key, value in values.items():
        st.session_state[key] = value if isinstance(value, str | bool) else float(value)
        if key in ROW_KEYS + FREE_KEYS:
            st.session_state[f"{key}_slider"] = min(max(float(value), -SLIDER), SLIDER)


def defaults() -> dict:
    """Every URL-bound value as the page opens: the 'equivalent' preset, and the challenge's starting (w, b)."""
    return preset_values("equivalent") | dict(zip(FREE_KEYS, FREE0, strict=True))


def start_value(key: str) -> float | str:
    """A value before its widget has run: from a usable URL parameter (bad ones are already dropped), else
    its default (the 'equivalent' preset)."""
    raw = st.query_params.get(key)
    if raw is None:
        return defaults()[key]
    return raw if key == "mode" else float(raw)


def init_state() -> None:
    """First visit: the mode from a usable URL parameter, else the default. The bound number fields seed
    themselves from the URL (or their ``value=``) the same way ``start_value`` does, and each slider follows its
    number field (``exact_slider``)."""
    st.session_state.setdefault("mode", start_value("mode"))


def current(key: str) -> float:
    """A number's value for this run, also before its widget is drawn: the widget's, else its start value."""
    return float(st.session_state[key]) if key in st.session_state else start_value(key)


def current_models() -> tuple[np.ndarray, np.ndarray, np.ndarray, float, bool]:
    """The softmax rows W, bW and the logistic (w, b) the widgets hold for this run, and whether linked."""
    W = np.array([[current("w1_1"), current("w1_2")], [current("w2_1"), current("w2_2")]])
    bW = np.array([current("b1"), current("b2")])
    linked = st.session_state["mode"] == "linked"
    if linked:
        w, b = logistic_from_softmax(W, bW)
    else:
        w, b = np.array([current("w_1"), current("w_2")]), current("b")
    return W, bW, w, b, linked


def apply_preset() -> None:
    if st.session_state.get("preset"):
        set_values(preset_values(st.session_state["preset"]))


def reset() -> None:
    set_values(defaults() | EXTRAS)
    st.session_state["preset"] = None


def edited(key: str, source: str) -> None:
    """A value was edited by hand: copy it to its twin widget, and the preset no longer describes the page."""
    set_values({key: st.session_state[source]})
    st.session_state["preset"] = None


def exact_slider(key: str) -> None:
    """A slider to drag over ±SLIDER and, beside it, a number field for exact values up to ±TYPED (URL-bound).

    The slider is set from the number field's value first: Streamlit forgets a hidden slider's value (free
    mode's three while linked), and the field's value is the one the figure and the link use."""
    slider_key = f"{key}_slider"
    st.session_state[slider_key] = min(max(current(key), -SLIDER), SLIDER)
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        st.slider(
            LABELS[key],
            -SLIDER,
            SLIDER,
            step=0.1,
            key=slider_key,
            on_change=edited,
            args=(key, slider_key),
        )
        st.number_input(
            f"{LABELS[key]} exact",
            -TYPED,
            TYPED,
            # The bound widget leaves its default out of the URL; without value= that is −1e6, so a typed −1e6
            # would vanish from shared links.
            value=defaults()[key],
            step=0.1,
            format="%g",
            key=key,
            bind="query-params",
            on_change=edited,
            args=(key, key),
            label_visibility="collapsed",
            width=110,
        )


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
    """A probability gap as read on screen: rounding-level gaps as a bound, large ones to three decimals."""
    if gap == 0:
        return "0"
    return "< 1e−15" if gap < 1e-15 else f"{gap:.1e}" if gap < 1e-3 else f"{gap:.3f}"


def share_text(whole) -> str:
    """The square's share where the labels agree: 100% and 0% only when the exact areas say so."""
    if whole.agree_everywhere:
        return "100%"
    if whole.agree_nowhere:
        return "0%"
    if whole.agreement > 0.9999:
        return "> 99.99%"
    return "< 0.01%" if whole.agreement < 0.0001 else f"{whole.agreement:.2%}"


# ~0.5 MB an entry: 32 keep a class's recent settings without letting memory grow with the class size.
@st.cache_data(max_entries=32, show_spinner=False)
def plane(W: tuple, bW: tuple, w: tuple, b: float, *, negated: bool = False):
    """Both models over the plotted grid (cached per set of weights)."""
    _, _, X = grid_points(LIMITS, LIMITS)
    return compare(np.array(W), np.array(bW), np.array(w), b, X, negated=negated)


@st.cache_data(max_entries=64, show_spinner=False)
def square(W: tuple, bW: tuple, w: tuple, b: float, *, negated: bool = False):
    """Both models over the whole plotted square: exact agreement area and largest gap."""
    return compare_square(np.array(W), np.array(bW), np.array(w), b, LIMITS, LIMITS, negated=negated)


def axes():
    xs, ys, _ = grid_points(LIMITS, LIMITS)
    return xs, ys


def controls() -> None:
    """Presets, the two softmax rows and the logistic model; what it prints comes from the drawn widgets."""
    st.pills("Presets", list(PRESETS), key="preset", on_change=apply_preset)
    st.button("Reset", key="reset", icon=":material/restart_alt:", on_click=reset)
    if st.session_state.get("preset"):
        st.info(PRESETS[st.session_state["preset"]], icon=":material/visibility:")
    columns = st.columns(3, gap="medium")
    for column, k in zip(columns[:2], (1, 2), strict=True):
        with column:
            st.markdown(f"**Softmax row of class {k}** $\\;w_{k},\\ b_{k}$")
            for key in ROW_KEYS[3 * (k - 1) : 3 * k]:
                exact_slider(key)
    with columns[2]:
        st.markdown(r"**Logistic model** $\;\sigma(w^\top x + b)$")
        mode = st.segmented_control(
            "Logistic weights",
            ("linked", "free"),
            default="linked",  # what a link without mode= means, also on Back and Forward
            key="mode",
            bind="query-params",
            required=True,
            help="linked: w and b follow the rows. free: set them yourself and find the relation.",
            on_change=edited,
            args=("mode", "mode"),
        )
        if mode == "linked":
            _, _, w, b, _ = current_models()
            st.latex(rf"w = w_2 - w_1 = {pair_tex(w)}")
            st.latex(rf"b = b_2 - b_1 = {tex(b)}")
        else:
            for key in FREE_KEYS:
                exact_slider(key)
            challenge_feedback(*current_models()[:4])


def challenge_feedback(W, bW, w, b) -> None:
    """How close the student's (w, b) is to the one that equals the softmax."""
    result = square(tuple(map(tuple, W)), tuple(bW), tuple(w), b)
    distance = parameter_distance(W, bW, w, b)
    w_star, b_star = logistic_from_softmax(W, bW)
    k = multiple_of(np.append(w, b), np.append(w_star, b_star))
    st.caption(
        f"Labels agree on **{share_text(result)}** of the square · max gap **{gap_text(result.max_gap)}** · "
        f"distance to $(w_2 - w_1,\\ b_2 - b_1)$: **{distance:.3g}**"
    )
    if k is not None and distance > 0:
        verdict = "same labels, different probabilities" if k > 0 else "every label flips"
        st.caption(f"Your $(w, b)$ is {k:.3g} × $(w_2 - w_1,\\ b_2 - b_1)$: {verdict}.")


def comparison(look, W, bW, w, b):
    """Both models over the plotted grid, and their two-panel figure as the JSON the browser is sent."""
    result = plane(tuple(map(tuple, W)), tuple(bW), tuple(w), b)
    return result, built_json(models_figure, W, bW, w, b, result, *axes(), LIMITS, look)


def show_comparison(look, W, bW, w, b, linked: bool, result, figure: str) -> None:
    """Both models side by side in ONE figure (a weight change redraws one chart), then the numbers."""
    st.header("Decision regions", divider="gray")
    ui.show_chart(figure, key="regions", filename="sigmoid_vs_softmax_regions")
    st.caption(
        "Shading is P(class 2) on one scale for both: blue is class 1, vermillion is class 2, and the colour "
        f"fades to {'dark grey' if look.dark else 'near-white'} at ½. "
        "Both boundaries (score 0) are drawn on both maps: logistic solid, softmax dashed; "
        "the hatched area is where the predicted labels differ. "
        "Points: circle = predicted class 1, square = class 2."
    )
    whole = square(tuple(map(tuple, W)), tuple(bW), tuple(w), b)
    agree, gap, distance = st.columns(3)
    agree.metric("Square where the labels agree", share_text(whole), help="Exact share of the square's area.")
    gap.metric("Largest probability gap  max |ŷ − ŷ₂|", gap_text(whole.max_gap), help="Over the whole square.")
    distance.metric(
        "Distance of (w, b) from (w₂ − w₁, b₂ − b₁)", f"{0.0 if linked else parameter_distance(W, bW, w, b):.3g}"
    )
    if whole.equal:
        st.success(
            f"Equal up to floating-point rounding over the whole square: rounding w₂ − w₁ and b₂ − b₁ alone "
            f"can make a gap of up to {whole.rounding:.1e}. Labels can differ only where both probabilities "
            "are that close to ½.",
            icon=":material/check_circle:",
        )


def show_disagreement(look, W, bW, w, b, result) -> None:
    """The grid cells where the predicted labels differ, and both models at the named points."""
    xs, ys = axes()
    w_star, b_star = logistic_from_softmax(W, bW)
    fig = disagreement_figure(
        xs,
        ys,
        result.disagree,
        logistic_boundary=boundary_segment(w, b, LIMITS, LIMITS),
        softmax_boundary=boundary_segment(w_star, b_star, LIMITS, LIMITS),
        agree_everywhere=square(tuple(map(tuple, W)), tuple(bW), tuple(w), b).agree_everywhere,
        look=look,
    )
    chart, table = st.columns([3, 2], gap="large")
    with chart:
        ui.show_chart(fig, key="disagreement", filename="disagreement")
        st.caption(
            f"The square on a {len(xs)} × {len(ys)} grid: a cell is highlighted where the two predicted labels "
            "differ at its centre. The share above is the exact area, not a count of cells."
        )
    points = compare(W, bW, w, b, SAMPLE_POINTS)
    with table:
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


def show_along_w(look, W, bW, w, b, linked: bool) -> None:
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
    fig = curves_figure(z, curves, title="", xaxis_title="score z = wᵀx + b", look=look)
    ui.show_chart(fig, key="along_w", filename="along_w")
    st.caption(
        "Points x on the line through the origin in the direction of w, as far out as the square's corners "
        "(beyond its sides unless w points along a diagonal); the horizontal axis is their logistic score. "
        "Linked, both models draw the same sigmoid."
    )


def show_derivation(W, bW) -> None:
    """Why ŷ₂ = σ((w₂ − w₁)ᵀx + b₂ − b₁), with the current rows plugged in."""
    w, b = logistic_from_softmax(W, bW)
    st.markdown("Divide the top and bottom of the softmax by $e^{z_2}$:")
    st.latex(
        r"\begin{aligned}\hat y_2 &= \frac{e^{z_2}}{e^{z_1} + e^{z_2}} = \frac{1}{1 + e^{z_1 - z_2}}"
        r"\\ &= \frac{1}{1 + e^{-(z_2 - z_1)}} = \sigma(z_2 - z_1)\end{aligned}"
    )
    st.markdown("With the rows above, the two scores are")
    st.latex(rf"\begin{{aligned}}z_1 &= {affine_tex(W[0], bW[0])}\\ z_2 &= {affine_tex(W[1], bW[1])}\end{{aligned}}")
    st.markdown("so the score inside the sigmoid is linear in $x$ too:")
    st.latex(rf"\begin{{aligned}}z_2 - z_1 &= (w_2 - w_1)^\top x + (b_2 - b_1)\\ &= {affine_tex(w, b)}\end{{aligned}}")
    st.latex(rf"\Rightarrow\quad w = {pair_tex(w)}, \qquad b = {tex(b)}")


@st.fragment
def show_shift(W, bW) -> None:
    """Adding the same c to both rows changes no score difference, so nothing moves."""
    look = ui.current_look()  # this fragment also reruns alone
    st.subheader("Shift both rows: nothing moves")
    columns = st.columns(3)
    for column, key, label in zip(
        columns, ("shift_c1", "shift_c2", "shift_cb"), ("$c_1$", "$c_2$", "$c_b$"), strict=True
    ):
        with column:
            st.slider(label, -3.0, 3.0, step=0.5, key=key)
    W_c, bW_c = shift_rows(
        W, bW, [st.session_state["shift_c1"], st.session_state["shift_c2"]], st.session_state["shift_cb"]
    )
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
    points = compare(W_c, bW_c, w, b, SAMPLE_POINTS)
    fig = region_figure(
        xs,
        ys,
        shifted.y_hat2,
        title="Softmax ŷ₂ of the shifted rows",
        boundary=boundary_segment(w_c, b_c, LIMITS, LIMITS),
        points=SAMPLE_POINTS,
        names=SAMPLE_NAMES,
        labels=points.label2,
        look=look,
        reference=boundary_segment(w, b, LIMITS, LIMITS),
    )
    chart, note = st.columns([3, 2], gap="large")
    with chart:
        ui.show_chart(fig, key="shifted", filename="shifted_rows")
    with note:
        moved = square(tuple(map(tuple, W_c)), tuple(bW_c), tuple(w), b)
        st.metric("max |σ(wᵀx + b) − ŷ₂(shifted)|, w, b unchanged", gap_text(moved.max_gap))
        st.markdown(
            "Every score gains the same $c^\\top x + c_b$, and the softmax cancels it: "
            "$e^{z_k + s} / \\sum_j e^{z_j + s} = e^{z_k} / \\sum_j e^{z_j}$. "
            "The dashed line (boundary before the shift) stays under the solid one."
        )
        if st.button(
            "Add c to the rows above",
            key="apply_shift",
            icon=":material/add:",
            on_click=set_values,
            args=(dict(zip(ROW_KEYS, [*W_c[0], bW_c[0], *W_c[1], bW_c[1]], strict=True)),),
        ):
            st.rerun()  # the rows live outside this fragment


@st.fragment
def show_scaling(W, bW) -> None:
    """k·(w₂ − w₁), k·(b₂ − b₁) for k > 0: the same labels, sharper or softer probabilities."""
    look = ui.current_look()  # this fragment also reruns alone
    st.subheader("Scale the logistic weights: same labels, new probabilities")
    k = st.slider("$k$", 0.25, 4.0, step=0.25, key="scale_k")
    w_k, b_k = scaled_logistic(W, bW, k)
    w, b = logistic_from_softmax(W, bW)
    result = square(tuple(map(tuple, W)), tuple(bW), tuple(w_k), b_k)
    chart, note = st.columns([3, 2], gap="large")
    line = along_w(w, b, LIMITS, LIMITS)
    with chart:
        if line is None:
            st.info("With w₂ = w₁ the score difference is constant: there is no direction to follow.")
        else:
            X, z = line
            along = compare(W, bW, w_k, b_k, X)
            fig = curves_figure(
                z,
                [("softmax ŷ₂ = σ(z)", along.y_hat2), (f"σ({k:g}·z)", along.y_hat)],
                title="",
                xaxis_title="z = (w₂ − w₁)ᵀx + (b₂ − b₁)",
                look=look,
            )
            ui.show_chart(fig, key="scaled", filename="scaled")
    with note:
        st.latex(rf"w = {tex(k)}\,(w_2 - w_1) = {pair_tex(w_k)},\quad b = {tex(b_k)}")
        st.metric("Square where the labels agree", share_text(result))
        st.metric("max |σ(k z) − ŷ₂|", gap_text(result.max_gap))
        st.markdown(
            "Both curves cross ½ at $z = 0$, so the boundary and every label stay; only $k = 1$ "
            "also keeps the probabilities."
        )


@st.fragment
def show_sign_convention(W, bW) -> None:
    """The relation flips to w = w₁ − w₂ when the softmax is written with e^{−z}."""
    st.subheader("The sign convention")
    negated = st.toggle("Write the softmax with $e^{-z}$, as some notes do", key="negated")
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
    ours, theirs = (
        square(tuple(map(tuple, W)), tuple(bW), tuple(v), c, negated=negated) for v, c in ((w, b), (w_neg, b_neg))
    )
    left, right = st.columns(2)
    left.metric("Labels agree, logistic with w₂ − w₁", share_text(ours))
    right.metric("Labels agree, logistic with w₁ − w₂", share_text(theirs))
    st.markdown(
        "The **standard** softmax is $e^{+z_i} / \\sum_j e^{+z_j}$ (as in `scipy.special.softmax`, PyTorch "
        "and scikit-learn): the class with the largest score wins, and $w = w_2 - w_1$. With $e^{-z}$ the "
        "smallest score wins, the rows swap roles, and the same algebra gives $w = w_1 - w_2$. Neither is "
        "a mistake on its own; mixing the conventions is."
    )


def show_code() -> None:
    """The tested core functions behind every number on the page."""
    st.code(inspect.getsource(logistic_from_softmax), language="python")
    st.code(inspect.getsource(compare), language="python")
    st.code(inspect.getsource(compare_square), language="python")


def show_views(look, W, bW, w, b, linked: bool, result) -> None:
    """The rest of the page in tabs that run lazily: only the open tab's body runs and is drawn.

    The default tab is text only, so a weight change redraws the one chart above and nothing more.
    """
    st.header("Look closer", divider="gray")
    views = {
        "Why it works": lambda: show_derivation(W, bW),
        "Along w (1-D)": lambda: show_along_w(look, W, bW, w, b, linked),
        "Where they differ": lambda: show_disagreement(look, W, bW, w, b, result),
        "Shift rows": lambda: show_shift(W, bW),
        "Scale k": lambda: show_scaling(W, bW),
        "Sign convention": lambda: show_sign_convention(W, bW),
        "Show the code": show_code,
    }
    for tab, show in zip(st.tabs(list(views), key="view", on_change="rerun"), views.values(), strict=True):
        if tab.open:
            with tab:
                show()


def sigmoid_vs_softmax() -> None:
    """The page: shared frame and URL checks first, then controls, the side-by-side maps and the tabs."""
    ui.frame("Sigmoid vs softmax", ":material/compare_arrows:")
    ui.check_url_params(PAGE, SPECS)
    init_state()
    for extra, default in EXTRAS.items():
        st.session_state.setdefault(extra, default)
    st.title("Sigmoid vs two-class softmax")
    st.markdown(
        "A softmax classifier with rows $(w_1, b_1)$ and $(w_2, b_2)$ and a logistic classifier "
        "$\\sigma(w^\\top x + b)$ give the same probability of class 2 at every input exactly when "
        "$w = w_2 - w_1$ and $b = b_2 - b_1$. Edit the rows, or free the logistic weights and find the "
        "relation yourself."
    )
    explorer()


@st.fragment
def explorer() -> None:
    """Everything the weights change. A change reruns only this part of the page. The figure is built before
    anything is drawn and sent first (its place on the page is still under the controls), so it reaches the
    browser in one burst with the first elements and is redrawn while the controls and text are arriving."""
    look = ui.current_look()
    models = current_models()
    result, figure = comparison(look, *models[:4])
    above, below = st.container(), st.container()
    with below:
        show_comparison(look, *models, result, figure)
    with above:
        controls()
        drawn = current_models()
        shared = ROW_KEYS + ("mode",) + (() if drawn[-1] else FREE_KEYS)
        ui.share_link({key: st.session_state["mode"] if key == "mode" else current(key) for key in shared})
    if model_values(models) == model_values(drawn):
        st.session_state.pop(RAN_AGAIN, None)
    elif st.session_state.get(RAN_AGAIN) != model_values(drawn):
        # A bound field took its link's value as it was drawn (the browser's Back and Forward do this): run
        # again so the figure and the sliders start from the fields (once for each such set of values).
        st.session_state[RAN_AGAIN] = model_values(drawn)
        st.rerun()
    show_views(look, *models, result)


def model_values(models: tuple) -> tuple:
    """(W, bW, w, b, linked) as one comparable tuple of numbers."""
    *arrays, linked = models
    return (*np.concatenate([np.ravel(a) for a in arrays]).tolist(), linked)


if __name__ == "__main__":  # Streamlit runs a page as __main__; see app.py
    sigmoid_vs_softmax()
