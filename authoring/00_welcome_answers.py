"""Wrong and right answers for the exercises of 00_welcome (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks.
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
        {"why": "a loop that returns a Python list", "expect": "np.array",
         "code": '''def weighted_sums(X, w, b):
    return [float(row @ w + b) for row in X]
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
    "weighted_sums": [
        {"why": "a loop over the rows, wrapped in np.array",
         "code": '''def weighted_sums(X, w, b):
    return np.array([np.dot(row, w) for row in X]) + b
'''},
        {"why": "np.dot", "edit": [("return X @ w + b", "return np.dot(X, w) + b")]},
        {"why": "multiply and sum over the features", "edit": [("return X @ w + b", "return np.sum(X * w, axis=1) + b")]},
        {"why": "a loop filling a preallocated array",
         "code": '''def weighted_sums(X, w, b):
    z = np.zeros(len(X))
    for n in range(len(X)):
        for d in range(len(w)):
            z[n] += X[n, d] * w[d]
    return z + b
'''},
        {"why": "np.einsum", "edit": [("return X @ w + b", "return np.einsum('nd,d->n', X, w) + b")]},
    ],
    "standardize": [
        {"why": "scikit-learn's StandardScaler",
         "code": '''def standardize(X):
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(np.array(X, dtype=float))
'''},
        {"why": "in place, on a copy",
         "code": '''def standardize(X):
    S = np.array(X, dtype=float)
    S -= S.mean(axis=0)
    std = S.std(axis=0)
    std[std == 0] = 1.0
    S /= std
    return S
'''},
        {"why": "a loop over the columns",
         "code": '''def standardize(X):
    X = np.asarray(X, dtype=float)
    out = np.zeros_like(X)
    for d in range(X.shape[1]):
        col = X[:, d]
        if col.std() > 0:
            out[:, d] = (col - col.mean()) / col.std()
    return out
'''},
        {"why": "np.divide with where=", "edit": [("return (X - mean) / np.where(std > 0, std, 1.0)",
                                                  "return np.divide(X - mean, std, out=np.zeros_like(X), where=std > 0)")]},
    ],
}
