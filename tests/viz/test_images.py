"""Tests of dlkit.viz.images: the sample grid and the augmentation explorer (state, figure, wiring)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit.data.images import make_shapes
from dlkit.errors import CheckError
from dlkit.viz import images as viz_images


def test_sample_grid_figure_titles_and_images():
    X, y, names = make_shapes({"circle": 3, "cross": 1, "square": 2}, size=10, seed=2)
    fig = viz_images.sample_grid_figure(X, y, names, per_class=2)
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["circle", "circle", "cross", "(none)", "square", "square"]
    assert np.array_equal(np.asarray(fig.axes[4].images[0].get_array()), X[4])
    assert not fig.axes[3].images
    # floats in 0..255 are shown as the same uint8 picture
    fig = viz_images.sample_grid_figure(X.astype("float32"), y, names, per_class=1)
    assert np.array_equal(np.asarray(fig.axes[0].images[0].get_array()), X[0])


def test_sample_grid_errors():
    X, y, names = make_shapes(1, size=8)
    with pytest.raises(CheckError, match="images has the wrong shape"):
        viz_images.sample_grid_figure(X[:2], y, names)
    with pytest.raises(CheckError, match="per_class is out of range"):
        viz_images.sample_grid_figure(X, y, names, per_class=0)


def test_augmentation_state_and_figure():
    pytest.importorskip("keras")
    X, _, names = make_shapes(1, size=16, seed=0)
    s = viz_images.augmentation_state(X, rotation=0.2, draws=3, seed=1)
    assert s["augmented"].shape == (3, 4, 16, 16, 3) and s["inference_identity"]
    assert s["changed"] == 1.0
    s0 = viz_images.augmentation_state(X, 0.0, 0.0, 0.0, flip=None)
    assert s0["changed"] == 0.0 and np.array_equal(s0["augmented"][0], X.astype("float32"))   # hand case
    again = viz_images.augmentation_state(X, rotation=0.2, draws=3, seed=1)
    assert np.allclose(again["augmented"], s["augmented"])
    fig = viz_images.augmentation_figure(X, draws=1, titles=names)
    assert isinstance(fig, Figure) and len(fig.axes) == 8
    assert [ax.get_title() for ax in fig.axes[:4]] == names
    with pytest.raises(CheckError, match="images has the wrong shape"):
        viz_images.augmentation_state(X[..., :1])
    with pytest.raises(CheckError, match="draws is out of range"):
        viz_images.augmentation_state(X, draws=0)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_augmentation_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("keras")
    X, _, names = make_shapes(1, size=16, seed=0)
    box = viz_images.augmentation_explorer(X, titles=names, draws=1)
    c = box.controls
    assert set(c) == {"rotation", "zoom", "brightness", "flip", "seed"}
    assert len(box.output.outputs) == 1 and "unchanged" in box.message.value
    first = box.output.outputs[0]["data"]["image/png"]
    c["rotation"].value = 0.4
    assert len(box.output.outputs) == 1
    assert box.output.outputs[0]["data"]["image/png"] != first
    for name in ("rotation", "zoom", "brightness"):
        c[name].value = 0.0
    c["flip"].value = "off"                        # shown as "off", passed on as flip=None: nothing changes
    assert c["flip"].label == "off" and "0% of the augmented images differ" in box.message.value
