"""Weight penalties and training diagnostics of chapter 08, in numpy, matched to Keras where Keras has them.

Symbols (docs/NAMING.md): N examples, H units of a layer; A a layer's activations (N, H); W a kernel;
rate the dropout rate p; l1, l2 penalty strengths.

    penalties (Keras regularizers):  L1: l1 * sum |w|    L2: l2 * sum w^2   (no 1/2, unlike 003 eq. 27)
    003's older dropout at inference:  out = (1 - rate) A   (training drops without scaling; Keras'
                                       inverted dropout is dlkit.nn.layers.dropout_forward)
    l1_descent:        least squares + l1 * sum |w| by plain (sub)gradient steps or by proximal steps
                       (soft-thresholding): only the second lands on exact zeros
    diagnose_curves:   "overfitting", "underfitting" or "good fit" from the training and validation losses
    dead_relu_fraction: the share of ReLU units that are off on every example (dead), or on at least a
                       given share of them (nearly dead)

The layers of the chapter (dropout, batch norm, layer norm, with their backward passes) are in
dlkit.nn.layers.

Example:
    >>> l1_l2_penalty([np.array([[1.0, -2.0]])], l1=0.5, l2=0.1)      # 0.5 * 3 + 0.1 * 5
    2.0
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name

__all__ = ["dropout_scale_at_inference", "l1_l2_penalty", "l1_descent", "soft_threshold", "diagnose_curves",
           "dead_relu_fraction"]


def dropout_scale_at_inference(A, rate):
    """003's form of dropout at inference: out = (1 - rate) A (its training drops without scaling).

    Args:
        A: activations, any shape (a number is fine).
        rate: the dropout rate, in [0, 1).

    Returns:
        (1 - rate) * A, A's shape (a float for a number).

    Example:
        >>> dropout_scale_at_inference(2.0, 0.5)
        1.0
    """
    rate = validate.number(rate, "rate", low=0, high=1, high_open=True, where="dropout_scale_at_inference")
    out = (1.0 - rate) * validate.array(A, "A", where="dropout_scale_at_inference")
    return float(out) if np.ndim(A) == 0 else out


# --- weight penalties --------------------------------------------------------------------------------

def l1_l2_penalty(kernels, l1=0.0, l2=0.0) -> float:
    """Penalty added to the loss: l1 * sum |w| + l2 * sum w^2 over every kernel (keras.regularizers.L1L2).

    Args:
        kernels: a list of weight arrays (biases are usually not penalised).
        l1, l2: strengths, numbers >= 0.

    Returns:
        float.

    Example:
        >>> l1_l2_penalty([np.array([3.0, -4.0])], l2=0.01)              # 0.01 * 25
        0.25
    """
    where = "l1_l2_penalty"
    if isinstance(kernels, np.ndarray) or not isinstance(kernels, (list, tuple)):
        raise fail(f"{where}: kernels must be a list of weight arrays", "[W1, W2, ...]", type_name(kernels))
    l1 = validate.number(l1, "l1", low=0, where=where)
    l2 = validate.number(l2, "l2", low=0, where=where)
    arrays = [validate.array(k, f"kernels[{i}]", where=where) for i, k in enumerate(kernels)]
    return float(sum(l1 * np.abs(w).sum() + l2 * np.square(w).sum() for w in arrays))


def soft_threshold(w, t):
    """The proximal step of t * |w|: shrink every entry towards 0 by t, and set it to 0 if |w| <= t.

        soft_threshold(w, t) = sign(w) * max(|w| - t, 0)

    Example:
        >>> soft_threshold(np.array([-1.0, 0.05, 0.3]), 0.1)
        array([-0.9,  0. ,  0.2])
    """
    w = validate.array(w, "w", where="soft_threshold")
    t = validate.number(t, "t", low=0, where="soft_threshold")
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0)


def l1_descent(X, y, l1, learning_rate=0.1, steps=500, proximal=False):
    """Minimise J(w) = (1 / 2N) ||X w - y||^2 + l1 * sum |w| from w = 0; return every iterate.

    (The objective of scikit-learn's Lasso(alpha=l1, fit_intercept=False).) Two ways to step:

        plain (sub)gradient, as Keras does with an L1 regularizer:
            w <- w - learning_rate * (X^T (X w - y) / N + l1 * sign(w))
        proximal (ISTA): a gradient step on the squared error, then soft_threshold(w, learning_rate * l1)

    At the minimum, the weights whose data gradient is smaller than l1 are exactly 0 (the subgradient of
    |w| at 0 is the whole interval [-1, 1]). The proximal step puts them there and keeps them there;
    the plain step pushes them by learning_rate * l1 across 0 and back, so they oscillate around 0 and
    are never exactly 0.

    Args:
        X: (N, D) inputs; y: (N,) targets.
        l1: the penalty strength, >= 0.
        learning_rate: the step size, > 0 (below 1 / largest eigenvalue of X^T X / N to converge).
        steps: number of updates, an int >= 1.
        proximal: use the proximal step (True) or the plain subgradient step (False).

    Returns:
        (steps + 1, D) array: w after 0, 1, ..., steps updates.

    Example:
        >>> X = np.array([[1.0, 0.0], [0.0, 1.0]]); y = np.array([1.0, 0.05])
        >>> l1_descent(X, y, l1=0.1, learning_rate=2.0, steps=1, proximal=True)[-1]    # the second weight is 0
        array([0.8, 0. ])
    """
    where = "l1_descent"
    X = validate.array(X, "X", ndim=2, where=where)
    y = validate.array(y, "y", shape=(X.shape[0],), where=where)
    l1 = validate.number(l1, "l1", low=0, where=where)
    learning_rate = validate.number(learning_rate, "learning_rate", low=0, low_open=True, where=where)
    steps = validate.integer(steps, "steps", low=1, where=where)
    N, D = X.shape
    w = np.zeros(D)
    path = [w.copy()]
    for _ in range(steps):
        grad = X.T @ (X @ w - y) / N                               # (D, N) @ (N,) -> (D,)
        if proximal:
            w = soft_threshold(w - learning_rate * grad, learning_rate * l1)
        else:
            w = w - learning_rate * (grad + l1 * np.sign(w))
        path.append(w.copy())
    return np.array(path)                                          # (steps + 1, D)


# --- reading training curves ---------------------------------------------------------------------------

def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5) -> str:
    """"overfitting", "underfitting" or "good fit" from per-epoch losses, by two rules in this order:

    overfitting:  the last validation loss is more than (1 + tol) times its minimum, while the training
                  loss at the end is below its value at that epoch (training improves, validation worsens);
    underfitting: otherwise, if the last training loss is still above `high` times the first one
                  (the model has not even halved its training loss: too small, too regularised, too short);
    good fit:     neither.

    Args:
        train_loss, val_loss: one loss per epoch, two 1-D sequences of one length >= 2.
        tol: tolerated rise of the validation loss above its minimum, a fraction >= 0.
        high: the underfitting threshold, a fraction of the first training loss, in (0, 1].

    Example:
        >>> diagnose_curves([1.0, 0.5, 0.2, 0.1], [1.0, 0.6, 0.5, 0.7])
        'overfitting'
    """
    where = "diagnose_curves"
    t = validate.array(train_loss, "train_loss", ndim=1, where=where)
    v = validate.array(val_loss, "val_loss", ndim=1, where=where)
    if len(t) != len(v) or len(t) < 2:
        raise fail(f"{where}: train_loss and val_loss must be two curves of one length >= 2",
                   "one training and one validation loss per epoch, at least two epochs",
                   f"lengths {len(t)} and {len(v)}")
    tol = validate.number(tol, "tol", low=0, where=where)
    high = validate.number(high, "high", low=0, high=1, low_open=True, where=where)
    best = int(np.argmin(v))
    if v[-1] > (1 + tol) * v[best] and t[-1] < t[best]:
        return "overfitting"
    if t[-1] > high * t[0]:
        return "underfitting"
    return "good fit"


def dead_relu_fraction(A, threshold=1.0) -> float:
    """Fraction of units whose ReLU output is 0 on at least `threshold` of the examples (003 section 12.4).

    A dead unit outputs 0 on every example (threshold=1.0, the default): its gradient is 0 everywhere,
    so it never recovers. A smaller threshold counts "nearly dead" units too, e.g. 0.9: off on at least
    90 % of the examples.

    Args:
        A: activations of one ReLU layer, shape (N, H).
        threshold: a fraction in (0, 1].

    Returns:
        float in [0, 1].

    Example:
        >>> dead_relu_fraction(np.array([[0.0, 1.0], [0.0, 2.0]]))       # unit 0 is always off
        0.5
    """
    A = validate.array(A, "A", ndim=2, where="dead_relu_fraction")
    threshold = validate.number(threshold, "threshold", low=0, high=1, low_open=True, where="dead_relu_fraction")
    zero_share = np.mean(A == 0, axis=0)                      # (N, H) -> (H,) share of examples where unit is off
    return float(np.mean(zero_share >= threshold))
