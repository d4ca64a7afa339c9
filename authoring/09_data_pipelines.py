# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 09 · Data pipelines: loading, augmenting and balancing images
#
# A model only ever sees what the input pipeline hands it. Before any network is trained, the images have
# to be read from disk, labelled, split into training and validation sets, batched, scaled, perhaps
# augmented, and checked by eye. This chapter builds that pipeline with Keras and `tf.data` on a small
# data set of coloured shapes that the notebook draws and saves itself: one folder per class, plus a CSV of
# labels. One class is deliberately rare, so that class weights have something to fix.
#
# **You will write:** `train_val_loaders` (a seeded train/validation split read from class folders),
# `sample_grid` (a few images per class, titled with the class name), `standardize` (per-channel
# statistics of the training set), `augmentation` (a block of Keras augmentation layers) and
# `balanced_class_weights`.

# %%
import tempfile

import numpy as np

import dlkit
from dlkit import checks, plots, progress
from dlkit import images as ref_images

rng = dlkit.setup_notebook(seed=0)

import keras  # noqa: E402  (after setup_notebook, which silences TensorFlow's start-up messages)
import tensorflow as tf  # noqa: E402

keras.utils.set_random_seed(0)

# %% [markdown]
# ## A data set on disk
#
# `dlkit.images.write_image_folder` draws circles, crosses, squares and triangles of random size,
# position and colour on a random background (32 × 32 pixels, a little noise), and saves them as PNG
# files in the layout most image tools expect: **one folder per class**, the folder's name being the
# label. It also writes `labels.csv`, the same labels as a table, for the loaders that do not read
# folders. Triangles are rare on purpose: 16 against 50 of each other class. Everything goes into a
# temporary folder, about 170 small files.
#
# ```
# <tmp>/shapes/circle/000.png ... 049.png
# <tmp>/shapes/cross/...
# <tmp>/shapes/square/...
# <tmp>/shapes/triangle/000.png ... 015.png
# <tmp>/labels.csv          path,label
# ```

# %% tags=["nbval-check-output"]
DATA_DIR = tempfile.mkdtemp(prefix="dlcourse09_")
COUNTS = {"circle": 50, "cross": 50, "square": 50, "triangle": 16}
info = ref_images.write_image_folder(DATA_DIR, COUNTS, size=32, seed=9)
ROOT = info["root"]                                   # the folder whose sub-folders are the classes
CLASS_NAMES = info["class_names"]
print(f"{info['n']} files in {len(CLASS_NAMES)} class folders: {info['counts']}")
with open(info["csv"]) as f:
    print("labels.csv starts with:", [next(f).strip() for _ in range(3)])

# %% [markdown]
# ## Class folders: `image_dataset_from_directory`
#
# `keras.utils.image_dataset_from_directory(root)` lists the sub-folders of `root` in **alphabetical
# order** and numbers them: here circle = 0, cross = 1, square = 2, triangle = 3. It finds the image files
# in each, and returns a `tf.data.Dataset` that yields **batches** `(images, labels)`: images of shape
# `(batch, height, width, 3)`, float32 with values 0..255 (resized to `image_size`), and labels as set by
# `label_mode`:
#
# | `label_mode` | labels of a batch | loss to pair it with |
# | --- | --- | --- |
# | `"int"` (default) | `(batch,)` int32 class indices | `SparseCategoricalCrossentropy` |
# | `"categorical"` | `(batch, K)` float32 one-hot rows | `CategoricalCrossentropy` |
# | `"binary"` (K = 2 only) | `(batch, 1)` float32 0/1 | `BinaryCrossentropy` |
#
# The dataset remembers `class_names` and `file_paths`. It shuffles the files by default (`shuffle=True`,
# with `seed`), and it prints one line on what it found.

# %% tags=["nbval-check-output"]
all_ds = keras.utils.image_dataset_from_directory(ROOT, image_size=(32, 32), batch_size=16, seed=0)
print("class_names:", all_ds.class_names)
for batch_images, batch_labels in all_ds.take(1):
    print("images", tuple(batch_images.shape), batch_images.dtype.name,
          f"values {float(tf.reduce_min(batch_images)):.0f}..{float(tf.reduce_max(batch_images)):.0f}")
    print("labels", tuple(batch_labels.shape), batch_labels.dtype.name)

# %% [markdown]
# **The legacy route.** The source notes (000) first show `ImageDataGenerator(rescale=1./255,
# validation_split=0.2)` with `flow_from_directory(..., class_mode='categorical', subset='training')`. That
# class belongs to the old `tf.keras.preprocessing` API: it is deprecated, and Keras 3 removed it from
# `keras` itself, so `keras.preprocessing.image.ImageDataGenerator` no longer exists. You will still meet it
# in older code; `image_dataset_from_directory` plus the preprocessing layers below do the same work.
#
# ### A validation split, the right way
#
# To hold out a validation set, call `image_dataset_from_directory` **twice** on the same folder, with the
# same `validation_split` and the **same `seed`**, once with `subset="training"` and once with
# `subset="validation"`. Both calls shuffle the file list with that seed and cut it at the same place:
# the last `int(validation_split · n)` files are the validation set, the rest the training set. With two
# different seeds, each call cuts a *different* shuffle, and some
# files end up in both sets: the validation score is then measured partly on training images. (With no
# seed at all, Keras refuses a shuffled split and raises a `ValueError`.)

# %% [markdown]
# ### Exercise 1: `train_val_loaders` (2 points)
#
# Return `(train_ds, val_ds)`, two datasets read by `keras.utils.image_dataset_from_directory` from
# `directory`, with the given `validation_split`, `seed`, `image_size` and `batch_size`, integer labels
# (the default `label_mode`) and shuffling on (the default). Return them as that function returns them
# (no `.map`, `.cache` or `.prefetch` yet), so that they still carry `.class_names` and `.file_paths`.
# The tests check the counts, that no file is in both sets, and the shapes and types of a batch.

# %% nbgrader="solution" grade_id="train_val_loaders"
def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    """(train_ds, val_ds) from class folders: same split and seed, subsets 'training' and 'validation'."""
    ### BEGIN SOLUTION
    common = dict(validation_split=validation_split, seed=seed, image_size=image_size,
                  batch_size=batch_size)
    train_ds = keras.utils.image_dataset_from_directory(directory, subset="training", **common)
    val_ds = keras.utils.image_dataset_from_directory(directory, subset="validation", **common)
    return train_ds, val_ds
    ### END SOLUTION


# %% nbgrader="tests" grade_id="train_val_loaders_tests" points=2
def _loader_files(ds, which):
    checks.check_type(ds, tf.data.Dataset, name=f"{which} (from train_val_loaders)",
                      hint="return the two datasets that keras.utils.image_dataset_from_directory returns, "
                           "as a tuple (train_ds, val_ds)")
    if not hasattr(ds, "file_paths") or not hasattr(ds, "class_names"):
        raise checks.CheckError(f"{which} has no .file_paths / .class_names\n"
                                "Hint: return the datasets as image_dataset_from_directory returns them; .map, "
                                ".cache, .prefetch or .unbatch make new datasets without these attributes")
    return list(ds.file_paths)


try:
    loaders = train_val_loaders(ROOT, image_size=(32, 32), batch_size=8, validation_split=0.25, seed=7)
except NotImplementedError:
    raise
except (ValueError, TypeError) as err:
    raise checks.CheckError(f"train_val_loaders(ROOT, (32, 32), 8, 0.25, seed=7) raised {type(err).__name__}: {err}\n"
                            "Hint: call keras.utils.image_dataset_from_directory twice with the same seed (the seed "
                            "argument) and the same validation_split, subset='training' then subset='validation'") from None
checks.check_type(loaders, tuple, name="train_val_loaders(...)", hint="return a tuple: (train_ds, val_ds)")
checks.check_equal(len(loaders), 2, name="len(train_val_loaders(...))", hint="return exactly (train_ds, val_ds)")
train_t, val_t = loaders
train_files, val_files = _loader_files(train_t, "train_ds"), _loader_files(val_t, "val_ds")
checks.check_equal(len(val_files), int(0.25 * 166), name="number of validation files (166 files, split 0.25)",
                   hint="validation_split is the fraction held out: the second call needs validation_split and "
                        "subset='validation' too (without them it returns all 166 files); did you swap the "
                        "subsets? training gets the other 1 - validation_split")
checks.check_equal(len(train_files), 166 - int(0.25 * 166), name="number of training files",
                   hint="subset='training' keeps 1 - validation_split of the files; pass validation_split to "
                        "both calls")
shared = sorted(set(train_files) & set(val_files))
if shared:
    raise checks.CheckError(
        f"{len(shared)} files are in both the training and the validation set, e.g. "
        f"{shared[0].split('shapes')[-1]}\n"
        "Hint: both calls must shuffle the same way before the cut: give them the same seed (the seed argument, "
        "not two different ones, and not None) and the same shuffle setting (keep shuffle=True in both)")
checks.check_equal(train_t.class_names, CLASS_NAMES, name="train_ds.class_names",
                   hint="read the folder tree itself (directory), whose sub-folders are the classes")
for which, ds in (("train_ds", train_t), ("val_ds", val_t)):
    for x_b, y_b in ds.take(1):
        checks.check_shape(x_b, (8, 32, 32, 3), name=f"a batch of images from {which}",
                           hint="pass batch_size and image_size through to image_dataset_from_directory")
        checks.check_equal(x_b.dtype.name, "float32", name=f"dtype of a batch of images from {which}")
        checks.check_shape(y_b, (8,), name=f"a batch of labels from {which}",
                           hint="keep the default label_mode='int': one integer class index per image "
                                "(label_mode='categorical' gives one-hot rows of shape (batch, K))")
        checks.check_equal(y_b.dtype.name, "int32", name=f"dtype of a batch of labels from {which}",
                           hint="label_mode='int' (the default) gives int32 class indices")
small_train, _ = train_val_loaders(ROOT, image_size=(16, 20), batch_size=5, validation_split=0.2, seed=1)
for x_b, _ in small_train.take(1):
    checks.check_shape(x_b, (5, 16, 20, 3), name="a batch with image_size=(16, 20), batch_size=5",
                       hint="use the image_size and batch_size arguments instead of fixed values")
### BEGIN HIDDEN TESTS
import shutil as _shutil
import tempfile as _tempfile

import keras as _keras
import tensorflow as _tf
from dlkit.images import write_image_folder as _write_folder

_dir = _tempfile.mkdtemp(prefix="dlcourse09_hidden_")
try:
    _info = _write_folder(_dir, {"circle": 7, "square": 12, "triangle": 9}, size=12, seed=909)
    _tr, _va = train_val_loaders(_info["root"], image_size=(12, 12), batch_size=5, validation_split=0.3, seed=3)
    _ref = {_sub: set(_keras.utils.image_dataset_from_directory(
        _info["root"], validation_split=0.3, subset=_sub, seed=3, image_size=(12, 12), batch_size=5,
        verbose=False).file_paths) for _sub in ("training", "validation")}
    assert set(_tr.file_paths) == _ref["training"], "train_ds holds other files than the seeded split"
    assert set(_va.file_paths) == _ref["validation"], "val_ds holds other files than the seeded split"
    _n = 0
    for _x, _y in _va:
        assert tuple(_x.shape[1:]) == (12, 12, 3) and _y.dtype == _tf.int32
        _n += int(_x.shape[0])
    assert _n == int(0.3 * 28), f"val_ds yields {_n} images, expected {int(0.3 * 28)}"
finally:
    _shutil.rmtree(_dir, ignore_errors=True)
### END HIDDEN TESTS

# %% [markdown]
# The training and validation loaders used in the rest of the chapter: 80 % / 20 %, seed 42.

# %%
train_ds, val_ds = train_val_loaders(ROOT, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42)

# %% [markdown]
# ## A CSV of labels: `tf.data` from file paths
#
# When the labels are not folder names (a spreadsheet, a database export), build the dataset from two
# lists, file paths and labels, with `tf.data.Dataset.from_tensor_slices`, and turn each path into an
# image with `map`: `tf.io.read_file` reads the bytes, `tf.io.decode_png(..., channels=3)` decodes them
# into a `(height, width, 3)` uint8 tensor (use `decode_jpeg` for JPEG files, or `decode_image` for
# either), `tf.image.resize` would bring different sizes to one, and a cast gives float32. Labels in a CSV
# are usually names; map them to indices with the sorted class list, so that they agree with the folder
# loader.

# %%
paths, label_names = ref_images.read_labels_csv(info["csv"])     # the csv module; pandas works too
label_ids = np.array([CLASS_NAMES.index(name) for name in label_names], dtype=np.int32)   # (n,)


def load_png(path, label):
    """One (path, label) pair -> ((32, 32, 3) float32 image in 0..255, label)."""
    img = tf.io.decode_png(tf.io.read_file(path), channels=3)       # (H, W, 3) uint8
    return tf.cast(img, tf.float32), label


csv_ds = tf.data.Dataset.from_tensor_slices((paths, label_ids)).map(load_png, num_parallel_calls=tf.data.AUTOTUNE)
x0, y0 = next(iter(csv_ds))
print("one element:", tuple(x0.shape), x0.dtype.name, "label", int(y0), f"({CLASS_NAMES[int(y0)]})")

# %% [markdown]
# ## Shuffle, batch, cache, prefetch
#
# A training pipeline usually chains four more steps, in this order:
#
# 1. `cache()`: keep the decoded images in memory after the first pass (or on disk with a file name), so
#    that the next epochs skip reading and decoding. Cache *before* random steps, else the first epoch's
#    random order is frozen into the cache.
# 2. `shuffle(buffer_size, seed=...)`: draw elements at random from a buffer of `buffer_size`; a buffer as
#    large as the data set gives a full shuffle, a fresh order every epoch.
# 3. `batch(batch_size)`: group consecutive elements into batches.
# 4. `prefetch(tf.data.AUTOTUNE)`: prepare the next batches while the model trains on the current one.
#    `AUTOTUNE` lets tf.data pick the buffer size (and, in `map(..., num_parallel_calls=AUTOTUNE)`, the
#    number of parallel calls).
#
# The order matters for shuffling. The source notes (000) write `dataset.map(...).batch(32).shuffle(1000)`:
# shuffling *after* batching only reorders whole batches, and every batch keeps consecutive files. Our
# CSV lists the files class by class, so such batches hold a single class. Shuffle first, then batch:

# %%
def pipeline(ds, batch_size=16, shuffle_first=True, seed=0):
    ds = ds.cache()
    if shuffle_first:
        return ds.shuffle(1000, seed=seed).batch(batch_size).prefetch(tf.data.AUTOTUNE)
    return ds.batch(batch_size).shuffle(1000, seed=seed).prefetch(tf.data.AUTOTUNE)


for order in (False, True):
    _, first_labels = next(iter(pipeline(csv_ds, shuffle_first=order)))
    names = [CLASS_NAMES[i][:2] for i in first_labels.numpy()]
    print(f"{'shuffle, then batch' if order else 'batch, then shuffle'}: classes of one batch {' '.join(names)}")

# %% [markdown]
# Caching pays off from the second epoch on: the first pass reads and decodes every PNG file, later passes
# read from memory. Our 166 files of 32 × 32 pixels decode in a few milliseconds, so the gain is small here
# (and the times depend on the machine); with thousands of large JPEG files, reading and decoding dominate
# an epoch.

# %%
import time  # noqa: E402

cached = pipeline(csv_ds)
for epoch in (1, 2):
    start = time.perf_counter()
    for _ in cached:
        pass
    print(f"pass {epoch}: {1000 * (time.perf_counter() - start):.0f} ms")

# %% [markdown]
# ### Data already in memory: NumPy arrays
#
# When the images are already an array (a `.npy` file, a data set loaded by a library), skip the files:
# `from_tensor_slices((X, y))` slices both along the first axis, one `(image, label)` pair per sample, and
# the same shuffle/batch/prefetch chain follows. We collect all 166 images of the CSV dataset into one array
# this way; the next sections use it.

# %%
X_all = np.stack([x.numpy() for x, _ in csv_ds]).astype(np.float32)     # (166, 32, 32, 3) in 0..255
y_all = label_ids                                                       # (166,)
array_ds = tf.data.Dataset.from_tensor_slices((X_all, y_all)).shuffle(len(y_all), seed=0).batch(32)
print("X_all", X_all.shape, " y_all", y_all.shape, " batches per epoch:", len(array_ds))

# %% [markdown]
# ## Look at the data
#
# Before training anything, look at a few images of each class with their labels: it catches swapped
# labels, unreadable files, images that are all black or scaled twice. The source notes (000) plot one batch
# with `plt.subplot` and `plt.title(class_names[labels[i]])`; a grid with one row per class shows the classes
# side by side.
#
# ### Exercise 2: `sample_grid` (2 points)
#
# Return a matplotlib `Figure` with one row per class and `per_class` columns. Row `c` shows the first
# `per_class` images whose label is `c`, in array order, each drawn with `ax.imshow` and titled with its
# class **name**, `class_names[c]`. Create the axes row by row (`plots.new_figure(ncols=per_class,
# nrows=K)` or `fig.subplots(K, per_class)` do), so that `fig.axes[c * per_class + j]` is image `j` of class
# `c`. Images may be uint8 or floats in 0..255: `imshow` wants floats in 0..1, so convert floats with
# `.astype("uint8")` or divide them by 255. Hide the ticks (`ax.axis("off")`) if you like. You may assume
# every class has at least `per_class` images.

# %% nbgrader="solution" grade_id="sample_grid"
def sample_grid(images, labels, class_names, per_class=3):
    """Figure: row c holds the first per_class images of class c, each titled class_names[c]."""
    ### BEGIN SOLUTION
    images, labels = np.asarray(images), np.asarray(labels)
    fig, axes = plots.new_figure(ncols=per_class, nrows=len(class_names),
                                 figsize=(1.4 * per_class, 1.5 * len(class_names)))
    axes = np.asarray(axes).reshape(len(class_names), per_class)
    for c, class_name in enumerate(class_names):                  # row c: class c
        for j, i in enumerate(np.flatnonzero(labels == c)[:per_class]):
            axes[c, j].imshow(images[i].astype(np.uint8))
            axes[c, j].set_title(class_name)
            axes[c, j].axis("off")
    return fig
    ### END SOLUTION


# %% nbgrader="tests" grade_id="sample_grid_tests" points=2
from matplotlib.figure import Figure  # noqa: E402


def _grid_expected(labels, class_names, per_class):
    """(titles, image indices) in row-by-row order."""
    titles, picks = [], []
    for c, name in enumerate(class_names):
        for i in np.flatnonzero(np.asarray(labels) == c)[:per_class]:
            titles.append(name)
            picks.append(int(i))
    return titles, picks


def _shown(ax):
    if len(ax.images) != 1:
        raise checks.CheckError(f"an axes of the grid shows {len(ax.images)} images\n  expected: 1\n"
                                "Hint: draw exactly one image per axes, with ax.imshow(image)")
    arr = np.asarray(ax.images[0].get_array(), dtype=float)
    return arr * 255.0 if arr.max() <= 1.0 else arr


_order = np.random.default_rng(90).permutation(len(y_all))[:60]      # a shuffled subset: classes interleave
X_g, y_g = X_all[_order], y_all[_order]
fig_t = sample_grid(X_g, y_g, CLASS_NAMES, per_class=3)
checks.check_type(fig_t, Figure, name="sample_grid(...)", hint="return the matplotlib Figure (fig), not the axes")
checks.check_equal(len(fig_t.axes), 4 * 3, name="number of axes in sample_grid(..., per_class=3) for 4 classes",
                   hint="one row per class and per_class columns: K * per_class axes")
want_titles, want_idx = _grid_expected(y_g, CLASS_NAMES, 3)
got_titles = [ax.get_title() for ax in fig_t.axes]
checks.check_equal(np.array(got_titles), np.array(want_titles), name="titles of the grid, row by row",
                   hint="title each image with its class name, class_names[c], not the label number c; "
                        "row c is class c, the axes created row by row")
for ax, i in zip(fig_t.axes, want_idx):
    checks.check_close(_shown(ax), X_g[i], name=f"image shown in the axes titled {ax.get_title()!r}", atol=1.0,
                       hint="row c shows the first per_class images whose label is c, in array order: "
                            "np.flatnonzero(labels == c)[:per_class] gives their indices (not images[:per_class] "
                            "for every row)")
### BEGIN HIDDEN TESTS
from matplotlib.figure import Figure as _Figure

from dlkit.images import make_shapes as _make, sample_grid_figure as _ref_grid

_X, _y, _ = _make({"circle": 4, "cross": 3, "square": 5}, size=10, seed=919)
_perm = np.random.default_rng(919).permutation(len(_y))
_X, _y = _X[_perm], _y[_perm]
_names = ["round", "plus", "box"]
_fig = sample_grid(_X, _y, _names, per_class=2)
assert isinstance(_fig, _Figure), "sample_grid must return a matplotlib Figure"
_ref = _ref_grid(_X, _y, _names, per_class=2)
assert [a.get_title() for a in _fig.axes] == [a.get_title() for a in _ref.axes], "titles differ from the reference"
for _a, _r in zip(_fig.axes, _ref.axes):
    checks.check_close(_shown(_a), np.asarray(_r.images[0].get_array(), dtype=float), atol=1.0,
                       name="an image of the grid on fresh data")
### END HIDDEN TESTS

# %% [markdown]
# Four images of each class, titled with the class name. Each row should hold one kind of shape only,
# whatever its colour, size and position.

# %%
sample_grid(X_all, y_all, CLASS_NAMES, per_class=4)

# %% [markdown]
# ## Scaling the pixels: rescaling and standardisation
#
# Networks train best on inputs of order 1. Two common ways to get there:
#
# * **Rescaling** to $[0, 1]$: $x' = x / 255$, the source notes' "divide by 255". In a model, that is the
#   layer `keras.layers.Rescaling(1/255)` (or `Rescaling(1/127.5, offset=-1)` for $[-1, 1]$).
# * **Standardisation** per channel: $z = (x - \mu_c) / \sigma_c$, with the mean $\mu_c$ and standard
#   deviation $\sigma_c$ of channel $c$ (red, green, blue) over all training images, rows and columns.
#   `keras.layers.Normalization(axis=-1)` does this after `norm.adapt(training_images)`, which computes the
#   $\mu_c$ and $\sigma_c^2$ (population variance, $\frac1n\sum (x - \mu)^2$) once.
#
# The statistics come from the **training** images only and are then applied, unchanged, to validation
# and test images: the held-out data must not shape the pipeline. Both layers inside the model mean that
# the saved model carries its own preprocessing.

# %% tags=["nbval-check-output"]
pixels = np.array([0.0, 51.0, 127.5, 255.0])
print("Rescaling(1/255):", np.round(np.asarray(keras.layers.Rescaling(1 / 255)(pixels)), 3))
print("Rescaling(1/127.5, offset=-1):", np.round(np.asarray(keras.layers.Rescaling(1 / 127.5, offset=-1)(pixels)), 3))
mu_demo, sigma_demo = ref_images.channel_stats(X_all)
print("training-set channel means (R, G, B):", np.round(mu_demo, 1), " stds:", np.round(sigma_demo, 1))

# %% [markdown]
# ### Exercise 3: `standardize` (2 points)
#
# `train` has shape `(N, H, W, C)`, `other` shape `(M, H, W, C)`. Compute, **from `train` only**, the mean
# and the standard deviation of each channel over all images, rows and columns (population standard
# deviation, `ddof=0`, as `Normalization.adapt` uses), and return the pair `(z_train, z_other)` of
# standardised float arrays, both with the training statistics. (A `Normalization` layer adapted to `train`
# is fine too, converted back with `np.asarray`; the tests allow float32 rounding.)

# %% nbgrader="solution" grade_id="standardize"
def standardize(train, other):
    """(z_train, z_other) = ((train - mu) / sigma, (other - mu) / sigma), mu and sigma (C,) from train."""
    ### BEGIN SOLUTION
    train = np.asarray(train, dtype=float)
    mu = train.mean(axis=(0, 1, 2))                   # (C,) one mean per channel
    sigma = train.std(axis=(0, 1, 2))                 # (C,) population std
    return (train - mu) / sigma, (np.asarray(other, dtype=float) - mu) / sigma
    ### END SOLUTION


# %% nbgrader="tests" grade_id="standardize_tests" points=2
base = np.array([0.0, 2.0, 4.0, 6.0]).reshape(2, 1, 2, 1)                # channel 0: mean 3, std sqrt(5)
train_s = np.concatenate([base, 10 * base, 100 * base + 1], axis=-1)    # (2, 1, 2, 3)
mu_s = np.array([3.0, 30.0, 301.0])
sd_s = np.sqrt(5.0) * np.array([1.0, 10.0, 100.0])
other_s = np.stack([mu_s, mu_s + sd_s]).reshape(1, 1, 2, 3)             # (1, 1, 2, 3): z = 0 then z = 1
out_s = standardize(train_s, other_s)
checks.check_type(out_s, tuple, name="standardize(train, other)", hint="return a tuple (z_train, z_other)")
z_tr, z_ot = out_s
for nm, z, want_shape in (("z_train", z_tr, (2, 1, 2, 3)), ("z_other", z_ot, (1, 1, 2, 3))):
    checks.check_type(z, np.ndarray, name=nm, hint="return numpy arrays (use np.asarray(...) on a Keras output)")
    checks.check_shape(z, want_shape, name=nm, hint="standardising keeps the shape of the images")
checks.check_close(z_tr.reshape(-1, 3).mean(axis=0), [0.0, 0.0, 0.0], atol=1e-4,
                   name="per-channel mean of z_train",
                   hint="subtract one mean per channel: train.mean(axis=(0, 1, 2)), shape (C,); one mean over "
                        "all values (no axis) mixes the channels")
checks.check_close(z_tr.reshape(-1, 3).std(axis=0), [1.0, 1.0, 1.0], rtol=1e-4,
                   name="per-channel std of z_train",
                   hint="divide by the per-channel population std, train.std(axis=(0, 1, 2)) (ddof=0, as "
                        "Normalization.adapt); ddof=1 gives a slightly larger sigma")
checks.check_close(z_tr, (train_s - mu_s) / sd_s, rtol=1e-4, atol=1e-4, name="z_train",
                   hint="statistics over the whole training set, axes (0, 1, 2), per channel; not per image "
                        "(axis=(1, 2)), which erases each image's own brightness")
checks.check_close(z_ot, [[[[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]]], rtol=1e-4, atol=1e-4,
                   name="z_other (pixels at mu and mu + sigma of the training set)",
                   hint="use the training statistics for other too; standardising other with its own mean and "
                        "std leaks held-out information and shifts it differently from train")
### BEGIN HIDDEN TESTS
from dlkit.images import standardize as _ref_standardize

_rng = np.random.default_rng(939)
_tr = _rng.uniform(0, 255, size=(5, 6, 4, 3)) * np.array([1.0, 0.6, 0.3]) + np.array([0.0, 40.0, 90.0])
_ot = _rng.uniform(0, 255, size=(3, 6, 4, 3))
_z1, _z2 = standardize(_tr, _ot)
_r1, _r2 = _ref_standardize(_tr, _ot)
assert type(_z1) is np.ndarray and type(_z2) is np.ndarray, "standardize must return numpy arrays"
checks.check_close(_z1, _r1, rtol=1e-4, atol=1e-4, name="z_train on random images")
checks.check_close(_z2, _r2, rtol=1e-4, atol=1e-4, name="z_other on random images")
_one = _rng.uniform(0, 1, size=(4, 3, 3, 1))
checks.check_close(standardize(_one, _one[:1])[1], _ref_standardize(_one, _one[:1])[1], rtol=1e-4, atol=1e-4,
                   name="z_other for one-channel images")
### END HIDDEN TESTS

# %% [markdown]
# The same numbers from Keras: a `Normalization` layer adapted to the training images of the split.

# %%
train_images = np.concatenate([x.numpy() for x, _ in train_ds])          # (133, 32, 32, 3)
val_images = np.concatenate([x.numpy() for x, _ in val_ds])              # (33, 32, 32, 3)
norm = keras.layers.Normalization(axis=-1)
norm.adapt(train_images)
z_val_keras = np.asarray(norm(val_images))
z_val_ours = standardize(train_images, val_images)[1]
print(f"Normalization.adapt vs standardize: largest difference {np.max(np.abs(z_val_keras - z_val_ours)):.1e}")

# %% [markdown]
# ## Augmentation inside the model
#
# With few images, a network soon memorises them. **Data augmentation** shows it a slightly different
# version of every image in every epoch (mirrored, turned, zoomed, brighter or darker), versions that keep
# the label, so that it learns the shape rather than the exact pixels. Keras has it as layers:
#
# | layer | what it does to each image, every time it is called in training |
# | --- | --- |
# | `RandomFlip("horizontal")` | mirrors it left-right with probability 1/2 |
# | `RandomRotation(f)` | turns it by a random angle in $[-f, f]$ of a full turn ($f = 0.1$: ±36°) |
# | `RandomZoom(f)` | zooms in or out by up to $f$ of the height (and, by default, the width) |
# | `RandomBrightness(f, value_range=(0, 255))` | adds a random $\delta \in [-f, f] \cdot 255$ and clips to the range |
#
# These layers act only when the model is **training** (`fit` calls them with `training=True`); in
# `predict` and `evaluate` (`training=False`) they pass the images through unchanged, so a test image is
# never distorted. Placed at the start of the model, they run on the same device as the model and travel
# with it. (The older `ImageDataGenerator(rotation_range=20, horizontal_flip=True, ...)` of the source notes
# did the same inside the data generator.) `RandomBrightness` needs to know the value range: 0..255 before a
# `Rescaling` layer, `(0, 1)` after it.

# %% [markdown]
# ### Exercise 4: `augmentation` (2 points)
#
# Return a `keras.Sequential` of four layers, in this order: `RandomFlip("horizontal")`,
# `RandomRotation(rotation)`, `RandomZoom(zoom)` and `RandomBrightness(brightness, value_range=(0, 255))`,
# each given `seed=seed`. Its input is a batch of images with values 0..255. The tests call it with
# `training=True` (the images must change, keep their shape and stay within 0..255) and `training=False`
# (they must come back unchanged), and read the layers' settings.

# %% nbgrader="solution" grade_id="augmentation"
def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    """keras.Sequential: flip, rotate, zoom, brighten, for images in 0..255."""
    ### BEGIN SOLUTION
    return keras.Sequential([
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.RandomRotation(rotation, seed=seed),
        keras.layers.RandomZoom(zoom, seed=seed),
        keras.layers.RandomBrightness(brightness, value_range=(0, 255), seed=seed),
    ])
    ### END SOLUTION


# %% nbgrader="tests" grade_id="augmentation_tests" points=2
def _symmetric(f):
    """A factor f or (low, high) as (low, high)."""
    return tuple(float(v) for v in f) if isinstance(f, (tuple, list)) else (-float(f), float(f))


x_aug = X_all[[0, 50, 100, 150]]                                         # (4, 32, 32, 3), one per class
block_t = augmentation(rotation=0.15, zoom=0.2, brightness=0.3, seed=3)
checks.check_type(block_t, keras.Model, name="augmentation(...)",
                  hint="return a keras.Sequential model that holds the four augmentation layers")
same = np.asarray(block_t(x_aug, training=False))
checks.check_shape(same, x_aug.shape, name="augmentation(...)(images, training=False)",
                   hint="augmentation must keep the image shape: no Resizing, Flatten or pooling")
checks.check_close(same, x_aug, atol=1e-3, name="augmentation(...)(images, training=False)",
                   hint="at inference (training=False) augmentation must return the images unchanged; the "
                        "keras.layers.Random* layers do that, a Lambda of tf.image.random_* ops or a "
                        "Rescaling layer changes images at inference too")
moved = np.asarray(block_t(x_aug, training=True))
checks.check_shape(moved, x_aug.shape, name="augmentation(...)(images, training=True)",
                   hint="augmentation must keep the image shape")
if np.allclose(moved, x_aug, atol=0.5):
    raise checks.CheckError("augmentation(rotation=0.15, zoom=0.2, brightness=0.3)(images, training=True) "
                            "returned the images unchanged\n"
                            "Hint: use the Random* layers with the given factors (a factor of 0 does nothing)")
if moved.min() < -1e-3 or moved.max() > 255.001 or moved.max() < 2.0:
    raise checks.CheckError(f"augmented images range over {moved.min():.3g}..{moved.max():.3g}\n"
                            "  expected: values within 0..255 (not all crushed into 0..1)\n"
                            "Hint: RandomBrightness(brightness, value_range=(0, 255)): the images are 0..255 here; "
                            "value_range=(0, 1) clips them to 0..1")
kinds = [type(layer).__name__ for layer in block_t.layers]
checks.check_equal(np.array(kinds), np.array(["RandomFlip", "RandomRotation", "RandomZoom", "RandomBrightness"]),
                   name="the layers of augmentation(...), in order",
                   hint="four layers in this order: RandomFlip, RandomRotation, RandomZoom, RandomBrightness "
                        "(none missing, nothing else)")
flip_t, rot_t, zoom_t, bright_t = block_t.layers
checks.check_equal(np.array(flip_t.get_config()["mode"]), np.array("horizontal"), name="RandomFlip mode",
                   hint='mirror left-right: RandomFlip("horizontal") (a vertical flip turns triangles upside down)')
for nm, got, want in (("RandomRotation factor", rot_t.get_config()["factor"], 0.15),
                      ("RandomZoom height_factor", zoom_t.get_config()["height_factor"], 0.2),
                      ("RandomBrightness factor", bright_t.get_config()["factor"], 0.3)):
    checks.check_close(_symmetric(got), (-want, want), name=nm + " for augmentation(0.15, 0.2, 0.3)",
                       hint="pass the function's arguments rotation, zoom and brightness to the layers, "
                            "not fixed numbers")
checks.check_close(np.array(bright_t.get_config()["value_range"], dtype=float), [0.0, 255.0],
                   name="RandomBrightness value_range", hint="value_range=(0, 255) for images in 0..255")
### BEGIN HIDDEN TESTS
import keras as _keras
from dlkit.images import make_shapes as _make

_X = _make(2, size=20, seed=949)[0].astype("float32")                   # (8, 20, 20, 3)
_b = augmentation(rotation=0.05, zoom=0.12, brightness=0.25, seed=11)
assert isinstance(_b, _keras.Model), "augmentation must return a keras.Sequential"
assert [type(_l).__name__ for _l in _b.layers] == ["RandomFlip", "RandomRotation", "RandomZoom",
                                                    "RandomBrightness"], "wrong layers"
checks.check_close(_symmetric(_b.layers[1].get_config()["factor"]), (-0.05, 0.05), name="rotation factor")
checks.check_close(_symmetric(_b.layers[2].get_config()["height_factor"]), (-0.12, 0.12), name="zoom factor")
checks.check_close(_symmetric(_b.layers[3].get_config()["factor"]), (-0.25, 0.25), name="brightness factor")
checks.check_close(np.asarray(_b(_X, training=False)), _X, atol=1e-3, name="inference output on fresh images")
_o = np.asarray(_b(_X, training=True))
assert _o.shape == _X.shape and not np.allclose(_o, _X, atol=0.5), "training output must differ, same shape"
assert _o.min() >= -1e-3 and _o.max() <= 255.001, "training output must stay within 0..255"
### END HIDDEN TESTS

# %% [markdown]
# ### Look at the augmented images
#
# Top row: one training image per class; the two rows below: what `augmentation()` makes of them in two
# training steps. The shapes stay recognisable (and keep their labels) while their position, angle, size
# and brightness change. If an augmented image no longer shows its class, the augmentation is too strong.

# %%
one_per_class = X_all[[0, 50, 100, 150]]
ref_images.augmentation_figure(one_per_class, rotation=0.1, zoom=0.1, brightness=0.2, draws=2, seed=0,
                               titles=CLASS_NAMES)

# %% [markdown]
# ### Explorer: how strong?
#
# Move the sliders: rotation (fraction of a full turn), zoom, brightness, the flip direction, and the seed
# for another random draw. The top row stays the original; below, augmented versions. Find the settings
# where a cross starts to look like a square, or a triangle turns upside down. (The explorer needs a live
# notebook; in a static view you see the default settings.)

# %%
ref_images.augmentation_explorer(one_per_class, titles=CLASS_NAMES, draws=2)

# %% [markdown]
# ## Integer or one-hot labels
#
# A label can be stored as the class **index** (`2`) or as a **one-hot** row (`[0, 0, 1, 0]`). Both carry the
# same information; what matters is that the loss matches: `SparseCategoricalCrossentropy` for indices,
# `CategoricalCrossentropy` for one-hot rows (chapter 03). `keras.utils.to_categorical` turns indices into
# one-hot rows, `np.argmax(..., axis=-1)` turns them back; `image_dataset_from_directory` gives either with
# `label_mode="int"` or `"categorical"`. One-hot labels are needed for label smoothing or soft targets
# (mixup); otherwise integer labels are smaller and simpler.

# %% tags=["nbval-check-output"]
idx = np.array([0, 2, 1, 3])
onehot = keras.utils.to_categorical(idx, num_classes=4)
print(onehot.astype(int))
print("back to indices:", np.argmax(onehot, axis=-1))

# %% [markdown]
# ## Class imbalance and class weights
#
# Our training set has about three times fewer triangles than circles. A classifier that never predicts
# "triangle" loses little accuracy, and training, which averages the loss over all samples, pushes it
# that way. Two remedies (000): **augment the rare class more**, or **weight the loss**. With class
# weights $w_c$, each sample's loss is multiplied by the weight of its class; `model.fit(...,
# class_weight={0: w_0, 1: w_1, ...})` does it. The source notes pick `{0: 1.0, 1: 5.0}` by hand for a
# 90 % / 10 % split. The **balanced** weights
#
# $$w_c = \frac{n}{K\, n_c}$$
#
# ($n$ samples, $K$ classes, $n_c$ samples of class $c$) make every class count the same in total,
# $n_c w_c = n/K$, and average 1 per sample. For 90/10 they are $100/(2 \cdot 90) \approx 0.56$ and
# $100/(2 \cdot 10) = 5$: the rare class weighs 9 times more, rather than the source's 5. scikit-learn's
# `compute_class_weight("balanced", ...)` gives the same numbers.

# %% tags=["nbval-check-output"]
y_9010 = np.array([0] * 90 + [1] * 10)
print("90/10:", {c: round(w, 4) for c, w in ref_images.balanced_class_weights(y_9010).items()})
print("our shapes:", {CLASS_NAMES[c]: round(w, 4) for c, w in ref_images.balanced_class_weights(y_all).items()})

# %% [markdown]
# ### Exercise 5: `balanced_class_weights` (2 points)
#
# `labels` is a 1-D integer array of class indices. Return a `dict` `{class: n / (K n_c)}` for the `K`
# classes that occur in `labels` (sorted keys), the format `model.fit(class_weight=...)` takes.

# %% nbgrader="solution" grade_id="balanced_class_weights"
def balanced_class_weights(labels):
    """{c: n / (K * n_c)} for the classes present in labels."""
    ### BEGIN SOLUTION
    classes, counts = np.unique(np.asarray(labels), return_counts=True)
    n, k = len(labels), len(classes)
    return {int(c): float(n / (k * n_c)) for c, n_c in zip(classes, counts)}
    ### END SOLUTION


# %% nbgrader="tests" grade_id="balanced_class_weights_tests" points=2
w_t = balanced_class_weights(np.array([0] * 90 + [1] * 10))
checks.check_type(w_t, dict, name="balanced_class_weights(labels)",
                  hint="return a dict {class index: weight}, what model.fit(class_weight=...) takes "
                       "(compute_class_weight returns an array: turn it into a dict)")
checks.check_equal(np.array(sorted(int(k) for k in w_t)), [0, 1], name="keys of balanced_class_weights",
                   hint="one key per class that occurs in labels, the class index")
checks.check_close(np.array([w_t[k] for k in sorted(w_t)]), [100 / 180, 5.0], rtol=1e-6,
                   name="balanced_class_weights for 90 zeros and 10 ones",
                   hint="w_c = n / (K * n_c): the rare class gets the LARGER weight (n_c / n is inverted), and "
                        "divide by K, the number of classes, too (n / n_c alone is K times too large); the weights "
                        "are not normalised to sum to 1")
y3 = np.array([2, 0, 0, 1, 2, 2, 0, 2, 2, 2])                      # counts 3, 1, 6 for classes 0, 1, 2
w3 = balanced_class_weights(y3)
checks.check_close(np.array([w3[k] for k in sorted(w3)]), [10 / 9, 10 / 3, 10 / 18], rtol=1e-6,
                   name="balanced_class_weights([2, 0, 0, 1, 2, 2, 0, 2, 2, 2])",
                   hint="K is the number of classes (3 here, len(np.unique(labels))), not the largest label; "
                        "each class's n_c is its own count (np.unique(..., return_counts=True) or np.bincount); "
                        "the weights are not normalised to sum to 1")
checks.check_close(sum(w3[k] * c for k, c in zip(sorted(w3), [3, 1, 6])), 10.0,
                   name="sum over classes of n_c * w_c", hint="balanced weights give each class n / K in total")
### BEGIN HIDDEN TESTS
from sklearn.utils.class_weight import compute_class_weight as _ccw

_rng = np.random.default_rng(959)
for _k in (2, 5, 7):
    _y = np.minimum(_rng.geometric(0.35, size=120) - 1, _k - 1)
    _w = balanced_class_weights(_y)
    assert isinstance(_w, dict), "balanced_class_weights must return a dict"
    _cls = np.unique(_y)
    assert sorted(int(_c) for _c in _w) == _cls.tolist(), "one key per class present"
    checks.check_close(np.array([_w[_c] for _c in sorted(_w)], dtype=float),
                       _ccw("balanced", classes=_cls, y=_y), name=f"class weights vs sklearn, {len(_cls)} classes")
_y5 = np.array([3, 3, 5, 5, 5, 9])
assert sorted(int(_c) for _c in balanced_class_weights(_y5)) == [3, 5, 9], \
    "one key per class present in labels (3, 5 and 9 here), not one per index 0..max"
checks.check_close(np.array([balanced_class_weights(_y5)[_c] for _c in (3, 5, 9)]),
                   _ccw("balanced", classes=np.unique(_y5), y=_y5), name="class weights with labels 3, 5, 9")
### END HIDDEN TESTS

# %% [markdown]
# ## Everything together
#
# A small convolutional network (chapter 10 explains the layers) with the whole preprocessing inside:
# augmentation, then rescaling to $[0, 1]$. The training pipeline caches, shuffles and prefetches; `fit`
# gets the balanced class weights of the training labels. Fifteen short epochs on 133 images are far from a
# trained model: the validation accuracy (33 images) lands well above the 25 % of guessing but varies a lot
# from run to run. The point here is the plumbing: a pipeline that runs end to end, whose inputs you have
# looked at.

# %%
keras.utils.set_random_seed(0)
train_labels = np.concatenate([y.numpy() for _, y in train_ds])
weights = balanced_class_weights(train_labels)
train_fast = train_ds.cache().shuffle(256, seed=0).prefetch(tf.data.AUTOTUNE)
val_fast = val_ds.cache().prefetch(tf.data.AUTOTUNE)
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    augmentation(rotation=0.05, zoom=0.05, brightness=0.1, seed=0),     # mild: few images, few epochs
    keras.layers.Rescaling(1 / 255),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.GlobalMaxPooling2D(),
    keras.layers.Dense(len(CLASS_NAMES), activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(0.005), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
EPOCHS = 15
history = model.fit(train_fast, validation_data=val_fast, epochs=EPOCHS, class_weight=weights, verbose=0,
                    shuffle=False,                       # the dataset shuffles itself; fit cannot shuffle a tf.data.Dataset
                    callbacks=[progress.keras_progress(EPOCHS)])
print("class weights:", {CLASS_NAMES[c]: round(w, 2) for c, w in weights.items()})
print(f"validation accuracy after {EPOCHS} epochs: {history.history['val_accuracy'][-1]:.2f}")

# %% [markdown]
# Training and validation loss per epoch of that run: with so few images and strong augmentation, expect a
# noisy downward trend. (The training loss is the class-weighted one, so the two curves are not on exactly
# the same scale.)

# %%
fig, ax = plots.new_figure(figsize=(5.5, 3.5))
plots.plot_history(history.history["loss"], ylabel="loss", ax=ax, label="training (weighted)")
plots.plot_history(history.history["val_loss"], ylabel="loss", ax=ax, label="validation", title="A first fit")
fig

# %% [markdown]
# ## Summary
#
# * Class folders: `keras.utils.image_dataset_from_directory(root, validation_split=..., subset=...,
#   seed=..., image_size=..., batch_size=...)`, called twice with the **same seed** for a clean split;
#   classes are the sorted folder names. (`ImageDataGenerator` is the legacy route, gone from Keras 3.)
# * Other layouts: `tf.data.Dataset.from_tensor_slices((paths, labels)).map(load)` with `tf.io.read_file`
#   and `tf.io.decode_png`; arrays in memory: `from_tensor_slices((X, y))`.
# * Then `cache()` → `shuffle(...)` → `batch(...)` → `prefetch(tf.data.AUTOTUNE)`; shuffle **before**
#   batching.
# * Look at a few images per class, before and after augmentation.
# * Scale inside the model: `Rescaling(1/255)`, or `Normalization` adapted to the **training** images only
#   (per-channel mean and std).
# * Augmentation layers (`RandomFlip`, `RandomRotation`, `RandomZoom`, `RandomBrightness`) act in training
#   only and leave inference untouched.
# * Integer labels go with sparse categorical cross-entropy, one-hot labels with categorical.
# * Rare classes: balanced class weights $n / (K n_c)$ in `fit(class_weight=...)`, or more augmentation.
