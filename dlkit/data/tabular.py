"""Tabular data for the Keras chapter (07): a concrete-strength-like regression set and normalisation.

The concrete set of the source notes (002, after Yeh 1998: 1030 mixes, 8 ingredients and the age,
compressive strength in MPa) is not bundled with any installed library, so `concrete_like` draws a
synthetic set with the same columns and ranges from two textbook formulas:

    Abrams' law (1918):    f28 = A / B ** (w/b)        A = 96.5 MPa, B = 7,  w/b = water / binder
    ACI 209 age factor:    f(t) = f28 * t / (4 + 0.85 t)        t = age in days (1.0 near t = 28)

with binder = cement + 0.6 slag + 0.4 fly ash, a small superplasticizer bonus and Gaussian noise
(3 MPa). Nothing is downloaded; the same rng gives the same rows on every machine.

Symbols (docs/NAMING.md): N examples, D predictors (D = 8 for the concrete set).
    table       (N, D + 1) float   the predictors, then the target column "strength"
    X           (N, D)     float   predictors, one mix per row
    y           (N,)       float   compressive strength in MPa

The chapter's reference Keras models are in dlkit.models.dense, its training-curve explorer in
dlkit.viz.curves.

Example:
    >>> X_tr, X_te, y_tr, y_te = concrete_split(100, test_size=0.2)
    >>> X_tr.shape, X_te.shape
    ((80, 8), (20, 8))
    >>> s = concrete_splits(600)              # training, validation and test rows: fit, select, report
    >>> s.X_train.shape, s.X_val.shape, s.X_test.shape
    ((360, 8), (120, 8), (120, 8))
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = ["CONCRETE_COLUMNS", "AGES", "concrete_like", "split_predictors_target", "concrete_split",
           "ConcreteSplits", "concrete_splits", "normalize"]

CONCRETE_COLUMNS = ("cement", "blast_furnace_slag", "fly_ash", "water", "superplasticizer",
                    "coarse_aggregate", "fine_aggregate", "age", "strength")
AGES = np.array([3, 7, 14, 28, 56, 90, 180, 365])      # days, the test ages of the real data set


def concrete_like(n: int = 600, rng=None) -> np.ndarray:
    """A synthetic concrete-strength table: n mixes, columns CONCRETE_COLUMNS (strength last).

    strength = 96.5 / 7 ** (water / binder) * age / (4 + 0.85 age) + 0.3 superplasticizer + noise,
    binder = cement + 0.6 slag + 0.4 fly ash, noise ~ N(0, 3 MPa), clipped at 2 MPa.

    Args:
        n: number of rows, an int >= 1.
        rng: np.random.Generator or int seed (None: seed 0).

    Returns:
        (n, 9) float array; kg per m^3 of mix for the ingredients, days for age, MPa for strength.

    Example:
        >>> table = concrete_like(5, rng=0)
        >>> table.shape
        (5, 9)
    """
    n = validate.integer(n, "n", low=1, where="concrete_like")
    g = validate.rng(rng, where="concrete_like")
    cement = g.uniform(100, 540, n)                            # (n,) each column
    slag = np.where(g.random(n) < 0.5, 0.0, g.uniform(10, 360, n))
    fly_ash = np.where(g.random(n) < 0.55, 0.0, g.uniform(20, 200, n))
    water = g.uniform(125, 245, n)
    superplasticizer = np.where(g.random(n) < 0.35, 0.0, g.uniform(1, 30, n))
    coarse = g.uniform(800, 1145, n)
    fine = g.uniform(595, 990, n)
    age = g.choice(AGES, size=n, p=[0.13, 0.12, 0.06, 0.42, 0.09, 0.09, 0.05, 0.04]).astype(float)
    binder = cement + 0.6 * slag + 0.4 * fly_ash
    f28 = 96.5 / 7.0 ** (water / binder)                       # Abrams' law, MPa
    strength = f28 * age / (4.0 + 0.85 * age) + 0.3 * superplasticizer + g.normal(0.0, 3.0, n)
    strength = np.maximum(strength, 2.0)
    return np.column_stack([cement, slag, fly_ash, water, superplasticizer, coarse, fine, age, strength])


def split_predictors_target(table, target: int = -1):
    """Split a table into predictors (every column but `target`) and the target column.

    Args:
        table: (N, C) array with C >= 2; target: index of the target column (default the last one).

    Returns:
        X (N, C - 1) predictors, y (N,) target.

    Example:
        >>> X, y = split_predictors_target(np.arange(6.0).reshape(2, 3))
        >>> X, y
        (array([[0., 1.],
               [3., 4.]]), array([2., 5.]))
    """
    table = validate.array(table, "table", ndim=2, where="split_predictors_target")
    validate.integer(table.shape[1], "the number of columns of table", low=2, where="split_predictors_target")
    target = validate.integer(target, "target", low=-table.shape[1], high=table.shape[1] - 1,
                              where="split_predictors_target") % table.shape[1]
    return np.delete(table, target, axis=1), table[:, target].copy()


def concrete_split(n: int = 600, test_size: float = 0.2, seed: int = 0):
    """concrete_like(n, seed) split at random into training and test rows (predictors raw).

    The rows are shuffled with np.random.default_rng(seed + 1); round(test_size * n) (at least one)
    become the test set.

    Args:
        n: number of rows (>= 2); test_size: fraction in (0, 1); seed: int.

    Returns:
        X_train (N_train, 8), X_test (N_test, 8), y_train (N_train,), y_test (N_test,).

    Example:
        >>> [a.shape for a in concrete_split(10, 0.3)]
        [(7, 8), (3, 8), (7,), (3,)]
    """
    test_size = validate.number(test_size, "test_size", low=0, high=1, low_open=True, high_open=True,
                                where="concrete_split")
    seed = validate.integer(seed, "seed", where="concrete_split")
    table = concrete_like(n, rng=seed)
    X, y = split_predictors_target(table)
    order = np.random.default_rng(seed + 1).permutation(len(y))
    n_test = max(1, int(round(test_size * len(y))))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]



class ConcreteSplits(NamedTuple):
    """Training, validation and test rows of the concrete-like set (predictors raw, strength in MPa)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def concrete_splits(n: int = 600, val_size: float = 0.2, test_size: float = 0.2, seed: int = 0) -> ConcreteSplits:
    """concrete_like(n, seed) split at random into training, validation and test rows (predictors raw).

    The roles, as for the digits (dlkit.data.digits.digits_splits): fit on train, make every choice
    (epochs, sizes, learning rates, checkpoints) on validation, report test once at the end. The test
    rows are exactly those of concrete_split(n, test_size, seed); the validation rows are split off
    what concrete_split would train on. With the defaults 600 rows split 360 / 120 / 120.

    Args:
        n: number of rows (>= 3); val_size, test_size: fractions of all rows, each in (0, 1), together
            below 1 (each part gets round(fraction * n) rows, at least one); seed: int.

    Returns:
        ConcreteSplits(X_train, y_train, X_val, y_val, X_test, y_test): X (N_part, 8), y (N_part,).

    Example:
        >>> [a.shape for a in concrete_splits(10, 0.2, 0.3)]
        [(5, 8), (5,), (2, 8), (2,), (3, 8), (3,)]
    """
    where = "concrete_splits"
    n = validate.integer(n, "n", low=3, where=where)
    val_size = validate.number(val_size, "val_size", low=0, high=1, low_open=True, high_open=True, where=where)
    test_size = validate.number(test_size, "test_size", low=0, high=1 - val_size, low_open=True, high_open=True,
                                where=where)
    seed = validate.integer(seed, "seed", where=where)
    X, y = split_predictors_target(concrete_like(n, rng=seed))
    order = np.random.default_rng(seed + 1).permutation(n)          # the shuffle of concrete_split
    n_test = max(1, int(round(test_size * n)))
    n_val = max(1, int(round(val_size * n)))
    if n_test + n_val >= n:
        raise fail(f"{where}: the validation and test parts leave no training rows",
                            "val_size and test_size that leave at least one row for training",
                            f"{n_val} validation + {n_test} test rows of {n}")
    test, val, train = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return ConcreteSplits(X[train], y[train], X[val], y[val], X[test], y[test])


def normalize(train, other=None):
    """Standardise columns with the *training* statistics: (x - mean_train) / std_train.

    Args:
        train: (N, D) array whose column means and (population) standard deviations are used.
        other: optional (M, D) array (validation/test/new data) scaled with the same numbers.

    Returns:
        train_n (N, D), or (train_n, other_n) when other is given. A constant column (std 0) is
        divided by 1 instead.

    Example:
        >>> a, b = normalize(np.array([[1.0, 10.0], [3.0, 10.0]]), np.array([[4.0, 12.0]]))
        >>> a, b                           # means (2, 10), stds (1, 0 -> 1)
        (array([[-1.,  0.],
               [ 1.,  0.]]), array([[2., 2.]]))
    """
    train = validate.array(train, "train", ndim=2, where="normalize")
    mean, std = train.mean(axis=0), train.std(axis=0)       # (N, D) -> (D,) each
    std = np.where(std > 0, std, 1.0)
    if other is None:
        return (train - mean) / std
    other = validate.array(other, "other", shape=(None, train.shape[1]), where="normalize")
    return (train - mean) / std, (other - mean) / std
