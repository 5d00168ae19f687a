"""Own points in the address: exact round trip, a length limit, and a reason for every unusable value."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tests.core.strategies import finite
from ui.params import Points
from ui.points_param import MAX_CHARS, decode_points, encode_points

point_sets = st.integers(2, 40).flatmap(
    lambda n: st.tuples(
        hnp.arrays(np.float64, (n, 2), elements=finite),
        hnp.arrays(np.int64, (n,), elements=st.integers(0, 4)).filter(lambda y: np.unique(y).size >= 2),
    )
)


@given(point_sets)
def test_points_read_back_exactly(points):
    """decode(encode(X, y)) is X and y bit for bit (shortest round-trip decimals), in characters a URL keeps."""
    X, y = points
    encoded = encode_points(X, y)
    assert encoded is not None and set(encoded) <= set("0123456789.-e_~")
    X_back, y_back = decode_points(encoded)
    np.testing.assert_array_equal(X_back, X)
    np.testing.assert_array_equal(y_back, y)


def test_too_many_points_are_not_encoded():
    """Above MAX_CHARS characters there is no parameter (the page says so); just below, there is."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(400, 2)), np.arange(400) % 3
    assert encode_points(X, y) is None
    few = encode_points(np.round(X[:100], 2), y[:100])
    assert few is not None and len(few) <= MAX_CHARS


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "x1_x2_label"),
        ("1_2", "x1_x2_label"),
        ("1_2_0~3_4", "x1_x2_label"),
        ("1_x_0~3_4_1", "not a number"),
        ("1_nan_0~3_4_1", "not finite"),
        ("1_inf_0~3_4_1", "not finite"),
        ("1_2_0~3_4_0", "two different classes"),
        ("1_2_9~3_4_0", "label = 9"),
        ("1_2_0.5~3_4_0", "label = 0.5"),
        ("2e6_2_0~3_4_1", "outside"),
        ("1_2_0~" * 1000, "longer than 4,000 characters"),
    ],
)
def test_an_unusable_value_is_named_with_its_reason(raw, reason):
    """ui.check_url_params shows this sentence and drops the parameter; the page keeps its starting points."""
    problem = Points("points").problem(raw)
    assert problem is not None and reason in problem, problem
    with pytest.raises(ValueError, match=reason):
        decode_points(raw)


def test_a_usable_value_has_no_problem():
    assert Points("points").problem("0.5_-1_0~2_3_1") is None
