"""Figures about the gradient ŷ − y itself: one step's pulls, the softmax Jacobian, finite differences, K = 2."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.diagnostics import StepPulls
from core.two_class import TwoClassCheck
from viz.theme import CLASS_COLOURS, CLASS_DASHES, CLASS_SYMBOLS, Look, apply_look

# Purple–orange: a diverging scale that stays distinct under colour-vision deficiencies.
DIVERGING = [[0.0, "#5E3C99"], [0.5, "#F7F7F7"], [1.0, "#E66101"]]


def pulls_figure(pulls: StepPulls, y: np.ndarray, start: np.ndarray, lr: float, cls: int, look: Look) -> go.Figure:
    """The update of w_k as a chain: −η·Pᵢ for every point i, largest first, tip to tail, from w_k(t) to w_k(t+1).

    ``start`` is w_k at step t ``(D,)``; segments are coloured and dashed by the class of the
    point that pulls; the bias part of each pull is left out (it is the last column of ``pulls``).
    """
    order = pulls.largest(pulls.pulls.shape[0])
    moves = -lr * pulls.pulls[order, cls, :-1]
    path = start + np.vstack([np.zeros((1, moves.shape[1])), np.cumsum(moves, axis=0)])
    fig = go.Figure()
    for k in range(pulls.residual.shape[1]):
        mine = np.flatnonzero(y[order] == k)
        if mine.size == 0:
            continue
        # Segment of point order[m] runs from path[m] to path[m + 1]; None breaks the line between segments.
        xs = np.column_stack([path[mine, 0], path[mine + 1, 0], np.full(mine.size, np.nan)]).ravel()
        ys = np.column_stack([path[mine, 1], path[mine + 1, 1], np.full(mine.size, np.nan)]).ravel()
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=f"pulls of class {k + 1} points",
                line={"color": CLASS_COLOURS[k], "dash": CLASS_DASHES[k], "width": look.line_width},
                hoverinfo="skip",
            )
        )
    end = path[-1]
    for point, name, symbol in ((start, "before the step", "circle-open"), (end, "after the step", "star")):
        fig.add_trace(
            go.Scatter(
                x=[point[0]],
                y=[point[1]],
                mode="markers",
                name=f"w{cls + 1} {name}",
                marker={"size": look.marker_size * 2, "symbol": symbol, "color": look.text, "line": {"width": 2}},
                hovertemplate=f"w{cls + 1} {name}<br>(%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
            )
        )
    fig.add_annotation(
        x=end[0],
        y=end[1],
        ax=start[0],
        ay=start[1],
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        showarrow=True,
        arrowhead=3,
        arrowwidth=look.line_width / 2,
        arrowcolor=look.text,
        opacity=0.6,
        text="",
    )
    fig.update_layout(
        title=f"w{cls + 1}'s step = Σᵢ −η(ŷᵢ − yᵢ)xᵢ / N",
        xaxis_title=f"w{cls + 1}, first weight",
        yaxis_title=f"w{cls + 1}, second weight",
        legend={"orientation": "h", "y": -0.2, "yanchor": "top"},
    )
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    return apply_look(fig, look, height=520)


def jacobian_figure(jacobian: np.ndarray, look: Look) -> go.Figure:
    """J = diag(ŷ) − ŷŷᵀ as a heatmap with each entry written in its cell; rows i = ŷᵢ, columns k = zₖ."""
    k = jacobian.shape[0]
    bound = max(float(np.abs(jacobian).max()), 1e-12)
    fig = go.Figure(
        go.Heatmap(
            z=jacobian,
            x=[f"z{j + 1}" for j in range(k)],
            y=[f"ŷ{i + 1}" for i in range(k)],
            zmin=-bound,
            zmax=bound,
            colorscale=DIVERGING,
            texttemplate="%{z:.3f}",
            textfont={"size": look.font_size, "color": "#1A1A1A"},
            hovertemplate="∂%{y}/∂%{x} = %{z:.4f}<extra></extra>",
            colorbar={"thickness": 12},
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title="Softmax Jacobian ∂ŷᵢ/∂zₖ")
    return apply_look(fig, look, height=360)


def finite_difference_figure(
    hs: np.ndarray, errors: np.ndarray, h: float, error: float, look: Look, *, best: int
) -> go.Figure:
    """max |central difference − (ŷ − y)| against step size h, both axes logarithmic, the chosen h and the
    measured best one (``hs[best]``, the smallest error) marked."""
    shown = np.maximum(errors, 1e-18)  # an exact 0 has no place on a log axis; 1e-18 is far below round-off
    fig = go.Figure(
        [
            go.Scatter(
                x=hs,
                y=shown,
                mode="lines+markers",
                name="error",
                line={"color": CLASS_COLOURS[0], "width": look.line_width},
                marker={"size": look.marker_size, "symbol": CLASS_SYMBOLS[0]},
                hovertemplate="h = %{x:.0e}: error %{y:.2e}<extra></extra>",
            ),
            go.Scatter(
                x=[h],
                y=[max(error, 1e-18)],
                mode="markers",
                name="your h",
                marker={
                    "size": look.marker_size * 2,
                    "symbol": "star",
                    "color": CLASS_COLOURS[1],
                    "line": {"color": look.outline, "width": 1},
                },
                hovertemplate="h = %{x:.0e}: error %{y:.2e}<extra></extra>",
            ),
            go.Scatter(
                x=[hs[best]],
                y=[shown[best]],
                mode="markers",
                name="measured best h",
                marker={
                    "size": look.marker_size * 2,
                    "symbol": "diamond-open",
                    "color": look.text,
                    "line": {"width": look.line_width},
                },
                hovertemplate="best h = %{x:.0e}: error %{y:.2e}<extra></extra>",
            ),
        ]
    )
    for i, text, side in ((-3, "truncation ∝ h²", "right"), (2, "round-off ∝ ε/h", "left")):
        fig.add_annotation(
            x=np.log10(hs[i]),
            y=np.log10(shown[i]),
            text=text,
            showarrow=False,
            yanchor="bottom",
            xanchor=side,
            yshift=8,
        )
    fig.update_xaxes(type="log", title_text="step size h", exponentformat="power")
    fig.update_yaxes(type="log", title_text="largest error", exponentformat="power")
    fig.update_layout(title="Finite differences against ŷ − y", showlegend=False)
    return apply_look(fig, look, height=360)


def two_class_figure(check: TwoClassCheck, look: Look) -> go.Figure:
    """Top: w₂ − w₁ of softmax at η (lines) on logistic at 2η (markers). Bottom: w₁ + w₂, which never moves."""
    names = ("first weight", "second weight", "bias")
    steps = np.arange(check.difference.shape[0])
    marked = np.unique(np.linspace(0, steps[-1], min(steps.size, 25)).astype(np.int64))
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("w₂ − w₁ (softmax, η) and w (logistic, 2η)", "w₁ + w₂ (softmax)"),
    )
    for j, name in enumerate(names):
        style = {"color": CLASS_COLOURS[j + 2], "width": look.line_width, "dash": CLASS_DASHES[j]}
        fig.add_trace(
            go.Scatter(x=steps, y=check.difference[:, j], mode="lines", name=f"softmax: {name}", line=style),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=marked,
                y=check.logistic[marked, j],
                mode="markers",
                name=f"logistic: {name}",
                marker={
                    "size": look.marker_size,
                    "symbol": CLASS_SYMBOLS[j + 2],
                    "color": CLASS_COLOURS[j + 2],
                    "line": {"color": look.outline, "width": 1},
                },
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(x=steps, y=check.total[:, j], mode="lines", name=f"sum: {name}", line=style, showlegend=False),
            row=2,
            col=1,
        )
    fig.update_xaxes(title_text="step", row=2, col=1)
    fig.update_layout(legend={"orientation": "h", "y": -0.15, "yanchor": "top"})
    return apply_look(fig, look, height=620)
