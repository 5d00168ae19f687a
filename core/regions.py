"""Where each class of a softmax model wins in the plane: the lines between two classes that beat all others."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from core.activations import TIE, drift_factor
from core.equivalence import boundary_segment
from core.validation import as_finite


def rows_tie(
    W: npt.ArrayLike,
    b: npt.ArrayLike,
    i: int,
    j: int,
    *,
    lr: float = 0.0,
    step: int = 0,
    data: npt.ArrayLike | None = None,
) -> bool:
    """Whether rows i and j of [W b] differ by no more than rounding, |θ_id − θ_jd| ≤ r_id + r_jd for every weight,
    r_kd = TIE |θ_kd| + DRIFT η √t μ_d (μ_d the mean |x_d| of ``data``, 1 for the bias): then their scores tie at
    every x, as Σ_d r_kd |x_d| (x_bias = 1) is score_rounding's u_k(x), and no line separates the two classes."""
    theta = np.column_stack([as_finite("W", W, ndim=2), as_finite("b", b, ndim=1)])
    mu = np.append(np.zeros(theta.shape[1] - 1) if data is None else np.abs(np.asarray(data)).mean(axis=0), 1.0)
    r = TIE * np.abs(theta[[i, j]]) + drift_factor(lr, step) * mu
    return bool(np.all(np.abs(theta[i] - theta[j]) <= r[0] + r[1]))


def class_boundaries(
    W: npt.ArrayLike, b: npt.ArrayLike, xlim: tuple[float, float], ylim: tuple[float, float], **rounding
) -> list[tuple[int, int, np.ndarray]]:
    """``(i, j, ends)`` for every pair of classes i < j whose tie z_i = z_j is a winning tie inside the box.

    With z = Wx + b, the tie of i and j is the line (wᵢ − wⱼ)ᵀx + bᵢ − bⱼ = 0 (``boundary_segment``,
    clipped to the box); it separates the two regions only where every other class k scores less,
    (wᵢ − wₖ)ᵀx + bᵢ − bₖ ≥ 0. Each of those is affine along the segment p → q, so what is left is
    one piece p + t(q − p), t ∈ [t₀, t₁], cut where f(p) + t(f(q) − f(p)) = 0. ``ends`` is ``(2, 2)``.
    Rows that tie everywhere (``rows_tie`` with ``rounding``'s lr, step and data: as at a zero start, or on classes
    with the same points) have no line.
    """
    W = as_finite("W", W, ndim=2)
    b = as_finite("b", b, ndim=1)
    lines = []
    for i in range(W.shape[0]):
        for j in range(i + 1, W.shape[0]):
            ends = boundary_segment(W[i] - W[j], b[i] - b[j], xlim, ylim)
            if ends is None or rows_tie(W, b, i, j, **rounding):
                continue
            lo, hi = 0.0, 1.0
            for k in set(range(W.shape[0])) - {i, j}:
                fp, fq = ends @ (W[i] - W[k]) + (b[i] - b[k])
                if fp < 0 and fq < 0:
                    lo, hi = 1.0, 0.0
                elif fp < 0 or fq < 0:
                    cut = fp / (fp - fq)
                    lo, hi = (max(lo, cut), hi) if fp < 0 else (lo, min(hi, cut))
            if lo < hi:
                p, q = ends
                lines.append((i, j, np.array([p + lo * (q - p), p + hi * (q - p)])))
    return lines
