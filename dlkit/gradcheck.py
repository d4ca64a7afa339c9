"""Gradient checking: compare an analytic gradient with centred differences.

    df/dx_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h        (error O(h²))

A relative error (cs231n's convention) below ~1e-7 means the backward pass is right; around 1e-2
or above means it is wrong.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Centred-difference gradient of a scalar function f at x.

    Args:
        f: function of one float array returning a number.
        x: float array of any shape; perturbed in place during the call and restored.
        h: step size, > 0.

    Returns:
        array of x's shape: the estimated df/dx.

    Example:
        >>> numerical_gradient(lambda v: float(np.sum(v ** 2)), np.array([1.0, -2.0]))  # ≈ [2, -4]
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        kind = x.dtype if isinstance(x, np.ndarray) else type(x).__name__
        raise ValueError(f"x must be a float numpy array, received {kind}")
    if not h > 0:
        raise ValueError(f"h must be positive, received h={h}")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        old = x[i]
        try:
            x[i] = old + h
            f_plus = f(x)
            x[i] = old - h
            f_minus = f(x)
        finally:
            x[i] = old
        if np.ndim(f_plus) != 0:
            raise ValueError(f"f must return a number, received shape {np.shape(f_plus)}")
        grad[i] = (float(f_plus) - float(f_minus)) / (2 * h)
        it.iternext()
    return grad


def rel_error(a, b) -> float:
    """max |a − b| / max(1e-8, |a| + |b|), elementwise: 0 for identical arrays.

    Example:
        >>> rel_error(np.array([1.0]), np.array([1.1]))  # 0.1 / 2.1 ≈ 0.0476
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs arrays of one shape, received {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))) if a.size else 0.0
