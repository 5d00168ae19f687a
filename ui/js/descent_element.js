// The descent explorer's element: the map (two canvases under an SVG overlay that takes the pointer and the keys),
// the controls, the curves, the verdict and the legend, and what a screen reader reads of them (the map's
// description and its keys, a polite live region). Built once; descent_draw.js and the wiring fill it in.

import { markerIcon } from "./descent_draw.js";
import { buildEditor } from "./descent_edit.js";
import { keysHelp, keysSummary } from "./descent_describe.js";
import { speedName } from "./descent_words.js";
import { el, svg } from "./dom.js";

export const SPEEDS = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000, Infinity]; // steps a second

export function build(root, data) {
  const wrap = el("div", { class: "dx", role: "group", "aria-label": "Gradient descent, trained live in your browser" }, root);
  const main = el("div", { class: "dx-main" }, wrap);
  const left = el("div", { class: "dx-left" }, main);
  const figure = el("figure", { class: "dx-map", "aria-labelledby": "dx-map-caption" }, left);
  const caption = el("figcaption", { id: "dx-map-caption" }, figure);
  const plot = el("div", { class: "dx-plot" }, figure);
  const shade = el("canvas", { class: "dx-shade", "aria-hidden": "true" }, plot);
  const dots = el("canvas", { class: "dx-dots", "aria-hidden": "true" }, plot);
  // An application to a screen reader: the arrow keys reach the map (they go from point to point) instead of moving
  // the reading cursor. Its name stays the same while it plays; what it shows is in its description.
  const overlay = svg("svg", { class: "dx-overlay", role: "application", tabindex: "0", "aria-roledescription": "map",
    "aria-label": "Map of the predicted class, the points and the rows as arrows",
    "aria-describedby": "dx-description dx-keys-help" }, plot);
  const defs = svg("defs", {}, overlay);
  const clipRect = svg("rect", {}, svg("clipPath", { id: "dx-clip" }, defs));
  const hidden = { "aria-hidden": "true" };
  const axes = svg("g", { class: "dx-axes", ...hidden }, overlay);
  const lines = svg("g", { "clip-path": "url(#dx-clip)", ...hidden }, overlay);
  const arrows = svg("g", { class: "dx-arrows", ...hidden }, overlay);
  // The point in focus: a white ring under a black one, so one of them stands ≥ 4.5:1 against any shading.
  const ring = svg("g", { class: "dx-ring", visibility: "hidden", ...hidden }, overlay);
  svg("circle", { class: "dx-ring-light" }, ring);
  svg("circle", { class: "dx-ring-dark" }, ring);
  // Not live: it changes with every frame while it plays; the point in focus is said through `live` when it rests.
  const reading = el("div", { class: "dx-reading", hidden: "" }, plot);
  const description = el("div", { class: "dx-sr", id: "dx-description" }, left);
  const keysHelpText = el("p", { class: "dx-sr", id: "dx-keys-help" }, left);
  const arrowKey = el("p", { class: "dx-arrow-key" }, left);
  const editor = buildEditor(left);

  const side = el("div", { class: "dx-side" }, main);
  const status = el("p", { class: "dx-status" }, side);
  const live = el("div", { class: "dx-sr", "aria-live": "polite" }, side);
  const controls = el("div", { class: "dx-controls" }, side);
  const button = (action, text, label) => {
    const b = el("button", { type: "button", "data-action": action, "aria-label": label }, controls);
    b.textContent = text;
    return b;
  };
  // Each name starts with the words on the button, so a student who says what they see (voice control) reaches it.
  const back = button("back", "◀ Back", "Back: one step back");
  const play = button("play", "▶ Play", "Play");
  const forward = button("forward", "Next ▶", "Next: one step forward");
  const reset = button("reset", "↺ Reset", "Reset: back to the start, forgetting the steps trained");
  const scrubLabel = el("label", { class: "dx-scrub" }, controls);
  scrubLabel.append("Step ");
  const scrub = el("input", { type: "range", min: 0, max: 0, step: 1, value: 0, "aria-label": "Step shown" }, scrubLabel);
  const rateLabel = el("label", { class: "dx-rate" }, controls);
  rateLabel.append("η ");
  const rate = el("input", { type: "range", min: 0, max: data.rates.length - 1, step: 1, "aria-label": "Learning rate η" }, rateLabel);
  const rateText = el("output", {}, rateLabel);
  const speedLabel = el("label", { class: "dx-speed" }, controls);
  speedLabel.append("Speed ");
  const speed = el("select", { "aria-label": "Speed: steps trained a second" }, speedLabel);
  for (const r of SPEEDS) el("option", { value: String(r) }, speed).textContent = speedName(r);
  const note = el("p", { class: "dx-note", hidden: "" }, side);
  note.textContent = "Your system asks for reduced motion: nothing moves until you press Play, and it plays slowly.";

  const curves = {};
  for (const [name, title] of [
    ["loss", "Loss (mean cross-entropy)"],
    ["accuracy", "Accuracy (of the points with a predicted class)"],
  ]) {
    const box = el("figure", { class: "dx-curve", "data-curve": name, "aria-labelledby": `dx-${name}-caption` }, side);
    el("figcaption", { id: `dx-${name}-caption` }, box).textContent = title;
    const area = svg("svg", { role: "img", "aria-label": `${title} at every step trained so far` }, box);
    curves[name] = {
      box,
      area,
      axes: svg("g", { class: "dx-axes" }, area),
      line: svg("path", { class: "dx-curve-line" }, area),
      rule: svg("line", { class: "dx-rule" }, area),
      marker: svg("path", { class: "dx-current" }, area),
    };
  }
  // Not a live region itself: a new verdict is said through `live`, after the words for the step it is about.
  const verdict = el("div", { class: "dx-verdict", role: "note" }, side);
  const legend = el("div", { class: "dx-legend" }, side);
  return { wrap, left, figure, caption, plot, shade, dots, overlay, clipRect, axes, lines, arrows, ring, reading,
    description, keysHelp: keysHelpText, arrowKey, editor, controls, back, play, forward, reset, scrub, rate,
    rateText, speed, note, side, status, live, curves, verdict, legend };
}

export function fillLegend(state) {
  const { ui, data, history } = state;
  const classes = Array.from({ length: history.K }, (_, k) => `<span class="dx-key">${markerIcon(data, k)} class ${k + 1}</span>`)
    .join("");
  const keys = keysHelp(Boolean(data.editable));
  ui.legend.innerHTML =
    `<p>${classes}</p>` +
    // Folded, so the map, the curves and the verdict under them fit the first screen of a school laptop.
    `<details${state.legendOpen ? " open" : ""}><summary>How to read the map</summary>` +
    "<p><strong>Shading</strong>: the class the model predicts there, deeper the surer it is (pale: unsure; where " +
    "two classes tie, no class is predicted and nothing is shaded). <strong>Lines</strong>: the class boundaries, " +
    "where two classes tie. <strong>Marker size</strong> grows with 1 − ŷ of the point's own class (playing on " +
    "many points, the sizes are renewed a few times a second; paused, they are those of the step shown). " +
    "<strong>Arrows</strong> from the origin: the rows w₁ … w_K " +
    "(the bias is not drawn). At each tip, solid: the next step of that row, −η (Ŷ − Y)ᵀX / N; dashed: the push of " +
    "the point you point at, −η (ŷ − y) x / N, along its x for every row. Point at a point (hover, tap or click) to " +
    "read its ŷ, y and ŷ − y. <strong>◆</strong>: the rows' mean. <strong>Diamonds</strong> on the curves: the " +
    "step shown.</p></details>" +
    `<details${state.keysOpen ? " open" : ""}><summary>Keys on the map</summary><dl class="dx-keys">` +
    keys.map(([key, action]) => `<dt><kbd>${key}</kbd></dt><dd>${action}</dd>`).join("") +
    "</dl></details>";
  const [legendBox, keysBox] = ui.legend.querySelectorAll("details");
  legendBox.addEventListener("toggle", (event) => (state.legendOpen = event.target.open));
  keysBox.addEventListener("toggle", (event) => (state.keysOpen = event.target.open));
  ui.keysHelp.textContent = keysSummary(Boolean(data.editable));
}
