"""Offline data sets and generators: nothing is downloaded, everything is reproducible.

Randomness comes in as `rng`: a `np.random.Generator` or an int seed (None means seed 0), never from
numpy's global state. The same rng gives the same data on every machine.

Shapes: N samples, D = 2 features.
    X   (N, D) float   one sample per row
    y   (N,)   int     class labels in {0, 1}
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["GATES", "logic_gate", "two_blobs", "linearly_separable", "digits_split"]

# Truth tables, outputs for the inputs (0,0), (0,1), (1,0), (1,1) in this order.
GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


def _rng(rng) -> np.random.Generator:
    """A Generator from a Generator, an int seed, or None (seed 0)."""
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise ValueError(f"rng must be a np.random.Generator or an int seed, received {type(rng).__name__}")


def _positive_number(value, name: str, allow_zero: bool = False) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        need = "a non-negative number" if allow_zero else "a positive number"
        raise ValueError(f"{name} must be {need}, received {name}={value!r}")
    return float(value)


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
    key = name.lower() if isinstance(name, str) else None
    if key not in GATES:
        raise ValueError(f"unknown logic gate: expected one of {', '.join(repr(g) for g in GATES)}, "
                         f"received {name!r}")
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
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0 or n % 2:
        raise ValueError(f"n must be a positive even integer (half the points per class), received n={n!r}")
    separation = _positive_number(separation, "separation", allow_zero=True)
    spread = _positive_number(spread, "spread")
    g = _rng(rng)
    half = int(n) // 2
    offset = separation / (2 * np.sqrt(2)) * np.ones(2)  # (2,)
    X = np.vstack([g.normal(-offset, spread, size=(half, 2)),  # (n/2, 2) class 0
                   g.normal(offset, spread, size=(half, 2))])  # (n/2, 2) class 1 -> (n, 2)
    y = np.repeat([0, 1], half)  # (n,)
    order = g.permutation(int(n))
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
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        raise ValueError(f"n must be a positive integer, received n={n!r}")
    margin = _positive_number(margin, "margin", allow_zero=True)
    if margin >= 2:
        raise ValueError(f"margin must be in [0, 2) (the square [-3, 3]² must hold points on both sides), "
                         f"received margin={margin}")
    n = int(n)
    g = _rng(rng)
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


def digits_split(test_size: float = 0.25, seed: int = 0, standardize: bool = True):
    """scikit-learn's bundled 8x8 digits (1797 images, 10 classes), split stratified into train/test.

    With standardize=True every pixel column is shifted and scaled by the *training* mean and standard
    deviation, (x - mu_train) / sigma_train, so no test information leaks into training. A pixel that is
    constant in the training set (sigma_train = 0, e.g. a corner that is always blank) is only shifted,
    as scikit-learn's StandardScaler does: dividing by a tiny number would blow up its rare non-zero
    test values.

    Args:
        test_size: fraction of the samples held out, in (0, 1).
        seed: int, the split's random_state.
        standardize: whether to standardise the pixels (else they stay in 0..16).

    Returns:
        X_train (N_train, 64), X_test (N_test, 64) float; y_train, y_test int labels in 0..9.

    Example:
        >>> X_tr, X_te, y_tr, y_te = digits_split()      # (1347, 64), (450, 64), (1347,), (450,)
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    test_size = _positive_number(test_size, "test_size")
    if test_size >= 1:
        raise ValueError(f"test_size must be a fraction in (0, 1), received test_size={test_size}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be an int, received {type(seed).__name__}")
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data.astype(float), digits.target, test_size=test_size, random_state=int(seed),
        stratify=digits.target)
    if standardize:
        from dlkit.tabular import normalize      # the one standardiser (chapter 07's reference)

        X_train, X_test = normalize(X_train, X_test)
    return X_train, X_test, y_train, y_test
