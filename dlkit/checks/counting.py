"""A random generator that counts its draws: how the chapter tests check who shuffles, and how often.

    CountingGenerator(seed)   draws exactly what np.random.default_rng(seed) draws
        .shuffles             calls of permutation, shuffle and permuted
        .other_draws          calls of choice, integers and random

The mini-batch exercise of chapter 04 passes one to the learner's minibatch_sgd: after E epochs it
must have shuffled E times and drawn nothing else (dlkit.nn.linear.minibatch_sgd is the reference).
"""

from __future__ import annotations

import numpy as np

__all__ = ["CountingGenerator"]


class CountingGenerator(np.random.Generator):
    """A np.random.Generator that counts its shuffles (for tests of `minibatch_sgd`).

    It draws exactly what np.random.default_rng(seed) draws; `shuffles` counts calls of permutation,
    shuffle and permuted (one each, however numpy implements them internally), and `other_draws`
    counts the other ways of drawing indices (choice, integers, random).

    Args:
        seed: an int seed (or None for fresh entropy, as np.random.default_rng).

    Example:
        >>> g = CountingGenerator(0)
        >>> bool(np.all(g.permutation(5) == np.random.default_rng(0).permutation(5)))
        True
        >>> g.shuffles, g.other_draws
        (1, 0)
    """

    def __init__(self, seed=None):
        super().__init__(np.random.PCG64(seed))
        self.shuffles = 0
        self.other_draws = 0
        self._inside = False

    def _counted(self, method, counter, *args, **kwargs):
        if self._inside:                      # numpy's own nested calls are not counted again
            return method(*args, **kwargs)
        self._inside = True
        try:
            setattr(self, counter, getattr(self, counter) + 1)
            return method(*args, **kwargs)
        finally:
            self._inside = False

    def permutation(self, *args, **kwargs):
        return self._counted(super().permutation, "shuffles", *args, **kwargs)

    def shuffle(self, *args, **kwargs):
        return self._counted(super().shuffle, "shuffles", *args, **kwargs)

    def permuted(self, *args, **kwargs):
        return self._counted(super().permuted, "shuffles", *args, **kwargs)

    def choice(self, *args, **kwargs):
        return self._counted(super().choice, "other_draws", *args, **kwargs)

    def integers(self, *args, **kwargs):
        return self._counted(super().integers, "other_draws", *args, **kwargs)

    def random(self, *args, **kwargs):
        return self._counted(super().random, "other_draws", *args, **kwargs)
