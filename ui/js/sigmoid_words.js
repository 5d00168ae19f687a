// What the sigmoid explorer says in words about its picture: where each boundary runs, how much of the square the
// models' labels agree on, each point's class and probability, and what a change did. Pure (no DOM): strings from
// the numbers, computed with linear.js, whose functions are tested against `core` (tests/ui/test_sigmoid_words_js.py).

import {
  agreementError,
  agreementShare,
  boundarySegment,
  gapText,
  logisticFromSoftmax,
  maxGap,
  numberText,
  shareText,
  sigmoid,
  softmax,
  superscript,
  twoProduct,
} from "./linear.js";

/** Both models of a view: the softmax rows W, b_W, their difference (w₂ − w₁, b₂ − b₁) = (w*, b*), and the
 * logistic (w, b), which is that difference when linked. */
export function models(values, mode) {
  const W = [
    [values.w1_1, values.w1_2],
    [values.w2_1, values.w2_2],
  ];
  const bW = [values.b1, values.b2];
  const [wStar, bStar] = logisticFromSoftmax(W, bW);
  const linked = mode === "linked";
  return { W, bW, wStar, bStar, w: linked ? wStar : [values.w_1, values.w_2], b: linked ? bStar : values.b, linked };
}

/** The class a score uᵀx + c predicts at x: 2 where it is > 0, else 1 (as core.equivalence.compare). */
export const predictedClass = (u, c, x) => (u[0] * x[0] + u[1] * x[1] + c > 0 ? 2 : 1);

/** [text, r]: x rounded to r with `digits` significant digits, written with a typographic minus and with powers of
 * ten beyond 10⁻⁴ … 10⁶. */
function rounded(x, digits) {
  const r = Number(x.toPrecision(digits)) + 0;
  const exponent = r === 0 ? 0 : Math.floor(Math.log10(Math.abs(r)));
  let text = String(r);
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, power] = r.toExponential().split("e");
    text = `${mantissa} × 10${superscript(Number(power))}`;
  }
  return [text.replace("-", "−"), r];
}

/** [text, exact] for the quotient −n/d to three significant digits: exact only when the number written times d is
 * −n with no rounding at all (TwoProduct), so 0.3/0.1, which is 2.9999999999999996 in floating point, is "≈ 3". */
function quotientText(n, d) {
  const [text, r] = rounded(-n / d, 3);
  const [p, e] = twoProduct(r, d);
  return [text, p === -n && e === 0];
}

/** A position on the map to two decimals (a pixel is about 0.02 of the square): [text, exact], exact meaning equal
 * up to the rounding of computing the position (1e−12, within which boundarySegment agrees with core). */
function placeText(x) {
  const r = Number(x.toFixed(2)) + 0;
  return [String(r).replace("-", "−"), Math.abs(r - x) <= 1e-12 * Math.max(1, Math.abs(x))];
}

/** wᵀx + b = 0 solved for x₂ (for x₁ where w₂ = 0 or x₂'s coefficients overflow): [axis, text, exact], axis being
 * the one solved for (0: x₁, 1: x₂), or null when neither can be written (the line is beyond 10³⁰⁸). */
export function lineEquation(w, b) {
  for (const axis of [1, 0]) {
    const other = 1 - axis;
    if (w[axis] === 0 || !Number.isFinite(b / w[axis]) || !Number.isFinite(w[other] / w[axis])) continue;
    const [constant, constantExact] = quotientText(b, w[axis]);
    const [slope, slopeExact] = quotientText(w[other], w[axis]);
    const variable = `x${"₁₂"[other]}`;
    const term = slope === "1" ? variable : slope === "−1" ? `−${variable}` : `${slope}${variable}`;
    let right = constant;
    if (slope !== "0") {
      right = constant === "0" ? term : `${constant} ${term.startsWith("−") ? "−" : "+"} ${term.replace(/^−/, "")}`;
    }
    return [axis, `x${"₁₂"[axis]} ${constantExact && slopeExact ? "=" : "≈"} ${right}`, constantExact && slopeExact];
  }
  return null;
}

/** The boundary wᵀx + b = 0 in words: its equation, where it crosses the square lim × lim (or that it misses it,
 * and which class the whole square is then), and the side of class 2; null when w = 0 (no boundary). */
export function boundaryWords(w, b, lim) {
  if (w[0] === 0 && w[1] === 0) return null;
  const equation = lineEquation(w, b);
  const segment = boundarySegment(w, b, lim);
  if (!segment) {
    const middle = (lim[0] + lim[1]) / 2;
    const whole = `outside the square: all of the square is class ${predictedClass(w, b, [middle, middle])}`;
    return equation ? `${equation[1]}, ${whole}` : whole;
  }
  const ends = [...segment].sort((p, q) => p[0] - q[0] || p[1] - q[1]).map((end) => end.map(placeText)); // left to right
  const exact = ends.every((end) => end.every(([, e]) => e));
  const [from, to] = ends.map((end) => `(${end[0][0]}, ${end[1][0]})`);
  const where = from === to ? `touching the square only at ${from}` : `from ${exact ? "" : "about "}${from} to ${to}`;
  const [axis, text] = equation;
  const side = axis === 1 ? (w[1] > 0 ? "above it" : "below it") : w[0] > 0 ? "to its right" : "to its left";
  return `${text}, ${where}, class 2 ${side}`;
}

/** A probability as the description writes it: two decimals, "=" only when that is the value itself, and never
 * 0 or 1 unless it is: "≈ 0.73", "= 0.5", "< 0.01", "> 0.99". */
export function probabilityText(p) {
  const text = p.toFixed(2);
  if (text === "0.00" && p > 0) return "< 0.01";
  if (text === "1.00" && p < 1) return "> 0.99";
  const value = Number(text);
  return `${value === p ? "=" : "≈"} ${value}`;
}

/** The boundary sentence of one model (or both, linked), with the words for a constant score where w = 0. */
function boundarySentence(title, u, c, lim, softmaxWords) {
  const line = boundaryWords(u, c, lim);
  if (line) return `${title}: ${line}.`;
  const [p, name] = softmaxWords ? ["ŷ₂", "z₂ − z₁ = b₂ − b₁"] : ["ŷ", "the score wᵀx + b = b"];
  if (c === 0) {
    const same = softmaxWords ? "both classes score the same everywhere" : "the score wᵀx + b is 0 everywhere";
    return `${title}: none, ${same}, ${p} = 0.5.`;
  }
  return `${title}: none, ${name} = ${numberText(c)} everywhere, so all of the square is class ${c > 0 ? 2 : 1}.`;
}

/** The boundary sentences of the view: one for both models when linked, one each when free. */
export function boundarySentences(m, lim) {
  if (m.linked) return boundarySentence("Boundary of both models", m.wStar, m.bStar, lim, true);
  return `${boundarySentence("Logistic boundary", m.w, m.b, lim, false)} ${boundarySentence(
    "Softmax boundary",
    m.wStar,
    m.bStar,
    lim,
    true,
  )}`;
}

/** The share of the square where the labels agree and the largest probability gap, as the explorer writes them
 * (the same texts as the page's metrics, which core computes). */
export function agreementTexts(m, lim) {
  const share = agreementShare(m.w, m.b, m.wStar, m.bStar, lim);
  const error = agreementError(m.w, m.b, m.wStar, m.bStar, lim);
  return { share: shareText(share, error), gap: gapText(maxGap(m.w, m.b, m.W, m.bW, lim)) };
}

/** Each point's class under each model: the logistic score's and the softmax difference's, as the maps draw them. */
export function pointClasses(m, points) {
  return {
    logistic: points.map((x) => predictedClass(m.w, m.b, x)),
    softmax: points.map((x) => predictedClass(m.wStar, m.bStar, x)),
  };
}

function probabilities(m, x) {
  const z = m.W.map((row, k) => row[0] * x[0] + row[1] * x[1] + m.bW[k]);
  return { logistic: sigmoid(m.w[0] * x[0] + m.w[1] * x[1] + m.b), softmax: softmax(z)[1] };
}

/** One point in words: its place, then its class and probability of class 2 (under each model when free). */
function pointText(m, x, name, classes, i) {
  const p = probabilities(m, x);
  const soft = `class ${classes.softmax[i]}, ŷ₂ ${probabilityText(p.softmax)}`;
  const place = `${name} (${numberText(x[0])}, ${numberText(x[1])})`;
  if (m.linked) return `${place}: ${soft}`;
  return `${place}: logistic class ${classes.logistic[i]}, ŷ ${probabilityText(p.logistic)}; softmax ${soft}`;
}

/** The picture in words, read on demand: the models, the boundaries, the agreement and every point. */
export function describe(m, points, names, lim) {
  const pair = (v) => `(${numberText(v[0])}, ${numberText(v[1])})`;
  const rows = `Softmax rows w₁ = ${pair(m.W[0])}, b₁ = ${numberText(m.bW[0])} and w₂ = ${pair(m.W[1])}, b₂ = ${numberText(m.bW[1])}`;
  const logistic = m.linked
    ? `logistic linked: w = w₂ − w₁ = ${pair(m.w)}, b = b₂ − b₁ = ${numberText(m.b)}`
    : `logistic free: w = ${pair(m.w)}, b = ${numberText(m.b)}`;
  const { share, gap } = agreementTexts(m, lim);
  const classes = pointClasses(m, points);
  const each = points.map((x, i) => pointText(m, x, names[i], classes, i)).join("; ");
  return `${rows}; ${logistic}. ${boundarySentences(m, lim)} The labels agree on ${share} of the square; the largest probability gap is ${gap}. Points: ${each}.`;
}

/** What a change did, for a polite announcement: the boundaries, the agreement, and the points whose class changed
 * since `before` (pointClasses of the view announced last). */
export function announce(m, points, names, lim, before) {
  const { share, gap } = agreementTexts(m, lim);
  const classes = pointClasses(m, points);
  const changed = [];
  for (const model of m.linked ? ["softmax"] : ["logistic", "softmax"]) {
    const moved = points.map((_, i) => i).filter((i) => before && before[model][i] !== classes[model][i]);
    for (const k of [1, 2]) {
      const these = moved.filter((i) => classes[model][i] === k).map((i) => names[i]);
      const who = these.length === 1 ? `point ${these[0]} is` : `points ${these.join(", ")} are`;
      const under = m.linked ? "" : ` under the ${model} model`;
      if (these.length) changed.push(`${who[0].toUpperCase()}${who.slice(1)} now class ${k}${under}.`);
    }
  }
  const told = `${boundarySentences(m, lim)} The labels agree on ${share} of the square; the largest probability gap is ${gap}.`;
  return [told, ...changed].join(" ");
}
