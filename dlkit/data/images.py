"""Small labelled image data sets drawn on the fly, and the data-pipeline helpers of chapter 09.

Nothing is downloaded: `make_shapes` draws circles, crosses, squares and triangles of random size,
position and colour on a random background, with a little pixel noise, from a seeded
`np.random.default_rng`. `write_image_folder` saves them as the folder tree Keras reads,

    directory/shapes/<class>/<i>.png      one folder per class (the label is the folder's name)
    directory/labels.csv                  columns path,label (path relative to directory)

Symbols (docs/NAMING.md): N images of Hi x Wi pixels with Ci channels, C classes; S = Hi = Wi the
side of a drawn image.
    images   (N, S, S, 3)  uint8 in 0..255 (float after Keras' loaders)
    y        (N,)          int class labels in 0..C-1 (class_names[y[i]] is the name)
    n_c      (C,)          the number of images of each class

Reference code for the exercises: `image_loaders` (the seeded train/validation split of a class-folder
tree, Keras' image_dataset_from_directory called for both subsets), `balanced_class_weights` (N / (C n_c), what
sklearn's compute_class_weight('balanced') gives), `channel_stats` and `standardize` (per-channel
statistics of the training images). The augmentation block is dlkit.models.augmentation; the sample
grid and the augmentation explorer are in dlkit.viz.images.

Example:
    >>> X, y, names = make_shapes({"circle": 2, "square": 1}, size=8)
    >>> X.shape, y.tolist(), names
    ((3, 8, 8, 3), [0, 0, 1], ['circle', 'square'])
"""

from __future__ import annotations

import csv
import numbers
import os
from pathlib import Path

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name

__all__ = ["SHAPES", "draw_shape", "make_shapes", "write_image_folder", "read_labels_csv", "image_loaders",
           "folder_class_counts", "class_counts", "balanced_class_weights", "channel_stats", "standardize"]

# Sorted like the folder names: image_dataset_from_directory numbers the classes alphabetically.
SHAPES = ("circle", "cross", "square", "triangle")


# --- drawing ------------------------------------------------------------------------------------

def draw_shape(shape: str, size: int = 32, rng=None, noise: float = 0.04) -> np.ndarray:
    """One RGB image of `shape` with random size, position and colours, plus Gaussian pixel noise.

    The shape has a "radius" r in [0.22 S, 0.36 S] around a centre in [0.35 S, 0.65 S]; the
    foreground and background colours differ by at least 120 in brightness, and every pixel gets
    noise ~ N(0, (noise * 255)^2) before rounding to uint8.

    Args:
        shape: one of SHAPES.
        size: S, the side in pixels (>= 8).
        rng: np.random.Generator or int seed (None: seed 0).
        noise: standard deviation of the pixel noise as a fraction of 255 (>= 0).

    Returns:
        (S, S, 3) uint8 array.

    Example:
        >>> img = draw_shape("circle", 32, np.random.default_rng(0))
        >>> img.shape, img.dtype
        ((32, 32, 3), dtype('uint8'))
    """
    shape = validate.choice(shape, "shape", SHAPES, where="draw_shape")
    size = validate.integer(size, "size", low=8, where="draw_shape")
    noise = validate.number(noise, "noise", low=0, where="draw_shape")
    rng = validate.rng(rng, where="draw_shape")
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
        >>> X, y, names = make_shapes({"circle": 5, "square": 2}, size=16)
        >>> X.shape, y.shape, names
        ((7, 16, 16, 3), (7,), ['circle', 'square'])
    """
    where = "make_shapes"
    if isinstance(counts, dict) and counts:
        for name, n in counts.items():
            validate.choice(name, "a class in counts", SHAPES, where=where)
            validate.integer(n, f"counts[{name!r}]", low=1, where=where)
        counts = {name: int(counts[name]) for name in sorted(counts)}
    elif isinstance(counts, numbers.Integral) and not isinstance(counts, bool):
        counts = dict.fromkeys(SHAPES, validate.integer(counts, "counts", low=1, where=where))
    else:
        raise fail(f"{where}: counts must be an int (images per class) or a dict {{class name: count}}",
                   "an int >= 1 or a non-empty dict such as {'circle': 40, 'square': 10}", type_name(counts))
    rng = np.random.default_rng(validate.integer(seed, "seed", low=0, where=where))
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
        >>> import tempfile
        >>> info = write_image_folder(tempfile.mkdtemp(), {"circle": 3, "cross": 2}, size=8)
        >>> info["root"].endswith("shapes"), info["n"], info["counts"]
        (True, 5, {'circle': 3, 'cross': 2})
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

    Args:
        csv_path: a CSV file with the columns path,label (as write_image_folder writes it).

    Returns:
        paths (list of str), labels (list of str), in file order.
    """
    csv_path = Path(csv_path)
    with open(csv_path, newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"path", "label"} <= set(reader.fieldnames):
            raise fail(f"read_labels_csv: {csv_path} must have the columns path,label", "a header path,label",
                       str(reader.fieldnames))
        rows = list(reader)
    paths = [os.path.join(csv_path.parent, r["path"]) for r in rows]
    return paths, [r["label"] for r in rows]


def image_loaders(directory, image_size=(32, 32), batch_size: int = 16, validation_split: float = 0.2,
                  seed: int = 42):
    """(train_ds, val_ds): one seeded split of a class-folder tree, read by Keras.

    keras.utils.image_dataset_from_directory(directory, validation_split=..., subset="both", seed=...):
    the file list is shuffled once with `seed` and cut there, the last int(validation_split * n) files
    being the validation set, so no file is in both. The split is random, not stratified: a rare class
    can be rarer in one part than in the other (see folder_class_counts). Integer labels (label_mode
    "int"), classes numbered in the alphabetical order of the folder names; each dataset still has
    .class_names and .file_paths.

    Args:
        directory: the root whose sub-folders are the classes.
        image_size: (height, width) every image is resized to.
        batch_size: images per batch, an int >= 1.
        validation_split: the fraction held out, in (0, 1).
        seed: the shuffle's seed, an int >= 0.

    Returns:
        (train_ds, val_ds), two tf.data.Dataset yielding (images (b, h, w, 3) float32 in 0..255,
        labels (b,) int32).
    """
    import keras

    where = "image_loaders"
    batch_size = validate.integer(batch_size, "batch_size", low=1, where=where)
    validation_split = validate.number(validation_split, "validation_split", low=0, high=1, low_open=True,
                                       high_open=True, where=where)
    seed = validate.integer(seed, "seed", low=0, where=where)
    if not Path(directory).is_dir():
        raise fail(f"{where}: directory must be an existing folder of class folders", "a folder such as "
                   "info['root'] from write_image_folder", str(directory))
    train_ds, val_ds = keras.utils.image_dataset_from_directory(
        directory, validation_split=validation_split, subset="both", seed=seed,
        image_size=tuple(image_size), batch_size=batch_size, verbose=False)
    return train_ds, val_ds


def folder_class_counts(file_paths, class_names) -> dict:
    """{class name: number of files} for file paths of a class-folder tree (the folder is the class).

    Example:
        >>> folder_class_counts(["r/circle/0.png", "r/square/1.png", "r/circle/2.png"], ["circle", "square"])
        {'circle': 2, 'square': 1}
    """
    counts = dict.fromkeys(class_names, 0)
    for path in file_paths:
        name = Path(path).parent.name
        if name not in counts:
            raise fail("folder_class_counts: a file lies outside the class folders",
                       f"a path .../<class>/<file> with <class> in {list(class_names)}", str(path))
        counts[name] += 1
    return counts


# --- class balance and standardisation ------------------------------------------------------------

def class_counts(labels, n_classes: int | None = None) -> np.ndarray:
    """n_c for c = 0..C-1: how many labels equal c (C = n_classes or max(labels) + 1).

    Args:
        labels: (N,) integer class labels, N >= 1; n_classes: C, or None.

    Returns:
        (C,) int array.

    Example:
        >>> class_counts(np.array([0, 2, 2]), n_classes=4)
        array([1, 0, 2, 0])
    """
    if n_classes is not None:
        n_classes = validate.integer(n_classes, "n_classes", low=1, where="class_counts")
    arr = validate.labels(labels, "labels", classes=n_classes, where="class_counts")
    validate.integer(arr.size, "len(labels)", low=1, where="class_counts")
    return np.bincount(arr, minlength=n_classes or 0)


def balanced_class_weights(labels) -> dict:
    """Balanced class weights {c: N / (C n_c)} for the C classes present in labels.

    A class with half the average count gets weight 2, so each class contributes equally to a
    weighted loss: sum over its examples of w_c = n_c * N / (C n_c) = N / C. Same values as
    sklearn.utils.class_weight.compute_class_weight("balanced", classes=np.unique(y), y=y).

    Args:
        labels: (N,) integer class labels, N >= 1.

    Returns:
        dict {int class: float weight}, keys sorted (what Keras' fit(class_weight=...) takes).

    Example:
        >>> balanced_class_weights(np.array([0] * 90 + [1] * 10))
        {0: 0.5555555555555556, 1: 5.0}
    """
    arr = validate.labels(labels, "labels", where="balanced_class_weights")
    validate.integer(arr.size, "len(labels)", low=1, where="balanced_class_weights")
    classes, n_c = np.unique(arr, return_counts=True)             # (C,), (C,)
    n, k = arr.size, classes.size
    return {int(c): float(n / (k * m)) for c, m in zip(classes, n_c)}


def channel_stats(images):
    """Per-channel mean and (population, ddof=0) standard deviation over images, rows and columns.

        mu_c = mean over (n, i, j) of x[n, i, j, c],   sigma_c = sqrt(mean of (x - mu_c)^2)

    What keras.layers.Normalization(axis=-1).adapt(images) learns (its variance is sigma_c^2).

    Args:
        images: (N, Hi, Wi, Ci) numbers.

    Returns:
        mean (Ci,), std (Ci,) float64 arrays.

    Example:
        >>> mean, std = channel_stats(np.stack([np.zeros((2, 2, 3)), np.full((2, 2, 3), 2.0)]))
        >>> mean, std
        (array([1., 1., 1.]), array([1., 1., 1.]))
    """
    x = validate.array(images, "images", ndim=4, where="channel_stats")          # (N, Hi, Wi, Ci)
    return x.mean(axis=(0, 1, 2)), x.std(axis=(0, 1, 2))


def standardize(train, other):
    """Standardise train and other with the per-channel statistics of train only.

        x_n = (x - mu_c) / sigma_c,   (mu_c, sigma_c) = channel_stats(train)

    Using the training statistics for the validation/test images too keeps them out of the
    training pipeline (no information leaks from the held-out data).

    Args:
        train: (N, Hi, Wi, Ci) training images; other: (M, Hi', Wi', Ci) images to scale the same way.

    Returns:
        (train_n, other_n): float64 arrays of the input shapes.

    Example:
        >>> train = np.stack([np.zeros((1, 1, 1)), np.full((1, 1, 1), 2.0)])      # (2, 1, 1, 1)
        >>> tr_n, ot_n = standardize(train, np.full((1, 1, 1, 1), 3.0))
        >>> tr_n.ravel(), ot_n.ravel()                 # mean 1, std 1
        (array([-1.,  1.]), array([2.]))
    """
    mean, std = channel_stats(train)                               # (Ci,), (Ci,)
    other = validate.array(other, "other", ndim=4, where="standardize")
    if other.shape[-1] != mean.size:
        raise fail("standardize: other must have as many channels as train", f"(M, Hi, Wi, {mean.size})",
                   str(other.shape))
    return (validate.array(train, "train", where="standardize") - mean) / std, (other - mean) / std
