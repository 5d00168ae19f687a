"""Slider → redraw time, bytes per change and cold start of every page, beside a floor app; the sigmoid
explorer's redraws while dragging, key → maps and release → core's numbers; the descent explorer's bytes, steps
trained and frames painted a second at each speed, frames at 1 step a second, an η change → the first step it
makes, and scrub → map redrawn.

The floor app (bench/floor_app.py: one slider, one tiny chart) is measured in the same run, so the
ratio holds on a noisy machine. Prints figures; not a test.

Run: .venv/bin/python bench/bench_browser.py [--changes 25]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import launch_chromium, settle, streamlit_server
from tests.e2e.probes import EXPLORER, INSTALL_REDRAW_PROBE, SLIDER_INPUT

QUIET_MS = 400  # a redraw is over when the chart has not changed for this long
# What is measured: name, entry script, page path.
TARGETS = [
    ("floor app", "bench/floor_app.py", "/"),
    ("gradient descent", "app.py", "/gradient_descent"),
]
# The default run, and the largest the settings allow.
DESCENT_RUNS = [("default", ""), ("largest", "?n=2000&classes=5")]
# The live run: its head (steps trained), the step shown, whether it plays, frames painted and when, and η now.
LIVE = """() => { const box = document.querySelector('.st-key-descent');
  const host = box && [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
  const s = host && host.shadowRoot.__descentExplorer;
  if (!s || !s.drawn) return null;
  return { head: s.history.head, index: s.index, playing: s.playing, frames: s.frames, drawnAt: s.drawnAt,
           lr: s.lr, offloaded: s.ahead.offloaded, resting: s.ahead.resting }; }"""
SIGMOID = "/sigmoid_vs_softmax?w1_1=-1&w1_2=0.5&b1=0.5&w2_1=1&w2_2=1&b2=-0.5&w_1=-2&w_2=-0.5&b=1&mode=free"
# The time of every key press, and of every change to a metric Streamlit draws (core's numbers on screen).
INSTALL_EXPLORER_PROBE = """() => {
  window.__keys = []; window.__metricChanges = [];
  document.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
  new MutationObserver(() => window.__metricChanges.push(performance.now())).observe(
    document.querySelector('[data-testid="stMain"]'), {subtree: true, childList: true, characterData: true});
}"""


# While the mouse button is down, one pointermove on w₂'s handle per animation frame for ``ms``, as a real mouse
# delivers them (Playwright's own moves arrive as fast as its protocol allows, far slower on a loaded machine).
MOVE_EVERY_FRAME = """async (ms) => {
  const box = document.querySelector('.st-key-explorer');
  const root = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot).shadowRoot;
  const handle = root.querySelector('[data-arrow="w2"] .sx-handle');
  const start = handle.getBoundingClientRect();
  const t0 = performance.now();
  let moves = 0;
  while (performance.now() - t0 < ms) {
    await new Promise(requestAnimationFrame);
    moves += 1;
    handle.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, pointerId: 1, isPrimary: true,
      clientX: start.x + 40 * Math.sin(moves / 9), clientY: start.y + 25 * Math.cos(moves / 7) }));
  }
  return moves;
}"""


def explorer_drag(browser, base: str, seconds: float = 3.0) -> tuple[float, float, int, int]:
    """Drag w₂'s tip for ``seconds``: pointer moves and map redraws per second, WebSocket messages sent before
    release, and after."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(time.perf_counter())))
    page.goto(base + SIGMOID)
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    settle(page)
    box = page.locator('[data-arrow="w2"] .sx-handle').bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    frames0, start = page.evaluate(EXPLORER)["frames"], time.perf_counter()
    moves = page.evaluate(MOVE_EVERY_FRAME, seconds * 1000)
    frames, elapsed = page.evaluate(EXPLORER)["frames"] - frames0, time.perf_counter() - start
    before_release = sum(1 for t in sent if t >= start)
    page.mouse.up()
    settle(page)
    after = sum(1 for t in sent if t >= start) - before_release
    page.close()
    return moves / seconds, frames / elapsed, before_release, after


def explorer_keys(browser, base: str, changes: int) -> tuple[list[float], list[float]]:
    """→ on w₁'s range ``changes`` times: key → maps redrawn (ms) and key → core's metrics redrawn (ms)."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(base + SIGMOID)
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    settle(page)
    page.evaluate(INSTALL_EXPLORER_PROBE)
    page.locator("#sx-w_1-range").focus()
    drawn, numbers = [], []
    for _ in range(changes):
        count = page.evaluate("() => window.__keys.length")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            f"n => window.__keys.length > n && window.__metricChanges.some(t => t > window.__keys[n]) &&"
            f" performance.now() - window.__metricChanges[window.__metricChanges.length - 1] > {QUIET_MS}",
            arg=count, timeout=30_000, polling=20,
        )
        key, at, last = page.evaluate(
            f"n => [window.__keys[n], ({EXPLORER})().drawnAt, Math.max(...window.__metricChanges)]", count
        )
        drawn.append(at - key)
        numbers.append(last - key)
    page.close()
    return drawn, numbers


def cold_start(browser, entry: str, path: str) -> float:
    """Seconds from launching the server to the first chart or explorer painted."""
    start = time.perf_counter()
    with streamlit_server(entry) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(base + path)
        page.wait_for_selector(".js-plotly-plot .main-svg, .dx-plot canvas, .sx-plot canvas", timeout=60_000)
        elapsed = time.perf_counter() - start
        page.close()
    return elapsed


def slider_changes(browser, base: str, path: str, changes: int) -> tuple[list[float], list[int]]:
    """Press → on the first slider ``changes`` times; per change the redraw time (ms) and bytes received."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    received: list[tuple[float, int]] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(
        (time.perf_counter(), len(payload) if isinstance(payload, (bytes, str)) else 0))))
    page.goto(base + path)
    settle(page)
    page.evaluate(INSTALL_REDRAW_PROBE)
    thumb = page.locator(f'[data-testid="stMain"] {SLIDER_INPUT}').first
    thumb.focus()
    times, sizes = [], []
    for _ in range(changes):
        t0 = page.evaluate("() => performance.now()")
        wall0 = time.perf_counter()
        page.keyboard.press("ArrowRight")  # always a new value: nothing can be served from the browser's cache
        page.wait_for_function(
            f"t0 => window.__plotMutations.some(t => t > t0) &&"
            f" performance.now() - window.__plotMutations[window.__plotMutations.length - 1] > {QUIET_MS}",
            arg=t0, timeout=30_000, polling=20,
        )
        last = page.evaluate("t0 => Math.max(...window.__plotMutations.filter(t => t > t0))", t0)
        times.append(last - t0)
        sizes.append(sum(n for t, n in received if t >= wall0))
    page.close()
    return times, sizes


# Animation frames the browser offers in one second with nothing to draw: the ceiling of any frame rate here.
FRAME_CEILING = """() => new Promise((done) => { let n = 0; const t0 = performance.now();
  const tick = (now) => (now - t0 < 1000 ? (n++, requestAnimationFrame(tick)) : done(n));
  requestAnimationFrame(tick); })"""


def open_descent(browser, base: str, query: str, messages: list | None = None):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    if messages is not None:
        page.on("websocket", lambda ws: (
            ws.on("framereceived", lambda payload: messages.append((time.perf_counter(), payload))),
            ws.on("framesent", lambda payload: messages.append((time.perf_counter(), payload))),
        ))
    page.goto(base + "/gradient_descent" + query)
    page.wait_for_function(f"() => ({LIVE})() !== null", timeout=60_000)
    settle(page)
    return page


def playing(browser, base: str, query: str, speed: str, seconds: float) -> tuple[float, float, int, float, bool]:
    """Play at ``speed`` (the speed menu's value) for ``seconds``: steps trained a second, frames painted a second,
    the WebSocket messages sent or received meanwhile, the share of the steps the Web Worker trained, and whether it
    rested between batches at the end (the page asks it to when frames come too slowly)."""
    messages: list = []
    page = open_descent(browser, base, query, messages)
    explorer = page.locator(".st-key-descent")
    explorer.locator("select").select_option(speed)
    start = time.perf_counter()
    explorer.locator('[data-action="play"]').click()
    page.wait_for_timeout(300)  # measured from a frame painted while playing: a paused explorer paints nothing
    before = page.evaluate(LIVE)
    page.wait_for_timeout(seconds * 1000)
    after = page.evaluate(LIVE)
    during = sum(1 for t, _ in messages if t >= start)
    page.close()
    elapsed = (after["drawnAt"] - before["drawnAt"]) / 1000
    steps = after["head"] - before["head"]
    offloaded = (after["offloaded"] - before["offloaded"]) / steps if steps else 0.0
    return steps / elapsed, (after["frames"] - before["frames"]) / elapsed, during, offloaded, after["resting"]


def bytes_sent(browser, base: str, query: str) -> int:
    """The bytes of the message that carried the explorer's data."""
    messages: list = []
    page = open_descent(browser, base, query, messages)
    page.close()
    return max(len(p) for _, p in messages if "descent_explorer" in (p if isinstance(p, str) else p.decode("latin-1")))


# Sets window.__framesToRate to the frames painted from the η slider's next input event to the first frame whose newest
# step was made after it (the explorer takes η at once, so that step is at the new η): 1 is the very next frame.
FRAMES_TO_NEW_RATE = """() => {
  window.__framesToRate = null;
  const box = document.querySelector('.st-key-descent');
  const s = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot).shadowRoot.__descentExplorer;
  s.ui.rate.addEventListener('input', () => {
    const [frames, head] = [s.frames, s.history.head];
    const wait = () => (s.frames > frames && s.history.head > head
      ? (window.__framesToRate = s.frames - frames) : requestAnimationFrame(wait));
    requestAnimationFrame(wait);
  }, { once: true });
}"""


def rate_change(browser, base: str, changes: int) -> list[int]:
    """While playing at 300 steps a second (5 a frame), move the explorer's η one stop by key: frames painted from
    the slider's input event to the first frame with a step made at the new η (1: the very next frame)."""
    page = open_descent(browser, base, "")
    explorer = page.locator(".st-key-descent")
    explorer.locator("select").select_option("300")
    explorer.locator('[data-action="play"]').click()
    page.wait_for_timeout(500)
    rate = explorer.locator('input[aria-label="Learning rate η"]')
    frames = []
    for i in range(changes):
        page.evaluate(FRAMES_TO_NEW_RATE)
        rate.focus()
        page.keyboard.press("ArrowLeft" if i % 2 else "ArrowRight")
        page.wait_for_function("() => window.__framesToRate !== null", timeout=10_000)
        frames.append(page.evaluate("window.__framesToRate"))
    page.close()
    return frames


def page_ceiling(browser, base: str) -> float:
    page = open_descent(browser, base, "")
    ceiling = page.evaluate(FRAME_CEILING)
    page.close()
    return ceiling


def scrub_keys(browser, base: str, changes: int) -> list[float]:
    """Train ``changes`` steps, then ← on the descent explorer's step slider ``changes`` times: key → map redrawn
    (ms)."""
    page = open_descent(browser, base, f"?step={changes}")
    page.wait_for_function(f"() => ({LIVE})().index === {changes}", timeout=30_000)
    page.evaluate(INSTALL_EXPLORER_PROBE)
    page.locator('.st-key-descent input[aria-label="Step shown"]').focus()
    times = []
    for i in range(changes):
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"() => ({LIVE})().index === {changes - i - 1}", timeout=10_000, polling=5)
        times.append(page.evaluate(f"() => ({LIVE})().drawnAt - window.__keys[{i}]"))
    page.close()
    return times


def summary(name: str, times: list[float], sizes: list[int], floor_median: float | None) -> str:
    median = statistics.median(times)
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    ratio = f"{median / floor_median:5.2f}×" if floor_median else "  1.00×"
    return (f"{name:<22} median {median:6.1f} ms  p95 {p95:6.1f} ms  ratio {ratio}  "
            f"bytes/change median {statistics.median(sizes) / 1024:7.1f} KB  max {max(sizes) / 1024:7.1f} KB")


def descent_figures(browser, changes: int) -> None:
    """The descent explorer: bytes sent, steps and frames a second at each speed, an η change, scrub → redraw."""
    with streamlit_server("app.py") as base:
        for name, query in DESCENT_RUNS:
            bytes_sent(browser, base, query)  # warm the caches
            print(f"descent explorer, {name} data {query or '(defaults)'}: "
                  f"{bytes_sent(browser, base, query) / 1024:.0f} KB as sent")
            for speed in ("1", "10000", "Infinity"):
                # 1 s of the default data: trained by the worker at full speed, it reaches the last step a run keeps
                # (100,000), where the run stops and the page judges it, in under 2.
                steps, fps, messages, offloaded, resting = playing(browser, base, query, speed, 2.0 if query else 1.0)
                print(f"  playing at {speed:>8} steps/s asked: {steps:8.0f} steps trained a second "
                      f"({offloaded:4.0%} by the worker{', resting' if resting else ''}), {fps:5.1f} frames painted a "
                      f"second, {messages} WebSocket messages meanwhile")
        print(f"  ceiling: {page_ceiling(browser, base):.0f} frames a second offered with nothing to draw")
        frames = rate_change(browser, base, 10)
        print(f"descent explorer, η changed while playing (300 steps/s) → a frame with a step at the new η: "
              f"{max(frames)} frames at most (median {statistics.median(frames):.0f}), 0 WebSocket messages before "
              "release")
        scrub_keys(browser, base, 3)
        times = scrub_keys(browser, base, changes)
    median = statistics.median(times)
    print(f"descent explorer, scrub key → map redrawn median {median:6.1f} ms  max {max(times):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=25)
    parser.add_argument("--descent-only", action="store_true", help="only the descent explorer's figures")
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        if args.descent_only:
            descent_figures(browser, args.changes)
            browser.close()
            return
        print(f"slider → chart redrawn, {args.changes} keyboard changes each (redraw over after {QUIET_MS} ms quiet)")
        floor_median = None
        for name, entry, path in TARGETS:
            with streamlit_server(entry) as base:
                slider_changes(browser, base, path, 3)  # warm caches and the browser
                times, sizes = slider_changes(browser, base, path, args.changes)
            print(summary(name, times, sizes, floor_median))
            floor_median = floor_median or statistics.median(times)
        with streamlit_server("app.py") as base:
            explorer_keys(browser, base, 3)
            drawn, numbers = explorer_keys(browser, base, args.changes)
            moves, rate, before, after = explorer_drag(browser, base)
        print(f"sigmoid explorer, dragging w₂ ({moves:.0f} pointer moves a second): maps redrawn {rate:.0f} times a "
              f"second; {before} WebSocket messages before release, {after} after")
        for what, times in (("key → maps redrawn", drawn), ("key → core's numbers", numbers)):
            median = statistics.median(times)
            print(f"sigmoid explorer, {what:<22} median {median:6.1f} ms  ratio {median / floor_median:5.2f}× floor")
        descent_figures(browser, args.changes)
        print("cold start: server launch → first chart or explorer painted")
        for name, entry, path in TARGETS:
            print(f"{name:<22} {cold_start(browser, entry, path):6.2f} s")
        browser.close()


if __name__ == "__main__":
    main()
