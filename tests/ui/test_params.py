"""URL parameter checks: every unusable value is named, usable ones pass silently."""

import pytest

from ui.params import Choice, Number, canonical_params, url_problems

SPECS = [Number("lr", 0.001, 10.0), Number("steps", 1, 2000, integer=True), Choice("data", ("blobs", "xor"))]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"lr": ["abc"]}, "`lr` = `abc` is not a number"),
        ({"lr": [""]}, "`lr` = an empty value is not a number"),
        ({"lr": ["nan"]}, "is not a finite number"),
        ({"lr": ["inf"]}, "is not a finite number"),
        ({"lr": ["-inf"]}, "is not a finite number"),
        ({"lr": ["1e400"]}, "is not a finite number"),
        ({"lr": ["0"]}, "is outside 0.001 … 10"),
        ({"lr": ["-1"]}, "is outside"),
        ({"steps": ["2.5"]}, "`steps` = `2.5` is not a whole number"),
        ({"steps": ["5000"]}, "is outside 1 … 2000"),
        ({"data": ["moons"]}, "`data` = `moons` is not one of blobs, xor"),
        ({"lr": ["0.1", "0.2"]}, "`lr` appears 2 times"),
        ({"colour": ["red"]}, "`colour` is not a setting of this page"),
        ({"lr": ["9" * 10_000]}, "(10,000 characters)"),
    ],
)
def test_each_bad_value_is_named(params, fragment):
    """The notice names the parameter and why its value was dropped."""
    problems, _ = url_problems(params, SPECS)
    assert any(fragment in p for p in problems), problems


def test_good_values_and_global_keys_pass():
    """Valid values, projector and Streamlit's embed options raise no notice."""
    params = {"lr": ["0.5"], "steps": ["100"], "data": ["xor"], "projector": ["1"], "embed": ["true"]}
    assert url_problems(params, SPECS) == ([], set())


def test_markup_in_a_value_is_quoted_as_code():
    """A value carrying markup is shown inside a code span, with backticks neutralised."""
    [problem], drop = url_problems({"data": ["`<script>alert(1)</script>`"]}, SPECS)
    assert drop == {"data"}
    assert "`'<script>alert(1)</script>'`" in problem


def test_bad_values_are_dropped_and_repeated_keys_keep_the_first():
    """Only unusable or unknown keys are dropped; a repeated key is not dropped when its first value is good."""
    _, drop = url_problems({"lr": ["abc"], "steps": ["10", "20"], "colour": ["red"], "data": ["xor"]}, SPECS)
    assert drop == {"lr", "colour"}


@pytest.mark.parametrize(
    ("raw", "written"),
    [("10.0", "10"), ("0.50", "0.5"), (".5", "0.5"), ("5e-1", "0.5"), ("+0.5", "0.5"), ("1E1", "10"), ("-0", "0"),
     ("0.30000000000000004", "0.30000000000000004"), ("1e-07", "1e-07")],
)
def test_every_spelling_of_a_number_is_rewritten_one_way(raw, written):
    """A usable number in any spelling is rewritten in the one the page writes (the shortest that reads back as the
    same float, no trailing .0); the spelling already written is left alone, so a reload changes nothing."""
    spec = Number("x", -100, 100)
    assert canonical_params({"x": [raw]}, [spec], set()) == ({"x": written} if raw != written else {})
    assert canonical_params({"x": [written]}, [spec], set()) == {}
    assert float(written) == float(raw)


def test_a_rate_between_stops_is_snapped_with_a_note_and_a_stop_is_not():
    """With stops, 0.25 becomes 0.3 (nearest on the log scale) and is noted; 0.30 is the stop 0.3, not noted."""
    spec = Number("lr", 0.001, 10, stops=(0.2, 0.3, 0.5))
    assert canonical_params({"lr": ["0.25"]}, [spec], set()) == {"lr": "0.3"}
    [note], drop = url_problems({"lr": ["0.25"]}, [spec])
    assert "the nearest, 0.3, is used" in note and not drop
    assert url_problems({"lr": ["0.30"]}, [spec]) == ([], set())
    assert canonical_params({"lr": ["0.30"]}, [spec], set()) == {"lr": "0.3"}


def test_dropped_and_repeated_values_are_not_rewritten_but_a_repeat_keeps_its_first():
    spec = Number("x", 0, 1)
    assert canonical_params({"x": ["abc"]}, [spec], {"x"}) == {}
    assert canonical_params({"x": ["0.5", "0.7"]}, [spec], set()) == {"x": "0.5"}
