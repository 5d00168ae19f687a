// The gradient-descent explorer: the run played in the browser from its trajectory. Each state's shading, class
// boundaries and marker sizes are computed here from W and b (regions.js, tested against `core`), so play, pause,
// scrub and step need no server round trip. This module only draws and handles events.

import { el, hexRgb, pageTop, paintCells, svg } from "./dom.js";
import * as placing from "./points.js";
import * as math from "./regions.js";

const STATE = "__descentExplorer";
const MAP_SHARE = 0.47; // of the element's width, at most, beside the side column
const MIN_CURVE = 6; // font sizes: the least height of a curve, its axes included
const STACKED_CURVE = 180; // px, each curve's height when stacked under the map on a phone
const VERDICT_ICONS = { success: "✓", info: "ℹ", warning: "⚠" };
const ADDRESS_DELAY = 300; // ms the map rests on a state before the address says so
const DRAG_START = 3; // px a pressed point must move before it is dragged: a tap leaves it where it is
const MAX_SHADE = 0.6; // the surest cells take this much of their class colour, so markers stay distinct on them

function decoded(b64) {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

// The run as typed arrays: W and b of every shown state as nested lists (K rows of two), as regions.js takes them.
function unpack(data) {
  const K = data.classes;
  const W = new Float64Array(decoded(data.W).buffer);
  const b = new Float64Array(decoded(data.b).buffer);
  const steps = new Uint32Array(decoded(data.steps).buffer);
  return {
    K,
    n: data.n,
    points: new Float64Array(decoded(data.points).buffer),
    labels: decoded(data.labels),
    steps,
    W: Array.from(steps, (_, s) => Array.from({ length: K }, (_, k) => [W[(s * K + k) * 2], W[(s * K + k) * 2 + 1]])),
    b: Array.from(steps, (_, s) => Array.from(b.subarray(s * K, (s + 1) * K))),
    loss: new Float64Array(decoded(data.loss).buffer),
    accuracy: new Float64Array(decoded(data.accuracy).buffer),
  };
}

// Marker shapes as SVG paths of radius 1 (Plotly's symbols: circle, square, diamond, triangle-up, x).
function symbolPath(name) {
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

// --- Building the element ----------------------------------------------------------------------------------

function build(root, data) {
  const wrap = el("div", { class: "dx", role: "group", "aria-label": "Gradient descent, played in your browser" }, root);
  const main = el("div", { class: "dx-main" }, wrap);
  const left = el("div", { class: "dx-left" }, main);
  const figure = el("figure", { class: "dx-map" }, left);
  const caption = el("figcaption", {}, figure);
  const plot = el("div", { class: "dx-plot" }, figure);
  const shade = el("canvas", { class: "dx-shade", "aria-hidden": "true" }, plot);
  const dots = el("canvas", { class: "dx-dots", "aria-hidden": "true" }, plot);
  const overlay = svg("svg", { class: "dx-overlay", role: "img" }, plot);
  const defs = svg("defs", {}, overlay);
  const clipRect = svg("rect", {}, svg("clipPath", { id: "dx-clip" }, defs));
  const axes = svg("g", { class: "dx-axes" }, overlay);
  const lines = svg("g", { "clip-path": "url(#dx-clip)" }, overlay);
  const editor = buildEditor(left);

  const side = el("div", { class: "dx-side" }, main);
  const status = el("p", { class: "dx-status" }, side);
  const live = el("p", { class: "dx-live", "aria-live": "polite" }, side);
  const controls = el("div", { class: "dx-controls" }, side);
  const button = (action, text, label) => {
    const b = el("button", { type: "button", "data-action": action, "aria-label": label }, controls);
    b.textContent = text;
    return b;
  };
  const back = button("back", "◀ Back", "Step back one state");
  const play = button("play", "▶ Play", "Play");
  const forward = button("forward", "Next ▶", "Step forward one state");
  const scrubLabel = el("label", { class: "dx-scrub" }, controls);
  scrubLabel.append("Step ");
  const scrub = el("input", { type: "range", min: 0, step: 1, value: 0, "aria-label": "Step shown" }, scrubLabel);
  const speedLabel = el("label", { class: "dx-speed" }, controls);
  speedLabel.append("Speed ");
  const speed = el("select", { "aria-label": "Playing speed" }, speedLabel);
  for (const [name, rate] of data.speeds) {
    const option = el("option", { value: rate }, speed);
    option.textContent = `${name} (${rate} states/s)`;
  }
  speed.value = String(data.speeds[1][1]);
  const loopLabel = el("label", { class: "dx-loop" }, controls);
  const loop = el("input", { type: "checkbox", "aria-label": "Loop: start again after the last step" }, loopLabel);
  loopLabel.append(" Loop");
  const note = el("p", { class: "dx-note", hidden: "" }, side);
  note.textContent =
    "Your system asks for reduced motion: nothing moves until you press Play, and Back and Next step one state at a time.";

  const curves = {};
  for (const [name, title] of [
    ["loss", "Loss (mean cross-entropy)"],
    ["accuracy", "Accuracy"],
  ]) {
    const box = el("figure", { class: "dx-curve", "data-curve": name }, side);
    el("figcaption", {}, box).textContent = title;
    const area = svg("svg", { role: "img", "aria-label": `${title} at every step` }, box);
    curves[name] = {
      box,
      area,
      axes: svg("g", { class: "dx-axes" }, area),
      line: svg("polyline", { class: "dx-curve-line" }, area),
      rule: svg("line", { class: "dx-rule" }, area),
      marker: svg("path", { class: "dx-current" }, area),
    };
  }
  const verdict = el("div", { class: "dx-verdict", role: "note" }, side);
  const legend = el("div", { class: "dx-legend" }, side);
  return { wrap, left, figure, caption, plot, shade, dots, overlay, clipRect, axes, lines, editor, controls, back, play,
    forward, scrub, speed, loop, note, side, status, live, curves, verdict, legend };
}

// Class k's marker as a small inline picture, as the map draws it.
function markerIcon(data, k) {
  return `<svg width="1.15em" height="1.15em" viewBox="-1.6 -1.6 3.2 3.2" aria-hidden="true">` +
    `<path d="${symbolPath(data.classSymbols[k])}" fill="${data.classColours[k]}" stroke="${data.look.outline}" ` +
    `stroke-width="0.22"/></svg>`;
}

function fillLegend(state) {
  const { ui, data, run } = state;
  const classes = Array.from({ length: run.K }, (_, k) => `<span class="dx-key">${markerIcon(data, k)} class ${k + 1}</span>`)
    .join("");
  ui.legend.innerHTML =
    `<p>${classes}</p>` +
    // Folded, so the map, the curves and the verdict under them fit the first screen of a school laptop.
    `<details${state.legendOpen ? " open" : ""}><summary>How to read the map</summary>` +
    "<p><strong>Shading</strong>: the class the model predicts there, deeper the surer it is (pale: unsure, " +
    "none: a tie). <strong>Lines</strong>: the class boundaries, where two classes tie. <strong>Marker size</strong> " +
    "grows with 1 − ŷ of the point's own class. A point's pull on the next step is ‖ŷ − y‖·‖[x, 1]‖ / N, at most " +
    "√2 (1 − ŷ)·‖[x, 1]‖ / N: points the model is sure of shrink and pull little, and far-out points pull more " +
    "than their size shows. <strong>Diamonds</strong> on the curves: the step shown.</p></details>";
  ui.legend.querySelector("details").addEventListener("toggle", (event) => (state.legendOpen = event.target.open));
}

// The bar under the map for placing points by hand (own points only): the class a click adds, a Remove mode, and
// what the pointer does, in words.
function buildEditor(left) {
  const bar = el("div", { class: "dx-edit", role: "group", "aria-label": "Place points on the map", hidden: "" }, left);
  el("span", { class: "dx-edit-name" }, bar).textContent = "Add";
  const classes = el("span", { class: "dx-edit-classes" }, bar);
  const remove = el("button", { type: "button", "data-action": "remove", "aria-pressed": "false" }, bar);
  remove.textContent = "✕ Remove";
  const hint = el("span", { class: "dx-edit-hint", "aria-live": "polite" }, bar);
  return { bar, classes, remove, hint };
}

// The class buttons 1 … K + 1 (a new class may be started, up to the most a run takes), and the mode pressed.
function fillEditor(state) {
  const { ui, data, edit } = state;
  ui.editor.bar.hidden = !data.editable;
  if (!data.editable) return;
  const choices = Math.min(state.run.K + 1, data.maxClasses);
  edit.label = Math.min(edit.label, choices - 1);
  if (ui.editor.classes.childElementCount !== choices) {
    ui.editor.classes.replaceChildren();
    for (let k = 0; k < choices; k++) {
      const button = el("button", { type: "button", "data-class": k, "aria-label": `Add points of class ${k + 1}` },
        ui.editor.classes);
      button.innerHTML = `${markerIcon(data, k)}${k + 1}`;
      button.addEventListener("click", () => {
        Object.assign(edit, { label: k, removing: false });
        describeEdit(state);
      });
    }
  }
  describeEdit(state);
}

// Which button is pressed, and the sentence that says what a click does now (or why the last one did nothing).
function describeEdit(state, refusal = null) {
  const { ui, edit } = state;
  for (const button of ui.editor.classes.children) {
    button.setAttribute("aria-pressed", String(!edit.removing && Number(button.dataset.class) === edit.label));
  }
  ui.editor.remove.setAttribute("aria-pressed", String(edit.removing));
  ui.editor.remove.setAttribute("aria-label", edit.removing ? "Stop removing points" : "Remove points: a click on a point removes it");
  ui.editor.hint.classList.toggle("dx-edit-refused", refusal !== null);
  ui.editor.hint.textContent = refusal ?? (edit.removing
    ? "Click a point to remove it."
    : `Click: add a class ${edit.label + 1} point · drag: move it · Shift+click: remove it.`);
}

// --- Drawing -----------------------------------------------------------------------------------------------

function layout(state) {
  const { ui, data } = state;
  const width = ui.wrap.clientWidth;
  const stacked = width < 700;
  ui.wrap.classList.toggle("dx-stacked", stacked);
  const axis = Math.round(2.6 * data.look.fontSize);
  // The map takes the first screen's height below its top; the controls, curves and verdict stand beside it.
  const besidePlot = ui.left.offsetHeight - ui.plot.offsetHeight; // its caption (and anything under it)
  const room = window.innerHeight - pageTop(ui.wrap) - besidePlot - axis - 16;
  const share = stacked ? width : Math.floor(width * MAP_SHARE);
  const size = Math.max(220, Math.min(share - axis - 8, stacked ? Infinity : room));
  state.map = { size, axis };
  ui.left.style.width = stacked ? "" : `${size + axis}px`;
  ui.plot.style.width = `${size + axis}px`;
  ui.plot.style.height = `${size + axis}px`;
  const dpr = window.devicePixelRatio || 1;
  for (const canvas of [ui.shade, ui.dots]) Object.assign(canvas.style, { left: `${axis}px`, top: "0px", width: `${size}px`, height: `${size}px` });
  ui.dots.width = Math.round(size * dpr);
  ui.dots.height = Math.round(size * dpr);
  ui.overlay.setAttribute("width", size + axis);
  ui.overlay.setAttribute("height", size + axis);
  for (const [k, v] of Object.entries({ x: axis, y: 0, width: size, height: size })) ui.clipRect.setAttribute(k, v);
  drawMapAxes(state);
  const sideWidth = stacked ? width : Math.max(200, width - size - axis - 28);
  // The two curves share the height the side column's other parts leave of the map's column.
  const curves = Object.values(ui.curves);
  const others = ui.side.offsetHeight - curves.reduce((sum, curve) => sum + curve.area.getBoundingClientRect().height, 0);
  const column = stacked ? 2 * STACKED_CURVE + others : ui.left.offsetHeight;
  const curveHeight = Math.max(MIN_CURVE * data.look.fontSize, Math.floor((column - others) / 2));
  for (const [name, curve] of Object.entries(ui.curves)) layoutCurve(state, name, curve, sideWidth, curveHeight);
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

function drawMapAxes(state) {
  const { ui, data } = state;
  const { size, axis } = state.map;
  const [[x0, x1], [y0, y1]] = [data.xlim, data.ylim];
  const frame = { xlim: data.xlim, ylim: data.ylim, x: [axis, axis + size], y: [size, 0] };
  const px = (x) => placing.toPixel(x, frame.xlim, frame.x);
  const py = (y) => placing.toPixel(y, frame.ylim, frame.y);
  Object.assign(state.map, { frame, px, py });
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

function layoutCurve(state, name, curve, width, height) {
  const { data, run } = state;
  const font = data.look.fontSize;
  const [left, bottom, top, right] = [Math.round(3.2 * font), Math.round(1.5 * font), Math.round(0.5 * font), font];
  const [w, h] = [Math.max(60, width - left - right), Math.max(40, height - bottom - top)];
  curve.area.setAttribute("width", width);
  curve.area.setAttribute("height", height);
  const values = run[name];
  const T = values.length - 1;
  let high = 1;
  if (name === "loss") {
    high = 0;
    for (const v of values) high = Math.max(high, v);
    high = high > 0 ? high * 1.05 : 1;
  }
  const sx = (t) => left + (T > 0 ? (t / T) * w : 0);
  const sy = (v) => top + h - (v / high) * h;
  Object.assign(curve, { sx, sy });
  curve.axes.replaceChildren();
  svg("rect", { x: left, y: top, width: w, height: h, class: "dx-frame" }, curve.axes);
  const ticks = name === "loss" ? niceTicks(0, high, 3) : [0, 0.5, 1];
  for (const v of ticks) {
    const label = name === "loss" ? tickText(v) : `${Math.round(100 * v)}%`;
    svg("text", { x: left - 6, y: sy(v) + font / 3, class: "dx-tick", "text-anchor": "end" }, curve.axes).textContent = label;
    svg("line", { x1: left, x2: left + w, y1: sy(v), y2: sy(v), class: "dx-grid" }, curve.axes);
  }
  for (const t of [0, T]) {
    svg("text", { x: sx(t), y: top + h + font + 2, class: "dx-tick", "text-anchor": t ? "end" : "start" }, curve.axes).textContent = String(t);
  }
  svg("text", { x: left + w / 2, y: top + h + font + 2, class: "dx-tick", "text-anchor": "middle" }, curve.axes).textContent = "step";
  curve.line.setAttribute("points", Array.from(values, (v, t) => `${sx(t).toFixed(1)},${sy(v).toFixed(1)}`).join(" "));
  curve.rule.setAttribute("y1", top);
  curve.rule.setAttribute("y2", top + h);
}

// Colour of a cell: the page's neutral blended towards its class colour by how sure the prediction is.
function colourTables(data, K) {
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

function paintShade(state, grid) {
  const { ui, data, run } = state;
  paintCells(
    ui.shade,
    data.resolution,
    (cell) => state.tables[grid.classes[cell]],
    (cell) => 3 * Math.round(255 * math.sureness(grid.confidence[cell], run.K)),
  );
}

// ŷ of each point's own label under W, b and its marker size. A point placed by hand in a class the run has not
// met yet gets ŷ = 0: the model gives that class no probability.
function markers(state, W, b) {
  const { data, run } = state;
  const known = math.ownProbabilities(W, b, run.points, run.labels);
  const own = known.map((p, i) => (run.labels[i] < run.K ? p : 0));
  return { own, sizes: Array.from(own, (p) => math.markerSize(p, data.look.markerSize)) };
}

function paintPoints(state, sizes) {
  const { ui, data, run } = state;
  const { px, py, axis } = state.map;
  const dpr = ui.dots.width / state.map.size;
  const context = ui.dots.getContext("2d");
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, ui.dots.width, ui.dots.height);
  context.strokeStyle = data.look.outline;
  for (let k = 0; k < data.classColours.length; k++) {
    context.fillStyle = data.classColours[k];
    const path = state.symbols[k];
    for (let i = 0; i < run.n; i++) {
      if (run.labels[i] !== k) continue;
      const r = sizes[i] / 2;
      const [x, y] = [px(run.points[2 * i]) - axis, py(run.points[2 * i + 1])];
      context.setTransform(dpr * r, 0, 0, dpr * r, dpr * x, dpr * y);
      context.lineWidth = 1 / r;
      context.fill(path);
      context.stroke(path);
    }
  }
  context.setTransform(1, 0, 0, 1, 0, 0);
}

function drawCurves(state, step) {
  for (const [name, curve] of Object.entries(state.ui.curves)) {
    const [x, y] = [curve.sx(step), curve.sy(state.run[name][step])];
    curve.rule.setAttribute("x1", x);
    curve.rule.setAttribute("x2", x);
    const r = 1.1 * state.data.look.markerSize;
    curve.marker.setAttribute("d", `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z`);
  }
}

function statusText(state, step) {
  const { run } = state;
  const T = run.loss.length - 1;
  return `Step ${step} of ${T} · loss ${math.g3(run.loss[step])} · accuracy ${(100 * run.accuracy[step]).toFixed(1)}%`;
}

function draw(state) {
  const { ui, data, run } = state;
  const s = state.index;
  const step = run.steps[s];
  const [W, b] = [run.W[s], run.b[s]];
  const n = data.resolution;
  const [[x0, x1], [y0, y1]] = [data.xlim, data.ylim];
  const xs = Array.from({ length: n }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / n);
  const ys = Array.from({ length: n }, (_, i) => y0 + ((i + 0.5) * (y1 - y0)) / n);
  const grid = math.classGrid(W, b, xs, ys);
  const boundaries = math.classBoundaries(W, b, data.xlim, data.ylim);
  const { own, sizes } = markers(state, W, b);
  paintShade(state, grid);
  paintPoints(state, sizes);
  const { px, py } = state.map;
  ui.lines.replaceChildren();
  for (const [, , [[ax, ay], [bx, by]]] of boundaries) {
    const attrs = { x1: px(ax), y1: py(ay), x2: px(bx), y2: py(by) };
    svg("line", { ...attrs, class: "dx-boundary-halo" }, ui.lines);
    svg("line", { ...attrs, class: "dx-boundary" }, ui.lines);
  }
  drawCurves(state, step);
  const text = statusText(state, step);
  ui.status.textContent = text;
  if (!state.playing) {
    ui.live.textContent = text; // read out when it stops, not 60 times a second
    keepStepInAddress(state, step);
  }
  ui.caption.textContent = `Predicted class at step ${step}`;
  ui.overlay.setAttribute("aria-label", `Map of the predicted class at step ${step}, with the points and the class boundaries`);
  ui.scrub.max = String(run.steps.length - 1);
  ui.scrub.value = String(s);
  ui.scrub.setAttribute("aria-valuetext", `step ${step} of ${run.loss.length - 1}`);
  // aria-disabled, not disabled: a button that keeps its focus at the first or last state keeps the student's place.
  ui.back.setAttribute("aria-disabled", String(s === 0));
  ui.forward.setAttribute("aria-disabled", String(s === run.steps.length - 1));
  ui.play.textContent = state.playing ? "❚❚ Pause" : "▶ Play";
  ui.play.setAttribute("aria-label", state.playing ? "Pause" : "Play");
  ui.play.setAttribute("aria-pressed", String(state.playing));
  state.drawn = { index: s, step, xs, ys, classes: grid.classes, confidence: grid.confidence, boundaries, own, sizes };
  state.frames += 1;
  state.drawnAt = performance.now(); // read by the browser tests and bench/bench_browser.py
}

function schedule(state) {
  if (state.frame || state.playing) return; // a playing explorer draws on its own frames
  state.frame = requestAnimationFrame(() => {
    state.frame = 0;
    draw(state);
  });
}

// --- Playing -----------------------------------------------------------------------------------------------

function show(state, index) {
  state.index = Math.min(Math.max(index, 0), state.run.steps.length - 1);
  schedule(state);
}

function pause(state) {
  if (!state.playing) return;
  state.playing = false;
  cancelAnimationFrame(state.tick);
  schedule(state);
}

function play(state) {
  const last = state.run.steps.length - 1;
  if (state.index >= last) state.index = 0;
  state.playing = true;
  state.carry = 0;
  state.last = performance.now();
  const tick = (now) => {
    if (!state.playing) return;
    // States advance with the time passed, so the speed does not depend on the display's frame rate.
    state.carry += ((now - state.last) / 1000) * Number(state.ui.speed.value);
    state.last = now;
    const advance = Math.floor(state.carry);
    if (advance > 0) {
      state.carry -= advance;
      let next = state.index + advance;
      if (next > last) {
        if (state.ui.loop.checked) next %= last + 1;
        else {
          state.index = last;
          state.playing = false;
          draw(state);
          return;
        }
      }
      state.index = next;
      draw(state);
    }
    state.tick = requestAnimationFrame(tick);
  };
  draw(state);
  state.tick = requestAnimationFrame(tick);
}

function toggle(state) {
  if (state.playing) pause(state);
  else play(state);
}

function wire(state) {
  const { ui } = state;
  ui.play.addEventListener("click", () => toggle(state));
  ui.back.addEventListener("click", () => {
    pause(state);
    show(state, state.index - 1);
  });
  ui.forward.addEventListener("click", () => {
    pause(state);
    show(state, state.index + 1);
  });
  ui.scrub.addEventListener("input", () => {
    pause(state);
    show(state, Number(ui.scrub.value));
  });
  // Space plays and pauses from anywhere in the explorer; on a button or a check box it keeps its own meaning.
  ui.wrap.addEventListener("keydown", (event) => {
    if (event.key !== " " || event.target.closest("button, select, input[type=checkbox]")) return;
    event.preventDefault();
    toggle(state);
  });
}

// The verdict on the run, in words from the page (core.diagnostics), beside the curves it is about.
function fillVerdict(state) {
  const { kind, text } = state.data.verdict;
  state.ui.verdict.dataset.kind = kind;
  state.ui.verdict.innerHTML = `<span class="dx-verdict-icon" aria-hidden="true">${VERDICT_ICONS[kind]}</span>`;
  const words = el("p", {}, state.ui.verdict);
  el("strong", {}, words).textContent = `${state.data.verdict.title} `; // about the run's end, whatever step is shown
  words.append(text);
}

// The step shown lives in the address bar (?step=…), so a reload or a copied address opens the run there. It is
// written here, with no server round trip, once the map has rested on a state for ADDRESS_DELAY: browsers limit
// how often a page may rewrite its address (Safari: 100 times in 30 s) and refuse beyond it, and a scrub stops on
// 60 states a second. A page being left writes at once.
function keepStepInAddress(state, step) {
  clearTimeout(state.addressTimer);
  state.addressStep = step;
  state.addressTimer = setTimeout(() => writeStep(state), ADDRESS_DELAY);
}

function writeStep(state) {
  clearTimeout(state.addressTimer);
  if (state.addressStep === undefined || !state.ui.wrap.isConnected) return; // not once the page has moved on
  const url = new URL(window.location.href);
  if (state.addressStep > 0) url.searchParams.set("step", String(state.addressStep));
  else url.searchParams.delete("step");
  state.addressStep = undefined;
  if (url.href === window.location.href) return;
  try {
    window.history.replaceState(window.history.state, "", url);
  } catch {
    // Refused (too many rewrites): the address keeps its last step until the map next rests.
  }
}

// --- Placing points by hand ------------------------------------------------------------------------------

const SLACK = { mouse: 4, pen: 6, touch: 12 }; // pixels beyond a marker's edge that still grab it

function setPoints(state, { points, labels }) {
  Object.assign(state.run, { points, labels, n: labels.length });
}

// Only the points layer: a dragged point follows the pointer at frame rate, under the state shown.
function repaintPoints(state) {
  const s = state.drawn.index;
  Object.assign(state.drawn, markers(state, state.run.W[s], state.run.b[s]));
  paintPoints(state, state.drawn.sizes);
}

// Report the whole list once, on release; the explorer keeps showing it until the page has taken that report.
function commit(state) {
  const { run, edit } = state;
  edit.seq += 1; // with the time: a remounted explorer must not repeat a number the page has taken already
  const seq = `${Date.now()}-${edit.seq}`;
  edit.pending = { seq, points: { points: run.points, labels: run.labels } };
  state.setStateValue("points", { points: placing.pointRows(run.points, run.labels), seq });
}

function wireEditor(state) {
  const { ui, edit } = state;
  const map = ui.overlay;
  const at = (event) => {
    const box = map.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  const placed = ([u, v]) => {
    const { frame } = state.map;
    return [placing.placed(u, frame.xlim, frame.x), placing.placed(v, frame.ylim, frame.y)];
  };
  const hit = (event, where) => {
    const radii = state.drawn.sizes.map((size) => size / 2);
    return placing.hitPoint(state.map.frame, state.run.points, radii, where, SLACK[event.pointerType] ?? SLACK.mouse);
  };
  const inSquare = ([u, v]) => {
    const { size, axis } = state.map;
    return u >= axis && u <= axis + size && v >= 0 && v <= size;
  };
  ui.editor.remove.addEventListener("click", () => {
    edit.removing = !edit.removing;
    describeEdit(state);
  });
  map.addEventListener("pointerdown", (event) => {
    const where = at(event);
    if (!state.data.editable || event.button !== 0 || !inSquare(where)) return;
    event.preventDefault();
    let i = hit(event, where);
    if (edit.removing || event.shiftKey || event.altKey) {
      const problem = i < 0 ? "Nothing removed: click on a point to remove it." : placing.removalProblem(state.run.labels, i);
      describeEdit(state, problem);
      if (problem) return;
      setPoints(state, placing.withoutPoint(state.run.points, state.run.labels, i));
      repaintPoints(state);
      commit(state);
      return;
    }
    describeEdit(state);
    const added = i < 0;
    if (added) {
      if (state.run.n >= state.data.maxPoints) {
        describeEdit(state, `Not added: a run takes at most ${state.data.maxPoints.toLocaleString("en")} points.`);
        return;
      }
      setPoints(state, placing.withPoint(state.run.points, state.run.labels, placed(where), edit.label));
      i = state.run.n - 1;
      repaintPoints(state);
    }
    // A pressed point keeps its offset from the pointer, so it does not jump to it; a new one sits under it.
    const { frame } = state.map;
    const centre = added ? where : [placing.toPixel(state.run.points[2 * i], frame.xlim, frame.x),
      placing.toPixel(state.run.points[2 * i + 1], frame.ylim, frame.y)];
    edit.gesture = { i, pointerId: event.pointerId, changed: added, start: where,
      offset: [centre[0] - where[0], centre[1] - where[1]] };
    map.setPointerCapture(event.pointerId);
    map.style.cursor = "grabbing";
  });
  map.addEventListener("pointermove", (event) => {
    const where = at(event);
    const gesture = edit.gesture;
    if (gesture && gesture.pointerId === event.pointerId) {
      const moved = Math.hypot(where[0] - gesture.start[0], where[1] - gesture.start[1]);
      if (!gesture.changed && moved < DRAG_START) return;
      state.run.points.set(placed([where[0] + gesture.offset[0], where[1] + gesture.offset[1]]), 2 * gesture.i);
      gesture.changed = true;
      repaintPoints(state);
    } else if (state.data.editable && !gesture) {
      const over = inSquare(where) && hit(event, where) >= 0;
      const removing = edit.removing || event.shiftKey || event.altKey;
      map.style.cursor = !inSquare(where) ? "" : over ? (removing ? "pointer" : "grab") : removing ? "" : "crosshair";
    }
  });
  const release = (event) => {
    const gesture = edit.gesture;
    if (!gesture || gesture.pointerId !== event.pointerId) return;
    edit.gesture = null;
    map.style.cursor = "";
    if (gesture.changed) commit(state);
    if (edit.deferred) {
      const data = edit.deferred;
      edit.deferred = null;
      update(state, data);
    }
  };
  map.addEventListener("pointerup", release);
  map.addEventListener("pointercancel", release);
  map.addEventListener("lostpointercapture", release); // a capture lost without either must not hold the explorer
}

function update(state, data) {
  state.data = data;
  if (!state.ui) {
    state.ui = build(state.root, data);
    wire(state);
    wireEditor(state);
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
    state.ui.note.hidden = !reduce.matches;
    if (reduce.matches) state.ui.speed.value = String(data.speeds[0][1]);
    const redraw = () => {
      layout(state);
      draw(state);
    };
    state.resize = new ResizeObserver(redraw);
    state.resize.observe(state.ui.wrap);
    window.addEventListener("resize", (state.onResize = redraw));
    window.addEventListener("pagehide", (state.onLeave = () => writeStep(state)));
  }
  state.run = unpack(data);
  // A new run starts paused at its first state, or, the first time, at the address's step; the same run (a theme
  // or projector change) keeps its place.
  if (state.runId !== data.run) {
    pause(state);
    const first = state.runId === undefined;
    state.runId = data.run;
    state.index = first && data.step !== null ? math.nearestIndex(state.run.steps, data.step) : 0;
  }
  // Until the page has taken the last report, the map shows the points as placed rather than snapping back.
  const pending = state.edit.pending;
  if (pending && data.editable && data.taken !== pending.seq) setPoints(state, pending.points);
  else state.edit.pending = null;
  state.tables = colourTables(data, state.run.K);
  state.symbols = data.classSymbols.map((name) => new Path2D(symbolPath(name)));
  const style = state.ui.wrap.style;
  style.setProperty("--dx-font", `${data.look.fontSize}px`);
  style.setProperty("--dx-line", `${data.look.lineWidth}px`);
  style.setProperty("--dx-text", data.look.text);
  style.setProperty("--dx-outline", data.look.outline);
  style.setProperty("--dx-neutral", data.look.neutral);
  style.setProperty("--dx-current", data.classColours[4]);
  state.ui.wrap.classList.toggle("dx-editable", Boolean(data.editable));
  fillEditor(state);
  fillLegend(state);
  fillVerdict(state);
  layout(state);
  draw(state);
}

export default function descentExplorer({ data, parentElement, setStateValue }) {
  let state = parentElement[STATE];
  if (!state) {
    state = parentElement[STATE] = { root: parentElement, frames: 0, frame: 0, index: 0, playing: false,
      edit: { label: 0, removing: false, seq: 0, gesture: null, pending: null, deferred: null } };
  }
  state.setStateValue = setStateValue;
  // A run that arrives while a point is dragged waits for the release, so the map does not rescale under the pointer.
  if (state.edit.gesture) state.edit.deferred = data;
  else update(state, data);

  return () =>
    setTimeout(() => {
      if (parentElement.host ? parentElement.host.isConnected : parentElement.isConnected) return;
      pause(state);
      state.resize?.disconnect();
      window.removeEventListener("resize", state.onResize);
      window.removeEventListener("pagehide", state.onLeave);
      clearTimeout(state.addressTimer); // the address is another page's now
      delete parentElement[STATE];
    }, 0);
}
