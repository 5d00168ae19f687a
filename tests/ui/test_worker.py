"""Work sent to the worker process: same answers, same errors, a dead worker never loses a result; freed memory
goes back to the system."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
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


def test_a_killed_worker_is_replaced_and_the_call_still_answers():
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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_freed_large_blocks_go_back_to_the_system():
    def retained(mode: str) -> float:
        result = subprocess.run([sys.executable, "-c", RETAINED, mode], capture_output=True, text=True, check=True,
                                cwd=Path(__file__).resolve().parents[2])
        return float(result.stdout)

    assert retained("default") > 50  # glibc keeps the freed blocks in its heap
    assert retained("fixed") < 10
