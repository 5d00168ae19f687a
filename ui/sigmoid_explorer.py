"""The sigmoid-vs-softmax explorer: both probability maps and every weight control in one browser-drawn element.

The browser draws the maps from the nine numbers while a value is dragged (``js/sigmoid_explorer.js``, with the
mathematics in ``js/linear.js``); on release it reports the view, and the page computes every number it prints
with ``core``. The view lives in the address bar: Python writes ``st.query_params`` from the reported values
(components have no ``bind="query-params"``) and adopts the address bar's values when the browser changed them
(Back, Forward, an edited or pasted link).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import streamlit as st

from ui import explorer_files
from ui.url_text import url_number
from viz import Look
from viz.sigmoid_softmax import SOFTMAX_COLOUR
from viz.theme import CLASS_COLOURS, probability_scale

ROW_KEYS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")
FREE_KEYS = ("w_1", "w_2", "b")
NUMBER_KEYS = ROW_KEYS + FREE_KEYS
MODES = ("linked", "free")
SLIDER = 5.0  # the sliders cover the range worth sliding through; an arrow is dragged within the map
TYPED = 1e6  # typed values may go this far
STEP = 0.1
RESOLUTION = 100  # probability cells per side of each map, sampled at the cell centres

VIEW, REV, SEEN, REPORTED = "sx_view", "sx_rev", "sx_url_seen", "sx_reported"

_component = st.components.v2.component(
    "sigmoid_explorer",
    js=explorer_files.loader("sigmoid_explorer.js"),
    css=explorer_files.source("sigmoid_explorer.css"),
)


def usable(key: str, raw: object) -> bool:
    """Whether ``raw`` is a value the view may hold under ``key``: a mode name, or a finite number within ±TYPED."""
    if key == "mode":
        return raw in MODES
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return False
    return math.isfinite(value) and abs(value) <= TYPED


def from_url(defaults: Mapping[str, object]) -> dict:
    """The view a link means: ``defaults`` overridden by every usable value in the address bar."""
    view = dict(defaults)
    for key in (*NUMBER_KEYS, "mode"):
        raw = st.query_params.get(key)
        if raw is not None and usable(key, raw):
            view[key] = raw if key == "mode" else float(raw)
    return view


def set_view(view: Mapping[str, object]) -> None:
    """Show ``view`` (a preset, Reset, a link): the explorer drops what it holds and draws this."""
    st.session_state[VIEW] = dict(view)
    st.session_state[REV] = st.session_state.get(REV, 0) + 1


def current_view(defaults: Mapping[str, object], *, key: str = "explorer") -> dict:
    """The view of this run: the explorer's latest report, unless the address bar changed by itself since the
    last run (the first visit, Back, Forward, an edited link), whose view is then adopted; ``sync_url`` writes
    the page's own changes to the address bar."""
    reported = take_report(key)
    linked = from_url(defaults)
    # A new report wins over the address: presses faster than the page reruns send the address of a run that the
    # next press interrupted, and adopting it would undo the presses since (the page contradicted itself).
    if not reported and (st.session_state.get(SEEN) != linked or VIEW not in st.session_state):
        st.session_state[SEEN] = linked
        set_view(linked)
    return dict(st.session_state[VIEW])


def url_values(view: Mapping[str, object]) -> dict[str, str]:
    """The whole view as URL parameters: the nine numbers and the mode."""
    return {key: url_number(view[key]) for key in NUMBER_KEYS} | {"mode": str(view["mode"])}


def sync_url(view: Mapping[str, object], defaults: Mapping[str, object]) -> None:
    """Write the whole view to the address bar in one change (one history entry), unless it already says so."""
    if from_url(defaults) == dict(view):
        return
    st.query_params.update(url_values(view))
    st.session_state[SEEN] = dict(view)


def take_report(key: str) -> bool:
    """Take the explorer's report of a released value as the view, once, if every value in it is usable; whether
    it was taken."""
    report = (st.session_state.get(key) or {}).get("view") or {}
    if not report or report.get("seq") == st.session_state.get(REPORTED):
        return False
    st.session_state[REPORTED] = report.get("seq")
    values, mode = report.get("values") or {}, report.get("mode")
    if not (usable("mode", mode) and all(usable(k, values.get(k)) for k in NUMBER_KEYS)):
        return False
    st.session_state[VIEW] = {k: float(values[k]) for k in NUMBER_KEYS} | {"mode": mode}
    return True


def explorer(view: Mapping[str, object], *, look: Look, points, names, limits, key: str = "explorer") -> None:
    """Draw the explorer for ``view`` (the nine numbers and the mode) over the square ``limits`` × ``limits``."""
    data = {
        "values": {k: float(view[k]) for k in NUMBER_KEYS},
        "mode": view["mode"],
        "rev": st.session_state.get(REV, 0),
        "limits": list(limits),
        "resolution": RESOLUTION,
        "points": [[float(x), float(y)] for x, y in points],
        "names": list(names),
        "slider": SLIDER,
        "typed": TYPED,
        "step": STEP,
        "scale": probability_scale(look),
        "classColours": list(CLASS_COLOURS[:2]),
        "softmaxColour": SOFTMAX_COLOUR,
        "look": explorer_files.look_data(look),
    }
    # The callback only declares the reported state; current_view reads it at the start of the next run.
    _component(key=key, data=data, default={"view": None}, on_view_change=lambda: None)
