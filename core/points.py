"""A student's own points: read a CSV ``x1,x2,class`` from bytes, or say exactly what is wrong with it.

The page numbers classes 1 … K, as the seed does (rows w₁ … w_K); ``core`` works with labels ``y`` = class − 1.
A file's header says which numbering it uses: ``x1,x2,class`` counts from 1, and the older ``x1,x2,label`` (what
the page used to write) counts from 0, so earlier downloads still load as they were.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from core.datasets import MAX_CLASSES

COLUMNS = ("x1", "x2", "class")  # the header points_csv writes
FIRST = {"class": 1, "label": 0}  # the third column's name → the number of the first class
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
        raise ValueError("The file is empty. Expected a header line x1,x2,class and one point per line.")
    return text


def _check_header(header: list[str], first_line: str) -> str:
    """The third column's name, ``class`` or ``label``, if ``header`` is one of the two headers."""
    names = tuple(cell.strip().lower() for cell in header)
    if names[:2] == COLUMNS[:2] and len(names) == 3 and names[2] in FIRST:
        return names[2]
    if len(header) == 1:
        for delimiter, name in _OTHER_DELIMITERS.items():
            if delimiter in first_line:
                raise ValueError(f"The columns are separated by {name}; use commas: x1,x2,class.")
    found = ", ".join(_quote(cell) for cell in header[:6])
    raise ValueError(
        f"The first line must be the header x1,x2,class (classes 1 … {MAX_CLASSES}), or the older x1,x2,label "
        f"(labels 0 … {MAX_CLASSES - 1}); found {found}."
    )


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


def _class_problem(value: float, column: str) -> str | None:
    """Why ``value`` is no class in the numbering of ``column`` (1 … 5 for ``class``, 0 … 4 for ``label``)."""
    first = FIRST[column]
    if value != int(value) or not first <= value < first + MAX_CLASSES:
        return f"is not a whole number in {first} … {first + MAX_CLASSES - 1}"
    return None


def _label(cell: str, column: str, line: int) -> int:
    """The 0-based label of a file's cell in ``column``."""
    value = _number(cell, column, line)
    problem = _class_problem(value, column)
    if problem:
        raise ValueError(f"Line {line}: {column} = {_quote(cell)} {problem}.")
    return int(value) - FIRST[column]


def parse_points(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Points ``X`` ``(N, 2)`` and labels ``y`` ``(N,)`` in 0 … 4 from CSV bytes with header ``x1,x2,class``
    (classes 1 … 5, y = class − 1) or the older ``x1,x2,label`` (y = label, 0 … 4).

    Raises ``ValueError`` with a sentence a student can act on for every malformed file:
    too large (> 1 MB or > 5,000 points), binary or not UTF-8, empty, header only, other
    delimiters, wrong columns, ragged lines, non-numeric, infinite or huge (|x| > 10⁶)
    coordinates, classes that are not whole numbers in the header's numbering, and fewer
    than two classes. Blank lines are skipped.

    >>> X, y = parse_points(b"x1,x2,class\\n0.5,-1,1\\n2,3,2\\n")
    >>> X.tolist(), y.tolist()
    ([[0.5, -1.0], [2.0, 3.0]], [0, 1])
    >>> parse_points(b"x1,x2,label\\n0.5,-1,0\\n2,3,1\\n")[1].tolist()
    [0, 1]
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(row for row in reader if any(cell.strip() for cell in row))
        column = _check_header(header, text.strip().splitlines()[0])
        rows = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) != len(COLUMNS):
                count = f"{len(row)} value" + ("" if len(row) == 1 else "s")
                raise ValueError(f"Line {line} has {count}; each line needs 3, separated by commas: x1, x2, {column}.")
            if len(rows) == MAX_ROWS:
                raise ValueError(f"The file has more than {MAX_ROWS:,} points; the limit is {MAX_ROWS:,}.")
            rows.append((_number(row[0], "x1", line), _number(row[1], "x2", line), _label(row[2], column, line)))
    except csv.Error as exc:
        raise ValueError(f"The file is not valid CSV: {exc}.") from None
    if not rows:
        raise ValueError("The file has a header but no points.")
    X = np.array([row[:2] for row in rows], dtype=np.float64)
    y = np.array([row[2] for row in rows], dtype=np.int64)
    if np.unique(y).size < 2:
        raise ValueError(
            f"Every point has {column} {y[0] + FIRST[column]}; a classifier needs points of at least two classes."
        )
    return X, y


def points_from_columns(
    x1: np.ndarray, x2: np.ndarray, classes: np.ndarray, *, column: str = "class"
) -> tuple[np.ndarray, np.ndarray]:
    """``X`` ``(N, 2)`` and labels ``y`` ``(N,)`` from the columns of an edited table, checked like a file:
    ``y`` = class − 1 for the page's ``class`` column (1 … 5), ``y`` = label for a 0-based ``label`` column.

    Empty cells arrive as NaN and are reported by row (counting from 1).
    """
    X = np.column_stack([np.asarray(x1, dtype=np.float64), np.asarray(x2, dtype=np.float64)])
    numbers = np.asarray(classes, dtype=np.float64)
    if X.shape[0] > MAX_ROWS:
        raise ValueError(f"The table has {X.shape[0]:,} points; the limit is {MAX_ROWS:,}.")
    for row, (a, b, c) in enumerate(zip(X[:, 0], X[:, 1], numbers, strict=True), start=1):
        if np.isnan([a, b, c]).any():
            raise ValueError(f"Row {row} has an empty cell; fill it in or delete the row.")
        for value, name in ((a, "x1"), (b, "x2")):
            if not abs(value) <= MAX_ABS:
                raise ValueError(f"Row {row}: {name} = {value:g} is outside −1,000,000 … 1,000,000.")
        problem = _class_problem(c, column)
        if problem:
            raise ValueError(f"Row {row}: {column} = {c:g} {problem}.")
    y = numbers.astype(np.int64) - FIRST[column]
    if np.unique(y).size < 2:
        raise ValueError("A classifier needs points of at least two different classes.")
    return X, y


def points_csv(X: np.ndarray, y: np.ndarray) -> str:
    """The CSV text ``parse_points`` reads back: header ``x1,x2,class``, class = y + 1, full float precision."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((repr(float(a)), repr(float(b)), int(label) + 1) for (a, b), label in zip(X, y, strict=True))
    return out.getvalue()
