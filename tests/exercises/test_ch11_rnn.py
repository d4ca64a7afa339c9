"""Fast checks of dlkit.exercises.ch11_rnn (the notebook-free part; dlgrade.harness does the rest).

The stored Keras outputs are what Keras computes today on the stored weights; dlkit's references pass every
visible and hidden case; every typical mistake differs from the reference on some visible case (so the judge
can name it); the forecaster's judge reads a describe() dict and hides values in hidden messages.
"""

import numpy as np
import pytest

from dlkit.checks import wire
from dlkit.exercises import ch11_rnn as ex
from dlkit.nn import rnn
from dlkit.nn.sampling import sample_with_temperature

REFERENCES = {
    "rnn_step": lambda x, h, Wx, Wh, b: rnn.rnn_step_forward(x, h, Wx, Wh, b)[0],
    "rnn_sequence": lambda X, h0, Wx, Wh, b: rnn.rnn_forward(X, h0, Wx, Wh, b)[0],
    "lstm_step": lambda x, h, c, Wx, Wh, b: rnn.lstm_step_forward(x, h, c, Wx, Wh, b)[0],
    "gru_step": lambda x, h, Wx, Wh, b: rnn.gru_step_forward(x, h, Wx, Wh, b)[0],
    "sample_with_temperature": sample_with_temperature,
}
HIDDEN = {
    "rnn_step": [dict(seed=1, N=5, D=3, H=4), dict(seed=2, N=1, D=1, H=6)],
    "rnn_sequence": [dict(seed=11, N=4, T=7, D=3, H=5), dict(seed=12, N=1, T=1, D=2, H=3)],
    "lstm_step": [dict(seed=21, N=4, D=3, H=5), dict(seed=22, N=1, D=2, H=1)],
    "gru_step": [dict(seed=31, N=4, D=3, H=5), dict(seed=32, N=1, D=2, H=1)],
    "sample_with_temperature": [dict(seed=41, n=30, c=7, temperature=0.7),
                                dict(seed=42, n=5, c=40, temperature=1.5, scale=4.0)],
}


def test_stored_numbers_are_what_keras_computes():
    keras = pytest.importorskip("keras")

    def layer(kind, H, D, weights, **kw):
        out = getattr(keras.layers, kind)(H, dtype="float64", **kw)
        out.build((None, 1, D))
        out.set_weights(weights)
        return out

    c = ex.RNN_STEP
    got = layer("SimpleRNN", 4, 3, [c["Wx"], c["Wh"], c["b"]])(c["x"][:, None], initial_state=[c["h_prev"]])
    np.testing.assert_allclose(np.asarray(got), ex.RNN_STEP_KERAS, rtol=1e-12, atol=1e-14)
    c = ex.RNN_SEQ
    seq = keras.layers.SimpleRNN(2, return_sequences=True, dtype="float64")
    seq.build((None, 4, 3))
    seq.set_weights([c["Wx"], c["Wh"], c["b"]])
    np.testing.assert_allclose(np.asarray(seq(c["X"])), ex.RNN_SEQ_KERAS, rtol=1e-12, atol=1e-14)
    c = ex.LSTM_STEP
    _, h, cell = layer("LSTM", 2, 3, [c["Wx"], c["Wh"], c["b"]], return_state=True)(
        c["x"][:, None], initial_state=[c["h_prev"], c["c_prev"]])
    np.testing.assert_allclose(np.asarray(h), ex.LSTM_STEP_KERAS[0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(np.asarray(cell), ex.LSTM_STEP_KERAS[1], rtol=1e-12, atol=1e-14)
    c = ex.GRU_STEP
    got = layer("GRU", 2, 3, [c["Wx"], c["Wh"], c["b"]])(c["x"][:, None], initial_state=[c["h_prev"]])
    np.testing.assert_allclose(np.asarray(got), ex.GRU_STEP_KERAS, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_references_pass_visible_and_hidden_cases(name):
    exercise, f = getattr(ex, name), REFERENCES[name]
    exercise.check(f)
    for params in HIDDEN[name]:
        case = exercise.hidden(params)
        assert exercise.verdict(case, wire.roundtrip(exercise.run(f, case.inputs))) is None


def _judge_mistakes(exercise):
    """The Mistake objects an array_judge closes over."""
    cells = exercise.judge.__closure__ or ()
    for cell in cells:
        value = cell.cell_contents
        if isinstance(value, list) and value and all(hasattr(m, "produce") for m in value):
            return value
    return []


@pytest.mark.parametrize("name", ["rnn_step", "gru_step", "sample_with_temperature"])
def test_every_mistake_is_named_on_a_visible_case(name):
    exercise = getattr(ex, name)
    mistakes = _judge_mistakes(exercise)
    assert mistakes
    for m in mistakes:
        named = False
        for case in exercise.cases:
            wrong = m.produce(**case.inputs)
            err = exercise.verdict(case, wire.roundtrip(np.asarray(wrong)))
            if err is not None and m.message in str(err):
                named = True
                break
        assert named, m.message


def test_lstm_gate_order_mistakes_are_named():
    for wrong, message in ex._LSTM_MISTAKES:
        case = ex.lstm_step.cases[1]
        err = ex.lstm_step.verdict(case, wire.roundtrip(tuple(wrong(**case.inputs))))
        assert err is not None and message in str(err)


def _describe(pred, layers=("SimpleRNN", "Dense")):
    return {"model": True, "layers": [{"type": t, "units": 1, "activation": None, "params": 1} for t in layers],
            "n_inputs": 1, "n_params": 2, "compile": {}, "predictions": pred}


def test_forecaster_judge():
    exercise = ex.train_forecaster
    visible = exercise.cases[0]
    y = visible.truth["y_test"].astype(float)
    ok = _describe((0.5 * y)[:, None])                            # half the error of "no change"
    assert exercise.verdict(visible, ok) is None
    assert "does not beat" in str(exercise.verdict(visible, _describe(np.zeros((len(y), 1)))))
    assert "no recurrent layer" in str(exercise.verdict(visible, _describe(ok["predictions"], ("Flatten", "Dense"))))
    assert "every time step" in str(exercise.verdict(visible, _describe(np.zeros((len(y), 24, 1)))))
    assert "History" in str(exercise.verdict(visible, {"model": False, "received": "History"}))
    hidden = exercise.hidden(dict(series_seed=1, seed=1))
    message = str(exercise.verdict(hidden, _describe(np.zeros((len(hidden.truth["y_test"]), 1)))))
    assert "does not beat" in message and "expected" not in message and "received" not in message
    assert "y_test" not in hidden.inputs                          # held-out targets never reach the kernel


def test_forecaster_data_is_the_chapter_split():
    f = ex.forecast_data(0)
    assert f.X_train.shape == (695, 24, 1) and f.X_test.shape == (240, 24, 1)
    assert float(np.mean(np.abs(f.y_test))) == pytest.approx(0.790, abs=1e-3)
