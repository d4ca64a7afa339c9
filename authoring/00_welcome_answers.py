"""Plausible wrong answers (and one differently written right answer) for the exercises of 00_welcome.

Each WRONG entry replaces the solution cell named by its key; the exercise's test cell must then fail
with a message containing `expect` (case-insensitive). Each RIGHT entry must pass every test.
"""

WRONG = {
    "weighted_sums": [
        {"why": "forgets the bias", "expect": "bias",
         "code": '''def weighted_sums(X, w, b):
    return X @ w
'''},
        {"why": "X.T @ w (thinks of examples as columns)", "expect": "X.T @ w",
         "code": '''def weighted_sums(X, w, b):
    return X.T @ w + b
'''},
        {"why": "w as a column vector: returns shape (N, 1)", "expect": "column vector",
         "code": '''def weighted_sums(X, w, b):
    return X @ w.reshape(-1, 1) + b
'''},
        {"why": "np.sum without axis: one number for the whole batch", "expect": "axis=1",
         "code": '''def weighted_sums(X, w, b):
    return np.sum(X * w) + b
'''},
        {"why": "sums over the wrong axis", "expect": "axis=1",
         "code": '''def weighted_sums(X, w, b):
    return np.sum(X * w, axis=0) + b
'''},
        {"why": "adds the bias to every product before summing", "expect": "bias",
         "code": '''def weighted_sums(X, w, b):
    return np.sum(X * w + b, axis=1)
'''},
    ],
    "standardize": [
        {"why": "means per row (axis=1)", "expect": "axis=1",
         "code": '''def standardize(X):
    return (X - X.mean(axis=1)) / X.std(axis=1)
'''},
        {"why": "means per row with keepdims (runs, but standardises rows)", "expect": "axis=1",
         "code": '''def standardize(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
'''},
        {"why": "sample std (ddof=1)", "expect": "ddof",
         "code": '''def standardize(X):
    std = X.std(axis=0, ddof=1)
    return (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
'''},
        {"why": "only divides by the std", "expect": "subtract",
         "code": '''def standardize(X):
    std = X.std(axis=0)
    return X / np.where(std > 0, std, 1.0)
'''},
        {"why": "only subtracts the mean", "expect": "X.std(axis=0)",
         "code": '''def standardize(X):
    return X - X.mean(axis=0)
'''},
        {"why": "global mean and std instead of per column", "expect": "one mean per column",
         "code": '''def standardize(X):
    return (X - X.mean()) / X.std()
'''},
        {"why": "changes the input in place", "expect": "in place",
         "code": '''def standardize(X):
    X -= X.mean(axis=0)
    std = X.std(axis=0)
    X /= np.where(std > 0, std, 1.0)
    return X
'''},
        {"why": "divides by zero on a constant column", "expect": "constant column",
         "code": '''def standardize(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)
'''},
    ],
}

RIGHT = {
    "weighted_sums": '''def weighted_sums(X, w, b):
    return np.array([np.dot(row, w) for row in X]) + b
''',
    "standardize": '''def standardize(X):
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(np.array(X, dtype=float))
''',
}
