"""Unit tests of dlkit.viz: states, figures and explorers, headless."""

from matplotlib.figure import Figure


def assert_labelled(fig, n_axes=None, axes=None, titled=False):
    """fig is a matplotlib Figure (with n_axes axes, if given) whose axes (all, or `axes`) have both labels
    (and a title, if `titled`): every plot of the course labels its axes."""
    assert isinstance(fig, Figure), f"expected a matplotlib Figure, got {type(fig).__name__}"
    if n_axes is not None:
        assert len(fig.axes) == n_axes, f"expected {n_axes} axes, got {len(fig.axes)}"
    for ax in fig.axes if axes is None else axes:
        assert ax.get_xlabel() and ax.get_ylabel(), f"unlabelled axes: {ax.get_title()!r}"
        assert ax.get_title() or not titled, "an axes without a title"
