"""dlkit.viz.rnn: the gradient-through-time state against dlkit.nn.rnn, the figures, headless wiring."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit.errors import CheckError
from dlkit.nn import rnn
from dlkit.viz import rnn as rnn_viz


def test_state_against_gradient_through_time():
    s = rnn_viz.bptt_state("rnn", scale=0.8, T=30, seed=2)
    g = rnn.gradient_through_time("rnn", T=30, scale=0.8, rng=2)             # the oracle
    np.testing.assert_array_equal(s["grad"], g["grad"])
    np.testing.assert_allclose(s["bound"], 0.8 ** np.arange(30), rtol=1e-12)
    assert s["rate"] == pytest.approx((g["grad"][29] / g["grad"][15]) ** (1 / 14))
    assert s["rate"] < 0.8                                                  # below the bound's rate


def test_rates_order_the_cells():
    rates = {c: rnn_viz.bptt_state(c, scale=1.0)["rate"] for c in ("rnn", "lstm")}
    assert rates["rnn"] < 0.85 < rates["lstm"] < 1.0
    assert rnn_viz.bptt_state("rnn", scale=2.0)["rate"] > 1.0


def test_figures_are_labelled():
    fig = rnn_viz.bptt_figure([rnn_viz.bptt_state("rnn", 0.5, T=20), rnn_viz.bptt_state("lstm", T=20)])
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and ax.get_xlabel() and ax.get_ylabel() and ax.get_yscale() == "log"
    assert len(ax.lines) == 4                                               # rnn: 3 lines, lstm: 1
    fig = rnn_viz.forecast_figure(np.arange(4), np.zeros(4), {"a": np.ones(4), "b": np.ones(4)})
    assert fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel() and len(fig.axes[0].lines) == 3
    fig = rnn_viz.temperature_figure(np.array([[0.5, 0.3, 0.2]] * 3), [" ", "a", "\n"], [0.2, 1.0, 1.5])
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and len(ax.patches) == 9
    assert [t.get_text() for t in ax.get_xticklabels()] == ["space", "a", "\\n"]


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_explorer_headless_wiring():
    pytest.importorskip("ipywidgets")
    box = rnn_viz.bptt_explorer()
    assert set(box.controls) == {"cell", "scale", "forget_bias", "T"}
    first = box.output.outputs[0]["data"]["image/png"]
    box.controls["cell"].value = "lstm"
    assert box.output.outputs[0]["data"]["image/png"] != first and "LSTM" in box.message.value
    box.controls["scale"].value = 2.0
    assert "scale 2" in box.message.value


@pytest.mark.parametrize("kwargs, match", [({"cell": "cnn"}, "cell is not one of the choices"),
                                           ({"seed": -1}, "seed is out of range"),
                                           ({"T": 1}, "T is out of range")])
def test_errors(kwargs, match):
    with pytest.raises(CheckError, match=match):
        rnn_viz.bptt_state(**kwargs)
