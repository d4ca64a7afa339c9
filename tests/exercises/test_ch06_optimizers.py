"""Fast checks of dlkit.exercises.ch06_optimizers (the notebook-free part; dlgrade.harness does the rest).

dlkit's references pass every visible and hidden case; each typical mistake of an optimizer exercise,
run as a class, fails a visible case with its own message; the clip exercise accepts a tuple, a list
pair and a numpy norm, as its text promises.
"""

import numpy as np
import pytest

from dlkit.checks import wire
from dlkit.errors import CheckError
from dlkit.exercises import ch06_optimizers as ex
from dlkit.nn import optim

REFERENCES = {"momentum": optim.Momentum, "nesterov": optim.Nesterov, "adagrad": optim.Adagrad,
              "rmsprop": optim.RMSprop, "adam": optim.Adam, "adamw": optim.AdamW,
              "exponential_decay": optim.exponential_decay, "clip_by_global_norm": optim.clip_by_global_norm}
HIDDEN = {"momentum": dict(seed=601, shapes=((5, 2), (7,)), learning_rate=0.3, momentum=0.5),
          "nesterov": dict(seed=602, shapes=((3, 3), (4,)), learning_rate=0.2, momentum=0.95),
          "adagrad": dict(seed=603, shapes=((2, 5),), learning_rate=0.5, epsilon=1e-3),
          "rmsprop": dict(seed=604, shapes=((4, 4), (2,)), learning_rate=0.05, rho=0.5),
          "adam": dict(seed=605, shapes=((3, 2),), learning_rate=0.02, beta_1=0.875),
          "adamw": dict(seed=606, shapes=((4, 2), (3,)), learning_rate=0.02, weight_decay=0.25),
          "exponential_decay": dict(seed=607, staircase=True), "clip_by_global_norm": dict(seed=608, clip_norm=0.7)}


def _verdicts(exercise, target, cases):
    return [exercise.verdict(c, wire.roundtrip(exercise.run(target, c.inputs))) for c in cases]


@pytest.mark.parametrize("name", list(REFERENCES))
def test_the_reference_passes_visible_and_hidden_cases(name):
    exercise = getattr(ex, name)
    cases = exercise.cases + [exercise.hidden(HIDDEN[name])]
    assert _verdicts(exercise, REFERENCES[name], cases) == [None] * len(cases)


@pytest.mark.parametrize("update, named", [
    (ex._mom_flipped, "momentum sign is flipped"), (ex._mom_average, "(1 - beta) average form"),
    (ex._mom_local, "not carried to the next step"), (ex._mom_old_velocity, "update v first"),
    (ex._mom_fixed, "fixed 0.9"),
])
def test_hand_computed_momentum_trajectory_and_each_mistake_named(update, named):
    case = ex.momentum.cases[0]
    path = ex.momentum.reference(**case.data())["w"]                        # 3 steps of Momentum(0.1, 0.5)
    np.testing.assert_allclose(path, [[-0.1, 1.2], [-0.25, 1.5], [-0.425, 1.85]])
    err = _verdicts(ex.momentum, ex._variant(optim.Momentum, update), ex.momentum.cases)
    assert any(e is not None and named in str(e) for e in err), err


def test_a_crash_is_a_failure_with_a_hint_and_hidden_messages_hide_values():
    class Broken(optim.Momentum):
        def update(self, w, g, state):
            return w + state["m"]                                           # KeyError: the velocity is state["v"]

    class Subclass(optim.Momentum):
        pass

    class Off(optim.Momentum):
        def update(self, w, g, state):
            return super().update(w, g, state) + 1e-3

    err = _verdicts(ex.momentum, Broken, ex.momentum.cases[:1])[0]
    assert isinstance(err, CheckError) and "raised KeyError" in str(err) and "state['v']" in str(err)
    hidden = ex.momentum.hidden(HIDDEN["momentum"])
    assert _verdicts(ex.momentum, Subclass, [hidden]) == [None]
    err = str(_verdicts(ex.momentum, Off, [hidden])[0])
    assert "hidden check" in err and "expected:" not in err and "received:" not in err


def test_clip_accepts_a_tuple_and_a_list_pair_and_refuses_a_bare_list():
    def as_tuple(grads, clip_norm):
        clipped, norm = optim.clip_by_global_norm(grads, clip_norm)
        return tuple(clipped), np.float64(norm)

    def as_list_pair(grads, clip_norm):
        return list(optim.clip_by_global_norm(grads, clip_norm))

    def bare_list(grads, clip_norm):
        return optim.clip_by_global_norm(grads, clip_norm)[0]

    cases = ex.clip_by_global_norm.cases + [ex.clip_by_global_norm.hidden(HIDDEN["clip_by_global_norm"])]
    assert _verdicts(ex.clip_by_global_norm, as_tuple, cases) == [None] * len(cases)
    assert _verdicts(ex.clip_by_global_norm, as_list_pair, cases) == [None] * len(cases)
    assert "return a pair" in str(_verdicts(ex.clip_by_global_norm, bare_list, cases[:1])[0])
