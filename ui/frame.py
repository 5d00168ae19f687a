"""The frame every page calls first: page config, navigation, projector mode, chart display."""

from __future__ import annotations

import gc
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from ui import lecture
from ui.chart import chart_numbers, live_chart
from ui.worker import hand_back_freed_memory
from viz import Look

ROOT = Path(__file__).resolve().parent.parent
APP_TITLE = "Linear classifiers, explained"


@dataclass(frozen=True)
class PageInfo:
    path: str
    title: str
    icon: str


PAGES = (
    PageInfo("app.py", "Home", ":material/home:"),
    PageInfo("pages/sigmoid_vs_softmax.py", "Sigmoid vs softmax", ":material/compare_arrows:"),
    PageInfo("pages/gradient_descent.py", "Gradient descent", ":material/trending_down:"),
)

# The first screen is the picture: Streamlit's 6rem above the title is room the explorers need (the toolbar above
# it is 3.75rem tall). The share link's QR code is as wide as a phone reads from the back of a room, modules sharp,
# and short enough that the popover holds it with the link above it, on the projector too.
# Reduced motion: Streamlit's own transitions and spinners stop; the explorers (shadow roots) honour it themselves.
# Code: Streamlit colours tokens from one palette in both themes, and on a code block some fall below 4.5:1 (light:
# strings 3.0, keywords 3.8, numbers 2.6; dark: keywords 4.1, comments 4.3). light-dark() picks by the color-scheme
# Streamlit sets for its theme; these reach 5.1–5.9:1 in light and 5.3–7.3:1 in dark.
_PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
.stCode .token.keyword, .stCode .token.function { color: light-dark(#1565C0, #6CB2FF); }
.stCode .token.string, .stCode .token.boolean { color: light-dark(#137333, #09AB3B); }
.stCode .token.number { color: light-dark(#0B7A6B, #29B09D); }
.stCode .token.operator { color: light-dark(#B04A00, #ED6F13); }
.stCode .token.punctuation, .stCode .token.comment { color: light-dark(#5F6368, #A3A7B3); }
.share-qr { display: block; width: min(22rem, 80vw, 34vh); height: auto; }
.share-qr path { shape-rendering: crispEdges; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    animation-duration: 0.01ms !important; animation-iteration-count: 1 !important;
    transition-duration: 0.01ms !important; scroll-behavior: auto !important;
  }
}
</style>
"""

# Streamlit 1.67 labels a slider's thumb by its own aria-label and then the slider's, the same words, so a screen
# reader says the name twice ("Noise Noise"). Without aria-labelledby the thumb's name is its aria-label alone.
# React writes the attribute again only if the label changes, and the observer takes it away again.
_SLIDER_NAMES_JS = """
const THUMBS = '[data-testid="stSlider"] input[type="range"][aria-label][aria-labelledby]';
const once = () => document.querySelectorAll(THUMBS).forEach((thumb) => thumb.removeAttribute("aria-labelledby"));
export default function sliderNames() {
  if (window.__sliderNames) return;
  window.__sliderNames = new MutationObserver(once);
  window.__sliderNames.observe(document.body, {subtree: true, childList: true, attributeFilter: ["aria-labelledby"]});
  once();
}
"""
_slider_names = st.components.v2.component("slider_names", js=_SLIDER_NAMES_JS, isolate_styles=False)

# Projector mode: larger type and controls for a room reading a wall from ten metres: no text under 24 px (the
# explorers' small text reads --lecture-min-text through their shadow roots). A formula's sub- and superscripts are
# 70 % of it (KaTeX), so a formula is at least 24/0.7 px; a script's own script (50 %) stays smaller.
PROJECTOR_MIN_TEXT = 24
_PROJECTOR_CSS = f"""
<style>
html {{ font-size: 22px; }}
:root {{ --lecture-min-text: {PROJECTOR_MIN_TEXT}px; }}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {{ font-size: 1.15rem; }}
[data-testid="stWidgetLabel"] p, [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stNumberInput"] input, [data-testid="stMain"] button p, [data-testid="stMetricLabel"] p,
[data-testid="stExpander"] summary p, [data-testid="stTab"] p, [data-testid="stPopoverBody"] p,
[data-testid="stCode"] code {{ font-size: max(1.1rem, {PROJECTOR_MIN_TEXT}px); }}
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {{ font-size: inherit; }}
section[data-testid="stSidebar"][data-collapsed="false"] {{ width: min(420px, 28vw) !important; }}
.katex {{ font-size: max(1.21em, {PROJECTOR_MIN_TEXT / 0.7:.1f}px); }}
</style>
"""


_modules_when_frozen = 0
_freezing = threading.Lock()
SCRIPT_THREAD = "ScriptRunner.scriptThread"  # what Streamlit names the thread that runs a session's script


def freeze_long_lived_objects() -> None:
    """Hide what the imports created from the garbage collector, once per new set of modules.

    Streamlit runs a full collection after every script run (``runner.postScriptGC``). With Plotly, pandas and
    NumPy loaded that walks ~115,000 long-lived objects, ~65 ms a run: half the server's CPU under a class of
    students (bench/load.py with py-spy). Frozen objects are skipped; each session's own garbage is still
    collected after every run. Skipped while another session's script is running, whose objects would be
    frozen with the imports and never collected; a later run freezes instead.
    """
    global _modules_when_frozen
    if len(sys.modules) == _modules_when_frozen:
        return
    with _freezing:
        me = threading.current_thread()
        others = any(thread.name == SCRIPT_THREAD and thread is not me for thread in threading.enumerate())
        if len(sys.modules) != _modules_when_frozen and not others:
            gc.collect()  # so nothing already unreachable is frozen for good
            gc.freeze()
            _modules_when_frozen = len(sys.modules)


def existing_pages() -> list[PageInfo]:
    """The pages whose scripts exist, so navigation never links to a missing page."""
    return [page for page in PAGES if (ROOT / page.path).is_file()]


def projector_on() -> bool:
    """Projector mode lives in the URL (``projector=1``), so it survives reloads, links and page changes."""
    return lecture.switched_on("projector")


def _sync_projector_to_url() -> None:
    if st.session_state["projector"]:
        st.query_params["projector"] = "1"
    else:
        st.query_params.pop("projector", None)


def link(path: str, *, label: str, icon: str, query_params: dict[str, str] | None = None) -> None:
    """A link to the page at ``path`` that keeps projector mode on; nothing if the page does not exist."""
    if not (ROOT / path).is_file():
        return
    params = dict(query_params or {})
    if projector_on():
        params["projector"] = "1"
    st.page_link(path, label=label, icon=icon, query_params=params or None)


def frame(title: str, icon: str, *, parts: tuple[str, ...] = ()) -> None:
    """Configure the page, draw the navigation and the projector toggle; call first on every page. ``parts`` are
    the names of the page's parts that a link may hide (``ui.lecture``). Charts take their styling from
    ``current_look``."""
    freeze_long_lived_objects()
    hand_back_freed_memory()
    hide, present = lecture.hidden(parts), lecture.switched_on(lecture.PRESENT)
    # On a projector and in a course page's iframe the sidebar starts folded away, so the picture has the whole
    # width; its arrow opens it.
    folded = projector_on() or present or "sidebar" in hide or bool(st.context.is_embedded)
    st.set_page_config(
        page_title=f"{title} · {APP_TITLE}", page_icon=icon, layout="wide",
        initial_sidebar_state="collapsed" if folded else "auto",
    )
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        projector_slot = st.container()
        st.divider()
        # The URL is the source of truth; the toggle mirrors it and writes changes back.
        st.session_state["projector"] = projector_on()
        projector = projector_slot.toggle(
            "Projector mode",
            key="projector",
            on_change=_sync_projector_to_url,
            help="Larger text, thicker lines and bigger markers for a classroom projector.",
        )
        for page in existing_pages():
            link(page.path, label=page.title, icon=page.icon)
        # In the sidebar, which every page draws first (st.html with only a style was measured to go missing on
        # some page loads; a markdown style element did not).
        css = _PAGE_CSS + (_PROJECTOR_CSS if projector else "") + lecture.css(hide, present=present)
        st.markdown(css, unsafe_allow_html=True)  # our constant CSS, never user text
        _slider_names(key="slider_names")


def current_look() -> Look:
    """Chart styling for this run: projector mode from the URL, light or dark from the browser's theme. A
    fragment asks again on each of its reruns, so a theme switched since the last full run is followed."""
    return Look(projector=projector_on(), dark=st.context.theme.type == "dark")


def show_chart(fig: go.Figure, *, key: str, filename: str, name: str | None = None) -> None:
    """Render ``fig`` following the active theme, named ``name`` (by default its title) for screen readers; the
    toolbar saves a 2× PNG named ``filename``. Below it, "The numbers behind this chart" opens its data as a table,
    the chart's text alternative; closed, it costs nothing."""
    name = name or fig.layout.title.text
    if not name:
        raise ValueError(f"the chart {key!r} needs a name: give its figure a title or pass name=")
    live_chart(
        fig,
        key=key,
        name=name,
        config={
            "displaylogo": False,
            # The "Share chart…" button offers to upload the chart to an outside service; the page has its own link.
            "showSendToCloud": False,
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename},
        },
    )
    numbers = st.expander("The numbers behind this chart", key=f"{key}_numbers", on_change="rerun")
    if numbers.open:
        with numbers:
            st.dataframe(chart_numbers(fig), hide_index=True, alt=f"The numbers behind the chart: {name}")
