"""Chapter 10's figures and explorer: a kernel sliding over an image, filters and feature maps of a CNN.

Symbols (docs/NAMING.md): an image of Hi x Wi pixels (one channel here), a 3 x 3 kernel K, padding p,
stride s; the feature map has Ho x Wo = floor((n + 2p - 3) / s) + 1 cells per axis (003 eq. 34).

    IMAGES, KERNELS            the explorer's pictures (offline: scikit-learn's photo and digits, a drawing)
                               and its kernels (edge, blur, sharpen, identity, custom)
    image(name)                one picture as a float (Hi, Wi) array in [0, 1]
    conv_state(...)            pure: the picture, the kernel, the feature map and the size arithmetic
    conv_figure(state)         input, kernel (values written in the cells), feature map
    conv_explorer(...)         image and kernel menus, stride and padding, a custom 3 x 3 grid
    filters_figure(W)          the first layer's filters, one small picture per output channel
    feature_maps_figure(...)   an image and its feature maps after each layer of a trained CNN

Example:
    >>> s = conv_state("digit", "edge (vertical)", stride=1, padding="valid")
    >>> s["out"].shape, s["size_text"]
    ((30, 30), '(32 + 2*0 - 3) // 1 + 1 = 30 rows, (32 + 2*0 - 3) // 1 + 1 = 30 columns')
"""

from __future__ import annotations

import functools

import numpy as np

from dlkit import validate
from dlkit.errors import fail
from dlkit.nn import conv
from dlkit.viz import explorer as ex
from dlkit.viz import style

__all__ = ["IMAGES", "KERNELS", "image", "kernel", "conv_state", "conv_figure", "conv_explorer", "filters_figure",
           "feature_maps_figure"]

IMAGES = ("photo", "digit", "shapes")

KERNELS = {
    "edge (vertical)": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],          # Sobel: bright right of dark -> positive
    "edge (horizontal)": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],        # Sobel: bright below dark -> positive
    "edge (all directions)": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],     # Laplacian
    "blur": [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]],   # Gaussian 3 x 3
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "custom": None,                                                    # the explorer's 3 x 3 grid
}

_GRID = [f"k{i}{j}" for i in range(3) for j in range(3)]


@functools.lru_cache(maxsize=None)
def _image(name: str) -> np.ndarray:
    if name == "photo":
        from sklearn.datasets import load_sample_image

        rgb = load_sample_image("china.jpg").astype(float) / 255.0     # (427, 640, 3)
        gray = rgb @ np.array([0.299, 0.587, 0.114])                  # (427, 640) luminance
        h, w = gray.shape[0] // 4 * 4, gray.shape[1] // 4 * 4
        return gray[:h, :w].reshape(h // 4, 4, w // 4, 4).mean(axis=(1, 3))   # (106, 160): 4 x 4 averages
    if name == "digit":
        from sklearn.datasets import load_digits

        digit = load_digits().images[3] / 16.0                         # (8, 8), a 3
        return np.kron(digit, np.ones((4, 4)))                         # (32, 32): each pixel a 4 x 4 block
    from dlkit.data.images import draw_shape

    pic = np.concatenate([draw_shape("square", 40, rng=1, noise=0.0), draw_shape("circle", 40, rng=2, noise=0.0)],
                         axis=1)                                       # (40, 80, 3)
    return pic.astype(float).mean(axis=2) / 255.0                      # (40, 80)


def image(name: str = "photo") -> np.ndarray:
    """One of IMAGES as a float array (Hi, Wi) in [0, 1] (a copy).

        photo   scikit-learn's china.jpg in grey, 4 x 4 pixels averaged: (106, 160)
        digit   the digit 3 of scikit-learn's digits, each of its 8 x 8 pixels drawn 4 x 4: (32, 32)
        shapes  a square and a circle (dlkit.data.images.draw_shape): (40, 80)

    Example:
        >>> image("digit").shape
        (32, 32)
    """
    validate.choice(name, "name", IMAGES, where="image")
    return _image(name).copy()


def kernel(name: str, custom=None) -> np.ndarray:
    """A 3 x 3 kernel of KERNELS as a float array; "custom" returns `custom` (9 numbers or a 3 x 3 grid).

    Example:
        >>> kernel("sharpen").sum()
        np.float64(1.0)
    """
    validate.choice(name, "kernel", tuple(KERNELS), where="kernel")
    if name == "custom":
        if custom is None:
            raise fail("kernel: a custom kernel needs its values", "custom=[[...], [...], [...]] (3 x 3 numbers)", "None")
        return validate.array(custom, "custom", where="kernel").reshape(3, 3) if np.size(custom) == 9 else \
            validate.array(custom, "custom", shape=(3, 3), where="kernel")
    return np.array(KERNELS[name], dtype=float)


def conv_state(image_name: str = "photo", kernel_name: str = "edge (vertical)", stride: int = 1,
               padding: str = "valid", custom=None, **grid) -> dict:
    """The explorer's state: the picture, the kernel, the feature map and how its size comes about.

    Args:
        image_name: one of IMAGES; kernel_name: one of KERNELS.
        stride: 1, 2 or 3; padding: "valid" or "same".
        custom: the custom kernel (3 x 3), or the grid's values as k00 .. k22 keyword arguments.

    Returns:
        {"image" (Hi, Wi), "kernel" (3, 3), "out" (Ho, Wo), "stride", "padding", "pads" ((top, bottom),
        (left, right)), "size_text", "range" (min, max of the feature map), "image_name", "kernel_name"}.
    """
    where = "conv_state"
    stride = validate.integer(stride, "stride", low=1, high=3, where=where)
    padding = validate.choice(padding, "padding", conv.PADDINGS, where=where)
    if custom is None and grid:
        custom = [[grid.get(f"k{i}{j}", 0.0) for j in range(3)] for i in range(3)]
    X = image(image_name)                                              # (Hi, Wi)
    K = kernel(kernel_name, custom)                                    # (3, 3)
    out, _ = conv.conv2d_forward(X[None, :, :, None], K[:, :, None, None], np.zeros(1), stride, padding)
    pads = tuple(conv.same_padding(n, 3, stride) if padding == "same" else (0, 0) for n in X.shape)
    lines = []
    for n, (before, after), m, axis in zip(X.shape, pads, out.shape[1:3], ("rows", "columns")):
        p = f"2*{before}" if before == after else f"{before} + {after}"
        lines.append(f"({n} + {p} - 3) // {stride} + 1 = {m} {axis}")
    fmap = out[0, :, :, 0]                                             # (Ho, Wo)
    return {"image": X, "kernel": K, "out": fmap, "stride": stride, "padding": padding, "pads": pads,
            "size_text": ", ".join(lines), "range": (float(fmap.min()), float(fmap.max())),
            "image_name": image_name, "kernel_name": kernel_name}


def conv_figure(state: dict):
    """Input picture, kernel (with its values) and feature map side by side, axes in pixels.

    The feature map uses a diverging colour scale centred on 0 when it has both signs (an edge kernel's
    output), grey otherwise.
    """
    fig, (ax_in, ax_k, ax_out) = style.new_figure(ncols=3, figsize=(12, 3.8))
    fig.get_layout_engine().set(w_pad=0.1)
    ax_in.imshow(state["image"], cmap="gray", vmin=0, vmax=1)
    H, W = state["image"].shape
    style.label(ax_in, "column (pixel)", "row (pixel)", f"input {H} x {W}")
    K = state["kernel"]
    bound = max(float(np.abs(K).max()), 1e-9)
    ax_k.imshow(K, cmap="RdBu_r", vmin=-bound, vmax=bound)
    for (i, j), v in np.ndenumerate(K):
        ax_k.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=11)
    ax_k.set_xticks(range(3))
    ax_k.set_yticks(range(3))
    ax_k.grid(False)
    style.label(ax_k, "kernel column v", "kernel row u", f"kernel: {state['kernel_name']}")
    fmap = state["out"]
    lo, hi = state["range"]
    if lo < 0 < hi:
        m = max(-lo, hi)
        im = ax_out.imshow(fmap, cmap="RdBu_r", vmin=-m, vmax=m)
    else:
        im = ax_out.imshow(fmap, cmap="gray")
    fig.colorbar(im, ax=ax_out, shrink=0.8)
    Ho, Wo = fmap.shape
    style.label(ax_out, "output column j", "output row i",
                f"feature map {Ho} x {Wo} (stride {state['stride']}, {state['padding']})")
    for ax in (ax_in, ax_out):
        ax.grid(False)
    return fig


def _message(s) -> str:
    return (f"<b>{s['kernel_name']}</b> on the {s['image_name']}: output size {s['size_text']}; "
            f"values from {s['range'][0]:.3g} to {s['range'][1]:.3g}")


def _grid_enabled(widgets, s) -> None:
    for name in _GRID:
        widgets[name].disabled = s["kernel_name"] != "custom"


def conv_explorer(image_name: str = "photo", kernel_name: str = "edge (vertical)", stride: int = 1,
                  padding: str = "valid"):
    """Pick a picture and a kernel (or type a custom 3 x 3 grid) and watch the feature map and its size.

    Returns:
        ipywidgets.VBox (dlkit.viz.explorer.explorer) with ``box.controls`` (image_name, kernel_name,
        stride, padding and the grid k00 .. k22, enabled for the custom kernel), ``box.message``,
        ``box.output``.

    Example:
        >>> box = conv_explorer()
        >>> box.controls["kernel_name"].value = "custom"; box.controls["k11"].value = 2.0
    """
    start = np.array(KERNELS["edge (all directions)"], dtype=float)
    controls = {
        "image_name": ex.choice(list(IMAGES), image_name, label="image"),
        "kernel_name": ex.choice(list(KERNELS), kernel_name, label="kernel"),
        "stride": ex.int_slider(1, 3, stride, label="stride"),
        "padding": ex.choice(list(conv.PADDINGS), padding, label="padding"),
    }
    controls.update({name: ex.slider(-4.0, 4.0, 0.25, float(start.flat[k]), label=name)
                     for k, name in enumerate(_GRID)})
    rows = [["image_name", "kernel_name"], ["stride", "padding"], _GRID[:3], _GRID[3:6], _GRID[6:]]
    return ex.explorer(controls, state=conv_state, figure=conv_figure, message=_message, rows=rows,
                       update=_grid_enabled)


# --- a trained network's filters and feature maps ---------------------------------------------------------

def filters_figure(W, title: str = "first-layer filters"):
    """The kernels of a convolution layer, one picture per output channel (input channel 0).

    Args:
        W: (kh, kw, Ci, Co) kernels, e.g. model.layers[0].get_weights()[0].

    Returns:
        a Figure with Co small panels, a shared diverging colour scale centred on 0.
    """
    W = validate.array(W, "W", ndim=4, where="filters_figure")
    Co = W.shape[3]
    ncols = min(Co, 8)
    nrows = -(-Co // ncols)
    fig, axes = style.new_figure(ncols=ncols, nrows=nrows, figsize=(1.5 * ncols, 1.6 * nrows + 0.4))
    axes = np.atleast_1d(axes).ravel()
    bound = float(np.abs(W[:, :, 0, :]).max()) or 1.0
    for o, ax in enumerate(axes):
        ax.grid(False)
        ax.set_xticks([])
        ax.set_yticks([])
        if o >= Co:
            ax.axis("off")
            continue
        im = ax.imshow(W[:, :, 0, o], cmap="RdBu_r", vmin=-bound, vmax=bound)
        ax.set_title(f"filter {o}", fontsize=9)
        if o % ncols == 0:
            ax.set_ylabel("row u", fontsize=9)
        if o // ncols == nrows - 1:
            ax.set_xlabel("column v", fontsize=9)
    fig.colorbar(im, ax=list(axes), shrink=0.8, label="weight")
    fig.suptitle(title)
    return fig


def feature_maps_figure(img, maps, per_layer: int = 8):
    """An input image and the first `per_layer` feature maps after each layer of a CNN.

    Args:
        img: (Hi, Wi) or (Hi, Wi, 1), the input.
        maps: list of (layer name, (H, W, C) array), e.g. from dlkit.models.cnn.feature_maps.
        per_layer: how many channels to show per layer.

    Returns:
        a Figure: one row per layer (the image first), one column per channel.
    """
    img = validate.array(img, "img", where="feature_maps_figure")
    img = img.reshape(img.shape[0], img.shape[1])
    per_layer = validate.integer(per_layer, "per_layer", low=1, where="feature_maps_figure")
    fig, axes = style.new_figure(ncols=per_layer, nrows=len(maps) + 1,
                                 figsize=(1.45 * per_layer, 1.55 * (len(maps) + 1) + 0.3))
    axes = np.asarray(axes).reshape(len(maps) + 1, per_layer)
    for ax in axes.ravel():
        ax.grid(False)
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0, 0].imshow(img, cmap="gray")
    axes[0, 0].set_title("input", fontsize=9)
    style.label(axes[0, 0], "column", "row")
    for ax in axes[0, 1:]:
        ax.axis("off")
    for r, (name, fmap) in enumerate(maps, start=1):
        fmap = np.asarray(fmap)
        for c in range(per_layer):
            ax = axes[r, c]
            if c >= fmap.shape[-1]:
                ax.axis("off")
                continue
            ax.imshow(fmap[:, :, c], cmap="viridis")
            ax.set_title(f"{name} [{c}]", fontsize=8)
        axes[r, 0].set_ylabel(f"{fmap.shape[0]} x {fmap.shape[1]}", fontsize=9)
        axes[r, 0].set_xlabel("column", fontsize=8)
    fig.suptitle("one image through the trained network (first channels of each layer)")
    return fig
