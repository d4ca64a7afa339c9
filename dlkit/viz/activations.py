"""The activation explorer of chapter 02: an activation f(z) and its derivative f'(z) side by side.

Symbols (docs/NAMING.md): z the pre-activation, f an activation of dlkit.nn.activations, f' its
derivative, alpha Leaky ReLU's slope for z <= 0.

    explorer_curves(name, zmin, zmax, alpha)   pure: f and f' sampled on [zmin, zmax]
    activation_state(name, zmax, alpha)        the explorer's state: explorer_curves on [-zmax, zmax]
    activation_figure(name, zmax, alpha)       the two panels (dlkit.viz.plots.plot_activation)
    activation_explorer(...)                   a function menu, a range slider, a slope slider

Example:
    >>> explorer_curves("relu", -1.0, 1.0, num=3)["f"]
    array([0., 0., 1.])
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail
from dlkit.nn.activations import ACTIVATIONS
from dlkit.viz import explorer as ex
from dlkit.viz.plots import plot_activation

__all__ = ["ACTIVATION_CHOICES", "explorer_curves", "activation_state", "activation_figure", "activation_explorer"]

ACTIVATION_CHOICES = ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "binary_step", "gelu", "swish")

# The range of each activation, as the figure's title writes it.
_RANGES = {
    "linear": "(-inf, inf)", "binary_step": "{0, 1}", "sigmoid": "(0, 1)", "tanh": "(-1, 1)",
    "relu": "[0, inf)", "leaky_relu": "(-inf, inf)", "gelu": "[-0.17, inf)", "swish": "[-0.28, inf)",
}


def explorer_curves(name="sigmoid", zmin=-5.0, zmax=5.0, alpha=0.1, num=401):
    """f and f' of an activation sampled on [zmin, zmax] (for plot_activation and the explorer).

    Args:
        name: a key of dlkit.nn.activations.ACTIVATIONS.
        zmin, zmax: the interval, zmin < zmax.
        alpha: Leaky ReLU's slope (ignored by the other functions), >= 0.
        num: number of points, >= 2.

    Returns:
        dict with z, f, df (arrays of length num), name, alpha, range (text) and max_grad (largest
        |f'| on the interval).

    Example:
        >>> c = explorer_curves("leaky_relu", -2, 2, alpha=0.3, num=5)
        >>> c["f"], c["max_grad"]
        (array([-0.6, -0.3,  0. ,  1. ,  2. ]), 1.0)
    """
    where = "explorer_curves"
    validate.choice(name, "name", tuple(ACTIVATIONS), where=where)
    zmin = validate.number(zmin, "zmin", where=where)
    zmax = validate.number(zmax, "zmax", where=where)
    if zmin >= zmax:
        raise fail(f"{where}: the interval is empty", "zmin < zmax", f"zmin={zmin:g}, zmax={zmax:g}")
    alpha = validate.number(alpha, "alpha", low=0, where=where)
    num = validate.integer(num, "num", low=2, where=where)
    f, df = ACTIVATIONS[name]
    z = np.linspace(zmin, zmax, num)                          # (num,)
    kw = {"alpha": alpha} if name == "leaky_relu" else {}
    fz, dfz = np.asarray(f(z, **kw)), np.asarray(df(z, **kw))
    return {"name": name, "alpha": alpha, "z": z, "f": fz, "df": dfz,
            "range": _RANGES[name], "max_grad": float(np.max(np.abs(dfz)))}


def activation_state(name="sigmoid", zmax=5.0, alpha=0.1):
    """The explorer's state: explorer_curves(name, -zmax, zmax, alpha).

    Example:
        >>> activation_state("relu", zmax=2.0)["max_grad"]
        1.0
    """
    zmax = validate.number(zmax, "zmax", low=0, low_open=True, where="activation_state")
    return explorer_curves(name, -zmax, zmax, alpha=alpha)


def activation_figure(name="sigmoid", zmax=5.0, alpha=0.1):
    """The explorer's figure: f(z) and f'(z) for the chosen activation, both panels labelled.

    Example:
        >>> len(activation_figure("tanh", 4.0).axes)
        2
    """
    return plot_activation(activation_state(name, zmax, alpha))


def _message(s) -> str:
    return (f"{s['name']}: range {s['range']}; largest |f'(z)| on this interval {s['max_grad']:.3g}; "
            f"|f'({s['z'][0]:.1f})| = {abs(s['df'][0]):.3g}")


def _disable_alpha(widgets, s) -> None:
    widgets["alpha"].disabled = s["name"] != "leaky_relu"


def activation_explorer(name="sigmoid", zmax=5.0, alpha=0.1):
    """A function menu, an input-range slider and a Leaky ReLU slope slider over f and f'.

    The slope slider is disabled unless the function is leaky_relu.

    Returns:
        ipywidgets.VBox (see dlkit.viz.explorer.explorer) with ``box.controls`` ({"name", "zmax",
        "alpha"}), ``box.message`` and ``box.output``.

    Example:
        >>> box = activation_explorer()
        >>> box.controls["name"].value = "leaky_relu"      # redraws; the slope slider is enabled
    """
    controls = {
        "name": ex.choice(list(ACTIVATION_CHOICES), name, label="function"),
        "zmax": ex.slider(1.0, 20.0, 0.5, zmax, label="|z| up to", fmt=".1f"),
        "alpha": ex.slider(0.0, 0.5, 0.01, alpha, label="leaky slope", fmt=".2f"),
    }
    return ex.explorer(controls, state=activation_state, figure=plot_activation, message=_message,
                       update=_disable_alpha)
