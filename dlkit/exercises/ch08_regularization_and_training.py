"""Exercises of chapter 08 (regularisation and training): five, the last one a Keras model.

    diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5)   "overfitting", "underfitting" or "good fit"
    l1_l2_penalty(kernels, l1=0.0, l2=0.0)                     l1 * sum |w| + l2 * sum w^2 over every kernel, a number
    dropout_forward(A, rate, rng, training=True)               inverted dropout -> (out, cache), cache = keep / (1 - rate)
    batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3)
                                                               -> (out, cache), cache = (X_hat, gamma, inv_std, training);
                                                               in training state's moving statistics are updated
    build_regularized_model()                                  an uncompiled Keras model: the twin's layers plus
                                                               regularisation; it must beat the twin on validation

Symbols (docs/NAMING.md): N examples, H units; A activations (N, H) (any shape for dropout), X (N, H) a
batch-norm input, gamma and beta (H,), rate the dropout rate.

Each exercise is defined once here: the visible cases the notebook checks, the function that turns the
grader's hidden parameters into more cases, the reference, the judge and three levels of hints. The
model exercise crosses to the grader as data only: the kernel trains the learner's model (`_train`) and
sends its layers and its probabilities on the training and validation images; the grader trains the
unregularised twin itself and keeps the validation labels (`truth`).
"""

from __future__ import annotations

import functools

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake
from dlkit.data import digits
from dlkit.nn import layers, regularization

__all__ = ["diagnose_curves", "l1_l2_penalty", "dropout_forward", "batchnorm_forward", "build_regularized_model",
           "MODEL_STEPS", "MODEL_SEEDS", "MEASURED", "measure_margins"]


# --- diagnose_curves --------------------------------------------------------------------------------

def _random_curves(seed: int, n: int) -> dict:
    """One pair of random loss curves of n epochs and random tol/high (the old hidden test's recipe)."""
    rng = np.random.default_rng(seed)
    train = np.exp(-np.cumsum(rng.uniform(-0.1, 0.6, n)))
    val = np.abs(train * rng.uniform(1.0, 1.5) + np.cumsum(rng.normal(0, 0.08, n)).clip(-0.2)) + 0.01
    return {"train_loss": [float(v) for v in train], "val_loss": [float(v) for v in val],
            "tol": float(rng.choice([0.05, 0.1, 0.2])), "high": float(rng.choice([0.3, 0.5, 0.7]))}


def _judge_diagnosis(t, got, want):
    t.text(got, choices=("overfitting", "underfitting", "good fit"),
           hint="return one of the three strings exactly: 'overfitting', 'underfitting' or 'good fit'")
    t.equal(got, want)


def _curves_case(train, val, hint, tol=0.1, high=0.5):
    extra = "" if (tol, high) == (0.1, 0.5) else f", tol={tol}, high={high}"
    return Case(f"diagnose_curves({train}, {val}{extra})", train_loss=train, val_loss=val, tol=tol, high=high,
                hint=hint)


diagnose_curves = Exercise(
    "diagnose_curves",
    cases=[
        _curves_case([1.0, 0.5, 0.2, 0.1, 0.05], [1.0, 0.6, 0.4, 0.5, 0.7],
                     "validation rises 0.4 -> 0.7 while training falls: overfitting. Compare the last validation "
                     "loss with its minimum (0.4 here), not with its first value or with the last training loss"),
        _curves_case([1.0, 0.5, 0.3, 0.2, 0.18], [1.1, 0.6, 0.4, 0.35, 0.34],
                     "both fall and validation ends 0.16 above training: a good fit. A gap between training and "
                     "validation loss alone is normal: overfitting means the validation loss has risen more than "
                     "tol above its own minimum"),
        _curves_case([1.0, 0.9, 0.85, 0.8, 0.8], [1.1, 1.0, 0.95, 0.9, 0.9],
                     "training only went 1.0 -> 0.8: underfitting, because the last training loss is above high "
                     "* the first one (0.8 > 0.5 * 1.0)"),
        _curves_case([1.0, 0.5, 0.3, 0.2, 0.18], [1.1, 0.6, 0.4, 0.35, 0.37],
                     "validation ends at 0.37, within 10 % of its minimum 0.35: a good fit. Only a rise of more "
                     "than tol (10 %) above the minimum counts as overfitting"),
        _curves_case([2.0, 1.9, 1.85, 1.9, 1.95], [2.0, 1.8, 2.5, 2.6, 2.7],
                     "validation rises, but training got worse too (1.85 -> 1.95): overfitting needs both, "
                     "validation up from its minimum AND training lower than at that epoch; check the rules in "
                     "the order given, so this is underfitting (1.95 > 0.5 * 2.0)"),
        _curves_case([1.0, 0.6, 0.45, 0.4], [1.0, 0.7, 0.75, 0.8],
                     "with tol=0.2 the rise 0.7 -> 0.8 (14 %) is tolerated, and with high=0.3 the training loss "
                     "0.4 is still above 0.3 * 1.0: underfitting. Use the tol and high you are given",
                     tol=0.2, high=0.3),
    ],
    hidden=lambda seed, n: Case(f"random curves of {n} epochs", **_random_curves(seed, n),
                                hint="check the two rules in the order given, with the tol and high passed in"),
    reference=regularization.diagnose_curves,
    judge=_judge_diagnosis,
    crash_hint="train_loss and val_loss are lists: np.asarray(...) turns them into arrays, np.argmin finds the "
               "epoch of the smallest validation loss",
    hints=(
        "Find the epoch where the validation loss was smallest, then compare the last epoch with it.",
        "Rule 1 (overfitting): val[-1] > (1 + tol) * val[best] and train[-1] < train[best], best = argmin(val). "
        "Only if rule 1 fails, rule 2 (underfitting): train[-1] > high * train[0]. Otherwise 'good fit'.",
        "best = np.argmin(val_loss); 'overfitting' when val_loss[-1] > (1 + tol) * val_loss[best] and "
        "train_loss[-1] < train_loss[best]; else 'underfitting' when train_loss[-1] > high * train_loss[0]; "
        "else 'good fit'",
    ),
    references=("dlkit.nn.regularization.diagnose_curves",),
)


# --- l1_l2_penalty ----------------------------------------------------------------------------------------

_K1 = np.array([[1.0, -2.0], [0.5, 0.0]])
_K2 = np.array([[3.0], [-1.0]])


def _penalty_case(label, kernels, l1, l2, hint):
    return Case(label, kernels=kernels, l1=l1, l2=l2, hint=hint)


def _hidden_penalty(seed: int, l1: float, l2: float) -> Case:
    rng = np.random.default_rng(seed)
    kernels = [rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(5, 1))]
    return Case("three random kernels of different shapes", kernels=kernels, l1=l1, l2=l2,
                hint="l1 * sum |w| + l2 * sum w^2, summed over every kernel of the list")


def _judge_penalty(t, got, want):
    t.number(got, hint="return one number (float(...)): the total penalty over all kernels, not one per kernel")
    t.close(got, want, rtol=1e-5, mistakes=[
        Mistake(lambda kernels, l1, l2: sum(l1 * np.abs(W).sum() + l2 / 2 * np.square(W).sum() for W in kernels),
                "L2 has no 1/2 in front in Keras (that is 003's convention): l2 * sum w^2"),
        Mistake(lambda kernels, l1, l2: sum(l1 * W.sum() + l2 * np.square(W).sum() for W in kernels),
                "L1 sums the absolute values |w|, not w itself (negative weights would cancel)"),
        Mistake(lambda kernels, l1, l2: sum(l1 * np.abs(W).mean() + l2 * np.square(W).mean() for W in kernels),
                "Keras sums, not averages: sum |w| and sum w^2, not their means"),
        Mistake(lambda kernels, l1, l2: l1 * np.abs(kernels[0]).sum() + l2 * np.square(kernels[0]).sum(),
                "add the penalties of every kernel in the list, not only the first"),
        Mistake(lambda kernels, l1, l2: sum(l1 * np.abs(W).sum() + l2 * np.sqrt(np.square(W).sum()) for W in kernels),
                "L2 is l2 times the sum of the squared weights, not the norm (the square root of that sum)"),
    ])


l1_l2_penalty = Exercise(
    "l1_l2_penalty",
    cases=[
        _penalty_case("l1_l2_penalty([K1], l2=0.1) for K1 = [[1, -2], [0.5, 0]]", [_K1], 0.0, 0.1,
                      "L2 is l2 * sum of the squared weights: 0.1 * (1 + 4 + 0.25 + 0) = 0.525"),
        _penalty_case("l1_l2_penalty([K1], l1=0.1) for K1 = [[1, -2], [0.5, 0]]", [_K1], 0.1, 0.0,
                      "L1 is l1 * sum of the absolute values: 0.1 * (1 + 2 + 0.5 + 0) = 0.35"),
        _penalty_case("l1_l2_penalty([K1, K2], l1=0.01, l2=0.1) for K2 = [[3], [-1]]", [_K1, _K2], 0.01, 0.1,
                      "both terms, over both kernels: 0.01 * (3.5 + 4) + 0.1 * (5.25 + 10) = 1.6"),
    ],
    hidden=_hidden_penalty,
    reference=regularization.l1_l2_penalty,
    judge=_judge_penalty,
    crash_hint="kernels is a list of arrays of different shapes: loop over it (for W in kernels) and add up "
               "the penalty of each",
    hints=(
        "Each kernel contributes two sums: of its absolute values and of its squares.",
        "Loop over the list; for each array W add l1 * sum |W| and l2 * sum W^2 (np.abs, np.square, np.sum). "
        "Keras sums over the weights, with no 1/2 and no mean.",
        "float(sum(l1 * np.abs(W).sum() + l2 * (W ** 2).sum() for W in kernels))",
    ),
    references=("dlkit.nn.regularization.l1_l2_penalty",),
)


# --- dropout_forward -------------------------------------------------------------------------------------

def _call_dropout(f, A, rate, seed, training):
    """The learner's dropout_forward with a fresh generator seeded `seed` (a Generator cannot cross)."""
    return f(A, rate, np.random.default_rng(seed), training)


def _dropout_mask(A, rate, seed, training):
    if not training:
        return np.ones(np.shape(A))
    return (np.random.default_rng(seed).random(np.shape(A)) >= rate) / (1.0 - rate)


def _dropout_reference(A, rate, seed, training):
    return layers.dropout_forward(A, rate, np.random.default_rng(seed), training)


def _judge_dropout(t, got, want):
    A, rate, seed, training = (t.inputs[k] for k in ("A", "rate", "seed", "training"))
    t.sequence(got, length=2, hint="return the pair (out, cache), as every layer of the course does")
    out, cache = got
    t.array(out, shape=A.shape, dtype="float", name=f"out of {t.label}",
            hint="out has A's shape: multiply A element by element by the scaled mask")
    keep = np.random.default_rng(seed).random(A.shape) >= rate if training else np.ones(A.shape, bool)
    t.close(out, want[0], name=f"out of {t.label}", mistakes=[
        Mistake(lambda A, rate, seed, training: A * keep,
                "inverted dropout scales the survivors by 1 / (1 - rate) during training, so that the expected "
                "output equals the input"),
        Mistake(lambda A, rate, seed, training: A * ~keep / (1 - rate),
                "the mask is rng.random(A.shape) >= rate, not < rate: a unit is kept with probability 1 - rate"),
        Mistake(lambda A, rate, seed, training: A * keep / rate,
                "divide the survivors by 1 - rate, the probability of being kept, not by rate"),
        Mistake(lambda A, rate, seed, training: A * (1 - rate),
                "at inference inverted dropout changes nothing: return A as it is (003's (1 - rate) scaling "
                "belongs to the other form, which does not scale in training)"),
    ])
    t.array(cache, shape=A.shape, name=f"cache of {t.label}",
            hint="the cache is the scaled mask, an array of A's shape")
    t.close(cache, want[1], name=f"cache of {t.label}", mistakes=[
        Mistake(lambda A, rate, seed, training: keep,
                "the cache is the scaled mask keep / (1 - rate), the factor dropout_backward multiplies dout by, "
                "not the boolean keep-mask"),
    ], hint="cache = keep / (1 - rate) in training (0 or 1 / (1 - rate)), all ones at inference")


def _dropout_case(label, A, rate, seed, training, hint):
    return Case(label, A=A, rate=rate, seed=seed, training=training, hint=hint)


_A = np.arange(1.0, 9.0).reshape(2, 4)

dropout_forward = Exercise(
    "dropout_forward",
    cases=[
        _dropout_case("dropout_forward(A, 0.5, np.random.default_rng(3)) for A = [[1, 2, 3, 4], [5, 6, 7, 8]]",
                      _A, 0.5, 3, True,
                      "draw the mask as rng.random(A.shape) >= rate from the rng passed in (not np.random, and "
                      "not < rate), then out = A * keep / (1 - rate)"),
        _dropout_case("dropout_forward(A, 0.5, np.random.default_rng(3), training=False)", _A, 0.5, 3, False,
                      "at inference inverted dropout changes nothing: out = A, cache all ones"),
        _dropout_case("dropout_forward(A, 0.25, np.random.default_rng(4))", _A, 0.25, 4, True,
                      "divide by 1 - rate (0.75), not by rate"),
        _dropout_case("dropout_forward(A, 0.3, np.random.default_rng(5)) for A of shape (2, 3, 2)",
                      np.arange(12.0).reshape(2, 3, 2) - 5, 0.3, 5, True,
                      "A may have any shape: draw the mask with A's own shape, rng.random(A.shape)"),
    ],
    hidden=lambda seed, shape, rate: Case(f"random A of shape {tuple(shape)}",
                                          A=np.random.default_rng(seed).normal(size=tuple(shape)), rate=rate,
                                          seed=seed + 1, training=True,
                                          hint="the keep-mask is rng.random(A.shape) >= rate, out = A * mask / (1 - rate)"),
    call=_call_dropout,
    reference=_dropout_reference,
    judge=_judge_dropout,
    crash_hint="rng is a np.random.Generator: rng.random(A.shape) draws one number in [0, 1) per entry of A",
    hints=(
        "Draw one random number per entry of A from the generator you are given; keep the entries whose number "
        "is at least rate.",
        "The keep-mask is rng.random(A.shape) >= rate; the cache is that mask divided by (1 - rate) (0 or "
        "1 / (1 - rate)); out = A times the cache. At inference: out = A and a cache of ones.",
        "mask = (rng.random(A.shape) >= rate) / (1.0 - rate), then the pair (A * mask, mask); with training=False "
        "the pair (A, np.ones(A.shape))",
    ),
    references=("dlkit.nn.layers.dropout_forward",),
)


# --- batchnorm_forward -----------------------------------------------------------------------------------

def _call_batchnorm(f, X, gamma, beta, moving_mean, moving_var, training):
    """Call with a fresh state dict; return what came back and the dict as it is afterwards."""
    state = {"moving_mean": moving_mean, "moving_var": moving_var}
    returned = f(X, gamma, beta, state, training)
    return {"returned": returned, "state": {k: state.get(k) for k in ("moving_mean", "moving_var")}}


def _batchnorm_reference(X, gamma, beta, moving_mean, moving_var, training):
    state = {"moving_mean": moving_mean.copy(), "moving_var": moving_var.copy()}
    out, cache = layers.batchnorm_forward(X, gamma, beta, state, training)
    return {"out": out, "cache": cache, "state": state}


def _bn_mistakes(training):
    """Typical wrong outputs (each a function of the case's inputs)."""
    def norm(X, mu, var, gamma, beta, eps=1e-3):
        return gamma * (X - mu) / np.sqrt(var + eps) + beta

    out = [
        Mistake(lambda X, gamma, beta, moving_mean, moving_var, training:
                norm(X, X.mean(0), X.var(0, ddof=1), gamma, beta),
                "use the biased variance of the batch, dividing by N, not N - 1 (X.var(axis=0), ddof=0)"),
        Mistake(lambda X, gamma, beta, moving_mean, moving_var, training:
                gamma * (X - X.mean(0)) / (np.sqrt(X.var(0)) + 1e-3) + beta,
                "put eps inside the square root: (X - mu) / sqrt(var + eps)"),
        Mistake(lambda X, gamma, beta, moving_mean, moving_var, training:
                norm(X, X.mean(1, keepdims=True), X.var(1, keepdims=True), gamma, beta),
                "batch norm normalises each feature, each column over the samples (axis=0); axis=1 normalises "
                "each sample over its features, which is layer norm"),
    ]
    if not training:
        out.insert(0, Mistake(lambda X, gamma, beta, moving_mean, moving_var, training:
                              norm(X, X.mean(0), X.var(0), gamma, beta),
                              "at inference use the moving mean and variance, not the batch statistics"))
    return out


def _judge_batchnorm(t, got, want):
    X, training = t.inputs["X"], t.inputs["training"]
    mm, mv = t.inputs["moving_mean"], t.inputs["moving_var"]
    if type(got) is not dict or "returned" not in got:
        t.fail(f"{t.label} gave an answer of an unexpected form", "(out, cache)", str(type(got).__name__))
    returned, state = got["returned"], got["state"]
    t.sequence(returned, length=2, hint="return the pair (out, cache); the moving statistics are not returned: "
                                        "they go into the state dict you were given")
    out, cache = returned
    mode = "training" if training else "inference"
    t.array(out, shape=X.shape, dtype="float", name=f"out ({mode})",
            hint="normalise each feature (column) over the batch: statistics of shape (H,), axis=0")
    t.close(out, want["out"], name=f"out ({mode})", rtol=1e-5, atol=1e-7, mistakes=_bn_mistakes(training))
    for key, old in (("moving_mean", mm), ("moving_var", mv)):
        value = state.get(key)
        t.array(value, shape=old.shape, dtype="float", name=f"state['{key}'] after the call",
                hint="keep both entries of state as (H,) arrays")
        if training and np.allclose(value, old):
            t.fail(f"state['{key}'] was not updated in training mode", "the updated moving statistic",
                   "the value it had before",
                   "update the dict you were given in place: state['moving_mean'] = momentum * state['moving_mean'] "
                   "+ (1 - momentum) * mu (assigning to a new dict, or returning the statistics, leaves the "
                   "caller's state unchanged)")
        stat = X.mean(0) if key == "moving_mean" else X.var(0)
        t.close(value, want["state"][key], name=f"state['{key}'] after the call ({mode})", rtol=1e-5, mistakes=[
            Mistake(lambda X, gamma, beta, moving_mean, moving_var, training, old=old, stat=stat:
                    0.01 * old + 0.99 * stat,
                    "moving = momentum * moving + (1 - momentum) * batch statistic: momentum 0.99 keeps mostly "
                    "the old value"),
            Mistake(lambda X, gamma, beta, moving_mean, moving_var, training, old=old, stat=stat:
                    0.99 * old + 0.01 * stat,
                    "inference must leave the moving statistics unchanged: update them in training only"),
        ], hint="in training: moving = momentum * moving + (1 - momentum) * the batch statistic (biased "
                "variance); at inference: unchanged")
    t.sequence(cache, length=4, hint="cache = (X_hat, gamma, inv_std, training): what batchnorm_backward needs")
    X_hat, _, inv_std, flag = cache
    t.close(X_hat, want["cache"][0], name="cache[0], X_hat", rtol=1e-5, atol=1e-7,
            hint="X_hat = (X - mu) / sqrt(var + eps), the normalised input before gamma and beta")
    t.close(inv_std, want["cache"][2], name="cache[2], inv_std", rtol=1e-5,
            hint="inv_std = 1 / sqrt(var + eps), one number per feature, shape (H,)")
    t.boolean(flag, name="cache[3], training", hint="the last item of the cache is the training flag itself")
    t.equal(bool(flag), bool(training), name="cache[3], training", hint="store the training flag you were given")


def _bn_case(label, X, gamma, beta, mm, mv, training, hint):
    return Case(label, X=X, gamma=gamma, beta=beta, moving_mean=mm, moving_var=mv, training=training, hint=hint)


def _hidden_batchnorm(seed: int, training: bool, n: int = 12, h: int = 6) -> Case:
    rng = np.random.default_rng(seed)
    X = rng.normal(1.0, 2.0, size=(n, h))
    gamma, beta = rng.uniform(0.5, 2, h), rng.normal(size=h)
    mm, mv = rng.normal(size=h), rng.uniform(0.5, 2, h)
    return _bn_case(f"random X of shape ({n}, {h}), training={training}", X, gamma, beta, mm, mv, training,
                    "training: batch statistics and updated moving ones; inference: the moving statistics, unchanged")


_Xb = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]])          # (N, H) = (3, 2): mu (3, 30), var (8/3, 1400/3)
_gb, _bb = np.array([1.0, 2.0]), np.array([0.0, 1.0])
_mmb, _mvb = np.array([0.0, 5.0]), np.array([1.0, 4.0])
_BN_LABEL = "batchnorm_forward(X, gamma, beta, state, training={}) for X = [[1, 10], [3, 20], [5, 60]]"

batchnorm_forward = Exercise(
    "batchnorm_forward",
    cases=[
        _bn_case(_BN_LABEL.format(True), _Xb, _gb, _bb, _mmb, _mvb, True,
                 "use the batch's own statistics per feature (axis=0: each column over the samples), mu = (3, 30) "
                 "and the biased variance (8/3, 1400/3), with eps inside the square root: (X - mu) / sqrt(var + "
                 "eps), then gamma * . + beta"),
        _bn_case(_BN_LABEL.format(False), _Xb, _gb, _bb, _mmb, _mvb, False,
                 "at inference use state['moving_mean'] = (0, 5) and state['moving_var'] = (1, 4), and leave "
                 "them unchanged"),
    ],
    hidden=_hidden_batchnorm,
    call=_call_batchnorm,
    reference=_batchnorm_reference,
    judge=_judge_batchnorm,
    crash_hint="state is a dict: read state['moving_mean'] and state['moving_var'], and assign the updated "
               "arrays back to the same keys",
    hints=(
        "Training: the statistics of this batch, one per feature; inference: the moving statistics from state.",
        "mu = X.mean(axis=0), var = X.var(axis=0) (biased); in training also replace state['moving_mean'] and "
        "state['moving_var'] by momentum * old + (1 - momentum) * new. inv_std = 1 / sqrt(var + epsilon), "
        "X_hat = (X - mu) times inv_std, out = gamma X_hat + beta.",
        "out = gamma * X_hat + beta; the cache is the 4-tuple of X_hat, gamma, inv_std and the training flag; "
        "return the pair (out, cache)",
    ),
    references=("dlkit.nn.layers.batchnorm_forward",),
)


# --- build_regularized_model ------------------------------------------------------------------------------

MODEL_STEPS = 300                   # Adam mini-batches of 50, as in the chapter's experiment
MODEL_SEEDS = tuple(range(8))       # the seeds measured (MEASURED); visible check seed 0, hidden seed 7

# Validation cross-entropy margins, twin minus model, over MODEL_SEEDS (measure_margins, on 2 CPU cores,
# Keras 3 / TensorFlow 2 CPU): every entry of the catalogue's RIGHT answers wins on every seed.
# The twin itself scores 1.028 .. 1.183.
MEASURED = {
    "L2(1e-3)": (0.129, 0.228), "L1(1e-4)": (0.083, 0.173), "L1(1e-3)": (0.217, 0.358),
    "Dropout(0.5)": (0.030, 0.243), "Dense -> BatchNormalization -> relu": (0.096, 0.262),
    "Dense(relu) -> BatchNormalization": (0.073, 0.257), "L1L2(l2=2e-3) + Dropout(0.1)": (0.086, 0.259),
    "Dropout(0.2)": (-0.147, 0.082), "L2(0.3)": (-0.275, -0.141),
}
_DATA = {"n_train": 150, "n_wrong": 30, "seed": 0}

# layer types that regularise (or normalise) without weights of their own beyond batch/layer norm's
_DROPOUTS = ("Dropout", "GaussianDropout", "AlphaDropout", "SpatialDropout1D")
_NOISE = ("GaussianNoise",)
_NORMS = ("BatchNormalization", "LayerNormalization")
_ACTIVATIONS = {"Activation": None, "ReLU": "relu", "Softmax": "softmax"}
_ALLOWED = set(_DROPOUTS) | set(_NOISE) | set(_NORMS) | set(_ACTIVATIONS) | {"Dense", "ActivityRegularization"}


def _regularizer(r) -> dict | None:
    """A Keras regularizer as {"l1": ..., "l2": ...} (None when there is none)."""
    if r is None:
        return None
    try:
        config = r.get_config()
    except Exception:  # noqa: BLE001 (a custom regularizer: count it, strength unknown)
        return {"l1": -1.0, "l2": -1.0}
    return {"l1": float(config.get("l1", 0.0) or 0.0), "l2": float(config.get("l2", 0.0) or 0.0)}


def _layers(model) -> list[dict]:
    """The model's layers as plain data, with everything that regularises."""
    out = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        act = getattr(layer, "activation", None)
        act_name = None
        if act is not None:
            act_name = getattr(act, "__name__", None) or type(act).__name__.lower()
        out.append({
            "type": kind, "units": getattr(layer, "units", None), "activation": act_name,
            "kernel_regularizer": _regularizer(getattr(layer, "kernel_regularizer", None)),
            "bias_regularizer": _regularizer(getattr(layer, "bias_regularizer", None)),
            "activity_regularizer": _regularizer(getattr(layer, "activity_regularizer", None)),
            "rate": float(getattr(layer, "rate", 0.0) or 0.0),
            "stddev": float(getattr(layer, "stddev", 0.0) or 0.0),
            "params": int(layer.count_params()) if layer.built else 0,
        })
    return out


def _dense_blocks(layer_list):
    """[(units, activation), ...] for the Dense layers, an activation layer after a linear Dense folded in,
    and the layer types that are neither Dense, an activation nor a regularisation layer."""
    blocks, foreign = [], []
    for d in layer_list:
        kind = d["type"]
        if kind == "Dense":
            blocks.append([d["units"], d["activation"] or "linear"])
        elif kind in _ACTIVATIONS:
            name = _ACTIVATIONS[kind] or d["activation"]
            if blocks and blocks[-1][1] == "linear":
                blocks[-1][1] = name
            else:
                foreign.append(f"{kind}({name})")
        elif kind not in _ALLOWED:
            foreign.append(kind)
    return [tuple(b) for b in blocks], foreign


def _kinds(layer_list) -> list[str]:
    """The kinds of regularisation a model has (empty: none)."""
    kinds = []
    for d in layer_list:
        for key in ("kernel_regularizer", "bias_regularizer", "activity_regularizer"):
            r = d[key]
            if r is not None and (r["l1"] != 0 or r["l2"] != 0):
                kinds += [f"L1 {key}"] if r["l1"] else []
                kinds += [f"L2 {key}"] if r["l2"] else []
        if d["type"] in _DROPOUTS and d["rate"] > 0:
            kinds.append(d["type"])
        if d["type"] in _NOISE and d["stddev"] > 0:
            kinds.append(d["type"])
        if d["type"] in _NORMS or d["type"] == "ActivityRegularization":
            kinds.append(d["type"])
    return sorted(set(kinds))


def _architecture_problem(layer_list) -> str | None:
    blocks, foreign = _dense_blocks(layer_list)
    if [u for u, _ in blocks] != [256, 256, 10] or foreign:
        return "architecture"
    if [a for _, a in blocks] != ["relu", "relu", "softmax"]:
        return "activations"
    return None


def _train(build, X_train, y_train, X_val, seed, steps):
    """Kernel side: build and train the learner's model as the twin is trained; return data only."""
    import keras

    from dlkit.checks.keras import describe
    from dlkit.models.training import fit_steps, seeded

    with seeded(seed):
        model = build()
    if not isinstance(model, keras.Model):
        return {"model": False, "received": "None" if model is None else type(model).__name__}
    info = {"model": True, "layers": _layers(model)}
    if _architecture_problem(info["layers"]) is None and _kinds(info["layers"]):
        trained, _ = fit_steps(build, X_train, y_train, steps=steps, seed=seed)   # same seed: same start as the twin
        P = describe(trained, np.concatenate([X_train, X_val]))["predictions"]   # (N_train + N_val, 10)
        info["layers"] = _layers(trained)
        info["train_probabilities"], info["val_probabilities"] = P[:len(X_train)], P[len(X_train):]
    return info


def _ce(P, y) -> float:
    P = np.asarray(P, dtype=float)
    return float(np.mean(-np.log(np.clip(P[np.arange(len(y)), y], 1e-7, 1.0))))


@functools.lru_cache(maxsize=16)
def _twin_scores(seed: int, steps: int, arrays: tuple) -> tuple:
    """(training, validation) cross-entropy of the twin trained with `seed` (cached: the grader trains it once)."""
    from dlkit.models.dense import twin_model
    from dlkit.models.training import fit_steps

    X_train, y_train, X_val, y_val = (np.frombuffer(b, dtype=d).reshape(shape) for b, d, shape in arrays)
    twin, _ = fit_steps(twin_model, X_train, y_train, steps=steps, seed=seed)
    P = np.asarray(twin.predict(np.concatenate([X_train, X_val]), verbose=0), dtype=float)
    return _ce(P[:len(X_train)], y_train), _ce(P[len(X_train):], y_val)


def _twin_reference(X_train, y_train, X_val, seed, steps, y_val):
    """Grader side: the unregularised twin trained with the same seed; its penalty-free cross-entropies."""
    arrays = tuple((np.ascontiguousarray(a, dtype=d).tobytes(), d, np.shape(a))
                   for a, d in ((X_train, "float32"), (y_train, "int64"), (X_val, "float32"), (y_val, "int64")))
    train_ce, val_ce = _twin_scores(int(seed), int(steps), arrays)
    return {"train": train_ce, "val": val_ce}


def _judge_model(t, got, want):
    if type(got) is not dict or "model" not in got:
        t.fail("build_regularized_model() gave an answer of an unexpected form", "a keras.Model", str(got)[:60])
    if not got["model"]:
        received = got.get("received", "?")
        t.fail("build_regularized_model() should return a Keras model", "a keras.Model (e.g. keras.Sequential)",
               received, "return the model itself, uncompiled" + (": did you forget `return`?"
                                                                  if received == "None" else ""))
    layer_list = got["layers"]
    blocks, foreign = _dense_blocks(layer_list)
    shape = ", ".join(f"Dense({u}, {a})" for u, a in blocks) + (f"; other layers: {', '.join(foreign)}" if foreign else "")
    problem = _architecture_problem(layer_list)
    if problem == "architecture":
        t.fail("build_regularized_model() does not keep the twin's architecture",
               "Dense(256, relu), Dense(256, relu), Dense(10, softmax), plus regularisation layers only", shape,
               "keep the twin's architecture exactly: Dense(256) -> Dense(256) -> Dense(10), no layer more or "
               "less; only add regularisation (kernel_regularizer=..., Dropout, GaussianNoise, BatchNormalization)")
    if problem == "activations":
        t.fail("build_regularized_model() has the wrong activations",
               "relu, relu, softmax", ", ".join(a for _, a in blocks),
               "relu in the hidden layers and softmax in the output layer, as in the twin")
    if not _kinds(layer_list):
        t.fail("build_regularized_model() has no regularisation: it is the twin itself",
               "at least one of: L1/L2 kernel_regularizer, Dropout, GaussianNoise, BatchNormalization", shape,
               "add kernel_regularizer=keras.regularizers.L2(...) (or L1, L1L2) to the hidden Dense layers, or "
               "Dropout / BatchNormalization layers between them")
    if "val_probabilities" not in got:
        t.fail("build_regularized_model() was not trained", "the model's predictions after training",
               "no predictions", "run the test cell again")
    P = got["val_probabilities"]
    y_val = t.inputs["y_val"]
    t.array(P, shape=(len(y_val), 10), name="the model's predictions on the validation images")
    mine, twin = _ce(P, y_val), want["val"]
    mine_train = _ce(got["train_probabilities"], t.inputs["y_train"])
    if not np.isfinite(mine) or not mine < twin:
        if mine_train < 0.5 * want["train"] + 0.05:
            advice = ("your model still fits the training labels, wrong ones included, about as well as the twin: "
                      "the regularisation is too weak; make it stronger (a larger lambda or dropout rate)")
        else:
            advice = ("your model fits even the training labels much worse than the twin: the regularisation may "
                      "be too strong (underfitting); lower lambda or the dropout rate")
        t.fail(f"{t.label}: the validation cross-entropy is not below the twin's", f"below {twin:.3f} (the twin's)",
               f"{mine:.3f} (your training cross-entropy {mine_train:.3f}, the twin's {want['train']:.3f})",
               advice + ". The text lists settings that beat the twin on every measured seed")


def _model_case(seed: int, label: str) -> Case:
    s = digits.small_data(**_DATA)
    return Case(label, X_train=s.X_train, y_train=s.y_train, X_val=s.X_val, seed=seed, steps=MODEL_STEPS,
                truth={"y_val": s.y_val},
                hint="regularise enough to stop memorising the wrong labels, not so much that the model underfits")


def measure_margins(builds: dict, seeds=MODEL_SEEDS) -> dict:
    """Instructor's tool: {name: [twin's validation cross-entropy - the model's, one per seed]}.

    How MEASURED was made (about 3 s per model and seed on 2 CPU cores): each build goes through the
    exercise's own call and the twin through its reference, exactly as a check does.
    """
    out = {}
    for seed in seeds:
        case = _model_case(int(seed), f"seed {seed}")
        twin = _twin_reference(**case.data())["val"]
        for name, build in builds.items():
            got = _train(build, **case.inputs)
            out.setdefault(name, []).append(twin - _ce(got["val_probabilities"], case.truth["y_val"]))
    return out


build_regularized_model = Exercise(
    "build_regularized_model",
    cases=[_model_case(0, "your model and the twin trained with seed 0, compared on the 360 validation images")],
    hidden=lambda seed: _model_case(seed, "another training seed"),
    call=_train,
    reference=_twin_reference,
    judge=_judge_model,
    crash_hint="build_regularized_model() takes no arguments and returns a new keras.Sequential (or keras.Model) "
               "each time it is called; start it with keras.Input((64,))",
    hints=(
        "Copy the twin (64 inputs, Dense 256 relu, Dense 256 relu, Dense 10 softmax) and add one kind of "
        "regularisation from the text.",
        "For a weight penalty pass kernel_regularizer=keras.regularizers.L2(lam) (or L1) to the two hidden Dense "
        "layers; for dropout put keras.layers.Dropout(rate) after each hidden layer. The text's table lists "
        "strengths measured to beat the twin.",
        "keras.layers.Dense(256, activation='relu', kernel_regularizer=keras.regularizers.L2(1e-3)) for both "
        "hidden layers, in a keras.Sequential that starts with keras.Input((64,))",
    ),
    references=("dlkit.models.dense.twin_model",),
)
