"""In a real browser: the gradient-descent animation plays without the server, shows core's run, and links work."""

import time

import numpy as np
import pytest

from core import gradient_descent, make_dataset
from core.diagnostics import start_weights
from tests.e2e.conftest import settle
from tests.e2e.probes import ANIMATION, COUNT_FRAMES, PLOTTED_DATA, SHOWN_STEP, SLIDER_INPUT

pytestmark = pytest.mark.e2e

LINK = "data=overlap&n=150&noise=1.2&seed=3&classes=4&lr=0.3&steps=60&init=random"


def show_animation(page):
    """Scroll the animation into view and wait for Plotly to draw it (Streamlit mounts charts as they scroll in)."""
    page.locator(".st-key-descent_chart").scroll_into_view_if_needed()
    page.wait_for_function(f"() => !!({ANIMATION})()", timeout=15_000)
    return page


def plotted(page, name):
    """x and y of the first plotted trace called ``name``."""
    show_animation(page)
    trace = next(t for chart in page.evaluate(PLOTTED_DATA) for t in chart if t["name"] == name)
    return np.array(trace["x"], dtype=float), np.array(trace["y"], dtype=float)


def exceptions(page):
    return page.locator('[data-testid="stException"]').all_inner_texts()


def test_play_advances_the_frames_with_no_websocket_message(server, browser):
    """Play runs in the browser: the shown step advances and frames fire, while not one WebSocket frame
    is sent to or received from the server (Streamlit 1.67 has no app-level heartbeat on an idle page)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    messages = []
    page.on(
        "websocket",
        lambda ws: (
            ws.on("framesent", lambda payload: messages.append(("sent", time.monotonic(), len(payload)))),
            ws.on("framereceived", lambda payload: messages.append(("received", time.monotonic(), len(payload)))),
        ),
    )
    page.goto(server + "/gradient_descent?steps=200")
    settle(page)
    show_animation(page)
    page.evaluate(COUNT_FRAMES)
    assert page.evaluate(SHOWN_STEP) == 0
    start = time.monotonic()
    page.locator("g.updatemenu-button", has_text="Play").first.click()
    page.wait_for_timeout(3000)
    played = time.monotonic() - start
    frames, step = page.evaluate("() => window.__frames"), page.evaluate(SHOWN_STEP)
    during = [m for m in messages if m[1] >= start]
    print(f"\n{frames} frames in {played:.1f} s ({frames / played:.1f} fps), shown step {step}; messages: {during}")
    assert frames >= 5 and step > 0
    assert during == []
    context.close()


def test_the_plotted_trajectory_is_core_gradient_descent(server, open_page):
    """The loss and accuracy curves on the page are core.gradient_descent's for the link's settings, every step,
    to 1e-12 (JSON carries float64 exactly; the slack only allows for decoding)."""
    page = open_page(server + "/gradient_descent?" + LINK)
    X, y = make_dataset("overlap", n=150, noise=1.2, classes=4, seed=3)
    W0, b0 = start_weights("random", classes=4, dims=2, seed=3)
    run = gradient_descent(X, y, W0, b0, 0.3, 60)
    steps, loss = plotted(page, "loss")
    np.testing.assert_array_equal(steps, np.arange(61))
    np.testing.assert_allclose(loss, run.loss, rtol=1e-12, atol=0)
    np.testing.assert_allclose(plotted(page, "accuracy")[1], run.accuracy, rtol=1e-12, atol=0)
    points = np.vstack([np.column_stack(plotted(page, f"label {k}")) for k in range(4)])
    np.testing.assert_allclose(np.sort(points, axis=0), np.sort(X, axis=0), rtol=1e-12)


def test_keyboard_changes_the_run_and_the_link_restores_it(server, open_page):
    """→ on the n slider reruns with one more point; the URL it leaves behind reopens that same run; a bad
    parameter in a link is named in a notice and shows no exception."""
    page = open_page(server + "/gradient_descent?steps=40")
    before = plotted(page, "loss")[1]
    page.locator(f'[data-testid="stMain"] {SLIDER_INPUT}').first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('n') === '201'", timeout=15_000)
    settle(page)
    after = plotted(page, "loss")[1]
    assert not np.array_equal(before, after)
    shared = open_page(page.url)
    np.testing.assert_array_equal(plotted(shared, "loss")[1], after)
    assert exceptions(shared) == []

    bad = open_page(server + "/gradient_descent?n=abc&steps=40")
    notices = bad.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("n" in text and "is not a number" in text for text in notices), notices
    assert exceptions(bad) == []
    assert len(plotted(bad, "label 0")[0]) > 0  # the default n is used and the page still draws


def test_the_animation_does_not_autoplay(server, open_page):
    """Reduced motion: a few seconds after loading, the animation still shows step 0 and no frame has played."""
    page = show_animation(open_page(server + "/gradient_descent?steps=100"))
    page.evaluate(COUNT_FRAMES)
    page.wait_for_timeout(3000)
    assert page.evaluate(SHOWN_STEP) == 0
    assert page.evaluate("() => window.__frames") == 0


def test_a_change_while_playing_shows_the_new_run_from_its_start(server, open_page):
    """The chart is redrawn in place, so a playing animation must stop: the new run is shown at step 0 and stays
    there, instead of the old run's frames playing on over it."""
    page = show_animation(open_page(server + "/gradient_descent?steps=200"))
    page.locator("g.updatemenu-button", has_text="Slow").first.click()
    page.wait_for_function(f"() => ({SHOWN_STEP})() > 0", timeout=10_000)
    page.locator(f'[data-testid="stMain"] {SLIDER_INPUT}').first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('n') === '201'", timeout=15_000)
    settle(page)
    page.evaluate(COUNT_FRAMES)
    page.wait_for_timeout(1500)
    assert page.evaluate(SHOWN_STEP) == 0
    assert page.evaluate("() => window.__frames") == 0
