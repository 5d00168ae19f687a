"""Two models compared over a whole box, exactly: where their labels differ (polygons) and their largest gap."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from core.activations import sigmoid
from core.equivalence import exact_delta, log_sigmoid_gap
from core.validation import as_finite


def clip_half_plane(polygon: npt.ArrayLike, w: npt.ArrayLike, b: float, *, closed: bool = False) -> np.ndarray:
    """The part ``(m, 2)`` of a convex ``polygon`` ``(n, 2)`` where wᵀx + b > 0 (≥ 0 if ``closed``).

    One Sutherland–Hodgman pass: vertices on the kept side stay; where an edge p → q crosses
    the line, the crossing p + t·(q − p) with t = f(p) / (f(p) − f(q)) is added. Empty ``(0, 2)``
    if nothing is left.
    """
    polygon = as_finite("polygon", polygon, ndim=2)
    f = polygon @ as_finite("w", w, ndim=1) + float(b)
    keep = f >= 0 if closed else f > 0
    kept = []
    for p, q, fp, fq, kp, kq in zip(
        polygon, np.roll(polygon, -1, axis=0), f, np.roll(f, -1), keep, np.roll(keep, -1), strict=True
    ):
        if kp:
            kept.append(p)
        if kp != kq:
            kept.append(p + fp / (fp - fq) * (q - p))
    return np.array(kept).reshape(-1, 2)


def polygon_area(polygon: npt.ArrayLike) -> float:
    """½ |Σ xᵢ yᵢ₊₁ − xᵢ₊₁ yᵢ| (the shoelace formula)."""
    x, y = np.asarray(polygon, dtype=np.float64).reshape(-1, 2).T
    return 0.5 * abs(float(x @ np.roll(y, -1) - np.roll(x, -1) @ y))


def disagreement_regions(
    w: npt.ArrayLike,
    b: float,
    w_ref: npt.ArrayLike,
    b_ref: float,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
) -> list[np.ndarray]:
    """The convex polygons of the box where sign(wᵀx + b) and sign(w_refᵀx + b_ref) differ.

    A model predicts class 2 where its score is > 0 (as in ``compare``), so two linear models
    disagree on {z > 0, z_ref ≤ 0} ∪ {z ≤ 0, z_ref > 0}: the box clipped by two half-planes, twice.
    Pieces thinner than rounding (equal or proportional models give slivers along their common
    line) are dropped, so equivalent models return ``[]``.
    """
    box = _box(xlim, ylim)
    tiny = 1e-9 * polygon_area(box)
    return [piece for piece in _disagreement_pieces(w, b, w_ref, b_ref, box) if polygon_area(piece) > tiny]


def _box(xlim: tuple[float, float], ylim: tuple[float, float]) -> np.ndarray:
    (x0, x1), (y0, y1) = xlim, ylim
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)


def _disagreement_pieces(w, b, w_ref, b_ref, box: np.ndarray) -> list[np.ndarray]:
    """{z > 0, z_ref ≤ 0} and {z_ref > 0, z ≤ 0} within ``box``, slivers included."""
    w, w_ref = as_finite("w", w, ndim=1), as_finite("w_ref", w_ref, ndim=1)
    pieces = []
    for (u, c), (v, d) in (((w, b), (w_ref, b_ref)), ((w_ref, b_ref), (w, b))):
        piece = clip_half_plane(clip_half_plane(box, u, c), -v, -d, closed=True)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


# Unit roundoff: a correctly rounded operation is off by at most this, relative to its result.
UNIT = np.finfo(np.float64).eps / 2
# The largest gap is bracketed to this relative width; and gaps below TINY (far below any rounding bound) are 0.
GAP_TOL, TINY = 1e-6, 1e-300
# The branch and bound stops splitting beyond this many intervals (weights up to 1e6 need under 10,000)
# and keeps their bound, which is still an upper bound.
MAX_INTERVALS = 50_000


@dataclass(frozen=True)
class SquareComparison:
    """A logistic model and a two-class softmax model compared over a whole box, exactly rather than sampled.

    ``agreement`` is the share of the box's area where the predicted labels agree (polygon areas, correct to
    ± ``agreement_error``). ``max_gap`` bounds max |σ(wᵀx + b) − ŷ₂(x)| over the box from above, within a
    relative ``GAP_TOL`` of the maximum, for the models in exact arithmetic (0 when the two scores are the
    same function). ``rounding`` = u·(Σᵢ |w₂ᵢ − w₁ᵢ|·maxᵢ|xᵢ| + |b₂ − b₁|)/4 is the largest gap that rounding
    w₂ − w₁ and b₂ − b₁ to floats can cause (σ is ¼-Lipschitz); ``equal`` says ``max_gap ≤ rounding``: the
    probabilities agree to rounding, which models far apart can do where both saturate (b = 60 against
    b₂ − b₁ = 50). ``reference`` is (w₂ − w₁, b₂ − b₁) (rounded once from exact), and ``differs`` marks each
    parameter of (w, b) that is not it up to that rounding (|δᵢ| > u·|exactᵢ|); ``same_model`` says none is.
    """

    agreement: float
    agreement_error: float
    max_gap: float
    rounding: float
    equal: bool
    reference: tuple[float, ...] = ()
    differs: tuple[bool, ...] = ()

    @property
    def same_model(self) -> bool:
        return not any(self.differs)

    @property
    def agree_everywhere(self) -> bool:
        return 1.0 - self.agreement <= self.agreement_error

    @property
    def agree_nowhere(self) -> bool:
        return self.agreement <= self.agreement_error


def compare_square(
    W: npt.ArrayLike,
    bW: npt.ArrayLike,
    w: npt.ArrayLike,
    b: float,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    negated: bool = False,
) -> SquareComparison:
    """Agreement area and largest gap of σ(wᵀx + b) against class 2 of the softmax rows over the box.

    The softmax's score is c = (w₂ − w₁)ᵀx + (b₂ − b₁) (negated with ``negated``), taken exactly:
    its coefficients and δ = (w, b) − (those) are formed in rational arithmetic.
    Labels: both boundaries are lines, so the disagreement is the box clipped by two half-planes, twice.
    Gap: σ(a) − σ(c) has gradient σ′(a)w − σ′(c)w_c, which vanishes nowhere unless w ∥ w_c, and then the
    gap is constant along lines that reach the edge; so its maximum lies on the box's edges, where a
    branch and bound on each edge, with the slope bound of ``_gap_slope``, brackets it.
    """
    W = as_finite("W", W, ndim=2)
    bW = as_finite("bW", bW, ndim=1)
    w = as_finite("w", w, ndim=1)
    b = float(as_finite("b", b, ndim=0))
    if W.shape != (2, 2) or bW.shape != (2,) or w.shape != (2,):
        raise ValueError(f"W must have shape (2, 2), bW and w shape (2,), got {W.shape}, {bW.shape}, {w.shape}")
    sign = -1 if negated else 1
    exact = [sign * (Fraction(W[1, i]) - Fraction(W[0, i])) for i in range(2)] + [
        sign * (Fraction(bW[1]) - Fraction(bW[0]))
    ]
    ref, delta = exact_delta(W, bW, w, b, negated=negated)
    # Rounding the exact difference moves it by at most u·|exact| (u = 2⁻⁵³): more, and (w, b) is another model.
    differs = tuple(abs(Fraction(v) - e) > Fraction(UNIT) * abs(e) for v, e in zip([*w, b], exact, strict=True))
    box = _box(xlim, ylim)
    reach = np.abs(box).max(axis=0)
    area = polygon_area(box)
    pieces = _disagreement_pieces(w, b, ref[:2], ref[2], box)
    error = _area_error((w, b), (ref[:2], ref[2]), box=box)
    rounding = UNIT * (np.abs(ref[:2]) @ reach + abs(ref[2])) * (1 + 4 * UNIT) / 4
    gap = _largest_gap(w, b, delta, ref, xlim, ylim)
    return SquareComparison(
        agreement=1.0 - sum(map(polygon_area, pieces)) / area,
        agreement_error=float(error / area),
        max_gap=gap,
        rounding=float(rounding),
        equal=bool(gap <= rounding),
        reference=tuple(float(v) for v in ref),
        differs=differs,
    )


def _area_error(*lines, box: np.ndarray) -> float:
    """A bound on the rounding error of the clipped areas.

    A score computed with error e moves its line by at most e/‖w‖; moving a line, or a vertex on it,
    by d changes a clipped area by at most d times the length it sweeps (each piece's perimeter is at
    most the box's perimeter plus two diagonals). A line that clearly misses the box, or a constant score
    (w = 0), moves nothing.
    """
    reach = np.abs(box).max(axis=0)
    sweep = 2 * (np.ptp(box[:, 0]) + np.ptp(box[:, 1])) + 2 * float(np.hypot(*np.ptp(box, axis=0)))
    shift = 0.0
    for w, b in lines:
        error = 8 * UNIT * (float(np.abs(w) @ reach) + abs(b))
        corners = box @ w + b
        if not np.any(w) or np.all(corners > error) or np.all(corners < -error):
            continue
        shift += error / float(np.hypot(*w)) + 8 * UNIT * float(reach.max())
    return 4 * sweep * shift + 256 * UNIT * float(reach @ reach)


def _edge_points(edge: np.ndarray, s: np.ndarray, xlim, ylim) -> np.ndarray:
    """Points at parameter ``s`` on the box's edges 0, 1 (x₂ = y₀, y₁; s = x₁) and 2, 3 (x₁ = x₀, x₁; s = x₂)."""
    fixed = np.array([ylim[0], ylim[1], xlim[0], xlim[1]])[edge]
    along = edge < 2
    return np.column_stack([np.where(along, s, fixed), np.where(along, fixed, s)])


def _gap_at(X: np.ndarray, w: np.ndarray, b: float, delta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """|σ(a) − σ(a − δ)| at the rows of X, with a = wᵀx + b and δ = δ_wᵀx + δ_b, and a bound on its error.

    σ(a) − σ(c) = sinh(δ/2) / (2 cosh(a/2) cosh(c/2)), taken through logarithms so nothing overflows:
    log |gap| = (|δ| − |a| − |c|)/2 + log(1 − e^{−|δ|}) − log(1 + e^{−|a|}) − log(1 + e^{−|c|}).
    Its error is relative in a (|∂ log|gap| / ∂a| ≤ 1, as |σ′(a) − σ′(c)| ≤ |σ(a) − σ(c)|) and
    absolute in δ (|∂gap/∂δ| = σ′(c)).
    """
    a = X @ w + b
    d = X @ delta[:2] + delta[2]
    a_error = 4 * UNIT * (np.abs(X) @ np.abs(w) + abs(b))
    d_error = 5 * UNIT * (np.abs(X) @ np.abs(delta[:2]) + abs(delta[2]))
    c = a - d
    log_gap, log_small = log_sigmoid_gap(a, d)
    gap = np.exp(log_gap)
    relative = 8 * UNIT * (5 + np.abs(a) + np.abs(c) + np.abs(d) + np.where(d == 0, 0.0, np.abs(log_small)))
    near_c = _slope_of_sigmoid(np.maximum(0.0, np.abs(c) - 2 * (a_error + d_error)))
    return gap, gap * (relative + 1.01 * a_error) + 1.01 * near_c * d_error + TINY


def _slope_of_sigmoid(distance: np.ndarray) -> np.ndarray:
    """σ′(u) = σ(u)σ(−u) at |u| = ``distance``: its largest value over an interval this far from 0."""
    return sigmoid(distance) * sigmoid(-distance)


def _distance_from_zero(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return np.where((lo <= 0) & (hi >= 0), 0.0, np.minimum(np.abs(lo), np.abs(hi)))


def _gap_slope(lo, hi, edge, w, b, delta, ref, xlim, ylim) -> np.ndarray:
    """A bound on |d gap / ds| over each interval [lo, hi] of an edge.

    With a′ = α, c′ = γ: gap′ = ασ′(a) − γσ′(c) = α(σ′(a) − σ′(c)) + (α − γ)σ′(c), and
    |σ′(a) − σ′(c)| ≤ |δ|·max σ′ between a and c (|σ″| ≤ σ′); the plain |α|σ′(a) + |γ|σ′(c) also holds.
    """
    ends = [_edge_points(edge, s, xlim, ylim) for s in (lo, hi)]
    a = [X @ w + b for X in ends]
    d = [X @ delta[:2] + delta[2] for X in ends]
    c = [ai - di for ai, di in zip(a, d, strict=True)]
    size = np.abs(ends[0]) + np.abs(ends[1])
    margin = 8 * UNIT * (size @ (np.abs(w) + np.abs(ref[:2])) + abs(b) + abs(ref[2]))
    d_margin = 8 * UNIT * (size @ np.abs(delta[:2]) + abs(delta[2]))
    var = np.where(edge < 2, 0, 1)
    alpha, gamma, d_alpha = np.abs(w[var]), np.abs(ref[var]) * (1 + 2 * UNIT), np.abs(delta[var])

    def slope(*values):
        low = np.minimum.reduce(values) - margin
        high = np.maximum.reduce(values) + margin
        return _slope_of_sigmoid(_distance_from_zero(low, high))

    near = (alpha * (np.maximum(np.abs(d[0]), np.abs(d[1])) + d_margin) + d_alpha) * slope(*a, *c)
    plain = alpha * slope(*a) + gamma * slope(*c)
    return np.minimum(near, plain) * (1 + 1e-9)


def _largest_gap(w, b, delta, ref, xlim, ylim) -> float:
    """max |σ(a) − σ(c)| over the box's edges, by branch and bound: each interval's gap is at most
    its midpoint's plus slope bound × half-width; intervals that cannot beat the best found are dropped."""
    if not delta.any():
        return 0.0
    pieces = 16
    edge = np.repeat(np.arange(4), pieces)
    spans = np.array([xlim, xlim, ylim, ylim], dtype=np.float64)
    cuts = [np.linspace(low, high, pieces + 1) for low, high in spans]
    lo = np.concatenate([cut[:-1] for cut in cuts])
    hi = np.concatenate([cut[1:] for cut in cuts])
    best, stuck = 0.0, 0.0
    for _ in range(400):
        mid = (lo + hi) / 2
        gap, error = _gap_at(_edge_points(edge, mid, xlim, ylim), w, b, delta)
        best = max(best, float(np.max(gap - error)))
        radius = np.maximum(mid - lo, hi - mid) * (1 + 4 * UNIT)
        upper = gap + error + _gap_slope(lo, hi, edge, w, b, delta, ref, xlim, ylim) * radius
        open_ = upper > best * (1 + GAP_TOL) + TINY
        split = open_ & (mid > lo) & (mid < hi)
        stuck = max(stuck, float(np.max(upper[open_ & ~split], initial=0.0)))
        if not split.any():
            break
        if split.sum() > MAX_INTERVALS:  # keep memory bounded: what is still open bounds the rest
            stuck = max(stuck, float(np.max(upper[open_])))
            break
        edge = np.repeat(edge[split], 2)
        lo, hi = np.column_stack([lo[split], mid[split]]).ravel(), np.column_stack([mid[split], hi[split]]).ravel()
    else:
        stuck = max(stuck, float(np.max(upper)))
    return min(1.0, max(best * (1 + GAP_TOL) + TINY, stuck))
