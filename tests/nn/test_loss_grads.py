"""dlkit.nn.losses gradients and reduction="none": hand cases, finite differences, TensorFlow's tape, errors."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import losses as L
from dlkit.nn.activations import sigmoid
from dlkit.nn.gradcheck import numerical_gradient, rel_error

rng = np.random.default_rng(5)
Y = rng.normal(size=(5, 3))
P = rng.normal(size=(5, 3)) * 2
YB = (rng.random((5, 3)) > 0.5).astype(float)
Q = rng.uniform(0.05, 0.95, size=(5, 3))

# (loss, its gradient, y_true, y_pred, keyword arguments)
PAIRS = [
    (L.mse, L.mse_grad, Y, P, {}),
    (L.mae, L.mae_grad, Y, P, {}),
    (L.huber, L.huber_grad, Y, P, {}),
    (L.huber, L.huber_grad, Y, P, {"delta": 0.4}),
    (L.log_cosh, L.log_cosh_grad, Y, P, {}),
    (L.binary_crossentropy, L.binary_crossentropy_grad, YB, Q, {}),
    (L.binary_crossentropy, L.binary_crossentropy_grad, YB, P, {"from_logits": True}),
    (L.hinge, L.hinge_grad, YB, P, {}),
    (L.hinge, L.hinge_grad, 2 * YB - 1, P, {}),
    (L.squared_hinge, L.squared_hinge_grad, YB, P, {}),
]


def test_hand_cases():
    np.testing.assert_allclose(L.mae_grad([1.0, 2.0], [1.0, 4.0]), [0.0, 0.5])
    np.testing.assert_allclose(L.huber_grad([0.0, 0.0], [0.5, -3.0]), [0.25, -0.5])
    np.testing.assert_allclose(L.huber_grad([0.0], [3.0], delta=2.0), [2.0])
    np.testing.assert_allclose(L.log_cosh_grad([0.0], [np.arctanh(0.5)]), [0.5])
    np.testing.assert_allclose(L.binary_crossentropy_grad([1.0, 0.0], [0.5, 0.5]), [-1.0, 1.0])  # (-2, 2) / 2
    np.testing.assert_allclose(L.binary_crossentropy_grad([1.0], [0.0], from_logits=True), [-0.5])
    np.testing.assert_allclose(L.hinge_grad([0.0, 1.0], [0.5, 2.0]), [0.5, 0.0])     # 0 -> -1: slope +1, / 2
    np.testing.assert_allclose(L.squared_hinge_grad([1.0], [0.0]), [-2.0])


@pytest.mark.parametrize("i", range(len(PAIRS)))
def test_gradients_match_finite_differences(i):
    loss, grad, y, p, kw = PAIRS[i]
    num = numerical_gradient(lambda v: loss(y, v, **kw), p.copy())
    assert rel_error(grad(y, p, **kw), num) < 1e-6


def test_clipped_probabilities_have_zero_gradient():
    g = L.binary_crossentropy_grad([1.0, 0.0], [0.0, 1.0])
    np.testing.assert_array_equal(g, [0.0, 0.0])
    z = np.array([-40.0, 40.0])
    assert np.all(np.abs(L.binary_crossentropy_grad([1.0, 0.0], z, from_logits=True)) == pytest.approx(0.5))
    np.testing.assert_array_equal(L.binary_crossentropy_grad([1.0, 0.0], sigmoid(z)), [0.0, 0.0])


def test_kinks_give_zero():
    assert L.mae_grad([1.0], [1.0])[0] == 0.0
    assert L.hinge_grad([1.0], [1.0])[0] == 0.0
    assert not np.signbit(L.squared_hinge_grad([1.0], [2.0])[0])        # 0.0, not -0.0


def test_against_gradient_tape():
    keras = pytest.importorskip("keras")
    tf = pytest.importorskip("tensorflow")
    k = keras.losses
    pairs = [(k.MeanSquaredError(), L.mse_grad, Y, P), (k.MeanAbsoluteError(), L.mae_grad, Y, P),
             (k.Huber(), L.huber_grad, Y, P), (k.LogCosh(), L.log_cosh_grad, Y, P),
             (k.BinaryCrossentropy(), L.binary_crossentropy_grad, YB, Q),
             (k.Hinge(), L.hinge_grad, YB, P), (k.SquaredHinge(), L.squared_hinge_grad, YB, P)]
    for loss, grad, y, p in pairs:
        v = tf.Variable(p)
        with tf.GradientTape() as tape:
            out = loss(y, v)
        np.testing.assert_allclose(tape.gradient(out, v).numpy(), grad(y, p), rtol=1e-5, atol=1e-7)
    v = tf.Variable(P)
    with tf.GradientTape() as tape:
        out = k.BinaryCrossentropy(from_logits=True)(YB, v)
    np.testing.assert_allclose(tape.gradient(out, v).numpy(), L.binary_crossentropy_grad(YB, P, from_logits=True),
                               rtol=1e-5, atol=1e-7)


def test_reduction_none_matches_keras():
    keras = pytest.importorskip("keras")
    k = keras.losses
    pairs = [(L.mse(Y, P, reduction="none"), k.MeanSquaredError(reduction=None)(Y, P)),
             (L.huber(Y, P, 0.5, reduction="none"), k.Huber(delta=0.5, reduction=None)(Y, P)),
             (L.binary_crossentropy(YB, P, from_logits=True, reduction="none"),
              k.BinaryCrossentropy(from_logits=True, reduction=None)(YB, P)),
             (L.hinge(YB, P, reduction="none"), k.Hinge(reduction=None)(YB, P))]
    for ours, theirs in pairs:
        assert ours.shape == (5,)
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-5)
    assert L.mse(Y, P, reduction="none").mean() == pytest.approx(L.mse(Y, P))


def test_errors():
    with pytest.raises(CheckError, match="reduction is not one of the choices"):
        L.mse([1.0], [2.0], reduction="sum")
    with pytest.raises(CheckError, match="huber_grad: delta is out of range"):
        L.huber_grad([1.0], [2.0], delta=0)
    with pytest.raises(CheckError, match="y_pred must have the shape of y_true"):
        L.hinge_grad([1.0, 0.0], [2.0])
