"""Reading a student's CSV: good files load exactly; every malformed file is refused with a message that says why."""

import re

import numpy as np
import pytest

from core.points import MAX_BYTES, MAX_ROWS, parse_points, points_csv, points_from_columns

GOOD = b"x1,x2,label\n0.5,-1,0\n2,3e2,1\n-4,0,2\n"


def test_a_good_file_loads_exactly():
    """Values, labels, dtypes and order come through unchanged."""
    X, y = parse_points(GOOD)
    assert X.tolist() == [[0.5, -1.0], [2.0, 300.0], [-4.0, 0.0]]
    assert y.tolist() == [0, 1, 2]
    assert X.dtype == np.float64 and y.dtype == np.int64


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfx1,x2,label\n0.5,-1,0\n2,300,1\n-4,0,2\n",  # Excel's UTF-8 byte-order mark
        b"X1, X2 , Label\r\n0.5,-1,0\r\n2,300,1\r\n\r\n-4,0,2\r\n",  # Windows line ends, spaces, capitals, a blank line
        b'"x1","x2","label"\n"0.5","-1","0"\n2,300,1\n-4,0,2.0\n',  # quoted cells, a label written 2.0
    ],
)
def test_harmless_variations_are_accepted(data):
    """Byte-order marks, CRLF, blank lines, quoting, capitals and whole-number floats as labels all read the same."""
    X, y = parse_points(data)
    assert X.tolist() == [[0.5, -1.0], [2.0, 300.0], [-4.0, 0.0]] and y.tolist() == [0, 1, 2]


def rows(count):
    return b"x1,x2,label\n" + b"".join(b"%d,%d,%d\n" % (i, -i, i % 2) for i in range(count))


MALFORMED = [
    ("empty", b"", "The file is empty"),
    ("whitespace only", b"  \n\n", "The file is empty"),
    ("header only", b"x1,x2,label\n", "has a header but no points"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("not UTF-8", "x1,x2,label\n1,2,0\nä,3,1\n".encode("latin-1"), "not UTF-8 text"),
    ("semicolons", b"x1;x2;label\n1;2;0\n", "separated by semicolons; use commas"),
    ("tabs", b"x1\tx2\tlabel\n1\t2\t0\n", "separated by tabs; use commas"),
    ("wrong column names", b"a,b,c\n1,2,0\n", "header x1,x2,label (in that order); found `a`, `b`, `c`"),
    ("columns in another order", b"label,x1,x2\n0,1,2\n", "header x1,x2,label (in that order)"),
    ("missing column", b"x1,x2\n1,2\n", "header x1,x2,label"),
    ("extra column", b"x1,x2,label,colour\n1,2,0,red\n", "header x1,x2,label"),
    ("no header", b"1,2,0\n3,4,1\n", "found `1`, `2`, `0`"),
    ("short line", b"x1,x2,label\n1,2,0\n3,4\n", "Line 3 has 2 values; each line needs 3"),
    ("long line", b"x1,x2,label\n1,2,0,9\n", "Line 2 has 4 values"),
    ("data with semicolons", b"x1,x2,label\n1;2;0\n", "Line 2 has 1 value; each line needs 3, separated by commas"),
    ("text in a number", b"x1,x2,label\n1,2,0\n3,abc,1\n", "Line 3: x2 = `abc` is not a number"),
    ("empty cell", b"x1,x2,label\n,2,0\n", "Line 2: x1 = an empty cell is not a number"),
    ("nan", b"x1,x2,label\nnan,2,0\n", "Line 2: x1 = `nan` is not a finite number"),
    ("infinity", b"x1,x2,label\n1,-inf,0\n", "Line 2: x2 = `-inf` is not a finite number"),
    ("overflowing number", b"x1,x2,label\n1e400,2,0\n", "Line 2: x1 = `1e400` is not a finite number"),
    ("huge number", b"x1,x2,label\n1,2e6,0\n", "Line 2: x2 = `2e6` is outside −1,000,000 … 1,000,000"),
    ("fractional label", b"x1,x2,label\n1,2,0.5\n", "Line 2: label = `0.5` is not a whole number; labels are 0 … 4"),
    ("negative label", b"x1,x2,label\n1,2,-1\n3,4,0\n", "Line 2: label = `-1` is outside 0 … 4"),
    ("label too large", b"x1,x2,label\n1,2,0\n3,4,5\n", "Line 3: label = `5` is outside 0 … 4"),
    ("text label", b"x1,x2,label\n1,2,cat\n", "Line 2: label = `cat` is not a number"),
    ("one class", b"x1,x2,label\n1,2,1\n3,4,1\n", "Every point has label 1; a classifier needs points of at least two"),
    ("too many rows", rows(MAX_ROWS + 1), "more than 5,000 points; the limit is 5,000"),
    ("too many bytes", b"x1,x2,label\n" + b"1,2,0\n" * (MAX_BYTES // 6 + 1), "the limit is 1 MB"),
    ("markup in a cell", b"x1,x2,label\n<b>`x`</b>,2,0\n", "x1 = `<b>'x'</b>` is not a number"),
    ("a very long cell", b"x1,x2,label\n" + b"9" * 500 + b"x,2,0\n", "x1 = `99999999999999999999`… is not a number"),
]


@pytest.mark.parametrize(("case", "data", "message"), MALFORMED, ids=[case for case, _, _ in MALFORMED])
def test_malformed_files_are_refused_with_a_clear_message(case, data, message):
    """Each malformed file raises ValueError whose message names the problem (and the line, where there is one)."""
    with pytest.raises(ValueError) as info:
        parse_points(data)
    assert message in str(info.value), (case, str(info.value))


def test_exactly_the_row_limit_is_accepted():
    """5,000 points is allowed; the limit is inclusive."""
    X, _ = parse_points(rows(MAX_ROWS))
    assert X.shape == (MAX_ROWS, 2)


def test_csv_round_trip_is_exact():
    """points_csv writes what parse_points reads back bit for bit, so a download can be uploaded again."""
    rng = np.random.default_rng(0)
    X = rng.normal(scale=100, size=(50, 2))
    y = rng.integers(0, 5, size=50)
    X2, y2 = parse_points(points_csv(X, y).encode())
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (([1.0, np.nan], [2.0, 3.0], [0, 1]), "Row 2 has an empty cell"),
        (([1.0, 2.0], [2.0, 3e7], [0, 1]), "Row 2: x2 = 3e+07 is outside"),
        (([1.0, 2.0], [2.0, 3.0], [0, 1.5]), "Row 2: label = 1.5 is not a whole number"),
        (([1.0, 2.0], [2.0, 3.0], [0, 7]), "Row 2: label = 7 is not a whole number in 0 … 4"),
        (([1.0, 2.0], [2.0, 3.0], [1, 1]), "at least two different labels"),
    ],
)
def test_the_edited_table_is_checked_like_a_file(columns, message):
    """Rows of the on-page table get the same checks as an upload, named by row."""
    with pytest.raises(ValueError, match=re.escape(message)):
        points_from_columns(*(np.array(c, dtype=float) for c in columns))


def test_a_good_table_gives_points_and_integer_labels():
    X, y = points_from_columns(np.array([1.0, 2.0]), np.array([3.0, 4.0]), np.array([0.0, 1.0]))
    assert X.tolist() == [[1.0, 3.0], [2.0, 4.0]] and y.tolist() == [0, 1] and y.dtype == np.int64
