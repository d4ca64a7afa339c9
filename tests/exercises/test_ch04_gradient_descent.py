"""Fast checks of dlkit.exercises.ch04_gradient_descent (the notebook-free part; dlgrade.harness does the rest).

dlkit's references pass every visible and hidden case; the hand-computed numbers of the visible cases hold;
the shuffle counter and the typical mistakes are named; hidden messages carry no values.
"""

import numpy as np
import pytest

from dlkit.exercises import ch04_gradient_descent as ex
from dlkit.nn import linear

from . import verdicts

REFERENCES = {"cost": linear.cost, "gradient": linear.gradient, "gradient_descent": linear.gradient_descent,
              "iterations_per_epoch": linear.iterations_per_epoch, "minibatch_sgd": linear.minibatch_sgd}
HIDDEN = {"cost": [dict(seed=401, n=1), dict(seed=403, n=13)], "gradient": [dict(seed=412, n=5)],
          "gradient_descent": [dict(seed=422, n=3, steps=1), dict(seed=423, n=10, steps=12)],
          "iterations_per_epoch": [dict(seed=s) for s in range(431, 437)],
          "minibatch_sgd": [dict(seed=443, n=9, d=4, batch_size=1, epochs=2),
                            dict(seed=445, n=150, d=4, batch_size=8, epochs=60, learning_rate=0.05, fresh=True)]}


@pytest.mark.parametrize("name", list(REFERENCES))
def test_the_reference_passes_visible_and_hidden_cases(name):
    exercise = getattr(ex, name)
    cases = exercise.cases + [exercise.hidden(p) for p in HIDDEN[name]]
    assert verdicts(exercise, REFERENCES[name], cases) == [None] * len(cases)


def test_hand_computed_numbers_of_the_visible_cases():
    c = ex.cost.cases
    assert [ex.cost.reference(**k.inputs) for k in c] == [4.0, 0.0, 2.0, 0.5]
    assert [ex.gradient.reference(**k.inputs) for k in ex.gradient.cases] == [-4.0, 2.0, -5.0]
    ws, _ = ex.gradient_descent.reference(**ex.gradient_descent.cases[0].inputs)
    np.testing.assert_allclose(ws, [0.0, 1.2, 1.68, 1.872, 1.9488])
    sgd = [ex.minibatch_sgd.reference(**k.inputs) for k in ex.minibatch_sgd.cases]
    np.testing.assert_allclose([sgd[0]["w"][0], sgd[0]["b"]], [28 / 30, 0.4])
    np.testing.assert_allclose([sgd[2]["w"][0], sgd[2]["b"]], [0.0, 3.75])
    np.testing.assert_allclose([sgd[3]["w"][0], sgd[3]["b"]], [0.732, 0.732])
    w_ls, b_ls = linear.least_squares(ex._X_REG, ex._Y_REG)                # the 60-epoch case lands near lstsq
    assert np.max(np.abs(np.append(sgd[4]["w"], sgd[4]["b"]) - np.append(w_ls, b_ls))) < 0.02


def test_shuffles_are_counted_and_mistakes_named():
    def once(X, y, learning_rate, epochs, batch_size, rng):
        order = rng.permutation(len(y))
        return linear.minibatch_sgd(X[order], y[order], learning_rate, epochs, batch_size, 0)

    def partial_dropped(X, y, learning_rate, epochs, batch_size, rng):
        n = (len(y) // batch_size) * batch_size
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(epochs):
            order = rng.permutation(len(y))
            for k in range(0, n, batch_size):
                idx = order[k:k + batch_size]
                r = y[idx] - X[idx] @ w - b
                w, b = w + learning_rate * X[idx].T @ r / len(idx), b + learning_rate * r.mean()
        return w, b

    err = [e for e in verdicts(ex.minibatch_sgd, once, ex.minibatch_sgd.cases[:2]) if e is not None]
    assert "once at the start of every epoch" in str(err[0])
    err = [e for e in verdicts(ex.minibatch_sgd, partial_dropped, ex.minibatch_sgd.cases) if e is not None]
    assert "keep the last, partial batch" in str(err[0])


def test_numbers_of_every_kind_are_accepted_and_hidden_messages_hide_values():
    assert verdicts(ex.cost, lambda w, x, y: np.asarray(linear.cost(w, x, y)), ex.cost.cases[:1]) == [None]
    assert verdicts(ex.iterations_per_epoch, lambda n, batch_size: np.int64(-(-n // batch_size)),
                     ex.iterations_per_epoch.cases) == [None] * 4
    err = verdicts(ex.iterations_per_epoch, lambda n, batch_size: float(-(-n // batch_size)),
                    ex.iterations_per_epoch.cases[:1])[0]
    assert "whole number" in str(err)
    hidden = ex.cost.hidden(HIDDEN["cost"][1])
    err = str(verdicts(ex.cost, lambda w, x, y: linear.cost(w, x, y) + 1e-3, [hidden])[0])
    assert "hidden check" in err and "expected:" not in err and "received:" not in err
