"""The "Look closer" sections of the gradient-descent page: one step point by point, why the gradient is ŷ − y,
and two-class softmax against logistic regression. Each runs only while its expander is open."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.diagnostics import (
    H_VALUES,
    chain_rule,
    finite_difference_error,
    finite_difference_sweep,
    start_weights,
    step_pulls,
)
from core.two_class import DIGITS, compare_with_logistic, explain
from ui.frame import current_look, show_chart
from ui.params import Number
from ui.worker import in_worker
from viz import Look
from viz.gradient import finite_difference_figure, jacobian_figure, pulls_figure, two_class_figure

TOP_PULLS = 10
TWO_CLASS_STEPS = Number("two_class_steps", 1, 2000, integer=True)  # how many steps the comparison runs
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@st.cache_data(max_entries=8, show_spinner=False)
def two_class_check(X: np.ndarray, y: np.ndarray, lr: float, steps: int, init: str, seed: int):
    W0, b0 = start_weights(init, classes=2, dims=X.shape[1], seed=seed)
    return in_worker(compare_with_logistic, X, y, W0, b0, lr, steps)


@st.fragment
def pulls_section(X, y, W, b, step: int, lr: float) -> None:
    """The step from the state the map shows (weights ``W``, ``b`` at ``step``) decomposed into the pulls
    (ŷᵢ − yᵢ)xᵢ of the points, and the points that pull hardest."""
    look = current_look()  # this fragment also reruns alone
    st.markdown(
        "Every step is a sum over the points: point *i* pulls the weights by $-\\eta(\\hat y_i - y_i)x_i/N$. "
        "For the class row $w_k$, a point of class *k* pulls it towards itself in proportion to $1 - \\hat y_{ik}$, "
        "and every other point pushes it away in proportion to $\\hat y_{ik}$, the probability it wrongly gives "
        "class *k*."
    )
    st.caption(f"The step from step {step:,} to {step + 1:,}: it follows the map, whenever the map rests on a step.")
    k = st.radio(
        "Class row",
        range(W.shape[0]),
        format_func=lambda c: f"w{str(c + 1).translate(SUBSCRIPTS)} (class {c + 1})",
        horizontal=True,
        key="pull_class",
    )
    pulls = step_pulls(X, y, W, b)
    chart, table = st.columns([1, 1.2], gap="medium")
    with chart:
        show_chart(pulls_figure(pulls, y, W[k], lr, k, look), key="pulls_chart", filename=f"pulls-step-{step}")
    with table:
        top = pulls.largest(TOP_PULLS)
        st.markdown(f"**The {top.size} largest pulls at step {step:,}** (all classes and the bias counted)")
        st.dataframe(
            pd.DataFrame(
                {
                    "point": top + 1,  # counted from 1, as the rows of the own-points table are
                    "x₁, x₂": [f"{a:.3g}, {b:.3g}" for a, b in X[top]],
                    "class": y[top] + 1,
                    "predicted": [str(k + 1) if k >= 0 else "tie" for k in pulls.predicted[top]],
                    "ŷ (own)": pulls.y_hat[top, y[top]],
                    "pull": pulls.sizes[top],
                }
            ),
            hide_index=True,
            alt=f"The {top.size} largest pulls at step {step:,}",
            # Widths that fit all six columns beside the chart at 1366 px.
            column_config={
                "point": st.column_config.NumberColumn(width=52),
                "x₁, x₂": st.column_config.TextColumn(width=112),
                "class": st.column_config.NumberColumn(width=50),
                "predicted": st.column_config.TextColumn(width=76),
                "ŷ (own)": st.column_config.NumberColumn(format="%.3f", width=68),
                "pull": st.column_config.NumberColumn(format="%.2e", width=76),
            },
            key="pulls_table",
        )
        st.caption(
            "ŷ (own): the probability of the point's own class. Pull: ‖(ŷᵢ − yᵢ) ⊗ [xᵢ, 1]‖ / N over every class "
            "row and the bias. "
            "The chain on the left adds them up."
        )


@st.fragment
def why_section() -> None:
    """Why the gradient is ŷ − y: the Jacobian, the chain rule, and a finite-difference check."""
    look = current_look()  # this fragment also reruns alone
    st.markdown(
        "For one point with logits $z$, $\\hat y = \\mathrm{softmax}(z)$ and loss $L = -\\sum_k y_k \\log \\hat y_k$. "
        "The chain rule goes through the softmax Jacobian:"
    )
    st.latex(
        r"\begin{aligned}\frac{\partial L}{\partial z} &= \Big(\frac{\partial L}{\partial \hat y}\Big)^{\!\top} J"
        r" = -\Big(\frac{y}{\hat y}\Big)^{\!\top}\big(\operatorname{diag}(\hat y) - \hat y \hat y^\top\big) \\"
        r" &= -y^\top + \Big(\sum_k y_k\Big)\hat y^\top = \hat y - y\end{aligned}"
    )
    cols = st.columns(4)
    z = [
        cols[i].slider(f"z{i + 1}", -6.0, 6.0, value, step=0.5, key=f"why_z{i + 1}")
        for i, value in enumerate((1.0, 2.0, -1.0))
    ]
    target = cols[3].radio("True class", (0, 1, 2), format_func=lambda c: f"class {c + 1}", key="why_target")
    rule = chain_rule(z, target)
    h = st.select_slider(
        "Finite-difference step h", H_VALUES, value=1e-5, format_func=lambda v: f"{v:.0e}", key="why_h"
    )
    estimate, error = finite_difference_error(z, target, h)
    # Each row named in a column of its own, not in the index: the index's column has no header to read out.
    rows = pd.DataFrame(
        [rule.y_hat, rule.dloss_dyhat, rule.chain, rule.shortcut, estimate], columns=["class 1", "class 2", "class 3"]
    )
    rows.insert(0, "quantity", ["ŷ", "∂L/∂ŷ = −y/ŷ", "(∂L/∂ŷ)ᵀ J", "ŷ − y", f"finite difference, h = {h:.0e}"])
    st.dataframe(
        rows,
        hide_index=True,
        alt="ŷ, ∂L/∂ŷ, and the gradient on the logits three ways: chain rule, ŷ − y, finite difference",
        column_config={c: st.column_config.NumberColumn(format="%.6f") for c in ("class 1", "class 2", "class 3")},
        key="why_table",
    )
    st.caption(
        f"Chain rule and ŷ − y differ by at most {rule.gap:.1e} (rounding). "
        f"The finite difference with h = {h:.0e} is off by {error:.1e}."
    )
    left, right = st.columns(2, gap="large")
    sweep = finite_difference_sweep(z, target)
    best = int(np.argmin(sweep))
    with left:
        show_chart(jacobian_figure(rule.jacobian, look), key="jacobian_chart", filename="softmax-jacobian")
    with right:
        show_chart(
            finite_difference_figure(np.array(H_VALUES), sweep, h, error, look, best=best),
            key="fd_chart",
            filename="finite-difference-error",
        )
    st.caption(
        "Large h: the central difference's truncation error shrinks like h². Tiny h: the two losses agree "
        "in almost every digit, so rounding (ε ≈ 2.2e−16) divided by h takes over. For this z the smallest "
        f"error, {sweep[best]:.1e}, is at h = {H_VALUES[best]:.0e} (the open diamond; the rule of thumb ε^(1/3) ≈ 6e−6 "
        "is a guide)."
    )


def two_class_section(X, y, classes: int, settings: dict, look: Look) -> None:
    """Two-class softmax at η against logistic regression at 2η."""
    if classes != 2:
        fix = (
            "give your points classes 1 and 2 only" if settings["data"] == "own" else "set Classes K to 2 (or use XOR)"
        )
        st.info(f"This comparison needs exactly two classes: {fix}.")
        return
    steps = st.slider(
        "Steps compared", int(TWO_CLASS_STEPS.lo), int(TWO_CLASS_STEPS.hi), 200, key=TWO_CLASS_STEPS.key,
        bind="query-params",
    )
    check = two_class_check(X, y, settings["lr"], steps, settings["init"], settings["seed"])
    st.markdown(
        "Every row of ŷ − y sums to 0, so each step moves $w_1$ and $w_2$ by equal and opposite amounts: "
        "$w_1 + w_2$ never changes, and $w_2 - w_1$ moves by twice one row's step, in exact arithmetic the "
        f"logistic step at rate $2\\eta$ = {2 * settings['lr']:g} from $w = w_2 - w_1$, $b = b_2 - b_1$."
    )
    a, b, c, d = st.columns(4)
    a.metric("Gap after the first step", f"{check.first_gap:.1e}")
    b.metric("Largest gap, w₂ − w₁ vs logistic", f"{check.max_gap:.1e}")
    c.metric(
        f"Largest gap in {DIGITS} digits",
        f"{check.reference_gap:.1e}",
        help=f"The same two runs in {DIGITS}-digit decimal arithmetic, over steps 0–{check.checked:,}.",
    )
    d.metric("Largest change of w₁ + w₂", f"{check.max_drift:.1e}")
    st.caption(explain(check, points=X.shape[0]))
    show_chart(
        two_class_figure(check, look),
        key="two_class_chart",
        filename="softmax-vs-logistic",
        name="Softmax's w₂ − w₁ at η against logistic regression's w at 2η, and w₁ + w₂, step by step",
    )
