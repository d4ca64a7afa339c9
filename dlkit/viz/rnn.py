"""Figures and the explorer of chapter 11: the gradient through time, forecasts, temperatures.

Symbols (docs/NAMING.md): T time steps, k = T - t the distance in time from the loss, H units, V characters.

    bptt_state(cell, scale, forget_bias, T, seed)   pure: dlkit.nn.rnn.gradient_through_time + per-step rate
    bptt_figure(state or [states])                  the gradient's norm against the distance, log scale
    bptt_explorer(cell, scale)                      cell, recurrent scale, forget bias, length (dlkit.viz.explorer)
    forecast_figure(t, level, forecasts)            a stretch of the series and forecasts of it
    temperature_figure(P, vocab, temperatures)      the next-character distribution at several temperatures

Example:
    >>> s = bptt_state("rnn", scale=0.5, T=30)
    >>> bool(s["rate"] < 0.5), bool(s["grad"][-1] <= s["bound"][-1])
    (True, True)
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.nn.rnn import CELLS, gradient_through_time
from dlkit.viz import explorer as ex
from dlkit.viz.style import PALETTE, label, new_figure

__all__ = ["bptt_state", "bptt_figure", "bptt_explorer", "forecast_figure", "temperature_figure"]

_NAMES = {"rnn": "tanh RNN", "lstm": "LSTM", "gru": "GRU"}


def bptt_state(cell="rnn", scale=1.0, forget_bias=1.0, T=60, seed=0, H=32):
    """The gradient through time of a fresh cell (gradient_through_time) and its average rate per step.

    Returns:
        dict with distance, grad (||dL/d state|| at distance k, relative to k = 0), for "rnn" also
        jacobian and bound (s_max^k); rate: the geometric mean of grad[k] / grad[k - 1] over the second
        half of the distances (< 1 vanishing, > 1 exploding); cell, scale, forget_bias, T, s_max.

    Example:
        >>> bptt_state("lstm", T=20)["grad"].shape
        (20,)
    """
    seed = validate.integer(seed, "seed", low=0, where="bptt_state")
    g = gradient_through_time(cell, T=T, H=H, scale=scale, forget_bias=forget_bias, rng=seed)
    half = T // 2
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rate = float((g["grad"][-1] / g["grad"][half]) ** (1.0 / (T - 1 - half))) if T - 1 > half else 1.0
    return {**g, "rate": rate, "forget_bias": float(forget_bias), "T": T}


def _label(state) -> str:
    name = _NAMES[state["cell"]]
    if state["cell"] == "lstm":
        return f"{name}, scale {state['scale']:.2g}, forget bias {state['forget_bias']:.2g}"
    return f"{name}, scale {state['scale']:.2g}"


def bptt_figure(states, ax=None, bounds=True):
    """The gradient's norm against the distance in time, log scale, for one state or a list of states.

    For a tanh RNN the norm of the Jacobian product dh_T/dh_{T-k} (dotted) and the bound s_max^k
    (dashed, 003 eq. 42 with the largest singular value) are drawn too, when `bounds`.

    Example:
        >>> fig = bptt_figure([bptt_state("rnn", 0.5, T=20), bptt_state("rnn", 2.0, T=20)])
        >>> fig.axes[0].get_yscale(), len(fig.axes[0].lines)
        ('log', 6)
    """
    states = [states] if isinstance(states, dict) else list(states)
    fig, ax = (new_figure(figsize=(6.8, 3.8)) if ax is None else (ax.figure, ax))
    low, high = np.inf, 0.0
    for i, s in enumerate(states):
        color = PALETTE[i % len(PALETTE)]
        ax.plot(s["distance"], s["grad"], color=color, label=f"{_label(s)}: per step x{s['rate']:.2f}")
        low, high = min(low, s["grad"][s["grad"] > 0].min(initial=1.0)), max(high, s["grad"].max())
        if bounds and s["cell"] == "rnn":
            ax.plot(s["distance"], s["jacobian"], ":", color=color, linewidth=1.5,
                    label=f"  ||dh_T/dh_(T-k)||, scale {s['scale']:.2g}")
            ax.plot(s["distance"], s["bound"], "--", color=color, linewidth=1,
                    label=f"  bound s_max^k = {s['s_max']:.2g}^k")
            high = max(high, s["jacobian"].max())
    ax.set_yscale("log")
    ax.set_ylim(max(low / 10, 1e-30), min(high * 10, 1e30))
    ax.legend(loc="best", fontsize="x-small")
    label(ax, "distance in time k (steps back from the loss)", "gradient norm (relative to k = 0)",
          "How much the state k steps back can move the loss")
    return fig


def bptt_explorer(cell="rnn", scale=1.0):
    """A menu for the cell, sliders for the recurrent scale, the LSTM's forget bias and the length T.

    Returns:
        ipywidgets.VBox (dlkit.viz.explorer.explorer) with box.controls {"cell", "scale", "forget_bias", "T"}.

    Example:
        >>> box = bptt_explorer()
        >>> box.controls["scale"].value = 2.0          # redraws box.output
    """
    controls = {
        "cell": ex.choice([(_NAMES[c], c) for c in CELLS], cell, label="cell"),
        "scale": ex.log_slider(-0.6, 0.6, scale, label="scale", fmt=".2f"),
        "forget_bias": ex.slider(-2.0, 6.0, 0.5, 1.0, label="forget bias", fmt=".1f"),
        "T": ex.int_slider(10, 100, 60, label="T", step=10),
    }

    def message(s):
        trend = "vanishing" if s["rate"] < 0.97 else "exploding" if s["rate"] > 1.03 else "about level"
        extra = f"; bound s_max^k with s_max = {s['s_max']:.2f}" if s["cell"] == "rnn" else ""
        return (f"{_label(s)}: the gradient changes by x{s['rate']:.3f} per step ({trend}); after {s['T'] - 1} "
                f"steps it is {s['grad'][-1]:.1e} of its value at the loss{extra}")

    return ex.explorer(controls, state=lambda cell, scale, forget_bias, T: bptt_state(cell, scale, forget_bias, T),
                       figure=bptt_figure, message=message, rows=[["cell", "T"], ["scale", "forget_bias"]])


def forecast_figure(t, level, forecasts: dict, ax=None, title="Next-step forecasts on the test period"):
    """The true series over a stretch of time and one line per forecast ({name: values of t's length}).

    Example:
        >>> fig = forecast_figure(np.arange(5), np.zeros(5), {"naive": np.ones(5)})
        >>> len(fig.axes[0].lines)
        2
    """
    t = validate.array(t, "t", ndim=1, where="forecast_figure")
    level = validate.array(level, "level", shape=t.shape, where="forecast_figure")
    fig, ax = (new_figure(figsize=(7.5, 3.4)) if ax is None else (ax.figure, ax))
    ax.plot(t, level, color=PALETTE[7], linewidth=1.5, label="series")
    styles = ["--", "-", ":", "-."]
    for i, (name, values) in enumerate(forecasts.items()):
        values = validate.array(values, name, shape=t.shape, where="forecast_figure")
        ax.plot(t, values, styles[i % 4], color=PALETTE[i % 7], linewidth=1.5, label=name)
    ax.legend(loc="best", fontsize="small")
    label(ax, "time step", "value", title)
    return fig


def temperature_figure(P, vocab, temperatures, top=12, ax=None):
    """Bars of the `top` most likely next characters, one group per temperature.

    Args:
        P: (len(temperatures), V) probabilities, one row per temperature; vocab: the V characters.

    Example:
        >>> fig = temperature_figure(np.array([[0.7, 0.3], [0.5, 0.5]]), ["a", "b"], [0.5, 1.0])
        >>> len(fig.axes[0].patches)
        4
    """
    P = validate.array(P, "P", ndim=2, where="temperature_figure")
    order = np.argsort(-P[len(P) // 2])[:top]                       # ranked by the middle temperature
    fig, ax = (new_figure(figsize=(7.5, 3.2)) if ax is None else (ax.figure, ax))
    width = 0.8 / len(P)
    for i, (row, tau) in enumerate(zip(P, temperatures)):
        ax.bar(np.arange(len(order)) + (i - (len(P) - 1) / 2) * width, row[order], width,
               color=PALETTE[i % 7], label=f"temperature {tau:g}")
    ax.set_xticks(np.arange(len(order)))
    ax.set_xticklabels([repr(vocab[j])[1:-1] if vocab[j] != " " else "space" for j in order])
    ax.legend(loc="best", fontsize="small")
    label(ax, "next character", "probability", "One next-character distribution, three temperatures")
    return fig
