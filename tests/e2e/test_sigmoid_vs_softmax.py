"""The sigmoid vs softmax page in a real browser: the explorer draws core's maps while a value is dragged, sends
nothing until release, is set by keyboard alone, and the address bar holds every view."""

from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest

from core import sigmoid, softmax
from core.equivalence import logistic_from_softmax
from tests.conftest import probability_tolerance
from tests.e2e.conftest import settle
from tests.e2e.probes import EXPLORER

pytestmark = pytest.mark.e2e

PATH = "/sigmoid_vs_softmax"
ROWS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")
FREE = ("w_1", "w_2", "b")
SIGN_MISTAKE = "w1_1=-1&w1_2=0.5&b1=0.5&w2_1=1&w2_2=1&b2=-0.5&w_1=-2&w_2=-0.5&b=1&mode=free"


def opened(open_page, url: str, **kw):
    """Open ``url`` and wait until the explorer has drawn and the app is idle."""
    page = open_page(url, **kw)
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    settle(page)
    return page


def drawn(page) -> dict:
    return page.evaluate(EXPLORER)


def models(values: dict, mode: str):
    W = np.array([[values["w1_1"], values["w1_2"]], [values["w2_1"], values["w2_2"]]])
    bW = np.array([values["b1"], values["b2"]])
    w, b = logistic_from_softmax(W, bW) if mode == "linked" else (np.array([values["w_1"], values["w_2"]]), values["b"])
    return W, bW, w, b


def assert_drawn_is_core(state: dict) -> None:
    """The probabilities painted into both maps are core's σ(wᵀx + b) and softmax(Wx + b)₂ at the same points."""
    W, bW, w, b = models(state["values"], state["mode"])
    gx, gy = np.meshgrid(state["centres"], state["centres"])
    X = np.column_stack([gx.ravel(), gy.ravel()])
    assert np.all(np.abs(np.array(state["logistic"]) - sigmoid(X @ w + b)) <= probability_tolerance(X, w, b))
    size = probability_tolerance(X, np.abs(W).sum(axis=0), np.abs(bW).sum())
    assert np.all(np.abs(np.array(state["softmax"]) - softmax(X @ W.T + bW)[:, 1]) <= size)


def url_view(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def listened(browser, url: str):
    """(context, page, sent): a fresh desktop page at `url`, drawn and settled, and the list its WebSocket's sent
    frames go into."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(url)
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    settle(page)
    return context, page, sent


def test_a_drag_redraws_the_maps_before_release_and_sends_nothing(server, browser):
    """Dragging w₂'s tip: the maps follow frame by frame and equal core at the dragged values, with no WebSocket
    message until the mouse is released; then one rerun takes the values into the address bar."""
    context, page, sent = listened(browser, server + PATH)
    x, y = centre(page.locator('[data-arrow="w2"] .sx-handle'))
    before, frames = len(sent), drawn(page)["frames"]
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 31):
        page.mouse.move(x + 4 * i, y + 2 * i)
        page.wait_for_timeout(16)
    during = drawn(page)
    assert during["frames"] - frames >= 10  # it redrew while the pointer moved
    assert during["values"]["w2_1"] > 1.0 and during["values"]["w2_2"] < 1.0
    assert_drawn_is_core(during)
    assert len(sent) == before, "nothing is sent while dragging"
    page.mouse.up()
    page.wait_for_function("() => window.location.search.includes('w2_1=')", timeout=10_000)
    settle(page)
    assert float(url_view(page.url)["w2_1"]) == during["values"]["w2_1"]
    assert len(sent) > before
    context.close()


@pytest.mark.parametrize(
    "query",
    [
        "",
        SIGN_MISTAKE,
        "w1_1=1e6&w1_2=-1e6&b1=1e6&w2_1=-1e6&w2_2=1e6&b2=-1e6&mode=linked",
        "w1_1=0&w1_2=0&b1=0&w2_1=2000&w2_2=0&b2=-60&w_1=2000&w_2=0&b=-100&mode=free",
        "w1_1=0&w1_2=0&b1=1e-9&w2_1=0&w2_2=1e-12&b2=0&mode=linked",
    ],
    ids=["default", "sign mistake", "±1e6", "steep", "scores near 0"],
)
def test_what_the_explorer_draws_is_core(server, open_page, query):
    """Ordinary, extreme, steep and nearly flat models: every painted probability is core's at that point."""
    page = opened(open_page, f"{server}{PATH}?{query}")
    assert_drawn_is_core(drawn(page))


def test_live_numbers_equal_cores_once_released(server, open_page):
    """Free mode: the agreement and the gap shown while w is dragged are core's metrics, digit for digit, after
    release."""
    page = opened(open_page, f"{server}{PATH}?{SIGN_MISTAKE}")
    x, y = centre(page.locator('[data-arrow="w"] .sx-handle'))
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 21):
        page.mouse.move(x + 9 * i, y - 4 * i)
        page.wait_for_timeout(16)
    live = {name: page.locator(f'[data-metric="{name}"]').inner_text() for name in ("agreement", "gap")}
    page.mouse.up()
    page.wait_for_function("() => !new URLSearchParams(location.search).get('w_1')?.startsWith('-2')")
    settle(page)
    assert metric(page, "Square where the labels agree") == live["agreement"]
    assert metric(page, "Largest probability gap") == live["gap"]


def test_a_keyboard_only_student_reaches_and_sets_every_value(server, open_page):
    """Tab reaches every range and number field (nine in free mode) and the mode; an arrow key moves a value by
    0.1 and the page takes it."""
    page = opened(open_page, f"{server}{PATH}?mode=free")
    page.locator("#sx-w1_1-range").focus()
    reached = set()
    for _ in range(40):
        reached.add(page.evaluate("() => document.activeElement.shadowRoot?.activeElement?.id || ''"))
        page.keyboard.press("Tab")
    for key in ROWS + FREE:
        assert {f"sx-{key}-range", f"sx-{key}-exact"} <= reached, key
    assert "sx-mode-free" in reached  # the checked radio of the mode group
    for key in ("b2", "w_2"):
        page.locator(f"#sx-{key}-range").focus()
        start = drawn(page)["values"][key]
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => new URLSearchParams(location.search).get('{key}') === '{start + 0.1:.10g}'")
        settle(page)
        assert drawn(page)["values"][key] == pytest.approx(start + 0.1)


def test_every_control_has_a_name_in_words_and_a_visible_focus(server, open_page):
    page = opened(open_page, f"{server}{PATH}?mode=free")
    names = page.locator(".sx input").evaluate_all(
        "els => els.map((e) => e.getAttribute('aria-label') || e.closest('label')?.textContent || '')"
    )
    assert len(names) == 2 * 9 + 2 and all(name.strip() and "$" not in name for name in names)
    field = page.locator("#sx-b1-exact")
    field.focus()
    assert field.evaluate("e => getComputedStyle(e).outlineStyle") != "none"


def test_a_typed_value_beyond_the_slider_stays_exact_and_a_bad_one_is_told(server, open_page):
    """123456.789 is kept exactly; "3,5" is 3.5; "3.5e7" (out of range) shows a message while typed and, once
    left, keeps the value from before instead of what was typed on its way."""
    page = opened(open_page, server + PATH)
    field = page.locator("#sx-w2_1-exact")
    field.fill("123456.789")
    field.press("Enter")
    page.wait_for_function("() => location.search.includes('w2_1=123456.789')")
    settle(page)
    assert drawn(page)["values"]["w2_1"] == 123456.789
    field.fill("3,5")
    field.press("Enter")
    page.wait_for_function("() => location.search.includes('w2_1=3.5')")
    settle(page)
    field.press("End")
    field.press_sequentially("e7")  # the field now reads 3.5e7
    assert "Type a number" in page.locator("#sx-w2_1-message").inner_text()
    assert drawn(page)["values"]["w2_1"] == 3.5
    field.press("Enter")
    assert "is kept" in page.locator("#sx-w2_1-message").inner_text()
    assert drawn(page)["values"]["w2_1"] == 3.5 and field.input_value() == "3.5"


def test_a_tip_beyond_the_map_stays_on_its_edge_and_can_be_dragged_back(server, open_page):
    """w₂ = (4.5, 4.5), past the square's corner: its handle sits on the map's corner; dragging it brings w₂ back
    inside, and a drag never leaves the map."""
    page = opened(open_page, f"{server}{PATH}?w2_1=4.5&w2_2=4.5")
    map_box = page.locator('.sx-map[data-model="softmax"] canvas').bounding_box()
    x, y = centre(page.locator('[data-arrow="w2"] .sx-handle'))
    assert abs(x - (map_box["x"] + map_box["width"])) < 2 and abs(y - map_box["y"]) < 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x - 8 * i, y + 8 * i)
    assert -4 <= drawn(page)["values"]["w2_1"] < 4 and -4 < drawn(page)["values"]["w2_2"] < 4
    for i in range(1, 11):
        page.mouse.move(x + 30 * i, y - 30 * i)  # far past the corner
    assert drawn(page)["values"]["w2_1"] == 4 and drawn(page)["values"]["w2_2"] == 4
    page.mouse.up()


@pytest.mark.parametrize("preset", ["sign mistake", "scaled", "shifted rows", None])
def test_presets_and_edited_views_reopen_identically(server, open_page, preset):
    """A preset (or a typed edit) lands whole in the address bar; that address in a fresh browser context shows
    the same values, mode and core numbers."""
    page = opened(open_page, server + PATH)
    if preset:
        page.locator(".st-key-preset button", has_text=preset).click()
    else:
        field = page.locator("#sx-b1-exact")
        field.fill("-1000000")
        field.press("Enter")
    page.wait_for_function("() => location.search.includes('mode=')")
    settle(page)
    first = drawn(page)
    numbers = [metric(page, label) for label in ("Square where", "Largest probability gap")]
    again = opened(open_page, page.url)
    assert drawn(again)["values"] == first["values"] and drawn(again)["mode"] == first["mode"]
    assert [metric(again, label) for label in ("Square where", "Largest probability gap")] == numbers


def test_back_and_forward_step_one_view_at_a_time(server, open_page):
    """Three key presses are three history entries; Back, Back, Forward show those views in turn, drawn as core."""
    page = opened(open_page, server + PATH)
    page.locator("#sx-b2-range").focus()
    for step in (1, 2, 3):
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => new URLSearchParams(location.search).get('b2') === '{-0.5 + 0.1 * step:.10g}'")
        settle(page)
    for go, b2 in ((page.go_back, -0.3), (page.go_back, -0.4), (page.go_forward, -0.3)):
        go()
        page.wait_for_function(f"() => ({EXPLORER})()?.values.b2 === {b2}", timeout=10_000)
        settle(page)
        assert float(url_view(page.url)["b2"]) == b2
        assert_drawn_is_core(drawn(page))
    assert page.get_by_text("Connection error").count() == 0


def test_bad_link_values_are_named_and_ignored(server, open_page):
    page = opened(open_page, f"{server}{PATH}?w1_1=abc&mode=zzz")
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="ignored")
    assert "w1_1" in notice.inner_text() and "mode" in notice.inner_text()
    state = drawn(page)
    assert state["values"]["w1_1"] == -1.0 and state["mode"] == "linked"
    assert_drawn_is_core(state)


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("size", ["desktop", "laptop", "projector", "phone"])
def test_the_maps_and_every_weight_control_are_on_the_first_screen(server, open_page, size, dark):
    """At 1440×900, 1366×768 and the projector both maps and all nine controls lie inside the window; on the
    projector each map is ≥ 40% of the content width; on a phone the maps come first, stacked, ≥ 300 px wide."""
    query = SIGN_MISTAKE + ("&projector=1" if size == "projector" else "")
    page = opened(open_page, f"{server}{PATH}?{query}", size=size, dark=dark)
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    maps = [page.locator(f'.sx-map[data-model="{m}"]').bounding_box() for m in ("logistic", "softmax")]
    controls = [page.locator(f"#sx-{k}-{kind}").bounding_box() for k in ROWS + FREE for kind in ("range", "exact")]
    content = page.locator(".sx").bounding_box()["width"]
    if size == "phone":
        assert maps[1]["y"] >= maps[0]["y"] + maps[0]["height"] - 1
        assert all(m["width"] >= 300 for m in maps)
        assert min(c["y"] for c in controls) >= maps[1]["y"] + maps[1]["height"] - 1
        return
    for box in maps + controls:
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["y"] >= 0 and box["y"] + box["height"] <= height
    if size == "projector":
        assert all(m["width"] >= 0.4 * content for m in maps)
