"""Two-class softmax at η against logistic regression at 2η: the check calls a gap rounding only where 50-digit
arithmetic shrinks it, and a real difference (logistic at 1.9η, 2.1η, 2(1 + 1e−9)η) a failure, chaotic or not.
mpmath, at 60 digits, reruns both runs as an independent reference."""

import mpmath
import numpy as np
import pytest

from core import gradient_descent, logistic_gradient_descent, make_dataset
from core.diagnostics import start_weights
from core.two_class import AGREE, BUDGET, PARTED, compare_with_logistic, explain, two_class_runs

AUDIT = ("spirals", 10, 3.0, 5859, "random", 10.0, 2000)  # the link: gap 44 beside a 3.6e−15 "nudge"


def problem(name, n, noise, seed, init, lr, steps):
    X, y = make_dataset(name, n=n, noise=noise, classes=2, seed=seed)
    W0, b0 = start_weights(init, classes=2, dims=2, seed=seed)
    return X, y, W0, b0, lr, steps


def chaotic_cases(count=6):
    """Small point sets at η = 5 or 10 (every step magnifies differences), each seeded: the audit's and others."""
    rng = np.random.default_rng(20_240)
    cases = [AUDIT]
    while len(cases) < count:
        name = str(rng.choice(["spirals", "blobs", "xor"]))
        cases.append((name, int(rng.integers(6, 30)), 3.0, int(rng.integers(10_000)), "random", 10.0, 600))
    return cases


def mp_runs(X, y, W0, b0, lr, steps, factor=2.0, digits=60):
    """[w₂ − w₁, b₂ − b₁] of softmax at η and logistic at factor·η, by mpmath at ``digits`` digits."""
    with mpmath.workdps(digits):
        Xa = [[mpmath.mpf(float(v)) for v in row] + [mpmath.mpf(1)] for row in X]
        theta = [[mpmath.mpf(float(v)) for v in [*list(W0[k]), b0[k]]] for k in range(2)]
        d = [theta[1][j] - theta[0][j] for j in range(3)]
        n, eta, rate = len(Xa), mpmath.mpf(float(lr)), mpmath.mpf(float(factor)) * mpmath.mpf(float(lr))
        differences, logistic = [list(d)], [list(d)]
        for _ in range(steps):
            grad = [[mpmath.mpf(0)] * 3 for _ in range(2)]
            grad_l = [mpmath.mpf(0)] * 3
            for x, label in zip(Xa, y, strict=True):
                z = [mpmath.fsum(t * v for t, v in zip(theta[k], x, strict=True)) for k in range(2)]
                p2 = 1 / (1 + mpmath.exp(z[0] - z[1]))
                p = [1 - p2, p2]
                s = 1 / (1 + mpmath.exp(-mpmath.fsum(t * v for t, v in zip(d, x, strict=True))))
                for j in range(3):
                    for k in range(2):
                        grad[k][j] += (p[k] - (label == k)) * x[j]
                    grad_l[j] += (s - label) * x[j]
            theta = [[theta[k][j] - eta * grad[k][j] / n for j in range(3)] for k in range(2)]
            d = [d[j] - rate * grad_l[j] / n for j in range(3)]
            differences.append([theta[1][j] - theta[0][j] for j in range(3)])
            logistic.append(list(d))
        return differences, logistic


@pytest.mark.parametrize("case", chaotic_cases(), ids=lambda c: f"{c[0]}-n{c[1]}-seed{c[3]}")
def test_a_chaotic_gap_is_called_rounding_where_60_digit_mpmath_shows_the_identity_holds(case):
    """η = 10 on small sets: the float64 gap grows past 1e−8 of the weights (for the audit's link, past 1), yet the
    check says rounding, never "fails"; mpmath at 60 digits agrees that the two runs take the same steps (its gap is
    below 1e−30 at the step where the float64 runs part) and that the 50-digit runs are right (their logistic path
    matches mpmath's to AGREE of the weights' size over the steps they agree)."""
    X, y, W0, b0, lr, steps = problem(*case)
    check = compare_with_logistic(X, y, W0, b0, lr, steps)
    assert check.verdict in ("rounding", "agree")
    if case == AUDIT:
        assert check.verdict == "rounding" and check.max_gap > 1 and check.first_gap < 1e-14
    last = min(check.agreed, (check.parted or 0) + 5, 200)
    differences, logistic = mp_runs(X, y, W0, b0, lr, last)
    size = max(1.0, float(np.abs(check.reference.logistic[: last + 1]).max()))
    pairs = zip(differences, logistic, strict=True)
    mp_gap = max(float(max(abs(a - b) for a, b in zip(u, v, strict=True))) for u, v in pairs)
    assert mp_gap < 1e-30 * size
    mp_logistic = np.array([[float(v) for v in row] for row in logistic])
    # Both are rounded to float64 at the end: values that agree to AGREE may round one ulp apart.
    np.testing.assert_allclose(check.reference.logistic[: last + 1], mp_logistic, rtol=2**-52, atol=AGREE * size)
    if check.verdict == "rounding":
        assert check.gap[check.parted] > PARTED and check.reference.gap[check.parted] < 1e-20 * size
        text = explain(check, points=len(X))
        assert "magnifies small differences" in text and "not a failure of the identity" in text
        assert f"{check.max_gap:.1e}" in text and f"step {check.parted:,}" in text


@pytest.mark.parametrize("factor", [1.9, 2.1, 2 * (1 + 1e-9)])
@pytest.mark.parametrize(
    "case",
    [AUDIT, ("blobs", 40, 3.0, 7, "zeros", 10.0, 300), ("overlap", 60, 1.0, 4, "random", 0.5, 300)],
    ids=["audit", "chaotic-blobs", "calm-overlap"],
)
def test_logistic_at_another_rate_is_flagged_chaotic_or_calm(case, factor):
    """A broken identity, logistic at 1.9η, 2.1η or 2(1 + 1e−9)η: the check says "fails" (at step 1, where the
    50-digit runs already differ), on chaotic runs and calm ones, and says it is not rounding."""
    X, y, W0, b0, lr, steps = problem(*case)
    check = compare_with_logistic(X, y, W0, b0, lr, steps, factor=factor)
    assert check.verdict == "fails" and check.reference_parted == 1
    assert check.reference_gap > AGREE
    assert "not rounding" in explain(check, points=len(X))


@pytest.mark.parametrize(
    "case",
    [("overlap", 200, 1.0, 4, "random", 0.5, 150), ("xor", 300, 0.4, 0, "zeros", 1.0, 100)],
    ids=["overlap", "xor"],
)
def test_calm_runs_agree_in_both_arithmetics(case):
    """At a steady rate the float64 runs stay within 1e−12, w₁ + w₂ does not move (1e−13), and the 50-digit runs
    agree to 1e−45: verdict "agree", and the sentence gives both numbers."""
    X, y, W0, b0, lr, steps = problem(*case)
    check = compare_with_logistic(X, y, W0, b0, lr, steps)
    assert check.difference.shape == check.logistic.shape == (steps + 1, 3)
    assert check.verdict == "agree" and check.max_gap < 1e-12 and check.max_drift < 1e-13
    assert check.reference.steps == steps and check.reference_gap < 1e-45
    text = explain(check, points=len(X))
    assert f"agree to {check.reference_gap:.1e} over steps 0–{steps:,}" in text and "as far as" not in text


def test_the_50_digit_runs_stop_at_their_budget_and_say_so():
    """2,000 points × 2,000 steps: the reference covers BUDGET // 2,000 steps and the sentence says how far and why."""
    X, y, W0, b0, lr, steps = problem("blobs", 2000, 0.8, 0, "zeros", 0.5, 2000)
    check = compare_with_logistic(X, y, W0, b0, lr, steps)
    assert check.reference.steps == BUDGET // 2000 and check.reference.stopped == "budget"
    assert check.verdict == "agree"
    text = explain(check, points=2000)
    assert f"over steps 0–{BUDGET // 2000}" in text and "with 2,000 points they stop there" in text


def test_the_float64_runs_are_cores():
    """The check's float64 paths are core.gradient_descent's w₂ − w₁ and core.logistic_gradient_descent at 2η."""
    X, y, W0, b0, lr, _steps = problem(*AUDIT)
    check = compare_with_logistic(X, y, W0, b0, lr, 50)
    soft = gradient_descent(X, y, W0, b0, lr, 50)
    logi = logistic_gradient_descent(X, y, W0[1] - W0[0], b0[1] - b0[0], 2 * lr, 50)
    np.testing.assert_array_equal(check.difference[:, :2], soft.W[:, 1] - soft.W[:, 0])
    np.testing.assert_array_equal(check.logistic[:, 2], logi.b)


def test_decimal_runs_hold_logits_float64_cannot():
    """Points at ±1e6: after one step the margins are 5e11, e^{−5e11} is 0 in float64 but a number in 50 digits;
    the 50-digit runs still match mpmath's to 1e−40 of the weights' size."""
    X = np.array([[-1e6, 0.0], [1e6, 0.0], [-2e5, 3e5]])
    y = np.array([0, 1, 0])
    runs = two_class_runs(X, y, np.zeros((2, 2)), np.zeros(2), 0.5, 3)
    _differences, logistic = mp_runs(X, y, np.zeros((2, 2)), np.zeros(2), 0.5, 3)
    mp_logistic = np.array([[float(v) for v in row] for row in logistic])
    np.testing.assert_allclose(runs.logistic, mp_logistic, rtol=2**-52, atol=1e-40 * np.abs(mp_logistic).max())
    assert runs.gap.max() <= 1e-40 * np.abs(mp_logistic).max()
