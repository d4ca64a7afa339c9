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
# answer).

# %%
import numpy as np

import dlkit
from dlkit import checks, plots
from dlkit import gradient_descent as gd

rng = dlkit.setup_notebook(seed=0)

# %% [markdown]
# ## A model with one weight, and its cost
#
# The source notes (002) start from the simplest model there is: a prediction $\hat z = w \cdot x$ with one
# weight and no bias, fitted to points that lie exactly on the line $z = 2x$. We take five of them,
# $x = -2, -1, 0, 1, 2$. How wrong is a given $w$? Square each error $z_i - w x_i$ and average:
#
# $$J(w) = \frac{1}{2n} \sum_{i=1}^{n} \bigl(z_i - w\, x_i\bigr)^2 .$$
#
# The $\frac1n$ makes it an average, so the cost does not grow just because there is more data; the extra
# $\frac12$ is a convenience that cancels when we take the derivative (next section). $J$ is the mean
# squared error of chapter 03 divided by 2. As a function of $w$ it is a parabola with its lowest point at
# $w = 2$, where the line passes through every point.

# %%
x_line, z_line = gd.line_data()                  # (5,) each, z = 2x
print("x =", x_line, "  z =", z_line)
for w in [0.0, 1.0, 2.0, 3.0]:
    print(f"J({w:.0f}) = {gd.cost(w, x_line, z_line):.2f}")

# %% [markdown]
# Left: the data and the lines $\hat z = w x$ for three weights. Right: the cost of every weight; its
# minimum sits at $w = 2$, the line that goes through all five points.

# %%
w_grid = np.linspace(-1, 5, 121)
fig, (ax_fit, ax_cost) = plots.new_figure(ncols=2, figsize=(10, 3.8))
ax_fit.scatter(x_line, z_line, color=plots.PALETTE[0], edgecolors="black", zorder=3, label="data z = 2x")
for w, color in [(0.0, plots.PALETTE[1]), (1.0, plots.PALETTE[2]), (2.0, plots.PALETTE[3])]:
    ax_fit.plot(x_line, w * x_line, color=color, label=f"ẑ = {w:.0f}·x,  J = {gd.cost(w, x_line, z_line):.0f}")
ax_fit.legend()
plots.label(ax_fit, "x", "z", "Data and three candidate lines")
ax_cost.plot(w_grid, [gd.cost(w, x_line, z_line) for w in w_grid])
ax_cost.axvline(2.0, color="0.5", ls="--", lw=1)
plots.label(ax_cost, "w", "J(w)", "The cost is a parabola in w")
fig

# %% [markdown]
# ### Exercise 1: `cost` (1 point)
#
# Return $J(w) = \frac{1}{2n}\sum_i (z_i - w x_i)^2$ as one number, for a number `w` and arrays `x`, `z` of
# shape `(n,)`.

# %% nbgrader="solution" grade_id="cost"
def cost(w, x, z):
    """J(w) = 1/(2n) * sum_i (z_i - w x_i)^2; a float."""
    ### BEGIN SOLUTION
    errors = z - w * x                    # (n,)
    return float(np.sum(errors ** 2) / (2 * len(x)))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="cost_tests" points=1
J_t = cost(0.0, x_line, z_line)
checks.check_type(J_t, (float, np.floating), name="cost(0.0, x, z)",
                  hint="return one number (a float): sum the squared errors over the samples, do not return "
                       "one value per sample")
checks.check_close(cost(2.0, x_line, z_line), 0.0, name="cost(2.0, x, z) on the data z = 2x", atol=1e-12,
                   hint="w = 2 fits z = 2x exactly, so the cost must be 0: the prediction for sample i is w * x_i "
                        "(multiply by x_i) and its error z_i - w * x_i")
checks.check_close(cost(0.0, np.tile(x_line, 2), np.tile(z_line, 2)), cost(0.0, x_line, z_line),
                   name="cost on the data repeated twice, compared with the data once",
                   hint="missing 1/n: the cost is an average, so repeating every sample must not change it; divide "
                        "the sum by 2n where n = len(x)")
checks.check_close(cost(1.0, np.array([1.0]), np.array([2.0])), 0.5, name="cost(1.0, x=[1], z=[2])",
                   hint="one sample with error 1 costs 1/(2n) * 1 = 0.5; a result of 1 means 1/n instead of 1/(2n): "
                        "keep the factor 1/2")
checks.check_close(cost(1.0, np.array([1.0]), np.array([3.0])), 2.0, name="cost(1.0, x=[1], z=[3])",
                   hint="square each error: (3 - 1)^2 / 2 = 2 (an absolute value |3 - 1| / 2 gives 1)")
checks.check_close(cost(1.0, np.array([1.0, 1.0]), np.array([2.0, 0.0])), 0.5, name="cost(1.0, x=[1, 1], z=[2, 0])",
                   hint="square each error before averaging: the errors +1 and -1 cost 1 each, J = (1 + 1) / 4 = 0.5; "
                        "the mean error is 0, so squaring the mean gives 0")
checks.check_close(J_t, 4.0, name="cost(0.0, x, z) on z = 2x", hint="J = 1/(2n) sum (z_i - w x_i)^2 = 40 / 10")
### BEGIN HIDDEN TESTS
from dlkit.gradient_descent import cost as _ref_cost

_rng = np.random.default_rng(401)
for _n in (1, 4, 13):
    _x, _z, _w = _rng.normal(size=_n), _rng.normal(size=_n), float(_rng.normal())
    _J = cost(_w, _x, _z)
    assert isinstance(_J, (float, np.floating)), f"cost must return a float, received {type(_J).__name__}"
    checks.check_close(_J, _ref_cost(_w, _x, _z), name=f"cost on random data, n = {_n}")
### END HIDDEN TESTS

# %% [markdown]
# ## The slope of the cost
#
# To walk downhill we need the slope $dJ/dw$. Each term $(z_i - w x_i)^2$ has derivative
# $2 (z_i - w x_i) \cdot (-x_i)$ by the chain rule, and the 2 cancels the $\frac12$:
#
# $$\frac{dJ}{dw} = -\frac{1}{n} \sum_{i=1}^{n} x_i \bigl(z_i - w\, x_i\bigr).$$
#
# For our data it equals $2(w - 2)$: **negative left of the minimum** (the cost falls as $w$ grows),
# **positive right of it**, zero at $w = 2$. Its size says how steep the curve is: large far away, small
# close to the minimum. The red segments below are the tangent lines, whose slope is $dJ/dw$.

# %%
fig, ax = plots.new_figure(figsize=(6, 3.8))
ax.plot(w_grid, [gd.cost(w, x_line, z_line) for w in w_grid], label="J(w)")
for w in [0.0, 1.5, 4.0]:
    slope = gd.gradient(w, x_line, z_line)
    near = np.linspace(w - 0.8, w + 0.8, 2)
    ax.plot(near, gd.cost(w, x_line, z_line) + slope * (near - w), color=plots.PALETTE[3])
    ax.annotate(f"dJ/dw = {slope:+.0f}", (w, gd.cost(w, x_line, z_line)), textcoords="offset points",
                xytext=(5, 8))
plots.label(ax, "w", "J(w)", "Tangent lines: negative slope left of w = 2, positive right of it")
fig

# %% [markdown]
# ### Exercise 2: `gradient` (2 points)
#
# Return $\frac{dJ}{dw} = -\frac1n \sum_i x_i (z_i - w x_i)$ as one number. The tests also compare your
# answer with a numerical estimate of the slope (`dlkit.gradcheck.numerical_gradient`, centred
# differences).

# %% nbgrader="solution" grade_id="gradient"
def gradient(w, x, z):
    """dJ/dw = -(1/n) * sum_i x_i (z_i - w x_i); a float."""
    ### BEGIN SOLUTION
    return float(-np.mean(x * (z - w * x)))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="gradient_tests" points=2
x_s, z_s = np.array([1.0, 2.0]), np.array([2.0, 4.0])   # on z = 2x, slope at w = 0 is -(2 + 8) / 2 = -5
g_t = gradient(0.0, x_s, z_s)
checks.check_type(g_t, (float, np.floating), name="gradient(0.0, x, z)",
                  hint="return one number (a float): the mean over the samples, not one value per sample")
checks.check_equal(np.sign(g_t), -1.0, name="the sign of gradient(0.0, x=[1, 2], z=[2, 4])",
                   hint="check the sign: at w = 0, left of the minimum w = 2, the cost falls as w grows, so dJ/dw < 0. "
                        "dJ/dw = -(1/n) sum x_i (z_i - w x_i) has a minus in front")
checks.check_close(gradient(0.0, np.tile(x_s, 3), np.tile(z_s, 3)), g_t,
                   name="gradient on the data repeated three times, compared with the data once",
                   hint="missing 1/n: the gradient is an average over the samples (np.mean, or the sum divided by n), so "
                        "repeating every sample must not change it")
checks.check_close(gradient(1.0, np.array([1.0]), np.array([3.0])), -2.0, name="gradient(1.0, x=[1], z=[3])",
                   hint="-(1/1) * 1 * (3 - 1) = -2; no factor 2: the 1/2 in front of J cancels the 2 that the square "
                        "brings down")
checks.check_close(g_t, -5.0, name="gradient(0.0, x=[1, 2], z=[2, 4])",
                   hint="chain rule: each error (z_i - w x_i) is multiplied by its own x_i before averaging: "
                        "-(1 * 2 + 2 * 4) / 2 = -5")
checks.check_close(gradient(3.0, x_line, z_line), 2.0, name="gradient(3.0, x, z) on z = 2x",
                   hint="right of the minimum the slope is positive: 2 * (w - 2) = 2 for this data")
### BEGIN HIDDEN TESTS
from dlkit.gradient_descent import cost as _ref_cost, gradient as _ref_gradient
from dlkit.gradcheck import numerical_gradient as _num_grad

_rng = np.random.default_rng(402)
for _n in (1, 5, 11):
    _x, _z, _w = _rng.normal(size=_n), _rng.normal(size=_n), float(_rng.normal(scale=2))
    _g = gradient(_w, _x, _z)
    assert isinstance(_g, (float, np.floating)), f"gradient must return a float, received {type(_g).__name__}"
    checks.check_close(_g, _ref_gradient(_w, _x, _z), name=f"gradient on random data, n = {_n}")
    _num = _num_grad(lambda _v: _ref_cost(float(_v[0]), _x, _z), np.array([_w]))
    checks.check_close(_g, float(_num[0]), rtol=1e-6, atol=1e-8,
                       name=f"gradient vs the numerical slope of the cost, n = {_n}")
### END HIDDEN TESTS

# %% [markdown]
# ## The update rule, step by step
#
# Gradient descent starts from a guess $w_0$ and repeats one update, with a **learning rate** $\alpha > 0$
# (`lr` in code) that sets the step size:
#
# $$w_{t+1} = w_t - \alpha \, \frac{dJ}{dw}(w_t).$$
#
# The minus sign is what makes it go *down*: where the slope is negative, $w$ grows; where it is positive,
# $w$ shrinks. This is the walk of the source notes (002): start at $w_0 = 0$ (a flat line, a poor fit,
# cost 4) with $\alpha = 0.3$. Each step multiplies the distance to the minimum by
# $1 - \alpha \cdot \overline{x^2} = 1 - 0.3 \cdot 2 = 0.4$, so the steps shrink by the same factor: large
# where the curve is steep, small near the bottom. After four iterations $w$ is almost 2.

# %% tags=["nbval-check-output"]
lr = 0.3
ws_walk, Js_walk = gd.gradient_descent(0.0, x_line, z_line, lr=lr, steps=4)
print(" t        w     J(w)    dJ/dw   step -lr*dJ/dw")
for t, (w, J) in enumerate(zip(ws_walk, Js_walk)):
    slope = gd.gradient(w, x_line, z_line)
    step = f"{-lr * slope:+9.4f}" if t < len(ws_walk) - 1 else ""
    print(f"{t:2d} {w:8.4f} {J:8.4f} {slope:8.4f} {step}")

# %% [markdown]
# The same walk as pictures: in each panel the red line is the current fit $\hat z = w_t x$ and the grey lines
# are the earlier ones; the line turns towards the data and the cost in the title drops at every step.

# %%
gd.walk_figure(ws_walk, Js_walk, x_line, z_line)

# %% [markdown]
# Starting **right** of the minimum works the same way from the other side: the slope is positive, so the
# update moves $w$ to the left. Both paths are drawn on the cost curve (the dashed line marks $w = 2$).

# %%
gd.paths_figure([(0.3, 0.0), (0.3, 4.5)], steps=6)

# %% [markdown]
# ### Exercise 3: `gradient_descent` (2 points)
#
# Starting from `w0`, apply the update `steps` times with learning rate `lr`, using your `gradient`.
# Return **two arrays of length `steps + 1`**: `ws` holds $w_0, w_1, \dots, w_{\text{steps}}$ (the start
# included) and `Js` the cost of each of them, `Js[t] = cost(ws[t], x, z)`.

# %% nbgrader="solution" grade_id="gradient_descent"
def gradient_descent(w0, x, z, lr, steps):
    """Run `steps` updates w <- w - lr * dJ/dw from w0; return (ws, Js), each of shape (steps + 1,)."""
    ### BEGIN SOLUTION
    ws = [float(w0)]
    for _ in range(steps):
        ws.append(ws[-1] - lr * gradient(ws[-1], x, z))
    ws = np.array(ws)
    Js = np.array([cost(w, x, z) for w in ws])
    return ws, Js
    ### END SOLUTION


# %% nbgrader="tests" grade_id="gradient_descent_tests" points=2
out_t = gradient_descent(0.0, x_line, z_line, lr=0.3, steps=4)
if not (isinstance(out_t, tuple) and len(out_t) == 2):
    raise checks.CheckError(f"gradient_descent(...) must return two arrays, (ws, Js)\n"
                            f"  received: {type(out_t).__name__}\n"
                            "Hint: end with `return ws, Js`")
ws_t, Js_t = out_t
for arr_t, what in [(ws_t, "ws"), (Js_t, "Js")]:
    checks.check_type(arr_t, np.ndarray, name=f"{what} returned by gradient_descent",
                      hint="collect the values in a list and return np.array(the_list)")
checks.check_shape(ws_t, (5,), name="ws of gradient_descent(w0=0, steps=4)",
                   hint="steps + 1 = 5 entries: w0 first, then one w per update. 4 entries: w0 is missing (or one "
                        "update short); 6 entries: one update too many")
checks.check_shape(Js_t, (5,), name="Js of gradient_descent(w0=0, steps=4)",
                   hint="one cost per entry of ws: Js[t] = cost(ws[t]), the cost of w0 first and the cost of the final "
                        "w last")
checks.check_close(ws_t[0], 0.0, name="ws[0]", hint="the history starts with w0 itself, before any update")
checks.check_equal(bool(ws_t[1] > ws_t[0]), True, name="ws[1] > ws[0] (from w0 = 0 towards the minimum w = 2)",
                   hint=f"your w went from 0 to {float(ws_t[1]):.3g}: the update ascends (the cost grows). Subtract the "
                        "gradient: w = w - lr * gradient(w, x, z)")
checks.check_close(ws_t, [0.0, 1.2, 1.68, 1.872, 1.9488], name="ws of the walk with lr = 0.3",
                   hint="w_{t+1} = w_t - lr * gradient(w_t, x, z): the gradient at the current w, times lr as given")
checks.check_close(Js_t, (ws_t - 2.0) ** 2, name="Js of the walk",
                   hint="Js[t] must be the cost at ws[t], cost(ws[t], x, z), for every entry: w0 included, the "
                        "final w too (on this data J(w) = (w - 2)^2)")
ws_r, _ = gradient_descent(4.0, x_line, z_line, lr=0.1, steps=3)
checks.check_close(ws_r, [4.0, 3.6, 3.28, 3.024], name="gradient_descent from w0 = 4 (right of the minimum)",
                   hint="right of the minimum the slope is positive and w must decrease towards 2")
ws_0, Js_0 = gradient_descent(1.0, x_line, z_line, lr=0.1, steps=0)
checks.check_close(ws_0, [1.0], name="ws of gradient_descent(..., steps=0)",
                   hint="with no updates the history is just [w0]")
### BEGIN HIDDEN TESTS
from dlkit.gradient_descent import gradient_descent as _ref_gd

_rng = np.random.default_rng(403)
for _n, _steps in [(6, 7), (3, 1), (10, 12)]:
    _x, _z = _rng.normal(size=_n), _rng.normal(size=_n)
    _w0, _lr = float(_rng.normal(scale=3)), float(_rng.uniform(0.05, 0.5))
    _ws, _Js = gradient_descent(_w0, _x, _z, _lr, _steps)
    assert type(_ws) is np.ndarray and type(_Js) is np.ndarray, "gradient_descent must return two numpy arrays"
    _ws_ref, _Js_ref = _ref_gd(_w0, _x, _z, _lr, _steps)
    checks.check_close(_ws, _ws_ref, name=f"ws on random data ({_steps} steps)")
    checks.check_close(_Js, _Js_ref, name=f"Js on random data ({_steps} steps)")
### END HIDDEN TESTS

# %% [markdown]
# ## Choosing the learning rate
#
# The learning rate decides everything here. Each step multiplies the distance to the minimum by
# $1 - \alpha\,\overline{x^2}$, which for our data is $1 - 2\alpha$:
#
# | $\alpha$ | factor $1 - 2\alpha$ | what happens |
# | --- | --- | --- |
# | 0.02 | 0.96 | **too small**: tiny steps, the walk crawls |
# | 0.3 | 0.4 | smooth, fast convergence |
# | 0.9 | −0.8 | overshoots: jumps from side to side, but still converges |
# | 1.05 | −1.1 | **too large**: every jump lands farther away, the walk diverges |
#
# The panels draw eight steps of each from $w_0 = 0$.

# %%
gd.paths_figure([(0.02, 0.0), (0.3, 0.0), (0.9, 0.0), (1.05, 0.0)], steps=8)

# %% [markdown]
# The cost after each iteration tells the same story on one plot (the logarithmic scale shows the
# steady shrinking as a straight line): the good rate is near 0 after a few steps, the small one has barely
# moved, the large one climbs.

# %%
fig, ax = plots.new_figure(figsize=(6, 3.6))
for lr_demo in [0.02, 0.3, 0.9, 1.05]:
    _, Js_demo = gd.gradient_descent(0.0, x_line, z_line, lr=lr_demo, steps=20)
    ax.plot(np.arange(21), Js_demo, marker="o", ms=3, label=f"lr = {lr_demo}")
ax.set_yscale("log")
ax.legend()
plots.label(ax, "iteration t", "J(w_t) (log scale)", "Cost per iteration for four learning rates")
fig

# %% [markdown]
# **A correction to the source notes.** 002 describes a too-large rate as $\alpha \gg 1$ and a too-small one
# as $\alpha \ll 1$. What counts as large depends on the data, not on the number 1: the walk diverges once
# $\alpha > 2 / \overline{x^2}$, the curvature of the cost. Multiply the inputs by 10 and the same
# $\alpha = 0.3$ that worked so well above explodes:

# %% tags=["nbval-check-output"]
ws_scaled, _ = gd.gradient_descent(0.0, 10 * x_line, 10 * z_line, lr=0.3, steps=3)
print("inputs x 10, lr = 0.3:  w =", ", ".join(f"{w:.0f}" for w in ws_scaled))
print(f"largest safe rate: 2 / mean(x^2) = {2 / np.mean((10 * x_line) ** 2):.2f}  (it was {2 / np.mean(x_line ** 2):.0f})")

# %% [markdown]
# This is one reason inputs are normalised before training (chapter 09). The notes also say the walk
# converges "from various starting points": true for this bowl-shaped cost with a small enough rate; the
# cost of a network has many valleys and flat regions, and where you start matters (chapters 05 and 06).

# %% [markdown]
# ### Try it: learning rate and starting point
#
# Move the **learning rate** and the **start** $w_0$, then press play (or drag **step**) to watch the walk:
# the left panel shows the path on the cost curve, the right panel the fitted line after that step. Find a
# rate that crawls, one that oscillates, and the first one that diverges. (The explorer needs a live
# notebook; in a static view you see only its first picture.)

# %%
gd.descent_explorer(lr=0.3, w0=0.0, steps=15)

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
# | batch gradient descent | all $n$ samples | $\mathbf W := \mathbf W - \alpha \nabla_{\mathbf W}\mathcal L$ (eq. 16) |
# | stochastic gradient descent (SGD) | one sample $i$ | $\mathbf W := \mathbf W - \alpha \nabla_{\mathbf W}\mathcal L^{(i)}$ (eq. 17) |
# | mini-batch gradient descent | a batch of $m$ samples | $\mathbf W := \mathbf W - \alpha \frac1m \sum_{i=1}^{m}\nabla_{\mathbf W}\mathcal L^{(i)}$ (eq. 18) |
#
# Batch GD computes the exact slope but pays for a full pass over the data for each step. SGD steps after
# every sample: cheap, but noisy. Mini-batches (typically 32 to 256 samples) sit between the two and use
# vectorised hardware well; this is what `model.fit(..., batch_size=32)` does in Keras, and what people
# usually mean when they say "SGD" today.
#
# Three words come with it:
#
# * **batch size** $m$: the samples behind one update;
# * **iteration** (or step): one update, on one batch;
# * **epoch**: one pass over the whole (shuffled) training set, so
#   $\text{iterations per epoch} = \lceil n / m \rceil$: with $n = 10$ and $m = 4$ the batches hold 4, 4 and
#   2 samples. The last, smaller batch still counts.

# %% tags=["nbval-check-output"]
n_demo = 1000
for m in [1000, 256, 32, 1]:
    print(f"n = {n_demo}, batch size {m:4d}: {gd.iterations_per_epoch(n_demo, m):4d} iterations per epoch")

# %% [markdown]
# ### Exercise 4: `iterations_per_epoch` (1 point)
#
# Return the number of updates in one epoch, $\lceil n / m \rceil$, as an `int` (`math.ceil` or integer
# arithmetic; `n / m` alone is a float).

# %% nbgrader="solution" grade_id="iterations_per_epoch"
def iterations_per_epoch(n, batch_size):
    """ceil(n / batch_size) as an int: the number of mini-batches in one epoch."""
    ### BEGIN SOLUTION
    return (n + batch_size - 1) // batch_size
    ### END SOLUTION


# %% nbgrader="tests" grade_id="iterations_per_epoch_tests" points=1
it_t = iterations_per_epoch(10, 4)
checks.check_type(it_t, (int, np.integer), name="iterations_per_epoch(10, 4)",
                  hint="return a whole number (an int): n / batch_size is a float, and np.ceil returns a float too; "
                       "use math.ceil(n / batch_size) or (n + batch_size - 1) // batch_size")
checks.check_equal(it_t, 3, name="iterations_per_epoch(10, 4)",
                   hint="10 samples in batches of 4 are 4 + 4 + 2: the last, partial batch is an iteration too, so "
                        "round up, not down")
checks.check_equal(iterations_per_epoch(8, 4), 2, name="iterations_per_epoch(8, 4)",
                   hint="when batch_size divides n there is no partial batch: 8 samples in batches of 4 take 2 "
                        "iterations, not 3")
checks.check_equal(iterations_per_epoch(5, 1), 5, name="iterations_per_epoch(5, 1)", hint="SGD: one update per sample")
checks.check_equal(iterations_per_epoch(5, 100), 1, name="iterations_per_epoch(5, 100)",
                   hint="a batch larger than the data set is one batch holding all of it (batch gradient descent)")
### BEGIN HIDDEN TESTS
from dlkit.gradient_descent import iterations_per_epoch as _ref_ipe

_rng = np.random.default_rng(404)
for _ in range(20):
    _n, _m = int(_rng.integers(1, 500)), int(_rng.integers(1, 70))
    _it = iterations_per_epoch(_n, _m)
    assert isinstance(_it, (int, np.integer)), f"iterations_per_epoch must return an int, received {type(_it).__name__}"
    checks.check_equal(_it, _ref_ipe(_n, _m), name=f"iterations_per_epoch({_n}, {_m})")
### END HIDDEN TESTS

# %% [markdown]
# ## Mini-batch gradient descent for linear regression
#
# Now a model with several weights and a bias, $\hat y = X w + b$, with $X$ of shape $(n, D)$, $w$ of shape
# $(D,)$ and $b$ a number, and the same cost as before, $J = \frac{1}{2n}\sum_i (y_i - \hat y_i)^2$. On a
# batch $B$ of $m$ rows, with residuals $r = y_B - (X_B w + b)$ (shape $(m,)$), the gradients are
#
# $$\frac{\partial J}{\partial w} = -\frac1m X_B^{\top} r \quad (D,), \qquad
#   \frac{\partial J}{\partial b} = -\frac1m \sum_{i \in B} r_i ,$$
#
# the one-weight formula once per column of $X$, plus a column of ones for the bias. The recipe:
#
# 1. start from $w = 0$ (shape $(D,)$) and $b = 0$;
# 2. at the start of **every** epoch draw a new order, `order = rng.permutation(n)`, with the Generator
#    you are given (nothing else is drawn from it), and use that one order for both $X$ and $y$;
# 3. cut the order into batches `order[k:k + batch_size]` for `k = 0, batch_size, 2 * batch_size, ...`; the
#    last batch may be smaller and is used too, averaged over its own size;
# 4. update $w \leftarrow w - \alpha\, \partial J/\partial w$ and $b \leftarrow b - \alpha\, \partial J/\partial b$
#    after every batch.
#
# Shuffling matters: without it every epoch visits the samples in the same order, and sorted data (all the
# small targets first, say) pulls the weights back and forth. The data set below has three features, known
# true weights $(2, -1, 0.5)$ and bias 1, plus a little noise; `np.linalg.lstsq` gives the best fit in
# closed form, the answer gradient descent should approach.

# %%
X_reg, y_reg = gd.regression_data(n=200, w=(2.0, -1.0, 0.5), b=1.0, noise=0.1, rng=rng)   # (200, 3), (200,)
w_ls, b_ls = gd.least_squares(X_reg, y_reg)
print("least squares: w =", np.round(w_ls, 3), " b =", round(b_ls, 3))

# %% [markdown]
# ### Exercise 5: `minibatch_sgd` (3 points)
#
# Implement the recipe above. `X` has shape `(n, D)`, `y` shape `(n,)`, `rng` is a
# `np.random.Generator`. Return `(w, b)`: `w` a float array of shape `(D,)`, `b` a float. With
# `batch_size = n` it is batch gradient descent, with `batch_size = 1` SGD. The tests count your shuffles,
# compare your weights with `dlkit`'s run of the same recipe with the same seed, and check that 60 epochs
# land within 0.02 of the least-squares answer.

# %% nbgrader="solution" grade_id="minibatch_sgd"
def minibatch_sgd(X, y, lr, epochs, batch_size, rng):
    """Mini-batch gradient descent for y ≈ X w + b from w = 0, b = 0; returns (w, b)."""
    ### BEGIN SOLUTION
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)                    # (n,) a new order every epoch
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]             # (m,) the last batch may be smaller
            r = y[idx] - (X[idx] @ w + b)             # (m,) residuals
            dw = -(X[idx].T @ r) / len(idx)           # (D, m) @ (m,) -> (D,)
            db = -np.mean(r)
            w = w - lr * dw
            b = b - lr * db
    return w, float(b)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="minibatch_sgd_tests" points=3
from dlkit.gradient_descent import CountingGenerator, minibatch_sgd as ref_minibatch_sgd  # noqa: E402

X_s, y_s = np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 6.0])     # (3, 1), (3,)
out_t = minibatch_sgd(X_s, y_s, 0.1, 1, 3, np.random.default_rng(0))
if not (isinstance(out_t, tuple) and len(out_t) == 2):
    raise checks.CheckError(f"minibatch_sgd(...) must return two things, (w, b)\n  received: {type(out_t).__name__}\n"
                            "Hint: end with `return w, b`")
w_t, b_t = out_t
checks.check_type(w_t, np.ndarray, name="w returned by minibatch_sgd", hint="w is an array of shape (D,): np.zeros(D) to start")
checks.check_shape(w_t, (1,), name="w for X of shape (3, 1)", hint="one weight per column of X: shape (D,)")
checks.check_type(b_t, (float, np.floating), name="b returned by minibatch_sgd",
                  hint="b is one number: return float(b)")
X_7, y_7 = np.arange(14.0).reshape(7, 2) / 10, np.linspace(-1, 1, 7)
gen = CountingGenerator(1)
minibatch_sgd(X_7, y_7, 0.1, 3, 2, gen)
checks.check_equal(gen.shuffles, 3, name="number of shuffles with the given rng in 3 epochs",
                   hint="shuffle with the rng you are given (not np.random), once at the start of every epoch "
                        "(not once before the loop), with one order = rng.permutation(n) used for X and y alike "
                        "(the same order for X and y)")
checks.check_equal(gen.other_draws, 0, name="other random draws from rng",
                   hint="draw only the permutation: order = rng.permutation(n) once per epoch")
checks.check_equal(bool(np.mean((y_s - X_s @ w_t - b_t) ** 2) < np.mean(y_s ** 2)), True,
                   name="cost after one full-batch epoch < cost at w = 0, b = 0",
                   hint="the update ascends: descend with w = w - lr * dJ/dw, where dJ/dw = -(1/m) X_B.T @ r "
                        "(equivalently w = w + lr * X_B.T @ r / m)")
w_1, b_1 = minibatch_sgd(np.ones((3, 1)), np.full(3, 3.0), 0.1, 2, 3, np.random.default_rng(0))
w_2, b_2 = minibatch_sgd(np.ones((6, 1)), np.full(6, 3.0), 0.1, 2, 6, np.random.default_rng(0))
checks.check_close(np.append(w_2, b_2), np.append(w_1, b_1), name="(w, b) on 6 equal samples vs 3, full batch",
                   hint="missing 1/m: the gradient is the mean over the batch (divide by len(idx)); with a sum, twice "
                        "as many equal samples double the step")
w_b, b_b = minibatch_sgd(np.zeros((4, 1)), np.full(4, 5.0), 0.5, 2, 4, np.random.default_rng(0))
checks.check_close(b_b, 3.75, name="b after 2 full-batch epochs on y = 5 with X = 0 (lr = 0.5)",
                   hint="the bias: predictions are X_B @ w + b (b included), and b is updated after every batch too, "
                        "b = b - lr * dJ/db with dJ/db = -mean(r): 0 -> 2.5 -> 3.75")
w_p, b_p = minibatch_sgd(np.ones((5, 1)), np.full(5, 3.0), 0.1, 1, 2, np.random.default_rng(0))
checks.check_close(np.append(w_p, b_p), [0.732, 0.732], name="(w, b) after one epoch on 5 equal samples, batch_size 2",
                   hint="n = 5 with batch_size 2 is 3 iterations (batches of 2, 2 and 1): keep the last, partial batch, "
                        "and average its gradient over its own size (len(idx), not batch_size)")
for n_c, m_c, e_c in [(7, 3, 2), (6, 1, 2)]:
    X_c = np.random.default_rng(n_c).normal(size=(n_c, 2))
    y_c = X_c @ np.array([1.0, -2.0]) + 0.5
    w_c, b_c = minibatch_sgd(X_c, y_c, 0.1, e_c, m_c, np.random.default_rng(3))
    w_ref, b_ref = ref_minibatch_sgd(X_c, y_c, 0.1, e_c, m_c, np.random.default_rng(3))
    checks.check_close(np.append(w_c, b_c), np.append(w_ref, b_ref),
                       name=f"(w, b) for n = {n_c}, batch_size = {m_c}, {e_c} epochs (same seed as dlkit)",
                       hint="follow the recipe: w = zeros(D), b = 0; each epoch order = rng.permutation(n); batches "
                            "idx = order[k:k + batch_size]; rows and targets stay paired (X[idx] with y[idx]); "
                            "r = y[idx] - (X[idx] @ w + b); w += lr * X[idx].T @ r / len(idx); b += lr * mean(r)")
w_fit, b_fit = minibatch_sgd(X_reg, y_reg, 0.05, 60, 16, np.random.default_rng(0))
checks.check_close(np.append(w_fit, b_fit), np.append(w_ls, b_ls), atol=0.02, rtol=0,
                   name="minibatch_sgd after 60 epochs vs np.linalg.lstsq",
                   hint="60 epochs of mini-batches of 16 at lr = 0.05 should land within 0.02 of the least-squares answer")
### BEGIN HIDDEN TESTS
from dlkit.gradient_descent import least_squares as _ref_ls, minibatch_sgd as _ref_sgd, regression_data as _ref_data

_rng = np.random.default_rng(405)
for _n, _d, _m, _e in [(23, 3, 5, 3), (10, 1, 10, 4), (9, 4, 1, 2), (17, 2, 32, 2)]:
    _X, _y = _rng.normal(size=(_n, _d)), _rng.normal(size=_n)
    _seed = int(_rng.integers(1000))
    _out = minibatch_sgd(_X, _y, 0.07, _e, _m, np.random.default_rng(_seed))
    assert isinstance(_out, tuple) and len(_out) == 2, "minibatch_sgd must return (w, b)"
    assert type(_out[0]) is np.ndarray, f"w must be a numpy array, received {type(_out[0]).__name__}"
    assert isinstance(_out[1], (float, np.floating)), f"b must be a float, received {type(_out[1]).__name__}"
    _w_ref, _b_ref = _ref_sgd(_X, _y, 0.07, _e, _m, np.random.default_rng(_seed))
    checks.check_close(np.append(_out[0], _out[1]), np.append(_w_ref, _b_ref), rtol=1e-7, atol=1e-10,
                       name=f"minibatch_sgd on random data (n={_n}, D={_d}, batch {_m}, {_e} epochs)")
_X, _y = _ref_data(n=150, w=_rng.normal(size=4), b=float(_rng.normal()), noise=0.05, rng=_rng)
_w, _b = minibatch_sgd(_X, _y, 0.05, 60, 8, np.random.default_rng(7))
_w_ls, _b_ls = _ref_ls(_X, _y)
checks.check_close(np.append(_w, _b), np.append(_w_ls, _b_ls), atol=0.02, rtol=0,
                   name="minibatch_sgd vs least squares on fresh data")
### END HIDDEN TESTS

# %% [markdown]
# ## Batch, mini-batch and stochastic, side by side
#
# Ten epochs of each on the same data and with the same learning rate 0.1 (using `dlkit`'s version of your
# function, which can also record the cost on all the data after every update). Left, the first 130
# **updates**: batch GD and mini-batches descend smoothly, SGD jitters, and batch GD has stopped after its ten
# updates. Right, per **epoch** (the same amount of work on the data): SGD and mini-batches are far ahead of
# batch GD, SGD the noisiest near the bottom.

# %%
fig, (ax_it, ax_ep) = plots.new_figure(ncols=2, figsize=(10, 3.8))
for name, m in [("batch GD, m = 200", 200), ("mini-batch, m = 16", 16), ("SGD, m = 1", 1)]:
    _, _, costs = gd.minibatch_sgd(X_reg, y_reg, 0.1, 10, m, np.random.default_rng(0), history=True)
    updates = np.arange(costs.size)                                   # 0 = before the first update
    ax_it.plot(updates[:131], costs[:131], marker="o" if m == 200 else None, ms=4, label=name)
    ax_ep.plot(updates / gd.iterations_per_epoch(len(y_reg), m), costs, label=name)
for ax in (ax_it, ax_ep):
    ax.set_yscale("log")
    ax.legend()
ax_ep.set_xlim(0, 10)
plots.label(ax_it, "update (iteration)", "cost J on all data (log scale)", "Per update")
plots.label(ax_ep, "epoch", "cost J on all data (log scale)", "Per epoch")
fig

# %% [markdown]
# And the answer gradient descent found, next to the closed form:

# %%
w_sgd, b_sgd = gd.minibatch_sgd(X_reg, y_reg, 0.05, 60, 16, np.random.default_rng(0))
print("mini-batch GD: w =", np.round(w_sgd, 3), " b =", round(b_sgd, 3))
print("least squares: w =", np.round(w_ls, 3), " b =", round(b_ls, 3))

# %% [markdown]
# For linear regression the closed form is cheaper. Gradient descent earns its place where there is no
# closed form: a network's weights are found only by walking downhill, with the gradients that chapter 05
# computes by backpropagation and the refined steps (momentum, Adam) of chapter 06.
#
# ## Summary
#
# * The cost $J(w) = \frac{1}{2n}\sum_i (z_i - w x_i)^2$ measures the fit; its slope
#   $\frac{dJ}{dw} = -\frac1n\sum_i x_i(z_i - w x_i)$ is negative left of the minimum and positive right of it.
# * Gradient descent repeats $w \leftarrow w - \alpha\, dJ/dw$; the steps shrink by themselves near the
#   minimum because the slope does.
# * The learning rate is relative to the curvature: too small crawls, too large ($> 2/\overline{x^2}$ here)
#   diverges, in between it may oscillate and still converge.
# * Batch GD uses all samples per update, SGD one, mini-batch GD $m$ (003 eq. 16–18). An epoch is one
#   shuffled pass over the data: $\lceil n/m \rceil$ iterations, the last batch possibly smaller.
