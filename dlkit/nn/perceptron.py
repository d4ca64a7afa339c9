"""The perceptron of chapter 01: one neuron with a step activation, and Rosenblatt's learning rule.

Symbols (docs/NAMING.md): N examples, D input features; X inputs (N, D), x one example (D,), w weights
(D,), b bias, z the weighted sum (pre-activation), y labels (N,) in {0, 1}, y_hat predictions.

    z     = X @ w + b          # (N, D) @ (D,) + () -> (N,)   weighted sum ("pre-activation")
    y_hat = step(z)            # (N,) int, 1 where z >= 0 else 0
    w    <- w + learning_rate (y - y_hat) x     b <- b + learning_rate (y - y_hat)   # Rosenblatt (1958)

Labels are the integers 0 and 1 throughout (not -1/+1 as in scikit-learn's internals).
Randomness is only used when an ``rng`` is passed in; nothing here touches global random state.

Example:
    >>> predict([[0, 0], [1, 1]], [1.0, 1.0], -1.5)
    array([0, 1])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = [
    "weighted_sum",
    "step",
    "predict",
    "train_perceptron",
    "PerceptronResult",
    "sklearn_perceptron",
    "boundary_points",
]


def weighted_sum(x, w, b):
    """Weighted sum of the inputs plus the bias: the neuron's pre-activation.

    Formula: z = w . x + b = sum_i w_i x_i + b

    Args:
        x: one example, shape (D,), or a batch, shape (N, D).
        w: weights, shape (D,).
        b: bias, a number.

    Returns:
        A float for one example, or an array of shape (N,) for a batch.

    Example:
        >>> weighted_sum([1.0, 0.0], [0.5, 2.0], -0.2)
        0.3
    """
    w = validate.array(w, "w", ndim=1, where="weighted_sum")
    b = validate.number(b, "b", where="weighted_sum")
    x = validate.array(x, "x", where="weighted_sum")
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        D = w.shape[0]
        raise fail("weighted_sum: x has the wrong shape", f"({D},) or (N, {D}), to match w of shape ({D},)",
                   str(x.shape), hint="one weight per feature: the last axis of x must have len(w) entries")
    z = x @ w + b  # (D,) @ (D,) -> ()  or  (N, D) @ (D,) -> (N,)
    return float(z) if x.ndim == 1 else z


def step(z):
    """Heaviside step activation with step(0) = 1.

    Formula: step(z) = 1 if z >= 0 else 0   (elementwise)

    Args:
        z: a number or an array of any shape.

    Returns:
        An int for a number, else an int array of the same shape as z.

    Example:
        >>> step(np.array([-0.5, 0.0, 2.0]))
        array([0, 1, 1])
    """
    out = (validate.array(z, "z", where="step") >= 0).astype(int)
    return int(out) if out.ndim == 0 else out


def predict(X, w, b):
    """Class labels (0 or 1) a perceptron assigns to a batch.

    Formula: y_hat = step(X @ w + b)

    Args:
        X: inputs, shape (N, D).
        w: weights, shape (D,).
        b: bias, a number.

    Returns:
        int array of shape (N,).

    Example:
        >>> predict([[0, 0], [1, 1]], [1.0, 1.0], -1.5)
        array([0, 1])
    """
    X = validate.array(X, "X", ndim=2, where="predict")      # (N, D): one example per row
    return step(weighted_sum(X, w, b))


@dataclass(frozen=True)
class PerceptronResult:
    """What `train_perceptron` returns.

    Attributes:
        w: learned weights, shape (D,).
        b: learned bias.
        converged: True when an epoch made no mistake (the data were separated).
        epochs: number of epochs run (the last one is the mistake-free one when converged).
        errors: mistakes made in each epoch, len(errors) == epochs.
    """

    w: np.ndarray
    b: float
    converged: bool
    epochs: int
    errors: list[int] = field(default_factory=list)

    def as_tuple(self) -> tuple:
        """(w, b, converged, errors): the tuple chapter 01's `train_perceptron` exercise returns.

        Example:
            >>> PerceptronResult(np.array([1.0, 1.0]), 0.0, False, 1, [2]).as_tuple()
            (array([1., 1.]), 0.0, False, [2])
        """
        return self.w, self.b, self.converged, list(self.errors)


def train_perceptron(X, y, learning_rate=1.0, max_epochs=100, w0=None, b0=0.0, rng=None):
    """Train a perceptron with Rosenblatt's rule, one example at a time.

    For each example (x, y) in order:
        y_hat = step(w . x + b)
        w <- w + learning_rate (y - y_hat) x
        b <- b + learning_rate (y - y_hat)
    A correct prediction gives y - y_hat = 0, so only mistakes change the weights. Training stops after
    the first epoch without a mistake (converged) or after `max_epochs` epochs.

    Args:
        X: inputs, shape (N, D).
        y: labels 0/1, shape (N,).
        learning_rate: step size, > 0.
        max_epochs: most passes over the data, >= 1.
        w0: initial weights, shape (D,); zeros if None.
        b0: initial bias.
        rng: optional ``np.random.Generator`` or int seed; if given, the example order is shuffled every
            epoch. Without it (None) the order is fixed and the result deterministic.

    Returns:
        PerceptronResult(w, b, converged, epochs, errors).

    Example:
        >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]); y = np.array([0, 0, 0, 1])  # AND
        >>> r = train_perceptron(X, y)
        >>> r.converged, predict(X, r.w, r.b).tolist()
        (True, [0, 0, 0, 1])
    """
    where = "train_perceptron"
    X = validate.array(X, "X", ndim=2, where=where)          # (N, D)
    n, d = X.shape
    y = validate.array(y, "y", shape=(n,), where=where)      # (N,): one label per row of X
    if not np.isin(y, (0, 1)).all():
        raise fail(f"{where}: y must hold the labels 0 and 1 only", "0 and 1 (not -1 and +1)",
                   f"values such as {np.unique(y)[:5].tolist()}")
    y = y.astype(int)
    learning_rate = validate.number(learning_rate, "learning_rate", low=0, low_open=True, where=where)
    max_epochs = validate.integer(max_epochs, "max_epochs", low=1, where=where)
    w = np.zeros(d) if w0 is None else validate.array(w0, "w0", shape=(d,), where=where)   # a copy
    b = validate.number(b0, "b0", where=where)
    order_rng = None if rng is None else validate.rng(rng, where=where)

    errors: list[int] = []
    converged = False
    for _ in range(max_epochs):
        order = order_rng.permutation(n) if order_rng is not None else range(n)
        mistakes = 0
        for i in order:
            y_hat = 1 if X[i] @ w + b >= 0 else 0  # step(w . x_i + b)
            error = y[i] - y_hat  # -1, 0 or +1
            if error != 0:
                w = w + learning_rate * error * X[i]  # (D,) + () * (D,) -> (D,)
                b = b + learning_rate * error
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            converged = True
            break
    return PerceptronResult(w=w, b=float(b), converged=converged, epochs=len(errors), errors=errors)


def sklearn_perceptron(X, y, learning_rate=1.0, max_epochs=100, tol=None):
    """scikit-learn's Perceptron set up as Rosenblatt's rule: the examples in order, a constant step, no penalty.

    It fits ``sklearn.linear_model.Perceptron(eta0=learning_rate, penalty=None, shuffle=False,
    fit_intercept=True, tol=tol, max_iter=max_epochs)``, which is SGD on the loss max(0, -s z) with the
    labels coded s = 2y - 1 = -1/+1: whenever s z <= 0 it updates

        w <- w + learning_rate s x,   b <- b + learning_rate s

    the update `train_perceptron` makes on a mistake (y - y_hat = s there). The rules differ at z = 0
    exactly: scikit-learn counts it as a mistake for both classes, step(0) = 1 only for class 0. From
    w = 0, b = 0 the first example always has z = 0. When it is of class 0 both make the same update, and
    on continuous inputs z = 0 does not happen again: both end with the same w and b, to the last bit.
    When it is of class 1, scikit-learn updates and `train_perceptron` does not; starting
    `train_perceptron` from that update (w0 = learning_rate x_0, b0 = learning_rate) gives scikit-learn's
    result again.

    Stopping: with tol=None scikit-learn runs all max_epochs epochs (the epochs after a mistake-free one
    change nothing). With a number (scikit-learn's default is 1e-3) it stops once the training loss has
    not improved by tol for 5 epochs in a row, which can happen before the data are separated.
    scikit-learn's ConvergenceWarning (max_epochs reached) is silenced: epochs == max_epochs says it.

    Args:
        X: inputs, shape (N, D).
        y: labels 0/1, shape (N,).
        learning_rate: scikit-learn's eta0, > 0.
        max_epochs: scikit-learn's max_iter, >= 1.
        tol: None, or scikit-learn's stopping tolerance (> 0).

    Returns:
        (w, b, epochs): weights (D,) float array, bias float, epochs scikit-learn ran (its n_iter_).

    Example:
        >>> X = np.array([[0.3, 0.2], [1.4, 1.1], [0.1, 1.3], [1.2, 0.4], [0.2, 0.6], [1.5, 1.6]])
        >>> y = np.array([0, 1, 0, 1, 0, 1])                       # continuous inputs, class 0 first
        >>> w, b, epochs = sklearn_perceptron(X, y, max_epochs=50)
        >>> r = train_perceptron(X, y)
        >>> w.tolist() == r.w.tolist(), b == r.b, epochs, r.epochs
        (True, True, 50, 3)

    On the logic gates' 0/1 inputs z = 0 recurs after the first example, and the two part ways: on AND
    scikit-learn ends at w = (3, 2), b = -4, `train_perceptron` at w = (2, 1), b = -3 (both correct).
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import Perceptron

    where = "sklearn_perceptron"
    X = validate.array(X, "X", ndim=2, where=where)          # (N, D)
    y = validate.labels(y, "y", n=X.shape[0], classes=2, where=where)
    if len(np.unique(y)) < 2:
        raise fail(f"{where}: y must hold both classes", "labels 0 and 1, each at least once",
                   f"only the label {int(y[0])}")
    learning_rate = validate.number(learning_rate, "learning_rate", low=0, low_open=True, where=where)
    max_epochs = validate.integer(max_epochs, "max_epochs", low=1, where=where)
    if tol is not None:
        tol = validate.number(tol, "tol", low=0, low_open=True, where=where)
    clf = Perceptron(eta0=learning_rate, penalty=None, shuffle=False, fit_intercept=True, tol=tol,
                     max_iter=max_epochs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    return clf.coef_[0].astype(float), float(clf.intercept_[0]), int(clf.n_iter_)


def boundary_points(w, b, x1_range, x2_range=None):
    """Two points on the decision boundary w1 x1 + w2 x2 + b = 0 (2-D inputs), for drawing it.

    Formula: x2 = -(w1 x1 + b) / w2; a vertical line x1 = -b / w1 when w2 == 0.

    Args:
        w: weights, shape (2,).
        b: bias.
        x1_range: (x1_min, x1_max), the horizontal extent of the plot.
        x2_range: (x2_min, x2_max), the vertical extent, used only for a vertical line (w2 == 0);
            defaults to x1_range.

    Returns:
        (x1s, x2s), two arrays of shape (2,), or None when w == 0 (there is no boundary: the
        perceptron answers the same everywhere).

    Example:
        >>> boundary_points([1.0, 1.0], -1.5, (0.0, 1.0))
        (array([0., 1.]), array([1.5, 0.5]))
    """
    w = validate.array(w, "w", shape=(2,), where="boundary_points")   # lines for 2-D inputs only
    b = validate.number(b, "b", where="boundary_points")
    lo, hi = validate.array(x1_range, "x1_range", shape=(2,), where="boundary_points")
    w1, w2 = w
    if w2 != 0:
        x1s = np.array([lo, hi])
        return x1s, -(w1 * x1s + b) / w2
    if w1 != 0:
        lo2, hi2 = validate.array(x1_range if x2_range is None else x2_range, "x2_range", shape=(2,),
                                  where="boundary_points")
        return np.array([-b / w1, -b / w1]), np.array([lo2, hi2])
    return None
