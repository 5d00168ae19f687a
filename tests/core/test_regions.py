"""Class boundaries of a softmax model: winning ties, clipped to the box, and none missing."""

import numpy as np
import pytest

from core import class_probabilities, grid_points
from core.equivalence import boundary_segment
from core.regions import class_boundaries

XLIM, YLIM = (-3.0, 3.0), (-2.0, 4.0)


def seeded(K: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(0, 2, (K, 2)), rng.normal(0, 1, K)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("K", [2, 3, 4, 5])
def test_every_segment_is_a_winning_tie_inside_the_box(K, seed):
    """Along each segment classes i and j score the same and no other class scores more; the ends lie in the box."""
    W, b = seeded(K, seed)
    for i, j, ends in class_boundaries(W, b, XLIM, YLIM):
        along = ends[0] + np.linspace(0, 1, 21)[:, None] * (ends[1] - ends[0])
        z = along @ W.T + b
        assert np.abs(z[:, i] - z[:, j]).max() < 1e-9
        assert np.all(np.delete(z, [i, j], axis=1) <= z[:, [i]] + 1e-9)
        assert np.all((XLIM[0] - 1e-12 <= ends[:, 0]) & (ends[:, 0] <= XLIM[1] + 1e-12))
        assert np.all((YLIM[0] - 1e-12 <= ends[:, 1]) & (ends[:, 1] <= YLIM[1] + 1e-12))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("K", [3, 4, 5])
def test_no_boundary_is_missing(K, seed):
    """Wherever two neighbouring cells of a fine grid are predicted as i and j, the pair (i, j) has a segment."""
    W, b = seeded(K, seed)
    _, _, X = grid_points(XLIM, YLIM, resolution=201)
    label = class_probabilities(W, b, X).argmax(axis=1).reshape(201, 201)
    seen = set()
    for a, c in ((label[:, :-1], label[:, 1:]), (label[:-1, :], label[1:, :])):
        differ = a != c
        seen |= {tuple(sorted(pair)) for pair in zip(a[differ], c[differ], strict=True)}
    drawn = {(i, j) for i, j, _ in class_boundaries(W, b, XLIM, YLIM)}
    assert seen <= drawn


def test_two_classes_have_the_one_line_of_their_difference():
    """K = 2: the boundary is boundary_segment of w₁ − w₂, b₁ − b₂, whole."""
    W, b = np.array([[1.0, -0.5], [-1.0, 1.5]]), np.array([0.25, -0.5])
    ((i, j, ends),) = class_boundaries(W, b, XLIM, YLIM)
    assert (i, j) == (0, 1)
    np.testing.assert_allclose(ends, boundary_segment(W[0] - W[1], b[0] - b[1], XLIM, YLIM), atol=1e-15)


def test_rows_that_tie_everywhere_have_no_line():
    """At a zero start every class ties everywhere, and equal rows never separate: nothing is drawn."""
    assert class_boundaries(np.zeros((4, 2)), np.zeros(4), XLIM, YLIM) == []
    W, b = np.array([[1.0, 2.0], [1.0, 2.0]]), np.array([0.5, 0.5])
    assert class_boundaries(W, b, XLIM, YLIM) == []


def test_a_class_that_never_wins_leaves_no_line():
    """Class 3 scores below class 1 everywhere in the box: its ties with 1 and 2 are not boundaries."""
    W = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]])
    b = np.array([0.0, 0.0, -10.0])
    assert [(i, j) for i, j, _ in class_boundaries(W, b, XLIM, YLIM)] == [(0, 1)]


def test_extreme_weights_stay_finite():
    """Rows of ±1e6 give finite segments that still tie."""
    W, b = np.array([[1e6, -1e6], [-1e6, 1e6], [0.0, 1e6]]), np.array([1e6, -1e6, 0.0])
    lines = class_boundaries(W, b, XLIM, YLIM)
    assert lines and all(np.all(np.isfinite(ends)) for _, _, ends in lines)
    for i, j, ends in lines:
        z = ends @ W.T + b
        assert np.abs(z[:, i] - z[:, j]).max() <= 1e-9 * np.abs(W).max() * 10
