"""Exercises of chapter 10 (convolutional neural networks).

    conv_output_size(n, f, p, s)                  floor((n + 2p - f) / s) + 1, an int          (003 eq. 34)
    conv2d_naive(X, W, b, stride, padding)        the convolution layer's sum as loops; padding an int p
                                                  -> out (N, Ho, Wo, Co)
    conv2d_forward(X, W, b, stride, padding)      vectorised, padding "valid" or "same" as tf.nn.conv2d
                                                  -> (out, cache)
    maxpool_forward(X, pool_size, stride)         max pooling, "valid", stride None = pool_size -> (out, cache)
    residual_block(x, filters, stride)            a Keras functional residual block -> its output tensor
    train_cnn(X_train, y_train, X_val, y_val, seed)  a trained Keras CNN, >= 95 % on the held-out test images

Shapes (docs/NAMING.md): images X (N, Hi, Wi, Ci), kernels W (kh, kw, Ci, Co), biases b (Co,).
Each exercise is defined once here: the visible cases, the hidden cases, the reference (numpy, from
dlkit.nn.conv), the judge with the typical mistakes, and three levels of hints.
"""

from __future__ import annotations

import math

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake
from dlkit.nn import conv

__all__ = ["conv_output_size", "conv2d_naive", "conv2d_forward", "maxpool_forward", "residual_block",
           "train_cnn", "TRAIN_THRESHOLD"]

TRAIN_THRESHOLD = 0.95        # test accuracy train_cnn must reach (measured: see the chapter)


def _batch(seed, n, size, ci, co, k):
    rng = np.random.default_rng(seed)
    return {"X": rng.normal(size=(n, size, size, ci)), "W": rng.normal(size=(k, k, ci, co)),
            "b": rng.normal(size=co)}


# --- conv_output_size ---------------------------------------------------------------------------------

def _size_judge(t, got, want):
    t.number(got, integer=True, hint="return an int: the formula floors the division, so use // (floor "
                                     "division) or int(...) around it; / gives a float such as 26.0 or 3.5")
    n, f, p, s = (t.inputs[k] for k in "nfps")
    t.equal(got, want, mistakes=[
        Mistake(lambda n, f, p, s: (n + p - f) // s + 1, "the padding counts once: p zeros go on *each* side, "
                "so the padded size is n + 2p"),
        Mistake(lambda n, f, p, s: (n + 2 * p - f) // s, "the +1 is missing: the first window position counts "
                "too (a 3-wide filter fits 26 times on 28 pixels, not 25)"),
        Mistake(lambda n, f, p, s: n + 2 * p - f + 1, "the stride is ignored: the window moves s pixels at a "
                "time, so divide (n + 2p - f) by s"),
        Mistake(lambda n, f, p, s: math.ceil((n + 2 * p - f) / s) + 1, "the division is rounded up: a last "
                "window that does not fit entirely is dropped, so round down (floor, //)"),
        Mistake(lambda n, f, p, s: round((n + 2 * p - f) / s) + 1, "the division is rounded to the nearest "
                "integer: round down (floor, //) instead"),
    ])


conv_output_size = Exercise(
    "conv_output_size",
    cases=[
        Case("conv_output_size(n=28, f=3, p=0, s=1)", n=28, f=3, p=0, s=1,
             hint="no padding, stride 1: a 3-wide window fits at positions 0 .. 25 of 28 pixels, 28 - 3 + 1 = 26"),
        Case("conv_output_size(n=28, f=3, p=1, s=1)", n=28, f=3, p=1, s=1,
             hint="one zero on each side makes 30 pixels: 30 - 3 + 1 = 28, the size is kept ('same')"),
        Case("conv_output_size(n=7, f=3, p=0, s=2)", n=7, f=3, p=0, s=2,
             hint="with stride 2 the window starts at 0, 2, 4: (7 - 3) / 2 + 1 = 3"),
        Case("conv_output_size(n=8, f=3, p=0, s=2)", n=8, f=3, p=0, s=2,
             hint="(8 - 3) / 2 = 2.5 is rounded down: windows start at 0, 2, 4 (a window at 6 would need pixel "
                  "8), so 3"),
        Case("conv_output_size(n=227, f=11, p=0, s=4)  (AlexNet's first layer)", n=227, f=11, p=0, s=4,
             hint="(227 - 11) / 4 + 1 = 55"),
    ],
    hidden=lambda n, f, p, s: Case("a size with padding and stride", n=n, f=f, p=p, s=s,
                                   hint="floor((n + 2p - f) / s) + 1"),
    reference=lambda n, f, p, s: (n + 2 * p - f) // s + 1,
    judge=_size_judge,
    crash_hint="the arguments are four ints; return (n + 2 * p - f) // s + 1",
    hints=(
        "Count the positions where the window fits: slide it s pixels at a time over the padded row.",
        "The padded row has n + 2p pixels; the window's first pixel can be at 0, s, 2s, ... as long as its f "
        "pixels fit. Count those positions and round down.",
        "floor((n + 2p - f) / s) + 1, with // for the floor: (n + 2 * p - f) // s + 1",
    ),
    references=("dlkit.nn.conv.conv_output_size",),
)


# --- conv2d_naive --------------------------------------------------------------------------------------

def _naive_ref(X, W, b, stride, padding):
    return conv.conv2d_forward(X, W, b, stride, padding)[0]


def _shape_mistakes(t, got_shape, want_shape, int_padding: bool):
    """Name the usual reasons for a wrong output shape of a convolution (stride, padding, channels)."""
    X, W, stride, padding = t.inputs["X"], t.inputs["W"], t.inputs["stride"], t.inputs["padding"]
    N, Hi, Wi, Ci = X.shape
    kh, kw, _, Co = W.shape
    if len(got_shape) != 4:
        return ("the result is an image batch (N, Ho, Wo, Co): one feature map per filter for every image; "
                "keep the batch axis and the output-channel axis")
    if got_shape[3] != Co:
        return f"the last axis has one entry per filter: Co = W.shape[3]{'' if not t.visible else f' = {Co}'}"

    def size(n, f, p, s):
        return (n + 2 * p - f) // s + 1 if n + 2 * p >= f else None

    if int_padding:
        p = padding
        if stride != 1 and got_shape[1:3] == (size(Hi, kh, p, 1), size(Wi, kw, p, 1)):
            return "the stride is ignored: output (i, j) reads the window starting at row stride*i, column stride*j"
        if p and got_shape[1:3] == (size(Hi, kh, 0, stride), size(Wi, kw, 0, stride)):
            return "the padding is ignored: put p rows/columns of zeros on every side first (np.pad)"
        if p and got_shape[1:3] == ((Hi + p - kh) // stride + 1, (Wi + p - kw) // stride + 1):
            return "the padding is on one side only: p zeros go on each side, n + 2p pixels in all"
    else:
        if padding == "same" and got_shape[1:3] == (Hi, Wi) and stride != 1:
            return ("'same' keeps the size only at stride 1: with stride s the output has ceil(n / s) cells "
                    "(is the stride used?); pad with same_padding(n, f, s), then slide s cells at a time")
        pads = [conv.same_padding(n, f, stride) if padding == "same" else (0, 0) for n, f in ((Hi, kh), (Wi, kw))]
        unstrided = tuple(n + sum(p) - f + 1 for n, p, f in zip((Hi, Wi), pads, (kh, kw)))
        if stride != 1 and (got_shape[1:3] == unstrided or
                            got_shape[1:3] == conv.conv2d_forward(X[:1], W, t.inputs["b"], 1, padding)[0].shape[1:3]):
            return "the stride is ignored: output (i, j) reads the window starting at row stride*i, column stride*j"
        if padding == "same" and got_shape[1:3] == (size(Hi, kh, 0, stride), size(Wi, kw, 0, stride)):
            return "padding='same' is treated like 'valid': pad the input first (same_padding gives the amounts)"
        if padding == "same" and got_shape[1:3] == (size(Hi, kh, kh // 2, stride), size(Wi, kw, kw // 2, stride)):
            return ("'same' padding is not f // 2 on each side for an even kernel: the total is "
                    "max((ceil(n / s) - 1) s + f - n, 0), with the extra row at the bottom (same_padding)")
    return None


def _conv_values(t, out, want, what_padding: str):
    X, W, b, stride, padding = (t.inputs[k] for k in ("X", "W", "b", "stride", "padding"))
    t.close(out, want, rtol=1e-5, atol=1e-8, mistakes=[
        Mistake(lambda X, W, b, stride, padding: conv.conv2d_forward(X, W[::-1, ::-1], b, stride, padding)[0],
                "the kernel is flipped: that is the convolution of mathematics, but Conv2D (and 003 eq. 33) "
                "computes the cross-correlation: multiply X[s*i + u, s*j + v] by W[u, v], not by W[kh-1-u, kw-1-v]"),
        Mistake(lambda X, W, b, stride, padding: conv.conv2d_forward(X, W, 0 * b, stride, padding)[0],
                "the bias is missing: add b[o] once to every value of feature map o"),
        Mistake(lambda X, W, b, stride, padding: conv.conv2d_forward(X, W, b * np.prod(W.shape[:3]), stride,
                                                                   padding)[0],
                "the bias is added to every product inside the sum: add it once per output value, after the sum"),
        Mistake(lambda X, W, b, stride, padding: conv.conv2d_forward(X[..., :1], W[:, :, :1], b, stride, padding)[0],
                "only the first input channel is used: a filter spans all Ci input channels, and the sum runs "
                "over u, v *and* c"),
        Mistake(lambda X, W, b, stride, padding: conv.conv2d_forward(X, W, b, 1, padding)[0][
            :, :out.shape[1], :out.shape[2]] if stride != 1 else None,
                "the window of output (i, j) starts at row i, column j: with a stride it starts at stride*i, "
                "stride*j"),
        Mistake(lambda X, W, b, stride, padding: conv.conv2d_forward(
            X, W.reshape(-1, W.shape[3]).reshape(W.shape[2], W.shape[0], W.shape[1], W.shape[3]).transpose(1, 2, 0, 3),
            b, stride, padding)[0],
                "the windows' columns are ordered (channel, row, column) but W.reshape(kh*kw*Ci, Co) is ordered "
                "(row, column, channel): transpose the windows to (N, Ho, Wo, kh, kw, Ci) before reshaping them"),
        Mistake(lambda X, W, b, stride, padding: _same_top_left(X, W, b, stride, padding),
                "the odd padding row/column is at the top/left: TensorFlow puts the extra one at the bottom/"
                "right (same_padding(n, f, s) returns (before, after) with after >= before)"),
    ], hint=t.hint or what_padding)


def _same_top_left(X, W, b, stride, padding):
    if padding != "same":
        return None
    pads = [conv.same_padding(n, f, stride) for n, f in zip(X.shape[1:3], W.shape[:2])]
    (t, bt), (lf, r) = pads
    if t == bt and lf == r:
        return None
    Xp = np.pad(X, ((0, 0), (bt, t), (r, lf), (0, 0)))
    return conv.conv2d_forward(Xp, W, b, stride, "valid")[0]


def _naive_judge(t, got, want):
    t.array(got, dtype="float", hint="return a numpy float array of shape (N, Ho, Wo, Co), e.g. filled in a "
                                     "np.zeros((N, Ho, Wo, Co)) made before the loops")
    if got.shape != want.shape:
        t.fail(f"{t.label} has the wrong shape", want.shape, got.shape,
               hint=_shape_mistakes(t, got.shape, want.shape, True)
               or "Ho = (Hi + 2p - kh) // stride + 1 and Wo likewise; N and Co = W.shape[3] as given")
    _conv_values(t, got, want, "out[n, i, j, o] = b[o] + sum over u, v, c of Xp[n, s*i + u, s*j + v, c] * W[u, v, c, o]")


_X_hand = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)               # [[1 2 3] [4 5 6] [7 8 9]]
_W_hand = np.array([[1.0, 0.0], [0.0, -1.0]]).reshape(2, 2, 1, 1)


def _naive_hidden(seed, n, size, ci, co, k, stride, padding):
    return Case(f"random images ({'stride ' + str(stride) if stride > 1 else 'stride 1'}, "
                f"{'padding' if padding else 'no padding'})", **_batch(seed, n, size, ci, co, k), stride=stride,
                padding=padding, hint="out[n, i, j, o] = b[o] + sum over u, v, c of Xp[n, s*i + u, s*j + v, c] * W[u, v, c, o]")


conv2d_naive = Exercise(
    "conv2d_naive",
    cases=[
        Case("conv2d_naive(X, W, b=[0]) for X = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] (one image, one channel), "
             "W = [[1, 0], [0, -1]]", X=_X_hand, W=_W_hand, b=np.zeros(1), stride=1, padding=0,
             hint="out[0, 0, 0, 0] = 1*1 + 2*0 + 4*0 + 5*(-1) = -4: the window's top-left pixel times W[0, 0], "
                  "and so on; every output is -4"),
        Case("conv2d_naive(X, W, b=[0.5]) for the same X and W", X=_X_hand, W=_W_hand, b=np.array([0.5]), stride=1,
             padding=0, hint="the products are right (the check with b = 0 passed): add b[o] once, -4 + 0.5 = -3.5"),
        Case("conv2d_naive on 2 random images of 4 x 4 with 3 channels, 2 filters of 3 x 3",
             **_batch(1, 2, 4, 3, 2, 3), stride=1, padding=0,
             hint="each filter spans all 3 input channels: sum over u, v and c, one feature map per filter"),
        Case("conv2d_naive with stride=2 on a 5 x 5 image with 2 channels, 2 filters of 3 x 3",
             **_batch(2, 1, 5, 2, 2, 3), stride=2, padding=0,
             hint="Ho = (5 - 3) // 2 + 1 = 2; output (i, j) reads the window starting at (2i, 2j)"),
        Case("conv2d_naive with padding=1 on a 4 x 4 image, one filter of 3 x 3", **_batch(3, 1, 4, 1, 1, 3),
             stride=1, padding=1,
             hint="pad one row/column of zeros on every side (np.pad(X, ((0, 0), (p, p), (p, p), (0, 0)))), "
                  "then slide over the 6 x 6 result: Ho = 4"),
    ],
    hidden=_naive_hidden,
    reference=_naive_ref,
    judge=_naive_judge,
    crash_hint="index the padded images as Xp[n, stride*i + u, stride*j + v, c] and the kernel as W[u, v, c, o]; "
               "the loops run over n < N, i < Ho, j < Wo, o < Co, u < kh, v < kw, c < Ci",
    hints=(
        "Write the sum of the formula as it reads: one loop per index, the output position first, the "
        "window's cells inside.",
        "Pad X with p zeros on each side (np.pad), compute Ho and Wo with your conv_output_size, make "
        "out = np.zeros((N, Ho, Wo, Co)), then for every n, i, j, o add up Xp[n, s*i + u, s*j + v, c] * "
        "W[u, v, c, o] over u, v, c and add b[o].",
        "out[n, i, j, o] = b[o] + sum_{u, v, c} Xp[n, s*i + u, s*j + v, c] * W[u, v, c, o]; the three inner "
        "loops can also be one np.sum(Xp[n, s*i:s*i + kh, s*j:s*j + kw, :] * W[:, :, :, o]).",
    ),
    references=("dlkit.nn.conv.conv2d_naive", "dlkit.nn.conv.conv2d_forward"),
)


# --- conv2d_forward ------------------------------------------------------------------------------------

def _pair_call(fn, **inputs):
    """A layer's forward returns (out, cache): keep out, and whether the answer was a pair."""
    result = fn(*inputs.values())
    if type(result) in (tuple, list) and len(result) == 2:
        return {"pair": True, "out": result[0]}
    return {"pair": False, "out": result}


def _need_pair(t, got, name):
    if not got["pair"]:
        t.fail(f"{t.label} should return the pair (out, cache)", "a tuple (out, cache)",
               "a numpy array" if type(got["out"]) is np.ndarray else "another value",
               hint=f"a layer's forward returns its output and what its backward pass needs: return out, cache "
                    f"(cache can be any value, e.g. (X, W, stride, padding)); {name}")


def _forward_judge(t, got, want):
    _need_pair(t, got, "the check reads out, the first item")
    out = got["out"]
    t.array(out, dtype="float", name=f"{t.label}[0]", hint="out must be a numpy float array (N, Ho, Wo, Co)")
    if out.shape != want.shape:
        t.fail(f"{t.label}[0] has the wrong shape", want.shape, out.shape,
               hint=_shape_mistakes(t, out.shape, want.shape, False)
               or "'valid': Ho = (Hi - kh) // s + 1; 'same': Ho = ceil(Hi / s)")
    _conv_values(t, out, want, "compare with tf.nn.conv2d(X, W, stride, padding.upper()) + b")


def _forward_hidden(seed, n, size, ci, co, k, stride, padding):
    return Case(f"random images (stride {stride}, padding '{padding}')", **_batch(seed, n, size, ci, co, k),
                stride=stride, padding=padding,
                hint="the same formula as conv2d_naive, on the images padded as TensorFlow pads them")


conv2d_forward = Exercise(
    "conv2d_forward",
    cases=[
        Case("conv2d_forward(X, W, b, stride=1, padding='valid') on 2 images of 5 x 5 x 3, 4 filters of 3 x 3",
             **_batch(11, 2, 5, 3, 4, 3), stride=1, padding="valid",
             hint="the same numbers as conv2d_naive with padding=0: out[n, i, j, o] = b[o] + sum over u, v, c of "
                  "X[n, i + u, j + v, c] * W[u, v, c, o]"),
        Case("conv2d_forward(..., stride=1, padding='same') on 2 images of 5 x 5 x 3, 4 filters of 3 x 3",
             **_batch(12, 2, 5, 3, 4, 3), stride=1, padding="same",
             hint="'same' with a 3 x 3 kernel at stride 1 pads one zero on every side, so Ho = Hi = 5"),
        Case("conv2d_forward(..., stride=1, padding='same') with a 2 x 2 kernel on a 4 x 4 image",
             **_batch(14, 2, 4, 2, 2, 2), stride=1, padding="same",
             hint="an even kernel needs an odd total padding: (4 - 1) * 1 + 2 - 4 = 1, at the bottom/right"),
        Case("conv2d_forward(..., stride=2, padding='same') on a 6 x 6 image with 2 channels, 3 filters of 3 x 3",
             **_batch(13, 1, 6, 2, 3, 3), stride=2, padding="same",
             hint="the output has ceil(6 / 2) = 3 cells; the total padding is (3 - 1) * 2 + 3 - 6 = 1, put at the "
                  "bottom/right: same_padding(6, 3, 2) = (0, 1)"),
        Case("conv2d_forward(..., stride=2, padding='valid') on a 7 x 7 image with 3 channels, 2 filters of 3 x 3",
             **_batch(15, 3, 7, 3, 2, 3), stride=2, padding="valid",
             hint="Ho = (7 - 3) // 2 + 1 = 3: windows start at rows 0, 2, 4"),
    ],
    hidden=_forward_hidden,
    call=_pair_call,
    reference=lambda X, W, b, stride, padding: conv.conv2d_forward(X, W, b, stride, padding)[0],
    judge=_forward_judge,
    crash_hint="padding is the string 'valid' or 'same'; for 'same' pad X with same_padding(Hi, kh, stride) rows "
               "and same_padding(Wi, kw, stride) columns, then treat it like 'valid'",
    hints=(
        "Put every window of the padded images side by side as the rows of one matrix: then the whole "
        "convolution is one matrix product with the kernels (im2col).",
        "For each kernel cell (u, v) the slice Xp[:, u:u + s*(Ho - 1) + 1:s, v:v + s*(Wo - 1) + 1:s, :] holds "
        "that cell's pixel of every window, shape (N, Ho, Wo, Ci). Stack those kh*kw slices into columns "
        "(N, Ho, Wo, kh*kw*Ci) and multiply by W reshaped to (kh*kw*Ci, Co); or add up slice @ W[u, v] over u, v. "
        "np.lib.stride_tricks.sliding_window_view and np.einsum work too.",
        "cols[n, i, j, :] = Xp[n, s*i:s*i + kh, s*j:s*j + kw, :].ravel(); "
        "out = cols @ W.reshape(kh * kw * Ci, Co) + b; return out, (X, W, b, stride, padding)",
    ),
    references=("dlkit.nn.conv.conv2d_forward", "dlkit.nn.conv.conv2d_naive", "dlkit.nn.conv.im2col"),
)


# --- maxpool_forward -----------------------------------------------------------------------------------

def _pool_judge(t, got, want):
    _need_pair(t, got, "the check reads out, the first item")
    out = got["out"]
    t.array(out, dtype="float", name=f"{t.label}[0]", hint="out must be a numpy float array (N, Ho, Wo, C)")
    X, size, stride = t.inputs["X"], t.inputs["pool_size"], t.inputs["stride"]
    s = size if stride is None else stride
    N, Hi, Wi, C = X.shape
    if out.shape != want.shape:
        hint = "Ho = (Hi - pool_size) // stride + 1, stride = pool_size when it is None; N and C unchanged"
        if len(out.shape) == 4 and out.shape[3] != C:
            hint = "pooling works on each channel separately: the output keeps all C channels (max over u, v only)"
        elif s != 1 and len(out.shape) == 4 and out.shape[1:3] == (Hi - size + 1, Wi - size + 1):
            hint = ("the windows moved one pixel at a time: stride=None means stride = pool_size (as in Keras), "
                    "so windows do not overlap")
        elif len(out.shape) == 4 and out.shape[1:3] == (-(-(Hi - size) // s) + 1, -(-(Wi - size) // s) + 1):
            hint = "a last window that does not fit is dropped ('valid'): round down, (Hi - pool_size) // stride + 1"
        t.fail(f"{t.label}[0] has the wrong shape", want.shape, out.shape, hint=hint)
    t.close(out, want, mistakes=[
        Mistake(lambda X, pool_size, stride: conv.avgpool_forward(X, pool_size, stride)[0],
                "this is average pooling: max pooling keeps the largest value of each window"),
        Mistake(lambda X, pool_size, stride: -conv.maxpool_forward(-X, pool_size, stride)[0],
                "this is the smallest value of each window: max pooling keeps the largest"),
        Mistake(lambda X, pool_size, stride: conv.maxpool_forward(X, pool_size, 1)[0][
            :, :out.shape[1], :out.shape[2]] if s != 1 else None,
                "window (i, j) starts at row i, column j: it starts at stride*i, stride*j"),
    ])


def _pool_hidden(seed, n, size, c, pool, stride):
    rng = np.random.default_rng(seed)
    return Case(f"random images (pool {pool}, stride {'None' if stride is None else stride})",
                X=rng.normal(size=(n, size, size, c)), pool_size=pool, stride=stride,
                hint="out[n, i, j, c] = max over u, v < pool_size of X[n, s*i + u, s*j + v, c]")


maxpool_forward = Exercise(
    "maxpool_forward",
    cases=[
        Case("maxpool_forward(X, pool_size=2) for the 4 x 4 image X = [[0, 1, 2, 3], ..., [12, 13, 14, 15]]",
             X=np.arange(16.0).reshape(1, 4, 4, 1), pool_size=2, stride=None,
             hint="stride None means 2: four 2 x 2 blocks, whose largest values are 5, 7, 13 and 15"),
        Case("maxpool_forward(X, pool_size=2) on 2 random images of 4 x 6 with 3 channels",
             X=np.random.default_rng(21).normal(size=(2, 4, 6, 3)), pool_size=2, stride=None,
             hint="every channel is pooled on its own: the output is (2, 2, 3, 3)"),
        Case("maxpool_forward(X, pool_size=3, stride=2) on a 7 x 7 image with 2 channels (overlapping windows)",
             X=np.random.default_rng(22).normal(size=(1, 7, 7, 2)), pool_size=3, stride=2,
             hint="(7 - 3) // 2 + 1 = 3 windows per axis, starting at 0, 2, 4; neighbours share a row"),
        Case("maxpool_forward(X, pool_size=2) on a 5 x 5 image (the last row and column fit no window)",
             X=np.random.default_rng(23).normal(size=(1, 5, 5, 1)), pool_size=2, stride=None,
             hint="(5 - 2) // 2 + 1 = 2: the last row and column are dropped ('valid' pooling)"),
    ],
    hidden=_pool_hidden,
    call=_pair_call,
    reference=lambda X, pool_size, stride: conv.maxpool_forward(X, pool_size, stride)[0],
    judge=_pool_judge,
    crash_hint="stride may be None: use s = pool_size if stride is None else stride",
    hints=(
        "Each output cell is the largest value of one pool_size x pool_size window of one channel.",
        "With s = pool_size when stride is None and Ho = (Hi - pool_size) // s + 1: for every window offset "
        "(u, v) take the slice X[:, u:u + s*(Ho - 1) + 1:s, v:v + s*(Wo - 1) + 1:s, :] and keep the running "
        "maximum (np.maximum); or loop over i, j and take .max(axis=(1, 2)) of each window.",
        "out[:, i, j, :] = X[:, s*i:s*i + pool_size, s*j:s*j + pool_size, :].max(axis=(1, 2)); "
        "return out, (X, pool_size, s)",
    ),
    references=("dlkit.nn.conv.maxpool_forward",),
)


# --- residual_block ------------------------------------------------------------------------------------

def _residual_call(fn, X, filters, stride, seed):
    """Kernel side: build keras.Model(x, residual_block(x, filters, stride)), set the case's weights, describe it."""
    import keras

    from dlkit.models import cnn

    inp = keras.Input(shape=X.shape[1:])
    out = fn(inp, filters, stride)
    if not isinstance(out, keras.KerasTensor):
        return {"tensor": False, "received": type(out).__name__}
    model = keras.Model(inp, out)
    cnn.set_weights_by_shape(model, seed)
    kinds, kernels = {}, []
    for layer in model.layers:
        kind = type(layer).__name__
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "Conv2D":
            kernels.append([int(d) for d in layer.kernel.shape] + [int(layer.strides[0]), int(layer.use_bias)])
    return {"tensor": True, "shape": [int(d) for d in out.shape[1:]], "layers": kinds, "convs": sorted(kernels),
            "params": int(model.count_params()),
            "predictions": np.asarray(model.predict(X.astype(np.float32), verbose=0), dtype=float)}


def _residual_variant(X, filters, stride, seed, relu_before_add=False, final_relu=True, middle_relu=True):
    """The block in numpy with one thing changed: what a typical mistake computes."""
    from dlkit.models import cnn

    p = cnn.residual_params(seed, X.shape[3], filters, stride)
    bn = conv._batchnorm_inference
    h = bn(conv.conv2d_forward(X, p["W1"], p["b1"], stride, "same")[0], p, "1", 1e-3)
    h = np.maximum(h, 0) if middle_relu else h
    h = bn(conv.conv2d_forward(h, p["W2"], p["b2"], 1, "same")[0], p, "2", 1e-3)
    if relu_before_add:
        h = np.maximum(h, 0)
    short = X if (stride == 1 and X.shape[3] == filters) else bn(
        conv.conv2d_forward(X, p["Ws"], p["bs"], stride, "same")[0], p, "s", 1e-3)
    out = h + short
    return np.maximum(out, 0) if final_relu else out


def _residual_reference(X, filters, stride, seed):
    from dlkit.models import cnn

    return conv.residual_block_forward(X, cnn.residual_params(seed, X.shape[3], filters, stride), stride)


def _residual_judge(t, got, want):
    X, F, s = t.inputs["X"], t.inputs["filters"], t.inputs["stride"]
    Ci = X.shape[3]
    project = s != 1 or Ci != F
    if type(got) is not dict or not got.get("tensor"):
        t.fail(f"{t.label} should return the block's output tensor", "a Keras tensor (the output of the last layer)",
               got.get("received", "?") if type(got) is dict else "?",
               hint="call the layers on x and return the last result, e.g. return keras.layers.Activation('relu')(h); "
                    "not a Model, not the layers themselves")
    want_shape = list(want.shape[1:])
    if got["shape"] != want_shape:
        hint = "padding='same' in both 3 x 3 convolutions, the stride only in the first one (and in the projection)"
        if got["shape"][-1:] != want_shape[-1:]:
            hint = "both convolutions (and the projection) have `filters` filters: the block outputs `filters` channels"
        t.fail(f"{t.label}: the block's output has the wrong shape", tuple(want_shape), tuple(got["shape"]), hint=hint)
    kinds = got["layers"]
    n_conv, n_bn = kinds.get("Conv2D", 0), kinds.get("BatchNormalization", 0)
    want_conv = 3 if project else 2
    if n_conv != want_conv:
        if project:
            hint = ("the shapes of F(x) and x differ here (stride or channels), so the shortcut is a projection: "
                    "Conv2D(filters, 1, strides=stride) then BatchNormalization, applied to x")
        else:
            hint = ("x already has F(x)'s shape (stride 1, `filters` channels): the shortcut is x itself, "
                    "H(x) = F(x) + x, without a projection (it would add parameters for nothing)")
        t.fail(f"{t.label} has {n_conv} Conv2D layers", f"{want_conv} Conv2D layers", f"{n_conv}", hint=hint)
    if n_bn != want_conv:
        t.fail(f"{t.label} has {n_bn} BatchNormalization layers", f"{want_conv} (one after each Conv2D)", f"{n_bn}",
               hint="every Conv2D of the block, the projection's too, is followed by BatchNormalization()")
    want_convs = sorted([[3, 3, Ci, F, s], [3, 3, F, F, 1]] + ([[1, 1, Ci, F, s]] if project else []))
    if [c[:5] for c in got["convs"]] != want_convs:
        t.fail(f"{t.label}: the Conv2D layers have the wrong kernels or strides",
               "[kh, kw, Ci, Co, stride] = " + str(want_convs), str([c[:5] for c in got["convs"]]),
               hint="first Conv2D(filters, 3, strides=stride, padding='same'), second Conv2D(filters, 3, "
                    "padding='same') with stride 1, projection Conv2D(filters, 1, strides=stride)")
    t.close(got["predictions"], want, rtol=1e-4, atol=1e-4, name=f"{t.label}: the block's output on the case's images",
            mistakes=[
                Mistake(lambda X, filters, stride, seed: _residual_variant(X, filters, stride, seed, relu_before_add=True),
                        "F(x) goes through a ReLU before the addition: the block adds BN2's output to the shortcut "
                        "and applies the ReLU after the sum, H(x) = relu(F(x) + x)"),
                Mistake(lambda X, filters, stride, seed: _residual_variant(X, filters, stride, seed, relu_before_add=True,
                                                                           final_relu=False),
                        "F(x) goes through a ReLU before the addition, and the sum has none: add BN2's output to the "
                        "shortcut first, then apply the ReLU, H(x) = relu(F(x) + x)"),
                Mistake(lambda X, filters, stride, seed: _residual_variant(X, filters, stride, seed, final_relu=False),
                        "the ReLU after the addition is missing: H(x) = relu(F(x) + shortcut(x))"),
                Mistake(lambda X, filters, stride, seed: _residual_variant(X, filters, stride, seed, middle_relu=False),
                        "the ReLU between the two convolutions is missing: conv -> BN -> ReLU -> conv -> BN"),
            ],
            hint="conv(3 x 3, stride) -> BN -> ReLU -> conv(3 x 3) -> BN, plus the shortcut, then ReLU")


def _residual_hidden(seed, n, size, ci, filters, stride):
    rng = np.random.default_rng(seed)
    kind = "identity shortcut" if stride == 1 and ci == filters else "projection shortcut"
    return Case(f"a block with a {kind}", X=rng.normal(size=(n, size, size, ci)), filters=filters, stride=stride,
                seed=seed, hint="relu(BN(conv(relu(BN(conv(x))))) + shortcut(x))")


residual_block = Exercise(
    "residual_block",
    cases=[
        Case("residual_block(x, filters=8, stride=1) on x of shape (6, 6, 8): the identity shortcut",
             X=np.random.default_rng(31).normal(size=(2, 6, 6, 8)), filters=8, stride=1, seed=31,
             hint="x already has 8 channels and the stride is 1: H(x) = relu(F(x) + x) with "
                  "F = conv 3x3 -> BN -> ReLU -> conv 3x3 -> BN"),
        Case("residual_block(x, filters=8, stride=1) on x of shape (6, 6, 4): more channels, a projection",
             X=np.random.default_rng(32).normal(size=(2, 6, 6, 4)), filters=8, stride=1, seed=32,
             hint="F(x) has 8 channels, x has 4: project x with Conv2D(8, 1) and BatchNormalization before adding"),
        Case("residual_block(x, filters=8, stride=2) on x of shape (6, 6, 4): halved size, a projection",
             X=np.random.default_rng(33).normal(size=(2, 6, 6, 4)), filters=8, stride=2, seed=33,
             hint="the first convolution and the projection both use strides=2; the second convolution keeps "
                  "stride 1; output (3, 3, 8)"),
    ],
    hidden=_residual_hidden,
    call=_residual_call,
    reference=_residual_reference,
    judge=_residual_judge,
    crash_hint="Add() needs two tensors of the same shape: when the stride is not 1 or x has fewer channels than "
               "`filters`, pass x through Conv2D(filters, 1, strides=stride) and BatchNormalization() first",
    hints=(
        "Two paths leave x: F(x), two convolutions, and the shortcut; they meet in an Add, then a ReLU.",
        "F: Conv2D(filters, 3, strides=stride, padding='same'), BatchNormalization(), Activation('relu'), "
        "Conv2D(filters, 3, padding='same'), BatchNormalization(). Shortcut: x if x.shape[-1] == filters and "
        "stride == 1, else Conv2D(filters, 1, strides=stride)(x) followed by BatchNormalization().",
        "h = conv->BN->relu->conv->BN of x;  shortcut = x or BN(Conv2D(filters, 1, strides=stride)(x));  "
        "return keras.layers.Activation('relu')(keras.layers.Add()([h, shortcut]))",
    ),
    references=("dlkit.models.cnn.residual_block",),
)


# --- train_cnn -----------------------------------------------------------------------------------------

def _train_call(fn, X_train, y_train, X_val, y_val, X_test, seed):
    from dlkit.checks.keras import describe

    return describe(fn(X_train, y_train, X_val, y_val, seed), X_test)


def _train_judge(t, got, want):
    if type(got) is not dict or not got.get("model"):
        received = got.get("received", "?") if type(got) is dict else "?"
        hint = ("return the trained model itself, not a (model, history) pair" if str(received).startswith("tuple")
                else "return the model you trained (model.fit returns a History: return the model, not that)")
        t.fail(f"{t.label} should return a trained Keras model", "a keras.Model", received, hint=hint)
    types = [layer["type"] for layer in got["layers"]]
    if "Conv2D" not in types:
        t.fail(f"{t.label} has no Conv2D layer", "a CNN: Conv2D layers (with MaxPooling2D), then Flatten and Dense",
               ", ".join(types) or "no layers",
               hint="this chapter's model is a convolutional network: start with keras.layers.Conv2D(16, 3, "
                    "padding='same', activation='relu') on the (8, 8, 1) images")
    pred = got.get("predictions")
    y = t.inputs["y_test"]
    if type(pred) is not np.ndarray or pred.shape != (len(y), 10):
        t.fail(f"{t.label}: the model's predictions have the wrong shape", (len(y), 10),
               None if type(pred) is not np.ndarray else pred.shape,
               hint="the output layer is Dense(10, activation='softmax'): one probability per digit")
    acc = float(np.mean(pred.argmax(axis=1) == y))
    if not acc >= TRAIN_THRESHOLD:
        t.fail(f"{t.label} reaches {acc:.1%} test accuracy" if t.visible else f"{t.label}: the test accuracy is too low",
               f">= {TRAIN_THRESHOLD:.0%}", f"{acc:.1%}",
               hint="train long enough (about 20 epochs, Adam with learning_rate 0.01 or 0.001) and let the "
                    "validation set choose the epoch (EarlyStopping(monitor='val_accuracy', "
                    "restore_best_weights=True)); use sparse_categorical_crossentropy with the integer labels")


def _digits_case(seed: int, visible: bool = True) -> Case:
    from dlkit.data.digits import digits_image_splits

    s = digits_image_splits(seed)
    label = (f"train_cnn(X_train, y_train, X_val, y_val, seed={seed}) on the digits split of seed {seed}" if visible
             else "another split of the digits, another seed")
    return Case(label, X_train=s.X_train, y_train=s.y_train, X_val=s.X_val, y_val=s.y_val, X_test=s.X_test, seed=seed,
                truth={"y_test": s.y_test},
                hint=f"the model must classify at least {TRAIN_THRESHOLD:.0%} of the 360 test images correctly")


train_cnn = Exercise(
    "train_cnn",
    cases=[_digits_case(0)],
    hidden=lambda seed: _digits_case(seed, visible=False),
    call=_train_call,
    reference=lambda **data: None,
    judge=_train_judge,
    crash_hint="the images are (N, 8, 8, 1) float32 in [0, 1] and the labels integers 0..9: start the model with "
               "keras.Input(shape=(8, 8, 1)) and compile with loss='sparse_categorical_crossentropy'",
    hints=(
        "Stack [Conv2D -> MaxPooling2D] twice, Flatten, and a softmax layer of 10 units; let the validation set "
        "pick when to stop.",
        "keras.utils.set_random_seed(seed); Conv2D(16, 3, padding='same', activation='relu'), MaxPooling2D(2), "
        "Conv2D(32, ...), MaxPooling2D(2), Flatten(), Dense(10, activation='softmax'); compile with Adam(0.01), "
        "sparse_categorical_crossentropy; fit about 20 epochs with validation_data=(X_val, y_val) and "
        "EarlyStopping(monitor='val_accuracy', patience=5, restore_best_weights=True).",
        "model.fit(X_train, y_train, epochs=20, batch_size=32, validation_data=(X_val, y_val), verbose=0, "
        "callbacks=[keras.callbacks.EarlyStopping(monitor='val_accuracy', patience=5, restore_best_weights=True)]); "
        "return model",
    ),
    references=("dlkit.models.cnn.train_digits_cnn", "dlkit.models.cnn.digits_cnn"),
)
