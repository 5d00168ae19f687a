"""A link's η (ui.descent_settings.LR through ui.params.check_url_params): called off-stop only when, as a number,
it is no stop, and written back as the slider writes it."""

from fractions import Fraction

import numpy as np
from streamlit.testing.v1 import AppTest

from ui.descent_settings import LEARNING_RATES
from ui.url_text import url_number


def snapped(raw: str) -> tuple[float | None, list[str]]:
    """The slider's value and the notices after a link with ``lr=raw`` opens the settings' learning-rate part; the
    address then holds the slider's own spelling of that value."""

    def script():
        import streamlit as st

        from ui.descent_settings import LEARNING_RATES, LR
        from ui.params import check_url_params
        from ui.url_text import url_number

        check_url_params("test", [LR])
        st.select_slider("η", LEARNING_RATES, value=0.5, format_func=url_number, key="lr", bind="query-params")

    at = AppTest.from_function(script)
    at.query_params["lr"] = raw
    at.run()
    assert not at.exception
    value = at.select_slider(key="lr").value
    assert at.query_params.get("lr", "0.5") == url_number(value), (raw, at.query_params)  # the default leaves it
    return value, [w.value for w in at.warning]


def spellings(stop: float, rng) -> list[str]:
    """Ways a link may write a stop: trailing zeros, a leading point, an exponent, a plus sign."""
    text = f"{stop:g}"
    return [text + ("" if "." in text else ".") + "0" * int(rng.integers(1, 4)), f"{stop:e}", f"{stop:.3e}",
            text.removeprefix("0") if text.startswith("0.") else f"{stop:.4f}", f"+{text}"]


def test_a_stop_written_another_way_is_that_stop_without_a_note():
    """Every stop written 5 other ways (125 links, "0.50" and "5e-1" among them): the slider takes the stop and no
    note says it lies between stops; 40 values off the stops (random, and a stop plus one ulp) are snapped to the
    nearest on the log scale with the note. Comparing texts called "0.50" off-stop."""
    rng = np.random.default_rng(91)
    for stop in LEARNING_RATES:
        for raw in spellings(stop, rng):
            assert Fraction(float(raw)) == Fraction(stop)
            value, captions = snapped(raw)
            assert value == stop and not any("between the slider's stops" in c for c in captions), raw
    off = [*(float(f"{x:.4g}") for x in 10 ** rng.uniform(-3, 1, 35)), *np.nextafter(LEARNING_RATES[3:8], 1)]
    for x in off:
        if x in LEARNING_RATES or not LEARNING_RATES[0] <= x <= LEARNING_RATES[-1]:
            continue
        value, captions = snapped(repr(float(x)))
        nearest = min(LEARNING_RATES, key=lambda stop, x=x: abs(np.log(stop / x)))
        assert value == nearest and any("between the slider's stops" in c for c in captions), x
