"""Synthetic data of the chapters: logic gates, Gaussian blobs, linearly separable points.

Randomness comes in as `rng`: a `np.random.Generator` or an int seed (None means seed 0), never from
numpy's global state. The same rng gives the same data on every machine.

Symbols (docs/NAMING.md): N examples, D = 2 input features.
    X   (N, D) float   one example per row
    y   (N,)   int     class labels in {0, 1}

Example:
    >>> X, y = logic_gate("xor")
    >>> X.shape, y.tolist()
    ((4, 2), [0, 1, 1, 0])
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = ["GATES", "logic_gate", "two_blobs", "linearly_separable", "class_first"]

# Truth tables, outputs for the inputs (0,0), (0,1), (1,0), (1,1) in this order.
GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table of a two-input logic gate: "and", "or", "nand", "nor" or "xor" (any case).

    Args:
        name: the gate's name.

    Returns:
        X: (4, 2) float, the rows (0,0), (0,1), (1,0), (1,1).
        y: (4,) int, the gate's output for each row.

    Example:
        >>> X, y = logic_gate("and")
        >>> y
        array([0, 0, 0, 1])
    """
    key = name.lower() if isinstance(name, str) else name
    if key not in tuple(GATES):
        validate.choice(name, "name", tuple(GATES), where="logic_gate")      # raises, naming the choices
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)  # (4, 2)
    y = np.array(GATES[key], dtype=int)  # (4,)
    return X, y


def two_blobs(n: int = 100, separation: float = 3.0, spread: float = 1.0, rng=None):
    """Two Gaussian blobs in 2-D, n/2 points each, shuffled.

        class 0 ~ N(-c, spread² I),  class 1 ~ N(+c, spread² I),  c = separation / (2√2) · (1, 1)

    so the two centres are `separation` apart, along the diagonal.

    Args:
        n: number of points, a positive even int.
        separation: distance between the two centres (>= 0).
        spread: standard deviation of each blob (> 0).
        rng: np.random.Generator or int seed (None: seed 0).

    Returns:
        X: (n, 2) float; y: (n,) int in {0, 1}, exactly n/2 of each.

    Example:
        >>> X, y = two_blobs(6, rng=1)
        >>> X.shape, np.bincount(y)
        ((6, 2), array([3, 3]))
    """
    n = validate.integer(n, "n", low=2, where="two_blobs")
    if n % 2:
        raise fail("two_blobs: n must be even (half the points per class)", "an even integer >= 2", f"n={n}")
    separation = validate.number(separation, "separation", low=0, where="two_blobs")
    spread = validate.number(spread, "spread", low=0, low_open=True, where="two_blobs")
    g = validate.rng(rng, where="two_blobs")
    half = n // 2
    offset = separation / (2 * np.sqrt(2)) * np.ones(2)  # (2,)
    X = np.vstack([g.normal(-offset, spread, size=(half, 2)),  # (n/2, 2) class 0
                   g.normal(offset, spread, size=(half, 2))])  # (n/2, 2) class 1 -> (n, 2)
    y = np.repeat([0, 1], half)  # (n,)
    order = g.permutation(n)
    return X[order], y[order]


def linearly_separable(n: int = 100, margin: float = 0.5, rng=None):
    """Points uniform in [-3, 3]², labelled by a random line, none closer than `margin` to it.

        w = (cos θ, sin θ), θ ~ U[0, 2π);  b ~ U[-1, 1);  y = 1 if w·x + b > 0 else 0

    Since |w| = 1, |w·x + b| is the distance of x to the line; candidates closer than `margin`
    are dropped and re-drawn, so the set is separable with that margin by construction. With n >= 2
    both classes are present.

    Args:
        n: number of points, a positive int.
        margin: smallest distance of a point to the line, in [0, 2).
        rng: np.random.Generator or int seed (None: seed 0).

    Returns:
        X: (n, 2) float; y: (n,) int in {0, 1}; (w, b): the true line, w (2,) with |w| = 1, b float.

    Example:
        >>> X, y, (w, b) = linearly_separable(50, margin=0.3, rng=0)
        >>> bool(np.all(np.abs(X @ w + b) >= 0.3))
        True
    """
    n = validate.integer(n, "n", low=1, where="linearly_separable")
    # the square [-3, 3]^2 must hold points on both sides of the line
    margin = validate.number(margin, "margin", low=0, high=2, high_open=True, where="linearly_separable")
    g = validate.rng(rng, where="linearly_separable")
    angle = g.uniform(0, 2 * np.pi)
    w = np.array([np.cos(angle), np.sin(angle)])  # (2,), unit length
    b = float(g.uniform(-1, 1))
    while True:
        points = []
        while len(points) < n:
            cand = g.uniform(-3, 3, size=(2 * n, 2))  # (2n, 2)
            keep = np.abs(cand @ w + b) >= margin  # (2n,) far enough from the line
            points.extend(cand[keep])
        X = np.array(points[:n])  # (n, 2)
        y = (X @ w + b > 0).astype(int)  # (n,)
        if n < 2 or 0 < y.sum() < n:  # both classes present
            return X, y, (w, b)



def class_first(X, y, label: int = 0):
    """The same examples with the first one of class `label` moved to the front, the others in order.

    Chapter 01 uses it to line up its perceptron with scikit-learn's: from w = 0 the first example has
    z = 0, which both count as a mistake only for class 0 (see dlkit.nn.perceptron.sklearn_perceptron).

    Args:
        X: inputs, shape (N, D).
        y: labels, shape (N,), holding `label` at least once.
        label: the class whose first example goes to the front.

    Returns:
        (X, y) reordered (new arrays).

    Example:
        >>> X, y = class_first(np.array([[1.0], [2.0], [3.0]]), np.array([1, 1, 0]))
        >>> X.ravel().tolist(), y.tolist()
        ([3.0, 1.0, 2.0], [0, 1, 1])
    """
    X = validate.array(X, "X", ndim=2, where="class_first")                   # (N, D)
    y = validate.labels(y, "y", n=X.shape[0], where="class_first")            # (N,)
    found = np.flatnonzero(y == label)
    if not found.size:
        raise fail("class_first: y has no example of the class asked for", f"at least one label {label}",
                   f"labels {np.unique(y).tolist()}")
    order = np.r_[found[0], np.delete(np.arange(len(y)), found[0])]          # (N,)
    return X[order], y[order]

# --- regression data (chapters 04 and 08; appended by worker B) ------------------------------------
#   x, y  (N,)     one input and its real target per example (y is never called z)
#   X     (N, D)   inputs of a linear regression;  w (D,) its true weights, b its true bias

__all__ += ["line_data", "regression_data", "poly_data"]


def line_data() -> tuple[np.ndarray, np.ndarray]:
    """The one-weight data set of chapter 04: five points on the line y = 2x (no noise).

    x = [-2, -1, 0, 1, 2], so mean(x^2) = 2 and the cost J(w) = 1/(2N) sum (y - w x)^2 is (w - 2)^2 exactly.

    Returns:
        x (5,), y (5,) float arrays.

    Example:
        >>> x, y = line_data()
        >>> x, y
        (array([-2., -1.,  0.,  1.,  2.]), array([-4., -2.,  0.,  2.,  4.]))
    """
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])  # (5,)
    return x, 2.0 * x


def regression_data(n: int = 200, w=(2.0, -1.0, 0.5), b: float = 1.0, noise: float = 0.1, rng=None):
    """Linear-regression data y = X w + b + noise, X standard normal.

        X ~ N(0, 1) of shape (n, D);  y = X w + b + noise * eps,  eps ~ N(0, 1) of shape (n,)

    Args:
        n: number of examples, an int >= 1.
        w: the true weights (D,); b: the true bias; noise: standard deviation of the noise (>= 0).
        rng: np.random.Generator or int seed (None: seed 0).

    Returns:
        X (n, D), y (n,) float arrays.

    Example:
        >>> X, y = regression_data(4, w=(1.0, 2.0), noise=0.0, rng=0)
        >>> X.shape, bool(np.allclose(y, X @ [1.0, 2.0] + 1.0))
        ((4, 2), True)
    """
    where = "regression_data"
    n = validate.integer(n, "n", low=1, where=where)
    w = validate.array(w, "w", ndim=1, where=where)
    b = validate.number(b, "b", where=where)
    noise = validate.number(noise, "noise", low=0, where=where)
    g = validate.rng(rng, where=where)
    X = g.normal(size=(n, w.size))  # (n, D)
    y = X @ w + b + noise * g.normal(size=n)  # (n, D) @ (D,) -> (n,)
    return X, y


def poly_data(n: int = 12, noise: float = 0.2, rng=None):
    """Noisy samples of sin(pi x) for the polynomial-fit (ridge) explorer of chapter 08.

        x ~ U[-1, 1) (n points, sorted);  y = sin(pi x) + noise * eps
        x_val = 200 evenly spaced points of [-1, 1];  y_val = sin(pi x_val) + noise * eps

    Args:
        n: number of training points, an int >= 1.
        noise: standard deviation of the noise (>= 0).
        rng: np.random.Generator or int seed (None: seed 0).

    Returns:
        x (n,), y (n,), x_val (200,), y_val (200,) float arrays.

    Example:
        >>> x, y, x_val, y_val = poly_data(rng=0)
        >>> x.shape, x_val.shape, bool(np.all(np.diff(x) >= 0))
        ((12,), (200,), True)
    """
    where = "poly_data"
    n = validate.integer(n, "n", low=1, where=where)
    noise = validate.number(noise, "noise", low=0, where=where)
    g = validate.rng(rng, where=where)
    x = np.sort(g.uniform(-1, 1, n))  # (n,)
    x_val = np.linspace(-1, 1, 200)  # (200,)
    return x, np.sin(np.pi * x) + g.normal(0, noise, n), x_val, np.sin(np.pi * x_val) + g.normal(0, noise, 200)
