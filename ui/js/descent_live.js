// The live run's history: every state θ₀ … θ_head the browser has trained, with each state's loss and counts, so
// Back, Next and the scrubber can show any of them. Pure (no DOM): the explorer calls it, node tests drive it.

import { trainer } from "./descent.js";

const CHUNK = 1024; // states the arrays grow by

function grown(array, length) {
  if (array.length >= length) return array;
  const bigger = new array.constructor(Math.max(length, 2 * array.length));
  bigger.set(array);
  return bigger;
}

/** A run of softmax regression on `points` (flat x₁, x₂, …) with `labels` 0 … K−1, from `theta0` (K rows
 * [w_k1, w_k2, b_k]), kept whole up to `maxSteps` steps. States after the head are trained by `advance`; an
 * edit (new points, Reset, playing from an earlier step) cuts the history at the step it applies from. */
export class History {
  constructor(theta0, K, points, labels, maxSteps) {
    Object.assign(this, { K, width: 3 * K, maxSteps, head: 0, epoch: 0 });
    this.theta = new Float64Array(CHUNK * this.width);
    this.loss = new Float64Array(CHUNK);
    this.right = new Uint32Array(CHUNK);
    this.tied = new Uint32Array(CHUNK);
    this.count = new Uint32Array(CHUNK); // the points there were at each state
    this.known = 0; // states 0 … known − 1 have their loss and counts (the head's come with its step, or on demand)
    this.theta.set(theta0);
    this.setPoints(points, labels);
  }

  /** θ at `step` (a view, not a copy). */
  state(step) {
    return this.theta.subarray(step * this.width, (step + 1) * this.width);
  }

  /** The points from now on: the states up to the head keep the loss they had on the points they were trained on,
   * but the head is evaluated again on the new ones. A point of a class with no row (placed by hand, until the page
   * starts a run with one more row) is drawn but not trained on: its loss would be infinite. */
  setPoints(points, labels) {
    const rowless = labels.some((label) => label >= this.K);
    const keep = (i) => labels[i] < this.K;
    const trained = rowless
      ? [points.filter((_, j) => keep(j >> 1)), labels.filter((_, i) => keep(i))]
      : [points, labels];
    Object.assign(this, { points, labels, rowless, n: labels.length, trained, trainedN: trained[1].length,
      train: trainer(...trained, this.K) });
    this.known = Math.min(this.known, this.head);
    this.epoch += 1;
  }

  /** Drop every state after `step`: the next steps are trained from it with the settings of now, so states trained
   * ahead before (a batch of an older epoch) no longer continue the run. */
  cut(step) {
    this.head = Math.min(this.head, step);
    this.known = Math.min(this.known, this.head);
    this.epoch += 1;
  }

  /** Take up to `most` states of a batch trained ahead from θ_from of this epoch (descent_ahead.js): those past the
   * head, up to maxSteps; a batch that starts past the head would leave a gap and gives none. Returns the number
   * taken. */
  adopt({ from, count, theta, loss, right, tied }, most = Infinity) {
    const start = this.head - from;
    if (start < 0) return 0;
    const end = Math.min(count, this.maxSteps - from, start + most);
    for (let i = start; i < end; i++) {
      this.makeRoom(from + i + 1);
      this.state(from + i + 1).set(theta.subarray(i * this.width, (i + 1) * this.width));
      this.record(from + i, loss[i], right[i], tied[i]);
      this.head = from + i + 1;
    }
    return Math.max(0, end - start);
  }

  makeRoom(step) {
    this.theta = grown(this.theta, (step + 1) * this.width);
    for (const name of ["loss", "right", "tied", "count"]) this[name] = grown(this[name], step + 1);
  }

  /** Train up to `steps` more steps at rate `lr`, stopping early at maxSteps, at a non-finite state (which is not
   * kept: the head stays the last finite state) or once `deadline` (performance.now() time) has passed; returns
   * the steps done and whether the weights overflowed. */
  advance(steps, lr, deadline = Infinity, now = () => 0) {
    const from = this.head;
    const state = (i) => {
      this.makeRoom(from + i);
      return this.state(from + i);
    };
    const record = (i, loss, right, tied) => {
      this.record(from + i, loss, right, tied);
      this.head = from + i + 1;
    };
    return this.train.run(lr, from, Math.min(steps, this.maxSteps - from), state, record, deadline, now);
  }

  record(step, loss, right, tied) {
    this.loss[step] = loss;
    this.right[step] = right;
    this.tied[step] = tied;
    this.count[step] = this.trainedN;
    this.known = Math.max(this.known, step + 1);
  }

  /** Loss, right, tied and count of every state up to the head, the head evaluated at rate `lr` (its ties depend on
   * it, as a trained state's on the rate of its step) if it has not been yet. */
  measured(lr) {
    if (this.known <= this.head) {
      const { loss, right, tied } = this.train.evaluate(this.state(this.head), lr, this.head);
      this.record(this.head, loss, right, tied);
    }
    const end = this.head + 1;
    const upTo = (array) => array.subarray(0, end);
    return { loss: upTo(this.loss), right: upTo(this.right), tied: upTo(this.tied), count: upTo(this.count) };
  }
}
