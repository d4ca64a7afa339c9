"""Loss functions of chapter 03, each averaged over the batch exactly as its Keras counterpart.

Symbols: N batch size, C classes (or outputs per sample). `y` is the target, `y_hat` the prediction.
Every loss first reduces each sample over its last axis (mean or sum, as Keras does) and then takes
the mean over the batch, which is what a `keras.losses.<Class>()` object returns with its default
reduction ("sum_over_batch_size"). A 1-D input (N,) counts as N samples of one output in the
regression and binary losses, and as one sample of C classes in the categorical ones. Keras' fuzz
factor epsilon = 1e-7 guards log(0).

    loss                          formula per sample (reduce over last axis)           Keras name
    mse                           mean (y - y_hat)^2                                  MeanSquaredError
    mae                           mean |y - y_hat|                                    MeanAbsoluteError
    rmse                          sqrt(mean over all elements (y - y_hat)^2)           metrics.RootMeanSquaredError
    huber(delta)                  mean of e^2/2 if |e| <= delta else delta(|e| - delta/2)   Huber
    log_cosh                      mean log(cosh(y_hat - y))                           LogCosh
    binary_crossentropy           mean -[y log p + (1 - y) log(1 - p)]                BinaryCrossentropy
    hinge                         mean max(0, 1 - y y_hat), y in {-1, 1}               Hinge
    squared_hinge                 mean max(0, 1 - y y_hat)^2                          SquaredHinge
    categorical_crossentropy      -sum y log p                                        CategoricalCrossentropy
    sparse_categorical_crossentropy   -log p[label]                                   SparseCategoricalCrossentropy
    kl_divergence                 sum y log(y / p)                                    KLDivergence
    poisson                       mean (y_hat - y log(y_hat + eps))                   Poisson
"""

from __future__ import annotations

import numpy as np

from dlkit.activations import softmax
from dlkit.checks import CheckError

__all__ = [
    "EPSILON", "KERAS_NAMES", "mse", "mse_grad", "mae", "rmse", "huber", "log_cosh",
    "binary_crossentropy", "hinge", "squared_hinge", "categorical_crossentropy",
    "sparse_categorical_crossentropy", "kl_divergence", "poisson", "log_softmax",
    "softmax_cross_entropy_with_logits",
]

EPSILON = 1e-7  # keras.config.epsilon()

KERAS_NAMES = {
    "mse": "keras.losses.MeanSquaredError",
    "mae": "keras.losses.MeanAbsoluteError",
    "rmse": "keras.metrics.RootMeanSquaredError (metric)",
    "huber": "keras.losses.Huber",
    "log_cosh": "keras.losses.LogCosh",
    "binary_crossentropy": "keras.losses.BinaryCrossentropy",
    "hinge": "keras.losses.Hinge",
    "squared_hinge": "keras.losses.SquaredHinge",
    "categorical_crossentropy": "keras.losses.CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "keras.losses.SparseCategoricalCrossentropy",
    "kl_divergence": "keras.losses.KLDivergence",
    "poisson": "keras.losses.Poisson",
}


def _arr(x, name: str) -> np.ndarray:
    if x is None or isinstance(x, (str, bytes, dict, set)):
        raise CheckError(f"{name}: expected an array of numbers. Received: {type(x).__name__}")
    try:
        a = np.array(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise CheckError(f"{name}: expected an array of numbers. Received: {type(x).__name__}") from err
    if a.ndim == 0:
        raise CheckError(f"{name}: expected an array of shape (N,) or (N, C). Received a single number")
    if not np.all(np.isfinite(a)):
        raise CheckError(f"{name}: expected finite numbers. Received an array containing nan or inf")
    return a


def _pair(y_true, y_pred):
    y, p = _arr(y_true, "y_true"), _arr(y_pred, "y_pred")
    if y.shape != p.shape:
        raise CheckError(f"y_true and y_pred must have one shape. Expected y_pred of shape {y.shape}, "
                         f"received {p.shape}")
    return y, p


def _batch_mean(per_sample: np.ndarray) -> float:
    return float(np.mean(per_sample))


def mse(y_true, y_pred):
    """Mean squared error: mean over all elements of (y - y_hat)^2. Keras: MeanSquaredError.

    Example: mse([1.0, 2.0], [1.0, 4.0]) -> 2.0
    """
    y, p = _pair(y_true, y_pred)
    return _batch_mean(np.mean((y - p) ** 2, axis=-1))


def mse_grad(y_true, y_pred):
    """Gradient of mse with respect to y_pred: 2 (y_hat - y) / (number of elements)."""
    y, p = _pair(y_true, y_pred)
    return 2.0 * (p - y) / y.size


def mae(y_true, y_pred):
    """Mean absolute error: mean |y - y_hat|. Keras: MeanAbsoluteError."""
    y, p = _pair(y_true, y_pred)
    return _batch_mean(np.mean(np.abs(y - p), axis=-1))


def rmse(y_true, y_pred):
    """Root mean squared error: sqrt(mse). Same units as y. Keras: metrics.RootMeanSquaredError."""
    return float(np.sqrt(mse(y_true, y_pred)))


def huber(y_true, y_pred, delta=1.0):
    """Huber loss: quadratic for small errors, linear for large ones. Keras: Huber(delta=1.0).

    e = y_hat - y;  l(e) = e^2 / 2 if |e| <= delta else delta (|e| - delta / 2); mean over last axis.
    """
    if isinstance(delta, bool) or not isinstance(delta, (int, float, np.number)) or not delta > 0:
        raise CheckError(f"delta: expected a positive number. Received: delta={delta!r}")
    y, p = _pair(y_true, y_pred)
    e = np.abs(p - y)
    per = np.where(e <= delta, 0.5 * e ** 2, delta * (e - 0.5 * delta))
    return _batch_mean(np.mean(per, axis=-1))


def log_cosh(y_true, y_pred):
    """Log-cosh: mean log(cosh(y_hat - y)); ~ e^2/2 for small e, ~ |e| - log 2 for large. Keras: LogCosh.

    Computed as e + softplus(-2e) - log 2, which never overflows.
    """
    y, p = _pair(y_true, y_pred)
    e = p - y
    per = e + np.logaddexp(0.0, -2.0 * e) - np.log(2.0)
    return _batch_mean(np.mean(per, axis=-1))


def binary_crossentropy(y_true, y_pred, from_logits=False):
    """Binary cross-entropy: mean -[y log p + (1 - y) log(1 - p)]. Keras: BinaryCrossentropy.

    from_logits=False: y_pred are probabilities, clipped to [eps, 1 - eps] (Keras does the same).
    from_logits=True: y_pred are scores z, and the loss is max(z, 0) - z y + log(1 + e^-|z|),
    which is exact and never takes log(0).
    """
    y, p = _pair(y_true, y_pred)
    if from_logits:
        per = np.maximum(p, 0.0) - p * y + np.log1p(np.exp(-np.abs(p)))
    else:
        q = np.clip(p, EPSILON, 1.0 - EPSILON)
        per = -(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))
    return _batch_mean(np.mean(per, axis=-1))


def _signed(y):
    """Hinge labels: {0, 1} are mapped to {-1, 1} as Keras does; {-1, 1} are kept."""
    if np.all((y == 0) | (y == 1)):
        return 2.0 * y - 1.0
    return y


def hinge(y_true, y_pred):
    """Hinge: mean max(0, 1 - y y_hat) with y in {-1, 1} (0/1 labels are converted). Keras: Hinge."""
    y, p = _pair(y_true, y_pred)
    return _batch_mean(np.mean(np.maximum(1.0 - _signed(y) * p, 0.0), axis=-1))


def squared_hinge(y_true, y_pred):
    """Squared hinge: mean max(0, 1 - y y_hat)^2. Keras: SquaredHinge."""
    y, p = _pair(y_true, y_pred)
    return _batch_mean(np.mean(np.maximum(1.0 - _signed(y) * p, 0.0) ** 2, axis=-1))


def log_softmax(z, axis=-1):
    """log(softmax(z)) computed stably: z - max z - log(sum e^(z - max z))."""
    z = _arr(z, "logits")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Categorical cross-entropy with one-hot (or soft) targets: -sum_c y_c log p_c, batch mean.

    Keras: CategoricalCrossentropy. With probabilities, each row is rescaled to sum 1 and clipped to
    [eps, 1 - eps] as Keras does; with from_logits=True, log p = log_softmax(z).
    """
    y, p = _pair(y_true, y_pred)
    if from_logits:
        logp = log_softmax(p)
    else:
        q = p / np.sum(p, axis=-1, keepdims=True)
        logp = np.log(np.clip(q, EPSILON, 1.0 - EPSILON))
    return _batch_mean(-np.sum(y * logp, axis=-1))


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Cross-entropy with integer labels: -log p[label], batch mean. Keras: SparseCategoricalCrossentropy.

    Args:
        y_true: integer class labels, shape (N,), each in [0, C).
        y_pred: probabilities or logits, shape (N, C).
    """
    p = _arr(y_pred, "y_pred")
    labels = np.asarray(y_true)
    if p.ndim != 2:
        raise CheckError(f"y_pred: expected shape (N, C). Received shape {p.shape}")
    if labels.shape != (p.shape[0],):
        raise CheckError(f"y_true: expected integer labels of shape ({p.shape[0]},). Received shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        if not (np.issubdtype(labels.dtype, np.floating) and np.all(labels == np.round(labels))):
            raise CheckError(f"y_true: expected integer class labels. Received dtype {labels.dtype}")
        labels = labels.astype(int)
    if np.any(labels < 0) or np.any(labels >= p.shape[1]):
        raise CheckError(f"y_true: expected labels in [0, {p.shape[1]}). Received min {labels.min()}, max {labels.max()}")
    # Keras (TensorFlow backend) clips probabilities first, then rescales each row to sum 1.
    logp = log_softmax(p if from_logits else np.log(np.clip(p, EPSILON, 1.0 - EPSILON)))   # (N, C)
    return _batch_mean(-logp[np.arange(p.shape[0]), labels])


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence KL(y || p) = sum y log(y / p), batch mean. Keras: KLDivergence.

    Both are clipped to [eps, 1] first (Keras does the same), so zeros in y contribute ~0.
    """
    y, p = _pair(y_true, y_pred)
    y, p = np.clip(y, EPSILON, 1.0), np.clip(p, EPSILON, 1.0)
    return _batch_mean(np.sum(y * np.log(y / p), axis=-1))


def poisson(y_true, y_pred):
    """Poisson loss for counts: mean (y_hat - y log(y_hat + eps)). Keras: Poisson."""
    y, p = _pair(y_true, y_pred)
    return _batch_mean(np.mean(p - y * np.log(p + EPSILON), axis=-1))


def softmax_cross_entropy_with_logits(logits, y):
    """Softmax + cross-entropy on logits, and its gradient with respect to the logits.

    loss = mean_n -log softmax(z_n)[y_n];   dloss/dz = (softmax(z) - onehot(y)) / N

    Args:
        logits: scores z, shape (N, C).
        y: integer labels (N,) or one-hot / soft targets (N, C).

    Returns:
        loss (float) and dlogits, shape (N, C).
    """
    z = _arr(logits, "logits")
    if z.ndim != 2:
        raise CheckError(f"logits: expected shape (N, C). Received shape {z.shape}")
    N, C = z.shape
    t = np.asarray(y)
    if t.shape == (N,):
        if not np.issubdtype(t.dtype, np.integer) or np.any(t < 0) or np.any(t >= C):
            raise CheckError(f"y: expected integer labels in [0, {C}) of shape ({N},). Received dtype {t.dtype}")
        t = np.eye(C)[t]
    elif t.shape != (N, C):
        raise CheckError(f"y: expected labels of shape ({N},) or targets of shape ({N}, {C}). Received shape {t.shape}")
    t = t.astype(float)
    loss = float(np.mean(-np.sum(t * log_softmax(z), axis=-1)))
    dlogits = (softmax(z) - t) / N                         # (N, C)
    return loss, dlogits
