"""The descent map in words (ui/js/descent_describe.js), run in node: where the classes meet is core's
class_boundaries, said with the side each class wins on; a point's ŷ and ŷ − y are core's softmax and
cross_entropy_grad; the step's loss and accuracy are the numbers given; a sentence that would be false (a class
"everywhere" while a boundary crosses the map) is not said."""

import numpy as np
import pytest

from core import cross_entropy_grad, softmax
from core.activations import predicted_classes, predictions
from core.regions import class_boundaries
from tests.ui.test_linear_js import NODE, js

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")

BOX = ([-4.0, 4.0], [-3.0, 5.0])
RNG = np.random.default_rng(7)
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def call(*calls):
    return js(*calls, module="descent_describe.js")


def g3(x: float) -> str:
    """Python's 3 significant digits, with the minus sign the words use."""
    return f"{x:.3g}".replace("-", "−")


def tie_line(dw: np.ndarray, db: float) -> tuple[str, str, float, float, str]:
    """The tie line Δwᵀx + Δb = 0 solved for the coordinate with the larger coefficient: (lhs, rhs, a, c, side)."""
    if abs(dw[1]) >= abs(dw[0]):
        return "x₂", "x₁", -db / dw[1], -dw[0] / dw[1], "above" if dw[1] > 0 else "below"
    return "x₁", "x₂", -db / dw[0], -dw[1] / dw[0], "right of" if dw[0] > 0 else "left of"


def sentence(W, b, i, j, ends) -> str:
    lhs, rhs, a, c, side = tie_line(W[i] - W[j], b[i] - b[j])
    other = {"above": "below", "below": "above", "right of": "left of", "left of": "right of"}[side]
    slope = "" if c == 0 else f" {'−' if c < 0 else '+'} {g3(abs(c))} {rhs}"
    line = f"{lhs} = {g3(a)}{slope}"
    (p1, p2), (q1, q2) = ends
    return (f"Classes {i + 1} and {j + 1} meet on the line {line}, from ({g3(p1)}, {g3(p2)}) to ({g3(q1)}, "
            f"{g3(q2)}): class {i + 1} {side} it, class {j + 1} {other} it.")


@pytest.mark.parametrize("seed", range(12))
def test_the_tie_line_is_the_boundary_and_its_side_is_where_class_i_wins(seed):
    """On the line said (x₂ = a + c·x₁ or x₁ = a + c·x₂, |c| ≤ 1), Δwᵀx + Δb is 0 to rounding; a step to the side
    said for class i makes it positive (class i scores more), a step the other way negative."""
    rng = np.random.default_rng(seed)
    dw, db = rng.normal(0, 3, 2) * (1 if seed % 3 else [1, 1e-3]), float(rng.normal(0, 2))
    (line,) = call(("tieLine", [dw.tolist(), db]))
    assert abs(line["c"]) <= 1
    for t in (-2.0, 0.0, 3.0):
        on = [t, line["a"] + line["c"] * t] if line["solved"] == 2 else [line["a"] + line["c"] * t, t]
        assert abs(dw @ on + db) <= 1e-12 * (np.abs(dw).sum() * 5 + abs(db))
        nudge = np.eye(2)[line["solved"] - 1] * (1 if line["side"] in ("above", "right of") else -1)
        assert dw @ (np.add(on, 0.1 * nudge)) + db > 0 > dw @ (np.subtract(on, 0.1 * nudge)) + db


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ({"solved": 2, "a": 0.5, "c": -1.2}, "x₂ = 0.5 − 1.2 x₁"),
        ({"solved": 1, "a": -3.0, "c": 0.25}, "x₁ = −3 + 0.25 x₂"),
        ({"solved": 2, "a": 0.0, "c": -0.125}, "x₂ = −0.125 x₁"),
        ({"solved": 2, "a": 2.0, "c": 0.0}, "x₂ = 2"),
        ({"solved": 1, "a": 0.0, "c": 0.0}, "x₁ = 0"),
        ({"solved": 2, "a": 1.5e-5, "c": 1.0}, "x₂ = 1.5e−05 + 1 x₁"),
    ],
)
def test_an_equation_reads_as_written_by_hand(line, text):
    assert call(("equation", [line])) == [text]


@pytest.mark.parametrize(
    ("vector", "words"),
    [
        ([1, 0], "pointing right"), ([1, 1], "pointing up and right"), ([0, 2], "pointing up"),
        ([-1, 1], "pointing up and left"), ([-3, 0], "pointing left"), ([-1, -1], "pointing down and left"),
        ([0, -1], "pointing down"), ([1, -1], "pointing down and right"),
        ([1, np.tan(np.radians(22))], "pointing right"), ([1, np.tan(np.radians(23))], "pointing up and right"),
        ([0, 0], "at the origin"),
    ],
)
def test_a_row_is_said_to_point_the_nearest_eighth_of_a_turn(vector, words):
    assert call(("compass", [list(map(float, vector))])) == [words]


def models():
    for K in (2, 3, 4, 5):
        for _ in range(4):
            yield RNG.normal(0, 2, (K, 2)), RNG.normal(0, 2, K)


@pytest.mark.parametrize(("W", "b"), list(models()))
def test_where_the_classes_meet_is_cores_class_boundaries(W, b):
    """Each segment core.regions.class_boundaries finds in the box, in its order, as its line, its ends to 3
    significant digits and the side each class wins on; nothing else."""
    (words,) = call(("boundaryWords", [W.tolist(), b.tolist(), *BOX]))
    expected = class_boundaries(W, b, *BOX)
    assert expected, "every model here has a boundary on the map"
    assert words == " ".join(sentence(W, b, i, j, ends) for i, j, ends in expected)


def grid_classes(W, b):
    xs, ys = np.meshgrid(np.linspace(*BOX[0], 81), np.linspace(*BOX[1], 81))
    return predicted_classes(np.column_stack([xs.ravel(), ys.ravel()]) @ W.T + b)


def test_a_class_is_said_to_win_everywhere_only_when_no_boundary_crosses_the_map():
    """Class 3's bias far above the others: core predicts it at every point of the box, and the words say so. Its
    bias lowered so a boundary crosses the box (where saying "everywhere" would be false): they give the line."""
    W, b = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]), np.array([0.0, 0.0, 40.0])
    (words,) = call(("boundaryWords", [W.tolist(), b.tolist(), *BOX]))
    assert words == "No boundary crosses the map: class 3 is predicted everywhere on it."
    assert set(grid_classes(W, b)) == {2}
    b[2] = 1.0
    (words,) = call(("boundaryWords", [W.tolist(), b.tolist(), *BOX]))
    assert "everywhere" not in words and words.startswith("Classes ") and len(set(grid_classes(W, b))) > 1


def test_rows_that_are_all_equal_tie_everywhere():
    """A zero start: every class scores the same, core predicts no class anywhere (−1), and the words say so."""
    W, b = np.zeros((3, 2)), np.zeros(3)
    (words,) = call(("boundaryWords", [W.tolist(), b.tolist(), *BOX]))
    assert words == ("Classes 1, 2 and 3 score the same everywhere on the map, up to rounding: every point ties, and "
                     "no class is predicted.")
    assert set(grid_classes(W, b)) == {-1}


def test_rows_apart_by_rounding_alone_are_said_to_tie_as_the_map_paints_them():
    """Classes 2 and 3 with the same points keep rows that differ by rounding alone (here 1e−16 after 200 steps):
    core draws no line between them and predicts no class at the map's centre, so the words name them as tying
    everywhere (exact equality of the scores would say class 2 or 3 is predicted everywhere)."""
    W, b = np.array([[0.0, 0.0], [0.3, -0.2], [0.3 + 1e-16, -0.2]]), np.array([-5.0, 1.0, 1.0 - 1e-16])
    rounding = {"lr": 0.5, "step": 200, "mu": [1.0, 1.0]}
    data = np.ones((4, 2))
    assert class_boundaries(W, b, *BOX, lr=0.5, step=200, data=data) == []
    assert predictions([[0.0, 1.0]], W, b, lr=0.5, step=200, data=data).tolist() == [-1]
    (words,) = call(("boundaryWords", [W.tolist(), b.tolist(), *BOX, rounding]))
    assert words == ("Classes 2 and 3 score the same everywhere on the map, up to rounding: every point ties, and "
                     "no class is predicted.")


def measured(loss, right, tied, count):
    return {"loss": loss, "right": right, "tied": tied, "count": count}


def test_the_step_is_said_with_its_loss_and_accuracy_and_how_many_tie():
    """Step 40 of 120 trained: its loss to 3 digits; 182 right of the 195 with a class (93.3%), 5 tie; the head
    itself is not "of" anything; at a zero start every point ties, and no percentage is made up."""
    m = measured([1.0986] * 40 + [0.51234] + [0.3] * 80, [0] * 40 + [182] + [190] * 80, [200] * 40 + [5] + [0] * 80,
                 [200] * 121)
    mid, head, start = call(("stepWords", [m, 40, 120]), ("stepWords", [m, 120, 120]), ("stepWords", [m, 0, 120]))
    assert mid.startswith("Step 40 of 120 trained: loss 0.512, accuracy 93.3%") and "5 tie" in mid
    assert head.startswith("Step 120: loss 0.3, accuracy 95.0%") and "tie" not in head
    assert start.startswith("Step 0 of 120 trained: loss 1.1, accuracy —") and "%" not in start


@pytest.mark.parametrize("K", [2, 3, 5])
def test_a_points_words_are_cores_y_hat_and_y_hat_minus_y(K):
    """Point 2 (of 3), class 2, at θ: ŷ of its class and every ŷ and ŷ − y to 3 decimals (3 digits when tiny), as
    core's softmax and cross_entropy_grad give them, with the signs written out."""
    theta = RNG.normal(0, 1.5, (K, 3))
    points, labels = np.array([[0.5, -1.0], [1.25, 2.5], [-2.0, 0.0]]), [0, 1, K - 1]
    (words,) = call(("pointWords", [theta.ravel().tolist(), K, points.ravel().tolist(), labels, 1]))
    z = points[1:2] @ theta[:, :2].T + theta[:, 2]
    y_hat, residual = softmax(z)[0], cross_entropy_grad(z, np.array([1]))[0]

    def fixed(x, signed=False):  # 3 decimals, or 3 significant digits below 5e-4 (not a bare 0.000)
        text = f"{x:.3g}" if 0 < abs(x) < 5e-4 else f"{x:.3f}"
        return ("+" if signed and x > 0 else "") + text.replace("-", "−")

    assert words == (f"Point 2 of 3, class 2, at (1.250, 2.500): ŷ₂ = {fixed(y_hat[1])}; "
                     f"ŷ = ({', '.join(fixed(p) for p in y_hat)}), "
                     f"ŷ − y = ({', '.join(fixed(r, signed=True) for r in residual)}).")


def test_a_point_of_a_class_with_no_row_yet_says_so():
    (words,) = call(("pointWords", [[0.0] * 6, 2, [0.0, 1.0, 2.0, 3.0], [0, 2], 1]))
    assert words == "Point 2 of 2, class 3, at (2.000, 3.000): no row for class 3 yet."


def test_the_summary_says_the_step_and_the_point_and_the_whole_adds_the_boundaries_and_the_rows():
    """The summary for the live region is the step and the point read; the whole, read on demand, holds between
    them where the classes meet (core's one boundary of two classes) and the rows with their directions."""
    theta = [1.0, 0.5, 0.2, -1.0, 0.5, -0.2]
    m = measured([0.7, 0.6], [0, 3], [4, 0], [4, 4])
    points, labels = [1.0, 2.0, -1.0, 0.5, 2.0, -2.0, -2.0, 1.0], [1, 0, 1, 0]
    (d,) = call(("description", [{"theta": theta, "K": 2, "measured": m, "step": 1, "head": 1, "points": points,
                                  "labels": labels, "point": 0, "xlim": BOX[0], "ylim": BOX[1]}]))
    (step, point, boundary, rows) = call(
        ("stepWords", [m, 1, 1]), ("pointWords", [theta, 2, points, labels, 0]),
        ("boundaryWords", [[[1.0, 0.5], [-1.0, 0.5]], [0.2, -0.2], *BOX]), ("rowWords", [theta, 2]),
    )
    assert d == {"summary": f"{step} {point}", "point": point, "full": f"{step} {boundary} {rows} {point}"}
    (i, j, ends), = class_boundaries(np.array([[1.0, 0.5], [-1.0, 0.5]]), np.array([0.2, -0.2]), *BOX)
    assert boundary == sentence(np.array([[1.0, 0.5], [-1.0, 0.5]]), np.array([0.2, -0.2]), i, j, ends)
    assert rows == ("Rows: w₁ = (1, 0.5) pointing up and right, b₁ = 0.2; "
                    "w₂ = (−1, 0.5) pointing up and left, b₂ = −0.2.")
