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
# # 04 · Gradient descent
#
# Chapter 03 ended with a loss: one number that says how wrong a network is. Training means changing the
# weights so that this number goes down, and almost every network is trained the same way: measure the
# **slope** of the loss with respect to each weight, and take a small step downhill. That is **gradient
# descent**. This chapter shows it on the smallest possible model, one weight and five points, where every
# step can be followed by hand; then it moves to many weights and many samples, where the data is fed in
# **mini-batches**, and names the words that come with it: epoch, iteration, batch size.
#
# **You will write:** `cost`, `gradient`, `gradient_descent`, `iterations_per_epoch` and `minibatch_sgd`
# (mini-batch gradient descent for linear regression, checked against the closed-form least-squares
# answer). Each exercise says how it is checked; `ex.<name>.hint()` gives a hint when you are stuck.

# %%
import numpy as np

import dlkit
from dlkit.data import synthetic
from dlkit.exercises import ch04_gradient_descent as ex
from dlkit.nn import linear
from dlkit.viz import descent
from dlkit.viz import style as plots

rng = dlkit.setup_notebook(seed=0)

# %% [markdown]
# ## A model with one weight, and its cost
#
# The source notes (002) start from the simplest model there is: a prediction $\hat y = w \cdot x$ with one
# weight and no bias, fitted to points that lie exactly on the line $y = 2x$. (The notes call the target
# $z$; this course calls targets $y$ everywhere and keeps $z$ for a neuron's weighted sum.) We take five
# points, $x = -2, -1, 0, 1, 2$. How wrong is a given $w$? Square each error $y_i - w x_i$ and average:
#
# $$J(w) = \frac{1}{2n} \sum_{i=1}^{n} \bigl(y_i - w\, x_i\bigr)^2 .$$
#
# The $\frac1n$ makes it an average, so the cost does not grow just because there is more data; the extra
# $\frac12$ is a convenience that cancels when we take the derivative (next section). $J$ is the mean
# squared error of chapter 03 divided by 2. As a function of $w$ it is a parabola with its lowest point at
# $w = 2$, where the line passes through every point.

# %%
x_line, y_line = synthetic.line_data()           # (5,) each, y = 2x
print("x =", x_line, "  y =", y_line)
for w in [0.0, 1.0, 2.0, 3.0]:
    print(f"J({w:.0f}) = {linear.cost(w, x_line, y_line):.2f}")

# %% [markdown]
# Left: the data and the lines $\hat y = w x$ for three weights. Right: the cost of every weight; its
# minimum sits at $w = 2$, the line that goes through all five points.

# %%
w_grid = np.linspace(-1, 5, 121)
fig, (ax_fit, ax_cost) = plots.new_figure(ncols=2, figsize=(10, 3.8))
ax_fit.scatter(x_line, y_line, color=plots.PALETTE[0], edgecolors="black", zorder=3, label="data y = 2x")
for w, color in [(0.0, plots.PALETTE[1]), (1.0, plots.PALETTE[2]), (2.0, plots.PALETTE[3])]:
    ax_fit.plot(x_line, w * x_line, color=color, label=f"ŷ = {w:.0f}·x,  J = {linear.cost(w, x_line, y_line):.0f}")
ax_fit.legend()
plots.label(ax_fit, "x", "y", "Data and three candidate lines")
ax_cost.plot(w_grid, [linear.cost(w, x_line, y_line) for w in w_grid])
ax_cost.axvline(2.0, color="0.5", ls="--", lw=1)
plots.label(ax_cost, "w", "J(w)", "The cost is a parabola in w")
fig

# %% [markdown]
# ### Exercise 1: `cost` (1 point)
#
# Return $J(w) = \frac{1}{2n}\sum_i (y_i - w x_i)^2$ as **one number** (a Python float, a numpy float or
# a 0-d array), for a number `w` and numpy arrays `x`, `y` of shape `(n,)`. The checks try the data above
# ($J(0) = 4$, $J(2) = 0$) and a few one- and two-sample cases; hidden checks use random data.
#
# *Stuck? `ex.cost.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="cost"
def cost(w, x, y):
    """J(w) = 1/(2n) * sum_i (y_i - w x_i)^2; a float."""
    ### BEGIN SOLUTION
    errors = y - w * x                    # (n,)
    return float(np.sum(errors ** 2) / (2 * len(x)))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="cost_tests" points=1
ex.cost.check(cost)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=401, n=1), dict(seed=402, n=4), dict(seed=403, n=13)]
### END HIDDEN TESTS

# %% [markdown]
# ## The slope of the cost
#
# To walk downhill we need the slope $dJ/dw$. Each term $(y_i - w x_i)^2$ has derivative
# $2 (y_i - w x_i) \cdot (-x_i)$ by the chain rule, and the 2 cancels the $\frac12$:
#
# $$\frac{dJ}{dw} = -\frac{1}{n} \sum_{i=1}^{n} x_i \bigl(y_i - w\, x_i\bigr).$$
#
# For our data it equals $2(w - 2)$: **negative left of the minimum** (the cost falls as $w$ grows),
# **positive right of it**, zero at $w = 2$. Its size says how steep the curve is: large far away, small
# close to the minimum. The red segments below are the tangent lines, whose slope is $dJ/dw$; the cost
# curve is drawn with your `cost` once it passes its checks.

# %%
cost_fn = ex.cost.use(cost, linear.cost)
fig, ax = plots.new_figure(figsize=(6, 3.8))
ax.plot(w_grid, [cost_fn(w, x_line, y_line) for w in w_grid], label="J(w)")
for w in [0.0, 1.5, 4.0]:
    slope = linear.gradient(w, x_line, y_line)
    near = np.linspace(w - 0.8, w + 0.8, 2)
    ax.plot(near, cost_fn(w, x_line, y_line) + slope * (near - w), color=plots.PALETTE[3])
    ax.annotate(f"dJ/dw = {slope:+.0f}", (w, cost_fn(w, x_line, y_line)), textcoords="offset points",
                xytext=(5, 8))
plots.label(ax, "w", "J(w)", "Tangent lines: negative slope left of w = 2, positive right of it")
fig

# %% [markdown]
# ### Exercise 2: `gradient` (2 points)
#
# Return $\frac{dJ}{dw} = -\frac1n \sum_i x_i (y_i - w x_i)$ as one number, for the same arguments as
# `cost`. The checks compare with dlkit's slope on the data above ($-4$ at $w = 0$, $+2$ at $w = 3$) and
# on random data.
#
# *Stuck? `ex.gradient.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="gradient"
def gradient(w, x, y):
    """dJ/dw = -(1/n) * sum_i x_i (y_i - w x_i); a float."""
    ### BEGIN SOLUTION
    return float(-np.mean(x * (y - w * x)))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="gradient_tests" points=2
ex.gradient.check(gradient)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=411, n=1), dict(seed=412, n=5), dict(seed=413, n=11)]
### END HIDDEN TESTS

# %% [markdown]
# A derivative can always be checked without any calculus: nudge $w$ a little each way and measure how much
# the cost changes, $(J(w + h) - J(w - h)) / 2h$ (the *centred difference* of chapter 05's gradient
# checks). The cell compares your `gradient` with that measurement on your `cost`, at three weights:

# %%
from dlkit.nn.gradcheck import numerical_gradient  # noqa: E402

gradient_fn = ex.gradient.use(gradient, linear.gradient)
for w in [0.0, 1.5, 4.0]:
    measured = numerical_gradient(lambda v: cost_fn(float(v[0]), x_line, y_line), np.array([w]))[0]
    print(f"w = {w}: gradient {gradient_fn(w, x_line, y_line):+.6f}, measured {measured:+.6f}")

# %% [markdown]
# ## The update rule, step by step
#
# Gradient descent starts from a guess $w_0$ and repeats one update, with a **learning rate** $\alpha > 0$
# (`learning_rate` in code) that sets the step size:
#
# $$w_{t+1} = w_t - \alpha \, \frac{dJ}{dw}(w_t).$$
#
# The minus sign is what makes it go *down*: where the slope is negative, $w$ grows; where it is positive,
# $w$ shrinks. This is the walk of the source notes (002): start at $w_0 = 0$ (a flat line, a poor fit,
# cost 4) with $\alpha = 0.3$.
#
# How big is each step? Write $c = \overline{x^2} = \frac1n \sum_i x_i^2$, the mean of the squared inputs
# ($c = 2$ here), and $w^\star = 2$ for the minimum. Then $\frac{dJ}{dw} = c\,(w - w^\star)$ (for our data
# $2(w - 2)$), and the update becomes
#
# $$w_{t+1} - w^\star = (1 - \alpha c)\,(w_t - w^\star):$$
#
# every step multiplies the distance to the minimum by the same factor $1 - \alpha c = 1 - 0.3 \cdot 2 =
# 0.4$, so the steps shrink by that factor too: large where the curve is steep, small near the bottom.
# $c$ is the **curvature** of the cost, its second derivative $d^2J/dw^2$: $J(w) = \frac{c}{2}(w - w^\star)^2$
# for this data. After four iterations $w$ is almost 2 (the walk below uses your `gradient`).

# %% tags=["nbval-check-output"]
learning_rate = 0.3
w, ws_walk = 0.0, [0.0]
print(" t        w     J(w)    dJ/dw   step -learning_rate*dJ/dw")
for t in range(5):
    slope = gradient_fn(w, x_line, y_line)
    step = -learning_rate * slope
    print(f"{t:2d} {w:8.4f} {linear.cost(w, x_line, y_line):8.4f} {slope:8.4f} {step:+9.4f}" if t < 4 else
          f"{t:2d} {w:8.4f} {linear.cost(w, x_line, y_line):8.4f} {slope:8.4f}")
    w = w + step
    ws_walk.append(w)
ws_walk = np.array(ws_walk[:5])

# %% [markdown]
# The same walk as pictures: in each panel the red line is the current fit $\hat y = w_t x$ and the grey lines
# are the earlier ones; the line turns towards the data and the cost in the title drops at every step.

# %%
descent.walk_figure(ws_walk, (ws_walk - 2.0) ** 2, x_line, y_line)   # on this data J(w) = (w - 2)^2

# %% [markdown]
# Starting **right** of the minimum works the same way from the other side: the slope is positive, so the
# update moves $w$ to the left. Both paths are drawn on the cost curve (the dashed line marks $w = 2$).

# %%
descent.paths_figure([(0.3, 0.0), (0.3, 4.5)], steps=6)

# %% [markdown]
# ### Exercise 3: `gradient_descent` (2 points)
#
# Starting from `w0`, apply the update `steps` times with learning rate `learning_rate`, using your
# `gradient`. Return **two numpy float arrays of length `steps + 1`**, as a pair `(ws, Js)` (a tuple or a
# list): `ws` holds $w_0, w_1, \dots, w_{\text{steps}}$ (the start included) and `Js` the cost of each of
# them, `Js[t] = cost(ws[t], x, y)`. The checks run the walk above (0, 1.2, 1.68, 1.872, 1.9488), a walk
# from the right, and walks on random data.
#
# *Stuck? `ex.gradient_descent.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="gradient_descent"
def gradient_descent(w0, x, y, learning_rate, steps):
    """Run `steps` updates w <- w - learning_rate * dJ/dw from w0; return (ws, Js), each of shape (steps + 1,)."""
    ### BEGIN SOLUTION
    ws = [float(w0)]
    for _ in range(steps):
        ws.append(ws[-1] - learning_rate * gradient(ws[-1], x, y))
    ws = np.array(ws)
    Js = np.array([cost(w, x, y) for w in ws])
    return ws, Js
    ### END SOLUTION


# %% nbgrader="tests" grade_id="gradient_descent_tests" points=2
ex.gradient_descent.check(gradient_descent)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=421, n=6, steps=7), dict(seed=422, n=3, steps=1), dict(seed=423, n=10, steps=12)]
### END HIDDEN TESTS

# %% [markdown]
# ## Choosing the learning rate
#
# The learning rate decides everything here. Each step multiplies the distance to the minimum by
# $1 - \alpha c$, with $c = \overline{x^2} = 2$ for our data. What the walk does depends on that factor
# alone:
#
# * $0 < 1 - \alpha c < 1$, i.e. $\alpha < 1/c$: the walk approaches the minimum from one side;
# * $1 - \alpha c = 0$, i.e. $\alpha = 1/c$: it lands on the minimum in one step;
# * $-1 < 1 - \alpha c < 0$, i.e. $1/c < \alpha < 2/c$: it **oscillates**, jumping across the minimum, but
#   the jumps shrink and it still converges;
# * $1 - \alpha c = -1$, i.e. $\alpha = 2/c$: it jumps between $w_0$ and $2w^\star - w_0$ for ever, with a
#   **constant amplitude**;
# * $1 - \alpha c < -1$, i.e. $\alpha > 2/c$: every jump lands farther away: it **diverges**.
#
# So gradient descent on this cost converges exactly for $0 < \alpha < 2/c$, and oscillates for
# $\alpha > 1/c$. With $c = 2$:
#
# | $\alpha$ | factor $1 - 2\alpha$ | what happens |
# | --- | --- | --- |
# | 0.02 | 0.96 | **too small**: tiny steps, the walk crawls |
# | 0.3 | 0.4 | smooth, fast convergence |
# | 0.9 | −0.8 | overshoots: jumps from side to side, but still converges |
# | 1.0 | −1 | jumps between 0 and 4 for ever: oscillates with constant amplitude |
# | 1.05 | −1.1 | **too large**: every jump lands farther away, the walk diverges |
#
# The panels draw eight steps of each from $w_0 = 0$, run by your `gradient_descent`; each title names
# what the factor predicts.

# %%
descent_fn = ex.gradient_descent.use(gradient_descent, linear.gradient_descent)
rates = [0.02, 0.3, 0.9, 1.0, 1.05]
descent.paths_figure([(rate, 0.0) for rate in rates], steps=8, descent=descent_fn)

# %% [markdown]
# The cost after each iteration tells the same story on one plot (the logarithmic scale shows the
# steady shrinking as a straight line): the good rate is near 0 after a few steps, the small one has barely
# moved, $\alpha = 1$ stays at the cost it started with (4, at $w = 0$ and at $w = 4$), the largest climbs.

# %% tags=["nbval-check-output"]
fig, ax = plots.new_figure(figsize=(6, 3.6))
for rate in rates:
    ws_demo, Js_demo = descent_fn(0.0, x_line, y_line, rate, 20)
    ax.plot(np.arange(21), Js_demo, marker="o", ms=3, label=f"learning_rate = {rate}")
    print(f"learning_rate = {rate:4}: factor {1 - rate * 2:+.2f}, {descent.behaviour(1 - rate * 2):35s} "
          f"J after 20 steps = {Js_demo[-1]:.4f}")
ax.set_yscale("log")
ax.legend(fontsize="small")
plots.label(ax, "iteration t", "J(w_t) (log scale)", "Cost per iteration for five learning rates")

# %%
fig

# %% [markdown]
# **A correction to the source notes.** 002 describes a too-large rate as $\alpha \gg 1$ and a too-small one
# as $\alpha \ll 1$. What counts as large depends on the data, not on the number 1: the walk diverges once
# $\alpha > 2/c$, where $c = \overline{x^2}$ is the curvature of the cost. Multiply the inputs by 10 and
# $c$ grows 100-fold, from 2 to 200, so the same $\alpha = 0.3$ that worked so well above explodes:

# %% tags=["nbval-check-output"]
ws_scaled, _ = descent_fn(0.0, 10 * x_line, 10 * y_line, 0.3, 3)
c_scaled = np.mean((10 * x_line) ** 2)
print("inputs x 10, learning_rate = 0.3:  w =", ", ".join(f"{w:.0f}" for w in ws_scaled))
print(f"curvature c = mean(x^2) = {c_scaled:.0f} (it was {np.mean(x_line ** 2):.0f}): "
      f"converges only for learning_rate < 2/c = {2 / c_scaled:.2f} (it was {2 / np.mean(x_line ** 2):.0f})")

# %% [markdown]
# This is one reason inputs are standardised before training (chapter 00 wrote `standardize`; chapter 07 does it
# before training a Keras model). The notes also say the walk
# converges "from various starting points": true for this bowl-shaped cost with a small enough rate; the
# cost of a network has many valleys and flat regions, and where you start matters (chapters 05 and 06).

# %% [markdown]
# ### Try it: learning rate and starting point
#
# Move the **learning rate** and the **start** $w_0$, then press play (or drag **step**) to watch the walk:
# the left panel shows the path on the cost curve, the right panel the fitted line after that step; the
# title names what the rate does (computed from $1 - \alpha c$). Find a rate that crawls, one that
# oscillates and converges, the one that oscillates with constant amplitude, and one that diverges.
# (The explorer needs a live notebook; in a static view you see only its first picture.)

# %%
descent.descent_explorer(learning_rate=0.3, w0=0.0, steps=15)

# %% [markdown]
# ## Many weights, many samples: batch, stochastic and mini-batch
#
# A network has many weights, gathered in $\mathbf W$, and the gradient $\nabla_{\mathbf W}\mathcal L$ has one
# entry per weight; the update is the same, $\mathbf W := \mathbf W - \alpha \nabla_{\mathbf W} \mathcal L$.
# The open question is **how many samples** to average the gradient over before each update. Source 003
# (eq. 16–18) lists three answers:
#
# | name | gradient from | update (003) |
# | --- | --- | --- |
# | batch gradient descent | all $n$ samples | $\mathbf W := \mathbf W - \alpha \nabla\mathcal L$ (eq. 16) |
# | stochastic gradient descent (SGD) | one sample $i$ | $\mathbf W := \mathbf W - \alpha \nabla\mathcal L^{(i)}$ (eq. 17) |
# | mini-batch GD | $m$ samples | $\mathbf W := \mathbf W - \frac{\alpha}{m} \sum_{i \in B}\nabla\mathcal L^{(i)}$ (eq. 18) |
#
# ($\nabla\mathcal L$ is short for $\nabla_{\mathbf W}\mathcal L$, the gradient with respect to the weights.)
#
# Only batch GD computes the gradient of the cost itself. SGD and mini-batches use an **estimate** of it,
# the average gradient of the samples they look at: drawn at random, the estimate is right on average (its
# mean over all possible batches is the full gradient), and its noise shrinks as the batch grows. Batch GD
# pays for a full pass over the data for each step. SGD steps after every sample: cheap, but noisy.
# Mini-batches (typically 32 to 256 samples) sit between the two and use vectorised hardware well; this is
# what `model.fit(..., batch_size=32)` does in Keras, and what people usually mean when they say "SGD" today.
#
# Three words come with it:
#
# * **batch size** $m$: the samples behind one update;
# * **iteration** (or step): one update, on one batch;
# * **epoch**: one pass over the whole (shuffled) training set, so
#   $\text{iterations per epoch} = \lceil n / m \rceil$: with $n = 10$ and $m = 4$ the batches hold 4, 4 and
#   2 samples. The last, smaller batch still counts.

# %% [markdown]
# ### Exercise 4: `iterations_per_epoch` (1 point)
#
# Return the number of updates in one epoch, $\lceil n / m \rceil$, as an **integer** (a Python `int` or a
# numpy integer: `n / m` alone is a float, and so is `np.ceil(...)`), for Python ints `n >= 1` and
# `batch_size >= 1`. The checks include a partial last batch, an exact division, SGD and a batch larger
# than the data.
#
# *Stuck? `ex.iterations_per_epoch.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="iterations_per_epoch"
def iterations_per_epoch(n, batch_size):
    """ceil(n / batch_size) as an int: the number of mini-batches in one epoch."""
    ### BEGIN SOLUTION
    return (n + batch_size - 1) // batch_size
    ### END SOLUTION


# %% nbgrader="tests" grade_id="iterations_per_epoch_tests" points=1
ex.iterations_per_epoch.check(iterations_per_epoch)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=431), dict(seed=432), dict(seed=433), dict(seed=434), dict(seed=435), dict(seed=436)]
### END HIDDEN TESTS

# %% [markdown]
# With a thousand samples, the batch size decides how many updates one epoch holds (your function counts
# them):

# %% tags=["nbval-check-output"]
per_epoch = ex.iterations_per_epoch.use(iterations_per_epoch, linear.iterations_per_epoch)
for m in [1000, 256, 32, 1]:
    print(f"n = 1000, batch size {m:4d}: {per_epoch(1000, m):4d} iterations per epoch")

# %% [markdown]
# ## Mini-batch gradient descent for linear regression
#
# Now a model with several weights and a bias, $\hat y = X w + b$, with $X$ of shape $(n, D)$, $w$ of shape
# $(D,)$ and $b$ a number, and the same cost as before, $J = \frac{1}{2n}\sum_i (y_i - \hat y_i)^2$. Its
# gradient averages over all $n$ rows; a batch $B$ of $m$ rows, with residuals $r = y_B - (X_B w + b)$
# (shape $(m,)$), gives the batch's estimates of it,
#
# $$g_w = -\frac1m X_B^{\top} r \quad (D,), \qquad g_b = -\frac1m \sum_{i \in B} r_i ,$$
#
# the one-weight formula once per column of $X$, plus a column of ones for the bias. They estimate
# $\partial J / \partial w$ and $\partial J / \partial b$ (exactly those when $B$ holds all $n$ rows). The
# recipe:
#
# 1. start from $w = 0$ (shape $(D,)$) and $b = 0$;
# 2. at the start of **every** epoch draw a new order of the $n$ row indices with `rng.permutation`,
#    from the Generator you are given (nothing else is drawn from it), and use that one order for both
#    $X$ and $y$;
# 3. cut the order into consecutive batches of `batch_size` indices (positions `0`, `batch_size`,
#    `2 * batch_size`, ...); the last batch may be smaller and is used too, averaged over its own size;
# 4. update $w \leftarrow w - \alpha\, g_w$ and $b \leftarrow b - \alpha\, g_b$ after every batch.
#
# Shuffling matters: without it every epoch visits the samples in the same order, and sorted data (all the
# small targets first, say) pulls the weights back and forth.
#
# **The closed-form answer.** For linear regression the best fit can also be computed directly. Append a
# column of ones to $X$, $A = [X\ \mathbf 1]$ of shape $(n, D + 1)$, and stack $\theta = (w, b)$; then the
# predictions are $A\theta$ and $J(\theta) = \frac{1}{2n}\lVert y - A\theta \rVert^2$. At the minimum its
# gradient $-\frac1n A^\top (y - A\theta)$ is zero, which gives the **normal equations**
#
# $$A^\top A\, \theta = A^\top y, \qquad \theta = (A^\top A)^{-1} A^\top y \quad \text{(when } A^\top A
#   \text{ is invertible)}.$$
#
# `dlkit.nn.linear.least_squares` solves them with `np.linalg.lstsq` (through a singular value
# decomposition, which is more accurate than inverting $A^\top A$ and also copes with a singular one). The
# data set below has three features, known true weights $(2, -1, 0.5)$ and bias 1, plus a little noise;
# the normal equations solved directly and `least_squares` agree, and this is the answer gradient descent
# should approach.

# %% tags=["nbval-check-output"]
X_reg, y_reg = synthetic.regression_data(n=200, w=(2.0, -1.0, 0.5), b=1.0, noise=0.1, rng=404)   # (200, 3), (200,)
A_reg = np.column_stack([X_reg, np.ones(len(y_reg))])                     # (200, 4)
theta = np.linalg.solve(A_reg.T @ A_reg, A_reg.T @ y_reg)                 # the normal equations, (4,)
w_ls, b_ls = linear.least_squares(X_reg, y_reg)
print("normal equations: w =", np.round(theta[:3], 3), " b =", round(float(theta[3]), 3))
print("least squares:    w =", np.round(w_ls, 3), " b =", round(b_ls, 3))

# %% [markdown]
# ### Exercise 5: `minibatch_sgd` (3 points)
#
# Implement the recipe above. `X` is a float array of shape `(n, D)`, `y` of shape `(n,)`, `rng` a
# `np.random.Generator`. Return the pair `(w, b)` (a tuple or a list): `w` a float numpy array of shape
# `(D,)`, `b` one number. With `batch_size = n` it is batch gradient descent, with `batch_size = 1` SGD.
# The checks pass a Generator that counts its shuffles (one per epoch, nothing else drawn) and compare your
# `(w, b)` with dlkit's run of the same recipe with the same seed: one full-batch step, the bias alone, a
# partial last batch, and 60 epochs on the data above, which land within 0.02 of the least-squares answer.
#
# *Stuck? `ex.minibatch_sgd.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="minibatch_sgd"
def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng):
    """Mini-batch gradient descent for y ≈ X w + b from w = 0, b = 0; returns (w, b)."""
    ### BEGIN SOLUTION
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)                    # (n,) a new order every epoch
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]             # (m,) the last batch may be smaller
            r = y[idx] - (X[idx] @ w + b)             # (m,) residuals
            g_w = -(X[idx].T @ r) / len(idx)          # (D, m) @ (m,) -> (D,)
            g_b = -np.mean(r)
            w = w - learning_rate * g_w
            b = b - learning_rate * g_b
    return w, float(b)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="minibatch_sgd_tests" points=3
ex.minibatch_sgd.check(minibatch_sgd)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=441, n=23, d=3, batch_size=5, epochs=3), dict(seed=442, n=10, d=1, batch_size=10, epochs=4),
          dict(seed=443, n=9, d=4, batch_size=1, epochs=2), dict(seed=444, n=17, d=2, batch_size=32, epochs=2),
          dict(seed=445, n=150, d=4, batch_size=8, epochs=60, learning_rate=0.05, fresh=True)]
### END HIDDEN TESTS

# %% [markdown]
# ## Batch, mini-batch and stochastic, side by side
#
# Ten epochs of each on the same data and with the same learning rate 0.1, run by dlkit's version of your
# function, which can also record the cost on all the data after every update. Left, the first 130
# **updates**: batch GD and mini-batches descend smoothly, SGD jitters, and batch GD has stopped after its ten
# updates. Right, per **epoch** (the same amount of work on the data): SGD and mini-batches are far ahead of
# batch GD, SGD the noisiest near the bottom.

# %%
fig, (ax_it, ax_ep) = plots.new_figure(ncols=2, figsize=(10, 3.8))
for name, m in [("batch GD, m = 200", 200), ("mini-batch, m = 16", 16), ("SGD, m = 1", 1)]:
    _, _, costs = linear.minibatch_sgd(X_reg, y_reg, 0.1, 10, m, np.random.default_rng(0), history=True)
    updates = np.arange(costs.size)                                   # 0 = before the first update
    ax_it.plot(updates[:131], costs[:131], marker="o" if m == 200 else None, ms=4, label=name)
    ax_ep.plot(updates / linear.iterations_per_epoch(len(y_reg), m), costs, label=name)
for ax in (ax_it, ax_ep):
    ax.set_yscale("log")
    ax.legend()
ax_ep.set_xlim(0, 10)
plots.label(ax_it, "update (iteration)", "cost J on all data (log scale)", "Per update")
plots.label(ax_ep, "epoch", "cost J on all data (log scale)", "Per epoch")
fig

# %% [markdown]
# And the answer your mini-batch gradient descent found (60 epochs, batches of 16, $\alpha = 0.05$), next to
# the closed form:

# %%
sgd_fn = ex.minibatch_sgd.use(minibatch_sgd, linear.minibatch_sgd)
w_sgd, b_sgd = sgd_fn(X_reg, y_reg, 0.05, 60, 16, np.random.default_rng(0))
print("mini-batch GD: w =", np.round(w_sgd, 3), " b =", round(float(b_sgd), 3))
print("least squares: w =", np.round(w_ls, 3), " b =", round(b_ls, 3))
print(f"largest difference: {np.max(np.abs(np.append(w_sgd, b_sgd) - np.append(w_ls, b_ls))):.4f}")

# %% [markdown]
# For linear regression the closed form is cheaper. Gradient descent earns its place where there is no
# closed form: a network's weights are found only by walking downhill, with the gradients that chapter 05
# computes by backpropagation and the refined steps (momentum, Adam) of chapter 06.
#
# ## Summary
#
# * The cost $J(w) = \frac{1}{2n}\sum_i (y_i - w x_i)^2$ measures the fit; its slope
#   $\frac{dJ}{dw} = -\frac1n\sum_i x_i(y_i - w x_i)$ is negative left of the minimum and positive right of it.
# * Gradient descent repeats $w \leftarrow w - \alpha\, dJ/dw$; the steps shrink by themselves near the
#   minimum because the slope does.
# * The learning rate is relative to the curvature $c = \overline{x^2}$: each step multiplies the distance to
#   the minimum by $1 - \alpha c$. The walk converges for $0 < \alpha < 2/c$ (it crawls when $\alpha$ is much
#   smaller than $1/c$), oscillates for $\alpha > 1/c$, keeps a constant amplitude at $\alpha = 2/c$ and
#   diverges above it.
# * Batch GD uses all samples per update, SGD one, mini-batch GD $m$ (003 eq. 16–18); SGD and mini-batches
#   step along the batch's estimate of the gradient. An epoch is one shuffled pass over the data:
#   $\lceil n/m \rceil$ iterations, the last batch possibly smaller.
# * Linear regression also has a closed form, the normal equations $A^\top A\,\theta = A^\top y$; networks
#   do not, and gradient descent is how they are trained.
