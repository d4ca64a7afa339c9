"""Wrong and right answers for the exercises of 08_regularization_and_training (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks. The RIGHT models of
build_regularized_model cover every kind of regularisation the text offers; each beats the twin on all
eight measured seeds (dlkit.exercises.ch08_regularization_and_training.MEASURED).
"""

_SEQ = '''def build_regularized_model():
    return keras.Sequential([
        keras.Input((64,)),
{hidden}        keras.layers.Dense(10, activation="{out}"),
    ])
'''


def _model(hidden: str, out: str = "softmax", times: int = 2) -> str:
    """A Sequential answer whose hidden block (lines of layers) is repeated `times`."""
    lines = "".join(f"        {line},\n" for line in hidden.split("\n") if line)
    return _SEQ.format(hidden=lines * times, out=out)


_L2 = 'keras.layers.Dense(256, activation="relu", kernel_regularizer=keras.regularizers.L2({}))'

WRONG = {
    "diagnose_curves": [
        {"why": "compares the last validation loss with the first one", "expect": "not with its first value",
         "code": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    if val_loss[-1] > (1 + tol) * val_loss[0] and train_loss[-1] < train_loss[0]:
        return "overfitting"
    if train_loss[-1] > high * train_loss[0]:
        return "underfitting"
    return "good fit"
'''},
        {"why": "calls any train/validation gap overfitting", "expect": "a gap between training and validation",
         "code": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    if val_loss[-1] > (1 + tol) * train_loss[-1]:
        return "overfitting"
    if train_loss[-1] > high * train_loss[0]:
        return "underfitting"
    return "good fit"
'''},
        {"why": "any rise above the minimum, ignoring tol", "expect": "more than tol",
         "edit": [("if val[-1] > (1 + tol) * val[best] and", "if val[-1] > val[best] and")]},
        {"why": "ignores the training-loss condition of overfitting", "expect": "needs both",
         "edit": [("if val[-1] > (1 + tol) * val[best] and train[-1] < train[best]:",
                   "if val[-1] > (1 + tol) * val[best]:")]},
        {"why": "underfitting judged on the validation loss", "expect": "last training loss is above high",
         "code": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    best = int(np.argmin(val_loss))
    if val_loss[-1] > (1 + tol) * val_loss[best] and train_loss[-1] < train_loss[best]:
        return "overfitting"
    if val_loss[-1] > high * val_loss[0] and val_loss[-1] > train_loss[-1] * 1.5:
        return "underfitting"
    return "good fit"
'''},
        {"why": "hard-codes tol = 0.1 and high = 0.5 instead of using the arguments", "expect": "tol and high you are given",
         "edit": [("if val[-1] > (1 + tol) * val[best]", "if val[-1] > 1.1 * val[best]"),
                  ("if train[-1] > high * train[0]:", "if train[-1] > 0.5 * train[0]:")]},
        {"why": "capitalised labels", "expect": "one of the three strings",
         "edit": [('return "overfitting"', 'return "Overfitting"'), ('return "underfitting"', 'return "Underfitting"'),
                  ('return "good fit"', 'return "Good fit"')]},
    ],
    "l1_l2_penalty": [
        {"why": "003's 1/2 in front of the L2 term", "expect": "no 1/2",
         "edit": [("l2 * np.sum(W ** 2)", "l2 / 2 * np.sum(W ** 2)")]},
        {"why": "L1 of the signed weights", "expect": "absolute values",
         "edit": [("l1 * np.sum(np.abs(W))", "l1 * np.sum(W)")]},
        {"why": "mean instead of sum", "expect": "sums, not averages",
         "code": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    return float(sum(l1 * np.abs(W).mean() + l2 * (W ** 2).mean() for W in kernels))
'''},
        {"why": "only the first kernel", "expect": "every kernel in the list",
         "code": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    W = kernels[0]
    return float(l1 * np.abs(W).sum() + l2 * (W ** 2).sum())
'''},
        {"why": "the norm instead of the squared norm", "expect": "squared weights",
         "code": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    return float(sum(l1 * np.abs(W).sum() + l2 * np.linalg.norm(W) for W in kernels))
'''},
        {"why": "one penalty per kernel, as a list", "expect": "one number",
         "code": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    return [float(l1 * np.abs(W).sum() + l2 * (W ** 2).sum()) for W in kernels]
'''},
    ],
    "dropout_forward": [
        {"why": "no scaling of the survivors (003's training form)", "expect": "scales the survivors",
         "edit": [("mask = keep / (1.0 - rate)", "mask = keep * 1.0")]},
        {"why": "keeps with probability rate", "expect": "not < rate",
         "edit": [("keep = rng.random(A.shape) >= rate", "keep = rng.random(A.shape) < rate")]},
        {"why": "divides by rate", "expect": "not by rate",
         "edit": [("mask = keep / (1.0 - rate)", "mask = keep / rate")]},
        {"why": "scales at inference as well (mixes both forms)", "expect": "at inference inverted dropout changes nothing",
         "edit": [("return A, np.ones(A.shape)", "return A * (1 - rate), np.ones(A.shape)")]},
        {"why": "numpy's global generator", "expect": "from the rng passed in",
         "edit": [("keep = rng.random(A.shape) >= rate", "keep = np.random.random_sample(A.shape) >= rate")]},
        {"why": "the boolean keep-mask as the cache (the old contract)", "expect": "not the boolean keep-mask",
         "edit": [("return A * mask, mask", "return A * mask, keep")]},
        {"why": "returns only the output", "expect": "(out, cache)",
         "edit": [("return A * mask, mask", "return A * mask"), ("return A, np.ones(A.shape)", "return A")]},
        {"why": "a mask for 2-D arrays only", "expect": "A.shape",
         "edit": [("keep = rng.random(A.shape) >= rate", "keep = rng.random((A.shape[0], A.shape[1])) >= rate")]},
    ],
    "batchnorm_forward": [
        {"why": "unbiased variance (ddof=1)", "expect": "dividing by N, not N - 1",
         "edit": [("mu, var = X.mean(axis=0), X.var(axis=0)", "mu, var = X.mean(axis=0), X.var(axis=0, ddof=1)")]},
        {"why": "momentum weights the batch statistic", "expect": "momentum 0.99 keeps mostly the old value",
         "edit": [('state["moving_mean"] = momentum * state["moving_mean"] + (1 - momentum) * mu',
                   'state["moving_mean"] = (1 - momentum) * state["moving_mean"] + momentum * mu'),
                  ('state["moving_var"] = momentum * state["moving_var"] + (1 - momentum) * var',
                   'state["moving_var"] = (1 - momentum) * state["moving_var"] + momentum * var')]},
        {"why": "batch statistics at inference too", "expect": "at inference use the moving mean",
         "edit": [('mu, var = state["moving_mean"], state["moving_var"]', "mu, var = X.mean(axis=0), X.var(axis=0)")]},
        {"why": "epsilon outside the square root", "expect": "eps inside the square root",
         "edit": [("inv_std = 1.0 / np.sqrt(var + epsilon)", "inv_std = 1.0 / (np.sqrt(var) + epsilon)")]},
        {"why": "normalises each sample over its features (layer norm)", "expect": "each column over the samples",
         "code": '''def batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3):
    if training:
        state["moving_mean"] = momentum * state["moving_mean"] + (1 - momentum) * X.mean(axis=0)
        state["moving_var"] = momentum * state["moving_var"] + (1 - momentum) * X.var(axis=0)
    mu, var = X.mean(axis=1, keepdims=True), X.var(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + epsilon)
    X_hat = (X - mu) * inv_std
    return gamma * X_hat + beta, (X_hat, gamma, inv_std, training)
'''},
        {"why": "updates the moving statistics at inference", "expect": "inference must leave the moving statistics",
         "code": '''def batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3):
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0)
    else:
        mu, var = state["moving_mean"], state["moving_var"]
    state["moving_mean"] = momentum * state["moving_mean"] + (1 - momentum) * X.mean(axis=0)
    state["moving_var"] = momentum * state["moving_var"] + (1 - momentum) * X.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + epsilon)
    X_hat = (X - mu) * inv_std
    return gamma * X_hat + beta, (X_hat, gamma, inv_std, training)
'''},
        {"why": "the old contract: returns the moving statistics instead of a cache", "expect": "(out, cache)",
         "code": '''def batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3):
    moving_mean, moving_var = state["moving_mean"], state["moving_var"]
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0)
        moving_mean = momentum * moving_mean + (1 - momentum) * mu
        moving_var = momentum * moving_var + (1 - momentum) * var
    else:
        mu, var = moving_mean, moving_var
    return gamma * (X - mu) / np.sqrt(var + epsilon) + beta, moving_mean, moving_var
'''},
        {"why": "builds a new state dict instead of updating the one given", "expect": "update the dict you were given",
         "code": '''def batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3):
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0)
        state = {"moving_mean": momentum * state["moving_mean"] + (1 - momentum) * mu,
                 "moving_var": momentum * state["moving_var"] + (1 - momentum) * var}
    else:
        mu, var = state["moving_mean"], state["moving_var"]
    inv_std = 1.0 / np.sqrt(var + epsilon)
    X_hat = (X - mu) * inv_std
    return gamma * X_hat + beta, (X_hat, gamma, inv_std, training)
'''},
        {"why": "caches the standard deviation instead of its inverse", "expect": "inv_std = 1 / sqrt(var + eps)",
         "edit": [("return gamma * X_hat + beta, (X_hat, gamma, inv_std, training)",
                   "return gamma * X_hat + beta, (X_hat, gamma, np.sqrt(var + epsilon), training)")]},
    ],
    "build_regularized_model": [
        {"why": "returns the unregularised twin", "expect": "no regularisation",
         "code": _model('keras.layers.Dense(256, activation="relu")')},
        {"why": "shrinks the network instead of regularising it", "expect": "keep the twin's architecture",
         "code": _model(_L2.format("1e-3").replace("256", "32"))},
        {"why": "penalty far too strong", "expect": "too strong",
         "code": _model(_L2.format("0.3"))},
        {"why": "sigmoid output instead of softmax", "expect": "softmax in the output layer",
         "code": _model(_L2.format("1e-3"), out="sigmoid")},
        {"why": "adds an extra hidden layer", "expect": "keep the twin's architecture",
         "code": _model(_L2.format("1e-3"), times=3)},
        {"why": "forgets to return the model", "expect": "forget",
         "edit": [("    return keras.Sequential([", "    model = keras.Sequential([")]},
    ],
}

RIGHT = {
    "diagnose_curves": [
        {"why": "min and index of plain lists",
         "code": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    v_min = min(val_loss)
    i = list(val_loss).index(v_min)
    rising = val_loss[-1] > v_min * (1.0 + tol)
    still_learning = train_loss[-1] < train_loss[i]
    if rising and still_learning:
        return "overfitting"
    return "underfitting" if train_loss[-1] / train_loss[0] > high else "good fit"
'''},
        {"why": "a loop to find the best epoch",
         "code": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    best = 0
    for epoch in range(len(val_loss)):
        if val_loss[epoch] < val_loss[best]:
            best = epoch
    if val_loss[-1] > (1 + tol) * val_loss[best] and train_loss[-1] < train_loss[best]:
        return "overfitting"
    elif train_loss[-1] > high * train_loss[0]:
        return "underfitting"
    else:
        return "good fit"
'''},
        {"why": "without converting to arrays", "edit": [
            ("train, val = np.asarray(train_loss, dtype=float), np.asarray(val_loss, dtype=float)",
             "train, val = train_loss, val_loss")]},
    ],
    "l1_l2_penalty": [
        {"why": "one flat vector of all weights",
         "code": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    flat = np.concatenate([np.ravel(W) for W in kernels])
    return float(l1 * np.linalg.norm(flat, 1) + l2 * flat @ flat)
'''},
        {"why": "a loop accumulating a numpy scalar",
         "code": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    total = 0.0
    for W in kernels:
        total += l1 * np.abs(W).sum()
        total += l2 * np.square(W).sum()
    return total
'''},
        {"why": "the Frobenius norm squared, no float()",
         "edit": [("return float(sum(l1 * np.sum(np.abs(W)) + l2 * np.sum(W ** 2) for W in kernels))",
                   "return sum(l1 * np.abs(W).sum() + l2 * np.linalg.norm(W) ** 2 for W in kernels)")]},
    ],
    "dropout_forward": [
        {"why": "np.where, one path for both modes",
         "code": '''def dropout_forward(A, rate, rng, training=True):
    keep = rng.random(A.shape) >= rate if training else np.full(A.shape, True)
    scale = 1.0 / (1.0 - rate) if training else 1.0
    mask = np.where(keep, scale, 0.0)
    return A * mask, mask
'''},
        {"why": "astype(float) and a list as the pair",
         "edit": [("mask = keep / (1.0 - rate)", "mask = keep.astype(float) / (1 - rate)"),
                  ("return A * mask, mask", "return [A * mask, mask]")]},
        {"why": "a copy of A for inference, ones_like",
         "edit": [("return A, np.ones(A.shape)", "return A.copy(), np.ones_like(A, dtype=float)")]},
    ],
    "batchnorm_forward": [
        {"why": "the moving average written as a step towards the batch statistic",
         "code": '''def batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3):
    if training:
        mu = np.mean(X, axis=0)
        var = np.mean((X - mu) ** 2, axis=0)
        state["moving_mean"] = state["moving_mean"] + (1 - momentum) * (mu - state["moving_mean"])
        state["moving_var"] = state["moving_var"] + (1 - momentum) * (var - state["moving_var"])
    else:
        mu, var = state["moving_mean"], state["moving_var"]
    inv_std = (var + epsilon) ** -0.5
    X_hat = (X - mu) * inv_std
    return X_hat * gamma + beta, (X_hat, gamma, inv_std, training)
'''},
        {"why": "updates the moving arrays themselves in place",
         "edit": [('state["moving_mean"] = momentum * state["moving_mean"] + (1 - momentum) * mu',
                   'state["moving_mean"] *= momentum\n        state["moving_mean"] += (1 - momentum) * mu'),
                  ('state["moving_var"] = momentum * state["moving_var"] + (1 - momentum) * var',
                   'state["moving_var"] *= momentum\n        state["moving_var"] += (1 - momentum) * var')]},
        {"why": "dict.update and a list as the cache",
         "edit": [('state["moving_mean"] = momentum * state["moving_mean"] + (1 - momentum) * mu\n'
                   '        state["moving_var"] = momentum * state["moving_var"] + (1 - momentum) * var',
                   'state.update(moving_mean=momentum * state["moving_mean"] + (1 - momentum) * mu,\n'
                   '                     moving_var=momentum * state["moving_var"] + (1 - momentum) * var)'),
                  ("return gamma * X_hat + beta, (X_hat, gamma, inv_std, training)",
                   "return gamma * X_hat + beta, [X_hat, gamma, inv_std, training]")]},
    ],
    "build_regularized_model": [
        {"why": "functional API with L1 penalties",
         "code": '''def build_regularized_model():
    inputs = keras.Input(shape=(64,))
    h = keras.layers.Dense(256, activation="relu", kernel_regularizer=keras.regularizers.L1(1e-4))(inputs)
    h = keras.layers.Dense(256, activation="relu", kernel_regularizer=keras.regularizers.L1(1e-4))(h)
    outputs = keras.layers.Dense(10, activation="softmax")(h)
    return keras.Model(inputs, outputs)
'''},
        {"why": "dropout 0.5 after each hidden layer",
         "code": _model('keras.layers.Dense(256, activation="relu")\nkeras.layers.Dropout(0.5)')},
        {"why": "batch normalisation before the ReLU",
         "code": _model('keras.layers.Dense(256)\nkeras.layers.BatchNormalization()\nkeras.layers.Activation("relu")')},
    ],
}
