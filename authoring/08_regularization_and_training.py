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
# **You will write:** `diagnose_curves`, `l1_l2_penalty`, `dropout_forward`, `batchnorm_forward` (matched
# to Keras), and a regularised Keras model that beats its unregularised twin.

# %%
import numpy as np

import dlkit
from dlkit import checks, plots
from dlkit import regularization as reg

rng = dlkit.setup_notebook(seed=0)

import keras  # noqa: E402

from dlkit.progress import progress  # noqa: E402

# %% [markdown]
# ## Overfitting and underfitting, read from the curves
#
# The experiment of this chapter is deliberately hard for the model: the digits of chapter 05, but only
# **150 training images**, and a network with two hidden layers of 256 ReLU units (about 85 000 weights,
# some 570 per training image). To make memorising visible we also give 30 of the 150 images a wrong
# label, as careless annotation would. We train with Adam for 300 mini-batches of 50 and measure the loss
# on 450 (correctly labelled) validation images every 20 mini-batches. Two more versions show the
# alternatives: the same network with an L2 penalty, and a network with only 2 units per hidden layer.

# %%
X_small, X_val, y_small, y_val = reg.small_data(n_train=150, seed=0)
noisy = rng.choice(150, size=30, replace=False)                    # 30 images get a wrong label
y_noisy = y_small.copy()
y_noisy[noisy] = (y_noisy[noisy] + rng.integers(1, 10, size=30)) % 10
print("training", X_small.shape, " validation", X_val.shape, f" wrong labels: {np.sum(y_noisy != y_small)}")

runs = {"256 units, no penalty": {}, "256 units, L2 = 1e-2": {"l2": 1e-2}, "2 units, no penalty": {"units": 2}}
histories = {}
for name in progress(runs, desc="training 3 models"):
    _, hist = reg.fit_steps(lambda: reg.twin_model(**runs[name]), X_small, y_noisy, steps=300, seed=0,
                            X_val=X_val, y_val=y_val, every=20)          # seed 0: same start for all three
    histories[name] = hist.history

# %% [markdown]
# The three panels show the typical pictures. Without a penalty (left), the training loss falls to almost zero
# while the validation loss reaches its minimum after 40 mini-batches and then **rises**: the model is
# learning the 150 images by heart, wrong labels included (**overfitting**). With 2 units per layer (right),
# both losses stay high and close together: the model is too small to fit even the training data
# (**underfitting**). The penalised network (middle) keeps improving on the validation images until the
# end. (Keras adds the penalty to the loss it reports, so the middle curves include it.)

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
#    (the model has not even halved its training loss);
# 3. `"good fit"` otherwise.

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
checks.check_equal(diagnose_curves([1.0, 0.5, 0.2, 0.1, 0.05], [1.0, 0.6, 0.4, 0.5, 0.7]), "overfitting",
                   name="diagnose_curves: validation 0.4 -> 0.7 while training falls",
                   hint="compare the last validation loss with its minimum (0.4 here), not with its first value "
                        "or with the last training loss")
checks.check_equal(diagnose_curves([1.0, 0.5, 0.3, 0.2, 0.18], [1.1, 0.6, 0.4, 0.35, 0.34]), "good fit",
                   name="diagnose_curves: both fall, validation 0.16 above training",
                   hint="a gap between training and validation loss alone is normal: overfitting means the "
                        "validation loss has risen more than tol above its own minimum")
checks.check_equal(diagnose_curves([1.0, 0.9, 0.85, 0.8, 0.8], [1.1, 1.0, 0.95, 0.9, 0.9]), "underfitting",
                   name="diagnose_curves: training only 1.0 -> 0.8",
                   hint="underfitting: the last training loss is above high * the first one (0.8 > 0.5 * 1.0)")
checks.check_equal(diagnose_curves([1.0, 0.5, 0.3, 0.2, 0.18], [1.1, 0.6, 0.4, 0.35, 0.37]), "good fit",
                   name="diagnose_curves: validation 0.37, within 10 % of its minimum 0.35",
                   hint="only a rise of more than tol (10 %) above the minimum counts as overfitting")
checks.check_equal(diagnose_curves([2.0, 1.9, 1.85, 1.9, 1.95], [2.0, 1.8, 2.5, 2.6, 2.7]), "underfitting",
                   name="diagnose_curves: validation rises but training got worse too",
                   hint="overfitting needs both: validation up from its minimum AND training lower than at that "
                        "epoch; check the rules in the order given")
### BEGIN HIDDEN TESTS
from dlkit.regularization import diagnose_curves as _ref_diagnose

_rng = np.random.default_rng(801)
_seen = set()
for _ in range(60):
    _n = int(_rng.integers(2, 12))
    _t = np.exp(-np.cumsum(_rng.uniform(-0.1, 0.6, _n)))
    _v = _t * _rng.uniform(1.0, 1.5) + np.cumsum(_rng.normal(0, 0.08, _n)).clip(-0.2)
    _v = np.abs(_v) + 0.01
    _tol, _high = float(_rng.choice([0.05, 0.1, 0.2])), float(_rng.choice([0.3, 0.5, 0.7]))
    _want = _ref_diagnose(_t, _v, _tol, _high)
    _seen.add(_want)
    checks.check_equal(diagnose_curves(list(_t), list(_v), tol=_tol, high=_high), _want,
                       name=f"diagnose_curves on random curves of {_n} epochs (tol={_tol}, high={_high})")
assert _seen == {"overfitting", "underfitting", "good fit"}, "the hidden curves should cover all three cases"
### END HIDDEN TESTS

# %%
for name, h in histories.items():
    print(f"{name:>11}: {diagnose_curves(h['loss'], h['val_loss'])}")

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
# $\lambda\,\mathrm{sign}(w)$, the same push for every weight, which drives the weights of useless inputs
# to **exactly zero** (a sparse model). 003 (eq. 27) writes L2 as $\frac{\lambda}{2}\sum\|W\|_F^2$; the
# $\frac12$ only rescales $\lambda$. Keras follows 000: `keras.regularizers.L2(0.01)` adds
# $0.01\sum w^2$, and `L1L2(l1, l2)` adds both. Biases are usually left unpenalised: they do not make the
# function wiggly.
#
# The figure fits a linear model to 20 features of which only 4 matter, with each penalty. L2 shrinks all
# 20 weights a bit; L1 sets most of the 16 useless ones to zero.

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
plots.label(ax, "feature", "weight", f"L1 zeroes {np.sum(np.abs(w_l1) < 1e-8)} weights, L2 zeroes "
            f"{np.sum(np.abs(w_l2) < 1e-8)}")
fig

# %% [markdown]
# ### Exercise 2: `l1_l2_penalty` (2 points)
#
# Return the penalty Keras' `L1L2(l1, l2)` adds for a list of kernels: $\ell_1 \sum |w| + \ell_2 \sum w^2$
# summed over every array in `kernels`, as a float.

# %% nbgrader="solution" grade_id="l1_l2_penalty"
def l1_l2_penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w^2 over all arrays in kernels; a float."""
    ### BEGIN SOLUTION
    return float(sum(l1 * np.sum(np.abs(W)) + l2 * np.sum(W ** 2) for W in kernels))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="l1_l2_penalty_tests" points=2
K1 = np.array([[1.0, -2.0], [0.5, 0.0]])
K2 = np.array([[3.0], [-1.0]])
checks.check_close(l1_l2_penalty([K1], l2=0.1), 0.1 * 5.25, name="l1_l2_penalty([K1], l2=0.1)",
                   hint="L2 is l2 * sum of the squared weights (1 + 4 + 0.25 + 0 = 5.25); Keras has no 1/2 in "
                        "front (that is 003's convention) and sums, not averages")
checks.check_close(l1_l2_penalty([K1], l1=0.1), 0.1 * 3.5, name="l1_l2_penalty([K1], l1=0.1)",
                   hint="L1 is l1 * sum of the absolute values |w| (1 + 2 + 0.5 + 0 = 3.5), not of w itself "
                        "(negative weights would cancel)")
checks.check_close(l1_l2_penalty([K1, K2], l1=0.01, l2=0.1), 0.01 * 7.5 + 0.1 * 15.25,
                   name="l1_l2_penalty([K1, K2], l1=0.01, l2=0.1)",
                   hint="add the penalties of every kernel in the list (and both terms when both are given)")
### BEGIN HIDDEN TESTS
import keras as _keras

_rng = np.random.default_rng(802)
_ks = [_rng.normal(size=(4, 3)), _rng.normal(size=(3, 5)), _rng.normal(size=(5, 1))]
for _l1, _l2 in [(0.0, 0.02), (0.003, 0.0), (0.01, 0.05)]:
    _want = sum(float(_keras.regularizers.L1L2(l1=_l1, l2=_l2)(_k)) for _k in _ks)
    _got = l1_l2_penalty(list(_ks), l1=_l1, l2=_l2)
    assert np.ndim(_got) == 0, "l1_l2_penalty must return one number"
    checks.check_close(_got, _want, name=f"l1_l2_penalty vs keras L1L2({_l1}, {_l2})", rtol=1e-5)
### END HIDDEN TESTS

# %% [markdown]
# ### Explore: the penalty strength
#
# A polynomial of degree 9 through 12 noisy points of $\sin(\pi x)$ has enough freedom to pass through
# every point. Slide $\log_{10}\lambda$ from left to right: with no penalty the fit wiggles wildly between
# the points (overfit, huge weights); with a huge penalty it flattens towards zero (underfit); in between,
# the validation error (right panel) has its minimum. Lower the degree to see underfitting without any penalty.

# %%
reg.ridge_explorer(degree=9)

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

# %%
A_demo = np.ones((10000, 1)) * 2.0
out_inv, _ = reg.dropout_forward(A_demo, 0.5, np.random.default_rng(1))
print(f"inverted dropout, training: mean {out_inv.mean():.3f} (input 2.0); inference: unchanged 2.0")
kept = (np.random.default_rng(1).random(A_demo.shape) >= 0.5) * A_demo
print(f"003's form, training: mean {kept.mean():.3f}; inference: {reg.dropout_scale_at_inference(2.0, 0.5):.3f}")
drop_k = keras.layers.Dropout(0.5, seed=0)
out_k = np.asarray(drop_k(A_demo.astype("float32"), training=True))
print("keras Dropout(0.5), training: values", np.unique(out_k), " inference:",
      np.unique(np.asarray(drop_k(A_demo.astype("float32"), training=False))))

# %% [markdown]
# ### Exercise 3: `dropout_forward` (2 points)
#
# Inverted dropout on an array `A` of any shape. With `training=True` draw the keep-mask from the
# generator you are given, exactly as `rng.random(A.shape) >= rate` (True with probability $1 - p$; never
# use `np.random`'s global functions, which make results unrepeatable), and return the survivors scaled by
# $1/(1 - p)$ together with the mask: `(output, keep)`.
# With `training=False` return `(A, mask of all True)`.

# %% nbgrader="solution" grade_id="dropout_forward"
def dropout_forward(A, rate, rng, training=True):
    """Inverted dropout; returns (output, boolean keep-mask)."""
    ### BEGIN SOLUTION
    if not training:
        return A, np.ones(A.shape, dtype=bool)
    keep = rng.random(A.shape) >= rate
    return A * keep / (1.0 - rate), keep
    ### END SOLUTION


# %% nbgrader="tests" grade_id="dropout_forward_tests" points=2
A_t = np.arange(1.0, 9.0).reshape(2, 4)
out_t = dropout_forward(A_t, 0.5, np.random.default_rng(3))
checks.check_type(out_t, tuple, name="dropout_forward(...)", hint="return a tuple (output, keep)")
o_t, keep_t = out_t
keep_want = np.random.default_rng(3).random((2, 4)) >= 0.5
checks.check_equal(np.asarray(keep_t, dtype=bool).tolist(), keep_want.tolist(), name="keep mask for seed 3",
                   hint="draw the mask as rng.random(A.shape) >= rate from the rng passed in (not np.random, and "
                        "not < rate, which keeps a unit with probability rate instead of 1 - rate)")
checks.check_close(o_t, A_t * keep_want / 0.5, name="dropout_forward output for rate 0.5",
                   hint="inverted dropout scales the survivors by 1 / (1 - rate) during training (here x2), so "
                        "the expected output equals the input")
o_inf, keep_inf = dropout_forward(A_t, 0.5, np.random.default_rng(3), training=False)
checks.check_close(o_inf, A_t, name="dropout_forward(training=False)",
                   hint="at inference inverted dropout changes nothing: return A as it is")
checks.check_close(dropout_forward(A_t, 0.25, np.random.default_rng(4))[0],
                   A_t * (np.random.default_rng(4).random((2, 4)) >= 0.25) / 0.75, name="rate 0.25",
                   hint="divide by 1 - rate (0.75), not by rate")
### BEGIN HIDDEN TESTS
from dlkit.regularization import dropout_forward as _ref_dropout

_rng = np.random.default_rng(803)
for _shape, _rate in [((7, 5), 0.3), ((3, 4, 2), 0.8), ((6,), 0.1)]:
    _A = _rng.normal(size=_shape)
    _o, _k = dropout_forward(_A.copy(), _rate, np.random.default_rng(9))
    _ro, _rk = _ref_dropout(_A, _rate, np.random.default_rng(9))
    checks.check_close(_o, _ro, name=f"dropout_forward on shape {_shape}, rate {_rate}")
    assert np.array_equal(np.asarray(_k, dtype=bool), _rk), "the keep mask differs from rng.random(A.shape) >= rate"
_big, _ = dropout_forward(np.ones((300, 300)), 0.4, np.random.default_rng(10))
assert abs(_big.mean() - 1.0) < 0.02, f"mean of dropout(ones) is {_big.mean():.3f}, expected about 1"
### END HIDDEN TESTS

# %% [markdown]
# ## Early stopping
#
# The validation curve of the unpenalised model had its minimum long before the end of training. Early
# stopping watches the validation loss and stops when it has not improved for `patience` epochs; with
# `restore_best_weights=True` Keras also puts back the weights of the best epoch (000:
# `EarlyStopping(monitor='val_loss', patience=5, restore_best_weights=True)`). It costs nothing, needs no
# tuning beyond the patience, and combines with every other method. The figure marks where it stopped and
# which epoch it kept (an "epoch" here is 20 mini-batches).

# %%
stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
model_es, h_es = reg.fit_steps(reg.twin_model, X_small, y_noisy, steps=300, seed=0, X_val=X_val, y_val=y_val,
                               every=20, callbacks=[stopper])     # at most 15 epochs of 20 mini-batches
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
      f"{reg.cross_entropy(model_es, X_val, y_val):.3f} (best epoch {h_es['val_loss'][best_epoch]:.3f})")

# %% [markdown]
# ## Batch normalisation
#
# Each layer's input distribution shifts whenever the layers below it update: the next layer keeps chasing a
# moving target. Batch normalisation re-centres and re-scales every feature over the mini-batch, then lets the
# network choose the scale and shift it wants (003 eq. 29 to 32; the four steps of 001):
#
# $$\mu_B = \frac1m \sum_i z_i, \qquad \sigma_B^2 = \frac1m \sum_i (z_i - \mu_B)^2, \qquad
# \hat z_i = \frac{z_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad \tilde z_i = \gamma \hat z_i + \beta .$$
#
# $\gamma$ and $\beta$ are trained like weights (with $\gamma = \sigma_B$, $\beta = \mu_B$ the layer could
# even undo itself). At **inference** a prediction must not depend on which other samples share its batch
# (there may be only one), so Keras keeps **moving averages** during training,
# $\mu_{\text{mov}} \leftarrow m\,\mu_{\text{mov}} + (1 - m)\,\mu_B$ with momentum $m = 0.99$ (and the same for
# $\sigma^2$), and uses them instead of the batch statistics. Keras' defaults: $\epsilon = 10^{-3}$, the
# variance divided by $m$ (not $m - 1$). Normalised layers tolerate larger learning rates, depend less on
# initialisation, and the batch noise regularises slightly.

# %% [markdown]
# ### Exercise 4: `batchnorm_forward` (3 points)
#
# `X` is `(N, H)`; `gamma`, `beta`, `moving_mean`, `moving_var` are `(H,)`. With `training=True` normalise with
# the batch mean and (biased) variance and update the moving statistics; with `training=False` normalise with
# the moving statistics and leave them unchanged. Return `(out, new_moving_mean, new_moving_var)`. The test
# compares with `keras.layers.BatchNormalization` holding the same weights.

# %% nbgrader="solution" grade_id="batchnorm_forward"
def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation as Keras does it; returns (out, moving_mean, moving_var)."""
    ### BEGIN SOLUTION
    if training:
        mu, var = X.mean(axis=0), X.var(axis=0)                         # (H,), (H,)
        moving_mean = momentum * moving_mean + (1 - momentum) * mu
        moving_var = momentum * moving_var + (1 - momentum) * var
    else:
        mu, var = moving_mean, moving_var
    out = gamma * (X - mu) / np.sqrt(var + epsilon) + beta
    return out, moving_mean, moving_var
    ### END SOLUTION


# %% nbgrader="tests" grade_id="batchnorm_forward_tests" points=3
X_t = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]])            # (N, H) = (3, 2)
g_t, b_t = np.array([1.0, 2.0]), np.array([0.0, 1.0])
mm_t, mv_t = np.array([0.0, 5.0]), np.array([1.0, 4.0])
out_t = batchnorm_forward(X_t, g_t, b_t, mm_t, mv_t, training=True)
checks.check_type(out_t, tuple, name="batchnorm_forward(...)", hint="return (out, moving_mean, moving_var)")
o_t, nm_t, nv_t = out_t
mu_w, var_w = np.array([3.0, 30.0]), np.array([8 / 3, 1400 / 3])
checks.check_shape(o_t, (3, 2), name="out", hint="normalise each feature (column) over the batch: axis=0")
want_o = g_t * (X_t - mu_w) / np.sqrt(var_w + 1e-3) + b_t
checks.check_close(o_t, want_o, name="out in training mode",
                   hint="use the batch's own statistics per feature (axis=0: each column over the samples), with "
                        "the biased variance (dividing by N, not N - 1) and eps inside the square root: "
                        "(X - mu) / sqrt(var + eps), then gamma * . + beta",
                   rtol=1e-5)
checks.check_close(nm_t, 0.99 * mm_t + 0.01 * mu_w, name="new moving_mean",
                   hint="moving = momentum * moving + (1 - momentum) * batch mean (momentum 0.99 keeps mostly the "
                        "old value)")
checks.check_close(nv_t, 0.99 * mv_t + 0.01 * var_w, name="new moving_var",
                   hint="update the moving variance the same way, with the batch's biased variance", rtol=1e-5)
o_i, m_i, v_i = batchnorm_forward(X_t, g_t, b_t, mm_t, mv_t, training=False)
checks.check_close(o_i, g_t * (X_t - mm_t) / np.sqrt(mv_t + 1e-3) + b_t, name="out in inference mode",
                   hint="at inference use the moving mean and variance, not the batch statistics", rtol=1e-5)
checks.check_close(m_i, mm_t, name="moving_mean after inference",
                   hint="inference must leave the moving statistics unchanged")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(804)
for _training in (True, False):
    _X = _rng.normal(1.0, 2.0, size=(12, 6)).astype("float32")
    _g, _b = _rng.uniform(0.5, 2, 6), _rng.normal(size=6)
    _mm, _mv = _rng.normal(size=6), _rng.uniform(0.5, 2, 6)
    _layer = keras.layers.BatchNormalization()
    _layer.build(_X.shape)
    _layer.set_weights([_g, _b, _mm, _mv])
    _want = np.asarray(_layer(_X, training=_training))
    _o, _m, _v = batchnorm_forward(_X.astype(float), _g, _b, _mm.copy(), _mv.copy(), training=_training)
    checks.check_close(_o, _want, name=f"out vs keras BatchNormalization (training={_training})", rtol=1e-4, atol=1e-4)
    checks.check_close(_m, _layer.moving_mean.numpy(), name=f"moving_mean vs keras (training={_training})", atol=1e-5)
    checks.check_close(_v, _layer.moving_variance.numpy(), name=f"moving_var vs keras (training={_training})", atol=1e-5)
### END HIDDEN TESTS

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
out_ln = reg.layernorm_forward(X_ln, np.ones(6), np.zeros(6))
print("matches keras:", np.allclose(out_ln, np.asarray(ln(X_ln)), atol=1e-5),
      "| row means", np.round(out_ln.mean(axis=1), 6) + 0.0, "| row variances", np.round(out_ln.var(axis=1), 3))

# %% [markdown]
# ## When the data moves: covariate and dataset shift
#
# Normalisation fixes shifts *inside* the network. The data itself can also shift between training and use
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
# validation images, brightened and noised, push the model's accuracy down.

# %%
model_ref, _ = reg.fit_steps(lambda: reg.twin_model(l2=1e-3), X_small, y_small, steps=300, seed=0)
shifts = [0.0, 0.5, 1.0, 1.5, 2.0]
accs = [float(np.mean(np.argmax(model_ref.predict(X_val + s + np.random.default_rng(1).normal(0, s, X_val.shape),
                                                  verbose=0), axis=1) == y_val)) for s in shifts]
fig, ax = plots.new_figure(figsize=(6, 3.2))
ax.plot(shifts, accs, "o-")
plots.label(ax, "shift s: inputs + s + noise of std s", "validation accuracy", "covariate shift")
fig

# %% [markdown]
# ## Batch size, epochs, iterations, and depth
#
# One **iteration** is one update on one mini-batch; one **epoch** is a pass over the whole training set,
# $\lceil N / B \rceil$ iterations (chapter 04). Smaller batches give noisier gradients (a mild regulariser)
# and more updates per epoch; larger batches are faster per sample on parallel hardware and need a larger
# learning rate to make the same progress.
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
# whose input is negative for every sample output 0, get zero gradient, and never recover. A too-large
# learning rate kills them in a few steps. The cell trains the network for 60 mini-batches with Adam at the
# usual rate and at rates 50 and 300 times larger, then measures the share of second-layer units that are 0
# on at least 90 % of the validation images.

# %%
dead = {}
for lr in (1e-3, 0.05, 0.3):
    m, _ = reg.fit_steps(reg.twin_model, X_small, y_small, steps=60, seed=0, lr=lr)
    second_layer = keras.Model(m.inputs, m.layers[1].output)
    dead[lr] = reg.dead_relu_fraction(np.asarray(second_layer.predict(X_val, verbose=0)), threshold=0.9)
    print(f"learning rate {lr:g}: {dead[lr]:.0%} of the 256 second-layer units are dead, "
          f"validation accuracy {np.mean(np.argmax(m.predict(X_val, verbose=0), axis=1) == y_val):.0%}")

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
    dense = [layer for layer in model.layers if hasattr(layer, "kernel")]
    grads = tape.gradient(loss, [layer.kernel for layer in dense])
    return {layer.name: float(tf.norm(g)) for layer, g in zip(dense, grads)}


print({name: round(value, 4) for name, value in gradient_norms(model_ref, X_small[:50], y_small[:50]).items()})

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
# regularisation of your choice (`kernel_regularizer=...` on the Dense layers, and/or `Dropout` layers
# between them). `reg.twin_model()` builds the unregularised twin if you want to look at it.
#
# The test trains your model and the twin on the same 150 images with the same seed, which also fixes
# their initial weights (Adam, 300 mini-batches of 50, `reg.fit_steps`), and compares their validation cross-entropy (without the penalty).
# **Yours must be lower than the twin's.** For reference: L2 with $\lambda = 10^{-3}$ on both hidden layers
# beats the twin by 0.04 to 0.13 over seeds 0 to 5; dropout alone (rate 0.5) does not reliably beat it here,
# and a penalty that is too strong ($\lambda = 0.3$) underfits and loses.

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
from dlkit import regularization as _reg_t  # noqa: E402

mine_t = build_regularized_model()
checks.check_type(mine_t, keras.Model, name="build_regularized_model()", hint="return a Keras model (e.g. keras.Sequential)")
dense_t = [layer for layer in mine_t.layers if isinstance(layer, keras.layers.Dense)]
checks.check_equal([layer.units for layer in dense_t], [256, 256, 10], name="units of the Dense layers",
                   hint="keep the twin's architecture exactly: Dense(256) -> Dense(256) -> Dense(10); only add "
                        "regularisation")
checks.check_equal([layer.activation.__name__ for layer in dense_t], ["relu", "relu", "softmax"],
                   name="activations of the Dense layers",
                   hint="relu in the hidden layers and softmax in the output layer, as in the twin")
checks.check_equal(mine_t.count_params(), reg.twin_model().count_params(), name="number of parameters",
                   hint="same layers, same parameter count as the twin: regularisation adds no weights")
has_reg_t = any(layer.kernel_regularizer is not None for layer in dense_t) or any(
    isinstance(layer, keras.layers.Dropout) and layer.rate > 0 for layer in mine_t.layers)
if not has_reg_t:
    raise checks.CheckError("this model has no regularisation: it is the twin itself.\nHint: add "
                            "kernel_regularizer=keras.regularizers.L2(...) to the Dense layers and/or Dropout layers")
Xs_t, Xv_t, ys_t, yv_t = _reg_t.small_data(n_train=150, seed=0)
twin_t, _ = _reg_t.fit_steps(_reg_t.twin_model, Xs_t, ys_t, steps=300, seed=1)
mine_t, _ = _reg_t.fit_steps(build_regularized_model, Xs_t, ys_t, steps=300, seed=1)   # same seed, same start
twin_ce, mine_ce = _reg_t.cross_entropy(twin_t, Xv_t, yv_t), _reg_t.cross_entropy(mine_t, Xv_t, yv_t)
train_ce = _reg_t.cross_entropy(mine_t, Xs_t, ys_t)
print(f"validation cross-entropy: twin {twin_ce:.3f}, yours {mine_ce:.3f} (your training loss {train_ce:.3f})")
if not mine_ce < twin_ce:
    advice = ("your training loss is high too: the regularisation is too strong (underfitting); lower lambda or "
              "the dropout rate" if train_ce > 0.1 else
              "your model still fits the training set almost perfectly: the regularisation is too weak or does not "
              "work here; try L2 with lambda around 1e-3 on the hidden layers")
    raise checks.CheckError(f"validation cross-entropy {mine_ce:.3f} is not below the twin's {twin_ce:.3f}.\n"
                            f"Hint: {advice}")
### BEGIN HIDDEN TESTS
_Xs, _Xv, _ys, _yv = _reg_t.small_data(n_train=150, seed=0)
_twin, _ = _reg_t.fit_steps(_reg_t.twin_model, _Xs, _ys, steps=300, seed=4)
_mine, _ = _reg_t.fit_steps(build_regularized_model, _Xs, _ys, steps=300, seed=4)
_t, _m = _reg_t.cross_entropy(_twin, _Xv, _yv), _reg_t.cross_entropy(_mine, _Xv, _yv)
assert _m < _t, f"with another seed: validation cross-entropy {_m:.3f}, not below the twin's {_t:.3f}"
### END HIDDEN TESTS

# %% [markdown]
# ## Summary
#
# * Overfitting: training loss falls while validation loss rises from its minimum. Underfitting: even the
#   training loss stays high. A gap alone is normal.
# * L2 ($\lambda\sum w^2$ in Keras) shrinks all weights; L1 ($\lambda\sum|w|$) zeroes useless ones. 003's
#   $\frac\lambda2$ only rescales $\lambda$.
# * Inverted dropout (Keras) scales by $1/(1-p)$ in training and does nothing at inference; 003's form scales
#   by $(1-p)$ at inference; same expectation.
# * Early stopping with `restore_best_weights=True` keeps the best validation epoch.
# * Batch norm: batch statistics in training, moving averages at inference ($\epsilon = 10^{-3}$, momentum
#   0.99 in Keras); layer norm: per sample, the same in both modes.
# * Dataset shift (covariate, prior, concept) needs monitoring and retraining, not a regulariser.
# * Debug with dead-unit counts and per-layer gradient norms; lower the learning rate when ReLUs die.
