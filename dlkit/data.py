"""Offline data sets and generators (no downloads).

Shapes: X is (N, D) float, y is (N,) int. Randomness comes in as `rng`: a `np.random.Generator`
or an int seed (default 0), never from global state.
"""

from __future__ import annotations

import numpy as np

GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


def _rng(rng) -> np.random.Generator:
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise ValueError(f"rng must be a numpy Generator or an int seed, received {type(rng).__name__}")


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table of a two-input logic gate.

    Returns:
        X: (4, 2) float, rows (0,0), (0,1), (1,0), (1,1); y: (4,) int.

    Example:
        >>> logic_gate("and")[1]  # array([0, 0, 0, 1])
    """
    key = str(name).lower()
    if key not in GATES:
        raise ValueError(f"expected a gate name in {sorted(GATES)}, received {name!r}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array(GATES[key], dtype=int)


def two_blobs(n: int = 100, separation: float = 3.0, spread: float = 1.0, rng=None):
    """Two Gaussian blobs in 2-D, n/2 points each, centres `separation` apart along the diagonal.

    Returns:
        X: (n, 2) float; y: (n,) int in {0, 1}.
    """
    if not isinstance(n, (int, np.integer)) or n <= 0 or n % 2:
        raise ValueError(f"n must be a positive even integer, received n={n!r}")
    if spread <= 0:
        raise ValueError(f"spread must be positive, received spread={spread}")
    g = _rng(rng)
    half = n // 2
    offset = separation / (2 * np.sqrt(2)) * np.ones(2)
    X = np.vstack([g.normal(-offset, spread, size=(half, 2)), g.normal(offset, spread, size=(half, 2))])
    y = np.repeat([0, 1], half)
    order = g.permutation(n)
    return X[order], y[order]


def linearly_separable(n: int = 100, margin: float = 0.5, rng=None):
    """Points uniform in [-3, 3]², labelled by a random line, none closer than `margin` to it.

    Returns:
        X: (n, 2) float; y: (n,) int, 1 where w·x + b > 0; (w, b): the true line, |w| = 1.
    """
    if not isinstance(n, (int, np.integer)) or n <= 0:
        raise ValueError(f"n must be a positive integer, received n={n!r}")
    if not 0 <= margin < 2:
        raise ValueError(f"margin must be in [0, 2), received margin={margin}")
    g = _rng(rng)
    angle = g.uniform(0, 2 * np.pi)
    w = np.array([np.cos(angle), np.sin(angle)])
    b = float(g.uniform(-1, 1))
    points = []
    while len(points) < n:
        cand = g.uniform(-3, 3, size=(2 * n, 2))
        keep = np.abs(cand @ w + b) >= margin
        points.extend(cand[keep])
    X = np.array(points[:n])
    y = (X @ w + b > 0).astype(int)
    return X, y, (w, b)
