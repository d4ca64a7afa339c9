"""Seeded Keras training that leaves the learner's global random state alone, and penalty-free scores.

    seeded(seed)      a context manager: keras.utils.set_random_seed(seed) inside, Python's and numpy's
                      global random states restored on exit (TensorFlow's global seed stays `seed`)
    fit_steps         seed, build, compile and train a model for a number of mini-batches (chapter 08)
    cross_entropy     mean cross-entropy of a softmax model, without the regularisation penalties

Symbols (docs/NAMING.md): N examples, D input features, C classes.
    X   (N, D) float   inputs;  y (N,) int labels in 0..C-1;  P (N, C) the model's probabilities

This is the one place in dlkit that calls keras.utils.set_random_seed; everything else that needs
seeded Keras work goes through `seeded` or seeds its layers, initialisers and tf.data directly.
"""

from __future__ import annotations

import contextlib
import random

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name

__all__ = ["seeded", "fit_steps", "cross_entropy"]


@contextlib.contextmanager
def seeded(seed):
    """Run a block with Keras' random seeds set, then put Python's and numpy's global random states back.

    Inside the block, keras.utils.set_random_seed(seed) has seeded Python's `random`, numpy's global
    generator, TensorFlow and Keras' global SeedGenerator, so building a model (its initial weights),
    dropout and tf.data shuffles are reproducible. On exit (also after an exception) the states of
    `random` and `np.random` are restored to what they were before, so the learner's own
    `np.random.rand()` calls go on as if nothing had happened. TensorFlow's global seed stays set to
    `seed`, as after keras.utils.set_random_seed (TensorFlow has no way to read its state back).

    Args:
        seed: an int >= 0.

    Example:
        >>> before = np.random.get_state()[1].copy()
        >>> with seeded(3):
        ...     a = np.random.rand()
        >>> bool(np.array_equal(np.random.get_state()[1], before))
        True
        >>> with seeded(3):
        ...     b = np.random.rand()
        >>> a == b
        True
    """
    seed = validate.integer(seed, "seed", low=0, where="seeded")
    import keras

    python_state, numpy_state = random.getstate(), np.random.get_state()
    keras.utils.set_random_seed(seed)
    try:
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)


def cross_entropy(model, X, y) -> float:
    """Mean cross-entropy of a softmax model on (X, y), without any regularisation penalty.

        CE = -(1/N) sum_i log P[i, y_i],   P = model.predict(X) clipped to [1e-7, 1]

    (Keras' evaluate() adds the penalties to the loss it reports, which would favour the twin.)

    Args:
        model: a Keras model whose outputs are probabilities (N, C).
        X: (N, D) inputs; y: (N,) integer labels in 0..C-1.

    Returns:
        float.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Softmax()])
        >>> round(cross_entropy(model, np.zeros((3, 2)), np.array([0, 1, 1])), 4)   # log 2
        0.6931
    """
    y = validate.array(y, "y", ndim=1, dtype=None, where="cross_entropy")
    if y.dtype.kind not in "iu":
        raise fail("cross_entropy: y must hold integer class labels", "an int array (N,)", f"dtype {y.dtype}")
    P = np.asarray(model.predict(X, verbose=0, batch_size=1024), dtype=float)  # (N, C)
    validate.array(P, "model.predict(X)", shape=(y.size, None), where="cross_entropy")
    return float(np.mean(-np.log(np.clip(P[np.arange(len(y)), y], 1e-7, 1.0))))


def fit_steps(build, X, y, steps=300, batch_size=50, learning_rate=1e-3, seed=0, X_val=None, y_val=None,
              every=None, callbacks=None):
    """Seed, build, compile (Adam, sparse categorical cross-entropy) and train for `steps` mini-batches.

    `build` is a function of no arguments that returns a fresh, uncompiled model (e.g. `twin_model`, or
    `lambda: twin_model(l2=1e-3)`): it is called inside `seeded(seed)`, so `seed` fixes the initial
    weights as well as dropout and the shuffle, and two models fitted with one seed start from the same
    draw. One Keras "epoch" per `every` steps (default: all steps in one), because Keras' per-epoch
    overhead dominates on tiny data. Python's and numpy's global random states are unchanged afterwards.

    Args:
        build: function() -> an uncompiled keras.Model.
        X: (N, D) inputs; y: (N,) integer labels.
        steps: mini-batches (int >= 1); batch_size: int >= 1; learning_rate: Adam's (> 0); seed: int >= 0.
        X_val, y_val: optional validation data (val_loss per `every` steps).
        every: steps per Keras epoch, an int in 1..steps (default steps).
        callbacks: optional Keras callbacks, e.g. EarlyStopping (an "epoch" is `every` steps).

    Returns:
        (model, history): the trained model and its Keras History.
    """
    import keras

    where = "fit_steps"
    if not callable(build) or isinstance(build, keras.Model):
        raise fail(f"{where}: build must be a function that returns a new model",
                   "a function of no arguments, e.g. twin_model or lambda: twin_model(l2=1e-3)", type_name(build),
                   hint="pass the function, not a built model, so that the seed also fixes its initial weights")
    steps = validate.integer(steps, "steps", low=1, where=where)
    batch_size = validate.integer(batch_size, "batch_size", low=1, where=where)
    learning_rate = validate.number(learning_rate, "learning_rate", low=0, low_open=True, where=where)
    seed = validate.integer(seed, "seed", low=0, where=where)
    every = steps if every is None else validate.integer(every, "every", low=1, high=steps, where=where)
    X = validate.array(X, "X", ndim=2, dtype=np.float32, where=where)
    y = validate.array(y, "y", shape=(X.shape[0],), dtype=None, where=where)
    import tensorflow as tf

    with seeded(seed):
        model = build()
        model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                      jit_compile=False)
        ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(len(X), seed=seed).batch(batch_size).repeat()
        val = (X_val, y_val) if X_val is not None else None
        history = model.fit(ds, epochs=steps // every, steps_per_epoch=every, validation_data=val, verbose=0,
                            shuffle=False, callbacks=callbacks)
    return model, history
