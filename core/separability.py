"""Can linear scores put every point in its own class? Linear programs propose; exact arithmetic proves."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from scipy import linalg, optimize

from core.activations import log_softmax, softmax
from core.certificates import (
    augmented,
    combination,
    descends,
    integers,
    margins,
    pins,
    rules_out,
    separates,
)
from core.rational_lp import alternative, complete, stiemke
from core.validation import as_finite, as_labels, one_hot

ROUNDS = 3  # times the points are normalised afresh around those the last certificate failed on
EXACT_ROWS = 200  # the most rows (points × rival classes) handed to the rational simplex


@dataclass(frozen=True)
class Separation:
    """Whether scores zₖ = wₖᵀx + bₖ can give every point's own class the strictly largest score, and whether the
    mean cross-entropy reaches its infimum. Each answer is True or False only when proven, by a certificate checked
    in exact rational arithmetic on the given floats (``core.certificates``); None when neither could be.

    ``separable``: True with ``machine`` ``(K, D+1)`` Fractions [W b] such that every (w_{yᵢ} − wₖ)·xᵢ + b_{yᵢ} − bₖ
    > 0 exactly (``W``, ``b`` are its floats, and are the machine itself unless its margins are below their
    rounding); False with ``multipliers`` ``(N, K)`` Fractions λ ≥ 0, not all 0, with Σ λ_{ik} (e_{yᵢ} − eₖ) ⊗
    [xᵢ, 1] = 0, so no machine separates (Gordan). ``unbounded``: True if some direction lowers a point's loss and
    raises none, so the infimum is approached only as the weights grow without bound (so whenever a machine
    separates points of two classes or more); False if every direction that lowers one point's loss raises
    another's (Stiemke), so a minimiser exists. ``best_loss``: the infimum, 0 when separable, else the lowest mean
    cross-entropy a minimiser found (an upper bound on it). ``points``: ``fingerprint`` of the points and labels
    it was made for, so a user of a cached result can tell it belongs to its points without checking it again.
    """

    separable: bool | None
    unbounded: bool | None
    best_loss: float
    W: np.ndarray | None
    b: np.ndarray | None
    machine: np.ndarray | None = None
    multipliers: np.ndarray | None = None
    points: str | None = None

    @property
    def certain(self) -> bool:
        """Whether separability is proven either way."""
        return self.separable is not None


def fingerprint(X: np.ndarray, y: np.ndarray, classes: int) -> str:
    """A digest of float64 X, int64 labels y and K: equal for equal inputs, bit for bit."""
    digest = hashlib.blake2b(np.ascontiguousarray(X, dtype=np.float64).tobytes(), digest_size=16)
    digest.update(np.ascontiguousarray(y, dtype=np.int64).tobytes())
    digest.update(f"{X.shape}{classes}".encode())
    return digest.hexdigest()


def _margin_rows(Xa: np.ndarray, y: np.ndarray, classes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows a_{ik}, the coefficients of (θ_{yᵢ} − θₖ)·[xᵢ, 1] in θ = vec([W b]), one per point i and rival
    k ≠ yᵢ; and each row's i and k."""
    d = Xa.shape[1]
    rows, points, rivals = [], [], []
    for k in range(classes):
        rival = np.flatnonzero(y != k)
        row = np.zeros((rival.shape[0], classes, d))
        row[np.arange(rival.shape[0]), y[rival]] = Xa[rival]
        row[:, k] -= Xa[rival]
        rows.append(row.reshape(rival.shape[0], classes * d))
        points.append(rival)
        rivals.append(np.full(rival.shape[0], k))
    return np.concatenate(rows), np.concatenate(points), np.concatenate(rivals)


def _normalised(X: np.ndarray, focus: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x' = (x − c)/h per column, c the midrange and h the half-range of the ``focus`` points (of all points where
    the focus points share a value; 1 where all do): (x', c, h).

    x ↦ (x − c)/h is affine and invertible, so it changes no answer; it only puts the linear programs' numbers
    near [−1, 1]. Scaling or translating X scales and translates c and h with it, so the programs see the same
    numbers (to rounding) whatever the scale and origin of the points.
    """
    lo, hi = X[focus].min(axis=0), X[focus].max(axis=0)
    centre, half = lo / 2 + hi / 2, hi / 2 - lo / 2
    spread = X.max(axis=0) / 2 - X.min(axis=0) / 2
    half = np.where(half > 0, half, np.where(spread > 0, spread, 1.0))
    with np.errstate(over="ignore"):
        return np.clip((X - centre) / half, -1e150, 1e150), centre, half


@dataclass(frozen=True)
class _Program:
    """The rows a'_{ik} a linear program sees: on x' (``_normalised``), each divided by s = max(1, |x'ᵢ|∞) so every
    entry is in [−1, 1] (a positive scale changes no sign). λ' on these rows is λ = λ'/s on the given ones."""

    A: np.ndarray
    points: np.ndarray
    rivals: np.ndarray
    scale: np.ndarray
    centre: np.ndarray
    half: np.ndarray

    @classmethod
    def around(cls, X: np.ndarray, y: np.ndarray, classes: int, focus: np.ndarray) -> _Program:
        Xn, centre, half = _normalised(X, focus)
        scale = np.maximum(1.0, np.abs(Xn).max(axis=1, initial=0.0))
        A, points, rivals = _margin_rows(np.hstack([Xn, np.ones((X.shape[0], 1))]) / scale[:, None], y, classes)
        return cls(A, points, rivals, scale[points], centre, half)

    def machine(self, theta: np.ndarray) -> np.ndarray:
        """[W b] on the given inputs from θ' = [W' b'] on x' = (x − c)/h: W = W'/h, b = b' − W c."""
        theta = theta.reshape(-1, self.centre.shape[0] + 1)
        with np.errstate(all="ignore"):
            W = theta[:, :-1] / self.half
            return np.hstack([W, (theta[:, -1] - W @ self.centre)[:, None]])

    def multipliers(self, lam: np.ndarray, n: int, classes: int) -> np.ndarray:
        """λ on the given rows, ``(N, K)`` floats, from λ' on these."""
        out = np.zeros((n, classes))
        out[self.points, self.rivals] = lam / self.scale
        return out


def _exact_rows(Xa_exact: np.ndarray, y: np.ndarray, points: np.ndarray, rivals: np.ndarray, classes: int):
    """Rows a_{ik} on the given points as Python ints (all times one power of two): ``(len(points), K·(D+1))``."""
    rows = np.zeros((points.shape[0], classes, Xa_exact.shape[1]), dtype=object)
    for j, (i, k) in enumerate(zip(points, rivals, strict=True)):
        rows[j, y[i]] += Xa_exact[i]
        rows[j, k] -= Xa_exact[i]
    return rows.reshape(points.shape[0], classes * Xa_exact.shape[1])


def _gordan(X, y, classes, lp: _Program, lam: np.ndarray) -> np.ndarray | None:
    """Exact λ ≥ 0 on the support of the program's λ̂, solved in rationals on the given points (largest λ̂ solved
    for, the rest kept as they are); None if no such λ checks."""
    guess = lam / lp.scale
    for cut in (1e-12, 1e-6):
        support = np.flatnonzero(lam > cut * lam.max())
        rows = _exact_rows(augmented(X), y, lp.points[support], lp.rivals[support], classes)
        exact = complete(rows.T, guess[support], order=np.argsort(-guess[support], kind="stable"))
        found = np.full((X.shape[0], classes), Fraction(0), dtype=object)
        found[lp.points[support], lp.rivals[support]] = exact
        if rules_out(X, y, found):
            return found
    return None


def _separable(X: np.ndarray, y: np.ndarray, classes: int) -> tuple[bool | None, np.ndarray | None]:
    """(True, [W b]) or (False, λ), each certificate checked exactly; (None, None) if neither is found.

    One program gives both alternatives (Gordan): max Σλ subject to Σ λ_{ik} a'_{ik} = 0, Σλ ≤ 1, λ ≥ 0. Its
    optimum is 1 (λ̂ rules separation out) or 0, and then its dual θ has every a'_{ik}·θ ≥ 1: a machine with
    margin 1, whatever the scale of the points. The optimum only says which certificate to try. If none checks,
    the rational simplex decides on the rows the programs pointed at (``_exact_separable``).
    """
    focus = np.arange(X.shape[0])
    suspects: set[int] = set()
    for _ in range(ROUNDS):
        lp = _Program.around(X, y, classes, focus)
        found = optimize.linprog(
            -np.ones(lp.A.shape[0]),
            A_eq=lp.A.T,
            b_eq=np.zeros(lp.A.shape[1]),
            A_ub=np.ones((1, lp.A.shape[0])),
            b_ub=[1.0],
            bounds=(0, None),
            method="highs",
        )
        if found.status != 0:
            break
        if -found.fun < 0.5:
            theta = -found.eqlin.marginals  # d(−Σλ)/d(b_eq) = −θ
            machine = lp.machine(theta)
            if separates(X, y, machine[:, :-1], machine[:, -1]):
                return True, machine
            failing = lp.A @ theta < 1 + 1e-6
            if np.isfinite(machine).all():
                failing |= np.asarray(margins(X, y, machine)[lp.points, lp.rivals] <= 0, dtype=bool)
            nearby = np.unique(lp.points[failing])
        else:
            lam = _gordan(X, y, classes, lp, found.x)
            if lam is not None:
                return False, lam
            nearby = np.unique(lp.points[found.x > 1e-12 * found.x.max()])
        suspects.update(nearby.tolist())
        if nearby.shape[0] < 2 or np.array_equal(nearby, focus):
            break
        focus = nearby
    return _exact_separable(X, y, classes, sorted(suspects))


def _exact_separable(
    X: np.ndarray, y: np.ndarray, classes: int, suspects: list[int]
) -> tuple[bool | None, np.ndarray | None]:
    """Gordan's alternative by the rational simplex on a working set of rows: all of them if there are at most
    ``EXACT_ROWS``, else the suspects' rows, adding the rows its machine gets wrong until it gets none wrong."""
    points, rivals = _row_names(y, classes)
    Xa_exact = augmented(X)
    work = np.flatnonzero(np.isin(points, suspects)) if points.shape[0] > EXACT_ROWS else np.arange(points.shape[0])
    while 0 < work.shape[0] <= EXACT_ROWS:
        found, v = alternative(_exact_rows(Xa_exact, y, points[work], rivals[work], classes))
        if not found:
            lam = np.full((X.shape[0], classes), Fraction(0), dtype=object)
            lam[points[work], rivals[work]] = v
            return (False, lam) if rules_out(X, y, lam) else (None, None)
        theta = np.array(v, dtype=object).reshape(classes, -1)
        wrong = np.flatnonzero(np.asarray(margins(X, y, theta)[points, rivals] <= 0, dtype=bool))
        if wrong.shape[0] == 0:
            return True, theta
        work = np.union1d(work, wrong[: EXACT_ROWS // 4])
    return None, None


def _row_names(y: np.ndarray, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's point i and rival k, in ``_margin_rows``' order."""
    rivals = [np.flatnonzero(y != k) for k in range(classes)]
    return np.concatenate(rivals), np.concatenate([np.full(r.shape[0], k) for k, r in enumerate(rivals)])


def _unbounded(
    X: np.ndarray, y: np.ndarray, classes: int, fitted: np.ndarray | None = None
) -> tuple[bool | None, np.ndarray | None]:
    """(True, θ) with θ a direction that ``descends``, or (False, λ) that ``pins``; (None, None) if neither checks.

    First, if ``fitted`` (the probabilities P ``(N, K)`` at a minimiser of the loss) is given: there the gradient
    Σᵢ (pᵢ − e_{yᵢ}) ⊗ [xᵢ, 1] is 0, and pᵢ − e_{yᵢ} = −Σ_{k≠yᵢ} p_{ik} (e_{yᵢ} − eₖ), so λ_{ik} = p_{ik} > 0 balances
    every row: completed in rationals on a basis, it pins (and no linear program is needed).

    Direction: max gᵀθ subject to every a'_{ik}·θ ≥ 0, gᵀθ ≤ 1, θ ∈ [−1, 1], with g = Σ a'_{ik}; its optimum is
    > 0 exactly when such a direction exists. The rows it leaves at 0 must be exactly 0, so θ is completed in
    rationals on them (the free entries kept, the rest solved). Minimiser: λ ≥ 1 with Σ λ_{ik} a'_{ik} = 0, then
    completed in rationals on a basis of the rows. If neither checks and there are at most ``EXACT_ROWS`` rows,
    the rational simplex decides (``core.rational_lp.stiemke``).
    """
    lp = _Program.around(X, y, classes, np.arange(X.shape[0]))
    if fitted is not None:  # as whole multiples of 2⁻⁴⁰, at least one: exact ints of 41 bits, quick to check
        lam = _completed_balance(X, y, classes, lp, np.maximum(np.round(fitted * 2.0**40), 1.0))
        if lam is not None:
            return False, lam
    m = lp.A.shape[0]
    g = lp.A.sum(axis=0)
    direction = optimize.linprog(
        -g, A_ub=np.vstack([-lp.A, g]), b_ub=np.r_[np.zeros(m), 1.0], bounds=(-1, 1), method="highs"
    )
    if direction.status == 0 and -direction.fun > 0:
        theta = _completed_direction(X, y, classes, lp, direction.x)
        if theta is not None:
            return True, theta
    balance = optimize.linprog(
        np.ones(m), A_eq=lp.A.T, b_eq=np.zeros(lp.A.shape[1]), bounds=(1, None), method="highs"
    )
    if balance.status == 0:
        lam = _completed_balance(X, y, classes, lp, lp.multipliers(balance.x, X.shape[0], classes))
        if lam is not None:
            return False, lam
    if m > EXACT_ROWS:
        return None, None
    points, rivals = _row_names(y, classes)
    found, v = stiemke(_exact_rows(augmented(X), y, points, rivals, classes))
    if found:
        theta = np.array(v, dtype=object).reshape(classes, -1)
        return (True, theta) if descends(X, y, theta) else (None, None)
    lam = np.full((X.shape[0], classes), Fraction(0), dtype=object)
    lam[points, rivals] = v
    return (False, lam) if pins(X, y, lam) else (None, None)


def _basis(rows: np.ndarray) -> np.ndarray:
    """Indices of rows spanning the others, by QR with column pivoting (to rounding; the exact checks decide)."""
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    R, order = linalg.qr(rows.T, mode="r", pivoting=True)
    diagonal = np.abs(np.diag(R))
    return order[: int(np.count_nonzero(diagonal > 1e-10 * diagonal.max()))] if diagonal.max() > 0 else order[:0]


def _completed_direction(X, y, classes, lp: _Program, theta: np.ndarray) -> np.ndarray | None:
    """θ on the given inputs, made exactly 0 on the rows the program leaves near 0 (in rationals), if it descends;
    "near" is tried at several sizes, as only the exact check can tell a tiny margin from a rounded 0."""
    machine = lp.machine(theta)
    if not np.isfinite(machine).all():
        return None
    values = lp.A @ theta
    Xa_exact = augmented(X)
    for cut in (1e-12, 1e-9, 1e-6, 1e-3):
        zero = np.flatnonzero(values <= cut * values.max())
        basis = zero[_basis(lp.A[zero])]
        rows = _exact_rows(Xa_exact, y, lp.points[basis], lp.rivals[basis], classes)
        exact = np.array(complete(rows, machine.ravel()), dtype=object).reshape(machine.shape)
        if descends(X, y, exact):
            return exact
    return None


def _completed_balance(X, y, classes, lp: _Program, guess: np.ndarray) -> np.ndarray | None:
    """λ > 0 on the given rows with Σ λ_{ik} a_{ik} = 0 exactly, from λ̂ = ``guess`` ``(N, K)``: kept off a basis of
    the rows (chosen among the rows of largest λ̂, which the solve moves least), solved on it."""
    if not np.all(guess[lp.points, lp.rivals] > 0):
        return None
    basis = _basis(lp.A * guess[lp.points, lp.rivals, None])
    kept = integers(guess)  # λ̂ as ints, times one power of two
    kept[lp.points[basis], lp.rivals[basis]] = 0
    rest = combination(X, y, kept).ravel()
    rows = _exact_rows(augmented(X), y, lp.points[basis], lp.rivals[basis], classes)
    solved = complete(np.column_stack([rows.T, rest]), np.r_[guess[lp.points[basis], lp.rivals[basis]], 1.0])
    if solved[-1] != 1:  # the rest is not in the span of the basis rows
        return None
    found = kept.astype(object)  # Python ints, and the basis rows' Fractions
    found[lp.points[basis], lp.rivals[basis]] = solved[:-1]
    return found if pins(X, y, found) else None


def _rounded(X: np.ndarray, y: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the exact machine, [W b] in floats): θ scaled to max |entry| 1 and rounded; if the floats separate
    exactly too, they are the machine."""
    theta = np.asarray(theta)
    if theta.dtype != object:
        return np.array([[Fraction(float(v)) for v in row] for row in theta], dtype=object), theta.astype(float)
    largest = max((abs(Fraction(v)) for v in theta.ravel()), default=Fraction(0)) or Fraction(1)
    exact = np.array([[Fraction(v) / largest for v in row] for row in theta], dtype=object)
    floats = exact.astype(float)
    if separates(X, y, floats[:, :-1], floats[:, -1]):
        return np.array([[Fraction(float(v)) for v in row] for row in floats], dtype=object), floats
    return exact, floats


def separation(X: npt.ArrayLike, y: npt.ArrayLike, *, classes: int) -> Separation:
    """Decide, with proofs, whether some (W, b) has (w_{yᵢ} − wₖ)·xᵢ + b_{yᵢ} − bₖ > 0 for every point i and rival
    k, and whether the mean cross-entropy has a minimiser; and find the best loss.

    Linear programs (HiGHS) on the points normalised per column (``_normalised``) propose each answer with its
    certificate; the certificate is checked in exact arithmetic on the given floats. If the check fails, the points
    its rows name are normalised on their own and the program is solved again; then the simplex method in
    rational arithmetic decides on a few hundred rows. No margin threshold decides anything: an answer no
    certificate proves is None.
    """
    X = as_finite("X", X, ndim=2)
    y = as_labels("y", y, classes=classes, length=X.shape[0])
    return replace(_separation(X, y, classes), points=fingerprint(X, y, classes))


def _separation(X: np.ndarray, y: np.ndarray, classes: int) -> Separation:
    """``separation`` on validated inputs."""
    if X.shape[0] == 0 or classes == 1:  # no point has a rival: any machine separates, every loss is 0
        zeros = np.zeros((classes, X.shape[1] + 1))
        return Separation(True, False, 0.0, zeros[:, :-1], zeros[:, -1], machine=_rounded(X, y, zeros)[0])
    separable, certificate = _separable(X, y, classes)
    if separable:
        machine, floats = _rounded(X, y, certificate)
        return Separation(
            separable=True,
            unbounded=True,
            best_loss=0.0,
            W=floats[:, :-1],
            b=floats[:, -1],
            machine=machine,
        )
    Xn = _normalised(X, np.arange(X.shape[0]))[0]
    best_loss, fitted = _best_fit(np.hstack([Xn, np.ones((X.shape[0], 1))]), y, classes)
    unbounded, evidence = _unbounded(X, y, classes, fitted)
    if unbounded is False and separable is None:  # λ > 0 on every row rules separation out too
        separable, certificate = False, evidence
    return Separation(
        separable=separable,
        unbounded=unbounded,
        best_loss=best_loss,
        W=None,
        b=None,
        multipliers=certificate,
    )


def _best_fit(Xa: np.ndarray, y: np.ndarray, classes: int) -> tuple[float, np.ndarray]:
    """min over θ of the mean cross-entropy L, and the probabilities ``(N, K)`` where it is found, by Newton's
    method in a trust region (SciPy's ``trust-exact``).

    Adding one vector to every row changes no score difference, so row 1 stays 0 and rows 2…K are free. With
    P = softmax(Xa θᵀ) the gradient is (P − Y)ᵀXa / N and the Hessian Σᵢ (diag(pᵢ) − pᵢpᵢᵀ) ⊗ xᵢxᵢᵀ / N, both
    restricted to the free rows: K(D+1) ≤ 15 unknowns, so a handful of exact steps (L-BFGS took ~10× as long).
    On normalised inputs x' = (x − c)/h the machines are the same ones, renamed, so the minimum is the same.
    """
    Y = one_hot(y, classes)
    n, d = Xa.shape
    free = (classes - 1) * d
    outer = (Xa[:, :, None] * Xa[:, None, :]).reshape(n, d * d)

    def scores(flat):
        return Xa @ np.vstack([np.zeros((1, d)), flat.reshape(classes - 1, d)]).T

    def loss_and_gradient(flat):
        z = scores(flat)
        loss = -float(np.sum(log_softmax(z) * Y)) / n
        return loss, ((softmax(z) - Y).T @ Xa / n)[1:].ravel()  # dL/dθ = (ŷ − y)ᵀ[x, 1] / N

    def hessian(flat):
        p = softmax(scores(flat))[:, 1:]
        s = p[:, :, None] * (np.eye(classes - 1) - p[:, None, :])  # ∂pⱼ/∂zₖ = pⱼ(δⱼₖ − pₖ), per point
        h = (s.reshape(n, -1).T @ outer / n).reshape(classes - 1, classes - 1, d, d)
        return h.transpose(0, 2, 1, 3).reshape(free, free)

    found = optimize.minimize(
        loss_and_gradient,
        np.zeros(free),
        jac=True,
        hess=hessian,
        method="trust-exact",
        options={"gtol": 1e-12, "maxiter": 200},
    )
    return float(found.fun), softmax(scores(found.x))
