"""N replicas of the app behind Debian's nginx, on loopback: one command for a lecture hall, and the tests' cluster.

Every replica gets the same ``server.cookieSecret`` (so the XSRF cookie validates on any of them), runs in its
own process group with its training worker, and is probed on ``/_stcore/health`` every 2 s: one that stops
answering is marked ``down`` in the proxy (nginx reloads its configuration) until it answers again. nginx is
installed with apt-get where it is missing, as the test command installs Chromium.

Run: .venv/bin/python -m deploy.replicas --replicas 3 --port 8080   (Ctrl+C stops the proxy and every replica)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deploy.debian import apt_install

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf")
DEBIAN_NGINX = "/usr/sbin/nginx"
HEALTH = "/_stcore/health"
PROBE_EVERY_S = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str, timeout_s: float = 1.0) -> bool:
    """True if ``url`` answers 200 OK within ``timeout_s``."""
    with contextlib.suppress(OSError):
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return response.status == 200
    return False


def healthy(base: str, timeout_s: float = 1.0) -> bool:
    return answers(base + HEALTH, timeout_s)


def wait_healthy(base: str, proc: subprocess.Popen, what: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not healthy(base):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start (exit code {proc.poll()})")
        time.sleep(0.1)


def start_streamlit(entry: str, port: int, env: Mapping[str, str] | None = None) -> subprocess.Popen:
    """``streamlit run entry`` on ``127.0.0.1:port`` in its own process group (its worker joins that group)."""
    cmd = [
        sys.executable, "-m", "streamlit", "run", entry, "--server.headless=true", f"--server.port={port}",
        "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def stop_group(proc: subprocess.Popen) -> None:
    """End ``proc`` and everything in its process group: SIGTERM, then SIGKILL after 10 s."""
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(wait_s)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # the group may outlive its leader (a worker still ending)


def find_nginx() -> str | None:
    return shutil.which("nginx") or (DEBIAN_NGINX if os.path.exists(DEBIAN_NGINX) else None)


def ensure_nginx() -> str:
    """The path of nginx, installing Debian's package first where it is missing."""
    found = find_nginx() or (apt_install("nginx") and find_nginx())
    if not found:
        raise RuntimeError("nginx is not installed and could not be installed (apt-get install nginx)")
    return found


@dataclass
class Replica:
    port: int
    proc: subprocess.Popen
    down: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """Replicas behind one nginx; ``url`` is the proxy's."""

    url: str
    replicas: list[Replica]
    folder: Path
    listen: str
    nginx: subprocess.Popen | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def replica(self, address: str) -> Replica:
        """The replica at ``127.0.0.1:port``, as the proxy's X-Served-By header names it."""
        return next(r for r in self.replicas if r.address == address)

    def write_config(self) -> None:
        servers = "\n".join(
            f"        server {r.address} max_fails=1 fail_timeout=10s{' down' if r.down else ''};"
            for r in self.replicas
        )
        text = TEMPLATE.read_text().replace("@PREFIX@", str(self.folder)).replace("@LISTEN@", self.listen)
        (self.folder / "nginx.conf").write_text(text.replace("@SERVERS@", servers))

    def probe(self, stop: threading.Event) -> None:
        """Mark replicas that fail their health check down, and back up when they answer; reload nginx on change."""
        while not stop.wait(PROBE_EVERY_S):
            states = [not healthy(r.url, timeout_s=PROBE_EVERY_S / 2) for r in self.replicas]
            with self._lock:
                if states == [r.down for r in self.replicas] or all(states):
                    continue  # nothing changed, or nothing to send students to: leave nginx as it is
                for replica, down in zip(self.replicas, states, strict=True):
                    replica.down = down
                self.write_config()
                self.nginx.send_signal(signal.SIGHUP)  # re-read the configuration; open WebSockets stay


@contextlib.contextmanager
def cluster(n: int, *, entry: str = "app.py", port: int | None = None) -> Iterator[Cluster]:
    """Start ``n`` replicas and nginx on loopback (the proxy on ``port``, or a free one); stop them all after."""
    nginx_path = ensure_nginx()
    folder = Path(tempfile.mkdtemp(prefix="classifiers-nginx-"))
    secret = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    replicas: list[Replica] = []
    found = None
    stop = threading.Event()
    prober = None
    try:
        for _ in range(n):
            replica_port = free_port()
            replicas.append(Replica(replica_port, start_streamlit(entry, replica_port, secret)))
        for replica in replicas:
            wait_healthy(replica.url, replica.proc, f"the replica on port {replica.port}")
        listen = f"127.0.0.1:{port or free_port()}"
        found = Cluster(f"http://{listen}", replicas, folder, listen)
        found.write_config()
        found.nginx = subprocess.Popen(
            [nginx_path, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log"),
             "-g", "daemon off;"],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        wait_healthy(found.url, found.nginx, "nginx")
        prober = threading.Thread(target=found.probe, args=(stop,), daemon=True)
        prober.start()
        yield found
    finally:
        stop.set()
        if prober is not None:
            prober.join()
        for proc in [found and found.nginx, *(r.proc for r in replicas)]:
            if proc is not None:
                stop_group(proc)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--port", type=int, default=8080, help="the proxy's port on 127.0.0.1")
    parser.add_argument("--install-only", action="store_true", help="install nginx where missing, start nothing")
    args = parser.parse_args()
    if args.install_only:
        print(f"nginx: {ensure_nginx()}")
        return
    with cluster(args.replicas, port=args.port) as found:
        ports = ", ".join(str(r.port) for r in found.replicas)
        print(f"{args.replicas} replicas (ports {ports}) behind nginx: open {found.url}  (Ctrl+C stops them all)")
        signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop on SIGTERM as on Ctrl+C
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
