"""The sigmoid vs softmax page in AppTest: the numbers it shows, its presets, links and extreme inputs."""

import base64
import json

import numpy as np
import pytest

from tests.pages.apptest import open_page

PAGE = "pages/sigmoid_vs_softmax.py"
ROWS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")


def run_page(**params):
    return open_page(PAGE, **params)


def metric(at, label_start):
    """The value of the first metric whose label starts with ``label_start``."""
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def heatmaps(at):
    """Every heatmap the page sent, decoded from Plotly's typed arrays, by chart key suffix."""
    maps = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec["data"]:
            if trace.get("type") == "heatmap":
                z = trace["z"]
                cells = np.frombuffer(base64.b64decode(z["bdata"]), dtype=np.dtype(z["dtype"]))
                maps[chart.proto.id.rsplit("-", 1)[-1]] = cells
    return maps


def all_text(at):
    return " ".join(
        str(e.value)
        for kind in (at.markdown, at.latex, at.metric, at.caption, at.success, at.info, at.warning)
        for e in kind
    )


def test_linked_mode_gap_is_at_rounding_level():
    """Default (linked): the page reports 100 % agreement and a gap below 1e−12, and both maps are the same cells."""
    at = run_page()
    assert not at.exception
    assert metric(at, "Plane where the labels agree") == "100.00%"
    gap = metric(at, "Largest probability gap")
    assert gap in {"0", "< 1e−15"} or float(gap) <= 1e-12
    maps = heatmaps(at)
    np.testing.assert_array_equal(maps["regions_logistic"], maps["regions_softmax"])
    assert not maps["disagreement"].any()
    assert any("w = w_2 - w_1" in latex.value for latex in at.latex)


def test_sign_mistake_preset_disagrees_almost_everywhere():
    """The 'sign mistake' preset switches to free mode with w = w₁ − w₂: labels agree on < 2 % of the plane."""
    at = run_page()
    at.button_group(key="preset").set_value("sign mistake (w₁ − w₂)").run()
    assert at.segmented_control(key="mode").value == "free"
    assert (at.number_input(key="w_1").value, at.number_input(key="w_2").value, at.number_input(key="b").value) == (
        -2.0,
        -0.5,
        1.0,
    )
    assert float(metric(at, "Plane where the labels agree").rstrip("%")) < 2
    assert float(metric(at, "Largest probability gap")) > 0.99
    assert heatmaps(at)["disagreement"].mean() > 0.98
    assert any("every label flips" in c.value for c in at.caption)


def test_scaled_preset_keeps_labels_but_not_probabilities():
    """'scaled': every label agrees, the gap is clearly non-zero, and the page names the factor 2."""
    at = run_page()
    at.button_group(key="preset").set_value("scaled (2·(w₂ − w₁))").run()
    assert metric(at, "Plane where the labels agree") == "100.00%"
    assert float(metric(at, "Largest probability gap")) > 0.1
    assert any("2 ×" in c.value and "same labels" in c.value for c in at.caption)


def test_shifted_rows_preset_moves_nothing():
    """'shifted rows' changes the rows but every map sent is cell for cell the 'equivalent' one."""
    at = run_page()
    before = heatmaps(at)
    at.button_group(key="preset").set_value("shifted rows (w₁ + c, w₂ + c)").run()
    assert at.number_input(key="w1_1").value == 0.5
    after = heatmaps(at)
    for name in ("regions_logistic", "regions_softmax", "disagreement"):
        np.testing.assert_array_equal(after[name], before[name])


def test_adding_c_to_both_rows_moves_nothing():
    """The 'Add c to the rows above' button shifts the rows; the maps above do not change."""
    at = run_page()
    before = heatmaps(at)
    at.slider(key="shift_c1").set_value(1.5).run()
    at.slider(key="shift_cb").set_value(-2.0).run()
    at.button(key="apply_shift").click().run()
    assert [at.number_input(key=k).value for k in ROWS] == [0.5, 0.5, -1.5, 2.5, 1.0, -2.5]
    after = heatmaps(at)
    for name in ("regions_logistic", "regions_softmax", "disagreement"):
        np.testing.assert_array_equal(after[name], before[name])


def test_url_parameters_restore_the_state():
    """A shared link sets every row, free mode and the logistic weights; the page shows those numbers."""
    values = {"w1_1": "0.25", "w1_2": "-3", "b1": "1.5", "w2_1": "2", "w2_2": "0", "b2": "-0.75"}
    at = run_page(**values, mode="free", w_1="1.75", w_2="3", b="-2.25")
    assert not at.exception
    assert [at.number_input(key=k).value for k in ROWS] == [float(v) for v in values.values()]
    assert at.segmented_control(key="mode").value == "free"
    assert [at.number_input(key=k).value for k in ("w_1", "w_2", "b")] == [1.75, 3.0, -2.25]
    assert metric(at, "Distance of (w, b)") == "0"  # (1.75, 3, −2.25) is exactly (w₂ − w₁, b₂ − b₁)
    assert at.slider(key="w1_2_slider").value == -3.0


def test_typed_values_beyond_the_slider_are_kept_exactly():
    """A value typed past the slider's range stays exact (and in the URL); the slider rests at its end."""
    at = run_page()
    at.number_input(key="w2_1").set_value(123456.789).run()
    assert at.number_input(key="w2_1").value == 123456.789 and at.query_params["w2_1"] == "123456.789"
    assert at.slider(key="w2_1_slider").value == 5.0
    at.slider(key="w2_1_slider").set_value(-1.5).run()
    assert at.number_input(key="w2_1").value == -1.5 and at.query_params["w2_1"] == "-1.5"


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
    ],
)
def test_bad_url_values_are_named_and_ignored(key, value, reason):
    """A bad link value: a warning naming the parameter, no exception, and the default in its place."""
    at = run_page(**{key: value})
    assert not at.exception
    assert any(f"`{key}`" in w.value and reason in w.value for w in at.warning)
    assert metric(at, "Plane where the labels agree") == "100.00%"
    assert at.segmented_control(key="mode").value == "linked"


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("mode", ["linked", "free"])
def test_extreme_weights_show_no_nan(sign, mode):
    """Rows and logistic weights at ±1e6: no exception, no NaN or inf in any number or chart, linked still agrees."""
    big = {k: str(sign * (-1) ** i * 1e6) for i, k in enumerate(ROWS)}
    at = run_page(**big, mode=mode, w_1=str(sign * 1e6), w_2="-1e6", b="1e6")
    assert not at.exception
    text = all_text(at).lower()
    assert "nan" not in text and "inf" not in text
    for chart in at.get("plotly_chart"):
        assert "NaN" not in chart.proto.spec and "Infinity" not in chart.proto.spec
    if mode == "linked":
        assert metric(at, "Plane where the labels agree") == "100.00%"
        assert any("Equal up to floating-point rounding" in s.value for s in at.success)


def test_reset_restores_the_defaults():
    """After a preset and a typed value, Reset brings back the 'equivalent' rows in linked mode."""
    at = run_page()
    at.button_group(key="preset").set_value("sign mistake (w₁ − w₂)").run()
    at.number_input(key="b2").set_value(3.0).run()
    at.button(key="reset").click().run()
    assert [at.number_input(key=k).value for k in ROWS] == [-1.0, 0.5, 0.5, 1.0, 1.0, -0.5]
    assert at.segmented_control(key="mode").value == "linked"


def test_sign_convention_toggle_flips_the_relation():
    """The e^{−z} toggle shows w = w₁ − w₂ with numbers, and under it w₁ − w₂ is the relation that agrees."""
    at = run_page()
    at.toggle(key="negated").set_value(True).run()
    assert any(r"w_1 - w_2 = \left(-2,\ -0.5\right)" in latex.value for latex in at.latex)
    assert metric(at, "Labels agree, logistic with w₁ − w₂") == "100.00%"
    assert float(metric(at, "Labels agree, logistic with w₂ − w₁").rstrip("%")) < 2


def test_a_change_sends_under_150_kb_of_figures():
    """Every figure a row change sends, together, stays under 150 KB."""
    at = run_page()
    at.number_input(key="w1_1").set_value(-2.0).run()
    assert sum(len(chart.proto.spec) for chart in at.get("plotly_chart")) < 150_000
