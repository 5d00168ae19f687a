"""The sigmoid explorer's picture in words (ui/js/sigmoid_words.js) against core, run in node: every number it says is
core's, rounded as it claims ("=" only when exact), and each sentence is tried where it would be false."""

import re
from fractions import Fraction

import numpy as np
import pytest

from core.equivalence import SAMPLE_NAMES, SAMPLE_POINTS, boundary_segment, compare
from core.square import compare_square
from tests.ui.test_linear_js import NODE, js
from ui.sigmoid_sections import gap_text, share_text

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")

LIMITS = (-4.0, 4.0)
UNSIGNED = r"\d+(?:\.\d+)?(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"
NUMBER = rf"−?{UNSIGNED}"
SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def number(text: str) -> float:
    """A number as the words write it: "−1.5", "2.5 × 10⁻⁷"."""
    text = text.replace("−", "-")
    if " × 10" in text:
        mantissa, power = text.split(" × 10")
        return float(f"{mantissa}e{power.translate(SUPERSCRIPT)}")
    return float(text)


def call(*calls):
    return js(*calls, module="sigmoid_words.js")


def view(W, bW, w=(0.0, 0.0), b=0.0, mode="free") -> dict:
    keys = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2", "w_1", "w_2", "b")
    return dict(zip(keys, map(float, [*W[0], bW[0], *W[1], bW[1], *w, b]), strict=True)) | {"mode": mode}


def parse_equation(text: str) -> tuple[int, str, float, float]:
    """"x₂ ≈ 0.333 − 4x₁" → (1, "≈", 0.333, −4): the axis solved for, the relation, the constant and the slope."""
    axis, relation, rhs = re.fullmatch(r"x([₁₂]) ([=≈]) (.*)", text).groups()
    if re.fullmatch(NUMBER, rhs):
        return "₁₂".index(axis), relation, number(rhs), 0.0
    constant, op, minus, magnitude, variable = re.fullmatch(
        rf"(?:({NUMBER}) ([−+]) )?(−)?({UNSIGNED})?x([₁₂])", rhs
    ).groups()
    assert variable != axis
    slope = (number(magnitude) if magnitude else 1.0) * (-1 if "−" in (op or "") + (minus or "") else 1)
    return "₁₂".index(axis), relation, number(constant) if constant else 0.0, slope


def three_digits(printed: float, exact: Fraction) -> bool:
    """Whether `printed` is `exact` rounded to three significant digits (a tie either way: 11.25 is 11.2 or 11.3)."""
    if exact == 0 or float(exact) == 0:  # 0, or below the smallest float: written 0
        return printed == 0
    power = len(str(abs(exact.numerator))) - len(str(exact.denominator))
    power -= abs(exact) < Fraction(10) ** power  # now 10^power ≤ |exact| < 10^(power + 1)
    unit = Fraction(10) ** (power - 2)
    return float(f"{printed:.2e}") == printed and abs(Fraction(printed) - exact) <= unit / 2 * (1 + Fraction(1, 10**12))


def check_line(words: str, w, b) -> None:
    """`words` (boundaryWords of w, b) says core's line: the equation solved for x₂ (x₁ where w₂ = 0) with "=" only
    when its numbers are the quotients exactly, else their three-digit roundings; the crossing points of core's
    boundary_segment, left to right; class 2 on the side where core's label is class 2."""
    w, b = np.asarray(w, float), float(b)
    equation, rest = words.split(", ", 1)
    axis, relation, constant, slope = parse_equation(equation)
    other = 1 - axis
    writable = w[1] != 0 and max(abs(Fraction(b) / Fraction(w[1])), abs(Fraction(w[0]) / Fraction(w[1]))) < 1e308
    assert axis == (1 if writable else 0)  # solved for x₂ unless its coefficients overflow
    exact_constant = -Fraction(b) / Fraction(w[axis])
    exact_slope = -Fraction(w[other]) / Fraction(w[axis])
    exact = Fraction(constant) == exact_constant and Fraction(slope) == exact_slope
    assert (relation == "=") == exact, words
    assert three_digits(constant, exact_constant) or Fraction(constant) == exact_constant, words
    assert three_digits(slope, exact_slope) or Fraction(slope) == exact_slope, words
    segment = boundary_segment(w, b, LIMITS, LIMITS)
    label = lambda x: compare(np.zeros((2, 2)), np.zeros(2), w, b, np.array([x])).label[0] + 1  # noqa: E731
    if segment is None:
        centre_class = label([0.0, 0.0])
        assert rest == f"outside the square: all of the square is class {centre_class}", words
        return
    ends = sorted(map(tuple, segment))
    points = [(number(x), number(y)) for x, y in re.findall(rf"\(({NUMBER}), ({NUMBER})\)", rest)]
    if np.allclose(ends[0], ends[1], atol=0):
        assert rest.startswith("touching the square only at") and len(points) == 1
    else:
        pairs = zip(np.ravel(points), np.ravel(ends), strict=True)
        rounded = any(abs(p - e) > 2e-12 * max(1, abs(e)) for p, e in pairs)
        assert len(points) == 2 and ("about" in rest) == rounded, words
        np.testing.assert_allclose(points, ends, atol=0.005 + 1e-12)
    middle = np.mean(segment, axis=0)
    side = {"above it": (0, 1), "below it": (0, -1), "to its right": (1, 0), "to its left": (-1, 0)}
    said = next(s for s in side if rest.endswith(f"class 2 {s}"))
    assert label(middle + 0.01 * np.array(side[said])) == 2, words


LINES = [
    ([2.0, 0.5], -1.0),  # the page's default: x₂ = 2 − 4x₁
    ([1.0, 3.0], 1.0),  # thirds: "≈"
    ([0.0, 1.0], -3.0),  # slope 0: x₂ = 3
    ([3.0, 0.0], 1.0),  # vertical: x₁ ≈ −0.333
    ([-2.0, 0.0], 0.0),  # vertical through the origin, class 2 to the left
    ([0.1, 0.3], 0.0),  # through the origin, a rounded slope
    ([1.0, 1.0], 100.0),  # outside the square, all class 2
    ([1.0, 1.0], -100.0),  # outside the square, all class 1
    ([1.0, 1.0], -8.0),  # touching the corner (4, 4)
    ([1.0, -1.0], 0.0),  # slope 1, class 2 below
    ([1e-320, 1e10], 1.0),  # a slope that underflows: "≈"
    ([1.0, 1e-310], 3.0),  # x₂'s intercept overflows: solved for x₁
    ([1e6, -1e6], 1e6),
    ([0.3, 0.1], 0.0),  # 0.3/0.1 is 2.9999999999999996: "≈ 3" is right
]


@pytest.mark.parametrize(("w", "b"), LINES)
def test_a_boundary_in_words_is_cores_line(w, b):
    """Each line's equation, crossing points and class-2 side are core's (see check_line), ordinary or degenerate."""
    check_line(call(("boundaryWords", [w, b, list(LIMITS)]))[0], w, b)


def test_random_boundaries_in_words_are_cores():
    """200 random lines at scales 1e−3 … 1e3, a quarter of them through round numbers."""
    rng = np.random.default_rng(81)
    lines = []
    for i in range(200):
        scale = 10 ** rng.uniform(-3, 3)
        w, b = rng.normal(size=2) * scale, float(rng.normal() * scale)
        if i % 4 == 0:
            w, b = np.round(w * 2) / 2 + 0.5, float(np.round(b * 2) / 2)
        lines.append((w.tolist(), b))
    texts = call(*[("boundaryWords", [w, b, list(LIMITS)]) for w, b in lines])
    for (w, b), text in zip(lines, texts, strict=True):
        check_line(text, w, b)
    assert sum("=" in t.split(",")[0] for t in texts) >= 20  # exact equations were tried, not only rounded ones


def check_probability(relation: str, text: str, p: float) -> None:
    """A probability said as relation + text: "=" exactly p, "≈" p rounded to two decimals (and not p), "<"/">" only
    for a p strictly inside (0, 0.005) or [0.995, 1)."""
    value = float(text)
    if relation == "=":
        assert value == p
    elif relation == "≈":
        assert value != p and abs(Fraction(value) - Fraction(p)) <= Fraction(1, 200)
    elif relation == "<":
        assert text == "0.01" and 0 < p < 0.005
    else:
        assert text == "0.99" and 0.995 <= p < 1


def test_probabilities_say_equal_only_when_they_are():
    """0.5 is "= 0.5"; σ(1) is "≈ 0.73"; 1e−300 is "< 0.01", not 0; 1 − 1e−12 is "> 0.99", not 1; 0 and 1 are 0, 1."""
    ps = [0.5, 0.7310585786300049, 1e-300, 0.004, 1 - 1e-12, 0.999, 0.0, 1.0, 0.25, 0.73]
    said = call(*[("probabilityText", [p]) for p in ps])
    assert said[:4] == ["= 0.5", "≈ 0.73", "< 0.01", "< 0.01"] and said[6:8] == ["= 0", "= 1"]
    for p, text in zip(ps, said, strict=True):
        relation, value = text.split(" ")
        check_probability(relation, value, p)


POINT_LINKED = re.compile(rf"(\w) \(({NUMBER}), ({NUMBER})\): class (\d), ŷ₂ ([=≈<>]) (\d+(?:\.\d+)?)")
POINT_FREE = re.compile(
    rf"(\w) \(({NUMBER}), ({NUMBER})\): logistic class (\d), ŷ ([=≈<>]) (\d+(?:\.\d+)?); "
    r"softmax class (\d), ŷ₂ ([=≈<>]) (\d+(?:\.\d+)?)"
)


def check_description(text: str, values: dict) -> None:
    """The description of `values` says core's numbers: the agreement and gap texts of compare_square, and every
    point's place, classes and probabilities from compare."""
    W = np.array([[values["w1_1"], values["w1_2"]], [values["w2_1"], values["w2_2"]]])
    bW = np.array([values["b1"], values["b2"]])
    linked = values["mode"] == "linked"
    w, b = (W[1] - W[0], bW[1] - bW[0]) if linked else (np.array([values["w_1"], values["w_2"]]), values["b"])
    whole = compare_square(W, bW, w, b, LIMITS, LIMITS)
    agreement = f"The labels agree on {share_text(whole.agreement, whole.agreement_error)} of the square; "
    assert agreement + f"the largest probability gap is {gap_text(whole.max_gap)}." in text
    core = compare(W, bW, w, b, SAMPLE_POINTS)
    said = (POINT_LINKED if linked else POINT_FREE).findall(text)
    assert [s[0] for s in said] == list(SAMPLE_NAMES), text
    for i, point in enumerate(said):
        assert (number(point[1]), number(point[2])) == tuple(SAMPLE_POINTS[i])
        if linked:
            assert int(point[3]) == core.label2[i] + 1
            check_probability(point[4], point[5], core.y_hat2[i])
        else:
            assert int(point[3]) == core.label[i] + 1 and int(point[6]) == core.label2[i] + 1
            check_probability(point[4], point[5], core.y_hat[i])
            check_probability(point[7], point[8], core.y_hat2[i])


W0, B0 = [[-1.0, 0.5], [1.0, 1.0]], [0.5, -0.5]
VIEWS = {
    "default": view(W0, B0, mode="linked"),
    "sign mistake": view(W0, B0, (-2.0, -0.5), 1.0),
    "free w = 0": view(W0, B0, (0.0, 0.0), 0.0),
    "w₂ = w₁, b₂ = b₁": view([[1.0, 2.0], [1.0, 2.0]], [0.5, 0.5], mode="linked"),
    "w₂ = w₁, b₂ > b₁": view([[1.0, 2.0], [1.0, 2.0]], [0.0, 0.5], (0.0, 0.0), -2.0),
    "±1e6": view([[1e6, -1e6], [-1e6, 1e6]], [1e6, -1e6], mode="linked"),
    "saturated": view([[0.0, 0.0], [0.0, 0.0]], [0.0, 50.0], (0.0, 0.0), 60.0),
    "rounded rows": view([[999999.1, 0.0], [999999.3, 0.0]], [0.0, 0.0], (0.2, 0.0), 0.0),
}


@pytest.mark.parametrize("name", VIEWS)
def test_the_description_says_cores_numbers(name):
    """Linked and free views, ordinary, degenerate and saturated: agreement, gap, each point's classes and
    probabilities are core's (check_description); each model's boundary sentence is core's line or, where its w is
    0, the constant score's words."""
    values = VIEWS[name]
    m = js(("models", [values, values["mode"]]), module="sigmoid_words.js")[0]
    text = call(("describe", [m, SAMPLE_POINTS.tolist(), list(SAMPLE_NAMES), list(LIMITS)]))[0]
    check_description(text, values)
    titles = "Boundary of both models|Logistic boundary|Softmax boundary"
    sentences = dict(re.findall(rf"({titles}): (.*?)\.(?= [A-Z])", text))
    models = {"Softmax boundary": (m["wStar"], m["bStar"]), "Logistic boundary": (m["w"], m["b"])}
    if values["mode"] == "linked":
        models = {"Boundary of both models": models["Softmax boundary"]}
    assert set(sentences) == set(models), text
    for title, (u, c) in models.items():
        if u != [0.0, 0.0]:
            check_line(sentences[title], u, c)
        elif title == "Logistic boundary":
            assert sentences[title] == ("none, the score wᵀx + b is 0 everywhere, ŷ = 0.5" if c == 0 else
                                        f"none, the score wᵀx + b = b = {c:g} everywhere, so all of the square is "
                                        f"class {2 if c > 0 else 1}".replace("-", "−"))
        else:
            assert sentences[title] == ("none, both classes score the same everywhere, ŷ₂ = 0.5" if c == 0 else
                                        f"none, z₂ − z₁ = b₂ − b₁ = {c:g} everywhere, so all of the square is "
                                        f"class {2 if c > 0 else 1}".replace("-", "−"))


@pytest.mark.parametrize(("change", "moved"), [({"w2_1": -1.0}, 3), ({"b2": -2.5}, 1), ({"b2": -0.25}, 0)])
def test_an_announcement_names_the_points_whose_class_changed_and_no_others(change, moved):
    """From the default view, a change that moves three points, one, or none across the boundary: the announcement
    names exactly the points whose core label changed, grouped by their new class, after the boundary and agreement
    sentences of the new view."""
    before = VIEWS["default"]
    after = before | change
    m0, m1 = (js(("models", [v, v["mode"]]), module="sigmoid_words.js")[0] for v in (before, after))
    points, names = SAMPLE_POINTS.tolist(), list(SAMPLE_NAMES)
    classes0 = call(("pointClasses", [m0, points]))[0]
    said, described = call(
        ("announce", [m1, points, names, list(LIMITS), classes0]),
        ("describe", [m1, points, names, list(LIMITS)]),
    )
    rows = [(np.array(m["W"]), np.array(m["bW"])) for m in (m0, m1)]
    labels = [compare(W, bW, W[1] - W[0], bW[1] - bW[0], SAMPLE_POINTS).label2 for W, bW in rows]
    changed = np.flatnonzero(labels[0] != labels[1])
    assert len(changed) == moved
    expected = []
    for k in (1, 2):
        these = [SAMPLE_NAMES[i] for i in changed if labels[1][i] + 1 == k]
        if these:
            who = f"Point {these[0]} is" if len(these) == 1 else f"Points {', '.join(these)} are"
            expected.append(f"{who} now class {k}.")
    opening = described.split(" Points: ")[0].split(". ", 1)[1]  # the boundary and agreement sentences
    assert said == " ".join([opening, *expected])
