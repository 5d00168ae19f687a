"""Colours, shapes and sizes shared by every figure: Okabe–Ito, with shape and dash redundancy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import plotly.graph_objects as go

# Okabe & Ito (2008), a palette distinguishable with every common colour-vision deficiency.
# Ordered so that the two-class case uses the pair with the most contrast against each other.
CLASS_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
CLASS_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x")
CLASS_DASHES = ("solid", "dash", "dot", "dashdot", "longdash")


@dataclass(frozen=True)
class Look:
    """How figures are drawn: projector mode enlarges text, lines and markers; ``dark`` follows the theme."""

    projector: bool = False
    dark: bool = False

    @property
    def font_size(self) -> int:
        return 24 if self.projector else 14

    @property
    def line_width(self) -> float:
        return 4.0 if self.projector else 2.0

    @property
    def marker_size(self) -> int:
        return 14 if self.projector else 8

    @property
    def outline(self) -> str:
        """Marker outline that contrasts with the page background (≥ 3:1)."""
        return "#FFFFFF" if self.dark else "#1A1A1A"

    @property
    def text(self) -> str:
        return "#FAFAFA" if self.dark else "#1A1A1A"

    @property
    def neutral(self) -> str:
        """The colour of 'unsure' (probability ½) in shaded maps."""
        return "#3A3F4B" if self.dark else "#F4F4F4"


def probability_scale(look: Look) -> list[list[float | str]]:
    """A diverging scale for P(class 2): class-1 blue at 0, neutral at ½, class-2 vermillion at 1."""
    return [[0.0, CLASS_COLOURS[0]], [0.5, look.neutral], [1.0, CLASS_COLOURS[1]]]


def look_layout(look: Look, axes: Iterable[str] = ("xaxis", "yaxis"), *, height: int | None = None) -> dict:
    """Layout settings for ``look``: fonts of text, titles, ticks (on every axis in ``axes``), legend, margins."""
    size = {"size": look.font_size}
    layout = {
        "font": size,
        "title": {"font": {"size": look.font_size + 2}},
        "legend": {"font": size},
        "margin": {"l": 10, "r": 10, "t": 50 if look.projector else 40, "b": 10},
        "hoverlabel": {"font": size},
        **{name: {"title": {"font": size}, "tickfont": size} for name in sorted(axes)},
    }
    if height is not None:
        layout["height"] = int(height * (1.25 if look.projector else 1.0))
    return layout


def apply_look(fig: go.Figure, look: Look, *, height: int | None = None) -> go.Figure:
    """Set fonts, margins and legend for ``look``; colours of the page background come from the theme."""
    # One update_layout call for everything, every x and y axis included: Plotly validates once, not per axis.
    axes = {"xaxis", "yaxis"} | {axis.plotly_name for axis in (*fig.select_xaxes(), *fig.select_yaxes())}
    return fig.update_layout(look_layout(look, axes, height=height))
