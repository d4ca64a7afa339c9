"""Activation functions of chapter 02 and their derivatives.

Every activation works element-wise on an array of any shape, except softmax, which normalises
along one axis (the last by default: one row of scores per sample).

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
"""

from __future__ import annotations

import math

import numpy as np

from dlkit.checks import CheckError

__all__ = [
    "linear", "linear_grad", "binary_step", "binary_step_grad", "sigmoid", "sigmoid_grad",
    "tanh", "tanh_grad", "relu", "relu_grad", "leaky_relu", "leaky_relu_grad", "softmax",
    "softmax_jacobian", "softmax_grad", "gelu", "gelu_grad", "swish", "swish_grad", "ACTIVATIONS",
    "explorer_curves",
]


def _as_input(z, name: str = "z") -> np.ndarray:
    """Validate z: numbers only, all finite. Returns a float array (never modifies z)."""
    if isinstance(z, (str, bytes, dict, set)) or z is None:
        raise CheckError(f"{name}: expected a number or an array of numbers. Received: {type(z).__name__}")
    try:
        arr = np.array(z, dtype=float)
    except (TypeError, ValueError) as err:
        raise CheckError(f"{name}: expected a number or an array of numbers. "
                         f"Received: {type(z).__name__} ({err})") from err
    if not np.all(np.isfinite(arr)):
        raise CheckError(f"{name}: expected finite numbers. Received an input containing nan or inf")
    return arr


def _out(arr: np.ndarray, z):
    """Return a float for a scalar input, an array otherwise."""
    return float(arr) if np.ndim(z) == 0 else arr


def linear(z):
    """Identity: f(z) = z. Range (-inf, inf). Used for regression outputs.

    Example: linear([-1.0, 2.0]) -> array([-1., 2.])
    """
    return _out(_as_input(z), z)


def linear_grad(z):
    """Derivative of linear: f'(z) = 1 everywhere."""
    return _out(np.ones_like(_as_input(z)), z)


def binary_step(z):
    """Heaviside step: f(z) = 1 if z >= 0 else 0. Range {0, 1}.

    Example: binary_step([-0.5, 0.0, 2.0]) -> array([0., 1., 1.])
    """
    return _out((_as_input(z) >= 0).astype(float), z)


def binary_step_grad(z):
    """Derivative of the step: 0 everywhere it exists (undefined at 0; we return 0)."""
    return _out(np.zeros_like(_as_input(z)), z)


def sigmoid(z):
    """Logistic sigmoid, numerically stable: f(z) = 1 / (1 + e^-z). Range (0, 1).

    For z >= 0 it computes 1 / (1 + e^-z); for z < 0 the equal form e^z / (1 + e^z), so exp only
    ever sees a non-positive number and cannot overflow.

    Example: sigmoid(0.0) -> 0.5; sigmoid(-1000.0) -> 0.0 (no overflow warning)
    """
    x = _as_input(z)
    e = np.exp(-np.abs(x))                                   # in (0, 1]: never overflows
    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return _out(s, z)


def sigmoid_grad(z):
    """Derivative of sigmoid: f'(z) = f(z) (1 - f(z)); largest value 0.25 at z = 0."""
    s = np.asarray(sigmoid(z), dtype=float)
    return _out(s * (1.0 - s), z)


def tanh(z):
    """Hyperbolic tangent: f(z) = (e^z - e^-z) / (e^z + e^-z) = 2 sigmoid(2z) - 1. Range (-1, 1)."""
    return _out(np.tanh(_as_input(z)), z)


def tanh_grad(z):
    """Derivative of tanh: f'(z) = 1 - tanh(z)^2; largest value 1 at z = 0."""
    t = np.tanh(_as_input(z))
    return _out(1.0 - t ** 2, z)


def relu(z):
    """Rectified linear unit: f(z) = max(0, z). Range [0, inf)."""
    return _out(np.maximum(_as_input(z), 0.0), z)


def relu_grad(z):
    """Derivative of ReLU: 1 for z > 0, 0 for z < 0; we use 0 at z = 0 (as TensorFlow does)."""
    return _out((_as_input(z) > 0).astype(float), z)


def _check_alpha(alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.integer, np.floating)):
        raise CheckError(f"alpha: expected a number. Received: {type(alpha).__name__}")
    if not math.isfinite(float(alpha)) or alpha < 0:
        raise CheckError(f"alpha: expected a finite number >= 0 (a small slope such as 0.01). Received: alpha={alpha}")
    return float(alpha)


def leaky_relu(z, alpha=0.01):
    """Leaky ReLU: f(z) = z for z > 0, alpha z otherwise. Range (-inf, inf) for alpha > 0.

    Note: Keras defaults differ (`keras.activations.leaky_relu`: negative_slope=0.2, the LeakyReLU layer:
    0.3); pass the slope explicitly.
    """
    a = _check_alpha(alpha)
    x = _as_input(z)
    return _out(np.where(x > 0, x, a * x), z)


def leaky_relu_grad(z, alpha=0.01):
    """Derivative of Leaky ReLU: 1 for z > 0, alpha otherwise (alpha at z = 0)."""
    a = _check_alpha(alpha)
    x = _as_input(z)
    return _out(np.where(x > 0, 1.0, a), z)


def softmax(z, axis=-1):
    """Softmax along `axis`: s_i = e^(z_i - max z) / sum_j e^(z_j - max z). Each s_i in (0, 1), sum 1.

    Subtracting the maximum changes nothing mathematically (it cancels) but keeps exp <= 1.

    Args:
        z: scores ("logits"), shape (C,) or (N, C) or any shape.
        axis: the axis that holds the classes (default -1: the last).

    Returns:
        array of z's shape.

    Example: softmax([2.0, 1.0, 0.1]) -> array([0.659, 0.242, 0.099])
    """
    x = _as_input(z)
    if x.ndim == 0:
        raise CheckError("softmax: expected an array of scores with at least one axis. Received a single number")
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(z):
    """Jacobian of softmax for one score vector z (C,): J = diag(s) - s s^T, shape (C, C).

    J[i, j] = ds_i / dz_j = s_i (delta_ij - s_j).
    """
    x = _as_input(z)
    if x.ndim != 1:
        raise CheckError(f"softmax_jacobian: expected one score vector of shape (C,). Received shape {x.shape}")
    s = softmax(x)
    return np.diag(s) - np.outer(s, s)                       # (C, C)


def softmax_grad(z, ds):
    """Backward pass of softmax along the last axis: given dL/ds, return dL/dz = s * (ds - sum(ds * s)).

    Args: z (..., C) scores; ds (..., C) upstream gradient. Returns (..., C).
    """
    s = softmax(z)
    g = _as_input(ds, "ds")
    if g.shape != s.shape:
        raise CheckError(f"softmax_grad: ds must have the shape of z. Expected {s.shape}, received {g.shape}")
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))


def gelu(z):
    """GELU (Hendrycks & Gimpel 2016), exact form: f(z) = z Phi(z) = z (1 + erf(z / sqrt 2)) / 2.

    Pointer only: used in Transformers (BERT, GPT). Smooth, slightly negative for z < 0.
    """
    x = _as_input(z)
    erf = np.vectorize(math.erf, otypes=[float])
    return _out(0.5 * x * (1.0 + erf(x / math.sqrt(2.0))), z)


def gelu_grad(z):
    """Derivative of exact GELU: Phi(z) + z phi(z)."""
    x = _as_input(z)
    erf = np.vectorize(math.erf, otypes=[float])
    cdf = 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x ** 2) / math.sqrt(2.0 * math.pi)
    return _out(cdf + x * pdf, z)


def swish(z):
    """Swish / SiLU (Ramachandran et al. 2017): f(z) = z sigmoid(z). Pointer only."""
    x = _as_input(z)
    return _out(x * np.asarray(sigmoid(x)), z)


def swish_grad(z):
    """Derivative of swish: s + z s (1 - s), with s = sigmoid(z)."""
    x = _as_input(z)
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

_RANGES = {
    "linear": "(-inf, inf)", "binary_step": "{0, 1}", "sigmoid": "(0, 1)", "tanh": "(-1, 1)",
    "relu": "[0, inf)", "leaky_relu": "(-inf, inf)", "gelu": "[-0.17, inf)", "swish": "[-0.28, inf)",
}


def explorer_curves(name="sigmoid", zmin=-5.0, zmax=5.0, alpha=0.1, num=401):
    """Pure compute for the activation explorer: f and f' sampled on [zmin, zmax].

    Returns a dict with z, f, df (arrays of length num), name, alpha, range (text) and
    max_grad (largest |f'| on the interval).
    """
    if name not in ACTIVATIONS:
        raise CheckError(f"name: expected one of {sorted(ACTIVATIONS)}. Received: {name!r}")
    if not (math.isfinite(zmin) and math.isfinite(zmax)) or zmin >= zmax:
        raise CheckError(f"zmin < zmax expected. Received: zmin={zmin}, zmax={zmax}")
    f, df = ACTIVATIONS[name]
    z = np.linspace(zmin, zmax, int(num))
    kw = {"alpha": alpha} if name == "leaky_relu" else {}
    fz, dfz = np.asarray(f(z, **kw)), np.asarray(df(z, **kw))
    return {"name": name, "alpha": float(alpha), "z": z, "f": fz, "df": dfz,
            "range": _RANGES[name], "max_grad": float(np.max(np.abs(dfz)))}
