"""Lecture-ready views from the address: ``hide=`` names parts of a page to leave out, ``present=1`` opens the
picture large with the rest below it, ``projector=1`` sizes every text for the back of a room.

Each hideable part is a keyed container (``part``), hidden with CSS: its widgets still run, so the settings it
holds keep their values and their place in the address.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.params import Choice

SWITCH = ("1", "true", "0", "false")  # how a link turns a mode on or off
ON = ("1", "true")
# What presenting leaves out: the picture then starts at the top of a window without the sidebar, and takes its height.
PRESENT_HIDES = ("sidebar", "title", "sections")
HIDE, PRESENT = "hide", "present"


@dataclass(frozen=True)
class Parts:
    """A comma-separated list of names from ``options`` (``hide=settings,sections``)."""

    key: str
    options: tuple[str, ...]

    def problem(self, raw: str) -> str | None:
        unknown = [name for name in raw.split(",") if name not in self.options]
        if unknown:
            names = ", ".join(f"'{name}'" for name in unknown)
            return f"names {names}, which this page does not have (its parts: {', '.join(self.options)})"
        return None


def specs(parts: tuple[str, ...]) -> list:
    """The lecture parameters a page with hideable ``parts`` accepts, checked as its own by ``ui.check_url_params``."""
    return [Parts(HIDE, parts), Choice(PRESENT, SWITCH), Choice("projector", SWITCH)]


def switched_on(key: str) -> bool:
    """Whether the address turns ``key`` on (``1`` or ``true``)."""
    return st.query_params.get(key) in ON


def hidden(parts: tuple[str, ...]) -> frozenset[str]:
    """The parts of this page the address hides: those ``hide=`` names, if it names only parts of the page, and in
    presenting layout ``PRESENT_HIDES``. A ``hide`` that names anything else hides nothing (the page's notice says
    why)."""
    raw = st.query_params.get(HIDE)
    named = set(raw.split(",")) if raw is not None and Parts(HIDE, parts).problem(raw) is None else set()
    if switched_on(PRESENT):
        named |= set(PRESENT_HIDES) & set(parts)
    return frozenset(named)


def part(name: str, **layout):
    """The container of the part ``name`` (``layout``: ``st.container``'s own options): ``with part("title"): …``
    puts what follows into it."""
    return st.container(key=f"part_{name}", **layout)


def css(hide: frozenset[str], *, present: bool) -> str:
    """Rules that leave out the ``hide`` parts. Hidden settings include the sigmoid explorer's own controls, which
    its stylesheet takes from an inherited custom property (its shadow root shares no rules with the page)."""
    rules = [f".st-key-part_{name} {{ display: none !important; }}" for name in sorted(hide - {"sidebar"})]
    if "sidebar" in hide:
        rules.append(
            '[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],'
            ' [data-testid="stExpandSidebarButton"] { display: none !important; }'
        )
    if "settings" in hide:
        rules.append(":root { --lecture-explorer-controls: none; }")
    if present:  # the toolbar's 3.75 rem stay clear; Streamlit's 6 rem above the title are not needed without one
        rules.append('[data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }')
    return "<style>\n" + "\n".join(rules) + "\n</style>" if rules else ""
