"""Layers as forward/backward pairs with a cache (chapters 03, 05, 08), each matched to its Keras layer.

One contract for every layer:

    out, cache = <layer>_forward(X, ...params, ...)      the cache holds everything backward needs
    grads      = <layer>_backward(dout, cache)           dX, or (dX, dW, db) / (dX, dgamma, dbeta)

Symbols (docs/NAMING.md): N examples, D input features, H units (outputs) of the layer; X inputs, Z a
layer's pre-activations, A activations, W (D, H) and b (H,) a dense layer's parameters, gamma and beta
(H,) a normalisation's scale and shift; dout the upstream gradient dL/dout (out's shape); dX, dW, db,
dgamma, dbeta the gradients (each of its array's shape).

    dense:       out = X @ W + b                 # (N, D) @ (D, H) + (H,) -> (N, H)
                 dX = dout @ W.T; dW = X.T @ dout; db = sum_n dout
    activation:  A = f(Z)                        # element-wise, (N, H) -> (N, H)
                 dZ = dout * f'(Z)
    dropout:     out = A * mask, mask = keep / (1 - rate), keep ~ Bernoulli(1 - rate)  (training)
                 out = A (inference);  dA = dout * mask            (inverted dropout, keras.layers.Dropout)
    batchnorm:   X_hat = (X - mu) / sqrt(var + eps), out = gamma X_hat + beta, mu and var per feature
                 over the batch (training) or the moving statistics (inference)
                 (003 eq. 29-32, keras.layers.BatchNormalization)
    layernorm:   the same per example, over its own features (keras.layers.LayerNormalization)

Example:
    >>> out, cache = dense_forward(np.ones((2, 3)), np.ones((3, 4)), np.zeros(4))
    >>> out.shape
    (2, 4)
    >>> dX, dW, db = dense_backward(np.ones((2, 4)), cache)
    >>> dX.shape, dW.shape, db.shape
    ((2, 3), (3, 4), (4,))
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail
from dlkit.nn import activations

__all__ = ["dense_forward", "dense_backward", "activation_forward", "activation_backward",
           "dropout_forward", "dropout_backward", "batchnorm_forward", "batchnorm_backward",
           "layernorm_forward", "layernorm_backward", "LAYER_ACTIVATIONS"]

LAYER_ACTIVATIONS = ("sigmoid", "relu", "tanh", "linear")


def _dout(dout, shape: tuple, where: str) -> np.ndarray:
    """dout as a float array of out's shape (what the backward passes receive)."""
    return validate.array(dout, "dout", shape=shape, where=where)


# --- dense ------------------------------------------------------------------------------------------

def dense_forward(X, W, b):
    """Fully connected layer: out = X W + b.

    Args:
        X: inputs, shape (N, D), one example per row.
        W: weights, shape (D, H), column j holds the weights of unit j.
        b: biases, shape (H,).

    Returns:
        out: (N, H) pre-activations Z.
        cache: (X, W) for the backward pass.

    Example:
        >>> dense_forward([[1.0, 2.0]], [[1.0], [0.5]], [0.1])[0]
        array([[2.1]])
    """
    X = validate.array(X, "X", ndim=2, where="dense_forward")
    W = validate.array(W, "W", ndim=2, where="dense_forward")
    b = validate.array(b, "b", ndim=1, where="dense_forward")
    if W.shape[0] != X.shape[1]:
        raise fail("dense_forward: W has the wrong shape",
                   f"({X.shape[1]}, H), one row per input feature of X {X.shape}", str(W.shape))
    if b.shape[0] != W.shape[1]:
        raise fail("dense_forward: b has the wrong shape", f"({W.shape[1]},), one bias per unit of W {W.shape}",
                   str(b.shape))
    out = X @ W + b                     # (N, D) @ (D, H) + (H,) -> (N, H)
    return out, (X, W)


def dense_backward(dout, cache):
    """Backward pass of dense_forward.

        dX = dout W^T      dW = X^T dout      db = sum over the batch of dout

    Args:
        dout: upstream gradient dL/dout, shape (N, H).
        cache: the (X, W) returned by dense_forward.

    Returns:
        (dX (N, D), dW (D, H), db (H,)).

    Example:
        >>> _, cache = dense_forward([[1.0, 2.0]], [[1.0], [0.5]], [0.1])
        >>> dense_backward([[1.0]], cache)
        (array([[1. , 0.5]]), array([[1.],
               [2.]]), array([1.]))
    """
    X, W = cache
    dout = _dout(dout, (X.shape[0], W.shape[1]), "dense_backward")
    dX = dout @ W.T                     # (N, H) @ (H, D) -> (N, D)
    dW = X.T @ dout                     # (D, N) @ (N, H) -> (D, H)
    db = dout.sum(axis=0)               # (N, H) -> (H,)
    return dX, dW, db


# --- activation ---------------------------------------------------------------------------------------

def activation_forward(Z, name="relu"):
    """Element-wise activation A = f(Z) for name in "sigmoid", "relu", "tanh", "linear".

    Args:
        Z: pre-activations, any shape (usually (N, H)).
        name: one of LAYER_ACTIVATIONS.

    Returns:
        A: array of Z's shape; cache: (Z, name).

    Example:
        >>> activation_forward([[-1.0, 2.0]], "relu")[0]
        array([[0., 2.]])
    """
    validate.choice(name, "name", LAYER_ACTIVATIONS, where="activation_forward")
    Z = validate.array(Z, "Z", where="activation_forward")
    f, _ = activations.ACTIVATIONS[name]
    A = np.asarray(f(Z), dtype=float)   # (N, H) -> (N, H)
    return A, (Z, name)


def activation_backward(dout, cache):
    """Backward pass of activation_forward: dZ = dout * f'(Z) (element-wise).

    Args:
        dout: upstream gradient dL/dA, the shape of A.
        cache: the (Z, name) returned by activation_forward.

    Returns:
        dZ, Z's shape.

    Example:
        >>> _, cache = activation_forward([[-1.0, 2.0]], "relu")
        >>> activation_backward([[5.0, 5.0]], cache)
        array([[0., 5.]])
    """
    Z, name = cache
    dout = _dout(dout, Z.shape, "activation_backward")
    _, df = activations.ACTIVATIONS[name]
    return dout * np.asarray(df(Z), dtype=float)   # (N, H) * (N, H) -> (N, H)


# --- dropout ----------------------------------------------------------------------------------------

def dropout_forward(A, rate, rng, training=True):
    """Inverted dropout (keras.layers.Dropout): zero each entry with probability `rate`, scale the
    survivors by 1 / (1 - rate).

        keep = rng.random(A.shape) >= rate       # True with probability 1 - rate
        mask = keep / (1 - rate);  out = A * mask                      (training)
        out = A,  mask = 1                                             (inference, or rate == 0)

    The mask is drawn from the generator passed in (never from numpy's global state), so the same
    seed drops the same units; the scaling during training keeps E[out] = A, so inference changes
    nothing. Keras draws its own random numbers: its mask differs, its scaling is the same.

    Args:
        A: activations, any shape (usually (N, H)).
        rate: the fraction dropped, in [0, 1).
        rng: np.random.Generator, or an int seed (None: seed 0, the same mask on every call: pass one
            Generator for a whole training run).
        training: drop (True) or pass A through (False).

    Returns:
        out: A's shape.
        cache: the scaled mask keep / (1 - rate), A's shape (all ones at inference); `cache != 0` is
            the boolean keep-mask.

    Example:
        >>> out, mask = dropout_forward(np.ones((1, 4)), 0.5, np.random.default_rng(0))
        >>> out
        array([[2., 0., 0., 0.]])
    """
    A = validate.array(A, "A", where="dropout_forward")
    rate = validate.number(rate, "rate", low=0, high=1, high_open=True, where="dropout_forward")
    if not training or rate == 0:
        return A.copy(), np.ones(A.shape)
    keep = validate.rng(rng, where="dropout_forward").random(A.shape) >= rate   # (N, H) bool
    mask = keep / (1.0 - rate)                                                   # (N, H): 0 or 1 / (1 - rate)
    return A * mask, mask


def dropout_backward(dout, cache):
    """Backward pass of dropout_forward: dA = dout * mask (the dropped entries get no gradient).

    Args:
        dout: upstream gradient dL/dout, A's shape.
        cache: the scaled mask returned by dropout_forward.

    Returns:
        dA, A's shape.

    Example:
        >>> _, mask = dropout_forward(np.ones((1, 4)), 0.5, np.random.default_rng(0))
        >>> dropout_backward(np.ones((1, 4)), mask)
        array([[2., 0., 0., 0.]])
    """
    mask = np.asarray(cache)
    return _dout(dout, mask.shape, "dropout_backward") * mask


# --- batch normalisation --------------------------------------------------------------------------------

def _features(v, name: str, H: int, where: str) -> np.ndarray:
    return validate.array(v, name, shape=(H,), where=where)


def batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation over the batch axis, as keras.layers.BatchNormalization (its defaults).

        training:   mu = mean_n X, var = mean_n (X - mu)^2 (biased), X_hat = (X - mu) / sqrt(var + eps)
                    state: moving = momentum * moving + (1 - momentum) * batch statistic
        inference:  X_hat = (X - moving_mean) / sqrt(moving_var + eps); state unchanged
        out = gamma * X_hat + beta                                                (003 eq. 29-32)

    Args:
        X: inputs, shape (N, H).
        gamma, beta: scale and shift, shape (H,).
        state: dict {"moving_mean": (H,), "moving_var": (H,)}; in training its two entries are replaced
            by the updated statistics (the dict changes in place, as Keras updates its variables; the
            arrays put into it are not overwritten).
        training: use the batch statistics (True) or the moving ones (False).
        momentum: weight of the old moving statistic, in [0, 1].
        epsilon: added to the variance, >= 0 (Keras: 1e-3).

    Returns:
        out: (N, H); cache: what batchnorm_backward needs.

    Example:
        >>> state = {"moving_mean": np.zeros(1), "moving_var": np.ones(1)}
        >>> out, cache = batchnorm_forward([[1.0], [3.0]], [1.0], [0.0], state, training=True, epsilon=0.0)
        >>> out.ravel(), state["moving_mean"]
        (array([-1.,  1.]), array([0.02]))
    """
    where = "batchnorm_forward"
    X = validate.array(X, "X", ndim=2, where=where)
    H = X.shape[1]
    gamma, beta = _features(gamma, "gamma", H, where), _features(beta, "beta", H, where)
    if not isinstance(state, dict) or not {"moving_mean", "moving_var"} <= set(state):
        raise fail(f"{where}: state must be a dict of the moving statistics",
                   '{"moving_mean": (H,) array, "moving_var": (H,) array}',
                   f"{type(state).__name__}" + (f" with keys {sorted(state)}" if isinstance(state, dict) else ""))
    moving_mean = _features(state["moving_mean"], "state['moving_mean']", H, where)
    moving_var = _features(state["moving_var"], "state['moving_var']", H, where)
    momentum = validate.number(momentum, "momentum", low=0, high=1, where=where)
    epsilon = validate.number(epsilon, "epsilon", low=0, where=where)
    training = bool(training)
    if training:
        mu = X.mean(axis=0)                                   # (N, H) -> (H,)   eq. 29
        var = X.var(axis=0)                                   # (N, H) -> (H,)   eq. 30, biased (divide by N)
        state["moving_mean"] = momentum * moving_mean + (1 - momentum) * mu
        state["moving_var"] = momentum * moving_var + (1 - momentum) * var
    else:
        mu, var = moving_mean, moving_var
    inv_std = 1.0 / np.sqrt(var + epsilon)                    # (H,)
    X_hat = (X - mu) * inv_std                                # (N, H)   eq. 31
    out = gamma * X_hat + beta                                # (N, H)   eq. 32
    return out, (X_hat, gamma, inv_std, training)


def batchnorm_backward(dout, cache):
    """Backward pass of batchnorm_forward.

    Training mode (mu and var depend on X; with dX_hat = dout * gamma, sums over the batch axis n):

        dX = inv_std / N * (N dX_hat - sum_n dX_hat - X_hat * sum_n (dX_hat * X_hat))

    Inference mode (the moving statistics are constants): dX = dX_hat * inv_std. Both modes:
    dgamma = sum_n dout * X_hat, dbeta = sum_n dout.

    Args:
        dout: upstream gradient dL/dout, shape (N, H).
        cache: returned by batchnorm_forward.

    Returns:
        (dX (N, H), dgamma (H,), dbeta (H,)).

    Example:
        >>> state = {"moving_mean": np.zeros(1), "moving_var": np.ones(1)}
        >>> _, cache = batchnorm_forward([[1.0], [3.0]], [1.0], [0.0], state, training=True, epsilon=0.0)
        >>> batchnorm_backward([[1.0], [1.0]], cache)     # a shift of every x changes nothing
        (array([[0.],
               [0.]]), array([0.]), array([2.]))
    """
    X_hat, gamma, inv_std, training = cache
    dout = _dout(dout, X_hat.shape, "batchnorm_backward")
    N = X_hat.shape[0]
    dgamma = np.sum(dout * X_hat, axis=0)                     # (N, H) -> (H,)
    dbeta = np.sum(dout, axis=0)                              # (N, H) -> (H,)
    dX_hat = dout * gamma                                     # (N, H)
    if not training:
        return dX_hat * inv_std, dgamma, dbeta
    dX = inv_std / N * (N * dX_hat - dX_hat.sum(axis=0)                       # (N, H) - (H,)
                        - X_hat * np.sum(dX_hat * X_hat, axis=0))             # (N, H) * (H,)
    return dX, dgamma, dbeta


# --- layer normalisation ---------------------------------------------------------------------------------

def layernorm_forward(X, gamma, beta, epsilon=1e-3):
    """Layer normalisation: each example normalised over its own features (keras.layers.LayerNormalization).

        mu_n = mean_h X[n, h],  var_n = mean_h (X[n, h] - mu_n)^2
        out = gamma * (X - mu) / sqrt(var + eps) + beta

    Same in training and inference: no batch statistics, so it works for batches of one and for
    sequences. X may have more axes, e.g. (N, T, H): the last one holds the features.

    Args:
        X: inputs, shape (N, H) (or (..., H)).
        gamma, beta: scale and shift, shape (H,).
        epsilon: added to the variance, >= 0 (Keras: 1e-3).

    Returns:
        out: X's shape; cache: what layernorm_backward needs.

    Example:
        >>> layernorm_forward([[1.0, 3.0]], [1.0, 1.0], [0.0, 0.0], epsilon=0.0)[0]
        array([[-1.,  1.]])
    """
    where = "layernorm_forward"
    X = validate.array(X, "X", where=where)
    if X.ndim < 2:
        raise fail(f"{where}: X has the wrong number of dimensions", "(N, H): one row of features per example",
                   f"shape {X.shape}")
    H = X.shape[-1]
    gamma, beta = _features(gamma, "gamma", H, where), _features(beta, "beta", H, where)
    epsilon = validate.number(epsilon, "epsilon", low=0, where=where)
    mu = X.mean(axis=-1, keepdims=True)                       # (N, H) -> (N, 1)
    var = X.var(axis=-1, keepdims=True)                       # (N, H) -> (N, 1), biased
    inv_std = 1.0 / np.sqrt(var + epsilon)                    # (N, 1)
    X_hat = (X - mu) * inv_std                                # (N, H)
    return gamma * X_hat + beta, (X_hat, gamma, inv_std)      # (H,) * (N, H) + (H,) -> (N, H)


def layernorm_backward(dout, cache):
    """Backward pass of layernorm_forward: batch norm's formula over the feature axis (H features).

        dX_hat = dout * gamma
        dX = inv_std / H * (H dX_hat - sum_h dX_hat - X_hat * sum_h (dX_hat * X_hat))
        dgamma = sum over examples of dout * X_hat,  dbeta = sum over examples of dout

    Args:
        dout: upstream gradient dL/dout, X's shape.
        cache: returned by layernorm_forward.

    Returns:
        (dX (X's shape), dgamma (H,), dbeta (H,)).

    Example:
        >>> _, cache = layernorm_forward([[1.0, 3.0]], [1.0, 1.0], [0.0, 0.0], epsilon=0.0)
        >>> layernorm_backward([[1.0, 1.0]], cache)       # a shift of the row changes nothing
        (array([[0., 0.]]), array([-1.,  1.]), array([1., 1.]))
    """
    X_hat, gamma, inv_std = cache
    dout = _dout(dout, X_hat.shape, "layernorm_backward")
    H = X_hat.shape[-1]
    batch_axes = tuple(range(X_hat.ndim - 1))                 # every axis but the features
    dgamma = np.sum(dout * X_hat, axis=batch_axes)            # (N, H) -> (H,)
    dbeta = np.sum(dout, axis=batch_axes)                     # (N, H) -> (H,)
    dX_hat = dout * gamma                                     # (N, H)
    dX = inv_std / H * (H * dX_hat - dX_hat.sum(axis=-1, keepdims=True)                 # (N, H) - (N, 1)
                        - X_hat * np.sum(dX_hat * X_hat, axis=-1, keepdims=True))       # (N, H) * (N, 1)
    return dX, dgamma, dbeta
