// What a screen reader hears of the descent explorer: one polite live region, spoken to once the map rests (never
// every frame), with the map's words from descent_describe.js; and the verdict the page sends, once it is new.

import { description } from "./descent_describe.js";
import { el } from "./dom.js";

export const SAY_DELAY = 600; // ms the map rests before the live region says what it shows (a burst of keys: once)
const SPOKEN = 3; // messages the live region keeps (older ones go, unspoken: removals are not read out)

/** Add `words` to the live region as a paragraph of its own: a screen reader reads what is added, once. */
function speak(state, words) {
  const { live } = state.ui;
  el("p", {}, live).textContent = words;
  while (live.childElementCount > SPOKEN) live.firstElementChild.remove();
}

/** Say `words` after `delay` ms, instead of what was waiting to be said, but after the edits' words (`keep`) that
 * were waiting: a newer step replaces an older one, an edit ("Point 3 removed") is never dropped. */
export function say(state, words, delay = 100, { keep = false } = {}) {
  const { speech } = state;
  clearTimeout(speech.timer);
  speech.kept = keep ? [...(speech.kept ?? []), words] : speech.kept ?? [];
  const spoken = keep ? speech.kept.join(" ") : [...speech.kept, words].join(" ");
  speech.timer = setTimeout(() => { speak(state, spoken); speech.kept = []; }, delay);
}

/** The map at the step shown in words: the whole into the description read on demand (and, if `whole`, said);
 * else said: the step and the point in focus when the step, its run or the points changed since last said, the
 * point alone when only it changed, and why a run stopped. */
export function describe(state, { whole = false } = {}) {
  const { history, ui, speech } = state;
  const read = state.edit.picked?.i ?? state.hovered ?? state.selected;
  const words = description({ theta: history.state(state.index), K: history.K, measured: history.measured(state.lr),
    step: state.index, head: history.head, points: history.points, labels: history.labels,
    point: read !== null && read < history.n ? read : null, xlim: state.map.frame.xlim, ylim: state.map.frame.ylim,
    rounding: { lr: state.lr, step: state.index, mu: history.train.mu } });
  if (!state.playing) ui.description.textContent = words.full;
  if (whole) return say(state, words.full, 0);
  const stepKey = [state.index, history.head, state.edits].join("|");
  const spoken = [state.stopped !== speech.stopped && state.stopped, stepKey !== speech.stepKey ? words.summary : words.point];
  Object.assign(speech, { stepKey, stopped: state.stopped });
  if (spoken.some(Boolean)) say(state, spoken.filter(Boolean).join(" "), 0);
}

/** Say the page's verdict on the step shown (core's words) once it has come and if it says something new. */
export function sayVerdict(state, words) {
  const { speech } = state;
  if (speech.verdict === words) return;
  speech.verdict = words;
  clearTimeout(speech.verdictTimer);
  speech.verdictTimer = setTimeout(() => speak(state, `Verdict: ${words}`), SAY_DELAY);
}
