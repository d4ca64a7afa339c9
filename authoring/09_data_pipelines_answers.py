"""Wrong and right answers for the exercises of 09_data_pipelines (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks.
"""

WRONG = {
    "train_val_loaders": [
        {"why": "two different seeds: each call cuts a different shuffle, files overlap", "expect": "same seed",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    train_ds = keras.utils.image_dataset_from_directory(directory, validation_split=validation_split,
        subset="training", seed=seed, image_size=image_size, batch_size=batch_size)
    val_ds = keras.utils.image_dataset_from_directory(directory, validation_split=validation_split,
        subset="validation", seed=seed + 1, image_size=image_size, batch_size=batch_size)
    return train_ds, val_ds
'''},
        {"why": "no seed at all (each call picks a random one)", "expect": "same seed",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    train_ds = keras.utils.image_dataset_from_directory(directory, validation_split=validation_split,
        subset="training", image_size=image_size, batch_size=batch_size)
    val_ds = keras.utils.image_dataset_from_directory(directory, validation_split=validation_split,
        subset="validation", image_size=image_size, batch_size=batch_size)
    return train_ds, val_ds
'''},
        {"why": "forgets validation_split and subset on the validation call (it gets every file)",
         "expect": "subset='validation'",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    train_ds = keras.utils.image_dataset_from_directory(directory, validation_split=validation_split,
        subset="training", seed=seed, image_size=image_size, batch_size=batch_size)
    val_ds = keras.utils.image_dataset_from_directory(directory, seed=seed, image_size=image_size,
        batch_size=batch_size)
    return train_ds, val_ds
'''},
        {"why": "subsets swapped", "expect": "swap the subsets",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    kw = dict(validation_split=validation_split, seed=seed, image_size=image_size, batch_size=batch_size)
    return (keras.utils.image_dataset_from_directory(directory, subset="validation", **kw),
            keras.utils.image_dataset_from_directory(directory, subset="training", **kw))
'''},
        {"why": "shuffle=False for the validation set: a different order is cut", "expect": "same shuffle setting",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    kw = dict(validation_split=validation_split, seed=seed, image_size=image_size, batch_size=batch_size)
    train_ds = keras.utils.image_dataset_from_directory(directory, subset="training", **kw)
    val_ds = keras.utils.image_dataset_from_directory(directory, subset="validation", shuffle=False, **kw)
    return train_ds, val_ds
'''},
        {"why": "one-hot labels (label_mode='categorical')", "expect": "label_mode='int'",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    kw = dict(validation_split=validation_split, seed=seed, image_size=image_size, batch_size=batch_size,
              label_mode="categorical")
    return (keras.utils.image_dataset_from_directory(directory, subset="training", **kw),
            keras.utils.image_dataset_from_directory(directory, subset="validation", **kw))
'''},
        {"why": "fixed image size and batch size instead of the arguments", "expect": "batch_size and image_size",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    kw = dict(validation_split=validation_split, seed=seed, image_size=(32, 32), batch_size=16)
    return (keras.utils.image_dataset_from_directory(directory, subset="training", **kw),
            keras.utils.image_dataset_from_directory(directory, subset="validation", **kw))
'''},
        {"why": "adds cache/prefetch, losing file_paths and class_names", "expect": "no .file_paths",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    kw = dict(validation_split=validation_split, seed=seed, image_size=image_size, batch_size=batch_size)
    tr = keras.utils.image_dataset_from_directory(directory, subset="training", **kw)
    va = keras.utils.image_dataset_from_directory(directory, subset="validation", **kw)
    return tr.cache().prefetch(tf.data.AUTOTUNE), va.cache().prefetch(tf.data.AUTOTUNE)
'''},
    ],
    "sample_grid": [
        {"why": "titles with the label number instead of the class name", "expect": "class name",
         "code": '''def sample_grid(images, labels, class_names, per_class=3):
    K = len(class_names)
    fig, axes = style.new_figure(ncols=per_class, nrows=K)
    for c in range(K):
        idx = np.flatnonzero(labels == c)[:per_class]
        for j, i in enumerate(idx):
            axes[c, j].imshow(images[i].astype("uint8"))
            axes[c, j].set_title(str(c))
    return fig
'''},
        {"why": "the same first images in every row (images[:per_class])", "expect": "np.flatnonzero(labels == c)",
         "code": '''def sample_grid(images, labels, class_names, per_class=3):
    K = len(class_names)
    fig, axes = style.new_figure(ncols=per_class, nrows=K)
    for c in range(K):
        for j in range(per_class):
            axes[c, j].imshow(images[j].astype("uint8"))
            axes[c, j].set_title(class_names[c])
    return fig
'''},
        {"why": "plots the first K * per_class images in array order, like the source's batch plot",
         "expect": "row c is class c",
         "code": '''def sample_grid(images, labels, class_names, per_class=3):
    K = len(class_names)
    fig, axes = style.new_figure(ncols=per_class, nrows=K)
    for i, ax in enumerate(np.ravel(axes)):
        ax.imshow(images[i].astype("uint8"))
        ax.set_title(class_names[labels[i]])
    return fig
'''},
        {"why": "one column per class (rows and columns swapped)", "expect": "row c is class c",
         "code": '''def sample_grid(images, labels, class_names, per_class=3):
    K = len(class_names)
    fig, axes = style.new_figure(ncols=K, nrows=per_class)
    for c in range(K):
        for j, i in enumerate(np.flatnonzero(labels == c)[:per_class]):
            axes[j, c].imshow(images[i].astype("uint8"))
            axes[j, c].set_title(class_names[c])
    return fig
'''},
        {"why": "returns the axes, not the figure", "expect": "return the matplotlib Figure",
         "code": '''def sample_grid(images, labels, class_names, per_class=3):
    fig, axes = style.new_figure(ncols=per_class, nrows=len(class_names))
    for c, name in enumerate(class_names):
        for j, i in enumerate(np.flatnonzero(labels == c)[:per_class]):
            axes[c, j].imshow(images[i].astype("uint8"))
            axes[c, j].set_title(name)
    return axes
'''},
    ],
    "standardize": [
        {"why": "statistics per image instead of over the training set", "expect": "not per image",
         "code": '''def standardize(train, other):
    def per_image(x):
        x = np.asarray(x, dtype=float)
        return (x - x.mean(axis=(1, 2), keepdims=True)) / x.std(axis=(1, 2), keepdims=True)
    return per_image(train), per_image(other)
'''},
        {"why": "one mean and std over all channels", "expect": "one mean per channel",
         "code": '''def standardize(train, other):
    train = np.asarray(train, dtype=float)
    mu, sigma = train.mean(), train.std()
    return (train - mu) / sigma, (np.asarray(other, dtype=float) - mu) / sigma
'''},
        {"why": "sample std (ddof=1)", "expect": "ddof",
         "code": '''def standardize(train, other):
    flat = np.asarray(train, dtype=float).reshape(-1, np.shape(train)[-1])
    mu, sigma = flat.mean(axis=0), flat.std(axis=0, ddof=1)
    return (np.asarray(train) - mu) / sigma, (np.asarray(other) - mu) / sigma
'''},
        {"why": "standardises the other set with its own statistics", "expect": "training statistics for other",
         "code": '''def standardize(train, other):
    def own(x):
        x = np.asarray(x, dtype=float)
        return (x - x.mean(axis=(0, 1, 2))) / x.std(axis=(0, 1, 2))
    return own(train), own(other)
'''},
        {"why": "statistics per pixel position (axis 0 only)", "expect": "axes (0, 1, 2)",
         "code": '''def standardize(train, other):
    train = np.asarray(train, dtype=float)
    mu, sigma = train.mean(axis=0), train.std(axis=0)
    return (train - mu) / sigma, (np.asarray(other, dtype=float) - mu) / sigma
'''},
        {"why": "only rescales to [0, 1]", "expect": "subtract one mean per channel",
         "code": '''def standardize(train, other):
    return np.asarray(train, dtype=float) / 255.0, np.asarray(other, dtype=float) / 255.0
'''},
    ],
    "augmentation": [
        {"why": "tf.image.random_brightness in a Lambda: changes images at inference too", "expect": "at inference",
         "code": '''def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    return keras.Sequential([
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.RandomRotation(rotation, seed=seed),
        keras.layers.RandomZoom(zoom, seed=seed),
        keras.layers.Lambda(lambda x: tf.clip_by_value(
            tf.image.random_brightness(x, max_delta=brightness * 255.0), 0.0, 255.0)),
    ])
'''},
        {"why": "a Rescaling layer inside the augmentation block", "expect": "Rescaling",
         "code": '''def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    return keras.Sequential([
        keras.layers.Rescaling(1 / 255),
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.RandomRotation(rotation, seed=seed),
        keras.layers.RandomZoom(zoom, seed=seed),
        keras.layers.RandomBrightness(brightness, value_range=(0, 1), seed=seed),
    ])
'''},
        {"why": "RandomBrightness with its range left at (0, 1) for 0..255 images", "expect": "value_range",
         "code": '''def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    return keras.Sequential([
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.RandomRotation(rotation, seed=seed),
        keras.layers.RandomZoom(zoom, seed=seed),
        keras.layers.RandomBrightness(brightness, value_range=(0, 1), seed=seed),
    ])
'''},
        {"why": "forgets RandomBrightness", "expect": "none missing",
         "code": '''def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    return keras.Sequential([
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.RandomRotation(rotation, seed=seed),
        keras.layers.RandomZoom(zoom, seed=seed),
    ])
'''},
        {"why": "fixed factors copied from the source instead of the arguments", "expect": "not fixed numbers",
         "code": '''def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    return keras.Sequential([
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.RandomRotation(0.2, seed=seed),
        keras.layers.RandomZoom(0.2, seed=seed),
        keras.layers.RandomBrightness(0.2, value_range=(0, 255), seed=seed),
    ])
'''},
        {"why": "vertical flip", "expect": 'RandomFlip("horizontal")',
         "code": '''def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    return keras.Sequential([
        keras.layers.RandomFlip("vertical", seed=seed),
        keras.layers.RandomRotation(rotation, seed=seed),
        keras.layers.RandomZoom(zoom, seed=seed),
        keras.layers.RandomBrightness(brightness, value_range=(0, 255), seed=seed),
    ])
'''},
    ],
    "balanced_class_weights": [
        {"why": "inverted: n_c / n", "expect": "inverted",
         "code": '''def balanced_class_weights(labels):
    classes, counts = np.unique(labels, return_counts=True)
    return {int(c): m / len(labels) for c, m in zip(classes, counts)}
'''},
        {"why": "n / n_c without dividing by K", "expect": "divide by K",
         "code": '''def balanced_class_weights(labels):
    classes, counts = np.unique(labels, return_counts=True)
    return {int(c): len(labels) / m for c, m in zip(classes, counts)}
'''},
        {"why": "K taken as the largest label", "expect": "number of classes",
         "code": '''def balanced_class_weights(labels):
    classes, counts = np.unique(labels, return_counts=True)
    K = int(np.max(labels))
    return {int(c): len(labels) / (K * m) for c, m in zip(classes, counts)}
'''},
        {"why": "weights normalised to sum to 1", "expect": "normalised",
         "code": '''def balanced_class_weights(labels):
    classes, counts = np.unique(labels, return_counts=True)
    w = 1.0 / counts
    return {int(c): float(v) for c, v in zip(classes, w / w.sum())}
'''},
        {"why": "returns sklearn's array instead of a dict", "expect": "return a dict",
         "code": '''def balanced_class_weights(labels):
    from sklearn.utils.class_weight import compute_class_weight
    return compute_class_weight("balanced", classes=np.unique(labels), y=labels)
'''},
        {"why": "np.bincount over 0..max: absent classes get keys (and infinite weights)", "expect": "one key per class",
         "code": '''def balanced_class_weights(labels):
    counts = np.bincount(labels)
    K = int(np.count_nonzero(counts))
    with np.errstate(divide="ignore"):
        return {c: len(labels) / (K * counts[c]) for c in range(len(counts))}
'''},
        {"why": "classes assumed to be 0..K-1 (range(K) as keys)", "expect": "need not start at 0",
         "code": '''def balanced_class_weights(labels):
    classes, counts = np.unique(labels, return_counts=True)
    K = len(classes)
    return {c: len(labels) / (K * counts[c]) for c in range(K)}
'''},
    ],
}

RIGHT = {
    "train_val_loaders": [
        {"why": "a list comprehension over the subsets, every argument spelled out",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    made = [keras.utils.image_dataset_from_directory(
                directory, labels="inferred", label_mode="int", shuffle=True, seed=seed,
                validation_split=validation_split, subset=part, image_size=tuple(image_size),
                batch_size=batch_size)
            for part in ("training", "validation")]
    return tuple(made)
'''},
        {"why": "one call with subset='both', returned as the list Keras gives",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    return keras.utils.image_dataset_from_directory(directory, validation_split=validation_split, subset="both",
                                                    seed=seed, image_size=image_size, batch_size=batch_size)
'''},
        {"why": "subset='both', unpacked into a tuple",
         "code": '''def train_val_loaders(directory, image_size=(32, 32), batch_size=16, validation_split=0.2, seed=42):
    train_ds, val_ds = keras.utils.image_dataset_from_directory(
        directory, validation_split=validation_split, subset="both", seed=seed, image_size=image_size,
        batch_size=batch_size, verbose=False)
    return train_ds, val_ds
'''},
    ],
    "sample_grid": [
        {"why": "a Figure with fig.subplots, floats divided by 255",
         "code": '''from matplotlib.figure import Figure as _Fig

def sample_grid(images, labels, class_names, per_class=3):
    fig = _Fig(figsize=(6, 6))
    grid = fig.subplots(len(class_names), per_class, squeeze=False)
    labels = np.asarray(labels)
    for row, name in enumerate(class_names):
        picks = np.where(labels == row)[0][:per_class]
        for col in range(per_class):
            ax = grid[row][col]
            ax.imshow(np.asarray(images[picks[col]], dtype=float) / 255.0)
            ax.set_title(class_names[row])
            ax.set_xticks([])
            ax.set_yticks([])
    return fig
'''},
        {"why": "pyplot's subplots and a running axes index",
         "code": '''import matplotlib.pyplot as plt

def sample_grid(images, labels, class_names, per_class=3):
    fig, axes = plt.subplots(len(class_names), per_class, figsize=(2 * per_class, 2 * len(class_names)))
    flat = np.ravel(axes)
    k = 0
    for c in range(len(class_names)):
        found = [i for i in range(len(labels)) if labels[i] == c][:per_class]
        for i in found:
            flat[k].imshow(np.clip(images[i], 0, 255).astype("uint8"))
            flat[k].set_title(class_names[c])
            flat[k].axis("off")
            k += 1
    return fig
'''},
        {"why": "fig.add_subplot row by row",
         "code": '''from matplotlib.figure import Figure

def sample_grid(images, labels, class_names, per_class=3):
    fig = Figure()
    K = len(class_names)
    for c in range(K):
        for j, i in enumerate(np.flatnonzero(np.asarray(labels) == c)[:per_class]):
            ax = fig.add_subplot(K, per_class, c * per_class + j + 1)
            ax.imshow(np.asarray(images[i]).astype(np.uint8))
            ax.set_title(class_names[c])
    return fig
'''},
    ],
    "standardize": [
        {"why": "a Normalization layer adapted to train",
         "code": '''def standardize(train, other):
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(np.asarray(train, dtype="float32"))
    return (np.asarray(norm(np.asarray(train, dtype="float32")), dtype=float),
            np.asarray(norm(np.asarray(other, dtype="float32")), dtype=float))
'''},
        {"why": "statistics of the pixels as rows, a list as the pair",
         "code": '''def standardize(train, other):
    train = np.asarray(train, dtype=float)
    pixels = train.reshape(-1, train.shape[-1])           # (N * H * W, C)
    mu, sigma = pixels.mean(axis=0), pixels.std(axis=0)
    return [(train - mu) / sigma, (np.asarray(other, dtype=float) - mu) / sigma]
'''},
        {"why": "keepdims=True", "edit": [
            ("mu = train.mean(axis=(0, 1, 2))", "mu = train.mean(axis=(0, 1, 2), keepdims=True)"),
            ("sigma = train.std(axis=(0, 1, 2))", "sigma = train.std(axis=(0, 1, 2), keepdims=True)")]},
    ],
    "augmentation": [
        {"why": "add() with keyword arguments and tuple factors",
         "code": '''def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    block = keras.Sequential(name="augment")
    block.add(keras.layers.RandomFlip(mode="horizontal", seed=seed))
    block.add(keras.layers.RandomRotation(factor=(-rotation, rotation), seed=seed))
    block.add(keras.layers.RandomZoom(height_factor=(-zoom, zoom), seed=seed))
    block.add(keras.layers.RandomBrightness(factor=(-brightness, brightness), value_range=[0, 255], seed=seed))
    return block
'''},
        {"why": "a list of layers built first, fill_mode='reflect'",
         "code": '''def augmentation(rotation=0.1, zoom=0.1, brightness=0.2, seed=None):
    layers = [keras.layers.RandomFlip("horizontal", seed=seed),
              keras.layers.RandomRotation(rotation, fill_mode="reflect", seed=seed),
              keras.layers.RandomZoom(zoom, fill_mode="reflect", seed=seed),
              keras.layers.RandomBrightness(brightness, value_range=(0.0, 255.0), seed=seed)]
    return keras.Sequential(layers)
'''},
        {"why": "an Input layer first", "edit": [
            ("    return keras.Sequential([\n", "    return keras.Sequential([\n        keras.Input(shape=(None, None, 3)),\n")]},
    ],
    "balanced_class_weights": [
        {"why": "scikit-learn's compute_class_weight, made a dict",
         "code": '''def balanced_class_weights(labels):
    from sklearn.utils.class_weight import compute_class_weight
    present = np.unique(labels)
    w = compute_class_weight("balanced", classes=present, y=np.asarray(labels))
    return {int(c): float(v) for c, v in zip(present, w)}
'''},
        {"why": "collections.Counter",
         "code": '''from collections import Counter

def balanced_class_weights(labels):
    counts = Counter(int(c) for c in labels)
    n, K = len(labels), len(counts)
    return {c: n / (K * counts[c]) for c in sorted(counts)}
'''},
        {"why": "numpy keys and values, no conversion", "edit": [
            ("return {int(c): float(n / (k * n_c)) for c, n_c in zip(classes, counts)}",
             "return dict(zip(classes, n / (k * counts)))")]},
    ],
}
