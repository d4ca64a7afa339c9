"""Keras CNNs of chapter 10: the digits CNN, LeNet-5, AlexNet, the residual block; parameter counts.

Symbols (docs/NAMING.md): N images of Hi x Wi pixels with Ci channels (NHWC), Co a layer's filters,
C classes.
    X (N, Hi, Wi, Ci) float32 images;  y (N,) int labels in 0..C-1

    digits_cnn()                 Input(8, 8, 1) -> [Conv2D(relu) -> MaxPooling2D] x 2 -> Flatten -> Dense(C, softmax)
    train_digits_cnn(...)        seeded training with the validation set choosing the epoch (EarlyStopping)
    lenet5(), alexnet()          the classic architectures (uncompiled), as their papers count parameters
    residual_block(x, Co, s)     H(x) = relu(F(x) + x), with a 1x1 projection where the shapes differ
    feature_maps(model, image)   the outputs of a model's Conv2D and pooling layers on one image
    architecture(build)          a model's parameter and layer counts, built without allocating any weight
    set_weights_by_shape(m, s)   deterministic weights that depend only on each variable's name and shape
    time_convolutions(...)       the naive and the vectorised numpy convolution against tf.nn.conv2d

Keras and TensorFlow are imported inside the functions.
"""

from __future__ import annotations

import time

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = ["digits_cnn", "train_digits_cnn", "feature_maps", "lenet5", "alexnet", "residual_block", "architecture",
           "weight_by_shape", "set_weights_by_shape", "residual_params", "time_convolutions"]


def digits_cnn(filters=(16, 32), n_classes: int = 10, input_shape=(8, 8, 1)):
    """The chapter's CNN for the 8 x 8 digits (uncompiled): two [Conv2D 3x3 same, relu -> MaxPooling2D 2].

        (8, 8, 1) -> conv 16 -> (8, 8, 16) -> pool -> (4, 4, 16) -> conv 32 -> (4, 4, 32) -> pool -> (2, 2, 32)
        -> Flatten (128) -> Dense(10, softmax)

    Example:
        >>> digits_cnn().count_params()        # (9 + 1) 16 + (9 16 + 1) 32 + (128 + 1) 10
        6090
    """
    import keras

    filters = [validate.integer(f, "filters", low=1, where="digits_cnn") for f in filters]
    n_classes = validate.integer(n_classes, "n_classes", low=2, where="digits_cnn")
    model = keras.Sequential([keras.Input(shape=tuple(input_shape))], name="digits_cnn")
    for f in filters:
        model.add(keras.layers.Conv2D(f, 3, padding="same", activation="relu"))
        model.add(keras.layers.MaxPooling2D(2))
    model.add(keras.layers.Flatten())
    model.add(keras.layers.Dense(n_classes, activation="softmax"))
    return model


def train_digits_cnn(X_train, y_train, X_val, y_val, seed: int = 0, epochs: int = 20, batch_size: int = 32,
                     learning_rate: float = 0.01, patience: int = 5, build=None, callbacks=()):
    """Seed, build, compile (Adam, sparse categorical cross-entropy, accuracy) and train a CNN.

    The validation set chooses the epoch: EarlyStopping(monitor="val_accuracy", patience,
    restore_best_weights=True) stops when the validation accuracy has not improved for `patience`
    epochs and puts back the weights of the best epoch. One epoch is one pass over a shuffled, repeated
    tf.data pipeline (fast on small data); `seed` fixes the initial weights and the shuffle, and
    Python's and numpy's global random states are left as they were (dlkit.models.training.seeded).

    Args:
        X_train (N, Hi, Wi, Ci), y_train (N,): training images and labels; X_val, y_val: validation.
        seed: int >= 0; epochs: the most epochs; batch_size; learning_rate: Adam's; patience: epochs.
        build: function() -> an uncompiled model (default digits_cnn).
        callbacks: more Keras callbacks (e.g. dlkit.progress.keras_progress(epochs)).

    Returns:
        (model, history).
    """
    import keras
    import tensorflow as tf

    from dlkit.models.training import seeded

    where = "train_digits_cnn"
    X_train = validate.array(X_train, "X_train", ndim=4, dtype=np.float32, where=where)
    X_val = validate.array(X_val, "X_val", ndim=4, dtype=np.float32, where=where)
    y_train = validate.labels(y_train, "y_train", n=len(X_train), where=where)
    y_val = validate.labels(y_val, "y_val", n=len(X_val), where=where)
    seed = validate.integer(seed, "seed", low=0, where=where)
    epochs = validate.integer(epochs, "epochs", low=1, where=where)
    batch_size = validate.integer(batch_size, "batch_size", low=1, where=where)
    patience = validate.integer(patience, "patience", low=0, where=where)
    learning_rate = validate.number(learning_rate, "learning_rate", low=0, low_open=True, where=where)
    build = build or digits_cnn
    with seeded(seed):
        model = build()
        model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"], jit_compile=False)
        ds = (tf.data.Dataset.from_tensor_slices((X_train, y_train)).shuffle(len(X_train), seed=seed)
              .batch(batch_size).repeat())
        stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=patience, restore_best_weights=True)
        history = model.fit(ds, epochs=epochs, steps_per_epoch=int(np.ceil(len(X_train) / batch_size)),
                            validation_data=(X_val, y_val), verbose=0, shuffle=False,
                            callbacks=[stop, *callbacks])
    return model, history


def feature_maps(model, image) -> list:
    """What each convolution and pooling layer of a Sequential CNN makes of one image.

    Args:
        model: a built keras.Sequential whose first layers are Conv2D / pooling layers.
        image: (Hi, Wi, Ci), one input.

    Returns:
        list of (layer name, (H, W, C) array), in layer order, up to the first layer that is neither.
    """
    import keras

    image = validate.array(image, "image", ndim=3, dtype=np.float32, where="feature_maps")
    x = image[None]                                                     # (1, Hi, Wi, Ci)
    maps = []
    for layer in model.layers:
        if not isinstance(layer, (keras.layers.Conv2D, keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            break
        x = layer(x)
        maps.append((layer.name, np.asarray(x)[0]))
    return maps


def lenet5(input_shape=(32, 32, 1), n_classes: int = 10):
    """LeNet-5 (LeCun et al. 1998), uncompiled: 61,706 parameters on 32 x 32 images.

        C1 conv 6 @ 5x5, tanh -> S2 avg pool 2 -> C3 conv 16 @ 5x5, tanh -> S4 avg pool 2
        -> C5 conv 120 @ 5x5, tanh (1 x 1 x 120) -> Flatten -> F6 Dense 84, tanh -> Dense 10, softmax

    (The paper's C3 connects each map to only some of S2's maps, 1,516 weights instead of 2,416, and its
    output layer uses RBF units; the full connections here are how LeNet-5 is rebuilt today.)

    Example:
        >>> lenet5().count_params()
        61706
    """
    import keras

    L = keras.layers
    return keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        L.Conv2D(6, 5, activation="tanh"), L.AveragePooling2D(2),       # (28, 28, 6) -> (14, 14, 6)
        L.Conv2D(16, 5, activation="tanh"), L.AveragePooling2D(2),      # (10, 10, 16) -> (5, 5, 16)
        L.Conv2D(120, 5, activation="tanh"), L.Flatten(),               # (1, 1, 120) -> (120,)
        L.Dense(84, activation="tanh"), L.Dense(n_classes, activation="softmax"),
    ], name="lenet5")


def alexnet(input_shape=(227, 227, 3), n_classes: int = 1000):
    """AlexNet (Krizhevsky et al. 2012) in one tower, uncompiled: 62,378,344 parameters.

        conv 96 @ 11x11 / 4 -> max pool 3 / 2 -> conv 256 @ 5x5 same -> pool -> conv 384, 384, 256 @ 3x3 same
        -> pool (6, 6, 256) -> Flatten (9216) -> Dense 4096 -> Dropout -> Dense 4096 -> Dropout -> Dense 1000

    (The paper split conv 2, 4 and 5 over two GPUs, each half seeing half of the maps: about 61 M
    parameters, the "60M" quoted in 003. Local response normalisation, which has no weights, is left out.)
    """
    import keras

    L = keras.layers
    return keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        L.Conv2D(96, 11, strides=4, activation="relu"), L.MaxPooling2D(3, 2),            # (55, 55, 96) -> 27
        L.Conv2D(256, 5, padding="same", activation="relu"), L.MaxPooling2D(3, 2),       # (27, 27, 256) -> 13
        L.Conv2D(384, 3, padding="same", activation="relu"),
        L.Conv2D(384, 3, padding="same", activation="relu"),
        L.Conv2D(256, 3, padding="same", activation="relu"), L.MaxPooling2D(3, 2),       # (13, 13, 256) -> 6
        L.Flatten(),
        L.Dense(4096, activation="relu"), L.Dropout(0.5),
        L.Dense(4096, activation="relu"), L.Dropout(0.5),
        L.Dense(n_classes, activation="softmax"),
    ], name="alexnet")


def residual_block(x, filters: int, stride: int = 1):
    """The residual block (003 eq. 38) on a Keras tensor: relu(F(x) + shortcut(x)).

        F(x)        = BN(Conv2D(filters, 3, "same")(relu(BN(Conv2D(filters, 3, strides=stride, "same")(x)))))
        shortcut(x) = x if x has `filters` channels and stride is 1, else BN(Conv2D(filters, 1, strides=stride)(x))

    003's version adds x itself, which fails when the block changes the number of channels or the size:
    the 1x1 projection (ResNet's "option B") makes the two branches the same shape.

    Example:
        >>> import keras
        >>> inp = keras.Input((8, 8, 4))
        >>> keras.Model(inp, residual_block(inp, 8, stride=2)).output_shape
        (None, 4, 4, 8)
    """
    import keras

    L = keras.layers
    h = L.Conv2D(filters, 3, strides=stride, padding="same")(x)
    h = L.BatchNormalization()(h)
    h = L.Activation("relu")(h)
    h = L.Conv2D(filters, 3, padding="same")(h)
    h = L.BatchNormalization()(h)
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = L.Conv2D(filters, 1, strides=stride)(x)
        shortcut = L.BatchNormalization()(shortcut)
    return L.Activation("relu")(L.Add()([h, shortcut]))


def architecture(build) -> dict:
    """Parameter and layer counts of the model `build()` returns, without allocating its weights.

    The model is built inside keras.StatelessScope(initialize_variables=False): Keras records each
    weight's shape but creates no array (VGG16's 138 M weights would take 553 MB and seconds to fill).
    The model cannot be run; afterwards keras.backend.clear_session() drops the uninitialised weights
    so that nothing allocates them later.

    Args:
        build: function() -> a keras.Model, e.g. `lambda: keras.applications.VGG16(weights=None)`.

    Returns:
        {"name", "params", "conv_layers", "dense_layers", "layers" (with weights), "input_shape", "output_shape"}.

    Example:
        >>> architecture(lenet5)["params"], architecture(lenet5)["conv_layers"]
        (61706, 3)
    """
    import keras

    with keras.StatelessScope(initialize_variables=False):
        model = build()
        kinds = [type(layer).__name__ for layer in model.layers if layer.weights]
        out = {"name": model.name, "params": int(model.count_params()),
               "conv_layers": sum(k == "Conv2D" for k in kinds), "dense_layers": sum(k == "Dense" for k in kinds),
               "layers": len(kinds), "input_shape": tuple(model.input_shape[1:]),
               "output_shape": tuple(model.output_shape[1:])}
    del model
    keras.backend.clear_session()
    return out


# --- deterministic weights (the residual-block exercise) ---------------------------------------------

_KINDS = {"kernel": 0, "bias": 1, "gamma": 2, "beta": 3, "moving_mean": 4, "moving_variance": 5}


def weight_by_shape(seed: int, kind: str, shape) -> np.ndarray:
    """A float32 array that depends only on (seed, kind, shape): the same for every layer of that shape.

        kernel          N(0, 1 / fan_in), fan_in = the product of all but the last axis
        bias, beta      0 (bias), N(0, 0.2^2) (beta)
        gamma           U(0.5, 1.5);  moving_mean N(0, 0.2^2);  moving_variance U(0.5, 1.5)

    Two models with the same layers get the same weights, whatever order they create them in, so a
    learner's model and a numpy reference can be compared on predictions.

    Example:
        >>> weight_by_shape(0, "bias", (3,))
        array([0., 0., 0.], dtype=float32)
    """
    validate.choice(kind, "kind", tuple(_KINDS), where="weight_by_shape")
    shape = tuple(int(s) for s in shape)
    rng = np.random.default_rng([int(seed), _KINDS[kind], len(shape), *shape])
    if kind == "kernel":
        w = rng.normal(size=shape) / np.sqrt(max(int(np.prod(shape[:-1])), 1))
    elif kind == "bias":
        w = np.zeros(shape)
    elif kind in ("gamma", "moving_variance"):
        w = rng.uniform(0.5, 1.5, size=shape)
    else:
        w = rng.normal(scale=0.2, size=shape)
    return w.astype(np.float32)


def set_weights_by_shape(model, seed: int) -> None:
    """Give every weight of `model` the value weight_by_shape(seed, its name, its shape) (in place).

    Weights whose name is not one of kernel, bias, gamma, beta, moving_mean, moving_variance are
    refused with a CheckError naming the layer.
    """
    for layer in model.layers:
        for var in layer.weights:
            name = var.name.split("/")[-1].split(":")[0]
            if name not in _KINDS:
                raise fail(f"set_weights_by_shape: layer {layer.name!r} has a weight {name!r} of no known kind",
                           " or ".join(_KINDS), name)
            var.assign(weight_by_shape(seed, name, var.shape))


def residual_params(seed: int, in_channels: int, filters: int, stride: int = 1) -> dict:
    """The params of dlkit.nn.conv.residual_block_forward that set_weights_by_shape gives a Keras block."""
    Ci, Co = int(in_channels), int(filters)
    p = {"W1": weight_by_shape(seed, "kernel", (3, 3, Ci, Co)), "b1": weight_by_shape(seed, "bias", (Co,)),
         "W2": weight_by_shape(seed, "kernel", (3, 3, Co, Co)), "b2": weight_by_shape(seed, "bias", (Co,))}
    keys = ["1", "2"]
    if stride != 1 or Ci != Co:
        p.update(Ws=weight_by_shape(seed, "kernel", (1, 1, Ci, Co)), bs=weight_by_shape(seed, "bias", (Co,)))
        keys.append("s")
    for k in keys:
        p.update({f"gamma{k}": weight_by_shape(seed, "gamma", (Co,)), f"beta{k}": weight_by_shape(seed, "beta", (Co,)),
                  f"mean{k}": weight_by_shape(seed, "moving_mean", (Co,)),
                  f"var{k}": weight_by_shape(seed, "moving_variance", (Co,))})
    return p


# --- speed ---------------------------------------------------------------------------------------

def _best(fn, repeat: int) -> float:
    fn()                                        # warm up (TensorFlow's first call builds its kernel)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def time_convolutions(N: int = 64, size: int = 28, Ci: int = 8, Co: int = 16, k: int = 3, naive_images: int = 1,
                      repeat: int = 10, seed: int = 0, vectorised=None, naive=None) -> dict:
    """Seconds per batch of the naive and the vectorised numpy convolution, and of tf.nn.conv2d (float32).

    The batch is N images of size x size x Ci (float32), Co filters of k x k, stride 1, "valid". The
    vectorised function and TensorFlow run on the whole batch, best of `repeat` runs; the naive loops
    run once on `naive_images` images and are scaled to N (their time grows linearly with N), which is
    what keeps the measurement affordable; naive_images=0 leaves them out (None in the result).

    Args:
        vectorised, naive: functions (X, W, b, stride, padding) returning out or (out, cache), called with
            padding "valid" (vectorised) and 0 (naive, an int p as in chapter 10's exercise); default
            dlkit.nn.conv.conv2d_forward and conv2d_naive.

    Returns:
        {"tensorflow", "vectorised", "naive"} seconds per batch, "naive_measured_on" (images), and the
        largest absolute difference of each numpy result from TensorFlow's ("vectorised_error",
        "naive_error").
    """
    import tensorflow as tf

    from dlkit.nn import conv

    naive_images = validate.integer(naive_images, "naive_images", low=0, high=N, where="time_convolutions")
    vectorised = vectorised or conv.conv2d_forward
    naive = naive or conv.conv2d_naive
    first = lambda r: r[0] if isinstance(r, tuple) else r       # noqa: E731
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, size, size, Ci)).astype(np.float32)          # (N, Hi, Wi, Ci)
    W = (rng.normal(size=(k, k, Ci, Co)) / np.sqrt(k * k * Ci)).astype(np.float32)   # (k, k, Ci, Co)
    b = rng.normal(size=Co).astype(np.float32)
    Xt, Wt, bt = tf.constant(X), tf.constant(W), tf.constant(b)
    reference = (tf.nn.conv2d(Xt, Wt, 1, "VALID") + bt).numpy()         # (N, Ho, Wo, Co)
    t_tf = _best(lambda: (tf.nn.conv2d(Xt, Wt, 1, "VALID") + bt).numpy(), repeat)
    t_vec = _best(lambda: vectorised(X, W, b, 1, "valid"), repeat)
    vec_error = float(np.max(np.abs(first(vectorised(X, W, b, 1, "valid")) - reference)))
    t_naive = naive_error = None
    if naive_images:
        start = time.perf_counter()
        naive_out = first(naive(X[:naive_images], W, b, 1, 0))          # padding 0 = "valid"
        t_naive = (time.perf_counter() - start) * N / naive_images
        naive_error = float(np.max(np.abs(naive_out - reference[:naive_images])))
    return {"tensorflow": t_tf, "vectorised": t_vec, "naive": t_naive, "naive_measured_on": naive_images,
            "vectorised_error": vec_error, "naive_error": naive_error,
            "batch": (N, size, size, Ci), "kernel": (k, k, Ci, Co)}
