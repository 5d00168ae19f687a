"""The least a page with the sigmoid page's figure can cost: one slider and that figure, redrawn in place in a
fragment (bench/bench_browser.py measures it beside the floor app and the pages)."""

import os
import sys

import numpy as np
import streamlit as st

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import ui
from core import grid_points, logistic_from_softmax
from core.equivalence import compare
from viz.sigmoid_softmax import models_figure

LIMITS = (-4.0, 4.0)


@st.fragment
def figure_only() -> None:
    w21 = st.slider("w₂,₁", -5.0, 5.0, 1.0, 0.1, key="w2_1")
    W, bW = np.array([[-1.0, 0.5], [w21, 1.0]]), np.array([0.5, -0.5])
    w, b = logistic_from_softmax(W, bW)
    xs, ys, X = grid_points(LIMITS, LIMITS)
    result = compare(W, bW, w, b, X)
    ui.show_chart(models_figure(W, bW, w, b, result, xs, ys, LIMITS, ui.current_look()), key="regions", filename="x")


figure_only()
