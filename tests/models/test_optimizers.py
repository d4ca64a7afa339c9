"""Tests of dlkit.models.optimizers: run_keras, the Keras side of the chapter 06 comparison."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import optim

keras = pytest.importorskip("keras")
from dlkit.models.optimizers import run_keras  # noqa: E402


def test_hand_computed_sgd():
    # two SGD steps of 0.5 * 1 from 1: 0
    out = run_keras(keras.optimizers.SGD(0.5), [np.array([1.0])], [[np.array([1.0])]] * 2)
    np.testing.assert_allclose(out[0], [0.0])


def test_matches_numpy_rules_and_leaves_params0():
    p0, gs = optim.random_problem(1)
    before = [p.copy() for p in p0]
    for ours, theirs in [(optim.Momentum(0.01, 0.9), keras.optimizers.SGD(0.01, momentum=0.9)),
                         (optim.Adam(0.01), keras.optimizers.Adam(0.01))]:
        for a, b in zip(optim.run_steps(ours, p0, gs), run_keras(theirs, p0, gs)):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    for b, p in zip(before, p0):
        np.testing.assert_array_equal(b, p)


def test_textbook_adam_passes_on_the_chapters_random_problem():
    """The chapter accepts the textbook arrangement (003 eq. 25-26) too: it agrees to 1e-6 there."""
    class TextbookAdam(optim.Adam):
        def update(self, w, g, state):
            t = self.iterations + 1
            state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
            state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g * g
            m_hat, v_hat = state["m"] / (1 - self.beta_1 ** t), state["v"] / (1 - self.beta_2 ** t)
            return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)

    for seed in range(3):
        p0, gs = optim.random_problem(seed)
        for eta in (0.001, 0.01):
            want = run_keras(keras.optimizers.Adam(eta), p0, gs)
            for a, b in zip(optim.run_steps(TextbookAdam(eta), p0, gs), want):
                np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    assert p0[0].shape == (4, 3) and len(gs) == 10


def test_errors():
    with pytest.raises(CheckError, match="keras_optimizer must be a Keras optimizer"):
        run_keras(optim.SGD(0.1), [np.zeros(1)], [[np.zeros(1)]])
    with pytest.raises(CheckError, match="one gradient per parameter"):
        run_keras(keras.optimizers.SGD(0.1), [np.zeros(1)], [[np.zeros(1), np.zeros(1)]])
    with pytest.raises(CheckError, match="params0 must be a list of numpy arrays"):
        run_keras(keras.optimizers.SGD(0.1), np.zeros(1), [])


def test_dict_params_match_the_list_form():
    """The course's params dict goes through Keras in its key order; same numbers as the list form."""
    shapes = {"W1": (3, 2), "b1": (2,)}
    p0, gs = optim.random_problem(4, shapes=shapes)
    lp0, lgs = optim.random_problem(4, shapes=tuple(shapes.values()))
    got = run_keras(keras.optimizers.Adam(0.01), p0, gs)
    want = run_keras(keras.optimizers.Adam(0.01), lp0, lgs)
    assert list(got) == ["W1", "b1"]
    for a, b in zip(got.values(), want):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(CheckError, match="each step of grads needs the keys of params0"):
        run_keras(keras.optimizers.SGD(0.1), {"w": np.zeros(1)}, [{"v": np.zeros(1)}])


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_validation_curves_shapes_determinism_and_numpy_oracle():
    from dlkit.data.digits import digits_splits
    from dlkit.models.optimizers import validation_curves

    d = digits_splits(seed=0)
    X_tr, y_tr, X_va, y_va = d.X_train[:200], d.y_train[:200], d.X_val[:100], d.y_val[:100]
    makers = {"SGD": lambda: keras.optimizers.SGD(0.01), "Adam": lambda: keras.optimizers.Adam(0.01)}
    out = validation_curves(makers, X_tr, y_tr, X_va, y_va, epochs=2, batch_size=50, units=8, show_progress=False)
    assert list(out) == ["SGD", "Adam"]
    for res in out.values():
        assert len(res["val_accuracy"]) == 2 and len(res["val_loss"]) == 2
        assert all(0.0 <= a <= 1.0 for a in res["val_accuracy"])
    # oracle: the last scores are the trained model's, recomputed with numpy from its weights
    W1, b1, W2, b2 = [np.asarray(v, dtype=float) for v in out["Adam"]["model"].get_weights()]
    Z = np.maximum(X_va @ W1 + b1, 0) @ W2 + b2
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    assert out["Adam"]["val_accuracy"][-1] == pytest.approx(np.mean(P.argmax(1) == y_va))
    p_true = np.clip(P[np.arange(100), y_va], 1e-7, 1.0)         # clipped as Keras' cross-entropy does
    assert out["Adam"]["val_loss"][-1] == pytest.approx(np.mean(-np.log(p_true)), rel=1e-4)
    # the same seed gives the same curve; the optimizer is the only difference (same first weights)
    again = validation_curves({"SGD": makers["SGD"]}, X_tr, y_tr, X_va, y_va, epochs=2, batch_size=50, units=8,
                              show_progress=False)
    assert again["SGD"]["val_loss"] == pytest.approx(out["SGD"]["val_loss"], rel=1e-6)
    with pytest.raises(CheckError, match="optimizers must be a dict of functions"):
        validation_curves({"SGD": keras.optimizers.SGD(0.01)}, X_tr, y_tr, X_va, y_va)
    with pytest.raises(CheckError, match="y_val has the wrong shape"):
        validation_curves(makers, X_tr, y_tr, X_va, y_va[:10])
