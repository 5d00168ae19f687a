"""What the descent explorer is sent (core's run exactly, at the states it shows, in few bytes) and what it reports
back (points placed by hand, taken once, checked as a table is)."""

import base64
import json

import numpy as np
import pytest
import streamlit as st

from core import gradient_descent, make_dataset
from core.points import MAX_ROWS
from ui.descent_explorer import MAX_STATES, edited_points, explorer_data, plane_limits, report_points, shown_steps
from viz import Look


def unpacked(data: dict) -> dict:
    """The arrays of ``data`` as the browser reads them (typed arrays over the decoded bytes)."""
    read = {"points": "<f8", "labels": "u1", "steps": "<u4", "W": "<f8", "b": "<f8", "loss": "<f8", "accuracy": "<f8"}
    return {name: np.frombuffer(base64.b64decode(data[name]), dtype=dtype) for name, dtype in read.items()}


def run_of(n=200, classes=3, steps=200, seed=0):
    X, y = make_dataset("blobs", n=n, noise=0.8, classes=classes, seed=seed)
    return X, y, gradient_descent(X, y, np.zeros((classes, 2)), np.zeros(classes), 0.5, steps)


def assert_sent_is_run(sent: dict, X: np.ndarray, y: np.ndarray, run) -> None:
    """``sent`` (unpacked) holds the points, labels, W and b at ``shown_steps``, and every state's loss and
    accuracy, bit for bit."""
    steps, classes = shown_steps(run.steps), run.W.shape[1]
    np.testing.assert_array_equal(sent["points"].reshape(-1, 2), X)
    np.testing.assert_array_equal(sent["labels"], y)
    np.testing.assert_array_equal(sent["steps"], steps)
    np.testing.assert_array_equal(sent["W"].reshape(-1, classes, 2), run.W[steps])
    np.testing.assert_array_equal(sent["b"].reshape(-1, classes), run.b[steps])
    np.testing.assert_array_equal(sent["loss"], run.loss)
    np.testing.assert_array_equal(sent["accuracy"], run.accuracy)


def test_the_explorer_is_sent_cores_run_exactly():
    """Points, labels, W and b at the shown states, and every state's loss and accuracy, bit for bit."""
    X, y, run = run_of(n=150, classes=4, steps=700)
    data = explorer_data(X, y, run, Look())
    assert_sent_is_run(unpacked(data), X, y, run)
    assert data["classes"] == 4 and data["n"] == 150


@pytest.mark.parametrize("steps", [1, 2, 99, 200, 201, 202, 2000])
def test_shown_steps_include_both_ends_and_never_exceed_max_states(steps):
    """Shown states start at 0, end at the last step, never repeat; every step of a run of ≤ 200 steps."""
    chosen = shown_steps(steps)
    assert chosen[0] == 0 and chosen[-1] == steps and np.all(np.diff(chosen) > 0) and chosen.size <= MAX_STATES
    if steps + 1 <= MAX_STATES:
        np.testing.assert_array_equal(chosen, np.arange(steps + 1))


def test_the_box_is_a_square_around_the_points():
    """Both axes span the same length (one scale on the map) and every point lies inside, with room to spare."""
    X = np.array([[0.0, 0.0], [4.0, 2.0], [1.0, -1.0]])
    (x0, x1), (y0, y1) = plane_limits(X)
    assert x1 - x0 == pytest.approx(y1 - y0)
    assert x0 < 0 < 4 < x1 and y0 < -1 < 2 < y1
    (x0, x1), (y0, y1) = plane_limits(np.zeros((3, 2)))  # one spot: a box 1 unit across, not 0
    assert x1 - x0 == pytest.approx(1.0) and y1 - y0 == pytest.approx(1.0)


def test_the_same_run_is_the_same_run_and_a_new_one_is_new():
    """The run's id is the same when only the look changes (the explorer keeps its step) and differs otherwise."""
    X, y, run = run_of(steps=30)
    same = explorer_data(X, y, run, Look(projector=True, dark=True))["run"]
    assert explorer_data(X, y, run, Look())["run"] == same
    _, _, other = run_of(steps=31)
    assert explorer_data(X, y, other, Look())["run"] != same


@pytest.mark.parametrize(("n", "classes", "steps", "limit"), [(200, 3, 200, 60_000), (2000, 5, 2000, 150_000)])
def test_the_sizes_sent_stay_small(n, classes, steps, limit):
    """The default run is under 60 KB as JSON, the largest under 150 KB (bench/bench_browser.py prints both)."""
    X, y, run = run_of(n=n, classes=classes, steps=steps)
    assert len(json.dumps(explorer_data(X, y, run, Look()))) < limit


@pytest.fixture
def session(monkeypatch) -> dict:
    """A plain dict as Streamlit's session state, holding what the explorer reported."""
    state: dict = {}
    monkeypatch.setattr(st, "session_state", state)
    return state


def report(session: dict, rows, seq="1") -> tuple[np.ndarray, np.ndarray] | None:
    session["descent"] = {"points": {"points": rows, "seq": seq}}
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
    """Before the first release the explorer's state holds its default, and nothing is taken."""
    assert edited_points() is None
    session["descent"] = {"points": None}
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
