"""The sigmoid vs softmax page in AppTest: the view the explorer is given and reports, core's numbers, links."""

import json
import re
from fractions import Fraction

import numpy as np
import pytest

from core import logistic_from_softmax
from core.challenge import factor_of
from core.equivalence import boundary_segment, shift_rows
from tests.pages.apptest import import_page, open_page
from ui import sigmoid_challenge as challenge
from ui import sigmoid_sections as sections

PAGE = "pages/sigmoid_vs_softmax.py"
ROWS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")
FREE = ("w_1", "w_2", "b")
TAB_CHARTS = {
    "Why it works": (),
    "Along w (1-D)": ("along_w",),
    "Where they differ": ("disagreement",),
    "Shift rows": ("shifted",),
    "Scale k": ("scaled",),
    "Sign convention": (),
    "Show the code": (),
}
DEFAULT_ROWS = [-1.0, 0.5, 0.5, 1.0, 1.0, -0.5]
page = import_page(PAGE)


def run_page(**params):
    return open_page(PAGE, **params)


def metric(at, label_start):
    """The value of the first metric whose label starts with ``label_start``."""
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def explorer(at) -> dict:
    """What the page gave the explorer on its last run."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "sigmoid_explorer"]
    return json.loads(element.proto.json)


def charts(at) -> set[str]:
    """The keys of the Plotly charts the page sent."""
    elements = at.get("bidi_component")
    return {e.proto.id.rsplit("-", 1)[-1] for e in elements if e.proto.component_name.endswith("live_plotly_chart")}


def report(at, seq: int = 1, mode: str | None = None, **changes: float):
    """Release a value in the explorer: it reports its whole view, which the next run takes."""
    sent = explorer(at)
    values = sent["values"] | {k: float(v) for k, v in changes.items()}
    at.session_state["explorer"] = {"view": {"values": values, "mode": mode or sent["mode"], "seq": seq}}
    return at.run()


def open_tab(at, tab):
    at.session_state["tab"] = tab
    return at.run()


def all_text(at):
    kinds = (at.markdown, at.latex, at.metric, at.caption, at.success, at.info, at.warning)
    return " ".join(str(e.value) for kind in kinds for e in kind)


def test_the_default_view_is_linked_and_equal_up_to_rounding():
    """Default: the explorer gets the 'equivalent' rows in linked mode; core says the labels agree on the whole
    square, the gap is at rounding level, and the answer box says so."""
    at = run_page()
    assert not at.exception
    sent = explorer(at)
    assert [sent["values"][k] for k in ROWS] == DEFAULT_ROWS and sent["mode"] == "linked"
    assert metric(at, "Square where the labels agree") == "100%"
    assert metric(at, "Largest probability gap") in {"0", "< 1e−15"}
    assert any("Equal up to floating-point rounding" in s.value for s in at.success)
    assert dict(at.query_params) == {}  # the bare address already means this view


def test_a_report_becomes_the_view_the_numbers_and_the_address_bar():
    """A released drag of w₂ to (2.5, 1) is core's view: the rows in the link, w = w₂ − w₁ in the derivation."""
    at = report(run_page(), w2_1=2.5)
    assert not at.exception
    assert at.query_params["w2_1"] == "2.5" and at.query_params["mode"] == "linked"
    assert explorer(at)["values"]["w2_1"] == 2.5
    assert any(r"w = \left(3.5,\ 0.5\right)" in latex.value for latex in at.latex)


def test_a_report_is_taken_once():
    """The same report seen again (a rerun for another reason) does not undo a later change, such as Reset."""
    at = report(run_page(), w1_1=3.0)
    at.button(key="reset").click().run()
    at.run()
    assert explorer(at)["values"]["w1_1"] == -1.0


def test_a_report_with_an_unusable_value_is_ignored():
    """A value beyond ±1e6 or not finite in a report leaves the view as it was."""
    at = report(run_page(), w1_1=float("inf"))
    assert explorer(at)["values"]["w1_1"] == -1.0
    at = report(at, seq=2, w1_1=2e6)
    assert explorer(at)["values"]["w1_1"] == -1.0 and not at.exception


def test_sign_mistake_preset_disagrees_everywhere_off_the_line():
    """The 'sign mistake' preset frees w = w₁ − w₂: the labels agree on none of the square's area."""
    at = run_page()
    at.button_group(key="preset").set_value("sign mistake (w₁ − w₂)").run()
    sent = explorer(at)
    assert sent["mode"] == "free" and [sent["values"][k] for k in FREE] == [-2.0, -0.5, 1.0]
    assert metric(at, "Square where the labels agree") == "0%"
    assert float(metric(at, "Largest probability gap")) > 0.99
    assert at.query_params["mode"] == "free" and at.query_params["w_1"] == "-2"
    at.toggle(key="answer").set_value(True).run()
    assert any("−1 × $(w_2" in i.value and "every label off the boundary flips" in i.value for i in at.info)


def test_scaled_preset_keeps_labels_but_not_probabilities():
    at = run_page()
    at.button_group(key="preset").set_value("scaled (2·(w₂ − w₁))").run()
    assert metric(at, "Square where the labels agree") == "100%"
    assert float(metric(at, "Largest probability gap")) > 0.1
    assert not at.success


def test_shifted_rows_preset_changes_the_rows_not_the_model():
    at = run_page()
    at.button_group(key="preset").set_value("shifted rows (w₁ + c, w₂ + c)").run()
    assert [explorer(at)["values"][k] for k in ROWS] == [0.5, -0.5, 1.5, 2.5, 0.0, 0.5]
    assert any(r"w = \left(2,\ 0.5\right)" in latex.value for latex in at.latex)
    assert metric(at, "Square where the labels agree") == "100%"


def test_the_preset_note_goes_once_the_view_is_edited():
    at = run_page()
    at.button_group(key="preset").set_value("scaled (2·(w₂ − w₁))").run()
    assert any(i.value == page.CHALLENGE_NOTES["scaled (2·(w₂ − w₁))"] for i in at.info)
    at = report(at, b=0.25)
    assert not any("steeper" in i.value for i in at.info) and at.button_group(key="preset").value is None


def test_the_answer_waits_to_be_asked_for():
    """In free mode neither the metrics nor the open derivation print w = w₂ − w₁ with numbers until the
    student turns on 'Show the answer'."""
    at = run_page(mode="free")
    assert not any(r"\left(2,\ 0.5\right)" in latex.value for latex in at.latex)
    at.toggle(key="answer").set_value(True).run()
    assert any(r"w = w_2 - w_1 = \left(2,\ 0.5\right)" in latex.value for latex in at.latex)
    assert any(r"w = \left(2,\ 0.5\right)" in latex.value for latex in at.latex)  # the derivation, in full


def test_adding_c_to_both_rows_moves_nothing():
    at = open_tab(run_page(), "Shift rows")
    at.slider(key="c1").set_value(1.5).run()
    at.slider(key="cb").set_value(-2.0).run()
    at.button(key="apply_shift").click().run()
    assert [explorer(at)["values"][k] for k in ROWS] == [0.5, 0.5, -1.5, 2.5, 1.0, -2.5]
    assert explorer(at)["rev"] > 1  # the explorer drops what it holds and draws the shifted rows
    assert any(r"w = \left(2,\ 0.5\right)" in latex.value for latex in open_tab(at, "Why it works").latex)


def test_url_parameters_restore_the_view():
    """A link sets every row, free mode and the logistic weights; the explorer and core's numbers follow it."""
    values = {"w1_1": "0.25", "w1_2": "-3", "b1": "1.5", "w2_1": "2", "w2_2": "0", "b2": "-0.75"}
    at = run_page(**values, mode="free", w_1="1.75", w_2="3", b="-2.25")
    assert not at.exception
    sent = explorer(at)
    assert [sent["values"][k] for k in ROWS] == [float(v) for v in values.values()]
    assert sent["mode"] == "free" and [sent["values"][k] for k in FREE] == [1.75, 3.0, -2.25]
    assert metric(at, "Distance of (w, b)") == "0"  # (1.75, 3, −2.25) is exactly (w₂ − w₁, b₂ − b₁)


def test_typed_values_are_kept_exactly_in_the_link():
    at = report(run_page(), w2_1=123456.789)
    assert at.query_params["w2_1"] == "123456.789"
    at = report(at, seq=2, w1_1=-1e6)
    assert at.query_params["w1_1"] == "-1000000"


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("w1_1", "abc", "is not a number"),
        ("b2", "nan", "is not a finite number"),
        ("w2_1", "inf", "is not a finite number"),
        ("w1_2", "1e400", "is not a finite number"),
        ("b1", "2e6", "is outside"),
        ("mode", "sideways", "is not one of linked, free"),
        ("w_1", "x", "is not a number"),
        ("tab", "Nowhere", "is not one of"),
        ("k", "9", "is outside"),
    ],
)
def test_bad_url_values_are_named_and_ignored(key, value, reason):
    """A bad link value: a warning naming the parameter, no exception, and the default in its place."""
    at = run_page(**{key: value})
    assert not at.exception
    assert any(f"`{key}`" in w.value and reason in w.value for w in at.warning)
    assert metric(at, "Square where the labels agree") == "100%"
    assert explorer(at)["mode"] == "linked"


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("mode", ["linked", "free"])
def test_extreme_weights_show_no_nan(sign, mode):
    """Rows and logistic weights at ±1e6: no exception and no NaN or inf anywhere, with any tab open."""
    big = {k: str(sign * (-1) ** i * 1e6) for i, k in enumerate(ROWS)}
    at = run_page(**big, mode=mode, w_1=str(sign * 1e6), w_2="-1e6", b="1e6")
    for tab in TAB_CHARTS:
        open_tab(at, tab)
        assert not at.exception
        text = all_text(at).lower()
        assert "nan" not in text and "inf" not in text
        for element in at.get("bidi_component"):
            sent = element.proto.json or element.proto.bytes.decode()
            assert "NaN" not in sent and "Infinity" not in sent
    if mode == "linked":
        assert metric(at, "Square where the labels agree") == "100%"


def test_reset_restores_the_defaults():
    at = run_page()
    at.button_group(key="preset").set_value("sign mistake (w₁ − w₂)").run()
    at = report(at, b2=3.0)
    at.button(key="reset").click().run()
    sent = explorer(at)
    assert [sent["values"][k] for k in ROWS] == DEFAULT_ROWS and sent["mode"] == "linked"


def test_sign_convention_toggle_flips_the_relation():
    """Under e^{−z} the relation is w = w₁ − w₂ with numbers, and that logistic model agrees on the whole square."""
    at = open_tab(run_page(), "Sign convention")
    assert metric(at, "Labels agree, logistic with w₂ − w₁") == "100%"
    at.toggle(key="negated").set_value(True).run()
    assert any(r"w_1 - w_2 = \left(-2,\ -0.5\right)" in latex.value for latex in at.latex)
    assert metric(at, "Labels agree, logistic with w₁ − w₂") == "100%"
    assert metric(at, "Labels agree, logistic with w₂ − w₁") == "0%"


STEEP = {"w1_1": "0", "w1_2": "0", "b1": "0", "w2_1": "2000", "w2_2": "0", "b2": "-60", "mode": "free"}


def test_steep_models_are_not_called_equal():
    """The audit's steep pair (boundaries x₁ = 0.03 and 0.05): 99.75% of the square agrees, the gap is ≈ 1, no
    'equal' box. The 101 × 101 grid has no node between the lines, so a sampled share said 100.00%."""
    at = run_page(**STEEP, w_1="2000", w_2="0", b="-100")
    assert not at.exception
    assert metric(at, "Square where the labels agree") == "99.75%"
    assert float(metric(at, "Largest probability gap")) > 0.99
    assert not at.success


def test_a_blank_disagreement_map_does_not_claim_agreement_for_steep_models():
    """The steep pair's strip (0.02 wide) falls between the grid's nodes: the map has no highlighted cell and says
    the labels differ on a strip thinner than the grid, not that they agree everywhere."""
    at = open_tab(run_page(**STEEP, w_1="2000", w_2="0", b="-100"), "Where they differ")
    (element,) = [e for e in at.get("bidi_component") if e.proto.id.endswith("disagreement")]
    spec = json.loads(element.proto.bytes)["figure"]
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["labels differ on a strip thinner than the grid"]


def test_the_along_w_caption_says_where_its_points_are():
    """Default rows (w = (2, 0.5), not diagonal): the points run past the square's sides, and the caption says so."""
    caption = " ".join(c.value for c in open_tab(run_page(), "Along w (1-D)").caption)
    assert "beyond its sides unless w points along a diagonal" in caption


@pytest.mark.parametrize("tab", TAB_CHARTS)
def test_every_tab_opens_and_draws_only_its_own_charts(tab):
    """Each lazy tab runs when opened, raises nothing, and only its charts join the explorer."""
    at = open_tab(run_page(), tab)
    assert not at.exception
    assert charts(at) == set(TAB_CHARTS[tab])


def test_a_release_sends_one_small_explorer_message():
    """With the default tab open a report reruns into one explorer element and no chart; it is a few KB."""
    at = report(run_page(), w2_2=0.3)
    assert charts(at) == set()
    assert len(explorer(at)) and len(json.dumps(explorer(at))) < 5_000


def test_presets_are_whole_views():
    """Every preset sets all nine numbers and the mode, so its link reopens it exactly."""
    for name in page.PRESETS:
        view = page.preset_values(name)
        assert set(view) == {*ROWS, *FREE, "mode"} and all(np.isfinite(view[k]) for k in (*ROWS, *FREE))


# --- Every sentence true at the edges (the audit's items 6 and 7), against fractions ------------------------------

SUPERSCRIPT_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def read_number(text: str) -> Fraction:
    """A number as the page writes it in a sentence (−, "1.23 × 10⁵") or in LaTeX ("1 \\times 10^{-7}")."""
    text = text.strip().replace("−", "-").replace(r"\times 10^", "e").replace(" × 10", "e").replace(" ", "")
    return Fraction(text.translate(SUPERSCRIPT_DIGITS).replace("{", "").replace("}", ""))


def exact_target(W, bW) -> list[Fraction]:
    W, bW = np.asarray(W, float), np.asarray(bW, float)
    return [Fraction(W[1, i]) - Fraction(W[0, i]) for i in range(2)] + [Fraction(bW[1]) - Fraction(bW[0])]


def factor_cases(rng):
    """(W, bW, (w, b)): multiples of the default rows' (2, 0.5, −1) by k = 1 ± 10⁻ʲ, −1 ± 10⁻ʲ, random k, 0, 1;
    rows whose differences are not floats, with (w, b) their rounding times k (no exact multiple); unrelated."""
    W0, B0 = np.array([[-1.0, 0.5], [1.0, 1.0]]), np.array([0.5, -0.5])
    yield W0, B0, (np.array([2.0002, 0.50005]), -1.0001)  # the audit's 1.0001
    for i in range(299):
        j = int(rng.integers(1, 16))
        k = [1 + 10.0**-j, 1 - 10.0**-j, -1 - 10.0**-j, rng.normal() * 3, 0.0, 1.0][i % 6]
        if i % 3 == 2:  # rows that do not subtract exactly
            W = (rng.normal(size=(2, 2)) * 10 ** rng.uniform(-2, 6)).round(1)
            bW = (rng.normal(size=2) * 10).round(1)
            w, b = logistic_from_softmax(W, bW)
            yield W, bW, (w * k, float(b * k))
        elif i % 7 == 6:
            yield W0, B0, (rng.normal(size=2), float(rng.normal()))
        else:
            yield W0, B0, (np.array([2.0, 0.5]) * k, -1.0 * k)


def test_a_factor_has_the_digits_to_differ_from_1():
    """300 free-mode models (see factor_cases): the sentence appears exactly when (w, b) is an exact multiple
    k ∉ {0, 1} of (w₂ − w₁, b₂ − b₁) in fractions, or within a relative 10⁻⁹ of one; an exact k is written to at
    least 3 significant digits and never reads as 1 or −1 unless it is; the verdict follows k's sign. The audit's
    k = 1.0001 said "1 × …: same labels, different probabilities"."""
    rng = np.random.default_rng(81)
    counts = {"exact": 0, "near": 0, "none": 0}
    for W, bW, (w, b) in factor_cases(rng):
        sentence = challenge.factor_sentence(factor_of(W, bW, w, b), revealed=True)
        target, guess = exact_target(W, bW), [Fraction(float(v)) for v in [*w, b]]
        ratios = {g / t for g, t in zip(guess, target, strict=True) if t != 0}
        exact = len(ratios) == 1 and all(g == next(iter(ratios)) * t for g, t in zip(guess, target, strict=True))
        if exact and next(iter(ratios)) not in (0, 1):
            k = next(iter(ratios))
            shown = read_number(sentence.split("is ", 1)[1].split(" × $")[0])
            assert shown == k or (shown not in (1, -1) and abs(shown - k) <= abs(k) * Fraction(5, 1000)), sentence
            verdict = challenge.SCALED_KEEPS if k > 0 else challenge.NEGATED_FLIPS
            assert sentence.endswith(f": {verdict}.")
            counts["exact"] += 1
        elif sentence is not None:
            assert "within a relative $10^{-9}$ of" in sentence and "not exactly a multiple" in sentence
            k = read_number(sentence.split(" of ", 1)[1].split(" × $")[0]) if " × $" in sentence else Fraction(1)
            norm = sum(g * g for g in guess)
            residual = sum((g - k * t) ** 2 for g, t in zip(guess, target, strict=True))
            assert residual <= norm * Fraction(10) ** -18 * (1 + Fraction(1, 1000)), sentence
            counts["near"] += 1
        else:
            counts["none"] += 1
    assert min(counts.values()) > 20, counts
    at = run_page(mode="free", w_1="2.0002", w_2="0.50005", b="-1.0001")
    at.toggle(key="answer").set_value(True).run()
    assert any("1.0001 × " in i.value and challenge.SCALED_KEEPS in i.value for i in at.info)


def affine_numbers(text: str) -> list[str]:
    """The three numbers of "a\\,x_1 + b\\,x_2 + c" as written, signs attached."""
    return [part.strip().replace("+ ", "").replace("- ", "-") for part in re.split(r"\\,x_[12]", text)]


def test_the_derivation_shows_digits_whose_arithmetic_reads_right():
    """300 random rows (decimals with 0–3 places at scales 1e−7 … 1e6, and 999999.1 against 999999.3): every number
    in the derivation reads back as the float the page computes with, and for each entry of (w₂ − w₁, b₂ − b₁)
    either the decimals as written subtract to the number shown, or a note says "a − b = d" for it. The audit's
    rows read "999999" twice and then "w = (0.2, 0)"."""
    rng = np.random.default_rng(82)
    rows = [(np.array([[999999.1, 0.0], [999999.3, 0.0]]), np.zeros(2))]
    for _ in range(299):
        scale = 10.0 ** int(rng.integers(-7, 7))
        W = (rng.normal(size=(2, 2)) * 10).round(int(rng.integers(0, 4))) * scale
        rows.append((W, (rng.normal(size=2) * 10).round(int(rng.integers(0, 4))) * scale))
    notes_seen = 0
    for W, bW in rows:
        w, b = logistic_from_softmax(W, bW)
        shown = [affine_numbers(sections.affine_tex(*pair)) for pair in ((W[0], bW[0]), (W[1], bW[1]), (w, b))]
        for texts, values in zip(shown, ([*W[0], bW[0]], [*W[1], bW[1]], [*w, b]), strict=True):
            assert [float(read_number(t)) for t in texts] == [float(v) for v in values]
        notes = sections.rounding_notes(W, bW)
        for low, high, d in zip(*shown, strict=True):
            if read_number(high) - read_number(low) != read_number(d):
                assert any(n.startswith(sections.plain(float(read_number(high)))) and
                           n.endswith(f"= {sections.plain(float(read_number(d)))}") for n in notes)
                notes_seen += 1
    assert notes_seen > 20
    at = open_tab(run_page(w1_1="999999.1", w2_1="999999.3", w1_2="0", w2_2="0", b1="0", b2="0"), "Why it works")
    latex = " ".join(e.value for e in at.latex)
    assert "999999.1" in latex and "999999.3" in latex and r"\left(0.2000000000698492,\ 0\right)" in latex
    assert any("999999.3 − 999999.1 = 0.2000000000698492" in c.value for c in at.caption)


def box_cases(rng):
    """Free-mode views for the green box: the audit's b = 60 against b₂ − b₁ = 50, saturated pairs that differ in b
    or in w, linked values typed in, the decimal answer typed for rows that do not subtract exactly."""
    yield [0, 0, 0, 0, 0, 50], (0, 0, 60)
    yield [999999.1, 0, 0, 999999.3, 0, 0], (0.2, 0, 0)  # the decimal answer: another model, not equal
    for i in range(8):
        W = (rng.normal(size=(2, 2)) * 0.1).round(3)
        b2 = float(rng.choice([-1, 1]) * rng.uniform(60, 900)).__round__(1)
        w, b = logistic_from_softmax(W, np.array([0.0, b2]))
        kind = i % 4
        if kind == 0:
            b += np.sign(b) * float(rng.uniform(5, 50)).__round__(1)
        elif kind == 1:
            w = w * 1.001
        elif kind == 3:
            W = np.array([[999999.1, 0.0], [999999.3, 0.0]])
            w, b = np.array([0.2, 0.0]), b2
        yield [*W[0], 0.0, *W[1], b2], (*w, b)


def test_the_green_box_says_what_is_equal():
    """10 free-mode views (see box_cases): the green box appears exactly when (w, b) is (w₂ − w₁, b₂ − b₁) up to the
    rounding of that subtraction (fractions) and the gap is within the rounding bound; when only the probabilities
    agree, an info box says so and names each parameter that differs beside its softmax value, written so the two
    read differently and each as itself. The audit's b = 60 against 50 had the green box."""
    rng = np.random.default_rng(83)
    seen = set()
    for rows, free in box_cases(rng):
        params = dict(zip(ROWS, map(repr, map(float, rows)), strict=True))
        at = run_page(**params, mode="free", answer="true", **dict(zip(FREE, map(repr, map(float, free)), strict=True)))
        W, bW = np.array(rows).reshape(2, 3)[:, :2], np.array(rows).reshape(2, 3)[:, 2]
        target = exact_target(W, bW)
        differs = [abs(Fraction(float(v)) - t) > abs(t) / 2**53 for v, t in zip(free, target, strict=True)]
        result = sections.square_comparison(W, bW, np.array(free[:2], float), float(free[2]))
        assert bool(at.success) == (not any(differs) and result.equal)
        infos = [i.value for i in at.info if "the models differ" in i.value]
        assert bool(infos) == (any(differs) and result.equal)
        if infos:
            said = infos[0].split("the models differ: ")[1]
            if differs[2]:
                b_text, ref_text = re.search(r"b = (\S+), b₂ − b₁ = (\S+?)[.;]?$", said.split("; ")[-1]).groups()
                assert b_text != ref_text
                for text, value in ((b_text, Fraction(float(free[2]))), (ref_text, target[2])):
                    assert abs(read_number(text) - value) <= abs(value) * Fraction(5, 1000)
            assert ("w = (" in said) == any(differs[:2])
        seen.add((not any(differs), result.equal))
    assert seen == {(False, True), (False, False), (True, True)}
    at = run_page(b2="50", w1_1="0", w1_2="0", b1="0", w2_1="0", w2_2="0", mode="free", w_1="0", w_2="0", b="60",
                  answer="true")
    assert not at.success and any("b = 60, b₂ − b₁ = 50" in i.value for i in at.info)


DEGENERATE = {
    "rows equal": [0.5, -1.0, 0.25, 0.5, -1.0, 0.25],
    "w₂ = w₁, b₂ ≠ b₁": [0.5, -1.0, 0.25, 0.5, -1.0, 2.0],
    "huge": [999999.1, -1e6, 999999.9, 999999.3, 1e6, -999999.7],
    "tiny": [1e-300, -2e-300, 0.0, 3e-300, 1e-300, 5e-300],
}


def degenerate_rows(rng):
    """The four kinds of rows the audit named, each as written in DEGENERATE and 24 random ones more of its kind."""
    for kind, rows in DEGENERATE.items():
        yield kind, np.array(rows)
        for _ in range(24):
            r = rng.normal(size=6).round(int(rng.integers(0, 3)))
            if kind == "rows equal":
                r[3:] = r[:3]
            elif kind.startswith("w₂ = w₁"):
                r[3:5] = r[:2]
                r[5] = r[2] + rng.choice([-1, 1]) * 10.0 ** rng.uniform(-3, 3)
            elif kind == "huge":
                r = np.clip(r * 1e6, -1e6, 1e6).round(1)
            else:
                r = r * 1e-300
            yield kind, r


def test_every_tab_sentence_holds_for_degenerate_rows():
    """100 rows (rows equal; w₂ = w₁ with b₂ ≠ b₁; ±1e6; 1e−300), each with a random shift c and factor k: the
    Scale tab says "only k = 1 keeps the probabilities" only where z = (w₂ − w₁)ᵀx + b₂ − b₁ is not 0 everywhere
    (exactly), and "every k keeps them" only where it is; the Shift tab's dashed line "stays under the solid one"
    only where the shifted rows' difference is the unshifted one as floats and the line crosses the square, and
    names the rounding otherwise; the sign convention and the derivation speak of equal rows and a constant score
    only when they are. Then each kind's written rows with every tab open in AppTest."""
    rng = np.random.default_rng(84)
    for _kind, r in degenerate_rows(rng):
        W, bW = r.reshape(2, 3)[:, :2], r.reshape(2, 3)[:, 2]
        target = exact_target(W, bW)
        w, b = logistic_from_softmax(W, bW)
        constant, zero = not any(target[:2]), not any(target)
        note = sections.scaling_note(w, b)
        assert ("only $k = 1$ also keeps the probabilities" in note) == (not zero)
        assert ("every $k$ keeps the labels and the probabilities" in note) == zero
        assert ("no boundary" in note) == (constant and not zero)
        c, c_b = rng.choice(np.arange(-3, 3.5, 0.5), 2), float(rng.choice(np.arange(-3, 3.5, 0.5)))
        W_c, bW_c = shift_rows(W, bW, c, c_b)
        w_c, b_c = logistic_from_softmax(W_c, bW_c)
        said = sections.shift_note(w, b, w_c, b_c)
        same = np.array_equal(w, w_c) and b == b_c
        crosses = boundary_segment(w, b, sections.LIMITS, sections.LIMITS) is not None
        assert ("stays under the solid one" in said) == (same and crosses and not constant)
        assert ("outside the square" in said) == (same and not crosses and not constant)
        assert ("$w_2 = w_1$" in said) == (constant and not np.any(w_c))
        if "rounding" in said:
            assert not same and sections.pair_tex(w_c) in said and sections.tex(b_c) in said
    for kind, rows in DEGENERATE.items():
        at = run_page(**dict(zip(ROWS, map(repr, rows), strict=True)))
        target = exact_target(np.array(rows).reshape(2, 3)[:, :2], np.array(rows).reshape(2, 3)[:, 2])
        constant, zero = not any(target[:2]), not any(target)
        for tab in TAB_CHARTS:
            at = open_tab(at, tab)
            assert not at.exception, (kind, tab)
            text = all_text(at)
            if tab == "Why it works":
                assert ("is linear in $x$ too" in text) == (not constant)
            if tab == "Scale k":
                assert ("only $k = 1$ also keeps the probabilities" in text) == (not zero), kind
            if tab == "Sign convention":
                assert ("both give the same model" in text) == zero
