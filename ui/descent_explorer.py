"""The gradient-descent explorer: the run played in the browser from its trajectory, not shipped as frames.

Python sends the points, their labels and the weights W, b at up to ``MAX_STATES`` states of the run (every
state's loss and accuracy too); the browser computes each state's shading, class boundaries and marker sizes
(``js/descent_explorer.js``, with the mathematics in ``js/regions.js``, tested against ``core``) and plays,
pauses, scrubs and steps with no server round trip. Arrays travel as base64 of their float64 (or uint8) bytes:
exactly core's numbers, in a third of the text of their decimal digits.
"""

from __future__ import annotations

import base64
import hashlib

import numpy as np
import streamlit as st

from core.descent import Trajectory
from core.diagnostics import Diagnosis
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
    X: np.ndarray, y: np.ndarray, run: Trajectory, diagnosis: Diagnosis, look: Look, *, key: str = "descent"
) -> None:
    """Draw the run: the map at the shown state, loss and accuracy curves, play, pause, speed, loop, scrub, step,
    and beside them how the run ended (``diagnosis``, in its words)."""
    data = explorer_data(X, y, run, look) | {
        "verdict": {"kind": VERDICT_KINDS[diagnosis.verdict], "text": diagnosis.reason},
        "step": linked_step(),
    }
    _component(key=key, data=data)
