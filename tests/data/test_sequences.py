"""dlkit.data.sequences: the tasks by hand, the split in time, the naive baseline, error paths."""

import numpy as np
import pytest

from dlkit.data import sequences
from dlkit.errors import CheckError


def test_sequence_sum():
    X, y = sequences.sequence_sum(6, 4, rng=0)
    assert X.shape == (6, 4, 1) and X.dtype == np.float32 and y.shape == (6,)
    np.testing.assert_allclose(y, X[:, :, 0].sum(axis=1), rtol=1e-6)
    np.testing.assert_array_equal(sequences.sequence_sum(6, 4, rng=0)[0], X)           # seeded


def test_majority_of_three_by_hand_and_its_bound():
    X, y = sequences.majority_of_three(3000, 10, rng=1)
    bits = (X[:, :, 0] > 0).astype(int)
    padded = np.pad(bits, ((0, 0), (1, 1)))
    for t in range(10):
        np.testing.assert_array_equal(y[:, t], (padded[:, t] + padded[:, t + 1] + padded[:, t + 2]) >= 2)
    # the best left-to-right guess: decided when x_{t-1} = x_t (or at the last step), else a coin flip
    decided = np.concatenate([bits[:, :1] == 0, bits[:, 1:] == bits[:, :-1]], axis=1)
    decided[:, -1] = True
    assert abs(decided.mean() - 0.55) < 0.02                  # (0.5 * 9 + 1) / 10 of the steps


def test_seasonal_series_parts():
    flat = sequences.seasonal_series(96, trend=0.0, noise=0.0, rng=2)
    np.testing.assert_allclose(flat[:24], flat[24:48])        # period 24
    trend = sequences.seasonal_series(96, trend=0.01, noise=0.0, rng=2) - flat
    np.testing.assert_allclose(trend, 0.01 * np.arange(96))


def test_windows_by_hand():
    X, y = sequences.windows(np.arange(6.0), 4)
    np.testing.assert_array_equal(X[:, :, 0], [[0, 1, 2, 3], [1, 2, 3, 4]])
    np.testing.assert_array_equal(y, [4, 5])


def test_forecast_split_in_time_and_back_to_levels():
    s = sequences.seasonal_series(400, rng=3)
    f = sequences.forecast_split(s, T=24, train=0.6, val=0.2)
    assert f.t_train.max() < 240 <= f.t_val.min() and f.t_val.max() < 320 <= f.t_test.min()
    assert len(f.t_train) + len(f.t_val) + len(f.t_test) == 400 - 25
    np.testing.assert_allclose(f.scale, np.diff(s[:240]).std())           # training period only
    np.testing.assert_allclose(f.last_test + f.scale * f.y_test, f.level_test, atol=1e-5)
    np.testing.assert_allclose(f.X_test[0, :, 0] * f.scale, np.diff(s)[f.t_test[0] - 25:f.t_test[0] - 1], atol=1e-5)
    # the naive forecast (no change) has the error |y|
    np.testing.assert_allclose(np.abs(f.level_test - f.last_test), np.abs(f.y_test) * f.scale, atol=1e-5)


def test_naive_forecast():
    np.testing.assert_array_equal(sequences.naive_forecast(np.arange(8.0).reshape(2, 4, 1)), [3.0, 7.0])


@pytest.mark.parametrize("call, match", [
    (lambda: sequences.sequence_sum(0, 3), "n is out of range"),
    (lambda: sequences.windows(np.arange(3.0), 3), "too short"),
    (lambda: sequences.forecast_split(np.arange(20.0), T=24), "too short"),
    (lambda: sequences.forecast_split(np.arange(100.0), val=0.5), "val is out of range"),
    (lambda: sequences.naive_forecast(np.ones((2, 3))), "wrong number of dimensions"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
