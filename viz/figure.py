"""Figures kept as the plain JSON-ready dicts they are built from; plotly.py validates them only when read."""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import is_skipped_key, to_typed_array_spec


def as_sent(value):
    """``value`` with its NumPy arrays as base64 typed arrays, as ``go.Figure.to_dict`` sends them; a new
    structure where something changed, the same objects elsewhere (the built spec is not touched)."""
    if isinstance(value, np.ndarray):
        return to_typed_array_spec(value)  # unchanged if Plotly has no typed array for its dtype
    if isinstance(value, dict):
        return {k: v if is_skipped_key(k) else as_sent(v) for k, v in value.items()}
    if isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple | np.ndarray) for v in value):
        return [as_sent(v) for v in value]
    return value


class PlainFigure(go.Figure):
    """A ``go.Figure`` that sends ``data``, ``layout`` and ``frames`` exactly as built.

    plotly.py builds and validates an object for every property it is given, ~0.1 ms each; the
    animation holds ~2,000 traces and slider steps, and a figure redrawn on every change pays it
    every time. ``to_dict`` (what ``ui.chart`` and ``to_json`` send) returns the spec as
    built, arrays base64-encoded as plotly.py would. Reading ``data``, ``layout`` or ``frames``
    validates a copy (so a spec Plotly would reject still fails there, as the tests read them);
    from then on that validated figure, with any change made through it, is what is sent.
    """

    _spec: dict | None = None  # unset while plotly.py initialises the (empty) figure underneath

    def __init__(self, data: list[dict], layout: dict, frames: list[dict] | None = None) -> None:
        super().__init__()
        self._checked: go.Figure | None = None
        self._spec = {"data": data, "layout": layout} | ({"frames": frames} if frames else {})

    def _validated(self) -> go.Figure:
        if self._checked is None:
            self._checked = go.Figure(copy.deepcopy(self._spec))  # validation rewrites the dicts it is given
        return self._checked

    @property
    def data(self) -> tuple:
        return super().data if self._spec is None else self._validated().data

    @property
    def layout(self) -> go.Layout:
        return super().layout if self._spec is None else self._validated().layout

    @property
    def frames(self) -> tuple:
        return super().frames if self._spec is None else self._validated().frames

    def add_traces(self, *args, **kwargs) -> PlainFigure:
        self._validated().add_traces(*args, **kwargs)
        return self

    def to_dict(self) -> dict:
        if self._checked is not None:
            return self._checked.to_dict()
        # The frames hold plain lists already; walking their ~2,000 dicts would cost more than it saves.
        return {"data": as_sent(self._spec["data"]), "layout": as_sent(self._spec["layout"])} | (
            {"frames": self._spec["frames"]} if "frames" in self._spec else {}
        )

    def __reduce__(self):
        if self._checked is not None:
            return go.Figure, (self._checked.to_dict(),)
        return PlainFigure, (self._spec["data"], self._spec["layout"], self._spec.get("frames"))


def built_json(build: Callable[..., go.Figure], *args: object) -> str:
    """``build(*args)`` as the JSON the browser is sent (NumPy arrays as base64 typed arrays)."""
    return pio.to_json(build(*args), validate=False)
