# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 · Optimizers
#
# Backpropagation (chapter 05) gives the gradient $\nabla L$ of the loss with respect to every weight.
# An **optimizer** decides what to do with it: how far to step, whether to remember earlier steps,
# whether each weight gets its own step size. This chapter builds the optimizers Keras offers (SGD,
# momentum, Nesterov, Adagrad, RMSprop, Adam, AdamW) behind one small interface, checks each against
# `keras.optimizers` to $10^{-6}$, watches them walk across 2-D loss surfaces, and ends with the two
# helpers every training run uses: learning-rate schedules and gradient clipping.
#
# **You will write:** the `update` step of `Momentum`, `Nesterov`, `Adagrad`, `RMSprop`, `Adam` and
# `AdamW`, plus `exponential_decay` and `clip_by_global_norm`.

# %%
import numpy as np

import dlkit
from dlkit import checks, plots
from dlkit import optim as ref_optim
from dlkit.optim import Optimizer

rng = dlkit.setup_notebook(seed=0)

import keras  # noqa: E402  (the oracle of every exercise, and the training run at the end)

# %% [markdown]
# ## Gradient descent, and one interface for every rule
#
# Every optimizer starts from the same move, a step against the gradient (003, eq. 16 to 18):
#
# $$w \leftarrow w - \alpha \nabla_w L ,$$
#
# with the **learning rate** $\alpha$. Batch, stochastic and mini-batch gradient descent differ only in
# which samples the gradient is averaged over (all of them, one, or a mini-batch of $m$); the update
# itself is the same, and so is the code below.
#
# In this course every rule is a small class built on `dlkit.optim.Optimizer`. Its method
# `step(params, grads)` takes a list of weight arrays and a list of gradients of the same shapes, and
# updates every array **in place**. A rule fills in two methods:
#
# | method | returns | used for |
# | --- | --- | --- |
# | `init_state(w)` | a dict of arrays for one parameter, e.g. `{"m": np.zeros_like(w)}` | memory between steps |
# | `update(w, g, state)` | the new value of `w` | the rule itself; it may replace arrays in `state` |
#
# `step` calls `init_state` once per parameter before the first step, keeps the dicts in `self.state`,
# and counts the steps already done in `self.iterations` (0 during the first step, as in Keras). Plain
# gradient descent needs no state:

# %%
class SGD(Optimizer):
    """w <- w - lr * g   (keras.optimizers.SGD(learning_rate))."""

    def update(self, w, g, state):
        return w - self.learning_rate * g


params = [np.array([1.0, -2.0]), np.array([[0.5]])]            # two parameters: shapes (2,) and (1, 1)
grads = [np.array([0.5, 1.0]), np.array([[-1.0]])]
SGD(learning_rate=0.1).step(params, grads)
print(params)

# %% [markdown]
# The same ten steps with Keras: `ref_optim.run_keras` copies the start values into float64 Keras
# variables and calls `optimizer.apply_gradients` once per list of gradients; `ref_optim.run_steps` does
# the same with one of our optimizers. The exercises below are checked exactly this way.

# %% tags=["nbval-check-output"]
p0_demo, g_demo = ref_optim.random_problem(seed=0)              # 3 parameters, 10 lists of gradients
ours = ref_optim.run_steps(SGD(0.1), p0_demo, g_demo)
theirs = ref_optim.run_keras(keras.optimizers.SGD(0.1), p0_demo, g_demo)
print("shapes:", [p.shape for p in p0_demo], " steps:", len(g_demo))
print("SGD agrees with keras.optimizers.SGD to 1e-6:",
      all(np.allclose(a, b, rtol=1e-6, atol=1e-6) for a, b in zip(ours, theirs)))

# %% [markdown]
# **Why plain SGD struggles.** On the ill-conditioned bowl $f(x, y) = \tfrac12(x^2 + 20y^2)$ the
# gradient $(x, 20y)$ is twenty times steeper across the valley than along it. One step multiplies $y$
# by $1 - 20\alpha$ and $x$ by $1 - \alpha$: the step must stay below $\alpha = 2/20 = 0.1$ or $y$ blows
# up, and then $x$ shrinks by at most 10 % per step. The figure shows SGD at $\alpha = 0.09$: it
# zig-zags across the steep $y$ direction while it crawls along the flat $x$ direction.

# %%
ref_optim.trajectory_figure("bowl", ("sgd",), learning_rate=0.09, steps=60)

# %% [markdown]
# ## Momentum, in three written forms
#
# Momentum keeps a **velocity**, a running sum of past gradients, and steps along it: components that
# keep their sign add up, components that flip sign (the zig-zag) cancel. The sources and Keras write it
# in three ways:
#
# | form | velocity | step | where |
# | --- | --- | --- | --- |
# | sum | $v_t = \beta v_{t-1} + \alpha \nabla L$ | $w \leftarrow w - v_t$ | source 000 |
# | average | $v_t = \beta v_{t-1} + (1-\beta)\nabla L$ | $w \leftarrow w - \alpha v_t$ | source 003, eq. 19 and 20 |
# | Keras | $m_t = \beta m_{t-1} - \alpha g$ | $w \leftarrow w + m_t$ | `keras/src/optimizers/sgd.py` |
#
# Keras' form is the "sum" form with the sign folded into the state ($m = -v$): the same steps exactly.
# The "average" form keeps an exponential moving *average* of the gradients, so its velocity is $1-\beta$
# times smaller: **the two written forms differ by a factor $1 - \beta$ that folds into the learning
# rate**. The average form with rate $\alpha$ takes the steps of the sum form with rate $\alpha(1-\beta)$,
# ten times smaller for $\beta = 0.9$. Neither source is wrong, but a learning rate tuned for one form is
# wrong by that factor for the other (Keras' `SGD(momentum=0.9)` is the sum form).
#
# With a constant gradient the steps of the sum form grow towards $\alpha/(1-\beta)$, ten times the
# SGD step for $\beta = 0.9$; those of the average form grow towards $\alpha$:

# %% tags=["nbval-check-output"]
beta, lr = 0.9, 0.1
for form in ("keras", "velocity", "ema"):
    opt, w = ref_optim.Momentum(lr, beta, form=form), [np.zeros(1)]
    positions = []
    for _ in range(50):
        opt.step(w, [np.ones(1)])                              # constant gradient g = 1
        positions.append(w[0][0])
    steps = -np.diff([0.0] + positions)
    print(f"{form:9s} first steps {np.round(steps[:3], 4)}  step 50: {steps[-1]:.4f}")
print(f"limits: sum form lr / (1 - beta) = {lr / (1 - beta):.1f}, average form lr = {lr:.1f}")

# %%
p_avg = ref_optim.run_steps(ref_optim.Momentum(0.05, 0.9, form="ema"), p0_demo, g_demo)
p_sum = ref_optim.run_steps(ref_optim.Momentum(0.05 * (1 - 0.9), 0.9, form="keras"), p0_demo, g_demo)
print("average form at lr 0.05 == Keras form at lr 0.005:",
      all(np.allclose(a, b, rtol=1e-12) for a, b in zip(p_avg, p_sum)))

# %% [markdown]
# ### Exercise 1: `Momentum.update` (2 points)
#
# Write the update of Keras' form: $m \leftarrow \beta m - \alpha g$, then return $w + m$. The velocity
# of each parameter lives in `state["m"]` (zeros before the first step); store the new one there, so
# that the next step sees it. The tests run ten steps on random gradients and compare with
# `keras.optimizers.SGD(learning_rate, momentum=...)` to $10^{-6}$ (relative and absolute).

# %% nbgrader="solution" grade_id="momentum"
class Momentum(Optimizer):
    """m <- momentum * m - lr * g;  w <- w + m   (keras.optimizers.SGD(lr, momentum=momentum))."""

    def __init__(self, learning_rate=0.01, momentum=0.9):
        super().__init__(learning_rate)
        self.momentum = momentum

    def init_state(self, w):
        return {"m": np.zeros_like(w)}

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        state["m"] = self.momentum * state["m"] - self.learning_rate * g
        return w + state["m"]
        ### END SOLUTION


# %% nbgrader="tests" grade_id="momentum_tests" points=2
opt_t = Momentum(learning_rate=0.1, momentum=0.5)
w_t = [np.array([0.0, 1.0])]
path_t = []
for _ in range(3):
    opt_t.step(w_t, [np.array([1.0, -2.0])])                   # the same gradient three times
    path_t.append(w_t[0].copy())
checks.check_close(path_t[0], [-0.1, 1.2], name="w after one Momentum step (lr 0.1, momentum 0.5, g = [1, -2])",
                   hint="m = 0.5 * 0 - 0.1 * g = [-0.1, 0.2] and w + m = [-0.1, 1.2]. [0.1, 0.8] means the momentum "
                        "sign is flipped (Keras subtracts lr * g inside m and then ADDS m); [-0.05, 1.1] is the "
                        "(1 - beta) average form of 003 eq. 19, which Keras does not use; [0, 1] (no move) adds the old "
                        "velocity: update m first, then add it")
checks.check_close(path_t[1], [-0.25, 1.5], name="w after two Momentum steps",
                   hint="the second step is lr * g * (1 + momentum) = [-0.15, 0.3]: m must remember the first step. "
                        "Store the new velocity in state['m'] (the state dict is kept between steps; a local "
                        "variable is lost when update returns)")
checks.check_close(path_t[2], [-0.425, 1.85], name="w after three Momentum steps",
                   hint="steps lr g, lr g (1 + b), lr g (1 + b + b^2): m <- b m - lr g, then w + m")
p0_t, g_t = ref_optim.random_problem(seed=61)
for got, want in zip(ref_optim.run_steps(Momentum(0.05, 0.9), p0_t, g_t),
                     ref_optim.run_keras(keras.optimizers.SGD(0.05, momentum=0.9), p0_t, g_t)):
    checks.check_close(got, want, rtol=1e-6, atol=1e-6, name="Momentum(0.05, 0.9) after ten steps vs keras",
                       hint="use self.momentum and self.learning_rate (not fixed numbers), one velocity per "
                            "parameter (state belongs to the parameter), m <- momentum * m - lr * g, w + m")
### BEGIN HIDDEN TESTS
from dlkit.optim import Momentum as _RefMomentum, random_problem as _problem, run_keras as _run_keras
from dlkit.optim import run_steps as _run_steps
import keras as _keras

_p0, _gs = _problem(seed=601, shapes=((5, 2), (7,), (1, 3, 2)))
for _lr, _b in [(0.02, 0.8), (0.3, 0.5)]:
    _ours = _run_steps(Momentum(learning_rate=_lr, momentum=_b), _p0, _gs)
    for _a, _r, _k in zip(_ours, _run_steps(_RefMomentum(_lr, _b), _p0, _gs),
                          _run_keras(_keras.optimizers.SGD(_lr, momentum=_b), _p0, _gs)):
        assert type(_a) is np.ndarray, f"parameters must stay numpy arrays, received {type(_a).__name__}"
        checks.check_close(_a, _r, rtol=1e-6, atol=1e-6, name=f"Momentum({_lr}, {_b}) vs dlkit")
        checks.check_close(_a, _k, rtol=1e-6, atol=1e-6, name=f"Momentum({_lr}, {_b}) vs keras")
### END HIDDEN TESTS

# %% [markdown]
# ## Nesterov momentum: look before you leap
#
# Nesterov's accelerated gradient (000) evaluates the gradient not at $w$ but where momentum is about to
# carry it, the **look-ahead** point $w - \beta v$:
#
# $$v_t = \beta v_{t-1} + \alpha \nabla L(w - \beta v_{t-1}), \qquad w \leftarrow w - v_t .$$
#
# If the velocity is about to overshoot, the look-ahead gradient already points back and brakes. An
# optimizer that is handed one gradient per step cannot evaluate $L$ elsewhere, so Keras stores the
# look-ahead point itself as the parameter; the gradient it is given *is* the look-ahead gradient.
# Rewritten for that stored point (with $m = -v$, as before), the rule becomes
#
# $$m \leftarrow \beta m - \alpha g, \qquad w \leftarrow w + \beta m - \alpha g ,$$
#
# with the *new* $m$ (`keras/src/optimizers/sgd.py`, `nesterov=True`): the step is the momentum step
# $m$ corrected by the fresh gradient once more.

# %% [markdown]
# ### Exercise 2: `Nesterov.update` (2 points)
#
# Update `state["m"]` as in exercise 1, then return $w + \beta m - \alpha g$ with the new $m$. Checked
# against `keras.optimizers.SGD(learning_rate, momentum=..., nesterov=True)` to $10^{-6}$.

# %% nbgrader="solution" grade_id="nesterov"
class Nesterov(Optimizer):
    """m <- momentum * m - lr * g;  w <- w + momentum * m - lr * g   (SGD(lr, momentum, nesterov=True))."""

    def __init__(self, learning_rate=0.01, momentum=0.9):
        super().__init__(learning_rate)
        self.momentum = momentum

    def init_state(self, w):
        return {"m": np.zeros_like(w)}

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        state["m"] = self.momentum * state["m"] - self.learning_rate * g
        return w + self.momentum * state["m"] - self.learning_rate * g
        ### END SOLUTION


# %% nbgrader="tests" grade_id="nesterov_tests" points=2
opt_t = Nesterov(learning_rate=0.1, momentum=0.5)
w_t = [np.array([0.0])]
path_t = []
for _ in range(3):
    opt_t.step(w_t, [np.array([1.0])])
    path_t.append(w_t[0][0])
checks.check_close(path_t[0], -0.15, name="w after one Nesterov step (lr 0.1, momentum 0.5, g = 1)",
                   hint="m = 0.5 * 0 - 0.1 = -0.1, then w + 0.5 * m - 0.1 * g = -0.05 - 0.1 = -0.15. -0.1 is plain "
                        "momentum (w + m): Nesterov adds momentum * m - lr * g with the NEW m; +0.15 has the "
                        "momentum sign flipped")
checks.check_close(path_t[1], -0.325, name="w after two Nesterov steps",
                   hint="step 2: m = 0.5 * (-0.1) - 0.1 = -0.15, w += 0.5 * (-0.15) - 0.1 = -0.175. Use the new m "
                        "(update state['m'] first, then use it), and store it in state['m'] so that it is carried "
                        "to the next step")
checks.check_close(path_t[2], -0.5125, name="w after three Nesterov steps",
                   hint="m <- b m - lr g; w <- w + b m - lr g, with m kept in state['m'] between steps")
p0_t, g_t = ref_optim.random_problem(seed=62)
for got, want in zip(ref_optim.run_steps(Nesterov(0.05, 0.9), p0_t, g_t),
                     ref_optim.run_keras(keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True), p0_t, g_t)):
    checks.check_close(got, want, rtol=1e-6, atol=1e-6, name="Nesterov(0.05, 0.9) after ten steps vs keras",
                       hint="use self.momentum and self.learning_rate; m <- b m - lr g; return w + b m - lr g")
### BEGIN HIDDEN TESTS
from dlkit.optim import Nesterov as _RefNesterov, random_problem as _problem, run_keras as _run_keras
from dlkit.optim import run_steps as _run_steps
import keras as _keras

_p0, _gs = _problem(seed=602, shapes=((3, 3), (4,)))
for _lr, _b in [(0.02, 0.8), (0.2, 0.95)]:
    _ours = _run_steps(Nesterov(learning_rate=_lr, momentum=_b), _p0, _gs)
    for _a, _r, _k in zip(_ours, _run_steps(_RefNesterov(_lr, _b), _p0, _gs),
                          _run_keras(_keras.optimizers.SGD(_lr, momentum=_b, nesterov=True), _p0, _gs)):
        assert type(_a) is np.ndarray, f"parameters must stay numpy arrays, received {type(_a).__name__}"
        checks.check_close(_a, _r, rtol=1e-6, atol=1e-6, name=f"Nesterov({_lr}, {_b}) vs dlkit")
        checks.check_close(_a, _k, rtol=1e-6, atol=1e-6, name=f"Nesterov({_lr}, {_b}) vs keras")
### END HIDDEN TESTS

# %% [markdown]
# ## Adagrad: a learning rate per weight, shrinking
#
# Adagrad (000) gives every weight its own step size. It adds up the squared gradients of each weight,
# $G_t = G_{t-1} + g_t^2$, and divides the step by their root:
#
# $$w \leftarrow w - \frac{\alpha}{\sqrt{G_t + \epsilon}}\, g_t .$$
#
# Weights that often get large gradients take small steps; rarely updated ones (sparse features, rare
# words) keep large steps. Keras (`adagrad.py`) puts $\epsilon = 10^{-7}$ inside the root as 000 does,
# and starts the sum at `initial_accumulator_value = 0.1`, not 0, so the first step is not exactly
# $\alpha\,\mathrm{sign}(g)$. The weakness: $G$ only grows, so the effective rate $\alpha/\sqrt{G_t}$
# shrinks like $1/\sqrt t$ and learning finally stalls. **RMSprop** (next) replaces the sum by a moving
# average that forgets; the figure shows the effective rate of both under a constant gradient $g = 1$.

# %%
fig, ax = plots.new_figure(figsize=(6, 3.6))
for name, opt in [("Adagrad", ref_optim.Adagrad(0.1)), ("RMSprop, ρ = 0.9", ref_optim.RMSprop(0.1))]:
    w, rates = [np.zeros(1)], []
    for _ in range(200):
        before = w[0][0]
        opt.step(w, [np.ones(1)])
        rates.append(before - w[0][0])                          # step / g = effective learning rate
    ax.plot(np.arange(1, 201), rates, label=name)
ax.set_yscale("log")
ax.legend()
plots.label(ax, "step t", "effective learning rate (step / g)", "Same gradient every step, α = 0.1")
fig

# %% [markdown]
# ### Exercise 3: `Adagrad.update` (1 point)
#
# Add $g^2$ to `state["G"]` (it starts at `initial_accumulator_value`) and return
# $w - \alpha g / \sqrt{G + \epsilon}$, with $\epsilon$ **inside** the root. Checked against
# `keras.optimizers.Adagrad` to $10^{-6}$; one test uses a large $\epsilon$, where its place matters.

# %% nbgrader="solution" grade_id="adagrad"
class Adagrad(Optimizer):
    """G <- G + g^2;  w <- w - lr * g / sqrt(G + eps)   (keras.optimizers.Adagrad)."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
        super().__init__(learning_rate)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def init_state(self, w):
        return {"G": np.full_like(w, self.initial_accumulator_value)}

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        state["G"] = state["G"] + g ** 2
        return w - self.learning_rate * g / np.sqrt(state["G"] + self.epsilon)
        ### END SOLUTION


# %% nbgrader="tests" grade_id="adagrad_tests" points=1
opt_t = Adagrad(learning_rate=1.0, initial_accumulator_value=0.0, epsilon=1.0)
w_t = [np.array([0.0, 0.0])]
opt_t.step(w_t, [np.array([1.0, 3.0])])
first_t = w_t[0].copy()
opt_t.step(w_t, [np.array([1.0, 3.0])])
checks.check_close(first_t, [-1 / np.sqrt(2), -3 / np.sqrt(10)],
                   name="w after one Adagrad step (lr 1, G0 = 0, eps = 1, g = [1, 3])",
                   hint="G = 0 + g^2 = [1, 9]; w - lr * g / sqrt(G + eps) = -[1/sqrt(2), 3/sqrt(10)]. [-0.5, -0.75] "
                        "puts epsilon outside the sqrt (g / (sqrt(G) + eps)): Keras adds it inside, sqrt(G + eps). "
                        "Accumulate the SQUARED gradient (g ** 2), and take the square root")
checks.check_close(w_t[0], first_t - [1 / np.sqrt(3), 3 / np.sqrt(19)], name="w after two Adagrad steps",
                   hint="G keeps growing: after two steps G = [2, 18]. Store the sum in state['G'] (add g ** 2 to "
                        "it), do not replace it by the latest g ** 2")
p0_t, g_t = ref_optim.random_problem(seed=63)
for got, want in zip(ref_optim.run_steps(Adagrad(0.1), p0_t, g_t),
                     ref_optim.run_keras(keras.optimizers.Adagrad(0.1), p0_t, g_t)):
    checks.check_close(got, want, rtol=1e-6, atol=1e-6, name="Adagrad(0.1) after ten steps vs keras",
                       hint="start from state['G'] (initial_accumulator_value = 0.1, not 0), G += g ** 2, "
                            "w - lr * g / sqrt(G + eps)")
### BEGIN HIDDEN TESTS
from dlkit.optim import Adagrad as _RefAdagrad, random_problem as _problem, run_keras as _run_keras
from dlkit.optim import run_steps as _run_steps
import keras as _keras

_p0, _gs = _problem(seed=603, shapes=((2, 5), (3,)))
for _kw in [dict(learning_rate=0.05), dict(learning_rate=0.5, initial_accumulator_value=0.5, epsilon=1e-3)]:
    _ours = _run_steps(Adagrad(**_kw), _p0, _gs)
    for _a, _r, _k in zip(_ours, _run_steps(_RefAdagrad(**_kw), _p0, _gs),
                          _run_keras(_keras.optimizers.Adagrad(**_kw), _p0, _gs)):
        assert type(_a) is np.ndarray, f"parameters must stay numpy arrays, received {type(_a).__name__}"
        checks.check_close(_a, _r, rtol=1e-6, atol=1e-6, name=f"Adagrad({_kw}) vs dlkit")
        checks.check_close(_a, _k, rtol=1e-6, atol=1e-6, name=f"Adagrad({_kw}) vs keras")
### END HIDDEN TESTS

# %% [markdown]
# ## RMSprop: an average that forgets
#
# RMSprop (003, eq. 21 and 22) keeps an exponential moving average of the squared gradients instead of
# their sum, so old gradients fade away and the rate stops shrinking:
#
# $$s_t = \rho\, s_{t-1} + (1-\rho)\, g_t^2, \qquad w \leftarrow w - \frac{\alpha}{\sqrt{s_t + \epsilon}}\, g_t .$$
#
# (003 calls the decay $\beta$; Keras calls it `rho`, default 0.9, with $\epsilon = 10^{-7}$ inside the
# root as in the sources; $s$ starts at 0.) Dividing by the root mean square of recent gradients
# normalises the step: a weight whose gradient is always 100 times larger moves at the same speed.

# %% [markdown]
# ### Exercise 4: `RMSprop.update` (1 point)
#
# Update `state["s"]` and return the new $w$, $\epsilon$ inside the root. Checked against
# `keras.optimizers.RMSprop` to $10^{-6}$.

# %% nbgrader="solution" grade_id="rmsprop"
class RMSprop(Optimizer):
    """s <- rho s + (1 - rho) g^2;  w <- w - lr * g / sqrt(s + eps)   (keras.optimizers.RMSprop)."""

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7):
        super().__init__(learning_rate)
        self.rho = rho
        self.epsilon = epsilon

    def init_state(self, w):
        return {"s": np.zeros_like(w)}

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        state["s"] = self.rho * state["s"] + (1.0 - self.rho) * g ** 2
        return w - self.learning_rate * g / np.sqrt(state["s"] + self.epsilon)
        ### END SOLUTION


# %% nbgrader="tests" grade_id="rmsprop_tests" points=1
opt_t = RMSprop(learning_rate=1.0, rho=0.75, epsilon=0.44)
w_t = [np.array([0.0])]
opt_t.step(w_t, [np.array([2.0])])
first_t = w_t[0][0]
checks.check_close(first_t, -2 / 1.2, name="w after one RMSprop step (lr 1, rho 0.75, eps 0.44, g = 2)",
                   hint="s = 0.75 * 0 + 0.25 * 4 = 1 and w - 2 / sqrt(1 + 0.44) = -1.6667. -1.3889 puts epsilon "
                        "outside the sqrt (Keras adds it inside); -1.078 swaps rho and 1 - rho (the OLD average is "
                        "weighted by rho); -0.949 forgets the (1 - rho) factor on g ** 2")
opt_t.step(w_t, [np.array([2.0])])
checks.check_close(w_t[0][0], first_t - 2 / np.sqrt(1.75 + 0.44), name="w after two RMSprop steps",
                   hint="the average is carried between steps: s = 0.75 * 1 + 0.25 * 4 = 1.75 after step 2. "
                        "Store the new s in state['s']")
p0_t, g_t = ref_optim.random_problem(seed=64)
for got, want in zip(ref_optim.run_steps(RMSprop(0.01), p0_t, g_t),
                     ref_optim.run_keras(keras.optimizers.RMSprop(0.01), p0_t, g_t)):
    checks.check_close(got, want, rtol=1e-6, atol=1e-6, name="RMSprop(0.01) after ten steps vs keras",
                       hint="s <- rho s + (1 - rho) g ** 2 with self.rho; w - lr * g / sqrt(s + eps)")
### BEGIN HIDDEN TESTS
from dlkit.optim import RMSprop as _RefRMSprop, random_problem as _problem, run_keras as _run_keras
from dlkit.optim import run_steps as _run_steps
import keras as _keras

_p0, _gs = _problem(seed=604, shapes=((4, 4), (2,)))
for _kw in [dict(learning_rate=0.003), dict(learning_rate=0.05, rho=0.5, epsilon=1e-2)]:
    _ours = _run_steps(RMSprop(**_kw), _p0, _gs)
    for _a, _r, _k in zip(_ours, _run_steps(_RefRMSprop(**_kw), _p0, _gs),
                          _run_keras(_keras.optimizers.RMSprop(**_kw), _p0, _gs)):
        assert type(_a) is np.ndarray, f"parameters must stay numpy arrays, received {type(_a).__name__}"
        checks.check_close(_a, _r, rtol=1e-6, atol=1e-6, name=f"RMSprop({_kw}) vs dlkit")
        checks.check_close(_a, _k, rtol=1e-6, atol=1e-6, name=f"RMSprop({_kw}) vs keras")
### END HIDDEN TESTS

# %% [markdown]
# ## Adam: momentum and RMSprop together, bias-corrected
#
# Adam (003, eq. 23 to 26; 000) keeps both moving averages, of the gradients (momentum) and of their
# squares (RMSprop):
#
# $$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 .$$
#
# Both start at 0, so early on they are too small: after one step $m_1 = (1-\beta_1) g_1$, a tenth of
# the gradient for $\beta_1 = 0.9$, and $v_1 = 0.001\, g_1^2$. Dividing by $1 - \beta^t$ removes that
# bias exactly for a constant gradient ($t$ counts steps from 1):
#
# $$\hat m_t = \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^t}, \qquad
# w \leftarrow w - \frac{\alpha\, \hat m_t}{\sqrt{\hat v_t} + \epsilon} .$$
#
# Without the correction the first steps are not too small but too **large**: $m$ is 10 times too small
# while $\sqrt v$ is $\sqrt{1000} \approx 32$ times too small. With it, the first step is
# $\alpha\,\mathrm{sign}(g)$ whatever the size of $g$:

# %% tags=["nbval-check-output"]
b1, b2 = 0.9, 0.999
for t in (1, 2, 10, 100, 1000):
    m, v = 1 - b1 ** t, 1 - b2 ** t                             # m_t, v_t for a constant gradient g = 1
    print(f"t = {t:4d}: m = {m:.4f}  v = {v:.4f}  uncorrected step m / sqrt(v) = {m / np.sqrt(v):.3f}  "
          f"corrected {(m / (1 - b1 ** t)) / np.sqrt(v / (1 - b2 ** t)):.3f}")

# %% [markdown]
# **How Keras writes it.** `keras/src/optimizers/adam.py` folds both corrections into the learning rate,
# $\alpha_t = \alpha \sqrt{1-\beta_2^t} / (1-\beta_1^t)$, and steps $w \leftarrow w - \alpha_t\, m_t /
# (\sqrt{v_t} + \epsilon)$, the rearrangement suggested in the Adam paper. It is the same rule except
# where $\epsilon$ acts (Keras' $\epsilon$ is the textbook's $\epsilon$ times $\sqrt{1-\beta_2^t}$), and
# Keras' default is $\epsilon = 10^{-7}$ where 003 quotes $10^{-8}$. For gradients far from zero the
# two agree to better than $10^{-6}$, so either form passes the exercise. The step counter is
# `self.iterations + 1`, as Keras' `local_step`. (One more Keras detail: it turns $\beta_1$, $\beta_2$
# and $\alpha$ into float32 numbers before using them, so $1 - \beta_2$ carries a relative error of about
# $10^{-5}$; the tests keep the learning rate small enough, or pick betas exact in float32, such as
# 0.875, for the $10^{-6}$ comparison to be meaningful.)

# %% [markdown]
# ### Exercise 5: `Adam.update` (3 points)
#
# Update `state["m"]` and `state["v"]`, bias-correct with $t$ = `self.iterations + 1`, and return the new
# $w$ with $\epsilon$ **outside** the root. Checked against `keras.optimizers.Adam` to $10^{-6}$ over ten
# steps (gradients of size 0.2 to 2), plus hand-computed steps with $\beta_2 = 0$ and a large
# $\epsilon$, where the textbook and Keras arrangements coincide and every detail shows.

# %% nbgrader="solution" grade_id="adam"
class Adam(Optimizer):
    """Adam with bias correction (keras.optimizers.Adam)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def init_state(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w)}

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        t = self.iterations + 1                                 # the first step has t = 1
        state["m"] = self.beta_1 * state["m"] + (1.0 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1.0 - self.beta_2) * g ** 2
        lr_t = self.learning_rate * np.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        return w - lr_t * state["m"] / (np.sqrt(state["v"]) + self.epsilon)
        ### END SOLUTION


# %% nbgrader="tests" grade_id="adam_tests" points=3
opt_t = Adam(learning_rate=0.1, beta_1=0.5, beta_2=0.0, epsilon=1.0)
w_t = [np.array([0.0])]
try:
    with np.errstate(divide="raise", invalid="raise"):
        opt_t.step(w_t, [np.array([3.0])])
        first_t = w_t[0][0]
        opt_t.step(w_t, [np.array([1.0])])
except (FloatingPointError, ZeroDivisionError) as err:
    raise checks.CheckError(f"Adam.update divided by zero ({err})\n"
                            "Hint: bias correction with t starting at 0 divides by 1 - beta ** 0 = 0: the first step "
                            "has t = self.iterations + 1 = 1") from None
checks.check_close(first_t, -0.075, name="w after one Adam step (lr 0.1, beta_1 0.5, beta_2 0, eps 1, g = 3)",
                   hint="m = 1.5, v = 9; m_hat = 1.5 / (1 - 0.5) = 3, v_hat = 9; w - 0.1 * 3 / (sqrt(9) + 1) = -0.075. "
                        "-0.0375 has no bias correction (divide m by 1 - beta_1 ** t); -0.0949 puts epsilon inside "
                        "the sqrt (Adam adds it outside: sqrt(v_hat) + eps); +0.075 steps uphill")
checks.check_close(w_t[0][0] - first_t, -0.1 * (1.25 / 0.75) / 2, name="the second Adam step (g = 1)",
                   hint="m = 0.5 * 1.5 + 0.5 * 1 = 1.25 carried from step 1 (store m and v in state), m_hat = "
                        "1.25 / (1 - 0.5 ** 2) with t = 2 (t = self.iterations + 1 grows each step), v_hat = 1: "
                        "the step is -0.1 * 1.6667 / 2")
p0_t, g_t = ref_optim.random_problem(seed=65)
for got, want in zip(ref_optim.run_steps(Adam(0.002), p0_t, g_t),
                     ref_optim.run_keras(keras.optimizers.Adam(0.002), p0_t, g_t)):
    checks.check_close(got, want, rtol=1e-6, atol=1e-6, name="Adam(0.002) after ten steps vs keras",
                       hint="bias-correct both averages: m / (1 - beta_1 ** t) AND v / (1 - beta_2 ** t); use "
                            "self.beta_1, self.beta_2 and g ** 2 in v")
### BEGIN HIDDEN TESTS
from dlkit.optim import Adam as _RefAdam, random_problem as _problem, run_keras as _run_keras
from dlkit.optim import run_steps as _run_steps
import keras as _keras

_p0, _gs = _problem(seed=605, shapes=((3, 2), (5,), (2, 2, 2)))
for _kw in [dict(learning_rate=0.001), dict(learning_rate=0.02, beta_1=0.875, beta_2=0.9921875)]:
    _ours = _run_steps(Adam(**_kw), _p0, _gs)
    for _a, _r, _k in zip(_ours, _run_steps(_RefAdam(**_kw), _p0, _gs),
                          _run_keras(_keras.optimizers.Adam(**_kw), _p0, _gs)):
        assert type(_a) is np.ndarray, f"parameters must stay numpy arrays, received {type(_a).__name__}"
        checks.check_close(_a, _r, rtol=1e-6, atol=1e-6, name=f"Adam({_kw}) vs dlkit")
        checks.check_close(_a, _k, rtol=1e-6, atol=1e-6, name=f"Adam({_kw}) vs keras")
### END HIDDEN TESTS

# %% [markdown]
# ## AdamW: weight decay, decoupled
#
# **L2 regularisation** (chapter 08) adds $\frac{\lambda}{2}\lVert w\rVert^2$ to the loss, so $\lambda w$
# joins the gradient. For plain SGD that is the same as shrinking the weights by a factor $1 - \alpha\lambda$
# each step, "weight decay". Inside Adam it is not: the $\lambda w$ term passes through $m$ and $v$ and is
# divided by $\sqrt{\hat v}$ like the rest, so weights with large gradients are hardly decayed and the
# others are moved by about $\alpha$ per step whatever $\lambda$ is. **AdamW** (Loshchilov and Hutter;
# 000) takes the decay out of the gradient and applies it directly:
#
# $$w \leftarrow w - \alpha\,(\text{Adam step}) - \alpha \lambda\, w .$$
#
# Keras (`base_optimizer.py`, `_apply_weight_decay`) first shrinks $w \leftarrow w - \alpha\lambda w$,
# then takes the Adam step; the Adam step does not depend on $w$, so this is the formula above. Its
# default is $\lambda$ = `weight_decay` = 0.004. With no data gradient at all, the cell shows the
# difference: with L2 inside Adam, $\lambda = 0.001$ and $\lambda = 0.1$ move the weight the same way;
# with AdamW the decay is proportional to $\lambda$.

# %% tags=["nbval-check-output"]
for lam in (0.001, 0.1):
    l2, opt_l2 = [np.array([1.0])], ref_optim.Adam(0.01)
    dec, opt_dec = [np.array([1.0])], ref_optim.AdamW(0.01, weight_decay=lam)
    for _ in range(50):
        opt_l2.step(l2, [lam * l2[0]])                          # L2: lambda * w added to a zero gradient
        opt_dec.step(dec, [np.zeros(1)])                        # AdamW: the decay is outside the gradient
    print(f"lambda = {lam}:  Adam + L2 -> w = {l2[0][0]:.4f}   AdamW -> w = {dec[0][0]:.6f}")

# %% [markdown]
# ### Exercise 6: `AdamW.update` (2 points)
#
# `AdamW` below builds on dlkit's reference `Adam` (so that a slip in your exercise 5 does not cost
# points twice): `super().update(w, g, state)` returns $w$ after one Adam step. Apply the decay
# $w \leftarrow w - \alpha\lambda w$ (with `self.learning_rate` and `self.weight_decay`) to the current
# weights, then the Adam step, and return the result. Checked against `keras.optimizers.AdamW` to
# $10^{-6}$.

# %% nbgrader="solution" grade_id="adamw"
class AdamW(ref_optim.Adam):
    """Adam with decoupled weight decay: w <- w - lr * wd * w, then the Adam step (keras.optimizers.AdamW)."""

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, beta_1, beta_2, epsilon)
        self.weight_decay = weight_decay

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        decayed = w - self.learning_rate * self.weight_decay * w
        return super().update(decayed, g, state)
        ### END SOLUTION


# %% nbgrader="tests" grade_id="adamw_tests" points=2
opt_t = AdamW(learning_rate=0.1, weight_decay=0.25, epsilon=1e-12)
w_t = [np.array([2.0, 2.0])]
opt_t.step(w_t, [np.array([0.0, 3.0])])
checks.check_close(w_t[0][0], 2.0 - 0.1 * 0.25 * 2.0, name="AdamW step with a zero gradient (lr 0.1, wd 0.25, w = 2)",
                   hint="with g = 0 only the decay acts: w - lr * wd * w = 2 - 0.05 = 1.95. 1.5 forgets the learning "
                        "rate in the decay (lr * wd * w, not wd * w); 1.9 means the decay went into the gradient "
                        "(L2, coupled), where Adam normalises it to a step of lr: keep it out of the gradient "
                        "(decoupled); 2.05 decays with the wrong sign")
checks.check_close(w_t[0][1], 2.0 - 0.05 - 0.1, name="AdamW step with g = 3 (lr 0.1, wd 0.25, w = 2)",
                   hint="decay the CURRENT weights (2 - 0.05 = 1.95), then take the Adam step (its first step is "
                        "lr = 0.1): 1.85. 1.8525 decays the weights after the Adam step instead of before")
p0_t, g_t = ref_optim.random_problem(seed=66)
for got, want in zip(ref_optim.run_steps(AdamW(0.002, weight_decay=0.1), p0_t, g_t),
                     ref_optim.run_keras(keras.optimizers.AdamW(0.002, weight_decay=0.1), p0_t, g_t)):
    checks.check_close(got, want, rtol=1e-6, atol=1e-6, name="AdamW(0.002, weight_decay=0.1) after ten steps vs keras",
                       hint="w - lr * wd * w with self.weight_decay, then super().update on the decayed w with the "
                            "unchanged gradient g (decoupled, not added to the gradient)")
### BEGIN HIDDEN TESTS
from dlkit.optim import AdamW as _RefAdamW, random_problem as _problem, run_keras as _run_keras
from dlkit.optim import run_steps as _run_steps
import keras as _keras

_p0, _gs = _problem(seed=606, shapes=((4, 2), (3,)))
for _kw in [dict(learning_rate=0.001), dict(learning_rate=0.02, weight_decay=0.25, beta_1=0.875, beta_2=0.9921875)]:
    _ours = _run_steps(AdamW(**_kw), _p0, _gs)
    for _a, _r, _k in zip(_ours, _run_steps(_RefAdamW(**_kw), _p0, _gs),
                          _run_keras(_keras.optimizers.AdamW(**_kw), _p0, _gs)):
        assert type(_a) is np.ndarray, f"parameters must stay numpy arrays, received {type(_a).__name__}"
        checks.check_close(_a, _r, rtol=1e-6, atol=1e-6, name=f"AdamW({_kw}) vs dlkit")
        checks.check_close(_a, _k, rtol=1e-6, atol=1e-6, name=f"AdamW({_kw}) vs keras")
### END HIDDEN TESTS

# %% [markdown]
# ## Which is which: the sources and Keras side by side
#
# | rule | sources | Keras (`keras/src/optimizers/`) | Keras defaults |
# | --- | --- | --- | --- |
# | SGD | $w \leftarrow w - \alpha g$ (003 eq. 16 to 18) | the same (`sgd.py`) | $\alpha = 0.01$ |
# | momentum | 000: $v = \beta v + \alpha g$; 003: $v = \beta v + (1-\beta) g$, step $\alpha v$ | $m = \beta m - \alpha g$, $w \leftarrow w + m$ (000's form) | `momentum=0.0` (off) |
# | Nesterov | 000: gradient at $w - \beta v$ | $w \leftarrow w + \beta m - \alpha g$ at the stored look-ahead point | `nesterov=False` |
# | Adagrad | 000: $\epsilon$ inside the root | the same; $G$ starts at 0.1 | $\alpha = 0.001$, $\epsilon = 10^{-7}$ |
# | RMSprop | 003 eq. 21, 22: $\epsilon$ inside the root | the same, decay called `rho` | $\alpha = 0.001$, $\rho = 0.9$, $\epsilon = 10^{-7}$ |
# | Adam | 003 eq. 23 to 26: $\epsilon$ outside, $10^{-8}$ | corrections folded into $\alpha_t$ | $\alpha = 0.001$, $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-7}$ |
# | AdamW | 000: $-\alpha(\text{Adam}) - \alpha\lambda w$ | decay $w \leftarrow w - \alpha\lambda w$ first, then Adam | $\lambda = 0.004$ |
#
# Every Keras optimizer also takes `weight_decay=` (decoupled, as in AdamW), and the clipping options
# `clipnorm`, `global_clipnorm` and `clipvalue` (see the end of the chapter).
#
# The references in `dlkit.optim` follow the Keras column; ten steps of each on the same random problem:

# %% tags=["nbval-check-output"]
pairs = [
    ("SGD", ref_optim.SGD(0.1), keras.optimizers.SGD(0.1)),
    ("Momentum", ref_optim.Momentum(0.05, 0.9), keras.optimizers.SGD(0.05, momentum=0.9)),
    ("Nesterov", ref_optim.Nesterov(0.05, 0.9), keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True)),
    ("Adagrad", ref_optim.Adagrad(0.1), keras.optimizers.Adagrad(0.1)),
    ("RMSprop", ref_optim.RMSprop(0.01), keras.optimizers.RMSprop(0.01)),
    ("Adam", ref_optim.Adam(0.002), keras.optimizers.Adam(0.002)),
    ("AdamW", ref_optim.AdamW(0.002, weight_decay=0.1), keras.optimizers.AdamW(0.002, weight_decay=0.1)),
]
for name, ours_opt, keras_opt in pairs:
    ours = ref_optim.run_steps(ours_opt, p0_demo, g_demo)
    theirs = ref_optim.run_keras(keras_opt, p0_demo, g_demo)
    same = all(np.allclose(a, b, rtol=1e-6, atol=1e-6) for a, b in zip(ours, theirs))
    print(f"{name:9s} agrees with Keras to 1e-6 after ten steps: {same}")

# %% [markdown]
# ## Trajectories on three surfaces
#
# The same optimizers on three classic test surfaces, each from a fixed start: the **ill-conditioned
# bowl** from above; **Rosenbrock's** curved valley $f = (1-x)^2 + 100(y-x^2)^2$, minimum at $(1, 1)$; and
# a **saddle** $f = x^2 - y^2 + y^4/4$ with a saddle point at the origin and minima at $(0, \pm\sqrt 2)$,
# started almost exactly on the ridge ($y = 0.01$). On the bowl, momentum overshoots but reaches the
# minimum as fast as SGD at the same rate, while Adam and RMSprop move diagonally at first (each
# coordinate at its own speed of about $\alpha$); on the saddle, SGD nearly stops at the saddle point
# before it slides off, while the adaptive methods leave it at once.

# %%
ref_optim.trajectory_figure("bowl", ("sgd", "momentum", "rmsprop", "adam"), learning_rate=0.05, steps=150)

# %% [markdown]
# On Rosenbrock's valley, at a rate small enough for SGD to stay stable (0.002), only momentum gets far
# along the curved floor in 150 steps; the adaptive methods, limited to steps of about $\alpha$, crawl.

# %%
ref_optim.trajectory_figure("rosenbrock", ("sgd", "momentum", "rmsprop", "adam"), learning_rate=0.002, steps=150)

# %% [markdown]
# On the saddle every method ends in one of the two minima; RMSprop keeps bouncing around it, since its
# steps do not shrink as the gradient does.

# %%
ref_optim.trajectory_figure("saddle", ("sgd", "momentum", "rmsprop", "adam"), learning_rate=0.05, steps=150)

# %% [markdown]
# **Explore.** Pick a surface, an optimizer and a learning rate (plain SGD is drawn too, for reference).
# Things to try: on the bowl, raise SGD's rate past 0.1 and watch it diverge, then find the largest rate
# at which momentum still converges; on Rosenbrock, give Adam a rate of 0.05 to 0.1; on the saddle,
# compare how long each method lingers near the origin.

# %%
ref_optim.trajectory_explorer(surface="bowl", optimizer="momentum", learning_rate=0.05, steps=100)

# %% [markdown]
# ## Learning-rate schedules
#
# A rate large enough to make quick progress at the start is often too large to settle into a minimum at
# the end. A **schedule** lowers it as training goes on. Exponential decay (003, eq. 73) multiplies the
# rate by `decay_rate` every `decay_steps` steps, smoothly or, with `staircase=True`, in jumps:
#
# $$\alpha_t = \alpha_0 \cdot \text{decay\_rate}^{\,t / \text{decay\_steps}}
# \qquad \text{(staircase: } \lfloor t / \text{decay\_steps} \rfloor \text{ in the exponent).}$$
#
# With $\alpha_0 = 0.1$, `decay_rate` 0.5 and `decay_steps` 10, the rate halves every 10 steps:

# %% tags=["nbval-check-output"]
for t in (0, 10, 25, 50):
    print(f"t = {t:2d}: smooth {ref_optim.exponential_decay(t, 0.1, 10, 0.5):.5f}   "
          f"staircase {ref_optim.exponential_decay(t, 0.1, 10, 0.5, staircase=True):.5f}")

# %% [markdown]
# In Keras a schedule is an object passed as the learning rate,
# `keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))`, and the
# optimizer evaluates it at its step counter (`iterations`, counted in batches, not epochs).

# %% [markdown]
# ### Exercise 7: `exponential_decay` (1 point)
#
# Return $\alpha_0 \cdot \text{decay\_rate}^{t/\text{decay\_steps}}$ as a float for an int `step` $t$;
# with `staircase=True`, round the exponent down. Checked against
# `keras.optimizers.schedules.ExponentialDecay` (relative $10^{-6}$).

# %% nbgrader="solution" grade_id="exponential_decay"
def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """lr_t = lr_0 * decay_rate ** (step / decay_steps); floor of the exponent if staircase (003 eq. 73)."""
    ### BEGIN SOLUTION
    exponent = step / decay_steps
    if staircase:
        exponent = np.floor(exponent)
    return float(initial_learning_rate * decay_rate ** exponent)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="exponential_decay_tests" points=1
checks.check_close(exponential_decay(0, 0.1, 10, 0.5), 0.1, name="exponential_decay(0, 0.1, 10, 0.5)",
                   hint="at step 0 the rate is the initial rate: decay_rate ** 0 = 1")
checks.check_close(exponential_decay(10, 0.1, 10, 0.5), 0.05, name="exponential_decay(10, 0.1, 10, 0.5)",
                   hint="after decay_steps steps the rate is multiplied by decay_rate once: divide the step by "
                        "decay_steps in the exponent (decay_rate ** (step / decay_steps), not decay_rate ** step); "
                        "the decay multiplies (power), it does not subtract")
checks.check_close(exponential_decay(25, 0.1, 10, 0.5), 0.1 * 0.5 ** 2.5, name="exponential_decay(25, 0.1, 10, 0.5)",
                   hint="without staircase the exponent is the exact ratio 25 / 10 = 2.5 (smooth decay): do not "
                        "round it (no // and no int()) unless staircase=True")
checks.check_close(exponential_decay(25, 0.1, 10, 0.5, staircase=True), 0.025,
                   name="exponential_decay(25, 0.1, 10, 0.5, staircase=True)",
                   hint="with staircase=True the exponent is floor(25 / 10) = 2: the rate drops in jumps")
checks.check_type(exponential_decay(3, 0.1, 10, 0.5), float, name="exponential_decay(3, 0.1, 10, 0.5)",
                  hint="return a Python float: float(...)")
### BEGIN HIDDEN TESTS
import keras as _keras

_rng = np.random.default_rng(607)
for _ in range(4):
    _lr0, _k, _r = float(_rng.uniform(0.01, 1)), int(_rng.integers(1, 50)), float(_rng.uniform(0.1, 0.99))
    for _stair in (False, True):
        _sched = _keras.optimizers.schedules.ExponentialDecay(_lr0, _k, _r, staircase=_stair)
        for _t in _rng.integers(0, 300, size=4):
            _got = exponential_decay(int(_t), _lr0, _k, _r, staircase=_stair)
            assert type(_got) is float, f"exponential_decay must return a float, received {type(_got).__name__}"
            checks.check_close(_got, float(_sched(int(_t))), rtol=1e-6,
                               name=f"exponential_decay({int(_t)}, {_lr0:.3f}, {_k}, {_r:.3f}, staircase={_stair})")
### END HIDDEN TESTS

# %% [markdown]
# **Reduce on plateau.** Instead of a fixed plan, `keras.callbacks.ReduceLROnPlateau` (003's
# best-practice code uses it with `factor=0.5, patience=5, min_lr=1e-7`) watches a metric, by default
# `val_loss`, at the end of every epoch. If it has not improved by more than `min_delta` for `patience`
# epochs in a row, the rate is multiplied by `factor` (never below `min_lr`), the count restarts, and
# `cooldown` epochs pass before the next reduction can be considered. `dlkit.optim.plateau_learning_rates`
# replays that rule on a list of losses; the figure shows an invented validation curve that stalls twice,
# and the rate halving after every three epochs without improvement.

# %%
epochs = np.arange(1, 41)
val_loss = 0.3 + 0.7 * np.exp(-epochs / 5) + np.where(epochs > 15, 0.002 * (epochs - 15), 0.0)
val_loss = np.where(epochs > 28, val_loss - 0.05 * (1 - np.exp(-(epochs - 28) / 2)), val_loss)
lrs = ref_optim.plateau_learning_rates(val_loss, 0.01, factor=0.5, patience=3)
fig, (ax1, ax2) = plots.new_figure(ncols=2, figsize=(10, 3.6))
ax1.plot(epochs, val_loss)
plots.label(ax1, "epoch", "validation loss", "An invented validation curve")
ax2.step(epochs, lrs, where="post")
plots.label(ax2, "epoch", "learning rate", "ReduceLROnPlateau(factor=0.5, patience=3)")
fig

# %% [markdown]
# ## Gradient clipping
#
# When a gradient suddenly becomes huge (exploding gradients, chapter 05; a bad batch), one step can
# throw the weights far away. **Clipping by norm** (003, eq. 74) shortens the gradient to a maximum
# length and keeps its direction:
#
# $$g \leftarrow \min\!\Big(1, \frac{\text{threshold}}{\lVert g\rVert}\Big)\, g .$$
#
# A network has many gradient arrays, and there are three ways to apply the rule. `clip_by_global_norm`
# (TensorFlow's `tf.clip_by_global_norm`, Keras' `global_clipnorm=`) measures all of them as one long
# vector, $\lVert g\rVert = \sqrt{\sum_i \lVert g_i\rVert^2}$, and scales them all by the same factor, so
# the direction of the whole update is kept. Keras' `clipnorm=` clips each array by its own norm
# (`tf.clip_by_norm`), which changes the direction; `clipvalue=` clips every entry to
# $[-c, c]$. With $g = (3, 4)$ split into two arrays and a threshold of 1:

# %% tags=["nbval-check-output"]
g_two = [np.array([3.0]), np.array([4.0])]
clipped, norm = ref_optim.clip_by_global_norm(g_two, 1.0)
print(f"global norm {norm:.1f} -> global clipping {[round(float(c[0]), 2) for c in clipped]}")
print("per array (clipnorm):", [round(float(ref_optim.clip_by_norm(g, 1.0)[0]), 2) for g in g_two])
print("per entry (clipvalue):", [round(float(np.clip(g, -1.0, 1.0)[0]), 2) for g in g_two])

# Keras' global_clipnorm does the same inside the optimizer: one SGD step with lr = 1 from w = 0 is -clipped
w_keras = [keras.Variable(np.zeros(1), dtype="float64") for _ in g_two]
keras.optimizers.SGD(1.0, global_clipnorm=1.0).apply_gradients(zip(g_two, w_keras))
print("keras SGD(1.0, global_clipnorm=1.0) moves w to", [round(float(v.numpy()[0]), 2) for v in w_keras])

# %% [markdown]
# ### Exercise 8: `clip_by_global_norm` (2 points)
#
# Given a list of gradient arrays and `clip_norm`, return `(clipped, norm)`: the list of arrays, all
# scaled by $\min(1, \text{clip\_norm} / \text{norm})$, and the global norm **before** clipping (as
# `tf.clip_by_global_norm` does). Gradients already shorter than `clip_norm` are returned unchanged, and
# all-zero gradients must not cause a division by zero. Checked against `tf.clip_by_global_norm`.

# %% nbgrader="solution" grade_id="clip_by_global_norm"
def clip_by_global_norm(grads, clip_norm):
    """Scale all arrays by min(1, clip_norm / global norm); return (list of arrays, global norm)."""
    ### BEGIN SOLUTION
    norm = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    scale = min(1.0, clip_norm / norm) if norm > 0 else 1.0
    return [np.asarray(g, dtype=float) * scale for g in grads], norm
    ### END SOLUTION


# %% nbgrader="tests" grade_id="clip_by_global_norm_tests" points=2
g_t = [np.array([3.0, 0.0]), np.array([[4.0]])]                 # shapes (2,) and (1, 1): global norm 5
out_t = clip_by_global_norm(g_t, 1.0)
checks.check_type(out_t, tuple, name="clip_by_global_norm(grads, 1.0)",
                  hint="return a pair: (list of clipped arrays, global norm), as tf.clip_by_global_norm")
clipped_t, norm_t = out_t
checks.check_close(norm_t, 5.0, name="the global norm of [[3, 0], [[4]]]",
                   hint="one norm for all arrays together: sqrt(3**2 + 0**2 + 4**2) = 5, measured before clipping. "
                        "Adding the per-array norms (3 + 4 = 7) is not the global norm")
checks.check_shape(clipped_t[1], (1, 1), name="clipped[1]", hint="keep every array's shape")
checks.check_close(clipped_t[0], [0.6, 0.0], name="clipped[0] for clip_norm = 1",
                   hint="ONE scale for all arrays, min(1, 1 / 5) = 0.2: [0.6, 0] and [[0.8]]. [1, 0] and [[1]] come "
                        "from clipping each array by its own norm (per-tensor, Keras' clipnorm), which changes the "
                        "direction: use the global norm")
checks.check_close(clipped_t[1], [[0.8]], name="clipped[1] for clip_norm = 1", hint="the same scale 0.2 for every array")
clipped_big, _ = clip_by_global_norm(g_t, 10.0)
checks.check_close(clipped_big[0], [3.0, 0.0], name="clip_by_global_norm(grads, 10)[0]",
                   hint="the norm 5 is already below 10: scale by min(1, clip_norm / norm) = 1, never scale up")
try:
    with np.errstate(divide="raise", invalid="raise"):
        clipped_zero, norm_zero = clip_by_global_norm([np.zeros(3), np.zeros((2, 2))], 1.0)
except (FloatingPointError, ZeroDivisionError) as err:
    raise checks.CheckError(f"clip_by_global_norm of zero gradients divided by zero ({err})\n"
                            "Hint: a zero gradient has norm 0; leave it alone (scale 1) instead of dividing by the "
                            "norm") from None
checks.check_close(clipped_zero[1], np.zeros((2, 2)), name="clip_by_global_norm of zero gradients",
                   hint="a zero gradient has norm 0 and stays zero; avoid 0 / 0")
### BEGIN HIDDEN TESTS
import tensorflow as _tf
from dlkit.optim import clip_by_global_norm as _ref_clip

_rng = np.random.default_rng(608)
_gs = [_rng.normal(size=s) for s in [(3, 4), (5,), (2, 2, 3)]]
for _c in (0.7, 3.0, 100.0):
    _out, _n = clip_by_global_norm(_gs, _c)
    _want, _tf_n = _tf.clip_by_global_norm([_tf.constant(_g) for _g in _gs], _c)
    assert type(_out) is list and len(_out) == 3, "clip_by_global_norm must return a list with one array per gradient"
    checks.check_close(_n, float(_tf_n), name=f"global norm (clip_norm {_c}) vs tf")
    checks.check_close(_n, _ref_clip(_gs, _c)[1], name=f"global norm (clip_norm {_c}) vs dlkit")
    for _a, _b in zip(_out, _want):
        assert type(_a) is np.ndarray, f"each clipped gradient must be a numpy array, received {type(_a).__name__}"
        checks.check_close(_a, _b.numpy(), rtol=1e-6, name=f"clip_by_global_norm (clip_norm {_c}) vs tf")
### END HIDDEN TESTS

# %% [markdown]
# ## Optimizers on a real task: digits in Keras
#
# Finally the comparison of 003 on scikit-learn's 8x8 digits (1347 training and 450 validation images,
# standardised), with a smaller network (64 ReLU units) and 10 epochs to keep it quick on a CPU
# (`dlkit.env.sized` picks 30 where TensorFlow finds a GPU; it is the one place that decides): SGD and momentum
# at $\alpha = 0.01$, RMSprop and Adam at their default $\alpha = 0.001$, the same initial weights for all
# (one seed). The figure shows the validation accuracy per epoch: at these rates plain SGD learns much
# more slowly, while momentum, RMSprop and Adam pass 90 % within about six epochs.

# %%
from dlkit import data  # noqa: E402
from dlkit.env import sized  # noqa: E402
from dlkit.progress import keras_progress  # noqa: E402

X_train, X_val, y_train, y_val = data.digits_split()
candidates = {
    "SGD": lambda: keras.optimizers.SGD(0.01),
    "momentum 0.9": lambda: keras.optimizers.SGD(0.01, momentum=0.9),
    "RMSprop": lambda: keras.optimizers.RMSprop(0.001),
    "Adam": lambda: keras.optimizers.Adam(0.001),
}
epochs = sized(cpu=10, gpu=30)
curves = {}
for name, make in candidates.items():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=make(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X_train, y_train, epochs=epochs, batch_size=64, validation_data=(X_val, y_val),
                        verbose=0, callbacks=[keras_progress(epochs, desc=name)])
    curves[name] = history.history["val_accuracy"]

fig, ax = plots.new_figure(figsize=(6, 3.8))
for name, acc in curves.items():
    ax.plot(np.arange(1, epochs + 1), acc, marker="o", markersize=4, label=name)
ax.legend()
plots.label(ax, "epoch", "validation accuracy", "Digits, 64-unit MLP, batch 64")
fig

# %% [markdown]
# ## Summary
#
# * One interface: `step(params, grads)` updates arrays in place; each rule is an `update(w, g, state)`
#   with its memory in `state` (velocity $m$, sums $G$, averages $s$, $m$ and $v$) and the step count
#   $t$ = `iterations + 1`.
# * Momentum sums past gradients; the sum form (000, Keras) and the average form (003) differ by a factor
#   $1 - \beta$ that folds into the learning rate. Nesterov adds the fresh gradient once more.
# * Adagrad, RMSprop and Adam divide each weight's step by the root of its squared gradients (with
#   $\epsilon$ inside the root for Adagrad and RMSprop, outside for Adam); Adagrad's sum makes the rate
#   shrink, RMSprop's average forgets; Adam adds momentum and bias correction.
# * AdamW applies weight decay to the weights directly, not through the gradient.
# * Schedules lower the rate over time (exponential decay, or on a plateau of the validation loss);
#   clipping by global norm shortens a too-long update without turning it.
