"""How close runs come to the tie rule's bound where two scores are equal in exact arithmetic.

For symmetric points (tests/core/symmetric.py: mirror images across classes, classes with the same points; K = 2 … 5)
trained from a zero start at η = a share of the largest rate that cannot amplify rounding (calm_rate), prints the
largest |z₁ − z₂| / (u₁ + u₂) over every step, u from core.activations.score_rounding: in core.gradient_descent and in
the browser's trainer (ui/js/descent.js, run in node). Below 1 the two scores tie at every step.

    python bench/tie_rounding.py [cases] [steps] [seed]     # defaults: 40 cases, 100,000 steps, seed 0
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.activations import score_rounding
from core.descent import gradient_descent
from tests.core.symmetric import KINDS, calm_rate, symmetric_case

SHARES = (0.001, 0.01, 0.1, 0.5, 0.99)
NODE = shutil.which("node") or shutil.which("nodejs")
# Runs the trainer for each case and answers the largest |z₁ − z₂| / (u₁ + u₂) at the tied points over the steps.
DRIVER = """
import fs from "node:fs";
import * as m from %s;
const out = [];
for (const { points, labels, K, lr, steps, tied } of JSON.parse(fs.readFileSync(0, "utf8"))) {
  const run = m.trainer(Float64Array.from(points), Uint8Array.from(labels), K);
  let [now, next] = [new Float64Array(3 * K), new Float64Array(3 * K)];
  const [z, u] = [new Float64Array(K), new Float64Array(K)];
  let worst = 0;
  for (let t = 0; t <= steps; t++) {
    for (const i of tied) {
      const [x1, x2] = [points[2 * i], points[2 * i + 1]];
      m.scores(now, K, x1, x2, m.moved(m.driftFactor(lr, t), run.mu, x1, x2), z, u);
      if (z[0] !== z[1]) worst = Math.max(worst, Math.abs(z[0] - z[1]) / (u[0] + u[1]));
    }
    run.advance(now, lr, next, t);
    [now, next] = [next, now];
  }
  out.push(worst);
}
process.stdout.write(JSON.stringify(out));
"""


def core_worst(X, y, K, lr, steps, tied) -> float:
    """max over steps t and tied points of |z₁ − z₂| / (u₁ + u₂) in core's run."""
    run = gradient_descent(X, y, np.zeros((K, 2)), np.zeros(K), lr, steps)
    worst = 0.0
    for t in range(run.steps + 1):
        z = X[tied] @ run.W[t].T + run.b[t]
        u = score_rounding(X[tied], run.W[t], run.b[t], lr=lr, step=t, data=X)
        gap = np.abs(z[:, 0] - z[:, 1])
        if gap.any():  # a gap of 0 is a tie even where u is 0 (a zero start)
            worst = max(worst, float(np.max(gap[gap > 0] / (u[gap > 0, 0] + u[gap > 0, 1]))))
    return worst


def main(cases: int = 40, steps: int = 100_000, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    rows, payload = [], []
    for c in range(cases):
        kind, K = KINDS[c % len(KINDS)], int(rng.integers(2, 6))
        X, y, tied = symmetric_case(rng, kind, K)
        share = float(rng.choice(SHARES))
        lr = share * calm_rate(X)
        rows.append((kind, K, y.size, share, lr, core_worst(X, y, K, lr, steps, tied)))
        payload.append({"points": X.ravel().tolist(), "labels": y.tolist(), "K": K, "lr": lr, "steps": steps,
                        "tied": tied.tolist()})
    module = json.dumps(Path(__file__).resolve().parents[1].joinpath("ui", "js", "descent.js").as_uri())
    done = subprocess.run([NODE, "--input-type=module", "-e", DRIVER % module], input=json.dumps(payload),
                          capture_output=True, text=True, check=True)
    print(f"{'kind':10} K   N  η/calm  η          core     browser   (largest |z₁ − z₂| / (u₁ + u₂), {steps:,} steps)")
    for (kind, K, n, share, lr, core), browser in zip(rows, json.loads(done.stdout), strict=True):
        print(f"{kind:10} {K} {n:3d}  {share:<6}  {lr:<9.3g}  {core:.2e}  {browser:.2e}")
    print(f"largest: core {max(r[-1] for r in rows):.2e}, browser {max(json.loads(done.stdout)):.2e}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
