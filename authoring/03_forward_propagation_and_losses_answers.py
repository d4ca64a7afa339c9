"""Plausible wrong answers (and one differently written right answer) for the exercises of
03_forward_propagation_and_losses.

Each WRONG entry replaces the solution cell named by its key; the exercise's test cell must then fail
with a message containing `expect` (case-insensitive). Each RIGHT entry must pass every test.
"""

_EPS = "EPS = 1e-7\n\n\n"

WRONG = {
    "dense": [
        {"why": "forgets the bias", "expect": "forgetting the bias",
         "code": '''def dense(X, W, b):
    return X @ W
'''},
        {"why": "transposes W (column-vector habit of 003 eq. 8)", "expect": "do not transpose W",
         "code": '''def dense(X, W, b):
    return X @ W.T + b
'''},
        {"why": "W.T @ X.T: the transposed result", "expect": "computed the transpose",
         "code": '''def dense(X, W, b):
    return W.T @ X.T + b[:, None]
'''},
        {"why": "element-wise product instead of matrix product", "expect": "matrix product",
         "code": '''def dense(X, W, b):
    return (X[:, :, None] * W[None, :, :]).max(axis=1) + b
'''},
    ],
    "mlp_forward": [
        {"why": "skips the activation of the last layer", "expect": "including the last",
         "code": '''def mlp_forward(X, params, activations):
    A = X
    for i, ((W, b), name) in enumerate(zip(params, activations)):
        Z = dense(A, W, b)
        A = Z if i == len(params) - 1 else ACTIVATION_FUNCTIONS[name](Z)
    return A
'''},
        {"why": "feeds X to every layer instead of the previous output", "expect": "output of the previous layer",
         "code": '''def mlp_forward(X, params, activations):
    A = X
    for (W, b), name in zip(params, activations):
        A = ACTIVATION_FUNCTIONS[name](dense(X, W, b))
    return A
'''},
        {"why": "returns the list of all activations", "expect": "only the last",
         "code": '''def mlp_forward(X, params, activations):
    outs = [X]
    for (W, b), name in zip(params, activations):
        outs.append(ACTIVATION_FUNCTIONS[name](dense(outs[-1], W, b)))
    return outs[1:]
'''},
        {"why": "applies the activation before the dense step", "expect": "after its dense step",
         "code": '''def mlp_forward(X, params, activations):
    A = X
    for (W, b), name in zip(params, activations):
        A = dense(ACTIVATION_FUNCTIONS[name](A), W, b)
    return A
'''},
    ],
    "mse": [
        {"why": "sum instead of mean (forgets 1/n)", "expect": "1/n",
         "code": '''def mse(y_true, y_pred):
    return float(np.sum((y_true - y_pred) ** 2))
'''},
        {"why": "absolute error instead of squared", "expect": "not abs",
         "code": '''def mse(y_true, y_pred):
    return float(np.mean(np.abs(y_true - y_pred)))
'''},
        {"why": "root of the mean (RMSE)", "expect": "not a root",
         "code": '''def mse(y_true, y_pred):
    return float(np.sqrt(np.mean((y_true - y_pred) ** 2)))
'''},
        {"why": "per-sample array instead of one number", "expect": "one number",
         "code": '''def mse(y_true, y_pred):
    return (y_true - y_pred) ** 2
'''},
        {"why": "mean of the errors, squared afterwards", "expect": "square each error",
         "code": '''def mse(y_true, y_pred):
    return float(np.mean(y_true - y_pred) ** 2)
'''},
    ],
    "huber": [
        {"why": "forgets the 1/2 of the quadratic piece", "expect": "half its square",
         "code": '''def huber(y_true, y_pred, delta=1.0):
    e = np.abs(y_pred - y_true)
    return float(np.mean(np.where(e <= delta, e ** 2, delta * (e - 0.5 * delta))))
'''},
        {"why": "linear piece without - delta/2", "expect": "- delta / 2",
         "code": '''def huber(y_true, y_pred, delta=1.0):
    e = np.abs(y_pred - y_true)
    return float(np.mean(np.where(e <= delta, 0.5 * e ** 2, delta * e)))
'''},
        {"why": "signed error in the linear piece", "expect": "use |e|",
         "code": '''def huber(y_true, y_pred, delta=1.0):
    e = y_pred - y_true
    return float(np.mean(np.where(np.abs(e) <= delta, 0.5 * e ** 2, delta * (e - 0.5 * delta))))
'''},
        {"why": "hard-coded delta = 1", "expect": "delta argument",
         "code": '''def huber(y_true, y_pred, delta=1.0):
    e = np.abs(y_pred - y_true)
    return float(np.mean(np.where(e <= 1.0, 0.5 * e ** 2, e - 0.5)))
'''},
        {"why": "sums instead of averaging", "expect": "mean",
         "code": '''def huber(y_true, y_pred, delta=1.0):
    e = np.abs(y_pred - y_true)
    return float(np.sum(np.where(e <= delta, 0.5 * e ** 2, delta * (e - 0.5 * delta))))
'''},
    ],
    "binary_crossentropy": [
        {"why": "no clipping: log(0)", "expect": "log(0)",
         "code": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    p = 1 / (1 + np.exp(-y_pred)) if from_logits else y_pred
    return float(np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))))
'''},
        {"why": "missing minus sign", "expect": "minus sign",
         "code": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
'''},
        {"why": "forgets the (1 - y) log(1 - p) term", "expect": "(1 - y)",
         "code": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(np.mean(-y_true * np.log(p)))
'''},
        {"why": "from logits through sigmoid then clipped log", "expect": "do not turn z into a probability",
         "code": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        e = np.exp(-np.abs(z))
        z = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    p = np.clip(z, EPS, 1 - EPS)
    return float(np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))))
'''},
        {"why": "naive log(1 + exp(z)) overflows", "expect": "overflow",
         "code": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    if from_logits:
        return float(np.mean(np.log(1 + np.exp(y_pred)) - y_true * y_pred))
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))))
'''},
        {"why": "sums over the batch (forgets the mean)", "expect": "then the mean",
         "code": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        return float(np.sum(np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))))
    p = np.clip(z, EPS, 1 - EPS)
    return float(np.sum(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))))
'''},
    ],
    "categorical_crossentropy": [
        {"why": "np.mean over all N*C entries", "expect": "divides by C",
         "code": _EPS + '''def categorical_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        s = z - z.max(axis=-1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    else:
        logp = np.log(np.clip(z, EPS, 1 - EPS))
    return float(np.mean(-y_true * logp))
'''},
        {"why": "sum over everything (forgets 1/N)", "expect": "1/N",
         "code": _EPS + '''def categorical_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        s = z - z.max(axis=-1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    else:
        logp = np.log(np.clip(z, EPS, 1 - EPS))
    return float(np.sum(-y_true * logp))
'''},
        {"why": "sums over axis 0 (the samples) then averages", "expect": "axis=-1",
         "code": _EPS + '''def categorical_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        s = z - z.max(axis=-1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    else:
        logp = np.log(np.clip(z, EPS, 1 - EPS))
    return float(np.mean(-np.sum(y_true * logp, axis=0)))
'''},
        {"why": "no clipping: 0 * log(0) = nan", "expect": "clip",
         "code": _EPS + '''def categorical_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        s = z - z.max(axis=-1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    else:
        logp = np.log(z)
    return float(np.mean(-np.sum(y_true * logp, axis=-1)))
'''},
        {"why": "log(softmax(z)) from logits: softmax underflows to 0", "expect": "log-softmax",
         "code": _EPS + '''def categorical_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        z = e / e.sum(axis=-1, keepdims=True)
    logp = np.log(z) if from_logits else np.log(np.clip(z, EPS, 1 - EPS))
    return float(np.mean(-np.sum(y_true * logp, axis=-1)))
'''},
    ],
    "sparse_categorical_crossentropy": [
        {"why": "P[labels] picks whole rows", "expect": "np.arange",
         "code": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(np.mean(-np.log(p[y_true])))
'''},
        {"why": "P[:, labels] picks an (N, N) block", "expect": "(N, N) block",
         "code": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(np.mean(-np.log(p[:, y_true])))
'''},
        {"why": "no clipping", "expect": "clip",
         "code": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    return float(np.mean(-np.log(y_pred[np.arange(len(y_true)), y_true])))
'''},
        {"why": "labels taken as 1-based", "expect": "labels count from 0",
         "code": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(np.mean(-np.log(p[np.arange(len(y_true)), (y_true - 1) % p.shape[1]])))
'''},
        {"why": "returns the per-sample losses", "expect": "one number",
         "code": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    p = np.clip(y_pred, EPS, 1 - EPS)
    return -np.log(p[np.arange(len(y_true)), y_true])
'''},
    ],
    "kl_divergence": [
        {"why": "reversed direction KL(p || y)", "expect": "direction",
         "code": _EPS + '''def kl_divergence(y_true, y_pred):
    y, p = np.clip(y_true, EPS, 1), np.clip(y_pred, EPS, 1)
    return float(np.mean(np.sum(p * np.log(p / y), axis=-1)))
'''},
        {"why": "no clipping: log(0) for a zero in y_true", "expect": "clip",
         "code": _EPS + '''def kl_divergence(y_true, y_pred):
    return float(np.mean(np.sum(y_true * np.log(y_true / y_pred), axis=-1)))
'''},
        {"why": "mean over classes instead of sum", "expect": "not the mean over classes",
         "code": _EPS + '''def kl_divergence(y_true, y_pred):
    y, p = np.clip(y_true, EPS, 1), np.clip(y_pred, EPS, 1)
    return float(np.mean(y * np.log(y / p)))
'''},
        {"why": "log(p / y): the sign flipped", "expect": "log(p / y)",
         "code": _EPS + '''def kl_divergence(y_true, y_pred):
    y, p = np.clip(y_true, EPS, 1), np.clip(y_pred, EPS, 1)
    return float(np.mean(np.sum(y * np.log(p / y), axis=-1)))
'''},
    ],
}

RIGHT = {
    "dense": '''def dense(X, W, b):
    return np.einsum("nd,dh->nh", X, W) + b[np.newaxis, :]
''',
    "mlp_forward": '''def mlp_forward(X, params, activations):
    out = np.asarray(X, dtype=float)
    for layer, (W, b) in enumerate(params):
        out = ACTIVATION_FUNCTIONS[activations[layer]](np.dot(out, W) + b)
    return out
''',
    "mse": '''def mse(y_true, y_pred):
    d = np.ravel(y_true) - np.ravel(y_pred)
    return float(d @ d / d.size)
''',
    "huber": '''def huber(y_true, y_pred, delta=1.0):
    e = np.abs(np.asarray(y_pred, dtype=float) - y_true)
    small = np.minimum(e, delta)          # quadratic part, capped at delta
    return float(np.mean(0.5 * small ** 2 + delta * (e - small)))
''',
    "binary_crossentropy": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    y = np.asarray(y_true, dtype=float)
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        # -[y log s(z) + (1-y) log(1-s(z))] = (1 - y) z + log(1 + e^-z), written stably with logaddexp
        return float(np.mean((1 - y) * z + np.logaddexp(0.0, -z)))
    p = np.minimum(np.maximum(z, EPS), 1 - EPS)
    return float(-np.mean(np.where(y == 1, np.log(p), 0) + np.where(y == 0, np.log(1 - p), 0)
                          + np.where((y != 0) & (y != 1), y * np.log(p) + (1 - y) * np.log(1 - p), 0)))
''',
    "categorical_crossentropy": _EPS + '''def categorical_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        m = z.max(axis=1, keepdims=True)
        logp = z - (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))
    else:
        logp = np.log(np.clip(z, EPS, 1 - EPS))
    per_sample = -(y_true * logp).sum(axis=1)
    return float(per_sample.sum() / len(per_sample))
''',
    "sparse_categorical_crossentropy": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    onehot = np.eye(np.shape(y_pred)[1])[np.asarray(y_true)]
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(-np.mean(np.log(np.sum(onehot * p, axis=1))))
''',
    "kl_divergence": _EPS + '''def kl_divergence(y_true, y_pred):
    y, p = np.clip(y_true, EPS, 1), np.clip(y_pred, EPS, 1)
    return float(np.sum(y * (np.log(y) - np.log(p))) / len(y))
''',
}
