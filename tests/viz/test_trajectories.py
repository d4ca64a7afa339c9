"""Tests of dlkit.viz.trajectories: optimizer paths on 2-D surfaces, the figure, the explorer wiring."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import optim
from dlkit.nn.gradcheck import numerical_gradient
from dlkit.viz import trajectories

from . import assert_labelled


def test_trajectory_state():
    s = trajectories.trajectory_state("bowl", "sgd", 0.05, 200)
    assert s["path"].shape == (201, 2) and s["losses"].shape == (201,)
    assert not s["diverged"] and s["distance"] < 1e-2
    # SGD on the bowl diverges once learning_rate * 20 > 2
    assert trajectories.trajectory_state("bowl", "sgd", 0.11, 100)["diverged"]
    # Adam walks down the Rosenbrock valley faster than SGD at the same small rate
    a = trajectories.trajectory_state("rosenbrock", "adam", 0.02, 300)
    g = trajectories.trajectory_state("rosenbrock", "sgd", 0.0005, 300)
    assert a["distance"] < g["distance"]
    # on the saddle every method finally leaves (0, 0) towards y = +-sqrt(2)
    assert trajectories.trajectory_state("saddle", "rmsprop", 0.05, 300)["distance"] < 0.05


def test_hand_computed_first_step_and_naive_oracle():
    # bowl, start (-4, 1): grad (-4, 20); one SGD step of 0.01 -> (-3.96, 0.8)
    s = trajectories.trajectory_state("bowl", "sgd", 0.01, 1)
    np.testing.assert_allclose(s["path"][1], [-3.96, 0.8])
    assert s["losses"][0] == pytest.approx(0.5 * (16 + 20))
    # a naive loop with the numpy optimizer gives the same path
    fn = trajectories.SURFACES["rosenbrock"][0]
    w, opt = np.array([-1.2, 1.0]), optim.Adam(0.02)
    for _ in range(20):
        opt.step([w], [fn(w)[1]])
    np.testing.assert_allclose(trajectories.trajectory_state("rosenbrock", "adam", 0.02, 20)["path"][-1], w)


@pytest.mark.parametrize("name", list(trajectories.SURFACES))
def test_surface_gradients_check_numerically(name):
    fn = trajectories.SURFACES[name][0]
    for p in (np.array([0.3, -0.7]), np.array([-1.1, 1.4])):
        num = numerical_gradient(lambda q: fn(q)[0], p.copy())
        np.testing.assert_allclose(fn(p)[1], num, rtol=1e-5, atol=1e-6)


def test_errors():
    with pytest.raises(CheckError, match="surface is not one of the choices"):
        trajectories.trajectory_state("egg", "sgd")
    with pytest.raises(CheckError, match="steps is out of range"):
        trajectories.trajectory_state("bowl", "sgd", steps=0)
    with pytest.raises(CheckError, match="start has the wrong shape"):
        trajectories.trajectory_state("bowl", "sgd", start=(1.0, 2.0, 3.0))
    with pytest.raises(CheckError, match="name is not one of the choices"):
        trajectories.trajectory_figure("bowl", ("lion",))


def test_trajectory_figure_labels_both_axes():
    fig = trajectories.trajectory_figure("saddle", ("sgd", "adam"), 0.05, 50)
    assert_labelled(fig, n_axes=2)


def test_momentum_beats_sgd_on_the_bowl_and_beta_is_passed():
    """The chapter's motivating numbers: at learning_rate 0.09 SGD zig-zags (y multiplied by 1 - 20 * 0.09
    = -0.8 each step) and needs 88 steps to come within 1e-3; momentum with beta 0.5 needs 27."""
    sgd = trajectories.trajectory_state("bowl", "sgd", 0.09, 200)
    mom = trajectories.trajectory_state("bowl", "momentum", 0.09, 200, momentum=0.5)
    np.testing.assert_allclose(sgd["path"][1:4, 1], [-0.8, 0.64, -0.512])     # the zig-zag, by hand
    assert trajectories.steps_to_reach(sgd) == 88 and trajectories.steps_to_reach(mom) == 27
    assert sgd["momentum"] is None and mom["momentum"] == 0.5
    # oracle: (1 - 0.09)^k * 4 along x for SGD: the first k with 4 * 0.91^k < 1e-3 (y is far smaller)
    assert trajectories.steps_to_reach(sgd) == int(np.ceil(np.log(1e-3 / 4) / np.log(0.91)))
    assert trajectories.trajectory_state("bowl", "momentum", 0.09, 5)["momentum"] == 0.9   # the default
    assert trajectories.steps_to_reach(trajectories.trajectory_state("bowl", "sgd", 0.09, 40)) is None
    with pytest.raises(CheckError, match="state must be a trajectory_state dict"):
        trajectories.steps_to_reach([0.1, 0.0])
    with pytest.raises(CheckError, match="momentum is out of range"):
        trajectories.trajectory_state("bowl", "momentum", 0.09, 5, momentum=1.0)


def test_an_optimizer_class_runs_like_its_name():
    class MyMomentum(optim.Optimizer):                      # written the way a learner writes it
        def __init__(self, learning_rate=0.01, momentum=0.9):
            super().__init__(learning_rate)
            self.momentum = momentum

        def init_state(self, w):
            return {"v": np.zeros_like(w)}

        def update(self, w, g, state):
            state["v"] = self.momentum * state["v"] + self.learning_rate * g
            return w - state["v"]

    mine = trajectories.trajectory_state("rosenbrock", MyMomentum, 0.001, 50, momentum=0.7)
    ref = trajectories.trajectory_state("rosenbrock", "momentum", 0.001, 50, momentum=0.7)
    np.testing.assert_allclose(mine["path"], ref["path"], rtol=1e-12)
    assert mine["optimizer"] == "mymomentum"
    fig = trajectories.trajectory_figure("bowl", ("sgd", MyMomentum), 0.09, 30, momentum=0.5)
    assert "mymomentum β=0.5" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    with pytest.raises(CheckError, match="optimizer must be a name or an Optimizer class"):
        trajectories.trajectory_state("bowl", 3)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_trajectory_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = trajectories.trajectory_explorer(learning_rate=0.09, momentum=0.5, steps=100)
    c = box.controls
    assert set(c) == {"surface", "optimizer", "learning_rate", "momentum", "steps"}
    assert len(box.output.outputs) == 1 and "momentum (β = 0.50)" in box.message.value
    assert "within 0.001 after 27 steps (SGD: 88 steps)" in box.message.value
    first = box.output.outputs[0]["data"]["image/png"]
    c["momentum"].value = 0.9
    assert "β = 0.90" in box.message.value and box.output.outputs[0]["data"]["image/png"] != first
    c["surface"].value = "rosenbrock"
    c["optimizer"].value = "adam"
    assert len(box.output.outputs) == 1 and "adam" in box.message.value and "β" not in box.message.value
    assert c["momentum"].disabled                           # greyed out: Adam takes no momentum
    c["optimizer"].value = "sgd"
    c["learning_rate"].value = 1.0
    assert "diverged" in box.message.value


def test_trajectory_explorer_runs_the_given_classes():
    pytest.importorskip("ipywidgets")

    class Halted(optim.SGD):                                # a class that never moves: easy to recognise
        def update(self, w, g, state):
            return w

    box = trajectories.trajectory_explorer(optimizer="adam", steps=20, classes={"adam": Halted})
    assert "not within 0.001 yet" in box.message.value and "loss 18 after 20 steps" in box.message.value
    with pytest.raises(CheckError, match="classes maps optimizer names to Optimizer classes"):
        trajectories.trajectory_explorer(classes={"lion": Halted})
