"""Gradient checking: compare an analytic gradient (a backward pass) with centred differences.

    df/dx_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h          (error O(h²); e_i is the i-th unit array)

    rel_error(a, b) = max_i |a_i − b_i| / max(1e-8, |a_i| + |b_i|)      (cs231n's convention)

How to read the relative error between a backward pass and `numerical_gradient` (float64, h = 1e-5):
around 1e-7 or below, the backward pass is right; around 1e-4, suspicious (a kink such as ReLU at 0
can cause it); 1e-2 or above, it is wrong.

Symbols (docs/NAMING.md): x the array a gradient is taken for, any shape (e.g. a weight matrix W (D, H));
f a scalar function of it (a loss); h the step. The gradient has x's shape.

Example:
    >>> W = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> rel_error(numerical_gradient(lambda _: np.sum(W ** 2), W), 2 * W) < 1e-7
    True
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name

__all__ = ["numerical_gradient", "rel_error"]


def _scalar(value, index: tuple) -> float:
    """The float value of f's output, or a CheckError saying what f returned instead."""
    what = f"numerical_gradient: f must return a number (x perturbed at index {index})"
    if value is None:
        raise fail(what, "a number, the scalar loss", "None", hint="did f forget to `return`?")
    if np.ndim(value) != 0:
        raise fail(what, "a number, the scalar loss", f"an array of shape {np.shape(value)}",
                   hint="reduce it, e.g. with np.sum")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise fail(what, "a number, the scalar loss", type_name(value)) from None


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Centred-difference estimate of the gradient of a scalar function f at x.

        grad[i] = (f(x + h e_i) − f(x − h e_i)) / 2h     for every index i of x

    x is perturbed in place, one element at a time, and restored after each evaluation (also if f
    raises). In place on purpose: f may ignore its argument and read x through a closure, as in
    `numerical_gradient(lambda _: loss(W), W)`. The caller's x is unchanged afterwards.

    Args:
        f: function of one float array returning a number (e.g. a loss).
        x: float array of any shape, writeable; use float64 (float32 makes the estimate noisy).
        h: step size, > 0.

    Returns:
        grad: float array of x's shape, the estimated df/dx.

    Example:
        >>> numerical_gradient(lambda v: np.sum(v ** 2), np.array([1.0, -2.0]))   # ≈ 2x
        array([ 2., -4.])
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        received = f"an array of dtype {x.dtype}" if isinstance(x, np.ndarray) else type_name(x)
        raise fail("numerical_gradient: x must be a float numpy array", "a float numpy array (it is perturbed "
                   "in place)", received, hint="pass np.asarray(x, dtype=float)")
    if not x.flags.writeable:
        raise fail("numerical_gradient: x must be writeable", "an array that can be perturbed in place "
                   "and restored", "a read-only array", hint="pass x.copy()")
    h = validate.number(h, "h", low=0, low_open=True, where="numerical_gradient")
    grad = np.zeros(x.shape, dtype=x.dtype)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        old = x[i]
        try:
            x[i] = old + h
            f_plus = _scalar(f(x), i)
            x[i] = old - h
            f_minus = _scalar(f(x), i)
        finally:
            x[i] = old  # restore, whatever happened
        grad[i] = (f_plus - f_minus) / (2 * h)
        it.iternext()
    return grad


def rel_error(a, b) -> float:
    """Largest elementwise relative error between two arrays of one shape (0 when identical).

        rel_error(a, b) = max_i |a_i − b_i| / max(1e-8, |a_i| + |b_i|)

    Args:
        a, b: numbers or arrays of one shape (e.g. an analytic and a numerical gradient).

    Returns:
        a float in [0, 1] (0.0 for empty arrays).

    Example:
        >>> round(rel_error(np.array([1.0]), np.array([1.1])), 4)    # 0.1 / 2.1
        0.0476
    """
    a = validate.array(a, "a", finite=False, where="rel_error")
    b = validate.array(b, "b", finite=False, where="rel_error")
    if a.shape != b.shape:
        raise fail("rel_error: a and b must have one shape", "two arrays of one shape",
                   f"shapes {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
