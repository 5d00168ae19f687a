// The sigmoid-vs-softmax explorer: both probability maps and every weight control in one element, drawn in the
// browser at frame rate while a value is dragged (no server round trip) and reported to Python on release.
// The mathematics comes from linear.js (tested against `core`), the words from sigmoid_words.js; the tips' pointer
// and keys are wired in sigmoid_tips.js; this module builds, draws and wires the fields.

import { buildArrow, setArrow } from "./arrows.js";
import { el, hexRgb, pageTop, paintCells, svg } from "./dom.js";
import * as math from "./linear.js";
import { arrowLabel, arrowObstacles, markerBox, placeTexts, pointLabel } from "./map_labels.js";
import { HELP_ID, buildTips, keysHelp, placeTips, wireTips } from "./sigmoid_tips.js";
import * as words from "./sigmoid_words.js";

const STATE = "__sigmoidExplorer";
const ROWS = ["w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2"];
const FREE = ["w_1", "w_2", "b"];
const WORDS_MS = 600; // the picture is described again once it has rested this long
const LABEL_GAP = 3; // px kept between a label and another label, a marker or a tip

// 256 colours along the scale's stops, interpolated in RGB as Plotly does.
function colourTable(stops) {
  const table = new Uint8ClampedArray(256 * 3);
  const rgb = stops.map(([at, colour]) => [at, hexRgb(colour)]);
  for (let i = 0; i < 256; i++) {
    const p = i / 255;
    let k = 0;
    while (k < rgb.length - 2 && p > rgb[k + 1][0]) k++;
    const [[p0, c0], [p1, c1]] = [rgb[k], rgb[k + 1]];
    const t = (p - p0) / (p1 - p0);
    for (let j = 0; j < 3; j++) table[3 * i + j] = Math.round(c0[j] + t * (c1[j] - c0[j]));
  }
  return table;
}

const numberText = math.numberText;

// --- Building the element ----------------------------------------------------------------------------------

function buildMap(parent, id, title) {
  const figure = el("figure", { class: "sx-map", "data-model": id, "aria-labelledby": `sx-caption-${id}` }, parent);
  el("figcaption", { id: `sx-caption-${id}` }, figure).textContent = title;
  const plot = el("div", { class: "sx-plot" }, figure);
  const canvas = el("canvas", { "aria-hidden": "true" }, plot);
  // A group (not an image): it holds the tips, which are controls; what it draws is hidden from assistive
  // technology and said in words instead (its name, and the description).
  const overlay = svg("svg", { class: "sx-overlay", role: "group", "aria-describedby": "sx-description" }, plot);
  const defs = svg("defs", {}, overlay);
  const hatch = svg("pattern", { id: `sx-hatch-${id}`, width: 9, height: 9, patternUnits: "userSpaceOnUse" }, defs);
  svg("path", { d: "M0,0 L9,9 M9,0 L0,9", class: "sx-hatch-line" }, hatch);
  const clip = svg("clipPath", { id: `sx-clip-${id}` }, defs);
  const clipRect = svg("rect", {}, clip);
  const axes = svg("g", { class: "sx-axes", "aria-hidden": "true" }, overlay);
  const inside = svg("g", { "clip-path": `url(#sx-clip-${id})`, "aria-hidden": "true" }, overlay);
  const map = {
    id,
    figure,
    plot,
    canvas,
    overlay,
    clipRect,
    axes,
    disagree: svg("path", { class: "sx-disagree", fill: `url(#sx-hatch-${id})` }, inside),
    lines: {
      logistic: svg("line", { class: "sx-line sx-logistic" }, inside),
      softmax: svg("line", { class: "sx-line sx-softmax" }, inside),
    },
    arrows: {},
    points: svg("g", { class: "sx-points" }, inside),
    arrowLayer: svg("g", { class: "sx-arrows" }, overlay),
  };
  return map;
}

function addArrow(map, name, label, colour, draggable) {
  map.arrows[name] = buildArrow(map.arrowLayer, label, colour, { prefix: "sx", draggable, name });
  map.arrows[name].text.setAttribute("aria-hidden", "true"); // the tip's slider says its name
}

function buildNumber(parent, key, label, words, data) {
  const row = el("div", { class: "sx-number" }, parent);
  const id = `sx-${key}`;
  el("label", { for: `${id}-range` }, row).textContent = label;
  const range = el(
    "input",
    { type: "range", id: `${id}-range`, min: -data.slider, max: data.slider, step: data.step, "aria-label": words },
    row,
  );
  const exact = el(
    "input",
    {
      type: "text", // parsed by linear.js parseNumber: a number field would read "3,5" as 35
      id: `${id}-exact`,
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      "aria-label": `${words}, exact value`,
    },
    row,
  );
  const message = el("div", { class: "sx-message", role: "alert", id: `${id}-message` }, row);
  exact.setAttribute("aria-describedby", message.id);
  return { row, range, exact, message };
}

function build(root, data) {
  const wrap = el("div", { class: "sx", role: "group", "aria-label": "Sigmoid and softmax explorer" }, root);
  const maps = el("div", { class: "sx-maps" }, wrap);
  const ui = {
    wrap,
    maps: {
      logistic: buildMap(maps, "logistic", "Logistic ŷ = σ(wᵀx + b)"),
      softmax: buildMap(maps, "softmax", "Softmax ŷ₂ = softmax(z)₂"),
    },
    numbers: {},
  };
  const [blue, vermillion] = data.classColours;
  // The difference first, so the rows' handles at its ends lie on top of it.
  addArrow(ui.maps.softmax, "diff", "w₂ − w₁", data.look.text, false);
  addArrow(ui.maps.softmax, "w1", "w₁", blue, true);
  addArrow(ui.maps.softmax, "w2", "w₂", vermillion, true);
  addArrow(ui.maps.logistic, "w", "w", data.look.text, true);

  const legend = el("div", { class: "sx-legend" }, wrap);
  legend.innerHTML =
    '<span class="sx-scale"><span>P(class 2): 0</span><span class="sx-bar"></span><span>1</span></span>' +
    '<span><svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" class="sx-line sx-logistic"/></svg> logistic boundary</span>' +
    '<span><svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" class="sx-line sx-softmax"/></svg> softmax boundary</span>' +
    '<span><svg width="16" height="12" aria-hidden="true"><defs><pattern id="sx-hatch-key" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0,0 L6,6 M6,0 L0,6" class="sx-hatch-line"/></pattern></defs><rect width="16" height="12" class="sx-disagree-key"/></svg> labels differ</span>' +
    "<span>○ predicted class 1 · □ class 2</span>";

  const controls = el("div", { class: "sx-controls" }, wrap);
  const groups = [
    ["Softmax row of class 1 (w₁, b₁)", ROWS.slice(0, 3), 1],
    ["Softmax row of class 2 (w₂, b₂)", ROWS.slice(3), 2],
  ];
  for (const [title, keys, k] of groups) {
    const set = el("fieldset", { class: "sx-group" }, controls);
    el("legend", {}, set).textContent = title;
    const labels = [`w${"₁₂"[k - 1]},₁`, `w${"₁₂"[k - 1]},₂`, `b${"₁₂"[k - 1]}`];
    const words = [`class ${k} weight on x1`, `class ${k} weight on x2`, `class ${k} bias`];
    keys.forEach((key, i) => (ui.numbers[key] = buildNumber(set, key, labels[i], words[i], data)));
  }
  const logistic = el("fieldset", { class: "sx-group sx-logistic-group" }, controls);
  const legendLine = el("legend", { class: "sx-modes" }, logistic);
  legendLine.append("Logistic σ(wᵀx + b): ");
  const modes = el("span", { role: "radiogroup", "aria-label": "Logistic weights" }, legendLine);
  ui.mode = {};
  for (const [value, text] of [
    ["linked", "linked"],
    ["free", "free"],
  ]) {
    const label = el("label", { class: "sx-mode" }, modes);
    ui.mode[value] = el("input", { type: "radio", name: "sx-mode", value, id: `sx-mode-${value}` }, label);
    label.append(` ${text}`);
  }
  ui.linked = el("div", { class: "sx-linked" }, logistic);
  ui.free = el("div", { class: "sx-free" }, logistic);
  const freeLabels = ["w₁", "w₂", "b"];
  const freeWords = ["logistic weight on x1", "logistic weight on x2", "logistic bias"];
  FREE.forEach((key, i) => (ui.numbers[key] = buildNumber(ui.free, key, freeLabels[i], freeWords[i], data)));
  ui.score = el("div", { class: "sx-score" }, ui.free); // said by the announcement once a change settles
  // The picture in words, on demand (and as the maps' description), below the controls so the maps keep their
  // room on the first screen; what a change did is announced politely.
  const details = el("details", { class: "sx-words" }, wrap);
  el("summary", {}, details).textContent = "The picture in words, and the keys";
  ui.description = el("p", { id: "sx-description" }, details);
  el("p", { id: HELP_ID }, details).textContent = keysHelp(data.step);
  ui.announce = el("div", { class: "sx-sr", "aria-live": "polite", "aria-atomic": "true" }, wrap);
  return ui;
}

// --- Drawing -----------------------------------------------------------------------------------------------

function layoutMaps(state) {
  const { ui, data } = state;
  const width = ui.wrap.clientWidth;
  const stacked = width < 640;
  ui.wrap.classList.toggle("sx-stacked", stacked);
  const axis = Math.round(2.4 * data.look.fontSize);
  const pad = Math.round(0.8 * data.look.fontSize); // room above and right of the plot for the last tick labels
  let size = stacked ? width - axis - pad : Math.floor((width - 24) / 2) - axis - pad;
  if (!stacked) {
    // Keep the maps and the controls inside the window: the room below the element's top edge, less the controls.
    const top = pageTop(ui.wrap);
    const controls = ui.wrap.querySelector(".sx-controls").offsetHeight;
    const legend = ui.wrap.querySelector(".sx-legend").offsetHeight;
    const caption = ui.maps.logistic.figure.querySelector("figcaption").offsetHeight;
    const room = window.innerHeight - top - controls - legend - caption - axis - pad - 24;
    size = Math.max(240, Math.min(size, room));
  }
  size = Math.max(200, size);
  for (const map of Object.values(ui.maps)) {
    map.size = size;
    map.axis = axis;
    map.pad = pad;
    map.plot.style.width = `${size + axis + pad}px`;
    map.plot.style.height = `${size + axis + pad}px`;
    Object.assign(map.canvas.style, { left: `${axis}px`, top: `${pad}px`, width: `${size}px`, height: `${size}px` });
    map.overlay.setAttribute("width", size + axis + pad);
    map.overlay.setAttribute("height", size + axis + pad);
    map.clipRect.setAttribute("x", axis);
    map.clipRect.setAttribute("y", pad);
    map.clipRect.setAttribute("width", size);
    map.clipRect.setAttribute("height", size);
    drawAxes(map, data);
  }
}

function drawAxes(map, data) {
  const [lo, hi] = data.limits;
  const px = (x) => map.axis + ((x - lo) / (hi - lo)) * map.size;
  const py = (y) => map.pad + ((hi - y) / (hi - lo)) * map.size;
  map.px = px;
  map.py = py;
  map.fromPx = (x, y) => [lo + ((x - map.axis) / map.size) * (hi - lo), hi - ((y - map.pad) / map.size) * (hi - lo)];
  map.axes.replaceChildren();
  svg("rect", { x: map.axis, y: map.pad, width: map.size, height: map.size, class: "sx-frame" }, map.axes);
  const below = map.pad + map.size;
  for (let t = lo; t <= hi; t += (hi - lo) / 4) {
    const x = svg("text", { x: px(t), y: below + data.look.fontSize + 2, class: "sx-tick", "text-anchor": "middle" }, map.axes);
    x.textContent = numberText(t);
    const y = svg("text", { x: map.axis - 6, y: py(t) + data.look.fontSize / 3, class: "sx-tick", "text-anchor": "end" }, map.axes);
    y.textContent = numberText(t);
  }
  const xTitle = svg("text", { x: px(hi) - 2, y: below + 2 * data.look.fontSize + 2, class: "sx-tick", "text-anchor": "end" }, map.axes);
  xTitle.textContent = "x₁";
  const yTitle = svg("text", { x: 2, y: map.pad + data.look.fontSize, class: "sx-tick" }, map.axes);
  yTitle.textContent = "x₂";
}

function setLine(line, segment, map) {
  if (!segment) {
    line.setAttribute("visibility", "hidden");
    return;
  }
  line.setAttribute("visibility", "visible");
  line.setAttribute("x1", map.px(segment[0][0]));
  line.setAttribute("y1", map.py(segment[0][1]));
  line.setAttribute("x2", map.px(segment[1][0]));
  line.setAttribute("y2", map.py(segment[1][1]));
}

function polygonsPath(pieces, map) {
  return pieces
    .map((piece) => `M${piece.map(([x, y]) => `${map.px(x)},${map.py(y)}`).join("L")}Z`)
    .join("");
}

function paint(map, probabilities, data, table) {
  paintCells(map.canvas, data.resolution, () => table, (cell) => 3 * Math.round(probabilities[cell] * 255));
}

function drawPoints(map, data, labels) {
  const size = data.look.markerSize + 4;
  map.points.replaceChildren();
  map.markers = data.points.map(([x, y], i) => {
    const k = labels[i];
    const attrs = { fill: data.classColours[k], class: "sx-point", "data-name": data.names[i], "data-class": k + 1 };
    const [cx, cy] = [map.px(x), map.py(y)];
    if (k === 0) svg("circle", { ...attrs, cx, cy, r: size / 2 }, map.points);
    else svg("rect", { ...attrs, x: cx - size / 2, y: cy - size / 2, width: size, height: size }, map.points);
    const label = svg("text", { class: "sx-point-label" }, map.points);
    label.textContent = data.names[i];
    return { centre: [cx, cy], half: size / 2 + 1, label }; // + 1: half the outline's width
  });
}

/** The map's arrow and point labels, placed so that none covers another, a marker or a tip, inside the plot. */
function placeLabels(map, data) {
  const arrows = Object.values(map.arrows);
  const obstacles = arrowObstacles(arrows);
  obstacles.boxes.push(...map.markers.map(({ centre, half }) => markerBox(centre, half)));
  const offset = data.look.lineWidth / 2 + 2 + LABEL_GAP; // clear of the shaft's halo
  const labels = [
    ...arrows.map((arrow) => arrowLabel(arrow, { gap: LABEL_GAP, offset, font: data.look.fontSize })),
    ...map.markers.map(({ centre, half, label }) => pointLabel(label, centre, half, LABEL_GAP, data.look.fontSize)),
  ];
  const bounds = { x: map.axis, y: map.pad, width: map.size, height: map.size };
  map.placed = placeTexts(labels, obstacles, bounds, LABEL_GAP);
}

function draw(state) {
  const { ui, data, math } = state;
  const m = words.models(state.values, state.mode);
  const n = data.resolution;
  const [lo, hi] = data.limits;
  const centres = Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  state.drawn = {
    logistic: math.logisticGrid(m.w, m.b, centres, centres),
    softmax: math.softmaxGrid(m.W, m.bW, centres, centres),
    centres,
  };
  const logisticLine = math.boundarySegment(m.w, m.b, data.limits);
  const softmaxLine = math.boundarySegment(m.wStar, m.bStar, data.limits);
  const pieces = math.disagreementRegions(m.w, m.b, m.wStar, m.bStar, data.limits);
  const head = 8 + data.look.lineWidth * 2;
  const v = state.values;
  const classes = words.pointClasses(m, data.points);
  for (const map of Object.values(ui.maps)) {
    paint(map, state.drawn[map.id], data, state.table);
    setLine(map.lines.logistic, logisticLine, map);
    setLine(map.lines.softmax, softmaxLine, map);
    map.disagree.setAttribute("d", polygonsPath(pieces, map));
    drawPoints(map, data, classes[map.id].map((k) => k - 1));
  }
  const soft = ui.maps.softmax;
  const clip = (p, q) => math.clipSegment(p, q, data.limits);
  const reach = matchMedia("(pointer: coarse)").matches ? 22 : 12; // 44 px for a finger, 24 px otherwise
  const arrow = { visible: true, headSize: head, clip, reach };
  setArrow(soft.arrows.w1, [0, 0], [v.w1_1, v.w1_2], soft, arrow);
  setArrow(soft.arrows.w2, [0, 0], [v.w2_1, v.w2_2], soft, arrow);
  setArrow(soft.arrows.diff, [v.w1_1, v.w1_2], [v.w2_1, v.w2_2], soft, { ...arrow, visible: m.linked, labelAtMiddle: true });
  setArrow(ui.maps.logistic.arrows.w, [0, 0], m.w, ui.maps.logistic, arrow);
  ui.maps.logistic.arrows.w.g.classList.toggle("sx-draggable", !m.linked);
  for (const map of Object.values(ui.maps)) placeLabels(map, data);
  placeTips(state);
  ui.maps.logistic.overlay.setAttribute("aria-label", `Logistic model probability map, w = (${numberText(m.w[0])}, ${numberText(m.w[1])}), b = ${numberText(m.b)}`);
  soft.overlay.setAttribute("aria-label", `Softmax class 2 probability map, w₁ = (${numberText(v.w1_1)}, ${numberText(v.w1_2)}), w₂ = (${numberText(v.w2_1)}, ${numberText(v.w2_2)})`);

  // Controls follow the values, except a field while it is being typed in: once its value is entered it follows
  // too, focused or not (Back after typing 2 puts the field back with its slider).
  for (const [key, control] of Object.entries(ui.numbers)) {
    const value = v[key];
    control.range.value = Math.min(Math.max(value, -data.slider), data.slider);
    control.range.setAttribute("aria-valuetext", numberText(value));
    if (!control.typing) [control.exact.value, control.before] = [String(value), value];
  }
  ui.mode.linked.checked = m.linked;
  ui.mode.free.checked = !m.linked;
  ui.free.hidden = m.linked;
  ui.linked.hidden = !m.linked;
  ui.linked.textContent = `w = w₂ − w₁ = (${numberText(m.wStar[0])}, ${numberText(m.wStar[1])}),  b = b₂ − b₁ = ${numberText(m.bStar)}`;
  if (!m.linked) {
    const { share, gap } = words.agreementTexts(m, data.limits);
    ui.score.innerHTML =
      `<span>agree on <strong data-metric="agreement">${share}</strong></span>` +
      `<span>largest gap <strong data-metric="gap">${gap}</strong></span>`;
  }
  describeLater(state, m);
}

/** Describe the picture in words once it rests (not on every frame of a drag or key press): the description read
 * on demand at once the first time, then after WORDS_MS, with an announcement of what the change did. */
function describeLater(state, m) {
  const view = JSON.stringify([state.values, state.mode, state.data.points]);
  if (view === state.described) return;
  const { ui, data } = state;
  const say = () => {
    if (state.dragging) return void (state.wordsTimer = setTimeout(say, WORDS_MS));
    const before = state.classes;
    state.described = view;
    state.classes = words.pointClasses(m, data.points);
    ui.description.textContent = words.describe(m, data.points, data.names, data.limits);
    if (before) ui.announce.textContent = words.announce(m, data.points, data.names, data.limits, before);
  };
  clearTimeout(state.wordsTimer);
  if (state.classes) state.wordsTimer = setTimeout(say, WORDS_MS);
  else say();
}

function schedule(state) {
  if (state.frame) return;
  state.frame = requestAnimationFrame(() => {
    state.frame = 0;
    draw(state);
    state.frames += 1;
    state.drawnAt = performance.now(); // read by the browser tests and bench/bench_browser.py
  });
}

// --- Events ------------------------------------------------------------------------------------------------

function commit(state, setStateValue) {
  clearTimeout(state.keyTimer); // a pending key report is this one
  state.keyTimer = 0;
  state.seq += 1; // with the time: a remounted explorer must not repeat a number the page has taken already
  setStateValue("view", { values: { ...state.values }, mode: state.mode, seq: `${Date.now()}-${state.seq}` });
}

function wire(state, setStateValue) {
  const { ui, data } = state;
  const range = `−${data.typed.toLocaleString("en")} to ${data.typed.toLocaleString("en")}`;
  for (const [key, control] of Object.entries(ui.numbers)) {
    control.range.addEventListener("input", () => {
      state.values[key] = Number(control.range.value);
      schedule(state);
    });
    control.range.addEventListener("change", () => commit(state, setStateValue));
    // A typed value counts only once it is a whole number in range: "1e7" passes through "1" on its way, and a
    // field that ends invalid keeps the value it had when typing began.
    const typedValue = () => {
      const value = state.math.parseNumber(control.exact.value);
      return value !== null && Math.abs(value) <= data.typed ? value : null;
    };
    control.exact.addEventListener("focus", () => (control.before = state.values[key]));
    control.exact.addEventListener("input", () => {
      control.typing = true;
      const value = typedValue();
      control.exact.setAttribute("aria-invalid", String(value === null));
      control.message.textContent = value === null ? `Type a number from ${range}.` : "";
      state.values[key] = value ?? control.before;
      schedule(state);
    });
    control.exact.addEventListener("change", () => {
      control.typing = false;
      const value = typedValue();
      control.exact.setAttribute("aria-invalid", "false");
      const typed = control.exact.value.trim();
      control.message.textContent =
        value === null && typed ? `“${typed.slice(0, 20)}” is not a number from ${range}; ${numberText(control.before)} is kept.` : "";
      state.values[key] = value ?? control.before;
      control.exact.value = String(state.values[key]);
      schedule(state);
      if (state.values[key] !== control.before) commit(state, setStateValue);
      control.before = state.values[key];
    });
  }
  for (const [value, input] of Object.entries(ui.mode)) {
    input.addEventListener("change", () => {
      if (!input.checked) return;
      state.mode = value;
      schedule(state);
      commit(state, setStateValue);
    });
  }
  wireTips(state, { draw: () => schedule(state), report: () => commit(state, setStateValue) });
}

export default function sigmoidExplorer({ data, parentElement, setStateValue }) {
  let state = parentElement[STATE];
  if (!state) {
    state = parentElement[STATE] = { root: parentElement, seq: 0, frames: 0, frame: 0, rev: null, dragging: null, selected: null };
  }
  state.data = data;
  state.table = colourTable(data.scale);
  state.math = math;
  if (!state.ui) {
    state.ui = build(parentElement, data);
    buildTips(state);
    wire(state, setStateValue);
    state.resize = new ResizeObserver(() => {
      layoutMaps(state);
      draw(state);
    });
    state.resize.observe(state.ui.wrap);
    window.addEventListener("resize", state.onResize = () => {
      layoutMaps(state);
      draw(state);
    });
  }
  // The server's values win when it changed them (a preset, Back, a link), not when it echoes a release.
  if (state.rev !== data.rev && !state.dragging) {
    state.rev = data.rev;
    state.values = { ...data.values };
    state.mode = data.mode;
  }
  const bar = state.ui.wrap.querySelector(".sx-bar");
  bar.style.background = `linear-gradient(to right, ${data.scale.map(([at, c]) => `${c} ${100 * at}%`).join(", ")})`;
  state.ui.wrap.style.setProperty("--sx-font", `${data.look.fontSize}px`);
  state.ui.wrap.style.setProperty("--sx-line", `${data.look.lineWidth}px`);
  state.ui.wrap.style.setProperty("--sx-text", data.look.text);
  state.ui.wrap.style.setProperty("--sx-outline", data.look.outline);
  state.ui.wrap.style.setProperty("--sx-softmax", data.softmaxColour);
  state.ui.wrap.style.setProperty("--sx-neutral", data.look.neutral);
  layoutMaps(state);
  draw(state);

  return () =>
    setTimeout(() => {
      if (parentElement.host ? parentElement.host.isConnected : parentElement.isConnected) return;
      state.resize?.disconnect();
      window.removeEventListener("resize", state.onResize);
      delete parentElement[STATE];
    }, 0);
}
