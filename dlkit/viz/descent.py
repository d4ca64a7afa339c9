"""Figures and the explorer of chapter 04: one weight walking down the cost curve J(w).

Symbols (as in dlkit.nn.linear):
    x, y     (N,)     the data of the one-weight model y_hat = w x (default: line_data, y = 2x)
    ws, Js   (T + 1,) the weights w_0 .. w_T of a gradient-descent run and their costs J(w_t)
    w*       the minimum, sum(x y) / sum(x^2); eta the learning rate (`learning_rate`)
    c        the curvature of the cost, c = mean(x^2): J(w) = c/2 (w - w*)^2 + const
    factor   1 - eta c: every step multiplies w - w* by it (w_{t+1} - w* = factor (w_t - w*))

What a rate does follows from the factor alone (`behaviour`):

    0 < factor < 1      converges without crossing the minimum ("crawls" when factor > 0.9)
    factor = 0          eta = 1/c: lands on the minimum in one step
    -1 < factor < 0     1/c < eta < 2/c: jumps across the minimum, the jumps shrink: oscillates and converges
    factor = -1         eta = 2/c: jumps between w0 and 2 w* - w0 for ever: constant amplitude
    factor < -1         eta > 2/c: every jump lands farther away: diverges

    walk_figure       one panel per step: the data and the line y_hat = w_t x
    paths_figure      one panel per (learning_rate, w0): the steps drawn on the cost curve
    behaviour         the label of a factor (the list above)
    descent_state     the explorer's numbers (pure); descent_figure its picture; descent_explorer the wiring

Example:
    >>> descent_state(0.3, 0.0, step=1)["w"]        # 0 - 0.3 * (-4)
    1.2
    >>> behaviour(1 - 1.0 * 2.0)                    # eta = 1 on c = 2: the walk 0, 4, 0, 4, ...
    'oscillates with constant amplitude'
"""

from __future__ import annotations

import math

import numpy as np

from dlkit import validate
from dlkit.data.synthetic import line_data
from dlkit.errors import fail
from dlkit.nn.linear import gradient, gradient_descent
from dlkit.viz import explorer as ex
from dlkit.viz.style import PALETTE, label, new_figure

__all__ = ["BEHAVIOURS", "behaviour", "walk_figure", "paths_figure", "descent_state", "descent_figure",
           "descent_explorer"]

BEHAVIOURS = ("stays at the minimum", "converges in one step", "crawls", "converges", "oscillates and converges",
              "oscillates with constant amplitude", "diverges")
_TOL = 1e-9          # a factor this close to 0 or -1 counts as exactly 0 or -1 (slider values are rounded)


def behaviour(factor, at_minimum: bool = False) -> str:
    """What gradient descent on a quadratic cost does when each step multiplies w - w* by `factor`.

    Args:
        factor: 1 - eta c, a finite number below 1 (eta > 0 and c > 0).
        at_minimum: True when the run starts at w*: it stays there whatever the factor.

    Returns:
        one of BEHAVIOURS: |factor| < 1 converges ("crawls" for factor > 0.9, "converges in one step" for
        factor = 0, "oscillates and converges" for factor < 0), factor = -1 "oscillates with constant
        amplitude", factor < -1 "diverges".

    Example:
        >>> [behaviour(f) for f in (0.96, 0.4, 0.0)]          # eta = 0.02, 0.3, 0.5 on c = 2
        ['crawls', 'converges', 'converges in one step']
        >>> [behaviour(f) for f in (-0.8, -1.0, -1.1)]        # eta = 0.9, 1.0, 1.05 on c = 2
        ['oscillates and converges', 'oscillates with constant amplitude', 'diverges']
    """
    factor = validate.number(factor, "factor", high=1.0, high_open=True, where="behaviour")
    if at_minimum:
        return "stays at the minimum"
    if abs(factor + 1.0) <= _TOL:
        return "oscillates with constant amplitude"
    if factor < -1.0:
        return "diverges"
    if abs(factor) <= _TOL:
        return "converges in one step"
    if factor < 0:
        return "oscillates and converges"
    return "crawls" if factor > 0.9 else "converges"


def _draw_fit(ax, x, y, w, title=None, ghosts=()):
    """Scatter of (x, y), faint lines for earlier weights, the line y_hat = w x in front."""
    xs = np.array([x.min() - 0.5, x.max() + 0.5])
    for g in ghosts:
        ax.plot(xs, g * xs, color="0.75", lw=1)
    ax.scatter(x, y, color=PALETTE[0], edgecolors="black", linewidths=0.6, zorder=3, label="data")
    ax.plot(xs, w * xs, color=PALETTE[3], label=f"ŷ = {w:.3g}·x")
    ax.set_ylim(y.min() - 1.5, y.max() + 1.5)
    label(ax, "x", "y", title)


def _costs(ws, x, y):
    """J(w) for every w of ws: (K, N) residuals -> (K,)."""
    return np.sum((y[None, :] - ws[:, None] * x[None, :]) ** 2, axis=1) / (2 * x.size)


def _draw_cost_path(ax, x, y, ws, title=None, window=None):
    """The cost curve J(w) and the path of w over it (points joined by arrows)."""
    w_star = float(np.sum(x * y) / np.sum(x * x))
    finite = ws[np.isfinite(ws)]
    lo, hi = window if window is not None else (min(finite.min(), w_star - 2.5), max(finite.max(), w_star + 2.5))
    pad = 0.08 * (hi - lo)
    grid = np.linspace(lo - pad, hi + pad, 301)  # (301,)
    ax.plot(grid, _costs(grid, x, y), color=PALETTE[0], label="J(w)")
    shown = ws[np.isfinite(ws) & (ws >= grid[0]) & (ws <= grid[-1])]
    Js = _costs(shown, x, y)
    for (a, ja), (b, jb) in zip(zip(shown[:-1], Js[:-1]), zip(shown[1:], Js[1:])):
        ax.annotate("", xy=(b, jb), xytext=(a, ja), arrowprops=dict(arrowstyle="->", color=PALETTE[3], lw=1.2))
    ax.scatter(shown, Js, color=PALETTE[3], edgecolors="black", linewidths=0.5, zorder=3, s=30)
    ax.axvline(w_star, color="0.5", lw=0.8, ls="--")
    ax.set_xlim(grid[0], grid[-1])
    label(ax, "w", "J(w)", title)


def _data(x, y, where):
    """The data given, or line_data() when either is None."""
    if x is None or y is None:
        x, y = line_data()
    x = validate.array(x, "x", ndim=1, where=where)
    y = validate.array(y, "y", shape=x.shape, where=where)
    validate.integer(x.size, "len(x)", low=1, where=where)
    return x, y


def walk_figure(ws, Js, x, y):
    """Small multiples: one panel per step t, the data and the fitted line y_hat = w_t x.

    Args:
        ws, Js: the history of `dlkit.nn.linear.gradient_descent` (T + 1 entries each); x, y: the data.

    Returns:
        a Figure with T + 1 panels titled "t = .. : w = .., J = ..".

    Example:
        >>> from dlkit.nn.linear import gradient_descent
        >>> x, y = line_data()
        >>> len(walk_figure(*gradient_descent(0.0, x, y, 0.3, 2), x, y).axes)
        3
    """
    ws = validate.array(ws, "ws", ndim=1, finite=False, where="walk_figure")
    Js = validate.array(Js, "Js", shape=ws.shape, finite=False, where="walk_figure")
    x, y = _data(x, y, "walk_figure")
    k = ws.size
    fig, axes = new_figure(ncols=k, figsize=(2.6 * k, 2.8))
    axes = np.atleast_1d(axes)
    for t, ax in enumerate(axes):
        _draw_fit(ax, x, y, ws[t], title=f"t = {t}: w = {ws[t]:.3f}\nJ = {Js[t]:.4f}", ghosts=ws[:t])
        if t:
            ax.set_ylabel(" ")
    return fig


def paths_figure(runs, steps=8, x=None, y=None, descent=None):
    """One panel per run: `steps` gradient-descent steps drawn on the cost curve.

    Args:
        runs: a list of (learning_rate, w0) pairs, one panel each; steps: number of updates;
        x, y: the data (default `line_data()`);
        descent: the function that runs gradient descent, called as descent(w0, x, y, learning_rate, steps)
            and returning (ws, Js) (default dlkit.nn.linear.gradient_descent; chapter 04 passes the learner's).

    Returns:
        a Figure; each title gives the rate, the start, the final w and the behaviour of the rate.

    Example:
        >>> fig = paths_figure([(0.02, 0.0), (0.3, 0.0), (1.05, 0.0)])   # too small, good, too large
    """
    x, y = _data(x, y, "paths_figure")
    runs = [(validate.number(eta, "learning_rate", where="paths_figure"),
             validate.number(w0, "w0", where="paths_figure")) for eta, w0 in runs]
    fig, axes = new_figure(ncols=len(runs), figsize=(3.4 * len(runs), 3.3))
    axes = np.atleast_1d(axes)
    w_star = float(np.sum(x * y) / np.sum(x * x))
    c = float(np.mean(x * x))
    run = gradient_descent if descent is None else descent
    for (eta, w0), ax in zip(runs, axes):
        ws = np.asarray(run(w0, x, y, eta, steps)[0], dtype=float)
        window = (min(w_star - 3, w0 - 0.5), max(w_star + 3, w0 + 0.5))
        what = behaviour(1.0 - eta * c, at_minimum=abs(w0 - w_star) < 1e-12)
        _draw_cost_path(ax, x, y, ws, title=f"learning_rate = {eta:g}: {what}\nw0 = {w0:g}, w_{steps} = {ws[-1]:.3g}",
                        window=window)
    return fig


def descent_state(learning_rate=0.3, w0=0.0, step=4, steps=15, x=None, y=None) -> dict:
    """Pure compute of the explorer: a gradient-descent run and where it is at `step`.

    Each step multiplies w - w* by factor = 1 - eta c, c = mean(x^2) the curvature; `behaviour(factor)`
    names what follows (converges, oscillates and converges, constant amplitude, diverges).

    Args:
        learning_rate: eta > 0; w0: start; step: which iteration to show (clamped to 0..steps);
        steps: length of the run (int >= 0); x, y: the data (default `line_data()`).

    Returns:
        dict with ws, Js (steps + 1,), step, w, J, slope (dJ/dw at w), next_w, w_star (the minimum),
        curvature (c = mean(x^2)), oscillation_limit (1/c: larger rates cross the minimum),
        learning_rate_limit (2/c: larger rates diverge, this one keeps a constant amplitude), factor
        (1 - eta c), behaviour (one of BEHAVIOURS), learning_rate, w0, x, y.

    Example:
        >>> s = descent_state(0.3, 0.0, step=1)
        >>> s["w"], s["next_w"], s["learning_rate_limit"], s["behaviour"]      # 1.2 - 0.3 * (-1.6)
        (1.2, 1.68, 1.0, 'converges')
        >>> descent_state(1.0, 0.0, step=3)["ws"][:4].tolist()                  # factor -1: 0, 4, 0, 4
        [0.0, 4.0, 0.0, 4.0]
    """
    where = "descent_state"
    x, y = _data(x, y, where)
    eta = validate.number(learning_rate, "learning_rate", low=0.0, low_open=True, where=where)
    w0 = validate.number(w0, "w0", where=where)
    steps = validate.integer(steps, "steps", low=0, where=where)
    step = min(validate.integer(step, "step", low=0, where=where), steps)
    c = float(np.mean(x * x))
    if c == 0.0:
        raise fail(f"{where}: x must not be all zeros", "data with some x != 0 (the cost must depend on w)",
                   "x = 0 everywhere")
    ws, Js = gradient_descent(w0, x, y, eta, steps)
    w_star = float(np.sum(x * y) / np.sum(x * x))
    factor = 1.0 - eta * c  # each step multiplies w - w_star by this
    what = behaviour(factor, at_minimum=abs(w0 - w_star) < 1e-12)
    w = float(ws[step])
    slope = gradient(w, x, y) if math.isfinite(w) and abs(w) < 1e150 else float("inf")
    return {
        "ws": ws, "Js": Js, "step": step, "w": w, "J": float(Js[step]), "slope": slope,
        "next_w": float(w - eta * slope), "w_star": w_star, "curvature": c, "oscillation_limit": 1.0 / c,
        "learning_rate_limit": 2.0 / c, "factor": factor, "behaviour": what, "learning_rate": eta, "w0": w0,
        "x": x, "y": y,
    }


def _draw_descent(s):
    """The figure of a descent_state: the path so far on the cost curve (left), the current fit (right)."""
    fig, (ax_cost, ax_fit) = new_figure(ncols=2, figsize=(10, 3.8))
    window = (min(s["w_star"] - 3, s["w0"] - 0.5), max(s["w_star"] + 3, s["w0"] + 0.5))
    shown = s["ws"][:s["step"] + 1]
    _draw_cost_path(ax_cost, s["x"], s["y"], shown, window=window,
                    title=f"learning_rate = {s['learning_rate']:.2f}: {s['behaviour']}")
    outside = int(np.sum(~np.isfinite(shown) | (shown < window[0] - 1) | (shown > window[1] + 1)))
    if outside:
        ax_cost.text(0.5, 0.95, f"{outside} step(s) left the plot", transform=ax_cost.transAxes,
                     ha="center", va="top", color=PALETTE[3])
    w = s["w"]
    _draw_fit(ax_fit, s["x"], s["y"], w if abs(w) < 1e6 else np.sign(w) * 1e6,
              title=f"step {s['step']}: w = {w:.4g}, J = {s['J']:.4g}", ghosts=shown[:-1][np.abs(shown[:-1]) < 1e6])
    ax_fit.legend(loc="upper left")
    return fig


def descent_figure(learning_rate=0.3, w0=0.0, step=4, steps=15, x=None, y=None):
    """The explorer's figure: the path so far on the cost curve (left), the current fit (right).

    Args: those of `descent_state`.

    Returns:
        a Figure with two labelled Axes.

    Example:
        >>> len(descent_figure(1.2, 7.0, step=15).axes)      # a diverging run draws too
        2
    """
    return _draw_descent(descent_state(learning_rate, w0, step, steps, x, y))


def _message(s) -> str:
    return (f"step {s['step']}: w = {s['w']:.4g}, J(w) = {s['J']:.4g}, slope dJ/dw = {s['slope']:.4g}, "
            f"next w = w − learning_rate·slope = {s['next_w']:.4g}. Each step multiplies the distance to w* = "
            f"{s['w_star']:g} by 1 − learning_rate·c = {s['factor']:.2f} (c = mean(x²) = {s['curvature']:g}): "
            f"{s['behaviour']}. Rates above 1/c = {s['oscillation_limit']:g} oscillate, 2/c = "
            f"{s['learning_rate_limit']:g} keeps a constant amplitude, above it they diverge.")


def descent_explorer(learning_rate=0.3, w0=0.0, steps=15):
    """Learning-rate and start sliders, and a step slider with a Play button, over `descent_figure`.

    Returns:
        ipywidgets.VBox (dlkit.viz.explorer.explorer) with ``box.controls`` ({"learning_rate", "w0",
        "step", "play"}), ``box.output`` and ``box.message``; the Play button drives the step slider.
    """
    import ipywidgets as W

    steps = validate.integer(steps, "steps", low=0, where="descent_explorer")
    step = ex.int_slider(0, steps, 0, label="step").widget("step")
    play = W.Play(value=0, min=0, max=steps, step=1, interval=700, description="play")
    W.link((play, "value"), (step, "value"))       # linked first: a Play tick moves the slider, then redraws
    controls = {
        "learning_rate": ex.slider(0.01, 1.2, 0.01, learning_rate, label="learning rate"),
        "w0": ex.slider(-3.0, 7.0, 0.5, w0, label="start w0", fmt=".1f"),
        "step": step,
        "play": play,
    }
    return ex.explorer(controls,
                       state=lambda learning_rate, w0, step, play: descent_state(learning_rate, w0, step, steps),
                       figure=_draw_descent, message=_message, rows=[["learning_rate", "w0"], ["play", "step"]])
