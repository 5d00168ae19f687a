"""The shared frame's server-side housekeeping: long-lived objects are frozen, session garbage is still collected."""

import gc
import importlib
import sys
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


def test_the_imports_are_frozen_and_later_cycles_are_still_collected(collector):
    frame_module.freeze_long_lived_objects()
    assert gc.get_freeze_count() > 10_000  # NumPy, pandas, Plotly and Streamlit's objects
    garbage = unreachable_cycle()
    gc.collect(2)  # what Streamlit runs after every script run
    assert garbage() is None


def test_it_freezes_again_only_after_new_imports_and_collects_first(collector):
    frame_module.freeze_long_lived_objects()
    pending = unreachable_cycle()
    frame_module.freeze_long_lived_objects()  # nothing new imported: no collection, no freeze
    assert pending() is not None
    sys.modules.pop("colorsys", None)
    importlib.import_module("colorsys")
    frame_module.freeze_long_lived_objects()
    assert pending() is None  # collected before the freeze, so never frozen for good
    assert frame_module._modules_when_frozen == len(sys.modules)
