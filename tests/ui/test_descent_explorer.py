"""What the descent explorer is sent (core's points, labels and start exactly, in few bytes) and what it reports
back (the view it rests on, checked; points placed by hand, taken once, checked as a table is)."""

import base64
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import streamlit as st

from core import make_dataset
from core.diagnostics import start_weights
from core.points import MAX_ROWS
from tests.conftest import ROOT
from ui.descent_explorer import (
    MAX_STEPS,
    _adopt_rate,
    edited_points,
    explorer_data,
    plane_limits,
    report_points,
    reported_view,
    run_identity,
)
from viz import Look


def unpacked(data: dict) -> dict:
    """The arrays of ``data`` as the browser reads them (typed arrays over the decoded bytes)."""
    read = {"points": "<f8", "labels": "u1"}
    return {name: np.frombuffer(base64.b64decode(data[name]), dtype=dtype) for name, dtype in read.items()}


def assert_sent_is_start(sent: dict, X, y, W0, b0, lr: float) -> None:
    """``sent`` holds the points and labels bit for bit, the start θ₀ row by row [w_k1, w_k2, b_k] and η."""
    arrays = unpacked(sent)
    np.testing.assert_array_equal(arrays["points"].reshape(-1, 2), X)
    np.testing.assert_array_equal(arrays["labels"], y)
    classes = W0.shape[0]
    start = np.array(sent["start"]).reshape(classes, 3)
    np.testing.assert_array_equal(start[:, :2], W0)
    np.testing.assert_array_equal(start[:, 2], b0)
    assert sent["lr"] == lr and sent["classes"] == classes and sent["n"] == y.shape[0]


def data_of(n=200, classes=3, init="random", seed=0, lr=0.5, look=None):
    X, y = make_dataset("blobs", n=n, noise=0.8, classes=classes, seed=seed)
    W0, b0 = start_weights(init, classes=classes, dims=2, seed=seed)
    return X, y, W0, b0, explorer_data(X, y, W0, b0, lr, look or Look())


@pytest.mark.parametrize("init", ["zeros", "random"])
def test_the_explorer_is_sent_cores_points_and_start_exactly(init):
    """Points, labels, W0 and b0 bit for bit (a random start's rows are each [w_k1, w_k2, b_k]), and η."""
    X, y, W0, b0, data = data_of(n=150, classes=4, init=init, seed=3, lr=0.3)
    assert_sent_is_start(data, X, y, W0, b0, 0.3)
    assert data["maxSteps"] == MAX_STEPS


def test_the_start_is_sent_row_by_row():
    """θ₀ = [[1, 2, 3], [4, 5, 6]] is sent as 1 … 6: W0's row then its bias, not every w then every b."""
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    data = explorer_data(X, np.array([0, 1]), np.array([[1.0, 2.0], [4.0, 5.0]]), np.array([3.0, 6.0]), 1, Look())
    assert data["start"] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_the_map_is_sent_the_box_around_the_points():
    X, _, _, _, data = data_of()
    xlim, ylim = plane_limits(X)
    assert data["xlim"] == list(xlim) and data["ylim"] == list(ylim)


def test_the_box_is_a_square_around_the_points():
    """Both axes span the same length (one scale on the map) and every point lies inside, with room to spare."""
    X = np.array([[0.0, 0.0], [4.0, 2.0], [1.0, -1.0]])
    (x0, x1), (y0, y1) = plane_limits(X)
    assert x1 - x0 == pytest.approx(y1 - y0)
    assert x0 < 0 < 4 < x1 and y0 < -1 < 2 < y1
    (x0, x1), (y0, y1) = plane_limits(np.zeros((3, 2)))  # one spot: a box 1 unit across, not 0
    assert x1 - x0 == pytest.approx(1.0) and y1 - y0 == pytest.approx(1.0)


RUN = ("blobs", 200, 0.8, 3, 0, "zeros")  # data, n, noise, classes, seed, init


def test_the_same_run_has_the_same_name():
    """The same parts name the same run, in another process too (no salted hash), so a replica the browser
    reconnects to names it alike and the browser keeps its place."""
    assert run_identity(*RUN) == run_identity(*RUN)
    code = f"from ui.descent_explorer import run_identity; print(run_identity(*{RUN!r}))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                           env=os.environ | {"PYTHONHASHSEED": "12345"})
    assert other.stdout.strip() == run_identity(*RUN)


@pytest.mark.parametrize(("index", "other"), [(0, "moons"), (1, 201), (2, 0.85), (3, 4), (4, 1), (5, "random")])
def test_any_part_changed_is_another_run(index, other):
    """Other data, n, noise, classes, seed or start: another run, which the browser starts again at step 0."""
    parts = list(RUN)
    parts[index] = other
    assert run_identity(*parts) != run_identity(*RUN)


@pytest.mark.parametrize(("n", "classes", "limit"), [(200, 3, 10_000), (2000, 5, 100_000)])
def test_the_sizes_sent_stay_small(n, classes, limit):
    """The default data are under 10 KB as JSON, the largest (2,000 points, K = 5) under 100 KB: the run itself is
    trained in the browser, so nothing grows with the steps."""
    *_, data = data_of(n=n, classes=classes)
    assert len(json.dumps(data)) < limit


@pytest.fixture
def session(monkeypatch) -> dict:
    """A plain dict as Streamlit's session state, holding what the explorer reported."""
    state: dict = {}
    monkeypatch.setattr(st, "session_state", state)
    return state


def view(**changes) -> dict:
    """A view as the browser reports it: run "r", K = 2, resting on step 7."""
    return {"seq": "9-1", "run": "r", "step": 7, "theta": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "lr": 0.3,
            "playing": False, "points": None} | changes


def test_a_view_is_read_back_as_the_state_it_shows(session):
    """The step, its weights (rows [w_k1, w_k2, b_k] split into W and b), η, playing and the report's seq."""
    session["descent"] = {"view": view()}
    shown = reported_view("r", 2)
    assert shown.step == 7 and shown.lr == 0.3 and shown.playing is False and shown.seq == "9-1"
    np.testing.assert_array_equal(shown.W, [[1.0, 2.0], [4.0, 5.0]])
    np.testing.assert_array_equal(shown.b, [3.0, 6.0])
    session["descent"] = {"view": view(playing=True, step=0, theta=[0, 0, 0, 0, 0, 0], lr=10)}
    shown = reported_view("r", 2)
    assert shown.playing is True and shown.step == 0 and shown.lr == 10.0
    session["descent"] = {"view": view(step=MAX_STEPS)}
    assert reported_view("r", 2).step == MAX_STEPS


@pytest.mark.parametrize(
    "state",
    [
        None,
        {},
        {"view": None},  # the component's default, before the first report
        {"view": "step 7"},
        {"view": [7]},
        {"view": view(run="another")},  # a report of the run before a settings change
        {"view": view(run=None)},
        {"view": view(theta=[1.0, 2.0, 3.0, 4.0, 5.0])},  # K = 2 needs six numbers
        {"view": view(theta=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])},  # a K = 3 state
        {"view": view(theta=[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])},
        {"view": view(theta="1,2,3,4,5,6")},
        {"view": view(theta=None)},
        {"view": view(theta=[1.0, 2.0, float("nan"), 4.0, 5.0, 6.0])},
        {"view": view(theta=[1.0, 2.0, None, 4.0, 5.0, 6.0])},  # NaN as JSON.stringify writes it
        {"view": view(theta=[1.0, 2.0, float("inf"), 4.0, 5.0, 6.0])},
        {"view": view(theta=[1.0, 2.0, "3", 4.0, 5.0, 6.0])},
        {"view": view(theta=[1.0, 2.0, True, 4.0, 5.0, 6.0])},
        {"view": view(step=-1)},
        {"view": view(step=MAX_STEPS + 1)},
        {"view": view(step="7")},
        {"view": view(step=7.5)},
        {"view": view(step=True)},  # JSON's true, which Python counts as 1
        {"view": view(step=None)},
        {"view": view(lr=0)},
        {"view": view(lr=-0.3)},
        {"view": view(lr=float("nan"))},
        {"view": view(lr="0.3")},
        {"view": {k: v for k, v in view().items() if k != "lr"}},
    ],
)
def test_an_unusable_view_is_none_and_raises_nothing(session, state):
    """No view, another run's, the wrong shape, a number that is not finite, a step outside 0 … MAX_STEPS or not
    whole, a rate that is not positive, a string for a number: None, so the page shows the start."""
    if state is not None:
        session["descent"] = state
    assert reported_view("r", 2) is None


@pytest.mark.parametrize(("lr", "adopted"), [(0.3, 0.3), (10.0, 10.0), (0.25, 0.5), ("0.3", 0.5), (None, 0.5)])
def test_a_rate_set_on_the_map_becomes_the_pages_if_it_is_a_stop(session, lr, adopted):
    """η from the browser replaces the page's η only when it is one of the slider's stops."""
    session["lr"] = 0.5
    session["descent"] = {"view": view(lr=lr)}
    _adopt_rate("descent", (0.1, 0.3, 0.5, 10.0))
    assert session["lr"] == adopted


def test_no_view_leaves_the_rate(session):
    session["lr"] = 0.5
    _adopt_rate("descent", (0.1, 0.3, 0.5))
    session["descent"] = {"view": None}
    _adopt_rate("descent", (0.1, 0.3, 0.5))
    assert session["lr"] == 0.5


def report(session: dict, rows, seq="1") -> tuple[np.ndarray, np.ndarray] | None:
    session["descent"] = {"view": view(points=rows, seq=seq)}
    return edited_points()


def test_a_report_becomes_exactly_those_points(session):
    """Coordinates at full precision and labels 0-based, as the browser sent them."""
    rows = [[0.1, -2.5, 0], [1e-7, 3.0, 1], [123456.789, -0.30000000000000004, 4]]
    X, y = report(session, rows)
    np.testing.assert_array_equal(X, [row[:2] for row in rows])
    np.testing.assert_array_equal(y, [0, 1, 4])
    assert X.dtype == np.float64 and y.dtype == np.int64


def test_a_report_is_taken_once_per_seq(session):
    """The same seq again (a rerun for another reason) is not taken twice; the next seq is."""
    rows = [[0.0, 0.0, 0], [1.0, 1.0, 1]]
    assert report(session, rows, "a") is not None
    assert report(session, rows, "a") is None
    assert report(session, [*rows, [2.0, 2.0, 1]], "b")[1].tolist() == [0, 1, 1]


def test_no_report_is_no_change(session):
    """Before the first release the explorer's state holds its default, and a view that only rests on a step (no
    points) changes no points."""
    assert edited_points() is None
    session["descent"] = {"view": None}
    assert edited_points() is None
    session["descent"] = {"view": view()}
    assert edited_points() is None


@pytest.mark.parametrize(
    "rows",
    [
        [[0.0, float("nan"), 0], [1.0, 1.0, 1]],
        [[0.0, None, 0], [1.0, 1.0, 1]],  # NaN as JSON.stringify writes it
        [[0.0, float("inf"), 0], [1.0, 1.0, 1]],
        [[0.0, 0.0, 1], [1.0, 1.0, 1]],  # one class
        [],
        [[0.0, 0.0, 0], [1.0, 1.0, 1]] * (MAX_ROWS // 2 + 1),  # too many rows
        [[0.0, 0.0], [1.0, 1.0]],  # wrong shape
        [[0.0, 0.0, 0, 5], [1.0, 1.0, 1, 5]],
        [0.0, 0.0, 0, 1.0, 1.0, 1],
        {"x1": [0.0, 1.0]},
        "0,0,0;1,1,1",
        [["0", "0", "0"], ["1", "1", "1"]],  # strings
        [[0.0, 0.0, True], [1.0, 1.0, False]],
        [[0.0, 0.0, 0.5], [1.0, 1.0, 1]],  # a label that is not whole
        [[0.0, 0.0, 0], [1.0, 1.0, 9]],  # a label beyond MAX_CLASSES
        [[2e6, 0.0, 0], [1.0, 1.0, 1]],  # beyond ±10⁶
    ],
)
def test_a_bad_report_changes_nothing_and_raises_nothing(session, rows):
    """Anything but two or more finite points of at least two labels in 0 … 4 is refused: None, no exception,
    and report_points says why in words."""
    assert report(session, rows) is None
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        report_points(rows)
