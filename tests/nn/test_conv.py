"""dlkit.nn.conv: hand-computed cases, tf.nn.conv2d / pooling oracles, gradient checks, error paths."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import conv
from dlkit.nn.gradcheck import numerical_gradient, rel_error

# (N, size_h, size_w, Ci, kh, kw, Co, stride, padding)
CONV_CASES = [
    (2, 7, 6, 3, 3, 3, 4, 1, "valid"),
    (2, 7, 6, 3, 3, 2, 4, 2, "same"),
    (1, 8, 8, 2, 2, 2, 3, 2, "same"),
    (3, 5, 9, 1, 3, 3, 2, (2, 1), "same"),
    (2, 6, 6, 2, 1, 1, 3, 1, "valid"),
    (1, 9, 7, 2, 5, 3, 2, 3, "same"),
    (2, 4, 4, 3, 4, 4, 2, 1, "valid"),
]


def _tf():
    from dlkit import env

    env.quiet_tensorflow()
    import tensorflow as tf

    return tf


def _random(case, seed=0):
    N, H, Wd, Ci, kh, kw, Co, stride, padding = case
    rng = np.random.default_rng(seed)
    return rng.normal(size=(N, H, Wd, Ci)), rng.normal(size=(kh, kw, Ci, Co)), rng.normal(size=Co), stride, padding


# --- sizes ----------------------------------------------------------------------------------------

def test_output_size_by_hand():
    assert conv.conv_output_size(28, 3) == 26
    assert conv.conv_output_size(28, 3, p=1) == 28
    assert conv.conv_output_size(7, 3, s=2) == 3
    assert conv.conv_output_size(8, 3, s=2) == 3          # floor(2.5) + 1
    assert conv.conv_output_size(227, 11, 0, 4) == 55     # AlexNet's first layer
    assert type(conv.conv_output_size(5, 3)) is int


def test_same_padding_by_hand():
    assert conv.same_padding(28, 3) == (1, 1)
    assert conv.same_padding(28, 2) == (0, 1)              # the extra zero at the bottom/right
    assert conv.same_padding(7, 3, 2) == (1, 1)
    assert conv.same_padding(8, 3, 2) == (0, 1)
    assert conv.same_padding(5, 1, 2) == (0, 0)
    for n in range(1, 12):
        for f in range(1, 6):
            for s in range(1, 4):
                before, after = conv.same_padding(n, f, s)
                assert conv.conv_output_size(n + before + after, f, 0, s) == -(-n // s)
                assert 0 <= after - before <= 1


# --- convolution --------------------------------------------------------------------------------

def test_conv_by_hand():
    X = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)
    W = np.array([[1.0, 0.0], [0.0, -1.0]]).reshape(2, 2, 1, 1)
    out, _ = conv.conv2d_forward(X, W, np.array([0.5]))
    np.testing.assert_array_equal(out[0, :, :, 0], [[-3.5, -3.5], [-3.5, -3.5]])   # x - lower-right neighbour + b
    np.testing.assert_array_equal(conv.conv2d_naive(X, W, np.array([0.5])), out)
    # two channels, two filters: a filter sums over the channels
    X2 = np.stack([np.ones((2, 2)), 2 * np.ones((2, 2))], axis=-1)[None]           # (1, 2, 2, 2)
    W2 = np.zeros((2, 2, 2, 2))
    W2[:, :, 0, 0], W2[:, :, 1, 1], W2[0, 0, :, 1] = 1.0, 1.0, 10.0
    out2, _ = conv.conv2d_forward(X2, W2, np.zeros(2))
    np.testing.assert_array_equal(out2.ravel(), [4.0, 2 * 3 + 10 * (1 + 2)])


def test_im2col_by_hand():
    cols = conv.im2col(np.arange(9.0).reshape(1, 3, 3, 1), 2, 2)
    np.testing.assert_array_equal(cols[0].reshape(4, 4), [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]])
    X, W, b, _, _ = _random((2, 5, 6, 3, 3, 2, 4, 1, "valid"))
    cols = conv.im2col(X, 3, 2, stride=2, padding="same")
    np.testing.assert_allclose(cols @ W.reshape(-1, 4) + b, conv.conv2d_forward(X, W, b, 2, "same")[0], atol=1e-12)


@pytest.mark.parametrize("case", CONV_CASES)
def test_conv_matches_tensorflow(case):
    tf = _tf()
    X, W, b, stride, padding = _random(case)
    strides = list(stride) if isinstance(stride, tuple) else stride
    want = (tf.nn.conv2d(X, W, strides, padding.upper()) + b).numpy()
    np.testing.assert_allclose(conv.conv2d_forward(X, W, b, stride, padding)[0], want, rtol=1e-5, atol=1e-10)
    np.testing.assert_allclose(conv.conv2d_naive(X, W, b, stride, padding), want, rtol=1e-5, atol=1e-10)


def test_int_padding_is_zeros_on_every_side():
    X, W, b, _, _ = _random((2, 5, 5, 2, 3, 3, 2, 1, "valid"))
    Xp = np.pad(X, ((0, 0), (2, 2), (2, 2), (0, 0)))
    np.testing.assert_allclose(conv.conv2d_forward(X, W, b, 2, 2)[0], conv.conv2d_forward(Xp, W, b, 2, "valid")[0])
    np.testing.assert_allclose(conv.conv2d_naive(X, W, b, 1, 1)[0], conv.conv2d_forward(X, W, b, 1, "same")[0][0])


def test_float32_stays_float32_and_matches_tensorflow():
    tf = _tf()
    X, W, b, _, _ = _random((4, 9, 9, 3, 3, 3, 5, 1, "same"))
    X, W, b = X.astype(np.float32), W.astype(np.float32), b.astype(np.float32)
    out, _ = conv.conv2d_forward(X, W, b, 1, "same")
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, (tf.nn.conv2d(X, W, 1, "SAME") + b).numpy(), rtol=1e-5, atol=1e-5)
    assert conv.conv2d_forward(X.astype(int), W, b)[0].dtype == np.float64


@pytest.mark.parametrize("case", CONV_CASES)
def test_conv_backward_matches_tensorflow(case):
    tf = _tf()
    X, W, b, stride, padding = _random(case, seed=1)
    strides = list(stride) if isinstance(stride, tuple) else stride
    out, cache = conv.conv2d_forward(X, W, b, stride, padding)
    dout = np.random.default_rng(2).normal(size=out.shape)
    Xt, Wt, bt = tf.Variable(X), tf.Variable(W), tf.Variable(b)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum((tf.nn.conv2d(Xt, Wt, strides, padding.upper()) + bt) * dout)
    gX, gW, gb = tape.gradient(loss, [Xt, Wt, bt])
    dX, dW, db = conv.conv2d_backward(dout, cache)
    np.testing.assert_allclose(dX, gX.numpy(), rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(dW, gW.numpy(), rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(db, gb.numpy(), rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("stride, padding", [(1, "valid"), (2, "same"), (2, 1)])
def test_conv_gradient_check(stride, padding):
    rng = np.random.default_rng(3)
    X, W, b = rng.normal(size=(2, 5, 4, 2)), rng.normal(size=(3, 2, 2, 3)), rng.normal(size=3)
    out, cache = conv.conv2d_forward(X, W, b, stride, padding)
    dout = rng.normal(size=out.shape)
    dX, dW, db = conv.conv2d_backward(dout, cache)
    loss = lambda: np.sum(conv.conv2d_forward(X, W, b, stride, padding)[0] * dout)   # noqa: E731
    for analytic, x in ((dX, X), (dW, W), (db, b)):
        assert rel_error(analytic, numerical_gradient(lambda _: loss(), x)) < 1e-7


# --- pooling ------------------------------------------------------------------------------------

def test_pooling_by_hand():
    X = np.arange(16.0).reshape(1, 4, 4, 1)
    np.testing.assert_array_equal(conv.maxpool_forward(X, 2)[0][0, :, :, 0], [[5, 7], [13, 15]])
    np.testing.assert_array_equal(conv.avgpool_forward(X, 2)[0][0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])
    np.testing.assert_array_equal(conv.maxpool_forward(X, 3, 1)[0][0, :, :, 0], [[10, 11], [14, 15]])
    # "same": max ignores the padding, average does not count it
    row = np.array([1.0, 3, 2, 0, 5]).reshape(1, 1, 5, 1)
    np.testing.assert_array_equal(conv.maxpool_forward(-row, (1, 2), padding="same")[0].ravel(), [-1, 0, -5])
    np.testing.assert_array_equal(conv.avgpool_forward(row, (1, 2), padding="same")[0].ravel(), [2, 1, 5])
    # backward: the gradient goes to the maximum / is shared
    out, cache = conv.maxpool_forward(np.array([1.0, 3, 2, 0]).reshape(1, 1, 4, 1), (1, 2))
    np.testing.assert_array_equal(conv.maxpool_backward(np.array([10.0, 20.0]).reshape(1, 1, 2, 1), cache).ravel(),
                                  [0, 10, 20, 0])
    out, cache = conv.avgpool_forward(np.ones((1, 1, 4, 1)), (1, 2))
    np.testing.assert_array_equal(conv.avgpool_backward(np.array([2.0, 4.0]).reshape(1, 1, 2, 1), cache).ravel(),
                                  [1, 1, 2, 2])


POOL_CASES = [(2, None, "valid"), (3, 2, "same"), (2, 1, "valid"), (3, None, "same"), ((2, 3), (1, 2), "same"),
              (3, 2, "valid")]


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("pool_size, stride, padding", POOL_CASES)
def test_pooling_matches_tensorflow(kind, pool_size, stride, padding):
    tf = _tf()
    X = np.random.default_rng(4).normal(size=(2, 7, 8, 3))
    forward, backward = getattr(conv, f"{kind}pool_forward"), getattr(conv, f"{kind}pool_backward")
    tf_pool = getattr(tf.nn, f"{kind}_pool2d")
    Xt = tf.Variable(X)
    with tf.GradientTape() as tape:
        y = tf_pool(Xt, pool_size, pool_size if stride is None else stride, padding.upper())
        dout = np.random.default_rng(5).normal(size=y.shape)
        loss = tf.reduce_sum(y * dout)
    out, cache = forward(X, pool_size, stride, padding)
    np.testing.assert_allclose(out, y.numpy(), rtol=1e-12)
    np.testing.assert_allclose(backward(dout, cache), tape.gradient(loss, Xt).numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pooling_gradient_check(kind):
    forward, backward = getattr(conv, f"{kind}pool_forward"), getattr(conv, f"{kind}pool_backward")
    rng = np.random.default_rng(6)
    X = rng.normal(size=(2, 5, 5, 2))
    out, cache = forward(X, 3, 2, "same")
    dout = rng.normal(size=out.shape)
    num = numerical_gradient(lambda _: np.sum(forward(X, 3, 2, "same")[0] * dout), X)
    assert rel_error(backward(dout, cache), num) < 1e-7


# --- the residual block ---------------------------------------------------------------------------

def test_residual_block_forward_by_hand():
    Co = 2
    p = {"W1": np.zeros((3, 3, 2, Co)), "W2": np.zeros((3, 3, Co, Co)), "b1": np.zeros(Co), "b2": np.zeros(Co)}
    p.update({f"{n}{k}": np.full(Co, v) for k in "12" for n, v in [("gamma", 1), ("beta", 0), ("mean", 0), ("var", 1)]})
    X = np.array([-1.0, 2.0]).reshape(1, 1, 1, 2) * np.ones((1, 2, 2, 2))
    np.testing.assert_array_equal(conv.residual_block_forward(X, p), np.maximum(X, 0))   # F = 0: H(x) = relu(x)
    p["beta2"] = np.array([1.0, -5.0])                                                       # F = beta2 everywhere
    np.testing.assert_allclose(conv.residual_block_forward(X, p)[0, 0, 0], [0.0, 0.0])       # relu(-1 + 1), relu(2 - 5)


# --- errors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: conv.conv_output_size(3, 5), "larger than the padded input"),
    (lambda: conv.conv_output_size(28, 3, s=0), "s is out of range"),
    (lambda: conv.conv_output_size(28.0, 3), "n must be an integer"),
    (lambda: conv.conv2d_forward(np.ones((1, 4, 4, 2)), np.ones((3, 3, 3, 1)), np.zeros(1)), "input channels"),
    (lambda: conv.conv2d_forward(np.ones((1, 4, 4, 2)), np.ones((3, 3, 2, 2)), np.zeros(1)), "b has the wrong shape"),
    (lambda: conv.conv2d_forward(np.ones((4, 4, 2)), np.ones((3, 3, 2, 1)), np.zeros(1)), "number of dimensions"),
    (lambda: conv.conv2d_forward(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 1)), np.zeros(1), padding="full"),
     "padding is not one of the choices"),
    (lambda: conv.conv2d_forward(np.ones((1, 2, 2, 1)), np.ones((3, 3, 1, 1)), np.zeros(1)), "larger than the padded"),
    (lambda: conv.conv2d_naive(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 1)), np.zeros(1), stride=0),
     "stride is out of range"),
    (lambda: conv.conv2d_forward(np.full((1, 4, 4, 1), np.nan), np.ones((3, 3, 1, 1)), np.zeros(1)), "finite"),
    (lambda: conv.maxpool_forward(np.ones((1, 4, 4, 1)), 2, padding=1), "padding is not one of the choices"),
    (lambda: conv.maxpool_forward(np.ones((1, 4, 4, 1)), (2, 2, 2)), "pair"),
    (lambda: conv.avgpool_forward(np.ones((1, 4, 4, 1)), 5), "larger than the padded"),
    (lambda: conv.conv2d_backward(np.ones((1, 3, 3, 1)),
                                  conv.conv2d_forward(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 1)), np.zeros(1))[1]),
     "dout has the wrong shape"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
