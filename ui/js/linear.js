// The mathematics the explorers draw, as pure functions with no DOM access, named as in `core` and computed with
// the same stable formulas, so node can test them against `core` on shared inputs (tests/ui/test_linear_js.py).

/** σ(z) = 1/(1 + e^{−z}), for every finite z without overflow: e^{−|z|} never exceeds 1. */
export function sigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** softmax(z)ᵢ = e^{zᵢ − max z} / Σⱼ e^{zⱼ − max z}: shifted by the largest score so no exponent overflows. */
export function softmax(z) {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** (w₂ − w₁, b₂ − b₁) for softmax rows W = [w₁, w₂] and biases b = [b₁, b₂]. */
export function logisticFromSoftmax(W, b) {
  return [W[1].map((v, i) => v - W[0][i]), b[1] - b[0]];
}

/** n evenly spaced values from lo to hi inclusive, as numpy.linspace computes them. */
export function linspace(lo, hi, n) {
  const step = (hi - lo) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + i * step));
}

/** σ(wᵀx + b) over the grid xs × ys, row by row from the lowest x₂ (as core.grid_points orders them). */
export function logisticGrid(w, b, xs, ys) {
  const out = new Float64Array(xs.length * ys.length);
  let k = 0;
  for (const y of ys) for (const x of xs) out[k++] = sigmoid(w[0] * x + w[1] * y + b);
  return out;
}

/** softmax(Wx + b)[class 2] over the grid xs × ys, in the order of logisticGrid. */
export function softmaxGrid(W, b, xs, ys) {
  const out = new Float64Array(xs.length * ys.length);
  let k = 0;
  for (const y of ys) {
    for (const x of xs) {
      const z1 = W[0][0] * x + W[0][1] * y + b[0];
      const z2 = W[1][0] * x + W[1][1] * y + b[1];
      const top = Math.max(z1, z2);
      const e1 = Math.exp(z1 - top);
      const e2 = Math.exp(z2 - top);
      out[k++] = e2 / (e1 + e2);
    }
  }
  return out;
}

/** The two ends of the line wᵀx + b = 0 inside the box xlim × ylim (lim × lim if ylim is left out), or null if
 * it misses the box.
 *
 * As core.equivalence.boundary_segment: the line is p + t·d with p = −b·w/‖w‖² and d ⟂ w, w and b first divided
 * by max|wᵢ| so ‖w‖² neither overflows nor underflows; t is clipped to each side of the box. */
export function boundarySegment(w, b, xlim, ylim = xlim) {
  const scale = Math.max(Math.abs(w[0]), Math.abs(w[1]));
  if (scale === 0) return null;
  const u = [w[0] / scale, w[1] / scale];
  const c = b / scale;
  if (!Number.isFinite(c)) return null;
  const norm = u[0] * u[0] + u[1] * u[1];
  const p = [(-c * u[0]) / norm, (-c * u[1]) / norm];
  const d = [-u[1], u[0]];
  let from = -Infinity;
  let to = Infinity;
  for (let axis = 0; axis < 2; axis++) {
    const [lo, hi] = axis === 0 ? xlim : ylim;
    if (d[axis] === 0) {
      if (!(lo <= p[axis] && p[axis] <= hi)) return null;
      continue;
    }
    const [t1, t2] = [(lo - p[axis]) / d[axis], (hi - p[axis]) / d[axis]].sort((a, b) => a - b);
    from = Math.max(from, t1);
    to = Math.min(to, t2);
  }
  if (from > to) return null;
  return [
    [p[0] + from * d[0], p[1] + from * d[1]],
    [p[0] + to * d[0], p[1] + to * d[1]],
  ];
}

/** The part of the segment p → q inside the square lim × lim, or null if none (Liang–Barsky: p + t(q − p) with
 * t narrowed to [0, 1] by each side). */
export function clipSegment(p, q, [lo, hi]) {
  let [from, to] = [0, 1];
  for (let axis = 0; axis < 2; axis++) {
    const d = q[axis] - p[axis];
    for (const [edge, sign] of [
      [lo, -1],
      [hi, 1],
    ]) {
      const room = sign * (edge - p[axis]); // how far p may move towards this side, in the side's direction
      const speed = sign * d;
      if (speed === 0) {
        if (room < 0) return null;
      } else if (speed > 0) to = Math.min(to, room / speed);
      else from = Math.max(from, room / speed);
    }
  }
  if (from > to) return null;
  const at = (t) => [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
  return [from === 0 ? [...p] : at(from), to === 1 ? [...q] : at(to)];
}

/** The part of a convex polygon where wᵀx + b > 0 (≥ 0 if closed): one Sutherland–Hodgman pass, as
 * core.equivalence.clip_half_plane. */
export function clipHalfPlane(polygon, w, b, closed = false) {
  const f = polygon.map(([x, y]) => x * w[0] + y * w[1] + b);
  const keep = f.map((v) => (closed ? v >= 0 : v > 0));
  const kept = [];
  for (let i = 0; i < polygon.length; i++) {
    const j = (i + 1) % polygon.length;
    const [p, q] = [polygon[i], polygon[j]];
    if (keep[i]) kept.push(p);
    if (keep[i] !== keep[j]) {
      const t = f[i] / (f[i] - f[j]);
      kept.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return kept;
}

/** ½ |Σ xᵢ yᵢ₊₁ − xᵢ₊₁ yᵢ|, the shoelace formula. */
export function polygonArea(polygon) {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    twice += x0 * y1 - x1 * y0;
  }
  return 0.5 * Math.abs(twice);
}

/** The corners of the square lim × lim, counter-clockwise from the bottom left. */
export function square([lo, hi]) {
  return [
    [lo, lo],
    [hi, lo],
    [hi, hi],
    [lo, hi],
  ];
}

/** {z > 0, z_ref ≤ 0} and {z_ref > 0, z ≤ 0} within the convex `box`, slivers included (as
 * core.equivalence._disagreement_pieces): a model predicts class 2 where its score is > 0. */
function disagreementPieces(w, b, wRef, bRef, box) {
  const pieces = [];
  for (const [[u, c], [v, d]] of [
    [
      [w, b],
      [wRef, bRef],
    ],
    [
      [wRef, bRef],
      [w, b],
    ],
  ]) {
    const piece = clipHalfPlane(clipHalfPlane(box, u, c), [-v[0], -v[1]], -d, true);
    if (piece.length >= 3) pieces.push(piece);
  }
  return pieces;
}

/** The convex pieces of the square where sign(wᵀx + b) and sign(w_refᵀx + b_ref) differ, as
 * core.equivalence.disagreement_regions: pieces thinner than 1e−9 of the square are dropped (they are not drawn). */
export function disagreementRegions(w, b, wRef, bRef, lim) {
  const box = square(lim);
  const tiny = 1e-9 * polygonArea(box);
  return disagreementPieces(w, b, wRef, bRef, box).filter((piece) => polygonArea(piece) > tiny);
}

/** The share of the square where the two models' labels agree: 1 − (area where they differ) / (area of the
 * square), from the exact polygons, slivers included (as core.equivalence.compare_square). */
export function agreementShare(w, b, wRef, bRef, lim) {
  const box = square(lim);
  const differ = disagreementPieces(w, b, wRef, bRef, box).reduce((sum, piece) => sum + polygonArea(piece), 0);
  return 1 - differ / polygonArea(box);
}

const UNIT = Number.EPSILON / 2;

/** A bound on the rounding error of agreementShare, as core.equivalence._area_error: a score computed with error
 * e moves its line by at most e/‖w‖, which changes a clipped area by at most that times the length it sweeps;
 * a line that clearly misses the square, or a constant score, moves nothing. */
export function agreementError(w, b, wRef, bRef, lim) {
  const [lo, hi] = lim;
  const reach = Math.max(Math.abs(lo), Math.abs(hi));
  const side = hi - lo;
  const sweep = 2 * (side + side) + 2 * Math.hypot(side, side);
  let shift = 0;
  for (const [u, c] of [
    [w, b],
    [wRef, bRef],
  ]) {
    const error = 8 * UNIT * ((Math.abs(u[0]) + Math.abs(u[1])) * reach + Math.abs(c));
    const corners = square(lim).map(([x, y]) => x * u[0] + y * u[1] + c);
    const misses = corners.every((v) => v > error) || corners.every((v) => v < -error);
    if ((u[0] === 0 && u[1] === 0) || misses) continue;
    shift += error / Math.hypot(u[0], u[1]) + 8 * UNIT * reach;
  }
  return (4 * sweep * shift + 256 * UNIT * 2 * reach * reach) / (side * side);
}

/** s + e = a + b exactly, s being the rounded sum (Knuth's TwoSum). */
function twoSum(a, b) {
  const s = a + b;
  const v = s - a;
  return [s, a - (s - v) + (b - v)];
}

/** p + e = a·b exactly, p being the rounded product (Dekker's TwoProduct with Veltkamp's split; a·b, a and b
 * well inside the float range). */
export function twoProduct(a, b) {
  const p = a * b;
  const split = (x) => {
    const c = 134217729 * x; // 2²⁷ + 1
    const high = c - (c - x);
    return [high, x - high];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, al * bl - (((p - ah * bh) - al * bh) - ah * bl)];
}

/** v − (high − low) with one rounding's worth of error at most twice: the softmax's logistic coefficient is
 * high − low exactly, as core.equivalence forms it in rational arithmetic, not as the rounded difference. */
export function exactOffset(v, high, low) {
  const [d, e] = twoSum(high, -low); // high − low = d + e
  const [s, f] = twoSum(v, -d); // v − d = s + f
  return s + (f - e);
}

/** |σ(a) − σ(a − d)| = |sinh(d/2)| / (2 cosh(a/2) cosh(c/2)), c = a − d, as core.equivalence.sigmoid_gap:
 * subtracting rounded probabilities loses the gap where both are near 0 or 1 (σ(60) − σ(50) is 0 in floating
 * point, 1.9e−22 in fact); through logarithms nothing cancels or overflows. */
export function sigmoidGap(a, d) {
  if (d === 0) return 0;
  const c = a - d;
  const [ad, aa, ac] = [Math.abs(d), Math.abs(a), Math.abs(c)];
  return Math.exp((ad - aa - ac) / 2 + Math.log(-Math.expm1(-ad)) - Math.log1p(Math.exp(-aa)) - Math.log1p(Math.exp(-ac)));
}

// Outside |z| ≤ 40 the gap is below e^{−40} ≈ 4e−18, which gapText writes as "< 1e−15" whatever it is.
const ACTIVE = 40;
const SAMPLES = 256;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
// A nonzero δ gives a gap of at least this, as in core (a gap below it underflows, but is not 0).
const TINY = 1e-300;

/** max |σ(a(t)) − σ(a(t) − d(t))| over t ∈ [0, 1] for affine a(t) = a₀ + a₁t and d(t) = d₀ + d₁t.
 *
 * The gap is below e^{−40} where both scores a and c = a − d are beyond ±ACTIVE, so t is sampled densely where
 * either is within it (and evenly, at the ends, and where a = 0, c = 0 and a = −c); the best sample is then
 * refined by golden-section search between its neighbours. */
export function edgeMaxGap([a0, a1], [d0, d1]) {
  const gap = (t) => sigmoidGap(a0 + a1 * t, d0 + d1 * t);
  const [c0, c1] = [a0 - d0, a1 - d1];
  const ts = linspace(0, 1, 65);
  for (const [s0, s1] of [
    [a0, a1],
    [c0, c1],
  ]) {
    if (s1 === 0) continue;
    const from = Math.max(0, Math.min((-ACTIVE - s0) / s1, (ACTIVE - s0) / s1));
    const to = Math.min(1, Math.max((-ACTIVE - s0) / s1, (ACTIVE - s0) / s1));
    for (let i = 0; i <= SAMPLES && from <= to; i++) ts.push(from + ((to - from) * i) / SAMPLES);
    ts.push(-s0 / s1);
  }
  if (a1 + c1 !== 0) ts.push(-(a0 + c0) / (a1 + c1));
  const sorted = [...new Set(ts.filter((t) => t >= 0 && t <= 1))].sort((x, y) => x - y);
  let best = 0;
  for (let i = 1; i < sorted.length; i++) if (gap(sorted[i]) > gap(sorted[best])) best = i;
  let [lo, hi] = [sorted[Math.max(0, best - 1)], sorted[Math.min(sorted.length - 1, best + 1)]];
  let top = gap(sorted[best]);
  for (let k = 0; k < 80 && hi - lo > 1e-17; k++) {
    const [m1, m2] = [hi - GOLDEN * (hi - lo), lo + GOLDEN * (hi - lo)];
    const [g1, g2] = [gap(m1), gap(m2)];
    top = Math.max(top, g1, g2);
    if (g1 < g2) lo = m1;
    else hi = m2;
  }
  return top;
}

/** max over the square of |σ(wᵀx + b) − softmax(Wx + b_W)₂|, the largest probability gap of the two models.
 *
 * softmax(Wx + b_W)₂ = σ(c) with c = (w₂ − w₁)ᵀx + (b₂ − b₁) taken exactly: the gap is sigmoidGap(a, δ) with
 * a = wᵀx + b and δ = a − c, whose coefficients exactOffset forms without rounding w₂ − w₁ first. Both scores are
 * affine in x, so the gap's gradient σ'(a)∇a − σ'(c)∇c vanishes inside the square only where the gap is constant
 * along a line that reaches its edge: the largest gap lies on the edge, and each side of the square is a
 * one-dimensional problem (edgeMaxGap). 0 only when (w, b) is exactly the softmax's difference. */
export function maxGap(w, b, W, bW, lim) {
  const delta = [exactOffset(w[0], W[1][0], W[0][0]), exactOffset(w[1], W[1][1], W[0][1])];
  const deltaB = exactOffset(b, bW[1], bW[0]);
  if (delta[0] === 0 && delta[1] === 0 && deltaB === 0) return 0;
  const corners = square(lim);
  let top = 0;
  for (let i = 0; i < 4; i++) {
    const [p, q] = [corners[i], corners[(i + 1) % 4]];
    const affine = (u, c) => {
      const at = (x) => u[0] * x[0] + u[1] * x[1] + c;
      return [at(p), at(q) - at(p)];
    };
    top = Math.max(top, edgeMaxGap(affine(w, b), affine(delta, deltaB)));
  }
  return Math.max(top, TINY);
}

// --- Numbers as the page shows them (the same text as the Python side) -------------------------------------

/** A typed number, or null: digits with an optional sign, decimal point (or one decimal comma) and exponent;
 * "3,5" is 3.5, "−2" (a typographic minus) is −2; "1e7" is 1e7; "0.1+0.2", "abc" and "" are not numbers. */
export function parseNumber(text) {
  let t = String(text).trim().replace(/^[−–]/, "-").replace(/^\+/, "");
  if (/^-?\d+,\d+$/.test(t)) t = t.replace(",", ".");
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const value = Number(t);
  return Number.isFinite(value) ? value : null;
}

/** Every digit it takes to read back as the same float, as the page's ui.sigmoid_sections.short (JavaScript's
 * String, like Python's repr, is the shortest such text), with a typographic minus: w₂ − w₁ of 999999.3 and
 * 999999.1 is 0.2000000000698492, where 6 digits would say 0.2 and typing that would make another model. */
export function numberText(x) {
  return String(x + 0).replace("-", "−");
}

/** A share of the square: two decimals of percent, 100% and 0% only when the share is within `error` (the areas'
 * rounding) of them, and never rounded there. */
export function shareText(share, error = 0) {
  if (share >= 1 - error) return "100%";
  if (share <= error) return "0%";
  const text = (100 * share).toFixed(2);
  if (text === "100.00") return "> 99.99%";
  if (text === "0.00") return "< 0.01%";
  return `${text}%`;
}

/** A probability gap: "0", "< 1e−15" at rounding level, 2 significant digits below 0.001, else 3 decimals. */
export function gapText(gap) {
  if (gap === 0) return "0";
  if (gap < 1e-15) return "< 1e−15";
  if (gap < 1e-3) {
    const [mantissa, exponent] = gap.toExponential(1).split("e");
    return `${mantissa} × 10${superscript(Number(exponent))}`;
  }
  return gap.toFixed(3);
}

/** An integer in superscript digits, for powers of ten: −7 is ⁻⁷. */
export function superscript(n) {
  const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  return (n < 0 ? "⁻" : "") + String(Math.abs(n)).split("").map((d) => digits[d]).join("");
}
