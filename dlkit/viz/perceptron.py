"""The perceptron explorer of chapter 01: move a line over the four points of a logic gate.

Symbols (docs/NAMING.md): X the gate's four inputs (4, 2), y its outputs (4,), w = (w1, w2) the
weights, b the bias, y_hat the perceptron's predictions step(X @ w + b).

    perceptron_state(w1, w2, b, gate)     pure: what the perceptron does on the gate's four inputs
    perceptron_figure(w1, w2, b, gate)    the points, the decision regions and the boundary line
    perceptron_explorer(gate, ...)        sliders for w1, w2, b and a gate menu (dlkit.viz.explorer)

Example:
    >>> perceptron_state(1.0, 1.0, -1.5, "and")["correct"]
    4
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.data.synthetic import GATES, logic_gate
from dlkit.nn.perceptron import predict
from dlkit.viz import explorer as ex
from dlkit.viz.plots import plot_decision_boundary

__all__ = ["PERCEPTRON_GATES", "perceptron_state", "perceptron_figure", "perceptron_explorer"]

PERCEPTRON_GATES = ("and", "or", "nand", "xor")     # the explorer's menu (perceptron_state takes "nor" too)


def perceptron_state(w1, w2, b, gate="and"):
    """What a perceptron with weights (w1, w2) and bias b does on the four inputs of a logic gate.

    Formula: y_hat = step(w1 x1 + w2 x2 + b) for (x1, x2) in {0, 1}^2.

    Args:
        w1, w2: the two weights.
        b: the bias.
        gate: "and", "or", "nand", "nor" or "xor" (case-insensitive).

    Returns:
        dict with
            X (4, 2) float inputs, y (4,) int targets, predictions (4,) int,
            correct (int, 0..4), accuracy (float, 0..1), mistakes (list of row indices),
            separates (bool: all four points on the right side), w (2,), b (float), gate (str).

    Example:
        >>> s = perceptron_state(1.0, 1.0, -1.5, "OR")
        >>> s["correct"], s["mistakes"]
        (2, [1, 2])
    """
    w = np.array([validate.number(w1, "w1", where="perceptron_state"),
                  validate.number(w2, "w2", where="perceptron_state")])          # (2,)
    b = validate.number(b, "b", where="perceptron_state")
    gate = validate.choice(str(gate).lower(), "gate", tuple(GATES), where="perceptron_state")
    X, y = logic_gate(gate)                                                       # (4, 2), (4,)
    y_hat = predict(X, w, b)                                                      # (4,)
    right = y_hat == y
    return {
        "gate": gate,
        "X": X,
        "y": y,
        "w": w,
        "b": b,
        "predictions": y_hat,
        "correct": int(right.sum()),
        "accuracy": float(right.mean()),
        "mistakes": [int(i) for i in np.flatnonzero(~right)],
        "separates": bool(right.all()),
    }


def _draw(s):
    """The figure of a perceptron_state."""
    title = f"{s['gate'].upper()}: {s['correct']}/4 correct"
    return plot_decision_boundary(s["X"], s["y"], s["w"], s["b"], title=title, xlim=(-0.5, 1.5), ylim=(-0.5, 1.5))


def perceptron_figure(w1, w2, b, gate="and"):
    """The gate's four points, the perceptron's decision regions and its boundary line.

    The title gives the score, e.g. "AND: 4/4 correct"; both axes are labelled ($x_1$, $x_2$).

    Returns:
        matplotlib Figure (show it by making it the last expression of a cell).

    Example:
        >>> perceptron_figure(1.0, 1.0, -1.5, "and").axes[0].get_title()
        'AND: 4/4 correct'
    """
    return _draw(perceptron_state(w1, w2, b, gate))


def _message(s) -> str:
    w_text = f"w = ({s['w'][0]:.1f}, {s['w'][1]:.1f}), b = {s['b']:.1f}"
    if s["separates"]:
        return f"{w_text}: this line separates the two classes of {s['gate'].upper()}, all 4 points correct."
    hint = " No line can do it for XOR: try anyway, then see why in the text." if s["gate"] == "xor" else ""
    return f"{w_text}: {s['correct']}/4 correct, the line does not separate the classes yet.{hint}"


def perceptron_explorer(gate="and", w1=0.5, w2=0.5, b=0.0):
    """Sliders for w1, w2, b and a gate menu; the boundary is redrawn over the gate's points.

    Returns:
        ipywidgets.VBox (see dlkit.viz.explorer.explorer): the controls, a one-line verdict and the
        figure. The controls are ``box.controls`` (a dict: "w1", "w2", "b", "gate"), the picture is in
        the Output ``box.output`` and the verdict in ``box.message``.

    Example:
        >>> box = perceptron_explorer("and")
        >>> box.controls["b"].value = -1.5                 # redraws box.output
    """
    controls = {
        "w1": ex.slider(-2.0, 2.0, 0.1, w1, fmt=".1f"),
        "w2": ex.slider(-2.0, 2.0, 0.1, w2, fmt=".1f"),
        "b": ex.slider(-2.0, 2.0, 0.1, b, fmt=".1f"),
        "gate": ex.choice([(g.upper(), g) for g in PERCEPTRON_GATES], str(gate).lower()),
    }
    return ex.explorer(controls, state=perceptron_state, figure=_draw, message=_message,
                       rows=[["w1", "w2"], ["b", "gate"]])
