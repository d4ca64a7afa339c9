"""Exercises of chapter 05 (backpropagation): layer backward passes, the loss's gradient, an MLP, training.

    sigmoid_backward(dout, Z)      dZ = dout * s (1 - s), s = sigmoid(Z)          -> float array of Z's shape
    relu_backward(dout, Z)         dZ = dout where Z > 0, else 0 (also at Z = 0)  -> float array of Z's shape
    dense_backward(dout, cache)    cache = (X, W) of Z = X W + b                   -> (dX (N, D), dW (D, H), db (H,)),
                                                                                     a tuple or a list
    softmax_cross_entropy(logits, y)
                                   mean cross-entropy of integer labels y (N,) and its gradient (P - Y) / N,
                                   no overflow for logits as large as 1000       -> (loss a number, dlogits (N, C))
    mlp_backward(X, y, params)     loss and gradients of a ReLU MLP (dlkit.nn.mlp.forward) with softmax
                                   cross-entropy                                 -> (loss, grads: a dict with
                                                                                     params' keys and shapes)
    train_mlp(X, y, sizes, epochs, batch_size, learning_rate, rng)
                                   mini-batch SGD from dlkit.nn.init.init_params(sizes, rng), one
                                   rng.permutation per epoch                     -> (params dict, losses: one
                                                                                     mean loss per epoch)

Symbols (docs/NAMING.md): N examples, D inputs, H units, C classes; X (N, D), Z = X W + b, A = g(Z); dout the
gradient arriving from above; P = softmax(logits), Y = onehot(y). The layer exercises follow the course's
layer contract, backward(dout, cache): an activation layer's cache is its input Z, a dense layer's is (X, W).
The references are dlkit.nn.layers, dlkit.nn.losses and dlkit.nn.mlp (gradient-checked in tests/nn). The
training exercise runs with a dlkit.checks.counting.CountingGenerator (the judge counts the shuffles) and is
scored on the validation part of dlkit.data.digits.digits_splits, whose labels stay with the grader.
"""

from __future__ import annotations

import numpy as np

from dlkit.checks.counting import CountingGenerator
from dlkit.checks.exercise import Case, Exercise, Mistake, array_judge
from dlkit.data.digits import digits_splits
from dlkit.nn import activations as act
from dlkit.nn import layers, mlp
from dlkit.nn.init import init_params
from dlkit.nn.losses import softmax_cross_entropy_with_logits

__all__ = ["sigmoid_backward", "relu_backward", "dense_backward", "softmax_cross_entropy", "mlp_backward",
           "train_mlp", "TRAIN_THRESHOLD"]


def _random(seed: int, *shapes, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    return [rng.normal(scale=scale, size=tuple(s)) for s in shapes]


# --- sigmoid_backward --------------------------------------------------------------------------------

_Z2 = np.array([[0.0, 2.0], [-1.0, 0.5]])


def _hidden_sigmoid(seed: int, shape) -> Case:
    Z, dout = _random(seed, shape, shape)
    return Case(f"random Z (scale 3) and dout of shape {tuple(shape)}", dout=dout, Z=3 * Z,
                hint="dZ = dout * s * (1 - s) with s = sigmoid(Z), element by element")


sigmoid_backward = Exercise(
    "sigmoid_backward",
    cases=[
        Case("sigmoid_backward(dout=ones, Z=[[0, 2], [-1, 0.5]])", dout=np.ones((2, 2)), Z=_Z2,
             hint="sigma'(Z) = s (1 - s) with s = sigmoid(Z): at Z = 0 it is 0.25, at Z = 2 it is 0.105"),
        Case("sigmoid_backward(dout=[[2, -1], [0.5, 3]], Z=[[0, 2], [-1, 0.5]])",
             dout=np.array([[2.0, -1.0], [0.5, 3.0]]), Z=_Z2,
             hint="chain rule: multiply the local slope s (1 - s) by the upstream gradient dout, element by element"),
    ],
    hidden=_hidden_sigmoid,
    reference=lambda dout, Z: layers.activation_backward(dout, (Z, "sigmoid")),
    judge=array_judge(
        dtype="float", shape_hint="dZ has the shape of Z (and of dout): compute it element by element",
        mistakes=[
            Mistake(lambda dout, Z: dout * Z * (1 - Z),
                    "s (1 - s) was applied to Z itself: apply it to s = sigmoid(Z), not to Z (Z (1 - Z) is the "
                    "slope only when you hold the activation A = sigmoid(Z))"),
            Mistake(lambda dout, Z: act.sigmoid(Z) * (1 - act.sigmoid(Z)),
                    "the upstream gradient dout is missing: multiply the slope by dout (chain rule)"),
            Mistake(lambda dout, Z: dout * act.sigmoid(Z),
                    "dout was multiplied by sigmoid(Z); the slope is s (1 - s)"),
            Mistake(lambda dout, Z: dout + act.sigmoid(Z) * (1 - act.sigmoid(Z)),
                    "the slope s (1 - s) was added to dout: the chain rule multiplies"),
        ]),
    crash_hint="dout and Z are numpy arrays of one shape; dlkit.nn.activations.sigmoid(Z) works on the whole array",
    hints=(
        "The local derivative of the sigmoid is written with the sigmoid itself.",
        "Compute s = sigmoid(Z) once; its slope is s (1 - s); the chain rule multiplies it by dout.",
        "s = act.sigmoid(Z); dZ = dout * s * (1 - s)",
    ),
    references=("dlkit.nn.layers.activation_backward", "dlkit.nn.activations.sigmoid_grad"),
)


# --- relu_backward -----------------------------------------------------------------------------------

def _hidden_relu(seed: int, shape) -> Case:
    Z, dout = _random(seed, shape, shape)
    Z[0, 0] = 0.0
    return Case(f"random Z and dout of shape {tuple(shape)}, one Z exactly 0", dout=dout, Z=Z,
                hint="dZ = dout where Z > 0, else 0 (also at Z = 0)")


relu_backward = Exercise(
    "relu_backward",
    cases=[
        Case("relu_backward(dout=[[1, 2], [-3, 4]], Z=[[-2, 0.5], [3, -0.1]])",
             dout=np.array([[1.0, 2.0], [-3.0, 4.0]]), Z=np.array([[-2.0, 0.5], [3.0, -0.1]]),
             hint="pass the upstream gradient dout through where Z > 0 (whatever dout's sign) and block it where "
                  "Z <= 0: the result is [[0, 2], [-3, 0]]"),
        Case("relu_backward(dout=[[5]], Z=[[0]])", dout=np.array([[5.0]]), Z=np.array([[0.0]]),
             hint="at Z = 0 exactly the slope is taken as 0 (use Z > 0, not Z >= 0)"),
    ],
    hidden=_hidden_relu,
    reference=lambda dout, Z: layers.activation_backward(dout, (Z, "relu")),
    judge=array_judge(
        dtype="float", shape_hint="dZ has the shape of Z (and of dout)",
        mistakes=[
            Mistake(lambda dout, Z: dout * (Z >= 0),
                    "at Z = 0 exactly the slope is taken as 0 (use Z > 0, not Z >= 0)"),
            Mistake(lambda dout, Z: (Z > 0).astype(float),
                    "this is ReLU's slope alone: pass the upstream gradient dout through where Z > 0"),
            Mistake(lambda dout, Z: dout * np.maximum(Z, 0),
                    "the slope of ReLU is 1 or 0, never ReLU(Z) itself: multiply dout by (Z > 0)"),
            Mistake(lambda dout, Z: np.maximum(dout, 0) * (Z > 0),
                    "negative upstream gradients were blocked: pass dout through where Z > 0, whatever dout's sign"),
        ]),
    crash_hint="dout and Z are numpy arrays of one shape; (Z > 0) is a boolean mask of that shape",
    hints=(
        "ReLU lets its input through where it is positive; its slope is 1 there and 0 elsewhere.",
        "Build the mask Z > 0 and multiply it with the upstream gradient, element by element.",
        "dZ = dout * (Z > 0)",
    ),
    references=("dlkit.nn.layers.activation_backward", "dlkit.nn.activations.relu_grad"),
)


# --- dense_backward ----------------------------------------------------------------------------------

_X23 = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]])            # (N, D) = (2, 3)
_W32 = np.array([[1.0, 0.0], [2.0, -1.0], [0.0, 3.0]])          # (D, H) = (3, 2)
_D22 = np.array([[1.0, -1.0], [0.5, 2.0]])                      # (N, H) = (2, 2)


def _judge_dense(t, got, want):
    X, W = t.inputs["cache"]
    N, D, H = X.shape[0], X.shape[1], W.shape[1]
    t.sequence(got, length=3, hint="return the three gradients, in this order: return dX, dW, db")
    dX, dW, db = got
    t.array(dW, shape=(D, H), dtype="float", name="dW",
            hint=f"dW has the shape of W, (D, H) = ({D}, {H}): X.T @ dout. A result of shape ({H}, {D}) is the "
                 "transposed weight gradient (dout.T @ X)")
    t.close(dW, want[1], name="dW", hint="dW = X.T @ dout sums over the samples",
            mistakes=[Mistake(lambda dout, cache: cache[0].T @ dout / len(cache[0]),
                              "dW was divided by N: the 1/N of the mean is already inside dout, do not divide again")])
    t.array(db, shape=(H,), dtype="float", name="db",
            hint=f"one bias gradient per unit, shape ({H},): sum dout over the samples (axis=0)")
    t.close(db, want[2], name="db",
            hint="the bias gradient is the sum of dout over the samples (axis=0): every sample's error reaches b",
            mistakes=[Mistake(lambda dout, cache: dout.mean(axis=0),
                              "db is the mean of dout: the bias is added to every sample, so its gradient is the sum "
                              "over the samples (axis=0), not the mean (the 1/N is already inside dout)"),
                      Mistake(lambda dout, cache: np.zeros(dout.shape[1]),
                              "db is zero: the bias gradient must not be forgotten, it is the sum of dout over the "
                              "samples (axis=0)")])
    t.array(dX, shape=(N, D), dtype="float", name="dX", hint=f"dX has the shape of X, (N, D) = ({N}, {D}): dout @ W.T")
    t.close(dX, want[0], name="dX", hint="dX = dout @ W.T (transpose W so that (N, H) @ (H, D) gives (N, D))",
            mistakes=[Mistake(lambda dout, cache: dout @ cache[1] if cache[1].shape[0] == cache[1].shape[1]
                              else np.full(1, np.nan),
                              "dX = dout @ W.T; with a square W, dout @ W has the right shape but the wrong values")])


def _hidden_dense(seed: int, n: int, d: int, h: int) -> Case:
    X, W, dout = _random(seed, (n, d), (d, h), (n, h))
    return Case(f"random shapes N={n}, D={d}, H={h}", dout=dout, cache=(X, W),
                hint="dX = dout @ W.T, dW = X.T @ dout, db = dout.sum(axis=0)")


dense_backward = Exercise(
    "dense_backward",
    cases=[
        Case("dense_backward(dout (2, 2), cache=(X (2, 3), W (3, 2)))", dout=_D22, cache=(_X23, _W32),
             hint="dX = dout @ W.T, dW = X.T @ dout, db = dout.sum(axis=0); here dW = [[1, -1], [2.5, 0], "
                  "[-0.5, -2]], db = [1.5, 1], dX = [[1, 3, -3], [0.5, -1, 6]]"),
        Case("dense_backward(dout=[[1, 0]], cache=(X=[[1, 1]], W=[[1, 2], [0, 1]])), a square W",
             dout=np.array([[1.0, 0.0]]), cache=(np.array([[1.0, 1.0]]), np.array([[1.0, 2.0], [0.0, 1.0]])),
             hint="dX = dout @ W.T = [[1, 0]]; with a square W, dout @ W has the right shape but the wrong values"),
    ],
    hidden=_hidden_dense,
    reference=lambda dout, cache: layers.dense_backward(dout, cache),
    judge=_judge_dense,
    crash_hint="unpack the cache first, X, W = cache; then match the shapes: dX = dout @ W.T is (N, H) @ (H, D), "
               "dW = X.T @ dout is (D, N) @ (N, H)",
    hints=(
        "Every gradient has the shape of the thing it is the gradient of: dX like X, dW like W, db like b.",
        "There is one way to multiply dout (N, H) with X (N, D) or W (D, H) to get each shape; the bias is added to "
        "every sample, so its gradient sums over the samples.",
        "X, W = cache; dX = dout @ W.T; dW = X.T @ dout; db = dout.sum(axis=0); return dX, dW, db",
    ),
    references=("dlkit.nn.layers.dense_backward",),
)


# --- softmax_cross_entropy ---------------------------------------------------------------------------

def _guarded(f, logits, y):
    """Kernel side: f(logits, y) with overflow and 0/0 raised instead of warned (log(0) of an unused entry and
    underflow to 0 are allowed: they are what exp and log of a shifted row do)."""
    with np.errstate(over="raise", invalid="raise", divide="ignore", under="ignore"):
        try:
            return {"out": f(logits, y)}
        except FloatingPointError as exc:
            return {"fpe": str(exc)}


def _onehot(logits, y):
    return np.eye(logits.shape[1])[y]


def _probs(logits):
    return act.softmax(logits, axis=-1)


def _judge_sce(t, got, want):
    if "fpe" in got:
        t.fail(f"{t.label} hit a floating-point error ({got['fpe']})",
               hint="subtract each row's maximum from the logits before np.exp (softmax does not change), and take "
                    "log P as shifted - log(sum(exp(shifted)))")
    out = got["out"]
    t.sequence(out, length=2, hint="return the loss and the gradient as a pair: return loss, dlogits")
    loss, dlogits = out
    logits = t.inputs["logits"]
    t.number(loss, name="loss", hint="the loss is one number: the mean over the samples")
    t.close(loss, want[0], name="loss",
            hint="average -log P[n, y_n] over the samples; index the true class of each row with P[np.arange(N), y]",
            mistakes=[Mistake(lambda logits, y: -np.sum(np.log(_probs(logits))[np.arange(len(y)), y]),
                              "the loss is summed over the batch: take the mean, not sum")])
    t.array(dlogits, shape=logits.shape, dtype="float", name="dlogits",
            hint="the gradient has the shape of the logits, (N, C)")
    t.close(dlogits, want[1], name="dlogits",
            hint="dL/dlogits = (softmax(logits) - onehot(y)) / N, with respect to the logits",
            mistakes=[Mistake(lambda logits, y: (_onehot(logits, y) - _probs(logits)) / len(y),
                              "dlogits has the wrong sign: the gradient is (P - Y) / N, positive for the wrong classes, "
                              "negative for the true one"),
                      Mistake(lambda logits, y: _probs(logits) - _onehot(logits, y),
                              "dlogits is N times too large: divide by N, the loss is a mean over the batch and so "
                              "is its gradient ((P - Y) / N)"),
                      Mistake(lambda logits, y: -_onehot(logits, y) / _probs(logits) / len(y),
                              "dlogits is -Y / P / N, the gradient with respect to the probabilities P: the exercise "
                              "asks for the gradient with respect to the logits, not to the probabilities; through "
                              "softmax it becomes (P - Y) / N")])


def _hidden_sce(seed: int, n: int, c: int) -> Case:
    rng = np.random.default_rng(seed)
    return Case(f"random logits (scale 3) for N={n}, C={c}", logits=rng.normal(scale=3, size=(n, c)),
                y=rng.integers(0, c, n), hint="loss = mean -log P[n, y_n]; dlogits = (P - Y) / N")


softmax_cross_entropy = Exercise(
    "softmax_cross_entropy",
    cases=[
        Case("softmax_cross_entropy(logits=[[2, 1, 0.1], [0, 0, 0]], y=[0, 2])",
             logits=np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]]), y=np.array([0, 2]),
             hint="P = softmax per row; loss = -(log P[0, 0] + log P[1, 2]) / 2 = 0.758; dlogits = (P - Y) / 2"),
        Case("softmax_cross_entropy(logits=[[1000, 0]], y=[0]): logits as large as 1000",
             logits=np.array([[1000.0, 0.0]]), y=np.array([0]),
             hint="subtract each row's maximum before np.exp; the prediction is already right, P = [1, 0] = Y, so "
                  "the loss and the gradient are 0"),
    ],
    hidden=_hidden_sce,
    call=lambda f, logits, y: _guarded(f, logits, y),
    reference=lambda logits, y: softmax_cross_entropy_with_logits(logits, y),
    judge=_judge_sce,
    crash_hint="logits has shape (N, C) and y holds N integer labels: P[np.arange(N), y] picks each row's true class",
    hints=(
        "Shift each row by its maximum, then work with log-probabilities: the loss is their mean at the true classes.",
        "log P = shifted - log(sum(exp(shifted))) per row; the gradient is P minus the one-hot targets, divided by N.",
        "shifted = logits - logits.max(axis=1, keepdims=True); log_p = shifted - np.log(np.exp(shifted).sum(axis=1, "
        "keepdims=True)); loss = -log_p[np.arange(N), y].mean(); dlogits = (np.exp(log_p) - onehot(y)) / N",
    ),
    references=("dlkit.nn.losses.softmax_cross_entropy_with_logits", "dlkit.nn.mlp.loss_and_grads"),
)


# --- mlp_backward ------------------------------------------------------------------------------------

def _mlp_case(label: str, seed: int, sizes, n: int) -> Case:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, sizes[0]))
    y = rng.integers(0, sizes[-1], n)
    params = init_params(list(sizes), rng)
    return Case(label, X=X, y=y, params=params,
                hint="walk from the last layer to the first: the output layer's dZ is dlogits, a hidden layer's dZ is "
                     "relu_backward(dA, Z) with dA the dX of the layer above")


def _judge_mlp(t, got, want):
    params = t.inputs["params"]
    L = len(params) // 2
    t.sequence(got, length=2, hint="return the loss and the gradients as a pair: return loss, grads")
    loss, grads = got
    t.number(loss, name="loss", hint="the loss is one number, the first value softmax_cross_entropy returns")
    t.close(loss, want[0], name="the loss",
            hint="the loss is softmax_cross_entropy of the logits that mlp.forward(X, params, 'relu') returns")
    if type(grads) is not dict:
        t.fail(f"{t.label}: grads should be a dict", "{'W1': dW1, 'b1': db1, ...}, the keys of params",
               f"{type(grads).__name__}", hint="collect the gradients in a dict with the keys of params: "
                                               "grads[f'W{l}'] = dW, grads[f'b{l}'] = db")
    if sorted(grads) != sorted(params):
        t.fail(f"{t.label}: grads has the wrong keys", str(sorted(params)), str(sorted(grads)),
               hint="one entry per parameter, with the parameter's key: layer l's gradients go under 'W{l}' and 'b{l}'")
    for l in range(L, 0, -1):                                  # the output layer first: errors flow downwards
        for key in (f"W{l}", f"b{l}"):
            t.array(grads[key], shape=params[key].shape, dtype="float", name=f"grads['{key}']",
                    hint=f"each gradient has the shape of its parameter, {params[key].shape} for {key}; shapes of "
                         "another layer mean the layers were numbered from the output: layer l (counted from the "
                         "input, the l of caches[l - 1]) goes under 'W{l}'")
            where = ("the output layer has no activation: pass dlogits from softmax_cross_entropy straight to "
                     "dense_backward(dlogits, (A_prev, W)), without relu_backward" if l == L else
                     "a hidden layer's dZ is relu_backward(dA, Z), through ReLU's slope before dense_backward, with "
                     "dA the dX of the layer above and Z from this layer's own cache")
            t.close(grads[key], want[1][key], name=f"grads['{key}'] (layer {l} of {L})", rtol=1e-6, atol=1e-9,
                    hint=where)


mlp_backward = Exercise(
    "mlp_backward",
    cases=[
        _mlp_case("mlp_backward on a 4-5-3 network (one hidden layer), 6 samples", 5, (4, 5, 3), 6),
        _mlp_case("mlp_backward on a 3-4-4-2 network (two hidden layers), 5 samples", 6, (3, 4, 4, 2), 5),
    ],
    hidden=lambda seed, sizes, n: _mlp_case(f"a {'-'.join(map(str, sizes))} network, {n} samples", seed, sizes, n),
    reference=lambda X, y, params: mlp.loss_and_grads(X, y, params),
    judge=_judge_mlp,
    crash_hint="walk from the last layer to the first; the output layer's dZ is dlogits, a hidden layer's dZ is "
               "relu_backward(dA, Z) with dA the dX that dense_backward returned for the layer above, and every "
               "layer uses its own cache: caches[l - 1] = ((A_prev, W), act_cache), act_cache = (Z, 'relu') or None",
    hints=(
        "Run the forward pass once, start from the loss's gradient, and hand each layer's input gradient to the "
        "layer below.",
        "Loop over the layers from the last to the first: through relu_backward if the layer has an activation, "
        "then dense_backward with the layer's (A_prev, W); store dW and db under the layer's own keys.",
        "logits, caches = mlp.forward(X, params, 'relu'); loss, dZ = softmax_cross_entropy(logits, y); for l from L "
        "down to 1: dense_cache, act_cache = caches[l - 1]; if act_cache is not None: dZ = relu_backward(dA, "
        "act_cache[0]); dA, grads['W{l}'], grads['b{l}'] = dense_backward(dZ, dense_cache)",
    ),
    references=("dlkit.nn.mlp.loss_and_grads",),
)


# --- train_mlp ---------------------------------------------------------------------------------------

TRAIN_THRESHOLD = 0.94      # validation accuracy; measured ranges in the chapter text and _train_case below


def _call_train(f, X, y, sizes, epochs, batch_size, learning_rate, seed):
    """Kernel side: the learner's train_mlp with a counting generator; its answer and the shuffle count."""
    rng = CountingGenerator(seed)
    out = f(X, y, sizes, epochs, batch_size, learning_rate, rng)
    return {"out": out, "shuffles": rng.shuffles}


def _judge_train(t, got, want):
    sizes, epochs = t.inputs["sizes"], t.inputs["epochs"]
    out = got["out"]
    t.sequence(out, length=2, hint="return the trained parameters and the losses as a pair: return params, losses")
    params, losses = out
    if type(params) is not dict:
        t.fail(f"{t.label}: params should be a dict", "{'W1': ..., 'b1': ..., ...}, as init_params makes it",
               type(params).__name__, hint="start from params = init_params(sizes, rng) and update that dict")
    keys = [f"{p}{l}" for l in range(1, len(sizes)) for p in "Wb"]
    if sorted(params) != sorted(keys):
        t.fail(f"{t.label}: params has the wrong keys", str(keys), str(sorted(params)),
               hint="keep the keys init_params gives: W1, b1, ..., WL, bL")
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), 1):
        t.array(params[f"W{l}"], shape=(fan_in, fan_out), dtype="float", name=f"params['W{l}']",
                hint="update every parameter with its own gradient: W - learning_rate * dW keeps W's shape")
        t.array(params[f"b{l}"], shape=(fan_out,), dtype="float", name=f"params['b{l}']",
                hint="update every parameter with its own gradient: b - learning_rate * db keeps b's shape")
    if type(losses) is np.ndarray:
        t.array(losses, shape=(epochs,), name="losses", hint="append one mean loss per epoch")
    else:
        t.sequence(losses, length=epochs, name="losses", hint="append one mean loss per epoch")
        for value in losses:
            t.number(value, name="every entry of losses", hint="each entry is one number, an epoch's mean loss")
    losses = np.asarray(losses, dtype=float)
    if not np.all(np.isfinite(losses)):
        t.fail(f"{t.label}: the losses are not finite, the training diverged", "finite losses", "nan or inf",
               hint="step against the gradient (p - learning_rate * dp), not along it")
    if got["shuffles"] != epochs:
        t.fail(f"{t.label}: rng.permutation was called {got['shuffles']} times in {epochs} epochs", f"{epochs} shuffles",
               str(got["shuffles"]), hint="shuffle once per epoch with the rng you are given: one order = "
                                          "rng.permutation(len(X)), used for X and y alike")
    drop = t.inputs.get("drop")
    if drop is not None and not losses[-1] < drop * losses[0]:
        went = f" went from {losses[0]:.3f} to {losses[-1]:.3f}" if t.visible else " did not fall enough"
        t.fail(f"{t.label}: the training loss{went}; it should fall below {drop:g} times its first value",
               hint="step against the gradient (p - learning_rate * dp), loop over all the batches of every epoch, "
                    "and keep the updated params between batches")
    if any(np.allclose(params[f"b{l}"], 0.0) for l in range(1, len(sizes))):
        t.fail(f"{t.label}: some biases never left zero", hint="update the biases too: b - learning_rate * db")
    threshold = t.inputs.get("threshold")
    if threshold is not None:
        accuracy = mlp.accuracy(t.inputs["X_val"], t.inputs["y_val"], params)
        if accuracy < threshold:
            shown = f" {accuracy:.1%}" if t.visible else ""
            t.fail(f"{t.label}: validation accuracy{shown} is below {threshold:.0%}", f">= {threshold:.0%}",
                   f"{accuracy:.1%}", hint="loop over all the batches of every epoch (shuffled with "
                                           "rng.permutation), update after every batch, use every sample (the last "
                                           "batch may be smaller) and return the trained params")


def _train_case(label: str, split: int, sizes, epochs: int, batch_size: int, seed: int, *, learning_rate=0.1,
                n=None, threshold=TRAIN_THRESHOLD, drop=0.5) -> Case:
    s = digits_splits(split)
    X, y = (s.X_train, s.y_train) if n is None else (s.X_train[:n], s.y_train[:n])
    truth = {"X_val": s.X_val, "y_val": s.y_val, "threshold": threshold, "drop": drop}
    return Case(label, X=X, y=y, sizes=list(sizes), epochs=epochs, batch_size=batch_size,
                learning_rate=learning_rate, seed=seed, truth=truth,
                hint="mini-batch SGD: params = init_params(sizes, rng); each epoch order = rng.permutation(len(X)); "
                     "for each batch mlp_backward on X[idx], y[idx], then p = p - learning_rate * dp for every key")


# Validation accuracy (360 images) of dlkit's run of the same recipe (dlkit.nn.mlp.train, the same draws as
# a learner's train_mlp that follows the text), 20 epochs, learning_rate 0.1, training seeds 0-19:
#   split 0, 64-128-10, batch 32: 95.3 % to 96.9 % (mean 96.1 %, 343-349 images)   the visible case, seed 1
#   split 1, 64-64-10,  batch 50: 95.8 % to 97.8 % (mean 96.6 %, 345-352 images)   hidden, seed 11
#   split 2, 64-32-10,  batch 32: 96.1 % to 98.3 % (mean 97.2 %, 346-354 images)   hidden, seed 7
# The threshold, 94 % (339 images), leaves at least four images of margin below the worst seed.
train_mlp = Exercise(
    "train_mlp",
    cases=[
        _train_case("train_mlp on 200 training images, a 64-16-10 network, 3 epochs, batch_size=64", 0, (64, 16, 10),
                    3, 64, 7, n=200, threshold=None, drop=None),
        _train_case("train_mlp on the 1077 training images, 64-128-10, 20 epochs, batch_size=32, "
                    "learning_rate=0.1, scored on the 360 validation images", 0, (64, 128, 10), 20, 32, 1),
    ],
    hidden=lambda split, sizes, batch_size, seed, epochs=20: _train_case(
        f"a {'-'.join(map(str, sizes))} network on another split, {epochs} epochs, batch_size={batch_size}",
        split, sizes, epochs, batch_size, seed),
    call=_call_train,
    reference=lambda **_: None,          # judged by properties and the validation accuracy, not by equality
    judge=_judge_train,
    crash_hint="params is the dict init_params returns; mlp_backward(X[idx], y[idx], params) gives (loss, grads) with "
               "the same keys, so every key k is updated with grads[k]",
    hints=(
        "Two loops, as in chapter 04's minibatch_sgd: over the epochs (shuffle at the start of each), and over the "
        "batches of that epoch; your mlp_backward gives the gradients of a batch.",
        "Start from init_params(sizes, rng). Per batch: loss, grads = mlp_backward(...); update every entry of the "
        "params dict with its gradient; keep the batch losses and append their mean once per epoch.",
        "for each epoch: order = rng.permutation(len(X)); for start in range(0, len(X), batch_size): idx = "
        "order[start:start + batch_size]; loss, grads = mlp_backward(X[idx], y[idx], params); for k in params: "
        "params[k] = params[k] - learning_rate * grads[k]",
    ),
    references=("dlkit.nn.mlp.train",),
)
