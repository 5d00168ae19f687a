"""The figures of the gradient-descent page's sections show core's numbers."""

import numpy as np

from core import gradient_descent, make_dataset
from core.diagnostics import chain_rule, finite_difference_sweep, start_weights, step_pulls
from core.two_class import compare_with_logistic
from viz import Look
from viz.gradient import finite_difference_figure, jacobian_figure, pulls_figure, two_class_figure


def test_the_pull_chain_ends_at_the_next_state():
    """Adding −η·Pᵢ tip to tail from w_k(t) lands on w_k(t+1) of the trajectory."""
    X, y = make_dataset("blobs", n=120, noise=0.8, classes=3, seed=0)
    W0, b0 = start_weights("zeros", classes=3, dims=2, seed=0)
    run = gradient_descent(X, y, W0, b0, 0.8, 3)
    pulls = step_pulls(X, y, run.W[1], run.b[1])
    fig = pulls_figure(pulls, y, run.W[1, 2], 0.8, 2, Look())
    after = next(trace for trace in fig.data if trace.name.endswith("after the step"))
    np.testing.assert_allclose([after.x[0], after.y[0]], run.W[2, 2], atol=1e-12)


def test_gradient_figures_show_core_numbers():
    """The Jacobian heatmap is core's J; the error curve is core's sweep; the two-class plot is core's check."""
    look = Look(projector=True, dark=True)
    rule = chain_rule([1.0, 2.0, -1.0], 0)
    np.testing.assert_array_equal(jacobian_figure(rule.jacobian, look).data[0].z, rule.jacobian)
    hs = np.logspace(-12, 0, 25)
    errors = finite_difference_sweep([1.0, 2.0, -1.0], 0, hs)
    best = int(np.argmin(errors))
    fd = finite_difference_figure(hs, errors, 1e-5, 1e-10, look, best=best)
    np.testing.assert_array_equal(fd.data[0].y, np.maximum(errors, 1e-18))
    marked = next(t for t in fd.data if t.name == "measured best h")
    assert marked.x[0] == hs[best] and marked.y[0] == errors.min() and hs[best] != 1e-5  # not the rule of thumb
    X, y = make_dataset("overlap", n=60, noise=1.0, classes=2, seed=0)
    check = compare_with_logistic(X, y, np.zeros((2, 2)), np.zeros(2), 0.5, 30)
    fig = two_class_figure(check, look)
    np.testing.assert_array_equal(fig.data[0].y, check.difference[:, 0])
    assert fig.layout.font.size >= 22
