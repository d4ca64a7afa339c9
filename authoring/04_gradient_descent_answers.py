"""Wrong and right answers for the exercises of 04_gradient_descent (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks.
"""

_SGD = '''def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - (X[idx] @ w + b)
            w = w + learning_rate * (X[idx].T @ r) / len(idx)
            b = b + learning_rate * np.mean(r)
    return w, float(b)
'''

WRONG = {
    "cost": [
        {"why": "forgets x: error y - w instead of y - w x", "expect": "multiply by x_i",
         "edit": [("errors = y - w * x", "errors = y - w")]},
        {"why": "a sum without the 1/n", "expect": "missing 1/n",
         "edit": [("/ (2 * len(x))", "/ 2")]},
        {"why": "1/n instead of 1/(2n) (plain MSE)", "expect": "1/n instead of 1/(2n)",
         "edit": [("/ (2 * len(x))", "/ len(x)")]},
        {"why": "absolute errors instead of squares", "expect": "square each error",
         "edit": [("np.sum(errors ** 2)", "np.sum(np.abs(errors))")]},
        {"why": "squares the mean error instead of averaging the squares", "expect": "squaring the mean",
         "code": '''def cost(w, x, y):
    return float(np.mean(y - w * x) ** 2 / 2)
'''},
        {"why": "returns one cost per sample", "expect": "one number",
         "code": '''def cost(w, x, y):
    return (y - w * x) ** 2 / (2 * len(x))
'''},
    ],
    "gradient": [
        {"why": "drops the minus sign", "expect": "check the sign",
         "edit": [("float(-np.mean(", "float(np.mean(")]},
        {"why": "a sum without the 1/n", "expect": "missing 1/n",
         "edit": [("float(-np.mean(", "float(-np.sum(")]},
        {"why": "keeps the 2 of the square (derivative of the MSE, not of J)", "expect": "no factor 2",
         "edit": [("float(-np.mean(", "float(-2 * np.mean(")]},
        {"why": "divides by 2n as in the cost", "expect": "cancels the 2",
         "code": '''def gradient(w, x, y):
    return float(-np.sum(x * (y - w * x)) / (2 * len(x)))
'''},
        {"why": "forgets the inner derivative x_i (chain rule)", "expect": "multiplied by its own x_i",
         "edit": [("np.mean(x * (y - w * x))", "np.mean(y - w * x)")]},
        {"why": "returns one slope per sample", "expect": "one number",
         "code": '''def gradient(w, x, y):
    return -x * (y - w * x) / len(x)
'''},
    ],
    "gradient_descent": [
        {"why": "adds the gradient: gradient ascent", "expect": "the update ascends",
         "edit": [("ws[-1] - learning_rate", "ws[-1] + learning_rate")]},
        {"why": "records only the updated weights, w0 missing", "expect": "w0 is missing",
         "code": '''def gradient_descent(w0, x, y, learning_rate, steps):
    w, ws = w0, []
    for _ in range(steps):
        w = w - learning_rate * gradient(w, x, y)
        ws.append(w)
    ws = np.array(ws)
    return ws, np.array([cost(v, x, y) for v in ws])
'''},
        {"why": "off by one: steps + 1 updates", "expect": "one update too many",
         "edit": [("for _ in range(steps):", "for _ in range(steps + 1):")]},
        {"why": "records the cost before each update only: the final cost is missing",
         "expect": "the cost of the final w last",
         "code": '''def gradient_descent(w0, x, y, learning_rate, steps):
    w, ws, Js = w0, [w0], []
    for _ in range(steps):
        Js.append(cost(w, x, y))
        w = w - learning_rate * gradient(w, x, y)
        ws.append(w)
    return np.array(ws), np.array(Js)
'''},
        {"why": "stores the slope instead of the cost", "expect": "must be the cost at ws[t]",
         "edit": [("[cost(w, x, y) for w in ws]", "[gradient(w, x, y) for w in ws]")]},
        {"why": "computes the gradient once, at w0, and reuses it", "expect": "the gradient at the current",
         "code": '''def gradient_descent(w0, x, y, learning_rate, steps):
    g = gradient(w0, x, y)
    ws = np.array([w0 - t * learning_rate * g for t in range(steps + 1)])
    return ws, np.array([cost(w, x, y) for w in ws])
'''},
        {"why": "returns Python lists", "expect": "np.array(the_list)",
         "code": '''def gradient_descent(w0, x, y, learning_rate, steps):
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - learning_rate * gradient(ws[-1], x, y))
    return ws, [cost(w, x, y) for w in ws]
'''},
        {"why": "returns only ws", "expect": "as a pair",
         "edit": [("return ws, Js", "return ws")]},
    ],
    "iterations_per_epoch": [
        {"why": "floor division drops the partial batch", "expect": "round up, not down",
         "edit": [("return (n + batch_size - 1) // batch_size", "return n // batch_size")]},
        {"why": "always adds one for a partial batch", "expect": "no partial batch",
         "edit": [("return (n + batch_size - 1) // batch_size", "return n // batch_size + 1")]},
        {"why": "true division: a float", "expect": "whole number",
         "edit": [("return (n + batch_size - 1) // batch_size", "return n / batch_size")]},
        {"why": "np.ceil returns a float", "expect": "np.ceil returns a float",
         "edit": [("return (n + batch_size - 1) // batch_size", "return np.ceil(n / batch_size)")]},
        {"why": "rounds to the nearest integer", "expect": "round up",
         "edit": [("return (n + batch_size - 1) // batch_size", "return round(n / batch_size)")]},
    ],
    "minibatch_sgd": [
        {"why": "adds the gradient: ascends", "expect": "the update ascends",
         "edit": [("w = w - learning_rate * g_w", "w = w + learning_rate * g_w"),
                  ("b = b - learning_rate * g_b", "b = b + learning_rate * g_b")]},
        {"why": "forgets the bias altogether", "expect": "b is updated after every batch too",
         "code": '''def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng):
    n, D = X.shape
    w = np.zeros(D)
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - X[idx] @ w
            w = w + learning_rate * (X[idx].T @ r) / len(idx)
    return w, 0.0
'''},
        {"why": "updates b but leaves it out of the predictions", "expect": "b included",
         "edit": [("r = y[idx] - (X[idx] @ w + b)", "r = y[idx] - X[idx] @ w")]},
        {"why": "sums the batch gradient instead of averaging (no 1/m)", "expect": "missing 1/m",
         "edit": [("g_w = -(X[idx].T @ r) / len(idx)", "g_w = -(X[idx].T @ r)"),
                  ("g_b = -np.mean(r)", "g_b = -np.sum(r)")]},
        {"why": "never shuffles", "expect": "shuffle with the rng you are given",
         "edit": [("order = rng.permutation(n)", "order = np.arange(n)")]},
        {"why": "shuffles once, before the epoch loop", "expect": "once at the start of every epoch",
         "code": '''def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    order = rng.permutation(n)
    for _ in range(epochs):
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - (X[idx] @ w + b)
            w = w + learning_rate * (X[idx].T @ r) / len(idx)
            b = b + learning_rate * np.mean(r)
    return w, float(b)
'''},
        {"why": "shuffles with the global np.random instead of the rng passed in", "expect": "not np.random",
         "edit": [("order = rng.permutation(n)", "order = np.random.permutation(n)")]},
        {"why": "shuffles X and y with two different permutations", "expect": "the same order for X and y",
         "code": '''def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng):
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        Xs, ys = X[rng.permutation(n)], y[rng.permutation(n)]
        for k in range(0, n, batch_size):
            Xb, yb = Xs[k:k + batch_size], ys[k:k + batch_size]
            r = yb - (Xb @ w + b)
            w = w + learning_rate * (Xb.T @ r) / len(yb)
            b = b + learning_rate * np.mean(r)
    return w, float(b)
'''},
        {"why": "drops the last, partial batch", "expect": "keep the last, partial batch",
         "edit": [("for k in range(0, n, batch_size):", "for k in range(0, n - batch_size + 1, batch_size):")]},
        {"why": "divides the last batch's gradient by batch_size, not by its own size",
         "expect": "len(idx), not batch_size",
         "edit": [("g_w = -(X[idx].T @ r) / len(idx)", "g_w = -(X[idx].T @ r) / batch_size"),
                  ("g_b = -np.mean(r)", "g_b = -np.sum(r) / batch_size")]},
        {"why": "shuffles the rows of X but slices y in its original order", "expect": "rows and targets stay paired",
         "edit": [("r = y[idx] - (X[idx] @ w + b)", "r = y[k:k + batch_size] - (X[idx] @ w + b)")]},
        {"why": "returns w as a column (D, 1)", "expect": "keep it 1-D",
         "edit": [("return w, float(b)", "return w.reshape(-1, 1), float(b)")]},
    ],
}

RIGHT = {
    "cost": [
        {"why": "a dot product of the residuals",
         "code": '''def cost(w, x, y):
    r = np.asarray(y, dtype=float) - w * np.asarray(x, dtype=float)
    return float(r @ r / (2 * r.size))
'''},
        {"why": "np.mean and a halving, returning a numpy float",
         "code": '''def cost(w, x, y):
    return 0.5 * np.mean((y - w * x) ** 2)
'''},
        {"why": "a Python loop over the samples",
         "code": '''def cost(w, x, y):
    total = 0.0
    for xi, yi in zip(x, y):
        total += (yi - w * xi) ** 2
    return total / (2 * len(x))
'''},
        {"why": "a 0-d array", "edit": [("return float(np.sum(errors ** 2) / (2 * len(x)))",
                                         "return np.asarray(np.sum(errors ** 2) / (2 * len(x)))")]},
    ],
    "gradient": [
        {"why": "a dot product, written as (w x - y)",
         "code": '''def gradient(w, x, y):
    x = np.asarray(x, dtype=float)
    return float(x @ (w * x - np.asarray(y, dtype=float)) / x.size)
'''},
        {"why": "expanded: w mean(x^2) - mean(x y), a numpy float",
         "code": '''def gradient(w, x, y):
    return w * np.mean(x ** 2) - np.mean(x * y)
'''},
        {"why": "a loop",
         "code": '''def gradient(w, x, y):
    g = 0.0
    for xi, yi in zip(x, y):
        g -= xi * (yi - w * xi)
    return g / len(x)
'''},
    ],
    "gradient_descent": [
        {"why": "preallocated arrays, in place",
         "code": '''def gradient_descent(w0, x, y, learning_rate, steps):
    ws, Js = np.empty(steps + 1), np.empty(steps + 1)
    w = float(w0)
    for t in range(steps + 1):
        ws[t], Js[t] = w, cost(w, x, y)
        w -= learning_rate * gradient(w, x, y)
    return ws, Js
'''},
        {"why": "returns a list of the two arrays", "edit": [("return ws, Js", "return [ws, Js]")]},
        {"why": "costs collected inside the loop",
         "code": '''def gradient_descent(w0, x, y, learning_rate, steps):
    w = w0
    ws, Js = [w], [cost(w, x, y)]
    for step in range(steps):
        w = w - learning_rate * gradient(w, x, y)
        ws.append(w)
        Js.append(cost(w, x, y))
    return np.asarray(ws, dtype=float), np.asarray(Js, dtype=float)
'''},
    ],
    "iterations_per_epoch": [
        {"why": "math.ceil",
         "code": '''import math


def iterations_per_epoch(n, batch_size):
    return math.ceil(n / batch_size)
'''},
        {"why": "np.ceil cast to int", "edit": [("return (n + batch_size - 1) // batch_size",
                                                 "return int(np.ceil(n / batch_size))")]},
        {"why": "divmod with a remainder test",
         "code": '''def iterations_per_epoch(n, batch_size):
    full, rest = divmod(n, batch_size)
    return full + (1 if rest else 0)
'''},
        {"why": "negative floor division", "edit": [("return (n + batch_size - 1) // batch_size",
                                                     "return -(-n // batch_size)")]},
    ],
    "minibatch_sgd": [
        {"why": "the bias as a column of ones, rng.shuffle on an index array",
         "code": '''def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng):
    n = len(y)
    A = np.column_stack([X, np.ones(n)])         # the bias as a last column of ones
    theta = np.zeros(A.shape[1])
    for epoch in range(epochs):
        idx = np.arange(n)
        rng.shuffle(idx)                         # draws exactly what rng.permutation(n) draws
        start = 0
        while start < n:
            batch = idx[start:start + batch_size]
            theta += learning_rate * A[batch].T @ (y[batch] - A[batch] @ theta) / batch.size
            start += batch_size
    return theta[:-1].copy(), float(theta[-1])
'''},
        {"why": "shuffled copies of X and y, sliced in order, returned as a list",
         "code": '''def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng):
    n, D = X.shape
    w = np.zeros(D)
    b = 0.0
    for _ in range(epochs):
        perm = rng.permutation(n)
        Xs, ys = X[perm], y[perm]
        for start in range(0, n, batch_size):
            Xb, yb = Xs[start:start + batch_size], ys[start:start + batch_size]
            residual = yb - Xb @ w - b
            w -= learning_rate * (-Xb.T @ residual / len(yb))
            b -= learning_rate * (-residual.mean())
    return [w, b]
'''},
        {"why": "dlkit's SGD optimizer on a parameter dict, b a 0-d array",
         "code": '''from dlkit.nn.optim import SGD


def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng):
    params = {"w": np.zeros(X.shape[1]), "b": np.zeros(())}
    opt = SGD(learning_rate)
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for k in range(0, len(y), batch_size):
            idx = order[k:k + batch_size]
            r = y[idx] - X[idx] @ params["w"] - params["b"]
            opt.step(params, {"w": -X[idx].T @ r / len(idx), "b": -np.mean(r)})
    return params["w"], params["b"]
'''},
        {"why": "the minus signs folded: w + learning_rate * X_B.T @ r / m", "code": _SGD},
    ],
}
