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
# # 08 · Regularisation and training
#
# A network with enough weights can memorise its training set: the training loss goes to zero while the
# loss on new data gets worse. This chapter reads that from the loss curves, then goes through the tools
# that keep a model general: weight penalties (L1, L2), dropout, early stopping, and the normalisation
# layers that make deep networks train smoothly (batch and layer normalisation). It ends with the checks
# to run when training misbehaves: dead ReLUs and per-layer gradient logging.
#
# **You will write:** `diagnose_curves`, `l1_l2_penalty`, the layers `dropout_forward` and
# `batchnorm_forward` (in the course's layer contract, `out, cache = <layer>_forward(...)`, batch norm
# matched to Keras), and a regularised Keras model that beats its unregularised twin.

# %%
import numpy as np

import dlkit
from dlkit.data import digits
from dlkit.exercises import ch08_regularization_and_training as ex
from dlkit.models import dense, training
from dlkit.nn import layers, regularization
from dlkit.viz import ridge
from dlkit.viz import style as plots

rng = dlkit.setup_notebook(seed=0)

import keras  # noqa: E402

from dlkit.progress import progress  # noqa: E402

# %% [markdown]
# ## Overfitting and underfitting, read from the curves
#
# The experiment of this chapter is deliberately hard for the model. It uses the digits split of chapter
# 05 (`dlkit.data.digits.digits_splits`: 1077 training, 360 validation and 360 test images), but keeps only
# the first **150 training images**, and trains a network with two hidden layers of 256 ReLU units (about
# 85 000 weights, some 570 per training image). To make memorising visible, 30 of the 150 images get a
# wrong label, as careless annotation would (`digits.small_data(n_train=150, n_wrong=30)`).
#
# The three parts keep their roles from chapter 05. The model's weights are fitted on the 150 training
# images; every comparison in this chapter (which curve is better, which penalty, when to stop) is made on
# the 360 **validation** images, which are correctly labelled; the 360 **test** images are touched once, at
# the very end, to report the model we chose.
#
# We train with Adam for 300 mini-batches of 50 and measure the loss on the validation images every 20
# mini-batches. Two more versions show the alternatives: the same network with an L2 penalty, and a
# network with only 2 units per hidden layer.

# %%
data = digits.small_data(n_train=150, n_wrong=30, seed=0)
clean = digits.small_data(n_train=150, seed=0)                       # the same images, true labels
print("training", data.X_train.shape, " validation", data.X_val.shape, " test", data.X_test.shape,
      f" wrong training labels: {np.sum(data.y_train != clean.y_train)}")

runs = {"256 units, no penalty": {}, "256 units, L2 = 1e-2": {"l2": 1e-2}, "2 units, no penalty": {"units": 2}}
models, histories = {}, {}
for name in progress(runs, desc="training 3 models"):
    models[name], hist = training.fit_steps(lambda: dense.twin_model(**runs[name]), data.X_train, data.y_train,
                                            steps=300, seed=0, X_val=data.X_val, y_val=data.y_val, every=20)
    histories[name] = hist.history                                   # seed 0: the same start for all three
for name, h in histories.items():
    best = int(np.argmin(h["val_loss"]))
    print(f"{name:>22}: validation loss lowest after {20 * (best + 1)} mini-batches ({h['val_loss'][best]:.2f}), "
          f"last {h['val_loss'][-1]:.2f}; without the penalty, validation cross-entropy at the end "
          f"{training.cross_entropy(models[name], data.X_val, data.y_val):.2f}")

# %% [markdown]
# The three panels show the typical pictures (the numbers above come from the same runs, all measured on
# the validation images). Without a penalty (left), the training loss falls to almost zero while the
# validation loss reaches its minimum after 40 mini-batches and then **rises**: the model is learning the
# 150 images by heart, wrong labels included (**overfitting**). With 2 units per layer (right), both losses
# stay high and close together: the model is too small to fit even the training data (**underfitting**).
# The penalised network (middle) keeps improving on the validation images until the end. Keras adds the
# penalty to **both** losses it reports, so its curves sit higher than its cross-entropy: without the
# penalty, its validation cross-entropy at the end is 0.83, against 1.03 for the unpenalised network. To
# compare models with different penalties, compare penalty-free scores (`training.cross_entropy`).

# %%
fig, axes = plots.new_figure(ncols=3, figsize=(12, 3.4))
steps_axis = 20 * np.arange(1, 16)
for ax, (name, h) in zip(axes, histories.items()):
    ax.plot(steps_axis, h["loss"], label="training")
    ax.plot(steps_axis, h["val_loss"], label="validation")
    ax.legend(fontsize="small")
    plots.label(ax, "mini-batches", "loss", name)
fig

# %% [markdown]
# ### Exercise 1: `diagnose_curves` (2 points)
#
# Turn that reading into rules. Given per-epoch lists `train_loss` and `val_loss` (same length, at least
# 2), return one of three strings, checking the rules **in this order**:
#
# 1. `"overfitting"` if the last validation loss is more than `(1 + tol)` times the **smallest** validation
#    loss, *and* the last training loss is lower than the training loss at the epoch of that smallest
#    validation loss (training still improves while validation worsens);
# 2. `"underfitting"` if the last training loss is still above `high` times the **first** training loss
#    (the model has not even halved its training loss, for `high = 0.5`);
# 3. `"good fit"` otherwise.
#
# Use the `tol` and `high` you are given (the checks also pass other values).
#
# *Stuck?* `ex.diagnose_curves.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="diagnose_curves"
def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5):
    """'overfitting', 'underfitting' or 'good fit' by the two rules above, in that order."""
    ### BEGIN SOLUTION
    train, val = np.asarray(train_loss, dtype=float), np.asarray(val_loss, dtype=float)
    best = int(np.argmin(val))
    if val[-1] > (1 + tol) * val[best] and train[-1] < train[best]:
        return "overfitting"
    if train[-1] > high * train[0]:
        return "underfitting"
    return "good fit"
    ### END SOLUTION


# %% nbgrader="tests" grade_id="diagnose_curves_tests" points=2
ex.diagnose_curves.check(diagnose_curves)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=801, n=2), dict(seed=802, n=5), dict(seed=803, n=8), dict(seed=804, n=11), dict(seed=805, n=6), dict(seed=806, n=9), dict(seed=807, n=4), dict(seed=808, n=10)]
### END HIDDEN TESTS

# %% [markdown]
# Your function (or dlkit's, until yours passes) on the three runs above:

# %%
diagnose = ex.diagnose_curves.use(diagnose_curves, regularization.diagnose_curves)
for name, h in histories.items():
    print(f"{name:>22}: {diagnose(h['loss'], h['val_loss'])}")

# %% [markdown]
# ## Weight penalties: L2 and L1
#
# A penalty on large weights is added to the loss (source notes 000):
#
# $$L_{\text{total}} = L + \lambda \sum_w w^2 \quad (\text{L2, "ridge"}), \qquad
# L_{\text{total}} = L + \lambda \sum_w |w| \quad (\text{L1, "lasso"}).$$
#
# Its gradient shows what each does at every step: L2 adds $2\lambda w$, a pull towards zero
# proportional to the weight (**weight decay**: large weights shrink fast, small ones barely); L1 adds
# $\lambda\,\mathrm{sign}(w)$, the same push for every weight. 003 (eq. 27) writes L2 as
# $\frac{\lambda}{2}\sum\|W\|_F^2$; the $\frac12$ only rescales $\lambda$. Keras follows 000:
# `keras.regularizers.L2(0.01)` adds $0.01\sum w^2$, and `L1L2(l1, l2)` adds both. Biases are usually left
# unpenalised: they do not make the function wiggly.
#
# **L1 and exact zeros.** The sources say L1 drives the weights of useless inputs to exactly zero (a
# sparse model). That is a statement about the **minimum** of the penalised loss: $|w|$ has a kink at 0,
# where its slope can be anything in $[-\lambda, \lambda]$, so a weight whose pull from the data is
# weaker than $\lambda$ has its minimum exactly at $w = 0$. Solvers built for the kink land there:
# scikit-learn's `Lasso` (coordinate descent) or a **proximal** step, a gradient step on the data loss
# followed by soft-thresholding $w \leftarrow \mathrm{sign}(w)\max(|w| - \eta\lambda, 0)$. Plain gradient
# steps, which is what Keras does with an L1 regularizer, add $\pm\eta\lambda$ at every step: near zero they
# jump across it and back, so the weight **oscillates around 0** and is almost never exactly 0.
#
# The figure fits a linear model to 20 features of which only 4 matter, with each penalty (scikit-learn's
# solvers). L2 shrinks all 20 weights a bit; L1 sets most of the 16 useless ones to exactly zero.

# %%
from sklearn.linear_model import Lasso, Ridge  # noqa: E402

X_lin = rng.normal(size=(60, 20))
w_true = np.zeros(20)
w_true[:4] = [3.0, -2.0, 1.5, 1.0]
y_lin = X_lin @ w_true + rng.normal(0, 1.0, 60)
w_l2 = Ridge(alpha=10.0).fit(X_lin, y_lin).coef_
w_l1 = Lasso(alpha=0.2).fit(X_lin, y_lin).coef_
fig, ax = plots.new_figure(figsize=(9, 3.4))
ax.bar(np.arange(20) - 0.3, w_true, width=0.3, label="true weights", color=plots.PALETTE[7])
ax.bar(np.arange(20), w_l2, width=0.3, label="with L2", color=plots.PALETTE[0])
ax.bar(np.arange(20) + 0.3, w_l1, width=0.3, label="with L1", color=plots.PALETTE[1])
ax.legend(fontsize="small")
plots.label(ax, "feature", "weight", f"L1 zeroes {np.sum(w_l1 == 0)} weights, L2 zeroes {np.sum(w_l2 == 0)}")
fig

# %% [markdown]
# The same L1 problem solved by gradient descent, two ways (`regularization.l1_descent`: the objective of
# `Lasso`, 3000 steps of $\eta = 0.05$). The figure follows, over the last 40 steps, one useless weight whose
# minimum is exactly 0: the plain (sub)gradient step keeps crossing zero back and forth, the proximal step
# sits on 0. The counts below it are over the 16 useless weights at the end: at the minimum most are
# exactly 0 (a few keep a small weight, because the noise gives them a pull stronger than $\lambda$); plain
# steps leave them near 0 but none at 0.

# %%
X_c = X_lin - X_lin.mean(axis=0)                                      # centred: no intercept needed
y_c = y_lin - y_lin.mean()
plain = regularization.l1_descent(X_c, y_c, l1=0.2, learning_rate=0.05, steps=3000)            # (3001, 20)
proximal = regularization.l1_descent(X_c, y_c, l1=0.2, learning_rate=0.05, steps=3000, proximal=True)
useless = np.flatnonzero(w_true == 0)                                 # the 16 weights that are 0 in truth
zero_at_min = useless[proximal[-1, useless] == 0]                     # those whose minimum is exactly 0
i = zero_at_min[np.argmax(np.ptp(plain[-40:, zero_at_min], axis=0))]  # the one that swings most
fig, ax = plots.new_figure(figsize=(7, 3.2))
last = np.arange(2961, 3001)
ax.plot(last, plain[-40:, i], "o-", markersize=3, label="plain gradient steps (as Keras)")
ax.plot(last, proximal[-40:, i], "s-", markersize=3, label="proximal steps (soft-thresholding)")
ax.axhline(0.0, color="gray", linewidth=1)
ax.legend(fontsize="small")
plots.label(ax, "step", f"weight of feature {i}", "one useless weight under L1")
fig

# %%
for name, path in (("plain", plain), ("proximal", proximal)):
    w_end = path[-1, useless]
    print(f"{name:>8}: {np.sum(w_end == 0):2d} of 16 useless weights exactly 0, {np.sum(np.abs(w_end) < 0.02):2d} "
          f"within 0.02 of 0; largest |w| among them {np.max(np.abs(w_end)):.4f}")
print(f"proximal vs scikit-learn's Lasso: largest difference {np.max(np.abs(proximal[-1] - Lasso(alpha=0.2, fit_intercept=False).fit(X_c, y_c).coef_)):.1e}")

# %% [markdown]
# ### Exercise 2: `l1_l2_penalty` (2 points)
#
# Return the penalty Keras' `L1L2(l1, l2)` adds for a list of kernels: $\ell_1 \sum |w| + \ell_2 \sum w^2$
# summed over every array in `kernels` (the arrays may have different shapes), as one number (a Python
# float or a numpy scalar).
#
# *Stuck?* `ex.l1_l2_penalty.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="l1_l2_penalty"
def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w^2 over all arrays in kernels; a float."""
    ### BEGIN SOLUTION
    return float(sum(l1 * np.sum(np.abs(W)) + l2 * np.sum(W ** 2) for W in kernels))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="l1_l2_penalty_tests" points=2
ex.l1_l2_penalty.check(l1_l2_penalty)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=802, l1=0.0, l2=0.02), dict(seed=803, l1=0.003, l2=0.0), dict(seed=804, l1=0.01, l2=0.05)]
### END HIDDEN TESTS

# %% [markdown]
# Keras keeps the penalties of a model in `model.losses` and adds them to the training loss. Your function
# (or dlkit's) on the two hidden kernels of the L2 model trained above gives the same number:

# %%
penalty = ex.l1_l2_penalty.use(l1_l2_penalty, regularization.l1_l2_penalty)
l2_model = models["256 units, L2 = 1e-2"]
kernels = [layer.kernel.numpy() for layer in l2_model.layers if layer.kernel_regularizer is not None]
print(f"penalty of the L2 model: {penalty(kernels, l2=1e-2):.4f}; Keras' model.losses: "
      f"{float(sum(np.asarray(v) for v in l2_model.losses)):.4f}")

# %% [markdown]
# ### Explore: the penalty strength
#
# A polynomial of degree 9 through 12 noisy points of $\sin(\pi x)$ has enough freedom to pass through
# every point. Slide $\log_{10}\lambda$ from left to right: with no penalty the fit wiggles wildly between
# the points (overfit, huge weights); with a huge penalty it flattens towards zero (underfit); in between,
# the validation error (right panel) has its minimum. Lower the degree to see underfitting without any penalty.

# %%
ridge.ridge_explorer(degree=9)

# %% [markdown]
# ## Dropout
#
# During training, dropout sets each activation to zero with probability $p$ (the **rate**), a fresh random
# choice for every mini-batch (003 eq. 28: $a \odot d$, $d \sim \mathrm{Bernoulli}(1 - p)$). No unit can rely on
# any particular other unit being there, so the network cannot build fragile co-adapted detectors; it
# behaves like an average over many thinned networks.
#
# At inference every unit is present, so the activations are on average $1/(1-p)$ times larger than during
# training. There are two equivalent fixes:
#
# | | training | inference |
# | --- | --- | --- |
# | 003's text (the original paper) | $a \odot d$ | $(1 - p)\,a$ |
# | **inverted dropout** (Keras, PyTorch) | $a \odot d / (1 - p)$ | $a$ unchanged |
#
# Both give the same expected activation; Keras scales during training so that inference needs no change at
# all, and that is the form to know. (003's text describes the first row; Keras' `Dropout` does the second.)
#
# As a layer of the course, dropout returns `(out, cache)`: the cache is the **scaled mask**
# $d / (1 - p)$, the factor the backward pass multiplies the incoming gradient by
# (`layers.dropout_backward(dout, cache)`), so a dropped unit gets no gradient.

# %%
A_demo = np.ones((10000, 1)) * 2.0
out_inv, _ = layers.dropout_forward(A_demo, 0.5, np.random.default_rng(1))
print(f"inverted dropout, training: mean {out_inv.mean():.3f} (input 2.0); inference: unchanged 2.0")
kept = (np.random.default_rng(1).random(A_demo.shape) >= 0.5) * A_demo
print(f"003's form, training: mean {kept.mean():.3f}; inference: "
      f"{regularization.dropout_scale_at_inference(2.0, 0.5):.3f}")
drop_k = keras.layers.Dropout(0.5, seed=0)
out_k = np.asarray(drop_k(A_demo.astype("float32"), training=True))
print("keras Dropout(0.5), training: values", np.unique(out_k), " inference:",
      np.unique(np.asarray(drop_k(A_demo.astype("float32"), training=False))))

# %% [markdown]
# ### Exercise 3: `dropout_forward` (2 points)
#
# Inverted dropout on an array `A` of **any shape**, as a layer of the course: return `(out, cache)`.
#
# * `training=True`: draw the keep-mask from the generator `rng` you are given, exactly as
#   `rng.random(A.shape) >= rate` (True with probability $1 - p$; never use `np.random`'s global
#   functions, which make results unrepeatable). The cache is the scaled mask, keep divided by
#   $1 - p$ (each entry 0 or $1/(1-p)$, a float array of A's shape), and `out` is `A` times the cache.
# * `training=False`: `out` is `A` unchanged and the cache an array of ones of A's shape.
#
# (This is the signature and the return value of `dlkit.nn.layers.dropout_forward`; an earlier version of
# this exercise returned the boolean mask instead of the scaled one.)
#
# *Stuck?* `ex.dropout_forward.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="dropout_forward"
def dropout_forward(A, rate, rng, training=True):
    """Inverted dropout; returns (out, cache) with cache = keep / (1 - rate)."""
    ### BEGIN SOLUTION
    if not training:
        return A, np.ones(A.shape)
    keep = rng.random(A.shape) >= rate                 # True with probability 1 - rate
    mask = keep / (1.0 - rate)                         # 0 or 1 / (1 - rate)
    return A * mask, mask
    ### END SOLUTION


# %% nbgrader="tests" grade_id="dropout_forward_tests" points=2
ex.dropout_forward.check(dropout_forward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=803, shape=(7, 5), rate=0.3), dict(seed=804, shape=(3, 4, 2), rate=0.8), dict(seed=805, shape=(6,), rate=0.1), dict(seed=10, shape=(300, 300), rate=0.4)]
### END HIDDEN TESTS

# %% [markdown]
# Forward and backward together, with your `dropout_forward` (or dlkit's) and dlkit's `dropout_backward`:
# the expected output equals the input, and the share of units that get no gradient is the rate.

# %%
dropout = ex.dropout_forward.use(dropout_forward, layers.dropout_forward)
A_big = np.full((2000, 100), 2.0)
out_big, cache_big = dropout(A_big, 0.3, np.random.default_rng(0))
dA = layers.dropout_backward(np.ones_like(A_big), cache_big)
print(f"rate 0.3: mean output {out_big.mean():.3f} (input 2.0), share of units without gradient "
      f"{np.mean(dA == 0):.3f}")

# %% [markdown]
# ## Early stopping
#
# The validation curve of the unpenalised model had its minimum long before the end of training. Early
# stopping watches the validation loss and stops when it has not improved for `patience` epochs; with
# `restore_best_weights=True` Keras also puts back the weights of the best epoch (000:
# `EarlyStopping(monitor='val_loss', patience=5, restore_best_weights=True)`). It costs nothing, needs no
# tuning beyond the patience, and combines with every other method. It selects an epoch, so it watches the
# **validation** images, never the test images. The figure marks where it stopped and which epoch it kept
# (an "epoch" here is 20 mini-batches).

# %%
stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
model_es, h_es = training.fit_steps(dense.twin_model, data.X_train, data.y_train, steps=300, seed=0,
                                    X_val=data.X_val, y_val=data.y_val, every=20,
                                    callbacks=[stopper])     # at most 15 epochs of 20 mini-batches
h_es = h_es.history
best_epoch = int(np.argmin(h_es["val_loss"]))
fig, ax = plots.new_figure(figsize=(6.5, 3.4))
ax.plot(range(1, len(h_es["loss"]) + 1), h_es["loss"], label="training")
ax.plot(range(1, len(h_es["val_loss"]) + 1), h_es["val_loss"], label="validation")
ax.axvline(best_epoch + 1, color="gray", linestyle=":", label=f"best epoch {best_epoch + 1} (restored)")
ax.set_yscale("log")
ax.legend(fontsize="small")
plots.label(ax, "epoch (20 mini-batches)", "loss (log scale)", f"stopped after {len(h_es['loss'])} of 15 epochs")
fig

# %%
print(f"stopped after {len(h_es['loss'])} epochs; validation cross-entropy of the restored model: "
      f"{training.cross_entropy(model_es, data.X_val, data.y_val):.3f} (best epoch {h_es['val_loss'][best_epoch]:.3f}); "
      f"after all 300 mini-batches: "
      f"{training.cross_entropy(models['256 units, no penalty'], data.X_val, data.y_val):.3f}")

# %% [markdown]
# ## Batch normalisation
#
# Batch normalisation re-centres and re-scales every feature over the mini-batch, then lets the network
# choose the scale and shift it wants (003 eq. 29 to 32; the four steps of 001). For a mini-batch of $N$
# values $z_1, \dots, z_N$ of one feature (003 writes $m$ for the batch size; the course keeps $N$):
#
# $$\mu_B = \frac1N \sum_i z_i, \qquad \sigma_B^2 = \frac1N \sum_i (z_i - \mu_B)^2, \qquad
# \hat z_i = \frac{z_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad \tilde z_i = \gamma \hat z_i + \beta .$$
#
# $\gamma$ and $\beta$ are trained like weights (with $\gamma = \sigma_B$, $\beta = \mu_B$ the layer could
# even undo itself). At **inference** a prediction must not depend on which other samples share its batch
# (there may be only one), so Keras keeps **moving averages** during training,
#
# $$\mu_{\text{mov}} \leftarrow \text{momentum}\cdot\mu_{\text{mov}} + (1 - \text{momentum})\,\mu_B
# \qquad (\text{momentum} = 0.99 \text{ in Keras}),$$
#
# and the same for $\sigma^2$, and uses them instead of the batch statistics. (Keras calls this factor
# `momentum`, like SGD's momentum coefficient of chapter 06; it is a different number with the same name.)
# Keras' other defaults: $\epsilon = 10^{-3}$, the variance divided by $N$ (not $N - 1$).
#
# **Why it helps.** The sources (002) explain batch norm by *internal covariate shift*: each layer's input
# distribution moves whenever the layers below it update, and normalising is said to remove that moving
# target. That was the original paper's motivation (Ioffe and Szegedy, 2015), but it is not why batch norm
# works. Santurkar et al. (2018, "How Does Batch Normalization Help Optimization?") showed that networks
# with batch norm train well even when noise is added after it to shift the distributions on purpose, and
# that batch norm does not reliably reduce that shift. What it does is make the loss landscape **smoother**:
# the loss and its gradient change more slowly from one step to the next, so gradients are more predictive
# and larger learning rates are safe. That, together with a smaller dependence on initialisation and a
# slight regularising effect of the batch noise, is what you observe in practice.

# %% [markdown]
# ### Exercise 4: `batchnorm_forward` (3 points)
#
# Batch norm as a layer of the course, matched to `keras.layers.BatchNormalization`:
# `batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3) -> (out, cache)`.
#
# * `X` is `(N, H)`; `gamma`, `beta` are `(H,)`; `state` is a dict `{"moving_mean": (H,), "moving_var": (H,)}`.
# * `training=True`: normalise with the batch mean and (biased) variance, and **update `state` in place**:
#   store the new moving statistics under the same two keys of the dict you were given (as Keras updates
#   its variables), nothing else returned.
# * `training=False`: normalise with `state`'s moving statistics and leave `state` unchanged.
# * The cache is the tuple `(X_hat, gamma, inv_std, training)`, with $\hat X$ the normalised input and
#   `inv_std` $= 1/\sqrt{\sigma^2 + \epsilon}$ (shape `(H,)`) for the statistics used: what
#   `layers.batchnorm_backward(dout, cache)` needs.
#
# (This is `dlkit.nn.layers.batchnorm_forward`'s contract; an earlier version of this exercise took the
# moving statistics as two arguments and returned `(out, moving_mean, moving_var)`.)
#
# *Stuck?* `ex.batchnorm_forward.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="batchnorm_forward"
def batchnorm_forward(X, gamma, beta, state, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation as Keras does it; returns (out, cache); in training, updates state."""
    ### BEGIN SOLUTION
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0)                         # (H,), (H,)
        state["moving_mean"] = momentum * state["moving_mean"] + (1 - momentum) * mu
        state["moving_var"] = momentum * state["moving_var"] + (1 - momentum) * var
    else:
        mu, var = state["moving_mean"], state["moving_var"]
    inv_std = 1.0 / np.sqrt(var + epsilon)                              # (H,)
    X_hat = (X - mu) * inv_std                                          # (N, H)
    return gamma * X_hat + beta, (X_hat, gamma, inv_std, training)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="batchnorm_forward_tests" points=3
ex.batchnorm_forward.check(batchnorm_forward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=804, training=True), dict(seed=805, training=False), dict(seed=806, training=True, n=5, h=3)]
### END HIDDEN TESTS

# %% [markdown]
# Your `batchnorm_forward` (or dlkit's) next to Keras' layer holding the same weights, in both modes, and
# dlkit's backward pass on your cache:

# %%
batchnorm = ex.batchnorm_forward.use(batchnorm_forward, layers.batchnorm_forward)
X_bn = rng.normal(1.0, 2.0, size=(12, 6)).astype("float32")
g_bn, b_bn = rng.uniform(0.5, 2, 6), rng.normal(size=6)
bn_layer = keras.layers.BatchNormalization()
bn_layer.build(X_bn.shape)
bn_layer.set_weights([g_bn, b_bn, np.zeros(6), np.ones(6)])
state_bn = {"moving_mean": np.zeros(6), "moving_var": np.ones(6)}
for mode in (True, False):
    out_bn, cache_bn = batchnorm(X_bn.astype(float), g_bn, b_bn, state_bn, mode)
    keras_out = np.asarray(bn_layer(X_bn, training=mode))
    print(f"training={mode!s:>5}: largest difference to keras {np.max(np.abs(out_bn - keras_out)):.1e}, "
          f"moving means differ by {np.max(np.abs(state_bn['moving_mean'] - bn_layer.moving_mean.numpy())):.1e}")
dX_bn, dgamma_bn, dbeta_bn = layers.batchnorm_backward(np.ones_like(X_bn, dtype=float), cache_bn)
print("backward shapes:", dX_bn.shape, dgamma_bn.shape, dbeta_bn.shape)

# %% [markdown]
# ### Layer normalisation
#
# Batch statistics are a poor fit when batches are tiny or when the same layer runs over sequences of
# different lengths (RNNs, transformers). **Layer normalisation** computes $\mu$ and $\sigma^2$ over the
# features of **each sample** instead, so it behaves identically in training and inference and needs no
# moving averages. Rule of thumb (001): batch norm for CNNs, layer norm for RNNs and transformers. The cell
# checks `dlkit`'s version against Keras and shows that each row comes out with mean 0 and variance near 1.

# %%
X_ln = rng.normal(3.0, 2.0, size=(4, 6)).astype("float32")
ln = keras.layers.LayerNormalization()
ln.build(X_ln.shape)
out_ln, _ = layers.layernorm_forward(X_ln, np.ones(6), np.zeros(6))
print("matches keras:", np.allclose(out_ln, np.asarray(ln(X_ln)), atol=1e-5),
      "| row means", np.round(out_ln.mean(axis=1), 6) + 0.0, "| row variances", np.round(out_ln.var(axis=1), 3))

# %% [markdown]
# ## When the data moves: covariate and dataset shift
#
# Normalisation layers act *inside* the network. The data itself can also shift between training and use
# (001), in three ways:
#
# | kind | what changes | example |
# | --- | --- | --- |
# | covariate shift | the input distribution $p(x)$ | photos from a new camera, brighter and noisier |
# | prior probability shift | the label distribution $p(y)$ | a disease becomes more common in this season |
# | concept shift | the relation $p(y \mid x)$ itself | what counts as spam changes over time |
#
# No regulariser protects against these: monitor the inputs and the predictions in production, and
# retrain on recent data (chapter 16). The figure simulates covariate shift on the digits: the same
# validation images, brightened and noised, push the L2 model's accuracy down.

# %%
shifts = [0.0, 0.5, 1.0, 1.5, 2.0]
accs = [float(np.mean(np.argmax(l2_model.predict(data.X_val + s + np.random.default_rng(1).normal(0, s, data.X_val.shape),
                                                 verbose=0), axis=1) == data.y_val)) for s in shifts]
fig, ax = plots.new_figure(figsize=(6, 3.2))
ax.plot(shifts, accs, "o-")
plots.label(ax, "shift s: inputs + s + noise of std s", "validation accuracy", "covariate shift")
fig

# %% [markdown]
# ## Batch size, epochs, iterations, and depth
#
# One **iteration** is one update on one mini-batch; one **epoch** is a pass over the whole training set,
# $\lceil N / \text{batch\_size} \rceil$ iterations for $N$ training examples (chapter 04). Smaller batches give
# noisier gradients (a mild regulariser) and more updates per epoch; larger batches are faster per sample on
# parallel hardware and need a larger learning rate to make the same progress.
#
# A **shallow** network has one or two hidden layers; a **deep** one has three or more (002). Depth lets a
# network build features on features (edges, then shapes, then objects) from raw inputs, where a shallow
# one needs hand-made features. Deep networks only became practical once three things came together (002):
# better training methods (ReLU and careful initialisation against vanishing gradients, chapter 05;
# normalisation; the regularisers of this chapter), large labelled data sets (deep networks keep improving
# with data, and need it not to overfit), and GPUs.

# %% [markdown]
# ## Debugging: dead ReLUs and gradient logging
#
# 003 (§12.4) lists the usual suspects: vanishing gradients (use ReLU, normalisation, skip connections),
# exploding gradients (clip, lower the learning rate), overfitting, underfitting, and **dead ReLUs**: units
# whose input is negative for every sample output 0 on every sample, get zero gradient, and never recover.
# A too-large learning rate kills them in a few steps. The cell trains the network for 60 mini-batches with
# Adam at the usual rate and at rates 50 and 300 times larger, then measures, on the 360 validation
# images, the share of second-layer units that are **dead** (0 on every image,
# `regularization.dead_relu_fraction(A)`) and, openly named as such, **nearly dead** (0 on at least 90 % of
# them, `threshold=0.9`).

# %%
for learning_rate in progress((1e-3, 0.05, 0.3), desc="training 3 models"):
    fast, _ = training.fit_steps(dense.twin_model, data.X_train, data.y_train, steps=60, seed=0,
                                 learning_rate=learning_rate)
    (W1, b1), (W2, b2), (W3, b3) = (layer.get_weights() for layer in fast.layers)   # the forward pass in numpy
    A1 = layers.activation_forward(layers.dense_forward(data.X_val, W1, b1)[0], "relu")[0]     # (360, 256)
    A2 = layers.activation_forward(layers.dense_forward(A1, W2, b2)[0], "relu")[0]             # (360, 256)
    acc = np.mean(np.argmax(layers.dense_forward(A2, W3, b3)[0], axis=1) == data.y_val)     # argmax of the logits
    print(f"learning rate {learning_rate:g}: {regularization.dead_relu_fraction(A2):.0%} of the 256 second-layer "
          f"units dead, {regularization.dead_relu_fraction(A2, threshold=0.9):.0%} nearly dead; validation "
          f"accuracy {acc:.0%}")

# %% [markdown]
# The remedies: a lower learning rate, Leaky ReLU (chapter 02), or batch normalisation before the ReLU.
# To see such problems while they happen, log each layer's gradient norm during training. A gradient tape
# records the forward pass, and `tape.gradient` returns the gradient of the loss for every weight:

# %%
import tensorflow as tf  # noqa: E402


def gradient_norms(model, X, y):
    """||dL/dW|| for every kernel of a Keras model on one batch (a dict: layer name -> norm)."""
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(X, training=True))
    dense_layers = [layer for layer in model.layers if hasattr(layer, "kernel")]
    grads = tape.gradient(loss, [layer.kernel for layer in dense_layers])
    return {layer.name: float(tf.norm(g)) for layer, g in zip(dense_layers, grads)}


print("gradient norms of the L2 model on 50 training images:",
      {name: round(value, 4) for name, value in gradient_norms(l2_model, data.X_train[:50], data.y_train[:50]).items()})

# %% [markdown]
# Wrapped in a `keras.callbacks.Callback` whose `on_epoch_end` calls it (003's `GradientLogger` prints the
# weights' mean and standard deviation the same way), this gives one line per layer and epoch: a norm
# falling towards 0 in the first layers means vanishing gradients; a jump by orders of magnitude means
# exploding ones.

# %% [markdown]
# ### Exercise 5: beat the twin (3 points)
#
# Write `build_regularized_model()` returning an **uncompiled** Keras model with **exactly the twin's
# architecture**, 64 inputs → `Dense(256, relu)` → `Dense(256, relu)` → `Dense(10, softmax)`, plus
# regularisation of your choice, any of the kinds of this chapter:
#
# * an L1 or L2 weight penalty, `kernel_regularizer=keras.regularizers.L2(...)` (or `L1(...)`, `L1L2(...)`)
#   on the Dense layers;
# * `Dropout` layers after the hidden layers;
# * `BatchNormalization` layers (between a hidden `Dense` without activation and an `Activation("relu")`,
#   or after the ReLU);
# * or a mix. `dense.twin_model()` builds the unregularised twin if you want to look at it.
#
# The check trains your model and the twin on the chapter's 150 training images (30 of them mislabelled),
# with the same seed, which also fixes their initial weights (Adam, 300 mini-batches of 50,
# `training.fit_steps`), and compares their **validation** cross-entropy on the 360 validation images,
# without the penalty (`training.cross_entropy`). **Yours must be lower than the twin's**, in the visible
# check (seed 0) and in the hidden check (another of the seeds below). Measured over the eight seeds 0 to 7,
# the twin scores 1.03 to 1.18, and each of these choices beats it on every one of those seeds, by the
# range of margins shown (twin minus yours):
#
# | regularisation, on both hidden layers | margin over the twin |
# | --- | --- |
# | L2: `kernel_regularizer=keras.regularizers.L2(1e-3)` | 0.13 to 0.23 |
# | L1: `keras.regularizers.L1(1e-4)` | 0.08 to 0.17 |
# | L1: `keras.regularizers.L1(1e-3)` | 0.22 to 0.36 |
# | `Dropout(0.5)` after each hidden layer | 0.03 to 0.24 |
# | `Dense(256)`, then `BatchNormalization()`, then `Activation("relu")` | 0.10 to 0.26 |
# | `Dense(256, activation="relu")`, then `BatchNormalization()` | 0.07 to 0.26 |
# | `L1L2(l2=2e-3)` and `Dropout(0.1)` | 0.09 to 0.26 |
#
# Too little or too much does not: dropout at rate 0.2 loses to the twin on seven of the eight seeds
# (seed 0 among them), and a penalty that is too strong, L2 with $\lambda = 0.3$, underfits and loses on all
# eight. (The check also recognises `GaussianNoise` and `LayerNormalization` layers as regularisation; they
# were not measured here.)
#
# *Stuck?* `ex.build_regularized_model.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="build_regularized_model"
def build_regularized_model():
    """The twin's architecture (64 -> 256 relu -> 256 relu -> 10 softmax) with regularisation; uncompiled."""
    ### BEGIN SOLUTION
    l2 = keras.regularizers.L2(1e-3)
    return keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(256, activation="relu", kernel_regularizer=l2),
        keras.layers.Dense(256, activation="relu", kernel_regularizer=l2),
        keras.layers.Dense(10, activation="softmax"),
    ])
    ### END SOLUTION


# %% nbgrader="tests" grade_id="build_regularized_model_tests" points=3
ex.build_regularized_model.check(build_regularized_model)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=7)]
### END HIDDEN TESTS

# %% [markdown]
# ## The test set, once
#
# Everything so far was decided on the validation images. The last step uses the test images, once: pick
# between the twin and your regularised model (or dlkit's L2 model, until yours passes) by their validation
# cross-entropy, and report the chosen model's accuracy on the 360 test images. The test number is reported,
# not used to choose anything: choosing on it would make it one more validation score.

# %%
build = ex.build_regularized_model.use(build_regularized_model, lambda: dense.twin_model(l2=1e-3))
finalists = {"twin": models["256 units, no penalty"],
             "regularised": training.fit_steps(build, data.X_train, data.y_train, steps=300, seed=0)[0]}
val_ce = {name: training.cross_entropy(m, data.X_val, data.y_val) for name, m in finalists.items()}
chosen = min(val_ce, key=val_ce.get)
test_acc = np.mean(np.argmax(finalists[chosen].predict(data.X_test, verbose=0), axis=1) == data.y_test)
print("validation cross-entropy:", {name: round(v, 3) for name, v in val_ce.items()}, f"-> chosen: {chosen}")
print(f"test accuracy of the chosen model (reported once): {test_acc:.1%}")

# %% [markdown]
# ## Summary
#
# * Overfitting: training loss falls while validation loss rises from its minimum. Underfitting: even the
#   training loss stays high. A gap alone is normal. Compare and choose on validation data; report the
#   test set once.
# * L2 ($\lambda\sum w^2$ in Keras) shrinks all weights; L1 ($\lambda\sum|w|$) has its minimum at exactly 0
#   for useless weights, which solvers for the kink (Lasso, proximal steps) reach and plain gradient steps
#   only approach. 003's $\frac\lambda2$ only rescales $\lambda$.
# * Inverted dropout (Keras) scales by $1/(1-p)$ in training and does nothing at inference; 003's form scales
#   by $(1-p)$ at inference; same expectation. As a layer: `(out, cache)`, the cache the scaled mask.
# * Early stopping with `restore_best_weights=True` keeps the best validation epoch.
# * Batch norm: batch statistics in training, moving averages at inference ($\epsilon = 10^{-3}$, momentum
#   0.99 in Keras); it helps mainly by smoothing the loss landscape (Santurkar et al., 2018), not by removing
#   internal covariate shift. Layer norm: per sample, the same in both modes.
# * Dataset shift (covariate, prior, concept) needs monitoring and retraining, not a regulariser.
# * Debug with dead-unit counts (0 on every example) and per-layer gradient norms; lower the learning rate
#   when ReLUs die.
