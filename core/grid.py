"""A regular grid over the input plane, for shading probabilities and decision regions."""

from __future__ import annotations

import numpy as np

from core.activations import softmax
from core.validation import positive_int


def grid_points(
    xlim: tuple[float, float], ylim: tuple[float, float], *, resolution: int = 101
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Axis values ``xs``, ``ys`` ``(resolution,)`` and the points ``(resolution², 2)``.

    Points run along x fastest, so ``values.reshape(resolution, resolution)[j, i]``
    belongs to ``(xs[i], ys[j])``: the layout of a Plotly heatmap's ``z``.
    """
    resolution = positive_int("resolution", resolution)
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def class_probabilities(W: np.ndarray, b: np.ndarray, X: np.ndarray) -> np.ndarray:
    """ŷ = softmax(XWᵀ + b), one row of K probabilities per point."""
    return softmax(X @ np.asarray(W, dtype=np.float64).T + b)
