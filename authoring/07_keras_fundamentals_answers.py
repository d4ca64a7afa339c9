"""Wrong and right answers for the exercises of 07_keras_fundamentals (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks. The RIGHT answers cover the three ways
of writing a model (Sequential, Functional, a keras.Model subclass), strings and objects for losses,
optimizers and metrics, and one-hot or integer labels where the text allows either.
"""

WRONG = {
    "normalize": [
        {"why": "forgets to normalise: returns the data unchanged", "expect": "forgetting normalisation",
         "code": '''def normalize(train, other):
    return train, other
'''},
        {"why": "scales the test set with its own statistics", "expect": "not its own",
         "code": '''def normalize(train, other):
    return ((train - train.mean(axis=0)) / train.std(axis=0),
            (other - other.mean(axis=0)) / other.std(axis=0))
'''},
        {"why": "divides by the variance", "expect": "not the variance",
         "code": '''def normalize(train, other):
    mu, var = train.mean(axis=0), train.var(axis=0)
    return (train - mu) / var, (other - mu) / var
'''},
        {"why": "one mean and std for the whole table (no axis)", "expect": "axis=0",
         "code": '''def normalize(train, other):
    mu, sigma = train.mean(), train.std()
    return (train - mu) / sigma, (other - mu) / sigma
'''},
        {"why": "returns only the normalised training set", "expect": "pair",
         "code": '''def normalize(train, other):
    return (train - train.mean(axis=0)) / train.std(axis=0)
'''},
        {"why": "sample standard deviation (ddof=1)", "expect": "ddof",
         "edit": [("sigma = train.std(axis=0)", "sigma = train.std(axis=0, ddof=1)")]},
    ],
    "build_regressor": [
        {"why": "relu on the regression output", "expect": "regression output must be linear",
         "code": '''def build_regressor(n_features):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(10, activation="relu"),
                              keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1, activation="relu")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model
'''},
        {"why": "hidden layers without activation", "expect": "without an activation is linear",
         "code": '''def build_regressor(n_features):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(10), keras.layers.Dense(10),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model
'''},
        {"why": "wrong units in the hidden layers", "expect": "wrong units",
         "code": '''def build_regressor(n_features):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(5, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model
'''},
        {"why": "missing compile metrics", "expect": "missing compile metrics",
         "code": '''def build_regressor(n_features):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(10, activation="relu"),
                              keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    return model
'''},
        {"why": "optimizer='adam' string: default learning rate 0.001", "expect": "learning rate",
         "code": '''def build_regressor(n_features):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(10, activation="relu"),
                              keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model
'''},
        {"why": "forgets to compile", "expect": "not compiled",
         "code": '''def build_regressor(n_features):
    return keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(10, activation="relu"),
                             keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)])
'''},
        {"why": "trains on the MAE instead of the MSE", "expect": "wrong loss",
         "code": '''def build_regressor(n_features):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(10, activation="relu"),
                              keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mae", metrics=["mae"])
    return model
'''},
        {"why": "builds the model once and returns the same object on every call", "expect": "new model on every call",
         "code": '''_cache = {}


def build_regressor(n_features):
    if n_features not in _cache:
        model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(10, activation="relu"),
                                  keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
        _cache[n_features] = model
    return _cache[n_features]
'''},
        {"why": "a subclassed model returned before it was ever called (no weights yet)", "expect": "called once",
         "code": '''class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.h1 = keras.layers.Dense(10, activation="relu")
        self.h2 = keras.layers.Dense(10, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, x):
        return self.out(self.h2(self.h1(x)))


def build_regressor(n_features):
    model = Regressor()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model
'''},
        {"why": "input width hard-coded to 8", "expect": "input features",
         "code": '''def build_regressor(n_features):
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(10, activation="relu"),
                              keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model
'''},
    ],
    "build_classifier": [
        {"why": "sigmoid on a multi-class output", "expect": "softmax",
         "code": '''def build_classifier(n_features, n_classes):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(n_classes, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model
'''},
        {"why": "sparse loss although the labels will be one-hot", "expect": "integer labels",
         "code": '''def build_classifier(n_features, n_classes):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
'''},
        {"why": "missing compile metrics", "expect": "missing compile metrics",
         "code": '''def build_classifier(n_features, n_classes):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy")
    return model
'''},
        {"why": "output units hard-coded to 10", "expect": "wrong units",
         "code": '''def build_classifier(n_features, n_classes):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model
'''},
        {"why": "softmax output and from_logits=True", "expect": "from_logits",
         "code": '''def build_classifier(n_features, n_classes):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model
'''},
        {"why": "no output activation at all", "expect": "softmax",
         "code": '''def build_classifier(n_features, n_classes):
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(n_classes)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model
'''},
    ],
    "train_regressor": [
        {"why": "fits on the raw predictors (forgets normalisation)", "expect": "forgetting normalisation",
         "code": '''def train_regressor(X_train, y_train, seed=0, epochs=20):
    keras.utils.set_random_seed(seed)
    model = build_regressor(X_train.shape[1])
    model.fit(X_train, y_train, epochs=epochs, batch_size=32, verbose=0)
    return model
'''},
        {"why": "trains a single epoch", "expect": "epochs",
         "code": '''def train_regressor(X_train, y_train, seed=0, epochs=20):
    X_n, _ = normalize(X_train, X_train)
    keras.utils.set_random_seed(seed)
    model = build_regressor(X_train.shape[1])
    model.fit(X_n, y_train, batch_size=32, verbose=0)
    return model
'''},
        {"why": "normalises the target too", "expect": "target",
         "code": '''def train_regressor(X_train, y_train, seed=0, epochs=20):
    X_n, _ = normalize(X_train, X_train)
    y_n = (y_train - y_train.mean()) / y_train.std()
    keras.utils.set_random_seed(seed)
    model = build_regressor(X_train.shape[1])
    model.fit(X_n, y_n, epochs=epochs, batch_size=32, verbose=0)
    return model
'''},
        {"why": "returns the History of fit", "expect": "History",
         "code": '''def train_regressor(X_train, y_train, seed=0, epochs=20):
    X_n, _ = normalize(X_train, X_train)
    keras.utils.set_random_seed(seed)
    model = build_regressor(X_train.shape[1])
    return model.fit(X_n, y_train, epochs=epochs, batch_size=32, verbose=0)
'''},
        {"why": "returns a freshly built, untrained model", "expect": "return the model you trained",
         "code": '''def train_regressor(X_train, y_train, seed=0, epochs=20):
    X_n, _ = normalize(X_train, X_train)
    keras.utils.set_random_seed(seed)
    build_regressor(X_train.shape[1]).fit(X_n, y_train, epochs=epochs, batch_size=32, verbose=0)
    return build_regressor(X_train.shape[1])
'''},
    ],
    "train_classifier": [
        {"why": "integer labels with categorical cross-entropy (no to_categorical)", "expect": "to_categorical",
         "code": '''def train_classifier(X_train, labels_train, seed=0, epochs=8):
    keras.utils.set_random_seed(seed)
    model = build_classifier(X_train.shape[1], 10)
    model.fit(X_train, labels_train, epochs=epochs, batch_size=64, verbose=0)
    return model
'''},
        {"why": "recompiles with the sparse loss but passes one-hot labels", "expect": "sparse",
         "code": '''def train_classifier(X_train, labels_train, seed=0, epochs=8):
    keras.utils.set_random_seed(seed)
    model = build_classifier(X_train.shape[1], 10)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(X_train, keras.utils.to_categorical(labels_train, 10), epochs=epochs, batch_size=64, verbose=0)
    return model
'''},
        {"why": "returns the History of fit", "expect": "History",
         "code": '''def train_classifier(X_train, labels_train, seed=0, epochs=8):
    keras.utils.set_random_seed(seed)
    model = build_classifier(X_train.shape[1], 10)
    return model.fit(X_train, keras.utils.to_categorical(labels_train, 10), epochs=epochs, batch_size=64, verbose=0)
'''},
        {"why": "trains one epoch only", "expect": "epochs",
         "code": '''def train_classifier(X_train, labels_train, seed=0, epochs=8):
    keras.utils.set_random_seed(seed)
    model = build_classifier(X_train.shape[1], 10)
    model.fit(X_train, keras.utils.to_categorical(labels_train, 10), epochs=1, batch_size=64, verbose=0)
    return model
'''},
        {"why": "forgets to fit", "expect": "return the model you trained",
         "code": '''def train_classifier(X_train, labels_train, seed=0, epochs=8):
    keras.utils.set_random_seed(seed)
    return build_classifier(X_train.shape[1], 10)
'''},
    ],
    "predict_classes": [
        {"why": "argmax over the samples (axis=0)", "expect": "axis=0",
         "code": '''def predict_classes(model, X):
    return np.argmax(model.predict(X, verbose=0), axis=0)
'''},
        {"why": "returns the probabilities", "expect": "not the probabilities",
         "code": '''def predict_classes(model, X):
    return model.predict(X, verbose=0)
'''},
        {"why": "thresholds the probabilities at 0.5", "expect": "0.5",
         "code": '''def predict_classes(model, X):
    return np.argmax(model.predict(X, verbose=0) > 0.5, axis=1)
'''},
        {"why": "returns a list", "expect": "numpy array",
         "code": '''def predict_classes(model, X):
    return [int(np.argmax(p)) for p in model.predict(X, verbose=0)]
'''},
        {"why": "calls the model directly and returns a tensor", "expect": "numpy array",
         "code": '''def predict_classes(model, X):
    import tensorflow as tf
    return tf.argmax(model(X), axis=1)
'''},
    ],
    "fit_with_checkpoint": [
        {"why": "checkpoint without save_best_only: the file holds the last epoch", "expect": "save_best_only",
         "code": '''def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    cb = keras.callbacks.ModelCheckpoint(path, monitor="val_loss")
    history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=epochs, verbose=0, callbacks=[cb])
    return keras.models.load_model(path), history
'''},
        {"why": "returns the trained model instead of reloading the checkpoint", "expect": "load_model",
         "code": '''def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    cb = keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=epochs, verbose=0, callbacks=[cb])
    return model, history
'''},
        {"why": "monitors the training loss", "expect": "monitor='loss'",
         "code": '''def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    cb = keras.callbacks.ModelCheckpoint(path, monitor="loss", save_best_only=True)
    history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=epochs, verbose=0, callbacks=[cb])
    return keras.models.load_model(path), history
'''},
        {"why": "no validation data: nothing is ever saved", "expect": "validation_data",
         "code": '''def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    cb = keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    history = model.fit(X_train, y_train, epochs=epochs, verbose=0, callbacks=[cb])
    return keras.models.load_model(path), history
'''},
        {"why": "save_weights_only with a .keras path", "expect": "save_weights_only",
         "code": '''def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    cb = keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True, save_weights_only=True)
    history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=epochs, verbose=0, callbacks=[cb])
    return keras.models.load_model(path), history
'''},
        {"why": "returns only the model", "expect": "return (best_model, history)",
         "code": '''def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    cb = keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=epochs, verbose=0, callbacks=[cb])
    return keras.models.load_model(path)
'''},
    ],
}


RIGHT = {
    "normalize": [
        {"why": "keepdims statistics, a tuple built by a generator",
         "code": '''def normalize(train, other):
    mu = np.mean(train, axis=0, keepdims=True)                       # (1, D)
    sd = np.sqrt(np.mean((train - mu) ** 2, axis=0, keepdims=True))  # (1, D)
    return tuple((a - mu) / sd for a in (train, other))
'''},
        {"why": "returns a list of the two arrays",
         "edit": [("return (train - mu) / sigma, (other - mu) / sigma", "return [(train - mu) / sigma, (other - mu) / sigma]")]},
        {"why": "scikit-learn's StandardScaler fitted on train",
         "code": '''def normalize(train, other):
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(train)
    return scaler.transform(train), scaler.transform(other)
'''},
        {"why": "a loop over the columns",
         "code": '''def normalize(train, other):
    train_n, other_n = np.zeros(train.shape), np.zeros(other.shape)
    for j in range(train.shape[1]):
        mu, sigma = train[:, j].mean(), train[:, j].std()
        train_n[:, j] = (train[:, j] - mu) / sigma
        other_n[:, j] = (other[:, j] - mu) / sigma
    return train_n, other_n
'''},
    ],
    "build_regressor": [
        {"why": "Functional API, activation layers, loss and metric objects",
         "code": '''def build_regressor(n_features):
    inputs = keras.Input(shape=(n_features,))
    x = keras.layers.Activation("relu")(keras.layers.Dense(10)(inputs))
    x = keras.layers.ReLU()(keras.layers.Dense(units=10)(x))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="linear")(x))
    model.compile(loss=keras.losses.MeanSquaredError(), optimizer=keras.optimizers.Adam(1e-2),
                  metrics=[keras.metrics.MeanAbsoluteError()])
    return model
'''},
        {"why": "a keras.Model subclass, called once on zeros",
         "code": '''class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden1 = keras.layers.Dense(10, activation="relu")
        self.hidden2 = keras.layers.Dense(10, activation="relu")
        self.output_layer = keras.layers.Dense(1)

    def call(self, x):
        return self.output_layer(self.hidden2(self.hidden1(x)))


def build_regressor(n_features):
    model = Regressor()
    model(np.zeros((1, n_features)))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model
'''},
        {"why": "Sequential with .add and the long loss and metric names",
         "code": '''def build_regressor(n_features):
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_features,)))
    model.add(keras.layers.Dense(10, activation="relu"))
    model.add(keras.layers.Dense(10, activation="relu"))
    model.add(keras.layers.Dense(1))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mean_squared_error",
                  metrics=["mean_absolute_error"])
    return model
'''},
    ],
    "build_classifier": [
        {"why": "Sequential with .add and separate activation layers, loss and metric objects",
         "code": '''def build_classifier(n_features, n_classes):
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_features,)))
    model.add(keras.layers.Dense(32))
    model.add(keras.layers.Activation("relu"))
    model.add(keras.layers.Dense(n_classes))
    model.add(keras.layers.Softmax())
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2), loss=keras.losses.CategoricalCrossentropy(),
                  metrics=[keras.metrics.CategoricalAccuracy()])
    return model
'''},
        {"why": "Functional API",
         "code": '''def build_classifier(n_features, n_classes):
    inputs = keras.Input(shape=(n_features,))
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    model = keras.Model(inputs=inputs, outputs=keras.layers.Dense(n_classes, activation="softmax")(hidden))
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy", metrics=["acc"])
    return model
'''},
        {"why": "a keras.Model subclass, built by a call on zeros",
         "code": '''class Classifier(keras.Model):
    def __init__(self, n_classes):
        super().__init__()
        self.hidden = keras.layers.Dense(32, activation="relu")
        self.probabilities = keras.layers.Dense(n_classes, activation="softmax")

    def call(self, x):
        return self.probabilities(self.hidden(x))


def build_classifier(n_features, n_classes):
    model = Classifier(n_classes)
    model(np.zeros((2, n_features), dtype="float32"))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model
'''},
    ],
    "train_regressor": [
        {"why": "its own mean and std, keyword arguments to fit",
         "code": '''def train_regressor(X_train, y_train, seed=0, epochs=20):
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    keras.utils.set_random_seed(seed)
    net = build_regressor(n_features=X_train.shape[1])
    net.fit(x=(X_train - mu) / sd, y=y_train, batch_size=32, epochs=epochs, verbose=0, shuffle=True)
    return net
'''},
        {"why": "seeds first, takes the first item of normalize",
         "code": '''def train_regressor(X_train, y_train, seed=0, epochs=20):
    keras.utils.set_random_seed(seed)
    X_scaled = normalize(X_train, X_train)[0]
    model = build_regressor(X_scaled.shape[1])
    model.fit(X_scaled, y_train, epochs=epochs, batch_size=32, verbose=0)
    return model
'''},
        {"why": "keeps the History and returns the model",
         "edit": [("    model.fit(X_train_norm, y_train, epochs=epochs, batch_size=32, verbose=0)\n",
                   "    history = model.fit(X_train_norm, y_train, batch_size=32, epochs=epochs, verbose=0)\n"
                   "    print('final training MAE', history.history['mae'][-1])\n")]},
    ],
    "train_classifier": [
        {"why": "one-hot with np.eye, keyword arguments",
         "code": '''def train_classifier(X_train, labels_train, seed=0, epochs=8):
    Y = np.eye(10)[np.asarray(labels_train, dtype=int)]
    keras.utils.set_random_seed(seed)
    net = build_classifier(X_train.shape[-1], n_classes=10)
    net.fit(x=X_train, y=Y, batch_size=64, epochs=epochs, verbose=0)
    return net
'''},
        {"why": "integer labels with the model recompiled for the sparse loss",
         "code": '''def train_classifier(X_train, labels_train, seed=0, epochs=8):
    keras.utils.set_random_seed(seed)
    model = build_classifier(X_train.shape[1], 10)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(X_train, labels_train, epochs=epochs, batch_size=64, verbose=0)
    return model
'''},
        {"why": "to_categorical without num_classes (all ten digits occur)",
         "edit": [("keras.utils.to_categorical(labels_train, 10)", "keras.utils.to_categorical(labels_train)")]},
    ],
    "predict_classes": [
        {"why": "argmax over the last axis, cast to int64",
         "code": '''def predict_classes(model, X):
    probs = model.predict(X, verbose=0)
    return probs.argmax(axis=-1).astype(np.int64)
'''},
        {"why": "a loop over the rows, wrapped in np.array",
         "code": '''def predict_classes(model, X):
    return np.array([int(np.argmax(p)) for p in model.predict(X, verbose=0)])
'''},
        {"why": "calls the model and converts the tensor",
         "code": '''def predict_classes(model, X):
    return np.asarray(model(X)).argmax(axis=1)
'''},
    ],
    "fit_with_checkpoint": [
        {"why": "keyword arguments, mode='min', keras.saving.load_model",
         "code": '''def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    keep_best = keras.callbacks.ModelCheckpoint(filepath=path, monitor="val_loss", mode="min",
                                                save_best_only=True, verbose=0)
    hist = model.fit(x=X_train, y=y_train, validation_data=(X_val, y_val), epochs=epochs, verbose=0,
                     callbacks=[keep_best])
    return keras.saving.load_model(path), hist
'''},
        {"why": "returns a list",
         "edit": [("return keras.models.load_model(path), history", "return [keras.models.load_model(path), history]")]},
        {"why": "also stops early on the validation loss (patience longer than the run)",
         "code": '''def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    callbacks = [keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True),
                 keras.callbacks.EarlyStopping(monitor="val_loss", patience=epochs)]
    history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=epochs, verbose=0,
                        callbacks=callbacks)
    best = keras.models.load_model(path)
    return best, history
'''},
    ],
}
