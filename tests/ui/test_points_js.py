"""Placing points by hand on the descent explorer's map (ui/js/points.js), run in node: pixels and data agree both
ways, a click grabs the point under it, and the lists reported are the points placed."""

import numpy as np
import pytest

from tests.ui.test_linear_js import NODE, js

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")

# The map as the explorer lays it out: x₁ from axis to axis + size, x₂ upwards from size to 0.
AXIS, SIZE = 36.0, 600.0
FRAME = {"xlim": [-4.4, 5.2], "ylim": [-3.1, 6.5], "x": [AXIS, AXIS + SIZE], "y": [SIZE, 0.0]}


def call(name: str, *args):
    (out,) = js((name, list(args)), module="points.js")
    return out


@pytest.mark.parametrize(
    ("lim", "ends"), [(FRAME["xlim"], FRAME["x"]), (FRAME["ylim"], FRAME["y"]), ([1e5, 1e6], [0, 300])]
)
def test_pixels_and_values_are_inverses(lim, ends):
    """fromPixel(toPixel(x)) = x to rounding, both ends map to the limits, and x₂ grows upwards."""
    xs = np.linspace(lim[0], lim[1], 13).tolist()
    pixels = js(*[("toPixel", [x, lim, ends]) for x in xs], module="points.js")
    back = js(*[("fromPixel", [u, lim, ends]) for u in pixels], module="points.js")
    np.testing.assert_allclose(back, xs, rtol=0, atol=1e-12 * (lim[1] - lim[0]))
    assert pixels[0] == pytest.approx(ends[0]) and pixels[-1] == pytest.approx(ends[1])


@pytest.mark.parametrize("u", [AXIS, AXIS + 0.4, AXIS + 123.456, AXIS + SIZE / 2, AXIS + SIZE - 1e-3])
def test_a_placed_value_is_within_half_a_pixel_and_reads_short(u):
    """The value at a pixel, rounded to the power of ten just under a pixel's worth (9.6 / 600 → 0.01): within
    half a step of the exact inverse, and written with no more decimals than the step has."""
    exact = call("fromPixel", u, FRAME["xlim"], FRAME["x"])
    placed = call("placed", u, FRAME["xlim"], FRAME["x"])
    assert abs(placed - exact) <= 0.005 + 1e-12 and repr(placed) == repr(round(placed, 2))


@pytest.mark.parametrize(("u", "expected"), [(AXIS - 50, -4.4), (AXIS + SIZE + 50, 5.2)])
def test_a_point_dragged_off_the_map_stays_on_its_edge(u, expected):
    assert call("placed", u, FRAME["xlim"], FRAME["x"]) == expected


def test_a_coarse_map_rounds_to_whole_units():
    """A map 9,600 across on 600 pixels (16 a pixel): steps of 10, with no fraction left."""
    assert call("placed", 123.0, [-4400.0, 5200.0], [0.0, 600.0]) == -2430.0


POINTS = [0.0, 0.0, 1.0, 1.0, 1.05, 1.0, 4.0, -2.0]  # (1, 1) and (1.05, 1) are 3 px apart
RADII = [5.0, 5.0, 5.0, 12.0]


def at(x1: float, x2: float) -> list[float]:
    return [call("toPixel", x1, FRAME["xlim"], FRAME["x"]), call("toPixel", x2, FRAME["ylim"], FRAME["y"])]


@pytest.mark.parametrize(
    ("where", "slack", "expected"),
    [
        (at(0.0, 0.0), 0, 0),  # on a centre
        ([at(0.0, 0.0)[0] + 8.9, at(0.0, 0.0)[1]], 4, 0),  # within radius 5 + slack 4
        ([at(0.0, 0.0)[0] + 9.1, at(0.0, 0.0)[1]], 4, -1),  # just beyond
        ([at(1.05, 1.0)[0] + 0.5, at(1.05, 1.0)[1]], 4, 2),  # of two overlapping markers, the nearer centre
        ([at(4.0, -2.0)[0], at(4.0, -2.0)[1] - 14], 4, 3),  # a larger marker reaches further
        (at(2.5, 4.0), 12, -1),  # an empty spot
    ],
)
def test_a_click_grabs_the_nearest_point_under_it(where, slack, expected):
    assert call("hitPoint", FRAME, POINTS, RADII, where, slack) == expected


def test_points_are_added_and_removed_as_the_page_reads_them():
    """withPoint appends, withoutPoint drops the one asked for, pointRows lists [x1, x2, label] in order."""
    labels = [0, 1, 1, 2]
    added, removed, rows = js(
        ("withPoint", [POINTS, labels, [0.5, -0.25], 3]),
        ("withoutPoint", [POINTS, labels, 1]),
        ("pointRows", [[*POINTS, 0.5, -0.25], [*labels, 3]]),
        module="points.js",
    )
    assert added == {"points": [*POINTS, 0.5, -0.25], "labels": [*labels, 3]}
    assert removed == {"points": [0.0, 0.0, 1.05, 1.0, 4.0, -2.0], "labels": [0, 1, 2]}
    assert rows == [[0, 0, 0], [1, 1, 1], [1.05, 1, 1], [4, -2, 2], [0.5, -0.25, 3]]


@pytest.mark.parametrize(
    ("labels", "i", "left"),
    [([0, 1], 0, 2), ([0, 1], 1, 1), ([0, 0, 3], 2, 1), ([2, 0, 0, 0], 0, 1)],
)
def test_the_last_point_of_the_next_to_last_class_is_not_removed(labels, i, left):
    """Removing it would leave one class: refused, in words naming the class left (counted from 1)."""
    problem = call("removalProblem", labels, i)
    assert f"every point left would be class {left}" in problem and "at least two classes" in problem


@pytest.mark.parametrize(("labels", "i"), [([0, 1, 1], 1), ([0, 1, 2], 2), ([0, 0, 1, 4], 3)])
def test_a_point_whose_removal_leaves_two_classes_may_be_removed(labels, i):
    assert call("removalProblem", labels, i) is None


@pytest.mark.parametrize(
    ("lim", "step"),
    [([-4.4, 5.2], 0.2), ([0.0, 1.0], 0.02), ([-3.0, 3.0], 0.1), ([-3.0, 3.5], 0.1), ([0.0, 7e5], 1e4),
     ([0, 2e-6], 5e-8)],
)
def test_an_arrow_key_moves_a_point_about_a_fiftieth_of_the_map(lim, step):
    """The step is 1, 2 or 5 × 10ⁿ, the nearest of them (in ratio) to a 50th of the span: within a factor √(5/2) of
    it, and no other round step is nearer."""
    got = call("keyStep", lim)
    raw = (lim[1] - lim[0]) / 50
    assert got == pytest.approx(step, rel=1e-12)
    power = 10 ** np.floor(np.log10(raw))
    rounds = [m * power for m in (0.5, 1, 2, 5, 10, 20)]
    assert all(abs(np.log(got / raw)) <= abs(np.log(r / raw)) + 1e-12 for r in rounds)


@pytest.mark.parametrize(
    ("x", "delta", "step", "expected"),
    [
        (1.234, 0.2, 0.2, 1.4),  # onto the step's grid: 1.434 → 1.4
        (0.1, 0.2, 0.1, 0.3),  # written short: not 0.30000000000000004
        (5.1, 0.2, 0.2, 5.2),  # up to the last grid point inside the map
        (5.2, 2.0, 0.2, 5.2),  # and no further
        (-4.3, -2.0, 0.2, -4.4),  # on the other edge too
        (3.0, -0.05, 0.05, 2.95),
    ],
)
def test_a_nudged_point_lands_on_the_steps_grid_inside_the_map(x, delta, step, expected):
    got = call("nudged", x, delta, FRAME["xlim"], step)
    assert got == expected and FRAME["xlim"][0] <= got <= FRAME["xlim"][1]
    assert repr(got) == repr(round(got, 2))


def test_a_point_walked_to_the_edge_of_a_map_whose_edge_is_off_the_grid_stays_inside():
    """Limits that are not multiples of the step (−4.41 … 5.29): the point stops at the last grid point inside,
    −4.4 and 5.2, never 5.3, which would re-frame the map."""
    lim = [-4.41, 5.29]
    assert call("nudged", 5.0, 1.0, lim, 0.2) == 5.2 and call("nudged", -4.0, -1.0, lim, 0.2) == -4.4
