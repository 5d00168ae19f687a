"""The descent map's markers (ui/js/descent_draw.js), run in node: paused, they are always those of the step shown;
playing, they are sized anew once STAMP_SPACING times their last stamping's cost has passed and at once when the
points change, and the ŷ they are drawn from is core's of the step they say they are of."""

import numpy as np
import pytest

from core.activations import softmax
from tests.ui.test_linear_js import NODE, js

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (make test installs it)")

RNG = np.random.default_rng(5)
POINTS = RNG.normal(0, 2, (40, 2))
LABELS = RNG.integers(0, 3, 40)
FRAME = 16.7  # ms between frames at 60 Hz


def theta(step: int) -> np.ndarray:
    """A state for each step, every one different: K = 3 rows [w₁, w₂, b]."""
    return np.array([[0.1 * step, -0.05 * step, 0.02], [-0.03 * step, 0.07 * step, 0.0], [0.01, 0.02 * step, -0.1]])


# Frame i shows step i at time i · FRAME ms; stamping the markers took `stampMs`; `edits` lists the frames before
# which the student moved the points (a new list of points, as the explorer's edits make). Answers, for each frame,
# the step the markers are of and their ŷ.
DRIVER = """{
  frames(points, labels, thetas, playing, frame, edits, stampMs) {
    const history = { points: Float64Array.from(points), labels: Int8Array.from(labels), K: 3 };
    const state = { playing, history, data: { look: { markerSize: 8 } }, marked: null, stampMs };
    return thetas.map((rows, i) => {
      if (edits.includes(i)) history.points = Float64Array.from(history.points);
      const marked = m.markersShown(state, rows.map((r) => [r[0], r[1]]), rows.map((r) => r[2]), i, i * frame);
      return [marked.step, Array.from(marked.own)];
    });
  },
  spacing() { return m.STAMP_SPACING; },
}"""


def frames(playing: bool, edits=(), stamp_ms: float = 2.5, count: int = 20):
    thetas = [theta(t).tolist() for t in range(count)]
    args = [POINTS.ravel().tolist(), LABELS.tolist(), thetas, playing, FRAME, list(edits), stamp_ms]
    shown, spacing = js(("frames", args), ("spacing", []), module="descent_draw.js", driver=DRIVER)
    return shown, spacing * stamp_ms


def assert_own_is_cores(shown) -> None:
    for step, own in shown:
        W = theta(step)
        expected = softmax(POINTS @ W[:, :2].T + W[:, 2])[np.arange(LABELS.size), LABELS]
        np.testing.assert_allclose(own, expected, rtol=0, atol=1e-15)


def test_paused_markers_are_those_of_the_step_shown():
    shown, _ = frames(playing=False)
    assert [step for step, _ in shown] == list(range(20))
    assert_own_is_cores(shown)


def test_playing_markers_are_sized_anew_every_few_frames_and_at_once_after_an_edit():
    """At 60 frames a second, markers that took 2.5 ms to stamp follow the steps in jumps STAMP_SPACING × 2.5 ms
    apart (never older), and the frame right after an edit has markers of its own step; markers that took a tenth of
    a millisecond are sized anew every frame."""
    (shown, every), (edited, _) = frames(playing=True), frames(playing=True, edits=[7])
    steps = [step for step, _ in shown]
    fresh = [i for i, step in enumerate(steps) if step == i]
    assert fresh[0] == 0 and len(fresh) < len(steps) / 2
    assert all(0 <= i - steps[i] and (i - steps[i]) * FRAME < every for i in range(len(steps)))
    assert np.all(np.diff(fresh) * FRAME >= every)
    assert steps[7] != 7 and edited[7][0] == 7
    assert_own_is_cores(shown)
    assert_own_is_cores(edited)
    cheap, _ = frames(playing=True, stamp_ms=0.1)
    assert [step for step, _ in cheap] == list(range(20))
