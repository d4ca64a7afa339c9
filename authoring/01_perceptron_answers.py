"""Wrong and right answers for the exercises of 01_perceptron (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks.
"""

WRONG = {
    "weighted_sum": [
        {"why": "forgets the bias", "expect": "bias",
         "code": '''def weighted_sum(x, w, b):
    return np.dot(x, w)
'''},
        {"why": "subtracts the bias (threshold sign confusion)", "expect": "bias",
         "code": '''def weighted_sum(x, w, b):
    return np.dot(x, w) - b
'''},
        {"why": "sums over the whole batch (np.sum without axis)", "expect": "axis=1",
         "code": '''def weighted_sum(x, w, b):
    return np.sum(w * x) + b
'''},
        {"why": "w @ x: works for one example, fails for a batch", "expect": "X @ w",
         "code": '''def weighted_sum(x, w, b):
    return np.dot(w, x) + b
'''},
        {"why": "loop over range(len(x)): indexes rows for a batch", "expect": "loop over range(len(x))",
         "code": '''def weighted_sum(x, w, b):
    total = b
    for i in range(len(x)):
        total += w[i] * x[i]
    return total
'''},
        {"why": "multiplies without summing", "expect": "add the products",
         "code": '''def weighted_sum(x, w, b):
    return w * x + b
'''},
        {"why": "a loop over the rows that returns a Python list for a batch", "expect": "np.array",
         "code": '''def weighted_sum(x, w, b):
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        return float(x @ w + b)
    return [float(row @ w + b) for row in x]
'''},
        {"why": "squeezes a batch of one row to a number", "expect": "even when N = 1",
         "code": '''def weighted_sum(x, w, b):
    z = np.asarray(x, dtype=float) @ w + b
    return z.item() if z.size == 1 else z
'''},
    ],
    "step": [
        {"why": "strict inequality: step(0) = 0", "expect": "step(0) must be 1",
         "code": '''def step(z):
    return (z > 0).astype(int)
'''},
        {"why": "np.heaviside with the default-looking 0.5 at zero", "expect": "step(0) must be 1",
         "code": '''def step(z):
    return np.heaviside(z, 0.5).astype(int)
'''},
        {"why": "np.heaviside returns floats", "expect": "int",
         "code": '''def step(z):
    return np.heaviside(z, 1.0)
'''},
        {"why": "returns booleans", "expect": ".astype(int)",
         "code": '''def step(z):
    return z >= 0
'''},
        {"why": "sign function instead of step", "expect": "sign function",
         "code": '''def step(z):
    return np.sign(z).astype(int)
'''},
        {"why": "a Python if on a whole array", "expect": "np.where",
         "code": '''def step(z):
    if z >= 0:
        return 1
    return 0
'''},
    ],
    "predict": [
        {"why": "returns z instead of labels", "expect": "apply step",
         "code": '''def predict(X, w, b):
    return weighted_sum(X, w, b)
'''},
        {"why": "forgets the bias", "expect": "bias",
         "code": '''def predict(X, w, b):
    return step(X @ w)
'''},
        {"why": "float labels", "expect": "int labels",
         "code": '''def predict(X, w, b):
    return np.where(X @ w + b >= 0, 1.0, 0.0)
'''},
        {"why": "z > 0 at the boundary", "expect": "z = 0",
         "code": '''def predict(X, w, b):
    return (X @ w + b > 0).astype(int)
'''},
        {"why": "loop that returns a Python list", "expect": "numpy array",
         "code": '''def predict(X, w, b):
    return [int(x @ w + b >= 0) for x in X]
'''},
    ],
    "train_perceptron": [
        {"why": "sign of the update flipped: (y_hat - y)", "expect": "sign of the update",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = step(np.array([x_i @ w + b]))[0]
            w = w + learning_rate * (y_hat - y_i) * x_i
            b = b + learning_rate * (y_hat - y_i)
            mistakes += int(y_hat != y_i)
        errors.append(mistakes)
        if mistakes == 0:
            return w, b, True, errors
    return w, b, False, errors
'''},
        {"why": "never updates the bias", "expect": "bias b is never updated",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(np.array([x_i @ w + b]))[0]
            w = w + learning_rate * error * x_i
            mistakes += int(error != 0)
        errors.append(mistakes)
        if mistakes == 0:
            return w, b, True, errors
    return w, b, False, errors
'''},
        {"why": "z > 0 inside the training loop", "expect": "step(0) must be 1",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - int(x_i @ w + b > 0)
            w, b = w + learning_rate * error * x_i, b + learning_rate * error
            mistakes += int(error != 0)
        errors.append(mistakes)
        if mistakes == 0:
            return w, b, True, errors
    return w, b, False, errors
'''},
        {"why": "predicts the whole epoch before updating (batch perceptron)", "expect": "before updating",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(max_epochs):
        y_hat = step(X @ w + b)
        mistakes = int((y_hat != y).sum())
        for x_i, y_i, p_i in zip(X, y, y_hat):
            w = w + learning_rate * (y_i - p_i) * x_i
            b = b + learning_rate * (y_i - p_i)
        errors.append(mistakes)
        if mistakes == 0:
            return w, b, True, errors
    return w, b, False, errors
'''},
        {"why": "errors as a running total", "expect": "running total",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors, total = np.zeros(X.shape[1]), 0.0, [], 0
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(np.array([x_i @ w + b]))[0]
            w, b = w + learning_rate * error * x_i, b + learning_rate * error
            mistakes += int(error != 0)
        total += mistakes
        errors.append(total)
        if mistakes == 0:
            return w, b, True, errors
    return w, b, False, errors
'''},
        {"why": "never stops early: runs all max_epochs", "expect": "stop",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(np.array([x_i @ w + b]))[0]
            w, b = w + learning_rate * error * x_i, b + learning_rate * error
            mistakes += int(error != 0)
        errors.append(mistakes)
    return w, b, errors[-1] == 0, errors
'''},
        {"why": "claims convergence when the loop ends", "expect": "converged stays False",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(np.array([x_i @ w + b]))[0]
            w, b = w + learning_rate * error * x_i, b + learning_rate * error
            mistakes += int(error != 0)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, True, errors
'''},
        {"why": "ignores the learning rate", "expect": "learning rate is not used",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(np.array([x_i @ w + b]))[0]
            w, b = w + error * x_i, b + error
            mistakes += int(error != 0)
        errors.append(mistakes)
        if mistakes == 0:
            return w, b, True, errors
    return w, b, False, errors
'''},
        {"why": "converged as an int (1/0)", "expect": "a bool",
         "edit": [("return w, b, True, errors", "return w, b, 1, errors"),
                  ("return w, b, False, errors", "return w, b, 0, errors")]},
        {"why": "keeps the old name lr for the learning rate", "expect": "learning_rate=",
         "edit": [("def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):",
                   "def train_perceptron(X, y, lr=1.0, max_epochs=100):"),
                  ("w = w + learning_rate * error * x_i", "w = w + lr * error * x_i"),
                  ("b = b + learning_rate * error", "b = b + lr * error")]},
        {"why": "returns a PerceptronResult-like dict instead of the tuple", "expect": "(w, b, converged, errors)",
         "edit": [("return w, b, True, errors", "return {'w': w, 'b': b, 'converged': True, 'errors': errors}"),
                  ("return w, b, False, errors", "return {'w': w, 'b': b, 'converged': False, 'errors': errors}")]},
        {"why": "b as a one-element array", "expect": "b is one number",
         "edit": [("w, b = np.zeros(X.shape[1]), 0.0", "w, b = np.zeros(X.shape[1]), np.zeros(1)")]},
    ],
    "two_layer_predict": [
        {"why": "no step on the hidden layer", "expect": "without it on the hidden layer",
         "code": '''def two_layer_predict(X, W1, b1, w2, b2):
    H = X @ W1 + b1
    return step(H @ w2 + b2)
'''},
        {"why": "X @ W1.T (rows taken as neurons)", "expect": "not X @ W1.T",
         "code": '''def two_layer_predict(X, W1, b1, w2, b2):
    H = step(X @ W1.T + b1)
    return step(H @ w2 + b2)
'''},
        {"why": "forgets the hidden biases", "expect": "add b1",
         "code": '''def two_layer_predict(X, W1, b1, w2, b2):
    H = step(X @ W1)
    return step(H @ w2 + b2)
'''},
        {"why": "returns the hidden layer", "expect": "one label per row",
         "code": '''def two_layer_predict(X, W1, b1, w2, b2):
    return step(X @ W1 + b1)
'''},
        {"why": "hidden units from the rows of W1 in a loop", "expect": "W1.T",
         "code": '''def two_layer_predict(X, W1, b1, w2, b2):
    H = np.column_stack([step(X @ W1[k] + b1[k]) for k in range(len(b1))])
    return step(H @ w2 + b2)
'''},
    ],
}

RIGHT = {
    "weighted_sum": [
        {"why": "a loop over the features for one example, recursion over the rows of a batch",
         "code": '''def weighted_sum(x, w, b):
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        return float(sum(x_i * w_i for x_i, w_i in zip(x, w)) + b)
    return np.array([weighted_sum(row, w, b) for row in x])
'''},
        {"why": "np.dot", "edit": [("return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b",
                                    "return np.dot(x, w) + b")]},
        {"why": "multiply and sum over the last axis", "edit": [
            ("return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b",
             "return np.sum(np.asarray(x) * w, axis=-1) + b")]},
        {"why": "a 0-d array for one example (np.array around the result)", "edit": [
            ("return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b",
             "return np.array(np.asarray(x, dtype=float) @ w + b)")]},
    ],
    "step": [
        {"why": "astype(np.int64)", "code": '''def step(z):
    return (np.asarray(z) >= 0).astype(np.int64)
'''},
        {"why": "np.heaviside with 1 at zero, converted", "code": '''def step(z):
    return np.heaviside(z, 1.0).astype(int)
'''},
        {"why": "a loop over the entries, reshaped", "code": '''def step(z):
    z = np.asarray(z)
    return np.array([1 if v >= 0 else 0 for v in z.ravel()], dtype=int).reshape(z.shape)
'''},
        {"why": "in place on a zero array", "code": '''def step(z):
    out = np.zeros(np.shape(z), dtype=int)
    out[z >= 0] = 1
    return out
'''},
    ],
    "predict": [
        {"why": "a loop with an int array", "code": '''def predict(X, w, b):
    return np.array([1 if x @ w + b >= 0 else 0 for x in np.asarray(X, dtype=float)], dtype=int)
'''},
        {"why": "the comparison, converted", "code": '''def predict(X, w, b):
    return (X @ w + b >= 0).astype(int)
'''},
        {"why": "step of the matrix product", "code": '''def predict(X, w, b):
    return step(X @ w + b)
'''},
    ],
    "train_perceptron": [
        {"why": "a while loop with in-place updates and predict on one row",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    converged = False
    while len(errors) < max_epochs and not converged:
        mistakes = 0
        for i in range(len(X)):
            y_hat = predict(X[i:i + 1], w, b)[0]
            if y_hat != y[i]:
                w += learning_rate * (y[i] - y_hat) * X[i]
                b += learning_rate * (y[i] - y_hat)
                mistakes += 1
        errors.append(mistakes)
        converged = mistakes == 0
    return w, b, converged, errors
'''},
        {"why": "b a 0-d array, converged a numpy bool, errors a numpy array, a list returned",
         "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b = np.zeros(X.shape[1]), np.array(0.0)
    errors = np.zeros(0, dtype=int)
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(np.array([x_i @ w + b]))[0]
            w += learning_rate * error * x_i
            b += learning_rate * error
            mistakes += abs(error)
        errors = np.append(errors, mistakes)
        if mistakes == 0:
            break
    return [w, b, errors[-1] == 0, errors]
'''},
        {"why": "errors as a tuple, a for-else", "code": '''def train_perceptron(X, y, learning_rate=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, ()
    for epoch in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(weighted_sum(x_i, w, b) >= 0)
            w = w + learning_rate * (y_i - y_hat) * x_i
            b = b + learning_rate * (y_i - y_hat)
            mistakes += y_hat != y_i
        errors += (mistakes,)
        if mistakes == 0:
            converged = True
            break
    else:
        converged = False
    return w, b, converged, errors
'''},
    ],
    "two_layer_predict": [
        {"why": "one predict per hidden neuron (columns of W1)", "code": '''def two_layer_predict(X, W1, b1, w2, b2):
    hidden = [predict(X, W1[:, k], b1[k]) for k in range(W1.shape[1])]
    return predict(np.stack(hidden, axis=1), w2, b2)
'''},
        {"why": "comparisons converted with astype", "code": '''def two_layer_predict(X, W1, b1, w2, b2):
    A = (X @ W1 + b1 >= 0).astype(int)
    return (A @ w2 + b2 >= 0).astype(int)
'''},
        {"why": "np.dot and np.where", "code": '''def two_layer_predict(X, W1, b1, w2, b2):
    A = np.where(np.dot(X, W1) + b1 >= 0, 1, 0)
    return np.where(np.dot(A, w2) + b2 >= 0, 1, 0)
'''},
    ],
}
