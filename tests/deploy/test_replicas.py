"""Replicas behind nginx on loopback: spread by a cookie, sticky, WebSockets through, one secret, nothing left."""

import asyncio
import time
import urllib.request

import psutil
import websockets

from bench.load import rerun_message, run_once
from deploy.replicas import cluster
from tests.conftest import need_nginx


def get(url: str, cookie: str | None = None, timeout_s: float = 10):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=timeout_s) as response:
        return response.headers["X-Served-By"], response.headers["Set-Cookie"].split(";")[0]


def test_new_browsers_spread_and_each_stays_on_its_replica(two_replicas):
    """Twenty browsers without a cookie reach both replicas from one address; with its cookie each stays put."""
    first = [get(two_replicas.url + "/") for _ in range(20)]
    assert {served for served, _ in first} == {r.address for r in two_replicas.replicas}
    for served, cookie in first[:6]:
        assert {get(two_replicas.url + "/gradient_descent", cookie)[0] for _ in range(3)} == {served}


def test_a_websocket_session_runs_through_the_proxy_on_the_cookies_replica(two_replicas):
    """The upgrade passes through nginx and the app's script runs to the end over it."""
    served, cookie = get(two_replicas.url + "/")

    async def session():
        url = two_replicas.url.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(url, subprotocols=["streamlit"], additional_headers={"Cookie": cookie},
                                      max_size=None) as ws:
            await run_once(ws, rerun_message("sigmoid_vs_softmax"))
            return ws.response.headers["X-Served-By"]

    assert asyncio.run(session()) == served


def test_every_replica_has_the_same_cookie_secret(two_replicas):
    secrets = {psutil.Process(r.proc.pid).environ()["STREAMLIT_SERVER_COOKIE_SECRET"] for r in two_replicas.replicas}
    assert len(secrets) == 1 and len(secrets.pop()) == 64


def test_the_health_check_marks_a_stopped_replica_down_and_nothing_is_left_after():
    """A replica that stops answering /_stcore/health is taken out of nginx's list; after the block, no process of
    the cluster (replicas, their workers, nginx and its worker) is running."""
    need_nginx()
    with cluster(2) as found:
        groups = [found.nginx.pid, *(r.proc.pid for r in found.replicas)]
        family = [psutil.Process(pid) for pid in groups]
        family += [child for proc in family for child in proc.children(recursive=True)]
        victim = found.replicas[0]
        psutil.Process(victim.proc.pid).suspend()  # alive, but no longer answering
        try:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and not victim.down:
                time.sleep(0.25)
            assert victim.down and "down;" in (found.folder / "nginx.conf").read_text()
            time.sleep(1)  # nginx reloads its configuration
            assert {get(found.url + "/", timeout_s=2)[0] for _ in range(8)} == {found.replicas[1].address}
        finally:
            psutil.Process(victim.proc.pid).resume()
    _, alive = psutil.wait_procs(family, timeout=10)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []
