"""dlkit.viz.perceptron: the pure state by hand, the figures, and the explorer's wiring (headless)."""

import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit.errors import CheckError
from dlkit.nn.perceptron import predict
from dlkit.viz import perceptron as widgets
from dlkit.viz.explorer import figure_output

# --- perceptron: state --------------------------------------------------------------------------

def test_and_solved_by_hand():
    s = widgets.perceptron_state(1.0, 1.0, -1.5, "and")  # z = -1.5, -0.5, -0.5, 0.5
    assert s["predictions"].tolist() == [0, 0, 0, 1]
    assert s["correct"] == 4 and s["accuracy"] == 1.0
    assert s["mistakes"] == [] and s["separates"] is True
    assert s["X"].shape == (4, 2) and s["y"].shape == (4,)


def test_or_with_and_weights_makes_two_mistakes():
    s = widgets.perceptron_state(1.0, 1.0, -1.5, "OR")  # gate names are case-insensitive
    assert s["gate"] == "or"
    assert s["correct"] == 2 and s["accuracy"] == 0.5
    assert s["mistakes"] == [1, 2]  # (0,1) and (1,0) are ORs' ones the AND line misses
    assert s["separates"] is False


def test_nand_by_hand():
    s = widgets.perceptron_state(-1.0, -1.0, 1.5, "nand")
    assert s["predictions"].tolist() == [1, 1, 1, 0] and s["separates"]


def test_step_at_zero_counts_as_one():
    # w = 0, b = 0: z = 0 everywhere, step(0) = 1, so OR gets its three ones right.
    s = widgets.perceptron_state(0.0, 0.0, 0.0, "or")
    assert s["predictions"].tolist() == [1, 1, 1, 1] and s["correct"] == 3


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_xor_never_four_out_of_four_on_the_slider_grid():
    grid = np.round(np.arange(-2.0, 2.0001, 0.1), 1)
    best = 0
    for w1, w2, b in itertools.product(grid[::2], grid[::2], grid):
        best = max(best, widgets.perceptron_state(w1, w2, b, "xor")["correct"])
    assert best == 3


def test_and_or_reachable_on_the_slider_grid():
    for gate, (w1, w2, b) in {"and": (0.5, 0.5, -0.7), "or": (0.5, 0.5, -0.3), "nand": (-1, -1, 1.5)}.items():
        assert widgets.perceptron_state(w1, w2, b, gate)["separates"], gate


def test_state_agrees_with_the_perceptron_on_random_weights():
    # Oracle: dlkit.nn.perceptron.predict, and the gate's truth table.
    rng = np.random.default_rng(0)
    for w1, w2, b in rng.uniform(-2, 2, size=(20, 3)):
        s = widgets.perceptron_state(w1, w2, b, "nor")
        assert s["predictions"].tolist() == predict(s["X"], [w1, w2], b).tolist()
        assert s["correct"] == int((s["predictions"] == [1, 0, 0, 0]).sum())


@pytest.mark.parametrize("kwargs, match", [
    ({"gate": "xnor"}, "gate is not one of the choices"),
    ({"w1": "1"}, "w1 must be a finite number"),
    ({"b": np.nan}, "b must be a finite number"),
])
def test_state_errors(kwargs, match):
    args = {"w1": 1.0, "w2": 1.0, "b": 0.0, "gate": "and", **kwargs}
    with pytest.raises(CheckError, match=match):
        widgets.perceptron_state(**args)


# --- perceptron: figure -------------------------------------------------------------------------

def test_figure_is_labelled_and_titled():
    fig = widgets.perceptron_figure(1.0, 1.0, -1.5, "and")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_title() == "AND: 4/4 correct"


def test_figure_for_xor_and_degenerate_weights():
    assert widgets.perceptron_figure(1.0, -1.0, 0.0, "xor").axes[0].get_title().startswith("XOR: ")
    # w = 0: no boundary line exists; the figure must still be drawn.
    fig = widgets.perceptron_figure(0.0, 0.0, 0.5, "and")
    assert fig.axes[0].get_title() == "AND: 1/4 correct"


def test_figure_output_is_png_display_data():
    out = figure_output(widgets.perceptron_figure(1.0, 1.0, -1.5, "and"))
    assert out["output_type"] == "display_data"
    assert out["data"]["image/png"].startswith("iVBOR")  # base64 of the PNG signature


# --- perceptron: wiring -------------------------------------------------------------------------

@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_explorer_wiring_redraws_on_every_change():
    pytest.importorskip("ipywidgets")
    box = widgets.perceptron_explorer("and")
    c, out = box.controls, box.output
    assert set(c) == {"w1", "w2", "b", "gate"}
    for name in ("w1", "w2", "b"):
        assert (c[name].min, c[name].max, c[name].step) == (-2.0, 2.0, 0.1)
    assert [v for _, v in c["gate"].options] == ["and", "or", "nand", "xor"]
    assert len(out.outputs) == 1
    first = out.outputs[0]["data"]["image/png"]

    c["b"].value = -1.5
    c["w1"].value, c["w2"].value = 1.0, 1.0
    assert len(out.outputs) == 1  # replaced, not appended
    assert out.outputs[0]["data"]["image/png"] != first
    verdict = box.children[2].value
    assert box.message.value == verdict
    assert "separates" in verdict and "4" in verdict

    c["gate"].value = "xor"
    assert "XOR" in out.outputs[0]["data"]["text/plain"]
    assert "does not separate" in box.children[2].value


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_importing_the_module_does_not_import_ipywidgets():
    import subprocess
    import sys

    code = "import sys, dlkit.viz.perceptron; print('ipywidgets' in sys.modules)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "False"
