"""dlkit.nn.rnn: steps by hand, Keras' SimpleRNN/LSTM/GRU/Bidirectional as the oracle (float64, same
weights), every backward pass gradient-checked, the gradient through time, error paths."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import rnn
from dlkit.nn.gradcheck import numerical_gradient, rel_error

SIG = lambda a: 1.0 / (1.0 + np.exp(-a))


# --- by hand ---------------------------------------------------------------------------------------------

def test_rnn_step_by_hand():
    # a = x Wx + h Wh + b = [0.7, 0.0] + [0.0, -2.0] + [0.1, 0.5]
    h, _ = rnn.rnn_step_forward([[1.0, 2.0]], [[0.5, -1.0]], [[0.1, 0.2], [0.3, -0.1]], [[1.0, 0.0], [0.5, 2.0]],
                                [0.1, 0.5])
    np.testing.assert_allclose(h, np.tanh([[0.8, -1.5]]))


def test_rnn_forward_linear_running_sum_and_relu():
    X = np.array([[[1.0], [2.0], [-4.0]]])
    Hs, _ = rnn.rnn_forward(X, None, [[1.0]], [[1.0]], [0.0], activation="linear")
    np.testing.assert_allclose(Hs[0, :, 0], [1.0, 3.0, -1.0])            # the sum so far
    Hs, _ = rnn.rnn_forward(X, None, [[1.0]], [[1.0]], [0.0], activation="relu")
    np.testing.assert_allclose(Hs[0, :, 0], [1.0, 3.0, 0.0])


def test_lstm_step_by_hand():
    # zero weights: the four blocks are the bias, in the order i, f, c, o
    (h, c), _ = rnn.lstm_step_forward([[1.0]], [[0.0]], [[1.0]], np.zeros((1, 4)), np.zeros((1, 4)),
                                      [0.0, -1.0, 1.0, 2.0])
    c_want = SIG(-1.0) * 1.0 + SIG(0.0) * np.tanh(1.0)
    np.testing.assert_allclose(c, [[c_want]])
    np.testing.assert_allclose(h, [[SIG(2.0) * np.tanh(c_want)]])
    assert round(float(h[0, 0]), 3) == 0.503


def test_gru_step_by_hand_both_resets():
    x, h0 = np.array([[1.0]]), np.array([[0.5]])
    Wx, Wh = np.array([[0.5, -0.5, 1.0]]), np.array([[1.0, 2.0, -1.0]])
    b = np.array([[0.0, 0.0, 0.5], [0.0, 0.0, 0.2]])
    z, r = SIG(0.5 + 0.5), SIG(-0.5 + 1.0)
    n = np.tanh(1.5 + r * (-0.5 + 0.2))                                 # reset after the product
    h, _ = rnn.gru_step_forward(x, h0, Wx, Wh, b)
    np.testing.assert_allclose(h, [[z * 0.5 + (1 - z) * n]])
    assert round(float(h[0, 0]), 3) == 0.598
    n_before = np.tanh(1.5 + (r * 0.5) * -1.0 + 0.0)                     # reset before, bias (3H,)
    h_before, _ = rnn.gru_step_forward(x, h0, Wx, Wh, np.array([0.0, 0.0, 0.5]), reset_after=False)
    np.testing.assert_allclose(h_before, [[z * 0.5 + (1 - z) * n_before]])


def test_bidirectional_by_hand():
    w = [[[1.0]], [[1.0]], [0.0]]
    out, _ = rnn.bidirectional_forward(np.ones((1, 2, 1)), "rnn", w, w)
    a, b = np.tanh(1.0), np.tanh(1.0 + np.tanh(1.0))
    np.testing.assert_allclose(out[0], [[a, b], [b, a]])
    last, _ = rnn.bidirectional_forward(np.ones((1, 2, 1)), "rnn", w, w, return_sequences=False)
    np.testing.assert_allclose(last, [[b, b]])                          # [forward's last, backward's last]


# --- Keras as the oracle ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def _keras_layer(keras, kind, H, T, D, rng, **kw):
    layer = getattr(keras.layers, kind)(H, dtype="float64", **kw)
    layer.build((None, T, D))
    weights = [rng.normal(size=w.shape) * 0.5 for w in layer.get_weights()]
    layer.set_weights(weights)
    return layer, weights


@pytest.mark.parametrize("kind, cell", [("SimpleRNN", "rnn"), ("LSTM", "lstm"), ("GRU", "gru")])
def test_sequences_match_keras(keras, kind, cell):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(3, 6, 4))
    layer, weights = _keras_layer(keras, kind, 5, 6, 4, rng, return_sequences=True)
    Hs, _ = rnn.sequence_forward(cell, X, weights)
    np.testing.assert_allclose(Hs, np.asarray(layer(X)), rtol=1e-6, atol=1e-9)
    assert Hs.shape == (3, 6, 5)


def test_gru_reset_before_matches_keras(keras):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(2, 5, 3))
    layer, weights = _keras_layer(keras, "GRU", 4, 5, 3, rng, return_sequences=True, reset_after=False)
    assert weights[2].shape == (12,)
    Hs, _ = rnn.gru_forward(X, None, *weights, reset_after=False)
    np.testing.assert_allclose(Hs, np.asarray(layer(X)), rtol=1e-6, atol=1e-9)


def test_steps_with_initial_state_match_keras(keras):
    rng = np.random.default_rng(6)
    x, h0, c0 = rng.normal(size=(3, 2)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    layer, w = _keras_layer(keras, "SimpleRNN", 4, 1, 2, rng)
    np.testing.assert_allclose(rnn.rnn_step_forward(x, h0, *w)[0], np.asarray(layer(x[:, None], initial_state=[h0])),
                               rtol=1e-6, atol=1e-9)
    layer, w = _keras_layer(keras, "LSTM", 4, 1, 2, rng, return_state=True)
    _, h_k, c_k = layer(x[:, None], initial_state=[h0, c0])
    (h, c), _ = rnn.lstm_step_forward(x, h0, c0, *w)
    np.testing.assert_allclose(h, np.asarray(h_k), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(c, np.asarray(c_k), rtol=1e-6, atol=1e-9)
    layer, w = _keras_layer(keras, "GRU", 4, 1, 2, rng)
    np.testing.assert_allclose(rnn.gru_step_forward(x, h0, *w)[0], np.asarray(layer(x[:, None], initial_state=[h0])),
                               rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("kind, cell", [("SimpleRNN", "rnn"), ("LSTM", "lstm"), ("GRU", "gru")])
@pytest.mark.parametrize("return_sequences", [True, False])
def test_bidirectional_matches_keras(keras, kind, cell, return_sequences):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(2, 5, 3))
    layer = keras.layers.Bidirectional(getattr(keras.layers, kind)(3, return_sequences=return_sequences,
                                                                    dtype="float64"), dtype="float64")
    layer.build((None, 5, 3))
    weights = [rng.normal(size=w.shape) * 0.5 for w in layer.get_weights()]
    layer.set_weights(weights)
    out, _ = rnn.bidirectional_forward(X, cell, weights[:3], weights[3:], return_sequences=return_sequences)
    np.testing.assert_allclose(out, np.asarray(layer(X)), rtol=1e-6, atol=1e-9)


def test_init_weights_shapes_match_keras(keras):
    for kind, cell in [("SimpleRNN", "rnn"), ("LSTM", "lstm"), ("GRU", "gru")]:
        layer = getattr(keras.layers, kind)(5)
        layer.build((None, 2, 3))
        assert [w.shape for w in rnn.init_weights(cell, 3, 5)] == [w.shape for w in layer.get_weights()]


# --- gradient checks (BPTT) ---------------------------------------------------------------------------------

def _check_grads(forward, backward, arrays, dHs, tol=1e-6):
    out, cache = forward()
    grads = backward(dHs, cache)
    loss = lambda _: float(np.sum(forward()[0] * dHs))
    for a, g in zip(arrays, grads):
        assert rel_error(numerical_gradient(loss, a), g) < tol


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
def test_rnn_backward_gradcheck(activation):
    rng = np.random.default_rng(10)
    X, h0 = rng.normal(size=(3, 5, 2)), rng.normal(size=(3, 4))
    Wx, Wh, b = rnn.init_weights("rnn", 2, 4, rng=1, scale=0.9)
    b += rng.normal(size=4) * 0.3
    _check_grads(lambda: rnn.rnn_forward(X, h0, Wx, Wh, b, activation), rnn.rnn_backward,
                 [X, h0, Wx, Wh, b], rng.normal(size=(3, 5, 4)))


def test_rnn_step_backward_gradcheck():
    rng = np.random.default_rng(11)
    x, h = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    Wx, Wh, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 4)) * 0.5, rng.normal(size=4)
    _check_grads(lambda: rnn.rnn_step_forward(x, h, Wx, Wh, b), rnn.rnn_step_backward, [x, h, Wx, Wh, b],
                 rng.normal(size=(2, 4)))


def test_lstm_backward_gradcheck():
    rng = np.random.default_rng(12)
    X, h0, c0 = rng.normal(size=(3, 5, 2)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    Wx, Wh, b = rnn.init_weights("lstm", 2, 4, rng=2)
    b += rng.normal(size=16) * 0.3
    _check_grads(lambda: rnn.lstm_forward(X, h0, c0, Wx, Wh, b), rnn.lstm_backward,
                 [X, h0, c0, Wx, Wh, b], rng.normal(size=(3, 5, 4)))


def test_lstm_step_backward_gradcheck_with_cell_gradient():
    rng = np.random.default_rng(13)
    x, h, c = rng.normal(size=(2, 3)), rng.normal(size=(2, 2)), rng.normal(size=(2, 2))
    Wx, Wh, b = rng.normal(size=(3, 8)), rng.normal(size=(2, 8)), rng.normal(size=8)
    dh, dc = rng.normal(size=(2, 2)), rng.normal(size=(2, 2))

    def loss(_):
        (h_new, c_new), _cache = rnn.lstm_step_forward(x, h, c, Wx, Wh, b)
        return float(np.sum(h_new * dh) + np.sum(c_new * dc))

    _, cache = rnn.lstm_step_forward(x, h, c, Wx, Wh, b)
    for a, g in zip([x, h, c, Wx, Wh, b], rnn.lstm_step_backward(dh, dc, cache)):
        assert rel_error(numerical_gradient(loss, a), g) < 1e-6


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_backward_gradcheck(reset_after):
    rng = np.random.default_rng(14)
    X, h0 = rng.normal(size=(3, 5, 2)), rng.normal(size=(3, 4))
    Wx, Wh, b = rnn.init_weights("gru", 2, 4, rng=3)
    b = b + rng.normal(size=b.shape) * 0.3 if reset_after else rng.normal(size=12) * 0.3
    _check_grads(lambda: rnn.gru_forward(X, h0, Wx, Wh, b, reset_after), rnn.gru_backward,
                 [X, h0, Wx, Wh, b], rng.normal(size=(3, 5, 4)))


@pytest.mark.parametrize("return_sequences", [True, False])
def test_bidirectional_backward_gradcheck(return_sequences):
    rng = np.random.default_rng(15)
    X = rng.normal(size=(2, 4, 3))
    fw, bw = rnn.init_weights("lstm", 3, 2, rng=4), rnn.init_weights("lstm", 3, 2, rng=5)
    out, cache = rnn.bidirectional_forward(X, "lstm", fw, bw, return_sequences)
    dout = rng.normal(size=out.shape)
    dX, gf, gb = rnn.bidirectional_backward(dout, cache)
    loss = lambda _: float(np.sum(rnn.bidirectional_forward(X, "lstm", fw, bw, return_sequences)[0] * dout))
    for a, g in [(X, dX), *zip(fw, gf), *zip(bw, gb)]:
        assert rel_error(numerical_gradient(loss, a), g) < 1e-6


# --- the gradient through time -------------------------------------------------------------------------------

def test_init_weights_singular_values_and_forget_bias():
    Wx, Wh, b = rnn.init_weights("rnn", 3, 6, rng=0, scale=0.7)
    np.testing.assert_allclose(np.linalg.svd(Wh, compute_uv=False), 0.7)
    _, _, b = rnn.init_weights("lstm", 3, 6, rng=0, forget_bias=2.0)
    np.testing.assert_array_equal(b, np.r_[np.zeros(6), 2 * np.ones(6), np.zeros(12)])
    assert rnn.init_weights("gru", 3, 6)[2].shape == (2, 18)


def test_gradient_through_time_vanishes_explodes_and_obeys_the_bound():
    small = rnn.gradient_through_time("rnn", T=40, scale=0.5, rng=0)
    large = rnn.gradient_through_time("rnn", T=40, scale=2.0, rng=0)
    assert small["grad"][0] == 1.0 and small["grad"][30] < 1e-6
    assert large["grad"][39] > 10
    for g in (small, large):
        assert np.all(g["jacobian"] <= g["bound"] * (1 + 1e-9))
        assert g["s_max"] == pytest.approx(g["scale"])


def test_lstm_mitigates_but_does_not_solve():
    plain = rnn.gradient_through_time("rnn", T=60, scale=1.0, rng=1)
    lstm = rnn.gradient_through_time("lstm", T=60, scale=1.0, rng=1)
    assert lstm["grad"][59] > 1000 * plain["grad"][59]       # far slower decay ...
    assert lstm["grad"][59] < 0.1                             # ... but still a decay


def test_gradient_through_time_equals_the_jacobian_product_for_one_sequence():
    g = rnn.gradient_through_time("rnn", T=8, H=4, D=2, n=1, scale=1.2, rng=3)
    # with one sequence, ||dL/dh_{T-k}|| = ||u^T J|| <= ||J||: the state gradient never beats the Jacobian norm
    assert np.all(g["grad"] <= g["jacobian"] * (1 + 1e-9))


# --- error paths -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: rnn.rnn_step_forward(np.ones((2, 3)), None, np.ones((3, 4)), np.ones((4, 3)), np.ones(4)),
     "Wh .*recurrent_kernel.* wrong shape"),
    (lambda: rnn.rnn_step_forward(np.ones((2, 2)), None, np.ones((3, 4)), np.ones((4, 4)), np.ones(4)),
     "x has the wrong shape"),
    (lambda: rnn.rnn_step_forward(np.ones((2, 3)), np.ones((2, 5)), np.ones((3, 4)), np.ones((4, 4)), np.ones(4)),
     "h_prev has the wrong shape"),
    (lambda: rnn.lstm_step_forward(np.ones((1, 3)), None, None, np.ones((3, 4)), np.ones((4, 4)), np.ones(4)),
     "Wh .* wrong shape"),
    (lambda: rnn.gru_step_forward(np.ones((1, 3)), None, np.ones((3, 6)), np.ones((2, 6)), np.ones(6)),
     "b .*bias.* wrong shape"),
    (lambda: rnn.rnn_forward(np.ones((2, 3)), None, np.ones((3, 4)), np.ones((4, 4)), np.ones(4)),
     "X has the wrong number of dimensions"),
    (lambda: rnn.rnn_forward(np.ones((1, 2, 3)), None, np.ones((3, 4)), np.ones((4, 4)), np.ones(4), "sigmoid"),
     "activation is not one of the choices"),
    (lambda: rnn.rnn_backward(np.ones((1, 2, 4)), {"cell": "lstm", "steps": [1]}), "cache is not the cache of rnn"),
    (lambda: rnn.sequence_forward("transformer", np.ones((1, 2, 3)), []), "cell is not one of the choices"),
    (lambda: rnn.sequence_forward("rnn", np.ones((1, 2, 3)), [np.ones((3, 4))]), "weights must be the list"),
    (lambda: rnn.init_weights("rnn", 3, 4, scale=0), "scale is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()


def test_backward_refuses_a_wrong_upstream_shape():
    Hs, cache = rnn.rnn_forward(np.ones((2, 3, 1)), None, [[1.0]], [[0.5]], [0.0])
    with pytest.raises(CheckError, match="dHs has the wrong shape"):
        rnn.rnn_backward(np.ones((2, 3, 2)), cache)
