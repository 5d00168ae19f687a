"""Seeded 2-D toy datasets: every call with the same arguments returns the same points."""

from __future__ import annotations

import numpy as np

from core.validation import positive_int

DATASETS = {
    "blobs": "Blobs, one per class, centred 3 from the origin",
    "overlap": "Overlapping blobs, centred 1 from the origin",
    "xor": "XOR: two classes in opposite corners",
    "spirals": "Spirals, one arm per class",
}
MAX_CLASSES = 5


def _class_sizes(n: int, classes: int) -> np.ndarray:
    return np.array([n // classes + (k < n % classes) for k in range(classes)])


def _blobs(rng: np.random.Generator, sizes: np.ndarray, noise: float, radius: float) -> tuple[np.ndarray, np.ndarray]:
    angles = 2 * np.pi * np.arange(sizes.size) / sizes.size + np.pi / 4
    centres = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.repeat(np.arange(sizes.size), sizes)
    return centres[y] + noise * rng.standard_normal((y.size, 2)), y


def _xor(rng: np.random.Generator, sizes: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    y = np.repeat(np.arange(2), sizes)
    # Class 0 sits at (+,+) and (−,−), class 1 at (−,+) and (+,−).
    diagonal = rng.choice([-1.0, 1.0], size=y.size)
    centres = 1.5 * np.column_stack([diagonal, np.where(y == 0, diagonal, -diagonal)])
    return centres + noise * rng.standard_normal((y.size, 2)), y


def _spirals(rng: np.random.Generator, sizes: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    y = np.repeat(np.arange(sizes.size), sizes)
    r = rng.uniform(0.3, 3.0, size=y.size)
    theta = 2 * np.pi * y / sizes.size + 1.6 * r
    return r[:, None] * np.column_stack([np.cos(theta), np.sin(theta)]) + noise * rng.standard_normal((y.size, 2)), y


def make_dataset(name: str, *, n: int, noise: float, classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Points ``X`` ``(n, 2)`` and integer labels ``y`` ``(n,)`` in 0..classes−1.

    ``noise`` is the standard deviation of the Gaussian jitter added to every point.
    Classes are as equal in size as ``n`` allows. XOR has exactly two classes.

    >>> X, y = make_dataset("blobs", n=6, noise=0.1, classes=3, seed=0)
    >>> X.shape, y.tolist()
    ((6, 2), [0, 0, 1, 1, 2, 2])
    """
    if name not in DATASETS:
        raise ValueError(f"data must be one of {', '.join(DATASETS)}, got {name!r}")
    n = positive_int("n", n)
    classes = positive_int("classes", classes)
    if not 2 <= classes <= MAX_CLASSES:
        raise ValueError(f"classes must be between 2 and {MAX_CLASSES}, got {classes}")
    if name == "xor" and classes != 2:
        raise ValueError("classes must be 2 for the xor dataset")
    if n < classes:
        raise ValueError(f"n must be at least classes ({classes}), got {n}")
    noise = float(noise)
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number ≥ 0, got {noise!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")

    rng = np.random.default_rng(seed)
    sizes = _class_sizes(n, classes)
    if name == "blobs":
        return _blobs(rng, sizes, noise, radius=3.0)
    if name == "overlap":
        return _blobs(rng, sizes, noise, radius=1.0)
    if name == "xor":
        return _xor(rng, sizes, noise)
    return _spirals(rng, sizes, noise)
