"""Charts keep their identity across reruns, so the browser redraws them in place; what they send is the figure."""

import json
import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from ui import chart


def script():
    import plotly.graph_objects as go
    import streamlit as st

    from ui.chart import live_chart

    a = st.slider("a", 0.0, 5.0, 1.0, key="a")
    live_chart(
        go.Figure(go.Scatter(x=[0, 1, 2], y=[0, a, 2 * a])), key="line", config={"displaylogo": False}, name="a line"
    )


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


def test_the_name_goes_with_the_figure():
    at = AppTest.from_function(script).run()
    assert sent(at)[1]["name"] == "a line"


def test_the_numbers_behind_a_chart_are_every_point_drawn_and_no_gap():
    """Two series, one broken by a gap (None between its segments), and a 2 × 3 heatmap: one row per point or cell,
    in the series' own order, with the values plotly draws."""
    fig = go.Figure(
        [
            go.Scatter(x=[0, 1, None, 2, 3], y=[5, 6, None, 7, 8], name="segments"),
            go.Scatter(x=[0.5], y=[-1.0]),
            go.Heatmap(z=[[1, 2, 3], [4, 5, 6]], x=["a", "b", "c"], y=["p", "q"], name="cells"),
        ]
    )
    table = chart.chart_numbers(fig)
    assert table["series"].tolist() == ["segments"] * 4 + ["series 2"] + ["cells"] * 6
    assert table["x"].tolist() == [0, 1, 2, 3, 0.5, "a", "b", "c", "a", "b", "c"]
    assert table["y"].tolist() == [5, 6, 7, 8, -1.0, "p", "p", "p", "q", "q", "q"]
    assert table["z"].tolist()[5:] == [1, 2, 3, 4, 5, 6]


def test_a_chart_without_a_title_or_a_name_is_refused():
    """A chart a screen reader would meet unnamed is a bug caught here, not a silent omission."""

    def untitled():
        import plotly.graph_objects as go

        from ui.frame import show_chart

        show_chart(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])), key="untitled", filename="untitled")

    at = AppTest.from_function(untitled).run()
    assert at.exception and "needs a name" in at.exception[0].value
