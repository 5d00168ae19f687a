"""A classroom of students against one server or N replicas behind nginx, over Streamlit's own WebSocket protocol.

Each simulated student loads its page (keeping the proxy's cookie, as a browser does), then repeatedly moves one
of its sliders (as the browser would: a BackMsg ``rerun_script`` with every widget value it has set and the
address it is at) and waits 2–4 s. Reports interaction latency (p50/p95, request → ``script_finished``), errors,
CPU, and memory (RSS) before, during, and after the sessions close. Prints figures; not a test.

With ``--kill-after S`` one replica is killed (SIGKILL) S seconds into the class. Each student it served
reconnects through the proxy as a reload would (only the address it had), and counts as restored if the page it
gets is element for element the page it had. Gradient-descent students then work on their own points, which
only the address carries (``data=own&points=…``).

Run: .venv/bin/python bench/load.py --sessions 30 --interactions 20
     .venv/bin/python bench/load.py --breaking-point       (N = 5, 10, 15, 20, 25, 30, 45, 60 until p95 > 1 s)
     .venv/bin/python bench/load.py --replicas 3 --sessions 60 --interactions 10
     .venv/bin/python bench/load.py --replicas 2 --sessions 20 --interactions 12 --kill-after 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.e2e.conftest import streamlit_server

PAGES = ("sigmoid_vs_softmax", "gradient_descent")


@dataclass
class Slider:
    id: str
    key: str
    lo: float
    hi: float
    step: float
    options: tuple[str, ...]  # a select slider's formatted options; its value is sent as one of them


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)


def rerun_message(page: str, states: dict[str, float | str] | None = None) -> bytes:
    msg = BackMsg()
    rerun = msg.rerun_script
    rerun.page_name = page
    rerun.query_string = ""
    rerun.context_info.CopyFrom(ContextInfo(url=f"http://127.0.0.1/{page}", timezone="UTC", locale="en-GB"))
    for widget_id, value in (states or {}).items():
        widget = rerun.widget_states.widgets.add()
        widget.id = widget_id
        if isinstance(value, str):
            widget.string_array_value.data.append(value)
        else:
            widget.double_array_value.data.append(value)
    return msg.SerializeToString()


async def run_once(ws, payload: bytes, sliders: dict[str, Slider] | None = None) -> None:
    """Send one rerun and read messages until the script finishes; collect sliders seen on the way."""
    await ws.send(payload)
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
        kind = msg.WhichOneof("type")
        if kind == "delta" and sliders is not None and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "slider" and not element.slider.disabled:
                s = element.slider
                key = s.query_param_key or s.label
                sliders[s.id] = Slider(s.id, key, s.min, s.max, s.step or 1.0, tuple(s.options))
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element" and \
                msg.delta.new_element.WhichOneof("type") == "exception":
            raise RuntimeError(msg.delta.new_element.exception.message[:200])
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("compile error")
            if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return


def new_value(slider: Slider, rng: random.Random) -> float | str:
    if slider.options:
        return rng.choice(slider.options)
    steps = round((slider.hi - slider.lo) / slider.step)
    return slider.lo + slider.step * rng.randint(0, steps)


async def student(base_ws: str, page: str, interactions: int, seed: int, tally: Tally, think: tuple[float, float]):
    rng = random.Random(seed)
    try:
        async with websockets.connect(base_ws, subprotocols=["streamlit"], max_size=None, open_timeout=30) as ws:
            sliders: dict[str, Slider] = {}
            await run_once(ws, rerun_message(page), sliders)
            if not sliders:
                raise RuntimeError(f"no slider found on {page}")
            for _ in range(interactions):
                await asyncio.sleep(rng.uniform(*think))
                slider = rng.choice(list(sliders.values()))
                start = time.perf_counter()
                await run_once(ws, rerun_message(page, {slider.id: new_value(slider, rng)}))
                tally.latencies.append(time.perf_counter() - start)
                tally.by_page.setdefault(page, []).append(tally.latencies[-1])
    except Exception as exc:  # counted and reported, never hidden
        tally.errors.append(f"{type(exc).__name__}: {exc}")


class ServerSampler:
    """Samples the server's CPU time and RSS (with its children) in the background."""

    def __init__(self, pid: int):
        self.proc = psutil.Process(pid)
        self.rss_peak = 0

    def _family(self) -> list[psutil.Process]:
        return [self.proc, *self.proc.children(recursive=True)]  # the server and its training worker

    def rss_mb(self) -> float:
        return sum(self.rss_by_process().values())

    def rss_by_process(self) -> dict[str, float]:
        """MB per process: the server, its training worker, multiprocessing's resource tracker."""
        sizes: dict[str, float] = {}
        for proc in self._family():
            with contextlib.suppress(psutil.NoSuchProcess):
                command = " ".join(proc.cmdline())
                name = "worker" if "spawn_main" in command else "tracker" if "resource_tracker" in command else "server"
                sizes[name] = sizes.get(name, 0.0) + proc.memory_info().rss / 2**20
        return sizes

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU of the server process, and of the server with its children (live ones, and ended ones)."""
        times = self.proc.cpu_times()
        own = times.user + times.system
        total = own + times.children_user + times.children_system
        for proc in self._family()[1:]:
            with contextlib.suppress(psutil.NoSuchProcess):
                child = proc.cpu_times()
                total += child.user + child.system
        return own, total

    async def watch(self, stop: asyncio.Event):
        while not stop.is_set():
            self.rss_peak = max(self.rss_peak, self.rss_mb())
            await asyncio.sleep(0.25)


async def classroom(
    base: str, pid: int, sessions: int, interactions: int, think, settle_s: float, pages: tuple[str, ...] = PAGES
) -> dict:
    base_ws = base.replace("http://", "ws://") + "/_stcore/stream"
    sampler = ServerSampler(pid)
    # One warm-up session per page so caches and imports are not charged to the class.
    warm = Tally()
    await asyncio.gather(*(student(base_ws, page, 1, 0, warm, (0, 0)) for page in pages))
    rss_before, cpu_before, split_before = sampler.rss_mb(), sampler.cpu_seconds(), sampler.rss_by_process()
    stop = asyncio.Event()
    watcher = asyncio.create_task(sampler.watch(stop))
    tally = Tally()
    started = time.perf_counter()
    await asyncio.gather(*(
        student(base_ws, pages[i % len(pages)], interactions, i + 1, tally, think) for i in range(sessions)
    ))
    wall = time.perf_counter() - started
    stop.set()
    await watcher
    own_used, cpu_used = (after - before for after, before in zip(sampler.cpu_seconds(), cpu_before, strict=True))
    rss_peak = sampler.rss_peak
    rss_after_close = {}
    waited = 0.0
    for mark in (10.0, 30.0, 60.0, 90.0, 150.0):
        if mark > settle_s:
            break
        await asyncio.sleep(mark - waited)
        waited = mark
        rss_after_close[mark] = sampler.rss_mb()
    rss_after, split_after = sampler.rss_mb(), sampler.rss_by_process()
    lat = sorted(tally.latencies)
    return {
        "sessions": sessions,
        "interactions": len(lat),
        "errors": tally.errors + warm.errors,
        "p50_ms": 1000 * statistics.median(lat) if lat else float("nan"),
        "p95_ms": 1000 * lat[max(0, round(0.95 * len(lat)) - 1)] if lat else float("nan"),
        "cpu_s": cpu_used,
        "server_cpu_s": own_used,
        "cpu_ms_per_interaction": 1000 * cpu_used / max(1, len(lat) + sessions),
        "server_cpu_ms_per_interaction": 1000 * own_used / max(1, len(lat) + sessions),
        "wall_s": wall,
        "rss_before": rss_before,
        "rss_peak": rss_peak,
        "rss_after": rss_after,
        "rss_split": (split_before, split_after),
        "rss_after_close": rss_after_close,
        "rss_per_session": (rss_peak - rss_before) / sessions,
        "settle_s": settle_s,
        "p50_by_page": {page: 1000 * statistics.median(times) for page, times in tally.by_page.items()},
    }


def report(r: dict) -> None:
    print(f"sessions {r['sessions']:>4}  interactions {r['interactions']:>5}  errors {len(r['errors'])}")
    print(f"  latency p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms   p50 by page: "
          + ", ".join(f"{page} {ms:.0f} ms" for page, ms in r["p50_by_page"].items()))
    per_run, own_per_run = r["cpu_ms_per_interaction"], r["server_cpu_ms_per_interaction"]
    worker_s = r["cpu_s"] - r["server_cpu_s"]
    print(f"  CPU {r['cpu_s']:6.1f} s over {r['wall_s']:5.1f} s, {per_run:.0f} ms per run: server process "
          f"{r['server_cpu_s']:.1f} s ({own_per_run:.0f} ms per run), training worker {worker_s:.1f} s")
    print(f"  the server process serves ~{1000 / own_per_run:.0f} runs/s on its core, i.e. "
          f"~{3000 / own_per_run:.0f} students acting every 3 s; all processes together "
          f"~{1000 / per_run:.0f} runs/s of CPU")
    print(f"  server RSS before {r['rss_before']:6.0f} MB  peak {r['rss_peak']:6.0f} MB "
          f"(~{r['rss_per_session']:.1f} MB per session)  {r['settle_s']:.0f} s after close {r['rss_after']:6.0f} MB "
          f"({100 * (r['rss_after'] / r['rss_before'] - 1):+.0f}% of baseline)")
    if r["rss_after_close"]:
        marks = r["rss_after_close"].items()
        print("  RSS after close: " + ", ".join(
            f"{t:.0f} s {mb:.0f} MB ({100 * (mb / r['rss_before'] - 1):+.0f}%)" for t, mb in marks))
    before, after = r["rss_split"]
    names = sorted(before.keys() | after.keys())
    print("  RSS by process, before → after: " + ", ".join(
        f"{name} {before.get(name, 0):.0f} → {after.get(name, 0):.0f} MB" for name in names))
    for err in r["errors"][:5]:
        print("  error:", err)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--interactions", type=int, default=20)
    parser.add_argument("--settle", type=float, default=60.0, help="seconds to wait after the class leaves")
    parser.add_argument("--breaking-point", action="store_true")
    parser.add_argument("--page", choices=PAGES, help="only this page (default: students split between both)")
    args = parser.parse_args()
    with streamlit_server("app.py") as base:
        pid = next(c.pid for c in psutil.Process().children() if "streamlit" in " ".join(c.cmdline()))
        if not args.breaking_point:
            pages = (args.page,) if args.page else PAGES
            report(asyncio.run(classroom(base, pid, args.sessions, args.interactions, (2.0, 4.0), args.settle, pages)))
            return
        for n in (5, 10, 15, 20, 25, 30, 45, 60):
            result = asyncio.run(classroom(base, pid, n, 6, (2.0, 4.0), 0.0))
            report(result)
            if result["p95_ms"] > 1000 or result["errors"]:
                print(f"breaking point: p95 passes 1 s (or errors start) at about {n} concurrent sessions")
                break


if __name__ == "__main__":
    main()
