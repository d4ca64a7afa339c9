"""The course's plot style: one colour-blind-safe palette, readable fonts, labelled axes.

Figures are made with `matplotlib.figure.Figure` directly (not pyplot), so a notebook shows a figure
exactly once: when it is the last expression of a cell, or passed to `display`. Nothing is left open in
pyplot's list of figures, and explorers redraw the same way. Every dlkit figure labels both axes.

Colour is never the only cue: the two classes of a binary plot differ in colour (Okabe-Ito) and in
marker shape.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from dlkit import validate
from dlkit.errors import fail

__all__ = ["PALETTE", "CLASS_COLORS", "CLASS_MARKERS", "STYLE", "use_style", "new_figure", "label"]

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
    ncols = validate.integer(ncols, "ncols", low=1, where="new_figure")
    nrows = validate.integer(nrows, "nrows", low=1, where="new_figure")
    fig = Figure(figsize=figsize or (5.5 * ncols, 4 * nrows), layout="constrained")
    axes = fig.subplots(int(nrows), int(ncols), squeeze=True)
    return fig, axes


def label(ax, xlabel: str, ylabel: str, title: str | None = None) -> None:
    """Label both axes (every dlkit plot does) and optionally set a title.

    Example:
        >>> fig, ax = new_figure()
        >>> label(ax, "epoch", "loss", title="training")
    """
    if not xlabel or not ylabel:
        raise fail("label: both axes need a label", "two non-empty strings",
                   f"xlabel={xlabel!r}, ylabel={ylabel!r}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
