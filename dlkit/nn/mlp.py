"""A multi-layer perceptron from scratch in numpy, and the backpropagation experiments of chapter 05.

Symbols (docs/NAMING.md): N examples, D input features, H_l units of layer l, C classes, L layers;
X inputs (N, D), y integer labels (N,) in [0, C); Z_l a layer's pre-activations, A_l its activations;
W_l (H_{l-1}, H_l), b_l (H_l,); dW_l, db_l their gradients; g the hidden activation.

Layers l = 1..L, each a dense step followed by an activation g (ReLU, sigmoid or tanh in the hidden
layers; the last layer outputs raw scores, "logits", that softmax + cross-entropy turns into a loss):

    forward:   A_0 = X;  Z_l = A_{l-1} W_l + b_l;  A_l = g(Z_l) (l < L);  logits = Z_L
    loss:      mean_n  -log softmax(Z_L)[n, y_n]
    backward:  dZ_L = (softmax(Z_L) - onehot(y)) / N
               dW_l = A_{l-1}^T dZ_l      db_l = sum_n dZ_l      dA_{l-1} = dZ_l W_l^T
               dZ_{l-1} = dA_{l-1} * g'(Z_{l-1})                  (003 eq. 12-15, rows = examples)

The parameters are the course's one parameter structure (dlkit.nn.init.init_params makes it), a dict
{"W1": (D, H_1), "b1": (H_1,), ..., "WL": (H_{L-1}, C), "bL": (C,)}; the gradients have the same keys.
`train` updates it with an optimizer of dlkit.nn.optim (SGD), whose step(params, grads) takes the dict.

Example:
    >>> from dlkit.nn.init import init_params
    >>> params = init_params([4, 3, 2], rng=0)
    >>> X, y = np.ones((5, 4)), np.array([0, 1, 0, 1, 1])
    >>> loss, grads = loss_and_grads(X, y, params)
    >>> sorted(grads) == sorted(params), grads["W1"].shape
    (True, (4, 3))
"""

from __future__ import annotations

import re

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name
from dlkit.nn import layers, optim
from dlkit.nn.activations import softmax
from dlkit.nn.init import init_params
from dlkit.nn.losses import softmax_cross_entropy_with_logits

__all__ = ["HIDDEN_ACTIVATIONS", "OUTPUT_ACTIVATIONS", "forward", "forward_pass", "loss_and_grads", "predict", "accuracy",
           "train", "gradient_norms"]

HIDDEN_ACTIVATIONS = ("relu", "sigmoid", "tanh")
OUTPUT_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "softmax")   # forward_pass: any layer


def _depth(params, where: str) -> int:
    """The number of layers L of a parameter dict {"W1", "b1", ..., "WL", "bL"} (raises if malformed)."""
    if not isinstance(params, dict) or not params:
        raise fail(f"{where}: params must be a non-empty dict of named arrays",
                   '{"W1": (D, H_1), "b1": (H_1,), ..., "WL": (H_{L-1}, C), "bL": (C,)}, as init_params makes it',
                   type_name(params) + (" (empty)" if isinstance(params, dict) else ""))
    L = sum(1 for k in params if re.fullmatch(r"W[1-9][0-9]*", str(k)))
    want = [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]
    if L == 0 or sorted(params, key=str) != sorted(want):
        raise fail(f"{where}: params has the wrong keys",
                   f"W1, b1, ..., WL, bL for L layers, e.g. {want or ['W1', 'b1']}", f"the keys {list(params)}")
    return L


def forward(X, params, hidden="relu"):
    """Forward pass; returns the logits (N, C) and the caches the backward pass needs.

    Hidden layers apply `hidden`; the last layer is linear (its scores go to softmax in the loss).

    Args:
        X: inputs, shape (N, D).
        params: {"W1", "b1", ..., "WL", "bL"} (see init_params).
        hidden: "relu", "sigmoid" or "tanh".

    Returns:
        logits (N, C) and caches: one (dense_cache, activation_cache) per layer, first layer first;
        the last layer's activation_cache is None.

    Example:
        >>> params = {"W1": np.array([[1.0, -1.0], [0.0, 1.0]]), "b1": np.array([0.0, -3.0]),
        ...           "W2": np.array([[2.0], [5.0]]), "b2": np.array([0.5])}
        >>> forward([[1.0, 2.0]], params)[0]        # relu([1, -2]) = [1, 0]; 2 * 1 + 0.5
        array([[2.5]])
    """
    validate.choice(hidden, "hidden", HIDDEN_ACTIVATIONS, where="forward")
    L = _depth(params, "forward")
    A = validate.array(X, "X", ndim=2, where="forward")                  # (N, D)
    caches = []
    for l in range(1, L + 1):
        Z, dense_cache = layers.dense_forward(A, params[f"W{l}"], params[f"b{l}"])   # (N, H_{l-1}) -> (N, H_l)
        if l < L:
            A, act_cache = layers.activation_forward(Z, hidden)           # (N, H_l)
        else:
            A, act_cache = Z, None                                        # logits (N, C)
        caches.append((dense_cache, act_cache))
    return A, caches


def forward_pass(X, params, activations):
    """Forward propagation with one activation per layer (chapter 03): the output of the last layer.

        A_0 = X;   A_l = f_l(A_{l-1} W_l + b_l),  l = 1..L;   returns A_L

    Unlike `forward` (hidden activation shared, linear output, caches for backprop), every layer names
    its own activation, the output layer included, and only the output is returned.

    Args:
        X: inputs, shape (N, D).
        params: {"W1", "b1", ..., "WL", "bL"} (see init_params).
        activations: L names, one per layer, each in OUTPUT_ACTIVATIONS ("softmax" normalises each row).

    Returns:
        A_L, shape (N, H_L).

    Example:
        >>> params = {"W1": np.array([[1.0, -1.0], [0.0, 1.0]]), "b1": np.array([0.0, -3.0]),
        ...           "W2": np.array([[2.0], [5.0]]), "b2": np.array([0.5])}
        >>> forward_pass([[1.0, 2.0]], params, ["relu", "linear"])
        array([[2.5]])
    """
    where = "forward_pass"
    L = _depth(params, where)
    names = list(activations) if isinstance(activations, (list, tuple)) else None
    if names is None or len(names) != L:
        raise fail(f"{where}: activations must name one activation per layer",
                   f"a list of {L} name(s), one per layer of params",
                   type_name(activations) if names is None else f"{len(names)} names")
    for i, name in enumerate(names):
        validate.choice(name, f"activations[{i}]", OUTPUT_ACTIVATIONS, where=where)
    A = validate.array(X, "X", ndim=2, where=where)                      # (N, D)
    for l, name in enumerate(names, start=1):
        Z, _ = layers.dense_forward(A, params[f"W{l}"], params[f"b{l}"])   # (N, H_{l-1}) -> (N, H_l)
        A = softmax(Z) if name == "softmax" else layers.activation_forward(Z, name)[0]   # (N, H_l)
    return A


_BACKWARD_KEYS = ("dense",) + HIDDEN_ACTIVATIONS


def _backward_functions(backward, where: str) -> dict:
    """The layer backward functions to use: dlkit.nn.layers', with the overrides in `backward`."""
    if backward is None:
        return {}
    if not isinstance(backward, dict):
        raise fail(f"{where}: backward must be a dict of functions", f"keys among {list(_BACKWARD_KEYS)}",
                   type_name(backward))
    unknown = [k for k in backward if k not in _BACKWARD_KEYS]
    if unknown or not all(callable(f) for f in backward.values()):
        raise fail(f"{where}: backward has unknown keys or values that are not functions",
                   f"keys among {list(_BACKWARD_KEYS)}, each a function", f"the keys {list(backward)}")
    return backward


def _backward(dZ, caches, backward=None):
    """Backward pass from dL/dlogits; returns grads {"W1": dW1, ...} and the deltas dL/dZ_l, first layer first.

    backward: optional overrides of the layer backward passes, {"dense": f(dout, (X, W)) -> (dX, dW, db),
    "relu" / "sigmoid" / "tanh": f(dout, Z) -> dZ} (chapter 05 passes the learner's functions).
    """
    backward = backward or {}
    dense_backward = backward.get("dense", layers.dense_backward)
    grads, deltas, dA = {}, [None] * len(caches), None
    for i in reversed(range(len(caches))):                      # output layer first
        dense_cache, act_cache = caches[i]
        if act_cache is not None:                               # hidden layer: back through g first
            Z, name = act_cache
            dZ = (backward[name](dA, Z) if name in backward     # dZ = dA * g'(Z)   (N, H_l)
                  else layers.activation_backward(dA, act_cache))
        dA, dW, db = dense_backward(dZ, dense_cache)            # dA (N, H_{l-1}) feeds the layer below
        grads[f"W{i + 1}"], grads[f"b{i + 1}"], deltas[i] = dW, db, dZ
    ordered = {k: grads[k] for l in range(1, len(caches) + 1) for k in (f"W{l}", f"b{l}")}
    return ordered, deltas


def loss_and_grads(X, y, params, hidden="relu"):
    """Softmax cross-entropy loss of the MLP on (X, y) and its gradient for every parameter.

    Args:
        X: inputs (N, D); y: integer labels (N,) in [0, C); params: {"W1", "b1", ...}; hidden: activation.

    Returns:
        loss (float) and grads: {"W1": dW1, "b1": db1, ...}, the keys and shapes of params.

    Example:
        >>> params = {"W1": np.zeros((2, 2)), "b1": np.zeros(2)}
        >>> loss, grads = loss_and_grads([[1.0, 0.0]], [0], params)
        >>> round(loss, 4), grads["b1"]             # log 2; softmax(0, 0) - onehot(0)
        (0.6931, array([-0.5,  0.5]))
    """
    logits, caches = forward(X, params, hidden)
    y = validate.labels(y, "y", n=logits.shape[0], classes=logits.shape[1], where="loss_and_grads")
    loss, dZ = softmax_cross_entropy_with_logits(logits, y)     # dZ = dL/dlogits (N, C)
    grads, _ = _backward(dZ, caches)
    return loss, grads


def predict(X, params, hidden="relu"):
    """Class labels (N,): the argmax of the logits.

    Example:
        >>> predict([[1.0, 0.0], [0.0, 1.0]], {"W1": np.eye(2), "b1": np.zeros(2)})
        array([0, 1])
    """
    return np.argmax(forward(X, params, hidden)[0], axis=1)


def accuracy(X, y, params, hidden="relu") -> float:
    """Fraction of examples whose predicted class equals y.

    Example:
        >>> accuracy([[1.0, 0.0], [0.0, 1.0]], [0, 0], {"W1": np.eye(2), "b1": np.zeros(2)})
        0.5
    """
    y_hat = predict(X, params, hidden)                          # (N,)
    y = validate.labels(y, "y", n=len(y_hat), where="accuracy")
    return float(np.mean(y_hat == y))


def train(X, y, sizes, epochs=20, batch_size=32, learning_rate=0.1, rng=None, hidden="relu", init="he",
          X_val=None, y_val=None, progress=None, loss_and_grads=None):
    """Mini-batch SGD: shuffle every epoch (with rng), one update per batch (the last may be smaller).

        params = init_params(sizes, rng, init); for each batch: opt.step(params, grads) with
        opt = dlkit.nn.optim.SGD(learning_rate), i.e. W <- W - learning_rate dW for every parameter

    Args:
        X (N, D), y (N,) int labels: training data.
        sizes: [D, H_1, ..., C].
        epochs, batch_size: positive integers.
        learning_rate: the SGD step size, > 0.
        rng: np.random.Generator or int seed (None: seed 0); draws the initial weights, then the shuffles.
        hidden: hidden activation; init: a key of dlkit.nn.init.INITS.
        X_val, y_val: optional validation data, scored after every epoch.
        progress: optional iterable wrapper over epochs, e.g. dlkit.progress.progress.
        loss_and_grads: optional function (X_batch, y_batch, params) -> (loss, grads) to use instead of
            this module's loss_and_grads (chapter 05 passes the learner's mlp_backward); it must compute
            the network with the `hidden` activation given here.

    Returns:
        params ({"W1", "b1", ...}) and history: {"loss": mean training loss per epoch, "val_acc": the
        validation accuracy per epoch if X_val is given, else []}.

    Example:
        >>> X = np.array([[0.0, 0.0], [1.0, 1.0]]); y = np.array([0, 1])
        >>> params, history = train(X, y, [2, 2], epochs=50, batch_size=2, learning_rate=0.5)
        >>> predict(X, params).tolist(), history["loss"][-1] < history["loss"][0]
        ([0, 1], True)
    """
    where = "train"
    X = validate.array(X, "X", ndim=2, where=where)                       # (N, D)
    y = validate.labels(y, "y", n=X.shape[0], where=where)                # (N,)
    epochs = validate.integer(epochs, "epochs", low=1, where=where)
    batch_size = validate.integer(batch_size, "batch_size", low=1, where=where)
    if X_val is not None:
        X_val = validate.array(X_val, "X_val", ndim=2, where=where)
        y_val = validate.labels(y_val, "y_val", n=X_val.shape[0], where=where)
    rng = validate.rng(rng, where=where)
    if loss_and_grads is not None and not callable(loss_and_grads):
        raise fail(f"{where}: loss_and_grads must be a function", "f(X_batch, y_batch, params) -> (loss, grads)",
                   type_name(loss_and_grads))
    step = _loss_and_grads_of(hidden) if loss_and_grads is None else loss_and_grads
    params = init_params(sizes, rng, init)
    opt = optim.SGD(learning_rate)
    history = {"loss": [], "val_acc": []}
    epoch_iter = range(epochs) if progress is None else progress(range(epochs))
    for _ in epoch_iter:
        order = rng.permutation(len(X))
        total = 0.0
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = step(X[idx], y[idx], params)
            opt.step(params, grads)                                       # params changed in place
            total += loss * len(idx)
        history["loss"].append(total / len(X))
        if X_val is not None:
            history["val_acc"].append(accuracy(X_val, y_val, params, hidden))
    return params, history


def _loss_and_grads_of(hidden):
    return lambda X, y, params: loss_and_grads(X, y, params, hidden)


# --- vanishing and exploding gradients --------------------------------------------------------------

def gradient_norms(depth=10, width=32, hidden="sigmoid", init="xavier", scale=1.0, n=128, inputs=16,
                   classes=10, rng=None, backward=None):
    """Per-layer norms of a freshly initialised deep MLP on random data, first layer first.

    A network of `depth` hidden layers of `width` units (L = depth + 1 layers) on n random inputs
    X ~ N(0, 1) (n, inputs) with random labels in [0, classes).

    Args:
        depth, width: hidden layers and their units; hidden: their activation; init, scale: as init_params.
        n, inputs, classes: the random data; rng: np.random.Generator or int seed (None: seed 0).
        backward: optional layer backward functions to use instead of dlkit.nn.layers' (see _backward):
            {"dense": f(dout, (X, W)) -> (dX, dW, db), "sigmoid" / "relu" / "tanh": f(dout, Z) -> dZ}.

    Returns:
        dict of three arrays of length depth + 1 (the hidden layers, then the output layer):
            "dW":    ||dL/dW_l|| (Frobenius), what the update of layer l sees;
            "delta": ||dL/dZ_l||, the backward signal of 003 eq. 15, delta_l = delta_{l+1} W^T * g'(Z_l);
            "A_in":  ||A_{l-1}||, the forward signal entering layer l (A_0 = X).
        dW_l = A_{l-1}^T delta_l, so ||dW_l|| follows both signals. Sigmoid multiplies the backward signal by
        g' <= 0.25 at every layer: it falls towards the input (vanishing). ReLU with He init keeps both
        level; scale > 1 makes A grow towards the output and delta towards the input, so every ||dW_l||
        is large while their ratio first/last stays moderate (exploding).

    Example:
        >>> norms = gradient_norms(depth=3, rng=0)
        >>> norms["dW"].shape, norms["A_in"].shape, bool(norms["dW"][0] < norms["dW"][-1])
        ((4,), (4,), True)
    """
    where = "gradient_norms"
    depth = validate.integer(depth, "depth", low=1, where=where)
    width = validate.integer(width, "width", low=1, where=where)
    n = validate.integer(n, "n", low=1, where=where)
    inputs = validate.integer(inputs, "inputs", low=1, where=where)
    classes = validate.integer(classes, "classes", low=2, where=where)
    validate.choice(hidden, "hidden", HIDDEN_ACTIVATIONS, where=where)
    backward = _backward_functions(backward, where)
    rng = validate.rng(rng, where=where)
    X = rng.normal(size=(n, inputs))                                       # (n, inputs)
    y = rng.integers(0, classes, size=n)                                   # (n,)
    params = init_params([inputs] + [width] * depth + [classes], rng, init, scale)
    logits, caches = forward(X, params, hidden)
    _, dZ = softmax_cross_entropy_with_logits(logits, y)
    grads, deltas = _backward(dZ, caches, backward)
    L = depth + 1
    return {"dW": np.array([np.linalg.norm(grads[f"W{l}"]) for l in range(1, L + 1)]),
            "delta": np.array([np.linalg.norm(d) for d in deltas]),
            "A_in": np.array([np.linalg.norm(dense_cache[0]) for dense_cache, _ in caches])}
