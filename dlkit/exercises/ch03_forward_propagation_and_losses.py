"""Exercises of chapter 03 (forward propagation and losses): a dense layer, a whole MLP, six losses.

    dense_forward(X, W, b)                      X (N, D), W (D, H), b (H,) -> (Z (N, H), cache (X, W))
    mlp_forward(X, params, activations)         params {"W1", "b1", ..., "WL", "bL"}, L names -> A_L (N, H_L)
    mse(y_true, y_pred)                         mean over all entries of (y - y_hat)^2 -> a number
    huber(y_true, y_pred, delta=1.0)            mean over all entries of the Huber cost -> a number
    binary_crossentropy(y_true, y_pred, from_logits=False)      probabilities clipped to [1e-7, 1 - 1e-7],
                                                or logits through the stable formula -> a number
    categorical_crossentropy(y_true, y_pred, from_logits=False) one-hot Y (N, C); mean over examples -> a number
    sparse_categorical_crossentropy(y_true, y_pred)            integer labels (N,), P (N, C) -> a number
    kl_divergence(y_true, y_pred)               both clipped to [1e-7, 1]; mean over examples -> a number

Symbols (docs/NAMING.md): N examples, D input features, H units, C classes, L layers; y_true the targets
y (Y one-hot), y_pred the predictions y_hat (probabilities P, or logits with from_logits=True). The
references are dlkit.nn.layers, dlkit.nn.mlp.forward_pass and dlkit.nn.losses (tested against Keras in
tests/nn/), or the exercise's own formula where the exercise text simplifies Keras (no row rescaling).
The losses run under np.errstate(over/invalid/divide="raise") in the learner's kernel, so log(0) or an
overflow is an answer too, with its hint.
"""

from __future__ import annotations

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake
from dlkit.nn import activations as act
from dlkit.nn import losses as ref
from dlkit.nn.layers import dense_forward as _dense
from dlkit.nn.mlp import forward_pass

__all__ = ["dense_forward", "mlp_forward", "mse", "huber", "binary_crossentropy", "categorical_crossentropy",
           "sparse_categorical_crossentropy", "kl_divergence"]

EPS = ref.EPSILON


# --- shared pieces ------------------------------------------------------------------------------------

def _guarded(f, **inputs):
    """Kernel side: f(*inputs) with overflow, 0/0 and log(0) raised instead of warned.

    Returns {"out": the answer} or {"fpe": the floating-point error's message}.
    """
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        try:
            return {"out": f(*inputs.values())}
        except FloatingPointError as exc:
            return {"fpe": str(exc)}


def _number_judge(name: str, fpe_hint: str, mistakes=(), rtol: float = 1e-6):
    """Judge of a loss answered through _guarded: no floating-point error, one number, then its value."""

    def judge(t, got, want):
        if "fpe" in got:
            t.fail(f"{t.label} hit a floating-point error ({got['fpe']})", hint=fpe_hint)
        t.number(got["out"], hint=f"{name} returns one number for the whole batch (the mean), not an array of "
                                  "per-example or per-entry losses")
        t.close(got["out"], want, rtol=rtol, mistakes=mistakes)

    return judge


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- dense_forward ------------------------------------------------------------------------------------

_X = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])                                          # (N, D) = (2, 3)
_W = np.array([[1.0, 0.0, 2.0, -1.0], [0.5, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]])         # (D, H) = (3, 4)
_b = np.array([0.1, 0.2, 0.3, 0.4])                                                         # (H,)


def _judge_dense(t, got, want):
    X, W = t.inputs["X"], t.inputs["W"]
    t.sequence(got, length=2, hint="return two things, the pre-activations Z and the cache (X, W), as a tuple "
                                   "(or a list): Z first, then the cache")
    Z, cache = got
    t.array(Z, shape=want[0].shape, dtype="float", name=f"Z of {t.label}",
            hint="one row per example and one column per unit: (N, D) @ (D, H) -> (N, H). A (H, N) result means "
                 "you computed the transpose (W.T @ X.T); put X first")
    t.close(Z, want[0], name=f"Z of {t.label}", mistakes=[
        Mistake(lambda X, W, b: X @ W, "the bias is missing: forgetting the bias shifts column j by b[j]; add b "
                                       "(shape (H,)) to every row"),
        Mistake(lambda X, W, b: X @ W - b, "the bias is subtracted: Z = X W + b adds it"),
    ])
    t.sequence(cache, length=2, name=f"the cache of {t.label}",
               hint="the cache is the pair (X, W), what chapter 05's backward pass needs: dW = X^T dout, "
                    "dX = dout W^T")
    t.close(cache[0], X, name=f"the cache's first item (X) of {t.label}", hint="the cache is (X, W), X first")
    t.close(cache[1], W, name=f"the cache's second item (W) of {t.label}", hint="the cache is (X, W), W second")


def _hidden_dense(seed, n, d, h):
    rng = _rng(seed)
    X, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=h)
    return Case(f"random X of shape ({n}, {d}), W ({d}, {h}), b ({h},)", X=X, W=W, b=b,
                hint="Z = X @ W + b, and the cache (X, W)")


dense_forward = Exercise(
    "dense_forward",
    cases=[
        Case("dense_forward(X, W, b) for X (2, 3), W (3, 4), b (4,) of the exercise text", X=_X, W=_W, b=_b,
             hint="Z = X @ W + b: the matrix product X @ W (not an element-wise X * W), then the bias vector b "
                  "(shape (H,)) added to every row; forgetting the bias shifts column j by b[j]"),
    ],
    hidden=_hidden_dense,
    reference=lambda X, W, b: _dense(X, W, b),
    judge=_judge_dense,
    crash_hint="W already has shape (D, H), so X @ W works as it is: do not transpose W (X @ W.T needs W of shape "
               "(H, D))",
    hints=(
        "Entry (n, j) of Z is unit j's weighted sum for example n, plus unit j's bias.",
        "One matrix product does every weighted sum at once: (N, D) @ (D, H) -> (N, H); numpy broadcasting adds "
        "the (H,) bias to every row. Return Z together with the cache, the tuple (X, W).",
        "Z = X W + b;   return Z, (X, W)",
    ),
    references=("dlkit.nn.layers.dense_forward",),
)


# --- mlp_forward --------------------------------------------------------------------------------------

_X1 = np.array([[1.0, 2.0]])                                                      # (1, 2)
_PARAMS = {"W1": np.array([[1.0, -1.0], [0.0, 1.0]]), "b1": np.array([0.0, -3.0]),    # 2 -> 2, z = [1, -2]
           "W2": np.array([[2.0], [5.0]]), "b2": np.array([0.5])}                     # 2 -> 1
_PARAMS_SOFTMAX = {"W1": _PARAMS["W1"], "b1": _PARAMS["b1"],
                   "W2": np.array([[1.0, -1.0], [2.0, 0.5]]), "b2": np.array([0.0, 0.25])}   # 2 -> 2


def _layers(params) -> int:
    return sum(1 for k in params if str(k).startswith("W"))


def _f(name):
    return act.softmax if name == "softmax" else act.ACTIVATIONS[name][0]


def _skip_last(X, params, activations):
    A, L = np.asarray(X, dtype=float), _layers(params)
    for l, name in enumerate(activations, start=1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = Z if l == L else _f(name)(Z)
    return A


def _always_x(X, params, activations):
    A = X
    for l, name in enumerate(activations, start=1):
        A = _f(name)(np.asarray(X) @ params[f"W{l}"] + params[f"b{l}"])
    return A


def _activation_first(X, params, activations):
    A = np.asarray(X, dtype=float)
    for l, name in enumerate(activations, start=1):
        A = _f(name)(A) @ params[f"W{l}"] + params[f"b{l}"]
    return A


def _judge_mlp(t, got, want):
    t.array(got, shape=want.shape, dtype="float",
            hint="return only the last A, shape (N, units of the last layer), not a list of all layers")
    t.close(got, want, mistakes=[
        Mistake(_skip_last, "the last layer's activation is missing: apply each layer's activation after its "
                            "dense step, to every layer including the last one"),
        Mistake(_always_x, "every layer read X: each layer reads the output of the previous layer (not X), "
                           "starting with A = X"),
        Mistake(_activation_first, "the activation came before the dense step: apply each layer's activation "
                                   "after its dense step, A = f(dense(A))"),
    ])


def _hidden_mlp(seed, sizes, n, activations):
    rng = _rng(seed)
    params = {}
    for l, (i, o) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"], params[f"b{l}"] = rng.normal(size=(i, o)), rng.normal(size=o)
    X = rng.normal(size=(n, sizes[0]))
    shape = "-".join(map(str, sizes))
    return Case(f"a random {shape} network on {n} examples, activations {list(activations)}", X=X, params=params,
                activations=list(activations), hint="A = X; then, layer by layer, A = f_l(A W_l + b_l)")


mlp_forward = Exercise(
    "mlp_forward",
    cases=[
        Case("mlp_forward(X=[[1, 2]], params of a 2-2-1 network, ['relu', 'linear'])", X=_X1, params=_PARAMS,
             activations=["relu", "linear"],
             hint="layer 1: z = [1, -2], relu -> [1, 0]; layer 2 reads that output of the previous layer (not X): "
                  "2*1 + 5*0 + 0.5 = 2.5. Apply each layer's activation after its dense step, to every layer "
                  "including the last one (here the ReLU of layer 1 matters)"),
        Case("mlp_forward(X=[[1, 2]], the same 2-2-1 network, ['relu', 'sigmoid'])", X=_X1, params=_PARAMS,
             activations=["relu", "sigmoid"],
             hint="the last layer's activation must be applied too: sigmoid(2.5) = 0.924"),
        Case("mlp_forward(X=[[1, 2]], a 2-2-2 network, ['tanh', 'softmax'])", X=_X1, params=_PARAMS_SOFTMAX,
             activations=["tanh", "softmax"],
             hint="look the activation up by its name, ACTIVATION_FUNCTIONS['softmax'], as for the others"),
    ],
    hidden=_hidden_mlp,
    reference=lambda X, params, activations: forward_pass(X, params, activations),
    judge=_judge_mlp,
    crash_hint="layer l uses params['W' + str(l)] and params['b' + str(l)], l = 1, ..., L; dense_forward returns "
               "(Z, cache): give the activation its first return value, Z; feed each layer the output of the "
               "previous layer (A = ...), starting with A = X, and return only the last A",
    hints=(
        "The output of one layer is the input of the next; the first layer reads X.",
        "Start with A = X. For l = 1, ..., L (one per name in activations): take W and b from params with the "
        "keys 'W<l>' and 'b<l>', compute the dense step with your dense_forward (its first return value), and "
        "apply that layer's activation from ACTIVATION_FUNCTIONS. Return the last A.",
        "A_0 = X;   A_l = f_l(A_{l-1} W_l + b_l)  for l = 1..L;   return A_L",
    ),
    references=("dlkit.nn.mlp.forward_pass", "dlkit.nn.mlp.forward"),
)


# --- mse ----------------------------------------------------------------------------------------------

def _hidden_pair(hint: str, scale: float = 1.0):
    def hidden(seed, shape, **extra):
        rng = _rng(seed)
        y, p = rng.normal(scale=scale, size=tuple(shape)), rng.normal(scale=scale, size=tuple(shape))
        label = f"random targets and predictions of shape {tuple(shape)}" + "".join(
            f", {k}={v}" for k, v in extra.items())
        return Case(label, y_true=y, y_pred=p, hint=hint, **extra)
    return hidden


mse = Exercise(
    "mse",
    cases=[
        Case("mse(y_true=[1, 2, 3], y_pred=[1, 2, 5])", y_true=np.array([1.0, 2.0, 3.0]),
             y_pred=np.array([1.0, 2.0, 5.0]),
             hint="the errors are 0, 0, -2; their squares 0, 0, 4; the mean 4/3. Square each error (not abs, not "
                  "a root at the end) and divide by n (the 1/n of the mean, not a plain sum)"),
        Case("mse of a (2, 2) batch, y_true = [[1, 0], [0, 0]], y_pred = [[0, 0], [0, 2]]",
             y_true=np.array([[1.0, 0.0], [0.0, 0.0]]), y_pred=np.array([[0.0, 0.0], [0.0, 2.0]]),
             hint="average over every entry: (1 + 4) / 4"),
    ],
    hidden=_hidden_pair("the mean over all entries of (y - y_hat)^2"),
    call=_guarded,
    reference=lambda y_true, y_pred: ref.mse(y_true, y_pred),
    judge=_number_judge("mse", fpe_hint="square the differences; nothing here should overflow", mistakes=[
        Mistake(lambda y_true, y_pred: float(np.sum((y_true - y_pred) ** 2)),
                "this is the sum of the squared errors: divide by n (the 1/n of the mean, not a plain sum)"),
        Mistake(lambda y_true, y_pred: float(np.mean(np.abs(y_true - y_pred))),
                "this is the mean absolute error: square each error (not abs)"),
        Mistake(lambda y_true, y_pred: float(np.sqrt(np.mean((y_true - y_pred) ** 2))),
                "this is the root of the mean (RMSE): the MSE is the mean itself, not a root of it"),
        Mistake(lambda y_true, y_pred: float(np.mean(y_true - y_pred) ** 2),
                "you squared the mean error: square each error first, then take the mean"),
    ]),
    hints=(
        "Mean squared error: the average, over every entry, of the squared difference.",
        "Subtract, square element by element, then average over all entries with np.mean (one number, also for "
        "an (N, C) batch).",
        "MSE = (1/n) sum_i (y_i - y_hat_i)^2   over all n entries",
    ),
    references=("dlkit.nn.losses.mse",),
)


# --- huber --------------------------------------------------------------------------------------------

def _huber_per(y_true, y_pred, delta=1.0):
    e = np.abs(np.asarray(y_pred, dtype=float) - y_true)
    return np.where(e <= delta, 0.5 * e ** 2, delta * (e - 0.5 * delta))


huber = Exercise(
    "huber",
    cases=[
        Case("huber(y_true=[0], y_pred=[0.5])", y_true=np.zeros(1), y_pred=np.array([0.5]),
             hint="a small error (|e| <= delta) costs half its square: 0.5 * 0.5**2 = 0.125"),
        Case("huber(y_true=[0], y_pred=[-3])", y_true=np.zeros(1), y_pred=np.array([-3.0]),
             hint="a large error costs delta * (|e| - delta / 2) = 1 * (3 - 0.5) = 2.5; use |e|, and do not forget "
                  "the - delta / 2 that makes the pieces meet"),
        Case("huber(y_true=[0, 0, 0], y_pred=[0.5, 2, -3])", y_true=np.zeros(3), y_pred=np.array([0.5, 2.0, -3.0]),
             hint="apply the two cases entry by entry (np.where), then take the mean"),
        Case("huber(y_true=[0, 0, 0], y_pred=[0.5, 2, -3], delta=2)", y_true=np.zeros(3),
             y_pred=np.array([0.5, 2.0, -3.0]), delta=2.0,
             hint="use the delta argument both in the test |e| <= delta and in the linear piece"),
    ],
    hidden=_hidden_pair("the mean over all entries of e^2 / 2 (|e| <= delta) or delta (|e| - delta / 2)", scale=2.0),
    call=_guarded,
    reference=lambda y_true, y_pred, delta=1.0: float(np.mean(_huber_per(y_true, y_pred, delta))),
    judge=_number_judge("huber", fpe_hint="nothing in the Huber loss should overflow: compare |e| with delta",
                        mistakes=[
        Mistake(lambda y_true, y_pred, delta=1.0: float(np.sum(_huber_per(y_true, y_pred, delta))),
                "this is the sum over the entries: take the mean"),
        Mistake(lambda y_true, y_pred, delta=1.0: float(np.mean(np.where(
                    np.abs(y_pred - y_true) <= delta, np.abs(y_pred - y_true) ** 2, _huber_per(y_true, y_pred, delta)))),
                "the quadratic piece is e^2 / 2: a small error costs half its square"),
        Mistake(lambda y_true, y_pred, delta=1.0: float(np.mean(np.where(
                    np.abs(y_pred - y_true) <= delta, _huber_per(y_true, y_pred, delta),
                    delta * np.abs(y_pred - y_true)))),
                "the linear piece is delta (|e| - delta / 2): do not forget the - delta / 2 that makes the pieces meet"),
    ]),
    hints=(
        "Huber is quadratic for small errors and linear for large ones; delta is where it switches.",
        "With e = |y_pred - y_true| entry by entry, choose with np.where between the quadratic piece (e <= delta) "
        "and the linear piece, then average over all entries.",
        "l(e) = e^2 / 2 if |e| <= delta else delta (|e| - delta / 2);   huber = mean of l",
    ),
    references=("dlkit.nn.losses.huber",),
)


# --- binary_crossentropy ------------------------------------------------------------------------------

_BCE_FPE = ("log(0) for probabilities 0 or 1: clip them with np.clip(p, EPS, 1 - EPS) first. From logits, np.exp(z) "
            "overflows for large |z| (an overflow): use max(z, 0) - z y + log(1 + e^-|z|), with np.log1p and "
            "np.exp(-np.abs(z))")


def _hidden_bce(seed, shape, from_logits):
    rng = _rng(seed)
    y = (rng.random(tuple(shape)) > 0.5).astype(float)
    z = rng.normal(scale=4.0, size=tuple(shape))
    pred = z if from_logits else np.asarray(act.sigmoid(z))
    what = "logits" if from_logits else "probabilities"
    return Case(f"random 0/1 targets of shape {tuple(shape)} and {what}, from_logits={from_logits}", y_true=y,
                y_pred=pred, from_logits=bool(from_logits),
                hint="with probabilities: clip, then -[y log p + (1 - y) log(1 - p)]; with logits: the stable "
                     "formula; then the mean over all entries")


def _bce_ones_only(y_true, y_pred, from_logits):
    if from_logits:
        return _not_here()
    return float(np.mean(-y_true * np.log(np.clip(y_pred, EPS, 1.0 - EPS))))


def _not_here():
    raise ValueError("this mistake does not apply to this case")


binary_crossentropy = Exercise(
    "binary_crossentropy",
    cases=[
        Case("binary_crossentropy(y_true=[1, 0], y_pred=[0.8, 0.4])", y_true=np.array([1.0, 0.0]),
             y_pred=np.array([0.8, 0.4]),
             hint="each entry costs -[y log p + (1 - y) log(1 - p)]: for y = 1 that is -log(0.8), for y = 0 "
                  "-log(1 - 0.4), both positive (mind the minus sign and the (1 - y) term); then the mean"),
        Case("binary_crossentropy(y_true=[1, 0], y_pred=[0, 1])", y_true=np.array([1.0, 0.0]),
             y_pred=np.array([0.0, 1.0]),
             hint="clip the probabilities to [1e-7, 1 - 1e-7] as Keras does: each entry then costs -log(1e-7) ≈ 16.1"),
        Case("binary_crossentropy(y_true=[1, 0, 1], logits [-40, 40, 800], from_logits=True)",
             y_true=np.array([1.0, 0.0, 1.0]), y_pred=np.array([-40.0, 40.0, 800.0]), from_logits=True,
             hint="with from_logits=True do not turn z into a probability and take its log (it rounds and gets "
                  "clipped at 16.1); use max(z, 0) - z * y + log1p(exp(-|z|)): 40, 40 and 0 here"),
        Case("binary_crossentropy(Y, Z, from_logits=True) for a (3, 2) batch, Y = [[1, 0], [0, 1], [1, 1]], "
             "Z = [[2, -1], [0.5, 3], [-2, 0.1]]", y_true=np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
             y_pred=np.array([[2.0, -1.0], [0.5, 3.0], [-2.0, 0.1]]), from_logits=True,
             hint="the mean over all entries of max(z, 0) - z * y + log1p(exp(-|z|))"),
    ],
    hidden=_hidden_bce,
    call=_guarded,
    reference=lambda y_true, y_pred, from_logits=False: ref.binary_crossentropy(y_true, y_pred, from_logits),
    judge=_number_judge("binary_crossentropy", fpe_hint=_BCE_FPE, mistakes=[
        Mistake(lambda y_true, y_pred, from_logits=False: -ref.binary_crossentropy(y_true, y_pred, from_logits),
                "the loss is negative: mind the minus sign, -[y log p + (1 - y) log(1 - p)]"),
        Mistake(lambda y_true, y_pred, from_logits=False: y_true.size * ref.binary_crossentropy(y_true, y_pred,
                                                                                                 from_logits),
                "the costs were summed, not averaged: compute each entry's cost, then the mean over all entries"),
        Mistake(lambda y_true, y_pred, from_logits=False: _bce_ones_only(y_true, y_pred, from_logits),
                "the (1 - y) log(1 - p) term is missing: an entry with y = 0 costs -log(1 - p)"),
    ]),
    hints=(
        "Binary cross-entropy is minus the log of the probability the model gave to what actually happened.",
        "With probabilities: clip p to [EPS, 1 - EPS], then average -(y log p + (1 - y) log(1 - p)) over all "
        "entries. With logits z: the same loss written without p, max(z, 0) - z y + log(1 + e^-|z|), never "
        "exponentiating a positive number.",
        "probabilities: mean of -[y log p + (1 - y) log(1 - p)];   logits: mean of max(z, 0) - z y + log1p(e^-|z|)",
    ),
    references=("dlkit.nn.losses.binary_crossentropy",),
)


# --- categorical_crossentropy -------------------------------------------------------------------------

def _log_probs(y_pred, from_logits):
    z = np.asarray(y_pred, dtype=float)
    return ref.log_softmax(z) if from_logits else np.log(np.clip(z, EPS, 1.0 - EPS))


def _cce(y_true, y_pred, from_logits=False):
    return float(np.mean(-np.sum(y_true * _log_probs(y_pred, from_logits), axis=-1)))


_CCE_FPE = ("log(0) happens for a probability 0 (even where y = 0, since 0 * log 0 = nan): clip first. From logits, "
            "use the log-softmax z - max(z) - log(sum(exp(z - max(z)))) along the last axis instead of "
            "log(softmax(z))")


def _hidden_cce(seed, n, c, from_logits):
    rng = _rng(seed)
    z = rng.normal(scale=3.0, size=(n, c))
    Y = np.eye(c)[rng.integers(0, c, n)]
    pred = z if from_logits else act.softmax(z)
    what = "logits" if from_logits else "probabilities"
    return Case(f"random one-hot targets ({n}, {c}) and {what}, from_logits={from_logits}", y_true=Y, y_pred=pred,
                from_logits=bool(from_logits), hint="per example -sum_c y_c log p_c, then the mean over the examples")


categorical_crossentropy = Exercise(
    "categorical_crossentropy",
    cases=[
        Case("categorical_crossentropy for a (2, 3) batch, Y = [[0, 1, 0], [1, 0, 0]], P = [[0.2, 0.5, 0.3], "
             "[0.6, 0.3, 0.1]]", y_true=np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
             y_pred=np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]),
             hint="per example: -log(probability of the true class), here -log 0.5 and -log 0.6; sum over the classes "
                  "(axis=-1) and then take the mean over the N examples: np.mean over all N*C entries divides by C "
                  "too, and a plain sum forgets the 1/N"),
        Case("categorical_crossentropy for a (3, 2) batch, Y = [[0, 1], [1, 0], [1, 0]], P = [[0.3, 0.7], [0.9, 0.1], "
             "[0.4, 0.6]]", y_true=np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]]),
             y_pred=np.array([[0.3, 0.7], [0.9, 0.1], [0.4, 0.6]]),
             hint="sum over the class axis (axis=-1), then average over the examples; summing over axis 0 mixes "
                  "examples"),
        Case("categorical_crossentropy(Y=[[1, 0]], P=[[1, 0]])", y_true=np.array([[1.0, 0.0]]),
             y_pred=np.array([[1.0, 0.0]]), hint="clip the probabilities to [1e-7, 1 - 1e-7]: the loss is -log(1 - 1e-7)"),
        Case("categorical_crossentropy(Y=[[1, 0], [0, 1]], logits [[-500, 500], [3, 1]], from_logits=True)",
             y_true=np.array([[1.0, 0.0], [0.0, 1.0]]), y_pred=np.array([[-500.0, 500.0], [3.0, 1.0]]),
             from_logits=True,
             hint="with from_logits=True compute log p with the log-softmax along the last axis: the losses are 1000 "
                  "and 2 + log(1 + e^-2)"),
        Case("categorical_crossentropy(Y, Z, from_logits=True) for 5 examples of 4 classes (random scores, seed 7)",
             y_true=np.eye(4)[[0, 3, 1, 1, 2]], y_pred=_rng(7).normal(scale=3, size=(5, 4)), from_logits=True,
             hint="the log-softmax along axis=-1, then -sum_c y_c log p_c per example, then the mean"),
    ],
    hidden=_hidden_cce,
    call=_guarded,
    reference=_cce,
    judge=_number_judge("categorical_crossentropy", fpe_hint=_CCE_FPE, mistakes=[
        Mistake(lambda y_true, y_pred, from_logits=False: float(np.mean(-y_true * _log_probs(y_pred, from_logits))),
                "np.mean over all N*C entries divides by C too: sum over the classes (axis=-1), then take the mean "
                "over the N examples"),
        Mistake(lambda y_true, y_pred, from_logits=False: float(np.sum(-y_true * _log_probs(y_pred, from_logits))),
                "a plain sum forgets the 1/N: sum over the classes, then take the mean over the examples"),
        Mistake(lambda y_true, y_pred, from_logits=False:
                float(np.mean(-np.sum(y_true * _log_probs(y_pred, from_logits), axis=0))),
                "the sum ran over axis 0 (the examples): sum over the class axis (axis=-1), then average over the "
                "examples"),
    ]),
    hints=(
        "Per example, only the true class counts: the loss is minus the log of the probability given to it.",
        "Get log p: clip the probabilities and take np.log, or from logits the log-softmax along the last axis "
        "(subtract the row maximum first). Multiply by the one-hot Y, sum over the classes (axis=-1), then "
        "average over the examples.",
        "loss = mean over n of  -sum_c Y[n, c] log p[n, c]",
    ),
    references=("dlkit.nn.losses.categorical_crossentropy", "dlkit.nn.losses.log_softmax"),
)


# --- sparse_categorical_crossentropy ------------------------------------------------------------------

def _scce(y_true, y_pred):
    p = np.clip(np.asarray(y_pred, dtype=float), EPS, 1.0 - EPS)
    return float(np.mean(-np.log(p[np.arange(len(y_true)), y_true])))


def _clipped(y_pred):
    return np.clip(np.asarray(y_pred, dtype=float), EPS, 1.0 - EPS)


def _hidden_scce(seed, n, c):
    rng = _rng(seed)
    P = act.softmax(rng.normal(scale=2.0, size=(n, c)))
    labels = rng.integers(0, c, n)
    return Case(f"random integer labels ({n},) and probabilities ({n}, {c})", y_true=labels, y_pred=P,
                hint="the mean over the examples of -log P[n, labels[n]], P clipped first")


_P4 = np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.25, 0.25, 0.5]])     # (N, C) = (4, 3)

sparse_categorical_crossentropy = Exercise(
    "sparse_categorical_crossentropy",
    cases=[
        Case("sparse_categorical_crossentropy(y_true=[1, 0, 2, 0], P) for P (4, 3) of the exercise text",
             y_true=np.array([1, 0, 2, 0]), y_pred=_P4,
             hint="example n contributes -log P[n, labels[n]] (labels count from 0): index with P[np.arange(N), "
                  "labels]; P[labels] picks whole rows and P[:, labels] an (N, N) block"),
        Case("sparse_categorical_crossentropy(y_true=[0], y_pred=[[0, 1]])", y_true=np.array([0]),
             y_pred=np.array([[0.0, 1.0]]), hint="clip the probabilities to [1e-7, 1 - 1e-7] first"),
    ],
    hidden=_hidden_scce,
    call=_guarded,
    reference=_scce,
    judge=_number_judge("sparse_categorical_crossentropy",
                        fpe_hint="log(0): clip the probabilities to [1e-7, 1 - 1e-7] first", mistakes=[
        Mistake(lambda y_true, y_pred: float(np.mean(-np.log(_clipped(y_pred)[y_true]))),
                "P[labels] picks whole rows: pick one probability per row with P[np.arange(N), labels]"),
        Mistake(lambda y_true, y_pred: float(np.mean(-np.log(_clipped(y_pred)[:, y_true]))),
                "P[:, labels] picks an (N, N) block: pick one probability per row with P[np.arange(N), labels]"),
        Mistake(lambda y_true, y_pred: float(np.mean(-np.log(
                    _clipped(y_pred)[np.arange(len(y_true)), (np.asarray(y_true) - 1) % np.shape(y_pred)[1]]))),
                "the labels were read as 1-based: labels count from 0, so label c is column c"),
    ]),
    crash_hint="pick one probability per row with P[np.arange(N), labels]: two integer arrays of length N",
    hints=(
        "Each example has one integer label; its loss is minus the log of the probability in that column.",
        "Clip P, then pick, in row n, the column labels[n]: index with two arrays, the row numbers np.arange(N) "
        "and the labels. Take -log and the mean over the examples.",
        "loss = mean over n of  -log P[n, labels[n]]   (P clipped to [1e-7, 1 - 1e-7])",
    ),
    references=("dlkit.nn.losses.sparse_categorical_crossentropy",),
)


# --- kl_divergence ------------------------------------------------------------------------------------

def _kl_parts(y_true, y_pred):
    return np.clip(np.asarray(y_true, dtype=float), EPS, 1.0), np.clip(np.asarray(y_pred, dtype=float), EPS, 1.0)


def _hidden_kl(seed, n, c):
    rng = _rng(seed)
    y, p = act.softmax(rng.normal(size=(n, c))), act.softmax(rng.normal(size=(n, c)))
    return Case(f"two random batches of distributions ({n}, {c})", y_true=y, y_pred=p,
                hint="clip both, sum y log(y / p) over the classes, average over the examples")


kl_divergence = Exercise(
    "kl_divergence",
    cases=[
        Case("kl_divergence(y_true=[[0.5, 0.5], [0.9, 0.1]], y_pred=[[0.5, 0.5], [0.6, 0.4]])",
             y_true=np.array([[0.5, 0.5], [0.9, 0.1]]), y_pred=np.array([[0.5, 0.5], [0.6, 0.4]]),
             hint="sum y * log(y / p) over the classes (axis=-1; not the mean over classes) and average over the "
                  "examples. Mind the direction: KL(y || p) weights by y_true and uses log(y / p), not log(p / y)"),
        Case("kl_divergence(y_true=[[1, 0]], y_pred=[[0.5, 0.5]])", y_true=np.array([[1.0, 0.0]]),
             y_pred=np.array([[0.5, 0.5]]), hint="clip both arguments to [1e-7, 1] before the log, as Keras does"),
    ],
    hidden=_hidden_kl,
    call=_guarded,
    reference=lambda y_true, y_pred: ref.kl_divergence(y_true, y_pred),
    judge=_number_judge("kl_divergence", fpe_hint="log(0) or 0 * log 0: clip y_true and y_pred to [1e-7, 1] first "
                                                  "(Keras does)", mistakes=[
        Mistake(lambda y_true, y_pred: (lambda y, p: float(np.mean(np.sum(p * np.log(p / y), axis=-1))))(
                    *_kl_parts(y_true, y_pred)),
                "this is KL(p || y): mind the direction, KL(y || p) weights by y_true and uses log(y / p)"),
        Mistake(lambda y_true, y_pred: (lambda y, p: float(np.mean(y * np.log(y / p))))(*_kl_parts(y_true, y_pred)),
                "sum over the classes, not the mean over classes, then average over the examples"),
        Mistake(lambda y_true, y_pred: (lambda y, p: float(np.mean(np.sum(y * np.log(p / y), axis=-1))))(
                    *_kl_parts(y_true, y_pred)),
                "the sign is flipped: KL uses log(y / p), not log(p / y)"),
    ]),
    hints=(
        "KL(y || p) averages, under the true distribution y, the log-ratio of y to the prediction p.",
        "Clip both to [EPS, 1], multiply y by log(y / p) entry by entry, sum over the classes (axis=-1), then "
        "average over the examples.",
        "KL = mean over n of  sum_c y[n, c] log(y[n, c] / p[n, c])",
    ),
    references=("dlkit.nn.losses.kl_divergence",),
)
