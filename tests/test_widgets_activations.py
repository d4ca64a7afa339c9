"""Tests of the activation explorer: pure state, figure, and headless wiring."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit import widgets


def test_state_by_hand():
    s = widgets.activation_state("relu", zmax=2.0)
    assert s["z"][0] == -2.0 and s["z"][-1] == 2.0
    assert s["f"].min() == 0.0 and s["f"].max() == 2.0
    assert s["max_grad"] == 1.0
    assert widgets.activation_state("sigmoid", 5.0)["max_grad"] == pytest.approx(0.25)
    s = widgets.activation_state("leaky_relu", 1.0, alpha=0.2)
    assert s["f"][0] == pytest.approx(-0.2) and s["df"][0] == pytest.approx(0.2)


def test_figure_labels_both_axes():
    fig = widgets.activation_figure("tanh", 4.0)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()


def test_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = widgets.activation_explorer()
    c = box.controls
    assert set(c) == {"name", "zmax", "alpha"}
    assert len(box.output.outputs) == 1 and c["alpha"].disabled
    first = box.output.outputs[0]["data"]["image/png"]
    c["name"].value = "leaky_relu"
    assert not c["alpha"].disabled
    c["alpha"].value = 0.3
    assert box.output.outputs[0]["data"]["image/png"] != first
    assert len(box.output.outputs) == 1


def test_unknown_name_is_an_error():
    with pytest.raises(ValueError, match="expected one of"):
        widgets.activation_state("softplus")
