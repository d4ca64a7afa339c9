"""dlkit.viz.losses: the loss explorer's curves by hand and against dlkit.nn.losses, figure, headless wiring."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import losses as L
from dlkit.nn.activations import sigmoid
from dlkit.nn.gradcheck import numerical_gradient, rel_error
from dlkit.viz import losses as V

from . import assert_labelled


def test_curves_by_hand():
    c = V.loss_curves("regression", y=1.0, low=0.0, high=2.0, num=3)
    np.testing.assert_allclose(c["grid"], [0.0, 1.0, 2.0])
    np.testing.assert_allclose(c["loss"]["mse"], [1.0, 0.0, 1.0])
    np.testing.assert_allclose(c["slope"]["mse"], [-2.0, 0.0, 2.0])
    np.testing.assert_allclose(c["loss"]["huber"], [0.5, 0.0, 0.5])
    np.testing.assert_allclose(c["slope"]["mae"], [-1.0, 0.0, 1.0])
    b = V.loss_curves("binary", y=0.0, low=-1.0, high=1.0, num=3)
    np.testing.assert_allclose(b["loss"]["hinge"], [0.0, 1.0, 2.0])                  # y = 0 read as -1
    np.testing.assert_allclose(b["slope"]["binary_crossentropy"], sigmoid(np.array([-1.0, 0.0, 1.0])))


@pytest.mark.parametrize("task", list(V.LOSS_TASKS))
def test_slopes_are_the_derivatives_of_the_curves(task):
    # Oracle: finite differences of dlkit's own losses, away from the kinks (mae at y, hinge at the margin).
    y = 1.0
    c = V.loss_curves(task, y=y, low=-6.3, high=6.1, num=9)
    for name in c["names"]:
        def one(v, name=name):
            s = V.loss_curves(task, y=y, low=float(v[0]), high=float(v[0]) + 1.0, num=2)
            return float(s["loss"][name][0])
        measured = np.array([numerical_gradient(one, np.array([p]))[0] for p in c["grid"]])
        assert rel_error(c["slope"][name], measured) < 1e-6, name


def test_curves_are_dlkit_losses():
    c = V.loss_curves("binary", y=1.0, num=11)
    for z, bce, hinge in zip(c["grid"], c["loss"]["binary_crossentropy"], c["loss"]["hinge"]):
        assert bce == pytest.approx(L.binary_crossentropy([1.0], [z], from_logits=True))
        assert hinge == pytest.approx(L.hinge([1.0], [z]))


def test_state_and_the_clipped_probability_route():
    s = V.loss_state("binary", y=1.0, y_hat=-30.0)
    assert s["grid"][0] == -30.0 and s["grid"][-1] == 20.0                          # widened to include y_hat
    assert s["value_at"]["binary_crossentropy"] == pytest.approx(30.0)
    assert s["value_at"]["bce via sigmoid(z)"] == pytest.approx(-np.log(1e-7))     # clipped: 16.12
    assert s["slope_at"]["bce via sigmoid(z)"] == 0.0
    assert s["slope_at"]["binary_crossentropy"] == pytest.approx(-1.0)
    r = V.loss_state("regression", y=0.0, y_hat=2.0, delta=0.5)
    assert r["value_at"]["huber"] == pytest.approx(0.5 * (2.0 - 0.25))
    assert r["slope_at"]["huber"] == pytest.approx(0.5) and r["xlabel"] == "prediction ŷ"


def test_figure_labels_both_axes():
    fig = V.loss_figure(V.loss_state("binary", 0.0, 3.0))
    assert_labelled(fig, n_axes=2)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = V.loss_explorer()
    c = box.controls
    assert set(c) == {"task", "y", "y_hat", "delta"}
    assert not c["delta"].disabled and len(box.output.outputs) == 1
    assert box.message.value.startswith("ŷ = 2.00, y = 0")
    first = box.output.outputs[0]["data"]["image/png"]
    c["task"].value = "binary"
    assert c["delta"].disabled and "binary_crossentropy" in box.message.value
    c["y_hat"].value = -5.0
    assert box.output.outputs[0]["data"]["image/png"] != first and "z = -5.00" in box.message.value


@pytest.mark.parametrize("call, match", [
    (lambda: V.loss_state("ranking"), "task is not one of the choices"),
    (lambda: V.loss_state("binary", y=0.5), "a yes/no target must be 0 or 1"),
    (lambda: V.loss_curves("regression", low=1.0, high=0.0), "low < high"),
    (lambda: V.loss_state("regression", delta=0.0), "delta is out of range"),
    (lambda: V.loss_curves("regression", num=1), "num is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
