"""Linear separability by LP and the best cross-entropy, on cases with known answers and against SciPy's BFGS."""

import math

import numpy as np
import pytest
from scipy import optimize, special

from core import make_dataset
from core.separability import separation


def test_two_points_are_separated_with_a_checked_certificate():
    """Two points of two labels: separable, and the returned W, b give each point its own class."""
    X, y = np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([0, 1])
    found = separation(X, y, classes=2)
    assert found.separable and found.unbounded and found.best_loss == 0
    assert np.all(np.argmax(X @ found.W.T + found.b, axis=1) == y)


def test_a_point_with_two_labels_is_not_separable_and_costs_log_2():
    """The same point labelled 0 and 1: no line separates them, no direction helps, and the best loss is log 2."""
    X, y = np.array([[1.0, 2.0], [1.0, 2.0]]), np.array([0, 1])
    found = separation(X, y, classes=2)
    assert not found.separable and not found.unbounded
    assert found.best_loss == pytest.approx(math.log(2), rel=1e-9)


def test_one_class_apart_from_the_rest_makes_the_loss_unbounded_below_its_start():
    """Labels 0 and 1 share a point, class 2 sits apart: not separable, yet pulling class 2 away lowers the loss
    for ever; the infimum is the shared point's 2·log 2 over 4 points."""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    y = np.array([0, 1, 0, 2])
    found = separation(X, y, classes=3)
    assert not found.separable and found.unbounded
    assert found.best_loss == pytest.approx(2 * math.log(2) / 4, rel=1e-6)


def bfgs_best_loss(X, y, classes):
    """min of the mean cross-entropy by SciPy's BFGS on scipy.special.logsumexp, from zeros."""
    Xa = np.hstack([X, np.ones((len(X), 1))])

    def loss(flat):
        z = Xa @ flat.reshape(classes, -1).T
        return float(np.mean(special.logsumexp(z, axis=1) - z[np.arange(len(y)), y]))

    return optimize.minimize(loss, np.zeros(classes * 3), method="BFGS", options={"gtol": 1e-9}).fun


@pytest.mark.parametrize(
    ("name", "n", "noise", "classes", "seed"),
    [("xor", 300, 0.4, 2, 0), ("overlap", 300, 1.0, 3, 0), ("spirals", 200, 0.3, 4, 1), ("blobs", 200, 3.0, 5, 2)],
)
def test_the_best_loss_is_no_higher_than_bfgs_finds(name, n, noise, classes, seed):
    """Data no linear scores separate: the best loss matches an independent BFGS minimum to 1e−6 and is not above it."""
    X, y = make_dataset(name, n=n, noise=noise, classes=classes, seed=seed)
    found = separation(X, y, classes=classes)
    reference = bfgs_best_loss(X, y, classes)
    assert not found.separable
    assert found.best_loss <= reference + 1e-9 and found.best_loss == pytest.approx(reference, abs=1e-6)
