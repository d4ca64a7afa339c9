"""Wrong and right answers for the exercises of 03_forward_propagation_and_losses (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks. The answers after binary_crossentropy use
EPS, which its cell defines; the entries that replace that cell define it themselves (_EPS).
"""

_EPS = "EPS = 1e-7\n\n\n"

WRONG = {
    "dense_forward": [
        {"why": "forgets the bias", "expect": "forgetting the bias",
         "edit": [("Z = X @ W + b", "Z = X @ W")]},
        {"why": "transposes W (column-vector habit of 003 eq. 8)", "expect": "do not transpose W",
         "edit": [("Z = X @ W + b", "Z = X @ W.T + b")]},
        {"why": "W.T @ X.T: the transposed result", "expect": "computed the transpose",
         "edit": [("Z = X @ W + b", "Z = W.T @ X.T + b[:, None]")]},
        {"why": "element-wise product instead of matrix product", "expect": "matrix product",
         "edit": [("Z = X @ W + b", "Z = (X[:, :, None] * W[None, :, :]).max(axis=1) + b")]},
        {"why": "returns Z alone (the old contract, no cache)", "expect": "the cache (X, W)",
         "edit": [("return Z, (X, W)", "return Z")]},
        {"why": "puts b into the cache too", "expect": "the cache is the pair (X, W)",
         "edit": [("return Z, (X, W)", "return Z, (X, W, b)")]},
    ],
    "mlp_forward": [
        {"why": "skips the activation of the last layer", "expect": "including the last",
         "code": '''def mlp_forward(X, params, activations):
    A = X
    L = len(activations)
    for l, name in enumerate(activations, start=1):
        Z, _ = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A = Z if l == L else ACTIVATION_FUNCTIONS[name](Z)
    return A
'''},
        {"why": "feeds X to every layer instead of the previous output", "expect": "output of the previous layer",
         "edit": [("dense_forward(A, params", "dense_forward(X, params")]},
        {"why": "returns the list of all activations", "expect": "only the last",
         "code": '''def mlp_forward(X, params, activations):
    outs = [X]
    for l, name in enumerate(activations, start=1):
        Z, _ = dense_forward(outs[-1], params[f"W{l}"], params[f"b{l}"])
        outs.append(ACTIVATION_FUNCTIONS[name](Z))
    return outs[1:]
'''},
        {"why": "applies the activation before the dense step", "expect": "after its dense step",
         "code": '''def mlp_forward(X, params, activations):
    A = X
    for l, name in enumerate(activations, start=1):
        A, _ = dense_forward(ACTIVATION_FUNCTIONS[name](A), params[f"W{l}"], params[f"b{l}"])
    return A
'''},
        {"why": "counts the layers from 0 (params['W0'] does not exist)", "expect": "params['W' + str(l)]",
         "edit": [("enumerate(activations, start=1)", "enumerate(activations)")]},
        {"why": "passes dense_forward's whole (Z, cache) tuple to the activation", "expect": "first return value",
         "edit": [("        Z, _ = dense_forward(A, params[f\"W{l}\"], params[f\"b{l}\"])   # (N, H_prev) -> (N, H)\n"
                   "        A = ACTIVATION_FUNCTIONS[name](Z)",
                   "        A = ACTIVATION_FUNCTIONS[name](dense_forward(A, params[f\"W{l}\"], params[f\"b{l}\"]))")]},
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
    "dense_forward": [
        {"why": "einsum and an explicit broadcast",
         "code": '''def dense_forward(X, W, b):
    Z = np.einsum("nd,dh->nh", X, W) + b[np.newaxis, :]
    return Z, (X, W)
'''},
        {"why": "np.dot, returned as a list", "edit": [("Z = X @ W + b", "Z = np.dot(X, W) + b"),
                                                        ("return Z, (X, W)", "return [Z, (X, W)]")]},
        {"why": "a loop over the units, the cache as a list",
         "code": '''def dense_forward(X, W, b):
    Z = np.zeros((X.shape[0], W.shape[1]))
    for j in range(W.shape[1]):
        Z[:, j] = X @ W[:, j] + b[j]
    return Z, [X, W]
'''},
    ],
    "mlp_forward": [
        {"why": "a range over the layers, np.dot instead of dense_forward",
         "code": '''def mlp_forward(X, params, activations):
    out = np.asarray(X, dtype=float)
    for l in range(1, len(activations) + 1):
        out = ACTIVATION_FUNCTIONS[activations[l - 1]](np.dot(out, params["W" + str(l)]) + params["b" + str(l)])
    return out
'''},
        {"why": "dense_forward(...)[0]",
         "edit": [("        Z, _ = dense_forward(A, params[f\"W{l}\"], params[f\"b{l}\"])   # (N, H_prev) -> (N, H)\n"
                   "        A = ACTIVATION_FUNCTIONS[name](Z)",
                   "        A = ACTIVATION_FUNCTIONS[name](dense_forward(A, params[f\"W{l}\"], params[f\"b{l}\"])[0])")]},
        {"why": "the number of layers from the params dict",
         "code": '''def mlp_forward(X, params, activations):
    L = len(params) // 2
    A = X
    for l in range(1, L + 1):
        Z = dense_forward(A, params[f"W{l}"], params[f"b{l}"])[0]
        A = ACTIVATION_FUNCTIONS[activations[l - 1]](Z)
    return A
'''},
    ],
    "mse": [
        {"why": "a dot product over the flattened errors",
         "code": '''def mse(y_true, y_pred):
    d = np.ravel(y_true) - np.ravel(y_pred)
    return float(d @ d / d.size)
'''},
        {"why": "np.square, returning a numpy scalar",
         "code": '''def mse(y_true, y_pred):
    return np.mean(np.square(y_true - y_pred))
'''},
        {"why": "a loop over the flattened entries",
         "code": '''def mse(y_true, y_pred):
    total = 0.0
    for t, p in zip(np.ravel(y_true), np.ravel(y_pred)):
        total += (t - p) ** 2
    return total / np.size(y_true)
'''},
    ],
    "huber": [
        {"why": "the quadratic part capped at delta",
         "code": '''def huber(y_true, y_pred, delta=1.0):
    e = np.abs(np.asarray(y_pred, dtype=float) - y_true)
    small = np.minimum(e, delta)          # quadratic part, capped at delta
    return float(np.mean(0.5 * small ** 2 + delta * (e - small)))
'''},
        {"why": "boolean masks",
         "code": '''def huber(y_true, y_pred, delta=1.0):
    e = np.abs(y_true - y_pred)
    cost = np.empty_like(e)
    small = e <= delta
    cost[small] = 0.5 * e[small] ** 2
    cost[~small] = delta * (e[~small] - 0.5 * delta)
    return cost.mean()
'''},
        {"why": "a loop over the entries",
         "code": '''def huber(y_true, y_pred, delta=1.0):
    costs = []
    for t, p in zip(np.ravel(y_true), np.ravel(y_pred)):
        e = abs(p - t)
        costs.append(0.5 * e * e if e <= delta else delta * (e - delta / 2))
    return float(np.mean(costs))
'''},
    ],
    "binary_crossentropy": [
        {"why": "logaddexp for the logits, np.where for the probabilities",
         "code": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    y = np.asarray(y_true, dtype=float)
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        # -[y log s(z) + (1-y) log(1-s(z))] = (1 - y) z + log(1 + e^-z), written stably with logaddexp
        return float(np.mean((1 - y) * z + np.logaddexp(0.0, -z)))
    p = np.minimum(np.maximum(z, EPS), 1 - EPS)
    return float(-np.mean(np.where(y == 1, np.log(p), 0) + np.where(y == 0, np.log(1 - p), 0)
                          + np.where((y != 0) & (y != 1), y * np.log(p) + (1 - y) * np.log(1 - p), 0)))
'''},
        {"why": "softplus(z) - z y with logaddexp, a numpy scalar returned",
         "code": _EPS + '''def binary_crossentropy(y_true, y_pred, from_logits=False):
    if from_logits:
        return np.mean(np.logaddexp(0.0, y_pred) - y_true * y_pred)
    p = np.clip(y_pred, EPS, 1 - EPS)
    return -np.mean(y_true * np.log(p) + (1 - y_true) * np.log1p(-p))
'''},
        {"why": "the logit formula with np.abs written out",
         "edit": [("per_entry = np.maximum(p, 0.0) - p * y + np.log1p(np.exp(-np.abs(p)))",
                   "per_entry = np.where(p > 0, p, 0.0) - p * y + np.log(1.0 + np.exp(-np.abs(p)))")]},
    ],
    "categorical_crossentropy": [
        {"why": "axis=1 and a sum divided by N",
         "code": _EPS + '''def categorical_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        m = z.max(axis=1, keepdims=True)
        logp = z - (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))
    else:
        logp = np.log(np.clip(z, EPS, 1 - EPS))
    per_sample = -(y_true * logp).sum(axis=1)
    return float(per_sample.sum() / len(per_sample))
'''},
        {"why": "scipy's logsumexp",
         "code": _EPS + '''from scipy.special import logsumexp


def categorical_crossentropy(y_true, y_pred, from_logits=False):
    if from_logits:
        logp = y_pred - logsumexp(y_pred, axis=-1, keepdims=True)
    else:
        logp = np.log(np.clip(y_pred, EPS, 1 - EPS))
    return float(np.mean(-np.sum(y_true * logp, axis=-1)))
'''},
        {"why": "the true class picked with argmax (one-hot targets)",
         "code": _EPS + '''def categorical_crossentropy(y_true, y_pred, from_logits=False):
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        s = z - z.max(axis=-1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    else:
        logp = np.log(np.clip(z, EPS, 1 - EPS))
    rows = np.arange(len(z))
    return float(-np.mean(logp[rows, np.argmax(y_true, axis=-1)]))
'''},
    ],
    "sparse_categorical_crossentropy": [
        {"why": "through a one-hot matrix",
         "code": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    onehot = np.eye(np.shape(y_pred)[1])[np.asarray(y_true)]
    p = np.clip(y_pred, EPS, 1 - EPS)
    return float(-np.mean(np.log(np.sum(onehot * p, axis=1))))
'''},
        {"why": "np.take_along_axis",
         "code": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    p = np.clip(y_pred, EPS, 1 - EPS)
    picked = np.take_along_axis(p, np.asarray(y_true)[:, None], axis=1)
    return -np.log(picked).mean()
'''},
        {"why": "a loop over the examples",
         "code": _EPS + '''def sparse_categorical_crossentropy(y_true, y_pred):
    losses = []
    for row, label in zip(y_pred, y_true):
        losses.append(-np.log(min(max(row[label], EPS), 1 - EPS)))
    return float(np.mean(losses))
'''},
    ],
    "kl_divergence": [
        {"why": "log differences, summed and divided by N",
         "code": _EPS + '''def kl_divergence(y_true, y_pred):
    y, p = np.clip(y_true, EPS, 1), np.clip(y_pred, EPS, 1)
    return float(np.sum(y * (np.log(y) - np.log(p))) / len(y))
'''},
        {"why": "scipy's rel_entr on the clipped distributions",
         "code": _EPS + '''from scipy.special import rel_entr


def kl_divergence(y_true, y_pred):
    return float(np.mean(rel_entr(np.clip(y_true, EPS, 1), np.clip(y_pred, EPS, 1)).sum(axis=-1)))
'''},
        {"why": "cross-entropy minus entropy",
         "code": _EPS + '''def kl_divergence(y_true, y_pred):
    y, p = np.clip(y_true, EPS, 1), np.clip(y_pred, EPS, 1)
    cross = -np.sum(y * np.log(p), axis=-1)
    entropy = -np.sum(y * np.log(y), axis=-1)
    return float(np.mean(cross - entropy))
'''},
    ],
}
