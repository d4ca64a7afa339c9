"""Tests of dlkit.viz.descent: the figures of chapter 04, the explorer's state and its wiring headless."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit.data.synthetic import line_data
from dlkit.errors import CheckError
from dlkit.nn.linear import gradient_descent
from dlkit.viz import descent

X_LINE, Y_LINE = line_data()


def _labelled(fig):
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        assert ax.get_xlabel().strip() and ax.get_ylabel()


def test_figures_label_their_axes():
    ws, Js = gradient_descent(0.0, X_LINE, Y_LINE, 0.3, 3)
    fig = descent.walk_figure(ws, Js, X_LINE, Y_LINE)
    assert len(fig.axes) == 4 and "w = 1.200" in fig.axes[1].get_title()
    _labelled(fig)
    fig = descent.paths_figure([(0.02, 0.0), (0.3, 4.0), (1.05, 0.0)], steps=6)
    assert len(fig.axes) == 3 and "learning_rate = 0.3" in fig.axes[1].get_title()
    _labelled(fig)


def test_descent_state_by_hand():
    s = descent.descent_state(0.3, 0.0, step=1)
    assert s["w"] == pytest.approx(1.2) and s["J"] == pytest.approx(0.64)
    assert s["slope"] == pytest.approx(-1.6) and s["next_w"] == pytest.approx(1.68)
    assert s["w_star"] == 2.0 and s["learning_rate_limit"] == 1.0 and s["behaviour"] == "converges"
    assert s["curvature"] == 2.0 and s["oscillation_limit"] == 0.5
    assert s["factor"] == pytest.approx(0.4) and np.array_equal(s["y"], Y_LINE)
    assert descent.descent_state(0.8, 0.0)["behaviour"] == "oscillates and converges"
    assert descent.descent_state(1.0, 0.0)["behaviour"] == "oscillates with constant amplitude"
    assert descent.descent_state(1.1, 4.0)["behaviour"] == "diverges"
    assert descent.descent_state(0.02, 4.0)["behaviour"] == "crawls"
    assert descent.descent_state(0.5, 4.0)["behaviour"] == "converges in one step"
    assert descent.descent_state(0.3, 2.0)["behaviour"] == "stays at the minimum"
    assert descent.descent_state(0.3, 0.0, step=99, steps=5)["step"] == 5


@pytest.mark.parametrize("learning_rate, label", [
    (0.02, "crawls"), (0.3, "converges"), (0.5, "converges in one step"), (0.9, "oscillates and converges"),
    (1.0, "oscillates with constant amplitude"), (1.05, "diverges"), (1.2, "diverges"),
])
def test_behaviour_labels_agree_with_the_walk(learning_rate, label):
    """The oracle is the walk itself: the distances |w_t - w*| of gradient_descent on c = mean(x^2) = 2."""
    s = descent.descent_state(learning_rate, 0.0, steps=12)
    assert s["behaviour"] == label == descent.behaviour(1 - learning_rate * 2.0)
    gap = np.abs(s["ws"] - 2.0)                               # distance to w* = 2 after each step
    side = np.sign(s["ws"][1:] - 2.0)
    if label == "oscillates with constant amplitude":       # 0, 4, 0, 4, ...: never closer, never farther
        np.testing.assert_allclose(gap, 2.0)
        assert np.all(side[::2] == 1) and np.all(side[1::2] == -1)
    elif label == "diverges":
        assert np.all(np.diff(gap) > 0)
    elif label == "converges in one step":
        np.testing.assert_allclose(s["ws"][1:], 2.0)
    else:
        assert np.all(np.diff(gap) < 0)
        crosses = np.any(side > 0)                            # started left of w*: crossing means w > w*
        assert crosses == (label == "oscillates and converges")


def test_behaviour_by_hand_and_errors():
    assert descent.behaviour(1 - 0.99999999999 * 2) == "oscillates with constant amplitude"   # a rounded slider
    assert descent.behaviour(0.95) == "crawls" and descent.behaviour(0.5, at_minimum=True) == "stays at the minimum"
    assert set(descent.BEHAVIOURS) >= {descent.behaviour(f) for f in (0.95, 0.5, 0.0, -0.5, -1.0, -3.0)}
    with pytest.raises(CheckError, match="behaviour: factor is out of range"):
        descent.behaviour(1.0)
    with pytest.raises(CheckError, match="x must not be all zeros"):
        descent.descent_state(0.3, 1.0, x=np.zeros(3), y=np.ones(3))


def test_paths_figure_runs_the_descent_it_is_given():
    calls = []

    def mine(w0, x, y, learning_rate, steps):
        calls.append((w0, learning_rate, steps))
        return gradient_descent(w0, x, y, learning_rate, steps)

    fig = descent.paths_figure([(1.0, 0.0)], steps=4, descent=mine)
    assert calls == [(0.0, 1.0, 4)] and "constant amplitude" in fig.axes[0].get_title()


def test_descent_state_agrees_with_gradient_descent_on_other_data():
    """The oracle: the run the state reports is gradient_descent's, and w* is least squares' slope."""
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=8), rng.normal(size=8)
    s = descent.descent_state(0.2, 1.0, step=3, steps=6, x=x, y=y)
    ws, _ = gradient_descent(1.0, x, y, 0.2, 6)
    np.testing.assert_array_equal(s["ws"], ws)
    assert s["w_star"] == pytest.approx(np.linalg.lstsq(x[:, None], y, rcond=None)[0][0])


def test_descent_figure_even_when_diverging():
    for args in [(0.3, 0.0, 3), (1.2, 7.0, 15), (0.01, -3.0, 0)]:
        fig = descent.descent_figure(*args)
        assert len(fig.axes) == 2
        _labelled(fig)


def test_errors():
    with pytest.raises(CheckError, match="descent_state: learning_rate is out of range"):
        descent.descent_state(0.0)
    with pytest.raises(CheckError, match="step is out of range"):
        descent.descent_state(0.3, step=-1)
    with pytest.raises(CheckError, match="walk_figure: Js has the wrong shape"):
        descent.walk_figure(np.zeros(3), np.zeros(2), X_LINE, Y_LINE)
    with pytest.raises(CheckError, match="paths_figure: learning_rate must be a finite number"):
        descent.paths_figure([("fast", 0.0)])


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = descent.descent_explorer(steps=8)
    c = box.controls
    assert set(c) == {"learning_rate", "w0", "step", "play"}
    assert len(box.output.outputs) == 1 and "step 0" in box.message.value
    first = box.output.outputs[0]["data"]["image/png"]
    c["play"].value = 3                    # the Play button drives the step slider
    assert c["step"].value == 3 and "step 3" in box.message.value
    second = box.output.outputs[0]["data"]["image/png"]
    assert second != first
    c["learning_rate"].value = 1.1
    assert box.output.outputs[0]["data"]["image/png"] != second
    assert len(box.output.outputs) == 1 and "diverge" in box.message.value
