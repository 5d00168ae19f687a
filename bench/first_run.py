"""A newcomer's first run: time from `make run` in a fresh clone to the first page served, and the environment's size.

Clones this repository into a temporary folder, checks out REF, runs `make run` there on a free loopback port,
and waits until the server answers its health check and serves the app's page. Prints the time, the size of
`.venv` on disk, and whether the test tools were installed; then stops the server and removes the clone.
Standard library only: it runs before any environment exists. Prints figures; not a test.

Run: python3 bench/first_run.py --ref issue16
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from deploy.replicas import answers, free_port, healthy  # noqa: E402  (standard library only)

TEST_TOOLS = ("pytest", "playwright", "hypothesis", "mpmath")  # SciPy is the app's own: core decides separability


def disk_usage_mb(path: str) -> float:
    """Blocks allocated under ``path`` (as ``du`` counts them), in MB."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
    return total / 2**20


def installed(venv_python: str, module: str) -> bool:
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([venv_python, "-c", probe], check=False).returncode == 0


def first_run(ref: str, timeout_s: float) -> None:
    clone = tempfile.mkdtemp(prefix="first-run-")
    try:
        subprocess.run(["git", "clone", "--quiet", ROOT, clone], check=True)
        subprocess.run(["git", "-C", clone, "checkout", "--quiet", ref], check=True)
        port = free_port()
        env = {**os.environ, "STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}
        base = f"http://127.0.0.1:{port}"
        start = time.monotonic()
        make = subprocess.Popen(["make", "run"], cwd=clone, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            while not (healthy(base) and answers(base + "/")):
                if make.poll() is not None or time.monotonic() - start > timeout_s:
                    raise SystemExit(f"no page within {timeout_s:.0f} s (make exited with {make.poll()})")
                time.sleep(0.1)
            elapsed = time.monotonic() - start
        finally:
            os.killpg(make.pid, signal.SIGTERM)
            make.wait(30)
        venv = os.path.join(clone, ".venv")
        tools = [name for name in TEST_TOOLS if installed(os.path.join(venv, "bin", "python"), name)]
        print(f"{ref}: first page served {elapsed:.1f} s after `make run`; .venv {disk_usage_mb(venv):.0f} MB; "
              f"test tools installed: {', '.join(tools) or 'none'}")
    finally:
        shutil.rmtree(clone, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="HEAD", help="branch or commit to check out in the clone")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    first_run(args.ref, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
