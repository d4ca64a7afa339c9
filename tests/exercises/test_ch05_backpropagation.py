"""Fast checks of dlkit.exercises.ch05_backpropagation (the notebook-free part; dlgrade.harness does the rest).

dlkit's references pass every visible and hidden case; a list is accepted where the text allows one, a
list of pairs is not a gradient dict; the overflow guard names the max shift; the training judge counts
shuffles, scores on the validation images it keeps, and hides values in hidden messages.
"""

import numpy as np
import pytest

from dlkit.exercises import ch05_backpropagation as ex
from dlkit.nn import layers, mlp
from dlkit.nn.init import init_params
from dlkit.nn.losses import softmax_cross_entropy_with_logits

from . import verdicts


def _train(X, y, sizes, epochs, batch_size, learning_rate, rng):
    params, history = mlp.train(X, y, sizes, epochs, batch_size, learning_rate, rng)
    return params, history["loss"]


REFERENCES = {
    "sigmoid_backward": lambda dout, Z: layers.activation_backward(dout, (Z, "sigmoid")),
    "relu_backward": lambda dout, Z: layers.activation_backward(dout, (Z, "relu")),
    "dense_backward": layers.dense_backward,
    "softmax_cross_entropy": softmax_cross_entropy_with_logits,
    "mlp_backward": mlp.loss_and_grads,
}
HIDDEN = {"sigmoid_backward": [dict(seed=501, shape=(5, 3))], "relu_backward": [dict(seed=511, shape=(6, 4))],
          "dense_backward": [dict(seed=522, n=1, d=2, h=6)], "softmax_cross_entropy": [dict(seed=532, n=1, c=10)],
          "mlp_backward": [dict(seed=542, sizes=(3, 5, 5, 5, 2), n=9)]}


@pytest.mark.parametrize("name", list(REFERENCES))
def test_the_reference_passes_visible_and_hidden_cases(name):
    exercise = getattr(ex, name)
    cases = exercise.cases + [exercise.hidden(p) for p in HIDDEN[name]]
    assert verdicts(exercise, REFERENCES[name], cases) == [None] * len(cases)


def test_hand_computed_dense_case_and_the_forms_the_text_allows():
    case = ex.dense_backward.cases[0]
    dX, dW, db = ex.dense_backward.reference(**case.inputs)
    np.testing.assert_allclose(dW, [[1, -1], [2.5, 0], [-0.5, -2]])
    np.testing.assert_allclose(db, [1.5, 1.0])
    np.testing.assert_allclose(dX, [[1, 3, -3], [0.5, -1, 6]])
    as_list = lambda dout, cache: list(layers.dense_backward(dout, cache))      # noqa: E731
    assert verdicts(ex.dense_backward, as_list, ex.dense_backward.cases) == [None, None]


def test_softmax_overflow_is_named_and_pairs_are_not_a_gradient_dict():
    def naive(logits, y):
        P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        return float(-np.log(P[np.arange(len(y)), y]).mean()), (P - np.eye(P.shape[1])[y]) / len(y)

    err = verdicts(ex.softmax_cross_entropy, naive, ex.softmax_cross_entropy.cases)
    assert err[0] is None and "subtract each row's maximum" in str(err[1])

    def pairs(X, y, params):
        loss, grads = mlp.loss_and_grads(X, y, params)
        return loss, [(grads[f"W{l}"], grads[f"b{l}"]) for l in (1, 2)]

    assert "should be a dict" in str(verdicts(ex.mlp_backward, pairs, ex.mlp_backward.cases[:1])[0])


def test_training_judge_counts_shuffles_scores_validation_and_hides_values():
    small, full = ex.train_mlp.cases
    assert "X_val" not in small.inputs and "X_val" in small.truth            # the labels stay with the grader
    assert verdicts(ex.train_mlp, _train, [small, full]) == [None, None]

    def frozen_biases(X, y, sizes, epochs, batch_size, learning_rate, rng):
        params, losses = _train(X, y, sizes, epochs, batch_size, learning_rate, rng)
        return {k: (np.zeros_like(p) if k.startswith("b") else p) for k, p in params.items()}, losses

    assert "update the biases too" in str(verdicts(ex.train_mlp, frozen_biases, [small])[0])

    def untrained(X, y, sizes, epochs, batch_size, learning_rate, rng):
        params = init_params(sizes, rng)
        for _ in range(epochs):
            rng.permutation(len(X))
        params = {k: p + 1e-3 for k, p in params.items()}
        return params, list(np.linspace(2.0, 0.5, epochs))

    err = verdicts(ex.train_mlp, untrained, [full])[0]
    assert "validation accuracy" in str(err) and "below 94%" in str(err)
    hidden = ex.train_mlp.hidden(dict(split=1, sizes=(64, 64, 10), batch_size=50, seed=11))
    err = str(verdicts(ex.train_mlp, untrained, [hidden])[0])
    assert "hidden check" in err and "%" in err and "received:" not in err
