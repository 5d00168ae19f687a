"""Every page script runs in AppTest without an exception."""

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.pages.apptest import open_page

SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in Path(ROOT, "pages").glob("*.py"))]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("projector", [False, True])
def test_page_runs_without_exception(script, projector):
    """The page renders, with and without projector mode, and shows no exception."""
    at = open_page(script, **({"projector": "1"} if projector else {}))
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key="projector").value is projector
