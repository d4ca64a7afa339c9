"""Plausible wrong answers (and one differently written right answer) for the exercises of
08_regularization_and_training.

Each WRONG entry replaces the solution cell named by its key; the exercise's test cell must then fail
with a message containing `expect` (case-insensitive). Each RIGHT entry must pass every test.
"""

_MODEL = '''def build_regularized_model():
    return keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense({u1}, activation="relu"{r1}),
        keras.layers.Dense(256, activation="relu"{r1}),
        keras.layers.Dense(10, activation="{out}"),
    ])
'''

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
         "code": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    best = int(np.argmin(val_loss))
    if val_loss[-1] > val_loss[best] and train_loss[-1] < train_loss[best]:
        return "overfitting"
    if train_loss[-1] > high * train_loss[0]:
        return "underfitting"
    return "good fit"
'''},
        {"why": "ignores the training-loss condition of overfitting", "expect": "needs both",
         "code": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    if val_loss[-1] > (1 + tol) * min(val_loss):
        return "overfitting"
    if train_loss[-1] > high * train_loss[0]:
        return "underfitting"
    return "good fit"
'''},
        {"why": "underfitting judged on the validation loss", "expect": "last training loss is above high",
         "code": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    best = int(np.argmin(val_loss))
    if val_loss[-1] > (1 + tol) * val_loss[best] and train_loss[-1] < train_loss[best]:
        return "overfitting"
    if val_loss[-1] > high * val_loss[0] and val_loss[-1] > train_loss[-1] * 1.5:
        return "underfitting"
    return "good fit"
'''},
    ],
    "l1_l2_penalty": [
        {"why": "003's 1/2 in front of the L2 term", "expect": "no 1/2",
         "code": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    return float(sum(l1 * np.abs(W).sum() + l2 / 2 * (W ** 2).sum() for W in kernels))
'''},
        {"why": "L1 of the signed weights", "expect": "absolute values",
         "code": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    return float(sum(l1 * W.sum() + l2 * (W ** 2).sum() for W in kernels))
'''},
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
    ],
    "dropout_forward": [
        {"why": "no scaling of the survivors (003's training form)", "expect": "scales the survivors",
         "code": '''def dropout_forward(A, rate, rng, training=True):
    if not training:
        return A, np.ones(A.shape, dtype=bool)
    keep = rng.random(A.shape) >= rate
    return A * keep, keep
'''},
        {"why": "keeps with probability rate", "expect": "not < rate",
         "code": '''def dropout_forward(A, rate, rng, training=True):
    if not training:
        return A, np.ones(A.shape, dtype=bool)
    keep = rng.random(A.shape) < rate
    return A * keep / (1 - rate), keep
'''},
        {"why": "divides by rate", "expect": "not by rate",
         "code": '''def dropout_forward(A, rate, rng, training=True):
    if not training:
        return A, np.ones(A.shape, dtype=bool)
    keep = rng.random(A.shape) >= rate
    return A * keep / rate, keep
'''},
        {"why": "scales at inference as well (mixes both forms)", "expect": "at inference inverted dropout changes nothing",
         "code": '''def dropout_forward(A, rate, rng, training=True):
    if not training:
        return A * (1 - rate), np.ones(A.shape, dtype=bool)
    keep = rng.random(A.shape) >= rate
    return A * keep / (1 - rate), keep
'''},
        {"why": "numpy's global generator", "expect": "from the rng passed in",
         "code": '''def dropout_forward(A, rate, rng, training=True):
    if not training:
        return A, np.ones(A.shape, dtype=bool)
    keep = np.random.random_sample(A.shape) >= rate
    return A * keep / (1 - rate), keep
'''},
    ],
    "batchnorm_forward": [
        {"why": "unbiased variance (ddof=1)", "expect": "dividing by N, not N - 1",
         "code": '''def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0, ddof=1)
        moving_mean = momentum * moving_mean + (1 - momentum) * mu
        moving_var = momentum * moving_var + (1 - momentum) * var
    else:
        mu, var = moving_mean, moving_var
    return gamma * (X - mu) / np.sqrt(var + epsilon) + beta, moving_mean, moving_var
'''},
        {"why": "momentum weights the batch statistic", "expect": "momentum 0.99 keeps mostly the old value",
         "code": '''def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0)
        moving_mean = (1 - momentum) * moving_mean + momentum * mu
        moving_var = (1 - momentum) * moving_var + momentum * var
    else:
        mu, var = moving_mean, moving_var
    return gamma * (X - mu) / np.sqrt(var + epsilon) + beta, moving_mean, moving_var
'''},
        {"why": "batch statistics at inference too", "expect": "at inference use the moving mean",
         "code": '''def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    mu, var = X.mean(axis=0), X.var(axis=0)
    if training:
        moving_mean = momentum * moving_mean + (1 - momentum) * mu
        moving_var = momentum * moving_var + (1 - momentum) * var
    return gamma * (X - mu) / np.sqrt(var + epsilon) + beta, moving_mean, moving_var
'''},
        {"why": "epsilon outside the square root", "expect": "eps inside the square root",
         "code": '''def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0)
        moving_mean = momentum * moving_mean + (1 - momentum) * mu
        moving_var = momentum * moving_var + (1 - momentum) * var
    else:
        mu, var = moving_mean, moving_var
    return gamma * (X - mu) / (np.sqrt(var) + epsilon) + beta, moving_mean, moving_var
'''},
        {"why": "normalises each sample over its features (layer norm)", "expect": "each column over the samples",
         "code": '''def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    mu, var = X.mean(axis=1, keepdims=True), X.var(axis=1, keepdims=True)
    if training:
        moving_mean = momentum * moving_mean + (1 - momentum) * X.mean(axis=0)
        moving_var = momentum * moving_var + (1 - momentum) * X.var(axis=0)
    return gamma * (X - mu) / np.sqrt(var + epsilon) + beta, moving_mean, moving_var
'''},
        {"why": "updates the moving statistics at inference", "expect": "inference must leave the moving statistics",
         "code": '''def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0)
    else:
        mu, var = moving_mean, moving_var
    moving_mean = momentum * moving_mean + (1 - momentum) * X.mean(axis=0)
    moving_var = momentum * moving_var + (1 - momentum) * X.var(axis=0)
    return gamma * (X - mu) / np.sqrt(var + epsilon) + beta, moving_mean, moving_var
'''},
    ],
    "build_regularized_model": [
        {"why": "returns the unregularised twin", "expect": "no regularisation",
         "code": _MODEL.format(u1=256, r1="", out="softmax")},
        {"why": "shrinks the network instead of regularising it", "expect": "keep the twin's architecture",
         "code": _MODEL.format(u1=32, r1=", kernel_regularizer=keras.regularizers.L2(1e-3)", out="softmax")},
        {"why": "penalty far too strong", "expect": "too strong",
         "code": _MODEL.format(u1=256, r1=", kernel_regularizer=keras.regularizers.L2(0.3)", out="softmax")},
        {"why": "sigmoid output instead of softmax", "expect": "softmax in the output layer",
         "code": _MODEL.format(u1=256, r1=", kernel_regularizer=keras.regularizers.L2(1e-3)", out="sigmoid")},
        {"why": "adds an extra hidden layer", "expect": "keep the twin's architecture",
         "code": '''def build_regularized_model():
    l2 = keras.regularizers.L2(1e-3)
    return keras.Sequential([keras.Input((64,)),
                             keras.layers.Dense(256, activation="relu", kernel_regularizer=l2),
                             keras.layers.Dense(256, activation="relu", kernel_regularizer=l2),
                             keras.layers.Dense(64, activation="relu", kernel_regularizer=l2),
                             keras.layers.Dense(10, activation="softmax")])
'''},
    ],
}

RIGHT = {
    "diagnose_curves": '''def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    v_min = min(val_loss)
    i = list(val_loss).index(v_min)
    rising = val_loss[-1] > v_min * (1.0 + tol)
    still_learning = train_loss[-1] < train_loss[i]
    if rising and still_learning:
        return "overfitting"
    return "underfitting" if train_loss[-1] / train_loss[0] > high else "good fit"
''',
    "l1_l2_penalty": '''def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    flat = np.concatenate([np.ravel(W) for W in kernels])
    return float(l1 * np.linalg.norm(flat, 1) + l2 * flat @ flat)
''',
    "dropout_forward": '''def dropout_forward(A, rate, rng, training=True):
    keep = rng.random(A.shape) >= rate if training else np.full(A.shape, True)
    scale = 1.0 / (1.0 - rate) if training else 1.0
    return np.where(keep, A * scale, 0.0), keep
''',
    "batchnorm_forward": '''def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    new_mean, new_var = moving_mean, moving_var
    if training:
        mu = np.mean(X, axis=0)
        var = np.mean((X - mu) ** 2, axis=0)
        new_mean = moving_mean + (1 - momentum) * (mu - moving_mean)
        new_var = moving_var + (1 - momentum) * (var - moving_var)
    else:
        mu, var = moving_mean, moving_var
    X_hat = (X - mu) * (var + epsilon) ** -0.5
    return X_hat * gamma + beta, new_mean, new_var
''',
    "build_regularized_model": '''def build_regularized_model():
    inputs = keras.Input(shape=(64,))
    h = keras.layers.Dense(256, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l2=2e-3))(inputs)
    h = keras.layers.Dropout(0.1)(h)
    h = keras.layers.Dense(256, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l2=2e-3))(h)
    outputs = keras.layers.Dense(10, activation="softmax")(h)
    return keras.Model(inputs, outputs)
''',
}
