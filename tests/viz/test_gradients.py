"""dlkit.viz.gradients: the gradient-norm state against dlkit.nn.mlp, the figure, headless wiring."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit.errors import CheckError
from dlkit.nn import mlp
from dlkit.viz import gradients


def test_state_by_hand_and_against_gradient_norms():
    state = gradients.gradient_norm_state(depth=4, hidden="tanh", seed=3)
    assert state["layer"].tolist() == [1, 2, 3, 4, 5] and state["dW"].shape == (5,)
    norms = mlp.gradient_norms(depth=4, hidden="tanh", init="xavier", rng=3)       # the oracle
    np.testing.assert_array_equal(state["dW"], norms["dW"])
    np.testing.assert_array_equal(state["delta"], norms["delta"])
    np.testing.assert_array_equal(state["A_in"], norms["A_in"])
    assert state["A_ratio"] == pytest.approx(norms["A_in"][0] / norms["A_in"][-1])
    assert state["ratio"] == pytest.approx(norms["dW"][0] / norms["dW"][-1])
    assert state["delta_ratio"] == pytest.approx(norms["delta"][0] / norms["delta"][-1])
    assert (state["depth"], state["hidden"], state["init"], state["scale"]) == (4, "tanh", "xavier", 1.0)


def test_sigmoid_vanishes_in_the_state():
    assert gradients.gradient_norm_state(depth=10, hidden="sigmoid")["ratio"] < 1e-4


def test_figure_is_labelled_and_log_scaled():
    fig = gradients.gradient_norm_figure(gradients.gradient_norm_state(depth=4, hidden="tanh"))
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and ax.get_xlabel() and ax.get_ylabel() and ax.get_yscale() == "log"
    assert len(ax.lines) == 3 and "||A_in||" in ax.get_title()


def test_state_uses_the_backward_functions_it_is_given():
    calls = []

    def relu_backward(dout, Z):
        calls.append(Z.shape)
        return dout * (Z > 0)

    mine = gradients.gradient_norm_state(depth=3, hidden="relu", init="he", backward={"relu": relu_backward})
    ref = gradients.gradient_norm_state(depth=3, hidden="relu", init="he")
    assert len(calls) == 3
    np.testing.assert_allclose(mine["dW"], ref["dW"], rtol=1e-12)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_explorer_headless_wiring():
    pytest.importorskip("ipywidgets")
    box = gradients.gradient_norm_explorer(depth=4)
    assert set(box.controls) == {"depth", "hidden", "init", "scale"}
    assert box.controls["depth"].value == 4 and box.controls["init"].value == "xavier"
    first = box.output.outputs[0]["data"]["image/png"]
    box.controls["hidden"].value = "relu"
    assert len(box.output.outputs) == 1 and box.output.outputs[0]["data"]["image/png"] != first
    second = box.output.outputs[0]["data"]["image/png"]
    box.controls["scale"].value = 2.0
    assert box.output.outputs[0]["data"]["image/png"] != second
    assert "largest ||dW||" in box.message.value


@pytest.mark.parametrize("kwargs, match", [
    ({"depth": 0}, "depth is out of range"),
    ({"hidden": "softmax"}, "hidden is not one of the choices"),
    ({"init": "glorot"}, "init is not one of the choices"),
    ({"seed": "0"}, "seed must be an integer"),
])
def test_errors(kwargs, match):
    with pytest.raises(CheckError, match=match):
        gradients.gradient_norm_state(**kwargs)
