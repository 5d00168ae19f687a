// Placing the student's own points on the descent explorer's map: pure functions with no DOM access (tested in
// tests/ui/test_points_js.py). Points travel as one flat list x₁, x₂, x₁, x₂, … beside their labels, as the
// explorer draws them.

/** The pixel of x on an axis drawn from lim[0] at pixel ends[0] to lim[1] at ends[1]:
 * u = ends[0] + (x − lim[0]) / (lim[1] − lim[0]) · (ends[1] − ends[0]). A y axis runs upwards: ends [size, 0]. */
export function toPixel(x, lim, ends) {
  return ends[0] + ((x - lim[0]) / (lim[1] - lim[0])) * (ends[1] - ends[0]);
}

/** The inverse of toPixel: x = lim[0] + (u − ends[0]) / (ends[1] − ends[0]) · (lim[1] − lim[0]). */
export function fromPixel(u, lim, ends) {
  return lim[0] + ((u - ends[0]) / (ends[1] - ends[0])) * (lim[1] - lim[0]);
}

/** The value at pixel u, kept inside lim and rounded to the largest power of ten that is at most one pixel's
 * worth, 10^⌊log₁₀(span / pixels)⌋: the pointer cannot point finer than a pixel, and the table stays readable. */
export function placed(u, lim, ends) {
  const [lo, hi] = lim;
  const step = 10 ** Math.floor(Math.log10((hi - lo) / Math.abs(ends[1] - ends[0])));
  const x = Math.min(Math.max(fromPixel(u, lim, ends), lo), hi);
  const rounded = Math.round(x / step) * step;
  // Written with as many decimals as the step has, so 0.1 · 3 reads 0.3, not 0.30000000000000004.
  return step < 1 ? Number(rounded.toFixed(-Math.log10(step))) : rounded;
}

/** How far an arrow key moves a point on an axis spanning lim: the 1, 2 or 5 × 10ⁿ nearest (in ratio) to a 50th of
 * the span, about 2% of the map (Shift moves ten times as far). */
export function keyStep([lo, hi]) {
  const raw = (hi - lo) / 50;
  const power = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 5, 10].map((m) => m * power);
  return steps.reduce((best, s) => (Math.abs(Math.log(s / raw)) < Math.abs(Math.log(best / raw)) ? s : best));
}

/** x moved by delta and rounded to a multiple of step, kept inside lim on that grid (so a point walked to the edge
 * stays on the map), written with as many decimals as the step has. */
export function nudged(x, delta, [lo, hi], step) {
  const moved = Math.min(Math.max(Math.round((x + delta) / step), Math.ceil(lo / step)), Math.floor(hi / step));
  return Number((moved * step).toFixed(Math.max(0, -Math.floor(Math.log10(step)))));
}

/** The index of the point whose centre is nearest to the pixel [u, v] among those within their marker's radius
 * plus `slack` pixels of it, or −1 if there is none. `frame` holds the map's xlim, ylim and their pixel ends x, y;
 * radii are the drawn markers' radii in pixels. */
export function hitPoint(frame, points, radii, [u, v], slack) {
  let best = -1;
  let nearest = Infinity;
  for (let i = 0; i < radii.length; i++) {
    const du = toPixel(points[2 * i], frame.xlim, frame.x) - u;
    const dv = toPixel(points[2 * i + 1], frame.ylim, frame.y) - v;
    const distance = Math.hypot(du, dv);
    if (distance <= radii[i] + slack && distance < nearest) [best, nearest] = [i, distance];
  }
  return best;
}

/** The points and labels with one more point [x1, x2] of `label` at the end. */
export function withPoint(points, labels, [x1, x2], label) {
  const morePoints = new Float64Array(points.length + 2);
  morePoints.set(points);
  morePoints.set([x1, x2], points.length);
  const moreLabels = new Uint8Array(labels.length + 1);
  moreLabels.set(labels);
  moreLabels[labels.length] = label;
  return { points: morePoints, labels: moreLabels };
}

/** The points and labels without point i. */
export function withoutPoint(points, labels, i) {
  return {
    points: Float64Array.from([...points.slice(0, 2 * i), ...points.slice(2 * i + 2)]),
    labels: Uint8Array.from([...labels.slice(0, i), ...labels.slice(i + 1)]),
  };
}

/** Why point i may not be removed, in words, or null if it may: a classifier needs points of at least two
 * different labels (as core.points says), so the last point of the next-to-last class stays. */
export function removalProblem(labels, i) {
  const others = new Set([...labels.slice(0, i), ...labels.slice(i + 1)]);
  if (others.size >= 2) return null;
  const [left] = others;
  return `Not removed: every point left would be class ${left + 1}, and a classifier needs points of at least ` +
    "two classes.";
}

/** The points as the page reads them: [[x1, x2, label], …]. */
export function pointRows(points, labels) {
  return Array.from(labels, (label, i) => [points[2 * i], points[2 * i + 1], label]);
}
