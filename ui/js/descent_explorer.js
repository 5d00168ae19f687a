// The gradient-descent explorer: softmax regression trained live in the browser (descent.js, proven equal to
// `core.gradient_descent` in tests), drawn as it learns. Play goes on from the step shown; η, the speed and the
// student's own points change while it plays and the descent continues from the current weights. When the map
// rests on a step, the state is reported to the page, which judges it with `core` and sends back the verdict.
// This module holds the state and wires the controls;
// descent_element.js builds the element, descent_draw.js draws, descent_edit.js and descent_keys.js take the pointer
// and the keys, descent_describe.js puts the map into words and descent_speech.js says them.

import * as draw from "./descent_draw.js";
import { describeEdit, fillEditor, wireMap } from "./descent_edit.js";
import { build, fillLegend } from "./descent_element.js";
import { escape, wireKeys } from "./descent_keys.js";
import { History } from "./descent_live.js";
import { AHEAD, Offload } from "./descent_offload.js";
import { SAY_DELAY, describe, say, sayVerdict } from "./descent_speech.js";
import { NEW_ROW, arrowKeyText, limitWords, statusText } from "./descent_words.js";
import { attr, el } from "./dom.js";
import * as placing from "./points.js";

const STATE = "__descentExplorer";
const SPEED = 30; // the default: a few seconds to watch the first hundred steps
const CALM_SPEED = 3; // when the system asks for reduced motion
const FRAME_SCRIPT = 9; // ms of a 60 Hz display's 16.7 ms frame for training and painting; the browser renders in the rest
// Frames a second while playing fast enough to paint every frame: below the first, the worker rests between batches
// (on two cores it would take one and leave painting, rasterising and compositing the other); above the second, it
// trains without rest. It starts resting, so a machine without room to spare paints smoothly from the first frame
// and one with room trains at full speed after half a second. A half second with a gap of over STALL ms between
// frames (a hidden tab, a pause of the browser's own) says nothing about painting and is not counted.
const SMOOTH = [54, 59];
const STALL = 100;
const REST_DELAY = 300; // ms the map rests on a step before the address and the page hear of it
const VERDICT_ICONS = { success: "✓", info: "ℹ", warning: "⚠", pending: "…" };

function decoded(b64) {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}


// --- Showing a step ----------------------------------------------------------------------------------------

function paint(state) {
  const started = performance.now();
  const { ui, history } = state;
  const step = state.index;
  const measured = history.measured(state.lr);
  const read = state.edit.picked?.i ?? state.hovered ?? state.selected;
  const drawn = draw.drawMap(state, step, read !== null && read < history.n ? read : null);
  draw.drawCurves(state, measured, step);
  const text = statusText(state, measured, step);
  // Text and attributes are set only when they change: each change lays out the text again, and playing paints 60
  // frames a second.
  const say = (node, words) => node.textContent !== words && (node.textContent = words);
  say(ui.status, text);
  say(ui.arrowKey, arrowKeyText(state, drawn));
  say(ui.caption, `Predicted class at step ${step}`);
  attr(ui.scrub, "max", history.head);
  ui.scrub.value = String(step);
  attr(ui.scrub, "aria-valuetext", `step ${step} of ${history.head} trained`);
  // aria-disabled, not disabled: a button that keeps its focus at the first or last state keeps the student's place.
  attr(ui.back, "aria-disabled", step === 0);
  attr(ui.forward, "aria-disabled", step >= state.data.maxSteps);
  say(ui.play, state.playing ? "❚❚ Pause" : "▶ Play");
  attr(ui.play, "aria-label", state.playing ? "Pause" : "Play"); // its name says what it does, not pressed
  fillVerdict(state);
  // Said once the map rests on what changed (a step, the point in focus, the points), never while it plays.
  const shown = [step, history.head, read, state.edits, state.stopped].join("|");
  if (!state.playing && shown !== state.shownKey) {
    state.shownKey = shown;
    clearTimeout(state.speech.describer);
    state.speech.describer = setTimeout(() => describe(state), SAY_DELAY);
  }
  state.drawn = { ...drawn, index: step, measured };
  state.frames += 1;
  state.drawnAt = performance.now(); // read by the browser tests and bench/bench_browser.py
  state.paintMs = 0.8 * state.paintMs + 0.2 * (state.drawnAt - started); // a running mean, for the training budget
}

function schedule(state) {
  if (state.frame || state.playing) return; // a playing explorer paints on its own frames
  state.frame = requestAnimationFrame(() => {
    state.frame = 0;
    paint(state);
  });
}

// --- Training and playing ---------------------------------------------------------------------------------

/** Stop playing, with `why` said in words (null: the student paused). */
function stop(state, why = null) {
  state.stopped = why;
  if (state.seeking !== null) state.index = state.history.head; // a seek stopped shows how far it got
  state.seeking = null;
  state.ahead.rest();
  if (!state.playing) return;
  state.playing = false;
  state.ahead.pace(false); // a seek trains as fast as it can
  cancelAnimationFrame(state.tick);
  paint(state); // now: what is drawn (markers sized a while ago included) is the step shown from the moment it stops
  rested(state, { at: once });
}

/** Train `steps` more from the head at the rate of now, taking what the worker trained ahead first, and have it
 * train on to step `until` if given; say why if the run cannot go on. */
function train(state, steps, deadline, until = null) {
  const { history, ahead, lr } = state;
  if (until !== null) ahead.steer(history, lr, Math.min(until, state.data.maxSteps));
  let done = ahead.take(history, lr, steps);
  let overflowed = false;
  if (done < steps && !ahead.delivering(history, lr, performance.now())) {
    const more = history.advance(steps - done, lr, deadline, () => performance.now());
    [done, overflowed] = [done + more.done, more.overflowed];
  }
  if (overflowed) {
    stop(state, `At step ${history.head + 1} the weights grew past what a computer can store, so the run stops ` +
      `at step ${history.head}: η = ${state.lr} is far too large. Try a smaller η, then Reset.`);
  } else if (history.head >= state.data.maxSteps) stop(state, limitWords(state));
  return done;
}

function play(state) {
  const { history } = state;
  if (state.seeking !== null) state.index = history.head;
  const why = history.rowless ? NEW_ROW : history.head >= state.data.maxSteps && state.index >= history.head ? limitWords(state) : null;
  if (why) {
    state.stopped = why;
    schedule(state);
    return;
  }
  history.cut(state.index); // the run goes on from the step shown, with the settings of now
  Object.assign(state, { seeking: null, playing: true, stopped: null, carry: 0, last: performance.now(), pace: 0,
  });
  // While it plays, nothing more is said: 60 frames a second would drown a screen reader.
  clearTimeout(state.speech.describer);
  clearTimeout(state.speech.verdictTimer);
  Object.assign(state.speech, { stepKey: null, verdict: null });
  state.shownKey = null;
  state.ahead.pace(true);
  state.ui.description.textContent = "Playing: the map is described when it pauses.";
  say(state, "Playing.");
  let [counted, since] = [0, performance.now()];
  let [ticks, painted, ticksSince, stalled] = [0, 0, performance.now(), false];
  const tick = (now) => {
    if (!state.playing) return;
    stalled ||= now - state.last > STALL;
    if (now - ticksSince >= 500) {
      const fps = (1000 * ticks) / (now - ticksSince);
      if (painted === ticks && !stalled && (fps < SMOOTH[0] || fps > SMOOTH[1])) state.ahead.pace(fps < SMOOTH[0]);
      [ticks, painted, ticksSince, stalled] = [0, 0, now, false];
    }
    ticks += 1;
    const rate = Number(state.ui.speed.value);
    // Steps follow the time passed, so the speed does not depend on the display's frame rate.
    state.carry += ((now - state.last) / 1000) * rate;
    // Training takes what painting leaves of the part of a frame the page may use (the browser renders in the rest),
    // so the map keeps its pace however large the data.
    const budget = Math.max(1, FRAME_SCRIPT - state.paintMs);
    state.last = now;
    const wanted = Number.isFinite(rate) ? Math.floor(state.carry) : Infinity;
    if (wanted > 0) {
      const done = train(state, wanted, performance.now() + budget, history.head + Math.min(rate, AHEAD));
      state.carry = done < wanted ? 0 : state.carry - done; // a step the machine could not fit is not owed later
      counted += done;
      if (now - since >= 1000) [state.pace, counted, since] = [(1000 * counted) / (now - since), 0, now];
      state.index = history.head;
      paint(state);
      painted += 1;
    }
    if (state.playing) state.tick = requestAnimationFrame(tick);
  };
  paint(state);
  state.tick = requestAnimationFrame(tick);
}

/** Show `step`; one past the head trains it. */
function show(state, step) {
  const { history } = state;
  step = Math.max(0, Math.min(step, state.data.maxSteps));
  if (step > history.head) {
    history.cut(state.index);
    train(state, step - history.head, Infinity);
    step = Math.min(step, history.head);
  }
  state.index = step;
  schedule(state);
  rested(state);
}

/** Train to `target` a frame's budget at a time (a link's step=100000 on 2,000 points takes seconds), showing the
 * head as it goes; pausing, playing, stepping or Reset ends it. */
function seek(state, target) {
  const { history } = state;
  state.seeking = target;
  const tick = () => {
    if (state.seeking !== target) return;
    train(state, target - history.head, performance.now() + 4 * FRAME_SCRIPT, target);
    const going = history.head < target && state.stopped === null;
    // Under reduced motion the map does not run through the steps on the way: it shows the start, then the end.
    if (!state.calm || !going) {
      state.index = history.head;
      paint(state);
    }
    if (going) requestAnimationFrame(tick);
    else {
      state.seeking = null;
      rested(state, { at: once });
    }
  };
  requestAnimationFrame(tick); // after the explorer is laid out
}

function reset(state) {
  stop(state);
  state.history.cut(0);
  Object.assign(state, { index: 0, stopped: null });
  schedule(state);
  rested(state, { at: once });
}

// --- What the page and the address hear ---------------------------------------------------------------------

const once = 0;

/** Once the map has rested on a step (REST_DELAY, or at once), the address says which and the page is told. */
function rested(state, { at = REST_DELAY } = {}) {
  clearTimeout(state.restTimer);
  state.restTimer = setTimeout(() => {
    writeStep(state);
    report(state);
  }, at);
}

/** Tell the page where the run is: its step and weights, η, and the points if `points` (after an edit). The page
 * judges that state with core and sends back the verdict, tagged with this report's seq. */
function report(state, { points = false } = {}) {
  const unreported = state.edit.unreported; // edits by the keys, not reported yet: they go with this report
  state.seq += 1; // with the time: a remounted explorer must not repeat a number the page has taken already
  const seq = `${Date.now()}-${state.seq}`;
  const { history } = state;
  const view = { seq, run: state.runId, step: state.index, theta: Array.from(history.state(state.index)),
    lr: state.lr, playing: state.playing, points: null };
  // A report replaces the one before it if the page has not run in between, so until the page has taken an edit
  // every report carries the points.
  state.edit.unreported = false;
  if (points || state.edit.pending || unreported) {
    view.points = placing.pointRows(history.points, history.labels);
    state.edit.pending = { seq, points: history.points, labels: history.labels };
  }
  state.reportedSeq = seq;
  state.setStateValue("view", view);
}

// The step shown lives in the address bar (?step=…), so a reload or a copied address opens the run there: written
// with no server round trip once the map has rested (browsers limit how often a page may rewrite its address,
// Safari to 100 times in 30 s). A page being left writes at once.
function writeStep(state) {
  if (!state.ui.wrap.isConnected) return; // not once the page has moved on
  const url = new URL(window.location.href);
  if (state.index > 0) url.searchParams.set("step", String(state.index));
  else url.searchParams.delete("step");
  url.search = url.search.replaceAll("%7E", "~"); // searchParams encodes ~, the points' separator; Streamlit does not
  if (url.href === window.location.href) return;
  try {
    window.history.replaceState(window.history.state, "", url);
  } catch {
    // Refused (too many rewrites): the address keeps its last step until the map next rests.
  }
}

// Back or Forward: once the page has answered (with the entry's η and data), the map goes to the entry's step. Not
// before: a report sent while the page answers would rerun it with the map's old η.
function traversed(state) {
  const step = Number(new URL(window.location.href).searchParams.get("step")) || 0;
  state.traversedTo = Math.min(step, state.data.maxSteps);
}

function goTo(state, step) {
  if (step <= state.history.head) show(state, step);
  else seek(state, step);
}

// The verdict on the step shown, in words from the page (core.diagnostics), once the page has judged it.
function fillVerdict(state) {
  const { ui, data } = state;
  const verdict = data.verdict;
  let [kind, title, text] = ["pending", "", ""];
  if (state.playing) text = "Playing. The verdict on a step comes when you pause.";
  else if (state.stopped) [kind, text] = ["warning", state.stopped];
  else if (verdict && verdict.seq === state.reportedSeq && verdict.run === state.runId) {
    ({ kind, title, text } = verdict);
    sayVerdict(state, `${title} ${text}`);
  }
  else text = `Judging step ${state.index}…`;
  const key = `${kind}|${title}|${text}`;
  if (state.verdictKey === key) return;
  state.verdictKey = key;
  ui.verdict.dataset.kind = kind;
  ui.verdict.innerHTML = `<span class="dx-verdict-icon" aria-hidden="true">${VERDICT_ICONS[kind]}</span>`;
  const words = el("p", {}, ui.verdict);
  if (title) el("strong", {}, words).textContent = `${title} `;
  words.append(text);
}

// --- Wiring ---------------------------------------------------------------------------------------------

/** η from now on; the steps trained after the step shown were made at the old rate, so they go. */
function setRate(state, lr) {
  if (state.lr !== undefined && lr !== state.lr) state.history.cut(state.index);
  state.lr = lr;
  const i = state.data.rates.indexOf(lr);
  if (i >= 0) state.ui.rate.value = String(i);
  state.ui.rateText.textContent = `${lr}`;
  state.ui.rate.setAttribute("aria-valuetext", `η = ${lr}`);
}

function wire(state) {
  const { ui } = state;
  const paused = (action) => () => {
    stop(state);
    action();
  };
  ui.play.addEventListener("click", () => (state.playing ? stop(state) : play(state)));
  ui.back.addEventListener("click", paused(() => show(state, state.index - 1)));
  ui.forward.addEventListener("click", paused(() => show(state, state.index + 1)));
  ui.reset.addEventListener("click", () => reset(state));
  ui.scrub.addEventListener("input", paused(() => show(state, Number(ui.scrub.value))));
  ui.rate.addEventListener("input", () => {
    setRate(state, state.data.rates[Number(ui.rate.value)]); // the next step takes it
    if (!state.playing) schedule(state);
  });
  ui.rate.addEventListener("change", () => rested(state, { at: once })); // the address and the page hear of it
  const hooks = {
    onPoints: ({ points, labels }) => applyPoints(state, points, labels),
    onCommit: () => report(state, { points: true }),
    onRead: (i) => {
      state.selected = i;
      schedule(state);
    },
    redraw: () => schedule(state),
    say: (words) => say(state, words, 100, { keep: true }),
    describe: () => describe(state, { whole: true }),
  };
  // Space plays and pauses from anywhere in the explorer; on a button or a check box it keeps its own meaning.
  // Escape puts a picked point back, or stops reading one.
  ui.wrap.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && escape(state, hooks)) schedule(state);
    if (event.key !== " " || event.target.closest("button, select, input[type=checkbox]")) return;
    event.preventDefault();
    ui.play.click();
  });
  wireMap(state, hooks);
  wireKeys(state, hooks);
}

/** New points for the live run, from the step shown on: a class the run has no row for waits for the page, which
 * starts a run with one more row. */
function applyPoints(state, points, labels) {
  const { history } = state;
  history.cut(state.index);
  history.setPoints(points, labels);
  state.edits += 1;
  if (history.rowless) stop(state, NEW_ROW);
  if (!state.playing) schedule(state);
}

function adoptData(state, data) {
  const fresh = state.runId !== data.run;
  const points = new Float64Array(decoded(data.points).buffer);
  const labels = decoded(data.labels);
  if (fresh) {
    const grown = state.history?.rowless && data.classes > state.history.K;
    stop(state);
    const first = state.runId === undefined;
    state.runId = data.run;
    state.history = new History(Float64Array.from(data.start), data.classes, points, labels, data.maxSteps);
    Object.assign(state, { index: 0, selected: null, hovered: null, reportedSeq: null, stopped: null });
    Object.assign(state.edit, { pending: null, picked: null, unreported: false }); // the page's points now
    if (first && data.step) seek(state, Math.min(data.step, data.maxSteps)); // a link's step: trained here, then judged
    if (grown) state.said = `Class ${data.classes} is new, so the model has a row w${draw.sub(data.classes)} now: the run started again at step 0.`;
    else if (state.traversedTo) seek(state, state.traversedTo); // Back or Forward to a step of another run
    else if (!first) writeStep(state); // a new run starts at step 0: the old run's step leaves the address
  } else if (data.points !== state.pointsText) {
    // Until the page has taken the last report, and while the keys hold edits not reported yet, the map keeps the
    // points as placed rather than snapping back.
    const { pending, picked, unreported } = state.edit;
    if (!(pending && data.taken !== pending.seq) && !picked && !unreported) applyPoints(state, points, labels);
  }
  if (data.taken === state.edit.pending?.seq) state.edit.pending = null;
  state.pointsText = data.points;
  keepFrame(state, data, fresh);
  if (fresh || data.lr !== state.dataLr) setRate(state, data.lr); // a change made on the page wins
  state.dataLr = data.lr;
  const target = state.traversedTo;
  state.traversedTo = null;
  if (!fresh && target !== null && target !== state.index && !state.playing) goTo(state, target);
  return fresh;
}

/** The same run keeps its map's frame while every point fits in it: a point clicked near the edge stays under the
 * pointer instead of the map re-framing around it. */
function keepFrame(state, data, fresh) {
  const kept = state.frameLimits;
  const { points, n } = state.history;
  const inside = (lim, i) => lim[0] <= points[i] && points[i] <= lim[1];
  let fits = !fresh && kept !== undefined;
  for (let i = 0; fits && i < n; i++) fits = inside(kept.xlim, 2 * i) && inside(kept.ylim, 2 * i + 1);
  if (fits) Object.assign(data, kept);
  else state.frameLimits = { xlim: data.xlim, ylim: data.ylim };
}

function update(state, data) {
  const first = !state.ui;
  state.data = data;
  if (first) {
    state.ui = build(state.root, data);
    wire(state);
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
    state.calm = reduce.matches;
    state.ui.note.hidden = !reduce.matches;
    state.ui.speed.value = String(reduce.matches ? CALM_SPEED : SPEED);
    const redraw = () => {
      draw.layout(state);
      paint(state);
    };
    state.resize = new ResizeObserver(redraw);
    state.resize.observe(state.ui.wrap);
    window.addEventListener("resize", (state.onResize = redraw));
    window.addEventListener("pagehide", (state.onLeave = () => writeStep(state)));
    window.addEventListener("popstate", (state.onTraverse = () => traversed(state)));
  }
  const fresh = adoptData(state, data);
  if (fresh || first) {
    state.tables = draw.colourTables(data, state.history.K);
    draw.buildArrows(state);
  }
  state.symbols = data.classSymbols.map((name) => new Path2D(draw.symbolPath(name)));
  state.sprites = new Map(); // drawn again with this run's colours and symbols
  const style = state.ui.wrap.style;
  style.setProperty("--dx-font", `${data.look.fontSize}px`);
  style.setProperty("--dx-line", `${data.look.lineWidth}px`);
  style.setProperty("--dx-text", data.look.text);
  style.setProperty("--dx-outline", data.look.outline);
  style.setProperty("--dx-neutral", data.look.neutral);
  style.setProperty("--dx-current", data.classColours[4]);
  state.ui.wrap.classList.toggle("dx-editable", Boolean(data.editable));
  fillEditor(state);
  if (state.said && data.editable) describeEdit(state, state.said);
  state.said = null;
  fillLegend(state);
  draw.layout(state);
  if (!state.playing) paint(state);
}

export default function descentExplorer({ data, parentElement, setStateValue }) {
  let state = parentElement[STATE];
  if (!state) {
    state = parentElement[STATE] = { root: parentElement, frames: 0, frame: 0, index: 0, playing: false, seq: 0, paintMs: 0,
      stampMs: 0, selected: null, hovered: null, read: null, stopped: null, seeking: null, traversedTo: null, edits: 0, speech: {},
      edit: { label: 0, removing: false, moving: false, picked: null, unreported: false, gesture: null, pending: null,
        deferred: null } };
    state.update = (next) => update(state, next);
    state.ahead = new Offload(() => new Worker(new URL("./descent_worker.js", import.meta.url), { type: "module" }));
  }
  state.setStateValue = setStateValue;
  // Data that arrives while a point is dragged waits for the release, so the map does not rescale under the pointer.
  if (state.edit.gesture) state.edit.deferred = data;
  else update(state, data);

  return () =>
    setTimeout(() => {
      if (parentElement.host ? parentElement.host.isConnected : parentElement.isConnected) return;
      stop(state);
      state.ahead.close();
      state.resize?.disconnect();
      window.removeEventListener("resize", state.onResize);
      window.removeEventListener("pagehide", state.onLeave);
      window.removeEventListener("popstate", state.onTraverse);
      clearTimeout(state.restTimer); // the address is another page's now
      for (const timer of [state.edit.settle, state.speech.timer, state.speech.describer, state.speech.verdictTimer]) {
        clearTimeout(timer);
      }
      delete parentElement[STATE];
    }, 0);
}
