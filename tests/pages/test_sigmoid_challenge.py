"""The free-mode challenge on the sigmoid page in AppTest: the task stated, the relation and the distance hidden
until asked for or solved, and each verdict's words exactly where core's verdict is theirs."""

import json
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from core import logistic_from_softmax
from core.challenge import EQUAL_HERE, NOT_YET, SAME_LABELS, SCALED, SOLVED, judge
from tests.pages.apptest import open_page, visible_text
from ui import sigmoid_challenge as challenge
from ui.sigmoid_sections import LIMITS

PAGE = "pages/sigmoid_vs_softmax.py"
ROWS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")
FREE = ("w_1", "w_2", "b")
RELATION_MARKS = ("w_2 - w_1", "w₂ − w₁")
SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def run_page(rows=None, free=None, **params):
    """The page with softmax ``rows`` (six numbers) and the logistic ``free`` (three), as a link writes them."""
    for keys, values in ((ROWS, rows), (FREE, free)):
        if values is not None:
            params |= {k: repr(float(v)) for k, v in zip(keys, values, strict=True)}
    return open_page(PAGE, **params)


def subtitle(at) -> str:
    return at.markdown[0].value


def metric_labels(at) -> list[str]:
    return [m.label for m in at.metric]


def verdict_box(at) -> str:
    """The words of the challenge's box: the green one, or the blue one that is not a preset's note."""
    boxes = [s.value for s in at.success] + [i.value for i in at.info if i.icon != ":material/visibility:"]
    (box,) = [b for b in boxes if b.startswith(tuple(WORDS.values()))]
    return box


def reveals(at) -> bool:
    """Whether anything a student can read (text, metrics, the presets' names) gives the relation."""
    names = " ".join(option.content for option in at.button_group(key="preset").proto.options)
    return any(mark in visible_text(at) + names for mark in RELATION_MARKS)


def report(at, seq, **changes):
    """Release a logistic value in the explorer (see tests/pages/test_sigmoid_vs_softmax.py)."""
    sent = json_view(at)
    values = sent["values"] | {k: float(v) for k, v in changes.items()}
    at.session_state["explorer"] = {"view": {"values": values, "mode": sent["mode"], "seq": seq}}
    return at.run()


def json_view(at) -> dict:
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "sigmoid_explorer"]
    return json.loads(element.proto.json)


def test_free_mode_states_the_task_and_hides_the_relation_until_asked():
    """?mode=free: the subtitle states the task; no text, metric or preset name gives w₂ − w₁ (the linked page does,
    so the check can fail), no distance metric; the progress metrics are there. Show the answer brings the relation,
    the distance and the answer with numbers."""
    assert reveals(run_page())
    at = run_page(mode="free")
    assert subtitle(at).startswith(challenge.TASK) and challenge.RELATION not in subtitle(at)
    assert not reveals(at)
    assert metric_labels(at) == ["Square where the labels agree", "Largest probability gap  max |ŷ − ŷ₂|"]
    at.toggle(key="answer").set_value(True).run()
    assert subtitle(at).startswith(challenge.TASK) and "$w = w_2 - w_1$" in subtitle(at)
    assert any(label.startswith("Distance of (w, b)") for label in metric_labels(at))
    assert any(r"w = w_2 - w_1 = \left(2,\ 0.5\right)" in latex.value for latex in at.latex)
    names = [option.content for option in at.button_group(key="preset").proto.options]
    assert "scaled (2·(w₂ − w₁))" in names


def test_a_teachers_link_poses_the_challenge_with_its_own_rows():
    """A link with other rows and a start: the task, nothing of the relation, core's verdict on those rows; with
    answer=true the relation and that link's answer, (−1.5, 1.5, −0.5), with numbers."""
    rows, start = [1, -0.5, 0.2, -0.5, 1, -0.3], [1, 0, 0]
    at = run_page(rows, start, mode="free")
    assert subtitle(at).startswith(challenge.TASK) and not reveals(at)
    verdict = judge(np.array([[1, -0.5], [-0.5, 1]]), np.array([0.2, -0.3]), [1.0, 0.0], 0.0, LIMITS, LIMITS)
    assert verdict.kind == NOT_YET and verdict_box(at).startswith(WORDS[NOT_YET])
    at = run_page(rows, start, mode="free", answer="true")
    assert "$w = w_2 - w_1$" in subtitle(at)
    assert any(r"\left(-1.5,\ 1.5\right)" in latex.value and "-0.5" in latex.value for latex in at.latex)


def test_a_link_that_opens_solved_says_so():
    """A link whose start is the answer: "Solved" in the subtitle, the relation and the distance (0) shown, and the
    box says the page opened with it. Opened elsewhere and then moved onto the answer, the box says solved but not
    that the page opened so."""
    rows = [1, -0.5, 0.2, -0.5, 1, -0.3]
    at = run_page(rows, [-1.5, 1.5, -0.5], mode="free")
    assert subtitle(at).startswith("**Solved**") and challenge.RELATION in subtitle(at)
    assert [m.value for m in at.metric if m.label.startswith("Distance")] == ["0"]
    assert "This page opened with this (w, b)" in verdict_box(at)
    at = report(run_page(rows, [1, 0, 0], mode="free"), 1, w_1=-1.5, w_2=1.5, b=-0.5)
    assert verdict_box(at).startswith("**Solved.**") and "opened with" not in verdict_box(at)
    assert subtitle(at).startswith("**Solved**")


def read_upper(text: str) -> Fraction:
    mantissa, exponent = text.replace("−", "-").split(" × 10")
    return Fraction(Decimal(mantissa)) * Fraction(10) ** int(exponent.translate(SUPERSCRIPTS))


def test_the_rounding_bound_is_written_rounded_up():
    """upper_text: two significant digits, never below the value (a bound stays a bound) and within one unit of the
    second digit above it; 0 is "0"."""
    rng = np.random.default_rng(5)
    for x in 10 ** rng.uniform(-20, -5, 300):
        shown = read_upper(challenge.upper_text(x))
        assert Fraction(x) <= shown < Fraction(x) * Fraction(11, 10)
    assert challenge.upper_text(3.04e-16) == "3.1 × 10⁻¹⁶" and challenge.upper_text(0.0) == "0"


W_EX = [-1.0, 0.5, 0.5, 1.0, 1.0, -0.5]  # w₂ − w₁ = (2, 0.5), b₂ − b₁ = −1
NOT_FLOATS = [0.1, 0.7, 0.3, 0.7, -0.2, -0.1]  # w₂ − w₁ = 0.6 (0.7 − 0.1 rounded), −0.9, −0.4: not exact
ROUNDED = [*(lambda w, b: [*w, b])(*logistic_from_softmax([[0.1, 0.7], [0.7, -0.2]], [0.3, -0.1]))]

CASES = {
    # kind: [(rows, free), …] — the second and later of each kind are near a case of another kind
    SOLVED: [(W_EX, [2, 0.5, -1]), (NOT_FLOATS, ROUNDED)],
    EQUAL_HERE: [([0, 0, 0, 0, 0, 50], [0, 0, 60])],
    SCALED: [(W_EX, [4, 1, -2]), (W_EX, [2 * (1 + 1e-12), 0.5 * (1 + 1e-12), -(1 + 1e-12)])],
    SAME_LABELS: [([0, 0, 0, 1, 0, -10], [0, 1, -20]), ([0.5, -1, 0.25, 0.5, -1, 0.25], [0, 0, -1])],
    NOT_YET: [(W_EX, [-2, -0.5, 1]), (W_EX, [2, 0.5, -1 + 1e-9]), (W_EX, [1, 0, 0])],
}
WORDS = {
    SOLVED: "**Solved.** Equal up to floating-point rounding over the whole square",
    EQUAL_HERE: "**Equal here, another model.**",
    SCALED: "**Same labels, other probabilities.**",
    SAME_LABELS: "**Same labels, not a multiple.**",
    NOT_YET: "**Not yet.** The labels still differ on part of the square",
}


@pytest.mark.parametrize(("kind", "rows", "free"), [(k, r, f) for k, cases in CASES.items() for r, f in cases])
def test_each_verdict_is_said_exactly_when_core_gives_it(kind, rows, free):
    """Cases of every verdict, several beside another verdict's (b off by 10⁻⁹, k = 1 + 10⁻¹², k = −1, the float
    difference of rows that do not subtract exactly): core gives the kind listed, and the box has that kind's words
    and no other's; the relation appears only when solved; the bound written is at least core's."""
    W, bW = np.array(rows).reshape(2, 3)[:, :2], np.array(rows).reshape(2, 3)[:, 2]
    verdict = judge(W, bW, np.array(free[:2], float), float(free[2]), LIMITS, LIMITS)
    assert verdict.kind == kind
    at = run_page(rows, free, mode="free")
    box = verdict_box(at)
    for other, words in WORDS.items():
        assert (words in box) == (other == kind), (other, box)
    assert reveals(at) == (kind == SOLVED)
    assert bool(at.success) == (kind == SOLVED)
    for bound in re.findall(r"\d\.\d × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", box):
        assert read_upper(bound) >= Fraction(verdict.square.rounding)


def test_the_factor_is_named_with_the_relation_only_once_revealed():
    """k = 2 and k = −1: the box gives k and what it keeps, against "the (w, b) that solves it" while hidden and
    against (w₂ − w₁, b₂ − b₁) once the answer is shown; the saturated pair names b = 60 and 50 only then."""
    at = run_page(W_EX, [4, 1, -2], mode="free")
    assert f"Your $(w, b)$ is 2 × the $(w, b)$ that solves it: {challenge.SCALED_KEEPS}." in verdict_box(at)
    at = run_page(W_EX, [-2, -0.5, 1], mode="free", answer="true")
    assert "−1 × $(w_2 - w_1,\\ b_2 - b_1)$: every label off the boundary flips." in verdict_box(at)
    hidden = verdict_box(run_page([0, 0, 0, 0, 0, 50], [0, 0, 60], mode="free"))
    shown = verdict_box(run_page([0, 0, 0, 0, 0, 50], [0, 0, 60], mode="free", answer="true"))
    assert hidden.endswith("the models differ.") and shown.endswith("the models differ: b = 60, b₂ − b₁ = 50.")


def test_the_linked_page_keeps_its_text():
    """Linked (the default): the relation in the subtitle, three metrics, the green rounding box and no challenge."""
    at = run_page()
    assert subtitle(at) == f"{challenge.RELATION} Drag an arrow's tip or a slider."
    assert len(at.metric) == 3 and at.success[0].value.startswith("Equal up to floating-point rounding")
    assert "Challenge" not in visible_text(at)
