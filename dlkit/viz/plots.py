"""Plot functions shared by several chapters; each labels both axes and returns the Figure.

With `ax=` given, a function draws into that Axes and returns `ax.figure`.

Shapes: N points, 2 features.
    X   (N, 2)   points to plot
    y   (N,)     labels in {0, 1}
    w   (2,)     weights of the line w·x + b = 0
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from dlkit.checks.arrays import check_finite, check_shape
from dlkit.errors import fail
from dlkit.viz.style import CLASS_COLORS, CLASS_MARKERS, PALETTE, label, new_figure

__all__ = ["plot_decision_boundary", "plot_history", "plot_activation"]

_label_axes = label  # for functions whose `label` argument is a legend entry


def plot_decision_boundary(X, y, w, b, ax=None, title=None, xlim=None, ylim=None) -> Figure:
    """2-D points by class, the line w·x + b = 0, and the region w·x + b >= 0 lightly shaded.

        boundary:  w1 x1 + w2 x2 + b = 0   <=>   x2 = -(w1 x1 + b) / w2      (w2 != 0)
                                               x1 = -b / w1                  (w2 == 0: vertical)

    With w = 0 there is no line (w·x + b is the constant b): the plot says so.

    Args:
        X: (N, 2) points; y: (N,) labels in {0, 1}; w: (2,) weights; b: bias (a number).
        ax: draw into this Axes (default: a new figure).
        title: optional title.
        xlim, ylim: axis ranges (default: the data's range ± 0.5).

    Returns:
        the Figure (`ax.figure` when ax is given).

    Example:
        >>> from dlkit.data.synthetic import logic_gate
        >>> X, y = logic_gate("and")
        >>> fig = plot_decision_boundary(X, y, np.array([1.0, 1.0]), -1.5, title="AND")
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    check_shape(X, (None, 2), name="X", hint="one point per row, two features (x1, x2)")
    check_shape(y, (X.shape[0],), name="y", hint="one label per row of X")
    if X.shape[0] == 0:
        raise fail("X is empty", "at least one point", "(0, 2)")
    labels = set(np.unique(y).tolist())
    if not labels <= {0, 1}:
        raise fail("y must hold class labels 0 and 1", "values in {0, 1}", f"values {sorted(labels)}")
    w = np.asarray(w, dtype=float)
    check_shape(w, (2,), name="w", hint="one weight per feature")
    check_finite(w, name="w")
    check_finite(b, name="b")
    b = float(b)
    if ax is None:
        fig, ax = new_figure(figsize=(5, 4.2))
    fig = ax.figure
    pad = 0.5
    xlim = tuple(xlim) if xlim is not None else (X[:, 0].min() - pad, X[:, 0].max() + pad)
    ylim = tuple(ylim) if ylim is not None else (X[:, 1].min() - pad, X[:, 1].max() + pad)
    xx, yy = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))  # (200, 200) each
    positive = (w[0] * xx + w[1] * yy + b) >= 0  # (200, 200) the side predicted 1
    ax.contourf(xx, yy, positive.astype(float), levels=[-0.5, 0.5, 1.5],
                colors=[CLASS_COLORS[0], CLASS_COLORS[1]], alpha=0.12)
    if np.allclose(w, 0):
        ax.text(0.5, 0.95, f"w = 0: no boundary (w·x + b = {b:g} everywhere)", transform=ax.transAxes,
                ha="center", va="top")
    elif abs(w[1]) > 1e-12:
        xs = np.array(xlim)
        ax.plot(xs, -(w[0] * xs + b) / w[1], color="black", lw=1.5, label="w·x + b = 0")
    else:
        ax.axvline(-b / w[0], color="black", lw=1.5, label="w·x + b = 0")
    for cls in (0, 1):
        pts = X[y == cls]  # (N_cls, 2)
        ax.scatter(pts[:, 0], pts[:, 1], s=60, c=CLASS_COLORS[cls], marker=CLASS_MARKERS[cls],
                   edgecolors="black", linewidths=0.6, label=f"class {cls}", zorder=3)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    label(ax, "$x_1$", "$x_2$", title)
    ax.legend(loc="best", framealpha=0.9)
    return fig


def plot_history(values, xlabel: str = "epoch", ylabel: str = "value", title=None, ax=None,
                 label=None) -> Figure:
    """Line plot of a sequence (loss per epoch, mistakes per epoch, ...), x counted from 1.

    Args:
        values: 1-D sequence of numbers, T entries.
        xlabel, ylabel, title: axis labels (both required) and optional title.
        ax: draw into this Axes (default: a new figure), e.g. to overlay several runs.
        label: legend entry for this line (a legend is shown when given).

    Returns:
        the Figure. Markers are drawn for T <= 50; the x ticks are integers (every step for T <= 20).

    Example:
        >>> fig = plot_history([3, 1, 0], ylabel="mistakes")
    """
    from matplotlib.ticker import MaxNLocator

    from dlkit import validate

    values = validate.array(values, "values", ndim=1, where="plot_history")
    if values.size == 0:
        raise fail("plot_history: values is empty", "at least one number", "an empty sequence")
    if ax is None:
        fig, ax = new_figure(figsize=(5.5, 3.5))
    steps = np.arange(1, values.size + 1)  # (T,)
    ax.plot(steps, values, marker="o" if values.size <= 50 else None, label=label)
    if values.size <= 20:
        ax.set_xticks(steps)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _label_axes(ax, xlabel, ylabel, title)
    if label:
        ax.legend()
    return ax.figure


def plot_activation(curves: dict, ax=None) -> Figure:
    """An activation f(z) and its derivative f'(z) side by side, from `activations.explorer_curves`.

    Example:
        >>> from dlkit.viz.activations import explorer_curves
        >>> fig = plot_activation(explorer_curves("sigmoid"))
    """
    if ax is None:
        fig, (ax_f, ax_d) = new_figure(ncols=2, figsize=(9, 3.4))
    else:
        ax_f, ax_d = ax
        fig = ax_f.figure
    z, name = curves["z"], curves["name"]
    title = f"{name}" + (f" (alpha = {curves['alpha']:.2f})" if name == "leaky_relu" else "")
    ax_f.plot(z, curves["f"], color=PALETTE[0])
    ax_f.axhline(0, color="0.6", lw=0.8)
    ax_f.axvline(0, color="0.6", lw=0.8)
    label(ax_f, "z", "f(z)", f"{title}: range {curves['range']}")
    ax_d.plot(z, curves["df"], color=PALETTE[3])
    ax_d.axhline(0, color="0.6", lw=0.8)
    ax_d.axvline(0, color="0.6", lw=0.8)
    label(ax_d, "z", "f'(z)", f"derivative: largest |f'| here = {curves['max_grad']:.3g}")
    return fig
