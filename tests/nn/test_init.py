"""dlkit.nn.init: the parameter dict, the standard deviations by hand, Keras' initialisers as the oracle."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn.init import INITS, init_params


def test_structure_and_zero_biases():
    params = init_params([3, 4, 2], rng=0)
    assert list(params) == ["W1", "b1", "W2", "b2"]
    assert params["W1"].shape == (3, 4) and params["b1"].shape == (4,)
    assert params["W2"].shape == (4, 2) and params["b2"].shape == (2,)
    assert all(p.dtype == float for p in params.values())
    assert not params["b1"].any() and not params["b2"].any()


def test_standard_deviations_by_hand():
    assert INITS["he"](8, 3) == pytest.approx(0.5)                    # sqrt(2 / 8)
    assert INITS["xavier"](3, 5) == pytest.approx(0.5)                # sqrt(2 / (3 + 5))
    assert INITS["small"](100, 100) == 0.01
    W = init_params([200, 300], rng=1, init="he", scale=2.0)["W1"]
    assert W.std() == pytest.approx(2.0 * np.sqrt(2 / 200), rel=0.02)


def test_seeded_and_drawn_from_the_generator():
    a = init_params([4, 3, 2], rng=5)
    b = init_params([4, 3, 2], rng=np.random.default_rng(5))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    g = np.random.default_rng(5)
    np.testing.assert_array_equal(a["W1"], g.normal(0.0, np.sqrt(2 / 4), size=(4, 3)))   # W1 first, from rng


@pytest.mark.parametrize("init, keras_name", [("he", "HeNormal"), ("xavier", "GlorotNormal")])
def test_spread_matches_keras_initialisers(init, keras_name):
    keras = pytest.importorskip("keras")
    fan_in, fan_out = 300, 200
    ours = init_params([fan_in, fan_out], rng=0, init=init)["W1"]
    theirs = np.asarray(getattr(keras.initializers, keras_name)(seed=0)((fan_in, fan_out)))
    assert ours.std() == pytest.approx(theirs.std(), rel=0.03)        # Keras truncates, with the same std


@pytest.mark.parametrize("call, match", [
    (lambda: init_params([4]), "at least two"),
    (lambda: init_params("44"), "at least two"),
    (lambda: init_params([4, 0]), r"sizes\[1\] is out of range"),
    (lambda: init_params([4, 2.0]), r"sizes\[1\] must be an integer"),
    (lambda: init_params([4, 2], init="glorot"), "init is not one of the choices"),
    (lambda: init_params([4, 2], scale=0), "scale is out of range"),
    (lambda: init_params([4, 2], rng="seed"), "rng must be a random generator or a seed"),
])
def test_bad_input_is_a_clear_check_error(call, match):
    with pytest.raises(CheckError, match=match):
        call()
