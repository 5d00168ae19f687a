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


@pytest.mark.parametrize(
    ("script", "params", "expected"),
    [
        ("pages/sigmoid_vs_softmax.py", {"w1_1": "2.5", "mode": "free"}, ["w1_1=2.5", "mode=free", "w_1="]),
        ("pages/gradient_descent.py", {"lr": "0.3", "data": "xor"}, ["lr=0.3", "data=xor", "classes=2", "init=zeros"]),
    ],
)
def test_share_this_view_holds_every_setting(script, params, expected):
    """The 'share this view' link carries every setting the page shows, defaults included, and projector mode."""
    at = open_page(script, projector="1", **params)
    [link] = [c.value for c in at.code if "?" in c.value]
    assert all(part in link for part in [*expected, "projector=1"]), link
