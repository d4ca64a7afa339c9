"""Sequence data of chapter 11: the sequence sum (003), a task where the future matters, and a seasonal
series for forecasting, split in time with its naive baseline.

Randomness comes in as `rng`: a np.random.Generator or an int seed (None means seed 0).

Symbols (docs/NAMING.md): N sequences, T time steps, D = 1 feature per step.
    X   (N, T, 1) float   sequences in Keras' layout (batch, time, features)
    y   (N,) or (N, T)    one target per sequence, or one per step

    sequence_sum(n, T)           X ~ N(0, 1), y = the sum over time                                  (003)
    majority_of_three(n, T)      bits +-1; y_t = majority(x_{t-1}, x_t, x_{t+1}): needs the next step
    seasonal_series(n, ...)      level + trend + two seasonal waves + noise
    forecast_split(series, T)    windows of the last T changes -> the next change, split in time
    naive_forecast(X)            the last value of every window (for a window of changes: no change)

Example:
    >>> X, y = sequence_sum(4, 3, rng=0)
    >>> X.shape, bool(np.allclose(y, X.sum(axis=(1, 2))))
    ((4, 3, 1), True)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = ["sequence_sum", "majority_of_three", "seasonal_series", "windows", "ForecastSplit", "forecast_split",
           "naive_forecast"]


def sequence_sum(n=1000, T=50, rng=None):
    """003's task: sequences of T numbers drawn from N(0, 1); the target is their sum.

    Returns:
        X: (n, T, 1) float32; y: (n,) float32, y = X.sum over time (variance T).

    Example:
        >>> X, y = sequence_sum(2, 5, rng=1)
        >>> float(y[0]) == float(X[0].sum(dtype=np.float32))
        True
    """
    n = validate.integer(n, "n", low=1, where="sequence_sum")
    T = validate.integer(T, "T", low=1, where="sequence_sum")
    X = validate.rng(rng, where="sequence_sum").normal(size=(n, T, 1)).astype(np.float32)
    return X, X.sum(axis=(1, 2), dtype=np.float32)


def majority_of_three(n=1000, T=16, rng=None):
    """Random bits; the target at step t is the majority of the bits at t - 1, t and t + 1.

    Beyond the ends the missing neighbour counts as 0. A model that reads left to right knows x_{t+1}
    only after it has to answer for step t: when x_{t-1} = x_t (half the time) the majority is already
    decided, otherwise it is a coin flip, so no such model beats 75 % accuracy (on the inner steps).

    Returns:
        X: (n, T, 1) float32 with the bits as -1 / +1; y: (n, T) float32 in {0, 1}.

    Example:
        >>> X, y = majority_of_three(1, 5, rng=0)
        >>> bits = (X[0, :, 0] > 0).astype(int)
        >>> bits.tolist(), y[0].astype(int).tolist()
        ([1, 1, 1, 0, 0], [1, 1, 1, 0, 0])
    """
    n = validate.integer(n, "n", low=1, where="majority_of_three")
    T = validate.integer(T, "T", low=1, where="majority_of_three")
    bits = validate.rng(rng, where="majority_of_three").integers(0, 2, size=(n, T))
    padded = np.pad(bits, ((0, 0), (1, 1)))                        # (n, T + 2), a 0 beyond each end
    y = (padded[:, :-2] + padded[:, 1:-1] + padded[:, 2:] >= 2)    # (n, T)
    return (2 * bits - 1).astype(np.float32)[:, :, None], y.astype(np.float32)


def seasonal_series(n=1200, period=24, trend=0.001, amplitude=1.0, noise=0.2, rng=None):
    """A synthetic series: a random level, a linear trend, two seasonal waves and Gaussian noise.

        s_t = level + trend * t + amplitude * (sin(2 pi t / period + phi) + 0.4 sin(4 pi t / period + 2 phi))
              + noise * e_t,      e_t ~ N(0, 1), phi random

    (think of hourly readings with a daily rhythm: period = 24).

    Returns:
        (n,) float array.

    Example:
        >>> s = seasonal_series(48, noise=0.0, trend=0.0, rng=0)
        >>> bool(np.allclose(s[:24], s[24:]))                     # one period repeats exactly
        True
    """
    where = "seasonal_series"
    n = validate.integer(n, "n", low=2, where=where)
    period = validate.number(period, "period", low=0, low_open=True, where=where)
    trend = validate.number(trend, "trend", where=where)
    amplitude = validate.number(amplitude, "amplitude", where=where)
    noise = validate.number(noise, "noise", low=0, where=where)
    rng = validate.rng(rng, where=where)
    t = np.arange(n)
    phi = rng.uniform(0, 2 * np.pi)
    level = 0.5 * rng.normal()
    wave = np.sin(2 * np.pi * t / period + phi) + 0.4 * np.sin(4 * np.pi * t / period + 2 * phi)
    return level + trend * t + amplitude * wave + noise * rng.normal(size=n)


def windows(series, T):
    """Every window of T consecutive values and the value that follows it.

    Returns:
        X: (N, T, 1) with X[i, :, 0] = series[i : i + T]; y: (N,) with y[i] = series[i + T]; N = len - T.

    Example:
        >>> X, y = windows(np.arange(5.0), 3)
        >>> X[:, :, 0].tolist(), y.tolist()
        ([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]], [3.0, 4.0])
    """
    s = validate.array(series, "series", ndim=1, where="windows")
    T = validate.integer(T, "T", low=1, where="windows")
    if len(s) <= T:
        raise fail("windows: the series is too short", f"more than T = {T} values", f"{len(s)} values")
    idx = np.arange(len(s) - T)[:, None] + np.arange(T)[None, :]   # (N, T)
    return s[idx][:, :, None], s[T:].copy()


class ForecastSplit(NamedTuple):
    """Windows of the scaled changes of a series and the next change, in three parts that follow in time.

    X_*: (N, T, 1) the last T changes divided by `scale`; y_*: (N,) the next change divided by `scale`.
    last_*: (N,) the level at the end of each window and level_*: (N,) the level that follows, so a
    predicted change c gives the forecast last + scale * c. t_*: (N,) the time index of each target.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    scale: float
    last_train: np.ndarray
    last_val: np.ndarray
    last_test: np.ndarray
    level_train: np.ndarray
    level_val: np.ndarray
    level_test: np.ndarray
    t_train: np.ndarray
    t_val: np.ndarray
    t_test: np.ndarray


def forecast_split(series, T=24, train=0.6, val=0.2):
    """Forecast the next value of a series from the last T changes, with a split in time.

    The series is differenced, d_t = s_t - s_{t-1}: a trend makes the levels of the test period higher
    than anything seen in training, but it only adds a constant to the changes. The changes are divided
    by their standard deviation over the training period (`scale`; nothing of the later periods is used).
    A target belongs to the part its time index falls in: the first `train` fraction of the series, the
    next `val` fraction, the rest. Windows near a border read inputs from the period before: that is
    forecasting (the past is known), and no target is shared.

    The naive forecast "tomorrow = today" predicts a change of 0: its error is |y|.

    Args:
        series: (n,) values; T: window length; train, val: fractions of the series (test = the rest).

    Returns:
        ForecastSplit.

    Example:
        >>> f = forecast_split(seasonal_series(300, rng=0), T=24)
        >>> f.X_train.shape, f.X_val.shape, f.X_test.shape
        ((155, 24, 1), (60, 24, 1), (60, 24, 1))
        >>> bool(np.allclose(f.last_test + f.scale * f.y_test, f.level_test))
        True
    """
    where = "forecast_split"
    s = validate.array(series, "series", ndim=1, where=where)
    T = validate.integer(T, "T", low=1, where=where)
    train = validate.number(train, "train", low=0, high=1, low_open=True, high_open=True, where=where)
    val = validate.number(val, "val", low=0, high=1 - train, low_open=True, where=where)
    n = len(s)
    n_train, n_val = int(round(train * n)), int(round(val * n))
    d = np.diff(s)                                                # d[j] = s[j + 1] - s[j]
    if n_train - 1 <= T + 1:
        raise fail(f"{where}: the training period is too short for windows of T = {T}",
                   f"more than {T + 2} training values", f"{n_train} of {n} values")
    scale = float(d[: n_train - 1].std())                          # changes inside the training period only
    X, y = windows(d / scale, T)                                   # y[i] = d[i + T] / scale = change into s[i + T + 1]
    t = np.arange(T + 1, n)                                        # the time index of each target
    last, level = s[t - 1], s[t]
    parts = [t < n_train, (t >= n_train) & (t < n_train + n_val), t >= n_train + n_val]
    out = {}
    for name, m in zip(("train", "val", "test"), parts):
        out.update({f"X_{name}": X[m].astype(np.float32), f"y_{name}": y[m].astype(np.float32),
                    f"last_{name}": last[m], f"level_{name}": level[m], f"t_{name}": t[m]})
    return ForecastSplit(scale=scale, **out)


def naive_forecast(X):
    """The naive forecast: the last value of every window, X[:, -1, 0] (N,).

    On windows of levels it says "tomorrow = today". (On windows of changes the naive forecast of the
    level is a change of 0, not the last change.)

    Example:
        >>> naive_forecast(np.arange(6.0).reshape(2, 3, 1)).tolist()
        [2.0, 5.0]
    """
    X = validate.array(X, "X", ndim=3, where="naive_forecast")
    return X[:, -1, 0].copy()
