"""Charts keep their identity across reruns, so the browser redraws them in place; what they send is the figure."""

import json
import re
from pathlib import Path

import plotly
from streamlit.testing.v1 import AppTest

from ui import chart


def script():
    import plotly.graph_objects as go
    import streamlit as st

    from ui.chart import live_chart

    a = st.slider("a", 0.0, 5.0, 1.0, key="a")
    live_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, a, 2 * a])), key="line", config={"displaylogo": False})


def sent(at):
    (element,) = at.get("bidi_component")
    return element.proto.id, json.loads(element.proto.bytes)


def test_a_new_figure_keeps_the_chart_and_replaces_its_data():
    at = AppTest.from_function(script).run()
    first_id, first = sent(at)
    at.slider(key="a").set_value(3.0).run()
    second_id, second = sent(at)
    assert second_id == first_id  # the same element: the browser calls Plotly.react on the chart it has
    assert first["figure"]["data"][0]["y"] == [0, 1.0, 2.0]
    assert second["figure"]["data"][0]["y"] == [0, 3.0, 6.0]
    assert second["config"] == {"displaylogo": False}


def test_the_browser_loads_the_plotly_js_that_plotly_py_ships():
    """The URL in the chart's script is a file Streamlit serves, and that file is plotly.py's own plotly.js."""
    url = re.search(r'const PLOTLY_URL = "component/([^/"]+)/([^"]+)";', chart._JS)
    assert url, "no plotly.js URL in the chart's script"
    name, file = url.groups()
    assert name == chart._PLOTLY_FILES.name  # the declared file-only component: Streamlit serves its folder
    served = Path(chart._PLOTLY_FILES.path, file)
    assert served.is_file() and served.samefile(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")
