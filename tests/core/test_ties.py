"""Ties are ties: scores equal in exact arithmetic predict no class however rounding parts them, and scores that
differ are never called a tie (core.activations.score_rounding and predicted_classes, and their use in
gradient_descent's accuracy and step_pulls)."""

from fractions import Fraction

import numpy as np
import pytest

from core import gradient_descent, make_dataset
from core.activations import TIE, predicted_classes, predictions, score_rounding
from core.datasets import DATASETS
from core.diagnostics import start_weights, step_pulls
from tests.core.symmetric import KINDS, calm_rate, symmetric_case

AUDIT = np.array([[-1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 0.0]]), np.array([0, 0, 1, 1])
ZEROS = np.zeros((2, 2)), np.zeros(2)


def counts(run, X, y, lr) -> tuple[np.ndarray, np.ndarray]:
    """Right and tied points of every state of ``run``, by ``predictions``."""
    states = enumerate(zip(run.W, run.b, strict=True))
    predicted = np.array([predictions(X, W, b, lr=lr, step=t) for t, (W, b) in states])
    return np.count_nonzero(predicted == y, axis=1), np.count_nonzero(predicted < 0, axis=1)


@pytest.mark.parametrize("lr", [0.001, 0.5, 3.0])
def test_the_audits_two_points_at_the_origin_tie_at_every_step(lr):
    """Classes 1 and 2 mirror each other through the origin, so b₁ = b₂ at every step in exact arithmetic and the two
    points at (0, 0) tie: 2 of 4 right, 2 tied, at every step after the first, for 2,000 steps at η up to 3 (below 4,
    the rate above which steps amplify rounding here). Rounding makes b₁ and b₂ differ, and exact equality would
    decide the two points by it (3 of 4 right at step 200, η = 0.5, before this rule)."""
    X, y = AUDIT
    run = gradient_descent(X, y, *ZEROS, lr, 2000)
    right, tied = counts(run, X, y, lr)
    assert calm_rate(X) == 4.0
    assert right[0] == 0 and tied[0] == 4 and np.all(right[1:] == 2) and np.all(tied[1:] == 2)
    np.testing.assert_array_equal(run.accuracy, right / 4)
    parted = run.b[:, 0] != run.b[:, 1]
    assert parted.any()
    assert np.any(predicted_classes(X[1:3] @ run.W[parted][-1].T + run.b[parted][-1]) >= 0)


def test_the_audit_link_says_2_of_4_right_and_2_tie():
    """The audit's link (η = 0.5, 200 steps): core's counts and step_pulls' predictions, as the page shows them."""
    X, y = AUDIT
    run = gradient_descent(X, y, *ZEROS, 0.5, 200)
    assert run.accuracy[200] == 0.5
    assert step_pulls(X, y, run.W[200], run.b[200], lr=0.5, step=200).predicted.tolist() == [0, -1, -1, 1]


def test_symmetric_runs_never_let_rounding_pick_between_two_tied_classes():
    """200 seeded cases, 40 of each kind (mirror images across x₁ = 0, through the origin, across x₁ = x₂, and
    classes with the same points), K = 2 … 5, points at 1e−3 … 1e3, η from 0.001 to 0.99 of the rate above which
    steps amplify rounding, 300 steps from zeros: at every step, every point where classes 1 and 2 score equally in
    exact arithmetic is predicted as neither (a tie, or a third class above both), while the exact-equality rule
    lets rounding pick one of the two somewhere (so these cases fail without the rule); the accuracy
    gradient_descent records is the share that predictions gets right."""
    rng = np.random.default_rng(22)
    by_rounding = 0
    for case in range(200):
        kind, classes = KINDS[case % len(KINDS)], int(rng.integers(2, 6))
        X, y, tied = symmetric_case(rng, kind, classes)
        lr = float(rng.choice([0.001, 0.01, 0.1, 0.5, 0.99])) * calm_rate(X)
        run = gradient_descent(X, y, np.zeros((classes, 2)), np.zeros(classes), lr, 300)
        for t in range(run.steps + 1):
            z = X @ run.W[t].T + run.b[t]
            predicted = predicted_classes(z, rounding=score_rounding(X, run.W[t], run.b[t], lr=lr, step=t))
            assert not np.isin(predicted[tied], [0, 1]).any(), (case, kind, t)
            assert run.accuracy[t] == np.mean(predicted == y), (case, kind, t)
            by_rounding += np.isin(predicted_classes(z)[tied], [0, 1]).sum()
    assert by_rounding > 0


def exact_gap(x: np.ndarray, W: np.ndarray, b: np.ndarray, j: int, k: int) -> Fraction:
    """z_j − z_k at x in exact rational arithmetic on the given floats."""
    score = lambda c: sum(Fraction(w) * Fraction(v) for w, v in zip(W[c], x, strict=True)) + Fraction(b[c])  # noqa: E731
    return score(j) - score(k)


def test_on_the_pages_data_only_scores_equal_in_exact_arithmetic_tie():
    """60 seeded runs of the page's datasets (K = 2 … 5, zero and random starts, η = 0.001 … 10, 2,000 steps) at 12
    steps each: a point is tied exactly when its top two scores are equal in rational arithmetic on the run's floats
    (all of them at a zero start, none after it), so no difference is called a tie here; the others are over 1e6
    times the bound apart."""
    rng = np.random.default_rng(5)
    for case in range(60):
        name = str(rng.choice(list(DATASETS)))
        classes = 2 if name == "xor" else int(rng.integers(2, 6))
        X, y = make_dataset(name, n=100, noise=float(rng.choice([0.1, 0.8, 2.0])), classes=classes, seed=case)
        lr = float(rng.choice([0.001, 0.01, 0.1, 1.0, 3.0, 10.0]))
        start = start_weights(str(rng.choice(["zeros", "random"])), classes=classes, dims=2, seed=case)
        run = gradient_descent(X, y, *start, lr, 2000)
        for t in np.unique(np.geomspace(1, run.steps + 1, 12).astype(int) - 1):
            W, b = run.W[t], run.b[t]
            z, u = X @ W.T + b, score_rounding(X, W, b, lr=lr, step=int(t))
            order, rows = np.argsort(z, axis=1), np.arange(y.size)
            equal = [exact_gap(x, W, b, j, k) == 0 for x, j, k in zip(X, order[:, -1], order[:, -2], strict=True)]
            np.testing.assert_array_equal(predicted_classes(z, rounding=u) < 0, equal, err_msg=f"{case} {name} {t}")
            top, second = (order[:, c] for c in (-1, -2))
            apart = z[rows, top] - z[rows, second] > 1e6 * (u[rows, top] + u[rows, second])
            assert np.all(apart | equal), (case, name, t)


@pytest.mark.parametrize("scale", [1e-6, 1.0, 1e6])
def test_a_lead_of_1e_12_of_the_terms_is_not_a_tie(scale):
    """200 random models (K = 2 … 5, weights at a scale) and points: a class ahead of the next by 1e−12 of the larger
    score's terms (in rational arithmetic) is predicted, one ahead by TIE / 4 of them is a tie; multiplying the
    weights by 2⁴⁰ changes neither."""
    rng = np.random.default_rng(int(np.log10(scale)) + 7)
    for _ in range(200):
        K = int(rng.integers(2, 6))
        W, b, x = rng.normal(0, scale, (K, 2)), rng.normal(0, scale, K), rng.normal(0, 3, 2)
        j, k = (int(c) for c in rng.choice(K, 2, replace=False))
        b[[c for c in range(K) if c not in (j, k)]] = -1e3 * scale
        for share, tie in ((1e-12, False), (TIE / 4, True)):
            b[k] = W[j] @ x + b[j] - W[k] @ x  # z_k = z_j, up to rounding
            size = max(np.abs(W[j] * x).sum() + abs(b[j]), np.abs(W[k] * x).sum() + abs(b[k]))
            b[k] -= share * size
            lead = exact_gap(x, W, b, j, k) / Fraction(size)
            assert Fraction(share) * Fraction(9, 10) < lead < Fraction(share) * Fraction(11, 10)
            assert predictions(x[None], W, b)[0] == (-1 if tie else j)
            assert predictions(x[None], W * 2.0**40, b * 2.0**40)[0] == (-1 if tie else j)
