"""dlkit.nn.mlp.forward_pass: by hand, against forward and a Keras Sequential model, errors."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn.activations import softmax
from dlkit.nn.init import init_params
from dlkit.nn.mlp import forward, forward_pass

PARAMS = {"W1": np.array([[1.0, -1.0], [0.0, 1.0]]), "b1": np.array([0.0, -3.0]),
          "W2": np.array([[2.0], [5.0]]), "b2": np.array([0.5])}


def test_by_hand():
    np.testing.assert_allclose(forward_pass([[1.0, 2.0]], PARAMS, ["relu", "linear"]), [[2.5]])    # relu([1, -2])
    np.testing.assert_allclose(forward_pass([[1.0, 2.0]], PARAMS, ["linear", "linear"]), [[-7.5]])  # 2 - 10 + 0.5
    np.testing.assert_allclose(forward_pass([[1.0, 2.0]], PARAMS, ["relu", "sigmoid"]), [[1 / (1 + np.exp(-2.5))]])


def test_matches_forward_and_softmax():
    params = init_params([4, 6, 3], rng=0)
    X = np.random.default_rng(1).normal(size=(5, 4))
    logits, _ = forward(X, params, "tanh")
    np.testing.assert_allclose(forward_pass(X, params, ["tanh", "linear"]), logits)
    np.testing.assert_allclose(forward_pass(X, params, ("tanh", "softmax")), softmax(logits))


def test_against_keras():
    keras = pytest.importorskip("keras")
    params = init_params([3, 5, 4, 2], rng=2)
    X = np.random.default_rng(3).normal(size=(6, 3))
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2, activation="softmax")])
    for l, layer in enumerate(model.layers, start=1):
        layer.set_weights([params[f"W{l}"], params[f"b{l}"]])
    np.testing.assert_allclose(forward_pass(X, params, ["relu", "tanh", "softmax"]),
                               model.predict(X, verbose=0), rtol=1e-5, atol=1e-6)


def test_errors():
    with pytest.raises(CheckError, match="one activation per layer(.|\n)*a list of 2 name"):
        forward_pass(np.ones((1, 2)), PARAMS, ["relu"])
    with pytest.raises(CheckError, match=r"activations\[1\] is not one of the choices"):
        forward_pass(np.ones((1, 2)), PARAMS, ["relu", "gelu"])
    with pytest.raises(CheckError, match="params has the wrong keys"):
        forward_pass(np.ones((1, 2)), {"W1": np.ones((2, 2))}, ["relu"])
    with pytest.raises(CheckError, match="W has the wrong shape"):
        forward_pass(np.ones((1, 3)), PARAMS, ["relu", "linear"])
