"""Optimizers (chapter 06): one interface for every update rule, learning-rate schedules, clipping.

Every optimizer is a small class. `step(params, grads)` updates the parameters in place and keeps the
optimizer's own state (velocities, moving averages) between calls. The parameters are the course's
one parameter structure, a dict of named numpy arrays with the same keys in grads (a list of arrays,
one gradient per array, works too):

    opt = Adam(learning_rate=0.01)
    for _ in range(100):
        grads = compute_gradients(params)     # {"W1": dW1, "b1": db1, ...}, grads[k].shape == params[k].shape
        opt.step(params, grads)               # the arrays of params changed in place

A rule is written by subclassing `Optimizer` and filling in two methods:

    init_state(w)         -> dict of arrays for one parameter (e.g. {"v": zeros like w})
    update(w, g, state)   -> the new w; may change the arrays of `state` (stored for the next step)

`self.iterations` counts the steps already done (0 during the first step, as in Keras), so the step
number of Adam's bias correction is t = self.iterations + 1.

The rules follow `keras.optimizers` exactly (same defaults, same epsilon placement); the docstrings
give the Keras form and the textbook form where they differ.

Symbols:
    w       one parameter array (any shape); g its gradient dL/dw, the same shape
    params  {name: w} (or a list of arrays); grads the same structure of gradients
    eta     the learning rate (`learning_rate`); t the step count (1 in the first step)
    v       Momentum's velocity; m, v Adam's moving averages of g and g^2
    G       Adagrad's sum of squared gradients; s RMSprop's moving average of g^2
    eps     epsilon, the small number that keeps a division finite

    rule        Keras class                     update
    SGD         SGD()                           w -= eta g
    Momentum    SGD(momentum=b)                 v = b v - eta g;  w += v
    Nesterov    SGD(momentum=b, nesterov=True)  v = b v - eta g;  w += b v - eta g
    Adagrad     Adagrad()                       G += g^2;  w -= eta g / sqrt(G + eps)        (G0 = 0.1)
    RMSprop     RMSprop()                       s = r s + (1 - r) g^2;  w -= eta g / sqrt(s + eps)
    Adam        Adam()                          m, v moving averages of g, g^2; w -= eta_t m / (sqrt(v) + eps)
                                                eta_t = eta sqrt(1 - b2^t) / (1 - b1^t)
    AdamW       AdamW()                         w -= eta wd w, then the Adam step

Also: `exponential_decay` (the schedule of 003 eq. 73 and keras.optimizers.schedules.ExponentialDecay),
`plateau_learning_rates` (what keras.callbacks.ReduceLROnPlateau does to the learning rate),
`clip_by_norm` and `clip_by_global_norm` (003 eq. 74; Keras' clipnorm and global_clipnorm), and
`random_problem` / `run_steps` / `run_trajectory` for comparing two optimizers step by step. The
Keras side of that comparison is `dlkit.models.optimizers.run_keras`; the trajectory explorer on 2-D
surfaces is `dlkit.viz.trajectories`.

Example:
    >>> params = {"w": np.array([1.0, -2.0])}
    >>> SGD(learning_rate=0.1).step(params, {"w": np.array([0.5, 1.0])})
    {'w': array([ 0.95, -2.1 ])}
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW",
           "MOMENTUM_FORMS", "OPTIMIZERS", "make_optimizer", "random_problem", "run_steps", "run_trajectory",
           "exponential_decay", "plateau_learning_rates", "global_norm", "clip_by_norm",
           "clip_by_global_norm"]


# --- the interface ----------------------------------------------------------------------------------

class Optimizer:
    """Base class: `step(params, grads)` applies `update` to every parameter and keeps the state.

    Subclasses define `init_state(w) -> dict` and `update(w, g, state) -> new w`.

    Attributes:
        learning_rate: float, the step size eta (change it between steps to follow a schedule).
        iterations: int, steps done so far (0 during the first step; t = iterations + 1).
        state: the per-parameter state dicts, in the structure of params: {name: dict} for a dict of
            parameters, a list of dicts for a list (None before the first step).
    """

    def __init__(self, learning_rate=0.01):
        self.learning_rate = validate.number(learning_rate, "learning_rate", low=0.0, low_open=True,
                                             where=type(self).__name__)
        self.iterations = 0
        self.state = None

    def init_state(self, w) -> dict:
        """The state of one parameter before the first step (default: none)."""
        return {}

    def update(self, w, g, state):
        """Return the new value of one parameter w given its gradient g and its state dict."""
        raise NotImplementedError(f"{type(self).__name__}.update is not written yet")

    def step(self, params, grads):
        """Update every array of `params` in place with its gradient in `grads`; return params.

        Args:
            params: dict {name: float numpy array} (the course's parameter structure), or a list of
                float numpy arrays; changed in place.
            grads: the same structure: a dict with the same keys, or a list with one array per
                parameter, each of the shape of its parameter (dL/dw).

        Returns:
            params (the same object, its arrays updated).

        Example:
            >>> opt = Momentum(learning_rate=0.1, momentum=0.5)
            >>> params = {"W": np.zeros((1, 2)), "b": np.zeros(1)}
            >>> for _ in range(2):
            ...     _ = opt.step(params, {"W": np.ones((1, 2)), "b": np.ones(1)})
            >>> params["b"], opt.state["b"]["v"]     # v: -0.1, then 0.5 (-0.1) - 0.1
            (array([-0.25]), array([-0.15]))
        """
        where = f"{type(self).__name__}.step"
        keys, ws, gs = _pairs(params, grads, where)
        if self.state is None:
            states = [self.init_state(w) for w in ws]
            self.state = dict(zip(keys, states)) if isinstance(params, dict) else states
        else:
            first = list(self.state) if isinstance(self.state, dict) else len(self.state)
            now = keys if isinstance(params, dict) else len(keys)
            same = (isinstance(first, list) and isinstance(now, list) and set(first) == set(now)) or first == now
            if not same:
                what = (lambda x: f"the keys {x}" if isinstance(x, list) else f"a list of {x} arrays")
                raise fail(f"{where}: params are not the parameters of the first step", what(first), what(now),
                           hint="use a new optimizer for other parameters")
            states = [self.state[k] for k in keys]
        name = type(self).__name__
        for key, w, g, s in zip(keys, ws, gs, states):
            new = self.update(w, np.array(g, dtype=w.dtype), s)        # a copy: update may change it
            if new is None:
                raise fail(f"{name}.update returned None", f"the new parameter value, an array of shape {w.shape}",
                           "None", hint="end update with `return w - ...`")
            if np.shape(new) != w.shape:
                raise fail(f"{name}.update returned the wrong shape for params[{key!r}]", str(w.shape),
                           str(np.shape(new)), hint="return the new parameter, shaped like w")
            w[...] = new
        self.iterations += 1
        return params

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate})"


def _pairs(params, grads, where: str):
    """(keys, parameter arrays, gradients) of a dict or list of parameters, checked for step()."""
    if isinstance(params, dict):
        if not isinstance(grads, dict):
            raise fail(f"{where}: grads must be a dict like params", f"a dict with the keys {list(params)}",
                       type_name(grads))
        if set(grads) != set(params):
            missing, extra = sorted(set(params) - set(grads), key=str), sorted(set(grads) - set(params), key=str)
            raise fail(f"{where}: grads must have the keys of params", f"the keys {list(params)}",
                       f"the keys {list(grads)}" + (f" (missing {missing})" if missing else "")
                       + (f" (extra {extra})" if extra else ""))
        keys = list(params)
        ws, gs = [params[k] for k in keys], [grads[k] for k in keys]
    elif isinstance(params, (list, tuple)):
        ws = validate.array_list(params, "params", where=where)
        gs = validate.array_list(grads, "grads", where=where)
        if len(gs) != len(ws):
            raise fail(f"{where}: grads must hold one gradient per parameter", f"{len(ws)} arrays",
                       f"{len(gs)} arrays")
        keys = list(range(len(ws)))
    else:
        raise fail(f"{where}: params must be a dict of named arrays or a list of arrays",
                   '{"W1": array, "b1": array, ...} or [array, ...]', type_name(params))
    for k, w, g in zip(keys, ws, gs):
        if not isinstance(w, np.ndarray) or w.dtype.kind != "f":
            raise fail(f"{where}: params[{k!r}] must be a float numpy array (it is updated in place)",
                       "a float numpy array", type_name(w) + (f" of {w.dtype}" if isinstance(w, np.ndarray) else ""))
        validate.same_shape(g, w, f"grads[{k!r}]", f"params[{k!r}]", where=where)
    return keys, ws, gs


class SGD(Optimizer):
    """Plain gradient descent (003 eq. 16-18): w -= eta g.  keras.optimizers.SGD(learning_rate).

    Example:
        >>> w = [np.array([1.0, -2.0])]
        >>> SGD(0.1).step(w, [np.array([0.5, 1.0])])
        [array([ 0.95, -2.1 ])]
    """

    def update(self, w, g, state):
        return w - self.learning_rate * g


MOMENTUM_FORMS = ("keras", "velocity", "ema")


class Momentum(Optimizer):
    """Gradient descent with momentum, in one of three written forms; the velocity is v.

        form="keras"     v = b v - eta g;          w = w + v      keras.optimizers.SGD(eta, momentum=b)
        form="velocity"  v = b v + eta g;          w = w - v      (000): the same steps, v of opposite sign
        form="ema"       v = b v + (1 - b) g;      w = w - eta v  (003 eq. 19-20)

    The "ema" form keeps a moving *average* of the gradients, the other two a sum of eta-scaled ones:
    "ema" with learning rate eta takes exactly the steps of "keras" with learning rate eta (1 - b).

    Example (a constant gradient 1: steps of 0.1, 0.1 (1 + b), ...):
        >>> w = [np.zeros(1)]
        >>> opt = Momentum(learning_rate=0.1, momentum=0.5)
        >>> _ = opt.step(w, [np.ones(1)]); _ = opt.step(w, [np.ones(1)])
        >>> w[0], opt.state[0]["v"]
        (array([-0.25]), array([-0.15]))
    """

    def __init__(self, learning_rate=0.01, momentum=0.9, form="keras"):
        super().__init__(learning_rate)
        self.momentum = validate.number(momentum, "momentum", low=0.0, high=1.0, where=type(self).__name__)
        self.form = validate.choice(form, "form", MOMENTUM_FORMS, where=type(self).__name__)

    def init_state(self, w):
        return {"v": np.zeros_like(w)}

    def update(self, w, g, state):
        b, eta = self.momentum, self.learning_rate
        if self.form == "keras":
            state["v"] = b * state["v"] - eta * g
            return w + state["v"]
        if self.form == "velocity":
            state["v"] = b * state["v"] + eta * g
            return w - state["v"]
        state["v"] = b * state["v"] + (1.0 - b) * g
        return w - eta * state["v"]


class Nesterov(Momentum):
    """Nesterov momentum in Keras' form: v = b v - eta g;  w = w + b v - eta g.

    The textbook rule (000) takes the gradient at the look-ahead point w + b v. Keras stores that
    look-ahead point as the parameter instead, so the gradient it is given is already the look-ahead
    gradient; rewriting the textbook rule for the stored point gives the two lines above.
    keras.optimizers.SGD(eta, momentum=b, nesterov=True).

    Example (first step from v = 0: w moves by -(1 + b) eta g):
        >>> w = [np.zeros(1)]
        >>> Nesterov(learning_rate=0.1, momentum=0.5).step(w, [np.ones(1)])
        [array([-0.15])]
    """

    def __init__(self, learning_rate=0.01, momentum=0.9):
        super().__init__(learning_rate, momentum, form="keras")

    def update(self, w, g, state):
        b, eta = self.momentum, self.learning_rate
        state["v"] = b * state["v"] - eta * g
        return w + b * state["v"] - eta * g


class Adagrad(Optimizer):
    """Adagrad: G += g^2;  w -= eta g / sqrt(G + eps), with G starting at initial_accumulator_value.

    keras.optimizers.Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7); the
    epsilon is inside the square root, as in 000.

    Example (G0 = 0, eps = 1: w -= eta g / sqrt(g^2 + 1)):
        >>> w = [np.zeros(1)]
        >>> Adagrad(1.0, initial_accumulator_value=0.0, epsilon=1.0).step(w, [np.ones(1)])
        [array([-0.70710678])]
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
        super().__init__(learning_rate)
        self.initial_accumulator_value = validate.number(initial_accumulator_value, "initial_accumulator_value",
                                                         low=0.0, where="Adagrad")
        self.epsilon = validate.number(epsilon, "epsilon", low=0.0, where="Adagrad")

    def init_state(self, w):
        return {"G": np.full_like(w, self.initial_accumulator_value)}

    def update(self, w, g, state):
        state["G"] = state["G"] + g ** 2
        return w - self.learning_rate * g / np.sqrt(state["G"] + self.epsilon)


class RMSprop(Optimizer):
    """RMSprop: s = rho s + (1 - rho) g^2;  w -= eta g / sqrt(s + eps)   (003 eq. 21-22).

    keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7); epsilon inside the root.

    Example (rho = 0.75, g = 2, eps = 0: s = 1, the step is eta g / 1):
        >>> w = [np.zeros(1)]
        >>> RMSprop(0.1, rho=0.75, epsilon=0.0).step(w, [np.array([2.0])])
        [array([-0.2])]
    """

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7):
        super().__init__(learning_rate)
        self.rho = validate.number(rho, "rho", low=0.0, high=1.0, where="RMSprop")
        self.epsilon = validate.number(epsilon, "epsilon", low=0.0, where="RMSprop")

    def init_state(self, w):
        return {"s": np.zeros_like(w)}

    def update(self, w, g, state):
        state["s"] = self.rho * state["s"] + (1.0 - self.rho) * g ** 2
        return w - self.learning_rate * g / np.sqrt(state["s"] + self.epsilon)


class Adam(Optimizer):
    """Adam with bias correction, in Keras' arrangement of the arithmetic.

        m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2                 (003 eq. 23-24)
        textbook (003 eq. 25-26):  w -= eta m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t), ...
        Keras:                     w -= eta_t m / (sqrt(v) + eps),  eta_t = eta sqrt(1 - b2^t) / (1 - b1^t)

    with t = iterations + 1 (the first step has t = 1). The two agree except for where eps acts (Keras'
    eps equals the textbook's eps times sqrt(1 - b2^t)); with eps = 1e-7 the difference is negligible.
    keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7).

    Example (the first step is eta sign(g), whatever the size of g):
        >>> w = [np.zeros(2)]
        >>> Adam(0.01, epsilon=0.0).step(w, [np.array([1e-3, -50.0])])
        [array([-0.01,  0.01])]
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate)
        where = type(self).__name__
        self.beta_1 = validate.number(beta_1, "beta_1", low=0.0, high=1.0, where=where)
        self.beta_2 = validate.number(beta_2, "beta_2", low=0.0, high=1.0, where=where)
        self.epsilon = validate.number(epsilon, "epsilon", low=0.0, where=where)

    def init_state(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w)}

    def adam_step(self, g, state):
        """The Adam displacement (to subtract from w); updates m and v in state."""
        t = self.iterations + 1
        state["m"] = self.beta_1 * state["m"] + (1.0 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1.0 - self.beta_2) * g ** 2
        eta_t = self.learning_rate * np.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        return eta_t * state["m"] / (np.sqrt(state["v"]) + self.epsilon)

    def update(self, w, g, state):
        return w - self.adam_step(g, state)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): w -= eta wd w, then the Adam step.

    The decay shrinks the weights directly; it never enters m or v. (Adding wd w to the gradient
    instead, as L2 regularization does, lets Adam's normalisation rescale the decay.)
    keras.optimizers.AdamW(learning_rate=0.001, weight_decay=0.004, ...).

    Example (a zero gradient only decays: w (1 - eta wd)):
        >>> w = [np.array([2.0])]
        >>> AdamW(0.1, weight_decay=0.5).step(w, [np.zeros(1)])
        [array([1.9])]
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, beta_1, beta_2, epsilon)
        self.weight_decay = validate.number(weight_decay, "weight_decay", low=0.0, where="AdamW")

    def update(self, w, g, state):
        w = w - self.learning_rate * self.weight_decay * w
        return w - self.adam_step(g, state)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov, "adagrad": Adagrad,
              "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def make_optimizer(name: str, learning_rate: float, **kwargs) -> Optimizer:
    """OPTIMIZERS[name](learning_rate, **kwargs); the name in any case, a clear error for an unknown one.

    Example:
        >>> make_optimizer("Adam", 0.01)
        Adam(learning_rate=0.01)
    """
    key = validate.choice(str(name).lower(), "name", list(OPTIMIZERS), where="make_optimizer")
    return OPTIMIZERS[key](learning_rate, **kwargs)


def random_problem(seed, shapes=((4, 3), (3,), (2, 2, 2)), steps=10):
    """Start values and `steps` gradient structures for comparing optimizers (the chapter's tests).

    Gradient entries have random signs and sizes in [0.2, 2]: far from 0, where the textbook and
    Keras placements of Adam's epsilon would differ by more than 1e-6.

    Args:
        seed: int seed (or np.random.Generator).
        shapes: the shape of each parameter: a sequence of shapes (lists come back), or a dict
            {name: shape} (dicts with those keys come back: the course's params structure). The same
            shapes in the same order draw the same numbers either way.
        steps: number of gradient structures (int >= 1).

    Returns:
        params0: a list of arrays (one per shape) or a dict {name: array}; grads: a list of `steps`
        gradient structures of the same kind.

    Example:
        >>> params0, grads = random_problem(0, shapes=((2,),), steps=3)
        >>> params0[0].shape, len(grads), grads[0][0].shape
        ((2,), 3, (2,))
        >>> params0, grads = random_problem(0, shapes={"W1": (2, 3), "b1": (3,)})
        >>> {k: p.shape for k, p in params0.items()}, sorted(grads[9])
        ({'W1': (2, 3), 'b1': (3,)}, ['W1', 'b1'])
    """
    rng = validate.rng(seed, "seed", where="random_problem")
    steps = validate.integer(steps, "steps", low=1, where="random_problem")
    keys = list(shapes) if isinstance(shapes, dict) else None
    shape_list = [tuple(shapes[k]) for k in keys] if keys is not None else [tuple(s) for s in shapes]
    params0 = [rng.normal(size=s) for s in shape_list]
    grads = [[rng.choice([-1.0, 1.0], size=s) * rng.uniform(0.2, 2.0, size=s) for s in shape_list]
             for _ in range(steps)]
    if keys is None:
        return params0, grads
    return dict(zip(keys, params0)), [dict(zip(keys, g)) for g in grads]


def _start(params0, where: str):
    """Float copies of params0 (a dict or a list of arrays), to be stepped."""
    if isinstance(params0, dict):
        return {k: validate.array(p, f"params0[{k!r}]", where=where) for k, p in params0.items()}
    return [validate.array(p, f"params0[{i}]", where=where)
            for i, p in enumerate(validate.array_list(params0, "params0", where=where))]


def run_steps(opt, params0, grads):
    """Copies of params0 after opt.step(params, g) for every g in grads (params0 is not changed).

    Args:
        opt: an Optimizer.
        params0: list of arrays, or a dict {name: array}.
        grads: a list of gradient structures (lists, or dicts with the keys of params0), one per step.

    Returns:
        the parameters after the last step, in the structure of params0 (new float arrays).

    Example:
        >>> run_steps(SGD(0.5), [np.array([1.0])], [[np.array([1.0])], [np.array([1.0])]])
        [array([0.])]
    """
    if not isinstance(opt, Optimizer):
        raise fail("run_steps: opt must be an optimizer", "an instance of dlkit.nn.optim.Optimizer",
                   type_name(opt))
    params = _start(params0, "run_steps")
    for g in grads:
        opt.step(params, g)
    return params


def run_trajectory(opt, params0, grads):
    """The parameters after every step: opt.step(params, g) for each g in grads, each result recorded.

    This is how chapter 06 checks an optimizer: the whole path, step by step, not only where it ends.

    Args:
        opt: an Optimizer (fresh: its state is built on the first step).
        params0: a dict {name: array} or a list of arrays (not changed).
        grads: a list of gradient structures like params0, one per step (at least one).

    Returns:
        the structure of params0 holding, for each parameter, a new float array (steps, *shape): row k
        is the parameter after step k + 1.

    Example (SGD with learning_rate 0.5 and g = 1: w goes 1 -> 0.5 -> 0):
        >>> run_trajectory(SGD(0.5), {"w": np.array([1.0])}, [{"w": np.array([1.0])}] * 2)
        {'w': array([[0.5],
               [0. ]])}
    """
    where = "run_trajectory"
    if not isinstance(opt, Optimizer):
        raise fail(f"{where}: opt must be an optimizer", "an instance of dlkit.nn.optim.Optimizer", type_name(opt))
    if not isinstance(grads, (list, tuple)) or len(grads) == 0:
        raise fail(f"{where}: grads must be a list of gradient structures, one per step", "a non-empty list",
                   type_name(grads) + (" of 0 items" if isinstance(grads, (list, tuple)) else ""))
    params = _start(params0, where)
    keys = list(params) if isinstance(params, dict) else list(range(len(params)))
    rows = {k: [] for k in keys}
    for g in grads:
        opt.step(params, g)
        for k in keys:
            rows[k].append(np.array(params[k], dtype=float))
    stacked = {k: np.stack(rows[k]) for k in keys}
    return stacked if isinstance(params, dict) else [stacked[k] for k in keys]


# --- learning-rate schedules ------------------------------------------------------------------------

def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """eta_t = eta_0 * decay_rate ** (t / decay_steps)      (003 eq. 73)

    With staircase=True the exponent is floor(t / decay_steps): the rate drops in steps. Same as
    keras.optimizers.schedules.ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase).

    Args:
        step: int or array of ints >= 0 (the optimizer's iterations).
        initial_learning_rate: eta_0 > 0; decay_steps: > 0; decay_rate: > 0.
        staircase: floor the exponent.

    Returns:
        float (or array of floats for an array of steps).

    Example:
        >>> exponential_decay(20, 0.1, decay_steps=10, decay_rate=0.5)
        0.025
        >>> exponential_decay(np.array([0, 5, 10]), 0.1, 10, 0.5, staircase=True)
        array([0.1 , 0.1 , 0.05])
    """
    where = "exponential_decay"
    eta0 = validate.number(initial_learning_rate, "initial_learning_rate", low=0.0, low_open=True, where=where)
    k = validate.number(decay_steps, "decay_steps", low=0.0, low_open=True, where=where)
    rate = validate.number(decay_rate, "decay_rate", low=0.0, low_open=True, where=where)
    t = validate.array(step, "step", where=where)
    if np.any(t < 0):
        raise fail(f"{where}: step must be >= 0", "step numbers >= 0 (the optimizer's iterations)",
                   f"step={step!r}")
    p = t / k
    if staircase:
        p = np.floor(p)
    out = eta0 * rate ** p
    return float(out) if out.ndim == 0 else out


def plateau_learning_rates(values, learning_rate, factor=0.1, patience=10, min_delta=1e-4, cooldown=0,
                           min_learning_rate=0.0):
    """The learning rate after each epoch under keras.callbacks.ReduceLROnPlateau (mode "min").

    An epoch improves if value < best - min_delta. After `patience` epochs in a row without
    improvement the rate is multiplied by `factor` (not below min_learning_rate), the wait restarts,
    and for `cooldown` epochs no epoch counts as a non-improvement. (Keras calls min_learning_rate min_lr.)

    Args:
        values: the monitored value (e.g. val_loss) at the end of each epoch.
        learning_rate: the rate before the first epoch (> 0).
        factor: in [0, 1); patience, cooldown: ints >= 0; min_delta: a number; min_learning_rate: >= 0.

    Returns:
        list of floats, the learning rate used for the next epoch after each value.

    Example:
        >>> plateau_learning_rates([1.0, 1.0, 1.0, 0.5], 0.1, factor=0.5, patience=2)
        [0.1, 0.1, 0.05, 0.05]
    """
    where = "plateau_learning_rates"
    eta = validate.number(learning_rate, "learning_rate", low=0.0, low_open=True, where=where)
    factor = validate.number(factor, "factor", low=0.0, high=1.0, high_open=True, where=where)
    patience = validate.integer(patience, "patience", low=0, where=where)
    cooldown = validate.integer(cooldown, "cooldown", low=0, where=where)
    min_delta = abs(validate.number(min_delta, "min_delta", where=where))
    floor = validate.number(min_learning_rate, "min_learning_rate", low=0.0, where=where)
    best, wait, cool, out = None, 0, 0, []
    for value in validate.array(values, "values", where=where).ravel():
        if cool > 0:
            cool -= 1
            wait = 0
        if best is None or value + min_delta < best:
            best, wait = value, 0
        elif cool == 0:
            wait += 1
            if wait >= patience and eta > np.float32(floor):
                eta = max(eta * factor, floor)
                cool, wait = cooldown, 0
        out.append(eta)
    return out


# --- gradient clipping ------------------------------------------------------------------------------

def _arrays(grads, where: str) -> tuple[list, list | None]:
    """The arrays of a list or a dict of gradients, and the dict's keys (None for a list)."""
    if isinstance(grads, dict):
        keys = list(grads)
        return [validate.array(grads[k], f"grads[{k!r}]", where=where) for k in keys], keys
    items = validate.array_list(grads, "grads", where=where)
    return [validate.array(g, f"grads[{i}]", where=where) for i, g in enumerate(items)], None


def global_norm(grads) -> float:
    """sqrt(sum over all arrays of sum(g^2)): the norm of all gradients seen as one long vector.

    Args:
        grads: a list of arrays or a dict {name: array}.

    Example:
        >>> global_norm({"W": np.array([[3.0]]), "b": np.array([4.0])})
        5.0
    """
    arrays, _ = _arrays(grads, "global_norm")
    return float(np.sqrt(sum(float(np.sum(np.square(g))) for g in arrays)))


def clip_by_norm(g, clip_norm):
    """One array: g * min(1, clip_norm / ||g||)   (Keras' clipnorm does this to each gradient).

    Example:
        >>> clip_by_norm(np.array([3.0, 4.0]), 1.0)
        array([0.6, 0.8])
    """
    c = validate.number(clip_norm, "clip_norm", low=0.0, low_open=True, where="clip_by_norm")
    g = validate.array(g, "g", where="clip_by_norm")
    norm = float(np.sqrt(np.sum(g ** 2)))
    return g * min(1.0, c / norm) if norm > 0 else g.copy()


def clip_by_global_norm(grads, clip_norm):
    """All arrays scaled by one factor: g_i * min(1, clip_norm / global_norm)   (003 eq. 74).

    Same as tf.clip_by_global_norm and Keras' global_clipnorm: the direction of the whole update
    is kept.

    Args:
        grads: a list of arrays or a dict {name: array}; clip_norm: the threshold (> 0).

    Returns:
        (the clipped gradients in the structure of grads (new arrays), the global norm before clipping).

    Example:
        >>> clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)
        ([array([0.6]), array([0.8])], 5.0)
    """
    c = validate.number(clip_norm, "clip_norm", low=0.0, low_open=True, where="clip_by_global_norm")
    arrays, keys = _arrays(grads, "clip_by_global_norm")
    norm = global_norm(arrays)
    scale = min(1.0, c / norm) if norm > 0 else 1.0
    clipped = [g * scale for g in arrays]
    return (clipped if keys is None else dict(zip(keys, clipped))), norm
