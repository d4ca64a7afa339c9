"""Exercises of chapter 09 (data pipelines): five, two of them Keras objects that cross as data.

    train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42)
                                     (train_ds, val_ds) from image_dataset_from_directory, one seeded split;
                                     a tuple, or the list that subset="both" returns
    sample_grid(images, labels, class_names, per_class=3)
                                     a matplotlib Figure: row c holds the first per_class images of class c,
                                     each titled class_names[c]
    standardize(train, other)        (z_train, z_other): per-channel statistics of train applied to both
    augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None)
                                     keras.Sequential of RandomFlip, RandomRotation, RandomZoom, RandomBrightness
    balanced_class_weights(labels)   {class: n / (K n_c)} for the K classes present (any integer labels)

Symbols (docs/NAMING.md): images (N, Hi, Wi, Ci) in 0..255, labels (N,) ints, K classes, n_c the count of
class c.

What crosses from the learner's kernel to the grader is data only: for the loaders, the file names (relative
to the folder), class names and the shapes, dtypes and labels of every batch (the folder is drawn in the
kernel from its seed, `dlkit.data.images.write_image_folder`, and again in the grader for the reference);
for the figure, each axes' title and image; for the augmentation block, its layers' settings and its
outputs on the case's images in both modes.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake
from dlkit.data import images

__all__ = ["train_val_loaders", "sample_grid", "standardize", "augmentation", "balanced_class_weights",
           "CHAPTER_COUNTS", "CHAPTER_FOLDER"]

CHAPTER_COUNTS = {"circle": 50, "cross": 50, "square": 50, "triangle": 16}
CHAPTER_FOLDER = {"counts": CHAPTER_COUNTS, "size": 32, "seed": 9}      # the chapter's data set


@functools.lru_cache(maxsize=1)
def _chapter_images():
    """The chapter's 166 images in memory, class by class (what its folder holds)."""
    X, y, names = images.make_shapes(CHAPTER_COUNTS, size=32, seed=9)
    return X, y, names


# --- train_val_loaders ----------------------------------------------------------------------------------

_FOLDERS: dict = {}


def _folder(spec: dict) -> str:
    """The root of a drawn class-folder tree for `spec` (written once per process, removed at exit)."""
    key = (tuple(sorted(spec["counts"].items())), spec["size"], spec["seed"])
    if key not in _FOLDERS:
        tmp = tempfile.mkdtemp(prefix="dlcourse09_check_")
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        _FOLDERS[key] = images.write_image_folder(tmp, dict(spec["counts"]), size=spec["size"], seed=spec["seed"])
    return _FOLDERS[key]["root"]


def _relative(paths, root) -> list[str]:
    return [Path(p).resolve().relative_to(Path(root).resolve()).as_posix() if str(p).startswith(str(root))
            else Path(p).as_posix() for p in paths]


def _describe_dataset(ds, root: str, limit: int) -> dict:
    """A dataset as plain data: its file names, class names and the shapes, dtypes and labels of its batches."""
    import tensorflow as tf

    if not isinstance(ds, tf.data.Dataset):
        return {"dataset": False, "type": type(ds).__name__}
    out = {"dataset": True, "file_paths": None, "class_names": None, "batches": []}
    if hasattr(ds, "file_paths"):
        out["file_paths"] = _relative(list(ds.file_paths), root)
    if hasattr(ds, "class_names"):
        out["class_names"] = [str(c) for c in ds.class_names]
    for element in ds.take(limit):                    # a repeated dataset would never end
        if not (isinstance(element, tuple) and len(element) == 2):
            out["batches"].append({"pair": False})
            continue
        x, y = element
        out["batches"].append({"pair": True, "x_shape": tuple(int(d) for d in x.shape), "x_dtype": x.dtype.name,
                               "y_shape": tuple(int(d) for d in y.shape), "y_dtype": y.dtype.name,
                               "y": np.asarray(y)})
    return out


def _call_loaders(f, folder, image_size, batch_size, validation_split, seed):
    """Kernel side: draw the folder, call the learner's function, describe what it returned."""
    root = _folder(folder)
    returned = f(root, image_size, batch_size, validation_split, seed)
    if type(returned) not in (tuple, list):
        return {"container": type(returned).__name__, "items": None}
    limit = sum(folder["counts"].values()) // max(int(batch_size), 1) + 2
    return {"container": type(returned).__name__,
            "items": [_describe_dataset(ds, root, limit) for ds in returned]}


@functools.lru_cache(maxsize=8)
def _split(counts: tuple, size: int, folder_seed: int, image_size: tuple, batch_size: int, validation_split: float,
           seed: int) -> dict:
    root = _folder({"counts": dict(counts), "size": size, "seed": folder_seed})
    train_ds, val_ds = images.image_loaders(root, image_size, batch_size, validation_split, seed)
    return {"train": _relative(train_ds.file_paths, root), "val": _relative(val_ds.file_paths, root),
            "class_names": list(train_ds.class_names)}


def _loaders_reference(folder, image_size, batch_size, validation_split, seed):
    return _split(tuple(sorted(folder["counts"].items())), folder["size"], folder["seed"], tuple(image_size),
                  int(batch_size), float(validation_split), int(seed))


def _judge_loaders(t, got, want):
    n = sum(t.inputs["folder"]["counts"].values())
    split, batch_size = t.inputs["validation_split"], t.inputs["batch_size"]
    h, w = t.inputs["image_size"]
    if got.get("items") is None:
        t.fail("train_val_loaders(...) should return the two datasets", "a tuple (train_ds, val_ds) (or the list "
               "that subset='both' returns)", got.get("container"),
               "return both datasets: return train_ds, val_ds")
    t.sequence(got["items"], length=2, name="train_val_loaders(...)",
               hint="return exactly the two datasets, (train_ds, val_ds)")
    for which, d in zip(("train_ds", "val_ds"), got["items"]):
        if not d["dataset"]:
            t.fail(f"{which} is not a tf.data.Dataset", "a tf.data.Dataset", d.get("type"),
                   "return the datasets that keras.utils.image_dataset_from_directory returns")
        if d["file_paths"] is None or d["class_names"] is None:
            t.fail(f"{which} has no .file_paths / .class_names", "a dataset as image_dataset_from_directory "
                   "returns it", "a derived dataset",
                   "return the datasets as image_dataset_from_directory returns them; .map, .cache, .prefetch or "
                   ".unbatch make new datasets without these attributes")
    train, val = got["items"]
    where = f" ({n} files, split {split})" if t.visible else ""
    t.equal(len(val["file_paths"]), len(want["val"]), name=f"number of validation files{where}",
            hint="validation_split is the fraction held out: the second call needs validation_split and "
                 f"subset='validation' too (without them it returns all {n} files); did you swap the subsets? "
                 "training gets the other 1 - validation_split")
    t.equal(len(train["file_paths"]), len(want["train"]), name="number of training files",
            hint="subset='training' keeps 1 - validation_split of the files; pass validation_split to both calls")
    shared = sorted(set(train["file_paths"]) & set(val["file_paths"]))
    if shared:
        t.fail(f"{len(shared)} files are in both the training and the validation set", "no file in both",
               f"e.g. {shared[0]}",
               "both calls must shuffle the same way before the cut: give them the same seed (the seed argument, "
               "not two different ones, and not None) and the same shuffle setting (keep shuffle=True in both)")
    if set(train["file_paths"]) != set(want["train"]):
        t.fail("train_ds holds other files than the split with the given seed", "the files of the seeded split",
               "other files", "pass the function's seed argument to image_dataset_from_directory (not a fixed "
                              "number), with shuffle=True, the default")
    t.equal(np.array(train["class_names"]), np.array(want["class_names"]), name="train_ds.class_names",
            hint="read the folder tree itself (directory), whose sub-folders are the classes")
    for which, d, files in (("train_ds", train, want["train"]), ("val_ds", val, want["val"])):
        batches = d["batches"]
        if not batches or not all(b["pair"] for b in batches):
            t.fail(f"{which} does not yield (images, labels) batches", "pairs (images, labels)", "something else",
                   "keep the default labels='inferred', which pairs every batch of images with its labels")
        first = batches[0]
        b0 = min(batch_size, len(files))
        t.equal(np.array(first["x_shape"]), np.array((b0, h, w, 3)), name=f"shape of a batch of images from {which}",
                hint="pass batch_size and image_size through to image_dataset_from_directory")
        t.equal(first["x_dtype"], "float32", name=f"dtype of a batch of images from {which}")
        t.equal(np.array(first["y_shape"]), np.array((b0,)), name=f"shape of a batch of labels from {which}",
                hint="keep the default label_mode='int': one integer class index per image "
                     "(label_mode='categorical' gives one-hot rows of shape (batch, K))")
        t.equal(first["y_dtype"], "int32", name=f"dtype of a batch of labels from {which}",
                hint="label_mode='int' (the default) gives int32 class indices")
        total = sum(b["x_shape"][0] for b in batches)
        t.equal(total, len(files), name=f"number of images {which} yields in one pass",
                hint="return the datasets themselves: no .take, .repeat or .unbatch")


def _loader_case(label, folder, image_size, batch_size, validation_split, seed, hint=None):
    return Case(label, folder=folder, image_size=image_size, batch_size=batch_size,
                validation_split=validation_split, seed=seed, hint=hint)


_CHAPTER_LABEL = "the chapter's folder (166 files: circle 50, cross 50, square 50, triangle 16)"

train_val_loaders = Exercise(
    "train_val_loaders",
    cases=[
        _loader_case(f"train_val_loaders({_CHAPTER_LABEL}, image_size=(32, 32), batch_size=8, validation_split=0.25, "
                     "seed=7)", CHAPTER_FOLDER, (32, 32), 8, 0.25, 7,
                     hint="call keras.utils.image_dataset_from_directory with the same validation_split and seed "
                          "for subset='training' and subset='validation' (or once with subset='both')"),
        _loader_case(f"train_val_loaders({_CHAPTER_LABEL}, image_size=(16, 20), batch_size=5, validation_split=0.2, "
                     "seed=1)", CHAPTER_FOLDER, (16, 20), 5, 0.2, 1,
                     hint="use the image_size, batch_size, validation_split and seed arguments instead of fixed values"),
    ],
    hidden=lambda counts, size, folder_seed, image_size, batch_size, validation_split, seed: _loader_case(
        f"another folder of {len(counts)} classes",
        {"counts": dict(counts), "size": size, "seed": folder_seed}, tuple(image_size), batch_size,
        validation_split, seed),
    call=_call_loaders,
    reference=_loaders_reference,
    judge=_judge_loaders,
    crash_hint="call keras.utils.image_dataset_from_directory twice with the same seed (the seed argument) and the "
               "same validation_split, subset='training' then subset='validation'; Keras refuses a split without a seed",
    hints=(
        "Both datasets come from the same folder and must cut the same shuffled file list at the same place.",
        "keras.utils.image_dataset_from_directory(directory, validation_split=..., subset=..., seed=..., "
        "image_size=..., batch_size=...): once with subset='training', once with subset='validation', the same "
        "seed and split both times. subset='both' does both in one call and returns a list of the two.",
        "put validation_split, seed, image_size and batch_size in one dict and pass it with ** to two calls, "
        "subset='training' and subset='validation'; return the pair",
    ),
    references=("dlkit.data.images.image_loaders",),
)


# --- sample_grid ---------------------------------------------------------------------------------------------

def _call_grid(f, images_, labels, class_names, per_class):
    """Kernel side: the learner's figure as data (each axes' title and images), then closed."""
    from matplotlib.figure import Figure

    fig = f(images_, labels, class_names, per_class)
    if not isinstance(fig, Figure):
        return {"figure": False, "type": type(fig).__name__}
    axes = [{"title": ax.get_title(), "images": [np.asarray(im.get_array(), dtype=float) for im in ax.images]}
            for ax in fig.axes]
    try:
        import matplotlib.pyplot as plt

        plt.close(fig)                                 # a pyplot figure would otherwise show under the check
    except Exception:  # noqa: BLE001
        pass
    return {"figure": True, "axes": axes}


def _grid_reference(images_, labels, class_names, per_class):
    titles, shown = [], []
    for c, name in enumerate(class_names):
        for i in np.flatnonzero(np.asarray(labels) == c)[:per_class]:
            titles.append(str(name))
            shown.append(np.asarray(images_[i], dtype=float))
    return {"titles": titles, "images": shown}


def _judge_grid(t, got, want):
    K, per_class = len(t.inputs["class_names"]), t.inputs["per_class"]
    if not got.get("figure"):
        t.fail("sample_grid(...) should return a matplotlib Figure", "matplotlib.figure.Figure", got.get("type"),
               "return the matplotlib Figure (fig), not the axes")
    axes = got["axes"]
    t.equal(len(axes), K * per_class, name=f"number of axes in sample_grid(..., per_class={per_class}) for {K} classes",
            hint="one row per class and per_class columns: K * per_class axes")
    t.equal(np.array([a["title"] for a in axes]), np.array(want["titles"]), name="titles of the grid, row by row",
            hint="title each image with its class name, class_names[c], not the label number c; row c is class c, "
                 "the axes created row by row")
    for a, img in zip(axes, want["images"]):
        if len(a["images"]) != 1:
            t.fail(f"an axes of the grid shows {len(a['images'])} images", "1 image per axes",
                   f"{len(a['images'])} images", "draw exactly one image per axes, with ax.imshow(image)")
        shown = a["images"][0]
        shown = shown * 255.0 if shown.size and shown.max() <= 1.0 else shown
        t.close(shown, img, atol=1.0, name=f"image shown in the axes titled {a['title']!r}",
                hint="row c shows the first per_class images whose label is c, in array order: "
                     "np.flatnonzero(labels == c)[:per_class] gives their indices (not images[:per_class] for "
                     "every row)")


def _grid_visible():
    X, y, names = _chapter_images()
    order = np.random.default_rng(90).permutation(len(y))[:60]          # a shuffled subset: classes interleave
    return X[order].astype(np.float32), y[order], names


def _hidden_grid(seed: int, per_class: int, names) -> Case:
    X, y, _ = images.make_shapes({"circle": 4, "cross": 3, "square": 5}, size=10, seed=seed)
    perm = np.random.default_rng(seed).permutation(len(y))
    return Case(f"fresh images of {len(names)} classes, per_class={per_class}", images_=X[perm], labels=y[perm],
                class_names=list(names), per_class=per_class,
                hint="row c: the first per_class images of class c, titled class_names[c]")


_Xg, _yg, _names = _grid_visible()
_Xu, _yu, _ = images.make_shapes({"circle": 3, "cross": 2, "square": 4}, size=12, seed=91)
_permu = np.random.default_rng(91).permutation(len(_yu))

sample_grid = Exercise(
    "sample_grid",
    cases=[
        Case("sample_grid(images, labels, ['circle', 'cross', 'square', 'triangle'], per_class=3) for 60 shuffled "
             "float32 images of the chapter", images_=_Xg, labels=_yg, class_names=_names, per_class=3,
             hint="row c shows the first 3 images whose label is c, each titled class_names[c]"),
        Case("sample_grid(images, labels, ['round', 'plus', 'box'], per_class=2) for 9 shuffled uint8 images",
             images_=_Xu[_permu], labels=_yu[_permu], class_names=["round", "plus", "box"], per_class=2,
             hint="use the class_names you are given (here 'round', 'plus', 'box'), and draw uint8 images as they are"),
    ],
    hidden=_hidden_grid,
    call=_call_grid,
    reference=_grid_reference,
    judge=_judge_grid,
    crash_hint="plots.new_figure(ncols=per_class, nrows=K) returns (fig, axes) with axes of shape (K, per_class) "
               "when both are > 1; fig.subplots(K, per_class, squeeze=False) always gives a 2-D array",
    hints=(
        "One row per class: find the positions of class c in labels, keep the first per_class of them.",
        "fig, axes = plots.new_figure(ncols=per_class, nrows=len(class_names)); for row c use "
        "np.flatnonzero(labels == c)[:per_class], draw each with axes[c, j].imshow(...) and set_title(class_names[c]).",
        "for each class c and each j, i in enumerate(np.flatnonzero(labels == c)[:per_class]): "
        "imshow images[i] as uint8 in axes[c, j], title class_names[c]; return fig",
    ),
    references=("dlkit.viz.images.sample_grid_figure",),
)


# --- standardize ------------------------------------------------------------------------------------------------

def _judge_standardize(t, got, want):
    train = np.asarray(t.inputs["train"], dtype=float)
    C = train.shape[-1]
    t.sequence(got, length=2, hint="return the pair (z_train, z_other)")
    z_tr, z_ot = got
    for name, z, ref in (("z_train", z_tr, want[0]), ("z_other", z_ot, want[1])):
        t.array(z, name=name, hint="return numpy arrays (use np.asarray(...) on a Keras output)")
        t.array(z, shape=ref.shape, dtype="float", name=name, hint="standardising keeps the shape of the images")
    t.close(z_tr.reshape(-1, C).mean(axis=0), np.zeros(C), atol=1e-4, name="per-channel mean of z_train",
            hint="subtract one mean per channel: train.mean(axis=(0, 1, 2)), shape (C,); one mean over all values "
                 "(no axis) mixes the channels")
    t.close(z_tr.reshape(-1, C).std(axis=0), np.ones(C), rtol=1e-4, name="per-channel std of z_train",
            hint="divide by the per-channel population std, train.std(axis=(0, 1, 2)) (ddof=0, as "
                 "Normalization.adapt); ddof=1 gives a slightly larger sigma")
    t.close(z_tr, want[0], rtol=1e-4, atol=1e-4, name="z_train",
            hint="statistics over the whole training set, axes (0, 1, 2), per channel; not per image (axis=(1, 2)), "
                 "which erases each image's own brightness, and not per pixel position (axis=0)")
    t.close(z_ot, want[1], rtol=1e-4, atol=1e-4, name="z_other",
            hint="use the training statistics for other too; standardising other with its own mean and std leaks "
                 "held-out information and shifts it differently from train")


def _hidden_standardize(seed: int, n: int, m: int, h: int, w: int, c: int) -> Case:
    rng = np.random.default_rng(seed)
    scale, shift = np.linspace(1.0, 0.3, c), np.linspace(0.0, 90.0, c)
    train = rng.uniform(0, 255, size=(n, h, w, c)) * scale + shift
    other = rng.uniform(0, 255, size=(m, h, w, c))
    return Case(f"random images, train ({n}, {h}, {w}, {c}), other ({m}, {h}, {w}, {c})", train=train, other=other,
                hint="per channel: mean and std (ddof=0) of train over axes (0, 1, 2), applied to both")


_base = np.array([0.0, 2.0, 4.0, 6.0]).reshape(2, 1, 2, 1)               # channel 0: mean 3, std sqrt(5)
_train_s = np.concatenate([_base, 10 * _base, 100 * _base + 1], axis=-1)  # (2, 1, 2, 3)
_mu_s, _sd_s = np.array([3.0, 30.0, 301.0]), np.sqrt(5.0) * np.array([1.0, 10.0, 100.0])
_other_s = np.stack([_mu_s, _mu_s + _sd_s]).reshape(1, 1, 2, 3)           # z = 0 then z = 1

standardize = Exercise(
    "standardize",
    cases=[
        Case("standardize(train, other) for train (2, 1, 2, 3) with channel means (3, 30, 301) and stds "
             "sqrt(5) * (1, 10, 100), other = two pixels at mu and mu + sigma", train=_train_s, other=_other_s,
             hint="z_other must come out as [[[[0, 0, 0], [1, 1, 1]]]]: the training statistics for both"),
        Case("standardize(train, other) for one-channel images, train (2, 2, 2, 1), other (1, 2, 2, 1)",
             train=np.arange(8.0).reshape(2, 2, 2, 1), other=np.full((1, 2, 2, 1), 3.5),
             hint="C may be 1: statistics of shape (C,) = (1,); other is exactly at the mean, so z_other is 0"),
    ],
    hidden=_hidden_standardize,
    reference=images.standardize,
    judge=_judge_standardize,
    crash_hint="train.mean(axis=(0, 1, 2)) has shape (C,), which broadcasts against (N, H, W, C) and (M, H, W, C)",
    hints=(
        "One mean and one standard deviation per channel, computed from the training images only.",
        "mu is the mean of train over axis=(0, 1, 2) and sigma its std over the same axes (shape (C,), ddof=0); "
        "subtract and divide both arrays by the same mu and sigma.",
        "mu, sigma over axes (0, 1, 2) of train;  return (train - mu) / sigma, (other - mu) / sigma",
    ),
    references=("dlkit.data.images.standardize", "dlkit.data.images.channel_stats"),
)


# --- augmentation ------------------------------------------------------------------------------------------------

_CONFIG_KEYS = ("mode", "factor", "height_factor", "width_factor", "value_range")


def _plain(v):
    if isinstance(v, (list, tuple)):
        return tuple(float(x) for x in v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return None if v is None else str(v)


def _call_augmentation(f, images_, rotation, zoom, brightness, seed):
    """Kernel side: the learner's block as data: its layers' settings and its outputs in both modes."""
    import keras

    block = f(rotation, zoom, brightness, seed)
    if not isinstance(block, keras.Model):
        return {"model": False, "type": type(block).__name__}
    x = np.asarray(images_, dtype=np.float32)
    configs = []
    for layer in block.layers:
        try:
            config = layer.get_config()
        except Exception:  # noqa: BLE001 (a custom layer)
            config = {}
        configs.append({k: _plain(config[k]) for k in _CONFIG_KEYS if k in config})
    return {"model": True, "layers": [type(layer).__name__ for layer in block.layers], "configs": configs,
            "inference": np.asarray(block(x, training=False), dtype=float),
            "training": np.asarray(block(x, training=True), dtype=float)}


def _symmetric(f):
    """A factor f or (low, high) as (low, high)."""
    return tuple(f) if isinstance(f, tuple) else (-float(f), float(f))


def _judge_augmentation(t, got, want):
    x = np.asarray(t.inputs["images_"], dtype=float)
    if not got.get("model"):
        t.fail("augmentation(...) should return a Keras model", "a keras.Sequential", got.get("type"),
               "return a keras.Sequential model that holds the four augmentation layers")
    same, moved = got["inference"], got["training"]
    t.array(same, shape=x.shape, name="augmentation(...)(images, training=False)",
            hint="augmentation must keep the image shape: no Resizing, Flatten or pooling")
    t.close(same, x, atol=1e-3, name="augmentation(...)(images, training=False)",
            hint="at inference (training=False) augmentation must return the images unchanged; the keras.layers."
                 "Random* layers do that, a Lambda of tf.image.random_* ops or a Rescaling layer changes images at "
                 "inference too")
    t.array(moved, shape=x.shape, name="augmentation(...)(images, training=True)",
            hint="augmentation must keep the image shape")
    if np.allclose(moved, x, atol=0.5):
        t.fail(f"{t.label} returned the images unchanged with training=True", "changed images", "the same images",
               "use the Random* layers with the given factors (a factor of 0 does nothing)")
    if moved.min() < -1e-3 or moved.max() > 255.001 or moved.max() < 2.0:
        t.fail("augmented images leave the range 0..255 (or are crushed into 0..1)", "values within 0..255",
               f"{moved.min():.3g}..{moved.max():.3g}",
               "RandomBrightness(brightness, value_range=(0, 255)): the images are 0..255 here; value_range=(0, 1) "
               "clips them to 0..1")
    t.equal(np.array(got["layers"]), np.array(["RandomFlip", "RandomRotation", "RandomZoom", "RandomBrightness"]),
            name="the layers of augmentation(...), in order",
            hint="four layers in this order: RandomFlip, RandomRotation, RandomZoom, RandomBrightness (none missing, "
                 "nothing else)")
    flip, rot, zoom, bright = got["configs"]
    t.equal(np.array(flip.get("mode")), np.array("horizontal"), name="RandomFlip mode",
            hint='mirror left-right: RandomFlip("horizontal") (a vertical flip turns triangles upside down)')
    r, z, b = (t.inputs[k] for k in ("rotation", "zoom", "brightness"))
    for name, value, expected in (("RandomRotation factor", rot.get("factor"), r),
                                  ("RandomZoom height_factor", zoom.get("height_factor"), z),
                                  ("RandomBrightness factor", bright.get("factor"), b)):
        t.close(np.array(_symmetric(value), dtype=float), np.array([-expected, expected]),
                name=f"{name} for augmentation({r}, {z}, {b})" if t.visible else name,
                hint="pass the function's arguments rotation, zoom and brightness to the layers, not fixed numbers")
    t.close(np.array(bright.get("value_range"), dtype=float), np.array([0.0, 255.0]),
            name="RandomBrightness value_range", hint="value_range=(0, 255) for images in 0..255")


def _hidden_augmentation(seed: int, rotation: float, zoom: float, brightness: float) -> Case:
    X = images.make_shapes(2, size=20, seed=seed)[0].astype(np.float32)        # (8, 20, 20, 3)
    return Case("fresh images, other factors and seed", images_=X,
                rotation=rotation, zoom=zoom, brightness=brightness, seed=seed % 100,
                hint="four seeded Random* layers with the given factors; images in 0..255")


augmentation = Exercise(
    "augmentation",
    cases=[
        Case("augmentation(rotation=0.15, zoom=0.2, brightness=0.3, seed=3) on one image of each class",
             images_=_chapter_images()[0][[0, 50, 100, 150]].astype(np.float32), rotation=0.15, zoom=0.2,
             brightness=0.3, seed=3,
             hint="RandomFlip('horizontal'), RandomRotation(rotation), RandomZoom(zoom), RandomBrightness(brightness, "
                  "value_range=(0, 255)), each with seed=seed"),
    ],
    hidden=_hidden_augmentation,
    call=_call_augmentation,
    reference=lambda images_, rotation, zoom, brightness, seed: None,   # judged on properties, not one reference
    judge=_judge_augmentation,
    crash_hint="augmentation(rotation, zoom, brightness, seed) returns keras.Sequential([...]) of four layers; the "
               "block is then called on a batch of images (N, H, W, 3)",
    hints=(
        "Keras has one layer per transformation; put them in a keras.Sequential in the order given.",
        "keras.layers.RandomFlip('horizontal', seed=seed), RandomRotation(rotation, seed=seed), RandomZoom(zoom, "
        "seed=seed), RandomBrightness(brightness, value_range=(0, 255), seed=seed).",
        "a keras.Sequential holding the four layers above, in that order, is the whole answer",
    ),
    references=("dlkit.models.augmentation.augmentation_block",),
)


# --- balanced_class_weights ---------------------------------------------------------------------------------------

def _judge_weights(t, got, want):
    y = np.asarray(t.inputs["labels"])
    if type(got) is not dict:
        t.fail(f"{t.label} should return a dict", "a dict {class: weight}", type(got).__name__,
               "return a dict {class label: weight}, what model.fit(class_weight=...) takes (compute_class_weight "
               "returns an array: turn it into a dict)")
    present = np.unique(y)
    try:
        keys = sorted(int(k) for k in got)
    except (TypeError, ValueError):
        keys = None
    if keys != present.tolist():
        t.fail(f"the keys of {t.label} are not the classes in labels", present.tolist(), keys,
               "one key per class that occurs in labels, the label itself; labels need not start at 0 or be "
               "consecutive" + (" (here they are " + ", ".join(map(str, present.tolist())) + ")" if t.visible else "")
               + ": count them with "
               "np.unique(labels, return_counts=True), not np.bincount, which counts every integer from 0 to the "
               "largest label")
    values = [got[k] for k in sorted(got, key=int)]
    for v in values:
        t.number(v, name="a class weight", hint="each weight is one number")
    n_c = np.array([np.sum(y == c) for c in present], dtype=float)
    n = len(y)
    t.close(np.array(values, dtype=float), np.array([want[c] for c in sorted(want)]), rtol=1e-6,
            name=f"the weights of {t.label}", mistakes=[
                Mistake(lambda labels: n_c / n, "the weights are inverted: w_c = n / (K n_c), so the rare class gets "
                                                "the LARGER weight"),
                Mistake(lambda labels: n / n_c, "divide by K, the number of classes, too: n / n_c alone is K times "
                                                "too large"),
                Mistake(lambda labels: n / (max(int(np.max(y)), 1) * n_c),
                        "K is the number of classes present (len(np.unique(labels))), not the largest label"),
                Mistake(lambda labels: n / ((int(np.max(y)) + 1) * n_c),
                        "K is the number of classes present (len(np.unique(labels))), not the largest label + 1"),
                Mistake(lambda labels: (1 / n_c) / np.sum(1 / n_c),
                        "the balanced weights are not normalised to sum to 1: w_c = n / (K n_c)"),
            ])


balanced_class_weights = Exercise(
    "balanced_class_weights",
    cases=[
        Case("balanced_class_weights(labels) for 90 zeros and 10 ones", labels=np.array([0] * 90 + [1] * 10),
             hint="w_0 = 100 / (2 * 90) = 0.556, w_1 = 100 / (2 * 10) = 5"),
        Case("balanced_class_weights([2, 0, 0, 1, 2, 2, 0, 2, 2, 2])", labels=np.array([2, 0, 0, 1, 2, 2, 0, 2, 2, 2]),
             hint="counts 3, 1, 6 for classes 0, 1, 2 and K = 3: weights 10/9, 10/3, 10/18"),
        Case("balanced_class_weights([3, 3, 5, 5, 5, 9]): labels that do not start at 0 and are not consecutive",
             labels=np.array([3, 3, 5, 5, 5, 9]),
             hint="the keys are 3, 5 and 9, K = 3 classes: weights 6 / (3 * 2) = 1, 6 / (3 * 3) = 0.667, "
                  "6 / (3 * 1) = 2"),
    ],
    hidden=lambda seed, k, n, shift=0: Case(
        f"{n} random labels of up to {k} classes" + (", not starting at 0" if shift else ""),
        labels=np.minimum(np.random.default_rng(seed).geometric(0.35, size=n) - 1, k - 1) * (1 + (shift > 0)) + shift,
        hint="w_c = n / (K n_c) for each class c present"),
    reference=images.balanced_class_weights,
    judge=_judge_weights,
    crash_hint="np.unique(labels, return_counts=True) gives the classes present and their counts; np.bincount "
               "counts every integer from 0 to the largest label, with zero counts (and a division by zero) for "
               "absent ones",
    hints=(
        "Count how many labels each class present has; the rarer a class, the larger its weight.",
        "classes, counts = np.unique(labels, return_counts=True) (labels need not start at 0 or be consecutive, "
        "so avoid np.bincount); n = len(labels), K = len(classes); w_c = n / (K * n_c).",
        "{int(c): n / (K * n_c) for c, n_c in zip(classes, counts)}",
    ),
    references=("dlkit.data.images.balanced_class_weights",),
)
