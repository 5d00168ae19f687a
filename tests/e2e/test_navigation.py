"""In a real browser: every page loads cleanly, deep links work on a fresh server, projector mode carries."""

import pytest

from tests.e2e.conftest import settle, streamlit_server
from ui.frame import PAGES, existing_pages

pytestmark = pytest.mark.e2e

PATHS = {page.path: "/" if page.path == "app.py" else "/" + page.path.removeprefix("pages/").removesuffix(".py")
         for page in PAGES}


def exceptions(page):
    return page.locator('[data-testid="stException"]').all_inner_texts()


def projector_toggle(page):
    return page.locator('[data-testid="stSidebar"] input[type="checkbox"]').first


def sidebar_links(page):
    """The labels of the sidebar's page links (the last line of each: the icon's ligature name comes first)."""
    texts = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]').all_inner_texts()
    return [text.strip().splitlines()[-1] for text in texts]


@pytest.mark.parametrize("info", existing_pages(), ids=lambda p: p.title)
def test_deep_link_on_a_fresh_server(browser, info):
    """Opening /<page> first thing on a new server shows that page, our sidebar, and no dialog."""
    with streamlit_server() as base:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto(base + PATHS[info.path])
        settle(page)
        assert page.locator('[role="dialog"]').count() == 0
        assert page.title().startswith(info.title)
        page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]').nth(
            len(existing_pages()) - 1).wait_for(timeout=15_000)
        links = sidebar_links(page)
        assert [p.title for p in existing_pages()] == links
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0, "built-in navigation should be hidden"
        assert exceptions(page) == []
        context.close()


@pytest.mark.parametrize("info", existing_pages(), ids=lambda p: p.title)
@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_page_loads_without_exception(server, open_page, info, size, dark):
    """Each page, light and dark, desktop and phone: no exception element, no horizontal scrolling."""
    page = open_page(server + PATHS[info.path], size=size, dark=dark)
    assert exceptions(page) == []
    overflow = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]') || document.body;"
        " return m.scrollWidth - m.clientWidth; }"
    )
    assert overflow <= 1, f"horizontal overflow of {overflow}px"


def test_projector_mode_follows_the_links(server, open_page):
    """projector=1 turns the toggle on, and the sidebar links carry it to the next page (the sidebar starts folded
    on the projector; its button opens it)."""
    page = open_page(server + "/?projector=1")
    assert projector_toggle(page).is_checked()
    targets = [p for p in existing_pages() if p.path != "app.py"]
    if not targets:
        pytest.skip("no second page yet")
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]', has_text=targets[0].title).click()
    settle(page)
    assert "projector=" in page.url
    assert projector_toggle(page).is_checked()


def test_bad_parameter_shows_a_notice_not_a_traceback(server, open_page):
    """An unknown parameter on the home page gives a visible notice naming it."""
    page = open_page(server + "/?colour=%3Cb%3Ered%3C/b%3E")
    warning = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "colour" in warning and "not a setting" in warning
    assert page.locator('[data-testid="stAlert"] b').count() == 0, "user text must not become HTML"
    assert exceptions(page) == []
