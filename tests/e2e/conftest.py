"""Fixtures for browser tests: a Streamlit server on a free loopback port and a headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator

import pytest

from deploy.replicas import free_port, start_streamlit, stop_group, wait_healthy

DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIZES = {"desktop": (1440, 900), "laptop": (1366, 768), "phone": (390, 844), "projector": (1920, 1080)}


@contextlib.contextmanager
def streamlit_server(entry: str = "app.py") -> Iterator[str]:
    """Run ``streamlit run entry`` on a free loopback port until the block ends; yield its base URL."""
    port = free_port()
    proc = start_streamlit(entry, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, "streamlit")
        yield base
    finally:
        stop_group(proc)


def launch_chromium(playwright):
    """Debian's Chromium where it exists, Playwright's own build elsewhere."""
    if os.path.exists(DEBIAN_CHROMIUM):
        return playwright.chromium.launch(executable_path=DEBIAN_CHROMIUM, args=CHROMIUM_ARGS)
    return playwright.chromium.launch(args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        try:
            chromium = launch_chromium(pw)
        except Exception as exc:  # no browser on this machine
            if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
                raise
            pytest.skip(f"no Chromium available: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    with streamlit_server() as base:
        yield base


@pytest.fixture
def open_page(browser):
    """``open_page(url, size="desktop", dark=False)`` → a settled Playwright page; contexts close after the test."""
    contexts = []

    def _open(url: str, *, size: str = "desktop", dark: bool = False):
        width, height = SIZES[size]
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme="dark" if dark else "light"
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        settle(page)
        return page

    yield _open
    for context in contexts:
        context.close()


def settle(page, timeout_s: float = 30.0) -> None:
    """Wait until the app has rendered and Streamlit has been idle (no running indicator) for 0.8 s."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]', state="attached",
                           timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 0.8:
            return
        time.sleep(0.05)
    raise TimeoutError(f"the app kept running for {timeout_s:.0f} s")


def have_chromium() -> bool:
    return os.path.exists(DEBIAN_CHROMIUM) or shutil.which("chromium") is not None
