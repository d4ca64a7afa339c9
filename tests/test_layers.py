"""Tests of dlkit.layers: hand-computed forward, numerical gradient checks, shape errors."""

import numpy as np
import pytest

from dlkit.checks import CheckError
from dlkit.gradcheck import numerical_gradient, rel_error
from dlkit.layers import activation_backward, activation_forward, dense_backward, dense_forward


def test_dense_forward_by_hand():
    X = np.array([[1.0, 2.0]])                      # (1, 2)
    W = np.array([[1.0, 0.0, -1.0], [0.5, 1.0, 2.0]])  # (2, 3)
    b = np.array([0.1, 0.2, 0.3])
    out, _ = dense_forward(X, W, b)
    np.testing.assert_allclose(out, [[2.1, 2.2, 3.3]])
    assert out.shape == (1, 3)


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


def test_activation_forward_values():
    A, _ = activation_forward(np.array([[-1.0, 0.0, 2.0]]), "relu")
    np.testing.assert_array_equal(A, [[0.0, 0.0, 2.0]])
    A, _ = activation_forward(np.array([[0.0]]), "sigmoid")
    assert A[0, 0] == 0.5


def test_shape_errors_name_expected_and_received():
    with pytest.raises(ValueError, match=r"\(3, H\).*Received shape \(2, 4\)"):
        dense_forward(np.ones((5, 3)), np.ones((2, 4)), np.ones(4))
    with pytest.raises(ValueError, match=r"\(4,\).*Received shape \(3,\)"):
        dense_forward(np.ones((5, 3)), np.ones((3, 4)), np.ones(3))
    with pytest.raises(ValueError, match=r"\(N, D\).*Received shape \(3,\)"):
        dense_forward(np.ones(3), np.ones((3, 4)), np.ones(4))
    _, cache = dense_forward(np.ones((5, 3)), np.ones((3, 4)), np.ones(4))
    with pytest.raises(ValueError, match=r"\(5, 4\).*Received shape \(4, 5\)"):
        dense_backward(np.ones((4, 5)), cache)
    _, cache = activation_forward(np.ones((2, 3)), "tanh")
    with pytest.raises(ValueError, match=r"\(2, 3\).*Received shape \(3, 2\)"):
        activation_backward(np.ones((3, 2)), cache)
    with pytest.raises(CheckError, match="expected one of"):
        activation_forward(np.ones((2, 2)), "softplus")
