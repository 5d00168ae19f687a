// The arrow tips a student moves (w₁, w₂ and, in free mode, the logistic w): dragged with a pointer, moved with the
// arrow keys, or selected (a click, Enter or Space) and then placed with a click on their map, a way that needs no
// drag (WCAG 2.5.7). Keys report to Python once they settle, so a held key reruns the page once, not per press.

import { el, svg } from "./dom.js";
import { numberText } from "./linear.js";

export const TIPS = {
  w1: { map: "softmax", keys: ["w1_1", "w1_2"], label: "w₁", words: "w₁, tip of class 1's weight vector" },
  w2: { map: "softmax", keys: ["w2_1", "w2_2"], label: "w₂", words: "w₂, tip of class 2's weight vector" },
  w: { map: "logistic", keys: ["w_1", "w_2"], label: "w", words: "w, tip of the logistic weight vector" },
};
export const SETTLE_MS = 300; // keys report this long after the last press
export const BIG = 10; // Shift moves this many steps
export const HELP_ID = "sx-tip-keys";
const CLICK_PX = 4; // a press that moves less than this is a click, which selects the tip, not a drag
const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowDown: [0, -1], ArrowUp: [0, 1] };

const snap = (x, step) => Math.round(x / step) * step;
export const tidy = (x) => Number(x.toFixed(10)); // 0.30000000000000004 → 0.3
const movable = (state, name) => name !== "w" || state.mode === "free";

/** The keys' help, for the tips' descriptions and the picture's words. */
export function keysHelp(step) {
  return (
    `Arrow tips: Tab to one; the arrow keys move it by ${numberText(step)}, with Shift by ${numberText(tidy(BIG * step))}; ` +
    "Enter or Space selects it, then a click on its map puts it there; Escape cancels the selection."
  );
}

function ring(arrow, kind) {
  const g = svg("g", { class: `sx-ring ${kind}` });
  arrow.g.insertBefore(g, arrow.handle.nextSibling); // after the handle, for CSS's sibling selector
  return [svg("circle", { class: "sx-ring-dark" }, g), svg("circle", { class: "sx-ring-light" }, g)];
}

/** Make each tip's handle a focusable 2-D slider with a focus ring, a selection ring, and a hint on its map. */
export function buildTips(state) {
  const { ui, data } = state;
  for (const [name, tip] of Object.entries(TIPS)) {
    const arrow = ui.maps[tip.map].arrows[name];
    const attrs = {
      tabindex: 0,
      role: "slider",
      "aria-label": tip.words,
      "aria-valuemin": -data.typed,
      "aria-valuemax": data.typed,
      "aria-describedby": HELP_ID,
    };
    for (const [k, v] of Object.entries(attrs)) arrow.handle.setAttribute(k, v);
    arrow.rings = { focus: ring(arrow, "sx-focus-ring"), pick: ring(arrow, "sx-pick-ring") };
  }
  for (const map of Object.values(ui.maps)) map.hint = el("p", { class: "sx-hint", role: "status" }, map.plot);
}

/** After the arrows are placed: rings around the handles, each tip's value for assistive technology, the hints. */
export function placeTips(state) {
  if (state.selected && !movable(state, state.selected)) state.selected = null;
  for (const [name, tip] of Object.entries(TIPS)) {
    const arrow = state.ui.maps[tip.map].arrows[name];
    const [cx, cy, r] = ["cx", "cy", "r"].map((a) => Number(arrow.handle.getAttribute(a)));
    // Two bands of ≥ 9:1 to each other, so one of them has ≥ 3:1 against any colour of the map (WCAG C40).
    arrow.rings.focus.forEach((c, i) => setAll(c, { cx, cy, r: r + 2.5 + 2.5 * i }));
    arrow.rings.pick.forEach((c, i) => setAll(c, { cx, cy, r: r + 8.5 + 2.5 * i }));
    arrow.g.classList.toggle("sx-selected", state.selected === name);
    const [x, y] = tip.keys.map((key) => state.values[key]);
    setAll(arrow.handle, {
      tabindex: movable(state, name) ? 0 : -1,
      "aria-valuenow": x,
      "aria-valuetext": `${tip.label} = (${numberText(x)}, ${numberText(y)})`,
    });
  }
  for (const map of Object.values(state.ui.maps)) {
    const tip = state.selected && TIPS[state.selected];
    const hint = tip && tip.map === map.id ? `${tip.label} selected: click on this map where its tip should go; Escape cancels.` : "";
    if (map.hint.textContent !== hint) map.hint.textContent = hint;
    map.overlay.classList.toggle("sx-picking", Boolean(hint));
  }
}

function setAll(node, attrs) {
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
}

/** The point of `map` under the pointer of `event`, in data units. */
function pointAt(map, event) {
  const box = map.overlay.getBoundingClientRect();
  return map.fromPx(event.clientX - box.left, event.clientY - box.top);
}

/** Put tip `name` at `point`, snapped to the fields' step and kept within the map, where it can be seen and grabbed. */
function putTip(state, name, point) {
  const [lo, hi] = state.data.limits;
  TIPS[name].keys.forEach((key, axis) => {
    state.values[key] = tidy(Math.min(Math.max(snap(point[axis], state.data.step), lo), hi));
  });
}

/** Move tip `name` by `move` steps: within the map, as a drag; a tip typed beyond it moves back, never jumps in. */
function nudge(state, name, move, big) {
  const [lo, hi] = state.data.limits;
  const step = state.data.step * (big ? BIG : 1);
  TIPS[name].keys.forEach((key, axis) => {
    const old = state.values[key];
    if (move[axis]) state.values[key] = Math.min(Math.max(tidy(old + move[axis] * step), Math.min(lo, old)), Math.max(hi, old));
  });
}

/** Wire the tips: `draw()` asks for a frame, `report()` sends the view to Python (it also cancels a pending key
 * report, `state.keyTimer`). */
export function wireTips(state, { draw, report }) {
  const { ui } = state;
  const select = (name) => {
    state.selected = name;
    draw();
  };
  for (const [name, tip] of Object.entries(TIPS)) {
    const map = ui.maps[tip.map];
    const { handle } = map.arrows[name];
    handle.addEventListener("pointerdown", (event) => {
      if (!movable(state, name)) return;
      event.preventDefault();
      event.stopPropagation(); // a press on a tip is not a click on the map
      handle.setPointerCapture(event.pointerId);
      handle.focus({ preventScroll: true });
      state.press = { name, x: event.clientX, y: event.clientY };
    });
    handle.addEventListener("pointermove", (event) => {
      const { press } = state;
      if (!press || press.name !== name) return;
      if (!state.dragging && Math.hypot(event.clientX - press.x, event.clientY - press.y) < CLICK_PX) return;
      state.dragging = name;
      putTip(state, name, pointAt(map, event));
      draw();
    });
    const release = (event) => {
      if (!state.press || state.press.name !== name) return;
      state.press = null;
      if (state.dragging) {
        state.dragging = null;
        state.selected = null;
        report();
      } else if (event.type === "pointerup") {
        select(state.selected === name ? null : name);
      }
      draw();
    };
    handle.addEventListener("pointerup", release);
    handle.addEventListener("pointercancel", release);
    handle.addEventListener("keydown", (event) => {
      if (!movable(state, name)) return;
      const move = MOVES[event.key];
      if (move) {
        event.preventDefault();
        nudge(state, name, move, event.shiftKey);
        draw();
        clearTimeout(state.keyTimer);
        state.keyTimer = setTimeout(report, SETTLE_MS);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(state.selected === name ? null : name);
      }
    });
    handle.addEventListener("blur", () => state.keyTimer && report()); // leaving a tip reports it at once
  }
  for (const map of Object.values(ui.maps)) {
    map.overlay.addEventListener("pointerdown", (event) => {
      const name = state.selected;
      if (!name) return;
      if (TIPS[name].map !== map.id) return select(null);
      const point = pointAt(map, event);
      const [lo, hi] = state.data.limits;
      if (point.some((v) => v < lo || v > hi)) return; // beside the map: the selection stays
      event.preventDefault();
      putTip(state, name, point);
      state.selected = null;
      draw();
      report();
    });
  }
  ui.wrap.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !state.selected) return;
    event.stopPropagation();
    select(null);
  });
}
