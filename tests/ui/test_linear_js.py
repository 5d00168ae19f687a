"""The explorers' JavaScript mathematics (ui/js/linear.js) against core on shared inputs, run in node."""

import json
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from core import sigmoid, softmax
from core.equivalence import boundary_segment
from core.square import compare_square, disagreement_regions, polygon_area
from tests.conftest import ROOT, probability_tolerance
from tests.core.models import mp_sigmoid_gap, sampled_models, saturated_models, wide
from ui.sigmoid_sections import gap_text, share_text, short

NODE = shutil.which("node") or shutil.which("nodejs")
LIMITS = (-4.0, 4.0)
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")

# Reads calls [[name, args], …] as JSON from stdin, answers their results in the same order; a name is the module's
# or the driver's (an object of functions that may use the module m, to run loops the calls cannot; async ones are
# awaited).
RUNNER = """
import * as m from %s;
const f = { ...m, ...%s };
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", async () => {
  const out = [];
  for (const [name, args] of JSON.parse(text)) out.push(await f[name](...args));
  process.stdout.write(JSON.stringify(out, (key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value)));
});
"""


def js(*calls: tuple[str, list], module: str = "linear.js", driver: str = "{}") -> list:
    """Call functions of ``ui/js/<module>`` (or of ``driver``, JavaScript for an object of functions) in one node
    process."""
    module = json.dumps(Path(ROOT, "ui", "js", module).as_uri())
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", RUNNER % (module, driver)],
        input=json.dumps([[name, args] for name, args in calls]),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


SCORES = [0.0, 1e-300, -1e-300, 1e-12, -1e-12, 0.5, -0.5, 3.0, -3.0, 36.7, -36.7, 709.0, -745.0, 1e6, -1e6, 1e300]
RNG = np.random.default_rng(0)
MODELS = [
    ([[-1.0, 0.5], [1.0, 1.0]], [0.5, -0.5], [2.0, 0.5], -1.0),  # the page's default
    ([[-1.0, 0.5], [1.0, 1.0]], [0.5, -0.5], [-2.0, -0.5], 1.0),  # the sign mistake
    ([[1e6, -1e6], [-1e6, 1e6]], [1e6, -1e6], [-2e6, 2e6], -2e6),  # ±1e6
    ([[0.0, 0.0], [2000.0, 0.0]], [0.0, -60.0], [2000.0, 0.0], -100.0),  # steep, nearly parallel
    ([[0.0, 0.0], [0.0, 1e-12]], [1e-9, 0.0], [0.0, 1e-12], -1e-9),  # scores near 0
    ([[0.0, 0.0], [1.0, 0.0]], [0.0, 100.0], [0.0, 0.0], 3.0),  # a line far from the square, a constant score
    *(
        (RNG.normal(0, 3, (2, 2)).tolist(), RNG.normal(0, 2, 2).tolist(), RNG.normal(0, 3, 2).tolist(), RNG.normal())
        for _ in range(20)
    ),
]


def test_sigmoid_and_softmax_are_cores_at_every_kind_of_score():
    """σ and max-shifted softmax agree with core to a few ulps from 1e−300 to ±1e300, never NaN or overflowing."""
    calls = [("sigmoid", [z]) for z in SCORES] + [("softmax", [[z, -z / 3, 0.0]]) for z in SCORES]
    out = js(*calls)
    np.testing.assert_allclose(out[: len(SCORES)], sigmoid(np.array(SCORES)), rtol=4e-16, atol=0)
    expected = softmax(np.array([[z, -z / 3, 0.0] for z in SCORES]))
    np.testing.assert_allclose(out[len(SCORES) :], expected, rtol=4e-15, atol=1e-300)


@pytest.mark.parametrize(("W", "bW", "w", "b"), MODELS)
def test_the_maps_boundaries_and_disagreement_are_cores(W, bW, w, b):
    """Both probability grids, both boundary segments and the disagreement polygons' areas, model by model."""
    xs = np.linspace(-4, 4, 41)
    W_, bW_ = np.array(W), np.array(bW)
    w_star, b_star = W_[1] - W_[0], bW_[1] - bW_[0]
    logistic, soft, line, line_star, pieces, share, error, gap = map(_array_or_value, js(
        ("logisticGrid", [w, b, xs.tolist(), xs.tolist()]),
        ("softmaxGrid", [W, bW, xs.tolist(), xs.tolist()]),
        ("boundarySegment", [w, b, list(LIMITS)]),
        ("boundarySegment", [w_star.tolist(), b_star, list(LIMITS)]),
        ("disagreementRegions", [w, b, w_star.tolist(), b_star, list(LIMITS)]),
        ("agreementShare", [w, b, w_star.tolist(), b_star, list(LIMITS)]),
        ("agreementError", [w, b, w_star.tolist(), b_star, list(LIMITS)]),
        ("maxGap", [w, b, W, bW, list(LIMITS)]),
    ))
    gx, gy = np.meshgrid(xs, xs)
    X = np.column_stack([gx.ravel(), gy.ravel()])
    assert np.all(np.abs(logistic - sigmoid(X @ np.array(w) + b)) <= probability_tolerance(X, w, b))
    size = probability_tolerance(X, np.abs(W_).sum(axis=0), np.abs(bW_).sum())  # both scores, then their difference
    assert np.all(np.abs(soft - softmax(X @ W_.T + bW_)[:, 1]) <= size)
    for drawn, (u, c) in ((line, (w, b)), (line_star, (w_star, b_star))):
        expected = boundary_segment(u, c, LIMITS, LIMITS)
        assert (drawn is None) == (expected is None)
        if expected is not None:
            np.testing.assert_allclose(drawn, expected, rtol=1e-12, atol=1e-12)
    expected_pieces = disagreement_regions(w, b, w_star, b_star, LIMITS, LIMITS)
    assert [polygon_area(p) for p in pieces] == pytest.approx([polygon_area(p) for p in expected_pieces], abs=1e-12)
    whole = compare_square(W_, bW_, w, b, LIMITS, LIMITS)
    assert share == pytest.approx(whole.agreement, abs=1e-14) and error == pytest.approx(whole.agreement_error)
    # core's gap is a proven upper bound within a relative 1e−6 of the largest gap; the explorer's is the largest
    # gap it finds, so it lies just under core's, and both read the same once shown.
    assert whole.max_gap * (1 - 2e-6) - 1e-300 <= gap <= whole.max_gap * (1 + 1e-12)
    assert js(("shareText", [share, error]), ("gapText", [gap])) == [
        share_text(whole.agreement, whole.agreement_error),
        gap_text(whole.max_gap),
    ]


def _array_or_value(value):
    return np.array(value) if isinstance(value, list) and value and not isinstance(value[0], list) else value


def test_numbers_read_the_same_as_the_python_side():
    """shareText and gapText say what the page's share_text and gap_text say, at their edges too."""
    shares = [0.0, 1e-9, 0.00004, 0.00005, 0.0049, 0.5, 0.9248, 0.99994, 0.99995, 1 - 1e-12, 1.0]
    gaps = [0.0, 1e-300, 9.9e-16, 1e-15, 3.2e-9, 0.000999, 0.001, 0.0125, 0.5, 0.9995, 1.0]
    out = js(*[("shareText", [s]) for s in shares], *[("gapText", [g]) for g in gaps])
    assert out == [share_text(s) for s in shares] + [gap_text(g) for g in gaps]


def test_typed_numbers_are_read_strictly():
    """A typed value is a number only when all of it is one; a decimal comma and a typographic minus are read."""
    texts = ["3,5", "−2", "1e7", " -1000000 ", ".5", "+4", "0.1+0.2", "abc", "", "1,000,000", "1e400", "nan"]
    expected = [3.5, -2, 1e7, -1e6, 0.5, 4, *[None] * 6]
    assert js(*[("parseNumber", [t]) for t in texts]) == expected


def test_arrows_are_cut_where_they_leave_the_map():
    """An arrow beyond the square ends on its edge (where its handle can be grabbed); one outside it is not drawn."""
    cuts = js(
        ("clipSegment", [[0, 0], [5, 5], list(LIMITS)]),
        ("clipSegment", [[0, 0], [1, 2], list(LIMITS)]),
        ("clipSegment", [[-6, 0], [6, 1], list(LIMITS)]),
        ("clipSegment", [[5, 5], [6, 6], list(LIMITS)]),
    )
    assert cuts[:2] == [[[0, 0], [4, 4]], [[0, 0], [1, 2]]]
    np.testing.assert_allclose(cuts[2], [[-4, 1 / 6], [4, 5 / 6]], atol=1e-15)
    assert cuts[3] is None


def test_sigmoid_gap_matches_mpmath_where_subtraction_cancels():
    """1,000 random (a, d) with |a|, |d| from 1e−300 to 1e3, and σ(60) − σ(50): linear.js sigmoidGap is within
    8u·(5 + 2|a| + 2|d| + |log gap|) of mpmath with 60 correct digits, as core's sigmoid_gap is."""
    rng = np.random.default_rng(71)
    a, d = np.append(wide(rng, 1000), 60.0), np.append(wide(rng, 1000), 10.0)
    got = js(*[("sigmoidGap", [float(x), float(y)]) for x, y in zip(a, d, strict=True)])
    for ai, di, gi in zip(a, d, got, strict=True):
        truth = float(mp_sigmoid_gap(ai, di))
        slack = 8 * 2**-53 * (5 + 2 * abs(ai) + 2 * abs(di) + abs(np.log(truth or 1.0)))
        assert abs(gi - truth) <= slack * truth + 1e-320, (ai, di)
    assert got[-1] == pytest.approx(1.9286622828562966e-22, rel=1e-14)


def free_models(rng):
    """Free-mode views where the gap hides from subtraction: saturated pairs (the audit's b = 60 against 50 first),
    typed answers whose rows do not subtract exactly (999999.3 − 999999.1 typed as 0.2; 0.3 − 0.1), their exact
    floating-point difference, and sampled pairs at every scale."""
    yield from saturated_models(rng, 60)
    for _ in range(30):
        scale = 10 ** rng.uniform(-2, 6)
        W = (rng.normal(size=(2, 2)) * scale).round(1)
        bW = (rng.normal(size=2) * scale).round(1)
        decimal = (W[1] * 10 - W[0] * 10).round() / 10  # the difference as the decimals read
        yield W, bW, decimal, float(round(bW[1] * 10 - bW[0] * 10) / 10)
        yield W, bW, W[1] - W[0], float(bW[1] - bW[0])
    yield np.array([[999999.1, 0.0], [999999.3, 0.0]]), np.zeros(2), np.array([0.2, 0.0]), 0.0
    yield np.array([[0.1, 0.0], [0.3, 0.0]]), np.zeros(2), np.array([0.2, 0.0]), 0.0
    yield from sampled_models(rng, 60)


def test_free_mode_gap_is_the_stable_one_and_zero_only_when_the_models_are_equal():
    """182 free-mode views (see free_models): the explorer's largest gap lies within core's bracket (core's proven
    bound, itself tested against mpmath), reads as core's text, and is 0 exactly when (w, b) is (w₂ − w₁,
    b₂ − b₁) in fractions. Before, the audit's b = 60 against b₂ − b₁ = 50 read "0" for 1.9e−22."""
    rng = np.random.default_rng(72)
    views = [(np.asarray(W, float), np.asarray(bW, float), np.asarray(w, float), float(b))
             for W, bW, w, b in free_models(rng)]
    assert len(views) == 182
    gaps = js(*[("maxGap", [w.tolist(), b, W.tolist(), bW.tolist(), list(LIMITS)]) for W, bW, w, b in views])
    texts = js(*[("gapText", [g]) for g in gaps])
    for (W, bW, w, b), gap, text in zip(views, gaps, texts, strict=True):
        whole = compare_square(W, bW, w, b, LIMITS, LIMITS)
        exact = [Fraction(W[1, i]) - Fraction(W[0, i]) for i in range(2)] + [Fraction(bW[1]) - Fraction(bW[0])]
        same = all(Fraction(v) == e for v, e in zip([*w, b], exact, strict=True))
        assert (gap == 0) == same == (whole.max_gap == 0)
        assert whole.max_gap * (1 - 2e-6) - 1e-300 <= gap <= whole.max_gap * (1 + 1e-12), (W, bW, w, b)
        assert text == gap_text(whole.max_gap)
    audit = js(("maxGap", [[0, 0], 60, [[0, 0], [0, 0]], [0, 50], list(LIMITS)]))[0]
    assert audit == pytest.approx(1.9286622828562966e-22, rel=1e-12)


def test_the_explorers_numbers_read_back_as_the_floats_they_are():
    """1,000 floats from 1e−300 to 1e6 and the rounded differences of typed rows (999999.3 − 999999.1): the text the
    explorer writes (the linked w = w₂ − w₁, labels) reads back as the same float, with no more digits than
    Python's repr, which the page's equations use."""
    rng = np.random.default_rng(73)
    values = [*wide(rng, 1000).tolist(), 999999.3 - 999999.1, 0.3 - 0.1, -0.0, 1e6, 123456.789]
    texts = js(*[("numberText", [v]) for v in values])
    for value, text in zip(values, texts, strict=True):
        assert float(text.replace("−", "-")) == value
        digits = len(text.replace("−", "").split("e")[0].replace(".", "").strip("0"))
        assert digits == len(short(value).lstrip("-").split("e")[0].replace(".", "").strip("0"))


def test_the_offset_from_the_softmax_difference_is_exact_to_rounding():
    """1,000 random (v, high, low), v near high − low or not, at scales 1e−300 … 1e6: exactOffset(v, high, low) is
    v − (high − low) in fractions rounded with at most 2 ulps of error, and 0 exactly when that is 0."""
    rng = np.random.default_rng(74)
    cases = []
    for i in range(1000):
        high, low = (float(x) for x in wide(rng, 2))
        v = [high - low, (high - low) * (1 + 2.0**-52), float(wide(rng, 1)[0]), high][i % 4]
        cases.append((v, high, low))
    got = js(*[("exactOffset", list(case)) for case in cases])
    for (v, high, low), offset in zip(cases, got, strict=True):
        truth = Fraction(v) - (Fraction(high) - Fraction(low))
        assert (offset == 0) == (truth == 0)
        assert abs(Fraction(offset) - truth) <= abs(truth) * Fraction(2, 2**52)


def test_two_product_is_the_exact_product():
    """1,000 random pairs of signed values from 1e−100 to 1e100, some zero, some exactly representable decimals:
    twoProduct's p + e is a·b in fractions, p the rounded product."""
    rng = np.random.default_rng(75)
    values = rng.choice([-1, 1], (1000, 2)) * 10 ** rng.uniform(-100, 100, (1000, 2))
    values[::10] = np.round(values[::10] % 8, 1)  # 0.1-step values like the fields', 0 among them
    pairs = [(float(a), float(b)) for a, b in values]
    got = js(*[("twoProduct", list(pair)) for pair in pairs])
    for (a, b), (p, e) in zip(pairs, got, strict=True):
        p, e = float(p), float(e)  # JSON writes 8.3e18 as the integer 8292236452232155000, not the float's value
        assert p == a * b and Fraction(p) + Fraction(e) == Fraction(a) * Fraction(b)
