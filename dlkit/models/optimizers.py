"""Keras' optimizers (chapter 06): the oracle of dlkit.nn.optim, and a comparison on a real task.

    run_keras(keras_optimizer, params0, grads)     the parameters after Keras' steps on a numpy problem
    validation_curves(optimizers, X_train, y_train, X_val, y_val, ...)
                                                   one small classifier per optimizer, fitted on the
                                                   training data; validation accuracy after every epoch

Symbols (docs/NAMING.md):
    params0  start arrays (any shapes): a list, or a dict {name: array}; grads a list of steps, each a
             structure of gradient arrays like params0 (what dlkit.nn.optim.random_problem returns)
    X, y     inputs (N, D) and integer labels (N,); C classes; H hidden units
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name

__all__ = ["run_keras", "validation_curves"]


def run_keras(keras_optimizer, params0, grads):
    """The parameters after `keras_optimizer.apply_gradients` for every step of grads; numpy arrays.

    The arrays are float64 keras Variables. Keras converts its hyper-parameters to float32 first, so
    expect agreement with dlkit.nn.optim.run_steps to about 1e-7, not 1e-15.

    Args:
        keras_optimizer: a keras.optimizers instance (fresh: its state is built on the first step).
        params0: list of start arrays, or a dict {name: array} (the course's params; not changed).
        grads: list of steps, each a list of arrays shaped like params0 (a dict with its keys for a dict).

    Returns:
        the parameters after the last step, float arrays in the structure of params0 (list or dict).

    Example:
        >>> import keras
        >>> run_keras(keras.optimizers.SGD(0.5), [np.array([1.0])], [[np.array([1.0])]] * 2)
        [array([0.])]
        >>> run_keras(keras.optimizers.SGD(0.5), {"w": np.array([1.0])}, [{"w": np.array([1.0])}])
        {'w': array([0.5])}
    """
    import keras

    where = "run_keras"
    if not isinstance(keras_optimizer, keras.optimizers.Optimizer):
        raise fail(f"{where}: keras_optimizer must be a Keras optimizer", "e.g. keras.optimizers.Adam(0.01)",
                   type(keras_optimizer).__name__)
    keys = list(params0) if isinstance(params0, dict) else None
    if keys is not None:
        start = [validate.array(params0[k], f"params0[{k!r}]", where=where) for k in keys]
    else:
        start = [validate.array(p, f"params0[{i}]", where=where)
                 for i, p in enumerate(validate.array_list(params0, "params0", where=where))]
    variables = [keras.Variable(p, dtype="float64") for p in start]
    for step in grads:
        if keys is not None:
            if not isinstance(step, dict) or set(step) != set(keys):
                raise fail(f"{where}: each step of grads needs the keys of params0", f"a dict with the keys {keys}",
                           f"the keys {list(step)}" if isinstance(step, dict) else type(step).__name__)
            step = [step[k] for k in keys]
        step = validate.array_list(step, "grads[step]", where=where)
        if len(step) != len(start):
            raise fail(f"{where}: each step of grads needs one gradient per parameter", f"{len(start)} arrays",
                       f"{len(step)} arrays")
        keras_optimizer.apply_gradients(zip([np.asarray(x, dtype=float) for x in step], variables))
    out = [np.array(v.numpy()) for v in variables]
    return out if keys is None else dict(zip(keys, out))


def validation_curves(optimizers, X_train, y_train, X_val, y_val, epochs=10, batch_size=64, units=64, seed=0,
                      show_progress=True):
    """Fit one small classifier per optimizer on the training data; validation scores after every epoch.

    Every model is Input(D) -> Dense(units, relu) -> Dense(C, softmax) with sparse categorical
    cross-entropy, built inside dlkit.models.training.seeded(seed): all start from the same weights and
    see the same shuffles, so the optimizer is the only difference. An epoch is ceil(N_train /
    batch_size) mini-batches of a repeated tf.data dataset (Keras' per-epoch overhead dominates on small
    data otherwise). The models only ever see (X_train, y_train); after every epoch the validation
    accuracy and cross-entropy are measured on (X_val, y_val), the data a choice of optimizer is made on.

    Args:
        optimizers: {name: function() -> a new keras optimizer}, e.g. {"Adam": lambda: keras.optimizers.Adam()}.
        X_train (N, D), y_train (N,) int: the fitting data; X_val (M, D), y_val (M,) int: the scoring data.
        epochs, batch_size, units: ints >= 1; seed: int >= 0; show_progress: a notebook bar per model.

    Returns:
        {name: {"val_accuracy": list of `epochs` floats, "val_loss": list of `epochs` floats,
                "model": the trained keras model}}, in the order of `optimizers`.
    """
    import keras
    import tensorflow as tf

    from dlkit.models.training import seeded
    from dlkit.progress import keras_progress

    where = "validation_curves"
    if not isinstance(optimizers, dict) or not optimizers or not all(callable(f) for f in optimizers.values()):
        raise fail(f"{where}: optimizers must be a dict of functions that make a new optimizer",
                   '{"Adam": lambda: keras.optimizers.Adam(0.001), ...}', type_name(optimizers),
                   hint="pass functions, not optimizer objects: every model needs a fresh optimizer")
    epochs = validate.integer(epochs, "epochs", low=1, where=where)
    batch_size = validate.integer(batch_size, "batch_size", low=1, where=where)
    units = validate.integer(units, "units", low=1, where=where)
    seed = validate.integer(seed, "seed", low=0, where=where)
    X_train = validate.array(X_train, "X_train", ndim=2, dtype=np.float32, where=where)
    X_val = validate.array(X_val, "X_val", shape=(None, X_train.shape[1]), dtype=np.float32, where=where)
    y_train = validate.labels(y_train, "y_train", n=len(X_train), where=where)
    y_val = validate.labels(y_val, "y_val", n=len(X_val), where=where)
    n_classes = int(max(y_train.max(), y_val.max())) + 1

    class _Scores(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.accuracy, self.loss = [], []

        def on_epoch_end(self, epoch, logs=None):
            P = np.asarray(self.model(X_val, training=False), dtype=float)           # (M, C)
            self.accuracy.append(float(np.mean(P.argmax(axis=1) == y_val)))
            self.loss.append(float(np.mean(-np.log(np.clip(P[np.arange(len(y_val)), y_val], 1e-7, 1.0)))))

    out = {}
    for name, make in optimizers.items():
        with seeded(seed):
            model = keras.Sequential([keras.Input(shape=(X_train.shape[1],)),
                                      keras.layers.Dense(units, activation="relu"),
                                      keras.layers.Dense(n_classes, activation="softmax")], name="digits_mlp")
            ds = (tf.data.Dataset.from_tensor_slices((X_train, y_train)).shuffle(len(X_train), seed=seed)
                  .batch(batch_size).repeat())
            model.compile(optimizer=make(), loss="sparse_categorical_crossentropy", jit_compile=False)
            scores = _Scores()
            model.fit(ds, epochs=epochs, steps_per_epoch=-(-len(X_train) // batch_size), verbose=0, shuffle=False,
                      callbacks=[scores, keras_progress(epochs, desc=str(name), enabled=show_progress)])
        out[name] = {"val_accuracy": scores.accuracy, "val_loss": scores.loss, "model": model}
    return out
