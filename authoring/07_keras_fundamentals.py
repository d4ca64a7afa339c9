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
# # 07 · Keras fundamentals
#
# Chapters 03 to 06 computed forward passes, gradients and optimizer steps with numpy, by hand. A
# framework does that bookkeeping for you: it stores the weights, runs the forward pass, computes the
# gradients (automatic differentiation) and applies the optimizer. This chapter uses **Keras** to
# build, train, evaluate, save and reload the two networks of the source notes (002): a **regression**
# network that predicts the compressive strength of concrete, and a **classification** network that
# reads handwritten digits.
#
# **You will write:** `normalize`, `build_regressor`, `build_classifier`, `train_regressor`,
# `train_classifier`, `predict_classes` and `fit_with_checkpoint`. Their tests check the architecture
# (layer types, units, activations, parameter count), the compile configuration (loss, optimizer,
# metrics) and the score your trained models reach on data they never saw.

# %%
import os
import tempfile

import numpy as np

import dlkit
from dlkit import checks, data, plots, tabular
from dlkit.progress import keras_progress

rng = dlkit.setup_notebook(seed=0)      # silences TensorFlow's start-up logs: call it before importing keras

import keras  # noqa: E402

from dlkit import keras_checks as kc  # noqa: E402  (checks for Keras models; also quiets TF's Python logger)

print("Keras", keras.__version__, "on the", keras.backend.backend(), "backend")

# %% [markdown]
# ## Frameworks: where each one fits
#
# The source notes compare the libraries (002, module 3; 004, tools table). In short:
#
# | library | from | what it is | where it fits |
# | --- | --- | --- | --- |
# | **TensorFlow** | Google, 2015 | tensors, automatic differentiation, compiled graphs, deployment (TF Serving, TF Lite) | production systems, mobile and edge deployment |
# | **Keras** | François Chollet, 2015; Google | a high-level API: layers, models, `compile`/`fit`/`evaluate`/`predict` | learning, fast prototyping, most standard models |
# | **PyTorch** | Meta, 2016 | tensors and autograd with a Pythonic, define-by-run style | research and custom architectures; now also production |
# | **JAX** | Google, 2018 | numpy-like functions that are differentiated (`grad`), vectorised and compiled with XLA | research needing speed and function transformations |
#
# The notes (002) say Keras "runs on top of TensorFlow". That was true of Keras 2 (`tf.keras`); **Keras
# 3** runs on TensorFlow, JAX or PyTorch, chosen by the `KERAS_BACKEND` environment variable. This course
# uses the TensorFlow backend (Colab's default), but nothing in this chapter depends on it. (Theano, the
# first Keras backend, is no longer developed.)

# %% [markdown]
# ## The data: predictors, target, normalisation
#
# The source notes train their regression network on a concrete data set (1030 mixes): eight
# **predictors** (cement, blast furnace slag, fly ash, water, superplasticizer, coarse and fine
# aggregate, all in kg per m³, and the age in days) and one **target**, the compressive strength in MPa.
# That file is not shipped with any library we install, so `dlkit.tabular.concrete_like` generates a
# table with the same columns and ranges from two textbook formulas: Abrams' law for the 28-day strength
# and the ACI 209 curve for ageing,
#
# $$f_{28} = \frac{96.5\ \text{MPa}}{7^{\,w/b}}, \qquad f(t) = f_{28}\,\frac{t}{4 + 0.85\,t},$$
#
# with $w/b$ the water-to-binder ratio, plus noise. A mix with $w/b = 0.5$ reaches
# $96.5 / 7^{0.5} \approx 36.5$ MPa after 28 days. The first step of the recipe splits the table into
# predictors (every column but the last) and target (the last column).

# %% tags=["nbval-check-output"]
table = tabular.concrete_like(600, rng=0)                  # (600, 9): 8 predictors, then the strength
predictors, target = table[:, :-1], table[:, -1]           # (600, 8), (600,)
print("predictors", predictors.shape, " target", target.shape)
for name, column in zip(tabular.CONCRETE_COLUMNS, table.T):
    print(f"{name:18s} min {column.min():7.1f}   mean {column.mean():7.1f}   max {column.max():7.1f}")
print(f"Abrams' law at w/b = 0.5: {96.5 / 7 ** 0.5:.1f} MPa")

# %% [markdown]
# The predictors live on very different scales: the age runs from 3 to 365, the aggregates near 1000,
# the superplasticizer below 30. A network starts with small random weights of similar size for every
# input, so the large columns dominate the first weighted sums and gradient descent crawls along the
# small ones. The recipe therefore **normalises** each predictor column $j$ to mean 0 and standard
# deviation 1:
#
# $$x'_{nj} = \frac{x_{nj} - \mu_j}{\sigma_j}, \qquad \mu_j = \frac{1}{N}\sum_n x_{nj}, \quad
# \sigma_j = \sqrt{\frac{1}{N}\sum_n (x_{nj} - \mu_j)^2}.$$
#
# $\mu$ and $\sigma$ come from the **training** rows only, and the same numbers scale the test rows and any
# new input: the test set plays unseen data, and computing its own statistics would let it leak into the
# preprocessing (and shift it by a different amount). The target stays in MPa.

# %% [markdown]
# The split below keeps 480 rows for training and 120 for testing. The figure shows each predictor's
# range before and after normalisation: afterwards every column is centred on 0 with a spread of about 1.

# %%
X_train_raw, X_test_raw, y_train, y_test = tabular.concrete_split(600, test_size=0.2, seed=0)
X_train_demo, X_test_demo = tabular.normalize(X_train_raw, X_test_raw)
fig, (ax_raw, ax_norm) = plots.new_figure(ncols=2, figsize=(10, 3.6))
short = ["cement", "slag", "fly ash", "water", "superpl.", "coarse", "fine", "age"]
ax_raw.boxplot(X_train_raw, tick_labels=short)
ax_norm.boxplot(X_train_demo, tick_labels=short)
for ax in (ax_raw, ax_norm):
    ax.tick_params(axis="x", labelsize=8)
plots.label(ax_raw, "predictor", "value (kg/m³ or days)", "raw")
plots.label(ax_norm, "predictor", "(x − μ) / σ", "normalised with the training μ, σ")
fig

# %% [markdown]
# ### Exercise 1: `normalize` (1 point)
#
# Return the pair `(train_n, other_n)`: both arrays with every column shifted by the column means and
# divided by the column standard deviations **of `train`** (`np.mean` and `np.std` along `axis=0`).
# `train` has shape `(N, D)`, `other` shape `(M, D)`.

# %% nbgrader="solution" grade_id="normalize"
def normalize(train, other):
    """(train - mu) / sigma and (other - mu) / sigma, with mu, sigma the column statistics of train."""
    ### BEGIN SOLUTION
    mu = train.mean(axis=0)                    # (D,)
    sigma = train.std(axis=0)                  # (D,)
    return (train - mu) / sigma, (other - mu) / sigma
    ### END SOLUTION


# %% nbgrader="tests" grade_id="normalize_tests" points=1
train_t = np.array([[1.0, 10.0], [3.0, 30.0]])          # column means (2, 20), standard deviations (1, 10)
other_t = np.array([[2.0, 20.0], [5.0, 0.0], [3.0, 40.0]])
out_t = normalize(train_t, other_t)
checks.check_type(out_t, tuple, name="normalize(train, other)", hint="return the pair (train_n, other_n)")
checks.check_equal(len(out_t), 2, name="len(normalize(train, other))", hint="return the pair (train_n, other_n)")
train_n, other_n = out_t
if np.shape(train_n) == train_t.shape and np.allclose(train_n, train_t):
    raise checks.CheckError("normalize returned train unchanged: forgetting normalisation leaves the predictors "
                            "on their raw scales\nHint: subtract the column means and divide by the column "
                            "standard deviations of train")
checks.check_close(train_n, [[-1.0, -1.0], [1.0, 1.0]], name="normalize(train, other)[0]",
                   hint="per column (axis=0): subtract train.mean(axis=0) and divide by train.std(axis=0), the "
                        "standard deviation (not the variance); without axis=0 one number is used for the "
                        "whole table")
checks.check_close(other_n, [[0.0, 0.0], [3.0, -2.0], [1.0, 2.0]], name="normalize(train, other)[1]",
                   hint="scale `other` with the mean and standard deviation of train, not its own: the test "
                        "set must be transformed exactly like the training set")
### BEGIN HIDDEN TESTS
from dlkit.tabular import normalize as _ref_normalize

_rng = np.random.default_rng(701)
_tr = _rng.normal(loc=[5.0, -200.0, 0.1], scale=[2.0, 50.0, 0.01], size=(9, 3))
_ot = _rng.normal(loc=[5.0, -200.0, 0.1], scale=[2.0, 50.0, 0.01], size=(4, 3))
_a, _b = normalize(_tr, _ot)
_ra, _rb = _ref_normalize(_tr, _ot)
assert type(_a) is np.ndarray and type(_b) is np.ndarray, "normalize must return two numpy arrays"
checks.check_close(_a, _ra, name="normalize on random train")
checks.check_close(_b, _rb, name="normalize on random other")
### END HIDDEN TESTS

# %% [markdown]
# ## A model, layer by layer: the Sequential API
#
# A Keras **model** holds layers and their weights. The **Sequential** API stacks layers one after the
# other: every layer reads the output of the one before. The regression network of the notes (002) has
# an input of 8 predictors, hidden **Dense** (fully connected) layers with **ReLU**, and one output unit
# with **no activation** (linear), since a strength can be any number. We use two hidden layers of 10
# units:
#
# | call | what it does |
# | --- | --- |
# | `keras.Sequential()` | an empty stack (or pass the list of layers) |
# | `.add(layer)` | appends a layer |
# | `keras.Input(shape=(8,))` | declares the input: 8 features per sample (the batch size is left open) |
# | `keras.layers.Dense(10, activation="relu")` | $A = \text{relu}(XW + b)$, $W$ of shape $(D, 10)$ |
# | `.summary()` | prints the layers, their output shapes and parameter counts |
#
# A Dense layer from $D$ inputs to $H$ units has $D \cdot H$ weights and $H$ biases, so this network has
# $(8 \cdot 10 + 10) + (10 \cdot 10 + 10) + (10 \cdot 1 + 1) = 90 + 110 + 11 = 211$ parameters.
# (Older code, including 000 and 003, passes `input_shape=(8,)` to the first layer or to `InputLayer`;
# Keras 3 asks for a separate `keras.Input(shape=(8,))` and warns about the old form.)

# %%
model = keras.Sequential(name="concrete_regressor")
model.add(keras.Input(shape=(8,)))
model.add(keras.layers.Dense(10, activation="relu"))
model.add(keras.layers.Dense(10, activation="relu"))
model.add(keras.layers.Dense(1))                            # no activation: linear output
model.summary()

# %% tags=["nbval-check-output"]
for i, layer in enumerate(model.layers, start=1):
    W, b = layer.get_weights()
    print(f"Dense layer {i}: W {str(W.shape):8s} b {str(b.shape):5s} -> {W.size + b.size:3d} parameters")
print("total", model.count_params())

# %% [markdown]
# ## Compile: loss, optimizer, metrics
#
# `compile` says how the model will be trained; it does not touch the weights.
#
# * The **loss** is what training minimises (chapter 03): `"mse"` for regression,
#   `"binary_crossentropy"` for yes/no, `"categorical_crossentropy"` for one class out of $C$ with one-hot
#   labels, `"sparse_categorical_crossentropy"` for the same with integer labels.
# * The **optimizer** turns gradients into weight updates (chapter 04): `keras.optimizers.SGD`,
#   `RMSprop`, `Adam`. The string `"adam"` means Adam with its default learning rate 0.001; pass
#   `keras.optimizers.Adam(learning_rate=0.01)` to choose another. (002 says Adam needs no learning rate;
#   it has a default, which is a sensible start, not a guarantee.)
# * **Metrics** are reported during `fit` and by `evaluate` but do not change training: `"mae"` (mean
#   absolute error, in the target's unit) for regression; `"accuracy"`, `keras.metrics.Precision()`,
#   `Recall()` and `AUC()` for classification.
#
# Precision, recall and AUC are for yes/no predictions. For the scores below, thresholded at 0.5, three
# of the four predicted positives are right (precision $3/4$) and three of the four real positives are
# found (recall $3/4$); the AUC is the fraction of (positive, negative) pairs ranked the right way,
# $14/16$.

# %% tags=["nbval-check-output"]
y_true_bin = np.array([0, 0, 1, 1, 1, 0, 1, 0])
scores = np.array([0.1, 0.4, 0.35, 0.8, 0.7, 0.6, 0.9, 0.2])
for metric in (keras.metrics.Precision(), keras.metrics.Recall(), keras.metrics.AUC()):
    metric.update_state(y_true_bin, scores)
    print(f"{metric.name:10s} {float(metric.result()):.3f}")
pairs = [(p, n) for p in scores[y_true_bin == 1] for n in scores[y_true_bin == 0]]
print(f"AUC by counting pairs: {sum(p > n for p, n in pairs)}/{len(pairs)} = {np.mean([p > n for p, n in pairs]):.3f}")

# %% [markdown]
# ### Exercise 2: `build_regressor` (2 points)
#
# Return a **compiled** Sequential model: `keras.Input(shape=(n_features,))`, `Dense(10, relu)`,
# `Dense(10, relu)`, `Dense(1)` with no activation; compiled with
# `optimizer=keras.optimizers.Adam(learning_rate=0.01)`, `loss="mse"` and `metrics=["mae"]`. Build a new
# model on every call.

# %% nbgrader="solution" grade_id="build_regressor"
def build_regressor(n_features):
    """Input(n_features) -> Dense(10, relu) -> Dense(10, relu) -> Dense(1); compiled (Adam 0.01, mse, mae)."""
    ### BEGIN SOLUTION
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(10, activation="relu"),
        keras.layers.Dense(10, activation="relu"),
        keras.layers.Dense(1),                                  # linear output
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model
    ### END SOLUTION


# %% nbgrader="tests" grade_id="build_regressor_tests" points=2
reg_t = build_regressor(8)
kc.check_architecture(reg_t, [("Dense", 10, "relu"), ("Dense", 10, "relu"), ("Dense", 1, "linear")],
                      n_inputs=8, n_params=211, name="build_regressor(8)",
                      hint="Input(shape=(8,)), Dense(10, activation='relu') twice, then Dense(1) with no activation")
kc.check_compiled(reg_t, loss="mse", optimizer="adam", learning_rate=0.01, metrics=["mae"],
                  name="build_regressor(8)")
### BEGIN HIDDEN TESTS
import keras as _keras
from dlkit import keras_checks as _kc

_m5 = build_regressor(5)
assert isinstance(_m5, _keras.Model), "build_regressor must return a keras model"
_kc.check_architecture(_m5, [("Dense", 10, "relu"), ("Dense", 10, "relu"), ("Dense", 1, "linear")],
                       n_inputs=5, n_params=5 * 10 + 10 + 110 + 11, name="build_regressor(5)")
_kc.check_compiled(_m5, loss="mean_squared_error", optimizer="adam", learning_rate=0.01,
                   metrics=["mean_absolute_error"], name="build_regressor(5)")
assert build_regressor(5) is not _m5, "build_regressor must build a new model on every call"
### END HIDDEN TESTS

# %% [markdown]
# ## Fit, evaluate, predict
#
# `fit(X, y, epochs=..., batch_size=...)` runs mini-batch gradient descent: each **epoch** passes over the
# whole training set once, in batches of `batch_size` rows (32 by default), one weight update per batch.
# It returns a `History` whose `.history` dict holds the loss and the metrics after every epoch. Keep
# `verbose=0` (no text log); the bar below comes from `dlkit.progress.keras_progress`.
# `evaluate(X, y)` returns the loss and the metrics on other data, and `predict(X)` the outputs, shape
# `(N, 1)` here.
#
# The cell trains the network for 20 epochs on the normalised training rows. The figure shows the
# training loss falling epoch by epoch (left) and the test predictions against the true strengths
# (right): the closer to the diagonal, the better.

# %%
keras.utils.set_random_seed(0)             # same initial weights and batch order on every run
reg_demo = tabular.regressor(8)            # dlkit's copy of the network above, compiled like Exercise 2
history = reg_demo.fit(X_train_demo, y_train, epochs=20, batch_size=32, verbose=0,
                       callbacks=[keras_progress(20, desc="regressor")])
test_mse, test_mae = reg_demo.evaluate(X_test_demo, y_test, verbose=0)
pred_test = reg_demo.predict(X_test_demo, verbose=0)          # (120, 1)
print(f"test MSE {test_mse:.1f} MPa²   test MAE {test_mae:.2f} MPa   "
      f"(always predicting the training mean: MAE {np.mean(np.abs(y_test - y_train.mean())):.2f} MPa)")
fig, (ax_loss, ax_pred) = plots.new_figure(ncols=2, figsize=(10, 3.6))
plots.plot_history(history.history["loss"], ylabel="training MSE (MPa²)", ax=ax_loss)
ax_loss.set_yscale("log")
ax_pred.scatter(y_test, pred_test[:, 0], s=12)
ax_pred.plot([0, 90], [0, 90], color=plots.PALETTE[7], linewidth=1)
plots.label(ax_pred, "true strength (MPa)", "predicted strength (MPa)", "test rows")
fig

# %% [markdown]
# ### Exercise 3: `train_regressor` (2 points)
#
# Put the recipe together. `train_regressor(X_train, y_train, seed=0, epochs=20)` receives **raw**
# predictors and must
#
# 1. normalise `X_train` with your `normalize` (its own statistics; the target stays in MPa),
# 2. seed Keras with `keras.utils.set_random_seed`, passing `seed`, then build the network with your
#    `build_regressor`,
# 3. fit it for `epochs` epochs with `batch_size=32` and `verbose=0`,
# 4. return the trained model (which expects normalised inputs).
#
# The test normalises the 120 held-out rows with the training mean and standard deviation and requires
# a **mean absolute error of at most 9.0 MPa** (always predicting the mean gives about 13.3 MPa; the
# recipe reaches about 7.0 to 7.6 MPa over seeds 0 to 4).

# %% nbgrader="solution" grade_id="train_regressor"
def train_regressor(X_train, y_train, seed=0, epochs=20):
    """Normalise the predictors, build the regressor, fit it; return the trained model."""
    ### BEGIN SOLUTION
    X_train_n, _ = normalize(X_train, X_train)
    keras.utils.set_random_seed(seed)                      # same seed, same initial weights
    model = build_regressor(X_train.shape[1])
    model.fit(X_train_n, y_train, epochs=epochs, batch_size=32, verbose=0)
    return model
    ### END SOLUTION


# %% nbgrader="tests" grade_id="train_regressor_tests" points=2
from dlkit.tabular import concrete_split, normalize as ref_normalize  # noqa: E402

Xr_tr, Xr_te, yr_tr, yr_te = concrete_split(600, 0.2, seed=0)
reg_trained = train_regressor(Xr_tr, yr_tr, seed=0)
kc.check_model(reg_trained, name="train_regressor(...)", hint="return the trained model (not its History)")
Xr_te_n = ref_normalize(Xr_tr, Xr_te)[1]
mae_n = kc.held_out_score(reg_trained, Xr_te_n, yr_te, "mae")
pred_n = np.asarray(reg_trained.predict(Xr_te_n, verbose=0), dtype=float).reshape(-1)
if mae_n > 9.0 and np.mean(np.abs(pred_n * yr_tr.std() + yr_tr.mean() - yr_te)) < 9.0:
    raise checks.CheckError(f"the trained model predicts {pred_n.mean():.2f} on average for strengths around 36 MPa, "
                            "but its predictions are good once scaled back to MPa: the target was normalised "
                            "too\nHint: normalise the predictors only; the target stays in MPa")
if mae_n > 9.0 and kc.held_out_score(reg_trained, Xr_te, yr_te, "mae") < mae_n:
    raise checks.CheckError(f"the trained model scores MAE {mae_n:.1f} MPa on normalised test rows but better on "
                            "raw ones: it was trained on raw predictors (forgetting normalisation)\nHint: "
                            "normalise X_train with normalize(...) before model.fit")
kc.check_held_out(reg_trained, Xr_te_n, yr_te, "mae", 9.0, name="train_regressor(...)",
                  hint="fit for `epochs` epochs (not 1) with batch_size=32 on the normalised predictors, and return "
                       "the model you trained. Normalise the predictors only: the target stays in MPa")
print(f"held-out MAE {mae_n:.2f} MPa (needed: at most 9.0)")
### BEGIN HIDDEN TESTS
from dlkit import keras_checks as _kc
from dlkit.tabular import concrete_like as _concrete_like, normalize as _ref_norm, split_predictors_target as _split

_Xf, _yf = _split(_concrete_like(400, rng=707))           # fresh mixes the model never saw
_kc.check_held_out(reg_trained, _ref_norm(Xr_tr, _Xf)[1], _yf, "mae", 9.0, name="train_regressor on fresh mixes")
### END HIDDEN TESTS

# %% [markdown]
# ## The Functional API
#
# The **Functional** API builds the same kinds of models by calling layers on tensors: `x = layer(x)`.
# It also builds what a single stack cannot: several inputs or outputs, shared layers, or a branch that
# skips layers (the residual blocks of chapter 10). Below, the regressor again (same 211 parameters),
# and a "wide and deep" variant whose output reads the raw inputs next to the hidden features
# (`Concatenate`): $8 + 10 = 18$ inputs to the last layer, so $18 + 1 = 19$ parameters there.

# %% tags=["nbval-check-output"]
inputs = keras.Input(shape=(8,))
h = keras.layers.Dense(10, activation="relu")(inputs)
h = keras.layers.Dense(10, activation="relu")(h)
functional = keras.Model(inputs=inputs, outputs=keras.layers.Dense(1)(h), name="functional_regressor")
wide = keras.layers.Concatenate()([inputs, h])                       # (None, 18)
wide_deep = keras.Model(inputs=inputs, outputs=keras.layers.Dense(1)(wide), name="wide_and_deep")
print("functional regressor:", functional.count_params(), "parameters")
print("wide and deep:       ", wide_deep.count_params(), "parameters =", 90 + 110 + 19)

# %% [markdown]
# ## The core layers
#
# | layer | arguments | what it does | chapter |
# | --- | --- | --- | --- |
# | `Input(shape=...)` | shape of one sample | declares the input | here |
# | `Dense(units, activation)` | units, activation | $g(XW + b)$ | here |
# | `Activation("relu")`, `ReLU()`, `Softmax()` | | an activation as its own layer | here |
# | `Dropout(rate)` | fraction dropped | zeroes random inputs while training | 08 |
# | `BatchNormalization()` | | normalises each batch | 08 |
# | `Normalization()` | `.adapt(X)` | $(x - \mu)/\sigma$ inside the model | here |
# | `Conv2D(filters, kernel_size)`, `MaxPooling2D` | | image features | 10 |
# | `Flatten()` | | $(N, h, w, c) \to (N, hwc)$ | 10 |
# | `LSTM(units)`, `GRU(units)`, `Embedding` | | sequences | 11 |
#
# `Normalization` puts the $\mu$, $\sigma$ of Exercise 1 into the model itself: `adapt` computes them from
# the training rows, and the saved model then accepts raw inputs.

# %% tags=["nbval-check-output"]
norm_layer = keras.layers.Normalization()
norm_layer.adapt(X_train_raw)
print("same as normalize():", np.allclose(norm_layer(X_test_raw), X_test_demo, atol=1e-4))

# %% [markdown]
# ## Classification: digits
#
# The classification recipe of the notes (002) differs from regression in three places: the labels are
# **one-hot encoded** with `keras.utils.to_categorical` (label 3 of 10 becomes
# `[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]`), the output layer has **one unit per class with softmax**, so that the
# outputs are probabilities summing to 1, and the loss is **categorical cross-entropy**. The predicted
# class is the `argmax` of each row of `predict`: for the notes' example output
# `[0.01, 0.92, 0.04, 0.03]` it is class 1. We use scikit-learn's 8×8 digits (1797 images, 64 pixels
# each), standardised per pixel with the training statistics (`tabular.normalize`, the reference for
# Exercise 1, which divides a pixel that is constant in the training images by 1 instead of 0); 450
# images are held out.

# %% tags=["nbval-check-output"]
pixels_tr, pixels_te, ld_tr, ld_te = data.digits_split(standardize=False)   # pixels 0..16, labels 0..9
Xd_tr, Xd_te = tabular.normalize(pixels_tr, pixels_te)                      # (1347, 64), (450, 64)
onehot_tr = keras.utils.to_categorical(ld_tr, num_classes=10)   # (1347, 10)
print("labels", ld_tr[:3], "->\n", onehot_tr[:3].astype(int))
print("argmax of [0.01, 0.92, 0.04, 0.03]:", int(np.argmax([0.01, 0.92, 0.04, 0.03])))
print("softmax([2.0, 1.0, 0.1]) =", np.round(np.asarray(keras.activations.softmax(np.array([[2.0, 1.0, 0.1]])))[0], 3))

# %% [markdown]
# ### Exercise 4: `build_classifier` (2 points)
#
# Return a **compiled** Sequential model: `keras.Input(shape=(n_features,))`, `Dense(32, relu)`,
# `Dense(n_classes, softmax)`; compiled with `optimizer=keras.optimizers.Adam(learning_rate=0.01)`,
# `loss="categorical_crossentropy"` (the labels will be one-hot) and `metrics=["accuracy"]`.

# %% nbgrader="solution" grade_id="build_classifier"
def build_classifier(n_features, n_classes):
    """Input(n_features) -> Dense(32, relu) -> Dense(n_classes, softmax); compiled (Adam 0.01, CCE, accuracy)."""
    ### BEGIN SOLUTION
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model
    ### END SOLUTION


# %% nbgrader="tests" grade_id="build_classifier_tests" points=2
clf_t = build_classifier(64, 10)
kc.check_architecture(clf_t, [("Dense", 32, "relu"), ("Dense", 10, "softmax")], n_inputs=64,
                      n_params=64 * 32 + 32 + 32 * 10 + 10, name="build_classifier(64, 10)")
kc.check_compiled(clf_t, loss="categorical_crossentropy", optimizer="adam", learning_rate=0.01,
                  metrics=["accuracy"], name="build_classifier(64, 10)")
### BEGIN HIDDEN TESTS
import keras as _keras
from dlkit import keras_checks as _kc

_c3 = build_classifier(20, 3)
assert isinstance(_c3, _keras.Model), "build_classifier must return a keras model"
_kc.check_architecture(_c3, [("Dense", 32, "relu"), ("Dense", 3, "softmax")], n_inputs=20,
                       n_params=20 * 32 + 32 + 33 * 3, name="build_classifier(20, 3)")
_kc.check_compiled(_c3, loss="categorical_crossentropy", optimizer="adam", learning_rate=0.01,
                   metrics=["accuracy"], name="build_classifier(20, 3)")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 5: `train_classifier` (2 points)
#
# `train_classifier(X_train, labels_train, seed=0, epochs=8)` receives normalised pixels and **integer**
# labels 0 to 9. One-hot encode the labels with `keras.utils.to_categorical(labels_train, 10)`, seed
# Keras with `keras.utils.set_random_seed` (passing `seed`), build the network with
# `build_classifier(X_train.shape[1], 10)`,
# fit it for `epochs` epochs with `batch_size=64` and `verbose=0`, and return the trained model.
#
# The test requires an **accuracy of at least 0.93** on the 450 held-out digits (the recipe reaches 0.96
# to 0.97 over seeds 0 to 3; guessing gives 0.1).

# %% nbgrader="solution" grade_id="train_classifier"
def train_classifier(X_train, labels_train, seed=0, epochs=8):
    """One-hot labels, build the classifier, fit it; return the trained model."""
    ### BEGIN SOLUTION
    targets = keras.utils.to_categorical(labels_train, 10)        # (N, 10)
    keras.utils.set_random_seed(seed)                      # same seed, same initial weights
    model = build_classifier(X_train.shape[1], 10)
    model.fit(X_train, targets, epochs=epochs, batch_size=64, verbose=0)
    return model
    ### END SOLUTION


# %% nbgrader="tests" grade_id="train_classifier_tests" points=2
from dlkit.tabular import normalize as ref_normalize  # noqa: E402

Xc_tr, Xc_te, lc_tr, lc_te = data.digits_split(standardize=False)
Xc_tr, Xc_te = ref_normalize(Xc_tr, Xc_te)
try:
    clf_trained = train_classifier(Xc_tr, lc_tr, seed=0)
except NotImplementedError:
    raise
except ValueError as err:
    raise checks.CheckError(f"train_classifier raised ValueError: {str(err)[:300]}\nHint: categorical_crossentropy "
                            "needs one-hot targets of shape (N, 10): pass keras.utils.to_categorical(labels_train, 10) "
                            "to fit. (sparse_categorical_crossentropy is the loss for integer labels: do not mix "
                            "the two)") from None
kc.check_model(clf_trained, name="train_classifier(...)", hint="return the trained model (not the History of fit)")
acc_t = kc.check_held_out(clf_trained, Xc_te, lc_te, "accuracy", 0.93, name="train_classifier(...)",
                          hint="one-hot encode the labels with to_categorical, fit for `epochs` epochs with "
                               "batch_size=64, and return the model you trained")
print(f"held-out accuracy {acc_t:.3f} (needed: at least 0.93)")
### BEGIN HIDDEN TESTS
from dlkit import keras_checks as _kc
from dlkit.data import digits_split as _digits_split
from dlkit.tabular import normalize as _ref_norm

_X2tr, _X2te, _l2tr, _l2te = _digits_split(seed=3, standardize=False)     # another split, another seed
_X2tr, _X2te = _ref_norm(_X2tr, _X2te)
_kc.check_held_out(train_classifier(_X2tr, _l2tr, seed=1), _X2te, _l2te, "accuracy", 0.93,
                   name="train_classifier on another split")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 6: `predict_classes` (1 point)
#
# Return the predicted class of every row of `X`: the index of the largest of the model's output
# probabilities, as a numpy array of integers of shape `(N,)`. Use `model.predict(X, verbose=0)`.

# %% nbgrader="solution" grade_id="predict_classes"
def predict_classes(model, X):
    """argmax over the classes of model.predict(X): an int array (N,)."""
    ### BEGIN SOLUTION
    return np.argmax(model.predict(X, verbose=0), axis=1)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="predict_classes_tests" points=1
probe = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(3, activation="softmax")])
probe.layers[0].set_weights([np.eye(3, dtype="float32") * 5, np.zeros(3, dtype="float32")])  # class = largest input
X_p = np.array([[1.0, 0.0, 0.0], [0.2, 0.3, 0.25], [0.1, 0.0, 0.4], [0.0, 0.3, 0.0]])   # row 2: top p = 0.42
got_p = predict_classes(probe, X_p)
checks.check_type(got_p, np.ndarray, name="predict_classes(model, X)",
                  hint="return a numpy array: np.argmax(model.predict(X, verbose=0), axis=1)")
checks.check_shape(got_p, (4,), name="predict_classes(model, X) for 4 samples",
                   hint="one class per row: argmax over the classes (axis=1), not over the samples (axis=0); "
                        "return labels, not the probabilities")
checks.check_equal(got_p, [0, 1, 2, 1], name="predict_classes(model, X)",
                   hint="take the argmax of each row (axis=1): the class with the largest probability, even when "
                        "no probability exceeds 0.5")
assert np.issubdtype(got_p.dtype, np.integer), f"predict_classes must return integers, received {got_p.dtype}"
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(706)
_Xp = _rng.normal(size=(9, 3))
_gp = predict_classes(probe, _Xp)
assert type(_gp) is np.ndarray, "predict_classes must return a numpy array"
checks.check_equal(_gp, np.argmax(_Xp, axis=1), name="predict_classes on random rows")
### END HIDDEN TESTS

# %% [markdown]
# Here is what the digits classifier of your test saw and said: the first twelve held-out images with the
# predicted label over the true one; most agree.

# %%
probs = clf_trained.predict(Xd_te[:12], verbose=0) if "clf_trained" in globals() else np.zeros((12, 10))
fig, axes = plots.new_figure(ncols=6, nrows=2, figsize=(9, 3.8))
for ax, img, pred, true in zip(axes.ravel(), pixels_te[:12], probs.argmax(axis=1), ld_te[:12]):
    ax.imshow(img.reshape(8, 8), cmap="gray_r")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    plots.label(ax, f"true {true}", "8×8 pixels", f"predicted {pred}")
fig

# %% [markdown]
# ## Callbacks: stop early, keep the best model
#
# A **callback** is an object whose methods Keras calls during `fit` (at the start and end of every
# epoch and batch). Two matter for every training run:
#
# * `keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)` stops when
#   the validation loss has not improved for `patience` epochs and puts back the weights of the best
#   epoch (without `restore_best_weights` you keep the last, worse, weights).
# * `keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)` saves the whole
#   model to `path` (a `.keras` file) whenever the validation loss reaches a new low; without
#   `save_best_only` it overwrites the file every epoch, so the file ends up holding the **last** epoch.
#
# Both need a validation loss: pass `validation_data=(X_val, y_val)` (or `validation_split`) to `fit`.
# With only 100 training images and a large learning rate (0.05) the classifier overfits quickly: the
# figure shows the validation loss bottoming out within the first few epochs and rising again, and
# EarlyStopping ending the run three epochs after its best.

# %%
X_small, y_small = Xd_tr[:100], keras.utils.to_categorical(ld_tr[:100], 10)     # a tiny training set
X_val, y_val = Xd_te[:200], keras.utils.to_categorical(ld_te[:200], 10)
keras.utils.set_random_seed(0)
overfit = tabular.classifier(64, 10, learning_rate=0.05)
stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
hist_es = overfit.fit(X_small, y_small, validation_data=(X_val, y_val), epochs=30, verbose=0, callbacks=[stopper])
val_es = np.array(hist_es.history["val_loss"])
print(f"stopped after {len(val_es)} of 30 epochs; best epoch {val_es.argmin() + 1}, val loss {val_es.min():.4f}; "
      f"restored weights give {overfit.evaluate(X_val, y_val, verbose=0)[0]:.4f}")
fig, ax = plots.new_figure(figsize=(6, 3.6))
plots.plot_history(hist_es.history["loss"], ax=ax, label="training loss")
plots.plot_history(val_es, ax=ax, label="validation loss", ylabel="categorical cross-entropy")
ax.axvline(val_es.argmin() + 1, color=plots.PALETTE[7], linewidth=1, linestyle=":")
plots.label(ax, "epoch", "categorical cross-entropy", "EarlyStopping(patience=3, restore_best_weights=True)")
fig

# %% [markdown]
# ## Saving and loading `.keras` files
#
# `model.save("name.keras")` writes one zip file with the architecture, the weights, the compile
# configuration and the optimizer's state; `keras.models.load_model("name.keras")` rebuilds the model,
# ready to predict or to train further. (`.h5` files are the older format; `model.save_weights` with a
# `.weights.h5` name stores the weights alone.) The cell saves the early-stopped model into a temporary
# folder and checks that the reloaded copy predicts exactly the same.

# %% tags=["nbval-check-output"]
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "digits.keras")
    overfit.save(path)
    reloaded = keras.models.load_model(path)
    same = np.allclose(reloaded.predict(X_val, verbose=0), overfit.predict(X_val, verbose=0))
    print(type(reloaded).__name__, "with", reloaded.count_params(), "parameters; same predictions:", same)
    print("compiled with", kc.compile_summary(reloaded)["loss"])

# %% [markdown]
# ### Exercise 7: `fit_with_checkpoint` (2 points)
#
# `fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs)` trains the compiled `model`
# and returns `(best_model, history)`:
#
# 1. create `keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)`,
# 2. fit `model` on the training data with `validation_data=(X_val, y_val)`, `epochs=epochs`, `verbose=0`
#    and the checkpoint in `callbacks`, keeping the History that `fit` returns (and the default batch size),
# 3. load the best model back with `keras.models.load_model(path)` and return it with the history.
#
# The test trains the overfitting digits classifier above and checks that the reloaded model's
# validation loss equals the **lowest** validation loss in `history.history["val_loss"]`, not the last.

# %% nbgrader="solution" grade_id="fit_with_checkpoint"
def fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs):
    """Fit with ModelCheckpoint(save_best_only=True) on val_loss; return (reloaded best model, history)."""
    ### BEGIN SOLUTION
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=epochs, verbose=0,
                        callbacks=[checkpoint])
    return keras.models.load_model(path), history
    ### END SOLUTION


# %% nbgrader="tests" grade_id="fit_with_checkpoint_tests" points=2
digits_t = data.digits_split(standardize=False)
digits_t = (*tabular.normalize(digits_t[0], digits_t[1]), digits_t[2], digits_t[3])


def checkpoint_round_trip(seed, rows, epochs):
    """Run fit_with_checkpoint on an overfitting digits classifier; check the reloaded model is the best epoch."""
    Xa, ya = digits_t[0][rows], keras.utils.to_categorical(digits_t[2][rows], 10)
    Xv, yv = digits_t[1][:200], keras.utils.to_categorical(digits_t[3][:200], 10)
    keras.utils.set_random_seed(seed)
    start = tabular.classifier(64, 10, learning_rate=0.05)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "best.keras")
        try:
            result = fit_with_checkpoint(start, Xa, ya, Xv, yv, path, epochs)
        except NotImplementedError:
            raise
        except (ValueError, OSError) as err:
            raise checks.CheckError(
                f"fit_with_checkpoint raised {type(err).__name__}: {str(err)[:300]}\nHint: pass "
                "validation_data=(X_val, y_val) to fit so that val_loss exists, and save the whole model with "
                "ModelCheckpoint(path, monitor='val_loss', save_best_only=True) (path ends in .keras; "
                "save_weights_only=True would need a .weights.h5 name and leave no model to load)") from None
        checks.check_type(result, tuple, name="fit_with_checkpoint(...)", hint="return (best_model, history)")
        checks.check_equal(len(result), 2, name="len(fit_with_checkpoint(...))", hint="return (best_model, history)")
        best, hist = result
        kc.check_model(best, name="best_model")
        if best is start:
            raise checks.CheckError("best_model is the model that was trained, holding the weights of the last "
                                    "epoch\nHint: load the checkpoint back with keras.models.load_model(path)")
        vals = np.asarray(getattr(hist, "history", {}).get("val_loss", []), dtype=float)
        if vals.size != epochs:
            raise checks.CheckError(f"history.history['val_loss'] has {vals.size} entries, expected {epochs}\n"
                                    "Hint: pass validation_data=(X_val, y_val) and epochs=epochs to fit, and "
                                    "return the History that fit returns")
        assert vals.argmin() < epochs - 1, "test set-up: the validation loss should be lowest before the last epoch"
        judge = tabular.classifier(64, 10)                  # the test's own compiled copy scores the weights
        judge.set_weights(best.get_weights())
        got = judge.evaluate(Xv, yv, verbose=0)[0]
        if np.isclose(got, vals[-1], rtol=1e-4) and not np.isclose(got, vals.min(), rtol=1e-4):
            raise checks.CheckError(
                f"the reloaded model has the val loss of the last epoch ({vals[-1]:.4f}), not the best one "
                f"({vals.min():.4f} at epoch {vals.argmin() + 1})\nHint: ModelCheckpoint(path, monitor='val_loss', "
                "save_best_only=True): without save_best_only the file is overwritten every epoch, and "
                "monitor='loss' follows the training loss instead of the validation loss")
        checks.check_close(got, vals.min(), rtol=1e-4, name="val loss of the reloaded model",
                           hint="the checkpoint must hold the epoch with the lowest val_loss: "
                                "monitor='val_loss', save_best_only=True")
    return vals


vals_t = checkpoint_round_trip(seed=0, rows=slice(0, 100), epochs=8)
print(f"best epoch {vals_t.argmin() + 1} of {vals_t.size}: val loss {vals_t.min():.4f} (last epoch {vals_t[-1]:.4f})")
### BEGIN HIDDEN TESTS
checkpoint_round_trip(seed=2, rows=slice(100, 200), epochs=6)
### END HIDDEN TESTS

# %% [markdown]
# ## Explorer: model size, learning rate, epochs
#
# Each setting of the sliders trains the regressor (two hidden layers of `units` ReLU units) on the
# normalised concrete rows and draws its training and validation loss per epoch, with the best epoch
# starred. Try 1 or 2 units (too small to fit the curve), a learning rate of 0.1 (fast but jumpy) or
# 0.001 (too slow for 20 epochs), and 64 units for 60 epochs. Each new setting takes a second or two.
# The first picture: 10 units, learning rate 0.01, 20 epochs.

# %%
tabular.training_curves_explorer(units=10, learning_rate=0.01, epochs=20)

# %% [markdown]
# ## Summary
#
# * Keras builds models from layers: **Sequential** for a stack (`.add`, `.summary`), **Functional**
#   (`keras.Model(inputs, outputs)`) for anything else.
# * `compile(optimizer, loss, metrics)` configures training; `fit` trains (epochs × batches), `evaluate`
#   scores, `predict` outputs.
# * Regression (002's recipe): predictors/target split, normalisation with the training statistics, ReLU
#   hidden layers, one linear output, MSE loss, MAE metric.
# * Classification: `to_categorical` labels, a softmax output with one unit per class, categorical
#   cross-entropy (sparse for integer labels), `argmax` of the predictions.
# * Callbacks: `EarlyStopping(restore_best_weights=True)` and `ModelCheckpoint(save_best_only=True)` keep
#   the best epoch; `.keras` files hold a whole model for `keras.models.load_model`.
