"""Optimizer trajectories on 2-D surfaces (chapter 06): the paths, the losses, the explorer.

Each surface is a function f(x, y) with its gradient; an optimizer of `dlkit.nn.optim` walks from a
start point, and the figure draws the paths of a few optimizers over the contours of f.

An optimizer is given by its name in dlkit.nn.optim.OPTIMIZERS ("sgd", "momentum", "adam", ...) or
as an Optimizer class, e.g. the one a learner wrote; `momentum` sets beta for the rules that take one
(momentum, nesterov).

Symbols:
    p = (x, y)   a point of the plane, the one parameter (2,) the optimizer moves
    f            the surface's value at p (the loss); grad f its gradient (2,)
    path         (steps + 1, 2) the points visited; losses (steps + 1,) f along the path
    distances    (steps + 1,) the distance from each point to the (nearest) minimum
    beta         momentum's coefficient (`momentum`, docs/NAMING.md)

Example:
    >>> s = trajectory_state("bowl", "sgd", learning_rate=0.05, steps=200)
    >>> s["path"].shape, s["diverged"], s["distance"] < 0.01
    ((201, 2), False, True)
    >>> sgd = trajectory_state("bowl", "sgd", learning_rate=0.09, steps=200)
    >>> mom = trajectory_state("bowl", "momentum", learning_rate=0.09, steps=200, momentum=0.5)
    >>> steps_to_reach(sgd, 1e-3), steps_to_reach(mom, 1e-3)
    (88, 27)
"""

from __future__ import annotations

import inspect

import numpy as np
from matplotlib.ticker import LogLocator, NullLocator

from dlkit import validate
from dlkit.errors import fail, type_name
from dlkit.nn.optim import OPTIMIZERS, Optimizer, make_optimizer
from dlkit.viz import explorer as ex
from dlkit.viz.style import PALETTE, label, new_figure

__all__ = ["SURFACES", "trajectory_state", "steps_to_reach", "trajectory_figure", "trajectory_explorer"]


def _bowl(p):
    x, y = p
    return 0.5 * (x ** 2 + 20.0 * y ** 2), np.array([x, 20.0 * y])


def _rosenbrock(p):
    x, y = p
    f = (1.0 - x) ** 2 + 100.0 * (y - x ** 2) ** 2
    return f, np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x ** 2), 200.0 * (y - x ** 2)])


def _saddle(p):
    x, y = p
    return x ** 2 - y ** 2 + 0.25 * y ** 4, np.array([2.0 * x, -2.0 * y + y ** 3])


# name: (function returning (f, grad), start, view (xmin, xmax, ymin, ymax), minima, formula)
SURFACES = {
    "bowl": (_bowl, (-4.0, 1.0), (-4.5, 1.5, -1.5, 1.5), ((0.0, 0.0),), "f = (x² + 20 y²) / 2"),
    "rosenbrock": (_rosenbrock, (-1.2, 1.0), (-2.0, 2.0, -1.0, 3.0), ((1.0, 1.0),),
                   "f = (1 − x)² + 100 (y − x²)²"),
    "saddle": (_saddle, (-2.0, 0.01), (-2.5, 2.5, -2.5, 2.5), ((0.0, np.sqrt(2.0)), (0.0, -np.sqrt(2.0))),
               "f = x² − y² + y⁴/4"),
}


def _optimizer(optimizer, learning_rate, momentum, where):
    """(a fresh optimizer, its label, whether it took `momentum`) from a name or an Optimizer class."""
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        cls, name = optimizer, optimizer.__name__.lower()
    elif isinstance(optimizer, str):
        cls, name = type(make_optimizer(optimizer, learning_rate)), optimizer.lower()
    else:
        raise fail(f"{where}: optimizer must be a name or an Optimizer class",
                   f"one of {list(OPTIMIZERS)}, or a subclass of dlkit.nn.optim.Optimizer", type_name(optimizer))
    takes = "momentum" in inspect.signature(cls).parameters
    kwargs = {}
    if takes and momentum is not None:
        kwargs["momentum"] = validate.number(momentum, "momentum", low=0.0, high=1.0, high_open=True, where=where)
    return cls(learning_rate=learning_rate, **kwargs), name, takes


def trajectory_state(surface="bowl", optimizer="sgd", learning_rate=0.05, steps=100, start=None, momentum=None):
    """Run an optimizer from a start point on a 2-D surface and record its path.

    Each step: g = grad f(p); opt.step([p], [g]) (p updated in place); stop when p leaves the box
    |x|, |y| <= 1000 or f is no longer finite (diverged).

    Args:
        surface: a key of SURFACES ("bowl", "rosenbrock", "saddle").
        optimizer: a key of dlkit.nn.optim.OPTIMIZERS ("sgd", "momentum", "nesterov", "adagrad",
            "rmsprop", "adam", "adamw"), or an Optimizer class (built as cls(learning_rate=...)).
        learning_rate: step size (> 0).
        steps: number of updates (int >= 1).
        start: (x, y), or None for the surface's start point.
        momentum: beta in [0, 1) for optimizers that take `momentum` (momentum, nesterov); None keeps
            their default (0.9); ignored by the others.

    Returns:
        dict with path (steps + 1, 2), losses (steps + 1,), distances (steps + 1,) to the nearest minimum,
        diverged (bool: the path stops where it left the box or hit nan), final_loss, distance (the last
        of distances), momentum (the beta used, None if the optimizer has none), and surface, optimizer
        (its label), learning_rate, formula.

    Example:
        >>> trajectory_state("bowl", "sgd", learning_rate=0.11, steps=100)["diverged"]   # 0.11 * 20 > 2
        True
    """
    where = "trajectory_state"
    surface = validate.choice(surface, "surface", list(SURFACES), where=where)
    steps = validate.integer(steps, "steps", low=1, where=where)
    fn, default_start, _, minima, formula = SURFACES[surface]
    opt, name, takes = _optimizer(optimizer, learning_rate, momentum, where)
    w = validate.array(default_start if start is None else start, "start", shape=(2,), where=where)
    path, losses, diverged = [w.copy()], [fn(w)[0]], False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            _, g = fn(w)                                    # g (2,)
            opt.step([w], [g])
            f = fn(w)[0]
            if not np.all(np.isfinite(w)) or not np.isfinite(f) or np.max(np.abs(w)) > 1e3:
                diverged = True
                break
            path.append(w.copy())
            losses.append(f)
    path = np.array(path)                                   # (steps + 1, 2), fewer if diverged
    distances = np.min([np.linalg.norm(path - np.array(m), axis=1) for m in minima], axis=0)
    return {"surface": surface, "optimizer": name, "learning_rate": float(learning_rate),
            "momentum": float(opt.momentum) if takes else None,
            "formula": formula, "path": path, "losses": np.array(losses), "distances": distances,
            "diverged": diverged, "final_loss": float(losses[-1]), "distance": float(distances[-1])}


def steps_to_reach(state, tol=1e-3):
    """The first step after which the path is within `tol` of the minimum, or None if it never is.

    Args:
        state: a trajectory_state dict; tol: a distance > 0.

    Example:
        >>> steps_to_reach(trajectory_state("bowl", "sgd", 0.09, 40), 1e-3) is None   # 88 steps needed
        True
    """
    tol = validate.number(tol, "tol", low=0.0, low_open=True, where="steps_to_reach")
    if not isinstance(state, dict) or "distances" not in state:
        raise fail("steps_to_reach: state must be a trajectory_state dict", "a dict with 'distances'",
                   type_name(state))
    below = np.flatnonzero(np.asarray(state["distances"]) < tol)
    return int(below[0]) if below.size else None


def _draw(states, surface, learning_rate):
    """Contours with one path per state (left), loss minus the lowest loss per step (right)."""
    fn, _, (x0, x1, y0, y1), minima, formula = SURFACES[surface]
    xs, ys = np.linspace(x0, x1, 160), np.linspace(y0, y1, 120)
    gx, gy = np.meshgrid(xs, ys)                            # (120, 160) each
    fmin = float(fn(np.array(minima[0]))[0])                # 0 for bowl and Rosenbrock, -1 for the saddle
    fz = fn((gx, gy))[0]
    fig, (ax, ax2) = new_figure(ncols=2, figsize=(10, 4))
    lz = np.log1p(fz - fmin)                                # log scale: valleys and rims both show
    ax.contour(gx, gy, lz, levels=np.unique(np.quantile(lz, np.linspace(0.02, 0.98, 15))), colors="0.6",
               linewidths=0.8)
    ax.plot(*np.array(minima).T, marker="*", color="k", markersize=12, linestyle="none", label="minimum")
    markers = ("o", "s", "^", "D", "v", "P", "X")
    for k, s in enumerate(states):
        p = s["path"]
        beta = f" β={s['momentum']:g}" if s.get("momentum") is not None else ""
        tag = f"{s['optimizer']}{beta}{' (diverged)' if s['diverged'] else ''}"
        ax.plot(p[:, 0], p[:, 1], marker=markers[k % len(markers)], markersize=3, linewidth=1.2,
                markevery=max(1, len(p) // 15), label=tag, color=PALETTE[k % len(PALETTE)])
        ax2.plot(np.arange(len(s["losses"])), s["losses"] - fmin + 1e-16, color=PALETTE[k % len(PALETTE)],
                 label=tag)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.legend(loc="upper right", fontsize=9)
    label(ax, "x", "y", f"{surface}: {formula}, learning_rate = {learning_rate:g}")
    ax2.set_yscale("log")
    ax2.yaxis.set_major_locator(LogLocator(numticks=6))    # a few decades labelled: the loss spans up to 20
    ax2.yaxis.set_minor_locator(NullLocator())
    label(ax2, "step", "loss − lowest possible loss", "loss along the path")
    return fig


def trajectory_figure(surface="bowl", optimizers=("sgd", "momentum", "adam"), learning_rate=0.05, steps=100,
                      momentum=None):
    """Contours of the surface with one path per optimizer (left) and the loss per step (right).

    Args:
        surface: a key of SURFACES; optimizers: one name (or Optimizer class) or a sequence of them;
        learning_rate: > 0, the same for all; steps: int >= 1; momentum: beta for the optimizers that
        take one (None: their default).

    Returns:
        matplotlib Figure with two labelled Axes.

    Example:
        >>> len(trajectory_figure("saddle", ("sgd", "adam"), 0.05, 20).axes)
        2
    """
    if isinstance(optimizers, str) or isinstance(optimizers, type):
        optimizers = (optimizers,)
    states = [trajectory_state(surface, name, learning_rate, steps, momentum=momentum) for name in optimizers]
    return _draw(states, surface, learning_rate)


def _explorer_state(surface, optimizer, learning_rate, momentum, steps, classes=None):
    """The chosen optimizer's run, with SGD's run for reference (the figure draws both)."""
    classes = classes or {}
    names = ("sgd", optimizer) if optimizer != "sgd" else ("sgd",)
    runs = [trajectory_state(surface, classes.get(name, name), learning_rate, steps, momentum=momentum)
            for name in names]
    return {"surface": surface, "optimizer": optimizer, "learning_rate": float(learning_rate),
            "momentum": runs[-1]["momentum"], "steps": steps, "runs": runs, "chosen": runs[-1], "sgd": runs[0]}


def _explorer_message(s, tol=1e-3) -> str:
    c = s["chosen"]
    beta = f" (β = {s['momentum']:.2f})" if s["momentum"] is not None else ""
    head = f"{s['optimizer']}{beta}, learning_rate = {s['learning_rate']:.3g}"
    if c["diverged"]:
        return f"{head}: diverged"
    text = f"{head}: loss {c['final_loss']:.3g} after {s['steps']} steps, {c['distance']:.3g} from the minimum"
    reach = steps_to_reach(c, tol)
    text += (f"; within {tol:g} after {reach} steps" if reach is not None else f"; not within {tol:g} yet")
    if s["optimizer"] != "sgd":
        sgd = s["sgd"]
        sgd_reach = None if sgd["diverged"] else steps_to_reach(sgd, tol)
        text += " (SGD: " + ("diverged" if sgd["diverged"] else f"{sgd_reach} steps" if sgd_reach is not None
                            else "not yet") + ")"
    return text


def trajectory_explorer(surface="bowl", optimizer="momentum", learning_rate=0.05, steps=100, momentum=0.9,
                        classes=None):
    """Surface and optimizer menus, log learning-rate, momentum and steps sliders; SGD drawn for reference.

    The message gives the loss and distance at the end and the steps each run needed to come within
    1e-3 of the minimum. The momentum slider (beta) acts on momentum and nesterov and is greyed out
    for the others.

    Args:
        surface, optimizer, learning_rate, steps, momentum: the controls' first values.
        classes: optional {name: Optimizer class} to run instead of dlkit's class of that name (e.g. the
            learner's own {"momentum": Momentum, "adam": Adam}).

    Returns:
        ipywidgets.VBox (dlkit.viz.explorer.explorer) with ``box.controls`` ({"surface", "optimizer",
        "learning_rate", "momentum", "steps"}), ``box.output`` and ``box.message``.
    """
    classes = dict(classes or {})
    for name, cls in classes.items():
        if name not in OPTIMIZERS or not (isinstance(cls, type) and issubclass(cls, Optimizer)):
            raise fail("trajectory_explorer: classes maps optimizer names to Optimizer classes",
                       f"e.g. {{'momentum': Momentum}} with names from {list(OPTIMIZERS)}", f"{name!r}: {type_name(cls)}")
    controls = {
        "surface": ex.choice(list(SURFACES), surface),
        "optimizer": ex.choice(list(OPTIMIZERS), optimizer),
        "learning_rate": ex.log_slider(-4.0, 0.0, learning_rate, label="learning rate", fmt=".1e"),
        "momentum": ex.slider(0.0, 0.99, 0.01, momentum, label="momentum β"),
        "steps": ex.int_slider(10, 500, steps, step=10),
    }

    def grey_out(widgets, s):
        widgets["momentum"].disabled = s["momentum"] is None

    return ex.explorer(controls, state=lambda **v: _explorer_state(**v, classes=classes),
                       figure=lambda s: _draw(s["runs"], s["surface"], s["learning_rate"]),
                       message=_explorer_message, update=grey_out,
                       rows=[["surface", "optimizer"], ["learning_rate", "momentum", "steps"]])
