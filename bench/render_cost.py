"""Main-thread time React spends per slider change, from a Chromium trace, beside the redraw time.

The browser's share of a change: Streamlit re-renders its element tree a few times per rerun, and the cost grows
with the elements in the rerun (a formula whose text changed is typeset again). Prints figures; not a test.

Run: .venv/bin/python bench/render_cost.py [--changes 12]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from playwright.sync_api import sync_playwright

from bench.bench_browser import TARGETS
from tests.e2e.conftest import launch_chromium, settle, streamlit_server
from tests.e2e.probes import INSTALL_REDRAW_PROBE, SLIDER_INPUT

SETTLE_MS = 700  # each change is given this long before the next; the trace window per change is 650 ms


def traced_changes(browser, base: str, path: str, changes: int) -> tuple[list[float], list[float]]:
    """Per change: ms of react-dom calls on the page's main thread, and ms from the key press to the last redraw."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(base + path)
    settle(page)
    page.evaluate(INSTALL_REDRAW_PROBE)
    page.locator(f'[data-testid="stMain"] {SLIDER_INPUT}').first.focus()
    for _ in range(3):  # warm caches
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(SETTLE_MS)
    browser.start_tracing(page=page, categories=["devtools.timeline"])
    redraws = []
    for _ in range(changes):
        t0 = page.evaluate("() => performance.now()")
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(SETTLE_MS)
        redraws.append(page.evaluate("t0 => Math.max(...window.__plotMutations.filter(t => t > t0)) - t0", t0))
    events = json.loads(browser.stop_tracing())["traceEvents"]
    page.close()
    threads = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
               and e.get("args", {}).get("name") == "CrRendererMain"}
    presses = sorted(e["ts"] for e in events if e.get("name") == "EventDispatch"
                     and e.get("args", {}).get("data", {}).get("type") == "keydown")
    react = [e for e in events if (e["pid"], e["tid"]) in threads and e.get("ph") == "X"
             and e.get("name") == "FunctionCall" and "react-dom" in e.get("args", {}).get("data", {}).get("url", "")]
    per_change = [sum(e["dur"] for e in react if t <= e["ts"] < t + 650_000) / 1000 for t in presses]
    return per_change, redraws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=12)
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        print(f"React's main-thread time per slider change, {args.changes} changes each (medians)")
        for name, entry, path in TARGETS:
            with streamlit_server(entry) as base:
                react, redraws = traced_changes(browser, base, path, args.changes)
            print(f"{name:<24} React {statistics.median(react):6.1f} ms   redraw {statistics.median(redraws):6.1f} ms")
        browser.close()


if __name__ == "__main__":
    main()
