"""The shared frame's server-side housekeeping: the imports' objects are frozen once, never a running session's."""

import gc
import importlib
import sys
import threading
import types
import weakref

import pytest

frame_module = importlib.import_module("ui.frame")


class Node:
    """Something that can sit in a reference cycle and be watched through a weak reference."""


def unreachable_cycle() -> weakref.ref:
    node = Node()
    node.self = node
    return weakref.ref(node)


@pytest.fixture
def collector(monkeypatch):
    """Automatic collection off (so only the code under test collects), nothing frozen, no freeze remembered."""
    gc.disable()
    gc.unfreeze()
    monkeypatch.setattr(frame_module, "_modules_when_frozen", 0)
    yield
    gc.unfreeze()
    gc.enable()


def import_something_new(monkeypatch, name: str) -> None:
    monkeypatch.setitem(sys.modules, name, types.ModuleType(name))


def test_the_imports_are_frozen(collector):
    frame_module.freeze_long_lived_objects()
    assert gc.get_freeze_count() > 10_000  # NumPy, pandas, Plotly and Streamlit's objects
    assert frame_module._modules_when_frozen == len(sys.modules)


def test_it_freezes_again_only_after_new_imports_and_collects_first(collector, monkeypatch):
    frame_module.freeze_long_lived_objects()
    frozen = gc.get_freeze_count()
    pending = unreachable_cycle()
    frame_module.freeze_long_lived_objects()  # nothing new imported: no collection, no freeze
    assert pending() is not None and gc.get_freeze_count() == frozen
    import_something_new(monkeypatch, "freeze_probe_module")
    frame_module.freeze_long_lived_objects()
    assert pending() is None  # collected before the freeze, so never frozen for good
    assert frame_module._modules_when_frozen == len(sys.modules)


def test_nothing_is_frozen_while_another_session_runs_its_script(collector, monkeypatch):
    release = threading.Event()
    other = threading.Thread(target=release.wait, name=frame_module.SCRIPT_THREAD)
    other.start()
    try:
        frame_module.freeze_long_lived_objects()
        assert gc.get_freeze_count() == 0 and frame_module._modules_when_frozen == 0
    finally:
        release.set()
        other.join()
    frame_module.freeze_long_lived_objects()  # the next run, alone, freezes
    assert gc.get_freeze_count() > 10_000
