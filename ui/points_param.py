"""A student's own points in the address bar, ``points=x1_x2_label~x1_x2_label~…``, while they are few.

The third field is core's 0-based label (class − 1): an internal address format that links made before the page
numbered classes from 1 still use.

The address is what a reload, a copied link and a reconnect to another replica all bring back; the points go
nowhere else. A long list would break links (proxies refuse request lines over 8 KB, nginx's default), so
above MAX_CHARS the parameter is dropped and the page says so.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import streamlit as st

from core.points import points_from_columns
from ui.url_text import url_number

KEY = "points"
MAX_CHARS = 4000  # ~150 points at full precision, ~300 with two decimals


def encode_points(X: npt.NDArray[np.float64], y: npt.NDArray[np.int64]) -> str | None:
    """``x1_x2_label`` per point joined by ``~`` (characters a URL keeps as they are); None above MAX_CHARS.

    >>> encode_points(np.array([[0.5, -1.0], [2.0, 1e-05]]), np.array([0, 1]))
    '0.5_-1_0~2_1e-05_1'
    """
    text = "~".join(f"{url_number(a)}_{url_number(b)}_{int(label)}" for (a, b), label in zip(X, y, strict=True))
    return text if len(text) <= MAX_CHARS else None


def decode_points(raw: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """``X`` ``(N, 2)`` and ``y`` ``(N,)`` from a ``points`` value, checked as an edited table is.

    Raises ``ValueError`` with the reason (too long, malformed, not finite, out of range, one class).
    """
    if len(raw) > MAX_CHARS:
        raise ValueError(f"it is longer than {MAX_CHARS:,} characters")
    rows = [point.split("_") for point in raw.split("~")]
    if any(len(row) != 3 for row in rows):
        raise ValueError("each point must be x1_x2_label, the points joined by ~")
    try:
        values = np.array(rows, dtype=np.float64)
    except ValueError:
        raise ValueError("it holds something that is not a number") from None
    if not np.isfinite(values).all():
        raise ValueError("it holds a number that is not finite")
    return points_from_columns(values[:, 0], values[:, 1], values[:, 2], column="label")


def linked_points() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]] | None:
    """The points the address carries, or None (``ui.check_url_params`` has already dropped unusable ones)."""
    raw = st.query_params.get(KEY)
    if raw is None:
        return None
    try:
        return decode_points(raw)
    except ValueError:
        return None


def keep_points_in_link(X: npt.NDArray[np.float64], y: npt.NDArray[np.int64]) -> None:
    """Write the points into the address, or, when there are too many, drop the parameter and say so."""
    encoded = encode_points(X, y)
    if encoded is None:
        st.query_params.pop(KEY, None)
        st.info(
            f"These {len(y):,} points are too many for the page's address, so a reload or a reconnect will not "
            "bring them back: download them (CSV) to keep them.",
            icon=":material/link_off:",
        )
    elif st.query_params.get(KEY) != encoded:
        st.query_params[KEY] = encoded
