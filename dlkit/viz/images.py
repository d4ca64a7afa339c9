"""Figures and the explorer of chapter 09: a grid of sample images per class, what augmentation does.

Symbols (docs/NAMING.md): images (N, Hi, Wi, Ci) with values in 0..255 (or 0..1), y (N,) class labels
in 0..C-1, class_names C names; M the few images an augmentation explorer shows, draws the augmented
versions of each.

    sample_grid_figure       one row per class: its first images, each titled with the class name
    augmentation_state       `draws` random versions of a few images (dlkit.models.augmentation's block)
    augmentation_figure      originals in row 0, augmented versions below
    augmentation_explorer    sliders and menus over augmentation_figure (dlkit.viz.explorer)

The augmentation block seeds its own layers (seed=seed), so the same arguments give the same pictures
and no global random state is touched.
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail
from dlkit.models.augmentation import augmentation_block
from dlkit.viz import explorer as ex
from dlkit.viz.style import new_figure

__all__ = ["sample_grid_figure", "augmentation_state", "augmentation_figure", "augmentation_explorer"]


def _show(ax, img, title: str) -> None:
    """imshow one image without ticks, with a title; the pixel grid as axis labels."""
    arr = np.asarray(img)
    if arr.dtype.kind == "f" and arr.max(initial=0) > 1.0:        # floats in 0..255, as Keras loads them
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    ax.imshow(arr)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_title(title, fontsize=10)


def sample_grid_figure(images, labels, class_names, per_class: int = 4):
    """A grid with one row per class: its first `per_class` images, each titled with the class name.

    Axes are created row by row, so fig.axes[c * per_class + j] shows image j of class c.
    A class with fewer images leaves its last cells empty (titled "(none)").

    Args:
        images: (N, Hi, Wi, 3) uint8 or floats in 0..255 (or 0..1).
        labels: (N,) integer class labels.
        class_names: C names, class_names[c] for label c.
        per_class: images per row (>= 1).

    Returns:
        matplotlib Figure (pyplot-free).

    Example:
        >>> from dlkit.data.images import make_shapes
        >>> X, y, names = make_shapes({"circle": 2, "cross": 1}, size=8)
        >>> [ax.get_title() for ax in sample_grid_figure(X, y, names, per_class=2).axes]
        ['circle', 'circle', 'cross', '(none)']
    """
    where = "sample_grid_figure"
    labels = validate.labels(labels, "labels", where=where)
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[0] != labels.size:
        raise fail(f"{where}: images has the wrong shape", f"({labels.size}, Hi, Wi, Ci), one image per label",
                   str(images.shape))
    per_class = validate.integer(per_class, "per_class", low=1, where=where)
    k = len(class_names)
    fig, axes = new_figure(ncols=per_class, nrows=k, figsize=(1.3 * per_class + 0.4, 1.4 * k))
    axes = np.asarray(axes).reshape(k, per_class)
    for c, name in enumerate(class_names):
        idx = np.flatnonzero(labels == c)[:per_class]
        for j in range(per_class):
            ax = axes[c, j]
            if j < idx.size:
                _show(ax, images[idx[j]], str(name))
            else:
                ax.set_axis_off()
                ax.set_title("(none)", fontsize=10)
        axes[c, 0].set_ylabel("class " + str(c))
    return fig


def augmentation_state(images, rotation: float = 0.1, zoom: float = 0.1, brightness: float = 0.2,
                       flip: str | None = "horizontal", draws: int = 2, seed: int = 0) -> dict:
    """What an augmentation block does to a few images: `draws` random versions of each.

    Args:
        images: (M, Hi, Wi, 3) numbers in 0..255 (a few images, e.g. one per class).
        rotation, zoom, brightness, flip: as in dlkit.models.augmentation.augmentation_block.
        draws: how many augmented versions of each image (>= 1).
        seed: the layers' seed, an int >= 0 (the same arguments give the same pictures).

    Returns:
        dict with original (M, Hi, Wi, 3) float32, augmented (draws, M, Hi, Wi, 3) float32 in 0..255,
        changed (fraction of augmented images that differ from their original), the settings, and
        inference_identity (bool: training=False returned the images unchanged).
    """
    where = "augmentation_state"
    x = validate.array(images, "images", dtype=np.float32, where=where)
    if x.ndim != 4 or x.shape[-1] != 3:
        raise fail(f"{where}: images has the wrong shape", "(M, Hi, Wi, 3), a few RGB images", str(x.shape))
    draws = validate.integer(draws, "draws", low=1, where=where)
    seed = validate.integer(seed, "seed", low=0, where=where)
    block = augmentation_block(rotation, zoom, brightness, flip, seed=seed)   # seeded layers, no global seed
    same = np.asarray(block(x, training=False))
    out = np.stack([np.asarray(block(x, training=True)) for _ in range(draws)])   # (draws, M, Hi, Wi, 3)
    diff = np.abs(out - x[None]).reshape(draws, x.shape[0], -1).max(axis=-1)      # (draws, M)
    return {"original": x, "augmented": out, "changed": float(np.mean(diff > 0.5)),
            "inference_identity": bool(np.allclose(same, x)), "rotation": float(rotation),
            "zoom": float(zoom), "brightness": float(brightness), "flip": flip, "draws": draws}


def augmentation_figure(images, rotation: float = 0.1, zoom: float = 0.1, brightness: float = 0.2,
                        flip: str | None = "horizontal", draws: int = 2, seed: int = 0,
                        titles=None):
    """Row 0: the original images; rows 1..draws: augmented versions (augmentation_state).

    Args:
        images, rotation, zoom, brightness, flip, draws, seed: as in augmentation_state.
        titles: M titles for the originals (default "image 0", "image 1", ...).

    Returns:
        matplotlib Figure with (draws + 1) * M axes, row by row.
    """
    return _draw_augmentation(augmentation_state(images, rotation, zoom, brightness, flip, draws, seed), titles)


def _draw_augmentation(s: dict, titles=None):
    m, draws = s["original"].shape[0], s["draws"]
    titles = list(titles) if titles is not None else [f"image {i}" for i in range(m)]
    fig, axes = new_figure(ncols=m, nrows=draws + 1, figsize=(1.5 * m + 0.6, 1.5 * (draws + 1)))
    axes = np.asarray(axes).reshape(draws + 1, m)
    for i in range(m):
        _show(axes[0, i], s["original"][i], titles[i])
        for d in range(draws):
            _show(axes[d + 1, i], s["augmented"][d, i], f"augmented {d + 1}")
    axes[0, 0].set_ylabel("original")
    for d in range(draws):
        axes[d + 1, 0].set_ylabel("training=True")
    fig.suptitle(f"flip {s['flip'] or 'off'}, rotation ±{s['rotation']:.2f} turn, zoom ±{s['zoom']:.2f}, "
                 f"brightness ±{s['brightness']:.2f}", fontsize=11)
    return fig


def _message(s) -> str:
    return (f"{100 * s['changed']:.0f}% of the augmented images differ from their original; "
            f"at inference (training=False) the block returns them "
            f"{'unchanged' if s['inference_identity'] else 'CHANGED'}.")


def augmentation_explorer(images, titles=None, draws: int = 2):
    """Sliders for rotation, zoom and brightness, a flip menu and a seed slider, redrawing augmentation_figure.

    Returns:
        ipywidgets.VBox (dlkit.viz.explorer.explorer) with ``box.controls`` ({"rotation", "zoom",
        "brightness", "flip", "seed"}), ``box.output`` and ``box.message``.
    """
    draws = validate.integer(draws, "draws", low=1, where="augmentation_explorer")
    # "off" stands for flip=None: a Dropdown cannot show None as a selected value
    flips = [("off", "off"), ("horizontal", "horizontal"), ("vertical", "vertical"),
             ("both", "horizontal_and_vertical")]
    controls = {
        "rotation": ex.slider(0.0, 0.5, 0.05, 0.1),
        "zoom": ex.slider(0.0, 0.5, 0.05, 0.1),
        "brightness": ex.slider(0.0, 0.8, 0.05, 0.2),
        "flip": ex.choice(flips, "horizontal"),
        "seed": ex.int_slider(0, 20, 0),
    }

    def state(rotation, zoom, brightness, flip, seed):
        return augmentation_state(images, rotation, zoom, brightness, None if flip == "off" else flip, draws, seed)

    return ex.explorer(controls, state=state, figure=lambda s: _draw_augmentation(s, titles), message=_message,
                       rows=[["rotation", "zoom", "brightness"], ["flip", "seed"]])
