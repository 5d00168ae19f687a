// Pointing at the descent explorer's map: reading a point (hover, tap or click it), and with the student's own
// points placing them by hand (click to add, drag to move, Shift+click or Remove mode to remove, and in Move mode
// with no drag: click a point, then where it should go). An edit applies at once to the live run; the whole list
// is reported to the page once, on release. A point picked up (Move mode, or Enter on the map) is shared with the
// keys (descent_keys.js).

import { el } from "./dom.js";
import { markerIcon } from "./descent_draw.js";
import * as placing from "./points.js";

const DRAG_START = 3; // px a pressed point must move before it is dragged: a tap leaves it where it is
const SLACK = { mouse: 4, pen: 6, touch: 12 }; // pixels beyond a marker's edge that still grab it
// The least radius of a point's target in px: 24 px across for a mouse or a pen (WCAG 2.5.8), 44 px for a finger.
const TARGET = { mouse: 12, pen: 12, touch: 22 };

/** The bar under the map for placing points by hand (own points only): the class a click adds, a Remove mode, on
 * a touch screen a switch between placing points and scrolling the page, and what the pointer does, in words. */
export function buildEditor(left) {
  const bar = el("div", { class: "dx-edit", role: "group", "aria-label": "Place points on the map", hidden: "" }, left);
  el("span", { class: "dx-edit-name" }, bar).textContent = "Add";
  const classes = el("span", { class: "dx-edit-classes" }, bar);
  const remove = el("button", { type: "button", "data-action": "remove", "aria-pressed": "false" }, bar);
  remove.textContent = "✕ Remove";
  const move = el("button", { type: "button", "data-action": "move", "aria-pressed": "false" }, bar);
  move.textContent = "✥ Move";
  const place = el("button", { type: "button", "data-action": "place", hidden: "" }, bar);
  const hint = el("span", { class: "dx-edit-hint", "aria-live": "polite" }, bar);
  return { bar, classes, remove, move, place, hint };
}

/** The class buttons 1 … K + 1 (a new class may be started, up to the most a run takes), and the mode pressed. */
export function fillEditor(state) {
  const { ui, data, edit } = state;
  ui.editor.bar.hidden = !data.editable;
  ui.wrap.classList.toggle("dx-placing", Boolean(data.editable && edit.placing));
  if (!data.editable) return;
  const choices = Math.min(state.history.K + 1, data.maxClasses);
  edit.label = Math.min(edit.label, choices - 1);
  if (ui.editor.classes.childElementCount !== choices) {
    ui.editor.classes.replaceChildren();
    for (let k = 0; k < choices; k++) {
      const button = el("button", { type: "button", "data-class": k, "aria-label": `Add points of class ${k + 1}` },
        ui.editor.classes);
      button.innerHTML = `${markerIcon(data, k)}${k + 1}`;
      button.addEventListener("click", () => chooseClass(state, k));
    }
  }
  describeEdit(state);
}

/** Class k from now on for points added by a click or a key (the mode goes back to adding). */
export function chooseClass(state, k) {
  Object.assign(state.edit, { label: k, removing: false, moving: false, placing: true });
  fillEditor(state);
}

/** Which button is pressed, and the sentence that says what a click does now (or why the last one did nothing). */
export function describeEdit(state, refusal = null) {
  const { ui, edit } = state;
  const adding = !edit.removing && !edit.moving;
  for (const button of ui.editor.classes.children) {
    button.setAttribute("aria-pressed", String(adding && Number(button.dataset.class) === edit.label));
  }
  ui.editor.remove.setAttribute("aria-pressed", String(edit.removing));
  ui.editor.remove.setAttribute("aria-label", edit.removing ? "Stop removing points" : "Remove points: a click on a point removes it");
  ui.editor.move.setAttribute("aria-pressed", String(edit.moving));
  ui.editor.move.setAttribute("aria-label", edit.moving ? "Stop moving points"
    : "Move points without dragging: click a point, then where it should go");
  ui.editor.place.hidden = !edit.touch;
  ui.editor.place.textContent = edit.placing ? "Done: scroll the page" : "Place points";
  ui.editor.place.setAttribute("aria-pressed", String(edit.placing));
  ui.editor.hint.classList.toggle("dx-edit-refused", refusal !== null);
  const pressCap = edit.touch ? "Tap" : "Click";
  const placingWords = edit.picked ? `${pressCap} where point ${edit.picked.i + 1} should go (on it again: let it be).`
    : edit.removing ? `${pressCap} a point to remove it.` : edit.moving ? `${pressCap} a point, then where it should go.`
      : edit.touch ? `Tap: add a class ${edit.label + 1} point · drag: move it.`
      : `Click: add a class ${edit.label + 1} point · drag: move it · Shift+click: remove it.`;
  ui.editor.hint.textContent = refusal ?? (!edit.touch ? placingWords
    : edit.placing ? `${placingWords} A swipe on the map places points, not scrolls.`
      : "A swipe on the map scrolls the page; tap a point to read it.");
}

/** Pick point i up to move it: by the keys, or by a click where it should go (Move mode). It is drawn with a
 * dashed ring; `added` (a point the keys just added) goes again if the move is cancelled. */
export function pick(state, i, { added = false } = {}) {
  const { points } = state.history;
  state.edit.picked = { i, from: [points[2 * i], points[2 * i + 1]], added };
  state.selected = i;
}

/** Point i at [x1, x2], in the live run at once (reported later: `unreported` until then). */
export function moveTo(state, onPoints, i, at) {
  const points = Float64Array.from(state.history.points);
  points.set(at, 2 * i);
  state.edit.unreported = true;
  onPoints({ points, labels: state.history.labels });
}

/** Put the picked point back where it was picked up (a point the keys added goes again); false if none was. */
export function cancelPick(state, onPoints) {
  const picked = state.edit.picked;
  state.edit.picked = null;
  if (!picked) return false;
  if (picked.added) {
    onPoints(placing.withoutPoint(state.history.points, state.history.labels, picked.i));
    state.selected = null;
  } else moveTo(state, onPoints, picked.i, picked.from);
  return true;
}

/** Wire the map's pointer events: `onPoints(points, labels)` applies an edit to the live run, `onCommit()` reports
 * it, `onRead(i)` reads point i out (null: none), `redraw()` paints the points again. */
export function wireMap(state, { onPoints, onCommit, onRead, redraw }) {
  const { ui, edit } = state;
  const map = ui.overlay;
  edit.touch = window.matchMedia("(pointer: coarse)").matches;
  edit.placing = !edit.touch; // on a touch screen the map scrolls the page until the student asks to place points
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
    const kind = event.pointerType in TARGET ? event.pointerType : "mouse";
    const slack = (r) => Math.max(SLACK[kind], TARGET[kind] - r);
    return placing.hitPoint(state.map.frame, state.history.points, radii.map((r) => r + slack(r)), where, 0);
  };
  const inSquare = ([u, v]) => {
    const { size, axis } = state.map;
    return u >= axis && u <= axis + size && v >= 0 && v <= size;
  };
  const editing = (event) => state.data.editable && (edit.placing || event.pointerType !== "touch");
  // Another mode puts a picked point down where it is.
  const mode = (modes) => {
    if (edit.picked && edit.unreported) onCommit();
    Object.assign(edit, modes, { picked: null, placing: true });
    fillEditor(state);
    redraw();
  };
  ui.editor.remove.addEventListener("click", () => mode({ removing: !edit.removing, moving: false }));
  ui.editor.move.addEventListener("click", () => mode({ moving: !edit.moving, removing: false }));
  ui.editor.place.addEventListener("click", () => {
    edit.placing = !edit.placing;
    fillEditor(state);
  });
  map.addEventListener("pointerdown", (event) => {
    const where = at(event);
    if (event.button !== 0 || !inSquare(where)) return;
    let i = hit(event, where);
    if (!editing(event)) {
      onRead(i >= 0 ? i : null); // a tap reads a point, or stops reading; a swipe scrolls the page
      return;
    }
    event.preventDefault();
    if (edit.moving || edit.picked) {
      movePicked(i, where);
      return;
    }
    if (edit.removing || event.shiftKey || event.altKey) {
      const problem = i < 0 ? "Nothing removed: click on a point to remove it." : placing.removalProblem(state.history.labels, i);
      describeEdit(state, problem);
      if (problem) return;
      onRead(null);
      onPoints(placing.withoutPoint(state.history.points, state.history.labels, i));
      onCommit();
      return;
    }
    describeEdit(state);
    const added = i < 0;
    if (added) {
      if (state.history.n >= state.data.maxPoints) {
        describeEdit(state, `Not added: a run takes at most ${state.data.maxPoints.toLocaleString("en")} points.`);
        return;
      }
      onPoints(placing.withPoint(state.history.points, state.history.labels, placed(where), edit.label));
      i = state.history.n - 1;
    }
    // A pressed point keeps its offset from the pointer, so it does not jump to it; a new one sits under it.
    const { frame } = state.map;
    const centre = added ? where : [placing.toPixel(state.history.points[2 * i], frame.xlim, frame.x),
      placing.toPixel(state.history.points[2 * i + 1], frame.ylim, frame.y)];
    edit.gesture = { i, pointerId: event.pointerId, added, changed: added, start: where,
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
      const points = Float64Array.from(state.history.points);
      points.set(placed([where[0] + gesture.offset[0], where[1] + gesture.offset[1]]), 2 * gesture.i);
      gesture.changed = true;
      onPoints({ points, labels: state.history.labels });
      return;
    }
    if (event.pointerType !== "mouse" || gesture) return;
    const over = inSquare(where) ? hit(event, where) : -1;
    if (over !== state.hovered) {
      state.hovered = over >= 0 ? over : null;
      redraw();
    }
    if (!state.data.editable) {
      map.style.cursor = over >= 0 ? "pointer" : "";
      return;
    }
    const removing = edit.removing || event.shiftKey || event.altKey;
    map.style.cursor = !inSquare(where) ? "" : over >= 0 ? (removing ? "pointer" : "grab") : removing ? "" : "crosshair";
  });
  map.addEventListener("pointerleave", () => {
    if (state.hovered === null || edit.gesture) return;
    state.hovered = null;
    redraw();
  });
  const release = (event) => {
    const gesture = edit.gesture;
    if (!gesture || gesture.pointerId !== event.pointerId) return;
    edit.gesture = null;
    map.style.cursor = "";
    if (gesture.changed) onCommit();
    if (!gesture.added) onRead(gesture.i); // a press on a point that did not move it reads it
    if (edit.deferred) {
      const data = edit.deferred;
      edit.deferred = null;
      state.update(data);
    }
  };
  // Move mode, a click at a time (WCAG 2.5.7): one on a point picks it up, the next puts it where it falls (or, on a
  // point, picks that one instead; on itself, lets it be).
  const movePicked = (i, where) => {
    const picked = edit.picked;
    if (i >= 0 && i !== picked?.i) {
      if (edit.unreported) onCommit(); // the point picked before stays where the keys left it
      pick(state, i);
    }
    else if (picked && i === picked.i) edit.picked = null;
    else if (picked) {
      edit.picked = null;
      moveTo(state, onPoints, picked.i, placed(where));
      onRead(picked.i);
      onCommit();
    }
    describeEdit(state);
    redraw();
  };
  map.addEventListener("pointerup", release);
  map.addEventListener("pointercancel", release);
  map.addEventListener("lostpointercapture", release); // a capture lost without either must not hold the explorer
}
