"""Browser history for a page's view: one entry per deliberate change (``js/address_history.js``)."""

from __future__ import annotations

import streamlit as st

from ui import explorer_files

_component = st.components.v2.component(
    "address_history", js=explorer_files.source("address_history.js"), isolate_styles=False
)


def keep_history(*, replace_only: tuple[str, ...] = ()) -> None:
    """Make each deliberate change of the address one history entry; ``replace_only`` parameters (the step the map
    shows) change the current entry only. Drawn in the sidebar, where it takes no room."""
    with st.sidebar:
        _component(key="address_history", data={"replaceOnly": list(replace_only)})
