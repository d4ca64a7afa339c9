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
# proves the result right with numerical gradients, explains how to initialise the weights, and trains a
# numpy network on handwritten digits: its settings chosen on a **validation set**, its accuracy reported
# once on a **test set**. It ends with why deep sigmoid networks stop learning and what an exploding
# gradient looks like.
#
# **You will write:** `sigmoid_backward`, `relu_backward`, `dense_backward`, `softmax_cross_entropy`,
# `mlp_backward` (checked against dlkit's gradient-checked backward pass) and `train_mlp`. Each exercise
# says how it is checked; `ex.<name>.hint()` gives a hint when you are stuck. After its checks pass, your
# code runs the demos that follow it.

# %%
import numpy as np

import dlkit
from dlkit.data.digits import digits_splits
from dlkit.exercises import ch05_backpropagation as ex
from dlkit.nn import activations as act
from dlkit.nn import layers, mlp
from dlkit.nn.gradcheck import numerical_gradient, rel_error
from dlkit.nn.init import init_params
from dlkit.viz import gradients
from dlkit.viz import style as plots

rng = dlkit.setup_notebook(seed=0)

# %% [markdown]
# ## The chain rule
#
# If $E$ depends on $a$, $a$ on $z$ and $z$ on $w$, then a small change of $w$ moves $z$, which moves
# $a$, which moves $E$, and the rates multiply:
#
# $$\frac{\partial E}{\partial w} = \frac{\partial E}{\partial a}\cdot\frac{\partial a}{\partial z}
#   \cdot\frac{\partial z}{\partial w}.$$
#
# Each factor is **local**: it only needs the values of one small step, known from the forward pass.
# That is the whole trick of backpropagation: run forward once and keep the intermediate values, then
# walk backward multiplying local derivatives, reusing the product computed so far at every step.
#
# ### When a value is used twice, its gradients add
#
# A chain is one path from $w$ to $E$. In a network a value often feeds several later ones, and then a
# change of $w$ reaches the result along every path at once: the contributions of the paths **add**. The
# smallest example: $u = 2w$ and $v = w + 1$ both use $w$, and $f = u \cdot v$. Along the path through $u$
# the rate is $\frac{\partial f}{\partial u}\frac{du}{dw} = v \cdot 2$, along the path through $v$ it is
# $\frac{\partial f}{\partial v}\frac{dv}{dw} = u \cdot 1$, so
#
# $$\frac{df}{dw} = v \cdot 2 + u \cdot 1 .$$
#
# At $w = 3$: $u = 6$, $v = 4$, $df/dw = 8 + 6 = 14$. Check it without the chain rule: $f = 2w(w + 1) =
# 2w^2 + 2w$, whose derivative $4w + 2$ is 14 at $w = 3$; and a centred difference measures the same:

# %% tags=["nbval-check-output"]
w = 3.0
u, v = 2 * w, w + 1                                 # two paths from w to f
by_paths = v * 2 + u * 1                            # df/du du/dw + df/dv dv/dw
f = lambda w: (2 * w) * (w + 1)                     # noqa: E731
measured = (f(w + 1e-5) - f(w - 1e-5)) / 2e-5
print(f"path through u: {v * 2:.0f}, path through v: {u * 1:.0f}, sum {by_paths:.0f}; measured {measured:.6f}")

# %% [markdown]
# This is why a layer's gradients are **sums over the batch**. A dense layer computes $Z_n = x_n W + b$
# for every sample $n$ with the *same* $W$ and $b$: each is used $N$ times, once per sample, so their
# gradients add one contribution per sample, $dW = \sum_n x_n^\top\, dZ_n = X^\top dZ$ and
# $db = \sum_n dZ_n$. (The mean of the loss over the batch is already inside $dZ$, as its factor $1/N$.)
# The same holds inside a layer: an input $x_d$ feeds every unit of the layer, so its gradient sums over the
# units, $dX = dZ\,W^\top$.

# %% [markdown]
# ## By hand: the chain of two neurons
#
# The network of chapter 03 (from the source notes, 002): input $x = 0.1$, neuron 1 with $w_1 = 0.15$,
# $b_1 = 0.4$, neuron 2 with $w_2 = 0.45$, $b_2 = 0.65$, both sigmoid, predicts $a_2 \approx 0.7153$.
# The notes leave the target and the learning rate open; we take the target $y = 0.25$ and
# $\alpha = 0.4$. The error of one sample is $E = \tfrac12 (y - a_2)^2$ (the notes' $\frac{1}{2n}\sum$ with
# $n = 1$). The four gradients are products of local derivatives:
#
# $$\frac{\partial E}{\partial w_2} = \underbrace{\frac{\partial E}{\partial a_2}}_{-(y - a_2)}
#   \underbrace{\frac{\partial a_2}{\partial z_2}}_{a_2(1 - a_2)} \underbrace{\frac{\partial z_2}{\partial w_2}}_{a_1},
# \qquad
# \frac{\partial E}{\partial b_2} = \frac{\partial E}{\partial a_2}\frac{\partial a_2}{\partial z_2}
#   \underbrace{\frac{\partial z_2}{\partial b_2}}_{1},$$
#
# $$\frac{\partial E}{\partial w_1} = \frac{\partial E}{\partial a_2}\frac{\partial a_2}{\partial z_2}
#   \underbrace{\frac{\partial z_2}{\partial a_1}}_{w_2} \underbrace{\frac{\partial a_1}{\partial z_1}}_{a_1(1 - a_1)}
#   \underbrace{\frac{\partial z_1}{\partial w_1}}_{x},
# \qquad
# \frac{\partial E}{\partial b_1} = \frac{\partial E}{\partial a_2}\frac{\partial a_2}{\partial z_2}
#   \frac{\partial z_2}{\partial a_1}\frac{\partial a_1}{\partial z_1} \underbrace{\frac{\partial z_1}{\partial b_1}}_{1}.$$
#
# The first two factors are shared by all four: compute $\delta_2 = \partial E / \partial z_2$ once, then
# $\delta_1 = \delta_2\, w_2\, a_1(1 - a_1)$. The cell multiplies the factors out by hand.

# %% tags=["nbval-check-output"]
x, w1, b1, w2, b2, y_target, alpha = 0.1, 0.15, 0.4, 0.45, 0.65, 0.25, 0.4
a1 = act.sigmoid(w1 * x + b1)                 # forward pass, keeping a1 and a2
a2 = act.sigmoid(w2 * a1 + b2)
dE_da2 = -(y_target - a2)                     # local derivatives
da2_dz2 = a2 * (1 - a2)
da1_dz1 = a1 * (1 - a1)
delta2 = dE_da2 * da2_dz2                     # dE/dz2, shared by w2 and b2
delta1 = delta2 * w2 * da1_dz1                # dE/dz1, shared by w1 and b1
by_hand = {"w2": delta2 * a1, "b2": delta2, "w1": delta1 * x, "b1": delta1}
print(f"a1 = {a1:.4f}  a2 = {a2:.4f}  E = {0.5 * (y_target - a2) ** 2:.4f}")
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
print(f"prediction {a2:.4f} -> {a2_new:.4f}, error {0.5 * (y_target - a2) ** 2:.4f} -> "
      f"{0.5 * (y_target - a2_new) ** 2:.4f}")

# %% [markdown]
# The same numbers come out of the layer code that the rest of this chapter builds: each neuron is a
# dense layer with one input and one unit (arrays of shape `(1, 1)`), followed by a sigmoid. Every layer of
# `dlkit.nn.layers` follows one contract: `out, cache = <layer>_forward(...)` keeps what the backward pass
# will need, and `<layer>_backward(dout, cache)` turns the gradient `dout` arriving from above into the
# gradients of the layer's inputs and parameters.

# %% tags=["nbval-check-output"]
Z1, cache_d1 = layers.dense_forward([[x]], [[w1]], [b1])            # (1, 1)
A1, cache_a1 = layers.activation_forward(Z1, "sigmoid")
Z2, cache_d2 = layers.dense_forward(A1, [[w2]], [b2])
A2, cache_a2 = layers.activation_forward(Z2, "sigmoid")
dZ2 = layers.activation_backward(-(y_target - A2), cache_a2)        # dE/dA2 -> dE/dZ2
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
E_grid = 0.5 * (y_target - act.sigmoid(w2_grid * a1 + b2)) ** 2
fig, ax = plots.new_figure(figsize=(6, 3.5))
ax.plot(w2_grid, E_grid, label="E(w2)")
ax.plot(w2_grid, 0.5 * (y_target - a2) ** 2 + by_hand["w2"] * (w2_grid - w2), "--",
        label=f"tangent, slope {by_hand['w2']:.4f}")
ax.plot([w2], [0.5 * (y_target - a2) ** 2], "o", color="black")
ax.set_ylim(0, 0.4)
ax.legend()
plots.label(ax, "w2", "error E", "the gradient is the slope of the error")
fig

# %% [markdown]
# ## Backpropagation through layers
#
# For a batch, a layer is the pair you met in chapter 03: $Z = XW + b$, then $A = g(Z)$, with $X$ of
# shape $(N, D)$, $W$ $(D, H)$, $b$ $(H,)$. Going backward, each step receives the gradient of the loss
# with respect to its **output**, `dout`, and returns the gradients with respect to its **inputs**. With
# samples as rows (the transpose of 003's column layout, eq. 12 to 15), the rules are:
#
# | step | forward | its cache | backward (given `dout`) |
# | --- | --- | --- | --- |
# | activation | $A = g(Z)$ | $Z$ | $dZ = \text{dout} \odot g'(Z)$ (element-wise, 003 eq. 12) |
# | dense, weights | $Z = XW + b$ | $(X, W)$ | $dW = X^\top \text{dout}$, shape $(D, N)(N, H) = (D, H)$ (eq. 13) |
# | dense, bias | | | $db = \sum_n \text{dout}_{n,:}$, shape $(H,)$ (eq. 14: $b$ is used by every sample) |
# | dense, input | | | $dX = \text{dout}\, W^\top$, shape $(N, H)(H, D) = (N, D)$, the next step's `dout` (eq. 15) |
#
# A quick way to get the transposes right: every gradient has the shape of the thing it is the gradient
# of, and there is only one way to multiply the available matrices to get that shape. $dX$ is then the
# upstream gradient of the layer below, and the recursion $\delta^{[l]} = \delta^{[l+1]} W^{[l+1]\top}
# \odot g'(Z^{[l]})$, with $\delta^{[l]} = \partial L / \partial Z^{[l]}$, walks down to the input.
#
# Where is the $1/N$ of the mean over the batch? In the very first gradient, the loss's: $dZ$ of the
# output layer already carries it, so no later step divides again.

# %% [markdown]
# ### Exercise 1: `sigmoid_backward` (2 points)
#
# The backward pass of a sigmoid layer: given the upstream gradient `dout` (= $\partial L/\partial A$) and
# the layer's cache, its input `Z` (a float array of the same shape), return
# $dZ = \text{dout} \odot \sigma(Z)\,(1 - \sigma(Z))$ as a float array of that shape. You may use
# `act.sigmoid`. The checks use $2 \times 2$ arrays (first with `dout` all ones) and random ones.
#
# *Stuck? `ex.sigmoid_backward.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="sigmoid_backward"
def sigmoid_backward(dout, Z):
    """dZ = dout * s * (1 - s) with s = sigmoid(Z); same shape as Z."""
    ### BEGIN SOLUTION
    s = act.sigmoid(Z)
    return dout * s * (1.0 - s)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="sigmoid_backward_tests" points=2
ex.sigmoid_backward.check(sigmoid_backward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=501, shape=(5, 3)), dict(seed=502, shape=(1, 7))]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: `relu_backward` (1 point)
#
# Return $dZ = \text{dout} \odot \mathrm{ReLU}'(Z)$ as a float array of `Z`'s shape, with
# $\mathrm{ReLU}'(z) = 1$ for $z > 0$ and $0$ for $z \le 0$ (003 eq. 5; the value at the kink $z = 0$ is a
# convention, and this one is Keras' and TensorFlow's). The checks include an entry exactly at 0.
#
# *Stuck? `ex.relu_backward.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="relu_backward"
def relu_backward(dout, Z):
    """dZ = dout where Z > 0, else 0; same shape as Z."""
    ### BEGIN SOLUTION
    return dout * (Z > 0)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="relu_backward_tests" points=1
ex.relu_backward.check(relu_backward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=511, shape=(6, 4)), dict(seed=512, shape=(2, 9))]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 3: `dense_backward` (3 points)
#
# The backward pass of `Z = X @ W + b`: given the upstream gradient `dout` $(N, H)$ and the layer's cache,
# the pair `(X, W)` with `X` $(N, D)$ and `W` $(D, H)$ (what `layers.dense_forward` keeps), return
# `(dX, dW, db)` (a tuple or a list) with shapes $(N, D)$, $(D, H)$ and $(H,)$. The checks use a $2 \times 3$
# batch, a square `W` (where a missing transpose still fits the shapes) and random shapes.
#
# *Stuck? `ex.dense_backward.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="dense_backward"
def dense_backward(dout, cache):
    """Backward of Z = X W + b with cache = (X, W): dX = dout W^T, dW = X^T dout, db = column sums of dout."""
    ### BEGIN SOLUTION
    X, W = cache
    dX = dout @ W.T                   # (N, H) @ (H, D) -> (N, D)
    dW = X.T @ dout                   # (D, N) @ (N, H) -> (D, H)
    db = dout.sum(axis=0)             # (H,)
    return dX, dW, db
    ### END SOLUTION


# %% nbgrader="tests" grade_id="dense_backward_tests" points=3
ex.dense_backward.check(dense_backward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=521, n=5, d=4, h=3), dict(seed=522, n=1, d=2, h=6), dict(seed=523, n=7, d=3, h=3)]
### END HIDDEN TESTS

# %% [markdown]
# ## Where the backward pass starts: softmax and cross-entropy
#
# A classifier's last layer outputs logits $Z$ $(N, C)$; softmax turns each row into probabilities
# $P_{nc} = e^{Z_{nc}} / \sum_k e^{Z_{nk}}$, and cross-entropy scores them against the one-hot targets $Y$:
# $L = -\frac1N \sum_n \sum_c Y_{nc}\log P_{nc} = -\frac1N \sum_n \log P_{n, y_n}$. The derivative of the two
# together is remarkably simple. Take one sample and drop its index $n$; its loss is
#
# $$\ell = -\log P_y = -z_y + \log \sum_k e^{z_k}.$$
#
# Differentiate with respect to one logit $z_c$: the first term gives $-1$ if $c$ is the true class and 0
# otherwise, that is $-Y_c$; the second gives $\frac{e^{z_c}}{\sum_k e^{z_k}} = P_c$. So
# $\partial \ell / \partial z_c = P_c - Y_c$. The batch loss is the mean of the $N$ sample losses, and each
# logit $Z_{nc}$ appears in one of them only, so
#
# $$\frac{\partial L}{\partial Z} = \frac{1}{N}\,(P - Y).$$
#
# Push the true class's score up and every other score down, each in proportion to how much probability it
# took; the $\frac1N$ is the mean's, and it enters here, once. The cell checks the formula against a centred
# difference on two samples. Computing softmax and cross-entropy as one step is also the stable way
# (chapter 03): $\log P = Z - \max Z - \log\sum e^{Z - \max Z}$ never takes the log of a rounded zero.

# %%
Z_demo, y_demo = np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]]), np.array([0, 2])
P_demo = act.softmax(Z_demo)
formula = (P_demo - np.eye(3)[y_demo]) / len(y_demo)                       # (P - Y) / N
loss_of = lambda Z: float(-np.mean(np.log(act.softmax(Z))[np.arange(2), y_demo]))   # noqa: E731
print("(P - Y) / N =\n", formula.round(4))
print(f"relative error against the centred difference: {rel_error(formula, numerical_gradient(loss_of, Z_demo.copy())):.1e}")

# %% [markdown]
# ### Exercise 4: `softmax_cross_entropy` (3 points)
#
# `logits` is a float array of shape `(N, C)`, `y` an integer array of labels `(N,)`. Return the pair
# `(loss, dlogits)`: the mean cross-entropy (one number) and its gradient $(P - Y)/N$, a float array of shape
# `(N, C)`. It must work for logits as large as 1000: the checks run it with numpy's overflow warnings turned
# into errors (subtract each row's maximum before `np.exp`).
#
# *Stuck? `ex.softmax_cross_entropy.hint()` gives a hint; call it again for more.*

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
ex.softmax_cross_entropy.check(softmax_cross_entropy)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=531, n=7, c=4), dict(seed=532, n=1, c=10)]
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
# `dlkit.nn.gradcheck.numerical_gradient(f, x)` perturbs each entry of the array `x` in place and calls `f`;
# `rel_error(a, b)` compares. The cell checks your `dense_backward` on a small random layer (the loss
# $L = \sum \text{dout} \odot Z$ has exactly `dout` as its upstream gradient).

# %%
dense_bw = ex.dense_backward.use(dense_backward, layers.dense_backward)
X_g, W_g, b_g = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
dout_g = rng.normal(size=(4, 2))                              # pretend upstream gradient: L = sum(dout_g * Z)
loss_g = lambda: float(np.sum(dout_g * (X_g @ W_g + b_g)))    # noqa: E731
dX_a, dW_a, db_a = dense_bw(dout_g, (X_g, W_g))
for name, analytic, param in (("dX", dX_a, X_g), ("dW", dW_a, W_g), ("db", db_a, b_g)):
    print(f"{name}: relative error {rel_error(analytic, numerical_gradient(lambda _: loss_g(), param)):.1e}")

# %% [markdown]
# ## Initialising the weights
#
# Before a network can be trained, its weights need starting values, and the choice matters more than it
# seems. Four candidates:
#
# * **Zero** (all $W = 0$): every unit of a layer computes the same output and receives the same gradient,
#   so they stay identical for ever (the *symmetry* is never broken); with ReLU the hidden outputs are all 0
#   and the hidden weights get no gradient at all. Biases, which break no symmetry, can start at zero.
# * **Small random**, $W \sim \mathcal N(0, 0.01^2)$ (003's MLP uses `randn * 0.01`): the symmetry is broken,
#   and a shallow network trains; but each layer multiplies the size of the signal by a factor far below 1,
#   so in a deep network it vanishes.
# * **Xavier/Glorot** and **He**: the standard deviation is chosen from the layer's sizes so that the signal
#   keeps its size from layer to layer.
#
# The argument behind the last two. A unit computes $z_j = \sum_{i=1}^{n_\text{in}} W_{ij} a_i$ over the
# $n_\text{in}$ inputs of the layer (its *fan-in*; $n_\text{out}$, the layer's units, is its *fan-out*). With
# weights drawn independently, of mean 0 and variance $\sigma^2$, and independent of the inputs,
#
# $$\operatorname{Var}(z_j) = n_\text{in}\, \sigma^2\, \mathbb E[a_i^2].$$
#
# For the signal to neither shrink nor grow, this must equal the previous layer's $\operatorname{Var}(z)$.
#
# * **ReLU** keeps only the positive half of a symmetric $z$, so $\mathbb E[a^2] = \frac12
#   \operatorname{Var}(z)$, and the variance is preserved when $n_\text{in}\sigma^2 / 2 = 1$:
#   $$\sigma = \sqrt{2 / n_\text{in}} \qquad \text{(He et al., 2015; Keras' } \texttt{HeNormal}\text{)}.$$
# * **tanh** (and the sigmoid, up to its slope $\frac14$ and offset) is close to the identity near 0, so
#   $\mathbb E[a^2] \approx \operatorname{Var}(z)$: the forward pass wants $\sigma^2 = 1/n_\text{in}$. The
#   backward pass multiplies by $W^\top$, summing over the $n_\text{out}$ units, and wants
#   $\sigma^2 = 1/n_\text{out}$. Glorot and Bengio (2010) take the compromise
#   $$\sigma = \sqrt{2 / (n_\text{in} + n_\text{out})} \qquad \text{(Xavier/Glorot; Keras' }
#   \texttt{GlorotNormal}\text{, and }\texttt{GlorotUniform}\text{, the default of } \texttt{Dense}\text{)}.$$
#
# `dlkit.nn.init.init_params(sizes, rng, init)` draws them (`init` is `"he"`, `"xavier"` or `"small"`; the
# biases start at 0). The cell measures the spread of $Z$ in a 10-layer network of width 64 on random
# inputs: He keeps ReLU's signal level, Xavier halves ReLU's variance at every layer (its standard deviation
# falls by $\sqrt 2$ per layer), "small" wipes it out, and zero weights give ReLU layers no gradient.

# %% tags=["nbval-check-output"]
X_init = np.random.default_rng(1).normal(size=(256, 64))                 # 256 random inputs, 64 features
print("std of Z in layer        1        2        5       10")
for init, hidden in [("small", "relu"), ("xavier", "relu"), ("he", "relu"), ("xavier", "tanh")]:
    _, caches_init = mlp.forward(X_init, init_params([64] * 11 + [10], 1, init), hidden)
    stds = [caches_init[l - 1][1][0].std() for l in (1, 2, 5, 10)]      # act_cache = (Z, name)
    print(f"{init:>6} + {hidden:<4}      " + " ".join(f"{s:8.2g}" for s in stds))
zero = {k: np.zeros_like(p) for k, p in init_params([64, 32, 32, 10], 1).items()}
_, grads_zero = mlp.loss_and_grads(X_init, np.arange(256) % 10, zero)
print("zero weights, ReLU: largest |dW| per layer:",
      ", ".join(f"W{l} {np.abs(grads_zero[f'W{l}']).max():.2g}" for l in (1, 2, 3)))

# %% [markdown]
# With zero weights every hidden output is 0 and ReLU's slope at 0 is 0: no weight gets a gradient, only
# the output biases would move, and the network never learns. From now on the networks start from He
# initialisation, `init_params(sizes, rng)`.
#
# ## The whole network backward
#
# A multi-layer perceptron with ReLU hidden layers and a softmax output chains the pieces. Its parameters are
# a dict, `params = {"W1": ..., "b1": ..., "W2": ..., ...}` (layer 1 next to the input), and its gradients
# a dict with the same keys. The forward pass `mlp.forward(X, params, "relu")` of dlkit returns the logits
# and one cache per layer, `caches[l - 1] = (dense_cache, act_cache)` for layer $l$: `dense_cache` is the
# `(A_prev, W)` of the layer's dense step (`A_prev` its input), and `act_cache` is `(Z, "relu")` for hidden
# layers (`None` for the output layer, which has no activation). Backward, starting from `dlogits`, layer
# $L$ down to layer 1:
#
# 1. if the layer has an activation: $dZ$ = `relu_backward(dA, Z)` (for the output layer, $dZ$ = `dlogits`);
# 2. `dense_backward(dZ, dense_cache)` returns `(dA, dW, db)`: its `dA` is the upstream gradient of the layer
#    below, and `dW`, `db` are the layer's gradients, stored under `"W{l}"` and `"b{l}"`.

# %%
params_demo = init_params([3, 4, 2], rng)                     # He initialisation, zero biases
logits_demo, caches_demo = mlp.forward(rng.normal(size=(5, 3)), params_demo, "relu")
(A_prev_demo, W_demo), act_cache_demo = caches_demo[0]
print({k: p.shape for k, p in params_demo.items()})
print("logits", logits_demo.shape, "| layer 1: A_prev", A_prev_demo.shape, "W", W_demo.shape,
      "Z", act_cache_demo[0].shape, act_cache_demo[1], "| layer 2 act_cache:", caches_demo[1][1])

# %% [markdown]
# ### Exercise 5: `mlp_backward` (4 points)
#
# Return the pair `(loss, grads)` for the network `params` (a dict as above, any number of layers) on inputs
# `X` $(N, D)$ with integer labels `y` $(N,)$: run `mlp.forward(X, params, "relu")`, then your
# `softmax_cross_entropy`, `relu_backward` and `dense_backward`. `loss` is one number; `grads` is a **dict
# with the keys of `params`**, each gradient of its parameter's shape. The checks run a network with one
# hidden layer and one with two, and compare every gradient with dlkit's backward pass (itself checked
# against numerical gradients) to a relative error of $10^{-6}$; the cell after the exercise runs the
# gradient check on your function.
#
# *Stuck? `ex.mlp_backward.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="mlp_backward"
def mlp_backward(X, y, params):
    """Loss of a ReLU MLP with softmax cross-entropy, and its gradients {"W1": dW1, "b1": db1, ...}."""
    ### BEGIN SOLUTION
    logits, caches = mlp.forward(X, params, "relu")
    loss, dZ = softmax_cross_entropy(logits, y)                 # (N, C)
    grads = {}
    for l in range(len(caches), 0, -1):                         # layer L down to layer 1
        dense_cache, act_cache = caches[l - 1]
        if act_cache is not None:                               # hidden layer: through ReLU first
            dZ = relu_backward(dA, act_cache[0])                # noqa: F821  dA of the layer above
        dA, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
    return loss, grads
    ### END SOLUTION


# %% nbgrader="tests" grade_id="mlp_backward_tests" points=4
ex.mlp_backward.check(mlp_backward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=541, sizes=(6, 8, 7, 4), n=9), dict(seed=542, sizes=(3, 5, 5, 5, 2), n=9)]
### END HIDDEN TESTS

# %% [markdown]
# The gradient check of your `mlp_backward`: every parameter of a small 4-5-3 network, analytic against
# centred differences. Relative errors around $10^{-9}$ say the backward pass is right.

# %%
backward_fn = ex.mlp_backward.use(mlp_backward, mlp.loss_and_grads)
X_c, y_c = rng.normal(size=(6, 4)), np.array([0, 1, 2, 0, 1, 2])
params_c = init_params([4, 5, 3], rng)
_, grads_c = backward_fn(X_c, y_c, params_c)
for key, p in params_c.items():
    numeric = numerical_gradient(lambda _: backward_fn(X_c, y_c, params_c)[0], p)
    print(f"d{key}: relative error {rel_error(grads_c[key], numeric):.1e}")

# %% [markdown]
# ## Training, validation and test sets
#
# A model is trained to do well on data it has **not** seen. To measure that honestly, the data is cut into
# three parts, each with one job:
#
# * the **training set** fits the parameters: gradient descent sees only these examples;
# * the **validation set** makes the choices that gradient descent does not: how many epochs, which learning
#   rate, how many hidden units. Each choice is made by training on the training set and comparing the
#   candidates on the validation set;
# * the **test set** is used **once, at the end**, to report how well the chosen model does on new data.
#
# Why three and not two? Every choice made by looking at a data set fits the model a little to that set. The
# candidate with the best validation accuracy is partly the luckiest one on those particular images, so its
# validation accuracy is optimistic. A test set that took no part in any choice gives an unbiased estimate;
# looked at repeatedly, and acted upon, it would become a second validation set and lose that property.
#
# scikit-learn ships 1 797 images of digits, 8×8 pixels each: no download needed.
# `digits_splits(seed)` cuts them into 1 077 training, 360 validation and 360 test images (60/20/20,
# stratified: each part has the same proportion of every digit) and standardises every pixel with the mean
# and standard deviation of the **training** images only, so nothing of the other two parts leaks into
# training. Each image becomes a row of 64 numbers. The later chapters (06 to 08) use the same split.

# %%
splits = digits_splits(seed=0)
X_train, y_train = splits.X_train, splits.y_train
X_val, y_val = splits.X_val, splits.y_val
print("train", X_train.shape, "validation", X_val.shape, "test", splits.X_test.shape)
print("images per digit in train:", np.bincount(y_train), " validation:", np.bincount(y_val))
raw = digits_splits(seed=0, standardize=False).X_train
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
# `init_params(sizes, rng)` returns (He initialisation, zero biases), where `sizes` is a list of layer widths
# such as `[64, 128, 10]`. For each epoch: draw one new order of the samples with `rng.permutation` (once per
# epoch, used for `X` and `y` alike), walk through it in batches of `batch_size` (the last batch may be
# smaller), and after each batch update **every** weight and bias, $p \leftarrow p - \alpha\, dp$ with
# $\alpha$ = `learning_rate`. Return the pair `(params, losses)`: `params` the trained dict (the keys of
# `init_params`), `losses` a list (or array) with one number per epoch, the mean training loss over that
# epoch's batches.
#
# The checks pass a Generator that counts its shuffles, and train two networks on the training set: a small
# one (structure only), and a 64-128-10 network for 20 epochs with `learning_rate=0.1`, `batch_size=32`,
# which must reach **at least 94 % accuracy on the validation set** (the grader keeps its labels; hidden
# checks train two other networks on other splits, with the same threshold). dlkit's run of the same recipe
# reaches 95.3 % to 96.9 % (mean 96.1 %) over training seeds 0 to 19, so the threshold leaves a margin of at
# least four validation images whatever the shuffles; on the hidden checks' networks it reaches 95.8 % to
# 97.8 % and 96.1 % to 98.3 % over the same seeds. The training loss must also fall below half its first
# value.
#
# *Stuck? `ex.train_mlp.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="train_mlp"
def train_mlp(X, y, sizes, epochs, batch_size, learning_rate, rng):
    """Mini-batch SGD with mlp_backward; returns (params, per-epoch mean training loss)."""
    ### BEGIN SOLUTION
    params = init_params(sizes, rng)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        batch_losses = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = mlp_backward(X[idx], y[idx], params)
            params = {k: p - learning_rate * grads[k] for k, p in params.items()}
            batch_losses.append(loss)
        losses.append(float(np.mean(batch_losses)))
    return params, losses
    ### END SOLUTION


# %% nbgrader="tests" grade_id="train_mlp_tests" points=3
ex.train_mlp.check(train_mlp)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(split=1, sizes=(64, 64, 10), batch_size=50, seed=11),
          dict(split=2, sizes=(64, 32, 10), batch_size=32, seed=7)]
### END HIDDEN TESTS

# %% [markdown]
# ## Choosing on the validation set, reporting on the test set
#
# Now the choices the exercise made for you, made the right way. **How many epochs?** dlkit's training loop
# `mlp.train` can score the validation set after every epoch; here it runs on your `mlp_backward` for 40
# epochs of a 64-128-10 network. The training loss keeps falling; the validation accuracy rises fast, then
# levels off: more epochs no longer help on new images. We take the epoch count with the best validation
# accuracy.

# %%
from dlkit.progress import progress  # noqa: E402

_, hist = mlp.train(X_train, y_train, [64, 128, 10], epochs=40, batch_size=32, learning_rate=0.1, rng=0,
                    X_val=X_val, y_val=y_val, progress=progress, loss_and_grads=backward_fn)
best_epochs = int(np.argmax(hist["val_acc"])) + 1
fig, (ax_l, ax_a) = plots.new_figure(ncols=2, figsize=(9, 3.2))
ax_l.plot(range(1, 41), hist["loss"])
plots.label(ax_l, "epoch", "training loss", "cross-entropy on the training set")
ax_a.plot(range(1, 41), hist["val_acc"], color=plots.PALETTE[2])
ax_a.axvline(best_epochs, color="gray", linestyle=":")
plots.label(ax_a, "epoch", "validation accuracy", f"best after {best_epochs} epochs: {max(hist['val_acc']):.1%}")
fig

# %% [markdown]
# **Which learning rate, and how many hidden units?** Six candidates, each trained by your `train_mlp` on
# the training set for the chosen number of epochs and scored on the validation set; the best one is the
# model we keep.

# %%
fit = ex.train_mlp.use(train_mlp, mlp.train)
results = {}
for hidden_units in (32, 128):
    for rate in (0.03, 0.1, 0.3):
        params_cand, _ = fit(X_train, y_train, [64, hidden_units, 10], best_epochs, 32, rate,
                             np.random.default_rng(0))
        results[hidden_units, rate] = (mlp.accuracy(X_val, y_val, params_cand), params_cand)
        print(f"hidden units {hidden_units:3d}, learning_rate {rate:4}: validation accuracy "
              f"{results[hidden_units, rate][0]:.1%}")
chosen = max(results, key=lambda k: results[k][0])
print(f"chosen: {chosen[0]} hidden units, learning_rate {chosen[1]}, {best_epochs} epochs")

# %% [markdown]
# Only now, once, the test set: the accuracy of the chosen model on 360 images that took no part in training
# or in any choice. This is the number to report. It may come out below the chosen model's validation
# accuracy (that one was picked as the best of six, so it is optimistic) or, by the luck of 360 images, level
# with it or above it; either way it is the honest estimate, and it is not used to go back and choose again.

# %%
params_final = results[chosen][1]
print(f"validation accuracy of the chosen model: {results[chosen][0]:.1%}")
print(f"test accuracy (looked at once):          {mlp.accuracy(splits.X_test, splits.y_test, params_final):.1%}")

# %% [markdown]
# ## Vanishing and exploding gradients
#
# In a deep network the backward signal $\delta^{[l]} = \delta^{[l+1]} W^{[l+1]\top} \odot g'(Z^{[l]})$
# is multiplied by one weight matrix and one activation slope per layer. The sigmoid's slope is at most
# $0.25$ (chapter 02), so through ten sigmoid layers the signal can shrink by a factor of up to
# $0.25^{10} \approx 10^{-6}$: the first layers receive almost no gradient and learn almost nothing. That is
# the **vanishing gradient** problem that held deep networks back until ReLU (slope 1 where active)
# and careful initialisation.
#
# A weight gradient needs two signals: $dW^{[l]} = A^{[l-1]\top} \delta^{[l]}$, the layer's **input**
# $A^{[l-1]}$ (from the forward pass) times the **backward signal** $\delta^{[l]}$. The figure measures all
# three per layer on a freshly initialised 10-hidden-layer network (width 32, random data), with your
# backward functions: $\lVert dW \rVert$ (solid), $\lVert \delta \rVert$ (dashed) and $\lVert A^{[l-1]} \rVert$
# (dotted), first layer on the left. Sigmoid with Xavier initialisation: $\delta$ and with it $dW$ fall by
# about six orders of magnitude towards the input, while $A$ stays level. ReLU with He initialisation: all
# three stay level. ReLU with weights 1.5 times He's: every layer multiplies both signals by about 1.5,
# $A$ growing towards the output and $\delta$ towards the input.

# %%
sigmoid_fn = ex.sigmoid_backward.use(sigmoid_backward, lambda dout, Z: layers.activation_backward(dout, (Z, "sigmoid")))
relu_fn = ex.relu_backward.use(relu_backward, lambda dout, Z: layers.activation_backward(dout, (Z, "relu")))
backward_layers = {"dense": dense_bw, "sigmoid": sigmoid_fn, "relu": relu_fn}
cases = [("sigmoid", "xavier", 1.0), ("relu", "he", 1.0), ("relu", "he", 1.5)]
states = {case: gradients.gradient_norm_state(10, *case, backward=backward_layers) for case in cases}
fig, axes = plots.new_figure(ncols=3, figsize=(13, 3.8))
for ax, case in zip(axes, cases):
    gradients.gradient_norm_figure(states[case], ax=ax)
    ax.set_title(f"{case[0]}, {case[1]} x{case[2]:g}")
fig

# %% [markdown]
# The measured figures. Look at the exploding case closely: its backward signal grows about 70-fold from
# the output to the first layer, yet its first/last ratio of $\lVert dW \rVert$ is *lower* than He's. Both
# signals grow, in opposite directions: the first layer has a large $\delta$ but the small input $X$; the
# last layer a small $\delta$ but a large input. Their product is about level across the layers, and it is
# **large everywhere**: every layer's weight gradient is 80 to 140 times He's. An exploding
# gradient shows in the size of the gradients, not in their ratio; one step with the learning rate that
# suits He's network would throw these weights far off (gradient clipping, chapter 06, caps the size).

# %% tags=["nbval-check-output"]
print("                   ||dW|| first/last  ||delta|| first/last  ||A_in|| last/first  ||dW|| largest")
for case, s in states.items():
    print(f"{case[0]:>7} {case[1]:>6} x{case[2]:<3g}  {s['ratio']:17.2g}  {s['delta_ratio']:20.2g}  "
          f"{1 / s['A_ratio']:19.2g}  {s['dW'].max():14.2g}")
he, big = states["relu", "he", 1.0], states["relu", "he", 1.5]
print(f"x1.5 against He, layer by layer, ||dW|| ratio: {np.round(big['dW'] / he['dW']).astype(int).tolist()}")

# %% [markdown]
# ## Explore: depth, activation and initialisation
#
# Make the network deeper, switch the activation, pick the initialisation (He suits ReLU, Xavier suits
# sigmoid and tanh, "small" is 003's `randn * 0.01`) and scale it; the pictures are computed with your
# backward functions. Watch the three signals and the size of the norms on the axis: norms that stay near
# their first value across the layers are healthy; a falling $\lVert \delta \rVert$ starves the first
# layers; two signals that grow make every gradient large. (The explorer needs a live notebook; a static view
# shows the starting picture.)

# %%
gradients.gradient_norm_explorer(depth=10, hidden="sigmoid", backward=backward_layers)

# %% [markdown]
# ## Summary
#
# * Backpropagation is the chain rule applied backward: each step multiplies the upstream gradient by its
#   local derivative, using values cached in the forward pass. Where a value is used more than once, the
#   gradients of its uses add: that is why $dW$ and $db$ sum over the batch.
# * Layer rules (rows = samples): $dZ = \text{dout} \odot g'(Z)$, $dW = X^\top \text{dout}$,
#   $db = \sum_n \text{dout}$, $dX = \text{dout}\,W^\top$; softmax + cross-entropy starts it with $(P - Y)/N$.
# * Every gradient has the shape of its parameter; the $1/N$ enters once, at the loss.
# * Check any backward pass you write against centred differences on a tiny case: relative error
#   $\lesssim 10^{-7}$.
# * Initialise so the signal keeps its size: He, $\sigma = \sqrt{2/n_\text{in}}$, for ReLU; Xavier,
#   $\sigma = \sqrt{2/(n_\text{in} + n_\text{out})}$, for tanh and sigmoid. Zero weights never break the
#   symmetry; tiny ones vanish in deep networks.
# * Fit on the training set, choose on the validation set, report the test set once.
# * Through many sigmoid layers gradients vanish (slope $\le 0.25$ per layer); ReLU with He
#   initialisation keeps them level; too-large weights make the forward and the backward signals grow,
#   and with them every weight gradient.
