"""Work sent to the worker process: same answers, same errors, a dead worker never loses a result; freed memory
goes back to the system."""

import os
import platform
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import psutil
import pytest

from core import gradient_descent
from core.validation import positive
from ui import worker


def test_the_work_runs_in_another_process():
    assert worker.in_worker(os.getpid) != os.getpid()


def test_a_run_from_the_worker_equals_the_run_made_here():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(40, 2)), rng.integers(0, 3, size=40)
    args = (X, y, np.zeros((3, 2)), np.zeros(3), 0.5, 25)
    there, here = worker.in_worker(gradient_descent, *args), gradient_descent(*args)
    np.testing.assert_array_equal(there.W, here.W)
    np.testing.assert_array_equal(there.loss, here.loss)


def test_an_error_in_the_worker_is_raised_here():
    with pytest.raises(ValueError, match="lr"):
        worker.in_worker(positive, "lr", -1.0)


def test_a_killed_worker_is_replaced_and_the_call_still_answers(monkeypatch):
    # A spawned worker imports the parent's __main__; AppTest.from_function, in earlier tests, can leave a script
    # there that runs only inside AppTest. The server's own __main__ is app.py, which draws only as __main__.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    first = worker.in_worker(os.getpid)
    for process in list(worker._pool()._processes.values()):
        process.kill()
        process.join()
    assert worker.in_worker(os.getpid) == os.getpid()  # answered here while the pool was broken
    replacement = worker.in_worker(os.getpid)
    assert replacement not in (os.getpid(), first)


RETAINED = """
import sys
import numpy as np
if sys.argv[1] == "fixed":
    from ui.worker import hand_back_freed_memory
    hand_back_freed_memory()
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
big = np.ones(2 * 2**20)
del big  # freeing a 16 MiB block raises glibc's mmap threshold to 16 MiB
before = rss_mb()
blocks = [np.ones(2**17) for _ in range(100)]  # 100 blocks of 1 MiB
last = blocks[-1]  # keeps the top of the heap in use, as a long-lived object would
del blocks
print(rss_mb() - before)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator")
def test_freed_large_blocks_go_back_to_the_system():
    def retained(mode: str) -> float:
        result = subprocess.run([sys.executable, "-c", RETAINED, mode], capture_output=True, text=True, check=True,
                                cwd=Path(__file__).resolve().parents[2])
        return float(result.stdout)

    assert retained("default") > 50  # glibc keeps the freed blocks in its heap
    assert retained("fixed") < 10


ROOT = Path(__file__).resolve().parents[2]
# Streamlit leaves a module whose file is the entry script as __main__; a "spawn" worker imports that file.
AS_SERVED = f"""
import os, sys, types
main = types.ModuleType("__main__")
main.__file__, main.__spec__ = {str(ROOT / "app.py")!r}, None
sys.modules["__main__"] = main
from ui.worker import in_worker
print(in_worker(os.getpid), os.getpid())
"""


def test_the_worker_imports_the_entry_script_without_drawing_it():
    result = subprocess.run([sys.executable, "-c", AS_SERVED], capture_output=True, text=True, check=True, cwd=ROOT)
    worker, server = result.stdout.split()
    assert worker != server
    # Outside a session Streamlit warns once per element drawn: twice here for the pool's cache, ~150 times when
    # the worker draws the home page.
    assert result.stderr.count("missing ScriptRunContext") < 10


KILLED = """
import os, signal
from ui.worker import in_worker
print(in_worker(os.getpid), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_worker_ends_when_the_server_is_killed():
    result = subprocess.run([sys.executable, "-c", KILLED], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == -signal.SIGKILL
    worker = int(result.stdout)
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    """Running, or sleeping: not gone and not a zombie waiting for a parent that may never reap it."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
