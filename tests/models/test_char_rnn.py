"""dlkit.models.char_rnn: the model's layers, numpy generation equal to Keras' own logits, error paths."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.models import char_rnn
from dlkit.nn.sampling import softmax_with_temperature


def test_numpy_generation_follows_the_keras_model():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    model = char_rnn.char_model(12, units=6, embed=3)
    model.set_weights([rng.normal(size=w.shape) for w in model.get_weights()])
    assert [type(layer).__name__ for layer in model.layers] == ["Embedding", "GRU", "Dense"]
    w = char_rnn.char_weights(model)
    prompt = np.array([1, 5, 2])
    out = char_rnn.generate(w, prompt, 6, temperature=1.0, rng=3)
    # the same draws, with Keras computing the logits of the whole text so far at every step
    seq, gen = list(prompt), np.random.default_rng(3)
    for _ in range(6):
        logits = np.asarray(model(np.array([seq], dtype="int32")), dtype=float)[:, -1]     # (1, V)
        P = softmax_with_temperature(logits, 1.0)
        seq.append(int(np.searchsorted(np.cumsum(P[0]) / P[0].sum(), gen.random(), side="right")))
    assert out.tolist() == seq[3:]
    assert isinstance(keras.Model, type)


def test_generate_by_hand_and_custom_step():
    w = {"E": np.eye(2), "Wx": np.zeros((2, 3)), "Wh": np.zeros((1, 3)), "b": np.zeros((2, 3)),
         "W": np.zeros((1, 2)), "b_out": np.array([50.0, 0.0])}
    assert char_rnn.generate(w, [1], 3, rng=0).tolist() == [0, 0, 0]
    calls = []
    step = lambda x, h, Wx, Wh, b: calls.append(x.shape) or h
    char_rnn.generate(w, [1, 0], 2, rng=0, step=step)
    assert calls == [(1, 2)] * 4                                 # 2 prompt characters + 2 generated


@pytest.mark.parametrize("call, match", [
    (lambda: char_rnn.generate({"E": 1}, [0], 3), "weights must be the dict"),
    (lambda: char_rnn.generate(dict.fromkeys(char_rnn.WEIGHT_NAMES, np.zeros((1, 1))), [], 3), "prompt is empty"),
    (lambda: char_rnn.char_model(1), "vocab_size is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
