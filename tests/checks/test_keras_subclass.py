"""describe() and the checks of dlkit.checks.keras on keras.Model subclasses (chapter 07's third API)."""

import numpy as np
import pytest

from dlkit.checks import keras as kc
from dlkit.errors import CheckError

keras = pytest.importorskip("keras")


class SmallRegressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(10, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))


def test_a_called_subclass_reads_like_a_sequential_model():
    model = SmallRegressor()
    model(np.zeros((1, 8), dtype="float32"))
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    d = kc.describe(model)
    assert d["n_inputs"] == 8 and d["n_params"] == (8 * 10 + 10) + (10 + 1) == 101      # by hand
    seq = keras.Sequential([keras.Input((8,)), keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)])
    seq.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    ref = kc.describe(seq)                                                               # the oracle
    assert d["layers"] == ref["layers"] and d["compile"] == ref["compile"]
    kc.check_architecture(d, [("Dense", 10, "relu"), ("Dense", 1, "linear")], n_inputs=8, n_params=101)


def test_an_uncalled_subclass_has_no_inputs_until_it_predicts():
    d = kc.describe(SmallRegressor())
    assert d["model"] and d["n_inputs"] is None and d["n_params"] is None
    with pytest.raises(CheckError, match="has no input shape yet"):
        kc.check_model(d)
    d = kc.describe(SmallRegressor(), np.zeros((3, 5)))            # predicting builds it first
    assert d["n_inputs"] == 5 and d["n_params"] == 5 * 10 + 10 + 11 and d["predictions"].shape == (3, 1)


def test_kernel_width_of_a_model_without_dense_first_is_none():
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 3), keras.layers.Flatten()])
    assert kc._kernel_width(model) is None
