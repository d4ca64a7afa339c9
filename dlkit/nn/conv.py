"""2-D convolution and pooling in numpy (chapter 10): loops, im2col, backward passes, matched to TensorFlow.

Symbols (docs/NAMING.md): N images of Hi x Wi pixels with Ci channels, in NHWC order as Keras; a kernel
of kh x kw cells from Ci input to Co output channels; Ho x Wo the output size; s the stride, p padding.

    X     (N, Hi, Wi, Ci)   images                 W  (kh, kw, Ci, Co)  kernels      b  (Co,)  biases
    out   (N, Ho, Wo, Co)   feature maps           dout: dL/dout, out's shape; dX, dW, db like X, W, b

What Conv2D computes is a cross-correlation summed over the input channels, plus a bias (003 eq. 33
writes the channel-free sum with the convolution symbol; a true convolution would flip the kernel):

    out[n, i, j, o] = b[o] + sum_{u < kh} sum_{v < kw} sum_{c < Ci} Xp[n, s i + u, s j + v, c] W[u, v, c, o]

with Xp the input padded with zeros. The output size per axis is (003 eq. 34)

    Ho = floor((Hi + 2p - kh) / s) + 1

"valid" means p = 0; "same" pads so that Ho = ceil(Hi / s), with the extra row (if the total padding
is odd) at the bottom/right, as TensorFlow and Keras do. Pooling (003 eqs. 35-36, with the stride
they leave out) takes the max or the mean of each window of pool_size cells, moved by `stride`:

    max:  out[n, i, j, c] = max_{u, v}  X[n, s i + u, s j + v, c]
    avg:  out[n, i, j, c] = mean_{u, v} X[n, s i + u, s j + v, c]   ("same": padding cells not counted)

Layers follow dlkit's contract: `<layer>_forward(...) -> (out, cache)` and
`<layer>_backward(dout, cache) -> (dX, dW, db)` for the convolution, `-> dX` for pooling.

    conv_output_size(n, f, p, s)    eq. 34
    same_padding(n, f, s)           TensorFlow's "same" padding: (before, after)
    conv2d_naive                    the sum above, as loops (the definition)
    im2col                          every window as one row: (N, Ho, Wo, kh kw Ci)
    conv2d_forward / _backward      im2col's matrix product, one block per kernel cell; its gradients
    maxpool_forward / _backward     max pooling; the gradient goes to each window's maximum
    avgpool_forward / _backward     average pooling; the gradient is shared by the window's cells
    residual_block_forward          H(x) = relu(F(x) + x), with a 1x1 projection where the shapes differ

Floating inputs keep their precision (float32 stays float32, as in TensorFlow); anything else becomes
float64.

Example:
    >>> X = np.arange(16.0).reshape(1, 4, 4, 1)
    >>> W = np.ones((2, 2, 1, 1))
    >>> out, cache = conv2d_forward(X, W, np.zeros(1))
    >>> out[0, :, :, 0]
    array([[10., 14., 18.],
           [26., 30., 34.],
           [42., 46., 50.]])
    >>> maxpool_forward(X, 2)[0][0, :, :, 0]
    array([[ 5.,  7.],
           [13., 15.]])
"""

from __future__ import annotations

import numbers

import numpy as np

from dlkit import validate
from dlkit.errors import fail

__all__ = ["PADDINGS", "conv_output_size", "same_padding", "conv2d_naive", "im2col", "conv2d_forward",
           "conv2d_backward", "maxpool_forward", "maxpool_backward", "avgpool_forward", "avgpool_backward",
           "residual_block_forward"]

PADDINGS = ("valid", "same")


# --- sizes and padding ------------------------------------------------------------------------------

def conv_output_size(n, f, p=0, s=1) -> int:
    """Output size of a convolution or pooling along one axis (003 eq. 34).

        floor((n + 2p - f) / s) + 1

    Args:
        n: input size (pixels), int >= 1.
        f: filter (window) size, int >= 1.
        p: zero padding on each side, int >= 0.
        s: stride, int >= 1.

    Returns:
        int >= 1.

    Example:
        >>> conv_output_size(28, 3), conv_output_size(28, 3, p=1), conv_output_size(7, 3, s=2), conv_output_size(8, 3, s=2)
        (26, 28, 3, 3)
    """
    where = "conv_output_size"
    n = validate.integer(n, "n", low=1, where=where)
    f = validate.integer(f, "f", low=1, where=where)
    p = validate.integer(p, "p", low=0, where=where)
    s = validate.integer(s, "s", low=1, where=where)
    if f > n + 2 * p:
        raise fail(f"{where}: the filter is larger than the padded input", f"f <= n + 2p = {n + 2 * p}", f"f={f}")
    return (n + 2 * p - f) // s + 1


def same_padding(n, f, s=1) -> tuple[int, int]:
    """TensorFlow's "same" padding along one axis: (before, after), so that the output has ceil(n / s) cells.

        total = max((ceil(n / s) - 1) s + f - n, 0);  before = total // 2;  after = total - before

    Example:
        >>> same_padding(28, 3), same_padding(28, 2), same_padding(7, 3, s=2), same_padding(8, 3, s=2)
        ((1, 1), (0, 1), (1, 1), (0, 1))
    """
    where = "same_padding"
    n = validate.integer(n, "n", low=1, where=where)
    f = validate.integer(f, "f", low=1, where=where)
    s = validate.integer(s, "s", low=1, where=where)
    out = -(-n // s)                                   # ceil(n / s)
    total = max((out - 1) * s + f - n, 0)
    return total // 2, total - total // 2


def _pair(x, name: str, where: str, low: int = 1) -> tuple[int, int]:
    """An int or a pair of ints (height, width)."""
    if isinstance(x, (tuple, list)):
        if len(x) != 2:
            raise fail(f"{where}: {name} must be an int or a pair (height, width)", "e.g. 2 or (2, 2)", repr(x))
        return (validate.integer(x[0], name, low=low, where=where), validate.integer(x[1], name, low=low, where=where))
    v = validate.integer(x, name, low=low, where=where)
    return v, v


def _padding(padding, where: str, allow_int: bool = True):
    """'valid' / 'same' (any case), or an int p >= 0 of zeros on every side."""
    if isinstance(padding, str):
        return validate.choice(padding.lower(), "padding", PADDINGS, where=where)
    if allow_int and isinstance(padding, numbers.Integral) and not isinstance(padding, (bool, np.bool_)):
        return validate.integer(padding, "padding", low=0, where=where)
    options = "'valid', 'same' or an int p >= 0" if allow_int else "'valid' or 'same'"
    raise fail(f"{where}: padding is not one of the choices", options, repr(padding))


def _pads(shape_hw, window, stride, padding) -> tuple:
    """((top, bottom), (left, right)) zero rows/columns for a padding mode."""
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        return tuple(same_padding(n, f, s) for n, f, s in zip(shape_hw, window, stride))
    return (padding, padding), (padding, padding)


def _float(x, name: str, ndim: int, where: str) -> np.ndarray:
    """x as a float array of `ndim` dimensions; float32 stays float32, everything else becomes float64."""
    arr = np.asarray(x)
    dtype = arr.dtype if arr.dtype in (np.float32, np.float64) else np.float64
    return validate.array(arr, name, ndim=ndim, dtype=dtype, where=where)


def _images(X, where: str) -> np.ndarray:
    X = _float(X, "X", 4, where)
    if min(X.shape) == 0:
        raise fail(f"{where}: X is empty", "a batch (N, Hi, Wi, Ci) with every size >= 1", str(X.shape))
    return X


def _output_hw(hw, pads, window, stride, where: str) -> tuple[int, int]:
    out = []
    for n, (before, after), f, s, axis in zip(hw, pads, window, stride, ("height", "width")):
        if f > n + before + after:
            raise fail(f"{where}: the window is larger than the padded input ({axis})",
                       f"a window of at most {n + before + after} cells", f"{f} cells")
        out.append((n + before + after - f) // s + 1)
    return tuple(out)


def _conv_args(X, W, b, stride, padding, where, allow_int=True):
    X = _images(X, where)
    W = _float(W, "W", 4, where)
    if W.shape[2] != X.shape[3]:
        raise fail(f"{where}: W has the wrong number of input channels",
                   f"(kh, kw, {X.shape[3]}, Co): one kernel slice per input channel of X {X.shape}", str(W.shape))
    b = _float(b, "b", 1, where)
    if b.shape != (W.shape[3],):
        raise fail(f"{where}: b has the wrong shape", f"({W.shape[3]},), one bias per output channel of W {W.shape}",
                   str(b.shape))
    stride = _pair(stride, "stride", where)
    padding = _padding(padding, where, allow_int)
    dtype = np.result_type(X.dtype, W.dtype, b.dtype)
    return X.astype(dtype, copy=False), W.astype(dtype, copy=False), b.astype(dtype, copy=False), stride, padding


def _pad(X, pads, value=0.0):
    (t, bt), (lf, r) = pads
    if t == bt == lf == r == 0:
        return X
    return np.pad(X, ((0, 0), (t, bt), (lf, r), (0, 0)), constant_values=value)


def _window(Xp, u, v, out_hw, stride):
    """The view Xp[:, s i + u, s j + v, :] for every output cell (i, j): (N, Ho, Wo, C)."""
    (Ho, Wo), (sh, sw) = out_hw, stride
    return Xp[:, u:u + sh * (Ho - 1) + 1:sh, v:v + sw * (Wo - 1) + 1:sw, :]


# --- convolution ----------------------------------------------------------------------------------

def conv2d_naive(X, W, b, stride=1, padding="valid"):
    """The convolution layer's sum written as loops: the definition, slow (the oracle of conv2d_forward).

        out[n, i, j, o] = b[o] + sum_{u, v, c} Xp[n, s i + u, s j + v, c] W[u, v, c, o]

    Args:
        X: (N, Hi, Wi, Ci) images; W: (kh, kw, Ci, Co) kernels; b: (Co,) biases.
        stride: int or (sh, sw).
        padding: "valid", "same" (TensorFlow's) or an int p (p zeros on every side, eq. 34).

    Returns:
        out (N, Ho, Wo, Co).

    Example:
        >>> conv2d_naive(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), np.array([0.5]))[0, :, :, 0]
        array([[4.5, 4.5],
               [4.5, 4.5]])
    """
    where = "conv2d_naive"
    X, W, b, stride, padding = _conv_args(X, W, b, stride, padding, where)
    kh, kw, Ci, Co = W.shape
    pads = _pads(X.shape[1:3], (kh, kw), stride, padding)
    Ho, Wo = _output_hw(X.shape[1:3], pads, (kh, kw), stride, where)
    Xp = _pad(X, pads)
    sh, sw = stride
    out = np.zeros((X.shape[0], Ho, Wo, Co), dtype=X.dtype)
    for n in range(X.shape[0]):
        for i in range(Ho):
            for j in range(Wo):
                for o in range(Co):
                    total = b[o]
                    for u in range(kh):
                        for v in range(kw):
                            for c in range(Ci):
                                total += Xp[n, sh * i + u, sw * j + v, c] * W[u, v, c, o]
                    out[n, i, j, o] = total
    return out


def im2col(X, kh, kw, stride=1, padding="valid"):
    """Every window of the (padded) images as one row: the trick that turns a convolution into one matmul.

        cols[n, i, j, (u kw + v) Ci + c] = Xp[n, s i + u, s j + v, c]

    so that cols @ W.reshape(kh kw Ci, Co) is the convolution (without bias). The columns are filled by
    kh kw slice copies, one per kernel cell, each a strided view of Xp.

    Args:
        X: (N, Hi, Wi, Ci); kh, kw: the window; stride: int or (sh, sw); padding: as conv2d_naive.

    Returns:
        cols (N, Ho, Wo, kh kw Ci).

    Example:
        >>> im2col(np.arange(9.0).reshape(1, 3, 3, 1), 2, 2)[0, 0, 0]
        array([0., 1., 3., 4.])
    """
    where = "im2col"
    X = _images(X, where)
    window = _pair((kh, kw), "kernel size", where)
    stride = _pair(stride, "stride", where)
    padding = _padding(padding, where)
    pads = _pads(X.shape[1:3], window, stride, padding)
    out_hw = _output_hw(X.shape[1:3], pads, window, stride, where)
    return _im2col(_pad(X, pads), window, out_hw, stride)


def _im2col(Xp, window, out_hw, stride):
    (kh, kw), (Ho, Wo) = window, out_hw
    N, C = Xp.shape[0], Xp.shape[3]
    cols = np.empty((N, Ho, Wo, kh, kw, C), dtype=Xp.dtype)          # (N, Ho, Wo, kh, kw, Ci)
    for u in range(kh):
        for v in range(kw):
            cols[:, :, :, u, v, :] = _window(Xp, u, v, out_hw, stride)  # (N, Ho, Wo, Ci)
    return cols.reshape(N, Ho, Wo, kh * kw * C)


def conv2d_forward(X, W, b, stride=1, padding="valid"):
    """Convolution layer (keras.layers.Conv2D without activation, tf.nn.conv2d + b), vectorised.

    im2col's matrix product, cols @ W.reshape(kh kw Ci, Co), split into one block per kernel cell:
    the columns of cell (u, v) are the strided view Xp[:, s i + u, s j + v, :], so

        out = b + sum_{u < kh, v < kw} Xp[:, u::s, v::s, :] @ W[u, v]     # (N, Ho, Wo, Ci) @ (Ci, Co)

    kh kw matrix products on views of the padded input, and the (kh kw)-times larger column matrix is
    never written out (on a 64 x 28 x 28 x 8 batch this is about twice as fast as building it).

    Args:
        X: (N, Hi, Wi, Ci) images; W: (kh, kw, Ci, Co) kernels; b: (Co,) biases.
        stride: int or (sh, sw).
        padding: "valid", "same" (TensorFlow's: extra row/column at the bottom/right) or an int p.

    Returns:
        out: (N, Ho, Wo, Co).
        cache: what conv2d_backward needs (the padded input, W, the padding, the stride).

    Example:
        >>> out, _ = conv2d_forward(np.ones((2, 5, 5, 3)), np.ones((3, 3, 3, 4)), np.zeros(4), 2, "same")
        >>> out.shape
        (2, 3, 3, 4)
    """
    where = "conv2d_forward"
    X, W, b, stride, padding = _conv_args(X, W, b, stride, padding, where)
    kh, kw, Ci, Co = W.shape
    pads = _pads(X.shape[1:3], (kh, kw), stride, padding)
    out_hw = _output_hw(X.shape[1:3], pads, (kh, kw), stride, where)
    Xp = _pad(X, pads)                                               # (N, Hi + pads, Wi + pads, Ci)
    out = np.zeros((X.shape[0],) + out_hw + (Co,), dtype=X.dtype)    # (N, Ho, Wo, Co)
    for u in range(kh):
        for v in range(kw):
            out += _window(Xp, u, v, out_hw, stride) @ W[u, v]       # (N, Ho, Wo, Ci) @ (Ci, Co)
    out += b
    return out, {"Xp": Xp, "W": W, "pads": pads, "stride": stride, "out_hw": out_hw}


def conv2d_backward(dout, cache):
    """Backward pass of conv2d_forward.

        db       = sum_{n, i, j} dout                                 # (Co,)
        dW[u, v] = sum_{n, i, j} Xp[n, s i + u, s j + v, :]^T dout    # every window times its gradient
        dXp[:, s i + u, s j + v, :] += dout W[u, v]^T                 # each gradient back where it came from

    and dX is dXp without its padding.

    Args:
        dout: dL/dout, (N, Ho, Wo, Co).
        cache: from conv2d_forward.

    Returns:
        (dX (N, Hi, Wi, Ci), dW (kh, kw, Ci, Co), db (Co,)).

    Example:
        >>> out, cache = conv2d_forward(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), np.zeros(1))
        >>> dX, dW, db = conv2d_backward(np.ones(out.shape), cache)
        >>> dX[0, :, :, 0], db
        (array([[1., 2., 1.],
               [2., 4., 2.],
               [1., 2., 1.]]), array([4.]))
    """
    Xp, W, out_hw, stride = cache["Xp"], cache["W"], cache["out_hw"], cache["stride"]
    kh, kw, Ci, Co = W.shape
    dout = validate.array(dout, "dout", shape=(Xp.shape[0],) + out_hw + (Co,), dtype=Xp.dtype,
                          where="conv2d_backward")
    db = dout.sum(axis=(0, 1, 2))                                    # (Co,)
    dW = np.empty_like(W)
    dXp = np.zeros_like(Xp)
    for u in range(kh):
        for v in range(kw):
            window = _window(Xp, u, v, out_hw, stride)               # (N, Ho, Wo, Ci)
            dW[u, v] = np.tensordot(window, dout, axes=([0, 1, 2], [0, 1, 2]))   # (Ci, Co)
            _window(dXp, u, v, out_hw, stride)[...] += dout @ W[u, v].T          # (N, Ho, Wo, Co) @ (Co, Ci)
    (t, bt), (lf, r) = cache["pads"]
    dX = dXp[:, t:Xp.shape[1] - bt, lf:Xp.shape[2] - r, :]
    return np.ascontiguousarray(dX), dW, db


# --- pooling --------------------------------------------------------------------------------------

def _pool_args(X, pool_size, stride, padding, where):
    X = _images(X, where)
    window = _pair(pool_size, "pool_size", where)
    stride = window if stride is None else _pair(stride, "stride", where)
    padding = _padding(padding, where, allow_int=False)
    pads = _pads(X.shape[1:3], window, stride, padding)
    out_hw = _output_hw(X.shape[1:3], pads, window, stride, where)
    return X, window, stride, pads, out_hw


def _windows(Xp, window, out_hw, stride):
    """(N, Ho, Wo, C, ph pw): the cells of every pooling window, last axis in row-major window order."""
    ph, pw = window
    return np.stack([_window(Xp, u, v, out_hw, stride) for u in range(ph) for v in range(pw)], axis=-1)


def maxpool_forward(X, pool_size=2, stride=None, padding="valid"):
    """Max pooling (keras.layers.MaxPooling2D, tf.nn.max_pool2d): the largest value of each window.

        out[n, i, j, c] = max_{u < ph, v < pw} X[n, s i + u, s j + v, c]     ("same" pads with -inf)

    Args:
        X: (N, Hi, Wi, C).
        pool_size: int or (ph, pw).
        stride: int or (sh, sw); None (the default, as Keras) means pool_size.
        padding: "valid" or "same".

    Returns:
        out: (N, Ho, Wo, C); cache: for maxpool_backward.

    Example:
        >>> maxpool_forward(np.array([1.0, 3, 2, 0, 5, 4]).reshape(1, 1, 6, 1), (1, 2))[0].ravel()
        array([3., 2., 5.])
    """
    where = "maxpool_forward"
    X, window, stride, pads, out_hw = _pool_args(X, pool_size, stride, padding, where)
    Xp = _pad(X, pads, value=-np.inf)
    cells = _windows(Xp, window, out_hw, stride)                    # (N, Ho, Wo, C, ph pw)
    arg = cells.argmax(axis=-1)                                     # (N, Ho, Wo, C): the first maximum
    out = np.take_along_axis(cells, arg[..., None], axis=-1)[..., 0]
    return out, {"arg": arg, "window": window, "stride": stride, "pads": pads, "padded_shape": Xp.shape,
                 "out_hw": out_hw, "dtype": X.dtype}


def _unpool(dcells, cache):
    """Add each window's cell gradients (N, Ho, Wo, C, ph pw) back to the input; padding removed."""
    ph, pw = cache["window"]
    dXp = np.zeros(cache["padded_shape"], dtype=cache["dtype"])
    for u in range(ph):
        for v in range(pw):
            _window(dXp, u, v, cache["out_hw"], cache["stride"])[...] += dcells[..., u * pw + v]
    (t, bt), (lf, r) = cache["pads"]
    return np.ascontiguousarray(dXp[:, t:dXp.shape[1] - bt, lf:dXp.shape[2] - r, :])


def maxpool_backward(dout, cache):
    """Backward pass of maxpool_forward: each window's gradient goes to its maximum (the first, on ties).

    Example:
        >>> out, cache = maxpool_forward(np.array([1.0, 3, 2, 0]).reshape(1, 1, 4, 1), (1, 2))
        >>> maxpool_backward(np.array([10.0, 20.0]).reshape(1, 1, 2, 1), cache).ravel()
        array([ 0., 10., 20.,  0.])
    """
    arg = cache["arg"]
    dout = validate.array(dout, "dout", shape=arg.shape, dtype=cache["dtype"], where="maxpool_backward")
    ph, pw = cache["window"]
    dcells = (np.arange(ph * pw) == arg[..., None]) * dout[..., None]   # (N, Ho, Wo, C, ph pw)
    return _unpool(dcells, cache)


def avgpool_forward(X, pool_size=2, stride=None, padding="valid"):
    """Average pooling (keras.layers.AveragePooling2D, tf.nn.avg_pool2d): the mean of each window.

        out[n, i, j, c] = (1 / |R|) sum_{(u, v) in R} X[n, s i + u, s j + v, c]

    With "same" padding R holds only the window's cells inside the image (TensorFlow does not count the
    padding).

    Args, Returns: as maxpool_forward.

    Example:
        >>> avgpool_forward(np.array([1.0, 3, 2, 0, 5]).reshape(1, 1, 5, 1), (1, 2), padding="same")[0].ravel()
        array([2., 1., 5.])
    """
    where = "avgpool_forward"
    X, window, stride, pads, out_hw = _pool_args(X, pool_size, stride, padding, where)
    Xp = _pad(X, pads)
    inside = _pad(np.ones((1,) + X.shape[1:3] + (1,), dtype=X.dtype), pads)        # 1 inside the image
    count = _windows(inside, window, out_hw, stride).sum(axis=-1)                    # (1, Ho, Wo, 1)
    out = _windows(Xp, window, out_hw, stride).sum(axis=-1) / count                  # (N, Ho, Wo, C)
    return out, {"count": count, "window": window, "stride": stride, "pads": pads, "padded_shape": Xp.shape,
                 "out_hw": out_hw, "dtype": X.dtype, "out_shape": out.shape}


def avgpool_backward(dout, cache):
    """Backward pass of avgpool_forward: each cell of a window gets dout / |R| (padding cells get nothing).

    Example:
        >>> out, cache = avgpool_forward(np.ones((1, 1, 4, 1)), (1, 2))
        >>> avgpool_backward(np.array([2.0, 4.0]).reshape(1, 1, 2, 1), cache).ravel()
        array([1., 1., 2., 2.])
    """
    dout = validate.array(dout, "dout", shape=cache["out_shape"], dtype=cache["dtype"], where="avgpool_backward")
    ph, pw = cache["window"]
    share = dout / cache["count"]                                   # (N, Ho, Wo, C)
    dcells = np.repeat(share[..., None], ph * pw, axis=-1)          # (N, Ho, Wo, C, ph pw)
    return _unpool(dcells, cache)


# --- the residual block -------------------------------------------------------------------------------

def _batchnorm_inference(Z, params, k, epsilon):
    """keras BatchNormalization at inference over the channel axis: gamma (Z - mean) / sqrt(var + eps) + beta."""
    return (params[f"gamma{k}"] * (Z - params[f"mean{k}"]) / np.sqrt(params[f"var{k}"] + epsilon)
            + params[f"beta{k}"])


def residual_block_forward(X, params, stride=1, epsilon=1e-3):
    """The residual block of ResNet (003 eq. 38) at inference, in numpy: H(x) = relu(F(x) + shortcut(x)).

        F(x)        = BN2(conv2(relu(BN1(conv1(x)))))      conv1: 3x3, stride s, "same"; conv2: 3x3, "same"
        shortcut(x) = x                                     when x already has F's shape (stride 1, Ci = Co)
                    = BNs(convs(x))                         else: a 1x1 projection with stride s

    BN is batch normalisation with its moving statistics (keras.layers.BatchNormalization, training=False).

    Args:
        X: (N, Hi, Wi, Ci).
        params: dict of arrays: "W1" (3, 3, Ci, Co), "b1" (Co,), "W2" (3, 3, Co, Co), "b2" (Co,); per BN k in
            "1", "2" (and "s" for the projection): "gamma{k}", "beta{k}", "mean{k}", "var{k}", each (Co,);
            the projection's "Ws" (1, 1, Ci, Co), "bs" (Co,) when the shapes differ.
        stride: int >= 1; epsilon: BN's (Keras: 1e-3).

    Returns:
        out (N, ceil(Hi / s), ceil(Wi / s), Co).

    Example:
        >>> Co = 2
        >>> p = {"W1": np.zeros((3, 3, 2, Co)), "W2": np.zeros((3, 3, Co, Co)), "b1": np.zeros(Co), "b2": np.zeros(Co)}
        >>> p.update({f"{n}{k}": np.full(Co, v) for k in "12" for n, v in [("gamma", 1), ("beta", 0), ("mean", 0), ("var", 1)]})
        >>> residual_block_forward(np.full((1, 2, 2, 2), -1.0), p)[0, 0, 0]   # F(x) = 0: relu(x)
        array([0., 0.])
    """
    where = "residual_block_forward"
    X = _images(X, where)
    stride = validate.integer(stride, "stride", low=1, where=where)
    if not isinstance(params, dict):
        raise fail(f"{where}: params must be a dict of arrays", "{'W1': ..., 'b1': ..., ...}", type(params).__name__)
    Co = np.shape(params["W1"])[3]
    h, _ = conv2d_forward(X, params["W1"], params["b1"], stride, "same")
    h = np.maximum(_batchnorm_inference(h, params, "1", epsilon), 0.0)
    h, _ = conv2d_forward(h, params["W2"], params["b2"], 1, "same")
    h = _batchnorm_inference(h, params, "2", epsilon)
    if stride == 1 and X.shape[3] == Co:
        shortcut = X
    else:
        shortcut, _ = conv2d_forward(X, params["Ws"], params["bs"], stride, "same")
        shortcut = _batchnorm_inference(shortcut, params, "s", epsilon)
    return np.maximum(h + shortcut, 0.0)
