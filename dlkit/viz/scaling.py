"""The standardisation explorer of chapter 00: what (X - mean) / std does to two features, and what it keeps.

Symbols (docs/NAMING.md): N examples, D = 2 features.
    X_raw   (N, 2)   feature 1 "a price" (mean 50, std 15), feature 2 "a rating" (mean `shift`, std `scale`)
    X_std   (N, 2)   X_raw standardised per column (dlkit.data.tabular.normalize, or the learner's function)
    share             the fraction of the squared distances between points that feature 1 makes up:
                      var_1 / (var_1 + var_2), since the mean of (x_i - x_j)^2 over pairs is 2 var

    standardize_state(scale, shift, correlation, outlier, ...)   pure: the data, their statistics
    standardize_figure(state)       raw features on equal axes beside the standardised ones
    standardize_explorer(...)       sliders for feature 2's scale and mean and the correlation, an outlier box

The same random draws are used for every slider position, so the standardised cloud does not move
when the scale or the mean of feature 2 changes: standardising removes exactly those two numbers per
column and keeps the shape (the correlation) of the cloud. One outlier, though, inflates its column's
standard deviation and squeezes every other point of that column towards 0.

Example:
    >>> s = standardize_state(scale=0.8, shift=3.0, correlation=0.6)
    >>> round(s["share_raw"], 3), round(s["share_std"], 3), round(s["correlation_std"], 2)
    (0.997, 0.5, 0.62)
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.data.tabular import normalize
from dlkit.errors import fail
from dlkit.viz import explorer as ex
from dlkit.viz.style import CLASS_COLORS, label, new_figure

__all__ = ["PRICE_MEAN", "PRICE_STD", "OUTLIER_PRICE", "standardize_state", "standardize_figure",
           "standardize_explorer"]

PRICE_MEAN, PRICE_STD = 50.0, 15.0      # feature 1, fixed
OUTLIER_PRICE = 500.0                   # the outlier: a price of 50 typed with one zero too many (30 stds up)


def standardize_state(scale=0.8, shift=3.0, correlation=0.6, outlier=False, n=200, seed=0, standardize=None):
    """Two features on different scales, before and after standardisation.

    Feature 1 is PRICE_MEAN + PRICE_STD u, feature 2 is shift + scale (correlation u + sqrt(1 - correlation^2) v)
    with u, v standard normal draws fixed by `seed`. With `outlier`, the first example's feature 1 is
    replaced by OUTLIER_PRICE (500, thirty standard deviations above the mean).

    Args:
        scale: the standard deviation of feature 2 in the formula, > 0.
        shift: the mean of feature 2 in the formula.
        correlation: between the two features, in [-0.99, 0.99].
        outlier: add the outlier (bool).
        n: examples, an int >= 2.
        seed: an int seed for the draws.
        standardize: function (N, D) -> (N, D) to standardise with; default dlkit.data.tabular.normalize.

    Returns:
        dict with X_raw, X_std (n, 2); mean_raw, std_raw, mean_std, std_std (2,) column statistics (ddof=0);
        correlation_raw, correlation_std (floats); share_raw, share_std (feature 1's share of the squared
        distances); bulk_std (the std of standardised feature 1 over the examples other than the outlier,
        over all examples without one); outlier (bool), scale, shift, n.

    Example:
        >>> s = standardize_state(n=2, correlation=0.0)        # two points always become -1 and +1
        >>> np.abs(s["X_std"]).round(9).tolist()
        [[1.0, 1.0], [1.0, 1.0]]
    """
    where = "standardize_state"
    scale = validate.number(scale, "scale", low=0, low_open=True, where=where)
    shift = validate.number(shift, "shift", where=where)
    correlation = validate.number(correlation, "correlation", low=-0.99, high=0.99, where=where)
    if not isinstance(outlier, (bool, np.bool_)):
        raise fail(f"{where}: outlier must be True or False", "a bool", repr(outlier))
    n = validate.integer(n, "n", low=2, where=where)
    uv = validate.rng(validate.integer(seed, "seed", low=0, where=where)).standard_normal((n, 2))   # (n, 2)
    u, v = uv[:, 0], uv[:, 1]
    X_raw = np.column_stack([PRICE_MEAN + PRICE_STD * u,
                             shift + scale * (correlation * u + np.sqrt(1 - correlation**2) * v)])   # (n, 2)
    if outlier:
        X_raw[0, 0] = OUTLIER_PRICE
    X_std = normalize(X_raw) if standardize is None else standardize(X_raw.copy())
    X_std = validate.array(X_std, "standardize(X)", shape=X_raw.shape, where=where)                # (n, 2)
    var_raw, var_std = X_raw.var(axis=0), X_std.var(axis=0)                                          # (2,) each
    rest = slice(1, None) if outlier else slice(None)
    return {
        "X_raw": X_raw, "X_std": X_std,
        "mean_raw": X_raw.mean(axis=0), "std_raw": np.sqrt(var_raw),
        "mean_std": X_std.mean(axis=0), "std_std": np.sqrt(var_std),
        "correlation_raw": float(np.corrcoef(X_raw.T)[0, 1]),
        "correlation_std": float(np.corrcoef(X_std.T)[0, 1]),
        "share_raw": float(var_raw[0] / var_raw.sum()), "share_std": float(var_std[0] / var_std.sum()),
        "bulk_std": float(X_std[rest, 0].std()),
        "outlier": bool(outlier), "scale": scale, "shift": shift, "n": n,
    }


def standardize_figure(state):
    """Left: the raw features with the same scale on both axes. Right: the standardised features.

    Args:
        state: a dict from standardize_state.

    Returns:
        matplotlib Figure with two labelled panels; the outlier, if any, is drawn as a larger square.
    """
    fig, (ax_raw, ax_std) = new_figure(ncols=2, figsize=(10, 4))
    for ax, X in ((ax_raw, state["X_raw"]), (ax_std, state["X_std"])):
        ax.scatter(X[:, 0], X[:, 1], s=10, color=CLASS_COLORS[0], alpha=0.7)
        if state["outlier"]:
            ax.scatter(X[:1, 0], X[:1, 1], s=60, marker="s", color=CLASS_COLORS[1], label="the outlier")
            ax.legend(loc="upper left", fontsize="small")
    ax_raw.set_aspect("equal", adjustable="datalim")
    label(ax_raw, "feature 1 (a price)", "feature 2 (a rating)",
          f"Raw, same scale on both axes\nfeature 1: {state['share_raw']:.1%} of the squared distances")
    reach = max(4.0, float(np.abs(state["X_std"]).max()) + 0.5)
    ax_std.set_xlim(-reach, reach)
    ax_std.set_ylim(-reach, reach)
    ax_std.set_aspect("equal", adjustable="box")
    label(ax_std, "feature 1, standardised", "feature 2, standardised",
          f"Standardised\nfeature 1: {state['share_std']:.1%} of the squared distances")
    return fig


def _message(s) -> str:
    (s1, s2), (t1, t2) = s["std_raw"], s["std_std"]
    m1, m2 = (round(float(m), 2) + 0.0 for m in s["mean_std"])       # + 0.0: no "-0.00"
    text = (f"Raw: std {s1:.3g} and {s2:.3g} (ratio {s1 / s2:.3g} : 1). Standardised: means {m1:.2f}, "
            f"{m2:.2f}, stds {t1:.2f}, {t2:.2f}. Correlation {s['correlation_raw']:.2f} before, "
            f"{s['correlation_std']:.2f} after.")
    if s["outlier"]:
        text += (f" The outlier inflates feature 1's std to {s1:.3g}: the other {s['n'] - 1} points now "
                 f"spread with std {s['bulk_std']:.2f} instead of 1.")
    return text


def standardize_explorer(scale=0.8, shift=3.0, correlation=0.6, standardize=None):
    """Sliders for feature 2's std (`scale`) and mean (`shift`), the correlation, and an outlier box.

    Args:
        scale, shift, correlation: the starting values (see standardize_state).
        standardize: the function to standardise with (e.g. the learner's); default dlkit's normalize.

    Returns:
        ipywidgets.VBox (dlkit.viz.explorer.explorer) with ``box.controls`` ({"scale", "shift",
        "correlation", "outlier"}), ``box.output`` (the figure) and ``box.message`` (the statistics).

    Example:
        >>> box = standardize_explorer()
        >>> box.controls["scale"].value = 50.0             # redraws: the right panel stays the same
    """
    controls = {
        "scale": ex.log_slider(-2, 2, scale, label="std of f. 2", fmt=".2g"),
        "shift": ex.slider(-100.0, 100.0, 1.0, shift, label="mean of f. 2", fmt=".0f"),
        "correlation": ex.slider(-0.9, 0.9, 0.1, correlation, fmt=".1f"),
        "outlier": ex.toggle(False, label="add an outlier"),
    }
    return ex.explorer(controls, state=lambda **values: standardize_state(**values, standardize=standardize),
                       figure=standardize_figure, message=_message,
                       rows=[["scale", "shift"], ["correlation", "outlier"]])
