"""dlkit.viz.activations: explorer_curves by hand and against dlkit.nn.activations, figure, headless wiring."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import activations as A
from dlkit.viz import activations as widgets

from . import assert_labelled


def test_explorer_curves_by_hand():
    c = widgets.explorer_curves("leaky_relu", -2, 2, alpha=0.3, num=5)
    np.testing.assert_allclose(c["z"], [-2.0, -1.0, 0.0, 1.0, 2.0])
    np.testing.assert_allclose(c["f"], [-0.6, -0.3, 0.0, 1.0, 2.0])
    np.testing.assert_allclose(c["df"], [0.3, 0.3, 0.3, 1.0, 1.0])
    assert c["max_grad"] == 1.0 and c["range"] == "(-inf, inf)" and c["alpha"] == 0.3
    assert widgets.explorer_curves("sigmoid")["max_grad"] == 0.25


@pytest.mark.parametrize("name", widgets.ACTIVATION_CHOICES)
def test_explorer_curves_sample_the_activation(name):
    # Oracle: the functions of dlkit.nn.activations themselves.
    c = widgets.explorer_curves(name, -3.0, 3.0, num=31)
    f, df = A.ACTIVATIONS[name]
    kw = {"alpha": 0.1} if name == "leaky_relu" else {}
    np.testing.assert_allclose(c["f"], f(c["z"], **kw))
    np.testing.assert_allclose(c["df"], df(c["z"], **kw))
    assert c["max_grad"] == pytest.approx(np.max(np.abs(c["df"])))


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
    assert_labelled(fig, n_axes=2)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = widgets.activation_explorer()
    c = box.controls
    assert set(c) == {"name", "zmax", "alpha"}
    assert list(c["name"].options) == list(widgets.ACTIVATION_CHOICES)
    assert len(box.output.outputs) == 1 and c["alpha"].disabled
    assert box.message.value.startswith("sigmoid: range (0, 1)")
    first = box.output.outputs[0]["data"]["image/png"]
    c["name"].value = "leaky_relu"
    assert not c["alpha"].disabled
    c["alpha"].value = 0.3
    assert box.output.outputs[0]["data"]["image/png"] != first
    assert len(box.output.outputs) == 1
    c["zmax"].value = 2.0
    assert "|f'(-2.0)| = 0.3" in box.message.value


@pytest.mark.parametrize("call, match", [
    (lambda: widgets.activation_state("softplus"), "name is not one of the choices"),
    (lambda: widgets.explorer_curves("softplus"), "name is not one of the choices"),
    (lambda: widgets.explorer_curves("relu", 1.0, -1.0), r"zmin < zmax"),
    (lambda: widgets.explorer_curves("relu", num=1), "num is out of range"),
    (lambda: widgets.activation_state("relu", zmax=0), "zmax is out of range"),
    (lambda: widgets.explorer_curves("leaky_relu", alpha=-0.5), "alpha is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
