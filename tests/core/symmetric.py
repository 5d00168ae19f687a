"""Points on which two classes' scores are equal in exact arithmetic at every step of gradient descent from a zero
start: mirror images across classes, and classes with the same points. Shared by the tie tests and
bench/tie_rounding.py."""

from __future__ import annotations

import numpy as np

# Maps of the plane that are exact in floats (sign flips and a swap), with the points each leaves where they are.
IMAGES = {
    "x1": (lambda P: P * [-1.0, 1.0], lambda t: np.column_stack([0 * t, t])),
    "point": (lambda P: -P, lambda t: np.zeros((t.size, 2))),
    "diagonal": (lambda P: P[:, ::-1], lambda t: np.column_stack([t, t])),
}
KINDS = (*IMAGES, "duplicate")


def symmetric_case(rng: np.random.Generator, kind: str, classes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``X``, ``y`` and the rows of ``X`` at which the scores of classes 1 and 2 (indices 0, 1) stay equal in exact
    arithmetic.

    Mirror kinds: class 1's points, class 2's are their images, and points the map leaves where they are in both
    classes (the audit's two points at the origin); every other class is its own image. With a zero start the rows of
    classes 1 and 2 stay images of each other, so the two scores are equal at every fixed point. ``"duplicate"``:
    classes 1 and 2 have the same points in other orders, so their rows stay equal and their scores tie everywhere
    (the rows returned: the points of those two classes).
    Points are at a random power of ten (1e−3 … 1e3), rounded to two digits at that scale, in a random order.
    """
    n = int(rng.integers(2, 12))
    scale = 10.0 ** int(rng.integers(-3, 4))
    spot = lambda m, centre=0.0: np.round(rng.normal(centre, 2.0, (m, 2)), 2) * scale  # noqa: E731
    if kind == "duplicate":
        P = spot(n)
        parts = [(P, 0, True), (P[rng.permutation(n)], 1, True)]
        parts += [(spot(n, 3.0 * k), k, False) for k in range(2, classes)]
    else:
        image, still = IMAGES[kind]
        P, F = spot(n), still(spot(1).ravel())
        parts = [(P, 0, False), (image(P), 1, False), (F, 0, True), (F, 1, True)]
        for k in range(2, classes):
            Q = spot(n // 2 + 1, 1.5 * k)
            parts += [(Q, k, False), (image(Q), k, False)]
    order = rng.permutation(sum(len(p) for p, _, _ in parts))
    X = np.vstack([p for p, _, _ in parts])[order]
    y = np.concatenate([np.full(len(p), k) for p, k, _ in parts])[order]
    tied = np.concatenate([np.full(len(p), t) for p, _, t in parts])[order]
    return X, y, np.flatnonzero(tied)


def calm_rate(X: np.ndarray) -> float:
    """4 / λ_max(Σᵢ [xᵢ, 1][xᵢ, 1]ᵀ / N): below it gradient descent cannot amplify a difference between two runs.

    The mean cross-entropy's Hessian is Σᵢ (diag ŷᵢ − ŷᵢŷᵢᵀ) ⊗ [xᵢ, 1][xᵢ, 1]ᵀ / N, and ‖diag ŷ − ŷŷᵀ‖ ≤ ½, so its
    gradient is L-Lipschitz with L = λ_max / 2; for a convex L-smooth loss a step of η ≤ 2/L is non-expansive.
    """
    Xa = np.column_stack([X, np.ones(len(X))])
    return float(4.0 / np.linalg.eigvalsh(Xa.T @ Xa / len(X)).max())
