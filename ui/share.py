"""A 'share this view' control: the link that reopens the page exactly as it is."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ui.frame import projector_on
from ui.url_text import url_text


def share_link(
    params: dict[str, object],
    *,
    from_widgets: tuple[str, ...] = (),
    from_address: tuple[str, ...] = (),
    address: str = "The address bar holds the same state.",
) -> None:
    """Show the page's address with every setting in ``params``, the values of the widgets keyed ``from_widgets``
    (open sections and their settings, "Show the answer"), the address's own ``from_address`` parameters (a
    student's points) and projector mode when on, ready to copy; ``address`` says how the address bar compares.
    Each value is written as the address bar writes it (``url_text``: ``lr=10``, never ``10.0``)."""
    # A widget drawn below the link has no state yet on a page's first run: the address it will start from says.
    held = st.session_state
    widgets = {key: held[key] if key in held else st.query_params.get(key) for key in from_widgets}
    state = {key: url_text(value) for key, value in (params | widgets).items() if value is not None}
    state |= {key: st.query_params[key] for key in from_address if key in st.query_params}
    if projector_on():
        state["projector"] = "1"
    url = f"{st.context.url or ''}?{urlencode(state)}"
    with st.popover("Share this view", icon=":material/share:"):
        st.caption(f"Anyone opening this link sees this page with these settings. {address}")
        st.code(url, language=None, wrap_lines=True)
