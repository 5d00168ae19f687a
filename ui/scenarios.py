"""Curated classroom scenarios: a link that opens a page in a telling state, and a note for the teacher."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    title: str
    page: str
    params: dict[str, str]
    note: str


# Softmax rows shared by the sigmoid scenarios: w₁ = (1, −0.5), b₁ = 0.2; w₂ = (−0.5, 1), b₂ = −0.3,
# so the matching logistic weights are w = w₂ − w₁ = (−1.5, 1.5), b = b₂ − b₁ = −0.5.
_ROWS = {"w1_1": "1", "w1_2": "-0.5", "b1": "0.2", "w2_1": "-0.5", "w2_2": "1", "b2": "-0.3"}

SCENARIOS = (
    Scenario(
        "The sign mistake",
        "pages/sigmoid_vs_softmax.py",
        {**_ROWS, "mode": "free", "w_1": "1.5", "w_2": "-1.5", "b": "0.5"},
        "The logistic weights are set to w₁ − w₂, the answer you get by writing the softmax with e^{−z}. "
        "Ask the class why the two models now disagree on almost every point, then switch to linked mode.",
    ),
    Scenario(
        "Scaled weights",
        "pages/sigmoid_vs_softmax.py",
        {**_ROWS, "mode": "free", "w_1": "-3", "w_2": "3", "b": "-1"},
        "The logistic weights are twice w₂ − w₁: every label agrees, yet the probabilities differ. "
        "Use it to separate 'makes the same predictions' from 'is the same model'.",
    ),
    Scenario(
        "Shifted rows change nothing",
        "pages/sigmoid_vs_softmax.py",
        {"w1_1": "3", "w1_2": "2", "b1": "1.2", "w2_1": "1.5", "w2_2": "3.5", "b2": "0.7", "mode": "linked"},
        "These rows are the first scenario's rows plus (2, 2.5) and 1: the picture is the same. "
        "Only the difference of the rows matters, which is why softmax has one redundant row.",
    ),
    Scenario(
        "A learning rate that is too large",
        "pages/gradient_descent.py",
        {"data": "overlap", "classes": "3", "n": "300", "noise": "1", "seed": "0", "lr": "10", "step": "300"},
        "With η = 10 each step overshoots: the loss bounces about and ends above where it started, while the "
        "weights stay bounded. Lower η step by step with the class and find where descent becomes steady.",
    ),
    Scenario(
        "Data no line can separate",
        "pages/gradient_descent.py",
        {"data": "xor", "classes": "2", "n": "300", "noise": "0.4", "seed": "0", "lr": "1", "step": "300"},
        "XOR puts each class in opposite corners, so no line separates these points and the loss stalls near "
        "log 2. That is the best cross-entropy a line allows, not the best accuracy: some lines get more points "
        "right than the trained model.",
    ),
    Scenario(
        "Three classes",
        "pages/gradient_descent.py",
        {"data": "blobs", "classes": "3", "n": "300", "noise": "0.8", "seed": "0", "lr": "0.5", "step": "200",
         "open_pulls": "true"},
        "Three rows of W each get their own pull (ŷ − y)ᵀX / N, and the boundaries are where two scores tie. "
        "Scrub the step slider and watch the markers shrink as the points are learned; the open section below "
        "breaks a step into its pulls.",
    ),
)
