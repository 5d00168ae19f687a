"""Can linear scores put every point in its own class? Decided by linear programs, with the best loss."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, sparse

from core.activations import log_softmax, softmax
from core.validation import as_finite, as_labels, one_hot

# An LP margin at or below this (on inputs scaled to [−1, 1], weights in [−1, 1]) counts as no margin.
MARGIN = 1e-9


@dataclass(frozen=True)
class Separation:
    """Whether scores zₖ = wₖᵀx + bₖ can give every point's own class the strictly largest score.

    ``separable``: they can (``W``, ``b`` is such a machine, checked in floating point; else None).
    ``unbounded``: some direction V lowers every point's loss without raising any, so the infimum of the
    mean cross-entropy is approached only as the weights grow without bound (always so when separable).
    ``best_loss``: that infimum, 0 when separable, else the lowest mean cross-entropy a minimiser found.
    """

    separable: bool
    unbounded: bool
    best_loss: float
    W: np.ndarray | None
    b: np.ndarray | None


def _margin_rows(Xa: np.ndarray, y: np.ndarray, classes: int) -> np.ndarray:
    """One row per point i and rival k ≠ yᵢ: the coefficients of (θ_{yᵢ} − θₖ)·[xᵢ, 1] in θ = vec([W b])."""
    d = Xa.shape[1]
    rows = []
    for k in range(classes):
        rival = y != k
        row = np.zeros((int(rival.sum()), classes, d))
        row[np.arange(row.shape[0]), y[rival]] = Xa[rival]
        row[:, k] -= Xa[rival]
        rows.append(row.reshape(row.shape[0], classes * d))
    return np.concatenate(rows)


def separation(X: npt.ArrayLike, y: npt.ArrayLike, *, classes: int) -> Separation:
    """Decide linear separability of the labelled points exactly, by LP (HiGHS), and find the best loss.

    Separable: max t subject to (θ_{yᵢ} − θₖ)·[xᵢ, 1] ≥ t for every point and rival class, θ ∈ [−1, 1]
    (inputs scaled to [−1, 1], which changes no answer) has t > 0. "Separable" is proven: the machine found
    has every margin above ``MARGIN`` when checked in floating point. "Not separable" means no machine has a
    margin beyond HiGHS's tolerances (about 1e−7 of the data's scale). Unbounded: max Σ sᵢₖ subject to
    (θ_{yᵢ} − θₖ)·[xᵢ, 1] ≥ sᵢₖ, sᵢₖ ∈ [0, 1], is > 0: moving along that θ lowers some losses, raises none.
    """
    X = as_finite("X", X, ndim=2)
    y = as_labels("y", y, classes=classes, length=X.shape[0])
    scale = np.max(np.abs(X), axis=0, initial=0.0)
    scale[scale == 0] = 1.0
    Xa = np.hstack([X / scale, np.ones((X.shape[0], 1))])
    A = _margin_rows(Xa, y, classes)
    m, p = A.shape
    # Variables [θ, t]: minimise −t subject to −A θ + t ≤ 0.
    margin = optimize.linprog(
        np.r_[np.zeros(p), -1.0],
        A_ub=np.hstack([-A, np.ones((m, 1))]),
        b_ub=np.zeros(m),
        bounds=[(-1, 1)] * p + [(None, 1)],
        method="highs",
    )
    theta = margin.x[:p].reshape(classes, -1)
    if np.all(A @ margin.x[:p] > MARGIN):
        W, b = theta[:, :-1] / scale, theta[:, -1]
        return Separation(separable=True, unbounded=True, best_loss=0.0, W=W, b=b)
    # Variables [θ, s]: minimise −Σ s subject to −A θ + s ≤ 0.
    slack = optimize.linprog(
        np.r_[np.zeros(p), -np.ones(m)],
        A_ub=sparse.hstack([sparse.csr_array(-A), sparse.eye_array(m, format="csr")], format="csr"),
        b_ub=np.zeros(m),
        bounds=[(-1, 1)] * p + [(0, 1)] * m,
        method="highs",
    )
    return Separation(
        separable=False, unbounded=bool(-slack.fun > MARGIN), best_loss=_best_loss(Xa, y, classes), W=None, b=None
    )


def _best_loss(Xa: np.ndarray, y: np.ndarray, classes: int) -> float:
    """min over θ of the mean cross-entropy, by L-BFGS with the exact gradient (Ŷ − Y)ᵀ[X 1] / N."""
    Y = one_hot(y, classes)
    n = Xa.shape[0]

    def loss_and_gradient(flat):
        z = Xa @ flat.reshape(classes, -1).T
        loss = -float(np.sum(log_softmax(z) * Y)) / n
        return loss, ((softmax(z) - Y).T @ Xa / n).ravel()  # dL/dθ = (ŷ − y)ᵀ[x, 1] / N

    found = optimize.minimize(
        loss_and_gradient,
        np.zeros(classes * Xa.shape[1]),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 10_000, "gtol": 1e-12, "ftol": 1e-15},
    )
    return float(found.fun)
