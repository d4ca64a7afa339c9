"""Small labelled image data sets drawn on the fly, and the data-pipeline helpers of chapter 09.

Nothing is downloaded: `make_shapes` draws circles, crosses, squares and triangles of random size,
position and colour on a random background, with a little pixel noise, from a seeded
`np.random.default_rng`. `write_image_folder` saves them as the folder tree Keras reads,

    directory/shapes/<class>/<i>.png      one folder per class (the label is the folder's name)
    directory/labels.csv                  columns path,label (path relative to directory)

Shapes: N images of S x S pixels with C = 3 colour channels, K classes.
    images   (N, S, S, 3)  uint8 in 0..255 (float after Keras' loaders)
    labels   (N,)          int class indices in 0..K-1 (class_names[label] is the name)

Reference code for the exercises: `balanced_class_weights` (n / (K n_c), what
sklearn's compute_class_weight('balanced') gives), `channel_stats` and `standardize` (per-channel
statistics of the training images), `augmentation_block` (Keras augmentation layers) and
`sample_grid_figure` (a few images per class, titled with the class name). The augmentation
explorer (`augmentation_state` / `augmentation_figure` / `augmentation_explorer`) shows what
RandomFlip, RandomRotation, RandomZoom and RandomBrightness do to a few images.

Keras is imported inside the functions that need it, so `import dlkit.images` stays fast.
"""

from __future__ import annotations

import csv
import numbers
import os
from pathlib import Path

import numpy as np

from dlkit import plots
from dlkit.checks import CheckError, check_shape

__all__ = ["SHAPES", "draw_shape", "make_shapes", "write_image_folder", "read_labels_csv",
           "class_counts", "balanced_class_weights", "channel_stats", "standardize",
           "sample_grid_figure", "augmentation_block", "augmentation_state", "augmentation_figure",
           "augmentation_explorer"]

# Sorted like the folder names: image_dataset_from_directory numbers the classes alphabetically.
SHAPES = ("circle", "cross", "square", "triangle")


# --- drawing ------------------------------------------------------------------------------------

def _int_at_least(value, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise CheckError(f"{name} must be an integer >= {low}\n  expected: an int >= {low}\n"
                         f"  received: {value!r}")
    return int(value)


def draw_shape(shape: str, size: int = 32, rng=None, noise: float = 0.04) -> np.ndarray:
    """One RGB image of `shape` with random size, position and colours, plus Gaussian pixel noise.

    The shape has a "radius" r in [0.22 S, 0.36 S] around a centre in [0.35 S, 0.65 S]; the
    foreground and background colours differ by at least 120 in brightness, and every pixel gets
    noise ~ N(0, (noise * 255)^2) before rounding to uint8.

    Args:
        shape: one of SHAPES.
        size: S, the side in pixels (>= 8).
        rng: np.random.Generator (default: a fresh default_rng()).
        noise: standard deviation of the pixel noise as a fraction of 255 (>= 0).

    Returns:
        (S, S, 3) uint8 array.

    Example:
        >>> img = draw_shape("circle", 32, np.random.default_rng(0))   # (32, 32, 3) uint8
    """
    if shape not in SHAPES:
        raise CheckError(f"unknown shape\n  expected: one of {SHAPES}\n  received: {shape!r}")
    size = _int_at_least(size, "size", 8)
    if not isinstance(noise, numbers.Real) or not noise >= 0:
        raise CheckError(f"noise must be a number >= 0\n  expected: >= 0\n  received: {noise!r}")
    rng = rng if rng is not None else np.random.default_rng()
    yy, xx = np.mgrid[0:size, 0:size] + 0.5                        # (S, S) pixel centres
    cy, cx = rng.uniform(0.35, 0.65, size=2) * size
    r = rng.uniform(0.22, 0.36) * size
    dx, dy = xx - cx, yy - cy                                      # (S, S) offsets from the centre
    if shape == "circle":
        mask = dx ** 2 + dy ** 2 <= r ** 2
    elif shape == "square":
        mask = (np.abs(dx) <= 0.8 * r) & (np.abs(dy) <= 0.8 * r)
    elif shape == "triangle":                                      # apex up (y grows downwards)
        mask = (dy >= -r) & (dy <= 0.8 * r) & (np.abs(dx) <= 0.6 * (dy + r))
    else:                                                          # cross: two bars of width 0.6 r
        t = 0.3 * r
        mask = ((np.abs(dx) <= t) & (np.abs(dy) <= r)) | ((np.abs(dy) <= t) & (np.abs(dx) <= r))
    while True:
        fg, bg = rng.uniform(0, 255, size=(2, 3))                  # (3,) colours
        if abs(fg.mean() - bg.mean()) >= 120:                      # keep the shape visible
            break
    img = np.where(mask[..., None], fg, bg)                        # (S, S, 3)
    img = img + rng.normal(0.0, noise * 255.0, size=img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def _counts_dict(counts, class_names) -> dict:
    if isinstance(counts, numbers.Integral) and not isinstance(counts, bool):
        return {name: _int_at_least(counts, "counts", 1) for name in class_names}
    if not isinstance(counts, dict) or not counts:
        raise CheckError("counts must be an int (images per class) or a dict {class name: count}\n"
                         f"  expected: int or dict\n  received: {type(counts).__name__}")
    for name, n in counts.items():
        if name not in SHAPES:
            raise CheckError(f"unknown class in counts\n  expected: names from {SHAPES}\n  received: {name!r}")
        _int_at_least(n, f"counts[{name!r}]", 1)
    return {name: int(counts[name]) for name in sorted(counts)}


def make_shapes(counts=40, size: int = 32, seed: int = 0, noise: float = 0.04):
    """Labelled shape images in memory, class by class.

    Args:
        counts: images per class (an int, for all four SHAPES) or a dict {class name: count}
            (e.g. a small count for one class makes the set imbalanced).
        size: S, the side in pixels.
        seed: seed of np.random.default_rng.
        noise: pixel noise (see draw_shape).

    Returns:
        images (N, S, S, 3) uint8, labels (N,) int64 in 0..K-1, class_names (list of K names,
        sorted, so label i is class_names[i] as image_dataset_from_directory numbers them).

    Example:
        >>> X, y, names = make_shapes({"circle": 5, "square": 2}, size=16)   # (7, 16, 16, 3), (7,)
    """
    counts = _counts_dict(counts, SHAPES)
    rng = np.random.default_rng(seed)
    names = list(counts)
    images, labels = [], []
    for k, name in enumerate(names):
        for _ in range(counts[name]):
            images.append(draw_shape(name, size, rng, noise))
            labels.append(k)
    return np.stack(images), np.asarray(labels, dtype=np.int64), names


def write_image_folder(directory, counts=40, size: int = 32, seed: int = 0, noise: float = 0.04) -> dict:
    """Draw shapes (make_shapes) and save them as PNG files in one folder per class, plus a CSV.

        directory/shapes/<class>/<i>.png     i = 000, 001, ... within each class
        directory/labels.csv                 header "path,label"; path relative to directory

    Args:
        directory: an existing or new folder (e.g. from tempfile.mkdtemp()).
        counts, size, seed, noise: as in make_shapes.

    Returns:
        dict with root (the image tree, a str), csv (the CSV file, a str), class_names (list),
        counts (dict {class: n}) and n (total number of files).

    Example:
        >>> info = write_image_folder(tempfile.mkdtemp(), {"circle": 3, "cross": 2})
        >>> info["root"], info["n"]                      # ('/tmp/.../shapes', 5)
    """
    from PIL import Image  # a dependency of matplotlib

    directory = Path(directory)
    images, labels, names = make_shapes(counts, size, seed, noise)
    root = directory / "shapes"
    rows, seen = [], {name: 0 for name in names}
    for img, lab in zip(images, labels):
        name = names[lab]
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        rel = Path("shapes") / name / f"{seen[name]:03d}.png"
        Image.fromarray(img).save(directory / rel)
        rows.append((rel.as_posix(), name))
        seen[name] += 1
    csv_path = directory / "labels.csv"
    with open(csv_path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "label"])
        writer.writerows(rows)
    return {"root": str(root), "csv": str(csv_path), "class_names": names, "counts": dict(seen),
            "n": len(rows)}


def read_labels_csv(csv_path):
    """The (paths, label names) columns of a labels CSV, paths made absolute (relative to the CSV).

    Returns:
        paths (list of str), labels (list of str), in file order.
    """
    csv_path = Path(csv_path)
    with open(csv_path, newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"path", "label"} <= set(reader.fieldnames):
            raise CheckError(f"{csv_path} must have the columns path,label\n  expected: path,label\n"
                             f"  received: {reader.fieldnames}")
        rows = list(reader)
    paths = [os.path.join(csv_path.parent, r["path"]) for r in rows]
    return paths, [r["label"] for r in rows]


# --- class balance and standardisation ------------------------------------------------------------

def _labels_array(labels) -> np.ndarray:
    arr = np.asarray(labels)
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iu":
        raise CheckError("labels must be a non-empty 1-D array of integer class indices\n"
                         f"  expected: shape (N,), integers\n  received: shape {arr.shape}, dtype {arr.dtype}")
    return arr


def class_counts(labels, n_classes: int | None = None) -> np.ndarray:
    """n_c for c = 0..K-1: how many labels equal c (K = n_classes or max(labels) + 1)."""
    arr = _labels_array(labels)
    return np.bincount(arr, minlength=n_classes or 0)


def balanced_class_weights(labels) -> dict:
    """Balanced class weights {c: n / (K n_c)} for the K classes present in labels.

    A class with half the average count gets weight 2, so each class contributes equally to a
    weighted loss: sum over its samples of w_c = n_c * n / (K n_c) = n / K. Same values as
    sklearn.utils.class_weight.compute_class_weight("balanced", classes=np.unique(y), y=y).

    Args:
        labels: (N,) integer class indices.

    Returns:
        dict {int class: float weight}, keys sorted (what Keras' fit(class_weight=...) takes).

    Example:
        >>> balanced_class_weights(np.array([0] * 90 + [1] * 10))
        {0: 0.5555555555555556, 1: 5.0}
    """
    arr = _labels_array(labels)
    classes, n_c = np.unique(arr, return_counts=True)             # (K,), (K,)
    n, k = arr.size, classes.size
    return {int(c): float(n / (k * m)) for c, m in zip(classes, n_c)}


def channel_stats(images):
    """Per-channel mean and (population, ddof=0) standard deviation over images, rows and columns.

        mu_c = mean over (n, i, j) of x[n, i, j, c],   sigma_c = sqrt(mean of (x - mu_c)^2)

    What keras.layers.Normalization(axis=-1).adapt(images) learns (its variance is sigma_c^2).

    Args:
        images: (N, H, W, C) numbers.

    Returns:
        mean (C,), std (C,) float64 arrays.
    """
    x = np.asarray(images, dtype=float)
    check_shape(x, (None, None, None, None), name="images", hint="a batch of images, (N, H, W, C)")
    return x.mean(axis=(0, 1, 2)), x.std(axis=(0, 1, 2))


def standardize(train, other):
    """Standardise train and other with the per-channel statistics of train only.

        z = (x - mu_c) / sigma_c,   (mu_c, sigma_c) = channel_stats(train)

    Using the training statistics for the validation/test images too keeps them out of the
    training pipeline (no information leaks from the held-out data).

    Returns:
        (z_train, z_other): float64 arrays of the input shapes.
    """
    mean, std = channel_stats(train)                               # (C,), (C,)
    other = np.asarray(other, dtype=float)
    check_shape(other, (None, None, None, mean.size), name="other",
                hint="images with as many channels as train")
    return (np.asarray(train, dtype=float) - mean) / std, (other - mean) / std


# --- figures --------------------------------------------------------------------------------------

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
        images: (N, H, W, 3) uint8 or floats in 0..255 (or 0..1).
        labels: (N,) integer class indices.
        class_names: K names, class_names[c] for label c.
        per_class: images per row (>= 1).

    Returns:
        matplotlib Figure (pyplot-free).
    """
    images = np.asarray(images)
    labels = _labels_array(labels)
    check_shape(images, (labels.size, None, None, None), name="images",
                hint="one image (H, W, C) per label")
    per_class = _int_at_least(per_class, "per_class", 1)
    k = len(class_names)
    fig, axes = plots.new_figure(ncols=per_class, nrows=k, figsize=(1.3 * per_class + 0.4, 1.4 * k))
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


# --- augmentation ---------------------------------------------------------------------------------

def augmentation_block(rotation: float = 0.1, zoom: float = 0.1, brightness: float = 0.2,
                       flip: str | None = "horizontal", seed: int | None = None):
    """A keras.Sequential of augmentation layers, for images with values in 0..255.

        RandomFlip(flip)                    mirror with probability 1/2 (skipped if flip is None)
        RandomRotation(rotation)            angle uniform in [-rotation, rotation] * 360 degrees
        RandomZoom(zoom)                    height/width scaled by a factor in [1 - zoom, 1 + zoom]
        RandomBrightness(brightness)        add delta uniform in [-brightness, brightness] * 255, clip

    A factor of 0 drops that layer (all off: one Identity layer). The layers act only when called with training=True (fit does);
    at inference (predict, evaluate, training=False) they return the images unchanged.

    Returns:
        keras.Sequential.
    """
    import keras

    for name, value in (("rotation", rotation), ("zoom", zoom), ("brightness", brightness)):
        if not isinstance(value, numbers.Real) or not 0 <= value < 1:
            raise CheckError(f"{name} must be a factor in [0, 1)\n  expected: 0 <= {name} < 1\n"
                             f"  received: {value!r}")
    if flip not in (None, "horizontal", "vertical", "horizontal_and_vertical"):
        raise CheckError("flip must be None, 'horizontal', 'vertical' or 'horizontal_and_vertical'\n"
                         f"  received: {flip!r}")
    layers = []
    if flip:
        layers.append(keras.layers.RandomFlip(flip, seed=seed))
    if rotation:
        layers.append(keras.layers.RandomRotation(rotation, fill_mode="reflect", seed=seed))
    if zoom:
        layers.append(keras.layers.RandomZoom(zoom, fill_mode="reflect", seed=seed))
    if brightness:
        layers.append(keras.layers.RandomBrightness(brightness, value_range=(0, 255), seed=seed))
    return keras.Sequential(layers or [keras.layers.Identity()], name="augmentation")


def augmentation_state(images, rotation: float = 0.1, zoom: float = 0.1, brightness: float = 0.2,
                       flip: str | None = "horizontal", draws: int = 2, seed: int = 0) -> dict:
    """What an augmentation block does to a few images: `draws` random versions of each.

    Args:
        images: (M, H, W, 3) numbers in 0..255 (a few images, e.g. one per class).
        rotation, zoom, brightness, flip: as in augmentation_block.
        draws: how many augmented versions of each image (>= 1).
        seed: the layers' seed (the same arguments give the same pictures).

    Returns:
        dict with original (M, H, W, 3) float32, augmented (draws, M, H, W, 3) float32 in 0..255,
        changed (fraction of augmented images that differ from their original), the settings, and
        inference_identity (bool: training=False returned the images unchanged).
    """
    import keras

    x = np.asarray(images, dtype=np.float32)
    check_shape(x, (None, None, None, 3), name="images", hint="a few RGB images, (M, H, W, 3)")
    draws = _int_at_least(draws, "draws", 1)
    keras.utils.set_random_seed(seed)
    block = augmentation_block(rotation, zoom, brightness, flip, seed=seed)
    same = np.asarray(block(x, training=False))
    out = np.stack([np.asarray(block(x, training=True)) for _ in range(draws)])   # (draws, M, H, W, 3)
    diff = np.abs(out - x[None]).reshape(draws, x.shape[0], -1).max(axis=-1)      # (draws, M)
    return {"original": x, "augmented": out, "changed": float(np.mean(diff > 0.5)),
            "inference_identity": bool(np.allclose(same, x)), "rotation": float(rotation),
            "zoom": float(zoom), "brightness": float(brightness), "flip": flip, "draws": draws}


def augmentation_figure(images, rotation: float = 0.1, zoom: float = 0.1, brightness: float = 0.2,
                        flip: str | None = "horizontal", draws: int = 2, seed: int = 0,
                        titles=None):
    """Row 0: the original images; rows 1..draws: augmented versions (augmentation_state).

    Returns:
        matplotlib Figure with (draws + 1) * M axes, row by row.
    """
    return _augmentation_figure(augmentation_state(images, rotation, zoom, brightness, flip, draws, seed),
                                titles)


def _augmentation_figure(s: dict, titles=None):
    m, draws = s["original"].shape[0], s["draws"]
    titles = list(titles) if titles is not None else [f"image {i}" for i in range(m)]
    fig, axes = plots.new_figure(ncols=m, nrows=draws + 1, figsize=(1.5 * m + 0.6, 1.5 * (draws + 1)))
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


def augmentation_explorer(images, titles=None, draws: int = 2):
    """Sliders for rotation, zoom and brightness and a flip menu, redrawing augmentation_figure.

    Returns:
        ipywidgets.VBox with .controls (dict: rotation, zoom, brightness, flip, seed) and .output.
    """
    import ipywidgets as W

    from dlkit.widgets import figure_output

    controls = {
        "rotation": W.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.05, description="rotation",
                                  readout_format=".2f"),
        "zoom": W.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.05, description="zoom",
                              readout_format=".2f"),
        "brightness": W.FloatSlider(value=0.2, min=0.0, max=0.8, step=0.05, description="brightness",
                                    readout_format=".2f"),
        "flip": W.Dropdown(options=[("off", None), ("horizontal", "horizontal"), ("vertical", "vertical"),
                                    ("both", "horizontal_and_vertical")], value="horizontal",
                           description="flip"),
        "seed": W.IntSlider(value=0, min=0, max=20, description="seed"),
    }
    note = W.HTML()
    out = W.Output()

    def redraw(_change=None):
        args = dict(rotation=controls["rotation"].value, zoom=controls["zoom"].value,
                    brightness=controls["brightness"].value, flip=controls["flip"].value,
                    draws=draws, seed=controls["seed"].value)
        s = augmentation_state(images, **args)
        note.value = (f"{100 * s['changed']:.0f}% of the augmented images differ from their original; "
                      f"at inference (training=False) the block returns them "
                      f"{'unchanged' if s['inference_identity'] else 'CHANGED'}.")
        out.outputs = (figure_output(_augmentation_figure(s, titles)),)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox([controls["rotation"], controls["zoom"], controls["brightness"]]),
                  W.HBox([controls["flip"], controls["seed"]]), note, out])
    box.controls = controls
    box.output = out
    return box

