"""The gradient-descent page's settings: the bound widgets of a shared link, and the student's own points (a table
to edit, a CSV to upload or download)."""

from __future__ import annotations

from collections.abc import MutableMapping

import numpy as np
import pandas as pd
import streamlit as st

from core import DATASETS, MAX_CLASSES, make_dataset
from core.points import MAX_ROWS, parse_points, points_csv, points_from_columns
from ui.descent_explorer import MAX_STEPS, edited_points
from ui.params import Choice, Number, Points
from ui.points_param import keep_points_in_link, linked_points
from ui.url_text import url_number

DATA_LABELS = {**DATASETS, "own": "Your own points (table or CSV)"}
# Learning rates 1, 1.5, 2, 3, 5, 7 per decade: log-spaced, and round numbers a teacher would type in a link.
LEARNING_RATES = (*(round(m * 10.0**e, 6) for e in range(-3, 1) for m in (1, 1.5, 2, 3, 5, 7)), 10.0)
LR = Number("lr", LEARNING_RATES[0], LEARNING_RATES[-1], stops=LEARNING_RATES)  # a link's η between stops: the nearest
OLD_STEPS = Number("steps", 0, MAX_STEPS, integer=True)  # links from before live training: the run's length
SPECS = [
    Choice("data", tuple(DATA_LABELS)),
    Number("n", 10, 2000, integer=True),
    Number("noise", 0, 3),
    Number("seed", 0, 9999, integer=True),
    Number("classes", 2, MAX_CLASSES, integer=True),
    LR,
    OLD_STEPS,
    Choice("init", ("zeros", "random")),
    Points("points"),
]
OWN = "own_points"  # session key of the table the student edits
UPLOADED = "own_upload_said"  # what became of the last file (loaded, or why not), said until the points change
READ = "own_uploads_read"  # the uploader's key counts the files read: a new key is an empty uploader
KEPT_K = "classes_before_xor"


def points_table(X: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """The table the student edits: x1, x2 and class = y + 1 (the page numbers classes 1 … K)."""
    return pd.DataFrame({"x1": X[:, 0], "x2": X[:, 1], "class": y + 1})


def set_points(state: MutableMapping, X: np.ndarray, y: np.ndarray) -> None:
    """Make ``X``, ``y`` the student's table."""
    state[OWN] = points_table(X, y)
    state.pop("own_editor", None)  # the editor's edits belonged to the old table


def load_upload(data: bytes, state: MutableMapping) -> str | None:
    """Replace the student's table with the points in ``data``; on any problem keep the table and return why."""
    try:
        set_points(state, *parse_points(data))
    except ValueError as exc:
        return str(exc)
    return None


def on_upload(key: str) -> None:
    """Load the file just chosen in the uploader ``key``, then empty the uploader (the next run draws it under a
    new key), so it never lists a file the table no longer is; what became of the file is said instead."""
    upload = st.session_state.get(key)
    if upload is None:
        return
    problem = load_upload(upload.getvalue(), st.session_state)
    st.session_state[UPLOADED] = (upload.name, problem)
    st.session_state[READ] = st.session_state.get(READ, 0) + 1


def on_edit() -> None:
    st.session_state.pop(UPLOADED, None)  # the points are the student's own again, not the file's


def steps_from_old_link() -> None:
    """A link from before live training says ``steps=T``, the length of the run it showed, with its verdict on
    step T: it opens the live run at step T (unless it names a ``step`` too). A bad value stays to be named."""
    values = st.query_params.get_all("steps")
    if len(values) != 1 or OLD_STEPS.problem(values[0]):
        return
    raw = values[0]
    del st.query_params["steps"]
    if "step" not in st.query_params:
        st.query_params["step"] = str(int(float(raw)))


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
        lr = st.select_slider(
            "Learning rate η (log scale)",
            LEARNING_RATES,
            value=0.5,
            format_func=url_number,  # the spelling check_url_params writes: lr=10, not 10.0
            key="lr",
            bind="query-params",
        )
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
        "init": init,
    }


def own_points(settings: dict) -> tuple[np.ndarray, np.ndarray] | None:
    """The student's table, upload and download; the points, or None (with the reason shown) if unusable."""
    placed = edited_points()  # points added, moved or removed on the map since the last run
    if placed is not None:
        set_points(st.session_state, *placed)
        on_edit()
    if OWN not in st.session_state:
        # A reload, a shared link or a reconnect to another replica brings the points back from the address.
        X, y = linked_points() or make_dataset("blobs", n=24, noise=0.8, classes=3, seed=settings["seed"])
        set_points(st.session_state, X, y)
    st.markdown(
        "Place points on the map above (click, drag, Shift+click; without a drag, Move; or from the keyboard: the "
        "map's keys are under “Keys on the map”), or type exact values here: edit the table to move "
        "points (change x1, x2), change their class, add rows at the bottom or delete them; or upload a CSV with the "
        f"header `x1,x2,class` (classes 1 … {MAX_CLASSES})."
    )
    table = st.data_editor(
        st.session_state[OWN],
        num_rows="dynamic",
        key="own_editor",
        on_change=on_edit,
        height=260,
        alt="Your points: x1, x2 and class, one row each",
        # No limits in the editor itself: it would silently undo a class of 7 or show a bare "!" for 1e7. The
        # table takes any number and points_from_columns says what is wrong with it, row by row.
        column_config={
            "x1": st.column_config.NumberColumn("x1", required=True),
            "x2": st.column_config.NumberColumn("x2", required=True),
            "class": st.column_config.NumberColumn("class", step=1, required=True),
        },
    )
    upload_key = f"own_upload_{st.session_state.get(READ, 0)}"
    st.file_uploader(
        f"Upload points (CSV, ≤ 1 MB, ≤ {MAX_ROWS:,} rows)",
        type=["csv", "txt"],
        key=upload_key,
        on_change=on_upload,
        args=(upload_key,),
        max_upload_size=1,
        help=f"The header says how the classes are numbered: `x1,x2,class` counts them 1 … {MAX_CLASSES}; the older "
        f"`x1,x2,label` counts them 0 … {MAX_CLASSES - 1}, so files downloaded before still load as they were.",
    )
    if UPLOADED in st.session_state:
        name, problem = st.session_state[UPLOADED]
        if problem:
            st.error(f"{name} was not loaded, and your points are unchanged. {problem}", icon=":material/block:")
        else:
            st.caption(f"The points of {name} are in the table above; edit them there or on the map.")
    try:
        X, y = points_from_columns(
            table["x1"].to_numpy(float), table["x2"].to_numpy(float), table["class"].to_numpy(float)
        )
    except ValueError as exc:
        st.error(str(exc), icon=":material/edit_off:")
        return None
    keep_points_in_link(X, y)
    st.download_button(
        "Download these points (CSV)",
        points_csv(X, y),
        file_name="points.csv",
        mime="text/csv",
        key="own_download",
        on_click="ignore",
    )
    return X, y
