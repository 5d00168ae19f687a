"""Gradient descent with ŷ − y, animated: softmax regression learning on 2-D points, one step at a time."""

from __future__ import annotations

from collections.abc import MutableMapping

import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import DATASETS, MAX_CLASSES, make_dataset
from core.descent import Trajectory
from core.diagnostics import (
    H_VALUES,
    Diagnosis,
    chain_rule,
    compare_with_logistic,
    finite_difference_error,
    finite_difference_sweep,
    start_weights,
    step_pulls,
    trained,
)
from core.points import MAX_ROWS, parse_points, points_csv, points_from_columns
from ui.descent_explorer import MAX_STATES, descent_explorer, edited_points
from viz import Look
from viz.gradient import finite_difference_figure, jacobian_figure, pulls_figure, two_class_figure

DATA_LABELS = {**DATASETS, "own": "Your own points (table or CSV)"}
# Learning rates 1, 1.5, 2, 3, 5, 7 per decade: log-spaced, and round numbers a teacher would type in a link.
LEARNING_RATES = (*(round(m * 10.0**e, 6) for e in range(-3, 1) for m in (1, 1.5, 2, 3, 5, 7)), 10.0)
URL_PARAMS = [
    ui.Choice("data", tuple(DATA_LABELS)),
    ui.Number("n", 10, 2000, integer=True),
    ui.Number("noise", 0, 3),
    ui.Number("seed", 0, 9999, integer=True),
    ui.Number("classes", 2, MAX_CLASSES, integer=True),
    ui.Number("lr", 0.001, 10),
    ui.Number("steps", 1, 2000, integer=True),
    ui.Choice("init", ("zeros", "random")),
    ui.Points("points"),
    ui.Number("step", 0, 2000, integer=True),
]
TOP_PULLS = 10
OWN = "own_points"  # session key of the table the student edits
KEPT_K = "classes_before_xor"


@st.cache_data(max_entries=32, show_spinner=False)
def generated(name: str, n: int, noise: float, classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return make_dataset(name, n=n, noise=noise, classes=classes, seed=seed)


@st.cache_data(max_entries=16, show_spinner="Training…")
def train(X: np.ndarray, y: np.ndarray, classes: int, lr: float, steps: int, init: str, seed: int):
    W0, b0 = start_weights(init, classes=classes, dims=X.shape[1], seed=seed)
    # The separability LP and the best-loss minimiser cost as much as the run on some data: both off the server.
    return ui.in_worker(trained, X, y, W0, b0, lr, steps)


@st.cache_data(max_entries=8, show_spinner=False)
def two_class_check(X: np.ndarray, y: np.ndarray, lr: float, steps: int, init: str, seed: int):
    W0, b0 = start_weights(init, classes=2, dims=X.shape[1], seed=seed)
    return ui.in_worker(compare_with_logistic, X, y, W0, b0, lr, steps)


def set_points(state: MutableMapping, X: np.ndarray, y: np.ndarray) -> None:
    """Make ``X``, ``y`` the student's table."""
    state[OWN] = pd.DataFrame({"x1": X[:, 0], "x2": X[:, 1], "label": y})
    state.pop("own_editor", None)  # the editor's edits belonged to the old table


def load_upload(data: bytes, state: MutableMapping) -> str | None:
    """Replace the student's table with the points in ``data``; on any problem keep the table and return why."""
    try:
        set_points(state, *parse_points(data))
    except ValueError as exc:
        return str(exc)
    return None


def on_upload() -> None:
    upload = st.session_state.get("own_upload")
    if upload is not None:
        st.session_state["own_upload_problem"] = load_upload(upload.getvalue(), st.session_state)


def snap_learning_rate() -> None:
    """A link's η between two slider stops (say 0.25) moves to the nearest stop, with a note, instead of vanishing."""
    raw = st.query_params.get("lr")
    if raw is None or "lr" in st.session_state or ui.Number("lr", 0.001, 10).problem(raw):
        return
    nearest = min(LEARNING_RATES, key=lambda stop: abs(np.log(stop / float(raw))))  # nearest on the log scale
    if f"{nearest:g}" != raw:
        st.session_state["lr"] = nearest
        st.caption(f"The link's η = {raw} is between the slider's stops; the nearest, {nearest:g}, is used.")


def controls() -> dict:
    """The bound widgets; their keys are the URL parameters of a shared link."""
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**Data**")
        # Bound widgets write their displayed text into the URL, so the options are shown as the URL names.
        data = st.selectbox("Points", tuple(DATA_LABELS), key="data", bind="query-params")
        st.caption(DATA_LABELS[data])
        own = data == "own"
        n = st.slider("Number of points n", 10, 2000, 200, key="n", bind="query-params", disabled=own)
        noise = st.slider("Noise", 0.0, 3.0, 0.8, step=0.05, key="noise", bind="query-params", disabled=own)
        a, b = st.columns(2)
        if data == "xor":
            # The disabled slider shows what the run uses; the student's own K comes back with another data set.
            st.session_state.setdefault(KEPT_K, st.session_state.get("classes", 3))
            st.session_state["classes"] = 2
        elif KEPT_K in st.session_state:
            st.session_state["classes"] = st.session_state.pop(KEPT_K)
        classes = a.slider(
            "Classes K", 2, MAX_CLASSES, 3, key="classes", bind="query-params", disabled=own or data == "xor"
        )
        seed = b.number_input("Seed", 0, 9999, 0, step=1, key="seed", bind="query-params")
    with right:
        st.markdown("**Training**")
        snap_learning_rate()
        lr = st.select_slider(
            "Learning rate η (log scale)",
            LEARNING_RATES,
            value=0.5,
            format_func=lambda v: f"{v:g}",
            key="lr",
            bind="query-params",
        )
        steps = st.slider("Steps", 1, 2000, 200, key="steps", bind="query-params")
        init = st.radio(
            "Start from",
            ("zeros", "random"),
            captions=("the same run for everyone", "drawn from the seed"),
            horizontal=True,
            key="init",
            bind="query-params",
        )
    if data == "xor":
        classes = 2
        st.caption("XOR always has two classes.")
    return {
        "data": data,
        "n": n,
        "noise": noise,
        "classes": classes,
        "seed": int(seed),
        "lr": lr,
        "steps": steps,
        "init": init,
    }


def own_points(settings: dict) -> tuple[np.ndarray, np.ndarray] | None:
    """The student's table, upload and download; the points, or None (with the reason shown) if unusable."""
    placed = edited_points()  # points added, moved or removed on the map since the last run
    if placed is not None:
        set_points(st.session_state, *placed)
    if OWN not in st.session_state:
        # A reload, a shared link or a reconnect to another replica brings the points back from the address.
        X, y = ui.linked_points() or make_dataset("blobs", n=24, noise=0.8, classes=3, seed=settings["seed"])
        set_points(st.session_state, X, y)
    st.markdown(
        "Place points on the map above (click, drag, Shift+click), or type exact values here: edit the table to "
        "move points (change x1, x2), relabel them (label 0 is class 1), add rows at the bottom or delete them; "
        "or upload a CSV with the header `x1,x2,label` (labels 0 … 4)."
    )
    table = st.data_editor(
        st.session_state[OWN],
        num_rows="dynamic",
        key="own_editor",
        height=260,
        # No limits in the editor itself: it would silently undo a label of 7 or show a bare "!" for 1e7. The
        # table takes any number and points_from_columns says what is wrong with it, row by row.
        column_config={
            "x1": st.column_config.NumberColumn("x1", required=True),
            "x2": st.column_config.NumberColumn("x2", required=True),
            "label": st.column_config.NumberColumn("label", step=1, required=True),
        },
    )
    st.file_uploader(
        f"Upload points (CSV, ≤ 1 MB, ≤ {MAX_ROWS:,} rows)",
        type=["csv", "txt"],
        key="own_upload",
        on_change=on_upload,
        max_upload_size=1,
    )
    problem = st.session_state.get("own_upload_problem")
    if problem:
        st.error(f"That file was not loaded, and your points are unchanged. {problem}", icon=":material/block:")
    try:
        X, y = points_from_columns(
            table["x1"].to_numpy(float), table["x2"].to_numpy(float), table["label"].to_numpy(float)
        )
    except ValueError as exc:
        st.error(str(exc), icon=":material/edit_off:")
        return None
    ui.keep_points_in_link(X, y)
    st.download_button(
        "Download these points (CSV)",
        points_csv(X, y),
        file_name="points.csv",
        mime="text/csv",
        key="own_download",
        on_click="ignore",
    )
    return X, y


def ending(diagnosis: Diagnosis) -> None:
    """The numbers behind the verdict, which the explorer shows beside the curves."""
    st.caption(
        f"Loss {diagnosis.loss_start:.4g} → {diagnosis.loss_end:.4g} (lowest {diagnosis.loss_min:.4g}) · "
        f"{diagnosis.correct} of {diagnosis.points} points right · ‖gradient‖ {diagnosis.gradient_norm:.3g} · "
        f"loss rose on {diagnosis.rises} of the last {diagnosis.later} steps · {diagnosis.steps} steps run · "
        f"these points are {'' if diagnosis.separable else 'not '}linearly separable (a linear program decides)"
    )


def animation_section(X, y, run: Trajectory, diagnosis: Diagnosis, look: Look, *, editable: bool) -> None:
    """The run played in the browser (its points placed by hand if ``editable``), then how it ended."""
    descent_explorer(X, y, run, diagnosis, look, editable=editable)
    ending(diagnosis)
    st.caption(
        "▶ Play, Back, Next and the step slider run in your browser (Space plays or pauses; arrow keys step "
        "when the slider has focus). "
        + (
            f"The curves hold all {run.steps + 1} states; the map shows {MAX_STATES} of them, evenly spaced."
            if run.steps + 1 > MAX_STATES
            else ""
        )
    )


@st.fragment
def pulls_section(X, y, run: Trajectory, lr: float) -> None:
    """One step decomposed into the pulls (ŷᵢ − yᵢ)xᵢ of the points, and the points that pull hardest."""
    look = ui.current_look()  # this fragment also reruns alone
    st.markdown(
        "Every step is a sum over the points: point *i* pulls the weights by $-\\eta(\\hat y_i - y_i)x_i/N$. "
        "For the class row $w_k$, a point of label *k* pulls it towards itself in proportion to $1 - \\hat y_{ik}$, "
        "and every other point pushes it away in proportion to $\\hat y_{ik}$, the probability it wrongly gives "
        "class *k*."
    )
    if run.steps == 0:
        st.info("The run stopped before its first step, so there is no step to decompose.")
        return
    a, b = st.columns(2)
    if run.steps == 1:  # a slider needs two positions
        t = 0
        a.caption("Step 0 → 1, the run's only step.")
    else:
        t = a.slider("Step", 0, run.steps - 1, 0, key=f"pull_step_{run.steps}", help="The step from state t to t + 1.")
    k = b.radio(
        "Class row",
        range(run.W.shape[1]),
        format_func=lambda c: f"w{c + 1} (label {c})",
        horizontal=True,
        key="pull_class",
    )
    pulls = step_pulls(X, y, run.W[t], run.b[t])
    chart, table = st.columns([3, 2], gap="large")
    with chart:
        ui.show_chart(pulls_figure(pulls, y, run.W[t, k], lr, k, look), key="pulls_chart", filename=f"pulls-step-{t}")
    with table:
        top = pulls.largest(TOP_PULLS)
        st.markdown(f"**The {top.size} largest pulls at step {t}** (all classes and the bias counted)")
        st.dataframe(
            pd.DataFrame(
                {
                    "point": top,
                    "x1": X[top, 0],
                    "x2": X[top, 1],
                    "label": y[top],
                    "predicted": pulls.y_hat[top].argmax(axis=1),
                    "ŷ of its label": pulls.y_hat[top, y[top]],
                    "size of pull": pulls.sizes[top],
                }
            ),
            hide_index=True,
            column_config={
                "x1": st.column_config.NumberColumn(format="%.3f"),
                "x2": st.column_config.NumberColumn(format="%.3f"),
                "ŷ of its label": st.column_config.NumberColumn(format="%.3f"),
                "size of pull": st.column_config.NumberColumn(format="%.2e"),
            },
            key="pulls_table",
        )
        st.caption(
            "Size of pull: ‖(ŷᵢ − yᵢ) ⊗ [xᵢ, 1]‖ / N over every class row and the bias. "
            "The chain on the left adds them up."
        )


@st.fragment
def why_section() -> None:
    """Why the gradient is ŷ − y: the Jacobian, the chain rule, and a finite-difference check."""
    look = ui.current_look()  # this fragment also reruns alone
    st.markdown(
        "For one point with logits $z$, $\\hat y = \\mathrm{softmax}(z)$ and loss $L = -\\sum_k y_k \\log \\hat y_k$. "
        "The chain rule goes through the softmax Jacobian:"
    )
    st.latex(
        r"\begin{aligned}\frac{\partial L}{\partial z} &= \Big(\frac{\partial L}{\partial \hat y}\Big)^{\!\top} J"
        r" = -\Big(\frac{y}{\hat y}\Big)^{\!\top}\big(\operatorname{diag}(\hat y) - \hat y \hat y^\top\big) \\"
        r" &= -y^\top + \Big(\sum_k y_k\Big)\hat y^\top = \hat y - y\end{aligned}"
    )
    cols = st.columns(4)
    z = [
        cols[i].slider(f"z{i + 1}", -6.0, 6.0, value, step=0.5, key=f"why_z{i + 1}")
        for i, value in enumerate((1.0, 2.0, -1.0))
    ]
    target = cols[3].radio("True class", (0, 1, 2), format_func=lambda c: f"class {c + 1}", key="why_target")
    rule = chain_rule(z, target)
    h = st.select_slider(
        "Finite-difference step h", H_VALUES, value=1e-5, format_func=lambda v: f"{v:.0e}", key="why_h"
    )
    estimate, error = finite_difference_error(z, target, h)
    st.dataframe(
        pd.DataFrame(
            [rule.y_hat, rule.dloss_dyhat, rule.chain, rule.shortcut, estimate],
            index=["ŷ", "∂L/∂ŷ = −y/ŷ", "(∂L/∂ŷ)ᵀ J", "ŷ − y", f"finite difference, h = {h:.0e}"],
            columns=["class 1", "class 2", "class 3"],
        ),
        column_config={c: st.column_config.NumberColumn(format="%.6f") for c in ("class 1", "class 2", "class 3")},
        key="why_table",
    )
    st.caption(
        f"Chain rule and ŷ − y differ by at most {rule.gap:.1e} (rounding). "
        f"The finite difference with h = {h:.0e} is off by {error:.1e}."
    )
    left, right = st.columns(2, gap="large")
    sweep = finite_difference_sweep(z, target)
    best = int(np.argmin(sweep))
    with left:
        ui.show_chart(jacobian_figure(rule.jacobian, look), key="jacobian_chart", filename="softmax-jacobian")
    with right:
        ui.show_chart(
            finite_difference_figure(np.array(H_VALUES), sweep, h, error, look, best=best),
            key="fd_chart",
            filename="finite-difference-error",
        )
    st.caption(
        "Large h: the central difference's truncation error shrinks like h². Tiny h: the two losses agree "
        "in almost every digit, so rounding (ε ≈ 2.2e−16) divided by h takes over. For this z the smallest "
        f"error, {sweep[best]:.1e}, is at h = {H_VALUES[best]:.0e} (the open diamond; the rule of thumb ε^(1/3) ≈ 6e−6 "
        "is a guide)."
    )


def two_class_section(X, y, classes: int, settings: dict, look: Look) -> None:
    """Two-class softmax at η against logistic regression at 2η."""
    if classes != 2:
        st.info("This comparison needs exactly two labels, 0 and 1: set Classes K to 2 (or use XOR).")
        return
    check = two_class_check(X, y, settings["lr"], settings["steps"], settings["init"], settings["seed"])
    st.markdown(
        "Every row of ŷ − y sums to 0, so each step moves $w_1$ and $w_2$ by equal and opposite amounts: "
        "$w_1 + w_2$ never changes, and $w_2 - w_1$ moves by twice one row's step, in exact arithmetic the "
        f"logistic step at rate $2\\eta$ = {2 * settings['lr']:g} from $w = w_2 - w_1$, $b = b_2 - b_1$."
    )
    a, b, c, d = st.columns(4)
    a.metric("Gap after the first step", f"{check.first_gap:.1e}")
    b.metric("Largest gap, w₂ − w₁ vs logistic", f"{check.max_gap:.1e}")
    c.metric("Largest gap from a 2.2e−16 nudge", f"{check.max_nudge_gap:.1e}")
    d.metric("Largest change of w₁ + w₂", f"{check.max_drift:.1e}")
    st.caption(
        "The two runs round differently, step by step. The third number is a logistic run started with its bias "
        "moved by one rounding (2.2e−16), measured against the logistic run. If it grows as large as the gap, "
        "the gap is rounding amplified by the dynamics, not a failure of the identity."
    )
    ui.show_chart(two_class_figure(check, look), key="two_class_chart", filename="softmax-vs-logistic")


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
        ui.share_link(
            settings,
            from_address=(ui.POINTS_KEY,) if own else (),
            note="This link opens the run at its first step; the address bar also keeps the step the map shows.",
        )
    if own:
        if points is None:
            return
        X, y = points
        classes = int(y.max()) + 1
    else:
        X, y = generated(settings["data"], settings["n"], settings["noise"], settings["classes"], settings["seed"])
        classes = settings["classes"]
    run, diagnosis = train(X, y, classes, settings["lr"], settings["steps"], settings["init"], settings["seed"])
    with run_place:
        animation_section(X, y, run, diagnosis, look, editable=own)
    downloads(run)
    # Lazy sections: a closed expander's body does not run, so by default a settings change redraws only the
    # animation; an open section reruns and redraws with it.
    for key, label, draw in (
        ("open_pulls", "One step, point by point", lambda: pulls_section(X, y, run, settings["lr"])),
        ("open_why", "Why the gradient on the logits is ŷ − y", why_section),
        (
            "open_two_class",
            "Softmax with two classes is logistic regression at twice the rate",
            lambda: two_class_section(X, y, classes, settings, look),
        ),
    ):
        section = st.expander(f"**{label}**", key=key, on_change="rerun")
        if section.open:
            with section:
                draw()


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it to reach load_upload
    gradient_descent_page()
