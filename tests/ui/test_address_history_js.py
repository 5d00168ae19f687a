"""ui/js/address_history.js: which changes of the address are a view's own (an entry) and which only move the step."""

import pytest

from tests.ui.test_linear_js import NODE, js

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")


@pytest.mark.parametrize(
    ("before", "after", "differs"),
    [
        ("?lr=0.5", "?lr=0.7", True),  # a setting: an entry of its own
        ("?lr=0.5&step=3", "?lr=0.5&step=40", False),  # the map moved: the entry is rewritten, not added
        ("?step=3", "?lr=0.7&step=40", True),  # a setting changed while the step moved
        ("?a=1&b=2", "?b=2&a=1", False),  # the same parameters in another order
        ("", "?open_why=true", True),  # a section opened
        ("?step=5", "", False),  # a new run at step 0
    ],
)
def test_only_a_change_besides_the_step_makes_an_entry(before, after, differs):
    assert js(("differs", [before, after, ["step"]]), module="address_history.js") == [differs]
