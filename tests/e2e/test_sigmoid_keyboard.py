"""The sigmoid explorer without a drag: each arrow tip reached with Tab and moved with the arrow keys, or selected and
placed with one click; the picture in words says core's numbers; focus and selection show on any map colour; keys
report once they rest; targets are 24 px (44 px on touch); nothing moves by itself."""

import numpy as np
import pytest
from playwright.sync_api import expect

from core.square import compare_square
from tests.e2e.conftest import settle
from tests.e2e.probes import EXPLORER
from tests.e2e.test_sigmoid_vs_softmax import (
    PATH,
    SIGN_MISTAKE,
    drawn,
    listened,
    metric,
    models,
    opened,
    url_view,
)
from tests.ui.test_sigmoid_words_js import check_description
from ui.sigmoid_sections import LIMITS, share_text

pytestmark = pytest.mark.e2e

FREE_KEYS = ("w_1", "w_2", "b")
TIPS = {"w1": ("softmax", "w1_1", "w1_2"), "w2": ("softmax", "w2_1", "w2_2"), "w": ("logistic", "w_1", "w_2")}
# The element the keyboard is on inside the explorer: the tip's name, or the control's id.
FOCUSED = """() => { const box = document.querySelector('.st-key-explorer');
  const host = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
  const e = host.shadowRoot.activeElement;
  return e ? (e.closest('[data-arrow]')?.dataset.arrow || e.id || e.tagName) : null; }"""
RING_VISIBLE = """(name) => { const box = document.querySelector('.st-key-explorer');
  const host = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
  const g = host.shadowRoot.querySelector(`[data-arrow="${name}"]`);
  const shown = (s) => getComputedStyle(g.querySelector(s)).visibility === 'visible';
  return { focus: shown('.sx-focus-ring'), pick: shown('.sx-pick-ring') }; }"""


def rings(page, name: str, *, focus: bool | None = None, pick: bool | None = None) -> None:
    """Wait (a frame or two: the explorer draws on the next animation frame) until tip `name`'s rings show as asked."""
    want = {k: v for k, v in (("focus", focus), ("pick", pick)) if v is not None}
    page.wait_for_function(
        f"([name, want]) => {{ const r = ({RING_VISIBLE})(name);"
        " return Object.entries(want).every(([k, v]) => r[k] === v); }",
        arg=[name, want],
        timeout=2000,
    )


def handle(page, name):
    return page.locator(f'[data-arrow="{name}"] .sx-handle')


def tab_to(page, name: str) -> int:
    """Press Tab from the page's title until the keyboard is on tip `name`; how many presses it took."""
    page.locator("h1").first.click()
    for presses in range(1, 80):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == name:
            return presses
    raise AssertionError(f"Tab never reached {name}")


def wait_for_url(page, key: str, value: float) -> None:
    page.wait_for_function(f"() => Number(new URLSearchParams(location.search).get('{key}')) === {value}")
    settle(page)


def agreement(values: dict, mode: str) -> str:
    """The page's "Square where the labels agree" as core computes it for the view."""
    W, bW, w, b = models(values, mode)
    whole = compare_square(W, bW, w, b, LIMITS, LIMITS)
    return share_text(whole.agreement, whole.agreement_error)


def description(page) -> str:
    return page.locator("#sx-description").text_content()


@pytest.mark.parametrize("name", TIPS)
def test_each_tip_moves_by_keyboard_alone(server, open_page, name):
    """Tab reaches the tip; → moves x₁ by 0.1, Shift+↑ moves x₂ by 1; its fields, the address, core's metric and the
    description follow once the keys rest, and its focus ring shows while the keyboard is on it."""
    page = opened(open_page, f"{server}{PATH}?{SIGN_MISTAKE}")
    _, kx, ky = TIPS[name]
    start = drawn(page)["values"]
    tab_to(page, name)
    rings(page, name, focus=True, pick=False)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    x, y = round(start[kx] + 0.1, 10), round(start[ky] + 1, 10)
    wait_for_url(page, ky, y)
    view = url_view(page.url)
    assert (float(view[kx]), float(view[ky])) == (x, y)
    state = drawn(page)
    assert (state["values"][kx], state["values"][ky]) == (x, y)
    assert [page.locator(f"#sx-{k}-exact").input_value() for k in (kx, ky)] == [f"{x:g}", f"{y:g}"]
    assert metric(page, "Square where the labels agree") == agreement(state["values"], state["mode"])
    expect(page.locator("#sx-description")).to_contain_text(f"({x:g}, {y:g})".replace("-", "−"))
    check_description(description(page), state["values"] | {"mode": state["mode"]})
    assert page.evaluate(FOCUSED) == name  # the rerun left the keyboard where it was


def test_ten_ms_apart_key_presses_report_once_and_end_in_one_view(server, browser):
    """Twenty → presses 10 ms apart on w₂'s tip send nothing while they come, then one report: the explorer, its
    fields, the address bar, core's metric and the description all say w₂,₁ = 1 + 20 × 0.1 = 3."""
    context, page, sent = listened(browser, server + PATH)
    handle(page, "w2").focus()
    before = len(sent)
    for _ in range(20):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(10)
    assert len(sent) == before, "nothing is sent while the keys come"
    assert drawn(page)["values"]["w2_1"] == 3
    wait_for_url(page, "w2_1", 3)
    reports = len(sent) - before
    state = drawn(page)
    assert state["values"]["w2_1"] == 3 and page.locator("#sx-w2_1-exact").input_value() == "3"
    assert metric(page, "Square where the labels agree") == agreement(state["values"], state["mode"])
    page.wait_for_timeout(1000)
    check_description(description(page), state["values"] | {"mode": state["mode"]})
    assert len(sent) - before == reports == 1, "one report, one rerun"
    context.close()


def point(page, model: str, x: float, y: float) -> tuple[float, float]:
    """Where (x, y) is in the window on the map of `model`."""
    box = page.locator(f'.sx-map[data-model="{model}"] canvas').bounding_box()
    (lo, hi), side = LIMITS, box["width"]
    return box["x"] + (x - lo) / (hi - lo) * side, box["y"] + (hi - y) / (hi - lo) * box["height"]


@pytest.mark.parametrize("name", ["w2", "w"])
def test_select_then_click_puts_a_tip_where_clicked(server, open_page, name):
    """A click on the tip selects it (its ring and the map's hint show); a click on the map at (1.3, −2.1) puts it
    there exactly; at a point off the 0.1 grid, at the nearest grid point, within half a step and a pixel's worth.
    No drag is used: each click presses and releases in one place."""
    page = opened(open_page, f"{server}{PATH}?{SIGN_MISTAKE}")
    model, kx, ky = TIPS[name]
    hint = page.locator(f'.sx-map[data-model="{model}"] .sx-hint')
    for target in ((1.3, -2.1), (-2.437, 0.962)):
        page.mouse.click(*handle_centre(page, name))
        rings(page, name, pick=True)
        assert "selected" in hint.inner_text()
        page.mouse.click(*point(page, model, *target))
        page.wait_for_function(f"() => ({EXPLORER})().values.{kx} === {round(target[0], 1)}")
        wait_for_url(page, kx, round(target[0], 1))
        values = drawn(page)["values"]
        pixel = (LIMITS[1] - LIMITS[0]) / page.locator(f'.sx-map[data-model="{model}"] canvas').bounding_box()["width"]
        for key, want in zip((kx, ky), target, strict=True):
            assert values[key] == round(want, 1) and abs(values[key] - want) <= 0.05 + pixel
        rings(page, name, pick=False)
        assert hint.inner_text() == ""


def handle_centre(page, name):
    box = handle(page, name).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_enter_selects_and_escape_cancels(server, open_page):
    """Enter on a focused tip selects it; Escape cancels, so the next click on the map moves nothing and sends
    nothing; Space selects it again and a click places it."""
    page = opened(open_page, server + PATH)
    handle(page, "w1").focus()
    page.keyboard.press("Enter")
    rings(page, "w1", pick=True)
    page.keyboard.press("Escape")
    rings(page, "w1", pick=False)
    before = drawn(page)["values"]
    page.mouse.click(*point(page, "softmax", 2.0, 2.0))
    page.wait_for_timeout(500)
    assert drawn(page)["values"] == before and "w1_1=2" not in page.url
    handle(page, "w1").focus()
    page.keyboard.press("Space")
    page.mouse.click(*point(page, "softmax", 2.0, 2.0))
    wait_for_url(page, "w1_1", 2)
    assert (drawn(page)["values"]["w1_1"], drawn(page)["values"]["w1_2"]) == (2, 2)


def test_the_words_change_once_a_drag_rests_not_while_it_moves(server, open_page):
    """While w₂'s tip is dragged for 1.5 s the announcement and the description stay as they were; after release
    they say the new view (core's numbers)."""
    page = opened(open_page, server + PATH)
    announce = page.locator(".sx-sr")
    before = (announce.text_content(), description(page))
    x, y = handle_centre(page, "w2")
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 31):
        page.mouse.move(x - 6 * i, y + 3 * i)
        page.wait_for_timeout(50)
        assert (announce.text_content(), description(page)) == before
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('w2_1=')")
    settle(page)
    page.wait_for_timeout(800)
    state = drawn(page)
    said = announce.text_content()
    assert said != before[0] and said.startswith("Boundary of both models:")
    check_description(description(page), state["values"] | {"mode": state["mode"]})


def contrast(a, b) -> float:
    def luminance(c):
        c = np.asarray(c, float) / 255
        c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[..., 0] + 0.7152 * c[..., 1] + 0.0722 * c[..., 2]

    la, lb = luminance(a), luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


RING_COLOURS = """() => { const box = document.querySelector('.st-key-explorer');
  const host = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
  const root = host.shadowRoot;
  const rgb = (s) => getComputedStyle(root.querySelector(s)).stroke.match(/\\d+/g).slice(0, 3).map(Number);
  const canvas = root.querySelector('.sx-map[data-model="softmax"] canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  return { dark: rgb('[data-arrow="w2"] .sx-focus-ring .sx-ring-dark'),
           light: rgb('[data-arrow="w2"] .sx-focus-ring .sx-ring-light'),
           map: [...seen].map((s) => s.split(',').map(Number)) }; }"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_focus_ring_stands_out_on_every_colour_of_the_map(server, open_page, dark):
    """The ring's two bands are ≥ 9:1 apart, and against every colour painted on the map one of them is ≥ 3:1."""
    page = opened(open_page, server + PATH, dark=dark)
    tab_to(page, "w2")
    colours = page.evaluate(RING_COLOURS)
    assert contrast(colours["dark"], colours["light"]) >= 9
    against = np.maximum(contrast(colours["dark"], colours["map"]), contrast(colours["light"], colours["map"]))
    assert len(colours["map"]) > 100 and against.min() >= 3


@pytest.mark.parametrize("touch", [False, True], ids=["mouse", "touch"])
def test_tips_and_controls_are_big_enough_to_hit(server, browser, touch):
    """Each tip's handle and each field, slider and mode button is ≥ 24 px tall (≥ 44 px with a finger)."""
    size = {"width": 390, "height": 844} if touch else {"width": 1440, "height": 900}
    context = browser.new_context(viewport=size, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    page.goto(f"{server}{PATH}?mode=free")
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    least = 44 if touch else 24
    tips = [handle(page, n).bounding_box() for n in TIPS]
    assert all(min(b["width"], b["height"]) >= least for b in tips)
    controls = page.locator(".sx-number input, .sx-mode, .sx-words summary")
    heights = controls.evaluate_all("els => els.map((e) => e.getBoundingClientRect().height)")
    assert len(heights) == 2 * 9 + 2 + 1 and min(heights) >= least
    context.close()


def test_nothing_in_the_explorer_moves_by_itself_with_reduced_motion(server, browser):
    """With prefers-reduced-motion, selecting, focusing and dragging a tip start no animation or transition."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{server}{PATH}?mode=free")
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    page.mouse.click(*handle_centre(page, "w"))
    handle(page, "w2").focus()
    page.keyboard.press("ArrowLeft")
    running = page.evaluate("""() => { const box = document.querySelector('.st-key-explorer');
      const host = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
      return host.shadowRoot.getAnimations().length; }""")
    assert running == 0
    context.close()


def tab_until(page, name: str) -> None:
    """Press Tab until the keyboard is on the explorer's element `name` (a tip's name or a control's id)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def test_the_lesson_by_keyboard_alone_solves_the_sign_mistake(server, open_page):
    """The free-mode challenge with no pointer: the link poses the seed's sign mistake, w = w₁ − w₂, b = b₁ − b₂.
    Tab to the logistic tip and move it with Shift+arrows to w₂ − w₁ = (2, 0.5), Tab to b's field and type b₂ − b₁
    = −1: core then says the two models are the same up to rounding everywhere, the line under the title turns from
    the task to "Solved" with the relation, and the picture in words, opened with the keyboard, says the labels agree
    on the whole square. Before the last key it says otherwise."""
    page = opened(open_page, f"{server}{PATH}?{SIGN_MISTAKE}")
    expect(page.get_by_text("Challenge: find the logistic")).to_be_visible()
    expect(page.get_by_text("Equal everywhere exactly when")).to_have_count(0)
    tab_until(page, "w")  # from the top of the page: no click anywhere
    for key in ["Shift+ArrowRight"] * 4 + ["Shift+ArrowUp"]:
        page.keyboard.press(key)
    wait_for_url(page, "w_2", 0.5)
    assert metric(page, "Square where the labels agree") != "100%"
    tab_until(page, "sx-b-exact")
    page.keyboard.press("Control+A")
    page.keyboard.type("-1")
    page.keyboard.press("Enter")
    wait_for_url(page, "b", -1)
    state = drawn(page)
    assert {k: state["values"][k] for k in FREE_KEYS} == {"w_1": 2, "w_2": 0.5, "b": -1}
    assert metric(page, "Square where the labels agree") == "100%" == agreement(state["values"], state["mode"])
    expect(page.get_by_text("Equal up to floating-point rounding over the whole square")).to_be_visible()
    expect(page.get_by_text("Solved (up to rounding, see below). Equal everywhere exactly when")).to_be_visible()
    tab_until(page, "SUMMARY")
    page.keyboard.press("Enter")
    expect(page.locator("#sx-description")).to_be_visible()
    check_description(description(page), state["values"] | {"mode": state["mode"]})
    expect(page.locator("#sx-description")).to_contain_text("100%")
