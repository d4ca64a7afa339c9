"""Interactive explorers of the chapters.

Each explorer has three parts, so that everything but the wiring is testable without a browser:

    <name>_state(...)     pure computation: numbers in, a dict of arrays and numbers out
    <name>_figure(...)    a matplotlib Figure drawn from that state (pyplot-free)
    <name>_explorer(...)  thin ipywidgets wiring: controls -> figure in an Output widget

ipywidgets is imported inside the wiring functions only, so `import dlkit.widgets` works anywhere.
The Output widget is redrawn by replacing its `outputs` in one assignment: the new picture swaps the
old one without a blank frame (what `clear_output(wait=True)` + `display` achieves in a kernel), and
the redraw also happens, and can be checked, where no front end is attached (tests, nbclient).
"""

from __future__ import annotations

import base64
import io

import numpy as np

from dlkit import data, plots
from dlkit.perceptron import predict

__all__ = [
    "perceptron_state",
    "perceptron_figure",
    "perceptron_explorer",
    "figure_output",
    "activation_state",
    "activation_figure",
    "activation_explorer",
]

PERCEPTRON_GATES = ("and", "or", "nand", "xor")


# --- shared wiring helper -------------------------------------------------------------------------

def figure_output(fig) -> dict:
    """A Jupyter display_data output holding `fig` as a PNG, for `Output.outputs`."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    return {
        "output_type": "display_data",
        "data": {"image/png": png, "text/plain": f"<Figure: {fig.axes[0].get_title() if fig.axes else ''}>"},
        "metadata": {},
    }


# --- chapter 01: the perceptron -----------------------------------------------------------------

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
        >>> perceptron_state(1.0, 1.0, -1.5, "and")["correct"]
        4
    """
    gate = str(gate).lower()
    X, y = data.logic_gate(gate)
    w = np.array([w1, w2], dtype=float)
    y_hat = predict(X, w, b)  # (4,)
    right = y_hat == y
    return {
        "gate": gate,
        "X": X,
        "y": y,
        "w": w,
        "b": float(b),
        "predictions": y_hat,
        "correct": int(right.sum()),
        "accuracy": float(right.mean()),
        "mistakes": [int(i) for i in np.flatnonzero(~right)],
        "separates": bool(right.all()),
    }


def perceptron_figure(w1, w2, b, gate="and"):
    """The gate's four points, the perceptron's decision regions and its boundary line.

    The title gives the score, e.g. "AND: 4/4 correct".

    Returns:
        matplotlib Figure (show it by making it the last expression of a cell).
    """
    s = perceptron_state(w1, w2, b, gate)
    title = f"{s['gate'].upper()}: {s['correct']}/4 correct"
    fig = plots.plot_decision_boundary(s["X"], s["y"], s["w"], s["b"], title=title,
                                       xlim=(-0.5, 1.5), ylim=(-0.5, 1.5))
    ax = fig.axes[0]
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return fig


def _perceptron_message(s) -> str:
    if s["separates"]:
        return (f"w = ({s['w'][0]:.1f}, {s['w'][1]:.1f}), b = {s['b']:.1f}: this line separates the two "
                f"classes of {s['gate'].upper()}, all 4 points correct.")
    hint = " No line can do it for XOR: try anyway, then see why in the text." if s["gate"] == "xor" else ""
    return (f"w = ({s['w'][0]:.1f}, {s['w'][1]:.1f}), b = {s['b']:.1f}: {s['correct']}/4 correct, the line "
            f"does not separate the classes yet.{hint}")


def perceptron_explorer(gate="and", w1=0.5, w2=0.5, b=0.0):
    """Sliders for w1, w2, b and a gate menu; the boundary is redrawn over the gate's points.

    Returns:
        ipywidgets.VBox: the controls, a one-line verdict and the figure (an ipywidgets.Output).
        The controls are reachable as ``box.controls`` (a dict: "w1", "w2", "b", "gate") and the
        Output as ``box.output``.
    """
    import ipywidgets as W

    def slider(name, value):
        return W.FloatSlider(value=value, min=-2.0, max=2.0, step=0.1, description=name,
                             continuous_update=True, readout_format=".1f")

    controls = {
        "w1": slider("w1", w1),
        "w2": slider("w2", w2),
        "b": slider("b", b),
        "gate": W.Dropdown(options=[(g.upper(), g) for g in PERCEPTRON_GATES], value=str(gate).lower(),
                           description="gate"),
    }
    verdict = W.HTML()
    out = W.Output()

    def redraw(_change=None):
        args = (controls["w1"].value, controls["w2"].value, controls["b"].value, controls["gate"].value)
        state = perceptron_state(*args)
        verdict.value = _perceptron_message(state)
        out.outputs = (figure_output(perceptron_figure(*args)),)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox([controls["w1"], controls["w2"]]), W.HBox([controls["b"], controls["gate"]]),
                  verdict, out])
    box.controls = controls
    box.output = out
    return box


# --- chapter 02: activations ----------------------------------------------------------------------

ACTIVATION_CHOICES = ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "binary_step", "gelu", "swish")


def activation_state(name="sigmoid", zmax=5.0, alpha=0.1):
    """Pure compute of the activation explorer: f and f' on [-zmax, zmax] (see activations.explorer_curves)."""
    from dlkit.activations import explorer_curves

    return explorer_curves(name, -float(zmax), float(zmax), alpha=float(alpha))


def activation_figure(name="sigmoid", zmax=5.0, alpha=0.1):
    """The explorer's figure: f(z) and f'(z) for the chosen activation."""
    return plots.plot_activation(activation_state(name, zmax, alpha))


def activation_explorer(name="sigmoid", zmax=5.0, alpha=0.1):
    """A function dropdown, an input-range slider and a Leaky ReLU slope slider over f and f'.

    Returns:
        ipywidgets.VBox with ``box.controls`` ({"name", "zmax", "alpha"}) and ``box.output``.
    """
    import ipywidgets as W

    controls = {
        "name": W.Dropdown(options=list(ACTIVATION_CHOICES), value=name, description="function"),
        "zmax": W.FloatSlider(value=zmax, min=1.0, max=20.0, step=0.5, description="|z| up to",
                              readout_format=".1f"),
        "alpha": W.FloatSlider(value=alpha, min=0.0, max=0.5, step=0.01, description="leaky slope",
                               readout_format=".2f"),
    }
    note = W.HTML()
    out = W.Output()

    def redraw(_change=None):
        args = (controls["name"].value, controls["zmax"].value, controls["alpha"].value)
        s = activation_state(*args)
        controls["alpha"].disabled = s["name"] != "leaky_relu"
        note.value = (f"{s['name']}: range {s['range']}; largest |f'(z)| on this interval "
                      f"{s['max_grad']:.3g}; |f'({s['z'][0]:.1f})| = {abs(s['df'][0]):.3g}")
        out.outputs = (figure_output(plots.plot_activation(s)),)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox([controls["name"], controls["zmax"], controls["alpha"]]), note, out])
    box.controls = controls
    box.output = out
    return box
