// The descent explorer's map in words, for a screen reader: the step with its loss and accuracy, where the classes
// meet, where the rows point, and the point in focus with its ŷ and ŷ − y; and the map's keys. Pure (no DOM):
// sentences from the numbers the explorer draws, which descent.js and regions.js compute as core does.

import { fixed, reading, signed, sub } from "./descent_draw.js";
import { accuracyText } from "./descent_words.js";
import { classBoundaries, classGrid, g3, rowsTie } from "./regions.js";

const minus = (text) => text.replaceAll("-", "−");
/** x to three significant digits, as Python's f"{x:.3g}", with a minus sign a screen reader says. */
export const num = (x) => minus(g3(x));
const count = (t) => t.toLocaleString("en");
const pair = ([a, b], f = num) => `(${f(a)}, ${f(b)})`;

/** The step shown, its loss and its accuracy (among the points with a predicted class; how many tie). */
export function stepWords(measured, step, head) {
  const of = step < head ? ` of ${count(head)} trained` : "";
  return `Step ${count(step)}${of}: loss ${num(measured.loss[step])}, ${accuracyText(measured, step).replaceAll(" · ", ", ")}.`;
}

/** The tie line Δwᵀx + Δb = 0 of two classes i, j (Δw = wᵢ − wⱼ, Δb = bᵢ − bⱼ, Δw ≠ 0), solved for the coordinate
 * with the larger coefficient so the other's factor is at most 1 in size: x₂ = a + c·x₁ with a = −Δb/Δw₂,
 * c = −Δw₁/Δw₂ when |Δw₂| ≥ |Δw₁|, else x₁ = a + c·x₂; and the side of it where class i scores more (Δwᵀx + Δb > 0):
 * above it if Δw₂ > 0 (right of it if Δw₁ > 0, for x₁ = …). */
export function tieLine([dw1, dw2], db) {
  if (Math.abs(dw2) >= Math.abs(dw1)) return { solved: 2, a: -db / dw2, c: -dw1 / dw2, side: dw2 > 0 ? "above" : "below" };
  return { solved: 1, a: -db / dw1, c: -dw2 / dw1, side: dw1 > 0 ? "right of" : "left of" };
}

const OPPOSITE = { above: "below", below: "above", "right of": "left of", "left of": "right of" };

/** "x₂ = 0.5 − 1.2 x₁" for a tieLine. */
export function equation({ solved, a, c }) {
  const [lhs, rhs] = solved === 2 ? ["x₂", "x₁"] : ["x₁", "x₂"];
  const slope = c === 0 ? "" : `${num(Math.abs(c))} ${rhs}`;
  if (a === 0) return `${lhs} = ${c === 0 ? "0" : `${c < 0 ? "−" : ""}${slope}`}`;
  return `${lhs} = ${num(a)}${slope && (c < 0 ? ` − ${slope}` : ` + ${slope}`)}`;
}

/** The direction of the vector [x, y] on the map in words, to the nearest eighth of a turn. */
export function compass([x, y]) {
  if (x === 0 && y === 0) return "at the origin";
  const ways = ["right", "up and right", "up", "up and left", "left", "down and left", "down", "down and right"];
  return `pointing ${ways[(Math.round(Math.atan2(y, x) / (Math.PI / 4)) + 8) % 8]}`;
}

/** Where the classes meet on the map xlim × ylim under rows W, b: each boundary segment (classBoundaries, core's
 * class_boundaries) as its line, its ends and which class lies on which side; or, with none on the map, the class
 * predicted everywhere on it (or the classes that tie everywhere). */
export function boundaryWords(W, b, xlim, ylim, rounding = {}) {
  const lines = classBoundaries(W, b, xlim, ylim, rounding);
  if (lines.length === 0) {
    const [x, y] = [(xlim[0] + xlim[1]) / 2, (ylim[0] + ylim[1]) / 2];
    const predicted = classGrid(W, b, [x], [y], rounding).classes[0];
    if (predicted >= 0) return `No boundary crosses the map: class ${predicted + 1} is predicted everywhere on it.`;
    const z = W.map((w, k) => w[0] * x + w[1] * y + b[k]);
    const top = z.indexOf(Math.max(...z));
    const tied = W.flatMap((_, k) => (k === top || rowsTie(W, b, top, k, rounding) ? [k + 1] : []));
    const named = `${tied.slice(0, -1).join(", ")} and ${tied.at(-1)}`;
    return `Classes ${named} score the same everywhere on the map, up to rounding: every point ties, and no class ` +
      "is predicted.";
  }
  return lines.map(([i, j, ends]) => {
    const line = tieLine([W[i][0] - W[j][0], W[i][1] - W[j][1]], b[i] - b[j]);
    return `Classes ${i + 1} and ${j + 1} meet on the line ${equation(line)}, from ${pair(ends[0])} to ` +
      `${pair(ends[1])}: class ${i + 1} ${line.side} it, class ${j + 1} ${OPPOSITE[line.side]} it.`;
  }).join(" ");
}

/** Each row wₖ (θ as K rows [w_k1, w_k2, b_k]) and where its arrow points. */
export function rowWords(theta, K) {
  const rows = Array.from({ length: K }, (_, k) => {
    const w = [theta[3 * k], theta[3 * k + 1]];
    return `w${sub(k + 1)} = ${pair(w)} ${compass(w)}, b${sub(k + 1)} = ${num(theta[3 * k + 2])}`;
  });
  return `Rows: ${rows.join("; ")}.`;
}

/** Point i of `points` (flat x₁, x₂, …) in words: its class, where it is, ŷ of its class, and ŷ and ŷ − y of every
 * class at θ, as its reading on the map writes them. */
export function pointWords(theta, K, points, labels, i) {
  const label = labels[i];
  const r = reading(theta, K, points, labels, i);
  const where = `Point ${count(i + 1)} of ${count(labels.length)}, class ${label + 1}, at ${pair([points[2 * i], points[2 * i + 1]], fixed)}`;
  if (label >= K) return `${where}: no row for class ${label + 1} yet.`;
  const list = (values, f) => `(${values.map(f).join(", ")})`;
  return `${where}: ŷ${sub(label + 1)} = ${fixed(r.y_hat[label])}; ŷ = ${list(r.y_hat, fixed)}, ` +
    `ŷ − y = ${list(r.residual, signed)}.`;
}

/** The map at `step` of a run in words: { summary } (the step, and the point read if any) for the live region,
 * { full } (with where the classes meet and the rows) for the description read on demand; `rounding` as the map's
 * (classBoundaries), so the words name the lines drawn. */
export function description({ theta, K, measured, step, head, points, labels, point, xlim, ylim, rounding = {} }) {
  const rows = Array.from({ length: K }, (_, k) => [theta[3 * k], theta[3 * k + 1]]);
  const b = Array.from({ length: K }, (_, k) => theta[3 * k + 2]);
  const said = stepWords(measured, step, head);
  const focus = point === null ? "" : ` ${pointWords(theta, K, points, labels, point)}`;
  return {
    summary: said + focus,
    point: focus.trim(),
    full: `${said} ${boundaryWords(rows, b, xlim, ylim, rounding)} ${rowWords(theta, K)}${focus}`,
  };
}

/** The map's keys and what they do, [[key, action], …]; with the student's own points, the editing keys too. */
export function keysHelp(editable) {
  const keys = [
    ["← → ↑ ↓", "go from point to point (in the table's order) and read it; with a point picked up, move it"],
    ["Home, End", "the first point, the last"],
    ["D", "say the whole description: the step, where the classes meet, the rows, the point"],
    ["Space", "play or pause"],
    ["Escape", "put a picked-up point back, or stop reading a point"],
  ];
  if (!editable) return keys;
  return [
    ...keys.slice(0, 2),
    ["Shift + ← → ↑ ↓", "move a picked-up point ten times as far"],
    ["Enter", "pick the point up to move it; Enter again puts it down"],
    ["+ or Insert", "add a point of the chosen class in the middle of the map, picked up"],
    ["1 … 9", "choose the class that + adds"],
    ["Delete", "remove the point"],
    ...keys.slice(2),
  ];
}

/** One sentence a screen reader says when the map takes the focus. */
export function keysSummary(editable) {
  return "Arrow keys go from point to point; D says the whole description" +
    `${editable ? "; Enter picks a point up, the arrows move it, Enter puts it down; + adds a point, Delete removes it" : ""}` +
    ". All keys are listed under “Keys on the map”.";
}
