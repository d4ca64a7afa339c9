"""Optimizers (chapter 06): one interface for every update rule, learning-rate schedules, clipping.

Every optimizer is a small class. `step(params, grads)` updates a list of numpy arrays in place, one
gradient per array, and keeps the optimizer's own state (velocities, moving averages) between calls:

    opt = Adam(learning_rate=0.01)
    for _ in range(100):
        grads = compute_gradients(params)     # a list of arrays, grads[i].shape == params[i].shape
        opt.step(params, grads)               # params changed in place

A rule is written by subclassing `Optimizer` and filling in two methods:

    init_state(w)         -> dict of arrays for one parameter (e.g. {"v": zeros like w})
    update(w, g, state)   -> the new w; may change the arrays of `state` (stored for the next step)

`self.iterations` counts the steps already done (0 during the first step, as in Keras), so the step
number of Adam's bias correction is t = self.iterations + 1.

The rules follow `keras.optimizers` exactly (same defaults, same epsilon placement); the docstrings
give the Keras form and the textbook form where they differ.

    rule        Keras class                     update (g the gradient, lr the learning rate)
    SGD         SGD()                           w -= lr g
    Momentum    SGD(momentum=b)                 m = b m - lr g;  w += m
    Nesterov    SGD(momentum=b, nesterov=True)  m = b m - lr g;  w += b m - lr g
    Adagrad     Adagrad()                       G += g^2;  w -= lr g / sqrt(G + eps)        (G0 = 0.1)
    RMSprop     RMSprop()                       s = r s + (1 - r) g^2;  w -= lr g / sqrt(s + eps)
    Adam        Adam()                          m, v moving averages of g, g^2; w -= lr_t m / (sqrt(v) + eps)
                                                lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)
    AdamW       AdamW()                         w -= lr wd w, then the Adam step

Also: `exponential_decay` (the schedule of 003 eq. 73 and keras.optimizers.schedules.ExponentialDecay),
`plateau_learning_rates` (what keras.callbacks.ReduceLROnPlateau does to the learning rate),
`clip_by_norm` and `clip_by_global_norm` (003 eq. 74; Keras' clipnorm and global_clipnorm), and the
trajectory explorer on 2-D surfaces (`SURFACES`, `trajectory_state`, `trajectory_figure`,
`trajectory_explorer`).
"""

from __future__ import annotations

import numbers

import numpy as np

from dlkit import plots
from dlkit.checks import CheckError

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW",
           "OPTIMIZERS", "make_optimizer", "random_problem", "run_steps", "run_keras", "exponential_decay", "plateau_learning_rates", "global_norm",
           "clip_by_norm", "clip_by_global_norm", "SURFACES", "trajectory_state", "trajectory_figure",
           "trajectory_explorer"]


# --- input checks -----------------------------------------------------------------------------------

def _number(value, name: str, low: float | None = None, high: float | None = None,
            low_open: bool = False) -> float:
    """A real number within [low, high] (or (low, high] with low_open), else CheckError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckError(f"{name}: expected a finite number. Received: {value!r}")
    value = float(value)
    if low is not None and (value < low or (low_open and value == low)):
        bound = f"> {low}" if low_open else f">= {low}"
        raise CheckError(f"{name}: expected a number {bound}. Received: {value}")
    if high is not None and value > high:
        raise CheckError(f"{name}: expected a number <= {high}. Received: {value}")
    return value


def _array_list(arrays, name: str) -> list:
    """A list/tuple of float numpy arrays (params are changed in place, so they must be arrays)."""
    if isinstance(arrays, np.ndarray) or not isinstance(arrays, (list, tuple)):
        raise CheckError(f"{name}: expected a list of numpy arrays (one per parameter). "
                         f"Received: {type(arrays).__name__}")
    return list(arrays)


# --- the interface ----------------------------------------------------------------------------------

class Optimizer:
    """Base class: `step(params, grads)` applies `update` to every parameter and keeps the state.

    Subclasses define `init_state(w) -> dict` and `update(w, g, state) -> new w`.

    Attributes:
        learning_rate: float, the step size lr (change it between steps to follow a schedule).
        iterations: int, steps done so far (0 during the first step; t = iterations + 1).
        state: list of dicts, one per parameter (None before the first step).
    """

    def __init__(self, learning_rate=0.01):
        self.learning_rate = _number(learning_rate, "learning_rate", 0.0, low_open=True)
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
            params: list of float numpy arrays (the weights), changed in place.
            grads: list of arrays of the same shapes (dL/dw for each).
        """
        params = _array_list(params, "params")
        grads = _array_list(grads, "grads")
        if len(grads) != len(params):
            raise CheckError(f"grads: expected one gradient per parameter ({len(params)}). "
                             f"Received: {len(grads)}")
        for i, (w, g) in enumerate(zip(params, grads)):
            if not isinstance(w, np.ndarray) or w.dtype.kind != "f":
                raise CheckError(f"params[{i}]: expected a float numpy array (it is updated in place). "
                                 f"Received: {type(w).__name__}"
                                 + (f" of {w.dtype}" if isinstance(w, np.ndarray) else ""))
            if np.shape(g) != w.shape:
                raise CheckError(f"grads[{i}]: expected shape {w.shape}, the shape of params[{i}]. "
                                 f"Received shape {np.shape(g)}")
        if self.state is None:
            self.state = [self.init_state(w) for w in params]
        elif len(self.state) != len(params):
            raise CheckError(f"params: expected the same {len(self.state)} parameters as in the first step. "
                             f"Received {len(params)}; use a new optimizer for other parameters")
        name = type(self).__name__
        for i, (w, g, s) in enumerate(zip(params, grads, self.state)):
            new = self.update(w, np.array(g, dtype=w.dtype), s)        # a copy: update may change it
            if new is None:
                raise CheckError(f"{name}.update returned None. Expected: the new parameter value, an array "
                                 f"of shape {w.shape}. Hint: end update with `return w - ...`")
            if np.shape(new) != w.shape:
                raise CheckError(f"{name}.update returned shape {np.shape(new)} for a parameter of shape "
                                 f"{w.shape}. Expected the new parameter, shape {w.shape}")
            w[...] = new
        self.iterations += 1
        return params

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate})"


class SGD(Optimizer):
    """Plain gradient descent (003 eq. 16-18): w -= lr g.  keras.optimizers.SGD(learning_rate)."""

    def update(self, w, g, state):
        return w - self.learning_rate * g


MOMENTUM_FORMS = ("keras", "velocity", "ema")


class Momentum(Optimizer):
    """Gradient descent with momentum, in one of three written forms.

        form="keras"     m = b m - lr g;          w = w + m      keras.optimizers.SGD(lr, momentum=b)
        form="velocity"  v = b v + lr g;          w = w - v      (000): the same steps, v = -m
        form="ema"       v = b v + (1 - b) g;     w = w - lr v   (003 eq. 19-20)

    The "ema" form keeps a moving *average* of the gradients, the other two a sum of lr-scaled ones:
    "ema" with learning rate lr takes exactly the steps of "keras" with learning rate lr (1 - b).
    """

    def __init__(self, learning_rate=0.01, momentum=0.9, form="keras"):
        super().__init__(learning_rate)
        self.momentum = _number(momentum, "momentum", 0.0, 1.0)
        if form not in MOMENTUM_FORMS:
            raise CheckError(f"form: expected one of {list(MOMENTUM_FORMS)}. Received: {form!r}")
        self.form = form

    def init_state(self, w):
        return {"v": np.zeros_like(w)}

    def update(self, w, g, state):
        b, lr = self.momentum, self.learning_rate
        if self.form == "keras":
            state["v"] = b * state["v"] - lr * g
            return w + state["v"]
        if self.form == "velocity":
            state["v"] = b * state["v"] + lr * g
            return w - state["v"]
        state["v"] = b * state["v"] + (1.0 - b) * g
        return w - lr * state["v"]


class Nesterov(Momentum):
    """Nesterov momentum in Keras' form: m = b m - lr g;  w = w + b m - lr g.

    The textbook rule (000) takes the gradient at the look-ahead point w - b v. Keras stores that
    look-ahead point as the parameter instead, so the gradient it is given is already the look-ahead
    gradient; rewriting the textbook rule for the stored point gives the two lines above.
    keras.optimizers.SGD(lr, momentum=b, nesterov=True).
    """

    def __init__(self, learning_rate=0.01, momentum=0.9):
        super().__init__(learning_rate, momentum, form="keras")

    def update(self, w, g, state):
        b, lr = self.momentum, self.learning_rate
        state["v"] = b * state["v"] - lr * g
        return w + b * state["v"] - lr * g


class Adagrad(Optimizer):
    """Adagrad: G += g^2;  w -= lr g / sqrt(G + eps), with G starting at initial_accumulator_value.

    keras.optimizers.Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7); the
    epsilon is inside the square root, as in 000.
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
        super().__init__(learning_rate)
        self.initial_accumulator_value = _number(initial_accumulator_value, "initial_accumulator_value", 0.0)
        self.epsilon = _number(epsilon, "epsilon", 0.0)

    def init_state(self, w):
        return {"G": np.full_like(w, self.initial_accumulator_value)}

    def update(self, w, g, state):
        state["G"] = state["G"] + g ** 2
        return w - self.learning_rate * g / np.sqrt(state["G"] + self.epsilon)


class RMSprop(Optimizer):
    """RMSprop: s = rho s + (1 - rho) g^2;  w -= lr g / sqrt(s + eps)   (003 eq. 21-22).

    keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7); epsilon inside the root.
    """

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7):
        super().__init__(learning_rate)
        self.rho = _number(rho, "rho", 0.0, 1.0)
        self.epsilon = _number(epsilon, "epsilon", 0.0)

    def init_state(self, w):
        return {"s": np.zeros_like(w)}

    def update(self, w, g, state):
        state["s"] = self.rho * state["s"] + (1.0 - self.rho) * g ** 2
        return w - self.learning_rate * g / np.sqrt(state["s"] + self.epsilon)


class Adam(Optimizer):
    """Adam with bias correction, in Keras' arrangement of the arithmetic.

        m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2                 (003 eq. 23-24)
        textbook (003 eq. 25-26):  w -= lr m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t), ...
        Keras:                     w -= lr_t m / (sqrt(v) + eps),  lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)

    with t = iterations + 1 (the first step has t = 1). The two agree except for where eps acts (Keras'
    eps equals the textbook's eps times sqrt(1 - b2^t)); with eps = 1e-7 the difference is negligible.
    keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7).
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate)
        self.beta_1 = _number(beta_1, "beta_1", 0.0, 1.0)
        self.beta_2 = _number(beta_2, "beta_2", 0.0, 1.0)
        self.epsilon = _number(epsilon, "epsilon", 0.0)

    def init_state(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w)}

    def adam_step(self, g, state):
        """The Adam displacement (to subtract from w); updates m and v in state."""
        t = self.iterations + 1
        state["m"] = self.beta_1 * state["m"] + (1.0 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1.0 - self.beta_2) * g ** 2
        lr_t = self.learning_rate * np.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        return lr_t * state["m"] / (np.sqrt(state["v"]) + self.epsilon)

    def update(self, w, g, state):
        return w - self.adam_step(g, state)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): w -= lr wd w, then the Adam step.

    The decay shrinks the weights directly; it never enters m or v. (Adding wd w to the gradient
    instead, as L2 regularization does, lets Adam's normalisation rescale the decay.)
    keras.optimizers.AdamW(learning_rate=0.001, weight_decay=0.004, ...).
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, beta_1, beta_2, epsilon)
        self.weight_decay = _number(weight_decay, "weight_decay", 0.0)

    def update(self, w, g, state):
        w = w - self.learning_rate * self.weight_decay * w
        return w - self.adam_step(g, state)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov, "adagrad": Adagrad,
              "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def make_optimizer(name: str, learning_rate: float, **kwargs) -> Optimizer:
    """OPTIMIZERS[name](learning_rate, **kwargs), with a clear error for an unknown name."""
    key = str(name).lower()
    if key not in OPTIMIZERS:
        raise CheckError(f"name: expected one of {list(OPTIMIZERS)}. Received: {name!r}")
    return OPTIMIZERS[key](learning_rate, **kwargs)


def random_problem(seed, shapes=((4, 3), (3,), (2, 2, 2)), steps=10):
    """Start values and `steps` lists of gradients for comparing optimizers (the chapter's tests).

    Gradient entries have random signs and sizes in [0.2, 2]: far from 0, where the textbook and
    Keras placements of Adam's epsilon would differ by more than 1e-6.

    Returns:
        params0: list of arrays (one per shape); grads: list of `steps` lists of arrays.
    """
    rng = np.random.default_rng(seed)
    params0 = [rng.normal(size=s) for s in shapes]
    grads = [[rng.choice([-1.0, 1.0], size=s) * rng.uniform(0.2, 2.0, size=s) for s in shapes]
             for _ in range(steps)]
    return params0, grads


def run_steps(opt, params0, grads):
    """Copies of params0 after opt.step(params, g) for every g in grads (params0 is not changed)."""
    params = [np.array(p, dtype=float) for p in params0]
    for g in grads:
        opt.step(params, g)
    return params


def run_keras(keras_optimizer, params0, grads):
    """The same with a keras.optimizers instance on float64 keras Variables; returns numpy arrays.

    (Keras converts its hyperparameters to float32 first, so expect agreement to about 1e-7, not 1e-15.)
    """
    import keras

    variables = [keras.Variable(np.array(p, dtype=float), dtype="float64") for p in params0]
    for g in grads:
        keras_optimizer.apply_gradients(zip([np.asarray(x, dtype=float) for x in g], variables))
    return [np.array(v.numpy()) for v in variables]


# --- learning-rate schedules ------------------------------------------------------------------------

def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """lr_t = lr_0 * decay_rate ** (t / decay_steps)      (003 eq. 73)

    With staircase=True the exponent is floor(t / decay_steps): the rate drops in steps. Same as
    keras.optimizers.schedules.ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase).

    Args:
        step: int or array of ints >= 0 (the optimizer's iterations).
    Returns:
        float (or array of floats for an array of steps).
    """
    lr0 = _number(initial_learning_rate, "initial_learning_rate", 0.0, low_open=True)
    k = _number(decay_steps, "decay_steps", 0.0, low_open=True)
    rate = _number(decay_rate, "decay_rate", 0.0, low_open=True)
    t = np.asarray(step, dtype=float)
    if np.any(t < 0) or not np.all(np.isfinite(t)):
        raise CheckError(f"step: expected step numbers >= 0. Received: {step!r}")
    p = t / k
    if staircase:
        p = np.floor(p)
    out = lr0 * rate ** p
    return float(out) if out.ndim == 0 else out


def plateau_learning_rates(values, learning_rate, factor=0.1, patience=10, min_delta=1e-4, cooldown=0,
                           min_lr=0.0):
    """The learning rate after each epoch under keras.callbacks.ReduceLROnPlateau (mode "min").

    An epoch improves if value < best - min_delta. After `patience` epochs in a row without
    improvement the rate is multiplied by `factor` (not below min_lr), the wait restarts, and for
    `cooldown` epochs no epoch counts as a non-improvement.

    Args:
        values: the monitored value (e.g. val_loss) at the end of each epoch.
    Returns:
        list of floats, the learning rate used for the next epoch after each value.
    """
    lr = _number(learning_rate, "learning_rate", 0.0, low_open=True)
    factor = _number(factor, "factor", 0.0)
    if factor >= 1.0:
        raise CheckError(f"factor: expected a number < 1 (the rate is multiplied by it). Received: {factor}")
    if isinstance(patience, bool) or not isinstance(patience, numbers.Integral) or patience < 0:
        raise CheckError(f"patience: expected an int >= 0. Received: {patience!r}")
    min_delta = abs(_number(min_delta, "min_delta"))
    min_lr = _number(min_lr, "min_lr", 0.0)
    best, wait, cool, out = None, 0, 0, []
    for value in np.asarray(values, dtype=float).ravel():
        if cool > 0:
            cool -= 1
            wait = 0
        if best is None or value + min_delta < best:
            best, wait = value, 0
        elif cool == 0:
            wait += 1
            if wait >= patience and lr > np.float32(min_lr):
                lr = max(lr * factor, min_lr)
                cool, wait = int(cooldown), 0
        out.append(lr)
    return out


# --- gradient clipping ------------------------------------------------------------------------------

def global_norm(grads) -> float:
    """sqrt(sum over all arrays of sum(g^2)): the norm of all gradients seen as one long vector."""
    grads = _array_list(grads, "grads")
    return float(np.sqrt(sum(float(np.sum(np.square(np.asarray(g, dtype=float)))) for g in grads)))


def clip_by_norm(g, clip_norm):
    """One array: g * min(1, clip_norm / ||g||)   (Keras' clipnorm does this to each gradient)."""
    c = _number(clip_norm, "clip_norm", 0.0, low_open=True)
    g = np.asarray(g, dtype=float)
    norm = float(np.sqrt(np.sum(g ** 2)))
    return g * min(1.0, c / norm) if norm > 0 else g.copy()


def clip_by_global_norm(grads, clip_norm):
    """All arrays scaled by one factor: g_i * min(1, clip_norm / global_norm)   (003 eq. 74).

    Same as tf.clip_by_global_norm and Keras' global_clipnorm: the direction of the whole update
    is kept. Returns (list of clipped arrays, the global norm before clipping).
    """
    c = _number(clip_norm, "clip_norm", 0.0, low_open=True)
    grads = [np.asarray(g, dtype=float) for g in _array_list(grads, "grads")]
    norm = global_norm(grads)
    scale = min(1.0, c / norm) if norm > 0 else 1.0
    return [g * scale for g in grads], norm


# --- the explorer: trajectories on 2-D surfaces -------------------------------------------------------

def _bowl(p):
    x, y = p
    return 0.5 * (x ** 2 + 20.0 * y ** 2), np.array([x, 20.0 * y])


def _rosenbrock(p):
    x, y = p
    f = (1.0 - x) ** 2 + 100.0 * (y - x ** 2) ** 2
    return f, np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x ** 2), 200.0 * (y - x ** 2)])


def _saddle(p):
    x, y = p
    return x ** 2 - y ** 2 + 0.25 * y ** 4, np.array([2.0 * x, -2.0 * y + y ** 3])


# name: (function returning (f, grad), start, view (xmin, xmax, ymin, ymax), minima, formula)
SURFACES = {
    "bowl": (_bowl, (-4.0, 1.0), (-4.5, 1.5, -1.5, 1.5), ((0.0, 0.0),), "f = (x² + 20 y²) / 2"),
    "rosenbrock": (_rosenbrock, (-1.2, 1.0), (-2.0, 2.0, -1.0, 3.0), ((1.0, 1.0),),
                   "f = (1 − x)² + 100 (y − x²)²"),
    "saddle": (_saddle, (-2.0, 0.01), (-2.5, 2.5, -2.5, 2.5), ((0.0, np.sqrt(2.0)), (0.0, -np.sqrt(2.0))), "f = x² − y² + y⁴/4"),
}


def trajectory_state(surface="bowl", optimizer="sgd", learning_rate=0.05, steps=100, start=None):
    """Run an optimizer from a start point on a 2-D surface and record its path.

    Args:
        surface: a key of SURFACES ("bowl", "rosenbrock", "saddle").
        optimizer: a key of OPTIMIZERS ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw").
        learning_rate: step size (> 0); steps: number of updates (int >= 1); start: (x, y) or None.

    Returns:
        dict with path (steps + 1, 2), losses (steps + 1,), diverged (bool: left a huge box or hit
        nan; the path stops there), final_loss, distance (final distance to the surface's minimum
        (the nearest one on the saddle)), and surface, optimizer, learning_rate, formula.
    """
    if surface not in SURFACES:
        raise CheckError(f"surface: expected one of {list(SURFACES)}. Received: {surface!r}")
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1:
        raise CheckError(f"steps: expected an int >= 1. Received: {steps!r}")
    fn, default_start, _, minima, formula = SURFACES[surface]
    opt = make_optimizer(optimizer, learning_rate)
    w = np.array(default_start if start is None else start, dtype=float)
    if w.shape != (2,):
        raise CheckError(f"start: expected a point (x, y). Received: {start!r}")
    path, losses, diverged = [w.copy()], [fn(w)[0]], False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            _, g = fn(w)
            opt.step([w], [g])
            f = fn(w)[0]
            if not np.all(np.isfinite(w)) or not np.isfinite(f) or np.max(np.abs(w)) > 1e3:
                diverged = True
                break
            path.append(w.copy())
            losses.append(f)
    path = np.array(path)
    distance = float(min(np.linalg.norm(path[-1] - np.array(m)) for m in minima))
    return {"surface": surface, "optimizer": str(optimizer).lower(), "learning_rate": float(learning_rate),
            "formula": formula, "path": path, "losses": np.array(losses), "diverged": diverged,
            "final_loss": float(losses[-1]), "distance": distance}


def trajectory_figure(surface="bowl", optimizers=("sgd", "momentum", "adam"), learning_rate=0.05, steps=100):
    """Contours of the surface with one path per optimizer (left) and the loss per step (right)."""
    if isinstance(optimizers, str):
        optimizers = (optimizers,)
    states = [trajectory_state(surface, name, learning_rate, steps) for name in optimizers]
    fn, start, (x0, x1, y0, y1), minima, formula = SURFACES[surface]
    xs, ys = np.linspace(x0, x1, 160), np.linspace(y0, y1, 120)
    gx, gy = np.meshgrid(xs, ys)
    fmin = float(fn(np.array(minima[0]))[0])                   # 0 for bowl and Rosenbrock, -1 for the saddle
    fz = fn((gx, gy))[0]
    fig, (ax, ax2) = plots.new_figure(ncols=2, figsize=(10, 4))
    lz = np.log1p(fz - fmin)                                    # log scale: valleys and rims both show
    ax.contour(gx, gy, lz, levels=np.unique(np.quantile(lz, np.linspace(0.02, 0.98, 15))), colors="0.6",
               linewidths=0.8)
    ax.plot(*np.array(minima).T, marker="*", color="k", markersize=12, linestyle="none", label="minimum")
    markers = ("o", "s", "^", "D", "v", "P", "X")
    for k, s in enumerate(states):
        p = s["path"]
        tag = f"{s['optimizer']}{' (diverged)' if s['diverged'] else ''}"
        ax.plot(p[:, 0], p[:, 1], marker=markers[k % len(markers)], markersize=3, linewidth=1.2,
                markevery=max(1, len(p) // 15), label=tag, color=plots.PALETTE[k % len(plots.PALETTE)])
        ax2.plot(np.arange(len(s["losses"])), s["losses"] - fmin + 1e-16,
                 color=plots.PALETTE[k % len(plots.PALETTE)], label=tag)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.legend(loc="upper right", fontsize=9)
    plots.label(ax, "x", "y", f"{surface}: {formula}, lr = {learning_rate:g}")
    ax2.set_yscale("log")
    plots.label(ax2, "step", "loss − lowest possible loss", "loss along the path")
    return fig


def trajectory_explorer(surface="bowl", optimizer="momentum", learning_rate=0.05, steps=100):
    """Surface and optimizer menus, a log learning-rate slider and a steps slider; SGD drawn for reference.

    Returns:
        ipywidgets.VBox with ``box.controls`` ({"surface", "optimizer", "log_lr", "steps"}) and ``box.output``.
    """
    import ipywidgets as W

    from dlkit.widgets import figure_output

    controls = {
        "surface": W.Dropdown(options=list(SURFACES), value=surface, description="surface"),
        "optimizer": W.Dropdown(options=list(OPTIMIZERS), value=optimizer, description="optimizer"),
        "log_lr": W.FloatSlider(value=float(np.log10(learning_rate)), min=-4.0, max=0.0, step=0.1,
                                description="log10 lr", readout_format=".1f"),
        "steps": W.IntSlider(value=steps, min=10, max=500, step=10, description="steps"),
    }
    note = W.HTML()
    out = W.Output()

    def redraw(_change=None):
        lr = float(10 ** controls["log_lr"].value)
        name, surf, n = controls["optimizer"].value, controls["surface"].value, controls["steps"].value
        s = trajectory_state(surf, name, lr, n)
        note.value = (f"{name}, lr = {lr:.3g}: " + ("diverged" if s["diverged"] else
                      f"loss {s['final_loss']:.3g} after {n} steps, {s['distance']:.3g} from the minimum"))
        names = ("sgd", name) if name != "sgd" else ("sgd",)
        out.outputs = (figure_output(trajectory_figure(surf, names, lr, n)),)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox([controls["surface"], controls["optimizer"]]),
                  W.HBox([controls["log_lr"], controls["steps"]]), note, out])
    box.controls = controls
    box.output = out
    return box
