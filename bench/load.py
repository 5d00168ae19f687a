"""A classroom of students against one server or N replicas behind nginx, over Streamlit's own WebSocket protocol.

Each simulated student loads its page (keeping the proxy's cookie, as a browser does), then repeatedly moves one
of its sliders (as the browser would: a BackMsg ``rerun_script`` with every widget value it has set, the
address it is at, and the fragment the slider is drawn in, which alone reruns) and waits 2–4 s. Reports interaction
latency (p50/p95, request → ``script_finished``), errors, CPU, and memory (RSS) before, during, and after the sessions
close. Prints figures; not a test.

With ``--kill-after S`` one replica is killed (SIGKILL) S seconds into the class. Each student it served
reconnects through the proxy as a reload would (only the address it had), and counts as restored if the page it
gets is element for element the page it had. Gradient-descent students then work on their own points, which
only the address carries (``data=own&points=…``).

Run: .venv/bin/python bench/load.py --sessions 30 --interactions 20
     .venv/bin/python bench/load.py --breaking-point       (N = 5, 10, 15, …, 120 until p95 > 1 s)
     .venv/bin/python bench/load.py --replicas 3 --sessions 60 --interactions 10
     .venv/bin/python bench/load.py --replicas 2 --sessions 20 --interactions 12 --kill-after 20
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import hashlib
import json
import os
import random
import signal
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from deploy.replicas import cluster
from tests.e2e.conftest import streamlit_server
from ui.points_param import encode_points

PAGES = ("sigmoid_vs_softmax", "gradient_descent")
EXPLORER = "sigmoid_explorer"  # the sigmoid page's controls are this component's, not Streamlit sliders
DESCENT = "descent_explorer"  # the gradient page's live run: a pause reports the step shown and its weights


@dataclass
class Slider:
    id: str
    key: str
    lo: float
    hi: float
    step: float
    options: tuple[str, ...]  # a select slider's formatted options; its value is sent as one of them
    view: dict | None = None  # an explorer's: what it was sent, from which a release or a pause reports its view
    fragment: str = ""  # the st.fragment it is drawn in: a browser reruns that fragment alone when it changes


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    replicas: collections.Counter = field(default_factory=collections.Counter)  # students per replica
    killed: dict = field(default_factory=dict)  # the replica killed ("address") and when ("at")
    reconnects: list[float] = field(default_factory=list)  # kill → the restored page, per affected student
    restored: list[bool] = field(default_factory=list)
    redone: int = 0  # changes in flight when the replica died, made again after the reconnect


class DroppedError(Exception):
    """The student's connection closed under it (its replica died)."""


def rerun_message(page: str, states: dict[str, float | str] | None = None, query: str = "", fragment: str = "") \
        -> bytes:
    msg = BackMsg()
    rerun = msg.rerun_script
    rerun.page_name = page
    rerun.query_string = query
    rerun.fragment_id = fragment
    rerun.context_info.CopyFrom(ContextInfo(url=f"http://127.0.0.1/{page}", timezone="UTC", locale="en-GB"))
    for widget_id, value in (states or {}).items():
        widget = rerun.widget_states.widgets.add()
        widget.id = widget_id
        if isinstance(value, dict):  # a component's state, as the sigmoid explorer reports it
            widget.json_value = json.dumps(value)
        elif isinstance(value, str):
            widget.string_array_value.data.append(value)
        else:
            widget.double_array_value.data.append(value)
    return msg.SerializeToString()


class Address:
    """The query string a browser keeps: the server's own parameters (``page_info_changed``), and the values of
    widgets bound to the address, which the browser writes itself as the student moves them."""

    def __init__(self, query: str = ""):
        self.params = dict(parse_qsl(query, keep_blank_values=True))
        self.bound: set[str] = set()

    def widget_set(self, key: str, value: float | str) -> None:
        number = isinstance(value, float)
        self.params[key] = str(int(value)) if number and value.is_integer() else repr(value) if number else value

    def server_sent(self, query: str) -> None:
        kept = {key: value for key, value in self.params.items() if key in self.bound}
        self.params = kept | dict(parse_qsl(query, keep_blank_values=True))

    def __str__(self) -> str:
        return urlencode(self.params)


# How a widget's value reached the server (the browser's widget state, or the address), and the id of a download
# written when clicked, which each session draws anew.
PER_SESSION_FIELDS = ("set_value", "value", "raw_value", "raw_values", "deferred_file_id")


def as_shown(delta) -> bytes:
    """The delta without its per-session fields: a page restored from its address differs only there, and
    everything drawn from the values is compared as it is."""
    element = delta.new_element if delta.WhichOneof("type") == "new_element" else None
    widget = getattr(element, element.WhichOneof("type") or "", None) if element is not None else None
    if widget is None or not hasattr(widget, "DESCRIPTOR"):
        return delta.SerializeToString()
    delta = type(delta).FromString(delta.SerializeToString())
    widget = getattr(delta.new_element, delta.new_element.WhichOneof("type"))
    for name in PER_SESSION_FIELDS:
        if name in widget.DESCRIPTOR.fields_by_name:
            widget.ClearField(name)
    delta.new_element.ClearField("has_one_shot_effect")
    return delta.SerializeToString()


async def run_once(ws, payload: bytes, sliders: dict[str, Slider] | None = None, address: Address | None = None) \
        -> str:
    """Send one rerun and read messages until the script finishes; collect sliders, and follow the address.

    Returns a digest of everything the run showed, element by element in order.
    """
    await ws.send(payload)
    digest, query = hashlib.sha256(), None
    while True:
        msg = ForwardMsg()
        try:
            msg.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
        except websockets.ConnectionClosed as exc:
            raise DroppedError from exc
        kind = msg.WhichOneof("type")
        if kind == "page_info_changed":
            query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") in ("new_element", "add_block"):
            digest.update(repr(tuple(msg.metadata.delta_path)).encode() + as_shown(msg.delta))
        if kind == "delta" and address is not None and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            bound = getattr(getattr(element, element.WhichOneof("type") or "", None), "query_param_key", "")
            if bound:
                address.bound.add(bound)
        if kind == "delta" and sliders is not None and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "slider" and not element.slider.disabled:
                s = element.slider
                key = s.query_param_key or s.label
                sliders[s.id] = Slider(s.id, key, s.min, s.max, s.step or 1.0, tuple(s.options),
                                       fragment=msg.delta.fragment_id)
            elif element.WhichOneof("type") == "bidi_component" and element.bidi_component.component_name == EXPLORER:
                sent = json.loads(element.bidi_component.json)
                view = {"values": sent["values"], "mode": sent["mode"]}
                sliders[element.bidi_component.id] = Slider(element.bidi_component.id, EXPLORER, -5, 5, 0.1, (), view,
                                                            msg.delta.fragment_id)
            elif element.WhichOneof("type") == "bidi_component" and element.bidi_component.component_name == DESCENT:
                sent = json.loads(element.bidi_component.json)
                run = {"run": sent["run"], "classes": sent["classes"], "lr": sent["lr"]}
                sliders[element.bidi_component.id] = Slider(element.bidi_component.id, DESCENT, 0, 2000, 1, (), run,
                                                            msg.delta.fragment_id)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element" and \
                msg.delta.new_element.WhichOneof("type") == "exception":
            raise RuntimeError(msg.delta.new_element.exception.message[:200])
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("compile error")
            if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                if address is not None and query is not None:
                    address.server_sent(query)  # once the run has named every bound widget
                return digest.hexdigest()


def new_value(slider: Slider, rng: random.Random) -> float | str | dict:
    if slider.key == DESCENT:  # the student paused the live run at some step: its weights, for the page to judge
        run = slider.view
        theta = [round(rng.gauss(0, 2), 3) for _ in range(3 * run["classes"])]
        view = {"run": run["run"], "step": rng.randint(0, 2000), "theta": theta, "lr": run["lr"], "playing": False}
        return {"view": {**view, "points": None, "seq": f"{rng.random()}"}}
    if slider.view is not None:  # a drag released in the explorer: one of its numbers moved, the view reported
        key = rng.choice(sorted(slider.view["values"]))
        slider.view["values"][key] = round(rng.uniform(slider.lo, slider.hi), 1)
        return {"view": {**slider.view, "seq": f"{rng.random()}"}}
    if slider.options:
        return rng.choice(slider.options)
    steps = round((slider.hi - slider.lo) / slider.step)
    return slider.lo + slider.step * rng.randint(0, steps)


def own_points_link(rng: random.Random) -> str:
    """``data=own&points=…``: twelve points of three classes, which only the address carries."""
    X = [[round(rng.uniform(-3, 3), 2), round(rng.uniform(-3, 3), 2)] for _ in range(12)]
    return f"data=own&points={encode_points(X, [k % 3 for k in range(12)])}"


def load_page(url: str) -> tuple[str | None, str | None]:
    """GET the page as a browser does first: the proxy's stickiness cookie and the replica that answered."""
    with urllib.request.urlopen(url, timeout=30) as response:
        cookie = response.headers.get("Set-Cookie")
        return (cookie.split(";")[0] if cookie else None), response.headers.get("X-Served-By")


async def pause(ws, seconds: float) -> None:
    """Think for ``seconds``, but notice at once if the connection drops, as a browser does."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(ws.wait_closed(), seconds)
        raise DroppedError


async def student(base: str, page: str, interactions: int, seed: int, tally: Tally, think: tuple[float, float],
                  own_points: bool = False):
    """Open ``page``, then move a random slider ``interactions`` times; after a drop, reconnect as a reload would."""
    rng = random.Random(seed)
    address = Address(own_points_link(rng) if own_points and page == "gradient_descent" else "")
    states: dict[str, float | str] = {}  # every value this student has set, sent with each change like a browser
    sliders: dict[str, Slider] = {}
    base_ws = base.replace("http://", "ws://") + "/_stcore/stream"
    done, last, attempts, in_flight = 0, None, 0, None
    try:
        cookie, served = await asyncio.to_thread(load_page, f"{base}/{page}?{address}")
        tally.replicas[served] += 1
        headers = {"Cookie": cookie} if cookie else {}
        while done < interactions:
            try:
                async with websockets.connect(base_ws, subprotocols=["streamlit"], max_size=None, open_timeout=30,
                                              additional_headers=headers) as ws:
                    if last is None:
                        last = await run_once(ws, rerun_message(page, query=str(address)), sliders, address)
                        if not sliders:
                            raise RuntimeError(f"no slider found on {page}")
                    else:  # back after a drop, with only the address, as a reload would be
                        again = await run_once(ws, rerun_message(page, query=str(address)), address=address)
                        tally.reconnects.append(time.monotonic() - tally.killed["at"])
                        tally.restored.append(again == last)
                    while done < interactions:
                        await pause(ws, rng.uniform(*think))
                        slider = rng.choice(list(sliders.values()))
                        in_flight = dict(states), dict(address.params)  # to take back if the replica dies now
                        states[slider.id] = new_value(slider, rng)
                        if slider.key in address.bound:
                            address.widget_set(slider.key, states[slider.id])
                        start = time.perf_counter()
                        # As a browser does, a change inside a fragment reruns that fragment alone; where a replica
                        # is killed (own points) the page is compared whole after a reload, so every change reruns it.
                        fragment = "" if own_points else slider.fragment
                        last = await run_once(ws, rerun_message(page, states, str(address), fragment), address=address)
                        in_flight = None
                        tally.latencies.append(time.perf_counter() - start)
                        tally.by_page.setdefault(page, []).append(tally.latencies[-1])
                        done += 1
            except (DroppedError, websockets.ConnectionClosed, OSError):
                if in_flight is not None:  # that change never finished: the student makes it again after
                    states, address.params = in_flight
                    in_flight = None
                    tally.redone += 1
                attempts += 1
                if not tally.killed or attempts > 100:
                    raise
                await asyncio.sleep(0.2)  # the replica is gone: reconnect through the proxy
    except Exception as exc:  # counted and reported, never hidden
        tally.errors.append(f"{type(exc).__name__}: {exc}")


class ServerSampler:
    """Samples the servers' CPU time and RSS (each with its children) in the background."""

    def __init__(self, pids: list[int]):
        self.servers = [psutil.Process(pid) for pid in pids]
        self.rss_peak = 0

    def _family(self) -> list[psutil.Process]:
        """Every live server with its training worker and multiprocessing's resource tracker."""
        family = []
        for server in self.servers:
            with contextlib.suppress(psutil.NoSuchProcess):
                family += [server, *server.children(recursive=True)]
        return family

    def rss_mb(self) -> float:
        return sum(self.rss_by_process().values())

    def rss_by_process(self) -> dict[str, float]:
        """MB per kind of process, summed over the servers: server, training worker, resource tracker."""
        sizes: dict[str, float] = {}
        for proc in self._family():
            with contextlib.suppress(psutil.NoSuchProcess):
                command = " ".join(proc.cmdline())
                name = "worker" if "spawn_main" in command else "tracker" if "resource_tracker" in command else "server"
                sizes[name] = sizes.get(name, 0.0) + proc.memory_info().rss / 2**20
        return sizes

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU of the server processes, and of the servers with their children (live ones, and ended ones)."""
        own = total = 0.0
        servers = set(self.servers)
        for proc in self._family():
            with contextlib.suppress(psutil.NoSuchProcess):
                times = proc.cpu_times()
                total += times.user + times.system
                if proc in servers:
                    own += times.user + times.system
                    total += times.children_user + times.children_system
        return own, total

    async def watch(self, stop: asyncio.Event):
        while not stop.is_set():
            self.rss_peak = max(self.rss_peak, self.rss_mb())
            await asyncio.sleep(0.25)


async def kill_one(pids: dict[str, int], after_s: float, tally: Tally) -> None:
    """``after_s`` into the class, SIGKILL the replica serving the most students (its worker ends with it)."""
    await asyncio.sleep(after_s)
    address = max(pids, key=lambda a: tally.replicas[a])
    tally.killed.update(address=address, at=time.monotonic())
    os.kill(pids[address], signal.SIGKILL)


async def classroom(
    base: str, pids: dict[str, int], sessions: int, interactions: int, think, settle_s: float,
    pages: tuple[str, ...] = PAGES, kill_after: float | None = None,
) -> dict:
    """``pids`` maps each server's address (as the proxy's X-Served-By names it) to its process id."""
    sampler = ServerSampler(list(pids.values()))
    # Warm-up sessions (per page, as many as servers: the proxy spreads them), so imports are not charged to the class.
    warm = Tally()
    await asyncio.gather(*(student(base, page, 1, 0, warm, (0, 0)) for page in pages for _ in pids))
    rss_before, cpu_before, split_before = sampler.rss_mb(), sampler.cpu_seconds(), sampler.rss_by_process()
    stop = asyncio.Event()
    watcher = asyncio.create_task(sampler.watch(stop))
    tally = Tally()
    started, client_started = time.perf_counter(), time.process_time()
    killer = asyncio.create_task(kill_one(pids, kill_after, tally)) if kill_after is not None else None
    await asyncio.gather(*(
        student(base, pages[i % len(pages)], interactions, i + 1, tally, think, own_points=killer is not None)
        for i in range(sessions)
    ))
    wall, client_cpu = time.perf_counter() - started, time.process_time() - client_started
    if killer is not None:
        await killer
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
        "client_cpu_s": client_cpu,
        "rss_before": rss_before,
        "rss_peak": rss_peak,
        "rss_after": rss_after,
        "rss_split": (split_before, split_after),
        "rss_after_close": rss_after_close,
        "rss_per_session": (rss_peak - rss_before) / sessions,
        "settle_s": settle_s,
        "p50_by_page": {page: 1000 * statistics.median(times) for page, times in tally.by_page.items()},
        "servers": len(pids),
        "students_by_replica": dict(tally.replicas),
        "killed": tally.killed.get("address"),
        "affected": tally.replicas[tally.killed["address"]] if tally.killed else 0,
        "restored": tally.restored,
        "reconnects": sorted(tally.reconnects),
        "redone": tally.redone,
    }


def report(r: dict) -> None:
    print(f"sessions {r['sessions']:>4}  interactions {r['interactions']:>5}  errors {len(r['errors'])}")
    print(f"  latency p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms   p50 by page: "
          + ", ".join(f"{page} {ms:.0f} ms" for page, ms in r["p50_by_page"].items()))
    per_run, own_per_run = r["cpu_ms_per_interaction"], r["server_cpu_ms_per_interaction"]
    worker_s = r["cpu_s"] - r["server_cpu_s"]
    print(f"  CPU {r['cpu_s']:6.1f} s over {r['wall_s']:5.1f} s, {per_run:.0f} ms per run: server process "
          f"{r['server_cpu_s']:.1f} s ({own_per_run:.0f} ms per run), training worker {worker_s:.1f} s; "
          f"this load client {r['client_cpu_s']:.1f} s (on the same cores: a real class's browsers are not)")
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
    if r["servers"] > 1:
        print(f"  {r['servers']} replicas: peak {r['rss_peak'] / r['servers']:.0f} MB per replica (server and worker); "
              "students per replica: " + ", ".join(f"{n}" for n in sorted(r["students_by_replica"].values())))
    if r["killed"]:
        times = r["reconnects"]
        print(f"  killed {r['killed']} ({r['affected']} students): {sum(r['restored'])} of {r['affected']} "
              f"reconnected to exactly the page they had ({100 * sum(r['restored']) / max(1, r['affected']):.0f}%); "
              + (f"kill → restored page median {statistics.median(times):.1f} s, max {times[-1]:.1f} s"
                 if times else "none reconnected") + f"; {r['redone']} changes in flight were made again")
    for err in r["errors"][:5]:
        print("  error:", err)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--interactions", type=int, default=20)
    parser.add_argument("--settle", type=float, default=60.0, help="seconds to wait after the class leaves")
    parser.add_argument("--breaking-point", action="store_true")
    parser.add_argument("--page", choices=PAGES, help="only this page (default: students split between both)")
    parser.add_argument("--replicas", type=int, default=0, help="N replicas behind nginx (default: one server)")
    parser.add_argument("--kill-after", type=float, help="SIGKILL one replica this many seconds into the class")
    args = parser.parse_args()
    if args.kill_after is not None and args.replicas < 2:
        parser.error("--kill-after needs --replicas 2 or more")
    with contextlib.ExitStack() as stack:
        if args.replicas:
            found = stack.enter_context(cluster(args.replicas))
            base, pids = found.url, {r.address: r.proc.pid for r in found.replicas}
        else:
            base = stack.enter_context(streamlit_server("app.py"))
            pid = next(c.pid for c in psutil.Process().children() if "streamlit" in " ".join(c.cmdline()))
            pids = {None: pid}  # no proxy names it
        if not args.breaking_point:
            pages = (args.page,) if args.page else PAGES
            report(asyncio.run(classroom(base, pids, args.sessions, args.interactions, (2.0, 4.0), args.settle, pages,
                                         args.kill_after)))
            return
        for n in (5, 10, 15, 20, 25, 30, 45, 60, 90, 120):
            result = asyncio.run(classroom(base, pids, n, 6, (2.0, 4.0), 0.0))
            report(result)
            if result["p95_ms"] > 1000 or result["errors"]:
                print(f"breaking point: p95 passes 1 s (or errors start) at about {n} concurrent sessions")
                break

if __name__ == "__main__":
    main()
