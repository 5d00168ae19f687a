"""The descent explorer's JavaScript mathematics (ui/js/regions.js) against core on shared inputs, run in node."""

import numpy as np
import pytest

from core import class_probabilities
from core.activations import predictions
from core.equivalence import boundary_segment
from core.regions import class_boundaries
from tests.conftest import probability_tolerance
from tests.ui.test_linear_js import NODE, js

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")

XLIM, YLIM = (-4.0, 5.0), (-3.0, 6.0)
RNG = np.random.default_rng(7)


def model(K: int, scale: float) -> tuple[list, list]:
    return RNG.normal(0, scale, (K, 2)).tolist(), RNG.normal(0, scale, K).tolist()


# K = 2 … 5 at ordinary, steep and ±1e6 scales; rows that tie everywhere (a zero start); two equal rows.
MODELS = [
    *(model(K, scale) for K in (2, 3, 4, 5) for scale in (0.5, 3.0, 300.0)),
    ([[1e6, -1e6], [-1e6, 1e6], [0.0, 1e6]], [1e6, -1e6, 0.0]),
    ([[1e6, 0.0], [-1e6, 1e-6], [3.0, -1e6], [0.0, 0.0], [2e5, 2e5]], [-1e6, 1e6, 0.0, 1.0, 0.0]),
    ([[0.0, 0.0]] * 4, [0.0] * 4),
    ([[1.0, 2.0], [1.0, 2.0], [-1.0, 0.5]], [0.5, 0.5, 0.0]),
    ([[0.0, 0.0], [1e-12, 0.0], [0.0, 1e-12]], [0.0, 1e-9, -1e-9]),
]
IDS = [f"K{len(W)}-{i}" for i, (W, _) in enumerate(MODELS)]


@pytest.mark.parametrize(("W", "b"), MODELS, ids=IDS)
def test_shading_is_cores_predicted_class_and_its_probability(W, b):
    """Each cell's class is core's prediction (−1 for a tie: at a zero start every cell) after 0 and after 5,000
    steps of η = 0.5 on points of mean sizes μ, and its confidence is core's largest probability, within the scores'
    rounding."""
    xs, ys = np.linspace(*XLIM, 37), np.linspace(*YLIM, 29)
    data = RNG.normal(0, 2, (30, 2))
    options = [{}, {"lr": 0.5, "step": 5000, "mu": np.abs(data).mean(axis=0).tolist()}]
    grids = js(*[("classGrid", [W, b, xs.tolist(), ys.tolist(), o]) for o in options], module="regions.js")
    for grid, o in zip(grids, options, strict=True):
        rounding = {"lr": o.get("lr", 0.0), "step": o.get("step", 0), "data": data if o else None}
        assert_shading_is_cores(grid["classes"], grid["confidence"], xs, ys, np.array(W), np.array(b), **rounding)
        if not np.any(W) and not np.any(b):
            assert grid["classes"] == [-1] * (xs.size * ys.size)


# Rows 1 and 2 equal but for a rounding-sized difference (as a run on classes with the same points leaves them).
EQUAL_ROWS = ([[1.0, 2.0], [1.0 + 2**-50, 2.0], [-3.0, 0.0]], [0.5, 0.5 - 2**-52, 0.0])


def test_two_equal_rows_tie_on_the_map_whatever_rounding_did():
    """EQUAL_ROWS, row 3 above the others on the left: where 1 and 2 are on top the map predicts no class (−1), not
    class 1 or 2, and class 3 where it is."""
    W, b = EQUAL_ROWS
    xs, ys = np.linspace(*XLIM, 37), np.linspace(*YLIM, 29)
    (grid,) = js(("classGrid", [W, b, xs.tolist(), ys.tolist(), {"lr": 0.1, "step": 200, "mu": [1.0, 1.0]}]),
                 module="regions.js")
    gx, gy = np.meshgrid(xs, ys)
    z = np.column_stack([gx.ravel(), gy.ravel()]) @ np.array(W).T + b
    classes, lead = np.array(grid["classes"]), z[:, :2].max(axis=1) - z[:, 2]
    assert set(classes[lead > 1e-9]) == {-1} and set(classes[lead < -1e-9]) == {2} and (lead > 1e-9).sum() > 100


def assert_shading_is_cores(classes, confidence, xs, ys, W: np.ndarray, b: np.ndarray, **rounding) -> None:
    """Over the cells xs × ys (the lowest x₂ first): each cell's class is core's prediction (−1 for a tie within
    score_rounding's ``rounding``: lr, step, data) and its confidence is core's largest probability within the
    scores' rounding."""
    gx, gy = np.meshgrid(xs, ys)
    X = np.column_stack([gx.ravel(), gy.ravel()])
    p = class_probabilities(W, b, X)
    size = probability_tolerance(X, np.abs(W).sum(axis=0), np.abs(b).sum())
    assert np.all(np.abs(np.array(confidence) - p.max(axis=1)) <= size)
    np.testing.assert_array_equal(classes, predictions(X, W, b, **rounding))


@pytest.mark.parametrize(("W", "b"), MODELS, ids=IDS)
def test_own_probabilities_are_cores(W, b):
    """ŷ of each point's own label, the marker size's input, is core's softmax at that label."""
    X = RNG.uniform(-4, 5, (60, 2))
    y = RNG.integers(0, len(W), 60)
    (own,) = js(("ownProbabilities", [W, b, X.ravel().tolist(), y.tolist()]), module="regions.js")
    expected = class_probabilities(np.array(W), np.array(b), X)[np.arange(60), y]
    size = probability_tolerance(X, np.abs(np.array(W)).sum(axis=0), np.abs(np.array(b)).sum())
    assert np.all(np.abs(np.array(own) - expected) <= size)


@pytest.mark.parametrize(("W", "b"), [*MODELS, EQUAL_ROWS], ids=[*IDS, "equal-rows"])
def test_class_boundaries_are_cores(W, b):
    """The same pairs of classes, with segments whose ends agree with core's to rounding of the box's size, with no
    steps taken and after 200 steps of η = 0.1 on points of mean sizes 1. Rows equal but for rounding (as on classes
    with the same points) have no line between them, though their rounding puts one in the box."""
    options = [{}, {"lr": 0.1, "step": 200, "mu": [1.0, 1.0]}]
    drawn = js(*[("classBoundaries", [W, b, list(XLIM), list(YLIM), o]) for o in options], module="regions.js")
    for lines, o in zip(drawn, options, strict=True):
        expected = class_boundaries(W, b, XLIM, YLIM, lr=o.get("lr", 0.0), step=o.get("step", 0),
                                    data=np.ones((1, 2)) if o else None)
        assert [(i, j) for i, j, _ in lines] == [(i, j) for i, j, _ in expected]
        for (_, _, ends), (_, _, core_ends) in zip(lines, expected, strict=True):
            np.testing.assert_allclose(ends, core_ends, rtol=0, atol=1e-9)
    if (W, b) == EQUAL_ROWS:
        assert [(i, j) for i, j, _ in drawn[0]] == [(i, j) for i, j, _ in drawn[1]] == [(0, 2), (1, 2)]
        assert boundary_segment(np.subtract(W[0], W[1]), b[0] - b[1], XLIM, YLIM) is not None  # rounding's line


def test_a_boundary_in_a_box_that_is_not_square_is_cores():
    """boundarySegment clips to x and y limits of their own, as core.equivalence.boundary_segment does."""
    cases = [([1.0, -2.0], 0.5), ([0.0, 1.0], -5.5), ([1.0, 0.0], 4.9), ([3.0, 1e-9], 20.0), ([1e6, 1e6], -1e6)]
    drawn = js(*[("boundarySegment", [w, b, list(XLIM), list(YLIM)]) for w, b in cases])
    for line, (w, b) in zip(drawn, cases, strict=True):
        expected = boundary_segment(w, b, XLIM, YLIM)
        assert (line is None) == (expected is None)
        if expected is not None:
            np.testing.assert_allclose(line, expected, rtol=1e-12, atol=1e-12)


def test_sureness_runs_from_a_tie_to_certainty():
    """The shade's depth is 0 where all K classes tie (p = 1/K), 1 where p = 1, and linear in between."""
    out = js(*[("sureness", [p, K]) for K in (2, 3, 5) for p in (1 / K, (1 + 1 / K) / 2, 1.0)], module="regions.js")
    np.testing.assert_allclose(out, [0.0, 0.5, 1.0] * 3, atol=1e-15)


def test_loss_reads_as_python_writes_it():
    """g3 is f"{x:.3g}" for the loss shown beside the map, from tiny to huge."""
    values = [0.0, 1.0986122886681098, 0.5, 0.123456, 0.00012345, 1.2345e-5, 9.995e-5, 999.4, 999.5, 1234.5,
              12.349, 2.5e-12, 6.02e23, 100.0, 1e-4, 0.0009996]
    assert js(*[("g3", [v]) for v in values], module="regions.js") == [f"{v:.3g}" for v in values]
