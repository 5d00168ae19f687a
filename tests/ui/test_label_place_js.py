"""Placing the labels of a map (ui/js/label_place.js), run in node: the places offered around a tip, a marker or
beside a shaft are clear of it; the placement keeps every label apart from the others, off the markers and inside the
plot where a naive one does not; and when that cannot be done it says so and overlaps as little as it can."""

import itertools

import numpy as np
import pytest

from tests.ui.test_linear_js import NODE, js

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")

BOUNDS = {"x": 40.0, "y": 10.0, "width": 400.0, "height": 400.0}
GAP = 3.0
# scene builds the labels the explorers build: each arrow's (tail, tip, text size, handle radius, middle?) and each
# marker's (centre, half-extent, text size), with the arrows' tips and the markers as obstacles and the shafts as
# segments, and answers the placement with the labels' sizes.
DRIVER = """{
  scene(arrows, markers, bounds, gap, offset, sorted = false) {
    const square = ([x, y], r) => ({ x: x - r, y: y - r, width: 2 * r, height: 2 * r });
    const labels = [
      ...arrows.map(([from, to, size, radius, middle], i) => ({ size, owner: `a${i}`,
        candidates: m.arrowCandidates(from, to, size, { reach: radius + gap, offset, middle }) })),
      ...markers.map(([centre, half, size], i) => ({ size, owner: `p${i}`,
        candidates: m.pointCandidates(centre, half, size, gap) })),
    ];
    // The markers among the boxes, or (sorted) handed in already sorted into squares, as the descent map keeps them.
    const tips = arrows.map(([, to, , radius], i) => ({ box: square(to, radius), owner: `a${i}` }));
    const marks = markers.map(([centre, half]) => ({ box: square(centre, half) }));
    const obstacles = {
      boxes: sorted ? tips : [...tips, ...marks],
      segments: arrows.map(([from, to], i) => ({ segment: [from, to], owner: `a${i}` })),
      ...(sorted ? { fixed: m.cells(marks) } : {}),
    };
    const placed = m.placeLabels(labels, obstacles, bounds, { gap });
    return { ...placed, sizes: labels.map((l) => l.size), first: labels.map((l) => l.candidates[0]) };
  },
  fixed(label, box, bounds) {
    return m.placeLabels([label], { fixed: m.cells([box]) }, bounds);
  },
  met(boxes, queries) {
    const grid = m.cells(boxes.map((box, i) => ({ box, i })));
    return queries.map((q) => [grid.some(q, (o) => m.overlapArea(q, o.box) > 0),
      grid.under(q).filter((o) => m.overlapArea(q, o.box) > 0).map((o) => o.i).sort((a, b) => a - b)]);
  },
}"""


def call(*calls):
    return js(*calls, module="label_place.js", driver=DRIVER)


def box(centre, size) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the box of `size` centred at `centre`."""
    (cx, cy), (w, h) = centre, size
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def square(centre, half) -> tuple[float, float, float, float]:
    return box(centre, (2 * half, 2 * half))


def apart(a, b, gap: float = 0.0) -> bool:
    """The boxes are at least `gap` apart along x or along y."""
    return a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]


def distance(a, b) -> float:
    """Euclidean distance between two boxes (0 when they meet)."""
    dx = max(b[0] - a[2], a[0] - b[2], 0.0)
    dy = max(b[1] - a[3], a[1] - b[3], 0.0)
    return float(np.hypot(dx, dy))


def inside(a, bounds=BOUNDS) -> bool:
    return (a[0] >= bounds["x"] and a[1] >= bounds["y"] and a[2] <= bounds["x"] + bounds["width"]
            and a[3] <= bounds["y"] + bounds["height"])


def check(placed, markers, arrows, gap=GAP):
    """Every two labels at least `gap` apart (less a rounding), none within `gap` of a marker or of another arrow's
    tip, all inside the plot."""
    boxes = [box(c, s) for c, s in zip(placed["centres"], placed["sizes"], strict=True)]
    slack = gap - 1e-9
    for a, b in itertools.combinations(boxes, 2):
        assert apart(a, b, slack), (a, b)
    for a in boxes:
        assert inside(a)
        for centre, half, _ in markers:
            assert apart(a, square(centre, half), slack), (a, centre)
    for i, (_, to, _, radius, _) in enumerate(arrows):
        for j, a in enumerate(boxes):
            if j != i:
                assert apart(a, square(to, radius), slack), (a, to)


def test_boxes_overlap_by_their_common_area_and_a_segment_by_its_length_inside():
    a = {"x": 0, "y": 0, "width": 10, "height": 4}
    out = call(
        ("overlapArea", [a, {"x": 7, "y": 1, "width": 10, "height": 10}]),  # 3 × 3
        ("overlapArea", [a, {"x": 10, "y": 0, "width": 5, "height": 5}]),  # touching: nothing
        ("outsideArea", [{"x": -2, "y": 0, "width": 4, "height": 4}, a]),  # half of it out
        ("segmentInBox", [[[-5, 2], [15, 2]], a]),  # across: its width
        ("segmentInBox", [[[0, 0], [30, 12]], a]),  # corner to the far side: to x = 10, y = 4
        ("segmentInBox", [[[0, 5], [10, 5]], a]),  # along, below it
        ("segmentInBox", [[[12, -3], [12, 9]], a]),  # beside it
    )
    assert out[:3] == [9, 0, 8]
    assert out[3] == pytest.approx(10) and out[4] == pytest.approx(np.hypot(10, 4)) and out[5:] == [0, 0]


@pytest.mark.parametrize("angle", [0.0, 0.3, -np.pi / 4, 2.0, np.pi])
def test_directions_start_at_the_angle_asked_and_go_round_nearer_ones_first(angle):
    dirs = np.array(call(("directions", [angle, 16]))[0])
    turns = np.angle((dirs[:, 0] + 1j * dirs[:, 1]) * np.exp(-1j * angle))
    assert len({round(t, 9) for t in np.mod(turns, 2 * np.pi)}) == 16  # all sixteen, none twice
    assert turns[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(np.abs(turns)) >= -1e-12)  # never further round than the one before


@pytest.mark.parametrize(("half", "r"), [(0.0, 12.0), (7.0, 3.0), (0.0, 0.0)])
@pytest.mark.parametrize("size", [(20.0, 14.0), (64.0, 18.0), (9.0, 30.0)])
def test_places_around_an_anchor_are_clear_of_it_and_as_near_as_that_allows(half, r, size):
    """Each box is at least r from the anchor's box (a point, or a marker), and no further out along its direction
    than that needs: its nearest corner along d lies exactly r beyond the anchor's farthest corner along d."""
    centre = (100.0, 50.0)
    dirs = call(("directions", [0.4, 16]))[0]
    places = call(("around", [centre, [half, half], r, size, dirs]))[0]
    anchor = square(centre, half)
    corners = lambda b: np.array([[b[0], b[1]], [b[2], b[1]], [b[0], b[3]], [b[2], b[3]]])  # noqa: E731
    for d, c in zip(dirs, places, strict=True):
        assert distance(box(c, size), anchor) >= r - 1e-9
        assert (corners(box(c, size)) @ d).min() == pytest.approx((corners(anchor) @ d).max() + r, abs=1e-9)


@pytest.mark.parametrize(("p", "q"), [((0, 0), (100, 0)), ((10, 80), (60, 20)), ((5, 5), (5, 5))])
def test_places_beside_a_shaft_keep_off_its_line_on_both_sides(p, q):
    size, offset = (30.0, 12.0), 5.0
    places = call(("beside", [p, q, size, offset, [0.25, 0.5]]))[0]
    assert len(places) == 4
    length = np.hypot(q[0] - p[0], q[1] - p[1])
    u = (np.subtract(q, p) / length) if length else np.array([1.0, 0.0])
    normal = np.array([-u[1], u[0]])
    sides = []
    for c in places:
        left, top, right, bottom = box(c, size)
        corners = np.array([[left, top], [right, top], [left, bottom], [right, bottom]]) - p
        signed = corners @ normal
        assert np.all(signed >= offset - 1e-9) or np.all(signed <= -offset + 1e-9)  # wholly on one side
        sides.append(np.sign(signed[0]))
    assert sides == [1, -1, 1, -1]  # left, then right, at each fraction


def test_the_search_finds_places_where_each_labels_first_choice_overlaps():
    """Two arrows whose tips meet near a marker: the naive places (each label's first, straight on beyond its tip,
    and the marker's up and right) overlap; the placement moves them apart, off the marker and the tips."""
    arrows = [
        [[240, 210], [300, 150], [28, 16], 12, False],
        [[240, 210], [318, 160], [28, 16], 12, False],
        [[300, 150], [318, 160], [60, 16], 8, True],
    ]
    markers = [[[312, 128], 7, [11, 16]], [[90, 60], 7, [11, 16]]]
    (placed,) = call(("scene", [arrows, markers, BOUNDS, GAP, 6.0]))
    naive = [box(c, s) for c, s in zip(placed["first"], placed["sizes"], strict=True)]
    assert not all(apart(a, b) for a, b in itertools.combinations(naive, 2))
    assert not placed["crowded"]
    check(placed, markers, arrows)
    assert placed["chosen"][-1] == 0  # the lone marker's label keeps its first place


def test_a_label_whose_places_all_cross_a_shaft_takes_the_one_crossing_least():
    """A shaft is avoided, not forbidden: first a place that crosses none, else the least length crossed."""
    labels = [{"size": [20, 10], "candidates": [[100, 100], [100, 104], [100, 140]]}]
    clear = call(("placeLabels", [labels, {"segments": [{"segment": [[0, 100], [300, 100]]}]}, BOUNDS]))[0]
    crossing = [{"segment": [[0, 100], [300, 100]]}, {"segment": [[95, 0], [95, 300]]}]
    across = call(("placeLabels", [labels, {"segments": crossing}, BOUNDS]))[0]
    assert clear["chosen"] == [2] and not clear["crowded"]
    assert across["chosen"] == [2]  # 10 px of one shaft against 20 + 10 at the others


def test_a_labels_own_box_does_not_block_it_but_anothers_does():
    label = {"size": [20, 10], "candidates": [[100, 100], [200, 100]], "owner": "w"}
    box_ = {"box": {"x": 95, "y": 95, "width": 10, "height": 10}}
    mine, theirs = call(
        ("placeLabels", [[label], {"boxes": [{**box_, "owner": "w"}]}, BOUNDS]),
        ("placeLabels", [[label], {"boxes": [{**box_, "owner": "w2"}]}, BOUNDS]),
    )
    assert mine["chosen"] == [0] and theirs["chosen"] == [1]


def test_a_place_outside_the_plot_is_not_taken():
    label = {"size": [20, 10], "candidates": [[45, 100], [60, 100]]}  # the first pokes 7 px out of the left edge
    assert call(("placeLabels", [[label], {}, BOUNDS]))[0]["chosen"] == [1]


def test_crowded_labels_say_so_and_overlap_as_little_as_they_can():
    """Three labels with the same two places: no placement keeps them apart, so the answer is crowded; the first
    takes its first place, the second the other, and the third the place it overlaps least (the second's, which
    is smaller)."""
    places = [[100, 100], [100, 108]]
    labels = [
        {"size": [40, 10], "candidates": places},
        {"size": [10, 10], "candidates": places[::-1]},
        {"size": [40, 10], "candidates": places},
    ]
    (placed,) = call(("placeLabels", [labels, {}, BOUNDS]))
    assert placed["crowded"] and placed["chosen"] == [0, 0, 1]


def scene(rng: np.random.Generator):
    """Two to four arrows from one origin (as the rows), one between two tips (as w₂ − w₁), and three to six
    markers, at random inside the plot; the text sizes of the explorers' fonts."""
    lo, hi = np.array([BOUNDS["x"] + 20, BOUNDS["y"] + 20]), np.array([BOUNDS["x"] + 380, BOUNDS["y"] + 380])
    origin = rng.uniform(lo, hi).tolist()
    tips = [rng.uniform(lo, hi).tolist() for _ in range(rng.integers(2, 5))]
    arrows = [[origin, tip, [float(rng.uniform(16, 40)), 17.0], 12.0, False] for tip in tips]
    arrows.append([tips[0], tips[1], [58.0, 17.0], 12.0, True])
    markers = []
    while len(markers) < rng.integers(3, 7):
        centre = rng.uniform(lo, hi).tolist()
        if all(apart(square(centre, 8), square(a[1], a[3]), 2) for a in arrows):  # the data's points, off the tips
            markers.append([centre, 8.0, [11.0, 17.0]])
    return arrows, markers


def test_random_scenes_are_placed_apart_where_naive_places_overlap():
    """Forty random scenes, in most of which the labels' first places overlap one another or a marker: each is
    placed with every label apart, off the markers and other tips and inside the plot; the same scene is placed the
    same way twice."""
    rng = np.random.default_rng(21)
    scenes = [scene(rng) for _ in range(40)]
    results = call(*[("scene", [arrows, markers, BOUNDS, GAP, 6.0]) for arrows, markers in scenes])
    naive_overlaps = 0
    for (arrows, markers), placed in zip(scenes, results, strict=True):
        assert not placed["crowded"]
        check(placed, markers, arrows)
        naive = {**placed, "centres": placed["first"]}
        try:
            check(naive, markers, arrows)
        except AssertionError:
            naive_overlaps += 1
    assert naive_overlaps >= 20, naive_overlaps  # 33 of the 40
    assert call(("scene", [*scenes[0], BOUNDS, GAP, 6.0]))[0] == results[0]


def test_markers_handed_in_sorted_block_places_as_markers_among_the_boxes_do():
    """The descent map sorts its thousands of markers into squares once and hands them in as `fixed`: the forty
    scenes are placed exactly as with the markers among the boxes, and a label whose first place covers a sorted
    marker takes its second."""
    rng = np.random.default_rng(21)
    scenes = [scene(rng) for _ in range(40)]
    among = call(*[("scene", [arrows, markers, BOUNDS, GAP, 6.0]) for arrows, markers in scenes])
    fixed = call(*[("scene", [arrows, markers, BOUNDS, GAP, 6.0, True]) for arrows, markers in scenes])
    assert fixed == among
    label = {"size": [20, 10], "candidates": [[100, 100], [200, 100]]}
    marker = {"box": {"x": 95, "y": 95, "width": 10, "height": 10}}
    (placed,) = call(("fixed", [label, marker, BOUNDS]))
    assert placed["chosen"] == [1]


def test_the_grid_of_squares_finds_every_box_a_place_meets():
    """cells() sorts boxes into 24 px squares: for 400 places of up to 40 px among 300 boxes of up to 60 px, at
    negative coordinates too and spanning several squares, the boxes it finds a place meets are exactly those brute
    force finds, each once."""
    rng = np.random.default_rng(3)

    def boxes(n, largest):
        corners, sides = rng.uniform(-300, 300, (n, 2)), rng.uniform(0, largest, (n, 2))
        return [{"x": x, "y": y, "width": w, "height": h} for (x, y), (w, h) in zip(corners, sides, strict=True)]

    obstacles, places = boxes(300, 60), boxes(400, 40)
    got = call(("met", [obstacles, places]))[0]

    def meets(a, b):
        return min(a["x"] + a["width"], b["x"] + b["width"]) > max(a["x"], b["x"]) and \
            min(a["y"] + a["height"], b["y"] + b["height"]) > max(a["y"], b["y"])

    expected = [[i for i, o in enumerate(obstacles) if meets(q, o)] for q in places]
    assert [found for _, found in got] == expected
    assert [any_ for any_, _ in got] == [bool(e) for e in expected]
    assert sum(map(bool, expected)) > 100 and sum(not e for e in expected) > 20
