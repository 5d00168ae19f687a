// Arrows drawn on an explorer's map (weight rows, steps, pushes): built once, then placed in pixels each frame.

import { attr, svg } from "./dom.js";

/** The parts of an arrow in `layer`: a halo, a line, a head, a grab handle if `draggable`, a label. Class names
 * start with `prefix` (the explorer's own), so each styles its arrows in its own sheet; `kind` adds a class
 * `prefix-kind` to tell arrows of one map apart. */
export function buildArrow(layer, label, colour, { prefix, kind = null, draggable = false, name = label }) {
  const classes = [`${prefix}-arrow`, ...(kind ? [`${prefix}-${kind}`] : []), ...(draggable ? [`${prefix}-draggable`] : [])];
  const g = svg("g", { class: classes.join(" "), "data-arrow": name }, layer);
  const halo = svg("line", { class: `${prefix}-arrow-halo` }, g);
  const line = svg("line", { class: `${prefix}-arrow-line`, stroke: colour }, g);
  const head = svg("path", { class: `${prefix}-arrow-head`, fill: colour }, g);
  const handle = draggable ? svg("circle", { class: `${prefix}-handle`, stroke: colour }, g) : null;
  const text = svg("text", { class: `${prefix}-arrow-label` }, g);
  text.textContent = label;
  return { g, halo, line, head, handle, text, prefix };
}

/** Place `arrow` from `from` to `to` (data units; `map.px`, `map.py` give pixels), cut where it leaves the map by
 * `clip(from, to)` (null: nothing of it is inside): the head and the handle sit at the cut, so a tip beyond the map
 * can still be grabbed and dragged back. A handle's radius is at least `reach` pixels: 12 makes the 24 px target of
 * WCAG 2.5.8; a coarse pointer (a finger) wants 22, a 44 px target. What is drawn is kept in pixels as `arrow.at`
 * (null when hidden) for map_labels.js, which places the label: near the tip, or near the middle with
 * `labelAtMiddle`, or nowhere with `label: false`. */
export function setArrow(arrow, from, to, map, { visible = true, headSize, clip, labelAtMiddle = false, label = true, reach = 12 }) {
  const shown = visible && clip(from, to);
  attr(arrow.g, "visibility", shown ? "visible" : "hidden");
  arrow.at = null;
  if (!shown) return;
  arrow.g.classList.toggle(`${arrow.prefix}-cut`, shown[1][0] !== to[0] || shown[1][1] !== to[1]);
  const [x0, y0, x1, y1] = [map.px(shown[0][0]), map.py(shown[0][1]), map.px(shown[1][0]), map.py(shown[1][1])];
  const length = Math.hypot(x1 - x0, y1 - y0);
  const [ux, uy] = length > 0 ? [(x1 - x0) / length, (y1 - y0) / length] : [1, 0];
  const head = Math.min(headSize, length); // a short arrow is all head, never longer than itself
  const [bx, by] = [x1 - head * ux, y1 - head * uy];
  for (const line of [arrow.halo, arrow.line]) {
    line.setAttribute("x1", x0);
    line.setAttribute("y1", y0);
    line.setAttribute("x2", bx);
    line.setAttribute("y2", by);
  }
  const side = head * 0.5;
  arrow.head.setAttribute("d", `M${x1},${y1} L${bx - side * uy},${by + side * ux} L${bx + side * uy},${by - side * ux} Z`);
  const radius = arrow.handle ? Math.max(reach, headSize * 0.8) : 0.6 * headSize;
  if (arrow.handle) {
    arrow.handle.setAttribute("cx", x1);
    arrow.handle.setAttribute("cy", y1);
    arrow.handle.setAttribute("r", radius);
  }
  attr(arrow.text, "visibility", label ? "inherit" : "hidden"); // "visible" would show it in a hidden arrow
  arrow.at = { from: [x0, y0], to: [x1, y1], radius, label, middle: labelAtMiddle };
}
