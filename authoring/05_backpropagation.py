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
# # 05 · Backpropagation
#
# Chapter 04 trained a model with one weight, whose derivative we could write down by hand. A network has
# thousands of weights, and each one changes the loss only *through* the layers after it.
# **Backpropagation** computes all of those derivatives in one backward sweep with the chain rule: every
# layer multiplies the gradient it receives by its own local derivative and hands the result to the layer
# below. This chapter does it first by hand on a chain of two neurons, then layer by layer in matrix form,
# proves the result right with numerical gradients, trains a numpy network to over 95 % on handwritten
# digits, and ends with why deep sigmoid networks stop learning.
#
# **You will write:** `sigmoid_backward`, `relu_backward`, `dense_backward`, `softmax_cross_entropy`,
# `mlp_backward` (checked against numerical gradients) and `train_mlp`.

# %%
import numpy as np

import dlkit
from dlkit import activations as act
from dlkit import checks, data, mlp, plots
from dlkit.gradcheck import numerical_gradient, rel_error

rng = dlkit.setup_notebook(seed=0)

# %% [markdown]
# ## The chain rule
#
# If $E$ depends on $a$, $a$ on $z$ and $z$ on $w$, then a small change of $w$ moves $z$, which moves
# $a$, which moves $E$, and the rates multiply:
#
# $$\frac{\partial E}{\partial w} = \frac{\partial E}{\partial a}\cdot\frac{\partial a}{\partial z}\cdot\frac{\partial z}{\partial w}.$$
#
# Each factor is **local**: it only needs the values of one small step, known from the forward pass.
# That is the whole trick of backpropagation: run forward once and keep the intermediate values, then
# walk backward multiplying local derivatives, reusing the product computed so far at every step.

# %% [markdown]
# ## By hand: the chain of two neurons
#
# The network of chapter 03 (from the source notes, 002): input $x = 0.1$, neuron 1 with $w_1 = 0.15$,
# $b_1 = 0.4$, neuron 2 with $w_2 = 0.45$, $b_2 = 0.65$, both sigmoid, predicts $a_2 \approx 0.7153$.
# The notes leave the target and the learning rate open; we take the target $T = 0.25$ and
# $\alpha = 0.4$. The error of one sample is $E = \tfrac12 (T - a_2)^2$ (the notes' $\frac{1}{2n}\sum$ with
# $n = 1$). The four gradients are products of local derivatives:
#
# | parameter | chain | local factors |
# | --- | --- | --- |
# | $w_2$ | $\frac{\partial E}{\partial a_2}\frac{\partial a_2}{\partial z_2}\frac{\partial z_2}{\partial w_2}$ | $-(T - a_2)$, $a_2(1 - a_2)$, $a_1$ |
# | $b_2$ | $\frac{\partial E}{\partial a_2}\frac{\partial a_2}{\partial z_2}\frac{\partial z_2}{\partial b_2}$ | same, with $\frac{\partial z_2}{\partial b_2} = 1$ |
# | $w_1$ | $\frac{\partial E}{\partial a_2}\frac{\partial a_2}{\partial z_2}\frac{\partial z_2}{\partial a_1}\frac{\partial a_1}{\partial z_1}\frac{\partial z_1}{\partial w_1}$ | ..., $w_2$, $a_1(1 - a_1)$, $x$ |
# | $b_1$ | $\frac{\partial E}{\partial a_2}\frac{\partial a_2}{\partial z_2}\frac{\partial z_2}{\partial a_1}\frac{\partial a_1}{\partial z_1}\frac{\partial z_1}{\partial b_1}$ | same, with $\frac{\partial z_1}{\partial b_1} = 1$ |
#
# The first two factors are shared by all four: compute $\delta_2 = \partial E / \partial z_2$ once, then
# $\delta_1 = \delta_2\, w_2\, a_1(1 - a_1)$. The cell multiplies the factors out by hand.

# %% tags=["nbval-check-output"]
x, w1, b1, w2, b2, T, alpha = 0.1, 0.15, 0.4, 0.45, 0.65, 0.25, 0.4
a1 = act.sigmoid(w1 * x + b1)                 # forward pass, keeping a1 and a2
a2 = act.sigmoid(w2 * a1 + b2)
dE_da2 = -(T - a2)                            # local derivatives
da2_dz2 = a2 * (1 - a2)
da1_dz1 = a1 * (1 - a1)
delta2 = dE_da2 * da2_dz2                     # dE/dz2, shared by w2 and b2
delta1 = delta2 * w2 * da1_dz1                # dE/dz1, shared by w1 and b1
by_hand = {"w2": delta2 * a1, "b2": delta2, "w1": delta1 * x, "b1": delta1}
print(f"a1 = {a1:.4f}  a2 = {a2:.4f}  E = {0.5 * (T - a2) ** 2:.4f}")
print(f"dE/da2 = {dE_da2:.4f}  da2/dz2 = {da2_dz2:.4f}  da1/dz1 = {da1_dz1:.4f}")
for name, g in by_hand.items():
    print(f"dE/d{name} = {g:.6f}")

# %% [markdown]
# The parameters closest to the output get the largest gradients; $w_1$, four factors away and
# multiplied by $x = 0.1$, barely moves. One gradient-descent step $p \leftarrow p - \alpha\,\partial E/\partial p$
# updates all four **at once** (each gradient uses the old values) and the prediction moves towards the
# target:

# %% tags=["nbval-check-output"]
new = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
new = {name: value - alpha * by_hand[name] for name, value in new.items()}
a2_new = act.sigmoid(new["w2"] * act.sigmoid(new["w1"] * x + new["b1"]) + new["b2"])
print("updated: " + "  ".join(f"{name} = {value:.4f}" for name, value in new.items()))
print(f"prediction {a2:.4f} -> {a2_new:.4f}, error {0.5 * (T - a2) ** 2:.4f} -> {0.5 * (T - a2_new) ** 2:.4f}")

# %% [markdown]
# The same numbers come out of the layer code that the rest of this chapter builds: each neuron is a
# dense layer with one input and one unit (arrays of shape `(1, 1)`), followed by a sigmoid.
# `dlkit.layers` keeps a cache on the way forward and walks back through it.

# %% tags=["nbval-check-output"]
from dlkit import layers  # noqa: E402

Z1, cache_d1 = layers.dense_forward([[x]], [[w1]], [b1])            # (1, 1)
A1, cache_a1 = layers.activation_forward(Z1, "sigmoid")
Z2, cache_d2 = layers.dense_forward(A1, [[w2]], [b2])
A2, cache_a2 = layers.activation_forward(Z2, "sigmoid")
dZ2 = layers.activation_backward(-(T - A2), cache_a2)               # dE/dA2 -> dE/dZ2
dA1, dW2, db2 = layers.dense_backward(dZ2, cache_d2)
dZ1 = layers.activation_backward(dA1, cache_a1)
_, dW1, db1 = layers.dense_backward(dZ1, cache_d1)
by_code = {"w2": dW2.item(), "b2": db2.item(), "w1": dW1.item(), "b1": db1.item()}
print("by code:", "  ".join(f"dE/d{k} = {v:.6f}" for k, v in by_code.items()))
print("same as by hand:", all(np.isclose(by_code[k], by_hand[k], rtol=1e-12) for k in by_hand))

# %% [markdown]
# A derivative is a slope. The figure plots the error as a function of $w_2$ alone (all else fixed) with
# the tangent line of slope $\partial E/\partial w_2$ at $w_2 = 0.45$: the line touches the curve there,
# and the update moves $w_2$ downhill.

# %%
w2_grid = np.linspace(-3, 3, 200)
E_grid = 0.5 * (T - act.sigmoid(w2_grid * a1 + b2)) ** 2
fig, ax = plots.new_figure(figsize=(6, 3.5))
ax.plot(w2_grid, E_grid, label="E(w2)")
ax.plot(w2_grid, 0.5 * (T - a2) ** 2 + by_hand["w2"] * (w2_grid - w2), "--",
        label=f"tangent, slope {by_hand['w2']:.4f}")
ax.plot([w2], [0.5 * (T - a2) ** 2], "o", color="black")
ax.set_ylim(0, 0.4)
ax.legend()
plots.label(ax, "w2", "error E", "the gradient is the slope of the error")
fig

# %% [markdown]
# ## Backpropagation through layers
#
# For a batch, a layer is the pair you met in chapter 03: $Z = XW + b$, then $A = g(Z)$, with $X$ of
# shape $(N, D)$, $W$ $(D, H)$, $b$ $(H,)$. Going backward, each step receives the gradient of the loss
# with respect to its **output** and returns the gradients with respect to its **inputs**. With samples as
# rows (the transpose of 003's column layout, eq. 12 to 15), the rules are:
#
# | step | forward | backward (given the upstream gradient) |
# | --- | --- | --- |
# | activation | $A = g(Z)$ | $dZ = dA \odot g'(Z)$ (element-wise, 003 eq. 12) |
# | dense, weights | $Z = XW + b$ | $dW = X^\top dZ$, shape $(D, N)(N, H) = (D, H)$ (eq. 13) |
# | dense, bias | | $db = \sum_n dZ_{n,:}$, shape $(H,)$ (eq. 14: the bias is added to every sample) |
# | dense, input | | $dX = dZ\, W^\top$, shape $(N, H)(H, D) = (N, D)$, the next step's $dA$ (eq. 15) |
#
# A quick way to get the transposes right: every gradient has the shape of the thing it is the gradient
# of, and there is only one way to multiply the available matrices to get that shape. $dX$ is then the
# upstream gradient of the layer below, and the recursion $\delta^{[l]} = \delta^{[l+1]} W^{[l+1]\top}
# \odot g'(Z^{[l]})$ walks down to the input.
#
# Where is the $1/N$ of the mean over the batch? In the very first gradient, the loss's: $dZ$ of the
# output layer already carries it, so no later step divides again.

# %% [markdown]
# ### Exercise 1: `sigmoid_backward` (2 points)
#
# Given the upstream gradient `dA` and the cached pre-activation `Z` (same shape), return
# $dZ = dA \odot \sigma(Z)\,(1 - \sigma(Z))$. You may use `act.sigmoid`.

# %% nbgrader="solution" grade_id="sigmoid_backward"
def sigmoid_backward(dA, Z):
    """dZ = dA * s * (1 - s) with s = sigmoid(Z); same shape as Z."""
    ### BEGIN SOLUTION
    s = act.sigmoid(Z)
    return dA * s * (1.0 - s)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="sigmoid_backward_tests" points=2
Z_t = np.array([[0.0, 2.0], [-1.0, 0.5]])
dA_t = np.array([[1.0, 1.0], [1.0, 1.0]])
s_t = 1 / (1 + np.exp(-Z_t))
checks.check_close(sigmoid_backward(dA_t, Z_t), s_t * (1 - s_t), name="sigmoid_backward(ones, Z)",
                   hint="sigma'(Z) = s (1 - s) with s = sigmoid(Z): apply the formula to sigmoid(Z), not to Z "
                        "itself (Z (1 - Z) is the derivative only if you pass the activation A)")
dA_t = np.array([[2.0, -1.0], [0.5, 3.0]])
checks.check_close(sigmoid_backward(dA_t, Z_t), dA_t * s_t * (1 - s_t), name="sigmoid_backward(dA, Z)",
                   hint="chain rule: multiply the local slope by the upstream gradient dA, element by element")
### BEGIN HIDDEN TESTS
from dlkit.layers import activation_backward as _ref_act_backward

_rng = np.random.default_rng(501)
for _shape in [(5, 3), (1, 7)]:
    _Z, _dA = _rng.normal(scale=3, size=_shape), _rng.normal(size=_shape)
    _dZ = sigmoid_backward(_dA.copy(), _Z.copy())
    assert type(_dZ) is np.ndarray, f"sigmoid_backward must return a numpy array, received {type(_dZ).__name__}"
    checks.check_close(_dZ, _ref_act_backward(_dA, (_Z, "sigmoid")), name=f"sigmoid_backward on shape {_shape}")
    _num = numerical_gradient(lambda z: float(np.sum(_dA * act.sigmoid(z))), _Z.copy())
    assert rel_error(_dZ, _num) < 1e-6, f"sigmoid_backward fails the gradient check: rel. error {rel_error(_dZ, _num):.1e}"
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: `relu_backward` (1 point)
#
# Return $dZ = dA \odot \mathrm{ReLU}'(Z)$ with $\mathrm{ReLU}'(z) = 1$ for $z > 0$ and $0$ for $z \le 0$
# (003 eq. 5; the value at the kink $z = 0$ is a convention, and this one is Keras' and TensorFlow's).

# %% nbgrader="solution" grade_id="relu_backward"
def relu_backward(dA, Z):
    """dZ = dA where Z > 0, else 0; same shape as Z."""
    ### BEGIN SOLUTION
    return dA * (Z > 0)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="relu_backward_tests" points=1
Z_t = np.array([[-2.0, 0.5], [3.0, -0.1]])
dA_t = np.array([[1.0, 2.0], [-3.0, 4.0]])
checks.check_close(relu_backward(dA_t, Z_t), [[0.0, 2.0], [-3.0, 0.0]], name="relu_backward(dA, Z)",
                   hint="pass the upstream gradient dA through where Z > 0 (whatever dA's sign) and block it "
                        "where Z <= 0; the slope of ReLU is 1 or 0, never ReLU(Z) itself")
checks.check_close(relu_backward(np.array([[5.0]]), np.array([[0.0]])), [[0.0]], name="relu_backward(5, Z=0)",
                   hint="at Z = 0 exactly the slope is taken as 0 (use Z > 0, not Z >= 0)")
### BEGIN HIDDEN TESTS
from dlkit.layers import activation_backward as _ref_act_backward

_rng = np.random.default_rng(502)
_Z, _dA = _rng.normal(size=(6, 4)), _rng.normal(size=(6, 4))
_Z[0, 0] = 0.0
_dZ = relu_backward(_dA.copy(), _Z.copy())
assert type(_dZ) is np.ndarray, f"relu_backward must return a numpy array, received {type(_dZ).__name__}"
checks.check_close(_dZ, _ref_act_backward(_dA, (_Z, "relu")), name="relu_backward on random values")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 3: `dense_backward` (3 points)
#
# Given the upstream gradient `dZ` $(N, H)$ and the layer's cached input `X` $(N, D)$ and weights `W`
# $(D, H)$, return the tuple `(dX, dW, db)` with shapes $(N, D)$, $(D, H)$ and $(H,)$.

# %% nbgrader="solution" grade_id="dense_backward"
def dense_backward(dZ, X, W):
    """Backward of Z = X W + b: dX = dZ W^T, dW = X^T dZ, db = column sums of dZ."""
    ### BEGIN SOLUTION
    dX = dZ @ W.T                     # (N, H) @ (H, D) -> (N, D)
    dW = X.T @ dZ                     # (D, N) @ (N, H) -> (D, H)
    db = dZ.sum(axis=0)               # (H,)
    return dX, dW, db
    ### END SOLUTION


# %% nbgrader="tests" grade_id="dense_backward_tests" points=3
X_t = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]])            # (N, D) = (2, 3)
W_t = np.array([[1.0, 0.0], [2.0, -1.0], [0.0, 3.0]])          # (D, H) = (3, 2)
dZ_t = np.array([[1.0, -1.0], [0.5, 2.0]])                     # (N, H) = (2, 2)
try:
    out_t = dense_backward(dZ_t, X_t, W_t)
except NotImplementedError:
    raise
except ValueError as err:
    raise checks.CheckError(f"dense_backward with dZ (2, 2), X (2, 3), W (3, 2) raised ValueError: {err}\n"
                            "Hint: match the shapes: dX = dZ @ W.T is (N, H) @ (H, D), dW = X.T @ dZ is "
                            "(D, N) @ (N, H)") from None
checks.check_type(out_t, tuple, name="dense_backward(...)", hint="return the three gradients as a tuple (dX, dW, db)")
checks.check_equal(len(out_t), 3, name="len(dense_backward(...))", hint="return exactly (dX, dW, db), in that order")
dX_t, dW_t, db_t = out_t
checks.check_shape(dW_t, (3, 2), name="dW for X (2, 3), W (3, 2)",
                   hint="dW has the shape of W, (D, H): X.T @ dZ. A (2, 3) result is the transposed weight "
                        "gradient (dZ.T @ X)")
checks.check_close(dW_t, [[1.0, -1.0], [2.5, 0.0], [-0.5, -2.0]], name="dW",
                   hint="dW = X.T @ dZ sums over the samples; the 1/N is already inside dZ, do not divide again")
checks.check_shape(db_t, (2,), name="db", hint="one bias gradient per unit: sum dZ over the samples (axis=0)")
checks.check_close(db_t, [1.5, 1.0], name="db",
                   hint="the bias gradient is the sum of dZ over the samples (axis=0), not the mean and not "
                        "forgotten: every sample's error reaches the bias")
checks.check_shape(dX_t, (2, 3), name="dX", hint="dX has the shape of X, (N, D): dZ @ W.T")
checks.check_close(dX_t, [[1.0, 3.0, -3.0], [0.5, -1.0, 6.0]], name="dX",
                   hint="dX = dZ @ W.T (transpose W so that (N, H) @ (H, D) gives (N, D))")
W_sq = np.array([[1.0, 2.0], [0.0, 1.0]])                      # square W: a missing transpose fits the shapes
dX_sq, _, _ = dense_backward(np.array([[1.0, 0.0]]), np.array([[1.0, 1.0]]), W_sq)
checks.check_close(dX_sq, [[1.0, 0.0]], name="dX for a square W = [[1, 2], [0, 1]]",
                   hint="dX = dZ @ W.T; with a square W, dZ @ W has the right shape but the wrong values")
### BEGIN HIDDEN TESTS
from dlkit.layers import dense_backward as _ref_dense_backward

_rng = np.random.default_rng(503)
for _n, _d, _h in [(5, 4, 3), (1, 2, 6), (7, 3, 3)]:
    _X, _W, _dZ = _rng.normal(size=(_n, _d)), _rng.normal(size=(_d, _h)), _rng.normal(size=(_n, _h))
    _mine = dense_backward(_dZ.copy(), _X.copy(), _W.copy())
    for _name, _g, _r in zip(("dX", "dW", "db"), _mine, _ref_dense_backward(_dZ, (_X, _W))):
        assert type(_g) is np.ndarray, f"{_name} must be a numpy array, received {type(_g).__name__}"
        checks.check_close(_g, _r, name=f"{_name} on random shapes N={_n}, D={_d}, H={_h}")
    _b = _rng.normal(size=_h)
    _loss = lambda: float(np.sum(_dZ * (_X @ _W + _b)))           # noqa: E731  dloss/dZ = _dZ
    for _name, _p, _g in (("dX", _X, _mine[0]), ("dW", _W, _mine[1]), ("db", _b, _mine[2])):
        _num = numerical_gradient(lambda _: _loss(), _p)
        assert rel_error(_g, _num) < 1e-6, f"{_name} fails the gradient check: rel. error {rel_error(_g, _num):.1e}"
### END HIDDEN TESTS

# %% [markdown]
# ## Where the backward pass starts: softmax and cross-entropy
#
# A classifier's last layer outputs logits $Z$ $(N, C)$; softmax turns each row into probabilities $P$,
# and cross-entropy scores them against the one-hot targets $Y$: $L = -\frac1N \sum_n \sum_c Y_{nc}\log P_{nc}$.
# The derivative of the two together is remarkably simple:
#
# $$\frac{\partial L}{\partial Z} = \frac{1}{N}\,(P - Y).$$
#
# For one sample, $\partial(-\log P_y)/\partial z_c = P_c - [c = y]$: push the true class's score up and
# every other score down, each in proportion to how much probability it took. Computing softmax and
# cross-entropy as one step is also the stable way (chapter 03): $\log P = Z - \max Z - \log\sum e^{Z - \max Z}$
# never takes the log of a rounded zero.

# %% [markdown]
# ### Exercise 4: `softmax_cross_entropy` (3 points)
#
# `logits` has shape `(N, C)`, `y` holds integer labels `(N,)`. Return `(loss, dlogits)`: the mean
# cross-entropy (a float) and its gradient $(P - Y)/N$, shape `(N, C)`. It must work for logits as large as
# 1000 (subtract each row's maximum before `np.exp`).

# %% nbgrader="solution" grade_id="softmax_cross_entropy"
def softmax_cross_entropy(logits, y):
    """Mean softmax cross-entropy of integer labels y (N,) given logits (N, C), and dL/dlogits (N, C)."""
    ### BEGIN SOLUTION
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)          # (N, C), max 0 per row
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_p[np.arange(N), y].mean())
    dlogits = np.exp(log_p)                                         # P
    dlogits[np.arange(N), y] -= 1.0                                 # P - Y
    return loss, dlogits / N
    ### END SOLUTION


# %% nbgrader="tests" grade_id="softmax_cross_entropy_tests" points=3
Z_t = np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]])
y_t = np.array([0, 2])
P_t = np.exp(Z_t) / np.exp(Z_t).sum(axis=1, keepdims=True)
out_t = softmax_cross_entropy(Z_t, y_t)
checks.check_type(out_t, tuple, name="softmax_cross_entropy(...)", hint="return a tuple (loss, dlogits)")
loss_t, dZ_t = out_t
checks.check_shape(loss_t, (), name="loss", hint="the loss is one number: the mean over the samples")
checks.check_close(loss_t, -(np.log(P_t[0, 0]) + np.log(P_t[1, 2])) / 2, name="loss for the 2-sample batch",
                   hint="average -log P[n, y_n] over the samples (mean, not sum); index the true class of "
                        "each row with P[np.arange(N), y]")
checks.check_shape(dZ_t, (2, 3), name="dlogits", hint="the gradient has the shape of the logits, (N, C)")
want_t = (P_t - np.eye(3)[y_t]) / 2
if np.allclose(dZ_t, -want_t):
    raise checks.CheckError("dlogits has the wrong sign.\nHint: the gradient is (P - Y) / N: positive for "
                            "the wrong classes, negative for the true one")
if np.allclose(dZ_t, want_t * 2):
    raise checks.CheckError("dlogits is N times too large.\nHint: divide by N: the loss is a mean over the "
                            "batch, so is its gradient ((P - Y) / N)")
checks.check_close(dZ_t, want_t, name="dlogits", hint="dL/dZ = (softmax(Z) - onehot(y)) / N, with respect to "
                   "the logits (not to the probabilities: -Y / P is the gradient for P)")
with np.errstate(over="raise", invalid="raise"):
    try:
        big_t = softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([0]))
    except FloatingPointError as err:
        raise checks.CheckError(f"softmax_cross_entropy with logits [1000, 0] overflowed ({err})\n"
                                "Hint: subtract each row's maximum from the logits before np.exp") from None
checks.check_close(big_t[0], 0.0, name="loss for logits [[1000, 0]], label 0", atol=1e-6,
                   hint="subtract each row's maximum before np.exp, and take log P as shifted - log(sum(exp))")
checks.check_close(big_t[1], [[0.0, 0.0]], name="dlogits for logits [[1000, 0]], label 0", atol=1e-6,
                   hint="the prediction is already right: P = [1, 0] = Y, so the gradient is 0")
### BEGIN HIDDEN TESTS
from dlkit.losses import softmax_cross_entropy_with_logits as _ref_sce

_rng = np.random.default_rng(504)
for _n, _c in [(7, 4), (1, 10)]:
    _Z, _y = _rng.normal(scale=3, size=(_n, _c)), _rng.integers(0, _c, _n)
    _loss, _dZ = softmax_cross_entropy(_Z.copy(), _y)
    _rl, _rdZ = _ref_sce(_Z, _y)
    assert type(_dZ) is np.ndarray, f"dlogits must be a numpy array, received {type(_dZ).__name__}"
    checks.check_close(_loss, _rl, name=f"loss for N={_n}, C={_c}")
    checks.check_close(_dZ, _rdZ, name=f"dlogits for N={_n}, C={_c}")
    _num = numerical_gradient(lambda z: _ref_sce(z, _y)[0], _Z.copy())
    assert rel_error(_dZ, _num) < 1e-6, f"dlogits fails the gradient check: rel. error {rel_error(_dZ, _num):.1e}"
### END HIDDEN TESTS

# %% [markdown]
# ## Proving a backward pass right: gradient checking
#
# A backward pass with a wrong transpose or a forgotten factor still runs, and training may even make a
# little progress: bugs here are silent. The cure is to compare with a numerical derivative. For every
# parameter $\theta_i$,
#
# $$\frac{\partial L}{\partial \theta_i} \approx \frac{L(\theta + h e_i) - L(\theta - h e_i)}{2h},$$
#
# the **centred difference**, whose error shrinks like $h^2$ (the one-sided $(L(\theta + h e_i) - L(\theta))/h$
# only like $h$). Compare with the relative error $\max_i |a_i - n_i| / (|a_i| + |n_i|)$: around
# $10^{-7}$ or below in float64 the backward pass is right; $10^{-2}$ means a bug. Checking costs two
# forward passes per parameter, so it is done on tiny networks, once, never during training. Near the
# kink of ReLU, a difference straddling $z = 0$ can disagree a little: that is the function, not a bug.
#
# The plot shows why $h$ is neither huge nor tiny: too large and the approximation is coarse, too small
# and rounding errors of float64 (about $10^{-16}$ relative) are divided by $h$.

# %%
f_demo = lambda t: np.sin(3 * t) * np.exp(t)                            # noqa: E731
df_demo = 3 * np.cos(3 * 0.7) * np.exp(0.7) + np.sin(3 * 0.7) * np.exp(0.7)
hs = np.logspace(-13, -1, 49)
forward_err = [abs((f_demo(0.7 + h) - f_demo(0.7)) / h - df_demo) for h in hs]
centred_err = [abs((f_demo(0.7 + h) - f_demo(0.7 - h)) / (2 * h) - df_demo) for h in hs]
fig, ax = plots.new_figure(figsize=(6, 3.5))
ax.loglog(hs, forward_err, label="one-sided (f(t+h) - f(t)) / h")
ax.loglog(hs, centred_err, label="centred (f(t+h) - f(t-h)) / 2h")
ax.axvline(1e-5, color="gray", linestyle=":", label="h = 1e-5 (dlkit's default)")
ax.legend(fontsize="small")
plots.label(ax, "step h", "absolute error of the derivative", "centred differences: error ~ h²")
fig

# %% [markdown]
# `dlkit.gradcheck.numerical_gradient(f, x)` perturbs each entry of the array `x` in place and calls `f`;
# `rel_error(a, b)` compares. The cell checks your `dense_backward` on a small random layer.

# %%
X_g, W_g, b_g = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
dZ_g = rng.normal(size=(4, 2))                           # pretend upstream gradient: L = sum(dZ_g * Z)
loss_g = lambda: float(np.sum(dZ_g * (X_g @ W_g + b_g)))  # noqa: E731
dX_a, dW_a, db_a = dense_backward(dZ_g, X_g, W_g)
for name, analytic, param in (("dX", dX_a, X_g), ("dW", dW_a, W_g), ("db", db_a, b_g)):
    print(f"{name}: relative error {rel_error(analytic, numerical_gradient(lambda _: loss_g(), param)):.1e}")

# %% [markdown]
# ## The whole network backward
#
# A multi-layer perceptron with ReLU hidden layers and a softmax output chains the pieces. The forward
# pass `mlp.forward(X, params)` of dlkit returns the logits and one cache per layer,
# `caches[l] = ((A_prev, W), act_cache)` where `A_prev` is the layer's input, `W` its weights, and
# `act_cache = (Z, "relu")` for hidden layers (`None` for the output layer, which has no activation).
# Backward, starting from `dlogits`, layer $L$ down to layer 1:
#
# 1. if the layer has an activation: $dZ = $ `relu_backward(dA, Z)` (for the output layer, $dZ$ = `dlogits`);
# 2. `dense_backward(dZ, A_prev, W)` returns `(dA, dW, db)`: its `dA` is the upstream gradient of the layer
#    below.

# %%
params_demo = mlp.init_params([3, 4, 2], rng)                 # [(W1 (3, 4), b1 (4,)), (W2 (4, 2), b2 (2,))]
logits_demo, caches_demo = mlp.forward(rng.normal(size=(5, 3)), params_demo)
(A_prev_demo, W_demo), act_cache_demo = caches_demo[0]
print("logits", logits_demo.shape, "| layer 1: A_prev", A_prev_demo.shape, "W", W_demo.shape,
      "Z", act_cache_demo[0].shape, act_cache_demo[1], "| layer 2 act_cache:", caches_demo[1][1])

# %% [markdown]
# ### Exercise 5: `mlp_backward` (4 points)
#
# Return `(loss, grads)` for the network `params` (a list of `(W, b)`) on inputs `X` $(N, D)$ with labels
# `y` $(N,)$: run `mlp.forward`, then your `softmax_cross_entropy`, `relu_backward` and `dense_backward`.
# `grads` is a list of `(dW, db)` pairs **in the order of `params`** (first layer first). The test checks
# every gradient against `numerical_gradient`.

# %% nbgrader="solution" grade_id="mlp_backward"
def mlp_backward(X, y, params):
    """Loss of a ReLU MLP with softmax cross-entropy, and [(dW, db)] for every layer, first layer first."""
    ### BEGIN SOLUTION
    logits, caches = mlp.forward(X, params, "relu")
    loss, dZ = softmax_cross_entropy(logits, y)                 # (N, C)
    grads = [None] * len(params)
    for l in reversed(range(len(params))):
        (A_prev, W), act_cache = caches[l]
        if act_cache is not None:                               # hidden layer: through ReLU first
            dZ = relu_backward(dA, act_cache[0])                # noqa: F821  dA of the layer above
        dA, dW, db = dense_backward(dZ, A_prev, W)
        grads[l] = (dW, db)
    return loss, grads
    ### END SOLUTION


# %% nbgrader="tests" grade_id="mlp_backward_tests" points=4
rng_t = np.random.default_rng(5)
X_t, y_t = rng_t.normal(size=(6, 4)), np.array([0, 1, 2, 0, 1, 2])
params_t = mlp.init_params([4, 5, 3], rng_t)
try:
    out_t = mlp_backward(X_t, y_t, params_t)
except NotImplementedError:
    raise
except (ValueError, IndexError, TypeError) as err:
    raise checks.CheckError(
        f"mlp_backward on a 4-5-3 network raised {type(err).__name__}: {err}\n"
        "Hint: walk from the last layer to the first; the output layer's dZ is dlogits, a hidden layer's dZ is "
        "relu_backward(dA, Z) with dA the dX that dense_backward returned for the layer above, and every layer "
        "uses its own cache (A_prev, W)") from None
checks.check_type(out_t, tuple, name="mlp_backward(...)", hint="return a tuple (loss, grads)")
loss_t, grads_t = out_t
checks.check_close(loss_t, mlp.loss_and_grads(X_t, y_t, params_t)[0], name="loss of a 4-5-3 network",
                   hint="the loss is softmax_cross_entropy of the logits that mlp.forward returns")
checks.check_equal(len(grads_t), 2, name="len(grads) for a 2-layer network", hint="one (dW, db) pair per layer")
for l_t in (2, 1):                                     # the output layer first: errors flow downwards
    (W_l, b_l), pair_t = params_t[l_t - 1], grads_t[l_t - 1]
    checks.check_shape(pair_t[0], W_l.shape, name=f"dW of layer {l_t}",
                       hint="grads must be in the order of params (first layer first), each dW with the shape "
                            "of its W; if the shapes look reversed, you appended while walking backward")
    for what, p_t, g_t in (("dW", W_l, pair_t[0]), ("db", b_l, pair_t[1])):
        num_t = numerical_gradient(lambda _: mlp.loss_and_grads(X_t, y_t, params_t)[0], p_t)
        err_t = rel_error(g_t, num_t)
        if err_t > 1e-5:
            where_t = ("the output layer has no activation: pass dlogits from softmax_cross_entropy straight "
                       "to dense_backward(dlogits, A_prev, W), without relu_backward" if l_t == 2 else
                       "a hidden layer's dZ is relu_backward(dA, Z), through ReLU's slope before "
                       "dense_backward, with dA the dX of the layer above and Z from this layer's own cache")
            raise checks.CheckError(f"{what} of layer {l_t} fails the gradient check: relative error {err_t:.1e} "
                                    f"(should be < 1e-5)\nHint: {where_t}")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(505)
for _sizes in ([6, 8, 7, 4], [3, 5, 5, 5, 2]):
    _X, _y = _rng.normal(size=(9, _sizes[0])), _rng.integers(0, _sizes[-1], 9)
    _params = mlp.init_params(_sizes, _rng)
    _loss, _grads = mlp_backward(_X.copy(), _y, _params)
    _rl, _rg = mlp.loss_and_grads(_X, _y, _params)
    checks.check_close(_loss, _rl, name=f"loss of a {_sizes} network")
    assert len(_grads) == len(_params), f"{len(_grads)} gradient pairs for {len(_params)} layers"
    for _l, ((_dW, _db), (_rdW, _rdb)) in enumerate(zip(_grads, _rg), 1):
        assert type(_dW) is np.ndarray and type(_db) is np.ndarray, "gradients must be numpy arrays"
        checks.check_close(_dW, _rdW, name=f"dW of layer {_l} in a {_sizes} network")
        checks.check_close(_db, _rdb, name=f"db of layer {_l} in a {_sizes} network")
### END HIDDEN TESTS

# %% [markdown]
# ## Training on handwritten digits
#
# scikit-learn ships 1 797 images of digits, 8×8 pixels each: no download needed.
# `data.digits_split()` splits them 75/25 (stratified) and standardises every pixel with the training
# set's mean and standard deviation. Each image becomes a row of 64 numbers.

# %%
X_train, X_test, y_train, y_test = data.digits_split(test_size=0.25, seed=0)
print("train", X_train.shape, "test", X_test.shape, "classes", np.bincount(y_train))
raw = data.digits_split(standardize=False)[0]
fig, axes = plots.new_figure(ncols=8, figsize=(8, 1.4))
for ax, image, label in zip(axes, raw[:8], y_train[:8]):
    ax.imshow(image.reshape(8, 8), cmap="gray_r")
    ax.set_title(str(label))
    ax.set_axis_off()
fig

# %% [markdown]
# ### Exercise 6: `train_mlp` (3 points)
#
# Mini-batch gradient descent (chapter 04) with your `mlp_backward`. Start from the weights that
# `mlp.init_params(sizes, rng)` returns (He initialisation, zero biases). For each epoch: shuffle the
# sample indices with `rng.permutation`, walk through them in batches of `batch_size` (the last batch may
# be smaller), and after each batch update **every** weight and bias, $p \leftarrow p - \alpha\, dp$. Return
# `(params, losses)` where `losses[e]` is the mean training loss over the batches of epoch `e`.
#
# The test trains a 64-128-10 network for 20 epochs with `lr=0.1`, `batch_size=32` and expects **at
# least 95 % accuracy on the test set**. The reference reaches 96.2 % to 97.8 % (mean 97.2 %) over seeds
# 0 to 19, so the threshold leaves a margin of at least five test images whatever the shuffles.

# %% nbgrader="solution" grade_id="train_mlp"
def train_mlp(X, y, sizes, epochs=20, batch_size=32, lr=0.1, rng=None):
    """Mini-batch SGD with mlp_backward; returns (params, per-epoch mean training loss)."""
    ### BEGIN SOLUTION
    rng = np.random.default_rng(0) if rng is None else rng
    params = mlp.init_params(sizes, rng)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        batch_losses = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = mlp_backward(X[idx], y[idx], params)
            params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
            batch_losses.append(loss)
        losses.append(float(np.mean(batch_losses)))
    return params, losses
    ### END SOLUTION


# %% nbgrader="tests" grade_id="train_mlp_tests" points=3
params_t, losses_t = train_mlp(X_train, y_train, [64, 128, 10], epochs=20, batch_size=32, lr=0.1,
                               rng=np.random.default_rng(1))
checks.check_equal(len(losses_t), 20, name="len(losses) after 20 epochs", hint="append one mean loss per epoch")
checks.check_finite(losses_t, name="losses",
                    hint="the loss diverged: step against the gradient (p - lr * dp), not along it")
if not losses_t[-1] < 0.5 * losses_t[0]:
    raise checks.CheckError(f"the training loss went from {losses_t[0]:.3f} to {losses_t[-1]:.3f}: it should "
                            "fall to well under half.\nHint: step against the gradient (p - lr * dp), loop over "
                            "all the batches of every epoch, and keep the updated params between batches")
moved_t = [not np.allclose(b, 0.0) for _, b in params_t]
if not all(moved_t):
    raise checks.CheckError("some biases never left zero.\nHint: update the biases too: b - lr * db")
acc_t = mlp.accuracy(X_test, y_test, params_t)
if acc_t < 0.95:
    raise checks.CheckError(f"test accuracy {acc_t:.1%}, below 95 %.\nHint: loop over all the batches "
                            "of every epoch (shuffled with rng.permutation), update after every batch, use every "
                            "sample (the last batch may be smaller) and return the trained params")
print(f"test accuracy {acc_t:.1%}, loss {losses_t[0]:.3f} -> {losses_t[-1]:.3f}")
### BEGIN HIDDEN TESTS
_Xs, _ys = X_train[:300], y_train[:300]
_p1, _l1 = train_mlp(_Xs, _ys, [64, 16, 10], epochs=2, batch_size=64, lr=0.1, rng=np.random.default_rng(7))
_p2, _l2 = train_mlp(_Xs, _ys, [64, 16, 10], epochs=2, batch_size=64, lr=0.1, rng=np.random.default_rng(7))
assert len(_p1) == 2 and _p1[0][0].shape == (64, 16), "params must be a list of (W, b) with the sizes given"
assert np.allclose(_p1[0][0], _p2[0][0]), "train_mlp must draw all its randomness from the rng it is given"
_p0 = mlp.init_params([64, 16, 10], np.random.default_rng(7))
assert not np.allclose(_p1[0][0], _p0[0][0]), "the first layer's weights must be trained too"
# another network, batch size and seed; 1347 = 26 * 50 + 47, so the last batch is a partial one
# (the reference: 95.8 % to 97.8 % over seeds 0 to 19)
_pb, _lb = train_mlp(X_train, y_train, [64, 64, 10], epochs=20, batch_size=50, lr=0.1,
                     rng=np.random.default_rng(11))
assert len(_lb) == 20, f"{len(_lb)} losses for 20 epochs"
_acc = mlp.accuracy(X_test, y_test, _pb)
assert _acc >= 0.94, f"a 64-64-10 network, 20 epochs, batch 50: test accuracy {_acc:.1%} < 94 %"
### END HIDDEN TESTS

# %% [markdown]
# The reference `mlp.train` does the same and also records the test accuracy per epoch. The curves show
# the training loss falling fast in the first few epochs while the test accuracy climbs above 95 % and
# levels off.

# %%
from dlkit.progress import progress  # noqa: E402

params_ref, hist = mlp.train(X_train, y_train, [64, 128, 10], epochs=20, batch_size=32, lr=0.1,
                             rng=np.random.default_rng(0), X_val=X_test, y_val=y_test, progress=progress)
fig, (ax_l, ax_a) = plots.new_figure(ncols=2, figsize=(9, 3.2))
ax_l.plot(range(1, 21), hist["loss"])
plots.label(ax_l, "epoch", "training loss", "cross-entropy")
ax_a.plot(range(1, 21), hist["val_acc"], color=plots.PALETTE[2])
ax_a.axhline(0.95, color="gray", linestyle=":")
plots.label(ax_a, "epoch", "test accuracy", f"final {hist['val_acc'][-1]:.1%}")
fig

# %% [markdown]
# ## Vanishing and exploding gradients
#
# In a deep network the backward signal $\delta^{[l]} = \delta^{[l+1]} W^{[l+1]\top} \odot g'(Z^{[l]})$
# is multiplied by one weight matrix and one activation slope per layer. The sigmoid's slope is at most
# $0.25$ (chapter 02), so through ten sigmoid layers the signal can shrink by a factor of up to
# $0.25^{10} \approx 10^{-6}$: the first layers receive almost no gradient and learn almost nothing. That is
# the **vanishing gradient** problem that held deep networks back until ReLU (slope 1 where active)
# and careful initialisation. The opposite happens when each layer multiplies the signal by more than 1:
# it grows exponentially towards the input, the **exploding gradient**, and one update throws the weights
# far off (gradient clipping, chapter 06, caps it).
#
# The figure measures it on a freshly initialised 10-hidden-layer network (width 32, random data):
# the norm of each layer's weight gradient, first layer on the left. Sigmoid with Xavier initialisation
# falls by about six orders of magnitude towards the input; ReLU with He initialisation stays level;
# ReLU with weights 1.5 times too large makes the backward signal explode.

# %%
cases = [("sigmoid", "xavier", 1.0), ("relu", "he", 1.0), ("relu", "he", 1.5)]
fig, ax = plots.new_figure(figsize=(7, 3.8))
for (hidden, init, scale), color in zip(cases, plots.PALETTE):
    norms = mlp.gradient_norms(depth=10, hidden=hidden, init=init, scale=scale, rng=0)
    ax.plot(range(1, 12), norms["dW"], "o-", color=color, label=f"{hidden}, {init} x{scale:g}: ||dW||")
    ax.plot(range(1, 12), norms["delta"], ":", color=color)
ax.set_yscale("log")
ax.legend(fontsize="small", title="dotted: ||delta||, the backward signal", title_fontsize="small")
plots.label(ax, "layer (1 = next to the input)", "gradient norm (log scale)", "10 hidden layers, width 32")
fig

# %% tags=["nbval-check-output"]
for hidden, init, scale in cases:
    norms = mlp.gradient_norms(depth=10, hidden=hidden, init=init, scale=scale, rng=0)
    print(f"{hidden:>7} {init:>6} x{scale:<3g}  ||dW|| first/last = {norms['dW'][0] / norms['dW'][-1]:.1e}   "
          f"||delta|| first/last = {norms['delta'][0] / norms['delta'][-1]:.1e}")

# %% [markdown]
# ## Explore: depth, activation and initialisation
#
# Make the network deeper, switch the activation, pick the initialisation (He suits ReLU, Xavier suits
# sigmoid and tanh, "small" is 003's `randn * 0.01`) and scale it. Watch the first-to-last ratios in the
# title and the size of the norms on the axis: ratios near 1 and norms near 1 are healthy; far below, the
# first layers starve; far above, the updates throw the weights around.
# (The explorer needs a live notebook; a static view shows the starting picture.)

# %%
mlp.gradient_norm_explorer(depth=10, hidden="sigmoid")

# %% [markdown]
# ## Summary
#
# * Backpropagation is the chain rule applied backward: each step multiplies the upstream gradient by its
#   local derivative, using values cached in the forward pass.
# * Layer rules (rows = samples): $dZ = dA \odot g'(Z)$, $dW = X^\top dZ$, $db = \sum_n dZ$,
#   $dX = dZ\,W^\top$; softmax + cross-entropy starts it with $(P - Y)/N$.
# * Every gradient has the shape of its parameter; the $1/N$ enters once, at the loss.
# * Check any backward pass you write against centred differences on a tiny case: relative error
#   $\lesssim 10^{-7}$.
# * Through many sigmoid layers gradients vanish (slope $\le 0.25$ per layer); ReLU with He
#   initialisation keeps them level; too-large weights make them explode.
