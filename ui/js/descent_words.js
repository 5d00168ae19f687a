// What the descent explorer says in words beside its picture: the step, loss and accuracy, the arrows' scales, why a
// run stopped. Pure (no DOM): strings from the state's numbers.

import { sub } from "./descent_draw.js";
import { g3 } from "./regions.js";

export const NEW_ROW = "A point of a new class needs a row of its own: the run starts again with one more row.";

export const speedName = (rate) => (rate === Infinity ? "as fast as it can" : `${rate.toLocaleString("en")} step${rate === 1 ? "" : "s"}/s`);

function percent(x) {
  return `${(100 * x).toFixed(1)}%`;
}

/** The step's accuracy in words: among the points with a predicted class, and how many tie (no class). */
export function accuracyText(measured, t) {
  const [count, tied] = [measured.count[t], measured.tied[t]];
  if (tied === count) return "accuracy — (every point ties: no class predicted)";
  const share = percent(measured.right[t] / (count - tied));
  return tied ? `accuracy ${share} of the ${count - tied} predicted · ${tied} tie` : `accuracy ${share}`;
}

export function statusText(state, measured, step) {
  const { history } = state;
  const count = (t) => t.toLocaleString("en");
  const where = step < history.head ? `Step ${count(step)} of ${count(history.head)} trained` : `Step ${count(step)}`;
  const pace = state.playing && state.pace ? ` · ${Math.round(state.pace).toLocaleString("en")} steps/s` : "";
  return `${where} · loss ${g3(measured.loss[step])} · ${accuracyText(measured, step)}${pace}`;
}

export function arrowKeyText(state, drawn) {
  const times = (f) => (f === 1 ? "to scale" : `drawn ${f >= 1 ? f.toLocaleString("en") : f.toPrecision(1)}× longer`);
  const read = state.read ? ` · dashed: point ${state.read.point + 1}'s pushes, ${times(drawn.pushScale)}` : "";
  return `Arrows: rows w₁ … w${sub(state.history.K)} · solid at the tips: the next step, ${times(drawn.stepScale)}` +
    `${read} · ◆ the rows' mean`;
}

export function limitWords(state) {
  return `Step ${state.data.maxSteps.toLocaleString("en")} is as far as a run goes here: Reset starts again.`;
}
