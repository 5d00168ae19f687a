"""The sigmoid vs softmax page in AppTest: the numbers it shows, its presets, links and extreme inputs."""

import base64
import json

import numpy as np
import pytest

from tests.pages.apptest import open_page

PAGE = "pages/sigmoid_vs_softmax.py"
ROWS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")
TAB_CHARTS = {
    "Why it works": (),
    "Along w (1-D)": ("along_w",),
    "Where they differ": ("disagreement",),
    "Shift rows": ("shifted",),
    "Scale k": ("scaled",),
    "Sign convention": (),
    "Show the code": (),
}
VIEWS = tuple(TAB_CHARTS)


def run_page(**params):
    return open_page(PAGE, **params)


def metric(at, label_start):
    """The value of the first metric whose label starts with ``label_start``."""
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def charts(at):
    """Every Plotly chart the page sent, as its decoded spec, by chart key suffix."""
    return {chart.proto.id.rsplit("-", 1)[-1]: json.loads(chart.proto.bytes)["figure"]
            for chart in at.get("bidi_component")}


def decode(array):
    """A Plotly typed array (``{"dtype", "bdata"}``) or a plain list, as a flat NumPy array."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array, dtype=float).ravel()


def heatmaps(at):
    """Every heatmap the page sent, decoded from Plotly's typed arrays: chart key → list of cell arrays."""
    return {
        key: [decode(t["z"]) for t in spec["data"] if t.get("type") == "heatmap"] for key, spec in charts(at).items()
    }


def hatched(at):
    """The 'labels differ' outline of the main figure's left panel, as (x, y) with NaN between pieces."""
    trace = next(t for t in charts(at)["regions"]["data"] if t.get("name") == "labels differ")
    return decode(trace["x"]), decode(trace["y"])


def open_view(at, view):
    """Open one of the lazy tabs below the maps, as a click on it does."""
    at.session_state["view"] = view
    return at.run()


def all_text(at):
    return " ".join(
        str(e.value)
        for kind in (at.markdown, at.latex, at.metric, at.caption, at.success, at.info, at.warning)
        for e in kind
    )


def test_linked_mode_gap_is_at_rounding_level():
    """Default (linked): the page reports 100% agreement and a gap below 1e−12, and both maps are the same cells."""
    at = run_page()
    assert not at.exception
    assert metric(at, "Square where the labels agree") == "100%"
    gap = metric(at, "Largest probability gap")
    assert gap in {"0", "< 1e−15"} or float(gap) <= 1e-12
    logistic, softmax = heatmaps(at)["regions"]
    np.testing.assert_array_equal(logistic, softmax)
    assert len(hatched(at)[0]) == 0
    assert any("w = w_2 - w_1" in latex.value for latex in at.latex)
    assert not open_view(at, "Where they differ").exception
    assert not heatmaps(at)["disagreement"].pop().any()


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
    assert float(metric(at, "Square where the labels agree").rstrip("%")) < 2
    assert float(metric(at, "Largest probability gap")) > 0.99
    assert any("every label flips" in c.value for c in at.caption)
    x, y = hatched(at)
    assert np.nanmin(x) == -4 and np.nanmax(x) == 4 and np.nanmin(y) == -4 and np.nanmax(y) == 4
    assert heatmaps(open_view(at, "Where they differ"))["disagreement"].pop().mean() > 0.98


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
    """The steep pair's strip (0.02 wide) falls between the grid's nodes: the map has no highlighted cell, and says
    the labels differ on a strip thinner than the grid, not that they agree everywhere."""
    at = open_view(run_page(**STEEP, w_1="2000", w_2="0", b="-100"), "Where they differ")
    spec = charts(at)["disagreement"]
    assert not decode(spec["data"][0]["z"]).any()
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["labels differ on a strip thinner than the grid"]


def test_sign_mistake_agrees_on_no_area():
    """w = w₁ − w₂ agrees only on the boundary line, which has no area: 0%, not the 25 grid nodes on the line."""
    at = run_page()
    at.button_group(key="preset").set_value("sign mistake (w₁ − w₂)").run()
    assert metric(at, "Square where the labels agree") == "0%"


def test_scaled_preset_keeps_labels_but_not_probabilities():
    """'scaled': every label agrees, the gap is clearly non-zero, and the page names the factor 2."""
    at = run_page()
    at.button_group(key="preset").set_value("scaled (2·(w₂ − w₁))").run()
    assert metric(at, "Square where the labels agree") == "100%"
    assert float(metric(at, "Largest probability gap")) > 0.1
    assert any("2 ×" in c.value and "same labels" in c.value for c in at.caption)


def test_shifted_rows_preset_moves_nothing():
    """'shifted rows' changes the rows but every map sent is cell for cell the 'equivalent' one."""
    at = run_page()
    before = heatmaps(at)
    at.button_group(key="preset").set_value("shifted rows (w₁ + c, w₂ + c)").run()
    assert at.number_input(key="w1_1").value == 0.5
    after = heatmaps(at)
    np.testing.assert_array_equal(after["regions"], before["regions"])


def test_adding_c_to_both_rows_moves_nothing():
    """The 'Add c to the rows above' button shifts the rows; the maps above do not change."""
    at = open_view(run_page(), "Shift rows")
    before = heatmaps(at)["regions"]
    at.slider(key="shift_c1").set_value(1.5).run()
    at.slider(key="shift_cb").set_value(-2.0).run()
    at.button(key="apply_shift").click().run()
    assert [at.number_input(key=k).value for k in ROWS] == [0.5, 0.5, -1.5, 2.5, 1.0, -2.5]
    np.testing.assert_array_equal(heatmaps(at)["regions"], before)


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
    assert metric(at, "Square where the labels agree") == "100%"
    assert at.segmented_control(key="mode").value == "linked"


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("mode", ["linked", "free"])
def test_extreme_weights_show_no_nan(sign, mode):
    """Rows and logistic weights at ±1e6: no exception, no NaN or inf in any number or chart, linked still agrees."""
    big = {k: str(sign * (-1) ** i * 1e6) for i, k in enumerate(ROWS)}
    at = run_page(**big, mode=mode, w_1=str(sign * 1e6), w_2="-1e6", b="1e6")
    for view in VIEWS:
        open_view(at, view)
        assert not at.exception
        text = all_text(at).lower()
        assert "nan" not in text and "inf" not in text
        for spec in charts(at).values():
            assert "NaN" not in json.dumps(spec) and "Infinity" not in json.dumps(spec)
            for trace in spec["data"]:
                for name in ("x", "y", "z"):
                    if name in trace and not (trace.get("name") == "labels differ" and name != "z"):
                        assert np.isfinite(decode(trace[name])).all()  # the hatch outline's NaNs are its gaps
    open_view(at, "Why it works")
    if mode == "linked":
        assert metric(at, "Square where the labels agree") == "100%"
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
    at = open_view(run_page(), "Sign convention")
    at.toggle(key="negated").set_value(True).run()
    assert any(r"w_1 - w_2 = \left(-2,\ -0.5\right)" in latex.value for latex in at.latex)
    assert metric(at, "Labels agree, logistic with w₁ − w₂") == "100%"
    assert float(metric(at, "Labels agree, logistic with w₂ − w₁").rstrip("%")) < 2


def test_a_change_sends_under_150_kb_of_figures():
    """Every figure a row change sends, together, stays under 150 KB, with any tab open."""
    at = run_page()
    for view in VIEWS:
        open_view(at, view)
        at.number_input(key="w1_1").set_value(at.number_input(key="w1_1").value - 0.5).run()
        assert sum(len(chart.proto.bytes) for chart in at.get("bidi_component")) < 150_000


def test_a_weight_change_redraws_one_chart():
    """With the default tab open the page sends exactly one chart, the two-panel one, plus text and numbers."""
    at = run_page()
    at.number_input(key="w2_2").set_value(0.3).run()
    assert list(charts(at)) == ["regions"] and len(heatmaps(at)["regions"]) == 2
    assert at.tabs[0].label == "Why it works"
    assert any(r"= 2\,x_1 - 0.2\,x_2 - 1" in latex.value for latex in at.latex)  # w₂ − w₁ with w₂,₂ = 0.3


@pytest.mark.parametrize("view", VIEWS)
def test_every_tab_opens_and_draws_only_its_own_charts(view):
    """Each lazy tab runs when opened, raises nothing, and only its charts join the main one."""
    at = open_view(run_page(), view)
    assert not at.exception
    assert set(charts(at)) == {"regions", *TAB_CHARTS[view]}


def test_a_slider_move_redraws_the_maps_from_the_moved_value():
    """The figure is computed before the sliders are drawn (so it reaches the browser first), from the values
    the widgets hold: after moving w₂,₁ the maps are SciPy's σ((w₂ − w₁)ᵀx + b₂ − b₁) on the plotted grid."""
    from scipy.special import expit

    at = run_page()
    at.slider(key="w2_1_slider").set_value(2.5).run()
    assert not at.exception
    spec = charts(at)["regions"]
    xs, ys = (decode(spec["data"][0][axis]) for axis in ("x", "y"))
    gx, gy = np.meshgrid(xs, ys)
    w, b = np.array([2.5 - -1.0, 1.0 - 0.5]), -0.5 - 0.5  # rows (−1, 0.5 | 0.5) and (2.5, 1 | −0.5)
    expected = np.rint(100 * expit(w[0] * gx + w[1] * gy + b)).ravel()
    for cells in heatmaps(at)["regions"]:
        np.testing.assert_array_equal(cells, expected)
    assert at.number_input(key="w2_1").value == 2.5


@pytest.mark.parametrize("preset", ["sign mistake (w₁ − w₂)", "scaled (2·(w₂ − w₁))"])
def test_the_maps_show_the_weights_the_fields_show(preset):
    """A link holding a free w₁ but no mode=free, then a preset that frees the weights: the free field takes
    the link's value as it is first drawn, after the figure was computed; the page runs again from the fields,
    so the logistic map is SciPy's σ(wᵀx + b) for the (w, b) on screen, and each slider sits at its field."""
    from scipy.special import expit

    at = run_page(w_1="2")
    at.button_group(key="preset").set_value(preset).run()
    assert not at.exception
    w_1, w_2, b = (at.number_input(key=k).value for k in ("w_1", "w_2", "b"))
    spec = charts(at)["regions"]
    gx, gy = np.meshgrid(*(decode(spec["data"][0][axis]) for axis in ("x", "y")))
    logistic = heatmaps(at)["regions"][0]
    np.testing.assert_array_equal(logistic, np.rint(100 * expit(w_1 * gx + w_2 * gy + b)).ravel())
    sliders = [at.slider(key=f"{k}_slider").value for k in ("w_1", "w_2", "b")]
    assert sliders == [min(max(v, -5.0), 5.0) for v in (w_1, w_2, b)]


def test_the_along_w_caption_says_where_its_points_are():
    """Default rows (w = (2, 0.5), not diagonal): the points run past the square's sides, and the caption says so."""
    at = open_view(run_page(), "Along w (1-D)")
    caption = " ".join(c.value for c in at.caption)
    assert "across the plotted square" not in caption and "beyond its sides unless w points along a diagonal" in caption
