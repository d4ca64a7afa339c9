"""dlkit.nn.activations: hand values, keras.activations as the oracle, gradient checks, errors."""

import warnings

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import activations as A
from dlkit.nn.gradcheck import numerical_gradient, rel_error

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
    np.testing.assert_array_equal(A.binary_step_grad([-0.5, 2.0]), [0.0, 0.0])
    np.testing.assert_array_equal(A.linear([-1.0, 2.0]), [-1.0, 2.0])
    assert A.linear_grad(7.0) == 1.0
    assert A.gelu(0.0) == 0.0 and A.gelu_grad(0.0) == 0.5
    assert A.swish(0.0) == 0.0 and A.swish_grad(0.0) == 0.5
    assert isinstance(A.sigmoid(1.0), float)
    assert A.sigmoid(np.ones((2, 3))).shape == (2, 3)


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
    np.testing.assert_array_equal(A.binary_step(z), np.heaviside(z, 1.0))   # numpy's step, step(0) = 1
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
    np.testing.assert_allclose(A.softmax_jacobian([0.0, 0.0]), [[0.25, -0.25], [-0.25, 0.25]])


def test_softmax_grad_batch_gradcheck():
    rng = np.random.default_rng(3)
    z, ds = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    num = numerical_gradient(lambda v: float(np.sum(A.softmax(v) * ds)), z.copy())
    assert rel_error(A.softmax_grad(z, ds), num) < 1e-7


def test_inputs_are_not_changed():
    z = np.array([-1.0, 2.0])
    A.relu(z), A.leaky_relu(z), A.softmax(z)
    np.testing.assert_array_equal(z, [-1.0, 2.0])


def test_error_paths():
    with pytest.raises(CheckError, match=r"sigmoid: z must be finite(.|\n)*nan or inf"):
        A.sigmoid([1.0, np.nan])
    with pytest.raises(CheckError, match=r"relu: z must be numbers(.|\n)*received: '3' \(str\)"):
        A.relu("3")
    with pytest.raises(CheckError, match=r"leaky_relu: alpha is out of range(.|\n)*alpha=-1"):
        A.leaky_relu([1.0], alpha=-1)
    with pytest.raises(CheckError, match="alpha must be a finite number"):
        A.leaky_relu_grad([1.0], alpha="0.1")
    with pytest.raises(CheckError, match="at least one axis"):
        A.softmax(3.0)
    with pytest.raises(CheckError, match=r"softmax_jacobian: z has the wrong number of dimensions(.|\n)*\(2, 2\)"):
        A.softmax_jacobian(np.ones((2, 2)))
    with pytest.raises(CheckError, match=r"ds must have the shape of z(.|\n)*expected: \(3,\)(.|\n)*received: \(2,\)"):
        A.softmax_grad(np.ones(3), np.ones(2))
    with pytest.raises(ValueError):                       # a CheckError is a ValueError too
        A.tanh(None)
