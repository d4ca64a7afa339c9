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
# # 01 · The perceptron
#
# One artificial neuron, the oldest learning machine of the field, and the ideas every later chapter
# builds on: a weighted sum, an activation, a decision boundary, and a rule that learns the weights
# from mistakes. You will write all of it yourself, watch it learn the logic gates AND and OR, watch
# it fail on XOR, and fix that failure with one hidden layer.
#
# **You will write:** `weighted_sum`, `step`, `predict`, `train_perceptron`, `two_layer_predict`.

# %%
import numpy as np

import dlkit
from dlkit import checks, data, plots

rng = dlkit.setup_notebook(seed=0)

# %% [markdown]
# ## From a biological neuron to an artificial one
#
# A nerve cell collects electrical signals from other cells through its **dendrites**. The signals
# meet in the cell body, the **soma**, where they add up; if the total is strong enough the cell
# fires, and the pulse travels down the **axon** to the **synapses**, the junctions where it reaches
# the next cells. Synapses differ in strength, and learning in the brain is, to a large part, the
# strengthening of the connections that are used to good effect.
#
# The artificial neuron keeps exactly this skeleton and nothing else:
#
# | biological neuron | artificial neuron | symbol |
# | --- | --- | --- |
# | dendrites: receive signals | inputs (the features of one example) | $x_1, \dots, x_D$ |
# | synapses: connections of different strength | weights, one per input | $w_1, \dots, w_D$ |
# | soma: adds up the signals and decides to fire | weighted sum plus bias, then an activation | $z = w \cdot x + b,\ a = f(z)$ |
# | axon: carries the result to the next cells | output, the input of the next neurons | $a$ |
#
# The analogy ends quickly (real neurons spike in time, have thousands of synapses of many kinds, and
# nobody claims the brain runs the learning rules of this course), but it explains the vocabulary.

# %% [markdown]
# ## The weighted sum
#
# The neuron multiplies each input by its weight, adds the products, and adds one more number, the
# **bias** $b$:
#
# $$z = w \cdot x + b = \sum_{i=1}^{D} w_i x_i + b$$
#
# A large positive weight makes its input push $z$ up; a negative one pushes it down; the bias shifts
# $z$ whatever the inputs are. For a whole batch of $N$ examples stacked as the rows of a matrix
# $X$ of shape $(N, D)$, the same formula for every row is one matrix-vector product:
# $z = X w + b$, of shape $(N,)$.
#
# By hand, for $x = (2, 3)$, $w = (0.5, -1)$, $b = 0.5$: $z = 0.5 \cdot 2 - 1 \cdot 3 + 0.5 = -1.5$.

# %%
x = np.array([2.0, 3.0])
w = np.array([0.5, -1.0])
b = 0.5
z = x @ w + b  # (D,) @ (D,) -> a number
print(f"z = {z:.2f}")

# %% [markdown]
# ### Exercise 1: `weighted_sum` (2 points)
#
# Return $z = w \cdot x + b$. `x` is either one example of shape `(D,)`, then return a number, or a
# batch of shape `(N, D)`, then return an array of shape `(N,)`. One numpy expression handles both;
# no Python loop is needed.

# %% nbgrader="solution" grade_id="weighted_sum"
def weighted_sum(x, w, b):
    """Pre-activation of a neuron: z = w . x + b.

    Args:
        x: one example, shape (D,), or a batch, shape (N, D).
        w: weights, shape (D,).
        b: bias, a number.

    Returns:
        a number for one example, an array of shape (N,) for a batch.
    """
    ### BEGIN SOLUTION
    return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b
    ### END SOLUTION


# %% nbgrader="tests" grade_id="weighted_sum_tests" points=2
x_t, w_t = np.array([2.0, 3.0]), np.array([0.5, -1.0])
checks.check_close(weighted_sum(x_t, w_t, 0.0), -2.0, name="weighted_sum(x=[2, 3], w=[0.5, -1], b=0)",
                   hint="with b = 0, z is the dot product 0.5*2 + (-1)*3 = -2: multiply each input by its "
                        "own weight and add the products (x @ w or np.dot(x, w))")
checks.check_close(weighted_sum(x_t, w_t, 0.5), -1.5, name="weighted_sum(x=[2, 3], w=[0.5, -1], b=0.5)",
                   hint="the products are right (the check with b = 0 passed), so look at the bias: "
                        "z = w . x + b adds b once, with a plus sign")

X_t = np.array([[2.0, 3.0], [1.0, 0.0], [0.0, 1.0]])
try:
    z_t = weighted_sum(X_t, w_t, 0.5)
except NotImplementedError:
    raise
except Exception as err:
    raise checks.CheckError(
        f"weighted_sum(X, w, b) with a batch X of shape (3, 2) raised {type(err).__name__}: {err}\n"
        "Hint: for a batch, X @ w works ((N, D) @ (D,) -> (N,)); w @ X and X.T @ w do not, and a loop "
        "over range(len(x)) indexes the rows, not the features") from None
checks.check_shape(z_t, (3,), name="weighted_sum(X, w, b) for X of shape (3, 2)",
                   hint="one z per row of X. A single number means you summed over the whole batch: "
                        "np.sum(w * X) needs axis=1; shape (3, 1) means w was turned into a column")
checks.check_close(z_t, [-1.5, 1.0, -0.5], name="weighted_sum(X, w, b=0.5)",
                   hint="row i of the result is w . X[i] + b")
### BEGIN HIDDEN TESTS
from dlkit.perceptron import weighted_sum as _ref_weighted_sum

_rng = np.random.default_rng(101)
for _n, _d in [(5, 3), (1, 4), (7, 1)]:
    _X, _w, _b = _rng.normal(size=(_n, _d)), _rng.normal(size=_d), float(_rng.normal())
    _z = weighted_sum(_X, _w, _b)
    assert type(_z) is np.ndarray, f"a batch must give a numpy array, received {type(_z).__name__}"
    checks.check_close(_z, _ref_weighted_sum(_X, _w, _b), name=f"weighted_sum on a random ({_n}, {_d}) batch")
    _z1 = weighted_sum(_X[0], _w, _b)
    assert np.ndim(_z1) == 0, f"one example must give one number, received shape {np.shape(_z1)}"
    checks.check_close(_z1, _ref_weighted_sum(_X[0], _w, _b), name="weighted_sum on one random example")
### END HIDDEN TESTS

# %% [markdown]
# ## The step activation
#
# The soma "fires or not". Rosenblatt's perceptron models this with the **step** function, which turns
# the weighted sum into a yes/no answer:
#
# $$\text{step}(z) = \begin{cases} 1 & \text{if } z \ge 0 \\ 0 & \text{if } z < 0 \end{cases}$$
#
# Note the $\ge$: a point with $z = 0$ exactly counts as a yes. (Some texts use $z > 0$; what matters is
# to pick one and stick to it. This course uses $z \ge 0$ everywhere; scikit-learn's `Perceptron.predict` happens
# to use $z > 0$, which only matters for points exactly on the boundary.)
#
# The plot shows step(z) for z from −3 to 3: zero on the left, one from z = 0 on; the filled dot marks
# the value at z = 0.

# %%
from dlkit.perceptron import step as reference_step

z_grid = np.linspace(-3, 3, 601)
fig, ax = plots.new_figure(figsize=(5, 2.6))
ax.plot(z_grid, reference_step(z_grid), drawstyle="steps-post")
ax.plot([0], [1], "o", color=ax.lines[0].get_color())
ax.plot([0], [0], "o", mfc="white", color=ax.lines[0].get_color())
plots.label(ax, "z = w·x + b", "step(z)", "The step activation")
fig

# %% [markdown]
# ### Exercise 2: `step` (1 point)
#
# `z` is a numpy array of any shape. Return an array of the same shape holding the **integers** 0 and 1
# (class labels are integers, so `predict` will return integers too). No Python `if` on the whole
# array: `if z >= 0` does not work for more than one number.

# %% nbgrader="solution" grade_id="step"
def step(z):
    """Heaviside step: 1 where z >= 0, 0 where z < 0.

    Args:
        z: numpy array, any shape.

    Returns:
        int array of the same shape.
    """
    ### BEGIN SOLUTION
    return np.where(np.asarray(z) >= 0, 1, 0)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="step_tests" points=1
try:
    s_t = step(np.array([-2.0, -0.5, 0.5, 3.0]))
except NotImplementedError:
    raise
except Exception as err:
    raise checks.CheckError(
        f"step(z) for an array z raised {type(err).__name__}: {err}\n"
        "Hint: `if z >= 0` needs a single number; for arrays use np.where(z >= 0, 1, 0) "
        "or (z >= 0).astype(int)") from None
checks.check_close(s_t, [0, 0, 1, 1], name="step([-2, -0.5, 0.5, 3])",
                   hint="1 where z >= 0 and 0 where z < 0 (0, not -1: this is not the sign function)")
checks.check_close(step(np.array([0.0])), [1], name="step([0.0])",
                   hint="step(0) must be 1: the rule is z >= 0, not z > 0")
if not np.issubdtype(np.asarray(s_t).dtype, np.integer):
    raise checks.CheckError(
        f"step should return integers (int labels), received dtype {np.asarray(s_t).dtype}.\n"
        "Hint: a comparison gives booleans and np.heaviside gives floats; convert with .astype(int)")
checks.check_shape(step(np.zeros((2, 3))), (2, 3), name="step(z) for z of shape (2, 3)",
                   hint="step works elementwise: the output has the shape of z")
### BEGIN HIDDEN TESTS
from dlkit.perceptron import step as _ref_step

_rng = np.random.default_rng(102)
_z = np.round(_rng.normal(size=(4, 5)), 1)  # rounding puts a few exact zeros in
_z[0, 0] = 0.0
_s = step(_z)
assert type(_s) is np.ndarray and np.issubdtype(_s.dtype, np.integer), f"received {type(_s)} {getattr(_s, 'dtype', '')}"
checks.check_equal(_s, _ref_step(_z), name="step on a random (4, 5) array")
checks.check_equal(step(np.array([-1e-12, 1e-12])), [0, 1], name="step near 0")
### END HIDDEN TESTS

# %% [markdown]
# ## A perceptron makes a decision: going to France
#
# Seed example of the course notes: you want to travel to France, and two things matter.
#
# * $x_1 = 1$ if the plane ticket costs less than \$1000, else 0;
# * $x_2 = 1$ if your partner can come with you, else 0.
#
# A perceptron fires when the weighted evidence reaches a **threshold** $\theta$:
# $w_1 x_1 + w_2 x_2 \ge \theta$. Moving $\theta$ to the left-hand side shows that the bias is just
# minus the threshold, $b = -\theta$, and gives back $\text{step}(w \cdot x + b)$. The weights and the
# threshold encode *how* you decide:
#
# | decision rule | $w_1$ | $w_2$ | $\theta$ | $b$ |
# | --- | --- | --- | --- | --- |
# | go only if both hold (AND) | 1 | 1 | 1.5 | −1.5 |
# | go if either holds (OR) | 1 | 1 | 0.5 | −0.5 |
# | the partner is what counts | 1 | 3 | 2 | −2 |
#
# The cell below asks each of the three perceptrons about the four possible situations.

# %% tags=["nbval-check-output"]
from dlkit.perceptron import predict as reference_predict

situations, _ = data.logic_gate("and")  # the four rows (0,0), (0,1), (1,0), (1,1)
rules = {"both needed": ([1, 1], -1.5), "either enough": ([1, 1], -0.5), "partner counts": ([1, 3], -2.0)}
decisions = {name: reference_predict(situations, w_r, b_r) for name, (w_r, b_r) in rules.items()}

print("cheap ticket  partner | " + " | ".join(f"{name:>14}" for name in rules))
for i, (x1, x2) in enumerate(situations.astype(int)):
    print(f"{x1:>12}  {x2:>7} | " + " | ".join(f"{'go' if decisions[n][i] else 'stay':>14}" for n in rules))

# %% [markdown]
# "Both needed" is the logic gate **AND**, "either enough" is **OR**: one neuron, two different
# thresholds. In the third rule the partner's weight alone clears the threshold, the cheap ticket's does
# not, so the ticket never changes the decision.

# %% [markdown]
# ### Exercise 3: `predict` (1 point)
#
# Return the class, 0 or 1, the perceptron assigns to each row of `X` (shape `(N, D)`): an **int** array
# of shape `(N,)`. Use your `weighted_sum` and `step`.

# %% nbgrader="solution" grade_id="predict"
def predict(X, w, b):
    """Labels 0/1 of a perceptron for a batch: step(X @ w + b).

    Args:
        X: inputs, shape (N, D).
        w: weights, shape (D,).
        b: bias, a number.

    Returns:
        int array of shape (N,).
    """
    ### BEGIN SOLUTION
    return step(weighted_sum(X, w, b))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="predict_tests" points=1
X_gate, y_and = data.logic_gate("and")
p_t = predict(X_gate, np.array([1.0, 1.0]), -1.5)
checks.check_close(p_t, [0, 0, 0, 1], name="predict(AND inputs, w=(1, 1), b=-1.5)",
                   hint="z = -1.5, -0.5, -0.5, 0.5, so the labels are 0, 0, 0, 1. Apply step to z "
                        "(not return z itself) and include the bias")
checks.check_close(predict(X_gate, np.array([1.0, 1.0]), -1.0), [0, 1, 1, 1],
                   name="predict(AND inputs, w=(1, 1), b=-1)",
                   hint="here z = -1, 0, 0, 1: points exactly on the line (z = 0) are class 1")
if not np.issubdtype(np.asarray(p_t).dtype, np.integer):
    raise checks.CheckError(f"predict should return int labels, received dtype {np.asarray(p_t).dtype}.\n"
                            "Hint: return step(...) of your weighted sum; convert with .astype(int)")
checks.check_shape(predict(np.ones((5, 3)), np.ones(3), 0.0), (5,), name="predict(X of shape (5, 3), ...)",
                   hint="one label per row of X")
### BEGIN HIDDEN TESTS
from dlkit.perceptron import predict as _ref_predict

_rng = np.random.default_rng(103)
for _n, _d in [(10, 2), (6, 5)]:
    _X, _w, _b = _rng.normal(size=(_n, _d)), _rng.normal(size=_d), float(_rng.normal())
    _p = predict(_X, _w, _b)
    assert type(_p) is np.ndarray and np.issubdtype(_p.dtype, np.integer), f"received {type(_p)} {getattr(_p, 'dtype', '')}"
    checks.check_equal(_p, _ref_predict(_X, _w, _b), name=f"predict on a random ({_n}, {_d}) batch")
### END HIDDEN TESTS

# %% [markdown]
# ## The decision boundary
#
# In two dimensions the points where $z = w_1 x_1 + w_2 x_2 + b = 0$ form a straight line,
# $x_2 = -(w_1 x_1 + b) / w_2$. On one side $z \ge 0$ and the perceptron says 1, on the other it
# says 0. In $D$ dimensions the line becomes a flat **hyperplane**; it is always flat, whatever the
# weights. A data set that some such line (hyperplane) splits perfectly is called **linearly separable**.
#
# The figure shows the four inputs of AND (filled markers: class 1) with the line of the "both needed"
# perceptron, $w = (1, 1)$, $b = -1.5$; the shaded side is where it answers 1.

# %%
X_and, y_and = data.logic_gate("and")
plots.plot_decision_boundary(X_and, y_and, np.array([1.0, 1.0]), -1.5, title="AND with w = (1, 1), b = -1.5",
                             xlim=(-0.5, 1.5), ylim=(-0.5, 1.5))

# %% [markdown]
# ### Try it: move the line yourself
#
# Run the cell and drag the sliders: $w_1$ and $w_2$ turn the line, $b$ shifts it. Find weights for
# AND, OR and NAND, then try XOR (1 for exactly one input on). The sentence above the plot tells you
# when the line separates the classes. (The explorer needs a live notebook; in a static view you see
# only its first picture.)

# %%
from dlkit import widgets

widgets.perceptron_explorer("and")

# %% [markdown]
# ## Learning the weights: Rosenblatt's rule (1958)
#
# Frank Rosenblatt's perceptron (1958) did not need weights chosen by hand: it **learned** them from
# labelled examples. Start from $w = 0$, $b = 0$ and visit the examples one at a time, in order. For each
# example $(x, y)$:
#
# $$\hat y = \text{step}(w \cdot x + b), \qquad w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad
#   b \leftarrow b + \eta\,(y - \hat y)$$
#
# with a learning rate $\eta > 0$ (here 1). The error $y - \hat y$ is 0 when the prediction is right
# (nothing changes), $+1$ when the neuron said 0 but should have said 1 (the weights move towards $x$,
# so $z$ grows for this input next time), and $-1$ in the opposite case. One pass over all examples is an
# **epoch**; training stops after an epoch without mistakes.
#
# The first epoch on AND, by hand (examples in the order (0,0), (0,1), (1,0), (1,1), $\eta = 1$):
#
# | $x$ | $y$ | $z$ with the current $w, b$ | $\hat y$ | $y - \hat y$ | $w$ after | $b$ after |
# | --- | --- | --- | --- | --- | --- | --- |
# | (0, 0) | 0 | 0 | 1 | −1 | (0, 0) | −1 |
# | (0, 1) | 0 | −1 | 0 | 0 | (0, 0) | −1 |
# | (1, 0) | 0 | −1 | 0 | 0 | (0, 0) | −1 |
# | (1, 1) | 1 | −1 | 0 | +1 | (1, 1) | 0 |
#
# Two mistakes in the first epoch, and $w = (1, 1)$, $b = 0$ after it.
#
# **Perceptron convergence theorem** (Novikoff, 1962): if the data are linearly separable, this rule
# stops after a finite number of mistakes. If they are not, it never stops on its own, so we cap the
# number of epochs.

# %% [markdown]
# ### Exercise 4: `train_perceptron` (3 points)
#
# Implement the rule above. Start from `w = np.zeros(D)` and `b = 0.0`, visit the rows of `X` in order,
# predict each example with the weights *as they are at that moment*, and update. After each epoch
# record the number of mistakes in that epoch; stop after the first epoch with none, or after
# `max_epochs` epochs.
#
# Return the tuple `(w, b, converged, errors)`: `w` a float array of shape `(D,)`, `b` a number,
# `converged` a bool (True when the last epoch had no mistakes), and `errors` a list with one int per
# epoch run.

# %% nbgrader="solution" grade_id="train_perceptron"
def train_perceptron(X, y, lr=1.0, max_epochs=100):
    """Rosenblatt's perceptron rule.

    Args:
        X: inputs, shape (N, D).
        y: labels 0/1, shape (N,).
        lr: learning rate.
        max_epochs: most passes over the data.

    Returns:
        (w, b, converged, errors): weights (D,), bias, bool, list of mistakes per epoch.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    errors = []
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b >= 0 else 0)
            if error != 0:
                w = w + lr * error * x_i
                b = b + lr * error
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            return w, b, True, errors
    return w, b, False, errors
    ### END SOLUTION


# %% nbgrader="tests" grade_id="train_perceptron_tests" points=3
X_gate, y_and = data.logic_gate("and")
result_t = train_perceptron(X_gate, y_and, max_epochs=1)
checks.check_type(result_t, tuple, name="train_perceptron(...)", hint="return the tuple (w, b, converged, errors)")
checks.check_equal(len(result_t), 4, name="len(train_perceptron(...))", hint="return the tuple (w, b, converged, errors)")
w_t, b_t, conv_t, err_t = result_t
checks.check_equal(list(np.asarray(err_t, dtype=int).ravel()), [2],
                   name="errors after one epoch on AND",
                   hint="the first epoch makes 2 mistakes, on (0, 0) and (1, 1) (see the table above). "
                        "1 mistake: step(0) must be 1 (z >= 0). 3 mistakes: check the sign of the update, "
                        "w <- w + lr*(y - y_hat)*x, not (y_hat - y); or you predicted every example before "
                        "updating any. 4 mistakes: the bias b is never updated. "
                        "More entries than 1: one entry per epoch, and max_epochs=1 means one epoch")
checks.check_close(w_t, [1.0, 1.0], name="w after one epoch on AND",
                   hint="start from w = 0 and update after each example: w <- w + lr*(y - y_hat)*x")
checks.check_close(b_t, 0.0, name="b after one epoch on AND",
                   hint="start from b = 0 and update it on every mistake: b <- b + lr*(y - y_hat)")

w_t, b_t, conv_t, err_t = train_perceptron(X_gate, y_and)
checks.check_equal(list(np.asarray(err_t, dtype=int)), [2, 3, 3, 2, 1, 0], name="errors per epoch on AND",
                   hint="one entry per epoch with that epoch's mistakes (not a running total), and stop "
                        "after the first epoch with 0 mistakes")
checks.check_equal(bool(conv_t), True, name="converged on AND", hint="an epoch without mistakes means converged")
X_or, y_or = data.logic_gate("or")
w_t, b_t, conv_t, err_t = train_perceptron(X_or, y_or)
checks.check_equal(bool(conv_t), True, name="converged on OR", hint="OR is linearly separable, like AND")
from dlkit.perceptron import predict as _check_predict
checks.check_equal(_check_predict(X_or, w_t, b_t), y_or, name="predictions of the trained OR perceptron")

X_xor, y_xor = data.logic_gate("xor")
w_t, b_t, conv_t, err_t = train_perceptron(X_xor, y_xor, max_epochs=20)
checks.check_equal(bool(conv_t), False, name="converged on XOR",
                   hint="XOR is not linearly separable: no epoch is free of mistakes, so converged stays False")
checks.check_equal(len(err_t), 20, name="len(errors) on XOR with max_epochs=20",
                   hint="without convergence the loop must run exactly max_epochs epochs and then stop")
### BEGIN HIDDEN TESTS
from dlkit.perceptron import train_perceptron as _ref_train

_rng = np.random.default_rng(104)
for _trial in range(3):
    _X, _y, _ = data.linearly_separable(n=30, margin=0.5, rng=_rng)
    _lr = [1.0, 0.5, 0.1][_trial]
    _out = train_perceptron(_X, _y, lr=_lr, max_epochs=200)
    assert isinstance(_out, tuple) and len(_out) == 4, "return (w, b, converged, errors)"
    _w, _b, _conv, _err = _out
    _ref = _ref_train(_X, _y, lr=_lr, max_epochs=200)
    assert type(_w) is np.ndarray and _w.shape == (_X.shape[1],), f"w: expected an array of shape (2,), received {type(_w)}"
    assert isinstance(_b, (float, int, np.floating, np.integer)) and np.ndim(_b) == 0, f"b: expected a number, received {type(_b)}"
    assert isinstance(_conv, (bool, np.bool_)), f"converged: expected a bool, received {type(_conv)}"
    checks.check_close(_w, _ref.w, name=f"w on random separable data (lr={_lr})")
    checks.check_close(_b, _ref.b, name=f"b on random separable data (lr={_lr})")
    checks.check_equal(bool(_conv), _ref.converged, name="converged on random separable data")
    checks.check_equal(list(np.asarray(_err, dtype=int)), _ref.errors, name="errors on random separable data")
_w, _b, _conv, _err = train_perceptron(X_xor, y_xor, max_epochs=7)
assert _conv is False or _conv == np.False_, "XOR must not converge"
assert len(_err) == 7, "XOR must run max_epochs epochs"
### END HIDDEN TESTS

# %% [markdown]
# ## Training curves: AND and OR converge, XOR never does
#
# The plot shows the mistakes per epoch of the reference implementation (`dlkit.perceptron`) on the
# three gates: AND and OR reach zero within a few epochs, XOR keeps making mistakes until the cap of
# 20 epochs.

# %%
from dlkit.perceptron import train_perceptron as reference_train

fig, ax = plots.new_figure(figsize=(6, 3.2))
runs = {}
for gate in ("and", "or", "xor"):
    X_g, y_g = data.logic_gate(gate)
    runs[gate] = reference_train(X_g, y_g, max_epochs=20)
    plots.plot_history(runs[gate].errors, xlabel="epoch", ylabel="mistakes in the epoch", ax=ax,
                       label=f"{gate.upper()} ({'converged' if runs[gate].converged else 'no convergence'})")
ax.set_title("Perceptron rule on three logic gates")
ax.legend()
fig

# %% [markdown]
# The three learned boundaries side by side: AND and OR are split perfectly; for XOR the rule ends
# wherever the 20th epoch leaves it, with at least one of the four points on the wrong side.

# %%
fig, axes = plots.new_figure(ncols=3, figsize=(10, 3.4))
for ax, gate in zip(axes, ("and", "or", "xor")):
    X_g, y_g = data.logic_gate(gate)
    r = runs[gate]
    correct = int((reference_predict(X_g, r.w, r.b) == y_g).sum())
    plots.plot_decision_boundary(X_g, y_g, r.w, r.b, ax=ax, title=f"{gate.upper()}: {correct}/4 correct",
                                 xlim=(-0.5, 1.5), ylim=(-0.5, 1.5))
fig

# %% [markdown]
# ## Why no line separates XOR
#
# XOR wants 1 for (0, 1) and (1, 0) and 0 for (0, 0) and (1, 1). A perceptron doing this would need
#
# * $b < 0$ (for (0, 0)), and $w_1 + w_2 + b < 0$ (for (1, 1)),
# * $w_1 + b \ge 0$ and $w_2 + b \ge 0$ (for (1, 0) and (0, 1)).
#
# Adding the last two gives $w_1 + w_2 + 2b \ge 0$, so $w_1 + w_2 + b \ge -b > 0$, which contradicts
# the second condition. No weights exist: XOR is **not linearly separable**, and this single neuron, or
# any single neuron with a threshold, cannot compute it. Minsky and Papert's book *Perceptrons* (1969)
# made limits of this kind famous, and interest in neural networks cooled for years.

# %% [markdown]
# ## A hidden layer fixes it
#
# XOR is "at least one, but not both": $\text{XOR}(x) = \text{AND}(\text{OR}(x), \text{NAND}(x))$. Each
# of the three gates is linearly separable, so each is one perceptron, and stacking them gives a network
# with a **hidden layer** of two neurons:
#
# * hidden neuron 1, OR: $w = (1, 1)$, $b = -0.5$;
# * hidden neuron 2, NAND: $w = (-1, -1)$, $b = 1.5$;
# * output neuron, AND of the two hidden outputs: $w = (1, 1)$, $b = -1.5$.
#
# The cell below wires them up with the reference `predict`, one neuron at a time.

# %% tags=["nbval-check-output"]
X_xor, y_xor = data.logic_gate("xor")
h_or = reference_predict(X_xor, np.array([1.0, 1.0]), -0.5)     # (4,)
h_nand = reference_predict(X_xor, np.array([-1.0, -1.0]), 1.5)  # (4,)
H = np.column_stack([h_or, h_nand])                              # (4, 2): the hidden layer's output
y_net = reference_predict(H, np.array([1.0, 1.0]), -1.5)         # (4,)

print(" x1 x2 | OR NAND | network  XOR")
for (x1, x2), (h1, h2), out, target in zip(X_xor.astype(int), H, y_net, y_xor):
    print(f"{x1:>3}{x2:>3} | {h1:>2} {h2:>4} | {out:>7} {target:>4}")

# %% [markdown]
# Why it works, in pictures. Left: in the input space the two hidden neurons draw two lines (the OR line
# shaded, the NAND line dashed); XOR's ones lie in the band between them. Right: the hidden layer maps
# the four inputs to new coordinates $(h_1, h_2)$, where (0, 1) and (1, 0) land on the same point (1, 1)
# and a single line, the output neuron's, separates the classes.

# %%
from dlkit.perceptron import boundary_points

fig, axes = plots.new_figure(ncols=2, figsize=(9, 4))
plots.plot_decision_boundary(X_xor, y_xor, np.array([1.0, 1.0]), -0.5, ax=axes[0],
                             title="Input space: the two hidden lines", xlim=(-0.5, 1.5), ylim=(-0.5, 1.5))
axes[0].plot(*boundary_points([-1.0, -1.0], 1.5, (-0.5, 1.5)), "--", color="k", label="NAND line")
axes[0].legend(loc="upper right")
plots.plot_decision_boundary(H.astype(float), y_xor, np.array([1.0, 1.0]), -1.5, ax=axes[1],
                             title="Hidden space: one line suffices", xlim=(-0.5, 1.5), ylim=(-0.5, 1.5))
plots.label(axes[1], "$h_1$ = OR(x)", "$h_2$ = NAND(x)")
fig

# %% [markdown]
# This is the whole idea of deep learning in miniature: each layer re-describes the data so that the
# next layer's job becomes easy. What the perceptron rule cannot do is *learn* the hidden weights: it
# needs a target for every neuron, and hidden neurons have none. Learning them takes smooth activations
# and backpropagation (chapters 02 to 05).
#
# ### Exercise 5: `two_layer_predict` (2 points)
#
# Write the forward pass of a two-layer network of step neurons with the weights in matrices:
#
# $$H = \text{step}(X W_1 + b_1), \qquad \hat y = \text{step}(H w_2 + b_2)$$
#
# `X` has shape `(N, D)`; `W1` has shape `(D, K)`, with **column** $k$ holding the weights of hidden
# neuron $k$; `b1` has shape `(K,)`; `w2` has shape `(K,)`; `b2` is a number. Return the int labels,
# shape `(N,)`. For the XOR network above, `W1 = [[1, -1], [1, -1]]` and `b1 = [-0.5, 1.5]`.

# %% nbgrader="solution" grade_id="two_layer_predict"
def two_layer_predict(X, W1, b1, w2, b2):
    """Labels of a network with one hidden layer of K step neurons.

    Args:
        X: inputs, shape (N, D).
        W1: hidden weights, shape (D, K), column k for hidden neuron k.
        b1: hidden biases, shape (K,).
        w2: output weights, shape (K,).
        b2: output bias, a number.

    Returns:
        int array of shape (N,).
    """
    ### BEGIN SOLUTION
    H = step(np.asarray(X) @ np.asarray(W1) + b1)  # (N, D) @ (D, K) + (K,) -> (N, K)
    return step(H @ np.asarray(w2) + b2)            # (N, K) @ (K,) -> (N,)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="two_layer_predict_tests" points=2
X_xor, y_xor = data.logic_gate("xor")
W1_t, b1_t = np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([-0.5, 1.5])
w2_t, b2_t = np.array([1.0, 1.0]), -1.5
try:
    out_t = two_layer_predict(X_xor, W1_t, b1_t, w2_t, b2_t)
except NotImplementedError:
    raise
except Exception as err:
    raise checks.CheckError(f"two_layer_predict raised {type(err).__name__}: {err}\n"
                            "Hint: X @ W1 + b1 has shape (N, K); then H @ w2 + b2 has shape (N,)") from None
checks.check_shape(out_t, (4,), name="two_layer_predict(XOR inputs, ...)", hint="one label per row of X")
checks.check_close(out_t, y_xor, name="two_layer_predict with the XOR weights",
                   hint="expected XOR's labels 0, 1, 1, 0. Both layers need the step: without it on the "
                        "hidden layer the network is one linear function and cannot compute XOR. Use X @ W1 "
                        "(column k = hidden neuron k), not X @ W1.T, and add b1 before the step")
X_t = np.array([[0.0, 0.0, 1.0], [2.0, -1.0, 0.5]])      # N = 2, D = 3
W1_t = np.array([[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0], [0.0, -2.0, 1.0, 1.0]])  # D = 3, K = 4
try:
    out_t = two_layer_predict(X_t, W1_t, np.zeros(4), np.array([1.0, -1.0, 1.0, -1.0]), -0.5)
except NotImplementedError:
    raise
except Exception as err:
    raise checks.CheckError(f"two_layer_predict with D = 3 inputs and K = 4 hidden neurons raised "
                            f"{type(err).__name__}: {err}\nHint: W1 has shape (D, K) = (3, 4), so X @ W1 "
                            "works and X @ W1.T does not; w2 has K = 4 entries") from None
checks.check_close(out_t, [1, 0], name="two_layer_predict with D = 3, K = 4",
                   hint="H = step(X @ W1 + b1) is (2, 4) here: H = [[1, 0, 1, 1], [1, 0, 0, 1]]; "
                        "then step(H @ w2 + b2)")
if not np.issubdtype(np.asarray(out_t).dtype, np.integer):
    raise checks.CheckError(f"two_layer_predict should return int labels, received dtype "
                            f"{np.asarray(out_t).dtype}. Hint: the last operation is a step")
### BEGIN HIDDEN TESTS
from dlkit.perceptron import predict as _ref_predict

_rng = np.random.default_rng(105)
for _n, _d, _k in [(12, 2, 3), (8, 4, 6)]:
    _X, _W1, _b1 = _rng.normal(size=(_n, _d)), _rng.normal(size=(_d, _k)), _rng.normal(size=_k)
    _w2, _b2 = _rng.normal(size=_k), float(_rng.normal())
    _H = np.column_stack([_ref_predict(_X, _W1[:, _j], _b1[_j]) for _j in range(_k)])
    _expected = _ref_predict(_H, _w2, _b2)
    _out = two_layer_predict(_X, _W1, _b1, _w2, _b2)
    assert type(_out) is np.ndarray and np.issubdtype(_out.dtype, np.integer), f"received {type(_out)}"
    checks.check_equal(_out, _expected, name=f"two_layer_predict on random weights (N={_n}, D={_d}, K={_k})")
### END HIDDEN TESTS

# %% [markdown]
# ## The perceptron and scikit-learn
#
# scikit-learn ships the same algorithm as `sklearn.linear_model.Perceptron`. With a constant learning
# rate of 1 (`eta0=1.0`), no penalty, no shuffling and a bias (`fit_intercept=True`) it applies
# Rosenblatt's update. Two details differ: it codes the classes as −1/+1 internally, and it counts a
# point with $z = 0$ exactly as a mistake for *both* classes, where our step calls it class 1. On
# continuous data $z = 0$ almost never happens, so both reach the same answer.
#
# Below, both learn on 100 linearly separable points from `dlkit.data.linearly_separable`.

# %%
from sklearn.linear_model import Perceptron

X_sep, y_sep, _ = data.linearly_separable(n=100, margin=0.5, rng=rng)
ours = reference_train(X_sep, y_sep, max_epochs=1000)
sk = Perceptron(eta0=1.0, penalty=None, shuffle=False, fit_intercept=True, max_iter=1000).fit(X_sep, y_sep)
acc_ours = float((reference_predict(X_sep, ours.w, ours.b) == y_sep).mean())
acc_sk = float(sk.score(X_sep, y_sep))
print(f"dlkit: w = {np.round(ours.w, 3)}, b = {ours.b:.3f}, {ours.epochs} epochs, training accuracy {acc_ours:.0%}")
print(f"sklearn: w = {np.round(sk.coef_[0], 3)}, b = {sk.intercept_[0]:.3f}, training accuracy {acc_sk:.0%}")

# %% [markdown]
# Both boundaries separate the training points; they need not be the same line, because the perceptron
# stops at the *first* separating line it meets, and many lines separate these points. (Bigger margins to
# the points are the business of the support vector machine, and of the losses of chapter 03.)

# %%
fig, axes = plots.new_figure(ncols=2, figsize=(9, 4))
plots.plot_decision_boundary(X_sep, y_sep, ours.w, ours.b, ax=axes[0], title=f"dlkit perceptron: {acc_ours:.0%}")
plots.plot_decision_boundary(X_sep, y_sep, sk.coef_[0], float(sk.intercept_[0]), ax=axes[1],
                             title=f"scikit-learn Perceptron: {acc_sk:.0%}")
fig

# %% [markdown]
# ## Summary
#
# * A perceptron computes $z = w \cdot x + b$ and answers $\text{step}(z)$; its decision boundary is the
#   line (hyperplane) $z = 0$, and the bias is minus the firing threshold.
# * Rosenblatt's rule $w \leftarrow w + \eta (y - \hat y) x$ changes the weights only on mistakes and
#   converges whenever the classes are linearly separable (AND, OR), never otherwise (XOR).
# * A hidden layer re-describes the inputs so that a line suffices: XOR = AND(OR, NAND).
# * Choosing those hidden weights by hand does not scale; learning them needs differentiable activations
#   (chapter 02) and gradients (chapters 04 and 05).
