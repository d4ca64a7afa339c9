"""dlkit.models.cnn: parameter counts by hand and against full Keras builds, the residual block against its
numpy twin, deterministic weights, seeded training, the convolution timer, error paths."""

import numpy as np
import pytest

from dlkit import env
from dlkit.errors import CheckError
from dlkit.nn import conv

env.quiet_tensorflow()
keras = pytest.importorskip("keras")
from dlkit.models import cnn  # noqa: E402


def test_parameter_counts_by_hand():
    assert cnn.digits_cnn().count_params() == (9 + 1) * 16 + (9 * 16 + 1) * 32 + (128 + 1) * 10
    # LeNet-5: C1 6(25+1), C3 16(150+1), C5 120(400+1), F6 84(120+1), out 10(84+1)
    assert cnn.architecture(cnn.lenet5)["params"] == 156 + 2416 + 48120 + 10164 + 850
    # AlexNet in one tower
    convs = 96 * (11 * 11 * 3 + 1) + 256 * (25 * 96 + 1) + 384 * (9 * 256 + 1) + 384 * (9 * 384 + 1) + 256 * (9 * 384 + 1)
    dense = 4096 * (9216 + 1) + 4096 * (4096 + 1) + 1000 * (4096 + 1)
    a = cnn.architecture(cnn.alexnet)
    assert a["params"] == convs + dense == 62_378_344 and (a["conv_layers"], a["dense_layers"]) == (5, 3)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_architecture_agrees_with_a_real_build_and_allocates_nothing():
    # Oracle: the same model built normally (its weights allocated).
    assert cnn.architecture(cnn.lenet5)["params"] == cnn.lenet5().count_params()
    vgg = cnn.architecture(lambda: keras.applications.VGG16(weights=None))
    assert vgg["params"] == 138_357_544 and vgg["conv_layers"] == 13 and vgg["dense_layers"] == 3
    base = cnn.architecture(lambda: keras.applications.VGG16(weights=None, include_top=False))
    assert base["params"] == keras.applications.VGG16(weights=None, include_top=False).count_params() == 14_714_688
    assert vgg["params"] - base["params"] == (25088 + 1) * 4096 + (4096 + 1) * 4096 + (4096 + 1) * 1000
    from keras.src.backend.common import global_state

    assert not global_state.get_global_attribute("uninitialized_variables")   # nothing left to allocate later


@pytest.mark.parametrize("shape, filters, stride", [((6, 6, 8), 8, 1), ((6, 6, 4), 8, 1), ((7, 6, 4), 8, 2),
                                                    ((5, 5, 3), 3, 2)])
def test_residual_block_matches_numpy(shape, filters, stride):
    inp = keras.Input(shape)
    model = keras.Model(inp, cnn.residual_block(inp, filters, stride))
    cnn.set_weights_by_shape(model, seed=3)
    X = np.random.default_rng(0).normal(size=(2,) + shape).astype(np.float32)
    want = conv.residual_block_forward(X, cnn.residual_params(3, shape[-1], filters, stride), stride)
    np.testing.assert_allclose(model.predict(X, verbose=0), want, rtol=1e-4, atol=1e-5)
    n_conv = sum(type(layer).__name__ == "Conv2D" for layer in model.layers)
    assert n_conv == (2 if stride == 1 and shape[-1] == filters else 3)


def test_weights_by_shape_are_deterministic():
    a = cnn.weight_by_shape(1, "kernel", (3, 3, 2, 4))
    np.testing.assert_array_equal(a, cnn.weight_by_shape(1, "kernel", (3, 3, 2, 4)))
    assert not np.array_equal(a, cnn.weight_by_shape(2, "kernel", (3, 3, 2, 4)))
    assert a.dtype == np.float32 and abs(a.std() - 1 / np.sqrt(18)) < 0.1
    g = cnn.weight_by_shape(0, "moving_variance", (50,))
    assert g.min() >= 0.5 and g.max() <= 1.5
    with pytest.raises(CheckError, match="kind is not one of the choices"):
        cnn.weight_by_shape(0, "alpha", (2,))


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_feature_maps_and_training():
    from dlkit.data.digits import digits_image_splits

    s = digits_image_splits(0)
    model, history = cnn.train_digits_cnn(s.X_train[:300], s.y_train[:300], s.X_val[:100], s.y_val[:100], seed=1,
                                          epochs=3)
    again, _ = cnn.train_digits_cnn(s.X_train[:300], s.y_train[:300], s.X_val[:100], s.y_val[:100], seed=1, epochs=3)
    for w1, w2 in zip(model.get_weights(), again.get_weights()):
        np.testing.assert_array_equal(w1, w2)                                  # the seed fixes everything
    assert len(history.history["val_accuracy"]) == 3
    maps = cnn.feature_maps(model, s.X_test[0])
    assert [m.shape for _, m in maps] == [(8, 8, 16), (4, 4, 16), (4, 4, 32), (2, 2, 32)]
    np.testing.assert_allclose(maps[0][1], np.asarray(model.layers[0](s.X_test[:1]))[0], rtol=1e-6)


def test_time_convolutions():
    r = cnn.time_convolutions(N=4, size=10, Ci=2, Co=3, repeat=2)
    assert r["vectorised_error"] < 1e-5 and r["naive_error"] < 1e-5
    assert r["naive"] > r["vectorised"] > 0 and r["tensorflow"] > 0
    assert cnn.time_convolutions(N=2, size=6, Ci=1, Co=1, naive_images=0, repeat=1)["naive"] is None
    with pytest.raises(CheckError, match="naive_images is out of range"):
        cnn.time_convolutions(N=2, naive_images=3)


@pytest.mark.parametrize("call, match", [
    (lambda: cnn.digits_cnn(filters=(0,)), "filters is out of range"),
    (lambda: cnn.train_digits_cnn(np.ones((4, 8, 8)), [0, 1, 2, 3], np.ones((2, 8, 8, 1)), [0, 1]), "dimensions"),
    (lambda: cnn.train_digits_cnn(np.ones((4, 8, 8, 1)), [0, 1, 2, 3], np.ones((2, 8, 8, 1)), [0, 1], epochs=0),
     "epochs is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
