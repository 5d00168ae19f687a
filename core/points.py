"""A student's own points: read a CSV ``x1,x2,label`` from bytes, or say exactly what is wrong with it."""

from __future__ import annotations

import csv
import io

import numpy as np

from core.datasets import MAX_CLASSES

COLUMNS = ("x1", "x2", "label")
MAX_BYTES = 1024 * 1024  # 1 MB, the same limit as the uploader (server.maxUploadSize = 1)
MAX_ROWS = 5_000
MAX_ABS = 1e6  # coordinates beyond this are typos or unit mistakes, and they swamp the step size
_SHOWN = 20  # characters of a bad cell quoted back
_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _quote(cell: str) -> str:
    """The cell as inline code, cut short, so nothing in it renders as markup."""
    shown = cell.strip()[:_SHOWN].replace("`", "'")
    return f"`{shown}`…" if len(cell.strip()) > _SHOWN else f"`{shown}`" if shown else "an empty cell"


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValueError(f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is 1 MB.")
    if b"\x00" in data:
        raise ValueError("This is not a text file. Save the points as CSV (comma-separated values) and try again.")
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark, as Excel writes, is allowed
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). Save it as CSV UTF-8 and try again."
        ) from exc
    if not text.strip():
        raise ValueError("The file is empty. Expected a header line x1,x2,label and one point per line.")
    return text


def _check_header(header: list[str], first_line: str) -> None:
    names = tuple(cell.strip().lower() for cell in header)
    if names == COLUMNS:
        return
    if len(header) == 1:
        for delimiter, name in _OTHER_DELIMITERS.items():
            if delimiter in first_line:
                raise ValueError(f"The columns are separated by {name}; use commas: x1,x2,label.")
    found = ", ".join(_quote(cell) for cell in header[:6])
    raise ValueError(f"The first line must be the header x1,x2,label (in that order); found {found}.")


def _number(cell: str, column: str, line: int) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise ValueError(f"Line {line}: {column} = {_quote(cell)} is not a number.") from None
    if not np.isfinite(value):
        raise ValueError(f"Line {line}: {column} = {_quote(cell)} is not a finite number.")
    if abs(value) > MAX_ABS:
        raise ValueError(f"Line {line}: {column} = {_quote(cell)} is outside −1,000,000 … 1,000,000.")
    return value


def _label(cell: str, line: int) -> int:
    value = _number(cell, "label", line)
    if value != int(value):
        raise ValueError(
            f"Line {line}: label = {_quote(cell)} is not a whole number; labels are 0 … {MAX_CLASSES - 1}."
        )
    if not 0 <= value < MAX_CLASSES:
        raise ValueError(f"Line {line}: label = {_quote(cell)} is outside 0 … {MAX_CLASSES - 1}.")
    return int(value)


def parse_points(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Points ``X`` ``(N, 2)`` and labels ``y`` ``(N,)`` in 0 … 4 from CSV bytes with header ``x1,x2,label``.

    Raises ``ValueError`` with a sentence a student can act on for every malformed file:
    too large (> 1 MB or > 5,000 points), binary or not UTF-8, empty, header only, other
    delimiters, wrong columns, ragged lines, non-numeric, infinite or huge (|x| > 10⁶)
    coordinates, labels that are not whole numbers in 0 … 4, and fewer than two classes.
    Blank lines are skipped.

    >>> X, y = parse_points(b"x1,x2,label\\n0.5,-1,0\\n2,3,1\\n")
    >>> X.tolist(), y.tolist()
    ([[0.5, -1.0], [2.0, 3.0]], [0, 1])
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(row for row in reader if any(cell.strip() for cell in row))
        _check_header(header, text.strip().splitlines()[0])
        rows = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) != len(COLUMNS):
                count = f"{len(row)} value" + ("" if len(row) == 1 else "s")
                raise ValueError(f"Line {line} has {count}; each line needs 3, separated by commas: x1, x2, label.")
            if len(rows) == MAX_ROWS:
                raise ValueError(f"The file has more than {MAX_ROWS:,} points; the limit is {MAX_ROWS:,}.")
            rows.append((_number(row[0], "x1", line), _number(row[1], "x2", line), _label(row[2], line)))
    except csv.Error as exc:
        raise ValueError(f"The file is not valid CSV: {exc}.") from None
    if not rows:
        raise ValueError("The file has a header but no points.")
    X = np.array([row[:2] for row in rows], dtype=np.float64)
    y = np.array([row[2] for row in rows], dtype=np.int64)
    if np.unique(y).size < 2:
        raise ValueError(f"Every point has label {y[0]}; a classifier needs points of at least two classes.")
    return X, y


def points_from_columns(x1: np.ndarray, x2: np.ndarray, label: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``X`` ``(N, 2)`` and ``y`` ``(N,)`` from the columns of an edited table, checked like a file.

    Empty cells arrive as NaN and are reported by row (counting from 1).
    """
    X = np.column_stack([np.asarray(x1, dtype=np.float64), np.asarray(x2, dtype=np.float64)])
    labels = np.asarray(label, dtype=np.float64)
    if X.shape[0] > MAX_ROWS:
        raise ValueError(f"The table has {X.shape[0]:,} points; the limit is {MAX_ROWS:,}.")
    for row, (a, b, c) in enumerate(zip(X[:, 0], X[:, 1], labels, strict=True), start=1):
        if np.isnan([a, b, c]).any():
            raise ValueError(f"Row {row} has an empty cell; fill it in or delete the row.")
        for value, column in ((a, "x1"), (b, "x2")):
            if not abs(value) <= MAX_ABS:
                raise ValueError(f"Row {row}: {column} = {value:g} is outside −1,000,000 … 1,000,000.")
        if c != int(c) or not 0 <= c < MAX_CLASSES:
            raise ValueError(f"Row {row}: label = {c:g} is not a whole number in 0 … {MAX_CLASSES - 1}.")
    y = labels.astype(np.int64)
    if np.unique(y).size < 2:
        raise ValueError("A classifier needs points of at least two different labels.")
    return X, y


def points_csv(X: np.ndarray, y: np.ndarray) -> str:
    """The CSV text ``parse_points`` reads back: header ``x1,x2,label``, full float precision."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((repr(float(a)), repr(float(b)), int(label)) for (a, b), label in zip(X, y, strict=True))
    return out.getvalue()
