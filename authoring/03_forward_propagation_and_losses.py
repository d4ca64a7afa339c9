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
# **You will write:** `dense`, `mlp_forward`, `mse`, `huber`, `binary_crossentropy`,
# `categorical_crossentropy`, `sparse_categorical_crossentropy`, `kl_divergence`, each checked against
# `keras.losses`.

# %%
import numpy as np

import dlkit
from dlkit import activations as act
from dlkit import checks, plots
from dlkit import losses as ref_losses

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
# ### Exercise 1: `dense` (2 points)
#
# Return $XW + b$ for `X` of shape `(N, D)`, `W` of shape `(D, H)`, `b` of shape `(H,)`: an array of
# shape `(N, H)`. (`dlkit.layers.dense_forward` does the same and also returns a cache for the backward
# pass of chapter 05.)

# %% nbgrader="solution" grade_id="dense"
def dense(X, W, b):
    """Fully connected layer: X (N, D) @ W (D, H) + b (H,) -> (N, H)."""
    ### BEGIN SOLUTION
    return X @ W + b
    ### END SOLUTION


# %% nbgrader="tests" grade_id="dense_tests" points=2
X_t = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])          # (N, D) = (2, 3)
W_t = np.array([[1.0, 0.0, 2.0, -1.0], [0.5, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]])  # (D, H) = (3, 4)
b_t = np.array([0.1, 0.2, 0.3, 0.4])                          # (H,)
try:
    Z_t = dense(X_t, W_t, b_t)
except NotImplementedError:
    raise
except ValueError as err:
    raise checks.CheckError(f"dense(X, W, b) with X (2, 3), W (3, 4), b (4,) raised ValueError: {err}\n"
                            "Hint: W already has shape (D, H); X @ W works as it is: do not transpose W "
                            "(X @ W.T needs W of shape (H, D))") from None
checks.check_shape(Z_t, (2, 4), name="dense(X, W, b) for X (2, 3), W (3, 4)",
                   hint="one row per sample and one column per unit: (N, D) @ (D, H) -> (N, H). A (4, 2) result "
                        "means you computed the transpose (W.T @ X.T); put X first")
checks.check_close(Z_t, [[2.1, 2.2, 2.3, -0.6], [-0.4, -0.8, 3.3, 3.4]], name="dense(X, W, b)",
                   hint="Z = X @ W + b: the matrix product X @ W (not an element-wise X * W), then the bias vector "
                        "b (shape (H,)) added to every row; forgetting the bias shifts column j by b[j]")
### BEGIN HIDDEN TESTS
from dlkit.layers import dense_forward as _ref_dense

_rng = np.random.default_rng(301)
for _n, _d, _h in [(5, 3, 2), (1, 4, 6), (7, 1, 1)]:
    _X, _W, _b = _rng.normal(size=(_n, _d)), _rng.normal(size=(_d, _h)), _rng.normal(size=_h)
    _Z = dense(_X, _W, _b)
    assert type(_Z) is np.ndarray, f"dense must return a numpy array, received {type(_Z).__name__}"
    checks.check_close(_Z, _ref_dense(_X, _W, _b)[0], name=f"dense on random X {_X.shape}, W {_W.shape}")
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
# classification. The dictionary below maps activation names to `dlkit.activations`; use it in the
# exercise.

# %%
ACTIVATION_FUNCTIONS = {
    "linear": act.linear,
    "sigmoid": act.sigmoid,
    "tanh": act.tanh,
    "relu": act.relu,
    "softmax": act.softmax,       # along the last axis: one distribution per sample
}

# %% [markdown]
# ### Exercise 2: `mlp_forward` (2 points)
#
# `params` is a list of `(W, b)` pairs, one per layer, and `activations` a list of names of the same
# length. Return the output of the last layer, shape `(N, H_L)`. Use your `dense`.

# %% nbgrader="solution" grade_id="mlp_forward"
def mlp_forward(X, params, activations):
    """Forward pass of an MLP: for each layer, A = g(dense(A, W, b)); returns the last A."""
    ### BEGIN SOLUTION
    A = X
    for (W, b), name in zip(params, activations):
        A = ACTIVATION_FUNCTIONS[name](dense(A, W, b))   # (N, H_prev) -> (N, H)
    return A
    ### END SOLUTION


# %% nbgrader="tests" grade_id="mlp_forward_tests" points=2
X_t = np.array([[1.0, 2.0]])                                        # (1, 2)
params_t = [(np.array([[1.0, -1.0], [0.0, 1.0]]), np.array([0.0, -3.0])),   # 2 -> 2, z = [1, -2]
            (np.array([[2.0], [5.0]]), np.array([0.5]))]                     # 2 -> 1
try:
    out_t = mlp_forward(X_t, params_t, ["relu", "linear"])
except NotImplementedError:
    raise
except (ValueError, IndexError, TypeError) as err:
    raise checks.CheckError(f"mlp_forward on a 2-2-1 network raised {type(err).__name__}: {err}\n"
                            "Hint: feed each layer the output of the previous layer (A = ...), starting with "
                            "A = X, and return only the last A") from None
checks.check_shape(out_t, (1, 1), name="mlp_forward(X, 2-2-1 network)",
                   hint="return only the last A, shape (N, units of the last layer), not a list of all layers")
checks.check_close(out_t, [[2.5]], name="mlp_forward(X=[[1, 2]], relu then linear)",
                   hint="layer 1: z = [1, -2], relu -> [1, 0]; layer 2 reads that output of the previous layer (not X): "
                        "2*1 + 5*0 + 0.5 = 2.5. Apply each "
                        "layer's activation after its dense step, to every layer including the last one "
                        "(here the ReLU of layer 1 matters)")
out_s = mlp_forward(X_t, params_t, ["relu", "sigmoid"])
checks.check_close(out_s, [[act.sigmoid(2.5)]], name="mlp_forward with a sigmoid output layer",
                   hint="the last layer's activation must be applied too: every layer including the last")
### BEGIN HIDDEN TESTS
from dlkit.layers import activation_forward as _ref_act, dense_forward as _ref_dense
from dlkit.activations import softmax as _ref_softmax

_rng = np.random.default_rng(302)
_sizes = [4, 5, 3, 3]
_params = [(_rng.normal(size=(i, o)), _rng.normal(size=o)) for i, o in zip(_sizes[:-1], _sizes[1:])]
_X = _rng.normal(size=(6, 4))
_A = _X
for (_W, _b), _name in zip(_params, ["tanh", "relu", "linear"]):
    _A = _ref_act(_ref_dense(_A, _W, _b)[0], _name)[0]
_out = mlp_forward(_X, _params, ["tanh", "relu", "linear"])
assert type(_out) is np.ndarray, f"mlp_forward must return a numpy array, received {type(_out).__name__}"
checks.check_close(_out, _A, name="mlp_forward on a random 4-5-3-3 network")
checks.check_close(mlp_forward(_X, _params, ["tanh", "relu", "softmax"]), _ref_softmax(_A),
                   name="mlp_forward with a softmax output")
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
# | yes/no, margin | hinge | $\max(0, 1 - y\hat y)$, $y \in \{-1, 1\}$ | `Hinge` |
# | yes/no, margin | squared hinge | $\max(0, 1 - y\hat y)^2$ | `SquaredHinge` |
# | one of $C$ classes, one-hot $y$ | categorical cross-entropy | $-\sum_c y_c \log \hat y_c$ | `CategoricalCrossentropy` |
# | one of $C$ classes, integer $y$ | sparse categorical cross-entropy | $-\log \hat y_{y}$ | `SparseCategoricalCrossentropy` |
# | match a distribution | Kullback–Leibler divergence | $\sum_c y_c \log(y_c / \hat y_c)$ | `KLDivergence` |
# | counts | Poisson | $\frac{1}{C}\sum_c \hat y_c - y_c \log \hat y_c$ | `Poisson` |
#
# All are in `dlkit.losses`, each equal to its Keras counterpart; the cell compares them on one random
# batch. (Where $\hat y$ enters a logarithm, Keras first clips it to $[\epsilon, 1-\epsilon]$ with
# $\epsilon = 10^{-7}$, so that $\log 0$ never happens; we do the same.)

# %%
import keras  # noqa: E402  (only as an oracle)

y_reg, p_reg = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))            # regression targets/predictions
y_bin, p_bin = (rng.random((8, 1)) > 0.5).astype(float), rng.uniform(0.05, 0.95, size=(8, 1))
y_cnt, p_cnt = rng.poisson(3.0, size=(8, 1)).astype(float), rng.uniform(0.5, 5.0, size=(8, 1))
comparisons = [
    ("mse", ref_losses.mse(y_reg, p_reg), keras.losses.MeanSquaredError()(y_reg, p_reg)),
    ("mae", ref_losses.mae(y_reg, p_reg), keras.losses.MeanAbsoluteError()(y_reg, p_reg)),
    ("rmse", ref_losses.rmse(y_reg, p_reg), keras.metrics.RootMeanSquaredError()(y_reg, p_reg)),
    ("huber", ref_losses.huber(y_reg, p_reg), keras.losses.Huber()(y_reg, p_reg)),
    ("log_cosh", ref_losses.log_cosh(y_reg, p_reg), keras.losses.LogCosh()(y_reg, p_reg)),
    ("binary_crossentropy", ref_losses.binary_crossentropy(y_bin, p_bin), keras.losses.BinaryCrossentropy()(y_bin, p_bin)),
    ("hinge", ref_losses.hinge(y_bin, 2 * p_bin - 1), keras.losses.Hinge()(y_bin, 2 * p_bin - 1)),
    ("squared_hinge", ref_losses.squared_hinge(y_bin, 2 * p_bin - 1), keras.losses.SquaredHinge()(y_bin, 2 * p_bin - 1)),
    ("poisson", ref_losses.poisson(y_cnt, p_cnt), keras.losses.Poisson()(y_cnt, p_cnt)),
]
for name, ours, theirs in comparisons:
    print(f"{name:20s} dlkit {ours:9.6f}   {ref_losses.KERAS_NAMES[name]:48s} {float(theirs):9.6f}")

# %% [markdown]
# How the regression losses grow with the error $e = \hat y - y$ explains when to use which: MSE grows
# quadratically, so one outlier with a large error dominates the average; MAE grows linearly and
# shrugs outliers off, but its slope jumps at 0; Huber and log-cosh are quadratic near 0 and linear far
# out, the best of both. (The Poisson loss can be negative: it drops the constant $\log y!$ of the
# Poisson negative log-likelihood, which does not depend on the model; only its changes matter.)

# %%
e = np.linspace(-4, 4, 201)
zeros = np.zeros((e.size, 1))
fig, ax = plots.new_figure(figsize=(6, 3.6))
for name, per_sample in [("MSE: e²", e ** 2), ("MAE: |e|", np.abs(e)),
                         ("Huber, δ = 1", [ref_losses.huber([0.0], [v]) for v in e]),
                         ("log-cosh", [ref_losses.log_cosh([0.0], [v]) for v in e])]:
    ax.plot(e, per_sample, label=name)
ax.set_ylim(0, 8)
ax.legend()
plots.label(ax, "error e = ŷ − y", "loss of one sample", "Regression losses")
fig

# %% [markdown]
# ### Exercise 3: `mse` (1 point)
#
# Return the mean squared error, $\frac{1}{n}\sum_i (y_i - \hat y_i)^2$ over all $n$ entries of the arrays
# (shape `(N,)` or `(N, C)`), as one number.

# %% nbgrader="solution" grade_id="mse"
def mse(y_true, y_pred):
    """Mean squared error over all entries; a float."""
    ### BEGIN SOLUTION
    return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="mse_tests" points=1
m_t = mse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
checks.check_shape(m_t, (), name="mse(y_true, y_pred)",
                   hint="return one number for the whole batch: np.mean over all entries, not a per-sample array")
checks.check_close(m_t, 4.0 / 3.0, name="mse([1, 2, 3], [1, 2, 5])",
                   hint="the errors are 0, 0, -2; their squares 0, 0, 4; the mean 4/3. Square each error (not "
                        "abs, not a root at the end) and divide by n (the 1/n of the mean, not a plain sum)")
checks.check_close(mse(np.array([[1.0, 0.0], [0.0, 0.0]]), np.array([[0.0, 0.0], [0.0, 2.0]])), 1.25,
                   name="mse of a (2, 2) batch", hint="average over every entry: (1 + 4) / 4")
### BEGIN HIDDEN TESTS
import keras as _keras

_rng = np.random.default_rng(303)
for _shape in [(9,), (5, 3)]:
    _y, _p = _rng.normal(size=_shape), _rng.normal(size=_shape)
    _m = mse(_y, _p)
    assert np.ndim(_m) == 0, f"mse must return one number, received shape {np.shape(_m)}"
    checks.check_close(_m, float(_keras.losses.MeanSquaredError()(_y, _p)), name=f"mse vs keras, shape {_shape}", rtol=1e-5)
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

# %% nbgrader="solution" grade_id="huber"
def huber(y_true, y_pred, delta=1.0):
    """Huber loss, mean over all entries; a float."""
    ### BEGIN SOLUTION
    err = np.abs(np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float))
    per_entry = np.where(err <= delta, 0.5 * err ** 2, delta * (err - 0.5 * delta))
    return float(np.mean(per_entry))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="huber_tests" points=2
checks.check_close(huber(np.zeros(1), np.array([0.5])), 0.125, name="huber([0], [0.5])",
                   hint="a small error (|e| <= delta) costs half its square: 0.5 * 0.5**2 = 0.125")
checks.check_close(huber(np.zeros(1), np.array([-3.0])), 2.5, name="huber([0], [-3])",
                   hint="a large error costs delta * (|e| - delta / 2) = 1 * (3 - 0.5) = 2.5; use |e|, and do not "
                        "forget the - delta / 2 that makes the pieces meet")
checks.check_close(huber(np.zeros(3), np.array([0.5, 2.0, -3.0])), (0.125 + 1.5 + 2.5) / 3, name="huber([0, 0, 0], [0.5, 2, -3])",
                   hint="apply the two cases entry by entry (np.where), then take the mean")
checks.check_close(huber(np.zeros(3), np.array([0.5, 2.0, -3.0]), delta=2.0), (0.125 + 2.0 + 4.0) / 3,
                   name="huber(..., delta=2)", hint="use the delta argument both in the test |e| <= delta and in the linear piece")
### BEGIN HIDDEN TESTS
import keras as _keras

_rng = np.random.default_rng(304)
for _shape, _delta in [((12,), 1.0), ((4, 5), 0.7), ((3, 2), 2.5)]:
    _y, _p = _rng.normal(scale=2, size=_shape), _rng.normal(scale=2, size=_shape)
    _h = huber(_y, _p, delta=_delta)
    assert np.ndim(_h) == 0, f"huber must return one number, received shape {np.shape(_h)}"
    checks.check_close(_h, float(_keras.losses.Huber(delta=_delta)(_y, _p)), name=f"huber vs keras, delta={_delta}", rtol=1e-5)
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
# A loss computed from such probabilities either takes $\log 0 = -\infty$ or, as Keras does, clips the
# probability to $10^{-7}$ and reports $-\log 10^{-7} \approx 16.1$ instead of the true 800 or 40, with a
# zero gradient: the model is told nothing about how wrong it is. In float32, the usual precision of
# Keras models, the rounding starts already near $|z| \approx 17$. This is what `from_logits=True` buys:
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
checks.check_close(binary_crossentropy(np.array([1.0, 0.0]), np.array([0.8, 0.4])),
                   -(np.log(0.8) + np.log(0.6)) / 2, name="binary_crossentropy([1, 0], [0.8, 0.4])",
                   hint="each entry costs -[y log p + (1 - y) log(1 - p)]: for y = 1 that is -log(0.8), for y = 0 "
                        "-log(1 - 0.4), both positive (mind the minus sign and the (1 - y) term); then the mean")
try:
    with np.errstate(divide="raise", invalid="raise", over="raise"):
        bce_edge = binary_crossentropy(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
        bce_logit = binary_crossentropy(np.array([1.0, 0.0, 1.0]), np.array([-40.0, 40.0, 800.0]), from_logits=True)
except FloatingPointError as err:
    raise checks.CheckError(f"binary_crossentropy hit a floating-point error ({err})\n"
                            "Hint: log(0) for probabilities 0 or 1: clip with np.clip(p, EPS, 1 - EPS) first. From "
                            "logits, np.exp(z) overflows: use max(z, 0) - z*y + np.log1p(np.exp(-np.abs(z)))") from None
checks.check_close(bce_edge, -np.log(1e-7), name="binary_crossentropy([1, 0], [0, 1])",
                   hint="clip the probabilities to [1e-7, 1 - 1e-7] as Keras does: each entry then costs -log(1e-7) ≈ 16.1")
checks.check_close(bce_logit, 80.0 / 3.0, name="binary_crossentropy([1, 0, 1], logits [-40, 40, 800], from_logits=True)",
                   hint="with from_logits=True do not turn z into a probability and take its log (it rounds and gets "
                        "clipped at 16.1); use max(z, 0) - z * y + log1p(exp(-|z|)): 40, 40 and 0 here")
import keras  # noqa: E402  (the oracle)

y_k, z_k = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([[2.0, -1.0], [0.5, 3.0], [-2.0, 0.1]])
checks.check_close(binary_crossentropy(y_k, z_k, from_logits=True),
                   float(keras.losses.BinaryCrossentropy(from_logits=True)(y_k, z_k)),
                   name="binary_crossentropy(from_logits=True) vs keras", rtol=1e-5,
                   hint="the mean over all entries of max(z, 0) - z * y + log1p(exp(-|z|))")
### BEGIN HIDDEN TESTS
import keras as _keras

_rng = np.random.default_rng(305)
_y = (_rng.random((6, 3)) > 0.5).astype(float)
_z = _rng.normal(scale=4, size=(6, 3))
_p = act.sigmoid(_z)
for _flag, _pred in [(True, _z), (False, _p)]:
    _b = binary_crossentropy(_y, _pred, from_logits=_flag)
    assert np.ndim(_b) == 0, "binary_crossentropy must return one number"
    checks.check_close(_b, float(_keras.losses.BinaryCrossentropy(from_logits=_flag)(_y, _pred)),
                       name=f"binary_crossentropy vs keras, from_logits={_flag}", rtol=1e-5)
### END HIDDEN TESTS

# %% [markdown]
# ### Hinge and squared hinge, in brief
#
# The **hinge** loss $\max(0, 1 - y\hat y)$ of support vector machines takes labels $y \in \{-1, +1\}$
# (Keras converts 0/1 labels to −1/+1 for you) and a raw score $\hat y$. It is zero once a sample is on
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
# (`dlkit.losses.softmax_cross_entropy_with_logits`, used in chapter 05).
#
# **Sparse** categorical cross-entropy is the same loss with integer labels ($y_n \in \{0, \dots, C-1\}$)
# instead of one-hot rows: it just picks $\hat y_{n, y_n}$ in each row. Use it when your labels are
# integers, which saves building the one-hot matrix.

# %% [markdown]
# ### Exercise 6: `categorical_crossentropy` (2 points)
#
# `y_true` is one-hot, shape `(N, C)`; `y_pred` holds probabilities (clip them to
# $[10^{-7}, 1 - 10^{-7}]$) or, with `from_logits=True`, logits (use a stable log-softmax, as in chapter
# 02). Return the batch mean of $-\sum_c y_c \log \hat y_c$ as one number.

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
y_t = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])        # (N, C) = (2, 3), one-hot
p_t = np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]])
checks.check_close(categorical_crossentropy(y_t, p_t), -(np.log(0.5) + np.log(0.6)) / 2,
                   name="categorical_crossentropy for a (2, 3) batch",
                   hint="per sample: -log(probability of the true class), here -log 0.5 and -log 0.6; sum over the "
                        "classes (axis=-1) and then take the mean over the N samples: np.mean over all N*C "
                        "entries divides by C too, and a plain sum forgets the 1/N")
y4 = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]])       # (N, C) = (3, 2)
p4 = np.array([[0.3, 0.7], [0.9, 0.1], [0.4, 0.6]])
checks.check_close(categorical_crossentropy(y4, p4), -(np.log(0.7) + np.log(0.9) + np.log(0.4)) / 3,
                   name="categorical_crossentropy for a (3, 2) batch",
                   hint="sum over the class axis (axis=-1), then average over the samples; summing over axis 0 "
                        "mixes samples")
try:
    with np.errstate(divide="raise", invalid="raise", over="raise"):
        c_edge = categorical_crossentropy(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]]))
        c_logit = categorical_crossentropy(np.array([[1.0, 0.0], [0.0, 1.0]]),
                                           np.array([[-500.0, 500.0], [3.0, 1.0]]), from_logits=True)
except FloatingPointError as err:
    raise checks.CheckError(f"categorical_crossentropy hit a floating-point error ({err})\n"
                            "Hint: log(0) happens for a probability 0 (even where y = 0, since 0 * log 0 = nan): clip "
                            "first. From logits, use the log-softmax z - max(z) - log(sum(exp(z - max(z)))) instead of "
                            "log(softmax(z))") from None
checks.check_close(c_edge, -np.log(1 - 1e-7), name="categorical_crossentropy([[1, 0]], [[1, 0]])",
                   hint="clip the probabilities to [1e-7, 1 - 1e-7]", atol=1e-9)
checks.check_close(c_logit, (1000.0 + 2.0 + np.log1p(np.exp(-2.0))) / 2, name="categorical_crossentropy from logits",
                   hint="with from_logits=True compute log p with the log-softmax along the last axis")
import keras  # noqa: E402  (the oracle)

z_k = np.random.default_rng(7).normal(scale=3, size=(5, 4))
y_k = np.eye(4)[[0, 3, 1, 1, 2]]
checks.check_close(categorical_crossentropy(y_k, z_k, from_logits=True),
                   float(keras.losses.CategoricalCrossentropy(from_logits=True)(y_k, z_k)), rtol=1e-5,
                   name="categorical_crossentropy(from_logits=True) vs keras", hint="log-softmax along axis=-1")
### BEGIN HIDDEN TESTS
import keras as _keras
from dlkit.activations import softmax as _ref_softmax

_rng = np.random.default_rng(306)
_z = _rng.normal(scale=3, size=(7, 5))
_y = np.eye(5)[_rng.integers(0, 5, 7)]
for _flag, _pred in [(True, _z), (False, _ref_softmax(_z))]:
    _c = categorical_crossentropy(_y, _pred, from_logits=_flag)
    assert np.ndim(_c) == 0, "categorical_crossentropy must return one number"
    checks.check_close(_c, float(_keras.losses.CategoricalCrossentropy(from_logits=_flag)(_y, _pred)),
                       name=f"categorical_crossentropy vs keras, from_logits={_flag}", rtol=1e-5)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 7: `sparse_categorical_crossentropy` (1 point)
#
# `y_true` holds integer labels, shape `(N,)`; `y_pred` probabilities of shape `(N, C)` (clip them as
# before). Return the mean over samples of $-\log \hat y_{n, y_n}$. To pick one entry per row, index
# with two arrays: `P[np.arange(N), labels]`. (Logits are not required here.)

# %% nbgrader="solution" grade_id="sparse_categorical_crossentropy"
def sparse_categorical_crossentropy(y_true, y_pred):
    """Mean over samples of -log p[n, label_n]; a float."""
    ### BEGIN SOLUTION
    labels = np.asarray(y_true, dtype=int)
    p = np.clip(np.asarray(y_pred, dtype=float), EPS, 1.0 - EPS)
    return float(np.mean(-np.log(p[np.arange(len(labels)), labels])))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="sparse_categorical_crossentropy_tests" points=1
p_t = np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.25, 0.25, 0.5]])   # (4, 3)
labels_t = np.array([1, 0, 2, 0])
try:
    s_t = sparse_categorical_crossentropy(labels_t, p_t)
except NotImplementedError:
    raise
except (IndexError, ValueError) as err:
    raise checks.CheckError(f"sparse_categorical_crossentropy raised {type(err).__name__}: {err}\n"
                            "Hint: pick one probability per row with p[np.arange(N), labels]") from None
checks.check_shape(s_t, (), name="sparse_categorical_crossentropy(...)", hint="return one number, the mean over samples")
checks.check_close(s_t, -np.mean(np.log([0.5, 0.6, 0.8, 0.25])), name="sparse_categorical_crossentropy([1, 0, 2, 0], P)",
                   hint="sample n contributes -log P[n, labels[n]] (labels count from 0): index with "
                        "P[np.arange(N), labels]; P[labels] picks whole rows and P[:, labels] an (N, N) block")
with np.errstate(divide="raise", invalid="raise"):
    try:
        s_edge = sparse_categorical_crossentropy(np.array([0]), np.array([[0.0, 1.0]]))
    except FloatingPointError as err:
        raise checks.CheckError(f"sparse_categorical_crossentropy([0], [[0, 1]]) took log(0) ({err})\n"
                                "Hint: clip the probabilities to [1e-7, 1 - 1e-7] first") from None
checks.check_close(s_edge, -np.log(1e-7), name="sparse_categorical_crossentropy([0], [[0, 1]])",
                   hint="clip the probabilities to [1e-7, 1 - 1e-7] first")
### BEGIN HIDDEN TESTS
import keras as _keras
from dlkit.activations import softmax as _ref_softmax

_rng = np.random.default_rng(307)
_p = _ref_softmax(_rng.normal(scale=2, size=(9, 6)))
_lab = _rng.integers(0, 6, 9)
_s = sparse_categorical_crossentropy(_lab, _p)
assert np.ndim(_s) == 0, "sparse_categorical_crossentropy must return one number"
checks.check_close(_s, float(_keras.losses.SparseCategoricalCrossentropy()(_lab, _p)),
                   name="sparse_categorical_crossentropy vs keras", rtol=1e-5)
### END HIDDEN TESTS

# %% [markdown]
# ## Comparing distributions: KL divergence
#
# When the target is itself a distribution (soft labels, or a teacher network's output in distillation),
# the **Kullback–Leibler divergence** measures how far the prediction $\hat y$ is from it:
#
# $$\mathrm{KL}(y \,\|\, \hat y) = \sum_c y_c \log \frac{y_c}{\hat y_c} \ \ge 0,$$
#
# zero exactly when $\hat y = y$. It equals the cross-entropy minus the entropy of $y$, which does not
# depend on the model: minimising KL and minimising cross-entropy move the weights the same way. It is not
# symmetric, $\mathrm{KL}(y\|\hat y) \ne \mathrm{KL}(\hat y\|y)$, so the order matters. Keras
# (`KLDivergence`) clips both arguments to $[10^{-7}, 1]$, so classes with $y_c = 0$ contribute
# (almost) nothing.

# %% [markdown]
# ### Exercise 8: `kl_divergence` (1 point)
#
# `y_true` and `y_pred` have shape `(N, C)`, each row a distribution. Clip both to $[10^{-7}, 1]$, sum
# $y_c \log(y_c / \hat y_c)$ over the classes, and return the mean over the samples.

# %% nbgrader="solution" grade_id="kl_divergence"
def kl_divergence(y_true, y_pred):
    """Mean over samples of sum_c y_c log(y_c / p_c), both clipped to [EPS, 1]; a float."""
    ### BEGIN SOLUTION
    y = np.clip(np.asarray(y_true, dtype=float), EPS, 1.0)
    p = np.clip(np.asarray(y_pred, dtype=float), EPS, 1.0)
    return float(np.mean(np.sum(y * np.log(y / p), axis=-1)))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="kl_divergence_tests" points=1
y_t = np.array([[0.5, 0.5], [0.9, 0.1]])
p_t = np.array([[0.5, 0.5], [0.6, 0.4]])
want = (0.0 + 0.9 * np.log(0.9 / 0.6) + 0.1 * np.log(0.1 / 0.4)) / 2
checks.check_close(kl_divergence(y_t, p_t), want, name="kl_divergence for a (2, 2) batch",
                   hint="sum y * log(y / p) over the classes (axis=-1; not the mean over classes) and average over "
                        "the samples. Mind the direction: KL(y || p) weights by y_true and uses log(y / p), not "
                        "log(p / y)")
with np.errstate(divide="raise", invalid="raise"):
    try:
        k_zero = kl_divergence(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]]))
    except FloatingPointError as err:
        raise checks.CheckError(f"kl_divergence([[1, 0]], [[0.5, 0.5]]) hit log(0) ({err})\n"
                                "Hint: clip y_true and y_pred to [1e-7, 1] first (Keras does)") from None
checks.check_close(k_zero, np.log(2.0) + 1e-7 * np.log(1e-7 / 0.5), name="kl_divergence([[1, 0]], [[0.5, 0.5]])",
                   hint="clip both arguments to [1e-7, 1] before the log, as Keras does", rtol=1e-6)
### BEGIN HIDDEN TESTS
import keras as _keras
from dlkit.activations import softmax as _ref_softmax

_rng = np.random.default_rng(308)
_y, _p = _ref_softmax(_rng.normal(size=(6, 4))), _ref_softmax(_rng.normal(size=(6, 4)))
_k = kl_divergence(_y, _p)
assert np.ndim(_k) == 0, "kl_divergence must return one number"
checks.check_close(_k, float(_keras.losses.KLDivergence()(_y, _p)), name="kl_divergence vs keras", rtol=1e-5)
### END HIDDEN TESTS

# %% [markdown]
# ## Everything together: a forward pass scored by a loss
#
# The reference functions of `dlkit` chain a random two-layer classifier (4 features, 8 hidden ReLU units,
# 3 classes) on a batch of 5 samples and score its logits with the loss. With random weights the loss is
# near $\log 3 \approx 1.10$, the cost of guessing uniformly: a useful sanity check before training
# (chapter 05 trains this network).

# %%
from dlkit.layers import activation_forward, dense_forward  # noqa: E402

X_b = rng.normal(size=(5, 4))                                  # (N, D)
labels_b = rng.integers(0, 3, size=5)                          # (N,)
W1_b, b1_b = rng.normal(size=(4, 8)) * 0.1, np.zeros(8)        # (D, H), (H,)
W2_b, b2_b = rng.normal(size=(8, 3)) * 0.1, np.zeros(3)        # (H, C), (C,)
H_b, _ = activation_forward(dense_forward(X_b, W1_b, b1_b)[0], "relu")   # (5, 8)
logits_b, _ = dense_forward(H_b, W2_b, b2_b)                   # (5, 3)
loss_b, dlogits_b = ref_losses.softmax_cross_entropy_with_logits(logits_b, labels_b)
print(f"loss {loss_b:.4f}   (log 3 = {np.log(3):.4f});  dloss/dlogits has shape {dlogits_b.shape}")

# %% [markdown]
# ## Summary
#
# * A layer is $Z = XW + b$ with $X$ $(N, D)$, $W$ $(D, H)$, $b$ $(H,)$, then $A = g(Z)$; forward
#   propagation feeds each layer's $A$ to the next.
# * A loss averages a per-sample cost over the batch; pick it by task: MSE/MAE/Huber/log-cosh for
#   regression, binary cross-entropy (or hinge) for yes/no, (sparse) categorical cross-entropy for
#   classes, KL divergence for distributions, Poisson for counts.
# * Clip probabilities before a logarithm, and better, give the loss the logits
#   (`from_logits=True`): the combined formula is exact where probabilities round to 0.
