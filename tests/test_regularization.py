"""dlkit.regularization: dropout, batch/layer norm and penalties against Keras; curve diagnosis; explorer."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit import regularization as reg
from dlkit.gradcheck import numerical_gradient, rel_error


def test_inverted_dropout_by_hand_and_in_expectation():
    A = np.ones((2, 4))
    out, keep = reg.dropout_forward(A, 0.5, np.random.default_rng(0))
    assert set(np.unique(out)) <= {0.0, 2.0} and np.array_equal(out == 2.0, keep)
    big = np.ones((400, 500))
    out, keep = reg.dropout_forward(big, 0.3, np.random.default_rng(1))
    assert abs(out.mean() - 1.0) < 0.01 and abs(1 - keep.mean() - 0.3) < 0.01
    assert np.array_equal(reg.dropout_forward(A, 0.5, None, training=False)[0], A)
    assert np.allclose(reg.dropout_scale_at_inference(A, 0.25), 0.75)


def test_dropout_matches_keras_scaling_and_backward_is_its_gradient():
    import keras

    A = np.random.default_rng(2).uniform(1, 2, size=(50, 40)).astype("float32")
    out_k = np.asarray(keras.layers.Dropout(0.4, seed=3)(A, training=True))
    kept = out_k != 0
    assert np.allclose(out_k[kept], A[kept] / 0.6, rtol=1e-6)          # Keras scales the survivors too
    out, keep = reg.dropout_forward(A, 0.4, np.random.default_rng(4))
    dout = np.random.default_rng(5).normal(size=A.shape)
    num = numerical_gradient(lambda a: float(np.sum(dout * a * keep / 0.6)), A.astype(float))
    assert rel_error(reg.dropout_backward(dout, keep, 0.4), num) < 1e-6


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_matches_keras(training):
    import keras

    rng = np.random.default_rng(6)
    X = rng.normal(2.0, 3.0, size=(16, 5)).astype("float32")
    gamma, beta = rng.uniform(0.5, 2, 5), rng.normal(size=5)
    mm, mv = rng.normal(size=5), rng.uniform(0.5, 2, 5)
    layer = keras.layers.BatchNormalization()
    layer.build(X.shape)
    layer.set_weights([gamma, beta, mm, mv])
    out_k = np.asarray(layer(X, training=training))
    out, new_mm, new_mv = reg.batchnorm_forward(X, gamma, beta, mm, mv, training)
    assert np.allclose(out, out_k, atol=1e-4)
    assert np.allclose(new_mm, layer.moving_mean.numpy(), atol=1e-5)
    assert np.allclose(new_mv, layer.moving_variance.numpy(), atol=1e-5)


def test_batchnorm_by_hand():
    X = np.array([[1.0], [3.0]])                      # mean 2, biased variance 1
    out, mm, mv = reg.batchnorm_forward(X, [1.0], [0.0], [0.0], [1.0], training=True, momentum=0.9, epsilon=0.0)
    assert np.allclose(out, [[-1.0], [1.0]]) and np.allclose(mm, [0.2]) and np.allclose(mv, [1.0])


def test_layernorm_and_penalties_match_keras():
    import keras

    rng = np.random.default_rng(7)
    X = rng.normal(size=(4, 6)).astype("float32")
    layer = keras.layers.LayerNormalization()
    layer.build(X.shape)
    gamma, beta = rng.uniform(0.5, 2, 6), rng.normal(size=6)
    layer.set_weights([gamma, beta])
    assert np.allclose(reg.layernorm_forward(X, gamma, beta), np.asarray(layer(X)), atol=1e-5)
    kernels = [rng.normal(size=(3, 4)), rng.normal(size=(4, 2))]
    want = sum(float(keras.regularizers.L1L2(l1=0.01, l2=0.02)(k)) for k in kernels)
    assert reg.l1_l2_penalty(kernels, l1=0.01, l2=0.02) == pytest.approx(want, rel=1e-5)
    assert reg.l1_l2_penalty([np.array([[1.0, -2.0]])], l1=0.5, l2=0.1) == pytest.approx(0.5 * 3 + 0.1 * 5)


@pytest.mark.parametrize("train, val, want", [
    ([1.0, 0.5, 0.2, 0.1, 0.05], [1.0, 0.6, 0.4, 0.5, 0.7], "overfitting"),
    ([1.0, 0.9, 0.85, 0.8, 0.8], [1.1, 1.0, 0.95, 0.9, 0.9], "underfitting"),
    ([1.0, 0.5, 0.3, 0.2, 0.18], [1.1, 0.6, 0.4, 0.35, 0.34], "good fit"),
    ([1.0, 0.5, 0.3, 0.2, 0.18], [1.1, 0.6, 0.4, 0.35, 0.37], "good fit"),     # within tol of the best
])
def test_diagnose_curves_by_hand(train, val, want):
    assert reg.diagnose_curves(train, val) == want


def test_dead_relu_fraction():
    A = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    assert reg.dead_relu_fraction(A, threshold=0.9) == pytest.approx(1 / 3)
    assert reg.dead_relu_fraction(A, threshold=0.6) == pytest.approx(2 / 3)


def test_ridge_explorer_state_figure_wiring():
    over, mid = reg.ridge_state(9, -10.0), reg.ridge_state(9, -3.0)
    assert over["train_mse"].min() < mid["train_mse"].max() and over["norm"] > mid["norm"]
    best = over["lams"][np.argmin(over["val_mse"])]
    assert 1e-8 < best < 1.0                                     # neither no penalty nor a huge one
    fig = reg.ridge_figure(mid)
    assert isinstance(fig, Figure) and all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    pytest.importorskip("ipywidgets")
    box = reg.ridge_explorer()
    first = box.output.outputs[0]["data"]["image/png"]
    box.controls["log10_lam"].value = -2.0
    assert len(box.output.outputs) == 1 and box.output.outputs[0]["data"]["image/png"] != first


@pytest.mark.parametrize("call, match", [
    (lambda: reg.dropout_forward(np.ones(3), 1.0, np.random.default_rng(0)), r"rate: expected a fraction"),
    (lambda: reg.dropout_forward(np.ones(3), 0.5, 42), "rng: expected a np.random.Generator"),
    (lambda: reg.batchnorm_forward(np.ones((2, 3)), np.ones(2), np.zeros(3), np.zeros(3), np.ones(3), True), r"gamma: expected shape \(3,\)"),
    (lambda: reg.batchnorm_forward(np.ones(3), np.ones(3), np.zeros(3), np.zeros(3), np.ones(3), True), "2-D"),
    (lambda: reg.l1_l2_penalty(np.ones((2, 2)), l2=0.1), "list of weight arrays"),
    (lambda: reg.l1_l2_penalty([np.ones(2)], l1=-1), "non-negative"),
    (lambda: reg.diagnose_curves([1.0, 0.5], [1.0]), "one length"),
    (lambda: reg.diagnose_curves([1.0, np.nan], [1.0, 0.5]), "finite"),
    (lambda: reg.ridge_state(degree=40), "degree"),
])
def test_bad_input_is_a_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_fit_steps_seeds_the_initial_weights_too():
    X, _, y, _ = reg.small_data(n_train=40)
    first, hist = reg.fit_steps(lambda: reg.twin_model(units=8), X, y, steps=4, batch_size=20, seed=3)
    second, _ = reg.fit_steps(lambda: reg.twin_model(units=8), X, y, steps=4, batch_size=20, seed=3)
    other, _ = reg.fit_steps(lambda: reg.twin_model(units=8), X, y, steps=4, batch_size=20, seed=4)
    assert np.array_equal(first.get_weights()[0], second.get_weights()[0])
    assert not np.array_equal(first.get_weights()[0], other.get_weights()[0])
    assert len(hist.history["loss"]) == 1
    with pytest.raises(ValueError, match="build: expected a function"):
        reg.fit_steps(reg.twin_model(units=8), X, y, steps=4)
