"""A replica lost mid-class: the browser reconnects through nginx to a live replica and shows the same view."""

import os
import signal
import time

import numpy as np
import psutil
import pytest

from tests.e2e.conftest import settle
from tests.e2e.probes import DESCENT_DRAWN, DESCENT_STATE
from ui.points_param import encode_points

pytestmark = pytest.mark.e2e

VIEW = "/gradient_descent?data=own&lr=0.3&steps=60&init=random&seed=7"
POINTS = np.array([[0.5, -1.25], [2.0, 3.0], [-1.5, 0.75], [1.0, 1.0], [-2.0, -2.5]])
LABELS = np.array([0, 1, 2, 1, 0])
CSV = "x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for (a, b), c in zip(POINTS, LABELS, strict=True))


def shown(page):
    """What the student sees: the address's settings, the sliders' values, and the points the explorer draws."""
    page.wait_for_function(f"() => ({DESCENT_STATE})() !== null", timeout=30_000)
    drawn = page.evaluate(DESCENT_DRAWN)
    xy = np.array(drawn["points"]).reshape(-1, 2)
    points = sorted((float(x), float(y), int(k)) for (x, y), k in zip(xy, drawn["labels"], strict=True))
    sliders = page.locator('[data-testid="stSlider"] [role="slider"]')
    return {
        "address": page.url.split("?", 1)[1],
        "sliders": [sliders.nth(i).get_attribute("aria-valuenow") for i in range(sliders.count())],
        "points": points,
    }


def test_killing_the_replica_that_served_a_page_keeps_its_view_and_points(two_replicas, browser):
    """Own points uploaded on a non-default view; kill -9 the replica that served the page: the browser reconnects
    through the proxy to the other replica and shows the same settings and the same points. The killed replica's
    training worker ends with it."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    received = []  # frames received, one count per WebSocket the page opened

    def count_frames(ws):
        received.append(0)
        index = len(received) - 1
        ws.on("framereceived", lambda _: received.__setitem__(index, received[index] + 1))

    page.on("websocket", count_frames)
    served = page.goto(two_replicas.url + VIEW).headers["x-served-by"]
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "points.csv", "mimeType": "text/csv", "buffer": CSV.encode()}])
    page.wait_for_url(f"**points={encode_points(POINTS, LABELS)}**", timeout=30_000)
    settle(page)
    before = shown(page)
    assert before["points"] == sorted((a, b, c) for (a, b), c in zip(POINTS.tolist(), LABELS.tolist(), strict=True))

    victim = two_replicas.replica(served)
    family = [psutil.Process(victim.proc.pid), *psutil.Process(victim.proc.pid).children(recursive=True)]
    assert any("spawn_main" in " ".join(p.cmdline()) for p in family)  # its training worker
    sockets_before = len(received)
    killed = time.monotonic()
    os.kill(victim.proc.pid, signal.SIGKILL)
    deadline = time.monotonic() + 60
    # The old page stays on screen while the browser reconnects: wait for the new session's messages.
    while sum(received[sockets_before:]) < 10 and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert sum(received[sockets_before:]) >= 10, "the page did not reconnect"
    settle(page)
    reconnected = time.monotonic() - killed
    after = shown(page)
    print(f"\nreconnected and restored {reconnected:.1f} s after the kill; view {after['address'][:80]}…")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert after == before
    page.reload()  # and a reload, on the replica that is left, brings the same page back
    settle(page)
    assert shown(page) == before

    _, alive = psutil.wait_procs(family, timeout=10)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []
    context.close()
