"""Tests of dlkit.data.tabular: the concrete-like table, splits, the standardiser of chapter 07."""

import numpy as np
import pytest

from dlkit.data import tabular
from dlkit.errors import CheckError


def test_concrete_like_columns_ranges_and_determinism():
    t = tabular.concrete_like(300, rng=1)
    assert t.shape == (300, 9) and len(tabular.CONCRETE_COLUMNS) == 9
    assert np.array_equal(t, tabular.concrete_like(300, rng=1))
    assert np.array_equal(t, tabular.concrete_like(300, rng=np.random.default_rng(1)))
    cement, water, age, strength = t[:, 0], t[:, 3], t[:, 7], t[:, 8]
    assert cement.min() >= 100 and cement.max() <= 540 and water.min() >= 125
    assert set(np.unique(age)) <= set(tabular.AGES.tolist())
    assert strength.min() >= 2.0 and 20 < strength.mean() < 50


def test_concrete_formula_by_hand():
    # Abrams: w/b = 0.5 -> 96.5 / 7**0.5 = 36.47 MPa at 28 days; the age factor 28 / (4 + 0.85*28) = 1.007
    f28 = 96.5 / 7.0 ** 0.5
    assert f28 == pytest.approx(36.473, abs=1e-3)
    assert 28 / (4 + 0.85 * 28) == pytest.approx(1.00719, abs=1e-5)
    # the table follows the formula up to its 3 MPa noise (and the 2 MPa floor)
    t = tabular.concrete_like(2000, rng=3)
    binder = t[:, 0] + 0.6 * t[:, 1] + 0.4 * t[:, 2]
    model = 96.5 / 7.0 ** (t[:, 3] / binder) * t[:, 7] / (4 + 0.85 * t[:, 7]) + 0.3 * t[:, 4]
    resid = (t[:, 8] - model)[model > 10]
    assert abs(resid.mean()) < 0.3 and 2.7 < resid.std() < 3.3


def test_split_predictors_target_by_hand():
    X, y = tabular.split_predictors_target(np.arange(12.0).reshape(4, 3))
    assert X.shape == (4, 2) and np.array_equal(y, [2.0, 5.0, 8.0, 11.0])
    X, y = tabular.split_predictors_target(np.arange(6.0).reshape(2, 3), target=0)
    assert np.array_equal(X, [[1.0, 2.0], [4.0, 5.0]]) and np.array_equal(y, [0.0, 3.0])


def test_concrete_split_partitions_the_table():
    X_tr, X_te, y_tr, y_te = tabular.concrete_split(100, 0.2, seed=0)
    assert X_tr.shape == (80, 8) and X_te.shape == (20, 8) and y_te.shape == (20,)
    X, y = tabular.split_predictors_target(tabular.concrete_like(100, rng=0))
    rows = {tuple(r) for r in np.column_stack([X, y])}
    got = {tuple(r) for r in np.column_stack([np.vstack([X_tr, X_te]), np.concatenate([y_tr, y_te])])}
    assert got == rows



def test_concrete_splits_by_hand_sizes_and_partition():
    s = tabular.concrete_splits(10, val_size=0.2, test_size=0.3, seed=0)       # round(2.0), round(3.0), the rest
    assert [a.shape for a in s] == [(5, 8), (5,), (2, 8), (2,), (3, 8), (3,)]
    s = tabular.concrete_splits(600, seed=4)
    assert (len(s.y_train), len(s.y_val), len(s.y_test)) == (360, 120, 120)
    X, y = tabular.split_predictors_target(tabular.concrete_like(600, rng=4))
    parts = [np.column_stack([s.X_train, s.y_train]), np.column_stack([s.X_val, s.y_val]),
             np.column_stack([s.X_test, s.y_test])]
    rows = [{tuple(r) for r in part} for part in parts]
    assert not (rows[0] & rows[1]) and not (rows[0] & rows[2]) and not (rows[1] & rows[2])
    assert set().union(*rows) == {tuple(r) for r in np.column_stack([X, y])}


def test_concrete_splits_test_rows_are_those_of_concrete_split():
    """The oracle: the validation rows come out of concrete_split's training rows, the test rows stay."""
    s = tabular.concrete_splits(600, val_size=0.2, test_size=0.2, seed=3)
    X_tr, X_te, y_tr, y_te = tabular.concrete_split(600, 0.2, seed=3)
    assert np.array_equal(s.X_test, X_te) and np.array_equal(s.y_test, y_te)
    np.testing.assert_array_equal(np.vstack([s.X_val, s.X_train]), X_tr)
    assert np.array_equal(s.X_train, tabular.concrete_splits(600, seed=3).X_train)       # deterministic


def test_concrete_splits_errors():
    with pytest.raises(CheckError, match="test_size is out of range"):
        tabular.concrete_splits(100, val_size=0.5, test_size=0.6)
    with pytest.raises(CheckError, match="leave no training rows"):
        tabular.concrete_splits(4, val_size=0.45, test_size=0.45)
    with pytest.raises(CheckError, match="n is out of range"):
        tabular.concrete_splits(2)


def test_normalize_by_hand_and_against_scikit_learn():
    tr = np.array([[1.0, 10.0], [3.0, 10.0]])                 # means (2, 10), stds (1, 0 -> 1)
    a, b = tabular.normalize(tr, np.array([[4.0, 12.0]]))
    assert np.allclose(a, [[-1, 0], [1, 0]]) and np.allclose(b, [[2.0, 2.0]])
    from sklearn.preprocessing import StandardScaler
    rng = np.random.default_rng(0)
    train, other = rng.normal(3, 2, size=(20, 4)), rng.normal(size=(5, 4))
    scaler = StandardScaler().fit(train)
    a, b = tabular.normalize(train, other)
    np.testing.assert_allclose(a, scaler.transform(train), atol=1e-12)
    np.testing.assert_allclose(b, scaler.transform(other), atol=1e-12)
    np.testing.assert_allclose(tabular.normalize(train), a)


@pytest.mark.parametrize("call, match", [
    (lambda: tabular.normalize(np.zeros(3)), "train has the wrong number of dimensions"),
    (lambda: tabular.normalize(np.zeros((2, 3)), np.zeros((2, 2))), r"other has the wrong shape"),
    (lambda: tabular.concrete_like(0), r"n is out of range(.|\n)*>= 1"),
    (lambda: tabular.concrete_like(5, rng="zero"), "rng must be a random generator"),
    (lambda: tabular.concrete_split(100, 1.5), "test_size is out of range"),
    (lambda: tabular.split_predictors_target(np.zeros((3, 1))), "number of columns"),
    (lambda: tabular.split_predictors_target(np.zeros((3, 2)), target=5), "target is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
