"""Activation functions of chapter 02 and their derivatives.

Symbols (docs/NAMING.md): z one unit's pre-activation (a number or an array of any shape), f the
activation, f' its derivative; C classes for softmax, whose scores are the rows of an (N, C) array.

Every activation works element-wise on an array of any shape, except softmax, which normalises
along one axis (the last by default: one row of scores per example). A number in gives a float out,
an array in gives an array of the same shape.

    name         formula                                  range        derivative
    linear       f(z) = z                                 (-inf, inf)  1
    binary_step  f(z) = 1 if z >= 0 else 0                {0, 1}       0 (undefined at 0)
    sigmoid      f(z) = 1 / (1 + e^-z)                    (0, 1)       f(z) (1 - f(z))  <= 0.25
    tanh         f(z) = (e^z - e^-z) / (e^z + e^-z)       (-1, 1)      1 - f(z)^2       <= 1
    relu         f(z) = max(0, z)                         [0, inf)     1 if z > 0 else 0
    leaky_relu   f(z) = z if z > 0 else alpha z           (-inf, inf)  1 if z > 0 else alpha
    softmax      f(z)_i = e^z_i / sum_j e^z_j             (0, 1), sums to 1   J = diag(s) - s s^T
    gelu         f(z) = z Phi(z)                          (~-0.17, inf)
    swish        f(z) = z sigmoid(z)                      (~-0.28, inf)

Conventions at the kink z = 0 (the derivative is undefined there): relu_grad(0) = 0,
leaky_relu_grad(0) = alpha, binary_step(0) = 1 (as in chapter 01's perceptron).

Example:
    >>> sigmoid(0.0), relu_grad(np.array([-1.0, 2.0]))
    (0.5, array([0., 1.]))
"""

from __future__ import annotations

import math

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = [
    "linear", "linear_grad", "binary_step", "binary_step_grad", "sigmoid", "sigmoid_grad",
    "tanh", "tanh_grad", "relu", "relu_grad", "leaky_relu", "leaky_relu_grad", "softmax",
    "softmax_jacobian", "softmax_grad", "gelu", "gelu_grad", "swish", "swish_grad", "ACTIVATIONS",
]


def _out(arr: np.ndarray, z):
    """A float for a scalar input, the array otherwise."""
    return float(arr) if np.ndim(z) == 0 else arr


def linear(z):
    """Identity: f(z) = z. Range (-inf, inf). Used for regression outputs.

    Args:
        z: a number or an array of any shape.

    Returns:
        a float for a number, else a float array of z's shape.

    Example:
        >>> linear([-1.0, 2.0])
        array([-1.,  2.])
    """
    return _out(validate.array(z, "z", where="linear"), z)


def linear_grad(z):
    """Derivative of linear: f'(z) = 1 everywhere.

    Example:
        >>> linear_grad(3.0)
        1.0
    """
    return _out(np.ones_like(validate.array(z, "z", where="linear_grad")), z)


def binary_step(z):
    """Heaviside step: f(z) = 1 if z >= 0 else 0. Range {0, 1}.

    Example:
        >>> binary_step([-0.5, 0.0, 2.0])
        array([0., 1., 1.])
    """
    return _out((validate.array(z, "z", where="binary_step") >= 0).astype(float), z)


def binary_step_grad(z):
    """Derivative of the step: 0 everywhere it exists (undefined at 0; we return 0).

    Example:
        >>> binary_step_grad([-1.0, 1.0])
        array([0., 0.])
    """
    return _out(np.zeros_like(validate.array(z, "z", where="binary_step_grad")), z)


def sigmoid(z):
    """Logistic sigmoid, numerically stable: f(z) = 1 / (1 + e^-z). Range (0, 1).

    For z >= 0 it computes 1 / (1 + e^-z); for z < 0 the equal form e^z / (1 + e^z), so exp only
    ever sees a non-positive number and cannot overflow.

    Example:
        >>> sigmoid(0.0), sigmoid(-1000.0)       # no overflow warning
        (0.5, 0.0)
    """
    x = validate.array(z, "z", where="sigmoid")
    e = np.exp(-np.abs(x))                                   # in (0, 1]: never overflows
    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return _out(s, z)


def sigmoid_grad(z):
    """Derivative of sigmoid: f'(z) = f(z) (1 - f(z)); largest value 0.25 at z = 0.

    Example:
        >>> sigmoid_grad(0.0)
        0.25
    """
    s = np.asarray(sigmoid(validate.array(z, "z", where="sigmoid_grad")))
    return _out(s * (1.0 - s), z)


def tanh(z):
    """Hyperbolic tangent: f(z) = (e^z - e^-z) / (e^z + e^-z) = 2 sigmoid(2z) - 1. Range (-1, 1).

    Example:
        >>> tanh(0.0)
        0.0
    """
    return _out(np.tanh(validate.array(z, "z", where="tanh")), z)


def tanh_grad(z):
    """Derivative of tanh: f'(z) = 1 - tanh(z)^2; largest value 1 at z = 0.

    Example:
        >>> tanh_grad(0.0)
        1.0
    """
    t = np.tanh(validate.array(z, "z", where="tanh_grad"))
    return _out(1.0 - t ** 2, z)


def relu(z):
    """Rectified linear unit: f(z) = max(0, z). Range [0, inf).

    Example:
        >>> relu([-2.0, 0.0, 3.0])
        array([0., 0., 3.])
    """
    return _out(np.maximum(validate.array(z, "z", where="relu"), 0.0), z)


def relu_grad(z):
    """Derivative of ReLU: 1 for z > 0, 0 for z < 0; we use 0 at z = 0 (as TensorFlow does).

    Example:
        >>> relu_grad([-2.0, 0.0, 3.0])
        array([0., 0., 1.])
    """
    return _out((validate.array(z, "z", where="relu_grad") > 0).astype(float), z)


def leaky_relu(z, alpha=0.01):
    """Leaky ReLU: f(z) = z for z > 0, alpha z otherwise. Range (-inf, inf) for alpha > 0.

    Note: Keras defaults differ (`keras.activations.leaky_relu`: negative_slope=0.2, the LeakyReLU layer:
    0.3); pass the slope explicitly.

    Args:
        z: a number or an array of any shape.
        alpha: the slope for z <= 0, a number >= 0.

    Example:
        >>> leaky_relu([-2.0, 3.0], alpha=0.1)
        array([-0.2,  3. ])
    """
    a = validate.number(alpha, "alpha", low=0, where="leaky_relu")
    x = validate.array(z, "z", where="leaky_relu")
    return _out(np.where(x > 0, x, a * x), z)


def leaky_relu_grad(z, alpha=0.01):
    """Derivative of Leaky ReLU: 1 for z > 0, alpha otherwise (alpha at z = 0).

    Example:
        >>> leaky_relu_grad([-2.0, 0.0, 3.0], alpha=0.1)
        array([0.1, 0.1, 1. ])
    """
    a = validate.number(alpha, "alpha", low=0, where="leaky_relu_grad")
    x = validate.array(z, "z", where="leaky_relu_grad")
    return _out(np.where(x > 0, 1.0, a), z)


def _scores(z, where: str) -> np.ndarray:
    x = validate.array(z, "z", where=where)
    if x.ndim == 0:
        raise fail(f"{where}: z must have at least one axis (the classes)",
                   "an array of scores, shape (C,) or (N, C)", f"a single number {float(x):g}")
    return x


def softmax(z, axis=-1):
    """Softmax along `axis`: s_i = e^(z_i - max z) / sum_j e^(z_j - max z). Each s_i in (0, 1), sum 1.

    Subtracting the maximum changes nothing mathematically (it cancels) but keeps exp <= 1.

    Args:
        z: scores ("logits"), shape (C,) or (N, C) or any shape with at least one axis.
        axis: the axis that holds the classes (default -1: the last).

    Returns:
        P: probabilities, an array of z's shape.

    Example:
        >>> softmax([2.0, 1.0, 0.1]).round(3)
        array([0.659, 0.242, 0.099])
    """
    x = _scores(z, "softmax")
    shifted = x - np.max(x, axis=axis, keepdims=True)        # (..., C), max 0 along axis
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(z):
    """Jacobian of softmax for one score vector z (C,): J = diag(s) - s s^T, shape (C, C).

    J[i, j] = ds_i / dz_j = s_i (delta_ij - s_j).

    Example:
        >>> softmax_jacobian([0.0, 0.0])
        array([[ 0.25, -0.25],
               [-0.25,  0.25]])
    """
    x = validate.array(z, "z", ndim=1, where="softmax_jacobian")
    s = softmax(x)                                           # (C,)
    return np.diag(s) - np.outer(s, s)                       # (C, C)


def softmax_grad(z, ds):
    """Backward pass of softmax along the last axis: given dL/ds, return dL/dz = s * (ds - sum(ds * s)).

    Args:
        z: scores, shape (..., C).
        ds: upstream gradient dL/ds, shape (..., C).

    Returns:
        dz: dL/dz, shape (..., C).

    Example:
        >>> softmax_grad([0.0, 0.0], [1.0, 0.0])
        array([ 0.25, -0.25])
    """
    s = softmax(_scores(z, "softmax_grad"))
    g = validate.array(ds, "ds", where="softmax_grad")
    validate.same_shape(g, s, "ds", "z", where="softmax_grad")
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))  # (..., C)


_erf = np.vectorize(math.erf, otypes=[float])


def gelu(z):
    """GELU (Hendrycks & Gimpel 2016), exact form: f(z) = z Phi(z) = z (1 + erf(z / sqrt 2)) / 2.

    Pointer only: used in Transformers (BERT, GPT). Smooth, slightly negative for z < 0.

    Example:
        >>> round(gelu(1.0), 4)
        0.8413
    """
    x = validate.array(z, "z", where="gelu")
    return _out(0.5 * x * (1.0 + _erf(x / math.sqrt(2.0))), z)


def gelu_grad(z):
    """Derivative of exact GELU: Phi(z) + z phi(z).

    Example:
        >>> gelu_grad(0.0)
        0.5
    """
    x = validate.array(z, "z", where="gelu_grad")
    cdf = 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x ** 2) / math.sqrt(2.0 * math.pi)
    return _out(cdf + x * pdf, z)


def swish(z):
    """Swish / SiLU (Ramachandran et al. 2017): f(z) = z sigmoid(z). Pointer only.

    Example:
        >>> swish(0.0)
        0.0
    """
    x = validate.array(z, "z", where="swish")
    return _out(x * np.asarray(sigmoid(x)), z)


def swish_grad(z):
    """Derivative of swish: s + z s (1 - s), with s = sigmoid(z).

    Example:
        >>> swish_grad(0.0)
        0.5
    """
    x = validate.array(z, "z", where="swish_grad")
    s = np.asarray(sigmoid(x))
    return _out(s + x * s * (1.0 - s), z)


# name -> (function, derivative). Leaky ReLU takes alpha as a keyword (default 0.01).
ACTIVATIONS = {
    "linear": (linear, linear_grad),
    "binary_step": (binary_step, binary_step_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "gelu": (gelu, gelu_grad),
    "swish": (swish, swish_grad),
}
