// Where each class of a softmax model wins, as the descent explorer draws it: pure functions with no DOM access,
// named as in `core` and computed with the same stable formulas (tested against `core` in tests/ui/test_regions_js.py).

import { TIE, driftFactor, moved, predictedClass, scores } from "./descent.js";
import { boundarySegment } from "./linear.js";

/** For every cell of xs × ys, row by row from the lowest x₂ (as core.grid_points orders them): the class z = Wx + b
 * predicts there, −1 where two classes tie up to the rounding of `step` steps of rate `lr` on points of mean |x₁|,
 * |x₂| `mu` (predictedClass, as core.activations.predictions), and its probability max_k softmax(z)_k =
 * 1 / Σⱼ e^{zⱼ − max z}, shifted by the largest score so no exponent overflows. */
export function classGrid(W, b, xs, ys, { lr = 0, step = 0, mu = [0, 0] } = {}) {
  const K = W.length;
  const theta = Float64Array.from(W.flatMap((w, k) => [w[0], w[1], b[k]]));
  const classes = new Int8Array(xs.length * ys.length);
  const confidence = new Float64Array(xs.length * ys.length);
  const [z, u] = [new Float64Array(K), new Float64Array(K)];
  const factor = driftFactor(lr, step);
  let cell = 0;
  for (const y of ys) {
    for (const x of xs) {
      const top = scores(theta, K, x, y, moved(factor, mu, x, y), z, u);
      let total = 1; // e^{z_top − z_top}, exactly
      for (let k = 0; k < K; k++) if (k !== top) total += Math.exp(z[k] - z[top]);
      classes[cell] = predictedClass(z, u, K, top);
      confidence[cell++] = 1 / total;
    }
  }
  return { classes, confidence };
}

/** How sure a prediction of probability p is among K classes, from 0 (p = 1/K, every class tied) to 1 (p = 1):
 * (p − 1/K) / (1 − 1/K), the depth of its shade. */
export function sureness(p, K) {
  return Math.min(1, Math.max(0, (p - 1 / K) / (1 - 1 / K)));
}

/** ŷ of each point's own label, softmax(Wxᵢ + b)[yᵢ], max-shifted; points as one flat list x₁, x₂, x₁, x₂, …. */
export function ownProbabilities(W, b, points, labels) {
  const K = W.length;
  const out = new Float64Array(labels.length);
  const z = new Float64Array(K);
  for (let i = 0; i < labels.length; i++) {
    const [x, y] = [points[2 * i], points[2 * i + 1]];
    let top = -Infinity;
    for (let k = 0; k < K; k++) {
      z[k] = W[k][0] * x + W[k][1] * y + b[k];
      top = Math.max(top, z[k]);
    }
    let total = 0;
    for (let k = 0; k < K; k++) total += Math.exp(z[k] - top);
    out[i] = Math.exp(z[labels[i]] - top) / total;
  }
  return out;
}

/** A point's marker size, base · (0.7 + 1.6 (1 − p)) for p = ŷ of its own label: it grows with 1 − p, which
 * bounds its pull ‖ŷ − y‖·‖[x, 1]‖ / N ≤ √2 (1 − p)·‖[x, 1]‖ / N on the next step. */
export function markerSize(p, base) {
  return base * (0.7 + 1.6 * (1 - p));
}

/** Whether rows i and j of [W b] differ by no more than rounding, as core.regions.rows_tie:
 * |θ_id − θ_jd| ≤ r_id + r_jd, r_kd = TIE |θ_kd| + DRIFT η √t μ_d (μ of the bias 1). */
export function rowsTie(W, b, i, j, { lr = 0, step = 0, mu = [0, 0] } = {}) {
  const [factor, sizes] = [driftFactor(lr, step), [...mu, 1]];
  const r = (v, d) => TIE * Math.abs(v) + factor * sizes[d];
  const [ri, rj] = [[W[i][0], W[i][1], b[i]], [W[j][0], W[j][1], b[j]]];
  return ri.every((v, d) => Math.abs(v - rj[d]) <= r(v, d) + r(rj[d], d));
}

/** [i, j, ends] for every pair of classes i < j whose tie is a winning tie inside the box, as
 * core.regions.class_boundaries: the line (wᵢ − wⱼ)ᵀx + bᵢ − bⱼ = 0 clipped to the box (boundarySegment), then
 * to where every other class k scores less, (wᵢ − wₖ)ᵀx + bᵢ − bₖ ≥ 0, affine along the segment p → q; none for rows
 * that tie everywhere (rowsTie after `step` steps of rate `lr` on points of mean sizes `mu`). */
export function classBoundaries(W, b, xlim, ylim, rounding = {}) {
  const K = W.length;
  const lines = [];
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const ends = boundarySegment([W[i][0] - W[j][0], W[i][1] - W[j][1]], b[i] - b[j], xlim, ylim);
      if (!ends || rowsTie(W, b, i, j, rounding)) continue;
      const [p, q] = ends;
      let [lo, hi] = [0, 1];
      for (let k = 0; k < K; k++) {
        if (k === i || k === j) continue;
        const f = ([x, y]) => (W[i][0] - W[k][0]) * x + (W[i][1] - W[k][1]) * y + (b[i] - b[k]);
        const [fp, fq] = [f(p), f(q)];
        if (fp < 0 && fq < 0) [lo, hi] = [1, 0];
        else if (fp < 0 || fq < 0) {
          const cut = fp / (fp - fq);
          if (fp < 0) lo = Math.max(lo, cut);
          else hi = Math.min(hi, cut);
        }
      }
      if (lo < hi) {
        const at = (t) => [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
        lines.push([i, j, [at(lo), at(hi)]]);
      }
    }
  }
  return lines;
}

/** A number as Python's f"{x:.3g}" writes it: three significant digits, trailing zeros dropped, in exponent form
 * (1.5e-05, 2e+03) when the rounded number's exponent is below −4 or at least 3. */
export function g3(x) {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return String(x);
  const exponent = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(3)))));
  if (exponent < -4 || exponent >= 3) {
    const [mantissa, power] = x.toExponential(2).split("e");
    const trimmed = mantissa.replace(/\.?0+$/, "");
    const n = Number(power);
    return `${trimmed}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return String(Number(x.toPrecision(3)));
}
