"""Work sent to the worker process: same answers, same errors, and a dead worker never loses a result."""

import os

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
