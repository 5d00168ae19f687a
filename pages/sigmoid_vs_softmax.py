"""Sigmoid vs two-class softmax: the same classifier exactly when w = w₂ − w₁ and b = b₂ − b₁."""

import numpy as np
import streamlit as st

import ui
from core import logistic_from_softmax
from core.challenge import SOLVED
from core.equivalence import (
    SAMPLE_NAMES,
    SAMPLE_POINTS,
    logistic_from_negated_softmax,
    parameter_distance,
    scaled_logistic,
    shift_rows,
)
from ui import sigmoid_challenge as challenge
from ui import sigmoid_explorer as sx
from ui import sigmoid_sections as sections

PAGE = "sigmoid_vs_softmax"
W0, B0 = np.array([[-1.0, 0.5], [1.0, 1.0]]), np.array([0.5, -0.5])
FREE0 = (1.0, 0.0, 0.0)  # a plain vertical boundary to start the challenge from
SHIFT_C, SHIFT_CB = np.array([1.5, -1.0]), 1.0
VIEWS = {
    "Why it works": "derivation",
    "Along w (1-D)": "along",
    "Where they differ": "differences",
    "Shift rows": "shift",
    "Scale k": "scaling",
    "Sign convention": "sign_convention",
    "Show the code": "code",
}
PARTS = ("sidebar", "title", "settings", "numbers", "sections")  # what a link may hide: ?hide=settings,sections
SPECS = [
    *(ui.Number(key, -sx.TYPED, sx.TYPED) for key in sx.NUMBER_KEYS),
    ui.Choice("mode", sx.MODES),
    ui.Choice("tab", tuple(VIEWS)),
    ui.Choice("answer", ("true", "false")),
    *sections.SPECS,
    *ui.lecture_specs(PARTS),
]

PRESETS = {
    "equivalent": "The derived $w = w_2 - w_1$, $b = b_2 - b_1$ gives the softmax's probability at every "
    "point: the gap is rounding and no label differs.",
    "sign mistake (w₁ − w₂)": "With $w = w_1 - w_2$ the logistic model points the other way: it predicts "
    "the opposite class everywhere off the boundary line.",
    "scaled (2·(w₂ − w₁))": "Doubling $w$ and $b$ keeps the boundary line, so every label still agrees, but the "
    "logistic probabilities are steeper: the gap is no longer zero.",
    "shifted rows (w₁ + c, w₂ + c)": "Both rows moved by $c = (1.5, -1)$ and both biases by 1, yet $w_2 - w_1$, "
    "$b_2 - b_1$ and both maps are exactly as in *equivalent*: softmax only sees differences of scores.",
}
# While the answer is hidden, the free-mode presets' notes say what their (w, b) does without the relation.
CHALLENGE_NOTES = {
    "sign mistake (w₁ − w₂)": "A common mistake's $(w, b)$: the logistic model predicts the opposite class to the "
    "softmax everywhere off the boundary line.",
    "scaled (2·(w₂ − w₁))": "This $(w, b)$ draws the softmax's boundary line, so every label agrees, but its "
    "probabilities are steeper: the gap is no longer zero.",
}


def preset_values(name: str) -> dict:
    """The whole view a preset sets: rows, mode and the logistic weights (the challenge's start when linked)."""
    W, bW, mode, (w, b) = W0, B0, "linked", (FREE0[:2], FREE0[2])
    if name.startswith("sign"):
        mode, (w, b) = "free", logistic_from_negated_softmax(W0, B0)
    elif name.startswith("scaled"):
        mode, (w, b) = "free", scaled_logistic(W0, B0, 2.0)
    elif name.startswith("shifted"):
        W, bW = shift_rows(W0, B0, SHIFT_C, SHIFT_CB)
    numbers = [*W[0], bW[0], *W[1], bW[1], *w, b]
    return {key: float(v) for key, v in zip(sx.NUMBER_KEYS, numbers, strict=True)} | {"mode": mode}


DEFAULTS = preset_values("equivalent")


def choose_preset() -> None:
    if st.session_state.get("preset"):
        sx.set_view(preset_values(st.session_state["preset"]))


def reset() -> None:
    sx.set_view(DEFAULTS)
    st.session_state["preset"] = None


def models(view: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, bool]:
    """The softmax rows W, bW, the logistic (w, b) the view holds, and whether they are linked."""
    W = np.array([[view["w1_1"], view["w1_2"]], [view["w2_1"], view["w2_2"]]])
    bW = np.array([view["b1"], view["b2"]])
    linked = view["mode"] == "linked"
    w, b = logistic_from_softmax(W, bW) if linked else (np.array([view["w_1"], view["w_2"]]), view["b"])
    return W, bW, w, b, linked


def presets(view: dict, *, revealed: bool) -> None:
    """The presets, Reset and the share link; a preset's note stays while the view is the preset's. The presets and
    Reset are settings, which a link may hide with the explorer's own controls (``ui.lecture``); sharing stays.
    While the answer is hidden the presets are named without their relations, and their notes say no relation."""
    if st.session_state.get("preset") and preset_values(st.session_state["preset"]) != view:
        st.session_state["preset"] = None  # edited since: the preset no longer describes the page
    with st.container(horizontal=True, vertical_alignment="center"):
        with ui.part("settings", horizontal=True, vertical_alignment="center", width="content"):
            st.pills(
                "Presets",
                list(PRESETS),
                key="preset",
                on_change=choose_preset,
                label_visibility="collapsed",
                format_func=str if revealed else lambda name: name.split(" (")[0],
            )
            st.button("Reset", key="reset", icon=":material/restart_alt:", on_click=reset)
        ui.share_link(sx.url_values(view), from_widgets=("tab", "answer", *(spec.key for spec in sections.SPECS)))
    if name := st.session_state.get("preset"):
        st.info(PRESETS[name] if revealed else CHALLENGE_NOTES.get(name, PRESETS[name]), icon=":material/visibility:")


def numbers(W, bW, w, b, linked: bool, verdict, *, opened: bool) -> bool:
    """What core computes for the view: agreement over the square and the largest gap (in free mode, the progress
    towards the answer), the distance from the answer and the relation once revealed, and core's verdict. Returns
    whether the answer is revealed: linked, asked for, or solved (``verdict``, from ``challenge.verdict``)."""
    square = verdict.square
    above = st.container()  # filled once the toggle below says whether the answer is revealed
    asked = linked or st.toggle(
        "Show the answer",
        key="answer",
        bind="query-params",
        help="The (w, b) that equals the softmax, with your numbers.",
    )
    revealed = asked or verdict.kind == SOLVED
    if asked and not linked:
        w_star, b_star = logistic_from_softmax(W, bW)
        st.latex(rf"w = w_2 - w_1 = {sections.pair_tex(w_star)},\qquad b = b_2 - b_1 = {sections.tex(b_star)}")
    with above:
        columns = st.columns(3 if revealed else 2)
        columns[0].metric(
            "Square where the labels agree",
            sections.share_text(square.agreement, square.agreement_error),
            help="The exact share of the square's area.",
        )
        columns[1].metric(
            "Largest probability gap  max |ŷ − ŷ₂|", sections.gap_text(square.max_gap), help="Over the square."
        )
        if revealed:
            columns[2].metric("Distance of (w, b) from (w₂ − w₁, b₂ − b₁)", f"{parameter_distance(W, bW, w, b):.3g}")
        if linked and verdict.kind == SOLVED:
            st.success(challenge.equal_sentence(square), icon=":material/check_circle:")
        elif not linked:
            challenge.show_verdict(verdict, w, b, revealed=revealed, opened=opened)
    return revealed


def look_closer(W, bW, w, b, linked: bool, *, answer: bool) -> None:
    """The sections below the explorer, in tabs that run lazily; the open tab is in the address bar. The
    derivation leaves out your numbers while the answer is still to be found."""
    st.header("Look closer", divider="gray")
    bodies = {
        "derivation": lambda: sections.derivation(W, bW, numbers=answer),
        "along": lambda: sections.along(W, bW, w, b, linked),
        "differences": lambda: sections.differences(W, bW, w, b),
        "shift": lambda: sections.shift(W, bW),
        "scaling": lambda: sections.scaling(W, bW),
        "sign_convention": lambda: sections.sign_convention(W, bW),
        "code": sections.code,
    }
    tabs = st.tabs(list(VIEWS), key="tab", bind="query-params", on_change="rerun")
    for tab, name in zip(tabs, VIEWS.values(), strict=True):
        if tab.open:
            with tab:
                bodies[name]()


def sigmoid_vs_softmax() -> None:
    """The page: the explorer first (maps and weights on one screen), then core's numbers, then the sections. The
    subtitle and the settings above the numbers are filled last: they say the relation only once it is revealed."""
    ui.frame("Sigmoid vs softmax", ":material/compare_arrows:", parts=PARTS)
    ui.check_url_params(PAGE, SPECS)
    ui.keep_history()
    view = sx.current_view(DEFAULTS)  # with the explorer's last report, which its callback took before this run
    W, bW, w, b, linked = models(view)
    verdict = challenge.verdict(W, bW, w, b)
    with ui.part("title"):
        st.title("Sigmoid vs softmax")
        subtitle = st.container()
    sx.explorer(
        view, look=ui.current_look(), points=SAMPLE_POINTS, names=SAMPLE_NAMES, limits=sections.LIMITS, key="explorer"
    )
    sx.sync_url(view, DEFAULTS)
    settings = st.container()
    with ui.part("numbers"):
        revealed = numbers(W, bW, w, b, linked, verdict, opened=challenge.opened_with(view))
    with settings:
        presets(view, revealed=revealed)
    with subtitle:
        st.markdown(challenge.subtitle(verdict.kind, linked=linked, revealed=revealed))
    with ui.part("sections"):
        look_closer(W, bW, w, b, linked, answer=revealed)


if __name__ == "__main__":  # Streamlit runs a page as __main__; see app.py
    sigmoid_vs_softmax()
