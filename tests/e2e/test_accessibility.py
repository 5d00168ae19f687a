"""Text contrast in a real browser: every page, light and dark, at least 4.5:1 (WCAG AA)."""

import pytest

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
