"""Lecture views from the address: which parts a link hides, how it is checked, and the CSS that hides them."""

import pytest

from ui.explorer_files import source
from ui.lecture import PRESENT_HIDES, Parts, css, specs
from ui.params import url_problems

PARTS = ("sidebar", "title", "settings", "numbers", "sections")


@pytest.mark.parametrize("raw", ["settings", "sidebar,sections", "title,settings,numbers,sections,sidebar"])
def test_a_list_of_the_pages_parts_is_usable(raw):
    assert Parts("hide", PARTS).problem(raw) is None


@pytest.mark.parametrize(
    ("raw", "named"),
    [("bogus", "'bogus'"), ("settings,Sidebar", "'Sidebar'"), ("", "''"), ("settings,,sections", "''"),
     ("scenarios", "'scenarios'")],
)
def test_a_name_that_is_not_a_part_is_named_with_the_parts(raw, named):
    """The notice quotes each unknown name and lists what the page has, so a teacher can correct the link."""
    problem = Parts("hide", PARTS).problem(raw)
    assert problem is not None and named in problem and "sidebar, title, settings, numbers, sections" in problem


def test_lecture_parameters_are_checked_as_the_pages_own():
    """hide, present and projector pass with usable values and are dropped, named, with any other."""
    good = {"hide": ["settings,sections"], "present": ["1"], "projector": ["true"]}
    assert url_problems(good, specs(PARTS)) == ([], set())
    problems, drop = url_problems({"hide": ["everything"], "present": ["yes"], "projector": ["2"]}, specs(PARTS))
    assert drop == {"hide", "present", "projector"} and len(problems) == 3


def test_hidden_parts_get_a_rule_each_and_nothing_else_is_hidden():
    rules = css(frozenset({"title", "sections"}), present=False)
    assert ".st-key-part_title { display: none !important; }" in rules
    assert ".st-key-part_sections { display: none !important; }" in rules
    assert "part_settings" not in rules and "stSidebar" not in rules and "--lecture-explorer-controls" not in rules
    assert css(frozenset(), present=False) == ""


def test_hiding_the_sidebar_and_the_settings():
    """The sidebar goes with its open button; hidden settings reach the sigmoid explorer's controls in its shadow
    root through an inherited custom property."""
    rules = css(frozenset({"sidebar", "settings"}), present=False)
    assert '[data-testid="stSidebar"]' in rules and '[data-testid="stExpandSidebarButton"]' in rules
    assert "part_sidebar" not in rules
    assert ":root { --lecture-explorer-controls: none; }" in rules
    assert "--lecture-explorer-controls, grid" in source("sigmoid_explorer.css")


def test_presenting_leaves_out_what_is_above_and_beside_the_picture():
    assert set(PRESENT_HIDES) == {"sidebar", "title", "sections"}
    assert "padding-top" in css(frozenset(), present=True)
