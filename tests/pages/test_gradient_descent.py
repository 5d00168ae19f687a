"""Gradient-descent page: links restore the settings, bad links and bad files are named, and the state the browser's
map rests on is judged by core in words and numbers.

The page is opened through the entry script (``switch_page``) because the shared frame's
``st.page_link`` resolves paths against the entry script; opened on its own it cannot find ``app.py``.
"""

import json
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pytest

from core import gradient_descent, make_dataset
from core.diagnostics import H_VALUES, finite_difference_sweep, judge, start_weights, step_pulls
from core.separability import separation
from core.two_class import compare_with_logistic, explain
from tests.pages import apptest
from tests.ui.test_descent_explorer import assert_sent_is_start
from ui.descent_explorer import MAX_STEPS, VERDICT_KINDS
from ui.descent_settings import LEARNING_RATES, OWN, load_upload
from ui.points_param import encode_points

PAGE = "pages/gradient_descent.py"
gd = apptest.import_page(PAGE)


def open_page(opened=(), **params):
    """The page with ``params`` in its URL and the sections named in ``opened`` expanded (they run only when open)."""
    at = apptest.open_page(PAGE, **params)
    if opened:
        for section in opened:
            at.session_state[f"open_{section}"] = True
        at.run()
    return at


def explorer(at) -> dict:
    """What the page sent the descent explorer on its last run."""
    return apptest.sent(at, "descent_explorer")


report, rest_on = apptest.report, apptest.rest_on


def points_and_start(data="blobs", n=200, noise=0.8, classes=3, seed=0, init="zeros"):
    X, y = make_dataset(data, n=n, noise=noise, classes=classes, seed=seed)
    return X, y, start_weights(init, classes=classes, dims=2, seed=seed)


def at_step(X, y, start, lr, step):
    """W and b after ``step`` steps of core.gradient_descent from ``start``."""
    run = gradient_descent(X, y, *start, lr, max(step, 1))
    return run.W[step], run.b[step]


def judged(X, y, W, b, start, lr, step):
    """core's judgement of the state, computed here, apart from the page."""
    return judge(X, y, W, b, lr=lr, step=step, start=start, found=separation(X, y, classes=W.shape[0]),
                 max_steps=MAX_STEPS, min_lr=LEARNING_RATES[0])


def numbers(at) -> str:
    """The caption under the explorer with the numbers at the step shown."""
    return next(c.value for c in at.caption if c.value.startswith("At step "))


def assert_told(at, diagnosis, seq) -> None:
    """The explorer's verdict and the caption under it are ``diagnosis``, tagged with the view's ``seq``."""
    d = diagnosis
    assert explorer(at)["verdict"] == {
        "kind": VERDICT_KINDS[d.verdict],
        "title": f"At step {d.step:,}, η = {d.lr:g}.",
        "text": d.reason,
        "seq": seq,
        "run": explorer(at)["run"],
    }
    right = f"{d.correct} of {d.points} points right" + (f", {d.tied} tie (no class predicted)" if d.tied else "")
    said = " · ".join([
        f"At step {d.step:,}: loss {d.loss:.4g} (at the start {d.loss_start:.4g})",
        right,
        f"‖gradient‖ {d.gradient_norm:.3g}",
        {
            True: "these points are linearly separable (a machine that separates them, checked exactly)",
            False: "these points are not linearly separable (a proof that none can, checked exactly)",
            None: "no linear program here could decide whether these points are linearly separable",
        }[d.separable],
    ])
    assert numbers(at) == said
    assert any(f"is {d.mean_drift:.1e} from where it started" in c.value for c in at.caption)


def test_the_audits_mirror_image_points_say_2_of_4_right_and_2_tie():
    """The audit's link (own points (−1, 0) and (0, 0) of class 1, their mirror images (0, 0) and (1, 0) of class 2,
    η = 0.5) resting on step 200: b₁ = b₂ in exact arithmetic, so the two points at the origin tie; the caption, the
    verdict and the pulls table say 2 of 4 right and 2 tie, not the 3 of 4 that rounding decided before."""
    at = open_page(["pulls"], data="own", points="-1_0_0~0_0_0~0_0_1~1_0_1", lr="0.5")
    X, y = editor_points(at)
    np.testing.assert_array_equal(X, [[-1, 0], [0, 0], [0, 0], [1, 0]])
    start = start_weights("zeros", classes=2, dims=2, seed=0)
    W, b = at_step(X, y, start, 0.5, 200)
    assert b[0] != b[1]  # rounding, which exact equality would have let decide
    rest_on(at, 200, W, b, seq="200-1")
    assert not at.exception, [e.value for e in at.exception]
    diagnosis = judged(X, y, W, b, start, 0.5, 200)
    assert (diagnosis.correct, diagnosis.tied) == (2, 2)
    assert_told(at, diagnosis, "200-1")
    assert "2 of 4 points right, 2 tie (no class predicted)" in numbers(at)
    assert "2 of 4 points are classified correctly, and 2 tie (no class predicted)" in explorer(at)["verdict"]["text"]
    table = next(frame.value for frame in at.dataframe if "pull" in frame.value.columns)
    assert dict(zip(table["point"], table["predicted"], strict=True)) == {1: "1", 2: "tie", 3: "tie", 4: "2"}


def test_a_shared_link_restores_the_settings():
    """Every URL parameter lands in its widget, and the explorer is sent the points and start those settings make."""
    at = open_page(data="overlap", n="150", noise="1.2", seed="3", classes="4", lr="0.3", init="random")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="data").value == "overlap"
    assert at.slider(key="n").value == 150 and at.slider(key="noise").value == 1.2
    assert at.number_input(key="seed").value == 3 and at.slider(key="classes").value == 4
    assert at.select_slider(key="lr").value == 0.3
    assert at.radio(key="init").value == "random"
    X, y, start = points_and_start("overlap", n=150, noise=1.2, classes=4, seed=3, init="random")
    assert_sent_is_start(explorer(at), X, y, *start, 0.3)
    assert not at.warning  # nothing in this link was ignored


@pytest.mark.parametrize("init", ["zeros", "random"])
def test_the_explorer_is_sent_cores_points_and_start(init):
    """The explorer gets the link's points, labels and core's start weights exactly, the slider's stops and no step;
    it is the only picture on the page while the sections are closed (beside it, only the frame's slider names)."""
    at = open_page(data="overlap", n="150", noise="1.2", seed="3", classes="4", lr="0.3", init=init)
    X, y, start = points_and_start("overlap", n=150, noise=1.2, classes=4, seed=3, init=init)
    sent = explorer(at)
    assert_sent_is_start(sent, X, y, *start, 0.3)
    assert sent["rates"] == list(LEARNING_RATES) and sent["step"] is None and sent["editable"] is False
    assert sorted(e.key for e in at.get("bidi_component")) == ["address_history", "descent", "slider_names"]


@pytest.mark.parametrize("init", ["zeros", "random"])
def test_with_no_view_the_start_is_judged(init):
    """Before the browser reports a view, the verdict sent to the explorer (with no seq, as the browser expects of a
    fresh run) and the caption under it are core's judge at step 0. At a zero start every score ties, and the
    caption says so ("0 of 200 points right, 200 tie"); a random start has no ties, and the caption names none."""
    at = open_page(init=init, seed="2")
    X, y, start = points_and_start(seed=2, init=init)
    diagnosis = judged(X, y, *start, start, 0.5, 0)
    assert_told(at, diagnosis, None)
    if init == "zeros":
        assert "0 of 200 points right, 200 tie (no class predicted)" in numbers(at)
    else:
        assert "tie" not in numbers(at)
    assert explorer(at)["verdict"]["title"] == "At step 0, η = 0.5."


@pytest.mark.parametrize(("init", "step"), [("random", 37), ("zeros", 1)])
def test_a_view_is_judged_at_its_step(init, step):
    """The map rests on step t with core.gradient_descent's weights: the verdict (tagged with the view's seq), the
    caption's numbers, the open pulls section and the share link all speak of step t and equal core's judge and
    step_pulls at those weights; the rows' mean has not moved but for rounding."""
    at = open_page(["pulls"], init=init, seed="3", lr="0.3")
    assert any("largest pulls at step 0" in m.value for m in at.markdown)
    X, y, start = points_and_start(seed=3, init=init)
    W, b = at_step(X, y, start, 0.3, step)
    rest_on(at, step, W, b, seq="71-4")
    assert not at.exception, [e.value for e in at.exception]
    diagnosis = judged(X, y, W, b, start, 0.3, step)
    assert_told(at, diagnosis, "71-4")
    assert diagnosis.mean_drift < 1e-13
    assert any(f"The step from step {step} to {step + 1}" in c.value for c in at.caption)
    assert any(f"The 10 largest pulls at step {step}" in m.value for m in at.markdown)
    pulls = step_pulls(X, y, W, b)
    top = pulls.largest(10)
    table = next(frame.value for frame in at.dataframe if "pull" in frame.value.columns)
    np.testing.assert_array_equal(table["point"], top + 1)
    np.testing.assert_array_equal(table["pull"], pulls.sizes[top])
    np.testing.assert_array_equal(table["ŷ (own)"], pulls.y_hat[top, y[top]])
    assert any(f"&step={step}" in code.value for code in at.code)
    assert any(f"It opens at step {step} of a run" in c.value for c in at.caption)


def test_the_caption_measures_the_rows_mean():
    """The mean-drift number is measured, not assumed: a state whose every row moved by 1 from the start says
    1.0e+00 (such a state is no gradient-descent step), where a trained state says rounding."""
    at = open_page(init="random")
    *_, (W0, b0) = points_and_start(init="random")
    rest_on(at, 5, W0 + 1, b0 + 1)
    assert not at.exception
    assert any("(◆ on the map) is 1.0e+00 from where it started" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "change",
    [
        {"run": "another run"},  # the report of the run before a settings change
        {"theta": [0.0] * 8},  # K = 3 needs nine numbers
        {"theta": [0.0] * 6},
        {"theta": [0.0] * 8 + [None]},  # NaN as JSON.stringify writes it
        {"step": -1},
        {"step": MAX_STEPS + 1},
        {"step": "40"},
        {"step": True},
        {"theta": "0,0,0,0,0,0,0,0,0"},
        {"lr": 0},
    ],
    ids=lambda change: json.dumps(change)[:30],
)
def test_an_unusable_view_is_ignored(change):
    """A view of another run, of the wrong shape, with a number that is not finite, a step that is negative, too
    large, a string or true, or η of 0: the page raises nothing and judges the start, as with no view."""
    at = open_page(["pulls"])
    X, y, start = points_and_start()
    W, b = at_step(X, y, start, 0.5, 40)
    rest_on(at, 40, W, b, changes=change)
    assert not at.exception, [e.value for e in at.exception]
    assert_told(at, judged(X, y, *start, start, 0.5, 0), None)
    assert any("largest pulls at step 0" in m.value for m in at.markdown)


def test_a_view_with_nan_is_ignored():
    """NaN itself, as Python's JSON writes it, is no number the page judges."""
    at = open_page()
    X, y, start = points_and_start()
    W, b = at_step(X, y, start, 0.5, 40)
    W[0, 0] = np.nan
    rest_on(at, 40, W, b)
    assert not at.exception and explorer(at)["verdict"]["title"] == "At step 0, η = 0.5."


def test_a_playing_view_gives_no_verdict():
    """While the map plays there is no verdict to send (the explorer says it is playing), the caption says the
    numbers come when you pause, and the open pulls section waits; a pause at the same step brings them back."""
    at = open_page(["pulls"])
    X, y, start = points_and_start()
    W, b = at_step(X, y, start, 0.5, 12)
    rest_on(at, 12, W, b, playing=True)
    assert not at.exception
    assert "verdict" not in explorer(at)
    assert any(c.value == "Playing in your browser: the numbers for a step come when you pause." for c in at.caption)
    assert not any(c.value.startswith("At step ") for c in at.caption)
    assert any("The run is playing: pause it" in box.value for box in at.info)
    rest_on(at, 12, W, b, seq="paused")
    assert_told(at, judged(X, y, W, b, start, 0.5, 12), "paused")
    assert not any("Playing in your browser" in c.value for c in at.caption)
    assert any("largest pulls at step 12" in m.value for m in at.markdown)


@pytest.mark.parametrize(("lr", "used"), [(0.3, 0.3), (10.0, 10.0), (0.25, 0.5), (0.004, 0.5)])
def test_a_rate_set_on_the_map_becomes_the_pages_if_it_is_a_stop(lr, used):
    """η set on the map (0.3, 10: slider stops) becomes the page's η: the settings slider, the address, the share
    link, the verdict and what the explorer is sent follow. An η that is not a stop (0.25, 0.004) is ignored."""
    at = open_page()
    X, y, start = points_and_start()
    W, b = at_step(X, y, start, 0.5, 20)
    rest_on(at, 20, W, b, changes={"lr": lr})
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key="lr").value == used
    assert at.query_params.get("lr", "0.5") == f"{used:g}"
    (link,) = [code.value for code in at.code]
    assert float(parse_qs(urlsplit(link).query)["lr"][0]) == used
    assert explorer(at)["lr"] == used
    assert_told(at, judged(X, y, W, b, start, used, 20), explorer(at)["verdict"]["seq"])


def test_a_new_run_ignores_the_old_runs_view():
    """The map rests on step 50; another n is a new run, which the browser starts at step 0: the page no longer
    judges the old run's view but the new run's start, and the pulls and the share link go back to step 0."""
    at = open_page(["pulls"])
    X, y, start = points_and_start()
    rest_on(at, 50, *at_step(X, y, start, 0.5, 50))
    assert any("largest pulls at step 50" in m.value for m in at.markdown)
    at.slider(key="n").set_value(150).run()
    X, y, start = points_and_start(n=150)
    assert_told(at, judged(X, y, *start, start, 0.5, 0), None)
    assert any("largest pulls at step 0" in m.value for m in at.markdown)
    assert not any("step=" in code.value for code in at.code)


def test_the_share_link_carries_the_step_of_the_view():
    """At the start the share link has no step=; once the map rests on step 40 it carries step=40, and says so."""
    at = open_page()
    assert not any("step=" in code.value for code in at.code)
    assert any("It opens at step 0 of a run" in c.value for c in at.caption)
    X, y, start = points_and_start()
    rest_on(at, 40, *at_step(X, y, start, 0.5, 40))
    (code,) = [code.value for code in at.code]
    assert code.endswith("&step=40") or "&step=40&" in code
    assert any("It opens at step 40 of a run" in c.value for c in at.caption)


def test_an_old_links_steps_opens_at_that_step():
    """steps=300, from before live training, becomes step=300 in the address, is sent to the map, and no notice
    calls it ignored; with a step= of its own the link keeps that step."""
    at = open_page(steps="300")
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert at.query_params.get("step") == "300" and "steps" not in at.query_params
    assert explorer(at)["step"] == 300
    at = open_page(steps="300", step="20")
    assert not at.warning and at.query_params.get("step") == "20" and explorer(at)["step"] == 20


def test_the_last_step_a_run_keeps_is_a_step_a_link_may_name():
    """step=100000 (MAX_STEPS) is accepted and sent to the map; one more is named in a notice and dropped."""
    at = open_page(step=str(MAX_STEPS))
    assert not at.warning and explorer(at)["step"] == MAX_STEPS
    at = open_page(step=str(MAX_STEPS + 1))
    assert any("`step`" in w.value and "is outside 0 … 100000" in w.value for w in at.warning)
    assert explorer(at)["step"] is None and "step" not in at.query_params


def test_a_round_learning_rate_between_stops_moves_to_the_nearest():
    """η = 0.25 is not a slider stop: the nearest stop (0.3) is used, the address says lr=0.3 and the page says so."""
    at = open_page(lr="0.25")
    assert at.select_slider(key="lr").value == 0.3 and at.query_params["lr"] == "0.3"
    assert any("`lr` = `0.25`" in w.value and "the nearest, 0.3, is used" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("n", "abc", "is not a number"),
        ("n", "5", "is outside 10 … 2000"),
        ("noise", "nan", "is not a finite number"),
        ("lr", "1e400", "is not a finite number"),
        ("lr", "50", "is outside 0.001 … 10"),
        ("classes", "2.5", "is not a whole number"),
        ("steps", "-inf", "is not a finite number"),
        ("steps", "abc", "is not a number"),
        ("step", "-1", "is outside 0 … 100000"),
        ("step", "2.5", "is not a whole number"),
        ("step", "abc", "is not a number"),
        ("two_class_steps", "0", "is outside 1 … 2000"),
        ("data", "moons", "is not one of"),
        ("init", "ones", "is not one of zeros, random"),
        ("colour", "red", "is not a setting of this page"),
        ("open_pulls", "yes", "is not one of true, false"),
        ("open_why", "1", "is not one of true, false"),
    ],
)
def test_bad_link_values_are_named_and_ignored(key, value, reason):
    """A bad value gives a warning naming the parameter, the default is used, and nothing breaks."""
    at = open_page(**{key: value})
    assert not at.exception, [e.value for e in at.exception]
    assert any(f"`{key}`" in w.value and reason in w.value for w in at.warning), [w.value for w in at.warning]
    defaults = {"n": 200, "noise": 0.8, "lr": 0.5, "classes": 3, "data": "blobs", "init": "zeros"}
    # Streamlit's bound integer sliders truncate 2.5 to 2 rather than dropping it (reported to the lead).
    assert key not in at.query_params and "step" not in at.query_params
    if key in defaults and reason != "is not a whole number":
        widget = {"lr": at.select_slider, "data": at.selectbox, "init": at.radio}.get(key, at.slider)
        assert widget(key=key).value == defaults[key]


@pytest.mark.parametrize("data", ["spirals", "xor"])
def test_a_huge_learning_rate_is_reported_in_plain_words(data):
    """η = 10 on data no line separates, at the start and at step 300: a warning says to take a smaller η; 'nan'
    appears nowhere."""
    at = open_page(["pulls", "why", "two_class"], data=data, lr="10")
    classes = 2 if data == "xor" else 3
    X, y, start = points_and_start(data, classes=classes)
    for step in (0, 300):
        if step:
            rest_on(at, step, *at_step(X, y, start, 10.0, step))
        assert not at.exception
        kind, text = apptest.verdict(at)
        assert kind == "warning" and "smaller η" in text and f"From step {step}," in text
        assert "nan" not in apptest.visible_text(at).lower()
        assert not any(frame.value.isna().any().any() for frame in at.dataframe)


def test_the_classes_chosen_before_xor_come_back_after_it():
    """K = 4, then XOR (two classes only), then spirals: the run and the link use K = 4 again, not XOR's 2."""
    at = open_page(data="blobs", classes="4")
    at.selectbox(key="data").set_value("xor").run()
    assert at.slider(key="classes").value == 2
    at.selectbox(key="data").set_value("spirals").run()
    assert not at.exception
    assert at.slider(key="classes").value == 4


@pytest.mark.parametrize(
    ("x1", "cls", "said"),
    [
        (0.5, 7, "class = 7 is not a whole number in 1 … 5"),
        (0.5, 0, "class = 0 is not a whole number in 1 … 5"),
        (1e7, 1, "x1 = 1e+07 is outside −1,000,000 … 1,000,000"),
    ],
)
def test_a_bad_value_in_the_table_is_told_and_kept(x1, cls, said):
    """A class of 7 (or 0) or an x₁ of 1e7 typed into the table stays in it, and the page says what is wrong with
    it: the editor has no limits of its own, which undid a class of 7 silently and showed a bare "!" for 1e7."""
    at = open_page(data="own")
    columns = json.loads(at.dataframe(key="own_editor").proto.columns)
    assert not any("min_value" in c.get("type_config", {}) or "max_value" in c.get("type_config", {})
                   for c in columns.values())
    table = at.session_state["own_points"].copy()
    table.loc[0, ["x1", "class"]] = [x1, cls]
    at.session_state["own_points"] = table
    at.run()
    assert not at.exception
    assert any(said in e.value and "Row 1" in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["own_points"].loc[0, "class"] == cls


def test_xor_explains_why_the_loss_stays_up():
    """On XOR at step 300 the verdict says no line separates the classes, and the two-class comparison over its own
    300 steps is measured."""
    at = open_page(["two_class"], data="xor", n="300", noise="0.4", lr="1", two_class_steps="300")
    X, y, start = points_and_start("xor", n=300, noise=0.4, classes=2)
    rest_on(at, 300, *at_step(X, y, start, 1.0, 300))
    kind, text = apptest.verdict(at)
    assert kind == "info" and "no line puts every point on its own side" in text and "at step 300" in text
    first, gap, precise, drift = (float(m.value) for m in at.metric)
    assert first <= gap < 1e-12 and precise < 1e-12 and drift < 1e-13


def test_the_two_class_comparison_runs_the_steps_of_its_own_slider():
    """"Steps compared" is bound to two_class_steps in the address: a link's value lands in it, the comparison runs
    that many steps (its metrics are core's compare_with_logistic over them), and the share link carries it."""
    at = open_page(["two_class"], classes="2", lr="10", noise="3", two_class_steps="300")
    assert not at.exception and not at.warning
    slider = at.slider(key="two_class_steps")
    assert slider.value == 300 and slider.proto.query_param_key == "two_class_steps"
    X, y, (W0, b0) = points_and_start(classes=2, noise=3)
    check = compare_with_logistic(X, y, W0, b0, 10.0, 300)
    values = {m.label: m.value for m in at.metric}
    assert values["Largest gap, w₂ − w₁ vs logistic"] == f"{check.max_gap:.1e}"
    assert values["Largest change of w₁ + w₂"] == f"{check.max_drift:.1e}"
    assert any("two_class_steps=300" in code.value for code in at.code)
    slider.set_value(20).run()
    check = compare_with_logistic(X, y, W0, b0, 10.0, 20)
    assert {m.label: m.value for m in at.metric}["Largest gap, w₂ − w₁ vs logistic"] == f"{check.max_gap:.1e}"


def test_a_chaotic_two_class_run_shows_rounding_growing_not_a_bare_gap():
    """The audit's blobs K = 2, noise 3, η = 10, 2,000 steps compared: the gap after one step is rounding (a few
    units in the last place of weights near 23), the largest gap is large (> 1), the same runs in 50 digits stay
    together, and the caption, core's own explanation, calls the gap rounding, not a failure of the identity."""
    at = open_page(["two_class"], data="blobs", classes="2", noise="3", lr="10", two_class_steps="2000")
    values = {m.label: float(m.value) for m in at.metric}
    X, y, (W0, b0) = points_and_start(classes=2, noise=3)
    check = compare_with_logistic(X, y, W0, b0, 10.0, 2000)
    size = np.abs(check.logistic[1]).max()
    assert 0 < values["Gap after the first step"] <= 8 * np.finfo(np.float64).eps * size
    assert values["Largest gap, w₂ − w₁ vs logistic"] > 1
    assert values["Largest gap in 50 digits"] < 1e-12
    assert check.verdict == "rounding"
    [caption] = [c.value for c in at.caption if c.value == explain(check, points=X.shape[0])]
    assert "not a failure of the identity" in caption


def test_separable_blobs_are_called_separable_and_three_classes_skip_the_two_class_section():
    """Blobs at a steady rate, resting on step 500: every point right, called separable; K = 3 skips the two-class
    comparison."""
    at = open_page(["two_class"], lr="1")
    X, y, start = points_and_start()
    rest_on(at, 500, *at_step(X, y, start, 1.0, 500))
    kind, text = apptest.verdict(at)
    assert kind == "success" and text.startswith("Separable:")
    assert any("needs exactly two classes: set Classes K to 2" in box.value for box in at.info)


def test_own_points_mode_trains_on_the_table():
    """data=own opens the editable table with a starting set, sends the explorer exactly those points and judges
    their start, without an exception."""
    at = open_page(data="own")
    assert not at.exception, [e.value for e in at.exception]
    X, y = editor_points(at)
    start = start_weights("zeros", classes=3, dims=2, seed=0)
    assert_sent_is_start(explorer(at), X, y, *start, 0.5)
    assert_told(at, judged(X, y, *start, start, 0.5, 0), None)


def editor_points(at):
    """The points the student's table shows, with core's labels (class − 1)."""
    table = at.session_state[OWN]
    return table[["x1", "x2"]].to_numpy(float), table["class"].to_numpy(int) - 1


def test_every_class_on_screen_is_numbered_from_1():
    """The seed's numbering everywhere: the table's class column holds 1 … 3 for core's labels 0 … 2, the pulls
    radio says w₁ (class 1), the pulls table's point (a table row), class and predicted class count from 1, the
    upload's help names both headers, and the two-class section tells an own-points student what to change
    (Classes K is disabled)."""
    at = open_page(["pulls", "two_class"], data="own")
    _, y = make_dataset("blobs", n=24, noise=0.8, classes=3, seed=0)
    assert at.session_state[OWN]["class"].tolist() == (y + 1).tolist()
    assert at.radio(key="pull_class").options == ["w₁ (class 1)", "w₂ (class 2)", "w₃ (class 3)"]
    pulls = next(frame.value for frame in at.dataframe if "predicted" in frame.value.columns)
    np.testing.assert_array_equal(pulls["class"], y[pulls["point"] - 1] + 1)
    assert set(pulls["predicted"]) == {"tie"}  # step 0 of a zero start: every class scores 0
    X, _ = editor_points(at)
    start = start_weights("zeros", classes=3, dims=2, seed=0)
    rest_on(at, 30, *at_step(X, y, start, 0.5, 30))
    pulls = next(frame.value for frame in at.dataframe if "predicted" in frame.value.columns)
    assert set(pulls["predicted"]) <= {"1", "2", "3"} and set(pulls["class"]) <= {1, 2, 3}
    (upload,) = at.get("file_uploader")
    assert "`x1,x2,class` counts them 1 … 5" in upload.proto.help
    assert "`x1,x2,label` counts them 0 … 4" in upload.proto.help
    assert any("header `x1,x2,class` (classes 1 … 5)" in m.value for m in at.markdown)
    assert any("give your points classes 1 and 2 only" in box.value for box in at.info)
    assert "label" not in apptest.visible_text(at).lower()


def test_own_points_come_back_from_the_address():
    """A reload (or a reconnect to another replica) with points=… in the address shows exactly those points, sends
    them to the explorer, and the share link carries them."""
    X = np.array([[0.25, -1.5], [2.0, 3.125], [-0.1, 0.3], [1e-05, 7.0]])
    y = np.array([0, 1, 2, 1])
    at = open_page(data="own", lr="0.3", points=encode_points(X, y))
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    X_shown, y_shown = editor_points(at)
    np.testing.assert_array_equal(X_shown, X)
    np.testing.assert_array_equal(y_shown, y)
    assert_sent_is_start(explorer(at), X, y, *start_weights("zeros", classes=3, dims=2, seed=0), 0.3)
    assert at.query_params["points"] == encode_points(X, y)
    assert any(f"points={encode_points(X, y)}" in code.value for code in at.code)


def test_the_student_s_points_are_written_to_the_address():
    """The starting points, and then any new table, are kept in the address as the table changes."""
    at = open_page(data="own")
    start = encode_points(*editor_points(at))
    assert at.query_params["points"] == start
    table = pd.DataFrame({"x1": [1.0, 2.0], "x2": [0.0, 1.0], "class": [1, 2]})
    at.session_state[OWN] = table
    at.run()
    assert at.query_params["points"] == "1_0_0~2_1_1"


def test_too_many_points_for_the_address_are_told_and_not_linked():
    """400 points at full precision do not fit: the parameter is dropped (no stale set comes back) and the page says
    how to keep them."""
    rng = np.random.default_rng(1)
    table = pd.DataFrame({"x1": rng.normal(size=400), "x2": rng.normal(size=400), "class": np.arange(400) % 3 + 1})
    at = open_page(data="own", points="1_0_0~2_1_1")
    at.session_state[OWN] = table
    at.run()
    assert "points" not in at.query_params
    assert any("400 points are too many" in box.value and "download" in box.value for box in at.info)
    assert any("too many for a link" in c.value for c in at.caption)  # the share popover does not promise them
    assert not any("the address bar holds these settings" in c.value for c in at.caption)


def place(at, rows, seq=None):
    """Release a point on the map: the explorer reports its view with the whole list of points, which the next run
    takes."""
    K = max(row[2] for row in rows) + 1 if rows and all(isinstance(row, list) and len(row) == 3 for row in rows) else 3
    return rest_on(at, 0, np.zeros((int(K), 2)), np.zeros(int(K)), points=rows, seq=seq)


def test_points_placed_on_the_map_become_the_table_the_address_and_the_run():
    """A report of the map's points replaces the table, goes into the address, is what the explorer is sent (K = 4
    with the new class), and the explorer is told the report was taken."""
    at = open_page(data="own")
    X, y = editor_points(at)
    rows = [[*map(float, point), int(label)] for point, label in zip(X, y, strict=True)] + [[0.125, -3.5, 3]]
    place(at, rows, seq="17-1")
    assert not at.exception, [e.value for e in at.exception]
    X_new, y_new = np.array([row[:2] for row in rows]), np.array([row[2] for row in rows])
    X_shown, y_shown = editor_points(at)
    np.testing.assert_array_equal(X_shown, X_new)
    np.testing.assert_array_equal(y_shown, y_new)
    assert at.query_params["points"] == encode_points(X_new, y_new)
    assert_sent_is_start(explorer(at), X_new, y_new, *start_weights("zeros", classes=4, dims=2, seed=0), 0.5)
    sent = explorer(at)
    assert sent["editable"] and sent["taken"] == "17-1" and sent["classes"] == 4


def test_points_on_the_map_are_taken_once_per_seq():
    """A view's points replace the table once: after the student edits the table, a rerun with the same report does
    not bring the map's points back; the map's next report (a new seq) does replace the table."""
    at = open_page(data="own")
    placed = [[0.0, 0.0, 0], [1.0, 1.0, 1], [2.0, 0.0, 2]]
    place(at, placed, seq="5-1")
    assert at.session_state[OWN]["class"].tolist() == [1, 2, 3]
    typed = pd.DataFrame({"x1": [4.0, 5.0, 6.0], "x2": [0.0, 1.0, 2.0], "class": [1, 2, 3]})
    at.session_state[OWN] = typed
    at.run()
    pd.testing.assert_frame_equal(at.session_state[OWN], typed)
    place(at, placed, seq="5-2")
    assert at.session_state[OWN]["x1"].tolist() == [0.0, 1.0, 2.0]


def test_a_view_that_carries_points_is_judged_on_them():
    """The map moves a point while resting on step 8: the table takes the new points and the verdict is core's
    judgement of the view's weights on them."""
    at = open_page(data="own")
    X, y = editor_points(at)
    start = start_weights("zeros", classes=3, dims=2, seed=0)
    W, b = at_step(X, y, start, 0.5, 8)
    X = X.copy()
    X[0] = [9.5, -2.25]
    rows = [[*map(float, point), int(label)] for point, label in zip(X, y, strict=True)]
    rest_on(at, 8, W, b, points=rows, seq="8-1")
    np.testing.assert_array_equal(editor_points(at)[0], X)
    assert_told(at, judged(X, y, W, b, start, 0.5, 8), "8-1")


def test_a_bad_report_from_the_map_is_told_and_the_points_stay():
    """A report with one class left is refused in words, and the table stays as it was."""
    at = open_page(data="own")
    X, _ = editor_points(at)
    place(at, [[0.0, 0.0, 1], [1.0, 1.0, 1]])
    assert not at.exception
    assert any("not used" in e.value and "two different classes" in e.value for e in at.error), at.error
    np.testing.assert_array_equal(editor_points(at)[0], X)


def test_only_own_points_are_editable_on_the_map():
    at = open_page(data="blobs")
    assert explorer(at)["editable"] is False


def test_a_malformed_points_value_is_named_and_the_starting_points_are_used():
    at = open_page(data="own", points="1_2_0~3_4_0")
    assert any("`points`" in w.value and "two different classes" in w.value for w in at.warning)
    X, y = make_dataset("blobs", n=24, noise=0.8, classes=3, seed=0)
    np.testing.assert_array_equal(editor_points(at)[0], X)
    np.testing.assert_array_equal(editor_points(at)[1], y)


def why_table(at):
    """The why section's table, its rows named by their quantity (an empty frame where the section is closed)."""
    tables = [frame.value for frame in at.dataframe if "quantity" in frame.value.columns]
    return tables[0].set_index("quantity") if tables else pd.DataFrame()


def test_the_why_section_agrees_with_y_hat_minus_y():
    """The chain-rule row and the ŷ − y row of the table are equal; moving z re-runs only that section."""
    at = open_page(["why"])
    table = why_table(at)
    np.testing.assert_allclose(table.loc["(∂L/∂ŷ)ᵀ J"], table.loc["ŷ − y"], atol=1e-15)
    at.slider(key="why_z1").set_value(-3.0).run()
    table = why_table(at)
    assert not at.exception and table.loc["ŷ − y"].sum() == pytest.approx(0, abs=1e-12)


def test_the_sections_below_the_animation_run_only_when_opened():
    """Closed, the three sections send nothing (a settings change redraws only the explorer); opened, each shows
    its content: the largest pulls, the ŷ − y table, the two-class measurement."""
    at = open_page(classes="2")
    assert len(at.expander) == 3 and not at.metric and not at.dataframe
    at = open_page(["pulls", "why", "two_class"], classes="2")
    assert not at.exception, [e.value for e in at.exception]
    assert any("largest pulls at step 0" in m.value for m in at.markdown)
    assert "ŷ − y" in why_table(at).index
    assert len(at.metric) == 4


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("open_pulls", lambda at: any("largest pulls at step 0" in m.value for m in at.markdown)),
        ("open_why", lambda at: "ŷ − y" in why_table(at).index),
        ("open_two_class", lambda at: len(at.metric) == 4),
    ],
)
def test_a_link_opens_the_section_it_names(key, shown):
    """open_pulls=true (or open_why, open_two_class) in a link opens that section alone, with its content, and the
    share link carries it on; without it the section stays closed."""
    at = open_page(classes="2", **{key: "true"})
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert shown(at) and not shown(open_page(classes="2"))
    assert [e.label for e in at.expander if e.proto.expanded] == [f"**{gd.SECTIONS[key]}**"]
    assert at.query_params[key] == "true"
    assert any(f"&{key}=true" in code.value for code in at.code)


def test_a_link_with_every_section_false_opens_none():
    """open_…=false is the closed state a link may also spell out: accepted without a notice, nothing opens."""
    at = open_page(**{key: "false" for key in gd.SECTIONS})
    assert not at.warning and not at.metric and not at.dataframe


def test_open_sections_wait_while_the_table_cannot_be_used():
    """A class of 9 in the table stops the run, but the open sections stay open (and in the address): the pulls
    say what they wait for, the why section needs no run; fixing the table brings the pulls back."""
    at = open_page(data="own", open_pulls="true", open_why="true")
    table = at.session_state[OWN].copy()
    broken = table.copy()
    broken.loc[0, "class"] = 9
    at.session_state[OWN] = broken
    at.run()
    sections = [e for e in at.expander if e.label in {f"**{title}**" for title in gd.SECTIONS.values()}]
    assert [e.proto.expanded for e in sections] == [True, True, False]
    assert any("needs usable points: fix the table above" in box.value for box in at.info)
    assert "ŷ − y" in why_table(at).index
    at.session_state[OWN] = table
    at.run()
    assert any("largest pulls at step 0" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"x1;x2;label\n1;2;0\n", "semicolons"),
        (b"x1,x2,label\n1,nan,0\n", "Line 2: x2 = `nan` is not a finite number"),
        (b"\x00\x01\x02", "not a text file"),
    ],
)
def test_a_rejected_upload_keeps_the_current_points(data, message):
    """The upload handler, called directly: a malformed file returns its message and leaves the student's table and
    edits untouched."""
    table = pd.DataFrame({"x1": [1.0, 2.0], "x2": [3.0, 4.0], "class": [1, 2]})
    state = {OWN: table.copy(), "own_editor": {"edited_rows": {0: {"x1": 9.0}}}}
    problem = load_upload(data, state)
    assert problem is not None and message in problem
    pd.testing.assert_frame_equal(state[OWN], table)
    assert state["own_editor"] == {"edited_rows": {0: {"x1": 9.0}}}


@pytest.mark.parametrize("data", [b"x1,x2,class\n5,6,2\n7,8,3\n", b"x1,x2,label\n5,6,1\n7,8,2\n"])
def test_an_accepted_upload_replaces_the_points(data):
    """A good file replaces the table and drops the edits that belonged to the old one; the table numbers classes
    from 1 whichever numbering the file's header named."""
    state = {OWN: pd.DataFrame({"x1": [1.0], "x2": [3.0], "class": [1]}), "own_editor": {"edited_rows": {}}}
    assert load_upload(data, state) is None
    assert state[OWN].to_dict("list") == {"x1": [5.0, 7.0], "x2": [6.0, 8.0], "class": [2, 3]}
    assert "own_editor" not in state


def upload(at, name: str, data: bytes):
    """Choose ``data`` as ``name`` in the page's (only) file uploader and rerun, as a browser's upload does."""
    (uploader,) = at.file_uploader
    return uploader.set_value((name, data, "text/csv")).run()


EDIT = {"edited_rows": {0: {"x1": 9.0}}, "added_rows": [], "deleted_rows": []}  # the first point moved to x1 = 9


def test_a_rejected_file_leaves_the_uploader_and_its_reason_stays():
    """A rejected file is no longer listed in the uploader (it is empty, ready for the next file), the table is
    unchanged, and the reason stays on screen over later reruns until the next upload, which loads."""
    at = open_page(data="own")
    table = at.session_state[OWN].copy()
    upload(at, "bad.csv", b"x1,x2,class\n1,2,9\n3,4,1\n")
    assert [u.value for u in at.file_uploader] == [None]
    pd.testing.assert_frame_equal(at.session_state[OWN], table)
    said = "bad.csv was not loaded, and your points are unchanged. Line 2: class = `9` is not a whole number"
    assert any(e.value.startswith(said) for e in at.error), [e.value for e in at.error]
    at.select_slider(key="lr").set_value(0.3).run()
    assert any(e.value.startswith(said) for e in at.error)
    upload(at, "good.csv", b"x1,x2,class\n0,0,1\n1,1,2\n")
    assert not at.error and [u.value for u in at.file_uploader] == [None]
    assert any("The points of good.csv are in the table above" in c.value for c in at.caption)
    assert at.session_state[OWN]["class"].tolist() == [1, 2]


def test_an_accepted_file_is_not_read_again_over_later_edits():
    """After a file is loaded, the student's edits to the table stand: later reruns (an edit, another η) do not
    load the file again, and the page no longer says the table holds the file's points."""
    at = open_page(data="own")
    upload(at, "good.csv", b"x1,x2,class\n0,0,1\n1,1,2\n")
    assert at.query_params["points"] == "0_0_0~1_1_1"
    at.session_state["own_editor"] = EDIT
    at.run()
    at.select_slider(key="lr").set_value(0.3).run()
    assert not at.exception and [u.value for u in at.file_uploader] == [None]
    assert at.query_params["points"] == "9_0_0~1_1_1"
    place(at, [[0, 0, 0], [1, 1, 1], [2, 2, 1]])  # the table's own edits are not seen by AppTest; the map's are
    assert not any("good.csv" in c.value for c in at.caption)


def test_a_points_change_on_the_map_ends_the_rejected_files_message():
    """After a rejected file, points placed on the map are the student's: 'your points are unchanged' goes."""
    at = open_page(data="own")
    upload(at, "bad.csv", b"a,b,c\n1,2,3\n")
    assert any(e.value.startswith("bad.csv was not loaded") for e in at.error)
    place(at, [[0, 0, 0], [1, 1, 1]])
    assert not any("was not loaded" in e.value for e in at.error)


def test_the_audits_separable_blobs_get_a_true_verdict_in_counts():
    """Blobs K = 3, seed 1, η = 0.5, resting on step 2,000: the points are separable, 199 of 200 are right. The page
    says 'Separable' and '199 of 200 points', not 'no line separates them' or a rounded 100%."""
    at = open_page(data="blobs", classes="3", n="200", noise="0.8", seed="1", lr="0.5")
    X, y, start = points_and_start(seed=1)
    rest_on(at, 2000, *at_step(X, y, start, 0.5, 2000))
    text = apptest.visible_text(at)
    assert "Separable" in text and "199 of 200 points" in text and "At step 2,000" in text
    assert "no line" not in text and "100%" not in text


def test_a_rising_loss_is_shown_as_a_warning():
    """The audit's K = 4, noise 1.5, η = 10, random start, resting on step 300: the loss would rise in the next
    steps, so a warning, not 'improving'."""
    at = open_page(data="blobs", classes="4", n="200", noise="1.5", seed="0", lr="10", init="random")
    X, y, start = points_and_start(classes=4, noise=1.5, init="random")
    rest_on(at, 300, *at_step(X, y, start, 10.0, 300))
    kind, text = apptest.verdict(at)
    assert kind == "warning" and "smaller η" in text and "improving" not in text.lower() and "step 300" in text


def test_the_finite_difference_caption_names_the_measured_best_step():
    """The why section's caption gives the h where the sweep's error is smallest for the z shown, and moves with z."""
    at = open_page(["why"])
    for z1 in (1.0, -6.0):
        at.slider(key="why_z1").set_value(z1).run()
        z = [at.slider(key=f"why_z{i}").value for i in (1, 2, 3)]
        errors = finite_difference_sweep(z, 0)
        expected = f"is at h = {H_VALUES[int(np.argmin(errors))]:.0e}"
        assert any(expected in c.value for c in at.caption), [c.value for c in at.caption]


@pytest.mark.parametrize("seed", ["0", "3"])
def test_the_ending_states_the_separability_of_the_points_on_screen(seed):
    """XOR with n = 10: the caption says whether these points are linearly separable, as the LP decides."""
    at = open_page(data="xor", n="10", noise="0.8", seed=seed, classes="2")
    X, y = make_dataset("xor", n=10, noise=0.8, classes=2, seed=int(seed))
    said = "are linearly separable" if separation(X, y, classes=2).separable else "are not linearly separable"
    assert any(said in c.value for c in at.caption)


def test_a_class_with_no_points_is_said():
    """Points of classes 1 and 3 only: the run has three classes, and the page says class 2 has no points; with
    classes 1 and 2 it says nothing of the kind."""
    at = open_page(data="own")
    place(at, [[0, 0, 0], [1, 1, 2], [2, 0, 2]])
    assert explorer(at)["classes"] == 3
    assert any("No point is of class 2, yet the run has 3 classes" in c.value for c in at.caption)
    place(at, [[0, 0, 0], [1, 1, 1]])
    assert not any("No point is of class" in c.value for c in at.caption)
