import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from deploy.replicas import cluster, find_nginx  # noqa: E402

# CI explores a fixed set of examples so a pass or a fail is reproducible; local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def probability_tolerance(X, w, b):
    """How far two correct evaluations of σ(wᵀx + b) at the rows of X may differ: the score's rounding, of
    order ε·(Σ|wᵢxᵢ| + |b|), moves σ by at most a quarter of that, plus a few ulps of σ itself."""
    import numpy as np

    return 4e-16 + np.finfo(np.float64).eps * (np.abs(X) @ np.abs(np.asarray(w)) + np.abs(b))


def need_nginx() -> None:
    """Skip the test where nginx is missing; fail it in CI, where make test installs nginx."""
    if find_nginx() is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("nginx is missing (make test installs it)")
        pytest.skip("no nginx (make test installs it)")


@pytest.fixture(scope="module")
def two_replicas():
    """Two replicas of the app behind nginx on loopback, for one test module."""
    need_nginx()
    with cluster(2) as found:
        yield found
