"""Shared Hypothesis strategies: bounded finite floats and small logit matrices."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-30, max_value=30, allow_nan=False, allow_infinity=False)


def logits(elements=finite, max_rows=6, max_classes=5):
    """Matrices (N, K) with 1 ≤ N ≤ max_rows and 2 ≤ K ≤ max_classes."""
    shapes = st.tuples(st.integers(1, max_rows), st.integers(2, max_classes))
    return shapes.flatmap(lambda s: hnp.arrays(np.float64, s, elements=elements))
