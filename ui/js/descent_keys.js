// The descent explorer's map by keyboard: one tab stop with a roving point in focus (the arrow keys go from point to
// point in the table's order, so 2,000 points are not 2,000 tab stops); with the student's own points, Enter picks
// the point up, the arrows move it, Enter puts it down and Escape puts it back; + adds a point of the chosen class,
// Delete removes one, 1 … 9 choose the class. An edit applies at once to the live run; the page hears of it once
// the keys have been quiet for SETTLE ms, so a burst of presses costs one rerun.

import { cancelPick, chooseClass, describeEdit, moveTo, pick } from "./descent_edit.js";
import * as placing from "./points.js";

const SETTLE = 500; // ms with no editing key before the page hears of the edits
const PAGE = 10; // points Page Up and Page Down skip
const MOVES = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

/** Escape: a picked point goes back where it was (one the keys added goes again), else no point is in focus. */
export function escape(state, { onPoints, say }) {
  const { edit } = state;
  const picked = edit.picked;
  if (cancelPick(state, onPoints)) {
    say(picked.added ? `Point ${picked.i + 1} is gone again.` : `Point ${picked.i + 1} is back where it was.`);
    describeEdit(state);
    commitSoon(state);
    return true;
  }
  if (state.selected === null) return false;
  state.selected = null;
  say("No point in focus.");
  return true;
}

/** Report the edits once the keys have been quiet for SETTLE ms and no point is picked up. */
export function commitSoon(state) {
  const { edit } = state;
  clearTimeout(edit.settle);
  edit.settle = setTimeout(() => edit.unreported && !edit.picked && edit.commit(), SETTLE);
}

/** Wire the map's keys: `onPoints` applies an edit to the live run, `onCommit` reports it, `say(words)` speaks
 * through the live region, `describe()` says the whole description, `redraw()` paints again. */
export function wireKeys(state, hooks) {
  const { ui, edit } = state;
  const { onPoints, say } = hooks;
  edit.commit = hooks.onCommit;
  const current = () => (state.selected !== null && state.selected < state.history.n ? state.selected : null);

  const walk = (to) => {
    const n = state.history.n;
    if (n === 0) return;
    const i = Math.min(Math.max(to, 0), n - 1);
    if (i === current()) say(i === 0 ? "This is the first point." : "This is the last point.");
    state.selected = i;
  };

  const nudge = (i, [dx, dy], far) => {
    const { frame } = state.map;
    const step = placing.keyStep(frame.xlim) * (far ? 10 : 1);
    const { points } = state.history;
    const [x1, x2] = [points[2 * i], points[2 * i + 1]];
    moveTo(state, onPoints, i, [dx ? placing.nudged(x1, dx * step, frame.xlim, step) : x1,
      dy ? placing.nudged(x2, dy * step, frame.ylim, step) : x2]);
  };

  const enter = () => {
    const picked = edit.picked;
    if (picked) {
      edit.picked = null;
      commitSoon(state);
      say(`Point ${picked.i + 1} put down.`);
    } else if (current() !== null) {
      pick(state, current());
      say(`Point ${current() + 1} picked up: the arrow keys move it (with Shift, further), Enter puts it down, ` +
        "Escape puts it back.");
    } else say("No point in focus: the arrow keys go from point to point.");
    describeEdit(state);
  };

  const remove = () => {
    const i = edit.picked?.i ?? current();
    if (i === null) return say("No point in focus: the arrow keys go from point to point.");
    const problem = placing.removalProblem(state.history.labels, i);
    if (problem) return say(problem);
    edit.picked = null;
    edit.unreported = true;
    onPoints(placing.withoutPoint(state.history.points, state.history.labels, i));
    const n = state.history.n;
    state.selected = Math.min(i, n - 1);
    commitSoon(state);
    say(`Point ${i + 1} removed; ${n} left.`);
    describeEdit(state);
  };

  const add = () => {
    const { history, data } = state;
    if (history.n >= data.maxPoints) return say(`Not added: a run takes at most ${data.maxPoints.toLocaleString("en")} points.`);
    if (edit.picked) edit.picked = null; // the point picked before is put down where it is
    const { frame } = state.map;
    const step = placing.keyStep(frame.xlim);
    const middle = (lim) => placing.nudged((lim[0] + lim[1]) / 2, 0, lim, step);
    edit.unreported = true;
    onPoints(placing.withPoint(history.points, history.labels, [middle(frame.xlim), middle(frame.ylim)], edit.label));
    pick(state, state.history.n - 1, { added: true });
    say(`Point ${state.history.n}, class ${edit.label + 1}, added in the middle of the map and picked up: the arrow ` +
      "keys move it, Enter puts it down, Escape takes it away.");
    describeEdit(state);
  };

  const choose = (k) => {
    const choices = Math.min(state.history.K + 1, state.data.maxClasses);
    if (k >= choices) return say(`There is no class ${k + 1} to add yet: the classes go up to ${choices}.`);
    chooseClass(state, k);
    say(`+ adds points of class ${k + 1} now.`);
  };

  /** What a key does on the map; false if it is not the map's (Space, Tab and the rest go on as usual). */
  const act = (event) => {
    const { key } = event;
    const editable = state.data.editable;
    const picked = edit.picked;
    if (key in MOVES) {
      if (picked && editable) nudge(picked.i, MOVES[key], event.shiftKey);
      else {
        const forward = MOVES[key][0] - MOVES[key][1] > 0; // → and ↓ go on to the next point, ← and ↑ back
        walk(current() === null ? (forward ? 0 : state.history.n - 1) : current() + (forward ? 1 : -1));
      }
    } else if (key === "Home" || key === "End") walk(key === "Home" ? 0 : state.history.n - 1);
    else if (key === "PageDown" || key === "PageUp") walk((current() ?? 0) + (key === "PageDown" ? PAGE : -PAGE));
    else if (key === "d" || key === "D") hooks.describe();
    else if (key === "Escape") return escape(state, hooks);
    else if (!editable) return false;
    else if (key === "Enter") enter();
    else if (key === "Delete" || key === "Backspace") remove();
    else if (key === "+" || key === "=" || key === "Insert") add();
    else if (/^[1-9]$/.test(key)) choose(Number(key) - 1);
    else return false;
    return true;
  };

  ui.overlay.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !state.drawn || !act(event)) return;
    event.preventDefault();
    event.stopPropagation(); // the explorer's own Escape is this one
    state.hovered = null; // the keys' point, not the one under a resting mouse
    hooks.redraw();
  });
}
