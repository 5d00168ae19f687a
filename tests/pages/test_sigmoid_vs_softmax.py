"""The sigmoid vs softmax page in AppTest: the view the explorer is given and reports, core's numbers, links."""

import json

import numpy as np
import pytest

from tests.pages.apptest import import_page, open_page

PAGE = "pages/sigmoid_vs_softmax.py"
ROWS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")
FREE = ("w_1", "w_2", "b")
TAB_CHARTS = {
    "Why it works": (),
    "Along w (1-D)": ("along_w",),
    "Where they differ": ("disagreement",),
    "Shift rows": ("shifted",),
    "Scale k": ("scaled",),
    "Sign convention": (),
    "Show the code": (),
}
DEFAULT_ROWS = [-1.0, 0.5, 0.5, 1.0, 1.0, -0.5]
page = import_page(PAGE)


def run_page(**params):
    return open_page(PAGE, **params)


def metric(at, label_start):
    """The value of the first metric whose label starts with ``label_start``."""
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def explorer(at) -> dict:
    """What the page gave the explorer on its last run."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "sigmoid_explorer"]
    return json.loads(element.proto.json)


def charts(at) -> set[str]:
    """The keys of the Plotly charts the page sent."""
    elements = at.get("bidi_component")
    return {e.proto.id.rsplit("-", 1)[-1] for e in elements if e.proto.component_name != "sigmoid_explorer"}


def report(at, seq: int = 1, mode: str | None = None, **changes: float):
    """Release a value in the explorer: it reports its whole view, which the next run takes."""
    sent = explorer(at)
    values = sent["values"] | {k: float(v) for k, v in changes.items()}
    at.session_state["explorer"] = {"view": {"values": values, "mode": mode or sent["mode"], "seq": seq}}
    return at.run()


def open_tab(at, tab):
    at.session_state["tab"] = tab
    return at.run()


def all_text(at):
    kinds = (at.markdown, at.latex, at.metric, at.caption, at.success, at.info, at.warning)
    return " ".join(str(e.value) for kind in kinds for e in kind)


def test_the_default_view_is_linked_and_equal_up_to_rounding():
    """Default: the explorer gets the 'equivalent' rows in linked mode; core says the labels agree on the whole
    square, the gap is at rounding level, and the answer box says so."""
    at = run_page()
    assert not at.exception
    sent = explorer(at)
    assert [sent["values"][k] for k in ROWS] == DEFAULT_ROWS and sent["mode"] == "linked"
    assert metric(at, "Square where the labels agree") == "100%"
    assert metric(at, "Largest probability gap") in {"0", "< 1e−15"}
    assert any("Equal up to floating-point rounding" in s.value for s in at.success)
    assert dict(at.query_params) == {}  # the bare address already means this view


def test_a_report_becomes_the_view_the_numbers_and_the_address_bar():
    """A released drag of w₂ to (2.5, 1) is core's view: the rows in the link, w = w₂ − w₁ in the derivation."""
    at = report(run_page(), w2_1=2.5)
    assert not at.exception
    assert at.query_params["w2_1"] == "2.5" and at.query_params["mode"] == "linked"
    assert explorer(at)["values"]["w2_1"] == 2.5
    assert any(r"w = \left(3.5,\ 0.5\right)" in latex.value for latex in at.latex)


def test_a_report_is_taken_once():
    """The same report seen again (a rerun for another reason) does not undo a later change, such as Reset."""
    at = report(run_page(), w1_1=3.0)
    at.button(key="reset").click().run()
    at.run()
    assert explorer(at)["values"]["w1_1"] == -1.0


def test_a_report_with_an_unusable_value_is_ignored():
    """A value beyond ±1e6 or not finite in a report leaves the view as it was."""
    at = report(run_page(), w1_1=float("inf"))
    assert explorer(at)["values"]["w1_1"] == -1.0
    at = report(at, seq=2, w1_1=2e6)
    assert explorer(at)["values"]["w1_1"] == -1.0 and not at.exception


def test_sign_mistake_preset_disagrees_everywhere_off_the_line():
    """The 'sign mistake' preset frees w = w₁ − w₂: the labels agree on none of the square's area."""
    at = run_page()
    at.button_group(key="preset").set_value("sign mistake (w₁ − w₂)").run()
    sent = explorer(at)
    assert sent["mode"] == "free" and [sent["values"][k] for k in FREE] == [-2.0, -0.5, 1.0]
    assert metric(at, "Square where the labels agree") == "0%"
    assert float(metric(at, "Largest probability gap")) > 0.99
    assert at.query_params["mode"] == "free" and at.query_params["w_1"] == "-2"
    at.toggle(key="answer").set_value(True).run()
    assert any("−1 × " in m.value and "every label flips" in m.value for m in at.markdown)


def test_scaled_preset_keeps_labels_but_not_probabilities():
    at = run_page()
    at.button_group(key="preset").set_value("scaled (2·(w₂ − w₁))").run()
    assert metric(at, "Square where the labels agree") == "100%"
    assert float(metric(at, "Largest probability gap")) > 0.1
    assert not at.success


def test_shifted_rows_preset_changes_the_rows_not_the_model():
    at = run_page()
    at.button_group(key="preset").set_value("shifted rows (w₁ + c, w₂ + c)").run()
    assert [explorer(at)["values"][k] for k in ROWS] == [0.5, -0.5, 1.5, 2.5, 0.0, 0.5]
    assert any(r"w = \left(2,\ 0.5\right)" in latex.value for latex in at.latex)
    assert metric(at, "Square where the labels agree") == "100%"


def test_the_preset_note_goes_once_the_view_is_edited():
    at = run_page()
    at.button_group(key="preset").set_value("scaled (2·(w₂ − w₁))").run()
    assert at.info
    at = report(at, b=0.25)
    assert not at.info and at.button_group(key="preset").value is None


def test_the_answer_waits_to_be_asked_for():
    """In free mode neither the metrics nor the open derivation print w = w₂ − w₁ with numbers until the
    student turns on 'Show the answer'."""
    at = run_page(mode="free")
    assert not any(r"\left(2,\ 0.5\right)" in latex.value for latex in at.latex)
    at.toggle(key="answer").set_value(True).run()
    assert any(r"w = w_2 - w_1 = \left(2,\ 0.5\right)" in latex.value for latex in at.latex)
    assert any(r"w = \left(2,\ 0.5\right)" in latex.value for latex in at.latex)  # the derivation, in full


def test_adding_c_to_both_rows_moves_nothing():
    at = open_tab(run_page(), "Shift rows")
    at.slider(key="c1").set_value(1.5).run()
    at.slider(key="cb").set_value(-2.0).run()
    at.button(key="apply_shift").click().run()
    assert [explorer(at)["values"][k] for k in ROWS] == [0.5, 0.5, -1.5, 2.5, 1.0, -2.5]
    assert explorer(at)["rev"] > 1  # the explorer drops what it holds and draws the shifted rows
    assert any(r"w = \left(2,\ 0.5\right)" in latex.value for latex in open_tab(at, "Why it works").latex)


def test_url_parameters_restore_the_view():
    """A link sets every row, free mode and the logistic weights; the explorer and core's numbers follow it."""
    values = {"w1_1": "0.25", "w1_2": "-3", "b1": "1.5", "w2_1": "2", "w2_2": "0", "b2": "-0.75"}
    at = run_page(**values, mode="free", w_1="1.75", w_2="3", b="-2.25")
    assert not at.exception
    sent = explorer(at)
    assert [sent["values"][k] for k in ROWS] == [float(v) for v in values.values()]
    assert sent["mode"] == "free" and [sent["values"][k] for k in FREE] == [1.75, 3.0, -2.25]
    assert metric(at, "Distance of (w, b)") == "0"  # (1.75, 3, −2.25) is exactly (w₂ − w₁, b₂ − b₁)


def test_typed_values_are_kept_exactly_in_the_link():
    at = report(run_page(), w2_1=123456.789)
    assert at.query_params["w2_1"] == "123456.789"
    at = report(at, seq=2, w1_1=-1e6)
    assert at.query_params["w1_1"] == "-1000000"


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("w1_1", "abc", "is not a number"),
        ("b2", "nan", "is not a finite number"),
        ("w2_1", "inf", "is not a finite number"),
        ("w1_2", "1e400", "is not a finite number"),
        ("b1", "2e6", "is outside"),
        ("mode", "sideways", "is not one of linked, free"),
        ("w_1", "x", "is not a number"),
        ("tab", "Nowhere", "is not one of"),
        ("k", "9", "is outside"),
    ],
)
def test_bad_url_values_are_named_and_ignored(key, value, reason):
    """A bad link value: a warning naming the parameter, no exception, and the default in its place."""
    at = run_page(**{key: value})
    assert not at.exception
    assert any(f"`{key}`" in w.value and reason in w.value for w in at.warning)
    assert metric(at, "Square where the labels agree") == "100%"
    assert explorer(at)["mode"] == "linked"


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("mode", ["linked", "free"])
def test_extreme_weights_show_no_nan(sign, mode):
    """Rows and logistic weights at ±1e6: no exception and no NaN or inf anywhere, with any tab open."""
    big = {k: str(sign * (-1) ** i * 1e6) for i, k in enumerate(ROWS)}
    at = run_page(**big, mode=mode, w_1=str(sign * 1e6), w_2="-1e6", b="1e6")
    for tab in TAB_CHARTS:
        open_tab(at, tab)
        assert not at.exception
        text = all_text(at).lower()
        assert "nan" not in text and "inf" not in text
        for element in at.get("bidi_component"):
            sent = element.proto.json or element.proto.bytes.decode()
            assert "NaN" not in sent and "Infinity" not in sent
    if mode == "linked":
        assert metric(at, "Square where the labels agree") == "100%"


def test_reset_restores_the_defaults():
    at = run_page()
    at.button_group(key="preset").set_value("sign mistake (w₁ − w₂)").run()
    at = report(at, b2=3.0)
    at.button(key="reset").click().run()
    sent = explorer(at)
    assert [sent["values"][k] for k in ROWS] == DEFAULT_ROWS and sent["mode"] == "linked"


def test_sign_convention_toggle_flips_the_relation():
    """Under e^{−z} the relation is w = w₁ − w₂ with numbers, and that logistic model agrees on the whole square."""
    at = open_tab(run_page(), "Sign convention")
    assert metric(at, "Labels agree, logistic with w₂ − w₁") == "100%"
    at.toggle(key="negated").set_value(True).run()
    assert any(r"w_1 - w_2 = \left(-2,\ -0.5\right)" in latex.value for latex in at.latex)
    assert metric(at, "Labels agree, logistic with w₁ − w₂") == "100%"
    assert metric(at, "Labels agree, logistic with w₂ − w₁") == "0%"


STEEP = {"w1_1": "0", "w1_2": "0", "b1": "0", "w2_1": "2000", "w2_2": "0", "b2": "-60", "mode": "free"}


def test_steep_models_are_not_called_equal():
    """The audit's steep pair (boundaries x₁ = 0.03 and 0.05): 99.75% of the square agrees, the gap is ≈ 1, no
    'equal' box. The 101 × 101 grid has no node between the lines, so a sampled share said 100.00%."""
    at = run_page(**STEEP, w_1="2000", w_2="0", b="-100")
    assert not at.exception
    assert metric(at, "Square where the labels agree") == "99.75%"
    assert float(metric(at, "Largest probability gap")) > 0.99
    assert not at.success


def test_a_blank_disagreement_map_does_not_claim_agreement_for_steep_models():
    """The steep pair's strip (0.02 wide) falls between the grid's nodes: the map has no highlighted cell and says
    the labels differ on a strip thinner than the grid, not that they agree everywhere."""
    at = open_tab(run_page(**STEEP, w_1="2000", w_2="0", b="-100"), "Where they differ")
    (element,) = [e for e in at.get("bidi_component") if e.proto.id.endswith("disagreement")]
    spec = json.loads(element.proto.bytes)["figure"]
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["labels differ on a strip thinner than the grid"]


def test_the_along_w_caption_says_where_its_points_are():
    """Default rows (w = (2, 0.5), not diagonal): the points run past the square's sides, and the caption says so."""
    caption = " ".join(c.value for c in open_tab(run_page(), "Along w (1-D)").caption)
    assert "beyond its sides unless w points along a diagonal" in caption


@pytest.mark.parametrize("tab", TAB_CHARTS)
def test_every_tab_opens_and_draws_only_its_own_charts(tab):
    """Each lazy tab runs when opened, raises nothing, and only its charts join the explorer."""
    at = open_tab(run_page(), tab)
    assert not at.exception
    assert charts(at) == set(TAB_CHARTS[tab])


def test_a_release_sends_one_small_explorer_message():
    """With the default tab open a report reruns into one explorer element and no chart; it is a few KB."""
    at = report(run_page(), w2_2=0.3)
    assert charts(at) == set()
    assert len(explorer(at)) and len(json.dumps(explorer(at))) < 5_000


def test_presets_are_whole_views():
    """Every preset sets all nine numbers and the mode, so its link reopens it exactly."""
    for name in page.PRESETS:
        view = page.preset_values(name)
        assert set(view) == {*ROWS, *FREE, "mode"} and all(np.isfinite(view[k]) for k in (*ROWS, *FREE))
