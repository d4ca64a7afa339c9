"""Tests of dlkit.models.training: seeded() leaves the global random state alone, fit_steps, cross_entropy.

Every dlkit function that used to call keras.utils.set_random_seed is checked here: after it, numpy's
and Python's global random states are what they were before.
"""

import random

import numpy as np
import pytest

from dlkit.errors import CheckError

keras = pytest.importorskip("keras")
from dlkit.data.digits import small_data  # noqa: E402
from dlkit.models.dense import twin_model  # noqa: E402
from dlkit.models.training import cross_entropy, fit_steps, seeded  # noqa: E402


def _same_global_state(before):
    np_before, py_before = before
    np_after = np.random.get_state()
    assert np_after[0] == np_before[0] and np.array_equal(np_after[1], np_before[1])
    assert np_after[2:] == np_before[2:]
    assert random.getstate() == py_before


def _global_state():
    np.random.seed(12345)            # the learner's own seeding, in the test
    random.seed(54321)
    return np.random.get_state(), random.getstate()


@pytest.fixture(scope="module")
def data():
    s = small_data(n_train=40)
    return s.X_train, s.y_train


def test_seeded_restores_python_and_numpy_states_and_seeds_inside():
    before = _global_state()
    with seeded(7):
        a = (np.random.rand(), random.random(), float(keras.random.uniform(())))
    _same_global_state(before)
    with seeded(7):
        b = (np.random.rand(), random.random(), float(keras.random.uniform(())))
    assert a == b
    # the same as keras.utils.set_random_seed(7) itself inside the block
    keras.utils.set_random_seed(7)
    assert np.random.rand() == a[0] and random.random() == a[1]


def test_seeded_restores_after_an_exception_and_checks_its_seed():
    before = _global_state()
    with pytest.raises(RuntimeError):
        with seeded(1):
            np.random.rand(10)
            raise RuntimeError("inside")
    _same_global_state(before)
    with pytest.raises(CheckError, match="seeded: seed must be an integer"):
        with seeded(1.5):
            pass


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_fit_steps_seeds_the_initial_weights_too(data):
    X, y = data
    first, hist = fit_steps(lambda: twin_model(units=8), X, y, steps=4, batch_size=20, seed=3)
    second, _ = fit_steps(lambda: twin_model(units=8), X, y, steps=4, batch_size=20, seed=3)
    other, _ = fit_steps(lambda: twin_model(units=8), X, y, steps=4, batch_size=20, seed=4)
    assert np.array_equal(first.get_weights()[0], second.get_weights()[0])
    assert not np.array_equal(first.get_weights()[0], other.get_weights()[0])
    assert len(hist.history["loss"]) == 1
    _, hist = fit_steps(lambda: twin_model(units=8), X, y, steps=4, batch_size=20, every=2, X_val=X, y_val=y)
    assert len(hist.history["val_loss"]) == 2
    assert float(first.optimizer.learning_rate) == pytest.approx(1e-3)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_fit_steps_moves_the_weights_by_about_the_learning_rate(data):
    """An oracle for the update: with a tiny learning rate the weights hardly move; Adam's first
    step moves each weight by about learning_rate (|dw| <= learning_rate (1 + eps))."""
    X, y = data
    start, _ = fit_steps(lambda: twin_model(units=8), X, y, steps=1, batch_size=40, learning_rate=1e-9, seed=2)
    moved, _ = fit_steps(lambda: twin_model(units=8), X, y, steps=1, batch_size=40, learning_rate=0.01, seed=2)
    step = np.abs(moved.get_weights()[0] - start.get_weights()[0])
    assert step.max() <= 0.01 * 1.001 and step.max() > 0.005


@pytest.mark.parametrize("name", ["seeded", "fit_steps", "augmentation_state", "training_curves_state"])
@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_no_dlkit_function_leaves_the_global_random_state_changed(name, data):
    X, y = data
    before = _global_state()
    if name == "seeded":
        with seeded(0):
            np.random.rand(3)
    elif name == "fit_steps":
        fit_steps(lambda: twin_model(units=4), X, y, steps=2, batch_size=20, seed=5)
    elif name == "augmentation_state":
        from dlkit.data.images import make_shapes
        from dlkit.viz.images import augmentation_state
        augmentation_state(make_shapes(1, size=8, seed=0)[0], draws=1, seed=3)
    else:
        from dlkit.viz.curves import training_curves_state
        training_curves_state(units=2, learning_rate=0.1, epochs=1, seed=11)
    _same_global_state(before)


def test_cross_entropy_by_hand_and_against_keras():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Softmax()])
    assert cross_entropy(model, np.zeros((3, 2)), np.array([0, 1, 1])) == pytest.approx(np.log(2), rel=1e-6)
    twin = twin_model(l2=0.1, units=4, inputs=3, classes=3)
    X = np.random.default_rng(1).normal(size=(6, 3)).astype("float32")
    y = np.array([0, 1, 2, 2, 1, 0])
    want = float(keras.losses.SparseCategoricalCrossentropy()(y, twin(X)))
    assert cross_entropy(twin, X, y) == pytest.approx(want, rel=1e-5)     # no penalty in it


@pytest.mark.parametrize("call, match", [
    (lambda X, y: fit_steps(twin_model(units=8), X, y, steps=4), "build must be a function"),
    (lambda X, y: fit_steps(twin_model, X, y, steps=0), "steps is out of range"),
    (lambda X, y: fit_steps(twin_model, X, y, steps=4, every=5), "every is out of range"),
    (lambda X, y: fit_steps(twin_model, X, y[:3], steps=4), "y has the wrong shape"),
    (lambda X, y: cross_entropy(twin_model(), X, y.astype(float) + 0.5), "integer class labels"),
])
def test_errors(call, match, data):
    with pytest.raises(CheckError, match=match):
        call(*data)
