"""Training runs in a worker process, off the interpreter that serves every session.

Each session's script runs in a thread of one Python process. NumPy lets go of the interpreter lock inside
every array operation, so two threads training at once hand the lock back and forth thousands of times a run:
four trainings at once cost ~4.5× the CPU of the same four one after another (bench/load.py under py-spy:
half the server's CPU went to training when a class moved the gradient-descent sliders; a seventh went to
building Plotly animations, which the browser now computes itself). One worker does one job at a time beside
the server, on a second core where there is one, while the session's thread waits. More cores are better used
by more replicas (docs/deploy.md).

The worker is a fresh interpreter ("spawn"), which imports the server's main script as ``__mp_main__``; the
entry script and every page therefore draw only under ``if __name__ == "__main__"``.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

import streamlit as st

T = TypeVar("T")
_LOG = logging.getLogger(__name__)
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


@functools.cache
def hand_back_freed_memory() -> None:
    """Give every block of 128 KiB or more its own mapping, so that freeing it returns the memory to the system.

    glibc raises this threshold each time such a block is freed, up to 32 MiB; after a few runs the arrays and
    figure JSON of a class are carved from the heap, which is seldom given back. With bench/load.py, 60 s after
    30 sessions: RSS +23% of the baseline with glibc's default, +12% with the threshold fixed. Once per process;
    nothing where the C library is not glibc.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 128 * 1024)


def _start_worker() -> None:
    """In the worker: leave Ctrl+C to the server, end with the server even if it is killed, hand memory back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    server = multiprocessing.parent_process()
    if server is not None:
        threading.Thread(target=lambda: (server.join(), os._exit(0)), daemon=True).start()
    hand_back_freed_memory()


@st.cache_resource(show_spinner=False, on_release=lambda pool: pool.shutdown(wait=False))
def _pool() -> ProcessPoolExecutor:
    """One worker, whose BLAS uses one thread: the worker is meant for one core beside the server, and OpenBLAS's
    own threads fight the server for the other (a QR of the 8,000 × 15 margin rows: 9 ms on one thread, 70–240 ms
    on two with the server busy). The spawned interpreter reads the setting when it loads NumPy."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    return ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker
    )


def in_worker(fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` computed in the worker process; here, in this thread, if the worker has died.

    ``fn`` must be importable (a module-level function); its exceptions are raised here.
    """
    try:
        return _pool().submit(fn, *args).result()
    except BrokenProcessPool:
        _LOG.warning("the worker process died; computing %s in the server, a new worker starts next time", fn)
        _pool.clear()
        return fn(*args)
