"""Sampling from a model's scores with a temperature (chapter 11: character-level generation).

Symbols (docs/NAMING.md): N rows (one distribution each), C classes (characters of the vocabulary);
logits (N, C) scores before softmax, P (N, C) probabilities, temperature T > 0 (here written tau).

    P = softmax(logits / tau)                      tau < 1 sharpens, tau > 1 flattens, tau = 1 is the model
    index_n = the first class c with cumsum(P[n])[c] > u_n,   u_n = rng.random(), one per row, in row order

Dividing the *logits* is what makes a temperature: softmax(log P / tau) = P^(1/tau) / sum P^(1/tau).
Dividing the probabilities instead changes nothing once they are normalised again.

The draw is exactly numpy's `rng.choice(C, p=P[n])`, which takes one rng.random() and searches the
cumulative probabilities: one rng.choice per row, or one rng.random(N) and the search, give the same indices.

Example:
    >>> rng = np.random.default_rng(0)
    >>> sample_with_temperature(np.array([[2.0, 1.0, 0.1]] * 5), 1.0, rng)
    array([0, 0, 0, 0, 1])
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = ["softmax_with_temperature", "sample_with_temperature"]


def _logits(logits, where):
    logits = validate.array(logits, "logits", ndim=2, where=where)
    if logits.shape[1] < 1:
        raise fail(f"{where}: logits has no classes", "(N, C) with C >= 1", str(logits.shape))
    return logits


def softmax_with_temperature(logits, temperature):
    """P = softmax(logits / temperature), row by row, without overflow (the row maximum is subtracted).

    Args:
        logits: (N, C) scores; temperature: a number > 0.

    Returns:
        P: (N, C), each row sums to 1.

    Example:
        >>> np.round(softmax_with_temperature([[1000.0, 1001.0, 1002.0]], 1.0), 4)
        array([[0.09  , 0.2447, 0.6652]])
    """
    where = "softmax_with_temperature"
    logits = _logits(logits, where)
    tau = validate.number(temperature, "temperature", low=0, low_open=True, where=where)
    s = logits / tau
    e = np.exp(s - s.max(axis=1, keepdims=True))                  # (N, C), largest entry of each row 1
    return e / e.sum(axis=1, keepdims=True)


def sample_with_temperature(logits, temperature, rng=None):
    """One class index per row of logits, drawn from softmax(logits / temperature).

    Uses the generator as numpy's rng.choice(C, p=P[n]) does, row after row: one u = rng.random() per
    row and the first class whose cumulative probability exceeds u.

    Args:
        logits: (N, C); temperature: > 0; rng: a np.random.Generator (or an int seed; None = seed 0).
            Pass one Generator for a whole generation: each call moves it on by N numbers.

    Returns:
        (N,) int array of class indices.
    """
    where = "sample_with_temperature"
    P = softmax_with_temperature(logits, temperature)
    rng = validate.rng(rng, where=where)
    u = rng.random(P.shape[0])                                     # (N,): one uniform number per row
    cdf = np.cumsum(P, axis=1)
    cdf /= cdf[:, -1:]                                             # as rng.choice: the last entry exactly 1
    return np.array([np.searchsorted(c, v, side="right") for c, v in zip(cdf, u)], dtype=int)
