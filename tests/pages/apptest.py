"""Open a page in AppTest the way a browser does: through the entry script, with URL parameters."""

import importlib.util
import itertools
import json
from pathlib import Path
from types import ModuleType

import numpy as np
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def open_page(script: str = "app.py", **params: str | list[str]) -> AppTest:
    """Run ``script`` (a path such as ``pages/gradient_descent.py``) with ``params`` in its URL.

    Pages are reached through ``app.py`` because ``st.page_link`` resolves paths against the
    entry script, as it does when the app is served.
    """
    at = AppTest.from_file(str(Path(ROOT, "app.py")), default_timeout=60)
    if script != "app.py":
        at.switch_page(script)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "latex", "text", "code",
                 "warning", "info", "success", "error")


def sent(at: AppTest, component: str) -> dict:
    """The data the page sent the explorer ``component`` on its last run."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == component]
    return json.loads(element.proto.json)


def verdict(at: AppTest) -> tuple[str, str]:
    """The kind (success, info, warning) and words of the verdict the descent explorer shows beside its curves."""
    told = sent(at, "descent_explorer")["verdict"]
    return told["kind"], told["text"]


def visible_text(at: AppTest) -> str:
    """Everything a student can read on the page: text elements, metrics, tables and the descent explorer's
    verdict."""
    parts = [element.value for kind in TEXT_ELEMENTS for element in getattr(at, kind)]
    parts += [f"{metric.label} {metric.value}" for metric in at.metric]
    parts += [frame.value.to_string() for frame in at.dataframe]
    parts += [json.loads(e.proto.json).get("verdict", {}).get("text", "") for e in at.get("bidi_component")
              if e.proto.component_name == "descent_explorer"]
    return "\n".join(str(part) for part in parts)


def import_page(script: str) -> ModuleType:
    """Import a page file without running it (a page runs only as Streamlit's ``__main__``), to call its handlers."""
    spec = importlib.util.spec_from_file_location(Path(script).stem + "_page", Path(ROOT, script))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setting(at: AppTest, key: str):
    """A page setting's value: the sigmoid page's explorer view holds its numbers and mode, widgets the rest."""
    view = at.session_state["sx_view"] if "sx_view" in at.session_state else {}
    return view[key] if key in view else at.session_state[key]


SEQS = (f"test-{n}" for n in itertools.count(1))


def report(at: AppTest, view: dict) -> AppTest:
    """The descent explorer reports ``view`` as its state, as the browser does (a widget state with the component's
    JSON, so its ``on_view_change`` callback runs), and the page reruns."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "descent_explorer"]
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=element.proto.id, json_value=json.dumps({"view": view})))
    return at._run(states)


def rest_on(at: AppTest, step, W, b, *, playing=False, points=None, seq=None, changes=None) -> AppTest:
    """The descent map rests on ``step`` with weights ``W``, ``b`` (or plays, if ``playing``) in the run the page
    sent; ``changes`` replace parts of that view."""
    sent_now = sent(at, "descent_explorer")
    view = {"seq": seq or next(SEQS), "run": sent_now["run"], "step": step,
            "theta": np.column_stack([W, b]).ravel().tolist(), "lr": sent_now["lr"], "playing": playing,
            "points": points}
    return report(at, view | (changes or {}))
