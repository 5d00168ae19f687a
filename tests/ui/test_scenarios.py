"""Every teacher scenario opens its page with all its parameters accepted."""

import numpy as np
import pytest

from core import gradient_descent, logistic_from_softmax, make_dataset
from core.diagnostics import start_weights, step_pulls
from core.separability import separation
from core.square import compare_square
from tests.pages.apptest import open_page, sent, setting
from ui.scenarios import SCENARIOS


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.title)
def test_scenario_parameters_are_all_accepted(scenario):
    """The page runs with the scenario's link, shows no exception and no 'ignored' notice, and keeps every value."""
    at = open_page(scenario.page, **scenario.params)
    assert not at.exception, [e.value for e in at.exception]
    assert not any("ignored" in w.value for w in at.warning), [w.value for w in at.warning]
    for key, value in scenario.params.items():
        assert _same(_shown(at, key), value), (key, _shown(at, key), value)


def _shown(at, key: str):
    """What the page made of a link parameter: the step the descent map is told to open at (the browser trains to
    it), a setting otherwise."""
    return sent(at, "descent_explorer")["step"] if key == "step" else setting(at, key)


def _same(shown, value: str) -> bool:
    """A widget value equals its URL text: numerically for numbers, true/false for an open or closed section,
    exactly for names."""
    if isinstance(shown, bool):
        return str(shown).lower() == value
    try:
        return float(shown) == pytest.approx(float(value))
    except (TypeError, ValueError):
        return shown == value


def test_notes_are_two_sentences():
    """Each teacher's note is two sentences."""
    for scenario in SCENARIOS:
        assert scenario.note.count(". ") + scenario.note.endswith(".") == 2, scenario.title


def scenario(title):
    return next(s for s in SCENARIOS if s.title == title)


def scenario_run(title):
    """The scenario's points and its run, as the page computes them."""
    params = scenario(title).params
    classes = int(params["classes"])
    X, y = make_dataset(params["data"], n=int(params["n"]), noise=float(params["noise"]), classes=classes,
                        seed=int(params["seed"]))
    W0, b0 = start_weights(params.get("init", "zeros"), classes=classes, dims=2, seed=int(params["seed"]))
    return X, y, gradient_descent(X, y, W0, b0, float(params["lr"]), int(params["step"]))


def sigmoid_square(title):
    """compare_square for a sigmoid scenario's rows and logistic weights (linked: w₂ − w₁, b₂ − b₁)."""
    p = {k: float(v) for k, v in scenario(title).params.items() if k != "mode"}
    W = np.array([[p["w1_1"], p["w1_2"]], [p["w2_1"], p["w2_2"]]])
    bW = np.array([p["b1"], p["b2"]])
    w, b = (np.array([p["w_1"], p["w_2"]]), p["b"]) if "w_1" in p else logistic_from_softmax(W, bW)
    return compare_square(W, bW, w, b, (-4.0, 4.0), (-4.0, 4.0))


def test_the_sigmoid_notes_are_true():
    """Sign mistake: the labels agree on no area. Scaled: every label agrees over the whole square, the gap is
    large. Shifted rows: equal up to rounding to the first scenario's linked model."""
    assert sigmoid_square("The sign mistake").agree_nowhere
    scaled = sigmoid_square("Scaled weights")
    assert scaled.agree_everywhere and scaled.max_gap > 0.1
    shifted = scenario("Shifted rows change nothing").params
    assert sigmoid_square("Shifted rows change nothing").equal
    base = scenario("The sign mistake").params
    for k, c in (("w1_1", 2), ("w2_1", 2), ("w1_2", 2.5), ("w2_2", 2.5), ("b1", 1), ("b2", 1)):
        assert float(shifted[k]) == pytest.approx(float(base[k]) + c)


def test_the_large_learning_rate_note_is_true():
    """η = 10 on overlapping blobs: the loss ends above its start, rises on many steps, and the weights stay bounded."""
    _, _, run = scenario_run("A learning rate that is too large")
    assert run.loss[-1] > run.loss[0] and not run.overflowed
    assert np.sum(np.diff(run.loss) > 0) > 50
    assert np.linalg.norm(run.W, axis=(1, 2)).max() < 10


def best_line_accuracy(X, y):
    """Most points any line gets right: brute force over lines through two points, nudged to either side."""
    best = 0
    for i in range(len(X) - 1):
        d = X[i + 1 :] - X[i]
        normal = np.column_stack([-d[:, 1], d[:, 0]])
        side = (X - X[i]) @ normal.T  # (points, lines)
        for shift in (-1e-9, 1e-9):
            labels = side + shift > 0
            right = (labels == (y[:, None] == 1)).sum(axis=0)
            best = max(best, int(right.max()), int((len(y) - right).max()))
    return best


def test_the_xor_note_is_true():
    """XOR: not separable (LP), the run stalls within 0.02 of log 2, and some line gets more points right than the
    trained model, over 70 % of them (brute force over lines through pairs of points)."""
    X, y, run = scenario_run("Data no line can separate")
    assert not separation(X, y, classes=2).separable
    assert abs(run.loss[-1] - np.log(2)) < 0.02
    trained, best = round(run.accuracy[-1] * len(y)), best_line_accuracy(X, y)
    assert best > trained and best > 0.7 * len(y)  # not 'half the points wrong' for every line


def test_the_three_class_note_is_true():
    """Three classes: the pulls shrink as the points are learned (their total at the end is below the start's)."""
    X, y, run = scenario_run("Three classes")
    start, end = (step_pulls(X, y, run.W[t], run.b[t]).sizes.sum() for t in (0, -1))
    assert end < start / 2
