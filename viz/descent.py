"""The gradient-descent animation: one figure whose frames the browser plays, no server round trip per frame."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from core import softmax
from core.descent import Trajectory
from viz.figure import PlainFigure
from viz.theme import CLASS_COLOURS, CLASS_SYMBOLS, LEAN_TEMPLATE, Look, look_layout, merged

MAX_FRAMES = 101  # 100 intervals: 200 steps show every other one; each frame costs the browser and the server
# Shading steps: class k's region where z_k beats every other logit by at least m, so ŷ_k ≥ e^m × any other ŷ_j.
MARGINS = (0.0, 1.0, 2.0, 3.0)
SHADE = 0.16  # opacity of one step; the nested steps stack, so sure regions are darker
SPEEDS = (("▶ Play", 120), ("▶ Slow", 400), ("▶ Fast", 40))  # milliseconds per frame
PAD = 0.1  # share of the data's extent added around it


def frame_steps(steps: int, *, max_frames: int = MAX_FRAMES) -> np.ndarray:
    """The steps drawn as frames: every step of 0..T if that is ≤ ``max_frames``, else that many evenly spaced."""
    return np.unique(np.round(np.linspace(0, steps, min(steps + 1, max_frames))).astype(np.int64))


def plane_limits(X: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """A box around the points, ``PAD`` wider on each side, never narrower than 1 unit."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    half = np.maximum((hi - lo) * (0.5 + PAD), 0.5)
    mid = (lo + hi) / 2
    return (float(mid[0] - half[0]), float(mid[0] + half[0])), (float(mid[1] - half[1]), float(mid[1] + half[1]))


def region_polygon(
    W: np.ndarray, b: np.ndarray, k: int, margin: float, box: tuple[tuple[float, float], tuple[float, float]]
) -> np.ndarray:
    """Vertices ``(V, 2)`` of {x in the box : z_k − z_j ≥ margin for every j ≠ k}, z = Wx + b; empty if none.

    An intersection of half-planes, so a convex polygon: the box clipped by each
    (w_k − w_j)·x + b_k − b_j − margin ≥ 0 in turn (Sutherland–Hodgman). Where all classes
    tie exactly, as at a zero start, no class wins and the region is empty.
    """
    (x0, x1), (y0, y1) = box
    polygon = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    # Plain floats: this runs for every class, shade and frame, where NumPy's per-call cost dominates.
    rows, biases = W.tolist(), b.tolist()
    for j in range(len(rows)):
        if j == k or not polygon:
            continue
        a0, a1 = rows[k][0] - rows[j][0], rows[k][1] - rows[j][1]
        c = biases[k] - biases[j] - margin
        if math.hypot(a0, a1) < 1e-12:
            polygon = polygon if c > 0 else []
            continue
        f = [a0 * px + a1 * py + c for px, py in polygon]
        kept = []
        for i, (p, fp) in enumerate(zip(polygon, f, strict=True)):
            q, fq = polygon[(i + 1) % len(polygon)], f[(i + 1) % len(polygon)]
            if fp >= 0:
                kept.append(p)
            if (fp >= 0) != (fq >= 0):
                t = fp / (fp - fq)
                kept.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
        polygon = kept
    return np.array(polygon, dtype=np.float64).reshape(-1, 2)


def _shade(classes: int) -> list[tuple[int, float, str]]:
    """(class, margin, fill colour) for every shading step, in drawing order."""
    steps = []
    for k in range(classes):
        r, g, b = (int(CLASS_COLOURS[k][i : i + 2], 16) for i in (1, 3, 5))
        steps += [(k, m, f"rgba({r},{g},{b},{SHADE})") for m in MARGINS]
    return steps


def boundary_xy(
    W: np.ndarray, b: np.ndarray, xlim: tuple[float, float], ylim: tuple[float, float]
) -> tuple[list[float | None], list[float | None]]:
    """Segments where two classes tie and beat every other class, clipped to the box; ``None`` between segments.

    Along the line (wᵢ − wⱼ)·x + bᵢ − bⱼ = 0, written x = p + t·d, each other class k
    bounds t through (wᵢ − wₖ)·x + bᵢ − bₖ ≥ 0, so the visible piece is an interval of t.
    """
    xs: list[float | None] = []
    ys: list[float | None] = []
    box = (xlim, ylim)
    rows, biases = W.tolist(), b.tolist()  # plain floats, as in region_polygon
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a = (rows[i][0] - rows[j][0], rows[i][1] - rows[j][1])
            c = biases[i] - biases[j]
            norm = math.hypot(*a)
            if norm < 1e-12:
                continue
            p = (-c * a[0] / norm**2, -c * a[1] / norm**2)
            d = (-a[1] / norm, a[0] / norm)
            lo, hi = -math.inf, math.inf
            for axis in range(2):
                if abs(d[axis]) < 1e-15:
                    if not box[axis][0] <= p[axis] <= box[axis][1]:
                        lo = math.inf
                    continue
                ends = sorted(((box[axis][0] - p[axis]) / d[axis], (box[axis][1] - p[axis]) / d[axis]))
                lo, hi = max(lo, ends[0]), min(hi, ends[1])
            for k in set(range(len(rows))) - {i, j}:
                e = (rows[i][0] - rows[k][0], rows[i][1] - rows[k][1])
                alpha = e[0] * p[0] + e[1] * p[1] + biases[i] - biases[k]
                beta = e[0] * d[0] + e[1] * d[1]
                if beta > 0:
                    lo = max(lo, -alpha / beta)
                elif beta < 0:
                    hi = min(hi, -alpha / beta)
                elif alpha < 0:
                    lo = math.inf
            if lo < hi:
                for t in (lo, hi):
                    xs.append(round(p[0] + t * d[0], 5))
                    ys.append(round(p[1] + t * d[1], 5))
                xs.append(None)
                ys.append(None)
    return xs, ys


def miss_sizes(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray, look: Look) -> np.ndarray:
    """Marker sizes that grow with 1 − ŷ of each point's own label, the size of its ŷ − y.

    ``W`` ``(F, K, D)`` and ``b`` ``(F, K)`` are F states at once (one per frame); sizes ``(F, N)``.
    """
    z = W @ X.T + b[:, :, None]  # logits (F, K, N)
    own = np.take_along_axis(softmax(z, axis=1), y[None, None, :], axis=1)[:, 0, :]
    return np.round(look.marker_size * (0.7 + 1.6 * (1.0 - own))).astype(np.uint8)


def _traces_at(step: int, sizes: np.ndarray, y: np.ndarray, run: Trajectory, box, look: Look) -> list[dict]:
    """What changes at ``step``, as plain JSON-ready dicts: shading, boundary, marker sizes (``sizes``, one
    per point), current-step markers."""
    W, b = run.W[step], run.b[step]
    bx, by = boundary_xy(W, b, *box)
    shading = [region_polygon(W, b, k, m, box).round(5) for k, m, _ in _shade(W.shape[0])]
    # No "type": a frame's trace updates the figure's trace of the same index, which keeps its own.
    return [
        *({"x": poly[:, 0].tolist(), "y": poly[:, 1].tolist()} for poly in shading),
        {"x": bx, "y": by},
        *({"marker": {"size": sizes[y == k].tolist()}} for k in range(W.shape[0])),
        {"x": [step], "y": [float(run.loss[step])], "text": [_step_text(step, run)], "textposition": _side(step, run)},
        {"x": [step], "y": [float(run.accuracy[step])]},
    ]


def _step_text(step: int, run: Trajectory) -> str:
    """The label beside the current-loss marker: which step is shown, and its loss."""
    return f"step {step} · loss {run.loss[step]:.3g}"


def _side(step: int, run: Trajectory) -> str:
    """Label on the right of the marker in the first half of the run, on the left after, so it stays inside."""
    return "top right" if 2 * step <= run.steps else "top left"


def _controls(names: list[str], look: Look) -> dict:
    """Play buttons at three speeds, pause, and a slider over the frames; all run in the browser."""
    buttons = [
        {
            "label": label,
            "method": "animate",
            "args": [
                None,
                {
                    "frame": {"duration": ms, "redraw": False},  # scatter-only frames need no full redraw
                    "transition": {"duration": 0},
                    "fromcurrent": True,
                    "mode": "immediate",
                },
            ],
        }
        for label, ms in SPEEDS
    ]
    buttons.insert(
        1,
        {
            "label": "❚❚ Pause",
            "method": "animate",
            "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}],
        },
    )
    slider_steps = [
        {
            "label": "",  # 100 labels cost ~30 ms to measure on every redraw; the loss marker says the step
            "method": "animate",
            "args": [
                [name],
                {"frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}, "mode": "immediate"},
            ],
        }
        for name in names
    ]
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0,
                "xanchor": "left",
                "y": -0.1 if look.projector else -0.085,
                "yanchor": "top",
                "pad": {"t": 4, "r": 4},
                "font": {"size": look.font_size - 2},  # four buttons fit a phone's width
                "buttons": buttons,
            }
        ],
        "sliders": [
            {
                "active": 0,
                "steps": slider_steps,
                "x": 0,
                "len": 1,
                "y": -0.15 if look.projector else -0.12,
                "yanchor": "top",
                "pad": {"t": 30, "b": 0},
                "ticklen": 0,
                "minorticklen": 0,
                "currentvalue": {"visible": False},
                "transition": {"duration": 0},
            }
        ],
    }


def stacked_domains(heights: Sequence[float], spacing: float) -> list[list[float]]:
    """Vertical domains of subplots stacked top to bottom, ``heights`` relative, ``spacing`` between them
    (as ``make_subplots(rows=…, row_heights=…, vertical_spacing=…)`` lays them out)."""
    scale = (1 - spacing * (len(heights) - 1)) / sum(heights)
    domains, top = [], 1.0
    for height in heights:
        bottom = top - height * scale
        domains.append([max(bottom, 0.0), top])
        top = bottom - spacing
    return domains


def _curve(values: np.ndarray, label: str, axes: dict, look: Look) -> dict:
    """Loss or accuracy at every step."""
    return {
        "type": "scatter",
        "x": np.arange(values.shape[0]),
        "y": values,
        "mode": "lines",
        "name": label,
        "showlegend": False,
        "line": {"color": look.text, "width": look.line_width},
        "hovertemplate": f"step %{{x}}: {label} %{{y:.4g}}<extra></extra>",
        **axes,
    }


def _current(run: Trajectory, label: str, axes: dict, look: Look) -> dict:
    """The marker on a curve at the frame's step (the loss one labelled with the step and its loss)."""
    values = run.loss if label == "loss" else run.accuracy
    return {
        "type": "scatter",
        "x": [0],
        "y": [float(values[0])],
        "mode": "markers+text" if label == "loss" else "markers",
        "textfont": {"size": look.font_size, "color": look.text},
        "cliponaxis": False,
        "name": f"current {label}",
        "showlegend": False,
        "marker": {
            "size": look.marker_size * 1.5,
            "color": CLASS_COLOURS[4],
            "symbol": "diamond",
            "line": {"color": look.outline, "width": 1},
        },
        "hoverinfo": "skip",
        **({"text": [_step_text(0, run)], "textposition": _side(0, run)} if label == "loss" else {}),
        **axes,
    }


def descent_figure(X: np.ndarray, y: np.ndarray, run: Trajectory, look: Look) -> PlainFigure:
    """Points and regions, loss and accuracy, animated over the steps of ``run``; starts paused at step 0.

    Every state's loss and accuracy is on the curves; the plane is redrawn at ``frame_steps``.
    Each class's region is shaded in nested steps (``MARGINS``), exact polygons rather than a
    grid, so frames are small and scatter-only (the browser redraws them without flicker).
    Marker size grows with 1 − ŷ of the point's own label. Built as plain dicts (see ``PlainFigure``).
    """
    classes = run.W.shape[1]
    box = plane_limits(X)
    plane, loss_axes, accuracy_axes = ({"xaxis": f"x{n}", "yaxis": f"y{n}"} for n in ("", "2", "3"))
    shades = _shade(classes)
    steps = frame_steps(run.steps)
    sizes = miss_sizes(run.W[steps], run.b[steps], X, y, look)
    moving = [_traces_at(int(s), sizes[i], y, run, box, look) for i, s in enumerate(steps)]
    start = moving[0]  # the first frame is step 0, where the figure starts
    polygons, (bounds, *points) = start[: len(shades)], start[len(shades) : len(shades) + 1 + classes]
    data = [
        {
            "type": "scatter",
            **polygon,
            "mode": "lines",
            "fill": "toself",
            "fillcolor": colour,
            "line": {"width": 0},
            "name": f"label {k}, margin ≥ {m:g}",
            "showlegend": False,
            "hoverinfo": "skip",
            **plane,
        }
        for (k, m, colour), polygon in zip(shades, polygons, strict=True)
    ]
    data.append(
        {
            "type": "scatter",
            **bounds,
            "mode": "lines",
            "name": "boundary",
            "line": {"color": look.text, "width": look.line_width},
            "hoverinfo": "skip",
            **plane,
        }
    )
    for k in range(classes):
        index = np.flatnonzero(y == k)
        data.append(
            {
                "type": "scatter",
                "x": X[index, 0],
                "y": X[index, 1],
                "mode": "markers",
                "name": f"label {k}",
                "customdata": index,
                "marker": {
                    "size": points[k]["marker"]["size"],
                    "color": CLASS_COLOURS[k],
                    "symbol": CLASS_SYMBOLS[k],
                    "line": {"color": look.outline, "width": 1},
                },
                "hovertemplate": f"point %{{customdata}} · label {k}<br>"
                "x1 = %{x:.3g}, x2 = %{y:.3g}<extra></extra>",
                **plane,
            }
        )
    data += [
        _curve(run.loss, "loss", loss_axes, look),
        _current(run, "loss", loss_axes, look),
        _curve(run.accuracy, "accuracy", accuracy_axes, look),
        _current(run, "accuracy", accuracy_axes, look),
    ]
    first = len(shades)  # traces: shading steps, boundary, points by label, loss, current loss, accuracy, current
    animated = [*range(first + 1 + classes), first + 2 + classes, first + 4 + classes]
    names = [str(s) for s in steps]
    frames = [{"name": name, "data": data, "traces": animated} for name, data in zip(names, moving, strict=True)]
    top = float(run.loss.max())
    steps_range = [0, max(run.steps, 1)]
    plane_y, loss_y, accuracy_y = stacked_domains((0.6, 0.2, 0.2), 0.09)
    # Fixed ranges (frames redraw nothing else) and fixed margins that nothing may grow (automargin and
    # autoexpand lay the figure out twice, ~40 ms on every redraw): room below the plot for the step axis,
    # the buttons and the slider.
    layout = {
        "template": LEAN_TEMPLATE,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "hovermode": "closest",
        "xaxis": {
            "anchor": "y",
            "domain": [0, 1],
            "range": list(box[0]),
            "title": {"text": "x1"},
            "constrain": "domain",
        },
        "yaxis": {
            "anchor": "x",
            "domain": plane_y,
            "range": list(box[1]),
            "title": {"text": "x2"},
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
        },
        "xaxis2": {"anchor": "y2", "domain": [0, 1], "range": steps_range},
        "yaxis2": {
            "anchor": "x2",
            "domain": loss_y,
            "range": [0, top * 1.05 if top > 0 else 1],
            "title": {"text": "loss"},
        },
        "xaxis3": {"anchor": "y3", "domain": [0, 1], "range": steps_range, "title": {"text": "step"}},
        "yaxis3": {
            "anchor": "x3",
            "domain": accuracy_y,
            "range": [0, 1.04],
            "tickformat": ".0%",
            "title": {"text": "accuracy"},
        },
        **_controls(names, look),
    }
    layout = merged(layout, look_layout(look, ("xaxis", "yaxis", "xaxis2", "yaxis2", "xaxis3", "yaxis3"), height=980))
    layout["margin"] = {
        "l": 100 if look.projector else 70,
        "r": 2 * look.font_size,  # half of the last step's tick label sits right of the plot
        "b": 300 if look.projector else 200,
        "t": 90,
        "autoexpand": False,
    }
    return PlainFigure(data, layout, frames)
