"""Reading a student's CSV: good files load exactly; every malformed file is refused with a message that says why."""

import re

import numpy as np
import pytest

from core.points import MAX_BYTES, MAX_ROWS, parse_points, points_csv, points_from_columns

GOOD = b"x1,x2,class\n0.5,-1,1\n2,3e2,2\n-4,0,3\n"


def test_a_good_file_loads_exactly():
    """Values, labels, dtypes and order come through unchanged; classes 1 … 3 become core's labels 0 … 2."""
    X, y = parse_points(GOOD)
    assert X.tolist() == [[0.5, -1.0], [2.0, 300.0], [-4.0, 0.0]]
    assert y.tolist() == [0, 1, 2]
    assert X.dtype == np.float64 and y.dtype == np.int64


def test_the_older_label_header_still_means_labels_from_0():
    """A file with the header x1,x2,label, as the page used to write it, loads the same points: labels 0 … 2 are
    classes 1 … 3."""
    X, y = parse_points(b"x1,x2,label\n0.5,-1,0\n2,3e2,1\n-4,0,2\n")
    assert (X.tolist(), y.tolist()) == (parse_points(GOOD)[0].tolist(), [0, 1, 2])


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfx1,x2,class\n0.5,-1,1\n2,300,2\n-4,0,3\n",  # Excel's UTF-8 byte-order mark
        b"X1, X2 , Class\r\n0.5,-1,1\r\n2,300,2\r\n\r\n-4,0,3\r\n",  # Windows line ends, spaces, capitals, a blank line
        b'"x1","x2","class"\n"0.5","-1","1"\n2,300,2\n-4,0,3.0\n',  # quoted cells, a class written 3.0
        b"x1,x2, LABEL \n0.5,-1,0\n2,300,1\n-4,0,2.0\n",  # the older header, spaced and in capitals
    ],
)
def test_harmless_variations_are_accepted(data):
    """Byte-order marks, CRLF, blank lines, quoting, capitals and whole-number floats as classes all read the same."""
    X, y = parse_points(data)
    assert X.tolist() == [[0.5, -1.0], [2.0, 300.0], [-4.0, 0.0]] and y.tolist() == [0, 1, 2]


def rows(count):
    return b"x1,x2,class\n" + b"".join(b"%d,%d,%d\n" % (i, -i, i % 2 + 1) for i in range(count))


HEADERS = "header x1,x2,class (classes 1 … 5), or the older x1,x2,label (labels 0 … 4); found"
MALFORMED = [
    ("empty", b"", "The file is empty. Expected a header line x1,x2,class"),
    ("whitespace only", b"  \n\n", "The file is empty"),
    ("header only", b"x1,x2,class\n", "has a header but no points"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("not UTF-8", "x1,x2,class\n1,2,1\nä,3,2\n".encode("latin-1"), "not UTF-8 text"),
    ("semicolons", b"x1;x2;class\n1;2;1\n", "separated by semicolons; use commas: x1,x2,class."),
    ("tabs", b"x1\tx2\tclass\n1\t2\t1\n", "separated by tabs; use commas"),
    ("wrong column names", b"a,b,c\n1,2,1\n", f"{HEADERS} `a`, `b`, `c`."),
    ("columns in another order", b"class,x1,x2\n1,1,2\n", f"{HEADERS} `class`, `x1`, `x2`."),
    ("missing column", b"x1,x2\n1,2\n", HEADERS),
    ("extra column", b"x1,x2,class,colour\n1,2,1,red\n", HEADERS),
    ("labels named otherwise", b"x1,x2,y\n1,2,0\n", f"{HEADERS} `x1`, `x2`, `y`."),
    ("no header", b"1,2,1\n3,4,2\n", "found `1`, `2`, `1`"),
    (
        "short line",
        b"x1,x2,class\n1,2,1\n3,4\n",
        "Line 3 has 2 values; each line needs 3, separated by commas: x1, x2, class.",
    ),
    (
        "short line, older header",
        b"x1,x2,label\n1,2\n",
        "Line 2 has 2 values; each line needs 3, separated by commas: x1, x2, label.",
    ),
    ("long line", b"x1,x2,class\n1,2,1,9\n", "Line 2 has 4 values"),
    ("data with semicolons", b"x1,x2,class\n1;2;1\n", "Line 2 has 1 value; each line needs 3, separated by commas"),
    ("text in a number", b"x1,x2,class\n1,2,1\n3,abc,2\n", "Line 3: x2 = `abc` is not a number"),
    ("empty cell", b"x1,x2,class\n,2,1\n", "Line 2: x1 = an empty cell is not a number"),
    ("nan", b"x1,x2,class\nnan,2,1\n", "Line 2: x1 = `nan` is not a finite number"),
    ("infinity", b"x1,x2,class\n1,-inf,1\n", "Line 2: x2 = `-inf` is not a finite number"),
    ("overflowing number", b"x1,x2,class\n1e400,2,1\n", "Line 2: x1 = `1e400` is not a finite number"),
    ("huge number", b"x1,x2,class\n1,2e6,1\n", "Line 2: x2 = `2e6` is outside −1,000,000 … 1,000,000"),
    ("fractional class", b"x1,x2,class\n1,2,1.5\n", "Line 2: class = `1.5` is not a whole number in 1 … 5."),
    ("class 0", b"x1,x2,class\n1,2,0\n3,4,1\n", "Line 2: class = `0` is not a whole number in 1 … 5."),
    ("class too large", b"x1,x2,class\n1,2,1\n3,4,6\n", "Line 3: class = `6` is not a whole number in 1 … 5."),
    ("text class", b"x1,x2,class\n1,2,cat\n", "Line 2: class = `cat` is not a number"),
    ("fractional label", b"x1,x2,label\n1,2,0.5\n", "Line 2: label = `0.5` is not a whole number in 0 … 4."),
    ("negative label", b"x1,x2,label\n1,2,-1\n3,4,0\n", "Line 2: label = `-1` is not a whole number in 0 … 4."),
    ("label too large", b"x1,x2,label\n1,2,0\n3,4,5\n", "Line 3: label = `5` is not a whole number in 0 … 4."),
    ("one class", b"x1,x2,class\n1,2,2\n3,4,2\n", "Every point has class 2; a classifier needs points of at least two"),
    ("one label", b"x1,x2,label\n1,2,1\n3,4,1\n", "Every point has label 1; a classifier needs points of at least two"),
    ("too many rows", rows(MAX_ROWS + 1), "more than 5,000 points; the limit is 5,000"),
    ("too many bytes", b"x1,x2,class\n" + b"1,2,1\n" * (MAX_BYTES // 6 + 1), "the limit is 1 MB"),
    ("markup in a cell", b"x1,x2,class\n<b>`x`</b>,2,1\n", "x1 = `<b>'x'</b>` is not a number"),
    ("a very long cell", b"x1,x2,class\n" + b"9" * 500 + b"x,2,1\n", "x1 = `99999999999999999999`… is not a number"),
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
    """points_csv writes what parse_points reads back bit for bit, so a download can be uploaded again; the file
    says x1,x2,class and numbers the classes 1 … K."""
    rng = np.random.default_rng(0)
    X = rng.normal(scale=100, size=(50, 2))
    y = rng.integers(0, 5, size=50)
    text = points_csv(X, y)
    assert text.startswith("x1,x2,class\n")
    assert [int(line.rsplit(",", 1)[1]) for line in text.splitlines()[1:]] == (y + 1).tolist()
    X2, y2 = parse_points(text.encode())
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


@pytest.mark.parametrize(
    ("columns", "column", "message"),
    [
        (([1.0, np.nan], [2.0, 3.0], [1, 2]), "class", "Row 2 has an empty cell"),
        (([1.0, 2.0], [2.0, 3e7], [1, 2]), "class", "Row 2: x2 = 3e+07 is outside"),
        (([1.0, 2.0], [2.0, 3.0], [1, 1.5]), "class", "Row 2: class = 1.5 is not a whole number in 1 … 5."),
        (([1.0, 2.0], [2.0, 3.0], [1, 7]), "class", "Row 2: class = 7 is not a whole number in 1 … 5."),
        (([1.0, 2.0], [2.0, 3.0], [1, 0]), "class", "Row 2: class = 0 is not a whole number in 1 … 5."),
        (([1.0, 2.0], [2.0, 3.0], [0, 5]), "label", "Row 2: label = 5 is not a whole number in 0 … 4."),
        (([1.0, 2.0], [2.0, 3.0], [2, 2]), "class", "A classifier needs points of at least two different classes."),
    ],
)
def test_the_edited_table_is_checked_like_a_file(columns, column, message):
    """Rows of the on-page table get the same checks as an upload, named by row, in the column's numbering."""
    with pytest.raises(ValueError, match=re.escape(message)):
        points_from_columns(*(np.array(c, dtype=float) for c in columns), column=column)


@pytest.mark.parametrize(("column", "numbers"), [("class", [1.0, 2.0]), ("label", [0.0, 1.0])])
def test_a_good_table_gives_points_and_0_based_labels(column, numbers):
    """Classes 1, 2 (or the address's labels 0, 1) are core's labels 0, 1."""
    X, y = points_from_columns(np.array([1.0, 2.0]), np.array([3.0, 4.0]), np.array(numbers), column=column)
    assert X.tolist() == [[1.0, 3.0], [2.0, 4.0]] and y.tolist() == [0, 1] and y.dtype == np.int64
