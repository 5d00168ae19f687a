"""Figures of the sigmoid vs softmax page: both models side by side, the disagreement map, curves along w."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core import logistic_from_softmax
from core.equivalence import SAMPLE_NAMES, SAMPLE_POINTS, Comparison, boundary_segment, compare, disagreement_regions
from viz.figure import PlainFigure
from viz.theme import (
    CLASS_COLOURS,
    CLASS_SYMBOLS,
    LEAN_TEMPLATE,
    Look,
    apply_look,
    look_layout,
    merged,
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


def _hatch(pieces: Sequence[np.ndarray], look: Look, **trace) -> dict:
    """Polygons filled with an 'x' hatch, one trace with gaps between the pieces: where the labels differ."""
    corners = [np.vstack([piece, piece[:1], [[np.nan, np.nan]]]) for piece in pieces]
    outline = np.vstack(corners) if corners else np.empty((0, 2))
    return {
        "type": "scatter",
        "x": outline[:, 0],
        "y": outline[:, 1],
        "mode": "lines",
        "fill": "toself",
        "fillcolor": "rgba(0,0,0,0)",
        "fillpattern": {"shape": "x", "fgcolor": look.text, "size": 10, "solidity": 0.15},
        "line": {"width": 0, "color": look.text},
        "name": "labels differ",
        "legendgroup": "differ",
        "hoveron": "fills",
        "hoverinfo": "name",
        **trace,
    }


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


def _revision(*arrays: np.ndarray | None) -> str:
    """A checksum of the arrays a figure plots: equal exactly when the plotted data is."""
    return f"{zlib.crc32(b'|'.join(b'-' if a is None else np.asarray(a).tobytes() for a in arrays)):08x}"


def comparison_figure(
    xs: np.ndarray,
    ys: np.ndarray,
    y_hat: np.ndarray,
    y_hat2: np.ndarray,
    *,
    logistic_boundary: np.ndarray | None,
    softmax_boundary: np.ndarray | None,
    disagreement: Sequence[np.ndarray],
    points: np.ndarray,
    names: Sequence[str],
    labels: np.ndarray,
    labels2: np.ndarray,
    look: Look,
) -> go.Figure:
    """Logistic ŷ (left) and softmax ŷ₂ (right) over the same plane, on one colour scale, in one figure.

    Each panel: P(class 2) shaded (whole percent, grid_points order), both boundaries as lines
    (logistic solid, softmax dashed), the ``disagreement`` polygons hatched, and the named points
    marked by that model's predicted class (``labels`` for the logistic, ``labels2`` for the softmax).
    One figure, so a weight change redraws one chart; traces are plain dicts, validated once.
    """
    logistic_line, softmax_line = _model_styles(look)
    maps = [as_percent(p).reshape(len(ys), len(xs)) for p in (y_hat, y_hat2)]
    traces, annotations, layout = [], [], {}
    panels = (("", "Logistic ŷ", labels), ("2", "Softmax ŷ₂", labels2))  # short: two titles fit a phone
    for (n, title, predicted), z in zip(panels, maps, strict=True):
        axes = {"xaxis": f"x{n}", "yaxis": f"y{n}"}
        first = n == ""
        traces += [
            {
                "type": "heatmap",
                "x": xs,
                "y": ys,
                "z": z,
                "coloraxis": "coloraxis",
                "zsmooth": "fast",  # one canvas pixel per cell, scaled crisply by the browser: the cheapest draw
                "name": title,
                "hovertemplate": "x₁ %{x:.2f}, x₂ %{y:.2f}<br>P(class 2) ≈ %{z}%<extra></extra>",
                **axes,
            },
            _hatch(disagreement, look, showlegend=first and bool(disagreement), **axes),
            _line(logistic_boundary, "logistic boundary", logistic_line, showlegend=first, **axes),
            _line(softmax_boundary, "softmax boundary", softmax_line, showlegend=first, **axes),
            {
                "type": "scatter",
                "x": points[:, 0],
                "y": points[:, 1],
                "mode": "markers",
                "name": "points",
                "showlegend": False,
                "marker": {
                    "color": [CLASS_COLOURS[k] for k in predicted],
                    "symbol": [CLASS_SYMBOLS[k] for k in predicted],
                    "size": look.marker_size + 4,
                    "line": {"color": look.outline, "width": 2},
                },
                "text": list(names),
                "customdata": np.asarray(predicted) + 1,
                "hovertemplate": "%{text}: class %{customdata}<extra></extra>",
                **axes,
            },
        ]
        shift = {"xshift": look.marker_size + 6, "yshift": look.marker_size + 2, "xref": f"x{n}", "yref": f"y{n}"}
        annotations += [_label(x, y, name, look, **shift) for (x, y), name in zip(points, names, strict=True)]
        # The panel's title above it and its x₁ title below the tick labels, placed by hand: with margins that
        # may not grow, Plotly sets an axis title right against its tick labels.
        panel = {"x": 0.5, "xref": f"x{n} domain", "yref": f"y{n} domain", "showarrow": False}
        annotations += [
            {"text": title, "y": 1.0, "yanchor": "bottom", "yshift": 4, "font": {"size": look.font_size + 2}, **panel},
            {"text": "x₁", "y": 0.0, "yanchor": "top", "yshift": -round(1.8 * look.font_size), **panel},
        ]
        plane = _plane_layout(xs, ys)
        layout[f"xaxis{n}"] = plane["xaxis"] | {
            "domain": [0.0, 0.45] if first else [0.55, 1.0],
            "anchor": f"y{n}",
            "title": {"text": ""},
        }
        layout[f"yaxis{n}"] = plane["yaxis"] | {"scaleanchor": f"x{n}", "anchor": f"x{n}"}
    layout["yaxis2"]["title"] = {"text": ""}
    layout = {
        "template": LEAN_TEMPLATE,
        # Streamlit hands the figure to Plotly.react a second time after mounting it; an unchanged
        # revision tells Plotly the data arrays are the same, so that second pass redraws nothing.
        "datarevision": _revision(*maps, logistic_boundary, softmax_boundary, *disagreement, labels, labels2),
        "coloraxis": {
            "cmin": 0,
            "cmax": 100,
            "colorscale": probability_scale(look),
            # Horizontal, under the maps: the width stays with the maps, which matters on a phone.
            "colorbar": {
                # Title under the bar, tick labels over it: with the title on top, Streamlit's theme drew it
                # over the bar.
                "title": {"text": "P(class 2)", "side": "bottom"},
                "ticklabelposition": "outside top",
                "tickvals": [0, 50, 100],
                "ticktext": ["0", "½", "1"],
                "orientation": "h",
                "thickness": 10,
                "len": 0.4,
                "x": 1.0,
                "xanchor": "right",
                "y": 0.01,
                "yref": "container",  # in the bottom margin, below the x titles, at any font size
                "yanchor": "bottom",
                "outlinewidth": 0,
            },
        },
        "showlegend": True,
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.01, "x": 0},
        "annotations": annotations,
        **layout,
    }
    layout = merged(layout, look_layout(look, ("xaxis", "yaxis", "xaxis2", "yaxis2"), height=470))
    # Margins wide enough for tick labels, colour bar and legend, and never grown by them: Plotly's automatic
    # margins would draw the figure once, find it needs more room, and draw it all again (~50 ms a change).
    em = look.font_size
    layout["margin"] = {"l": 4 * em, "r": em, "t": 3 * em, "b": round(9.5 * em), "autoexpand": False}
    # No layout title (the panels carry theirs): Streamlit's theme rewrites a title each time it is
    # applied, and it is applied twice on mounting, which would make Plotly lay the figure out twice.
    del layout["title"]
    return PlainFigure(traces, layout)


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

    ``agree_everywhere`` comes from the exact areas (``core.equivalence.compare_square``): a blank map says
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


def models_figure(
    W: np.ndarray,
    bW: np.ndarray,
    w: np.ndarray,
    b: float,
    grid: Comparison,
    xs: np.ndarray,
    ys: np.ndarray,
    limits: tuple[float, float],
    look: Look,
) -> go.Figure:
    """The page's two-panel figure for softmax rows (W, bW) and a logistic model (w, b), from ``grid``
    (``core.equivalence.compare`` over the points of ``xs`` × ``ys``): boundaries, disagreement, sample points."""
    w_star, b_star = logistic_from_softmax(W, bW)
    at_points = compare(W, bW, w, b, SAMPLE_POINTS)
    return comparison_figure(
        xs,
        ys,
        grid.y_hat,
        grid.y_hat2,
        logistic_boundary=boundary_segment(w, b, limits, limits),
        softmax_boundary=boundary_segment(w_star, b_star, limits, limits),
        disagreement=disagreement_regions(w, b, w_star, b_star, limits, limits),
        points=SAMPLE_POINTS,
        names=SAMPLE_NAMES,
        labels=at_points.label,
        labels2=at_points.label2,
        look=look,
    )
