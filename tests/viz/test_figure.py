"""PlainFigure sends what go.Figure would, without validating on the way; reading it validates."""

import copy
import json
import pickle

import numpy as np
import plotly.graph_objects as go
import pytest

from viz.figure import PlainFigure, built_json
from viz.theme import LEAN_TEMPLATE


def spec():
    data = [
        {"type": "heatmap", "z": np.arange(6, dtype=np.uint8).reshape(2, 3), "x": np.array([0.0, 0.5, 1.0])},
        {"type": "scatter", "x": [1, 2], "y": np.array([3, 4]), "text": np.array(["a", "b"]), "xaxis": "x2"},
    ]
    layout = {"template": LEAN_TEMPLATE, "xaxis": {"range": [0.0, 1.0]}, "xaxis2": {"domain": [0.6, 1]}}
    frames = [{"name": "0", "data": [{"type": "scatter", "y": [5, 6]}], "traces": [1]}]
    return data, layout, frames


def test_it_sends_the_same_json_as_a_validated_figure():
    data, layout, frames = spec()
    plain = PlainFigure(*spec())
    checked = go.Figure({"data": data, "layout": layout, "frames": frames})
    assert json.loads(plain.to_json()) == json.loads(checked.to_json())
    assert plain.to_dict()["data"][0]["z"]["dtype"] == "u1"  # arrays go base64-encoded, as plotly.py sends them


def test_reading_validates_a_copy_and_then_sends_what_was_read():
    data, layout, frames = spec()
    fig = PlainFigure(data, layout, frames)
    sent = fig.to_json()
    np.testing.assert_array_equal(fig.data[1].y, [3, 4])
    assert fig.layout.xaxis2.domain == (0.6, 1) and fig.frames[0].name == "0"
    assert isinstance(data[0]["z"], np.ndarray) and data[0]["type"] == "heatmap"  # the built spec is untouched
    assert json.loads(fig.to_json()) == json.loads(sent)
    fig.update_layout(height=123)
    fig.add_trace(go.Scatter(x=[0], y=[0], name="added"))
    after = fig.to_dict()
    assert after["layout"]["height"] == 123 and after["data"][-1]["name"] == "added"


def test_a_misspelt_property_fails_when_read():
    misspelt = PlainFigure([{"type": "scatter", "colour": "red"}], {})
    with pytest.raises(ValueError, match="colour"):
        misspelt.data  # noqa: B018 (reading is what validates)


@pytest.mark.parametrize("read_first", [False, True])
def test_copies_and_pickles_send_the_same(read_first):
    fig = PlainFigure(*spec())
    if read_first:
        fig.update_layout(height=200)
    for other in (copy.deepcopy(fig), pickle.loads(pickle.dumps(fig))):
        assert json.loads(other.to_json()) == json.loads(fig.to_json())


def test_built_json_is_what_the_figure_would_send():
    sent = built_json(PlainFigure, *spec())
    assert sent == PlainFigure(*spec()).to_json()
    assert json.loads(sent)["frames"][0]["name"] == "0"
