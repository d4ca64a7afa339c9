"""Layers as forward/backward pairs (cs231n style): forward returns `out, cache`, backward takes
`dout, cache` and returns the gradients of the loss with respect to the forward's inputs.

Symbols: N batch size, D input features, H units (outputs) of the layer.

    dense:       out = X @ W + b        # (N, D) @ (D, H) + (H,) -> (N, H)
                 dX = dout @ W.T        # (N, H) @ (H, D) -> (N, D)
                 dW = X.T @ dout        # (D, N) @ (N, H) -> (D, H)
                 db = dout.sum(axis=0)  # (N, H) -> (H,)
    activation:  A = f(Z)               # element-wise, (N, H) -> (N, H)
                 dZ = dA * f'(Z)        # (N, H)

Example:
    >>> out, cache = dense_forward(np.ones((2, 3)), np.ones((3, 4)), np.zeros(4))   # out (2, 4)
    >>> dX, dW, db = dense_backward(np.ones((2, 4)), cache)
"""

from __future__ import annotations

import numpy as np

from dlkit import activations
from dlkit.checks import CheckError

__all__ = ["dense_forward", "dense_backward", "activation_forward", "activation_backward",
           "LAYER_ACTIVATIONS"]

LAYER_ACTIVATIONS = ("sigmoid", "relu", "tanh", "linear")


def _array(x, name: str, ndim: int, what: str) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise CheckError(f"{name}: expected a numeric array ({what}). Received: {type(x).__name__}") from err
    if arr.ndim != ndim:
        raise CheckError(f"{name}: expected a {ndim}-D array of shape {what}. Received shape {arr.shape}")
    return arr


def dense_forward(X, W, b):
    """Fully connected layer: out = X W + b.

    Args:
        X: inputs, shape (N, D), one sample per row.
        W: weights, shape (D, H), column j holds the weights of unit j.
        b: biases, shape (H,).

    Returns:
        out: (N, H) pre-activations Z.
        cache: (X, W) for the backward pass.
    """
    X = _array(X, "X", 2, "(N, D)")
    W = _array(W, "W", 2, "(D, H)")
    b = _array(b, "b", 1, "(H,)")
    if W.shape[0] != X.shape[1]:
        raise CheckError(f"W: expected shape ({X.shape[1]}, H) to match X of shape {X.shape} "
                         f"(one row of W per input feature). Received shape {W.shape}")
    if b.shape[0] != W.shape[1]:
        raise CheckError(f"b: expected shape ({W.shape[1]},), one bias per unit. Received shape {b.shape}")
    out = X @ W + b                     # (N, D) @ (D, H) + (H,) -> (N, H)
    return out, (X, W)


def dense_backward(dout, cache):
    """Backward pass of dense_forward.

    Args:
        dout: upstream gradient dL/dout, shape (N, H).
        cache: the (X, W) returned by dense_forward.

    Returns:
        dX (N, D), dW (D, H), db (H,).
    """
    X, W = cache
    dout = _array(dout, "dout", 2, "(N, H)")
    if dout.shape != (X.shape[0], W.shape[1]):
        raise CheckError(f"dout: expected shape {(X.shape[0], W.shape[1])} (the shape of out). "
                         f"Received shape {dout.shape}")
    dX = dout @ W.T                     # (N, H) @ (H, D) -> (N, D)
    dW = X.T @ dout                     # (D, N) @ (N, H) -> (D, H)
    db = dout.sum(axis=0)               # (N, H) -> (H,)
    return dX, dW, db


def activation_forward(Z, name="relu"):
    """Element-wise activation A = f(Z) for name in "sigmoid", "relu", "tanh", "linear".

    Returns:
        A: array of Z's shape; cache: (Z, name).
    """
    if name not in LAYER_ACTIVATIONS:
        raise CheckError(f"name: expected one of {list(LAYER_ACTIVATIONS)}. Received: {name!r}")
    Z = np.asarray(activations._as_input(Z, "Z"))
    f, _ = activations.ACTIVATIONS[name]
    A = np.asarray(f(Z), dtype=float)   # (N, H) -> (N, H)
    return A, (Z, name)


def activation_backward(dA, cache):
    """Backward pass of activation_forward: dZ = dA * f'(Z) (element-wise)."""
    Z, name = cache
    dA = np.asarray(activations._as_input(dA, "dA"))
    if dA.shape != Z.shape:
        raise CheckError(f"dA: expected shape {Z.shape} (the shape of A). Received shape {dA.shape}")
    _, df = activations.ACTIVATIONS[name]
    return dA * np.asarray(df(Z), dtype=float)   # (N, H)
