"""Gradient-descent page: links restore the run, bad links and bad files are named, endings are told in words.

The page is opened through the entry script (``switch_page``) because the shared frame's
``st.page_link`` resolves paths against the entry script; opened on its own it cannot find ``app.py``.
"""


import io
import json

import numpy as np
import pandas as pd
import pytest

from core import gradient_descent, make_dataset
from core.diagnostics import H_VALUES, diagnose, finite_difference_sweep, start_weights
from core.separability import separation
from tests.pages import apptest
from tests.ui.test_descent_explorer import assert_sent_is_run, unpacked
from ui.descent_settings import OWN, load_upload
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


def test_a_shared_link_restores_the_run():
    """Every URL parameter lands in its widget, and the run shown is core.gradient_descent with those settings."""
    at = open_page(data="overlap", n="150", noise="1.2", seed="3", classes="4", lr="0.3", steps="60", init="random")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="data").value == "overlap"
    assert at.slider(key="n").value == 150 and at.slider(key="noise").value == 1.2
    assert at.number_input(key="seed").value == 3 and at.slider(key="classes").value == 4
    assert at.select_slider(key="lr").value == 0.3 and at.slider(key="steps").value == 60
    assert at.radio(key="init").value == "random"
    X, y = make_dataset("overlap", n=150, noise=1.2, classes=4, seed=3)
    W0, b0 = start_weights("random", classes=4, dims=2, seed=3)
    expected = diagnose(gradient_descent(X, y, W0, b0, 0.3, 60), X, y, 60)
    summary = next(c.value for c in at.caption if c.value.startswith("Loss "))
    assert f"{expected.loss_start:.4g} → {expected.loss_end:.4g}" in summary and "60 steps run" in summary
    assert not at.warning  # nothing in this link was ignored


def explorer(at) -> dict:
    """The arrays the page sent the descent explorer on its last run, as the browser decodes them."""
    return unpacked(apptest.sent(at, "descent_explorer"))


@pytest.mark.parametrize("init", ["zeros", "random"])
def test_the_explorer_is_sent_core_gradient_descent(init):
    """The explorer gets the link's points and core.gradient_descent's run: W and b at every shown state, loss
    and accuracy at every step; it is the only component on the page while the sections are closed."""
    at = open_page(data="overlap", n="150", noise="1.2", seed="3", classes="4", lr="0.3", steps="260", init=init)
    X, y = make_dataset("overlap", n=150, noise=1.2, classes=4, seed=3)
    W0, b0 = start_weights(init, classes=4, dims=2, seed=3)
    assert_sent_is_run(explorer(at), X, y, gradient_descent(X, y, W0, b0, 0.3, 260))
    assert len(at.get("bidi_component")) == 1
    assert any("the map shows 201 of them" in c.value for c in at.caption)


def test_a_round_learning_rate_between_stops_moves_to_the_nearest():
    """η = 0.25 is not a slider stop: the nearest stop (0.3) is used and the page says so."""
    at = open_page(lr="0.25")
    assert at.select_slider(key="lr").value == 0.3
    assert any("η = 0.25" in c.value and "0.3" in c.value for c in at.caption)


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
    defaults = {"n": 200, "noise": 0.8, "lr": 0.5, "classes": 3, "steps": 200, "data": "blobs", "init": "zeros"}
    # Streamlit's bound integer sliders truncate 2.5 to 2 rather than dropping it (reported to the lead).
    assert key not in at.query_params
    if key in defaults and reason != "is not a whole number":
        widget = {"lr": at.select_slider, "data": at.selectbox, "init": at.radio}.get(key, at.slider)
        assert widget(key=key).value == defaults[key]


@pytest.mark.parametrize("data", ["spirals", "xor"])
def test_a_huge_learning_rate_is_reported_in_plain_words(data):
    """η = 10 on data no line separates: a warning says the rate is too large; 'nan' appears nowhere."""
    at = open_page(["pulls", "why", "two_class"], data=data, lr="10", steps="300")
    assert not at.exception
    kind, text = apptest.verdict(at)
    assert kind == "warning" and ("learning rate is too large" in text or "smaller η" in text)
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
    """On XOR the ending says no line separates the classes, and the two-class comparison is measured."""
    at = open_page(["two_class"], data="xor", n="300", noise="0.4", lr="1", steps="300")
    assert apptest.verdict(at)[0] == "info" and "no line puts every point on its own side" in apptest.verdict(at)[1]
    first, gap, nudge, drift = (float(m.value) for m in at.metric)
    assert first <= gap < 1e-12 and nudge < 1e-12 and drift < 1e-13


def test_a_chaotic_two_class_run_shows_rounding_growing_not_a_bare_gap():
    """The audit's blobs K = 2, noise 3, η = 10, 2,000 steps: the gap after one step is rounding (< 1e−14), the
    largest gap is large (> 1), and a one-rounding nudge of the start grows as large (> 1) in the same run."""
    at = open_page(["two_class"], data="blobs", classes="2", noise="3", lr="10", steps="2000")
    values = {m.label: float(m.value) for m in at.metric}
    assert values["Gap after the first step"] < 1e-14
    assert values["Largest gap, w₂ − w₁ vs logistic"] > 1
    assert values["Largest gap from a 2.2e−16 nudge"] > 1
    assert any("rounding amplified by the dynamics" in c.value for c in at.caption)


def test_separable_blobs_are_called_separable_and_three_classes_skip_the_two_class_section():
    """Blobs at a steady rate: every point right, called separable; K = 3 skips the two-class comparison."""
    at = open_page(["two_class"], lr="1", steps="500")
    kind, text = apptest.verdict(at)
    assert kind == "success" and text.startswith("Separable:")
    assert any("needs exactly two classes: set Classes K to 2" in box.value for box in at.info)


def test_own_points_mode_trains_on_the_table():
    """data=own opens the editable table with a starting set and trains on it without an exception."""
    at = open_page(data="own")
    assert not at.exception, [e.value for e in at.exception]
    assert any("steps run" in c.value for c in at.caption)


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
    pulls = next(frame.value for frame in at.dataframe if "predicted class" in frame.value.columns)
    np.testing.assert_array_equal(pulls["class"], y[pulls["point"] - 1] + 1)
    assert set(pulls["predicted class"]) == {"tie"}  # step 0 of a zero start: every class scores 0
    (upload,) = at.get("file_uploader")
    assert "`x1,x2,class` counts them 1 … 5" in upload.proto.help
    assert "`x1,x2,label` counts them 0 … 4" in upload.proto.help
    assert any("header `x1,x2,class` (classes 1 … 5)" in m.value for m in at.markdown)
    assert any("give your points classes 1 and 2 only" in box.value for box in at.info)
    assert "label" not in apptest.visible_text(at).lower()


def test_own_points_come_back_from_the_address():
    """A reload (or a reconnect to another replica) with points=… in the address shows exactly those points, trains
    on them, and the share link carries them."""
    X = np.array([[0.25, -1.5], [2.0, 3.125], [-0.1, 0.3], [1e-05, 7.0]])
    y = np.array([0, 1, 2, 1])
    at = open_page(data="own", lr="0.3", points=encode_points(X, y))
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    X_shown, y_shown = editor_points(at)
    np.testing.assert_array_equal(X_shown, X)
    np.testing.assert_array_equal(y_shown, y)
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


def place(at, rows, seq="1"):
    """Release a point on the map: the explorer reports the whole list, which the next run takes."""
    at.session_state["descent"] = {"points": {"points": rows, "seq": seq}}
    return at.run()


def test_points_placed_on_the_map_become_the_table_the_address_and_the_run():
    """A report of the map's points replaces the table, goes into the address, is trained on (K = 4 with the new
    class), and the explorer is told the report was taken."""
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
    W0, b0 = start_weights("zeros", classes=4, dims=2, seed=0)
    assert_sent_is_run(explorer(at), X_new, y_new, gradient_descent(X_new, y_new, W0, b0, 0.5, 200))
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "descent_explorer"]
    sent = json.loads(element.proto.json)
    assert sent["editable"] and sent["taken"] == "17-1" and sent["classes"] == 4


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
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "descent_explorer"]
    assert json.loads(element.proto.json)["editable"] is False


def test_a_malformed_points_value_is_named_and_the_starting_points_are_used():
    at = open_page(data="own", points="1_2_0~3_4_0")
    assert any("`points`" in w.value and "two different classes" in w.value for w in at.warning)
    X, y = make_dataset("blobs", n=24, noise=0.8, classes=3, seed=0)
    np.testing.assert_array_equal(editor_points(at)[0], X)
    np.testing.assert_array_equal(editor_points(at)[1], y)


def test_the_why_section_agrees_with_y_hat_minus_y():
    """The chain-rule row and the ŷ − y row of the table are equal; moving z re-runs only that section."""
    at = open_page(["why"])
    table = next(frame.value for frame in at.dataframe if "ŷ − y" in frame.value.index)
    np.testing.assert_allclose(table.loc["(∂L/∂ŷ)ᵀ J"], table.loc["ŷ − y"], atol=1e-15)
    at.slider(key="why_z1").set_value(-3.0).run()
    table = next(frame.value for frame in at.dataframe if "ŷ − y" in frame.value.index)
    assert not at.exception and table.loc["ŷ − y"].sum() == pytest.approx(0, abs=1e-12)


def test_the_sections_below_the_animation_run_only_when_opened():
    """Closed, the three sections send nothing (a settings change redraws only the animation); opened, each
    shows its content: the largest pulls, the ŷ − y table, the two-class measurement."""
    at = open_page(classes="2")
    assert len(at.expander) == 3 and not at.metric and not at.dataframe
    at = open_page(["pulls", "why", "two_class"], classes="2")
    assert not at.exception, [e.value for e in at.exception]
    assert any("largest pulls at step 0" in m.value for m in at.markdown)
    assert any("ŷ − y" in frame.value.index for frame in at.dataframe)
    assert len(at.metric) == 4


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("open_pulls", lambda at: any("largest pulls at step 0" in m.value for m in at.markdown)),
        ("open_why", lambda at: any("ŷ − y" in frame.value.index for frame in at.dataframe)),
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
    assert [e.proto.expanded for e in at.expander] == [True, True, False]
    assert any("needs usable points: fix the table above" in box.value for box in at.info)
    assert any("ŷ − y" in frame.value.index for frame in at.dataframe)
    at.session_state[OWN] = table
    at.run()
    assert any("largest pulls at step 0" in m.value for m in at.markdown)


def test_a_one_step_run_decomposes_its_only_step():
    """Steps = 1 (the slider's minimum) with the pulls open: no step slider (it would need two positions), the
    run's one step is decomposed, and nothing raises."""
    at = open_page(["pulls"], steps="1")
    assert not at.exception, [e.value for e in at.exception]
    assert not any(slider.label == "Step" for slider in at.slider)
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


def test_the_trajectory_csv_holds_every_state():
    """The download (written only when clicked) reads back as the run: one row a step, every weight and bias."""
    X, y = make_dataset("blobs", n=60, noise=0.8, classes=3, seed=1)
    W0, b0 = start_weights("random", classes=3, dims=2, seed=1)
    run = gradient_descent(X, y, W0, b0, 0.5, 12)
    table = pd.read_csv(io.StringIO(gd.trajectory_csv(run)))
    assert table["step"].tolist() == list(range(13))
    np.testing.assert_allclose(table["loss"], run.loss, rtol=1e-15)
    np.testing.assert_allclose(table[["w2_1", "w2_2"]], run.W[:, 1, :], rtol=1e-15)
    np.testing.assert_allclose(table[["b1", "b2", "b3"]], run.b, rtol=1e-15)


def test_the_audits_separable_blobs_get_a_true_verdict_in_counts():
    """Blobs K = 3, seed 1, η = 0.5, 2,000 steps: the points are separable, 199 of 200 are right. The page says
    'Separable' and '199 of 200 points', not 'no line separates them' or a rounded 100%."""
    at = open_page(data="blobs", classes="3", n="200", noise="0.8", seed="1", lr="0.5", steps="2000")
    text = apptest.visible_text(at)
    assert "Separable" in text and "199 of 200 points" in text
    assert "no line" not in text and "100%" not in text


def test_a_rising_loss_is_shown_as_a_warning():
    """The audit's K = 4, noise 1.5, η = 10, random start: the loss rises at the end, so a warning, not 'improving'."""
    at = open_page(data="blobs", classes="4", n="200", noise="1.5", seed="0", lr="10", steps="300", init="random")
    kind, text = apptest.verdict(at)
    assert kind == "warning" and "smaller η" in text and "improving" not in text.lower()


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


def test_one_step_point_by_point_opens_at_the_step_the_map_shows():
    """A link with step=50 and the pulls section open: its step slider and table start at step 50, not 0."""
    at = open_page(steps="100", step="50", open_pulls="true")
    assert not at.exception
    assert at.slider(key="pull_step_100").value == 50
    assert any("largest pulls at step 50" in m.value for m in at.markdown)


def test_a_class_with_no_points_is_said():
    """Points of classes 1 and 3 only: the run has three classes, and the page says class 2 has no points; with
    classes 1 and 2 it says nothing of the kind."""
    at = open_page(data="own")
    place(at, [[0, 0, 0], [1, 1, 2], [2, 0, 2]])
    assert explorer(at)["W"].size == 201 * 3 * 2
    assert any("No point is of class 2, yet the run has 3 classes" in c.value for c in at.caption)
    place(at, [[0, 0, 0], [1, 1, 1]], seq="2")
    assert not any("No point is of class" in c.value for c in at.caption)


def test_a_new_run_drops_the_old_runs_step():
    """steps=100&step=50 opens the pulls section at step 50; another number of steps is a new run, shown from step 0,
    so the address loses step= and the section starts at 0, not at the old run's 50."""
    at = open_page(steps="100", step="50", open_pulls="true")
    assert at.slider(key="pull_step_100").value == 50 and at.query_params["step"] == "50"
    at.slider(key="steps").set_value(150).run()
    assert "step" not in at.query_params
    assert at.slider(key="pull_step_150").value == 0


def test_a_one_step_run_is_told_in_the_singular():
    """steps=1: '1 step run', the verdict 'after 1 step', and no 'loss rose on 0 of the last 0 steps'."""
    at = open_page(steps="1")
    caption = next(c.value for c in at.caption if c.value.startswith("Loss "))
    assert "1 step run" in caption and "of the last" not in caption
    assert apptest.sent(at, "descent_explorer")["verdict"]["title"] == "How the run ended, after 1 step."
