"""Training ahead in a Web Worker (ui/js/descent_ahead.js, descent_offload.js) and the History taking its states
(descent_live.js), run in node: the states are the page's own, bit for bit, and only those of the run shown."""

import json
from pathlib import Path

import numpy as np
import pytest

from core import make_dataset
from core.activations import predictions
from core.diagnostics import start_weights
from tests.ui.test_descent_js import packed
from tests.ui.test_linear_js import NODE, ROOT, js

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")

OFFLOAD = json.dumps(Path(ROOT, "ui", "js", "descent_offload.js").as_uri())
LIVE = json.dumps(Path(ROOT, "ui", "js", "descent_live.js").as_uri())
WORKER = json.dumps(Path(ROOT, "ui", "js", "descent_worker.js").as_uri())

# ahead(...) trains with Ahead in batches of at most 8 steps (a deadline always past) from θ after `step` steps;
# own(...) trains the same with History.advance; both answer every state and the counts. adopted(...) gives a
# History the batches with the overlaps and limits in `takes`. fake(...) drives an Offload with a worker that
# records what it is sent and answers what the test says. worker(...) runs descent_worker.js itself (resting or not)
# to step `until`, with `self` a stand-in that keeps its batches, and setTimeout one that notes the waits asked.
DRIVER = """{
  async worker(points, labels, K, theta, lr, until, resting) {
    const channels = [];
    const Native = MessageChannel;
    globalThis.MessageChannel = class { constructor() { const c = new Native(); channels.push(c); return c; } };
    const batches = [];
    const waits = [];
    const nativeTimeout = setTimeout;
    globalThis.setTimeout = (f, ms) => (waits.push(ms), nativeTimeout(f, ms));
    let finished;
    const done = new Promise((resolve) => (finished = resolve));
    globalThis.self = { postMessage(batch) {
      batches.push({ from: batch.from, count: batch.count,
        theta: Array.from(batch.theta.subarray(0, 3 * K * batch.count)) });
      if (batch.from + batch.count >= until) finished();
    } };
    await import(`${__WORKER__}?${resting}`); // a module of its own for each call
    channels.forEach((c) => c.port1.unref()); // so node ends when the test does, kept alive until then by a timer
    const alive = setInterval(() => {}, 1000);
    self.onmessage({ data: { resting } });
    self.onmessage({ data: { configure: { epoch: 1, theta, step: 0, lr, points: Float64Array.from(points),
      labels: Uint8Array.from(labels), K, until } } });
    await done;
    clearInterval(alive);
    globalThis.setTimeout = nativeTimeout;
    return { states: batches.flatMap((b) => b.theta), batches: batches.length, waits };
  },
  ahead(points, labels, K, theta, step, lr, until) {
    const a = new m.Ahead();
    a.configure({ epoch: 1, theta, step, lr, points: Float64Array.from(points), labels: Uint8Array.from(labels), K,
      until });
    const out = { states: [], loss: [], right: [], tied: [], from: [], overflowed: false };
    while (a.going) {
      const b = a.batch(-1, () => 0);
      out.from.push(b.from);
      for (let i = 0; i < b.count; i++) {
        out.states.push(Array.from(b.theta.subarray(3 * K * i, 3 * K * (i + 1))));
        for (const k of ["loss", "right", "tied"]) out[k].push(b[k][i]);
      }
      out.overflowed ||= b.overflowed;
      if (b.overflowed) break;
    }
    return out;
  },
  async own(points, labels, K, theta, lr, steps) {
    const { History } = await import(__LIVE__);
    const h = new History(Float64Array.from(theta), K, Float64Array.from(points), Uint8Array.from(labels), 1e6);
    const { done, overflowed } = h.advance(steps, lr);
    const got = h.measured(lr);
    return { states: Array.from({ length: done }, (_, i) => Array.from(h.state(i + 1))), loss: Array.from(got.loss),
      right: Array.from(got.right), tied: Array.from(got.tied), overflowed };
  },
  async adopted(points, labels, K, theta, lr, ownSteps, takes, maxSteps) {
    const { History } = await import(__LIVE__);
    const h = new History(Float64Array.from(theta), K, Float64Array.from(points), Uint8Array.from(labels), maxSteps);
    const a = new m.Ahead();
    a.configure({ epoch: 1, theta, step: 0, lr, points: Float64Array.from(points), labels: Uint8Array.from(labels),
      K, until: 1e6 });
    const batches = [a.batch(-1, () => 0), a.batch(-1, () => 0), a.batch(-1, () => 0)];
    h.advance(ownSteps, lr);
    const taken = takes.map(([b, most]) => h.adopt(batches[b], most ?? Infinity));
    const gap = new History(Float64Array.from(theta), K, Float64Array.from(points), Uint8Array.from(labels), 50)
      .adopt(batches[1]);
    return { taken, head: h.head, gap, states: Array.from({ length: h.head + 1 }, (_, i) => Array.from(h.state(i))),
      loss: Array.from(h.measured(lr).loss) };
  },
  async fake(points, labels, K, theta, lr) {
    const { History } = await import(__LIVE__);
    const { Offload } = await import(__OFFLOAD__);
    const sent = [];
    let worker = null;
    const o = new Offload(() => (worker = { postMessage: (m) => sent.push(structuredClone(m)), terminate() {} }));
    const h = new History(Float64Array.from(theta), K, Float64Array.from(points), Uint8Array.from(labels), 1e6);
    const a = new m.Ahead();
    const log = [];
    const answer = () => {
      const last = sent.at(-1);
      if (last.configure) a.configure(last.configure);
      else a.want(last.epoch, last.until);
      return a.batch(-1, () => 0);
    };
    o.steer(h, lr, 20);
    log.push(["delivering before any batch", o.delivering(h, lr, performance.now())]);
    const first = answer();
    log.push(["took before it came", o.take(h, lr, Infinity)]);
    worker.onmessage({ data: first });
    log.push(["delivering after a batch", o.delivering(h, lr, performance.now())]);
    log.push(["delivering 200 ms on", o.delivering(h, lr, performance.now() + 200)]);
    log.push(["took 3 of it", o.take(h, lr, 3)]);
    log.push(["took the rest", o.take(h, lr, Infinity)]);
    let lateWorker = null;
    const late = new Offload(() => (lateWorker = { postMessage() {}, terminate() {} }));
    late.steer(h, lr, h.head + 20);
    lateWorker.onmessage({ data: { ...first, epoch: late.serial } });
    log.push(["delivering on a batch behind the head", late.delivering(h, lr, performance.now())]);
    const stale = answer();
    h.cut(h.head);
    log.push(["follows after a cut", o.follows(h, lr)]);
    worker.onmessage({ data: stale });
    o.steer(h, lr, h.head + 20);
    log.push(["sent a new start", Boolean(sent.at(-1).configure) && sent.at(-1).configure.step === h.head]);
    worker.onmessage({ data: stale });
    log.push(["took a batch of the old settings", o.take(h, lr, Infinity)]);
    log.push(["took at another rate", o.take(h, 2 * lr, Infinity)]);
    o.steer(h, lr, h.head + 40);
    log.push(["moved the end", sent.at(-1).until === h.head + 40 && !sent.at(-1).configure]);
    o.rest();
    log.push(["rested", sent.at(-1).until]);
    worker.onmessage({ data: { ...answer(), overflowed: true, count: 0 } });
    log.push(["delivering after an overflow", o.delivering(h, lr, performance.now())]);
    const none = new Offload(() => { throw new Error("no Worker here"); });
    none.steer(h, lr, 10);
    log.push(["without a worker", [none.worker, none.take(h, lr, 5), none.delivering(h, lr, 0)]]);
    return { log: Object.fromEntries(log), head: h.head, states: Array.from({ length: h.head + 1 }, (_, i) =>
      Array.from(h.state(i))) };
  },
}""".replace("__LIVE__", LIVE).replace("__OFFLOAD__", OFFLOAD).replace("__WORKER__", WORKER)


def call(*calls: tuple[str, list]) -> list:
    return js(*calls, module="descent_ahead.js", driver=DRIVER)


def case(name="spirals", K=3, init="random", n=120):
    X, y = make_dataset(name, n=n, noise=0.8, classes=K, seed=K)
    W0, b0 = start_weights(init, classes=K, dims=2, seed=K)
    return X.ravel().tolist(), y.tolist(), K, packed(W0, b0).tolist()


@pytest.mark.parametrize(("name", "K", "init", "lr"), [
    ("blobs", 2, "zeros", 0.5), ("spirals", 3, "random", 10.0), ("overlap", 5, "random", 0.001)])
def test_a_batch_trained_ahead_is_the_pages_own_run_bit_for_bit(name, K, init, lr):
    """Batches of at most 8 steps, one after another, give exactly the states, losses and counts History.advance
    gives (equal floats, not close ones), including a chaotic run at η = 10, whose states part at the first
    difference."""
    points, labels, K, theta = case(name, K, init)
    ahead, own = call(("ahead", [points, labels, K, theta, 0, lr, 60]), ("own", [points, labels, K, theta, lr, 60]))
    assert ahead["from"] == list(range(0, 60, 8)) and not ahead["overflowed"]
    assert ahead["states"] == own["states"] and len(own["states"]) == 60
    for k in ("loss", "right", "tied"):
        assert ahead[k] == own[k][:60]


def test_the_pages_own_run_is_the_same_where_its_arrays_grow():
    """Past 1,024 states the History's arrays grow, copied into larger ones in the middle of a run of steps: 1,100
    steps are still the worker's, bit for bit."""
    points, labels, K, theta = case("blobs", 4, "random", n=40)
    ahead, own = call(("ahead", [points, labels, K, theta, 0, 0.5, 1100]),
                      ("own", [points, labels, K, theta, 0.5, 1100]))
    assert ahead["states"] == own["states"] and len(own["states"]) == 1100
    assert ahead["loss"] == own["loss"][:1100]


def test_a_later_start_measures_its_ties_at_its_own_step():
    """Started at step 1,000 (as after a cut there), a state is counted as at step 1,000: the tie rule's drift grows
    with η √t, so b₂ − b₁ = 1e−13 is a tie there at every point and a lead at step 0, as core's predictions say."""
    X, y = np.array([[-1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 0.0]]), np.array([0, 0, 1, 1])
    W, b = np.zeros((2, 2)), np.array([0.0, 1e-13])
    theta = packed(W, b).tolist()
    late, early = call(("ahead", [X.ravel().tolist(), y.tolist(), 2, theta, 1000, 0.5, 1001]),
                       ("ahead", [X.ravel().tolist(), y.tolist(), 2, theta, 0, 0.5, 1]))
    assert late["states"] == early["states"]
    for out, step in ((late, 1000), (early, 0)):
        predicted = predictions(X, W, b, lr=0.5, step=step, data=X)
        assert out["tied"][0] == np.count_nonzero(predicted < 0) and out["right"][0] == np.count_nonzero(predicted == y)
    assert late["tied"][0] == 4 and early["tied"][0] == 0


def test_an_overflowing_run_stops_where_the_pages_own_stops():
    """Points ×1e154 at η = 10: the second step's scores overflow. The batch ends with the last finite state, as
    History.advance does, and says it overflowed."""
    points, labels, K, theta = case()
    points = (np.array(points) * 1e154).tolist()
    ahead, own = call(("ahead", [points, labels, K, theta, 0, 10.0, 50]), ("own", [points, labels, K, theta, 10.0, 50]))
    assert ahead["overflowed"] and own["overflowed"]
    assert ahead["states"] == own["states"] and len(own["states"]) == 1


def test_the_history_takes_only_what_continues_it():
    """The page trained 5 steps itself: of the first batch (steps 0 … 8) it takes the 3 after its head, at most 2 of
    the second when told so, then the rest; the states are then the page's own run to step 16. A batch starting past
    the head (step 8 into a fresh run) leaves a gap and gives nothing; the limit of maxSteps holds."""
    points, labels, K, theta = case()
    got, own = call(("adopted", [points, labels, K, theta, 0.5, 5, [[0], [1, 2], [1], [2, 3]], 1e6]),
                    ("own", [points, labels, K, theta, 0.5, 19]))
    assert got["taken"] == [3, 2, 6, 3] and got["head"] == 19 and got["gap"] == 0
    assert got["states"][1:] == own["states"] and got["loss"] == own["loss"]
    capped = call(("adopted", [points, labels, K, theta, 0.5, 0, [[0], [1], [2]], 12]))[0]
    assert capped["taken"] == [8, 4, 0] and capped["head"] == 12


def test_the_page_takes_only_batches_of_the_settings_shown():
    """With a stand-in worker: nothing is taken before a batch comes; a batch is taken a few states at a time; after a
    cut the old settings' batch is refused and a new start is sent from the head; a batch at another η is refused; a
    new end is sent as such, and a pause sends an end of 0. The worker counts as delivering just after a batch, not
    before, not 200 ms on, not after an overflow, not on a batch the page has trained past already. Where no Worker
    can be made, nothing is offloaded."""
    points, labels, K, theta = case()
    out, own = call(("fake", [points, labels, K, theta, 0.5]), ("own", [points, labels, K, theta, 0.5, 8]))
    assert out["log"] == {
        "delivering before any batch": False, "took before it came": 0, "delivering after a batch": True,
        "delivering 200 ms on": False, "took 3 of it": 3, "took the rest": 5,
        "delivering on a batch behind the head": False, "follows after a cut": False,
        "sent a new start": True, "took a batch of the old settings": 0, "took at another rate": 0,
        "moved the end": True, "rested": 0, "delivering after an overflow": False,
        "without a worker": [None, 0, False],
    }
    assert out["head"] == 8 and out["states"][1:] == own["states"]


def test_a_resting_worker_trains_the_same_states_and_sleeps_between_batches():
    """Asked to rest (the page paints too few frames), the worker sends the states it sends unrested, bit for bit,
    and sleeps 4 ms between its spells of training of 8 ms (a 3,000-step run on 300 points takes tens of
    milliseconds); unrested, it never waits on a timer."""
    points, labels, K, theta = case(n=300)
    rested, unrested = call(("worker", [points, labels, K, theta, 0.5, 3000, True]),
                            ("worker", [points, labels, K, theta, 0.5, 3000, False]))
    assert rested["states"] == unrested["states"] and len(rested["states"]) == 3000 * 3 * K
    assert len(rested["waits"]) >= 2 and set(rested["waits"]) == {4} and len(rested["waits"]) < rested["batches"]
    assert unrested["waits"] == []
