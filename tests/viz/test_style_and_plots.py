import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit.checks import CheckError
from dlkit.viz import plots, style

X_AND = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y_AND = np.array([0, 0, 0, 1])


def boundary_lines(ax):
    return [line for line in ax.lines if line.get_label() == "w·x + b = 0"]


def test_palette_and_class_styles():
    assert len(style.PALETTE) == 8 and len(set(style.PALETTE)) == 8
    assert all(c.startswith("#") and len(c) == 7 for c in style.PALETTE)
    assert set(style.CLASS_COLORS) <= set(style.PALETTE) and len(set(style.CLASS_COLORS)) == 2
    assert style.CLASS_MARKERS == ("o", "s")


def test_use_style_sets_palette_and_is_idempotent():
    with mpl.rc_context():
        style.use_style()
        first = dict(mpl.rcParams)
        style.use_style()
        assert dict(mpl.rcParams) == first
        assert [c["color"] for c in mpl.rcParams["axes.prop_cycle"]] == style.PALETTE
        assert mpl.rcParams["font.size"] >= 11 and mpl.rcParams["axes.grid"]
        assert not mpl.rcParams["axes.spines.top"] and not mpl.rcParams["axes.spines.right"]


def test_new_figure_is_pyplot_free():
    fig, ax = style.new_figure()
    assert isinstance(fig, Figure) and fig.canvas.manager is None  # pyplot would attach a manager
    assert fig.get_layout_engine() is not None
    fig, axes = style.new_figure(ncols=3)
    assert len(axes) == 3
    with pytest.raises(ValueError, match="ncols=0"):
        style.new_figure(ncols=0)


def test_label_requires_both_axes():
    fig, ax = style.new_figure()
    style.label(ax, "x", "y", title="t")
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("x", "y", "t")
    with pytest.raises(ValueError, match="label"):
        style.label(ax, "", "y")


def test_decision_boundary_line_passes_through_hand_point():
    fig = plots.plot_decision_boundary(X_AND, Y_AND, [1.0, 1.0], -1.5, title="AND")
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    (line,) = boundary_lines(ax)
    xs, ys = line.get_data()
    np.testing.assert_allclose(np.asarray(xs) + np.asarray(ys), 1.5)  # x1 + x2 = 1.5 on the line
    # the hand point (0.75, 0.75) is on the line through (xs[0], ys[0]) and (xs[1], ys[1])
    (x0, x1), (y0, y1) = xs, ys
    assert (y1 - y0) * (0.75 - x0) == pytest.approx((0.75 - y0) * (x1 - x0))


def test_decision_boundary_classes_and_legend():
    fig = plots.plot_decision_boundary(X_AND, Y_AND, [1.0, 1.0], -1.5)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["w·x + b = 0", "class 0", "class 1"]
    sizes = sorted(len(c.get_offsets()) for c in ax.collections if c.get_label().startswith("class"))
    assert sizes == [1, 3]


def test_vertical_boundary_and_zero_weights():
    X = np.array([[0, 0], [1, 1]], dtype=float)
    fig = plots.plot_decision_boundary(X, np.array([0, 1]), [2.0, 0.0], -1.0)  # 2 x1 - 1 = 0
    (line,) = boundary_lines(fig.axes[0])
    np.testing.assert_allclose(line.get_xdata(), 0.5)
    fig = plots.plot_decision_boundary(X, np.array([0, 1]), [0.0, 0.0], 1.0)
    assert any("no boundary" in t.get_text() for t in fig.axes[0].texts)
    assert not boundary_lines(fig.axes[0])


def test_decision_boundary_draws_into_given_axes_and_limits():
    fig, axes = style.new_figure(ncols=2)
    out = plots.plot_decision_boundary(X_AND, Y_AND, [1.0, 1.0], -1.5, ax=axes[1],
                                       xlim=(-0.5, 1.5), ylim=(-0.5, 1.5))
    assert out is fig and axes[1].get_xlim() == (-0.5, 1.5) and axes[1].get_ylim() == (-0.5, 1.5)
    assert not axes[0].lines


def test_bad_shapes_say_expected_and_received():
    with pytest.raises(ValueError, match=r"expected: \(any, 2\)\n  received: \(3, 3\)"):
        plots.plot_decision_boundary(np.zeros((3, 3)), np.zeros(3), [1, 1], 0)
    with pytest.raises(ValueError, match=r"expected: \(3,\)\n  received: \(2,\)"):
        plots.plot_decision_boundary(np.zeros((3, 2)), np.zeros(2), [1, 1], 0)
    with pytest.raises(CheckError, match=r"received: \(3,\)"):
        plots.plot_decision_boundary(np.zeros((3, 2)), np.zeros(3), [1, 1, 1], 0)
    with pytest.raises(ValueError, match=r"received: values \[-1, 1\]"):
        plots.plot_decision_boundary(np.zeros((2, 2)), np.array([-1, 1]), [1, 1], 0)


def test_plot_history_labels_and_integer_ticks():
    fig = plots.plot_history([3, 1, 0], xlabel="epoch", ylabel="mistakes", title="t")
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and ax.get_xlabel() == "epoch" and ax.get_ylabel() == "mistakes"
    assert list(ax.get_xticks()) == [1, 2, 3]
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [3, 1, 0])
    fig = plots.plot_history(np.linspace(1, 0, 37))
    assert all(float(t).is_integer() for t in fig.axes[0].get_xticks())
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        plots.plot_history(np.zeros((2, 2)))


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_a_cell_ending_in_a_figure_shows_a_png_in_a_kernel():
    """In a Jupyter kernel, setup_notebook() makes pyplot-free Figures display as pictures, not text."""
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import dlkit\ndlkit.setup_notebook(0)\nfrom dlkit.viz import style\n"
                                          "fig, ax = style.new_figure()\nax.plot([1, 2])\nfig")]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    kinds = [set(o.get("data", {})) for o in nb.cells[0].outputs]
    assert any("image/png" in k for k in kinds), f"the figure displayed as {kinds}, not as a PNG"
