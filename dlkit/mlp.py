"""A multi-layer perceptron from scratch in numpy, and the backpropagation experiments of chapter 05.

Layers l = 1..L, each a dense step followed by an activation g (ReLU, sigmoid or tanh in the hidden
layers; the last layer outputs raw scores, "logits", that softmax + cross-entropy turns into a loss):

    forward:   A0 = X;  Z_l = A_{l-1} W_l + b_l;  A_l = g(Z_l) (l < L);  logits = Z_L
    loss:      mean_n  -log softmax(Z_L)[n, y_n]
    backward:  dZ_L = (softmax(Z_L) - onehot(y)) / N
               dW_l = A_{l-1}^T dZ_l      db_l = sum_n dZ_l      dA_{l-1} = dZ_l W_l^T
               dZ_{l-1} = dA_{l-1} * g'(Z_{l-1})                  (003 eq. 12-15, rows = samples)

Shapes: N samples, D inputs, H_l units of layer l, C classes. params is a list of (W_l, b_l) with
W_l (H_{l-1}, H_l) and b_l (H_l,); grads has the same structure.

Example:
    >>> params = init_params([64, 32, 10], rng=0)
    >>> loss, grads = loss_and_grads(X, y, params)           # X (N, 64), y (N,) ints in [0, 10)
"""

from __future__ import annotations

import numbers

import numpy as np

from dlkit import layers, plots
from dlkit.checks import CheckError
from dlkit.data import _rng
from dlkit.losses import softmax_cross_entropy_with_logits

__all__ = [
    "HIDDEN_ACTIVATIONS", "INITS", "init_params", "forward", "loss_and_grads", "sgd_step", "predict",
    "accuracy", "train", "gradient_norms", "gradient_norm_state",
    "gradient_norm_figure", "gradient_norm_explorer",
]

HIDDEN_ACTIVATIONS = ("relu", "sigmoid", "tanh")
# Standard deviation of W_l's entries for fan-in n: He for ReLU, Xavier/Glorot for sigmoid and tanh.
INITS = {
    "he": lambda fan_in, fan_out: np.sqrt(2.0 / fan_in),
    "xavier": lambda fan_in, fan_out: np.sqrt(2.0 / (fan_in + fan_out)),
    "small": lambda fan_in, fan_out: 0.01,          # 003's `randn * 0.01`
}


def _hidden(name) -> str:
    if name not in HIDDEN_ACTIVATIONS:
        raise CheckError(f"hidden: expected one of {list(HIDDEN_ACTIVATIONS)}. Received {name!r}")
    return name


def _positive(value, name: str, integer: bool = False):
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind) or not np.isfinite(value) or value <= 0:
        raise CheckError(f"{name}: expected a positive {'integer' if integer else 'number'}. Received {value!r}")
    return value


def init_params(sizes, rng=None, init="he", scale=1.0):
    """Random weights, zero biases: W_l ~ N(0, std^2) with std = scale * INITS[init](fan_in, fan_out).

    Args:
        sizes: layer widths [D, H_1, ..., C], at least two.
        rng: np.random.Generator or int seed.
        init: "he" (ReLU), "xavier" (sigmoid/tanh) or "small" (std 0.01).
        scale: multiplies the standard deviation (> 1 makes gradients explode, < 1 vanish).

    Returns:
        params: list of (W (H_{l-1}, H_l), b (H_l,)).
    """
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(s, (int, np.integer)) and s > 0 for s in sizes):
        raise CheckError(f"sizes: expected at least two positive integers [D, ..., C]. Received {sizes!r}")
    if init not in INITS:
        raise CheckError(f"init: expected one of {list(INITS)}. Received {init!r}")
    _positive(scale, "scale")
    rng = _rng(rng)
    return [(rng.normal(0.0, scale * INITS[init](i, o), size=(i, o)), np.zeros(o))
            for i, o in zip(sizes[:-1], sizes[1:])]


def _check_params(params) -> None:
    if not isinstance(params, (list, tuple)) or not params:
        raise CheckError(f"params: expected a non-empty list of (W, b) pairs. Received {type(params).__name__}")
    for l, pair in enumerate(params, 1):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            raise CheckError(f"params[{l - 1}]: expected a (W, b) pair. Received {type(pair).__name__}")


def forward(X, params, hidden="relu"):
    """Forward pass; returns the logits (N, C) and the caches the backward pass needs.

    Hidden layers apply `hidden`; the last layer is linear (its scores go to softmax in the loss).
    """
    _hidden(hidden)
    _check_params(params)
    A = np.asarray(X, dtype=float)
    if not np.all(np.isfinite(A)):
        raise CheckError("X: expected finite values. Received NaN or inf")
    caches = []
    for l, (W, b) in enumerate(params, 1):
        Z, dense_cache = layers.dense_forward(A, W, b)            # (N, H_{l-1}) -> (N, H_l)
        if l < len(params):
            A, act_cache = layers.activation_forward(Z, hidden)   # (N, H_l)
        else:
            A, act_cache = Z, None                                # logits
        caches.append((dense_cache, act_cache))
    return A, caches


def loss_and_grads(X, y, params, hidden="relu"):
    """Softmax cross-entropy loss of the MLP on (X, y) and its gradients for every (W, b).

    Args:
        X: inputs (N, D); y: integer labels (N,); params: list of (W, b); hidden: activation name.

    Returns:
        loss (float) and grads: list of (dW, db) with the shapes of params.
    """
    logits, caches = forward(X, params, hidden)
    loss, dZ = softmax_cross_entropy_with_logits(logits, np.asarray(y))   # dZ = dL/dlogits (N, C)
    grads, _ = _backward(dZ, caches)
    return loss, grads


def _backward(dZ, caches):
    """Backward pass from dL/dlogits; returns grads [(dW, db)] and the deltas dL/dZ_l, first layer first."""
    grads, deltas, dA = [None] * len(caches), [None] * len(caches), None
    for l in reversed(range(len(caches))):                      # output layer first
        dense_cache, act_cache = caches[l]
        if act_cache is not None:                               # hidden layer: back through g first
            dZ = layers.activation_backward(dA, act_cache)      # dZ = dA * g'(Z)   (N, H_l)
        dA, dW, db = layers.dense_backward(dZ, dense_cache)     # dA feeds the layer below
        grads[l], deltas[l] = (dW, db), dZ
    return grads, deltas


def sgd_step(params, grads, lr):
    """Plain gradient descent on every parameter: W <- W - lr dW, b <- b - lr db (new list)."""
    _positive(lr, "lr")
    if len(grads) != len(params):
        raise CheckError(f"grads: expected {len(params)} (dW, db) pairs, one per layer. Received {len(grads)}")
    return [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


def predict(X, params, hidden="relu"):
    """Class labels (N,): the argmax of the logits."""
    return np.argmax(forward(X, params, hidden)[0], axis=1)


def accuracy(X, y, params, hidden="relu") -> float:
    """Fraction of samples whose predicted class equals y."""
    return float(np.mean(predict(X, params, hidden) == np.asarray(y)))


def train(X, y, sizes, epochs=20, batch_size=32, lr=0.1, rng=None, hidden="relu", init="he",
          X_val=None, y_val=None, progress=None):
    """Mini-batch SGD: shuffle every epoch (with rng), one update per batch (the last may be smaller).

    Args:
        X (N, D), y (N,) int: training data. sizes: [D, ..., C]. progress: optional iterable wrapper
        over epochs, e.g. dlkit.progress.progress.

    Returns:
        params and history: {"loss": mean training loss per epoch, "val_acc": per epoch if X_val given}.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise CheckError(f"X, y: expected shapes (N, D) and (N,). Received {X.shape} and {y.shape}")
    _positive(epochs, "epochs", integer=True)
    _positive(batch_size, "batch_size", integer=True)
    rng = _rng(rng)
    params = init_params(sizes, rng, init)
    history = {"loss": [], "val_acc": []}
    epoch_iter = range(epochs) if progress is None else progress(range(epochs))
    for _ in epoch_iter:
        order = rng.permutation(len(X))
        losses = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = loss_and_grads(X[idx], y[idx], params, hidden)
            params = sgd_step(params, grads, lr)
            losses.append(loss * len(idx))
        history["loss"].append(sum(losses) / len(X))
        if X_val is not None:
            history["val_acc"].append(accuracy(X_val, y_val, params, hidden))
    return params, history


# --- vanishing and exploding gradients --------------------------------------------------------------

def gradient_norms(depth=10, width=32, hidden="sigmoid", init="xavier", scale=1.0, n=128, inputs=16,
                   classes=10, rng=None):
    """Per-layer gradient norms of a freshly initialised deep MLP on random data, first layer first.

    Returns a dict of two arrays of length depth + 1 (the hidden layers, then the output layer):
        "dW":    ||dL/dW_l|| (Frobenius), what the update of layer l sees;
        "delta": ||dL/dZ_l||, the backward signal of 003 eq. 15, delta_l = delta_{l+1} W^T * g'(Z_l).
    Sigmoid multiplies the signal by g' <= 0.25 at every layer: it falls towards the input
    (vanishing). ReLU with He init keeps it level; scale > 1 makes it grow (exploding).
    """
    _positive(depth, "depth", integer=True)
    rng = _rng(rng)
    X = rng.normal(size=(n, inputs))
    y = rng.integers(0, classes, size=n)
    params = init_params([inputs] + [width] * depth + [classes], rng, init, scale)
    logits, caches = forward(X, params, _hidden(hidden))
    _, dZ = softmax_cross_entropy_with_logits(logits, y)
    grads, deltas = _backward(dZ, caches)
    return {"dW": np.array([np.linalg.norm(dW) for dW, _ in grads]),
            "delta": np.array([np.linalg.norm(d) for d in deltas])}


def gradient_norm_state(depth=10, hidden="sigmoid", init="xavier", scale=1.0, seed=0):
    """Explorer state: per-layer norms (see gradient_norms) and the ratio first layer / last layer."""
    norms = gradient_norms(depth=depth, hidden=hidden, init=init, scale=scale, rng=seed)
    return {"layer": np.arange(1, depth + 2), **norms, "ratio": float(norms["dW"][0] / norms["dW"][-1]),
            "delta_ratio": float(norms["delta"][0] / norms["delta"][-1]),
            "depth": depth, "hidden": hidden, "init": init, "scale": scale}


def gradient_norm_figure(state, ax=None):
    """||dW_l|| and ||delta_l|| per layer on a log scale; returns the Figure."""
    fig, ax = (plots.new_figure(figsize=(6.5, 3.4)) if ax is None else (ax.figure, ax))
    ax.plot(state["layer"], state["dW"], "o-", color=plots.PALETTE[0], label="||dW|| (weight gradient)")
    ax.plot(state["layer"], state["delta"], "s--", color=plots.PALETTE[1], label="||delta|| (backward signal)")
    ax.set_yscale("log")
    ax.legend(loc="best", fontsize="small")
    plots.label(ax, "layer (1 = next to the input)", "norm (log scale)",
                f"{state['hidden']}, {state['init']} init x{state['scale']:.2g}; first/last layer: "
                f"||dW|| {state['ratio']:.1e}, ||delta|| {state['delta_ratio']:.1e}")
    return fig


def gradient_norm_explorer(depth=10, hidden="sigmoid"):
    """Sliders for depth and init scale, dropdowns for activation and init; redraws the bar chart."""
    import ipywidgets as W

    from dlkit.widgets import figure_output

    controls = {
        "depth": W.IntSlider(value=depth, min=2, max=30, description="depth"),
        "hidden": W.Dropdown(options=list(HIDDEN_ACTIVATIONS), value=hidden, description="activation"),
        "init": W.Dropdown(options=list(INITS), value="xavier", description="init"),
        "scale": W.FloatLogSlider(value=1.0, base=10, min=-1, max=0.5, step=0.05, description="scale"),
    }
    output = W.Output()

    def redraw(_=None):
        state = gradient_norm_state(**{k: c.value for k, c in controls.items()})
        output.outputs = (figure_output(gradient_norm_figure(state)),)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox([controls["depth"], controls["scale"]]),
                  W.HBox([controls["hidden"], controls["init"]]), output])
    box.controls, box.output = controls, output
    return box
