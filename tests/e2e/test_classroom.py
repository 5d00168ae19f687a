"""Classroom use in a real browser: projector mode enlarges the charts, exports are named, embedding works."""

import pytest

from tests.e2e.probes import FONT_SIZES
from tests.e2e.test_navigation import PATHS, exceptions
from ui.frame import existing_pages

pytestmark = pytest.mark.e2e

CHART_PAGES = [page for page in existing_pages() if page.path != "app.py"]
# A view of each page with a Plotly chart in it, and the section to open for it (each page's first screen is its
# explorer).
CHART_VIEWS = {
    "pages/sigmoid_vs_softmax.py": ("?tab=Along+w+%281-D%29", None),
    "pages/gradient_descent.py": ("?", "One step, point by point"),
}
EXPORT_OPTIONS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .map((gd) => gd._context && gd._context.toImageButtonOptions)"""


def drawn_charts(page, section=None):
    """Open ``section``, then scroll through the page so every chart is drawn (Streamlit draws charts as they come
    into view)."""
    if section:
        page.get_by_text(section).click()
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    for y in range(0, 8000, 700):
        page.evaluate(f"() => document.querySelector('[data-testid=stMain]').scrollTo(0, {y})")
        page.wait_for_timeout(100)
    return page


@pytest.mark.parametrize("info", CHART_PAGES, ids=lambda p: p.title)
def test_projector_mode_enlarges_chart_fonts(server, open_page, info):
    """projector=1: every chart's font is at least 22 px; without it, smaller."""
    query, section = CHART_VIEWS[info.path]
    url = server + PATHS[info.path] + query
    normal = drawn_charts(open_page(url), section).evaluate(FONT_SIZES)
    projector_page = open_page(url + "&projector=1", size="projector")
    projected = drawn_charts(projector_page, section).evaluate(FONT_SIZES)
    assert projected and min(projected) >= 22, projected
    assert normal and max(normal) < 22, normal


@pytest.mark.parametrize("info", CHART_PAGES, ids=lambda p: p.title)
def test_png_export_is_2x_with_a_meaningful_name(server, open_page, info):
    """The toolbar's camera saves a PNG at twice the size, named after what it shows."""
    query, section = CHART_VIEWS[info.path]
    page = drawn_charts(open_page(server + PATHS[info.path] + query), section)
    options = page.evaluate(EXPORT_OPTIONS)
    assert options and all(o["format"] == "png" and o["scale"] == 2 for o in options), options
    assert all(o["filename"] and o["filename"] != "newplot" for o in options), options
    page.locator(".js-plotly-plot").first.hover()
    titles = page.locator(".modebar-btn").evaluate_all("els => els.map((e) => e.getAttribute('data-title'))")
    assert "Download plot as a PNG" in titles and not any("Share" in t for t in titles), titles


@pytest.mark.parametrize(("path", "explorer"), [("/sigmoid_vs_softmax", ".sx"), ("/gradient_descent", ".dx")])
def test_projector_mode_enlarges_the_explorer(server, open_page, path, explorer):
    """Each page's explorer has text of at least 24 px on the projector, and smaller without it."""
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    normal = open_page(server + path).locator(explorer).evaluate(size)
    projected = open_page(server + path + "?projector=1", size="projector").locator(explorer).evaluate(size)
    assert projected >= 24 > normal


@pytest.mark.parametrize("info", existing_pages(), ids=lambda p: p.title)
def test_embedded_view_renders_cleanly(server, open_page, info):
    """?embed=true (as a course page would embed it) shows the page without errors or notices."""
    page = open_page(server + PATHS[info.path] + "?embed=true")
    assert exceptions(page) == []
    assert page.locator('[data-testid="stAlert"]', has_text="ignored").count() == 0
    assert page.locator("h1").count() == 1


def test_the_toolbar_has_the_theme_switch_and_no_developer_tools(server, open_page):
    """client.toolbarMode = "viewer": no Deploy button or developer items, and the menu still switches the theme."""
    page = open_page(server)
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
    page.locator('[data-testid="stMainMenuButton"]').click()
    menu = page.locator('[data-testid="stMainMenuList"]')
    menu.wait_for()
    items = [el.get_attribute("data-testid") for el in menu.locator('[data-testid^="stMainMenuItem"]').all()]
    assert {"stMainMenuItem-theme-Light", "stMainMenuItem-theme-Dark"} <= set(items), items
    assert not {"stMainMenuItem-rerun", "stMainMenuItem-clearCache", "stMainMenuItem-developerOptions"} & set(items)
    background = "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    light = page.evaluate(background)
    page.locator('[data-testid="stMainMenuItem-theme-Dark"]').click()
    page.wait_for_function(f"() => ({background})() !== {light!r}", timeout=5000)
