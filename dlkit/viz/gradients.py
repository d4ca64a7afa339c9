"""The gradient-norm explorer of chapter 05: vanishing and exploding gradients in a deep MLP.

Symbols (docs/NAMING.md): L = depth + 1 layers; ||dW_l|| the norm of layer l's weight gradient,
||delta_l|| = ||dL/dZ_l|| the backward signal at layer l, ||A_{l-1}|| the forward signal entering layer l
(dlkit.nn.mlp.gradient_norms computes the three). Since dW_l = A_{l-1}^T delta_l, a weight gradient is
large when either signal is: the figure draws all three, so an explosion of the activations (forward) is
told apart from one of the backward signal.

    gradient_norm_state(depth, hidden, init, scale, seed)   pure: the per-layer norms and their ratios
    gradient_norm_figure(state)                             the three norms per layer on a log scale
    gradient_norm_explorer(depth, hidden)                   sliders and menus (dlkit.viz.explorer)

Example:
    >>> s = gradient_norm_state(depth=4, hidden="sigmoid")
    >>> s["layer"].tolist(), bool(s["ratio"] < 1)          # sigmoid: the first layer sees less
    ([1, 2, 3, 4, 5], True)
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.nn.init import INITS
from dlkit.nn.mlp import HIDDEN_ACTIVATIONS, gradient_norms
from dlkit.viz import explorer as ex
from dlkit.viz.style import PALETTE, label, new_figure

__all__ = ["gradient_norm_state", "gradient_norm_figure", "gradient_norm_explorer"]


def gradient_norm_state(depth=10, hidden="sigmoid", init="xavier", scale=1.0, seed=0, backward=None):
    """Per-layer gradient norms of a fresh network (see dlkit.nn.mlp.gradient_norms) and two ratios.

    Args:
        depth: hidden layers, an int >= 1.
        hidden: "relu", "sigmoid" or "tanh".
        init: a key of dlkit.nn.init.INITS.
        scale: multiplies the initial weights' standard deviation, > 0.
        seed: int seed of the weights and the random data.
        backward: optional layer backward functions (see dlkit.nn.mlp.gradient_norms), e.g. the learner's.

    Returns:
        dict with layer (1..depth + 1), dW, delta and A_in (arrays of length depth + 1), ratio
        (||dW_1|| / ||dW_L||), delta_ratio (||delta_1|| / ||delta_L||), A_ratio (||A_0|| / ||A_{L-1}||),
        depth, hidden, init, scale.

    Example:
        >>> gradient_norm_state(depth=2)["dW"].shape
        (3,)
    """
    seed = validate.integer(seed, "seed", where="gradient_norm_state")
    norms = gradient_norms(depth=depth, hidden=hidden, init=init, scale=scale, rng=seed, backward=backward)
    return {"layer": np.arange(1, depth + 2), **norms, "ratio": float(norms["dW"][0] / norms["dW"][-1]),
            "delta_ratio": float(norms["delta"][0] / norms["delta"][-1]),
            "A_ratio": float(norms["A_in"][0] / norms["A_in"][-1]),
            "depth": depth, "hidden": hidden, "init": init, "scale": float(scale)}


def gradient_norm_figure(state, ax=None):
    """||dW_l||, ||delta_l|| and ||A_{l-1}|| per layer on a log scale; returns the Figure (`ax.figure` with ax).

    Example:
        >>> fig = gradient_norm_figure(gradient_norm_state(depth=3))
        >>> fig.axes[0].get_yscale()
        'log'
    """
    fig, ax = (new_figure(figsize=(6.5, 3.4)) if ax is None else (ax.figure, ax))
    ax.plot(state["layer"], state["dW"], "o-", color=PALETTE[0], label="||dW|| (weight gradient)")
    ax.plot(state["layer"], state["delta"], "s--", color=PALETTE[1], label="||delta|| (backward signal)")
    ax.plot(state["layer"], state["A_in"], "^:", color=PALETTE[2], label="||A_in|| (forward signal into the layer)")
    ax.set_yscale("log")
    ax.legend(loc="best", fontsize="small")
    label(ax, "layer (1 = next to the input)", "norm (log scale)",
          f"{state['hidden']}, {state['init']} init x{state['scale']:.2g}; first/last layer: "
          f"||dW|| {state['ratio']:.1e}, ||delta|| {state['delta_ratio']:.1e}, ||A_in|| {state['A_ratio']:.1e}")
    return fig


def gradient_norm_explorer(depth=10, hidden="sigmoid", backward=None):
    """Sliders for depth and init scale, menus for the activation and the init; redraws the norms.

    Args:
        depth, hidden: the starting values; backward: optional layer backward functions used for every
            picture (see dlkit.nn.mlp.gradient_norms), e.g. the learner's.

    Returns:
        ipywidgets.VBox (see dlkit.viz.explorer.explorer) with ``box.controls`` ({"depth", "hidden",
        "init", "scale"}) and ``box.output``.

    Example:
        >>> box = gradient_norm_explorer(depth=4)
        >>> box.controls["hidden"].value = "relu"           # redraws box.output
    """
    controls = {
        "depth": ex.int_slider(2, 30, depth, label="depth"),
        "hidden": ex.choice(list(HIDDEN_ACTIVATIONS), hidden, label="activation"),
        "init": ex.choice(list(INITS), "xavier", label="init"),
        "scale": ex.log_slider(-1.0, 0.5, 1.0, label="scale", fmt=".2f"),
    }
    def state(depth, hidden, init, scale):
        return gradient_norm_state(depth, hidden, init, scale, backward=backward)

    return ex.explorer(controls, state=state, figure=gradient_norm_figure, message=_message,
                       rows=[["depth", "scale"], ["hidden", "init"]])


def _message(s) -> str:
    big = float(np.max(s["dW"]))
    return (f"largest ||dW|| {big:.2g} (layer {int(np.argmax(s['dW'])) + 1}), smallest {float(np.min(s['dW'])):.2g}; "
            f"||delta|| first/last {s['delta_ratio']:.2g}, ||A_in|| first/last {s['A_ratio']:.2g}. "
            "dW_l = A_(l-1)^T delta_l: a signal that grows forward and one that grows backward multiply to a "
            "level ||dW|| that is large everywhere.")
