"""Gradient descent with ŷ − y, animated: softmax regression learning on 2-D points, one step at a time."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import streamlit as st

import ui
from core import make_dataset
from core.diagnostics import TINY, Diagnosis, judge, start_weights, written
from core.separability import Separation, separation
from ui import descent_sections as sections
from ui.descent_explorer import MAX_STEPS, View, descent_explorer, reported_view, run_identity
from ui.descent_settings import LEARNING_RATES, SPECS, controls, own_points, steps_from_old_link
from viz import Look

SECTIONS = {  # each expander's key is its URL parameter, open_pulls=true while it is open
    "open_pulls": "One step, point by point",
    "open_why": "Why the gradient on the logits is ŷ − y",
    "open_two_class": "Softmax with two classes is logistic regression at twice the rate",
}
PARTS = ("sidebar", "title", "settings", "numbers", "sections")  # what a link may hide: ?hide=settings,sections
URL_PARAMS = [
    *SPECS,
    ui.Number("step", 0, MAX_STEPS, integer=True),  # the step the map shows, which the browser writes
    *(ui.Choice(key, ("true", "false")) for key in SECTIONS),
    sections.TWO_CLASS_STEPS,
    *ui.lecture_specs(PARTS),
]


@st.cache_data(max_entries=32, show_spinner=False)
def generated(name: str, n: int, noise: float, classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return make_dataset(name, n=n, noise=noise, classes=classes, seed=seed)


@st.cache_data(max_entries=64, show_spinner="Looking for a separating line…")
def separation_of(X: np.ndarray, y: np.ndarray, classes: int) -> Separation:
    """Separability and the best loss depend on the points alone: η, the step and the speed cost nothing here. The
    linear programs can take as long as a run, so they go to the worker."""
    return ui.in_worker(functools.partial(separation, classes=classes), X, y)


@st.cache_data(max_entries=64, show_spinner=False)
def judged(X, y, W, b, W0, b0, lr: float, step: int) -> Diagnosis:
    """The state judged in the worker (its look-ahead is most of what a pause costs), with the points' separation
    sent without its certificates: its fingerprint names the points, and judge checks that."""
    found = dataclasses.replace(separation_of(X, y, W.shape[0]), machine=None, multipliers=None)
    rules = dict(lr=lr, step=step, start=(W0, b0), found=found, max_steps=MAX_STEPS, min_lr=LEARNING_RATES[0])
    return ui.in_worker(functools.partial(judge, **rules), X, y, W, b)


def ending(diagnosis: Diagnosis) -> None:
    """The numbers behind the verdict on the step shown, beside the explorer."""
    right = f"{diagnosis.correct} of {diagnosis.points} points right"
    if diagnosis.tied:
        right += f", {diagnosis.tied} {'ties' if diagnosis.tied == 1 else 'tie'} (no class predicted)"
    loss, start = written(diagnosis.loss, diagnosis.log_loss, digits=4), written(
        diagnosis.loss_start, diagnosis.log_loss_start, digits=4
    )
    gradient = written(diagnosis.gradient_norm, diagnosis.log_gradient_norm)
    parts = [
        f"At step {diagnosis.step:,}: loss {loss} (at the start {start})",
        right,
        f"‖gradient‖ {gradient}",
        {
            True: "these points are linearly separable (a machine that separates them, checked exactly)",
            False: "these points are not linearly separable (a proof that none can, checked exactly)",
            None: "no linear program here could decide whether these points are linearly separable",
        }[diagnosis.separable],
    ]
    if any(text.startswith("about") for text in (loss, start, gradient)):
        parts.append(f"“about”: below {TINY:.1e}, where float64 runs out of digits, so sized from the logits")
    st.caption(" · ".join(parts))
    st.caption(
        f"The rows' mean (◆ on the map) is {diagnosis.mean_drift:.1e} from where it started: every point pushes "
        "its own row towards it and the others away, and its pushes on the rows sum to zero, so the mean of the "
        "rows never moves (but for rounding)."
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


def gradient_descent_page() -> None:
    ui.frame("Gradient descent", ":material/trending_down:", parts=PARTS)
    steps_from_old_link()
    ui.check_url_params("gradient_descent", URL_PARAMS)
    ui.keep_history(replace_only=("step",))  # the map rewrites the step as it plays
    with ui.part("title"):
        st.title("Gradient descent with ŷ − y")
        st.markdown(
            "Softmax regression learning to classify points in the plane, every step with the same error signal: "
            "$W \\leftarrow W - \\eta\\,(\\hat Y - Y)^\\top X / N$, "
            "$b \\leftarrow b - \\eta\\,\\textstyle\\sum_i (\\hat y_i - y_i) / N$."
        )
    explorer()


@st.fragment
def explorer() -> None:
    """Settings, the live run and everything judged from it: a change reruns only this part of the page."""
    look = ui.current_look()
    # The run and its verdict come first, on the first screen; the settings that made it follow (read first, drawn
    # below). On a projector they fold away until needed.
    run_place = st.container()
    with ui.part("settings"):
        settings_box = st.expander("Settings", expanded=False) if look.projector else st.container(border=True)
        with settings_box:
            settings = controls()
    share = st.container()  # drawn once the student's points are in the address: a link carries them too
    own = settings["data"] == "own"
    points = own_points(settings) if own else None
    if own and points is None:
        with ui.part("sections"):
            look_closer(settings, look, shown=None)
        return
    if own:
        X, y = points
        classes = int(y.max()) + 1
        run = run_identity("own", classes, settings["init"], settings["seed"])  # edits keep the run going
    else:
        X, y = generated(settings["data"], settings["n"], settings["noise"], settings["classes"], settings["seed"])
        classes = settings["classes"]
        run = run_identity(*(settings[k] for k in ("data", "n", "noise", "classes", "seed", "init")))
    start = start_weights(settings["init"], classes=classes, dims=X.shape[1], seed=settings["seed"])
    view = reported_view(run, classes)
    shown = None if view is not None and view.playing else view or View(None, 0, *start, settings["lr"], False)
    diagnosis = shown and judged(X, y, shown.W, shown.b, *start, settings["lr"], shown.step)
    with run_place:
        descent_explorer(
            X, y, start, settings["lr"], look, run=run, verdict=diagnosis and (diagnosis, shown.seq),
            editable=own, rates=LEARNING_RATES,
        )
        with ui.part("numbers"):
            if diagnosis:
                ending(diagnosis)
            else:
                st.caption("Playing in your browser: the numbers for a step come when you pause.")
        st.caption(
            "▶ Play trains in your browser from the step shown, and goes on while you change η, the speed or the "
            "points; Back, Next and the step slider move through the steps trained so far (Space plays or pauses)."
        )
        empty_classes(y, classes)
    with share:
        linked = not own or ui.POINTS_KEY in st.query_params  # too many points stay out of the address
        step = shown.step if shown else 0
        ui.share_link(
            settings | ({"step": step} if step else {}),
            from_widgets=(*SECTIONS, sections.TWO_CLASS_STEPS.key),
            from_address=(ui.POINTS_KEY,) if own else (),
            address=f"It opens at step {step:,} of a run trained with these settings from the start."
            if linked
            else "Your points are too many for a link, so it opens with the starting points: share the CSV instead.",
        )
    with ui.part("sections"):
        look_closer(settings, look, shown=(X, y, classes, shown))


def look_closer(settings: dict, look: Look, *, shown: tuple | None) -> None:
    """The sections below the run. A closed expander's body does not run, so by default a settings change redraws
    only the explorer; an open section reruns and redraws with it. Which are open is in the address bar, and stays
    there while the student's table cannot be used (``shown`` is None): the sections that show the run wait."""
    bodies = {"open_why": sections.why_section}
    if shown is not None:
        X, y, classes, state = shown
        bodies["open_two_class"] = lambda: sections.two_class_section(X, y, classes, settings, look)
        if state is not None:
            bodies["open_pulls"] = lambda: sections.pulls_section(X, y, state.W, state.b, state.step, settings["lr"])
    for key, title in SECTIONS.items():
        section = st.expander(f"**{title}**", key=key, bind="query-params", on_change="rerun")
        if section.open:
            with section:
                if key in bodies:
                    bodies[key]()
                elif key == "open_pulls" and shown is not None:
                    st.info("The run is playing: pause it and this section shows the step on the map.")
                else:
                    st.info("This section shows the run, which needs usable points: fix the table above.")


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it to reach its helpers
    gradient_descent_page()
