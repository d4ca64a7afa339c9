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
# # 02 · Activation functions
#
# The perceptron of chapter 01 answered with a step: yes or no. Networks that *learn* by gradient
# descent need activations with a useful slope, and which one you pick decides whether a deep network
# trains at all. This chapter shows why a network needs a non-linear activation, then goes through the
# ones in daily use (sigmoid, tanh, ReLU, Leaky ReLU, softmax), their ranges and derivatives, the way
# they fail (saturation, dying units, overflow), and how to choose them.
#
# **You will write:** `sigmoid`, `sigmoid_grad`, `tanh_grad`, `relu`, `relu_grad`, `leaky_relu`,
# `leaky_relu_grad` and `softmax`. Each exercise is checked against the course's reference,
# `dlkit.nn.activations`, whose functions the course's own tests match to `keras.activations` (all but the
# binary step, which Keras does not have: it is checked against `np.heaviside`). After the exercises one
# cell compares each of *your* functions with `keras.activations` directly, and each of your derivatives
# with TensorFlow's automatic differentiation and with finite differences.

# %%
import numpy as np

import dlkit
from dlkit.exercises import ch02_activations as ex
from dlkit.nn import activations as act
from dlkit.viz import style as plots
from dlkit.viz.activations import explorer_curves
from dlkit.viz.plots import plot_activation

rng = dlkit.setup_notebook(seed=0)

# %% [markdown]
# ## Why a network needs a non-linear activation
#
# A layer computes $z = xW + b$ and then applies an activation $f$. Suppose $f$ is the identity (the
# **linear** activation, $f(z) = z$). Two such layers in a row give
#
# $$(x W_1 + b_1) W_2 + b_2 = x\,(W_1 W_2) + (b_1 W_2 + b_2),$$
#
# which is again *one* linear layer with weights $W_1 W_2$ and bias $b_1 W_2 + b_2$. However many linear
# layers you stack, the network can only draw straight lines (planes), exactly like the single
# perceptron that failed on XOR. The cell checks this with random numbers: a three-layer linear network
# and the single layer built from its products give the same outputs.

# %%
X_demo = rng.normal(size=(50, 3))                                  # (N, D) = 50 samples, 3 features
W1, b1 = rng.normal(size=(3, 4)), rng.normal(size=4)               # 3 -> 4 units
W2, b2 = rng.normal(size=(4, 4)), rng.normal(size=4)               # 4 -> 4 units
W3, b3 = rng.normal(size=(4, 2)), rng.normal(size=2)               # 4 -> 2 outputs

deep = ((X_demo @ W1 + b1) @ W2 + b2) @ W3 + b3                    # three linear layers, (50, 2)
W_one = W1 @ W2 @ W3                                               # (3, 2)
b_one = (b1 @ W2 + b2) @ W3 + b3                                   # (2,)
single = X_demo @ W_one + b_one                                    # one linear layer, (50, 2)
print("largest difference between 3 linear layers and 1:", f"{np.max(np.abs(deep - single)):.1e}")
relu_deep = np.maximum(np.maximum(X_demo @ W1 + b1, 0) @ W2 + b2, 0) @ W3 + b3   # ReLU between layers
X_ones = np.c_[X_demo, np.ones(50)]                                # (50, 4): a column of ones for the bias
coef = np.linalg.lstsq(X_ones, relu_deep, rcond=None)[0]            # best single linear layer, (4, 2)
print(f"with ReLU between the layers, the best single linear layer misses by up to "
      f"{np.max(np.abs(X_ones @ coef - relu_deep)):.2f}")

# %% [markdown]
# The difference is rounding error (about $10^{-15}$). Put a non-linear function between the layers and
# no single linear layer reproduces the result any more (the least-squares fit above still misses). The
# linear activation keeps one honest job: the **output** layer of a regression network, where the
# prediction must be free to take any real value.

# %% [markdown]
# ## The activations at a glance
#
# The formulas are those of the source notes (003, eq. 3 to 7). $\sigma$ is the sigmoid.
#
# | name | $f(z)$ | range | $f'(z)$ |
# | --- | --- | --- | --- |
# | linear | $z$ | $(-\infty, \infty)$ | $1$ |
# | binary step | $1$ if $z \ge 0$ else $0$ | $\{0, 1\}$ | $0$ (undefined at $0$) |
# | sigmoid | $\sigma(z) = \dfrac{1}{1 + e^{-z}}$ | $(0, 1)$ | $\sigma(z)\,(1 - \sigma(z)) \le 0.25$ |
# | tanh | $\dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$ | $(-1, 1)$ | $1 - \tanh^2(z) \le 1$ |
# | ReLU | $\max(0, z)$ | $[0, \infty)$ | $1$ if $z > 0$ else $0$ |
# | Leaky ReLU | $\max(\alpha z, z)$, $\alpha \approx 0.01$ | $(-\infty, \infty)$ | $1$ if $z > 0$ else $\alpha$ |
# | softmax | $s_i = \dfrac{e^{z_i}}{\sum_j e^{z_j}}$ | each in $(0, 1)$, sum $1$ | $\partial s_i / \partial z_j = s_i(\delta_{ij} - s_j)$ |
#
# In the softmax row, $\delta_{ij}$ is the Kronecker delta: $1$ if $i = j$, else $0$.
#
# The **binary step** of chapter 01 has slope zero wherever it has a slope. Gradient descent (chapter
# 04) moves each weight in proportion to a slope, so a step network gets no signal at all: this is why
# the step was replaced by smooth functions. Each plot below shows a function (left) and its derivative
# (right), drawn by `dlkit.viz.plots.plot_activation` from `dlkit.nn.activations`.

# %%
plot_activation(explorer_curves("binary_step", -4, 4))

# %% [markdown]
# ## Sigmoid
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}$$
#
# squashes any real number into $(0, 1)$: $\sigma(0) = 0.5$, large positive $z$ give nearly 1, large
# negative $z$ nearly 0. That makes it the natural output of a **binary classifier**: the output reads as
# the probability of class 1.
#
# **The overflow trap.** Typed literally, `1 / (1 + np.exp(-z))` computes `np.exp(1000)` for
# $z = -1000$: that overflows to `inf`, numpy warns, and the related form `np.exp(z) / (1 + np.exp(z))`
# even returns `nan` (`inf / inf`) for $z = 1000$. The cure uses two equal forms of the same function and
# only ever exponentiates a number $\le 0$:
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}} \ \text{ for } z \ge 0, \qquad
#   \sigma(z) = \frac{e^{z}}{1 + e^{z}} \ \text{ for } z < 0 .$$
#
# Both can be written with $e = e^{-|z|}$, which lies in $(0, 1]$ and cannot overflow.

# %% [markdown]
# ### Exercise 1: a stable `sigmoid` (2 points)
#
# `z` is a numpy array of any shape; return a float numpy array of the same shape. No overflow may occur
# for any finite input: the check runs your function with numpy's floating-point errors turned into
# exceptions (`np.errstate(over="raise", invalid="raise", divide="raise")`), so a warning counts as a
# failure. Careful: `np.where(cond, a, b)` evaluates *both* `a` and `b` for every element before
# choosing, so it does not protect an `np.exp` inside it from overflowing.
#
# *Stuck?* `ex.sigmoid.hint()` gives a hint; call it again for the next level (three in all).

# %% nbgrader="solution" grade_id="sigmoid"
def sigmoid(z):
    """Logistic sigmoid 1 / (1 + e^-z), element-wise, without overflow.

    Args:
        z: numpy array of any shape.

    Returns:
        numpy array of z's shape, values in (0, 1) (exactly 0 or 1 only after rounding).
    """
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))                     # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="sigmoid_tests" points=2
ex.sigmoid.check(sigmoid)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=201, shape=(7,), scale=20.0), dict(seed=211, shape=(3, 5), scale=20.0),
          dict(seed=221, shape=(2, 3, 4), scale=20.0)]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: `sigmoid_grad` (1 point)
#
# The sigmoid has a famously convenient derivative (003, eq. 3): it is built from the output itself,
#
# $$\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr).$$
#
# Write it using your `sigmoid`; return a float array of `z`'s shape. It must stay finite, without an
# overflow, for large $|z|$ (where the slope is essentially 0). When a value is wrong, the check also shows
# the slope measured by finite differences, $(\sigma(z + h) - \sigma(z - h)) / 2h$.
#
# *Stuck?* `ex.sigmoid_grad.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="sigmoid_grad"
def sigmoid_grad(z):
    """Derivative of the sigmoid, sigma(z) (1 - sigma(z)), element-wise; array of z's shape."""
    ### BEGIN SOLUTION
    s = sigmoid(z)
    return s * (1.0 - s)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="sigmoid_grad_tests" points=1
ex.sigmoid_grad.check(sigmoid_grad)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=202, shape=(9,), scale=4.0), dict(seed=212, shape=(4, 3), scale=4.0)]
### END HIDDEN TESTS

# %% [markdown]
# The plot shows both. The slope is largest at $z = 0$, where it is exactly $0.25$, and it is nearly zero
# once $|z| > 5$: there the sigmoid is **saturated**, and a small change of $z$ no longer changes the
# output.

# %%
plot_activation(explorer_curves("sigmoid", -8, 8))

# %% [markdown]
# ## Saturation and depth: why sigmoid hidden layers train slowly
#
# Backpropagation (chapter 05) multiplies one activation derivative per layer on the way from the loss
# back to the first layer. With sigmoids each factor is at most $0.25$, so after ten layers the signal
# is at most $0.25^{10} \approx 10^{-6}$ of what it was, and less once units saturate. The first layers
# then barely learn: the **vanishing gradient**. (The weights multiply in too and can partly compensate;
# chapter 05 comes back to this in its section on weight initialisation.) After the ReLU exercises
# below, one cell measures these products for sigmoid, tanh and ReLU.

# %% [markdown]
# ## Tanh
#
# $$\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\sigma(2z) - 1$$
#
# is a rescaled sigmoid with range $(-1, 1)$. It is **zero-centred**: for inputs around 0 its outputs
# average around 0, which suits the next layer better than the always-positive sigmoid, and its slope
# at 0 is $1$ instead of $0.25$. It still saturates for large $|z|$. numpy's `np.tanh` is already
# stable, so you only write its derivative.
#
# *A correction to one of the source notes:* the note 000 lists tanh as "used in output layer". Today tanh
# is mostly a **hidden-layer** activation, above all inside recurrent networks (LSTM and GRU cells,
# chapter on RNNs); an output layer uses tanh only when the target itself lies in $(-1, 1)$.

# %% [markdown]
# ### Exercise 3: `tanh_grad` (1 point)
#
# Return $\tanh'(z) = 1 - \tanh^2(z)$ (003, eq. 4), element-wise, as a float array of `z`'s shape,
# without an overflow for large $|z|$.
#
# *Stuck?* `ex.tanh_grad.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="tanh_grad"
def tanh_grad(z):
    """Derivative of tanh: 1 - tanh(z)^2, element-wise."""
    ### BEGIN SOLUTION
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2
    ### END SOLUTION


# %% nbgrader="tests" grade_id="tanh_grad_tests" points=1
ex.tanh_grad.check(tanh_grad)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=203, shape=(6,), scale=2.0), dict(seed=213, shape=(3, 4), scale=2.0)]
### END HIDDEN TESTS

# %% [markdown]
# The plot shows tanh (left) and its slope (right): 1 at $z = 0$, four times the sigmoid's best, and
# nearly 0 once $|z| > 3$.

# %%
plot_activation(explorer_curves("tanh", -5, 5))

# %% [markdown]
# ## ReLU
#
# $$\text{ReLU}(z) = \max(0, z), \qquad \text{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z < 0 \end{cases}$$
#
# The rectified linear unit (003, eq. 5) is the default hidden activation of modern networks. It is
# cheap, and for active units ($z > 0$) its slope is exactly 1, so it does not shrink the gradient from
# layer to layer; this is one of the reasons deep networks became trainable (with data and GPUs).
#
# At $z = 0$ the kink has no derivative. A program must return *something*; this course, like TensorFlow,
# uses $\text{ReLU}'(0) = 0$. (It hardly matters in practice: an exact 0 is rare.)

# %% [markdown]
# ### Exercise 4: `relu` (1 point)
#
# Return $\max(0, z)$ element-wise, as a new numpy array of `z`'s shape (do not change `z` itself: the
# caller may still need it; the check looks at `z` after your call). Hint: numpy has two "max" functions,
# and only one of them works element by element.
#
# *Stuck?* `ex.relu.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="relu"
def relu(z):
    """ReLU max(0, z), element-wise; a new array of z's shape."""
    ### BEGIN SOLUTION
    return np.maximum(np.asarray(z, dtype=float), 0.0)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="relu_tests" points=1
ex.relu.check(relu)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=204, shape=(11,), scale=3.0), dict(seed=214, shape=(4, 2), scale=3.0),
          dict(seed=224, shape=(2, 2, 3), scale=3.0)]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 5: `relu_grad` (1 point)
#
# Return the slope as a **float** array of `z`'s shape: `1.0` where $z > 0$ and `0.0` elsewhere,
# **including $z = 0$**.
#
# *Stuck?* `ex.relu_grad.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="relu_grad"
def relu_grad(z):
    """Derivative of ReLU: 1.0 where z > 0, else 0.0 (0.0 at z = 0); float array of z's shape."""
    ### BEGIN SOLUTION
    return (np.asarray(z) > 0).astype(float)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="relu_grad_tests" points=1
ex.relu_grad.check(relu_grad)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=205, shape=(5, 6)), dict(seed=215, shape=(12,))]
### END HIDDEN TESTS

# %% [markdown]
# ### Products of slopes through ten layers
#
# Follow one **path** from the loss back to the first layer: one unit per layer, ten layers. The gradient
# that arrives along it is multiplied by that unit's activation slope $f'(z)$ at every layer (and by a
# weight, left out here). The cell draws 100 000 such paths, one pre-activation $z \sim \mathcal N(0, 2^2)$
# per layer, and multiplies the ten slopes of each path. It prints the best possible product (every unit
# at its steepest point), the median over all paths, the share of paths whose product is not 0
# ("open" paths) and the median over the open paths. It runs on your derivatives once they pass.

# %%
depth = 10
Z_paths = np.random.default_rng(10).normal(scale=2.0, size=(100_000, depth))   # 100 000 paths x 10 layers
slopes = {"sigmoid": ex.sigmoid_grad.use(sigmoid_grad, act.sigmoid_grad),
          "tanh": ex.tanh_grad.use(tanh_grad, act.tanh_grad),
          "relu": ex.relu_grad.use(relu_grad, act.relu_grad)}
steepest = {"sigmoid": 0.0, "tanh": 0.0, "relu": 1.0}      # where each slope is largest (ReLU: any z > 0)
print(f"{'':8s} {'best path':>10s} {'median path':>12s} {'open paths':>11s} {'median open path':>17s}")
for name, f_grad in slopes.items():
    products = np.prod(f_grad(Z_paths), axis=1)             # (100000,): one product per path
    is_open = products > 0
    best = np.prod(f_grad(np.full(depth, steepest[name])))
    print(f"{name:8s} {best:10.2e} {np.median(products):12.2e} {is_open.mean():11.2%} "
          f"{np.median(products[is_open]):17.2e}")

# %% [markdown]
# Read the rows. A sigmoid path shrinks the gradient by at least $0.25^{10} \approx 9.5 \cdot 10^{-7}$ even
# in the best case, and by about $10^{-9}$ for a typical path; tanh starts from slope 1 but saturates for
# these fairly large $z$, so a typical tanh path is just as weak. A ReLU path behaves differently: on an
# **active** path (every unit has $z > 0$) each factor is exactly 1 and the product is exactly 1, the
# gradient passes unchanged, however deep the network. That is the sense in which ReLU fixes the
# vanishing gradient.
#
# The honest other half: a ReLU unit is off for about half of its inputs, and one unit that is off closes
# the path, product exactly 0. Only about $2^{-10} \approx 0.1\%$ of random paths are open, so the median
# path carries nothing. What saves ReLU networks is that a layer has many units: with 64 units per layer
# and about half of them active, there are some $32^{10} \approx 10^{15}$ open paths from the loss to
# each first-layer weight, each at full strength. A unit that is off for *every* input is a different
# matter: no path through it is ever open, and it is **dead** (next section).
#
# So the fair test is a whole network. `dlkit.nn.mlp.gradient_norms` builds a network of 10 hidden layers
# of 64 units (initialised as chapter 05 recommends for each activation: Xavier for sigmoid and tanh, He
# for ReLU), runs one backward pass on random data, and returns the size of the backward signal
# $\lVert\partial L/\partial Z\rVert$ at every layer. The cell prints the signal at the first hidden layer
# divided by the signal at the tenth, the ratio after nine layers of backpropagation, for five random
# networks each.

# %%
from dlkit.nn.mlp import gradient_norms  # noqa: E402

for name, init in [("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he")]:
    ratios = []
    for seed in range(5):
        delta = gradient_norms(depth=10, width=64, hidden=name, init=init, rng=seed)["delta"]   # layers 1..10, output
        ratios.append(delta[0] / delta[depth - 1])
    print(f"{name:8s} ({init:6s}) signal at layer 1 / signal at layer 10: "
          + "  ".join(f"{r:.1e}" for r in ratios))

# %% [markdown]
# In the network the sigmoid's signal still falls by a factor of about $2 \cdot 10^{-6}$ over nine layers, while
# ReLU's stays of the same order (between about 0.6 and 1.4 here), and tanh, whose slope near 0 is 1 and
# whose units are rarely saturated at this initialisation, loses a factor of about 2 to 3. Chapter 05
# explores these curves in its gradient-norm explorer.

# %% [markdown]
# ### Dying ReLU
#
# ReLU's weak spot is the other half of its derivative. A unit whose pre-activation is negative for
# *every* input outputs 0 and has slope 0 for every input: no gradient reaches its weights, so they never
# change and the unit stays off for good. It is **dead**. A too-large learning-rate step or a large
# negative bias can push units there. The cell builds a layer of 1000 ReLU units and counts the ones that
# are off for all 200 inputs, for a few bias values.

# %%
X_in = rng.normal(size=(200, 10))                          # (N, D)
W_in = rng.normal(size=(10, 1000)) / np.sqrt(10)           # (D, H), unit-variance pre-activations
for bias in [0.0, -1.0, -2.0, -3.0]:
    Z_in = X_in @ W_in + bias                               # (N, H)
    dead = np.all(act.relu_grad(Z_in) == 0, axis=0)         # (H,): off for every sample
    print(f"bias {bias:+.0f}: {dead.mean():6.1%} of the units are dead on this batch")

# %% [markdown]
# ## Leaky ReLU
#
# The fix is to give negative inputs a small slope $\alpha$ instead of none (003, eq. 6):
#
# $$\text{LeakyReLU}(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases} = \max(\alpha z, z)
#   \ \text{ for } 0 \le \alpha < 1, \qquad
#   \text{LeakyReLU}'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}$$
#
# A unit with negative $z$ now still passes a gradient of $\alpha$ and can recover. The sources use
# $\alpha \approx 0.01$, but Keras does not: `keras.activations.leaky_relu` defaults to
# `negative_slope=0.2` and the `keras.layers.LeakyReLU` layer to `0.3`. Always pass the slope explicitly.

# %% [markdown]
# ### Exercise 6: `leaky_relu` (1 point)
#
# `leaky_relu(z, alpha=0.01)` returns a numpy array of `z`'s shape. The small slope belongs to the
# **negative** side; positive inputs pass unchanged. Keep the default `alpha=0.01` (the check calls your
# function once without `alpha`).
#
# *Stuck?* `ex.leaky_relu.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="leaky_relu"
def leaky_relu(z, alpha=0.01):
    """Leaky ReLU: z where z > 0, alpha * z elsewhere."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="leaky_relu_tests" points=1
ex.leaky_relu.check(leaky_relu)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=206, shape=(8,), alpha=0.05), dict(seed=216, shape=(3, 4), alpha=0.3)]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 7: `leaky_relu_grad` (1 point)
#
# `leaky_relu_grad(z, alpha=0.01)` returns the slope, an array of `z`'s shape: 1 where $z > 0$ and
# $\alpha$ elsewhere. At $z = 0$ the value is 0 either way and we use the slope $\alpha$.
#
# *Stuck?* `ex.leaky_relu_grad.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="leaky_relu_grad"
def leaky_relu_grad(z, alpha=0.01):
    """Derivative of Leaky ReLU: 1.0 where z > 0, alpha elsewhere."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, alpha)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="leaky_relu_grad_tests" points=1
ex.leaky_relu_grad.check(leaky_relu_grad)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=207, shape=(8,), alpha=0.05), dict(seed=217, shape=(3, 4), alpha=0.3)]
### END HIDDEN TESTS

# %% [markdown]
# The plot shows Leaky ReLU with $\alpha = 0.1$ (left) and its slope (right): 1 for $z > 0$ and $\alpha$ on
# the negative side, so it is never 0 and a unit can always recover.

# %%
plot_activation(explorer_curves("leaky_relu", -4, 4, alpha=0.1))

# %% [markdown]
# ### Newer smooth relatives: GELU and Swish (a pointer)
#
# Two smooth cousins of ReLU are common in recent architectures. **GELU**, $z\,\Phi(z)$ with $\Phi$ the
# normal distribution function (Hendrycks and Gimpel, 2016), is the activation of BERT and the GPT models;
# **Swish** or **SiLU**, $z\,\sigma(z)$ (Ramachandran et al., 2017), appears in EfficientNet. Both behave
# like ReLU far from 0 but dip slightly below 0 and have no kink. `dlkit.nn.activations` has both; Keras
# offers `keras.activations.gelu` and `keras.activations.silu`.

# %%
z_plot = np.linspace(-4, 3, 300)
fig, ax = plots.new_figure(figsize=(6, 3.4))
for name in ["relu", "gelu", "swish"]:
    ax.plot(z_plot, act.ACTIVATIONS[name][0](z_plot), label=name)
ax.legend()
plots.label(ax, "z", "f(z)", "ReLU and its smooth relatives")
fig

# %% [markdown]
# ## Softmax: scores to probabilities
#
# A classifier with $C$ classes ends with $C$ raw scores $z_1, \dots, z_C$, the **logits**: any real
# numbers. Softmax (003, eq. 7) turns them into a probability distribution:
#
# $$s_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}}, \qquad 0 < s_i < 1, \qquad \sum_i s_i = 1.$$
#
# The exponential keeps the order of the scores and makes every entry positive; the division makes
# them sum to 1. The source notes' example: scores $(2.0, 1.0, 0.1)$ become about $(0.66, 0.24, 0.10)$.

# %% tags=["nbval-check-output"]
scores = np.array([2.0, 1.0, 0.1])
probs = np.exp(scores) / np.sum(np.exp(scores))     # the textbook formula, fine for small scores
print("softmax([2.0, 1.0, 0.1]) =", np.round(probs, 2), " sum =", round(float(probs.sum()), 6))

# %% [markdown]
# **Stability.** For scores like $(1000, 1001, 1002)$ the textbook formula computes $e^{1000} = \infty$ and
# returns `nan`. Softmax does not change when the same number is subtracted from every score (the factor
# $e^{-m}$ cancels between numerator and denominator), so we subtract the largest score $m = \max_j z_j$
# first: then every exponent is $\le 0$, the largest term is exactly $e^0 = 1$, and nothing overflows.
#
# **Batches.** With a batch of shape $(N, C)$ (one row of scores per sample) the maximum and the sum must
# be taken **per row**: `axis=-1` with `keepdims=True`, so that the (N, 1) result broadcasts against
# the (N, C) scores. One maximum for the whole batch is not enough: a row far below it underflows to
# $0/0$.
#
# Its derivative is a matrix, the Jacobian $\partial s_i/\partial z_j = s_i(\delta_{ij} - s_j)$, i.e.
# $J = \operatorname{diag}(s) - s s^\top$ (`dlkit.nn.activations.softmax_jacobian`), with $\delta_{ij}$ the
# Kronecker delta (1 if $i = j$, else 0). Chapter 05 never needs it
# on its own: combined with cross-entropy it collapses to the simple $s - y$ (chapter 03).

# %% [markdown]
# ### Exercise 8: a stable, batched `softmax` (3 points)
#
# `z` is a numpy array of any shape; normalise along `axis` (default the last). Return a float array of
# `z`'s shape. It must give finite results for $(1000, 1001, 1002)$ without an overflow (the check turns
# floating-point warnings into errors, as for the sigmoid), and each slice along `axis` must sum to 1.
#
# *Stuck?* `ex.softmax.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="softmax"
def softmax(z, axis=-1):
    """Softmax of z along `axis`, computed without overflow; array of z's shape."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))   # largest exponent is 0
    return e / np.sum(e, axis=axis, keepdims=True)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="softmax_tests" points=3
ex.softmax.check(softmax)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=208, shape=(5,)), dict(seed=218, shape=(6, 4)), dict(seed=228, shape=(3, 2, 5)),
          dict(seed=238, shape=(4, 7), axis=0)]
### END HIDDEN TESTS

# %% [markdown]
# ## Your functions against Keras, automatic differentiation and finite differences
#
# The checks above compare your functions with the course's reference. The cell below compares them
# with three independent judges, on 24 points from $-6$ to $6$ (none exactly at ReLU's kink $z = 0$):
#
# * **Keras:** the largest difference between your $f(z)$ and `keras.activations` (for Leaky ReLU with
#   `negative_slope=0.1` and your `alpha=0.1`; tanh is numpy's own `np.tanh`, you wrote only its slope);
# * **automatic differentiation:** TensorFlow's `tf.GradientTape` records Keras' $f$ on the points and
#   returns its exact derivative; the column shows the largest difference from your $f'(z)$;
# * **finite differences:** `dlkit.nn.gradcheck.numerical_gradient` estimates the slope of your own $f$ as
#   $(f(z + h) - f(z - h)) / 2h$ with $h = 10^{-5}$, and `rel_error` compares it with your $f'$ (about
#   $10^{-7}$ or less means they agree; chapter 05 uses the same check on whole networks).
#
# The last row checks softmax the same way. Its derivative is a matrix, so the row checks a backward step
# instead: for a random upstream gradient $g$, the gradient of $\sum_i g_i s_i$ with respect to the scores
# is $s \odot (g - g \cdot s)$ (`dlkit.nn.activations.softmax_grad`), compared with the tape and with
# finite differences.

# %%
import keras  # noqa: E402  (an independent oracle)
import tensorflow as tf  # noqa: E402

from dlkit.nn.gradcheck import numerical_gradient, rel_error  # noqa: E402

z_check = np.linspace(-6.0, 6.0, 24)
my_leaky = ex.leaky_relu.use(leaky_relu, act.leaky_relu)
my_leaky_grad = ex.leaky_relu_grad.use(leaky_relu_grad, act.leaky_relu_grad)
candidates = {   # name: (your f, your f', Keras' f)
    "sigmoid": (ex.sigmoid.use(sigmoid, act.sigmoid), ex.sigmoid_grad.use(sigmoid_grad, act.sigmoid_grad),
                keras.activations.sigmoid),
    "tanh": (np.tanh, ex.tanh_grad.use(tanh_grad, act.tanh_grad), keras.activations.tanh),
    "relu": (ex.relu.use(relu, act.relu), ex.relu_grad.use(relu_grad, act.relu_grad), keras.activations.relu),
    "leaky_relu": (lambda z: my_leaky(z, alpha=0.1), lambda z: my_leaky_grad(z, alpha=0.1),
                   lambda z: keras.activations.leaky_relu(z, negative_slope=0.1)),
}


def tape_gradient(f_keras, z, weights=None):
    """d/dz of sum(weights * f(z)) by automatic differentiation (weights = 1: the element-wise slope)."""
    z_var = tf.Variable(z)                                   # float64, like z
    with tf.GradientTape() as tape:
        out = f_keras(z_var)
        total = tf.reduce_sum(out if weights is None else out * weights)
    return tape.gradient(total, z_var).numpy()


print(f"{'':11s} {'|f - Keras|':>12s} {'|f_prime - tape|':>17s} {'rel. error vs finite differences':>33s}")
for name, (f, f_grad, f_keras) in candidates.items():
    value_gap = np.max(np.abs(f(z_check) - np.asarray(f_keras(z_check))))
    tape_gap = np.max(np.abs(f_grad(z_check) - tape_gradient(f_keras, z_check)))
    measured = numerical_gradient(lambda v: float(np.sum(f(v))), z_check.copy())
    print(f"{name:11s} {value_gap:12.1e} {tape_gap:17.1e} {rel_error(f_grad(z_check), measured):33.1e}")

my_softmax = ex.softmax.use(softmax, act.softmax)
Z_check = np.random.default_rng(1).normal(scale=3.0, size=(4, 3))       # (N, C)
G_check = np.random.default_rng(2).normal(size=(4, 3))                  # upstream gradient, (N, C)
value_gap = np.max(np.abs(my_softmax(Z_check) - np.asarray(keras.activations.softmax(Z_check, axis=-1))))
backward = act.softmax_grad(Z_check, G_check)
tape_gap = np.max(np.abs(backward - tape_gradient(keras.activations.softmax, Z_check, G_check)))
measured = numerical_gradient(lambda v: float(np.sum(my_softmax(v) * G_check)), Z_check.copy())
print(f"{'softmax':11s} {value_gap:12.1e} {tape_gap:17.1e} {rel_error(backward, measured):33.1e}")

# %% [markdown]
# The differences from Keras and from the tape are float64 rounding ($10^{-16}$), except Leaky ReLU's
# (about $10^{-8}$): Keras stores `negative_slope=0.1` as a float32 number, $0.100000001$, and the gap is
# that difference times $|z| \le 6$. The relative errors against finite differences are $10^{-7}$ or less:
# your derivatives are the slopes of your functions.

# %% [markdown]
# ## `from_logits`: leave the last activation to the loss
#
# In Keras you can end a classifier with `activation="softmax"` and train with
# `CategoricalCrossentropy()`, or end it with no activation (raw logits) and train with
# `CategoricalCrossentropy(from_logits=True)`. On paper the two are the same model. The loss needs
# $\log s_i$, and in floating point a tiny probability rounds to exactly 0, whose logarithm is $-\infty$.
# From the logits, $\log s_i = z_i - \max_j z_j - \log\sum_j e^{z_j - \max_j z_j}$ (the log-softmax) is exact.
# The cell shows the difference in numpy.

# %%
from dlkit.nn.losses import log_softmax  # noqa: E402

logits = np.array([0.0, 50.0, 800.0])
with np.errstate(divide="ignore"):
    via_probs = np.log(act.softmax(logits))          # softmax rounds e^-800 to 0: log(0) = -inf
print("log softmax through probabilities:", via_probs)
print("log-softmax from the logits:      ", log_softmax(logits))

# %% [markdown]
# **What Keras does with probabilities.** It depends on where they come from (Keras 3 with the TensorFlow
# backend, as in this course; read in Keras' source, `keras/src/backend/tensorflow/nn.py`, `_get_logits`):
#
# * **Inside a model**, the output of a `softmax` or `sigmoid` activation is not just probabilities: the
#   activation attaches its input, the logits, to the output tensor (an attribute `_keras_logits`), and
#   `CategoricalCrossentropy`, `SparseCategoricalCrossentropy` and `BinaryCrossentropy` take the logits
#   from there and compute the loss from them, exactly as with `from_logits=True`. So a model ending in
#   `activation="softmax"` trained with `from_logits=False` gets the exact loss and a useful gradient.
# * **Probabilities passed in from outside a model** (a numpy array, the result of `model.predict`, any
#   tensor not produced by such an activation) carry no logits. Then Keras rescales each row to sum 1,
#   clips the probabilities to $[10^{-7}, 1 - 10^{-7}]$ and takes the logarithm: a probability rounded
#   to 0 costs $-\log 10^{-7} \approx 16.1$ whatever the true loss is, and the clipped entry has a zero
#   gradient.
#
# The cell measures both with a one-layer model whose logits for one example are $(0, 800)$ and whose
# true class is 0: the true loss is 800.

# %%
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2, activation="softmax")])
model.layers[0].set_weights([np.array([[0.0, 800.0]]), np.zeros(2)])      # logits = x (0, 800)
model.compile(loss=keras.losses.CategoricalCrossentropy())                # from_logits=False
x_one, y_one = np.array([[1.0]]), np.array([[1.0, 0.0]])                  # true class 0
probs_one = model.predict(x_one, verbose=0)
loss_fn = keras.losses.CategoricalCrossentropy()
with tf.GradientTape() as tape:
    inside = loss_fn(y_one, model(x_one))                                 # the output keeps its logits
kernel_grad = tape.gradient(inside, model.layers[0].kernel)
print("probabilities from model.predict:          ", probs_one)
print(f"model.evaluate (loss inside the model):     {model.evaluate(x_one, y_one, verbose=0):.2f}")
print(f"loss on model(x), and its gradient dL/dW:   {float(inside):.2f}  {np.asarray(kernel_grad).ravel()}")
print(f"loss on the predict() probabilities:        {float(loss_fn(y_one, probs_one)):.2f}   (clipped)")
print(f"loss on the logits with from_logits=True:   "
      f"{float(keras.losses.CategoricalCrossentropy(from_logits=True)(y_one, np.array([[0.0, 800.0]]))):.2f}")

# %% [markdown]
# Inside the model Keras recovers the logits (loss 800, gradient $\pm 1$); on the same probabilities
# passed in from outside it reports 16.12. This recovery is a detail of the TensorFlow backend (the JAX and
# PyTorch backends of Keras 3 do not look for the attached logits), and it happens silently. Ending the
# model with no activation and passing `from_logits=True` says what you mean and is exact on every
# backend; at prediction time you then apply softmax (or sigmoid) yourself to get probabilities.

# %% [markdown]
# ## Choosing activations
#
# The hidden layers and the output layer have different jobs. Hidden layers need a slope that keeps
# gradients alive; the output layer must produce values of the right kind for the target.
#
# | where | task | activation | Keras loss |
# | --- | --- | --- | --- |
# | hidden layers | default | ReLU | |
# | hidden layers | many dead units | Leaky ReLU (or GELU/Swish) | |
# | hidden layers | recurrent cells (LSTM, GRU) | tanh (and sigmoid gates) | |
# | output | regression, any real value | linear | `MeanSquaredError`, `Huber` |
# | output | binary, or several independent yes/no labels | sigmoid (or logits + `from_logits=True`) | `BinaryCrossentropy` |
# | output | one class out of $C$ | softmax (or logits + `from_logits=True`) | `CategoricalCrossentropy` / `SparseCategoricalCrossentropy` |
# | output | target in $(-1, 1)$ | tanh | `MeanSquaredError` |
#
# Avoid sigmoid and tanh in the hidden layers of deep feed-forward networks: their saturation
# starves the first layers of gradient.

# %% [markdown]
# ## Explore: activations and their slopes
#
# Pick a function, widen the input range, and for Leaky ReLU change the slope $\alpha$. Watch where the
# derivative (right) is close to 0: those are the inputs where a unit stops learning. (The explorer needs
# a live notebook; in a static view you see the sigmoid.)

# %%
from dlkit.viz.activations import activation_explorer  # noqa: E402

activation_explorer("sigmoid")

# %% [markdown]
# ## Summary
#
# * Without a non-linear activation, any stack of layers is one linear map.
# * Sigmoid $(0, 1)$ and tanh $(-1, 1)$ saturate: $\sigma' \le 0.25$ and $\tanh' \le 1$, and products
#   of such factors through many layers vanish.
# * ReLU keeps a slope of 1 for active units but can die; Leaky ReLU keeps a small slope $\alpha$ on the
#   negative side. The derivative at the kink is a convention (0 for ReLU here).
# * Softmax turns $C$ scores into probabilities; subtract the row maximum and normalise along the class
#   axis. Compute sigmoid with $e^{-|z|}$.
# * Prefer logits with `from_logits=True`: the loss computes the logarithm stably. Keras' TensorFlow
#   backend recovers the logits of a softmax or sigmoid output inside a model, but probabilities passed in
#   from outside are clipped to $[10^{-7}, 1 - 10^{-7}]$.
# * On a path of active units ReLU's slopes multiply to exactly 1; a path through a unit that is off
#   carries nothing, and a unit off for every input is dead.
