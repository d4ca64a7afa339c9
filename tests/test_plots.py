import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit import plots


def test_use_style_sets_palette():
    plots.use_style()
    colors = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
    assert colors == plots.PALETTE


def test_decision_boundary_line_passes_through_hand_point():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    fig = plots.plot_decision_boundary(X, np.array([0, 0, 0, 1]), [1.0, 1.0], -1.5)
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and ax.get_xlabel() and ax.get_ylabel()
    line = [l for l in ax.lines if l.get_label() == "w·x + b = 0"][0]
    xs, ys = line.get_data()
    # x1 + x2 = 1.5 on the line
    np.testing.assert_allclose(np.asarray(xs) + np.asarray(ys), 1.5)


def test_vertical_boundary_and_zero_weights():
    X = np.array([[0, 0], [1, 1]], dtype=float)
    fig = plots.plot_decision_boundary(X, np.array([0, 1]), [2.0, 0.0], -1.0)
    assert any(np.allclose(l.get_xdata(), 0.5) for l in fig.axes[0].lines)
    fig = plots.plot_decision_boundary(X, np.array([0, 1]), [0.0, 0.0], 1.0)
    assert any("no boundary" in t.get_text() for t in fig.axes[0].texts)


def test_plot_history_labels():
    fig = plots.plot_history([3, 1, 0], xlabel="epoch", ylabel="mistakes", title="t")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "mistakes"


def test_bad_shapes_say_expected_and_received():
    with pytest.raises(ValueError, match=r"expected: \(any, 2\)"):
        plots.plot_decision_boundary(np.zeros((3, 3)), np.zeros(3), [1, 1], 0)
    with pytest.raises(ValueError, match=r"received: \(2,\)"):
        plots.plot_decision_boundary(np.zeros((3, 2)), np.zeros(2), [1, 1], 0)
    with pytest.raises(ValueError, match="label"):
        plots.label(plots.new_figure()[1], "", "y")
