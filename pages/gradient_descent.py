"""Gradient descent with ŷ − y, animated: softmax regression learning on 2-D points, one step at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import make_dataset
from core.descent import Trajectory
from core.diagnostics import Diagnosis, counted, start_weights, trained
from ui import descent_sections as sections
from ui.descent_explorer import MAX_STATES, descent_explorer
from ui.descent_settings import MAX_STEPS, SPECS, controls, own_points
from viz import Look

SECTIONS = {  # each expander's key is its URL parameter, open_pulls=true while it is open
    "open_pulls": "One step, point by point",
    "open_why": "Why the gradient on the logits is ŷ − y",
    "open_two_class": "Softmax with two classes is logistic regression at twice the rate",
}
URL_PARAMS = [
    *SPECS,
    ui.Number("step", 0, MAX_STEPS, integer=True),  # the step the map shows, which the browser writes
    *(ui.Choice(key, ("true", "false")) for key in SECTIONS),
]


@st.cache_data(max_entries=32, show_spinner=False)
def generated(name: str, n: int, noise: float, classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return make_dataset(name, n=n, noise=noise, classes=classes, seed=seed)


@st.cache_data(max_entries=16, show_spinner="Training…")
def train(X: np.ndarray, y: np.ndarray, classes: int, lr: float, steps: int, init: str, seed: int):
    W0, b0 = start_weights(init, classes=classes, dims=X.shape[1], seed=seed)
    # The separability LP and the best-loss minimiser cost as much as the run on some data: both off the server.
    return ui.in_worker(trained, X, y, W0, b0, lr, steps)


def ending(diagnosis: Diagnosis) -> None:
    """The numbers behind the verdict, which the explorer shows beside the curves."""
    rose = f"loss rose on {diagnosis.rises} of the last {counted(diagnosis.later, 'step')}"
    parts = [
        f"Loss {diagnosis.loss_start:.4g} → {diagnosis.loss_end:.4g} (lowest {diagnosis.loss_min:.4g})",
        f"{diagnosis.correct} of {diagnosis.points} points right",
        f"‖gradient‖ {diagnosis.gradient_norm:.3g}",
        *([rose] if diagnosis.later else []),
        f"{counted(diagnosis.steps, 'step')} run",
        f"these points are {'' if diagnosis.separable else 'not '}linearly separable (a linear program decides)",
    ]
    st.caption(" · ".join(parts))


def animation_section(X, y, run: Trajectory, diagnosis: Diagnosis, look: Look, *, editable: bool) -> None:
    """The run played in the browser (its points placed by hand if ``editable``), then how it ended."""
    descent_explorer(X, y, run, diagnosis, look, editable=editable)
    ending(diagnosis)
    st.caption(
        "▶ Play, Back, Next and the step slider run in your browser (Space plays or pauses; arrow keys step "
        "when the slider has focus)."
        + (
            f" The curves hold all {run.steps + 1} states; the map shows {MAX_STATES} of them, evenly spaced."
            if run.steps + 1 > MAX_STATES
            else ""
        )
    )


def empty_classes(y: np.ndarray, classes: int) -> None:
    """Say which of the run's classes 1 … K have no points (the student's own points may skip one)."""
    empty = [k for k in range(classes) if not np.any(y == k)]
    if empty:
        rows = ", ".join(f"w{str(k + 1).translate(sections.SUBSCRIPTS)}" for k in empty)
        st.caption(
            f"No point is of class {', '.join(str(k + 1) for k in empty)}, yet the run has {classes} classes (up to "
            f"the highest class used): the row {rows} is trained too, and every point pushes it away (∝ ŷ of that "
            "class)."
        )


def trajectory_csv(run: Trajectory) -> str:
    """The trajectory as CSV: step, loss, accuracy and every weight."""
    columns = {"step": np.arange(run.steps + 1), "loss": run.loss, "accuracy": run.accuracy}
    for k in range(run.W.shape[1]):
        columns |= {f"w{k + 1}_1": run.W[:, k, 0], f"w{k + 1}_2": run.W[:, k, 1], f"b{k + 1}": run.b[:, k]}
    return pd.DataFrame(columns).to_csv(index=False)


def downloads(run: Trajectory) -> None:
    # Written when clicked, not on every rerun: up to 2,001 rows of weights cost ~25 ms a change.
    st.download_button(
        "Download the trajectory (CSV)",
        lambda: trajectory_csv(run),
        file_name="trajectory.csv",
        mime="text/csv",
        key="trajectory_download",
        on_click="ignore",
    )


def gradient_descent_page() -> None:
    ui.frame("Gradient descent", ":material/trending_down:")
    ui.check_url_params("gradient_descent", URL_PARAMS)
    st.title("Gradient descent with ŷ − y")
    st.markdown(
        "Softmax regression learning to classify points in the plane, every step with the same error signal: "
        "$W \\leftarrow W - \\eta\\,(\\hat Y - Y)^\\top X / N$, "
        "$b \\leftarrow b - \\eta\\,\\textstyle\\sum_i (\\hat y_i - y_i) / N$."
    )
    explorer()


@st.fragment
def explorer() -> None:
    """Settings, the run and everything drawn from it: a change reruns only this part of the page."""
    look = ui.current_look()
    # The run and its verdict come first, on the first screen; the settings that made it follow (read first, drawn
    # below). On a projector they fold away until needed.
    run_place = st.container()
    settings_box = st.expander("Settings", expanded=False) if look.projector else st.container(border=True)
    with settings_box:
        settings = controls()
    share = st.container()  # drawn once the student's points are in the address: a link carries them too
    own = settings["data"] == "own"
    points = own_points(settings) if own else None
    with share:
        linked = not own or ui.POINTS_KEY in st.query_params  # too many points stay out of the address
        ui.share_link(
            settings,
            from_address=tuple(SECTIONS) + ((ui.POINTS_KEY,) if own else ()),
            address="It opens the run at its first step; the address bar holds these settings and the step shown."
            if linked
            else "Your points are too many for a link, so it opens with the starting points: share the CSV instead.",
        )
    if own:
        if points is None:
            look_closer(settings, look, shown_run=None)
            return
        X, y = points
        classes = int(y.max()) + 1
    else:
        X, y = generated(settings["data"], settings["n"], settings["noise"], settings["classes"], settings["seed"])
        classes = settings["classes"]
    run, diagnosis = train(X, y, classes, settings["lr"], settings["steps"], settings["init"], settings["seed"])
    with run_place:
        animation_section(X, y, run, diagnosis, look, editable=own)
        empty_classes(y, classes)
    downloads(run)
    look_closer(settings, look, shown_run=(X, y, run, classes))


def look_closer(settings: dict, look: Look, *, shown_run: tuple | None) -> None:
    """The sections below the run. A closed expander's body does not run, so by default a settings change redraws
    only the animation; an open section reruns and redraws with it. Which are open is in the address bar, and stays
    there while the student's table cannot be used (``shown_run`` is None): the sections that show the run wait."""
    bodies = {"open_why": sections.why_section}
    if shown_run is not None:
        X, y, run, classes = shown_run
        bodies |= {
            "open_pulls": lambda: sections.pulls_section(X, y, run, settings["lr"]),
            "open_two_class": lambda: sections.two_class_section(X, y, classes, settings, look),
        }
    for key, title in SECTIONS.items():
        section = st.expander(f"**{title}**", key=key, bind="query-params", on_change="rerun")
        if section.open:
            with section:
                if key in bodies:
                    bodies[key]()
                else:
                    st.info("This section shows the run, which needs usable points: fix the table above.")


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it to reach trajectory_csv
    gradient_descent_page()
