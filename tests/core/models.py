"""Random pairs of a two-class softmax model and a logistic model, and an mpmath reference for their gap, shared by
the tests of core.equivalence, core.square and the browser's linear.js."""

import math

import mpmath
import numpy as np

from core import logistic_from_softmax


def mp_sigmoid_gap(a, d):
    """|σ(a) − σ(a − d)| by mpmath with the digits it needs for 60 correct ones: beyond 60, as many as the gap is
    smaller than σ'(a) (e^{−|a|}) and than d, so the subtraction of the two probabilities loses none of them."""
    a, d = float(a), float(d)
    if d == 0:
        return mpmath.mpf(0)
    digits = 60 + int(max(0.0, -math.log10(abs(d))) + min(abs(a), abs(a - d)) / 2.3)
    with mpmath.workdps(min(digits, 4000)):
        a, d = mpmath.mpf(a), mpmath.mpf(d)
        return abs(1 / (1 + mpmath.exp(-a)) - 1 / (1 + mpmath.exp(-(a - d))))


def wide(rng, size):
    """Signed values from 1e−300 to 1e3 in magnitude, log-uniform, with some exact zeros."""
    values = rng.choice([-1, 1], size) * 10 ** rng.uniform(-300, 3, size)
    values[rng.random(size) < 0.05] = 0.0
    return values


def saturated_models(rng, count):
    """Rows whose score difference is far from 0 on the whole square (|b₂ − b₁| from 45 to 1e6) with a logistic
    model that differs only where both saturate, linked ones, nudged ones, and the audit's b = 60 against 50."""
    yield np.zeros((2, 2)), np.array([0.0, 50.0]), np.zeros(2), 60.0
    for i in range(count - 1):
        W = rng.normal(size=(2, 2)) * 10 ** rng.uniform(-3, 0)
        bW = np.array([0.0, rng.choice([-1, 1]) * 10 ** rng.uniform(np.log10(45), 6)])
        w, b = logistic_from_softmax(W, bW)
        kind = i % 3
        if kind == 0:
            b = b + np.sign(b) * 10 ** rng.uniform(-1, 2)  # further into saturation
        elif kind == 1:
            w = w * (1 + rng.normal(size=2) * 10 ** rng.uniform(-15, -3))
        yield W, bW, w, float(b)


def sampled_models(rng, count):
    """Rows at every scale from 0.01 to 1e6, each with a logistic model that is linked, nearly linked
    (relative nudges from 1e−13 to 1), steep (a scaled copy), or unrelated."""
    for i in range(count):
        scale = 10 ** rng.uniform(-2, 6)
        W, bW = rng.normal(size=(2, 2)) * scale, rng.normal(size=2) * scale
        w, b = logistic_from_softmax(W, bW)
        kind = i % 4
        if kind == 1:
            w, b = w * (1 + rng.normal(size=2) * 10 ** rng.uniform(-13, 0)), b * (1 + rng.normal() * 1e-6)
        elif kind == 2:
            w, b = w * 10 ** rng.uniform(0, 3), b * 10 ** rng.uniform(0, 3)
        elif kind == 3:
            w, b = rng.normal(size=2) * scale, float(rng.normal() * scale)
        yield W, bW, w, float(b)
