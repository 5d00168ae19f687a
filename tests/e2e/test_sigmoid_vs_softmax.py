"""The sigmoid vs softmax page in a real browser: what Plotly draws is what core computes, links restore it."""

import numpy as np
import pytest

from core import sigmoid, softmax
from core.equivalence import logistic_from_softmax
from tests.e2e.conftest import settle
from tests.e2e.probes import PLOTTED_DATA, SLIDER_INPUT

pytestmark = pytest.mark.e2e

PATH = "/sigmoid_vs_softmax"
ROWS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")
HALF_PERCENT = 0.005 + 1e-12  # the maps are sent as whole percent


# The two-panel figure is drawn: both heatmaps are in Plotly's full data.
DRAWN = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .some((gd) => (gd._fullData || []).filter((t) => t.type === 'heatmap').length === 2)"""


def opened(open_page, url: str):
    """Open ``url`` and wait until the maps are drawn and the app is idle (a link with bad values reruns once)."""
    page = open_page(url)
    page.wait_for_function(DRAWN, timeout=30_000)
    settle(page)
    return page


def shown(page, key: str) -> float:
    """The exact value in a number field, read from the page (Streamlit gives each keyed widget a class)."""
    return float(page.locator(f'.st-key-{key} [data-testid="stNumberInputField"]').input_value())


def heatmaps(page) -> list[dict]:
    """Every heatmap Plotly holds on the page, with its x, y and z as drawn."""
    return [trace for chart in page.evaluate(PLOTTED_DATA) for trace in chart if trace["type"] == "heatmap"]


def assert_maps_are_core(page, w: np.ndarray, b: float) -> None:
    """The two drawn maps are σ(wᵀx + b) and softmax(Wx + b)[class 2] at the maps' own coordinates."""
    W = np.array([[shown(page, "w1_1"), shown(page, "w1_2")], [shown(page, "w2_1"), shown(page, "w2_2")]])
    bW = np.array([shown(page, "b1"), shown(page, "b2")])
    logistic, soft = heatmaps(page)
    for trace, probability in (
        (logistic, lambda X: sigmoid(X @ w + b)),
        (soft, lambda X: softmax(X @ W.T + bW)[:, 1]),
    ):
        gx, gy = np.meshgrid(np.array(trace["x"]), np.array(trace["y"]))
        expected = probability(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
        assert np.abs(np.array(trace["z"], dtype=float) / 100 - expected).max() <= HALF_PERCENT


def test_keyboard_on_a_weight_slider_redraws_core_probabilities(server, open_page):
    """→ on the first slider (w₁,₁) moves it by 0.1; the redrawn maps equal core at the weights now shown."""
    page = opened(open_page, server + PATH)
    before = heatmaps(page)
    assert len(before) == 2  # the one two-panel figure; nothing else is drawn in the default tab
    start = shown(page, "w1_1")
    page.locator(f'[data-testid="stMain"] {SLIDER_INPUT}').first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('w1_1=')", timeout=10_000)
    settle(page)
    page.wait_for_function(DRAWN, timeout=30_000)
    assert shown(page, "w1_1") == pytest.approx(start + 0.1)
    after = heatmaps(page)
    assert after[0]["z"] != before[0]["z"] and after[1]["z"] != before[1]["z"]
    W = np.array([[shown(page, "w1_1"), shown(page, "w1_2")], [shown(page, "w2_1"), shown(page, "w2_2")]])
    w, b = logistic_from_softmax(W, np.array([shown(page, "b1"), shown(page, "b2")]))
    assert_maps_are_core(page, w, b)


def test_back_and_forward_keep_fields_sliders_and_maps_together(server, open_page):
    """Each slider move is a history entry. After Back, Back, Forward the field shows the address bar's value,
    its slider sits at it, the maps are core's for the fields, and the page is still connected."""
    page = opened(open_page, server + PATH)
    thumb = page.locator(f'.st-key-b2_slider {SLIDER_INPUT}')
    for step in (1, 2, 3):
        thumb.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => window.location.search.includes('b2={-0.5 + 0.1 * step:.1f}')", timeout=10_000)
        settle(page)
    for go in (page.go_back, page.go_back, page.go_forward):
        go()
        settle(page)
        page.wait_for_function(DRAWN, timeout=30_000)
        in_link = float(page.evaluate("() => new URLSearchParams(window.location.search).get('b2') ?? '-0.5'"))
        assert shown(page, "b2") == pytest.approx(in_link)
        assert float(thumb.get_attribute("aria-valuenow") or thumb.input_value()) == pytest.approx(in_link)
        W = np.array([[shown(page, "w1_1"), shown(page, "w1_2")], [shown(page, "w2_1"), shown(page, "w2_2")]])
        w, b = logistic_from_softmax(W, np.array([shown(page, "b1"), shown(page, "b2")]))
        assert_maps_are_core(page, w, b)
    assert shown(page, "b2") == pytest.approx(-0.3)
    assert page.get_by_text("Connection error").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_shared_link_restores_the_view(server, open_page):
    """A link with rows, free mode and logistic weights shows exactly those numbers and the maps they give."""
    rows = {"w1_1": 0.25, "w1_2": -3.0, "b1": 1.5, "w2_1": 2.0, "w2_2": 0.0, "b2": -0.75}
    free = {"w_1": -1.5, "w_2": 0.5, "b": 2.0}
    query = "&".join(f"{k}={v}" for k, v in (rows | free).items())
    page = opened(open_page, f"{server}{PATH}?{query}&mode=free")
    assert [shown(page, k) for k in ROWS] == list(rows.values())
    assert [shown(page, k) for k in free] == list(free.values())
    assert_maps_are_core(page, np.array([free["w_1"], free["w_2"]]), free["b"])
    assert page.locator('[data-testid="stException"]').count() == 0


def test_bad_link_values_are_named_and_ignored(server, open_page):
    """`?w1_1=abc&mode=zzz`: one notice names both parameters, no exception, the default rows are drawn."""
    page = opened(open_page, f"{server}{PATH}?w1_1=abc&mode=zzz")
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="ignored")
    assert notice.count() == 1
    text = notice.inner_text()
    assert "w1_1" in text and "mode" in text
    assert page.locator('[data-testid="stException"]').count() == 0
    assert shown(page, "w1_1") == -1.0
    W = np.array([[-1.0, 0.5], [1.0, 1.0]])
    assert_maps_are_core(page, *logistic_from_softmax(W, np.array([0.5, -0.5])))


def test_the_address_bar_after_edits_reopens_the_same_view(server, open_page):
    """Free mode, a preset and a typed −1e6 all land in the URL as DESIGN names them, and the URL reopens them."""
    page = opened(open_page, server + PATH)
    page.locator('.st-key-preset button', has_text="sign mistake").click()
    settle(page)
    field = page.locator('.st-key-w1_1 [data-testid="stNumberInputField"]')
    field.fill("-1000000")
    field.press("Enter")
    settle(page)
    assert "mode=free" in page.url and "w1_1=-1000000" in page.url, page.url
    again = opened(open_page, page.url)
    assert shown(again, "w1_1") == -1_000_000
    assert again.locator(".st-key-w_1").count() == 1, "free mode shows the logistic weight fields"
    assert again.locator('[data-testid="stAlert"]', has_text="ignored").count() == 0


# How far each chart's tick labels and axis titles reach outside its drawing (px; ≤ 0 means all are inside).
OVERHANG = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd) => {
  const box = gd.getBoundingClientRect();
  let worst = -Infinity;
  for (const t of gd.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text')) {
    const r = t.getBoundingClientRect();
    if (!r.width) continue;
    worst = Math.max(worst, box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
  }
  return worst; })"""


@pytest.mark.parametrize("tab", ["Along w (1-D)", "Scale k", "Shift rows"])
def test_axis_labels_fit_inside_their_chart(server, open_page, tab):
    """Charts with small margins let their axes make room (automargin), so no tick label or title is cut off."""
    page = open_page(server + "/sigmoid_vs_softmax")
    page.get_by_role("tab", name=tab).click()
    settle(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 1", timeout=15_000)
    page.wait_for_timeout(500)
    assert max(page.evaluate(OVERHANG)) <= 0.5
