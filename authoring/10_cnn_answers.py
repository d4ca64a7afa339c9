"""Wrong and right answers for the exercises of 10_cnn (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks.
"""

WRONG = {
    "conv_output_size": [
        {"why": "true division: returns a float", "expect": "floor division",
         "edit": [("(n + 2 * p - f) // s + 1", "(n + 2 * p - f) / s + 1")]},
        {"why": "forgets the +1", "expect": "the +1 is missing",
         "edit": [("(n + 2 * p - f) // s + 1", "(n + 2 * p - f) // s")]},
        {"why": "pads one side only", "expect": "on *each* side",
         "edit": [("(n + 2 * p - f) // s + 1", "(n + p - f) // s + 1")]},
        {"why": "ignores the stride", "expect": "the stride is ignored",
         "edit": [("(n + 2 * p - f) // s + 1", "n + 2 * p - f + 1")]},
        {"why": "rounds up", "expect": "rounded up",
         "code": '''def conv_output_size(n, f, p=0, s=1):
    import math

    return math.ceil((n + 2 * p - f) / s) + 1
'''},
    ],
    "conv2d_naive": [
        {"why": "flips the kernel (true convolution)", "expect": "the kernel is flipped",
         "edit": [("* W[u, v, c, o]", "* W[kh - 1 - u, kw - 1 - v, c, o]")]},
        {"why": "forgets the bias", "expect": "the bias is missing",
         "edit": [("total = b[o]", "total = 0.0")]},
        {"why": "ignores the stride", "expect": "the stride is ignored",
         "edit": [("Ho, Wo = (Hi + 2 * p - kh) // s + 1, (Wi + 2 * p - kw) // s + 1",
                   "Ho, Wo = Hi + 2 * p - kh + 1, Wi + 2 * p - kw + 1"),
                  ("Xp[n, s * i + u, s * j + v, c]", "Xp[n, i + u, j + v, c]")]},
        {"why": "ignores the padding", "expect": "the padding is ignored",
         "edit": [("Xp = np.pad(X, ((0, 0), (p, p), (p, p), (0, 0)))", "Xp = X"),
                  ("Ho, Wo = (Hi + 2 * p - kh) // s + 1, (Wi + 2 * p - kw) // s + 1",
                   "Ho, Wo = (Hi - kh) // s + 1, (Wi - kw) // s + 1")]},
        {"why": "uses only the first input channel", "expect": "only the first input channel",
         "edit": [("for c in range(Ci):", "for c in range(1):")]},
        {"why": "window at (i, j) instead of (s i, s j)", "expect": "starts at row i",
         "edit": [("Xp[n, s * i + u, s * j + v, c]", "Xp[n, i + u, j + v, c]")]},
        {"why": "adds the bias inside the sum", "expect": "inside the sum",
         "edit": [("total = b[o]", "total = 0.0"),
                  ("total += Xp[n, s * i + u, s * j + v, c] * W[u, v, c, o]",
                   "total += Xp[n, s * i + u, s * j + v, c] * W[u, v, c, o] + b[o]")]},
    ],
    "conv2d_forward": [
        {"why": "returns out alone", "expect": "the pair (out, cache)",
         "edit": [("return out, (X, W, b, stride, padding)", "return out")]},
        {"why": "flips the kernel", "expect": "the kernel is flipped",
         "edit": [("out = (columns @ W.reshape(kh * kw * Ci, Co) + b)",
                   "out = (columns @ W[::-1, ::-1].reshape(kh * kw * Ci, Co) + b)")]},
        {"why": "forgets the bias", "expect": "the bias is missing",
         "edit": [("out = (columns @ W.reshape(kh * kw * Ci, Co) + b)", "out = (columns @ W.reshape(kh * kw * Ci, Co))")]},
        {"why": "'same' pads f // 2 on each side (wrong for even kernels)", "expect": "f // 2",
         "edit": [("(top, bottom), (left, right) = conv.same_padding(Hi, kh, s), conv.same_padding(Wi, kw, s)",
                   "(top, bottom), (left, right) = (kh // 2, kh // 2), (kw // 2, kw // 2)")]},
        {"why": "the extra padding row at the top/left", "expect": "top/left",
         "edit": [("(top, bottom), (left, right) = conv.same_padding(Hi, kh, s), conv.same_padding(Wi, kw, s)",
                   "(bottom, top), (right, left) = conv.same_padding(Hi, kh, s), conv.same_padding(Wi, kw, s)")]},
        {"why": "ignores the stride", "expect": "the stride is ignored",
         "edit": [("windows = windows[:, ::s, ::s][:, :Ho, :Wo]", "windows = windows[:, :Ho, :Wo]"),
                  ("Ho = (X_pad.shape[1] - kh) // s + 1", "Ho = X_pad.shape[1] - kh + 1"),
                  ("Wo = (X_pad.shape[2] - kw) // s + 1", "Wo = X_pad.shape[2] - kw + 1")]},
        {"why": "'same' keeps the input size even with a stride", "expect": "ceil(n / s)",
         "code": '''def conv2d_forward(X, W, b, stride=1, padding="valid"):
    N, Hi, Wi, Ci = X.shape
    kh, kw, _, Co = W.shape
    if padding == "same":
        Ho, Wo = Hi, Wi
        th, tw = (Hi - 1) * stride + kh - Hi, (Wi - 1) * stride + kw - Wi
        Xp = np.pad(X, ((0, 0), (th // 2, th - th // 2), (tw // 2, tw - tw // 2), (0, 0)))
    else:
        Ho, Wo = (Hi - kh) // stride + 1, (Wi - kw) // stride + 1
        Xp = X
    out = np.zeros((N, Ho, Wo, Co))
    for u in range(kh):
        for v in range(kw):
            out += Xp[:, u:u + stride * (Ho - 1) + 1:stride, v:v + stride * (Wo - 1) + 1:stride, :] @ W[u, v]
    return out + b, None
'''},
        {"why": "im2col with the wrong column order (channels first, kernel unchanged)", "expect": "ordered (channel, row, column)",
         "edit": [("windows.transpose(0, 1, 2, 4, 5, 3).reshape(N * Ho * Wo, kh * kw * Ci)",
                   "windows.reshape(N * Ho * Wo, kh * kw * Ci)")]},
    ],
    "maxpool_forward": [
        {"why": "average instead of max", "expect": "average pooling",
         "code": '''def maxpool_forward(X, pool_size=2, stride=None):
    s = pool_size if stride is None else stride
    N, Hi, Wi, C = X.shape
    Ho, Wo = (Hi - pool_size) // s + 1, (Wi - pool_size) // s + 1
    out = np.zeros((N, Ho, Wo, C))
    for i in range(Ho):
        for j in range(Wo):
            out[:, i, j, :] = X[:, s * i:s * i + pool_size, s * j:s * j + pool_size, :].mean(axis=(1, 2))
    return out, None
'''},
        {"why": "stride None read as 1", "expect": "stride=None means stride = pool_size",
         "edit": [("s = k if stride is None else stride", "s = 1 if stride is None else stride")]},
        {"why": "max over the channels too", "expect": "each channel separately",
         "code": '''def maxpool_forward(X, pool_size=2, stride=None):
    s = pool_size if stride is None else stride
    N, Hi, Wi, C = X.shape
    Ho, Wo = (Hi - pool_size) // s + 1, (Wi - pool_size) // s + 1
    out = np.zeros((N, Ho, Wo, 1))
    for i in range(Ho):
        for j in range(Wo):
            out[:, i, j, 0] = X[:, s * i:s * i + pool_size, s * j:s * j + pool_size, :].max(axis=(1, 2, 3))
    return out, None
'''},
        {"why": "returns out alone", "expect": "the pair (out, cache)",
         "edit": [("return out, (X, k, s)", "return out")]},
        {"why": "keeps partial windows (rounds up)", "expect": "dropped",
         "code": '''def maxpool_forward(X, pool_size=2, stride=None):
    s = pool_size if stride is None else stride
    N, Hi, Wi, C = X.shape
    Ho, Wo = -(-(Hi - pool_size) // s) + 1, -(-(Wi - pool_size) // s) + 1
    out = np.zeros((N, Ho, Wo, C))
    for i in range(Ho):
        for j in range(Wo):
            out[:, i, j, :] = X[:, s * i:s * i + pool_size, s * j:s * j + pool_size, :].max(axis=(1, 2))
    return out, None
'''},
        {"why": "window at (i, j) instead of (s i, s j)", "expect": "starts at stride*i",
         "code": '''def maxpool_forward(X, pool_size=2, stride=None):
    s = pool_size if stride is None else stride
    N, Hi, Wi, C = X.shape
    Ho, Wo = (Hi - pool_size) // s + 1, (Wi - pool_size) // s + 1
    out = np.zeros((N, Ho, Wo, C))
    for i in range(Ho):
        for j in range(Wo):
            out[:, i, j, :] = X[:, i:i + pool_size, j:j + pool_size, :].max(axis=(1, 2))
    return out, None
'''},
    ],
    "train_cnn": [
        {"why": "a dense network, no convolution", "expect": "no Conv2D layer",
         "edit": [('''        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),''', '''        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),''')]},
        {"why": "returns the History of fit", "expect": "return the model you trained",
         "edit": [('''    model.fit(X_train, y_train, epochs=20''', '''    return model.fit(X_train, y_train, epochs=20''')]},
        {"why": "trains one epoch only", "expect": "test accuracy",
         "edit": [("epochs=20, batch_size=32", "epochs=1, batch_size=256")]},
        {"why": "one-hot loss with integer labels", "expect": "sparse_categorical_crossentropy",
         "edit": [('loss="sparse_categorical_crossentropy"', 'loss="categorical_crossentropy"')]},
    ],
    "residual_block": [
        {"why": "always adds x (003's block): fails when the shapes differ", "expect": "Add() needs two tensors",
         "code": '''def residual_block(x, filters, stride=1):
    layers = keras.layers
    f = layers.Conv2D(filters, 3, strides=stride, padding="same")(x)
    f = layers.BatchNormalization()(f)
    f = layers.Activation("relu")(f)
    f = layers.Conv2D(filters, 3, padding="same")(f)
    f = layers.BatchNormalization()(f)
    return layers.Activation("relu")(layers.Add()([f, x]))
'''},
        {"why": "always projects, even when shapes match", "expect": "without a projection",
         "edit": [("if stride == 1 and x.shape[-1] == filters:", "if False:")]},
        {"why": "ReLU before the addition (and after it)", "expect": "before the addition",
         "edit": [("    f = layers.BatchNormalization()(f)\n    if stride",
                   "    f = layers.BatchNormalization()(f)\n    f = layers.Activation(\"relu\")(f)\n    if stride")]},
        {"why": "ReLU before the addition instead of after it", "expect": "before the addition, and the sum has none",
         "edit": [("    f = layers.BatchNormalization()(f)\n    if stride",
                   "    f = layers.BatchNormalization()(f)\n    f = layers.Activation(\"relu\")(f)\n    if stride"),
                  ("return layers.Activation(\"relu\")(layers.Add()([f, shortcut]))", "return layers.Add()([f, shortcut])")]},
        {"why": "no ReLU after the addition", "expect": "after the addition is missing",
         "edit": [("return layers.Activation(\"relu\")(layers.Add()([f, shortcut]))", "return layers.Add()([f, shortcut])")]},
        {"why": "stride in both convolutions", "expect": "the stride only in the first one",
         "edit": [("f = layers.Conv2D(filters, 3, padding=\"same\")(f)",
                   "f = layers.Conv2D(filters, 3, strides=stride, padding=\"same\")(f)"),
                  ("shortcut = layers.Conv2D(filters, 1, strides=stride)(x)", "shortcut = layers.Conv2D(filters, 1, strides=stride * stride)(x)")]},
        {"why": "projection without batch normalisation", "expect": "BatchNormalization",
         "edit": [("        shortcut = layers.BatchNormalization()(shortcut)\n", "")]},
        {"why": "returns a Model instead of the tensor", "expect": "output tensor",
         "edit": [("return layers.Activation(\"relu\")(layers.Add()([f, shortcut]))",
                   "return keras.Model(x, layers.Activation(\"relu\")(layers.Add()([f, shortcut])))")]},
    ],
}

RIGHT = {
    "conv_output_size": [
        {"why": "int of a float division (floor for positive sizes)",
         "edit": [("return (n + 2 * p - f) // s + 1", "return int((n + 2 * p - f) / s) + 1")]},
        {"why": "math.floor", "code": '''def conv_output_size(n, f, p=0, s=1):
    import math

    return math.floor((n + 2 * p - f) / s) + 1
'''},
        {"why": "counting the window positions", "code": '''def conv_output_size(n, f, p=0, s=1):
    return len(range(0, n + 2 * p - f + 1, s))
'''},
        {"why": "numpy floor division (numpy int)", "code": '''def conv_output_size(n, f, p=0, s=1):
    return np.floor_divide(n + 2 * p - f, s) + 1
'''},
    ],
    "conv2d_naive": [
        {"why": "np.sum over each window (three loops fewer)", "code": '''def conv2d_naive(X, W, b, stride=1, padding=0):
    N, Hi, Wi, Ci = X.shape
    kh, kw, _, Co = W.shape
    s, p = stride, padding
    Xp = np.pad(X, ((0, 0), (p, p), (p, p), (0, 0)))
    Ho, Wo = (Hi + 2 * p - kh) // s + 1, (Wi + 2 * p - kw) // s + 1
    out = np.zeros((N, Ho, Wo, Co))
    for n in range(N):
        for i in range(Ho):
            for j in range(Wo):
                window = Xp[n, s * i:s * i + kh, s * j:s * j + kw, :]
                for o in range(Co):
                    out[n, i, j, o] = np.sum(window * W[:, :, :, o]) + b[o]
    return out
'''},
        {"why": "loops in another order (kernel cells outside)", "code": '''def conv2d_naive(X, W, b, stride=1, padding=0):
    N, Hi, Wi, Ci = X.shape
    kh, kw, _, Co = W.shape
    Xp = np.pad(X, ((0, 0), (padding,) * 2, (padding,) * 2, (0, 0)))
    Ho = (Hi + 2 * padding - kh) // stride + 1
    Wo = (Wi + 2 * padding - kw) // stride + 1
    out = np.zeros((N, Ho, Wo, Co)) + b
    for u in range(kh):
        for v in range(kw):
            for c in range(Ci):
                for o in range(Co):
                    for n in range(N):
                        for i in range(Ho):
                            for j in range(Wo):
                                out[n, i, j, o] += Xp[n, stride * i + u, stride * j + v, c] * W[u, v, c, o]
    return out
'''},
        {"why": "tensordot per window", "code": '''def conv2d_naive(X, W, b, stride=1, padding=0):
    Xp = np.pad(X, [(0, 0), (padding, padding), (padding, padding), (0, 0)])
    kh, kw = W.shape[:2]
    Ho = (Xp.shape[1] - kh) // stride + 1
    Wo = (Xp.shape[2] - kw) // stride + 1
    out = np.empty((X.shape[0], Ho, Wo, W.shape[3]))
    for i in range(Ho):
        for j in range(Wo):
            patch = Xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]   # (N, kh, kw, Ci)
            out[:, i, j, :] = np.tensordot(patch, W, axes=([1, 2, 3], [0, 1, 2])) + b
    return out
'''},
    ],
    "conv2d_forward": [
        {"why": "a loop over the kernel cells, one matmul each", "code": '''def conv2d_forward(X, W, b, stride=1, padding="valid"):
    N, Hi, Wi, Ci = X.shape
    kh, kw, _, Co = W.shape
    s = stride
    if padding == "same":
        ph, pw = conv.same_padding(Hi, kh, s), conv.same_padding(Wi, kw, s)
        X = np.pad(X, ((0, 0), ph, pw, (0, 0)))
    Ho, Wo = (X.shape[1] - kh) // s + 1, (X.shape[2] - kw) // s + 1
    out = np.zeros((N, Ho, Wo, Co)) + b
    for u in range(kh):
        for v in range(kw):
            out += X[:, u:u + s * (Ho - 1) + 1:s, v:v + s * (Wo - 1) + 1:s, :] @ W[u, v]
    return out, (X, W, stride)
'''},
        {"why": "einsum over a sliding-window view", "code": '''def conv2d_forward(X, W, b, stride=1, padding="valid"):
    kh, kw = W.shape[:2]
    if padding == "same":
        pads = [conv.same_padding(n, f, stride) for n, f in zip(X.shape[1:3], (kh, kw))]
        X = np.pad(X, [(0, 0), pads[0], pads[1], (0, 0)])
    win = np.lib.stride_tricks.sliding_window_view(X, (kh, kw), axis=(1, 2))[:, ::stride, ::stride]
    out = np.einsum("nijcuv,uvco->nijo", win, W) + b
    return out, {"X": X, "W": W}
'''},
        {"why": "as_strided im2col, written by hand", "code": '''def conv2d_forward(X, W, b, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import as_strided

    N, Hi, Wi, Ci = X.shape
    kh, kw, _, Co = W.shape
    if padding == "same":
        out_h, out_w = -(-Hi // stride), -(-Wi // stride)
        th = max((out_h - 1) * stride + kh - Hi, 0)
        tw = max((out_w - 1) * stride + kw - Wi, 0)
        X = np.pad(X, ((0, 0), (th // 2, th - th // 2), (tw // 2, tw - tw // 2), (0, 0)))
    X = np.ascontiguousarray(X)
    Ho, Wo = (X.shape[1] - kh) // stride + 1, (X.shape[2] - kw) // stride + 1
    sn, sh, sw, sc = X.strides
    cols = as_strided(X, shape=(N, Ho, Wo, kh, kw, Ci), strides=(sn, sh * stride, sw * stride, sh, sw, sc))
    out = cols.reshape(N * Ho * Wo, -1) @ W.reshape(-1, Co) + b
    return out.reshape(N, Ho, Wo, Co), (cols, W)
'''},
        {"why": "tensordot and a list (cache as a list)", "code": '''def conv2d_forward(X, W, b, stride=1, padding="valid"):
    kh, kw, Ci, Co = W.shape
    if padding == "same":
        (a, c), (d, e) = conv.same_padding(X.shape[1], kh, stride), conv.same_padding(X.shape[2], kw, stride)
        X = np.pad(X, ((0, 0), (a, c), (d, e), (0, 0)))
    win = np.lib.stride_tricks.sliding_window_view(X, (kh, kw), axis=(1, 2))[:, ::stride, ::stride]
    out = np.tensordot(win, W, axes=([3, 4, 5], [2, 0, 1])) + b
    return [out, None]
'''},
    ],
    "maxpool_forward": [
        {"why": "loops over the output cells", "code": '''def maxpool_forward(X, pool_size=2, stride=None):
    s = pool_size if stride is None else stride
    N, Hi, Wi, C = X.shape
    Ho, Wo = (Hi - pool_size) // s + 1, (Wi - pool_size) // s + 1
    out = np.zeros((N, Ho, Wo, C))
    for i in range(Ho):
        for j in range(Wo):
            out[:, i, j, :] = X[:, s * i:s * i + pool_size, s * j:s * j + pool_size, :].max(axis=(1, 2))
    return out, (X, pool_size, s)
'''},
        {"why": "sliding_window_view", "code": '''def maxpool_forward(X, pool_size=2, stride=None):
    s = stride or pool_size
    win = np.lib.stride_tricks.sliding_window_view(X, (pool_size, pool_size), axis=(1, 2))[:, ::s, ::s]
    return win.max(axis=(-2, -1)), X
'''},
        {"why": "reshape trick for non-overlapping windows, loops otherwise", "code": '''def maxpool_forward(X, pool_size=2, stride=None):
    k = pool_size
    s = k if stride is None else stride
    N, H, W, C = X.shape
    Ho, Wo = (H - k) // s + 1, (W - k) // s + 1
    if s == k:
        out = X[:, :Ho * k, :Wo * k, :].reshape(N, Ho, k, Wo, k, C).max(axis=(2, 4))
    else:
        out = np.array([[X[:, i * s:i * s + k, j * s:j * s + k].max(axis=(1, 2)) for j in range(Wo)]
                        for i in range(Ho)]).transpose(2, 0, 1, 3)
    return (out, None)
'''},
    ],
    "train_cnn": [
        {"why": "the solution with MaxPooling2D(pool_size=(2, 2)) and kernel_size=(3, 3)",
         "edit": [('keras.layers.Conv2D(16, 3, padding="same", activation="relu")',
                   'keras.layers.Conv2D(filters=16, kernel_size=(3, 3), padding="same", activation="relu")')]},
        {"why": "a tf.data pipeline and a ModelCheckpoint-free early stop on val_loss", "code": '''def train_cnn(X_train, y_train, X_val, y_val, seed=0):
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(32, 3, activation="relu", padding="same"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu", padding="same"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(keras.optimizers.Adam(0.005), "sparse_categorical_crossentropy", metrics=["accuracy"])
    train = tf.data.Dataset.from_tensor_slices((X_train, y_train)).shuffle(2000, seed=seed).batch(32)
    stop = keras.callbacks.EarlyStopping(patience=4, restore_best_weights=True)
    model.fit(train, epochs=25, validation_data=(X_val, y_val), verbose=0, callbacks=[stop])
    return model
'''},
        {"why": "a functional model with logits (from_logits=True), no early stopping", "code": '''def train_cnn(X_train, y_train, X_val, y_val, seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(8, 8, 1))
    h = keras.layers.Conv2D(16, (3, 3), padding="same", activation="relu")(inputs)
    h = keras.layers.MaxPooling2D((2, 2))(h)
    h = keras.layers.Conv2D(32, (3, 3), padding="same", activation="relu")(h)
    h = keras.layers.Flatten()(h)
    logits = keras.layers.Dense(10)(h)
    model = keras.Model(inputs, logits)
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(X_train, y_train, epochs=12, batch_size=32, validation_data=(X_val, y_val), verbose=0)
    return model
'''},
    ],
    "residual_block": [
        {"why": "ReLU() layers and keras.layers.add", "code": '''def residual_block(x, filters, stride=1):
    L = keras.layers
    shortcut = x
    h = L.Conv2D(filters, (3, 3), strides=(stride, stride), padding="same")(x)
    h = L.ReLU()(L.BatchNormalization()(h))
    h = L.BatchNormalization()(L.Conv2D(filters, (3, 3), padding="same")(h))
    if stride != 1 or x.shape[-1] != filters:
        shortcut = L.BatchNormalization()(L.Conv2D(filters, (1, 1), strides=stride, padding="same")(x))
    return L.ReLU()(L.add([h, shortcut]))
'''},
        {"why": "no conv biases (use_bias=False, as BN follows) and keras.ops", "code": '''def residual_block(x, filters, stride=1):
    L = keras.layers
    h = L.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)(x)
    h = keras.ops.relu(L.BatchNormalization()(h))
    h = L.BatchNormalization()(L.Conv2D(filters, 3, padding="same", use_bias=False)(h))
    if stride > 1 or x.shape[-1] != filters:
        x = L.BatchNormalization()(L.Conv2D(filters, 1, strides=stride, use_bias=False)(x))
    return keras.ops.relu(h + x)
'''},
        {"why": "the shortcut built first", "code": '''def residual_block(x, filters, stride=1):
    layers = keras.layers
    if stride == 1 and x.shape[-1] == filters:
        shortcut = x
    else:
        shortcut = layers.BatchNormalization()(layers.Conv2D(filters, 1, strides=stride)(x))
    h = x
    for i, s in enumerate((stride, 1)):
        h = layers.Conv2D(filters, 3, strides=s, padding="same")(h)
        h = layers.BatchNormalization()(h)
        if i == 0:
            h = layers.Activation("relu")(h)
    return layers.Activation("relu")(layers.Add()([h, shortcut]))
'''},
    ],
}
