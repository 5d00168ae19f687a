"""Lecture views on every page: a link's hide, present and projector are checked, put in the page's CSS and kept in
the share link."""

import pytest

from tests.pages.apptest import open_page

PAGES = {
    "app.py": ("sidebar", "title", "scenarios"),
    "pages/sigmoid_vs_softmax.py": ("sidebar", "title", "settings", "numbers", "sections"),
    "pages/gradient_descent.py": ("sidebar", "title", "settings", "numbers", "sections"),
}
SHARING = [page for page in PAGES if page != "app.py"]


def page_css(at) -> str:
    """The style elements the frame wrote (as markdown, in the sidebar)."""
    return "\n".join(m.value for m in at.sidebar.markdown if "<style>" in m.value)


def part_holds(at, name: str) -> int:
    """How many elements the page put into its part ``name`` (a container keyed part_<name>)."""

    def count(node) -> int:
        return sum(1 + count(child) for child in getattr(node, "children", {}).values())

    def find(node):
        for child in getattr(node, "children", {}).values():
            if getattr(getattr(child, "proto", None), "id", "").endswith(f"-part_{name}"):
                return child
            if (found := find(child)) is not None:
                return found
        return None

    block = find(at._tree)
    return -1 if block is None else count(block)


def share_link(at) -> str:
    (link,) = [code.value for code in at.code if "?" in code.value]
    return link


@pytest.mark.parametrize("script", PAGES)
def test_each_part_of_each_page_can_be_hidden(script):
    """Every part a page names is a container the CSS hides, and hiding all of them leaves no notice."""
    parts = PAGES[script]
    at = open_page(script, hide=",".join(parts))
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    css = page_css(at)
    for name in set(parts) - {"sidebar"}:
        assert f".st-key-part_{name} {{ display: none !important; }}" in css
        assert part_holds(at, name) > 0, name  # the part is there, with what it hides, and its widgets still run
    assert '[data-testid="stSidebar"]' in css
    assert at.query_params["hide"] == ",".join(parts)


@pytest.mark.parametrize("script", PAGES)
def test_a_part_the_page_does_not_have_is_named_and_nothing_is_hidden(script):
    at = open_page(script, hide="title,legend")
    (warning,) = at.warning
    assert "`hide`" in warning.value and "'legend'" in warning.value and ", ".join(PAGES[script]) in warning.value
    assert "part_title" not in page_css(at) and "hide" not in at.query_params
    assert not at.exception


@pytest.mark.parametrize(("key", "value"), [("present", "yes"), ("projector", "on")])
def test_a_mode_that_is_neither_on_nor_off_is_named(key, value):
    at = open_page("pages/sigmoid_vs_softmax.py", **{key: value})
    assert any(f"`{key}` = `{value}` is not one of 1, true, 0, false" in w.value for w in at.warning)
    assert key not in at.query_params and not at.exception


def test_presenting_hides_the_sidebar_title_and_sections_and_keeps_the_rest():
    at = open_page("pages/gradient_descent.py", present="1")
    css = page_css(at)
    assert "part_title" in css and "part_sections" in css and '[data-testid="stSidebar"]' in css
    assert "part_settings" not in css and "part_numbers" not in css
    assert "part_title" not in page_css(open_page("pages/gradient_descent.py", present="0"))


def test_projector_mode_sets_the_smallest_text():
    assert "--lecture-min-text: 24px" in page_css(open_page("app.py", projector="1"))
    assert "--lecture-min-text" not in page_css(open_page("app.py"))


@pytest.mark.parametrize("script", SHARING)
def test_the_share_link_keeps_the_lecture_view(script):
    """hide, present and projector go into the share link as the address has them; its QR code is drawn once the
    popover is opened, and not on the runs before (encoding it on every change cost the server)."""
    at = open_page(script, hide="settings,sections", present="1", projector="1")
    link = share_link(at)
    assert "hide=settings%2Csections" in link and "present=1" in link and "projector=1" in link
    assert not any('class="share-qr"' in block.value for block in at.markdown)
    at.session_state["share"] = True
    at.run()
    assert any('class="share-qr"' in block.value for block in at.markdown)
    plain = share_link(open_page(script))
    assert "hide=" not in plain and "present=" not in plain and "projector=" not in plain
