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
# reads handwritten digits. On the way it checks Keras' automatic gradients against the backward pass
# you wrote in chapter 05.
#
# **You will write:** `normalize`, `build_regressor`, `build_classifier`, `train_regressor`,
# `train_classifier`, `predict_classes` and `fit_with_checkpoint`. Their checks read the architecture
# (layer types, units, activations, parameter count), the compile configuration (loss, optimizer,
# metrics) and the score your trained models reach on rows they were not trained on.
#
# Each exercise has a check cell. `ex.<name>.hint()` under an exercise gives a hint; call it again for
# a more detailed one (three levels: a nudge, the method, the formula).

# %%
import os
import tempfile

import numpy as np

import dlkit
from dlkit.data import tabular
from dlkit.data.digits import digits_splits
from dlkit.exercises import ch07_keras_fundamentals as ex
from dlkit.models import dense
from dlkit.models.training import seeded
from dlkit.nn import mlp
from dlkit.nn.init import init_params
from dlkit.progress import keras_progress
from dlkit.viz import curves, plots, style

rng = dlkit.setup_notebook(seed=0)      # silences TensorFlow's start-up logs: call it before importing keras

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from dlkit.checks import keras as kc  # noqa: E402  (reads Keras models as plain data)

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
# uses the TensorFlow backend (Colab's default). Only one section below depends on it: the one that
# opens up `fit` with TensorFlow's `GradientTape`. (Theano, the first Keras backend, is no longer
# developed.)

# %% [markdown]
# ## Three parts of the data: train, validation, test
#
# Chapter 05 split the digits three ways, and this chapter keeps the three parts apart for both data
# sets:
#
# | part | used for | how often |
# | --- | --- | --- |
# | **training** | `fit` adjusts the weights on it | every epoch |
# | **validation** | every choice: number of epochs, layer sizes, learning rate, which checkpoint to keep | as often as you like |
# | **test** | one estimate of how the chosen model does on new data | once, at the end of the chapter |
#
# Choosing anything on the test rows (the epoch with the lowest test loss, say) tunes the model to
# those rows, and the test score stops being an honest estimate for new data. So every number below
# says which part it comes from, and the test parts are read once, in the last section.

# %% [markdown]
# ## The data: predictors, target, normalisation
#
# The source notes train their regression network on a concrete data set (1030 mixes): eight
# **predictors** (cement, blast furnace slag, fly ash, water, superplasticizer, coarse and fine
# aggregate, all in kg per m³, and the age in days) and one **target**, the compressive strength in MPa.
# That file is not shipped with any library we install, so `dlkit.data.tabular.concrete_like` generates a
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
# $\mu$ and $\sigma$ come from the **training** rows only, and the same numbers scale the validation and
# test rows and any new input: those rows play unseen data, and computing their own statistics would let
# them leak into the preprocessing (and shift them by a different amount). The target stays in MPa.

# %% [markdown]
# `tabular.concrete_splits(600, seed=0)` keeps 360 rows for training, 120 for validation and 120 for
# testing (the validation rows are split off what would otherwise be training rows). The figure shows
# each predictor's range in the training rows before and after normalisation: afterwards every column is
# centred on 0 with a spread of about 1.

# %% tags=["nbval-check-output"]
concrete = tabular.concrete_splits(600, seed=0)
print("training", concrete.X_train.shape, " validation", concrete.X_val.shape, " test", concrete.X_test.shape)

# %%
X_train_n, X_val_n = tabular.normalize(concrete.X_train, concrete.X_val)   # training mu and sigma for both
fig, (ax_raw, ax_norm) = style.new_figure(ncols=2, figsize=(10, 3.6))
short = ["cement", "slag", "fly ash", "water", "superpl.", "coarse", "fine", "age"]
ax_raw.boxplot(concrete.X_train, tick_labels=short)
ax_norm.boxplot(X_train_n, tick_labels=short)
for ax in (ax_raw, ax_norm):
    ax.tick_params(axis="x", labelsize=8)
style.label(ax_raw, "predictor", "value (kg/m³ or days)", "training rows, raw")
style.label(ax_norm, "predictor", "(x − μ) / σ", "normalised with the training μ, σ")
fig

# %% [markdown]
# ### Exercise 1: `normalize` (1 point)
#
# Return the pair `(train_n, other_n)`: both arrays with every column shifted by the column means and
# divided by the column standard deviations **of `train`** (`np.mean` and `np.std` along `axis=0`, the
# population standard deviation). `train` has shape `(N, D)`, `other` shape `(M, D)`; both are numpy
# arrays of floats, and so are the two arrays you return (a tuple or a list of the two).
#
# Stuck? `ex.normalize.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="normalize"
def normalize(train, other):
    """(train - mu) / sigma and (other - mu) / sigma, with mu, sigma the column statistics of train."""
    ### BEGIN SOLUTION
    mu = train.mean(axis=0)                    # (D,)
    sigma = train.std(axis=0)                  # (D,)
    return (train - mu) / sigma, (other - mu) / sigma
    ### END SOLUTION


# %% nbgrader="tests" grade_id="normalize_tests" points=1
ex.normalize.check(normalize)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=701), dict(seed=702, n=30, m=1)]
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
# ## Two more ways to write a model: Functional and subclassing
#
# The **Functional** API builds models by calling layers on tensors, `x = layer(x)`, and then
# `keras.Model(inputs, outputs)`. It builds what a single stack cannot: several inputs or outputs,
# shared layers, or a branch that skips layers (the residual blocks of chapter 10).
#
# **Subclassing** writes the model as a Python class: the layers are made in `__init__`, and `call()`
# says in plain Python what happens to an input, so it may hold loops, conditions or anything else
# (PyTorch models are written this way). The price: Keras knows the shapes only after the first call
# (no `summary` before it, and a model must be called once, or built, before it has weights), and saving
# it to a file needs a `get_config` method.
#
# | API | write it as | use it for |
# | --- | --- | --- |
# | Sequential | a list of layers | a plain stack, one input, one output |
# | Functional | layers called on tensors, `keras.Model(inputs, outputs)` | graphs: several inputs/outputs, shared layers, skips |
# | subclassing | `class M(keras.Model)` with `__init__` and `call` | a forward pass that needs Python logic |
#
# Below, the regressor again in both forms (the same 211 parameters), and a Functional "wide and deep"
# variant whose output reads the raw inputs next to the hidden features (`Concatenate`): $8 + 10 = 18$
# inputs to the last layer, so $18 + 1 = 19$ parameters there.

# %% tags=["nbval-check-output"]
inputs = keras.Input(shape=(8,))
h = keras.layers.Dense(10, activation="relu")(inputs)
h = keras.layers.Dense(10, activation="relu")(h)
functional = keras.Model(inputs=inputs, outputs=keras.layers.Dense(1)(h), name="functional_regressor")
wide = keras.layers.Concatenate()([inputs, h])                       # (None, 18)
wide_deep = keras.Model(inputs=inputs, outputs=keras.layers.Dense(1)(wide), name="wide_and_deep")


class SubclassedRegressor(keras.Model):
    """The regressor as a subclass: its layers are made in __init__, its forward pass is call()."""

    def __init__(self, units=10):
        super().__init__(name="subclassed_regressor")
        self.hidden_1 = keras.layers.Dense(units, activation="relu")
        self.hidden_2 = keras.layers.Dense(units, activation="relu")
        self.strength = keras.layers.Dense(1)

    def call(self, x):
        return self.strength(self.hidden_2(self.hidden_1(x)))


subclassed = SubclassedRegressor()
subclassed(np.zeros((1, 8), dtype="float32"))              # the first call creates the weights
print("functional regressor:", functional.count_params(), "parameters")
print("subclassed regressor:", subclassed.count_params(), "parameters")
print("wide and deep:       ", wide_deep.count_params(), "parameters =", 90 + 110 + 19)

# %% [markdown]
# ## Compile: loss, optimizer, metrics
#
# `compile` says how the model will be trained; it does not touch the weights.
#
# * The **loss** is what training minimises (chapter 03): `"mse"` for regression,
#   `"binary_crossentropy"` for yes/no, `"categorical_crossentropy"` for one class out of $C$ with one-hot
#   labels, `"sparse_categorical_crossentropy"` for the same with integer labels. A string and the loss
#   object are the same thing: `loss="mse"` and `loss=keras.losses.MeanSquaredError()`.
# * The **optimizer** turns gradients into weight updates (chapter 06): `keras.optimizers.SGD`,
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
# ## What `fit` does with every batch: automatic differentiation
#
# For each batch, `fit` runs the forward pass, computes the loss, asks for the gradient of the loss with
# respect to every weight, and hands the gradients to the optimizer. The gradients come from
# **automatic differentiation**: while the forward pass runs, TensorFlow records every operation on a
# `tf.GradientTape`; `tape.gradient(loss, variables)` then walks that record backwards, applying the
# chain rule at each operation. That is the backward pass of chapter 05, derived by the machine from the
# forward pass instead of written by hand. The smallest example: $y = x^2$ at $x = 3$ has
# $dy/dx = 2x = 6$.

# %% tags=["nbval-check-output"]
x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y_square = x ** 2
print("dy/dx at x = 3:", float(tape.gradient(y_square, x)))

# %% [markdown]
# Now the network of chapter 05: 64 pixels, 16 ReLU units, 10 class scores, softmax cross-entropy.
# `dlkit.nn.mlp.loss_and_grads` is the reference of the `mlp_backward` you wrote there. The cell copies
# the same weights into a Keras model, lets the tape differentiate its loss on a batch of 32 training
# digits, and compares the two sets of gradients. Keras computes in float32, numpy in float64, so they
# can agree only to about $10^{-7}$, float32's rounding.

# %%
splits = digits_splits(seed=0)             # the digits of chapter 05: 1077 / 360 / 360, standardised
X_batch, y_batch = splits.X_train[:32], splits.y_train[:32]
params = init_params([64, 16, 10], rng=0)                    # {"W1": (64, 16), "b1": (16,), "W2": (16, 10), "b2": (10,)}
net = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10)])
net.set_weights([params["W1"], params["b1"], params["W2"], params["b2"]])   # the same weights in Keras
cross_entropy = keras.losses.SparseCategoricalCrossentropy(from_logits=True)   # the last layer gives logits
with tf.GradientTape() as tape:
    loss_keras = cross_entropy(y_batch, net(X_batch, training=True))
tape_grads = tape.gradient(loss_keras, net.trainable_variables)     # [dW1, db1, dW2, db2], Keras' order
loss_np, grads_np = mlp.loss_and_grads(X_batch, y_batch, params)    # chapter 05's backward pass
print(f"loss: Keras {float(loss_keras):.6f}   numpy {loss_np:.6f}")
worst = 0.0
for key, grad_tape in zip(["W1", "b1", "W2", "b2"], tape_grads):
    diff = np.abs(grads_np[key] - np.asarray(grad_tape, dtype=float))
    relative = np.linalg.norm(diff) / np.linalg.norm(grads_np[key])
    worst = max(worst, relative)
    print(f"d{key:2s} {str(grads_np[key].shape):8s} largest difference {diff.max():.1e}   relative {relative:.1e}")
print("tape and chapter 05's backward pass agree to 1e-6:", worst < 1e-6)

# %% [markdown]
# One update by hand is what `fit` repeats for every batch: the optimizer moves each weight against
# its gradient. With plain SGD and learning rate 0.1 the new weights are $W - 0.1\,dW$ (chapter 06);
# the cell applies the tape's gradients with `keras.optimizers.SGD` and checks the result against that
# formula on the numpy gradients. The loss on the batch goes down.

# %%
sgd = keras.optimizers.SGD(learning_rate=0.1)
sgd.apply_gradients(zip(tape_grads, net.trainable_variables))
after = net.get_weights()
by_hand = [params[k] - 0.1 * grads_np[k] for k in ("W1", "b1", "W2", "b2")]
print("weights after the Keras step = W - 0.1 dW:", all(np.allclose(a, b, atol=1e-6) for a, b in zip(after, by_hand)))
print(f"batch loss before {float(loss_keras):.4f}, after one step {float(cross_entropy(y_batch, net(X_batch))):.4f}")

# %% [markdown]
# ### Exercise 2: `build_regressor` (2 points)
#
# Return a **compiled** model: `keras.Input(shape=(n_features,))`, `Dense(10, relu)`, `Dense(10, relu)`,
# `Dense(1)` with no activation; compiled with the optimizer `keras.optimizers.Adam(learning_rate=0.01)`,
# the loss `"mse"` and the metrics `["mae"]` (strings or the matching Keras objects). Any of the three
# APIs works; a subclassed model must be called once on a batch (for example of zeros) before you return
# it, so that it has weights. Build a new model on every call.
#
# Stuck? `ex.build_regressor.hint()` gives a hint; call it again for more.

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
ex.build_regressor.check(build_regressor)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(n_features=5), dict(n_features=13)]
### END HIDDEN TESTS

# %% [markdown]
# ## Fit, evaluate, predict
#
# `fit(X, y, epochs=..., batch_size=...)` runs mini-batch gradient descent: each **epoch** passes over the
# whole training set once, in batches of `batch_size` rows (32 by default), one weight update per batch.
# With `validation_data=(X_val, y_val)` it also scores the validation rows after every epoch. It returns
# a `History` whose `.history` dict holds the loss and the metrics after every epoch (`loss`, `mae`, and
# `val_loss`, `val_mae` for the validation rows). Keep `verbose=0` (no text log); the bar below comes
# from `dlkit.progress.keras_progress`. `evaluate(X, y)` returns the loss and the metrics on other data,
# and `predict(X)` the outputs, shape `(N, 1)` here.
#
# The cell trains the network (your `build_regressor` once it passes its check) for 20 epochs on the
# normalised training rows, watching the validation rows. The figure shows both losses falling epoch by
# epoch (left) and the validation predictions against the true strengths (right): the closer to the
# diagonal, the better. The validation curve is what tells us how many epochs to train: it levels off
# over the last few epochs (the cell prints the epoch of its lowest point), so 20 epochs are enough for
# this small network, and many more would gain little. That is the choice Exercise 3 uses.

# %%
make_regressor = ex.build_regressor.use(build_regressor, dense.regressor)
with seeded(0):                                            # same initial weights and batch order on every run
    reg_demo = make_regressor(8)
    history = reg_demo.fit(X_train_n, concrete.y_train, epochs=20, batch_size=32, verbose=0,
                           validation_data=(X_val_n, concrete.y_val),
                           callbacks=[keras_progress(20, desc="regressor")])
val_mse, val_mae = reg_demo.evaluate(X_val_n, concrete.y_val, verbose=0)
pred_val = reg_demo.predict(X_val_n, verbose=0)                       # (120, 1)
val_curve = np.array(history.history["val_loss"])
print(f"validation rows: MSE {val_mse:.1f} MPa²   MAE {val_mae:.2f} MPa   (always predicting the training mean: "
      f"MAE {np.mean(np.abs(concrete.y_val - concrete.y_train.mean())):.2f} MPa)")
print(f"lowest validation loss at epoch {val_curve.argmin() + 1} of 20")
fig, (ax_loss, ax_pred) = style.new_figure(ncols=2, figsize=(10, 3.6))
plots.plot_history(history.history["loss"], ax=ax_loss, label="training rows")
plots.plot_history(val_curve, ax=ax_loss, label="validation rows", ylabel="MSE (MPa²)")
ax_loss.set_yscale("log")
ax_pred.scatter(concrete.y_val, pred_val[:, 0], s=12)
ax_pred.plot([0, 90], [0, 90], color=style.PALETTE[7], linewidth=1)
style.label(ax_pred, "true strength (MPa)", "predicted strength (MPa)", "validation rows")
fig

# %% [markdown]
# ### Exercise 3: `train_regressor` (2 points)
#
# Put the recipe together. `train_regressor(X_train, y_train, seed=0, epochs=20)` receives **raw**
# predictors (a numpy array `(N, 8)`) and strengths in MPa `(N,)`, and must
#
# 1. normalise `X_train` with your `normalize` (its own statistics; the target stays in MPa),
# 2. seed Keras with `keras.utils.set_random_seed`, passing `seed`, then build the network with your
#    `build_regressor`,
# 3. fit it for `epochs` epochs with `batch_size=32` and `verbose=0`,
# 4. return the trained model (which expects normalised inputs).
#
# The check trains on the 360 training rows of `concrete_splits(seed=0)`, normalises the 120
# **validation** rows with the training mean and standard deviation and requires a **mean absolute error
# of at most 10.0 MPa** there. The recipe reaches 6.9 to 9.0 MPa (model seeds 0 to 9 on three splits,
# scored on their validation rows, their test rows and 400 fresh mixes); always predicting the training
# mean gives 12.4 to 13.8 MPa. At grading time the same trained model is also scored on 400 fresh mixes
# that you never see.
#
# Stuck? `ex.train_regressor.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="train_regressor"
def train_regressor(X_train, y_train, seed=0, epochs=20):
    """Normalise the predictors, build the regressor, fit it; return the trained model."""
    ### BEGIN SOLUTION
    X_train_norm, _ = normalize(X_train, X_train)
    keras.utils.set_random_seed(seed)                      # same seed, same initial weights
    model = build_regressor(X_train.shape[1])
    model.fit(X_train_norm, y_train, epochs=epochs, batch_size=32, verbose=0)
    return model
    ### END SOLUTION


# %% nbgrader="tests" grade_id="train_regressor_tests" points=2
ex.train_regressor.check(train_regressor)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(split=0, seed=0, fresh=707)]
### END HIDDEN TESTS

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
# the training rows, and the saved model then accepts raw inputs. The cell checks that it scales the
# validation rows exactly as `normalize` did.

# %% tags=["nbval-check-output"]
norm_layer = keras.layers.Normalization()
norm_layer.adapt(concrete.X_train)
print("same as normalize():", np.allclose(norm_layer(concrete.X_val), X_val_n, atol=1e-4))

# %% [markdown]
# ## Classification: digits
#
# The classification recipe of the notes (002) differs from regression in three places: the labels are
# **one-hot encoded** with `keras.utils.to_categorical` (label 3 of 10 becomes
# `[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]`), the output layer has **one unit per class with softmax**, so that the
# outputs are probabilities summing to 1, and the loss is **categorical cross-entropy**. (Keras also
# takes the integer labels as they are with `sparse_categorical_crossentropy`: the same loss, without the
# one-hot step.) The predicted class is the `argmax` of each row of `predict`: for the notes' example
# output `[0.01, 0.92, 0.04, 0.03]` it is class 1. We use scikit-learn's 8×8 digits (1797 images, 64
# pixels each) split as in chapter 05, `digits_splits(seed=0)`: 1077 training, 360 validation and 360
# test images, every pixel standardised with the training statistics as in Exercise 1 (a pixel that is
# constant in the training images is divided by 1 instead of 0).

# %% tags=["nbval-check-output"]
print("training", splits.X_train.shape, " validation", splits.X_val.shape, " test", splits.X_test.shape)
onehot_train = keras.utils.to_categorical(splits.y_train, num_classes=10)   # (1077, 10)
print("labels", splits.y_train[:3], "->\n", onehot_train[:3].astype(int))
print("argmax of [0.01, 0.92, 0.04, 0.03]:", int(np.argmax([0.01, 0.92, 0.04, 0.03])))
print("softmax([2.0, 1.0, 0.1]) =", np.round(np.asarray(keras.activations.softmax(np.array([[2.0, 1.0, 0.1]])))[0], 3))

# %% [markdown]
# ### Exercise 4: `build_classifier` (2 points)
#
# Return a **compiled** model: `keras.Input(shape=(n_features,))`, `Dense(32, relu)`,
# `Dense(n_classes, softmax)`; compiled with the optimizer `keras.optimizers.Adam(learning_rate=0.01)`,
# the loss `"categorical_crossentropy"` (the labels will be one-hot) and the metrics `["accuracy"]`
# (strings or the matching Keras objects). Any of the three APIs works (call a subclassed model once
# before returning it); build a new model on every call.
#
# Stuck? `ex.build_classifier.hint()` gives a hint; call it again for more.

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
ex.build_classifier.check(build_classifier)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(n_features=20, n_classes=3), dict(n_features=30, n_classes=5)]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 5: `train_classifier` (2 points)
#
# `train_classifier(X_train, labels_train, seed=0, epochs=8)` receives standardised pixels `(N, 64)` and
# **integer** labels 0 to 9 `(N,)`. One-hot encode the labels with `keras.utils.to_categorical` (10
# classes), seed Keras with `keras.utils.set_random_seed` (passing `seed`), build the network with your
# `build_classifier` for the 64 pixels and 10 classes, fit it for `epochs` epochs with `batch_size=64`
# and `verbose=0`, and return the trained model. (Keeping the integer labels and recompiling the model
# with `loss="sparse_categorical_crossentropy"` is just as right; mixing the two is not.)
#
# The check trains on the 1077 training digits of `digits_splits(0)` and requires an **accuracy of at
# least 0.93** on its 360 **validation** digits. The recipe reaches 0.947 to 0.978 (model seeds 0 to 9 on
# two splits, validation and test digits); one epoch only gives 0.87 to 0.91, guessing 0.1. At grading
# time it is trained on another split and scored on digits you never see.
#
# Stuck? `ex.train_classifier.hint()` gives a hint; call it again for more.

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
ex.train_classifier.check(train_classifier)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(split=3, seed=1)]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 6: `predict_classes` (1 point)
#
# Return the predicted class of every row of `X`: the index of the largest of the model's output
# probabilities, as a numpy array of integers of shape `(N,)`. Use `model.predict(X, verbose=0)`, which
# returns a numpy array (calling `model(X)` returns a tensor, which you would have to convert).
#
# Stuck? `ex.predict_classes.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="predict_classes"
def predict_classes(model, X):
    """argmax over the classes of model.predict(X): an int array (N,)."""
    ### BEGIN SOLUTION
    return np.argmax(model.predict(X, verbose=0), axis=1)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="predict_classes_tests" points=1
ex.predict_classes.check(predict_classes)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=706, n=9), dict(seed=707, n=12, classes=4)]
### END HIDDEN TESTS

# %% [markdown]
# Here is what a trained digits classifier says about validation images: dlkit's copy of the recipe,
# trained for 8 epochs on the training digits, reads the first twelve validation images (with your
# `predict_classes` once it passes its check); the predicted label is over the true one, and most
# agree.

# %%
classes_of = ex.predict_classes.use(predict_classes, lambda m, X: np.argmax(m.predict(X, verbose=0), axis=1))
with seeded(0):
    clf_demo = dense.classifier(64, 10)
    clf_demo.fit(splits.X_train, onehot_train, epochs=8, batch_size=64, verbose=0,
                 callbacks=[keras_progress(8, desc="classifier")])
val_pred = classes_of(clf_demo, splits.X_val)                      # (360,)
print(f"validation accuracy {np.mean(val_pred == splits.y_val):.3f}")
pixels_val = digits_splits(seed=0, standardize=False).X_val        # the same images, pixels 0..16
fig, axes = style.new_figure(ncols=6, nrows=2, figsize=(9, 3.8))
for ax, img, pred, true in zip(axes.ravel(), pixels_val[:12], val_pred[:12], splits.y_val[:12]):
    ax.imshow(img.reshape(8, 8), cmap="gray_r")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    style.label(ax, f"true {true}", "8×8 pixels", f"predicted {pred}")
fig

# %% [markdown]
# ## Callbacks: stop early, keep the best model
#
# A **callback** is an object whose methods Keras calls during `fit` (at the start and end of every
# epoch and batch). Two matter for every training run, and both watch the **validation** loss, so that
# the epoch they pick is chosen on validation data:
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
X_small, y_small = splits.X_train[:100], onehot_train[:100]                # a tiny training set
onehot_val = keras.utils.to_categorical(splits.y_val, 10)                  # the 360 validation digits
with seeded(0):
    overfit = dense.classifier(64, 10, learning_rate=0.05)
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    hist_es = overfit.fit(X_small, y_small, validation_data=(splits.X_val, onehot_val), epochs=30, verbose=0,
                          callbacks=[stopper, keras_progress(30, desc="up to 30 epochs")])
val_es = np.array(hist_es.history["val_loss"])
print(f"stopped after {len(val_es)} of 30 epochs; lowest validation loss {val_es.min():.4f} at epoch "
      f"{val_es.argmin() + 1}; the restored weights give {overfit.evaluate(splits.X_val, onehot_val, verbose=0)[0]:.4f}")
fig, ax = style.new_figure(figsize=(6, 3.6))
plots.plot_history(hist_es.history["loss"], ax=ax, label="training loss")
plots.plot_history(val_es, ax=ax, label="validation loss", ylabel="categorical cross-entropy")
ax.axvline(val_es.argmin() + 1, color=style.PALETTE[7], linewidth=1, linestyle=":")
style.label(ax, "epoch", "categorical cross-entropy", "EarlyStopping(patience=3, restore_best_weights=True)")
fig

# %% [markdown]
# ## Saving and loading `.keras` files
#
# `model.save("name.keras")` writes one zip file with the architecture, the weights, the compile
# configuration and the optimizer's state; `keras.models.load_model("name.keras")` rebuilds the model,
# ready to predict or to train further. (`.h5` files are the older format; `model.save_weights` with a
# `.weights.h5` name stores the weights alone.) The cell saves the early-stopped model into a temporary
# folder and checks that the reloaded copy predicts exactly the same on the validation digits.

# %% tags=["nbval-check-output"]
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "digits.keras")
    overfit.save(path)
    reloaded = keras.models.load_model(path)
    same = np.allclose(reloaded.predict(splits.X_val, verbose=0), overfit.predict(splits.X_val, verbose=0))
    print(type(reloaded).__name__, "with", reloaded.count_params(), "parameters; same predictions:", same)
    print("compiled with", kc.compile_summary(reloaded)["loss"])

# %% [markdown]
# ### Exercise 7: `fit_with_checkpoint` (2 points)
#
# `fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs)` trains the compiled `model`
# and returns the pair `(best_model, history)` (a tuple or a list):
#
# 1. create a `keras.callbacks.ModelCheckpoint` for `path` that monitors the validation loss and keeps only
#    the best epoch,
# 2. fit `model` on the training data with `validation_data=(X_val, y_val)`, `epochs=epochs`, `verbose=0`
#    and the checkpoint in `callbacks`, keeping the History that `fit` returns (and the default batch size),
# 3. load the best model back with `keras.models.load_model(path)` and return it with the history.
#
# The check trains the overfitting digits classifier of the callbacks section (100 training digits,
# learning rate 0.05; the labels one-hot) for 8 epochs against the 360 validation digits, and checks that
# the reloaded model's validation loss equals the **lowest** validation loss in
# `history.history["val_loss"]`, not the last.
#
# Stuck? `ex.fit_with_checkpoint.hint()` gives a hint; call it again for more.

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
ex.fit_with_checkpoint.check(fit_with_checkpoint)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=2, start=100, epochs=6)]
### END HIDDEN TESTS

# %% [markdown]
# ## Explorer: model size, learning rate, epochs
#
# Each setting of the menus and the slider trains the regressor (two hidden layers of `units` ReLU units)
# on the 360 normalised training rows and draws its training and validation loss per epoch, with the
# epoch of the lowest **validation** loss starred: the epoch you would choose. Try 1 or 2 units (too small
# to fit the curve), a learning rate of 0.1 (fast but jumpy) or 0.001 (too slow for 20 epochs), and 64
# units for 60 epochs. Each new setting takes a second or two. The first picture: 10 units, learning
# rate 0.01, 20 epochs.

# %%
curves.training_curves_explorer(units=10, learning_rate=0.01, epochs=20)

# %% [markdown]
# ## The test sets, once
#
# Every choice above was made on training and validation data: the 20 epochs and the layer sizes of the
# regressor from its validation curve, the classifier's recipe from its validation accuracy, the
# checkpoint's epoch from the validation loss. Now, once, the two demo models meet their test parts: 120
# concrete rows and 360 digits that no fit, no plot and no choice has used. These are the numbers to
# report. (Going back now to change the models until the test numbers improve would turn the test set
# into a second validation set, and the numbers would stop being honest estimates.)

# %%
X_test_n = tabular.normalize(concrete.X_train, concrete.X_test)[1]      # training mu and sigma, as always
test_mae = kc.prediction_score(reg_demo.predict(X_test_n, verbose=0), concrete.y_test, "mae")
test_accuracy = kc.prediction_score(clf_demo.predict(splits.X_test, verbose=0), splits.y_test, "accuracy")
print(f"regressor, 120 test rows:    MAE {test_mae:.2f} MPa   (validation rows: {val_mae:.2f} MPa)")
print(f"classifier, 360 test digits: accuracy {test_accuracy:.3f}   (validation digits: "
      f"{np.mean(val_pred == splits.y_val):.3f})")

# %% [markdown]
# ## Summary
#
# * Keras builds models from layers in three ways: **Sequential** for a stack (`.add`, `.summary`),
#   **Functional** (`keras.Model(inputs, outputs)`) for graphs, and **subclassing** (`keras.Model` with
#   `__init__` and `call`) for a forward pass written in Python.
# * `compile(optimizer, loss, metrics)` configures training; `fit` trains (epochs × batches), `evaluate`
#   scores, `predict` outputs.
# * Inside `fit`, `tf.GradientTape` records the forward pass and differentiates the loss automatically:
#   the gradients agree with chapter 05's hand-written backward pass to float32's rounding.
# * Regression (002's recipe): predictors/target split, normalisation with the training statistics, ReLU
#   hidden layers, one linear output, MSE loss, MAE metric.
# * Classification: `to_categorical` labels (or integer labels with the sparse loss), a softmax output with
#   one unit per class, categorical cross-entropy, `argmax` of the predictions.
# * Train on the training part, choose on the validation part (epochs, sizes, checkpoints), report the test
#   part once. Callbacks: `EarlyStopping(restore_best_weights=True)` and `ModelCheckpoint(save_best_only=True)`
#   keep the best epoch by validation loss; `.keras` files hold a whole model for `keras.models.load_model`.
