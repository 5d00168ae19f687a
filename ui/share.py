"""A 'share this view' control: the link that reopens the page exactly as it is."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
import streamlit as st

from ui.frame import projector_on
from ui.lecture import HIDE, PRESENT
from ui.url_text import url_text

LECTURE_KEYS = (HIDE, PRESENT)  # checked by the page before it runs, so as usable as the rest
QR_NAME = "QR code of the link above"


def qr_code(url: str) -> segno.QRCode | None:
    """The QR code of ``url`` (error correction L, raised where the same size allows); None if ``url`` is longer
    than a QR code holds (2,953 bytes)."""
    try:
        return segno.make(url, error="l", micro=False)
    except segno.DataOverflowError:
        return None


def qr_svg(code: segno.QRCode) -> str:
    """``code`` as inline SVG, black on white with a four-module quiet zone whatever the theme (phone cameras read dark
    modules on light), an image named by its title (its size: ``ui.frame``'s page CSS)."""
    svg = code.svg_inline(border=4, dark="#000000", light="#FFFFFF", omitsize=True, svgclass="share-qr", title=QR_NAME)
    return svg.replace("<svg ", '<svg role="img" ', 1)


def share_link(
    params: dict[str, object],
    *,
    from_widgets: tuple[str, ...] = (),
    from_address: tuple[str, ...] = (),
    address: str = "The address bar holds the same state.",
) -> None:
    """Show the page's address with every setting in ``params``, the values of the widgets keyed ``from_widgets``
    (open sections and their settings, "Show the answer"), the address's own ``from_address`` parameters (a
    student's points), the lecture view (``ui.lecture``: parts hidden, presenting) and projector mode when on, ready
    to copy; ``address`` says how the address bar compares. Each value is written as the address bar writes it
    (``url_text``: ``lr=10``, never ``10.0``)."""
    # A widget drawn below the link has no state yet on a page's first run: the address it will start from says.
    held = st.session_state
    widgets = {key: held[key] if key in held else st.query_params.get(key) for key in from_widgets}
    state = {key: url_text(value) for key, value in (params | widgets).items() if value is not None}
    state |= {key: st.query_params[key] for key in (*from_address, *LECTURE_KEYS) if key in st.query_params}
    if projector_on():
        state["projector"] = "1"
    url = f"{st.context.url or ''}?{urlencode(state)}"
    share = st.popover("Share this view", icon=":material/share:", key="share", on_change="rerun")
    with share:
        st.caption(f"Anyone opening this link sees this page with these settings. {address}")
        st.code(url, language=None, wrap_lines=True)
    if share.open:  # encoding the QR code took a tenth of a class's server time when every change drew it
        code = qr_code(url)
        with share:
            if code is None:
                st.caption(f"The link is {len(url):,} characters, too long for a QR code: share it as text.")
            else:
                st.markdown(qr_svg(code), unsafe_allow_html=True)  # our markup: the URL is only in its modules
                st.caption("Scan the code with a phone's camera to open the same view.")
