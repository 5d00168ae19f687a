// Training ahead of the map, in a Web Worker (descent_worker.js): the same steps as History.advance (descent.js's
// trainer.run, float64, in the same order, so bit for bit the same states), made on another core while the page's own
// thread paints. Pure (no DOM, no Worker): the worker runs it, node tests drive it.

import { trainer } from "./descent.js";

const BATCH = 256; // states a batch holds at most: a message of ~40 KB for 5 classes

/** A run trained ahead: `configure` gives it a start (θ after `step` steps, the points, η) and how far to go,
 * `want` moves that end, `batch` trains the next steps until a deadline. */
export class Ahead {
  /** Start again from θ = `theta` after `step` steps, on `points` (flat x₁, x₂, …) with `labels` 0 … K−1 at rate
   * `lr`, towards step `until`; `epoch` names these settings in every batch. */
  configure({ epoch, theta, step, lr, points, labels, K, until }) {
    Object.assign(this, { epoch, step, lr, K, until, ended: false });
    this.theta = Float64Array.from(theta);
    this.train = trainer(points, labels, K);
  }

  /** Go on to step `until` if `epoch` is still the run trained. */
  want(epoch, until) {
    if (epoch === this.epoch) this.until = until;
  }

  /** Whether there are steps to train. */
  get going() {
    return this.train !== undefined && !this.ended && this.step < this.until;
  }

  /** Train from the state reached until `deadline` (checked every 8 steps against `now()`) or the end: the states
   * θ_{from+1} … θ_{from+count} in `theta` (K rows each), the loss, right and tied counts of θ_from … θ_{from+count−1}
   * (measured as each was stepped), and whether the next state overflowed, which ends the run here (it is not
   * counted: the page's own step finds it and says so). */
  batch(deadline, now) {
    const width = this.theta.length;
    const room = Math.max(0, Math.min(this.until - this.step, BATCH));
    const out = { epoch: this.epoch, from: this.step, count: 0, overflowed: false, theta: new Float64Array(room * width),
      loss: new Float64Array(room), right: new Uint32Array(room), tied: new Uint32Array(room) };
    // State i of the run here is θ_{from+i}: the one reached for i = 0, then the batch's own.
    const state = (i) => (i === 0 ? this.theta : out.theta.subarray((i - 1) * width, i * width));
    const record = (i, loss, right, tied) => {
      [out.loss[i], out.right[i], out.tied[i]] = [loss, right, tied];
    };
    const { done, overflowed } = this.train.run(this.lr, this.step, room, state, record, deadline, now);
    if (done > 0) this.theta.set(state(done));
    Object.assign(out, { count: done, overflowed });
    this.ended = overflowed;
    this.step += done;
    return out;
  }
}
