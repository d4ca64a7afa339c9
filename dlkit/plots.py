"""Plot helpers: one colour-blind-safe style, labelled axes, and functions that return the figure.

Figures are made with `matplotlib.figure.Figure` directly (not pyplot), so a notebook shows a figure
exactly once: when it is the last expression of a cell, or passed to `display`. Nothing is left open
in pyplot's list of figures, and widgets redraw the same way. Every plot function labels both axes
and returns the Figure (with `ax=` given, it draws into that Axes and returns `ax.figure`).

Colour is never the only cue: the two classes of a binary plot differ in colour (Okabe-Ito) and in
marker shape.

Shapes: N points, 2 features.
    X   (N, 2)   points to plot
    y   (N,)     labels in {0, 1}
    w   (2,)     weights of the line w·x + b = 0
"""

from __future__ import annotations

import numbers

import numpy as np
from matplotlib.figure import Figure

from dlkit.checks import CheckError, check_finite, check_shape

__all__ = ["PALETTE", "CLASS_COLORS", "CLASS_MARKERS", "use_style", "new_figure", "label",
           "plot_decision_boundary", "plot_history", "plot_activation"]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Blue first; yellow (low contrast on white) and black last.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
CLASS_COLORS = ("#0072B2", "#D55E00")  # class 0 blue, class 1 vermillion
CLASS_MARKERS = ("o", "s")  # class 0 circles, class 1 squares: colour is never the only cue

STYLE = {
    "axes.prop_cycle": None,  # set in use_style (needs cycler)
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
    "lines.linewidth": 2.0,
}


def use_style() -> None:
    """Apply the course style to matplotlib's rcParams (idempotent).

    Colour cycle = PALETTE, font sizes >= 11, a light grid, no top/right spines, dpi 100,
    constrained layout. In a Jupyter kernel it also runs `%matplotlib inline`, which registers the
    PNG display of Figure objects: a cell ending in `fig` then shows the picture (importing pyplot
    alone no longer does that with matplotlib-inline >= 0.1.7).
    """
    import matplotlib as mpl
    from cycler import cycler

    style = dict(STYLE, **{"axes.prop_cycle": cycler(color=PALETTE)})
    mpl.rcParams.update(style)
    try:
        shell = get_ipython()  # noqa: F821  (defined in IPython only)
    except NameError:
        return
    if shell is not None and getattr(shell, "kernel", None) is not None:   # a kernel, not a terminal
        shell.run_line_magic("matplotlib", "inline")
        mpl.rcParams.update(style)          # the magic may reset some rcParams: apply the style last


def new_figure(ncols: int = 1, nrows: int = 1, figsize=None):
    """A pyplot-free figure with constrained layout, and its axes.

    Args:
        ncols, nrows: grid of subplots, ints >= 1.
        figsize: (width, height) in inches; default 5.5 x 4 per subplot.

    Returns:
        (fig, axes): a Figure, and one Axes (1 x 1) or an array of Axes (shape (ncols,), (nrows,)
        or (nrows, ncols)).

    Example:
        >>> fig, ax = new_figure(figsize=(5, 3))
        >>> fig, (ax_left, ax_right) = new_figure(ncols=2)
    """
    for name, value in (("ncols", ncols), ("nrows", nrows)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, received {name}={value!r}")
    fig = Figure(figsize=figsize or (5.5 * ncols, 4 * nrows), layout="constrained")
    axes = fig.subplots(int(nrows), int(ncols), squeeze=True)
    return fig, axes


def label(ax, xlabel: str, ylabel: str, title: str | None = None) -> None:
    """Label both axes (every dlkit plot does) and optionally set a title.

    Example:
        >>> label(ax, "epoch", "loss", title="training")
    """
    if not xlabel or not ylabel:
        raise ValueError(f"both axes need a label, received xlabel={xlabel!r}, ylabel={ylabel!r}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


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
        >>> X, y = dlkit.data.logic_gate("and")
        >>> fig = plot_decision_boundary(X, y, np.array([1.0, 1.0]), -1.5, title="AND")
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    check_shape(X, (None, 2), name="X", hint="one point per row, two features (x1, x2)")
    check_shape(y, (X.shape[0],), name="y", hint="one label per row of X")
    if X.shape[0] == 0:
        raise CheckError("X is empty\n  expected: at least one point\n  received: (0, 2)")
    labels = set(np.unique(y).tolist())
    if not labels <= {0, 1}:
        raise CheckError(f"y must hold class labels 0 and 1\n  expected: values in {{0, 1}}\n"
                         f"  received: values {sorted(labels)}")
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

    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence, received shape {values.shape}")
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


# --- chapter 02: activations ----------------------------------------------------------------------

def plot_activation(curves: dict, ax=None) -> Figure:
    """An activation f(z) and its derivative f'(z) side by side, from `activations.explorer_curves`.

    Example:
        >>> from dlkit.activations import explorer_curves
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
