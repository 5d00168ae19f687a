"""In a real browser: the descent explorer trains live, state for state as ``core.gradient_descent`` does; play goes
on across η changes and points placed on the map; a paused step is judged by ``core`` and is the only thing sent;
it is played by keyboard alone, links open at their step, a swipe on a phone's map scrolls the page, and own points
are placed, moved and removed on the map."""

import functools
import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from core import class_probabilities, cross_entropy_grad, gradient_descent, make_dataset, softmax
from core.activations import predictions
from core.diagnostics import judge, start_weights
from core.points import parse_points
from core.regions import class_boundaries
from core.separability import separation
from tests.conftest import probability_tolerance
from tests.e2e.conftest import SIZES, settle
from tests.e2e.probes import (
    DESCENT_DRAWN,
    DESCENT_FOCUS,
    DESCENT_HISTORY,
    DESCENT_MAP,
    DESCENT_MARKER_ALPHA,
    DESCENT_SHADE,
    DESCENT_STATE,
    DESCENT_STEPS,
)
from tests.ui.test_regions_js import assert_shading_is_cores
from ui.descent_explorer import MAX_STEPS, plane_limits
from ui.descent_settings import LEARNING_RATES
from ui.points_param import decode_points

pytestmark = pytest.mark.e2e

DEFAULTS = "data=blobs&n=200&noise=0.8&seed=0&classes=3&lr=0.5&init=zeros"  # ui/descent_settings.py's
LINK = "data=overlap&n=150&noise=1.2&seed=3&classes=4&lr=0.3&init=random"
CONTROLS = ["back", "play", "forward", "reset", "range", "range", "select-one"]  # the Tab order inside the explorer
RELATIVE = 1e-12  # how far the browser's states may be from core's, relative to the state's largest entry


# --- The page ------------------------------------------------------------------------------------------------

def opened(page):
    """``page`` once the explorer has drawn and the app is idle."""
    page.wait_for_function(f"() => ({DESCENT_STATE})() !== null", timeout=30_000)
    settle(page)
    return page


def state(page) -> dict:
    return page.evaluate(DESCENT_STATE)


def until(page, condition: str, timeout: float = 15_000) -> None:
    """Wait until ``condition`` holds of ``s``, the explorer's DESCENT_STATE."""
    page.wait_for_function(f"() => {{ const s = ({DESCENT_STATE})(); return s !== null && ({condition}); }}",
                           timeout=timeout)


def control(page, action: str):
    return page.locator(f'.st-key-descent [data-action="{action}"]')


def scrubber(page):
    return page.locator('.st-key-descent input[aria-label="Step shown"]')


def verdict_on(page, step: int) -> str:
    """The verdict box's words once the page has judged ``step``."""
    until(page, f"s.verdict.startsWith({json.dumps(f'At step {step:,},')})", timeout=20_000)
    return state(page)["verdict"]


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


def since(messages: list, start: float, direction: str | None = None) -> list:
    return [m for m in messages if m[1] >= start and direction in (None, m[0])]


def address_says_step(page, step: int | None) -> None:
    """Wait until the address's step= is ``step`` (None: absent); the map writes it once it rests on a state."""
    value = None if step is None else str(step)
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('step') === {json.dumps(value)}")


def n_slider(page):
    """The settings' slider of n, for a keyboard change that makes a new run."""
    return page.locator('[data-testid="stMain"] input[aria-label="Number of points n"]')


# --- core on the same data -------------------------------------------------------------------------------------

def settings(query: str) -> dict:
    return dict(pair.split("=") for pair in f"{DEFAULTS}&{query}".strip("&").split("&"))


@functools.cache
def core_data(query: str):
    """X, y, W0, b0 and η of the page's run for ``query`` (missing settings at the page's defaults)."""
    s = settings(query)
    if s["data"] == "own":
        X, y = decode_points(s["points"])
        K = int(y.max()) + 1
    else:
        K = int(s["classes"])
        X, y = make_dataset(s["data"], n=int(s["n"]), noise=float(s["noise"]), classes=K, seed=int(s["seed"]))
    return X, y, *start_weights(s["init"], classes=K, dims=2, seed=int(s["seed"])), float(s["lr"])


@functools.cache
def core_run(query: str, steps: int):
    X, y, W0, b0, lr = core_data(query)
    return gradient_descent(X, y, W0, b0, lr, steps)


def core_verdict(query: str, step: int) -> str:
    """What the verdict box says of core's state at ``step``: ``judge`` with ``separation``, as the page calls it."""
    X, y, W0, b0, lr = core_data(query)
    run = core_run(query, step)
    said = judge(X, y, run.W[step], run.b[step], lr=lr, step=step, start=(W0, b0),
                 found=separation(X, y, classes=W0.shape[0]), max_steps=MAX_STEPS, min_lr=LEARNING_RATES[0])
    return f"At step {step:,}, η = {lr:g}. {said.reason}"


def assert_history_is_core(page, query: str) -> int:
    """Every state 0 … head the browser trained, its loss, right and tied counts, are core's from the same start to
    ``RELATIVE``; returns the head."""
    h = page.evaluate(DESCENT_HISTORY)
    X, y, *_, lr = core_data(query)
    run = core_run(query, h["head"])
    theta = np.array(h["theta"]).reshape(h["head"] + 1, h["K"], 3)
    core = np.concatenate([run.W, run.b[:, :, None]], axis=2)
    size = np.abs(core).max(axis=(1, 2), keepdims=True)
    assert np.all(np.abs(theta - core) <= RELATIVE * size)
    np.testing.assert_allclose(h["loss"], run.loss, rtol=RELATIVE, atol=0)
    predicted = [predictions(X, W, b, lr=lr, step=t) for t, (W, b) in enumerate(zip(run.W, run.b, strict=True))]
    assert h["right"] == [int(np.count_nonzero(p == y)) for p in predicted]
    assert h["tied"] == [int(np.count_nonzero(p < 0)) for p in predicted]
    assert h["count"] == [y.size] * (h["head"] + 1)
    return h["head"]


def assert_drawn_is_core(drawn: dict, X, y) -> None:
    """The shown state's shading, boundaries and marker inputs are core's functions of the state the explorer holds,
    on the same cell centres and points; the markers are of the step shown (while playing they may trail it)."""
    rows = np.reshape(drawn["theta"], (-1, 3))
    W, b = rows[:, :2], rows[:, 2]
    assert_shading_is_cores(drawn["classes"], drawn["confidence"], drawn["xs"], drawn["ys"], W, b, lr=drawn["lr"],
                            step=drawn["step"], data=X)
    expected = class_boundaries(W, b, *plane_limits(X), lr=drawn["lr"], step=drawn["step"], data=X)
    assert [(i, j) for i, j, _ in drawn["boundaries"]] == [(i, j) for i, j, _ in expected]
    for (_, _, ends), (_, _, core_ends) in zip(drawn["boundaries"], expected, strict=True):
        np.testing.assert_allclose(ends, core_ends, rtol=0, atol=1e-9)
    assert drawn["marked"] == drawn["step"]
    own = class_probabilities(W, b, X)[np.arange(y.size), y]
    assert np.all(np.abs(np.array(drawn["own"]) - own) <= probability_tolerance(X, np.abs(W).sum(axis=0),
                                                                                np.abs(b).sum()))
    np.testing.assert_array_equal(drawn["points"], X.ravel())


# --- Playing -------------------------------------------------------------------------------------------------

def test_play_trains_as_core_does_sends_nothing_and_a_pause_sends_one_view(server, browser):
    """It never autoplays: seconds after loading, step 0 is shown and nothing painted since. Play (300 steps a
    second) trains and paints in the browser with not one WebSocket frame sent or received, the verdict box saying
    it plays; the pause at some step t sends exactly one message (the view) and writes step=t into the address.
    Every state 0 … t the explorer holds (θ, loss, right, tied), most of them trained ahead in a Web Worker, is
    ``core.gradient_descent``'s from the same start to 1e-12 relative, what is drawn at t is core's of that state,
    and the verdict shown is ``core.diagnostics.judge`` of core's state t."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    messages = record_messages(page)
    page.goto(server + "/gradient_descent")
    before = state(opened(page))
    page.wait_for_timeout(2000)
    assert state(page) == before and before["step"] == 0 and not before["playing"]
    page.locator(".st-key-descent select").select_option("300")
    start = time.monotonic()
    control(page, "play").click()
    page.wait_for_timeout(3000)
    now = state(page)
    print(f"\n{now['frames'] - before['frames']} frames painted in 3 s, step {now['step']}")
    assert now["playing"] and now["frames"] - before["frames"] >= 20 and now["step"] > 0
    assert now["verdict"].startswith("Playing")
    assert since(messages, start) == []
    paused = time.monotonic()
    control(page, "play").click()
    until(page, "!s.playing")
    t = assert_history_is_core(page, "")
    assert t > 100 and state(page)["step"] == t and state(page)["offloaded"] > t / 2
    address_says_step(page, t)
    X, y, *_ = core_data("")
    assert_drawn_is_core(page.evaluate(DESCENT_DRAWN), X, y)
    assert verdict_on(page, t) == core_verdict("", t)
    settle(page)
    assert len(since(messages, paused, "sent")) == 1
    context.close()


@pytest.mark.parametrize(
    "query", [f"{LINK}&step=60", "data=blobs&n=300&noise=0.5&seed=1&classes=5&lr=10&step=400"],
    ids=["K=4, random start", "K=5, η = 10 (large weights)"],
)
def test_what_is_drawn_at_several_steps_is_core(server, open_page, query):
    """A link's step is trained in the browser as core trains it; at that step, at the start, two steps on and
    halfway, every painted cell, boundary and marker is core's of the state shown."""
    page = opened(open_page(f"{server}/gradient_descent?{query}"))
    last = assert_history_is_core(page, query)
    assert last == int(settings(query)["step"])
    X, y, *_ = core_data(query)
    for step in (last, 0, 2, last // 2):
        scrubber(page).fill(str(step))
        until(page, f"s.step === {step}")
        assert_drawn_is_core(page.evaluate(DESCENT_DRAWN), X, y)


@pytest.mark.parametrize(
    "query",
    ["data=own&points=-1_0_0~0_0_0~0_0_1~1_0_1&lr=0.5&step=200",
     "data=own&points=0_0_0~1_1_0~-1_1_0~0_0_1~1_1_1~-1_1_1~3_-2_2~2_-3_2&lr=0.5&step=300"],
    ids=["the audit's mirror images", "classes 1 and 2 with the same points"],
)
def test_ties_are_counted_drawn_and_left_unshaded_as_core_says(server, open_page, query):
    """Scores equal in exact arithmetic: the browser's counts at every step are core's (the audit: 2 right and 2 tied
    from step 1 on), the painted classes and boundaries are core's, and every cell that ties is painted in the
    neutral colour, as the legend says, while every other cell is not. On classes with the same points nearly half
    the map ties and no line is drawn between classes 1 and 2."""
    page = opened(open_page(f"{server}/gradient_descent?{query}"))
    last = assert_history_is_core(page, query)
    h, drawn, shade = page.evaluate(DESCENT_HISTORY), page.evaluate(DESCENT_DRAWN), page.evaluate(DESCENT_SHADE)
    X, y, *_ = core_data(query)
    assert_drawn_is_core(drawn, X, y)
    n = shade["n"]
    rgb = np.reshape(shade["rgb"], (n, n, 3))[::-1].reshape(-1, 3)  # canvas rows run top down, cells bottom up
    neutral = np.array([int(shade["neutral"][i : i + 2], 16) for i in (1, 3, 5)])
    tied = np.array(drawn["classes"]) < 0
    assert np.all(rgb[tied] == neutral)
    assert np.all(np.any(rgb[~tied] != neutral, axis=1) | (np.array(drawn["confidence"])[~tied] < 0.51))
    if y.size == 4:
        assert h["right"][1:] == [2] * last and h["tied"][1:] == [2] * last
    else:
        assert 0.3 < tied.mean() < 0.6 and all((i, j) != (0, 1) for i, j, _ in drawn["boundaries"])


def assert_keeps_counting(page, change) -> None:
    """Play at 100 steps a second, then ``change()``: in every frame painted from before the change until a second
    after the page has answered it, the step is not 0, the head never falls, and it still plays."""
    page.locator(".st-key-descent select").select_option("100")
    control(page, "play").click()
    until(page, "s.step > 20")
    page.evaluate(DESCENT_STEPS)
    page.wait_for_timeout(300)
    change()
    settle(page)
    page.wait_for_timeout(1000)
    steps, heads = np.array(page.evaluate("window.__descentSteps")).T
    assert steps.min() > 0 and np.all(np.diff(heads) >= 0) and heads[-1] > heads[0] + 50 and state(page)["playing"]


@pytest.mark.parametrize("own", [False, True], ids=["η one stop down", "a point added"])
def test_play_keeps_counting_across_a_change(server, open_page, own):
    """While it plays, η moved one stop down in the explorer, or (own points) a click that adds a point: the step
    never returns to 0 and the head never falls; the last step is core's step from the state before it, at the η
    and on the points of now; the address follows (lr=0.3, or the 25 points)."""
    page = opened(open_page(server + "/gradient_descent" + "?data=own" * own))
    shown = shown_map(page)
    u, v = empty_spot(shown)

    def change():
        if own:
            page.mouse.click(shown["left"] + u, shown["top"] + v)
        else:
            page.locator('.st-key-descent input[aria-label="Learning rate η"]').focus()
            page.keyboard.press("ArrowLeft")

    assert_keeps_counting(page, change)
    control(page, "play").click()
    until(page, "!s.playing")
    h, drawn = page.evaluate(DESCENT_HISTORY), page.evaluate(DESCENT_DRAWN)
    theta, lr = np.reshape(h["theta"], (-1, h["K"], 3)), state(page)["lr"]
    step = gradient_descent(np.reshape(drawn["points"], (-1, 2)), drawn["labels"], theta[-2, :, :2], theta[-2, :, 2],
                            lr, 1)
    np.testing.assert_allclose(theta[-1], np.column_stack([step.W[1], step.b[1]]), rtol=RELATIVE, atol=0)
    address = parse_qs(urlparse(page.url).query)
    if own:
        assert h["count"][-1] == 25 == len(decode_points(address["points"][0])[1]) and lr == 0.5
    else:
        assert lr == 0.3 and address["lr"] == ["0.3"] and h["count"][-1] == 200


def test_hovering_a_point_reads_cores_y_hat_minus_y(server, open_page):
    """At step 30 of a link, the pointer on the point with the least ŷ of its own class reads its ŷ, y and ŷ − y: the
    explorer's numbers are core's ``softmax`` and ``cross_entropy_grad`` of core's state 30 to 1e-12; the visible
    table says them to 3 decimals."""
    page = opened(open_page(server + "/gradient_descent?step=30"))
    X, y, *_ = core_data("")
    run = core_run("", 30)
    own = softmax(X @ run.W[30].T + run.b[30])[np.arange(y.size), y]
    alone = (np.linalg.norm(X[:, None] - X[None], axis=2) + np.eye(y.size)).min(axis=1) > 0.1  # not under another
    i = int(np.flatnonzero(alone)[np.argmin(own[alone])])
    shown = shown_map(page)
    u, v = pixel(shown["frame"], *X[i])
    page.mouse.move(shown["left"] + u, shown["top"] + v)
    until(page, "s.read !== null")
    read = state(page)["read"]
    z = X[i : i + 1] @ run.W[30].T + run.b[30]
    assert read["point"] == i and read["step"] == 30 and read["y"] == np.eye(3)[y[i]].tolist()
    np.testing.assert_allclose(read["y_hat"], softmax(z)[0], rtol=0, atol=RELATIVE)
    np.testing.assert_allclose(read["residual"], cross_entropy_grad(z, y[i : i + 1])[0], rtol=0, atol=RELATIVE)
    rows = page.locator(".st-key-descent .dx-reading tbody tr")
    for k, (p, r) in enumerate(zip(softmax(z)[0], cross_entropy_grad(z, y[i : i + 1])[0], strict=True)):
        assert rows.nth(k).locator("td").all_inner_texts() == [decimals(p), f"{k == y[i]:d}", decimals(r, signed=True)]
    assert page.locator(".st-key-descent .dx-reading").is_visible()


def decimals(x: float, *, signed: bool = False) -> str:
    """``x`` as the reading writes it: 3 decimals (3 significant digits below 5e-4), "−" for a minus, + if asked."""
    text = (f"{x:.3g}" if 0 < abs(x) < 5e-4 else f"{x:.3f}").replace("-", "−", 1)
    return ("+" if signed and x > 0 else "") + text


# --- Keyboard, links and the address -------------------------------------------------------------------------

def test_a_keyboard_only_student_plays_pauses_steps_and_scrubs(server, open_page):
    """From the top of the page Tab reaches Play; the explorer's controls (Back, Play, Next, Reset, the step slider,
    η and the speed) are named in words with a visible focus; Space plays and pauses, Enter on Next and on Back
    steps, arrows on the step slider step."""
    page = opened(open_page(server + "/gradient_descent"))
    for _ in range(30):
        page.keyboard.press("Tab")
        if (page.evaluate(DESCENT_FOCUS) or {}).get("control") == "play":
            break
    assert page.evaluate(DESCENT_FOCUS)["control"] == "play"
    page.keyboard.press("Shift+Tab")
    reached = []
    for _ in CONTROLS:
        reached.append(page.evaluate(DESCENT_FOCUS))
        page.keyboard.press("Tab")
    assert [r["control"] for r in reached] == CONTROLS
    assert all(r["name"].strip() and r["outline"] != "none" for r in reached), reached
    control(page, "play").focus()
    page.keyboard.press("Space")
    until(page, "s.playing && s.step > 0")
    page.keyboard.press("Space")
    until(page, "!s.playing")
    paused = state(page)["step"]
    page.keyboard.press("Tab")  # Next
    page.keyboard.press("Enter")
    until(page, f"s.step === {paused + 1}")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # Back
    page.keyboard.press("Enter")
    until(page, f"s.step === {paused}")
    for _ in range(4):  # Play, Next, Reset, the step slider
        page.keyboard.press("Tab")
    assert page.evaluate(DESCENT_FOCUS)["name"] == "Step shown"
    page.keyboard.press("ArrowRight")
    until(page, f"s.step === {paused + 1}")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    until(page, f"s.step === {paused - 1}")
    assert not state(page)["playing"]


def test_a_link_to_step_120_opens_there_and_the_address_follows_the_step_shown(server, browser):
    """step=120 opens paused at step 120, trained in the browser as core trains it, judged as core judges it. Next
    writes step=121 into the address with one message sent; holding ← on the step slider moves the map through 40
    states, but the address is rewritten once, when the map rests (browsers refuse a page that rewrites it too
    often), and one message is sent; a reload comes back to that step. A new run (→ on the n slider) made while it
    plays stops it: the new run is shown at its first state, stays there, and the step leaves the address, which
    reopens that same run."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    messages = record_messages(page)
    page.goto(server + "/gradient_descent?step=120")
    shown = state(opened(page))
    assert shown["step"] == shown["head"] == 120 and not shown["playing"]
    assert assert_history_is_core(page, "") == 120
    assert verdict_on(page, 120) == core_verdict("", 120)
    address_says_step(page, 120)
    start = time.monotonic()
    control(page, "forward").click()
    address_says_step(page, 121)
    verdict_on(page, 121)
    settle(page)
    assert len(since(messages, start, "sent")) == 1
    page.evaluate("""() => { window.__rewrites = 0; const replace = history.replaceState.bind(history);
      history.replaceState = (...args) => { window.__rewrites += 1; return replace(...args); }; }""")
    scrubber(page).focus()
    start = time.monotonic()
    for _ in range(40):
        page.keyboard.press("ArrowLeft")
    until(page, "s.step === 81")
    address_says_step(page, 81)
    verdict_on(page, 81)
    settle(page)
    assert page.evaluate("window.__rewrites") == 1 and len(since(messages, start, "sent")) == 1
    page.reload()
    until(opened(page), "s.step === 81")
    control(page, "play").click()
    n_slider(page).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('n') === '201'", timeout=15_000)
    settle(page)
    address_says_step(page, None)
    page.wait_for_timeout(1000)
    assert {k: state(page)[k] for k in ("step", "head", "playing")} == {"step": 0, "head": 0, "playing": False}
    shared = context.new_page()
    shared.goto(page.url)
    assert len(opened(shared).evaluate(DESCENT_DRAWN)["labels"]) == 201
    assert shared.evaluate(DESCENT_DRAWN)["points"] == page.evaluate(DESCENT_DRAWN)["points"]
    assert exceptions(page) == exceptions(shared) == []
    context.close()


# --- The first screen, and a phone ---------------------------------------------------------------------------

def first_screen_boxes(page) -> list[dict]:
    """The boxes of the map, the Play button, the step slider, the two curves and the verdict, in that order."""
    boxes = [page.locator(".st-key-descent .dx-map").bounding_box(), control(page, "play").bounding_box(),
             scrubber(page).bounding_box(), *(c.bounding_box() for c in page.locator(".dx-curve").all()),
             page.locator(".st-key-descent .dx-verdict").bounding_box()]
    assert len(boxes) == 6 and all(boxes)
    return boxes


def assert_inside(boxes: list[dict], width: int, height: int) -> None:
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize(
    ("size", "dark", "own"),
    [("desktop", False, False), ("desktop", True, False), ("laptop", False, False), ("laptop", False, True),
     ("projector", True, False), ("projector", False, True)],
    ids=["desktop", "desktop dark", "laptop", "laptop own points", "projector dark", "projector own points"],
)
def test_the_map_controls_curves_and_verdict_are_on_the_first_screen(server, open_page, size, dark, own):
    """At 1440×900, 1366×768 and on the projector the map, its play controls, both curves and the verdict (and with
    own points the edit bar under the map) lie inside the window, and the settings follow below; on the projector
    (sidebar folded, so the window's height is what limits it) the map of generated points is ≥ 55% of the window's
    height."""
    query = "&".join(["data=own"] * own + ["projector=1"] * (size == "projector"))
    page = opened(open_page(f"{server}/gradient_descent?{query}", size=size, dark=dark))
    boxes = first_screen_boxes(page)
    assert_inside(boxes + [page.locator(".st-key-descent .dx-edit").bounding_box()] * own, *SIZES[size])
    settings_label = page.get_by_text("Learning rate η (log scale)", exact=True)
    if size == "projector":  # folded away until needed
        assert not settings_label.is_visible()
        content = page.locator(".st-key-descent .dx").bounding_box()["width"]  # the page's content width
        assert own or boxes[0]["width"] >= 0.55 * SIZES[size][1]
        assert content > 0.85 * SIZES[size][0]
    else:
        assert settings_label.bounding_box()["y"] > max(box["y"] for box in boxes)


def swipe_up(context, page, x: float, y: float, distance: float = 200) -> None:
    """A finger put down at (x, y) and moved ``distance`` px up in 10 moves, then lifted (real touch input)."""
    cdp = context.new_cdp_session(page)

    def touch(kind: str, *at: float) -> None:
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": at[0], "y": at[1]}] if at else []})

    touch("touchStart", x, y)
    for i in range(1, 11):
        touch("touchMove", x, y - distance * i / 10)
        page.wait_for_timeout(16)
    touch("touchEnd")
    page.wait_for_timeout(600)
    cdp.detach()


@pytest.mark.parametrize("own", [False, True], ids=["generated", "own points"])
def test_on_a_phone_the_map_comes_first_and_a_swipe_on_it_scrolls_the_page(server, browser, own):
    """On a 390 px touch screen asking for reduced motion: the explorer says so and plays slowly (it still never
    autoplays); map, play controls, curves, verdict, then the settings, one under another, and for generated points
    the map, Play and the step slider on the first screen. A swipe that starts on the map scrolls the page (the main
    scroller's scrollTop grows) and places nothing; with own points that holds until "Place points" is pressed, and
    then the same swipe places a point instead of scrolling."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  reduced_motion="reduce")
    page = context.new_page()
    page.goto(server + "/gradient_descent" + "?data=own" * own)
    before = shown_map(opened(page))
    assert page.locator(".st-key-descent .dx-note").is_visible() and not state(page)["playing"]
    assert page.locator(".st-key-descent select").input_value() == "3"
    boxes = first_screen_boxes(page)
    settings_box = page.get_by_text("Learning rate η (log scale)", exact=True).bounding_box()
    tops = [box["y"] for box in [*boxes, settings_box]]
    assert tops == sorted(tops) and boxes[0]["width"] >= 300
    u, v = empty_spot(before)
    scrolled = """() => document.querySelector('[data-testid="stMain"]').scrollTop"""
    assert page.evaluate(scrolled) == 0
    swipe_up(context, page, before["left"] + u, before["top"] + v)
    assert page.evaluate(scrolled) > 100
    assert shown_map(page)["points"] == before["points"]
    if own:
        page.evaluate("""() => { document.querySelector('[data-testid="stMain"]').scrollTop = 0; }""")
        control(page, "place").tap()
        assert "places points, not scrolls" in shown_map(page)["hint"]
        swipe_up(context, page, before["left"] + u, before["top"] + v)
        assert page.evaluate(scrolled) == 0
        assert len(shown_map(page)["labels"]) == len(before["labels"]) + 1
    if not own:  # with own points the edit bar comes between the map and Play
        assert_inside(boxes[:3], *SIZES["phone"])
    context.close()


# --- Own points on the map -----------------------------------------------------------------------------------

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


def after_rerun(page) -> dict:
    """The map once the page has taken the edit reported (the explorer holds no edit the page has not seen)."""
    page.wait_for_function(f"() => ({DESCENT_MAP})().pending === null", timeout=20_000)
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


def marker_alpha(page, u: float, v: float) -> int:
    """The opacity of the markers' canvas at (u, v), pixels of the map's overlay."""
    return page.evaluate(DESCENT_MARKER_ALPHA, [u, v])


def test_a_large_diamond_keeps_its_tips_on_a_retina_screen(server, browser):
    """Projector markers on a screen of 2 device pixels a CSS pixel: the diamond of class 3 farthest from every other
    point is stamped whole, opaque 1.2 radii above its centre (its tip is at 1.25), where a sprite cut off at its
    radius and a pixel would leave nothing."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    page.goto(server + "/gradient_descent?projector=1")
    shown = shown_map(opened(page))
    X, labels, sizes = np.reshape(shown["points"], (-1, 2)), np.array(shown["labels"]), np.array(shown["sizes"])
    centres = np.array([pixel(shown["frame"], *p) for p in X])
    gaps = np.linalg.norm(centres[:, None] - centres[None], axis=2) + np.diag(np.full(len(X), np.inf))
    nearest = np.where(labels == 2, gaps.min(axis=1), -np.inf)
    i = int(np.argmax(nearest))
    r = sizes[i] / 2
    assert nearest[i] > 3 * r and r > 12  # nothing else drawn near it; large enough that a tight sprite would clip
    u, v = centres[i]
    assert page.evaluate(DESCENT_MARKER_ALPHA, [u, v - 1.2 * r]) > 0
    context.close()


def test_a_click_adds_a_point_of_the_chosen_class_and_the_run_follows(own):
    """Class 2 chosen, a click on an empty spot: the explorer shows one more point, of label 1, at the clicked spot
    (within a pixel's worth), in the same run; the address and the CSV download hold it."""
    page, _ = own
    before = shown_map(page)
    X = np.reshape(before["points"], (-1, 2))
    xlim, ylim = plane_limits(X)
    assert before["frame"]["xlim"] == list(xlim) and before["frame"]["ylim"] == list(ylim)
    page.locator('.st-key-descent [data-class="1"]').click()
    assert "add a class 2 point" in shown_map(page)["hint"]
    u, v = empty_spot(before)
    assert marker_alpha(page, u, v) == 0
    page.mouse.click(before["left"] + u, before["top"] + v)
    after = after_rerun(page)
    assert after["labels"] == [*before["labels"], 1] and after["run"] == before["run"]
    assert marker_alpha(page, u, v) == 255  # its marker is stamped, though no other marker changed size
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


def test_a_tap_leaves_a_point_and_a_drag_moves_it_with_no_message_until_release(own):
    """A press and release on a point with a jitter of 2 px (under the drag's 3) moves nothing and sends nothing. The
    point dragged across the map moves at frame rate in the browser while not one WebSocket message goes out; the
    release sends one, the page takes the point where it was dropped, and no other point moved."""
    page, messages = own
    before = shown_map(page)
    frame = before["frame"]
    start, target = np.array(pixel(frame, *before["points"][:2])), np.array(empty_spot(before))
    pressed = time.monotonic()
    page.mouse.move(before["left"] + start[0], before["top"] + start[1])
    page.mouse.down()
    page.mouse.move(before["left"] + start[0] + 2, before["top"] + start[1])
    page.mouse.up()
    page.wait_for_timeout(800)
    assert shown_map(page)["points"] == before["points"]
    page.mouse.move(before["left"] + start[0], before["top"] + start[1])
    page.mouse.down()
    for t in np.linspace(0, 1, 21)[1:]:
        u, v = start + t * (target - start)
        page.mouse.move(before["left"] + u, before["top"] + v)
        page.wait_for_timeout(16)
    during = shown_map(page)
    np.testing.assert_allclose(during["points"][:2], value_at(frame, *target), atol=pixel_worth(frame))
    assert during["frame"] == frame  # the map keeps its scale while dragging
    assert since(messages, pressed) == [], "nothing is sent on a tap or while dragging"
    released = time.monotonic()
    page.mouse.up()
    after = after_rerun(page)
    assert len(since(messages, released, "sent")) == 1
    assert after["points"][:2] == during["points"][:2]
    assert after["points"][2:] == before["points"][2:] and after["labels"] == before["labels"]


def test_the_edit_bar_by_keyboard_and_removing_points(own):
    """Tab goes through the class buttons 1 … K + 1, Remove and Move, each named in words with a visible focus, then
    on to the play controls; Enter on a class chooses it and the sentence says so; Enter on Remove turns removing on,
    and then a click on a point removes it; with Add chosen, Shift+click removes one too; the page takes each."""
    page, _ = own
    page.locator('.st-key-descent [data-class="0"]').focus()
    reached = []
    for _ in range(7):
        reached.append(page.evaluate(DESCENT_FOCUS))
        page.keyboard.press("Tab")
    assert [r["name"] for r in reached[:4]] == [f"Add points of class {k}" for k in (1, 2, 3, 4)]  # K = 3
    assert [r["control"] for r in reached[4:]] == ["remove", "move", "back"]
    assert all(r["outline"] != "none" for r in reached), reached
    page.locator('.st-key-descent [data-class="2"]').focus()
    page.keyboard.press("Enter")
    assert "add a class 3 point" in shown_map(page)["hint"]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(DESCENT_FOCUS)["name"] == "Add points of class 2"
    control(page, "remove").focus()
    page.keyboard.press("Enter")
    assert control(page, "remove").get_attribute("aria-pressed") == "true"
    before = shown_map(page)
    assert before["hint"] == "Click a point to remove it."
    u, v = pixel(before["frame"], *before["points"][:2])
    page.mouse.click(before["left"] + u, before["top"] + v)
    once = after_rerun(page)
    assert once["points"] == before["points"][2:] and once["labels"] == before["labels"][1:]
    page.locator('.st-key-descent [data-class="0"]').click()
    u, v = pixel(once["frame"], *once["points"][-2:])
    page.keyboard.down("Shift")
    page.mouse.click(once["left"] + u, once["top"] + v)
    page.keyboard.up("Shift")
    twice = after_rerun(page)
    assert twice["points"] == once["points"][:-2] and twice["labels"] == once["labels"][:-1]
    assert len(decode_points(parse_qs(urlparse(page.url).query)["points"][0])[1]) == len(twice["labels"])
    assert exceptions(page) == []
