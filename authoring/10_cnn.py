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
# # 10 · Convolutional neural networks
#
# A dense layer connects every input to every unit. For an image that is wasteful twice over: a pixel
# matters mostly together with its neighbours, and a pattern (an edge, a stroke, an eye) means the same
# wherever it appears. A **convolutional layer** builds both facts in: each unit looks at a small window
# of the image (*local connectivity*), and one small set of weights, the **filter** or **kernel**, slides
# over every window (*parameter sharing*). This chapter computes convolutions by hand, with loops and
# with one matrix product, adds pooling, trains a CNN on scikit-learn's digits, looks inside it, counts
# the parameters of the classic architectures (LeNet-5, AlexNet, VGG, ResNet) and builds the residual
# block that made networks of a hundred layers trainable.
#
# **You will write:** `conv_output_size`, `conv2d_naive`, `conv2d_forward`, `maxpool_forward`,
# `train_cnn` and `residual_block`.

# %%
import numpy as np

import dlkit
from dlkit.exercises import ch10_cnn as ex
from dlkit.nn import conv
from dlkit.viz import conv as conv_viz
from dlkit.viz import style as plots

rng = dlkit.setup_notebook(seed=0)      # silences TensorFlow's start-up logs: call it before importing keras

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from dlkit.models import cnn  # noqa: E402
from dlkit.progress import keras_progress  # noqa: E402

print("Keras", keras.__version__, "on TensorFlow", tf.__version__)

# %% [markdown]
# ## Why not flatten the image into a dense network?
#
# The source notes (002) ask exactly this. Take their colour image of $128 \times 128$ pixels: flattened,
# it is a vector of $128 \cdot 128 \cdot 3 = 49\,152$ numbers, and a dense layer of only 100 units on it
# has $49\,152 \cdot 100$ weights plus 100 biases. The convolutional layer of the same notes, 16 filters
# of $2 \times 2$, has $2 \cdot 2 \cdot 3$ weights per filter plus one bias: $16 \cdot (12 + 1) = 208$
# parameters, whatever the image size, and it keeps the picture a picture ($127 \times 127 \times 16$
# feature maps). The counts below come from Keras (built without allocating the weights,
# `dlkit.models.cnn.architecture`).

# %% tags=["nbval-check-output"]
dense_net = cnn.architecture(lambda: keras.Sequential([keras.Input((128, 128, 3)), keras.layers.Flatten(),
                                                        keras.layers.Dense(100, activation="relu")]))
conv_net = cnn.architecture(lambda: keras.Sequential([keras.Input((128, 128, 3)),
                                                       keras.layers.Conv2D(16, (2, 2), activation="relu")]))
print(f"Flatten -> Dense(100):      {dense_net['params']:>9,} parameters, output {dense_net['output_shape']}")
print(f"Conv2D(16, (2, 2)):         {conv_net['params']:>9,} parameters, output {conv_net['output_shape']}")
print(f"by hand: 49152 * 100 + 100 = {49152 * 100 + 100:,};  16 * (2 * 2 * 3 + 1) = {16 * (2 * 2 * 3 + 1)}")

# %% [markdown]
# Fewer parameters mean less to learn from the same data and less to overfit; and the dense layer
# would have to learn "vertical edge" separately at each of the 16 384 positions, which the filter
# learns once.
#
# ## The convolution sum
#
# 003 (eq. 33) writes the operation on a one-channel image $I$ with a kernel $K$ as
# $(I * K)(i, j) = \sum_m \sum_n I(i + m, j + n)\, K(m, n)$. Three corrections turn it into what
# `keras.layers.Conv2D` computes:
#
# * **It is a cross-correlation.** The kernel is laid on the image as it is. The convolution of
#   mathematics flips the kernel first, $\sum I(i - m, j - n) K(m, n)$; deep-learning libraries keep the
#   name "convolution" for the unflipped version (a learned kernel does not care which way round it is
#   stored, but a hand-made one does).
# * **A filter spans all input channels.** 002 says a colour image is convolved "with each of the three
#   images" (R, G and B); in fact each filter has one $k_h \times k_w$ slice *per input channel* and sums
#   over all of them, giving one feature map per filter. $C_o$ filters give $C_o$ maps.
# * **There is a bias** per filter, added once to every value of its map.
#
# With images $X$ of shape $(N, H_i, W_i, C_i)$ (NHWC, as Keras), kernels $W$ of shape
# $(k_h, k_w, C_i, C_o)$, biases $b$ of shape $(C_o,)$, stride $s$ and the zero-padded input $X_p$:
#
# $$\text{out}[n, i, j, o] = b_o + \sum_{u=0}^{k_h - 1} \sum_{v=0}^{k_w - 1} \sum_{c=0}^{C_i - 1}
#   X_p[n,\, s i + u,\, s j + v,\, c]\; W[u, v, c, o].$$
#
# A hand-sized example: the image $\begin{bmatrix} 1 & 2 & 3 \\ 4 & 5 & 6 \\ 7 & 8 & 9 \end{bmatrix}$ and
# the kernel $\begin{bmatrix} 1 & 0 \\ 0 & -1 \end{bmatrix}$. The window at the top left gives
# $1 \cdot 1 + 2 \cdot 0 + 4 \cdot 0 + 5 \cdot (-1) = -4$, and so does every other window (each pixel
# minus its lower-right neighbour). The flipped kernel of a true convolution gives $+4$ instead.
# TensorFlow agrees with the cross-correlation:

# %% tags=["nbval-check-output"]
X_hand = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)                  # (N, Hi, Wi, Ci) = (1, 3, 3, 1)
W_hand = np.array([[1.0, 0.0], [0.0, -1.0]]).reshape(2, 2, 1, 1)    # (kh, kw, Ci, Co) = (2, 2, 1, 1)
print("by hand, window (0, 0):", 1 * 1 + 2 * 0 + 4 * 0 + 5 * (-1))
print("tf.nn.conv2d:          ", tf.nn.conv2d(X_hand, W_hand, 1, "VALID").numpy()[0, :, :, 0].tolist())
print("flipped (convolution): ", tf.nn.conv2d(X_hand, W_hand[::-1, ::-1], 1, "VALID").numpy()[0, :, :, 0].tolist())

# %% [markdown]
# ## Output size, padding and stride
#
# Along one axis, a window of $f$ cells moved $s$ cells at a time over $n$ cells padded with $p$ zeros on
# each side fits this many times (003 eq. 34):
#
# $$n_\text{out} = \left\lfloor \frac{n + 2p - f}{s} \right\rfloor + 1.$$
#
# * **Padding** keeps the border: without it ("valid", $p = 0$) every $3 \times 3$ layer trims a pixel
#   from each side. Keras' `padding="same"` pads so that $n_\text{out} = \lceil n / s \rceil$, which at
#   stride 1 keeps the size ($p = 1$ for $f = 3$).
# * **Stride** $s > 1$ skips positions and shrinks the map about $s$ times per axis.
# * The floor drops a last window that does not fit: $n = 8, f = 3, s = 2$ gives windows at 0, 2, 4
#   and $\lfloor 5/2 \rfloor + 1 = 3$.
#
# TensorFlow's "same" needs a total padding of $\max((\lceil n/s \rceil - 1)s + f - n,\ 0)$; when that
# is odd the extra zero goes at the **bottom/right** (`conv.same_padding(n, f, s)` returns
# (before, after)). A $2 \times 2$ kernel at stride 1, for instance, is padded $(0, 1)$.

# %% tags=["nbval-check-output"]
print(" n  f  s | same padding (before, after) | output cells: valid, same")
for n, f, s in [(28, 3, 1), (28, 5, 1), (28, 2, 1), (7, 3, 2), (8, 3, 2), (227, 11, 4)]:
    print(f"{n:3d} {f:2d} {s:2d} | {str(conv.same_padding(n, f, s)):28s} | "
          f"{conv.conv_output_size(n, f, 0, s):3d}, {-(-n // s):3d}")

# %% [markdown]
# ### Exercise 1: `conv_output_size` (1 point)
#
# Return the output size of eq. 34 as an **int** for input size `n`, filter size `f`, padding `p` (zeros
# on each side) and stride `s`. Round down, as the formula's floor says.
#
# *Stuck? `ex.conv_output_size.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="conv_output_size"
def conv_output_size(n, f, p=0, s=1):
    """floor((n + 2p - f) / s) + 1: how many times a window of f cells fits (an int)."""
    ### BEGIN SOLUTION
    return (n + 2 * p - f) // s + 1
    ### END SOLUTION


# %% nbgrader="tests" grade_id="conv_output_size_tests" points=1
ex.conv_output_size.check(conv_output_size)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(n=32, f=5, p=2, s=1), dict(n=13, f=4, p=1, s=3), dict(n=100, f=7, p=3, s=2)]
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: `conv2d_naive` (2 points)
#
# Write the convolution layer's sum above **as loops**: the definition, slow but unmistakable.
#
# * `X` has shape `(N, Hi, Wi, Ci)`, `W` shape `(kh, kw, Ci, Co)`, `b` shape `(Co,)`.
# * `stride` is an int $s$; `padding` is an int $p$: pad $p$ zeros on every side of each image
#   (`np.pad` with `((0, 0), (p, p), (p, p), (0, 0))`), as in eq. 34.
# * Return a numpy float array `out` of shape `(N, Ho, Wo, Co)`, with $H_o$ and $W_o$ from eq. 34.
#
# Do not flip the kernel, and add the bias once per output value.
#
# *Stuck? `ex.conv2d_naive.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="conv2d_naive"
def conv2d_naive(X, W, b, stride=1, padding=0):
    """out[n, i, j, o] = b[o] + sum_{u, v, c} Xp[n, s i + u, s j + v, c] W[u, v, c, o], as loops."""
    ### BEGIN SOLUTION
    N, Hi, Wi, Ci = X.shape
    kh, kw, _, Co = W.shape
    p, s = padding, stride
    Xp = np.pad(X, ((0, 0), (p, p), (p, p), (0, 0)))
    Ho, Wo = (Hi + 2 * p - kh) // s + 1, (Wi + 2 * p - kw) // s + 1
    out = np.zeros((N, Ho, Wo, Co))
    for n in range(N):
        for i in range(Ho):
            for j in range(Wo):
                for o in range(Co):
                    total = b[o]
                    for u in range(kh):
                        for v in range(kw):
                            for c in range(Ci):
                                total += Xp[n, s * i + u, s * j + v, c] * W[u, v, c, o]
                    out[n, i, j, o] = total
    return out
    ### END SOLUTION


# %% nbgrader="tests" grade_id="conv2d_naive_tests" points=2
ex.conv2d_naive.check(conv2d_naive)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=101, n=2, size=6, ci=3, co=2, k=3, stride=1, padding=0),
          dict(seed=102, n=1, size=7, ci=2, co=3, k=3, stride=2, padding=1),
          dict(seed=103, n=2, size=5, ci=1, co=2, k=2, stride=1, padding=2)]
### END HIDDEN TESTS

# %% [markdown]
# ## Explore: a kernel on a picture
#
# Hand-made kernels show what a single filter can find. A **Sobel** kernel responds to a change of
# brightness from left to right (a vertical edge): positive where it gets brighter, negative where it
# gets darker, near 0 on flat areas. The **Laplacian** responds to edges in every direction, **blur**
# averages a neighbourhood, **sharpen** adds the difference from the neighbours back to the pixel. Pick a
# picture (scikit-learn's photo, a digit, a drawing) and a kernel, or type your own $3 \times 3$ grid
# under "custom"; change the stride and padding and watch the output size follow eq. 34. The figure below
# shows the photo, the vertical-edge kernel, and its feature map: red and blue lines along the pagoda's
# vertical edges, white on the sky.

# %%
conv_viz.conv_explorer()

# %% [markdown]
# ## From loops to one matrix product: im2col
#
# The loops of Exercise 2 run $N H_o W_o C_o k_h k_w C_i$ multiplications one at a time in Python. The
# same numbers come out of **one matrix product** once the windows are laid out as rows: **im2col**
# ("image to columns") copies every window of the padded images, flattened to $k_h k_w C_i$ numbers,
# into a matrix of $N H_o W_o$ rows. Reshaping the kernels to $(k_h k_w C_i, C_o)$,
#
# $$\underbrace{\text{cols}}_{(N H_o W_o,\ k_h k_w C_i)} \;\cdot\; \underbrace{W}_{(k_h k_w C_i,\ C_o)}
#   + b \;=\; \underbrace{\text{out}}_{(N H_o W_o,\ C_o)},$$
#
# and numpy hands the product to compiled, multi-threaded linear algebra. The price is memory: each
# pixel is copied into up to $k_h k_w$ windows. Two ways to build the windows without Python loops over
# them: a loop over the $k_h k_w$ kernel cells, each one slice of the padded images
# (`Xp[:, u::s, v::s, :]`, trimmed to $H_o \times W_o$), or numpy's
# `np.lib.stride_tricks.sliding_window_view`, a view of all windows at once (no copy until reshaped).

# %% tags=["nbval-check-output"]
X_small = np.arange(2 * 4 * 4 * 3, dtype=float).reshape(2, 4, 4, 3)   # (N, Hi, Wi, Ci) = (2, 4, 4, 3)
cols = conv.im2col(X_small, 3, 3)                                     # (N, Ho, Wo, kh kw Ci)
print("images", X_small.shape, "-> columns", cols.shape, "-> as a matrix", cols.reshape(-1, 27).shape)
print("row of window (n=0, i=0, j=0), first 6 of 27:", cols[0, 0, 0, :6])
print("the same pixels:                             ", X_small[0, 0, :2, :].ravel())

# %% [markdown]
# ### Exercise 3: `conv2d_forward` (3 points)
#
# The vectorised convolution layer, matched to `tf.nn.conv2d(X, W, stride, padding.upper()) + b` to
# $10^{-5}$:
#
# * the same `X`, `W`, `b` and int `stride` as before; `padding` is now the string `"valid"` (no padding)
#   or `"same"`, padded as TensorFlow does: `conv.same_padding(n, f, s)` gives (before, after) for each
#   axis (you may use it);
# * no Python loop over images or output positions: build the windows (im2col, `sliding_window_view`,
#   `as_strided`, or a loop over the $k_h k_w$ kernel cells) and use matrix products (`@`, `np.einsum`,
#   `np.tensordot`);
# * return the pair `(out, cache)`, as every layer of the course does: `out` of shape `(N, Ho, Wo, Co)`,
#   `cache` whatever a backward pass would need (e.g. `(X, W, b, stride, padding)`; the check reads
#   `out` only).
#
# *Stuck? `ex.conv2d_forward.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="conv2d_forward"
def conv2d_forward(X, W, b, stride=1, padding="valid"):
    """Vectorised convolution layer, as tf.nn.conv2d(X, W, stride, padding.upper()) + b; returns (out, cache)."""
    ### BEGIN SOLUTION
    N, Hi, Wi, Ci = X.shape
    kh, kw, _, Co = W.shape
    s = stride
    if padding == "same":
        (top, bottom), (left, right) = conv.same_padding(Hi, kh, s), conv.same_padding(Wi, kw, s)
        X_pad = np.pad(X, ((0, 0), (top, bottom), (left, right), (0, 0)))
    else:
        X_pad = X
    Ho = (X_pad.shape[1] - kh) // s + 1
    Wo = (X_pad.shape[2] - kw) // s + 1
    windows = np.lib.stride_tricks.sliding_window_view(X_pad, (kh, kw), axis=(1, 2))  # (N, Hp-kh+1, Wp-kw+1, Ci, kh, kw)
    windows = windows[:, ::s, ::s][:, :Ho, :Wo]                                       # (N, Ho, Wo, Ci, kh, kw)
    columns = windows.transpose(0, 1, 2, 4, 5, 3).reshape(N * Ho * Wo, kh * kw * Ci)  # im2col
    out = (columns @ W.reshape(kh * kw * Ci, Co) + b).reshape(N, Ho, Wo, Co)
    return out, (X, W, b, stride, padding)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="conv2d_forward_tests" points=3
ex.conv2d_forward.check(conv2d_forward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=201, n=3, size=8, ci=4, co=5, k=3, stride=1, padding="same"),
          dict(seed=202, n=2, size=9, ci=3, co=2, k=5, stride=2, padding="same"),
          dict(seed=203, n=2, size=7, ci=2, co=3, k=2, stride=3, padding="valid"),
          dict(seed=204, n=1, size=10, ci=3, co=4, k=4, stride=2, padding="same")]
### END HIDDEN TESTS

# %% [markdown]
# ## How much faster?
#
# The cell times one realistic batch, 64 images of $28 \times 28$ with 8 channels and 16 filters of
# $3 \times 3$, three ways: your loops (run on **one** image and multiplied by 64, since their time grows
# linearly with the batch), your vectorised layer, and TensorFlow's `tf.nn.conv2d`, all in float32. The
# ratios are the lesson of im2col: the arithmetic is the same, what changes is who runs the loop.
# (Timings depend on the machine and on what else it is doing; `dlkit.nn.conv.conv2d_forward`, which
# multiplies one kernel cell at a time without building the column matrix, is shown as a third numpy
# version.)

# %%
naive_fn = ex.conv2d_naive.use(conv2d_naive, conv.conv2d_naive)
vector_fn = ex.conv2d_forward.use(conv2d_forward, conv.conv2d_forward)
speed = cnn.time_convolutions(vectorised=vector_fn, naive=naive_fn, repeat=5)
speed_dlkit = cnn.time_convolutions(naive_images=0, repeat=5)                   # dlkit's version, no loops
t_tf = min(speed["tensorflow"], speed_dlkit["tensorflow"])
print(f"batch {speed['batch']}, kernels {speed['kernel']}; largest difference from TensorFlow: "
      f"loops {speed['naive_error']:.1e}, vectorised {speed['vectorised_error']:.1e}")
for name, seconds in [("tf.nn.conv2d", t_tf), ("your loops (1 image x 64)", speed["naive"]),
                      ("your vectorised conv2d_forward", speed["vectorised"]),
                      ("dlkit's conv2d_forward", speed_dlkit["vectorised"])]:
    print(f"{name:32s} {seconds * 1e3:10.1f} ms   {seconds / t_tf:8.1f} x TensorFlow")
print(f"loops / vectorised: {speed['naive'] / speed['vectorised']:,.0f} times slower")

# %% [markdown]
# ## What a convolution keeps: equivariance; what pooling adds: invariance
#
# 003 calls convolution *translation-invariant*. It is **equivariant**: shift the input and the feature
# map shifts by the same amount (away from the border), instead of staying the same. The cell shifts a
# picture two pixels to the right and compares the feature maps.

# %% tags=["nbval-check-output"]
picture = conv_viz.image("digit")[None, :, :, None]                        # (1, 32, 32, 1)
sobel = conv_viz.kernel("edge (vertical)")[:, :, None, None]               # (3, 3, 1, 1)
shifted = np.roll(picture, 2, axis=2)                                      # 2 pixels to the right
fmap = conv.conv2d_forward(picture, sobel, np.zeros(1))[0]
fmap_shifted = conv.conv2d_forward(shifted, sobel, np.zeros(1))[0]
print("feature map unchanged by the shift (invariance)?       ", np.allclose(fmap_shifted, fmap))
print("feature map shifted by the same 2 pixels (equivariance)?",
      np.allclose(fmap_shifted[:, :, 2:], fmap[:, :, :-2]))

# %% [markdown]
# ## Pooling
#
# A pooling layer summarises each window of `pool_size` cells of every channel by one number, moving
# by `stride` cells (003 eqs. 35–36 leave the stride out; it is what makes pooling shrink the map):
#
# $$\text{max: } \; y[i, j] = \max_{0 \le u, v < k} x[s i + u,\, s j + v], \qquad
#   \text{average: } \; y[i, j] = \frac{1}{k^2} \sum_{0 \le u, v < k} x[s i + u,\, s j + v].$$
#
# Keras' `MaxPooling2D(2)` has `stride = pool_size` (windows do not overlap) and halves each spatial
# size. It has no weights. Pooling each channel on its own keeps the channels; it throws away *where*
# inside the window the maximum was, which makes the output **approximately invariant** to small
# shifts: after pooling, a one-pixel shift often leaves the value unchanged.

# %% tags=["nbval-check-output"]
blocks = np.arange(16.0).reshape(1, 4, 4, 1)
print("4 x 4 input:\n", blocks[0, :, :, 0])
print("max pool 2:", conv.maxpool_forward(blocks, 2)[0][0, :, :, 0].tolist(),
      "  average pool 2:", conv.avgpool_forward(blocks, 2)[0][0, :, :, 0].tolist())
relu_map = np.maximum(fmap, 0)                                            # (1, 30, 30, 1)
relu_shifted = np.maximum(conv.conv2d_forward(np.roll(picture, 1, axis=2), sobel, np.zeros(1))[0], 0)
pooled, pooled_shifted = conv.maxpool_forward(relu_map, 2)[0], conv.maxpool_forward(relu_shifted, 2)[0]
print(f"after a 1-pixel shift: {np.mean(np.isclose(relu_map, relu_shifted)):.0%} of the feature map and "
      f"{np.mean(np.isclose(pooled, pooled_shifted)):.0%} of the max-pooled map are unchanged")

# %% [markdown]
# ### Exercise 4: `maxpool_forward` (2 points)
#
# Max pooling with "valid" windows: `X` of shape `(N, Hi, Wi, C)`, an int `pool_size` $k$ and an int
# `stride` $s$, where `stride=None` means $s = k$ (as in Keras). Each channel is pooled on its own;
# windows that do not fit are dropped, so $H_o = \lfloor (H_i - k)/s \rfloor + 1$. Return the pair
# `(out, cache)` with `out` a float array of shape `(N, Ho, Wo, C)`.
#
# *Stuck? `ex.maxpool_forward.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="maxpool_forward"
def maxpool_forward(X, pool_size=2, stride=None):
    """out[n, i, j, c] = max over the pool_size x pool_size window at (s i, s j); returns (out, cache)."""
    ### BEGIN SOLUTION
    k = pool_size
    s = k if stride is None else stride
    N, Hi, Wi, C = X.shape
    Ho, Wo = (Hi - k) // s + 1, (Wi - k) // s + 1
    out = np.full((N, Ho, Wo, C), -np.inf)
    for u in range(k):
        for v in range(k):
            cell = X[:, u:u + s * (Ho - 1) + 1:s, v:v + s * (Wo - 1) + 1:s, :]   # (N, Ho, Wo, C)
            out = np.maximum(out, cell)
    return out, (X, k, s)
    ### END SOLUTION


# %% nbgrader="tests" grade_id="maxpool_forward_tests" points=2
ex.maxpool_forward.check(maxpool_forward)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=301, n=2, size=8, c=3, pool=2, stride=None), dict(seed=302, n=1, size=9, c=2, pool=3, stride=2),
          dict(seed=303, n=3, size=6, c=1, pool=2, stride=1), dict(seed=304, n=1, size=7, c=4, pool=3, stride=None)]
### END HIDDEN TESTS

# %% [markdown]
# ## Backward passes
#
# Training needs the gradients. For the convolution they are again sums over windows (each window
# received some gradient; it goes back to the pixels it read and to the weights it used):
#
# $$\frac{\partial L}{\partial b_o} = \sum_{n,i,j} \delta[n,i,j,o], \qquad
#   \frac{\partial L}{\partial W[u,v,c,o]} = \sum_{n,i,j} X_p[n, si+u, sj+v, c]\,\delta[n,i,j,o], \qquad
#   \frac{\partial L}{\partial X_p[n, si+u, sj+v, c]} \mathrel{+}= \sum_o W[u,v,c,o]\,\delta[n,i,j,o],$$
#
# with $\delta = \partial L / \partial\,\text{out}$. Max pooling passes each window's gradient to the
# cell that held the maximum, average pooling shares it equally among the window's cells. dlkit has
# them (`conv2d_backward`, `maxpool_backward`, `avgpool_backward`); the gradient check of chapter 05
# confirms them on a small batch.

# %%
from dlkit.nn.gradcheck import numerical_gradient, rel_error  # noqa: E402

Xg, Wg, bg = rng.normal(size=(2, 5, 5, 3)), rng.normal(size=(3, 3, 3, 4)), rng.normal(size=4)
out_g, cache_g = conv.conv2d_forward(Xg, Wg, bg, 2, "same")
dout_g = rng.normal(size=out_g.shape)                                    # an upstream gradient
dX, dW, db = conv.conv2d_backward(dout_g, cache_g)
loss = lambda: np.sum(conv.conv2d_forward(Xg, Wg, bg, 2, "same")[0] * dout_g)   # noqa: E731
for name, analytic, x in [("dX", dX, Xg), ("dW", dW, Wg), ("db", db, bg)]:
    print(f"conv2d_backward {name}: relative error {rel_error(analytic, numerical_gradient(lambda _: loss(), x)):.0e}")
pool_out, pool_cache = conv.maxpool_forward(Xg, 2, 1)
dpool = rng.normal(size=pool_out.shape)
num = numerical_gradient(lambda _: np.sum(conv.maxpool_forward(Xg, 2, 1)[0] * dpool), Xg)
print(f"maxpool_backward dX: relative error {rel_error(conv.maxpool_backward(dpool, pool_cache), num):.0e}")

# %% [markdown]
# ## A CNN in Keras
#
# The typical architecture stacks the pieces (003 eq. 37):
#
# $$\text{INPUT} \rightarrow [\text{CONV} \rightarrow \text{RELU} \rightarrow \text{POOL}]^{*}
#   \rightarrow \text{FC} \rightarrow \text{SOFTMAX}.$$
#
# In Keras: `Conv2D(filters, kernel_size, padding=..., activation="relu")` (the ReLU is part of the
# layer), `MaxPooling2D(pool_size)`, `Flatten()` to turn the last feature maps into a vector, and
# `Dense(C, activation="softmax")`. Our data are scikit-learn's handwritten digits as $8 \times 8$ images
# with one channel, pixels scaled from 0..16 to [0, 1] (`dlkit.data.digits.digits_image_splits`:
# 1077 training, 360 validation and 360 test images). Each block halves the size and deepens the maps:

# %% tags=["nbval-check-output"]
from dlkit.data.digits import digits_image_splits  # noqa: E402

digits = digits_image_splits(seed=0)
print("train", digits.X_train.shape, " validation", digits.X_val.shape, " test", digits.X_test.shape)
shape_demo = cnn.digits_cnn()
for layer in shape_demo.layers:
    print(f"{layer.name:16s} -> {str(layer.output.shape):18s} {layer.count_params():5d} parameters")
print("total", shape_demo.count_params())

# %% [markdown]
# Training follows chapter 08's rules: the **validation** images choose when to stop (`EarlyStopping`
# on the validation accuracy, keeping the best epoch's weights), and the test images are used once, at
# the end. `dlkit.models.cnn.train_digits_cnn` does that with Adam (learning rate 0.01), batches of 32,
# at most 20 epochs. The figure shows the training and validation accuracy per epoch.

# %%
cnn_model, cnn_history = cnn.train_digits_cnn(digits.X_train, digits.y_train, digits.X_val, digits.y_val, seed=0,
                                              callbacks=[keras_progress(20, desc="digits CNN")])
test_accuracy = np.mean(cnn_model.predict(digits.X_test, verbose=0).argmax(axis=1) == digits.y_test)
print(f"epochs run: {len(cnn_history.history['loss'])}, best validation accuracy "
      f"{max(cnn_history.history['val_accuracy']):.1%}, test accuracy (once, at the end) {test_accuracy:.1%}")
fig, ax = plots.new_figure(figsize=(6, 3.6))
epochs_run = np.arange(1, len(cnn_history.history["loss"]) + 1)
ax.plot(epochs_run, cnn_history.history["accuracy"], label="training")
ax.plot(epochs_run, cnn_history.history["val_accuracy"], label="validation")
plots.label(ax, "epoch", "accuracy", "digits CNN")
ax.legend()
fig

# %% [markdown]
# ### What the network learned
#
# The first layer's 16 filters are $3 \times 3$ weight grids (one input channel). Unlike the hand-made
# kernels of the explorer they come out of training; several look like small edge or stroke detectors
# (a positive and a negative side). Red is a positive weight, blue a negative one.

# %%
conv_viz.filters_figure(cnn_model.layers[0].get_weights()[0], title="first-layer filters of the digits CNN")

# %% [markdown]
# The feature maps of one test image on its way through the network: the first convolution's maps are
# still $8 \times 8$ pictures of the digit (each filter highlights other strokes), pooling halves them,
# and after the second block each of the 32 channels is a $2 \times 2$ summary that the softmax layer reads.

# %%
maps = cnn.feature_maps(cnn_model, digits.X_test[0])
print("the test image is a", digits.y_test[0], "; predicted", cnn_model.predict(digits.X_test[:1], verbose=0).argmax())
conv_viz.feature_maps_figure(digits.X_test[0], maps, per_layer=6)

# %% [markdown]
# ### Exercise 5: `train_cnn` (3 points)
#
# Build, compile and train your own CNN and return the **trained Keras model**:
#
# * inputs `X_train (1077, 8, 8, 1)` float32 in [0, 1], `y_train (1077,)` (integer digits),
#   `X_val (360, 8, 8, 1)`, `y_val (360,)`, all from `digits_image_splits(seed)`; seed Keras
#   first with `keras.utils.set_random_seed`, passing `seed`;
# * at least one `Conv2D` layer (this is a CNN), and an output layer of 10 softmax units;
# * choose the epoch with the validation set (the test images are not given to you).
#
# The check computes the model's accuracy on the 360 test images of the same split (the labels stay with
# the grader) and requires **at least 95 %**. The reference solution, the architecture above trained with
# early stopping on the validation accuracy, reached 96.9 % to 99.2 % over seeds 0 to 7. The check
# trains your function once here (a few seconds) and on one more split at grading time.
#
# *Stuck? `ex.train_cnn.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="train_cnn"
def train_cnn(X_train, y_train, X_val, y_val, seed=0):
    """A CNN trained on the digits images, the epoch chosen on (X_val, y_val); returns the model."""
    ### BEGIN SOLUTION
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input(shape=X_train.shape[1:]),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    best_epoch = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=5, restore_best_weights=True)
    model.fit(X_train, y_train, epochs=20, batch_size=32, validation_data=(X_val, y_val), verbose=0,
              callbacks=[best_epoch])
    return model
    ### END SOLUTION


# %% nbgrader="tests" grade_id="train_cnn_tests" points=3
ex.train_cnn.check(train_cnn)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=3)]
### END HIDDEN TESTS

# %% [markdown]
# ## Classic architectures
#
# The same building blocks, scaled up, made the history of image recognition. The parameter counts
# below are computed live from the Keras models: LeNet-5 and AlexNet as dlkit defines them,
# VGG16, VGG19 and ResNet50 from `keras.applications` with `weights=None` (no download). They are built
# inside a Keras `StatelessScope` that records the weights' shapes without allocating them
# (`dlkit.models.cnn.architecture`): VGG16 alone would take 553 MB and seconds to initialise.
#
# * **LeNet-5** (LeCun et al., 1998) read digits and cheques: $5 \times 5$ convolutions, average pooling
#   ("subsampling"), tanh, on $32 \times 32$ images.
# * **AlexNet** (Krizhevsky et al., 2012) won ImageNet with 5 convolutional and 3 dense layers, ReLU and
#   dropout, trained on two GPUs. 003 quotes 60 M parameters, the two-GPU version in which some layers
#   saw only half of the previous maps; written as one network it has 62.4 M.
# * **VGG** (Simonyan and Zisserman, 2014) uses only $3 \times 3$ convolutions, stacked 2 or 3 before each
#   pooling: VGG16 has **138 M** parameters (the number 003 gives under "VGGNet"), VGG19 143.7 M. Almost
#   all of them sit in the first dense layer ($7 \cdot 7 \cdot 512 \times 4096$), the convolutions need 14.7 M.
# * **ResNet** (He et al., 2015) added skip connections (next section); ResNet50 has 50 weighted layers
#   and only 25.6 M parameters, because it ends with global average pooling instead of big dense layers.

# %% tags=["nbval-check-output"]
classics = [("LeNet-5", cnn.lenet5), ("AlexNet", cnn.alexnet),
            ("VGG16", lambda: keras.applications.VGG16(weights=None)),
            ("VGG19", lambda: keras.applications.VGG19(weights=None)),
            ("ResNet50", lambda: keras.applications.ResNet50(weights=None))]
print(f"{'network':9s} {'input':>14s} {'conv':>5s} {'dense':>6s} {'parameters':>13s}")
for name, build in classics:
    a = cnn.architecture(build)
    print(f"{name:9s} {str(a['input_shape']):>14s} {a['conv_layers']:5d} {a['dense_layers']:6d} {a['params']:13,d}")
vgg_base = cnn.architecture(lambda: keras.applications.VGG16(weights=None, include_top=False))
print(f"VGG16's convolutions alone: {vgg_base['params']:,}; its first dense layer: {7 * 7 * 512 * 4096 + 4096:,}")

# %% [markdown]
# ## Residual blocks
#
# Stacking more layers should never hurt in principle (the extra layers could learn the identity), yet
# plain networks of 30 or more layers trained *worse* than shallower ones, on the training set too. He et
# al.'s fix lets a block learn only a correction to its input (003 eq. 38):
#
# $$H(x) = \mathcal{F}(x) + x,$$
#
# where $\mathcal{F}$ is two $3 \times 3$ convolutions, each followed by batch normalisation (chapter
# 08), with a ReLU between them, and a final ReLU after the sum. If the best thing a block can do is
# nothing, it only has to push $\mathcal{F}$ to 0, and the gradient reaches early layers through the
# "+ x" path undiminished.
#
# 003's code adds $x$ itself, which only works when $\mathcal{F}(x)$ has $x$'s shape. A block that
# changes the number of channels, or halves the size with `strides=2`, needs a **projection shortcut**:
# a $1 \times 1$ convolution with `filters` filters and the same stride, followed by batch normalisation,
# applied to $x$ before the addition.

# %% tags=["nbval-check-output"]
for shape, filters, stride in [((6, 6, 8), 8, 1), ((6, 6, 4), 8, 1), ((6, 6, 4), 8, 2)]:
    inputs = keras.Input(shape)
    block = keras.Model(inputs, cnn.residual_block(inputs, filters, stride))
    kinds = [type(layer).__name__ for layer in block.layers]
    print(f"x {shape} -> H(x) {block.output_shape[1:]}: {kinds.count('Conv2D')} Conv2D, "
          f"{block.count_params()} parameters")

# %% [markdown]
# ### Exercise 6: `residual_block` (3 points)
#
# Write the block with the **Functional API** (chapter 07): `residual_block(x, filters, stride)` receives
# a Keras tensor `x` of shape `(None, H, W, C)` and returns the block's output tensor:
#
# 1. $\mathcal{F}$: `Conv2D(filters, 3, strides=stride, padding="same")`, `BatchNormalization()`,
#    a ReLU (`Activation("relu")`), `Conv2D(filters, 3, padding="same")`, `BatchNormalization()`;
# 2. the shortcut: `x` itself when `stride == 1` and `x` already has `filters` channels, else
#    `Conv2D(filters, 1, strides=stride)` followed by `BatchNormalization()`;
# 3. `Add()` the two, then a ReLU.
#
# Keep Keras' defaults otherwise. The check builds `keras.Model(x, residual_block(x, filters, stride))`,
# sets every weight to values that depend only on its name and shape (`dlkit.models.cnn.set_weights_by_shape`),
# and compares the layers and the block's output on some images with a numpy reference
# (`dlkit.nn.conv.residual_block_forward`).
#
# *Stuck? `ex.residual_block.hint()` gives a hint; call it again for more.*

# %% nbgrader="solution" grade_id="residual_block"
def residual_block(x, filters, stride=1):
    """H(x) = relu(F(x) + shortcut(x)) on a Keras tensor x (N, H, W, C); returns the output tensor."""
    ### BEGIN SOLUTION
    layers = keras.layers
    f = layers.Conv2D(filters, 3, strides=stride, padding="same")(x)
    f = layers.BatchNormalization()(f)
    f = layers.Activation("relu")(f)
    f = layers.Conv2D(filters, 3, padding="same")(f)
    f = layers.BatchNormalization()(f)
    if stride == 1 and x.shape[-1] == filters:
        shortcut = x                                           # identity: shapes already match
    else:
        shortcut = layers.Conv2D(filters, 1, strides=stride)(x)   # projection to F(x)'s shape
        shortcut = layers.BatchNormalization()(shortcut)
    return layers.Activation("relu")(layers.Add()([f, shortcut]))
    ### END SOLUTION


# %% nbgrader="tests" grade_id="residual_block_tests" points=3
ex.residual_block.check(residual_block)
### BEGIN HIDDEN TESTS
HIDDEN = [dict(seed=401, n=2, size=8, ci=16, filters=16, stride=1), dict(seed=402, n=1, size=7, ci=3, filters=6, stride=2),
          dict(seed=403, n=2, size=5, ci=8, filters=4, stride=1), dict(seed=404, n=1, size=8, ci=6, filters=6, stride=2)]
### END HIDDEN TESTS

# %% [markdown]
# A mini-ResNet for the digits, in the spirit of 003's example: a first convolution to 16 channels,
# two residual blocks (the second one halving the size with a projection), global average pooling and
# the softmax layer. It uses dlkit's block (`dlkit.models.cnn.residual_block`); once your
# `residual_block` passes its checks, it builds the same network.

# %% tags=["nbval-check-output"]
inputs = keras.Input((8, 8, 1))
h = keras.layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
h = cnn.residual_block(h, 16, 1)                          # identity shortcut: (8, 8, 16)
h = cnn.residual_block(h, 32, 2)                          # projection shortcut: (4, 4, 32)
h = keras.layers.GlobalAveragePooling2D()(h)
mini_resnet = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(h), name="mini_resnet")
print(f"{mini_resnet.name}: {mini_resnet.count_params():,} parameters, output {mini_resnet.output_shape}")

# %% [markdown]
# ## Summary
#
# * A convolutional layer slides $C_o$ filters of $k_h \times k_w \times C_i$ weights over the image:
#   local connectivity, shared weights, $k_h k_w C_i C_o + C_o$ parameters whatever the image size, and
#   feature maps that shift with the input (equivariance). It computes a cross-correlation.
# * Output size: $\lfloor (n + 2p - f)/s \rfloor + 1$; "same" padding keeps $\lceil n/s \rceil$.
# * im2col turns the convolution into one matrix product; the loops of the definition are thousands of
#   times slower in Python.
# * Pooling shrinks the maps and makes them approximately invariant to small shifts.
# * A small CNN reads the $8 \times 8$ digits at about 97 % test accuracy with 6 090 parameters.
# * Residual blocks $H(x) = \mathcal{F}(x) + x$, with a projection where shapes differ, made very deep
#   networks trainable. Chapter 15 reuses pretrained convolutional bases.
