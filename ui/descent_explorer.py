"""The gradient-descent explorer: the run played in the browser from its trajectory, not shipped as frames.

Python sends the points, their labels and the weights W, b at up to ``MAX_STATES`` states of the run (every
state's loss and accuracy too); the browser computes each state's shading, class boundaries and marker sizes
(``js/descent_explorer.js``, with the mathematics in ``js/regions.js``, tested against ``core``) and plays,
pauses, scrubs and steps with no server round trip. Arrays travel as base64 of their float64 (or uint8) bytes:
exactly core's numbers, in a third of the text of their decimal digits.

With the student's own points the map is editable: a click adds a point, a drag moves one, a removal removes one,
and on release the browser reports the whole list once (``{"points": [[x1, x2, label], …], "seq": …}``);
``edited_points`` takes it at the start of the next run, checked as an edited table is.
"""

from __future__ import annotations

import base64
import hashlib
import math

import numpy as np
import streamlit as st

from core.datasets import MAX_CLASSES
from core.descent import Trajectory
from core.diagnostics import Diagnosis, counted
from core.points import MAX_ROWS, points_from_columns
from ui import explorer_files
from viz import Look
from viz.theme import CLASS_COLOURS, CLASS_SYMBOLS

MAX_STATES = 201  # the default 200 steps show every state; longer runs show 201 evenly spaced
RESOLUTION = 100  # shading cells per side of the map, sampled at the cell centres
PAD = 0.1  # share of the data's extent added around it
SPEEDS = (("slow", 6), ("normal", 20), ("fast", 60))  # states a second
VERDICT_KINDS = {  # how each ending of core.diagnostics is boxed: a caution, good news, or plain information
    "diverged": "warning",
    "unsteady": "warning",
    "separable": "success",
    "not_separable": "info",
    "improving": "info",
}

_component = st.components.v2.component(
    "descent_explorer",
    js=explorer_files.loader("descent_explorer.js"),
    css=explorer_files.source("descent_explorer.css"),
)


def shown_steps(steps: int, *, max_states: int = MAX_STATES) -> np.ndarray:
    """The steps the map can show: every step of 0..T if that is ≤ ``max_states``, else that many evenly spaced."""
    return np.unique(np.round(np.linspace(0, steps, min(steps + 1, max_states))).astype(np.int64))


def plane_limits(X: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square around the points, ``PAD`` wider on each side and at least 1 unit across, so the map keeps x₁
    and x₂ at one scale."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    half = max(float(np.max(hi - lo)) * (0.5 + PAD), 0.5)
    mid = (lo + hi) / 2
    return (float(mid[0] - half), float(mid[0] + half)), (float(mid[1] - half), float(mid[1] + half))


def packed(values: np.ndarray, dtype: str = "<f8") -> str:
    """``values`` as base64 of their little-endian bytes, row-major (what a JavaScript typed array reads)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def explorer_data(X: np.ndarray, y: np.ndarray, run: Trajectory, look: Look) -> dict:
    """Everything the explorer draws from: points, labels, the states shown, every state's loss and accuracy."""
    steps = shown_steps(run.steps)
    xlim, ylim = plane_limits(X)
    arrays = (X, y, run.W[steps], run.b[steps], run.loss, run.accuracy)
    digest = hashlib.blake2b(digest_size=8)
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
    return {
        "run": digest.hexdigest(),  # a new run starts paused at step 0; the same run keeps its step
        "classes": int(run.W.shape[1]),
        "n": int(y.shape[0]),
        "points": packed(X),
        "labels": packed(y, "u1"),
        "steps": packed(steps, "<u4"),
        "W": packed(run.W[steps]),
        "b": packed(run.b[steps]),
        "loss": packed(run.loss),
        "accuracy": packed(run.accuracy),
        "xlim": list(xlim),
        "ylim": list(ylim),
        "resolution": RESOLUTION,
        "speeds": [list(speed) for speed in SPEEDS],
        "classColours": list(CLASS_COLOURS),
        "classSymbols": list(CLASS_SYMBOLS),
        "look": explorer_files.look_data(look),
    }


def linked_step() -> int | None:
    """The step the address asks the map to show (``?step=``, which the browser writes when the map stops on a
    state and ``ui.check_url_params`` has checked), if any."""
    raw = st.query_params.get("step")
    return None if raw is None else int(float(raw))


def descent_explorer(
    X: np.ndarray,
    y: np.ndarray,
    run: Trajectory,
    diagnosis: Diagnosis,
    look: Look,
    *,
    editable: bool = False,
    key: str = "descent",
) -> None:
    """Draw the run: the map at the shown state, loss and accuracy curves, play, pause, speed, loop, scrub, step,
    and beside them how the run ended (``diagnosis``, in its words); if ``editable``, points are placed on the map
    by hand too (``edited_points`` reads them back)."""
    data = explorer_data(X, y, run, look)
    # A new run in this session starts at step 0, and the browser drops step= once it shows it: the address's step
    # is the old run's, which nothing below (the pulls section) may take for this one.
    if st.session_state.get(f"{key}_run") not in (None, data["run"]):
        st.query_params.pop("step", None)
    st.session_state[f"{key}_run"] = data["run"]
    data |= {
        "verdict": {
            "kind": VERDICT_KINDS[diagnosis.verdict],
            "title": f"How the run ended, after {counted(run.steps, 'step')}.",
            "text": diagnosis.reason,
        },
        "step": linked_step(),
        "editable": editable,
        "taken": st.session_state.get(_taken_key(key)),  # the explorer holds its placed points until this is its seq
        "maxClasses": MAX_CLASSES,
        "maxPoints": MAX_ROWS,
    }
    # The callback only declares the reported state; edited_points reads it at the start of the next run.
    _component(key=key, data=data, default={"points": None}, on_points_change=lambda: None)


def _finite_number(value: object) -> bool:
    """A JSON number that is finite (JSON's true and false are not numbers here, though Python's bool is an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def report_points(rows: object) -> tuple[np.ndarray, np.ndarray]:
    """``X`` ``(N, 2)`` and ``y`` ``(N,)`` from the explorer's ``[[x1, x2, label], …]``, checked as an edited table
    is (``core.points.points_from_columns``); raises ``ValueError`` with the reason."""
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and len(row) == 3 and all(_finite_number(v) for v in row) for row in rows
    ):
        raise ValueError("The map sent something other than points of three finite numbers x1, x2, label.")
    values = np.array(rows, dtype=np.float64).reshape(-1, 3)
    return points_from_columns(values[:, 0], values[:, 1], values[:, 2], column="label")  # the map sends y itself


def _taken_key(key: str) -> str:
    return f"{key}_taken"


def edited_points(key: str = "descent") -> tuple[np.ndarray, np.ndarray] | None:
    """The points the student placed on the map, once per report: ``(X, y)``, or None when there is no new report
    or it is unusable (then an error says why and the points stay as they were)."""
    report = (st.session_state.get(key) or {}).get("points")
    if not isinstance(report, dict) or report.get("seq") == st.session_state.get(_taken_key(key)):
        return None
    st.session_state[_taken_key(key)] = report.get("seq")
    try:
        return report_points(report.get("points"))
    except ValueError as exc:
        st.error(f"That change on the map was not used, and your points are unchanged. {exc}", icon=":material/block:")
        return None
