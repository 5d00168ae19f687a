"""One way to write each value of a link: a reload, a copied address and a shared link then say the same."""

from __future__ import annotations


def url_number(x: float) -> str:
    """The shortest text that reads back as the same float, without a trailing ``.0``: 0.5, 10, -1, 1e-07 (−0 is 0).

    >>> [url_number(v) for v in (10.0, 0.5, -0.0, 1e-7, 0.1 + 0.2)]
    ['10', '0.5', '0', '1e-07', '0.30000000000000004']
    """
    return repr(float(x) + 0.0).removesuffix(".0")


def url_text(value: object) -> str:
    """A setting as a link writes it: numbers by ``url_number`` (whole ones as integers), booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return url_number(value)
    return str(value)
