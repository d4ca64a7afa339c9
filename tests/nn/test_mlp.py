"""dlkit.nn.mlp: the numpy MLP on the parameter dict, its backward pass, training, the gradient norms."""

import numpy as np
import pytest

from dlkit.data.digits import digits_split
from dlkit.errors import CheckError
from dlkit.nn import mlp
from dlkit.nn.gradcheck import numerical_gradient, rel_error
from dlkit.nn.init import init_params

HAND = {"W1": np.array([[1.0, -1.0], [0.0, 1.0]]), "b1": np.array([0.0, -3.0]),
        "W2": np.array([[2.0], [5.0]]), "b2": np.array([0.5])}


@pytest.mark.parametrize("hidden", mlp.HIDDEN_ACTIVATIONS)
def test_backward_passes_a_gradient_check(hidden):
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    params = init_params([4, 5, 4, 3], rng, init="xavier")
    _, grads = mlp.loss_and_grads(X, y, params, hidden)
    assert list(grads) == list(params)
    for name, p in params.items():
        num = numerical_gradient(lambda _: mlp.loss_and_grads(X, y, params, hidden)[0], p)
        assert grads[name].shape == p.shape and rel_error(grads[name], num) < 1e-6, name


def test_forward_is_a_chain_of_dense_and_activation():
    logits, caches = mlp.forward(np.array([[1.0, 2.0]]), HAND, "relu")    # relu([1, -2]) = [1, 0]; 2 + 0.5
    assert logits.tolist() == [[2.5]] and len(caches) == 2 and caches[-1][1] is None


def test_loss_and_grads_by_hand():
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros(2)}
    loss, grads = mlp.loss_and_grads([[1.0, 0.0]], [0], params)            # softmax(0, 0) = (0.5, 0.5)
    assert loss == pytest.approx(np.log(2))
    np.testing.assert_allclose(grads["b1"], [-0.5, 0.5])
    np.testing.assert_allclose(grads["W1"], [[-0.5, 0.5], [0.0, 0.0]])
    assert mlp.predict([[1.0, 0.0], [0.0, 1.0]], {"W1": np.eye(2), "b1": np.zeros(2)}).tolist() == [0, 1]
    assert mlp.accuracy([[1.0, 0.0], [0.0, 1.0]], [0, 0], {"W1": np.eye(2), "b1": np.zeros(2)}) == 0.5


def test_forward_and_loss_match_keras():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(8)
    X, y = rng.normal(size=(7, 4)), rng.integers(0, 3, size=7)
    params = init_params([4, 5, 3], rng)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(3)])
    model.set_weights([params["W1"], params["b1"], params["W2"], params["b2"]])
    logits_k = np.asarray(model(X))
    np.testing.assert_allclose(mlp.forward(X, params, "tanh")[0], logits_k, rtol=1e-5, atol=1e-5)
    loss_k = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, logits_k))
    assert mlp.loss_and_grads(X, y, params, "tanh")[0] == pytest.approx(loss_k, rel=1e-5)


def test_train_is_minibatch_sgd_step_for_step():
    """Oracle: the same run written as a naive loop with its own update line."""
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(10, 3)), rng.integers(0, 2, size=10)
    params, history = mlp.train(X, y, [3, 4, 2], epochs=3, batch_size=4, learning_rate=0.2, rng=7)
    g = np.random.default_rng(7)
    ref = init_params([3, 4, 2], g)
    for _ in range(3):
        order = g.permutation(10)
        for start in range(0, 10, 4):
            idx = order[start:start + 4]
            _, grads = mlp.loss_and_grads(X[idx], y[idx], ref)
            ref = {k: ref[k] - 0.2 * grads[k] for k in ref}
    assert list(params) == ["W1", "b1", "W2", "b2"]
    for k in ref:
        np.testing.assert_allclose(params[k], ref[k], rtol=1e-12, atol=1e-12)
    assert len(history["loss"]) == 3 and history["val_acc"] == []


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_training_on_digits_beats_95_percent():
    X_tr, X_te, y_tr, y_te = digits_split()
    params, hist = mlp.train(X_tr, y_tr, [64, 128, 10], epochs=20, batch_size=32, learning_rate=0.1, rng=1,
                             X_val=X_te, y_val=y_te)
    assert mlp.accuracy(X_te, y_te, params) >= 0.95
    assert hist["loss"][-1] < hist["loss"][0] / 5 and len(hist["val_acc"]) == 20


def test_sigmoid_vanishes_relu_keeps_level_large_init_explodes():
    sig = mlp.gradient_norms(depth=10, hidden="sigmoid", init="xavier", rng=0)
    relu = mlp.gradient_norms(depth=10, hidden="relu", init="he", rng=0)
    big = mlp.gradient_norms(depth=10, hidden="relu", init="he", scale=1.5, rng=0)
    assert sig["dW"].shape == (11,) and sig["delta"].shape == (11,)
    assert sig["dW"][0] / sig["dW"][-1] < 1e-4                        # 0.25 per layer, ten layers
    assert 0.1 < relu["dW"][0] / relu["dW"][-1] < 10
    assert big["delta"][0] / big["delta"][-1] > 10                    # grows towards the input


def test_exploding_is_in_the_size_of_every_gradient_not_in_their_ratio():
    """Weights 1.5 times He's: A grows forward, delta grows backward, dW_l = A_{l-1}^T delta_l stays level."""
    he = mlp.gradient_norms(depth=10, hidden="relu", init="he", rng=0)
    big = mlp.gradient_norms(depth=10, hidden="relu", init="he", scale=1.5, rng=0)
    assert big["A_in"][-1] / big["A_in"][0] > 20 and 0.5 < he["A_in"][-1] / he["A_in"][0] < 2
    assert big["delta"][0] / big["delta"][-1] > 20
    assert np.all(big["dW"] > 20 * he["dW"])                          # every layer's gradient explodes
    assert big["dW"][0] / big["dW"][-1] < he["dW"][0] / he["dW"][-1]   # ... while the ratio does not grow


def test_gradient_norms_a_in_by_hand_and_backward_overrides():
    g = np.random.default_rng(4)                                     # the draws gradient_norms makes
    X, _ = g.normal(size=(8, 3)), g.integers(0, 2, size=8)
    params = init_params([3, 5, 2], g, "xavier")
    norms = mlp.gradient_norms(depth=1, width=5, hidden="tanh", n=8, inputs=3, classes=2, rng=4)
    A1 = np.tanh(X @ params["W1"] + params["b1"])
    np.testing.assert_allclose(norms["A_in"], [np.linalg.norm(X), np.linalg.norm(A1)])
    seen = []

    def dense_backward(dout, cache):                                 # a learner's, with cache = (X, W)
        X_, W_ = cache
        seen.append(W_.shape)
        return dout @ W_.T, X_.T @ dout, dout.sum(axis=0)

    same = mlp.gradient_norms(depth=1, width=5, hidden="tanh", n=8, inputs=3, classes=2, rng=4,
                              backward={"dense": dense_backward, "tanh": lambda dout, Z: dout * (1 - np.tanh(Z) ** 2)})
    assert seen == [(5, 2), (3, 5)]
    for key in ("dW", "delta", "A_in"):
        np.testing.assert_allclose(same[key], norms[key], rtol=1e-12)


def test_train_runs_the_loss_and_grads_it_is_given():
    X, y = np.random.default_rng(0).normal(size=(20, 4)), np.arange(20) % 3
    calls = []

    def mine(Xb, yb, params):
        calls.append(len(Xb))
        return mlp.loss_and_grads(Xb, yb, params)

    p1, h1 = mlp.train(X, y, [4, 6, 3], epochs=2, batch_size=8, learning_rate=0.1, rng=1, loss_and_grads=mine)
    p2, h2 = mlp.train(X, y, [4, 6, 3], epochs=2, batch_size=8, learning_rate=0.1, rng=1)
    assert calls == [8, 8, 4, 8, 8, 4] and h1["loss"] == h2["loss"]
    for k in p2:
        np.testing.assert_array_equal(p1[k], p2[k])


def test_gradient_norms_by_hand_depth_one():
    # One hidden layer: ||dW_2|| and ||delta_2|| are those of loss_and_grads on the same draw.
    g = np.random.default_rng(4)
    X, y = g.normal(size=(8, 3)), g.integers(0, 2, size=8)
    params = init_params([3, 5, 2], g, "xavier")
    _, grads = mlp.loss_and_grads(X, y, params, "tanh")
    norms = mlp.gradient_norms(depth=1, width=5, hidden="tanh", n=8, inputs=3, classes=2, rng=4)
    np.testing.assert_allclose(norms["dW"], [np.linalg.norm(grads["W1"]), np.linalg.norm(grads["W2"])])


@pytest.mark.parametrize("call, match", [
    (lambda: mlp.forward(np.ones((2, 4)), init_params([4, 2]), hidden="softmax"), "hidden is not one of the choices"),
    (lambda: mlp.forward(np.full((2, 4), np.nan), init_params([4, 2])), "X must be finite"),
    (lambda: mlp.forward(np.ones((2, 3)), init_params([4, 2])), "W has the wrong shape"),
    (lambda: mlp.forward(np.ones((2, 4)), {}), "non-empty dict"),
    (lambda: mlp.forward(np.ones((2, 4)), [(np.ones((4, 2)), np.ones(2))]), "dict of named arrays(.|\n)*: list"),
    (lambda: mlp.forward(np.ones((2, 4)), {"W1": np.ones((4, 2))}), "wrong keys(.|\n)*'W1', 'b1'"),
    (lambda: mlp.loss_and_grads(np.ones((2, 4)), [0, 2], init_params([4, 2])), r"labels in \[0, 2\)"),
    (lambda: mlp.train(np.ones((3, 4)), np.zeros(2, int), [4, 2]), r"y has the wrong shape(.|\n)*\(3,\)"),
    (lambda: mlp.train(np.ones((3, 4)), np.zeros(3, int), [4, 2], epochs=0), "epochs is out of range"),
    (lambda: mlp.train(np.ones((3, 4)), np.zeros(3, int), [4, 2], learning_rate=-1), "learning_rate"),
    (lambda: mlp.train(np.ones((3, 4)), np.zeros(3, int), [4, 2], X_val=np.ones((2, 4)), y_val=[0]),
     "y_val has the wrong shape"),
    (lambda: mlp.accuracy(np.ones((2, 2)), [0], HAND), "y has the wrong shape"),
    (lambda: mlp.gradient_norms(depth=0), "depth is out of range"),
    (lambda: mlp.gradient_norms(rng="seed"), "rng must be a random generator"),
    (lambda: mlp.gradient_norms(backward={"softmax": abs}), "backward has unknown keys"),
    (lambda: mlp.gradient_norms(backward=[abs]), "backward must be a dict of functions"),
    (lambda: mlp.train(np.ones((3, 4)), np.zeros(3, int), [4, 2], loss_and_grads=3), "loss_and_grads must be a function"),
])
def test_bad_input_is_a_clear_check_error(call, match):
    with pytest.raises(CheckError, match=match):
        call()
