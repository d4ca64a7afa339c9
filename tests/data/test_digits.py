"""dlkit.data.digits: the split's shapes and stratification, standardising on train only, small_data."""

import numpy as np
import pytest

from dlkit.data import digits
from dlkit.errors import CheckError


def test_digits_split_shapes_stratified_and_standardised_on_train_only():
    X_tr, X_te, y_tr, y_te = digits.digits_split(test_size=0.25, seed=0)
    assert X_tr.shape == (1347, 64) and X_te.shape == (450, 64) and y_te.shape == (450,)
    assert np.allclose(X_tr.mean(axis=0), 0, atol=1e-9)
    assert not np.allclose(X_te.mean(axis=0), 0, atol=1e-3)          # test set scaled with train stats
    assert np.all(np.bincount(y_te, minlength=10) >= 43)             # stratified: 43-46 per class
    assert np.abs(X_te).max() < 1e3                                   # constant train pixels are not divided by ~0
    raw = digits.digits_split(standardize=False)[0]
    assert raw.min() == 0 and raw.max() == 16


def test_standardising_matches_scikit_learn():
    from sklearn.preprocessing import StandardScaler

    raw_tr, raw_te, _, _ = digits.digits_split(standardize=False, seed=2)
    X_tr, X_te, _, _ = digits.digits_split(seed=2)
    scaler = StandardScaler().fit(raw_tr)
    np.testing.assert_allclose(X_tr, scaler.transform(raw_tr), atol=1e-12)
    np.testing.assert_allclose(X_te, scaler.transform(raw_te), atol=1e-12)


def test_split_follows_the_seed():
    a, b = digits.digits_split(seed=1)[2], digits.digits_split(seed=1)[2]
    assert np.array_equal(a, b) and not np.array_equal(a, digits.digits_split(seed=2)[2])


def test_small_data_by_hand():
    s = digits.small_data(n_train=40, seed=0)
    full = digits.digits_splits(seed=0)
    assert s.X_train.shape == (40, 64) and s.X_val.shape == (360, 64) and s.X_test.shape == (360, 64)
    assert s.X_train.dtype == np.float32
    np.testing.assert_allclose(s.X_train, full.X_train[:40], rtol=1e-6)   # the first 40 of the training part
    assert np.array_equal(s.y_train, full.y_train[:40])
    assert np.array_equal(s.y_val, full.y_val) and np.array_equal(s.y_test, full.y_test)


def test_small_data_wrong_labels_are_wrong_and_seeded():
    clean = digits.small_data(n_train=150, seed=0).y_train
    noisy = digits.small_data(n_train=150, n_wrong=30, seed=0).y_train
    wrong = noisy != clean
    assert wrong.sum() == 30                                   # every drawn label differs from the true one
    assert noisy.min() >= 0 and noisy.max() <= 9
    assert np.array_equal(noisy, digits.small_data(n_train=150, n_wrong=30, seed=0).y_train)
    other = digits.small_data(n_train=150, n_wrong=30, seed=1)
    assert np.array_equal(other.y_val, digits.digits_splits(seed=1).y_val)   # validation labels stay clean


@pytest.mark.parametrize("call, match", [
    (lambda: digits.digits_split(test_size=1.5), "test_size is out of range"),
    (lambda: digits.digits_split(test_size=0), "test_size is out of range"),
    (lambda: digits.digits_split(seed=0.5), "seed must be an integer"),
    (lambda: digits.small_data(n_train=0), "n_train is out of range"),
    (lambda: digits.small_data(n_train=5000), r"n_train is out of range(.|\n)*<= 1077"),
    (lambda: digits.small_data(n_train=10, n_wrong=11), "n_wrong is out of range"),
])
def test_bad_arguments_are_a_clear_check_error(call, match):
    with pytest.raises(CheckError, match=match):
        call()
