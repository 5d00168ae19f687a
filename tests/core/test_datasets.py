"""Seeded datasets: reproducible, the right shapes and labels, and validated arguments."""

import numpy as np
import pytest

from core import DATASETS, make_dataset
from core.separability import separation


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("n", [2, 11, 500])
def test_shapes_labels_and_balance(name, n):
    """n points, labels 0..K−1, class sizes differing by at most one."""
    classes = 2
    X, y = make_dataset(name, n=n, noise=0.3, classes=classes, seed=4)
    assert X.shape == (n, 2) and X.dtype == np.float64 and np.isfinite(X).all()
    counts = np.bincount(y, minlength=classes)
    assert counts.sum() == n and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", ["blobs", "overlap", "spirals"])
@pytest.mark.parametrize("classes", [2, 3, 4, 5])
def test_every_class_present(name, classes):
    """Each of the K classes appears."""
    _, y = make_dataset(name, n=50, noise=0.3, classes=classes, seed=0)
    assert set(y.tolist()) == set(range(classes))


def test_same_seed_same_points_other_seed_other_points():
    """A seed fixes the data, so a shared link reproduces it."""
    a = make_dataset("spirals", n=40, noise=0.2, classes=3, seed=7)
    b = make_dataset("spirals", n=40, noise=0.2, classes=3, seed=7)
    c = make_dataset("spirals", n=40, noise=0.2, classes=3, seed=8)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


def test_xor_is_xor():
    """With no noise, class 0 sits where x₁x₂ > 0 and class 1 where x₁x₂ < 0."""
    X, y = make_dataset("xor", n=100, noise=0.0, classes=2, seed=0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))


def test_well_separated_blobs_are_further_apart_than_overlapping_ones():
    """Class means of 'blobs' are further apart than those of 'overlap'."""
    def spread(name):
        X, y = make_dataset(name, n=400, noise=0.5, classes=2, seed=0)
        return np.linalg.norm(X[y == 0].mean(axis=0) - X[y == 1].mean(axis=0))

    assert spread("blobs") > 2 * spread("overlap")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "moons"}, "data"),
        ({"n": 0}, "n"),
        ({"n": 1}, "n must be at least"),
        ({"classes": 6}, "classes"),
        ({"classes": 1}, "classes"),
        ({"name": "xor", "classes": 3}, "classes"),
        ({"noise": -1.0}, "noise"),
        ({"noise": float("nan")}, "noise"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(kwargs, message):
    """Unknown names and out-of-range numbers raise ValueError naming the argument."""
    args = {"name": "blobs", "n": 10, "noise": 0.5, "classes": 2, "seed": 0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        make_dataset(args.pop("name"), **args)


def test_dataset_names_claim_nothing_the_points_may_break():
    """XOR with n = 10 is separable for some seeds and blobs with noise 3 are not, so no dataset's name may say
    'no line separates them' or 'well-separated'; the page states the LP's answer for the points on screen."""
    separable = [separation(*make_dataset("xor", n=10, noise=0.8, classes=2, seed=s), classes=2).separable
                 for s in range(40)]
    assert any(separable) and not all(separable)
    assert not separation(*make_dataset("blobs", n=200, noise=3.0, classes=5, seed=0), classes=5).separable
    for name in DATASETS.values():
        assert "separat" not in name.lower()
