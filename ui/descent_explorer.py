"""The gradient-descent explorer: softmax regression trained live in the browser, judged by ``core`` here.

Python sends the points, their labels, the start weights and η; the browser trains full-batch gradient descent
step by step (``js/descent.js``, proven equal to ``core.gradient_descent`` in tests), draws every state (shading,
boundaries, marker sizes, the rows as arrows, a point's ŷ − y) and plays, pauses, scrubs and steps with no server
round trip; η, the speed and the student's own points change while it plays. Arrays travel as base64 of their
float64 (or uint8) bytes: exactly core's numbers, in a third of the text of their decimal digits.

When the map rests on a step, the browser reports a view, ``{"seq", "run", "step", "theta", "lr", "playing",
"points"}``: the step shown, its weights (K rows [w_k1, w_k2, b_k]), η, and after an edit on the map the whole
list of points ``[[x1, x2, label], …]``. ``reported_view`` reads it back, checked; the page judges that state with
``core`` and sends the verdict back tagged with the view's seq, so the browser shows it only beside the step it is
about.
"""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core.datasets import MAX_CLASSES
from core.diagnostics import Diagnosis
from core.points import MAX_ROWS, points_from_columns
from ui import explorer_files
from viz import Look
from viz.theme import CLASS_COLOURS, CLASS_SYMBOLS

MAX_STEPS = 100_000  # the most steps a live run keeps (its history: up to 100,001 states of K × 3 numbers)
RESOLUTION = 100  # shading cells per side of the map, sampled at the cell centres
PAD = 0.1  # share of the data's extent added around it
VERDICT_KINDS = {  # how each verdict of core.diagnostics is boxed: a caution, good news, or plain information
    "diverged": "warning",
    "unsteady": "warning",
    "separable": "success",
    "not_separable": "info",
    "undecided": "info",
    "improving": "info",
}

_component = st.components.v2.component(
    "descent_explorer",
    js=explorer_files.loader("descent_explorer.js"),
    css=explorer_files.source("descent_explorer.css"),
)


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


def run_identity(*parts: object) -> str:
    """A short name for a run: a new one (other data, start or classes) starts again at step 0, while the same run
    keeps its place and history through η changes and edits of its points."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


def explorer_data(X: np.ndarray, y: np.ndarray, W0: np.ndarray, b0: np.ndarray, lr: float, look: Look) -> dict:
    """Everything the explorer trains and draws from: points, labels, the start θ₀ (K rows [w_k1, w_k2, b_k]), η."""
    xlim, ylim = plane_limits(X)
    return {
        "classes": int(W0.shape[0]),
        "n": int(y.shape[0]),
        "points": packed(X),
        "labels": packed(y, "u1"),
        "start": np.column_stack([W0, b0]).ravel().tolist(),
        "lr": float(lr),
        "xlim": list(xlim),
        "ylim": list(ylim),
        "resolution": RESOLUTION,
        "maxSteps": MAX_STEPS,
        "classColours": list(CLASS_COLOURS),
        "classSymbols": list(CLASS_SYMBOLS),
        "look": explorer_files.look_data(look),
    }


@dataclass(frozen=True)
class View:
    """Where the browser's run is: the step shown and its weights, η, whether it plays (``seq`` names the report)."""

    seq: str
    step: int
    W: np.ndarray
    b: np.ndarray
    lr: float
    playing: bool


def reported_view(run: str, classes: int, key: str = "descent") -> View | None:
    """The browser's last report for ``run`` (K = ``classes``), checked; None if there is none or it is unusable
    (another run's, the wrong shape, a number that is not finite)."""
    view = (st.session_state.get(key) or {}).get("view")
    if not isinstance(view, dict) or view.get("run") != run:
        return None
    theta, step, lr = view.get("theta"), view.get("step"), view.get("lr")
    if not (
        isinstance(theta, list)
        and len(theta) == 3 * classes
        and all(_finite_number(v) for v in theta)
        and isinstance(step, int)
        and not isinstance(step, bool)  # JSON's true is not step 1
        and 0 <= step <= MAX_STEPS
        and _finite_number(lr)
        and lr > 0
    ):
        return None
    rows = np.array(theta, dtype=np.float64).reshape(classes, 3)
    return View(str(view.get("seq")), step, rows[:, :2], rows[:, 2], float(lr), view.get("playing") is True)


def linked_step() -> int | None:
    """The step the address asks the map to show (``?step=``, which the browser writes when the map rests on a
    step and ``ui.check_url_params`` has checked), if any."""
    raw = st.query_params.get("step")
    return None if raw is None else int(float(raw))


def descent_explorer(
    X: np.ndarray,
    y: np.ndarray,
    start: tuple[np.ndarray, np.ndarray],
    lr: float,
    look: Look,
    *,
    run: str,
    verdict: tuple[Diagnosis, str | None] | None,
    editable: bool = False,
    rates: tuple[float, ...],
    key: str = "descent",
) -> None:
    """Draw the live run from ``start`` at rate ``lr`` on ``X``, ``y``, with the controls (play, pause, speed, η,
    reset, scrub, step) and the verdict on the step shown (``verdict``: core's diagnosis and the seq of the view it
    judged, None for the start); if ``editable``, points are placed on the map by hand too (``edited_points``)."""
    data = explorer_data(X, y, *start, lr, look)
    if verdict is not None:
        diagnosis, seq = verdict
        data["verdict"] = {
            "kind": VERDICT_KINDS[diagnosis.verdict],
            "title": f"At step {diagnosis.step:,}, η = {diagnosis.lr:g}.",
            "text": diagnosis.reason,
            "seq": seq,
            "run": run,
        }
    data |= {
        "run": run,
        "step": linked_step(),
        "rates": list(rates),
        "editable": editable,
        "taken": st.session_state.get(_taken_key(key)),  # the explorer holds its placed points until this is its seq
        "maxClasses": MAX_CLASSES,
        "maxPoints": MAX_ROWS,
    }
    # The page reads the reported view at the start of the next run; η set on the map becomes the page's η first,
    # so the settings' slider and the address follow it.
    _component(key=key, data=data, default={"view": None}, on_view_change=lambda: _adopt_rate(key, rates))


def _adopt_rate(key: str, rates: tuple[float, ...], rate_key: str = "lr") -> None:
    view = (st.session_state.get(key) or {}).get("view")
    lr = view.get("lr") if isinstance(view, dict) else None
    if lr in rates and st.session_state.get(rate_key) != lr:
        st.session_state[rate_key] = lr


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
    report = (st.session_state.get(key) or {}).get("view")
    if (
        not isinstance(report, dict)
        or report.get("points") is None
        or report.get("seq") == st.session_state.get(_taken_key(key))
    ):
        return None
    st.session_state[_taken_key(key)] = report.get("seq")
    try:
        return report_points(report.get("points"))
    except ValueError as exc:
        st.error(f"That change on the map was not used, and your points are unchanged. {exc}", icon=":material/block:")
        return None
