// The page's side of training ahead: a Web Worker (descent_worker.js) trains the run the map shows on another core,
// and its batches of states go into the History as they come, so the page's own thread only paints. The states are
// the ones the page would have trained itself (the same code on the same float64 numbers); where there is no
// worker, or it is not delivering this run's steps, the page trains on its own thread as before.

const QUIET = 100; // ms without a batch of the run shown after which the page trains on its own again
export const AHEAD = 4096; // steps the worker trains past the head at the fastest speed: a second or so of it

export class Offload {
  /** `makeWorker()` gives the worker, or throws where there is none (then nothing is offloaded). */
  constructor(makeWorker) {
    Object.assign(this, { batches: [], serial: 0, heard: -Infinity, ended: false, offloaded: 0, history: null,
      resting: false });
    try {
      this.worker = makeWorker();
    } catch {
      this.worker = null;
      return;
    }
    this.worker.onmessage = ({ data }) => {
      if (data.epoch !== this.serial) return; // trained with settings since changed
      if (data.count > 0) this.batches.push(data);
      // A batch all behind the page's head (the page trained on while the worker started) is no delivery.
      if (data.from + data.count > this.history.head) this.heard = performance.now();
      this.ended = data.overflowed;
    };
    this.worker.onerror = () => this.close();
  }

  /** Whether the worker trains the run of `history` as it is now (the same epoch: no cut or new points since) at
   * rate `lr`. */
  follows(history, lr) {
    return this.worker !== null && history === this.history && history.epoch === this.epoch && lr === this.lr;
  }

  /** Keep the worker training the run of `history` at rate `lr` from its head up to step `until`: new settings start
   * it again from the head, and until then the page trains on its own. */
  steer(history, lr, until) {
    if (this.worker === null) return;
    if (!this.follows(history, lr)) {
      this.serial += 1;
      Object.assign(this, { history, epoch: history.epoch, lr, until, batches: [], heard: -Infinity, ended: false });
      const [points, labels] = history.trained;
      this.worker.postMessage({ configure: { epoch: this.serial, theta: history.state(history.head).slice(),
        step: history.head, lr, points, labels, K: history.K, until } });
    } else if (until !== this.until) {
      this.until = until;
      this.worker.postMessage({ epoch: this.serial, until });
    }
  }

  /** Hand `history` up to `most` states of the batches in hand, if they are of its run at rate `lr`; the number
   * taken. States the page trained itself meanwhile are skipped: they are the same. */
  take(history, lr, most) {
    if (!this.follows(history, lr)) return 0;
    let taken = 0;
    while (this.batches.length > 0 && taken < most) {
      const batch = this.batches[0];
      taken += history.adopt(batch, most - taken);
      if (history.head - batch.from < batch.count && batch.from <= history.head) break; // more of it next time
      this.batches.shift();
    }
    this.offloaded += taken;
    return taken;
  }

  /** Whether the worker delivers the run of `history` at rate `lr` (a batch within QUIET ms of `now`), so the page
   * need not train itself. */
  delivering(history, lr, now) {
    return this.follows(history, lr) && !this.ended && now - this.heard < QUIET;
  }

  /** Have the worker sleep a little after each batch, or not: while the page paints fewer frames than it should, the
   * worker's core is wanted for painting. */
  pace(resting) {
    if (this.worker === null || resting === this.resting) return;
    this.resting = resting;
    this.worker.postMessage({ resting });
  }

  /** Stop training ahead (the map paused): what it trained after the head would go unused. */
  rest() {
    if (this.worker === null || this.until === 0) return;
    this.until = 0;
    this.worker.postMessage({ epoch: this.serial, until: 0 });
  }

  close() {
    this.worker?.terminate();
    this.worker = null;
  }
}
