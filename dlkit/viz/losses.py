"""The loss explorer of chapter 03: each loss of a task, and its slope, as one prediction moves.

Symbols (docs/NAMING.md): y the target of one example; y_hat its prediction (regression) or z its score,
the logit, for a yes/no task; e = y_hat - y the error; L(y, y_hat) the loss of that one example and
dL/dy_hat (dL/dz) its slope, the number backpropagation starts from. Every curve is a loss of
dlkit.nn.losses (reduction="none") and its gradient function, so the explorer shows the course's losses
themselves.

    LOSS_TASKS                                    the losses drawn for each task
    loss_curves(task, y, delta, low, high, num)   pure: each loss and its slope on a grid of predictions
    loss_state(task, y, y_hat, delta)             the explorer's state: the curves, the values at y_hat
    loss_figure(state)                            losses (left) and slopes (right), a marker at y_hat
    loss_explorer(...)                            task and target menus, a prediction slider, Huber's delta

For the yes/no task the prediction is a score z: "binary_crossentropy" is computed from the logit
(from_logits=True), "bce via sigmoid(z)" from the probability sigmoid(z), clipped to [1e-7, 1 - 1e-7] as
Keras clips probabilities it receives; hinge and squared hinge read the 0/1 target as -1/+1, as Keras
converts it.

Example:
    >>> s = loss_state("regression", y=0.0, y_hat=2.0)
    >>> s["value_at"]["mse"], s["slope_at"]["mse"], s["slope_at"]["mae"]
    (4.0, 4.0, 1.0)
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail
from dlkit.nn import losses as L
from dlkit.nn.activations import sigmoid, sigmoid_grad
from dlkit.viz import explorer as ex
from dlkit.viz.style import PALETTE, label, new_figure

__all__ = ["LOSS_TASKS", "loss_curves", "loss_state", "loss_figure", "loss_explorer"]

LOSS_TASKS = {
    "regression": ("mse", "mae", "huber", "log_cosh"),
    "binary": ("binary_crossentropy", "bce via sigmoid(z)", "hinge", "squared_hinge"),
}
_GRIDS = {"regression": (-4.0, 4.0), "binary": (-20.0, 20.0)}    # default ranges (regression: around y)
_YLIM = {"regression": None, "binary": ((-0.5, 22.0), (-2.0, 2.0))}  # squared hinge leaves these panels


def _losses_and_slopes(task: str, y: float, p: np.ndarray, delta: float):
    """{name: (loss per prediction, slope per prediction)} for predictions p (n,), one example each."""
    Y, P = np.full((p.size, 1), float(y)), p.reshape(-1, 1)          # (n, 1): n examples of one output
    n = p.size
    if task == "regression":
        return {
            "mse": (L.mse(Y, P, reduction="none"), n * L.mse_grad(Y, P).ravel()),
            "mae": (L.mae(Y, P, reduction="none"), n * L.mae_grad(Y, P).ravel()),
            "huber": (L.huber(Y, P, delta, reduction="none"), n * L.huber_grad(Y, P, delta).ravel()),
            "log_cosh": (L.log_cosh(Y, P, reduction="none"), n * L.log_cosh_grad(Y, P).ravel()),
        }
    S = np.asarray(sigmoid(P))                                         # probabilities (n, 1)
    via_probs = n * L.binary_crossentropy_grad(Y, S) * np.asarray(sigmoid_grad(P))   # chain rule: dL/dp dp/dz
    return {
        "binary_crossentropy": (L.binary_crossentropy(Y, P, from_logits=True, reduction="none"),
                                n * L.binary_crossentropy_grad(Y, P, from_logits=True).ravel()),
        "bce via sigmoid(z)": (L.binary_crossentropy(Y, S, reduction="none"), via_probs.ravel()),
        "hinge": (L.hinge(Y, P, reduction="none"), n * L.hinge_grad(Y, P).ravel()),
        "squared_hinge": (L.squared_hinge(Y, P, reduction="none"), n * L.squared_hinge_grad(Y, P).ravel()),
    }


def _check(task, y, delta, where: str):
    validate.choice(task, "task", tuple(LOSS_TASKS), where=where)
    y = validate.number(y, "y", where=where)
    if task == "binary" and y not in (0.0, 1.0):
        raise fail(f"{where}: a yes/no target must be 0 or 1", "y = 0 or y = 1", f"y = {y:g}")
    delta = validate.number(delta, "delta", low=0, low_open=True, where=where)
    return y, delta


def _range(task: str, y: float):
    lo, hi = _GRIDS[task]
    return (y + lo, y + hi) if task == "regression" else (lo, hi)


def loss_curves(task="regression", y=0.0, delta=1.0, low=None, high=None, num=401):
    """Each loss of `task` and its slope for one example with target y, over predictions from low to high.

    Args:
        task: "regression" (predictions y_hat) or "binary" (scores z, target 0 or 1).
        y: the target.
        delta: Huber's threshold, > 0 (used by "huber" only).
        low, high: the prediction range (default y - 4 .. y + 4 for regression, -20 .. 20 for binary),
            low < high.
        num: number of predictions, >= 2.

    Returns:
        dict with task, y, delta, names (the task's losses), grid (num,), loss and slope ({name: (num,)}).

    Example:
        >>> c = loss_curves("regression", y=1.0, low=0.0, high=2.0, num=3)
        >>> c["loss"]["mse"], c["slope"]["mae"]
        (array([1., 0., 1.]), array([-1.,  0.,  1.]))
    """
    where = "loss_curves"
    y, delta = _check(task, y, delta, where)
    lo, hi = _range(task, y)
    low = lo if low is None else validate.number(low, "low", where=where)
    high = hi if high is None else validate.number(high, "high", where=where)
    if low >= high:
        raise fail(f"{where}: the prediction range is empty", "low < high", f"low={low:g}, high={high:g}")
    num = validate.integer(num, "num", low=2, where=where)
    grid = np.linspace(low, high, num)                                 # (num,)
    both = _losses_and_slopes(task, y, grid, delta)
    return {"task": task, "y": y, "delta": delta, "names": LOSS_TASKS[task], "grid": grid,
            "loss": {k: v[0] for k, v in both.items()}, "slope": {k: v[1] for k, v in both.items()}}


def loss_state(task="regression", y=0.0, y_hat=2.0, delta=1.0):
    """The explorer's state: loss_curves over the task's range (widened to include y_hat), and each loss
    and slope at the prediction y_hat itself.

    Returns:
        loss_curves' dict plus y_hat, value_at and slope_at ({name: float}) and xlabel.

    Example:
        >>> s = loss_state("binary", y=1.0, y_hat=-30.0)
        >>> round(s["value_at"]["binary_crossentropy"], 2), round(s["value_at"]["bce via sigmoid(z)"], 2)
        (30.0, 16.12)
        >>> s["slope_at"]["bce via sigmoid(z)"]             # clipped: the probability route learns nothing
        0.0
    """
    where = "loss_state"
    y, delta = _check(task, y, delta, where)
    y_hat = validate.number(y_hat, "y_hat", where=where)
    lo, hi = _range(task, y)
    state = loss_curves(task, y, delta, low=min(lo, y_hat), high=max(hi, y_hat))
    at = _losses_and_slopes(task, y, np.array([y_hat]), delta)
    state.update(y_hat=y_hat, value_at={k: float(v[0][0]) for k, v in at.items()},
                 slope_at={k: float(v[1][0]) for k, v in at.items()},
                 xlabel="prediction ŷ" if task == "regression" else "score z (logit)")
    return state


def loss_figure(state):
    """Two panels: every loss of the task against the prediction (left), its slope (right); a dot marks
    the current prediction on each curve, a dashed line the target (regression) or z = 0 (binary).

    Example:
        >>> fig = loss_figure(loss_state())
        >>> [ax.get_ylabel() for ax in fig.axes]
        ['loss of one example', 'slope dL/dŷ']
    """
    fig, (ax_l, ax_s) = new_figure(ncols=2, figsize=(10, 3.8))
    x, task = state["grid"], state["task"]
    for i, name in enumerate(state["names"]):
        color = PALETTE[i]
        ax_l.plot(x, state["loss"][name], color=color, label=name)
        ax_s.plot(x, state["slope"][name], color=color, label=name)
        ax_l.plot([state["y_hat"]], [state["value_at"][name]], "o", color=color, ms=7)
        ax_s.plot([state["y_hat"]], [state["slope_at"][name]], "o", color=color, ms=7)
    mark = state["y"] if task == "regression" else 0.0
    for ax in (ax_l, ax_s):
        ax.axvline(mark, color="0.5", lw=0.8, ls="--")
        ax.axhline(0.0, color="0.6", lw=0.8)
    if _YLIM[task] is not None:
        ax_l.set_ylim(*_YLIM[task][0])
        ax_s.set_ylim(*_YLIM[task][1])
    ax_l.legend(fontsize=9)
    target = f"target y = {state['y']:g}"
    slope = "slope dL/dŷ" if task == "regression" else "slope dL/dz"
    label(ax_l, state["xlabel"], "loss of one example", f"{task} losses, {target}")
    label(ax_s, state["xlabel"], slope, "their slopes (what training follows)")
    return fig


def _message(state) -> str:
    parts = [f"{name}: {state['value_at'][name]:.3f} (slope {state['slope_at'][name]:+.3f})"
             for name in state["names"]]
    what = "ŷ" if state["task"] == "regression" else "z"
    return f"{what} = {state['y_hat']:.2f}, y = {state['y']:g} &nbsp;|&nbsp; " + " &nbsp;·&nbsp; ".join(parts)


def _disable_delta(widgets, state) -> None:
    widgets["delta"].disabled = state["task"] != "regression"


def loss_explorer(task="regression", y=0.0, y_hat=2.0, delta=1.0):
    """A task menu, a target menu (0 or 1), a prediction slider (-20 to 20) and Huber's delta.

    The delta slider is disabled for the yes/no task.

    Returns:
        ipywidgets.VBox (see dlkit.viz.explorer.explorer) with ``box.controls`` ({"task", "y", "y_hat",
        "delta"}), ``box.message`` and ``box.output``.

    Example:
        >>> box = loss_explorer()
        >>> box.controls["y_hat"].value = -3.0        # redraws the figure and the message
    """
    controls = {
        "task": ex.choice(list(LOSS_TASKS), task, label="task"),
        "y": ex.choice([("0", 0.0), ("1", 1.0)], float(y), label="target y"),
        "y_hat": ex.slider(-20.0, 20.0, 0.1, y_hat, label="prediction", fmt=".1f"),
        "delta": ex.slider(0.25, 3.0, 0.05, delta, label="Huber δ", fmt=".2f"),
    }
    return ex.explorer(controls, state=loss_state, figure=loss_figure, message=_message,
                       rows=[["task", "y"], ["y_hat", "delta"]], update=_disable_delta)
