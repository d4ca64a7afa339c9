"""Weight initialisation (chapter 05): He for ReLU, Xavier/Glorot for sigmoid and tanh.

Symbols (docs/NAMING.md): L layers; sizes = [D, H_1, ..., C], the widths from the inputs to the
classes; layer l has weights W_l (H_{l-1}, H_l) and biases b_l (H_l,), fan_in = H_{l-1},
fan_out = H_l.

    he       std = sqrt(2 / fan_in)               (He et al. 2015; keras.initializers.HeNormal without
                                                   its truncation)
    xavier   std = sqrt(2 / (fan_in + fan_out))   (Glorot & Bengio 2010; GlorotNormal, untruncated)
    small    std = 0.01                           (003's `randn * 0.01`)

The parameters are the course's one parameter structure: a dict of named arrays,
{"W1": (D, H_1), "b1": (H_1,), ..., "WL": (H_{L-1}, C), "bL": (C,)}.

Example:
    >>> params = init_params([3, 4, 2], rng=0)
    >>> {name: p.shape for name, p in params.items()}
    {'W1': (3, 4), 'b1': (4,), 'W2': (4, 2), 'b2': (2,)}
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = ["INITS", "init_params"]

# Standard deviation of W_l's entries for a layer with fan_in inputs and fan_out units.
INITS = {
    "he": lambda fan_in, fan_out: np.sqrt(2.0 / fan_in),
    "xavier": lambda fan_in, fan_out: np.sqrt(2.0 / (fan_in + fan_out)),
    "small": lambda fan_in, fan_out: 0.01,
}


def init_params(sizes, rng=None, init="he", scale=1.0) -> dict:
    """Random weights, zero biases: W_l ~ N(0, std^2) with std = scale * INITS[init](fan_in, fan_out).

    Args:
        sizes: layer widths [D, H_1, ..., C], at least two positive integers.
        rng: np.random.Generator or int seed (None: seed 0).
        init: "he" (ReLU), "xavier" (sigmoid/tanh) or "small" (std 0.01).
        scale: multiplies the standard deviation, > 0 (> 1 makes gradients explode, < 1 vanish).

    Returns:
        params: {"W1": (D, H_1), "b1": (H_1,), ..., "WL": (H_{L-1}, C), "bL": (C,)}, float arrays,
        drawn layer by layer (W1, then W2, ...) from rng.

    Example:
        >>> params = init_params([2, 1], rng=0, init="small")
        >>> params["b1"], params["W1"].shape
        (array([0.]), (2, 1))
    """
    where = "init_params"
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise fail(f"{where}: sizes must list at least two layer widths", "[D, H_1, ..., C], e.g. [64, 32, 10]",
                   repr(sizes))
    sizes = [validate.integer(s, f"sizes[{i}]", low=1, where=where) for i, s in enumerate(sizes)]
    validate.choice(init, "init", tuple(INITS), where=where)
    scale = validate.number(scale, "scale", low=0, low_open=True, where=where)
    rng = validate.rng(rng, where=where)
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), 1):
        std = scale * INITS[init](fan_in, fan_out)
        params[f"W{l}"] = rng.normal(0.0, std, size=(fan_in, fan_out))   # (H_{l-1}, H_l)
        params[f"b{l}"] = np.zeros(fan_out)                              # (H_l,)
    return params
