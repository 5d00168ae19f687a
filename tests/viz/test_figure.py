"""PlainFigure sends what go.Figure would, without validating on the way; reading it validates."""

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from viz.figure import PlainFigure


def spec():
    data = [
        {"type": "heatmap", "z": np.arange(6, dtype=np.uint8).reshape(2, 3), "x": np.array([0.0, 0.5, 1.0])},
        {"type": "scatter", "x": [1, 2], "y": np.array([3, 4]), "text": np.array(["a", "b"]), "xaxis": "x2"},
    ]
    layout = {"xaxis": {"range": np.array([0.0, 1.0])}, "xaxis2": {"domain": [0.6, 1]}, "title": {"text": "t"}}
    frames = [{"name": "0", "data": [{"y": [5, 6]}], "traces": [1]}]
    return data, layout, frames


def test_it_sends_the_same_json_as_a_validated_figure():
    data, layout, frames = spec()
    plain, checked = PlainFigure(data, layout, frames), go.Figure({"data": data, "layout": layout, "frames": frames})
    checked.layout.template = None  # a go.Figure gains the default template; a plain figure carries its own
    assert pio.from_json(plain.to_json()) == pio.from_json(checked.to_json())
    assert plain.to_dict()["data"][0]["z"]["dtype"] == "u1"  # arrays go base64-encoded, as plotly.py sends them


def test_reading_validates_and_leaves_the_built_spec_alone():
    data, layout, frames = spec()
    fig = PlainFigure(data, layout, frames)
    fig.to_dict()
    assert isinstance(data[0]["z"], np.ndarray)  # encoding for sending made new dicts
    np.testing.assert_array_equal(fig.data[1].y, [3, 4])
    assert fig.layout.xaxis2.domain == (0.6, 1) and fig.frames[0].name == "0"
    misspelt = PlainFigure([{"type": "scatter", "colour": "red"}], {})
    with pytest.raises(ValueError, match="colour"):
        misspelt.data  # noqa: B018 (reading is what validates)
