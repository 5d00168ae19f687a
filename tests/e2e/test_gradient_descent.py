"""In a real browser: the descent explorer plays core's run without the server, draws what core computes, is
played by keyboard alone, links restore the run, and own points are placed, moved and removed on the map."""

import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from core import class_probabilities, gradient_descent, make_dataset
from core.diagnostics import diagnose, start_weights
from core.points import parse_points
from core.regions import class_boundaries
from tests.conftest import probability_tolerance
from tests.e2e.conftest import settle
from tests.e2e.probes import DESCENT_DRAWN, DESCENT_FOCUS, DESCENT_MAP, DESCENT_STATE, SLIDER_INPUT
from tests.ui.test_regions_js import assert_shading_is_cores
from ui.descent_explorer import plane_limits, shown_steps
from ui.points_param import decode_points

pytestmark = pytest.mark.e2e

LINK = "data=overlap&n=150&noise=1.2&seed=3&classes=4&lr=0.3&steps=60&init=random"
CONTROLS = ["back", "play", "forward", "range", "select-one", "checkbox"]  # the Tab order inside the explorer


def opened(page):
    """``page`` once the explorer has drawn and the app is idle."""
    page.wait_for_function(f"() => ({DESCENT_STATE})() !== null", timeout=30_000)
    settle(page)
    return page


def state(page) -> dict:
    return page.evaluate(DESCENT_STATE)


def control(page, action: str):
    return page.locator(f'.st-key-descent [data-action="{action}"]')


def scrubber(page):
    return page.locator('.st-key-descent input[type="range"]')


def exceptions(page):
    return page.locator('[data-testid="stException"]').all_inner_texts()


def record_messages(page) -> list:
    messages = []
    page.on(
        "websocket",
        lambda ws: (
            ws.on("framesent", lambda payload: messages.append(("sent", time.monotonic(), len(payload)))),
            ws.on("framereceived", lambda payload: messages.append(("received", time.monotonic(), len(payload)))),
        ),
    )
    return messages


def core_run(query: dict):
    X, y = make_dataset(query["data"], n=int(query["n"]), noise=float(query["noise"]), classes=int(query["classes"]),
                        seed=int(query["seed"]))
    W0, b0 = start_weights(query["init"], classes=int(query["classes"]), dims=2, seed=int(query["seed"]))
    return X, y, gradient_descent(X, y, W0, b0, float(query["lr"]), int(query["steps"]))


def assert_drawn_is_core(drawn: dict, X, y, run) -> None:
    """The shown state's shading, boundaries and marker inputs are core's on the same cell centres and points."""
    t = drawn["step"]
    assert t == shown_steps(run.steps)[drawn["index"]]
    W, b = run.W[t], run.b[t]
    assert_shading_is_cores(drawn["classes"], drawn["confidence"], drawn["xs"], drawn["ys"], W, b)
    xlim, ylim = plane_limits(X)
    expected = class_boundaries(W, b, xlim, ylim)
    assert [(i, j) for i, j, _ in drawn["boundaries"]] == [(i, j) for i, j, _ in expected]
    for (_, _, ends), (_, _, core_ends) in zip(drawn["boundaries"], expected, strict=True):
        np.testing.assert_allclose(ends, core_ends, rtol=0, atol=1e-9)
    own = class_probabilities(W, b, X)[np.arange(y.size), y]
    size = probability_tolerance(X, np.abs(W).sum(axis=0), np.abs(b).sum())
    assert np.all(np.abs(np.array(drawn["own"]) - own) <= size)
    np.testing.assert_array_equal(drawn["points"], X.ravel())
    np.testing.assert_array_equal(drawn["loss"], run.loss)
    np.testing.assert_array_equal(drawn["accuracy"], run.accuracy)


def test_play_paints_frames_with_no_websocket_message(server, browser):
    """Play runs in the browser: frames are painted and the shown step advances, while not one WebSocket frame is
    sent or received (Streamlit 1.67 has no app-level heartbeat on an idle page)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    messages = record_messages(page)
    page.goto(server + "/gradient_descent?steps=200")
    before = state(opened(page))
    assert before["index"] == 0 and not before["playing"]
    start = time.monotonic()
    control(page, "play").click()
    page.wait_for_timeout(3000)
    now = state(page)
    print(f"\n{now['frames'] - before['frames']} frames painted in 3 s, shown step {now['step']}")
    assert now["playing"] and now["frames"] - before["frames"] >= 20 and now["index"] > 0
    assert [m for m in messages if m[1] >= start] == []
    context.close()


@pytest.mark.parametrize(
    "query",
    [LINK, "data=blobs&n=300&noise=0.5&seed=1&classes=5&lr=10&steps=400&init=zeros"],
    ids=["K=4, random start", "K=5, η = 10 (large weights)"],
)
def test_what_is_drawn_at_several_steps_is_core(server, open_page, query):
    """At the start, two states on, halfway and at the end, every painted cell, boundary and marker is core's."""
    page = opened(open_page(f"{server}/gradient_descent?{query}"))
    X, y, run = core_run(dict(pair.split("=") for pair in query.split("&")))
    assert_drawn_is_core(page.evaluate(DESCENT_DRAWN), X, y, run)
    control(page, "forward").click()
    control(page, "forward").click()
    page.wait_for_function(f"() => ({DESCENT_STATE})().index === 2")
    assert_drawn_is_core(page.evaluate(DESCENT_DRAWN), X, y, run)
    last = state(page)["states"] - 1
    for index in (last // 2, last):
        scrubber(page).fill(str(index))
        page.wait_for_function(f"() => ({DESCENT_STATE})().index === {index}")
        assert_drawn_is_core(page.evaluate(DESCENT_DRAWN), X, y, run)


def test_a_keyboard_only_student_plays_pauses_steps_and_scrubs(server, open_page):
    """Tab goes through Back, Play, Next, the step slider, the speed and Loop, each named in words with a visible
    focus; Space plays and pauses, Enter on Next steps, arrows and End on the slider step and scrub."""
    page = opened(open_page(server + "/gradient_descent?steps=100"))
    control(page, "back").focus()
    reached = []
    for _ in CONTROLS:
        reached.append(page.evaluate(DESCENT_FOCUS))
        page.keyboard.press("Tab")
    assert [r["control"] for r in reached] == CONTROLS
    assert all(r["name"].strip() and r["outline"] != "none" for r in reached), reached
    control(page, "play").focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"() => ({DESCENT_STATE})().playing && ({DESCENT_STATE})().index > 0")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => !({DESCENT_STATE})().playing")
    paused = state(page)["index"]
    page.keyboard.press("Tab")  # Next
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({DESCENT_STATE})().index === {paused + 1}")
    page.keyboard.press("Tab")  # the step slider
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({DESCENT_STATE})().index === {paused + 2}")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => ({DESCENT_STATE})().index === {paused}")
    page.keyboard.press("End")
    page.wait_for_function(f"() => ({DESCENT_STATE})().step === 100")
    page.keyboard.press("Space")  # at the end, Play starts again from the first state
    page.wait_for_function(f"() => ({DESCENT_STATE})().playing")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => !({DESCENT_STATE})().playing")
    assert state(page)["index"] < 100
    control(page, "back").focus()
    for _ in range(state(page)["index"] + 2):
        page.keyboard.press("Enter")  # Back at the first state stays focused and does nothing more
    assert state(page)["index"] == 0 and page.evaluate(DESCENT_FOCUS)["control"] == "back"


def test_the_explorer_never_autoplays(server, open_page):
    """A few seconds after loading, the first state is still shown and nothing has been painted since."""
    page = opened(open_page(server + "/gradient_descent?steps=100"))
    first = state(page)
    page.wait_for_timeout(3000)
    assert state(page) == first and first["index"] == 0 and not first["playing"]


def test_reduced_motion_is_respected(server, browser):
    """With prefers-reduced-motion the explorer says so, and chooses the slowest speed; it still never autoplays."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(server + "/gradient_descent")
    opened(page)
    assert page.locator(".st-key-descent .dx-note").is_visible()
    assert page.locator(".st-key-descent select").input_value() == "6"
    assert not state(page)["playing"]
    context.close()


def test_keyboard_changes_the_run_and_the_link_restores_it(server, open_page):
    """→ on the n slider reruns with one more point; the URL it leaves behind reopens that same run; a bad
    parameter in a link is named in a notice and shows no exception."""
    page = opened(open_page(server + "/gradient_descent?steps=40"))
    before = page.evaluate(DESCENT_DRAWN)["loss"]
    page.locator(f'[data-testid="stMain"] {SLIDER_INPUT}').first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('n') === '201'", timeout=15_000)
    settle(page)
    after = page.evaluate(DESCENT_DRAWN)["loss"]
    assert before != after
    shared = opened(open_page(page.url))
    assert shared.evaluate(DESCENT_DRAWN)["loss"] == after
    assert exceptions(shared) == []

    bad = opened(open_page(server + "/gradient_descent?n=abc&steps=40"))
    notices = bad.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("n" in text and "is not a number" in text for text in notices), notices
    assert exceptions(bad) == []
    assert len(bad.evaluate(DESCENT_DRAWN)["labels"]) == 200  # the default n is used and the page still draws


def test_a_change_while_playing_shows_the_new_run_from_its_start(server, open_page):
    """A new run stops the playing one: it is shown at its first state and stays there."""
    page = opened(open_page(server + "/gradient_descent?steps=200"))
    control(page, "play").click()
    page.wait_for_function(f"() => ({DESCENT_STATE})().index > 0", timeout=10_000)
    page.locator(f'[data-testid="stMain"] {SLIDER_INPUT}').first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('n') === '201'", timeout=15_000)
    settle(page)
    first = state(page)
    assert first["index"] == 0 and not first["playing"]
    page.wait_for_timeout(1500)
    assert state(page) == first


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("size", ["desktop", "laptop", "projector"])
def test_the_map_controls_curves_and_verdict_are_on_the_first_screen(server, open_page, size, dark):
    """At 1440×900, 1366×768 and on the projector the map, its play controls, both curves and the verdict lie
    inside the window, and the settings follow below; on the projector the map is ≥ 45% of the content width."""
    query = "?projector=1" if size == "projector" else ""
    page = opened(open_page(server + "/gradient_descent" + query, size=size, dark=dark))
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    boxes = first_screen_boxes(page)
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["y"] >= 0 and box["y"] + box["height"] <= height
    settings = page.get_by_text("Learning rate η (log scale)", exact=True)
    if size == "projector":  # folded away until needed
        assert not settings.is_visible()
        content = page.locator(".st-key-descent .dx").bounding_box()["width"]  # the page's content width
        assert boxes[0]["width"] >= 0.45 * content
    else:
        assert settings.bounding_box()["y"] > max(box["y"] for box in boxes)


@pytest.mark.parametrize("size", ["laptop", "projector"])
def test_with_own_points_the_edit_bar_fits_the_first_screen_too(server, open_page, size):
    """With the student's own points the edit bar sits under the map, and it, the map, the play controls, the
    curves and the verdict still lie inside the window at 1366×768 and on the projector."""
    query = "?data=own" + ("&projector=1" if size == "projector" else "")
    page = opened(open_page(server + "/gradient_descent" + query, size=size))
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    boxes = [*first_screen_boxes(page), page.locator(".st-key-descent .dx-edit").bounding_box()]
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["y"] >= 0 and box["y"] + box["height"] <= height


def first_screen_boxes(page) -> list[dict]:
    """The boxes of the map, the Play button, the scrubber, the two curves and the verdict, in that order."""
    boxes = [page.locator(".st-key-descent .dx-map").bounding_box(), control(page, "play").bounding_box(),
             scrubber(page).bounding_box(), *(c.bounding_box() for c in page.locator(".dx-curve").all()),
             page.locator(".st-key-descent .dx-verdict").bounding_box()]
    assert len(boxes) == 6 and all(boxes)
    return boxes


def test_on_a_phone_the_map_comes_first_then_the_controls_the_curves_and_the_settings(server, open_page):
    """At 390 px: map, play controls, curves, verdict, then the settings, one under another; the map and the play
    controls are on the first screen."""
    page = opened(open_page(server + "/gradient_descent", size="phone"))
    boxes = first_screen_boxes(page)
    for box in boxes[:3]:  # the map, Play and the step slider
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390 and 0 <= box["y"] and box["y"] + box["height"] <= 844
    tops = [box["y"] for box in boxes]
    tops.append(page.get_by_text("Learning rate η (log scale)", exact=True).bounding_box()["y"])
    assert tops == sorted(tops)
    assert page.locator(".st-key-descent .dx-map").bounding_box()["width"] >= 300


def address_says_step(page, step: str | None) -> None:
    """Wait until the address's step= is ``step`` (None: absent); the map writes it once it rests on a state."""
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('step') === {json.dumps(step)}")


def test_the_address_keeps_the_step_shown_without_a_server_round_trip(server, open_page):
    """A link with step=30 opens the run there; Next writes step=31 into the address with no WebSocket message, a
    reload comes back to it, and a new run (another n) starts at its first state and drops the step."""
    page = opened(open_page(server + "/gradient_descent?steps=100&step=30"))
    assert state(page)["step"] == 30
    address_says_step(page, "30")
    messages = record_messages(page)
    page.reload()
    opened(page)
    start = time.monotonic()
    control(page, "forward").click()
    address_says_step(page, "31")
    page.wait_for_timeout(500)
    assert [m for m in messages if m[1] >= start] == []
    page.reload()
    assert state(opened(page))["step"] == 31
    page.locator(f'[data-testid="stMain"] {SLIDER_INPUT}').first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('n') === '201'", timeout=15_000)
    settle(page)
    assert state(page)["step"] == 0
    address_says_step(page, None)
    assert exceptions(page) == []


def test_a_linked_step_between_shown_states_opens_the_nearest(server, open_page):
    """2,000 steps show 201 states, every tenth: step=57 opens step 60 and the address says so."""
    page = opened(open_page(server + "/gradient_descent?steps=2000&step=57"))
    assert state(page)["step"] == 60
    address_says_step(page, "60")


def test_a_fast_scrub_rewrites_the_address_once_it_rests(server, open_page):
    """Holding → on the step slider moves the map through many states, but the address is rewritten once, when the
    map rests (browsers refuse a page that rewrites it too often), and then says the step shown."""
    page = opened(open_page(server + "/gradient_descent?steps=200"))
    page.evaluate("""() => { window.__rewrites = 0; const replace = history.replaceState.bind(history);
      history.replaceState = (...args) => { window.__rewrites += 1; return replace(...args); }; }""")
    scrubber(page).focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({DESCENT_STATE})().index === 40")
    address_says_step(page, "40")
    assert page.evaluate("window.__rewrites") == 1


def pixel(frame: dict, x1: float, x2: float) -> tuple[float, float]:
    """Where (x₁, x₂) lies on the map, in pixels from the overlay's top left: linear from each axis' limits to its
    pixel ends (x₂ upwards)."""
    (a, b), (c, d), (u0, u1), (v0, v1) = frame["xlim"], frame["ylim"], frame["x"], frame["y"]
    return u0 + (x1 - a) / (b - a) * (u1 - u0), v0 + (x2 - c) / (d - c) * (v1 - v0)


def value_at(frame: dict, u: float, v: float) -> tuple[float, float]:
    """The point (x₁, x₂) at pixel (u, v): the inverse of ``pixel``."""
    (a, b), (c, d), (u0, u1), (v0, v1) = frame["xlim"], frame["ylim"], frame["x"], frame["y"]
    return a + (u - u0) / (u1 - u0) * (b - a), c + (v - v0) / (v1 - v0) * (d - c)


def pixel_worth(frame: dict) -> float:
    return (frame["xlim"][1] - frame["xlim"][0]) / (frame["x"][1] - frame["x"][0])


def empty_spot(shown: dict) -> tuple[float, float]:
    """The pixel of the map farthest from every point (30 px in from the edges)."""
    frame = shown["frame"]
    us, vs = np.meshgrid(np.linspace(frame["x"][0] + 30, frame["x"][1] - 30, 41),
                         np.linspace(frame["y"][1] + 30, frame["y"][0] - 30, 41))
    spots = np.column_stack([us.ravel(), vs.ravel()])
    centres = np.array([pixel(frame, *p) for p in np.reshape(shown["points"], (-1, 2))])
    gaps = np.linalg.norm(spots[:, None, :] - centres[None, :, :], axis=2).min(axis=1)
    return tuple(spots[np.argmax(gaps)])


def shown_map(page) -> dict:
    return page.evaluate(DESCENT_MAP)


def after_rerun(page, before: dict) -> dict:
    """The map once the page has trained again on the reported points (a new run reached the explorer)."""
    page.wait_for_function(f"() => ({DESCENT_MAP})().run !== {json.dumps(before['run'])}", timeout=20_000)
    settle(page)
    return shown_map(page)


@pytest.fixture
def own(server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=server)
    page = context.new_page()
    messages = record_messages(page)
    page.goto("/gradient_descent?data=own")
    yield opened(page), messages
    context.close()


def test_a_click_adds_a_point_of_the_chosen_class_and_the_run_follows(own):
    """Class 2 chosen, a click on an empty spot: after the rerun the explorer shows one more point, of label 1, at
    the clicked spot (within a pixel's worth), trained into a new run; the address and the CSV download hold it."""
    page, _ = own
    before = shown_map(page)
    X = np.reshape(before["points"], (-1, 2))
    xlim, ylim = plane_limits(X)
    assert before["frame"]["xlim"] == list(xlim) and before["frame"]["ylim"] == list(ylim)
    page.locator('.st-key-descent [data-class="1"]').click()
    assert "add a class 2 point" in shown_map(page)["hint"]
    u, v = empty_spot(before)
    page.mouse.click(before["left"] + u, before["top"] + v)
    after = after_rerun(page, before)
    assert after["labels"] == [*before["labels"], 1]
    np.testing.assert_array_equal(after["points"][:-2], before["points"])
    np.testing.assert_allclose(after["points"][-2:], value_at(before["frame"], u, v), atol=pixel_worth(before["frame"]))
    X_link, y_link = decode_points(parse_qs(urlparse(page.url).query)["points"][0])
    np.testing.assert_array_equal(X_link.ravel(), after["points"])
    np.testing.assert_array_equal(y_link, after["labels"])
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these points (CSV)").click()
    X_csv, y_csv = parse_points(Path(download.value.path()).read_bytes())
    np.testing.assert_array_equal(X_csv.ravel(), after["points"])
    np.testing.assert_array_equal(y_csv, after["labels"])
    assert exceptions(page) == []


def test_a_dragged_point_follows_the_pointer_with_no_message_until_release(own):
    """A point dragged across the map moves at frame rate in the browser while not one WebSocket message goes out;
    on release the page trains on it where it was dropped, and no other point moved."""
    page, messages = own
    before = shown_map(page)
    frame = before["frame"]
    start, target = np.array(pixel(frame, *before["points"][:2])), np.array(empty_spot(before))
    page.mouse.move(before["left"] + start[0], before["top"] + start[1])
    page.mouse.down()
    pressed = time.monotonic()
    for t in np.linspace(0, 1, 21)[1:]:
        u, v = start + t * (target - start)
        page.mouse.move(before["left"] + u, before["top"] + v)
        page.wait_for_timeout(16)
    during = shown_map(page)
    np.testing.assert_allclose(during["points"][:2], value_at(frame, *target), atol=pixel_worth(frame))
    assert during["frame"] == frame  # the map keeps its scale while dragging
    assert [m for m in messages if m[1] >= pressed] == [], "nothing is sent while dragging"
    page.mouse.up()
    after = after_rerun(page, before)
    assert after["points"][:2] == during["points"][:2]
    assert after["points"][2:] == before["points"][2:] and after["labels"] == before["labels"]


def test_a_tap_on_a_point_leaves_it_where_it_is(own):
    """A press and release on a point with a jitter of 2 px (under the drag's 3) moves nothing and sends nothing."""
    page, messages = own
    before = shown_map(page)
    u, v = pixel(before["frame"], *before["points"][:2])
    page.mouse.move(before["left"] + u, before["top"] + v)
    pressed = time.monotonic()
    page.mouse.down()
    page.mouse.move(before["left"] + u + 2, before["top"] + v)
    page.mouse.up()
    page.wait_for_timeout(800)
    assert shown_map(page)["points"] == before["points"]
    assert [m for m in messages if m[1] >= pressed] == []


def test_remove_mode_and_shift_click_remove_the_point_clicked(own):
    """With Remove pressed a click on a point removes it; with Add, Shift+click does the same; each reruns."""
    page, _ = own
    before = shown_map(page)
    page.locator('.st-key-descent [data-action="remove"]').click()
    assert shown_map(page)["hint"] == "Click a point to remove it."
    u, v = pixel(before["frame"], *before["points"][:2])
    page.mouse.click(before["left"] + u, before["top"] + v)
    once = after_rerun(page, before)
    assert once["points"] == before["points"][2:] and once["labels"] == before["labels"][1:]
    page.locator('.st-key-descent [data-class="0"]').click()
    u, v = pixel(once["frame"], *once["points"][-2:])
    page.keyboard.down("Shift")
    page.mouse.click(once["left"] + u, once["top"] + v)
    page.keyboard.up("Shift")
    twice = after_rerun(page, once)
    assert twice["points"] == once["points"][:-2] and twice["labels"] == once["labels"][:-1]
    assert exceptions(page) == []


def test_the_edit_bar_is_reached_by_keyboard_with_names_and_a_visible_focus(own):
    """Tab goes through the class buttons 1 … K + 1 and Remove, each named in words with a visible focus, then on
    to the play controls; Enter on a class chooses it and the sentence says so; Enter on Remove turns removing on."""
    page, _ = own
    page.locator('.st-key-descent [data-class="0"]').focus()
    reached = []
    for _ in range(6):
        reached.append(page.evaluate(DESCENT_FOCUS))
        page.keyboard.press("Tab")
    assert [r["name"] for r in reached[:4]] == [f"Add points of class {k}" for k in (1, 2, 3, 4)]  # K = 3
    assert [r["control"] for r in reached[4:]] == ["remove", "back"]
    assert all(r["outline"] != "none" for r in reached), reached
    page.locator('.st-key-descent [data-class="2"]').focus()
    page.keyboard.press("Enter")
    assert "add a class 3 point" in shown_map(page)["hint"]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(DESCENT_FOCUS)["name"] == "Add points of class 2"
    control(page, "remove").focus()
    page.keyboard.press("Enter")
    assert control(page, "remove").get_attribute("aria-pressed") == "true"
    assert shown_map(page)["hint"] == "Click a point to remove it."


def test_the_verdict_beside_the_curves_is_cores_and_says_it_is_about_the_end(server, open_page):
    """The verdict box holds core's diagnosis of the run, headed by the step it is about (the last), whichever
    step the map shows."""
    query = dict(pair.split("=") for pair in LINK.split("&"))
    X, y, run = core_run(query)
    reason = diagnose(run, X, y, int(query["steps"])).reason
    page = opened(open_page(f"{server}/gradient_descent?{LINK}&step=20"))
    told = page.locator(".st-key-descent .dx-verdict p").inner_text()
    assert told == f"How the run ended, after 60 steps. {reason}"
