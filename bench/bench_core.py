"""Time core.gradient_descent against a plain NumPy loop (1,000 steps, 1,000 points, 3 classes), and what one
change on the gradient-descent page costs the server now that the browser trains: decide separability and the best
loss (once per set of points), judge the step shown (a look-ahead of core.diagnostics.LOOK_AHEAD steps), and pack
the points for the descent explorer.

Run: .venv/bin/python bench/bench_core.py   (prints figures; not a test)
"""

from __future__ import annotations

import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core import gradient_descent, make_dataset
from core.diagnostics import judge
from core.separability import separation
from ui.descent_explorer import explorer_data
from viz import Look


def plain_loop(X, y, W, b, lr, steps):
    """The straightforward version: a forward pass, loss, accuracy and update per step, samples in rows."""
    n, k = len(y), W.shape[0]
    Y = np.eye(k)[y]
    Ws, bs, losses, accs = [W], [b], [], []
    for t in range(steps + 1):
        z = X @ W.T + b
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        losses.append(-np.mean(np.log(p[np.arange(n), y])))
        accs.append(np.mean(p.argmax(axis=1) == y))
        if t == steps:
            break
        G = (p - Y) / n
        W, b = W - lr * G.T @ X, b - lr * G.sum(axis=0)
        Ws.append(W)
        bs.append(b)
    return np.array(Ws), np.array(bs), np.array(losses), np.array(accs)


def best_of(fn, repeats=7):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, 1000 * min(times), 1000 * float(np.median(times))


def main():
    X, y = make_dataset("overlap", n=1000, noise=0.8, classes=3, seed=0)
    W0, b0 = np.zeros((3, 2)), np.zeros(3)
    run, fast_min, fast_median = best_of(lambda: gradient_descent(X, y, W0, b0, 0.5, 1000))
    (Ws, _, losses, _), plain_min, plain_median = best_of(lambda: plain_loop(X, y, W0, b0, 0.5, 1000))
    agree = np.abs(run.W - Ws).max()
    print("gradient_descent, 1,000 steps × 1,000 points × 3 classes (best / median of 7)")
    print(f"  core.gradient_descent : {fast_min:7.1f} ms / {fast_median:7.1f} ms")
    print(f"  plain NumPy loop      : {plain_min:7.1f} ms / {plain_median:7.1f} ms")
    print(f"  speed-up (median)     : {plain_median / fast_median:7.2f}×")
    print(f"  max |ΔW| between them : {agree:.2e}   final loss {run.loss[-1]:.6f} vs {losses[-1]:.6f}")
    print("\none gradient-descent page change (best / median of 7 ms; the explorer's data as JSON)")
    for n, classes in ((200, 3), (500, 3), (2000, 5)):
        X, y = make_dataset("blobs", n=n, noise=1.0, classes=classes, seed=0)
        W0, b0 = np.zeros((classes, 2)), np.zeros(classes)
        found, *decide = best_of(lambda: separation(X, y, classes=classes))  # noqa: B023
        W, b = gradient_descent(X, y, W0, b0, 0.5, 200).W[-1], gradient_descent(X, y, W0, b0, 0.5, 200).b[-1]
        _, *judging = best_of(
            lambda: judge(X, y, W, b, lr=0.5, step=200, start=(W0, b0), found=found, max_steps=100_000)  # noqa: B023
        )
        text, *pack = best_of(lambda: json.dumps(explorer_data(X, y, W0, b0, 0.5, Look())))  # noqa: B023
        print(
            f"  n = {n:5,}, K = {classes}: separability and best loss {decide[0]:6.1f} / {decide[1]:6.1f} (once per "
            f"points)   judge a step {judging[0]:5.1f} / {judging[1]:5.1f}   pack {pack[0]:5.1f} / {pack[1]:5.1f}"
            f"   ({len(text) / 1000:,.0f} KB)"
        )


if __name__ == "__main__":
    main()
