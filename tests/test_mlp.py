"""dlkit.mlp: the numpy MLP, its backward pass and the gradient-norm experiment."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit import data, mlp
from dlkit.gradcheck import numerical_gradient, rel_error


@pytest.mark.parametrize("hidden", mlp.HIDDEN_ACTIVATIONS)
def test_backward_passes_a_gradient_check(hidden):
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    params = mlp.init_params([4, 5, 4, 3], rng, init="xavier")
    _, grads = mlp.loss_and_grads(X, y, params, hidden)
    for (W, b), (dW, db) in zip(params, grads):
        for p, g in ((W, dW), (b, db)):
            num = numerical_gradient(lambda _: mlp.loss_and_grads(X, y, params, hidden)[0], p)
            assert g.shape == p.shape and rel_error(g, num) < 1e-6


def test_forward_is_a_chain_of_dense_and_activation():
    X = np.array([[1.0, 2.0]])
    params = [(np.array([[1.0, -1.0], [0.0, 1.0]]), np.array([0.0, -3.0])),
              (np.array([[2.0], [5.0]]), np.array([0.5]))]
    logits, caches = mlp.forward(X, params, "relu")
    assert logits.tolist() == [[2.5]] and len(caches) == 2 and caches[-1][1] is None


def test_training_on_digits_beats_95_percent():
    X_tr, X_te, y_tr, y_te = data.digits_split()
    params, hist = mlp.train(X_tr, y_tr, [64, 128, 10], epochs=20, batch_size=32, lr=0.1, rng=1,
                             X_val=X_te, y_val=y_te)
    assert mlp.accuracy(X_te, y_te, params) >= 0.95
    assert hist["loss"][-1] < hist["loss"][0] / 5 and len(hist["val_acc"]) == 20


def test_sgd_step_moves_against_the_gradient():
    params = [(np.ones((2, 2)), np.zeros(2))]
    new = mlp.sgd_step(params, [(np.full((2, 2), 0.5), np.array([1.0, -1.0]))], lr=0.1)
    assert np.allclose(new[0][0], 0.95) and np.allclose(new[0][1], [-0.1, 0.1])
    assert np.all(params[0][0] == 1)                                   # a new list, inputs untouched


def test_sigmoid_vanishes_relu_keeps_level_large_init_explodes():
    sig = mlp.gradient_norms(depth=10, hidden="sigmoid", init="xavier", rng=0)
    relu = mlp.gradient_norms(depth=10, hidden="relu", init="he", rng=0)
    big = mlp.gradient_norms(depth=10, hidden="relu", init="he", scale=1.5, rng=0)
    assert sig["dW"][0] / sig["dW"][-1] < 1e-4                        # 0.25 per layer, ten layers
    assert 0.1 < relu["dW"][0] / relu["dW"][-1] < 10
    assert big["delta"][0] / big["delta"][-1] > 10                    # grows towards the input


def test_explorer_state_figure_and_headless_wiring():
    state = mlp.gradient_norm_state(depth=4, hidden="tanh")
    assert state["layer"].tolist() == [1, 2, 3, 4, 5] and state["dW"].shape == (5,)
    fig = mlp.gradient_norm_figure(state)
    assert isinstance(fig, Figure) and fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
    pytest.importorskip("ipywidgets")
    box = mlp.gradient_norm_explorer(depth=4)
    first = box.output.outputs[0]["data"]["image/png"]
    box.controls["hidden"].value = "relu"
    assert len(box.output.outputs) == 1 and box.output.outputs[0]["data"]["image/png"] != first


@pytest.mark.parametrize("call, match", [
    (lambda: mlp.init_params([4]), "at least two"),
    (lambda: mlp.init_params([4, 2], init="glorot"), "init: expected one of"),
    (lambda: mlp.forward(np.ones((2, 4)), mlp.init_params([4, 2]), hidden="softmax"), "hidden: expected"),
    (lambda: mlp.forward(np.full((2, 4), np.nan), mlp.init_params([4, 2])), "finite"),
    (lambda: mlp.forward(np.ones((2, 3)), mlp.init_params([4, 2])), "W: expected shape"),
    (lambda: mlp.forward(np.ones((2, 4)), []), "non-empty list"),
    (lambda: mlp.train(np.ones((3, 4)), np.zeros(2, int), [4, 2]), "expected shapes"),
    (lambda: mlp.sgd_step([(np.ones(1), np.ones(1))], [], lr=0.1), "one per layer"),
    (lambda: mlp.sgd_step([], [], lr=-1), "lr: expected a positive"),
    (lambda: mlp.init_params([4, 2], rng="seed"), "rng must be a np.random.Generator"),
])
def test_bad_input_is_a_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()
