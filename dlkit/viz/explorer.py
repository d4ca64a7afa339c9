"""The one explorer helper: controls -> a pure state function -> a figure of that state.

Every explorer of the course is three things, and only the third needs a browser:

    state(**values)    pure computation: the control values in, a dict of numbers and arrays out
    figure(state)      a matplotlib Figure drawn from that state (pyplot-free)
    explorer(...)      this module's wiring: ipywidgets controls, a one-line message, the picture

    >>> from dlkit.viz.style import new_figure
    >>> def line(s):
    ...     fig, ax = new_figure()
    ...     ax.plot([0, 1], [0, s["w"]])
    ...     return fig
    >>> box = explorer({"w": slider(-2, 2, 0.1, 0.5)}, state=lambda w: {"w": w}, figure=line,
    ...                message=lambda s: f"w = {s['w']:.1f}")
    >>> box.controls["w"].value = 1.0        # redraws: box.output now shows the new figure
    >>> box.message.value
    'w = 1.0'

Controls are described with `slider`, `log_slider`, `int_slider`, `choice` and `toggle`, plain
descriptions that become ipywidgets only inside `explorer`, so `import dlkit.viz` needs no widgets.
The Output widget is redrawn by replacing its `outputs` in one assignment: the new picture swaps the
old one without a blank frame, and the redraw also happens (and can be tested) where no front end is
attached.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from typing import Callable

__all__ = ["slider", "log_slider", "int_slider", "choice", "toggle", "explorer", "figure_output"]


@dataclass(frozen=True)
class Control:
    """A control's description: its kind and the ipywidgets arguments."""

    kind: str
    options: dict = field(default_factory=dict)

    def widget(self, name: str):
        import ipywidgets as W

        opts = dict(self.options)
        opts.setdefault("description", name)
        if self.kind == "slider":
            return W.FloatSlider(continuous_update=True, **opts)
        if self.kind == "log_slider":
            return W.FloatLogSlider(continuous_update=True, **opts)
        if self.kind == "int_slider":
            return W.IntSlider(continuous_update=True, **opts)
        if self.kind == "choice":
            return W.Dropdown(**opts)
        if self.kind == "toggle":
            return W.Checkbox(**opts)
        raise ValueError(f"unknown control kind {self.kind!r}")  # pragma: no cover (built by the functions below)


def slider(low: float, high: float, step: float, value: float, label: str | None = None, fmt: str = ".2f") -> Control:
    """A float slider from low to high."""
    return Control("slider", _opts(min=low, max=high, step=step, value=value, readout_format=fmt, label=label))


def log_slider(low_exp: float, high_exp: float, value: float, label: str | None = None, base: float = 10,
               fmt: str = ".1e") -> Control:
    """A slider over base**low_exp .. base**high_exp (learning rates, penalty strengths)."""
    return Control("log_slider", _opts(min=low_exp, max=high_exp, value=value, base=base, step=0.1,
                                       readout_format=fmt, label=label))


def int_slider(low: int, high: int, value: int, label: str | None = None, step: int = 1) -> Control:
    """An integer slider."""
    return Control("int_slider", _opts(min=low, max=high, step=step, value=value, label=label))


def choice(options, value, label: str | None = None) -> Control:
    """A drop-down menu; `options` is a list of values or of (text, value) pairs."""
    return Control("choice", _opts(options=list(options), value=value, label=label))


def toggle(value: bool, label: str | None = None) -> Control:
    """A check box."""
    return Control("toggle", _opts(value=bool(value), label=label))


def _opts(label=None, **opts) -> dict:
    if label is not None:
        opts["description"] = label
    return opts


def figure_output(fig) -> dict:
    """A Jupyter display_data output holding `fig` as a PNG, for `Output.outputs`."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    title = fig.axes[0].get_title() if fig.axes else ""
    return {"output_type": "display_data",
            "data": {"image/png": png, "text/plain": f"<Figure: {title}>"},
            "metadata": {}}


def explorer(controls: dict, state: Callable, figure: Callable, message: Callable | None = None,
             rows=None, update: Callable | None = None):
    """Wire `controls` to `state` and `figure`; redraw on every change.

    Args:
        controls: {argument name: Control}; their values are passed to `state` as keyword arguments.
        state: function(**values) -> state dict (pure, testable without widgets).
        figure: function(state) -> matplotlib Figure.
        message: optional function(state) -> a short text shown above the figure (HTML allowed).
        rows: optional list of lists of control names, one list per row (default: one row of all).
        update: optional function(widgets, state) run after each state, e.g. to disable a control.

    Returns:
        ipywidgets.VBox with `.controls` ({name: widget}), `.output` (the Output holding the picture),
        `.message` (an HTML widget) and `.redraw()`.
    """
    import ipywidgets as W

    widgets = {name: c.widget(name) if isinstance(c, Control) else c for name, c in controls.items()}
    note, out = W.HTML(), W.Output()

    def redraw(_change=None):
        s = state(**{name: w.value for name, w in widgets.items()})
        if update is not None:
            update(widgets, s)
        note.value = message(s) if message is not None else ""
        out.outputs = (figure_output(figure(s)),)

    for w in widgets.values():
        w.observe(redraw, names="value")
    redraw()
    rows = rows or [list(widgets)]
    box = W.VBox([W.HBox([widgets[n] for n in row]) for row in rows] + [note, out])
    box.controls, box.output, box.message, box.redraw = widgets, out, note, redraw
    return box
