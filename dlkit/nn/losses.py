"""Loss functions of chapter 03, each averaged over the batch exactly as its Keras counterpart.

Symbols (docs/NAMING.md): N examples in the batch, C outputs (classes) per example; `y_true` is the
target y, `y_pred` the prediction y_hat (probabilities P, or scores Z with from_logits=True); Y one-hot
targets (N, C). Every loss first reduces each example over its last axis (mean or sum, as Keras does)
and then takes the mean over the batch, which is what a `keras.losses.<Class>()` object returns with its
default reduction ("sum_over_batch_size"). A 1-D input (N,) counts as N examples of one output in the
regression and binary losses, and as one example of C classes in the categorical ones. Keras' fuzz
factor EPSILON = 1e-7 guards log(0). With `reduction="none"` a loss returns the per-example losses
instead of their mean, reduced over the last axis only (Keras' reduction=None): (N, C) -> (N,).

The gradients `<loss>_grad(y_true, y_pred)` are those of the batch mean with respect to y_pred (the
prediction, or the score z with from_logits=True), y_pred's shape; for the element-wise losses they are
l'(e) / (number of elements), with e = y_hat - y. Where a loss has a kink (mae and hinge at their corner)
the gradient there is 0, as TensorFlow's; a probability clipped to [eps, 1 - eps] gets gradient 0.

    loss                          formula per example (reduce over last axis)          Keras name
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

    gradient (per element, before / number of elements)
    mse_grad                      2 e
    mae_grad                      sign(e)
    huber_grad(delta)             e if |e| <= delta else delta sign(e)
    log_cosh_grad                 tanh(e)
    binary_crossentropy_grad      (p - y) / (p (1 - p)), 0 where p is clipped; from logits: sigmoid(z) - y
    hinge_grad                    -y where y y_hat < 1, else 0            (y in {-1, 1})
    squared_hinge_grad            -2 y max(0, 1 - y y_hat)

Example:
    >>> mse([1.0, 2.0], [1.0, 4.0]), round(sparse_categorical_crossentropy([1], [[0.2, 0.5, 0.3]]), 4)
    (2.0, 0.6931)
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail
from dlkit.nn.activations import sigmoid, softmax

__all__ = [
    "EPSILON", "KERAS_NAMES", "REDUCTIONS", "mse", "mse_grad", "mae", "mae_grad", "rmse", "huber", "huber_grad",
    "log_cosh", "log_cosh_grad", "binary_crossentropy", "binary_crossentropy_grad", "hinge", "hinge_grad",
    "squared_hinge", "squared_hinge_grad", "categorical_crossentropy",
    "sparse_categorical_crossentropy", "kl_divergence", "poisson", "log_softmax",
    "softmax_cross_entropy_with_logits",
]

EPSILON = 1e-7  # keras.config.epsilon()
REDUCTIONS = ("mean", "none")  # the batch mean (Keras' "sum_over_batch_size"), or the per-example losses

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


def _batch(x, name: str, where: str) -> np.ndarray:
    """validate.array, plus at least one axis (the batch)."""
    a = validate.array(x, name, where=where)
    if a.ndim == 0:
        raise fail(f"{where}: {name} must be an array with a batch axis", "shape (N,) or (N, C)",
                   f"a single number {float(a):g}")
    return a


def _pair(y_true, y_pred, where: str):
    """y_true and y_pred as float arrays of one shape (validate.array and validate.same_shape)."""
    y, p = _batch(y_true, "y_true", where), _batch(y_pred, "y_pred", where)
    validate.same_shape(p, y, "y_pred", "y_true", where=where)
    return y, p


def _reduce(per_example: np.ndarray, reduction: str, where: str):
    """The batch mean of the per-example losses (a float), or the losses themselves (reduction="none")."""
    validate.choice(reduction, "reduction", REDUCTIONS, where=where)
    if reduction == "none":
        return np.asarray(per_example, dtype=float)
    return float(np.mean(per_example))


def mse(y_true, y_pred, *, reduction="mean"):
    """Mean squared error: mean over all elements of (y - y_hat)^2. Keras: MeanSquaredError.

    Args:
        y_true: targets y, shape (N,) or (N, C).
        y_pred: predictions y_hat, y_true's shape.

    Returns:
        float.

    Example:
        >>> mse([1.0, 2.0], [1.0, 4.0])
        2.0
    """
    y, p = _pair(y_true, y_pred, "mse")
    return _reduce(np.mean((y - p) ** 2, axis=-1), reduction, "mse")


def mse_grad(y_true, y_pred):
    """Gradient of mse with respect to y_pred: 2 (y_hat - y) / (number of elements).

    Returns:
        dL/dy_hat, y_pred's shape.

    Example:
        >>> mse_grad([1.0, 2.0], [1.0, 4.0])
        array([0., 2.])
    """
    y, p = _pair(y_true, y_pred, "mse_grad")
    return 2.0 * (p - y) / y.size


def mae(y_true, y_pred, *, reduction="mean"):
    """Mean absolute error: mean |y - y_hat|. Keras: MeanAbsoluteError.

    Example:
        >>> mae([1.0, 2.0], [1.0, 4.0])
        1.0
    """
    y, p = _pair(y_true, y_pred, "mae")
    return _reduce(np.mean(np.abs(y - p), axis=-1), reduction, "mae")


def rmse(y_true, y_pred):
    """Root mean squared error: sqrt(mse). Same units as y. Keras: metrics.RootMeanSquaredError.

    Example:
        >>> rmse([0.0, 0.0], [3.0, 3.0])
        3.0
    """
    y, p = _pair(y_true, y_pred, "rmse")
    return float(np.sqrt(np.mean((y - p) ** 2)))


def huber(y_true, y_pred, delta=1.0, *, reduction="mean"):
    """Huber loss: quadratic for small errors, linear for large ones. Keras: Huber(delta=1.0).

    e = y_hat - y;  l(e) = e^2 / 2 if |e| <= delta else delta (|e| - delta / 2); mean over last axis.

    Args:
        delta: where the quadratic part ends, a number > 0.

    Example:
        >>> huber([0.0, 0.0], [0.5, 3.0])            # (0.125 + 2.5) / 2
        1.3125
    """
    delta = validate.number(delta, "delta", low=0, low_open=True, where="huber")
    y, p = _pair(y_true, y_pred, "huber")
    e = np.abs(p - y)
    per = np.where(e <= delta, 0.5 * e ** 2, delta * (e - 0.5 * delta))
    return _reduce(np.mean(per, axis=-1), reduction, "huber")


def log_cosh(y_true, y_pred, *, reduction="mean"):
    """Log-cosh: mean log(cosh(y_hat - y)); ~ e^2/2 for small e, ~ |e| - log 2 for large. Keras: LogCosh.

    Computed as e + softplus(-2e) - log 2, which never overflows.

    Example:
        >>> log_cosh([0.0], [0.0])
        0.0
    """
    y, p = _pair(y_true, y_pred, "log_cosh")
    e = p - y
    per = e + np.logaddexp(0.0, -2.0 * e) - np.log(2.0)
    return _reduce(np.mean(per, axis=-1), reduction, "log_cosh")


def binary_crossentropy(y_true, y_pred, from_logits=False, *, reduction="mean"):
    """Binary cross-entropy: mean -[y log p + (1 - y) log(1 - p)]. Keras: BinaryCrossentropy.

    from_logits=False: y_pred are probabilities, clipped to [eps, 1 - eps] (Keras does the same).
    from_logits=True: y_pred are scores z, and the loss is max(z, 0) - z y + log(1 + e^-|z|),
    which is exact and never takes log(0).

    Example:
        >>> round(binary_crossentropy([1.0], [0.5]), 4)          # log 2
        0.6931
    """
    y, p = _pair(y_true, y_pred, "binary_crossentropy")
    if from_logits:
        per = np.maximum(p, 0.0) - p * y + np.log1p(np.exp(-np.abs(p)))
    else:
        q = np.clip(p, EPSILON, 1.0 - EPSILON)
        per = -(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))
    return _reduce(np.mean(per, axis=-1), reduction, "binary_crossentropy")


def _signed(y):
    """Hinge labels: {0, 1} are mapped to {-1, 1} as Keras does; {-1, 1} are kept."""
    if np.all((y == 0) | (y == 1)):
        return 2.0 * y - 1.0
    return y


def hinge(y_true, y_pred, *, reduction="mean"):
    """Hinge: mean max(0, 1 - y y_hat) with y in {-1, 1} (0/1 labels are converted). Keras: Hinge.

    Example:
        >>> hinge([1.0, -1.0], [2.0, 0.5])           # (0 + 1.5) / 2
        0.75
    """
    y, p = _pair(y_true, y_pred, "hinge")
    return _reduce(np.mean(np.maximum(1.0 - _signed(y) * p, 0.0), axis=-1), reduction, "hinge")


def squared_hinge(y_true, y_pred, *, reduction="mean"):
    """Squared hinge: mean max(0, 1 - y y_hat)^2. Keras: SquaredHinge.

    Example:
        >>> squared_hinge([1.0, -1.0], [2.0, 0.5])   # (0 + 1.5^2) / 2
        1.125
    """
    y, p = _pair(y_true, y_pred, "squared_hinge")
    return _reduce(np.mean(np.maximum(1.0 - _signed(y) * p, 0.0) ** 2, axis=-1), reduction, "squared_hinge")


def log_softmax(z, axis=-1):
    """log(softmax(z)) computed stably: z - max z - log(sum e^(z - max z)).

    Args:
        z: scores, shape (C,) or (N, C).

    Returns:
        log-probabilities, z's shape.

    Example:
        >>> log_softmax([0.0, 0.0]) == np.log([0.5, 0.5])
        array([ True,  True])
    """
    z = _batch(z, "z", "log_softmax")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def categorical_crossentropy(y_true, y_pred, from_logits=False, *, reduction="mean"):
    """Categorical cross-entropy with one-hot (or soft) targets: -sum_c y_c log p_c, batch mean.

    Keras: CategoricalCrossentropy. With probabilities, each row is rescaled to sum 1 and clipped to
    [eps, 1 - eps] as Keras does; with from_logits=True, log p = log_softmax(z).

    Args:
        y_true: Y, one-hot or soft targets, shape (N, C) (or (C,) for one example).
        y_pred: P (N, C), or scores Z with from_logits=True.

    Example:
        >>> round(categorical_crossentropy([[0, 1, 0]], [[0.2, 0.5, 0.3]]), 4)     # -log 0.5
        0.6931
    """
    y, p = _pair(y_true, y_pred, "categorical_crossentropy")
    if from_logits:
        logp = log_softmax(p)
    else:
        q = p / np.sum(p, axis=-1, keepdims=True)
        logp = np.log(np.clip(q, EPSILON, 1.0 - EPSILON))
    return _reduce(-np.sum(y * logp, axis=-1), reduction, "categorical_crossentropy")


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, *, reduction="mean"):
    """Cross-entropy with integer labels: -log p[label], batch mean. Keras: SparseCategoricalCrossentropy.

    Args:
        y_true: y, integer class labels, shape (N,), each in [0, C).
        y_pred: probabilities P or (with from_logits=True) scores Z, shape (N, C).

    Example:
        >>> round(sparse_categorical_crossentropy([1], [[0.2, 0.5, 0.3]]), 4)      # -log 0.5
        0.6931
    """
    where = "sparse_categorical_crossentropy"
    p = validate.array(y_pred, "y_pred", shape=(None, None), where=where)           # (N, C)
    labels = validate.labels(y_true, "y_true", n=p.shape[0], classes=p.shape[1], where=where)
    # Keras (TensorFlow backend) clips probabilities first, then rescales each row to sum 1.
    logp = log_softmax(p if from_logits else np.log(np.clip(p, EPSILON, 1.0 - EPSILON)))   # (N, C)
    return _reduce(-logp[np.arange(p.shape[0]), labels], reduction, "sparse_categorical_crossentropy")


def kl_divergence(y_true, y_pred, *, reduction="mean"):
    """Kullback-Leibler divergence KL(y || p) = sum y log(y / p), batch mean. Keras: KLDivergence.

    Both are clipped to [eps, 1] first (Keras does the same), so zeros in y contribute ~0.

    Example:
        >>> kl_divergence([[0.5, 0.5]], [[0.5, 0.5]])
        0.0
    """
    y, p = _pair(y_true, y_pred, "kl_divergence")
    y, p = np.clip(y, EPSILON, 1.0), np.clip(p, EPSILON, 1.0)
    return _reduce(np.sum(y * np.log(y / p), axis=-1), reduction, "kl_divergence")


def poisson(y_true, y_pred, *, reduction="mean"):
    """Poisson loss for counts: mean (y_hat - y log(y_hat + eps)). Keras: Poisson.

    Example:
        >>> poisson([0.0], [2.0])
        2.0
    """
    y, p = _pair(y_true, y_pred, "poisson")
    return _reduce(np.mean(p - y * np.log(p + EPSILON), axis=-1), reduction, "poisson")


# --- gradients with respect to y_pred (of the batch mean) -------------------------------------------------

def mae_grad(y_true, y_pred):
    """Gradient of mae with respect to y_pred: sign(y_hat - y) / (number of elements); 0 where y_hat = y.

    Example:
        >>> mae_grad([1.0, 2.0], [1.0, 4.0])
        array([0. , 0.5])
    """
    y, p = _pair(y_true, y_pred, "mae_grad")
    return np.sign(p - y) / y.size


def huber_grad(y_true, y_pred, delta=1.0):
    """Gradient of huber with respect to y_pred: e if |e| <= delta else delta sign(e), over the element count.

    Example:
        >>> huber_grad([0.0, 0.0], [0.5, 3.0])      # (0.5, 1) / 2
        array([0.25, 0.5 ])
    """
    delta = validate.number(delta, "delta", low=0, low_open=True, where="huber_grad")
    y, p = _pair(y_true, y_pred, "huber_grad")
    e = p - y
    return np.where(np.abs(e) <= delta, e, delta * np.sign(e)) / y.size


def log_cosh_grad(y_true, y_pred):
    """Gradient of log_cosh with respect to y_pred: tanh(y_hat - y) / (number of elements).

    Example:
        >>> log_cosh_grad([0.0], [0.0])
        array([0.])
    """
    y, p = _pair(y_true, y_pred, "log_cosh_grad")
    return np.tanh(p - y) / y.size


def binary_crossentropy_grad(y_true, y_pred, from_logits=False):
    """Gradient of binary_crossentropy with respect to y_pred (probabilities p, or scores z).

    from_logits=False: (p - y) / (p (1 - p)) / (number of elements), and 0 where p lies outside
    [eps, 1 - eps] (the clipped loss is flat there: the model learns nothing from it).
    from_logits=True: (sigmoid(z) - y) / (number of elements), never 0 for a wrong confident score.

    Example:
        >>> binary_crossentropy_grad([1.0], [0.5]), binary_crossentropy_grad([1.0], [0.0], from_logits=True)
        (array([-2.]), array([-0.5]))
    """
    y, p = _pair(y_true, y_pred, "binary_crossentropy_grad")
    if from_logits:
        return (np.asarray(sigmoid(p)) - y) / y.size
    inside = (p >= EPSILON) & (p <= 1.0 - EPSILON)
    q = np.clip(p, EPSILON, 1.0 - EPSILON)
    return np.where(inside, (q - y) / (q * (1.0 - q)), 0.0) / y.size


def hinge_grad(y_true, y_pred):
    """Gradient of hinge with respect to y_pred: -y where y y_hat < 1, else 0 (0/1 labels converted).

    Example:
        >>> hinge_grad([1.0, -1.0], [2.0, 0.5])      # (0, 1) / 2
        array([0. , 0.5])
    """
    y, p = _pair(y_true, y_pred, "hinge_grad")
    s = _signed(y)
    return np.where(1.0 - s * p > 0.0, -s, 0.0) / y.size


def squared_hinge_grad(y_true, y_pred):
    """Gradient of squared_hinge with respect to y_pred: -2 y max(0, 1 - y y_hat) / (number of elements).

    Example:
        >>> squared_hinge_grad([1.0, -1.0], [2.0, 0.5])   # (0, 2 * 1.5) / 2
        array([0. , 1.5])
    """
    y, p = _pair(y_true, y_pred, "squared_hinge_grad")
    s = _signed(y)
    return -2.0 * s * np.maximum(1.0 - s * p, 0.0) / y.size + 0.0      # + 0.0 turns -0.0 into 0.0


def softmax_cross_entropy_with_logits(logits, y):
    """Softmax + cross-entropy on logits, and its gradient with respect to the logits.

    loss = mean_n -log softmax(Z_n)[y_n];   dloss/dZ = (softmax(Z) - Y) / N     (Y = onehot(y))

    Args:
        logits: scores Z, shape (N, C).
        y: integer labels (N,) or one-hot / soft targets Y (N, C).

    Returns:
        loss (float) and dlogits, shape (N, C).

    Example:
        >>> loss, dZ = softmax_cross_entropy_with_logits(np.zeros((1, 2)), [0])
        >>> round(loss, 4), dZ
        (0.6931, array([[-0.5,  0.5]]))
    """
    where = "softmax_cross_entropy_with_logits"
    Z = validate.array(logits, "logits", shape=(None, None), where=where)          # (N, C)
    N, C = Z.shape
    if np.ndim(y) == 1:
        Y = np.eye(C)[validate.labels(y, "y", n=N, classes=C, where=where)]         # (N,) -> (N, C)
    else:
        Y = validate.array(y, "y", shape=(N, C), where=where)                       # (N, C)
    loss = float(np.mean(-np.sum(Y * log_softmax(Z), axis=-1)))
    dlogits = (softmax(Z) - Y) / N                                                   # (N, C)
    return loss, dlogits
