"""Every teacher scenario opens its page with all its parameters accepted."""

import pytest

from tests.pages.apptest import open_page, setting
from ui.scenarios import SCENARIOS


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.title)
def test_scenario_parameters_are_all_accepted(scenario):
    """The page runs with the scenario's link, shows no exception and no 'ignored' notice, and keeps every value."""
    at = open_page(scenario.page, **scenario.params)
    assert not at.exception, [e.value for e in at.exception]
    assert not any("ignored" in w.value for w in at.warning), [w.value for w in at.warning]
    for key, value in scenario.params.items():
        assert _same(setting(at, key), value), (key, setting(at, key), value)


def _same(shown, value: str) -> bool:
    """A widget value equals its URL text: numerically for numbers, exactly for names."""
    try:
        return float(shown) == pytest.approx(float(value))
    except (TypeError, ValueError):
        return shown == value


def test_notes_are_two_sentences():
    """Each teacher's note is two sentences."""
    for scenario in SCENARIOS:
        assert scenario.note.count(". ") + scenario.note.endswith(".") == 2, scenario.title
