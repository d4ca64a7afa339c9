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
# # 03 · Forward propagation and loss functions
#
# A network turns an input into a prediction by passing it forward, layer by layer: that is **forward
# propagation**. A **loss function** then scores the prediction against the truth with one number,
# the number training will push down (chapters 04 and 05). This chapter computes a forward pass first
# neuron by neuron, then for a whole batch with one matrix product per layer, and then goes through the
# losses Keras offers, what each is for, and why classifiers should hand the loss their raw scores.
#
# **You will write:** `dense_forward`, `mlp_forward`, `mse`, `huber`, `binary_crossentropy`,
# `categorical_crossentropy`, `sparse_categorical_crossentropy`, `kl_divergence`. Each exercise is checked
# against the course's reference (`dlkit.nn.layers`, `dlkit.nn.mlp`, `dlkit.nn.losses`, whose functions the
# course's own tests match to Keras' `Dense` layers and `keras.losses`); after the exercises one cell
# compares each of *your* losses with its `keras.losses` class directly.

# %%
import numpy as np

import dlkit
from dlkit.exercises import ch03_forward_propagation_and_losses as ex
from dlkit.nn import activations as act
from dlkit.nn import losses as ref_losses
from dlkit.viz import style as plots

rng = dlkit.setup_notebook(seed=0)

# %% [markdown]
# ## One neuron, then a chain of two
#
# Each neuron does four things: take its inputs, form the weighted sum, add its bias, apply its
# activation. The worked example of the source notes (002) has one input $x_1 = 0.1$ and a neuron with
# weight $w_1 = 0.15$, bias $b_1 = 0.4$ and a sigmoid:
#
# $$z_1 = w_1 x_1 + b_1 = 0.015 + 0.4 = 0.415, \qquad a_1 = \sigma(z_1) = \frac{1}{1 + e^{-0.415}} \approx 0.6023 .$$
#
# A second neuron ($w_2 = 0.45$, $b_2 = 0.65$, sigmoid) takes $a_1$ as *its* input:
# $z_2 = 0.45 \cdot 0.6023 + 0.65 \approx 0.921$ and $a_2 = \sigma(z_2) \approx 0.7153$, the network's
# prediction for $x_1 = 0.1$.

# %% tags=["nbval-check-output"]
x1, w1, b1 = 0.1, 0.15, 0.4
z1 = w1 * x1 + b1
a1 = act.sigmoid(z1)
w2, b2 = 0.45, 0.65
z2 = w2 * a1 + b2
a2 = act.sigmoid(z2)
print(f"z1 = {z1:.4f}  a1 = {a1:.4f}")
print(f"z2 = {z2:.4f}  a2 = {a2:.4f}")

# %% [markdown]
# ## A layer in matrix form
#
# A layer has $H$ neurons, all reading the same $D$ inputs. Writing every weighted sum out by hand stops
# being practical quickly; the source notes (003, eq. 8 and 9) write one layer $l$ as
#
# $$z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}, \qquad a^{[l]} = g^{[l]}(z^{[l]}),$$
#
# for one sample as a column vector, with $a^{[0]} = x$. Code works on a whole **batch** at once and
# stores samples as rows, so this course (like Keras and cs231n) uses the transposed layout:
#
# | symbol | shape | meaning |
# | --- | --- | --- |
# | $X$ | $(N, D)$ | $N$ samples, $D$ features each, one sample per row |
# | $W$ | $(D, H)$ | column $j$ holds the $D$ weights of unit $j$ (Keras' `Dense.kernel` has this shape) |
# | $b$ | $(H,)$ | one bias per unit, added to every row (numpy broadcasting) |
# | $Z = XW + b$ | $(N, H)$ | pre-activations: row $n$, column $j$ is unit $j$'s weighted sum for sample $n$ |
# | $A = g(Z)$ | $(N, H)$ | activations, the input of the next layer |
#
# Entry $(n, j)$ of $XW$ is $\sum_d X_{nd} W_{dj}$: exactly the neuron-by-neuron sum. The cell checks that
# a double loop over samples and units and the matrix product agree.

# %%
X_demo = rng.normal(size=(4, 3))                      # (N, D) = 4 samples, 3 features
W_demo = rng.normal(size=(3, 2))                      # (D, H) = 2 units
b_demo = np.array([0.5, -1.0])                        # (H,)
Z_loop = np.zeros((4, 2))
for n in range(4):                                    # every sample
    for j in range(2):                                # every unit
        Z_loop[n, j] = sum(X_demo[n, d] * W_demo[d, j] for d in range(3)) + b_demo[j]
Z_mat = X_demo @ W_demo + b_demo                      # (4, 3) @ (3, 2) + (2,) -> (4, 2)
print("loops and matrix product agree:", np.allclose(Z_loop, Z_mat), "  shape", Z_mat.shape)

# %% [markdown]
# ### Exercise 1: `dense_forward` (2 points)
#
# Every layer of this course is a pair of functions: `<layer>_forward(...)` returns the layer's output
# *and* a **cache**, what the backward pass of chapter 05 will need, and `<layer>_backward(dout, cache)`
# turns the gradient arriving from above into the gradients of the layer's inputs and parameters. Here
# you write the forward half of the dense layer (earlier versions of this chapter called it `dense` and
# returned $Z$ alone).
#
# For `X` of shape `(N, D)`, `W` of shape `(D, H)` and `b` of shape `(H,)`, return the tuple `(Z, cache)`:
# `Z` $= XW + b$, a float array of shape `(N, H)`, and `cache` the pair `(X, W)` (the backward pass computes
# $\partial L/\partial W = X^\top\,\partial L/\partial Z$ and $\partial L/\partial X = \partial L/\partial Z\, W^\top$
# from them). A list `[Z, (X, W)]` is accepted too. `dlkit.nn.layers.dense_forward` is the course's version.
#
# *Stuck?* `ex.dense_forward.hint()` gives a hint; call it again for the next level (three in all).

# %% nbgrader="solution" grade_id="dense_forward"
def dense_forward(X, W, b):
    """Fully connected layer: Z = X (N, D) @ W (D, H) + b (H,), shape (N, H); returns (Z, cache=(X, W))."""
    ### BEGIN SOLUTION
    Z = X @ W + b                      # (N, D) @ (D, H) + (H,) -> (N, H)
    return Z, (X, W)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="dense_forward_tests" points=2
ex.dense_forward.check(dense_forward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=301, n=5, d=3, h=2), dict(seed=311, n=1, d=4, h=6), dict(seed=321, n=7, d=1, h=1)]
### END HIDDEN TESTS

# %% [markdown]
# ## A whole network: forward propagation
#
# A multi-layer perceptron (MLP) is a list of dense layers, each followed by its activation. The output
# of one layer is the input of the next:
#
# $$A^{[0]} = X, \qquad A^{[l]} = g^{[l]}\bigl(A^{[l-1]} W^{[l]} + b^{[l]}\bigr), \quad l = 1, \dots, L .$$
#
# The last activation fits the task (chapter 02): linear for regression, sigmoid or softmax for
# classification. The dictionary below maps activation names to `dlkit.nn.activations`; use it in the
# exercise.

# %%
ACTIVATION_FUNCTIONS = {
    "linear": act.linear,
    "sigmoid": act.sigmoid,
    "tanh": act.tanh,
    "relu": act.relu,
    "softmax": act.softmax,       # along the last axis: one distribution per example
}

# %% [markdown]
# ### Exercise 2: `mlp_forward` (2 points)
#
# `params` is the course's parameter structure, a dict of named arrays, one weight matrix and one bias
# per layer: `{"W1": W1, "b1": b1, "W2": W2, "b2": b2, ...}` (`dlkit.nn.init.init_params` builds it;
# earlier versions of this exercise took a list of `(W, b)` pairs). `activations` is a list of $L$ names,
# one per layer, the last one included, each a key of `ACTIVATION_FUNCTIONS`. Return the output of the
# last layer, a float array of shape `(N, H_L)`. Use your `dense_forward` (its first return value).
#
# *Stuck?* `ex.mlp_forward.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="mlp_forward"
def mlp_forward(X, params, activations):
    """Forward pass of an MLP: for layer l = 1..L, A = f_l(A W_l + b_l); returns the last A."""
    ### BEGIN SOLUTION
    A = X
    for l, name in enumerate(activations, start=1):
        Z, _ = dense_forward(A, params[f"W{l}"], params[f"b{l}"])   # (N, H_prev) -> (N, H)
        A = ACTIVATION_FUNCTIONS[name](Z)
    return A
    ### END SOLUTION


# %% nbgrader="tests" grade_id="mlp_forward_tests" points=2
ex.mlp_forward.check(mlp_forward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=302, sizes=[4, 5, 3, 3], n=6, activations=["tanh", "relu", "linear"]),
          dict(seed=312, sizes=[4, 5, 3, 3], n=6, activations=["tanh", "relu", "softmax"])]
### END HIDDEN TESTS

# %% [markdown]
# ## Loss functions
#
# A loss compares the targets $y$ with the predictions $\hat y$ and returns one number for the batch: the
# **average** of the per-sample losses (Keras' default reduction). Averaging instead of summing keeps
# the scale (and the useful learning rate) independent of the batch size. The choice of loss follows
# the task and the output activation:
#
# | task | loss | per-sample formula | Keras name |
# | --- | --- | --- | --- |
# | regression | mean squared error | $\frac{1}{C}\sum_c (y_c - \hat y_c)^2$ | `MeanSquaredError` (`"mse"`) |
# | regression | mean absolute error | $\frac{1}{C}\sum_c \lvert y_c - \hat y_c\rvert$ | `MeanAbsoluteError` (`"mae"`) |
# | regression | root mean squared error | $\sqrt{\text{MSE}}$ (same unit as $y$) | metric `RootMeanSquaredError` |
# | regression, outliers | Huber | $\tfrac12 e^2$ if $\lvert e\rvert \le \delta$, else $\delta(\lvert e\rvert - \tfrac12\delta)$ | `Huber(delta=1.0)` |
# | regression, smooth | log-cosh | $\frac{1}{C}\sum_c \log\cosh(\hat y_c - y_c)$ | `LogCosh` |
# | yes/no | binary cross-entropy | $-[y\log\hat y + (1-y)\log(1-\hat y)]$ | `BinaryCrossentropy` |
# | yes/no, margin | hinge | $\max(0, 1 - y\hat y)$, $y \in \{-1, 1\}$, $\hat y$ a score | `Hinge` |
# | yes/no, margin | squared hinge | $\max(0, 1 - y\hat y)^2$, $y \in \{-1, 1\}$ | `SquaredHinge` |
# | one of $C$ classes, one-hot $y$ | categorical cross-entropy | $-\sum_c y_c \log \hat y_c$ | `CategoricalCrossentropy` |
# | one of $C$ classes, integer $y$ | sparse categorical cross-entropy | $-\log \hat y_{y}$ | `SparseCategoricalCrossentropy` |
# | match a distribution | Kullback–Leibler divergence | $\sum_c y_c \log(y_c / \hat y_c)$ | `KLDivergence` |
# | counts | Poisson | $\frac{1}{C}\sum_c \bigl(\hat y_c - y_c \log \hat y_c\bigr)$ | `Poisson` |
#
# The hinge losses take labels $y \in \{-1, +1\}$. Keras' `Hinge` and `SquaredHinge` also accept 0/1
# labels: when every label of the batch is 0 or 1, they convert them with $2y - 1$ (0 becomes $-1$) before
# the formula (`convert_binary_labels_to_hinge` in Keras' source); labels already in $\{-1, 1\}$ are used
# as they are.
#
# All are in `dlkit.nn.losses`, each equal to its Keras counterpart; the cell compares them on one random
# batch, the hinge losses with $\pm 1$ labels, and then once more with the same labels written as 0/1.
# (Where probabilities $\hat y$ passed to a Keras loss enter a logarithm, Keras first clips them to
# $[\epsilon, 1-\epsilon]$ with $\epsilon = 10^{-7}$, so that $\log 0$ never happens; we do the same. Inside a
# model, Keras' TensorFlow backend instead recovers the logits of a sigmoid or softmax output layer, as
# chapter 02 measured.)

# %%
import keras  # noqa: E402  (only as an oracle)

y_reg, p_reg = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))            # regression targets/predictions
y_bin, p_bin = (rng.random((8, 1)) > 0.5).astype(float), rng.uniform(0.05, 0.95, size=(8, 1))
y_pm = 2 * y_bin - 1                                                        # the same labels as -1/+1
score = 2 * p_bin - 1                                                       # scores in (-0.9, 0.9)
y_cnt, p_cnt = rng.poisson(3.0, size=(8, 1)).astype(float), rng.uniform(0.5, 5.0, size=(8, 1))
comparisons = [
    ("mse", ref_losses.mse(y_reg, p_reg), keras.losses.MeanSquaredError()(y_reg, p_reg)),
    ("mae", ref_losses.mae(y_reg, p_reg), keras.losses.MeanAbsoluteError()(y_reg, p_reg)),
    ("rmse", ref_losses.rmse(y_reg, p_reg), keras.metrics.RootMeanSquaredError()(y_reg, p_reg)),
    ("huber", ref_losses.huber(y_reg, p_reg), keras.losses.Huber()(y_reg, p_reg)),
    ("log_cosh", ref_losses.log_cosh(y_reg, p_reg), keras.losses.LogCosh()(y_reg, p_reg)),
    ("binary_crossentropy", ref_losses.binary_crossentropy(y_bin, p_bin), keras.losses.BinaryCrossentropy()(y_bin, p_bin)),
    ("hinge", ref_losses.hinge(y_pm, score), keras.losses.Hinge()(y_pm, score)),
    ("squared_hinge", ref_losses.squared_hinge(y_pm, score), keras.losses.SquaredHinge()(y_pm, score)),
    ("poisson", ref_losses.poisson(y_cnt, p_cnt), keras.losses.Poisson()(y_cnt, p_cnt)),
]
for name, ours, theirs in comparisons:
    print(f"{name:20s} dlkit {ours:9.6f}   {ref_losses.KERAS_NAMES[name]:48s} {float(theirs):9.6f}")
print(f"hinge with the same labels as 0/1: Keras {float(keras.losses.Hinge()(y_bin, score)):.6f}, "
      f"squared hinge {float(keras.losses.SquaredHinge()(y_bin, score)):.6f} (converted to -1/+1 first)")

# %% [markdown]
# How the regression losses grow with the error $e = \hat y - y$ explains when to use which: MSE grows
# quadratically, so one outlier with a large error dominates the average; MAE grows linearly and
# shrugs outliers off, but its slope jumps at 0; Huber and log-cosh are quadratic near 0 and linear far
# out, the best of both. (The Poisson loss can be negative: it drops the constant $\log y!$ of the
# Poisson negative log-likelihood, which does not depend on the model; only its changes matter.)

# %%
e = np.linspace(-4, 4, 201)
zeros = np.zeros((e.size, 1))                          # 201 examples with target 0, predictions e
fig, ax = plots.new_figure(figsize=(6, 3.6))
for name, per_example in [("MSE: e²", e ** 2), ("MAE: |e|", np.abs(e)),
                          ("Huber, δ = 1", ref_losses.huber(zeros, e[:, None], reduction="none")),
                          ("log-cosh", ref_losses.log_cosh(zeros, e[:, None], reduction="none"))]:
    ax.plot(e, per_example, label=name)
ax.set_ylim(0, 8)
ax.legend()
plots.label(ax, "error e = ŷ − y", "loss of one example", "Regression losses")
fig

# %% [markdown]
# ### Exercise 3: `mse` (1 point)
#
# Return the mean squared error, $\frac{1}{n}\sum_i (y_i - \hat y_i)^2$ over all $n$ entries of the arrays
# (shape `(N,)` or `(N, C)`), as one number (a Python float, a numpy scalar or a 0-d array).
#
# *Stuck?* `ex.mse.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="mse"
def mse(y_true, y_pred):
    """Mean squared error over all entries; a float."""
    ### BEGIN SOLUTION
    return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="mse_tests" points=1
ex.mse.check(mse)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=303, shape=(9,)), dict(seed=313, shape=(5, 3))]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 4: `huber` (2 points)
#
# With $e = \hat y - y$ and a threshold $\delta > 0$, each entry costs
#
# $$\ell_\delta(e) = \begin{cases} \tfrac12 e^2 & \lvert e\rvert \le \delta \\ \delta\,(\lvert e\rvert - \tfrac12 \delta) & \lvert e\rvert > \delta \end{cases}$$
#
# (the two pieces meet with the same value and slope at $\lvert e\rvert = \delta$). Return the mean over
# all entries, as one number. Keras: `keras.losses.Huber(delta)`.
#
# *Stuck?* `ex.huber.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="huber"
def huber(y_true, y_pred, delta=1.0):
    """Huber loss, mean over all entries; a float."""
    ### BEGIN SOLUTION
    err = np.abs(np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float))
    per_entry = np.where(err <= delta, 0.5 * err ** 2, delta * (err - 0.5 * delta))
    return float(np.mean(per_entry))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="huber_tests" points=2
ex.huber.check(huber)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=304, shape=(12,), delta=1.0), dict(seed=314, shape=(4, 5), delta=0.7),
          dict(seed=324, shape=(3, 2), delta=2.5)]
### END HIDDEN TESTS

# %% [markdown]
# ## Cross-entropy, and why logits are better than probabilities
#
# For a yes/no target $y \in \{0, 1\}$ and a predicted probability $\hat y$ of "yes", **binary
# cross-entropy** is $-[y \log \hat y + (1 - y)\log(1 - \hat y)]$: the negative log of the probability the
# model gave to what actually happened. A confident wrong answer ($\hat y \to 0$ when $y = 1$) costs
# without bound; a confident right one costs almost nothing.
#
# The model usually computes $\hat y = \sigma(z)$ from a score $z$, the **logit**. Combining the two on
# paper gives a formula that never forms $\hat y$ at all:
#
# $$-[y \log \sigma(z) + (1 - y)\log(1 - \sigma(z))] = \max(z, 0) - z\,y + \log\bigl(1 + e^{-\lvert z\rvert}\bigr).$$
#
# It is exact for every $z$. Going through probabilities is not. $\sigma(-800)$ underflows to exactly 0
# ($e^{-800}$ is below the smallest float64), and $\sigma(40)$ rounds to exactly 1, so $1 - \sigma(40) = 0$.
# A loss computed from such probabilities either takes $\log 0 = -\infty$ or, as Keras does with the
# probabilities it receives, clips the probability to $10^{-7}$ and reports $-\log 10^{-7} \approx 16.1$
# instead of the true 800 or 40, with a zero gradient: the model is told nothing about how wrong it is.
# In float32, the usual precision of Keras models, the rounding starts already near $|z| \approx 17$. This
# is what `from_logits=True` buys:
# give the loss the raw scores and let it use the stable formula.

# %%
z_demo = np.array([-800.0, -40.0, 40.0, 2.0])         # logits
y_demo = np.array([1.0, 1.0, 0.0, 1.0])               # true labels
p_demo = act.sigmoid(z_demo)                          # probabilities, float64
print("sigmoid(z):    ", p_demo, "   1 - sigmoid(z):", 1 - p_demo)
for zi, yi, pi in zip(z_demo, y_demo, p_demo):
    via_probs = ref_losses.binary_crossentropy([yi], [pi])                    # clipped to [1e-7, 1 - 1e-7]
    via_logits = ref_losses.binary_crossentropy([yi], [zi], from_logits=True)
    print(f"z = {zi:7.1f}, y = {yi:.0f}: loss from probabilities {via_probs:8.4f}   from logits {via_logits:8.4f}")
keras_bce = keras.losses.BinaryCrossentropy(from_logits=True)(y_demo, z_demo)
print(f"keras, from_logits=True, batch mean: {float(keras_bce):.4f}   dlkit: "
      f"{ref_losses.binary_crossentropy(y_demo, z_demo, from_logits=True):.4f}")

# %% [markdown]
# ### Exercise 5: `binary_crossentropy` (2 points)
#
# Return the mean binary cross-entropy over all entries as one number.
#
# * `from_logits=False`: `y_pred` holds probabilities. Clip them to $[10^{-7}, 1 - 10^{-7}]$ first
#   (`np.clip`), as Keras does, so that $\log 0$ cannot happen.
# * `from_logits=True`: `y_pred` holds logits $z$; use $\max(z, 0) - z y + \log(1 + e^{-|z|})$
#   (`np.log1p` computes $\log(1 + x)$ accurately).
#
# Both must run without a floating-point warning: the check turns overflows and $\log 0$ into errors.
#
# *Stuck?* `ex.binary_crossentropy.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="binary_crossentropy"
EPS = 1e-7   # Keras' epsilon


def binary_crossentropy(y_true, y_pred, from_logits=False):
    """Mean binary cross-entropy over all entries; a float."""
    ### BEGIN SOLUTION
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_pred, dtype=float)
    if from_logits:
        per_entry = np.maximum(p, 0.0) - p * y + np.log1p(np.exp(-np.abs(p)))
    else:
        p = np.clip(p, EPS, 1.0 - EPS)
        per_entry = -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
    return float(np.mean(per_entry))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="binary_crossentropy_tests" points=2
ex.binary_crossentropy.check(binary_crossentropy)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=305, shape=(6, 3), from_logits=True), dict(seed=305, shape=(6, 3), from_logits=False)]
### END HIDDEN TESTS

# %% [markdown]
# ### Hinge and squared hinge, in brief
#
# The **hinge** loss $\max(0, 1 - y\hat y)$ of support vector machines takes labels $y \in \{-1, +1\}$
# (Keras converts 0/1 labels to −1/+1 for you, as measured above) and a raw score $\hat y$. It is zero once a sample is on
# the right side *with a margin* ($y\hat y \ge 1$), so correct, confident samples stop pulling on the
# weights. **Squared hinge** squares it, punishing large violations harder. Both are rarely used for
# neural networks today, where cross-entropy is the norm.

# %% [markdown]
# ## Many classes: categorical cross-entropy
#
# With $C$ classes the model outputs a distribution $\hat y = \text{softmax}(z)$ over them, and the
# target is one-hot: $y = (0, \dots, 1, \dots, 0)$. The loss of one sample is
#
# $$-\sum_{c=1}^{C} y_c \log \hat y_c = -\log \hat y_{\text{true class}}$$
#
# summed over the **classes** (the last axis) and then averaged over the **samples**. From logits, $\log
# \hat y$ is the log-softmax $z_c - \max_j z_j - \log \sum_j e^{z_j - \max_j z_j}$ (chapter 02); combined
# with the loss, its gradient with respect to the logits is simply $(\hat y - y)/N$
# (`dlkit.nn.losses.softmax_cross_entropy_with_logits`, used in chapter 05).
#
# **Sparse** categorical cross-entropy is the same loss with integer labels ($y_n \in \{0, \dots, C-1\}$)
# instead of one-hot rows: it just picks $\hat y_{n, y_n}$ in each row. Use it when your labels are
# integers, which saves building the one-hot matrix.

# %% [markdown]
# ### Exercise 6: `categorical_crossentropy` (2 points)
#
# `y_true` is one-hot, shape `(N, C)`; `y_pred` holds probabilities (clip them to
# $[10^{-7}, 1 - 10^{-7}]$) or, with `from_logits=True`, logits (use a stable log-softmax, as in chapter
# 02). Return the batch mean of $-\sum_c y_c \log \hat y_c$ as one number, without a floating-point
# warning.
#
# *Stuck?* `ex.categorical_crossentropy.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="categorical_crossentropy"
def categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Mean over samples of -sum_c y_c log p_c; a float."""
    ### BEGIN SOLUTION
    y = np.asarray(y_true, dtype=float)
    z = np.asarray(y_pred, dtype=float)
    if from_logits:
        shifted = z - np.max(z, axis=-1, keepdims=True)
        log_p = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    else:
        log_p = np.log(np.clip(z, EPS, 1.0 - EPS))
    return float(np.mean(-np.sum(y * log_p, axis=-1)))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="categorical_crossentropy_tests" points=2
ex.categorical_crossentropy.check(categorical_crossentropy)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=306, n=7, c=5, from_logits=True), dict(seed=306, n=7, c=5, from_logits=False)]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 7: `sparse_categorical_crossentropy` (1 point)
#
# `y_true` holds integer labels, a numpy array of shape `(N,)`, counting from 0; `y_pred` probabilities
# of shape `(N, C)` (clip them as
# before). Return the mean over samples of $-\log \hat y_{n, y_n}$. To pick one entry per row, index
# with two arrays: `P[np.arange(N), labels]`. (Logits are not required here.) Return one number.
#
# *Stuck?* `ex.sparse_categorical_crossentropy.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="sparse_categorical_crossentropy"
def sparse_categorical_crossentropy(y_true, y_pred):
    """Mean over samples of -log p[n, label_n]; a float."""
    ### BEGIN SOLUTION
    labels = np.asarray(y_true, dtype=int)
    p = np.clip(np.asarray(y_pred, dtype=float), EPS, 1.0 - EPS)
    return float(np.mean(-np.log(p[np.arange(len(labels)), labels])))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="sparse_categorical_crossentropy_tests" points=1
ex.sparse_categorical_crossentropy.check(sparse_categorical_crossentropy)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=307, n=9, c=6), dict(seed=317, n=1, c=3)]
### END HIDDEN TESTS

# %% [markdown]
# ## Comparing distributions: KL divergence
#
# When the target is itself a distribution (soft labels, or a teacher network's output in distillation),
# the **Kullback–Leibler divergence** measures how far the prediction $\hat y$ is from it:
#
# $$\mathrm{KL}(y \,\|\, \hat y) = \sum_c y_c \log \frac{y_c}{\hat y_c} \ \ge 0,$$
#
# zero exactly when $\hat y = y$. Splitting the logarithm, $\log(y_c/\hat y_c) = \log y_c - \log \hat y_c$,
# gives
#
# $$\mathrm{KL}(y \,\|\, \hat y) = \underbrace{-\sum_c y_c \log \hat y_c}_{\text{cross-entropy}}
#   \; - \; \underbrace{\Bigl(-\sum_c y_c \log y_c\Bigr)}_{H(y),\ \text{the entropy of } y},$$
#
# where the **entropy** $H(y) = -\sum_c y_c \log y_c$ measures how spread out the target distribution is
# (0 for a one-hot $y$, $\log C$ for the uniform one). $H(y)$ depends on the targets only, not on the
# model: minimising KL and minimising cross-entropy move the weights the same way, and for one-hot targets
# the two are equal. It is not
# symmetric, $\mathrm{KL}(y\|\hat y) \ne \mathrm{KL}(\hat y\|y)$, so the order matters. Keras
# (`KLDivergence`) clips both arguments to $[10^{-7}, 1]$, so classes with $y_c = 0$ contribute
# (almost) nothing.

# %% [markdown]
# ### Exercise 8: `kl_divergence` (1 point)
#
# `y_true` and `y_pred` have shape `(N, C)`, each row a distribution. Clip both to $[10^{-7}, 1]$, sum
# $y_c \log(y_c / \hat y_c)$ over the classes, and return the mean over the examples, as one number.
#
# *Stuck?* `ex.kl_divergence.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="kl_divergence"
def kl_divergence(y_true, y_pred):
    """Mean over samples of sum_c y_c log(y_c / p_c), both clipped to [EPS, 1]; a float."""
    ### BEGIN SOLUTION
    y = np.clip(np.asarray(y_true, dtype=float), EPS, 1.0)
    p = np.clip(np.asarray(y_pred, dtype=float), EPS, 1.0)
    return float(np.mean(np.sum(y * np.log(y / p), axis=-1)))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="kl_divergence_tests" points=1
ex.kl_divergence.check(kl_divergence)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=308, n=6, c=4), dict(seed=318, n=2, c=7)]
### END HIDDEN TESTS

# %% [markdown]
# ## Your losses against Keras
#
# The checks above compare your functions with the course's reference. The cell below compares each of your
# losses (those that pass their checks; otherwise dlkit's, and it says so) with its `keras.losses` class on
# one random batch. Keras computes in float32, so agreement to about 6 significant digits is all one can
# expect.

# %%
batch = np.random.default_rng(30)
Y_r, P_r = batch.normal(size=(6, 3)), batch.normal(size=(6, 3))                  # regression
Y_b, Z_b = (batch.random((6, 3)) > 0.5).astype(float), batch.normal(scale=3.0, size=(6, 3))  # yes/no, logits
labels_c, Z_c = batch.integers(0, 4, size=6), batch.normal(scale=3.0, size=(6, 4))          # 4 classes
Y_c, P_c = np.eye(4)[labels_c], act.softmax(Z_c)
T_c = act.softmax(batch.normal(size=(6, 4)))                                     # a target distribution
rows = [
    ("mse", ex.mse.use(mse, ref_losses.mse), (Y_r, P_r), keras.losses.MeanSquaredError()),
    ("huber", ex.huber.use(huber, ref_losses.huber), (Y_r, 2 * P_r), keras.losses.Huber()),
    ("binary_crossentropy", ex.binary_crossentropy.use(binary_crossentropy, ref_losses.binary_crossentropy),
     (Y_b, Z_b, True), keras.losses.BinaryCrossentropy(from_logits=True)),
    ("categorical_crossentropy", ex.categorical_crossentropy.use(categorical_crossentropy,
                                                                 ref_losses.categorical_crossentropy),
     (Y_c, P_c), keras.losses.CategoricalCrossentropy()),
    ("sparse_categorical", ex.sparse_categorical_crossentropy.use(sparse_categorical_crossentropy,
                                                                  ref_losses.sparse_categorical_crossentropy),
     (labels_c, P_c), keras.losses.SparseCategoricalCrossentropy()),
    ("kl_divergence", ex.kl_divergence.use(kl_divergence, ref_losses.kl_divergence), (T_c, P_c),
     keras.losses.KLDivergence()),
]
for name, yours, args, keras_loss in rows:
    mine, theirs = float(yours(*args)), float(keras_loss(args[0], args[1]))
    print(f"{name:25s} yours {mine:10.6f}   Keras {theirs:10.6f}   relative difference {abs(mine - theirs) / theirs:.1e}")

# %% [markdown]
# ## Everything together: a forward pass scored by a loss
#
# A random two-layer classifier (4 features, 8 hidden ReLU units, 3 classes) on a batch of 5 examples: the
# forward pass runs on your `mlp_forward` (and, through it, your `dense_forward`) once they pass their
# checks, and the loss scores its logits. With small random weights the loss is near $\log 3 \approx 1.10$,
# the cost of guessing uniformly: a useful sanity check before training (chapter 05 trains this network).
# The last line checks the same logits layer by layer with your `dense_forward`.

# %%
from dlkit.nn.init import init_params  # noqa: E402
from dlkit.nn.layers import dense_forward as ref_dense_forward  # noqa: E402
from dlkit.nn.mlp import forward_pass  # noqa: E402

my_mlp = ex.mlp_forward.use(mlp_forward, forward_pass)
my_dense = ex.dense_forward.use(dense_forward, ref_dense_forward)
X_b = rng.normal(size=(5, 4))                                  # (N, D)
labels_b = rng.integers(0, 3, size=5)                          # (N,)
params_b = init_params([4, 8, 3], rng=rng, scale=0.1)          # {"W1": (4, 8), "b1": (8,), "W2": (8, 3), "b2": (3,)}
logits_b = my_mlp(X_b, params_b, ["relu", "linear"])           # (5, 3)
loss_b, dlogits_b = ref_losses.softmax_cross_entropy_with_logits(logits_b, labels_b)
print(f"loss {loss_b:.4f}   (log 3 = {np.log(3):.4f});  dloss/dlogits has shape {dlogits_b.shape}")
H_b = np.maximum(my_dense(X_b, params_b["W1"], params_b["b1"])[0], 0.0)       # (5, 8), ReLU
print("layer by layer gives the same logits:",
      np.allclose(my_dense(H_b, params_b["W2"], params_b["b2"])[0], logits_b))

# %% [markdown]
# ## Explore: losses and their slopes
#
# Training follows the slope of the loss, not its value, so the explorer shows both. Choose a task, a
# target $y$ and move the prediction. For **regression** the curves are MSE, MAE, Huber (set its $\delta$)
# and log-cosh as functions of $\hat y$: watch MSE's slope grow with the error while MAE's stays at $\pm 1$
# and jumps at the target. For **yes/no** the prediction is a score $z$ (the logit): binary cross-entropy from
# the logit, the same loss through the probability $\sigma(z)$ clipped to $[10^{-7}, 1 - 10^{-7}]$ as Keras
# clips probabilities it receives, and the two hinge losses (the 0/1 target read as $-1/+1$, as Keras
# converts it). Move $z$ beyond about 16 in the wrong direction: the probability route flattens at 16.12
# with slope 0, while the logit route keeps a slope of 1. (Squared hinge grows beyond the panels. The
# explorer needs a live notebook; a static view shows the regression losses for $y = 0$, $\hat y = 2$.)

# %%
from dlkit.viz.losses import loss_explorer  # noqa: E402

loss_explorer()

# %% [markdown]
# ## Summary
#
# * A layer is $Z = XW + b$ with $X$ $(N, D)$, $W$ $(D, H)$, $b$ $(H,)$, then $A = g(Z)$; forward
#   propagation feeds each layer's $A$ to the next. A layer's forward function also returns a cache
#   for its backward pass; the parameters of a network are one dict, `{"W1": ..., "b1": ..., ...}`.
# * A loss averages a per-sample cost over the batch; pick it by task: MSE/MAE/Huber/log-cosh for
#   regression, binary cross-entropy (or hinge) for yes/no, (sparse) categorical cross-entropy for
#   classes, KL divergence for distributions, Poisson for counts.
# * Clip probabilities before a logarithm, and better, give the loss the logits
#   (`from_logits=True`): the combined formula is exact where probabilities round to 0, and its slope
#   never vanishes for a confident wrong answer.
# * KL divergence is cross-entropy minus the entropy $H(y)$ of the targets; hinge losses want $\pm 1$
#   labels, and Keras converts 0/1 labels for them.
