// The Web Worker that trains ahead of the descent explorer's map (descent_ahead.js): it answers each message with
// batches of states, a few milliseconds of training each, and between them looks for new settings.

import { Ahead } from "./descent_ahead.js";

const SLICE = 4; // ms of training between looks for new settings: a new setting waits at most this long
// Resting, the worker trains for 2 SLICE ms (in as many batches as that takes) and then sleeps REST ms, setTimeout's
// least after a few in a row: two thirds of a core, so the page's painting keeps its frame rate on two cores. A new
// setting then waits up to 12 ms.
const REST = 4;
let resting = false;
const ahead = new Ahead();
const wake = new MessageChannel(); // a task that runs after waiting messages, without setTimeout's 4 ms clamp
let queued = false;

function work() {
  queued = false;
  const deadline = performance.now() + (resting ? 2 * SLICE : SLICE);
  do {
    if (!ahead.going) return;
    const batch = ahead.batch(deadline, () => performance.now());
    if (batch.count > 0 || batch.overflowed) {
      self.postMessage(batch, [batch.theta.buffer, batch.loss.buffer, batch.right.buffer, batch.tied.buffer]);
    }
  } while (resting && performance.now() < deadline);
  if (resting && ahead.going) {
    queued = true;
    setTimeout(work, REST);
  } else soon();
}

function soon() {
  if (queued || !ahead.going) return;
  queued = true;
  wake.port2.postMessage(null);
}

wake.port1.onmessage = work;
self.onmessage = ({ data }) => {
  if ("resting" in data) resting = data.resting;
  else if (data.configure) ahead.configure(data.configure);
  else ahead.want(data.epoch, data.until);
  soon();
};
