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
# `balanced_class_weights`. After each exercise, the demos that follow run on your function once it passes
# its checks (and on dlkit's version until then).

# %%
import tempfile

import numpy as np

import dlkit
from dlkit import progress
from dlkit.data import images as ref_images
from dlkit.exercises import ch09_data_pipelines as ex
from dlkit.models import augmentation as ref_augmentation
from dlkit.models.training import seeded
from dlkit.viz import images as ref_figures
from dlkit.viz import plots
from dlkit.viz import style

rng = dlkit.setup_notebook(seed=0)

import keras  # noqa: E402  (after setup_notebook, which silences TensorFlow's start-up messages)
import tensorflow as tf  # noqa: E402

# %% [markdown]
# ## A data set on disk
#
# `dlkit.data.images.write_image_folder` draws circles, crosses, squares and triangles of random size,
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
# `subset="validation"`; or **once** with `subset="both"`, which does the same and returns the two datasets
# as a list `[train_ds, val_ds]`. Both calls shuffle the file list with that seed and cut it at the same
# place: the last `int(validation_split · n)` files are the validation set, the rest the training set. With
# two different seeds, each call cuts a *different* shuffle, and some files end up in both sets: the
# validation score is then measured partly on training images. (With no seed at all, Keras refuses a
# shuffled split and raises a `ValueError`.)

# %% [markdown]
# ### Exercise 1: `train_val_loaders` (2 points)
#
# Return `(train_ds, val_ds)`, two datasets read by `keras.utils.image_dataset_from_directory` from
# `directory`, with the given `validation_split`, `seed`, `image_size` and `batch_size`, integer labels
# (the default `label_mode`) and shuffling on (the default). Either form above is fine: a tuple from two
# calls, or the list that one call with `subset="both"` returns. Return the datasets as that function
# returns them (no `.map`, `.cache` or `.prefetch` yet), so that they still carry `.class_names` and
# `.file_paths`. The checks draw a folder of shapes, call your function on it, and check the counts, that no
# file is in both sets, that the files are those of the split with your `seed`, and the shapes and types of
# the batches.
#
# *Stuck?* `ex.train_val_loaders.hint()` gives a hint; call it again for more.

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
ex.train_val_loaders.check(train_val_loaders)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(counts={"circle": 7, "square": 12, "triangle": 9}, size=12, folder_seed=909, image_size=(12, 12), batch_size=5, validation_split=0.3, seed=3)]
### END HIDDEN TESTS

# %% [markdown]
# The training and validation loaders of our folder, 80 % / 20 %, seed 42, made by your function (or by
# `dlkit.data.images.image_loaders` until yours passes). How many images of each class ended in each part?

# %%
loaders = ex.train_val_loaders.use(train_val_loaders, ref_images.image_loaders)
train_ds, val_ds = loaders(ROOT, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42)
for part, ds in (("training", train_ds), ("validation", val_ds)):
    counts = ref_images.folder_class_counts(ds.file_paths, CLASS_NAMES)
    n_part = sum(counts.values())
    print(f"{part:>10}: {n_part:3d} files, " + ", ".join(f"{c} {k} ({k / n_part:.1%})" for c, k in counts.items()))

# %% [markdown]
# The cut is **random, not stratified**: `image_dataset_from_directory` shuffles the file list and cuts it,
# without looking at the classes. With a class of only 16 images, chance moves a lot of them: in the
# folder as a whole the triangles are 16 of 166 files (9.6 %), but the counts above put 10 of them in the
# training part (7.5 %, 4.4 times fewer than its 44 circles) and 6 in the validation part (18.2 %).
# A validation set with a different class mix than the training set measures the model on a different
# problem, and a rare class can even end up (almost) absent from one side. The remedy is a **stratified**
# split, which cuts every class at the same fraction. The folder loader cannot do that; the next section
# builds the datasets from a list of files, where we can.

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
#
# With the lists in hand, the split is ours to choose: scikit-learn's `train_test_split(...,
# stratify=labels)` keeps the class proportions in both parts (to within one image). The rest of the
# chapter uses this stratified split: training and validation images, with the same seed 42.

# %%
from sklearn.model_selection import train_test_split  # noqa: E402

paths, label_names = ref_images.read_labels_csv(info["csv"])     # the csv module; pandas works too
label_ids = np.array([CLASS_NAMES.index(name) for name in label_names], dtype=np.int32)   # (n,)
train_idx, val_idx = train_test_split(np.arange(len(paths)), test_size=0.2, stratify=label_ids, random_state=42)
for part, idx in (("training", train_idx), ("validation", val_idx)):
    k = np.bincount(label_ids[idx], minlength=len(CLASS_NAMES))
    print(f"{part:>10}: {len(idx):3d} files, " + ", ".join(f"{c} {n} ({n / len(idx):.1%})"
                                                           for c, n in zip(CLASS_NAMES, k)))


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
# The order matters for caching too. A pipeline that shuffles and batches *before* `cache()` (as a
# dataset from `image_dataset_from_directory` does inside: it shuffles and batches its files) freezes the
# first epoch's batches into the cache; a `shuffle` after that only changes the order of those same
# batches. The cell counts, for two passes over the training files, how many batches of the second pass
# already appeared, with exactly the same images, in the first: with `cache()` after `batch`, all of them;
# with `cache()`, then `shuffle`, then `batch`, none.

# %%
train_files = tf.data.Dataset.from_tensor_slices((np.array(paths)[train_idx], label_ids[train_idx]))


def repeated_batches(ds, passes=2):
    """How many batches of the last pass were already seen, image for image, in an earlier pass."""
    seen, repeats = set(), 0
    for p in range(passes):
        batches = {tuple(sorted(hash(x.tobytes()) for x in xb.numpy())) for xb, _ in ds}
        repeats = len(batches & seen) if p == passes - 1 else repeats
        seen |= batches
    return repeats, len(batches)


frozen = (train_files.shuffle(len(train_idx), seed=0).map(load_png).batch(16)     # shuffled and batched ...
          .cache().shuffle(64, seed=0))                                           # ... then cached
fresh = train_files.map(load_png).cache().shuffle(len(train_idx), seed=0).batch(16)
for name, ds in (("batch, then cache, then shuffle", frozen), ("cache, then shuffle, then batch", fresh)):
    repeats, n_batches = repeated_batches(ds)
    print(f"{name}: {repeats} of the {n_batches} batches of pass 2 were already in pass 1")

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
# this way, then take the training and validation parts of the stratified split; the next sections use them.

# %%
X_all = np.stack([x.numpy() for x, _ in csv_ds]).astype(np.float32)     # (166, 32, 32, 3) in 0..255
X_train, y_train = X_all[train_idx], label_ids[train_idx]              # (132, 32, 32, 3), (132,)
X_val, y_val = X_all[val_idx], label_ids[val_idx]                      # (34, 32, 32, 3), (34,)
array_ds = tf.data.Dataset.from_tensor_slices((X_train, y_train)).shuffle(len(y_train), seed=0).batch(32)
print("X_train", X_train.shape, " X_val", X_val.shape, " training batches per epoch:", len(array_ds))

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
# class **name**, `class_names[c]` (whatever names you are given). Create the axes row by row
# (`style.new_figure(ncols=per_class, nrows=K)` or `fig.subplots(K, per_class)` do), so that
# `fig.axes[c * per_class + j]` is image `j` of class `c`. Images may be uint8 or floats in 0..255: `imshow`
# wants floats in 0..1, so convert floats with `.astype("uint8")` or divide them by 255 (uint8 images can
# be drawn as they are). Hide the ticks (`ax.axis("off")`) if you like. You may assume every class has at
# least `per_class` images.
#
# *Stuck?* `ex.sample_grid.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="sample_grid"
def sample_grid(images, labels, class_names, per_class=3):
    """Figure: row c holds the first per_class images of class c, each titled class_names[c]."""
    ### BEGIN SOLUTION
    images, labels = np.asarray(images), np.asarray(labels)
    fig, axes = style.new_figure(ncols=per_class, nrows=len(class_names),
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
ex.sample_grid.check(sample_grid)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=919, per_class=2, names=["round", "plus", "box"])]
### END HIDDEN TESTS

# %% [markdown]
# Four training images of each class, titled with the class name, drawn by your `sample_grid` (or dlkit's).
# Each row should hold one kind of shape only, whatever its colour, size and position.

# %%
grid = ex.sample_grid.use(sample_grid, ref_figures.sample_grid_figure)
grid(X_train, y_train, CLASS_NAMES, per_class=4)

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
# the saved model carries its own preprocessing. The cell computes the channel statistics of the 132
# training images of our split.

# %% tags=["nbval-check-output"]
pixels = np.array([0.0, 51.0, 127.5, 255.0])
print("Rescaling(1/255):", np.round(np.asarray(keras.layers.Rescaling(1 / 255)(pixels)), 3))
print("Rescaling(1/127.5, offset=-1):", np.round(np.asarray(keras.layers.Rescaling(1 / 127.5, offset=-1)(pixels)), 3))
mu_demo, sigma_demo = ref_images.channel_stats(X_train)
print("training-set channel means (R, G, B):", np.round(mu_demo, 1), " stds:", np.round(sigma_demo, 1))

# %% [markdown]
# ### Exercise 3: `standardize` (2 points)
#
# `train` has shape `(N, H, W, C)`, `other` shape `(M, H, W, C)`, for any number of channels `C` (3 for
# colour, 1 for grey images). Compute, **from `train` only**, the mean and the standard deviation of each
# channel over all images, rows and columns (population standard deviation, `ddof=0`, as
# `Normalization.adapt` uses), and return the pair `(z_train, z_other)` of standardised float arrays, both
# with the training statistics (a tuple or a list). (A `Normalization` layer adapted to `train` is fine
# too, converted back with `np.asarray`; the checks allow float32 rounding.)
#
# *Stuck?* `ex.standardize.hint()` gives a hint; call it again for more.

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
ex.standardize.check(standardize)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=939, n=5, m=3, h=6, w=4, c=3), dict(seed=940, n=4, m=1, h=3, w=3, c=1)]
### END HIDDEN TESTS

# %% [markdown]
# The same numbers from Keras: a `Normalization` layer adapted to the training images, next to your
# `standardize` (or dlkit's), both applied to the validation images.

# %%
scale = ex.standardize.use(standardize, ref_images.standardize)
norm = keras.layers.Normalization(axis=-1)
norm.adapt(X_train)
z_val_keras = np.asarray(norm(X_val))
z_val_ours = scale(X_train, X_val)[1]
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
# each given `seed=seed`. Its input is a batch of images with values 0..255. The checks call it with
# `training=True` (the images must change, keep their shape and stay within 0..255) and `training=False`
# (they must come back unchanged), and read the layers' settings.
#
# *Stuck?* `ex.augmentation.hint()` gives a hint; call it again for more.

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
ex.augmentation.check(augmentation)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=949, rotation=0.05, zoom=0.12, brightness=0.25)]
### END HIDDEN TESTS

# %% [markdown]
# ### Look at the augmented images
#
# Top row: one training image per class; the two rows below: what an augmentation block makes of them in
# two training steps. The shapes stay recognisable (and keep their labels) while their position, angle, size
# and brightness change. If an augmented image no longer shows its class, the augmentation is too strong.

# %%
one_per_class = X_train[[int(np.flatnonzero(y_train == c)[0]) for c in range(len(CLASS_NAMES))]]
ref_figures.augmentation_figure(one_per_class, rotation=0.1, zoom=0.1, brightness=0.2, draws=2, seed=0,
                                titles=CLASS_NAMES)

# %% [markdown]
# ### Explorer: how strong?
#
# Move the sliders: rotation (fraction of a full turn), zoom, brightness, the flip direction, and the seed
# for another random draw. The top row stays the original; below, augmented versions. Find the settings
# where a cross starts to look like a square, or a triangle turns upside down. (The explorer needs a live
# notebook; in a static view you see the default settings.)

# %%
ref_figures.augmentation_explorer(one_per_class, titles=CLASS_NAMES, draws=2)

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
# Our stratified training set holds 40 images of each other class but only 12 triangles, 3.3 times fewer
# (the counts of the split above; the folder loader's random split had 44 circles against 10 triangles,
# 4.4 times). A classifier that never predicts "triangle" loses little accuracy, and
# training, which averages the loss over all samples, pushes it that way. Two remedies (000): **augment the
# rare class more**, or **weight the loss**. With class weights $w_c$, each sample's loss is multiplied by
# the weight of its class; `model.fit(..., class_weight={0: w_0, 1: w_1, ...})` does it. The source notes
# pick `{0: 1.0, 1: 5.0}` by hand for a 90 % / 10 % split. The **balanced** weights
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
print("our training shapes:", {CLASS_NAMES[c]: round(w, 4)
                               for c, w in ref_images.balanced_class_weights(y_train).items()})

# %% [markdown]
# ### Exercise 5: `balanced_class_weights` (2 points)
#
# `labels` is a 1-D integer array of class labels. The labels need **not** start at 0 or be consecutive
# (a subset of a bigger label set, say the classes 3, 5 and 9): the classes are the values that occur.
# Return a `dict` `{class: n / (K n_c)}` for the `K` classes that occur in `labels`, one key per class
# (the label itself, sorted keys), the format `model.fit(class_weight=...)` takes.
#
# *Stuck?* `ex.balanced_class_weights.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="balanced_class_weights"
def balanced_class_weights(labels):
    """{c: n / (K * n_c)} for the classes present in labels."""
    ### BEGIN SOLUTION
    classes, counts = np.unique(np.asarray(labels), return_counts=True)
    n, k = len(labels), len(classes)
    return {int(c): float(n / (k * n_c)) for c, n_c in zip(classes, counts)}
    ### END SOLUTION


# %% nbgrader="tests" grade_id="balanced_class_weights_tests" points=2
ex.balanced_class_weights.check(balanced_class_weights)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=959, k=2, n=120), dict(seed=960, k=5, n=120), dict(seed=961, k=7, n=120), dict(seed=962, k=4, n=60, shift=3)]
### END HIDDEN TESTS

# %% [markdown]
# ## Everything together
#
# A small convolutional network (chapter 10 explains the layers) with the whole preprocessing inside:
# augmentation (your block, or dlkit's), then rescaling to $[0, 1]$. The training pipeline reads the
# training files of the stratified split and runs the four steps in the order of this chapter: decode,
# **cache** (the decoded images, before anything random), **shuffle** (a fresh order every epoch, the whole
# set in the buffer), **batch** (so every epoch gets new batches), **prefetch**. The validation pipeline
# needs no shuffle. `fit` gets the balanced class weights of the training labels. Fifteen short epochs on
# 132 images are far from a trained model: the validation accuracy (34 images) lands well above the 25 % of
# guessing but varies a lot from run to run. The point here is the plumbing: a pipeline that runs end to
# end, whose inputs you have looked at.

# %%
augment = ex.augmentation.use(augmentation, ref_augmentation.augmentation_block)
class_weights = ex.balanced_class_weights.use(balanced_class_weights, ref_images.balanced_class_weights)
weights = class_weights(y_train)
val_files = tf.data.Dataset.from_tensor_slices((np.array(paths)[val_idx], label_ids[val_idx]))
train_fast = (train_files.map(load_png, num_parallel_calls=tf.data.AUTOTUNE).cache()
              .shuffle(len(train_idx), seed=0).batch(16).prefetch(tf.data.AUTOTUNE))
val_fast = val_files.map(load_png).cache().batch(16).prefetch(tf.data.AUTOTUNE)
EPOCHS = 15
with seeded(0):                                  # seeds the initial weights; the global random state is restored
    model = keras.Sequential([
        keras.Input(shape=(32, 32, 3)),
        augment(rotation=0.05, zoom=0.05, brightness=0.1, seed=0),     # mild: few images, few epochs
        keras.layers.Rescaling(1 / 255),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.GlobalMaxPooling2D(),
        keras.layers.Dense(len(CLASS_NAMES), activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.005), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(train_fast, validation_data=val_fast, epochs=EPOCHS, class_weight=weights, verbose=0,
                        shuffle=False,                  # the dataset shuffles itself; fit cannot shuffle a tf.data.Dataset
                        callbacks=[progress.keras_progress(EPOCHS)])
print("class weights:", {CLASS_NAMES[c]: round(w, 2) for c, w in weights.items()})
print(f"validation accuracy after {EPOCHS} epochs: {history.history['val_accuracy'][-1]:.2f}")

# %% [markdown]
# Training and validation loss per epoch of that run: with so few images and strong augmentation, expect a
# noisy downward trend. (The training loss is the class-weighted one, so the two curves are not on exactly
# the same scale.)

# %%
fig, ax = style.new_figure(figsize=(5.5, 3.5))
plots.plot_history(history.history["loss"], ylabel="loss", ax=ax, label="training (weighted)")
plots.plot_history(history.history["val_loss"], ylabel="loss", ax=ax, label="validation", title="A first fit")
fig

# %% [markdown]
# ## Summary
#
# * Class folders: `keras.utils.image_dataset_from_directory(root, validation_split=..., subset=...,
#   seed=..., image_size=..., batch_size=...)`, called twice with the **same seed** (or once with
#   `subset="both"`) for a clean split; classes are the sorted folder names. The split is random, not
#   stratified. (`ImageDataGenerator` is the legacy route, gone from Keras 3.)
# * Other layouts: `tf.data.Dataset.from_tensor_slices((paths, labels)).map(load)` with `tf.io.read_file`
#   and `tf.io.decode_png`, which also lets you stratify the split; arrays in memory:
#   `from_tensor_slices((X, y))`.
# * Then `cache()` → `shuffle(...)` → `batch(...)` → `prefetch(tf.data.AUTOTUNE)`: cache before anything
#   random, shuffle **before** batching, so every epoch gets new batches.
# * Look at a few images per class, before and after augmentation.
# * Scale inside the model: `Rescaling(1/255)`, or `Normalization` adapted to the **training** images only
#   (per-channel mean and std).
# * Augmentation layers (`RandomFlip`, `RandomRotation`, `RandomZoom`, `RandomBrightness`) act in training
#   only and leave inference untouched.
# * Integer labels go with sparse categorical cross-entropy, one-hot labels with categorical.
# * Rare classes: balanced class weights $n / (K n_c)$ in `fit(class_weight=...)`, or more augmentation;
#   the classes are the labels that occur, whatever their values.
