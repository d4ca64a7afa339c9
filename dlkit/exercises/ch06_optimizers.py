"""Exercises of chapter 06 (optimizers): six update rules behind one interface, a schedule, clipping.

    Momentum(learning_rate, momentum).update(w, g, state)       v <- b v - eta g;  return w + v   (state["v"])
    Nesterov(learning_rate, momentum).update(w, g, state)       v <- b v - eta g;  return w + b v - eta g
    Adagrad(learning_rate, initial_accumulator_value, epsilon).update(w, g, state)
                                                                G <- G + g^2;  return w - eta g / sqrt(G + eps)
    RMSprop(learning_rate, rho, epsilon).update(w, g, state)    s <- rho s + (1 - rho) g^2;  w - eta g / sqrt(s + eps)
    Adam(learning_rate, beta_1, beta_2, epsilon).update(w, g, state)
                                                                bias-corrected m, v; eps outside the root
    AdamW(learning_rate, weight_decay, ...).update(w, g, state)  w - eta wd w, then dlkit's Adam step
    exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False) -> a number
    clip_by_global_norm(grads, clip_norm) -> (clipped, norm): a list (or tuple) of arrays, and a number

An optimizer exercise is a class the learner completes (its `update`). Every case builds it with the
case's hyper-parameters, `cls(**hyper)`, steps it on a params dict (the course's parameter structure)
with one gradient dict per step, and records the parameters after every step
(`dlkit.nn.optim.run_trajectory`): the answer is that trajectory, {name: array (steps, *shape)}. The
grader compares it, step by step, with the trajectory of dlkit's reference class (which follows
keras.optimizers, tests/nn/test_optim.py) to 1e-6, relative and absolute. Only the parameters are
judged, so every correct way of writing a rule passes: in place or functional, either sign of the
momentum velocity, the textbook or the Keras arrangement of Adam.

Each exercise is defined once here: the visible cases the notebook checks, the function that turns the
grader's hidden parameters into more cases, the reference, the judge and three levels of hints.
"""

from __future__ import annotations

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake
from dlkit.nn import optim

__all__ = ["momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "exponential_decay",
           "clip_by_global_norm"]

_NAMES = ("W1", "b1", "W2", "b2")
_TOL = dict(rtol=1e-6, atol=1e-6)


# --- the optimizer exercises: one judge for every rule ----------------------------------------------

def _run_class(cls, hyper, params0, grads):
    """Kernel side: the learner's class with the case's hyper-parameters, stepped; its trajectory.

    A division by zero (or 0/0) raises instead of warning, so it is reported with a hint.
    """
    with np.errstate(divide="raise", invalid="raise"):
        return optim.run_trajectory(cls(**hyper), params0, grads)


def _trajectory_of(cls):
    """A function of a case's inputs: the trajectory of `cls` (a reference, or a typical mistake)."""
    return lambda hyper, params0, grads, **_: optim.run_trajectory(cls(**hyper), params0, grads)


def _row(produce, key, k, got_path):
    """Row k of a mistake's trajectory, if the mistake explains the whole received trajectory of `key`.

    A mistake is named only when it gives every step the learner's class took: a mistake can agree with
    the right answer, or with another mistake, on the first steps (a velocity that is not stored still
    gets the first step right).
    """

    def row(**inputs):
        wrong = produce(**inputs)[key]
        if wrong.shape != got_path.shape or not np.allclose(got_path, wrong, **_TOL):
            raise ValueError("this mistake does not explain the trajectory")
        return wrong[k]

    return row


def _trajectory_judge(mistakes=()):
    """Compare the parameters after every step; name a typical mistake where one explains the values."""

    def judge(t, got, want):
        if type(got) is not dict or set(got) != set(want):
            t.fail("the optimizer's trajectory could not be read", "the parameters after every step",
                   type(got).__name__, hint="update must return the new w, an array shaped like w")
        step_hints = t.inputs.get("step_hints") or ()
        for key, rows in want.items():
            t.array(got[key], shape=rows.shape, dtype="float", name=f"{key} after every step of {t.label}")
            for k in range(len(rows)):
                hint = step_hints[min(k, len(step_hints) - 1)] if step_hints else None
                t.close(got[key][k], rows[k], name=f"{key} after step {k + 1} of {t.label}", hint=hint, **_TOL,
                        mistakes=[Mistake(_row(m.produce, key, k, got[key]), m.message) for m in mistakes])

    return judge


def _one_param(w0, g, steps):
    """A params dict with one parameter "w", and the same gradient at every step."""
    w0, g = np.array(w0, dtype=float), np.array(g, dtype=float)
    return {"params0": {"w": w0}, "grads": [{"w": g.copy()} for _ in range(steps)]}


def _random(seed, shapes=((4, 3), (3,), (2, 2, 2))):
    params0, grads = optim.random_problem(seed, shapes=dict(zip(_NAMES, shapes)))
    return {"params0": params0, "grads": grads}


def _describe_shapes(shapes) -> str:
    return ", ".join(f"{n} {tuple(s)}" for n, s in zip(_NAMES, shapes))


def _visible_random(cls_name, hyper, seed, hint):
    args = ", ".join(f"{k}={v}" for k, v in hyper.items())
    return Case(f"{cls_name}({args}): ten steps on random gradients (seed {seed}), params "
                f"{{{_describe_shapes(((4, 3), (3,), (2, 2, 2)))}}}", hyper=dict(hyper), **_random(seed), hint=hint)


def _hidden_random(cls_name, hint):
    def hidden(seed, shapes, **hyper):
        return Case(f"{cls_name} with other hyper-parameters, ten steps on a random problem of {len(shapes)} "
                    "parameters", hyper=dict(hyper), **_random(seed, shapes), hint=hint)

    return hidden


def _optimizer_exercise(name, reference_cls, *, cases, hidden_hint, mistakes, hints, crash_hint):
    target = reference_cls.__name__
    return Exercise(
        name, target=target, cases=cases, hidden=_hidden_random(target, hidden_hint), call=_run_class,
        reference=_trajectory_of(reference_cls), judge=_trajectory_judge(mistakes),
        crash_hint=crash_hint, hints=hints, references=(f"dlkit.nn.optim.{target}",))


def _variant(base, update):
    """A subclass of a reference rule with another update (a typical mistake, for the judges)."""
    return type(f"Wrong{base.__name__}", (base,), {"update": update})


# --- Momentum ---------------------------------------------------------------------------------------

def _mom_flipped(self, w, g, state):
    state["v"] = self.momentum * state["v"] + self.learning_rate * g
    return w + state["v"]


def _mom_average(self, w, g, state):
    state["v"] = self.momentum * state["v"] + (1 - self.momentum) * g
    return w - self.learning_rate * state["v"]


def _mom_local(self, w, g, state):
    return w + (self.momentum * state["v"] - self.learning_rate * g)


def _mom_old_velocity(self, w, g, state):
    new_w = w + state["v"]
    state["v"] = self.momentum * state["v"] - self.learning_rate * g
    return new_w


def _mom_fixed(self, w, g, state):
    state["v"] = 0.9 * state["v"] - self.learning_rate * g
    return w + state["v"]


_V_KEPT = ("store the new velocity in state['v'] (the state dict is kept between steps; a local variable is lost "
           "when update returns)")
_MOMENTUM_MISTAKES = [
    Mistake(_trajectory_of(_variant(optim.Momentum, _mom_flipped)),
            "the momentum sign is flipped, so w walks uphill: Keras subtracts learning_rate * g inside v and then "
            "ADDS v (000 writes v <- beta v + eta g and SUBTRACTS v: the same steps)"),
    Mistake(_trajectory_of(_variant(optim.Momentum, _mom_average)),
            "this is the (1 - beta) average form of 003 eq. 19-20, whose steps are (1 - beta) times smaller: the "
            "exercise asks for the sum form of Keras and 000, v <- momentum * v - learning_rate * g, then w + v"),
    Mistake(_trajectory_of(_variant(optim.Momentum, _mom_local)),
            f"the velocity is not carried to the next step: {_V_KEPT}"),
    Mistake(_trajectory_of(_variant(optim.Momentum, _mom_old_velocity)),
            "the step uses the old velocity: update v first, then add the new v to w"),
    Mistake(_trajectory_of(_variant(optim.Momentum, _mom_fixed)),
            "the momentum is a fixed 0.9: use self.momentum, the value the optimizer was created with"),
]

momentum = _optimizer_exercise(
    "momentum", optim.Momentum,
    cases=[
        Case("Momentum(learning_rate=0.1, momentum=0.5): three steps from w = [0, 1] with g = [1, -2] at every step",
             hyper={"learning_rate": 0.1, "momentum": 0.5}, **_one_param([0.0, 1.0], [1.0, -2.0], 3),
             truth={"step_hints": (
                 "v = 0.5 * 0 - 0.1 * g = [-0.1, 0.2] and w + v = [-0.1, 1.2]. [0.1, 0.8] walks uphill (the sign "
                 "is flipped); [-0.05, 1.1] is the (1 - beta) average form of 003 eq. 19, which Keras does not use; "
                 "[0, 1] (no move) adds the old velocity: update v first, then add it",
                 "the second step is learning_rate * g * (1 + momentum) = [-0.15, 0.3]: v must remember the first "
                 f"step. {_V_KEPT[0].upper()}{_V_KEPT[1:]}",
                 "the steps are eta g, eta g (1 + b), eta g (1 + b + b^2): v <- b v - eta g, then w + v")}),
        _visible_random("Momentum", {"learning_rate": 0.05, "momentum": 0.9}, 61,
                        "use self.momentum and self.learning_rate (not fixed numbers); every parameter has its own "
                        "state dict, so W1, b1 and W2 each keep a velocity: v <- momentum * v - learning_rate * g, "
                        "then w + v"),
    ],
    hidden_hint="v <- momentum * v - learning_rate * g with the optimizer's own momentum and learning rate, kept in "
                "state['v']; return w + v",
    mistakes=_MOMENTUM_MISTAKES,
    crash_hint="update(w, g, state) receives one parameter array w, its gradient g (same shape) and that "
               "parameter's state dict, whose velocity init_state stored as state['v']; return the new w, an array "
               "shaped like w",
    hints=(
        "Momentum keeps a velocity per parameter: a running sum of past steps. Update it from the gradient, "
        "then move w by it. The velocity lives in state['v'] between steps.",
        "Two lines: first the new velocity, the old one shrunk by the factor momentum and the learning rate "
        "times g taken away (Keras' sign convention); store it back into state. Then return w plus that new "
        "velocity.",
        "v_t = beta * v_(t-1) - eta * g_t;  w_t = w_(t-1) + v_t  (beta = self.momentum, eta = self.learning_rate, "
        "v in state['v']). 000's form v_t = beta v_(t-1) + eta g_t, w_t = w_(t-1) - v_t takes the same steps.",
    ),
)


# --- Nesterov ---------------------------------------------------------------------------------------

def _nes_plain(self, w, g, state):
    state["v"] = self.momentum * state["v"] - self.learning_rate * g
    return w + state["v"]


def _nes_local(self, w, g, state):
    v = self.momentum * state["v"] - self.learning_rate * g
    return w + self.momentum * v - self.learning_rate * g


def _nes_flipped(self, w, g, state):
    state["v"] = self.momentum * state["v"] + self.learning_rate * g
    return w + self.momentum * state["v"] + self.learning_rate * g


nesterov = _optimizer_exercise(
    "nesterov", optim.Nesterov,
    cases=[
        Case("Nesterov(learning_rate=0.1, momentum=0.5): three steps from w = [0] with g = [1] at every step",
             hyper={"learning_rate": 0.1, "momentum": 0.5}, **_one_param([0.0], [1.0], 3),
             truth={"step_hints": (
                 "v = 0.5 * 0 - 0.1 = -0.1, then w + 0.5 * v - 0.1 * g = -0.05 - 0.1 = -0.15. -0.1 is plain "
                 "momentum (w + v): Nesterov adds momentum * v - learning_rate * g with the NEW v; +0.15 has the "
                 "sign flipped",
                 "step 2: v = 0.5 * (-0.1) - 0.1 = -0.15 and w += 0.5 * (-0.15) - 0.1 = -0.175. Use the new v "
                 "(update state['v'] first, then use it), and store it in state['v'] so that it reaches the next step",
                 "v <- b v - eta g; w <- w + b v - eta g, with v kept in state['v'] between steps")}),
        _visible_random("Nesterov", {"learning_rate": 0.05, "momentum": 0.9}, 62,
                        "use self.momentum and self.learning_rate; v <- b v - eta g, stored in state['v']; return "
                        "w + b v - eta g"),
    ],
    hidden_hint="v <- momentum * v - learning_rate * g kept in state['v']; return w + momentum * v - learning_rate * g",
    mistakes=[
        Mistake(_trajectory_of(_variant(optim.Nesterov, _nes_plain)),
                "this is plain momentum, w + v (which is also what w + momentum * v - learning_rate * g gives with "
                "the OLD v): Nesterov returns w + momentum * v - learning_rate * g with the NEW v, updated first"),
        Mistake(_trajectory_of(_variant(optim.Nesterov, _nes_local)),
                f"the velocity is not carried to the next step: {_V_KEPT}"),
        Mistake(_trajectory_of(_variant(optim.Nesterov, _nes_flipped)),
                "the momentum sign is flipped, so w walks uphill: v <- momentum * v - learning_rate * g"),
    ],
    crash_hint="update(w, g, state) receives one parameter array w, its gradient g and its state dict, whose "
               "velocity is state['v']; return the new w, an array shaped like w",
    hints=(
        "Nesterov updates the velocity exactly as momentum does; only the step taken with it differs: the fresh "
        "gradient is applied once more on top of the (scaled) new velocity.",
        "First the new velocity, as in exercise 1, stored in state. Then return w plus momentum times that NEW "
        "velocity, minus the learning rate times g.",
        "v_t = beta v_(t-1) - eta g_t;  w_t = w_(t-1) + beta v_t - eta g_t   (beta = self.momentum, "
        "eta = self.learning_rate, v in state['v'])",
    ),
)


# --- Adagrad ----------------------------------------------------------------------------------------

def _ada_outside(self, w, g, state):
    state["G"] = state["G"] + g ** 2
    return w - self.learning_rate * g / (np.sqrt(state["G"]) + self.epsilon)


def _ada_replace(self, w, g, state):
    state["G"] = g ** 2
    return w - self.learning_rate * g / np.sqrt(state["G"] + self.epsilon)


def _ada_local(self, w, g, state):
    return w - self.learning_rate * g / np.sqrt(state["G"] + g ** 2 + self.epsilon)


def _ada_no_root(self, w, g, state):
    state["G"] = state["G"] + g ** 2
    return w - self.learning_rate * g / (state["G"] + self.epsilon)


def _ada_abs(self, w, g, state):
    state["G"] = state["G"] + np.abs(g)
    return w - self.learning_rate * g / np.sqrt(state["G"] + self.epsilon)


def _ada_no_rate(self, w, g, state):
    state["G"] = state["G"] + g ** 2
    return w - g / np.sqrt(state["G"] + self.epsilon)


adagrad = _optimizer_exercise(
    "adagrad", optim.Adagrad,
    cases=[
        Case("Adagrad(learning_rate=1.0, initial_accumulator_value=0.0, epsilon=1.0): two steps from w = [0, 0] "
             "with g = [1, 3] at every step",
             hyper={"learning_rate": 1.0, "initial_accumulator_value": 0.0, "epsilon": 1.0},
             **_one_param([0.0, 0.0], [1.0, 3.0], 2),
             truth={"step_hints": (
                 "G = 0 + g^2 = [1, 9]; w - lr * g / sqrt(G + eps) = -[1/sqrt(2), 3/sqrt(10)] = [-0.7071, -0.9487]. "
                 "[-0.5, -0.75] puts epsilon outside the square root (g / (sqrt(G) + eps)): Keras adds it inside, "
                 "sqrt(G + eps). Accumulate the SQUARED gradient (g ** 2), and take the square root",
                 "G keeps growing: after two steps G = [2, 18]. Store the sum in state['G'] (add g ** 2 to it), do "
                 "not replace it by the latest g ** 2")}),
        _visible_random("Adagrad", {"learning_rate": 0.1}, 63,
                        "start from state['G'] (it holds initial_accumulator_value = 0.1 before the first step, not "
                        "0), add g ** 2, and step by learning_rate * g / sqrt(G + eps) with self.learning_rate"),
    ],
    hidden_hint="G <- G + g^2 kept in state['G']; w - learning_rate * g / sqrt(G + epsilon), epsilon inside the root",
    mistakes=[
        Mistake(_trajectory_of(_variant(optim.Adagrad, _ada_outside)),
                "epsilon is outside the square root (g / (sqrt(G) + eps)): Keras adds it inside, sqrt(G + eps)"),
        Mistake(_trajectory_of(_variant(optim.Adagrad, _ada_replace)),
                "G is replaced by the latest g ** 2: add g ** 2 to state['G'], do not replace it"),
        Mistake(_trajectory_of(_variant(optim.Adagrad, _ada_local)),
                "G is not carried to the next step: store the new sum in state['G'], do not replace it by a "
                "local variable"),
        Mistake(_trajectory_of(_variant(optim.Adagrad, _ada_no_root)),
                "the square root is missing: divide by sqrt(G + eps), the root of the summed squares"),
        Mistake(_trajectory_of(_variant(optim.Adagrad, _ada_abs)),
                "G adds |g|: Adagrad accumulates the squared gradient, g ** 2"),
        Mistake(_trajectory_of(_variant(optim.Adagrad, _ada_no_rate)),
                "the learning rate is missing: the step is learning_rate * g / sqrt(G + eps)"),
    ],
    crash_hint="update(w, g, state) receives one parameter array w, its gradient g and its state dict, whose sum "
               "of squared gradients is state['G']; return the new w, an array shaped like w",
    hints=(
        "Adagrad remembers, per weight, the sum of all its squared gradients, and divides each step by the root "
        "of that sum: weights with large gradients take small steps.",
        "Add the element-wise square of g to state['G'] and store the sum there; then subtract from w the "
        "learning rate times g divided by the square root of (G + epsilon), epsilon inside the root.",
        "G_t = G_(t-1) + g_t^2 (G_0 = initial_accumulator_value);  w_t = w_(t-1) - eta g_t / sqrt(G_t + eps)",
    ),
)


# --- RMSprop ----------------------------------------------------------------------------------------

def _rms_outside(self, w, g, state):
    state["s"] = self.rho * state["s"] + (1 - self.rho) * g ** 2
    return w - self.learning_rate * g / (np.sqrt(state["s"]) + self.epsilon)


def _rms_swapped(self, w, g, state):
    state["s"] = (1 - self.rho) * state["s"] + self.rho * g ** 2
    return w - self.learning_rate * g / np.sqrt(state["s"] + self.epsilon)


def _rms_no_factor(self, w, g, state):
    state["s"] = self.rho * state["s"] + g ** 2
    return w - self.learning_rate * g / np.sqrt(state["s"] + self.epsilon)


def _rms_local(self, w, g, state):
    s = self.rho * state["s"] + (1 - self.rho) * g ** 2
    return w - self.learning_rate * g / np.sqrt(s + self.epsilon)


rmsprop = _optimizer_exercise(
    "rmsprop", optim.RMSprop,
    cases=[
        Case("RMSprop(learning_rate=1.0, rho=0.75, epsilon=0.44): two steps from w = [0] with g = [2] at every step",
             hyper={"learning_rate": 1.0, "rho": 0.75, "epsilon": 0.44}, **_one_param([0.0], [2.0], 2),
             truth={"step_hints": (
                 "s = 0.75 * 0 + 0.25 * 4 = 1 and w - 2 / sqrt(1 + 0.44) = -1.6667. -1.3889 puts epsilon outside "
                 "the square root (Keras adds it inside); -1.078 swaps rho and 1 - rho (the OLD average is weighted "
                 "by rho); -0.949 forgets the (1 - rho) factor on g ** 2",
                 "the average is carried between steps: s = 0.75 * 1 + 0.25 * 4 = 1.75 after step 2. Store the new "
                 "s in state['s']")}),
        _visible_random("RMSprop", {"learning_rate": 0.01}, 64,
                        "s <- rho s + (1 - rho) g ** 2 with self.rho, kept in state['s']; w - learning_rate * g / "
                        "sqrt(s + eps)"),
    ],
    hidden_hint="s <- rho s + (1 - rho) g^2 kept in state['s']; w - learning_rate * g / sqrt(s + epsilon)",
    mistakes=[
        Mistake(_trajectory_of(_variant(optim.RMSprop, _rms_outside)),
                "epsilon is outside the square root (g / (sqrt(s) + eps)): Keras adds it inside, sqrt(s + eps)"),
        Mistake(_trajectory_of(_variant(optim.RMSprop, _rms_swapped)),
                "rho and 1 - rho are swapped: the OLD average is weighted by rho, the new g ** 2 by 1 - rho"),
        Mistake(_trajectory_of(_variant(optim.RMSprop, _rms_no_factor)),
                "the (1 - rho) factor on g ** 2 is missing: s <- rho s + (1 - rho) g ** 2"),
        Mistake(_trajectory_of(_variant(optim.RMSprop, _rms_local)),
                "s is not carried between steps: store the new s in state['s']"),
    ],
    crash_hint="update(w, g, state) receives one parameter array w, its gradient g and its state dict, whose "
               "moving average is state['s']; return the new w, an array shaped like w",
    hints=(
        "RMSprop is Adagrad with a memory that fades: instead of summing the squared gradients it keeps their "
        "moving average.",
        "Mix the stored average and the new squared gradient (rho of the old, 1 - rho of the new), store the "
        "mix back in state['s'], then divide the learning rate times g by the root of (s + epsilon).",
        "s_t = rho s_(t-1) + (1 - rho) g_t^2;  w_t = w_(t-1) - eta g_t / sqrt(s_t + eps)",
    ),
)


# --- Adam -------------------------------------------------------------------------------------------

def _moments(self, g, state):
    state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
    state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2


def _adam_uncorrected(self, w, g, state):
    _moments(self, g, state)
    return w - self.learning_rate * state["m"] / (np.sqrt(state["v"]) + self.epsilon)


def _adam_inside(self, w, g, state):
    t = self.iterations + 1
    _moments(self, g, state)
    m_hat, v_hat = state["m"] / (1 - self.beta_1 ** t), state["v"] / (1 - self.beta_2 ** t)
    return w - self.learning_rate * m_hat / np.sqrt(v_hat + self.epsilon)


def _adam_local(self, w, g, state):
    t = self.iterations + 1
    m = self.beta_1 * state["m"] + (1 - self.beta_1) * g
    v = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
    return w - self.learning_rate * (m / (1 - self.beta_1 ** t)) / (np.sqrt(v / (1 - self.beta_2 ** t)) + self.epsilon)


def _adam_m_only(self, w, g, state):
    t = self.iterations + 1
    _moments(self, g, state)
    return w - self.learning_rate * state["m"] / (1 - self.beta_1 ** t) / (np.sqrt(state["v"]) + self.epsilon)


def _adam_t_one(self, w, g, state):
    _moments(self, g, state)
    m_hat, v_hat = state["m"] / (1 - self.beta_1), state["v"] / (1 - self.beta_2)
    return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)


adam = _optimizer_exercise(
    "adam", optim.Adam,
    cases=[
        Case("Adam(learning_rate=0.1, beta_1=0.5, beta_2=0.0, epsilon=1.0): two steps from w = [0], with g = [3] "
             "then g = [1]",
             hyper={"learning_rate": 0.1, "beta_1": 0.5, "beta_2": 0.0, "epsilon": 1.0},
             params0={"w": np.array([0.0])}, grads=[{"w": np.array([3.0])}, {"w": np.array([1.0])}],
             truth={"step_hints": (
                 "m = 1.5, v = 9; m_hat = 1.5 / (1 - 0.5) = 3, v_hat = 9; w - 0.1 * 3 / (sqrt(9) + 1) = -0.075. "
                 "-0.0375 has no bias correction (divide m by 1 - beta_1 ** t); -0.0949 puts epsilon inside the "
                 "square root (Adam adds it outside: sqrt(v_hat) + eps); +0.075 steps uphill",
                 "m = 0.5 * 1.5 + 0.5 * 1 = 1.25 is carried from step 1 (store m and v in state), m_hat = 1.25 / "
                 "(1 - 0.5 ** 2) with t = 2 (t = self.iterations + 1 grows each step), v_hat = 1: the step is "
                 "-0.1 * 1.6667 / 2 = -0.0833")}),
        _visible_random("Adam", {"learning_rate": 0.002}, 65,
                        "bias-correct both averages, m / (1 - beta_1 ** t) AND v / (1 - beta_2 ** t), with "
                        "t = self.iterations + 1; use self.beta_1, self.beta_2 and g ** 2 in v"),
    ],
    hidden_hint="m and v moving averages of g and g^2 kept in state, both bias-corrected with t = iterations + 1, "
                "epsilon outside the root",
    mistakes=[
        Mistake(_trajectory_of(_variant(optim.Adam, _adam_uncorrected)),
                "there is no bias correction: divide m by 1 - beta_1 ** t and v by 1 - beta_2 ** t, t = "
                "self.iterations + 1"),
        Mistake(_trajectory_of(_variant(optim.Adam, _adam_inside)),
                "epsilon is inside the square root: Adam adds it outside, sqrt(v_hat) + eps"),
        Mistake(_trajectory_of(_variant(optim.Adam, _adam_local)),
                "m and v are not carried between steps: store m and v in state (state['m'], state['v'])"),
        Mistake(_trajectory_of(_variant(optim.Adam, _adam_m_only)),
                "only m is bias-corrected: divide v by 1 - beta_2 ** t as well"),
        Mistake(_trajectory_of(_variant(optim.Adam, _adam_t_one)),
                "t stays 1: t = self.iterations + 1 grows each step (self.iterations counts the steps done)"),
    ],
    crash_hint="a division by zero comes from the bias correction with t starting at 0 (1 - beta ** 0 = 0): the "
               "first step has t = self.iterations + 1 = 1. update(w, g, state) receives one parameter array, its "
               "gradient and its state dict with state['m'] and state['v']; return the new w, shaped like w",
    hints=(
        "Adam keeps two moving averages per weight, of g (like momentum) and of g^2 (like RMSprop), corrects both "
        "for starting at zero, and steps by their ratio.",
        "Update state['m'] and state['v'] as moving averages with beta_1 and beta_2; with t = self.iterations + 1 "
        "divide them by 1 - beta_1^t and 1 - beta_2^t; the step is the learning rate times the corrected m "
        "divided by (the root of the corrected v, plus epsilon).",
        "m_t = b1 m + (1 - b1) g;  v_t = b2 v + (1 - b2) g^2;  m_hat = m_t / (1 - b1^t);  v_hat = v_t / (1 - b2^t);  "
        "w_t = w - eta m_hat / (sqrt(v_hat) + eps)   (or Keras': eta_t = eta sqrt(1 - b2^t) / (1 - b1^t), "
        "w - eta_t m_t / (sqrt(v_t) + eps))",
    ),
)


# --- AdamW ------------------------------------------------------------------------------------------

def _adamw_coupled(self, w, g, state):
    return w - self.adam_step(g + self.weight_decay * w, state)


def _adamw_no_rate(self, w, g, state):
    return w - self.weight_decay * w - self.adam_step(g, state)


def _adamw_after(self, w, g, state):
    w = w - self.adam_step(g, state)
    return w - self.learning_rate * self.weight_decay * w


def _adamw_sign(self, w, g, state):
    return w + self.learning_rate * self.weight_decay * w - self.adam_step(g, state)


adamw = _optimizer_exercise(
    "adamw", optim.AdamW,
    cases=[
        Case("AdamW(learning_rate=0.1, weight_decay=0.25, epsilon=1e-12): one step from w = [2, 2] with g = [0, 3]",
             hyper={"learning_rate": 0.1, "weight_decay": 0.25, "epsilon": 1e-12}, **_one_param([2.0, 2.0], [0.0, 3.0], 1),
             hint="where g = 0 only the decay acts: w - lr * wd * w = 2 - 0.05 = 1.95; where g = 3 the current "
                  "weights are decayed first (1.95), then the Adam step (its first step is lr = 0.1) gives 1.85. "
                  "1.5 forgets the learning rate in the decay; 1.9 means the decay went into the gradient (L2, "
                  "coupled); 2.05 decays with the wrong sign; 1.8525 decays after the Adam step"),
        _visible_random("AdamW", {"learning_rate": 0.002, "weight_decay": 0.1}, 66,
                        "w - learning_rate * weight_decay * w with self.weight_decay, then super().update on the "
                        "decayed w with the unchanged gradient g (decoupled: never added to the gradient)"),
    ],
    hidden_hint="decay the current weights, w - learning_rate * weight_decay * w, then take dlkit's Adam step",
    mistakes=[
        Mistake(_trajectory_of(_variant(optim.AdamW, _adamw_coupled)),
                "the decay went into the gradient (L2, coupled), where Adam normalises it away: decay the weights "
                "directly, w - learning_rate * weight_decay * w, and pass g unchanged (decoupled)"),
        Mistake(_trajectory_of(_variant(optim.AdamW, _adamw_no_rate)),
                "the decay forgets the learning rate: w - learning_rate * weight_decay * w, not w - weight_decay * w"),
        Mistake(_trajectory_of(_variant(optim.AdamW, _adamw_after)),
                "the weights are decayed after the Adam step: decay the current weights first, then take the Adam "
                "step from the decayed weights"),
        Mistake(_trajectory_of(_variant(optim.AdamW, _adamw_sign)),
                "the decay has the wrong sign: weight decay shrinks the weights, w - learning_rate * weight_decay * w"),
    ],
    crash_hint="AdamW builds on dlkit's Adam: super().update(w, g, state) returns w after one Adam step (it reads "
               "and writes state['m'] and state['v'] itself); return the new w, an array shaped like w",
    hints=(
        "Weight decay shrinks the weights a little every step. AdamW does that directly to the weights, "
        "outside the gradient, then takes an ordinary Adam step.",
        "Shrink w by the learning rate times weight_decay times w; hand the shrunk weights and the unchanged "
        "gradient g to super().update(...), and return what it returns.",
        "w' = w - eta * lambda * w  (eta = self.learning_rate, lambda = self.weight_decay);  then the Adam step "
        "from w' with g",
    ),
)


# --- exponential_decay ------------------------------------------------------------------------------

def _decay_value(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    return optim.exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=staircase)


def _judge_decay(t, got, want):
    t.number(got, hint="return one number, e.g. float(...): the learning rate at this step")
    t.close(got, want, rtol=1e-6, atol=0.0, mistakes=[
        Mistake(lambda step, initial_learning_rate, decay_steps, decay_rate, staircase:
                initial_learning_rate * decay_rate ** step,
                "the exponent is the step itself: divide the step by decay_steps (decay_rate ** (step / decay_steps)),"
                " so the rate is multiplied by decay_rate once every decay_steps steps"),
        Mistake(lambda step, initial_learning_rate, decay_steps, decay_rate, staircase:
                initial_learning_rate * decay_rate ** (step // decay_steps),
                "the exponent is rounded down although staircase=False: do not round it (no // and no int()) "
                "unless staircase=True"),
        Mistake(lambda step, initial_learning_rate, decay_steps, decay_rate, staircase:
                initial_learning_rate * decay_rate ** (step / decay_steps),
                "staircase=True is ignored: then the exponent is floor(step / decay_steps), so the rate drops in "
                "jumps"),
        Mistake(lambda step, initial_learning_rate, decay_steps, decay_rate, staircase:
                initial_learning_rate * decay_rate * (np.floor(step / decay_steps) if staircase else step / decay_steps),
                "the decay multiplies by the exponent instead of raising decay_rate to it: it is a power, and at "
                "step 0 decay_rate ** 0 = 1"),
    ])


def _hidden_decay(seed, staircase):
    rng = np.random.default_rng(seed)
    lr0, k, r = float(rng.uniform(0.01, 1)), int(rng.integers(1, 50)), float(rng.uniform(0.1, 0.99))
    step = int(rng.integers(0, 300))
    return Case("another step and schedule" + (", staircase=True" if staircase else ""), step=step,
                initial_learning_rate=lr0, decay_steps=k, decay_rate=r, staircase=bool(staircase),
                hint="eta_0 * decay_rate ** (step / decay_steps), the exponent floored only with staircase=True")


def _decay_case(step, staircase, hint):
    label = f"exponential_decay({step}, 0.1, 10, 0.5{', staircase=True' if staircase else ''})"
    return Case(label, step=step, initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5, staircase=staircase,
                hint=hint)


exponential_decay = Exercise(
    "exponential_decay",
    cases=[
        _decay_case(0, False, "at step 0 the rate is the initial rate: decay_rate ** 0 = 1"),
        _decay_case(10, False, "after decay_steps steps the rate is multiplied by decay_rate once: divide the step "
                               "by decay_steps in the exponent (decay_rate ** (step / decay_steps), not decay_rate "
                               "** step); the decay multiplies (a power), it does not subtract"),
        _decay_case(25, False, "without staircase the exponent is the exact ratio 25 / 10 = 2.5 (smooth decay): "
                               "0.1 * 0.5 ** 2.5 = 0.01768; do not round it (no // and no int()) unless staircase=True"),
        _decay_case(25, True, "with staircase=True the exponent is floor(25 / 10) = 2: 0.1 * 0.5 ** 2 = 0.025, the "
                              "rate drops in jumps"),
    ],
    hidden=_hidden_decay,
    reference=_decay_value,
    judge=_judge_decay,
    crash_hint="step, decay_steps are ints and the rates are floats; compute the exponent step / decay_steps "
               "(floored with np.floor or math.floor when staircase is True) and return one number",
    hints=(
        "Every decay_steps steps the learning rate is multiplied by decay_rate; in between it decays smoothly, "
        "unless staircase asks for jumps.",
        "The exponent is step / decay_steps, rounded down when staircase is True; the rate is the initial rate "
        "times decay_rate to that power. Return it as a number.",
        "eta_t = eta_0 * decay_rate ^ (t / decay_steps);  staircase: eta_0 * decay_rate ^ floor(t / decay_steps)",
    ),
    references=("dlkit.nn.optim.exponential_decay",),
)


# --- clip_by_global_norm ----------------------------------------------------------------------------

def _clip_call(f, grads, clip_norm):
    """Kernel side: a division by zero (or 0/0) raises instead of warning, so it is reported with a hint."""
    with np.errstate(divide="raise", invalid="raise"):
        return f(grads, clip_norm)


def _clip_reference(grads, clip_norm):
    clipped, norm = optim.clip_by_global_norm(grads, clip_norm)
    return clipped, norm


def _per_array(grads, clip_norm):
    return [optim.clip_by_norm(g, clip_norm) for g in grads]


def _always_rescaled(grads, clip_norm):
    norm = optim.global_norm(grads)
    return [g * (clip_norm / norm) for g in grads]


_PAIR = ("return a pair (clipped, norm), as tf.clip_by_global_norm: first the list of clipped arrays, then the "
         "global norm")


def _judge_clip(t, got, want):
    grads = t.inputs["grads"]
    want_clipped, want_norm = want
    t.sequence(got, length=2, hint=_PAIR)
    clipped, norm = got
    t.sequence(clipped, length=len(grads), kinds=(list, tuple), name=f"clipped, the first item of the pair {t.label} returned",
               hint=f"{_PAIR}; clipped holds one array per gradient, in order (a list; a tuple works too)")
    for i, (c, g) in enumerate(zip(clipped, grads)):
        t.array(c, shape=g.shape, dtype="float", name=f"clipped[{i}] of {t.label}",
                hint="every clipped gradient is a numpy array of its gradient's shape: g * scale keeps both")
    t.number(norm, name=f"norm, the second item of the pair {t.label} returned",
             hint="the global norm is one number (a float), measured before clipping")
    t.close(norm, want_norm, name=f"the global norm of {t.label}", mistakes=[
        Mistake(lambda grads, clip_norm: float(sum(np.linalg.norm(g) for g in grads)),
                "adding the per-array norms is not the global norm: take the root of the sum of ALL squared "
                "entries, sqrt(sum_i sum(g_i ** 2))"),
        Mistake(lambda grads, clip_norm: min(optim.global_norm(grads), clip_norm),
                "this is the norm after clipping: return the global norm measured before clipping, as "
                "tf.clip_by_global_norm does"),
    ])
    for i, c in enumerate(clipped):
        t.close(c, want_clipped[i], name=f"clipped[{i}] of {t.label}", mistakes=[
            Mistake(lambda grads, clip_norm, i=i: _per_array(grads, clip_norm)[i],
                    "each array was clipped by its own norm (per-tensor, Keras' clipnorm), which changes the "
                    "direction: scale ALL arrays by one factor, min(1, clip_norm / global norm)"),
            Mistake(lambda grads, clip_norm, i=i: _always_rescaled(grads, clip_norm)[i],
                    "the gradients were scaled UP to clip_norm: scale by min(1, clip_norm / norm) and never scale up"),
        ])


def _hidden_clip(seed, clip_norm):
    rng = np.random.default_rng(seed)
    grads = [rng.normal(size=s) for s in [(3, 4), (5,), (2, 2, 3)]]
    return Case("three random gradient arrays, another clip_norm", grads=grads, clip_norm=float(clip_norm),
                hint="one scale min(1, clip_norm / global norm) for every array; the norm before clipping")


_G2 = [np.array([3.0, 0.0]), np.array([[4.0]])]                   # shapes (2,) and (1, 1): global norm 5

clip_by_global_norm = Exercise(
    "clip_by_global_norm",
    cases=[
        Case("clip_by_global_norm([array([3, 0]), array([[4]])], 1.0)", grads=[g.copy() for g in _G2], clip_norm=1.0,
             hint="one norm for all arrays together: sqrt(3**2 + 0**2 + 4**2) = 5, measured before clipping; ONE "
                  "scale for all arrays, min(1, 1 / 5) = 0.2: [0.6, 0] and [[0.8]]. [1, 0] and [[1]] come from "
                  "clipping each array by its own norm (per-tensor), which changes the direction"),
        Case("clip_by_global_norm([array([3, 0]), array([[4]])], 10.0)", grads=[g.copy() for g in _G2],
             clip_norm=10.0,
             hint="the norm 5 is already below 10: scale by min(1, clip_norm / norm) = 1 (unchanged), never scale up; "
                  "the norm is still 5"),
        Case("clip_by_global_norm([zeros(3), zeros((2, 2))], 1.0): all-zero gradients",
             grads=[np.zeros(3), np.zeros((2, 2))], clip_norm=1.0,
             hint="a zero gradient has norm 0: dividing clip_norm by it divided by zero (0 / 0 is nan); leave "
                  "zero gradients alone (scale 1) and return norm 0"),
    ],
    hidden=_hidden_clip,
    call=_clip_call,
    reference=_clip_reference,
    judge=_judge_clip,
    hints=(
        "Treat all gradient arrays as one long vector: measure its length once, and shrink every array by the "
        "same factor when that length is above clip_norm.",
        "The global norm is the square root of the sum, over all arrays, of their summed squared entries. The "
        "factor is the smaller of 1 and clip_norm / norm (use 1 when the norm is 0). Return the list of scaled "
        "arrays and the norm before clipping, as a pair.",
        "norm = sqrt(sum_i sum(g_i ** 2));  scale = min(1, clip_norm / norm) (1 if norm == 0);  "
        "return ([g_i * scale for each i], norm)",
    ),
    references=("dlkit.nn.optim.clip_by_global_norm",),
)
