"""Lecture views in Chromium: the projector's first screen has no text under 24 px, a link hides parts and presents
the picture large and keeps doing so, the share popover's QR code reads back as its link, and ?embed=true works
inside a course page's iframe."""

import contextlib
import http.server
import io
import threading
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from tests.e2e.conftest import settle
from tests.e2e.probes import EXPLORER, VISIBLE_TEXT
from tests.e2e.test_axe import assert_clean
from tests.e2e.test_navigation import exceptions
from ui.frame import PROJECTOR_MIN_TEXT

pytestmark = pytest.mark.e2e

SIGMOID, DESCENT = "/sigmoid_vs_softmax", "/gradient_descent"
SCRIPT = 0.7  # KaTeX sets a sub- or superscript at 70 % of its formula, and a script's own script at 50 %


def too_small(texts: list[dict]) -> list[dict]:
    """The texts under 24 px: outside formulas any; in a formula, one under 24 px unless it is a script's own
    script (50 % of a formula of at least 24/0.7 px)."""
    floor = PROJECTOR_MIN_TEXT - 0.01
    small = []
    for t in texts:
        inner_script = t["formula"] and t["size"] < SCRIPT * t["formula"] - 0.5
        if t["size"] < floor and not (inner_script and t["formula"] >= floor / SCRIPT):
            small.append(t)
    return small


def sidebar_open(page) -> bool:
    return page.evaluate(
        "() => { const s = document.querySelector('[data-testid=stSidebar]');"
        " return !!s && getComputedStyle(s).display !== 'none' && s.getBoundingClientRect().right > 10; }"
    )


@pytest.mark.parametrize("path", ["/", SIGMOID, DESCENT])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_projectors_first_screen_has_no_text_under_24_px(server, open_page, path, dark):
    """At 1920×1080 with projector=1 the sidebar is folded away and every text in the window, the explorers'
    (ticks, legend, labels, verdict) included, is at least 24 px; the same probe finds smaller text without it."""
    page = open_page(f"{server}{path}?projector=1", size="projector", dark=dark)
    if path != "/":
        page.locator(".sx-tick, .dx-tick").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # the explorers lay their text out again once they know their width
    texts = page.evaluate(VISIBLE_TEXT)
    assert len(texts) > 20 and not too_small(texts), too_small(texts)
    assert not sidebar_open(page)
    if path != "/":
        assert any(t["text"] in ("−4", "0", "2", "4") for t in texts)  # the explorer's ticks were measured
    plain = open_page(f"{server}{path}", size="projector", dark=dark).evaluate(VISIBLE_TEXT)
    assert too_small(plain)


def test_hidden_parts_are_gone_and_the_share_link_stays(server, open_page):
    """hide=title,settings,numbers,sections,sidebar leaves the maps and the share button: no title, no weight
    controls in the explorer, no metrics, no sections, no sidebar."""
    page = open_page(f"{server}{SIGMOID}?hide=title,settings,numbers,sections,sidebar")
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    assert not page.locator("h1", has_text="Sigmoid vs softmax").is_visible()
    assert not page.locator(".sx-controls").is_visible() and page.locator(".sx-map").first.is_visible()
    assert not page.get_by_text("Square where the labels agree").is_visible()
    assert not page.get_by_text("Look closer").is_visible() and not sidebar_open(page)
    assert page.get_by_text("Share this view").is_visible()
    alerts = page.locator('[data-testid="stAlert"]').all()
    assert alerts and not any(alert.is_visible() for alert in alerts)  # core's note on equality is there, hidden
    assert exceptions(page) == []


def map_width(page) -> float:
    return page.locator(".sx-map canvas").first.bounding_box()["width"]


def test_presenting_draws_the_picture_larger(server, open_page):
    """present=1 on the projector: no title or sidebar, and the maps are larger than in the plain layout."""
    plain = open_page(f"{server}{SIGMOID}?projector=1", size="projector")
    plain.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    shown = open_page(f"{server}{SIGMOID}?projector=1&present=1", size="projector")
    shown.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    assert map_width(shown) > map_width(plain) + 50
    assert not shown.locator("h1").is_visible() and not sidebar_open(shown)


def query(page) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def test_the_address_keeps_the_lecture_view_through_changes(server, open_page):
    """A weight moved by key on the sigmoid page and a section opened on the descent page write their own values
    and leave hide, present and projector in the address."""
    page = open_page(f"{server}{SIGMOID}?hide=title&present=1&projector=1", size="projector")
    page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
    page.locator("#sx-b2-range").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('b2') === '-0.4'")
    settle(page)
    assert {"hide": "title", "present": "1", "projector": "1"}.items() <= query(page).items()
    page = open_page(f"{server}{DESCENT}?hide=title")
    page.get_by_text("Why the gradient on the logits is").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('open_why') === 'true'")
    settle(page)
    assert query(page)["hide"] == "title"


def test_the_share_popovers_qr_code_reads_as_its_link(server, open_page):
    """The popover's QR code, drawn by Chromium 400 px wide on a page of its own (where the popover sits, and what
    the page has scrolled, cannot cut it), read by zxing-cpp, is exactly the link printed above it; and it is shown
    in the popover with its name."""
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pytest.importorskip("PIL.Image")
    page = open_page(f"{server}{SIGMOID}?hide=settings&projector=1&w1_1=2", size="projector")
    page.get_by_text("Share this view").click()
    qr = page.locator("svg.share-qr")
    qr.wait_for()
    link = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').inner_text().strip()
    assert "hide=settings" in link and "w1_1=2" in link
    assert page.get_by_role("img", name="QR code of the link above").is_visible()
    alone = page.context.new_page()
    alone.set_content(f'<div style="width:400px;background:#fff">{qr.evaluate("e => e.outerHTML")}</div>')
    picture = np.asarray(image.open(io.BytesIO(alone.locator("svg").screenshot())).convert("L"))
    assert [r.text for r in zxingcpp.read_barcodes(picture)] == [link]
    assert_clean(page, "the share popover with its QR code")


@contextlib.contextmanager
def course_page(browser, html: str):
    """A plain HTML page ``html``, served on loopback as a course's page would embed the app, open in Chromium at
    1280 × 1000: yields the Playwright page and its address."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    host = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=host.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        url = f"http://127.0.0.1:{host.server_port}/"
        page = context.new_page()
        page.goto(url)
        yield page, url
    finally:
        context.close()
        host.shutdown()
        host.server_close()


NO_SIDEWAYS_SCROLL = """() => [document.scrollingElement, document.querySelector('[data-testid=stMain]')]
  .filter(Boolean).every((e) => e.scrollWidth <= e.clientWidth + 1)"""


@pytest.mark.parametrize(("path", "explorer"), [(SIGMOID, ".sx-map"), (DESCENT, ".dx-map")])
def test_an_embedded_page_fits_its_iframe(server, browser, path, explorer):
    """In a 960 × 800 iframe of a plain page the sidebar is folded, the explorer is drawn inside the frame, nothing
    scrolls sideways, and the course page around it is untouched."""
    html = (
        "<!doctype html><title>Course</title><h1>Week 3</h1>"
        f'<iframe title="Explorer" src="{server}{path}?embed=true" width="960" height="800"></iframe><p>After</p>'
    )
    with course_page(browser, html) as (page, _):
        drawn = page.frame_locator("iframe").locator(explorer).first
        drawn.wait_for(timeout=30_000)
        inner = page.frames[1]
        settle(inner)
        box, iframe = drawn.bounding_box(), page.locator("iframe").bounding_box()
        assert box["width"] > 250 and iframe["x"] <= box["x"] and box["x"] + box["width"] <= iframe["x"] + 960
        assert inner.evaluate(NO_SIDEWAYS_SCROLL) and page.evaluate(NO_SIDEWAYS_SCROLL)
        assert not sidebar_open(inner)  # folded away, so the explorer has the frame's width
        assert inner.locator('[data-testid="stException"]').count() == 0
        assert page.locator("h1").inner_text() == "Week 3" and page.get_by_text("After").is_visible()


def test_links_work_inside_the_iframe(server, browser):
    """The home page embedded: its link to the sigmoid page opens that page inside the frame, still embedded."""
    html = f'<!doctype html><title>Course</title><iframe src="{server}/?embed=true" width="1100" height="900"></iframe>'
    with course_page(browser, html) as (page, url):
        frame = page.frame_locator("iframe")
        frame.get_by_text("Explore sigmoid vs softmax").click()
        frame.locator(".sx-map").first.wait_for(timeout=30_000)
        inner = page.frames[1]
        assert urlsplit(inner.url).path == SIGMOID and "embed=true" in inner.url
        assert page.url == url  # the course page stays; only the frame moved
