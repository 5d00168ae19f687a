"""Links and history in a real browser, on both pages: a reload, a fresh browser and the share link give the same
view (every setting, the mode, the step, open sections and their settings, the answer); each deliberate change is
one history entry that Back undoes whole and Forward redoes; held keys end on one consistent view."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.e2e.conftest import settle
from tests.e2e.probes import DESCENT_STATE, EXPLORER

pytestmark = pytest.mark.e2e

SIGMOID, DESCENT = "/sigmoid_vs_softmax", "/gradient_descent"


def address(page) -> dict:
    return dict(parse_qsl(urlsplit(page.url).query))


def explorer_drawn(page) -> None:
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    settle(page)


def descent_drawn(page) -> None:
    page.wait_for_function(f"() => ({DESCENT_STATE})() !== null", timeout=30_000)
    settle(page)


def sigmoid_view(page) -> dict:
    """What the sigmoid page shows: the explorer's values and mode, each field's and slider's value, the address."""
    return page.evaluate(f"""() => {{
      const s = ({EXPLORER})();
      const box = document.querySelector('.st-key-explorer');
      const root = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot).shadowRoot;
      const fields = {{}}, ranges = {{}};
      for (const key of Object.keys(s.values)) {{
        fields[key] = Number(root.querySelector(`#sx-${{key}}-exact`).value);
        ranges[key] = Number(root.querySelector(`#sx-${{key}}-range`).value);
      }}
      return {{ values: s.values, mode: s.mode, fields, ranges }};
    }}""")


def assert_sigmoid_agrees(page) -> dict:
    """Every number box shows the explorer's value, every slider that value within its ±5 range, and the address
    (what the page computed its numbers from) says the same."""
    view = sigmoid_view(page)
    linked = address(page)
    for key, value in view["values"].items():
        assert view["fields"][key] == value, key
        assert view["ranges"][key] == max(-5, min(5, value)), key
        assert float(linked.get(key, value)) == value, (key, linked)
    return view


def slider_text(page, key: str) -> str:
    """The value a Streamlit slider keyed ``key`` says it holds (its thumb's aria-valuetext)."""
    return page.locator(f'.st-key-{key} input[type="range"]').get_attribute("aria-valuetext")


def formulas(page) -> list[str]:
    """The TeX of every formula on the page."""
    return page.locator(".katex-mathml annotation").all_text_contents()


def share_link(page) -> str:
    page.locator("button", has_text="Share this view").click()
    code = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]')
    code.wait_for()
    link = code.inner_text().strip()
    page.keyboard.press("Escape")
    return link


def fresh(browser, url: str):
    """``url`` in a new browser context (nothing shared with the page that made the link)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(url)
    return context, page


# --- Exact round trips ------------------------------------------------------------------------------------------

def test_a_whole_number_rate_and_step_120_come_back_after_reload_and_in_a_fresh_browser(server, open_page, browser):
    """lr=10.0 (as old share links wrote it) opens η = 10 and the address says lr=10; a reload keeps η = 10 and
    step 120; the share link says lr=10 and step=120, and opens the same in a fresh browser."""
    page = open_page(f"{server}{DESCENT}?data=xor&lr=10.0&step=120")
    descent_drawn(page)
    page.wait_for_function("() => new URLSearchParams(location.search).get('step') === '120'")
    assert address(page)["lr"] == "10"
    page.reload()
    descent_drawn(page)
    page.wait_for_function("() => new URLSearchParams(location.search).get('step') === '120'")
    assert address(page)["lr"] == "10" and page.evaluate(DESCENT_STATE)["lr"] == 10
    link = share_link(page)
    assert dict(parse_qsl(urlsplit(link).query)).items() >= {"lr": "10", "step": "120", "data": "xor"}.items()
    context, other = fresh(browser, link)
    try:
        descent_drawn(other)
        other.wait_for_function(f"() => ({DESCENT_STATE})().index === 120")
        assert other.evaluate(DESCENT_STATE)["lr"] == 10 and address(other)["lr"] == "10"
    finally:
        context.close()


@pytest.mark.parametrize("spelling", ["5e-1", "0.50", ".5"])
def test_a_rate_typed_any_way_is_that_rate(server, open_page, spelling):
    """0.5 written three other ways is η = 0.5 with no notice (the default, so the address leaves it out)."""
    page = open_page(f"{server}{DESCENT}?lr={spelling}&lr_note=1".replace("&lr_note=1", ""))
    descent_drawn(page)
    assert page.evaluate(DESCENT_STATE)["lr"] == 0.5
    assert "lr" not in address(page)
    assert page.locator('[data-testid="stAlert"]').filter(has_text="lr").count() == 0


def test_an_open_section_with_a_changed_setting_comes_back(server, open_page, browser):
    """The two-class section open with 50 steps compared: a reload and the share link in a fresh browser show it
    open with 50."""
    page = open_page(f"{server}{DESCENT}?data=xor&open_two_class=true&two_class_steps=50")
    descent_drawn(page)
    assert slider_text(page, "two_class_steps") == "50"
    page.reload()
    descent_drawn(page)
    assert slider_text(page, "two_class_steps") == "50"
    link = share_link(page)
    context, other = fresh(browser, link)
    try:
        descent_drawn(other)
        assert slider_text(other, "two_class_steps") == "50"
    finally:
        context.close()


def test_the_answer_shown_in_free_mode_and_a_scaled_section_come_back(server, open_page, browser):
    """Free mode with the answer shown and the "Scale k" tab at k = 3: after a reload and through the share link in
    a fresh browser, the answer is shown, the tab is open and k is 3."""
    page = open_page(f"{server}{SIGMOID}?mode=free&w_1=1&w_2=0&b=0")
    explorer_drawn(page)
    page.locator(".st-key-answer label").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('answer') === 'true'")
    page.get_by_role("tab", name="Scale k").click()
    settle(page)
    page.locator('.st-key-k input[type="range"]').focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('k') === '3'")
    settle(page)

    def assert_same(other):
        explorer_drawn(other)
        assert other.locator('.st-key-answer input[role="switch"]').is_checked()
        assert any(r"w = w_2 - w_1 = \left(" in text for text in formulas(other))  # the answer, with the numbers
        assert other.get_by_role("tab", name="Scale k").get_attribute("aria-selected") == "true"
        assert float(slider_text(other, "k")) == 3
        assert sigmoid_view(other)["mode"] == "free"

    page.reload()
    assert_same(page)
    link = share_link(page)
    context, other = fresh(browser, link)
    try:
        assert_same(other)
    finally:
        context.close()


# --- History ----------------------------------------------------------------------------------------------------

def test_sigmoid_back_and_forward_after_a_typed_value_a_slider_and_a_preset(server, open_page):
    """Three deliberate changes (a typed b1, a slider key on w2_1, a preset) are three entries: Back undoes each
    whole (fields, sliders, explorer and address agree), a fourth Back reaches the first view still in the app,
    and Forward redoes."""
    page = open_page(server + SIGMOID)
    explorer_drawn(page)
    views = [assert_sigmoid_agrees(page)]
    field = page.locator("#sx-b1-exact")
    field.fill("2")
    field.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('b1') === '2'")
    settle(page)
    views.append(assert_sigmoid_agrees(page))
    page.locator("#sx-w2_1-range").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('w2_1') === '1.1'")
    settle(page)
    views.append(assert_sigmoid_agrees(page))
    page.locator(".st-key-preset button", has_text="sign mistake").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('mode') === 'free'")
    settle(page)
    views.append(assert_sigmoid_agrees(page))
    for expected in reversed(views[:-1]):
        page.go_back()
        page.wait_for_function(f"() => JSON.stringify(({EXPLORER})()?.values) === '{_json(expected['values'])}'",
                               timeout=15_000)
        settle(page)
        assert assert_sigmoid_agrees(page)["values"] == expected["values"]
        assert urlsplit(page.url).path.endswith(SIGMOID)
    page.go_forward()
    page.wait_for_function(f"() => JSON.stringify(({EXPLORER})()?.values) === '{_json(views[1]['values'])}'",
                           timeout=15_000)
    settle(page)
    assert assert_sigmoid_agrees(page)["values"] == views[1]["values"]


def _json(values: dict) -> str:
    import json

    return json.dumps(values, separators=(",", ":")).replace("'", "\\'")


def play_for(page, ms: int) -> int:
    """Play for about ``ms``, pause, and wait until the address holds the step the map rests on; that step."""
    play = page.locator('.st-key-descent [data-action="play"]')
    play.click()
    page.wait_for_timeout(ms)
    play.click()
    page.wait_for_function(f"""() => {{ const s = ({DESCENT_STATE})();
      return !s.playing && new URLSearchParams(location.search).get('step') === String(s.index); }}""")
    settle(page)
    return page.evaluate(DESCENT_STATE)["index"]


def test_descent_back_and_forward_after_a_rate_a_noise_and_a_typed_seed(server, open_page):
    """Play, change η by keyboard, play, change the noise, type a seed: three entries (playing adds none). Back
    restores the typed seed, then the noise slider; Back again restores η's slider, the map's η and the step the
    map showed then; Forward redoes η and its step."""
    page = open_page(server + DESCENT)
    descent_drawn(page)
    length = page.evaluate("() => history.length")
    first = play_for(page, 600)
    page.locator('.st-key-lr input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('lr') === '0.7'")
    settle(page)
    second = play_for(page, 600)
    assert second > first
    page.locator('.st-key-noise input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('noise') === '0.85'")
    settle(page)
    seed = page.locator('.st-key-seed input')
    seed.fill("7")
    seed.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('seed') === '7'")
    settle(page)
    assert page.evaluate("() => history.length") == length + 3
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('seed') === null")
    settle(page)
    assert seed.input_value() == "0" and float(slider_text(page, "noise")) == 0.85
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('noise') === null")
    settle(page)
    assert float(slider_text(page, "noise")) == 0.8 and slider_text(page, "lr") == "0.7"
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('lr') === null")
    page.wait_for_function(f"() => ({DESCENT_STATE})().index === {first}")
    settle(page)
    assert slider_text(page, "lr") == "0.5" and page.evaluate(DESCENT_STATE)["lr"] == 0.5
    assert urlsplit(page.url).path.endswith(DESCENT) and address(page)["step"] == str(first)
    page.go_forward()
    page.wait_for_function("() => new URLSearchParams(location.search).get('lr') === '0.7'")
    page.wait_for_function(f"() => ({DESCENT_STATE})().index === {second}")
    settle(page)
    assert slider_text(page, "lr") == "0.7" and page.evaluate(DESCENT_STATE)["lr"] == 0.7


# --- Held keys --------------------------------------------------------------------------------------------------

def test_thirty_presses_ten_ms_apart_end_on_one_view(server, open_page):
    """30 → presses 10 ms apart on w2_1's slider: once the page is idle, the explorer, every field and slider, the
    address and the derivation's w = w₂ − w₁ all describe w2_1 = 1 + 3 = 4."""
    page = open_page(server + SIGMOID)
    explorer_drawn(page)
    page.locator("#sx-w2_1-range").focus()
    for _ in range(30):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(10)
    page.wait_for_function("() => new URLSearchParams(location.search).get('w2_1') === '4'", timeout=20_000)
    settle(page)
    view = assert_sigmoid_agrees(page)
    assert view["values"]["w2_1"] == 4
    assert r"\Rightarrow\quad w = \left(5,\ 0.5\right), \qquad b = -1" in formulas(page)  # "Why it works"
