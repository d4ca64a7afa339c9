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
# # 00 · Welcome: how this course works
#
# This course teaches deep learning by building it: every idea comes with a formula, a few lines of
# numpy or Keras that compute it, a plot, and an exercise that a computer checks for you. This first
# notebook is short. It places deep learning on the map, shows where the course goes, and walks you once
# through the full exercise loop (write a function, run its check, read the hint, fix, pass) on two
# warm-up numpy exercises.
#
# **You will write:** `weighted_sums`, `standardize`.

# %%
import numpy as np

import dlkit
from dlkit.exercises import ch00_welcome as ex
from dlkit.viz import style as plots

rng = dlkit.setup_notebook(seed=0)

# %% [markdown]
# ## AI, machine learning, deep learning
#
# The three terms nest inside each other:
#
# | term | what it means | typical example |
# | --- | --- | --- |
# | **Artificial intelligence** (AI) | any technique that makes a machine act in ways we would call intelligent, rules written by hand included | a chess program searching moves with a hand-tuned score |
# | **Machine learning** (ML) | AI whose behaviour is learned from data instead of programmed rule by rule | a spam filter trained on labelled e-mails |
# | **Deep learning** (DL) | ML with neural networks of many layers, which learn their own features from raw data | speech recognition, self-driving perception, chatbots such as ChatGPT |
#
# The picture: three nested regions, deep learning inside machine learning inside AI.

# %%
from matplotlib.patches import Ellipse

fig, ax = plots.new_figure(figsize=(5.5, 3.6))
nested = [("Artificial intelligence", 9.0, 6.0), ("Machine learning", 6.4, 4.2), ("Deep learning", 3.6, 2.2)]
for (name, width, height), color in zip(nested, plots.PALETTE):
    ax.add_patch(Ellipse((0, height / 2), width, height, facecolor=color, alpha=0.3, edgecolor=color, lw=2))
    ax.text(0, height - 0.6 if name != "Deep learning" else height / 2, name, ha="center", va="center")
ax.set_xlim(-4.7, 4.7)
ax.set_ylim(-0.2, 6.2)
ax.set_aspect("equal")
ax.axis("off")
fig

# %% [markdown]
# ## Machine learning vs deep learning
#
# The difference is **who designs the features**, the numbers the model decides from.
#
# | | classical machine learning | deep learning |
# | --- | --- | --- |
# | features | designed by people (edge counts, word frequencies, averages, ...) | learned by the network, layer by layer, from raw pixels, samples or characters |
# | input | structured, preprocessed tables | raw, unstructured data (images, audio, text) |
# | data needed | small to medium data sets are often enough | usually much more data |
# | compute | modest: a laptop CPU | high: GPUs or TPUs for large models |
# | interpretability | usually easier | usually harder |
#
# A common way to draw the consequence: as the amount of training data grows, a model built on fixed,
# hand-made features levels off, while a large network keeps turning extra data into better features.
# The plot is **a sketch of that claim, not a measurement**: the curves are made-up shapes, and on small
# data sets classical methods (gradient-boosted trees, for instance) often win outright.

# %%
amount = np.linspace(0, 10, 200)
fig, ax = plots.new_figure(figsize=(6, 3.6))
ax.plot(amount, 0.62 * (1 - np.exp(-amount / 1.2)), label="classical ML on hand-made features")
ax.plot(amount, 0.95 / (1 + np.exp(-(amount - 4.5) / 1.3)), label="large neural network")
ax.set_xticks([])
ax.set_yticks([])
plots.label(ax, "amount of training data", "performance", "Illustrative sketch (not measured data)")
ax.legend(loc="lower right")
fig

# %% [markdown]
# ## Why deep learning took off when it did
#
# Neural networks are older than most of the field (chapter 01 starts in 1958). Around 2010 to 2012
# three things came together:
#
# * **Data.** The web made huge labelled collections possible; the ImageNet challenge offered about
#   1.2 million labelled training images in 1000 classes.
# * **Compute.** Graphics cards (GPUs) do the matrix products of neural networks in parallel. AlexNet,
#   which won ImageNet 2012 by a wide margin, was trained on two consumer GPUs.
# * **Better ingredients.** The ReLU activation (chapter 02), careful weight initialisation (Glorot 2010,
#   He 2015), dropout and batch normalisation (chapter 08), and adaptive optimisers such as Adam
#   (chapter 06) made deep networks trainable, where saturating sigmoids had made gradients vanish
#   (chapter 05).
#
# Open-source frameworks (TensorFlow, PyTorch, Keras, JAX) then made all of it a few lines of code.

# %% [markdown]
# ## The course map
#
# One chapter is one notebook. Each builds on the ones before; 17 is an optional appendix.
#
# | | chapter | what you build |
# | --- | --- | --- |
# | 00 | welcome | this notebook: the exercise loop, your environment |
# | 01 | perceptron | one neuron, Rosenblatt's learning rule, why XOR needs a hidden layer |
# | 02 | activations | sigmoid, tanh, ReLU and friends, their derivatives, a stable softmax |
# | 03 | forward propagation and losses | dense layers in matrix form; MSE, cross-entropy and other losses |
# | 04 | gradient descent | minimising a cost step by step; batch, stochastic, mini-batch |
# | 05 | backpropagation | the chain rule through a network; an MLP from scratch with a gradient check |
# | 06 | optimizers | momentum, Nesterov, Adagrad, RMSProp, Adam, AdamW, schedules, clipping |
# | 07 | Keras fundamentals | Sequential and Functional models, compile/fit/evaluate, callbacks, saving |
# | 08 | regularization and training | overfitting, L1/L2, dropout, early stopping, batch and layer norm |
# | 09 | data pipelines | loading images, tf.data, augmentation, class imbalance |
# | 10 | CNNs | convolution, pooling, classic architectures, residual blocks |
# | 11 | RNNs | recurrent cells, backpropagation through time, LSTM and GRU |
# | 12 | attention | queries, keys and values; scaled dot-product and multi-head attention |
# | 13 | transformers | positional encoding, the encoder block, a small transformer |
# | 14 | autoencoders and generative models | autoencoders, VAEs, GANs |
# | 15 | transfer learning | feature extraction and fine-tuning of pretrained networks |
# | 16 | evaluation, tuning, deployment | metrics, hyperparameter search, export, quantisation, pruning |
# | 17 | frontiers (appendix) | graph networks, neural ODEs, meta-learning, explainability, federated learning |

# %% [markdown]
# ## Running the notebook
#
# * **Shift+Enter** runs the selected cell and moves to the next one. Run the cells from top to bottom:
#   later cells use names that earlier cells define.
# * A cell marked `In [*]` is still running. A number in the brackets tells the order cells ran in.
# * If things get confusing (you ran cells out of order, or redefined a name), use *Kernel → Restart
#   Kernel and Run All Cells*. Your notebook is graded from such a fresh start too, top to bottom.
# * Nothing here needs a GPU. Every notebook runs in well under a minute on a laptop CPU.
#
# ## How exercises and grading work
#
# An exercise is a function with its documentation and an empty body that you fill in:
#
# ```python
# def weighted_sums(X, w, b):
#     """... what to return, with shapes ..."""
#     # YOUR CODE HERE
#     raise NotImplementedError()
# ```
#
# Delete the `raise` line and write your code. Right below comes a locked **test cell** holding one
# line, `ex.weighted_sums.check(weighted_sums)`. Run it:
#
# * it runs the **visible checks**: your function on the examples the exercise works through. When all
#   of them pass it prints one line, `weighted_sums: 2 visible checks passed. ...`;
# * when one fails, it stops with a message that says which call was checked, what was expected, what
#   your function returned, and a **hint** naming the usual mistake. Fix the function, run its cell
#   again, then the test cell again;
# * stuck before you get there? `ex.weighted_sums.hint()` shows a hint, and each further call the next
#   of its **three levels**: a nudge, then the method, then the formula.
#
# **At grading time** the grader runs the same checks again, on the visible examples and on **new
# inputs** that only it knows (the hidden checks), so a function that fits only the visible examples
# loses the points. It runs your notebook from a fresh start, has your functions compute their answers,
# and decides every check in its own process **from the values your functions return**: the test cells'
# code does not run in your notebook then. A test cell scores its full points when all its checks pass,
# visible and hidden, and zero otherwise. A **warning never costs points**, and neither does anything
# your code prints. The hidden checks differ from the visible ones only in their input values: whatever
# else a check requires (that the result is a numpy array, its shape, that the input stays unchanged) is
# said in the exercise and tested by a visible check first.
#
# Before you hand in, press **Validate** in the nbgrader toolbar (or *Kernel → Restart & Run All*): it
# runs the whole notebook from a fresh start, as the grader will, so a function that was defined only in
# a cell you have since deleted or changed shows up now, not at grading.
#
# ## Your environment
#
# The course kit `dlkit` reports what this notebook is running on: the Python, numpy, TensorFlow and
# Keras versions, and whether a GPU is visible. Include this output when you ask for help.

# %%
from dlkit import env

env.print_report()

# %% [markdown]
# ## Colab and Binder
#
# The badges at the top of every notebook open it online:
#
# * **Google Colab** needs a Google account and starts fast; the first cell installs `dlkit`. Use
#   *File → Save a copy in Drive*, otherwise your changes are lost. *Runtime → Change runtime type* offers
#   a GPU, which a few later chapters use to train longer (they run without one too).
# * **Binder** needs no account and builds the course's exact environment, but can take minutes to start
#   and forgets everything when the tab is idle for a while: *File → Download* your notebook to keep it.
#   (nbgrader's Validate button is available there; on Colab, use *Runtime → Restart and run all*.)
#
# Locally, `make lab` in the course repository sets up the same environment and opens the notebooks.

# %% [markdown]
# ## Warm-up 1: weighted sums (2 points)
#
# Chapter 01 starts from a neuron computing $z = w \cdot x + b$ for one example $x$ with $D$ numbers.
# Data come in batches: $N$ examples stacked as the rows of a matrix $X$ of shape $(N, D)$. Then the
# $N$ weighted sums are one matrix-vector product,
#
# $$z = X w + b, \qquad z_n = \sum_{d=1}^{D} X_{nd}\, w_d + b,$$
#
# Return $z$ as a **numpy array of shape $(N,)$**, one weighted sum per row of $X$ (the visible checks
# test that it is a numpy array). Try to write it without a Python loop: numpy's `@` runs the
# loop in compiled code, which is many times faster. A loop is fine too when you wrap its result in
# `np.array(...)`: a bare Python list gives the same numbers but is not a numpy array, and fails the
# check. The timing below shows how much slower a loop is.
#
# *Stuck?* `ex.weighted_sums.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="weighted_sums"
def weighted_sums(X, w, b):
    """z = X @ w + b for a batch.

    Args:
        X: inputs, shape (N, D), one example per row.
        w: weights, shape (D,).
        b: bias, a number.

    Returns:
        numpy array of shape (N,).
    """
    ### BEGIN SOLUTION
    return X @ w + b  # (N, D) @ (D,) -> (N,)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="weighted_sums_tests" points=2
ex.weighted_sums.check(weighted_sums)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=1, n=50, d=7), dict(seed=2, n=1, d=3), dict(seed=3, n=4, d=1)]
### END HIDDEN TESTS

# %% [markdown]
# How much faster is the vectorised version than a Python loop? The cell times a loop, `X @ w + b` and
# your `weighted_sums` (once it passes its check; until then dlkit's) on 20 000 examples with 50
# features (the exact numbers depend on your machine).

# %%
import time

from dlkit.nn.perceptron import weighted_sum

demo_weighted_sums = ex.weighted_sums.use(weighted_sums, weighted_sum)
X_big, w_big = rng.normal(size=(20_000, 50)), rng.normal(size=50)
start = time.perf_counter()
z_loop = np.array([sum(x_d * w_d for x_d, w_d in zip(x, w_big)) + 0.1 for x in X_big])
t_loop = time.perf_counter() - start
start = time.perf_counter()
z_vec = X_big @ w_big + 0.1
t_vec = time.perf_counter() - start
start = time.perf_counter()
z_yours = demo_weighted_sums(X_big, w_big, 0.1)
t_yours = time.perf_counter() - start
print(f"{'Python loop:':20}{t_loop * 1e3:7.1f} ms")
print(f"{'X @ w + b:':20}{t_vec * 1e3:7.1f} ms   (same result: {np.allclose(z_loop, z_vec)})")
print(f"{'weighted_sums(...):':20}{t_yours * 1e3:7.1f} ms   (same result: {np.allclose(z_yours, z_vec)})")

# %% [markdown]
# ## Warm-up 2: standardising features (2 points)
#
# Features on very different scales (a price in euros beside a rating from 1 to 5) make learning slow;
# the usual fix is to **standardise** each feature, each column of $X$: subtract the column's mean
# $\mu_d$ and divide by its standard deviation $\sigma_d$, so every column ends with mean 0 and standard
# deviation 1:
#
# $$X'_{nd} = \frac{X_{nd} - \mu_d}{\sigma_d}, \qquad \mu_d = \frac{1}{N} \sum_n X_{nd}, \qquad
#   \sigma_d = \sqrt{\frac{1}{N} \sum_n (X_{nd} - \mu_d)^2}.$$
#
# Use the population standard deviation (divide by $N$, numpy's default `ddof=0`, as scikit-learn's
# `StandardScaler` does). A **constant column** has $\sigma_d = 0$: leave it at 0 instead of dividing by
# zero. Do not change the array you are given; return a new float array of the same shape.
#
# *Stuck?* `ex.standardize.hint()` gives a hint; call it again for more.

# %% nbgrader="solution" grade_id="standardize"
def standardize(X):
    """Column-wise standardisation: (X - mean) / std, per column.

    Args:
        X: array of shape (N, D).

    Returns:
        new float array of shape (N, D); every non-constant column has mean 0 and std 1 (ddof=0),
        constant columns become 0.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)                  # (D,)
    std = X.std(axis=0)                    # (D,)
    return (X - mean) / np.where(std > 0, std, 1.0)  # (N, D)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="standardize_tests" points=2
ex.standardize.check(standardize)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=2, n=40, d=5), dict(seed=3, n=7, d=1), dict(seed=4, n=6, d=2, constant=True)]
### END HIDDEN TESTS

# %% [markdown]
# Standardising does not change the shape of the data, only its position and scale: the plot shows 200
# points with two features on different scales, before and after. The cell standardises them with your
# `standardize` (once it passes its check) and compares the result with scikit-learn's `StandardScaler`.

# %%
from sklearn.preprocessing import StandardScaler

from dlkit.data.tabular import normalize

demo_standardize = ex.standardize.use(standardize, normalize)
X_raw = rng.normal(loc=[50.0, 3.0], scale=[15.0, 0.8], size=(200, 2))
X_std = demo_standardize(X_raw)
print(f"the same as StandardScaler: {np.allclose(X_std, StandardScaler().fit_transform(X_raw))}")
fig, axes = plots.new_figure(ncols=2, figsize=(9, 3.6))
axes[0].scatter(X_raw[:, 0], X_raw[:, 1], s=10)
plots.label(axes[0], "feature 1 (e.g. a price)", "feature 2 (e.g. a rating)", "Raw features")
axes[1].scatter(X_std[:, 0], X_std[:, 1], s=10)
plots.label(axes[1], "feature 1, standardised", "feature 2, standardised", "Mean 0, std 1 per column")
fig

# %% [markdown]
# ### Try it: what standardising changes, and what it keeps
#
# The explorer draws 200 points with two features: feature 1 a price (mean 50, standard deviation 15),
# feature 2 a rating whose standard deviation and mean you set with the first two sliders. What to look
# for:
#
# * **Left**, the raw points on axes with the same scale. With the rating's standard deviation at 0.8 the
#   cloud is a flat streak: feature 1 makes 99.7% of the squared distances between points, so anything
#   that compares points by distance, or takes steps of one size in every direction (gradient descent,
#   chapter 04), hardly sees feature 2.
# * **Right**, the same points standardised. Move the rating's two sliders: the left panel changes, the
#   right one does not move at all. Standardising removes exactly one mean and one scale per column.
# * The correlation slider tilts the cloud in both panels alike: standardising keeps the shape of the
#   data (the correlation is the same before and after).
# * Tick *add an outlier*: one price of 500, a 50 typed with a zero too many. Feature 1's standard
#   deviation jumps, and the other 199 points are squeezed together: their standardised spread is no
#   longer 1. Outliers are worth finding before you standardise.
#
# The explorer standardises with your `standardize` once it passes its check. The numbers behind the
# text (the explorer needs a live notebook; a static view shows only its first picture):

# %% tags=["nbval-check-output"]
from dlkit.viz import scaling

for outlier in (False, True):
    s = scaling.standardize_state(outlier=outlier)
    print(f"outlier {'added' if outlier else 'absent'}: feature 1 has std {s['std_raw'][0]:.1f} and makes "
          f"{s['share_raw']:.1%} of the squared distances raw, {s['share_std']:.1%} standardised; the other "
          f"points' standardised std is {s['bulk_std']:.2f}")

# %%
scaling.standardize_explorer(standardize=demo_standardize)

# %% [markdown]
# That is the whole loop: read, run, write, check, fix. Chapter 01 uses it to build the first neuron.
