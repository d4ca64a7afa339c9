"""Gradient descent of chapter 04: a one-weight cost curve, the update rule, mini-batch SGD, an explorer.

Symbols: n samples, D features, m samples in one mini-batch, T steps (iterations).

    x, z    (n,)     one input and its target per sample; the one-weight model predicts z_hat = w x
    X       (n, D)   inputs of a linear regression, one sample per row
    y       (n,)     its targets; the model predicts y_hat = X w + b
    w       (D,)     weights, b a number (the bias)

One weight (the example of source 002, data z = 2x):

    J(w)     = 1/(2n) sum_i (z_i - w x_i)^2                     the cost, a parabola in w
    dJ/dw    = -(1/n) sum_i x_i (z_i - w x_i)                   its slope (the 1/2 cancels the 2)
    update   w_{t+1} = w_t - lr * dJ/dw(w_t)

With c = mean(x^2) the cost is J(w) = c/2 (w - w*)^2 + const, so each step multiplies the distance to
the minimum w* by (1 - lr c): it converges for 0 < lr < 2/c, oscillates for lr > 1/c and diverges
for lr > 2/c.

Linear regression with a bias, one mini-batch B of m samples (source 003, eq. 16-18):

    r        = y_B - (X_B w + b)                                 (m,) residuals
    dJ/dw    = -(1/m) X_B^T r                                    (D,)
    dJ/db    = -(1/m) sum r
    batch GD: B = all n samples (eq. 16); SGD: m = 1 (eq. 17); mini-batch: 1 < m < n (eq. 18)
    one epoch = one pass over the shuffled data = ceil(n / m) iterations (the last batch may be smaller)

The explorer follows dlkit.widgets: `descent_state` (pure numbers), `descent_figure` (a Figure,
pyplot-free) and `descent_explorer` (ipywidgets wiring, imported inside the function).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from dlkit import plots
from dlkit.checks import CheckError
from dlkit.data import _rng

__all__ = [
    "line_data", "regression_data", "cost", "gradient", "gradient_descent", "iterations_per_epoch",
    "linreg_cost", "linreg_gradients", "minibatch_sgd", "least_squares", "CountingGenerator",
    "walk_figure", "paths_figure", "descent_state", "descent_figure", "descent_explorer",
]


# --- input checks ---------------------------------------------------------------------------------

def _number(value, name: str) -> float:
    """A finite real number, or a CheckError saying what was received."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray)) or np.ndim(value) != 0:
        raise CheckError(f"{name}: expected a number. Received: {type(value).__name__}"
                         + (f" of shape {np.shape(value)}" if isinstance(value, np.ndarray) else ""))
    value = float(value)
    if not math.isfinite(value):
        raise CheckError(f"{name}: expected a finite number. Received: {name}={value}")
    return value


def _count(value, name: str, minimum: int = 0) -> int:
    """An int >= minimum (numpy ints accepted, bools refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise CheckError(f"{name}: expected an integer >= {minimum}. Received: {name}={value!r}")
    return int(value)


def _vector(values, name: str) -> np.ndarray:
    """A 1-D float array of finite numbers."""
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise CheckError(f"{name}: expected a 1-D array of numbers. Received: {type(values).__name__}") from None
    if arr.ndim != 1:
        raise CheckError(f"{name}: expected a 1-D array of shape (n,). Received shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise CheckError(f"{name}: expected finite numbers. Received an array containing nan or inf")
    return arr


def _pair(x, z) -> tuple[np.ndarray, np.ndarray]:
    """x and z as 1-D float arrays of one length n >= 1."""
    x, z = _vector(x, "x"), _vector(z, "z")
    if x.shape != z.shape:
        raise CheckError(f"x and z must have one entry per sample each. Received shapes {x.shape} and {z.shape}")
    if x.size == 0:
        raise CheckError("x and z must hold at least one sample. Received empty arrays")
    return x, z


def _design(X, y) -> tuple[np.ndarray, np.ndarray]:
    """X (n, D) and y (n,) as float arrays."""
    try:
        X, y = np.array(X, dtype=float), np.array(y, dtype=float)
    except (TypeError, ValueError):
        raise CheckError("X and y: expected arrays of numbers") from None
    if X.ndim != 2:
        raise CheckError(f"X: expected shape (n, D), one sample per row. Received shape {X.shape}")
    if y.shape != (X.shape[0],):
        raise CheckError(f"y: expected shape ({X.shape[0]},), one target per row of X. Received shape {y.shape}")
    if X.shape[0] == 0:
        raise CheckError("X: expected at least one sample. Received 0 rows")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise CheckError("X and y: expected finite numbers. Received nan or inf")
    return X, y


# --- data -----------------------------------------------------------------------------------------

def line_data() -> tuple[np.ndarray, np.ndarray]:
    """The chapter's one-weight data set: five points on the line z = 2x (no noise).

    x = [-2, -1, 0, 1, 2], so mean(x^2) = 2 and J(w) = (w - 2)^2 exactly.

    Returns:
        x (5,), z (5,) float arrays.
    """
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])  # (5,)
    return x, 2.0 * x


def regression_data(n: int = 200, w=(2.0, -1.0, 0.5), b: float = 1.0, noise: float = 0.1, rng=None):
    """Linear-regression data y = X w + b + noise, X standard normal.

    Args:
        n: number of samples; w: true weights (D,); b: true bias; noise: standard deviation of the noise;
        rng: a np.random.Generator (or a seed).

    Returns:
        X (n, D), y (n,).
    """
    n = _count(n, "n", 1)
    w = _vector(w, "w")
    rng = _rng(rng)
    X = rng.normal(size=(n, w.size))  # (n, D)
    y = X @ w + _number(b, "b") + _number(noise, "noise") * rng.normal(size=n)  # (n,)
    return X, y


# --- one weight -----------------------------------------------------------------------------------

def cost(w, x, z) -> float:
    """J(w) = 1/(2n) sum_i (z_i - w x_i)^2 for the model z_hat = w x.

    Example:
        >>> cost(0.0, *line_data())     # (1/10) * sum((2x)^2) = 40/10
        4.0
    """
    w = _number(w, "w")
    x, z = _pair(x, z)
    errors = z - w * x  # (n,)
    return float(np.sum(errors ** 2) / (2 * x.size))


def gradient(w, x, z) -> float:
    """dJ/dw = -(1/n) sum_i x_i (z_i - w x_i), the slope of `cost` at w.

    Example:
        >>> gradient(0.0, *line_data())   # -(1/5) * sum(x * 2x) = -20/5
        -4.0
    """
    w = _number(w, "w")
    x, z = _pair(x, z)
    return float(-np.mean(x * (z - w * x)))


def gradient_descent(w0, x, z, lr, steps) -> tuple[np.ndarray, np.ndarray]:
    """Run `steps` updates w <- w - lr * dJ/dw from w0 and return the history.

    Returns:
        ws (steps + 1,): w0, w1, ..., w_steps;  Js (steps + 1,): Js[t] = cost(ws[t]).
        A diverging run keeps going: its numbers grow (inf once they overflow); nothing is clipped.

    Example:
        >>> ws, Js = gradient_descent(0.0, *line_data(), lr=0.3, steps=2)
        >>> ws, Js                         # ws ≈ [0, 1.2, 1.68], Js ≈ [4, 0.64, 0.1024]
    """
    w = _number(w0, "w0")
    x, z = _pair(x, z)
    lr = _number(lr, "lr")
    steps = _count(steps, "steps")
    ws = np.empty(steps + 1)
    ws[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            w = w - lr * float(-np.mean(x * (z - w * x)))
            ws[t + 1] = w
        Js = np.sum((z[None, :] - ws[:, None] * x[None, :]) ** 2, axis=1) / (2 * x.size)  # (T+1, n) -> (T+1,)
    return ws, Js


# --- epochs, iterations, batches ------------------------------------------------------------------

def iterations_per_epoch(n, batch_size) -> int:
    """Number of mini-batches (updates) in one pass over n samples: ceil(n / batch_size).

    Example:
        >>> iterations_per_epoch(10, 4)    # batches of 4, 4 and 2
        3
    """
    n, batch_size = _count(n, "n", 0), _count(batch_size, "batch_size", 1)
    return -(-n // batch_size)


def linreg_cost(X, y, w, b) -> float:
    """J(w, b) = 1/(2n) sum_i (y_i - (X_i . w + b))^2."""
    X, y = _design(X, y)
    r = y - (X @ np.asarray(w, dtype=float) + float(b))  # (n,)
    return float(np.mean(r ** 2) / 2)


def linreg_gradients(X, y, w, b) -> tuple[np.ndarray, float]:
    """Gradients of linreg_cost over the given rows: dJ/dw = -(1/m) X^T r (D,), dJ/db = -(1/m) sum r."""
    X, y = _design(X, y)
    r = y - (X @ np.asarray(w, dtype=float) + float(b))  # (m,)
    return -(X.T @ r) / len(y), float(-np.mean(r))  # (D, m) @ (m,) -> (D,)


def minibatch_sgd(X, y, lr, epochs, batch_size, rng, *, history=False):
    """Mini-batch gradient descent for linear regression y ≈ X w + b, from w = 0, b = 0.

    Every epoch: order = rng.permutation(n) (one draw per epoch, nothing else is drawn), then the
    batches order[0:m], order[m:2m], ... (the last one may be smaller); for each batch B
        r = y_B - (X_B w + b);  w <- w + lr (1/|B|) X_B^T r;  b <- b + lr (1/|B|) sum r.
    batch_size >= n gives batch gradient descent, batch_size = 1 stochastic gradient descent.

    Args:
        X (n, D), y (n,): the data; lr: learning rate > 0; epochs: int >= 0; batch_size: int >= 1;
        rng: a np.random.Generator (shuffles the data each epoch).
        history: if True also return the cost on all the data before the first and after every update.

    Returns:
        (w, b): w (D,) float array, b a float; with history=True (w, b, costs) where costs has
        1 + epochs * ceil(n / batch_size) entries.
    """
    X, y = _design(X, y)
    lr = _number(lr, "lr")
    epochs = _count(epochs, "epochs")
    batch_size = _count(batch_size, "batch_size", 1)
    if not isinstance(rng, np.random.Generator):
        raise CheckError(f"rng: expected a np.random.Generator, e.g. np.random.default_rng(0). "
                         f"Received: {type(rng).__name__}")
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    costs = [linreg_cost(X, y, w, b)] if history else None
    for _ in range(epochs):
        order = rng.permutation(n)  # (n,) a fresh shuffle every epoch
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]  # (m,), m <= batch_size
            r = y[idx] - (X[idx] @ w + b)  # (m,) residuals
            w = w + lr * (X[idx].T @ r) / len(idx)  # (D, m) @ (m,) -> (D,)
            b = b + lr * float(np.mean(r))
            if history:
                costs.append(linreg_cost(X, y, w, b))
    if history:
        return w, float(b), np.array(costs)
    return w, float(b)


def least_squares(X, y) -> tuple[np.ndarray, float]:
    """The closed-form answer: (w, b) minimising sum (y - X w - b)^2, via np.linalg.lstsq on [X, 1]."""
    X, y = _design(X, y)
    A = np.hstack([X, np.ones((len(y), 1))])  # (n, D + 1)
    theta = np.linalg.lstsq(A, y, rcond=None)[0]  # (D + 1,)
    return theta[:-1], float(theta[-1])


class CountingGenerator(np.random.Generator):
    """A np.random.Generator that counts its shuffles (for tests of `minibatch_sgd`).

    It draws exactly what np.random.default_rng(seed) draws; `shuffles` counts calls of permutation,
    shuffle and permuted (one each, however numpy implements them internally), and `other_draws`
    counts the other ways of drawing indices (choice, integers, random).

    Example:
        >>> g = CountingGenerator(0); g.permutation(5); g.shuffles
        1
    """

    def __init__(self, seed=None):
        super().__init__(np.random.PCG64(seed))
        self.shuffles = 0
        self.other_draws = 0
        self._inside = False

    def _counted(self, method, counter, *args, **kwargs):
        if self._inside:
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


# --- figures --------------------------------------------------------------------------------------

def _draw_fit(ax, x, z, w, title=None, ghosts=()):
    """Scatter of (x, z), faint lines for earlier weights, the line z_hat = w x in front."""
    xs = np.array([x.min() - 0.5, x.max() + 0.5])
    for g in ghosts:
        ax.plot(xs, g * xs, color="0.75", lw=1)
    ax.scatter(x, z, color=plots.PALETTE[0], edgecolors="black", linewidths=0.6, zorder=3, label="data")
    ax.plot(xs, w * xs, color=plots.PALETTE[3], label=f"ẑ = {w:.3g}·x")
    ax.set_ylim(z.min() - 1.5, z.max() + 1.5)
    plots.label(ax, "x", "z", title)


def walk_figure(ws, Js, x, z):
    """Small multiples: one panel per step t, the data and the fitted line z_hat = w_t x.

    Args:
        ws, Js: the history of `gradient_descent` (T + 1 entries each); x, z: the data.

    Returns:
        a Figure with T + 1 panels titled "t = .. : w = .., J = ..".
    """
    ws, Js = _vector(ws, "ws"), _vector(Js, "Js")
    x, z = _pair(x, z)
    k = ws.size
    fig, axes = plots.new_figure(ncols=k, figsize=(2.6 * k, 2.8))
    axes = np.atleast_1d(axes)
    for t, ax in enumerate(axes):
        _draw_fit(ax, x, z, ws[t], title=f"t = {t}: w = {ws[t]:.3f}\nJ = {Js[t]:.4f}", ghosts=ws[:t])
        if t:
            ax.set_ylabel(" ")
    return fig


def _draw_cost_path(ax, x, z, ws, title=None, window=None):
    """The cost curve J(w) and the path of w over it (points joined by arrows)."""
    w_star = float(np.sum(x * z) / np.sum(x * x))
    finite = ws[np.isfinite(ws)]
    lo, hi = window if window is not None else (min(finite.min(), w_star - 2.5), max(finite.max(), w_star + 2.5))
    pad = 0.08 * (hi - lo)
    grid = np.linspace(lo - pad, hi + pad, 301)  # (301,)
    J_grid = np.sum((z[None, :] - grid[:, None] * x[None, :]) ** 2, axis=1) / (2 * x.size)  # (301,)
    ax.plot(grid, J_grid, color=plots.PALETTE[0], label="J(w)")
    shown = ws[np.isfinite(ws) & (ws >= grid[0]) & (ws <= grid[-1])]
    Js = np.sum((z[None, :] - shown[:, None] * x[None, :]) ** 2, axis=1) / (2 * x.size)
    for (a, ja), (b, jb) in zip(zip(shown[:-1], Js[:-1]), zip(shown[1:], Js[1:])):
        ax.annotate("", xy=(b, jb), xytext=(a, ja),
                    arrowprops=dict(arrowstyle="->", color=plots.PALETTE[3], lw=1.2))
    ax.scatter(shown, Js, color=plots.PALETTE[3], edgecolors="black", linewidths=0.5, zorder=3, s=30)
    ax.axvline(w_star, color="0.5", lw=0.8, ls="--")
    ax.set_xlim(grid[0], grid[-1])
    plots.label(ax, "w", "J(w)", title)


def paths_figure(runs, steps=8, x=None, z=None):
    """One panel per run: `steps` gradient-descent steps drawn on the cost curve.

    Args:
        runs: a list of (lr, w0) pairs, one panel each; steps: number of updates; x, z: the data
        (default `line_data()`).

    Returns:
        a Figure; each title gives the rate, the start and the final w.

    Example:
        >>> fig = paths_figure([(0.02, 0.0), (0.3, 0.0), (1.05, 0.0)])   # too small, good, too large
    """
    if x is None or z is None:
        x, z = line_data()
    x, z = _pair(x, z)
    runs = [(_number(lr, "lr"), _number(w0, "w0")) for lr, w0 in runs]
    fig, axes = plots.new_figure(ncols=len(runs), figsize=(3.4 * len(runs), 3.3))
    axes = np.atleast_1d(axes)
    w_star = float(np.sum(x * z) / np.sum(x * x))
    for (lr, w0), ax in zip(runs, axes):
        ws, _ = gradient_descent(w0, x, z, lr, steps)
        window = (min(w_star - 3, w0 - 0.5), max(w_star + 3, w0 + 0.5))
        _draw_cost_path(ax, x, z, ws, title=f"lr = {lr:g}, w0 = {w0:g}\nw_{steps} = {ws[-1]:.3g}", window=window)
    return fig


# --- the explorer ---------------------------------------------------------------------------------

def descent_state(lr=0.3, w0=0.0, step=4, steps=15, x=None, z=None) -> dict:
    """Pure compute of the explorer: a gradient-descent run and where it is at `step`.

    Args:
        lr: learning rate; w0: start; step: which iteration to show (clamped to 0..steps);
        steps: length of the run; x, z: the data (default `line_data()`).

    Returns:
        dict with ws, Js (steps + 1,), step, w, J, slope (dJ/dw at w), next_w, w_star (the minimum),
        lr_limit (= 2 / mean(x^2): larger rates diverge), behaviour (one of "converges smoothly",
        "oscillates but converges", "diverges", "stays at the minimum", "crawls"), x, z.

    Example:
        >>> descent_state(0.3, 0.0, step=1)["w"]        # 0 - 0.3 * (-4)
        1.2
    """
    if x is None or z is None:
        x, z = line_data()
    x, z = _pair(x, z)
    lr, w0 = _number(lr, "lr"), _number(w0, "w0")
    steps = _count(steps, "steps")
    step = min(max(_count(step, "step"), 0), steps)
    ws, Js = gradient_descent(w0, x, z, lr, steps)
    c = float(np.mean(x * x))
    w_star = float(np.sum(x * z) / np.sum(x * x))
    factor = 1.0 - lr * c  # each step multiplies w - w_star by this
    if abs(w0 - w_star) < 1e-12:
        behaviour = "stays at the minimum"
    elif abs(factor) >= 1.0:
        behaviour = "diverges"
    elif factor < 0:
        behaviour = "oscillates but converges"
    elif factor > 0.9:
        behaviour = "crawls"
    else:
        behaviour = "converges smoothly"
    w = float(ws[step])
    slope = gradient(w, x, z) if math.isfinite(w) and abs(w) < 1e150 else float("inf")
    return {
        "ws": ws, "Js": Js, "step": step, "w": w, "J": float(Js[step]), "slope": slope,
        "next_w": float(w - lr * slope), "w_star": w_star, "lr_limit": 2.0 / c, "factor": factor,
        "behaviour": behaviour, "lr": lr, "w0": w0, "x": x, "z": z,
    }


def descent_figure(lr=0.3, w0=0.0, step=4, steps=15, x=None, z=None):
    """The explorer's figure: the path so far on the cost curve (left), the current fit (right)."""
    s = descent_state(lr, w0, step, steps, x, z)
    fig, (ax_cost, ax_fit) = plots.new_figure(ncols=2, figsize=(10, 3.8))
    window = (min(s["w_star"] - 3, w0 - 0.5), max(s["w_star"] + 3, w0 + 0.5))
    shown = s["ws"][:s["step"] + 1]
    _draw_cost_path(ax_cost, s["x"], s["z"], shown, window=window,
                    title=f"lr = {s['lr']:.2f}: {s['behaviour']}")
    outside = int(np.sum(~np.isfinite(shown) | (shown < window[0] - 1) | (shown > window[1] + 1)))
    if outside:
        ax_cost.text(0.5, 0.95, f"{outside} step(s) left the plot", transform=ax_cost.transAxes,
                     ha="center", va="top", color=plots.PALETTE[3])
    w = s["w"]
    _draw_fit(ax_fit, s["x"], s["z"], w if abs(w) < 1e6 else np.sign(w) * 1e6,
              title=f"step {s['step']}: w = {w:.4g}, J = {s['J']:.4g}", ghosts=shown[:-1][np.abs(shown[:-1]) < 1e6])
    ax_fit.legend(loc="upper left")
    return fig


def descent_explorer(lr=0.3, w0=0.0, steps=15):
    """Learning-rate and start sliders, and a step slider with a Play button, over `descent_figure`.

    Returns:
        ipywidgets.VBox with ``box.controls`` ({"lr", "w0", "step", "play"}) and ``box.output``.
    """
    import ipywidgets as W

    from dlkit.widgets import figure_output

    controls = {
        "lr": W.FloatSlider(value=lr, min=0.01, max=1.2, step=0.01, description="learning rate",
                            readout_format=".2f", continuous_update=False),
        "w0": W.FloatSlider(value=w0, min=-3.0, max=7.0, step=0.5, description="start w0",
                            readout_format=".1f", continuous_update=False),
        "step": W.IntSlider(value=0, min=0, max=steps, step=1, description="step"),
        "play": W.Play(value=0, min=0, max=steps, step=1, interval=700, description="play"),
    }
    W.link((controls["play"], "value"), (controls["step"], "value"))
    note = W.HTML()
    out = W.Output()

    def redraw(_change=None):
        args = (controls["lr"].value, controls["w0"].value, controls["step"].value, steps)
        s = descent_state(*args)
        note.value = (f"step {s['step']}: w = {s['w']:.4g}, J(w) = {s['J']:.4g}, slope dJ/dw = {s['slope']:.4g}, "
                      f"next w = w − lr·slope = {s['next_w']:.4g}. Each step multiplies the distance to w* = "
                      f"{s['w_star']:g} by 1 − lr·mean(x²) = {s['factor']:.2f}; rates above {s['lr_limit']:g} diverge.")
        out.outputs = (figure_output(descent_figure(*args)),)

    for key in ("lr", "w0", "step"):
        controls[key].observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox([controls["lr"], controls["w0"]]), W.HBox([controls["play"], controls["step"]]), note, out])
    box.controls = controls
    box.output = out
    return box
