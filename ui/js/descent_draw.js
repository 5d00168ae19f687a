// Drawing the descent explorer: the map (shading, boundaries, points, the rows as arrows with their next step and
// a point's pushes), the loss and accuracy curves over the history so far, and a point's reading. No events here.

import { buildArrow, setArrow } from "./arrows.js";
import { probabilities, pushes, rowsMean } from "./descent.js";
import { attr, el, hexRgb, pageTop, paintCells, svg } from "./dom.js";
import { cells } from "./label_place.js";
import { clipSegment } from "./linear.js";
import { arrowLabel, arrowObstacles, markerBox, placeTexts } from "./map_labels.js";
import * as placing from "./points.js";
import * as math from "./regions.js";

const MAP_SHARE = 0.47; // of the element's width, at most, beside the side column
const MIN_CURVE = 6; // font sizes: the least height of a curve, its axes included
const STACKED_CURVE = 180; // px, each curve's height when stacked under the map on a phone
const MAX_SHADE = 0.6; // the surest cells take this much of their class colour, so markers stay distinct on them
const CURVE_EVERY = 100; // ms between redraws of the curves' lines while playing
// While playing, the markers are sized anew once the time since is this many times what stamping them last took:
// 2,000 take ~4 ms of script (every 80 ms), 200 a fraction of a frame (every frame). A size follows ŷ, which moves
// little in 80 ms; paused, the markers are always those of the step shown.
export const STAMP_SPACING = 20;
const ARROW_SHARE = 0.15; // of the map's width: the longest step or push arrow is drawn about this long
const LABEL_GAP = 3; // px kept between a row's label and another label, a marker or a tip
export const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
export const sub = (k) => String(k).replace(/\d/g, (d) => SUBSCRIPTS[d]);

const SYMBOL_REACH = 1.3; // how far the symbols below reach from their centre at radius 1: the diamond 1.25

// Marker shapes as SVG paths of radius 1 (Plotly's symbols: circle, square, diamond, triangle-up, x).
export function symbolPath(name) {
  const poly = (pts) => `M${pts.map(([x, y]) => `${x.toFixed(3)},${y.toFixed(3)}`).join("L")}Z`;
  if (name === "square") return poly([[-0.9, -0.9], [0.9, -0.9], [0.9, 0.9], [-0.9, 0.9]]);
  if (name === "diamond") return poly([[0, -1.25], [1.1, 0], [0, 1.25], [-1.1, 0]]);
  if (name === "triangle-up") return poly([[0, -1.2], [1.1, 0.8], [-1.1, 0.8]]);
  if (name === "x") {
    const a = 0.4;
    const plus = [[a, 1.2], [a, a], [1.2, a], [1.2, -a], [a, -a], [a, -1.2], [-a, -1.2], [-a, -a], [-1.2, -a], [-1.2, a], [-a, a], [-a, 1.2]];
    const c = Math.SQRT1_2;
    return poly(plus.map(([x, y]) => [c * (x - y), c * (x + y)]));
  }
  return "M1,0A1,1 0 1 1 -1,0A1,1 0 1 1 1,0Z";
}

/** Class k's marker as a small inline picture, as the map draws it. */
export function markerIcon(data, k) {
  return `<svg width="1.15em" height="1.15em" viewBox="-1.6 -1.6 3.2 3.2" aria-hidden="true">` +
    `<path d="${symbolPath(data.classSymbols[k])}" fill="${data.classColours[k]}" stroke="${data.look.outline}" ` +
    `stroke-width="0.22"/></svg>`;
}

/** θ (K rows [w_k1, w_k2, b_k]) as regions.js takes it: W as K rows of two, b as K numbers. */
export function rows(theta, K) {
  return {
    W: Array.from({ length: K }, (_, k) => [theta[3 * k], theta[3 * k + 1]]),
    b: Array.from({ length: K }, (_, k) => theta[3 * k + 2]),
  };
}

// --- Layout ------------------------------------------------------------------------------------------------

export function layout(state) {
  const { ui, data } = state;
  const width = ui.wrap.clientWidth;
  const stacked = width < 700;
  ui.wrap.classList.toggle("dx-stacked", stacked);
  // A point's reading sits beside the point on a wide map; on a phone it would cover the map, so it goes under it.
  if (stacked) ui.left.insertBefore(ui.reading, ui.arrowKey);
  else ui.plot.append(ui.reading);
  const axis = Math.round(2.6 * data.look.fontSize);
  // The map takes the first screen's height below its top; the controls, curves and verdict stand beside it.
  const besidePlot = ui.left.offsetHeight - ui.plot.offsetHeight; // its caption (and anything under it)
  const room = window.innerHeight - pageTop(ui.wrap) - besidePlot - axis - 16;
  const share = stacked ? width : Math.floor(width * MAP_SHARE);
  // Stacked on a phone, the status and the first controls (Play, the step slider) come under the map: room for them.
  const under = ui.scrub.getBoundingClientRect().bottom - ui.status.getBoundingClientRect().top + 12;
  const size = Math.max(220, Math.min(share - axis - 8, stacked ? room - under : room));
  state.map = { size, axis };
  ui.left.style.width = stacked ? "" : `${size + axis}px`;
  ui.plot.style.width = `${size + axis}px`;
  ui.plot.style.height = `${size + axis}px`;
  const dpr = window.devicePixelRatio || 1;
  for (const canvas of [ui.shade, ui.dots]) Object.assign(canvas.style, { left: `${axis}px`, top: "0px", width: `${size}px`, height: `${size}px` });
  ui.dots.width = Math.round(size * dpr);
  ui.dots.height = Math.round(size * dpr);
  state.dotsDrawn = null; // setting a canvas's size clears it, and the frame or the sprites may be new
  state.marked = null; // and the markers' size (projector mode) and their boxes in pixels may be new
  ui.overlay.setAttribute("width", size + axis);
  ui.overlay.setAttribute("height", size + axis);
  for (const [k, v] of Object.entries({ x: axis, y: 0, width: size, height: size })) ui.clipRect.setAttribute(k, v);
  drawMapAxes(state);
  const sideWidth = stacked ? width : Math.max(200, width - size - axis - 28);
  // The two curves share the height the side column's other parts leave of the map's column.
  const curves = Object.values(ui.curves);
  const others = ui.side.offsetHeight - curves.reduce((sum, curve) => sum + curve.area.getBoundingClientRect().height, 0);
  const column = stacked ? 2 * STACKED_CURVE + others : ui.left.offsetHeight;
  const height = Math.max(MIN_CURVE * data.look.fontSize, Math.floor((column - others) / 2));
  for (const curve of curves) Object.assign(curve, { width: sideWidth, height, frameKey: null });
}

function tickText(x) {
  return Number(x.toPrecision(3)).toString().replace("-", "−");
}

// Round numbers 1, 2 or 5 × 10ⁿ apart inside [lo, hi], about `count` of them.
function niceTicks(lo, hi, count = 6) {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) ticks.push(Math.abs(t) < 1e-12 * step ? 0 : t);
  return ticks;
}

/** The least of 1, 2, 5 × 10ⁿ that is ≥ x: curve axes grow in round steps, not every frame. */
function niceCeil(x) {
  const power = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= x * (1 - 1e-12));
}

function drawMapAxes(state) {
  const { ui, data } = state;
  const { size, axis } = state.map;
  const [[x0, x1], [y0, y1]] = [data.xlim, data.ylim];
  const frame = { xlim: data.xlim, ylim: data.ylim, x: [axis, axis + size], y: [size, 0] };
  const px = (x) => placing.toPixel(x, frame.xlim, frame.x);
  const py = (y) => placing.toPixel(y, frame.ylim, frame.y);
  // A segment cut to the map: x₂ is rescaled to x₁'s range, so linear.js's square clipping serves the rectangle.
  const toX = (y) => x0 + ((y - y0) / (y1 - y0)) * (x1 - x0);
  const toY = (x) => y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  const clip = (p, q) => {
    const cut = clipSegment([p[0], toX(p[1])], [q[0], toX(q[1])], [x0, x1]);
    return cut && cut.map(([x, y]) => [x, toY(y)]);
  };
  Object.assign(state.map, { frame, px, py, clip });
  const font = data.look.fontSize;
  ui.axes.replaceChildren();
  svg("rect", { x: axis, y: 0, width: size, height: size, class: "dx-frame" }, ui.axes);
  for (const t of niceTicks(x0, x1)) {
    svg("text", { x: px(t), y: size + font + 2, class: "dx-tick", "text-anchor": "middle" }, ui.axes).textContent = tickText(t);
  }
  for (const t of niceTicks(y0, y1)) {
    svg("text", { x: axis - 6, y: py(t) + font / 3, class: "dx-tick", "text-anchor": "end" }, ui.axes).textContent = tickText(t);
  }
  svg("text", { x: axis + size, y: size + 2 * font + 4, class: "dx-tick", "text-anchor": "end" }, ui.axes).textContent = "x₁";
  svg("text", { x: 2, y: font, class: "dx-tick" }, ui.axes).textContent = "x₂";
}

// --- Curves over the history so far ----------------------------------------------------------------------

/** Accuracy among the points with a prediction, right / (count − tied); NaN where every point ties. */
export function accuracyAt(measured, t) {
  const predicted = measured.count[t] - measured.tied[t];
  return predicted > 0 ? measured.right[t] / predicted : NaN;
}

// The frame of a curve (its axes and ticks), drawn again only when its size or its ranges change.
function curveFrame(state, name, curve, T, high) {
  const font = state.data.look.fontSize;
  const [left, bottom, top, right] = [Math.round(3.2 * font), Math.round(1.5 * font), Math.round(0.5 * font), font];
  const [w, h] = [Math.max(60, curve.width - left - right), Math.max(40, curve.height - bottom - top)];
  const key = `${curve.width}x${curve.height}:${T}:${high}`;
  if (curve.frameKey === key) return;
  curve.frameKey = key;
  curve.area.setAttribute("width", curve.width);
  curve.area.setAttribute("height", curve.height);
  const sx = (t) => left + (t / T) * w;
  const sy = (v) => top + h - (v / high) * h;
  Object.assign(curve, { sx, sy, left, w, T });
  curve.axes.replaceChildren();
  svg("rect", { x: left, y: top, width: w, height: h, class: "dx-frame" }, curve.axes);
  const ticks = name === "loss" ? niceTicks(0, high, 3) : [0, 0.5, 1];
  for (const v of ticks) {
    const label = name === "loss" ? tickText(v) : `${Math.round(100 * v)}%`;
    svg("text", { x: left - 6, y: sy(v) + font / 3, class: "dx-tick", "text-anchor": "end" }, curve.axes).textContent = label;
    svg("line", { x1: left, x2: left + w, y1: sy(v), y2: sy(v), class: "dx-grid" }, curve.axes);
  }
  for (const t of [0, T]) {
    svg("text", { x: sx(t), y: top + h + font + 2, class: "dx-tick", "text-anchor": t ? "end" : "start" }, curve.axes)
      .textContent = t.toLocaleString("en");
  }
  svg("text", { x: left + w / 2, y: top + h + font + 2, class: "dx-tick", "text-anchor": "middle" }, curve.axes).textContent = "step";
  curve.rule.setAttribute("y1", top);
  curve.rule.setAttribute("y2", top + h);
}

/** A curve's path over steps 0 … head in `columns` columns: each draws the least and the largest value of the
 * steps it holds (so a spike among 100,000 steps still shows), and a gap where the value is undefined (NaN). */
function curvePath(value, head, sx, sy, columns) {
  const perColumn = Math.max(1, Math.ceil((head + 1) / columns));
  let d = "";
  let open = false;
  for (let start = 0; start <= head; start += perColumn) {
    let [lo, hi] = [Infinity, -Infinity];
    for (let t = start; t < Math.min(start + perColumn, head + 1); t++) {
      const v = value(t);
      if (Number.isNaN(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (lo > hi) {
      open = false;
      continue;
    }
    const x = sx(start).toFixed(1);
    d += `${open ? "L" : "M"}${x},${sy(hi).toFixed(1)}`;
    if (hi !== lo) d += `L${x},${sy(lo).toFixed(1)}`;
    open = true;
  }
  return d;
}

export function drawCurves(state, measured, step) {
  const { history } = state;
  const head = history.head;
  const T = Math.max(10, niceCeil(Math.max(head, 1)));
  let high = 0;
  for (const v of measured.loss) high = Math.max(high, v);
  high = high > 0 ? niceCeil(high * 1.05) : 1;
  const values = { loss: (t) => measured.loss[t], accuracy: (t) => accuracyAt(measured, t) };
  // While playing, the curves' lines are drawn again ten times a second, not every frame: a path of a thousand
  // segments costs the browser more to render than the map.
  const now = performance.now();
  const lines = !state.playing || !(now - state.curvesAt < CURVE_EVERY);
  if (lines) state.curvesAt = now;
  for (const [name, curve] of Object.entries(state.ui.curves)) {
    curveFrame(state, name, curve, T, name === "loss" ? high : 1);
    if (lines || curve.frameKey !== curve.lineKey) {
      curve.line.setAttribute("d", curvePath(values[name], head, curve.sx, curve.sy, curve.w / 2));
      curve.lineKey = curve.frameKey;
    }
    const v = values[name](step);
    const [x, y] = [curve.sx(step), curve.sy(Number.isNaN(v) ? 0 : v)];
    curve.rule.setAttribute("x1", x);
    curve.rule.setAttribute("x2", x);
    const r = 1.1 * state.data.look.markerSize;
    attr(curve.marker, "visibility", Number.isNaN(v) ? "hidden" : "visible");
    curve.marker.setAttribute("d", `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z`);
  }
}

// --- The map -------------------------------------------------------------------------------------------------

// Colour of a cell: the page's neutral blended towards its class colour by how sure the prediction is.
export function colourTables(data, K) {
  const neutral = hexRgb(data.look.neutral);
  return Array.from({ length: K }, (_, k) => {
    const colour = hexRgb(data.classColours[k]);
    const table = new Uint8ClampedArray(256 * 3);
    for (let i = 0; i < 256; i++) {
      const t = (MAX_SHADE * i) / 255;
      for (let c = 0; c < 3; c++) table[3 * i + c] = Math.round(neutral[c] + t * (colour[c] - neutral[c]));
    }
    return table;
  });
}

// A tie (class −1) is not shaded: the neutral at the start of any table, as the legend says.
function paintShade(state, grid) {
  const { ui, data, history } = state;
  paintCells(
    ui.shade,
    data.resolution,
    (cell) => state.tables[Math.max(0, grid.classes[cell])],
    (cell) => (grid.classes[cell] < 0 ? 0 : 3 * Math.round(255 * math.sureness(grid.confidence[cell], history.K))),
  );
}

// ŷ of each point's own label under W, b and its marker size. A point placed by hand in a class the run has not
// met yet gets ŷ = 0: the model gives that class no probability.
export function markers(state, W, b) {
  const { data, history } = state;
  const known = math.ownProbabilities(W, b, history.points, history.labels.map((l) => Math.min(l, history.K - 1)));
  const own = known.map((p, i) => (history.labels[i] < history.K ? p : 0));
  return { own, sizes: Array.from(own, (p) => math.markerSize(p, data.look.markerSize)) };
}

/** The markers drawn at `step` (at time `now`, ms): those of the state shown, except while playing, when they are
 * sized anew once STAMP_SPACING times the last stamping's cost (state.stampMs) has passed, and whenever the points
 * change; between, the last ones stay, with the step they are of. */
export function markersShown(state, W, b, step, now = performance.now()) {
  const { history } = state;
  const last = state.marked;
  if (state.playing && last && now - last.at < STAMP_SPACING * state.stampMs && last.points === history.points &&
      last.labels === history.labels) return last;
  state.marked = { ...markers(state, W, b), step, at: now, points: history.points, labels: history.labels };
  return state.marked;
}

// A marker of class k and radius r (CSS px, to a quarter pixel) drawn once, at `dpr` device pixels a CSS pixel, into a
// canvas of even side with the marker's centre at its middle, room for the symbol's farthest point (a diamond's tip,
// 1.25 r) and its mitred outline (a triangle's tip juts out by a pixel). Stamping these bitmaps costs Chromium's rasteriser far
// less than filling and outlining 2,000 paths a frame, which took more of each frame than training.
function sprite(state, k, r, dpr) {
  const q = Math.max(0.25, Math.round(4 * r) / 4);
  const key = `${k}|${q}|${dpr}`;
  let stamp = state.sprites.get(key);
  if (!stamp) {
    const side = 2 * Math.ceil((SYMBOL_REACH * q + 1.5) * dpr + 1);
    stamp = el("canvas", { width: side, height: side });
    const context = stamp.getContext("2d");
    context.setTransform(dpr * q, 0, 0, dpr * q, side / 2, side / 2);
    Object.assign(context, { fillStyle: state.data.classColours[k], strokeStyle: state.data.look.outline, lineWidth: 1 / q });
    context.fill(state.symbols[k]);
    context.stroke(state.symbols[k]);
    state.sprites.set(key, stamp);
  }
  return stamp;
}

/** Stamp every point's marker, class by class, unless each is as drawn last time: the same points, each marker the
 * same size to a quarter pixel (while a run settles, most frames). The frame, the canvas and the sprites change only
 * through `layout`, which forgets what was drawn. */
export function paintPoints(state, sizes) {
  const { ui, history } = state;
  const { px, py, axis } = state.map;
  const dpr = ui.dots.width / state.map.size;
  const last = state.dotsDrawn;
  const same = last && last.points === history.points && last.labels === history.labels;
  if (same && last.source === sizes) return;
  const drawn = Uint16Array.from(sizes, (size) => Math.round(2 * size));
  if (same && last.sizes.length === drawn.length && last.sizes.every((v, i) => v === drawn[i])) {
    last.source = sizes;
    return;
  }
  state.dotsDrawn = { points: history.points, labels: history.labels, sizes: drawn, source: sizes };
  const started = performance.now();
  const context = ui.dots.getContext("2d");
  context.clearRect(0, 0, ui.dots.width, ui.dots.height);
  for (let k = 0; k < state.data.classColours.length; k++) {
    for (let i = 0; i < history.n; i++) {
      if (history.labels[i] !== k) continue;
      const stamp = sprite(state, k, sizes[i] / 2, dpr);
      const [x, y] = [px(history.points[2 * i]) - axis, py(history.points[2 * i + 1])];
      context.drawImage(stamp, Math.round(dpr * x) - stamp.width / 2, Math.round(dpr * y) - stamp.height / 2);
    }
  }
  state.stampMs = performance.now() - started;
}

/** The arrows of the map: each row w_k from the origin; at its tip the next step −η ∂L̄/∂w_k and, for the point
 * read, its push −η (ŷ_ik − y_ik) x_i / N; and the rows' mean. Steps and pushes are tiny beside the rows, so each
 * kind is drawn longer by one round factor (10ⁿ), said in the key. */
export function buildArrows(state) {
  const { ui, data } = state;
  ui.arrows.replaceChildren();
  const K = state.history.K;
  const make = (kind, k, label) =>
    buildArrow(ui.arrows, label, data.classColours[k], { prefix: "dx", kind, name: `${kind}${k + 1}` });
  state.arrows = {
    rows: Array.from({ length: K }, (_, k) => make("row", k, `w${sub(k + 1)}`)),
    steps: Array.from({ length: K }, (_, k) => make("step", k, "")),
    pushes: Array.from({ length: K }, (_, k) => make("push", k, "")),
    mean: svg("path", { class: "dx-mean" }, ui.arrows),
  };
}

/** 10ⁿ such that the longest of `lengths` (data units) times it is about ARROW_SHARE of the map's width. */
function magnification(lengths, span) {
  const longest = Math.max(...lengths);
  if (!(longest > 0)) return 1;
  return 10 ** Math.round(Math.log10((ARROW_SHARE * span) / longest));
}

function drawArrows(state, theta, read) {
  const { history, data, arrows } = state;
  const K = history.K;
  const map = { ...state.map };
  const headSize = Math.max(8, 0.7 * data.look.markerSize);
  const span = data.xlim[1] - data.xlim[0];
  const step = new Float64Array(3 * K);
  history.train.gradient(theta, step);
  const lr = state.lr;
  const tip = (k) => [theta[3 * k], theta[3 * k + 1]];
  const stepOf = (k) => [-lr * step[3 * k], -lr * step[3 * k + 1]];
  const stepScale = magnification(Array.from({ length: K }, (_, k) => Math.hypot(...stepOf(k))), span);
  const push = read === null ? null : pushes(theta, K, history.points[2 * read], history.points[2 * read + 1],
    history.labels[read], lr, history.trainedN);
  const pushOf = (k) => [push[3 * k], push[3 * k + 1]];
  const pushScale = push && magnification(Array.from({ length: K }, (_, k) => Math.hypot(...pushOf(k))), span);
  for (let k = 0; k < K; k++) {
    const [w, s] = [tip(k), stepOf(k)];
    // A row still at the origin (a zero start) has no arrow, and no label to pile on the others there.
    setArrow(arrows.rows[k], [0, 0], w, map, { visible: w[0] !== 0 || w[1] !== 0, headSize, clip: map.clip });
    const along = (v, f) => [w[0] + f * v[0], w[1] + f * v[1]];
    setArrow(arrows.steps[k], w, along(s, stepScale), map, { headSize: 0.8 * headSize, clip: map.clip, label: false });
    setArrow(arrows.pushes[k], w, push ? along(pushOf(k), pushScale) : w, map,
      { visible: push !== null, headSize: 0.7 * headSize, clip: map.clip, label: false });
  }
  const [mx, my] = rowsMean(theta, K);
  const inside = mx >= data.xlim[0] && mx <= data.xlim[1] && my >= data.ylim[0] && my <= data.ylim[1];
  const [u, v, r] = [map.px(mx), map.py(my), 0.8 * headSize];
  attr(arrows.mean, "visibility", inside ? "visible" : "hidden");
  arrows.mean.setAttribute("d", `M${u},${v - r}L${u + r},${v}L${u},${v + r}L${u - r},${v}Z`);
  placeRowLabels(state, read, markerBox([u, v], r + 1));
  return { stepScale, pushScale, mean: [mx, my] };
}

/** The rows' labels w₁ … w_K, placed so that none covers another, a point's marker as drawn (the ring of the point
 * read included), an arrow's tip or the rows' mean `mean`, inside the map. The markers' boxes are sorted once for the
 * markers drawn (state.marked, which a new frame of the map forgets). */
function placeRowLabels(state, read, mean) {
  const { arrows, history, data, marked } = state;
  const { px, py, axis, size } = state.map;
  const obstacles = arrowObstacles([...arrows.rows, ...arrows.steps, ...arrows.pushes]);
  const centre = (i) => [px(history.points[2 * i]), py(history.points[2 * i + 1])];
  const half = (i) => marked.sizes[i] / 2;
  marked.cells ??= cells(Array.from({ length: history.n }, (_, i) => markerBox(centre(i), half(i) + 1))); // outlines
  obstacles.fixed = marked.cells;
  if (read !== null) obstacles.boxes.push(markerBox(centre(read), half(read) + 8)); // the ring: r + 4, 8 px wide
  obstacles.boxes.push(mean);
  const offset = data.look.lineWidth / 2 + 2 + LABEL_GAP; // clear of the shaft's halo
  const labels = arrows.rows.map((arrow) => arrowLabel(arrow, { gap: LABEL_GAP, offset, font: data.look.fontSize }));
  state.placed = placeTexts(labels, obstacles, { x: axis, y: 0, width: size, height: size }, LABEL_GAP);
}

/** Draw the state at `step` of the history, with point `read` (or null) read out. */
export function drawMap(state, step, read) {
  const { ui, data, history } = state;
  const theta = history.state(step);
  const { W, b } = rows(theta, history.K);
  const n = data.resolution;
  const [[x0, x1], [y0, y1]] = [data.xlim, data.ylim];
  const xs = Array.from({ length: n }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / n);
  const ys = Array.from({ length: n }, (_, i) => y0 + ((i + 0.5) * (y1 - y0)) / n);
  const rounding = { lr: state.lr, step, mu: history.train.mu };
  const grid = math.classGrid(W, b, xs, ys, rounding);
  const boundaries = math.classBoundaries(W, b, data.xlim, data.ylim, rounding);
  const { own, sizes } = markersShown(state, W, b, step);
  paintShade(state, grid);
  paintPoints(state, sizes);
  const { px, py } = state.map;
  const lines = ui.lines.children; // a halo and a line for each boundary, kept from frame to frame
  boundaries.forEach(([, , [[ax, ay], [bx, by]]], j) => {
    if (lines.length <= 2 * j) for (const kind of ["halo", "line"]) svg("line", { class: `dx-boundary-${kind}` }, ui.lines);
    const ends = { x1: px(ax), y1: py(ay), x2: px(bx), y2: py(by) };
    for (const line of [lines[2 * j], lines[2 * j + 1]]) for (const [name, v] of Object.entries(ends)) attr(line, name, v);
  });
  while (lines.length > 2 * boundaries.length) lines[lines.length - 1].remove();
  const arrows = drawArrows(state, theta, read);
  drawReading(state, theta, step, read, sizes);
  return { step, xs, ys, classes: grid.classes, confidence: grid.confidence, boundaries, own, sizes,
    marked: state.marked.step, ...arrows };
}

// --- A point's reading: ŷ, y and ŷ − y at the step shown ----------------------------------------------------

export const fixed = (x) => (Math.abs(x) < 5e-4 && x !== 0 ? math.g3(x) : x.toFixed(3)).replace("-", "−");
export const signed = (x) => (x > 0 ? "+" : "") + fixed(x);

/** The numbers a reading shows for point i at θ: ŷ (all K), y (one-hot) and ŷ − y. */
export function reading(theta, K, points, labels, i) {
  const y_hat = probabilities(theta, K, points[2 * i], points[2 * i + 1]);
  const y = Array.from({ length: K }, (_, k) => (k === labels[i] ? 1 : 0));
  return { y_hat: Array.from(y_hat), y, residual: Array.from(y_hat, (p, k) => p - y[k]) };
}

function drawReading(state, theta, step, read, sizes) {
  const { ui, history, data } = state;
  const box = ui.reading;
  attr(ui.ring, "visibility", read === null ? "hidden" : "visible");
  if (read === null) {
    if (!box.hidden) box.hidden = true;
    state.read = null;
    return;
  }
  const K = history.K;
  const [x1, x2] = [history.points[2 * read], history.points[2 * read + 1]];
  const label = history.labels[read];
  const r = reading(theta, K, history.points, history.labels, read);
  state.read = { point: read, step, ...r };
  const [u, v] = [state.map.px(x1), state.map.py(x2)];
  ui.ring.setAttribute("transform", `translate(${u} ${v})`);
  for (const circle of ui.ring.children) circle.setAttribute("r", sizes[read] / 2 + 4);
  ui.ring.classList.toggle("dx-picked", state.edit.picked?.i === read); // picked up to move: dashed
  const head = `<p><strong>Point ${read + 1}</strong>, class ${label + 1}, at (${fixed(x1)}, ${fixed(x2)}) · step ${step}</p>`;
  const cells = (k) => `<td>${fixed(r.y_hat[k])}</td><td>${r.y[k]}</td><td>${signed(r.residual[k])}</td>`;
  const body = Array.from({ length: K }, (_, k) => `<tr><th scope="row">class ${k + 1}</th>${cells(k)}</tr>`).join("");
  const unknown = label >= K ? `<p>No row for class ${label + 1} yet: the run starts again with one.</p>` : "";
  box.innerHTML = `${head}<table><thead><tr><td></td><th scope="col">ŷ</th><th scope="col">y</th>` +
    `<th scope="col">ŷ − y</th></tr></thead><tbody>${body}</tbody></table>${unknown}` +
    `<p class="dx-reading-note">Its push on each row wₖ is −η (ŷₖ − yₖ) x / N: along x, ` +
    "dashed at the row's tip.</p>";
  box.hidden = false;
  if (ui.wrap.classList.contains("dx-stacked")) return;
  // Beside the point inside the map, right or left; where neither has room, above or below it: never over the point
  // and its ring, which show the keyboard's focus (WCAG 2.4.11).
  box.style.fontSize = `${0.85 * data.look.fontSize}px`;
  const { size, axis } = state.map;
  const [w, h] = [box.offsetWidth, box.offsetHeight];
  const gap = sizes[read] / 2 + 12;
  const clamp = (x, lo, hi) => Math.min(Math.max(lo, x), Math.max(lo, hi));
  let [left, top] = [u + gap, clamp(v - h / 2, 0, size - h)];
  if (u + gap + w > axis + size) {
    if (u - gap - w >= axis) left = u - gap - w;
    else [left, top] = [clamp(u - w / 2, axis, axis + size - w), v - gap - h >= 0 ? v - gap - h : v + gap];
  }
  Object.assign(box.style, { left: `${left}px`, top: `${top}px` });
}
