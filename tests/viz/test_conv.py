"""dlkit.viz.conv: the explorer's state by hand and against dlkit.nn.conv, figures, headless wiring, errors."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import conv
from dlkit.viz import conv as viz

from . import assert_labelled


def test_images_and_kernels():
    for name, shape in [("photo", (106, 160)), ("digit", (32, 32)), ("shapes", (40, 80))]:
        img = viz.image(name)
        assert img.shape == shape and 0.0 <= img.min() and img.max() <= 1.0
    img = viz.image("digit")
    img[:] = 5.0                                        # a copy: the cached picture is unchanged
    assert viz.image("digit").max() <= 1.0
    assert viz.kernel("identity").tolist() == [[0, 0, 0], [0, 1, 0], [0, 0, 0]]
    assert viz.kernel("blur").sum() == pytest.approx(1.0) and viz.kernel("sharpen").sum() == 1.0
    assert viz.kernel("custom", list(range(9))).tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_state_by_hand():
    s = viz.conv_state("digit", "identity", stride=1, padding="same")
    np.testing.assert_allclose(s["out"], viz.image("digit"))            # the identity kernel copies the picture
    s = viz.conv_state("digit", "edge (vertical)", stride=2, padding="valid")
    assert s["out"].shape == (15, 15) and s["pads"] == ((0, 0), (0, 0))
    assert s["size_text"] == "(32 + 2*0 - 3) // 2 + 1 = 15 rows, (32 + 2*0 - 3) // 2 + 1 = 15 columns"
    s = viz.conv_state("digit", "blur", stride=2, padding="same")
    assert s["out"].shape == (16, 16) and s["pads"] == ((0, 1), (0, 1))
    assert "(32 + 0 + 1 - 3) // 2 + 1 = 16 rows" in s["size_text"]
    # a flat area gives 0 under an edge kernel
    s = viz.conv_state("shapes", "edge (all directions)")
    assert abs(s["out"][0, 0]) < 1e-9


def test_state_matches_the_convolution():
    # Oracle: dlkit.nn.conv.conv2d_naive on the same picture and kernel.
    K = np.arange(9.0).reshape(3, 3) - 4
    s = viz.conv_state("digit", "custom", stride=3, padding="same", custom=K)
    want = conv.conv2d_naive(viz.image("digit")[None, :, :, None], K[:, :, None, None], np.zeros(1), 3, "same")
    np.testing.assert_allclose(s["out"], want[0, :, :, 0])
    grid = {f"k{i}{j}": K[i, j] for i in range(3) for j in range(3)}
    np.testing.assert_allclose(viz.conv_state("digit", "custom", 3, "same", **grid)["out"], s["out"])


def test_figures_label_their_axes():
    fig = viz.conv_figure(viz.conv_state("photo", "sharpen"))
    assert_labelled(fig, axes=fig.axes[:3])
    W = np.random.default_rng(0).normal(size=(3, 3, 1, 10))
    fig = viz.filters_figure(W)
    assert len([ax for ax in fig.axes if ax.images]) == 10                 # ten filters (and a colour bar)
    maps = [("conv", np.ones((8, 8, 4))), ("pool", np.ones((4, 4, 4)))]
    fig = viz.feature_maps_figure(np.zeros((8, 8, 1)), maps, per_layer=3)
    assert len([ax for ax in fig.axes if ax.images]) == 1 + 2 * 3


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = viz.conv_explorer()
    c = box.controls
    assert {"image_name", "kernel_name", "stride", "padding", "k00", "k22"} <= set(c)
    assert c["k11"].disabled and "edge (vertical)" in box.message.value
    first = box.output.outputs[0]["data"]["image/png"]
    c["kernel_name"].value = "custom"
    assert not c["k11"].disabled
    c["k11"].value = 2.0
    assert box.output.outputs[0]["data"]["image/png"] != first and len(box.output.outputs) == 1
    c["stride"].value = 2
    assert "// 2 + 1 = 52 rows" in box.message.value


@pytest.mark.parametrize("call, match", [
    (lambda: viz.image("cat"), "name is not one of the choices"),
    (lambda: viz.kernel("emboss"), "kernel is not one of the choices"),
    (lambda: viz.kernel("custom"), "needs its values"),
    (lambda: viz.conv_state(stride=4), "stride is out of range"),
    (lambda: viz.conv_state(padding="full"), "padding is not one of the choices"),
    (lambda: viz.filters_figure(np.ones((3, 3, 1))), "number of dimensions"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
