"""The perceptron of chapter 01: one neuron with a step activation, and Rosenblatt's learning rule.

Symbols: N samples, D features.

    z     = X @ w + b          # (N, D) @ (D,) + () -> (N,)   weighted sum ("pre-activation")
    y_hat = step(z)            # (N,) int, 1 where z >= 0 else 0
    w    <- w + lr (y - y_hat) x     b <- b + lr (y - y_hat)     # Rosenblatt (1958), per sample

Labels are the integers 0 and 1 throughout (not -1/+1 as in scikit-learn's internals).
Randomness is only used when an ``rng`` is passed in; nothing here touches global random state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dlkit.checks import CheckError, check_shape

__all__ = [
    "weighted_sum",
    "step",
    "predict",
    "train_perceptron",
    "PerceptronResult",
    "boundary_points",
]


def _as_float_array(x, name: str) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise CheckError(f"{name}: expected numbers (array-like of floats). Received: {x!r}") from err
    return arr


def _weights(w, b):
    """Validate w (D,) and b (scalar); return them as a float array and a float."""
    w = _as_float_array(w, "w")
    check_shape(w, (None,), name="w", hint="the weights are one vector with one entry per feature")
    b_arr = np.asarray(b, dtype=float)
    if b_arr.ndim != 0:
        raise CheckError(f"b: expected a single number (the bias). Received an array of shape {b_arr.shape}")
    return w, float(b_arr)


def weighted_sum(x, w, b):
    """Weighted sum of the inputs plus the bias: the neuron's pre-activation.

    Formula: z = w . x + b = sum_i w_i x_i + b

    Args:
        x: one sample, shape (D,), or a batch, shape (N, D).
        w: weights, shape (D,).
        b: bias, a number.

    Returns:
        A float for one sample, or an array of shape (N,) for a batch.

    Example:
        >>> weighted_sum([1.0, 0.0], [0.5, 2.0], -0.2)
        0.3
    """
    w, b = _weights(w, b)
    x = _as_float_array(x, "x")
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        raise CheckError(
            f"x: expected shape ({w.shape[0]},) or (N, {w.shape[0]}) to match w of shape {w.shape}. "
            f"Received shape {x.shape}")
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
    z_arr = _as_float_array(z, "z")
    out = (z_arr >= 0).astype(int)
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
    X = _as_float_array(X, "X")
    check_shape(X, (None, None), name="X", hint="X holds one sample per row: shape (N, D)")
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


def _labels(y, n: int) -> np.ndarray:
    y_arr = np.asarray(y)
    if y_arr.shape != (n,):
        raise CheckError(f"y: expected shape ({n},), one label per row of X. Received shape {y_arr.shape}")
    if not np.isin(y_arr, (0, 1)).all():
        found = np.unique(y_arr)[:5]
        raise CheckError(f"y: expected labels 0 and 1 only. Received values such as {found.tolist()}")
    return y_arr.astype(int)


def train_perceptron(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0, rng=None):
    """Train a perceptron with Rosenblatt's rule, one sample at a time.

    For each sample (x, y) in order:
        y_hat = step(w . x + b)
        w <- w + lr (y - y_hat) x
        b <- b + lr (y - y_hat)
    A correct prediction gives y - y_hat = 0, so only mistakes change the weights. Training stops after
    the first epoch without a mistake (converged) or after `max_epochs` epochs.

    Args:
        X: inputs, shape (N, D).
        y: labels 0/1, shape (N,).
        lr: learning rate, > 0.
        max_epochs: most passes over the data, >= 1.
        w0: initial weights, shape (D,); zeros if None.
        b0: initial bias.
        rng: optional ``np.random.Generator``; if given, the sample order is shuffled every epoch.
            Without it the order is fixed and the result deterministic.

    Returns:
        PerceptronResult(w, b, converged, epochs, errors).

    Example:
        >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]); y = np.array([0, 0, 0, 1])  # AND
        >>> r = train_perceptron(X, y)
        >>> r.converged, predict(X, r.w, r.b).tolist()
        (True, [0, 0, 0, 1])
    """
    X = _as_float_array(X, "X")
    check_shape(X, (None, None), name="X", hint="X holds one sample per row: shape (N, D)")
    n, d = X.shape
    y = _labels(y, n)
    if not lr > 0:
        raise CheckError(f"lr: expected a positive number. Received lr={lr!r}")
    if int(max_epochs) != max_epochs or max_epochs < 1:
        raise CheckError(f"max_epochs: expected a positive integer. Received max_epochs={max_epochs!r}")
    w = np.zeros(d) if w0 is None else _as_float_array(w0, "w0").copy()
    check_shape(w, (d,), name="w0", hint="one initial weight per feature (column of X)")
    b = float(b0)

    errors: list[int] = []
    converged = False
    for _ in range(int(max_epochs)):
        order = rng.permutation(n) if rng is not None else range(n)
        mistakes = 0
        for i in order:
            y_hat = 1 if X[i] @ w + b >= 0 else 0  # step(w . x_i + b)
            error = y[i] - y_hat  # -1, 0 or +1
            if error != 0:
                w = w + lr * error * X[i]  # (D,)
                b = b + lr * error
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            converged = True
            break
    return PerceptronResult(w=w, b=float(b), converged=converged, epochs=len(errors), errors=errors)


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
    w, b = _weights(w, b)
    check_shape(w, (2,), name="w", hint="boundary_points draws lines for 2-D inputs only")
    lo, hi = (float(v) for v in x1_range)
    w1, w2 = w
    if w2 != 0:
        x1s = np.array([lo, hi])
        return x1s, -(w1 * x1s + b) / w2
    if w1 != 0:
        lo2, hi2 = (float(v) for v in (x2_range if x2_range is not None else x1_range))
        return np.array([-b / w1, -b / w1]), np.array([lo2, hi2])
    return None
