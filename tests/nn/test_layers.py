"""dlkit.nn.layers: forward by hand, Keras as the oracle, every backward gradient-checked, error paths."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn.gradcheck import numerical_gradient, rel_error
from dlkit.nn.layers import (
    activation_backward,
    activation_forward,
    batchnorm_backward,
    batchnorm_forward,
    dense_backward,
    dense_forward,
    dropout_backward,
    dropout_forward,
    layernorm_backward,
    layernorm_forward,
)


def _state(mm, mv):
    return {"moving_mean": np.array(mm, dtype=float), "moving_var": np.array(mv, dtype=float)}


# --- dense --------------------------------------------------------------------------------------------

def test_dense_forward_by_hand():
    X = np.array([[1.0, 2.0]])                      # (1, 2)
    W = np.array([[1.0, 0.0, -1.0], [0.5, 1.0, 2.0]])  # (2, 3)
    b = np.array([0.1, 0.2, 0.3])
    out, _ = dense_forward(X, W, b)
    np.testing.assert_allclose(out, [[2.1, 2.2, 3.3]])
    assert out.shape == (1, 3)


def test_dense_backward_by_hand():
    _, cache = dense_forward([[1.0, 2.0]], [[1.0], [0.5]], [0.1])
    dX, dW, db = dense_backward([[2.0]], cache)
    np.testing.assert_allclose(dX, [[2.0, 1.0]])     # dout W^T
    np.testing.assert_allclose(dW, [[2.0], [4.0]])   # X^T dout
    np.testing.assert_allclose(db, [2.0])


def test_dense_matches_keras():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(9)
    X, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    layer.set_weights([W, b])
    np.testing.assert_allclose(dense_forward(X, W, b)[0], np.asarray(layer(X)), rtol=1e-5, atol=1e-5)


def test_single_neuron_from_the_sources():
    out, _ = dense_forward([[0.1]], [[0.15]], [0.4])
    a, _ = activation_forward(out, "sigmoid")
    assert round(float(a[0, 0]), 4) == 0.6023


def test_dense_backward_gradcheck():
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=5)
    dout = rng.normal(size=(4, 5))
    _, cache = dense_forward(X, W, b)
    dX, dW, db = dense_backward(dout, cache)
    loss = lambda X_, W_, b_: float(np.sum(dense_forward(X_, W_, b_)[0] * dout))
    assert rel_error(dX, numerical_gradient(lambda v: loss(v, W, b), X.copy())) < 1e-7
    assert rel_error(dW, numerical_gradient(lambda v: loss(X, v, b), W.copy())) < 1e-7
    assert rel_error(db, numerical_gradient(lambda v: loss(X, W, v), b.copy())) < 1e-7
    assert dX.shape == X.shape and dW.shape == W.shape and db.shape == b.shape


# --- activation -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["sigmoid", "relu", "tanh", "linear"])
def test_activation_backward_gradcheck(name):
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(3, 4))
    Z[np.abs(Z) < 1e-3] = 0.5                         # stay away from relu's kink
    dA = rng.normal(size=(3, 4))
    _, cache = activation_forward(Z, name)
    dZ = activation_backward(dA, cache)
    num = numerical_gradient(lambda v: float(np.sum(activation_forward(v, name)[0] * dA)), Z.copy())
    assert rel_error(dZ, num) < 1e-7


def test_activation_forward_and_backward_values():
    A, cache = activation_forward(np.array([[-1.0, 0.0, 2.0]]), "relu")
    np.testing.assert_array_equal(A, [[0.0, 0.0, 2.0]])
    np.testing.assert_array_equal(activation_backward([[5.0, 5.0, 5.0]], cache), [[0.0, 0.0, 5.0]])
    A, _ = activation_forward(np.array([[0.0]]), "sigmoid")
    assert A[0, 0] == 0.5


# --- dropout --------------------------------------------------------------------------------------------

def test_inverted_dropout_by_hand_and_in_expectation():
    A = np.ones((2, 4))
    out, mask = dropout_forward(A, 0.5, np.random.default_rng(0))
    keep = np.random.default_rng(0).random((2, 4)) >= 0.5
    np.testing.assert_array_equal(mask, keep * 2.0)                  # the scaled mask
    np.testing.assert_array_equal(out, keep * 2.0)
    assert set(np.unique(out)) <= {0.0, 2.0} and np.array_equal(out == 2.0, mask != 0)
    big = np.ones((400, 500))
    out, mask = dropout_forward(big, 0.3, np.random.default_rng(1))
    assert abs(out.mean() - 1.0) < 0.01 and abs(1 - (mask != 0).mean() - 0.3) < 0.01
    out, mask = dropout_forward(A, 0.5, None, training=False)
    assert np.array_equal(out, A) and np.array_equal(mask, np.ones_like(A))
    assert np.array_equal(dropout_forward(A, 0.0, np.random.default_rng(0))[0], A)


def test_dropout_any_shape_and_seeds():
    A = np.arange(24.0).reshape(3, 4, 2)
    a, _ = dropout_forward(A, 0.4, 7)                                   # an int seed is a generator's seed
    b, _ = dropout_forward(A, 0.4, np.random.default_rng(7))
    assert a.shape == (3, 4, 2) and np.array_equal(a, b)


def test_dropout_matches_keras_scaling_and_backward_is_its_gradient():
    keras = pytest.importorskip("keras")
    A = np.random.default_rng(2).uniform(1, 2, size=(50, 40)).astype("float32")
    out_k = np.asarray(keras.layers.Dropout(0.4, seed=3)(A, training=True))
    kept = out_k != 0
    assert np.allclose(out_k[kept], A[kept] / 0.6, rtol=1e-6)          # Keras scales the survivors too
    assert np.array_equal(np.asarray(keras.layers.Dropout(0.4)(A, training=False)), A)
    A = A[:6, :5].astype(float)                       # small: a sum over many terms blurs the check
    _, mask = dropout_forward(A, 0.4, np.random.default_rng(4))
    dout = np.random.default_rng(5).normal(size=A.shape)
    num = numerical_gradient(lambda a: float(np.sum(dout * dropout_forward(a, 0.4, np.random.default_rng(4))[0])),
                             A.copy())
    assert rel_error(dropout_backward(dout, mask), num) < 1e-7


# --- batch norm -----------------------------------------------------------------------------------------

def test_batchnorm_by_hand():
    X = np.array([[1.0], [3.0]])                      # mean 2, biased variance 1
    state = _state([0.0], [1.0])
    out, _ = batchnorm_forward(X, [1.0], [0.0], state, training=True, momentum=0.9, epsilon=0.0)
    np.testing.assert_allclose(out, [[-1.0], [1.0]])
    np.testing.assert_allclose(state["moving_mean"], [0.2])         # 0.9 * 0 + 0.1 * 2
    np.testing.assert_allclose(state["moving_var"], [1.0])          # 0.9 * 1 + 0.1 * 1
    out, _ = batchnorm_forward(X, [2.0], [1.0], _state([1.0], [4.0]), training=False, epsilon=0.0)
    np.testing.assert_allclose(out, [[1.0], [3.0]])                  # 2 * (x - 1) / sqrt(4) + 1


def test_batchnorm_state_changes_only_in_training():
    mm, mv = np.zeros(2), np.ones(2)
    state = {"moving_mean": mm, "moving_var": mv}
    X = np.array([[1.0, 2.0], [3.0, 6.0]])
    batchnorm_forward(X, np.ones(2), np.zeros(2), state, training=False)
    assert state["moving_mean"] is mm
    batchnorm_forward(X, np.ones(2), np.zeros(2), state, training=True)
    assert not np.allclose(state["moving_mean"], 0.0)
    np.testing.assert_array_equal(mm, [0.0, 0.0])                    # the caller's arrays are not overwritten


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_matches_keras(training):
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(6)
    X = rng.normal(2.0, 3.0, size=(16, 5)).astype("float32")
    gamma, beta = rng.uniform(0.5, 2, 5), rng.normal(size=5)
    mm, mv = rng.normal(size=5), rng.uniform(0.5, 2, 5)
    layer = keras.layers.BatchNormalization()
    layer.build(X.shape)
    layer.set_weights([gamma, beta, mm, mv])
    out_k = np.asarray(layer(X, training=training))
    state = _state(mm, mv)
    out, _ = batchnorm_forward(X, gamma, beta, state, training)
    assert np.allclose(out, out_k, atol=1e-4)
    assert np.allclose(state["moving_mean"], layer.moving_mean.numpy(), atol=1e-5)
    assert np.allclose(state["moving_var"], layer.moving_variance.numpy(), atol=1e-5)


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_backward_gradcheck(training):
    rng = np.random.default_rng(11)
    X = rng.normal(1.0, 2.0, size=(6, 4))
    gamma, beta = rng.uniform(0.5, 2, 4), rng.normal(size=4)
    mm, mv = rng.normal(size=4), rng.uniform(0.5, 2, 4)
    dout = rng.normal(size=(6, 4))

    def loss(X_, g_, b_):
        return float(np.sum(batchnorm_forward(X_, g_, b_, _state(mm, mv), training)[0] * dout))

    _, cache = batchnorm_forward(X, gamma, beta, _state(mm, mv), training)
    dX, dgamma, dbeta = batchnorm_backward(dout, cache)
    assert rel_error(dX, numerical_gradient(lambda v: loss(v, gamma, beta), X.copy())) < 1e-7
    assert rel_error(dgamma, numerical_gradient(lambda v: loss(X, v, beta), gamma.copy())) < 1e-7
    assert rel_error(dbeta, numerical_gradient(lambda v: loss(X, gamma, v), beta.copy())) < 1e-7
    if training:                                                      # shifting a column changes nothing
        np.testing.assert_allclose(dX.sum(axis=0), 0.0, atol=1e-10)


def test_batchnorm_backward_matches_tensorflow():
    tf = pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(12)
    X = rng.normal(size=(8, 3))
    gamma, beta, dout = rng.uniform(0.5, 2, 3), rng.normal(size=3), rng.normal(size=(8, 3))
    layer = keras.layers.BatchNormalization(dtype="float64")
    layer.build(X.shape)
    layer.set_weights([gamma, beta, np.zeros(3), np.ones(3)])
    Xt = tf.constant(X)
    with tf.GradientTape() as tape:
        tape.watch(Xt)
        loss = tf.reduce_sum(layer(Xt, training=True) * dout)
    dX_tf, dgamma_tf, dbeta_tf = tape.gradient(loss, [Xt, layer.gamma, layer.beta])
    _, cache = batchnorm_forward(X, gamma, beta, _state(np.zeros(3), np.ones(3)), True)
    dX, dgamma, dbeta = batchnorm_backward(dout, cache)
    np.testing.assert_allclose(dX, dX_tf.numpy(), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dgamma, np.asarray(dgamma_tf), rtol=1e-6)
    np.testing.assert_allclose(dbeta, np.asarray(dbeta_tf), rtol=1e-6)


# --- layer norm ---------------------------------------------------------------------------------------

def test_layernorm_by_hand():
    out, _ = layernorm_forward([[1.0, 3.0], [0.0, 4.0]], [1.0, 2.0], [0.0, 1.0], epsilon=0.0)
    np.testing.assert_allclose(out, [[-1.0, 3.0], [-1.0, 3.0]])      # rows (-1, 1), then gamma, beta


def test_layernorm_matches_keras():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(7)
    X = rng.normal(size=(4, 6)).astype("float32")
    layer = keras.layers.LayerNormalization()
    layer.build(X.shape)
    gamma, beta = rng.uniform(0.5, 2, 6), rng.normal(size=6)
    layer.set_weights([gamma, beta])
    assert np.allclose(layernorm_forward(X, gamma, beta)[0], np.asarray(layer(X)), atol=1e-5)
    X3 = rng.normal(size=(2, 3, 6)).astype("float32")                 # (N, T, H): features last
    assert np.allclose(layernorm_forward(X3, gamma, beta)[0], np.asarray(layer(X3)), atol=1e-5)


@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 4)])
def test_layernorm_backward_gradcheck(shape):
    rng = np.random.default_rng(13)
    X = rng.normal(1.0, 2.0, size=shape)
    gamma, beta = rng.uniform(0.5, 2, shape[-1]), rng.normal(size=shape[-1])
    dout = rng.normal(size=shape)
    loss = lambda X_, g_, b_: float(np.sum(layernorm_forward(X_, g_, b_)[0] * dout))
    _, cache = layernorm_forward(X, gamma, beta)
    dX, dgamma, dbeta = layernorm_backward(dout, cache)
    assert rel_error(dX, numerical_gradient(lambda v: loss(v, gamma, beta), X.copy())) < 1e-7
    assert rel_error(dgamma, numerical_gradient(lambda v: loss(X, v, beta), gamma.copy())) < 1e-7
    assert rel_error(dbeta, numerical_gradient(lambda v: loss(X, gamma, v), beta.copy())) < 1e-7
    np.testing.assert_allclose(dX.sum(axis=-1), 0.0, atol=1e-10)     # shifting a row changes nothing


# --- errors -----------------------------------------------------------------------------------------

def test_shape_errors_name_expected_and_received():
    with pytest.raises(CheckError, match=r"dense_forward: W has the wrong shape(.|\n)*\(3, H\)(.|\n)*: \(2, 4\)"):
        dense_forward(np.ones((5, 3)), np.ones((2, 4)), np.ones(4))
    with pytest.raises(CheckError, match=r"b has the wrong shape(.|\n)*\(4,\)(.|\n)*received: \(3,\)"):
        dense_forward(np.ones((5, 3)), np.ones((3, 4)), np.ones(3))
    with pytest.raises(CheckError, match=r"X has the wrong number of dimensions(.|\n)*2-D(.|\n)*\(3,\)"):
        dense_forward(np.ones(3), np.ones((3, 4)), np.ones(4))
    _, cache = dense_forward(np.ones((5, 3)), np.ones((3, 4)), np.ones(4))
    with pytest.raises(CheckError, match=r"dense_backward: dout has the wrong shape(.|\n)*\(5, 4\)(.|\n)*\(4, 5\)"):
        dense_backward(np.ones((4, 5)), cache)
    _, cache = activation_forward(np.ones((2, 3)), "tanh")
    with pytest.raises(CheckError, match=r"\(2, 3\)(.|\n)*received: \(3, 2\)"):
        activation_backward(np.ones((3, 2)), cache)
    with pytest.raises(CheckError, match="not one of the choices(.|\n)*'sigmoid'"):
        activation_forward(np.ones((2, 2)), "softplus")
    _, mask = dropout_forward(np.ones((2, 2)), 0.5, 0)
    with pytest.raises(CheckError, match=r"dropout_backward: dout has the wrong shape"):
        dropout_backward(np.ones(3), mask)
    _, cache = layernorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3))
    with pytest.raises(CheckError, match="layernorm_backward: dout"):
        layernorm_backward(np.ones((3, 2)), cache)


@pytest.mark.parametrize("call, match", [
    (lambda: dropout_forward(np.ones(3), 1.0, np.random.default_rng(0)), r"rate is out of range(.|\n)*< 1"),
    (lambda: dropout_forward(np.ones(3), 0.5, "seed"), "rng must be a random generator or a seed"),
    (lambda: dropout_forward(np.array([1.0, np.nan]), 0.5, 0), "A must be finite"),
    (lambda: batchnorm_forward(np.ones((2, 3)), np.ones(2), np.zeros(3), _state(np.zeros(3), np.ones(3)), True),
     r"gamma has the wrong shape(.|\n)*\(3,\)"),
    (lambda: batchnorm_forward(np.ones(3), np.ones(3), np.zeros(3), _state(np.zeros(3), np.ones(3)), True), "2-D"),
    (lambda: batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), (np.zeros(3), np.ones(3)), True),
     "state must be a dict(.|\n)*received: tuple"),
    (lambda: batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), {"moving_mean": np.zeros(3)}, True),
     "moving_var"),
    (lambda: batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), _state(np.zeros(2), np.ones(3)), True),
     r"state\['moving_mean'\] has the wrong shape"),
    (lambda: batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), _state(np.zeros(3), np.ones(3)), True,
                               momentum=1.5), "momentum is out of range"),
    (lambda: layernorm_forward(np.ones(3), np.ones(3), np.zeros(3)), "number of dimensions"),
    (lambda: layernorm_forward(np.ones((2, 3)), np.ones(2), np.zeros(3)), r"gamma has the wrong shape"),
    (lambda: layernorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), epsilon=-1), "epsilon is out of range"),
])
def test_bad_input_is_a_clear_check_error(call, match):
    with pytest.raises(CheckError, match=match):
        call()
