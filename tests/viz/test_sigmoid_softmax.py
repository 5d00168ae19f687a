"""Figures of the sigmoid vs softmax page: what is plotted is what core computes, at the stated rounding."""

import base64
import json

import numpy as np
import pytest

from core import class_probabilities, grid_points, logistic_from_softmax, sigmoid
from core.equivalence import (
    SAMPLE_NAMES,
    SAMPLE_POINTS,
    boundary_segment,
    compare,
    logistic_from_negated_softmax,
)
from viz import CLASS_SYMBOLS, Look
from viz.sigmoid_softmax import (
    as_percent,
    curves_figure,
    disagreement_figure,
    region_figure,
)

BOX = (-4.0, 4.0)
XS, YS, X = grid_points(BOX, BOX, resolution=101)
W, BW = np.array([[-1.0, 0.5], [1.0, 1.0]]), np.array([0.5, -0.5])
HALF_PERCENT = 0.005  # probabilities are sent as whole percent


PLAIN = Look()


def regions(y_hat, w, b, look=PLAIN):
    labels = compare(W, BW, w, b, SAMPLE_POINTS).label
    return region_figure(
        XS,
        YS,
        y_hat,
        title="t",
        boundary=boundary_segment(w, b, BOX, BOX),
        points=SAMPLE_POINTS,
        names=SAMPLE_NAMES,
        labels=labels,
        look=look,
    )


def plotted_points(heatmap):
    """The plotted coordinates of every heatmap cell, in grid_points order (x fastest)."""
    gx, gy = np.meshgrid(np.asarray(heatmap.x), np.asarray(heatmap.y))
    return np.column_stack([gx.ravel(), gy.ravel()])


def test_logistic_map_is_core_sigmoid_on_the_plotted_coordinates():
    """Heatmap z / 100 equals core.sigmoid(wᵀx + b) at the heatmap's own x, y, to half a percent."""
    w, b = logistic_from_softmax(W, BW)
    heatmap = regions(sigmoid(X @ w + b), w, b).data[0]
    expected = sigmoid(plotted_points(heatmap) @ w + b).reshape(len(heatmap.y), len(heatmap.x))
    assert np.abs(np.asarray(heatmap.z) / 100 - expected).max() <= HALF_PERCENT


def test_softmax_map_is_core_softmax_on_the_plotted_coordinates():
    """Heatmap z / 100 equals core class_probabilities[:, 1] at the heatmap's own x, y, to half a percent."""
    w, b = logistic_from_negated_softmax(W, BW)  # any boundary will do; the map is the softmax's
    heatmap = regions(class_probabilities(W, BW, X)[:, 1], w, b).data[0]
    expected = class_probabilities(W, BW, plotted_points(heatmap))[:, 1].reshape(len(heatmap.y), len(heatmap.x))
    assert np.abs(np.asarray(heatmap.z) / 100 - expected).max() <= HALF_PERCENT


def test_maps_are_sent_as_one_byte_per_cell():
    """The heatmap travels as a uint8 typed array, 1 byte per cell before base64, not float64's 8."""
    fig = regions(sigmoid(X @ np.array([2.0, 0.5]) - 1.0), np.array([2.0, 0.5]), -1.0)
    data = json.loads(fig.to_json())["data"]
    assert data[0]["z"]["dtype"] == "u1" and len(base64.b64decode(data[0]["z"]["bdata"])) == X.shape[0]
    assert len(json.dumps(data)) < 18_000  # float64 cells alone would be 109 KB


def test_as_percent_rounds_to_the_nearest_whole_percent():
    """0.004 → 0, 0.006 → 1, 0.5 → 50, 1 → 100; the dtype is uint8."""
    out = as_percent(np.array([0.0, 0.004, 0.006, 0.5, 1.0]))
    assert out.tolist() == [0, 0, 1, 50, 100] and out.dtype == np.uint8


@pytest.mark.parametrize(("w", "b"), [([2.0, 0.5], -1.0), ([0.0, 3.0], 1.5), ([-1e6, 2e5], 3e5)])
def test_boundary_is_a_line_where_the_score_is_zero(w, b):
    """The boundary trace has two points, each with wᵀx + b = 0 to rounding, on the edge of the plotted square."""
    w = np.array(w)
    line = regions(sigmoid(X @ w + b), w, b).data[1]
    ends = np.column_stack([line.x, line.y])
    assert line.mode == "lines" and ends.shape == (2, 2)
    assert np.abs(ends @ w + b).max() <= 1e-9 * (np.abs(w).sum() * 4 + abs(b))
    assert np.isclose(np.abs(ends).max(axis=1), 4.0).all()


def test_axes_are_fixed_and_equal():
    """Both ranges are the plotted square and one unit is as long on x as on y."""
    w, b = logistic_from_softmax(W, BW)
    fig = regions(sigmoid(X @ w + b), w, b)
    assert tuple(fig.layout.xaxis.range) == BOX and tuple(fig.layout.yaxis.range) == BOX
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1


def test_points_carry_their_class_in_shape_not_only_colour():
    """Each sample point's symbol is the class symbol of the label core predicts for it."""
    w, b = logistic_from_softmax(W, BW)
    markers = regions(sigmoid(X @ w + b), w, b).data[-1]
    labels = compare(W, BW, w, b, SAMPLE_POINTS).label
    assert list(markers.marker.symbol) == [CLASS_SYMBOLS[k] for k in labels]
    assert set(labels) == {0, 1}


def test_disagreement_map_is_core_disagreement():
    """The sign mistake: the map's cells are compare().disagree, reshaped, and both boundaries are drawn."""
    w, b = logistic_from_negated_softmax(W, BW)
    result = compare(W, BW, w, b, X)
    fig = disagreement_figure(
        XS,
        YS,
        result.disagree,
        logistic_boundary=boundary_segment(w, b, BOX, BOX),
        softmax_boundary=boundary_segment(*logistic_from_softmax(W, BW), BOX, BOX),
        agree_everywhere=False,
        look=Look(),
    )
    np.testing.assert_array_equal(np.asarray(fig.data[0].z).ravel(), result.disagree.astype(np.uint8))
    assert [t.name for t in fig.data[1:]] == ["logistic boundary", "softmax boundary"]
    assert not fig.layout.annotations


@pytest.mark.parametrize(
    ("agree_everywhere", "said"),
    [(True, "labels agree everywhere"), (False, "labels differ on a strip thinner than the grid")],
)
def test_a_blank_map_says_what_the_exact_areas_say(agree_everywhere, said):
    """A blank map (no grid cell differs) says 'labels agree everywhere' only when the exact areas agree; the
    audit's steep pair has no differing cell but 0.25 % of the area differs."""
    fig = disagreement_figure(
        XS,
        YS,
        np.zeros(len(X), bool),
        logistic_boundary=None,
        softmax_boundary=None,
        agree_everywhere=agree_everywhere,
        look=Look(),
    )
    assert [a.text for a in fig.layout.annotations] == [said]


def test_curves_are_drawn_as_given_and_told_apart_by_dash():
    """One trace per curve with core's values; the second is dashed so it shows even on top of the first."""
    z = np.linspace(-5, 5, 11)
    fig = curves_figure(z, [("ŷ", sigmoid(z)), ("ŷ₂", sigmoid(2 * z))], title="", xaxis_title="z", look=Look())
    np.testing.assert_array_equal(fig.data[1].y, sigmoid(2 * z))
    assert [t.line.dash for t in fig.data] == ["solid", "dash"]
    assert tuple(fig.layout.xaxis.range) == (-5, 5)
    assert len(curves_figure(z, [("ŷ = ŷ₂", sigmoid(z))], title="", xaxis_title="z", look=Look()).data) == 1


def test_projector_look_enlarges_fonts_lines_and_markers():
    """Projector mode: fonts ≥ 22 px, boundary lines ≥ 4 px, point markers ≥ 12 px, taller figure."""
    w, b = logistic_from_softmax(W, BW)
    plain, big = (regions(sigmoid(X @ w + b), w, b, look=Look(projector=p)) for p in (False, True))
    assert big.layout.font.size >= 22 and big.layout.xaxis.tickfont.size >= 22
    assert big.data[1].line.width >= 4 and big.data[-1].marker.size >= 12
    assert big.layout.height > plain.layout.height and big.layout.font.size > plain.layout.font.size
