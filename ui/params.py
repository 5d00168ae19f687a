"""URL parameters: validate what a shared link carries, say what was ignored, and write each value one way.

Widgets bound with ``bind="query-params"`` drop most values they cannot use, silently, but round
some (``classes=2.5`` becomes 2), and read a value only in their own spelling (``lr=10.0`` is dropped
where the slider writes ``lr=10``). These checks run before the widgets, with the same ranges: a bad
value is named in a notice and removed from the URL, so the widget starts from its default; a usable
number in any spelling a person may type (``0.50``, ``.5``, ``5e-1``) is rewritten the page's one way
(``url_number``), so a link, the address bar and a reload all say the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from ui.points_param import decode_points
from ui.url_text import url_number

MAX_SHOWN = 40  # characters of a rejected value quoted back; a 10,000-character value is cut


@dataclass(frozen=True)
class Number:
    """A numeric parameter in ``[lo, hi]``; ``integer`` asks for a whole number; a value between ``stops`` (a
    slider's choices) means the nearest stop on the log scale."""

    key: str
    lo: float
    hi: float
    integer: bool = False
    stops: tuple[float, ...] = ()

    def problem(self, raw: str) -> str | None:
        try:
            value = float(raw)
        except ValueError:
            return "is not a number"
        if not math.isfinite(value):
            return "is not a finite number"
        if self.integer and value != int(value):
            return "is not a whole number"
        if not self.lo <= value <= self.hi:
            return f"is outside {self.lo:g} … {self.hi:g}"
        return None

    def value(self, raw: str) -> float:
        """The number a usable ``raw`` means: as written, or the nearest stop (|log(stop / value)| least)."""
        value = float(raw)
        if self.stops:
            value = min(self.stops, key=lambda stop: abs(math.log(stop / value)))
        return value

    def canonical(self, raw: str) -> str:
        """The page's one spelling of a usable ``raw``: ``0.50``, ``.5``, ``5e-1`` and ``+0.5`` are all ``0.5``."""
        return url_number(self.value(raw))

    def note(self, raw: str) -> str | None:
        """What a reader of the link should know about a usable ``raw``: that it fell between the stops."""
        value = self.value(raw)
        if value == float(raw):
            return None
        return f"`{self.key}` = {_quote(raw)} is between the slider's stops; the nearest, {url_number(value)}, is used."


@dataclass(frozen=True)
class Choice:
    """A parameter that must be one of ``options``."""

    key: str
    options: tuple[str, ...]

    def problem(self, raw: str) -> str | None:
        return None if raw in self.options else f"is not one of {', '.join(self.options)}"


@dataclass(frozen=True)
class Points:
    """A student's own points (``ui.points_param``): at most MAX_CHARS characters of ``x1_x2_label~…``."""

    key: str

    def problem(self, raw: str) -> str | None:
        try:
            decode_points(raw)
        except ValueError as exc:
            return f"is not a usable list of points ({str(exc).rstrip('.')})"
        return None


Param = Number | Choice | Points

# Parameters every page accepts: ours, and Streamlit's own embedding options.
GLOBAL_KEYS = frozenset({"projector", "embed", "embed_options"})


def _quote(raw: str) -> str:
    """The value as inline code, cut to MAX_SHOWN characters, so no markup in it takes effect."""
    shown = raw[:MAX_SHOWN].replace("`", "'").replace("\n", " ")
    suffix = f"… ({len(raw):,} characters)" if len(raw) > MAX_SHOWN else ""
    return f"`{shown}`{suffix}" if shown.strip() else "an empty value"


def url_problems(params: dict[str, list[str]], specs: list[Param]) -> tuple[list[str], set[str]]:
    """One sentence per unusable (or snapped) parameter in ``params`` (each key → its list of values), and the keys
    to drop."""
    problems, drop = [], set()
    known = {spec.key for spec in specs} | GLOBAL_KEYS
    for key in params:
        if key not in known:
            problems.append(f"{_quote(key)} is not a setting of this page.")
            drop.add(key)
    for spec in specs:
        values = params.get(spec.key, [])
        if len(values) > 1:
            problems.append(f"`{spec.key}` appears {len(values)} times; the first is used.")
        if values:
            reason = spec.problem(values[0])
            if reason is not None:
                problems.append(f"`{spec.key}` = {_quote(values[0])} {reason}; the default is used instead.")
                drop.add(spec.key)
            elif isinstance(spec, Number) and (note := spec.note(values[0])):
                problems.append(note)
    return problems, drop


def canonical_params(params: dict[str, list[str]], specs: list[Param], drop: set[str]) -> dict[str, str]:
    """The parameters to rewrite: each kept number whose first value is not in the page's one spelling, or repeated."""
    rewrite = {}
    for spec in specs:
        values = params.get(spec.key, [])
        if not values or spec.key in drop:
            continue
        text = spec.canonical(values[0]) if isinstance(spec, Number) else values[0]
        if text != values[0] or len(values) > 1:
            rewrite[spec.key] = text
    return rewrite


def check_url_params(page: str, specs: list[Param]) -> None:
    """Show a warning naming every ignored URL parameter of ``page``, for as long as the page is open.

    Only the first run of a page reads the link: later runs see a URL that the page's own widgets
    wrote. If that first run finds bad values it removes them, writes every number the page's one way, and runs
    again from the cleaned URL (widgets seed from the URL as it was when a run began); the notices stay until the
    page is left.
    """
    notices = st.session_state.setdefault("_url_notices", {})
    if st.session_state.get("_url_checked_page") != page:
        st.session_state["_url_checked_page"] = page
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        notices[page], drop = url_problems(params, specs)
        rewrite = canonical_params(params, specs, drop)
        if drop or rewrite:
            # One change of the address, so the link that was opened and the cleaned one are one history entry.
            kept = {key: st.query_params.get_all(key) for key in st.query_params if key not in drop}
            st.query_params.from_dict(kept | rewrite)
            st.rerun()
    if notices.get(page):
        # Streamlit escapes HTML in markdown, so a hostile value cannot become markup.
        st.warning(
            "Some link parameters were ignored or changed:\n\n" + "\n".join(f"- {p}" for p in notices[page]), icon="⚠️"
        )
