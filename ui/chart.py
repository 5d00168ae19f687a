"""Plotly charts that stay on the page across reruns and are redrawn in place.

``st.plotly_chart`` in Streamlit 1.67 gives a chart a new identity whenever its figure changes, so every slider
move tears the chart down and builds it anew (``Plotly.newPlot``: ~130 ms for the two probability maps, then a
second pass for the theme). This component keeps the chart's node under its key and hands Plotly each new
figure with ``Plotly.react``. plotly.js is the copy the installed plotly package ships (so it always matches
the figures plotly.py writes), served by Streamlit as a plain file and loaded once per page.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
import streamlit.components.v1 as components_v1

# A file-only component, never drawn: Streamlit serves the files of plotly's package_data at its URL.
_PLOTLY_FILES = components_v1.declare_component("plotly_js", path=str(Path(plotly.__file__).parent / "package_data"))
_JS = (Path(__file__).with_name("chart.js").read_text(encoding="utf-8")
       .replace("__PLOTLY_URL__", f"component/{_PLOTLY_FILES.name}/plotly.min.js"))
# isolate_styles=False: plotly.js puts its own styles (toolbar, hover labels) in the document's head.
_live_chart = st.components.v2.component("live_plotly_chart", js=_JS, isolate_styles=False)


def live_chart(fig: go.Figure, *, key: str, config: dict, name: str) -> None:
    """Draw ``fig`` with Plotly ``config`` as a figure whose accessible name is ``name``; the chart under the same
    ``key`` on the next run is updated in place."""
    figure = pio.to_json(fig, validate=False)
    # Sent as bytes: Streamlit would otherwise encode a dict twice with the standard library (once to hash it).
    payload = f'{{"config":{json.dumps(config)},"name":{json.dumps(name)},"figure":{figure}}}'
    _live_chart(key=key, data=payload.encode(), width="stretch")


def chart_numbers(fig: go.Figure) -> pd.DataFrame:
    """The data behind ``fig`` as a table, one row per point drawn: its series (the trace's name), x and y, and
    for a heatmap cell its value z. Gaps (None between the segments of one trace) are left out."""
    tables = []
    for i, trace in enumerate(fig.data):
        series = trace.name or f"series {i + 1}"
        if trace.type == "heatmap":
            z = np.asarray(trace.z, dtype=float)
            x = np.arange(z.shape[1]) if trace.x is None else np.asarray(trace.x)
            y = np.arange(z.shape[0]) if trace.y is None else np.asarray(trace.y)
            gx, gy = np.meshgrid(x, y)
            table = pd.DataFrame({"series": series, "x": gx.ravel(), "y": gy.ravel(), "z": z.ravel()})
        elif trace.x is not None and trace.y is not None:
            table = pd.DataFrame({"series": series, "x": list(trace.x), "y": list(trace.y)})
        else:
            continue
        tables.append(table.dropna(subset=["x", "y"]))
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=["series", "x", "y"])
