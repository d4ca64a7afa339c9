"""Plausible wrong answers (and one differently written right answer) for the exercises of
05_backpropagation.

Each WRONG entry replaces the solution cell named by its key; the exercise's test cell must then fail
with a message containing `expect` (case-insensitive). Each RIGHT entry must pass every test.
"""

_TRAIN_HEAD = '''def train_mlp(X, y, sizes, epochs=20, batch_size=32, lr=0.1, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    params = mlp.init_params(sizes, rng)
    losses = []
'''

WRONG = {
    "sigmoid_backward": [
        {"why": "applies s(1 - s) to Z instead of sigmoid(Z)", "expect": "not to Z",
         "code": '''def sigmoid_backward(dA, Z):
    return dA * Z * (1 - Z)
'''},
        {"why": "forgets the upstream gradient", "expect": "upstream gradient dA",
         "code": '''def sigmoid_backward(dA, Z):
    s = act.sigmoid(Z)
    return s * (1 - s)
'''},
        {"why": "multiplies by the sigmoid instead of its slope", "expect": "s (1 - s)",
         "code": '''def sigmoid_backward(dA, Z):
    return dA * act.sigmoid(Z)
'''},
        {"why": "adds the slope to dA instead of multiplying", "expect": "s (1 - s)",
         "code": '''def sigmoid_backward(dA, Z):
    s = act.sigmoid(Z)
    return dA + s * (1 - s)
'''},
    ],
    "relu_backward": [
        {"why": "slope 1 at Z = 0 (Z >= 0)", "expect": "not Z >= 0",
         "code": '''def relu_backward(dA, Z):
    return dA * (Z >= 0)
'''},
        {"why": "returns the mask, forgets dA", "expect": "pass the upstream gradient",
         "code": '''def relu_backward(dA, Z):
    return (Z > 0).astype(float)
'''},
        {"why": "uses ReLU(Z) as the slope", "expect": "never ReLU(Z) itself",
         "code": '''def relu_backward(dA, Z):
    return dA * np.maximum(Z, 0)
'''},
        {"why": "masks by the sign of dA instead of Z", "expect": "whatever dA's sign",
         "code": '''def relu_backward(dA, Z):
    return np.maximum(dA, 0) * (Z > 0)
'''},
    ],
    "dense_backward": [
        {"why": "transposed weight gradient", "expect": "transposed weight gradient",
         "code": '''def dense_backward(dZ, X, W):
    return dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)
'''},
        {"why": "forgets the bias gradient", "expect": "not forgotten",
         "code": '''def dense_backward(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, np.zeros(W.shape[1])
'''},
        {"why": "bias gradient as a mean", "expect": "not the mean",
         "code": '''def dense_backward(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)
'''},
        {"why": "divides dW by N a second time", "expect": "do not divide again",
         "code": '''def dense_backward(dZ, X, W):
    return dZ @ W.T, X.T @ dZ / len(X), dZ.sum(axis=0)
'''},
        {"why": "dX without transposing W", "expect": "dZ @ W.T",
         "code": '''def dense_backward(dZ, X, W):
    return dZ @ W, X.T @ dZ, dZ.sum(axis=0)
'''},
        {"why": "sums the bias gradient over the units", "expect": "over the samples (axis=0)",
         "code": '''def dense_backward(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=1)
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
         "code": '''def softmax_cross_entropy(logits, y):
    N = len(logits)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    return float(-np.log(P[np.arange(N), y]).mean()), P - np.eye(logits.shape[1])[y]
'''},
        {"why": "no max shift: exp overflows", "expect": "subtract each row's maximum",
         "code": '''def softmax_cross_entropy(logits, y):
    N = len(logits)
    e = np.exp(logits)
    P = e / e.sum(axis=1, keepdims=True)
    return float(-np.log(P[np.arange(N), y]).mean()), (P - np.eye(logits.shape[1])[y]) / N
'''},
        {"why": "sums the loss over the batch", "expect": "mean, not sum",
         "code": '''def softmax_cross_entropy(logits, y):
    N = len(logits)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    return float(-np.log(P[np.arange(N), y]).sum()), (P - np.eye(logits.shape[1])[y]) / N
'''},
        {"why": "gradient with respect to the probabilities", "expect": "not to the probabilities",
         "code": '''def softmax_cross_entropy(logits, y):
    N = len(logits)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    Y = np.eye(logits.shape[1])[y]
    return float(-np.log(P[np.arange(N), y]).mean()), -Y / P / N
'''},
    ],
    "mlp_backward": [
        {"why": "skips ReLU's slope in the hidden layers", "expect": "through ReLU's slope",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dZ = softmax_cross_entropy(logits, y)
    grads = [None] * len(params)
    for l in reversed(range(len(params))):
        (A_prev, W), _ = caches[l]
        dZ, dW, db = dense_backward(dZ, A_prev, W)
        grads[l] = (dW, db)
    return loss, grads
'''},
        {"why": "appends gradients while walking backward (reversed order)", "expect": "appended while walking backward",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dZ = softmax_cross_entropy(logits, y)
    grads = []
    for (A_prev, W), act_cache in reversed(caches):
        if act_cache is not None:
            dZ = relu_backward(dA, act_cache[0])
        dA, dW, db = dense_backward(dZ, A_prev, W)
        grads.append((dW, db))
    return loss, grads
'''},
        {"why": "reuses dlogits for every layer instead of propagating", "expect": "dX that dense_backward returned",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dlogits = softmax_cross_entropy(logits, y)
    grads = [None] * len(params)
    for l in reversed(range(len(params))):
        (A_prev, W), act_cache = caches[l]
        dZ = dlogits if act_cache is None else relu_backward(dlogits, act_cache[0])
        _, dW, db = dense_backward(dZ, A_prev, W)
        grads[l] = (dW, db)
    return loss, grads
'''},
        {"why": "applies ReLU's slope to the output layer as well", "expect": "output layer has no activation",
         "code": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, dA = softmax_cross_entropy(logits, y)
    grads = [None] * len(params)
    for l in reversed(range(len(params))):
        (A_prev, W), act_cache = caches[l]
        Z = logits if act_cache is None else act_cache[0]
        dA, dW, db = dense_backward(relu_backward(dA, Z), A_prev, W)
        grads[l] = (dW, db)
    return loss, grads
'''},
    ],
    "train_mlp": [
        {"why": "gradient ascent (+ instead of -)", "expect": "against the gradient",
         "code": _TRAIN_HEAD + '''    for _ in range(epochs):
        order = rng.permutation(len(X))
        batch = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = mlp_backward(X[idx], y[idx], params)
            params = [(W + lr * dW, b + lr * db) for (W, b), (dW, db) in zip(params, grads)]
            batch.append(loss)
        losses.append(float(np.mean(batch)))
    return params, losses
'''},
        {"why": "one mini-batch per epoch (no inner loop)", "expect": "loop over all the batches",
         "code": _TRAIN_HEAD + '''    for _ in range(epochs):
        idx = rng.permutation(len(X))[:batch_size]
        loss, grads = mlp_backward(X[idx], y[idx], params)
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
        losses.append(loss)
    return params, losses
'''},
        {"why": "updates the weights but not the biases", "expect": "update the biases too",
         "code": _TRAIN_HEAD + '''    for _ in range(epochs):
        order = rng.permutation(len(X))
        batch = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = mlp_backward(X[idx], y[idx], params)
            params = [(W - lr * dW, b) for (W, b), (dW, db) in zip(params, grads)]
            batch.append(loss)
        losses.append(float(np.mean(batch)))
    return params, losses
'''},
        {"why": "re-initialises the network every epoch", "expect": "keep the updated params",
         "code": '''def train_mlp(X, y, sizes, epochs=20, batch_size=32, lr=0.1, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    losses = []
    for _ in range(epochs):
        params = mlp.init_params(sizes, rng)
        order = rng.permutation(len(X))
        batch = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = mlp_backward(X[idx], y[idx], params)
            params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
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
            params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
            losses.append(loss)
    return params, losses
'''},
    ],
}

RIGHT = {
    "sigmoid_backward": '''def sigmoid_backward(dA, Z):
    e = np.exp(-np.abs(Z))                       # stable: sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2
    return dA * e / (1.0 + e) ** 2
''',
    "relu_backward": '''def relu_backward(dA, Z):
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[Z <= 0] = 0.0
    return dZ
''',
    "dense_backward": '''def dense_backward(dZ, X, W):
    dW = np.einsum("nd,nh->dh", X, dZ)
    db = np.einsum("nh->h", dZ)
    dX = np.einsum("nh,dh->nd", dZ, W)
    return (dX, dW, db)
''',
    "softmax_cross_entropy": '''def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    z = logits - np.max(logits, axis=-1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=-1, keepdims=True)
    onehot = np.zeros_like(p)
    onehot[np.arange(n), y] = 1
    loss = np.mean(np.log(np.exp(z).sum(axis=-1)) - z[np.arange(n), y])
    return float(loss), (p - onehot) / n
''',
    "mlp_backward": '''def mlp_backward(X, y, params):
    logits, caches = mlp.forward(X, params, "relu")
    loss, upstream = softmax_cross_entropy(logits, y)
    grads = []
    for (A_prev, W), act_cache in caches[::-1]:
        dZ = upstream if act_cache is None else relu_backward(upstream, act_cache[0])
        upstream, dW, db = dense_backward(dZ, A_prev, W)
        grads.insert(0, (dW, db))
    return loss, grads
''',
    "train_mlp": '''def train_mlp(X, y, sizes, epochs=20, batch_size=32, lr=0.1, rng=None):
    if rng is None:
        rng = np.random.default_rng(0)
    params = [[W.copy(), b.copy()] for W, b in mlp.init_params(sizes, rng)]
    history = []
    n_batches = int(np.ceil(len(X) / batch_size))
    for epoch in range(epochs):
        perm = rng.permutation(len(X))
        total = 0.0
        for k in np.array_split(perm, n_batches):
            loss, grads = mlp_backward(X[k], y[k], params)
            for layer, (dW, db) in zip(params, grads):
                layer[0] -= lr * dW
                layer[1] -= lr * db
            total += loss * len(k)
        history.append(total / len(X))
    return [tuple(layer) for layer in params], history
''',
}
