"""Plausible wrong answers (and one differently written right answer) for the exercises of
04_gradient_descent.

Each WRONG entry replaces the solution cell named by its key; the exercise's test cell must then fail
with a message containing `expect` (case-insensitive). Each RIGHT entry must pass every test.
"""

WRONG = {
    "cost": [
        {"why": "forgets x: error z - w instead of z - w x", "expect": "multiply by x_i",
         "code": '''def cost(w, x, z):
    return float(np.sum((z - w) ** 2) / (2 * len(x)))
'''},
        {"why": "a sum without the 1/n", "expect": "missing 1/n",
         "code": '''def cost(w, x, z):
    return float(np.sum((z - w * x) ** 2) / 2)
'''},
        {"why": "1/n instead of 1/(2n) (plain MSE)", "expect": "1/n instead of 1/(2n)",
         "code": '''def cost(w, x, z):
    return float(np.mean((z - w * x) ** 2))
'''},
        {"why": "absolute errors instead of squares", "expect": "square each error",
         "code": '''def cost(w, x, z):
    return float(np.sum(np.abs(z - w * x)) / (2 * len(x)))
'''},
        {"why": "squares the mean error instead of averaging the squares", "expect": "squaring the mean",
         "code": '''def cost(w, x, z):
    return float(np.mean(z - w * x) ** 2 / 2)
'''},
        {"why": "returns one cost per sample", "expect": "one number",
         "code": '''def cost(w, x, z):
    return (z - w * x) ** 2 / (2 * len(x))
'''},
    ],
    "gradient": [
        {"why": "drops the minus sign", "expect": "check the sign",
         "code": '''def gradient(w, x, z):
    return float(np.mean(x * (z - w * x)))
'''},
        {"why": "a sum without the 1/n", "expect": "missing 1/n",
         "code": '''def gradient(w, x, z):
    return float(-np.sum(x * (z - w * x)))
'''},
        {"why": "keeps the 2 of the square (derivative of the MSE, not of J)", "expect": "no factor 2",
         "code": '''def gradient(w, x, z):
    return float(-2 * np.mean(x * (z - w * x)))
'''},
        {"why": "divides by 2n as in the cost", "expect": "cancels the 2",
         "code": '''def gradient(w, x, z):
    return float(-np.sum(x * (z - w * x)) / (2 * len(x)))
'''},
        {"why": "forgets the inner derivative x_i (chain rule)", "expect": "multiplied by its own x_i",
         "code": '''def gradient(w, x, z):
    return float(-np.mean(z - w * x))
'''},
        {"why": "returns one slope per sample", "expect": "one number",
         "code": '''def gradient(w, x, z):
    return -x * (z - w * x) / len(x)
'''},
    ],
    "gradient_descent": [
        {"why": "adds the gradient: gradient ascent", "expect": "the update ascends",
         "code": '''def gradient_descent(w0, x, z, lr, steps):
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] + lr * gradient(ws[-1], x, z))
    ws = np.array(ws)
    return ws, np.array([cost(w, x, z) for w in ws])
'''},
        {"why": "records only the updated weights, w0 missing", "expect": "w0 is missing",
         "code": '''def gradient_descent(w0, x, z, lr, steps):
    w, ws = w0, []
    for _ in range(steps):
        w = w - lr * gradient(w, x, z)
        ws.append(w)
    ws = np.array(ws)
    return ws, np.array([cost(v, x, z) for v in ws])
'''},
        {"why": "off by one: steps + 1 updates", "expect": "one update too many",
         "code": '''def gradient_descent(w0, x, z, lr, steps):
    ws = [w0]
    for _ in range(steps + 1):
        ws.append(ws[-1] - lr * gradient(ws[-1], x, z))
    ws = np.array(ws)
    return ws, np.array([cost(w, x, z) for w in ws])
'''},
        {"why": "records the cost before each update only: the final cost is missing",
         "expect": "the cost of the final w last",
         "code": '''def gradient_descent(w0, x, z, lr, steps):
    w, ws, Js = w0, [w0], []
    for _ in range(steps):
        Js.append(cost(w, x, z))
        w = w - lr * gradient(w, x, z)
        ws.append(w)
    return np.array(ws), np.array(Js)
'''},
        {"why": "stores the slope instead of the cost", "expect": "must be the cost at ws[t]",
         "code": '''def gradient_descent(w0, x, z, lr, steps):
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - lr * gradient(ws[-1], x, z))
    ws = np.array(ws)
    return ws, np.array([gradient(w, x, z) for w in ws])
'''},
        {"why": "computes the gradient once, at w0, and reuses it", "expect": "the gradient at the current w",
         "code": '''def gradient_descent(w0, x, z, lr, steps):
    g = gradient(w0, x, z)
    ws = np.array([w0 - t * lr * g for t in range(steps + 1)])
    return ws, np.array([cost(w, x, z) for w in ws])
'''},
        {"why": "returns Python lists", "expect": "np.array(the_list)",
         "code": '''def gradient_descent(w0, x, z, lr, steps):
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - lr * gradient(ws[-1], x, z))
    return ws, [cost(w, x, z) for w in ws]
'''},
    ],
    "iterations_per_epoch": [
        {"why": "floor division drops the partial batch", "expect": "round up, not down",
         "code": '''def iterations_per_epoch(n, batch_size):
    return n // batch_size
'''},
        {"why": "always adds one for a partial batch", "expect": "no partial batch",
         "code": '''def iterations_per_epoch(n, batch_size):
    return n // batch_size + 1
'''},
        {"why": "true division: a float", "expect": "whole number",
         "code": '''def iterations_per_epoch(n, batch_size):
    return n / batch_size
'''},
        {"why": "np.ceil returns a float", "expect": "np.ceil returns a float",
         "code": '''def iterations_per_epoch(n, batch_size):
    return np.ceil(n / batch_size)
'''},
        {"why": "rounds to the nearest integer", "expect": "round up",
         "code": '''def iterations_per_epoch(n, batch_size):
    return round(n / batch_size)
'''},
    ],
    "minibatch_sgd": [
        {"why": "adds the gradient: ascends", "expect": "the update ascends",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - (X[idx] @ w + b)
            w = w + lr * (-(X[idx].T @ r) / len(idx))
            b = b + lr * (-np.mean(r))
    return w, float(b)
'''},
        {"why": "forgets the bias altogether", "expect": "b is updated after every batch too",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w = np.zeros(D)
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - X[idx] @ w
            w = w + lr * (X[idx].T @ r) / len(idx)
    return w, 0.0
'''},
        {"why": "updates b but leaves it out of the predictions", "expect": "b included",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - X[idx] @ w
            w = w + lr * (X[idx].T @ r) / len(idx)
            b = b + lr * np.mean(r)
    return w, float(b)
'''},
        {"why": "sums the batch gradient instead of averaging (no 1/m)", "expect": "missing 1/m",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - (X[idx] @ w + b)
            w = w + lr * (X[idx].T @ r)
            b = b + lr * np.sum(r)
    return w, float(b)
'''},
        {"why": "never shuffles", "expect": "shuffle with the rng you are given",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        for k in range(0, n, batch_size):
            Xb, yb = X[k:k + batch_size], y[k:k + batch_size]
            r = yb - (Xb @ w + b)
            w = w + lr * (Xb.T @ r) / len(yb)
            b = b + lr * np.mean(r)
    return w, float(b)
'''},
        {"why": "shuffles once, before the epoch loop", "expect": "once at the start of every epoch",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    order = rng.permutation(n)
    for _ in range(epochs):
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - (X[idx] @ w + b)
            w = w + lr * (X[idx].T @ r) / len(idx)
            b = b + lr * np.mean(r)
    return w, float(b)
'''},
        {"why": "shuffles with the global np.random instead of the rng passed in", "expect": "not np.random",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = np.random.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - (X[idx] @ w + b)
            w = w + lr * (X[idx].T @ r) / len(idx)
            b = b + lr * np.mean(r)
    return w, float(b)
'''},
        {"why": "shuffles X and y with two different permutations", "expect": "the same order for X and y",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        Xs, ys = X[rng.permutation(n)], y[rng.permutation(n)]
        for k in range(0, n, batch_size):
            Xb, yb = Xs[k:k + batch_size], ys[k:k + batch_size]
            r = yb - (Xb @ w + b)
            w = w + lr * (Xb.T @ r) / len(yb)
            b = b + lr * np.mean(r)
    return w, float(b)
'''},
        {"why": "drops the last, partial batch", "expect": "keep the last, partial batch",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(n // batch_size):
            idx = order[k * batch_size:(k + 1) * batch_size]
            r = y[idx] - (X[idx] @ w + b)
            w = w + lr * (X[idx].T @ r) / len(idx)
            b = b + lr * np.mean(r)
    return w, float(b)
'''},
        {"why": "divides the last batch's gradient by batch_size, not by its own size",
         "expect": "len(idx), not batch_size",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - (X[idx] @ w + b)
            w = w + lr * (X[idx].T @ r) / batch_size
            b = b + lr * np.sum(r) / batch_size
    return w, float(b)
'''},
        {"why": "shuffles the rows of X but slices y in its original order", "expect": "rows and targets stay paired",
         "code": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[k:k + batch_size] - (X[idx] @ w + b)
            w = w + lr * (X[idx].T @ r) / len(idx)
            b = b + lr * np.mean(r)
    return w, float(b)
'''},
    ],
}

RIGHT = {
    "cost": '''def cost(w, x, z):
    r = np.asarray(z, dtype=float) - w * np.asarray(x, dtype=float)
    return float(r @ r / (2 * r.size))
''',
    "gradient": '''def gradient(w, x, z):
    x = np.asarray(x, dtype=float)
    return float(x @ (w * x - np.asarray(z, dtype=float)) / x.size)
''',
    "gradient_descent": '''def gradient_descent(w0, x, z, lr, steps):
    ws, Js = np.empty(steps + 1), np.empty(steps + 1)
    w = float(w0)
    for t in range(steps + 1):
        ws[t], Js[t] = w, cost(w, x, z)
        w -= lr * gradient(w, x, z)
    return ws, Js
''',
    "iterations_per_epoch": '''import math


def iterations_per_epoch(n, batch_size):
    return math.ceil(n / batch_size)
''',
    "minibatch_sgd": '''def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    n = len(y)
    A = np.column_stack([X, np.ones(n)])         # the bias as a last column of ones
    theta = np.zeros(A.shape[1])
    for epoch in range(epochs):
        idx = np.arange(n)
        rng.shuffle(idx)                         # draws exactly what rng.permutation(n) draws
        start = 0
        while start < n:
            batch = idx[start:start + batch_size]
            theta += lr * A[batch].T @ (y[batch] - A[batch] @ theta) / batch.size
            start += batch_size
    return theta[:-1].copy(), float(theta[-1])
''',
}
