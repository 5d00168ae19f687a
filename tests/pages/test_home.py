"""Home page: states both facts with the correct sign and links only to pages that exist."""

from tests.pages.apptest import open_page


def run_home(**params):
    return open_page("app.py", **params)


def test_states_the_relation_with_the_standard_sign():
    """The relation shown is w = w₂ − w₁, and the e^{−z} convention is named as the source of w₁ − w₂."""
    at = run_home()
    latex = " ".join(block.value for block in at.latex)
    assert r"w = w_2 - w_1" in latex and r"b = b_2 - b_1" in latex
    assert r"\hat y - y" in latex
    assert any("e^{-z}" in c.value and "w_1 - w_2" in c.value for c in at.caption)


def test_unknown_parameter_gets_a_notice():
    """A link with a parameter the page does not know says so."""
    at = run_home(colour="red")
    assert any("`colour` is not a setting of this page" in w.value for w in at.warning)
    assert not at.exception


def test_projector_mode_from_the_url():
    at = run_home(projector="1")
    assert at.toggle(key="projector").value is True
