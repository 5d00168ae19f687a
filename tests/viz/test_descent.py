"""The animation shows the run core computed, plays in the browser, and stays small."""

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from core import class_probabilities, gradient_descent, make_dataset
from core.diagnostics import chain_rule, compare_with_logistic, finite_difference_sweep, start_weights, step_pulls
from viz import Look
from viz.descent import (
    MARGINS,
    MAX_FRAMES,
    boundary_xy,
    descent_figure,
    frame_steps,
    plane_limits,
    region_polygon,
    stacked_domains,
)
from viz.gradient import finite_difference_figure, jacobian_figure, pulls_figure, two_class_figure


def setup(steps=40, classes=3, n=120, lr=0.5, name="blobs"):
    X, y = make_dataset(name, n=n, noise=0.8, classes=classes, seed=0)
    W0, b0 = start_weights("zeros", classes=classes, dims=2, seed=0)
    return X, y, gradient_descent(X, y, W0, b0, lr, steps)


def traces(fig):
    """Trace index by name: shading steps, boundary, label k, loss, current loss, accuracy, current accuracy."""
    return {trace.name: i for i, trace in enumerate(fig.data)}


def inside(polygon, points):
    """Points inside or on a convex polygon (either orientation), by the sign of every edge's cross product."""
    edges = np.roll(polygon, -1, axis=0) - polygon
    cross = edges[:, 0] * (points[:, None, 1] - polygon[:, 1]) - edges[:, 1] * (points[:, None, 0] - polygon[:, 0])
    return np.all(cross >= -1e-9, axis=1) | np.all(cross <= 1e-9, axis=1)


def test_the_curves_hold_every_step_of_core_gradient_descent():
    """The loss and accuracy traces are core.gradient_descent's arrays, every state, exactly."""
    X, y, run = setup(steps=700)
    fig = descent_figure(X, y, run, Look())
    index = traces(fig)
    np.testing.assert_array_equal(fig.data[index["loss"]].x, np.arange(701))
    np.testing.assert_array_equal(fig.data[index["loss"]].y, run.loss)
    np.testing.assert_array_equal(fig.data[index["accuracy"]].y, run.accuracy)


def test_each_frame_draws_the_state_of_its_step():
    """Every frame's markers sit on (t, loss[t]) and (t, accuracy[t]); its boundaries are where the top two
    logits of W[t] tie; its marker sizes grow with 1 − ŷ of the own label; and its shading for label k
    at margin m covers exactly the points whose logit z_k beats every other by at least m."""
    X, y, run = setup(steps=40)
    fig = descent_figure(X, y, run, Look())
    index = traces(fig)
    probe = np.random.default_rng(0).uniform(X.min(axis=0), X.max(axis=0), size=(400, 2))
    for frame in fig.frames:
        t = int(frame.name)
        by_trace = dict(zip(frame.traces, frame.data, strict=True))
        assert by_trace[index["current loss"]].y == (run.loss[t],)
        assert by_trace[index["current accuracy"]].y == (run.accuracy[t],)
        z = probe @ run.W[t].T + run.b[t]
        for k in range(3):
            margin = z[:, k] - np.delete(z, k, axis=1).max(axis=1)
            for m in MARGINS:
                shade = by_trace[index[f"label {k}, margin ≥ {m:g}"]]
                polygon = np.column_stack([shade.x or [], shade.y or []]).astype(float)
                covered = inside(polygon, probe) if polygon.shape[0] >= 3 else np.zeros(probe.shape[0], bool)
                clear = np.abs(margin - m) > 1e-3  # points on the edge may round either way
                np.testing.assert_array_equal(covered[clear], (margin >= m)[clear])
        for px, py in zip(by_trace[index["boundary"]].x, by_trace[index["boundary"]].y, strict=True):
            if px is not None:
                top = np.sort(run.W[t] @ [px, py] + run.b[t])
                assert top[-1] - top[-2] == pytest.approx(0, abs=1e-3)
        miss = 1 - class_probabilities(run.W[t], run.b[t], X)[np.arange(y.size), y]
        sizes = np.concatenate([np.asarray(by_trace[index[f"label {k}"]].marker.size) for k in range(3)])
        order = np.concatenate([np.flatnonzero(y == k) for k in range(3)])
        assert np.all(np.diff(sizes[np.argsort(miss[order], kind="stable")].astype(int)) >= 0)


def test_the_animation_plays_in_the_browser_and_never_autoplays():
    """Frames exist; play (three speeds) and pause are Plotly 'animate' buttons and the slider animates to
    named frames: the browser plays them with no server round trip. Nothing starts playing by itself.
    The controls are read from ``to_dict``, the figure as it is sent."""
    X, y, run = setup(steps=40)
    fig = descent_figure(X, y, run, Look())
    assert len(fig.frames) == 41
    layout = fig.to_dict()["layout"]
    buttons = layout["updatemenus"][0]["buttons"]
    labels = [b["label"] for b in buttons]
    assert any("Play" in label for label in labels) and any("Pause" in label for label in labels)
    assert all(b["method"] == "animate" for b in buttons)
    plays = [b for b in buttons if "Pause" not in b["label"]]
    assert len(plays) == 3 and all(b["args"][0] is None and b["args"][1]["fromcurrent"] for b in plays)
    assert len({b["args"][1]["frame"]["duration"] for b in plays}) == 3  # a choice of speeds
    slider = layout["sliders"][0]
    assert [s["args"][0][0] for s in slider["steps"]] == [f.name for f in fig.frames]
    assert all(s["method"] == "animate" for s in slider["steps"]) and slider["active"] == 0
    assert "autoplay" not in fig.to_json()


def test_the_figure_sent_is_valid_plotly_and_frames_update_only_what_moves():
    """The dict sent to the browser passes plotly.py's full validation (frames and controls are built as plain
    dicts for speed, so this is where they are checked); frames leave the points' positions and the curves alone."""
    X, y, run = setup(steps=30, classes=2)
    fig = descent_figure(X, y, run, Look(projector=True, dark=True))
    sent = fig.to_dict()
    checked = go.Figure(sent)  # raises on any invalid property
    assert len(checked.frames) == 31 and tuple(checked.layout.sliders[0].steps[-1].args[0]) == ("30",)
    index = traces(fig)
    for frame in sent["frames"]:
        assert index["loss"] not in frame["traces"] and index["accuracy"] not in frame["traces"]
        points = [frame["data"][frame["traces"].index(index[f"label {k}"])] for k in range(2)]
        assert all(set(p) == {"marker"} for p in points)
    shown = fig.frames[-1].data[list(fig.frames[-1].traces).index(index["current loss"])].text
    assert shown == (f"step 30 · loss {run.loss[30]:.3g}",)


def test_long_runs_keep_every_step_but_at_most_max_frames():
    """2,000 steps: the curves hold 2,001 points, the animation ≤ MAX_FRAMES (≤ 150) frames, first and last step."""
    X, y, run = setup(steps=2000)
    fig = descent_figure(X, y, run, Look())
    assert len(fig.frames) <= MAX_FRAMES <= 150
    assert fig.frames[0].name == "0" and fig.frames[-1].name == "2000"
    assert len(fig.data[traces(fig)["loss"]].y) == 2001


@pytest.mark.parametrize("steps", [1, 2, 99, 100, 101, 149, 200, 2000])
def test_frame_steps_are_increasing_and_include_both_ends(steps):
    """Frames start at step 0, end at the last step, never repeat, and never exceed MAX_FRAMES."""
    chosen = frame_steps(steps)
    assert chosen[0] == 0 and chosen[-1] == steps and np.all(np.diff(chosen) > 0) and chosen.size <= MAX_FRAMES


def test_the_default_run_animates_every_other_step():
    """The default 200 steps become 101 evenly spaced frames: 0, 2, 4, …, 200."""
    np.testing.assert_array_equal(frame_steps(200), np.arange(0, 201, 2))


def test_the_classroom_size_stays_small():
    """n = 500, K = 3, 500 steps: the JSON sent stays under 2 MB (its build time is in bench/bench_core.py)."""
    X, y = make_dataset("blobs", n=500, noise=1.0, classes=3, seed=0)
    run = gradient_descent(X, y, np.zeros((3, 2)), np.zeros(3), 0.5, 500)
    size = len(descent_figure(X, y, run, Look()).to_json())
    assert 100_000 < size < 2_000_000, size


def test_no_shading_while_all_classes_tie():
    """At the zero start no class beats another, so no region is shaded (the model is unsure everywhere)."""
    box = ((-1.0, 1.0), (-1.0, 1.0))
    assert region_polygon(np.zeros((3, 2)), np.zeros(3), 0, 0.0, box).shape == (0, 2)


def test_two_class_shading_is_a_half_plane_clipped_to_the_box():
    """K = 2, z₀ − z₁ = x₁: label 0 at margin 1 is the part of the box with x₁ ≥ 1."""
    W, b = np.array([[0.5, 0.0], [-0.5, 0.0]]), np.zeros(2)
    polygon = region_polygon(W, b, 0, 1.0, ((-2.0, 2.0), (-3.0, 3.0)))
    assert sorted(map(tuple, polygon.round(12))) == [(1.0, -3.0), (1.0, 3.0), (2.0, -3.0), (2.0, 3.0)]


def test_boundaries_of_two_classes_are_one_line_across_the_box():
    """K = 2: the boundary is the single segment (w₂ − w₁)·x + b₂ − b₁ = 0, clipped to the box."""
    W, b = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([0.0, 1.0])  # tie at x₁ = 0.5
    xs, ys = boundary_xy(W, b, (-2.0, 2.0), (-3.0, 3.0))
    assert xs[:2] == [0.5, 0.5] and sorted(ys[:2]) == [-3.0, 3.0] and xs[2] is None


def test_no_boundary_while_all_classes_tie():
    """At the zero start every class ties everywhere: no line is drawn."""
    assert boundary_xy(np.zeros((3, 2)), np.zeros(3), (-1.0, 1.0), (-1.0, 1.0)) == ([], [])


def test_plane_limits_surround_the_points():
    X = np.array([[0.0, 0.0], [4.0, 2.0]])
    (x0, x1), (y0, y1) = plane_limits(X)
    assert x0 < 0 < 4 < x1 and y0 < 0 < 2 < y1


def test_the_pull_chain_ends_at_the_next_state():
    """Adding −η·Pᵢ tip to tail from w_k(t) lands on w_k(t+1) of the trajectory."""
    X, y, run = setup(steps=3, lr=0.8)
    pulls = step_pulls(X, y, run.W[1], run.b[1])
    fig = pulls_figure(pulls, y, run.W[1, 2], 0.8, 2, Look())
    after = next(trace for trace in fig.data if trace.name.endswith("after the step"))
    np.testing.assert_allclose([after.x[0], after.y[0]], run.W[2, 2], atol=1e-12)


def test_gradient_figures_show_core_numbers():
    """The Jacobian heatmap is core's J; the error curve is core's sweep; the two-class plot is core's check."""
    look = Look(projector=True, dark=True)
    rule = chain_rule([1.0, 2.0, -1.0], 0)
    np.testing.assert_array_equal(jacobian_figure(rule.jacobian, look).data[0].z, rule.jacobian)
    hs = np.logspace(-12, 0, 25)
    errors = finite_difference_sweep([1.0, 2.0, -1.0], 0, hs)
    best = int(np.argmin(errors))
    fd = finite_difference_figure(hs, errors, 1e-5, 1e-10, look, best=best)
    np.testing.assert_array_equal(fd.data[0].y, np.maximum(errors, 1e-18))
    marked = next(t for t in fd.data if t.name == "measured best h")
    assert marked.x[0] == hs[best] and marked.y[0] == errors.min() and hs[best] != 1e-5  # not the rule of thumb
    X, y = make_dataset("overlap", n=60, noise=1.0, classes=2, seed=0)
    check = compare_with_logistic(X, y, np.zeros((2, 2)), np.zeros(2), 0.5, 30)
    fig = two_class_figure(check, look)
    np.testing.assert_array_equal(fig.data[0].y, check.difference[:, 0])
    assert fig.layout.font.size >= 22


@pytest.mark.parametrize(("heights", "spacing"), [((0.6, 0.2, 0.2), 0.09), ((1, 1), 0.2), ((3, 1, 1, 2), 0.05)])
def test_stacked_domains_match_plotly_subplots(heights, spacing):
    """The plain-dict figure places its rows where make_subplots would."""
    reference = make_subplots(rows=len(heights), cols=1, row_heights=list(heights), vertical_spacing=spacing)
    expected = [reference.layout[f"yaxis{'' if row == 1 else row}"].domain for row in range(1, len(heights) + 1)]
    np.testing.assert_allclose(stacked_domains(heights, spacing), expected, atol=1e-12)


def test_each_trace_is_drawn_in_its_row():
    """The plane's traces in row 1, loss in row 2, accuracy in row 3, each row's axes anchored to each other
    and its domain where make_subplots would put it."""
    X, y, run = setup(steps=5, classes=3)
    spec = descent_figure(X, y, run, Look()).to_dict()
    layout, rows = spec["layout"], {"": [], "2": [], "3": []}
    for trace in spec["data"]:
        n = trace["xaxis"][1:]
        assert trace["yaxis"] == f"y{n}" and layout[f"xaxis{n}"]["anchor"] == f"y{n}"
        assert layout[f"yaxis{n}"]["anchor"] == f"x{n}"
        rows[n].append(trace["name"])
    assert rows["2"] == ["loss", "current loss"] and rows["3"] == ["accuracy", "current accuracy"]
    assert {"boundary", "label 0", "label 1", "label 2"} <= set(rows[""])
    reference = make_subplots(rows=3, cols=1, row_heights=[0.6, 0.2, 0.2], vertical_spacing=0.09)
    for n in rows:
        np.testing.assert_allclose(layout[f"yaxis{n}"]["domain"], reference.layout[f"yaxis{n}"].domain, atol=1e-12)
