"""Wrong and right answers for the exercises of 05_backpropagation (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks.
"""

_TRAIN_HEAD = '''def train_mlp(X, y, sizes, epochs, batch_size, learning_rate, rng):
    params = init_params(sizes, rng)
    losses = []
'''

WRONG = {
    "sigmoid_backward": [
        {"why": "applies s(1 - s) to Z instead of sigmoid(Z)", "expect": "not to Z",
         "code": '''def sigmoid_backward(dout, Z):
    return dout * Z * (1 - Z)
'''},
        {"why": "forgets the upstream gradient", "expect": "upstream gradient dout",
         "edit": [("return dout * s * (1.0 - s)", "return s * (1.0 - s)")]},
        {"why": "multiplies by the sigmoid instead of its slope", "expect": "s (1 - s)",
         "edit": [("return dout * s * (1.0 - s)", "return dout * s")]},
        {"why": "adds the slope to dout instead of multiplying", "expect": "s (1 - s)",
         "edit": [("return dout * s * (1.0 - s)", "return dout + s * (1.0 - s)")]},
    ],
    "relu_backward": [
        {"why": "slope 1 at Z = 0 (Z >= 0)", "expect": "not Z >= 0",
         "edit": [("return dout * (Z > 0)", "return dout * (Z >= 0)")]},
        {"why": "returns the mask, forgets dout", "expect": "pass the upstream gradient",
         "edit": [("return dout * (Z > 0)", "return (Z > 0).astype(float)")]},
        {"why": "uses ReLU(Z) as the slope", "expect": "never ReLU(Z) itself",
         "edit": [("return dout * (Z > 0)", "return dout * np.maximum(Z, 0)")]},
        {"why": "masks by the sign of dout instead of Z", "expect": "whatever dout's sign",
         "edit": [("return dout * (Z > 0)", "return np.maximum(dout, 0) * (Z > 0)")]},
        {"why": "returns the boolean mask itself", "expect": "dtype",
         "edit": [("return dout * (Z > 0)", "return Z > 0")]},
    ],
    "dense_backward": [
        {"why": "transposed weight gradient", "expect": "transposed weight gradient",
         "edit": [("dW = X.T @ dout", "dW = dout.T @ X")]},
        {"why": "forgets the bias gradient", "expect": "not be forgotten",
         "edit": [("db = dout.sum(axis=0)", "db = np.zeros(W.shape[1])")]},
        {"why": "bias gradient as a mean", "expect": "not the mean",
         "edit": [("db = dout.sum(axis=0)", "db = dout.mean(axis=0)")]},
        {"why": "divides dW by N a second time", "expect": "do not divide again",
         "edit": [("dW = X.T @ dout", "dW = X.T @ dout / len(X)")]},
        {"why": "dX without transposing W", "expect": "dout @ W.T",
         "edit": [("dX = dout @ W.T", "dX = dout @ W")]},
        {"why": "sums the bias gradient over the units", "expect": "over the samples (axis=0)",
         "edit": [("db = dout.sum(axis=0)", "db = dout.sum(axis=1)")]},
        {"why": "keeps the old signature dense_backward(dZ, X, W)", "expect": "unpack the cache",
         "code": '''def dense_backward(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
'''},
    ],
    "softmax_cross_entropy": [
        {"why": "gradient Y - P (wrong sign)", "expect": "wrong sign",
         "code": '''def softmax_cross_entropy(logits, y):
    N = len(logits)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    Y = np.eye(logits.shape[1])[y]
    return float(-np.log(P[np.arange(N), y]).mean()), (Y - P) / N
'''},
        {"why": "forgets the 1/N of the gradient", "expect": "N times too large",
         "edit": [("return loss, dlogits / N", "return loss, dlogits")]},
        {"why": "no max shift: exp overflows", "expect": "subtract each row's maximum",
         "code": '''def softmax_cross_entropy(logits, y):
    N = len(logits)
    e = np.exp(logits)
    P = e / e.sum(axis=1, keepdims=True)
    return float(-np.log(P[np.arange(N), y]).mean()), (P - np.eye(logits.shape[1])[y]) / N
'''},
        {"why": "sums the loss over the batch", "expect": "mean, not sum",
         "edit": [("loss = float(-log_p[np.arange(N), y].mean())", "loss = float(-log_p[np.arange(N), y].sum())")]},
        {"why": "gradient with respect to the probabilities", "expect": "not to the probabilities",
         "code": '''def softmax_cross_entropy(logits, y):
    N = len(logits)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    Y = np.eye(logits.shape[1])[y]
    return float(-np.log(P[np.arange(N), y]).mean()), -Y / P / N
'''},
        {"why": "returns the loss per sample", "expect": "one number",
         "edit": [("loss = float(-log_p[np.arange(N), y].mean())", "loss = -log_p[np.arange(N), y]")]},
    ],
    "mlp_backward": [
        {"why": "skips ReLU's slope in the hidden layers", "expect": "through ReLU's slope",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dZ = softmax_cross_entropy(logits, y)
    grads = {}
    for l in range(len(caches), 0, -1):
        dense_cache, _ = caches[l - 1]
        dZ, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
    return loss, grads
'''},
        {"why": "numbers the layers from the output while walking backward", "expect": "numbered from the output",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dZ = softmax_cross_entropy(logits, y)
    grads = {}
    for l, (dense_cache, act_cache) in enumerate(reversed(caches), 1):
        if act_cache is not None:
            dZ = relu_backward(dA, act_cache[0])
        dA, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
    return loss, grads
'''},
        {"why": "reuses dlogits for every layer instead of propagating", "expect": "dX that dense_backward returned",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dlogits = softmax_cross_entropy(logits, y)
    grads = {}
    for l in range(len(caches), 0, -1):
        dense_cache, act_cache = caches[l - 1]
        dZ = dlogits if act_cache is None else relu_backward(dlogits, act_cache[0])
        _, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
    return loss, grads
'''},
        {"why": "applies ReLU's slope to the output layer as well", "expect": "output layer has no activation",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dA = softmax_cross_entropy(logits, y)
    grads = {}
    for l in range(len(caches), 0, -1):
        dense_cache, act_cache = caches[l - 1]
        Z = logits if act_cache is None else act_cache[0]
        dA, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(relu_backward(dA, Z), dense_cache)
    return loss, grads
'''},
        {"why": "returns a list of (dW, db) pairs (the old layout)", "expect": "should be a dict",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dZ = softmax_cross_entropy(logits, y)
    grads = [None] * len(caches)
    for l in reversed(range(len(caches))):
        dense_cache, act_cache = caches[l]
        if act_cache is not None:
            dZ = relu_backward(dA, act_cache[0])
        dA, dW, db = dense_backward(dZ, dense_cache)
        grads[l] = (dW, db)
    return loss, grads
'''},
    ],
    "train_mlp": [
        {"why": "gradient ascent (+ instead of -)", "expect": "against the gradient",
         "edit": [("p - learning_rate * grads[k]", "p + learning_rate * grads[k]")]},
        {"why": "one mini-batch per epoch (no inner loop)", "expect": "loop over all the batches",
         "code": _TRAIN_HEAD + '''    for _ in range(epochs):
        idx = rng.permutation(len(X))[:batch_size]
        loss, grads = mlp_backward(X[idx], y[idx], params)
        params = {k: p - learning_rate * grads[k] for k, p in params.items()}
        losses.append(loss)
    return params, losses
'''},
        {"why": "updates the weights but not the biases", "expect": "update the biases too",
         "edit": [("params = {k: p - learning_rate * grads[k] for k, p in params.items()}",
                   "params = {k: p - learning_rate * grads[k] if k.startswith('W') else p for k, p in params.items()}")]},
        {"why": "re-initialises the network every epoch", "expect": "keep the updated params",
         "code": '''def train_mlp(X, y, sizes, epochs, batch_size, learning_rate, rng):
    losses = []
    for _ in range(epochs):
        params = init_params(sizes, rng)
        order = rng.permutation(len(X))
        batch = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = mlp_backward(X[idx], y[idx], params)
            params = {k: p - learning_rate * grads[k] for k, p in params.items()}
            batch.append(loss)
        losses.append(float(np.mean(batch)))
    return params, losses
'''},
        {"why": "records one loss per batch instead of per epoch", "expect": "one mean loss per epoch",
         "code": _TRAIN_HEAD + '''    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = mlp_backward(X[idx], y[idx], params)
            params = {k: p - learning_rate * grads[k] for k, p in params.items()}
            losses.append(loss)
    return params, losses
'''},
        {"why": "shuffles with the global np.random", "expect": "with the rng you are given",
         "edit": [("order = rng.permutation(len(X))", "order = np.random.permutation(len(X))")]},
    ],
}

RIGHT = {
    "sigmoid_backward": [
        {"why": "a stable form of the slope, e^-|z| / (1 + e^-|z|)^2",
         "code": '''def sigmoid_backward(dout, Z):
    e = np.exp(-np.abs(Z))
    return dout * e / (1.0 + e) ** 2
'''},
        {"why": "the sigmoid written out with np.exp",
         "code": '''def sigmoid_backward(dout, Z):
    A = 1 / (1 + np.exp(-Z))
    return dout * A * (1 - A)
'''},
        {"why": "the sigmoid through tanh, s = (1 + tanh(z / 2)) / 2",
         "edit": [("s = act.sigmoid(Z)", "s = 0.5 * (1.0 + np.tanh(Z / 2.0))")]},
        {"why": "in place on a copy",
         "code": '''def sigmoid_backward(dout, Z):
    s = act.sigmoid(Z)
    dZ = np.array(dout, dtype=float)
    dZ *= s
    dZ *= 1 - s
    return dZ
'''},
    ],
    "relu_backward": [
        {"why": "a copy with the blocked entries zeroed",
         "code": '''def relu_backward(dout, Z):
    dZ = np.array(dout, dtype=float, copy=True)
    dZ[Z <= 0] = 0.0
    return dZ
'''},
        {"why": "np.where", "edit": [("return dout * (Z > 0)", "return np.where(Z > 0, dout, 0.0)")]},
        {"why": "np.heaviside with 0 at the kink", "edit": [("return dout * (Z > 0)", "return dout * np.heaviside(Z, 0.0)")]},
        {"why": "a float mask", "edit": [("return dout * (Z > 0)", "return (Z > 0).astype(float) * dout")]},
    ],
    "dense_backward": [
        {"why": "einsum, returned as a tuple in parentheses",
         "code": '''def dense_backward(dout, cache):
    X, W = cache
    dW = np.einsum("nd,nh->dh", X, dout)
    db = np.einsum("nh->h", dout)
    dX = np.einsum("nh,dh->nd", dout, W)
    return (dX, dW, db)
'''},
        {"why": "np.dot and np.sum, returned as a list",
         "code": '''def dense_backward(dout, cache):
    X, W = cache[0], cache[1]
    return [np.dot(dout, W.T), np.dot(X.T, dout), np.sum(dout, axis=0)]
'''},
        {"why": "a loop over the samples, adding one contribution each",
         "code": '''def dense_backward(dout, cache):
    X, W = cache
    dW, db = np.zeros_like(W), np.zeros(W.shape[1])
    for x_n, dout_n in zip(X, dout):
        dW += np.outer(x_n, dout_n)
        db += dout_n
    return dout @ W.T, dW, db
'''},
    ],
    "softmax_cross_entropy": [
        {"why": "log-sum-exp for the loss, normalised probabilities for the gradient",
         "code": '''def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    z = logits - np.max(logits, axis=-1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=-1, keepdims=True)
    onehot = np.zeros_like(p)
    onehot[np.arange(n), y] = 1
    loss = np.mean(np.log(np.exp(z).sum(axis=-1)) - z[np.arange(n), y])
    return float(loss), (p - onehot) / n
'''},
        {"why": "dlkit's softmax and take_along_axis, returned as a list",
         "code": '''def softmax_cross_entropy(logits, y):
    P = act.softmax(logits)
    p_true = np.take_along_axis(P, y[:, None], axis=1)[:, 0]
    Y = np.eye(P.shape[1])[y]
    return [-np.mean(np.log(p_true)), (P - Y) / len(y)]
'''},
        {"why": "a loop over the rows",
         "code": '''def softmax_cross_entropy(logits, y):
    N, C = logits.shape
    total, dlogits = 0.0, np.zeros((N, C))
    for n in range(N):
        z = logits[n] - logits[n].max()
        p = np.exp(z) / np.exp(z).sum()
        total += -np.log(p[y[n]])
        dlogits[n] = p
        dlogits[n, y[n]] -= 1
    return total / N, dlogits / N
'''},
    ],
    "mlp_backward": [
        {"why": "walks caches[::-1], a running upstream gradient",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, upstream = softmax_cross_entropy(logits, y)
    grads = {}
    L = len(caches)
    for i, (dense_cache, act_cache) in enumerate(caches[::-1]):
        l = L - i
        dZ = upstream if act_cache is None else relu_backward(upstream, act_cache[0])
        upstream, dW, db = dense_backward(dZ, dense_cache)
        grads["W" + str(l)] = dW
        grads["b" + str(l)] = db
    return loss, grads
'''},
        {"why": "pairs collected in a list, turned into a dict at the end",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dZ = softmax_cross_entropy(logits, y)
    pairs = []
    for dense_cache, act_cache in reversed(caches):
        if act_cache is not None:
            dZ = relu_backward(dA, act_cache[0])
        dA, dW, db = dense_backward(dZ, dense_cache)
        pairs.insert(0, (dW, db))
    grads = {}
    for l, (dW, db) in enumerate(pairs, 1):
        grads[f"W{l}"], grads[f"b{l}"] = dW, db
    return loss, grads
'''},
        {"why": "the number of layers from the params dict, a while loop",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, delta = softmax_cross_entropy(logits, y)
    grads = {}
    l = len(params) // 2
    while l >= 1:
        (A_prev, W), act_cache = caches[l - 1]
        if act_cache is not None:
            delta = relu_backward(delta, act_cache[0])
        delta, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(delta, (A_prev, W))
        l -= 1
    return float(loss), grads
'''},
    ],
    "train_mlp": [
        {"why": "np.array_split into ceil(N / batch_size) batches, in place, weighted mean loss",
         "code": '''def train_mlp(X, y, sizes, epochs, batch_size, learning_rate, rng):
    params = init_params(sizes, rng)
    history = []
    n_batches = int(np.ceil(len(X) / batch_size))
    for epoch in range(epochs):
        perm = rng.permutation(len(X))
        total = 0.0
        for k in np.array_split(perm, n_batches):
            loss, grads = mlp_backward(X[k], y[k], params)
            for name in params:
                params[name] -= learning_rate * grads[name]
            total += loss * len(k)
        history.append(total / len(X))
    return params, history
'''},
        {"why": "dlkit's SGD optimizer, losses as a numpy array",
         "code": '''from dlkit.nn.optim import SGD


def train_mlp(X, y, sizes, epochs, batch_size, learning_rate, rng):
    params = init_params(sizes, rng)
    opt = SGD(learning_rate)
    losses = np.zeros(epochs)
    for e in range(epochs):
        order = rng.permutation(len(X))
        batch_losses = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = mlp_backward(X[idx], y[idx], params)
            opt.step(params, grads)
            batch_losses.append(loss)
        losses[e] = np.mean(batch_losses)
    return params, losses
'''},
        {"why": "shuffled copies of X and y, returned as a list",
         "code": '''def train_mlp(X, y, sizes, epochs, batch_size, learning_rate, rng):
    params = init_params(sizes, rng)
    losses = []
    for _ in range(epochs):
        perm = rng.permutation(len(X))
        Xs, ys = X[perm], y[perm]
        epoch_losses = []
        for i in range(0, len(Xs), batch_size):
            loss, grads = mlp_backward(Xs[i:i + batch_size], ys[i:i + batch_size], params)
            for name, g in grads.items():
                params[name] = params[name] - learning_rate * g
            epoch_losses.append(loss)
        losses.append(sum(epoch_losses) / len(epoch_losses))
    return [params, losses]
'''},
    ],
}
