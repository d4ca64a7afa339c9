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
from dlkit.exercises import ch06_optimizers as ex
from dlkit.models.optimizers import run_keras
from dlkit.nn import optim as ref_optim
from dlkit.nn.optim import Optimizer
from dlkit.viz import style as plots
from dlkit.viz import trajectories

rng = dlkit.setup_notebook(seed=0)

import keras  # noqa: E402  (the oracle of the references, and the training run at the end)

# %% [markdown]
# ## Gradient descent, and one interface for every rule
#
# Every optimizer starts from the same move, a step against the gradient (003, eq. 16 to 18):
#
# $$w \leftarrow w - \alpha \nabla_w L ,$$
#
# with the **learning rate** $\alpha$ (`learning_rate` in code). Batch, stochastic and mini-batch
# gradient descent differ only in which samples the gradient is averaged over (all of them, one, or a
# mini-batch of $m$); the update itself is the same, and so is the code below.
#
# In this course every rule is a small class built on `dlkit.nn.optim.Optimizer`. Its method
# `step(params, grads)` takes the course's parameter structure, a **dict of named arrays** such as
# `{"W1": ..., "b1": ...}` (chapter 05's `params`), and a dict of gradients with the same keys and
# shapes, and updates every array **in place** (a list of arrays with a list of gradients works too). A
# rule fills in two methods, which see one parameter at a time:
#
# | method | returns | used for |
# | --- | --- | --- |
# | `init_state(w)` | a dict of arrays for one parameter, e.g. `{"v": np.zeros_like(w)}` | memory between steps |
# | `update(w, g, state)` | the new value of `w` | the rule itself; it may replace or change arrays in `state` |
#
# `step` calls `init_state` once per parameter before the first step, keeps the dicts in `self.state`
# (one per key of `params`), and counts the steps already done in `self.iterations` (0 during the first
# step, as in Keras). Plain gradient descent needs no state:

# %%
class SGD(Optimizer):
    """w <- w - learning_rate * g   (keras.optimizers.SGD(learning_rate))."""

    def update(self, w, g, state):
        return w - self.learning_rate * g


params = {"W": np.array([[1.0, -2.0]]), "b": np.array([0.5])}   # the course's params dict: W (1, 2), b (1,)
grads = {"W": np.array([[0.5, 1.0]]), "b": np.array([-1.0])}     # the same keys and shapes
SGD(learning_rate=0.1).step(params, grads)
print(params)

# %% [markdown]
# The same ten steps with Keras: `run_keras` (from `dlkit.models.optimizers`) copies the start values
# into float64 Keras variables and calls `optimizer.apply_gradients` once per step;
# `ref_optim.run_steps` does the same with one of our optimizers. `ref_optim.random_problem` draws the
# start values and ten gradient dicts (entries of random sign and size 0.2 to 2).

# %% tags=["nbval-check-output"]
p0_demo, g_demo = ref_optim.random_problem(seed=0, shapes={"W1": (4, 3), "b1": (3,), "W2": (2, 2, 2)})
ours = ref_optim.run_steps(SGD(0.1), p0_demo, g_demo)
theirs = run_keras(keras.optimizers.SGD(0.1), p0_demo, g_demo)
print("shapes:", {k: p.shape for k, p in p0_demo.items()}, " steps:", len(g_demo))
print("SGD agrees with keras.optimizers.SGD to 1e-6:",
      all(np.allclose(ours[k], theirs[k], rtol=1e-6, atol=1e-6) for k in ours))

# %% [markdown]
# **How the optimizer exercises are checked.** Your classes are run, not read. Each check creates your
# class with the hyper-parameters it shows, for example `Momentum(learning_rate=0.1, momentum=0.5)`,
# calls `step(params, grads)` a few times on a params dict (a few hand-computed steps on one parameter
# `"w"`, then ten steps on random gradients for three parameters `"W1"` (4, 3), `"b1"` (3,) and `"W2"`
# (2, 2, 2)), and compares the parameters after **every** step with dlkit's reference, to $10^{-6}$
# relative and absolute. The references follow `keras.optimizers` (the table after exercise 6 shows all
# seven agree with Keras to $10^{-6}$). `ref_optim.run_trajectory(opt, params0, grads)` records such a
# path; the hidden checks do the same with other hyper-parameters and shapes. So `update` must return
# the new `w`, an array shaped like `w`; how you compute it (new arrays, or changing `w` and the arrays
# of `state` in place) is up to you.
#
# **Why plain SGD struggles.** On the ill-conditioned bowl $f(x, y) = \tfrac12(x^2 + 20y^2)$ the
# gradient $(x, 20y)$ is twenty times steeper across the valley than along it. One SGD step multiplies
# $y$ by $1 - 20\alpha$ and $x$ by $1 - \alpha$: the rate must stay below $\alpha = 2/20 = 0.1$ or $y$
# blows up, and then $x$ shrinks by at most 10 % per step. At $\alpha = 0.05$ the steep direction is
# solved in one step ($1 - 20 \cdot 0.05 = 0$) and nothing zig-zags; at $\alpha = 0.09$, close to the
# limit, $y$ is multiplied by $-0.8$ every step, so SGD **zig-zags** across the valley while it crawls
# along it ($x$ shrinks by 9 % per step). Momentum (next section) at the same rate, with
# $\beta = 0.5$, cancels the zig-zag and keeps the progress along the valley. The numbers, measured from
# the start $(-4, 1)$ with dlkit's reference optimizers:

# %% tags=["nbval-check-output"]
bowl_runs = {
    "SGD": trajectories.trajectory_state("bowl", "sgd", learning_rate=0.09, steps=300),
    "momentum, β = 0.5": trajectories.trajectory_state("bowl", "momentum", learning_rate=0.09, steps=300, momentum=0.5),
    "momentum, β = 0.9": trajectories.trajectory_state("bowl", "momentum", learning_rate=0.09, steps=300, momentum=0.9),
}
print("SGD's first values of y:", np.round(bowl_runs["SGD"]["path"][:6, 1], 3), "(the sign flips every step)")
for name, run in bowl_runs.items():
    print(f"{name:18s} distance to the minimum after 40 steps {run['distances'][40]:.1e};  "
          f"steps to come within 1e-3: {trajectories.steps_to_reach(run, 1e-3)}")

# %% [markdown]
# Momentum with $\beta = 0.5$ needs about a third of SGD's steps. More momentum is not always better:
# with $\beta = 0.9$ the velocity overshoots and spirals around the minimum, and on this small bowl it
# is even slower than SGD (it wins on longer, flatter valleys, such as Rosenbrock's below). The figure
# shows SGD's zig-zag and momentum's path at $\alpha = 0.09$, $\beta = 0.5$ (left), and the loss per
# step on a log scale (right): momentum's loss falls far faster.

# %%
trajectories.trajectory_figure("bowl", ("sgd", "momentum"), learning_rate=0.09, steps=60, momentum=0.5)

# %% [markdown]
# ## Momentum, in three written forms
#
# Momentum keeps a **velocity** $v$, a running sum of past gradients, and steps along it: components that
# keep their sign add up, components that flip sign (the zig-zag) cancel. The sources and Keras write it
# in three ways:
#
# | form | velocity | step | where |
# | --- | --- | --- | --- |
# | sum | $v_t = \beta v_{t-1} + \alpha \nabla L$ | $w \leftarrow w - v_t$ | source 000 |
# | average | $v_t = \beta v_{t-1} + (1-\beta)\nabla L$ | $w \leftarrow w - \alpha v_t$ | source 003, eq. 19 and 20 |
# | Keras | $v_t = \beta v_{t-1} - \alpha g$ | $w \leftarrow w + v_t$ | `keras/src/optimizers/sgd.py` |
#
# Keras' form is the "sum" form with the sign folded into the velocity (Keras' $v$ is minus 000's $v$):
# the same steps exactly. The "average" form keeps an exponential moving *average* of the gradients, so
# its velocity is $1-\beta$ times smaller: **the two written forms differ by a factor $1 - \beta$ that
# folds into the learning rate**. The average form with rate $\alpha$ takes the steps of the sum form
# with rate $\alpha(1-\beta)$, ten times smaller for $\beta = 0.9$. Neither source is wrong, but a
# learning rate tuned for one form is wrong by that factor for the other (Keras' `SGD(momentum=0.9)` is
# the sum form).
#
# With a constant gradient the steps of the sum form grow towards $\alpha/(1-\beta)$, ten times the
# SGD step for $\beta = 0.9$; those of the average form grow towards $\alpha$:

# %% tags=["nbval-check-output"]
beta, learning_rate = 0.9, 0.1
for form in ("keras", "velocity", "ema"):
    opt, w = ref_optim.Momentum(learning_rate, beta, form=form), {"w": np.zeros(1)}
    positions = []
    for _ in range(50):
        opt.step(w, {"w": np.ones(1)})                          # constant gradient g = 1
        positions.append(w["w"][0])
    steps = -np.diff([0.0] + positions)
    print(f"{form:9s} first steps {np.round(steps[:3], 4)}  step 50: {steps[-1]:.4f}")
print(f"limits: sum form learning_rate / (1 - beta) = {learning_rate / (1 - beta):.1f}, "
      f"average form learning_rate = {learning_rate:.1f}")

# %%
p_avg = ref_optim.run_steps(ref_optim.Momentum(0.05, 0.9, form="ema"), p0_demo, g_demo)
p_sum = ref_optim.run_steps(ref_optim.Momentum(0.05 * (1 - 0.9), 0.9, form="keras"), p0_demo, g_demo)
print("average form at learning rate 0.05 == Keras form at learning rate 0.005:",
      all(np.allclose(p_avg[k], p_sum[k], rtol=1e-12) for k in p_avg))

# %% [markdown]
# ### Exercise 1: `Momentum.update` (2 points)
#
# Write the sum form: $v \leftarrow \beta v - \alpha g$, then return $w + v$ (Keras' signs). The
# velocity of each parameter lives in `state["v"]` (zeros before the first step, made by `init_state`);
# store the new one there, so that the next step sees it. 000's signs, $v \leftarrow \beta v + \alpha g$
# and return $w - v$, take exactly the same steps and pass too; 003's average form does not (its steps
# are $1 - \beta$ times smaller). The checks (see "How the optimizer exercises are checked" above) run
# three hand-computed steps with `Momentum(learning_rate=0.1, momentum=0.5)`, then ten random steps
# with `Momentum(learning_rate=0.05, momentum=0.9)`, against the reference that matches
# `keras.optimizers.SGD(learning_rate, momentum=...)`.
#
# *Stuck? `ex.momentum.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="momentum"
class Momentum(Optimizer):
    """v <- momentum * v - learning_rate * g;  w <- w + v   (keras.optimizers.SGD(learning_rate, momentum))."""

    def __init__(self, learning_rate=0.01, momentum=0.9):
        super().__init__(learning_rate)
        self.momentum = momentum

    def init_state(self, w):
        return {"v": np.zeros_like(w)}

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        state["v"] = self.momentum * state["v"] - self.learning_rate * g
        return w + state["v"]
        ### END SOLUTION


# %% nbgrader="tests" grade_id="momentum_tests" points=2
ex.momentum.check(Momentum)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=601, shapes=((5, 2), (7,), (1, 3, 2)), learning_rate=0.02, momentum=0.8),
          dict(seed=601, shapes=((5, 2), (7,), (1, 3, 2)), learning_rate=0.3, momentum=0.5)]
### END HIDDEN TESTS

# %% [markdown]
# Your `Momentum` on the bowl, at the setting of the motivation ($\alpha = 0.09$, $\beta = 0.5$): it
# should need the same 27 steps to come within $10^{-3}$ of the minimum. (Until your class passes its
# checks, the cell runs dlkit's reference and says so.)

# %% tags=["nbval-check-output"]
MyMomentum = ex.momentum.use(Momentum, ref_optim.Momentum)
mine = trajectories.trajectory_state("bowl", MyMomentum, learning_rate=0.09, steps=300, momentum=0.5)
print(f"momentum, β = 0.5: within 1e-3 after {trajectories.steps_to_reach(mine, 1e-3)} steps "
      f"(SGD: {trajectories.steps_to_reach(bowl_runs['SGD'], 1e-3)})")

# %% [markdown]
# ## Nesterov momentum: look before you leap
#
# Nesterov's accelerated gradient (000) evaluates the gradient not at $w$ but where momentum is about to
# carry it, the **look-ahead** point $w - \beta v$ (000's signs):
#
# $$v_t = \beta v_{t-1} + \alpha \nabla L(w - \beta v_{t-1}), \qquad w \leftarrow w - v_t .$$
#
# If the velocity is about to overshoot, the look-ahead gradient already points back and brakes. An
# optimizer that is handed one gradient per step cannot evaluate $L$ elsewhere, so Keras stores the
# look-ahead point itself as the parameter; the gradient it is given *is* the look-ahead gradient.
# Rewritten for that stored point (with Keras' sign of $v$, as before), the rule becomes
#
# $$v \leftarrow \beta v - \alpha g, \qquad w \leftarrow w + \beta v - \alpha g ,$$
#
# with the *new* $v$ (`keras/src/optimizers/sgd.py`, `nesterov=True`): the step is the momentum step
# $v$ corrected by the fresh gradient once more.

# %% [markdown]
# ### Exercise 2: `Nesterov.update` (2 points)
#
# Update `state["v"]` as in exercise 1, then return $w + \beta v - \alpha g$ with the new $v$ (000's
# signs, with $v$ of the opposite sign, pass too). Checked like exercise 1: three hand-computed steps
# with `Nesterov(learning_rate=0.1, momentum=0.5)`, then ten random steps, against the reference that
# matches `keras.optimizers.SGD(learning_rate, momentum=..., nesterov=True)`.
#
# *Stuck? `ex.nesterov.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="nesterov"
class Nesterov(Optimizer):
    """v <- momentum * v - learning_rate * g;  w <- w + momentum * v - learning_rate * g   (nesterov=True)."""

    def __init__(self, learning_rate=0.01, momentum=0.9):
        super().__init__(learning_rate)
        self.momentum = momentum

    def init_state(self, w):
        return {"v": np.zeros_like(w)}

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        state["v"] = self.momentum * state["v"] - self.learning_rate * g
        return w + self.momentum * state["v"] - self.learning_rate * g
        ### END SOLUTION


# %% nbgrader="tests" grade_id="nesterov_tests" points=2
ex.nesterov.check(Nesterov)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=602, shapes=((3, 3), (4,)), learning_rate=0.02, momentum=0.8),
          dict(seed=602, shapes=((3, 3), (4,)), learning_rate=0.2, momentum=0.95)]
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
# average that forgets; the figure shows the effective rate of both under a constant gradient $g = 1$:
# Adagrad's falls steadily, RMSprop's levels off.

# %%
fig, ax = plots.new_figure(figsize=(6, 3.6))
for name, opt in [("Adagrad", ref_optim.Adagrad(0.1)), ("RMSprop, ρ = 0.9", ref_optim.RMSprop(0.1))]:
    w, rates = {"w": np.zeros(1)}, []
    for _ in range(200):
        before = w["w"][0]
        opt.step(w, {"w": np.ones(1)})
        rates.append(before - w["w"][0])                        # step / g = effective learning rate
    ax.plot(np.arange(1, 201), rates, label=name)
ax.set_yscale("log")
ax.legend()
plots.label(ax, "step t", "effective learning rate (step / g)", "Same gradient every step, α = 0.1")
fig

# %% [markdown]
# ### Exercise 3: `Adagrad.update` (1 point)
#
# Add $g^2$ to `state["G"]` (it starts at `initial_accumulator_value`) and return
# $w - \alpha g / \sqrt{G + \epsilon}$, with $\epsilon$ **inside** the root. Checked like exercise 1
# against the reference that matches `keras.optimizers.Adagrad`; the hand-computed check uses
# $\epsilon = 1$, where its place matters.
#
# *Stuck? `ex.adagrad.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="adagrad"
class Adagrad(Optimizer):
    """G <- G + g^2;  w <- w - learning_rate * g / sqrt(G + eps)   (keras.optimizers.Adagrad)."""

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
ex.adagrad.check(Adagrad)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=603, shapes=((2, 5), (3,)), learning_rate=0.05),
          dict(seed=603, shapes=((2, 5), (3,)), learning_rate=0.5, initial_accumulator_value=0.5, epsilon=1e-3)]
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
# Update `state["s"]` and return the new $w$, $\epsilon$ inside the root. Checked like exercise 1
# against the reference that matches `keras.optimizers.RMSprop`.
#
# *Stuck? `ex.rmsprop.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="rmsprop"
class RMSprop(Optimizer):
    """s <- rho s + (1 - rho) g^2;  w <- w - learning_rate * g / sqrt(s + eps)   (keras.optimizers.RMSprop)."""

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
ex.rmsprop.check(RMSprop)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=604, shapes=((4, 4), (2,)), learning_rate=0.003),
          dict(seed=604, shapes=((4, 4), (2,)), learning_rate=0.05, rho=0.5, epsilon=1e-2)]
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
# Keras' default is $\epsilon = 10^{-7}$ where 003 quotes $10^{-8}$. dlkit's reference uses Keras'
# arrangement; for gradients far from zero (the checks' random gradients have sizes 0.2 to 2) the two
# agree to better than $10^{-6}$, so either form passes the exercise. The step counter is
# `self.iterations + 1`, as Keras' `local_step`. (One more Keras detail: it turns $\beta_1$, $\beta_2$
# and $\alpha$ into float32 numbers before using them, so Keras itself is off exact float64 arithmetic
# by about $10^{-7}$ of a step; the checks compare with dlkit's float64 reference, which has no such
# error.)

# %% [markdown]
# ### Exercise 5: `Adam.update` (3 points)
#
# Update `state["m"]` and `state["v"]`, bias-correct with $t$ = `self.iterations + 1`, and return the new
# $w$ with $\epsilon$ **outside** the root. Checked like exercise 1 against the reference that matches
# `keras.optimizers.Adam`: first two hand-computed steps with $\beta_2 = 0$ and a large $\epsilon$,
# where the textbook and Keras arrangements coincide and every detail shows, then ten random steps. A
# division by zero is reported as an error (the checks turn numpy's division warnings into errors).
#
# *Stuck? `ex.adam.hint()` gives a hint; call it again for more.*

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
ex.adam.check(Adam)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=605, shapes=((3, 2), (5,), (2, 2, 2)), learning_rate=0.001),
          dict(seed=605, shapes=((3, 2), (5,), (2, 2, 2)), learning_rate=0.02, beta_1=0.875, beta_2=0.9921875)]
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
    l2, opt_l2 = {"w": np.array([1.0])}, ref_optim.Adam(0.01)
    dec, opt_dec = {"w": np.array([1.0])}, ref_optim.AdamW(0.01, weight_decay=lam)
    for _ in range(50):
        opt_l2.step(l2, {"w": lam * l2["w"]})                   # L2: lambda * w added to a zero gradient
        opt_dec.step(dec, {"w": np.zeros(1)})                   # AdamW: the decay is outside the gradient
    print(f"lambda = {lam}:  Adam + L2 -> w = {l2['w'][0]:.4f}   AdamW -> w = {dec['w'][0]:.6f}")

# %% [markdown]
# ### Exercise 6: `AdamW.update` (2 points)
#
# `AdamW` below builds on dlkit's reference `Adam` (so that a slip in your exercise 5 does not cost
# points twice): `super().update(w, g, state)` returns $w$ after one Adam step. Apply the decay
# $w \leftarrow w - \alpha\lambda w$ (with `self.learning_rate` and `self.weight_decay`) to the current
# weights, then the Adam step, and return the result. Checked like exercise 1 (one hand-computed step,
# then ten random steps) against the reference that matches `keras.optimizers.AdamW`.
#
# *Stuck? `ex.adamw.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="adamw"
class AdamW(ref_optim.Adam):
    """Decoupled weight decay: w <- w - learning_rate * weight_decay * w, then the Adam step (keras AdamW)."""

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, beta_1, beta_2, epsilon)
        self.weight_decay = weight_decay

    def update(self, w, g, state):
        ### BEGIN SOLUTION
        decayed = w - self.learning_rate * self.weight_decay * w
        return super().update(decayed, g, state)
        ### END SOLUTION


# %% nbgrader="tests" grade_id="adamw_tests" points=2
ex.adamw.check(AdamW)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=606, shapes=((4, 2), (3,)), learning_rate=0.001),
          dict(seed=606, shapes=((4, 2), (3,)), learning_rate=0.02, weight_decay=0.25, beta_1=0.875, beta_2=0.9921875)]
### END HIDDEN TESTS

# %% [markdown]
# ## Which is which: the sources and Keras side by side
#
# | rule | sources | Keras (`keras/src/optimizers/`) | Keras defaults |
# | --- | --- | --- | --- |
# | SGD | $w \leftarrow w - \alpha g$ (003 eq. 16 to 18) | the same (`sgd.py`) | $\alpha = 0.01$ |
# | momentum | 000: $v = \beta v + \alpha g$, step $-v$; 003: $v = \beta v + (1-\beta) g$, step $-\alpha v$ | $v = \beta v - \alpha g$, $w \leftarrow w + v$ (000's form) | `momentum=0.0` (off) |
# | Nesterov | 000: gradient at $w - \beta v$ | $w \leftarrow w + \beta v - \alpha g$ at the stored look-ahead point | `nesterov=False` |
# | Adagrad | 000: $\epsilon$ inside the root | the same; $G$ starts at 0.1 | $\alpha = 0.001$, $\epsilon = 10^{-7}$ |
# | RMSprop | 003 eq. 21, 22: $\epsilon$ inside the root | the same, decay called `rho` | $\alpha = 0.001$, $\rho = 0.9$, $\epsilon = 10^{-7}$ |
# | Adam | 003 eq. 23 to 26: $\epsilon$ outside, $10^{-8}$ | corrections folded into $\alpha_t$ | $\alpha = 0.001$, $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-7}$ |
# | AdamW | 000: $-\alpha(\text{Adam}) - \alpha\lambda w$ | decay $w \leftarrow w - \alpha\lambda w$ first, then Adam | $\lambda = 0.004$ |
#
# Every Keras optimizer also takes `weight_decay=` (decoupled, as in AdamW), and the clipping options
# `clipnorm`, `global_clipnorm` and `clipvalue` (see the end of the chapter).
#
# The references in `dlkit.nn.optim` follow the Keras column; ten steps of each on the same random
# problem:

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
    theirs = run_keras(keras_opt, p0_demo, g_demo)
    same = all(np.allclose(ours[k], theirs[k], rtol=1e-6, atol=1e-6) for k in ours)
    print(f"{name:9s} agrees with Keras to 1e-6 after ten steps: {same}")

# %% [markdown]
# ## Trajectories on three surfaces
#
# The optimizers you wrote, on three classic test surfaces, each from a fixed start: the
# **ill-conditioned bowl** from above; **Rosenbrock's** curved valley $f = (1-x)^2 + 100(y-x^2)^2$,
# minimum at $(1, 1)$; and a **saddle** $f = x^2 - y^2 + y^4/4$ with a saddle point at the origin and
# minima at $(0, \pm\sqrt 2)$, started almost exactly on the ridge ($y = 0.01$). The cell picks your
# classes where they pass their checks (and dlkit's otherwise, saying so); SGD is the chapter's own.

# %% tags=["nbval-check-output"]
mine = {
    "momentum": ex.momentum.use(Momentum, ref_optim.Momentum),
    "nesterov": ex.nesterov.use(Nesterov, ref_optim.Nesterov),
    "adagrad": ex.adagrad.use(Adagrad, ref_optim.Adagrad),
    "rmsprop": ex.rmsprop.use(RMSprop, ref_optim.RMSprop),
    "adam": ex.adam.use(Adam, ref_optim.Adam),
    "adamw": ex.adamw.use(AdamW, ref_optim.AdamW),
}
racers = (SGD, mine["momentum"], mine["rmsprop"], mine["adam"])


def race(surface, learning_rate, steps, momentum=None, tol=1e-3):
    """Print, for each racer, its distance to the minimum at the end and the steps it needed to come within tol."""
    for cls in racers:
        run = trajectories.trajectory_state(surface, cls, learning_rate, steps, momentum=momentum)
        reach = trajectories.steps_to_reach(run, tol)
        print(f"  {run['optimizer']:8s} distance after {steps} steps {run['distance']:.1e};  steps to come within "
              f"{tol:g}: {reach if reach is not None else f'more than {steps}'}")


print("bowl, learning rate 0.09, momentum β = 0.5:")
race("bowl", 0.09, 150, momentum=0.5)

# %% [markdown]
# On the bowl at $\alpha = 0.09$, momentum ($\beta = 0.5$) is at the minimum first; SGD zig-zags and
# gets there about three times later; Adam and RMSprop move diagonally at first (each coordinate at its
# own speed of about $\alpha$, whatever its gradient) and pass close to the minimum after about 70
# steps without staying there: RMSprop's steps stay about $\alpha$ long, so it keeps bouncing a few
# hundredths away, while Adam's momentum slowly damps its overshoots.

# %%
trajectories.trajectory_figure("bowl", racers, learning_rate=0.09, steps=150, momentum=0.5)

# %% [markdown]
# On Rosenbrock's valley, at a rate small enough for SGD to stay stable (0.002), only momentum (at
# Keras' usual $\beta = 0.9$) gets far along the curved floor in 150 steps; the adaptive methods,
# limited to steps of about $\alpha$, crawl, and SGD stalls where the floor is flat.

# %% tags=["nbval-check-output"]
print("rosenbrock, learning rate 0.002, momentum β = 0.9:")
race("rosenbrock", 0.002, 150)

# %%
trajectories.trajectory_figure("rosenbrock", racers, learning_rate=0.002, steps=150)

# %% [markdown]
# On the saddle every method ends in one of the two minima; SGD lingers near the saddle point before it
# slides off, and RMSprop keeps bouncing around the minimum it reaches, since its steps do not shrink
# as the gradient does.

# %%
trajectories.trajectory_figure("saddle", racers, learning_rate=0.05, steps=150)

# %% [markdown]
# **Explore.** Pick a surface, an optimizer, a learning rate and, for momentum and Nesterov, the
# momentum $\beta$ (plain SGD is drawn too, for reference; the line above the figure gives the steps each
# needed to come within $10^{-3}$ of the minimum). The explorer runs your classes where they pass. Things
# to try: on the bowl, raise SGD's rate past 0.1 and watch it diverge; at $\alpha = 0.09$ move $\beta$
# from 0 (plain SGD) through 0.5 (fastest here) to 0.9 (overshooting spirals); find the largest rate at
# which momentum still converges; on Rosenbrock, give Adam a rate of 0.05 to 0.1; on the saddle,
# compare how long each method lingers near the origin.

# %%
trajectories.trajectory_explorer(surface="bowl", optimizer="momentum", learning_rate=0.09, momentum=0.5,
                                 steps=100, classes=mine)

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
# Return $\alpha_0 \cdot \text{decay\_rate}^{t/\text{decay\_steps}}$ for an int `step` $t$, as one number
# (a Python float; a numpy float works too); with `staircase=True`, round the exponent down. Checked on
# the four values of the cell above, then on other steps and schedules, against dlkit's reference, which
# agrees with `keras.optimizers.schedules.ExponentialDecay` (relative $10^{-6}$).
#
# *Stuck? `ex.exponential_decay.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="exponential_decay"
def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """eta_t = eta_0 * decay_rate ** (step / decay_steps); the exponent floored if staircase (003 eq. 73)."""
    ### BEGIN SOLUTION
    exponent = step / decay_steps
    if staircase:
        exponent = np.floor(exponent)
    return float(initial_learning_rate * decay_rate ** exponent)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="exponential_decay_tests" points=1
ex.exponential_decay.check(exponential_decay)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=607, staircase=False), dict(seed=607, staircase=True), dict(seed=617, staircase=False),
          dict(seed=617, staircase=True), dict(seed=627, staircase=False), dict(seed=627, staircase=True)]
### END HIDDEN TESTS

# %% [markdown]
# Your schedule over 100 steps ($\alpha_0 = 0.1$, halving every 10 steps), on a log scale: the smooth
# decay is a straight line, the staircase drops once every 10 steps and meets it there.

# %%
decay = ex.exponential_decay.use(exponential_decay, ref_optim.exponential_decay)
t_axis = np.arange(101)
fig, ax = plots.new_figure(figsize=(6, 3.4))
for staircase in (False, True):
    ax.plot(t_axis, [decay(int(t), 0.1, 10, 0.5, staircase=staircase) for t in t_axis],
            label="staircase" if staircase else "smooth", drawstyle="steps-post" if staircase else "default")
ax.set_yscale("log")
ax.legend()
plots.label(ax, "step t", "learning rate", "exponential_decay(t, 0.1, 10, 0.5)")
fig

# %% [markdown]
# **Reduce on plateau.** Instead of a fixed plan, `keras.callbacks.ReduceLROnPlateau` (003's
# best-practice code uses it with `factor=0.5, patience=5, min_lr=1e-7`) watches a metric, by default
# `val_loss`, at the end of every epoch. If it has not improved by more than `min_delta` for `patience`
# epochs in a row, the rate is multiplied by `factor` (never below `min_lr`), the count restarts, and
# `cooldown` epochs pass before the next reduction can be considered. `ref_optim.plateau_learning_rates`
# replays that rule on a list of losses; the figure shows an invented validation curve that stalls twice,
# and the rate halving after every three epochs without improvement.

# %%
epochs = np.arange(1, 41)
val_loss = 0.3 + 0.7 * np.exp(-epochs / 5) + np.where(epochs > 15, 0.002 * (epochs - 15), 0.0)
val_loss = np.where(epochs > 28, val_loss - 0.05 * (1 - np.exp(-(epochs - 28) / 2)), val_loss)
rates = ref_optim.plateau_learning_rates(val_loss, 0.01, factor=0.5, patience=3)
fig, (ax1, ax2) = plots.new_figure(ncols=2, figsize=(10, 3.6))
ax1.plot(epochs, val_loss)
plots.label(ax1, "epoch", "validation loss", "An invented validation curve")
ax2.step(epochs, rates, where="post")
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

# Keras' global_clipnorm does the same inside the optimizer: one SGD step with rate 1 from w = 0 is -clipped
w_keras = [keras.Variable(np.zeros(1), dtype="float64") for _ in g_two]
keras.optimizers.SGD(1.0, global_clipnorm=1.0).apply_gradients(zip(g_two, w_keras))
print("keras SGD(1.0, global_clipnorm=1.0) moves w to", [round(float(v.numpy()[0]), 2) for v in w_keras])

# %% [markdown]
# ### Exercise 8: `clip_by_global_norm` (2 points)
#
# Given a list of gradient arrays and `clip_norm`, return a pair `(clipped, norm)`, as
# `tf.clip_by_global_norm` does:
#
# * `clipped`: a **list** of numpy arrays (a tuple is fine too), one per gradient, in the same order and
#   of the same shapes, all scaled by $\min(1, \text{clip\_norm} / \text{norm})$;
# * `norm`: the global norm **before** clipping, one number (a Python float, a numpy float or a 0-d
#   array).
#
# Gradients already shorter than `clip_norm` come back unchanged (never scaled up), and all-zero
# gradients must not cause a division by zero: the checks turn numpy's division warnings into errors.
# The visible checks test each of these on two arrays of shapes (2,) and (1, 1); the hidden checks use
# three random arrays and other thresholds, against dlkit's reference (which agrees with
# `tf.clip_by_global_norm`).
#
# *Stuck? `ex.clip_by_global_norm.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="clip_by_global_norm"
def clip_by_global_norm(grads, clip_norm):
    """Scale all arrays by min(1, clip_norm / global norm); return (list of clipped arrays, global norm)."""
    ### BEGIN SOLUTION
    norm = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    scale = min(1.0, clip_norm / norm) if norm > 0 else 1.0
    return [np.asarray(g, dtype=float) * scale for g in grads], norm
    ### END SOLUTION


# %% nbgrader="tests" grade_id="clip_by_global_norm_tests" points=2
ex.clip_by_global_norm.check(clip_by_global_norm)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=608, clip_norm=0.7), dict(seed=608, clip_norm=3.0), dict(seed=608, clip_norm=100.0)]
### END HIDDEN TESTS

# %% [markdown]
# Your clipping on a gradient spike of global norm 130, split over a weight matrix and a bias: the
# clipped update has length 1 and points exactly the same way (cosine 1 between the flattened
# gradients before and after).

# %% tags=["nbval-check-output"]
clip = ex.clip_by_global_norm.use(clip_by_global_norm, ref_optim.clip_by_global_norm)
spike = [np.array([[30.0, -40.0]]), np.array([120.0])]          # dW (1, 2), db (1,): norm sqrt(900 + 1600 + 14400)
spike_clipped, spike_norm = clip(spike, 1.0)
before = np.concatenate([g.ravel() for g in spike])
after = np.concatenate([np.ravel(g) for g in spike_clipped])
print(f"norm before {float(spike_norm):.1f}, after {np.linalg.norm(after):.3f}; "
      f"cosine {before @ after / (np.linalg.norm(before) * np.linalg.norm(after)):.6f}")

# %% [markdown]
# ## Optimizers on a real task: digits in Keras
#
# Finally the comparison of 003 on scikit-learn's 8x8 digits, split as in chapter 05 by
# `dlkit.data.digits.digits_splits(seed=0)`: 1077 training, 360 validation and 360 test images,
# standardised with the training statistics. Every model is **fitted on the training part only**; every
# number and curve below is measured on the **validation part**, the data on which a choice such as
# "which optimizer, at which rate" is made. The test part is not used in this chapter: it is kept for
# the one final report of a chosen model. A smaller network than 003's (64 ReLU units) and 10 epochs keep
# it quick on a CPU (`dlkit.env.sized` picks 30 where TensorFlow finds a GPU; it is the one place that
# decides): SGD and momentum at $\alpha = 0.01$, RMSprop and Adam at their default $\alpha = 0.001$, the
# same initial weights and the same mini-batches for all (`dlkit.models.optimizers.validation_curves`
# seeds each model with one seed, so the optimizer is the only difference).

# %%
from dlkit.data.digits import digits_splits  # noqa: E402
from dlkit.env import sized  # noqa: E402
from dlkit.models.optimizers import validation_curves  # noqa: E402

digits = digits_splits(seed=0)
print(f"train {len(digits.y_train)} / validation {len(digits.y_val)} / test {len(digits.y_test)} images "
      "(the test part stays unused here)")
candidates = {
    "SGD": lambda: keras.optimizers.SGD(0.01),
    "momentum 0.9": lambda: keras.optimizers.SGD(0.01, momentum=0.9),
    "RMSprop": lambda: keras.optimizers.RMSprop(0.001),
    "Adam": lambda: keras.optimizers.Adam(0.001),
}
epochs = sized(cpu=10, gpu=30)
curves = validation_curves(candidates, digits.X_train, digits.y_train, digits.X_val, digits.y_val,
                           epochs=epochs, batch_size=64, units=64, seed=0)
for name, c in curves.items():
    acc = np.array(c["val_accuracy"])
    first = int(np.argmax(acc >= 0.9)) + 1 if acc.max() >= 0.9 else None
    print(f"{name:13s} validation accuracy after {epochs} epochs {acc[-1]:.3f}, validation loss {c['val_loss'][-1]:.3f}; "
          f"first epoch at 90 %: {first if first is not None else 'not reached'}")

# %% [markdown]
# The figure shows the validation accuracy per epoch (360 validation images; none of them was used for
# fitting): at these rates plain SGD learns much more slowly, while momentum, RMSprop and Adam pass
# 90 % within the first ten epochs, momentum first. On these numbers, momentum at $\alpha = 0.01$ would
# be the choice; a fair choice would also try a few learning rates per optimizer, on the same validation
# data, and only then measure the chosen one once on the test part.

# %%
fig, ax = plots.new_figure(figsize=(6, 3.8))
for name, c in curves.items():
    ax.plot(np.arange(1, epochs + 1), c["val_accuracy"], marker="o", markersize=4, label=name)
ax.legend()
plots.label(ax, "epoch", "validation accuracy", "Digits (fit: 1077 training images), 64-unit MLP, batch 64")
fig

# %% [markdown]
# ## Summary
#
# * One interface: `step(params, grads)` updates the arrays of a params dict in place; each rule is an
#   `update(w, g, state)` with its memory in `state` (velocity $v$, sums $G$, averages $s$, $m$ and $v$)
#   and the step count $t$ = `iterations + 1`.
# * Momentum sums past gradients; the sum form (000, Keras, either sign of $v$) and the average form
#   (003) differ by a factor $1 - \beta$ that folds into the learning rate. On an ill-conditioned bowl,
#   SGD near its largest stable rate zig-zags (88 steps to $10^{-3}$ at $\alpha = 0.09$), momentum with
#   $\beta = 0.5$ cancels the zig-zag (27 steps); too much momentum overshoots. Nesterov adds the fresh
#   gradient once more.
# * Adagrad, RMSprop and Adam divide each weight's step by the root of its squared gradients (with
#   $\epsilon$ inside the root for Adagrad and RMSprop, outside for Adam); Adagrad's sum makes the rate
#   shrink, RMSprop's average forgets; Adam adds momentum and bias correction.
# * AdamW applies weight decay to the weights directly, not through the gradient.
# * Schedules lower the rate over time (exponential decay, or on a plateau of the validation loss);
#   clipping by global norm shortens a too-long update without turning it.
# * Optimizers are compared, and chosen, on validation data; the test set waits for the final model.
