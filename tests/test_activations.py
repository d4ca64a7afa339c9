"""Tests of dlkit.activations: hand values, keras.activations as the oracle, gradient checks, errors."""

import warnings

import numpy as np
import pytest

from dlkit import activations as A
from dlkit.checks import CheckError
from dlkit.gradcheck import numerical_gradient, rel_error

Z = np.array([-30.0, -3.0, -0.5, 0.3, 1.0, 4.0, 30.0])


def test_hand_values():
    assert A.sigmoid(0.0) == 0.5
    assert A.sigmoid_grad(0.0) == 0.25
    assert A.tanh(0.0) == 0.0 and A.tanh_grad(0.0) == 1.0
    np.testing.assert_array_equal(A.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(A.relu_grad([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(A.leaky_relu([-2.0, 3.0], alpha=0.1), [-0.2, 3.0])
    np.testing.assert_allclose(A.leaky_relu_grad([-2.0, 0.0, 3.0], alpha=0.1), [0.1, 0.1, 1.0])
    np.testing.assert_array_equal(A.binary_step([-0.5, 0.0, 2.0]), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(A.linear([-1.0, 2.0]), [-1.0, 2.0])
    assert isinstance(A.sigmoid(1.0), float)


def test_softmax_worked_example_and_large_inputs():
    np.testing.assert_allclose(A.softmax([2.0, 1.0, 0.1]), [0.659, 0.242, 0.099], atol=1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = A.softmax([1000.0, 1001.0, 1002.0])
        A.sigmoid(np.array([-1000.0, 1000.0]))
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s, A.softmax([0.0, 1.0, 2.0]))
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(A.softmax(batch).sum(axis=-1), [1.0, 1.0])
    np.testing.assert_allclose(A.softmax(batch, axis=0).sum(axis=0), [1.0, 1.0, 1.0])


def test_sigmoid_grad_bounded():
    z = np.linspace(-10, 10, 1001)
    assert np.max(A.sigmoid_grad(z)) <= 0.25
    assert np.max(A.tanh_grad(z)) <= 1.0


def test_against_keras():
    keras = pytest.importorskip("keras")
    ka = keras.activations
    rng = np.random.default_rng(0)
    z = np.concatenate([Z, rng.normal(scale=3, size=50)])
    pairs = [(A.sigmoid(z), ka.sigmoid(z)), (A.tanh(z), ka.tanh(z)), (A.relu(z), ka.relu(z)),
             (A.linear(z), ka.linear(z)),
             (A.leaky_relu(z, alpha=0.2), ka.leaky_relu(z, negative_slope=0.2)),
             (A.gelu(z), ka.gelu(z, approximate=False)), (A.swish(z), ka.silu(z))]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-6, atol=1e-6)
    S = rng.normal(scale=5, size=(4, 6))
    np.testing.assert_allclose(A.softmax(S), np.asarray(ka.softmax(S, axis=-1)), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "gelu", "swish"])
def test_gradients(name):
    f, df = A.ACTIVATIONS[name]
    z = np.array([-2.5, -1.1, -0.4, 0.3, 0.9, 2.2])
    num = numerical_gradient(lambda v: float(np.sum(f(v))), z.copy())
    assert rel_error(df(z), num) < 1e-7


def test_softmax_jacobian_and_grad():
    z = np.array([0.2, -1.0, 1.5, 0.3])
    J = A.softmax_jacobian(z)
    num = np.stack([numerical_gradient(lambda v, i=i: float(A.softmax(v)[i]), z.copy()) for i in range(4)])
    assert rel_error(J, num) < 1e-7
    ds = np.array([0.5, -1.0, 2.0, 0.1])
    np.testing.assert_allclose(A.softmax_grad(z, ds), J.T @ ds)
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-12)


def test_explorer_curves():
    c = A.explorer_curves("leaky_relu", -2, 2, alpha=0.3, num=5)
    np.testing.assert_allclose(c["f"], [-0.6, -0.3, 0.0, 1.0, 2.0])
    assert c["max_grad"] == 1.0 and c["range"] == "(-inf, inf)"
    assert A.explorer_curves("sigmoid")["max_grad"] == 0.25
    with pytest.raises(ValueError, match="expected one of"):
        A.explorer_curves("softplus")
    with pytest.raises(ValueError, match="zmin < zmax"):
        A.explorer_curves("relu", 1.0, -1.0)


def test_error_paths():
    with pytest.raises(ValueError, match="finite.*nan or inf"):
        A.sigmoid([1.0, np.nan])
    with pytest.raises(ValueError, match="expected a number or an array.*Received: str"):
        A.relu("3")
    with pytest.raises(CheckError, match="Received: alpha=-1"):
        A.leaky_relu([1.0], alpha=-1)
    with pytest.raises(ValueError, match="single number"):
        A.softmax(3.0)
    with pytest.raises(ValueError, match=r"\(C,\).*\(2, 2\)"):
        A.softmax_jacobian(np.ones((2, 2)))
