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
# **You will write:** `sigmoid`, `sigmoid_grad`, `tanh_grad`, `relu`, `relu_grad`, `leaky_relu` (with
# its derivative) and `softmax`, each checked against the course's reference and against Keras.

# %%
import numpy as np

import dlkit
from dlkit import activations as act
from dlkit import checks, plots

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
# The **binary step** of chapter 01 has slope zero wherever it has a slope. Gradient descent (chapter
# 04) moves each weight in proportion to a slope, so a step network gets no signal at all: this is why
# the step was replaced by smooth functions. Each plot below shows a function (left) and its derivative
# (right), drawn by `dlkit.activations`.

# %%
plots.plot_activation(act.explorer_curves("binary_step", -4, 4))

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
# `z` is a numpy array of any shape; return an array of the same shape. No overflow warning may occur
# for any finite input. Careful: `np.where(cond, a, b)` evaluates *both* `a` and `b` for every element
# before choosing, so it does not protect an `np.exp` inside it from overflowing.

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
checks.check_close(sigmoid(np.array([0.0])), [0.5], name="sigmoid([0])",
                   hint="sigma(0) = 1 / (1 + e^0) = 1/2")
checks.check_close(sigmoid(np.array([-2.0, 1.0, 3.0])), [0.11920292, 0.73105858, 0.95257413],
                   name="sigmoid([-2, 1, 3])",
                   hint="sigma(z) = 1 / (1 + e^(-z)); mind the minus sign: sigma(3) is close to 1, not to 0")
try:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s_big = sigmoid(np.array([-1000.0, 0.0, 1000.0]))
except FloatingPointError as err:
    raise checks.CheckError(
        f"sigmoid([-1000, 0, 1000]) hit a floating-point overflow ({err})\n"
        "Hint: np.exp(1000) overflows to inf. Exponentiate only numbers <= 0: with e = np.exp(-np.abs(z)), "
        "sigma is 1/(1+e) where z >= 0 and e/(1+e) where z < 0. np.where evaluates both branches, so an "
        "np.exp(-z) inside np.where still overflows") from None
checks.check_close(s_big, [0.0, 0.5, 1.0], name="sigmoid([-1000, 0, 1000])",
                   hint="for very negative z the answer is (almost exactly) 0, for very positive z it is 1")
checks.check_shape(sigmoid(np.zeros((2, 3))), (2, 3), name="sigmoid of a (2, 3) array",
                   hint="sigmoid works element by element: the output has the input's shape")
### BEGIN HIDDEN TESTS
from dlkit.activations import sigmoid as _ref_sigmoid

_rng = np.random.default_rng(201)
for _shape in [(7,), (3, 5), (2, 3, 4)]:
    _z = _rng.normal(scale=20, size=_shape)
    with np.errstate(divide="raise", over="raise", invalid="raise", under="ignore"):
        _s = sigmoid(_z.copy())
    assert type(_s) is np.ndarray, f"sigmoid must return a numpy array, received {type(_s).__name__}"
    checks.check_close(_s, _ref_sigmoid(_z), name=f"sigmoid on random values of shape {_shape}")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: `sigmoid_grad` (1 point)
#
# The sigmoid has a famously convenient derivative (003, eq. 3): it is built from the output itself,
#
# $$\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr).$$
#
# Write it using your `sigmoid`. It must stay finite for large $|z|$ (where the slope is essentially 0).

# %% nbgrader="solution" grade_id="sigmoid_grad"
def sigmoid_grad(z):
    """Derivative of the sigmoid, sigma(z) (1 - sigma(z)), element-wise; array of z's shape."""
    ### BEGIN SOLUTION
    s = sigmoid(z)
    return s * (1.0 - s)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="sigmoid_grad_tests" points=1
checks.check_close(sigmoid_grad(np.array([0.0])), [0.25], name="sigmoid_grad([0])",
                   hint="sigma'(0) = sigma(0) (1 - sigma(0)) = 0.5 * 0.5 = 0.25. Apply the formula to sigma(z), "
                        "not to z, and mind the minus sign in (1 - sigma(z))")
checks.check_close(sigmoid_grad(np.array([-2.0, 2.0, 5.0])), [0.10499359, 0.10499359, 0.00664806],
                   name="sigmoid_grad([-2, 2, 5])",
                   hint="the slope is symmetric (same at -2 and 2) and small far from 0; compute s = sigmoid(z) "
                        "first, then s * (1 - s)")
with np.errstate(over="raise", invalid="raise", divide="raise"):
    try:
        g_big = sigmoid_grad(np.array([-1000.0, 1000.0]))
    except FloatingPointError as err:
        raise checks.CheckError(
            f"sigmoid_grad([-1000, 1000]) hit a floating-point overflow ({err})\n"
            "Hint: e^-z / (1 + e^-z)^2 is correct on paper but overflows; reuse your stable sigmoid: "
            "s = sigmoid(z); s * (1 - s)") from None
checks.check_close(g_big, [0.0, 0.0], name="sigmoid_grad([-1000, 1000])",
                   hint="far from 0 the sigmoid is flat: its slope is 0")
### BEGIN HIDDEN TESTS
from dlkit.activations import sigmoid_grad as _ref_sigmoid_grad

_rng = np.random.default_rng(202)
for _shape in [(9,), (4, 3)]:
    _z = _rng.normal(scale=4, size=_shape)
    _g = sigmoid_grad(_z.copy())
    assert type(_g) is np.ndarray, f"sigmoid_grad must return a numpy array, received {type(_g).__name__}"
    checks.check_close(_g, _ref_sigmoid_grad(_z), name=f"sigmoid_grad on random values of shape {_shape}")
### END HIDDEN TESTS

# %% [markdown]
# The plot shows both. The slope is largest at $z = 0$, where it is exactly $0.25$, and it is nearly zero
# once $|z| > 5$: there the sigmoid is **saturated**, and a small change of $z$ no longer changes the
# output.

# %%
plots.plot_activation(act.explorer_curves("sigmoid", -8, 8))

# %% [markdown]
# ## Saturation and depth: why sigmoid hidden layers train slowly
#
# Backpropagation (chapter 05) multiplies one activation derivative per layer on the way from the loss
# back to the first layer. With sigmoids each factor is at most $0.25$, so after ten layers the signal
# is at most $0.25^{10} \approx 10^{-6}$ of what it was, and less once units saturate. The first layers
# then barely learn: the **vanishing gradient**. (The weights multiply in too and can partly compensate;
# chapter 05 and the chapter on initialisation come back to this.) The cell draws one random
# pre-activation per layer for ten layers and multiplies the derivatives.

# %%
z_layers = rng.normal(scale=2.0, size=10)           # one pre-activation per layer
steepest = {"sigmoid": 0.0, "tanh": 0.0, "relu": 1.0}      # where each derivative is largest
for name, z_best in steepest.items():
    _, f_grad = act.ACTIVATIONS[name]
    d = np.asarray(f_grad(z_layers))
    best = np.prod(f_grad(np.full(10, z_best)))
    print(f"{name:8s} product of 10 derivatives: {np.prod(d):.2e}   (best case: {best:.2e})")
print("ReLU's product is exactly 1 if every unit on the path is active, 0 if any one is off")

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
# Return $\tanh'(z) = 1 - \tanh^2(z)$ (003, eq. 4), element-wise, as an array of `z`'s shape.

# %% nbgrader="solution" grade_id="tanh_grad"
def tanh_grad(z):
    """Derivative of tanh: 1 - tanh(z)^2, element-wise."""
    ### BEGIN SOLUTION
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2
    ### END SOLUTION


# %% nbgrader="tests" grade_id="tanh_grad_tests" points=1
checks.check_close(tanh_grad(np.array([0.0])), [1.0], name="tanh_grad([0])",
                   hint="the slope of tanh at 0 is 1 - tanh(0)^2 = 1 - 0 = 1 (the sigmoid's t * (1 - t) would give 0)")
checks.check_close(tanh_grad(np.array([-2.0, 0.5, 3.0])), [0.07065082, 0.78644773, 0.00986604],
                   name="tanh_grad([-2, 0.5, 3])",
                   hint="compute t = np.tanh(z) first, then 1 - t**2: square tanh(z), not z, and do not "
                        "reuse the sigmoid's t * (1 - t)")
with np.errstate(over="raise", invalid="raise"):
    try:
        g_far = tanh_grad(np.array([-800.0, 800.0]))
    except FloatingPointError as err:
        raise checks.CheckError(f"tanh_grad([-800, 800]) overflowed ({err})\nHint: 1 / cosh(z)^2 is correct on "
                                "paper but cosh(800) overflows; use 1 - np.tanh(z)**2") from None
checks.check_close(g_far, [0.0, 0.0], name="tanh_grad([-800, 800])", hint="tanh is flat far from 0")
### BEGIN HIDDEN TESTS
from dlkit.activations import tanh_grad as _ref_tanh_grad

_rng = np.random.default_rng(203)
for _shape in [(6,), (3, 4)]:
    _z = _rng.normal(scale=2, size=_shape)
    _g = tanh_grad(_z.copy())
    assert type(_g) is np.ndarray, f"tanh_grad must return a numpy array, received {type(_g).__name__}"
    checks.check_close(_g, _ref_tanh_grad(_z), name=f"tanh_grad on random values of shape {_shape}")
### END HIDDEN TESTS

# %%
plots.plot_activation(act.explorer_curves("tanh", -5, 5))

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
# Return $\max(0, z)$ element-wise, as a new array (do not change `z` itself: the caller may still
# need it). Hint: numpy has two "max" functions, and only one of them works element by element.

# %% nbgrader="solution" grade_id="relu"
def relu(z):
    """ReLU max(0, z), element-wise; a new array of z's shape."""
    ### BEGIN SOLUTION
    return np.maximum(np.asarray(z, dtype=float), 0.0)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="relu_tests" points=1
z_t = np.array([[-2.0, 0.0, 3.0], [1.5, -0.1, 0.2]])
z_copy = z_t.copy()
try:
    r_t = relu(z_t)
except NotImplementedError:
    raise
except Exception as err:
    raise checks.CheckError(f"relu(z) for a (2, 3) array raised {type(err).__name__}: {err}\n"
                            "Hint: Python's max(0, z) compares a whole array with 0; use np.maximum(z, 0), "
                            "which works element by element") from None
checks.check_shape(r_t, (2, 3), name="relu(z) for z of shape (2, 3)",
                   hint="np.max(z, 0) takes the maximum along axis 0 (it reduces the array); np.maximum(z, 0) "
                        "compares each element with 0")
checks.check_close(r_t, [[0.0, 0.0, 3.0], [1.5, 0.0, 0.2]], name="relu([[-2, 0, 3], [1.5, -0.1, 0.2]])",
                   hint="negative inputs become 0, positive inputs pass unchanged (not clipped at 1, not "
                        "made positive with abs)")
checks.check_close(z_t, z_copy, name="z after calling relu(z)",
                   hint="relu modified its input in place (z[z < 0] = 0). Work on a copy, or use np.maximum, "
                        "which returns a new array")
### BEGIN HIDDEN TESTS
from dlkit.activations import relu as _ref_relu

_rng = np.random.default_rng(204)
for _shape in [(11,), (4, 2), (2, 2, 3)]:
    _z = _rng.normal(scale=3, size=_shape)
    _zc = _z.copy()
    _r = relu(_z)
    assert type(_r) is np.ndarray, f"relu must return a numpy array, received {type(_r).__name__}"
    checks.check_close(_r, _ref_relu(_zc), name=f"relu on random values of shape {_shape}")
    checks.check_close(_z, _zc, name="the input after relu", hint="relu must not modify its input")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 5: `relu_grad` (1 point)
#
# Return the slope: `1.0` where $z > 0$ and `0.0` elsewhere, **including $z = 0$**, as a float array.

# %% nbgrader="solution" grade_id="relu_grad"
def relu_grad(z):
    """Derivative of ReLU: 1.0 where z > 0, else 0.0 (0.0 at z = 0); float array of z's shape."""
    ### BEGIN SOLUTION
    return (np.asarray(z) > 0).astype(float)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="relu_grad_tests" points=1
g_t = relu_grad(np.array([-3.0, -0.5, 0.0, 0.5, 4.0]))
checks.check_type(g_t, np.ndarray, name="relu_grad(z)", hint="return a numpy array of z's shape")
checks.check_close(g_t[[0, 1, 3, 4]], [0.0, 0.0, 1.0, 1.0], name="relu_grad([-3, -0.5, 0.5, 4])",
                   hint="this is the slope, not the value: 1 where z > 0 (not z itself), 0 for z < 0 (not -1 as "
                        "np.sign gives)")
checks.check_close(g_t[2], 0.0, name="relu_grad(0)",
                   hint="the course's convention (and TensorFlow's) is relu'(0) = 0: use z > 0, not z >= 0")
if g_t.dtype.kind != "f":
    raise checks.CheckError(f"relu_grad(z) has dtype {g_t.dtype}\n  expected: a float array (0.0 and 1.0)\n"
                            "Hint: a comparison gives booleans; convert with (z > 0).astype(float)")
### BEGIN HIDDEN TESTS
from dlkit.activations import relu_grad as _ref_relu_grad

_rng = np.random.default_rng(205)
_z = np.round(_rng.normal(size=(5, 6)), 1)             # rounding puts a few exact zeros in
_g = relu_grad(_z)
assert type(_g) is np.ndarray and _g.dtype.kind == "f", "relu_grad must return a float numpy array"
checks.check_close(_g, _ref_relu_grad(_z), name="relu_grad on random values of shape (5, 6)")
### END HIDDEN TESTS

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
# ### Exercise 6: `leaky_relu` and `leaky_relu_grad` (2 points)
#
# Both take `alpha` with the default `0.01` and return arrays of `z`'s shape. The small slope belongs to
# the **negative** side; positive inputs pass unchanged. At $z = 0$ the value is 0 either way and we use
# the slope $\alpha$.

# %% nbgrader="solution" grade_id="leaky_relu"
def leaky_relu(z, alpha=0.01):
    """Leaky ReLU: z where z > 0, alpha * z elsewhere."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)
    ### END SOLUTION


def leaky_relu_grad(z, alpha=0.01):
    """Derivative of Leaky ReLU: 1.0 where z > 0, alpha elsewhere."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, alpha)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="leaky_relu_tests" points=2
z_t = np.array([-10.0, -1.0, 0.0, 2.0])
checks.check_close(leaky_relu(z_t, alpha=0.1), [-1.0, -0.1, 0.0, 2.0], name="leaky_relu([-10, -1, 0, 2], alpha=0.1)",
                   hint="negative z are multiplied by alpha (the slope goes on the negative side, not the wrong "
                        "side); positive z pass unchanged. Compare alpha * z with z, not alpha with z")
checks.check_close(leaky_relu(z_t), [-0.1, -0.01, 0.0, 2.0], name="leaky_relu([-10, -1, 0, 2]) with the default alpha",
                   hint="the default slope in this course is alpha=0.01 (Keras' defaults, 0.2 and 0.3, differ)")
checks.check_close(leaky_relu_grad(z_t, alpha=0.1), [0.1, 0.1, 0.1, 1.0],
                   name="leaky_relu_grad([-10, -1, 0, 2], alpha=0.1)",
                   hint="the slope is 1 for z > 0 and alpha (a constant, not alpha * z, not 0) for z <= 0, "
                        "including z = 0")
checks.check_close(leaky_relu_grad(np.array([-3.0, 3.0])), [0.01, 1.0],
                   name="leaky_relu_grad([-3, 3]) with the default alpha", hint="the default is alpha=0.01")
import keras  # noqa: E402  (the oracle; imported here so that only this test pays for it)

z_k = np.linspace(-3, 3, 13)
checks.check_close(leaky_relu(z_k, alpha=0.2), np.asarray(keras.activations.leaky_relu(z_k, negative_slope=0.2)),
                   name="leaky_relu(z, alpha=0.2) compared with keras.activations.leaky_relu",
                   hint="use the alpha you are given, not a fixed 0.01")
### BEGIN HIDDEN TESTS
from dlkit.activations import leaky_relu as _ref_leaky, leaky_relu_grad as _ref_leaky_grad

_rng = np.random.default_rng(206)
for _shape, _alpha in [((8,), 0.05), ((3, 4), 0.3)]:
    _z = _rng.normal(scale=2, size=_shape)
    _a, _g = leaky_relu(_z.copy(), alpha=_alpha), leaky_relu_grad(_z.copy(), alpha=_alpha)
    assert type(_a) is np.ndarray and type(_g) is np.ndarray, "leaky_relu and its gradient must return numpy arrays"
    checks.check_close(_a, _ref_leaky(_z, alpha=_alpha), name=f"leaky_relu, shape {_shape}, alpha={_alpha}")
    checks.check_close(_g, _ref_leaky_grad(_z, alpha=_alpha), name=f"leaky_relu_grad, shape {_shape}, alpha={_alpha}")
### END HIDDEN TESTS

# %%
plots.plot_activation(act.explorer_curves("leaky_relu", -4, 4, alpha=0.1))

# %% [markdown]
# ### Newer smooth relatives: GELU and Swish (a pointer)
#
# Two smooth cousins of ReLU are common in recent architectures. **GELU**, $z\,\Phi(z)$ with $\Phi$ the
# normal distribution function (Hendrycks and Gimpel, 2016), is the activation of BERT and the GPT models;
# **Swish** or **SiLU**, $z\,\sigma(z)$ (Ramachandran et al., 2017), appears in EfficientNet. Both behave
# like ReLU far from 0 but dip slightly below 0 and have no kink. `dlkit.activations` has both; Keras
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
# $J = \operatorname{diag}(s) - s s^\top$ (`dlkit.activations.softmax_jacobian`). Chapter 05 never needs it
# on its own: combined with cross-entropy it collapses to the simple $s - y$ (chapter 03).

# %% [markdown]
# ### Exercise 7: a stable, batched `softmax` (3 points)
#
# `z` has any shape; normalise along `axis` (default the last). Return an array of `z`'s shape. It must
# give finite results for $(1000, 1001, 1002)$, and match `keras.activations.softmax`.

# %% nbgrader="solution" grade_id="softmax"
def softmax(z, axis=-1):
    """Softmax of z along `axis`, computed without overflow; array of z's shape."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))   # largest exponent is 0
    return e / np.sum(e, axis=axis, keepdims=True)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="softmax_tests" points=3
checks.check_close(softmax(np.array([2.0, 1.0, 0.1])), [0.65900114, 0.24243297, 0.09856589],
                   name="softmax([2.0, 1.0, 0.1])", hint="s_i = exp(z_i) / sum_j exp(z_j)", rtol=1e-6)
try:
    with np.errstate(over="raise", invalid="raise"):
        s_t = softmax(np.array([1000.0, 1001.0, 1002.0]))
except FloatingPointError as err:
    raise checks.CheckError(
        f"softmax([1000, 1001, 1002]) overflowed ({err})\n"
        "Hint: exp(1000) = inf. Subtract the largest score first: z - np.max(z, axis=axis, keepdims=True); "
        "the result is unchanged and every exponent is <= 0") from None
checks.check_close(s_t, [0.09003057, 0.24472847, 0.66524096], name="softmax([1000, 1001, 1002])",
                   hint="same as softmax([0, 1, 2]): subtracting the maximum changes nothing")
Z_t = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [1000.0, 0.0, -1000.0], [-1.0, 5.0, 1.0]])  # (N, C) = (4, 3)
try:
    with np.errstate(over="raise", invalid="raise"):
        S_t = softmax(Z_t)
except FloatingPointError as err:
    raise checks.CheckError(f"softmax of a (4, 3) batch overflowed ({err})\nHint: subtract each row's maximum "
                            "(axis=-1, keepdims=True) before np.exp") from None
except ValueError as err:
    raise checks.CheckError(f"softmax of a (4, 3) batch raised ValueError: {err}\nHint: np.max(z, axis=-1) has "
                            "shape (4,), which does not broadcast against (4, 3): add keepdims=True") from None
checks.check_shape(S_t, (4, 3), name="softmax(Z) for Z of shape (4, 3)", hint="softmax keeps the input's shape")
checks.check_close(S_t.sum(axis=-1), np.ones(4), name="the row sums of softmax(Z) for a (4, 3) batch",
                   hint="each row (each sample) must sum to 1: take the max and the sum with axis=axis "
                        "(the last axis by default), not over the whole array or over axis 0; without "
                        "keepdims=True the (4,) row results do not line up with the rows")
import keras  # noqa: E402  (the oracle)

checks.check_close(S_t, np.asarray(keras.activations.softmax(Z_t, axis=-1)), name="softmax(Z) compared with "
                   "keras.activations.softmax", hint="normalise each row separately (axis=-1, keepdims=True)")
checks.check_close(softmax(Z_t, axis=0).sum(axis=0), np.ones(3), name="column sums of softmax(Z, axis=0)",
                   hint="use the axis argument you are given instead of a fixed -1 or 1")
### BEGIN HIDDEN TESTS
from dlkit.activations import softmax as _ref_softmax

_rng = np.random.default_rng(207)
for _shape, _axis in [((5,), -1), ((6, 4), -1), ((3, 2, 5), -1), ((4, 7), 0)]:
    _z = _rng.normal(scale=50, size=_shape)
    with np.errstate(invalid="raise", over="raise", under="ignore"):
        _s = softmax(_z.copy(), axis=_axis)
    assert type(_s) is np.ndarray, f"softmax must return a numpy array, received {type(_s).__name__}"
    checks.check_close(_s, _ref_softmax(_z, axis=_axis), name=f"softmax on shape {_shape}, axis={_axis}", atol=1e-10)
### END HIDDEN TESTS

# %% [markdown]
# ## `from_logits`: leave the last activation to the loss
#
# In Keras you can end a classifier with `activation="softmax"` and train with
# `CategoricalCrossentropy()`, or end it with no activation (raw logits) and train with
# `CategoricalCrossentropy(from_logits=True)`. On paper the two are the same model. In floating point the
# second is better: the loss needs $\log s_i$, and once softmax has rounded a tiny probability to 0 the
# logarithm is $-\infty$ (Keras then clips it to $\log 10^{-7} \approx -16$, a wrong value with a zero
# gradient). From the logits, $\log s_i = z_i - \max_j z_j - \log\sum_j e^{z_j - \max_j z_j}$ (the
# log-softmax) is exact. The same holds for sigmoid with `BinaryCrossentropy(from_logits=True)`.
# At prediction time you then apply softmax (or sigmoid) yourself to get probabilities.

# %%
from dlkit.losses import log_softmax  # noqa: E402

logits = np.array([0.0, 50.0, 800.0])
with np.errstate(divide="ignore"):
    via_probs = np.log(act.softmax(logits))          # softmax rounds e^-800 to 0: log(0) = -inf
print("log softmax through probabilities:", via_probs)
print("log-softmax from the logits:      ", log_softmax(logits))

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
from dlkit import widgets  # noqa: E402

widgets.activation_explorer("sigmoid")

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
# * Prefer logits with `from_logits=True`: the loss computes the logarithm stably.
