"""Figures of the sigmoid vs softmax page's sections: one model's map, the disagreement map, curves along w."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from viz.theme import (
    CLASS_COLOURS,
    CLASS_SYMBOLS,
    Look,
    apply_look,
    probability_scale,
)

# The two models are told apart by dash as well as colour; neither is a class colour.
SOFTMAX_COLOUR = "#CC79A7"  # Okabe–Ito reddish purple
DISAGREE_COLOUR = "#E69F00"  # Okabe–Ito orange


def as_percent(p: np.ndarray) -> np.ndarray:
    """round(100·p) as uint8: what the eye tells apart in shading, at a quarter of float32's bytes."""
    return np.rint(np.asarray(p) * 100).astype(np.uint8)


def _model_styles(look: Look) -> tuple[dict, dict]:
    """Line styles of the logistic model (solid, text colour) and the softmax model (dashed, purple)."""
    return (
        {"color": look.text, "width": look.line_width, "dash": "solid"},
        {"color": SOFTMAX_COLOUR, "width": look.line_width, "dash": "dash"},
    )


def _plane_layout(xs: np.ndarray, ys: np.ndarray) -> dict:
    """Fixed ranges on both axes and one unit the same length on each, so angles are true."""
    axis = {"constrain": "domain", "showgrid": False, "zeroline": False}
    return {
        "xaxis": {"range": [xs[0], xs[-1]], "title": {"text": "x₁"}, **axis},
        "yaxis": {"range": [ys[0], ys[-1]], "title": {"text": "x₂"}, "scaleanchor": "x", "scaleratio": 1, **axis},
    }


def _label(x: float, y: float, text: str, look: Look, **placement) -> dict:
    """A text label on a neutral box, legible over any shading."""
    return {
        "x": x,
        "y": y,
        "text": text,
        "showarrow": False,
        "bgcolor": look.neutral,
        "font": {"color": look.text},
        **placement,
    }


def region_figure(
    xs: np.ndarray,
    ys: np.ndarray,
    y_hat: np.ndarray,
    *,
    title: str,
    boundary: np.ndarray | None,
    points: np.ndarray,
    names: Sequence[str],
    labels: np.ndarray,
    look: Look,
    reference: np.ndarray | None = None,
) -> go.Figure:
    """P(class 2) shaded over the plane, the boundary as a line, and named points marked by predicted class.

    ``y_hat`` holds one probability per grid point in ``grid_points`` order; it is sent as
    whole percent. ``labels`` (0 or 1 per point) picks each point's colour and symbol.
    ``reference``, if given, is another boundary drawn dashed for comparison.
    """
    logistic_line, softmax_line = _model_styles(look)
    shading = go.Heatmap(
        x=xs,
        y=ys,
        z=as_percent(y_hat).reshape(len(ys), len(xs)),
        zmin=0,
        zmax=100,
        colorscale=probability_scale(look),
        colorbar={
            "title": {"text": "P(2)"},
            "tickvals": [0, 50, 100],
            "ticktext": ["0", "½", "1"],
            "thickness": 12,
            "len": 0.8,
        },
        hovertemplate="x₁ %{x:.2f}, x₂ %{y:.2f}<br>P(class 2) ≈ %{z}%<extra></extra>",
    )
    markers = go.Scatter(
        x=points[:, 0],
        y=points[:, 1],
        mode="markers",
        name="points",
        marker={
            "color": [CLASS_COLOURS[k] for k in labels],
            "symbol": [CLASS_SYMBOLS[k] for k in labels],
            "size": look.marker_size + 4,
            "line": {"color": look.outline, "width": 2},
        },
        text=list(names),
        customdata=np.asarray(labels) + 1,
        hovertemplate="%{text}: class %{customdata}<extra></extra>",
    )
    lines = [_line(boundary, "boundary", logistic_line)]
    if reference is not None:
        lines.append(_line(reference, "before", softmax_line))
    shift = {"xshift": look.marker_size + 6, "yshift": look.marker_size + 2}
    fig = go.Figure(
        [shading, *lines, markers],
        layout={
            "title": {"text": title},
            "showlegend": False,
            "annotations": [_label(x, y, name, look, **shift) for (x, y), name in zip(points, names, strict=True)],
            **_plane_layout(xs, ys),
        },
    )
    return apply_look(fig, look, height=430)


def _line(segment: np.ndarray | None, name: str, line: dict, **trace) -> dict:
    """A boundary between its two ends in the box, as a trace dict (no points when it misses the box)."""
    ends = np.empty((0, 2)) if segment is None else np.asarray(segment)
    return {
        "type": "scatter",
        "x": ends[:, 0],
        "y": ends[:, 1],
        "mode": "lines",
        "name": name,
        "legendgroup": name,
        "line": line,
        "hoverinfo": "skip",
        **trace,
    }


def disagreement_figure(
    xs: np.ndarray,
    ys: np.ndarray,
    disagree: np.ndarray,
    *,
    logistic_boundary: np.ndarray | None,
    softmax_boundary: np.ndarray | None,
    agree_everywhere: bool,
    look: Look,
) -> go.Figure:
    """Points where the predicted labels differ, highlighted, with both models' boundaries.

    ``agree_everywhere`` comes from the exact areas (``core.square.compare_square``): a blank map says
    "labels agree everywhere" only then, and otherwise that the labels differ on a strip thinner than the grid.
    """
    logistic_line, softmax_line = _model_styles(look)
    cells = go.Heatmap(
        x=xs,
        y=ys,
        z=np.asarray(disagree, dtype=np.uint8).reshape(len(ys), len(xs)),
        zmin=0,
        zmax=1,
        colorscale=[[0.0, look.neutral], [1.0, DISAGREE_COLOUR]],
        showscale=False,
        hovertemplate="x₁ %{x:.2f}, x₂ %{y:.2f}<br>labels differ: %{z}<extra></extra>",
    )
    blank = "labels agree everywhere" if agree_everywhere else "labels differ on a strip thinner than the grid"
    agree = [] if np.any(disagree) else [_label(0.5, 0.04, blank, look, xref="paper", yref="paper")]
    fig = go.Figure(
        [
            cells,
            _line(logistic_boundary, "logistic boundary", logistic_line),
            _line(softmax_boundary, "softmax boundary", softmax_line),
        ],
        layout={
            "title": {"text": "Where the labels differ"},
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
            "annotations": agree,
            **_plane_layout(xs, ys),
        },
    )
    return apply_look(fig, look, height=470)


def curves_figure(
    z: np.ndarray, curves: Sequence[tuple[str, np.ndarray]], *, title: str, xaxis_title: str, look: Look
) -> go.Figure:
    """Probabilities against a score ``z``: the first curve solid, the second dashed, ½ and z = 0 marked."""
    guide = {"color": look.text, "width": 1, "dash": "dot"}
    half = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0.5, "y1": 0.5, "line": guide}
    zero = {"type": "line", "yref": "paper", "x0": 0, "x1": 0, "y0": 0, "y1": 1, "line": guide}
    fig = go.Figure(
        [
            go.Scatter(x=z, y=y, mode="lines", name=name, line=line)
            for (name, y), line in zip(curves, _model_styles(look), strict=False)
        ],
        layout={
            "title": {"text": title},
            "showlegend": True,
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
            "shapes": [half, zero] if z[0] <= 0 <= z[-1] else [half],
            "xaxis": {"range": [z[0], z[-1]], "title": {"text": xaxis_title}},
            "yaxis": {"range": [-0.03, 1.03], "title": {"text": "P(class 2)"}, "tickvals": [0, 0.5, 1]},
        },
    )
    return apply_look(fig, look, height=360)
