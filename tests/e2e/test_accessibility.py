"""Text contrast in a real browser: every page, light and dark, at least 4.5:1 (WCAG AA)."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import settle
from tests.e2e.test_navigation import PATHS
from ui.frame import existing_pages

pytestmark = pytest.mark.e2e

# The worst contrast ratio of each kind of text on the page, with colours and opacity as the browser
# computed them, composited over the nearest opaque background.
WORST_CONTRAST = """(selectors) => {
  const rgba = (c) => {
    const m = c.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  const background = (el) => {  // every ancestor's background, composited from the page down
    const layers = [];
    for (; el; el = el.parentElement) layers.push(rgba(getComputedStyle(el).backgroundColor));
    return layers.reverse().reduce((under, top) => [...over(top, under), 1], [255, 255, 255, 1]);
  };
  const luminance = (c) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const opacity = (el) => {
    let o = 1;
    for (; el; el = el.parentElement) o *= Number(getComputedStyle(el).opacity);
    return o;
  };
  const result = {};
  for (const selector of selectors) {
    let worst = null;
    for (const el of document.querySelectorAll(selector)) {
      // A slider's value sits above its thumb, not on it; its colour is the theme's primary colour.
      if (el.closest('[data-testid="stSlider"]') || !el.textContent.trim()) continue;
      const fg = rgba(getComputedStyle(el).color), bg = background(el), a = fg[3] * opacity(el);
      const seen = over([fg[0], fg[1], fg[2], a], bg);
      const [hi, lo] = [luminance(seen), luminance(bg)].sort((x, y) => y - x);
      const ratio = (hi + 0.05) / (lo + 0.05);
      worst = worst === null ? ratio : Math.min(worst, ratio);
    }
    if (worst !== null) result[selector] = worst;
  }
  return result;
}"""

TEXT = [
    '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p',
    '[data-testid="stCaptionContainer"]',
    '[data-testid="stWidgetLabel"] p',
    '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"] p',
    '[data-testid="stAlert"] p',
    '[data-testid="stMetricLabel"] p',
    '[data-testid="stMetricValue"]',
]


@pytest.mark.parametrize("info", existing_pages(), ids=lambda p: p.title)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_text_contrast_at_least_4_5(server, open_page, info, dark):
    """Body text, captions, labels, navigation, alerts and metrics all reach 4.5:1 against their background."""
    page = open_page(server + PATHS[info.path], dark=dark)
    worst = page.evaluate(WORST_CONTRAST, TEXT)
    assert worst, "no text measured"
    assert all(ratio >= 4.5 for ratio in worst.values()), {k: round(v, 2) for k, v in worst.items()}


# What a screen reader is given, read from Chromium's own accessibility tree.
CONTROLS = {"button", "checkbox", "combobox", "link", "radio", "slider", "spinbutton", "switch", "tab", "textbox"}


def accessibility_tree(page) -> list[dict]:
    """Chromium's accessibility tree (CDP Accessibility.getFullAXTree), the nodes a screen reader is given."""
    cdp = page.context.new_cdp_session(page)
    try:
        return [node for node in cdp.send("Accessibility.getFullAXTree")["nodes"] if not node.get("ignored")]
    finally:
        cdp.detach()


def name_of(node: dict) -> str:
    return node.get("name", {}).get("value", "")


def said_twice(name: str) -> bool:
    """"Noise Noise": the same words twice in a row."""
    half = len(name) // 2
    return len(name) % 2 == 1 and name[:half] == name[half + 1:] and name[half] == " "


@pytest.mark.parametrize(
    ("path", "drawn"),
    [("/", "a"), ("/sigmoid_vs_softmax?mode=free", ".st-key-explorer"),
     ("/gradient_descent?data=own", ".st-key-lr")],
)
def test_every_control_is_named_once(server, open_page, path, drawn):
    page = open_page(server + path)
    page.locator(drawn).first.wait_for()
    settle(page)
    controls = [(node["role"]["value"], name_of(node)) for node in accessibility_tree(page)
                if node.get("role", {}).get("value") in CONTROLS]
    assert len(controls) > 10
    assert [c for c in controls if not c[1].strip() or said_twice(c[1])] == []


def test_said_twice_finds_the_doubled_name():
    assert said_twice("Noise Noise") and said_twice("Learning rate η (log scale) Learning rate η (log scale)")
    assert not said_twice("Noise") and not said_twice("w₁ w₂") and not said_twice("ab ab ab")


# Each Streamlit slider: its label, the text shown above its thumb, and what its thumb gives a screen reader.
SLIDERS = """() => Array.from(document.querySelectorAll('[data-testid="stSlider"]')).map((box) => {
  const thumb = box.querySelector('input[type="range"]');
  thumb.dataset.probe = box.querySelector('[data-testid="stWidgetLabel"]').innerText.trim();
  return {label: thumb.dataset.probe, shown: box.querySelector('[data-testid="stSliderThumbValue"]').innerText.trim(),
          valuetext: thumb.getAttribute("aria-valuetext"), index: thumb.value};
})"""


def names_by_probe(page) -> dict[str, str]:
    """The accessible name Chromium computed for each element marked with data-probe, by the mark."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        names = {}
        for node_id in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-probe]"})["nodeIds"]:
            mark = cdp.send("DOM.getAttributes", {"nodeId": node_id})["attributes"]
            (ax,) = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False})["nodes"]
            names[dict(zip(mark[::2], mark[1::2], strict=True))["data-probe"]] = name_of(ax)
        return names
    finally:
        cdp.detach()


def test_a_slider_says_its_label_once_and_the_value_shown(server, open_page):
    """The learning rate is a select slider whose position is an index (0.5 is stop 16): its thumb says η's value
    as the slider shows it, and its label once; so does every other slider of the page."""
    page = open_page(f"{server}/gradient_descent?lr=0.5")
    page.locator('.st-key-lr [data-testid="stSliderThumbValue"]').wait_for()
    sliders = page.evaluate(SLIDERS)
    rate = next(s for s in sliders if s["label"].startswith("Learning rate η"))
    assert rate["index"] == "16" and rate["shown"] == "0.5" == rate["valuetext"]
    names = names_by_probe(page)
    assert len(sliders) >= 4
    for slider in sliders:
        assert names[slider["label"]] == slider["label"]
        assert slider["valuetext"] == slider["shown"]


def test_a_chart_is_named_and_its_numbers_open_as_a_table(server, open_page):
    """The curve along w is a figure named in words; "The numbers behind this chart" opens a table a screen reader
    can read, named after the chart, with a row for every point plotly drew."""
    page = open_page(f"{server}/sigmoid_vs_softmax?tab=Along+w+%281-D%29")
    chart = page.locator('[role="figure"].js-plotly-plot')
    chart.wait_for()
    name = "Probability of class 2 along w, against the score z"
    assert chart.get_attribute("aria-label") == name
    assert [name_of(n) for n in accessibility_tree(page) if n.get("role", {}).get("value") == "figure"].count(name) == 1
    drawn = chart.evaluate(  # the points plotly.js computed to draw, gaps left out
        "(gd) => gd.calcdata.reduce((n, c) => n + c.filter((p) => isFinite(p.x) && isFinite(p.y)).length, 0)"
    )
    page.get_by_text("The numbers behind this chart").click()
    table = page.get_by_role("region", name=f"The numbers behind the chart: {name}").locator('table[role="grid"]')
    table.wait_for(state="attached")  # the grid's table is for screen readers only, drawn invisibly
    assert int(table.get_attribute("aria-rowcount")) == drawn + 1  # and the header


def test_the_own_points_table_exposes_its_rows(server, open_page):
    """The table of the student's points is a named grid that counts every point (and the row that adds one), and
    each row in view reads the point's x1, x2 and class at its row index."""
    page = open_page(f"{server}/gradient_descent?data=own&points=1_2_0~-0.5_3_1~4_-1_2")
    grid = page.get_by_role("region", name="Your points: x1, x2 and class, one row each").locator('table[role="grid"]')
    grid.wait_for(state="attached")
    assert grid.get_attribute("aria-rowcount") == str(1 + 3 + 1)
    rows = grid.locator("tbody tr")
    cells = [[rows.nth(i).get_attribute("aria-rowindex"), *rows.nth(i).locator("td").all_inner_texts()]
             for i in range(rows.count())]
    assert cells[:3] == [["2", "1", "2", "1"], ["3", "-0.5", "3", "2"], ["4", "4", "-1", "3"]]


# The light-DOM elements with a transition or an animation longer than 0.01 ms, as computed.
MOVING = """() => Array.from(document.querySelectorAll('*')).filter((e) => {
  const ms = (t) => parseFloat(t) * (t.trim().endsWith('ms') ? 1 : 1000);
  const s = getComputedStyle(e), longest = (v) => Math.max(...v.split(',').map(ms));
  return longest(s.transitionDuration) > 0.01 || (s.animationName !== 'none' && longest(s.animationDuration) > 0.01);
}).length"""


def test_reduced_motion_stops_streamlits_transitions(server, browser):
    """Asked for reduced motion, no element of the page moves (the explorers, in shadow roots, see to their own);
    without the request, Streamlit's transitions are there, so the check would see them."""
    counts = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(viewport={"width": 1440, "height": 900}, reduced_motion=motion)
        page = context.new_page()
        page.goto(f"{server}/gradient_descent")
        settle(page)
        if motion == "reduce":  # the page's elements arrive over a few reruns on a busy machine: let them all come
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(f"({MOVING})() === 0", timeout=15_000)
        counts[motion] = page.evaluate(MOVING)
        context.close()
    assert counts["reduce"] == 0 and counts["no-preference"] > 0, counts
