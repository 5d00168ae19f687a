"""In a real browser, the descent map without a mouse or a drag: the keys add, move and remove own points and the
page follows once they settle; a point is moved by a click on it, then a click where it goes; the map is described
in words equal to core's at the paused step, and said through a polite live region that keeps quiet while it plays;
the point in focus is ringed black on white in light and dark; targets are 24 px (44 px under a finger); a linked
step under reduced motion is not played out."""

import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from core import cross_entropy_grad, softmax
from core.activations import predicted_classes
from core.points import parse_points
from core.regions import class_boundaries
from tests.e2e import test_gradient_descent
from tests.e2e.probes import _DESCENT, DESCENT_FOCUS, DESCENT_STEPS
from tests.e2e.test_gradient_descent import (
    after_rerun,
    control,
    core_data,
    core_run,
    core_verdict,
    empty_spot,
    exceptions,
    opened,
    pixel,
    pixel_worth,
    shown_map,
    since,
    state,
    until,
    value_at,
)
from tests.ui.test_descent_describe_js import g3, sentence
from ui.descent_explorer import plane_limits
from ui.points_param import decode_points

pytestmark = pytest.mark.e2e
own = test_gradient_descent.own  # the fixture: the page with the student's own points, and the messages it sends

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
# What a screen reader has of the map: its description, what the live region said (oldest first), the point in
# focus and the one picked up, the ring's colours and whether it is dashed, and the class + adds.
SPOKEN = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  const root = host.shadowRoot, ring = root.querySelector('.dx-ring');
  const stroke = (c) => getComputedStyle(root.querySelector(c)).stroke;
  return {{ description: root.querySelector('#dx-description').textContent,
           said: Array.from(s.ui.live.children, (p) => p.textContent), selected: s.selected,
           picked: s.edit.picked && s.edit.picked.i, ring: ring.getAttribute('visibility'),
           dashed: ring.classList.contains('dx-picked'), light: stroke('.dx-ring-light'),
           dark: stroke('.dx-ring-dark'), label: s.edit.label }}; }}"""


def spoken(page) -> dict:
    return page.evaluate(SPOKEN)


def map_focused(page) -> None:
    """Tab from the top of the page until the map has the focus (one tab stop, however many points)."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if (page.evaluate(DESCENT_FOCUS) or {}).get("control") == "svg":
            return
    raise AssertionError("Tab never reached the map")


def keys(page, *names: str, gap_ms: int = 30) -> None:
    for name in names:
        page.keyboard.press(name)
        page.wait_for_timeout(gap_ms)


def address_points(page):
    return decode_points(parse_qs(urlparse(page.url).query)["points"][0])


def downloaded_points(page):
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these points (CSV)").click()
    return parse_points(Path(download.value.path()).read_bytes())


def step_of(frame: dict) -> float:
    """An arrow key's step on this map: the 1, 2 or 5 × 10ⁿ nearest a 50th of its span (points.js keyStep)."""
    raw = (frame["xlim"][1] - frame["xlim"][0]) / 50
    power = 10 ** np.floor(np.log10(raw))
    return min((m * power for m in (1, 2, 5, 10)), key=lambda s: abs(np.log(s / raw)))


def nudged(x: float, delta: float, lim: list[float], step: float) -> float:
    """x + delta on the grid of multiples of step, kept on the grid inside lim (points.js nudged)."""
    return float(np.clip(round((x + delta) / step), np.ceil(lim[0] / step), np.floor(lim[1] / step)) * step)


# --- Own points by keyboard alone ------------------------------------------------------------------------------

def test_the_keys_alone_add_move_and_remove_points_and_the_page_follows(own):
    """Tab reaches the map; 2 chooses class 2 and + adds a point of it in the middle of the map, picked up (a dashed
    ring); → → → ↑ ↑ move it by three steps and two (points.js keyStep), Enter puts it down; the page's address and
    CSV then hold it, after one message. Home goes to point 1, Enter, Shift+↓ moves it ten steps down, Enter; End
    and Delete remove the point added; the page follows again, and no other point moved."""
    page, messages = own
    before = shown_map(page)
    frame, n = before["frame"], len(before["labels"])
    step = step_of(frame)
    map_focused(page)
    start = time.monotonic()
    keys(page, "2", "+")
    page.wait_for_function(f"() => {{ const s = ({SPOKEN})(); return s.picked === {n} && s.dashed; }}", timeout=5000)
    keys(page, "ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp", "Enter")
    middle = [round(round(sum(lim) / 2 / step) * step, 6) for lim in (frame["xlim"], frame["ylim"])]
    added = after_rerun(page)
    assert added["labels"] == [*before["labels"], 1] and added["run"] == before["run"]
    np.testing.assert_allclose(added["points"][-2:], [middle[0] + 3 * step, middle[1] + 2 * step], atol=1e-9)
    assert added["points"][:-2] == before["points"]
    X, y = address_points(page)
    assert X.ravel().tolist() == added["points"] and y.tolist() == added["labels"]
    assert len(since(messages, start, "sent")) == 1
    keys(page, "Home", "Enter", "Shift+ArrowDown", "Enter")
    moved = after_rerun(page)
    assert moved["points"][0] == before["points"][0]
    assert moved["points"][1] == pytest.approx(nudged(before["points"][1], -10 * step, frame["ylim"], step), abs=1e-9)
    assert moved["points"][2:] == added["points"][2:]
    keys(page, "End", "Delete")
    removed = after_rerun(page)
    assert removed["labels"] == before["labels"] and removed["points"][2:] == before["points"][2:]
    X_csv, y_csv = downloaded_points(page)
    assert X_csv.ravel().tolist() == removed["points"] and y_csv.tolist() == removed["labels"]
    assert "removed" in " ".join(spoken(page)["said"]) and exceptions(page) == []


def test_key_presses_10_ms_apart_end_in_one_consistent_view(own):
    """Point 1 picked up, twenty → 10 ms apart, put down, then three Deletes 10 ms apart: while the keys come nothing
    is sent; once they settle, one message, and the explorer, the address and the description agree: point 1 is
    twenty steps right (or at the map's edge), the last three points are gone, the rest are where they were."""
    page, messages = own
    before = shown_map(page)
    frame, step = before["frame"], step_of(before["frame"])
    map_focused(page)
    start = time.monotonic()
    keys(page, "Home", "Enter", *["ArrowRight"] * 20, "Enter", "End", "Delete", "Delete", "Delete", gap_ms=10)
    assert since(messages, start, "sent") == [], "nothing is sent while the keys come"
    after = after_rerun(page)
    page.wait_for_timeout(1000)
    assert len(since(messages, start, "sent")) == 1
    kept = len(before["labels"]) - 3
    assert after["points"][0] == pytest.approx(nudged(before["points"][0], 20 * step, frame["xlim"], step), abs=1e-9)
    assert after["points"][1:] == before["points"][1 : 2 * kept] and after["labels"] == before["labels"][:kept]
    X, y = address_points(page)
    assert X.ravel().tolist() == after["points"] and y.tolist() == after["labels"]
    n = len(after["labels"])
    page.wait_for_function(f"() => ({SPOKEN})().description.includes('of {n}, class')")
    assert f"Point {n} of {n}" in spoken(page)["description"]


# --- One pointer, no drag ------------------------------------------------------------------------------------

def test_select_then_click_moves_a_point_without_a_drag(own):
    """Move mode: a click on point 1 picks it up (a dashed ring, the sentence says where to click), a click on an
    empty spot puts it there (within a pixel's worth), one message later the page's address has it and no other
    point moved; a click on a point picked up lets it be."""
    page, messages = own
    before = shown_map(page)
    control(page, "move").click()
    assert control(page, "move").get_attribute("aria-pressed") == "true"
    u, v = pixel(before["frame"], *before["points"][:2])
    page.mouse.click(before["left"] + u, before["top"] + v)
    # The ring is drawn on the next animation frame, which a busy machine may paint a little later.
    page.wait_for_function(f"() => {{ const s = ({SPOKEN})(); return s.picked === 0 && s.dashed; }}", timeout=5000)
    assert shown_map(page)["hint"].startswith("Click where point 1 should go")
    assert shown_map(page)["points"] == before["points"]
    to = empty_spot(before)
    start = time.monotonic()
    page.mouse.click(before["left"] + to[0], before["top"] + to[1])
    after = after_rerun(page)
    assert len(since(messages, start, "sent")) == 1
    np.testing.assert_allclose(after["points"][:2], value_at(before["frame"], *to), atol=pixel_worth(before["frame"]))
    assert after["points"][2:] == before["points"][2:] and after["labels"] == before["labels"]
    X, _ = address_points(page)
    assert X.ravel().tolist() == after["points"]
    u, v = pixel(after["frame"], *after["points"][:2])
    page.mouse.click(after["left"] + u, after["top"] + v)
    page.mouse.click(after["left"] + u, after["top"] + v)
    assert spoken(page)["picked"] is None and shown_map(page)["points"] == after["points"]


def lone_side(shown: dict, reach: float) -> tuple[int, np.ndarray]:
    """A point i and a direction d such that pressing reach ± 1 px from its centre along d is inside the map and
    farther than reach + 2 px from every other point's centre (so only point i's target can be what is hit)."""
    frame = shown["frame"]
    centres = np.array([pixel(frame, *p) for p in np.reshape(shown["points"], (-1, 2))])
    for i, centre in enumerate(centres):
        for d in np.array([[1, 0], [-1, 0], [0, 1], [0, -1]]):
            presses = [centre + (reach - 1) * d, centre + (reach + 1) * d]
            others = np.delete(centres, i, axis=0)
            inside = all(frame["x"][0] < u < frame["x"][1] and frame["y"][1] < v < frame["y"][0] for u, v in presses)
            if inside and all(np.linalg.norm(others - p, axis=1).min() > reach + 2 for p in presses):
                return i, d
    raise AssertionError("no point with room around it")


@pytest.mark.parametrize(("touch", "reach"), [(False, 12), (True, 22)], ids=["mouse: 24 px", "finger: 44 px"])
def test_a_point_is_a_target_24_px_across_44_under_a_finger(server, browser, touch, reach):
    """At the zero start every marker is 14 px across (ŷ = 1/3), yet in Move mode a press 1 px inside the target's
    radius (12 px with a mouse, 22 px with a finger on a phone) picks the point up, and 1 px beyond it does not."""
    size = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True} if touch else {
        "viewport": {"width": 1440, "height": 900}}
    context = browser.new_context(**size)
    page = context.new_page()
    page.goto(server + "/gradient_descent?data=own")
    shown = shown_map(opened(page))
    assert max(shown["sizes"]) < 2 * reach - 8
    if touch:
        control(page, "place").tap()
    control(page, "move").tap() if touch else control(page, "move").click()
    i, d = lone_side(shown, reach)
    centre = np.add(pixel(shown["frame"], *shown["points"][2 * i : 2 * i + 2]), (shown["left"], shown["top"]))

    def press(at):
        page.touchscreen.tap(*at) if touch else page.mouse.click(*at)

    press(centre + (reach - 1) * d)
    assert spoken(page)["picked"] == i
    press(centre)  # on itself: let it be
    assert spoken(page)["picked"] is None
    press(centre + (reach + 1) * d)
    assert spoken(page)["picked"] is None and shown_map(page)["points"] == shown["points"]
    context.close()


# --- The picture in words ------------------------------------------------------------------------------------

def expected_words(query: str, step: int, point: int) -> tuple[str, str, str]:
    """What the description says at ``step`` of the page's run for ``query`` with ``point`` in focus, from core's
    state there: the step (loss, accuracy, ties), where the classes meet, and the point's ŷ and ŷ − y."""
    X, y, *_ = core_data(query)
    run = core_run(query, step)
    W, b = run.W[step], run.b[step]
    predicted = predicted_classes(X @ W.T + b)
    tied, right = int(np.count_nonzero(predicted < 0)), int(np.count_nonzero(predicted == y))
    accuracy = f"accuracy {100 * right / (y.size - tied):.1f}%" + (
        f" of the {y.size - tied} predicted, {tied} tie" if tied else "")
    said = f"Step {step:,}: loss {g3(run.loss[step])}, {accuracy}."
    meet = " ".join(sentence(W, b, i, j, ends) for i, j, ends in class_boundaries(W, b, *plane_limits(X)))
    z = X[point : point + 1] @ W.T + b
    y_hat, residual = softmax(z)[0], cross_entropy_grad(z, y[point : point + 1])[0]

    def fixed(x, signed=False):
        text = f"{x:.3g}" if 0 < abs(x) < 5e-4 else f"{x:.3f}"
        return ("+" if signed and x > 0 else "") + text.replace("-", "−")

    k = int(y[point])
    words = (f"Point {point + 1} of {y.size}, class {k + 1}, at ({fixed(X[point, 0])}, {fixed(X[point, 1])}): "
             f"ŷ{str(k + 1).translate(SUB)} = {fixed(y_hat[k])}; ŷ = ({', '.join(map(fixed, y_hat))}), "
             f"ŷ − y = ({', '.join(fixed(r, signed=True) for r in residual)}).")
    return said, meet, words


def test_the_description_at_the_paused_step_is_cores_and_is_said_politely(server, open_page):
    """A link to step 30, the map reached by Tab, → twice (point 2): the description is core's state 30 in words
    (step, loss, accuracy, where the classes meet, each row's numbers, point 2's ŷ and ŷ − y), and the live region's
    last words are the point's; D says the whole. Space plays: the live region says "Playing." and nothing else while
    it plays for two seconds; Space pauses: it says the step paused at, then core's verdict on it."""
    page = opened(open_page(server + "/gradient_descent?step=30"))
    map_focused(page)
    keys(page, "ArrowRight", "ArrowRight")
    said, meet, point = expected_words("", 30, 1)
    page.wait_for_function(f"() => ({SPOKEN})().said.at(-1) === {point!r}", timeout=5000)
    description = spoken(page)["description"]
    assert description.startswith(f"{said} {meet} Rows: ") and description.endswith(f" {point}")
    run = core_run("", 30)
    for k in range(3):
        w1, w2, bk = (*run.W[30][k], run.b[30][k])
        assert f"w{str(k + 1).translate(SUB)} = ({g3(w1)}, {g3(w2)}) pointing " in description
        assert f"b{str(k + 1).translate(SUB)} = {g3(bk)}" in description
    keys(page, "d")
    page.wait_for_function(f"() => ({SPOKEN})().said.at(-1) === ({SPOKEN})().description", timeout=5000)
    keys(page, "Escape")  # no point in focus: what is said next is the step
    page.keyboard.press("Space")
    until(page, "s.playing")
    page.wait_for_timeout(2000)
    # What an edit or a key said just before (here "No point in focus.") is never dropped, so it may come first.
    assert spoken(page)["said"][-1].endswith("Playing.") and state(page)["playing"]
    page.keyboard.press("Space")
    until(page, "!s.playing")
    t = state(page)["step"]
    said, _, _ = expected_words("", t, 0)
    page.wait_for_function(f"() => ({SPOKEN})().said.includes({said!r})", timeout=5000)
    verdict = f"Verdict: {core_verdict('', t)}"
    page.wait_for_function(f"() => ({SPOKEN})().said.at(-1) === {verdict!r}", timeout=20_000)
    assert spoken(page)["said"][-2:] == [said, verdict]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_point_in_focus_and_the_map_show_their_focus_at_3_to_1(server, open_page, dark):
    """The point in focus is ringed black over white, so against the map's colours under the ring one of the two
    stands ≥ 3:1 (each colour of the shading is tried); the map's focus outline stands ≥ 3:1 against the page."""
    page = opened(open_page(server + "/gradient_descent?step=30", dark=dark))
    map_focused(page)
    keys(page, "ArrowRight")
    until(page, "s.read !== null")
    ring = spoken(page)
    assert ring["ring"] == "visible" and ring["light"] == "rgb(255, 255, 255)" and ring["dark"] == "rgb(0, 0, 0)"
    shades = page.evaluate(f"""() => {{ {_DESCENT}
      const c = s.ui.shade, d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, out = new Set();
      for (let i = 0; i < d.length; i += 4) out.add(`${{d[i]}},${{d[i + 1]}},${{d[i + 2]}}`);
      return Array.from(out, (t) => t.split(',').map(Number)); }}""")
    assert len(shades) > 10
    assert min(max(contrast(colour, (0, 0, 0)), contrast(colour, (255, 255, 255))) for colour in shades) >= 3
    outline, background = page.evaluate(f"""() => {{ {_DESCENT}
      return [getComputedStyle(s.ui.overlay).outlineColor,
              getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor]; }}""")
    assert contrast(rgb(outline), rgb(background)) >= 3, (outline, background)


def rgb(css: str) -> tuple[int, ...]:
    return tuple(int(float(v)) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(colour):
        c = np.array(colour) / 255
        c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --- Keyboard play, step, scrub, reset, speed -----------------------------------------------------------------

def test_the_keyboard_plays_from_the_map_and_reaches_reset_and_the_speed(server, open_page):
    """From the map, Space plays and pauses; Tab to Next, Enter steps; Tab to the speed menu, ↑ slows it to 10
    steps a second; Shift+Tab back to Reset, Enter returns to step 0 with nothing trained."""
    page = opened(open_page(server + "/gradient_descent"))
    map_focused(page)
    page.keyboard.press("Space")
    until(page, "s.playing && s.step > 0")
    page.keyboard.press("Space")
    until(page, "!s.playing")
    paused = state(page)["step"]
    control(page, "forward").focus()
    page.keyboard.press("Enter")
    until(page, f"s.step === {paused + 1}")
    for _ in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate(DESCENT_FOCUS)["control"] == "select-one"
    page.keyboard.press("ArrowUp")
    assert page.locator(".st-key-descent select").input_value() == "10"
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(DESCENT_FOCUS)["control"] == "reset"
    page.keyboard.press("Enter")
    until(page, "s.step === 0 && s.head === 0 && !s.playing")


# --- Motion --------------------------------------------------------------------------------------------------

LONG = "data=blobs&n=2000&classes=5&noise=0.8&seed=1&lr=0.5&init=zeros&step=3000"


@pytest.mark.parametrize("reduce", [False, True], ids=["motion", "reduced motion"])
def test_a_linked_step_is_trained_in_view_unless_motion_is_reduced(server, browser, reduce):
    """A link to step 3,000 on 2,000 points takes the browser several frames to train: it shows the steps on the way
    as it goes, but under reduced motion the map goes from step 0 to step 3,000 with nothing drawn between (and it
    never plays)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900},
                                  reduced_motion="reduce" if reduce else "no-preference")
    context.add_init_script(f"({DESCENT_STEPS})()")  # every frame's step drawn, from the first
    page = context.new_page()
    page.goto(server + "/gradient_descent?" + LONG)
    page.wait_for_function(f"() => {{ {_DESCENT} return s && s.drawn && s.drawn.step === 3000; }}", timeout=60_000)
    drawn = {step for step, _ in page.evaluate("window.__descentSteps")}
    assert (drawn <= {0, 3000}) == reduce, sorted(drawn)
    assert not state(page)["playing"]
    context.close()


def tab_to_control(page, control: str, back: bool = False) -> None:
    """Tab (Shift+Tab if ``back``) until the explorer's ``control`` (a button's action, or "svg" for the map) has the
    keyboard."""
    for _ in range(30):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if (page.evaluate(DESCENT_FOCUS) or {}).get("control") == control:
            return
    raise AssertionError(f"Tab never reached {control}")


def test_the_lesson_by_keyboard_alone(own):
    """The page's lesson with no pointer at all, from the top of the page: Tab reaches the map; 2 and + add a class 2
    point, → and ↑ move it, Enter puts it down; Home and Delete remove point 1; Space plays and pauses; Tab reaches
    Next, Enter steps once; Shift+Tab returns to the map and D says the whole description, which is core's words for
    that step of the run on the edited points (the edits were made at step 0, so the run is core's from the start)."""
    page, _ = own
    before = shown_map(page)
    map_focused(page)
    keys(page, "2", "+", "ArrowRight", "ArrowUp", "Enter")
    added = after_rerun(page)
    assert added["labels"] == [*before["labels"], 1]
    keys(page, "Home", "Delete")
    edited = after_rerun(page)
    assert edited["labels"] == added["labels"][1:] and edited["points"] == added["points"][2:]
    page.keyboard.press("Space")
    until(page, "s.playing && s.step > 5")
    page.keyboard.press("Space")
    until(page, "!s.playing")
    paused = state(page)["step"]
    tab_to_control(page, "forward")
    page.keyboard.press("Enter")
    until(page, f"s.step === {paused + 1}")
    tab_to_control(page, "svg", back=True)
    keys(page, "Escape", "d")
    query = urlparse(page.url).query
    said, meet, _ = expected_words(query, paused + 1, 0)
    # What Escape said ("No point in focus.") comes first: an edit's or a key's words are never dropped.
    page.wait_for_function(f"() => ({SPOKEN})().said.at(-1).endsWith(({SPOKEN})().description)", timeout=5000)
    assert spoken(page)["description"].startswith(f"{said} {meet} Rows: ")
    assert exceptions(page) == []
