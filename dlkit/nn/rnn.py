"""Recurrent layers in numpy (chapter 11): SimpleRNN, LSTM and GRU, one step and whole sequences, each
matched to its Keras layer given the same weights, with backpropagation through time.

Symbols (docs/NAMING.md): N sequences in a batch, T time steps, D input features per step, H units.

    x   (N, D)       one time step's inputs        X   (N, T, D)  a batch of sequences (Keras' layout)
    h   (N, H)       the hidden state              Hs  (N, T, H)  the state after every step
    c   (N, H)       the LSTM's cell state         dHs (N, T, H)  the loss gradient on every state
    Wx  (D, G*H)     Keras' `kernel`               Wh  (H, G*H)   Keras' `recurrent_kernel`
    b   (G*H,)       Keras' `bias`; the GRU's (reset_after=True, the default) is (2, 3H) = [b_x; b_h]

G = 1 (SimpleRNN), 4 (LSTM: gates i, f, c, o in that order), 3 (GRU: z, r, h). `layer.get_weights()`
returns [Wx, Wh, b] in this order, so `rnn_forward(X, None, *layer.get_weights())` runs a Keras layer.
Rows are examples, as in Keras and dlkit.nn.layers: a step computes x Wx + h Wh + b. 003 eq. 39 writes
the same with column vectors, W_hh h + W_xh x + b, so Wx = W_xh^T and Wh = W_hh^T.

    SimpleRNN  h = tanh(x Wx + h_prev Wh + b)                                       (003 eq. 39)
    LSTM       [a_i | a_f | a_c | a_o] = x Wx + h_prev Wh + b                        (003 eq. 43-48)
               i, f, o = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o);   c~ = tanh(a_c)
               c = f * c_prev + i * c~;   h = o * tanh(c)
    GRU        [x_z | x_r | x_h] = x Wx + b_x;   [h_z | h_r | h_h] = h_prev Wh + b_h
               z = sigmoid(x_z + h_z);   r = sigmoid(x_r + h_r)
               h~ = tanh(x_h + r * h_h)                          (reset after the matrix product)
               h = z * h_prev + (1 - z) * h~                     (z keeps the old state)
               with reset_after=False (bias (3H,)): h~ = tanh(x_h + (r * h_prev) Wh_h + b_h), as 003 eq. 51;
               003 eq. 52 also swaps the roles: (1 - z) * h_prev + z * h~.

Every layer is a pair with a cache (the course's layer contract):

    h, cache = rnn_step_forward(x, h_prev, Wx, Wh, b)        dx, dh_prev, dWx, dWh, db = rnn_step_backward(dh, cache)
    Hs, cache = rnn_forward(X, h0, Wx, Wh, b)                dX, dh0, dWx, dWh, db = rnn_backward(dHs, cache)
    (h, c), cache = lstm_step_forward(x, h_prev, c_prev, ...) lstm_step_backward(dh, dc, cache) -> dx, dh_prev, dc_prev, ...
    Hs, cache = lstm_forward(X, h0, c0, Wx, Wh, b)           lstm_backward(dHs, cache) -> dX, dh0, dc0, dWx, dWh, db
    h, cache = gru_step_forward(x, h_prev, Wx, Wh, b)        gru_step_backward(dh, cache)
    Hs, cache = gru_forward(X, h0, Wx, Wh, b)                gru_backward(dHs, cache)
    out, cache = bidirectional_forward(X, cell, fw, bw)      bidirectional_backward(dout, cache)   (003 eq. 53-55)

The backward passes are backpropagation through time (003 eq. 41): the gradient of every weight is the
sum over the steps of its gradient at that step. `gradient_through_time` measures how the gradient that
reaches step t shrinks or grows with the distance to the loss (003 eq. 42).

Example:
    >>> rng = np.random.default_rng(0)
    >>> X, Wx, Wh, b = rng.normal(size=(2, 5, 3)), rng.normal(size=(3, 4)), rng.normal(size=(4, 4)), np.zeros(4)
    >>> Hs, cache = rnn_forward(X, None, Wx, Wh, b)
    >>> Hs.shape
    (2, 5, 4)
    >>> [g.shape for g in rnn_backward(np.ones_like(Hs), cache)]
    [(2, 5, 3), (2, 4), (3, 4), (4, 4), (4,)]
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name

__all__ = ["CELLS", "RNN_ACTIVATIONS", "GATES",
           "rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
           "lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward",
           "gru_step_forward", "gru_step_backward", "gru_forward", "gru_backward",
           "bidirectional_forward", "bidirectional_backward", "sequence_forward", "sequence_backward",
           "init_weights", "gradient_through_time"]

CELLS = ("rnn", "lstm", "gru")
RNN_ACTIVATIONS = ("tanh", "relu", "linear")
GATES = {"rnn": 1, "lstm": 4, "gru": 3}       # blocks of H columns in Wx and Wh


def _sigmoid(a):
    """Logistic sigmoid without overflow (exp only sees non-positive numbers)."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# --- argument checks -------------------------------------------------------------------------------------

def _weights(Wx, Wh, b, gates: int, where: str, gru_bias: bool = False):
    """Wx (D, G*H), Wh (H, G*H), b (G*H,) or, for the GRU with reset_after, (2, 3H): checked and as floats."""
    Wx = validate.array(Wx, "Wx", ndim=2, where=where)
    Wh = validate.array(Wh, "Wh", ndim=2, where=where)
    b = validate.array(b, "b", where=where)
    H = Wh.shape[0]
    names = {1: "", 4: " (gates i, f, c, o)", 3: " (gates z, r, h)"}[gates]
    if Wh.shape != (H, gates * H):
        raise fail(f"{where}: Wh (Keras' recurrent_kernel) has the wrong shape",
                   f"(H, {gates}H){names}: {gates} blocks of H columns for H units", str(Wh.shape),
                   hint="layer.get_weights() returns [kernel, recurrent_kernel, bias] in this order")
    if Wx.shape[1] != gates * H:
        raise fail(f"{where}: Wx (Keras' kernel) has the wrong shape",
                   f"(D, {gates * H}), {gates} blocks of H = {H} columns like Wh {Wh.shape}", str(Wx.shape))
    want = (2, gates * H) if gru_bias else (gates * H,)
    if b.shape != want:
        extra = (", the input bias then the recurrent bias (reset_after=True, Keras' default)" if gru_bias else "")
        raise fail(f"{where}: b (Keras' bias) has the wrong shape", f"{want}{extra}", str(b.shape))
    return Wx, Wh, b


def _step_inputs(x, states, Wx, where: str):
    """x (N, D) and each state (N, H) as float arrays, checked against Wx (D, .) and Wh (H, .)."""
    x = validate.array(x, "x", ndim=2, where=where)
    if x.shape[1] != Wx.shape[0]:
        raise fail(f"{where}: x has the wrong shape", f"(N, {Wx.shape[0]}), one row of D inputs per example "
                   f"(Wx has {Wx.shape[0]} rows)", str(x.shape))
    return x


def _state(s, name: str, N: int, H: int, where: str):
    if s is None:
        return np.zeros((N, H))
    s = validate.array(s, name, where=where)
    if s.shape != (N, H):
        raise fail(f"{where}: {name} has the wrong shape", f"({N}, {H}), one state of H units per example",
                   str(s.shape))
    return s


def _sequence(X, Wx, where: str):
    X = validate.array(X, "X", ndim=3, where=where)
    if X.shape[2] != Wx.shape[0]:
        raise fail(f"{where}: X has the wrong shape", f"(N, T, {Wx.shape[0]}): N sequences of T steps of D inputs",
                   str(X.shape))
    if X.shape[1] < 1:
        raise fail(f"{where}: X has no time steps", "T >= 1", str(X.shape))
    return X


def _grad(d, shape, name: str, where: str):
    return validate.array(d, name, shape=shape, where=where)


# --- SimpleRNN --------------------------------------------------------------------------------------------

def _activation(a, name):
    return np.tanh(a) if name == "tanh" else np.maximum(a, 0.0) if name == "relu" else a


def _activation_grad(h, name):
    """f'(a) written with the output h = f(a): tanh' = 1 - h^2, relu' = [h > 0], linear' = 1."""
    return 1.0 - h ** 2 if name == "tanh" else (h > 0).astype(float) if name == "relu" else np.ones_like(h)


def rnn_step_forward(x, h_prev, Wx, Wh, b, activation="tanh"):
    """One step of keras.layers.SimpleRNN: h = tanh(x Wx + h_prev Wh + b).

    Args:
        x: (N, D) the inputs of this step; h_prev: (N, H) the previous state (None: zeros).
        Wx: (D, H) kernel; Wh: (H, H) recurrent_kernel; b: (H,) bias.
        activation: "tanh" (Keras' default), "relu" or "linear".

    Returns:
        h: (N, H); cache: (x, h_prev, Wx, Wh, h, activation).

    Example:
        >>> rnn_step_forward([[1.0]], [[0.5]], [[0.5]], [[1.0]], [0.0])[0]    # tanh(0.5 + 0.5)
        array([[0.76159416]])
    """
    where = "rnn_step_forward"
    validate.choice(activation, "activation", RNN_ACTIVATIONS, where=where)
    Wx, Wh, b = _weights(Wx, Wh, b, 1, where)
    x = _step_inputs(x, (), Wx, where)
    h_prev = _state(h_prev, "h_prev", x.shape[0], Wh.shape[0], where)
    h = _activation(x @ Wx + h_prev @ Wh + b, activation)      # (N, D)(D, H) + (N, H)(H, H) + (H,) -> (N, H)
    return h, (x, h_prev, Wx, Wh, h, activation)


def rnn_step_backward(dh, cache):
    """Backward pass of rnn_step_forward: with da = dh * f'(a) (tanh: 1 - h^2),

        dx = da Wx^T    dh_prev = da Wh^T    dWx = x^T da    dWh = h_prev^T da    db = sum_n da

    Returns:
        (dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    x, h_prev, Wx, Wh, h, activation = cache
    dh = _grad(dh, h.shape, "dh", "rnn_step_backward")
    da = dh * _activation_grad(h, activation)                    # (N, H)
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def rnn_forward(X, h0, Wx, Wh, b, activation="tanh"):
    """keras.layers.SimpleRNN(H, return_sequences=True) over a batch of sequences (003 eq. 39).

    The same weights at every step: h_t = f(x_t Wx + h_{t-1} Wh + b), t = 1..T, from h_0 = h0.

    Args:
        X: (N, T, D); h0: (N, H) or None (zeros, Keras' default initial state); Wx, Wh, b, activation
            as in rnn_step_forward.

    Returns:
        Hs: (N, T, H), the state after every step (Hs[:, -1] is what return_sequences=False returns);
        cache: {"steps": the T step caches, "cell": "rnn"}.

    Example:
        >>> rnn_forward(np.ones((1, 3, 1)), None, [[1.0]], [[1.0]], [0.0], activation="linear")[0][0, :, 0]
        array([1., 2., 3.])
    """
    where = "rnn_forward"
    validate.choice(activation, "activation", RNN_ACTIVATIONS, where=where)
    Wx, Wh, b = _weights(Wx, Wh, b, 1, where)
    X = _sequence(X, Wx, where)
    h = _state(h0, "h0", X.shape[0], Wh.shape[0], where)
    steps, Hs = [], []
    for t in range(X.shape[1]):
        h, step = rnn_step_forward(X[:, t], h, Wx, Wh, b, activation)   # (N, H)
        steps.append(step)
        Hs.append(h)
    return np.stack(Hs, axis=1), {"steps": steps, "cell": "rnn"}       # (N, T, H)


def rnn_backward(dHs, cache):
    """Backpropagation through time for rnn_forward (003 eq. 41).

    Walks the steps backwards: the gradient on h_t is dHs[:, t] plus what step t + 1 sends back
    (dh_prev); each weight's gradient is the sum of its per-step gradients.

    Args:
        dHs: (N, T, H) the loss gradient on every state (zeros where the loss does not look).

    Returns:
        (dX (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    return _backward(dHs, cache, rnn_step_backward, "rnn_backward", "rnn")


# --- LSTM -------------------------------------------------------------------------------------------------

def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One step of keras.layers.LSTM (003 eq. 43-48), Keras' gate order i, f, c, o.

        [a_i | a_f | a_c | a_o] = x Wx + h_prev Wh + b            (N, 4H), four blocks of H columns
        i, f, o = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o);   c~ = tanh(a_c)
        c = f * c_prev + i * c~;   h = o * tanh(c)

    003 writes each gate with its own matrix on [h_{t-1}, x_t]; Keras stacks the four input matrices
    side by side in Wx (kernel) and the four recurrent ones in Wh (recurrent_kernel).

    Args:
        x: (N, D); h_prev, c_prev: (N, H) or None (zeros); Wx: (D, 4H); Wh: (H, 4H); b: (4H,).

    Returns:
        (h, c): two (N, H) arrays; cache for lstm_step_backward.

    Example:
        >>> (h, c), _ = lstm_step_forward([[0.0]], None, None, np.zeros((1, 4)), np.zeros((1, 4)), [0, 0, 2, 0])
        >>> round(float(c[0, 0]), 4), round(float(h[0, 0]), 4)          # c = 0.5 tanh(2); h = 0.5 tanh(c)
        (0.482, 0.2239)
    """
    where = "lstm_step_forward"
    Wx, Wh, b = _weights(Wx, Wh, b, 4, where)
    x = _step_inputs(x, (), Wx, where)
    N, H = x.shape[0], Wh.shape[0]
    h_prev = _state(h_prev, "h_prev", N, H, where)
    c_prev = _state(c_prev, "c_prev", N, H, where)
    a = x @ Wx + h_prev @ Wh + b                                  # (N, 4H)
    i, f = _sigmoid(a[:, :H]), _sigmoid(a[:, H:2 * H])
    g, o = np.tanh(a[:, 2 * H:3 * H]), _sigmoid(a[:, 3 * H:])     # g = c~, the candidate
    c = f * c_prev + i * g                                        # (N, H)
    tc = np.tanh(c)
    h = o * tc
    return (h, c), (x, h_prev, c_prev, Wx, Wh, i, f, g, o, tc)


def lstm_step_backward(dh, dc, cache):
    """Backward pass of lstm_step_forward, given the gradients on h and on c.

        dc_total = dc + dh * o * (1 - tanh(c)^2)
        da_i = dc_total * g * i (1 - i)     da_f = dc_total * c_prev * f (1 - f)
        da_c = dc_total * i * (1 - g^2)     da_o = dh * tanh(c) * o (1 - o)
        dc_prev = dc_total * f              (the cell's direct path: one multiplication by f per step)

    Returns:
        (dx (N, D), dh_prev (N, H), dc_prev (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).
    """
    x, h_prev, c_prev, Wx, Wh, i, f, g, o, tc = cache
    dh = _grad(dh, i.shape, "dh", "lstm_step_backward")
    dc = _grad(dc, i.shape, "dc", "lstm_step_backward")
    dct = dc + dh * o * (1.0 - tc ** 2)                            # (N, H)
    da = np.concatenate([dct * g * i * (1 - i), dct * c_prev * f * (1 - f),
                         dct * i * (1 - g ** 2), dh * tc * o * (1 - o)], axis=1)   # (N, 4H)
    return da @ Wx.T, da @ Wh.T, dct * f, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def lstm_forward(X, h0, c0, Wx, Wh, b):
    """keras.layers.LSTM(H, return_sequences=True) over a batch of sequences.

    Args:
        X: (N, T, D); h0, c0: (N, H) or None (zeros); Wx (D, 4H), Wh (H, 4H), b (4H,) as Keras.

    Returns:
        Hs: (N, T, H) the hidden states; cache: {"steps": ..., "cell": "lstm", "Cs": (N, T, H) the cell
        states} (Keras' return_state=True gives Hs[:, -1] and Cs[:, -1]).
    """
    where = "lstm_forward"
    Wx, Wh, b = _weights(Wx, Wh, b, 4, where)
    X = _sequence(X, Wx, where)
    N, H = X.shape[0], Wh.shape[0]
    h, c = _state(h0, "h0", N, H, where), _state(c0, "c0", N, H, where)
    steps, Hs, Cs = [], [], []
    for t in range(X.shape[1]):
        (h, c), step = lstm_step_forward(X[:, t], h, c, Wx, Wh, b)
        steps.append(step)
        Hs.append(h)
        Cs.append(c)
    return np.stack(Hs, axis=1), {"steps": steps, "cell": "lstm", "Cs": np.stack(Cs, axis=1)}


def lstm_backward(dHs, cache):
    """Backpropagation through time for lstm_forward.

    Returns:
        (dX (N, T, D), dh0 (N, H), dc0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).
    """
    return _backward(dHs, cache, None, "lstm_backward", "lstm")


# --- GRU --------------------------------------------------------------------------------------------------

def gru_step_forward(x, h_prev, Wx, Wh, b, reset_after=True):
    """One step of keras.layers.GRU (gate order z, r, h).

    reset_after=True (Keras' default; b (2, 3H) = [input bias b_x; recurrent bias b_h]):
        [x_z | x_r | x_h] = x Wx + b_x;   [h_z | h_r | h_h] = h_prev Wh + b_h
        z = sigmoid(x_z + h_z);  r = sigmoid(x_r + h_r);  h~ = tanh(x_h + r * h_h)
        h = z * h_prev + (1 - z) * h~
    reset_after=False (b (3H,)), the form of 003 eq. 51 (reset before the matrix product):
        h~ = tanh(x_h + (r * h_prev) Wh[:, 2H:] + b_h)

    003 eq. 52 writes h = (1 - z) * h_prev + z * h~: its z is Keras' 1 - z. Same model, other names.

    Args:
        x: (N, D); h_prev: (N, H) or None (zeros); Wx: (D, 3H); Wh: (H, 3H); b: see above.

    Returns:
        h: (N, H); cache for gru_step_backward.

    Example:
        >>> b = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])            # H = 1: x_h gets bias 1
        >>> round(float(gru_step_forward([[0.0]], None, np.zeros((1, 3)), np.zeros((1, 3)), b)[0][0, 0]), 4)
        0.3808
    """
    where = "gru_step_forward"
    Wx, Wh, b = _weights(Wx, Wh, b, 3, where, gru_bias=bool(reset_after))
    x = _step_inputs(x, (), Wx, where)
    H = Wh.shape[0]
    h_prev = _state(h_prev, "h_prev", x.shape[0], H, where)
    bx, bh = (b[0], b[1]) if reset_after else (b, None)
    ax = x @ Wx + bx                                              # (N, 3H)
    if reset_after:
        ah = h_prev @ Wh + bh                                     # (N, 3H)
        z, r = _sigmoid(ax[:, :H] + ah[:, :H]), _sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
        n = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])            # the candidate h~
    else:
        ah = h_prev @ Wh[:, :2 * H]                               # (N, 2H)
        z, r = _sigmoid(ax[:, :H] + ah[:, :H]), _sigmoid(ax[:, H:2 * H] + ah[:, H:])
        n = np.tanh(ax[:, 2 * H:] + (r * h_prev) @ Wh[:, 2 * H:])
    h = z * h_prev + (1.0 - z) * n
    return h, (x, h_prev, Wx, Wh, z, r, n, ah, bool(reset_after))


def gru_step_backward(dh, cache):
    """Backward pass of gru_step_forward (either reset_after).

        dz = dh * (h_prev - h~);  dn = dh * (1 - z);  da_n = dn * (1 - h~^2)
        reset_after:  dr = da_n * h_h;  the recurrent block of h~ gets da_n * r
        reset before: dr = (da_n Wh_h^T) * h_prev;  Wh_h gets (r * h_prev)^T da_n
        dh_prev = dh * z + (what flows back through the gates and the candidate)

    Returns:
        (dx (N, D), dh_prev (N, H), dWx (D, 3H), dWh (H, 3H), db (b's shape)).
    """
    x, h_prev, Wx, Wh, z, r, n, ah, reset_after = cache
    dh = _grad(dh, z.shape, "dh", "gru_step_backward")
    H = z.shape[1]
    dz = dh * (h_prev - n)
    dan = dh * (1.0 - z) * (1.0 - n ** 2)                          # gradient on the candidate's pre-activation
    daz = dz * z * (1 - z)
    if reset_after:
        dr = dan * ah[:, 2 * H:]
        dar = dr * r * (1 - r)
        dax = np.concatenate([daz, dar, dan], axis=1)             # (N, 3H): on x Wx + b_x
        dah = np.concatenate([daz, dar, dan * r], axis=1)         # (N, 3H): on h_prev Wh + b_h
        dx, dWx = dax @ Wx.T, x.T @ dax
        dh_prev = dh * z + dah @ Wh.T
        dWh = h_prev.T @ dah
        db = np.stack([dax.sum(axis=0), dah.sum(axis=0)])         # (2, 3H)
    else:
        Whn = Wh[:, 2 * H:]
        drh = dan @ Whn.T                                         # on r * h_prev
        dar = drh * h_prev * r * (1 - r)
        dax = np.concatenate([daz, dar, dan], axis=1)
        dah = np.concatenate([daz, dar], axis=1)                  # on h_prev Wh[:, :2H]
        dx, dWx = dax @ Wx.T, x.T @ dax
        dh_prev = dh * z + dah @ Wh[:, :2 * H].T + drh * r
        dWh = np.concatenate([h_prev.T @ dah, (r * h_prev).T @ dan], axis=1)
        db = dax.sum(axis=0)                                      # (3H,)
    return dx, dh_prev, dWx, dWh, db


def gru_forward(X, h0, Wx, Wh, b, reset_after=True):
    """keras.layers.GRU(H, return_sequences=True) over a batch of sequences (see gru_step_forward).

    Returns:
        Hs: (N, T, H); cache: {"steps": ..., "cell": "gru"}.
    """
    where = "gru_forward"
    Wx, Wh, b = _weights(Wx, Wh, b, 3, where, gru_bias=bool(reset_after))
    X = _sequence(X, Wx, where)
    h = _state(h0, "h0", X.shape[0], Wh.shape[0], where)
    steps, Hs = [], []
    for t in range(X.shape[1]):
        h, step = gru_step_forward(X[:, t], h, Wx, Wh, b, reset_after)
        steps.append(step)
        Hs.append(h)
    return np.stack(Hs, axis=1), {"steps": steps, "cell": "gru"}


def gru_backward(dHs, cache):
    """Backpropagation through time for gru_forward.

    Returns:
        (dX (N, T, D), dh0 (N, H), dWx (D, 3H), dWh (H, 3H), db (b's shape)).
    """
    return _backward(dHs, cache, gru_step_backward, "gru_backward", "gru")


# --- BPTT, shared ----------------------------------------------------------------------------------------

def _backward(dHs, cache, step_backward, where: str, cell: str, record=None):
    if not isinstance(cache, dict) or cache.get("cell") != cell or not cache.get("steps"):
        raise fail(f"{where}: cache is not the cache of {cell}_forward", f"the cache {cell}_forward returned",
                   type_name(cache) if not isinstance(cache, dict) else f"a cache of {cache.get('cell')!r}")
    steps = cache["steps"]
    first = steps[0]
    x0, Wx, Wh = first[0], first[2 if cell != "lstm" else 3], first[3 if cell != "lstm" else 4]
    N, T, H = x0.shape[0], len(steps), Wh.shape[0]
    dHs = _grad(dHs, (N, T, H), "dHs", where)
    dX = np.zeros((N, T, x0.shape[1]))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), None
    dh, dc = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        if record is not None:                                    # dL/d(state at step t), for the measurement
            record.append(np.concatenate([dHs[:, t] + dh, dc], axis=1) if cell == "lstm" else dHs[:, t] + dh)
        if cell == "lstm":
            dx, dh, dc, gWx, gWh, gb = lstm_step_backward(dHs[:, t] + dh, dc, steps[t])
        else:
            dx, dh, gWx, gWh, gb = step_backward(dHs[:, t] + dh, steps[t])
        dX[:, t] = dx
        dWx += gWx                                                # 003 eq. 41: sum over the steps
        dWh += gWh
        db = gb if db is None else db + gb
    if cell == "lstm":
        return dX, dh, dc, dWx, dWh, db
    return dX, dh, dWx, dWh, db


_STEP_BACKWARD = {"rnn": rnn_step_backward, "lstm": None, "gru": gru_step_backward}
_FORWARD = {"rnn": rnn_forward, "lstm": lstm_forward, "gru": gru_forward}
_BACKWARD = {"rnn": rnn_backward, "lstm": lstm_backward, "gru": gru_backward}


def sequence_forward(cell, X, weights):
    """Run `cell` ("rnn", "lstm" or "gru") over X from zero states with weights = [Wx, Wh, b] (Keras' order).

    Returns:
        (Hs (N, T, H), cache), as rnn_forward / lstm_forward / gru_forward.

    Example:
        >>> sequence_forward("rnn", np.ones((1, 2, 1)), [[[1.0]], [[0.0]], [0.0]])[0].shape
        (1, 2, 1)
    """
    validate.choice(cell, "cell", CELLS, where="sequence_forward")
    weights = _weight_list(weights, "weights", "sequence_forward")
    if cell == "lstm":
        return lstm_forward(X, None, None, *weights)
    return _FORWARD[cell](X, None, *weights)


def sequence_backward(dHs, cache):
    """The BPTT of sequence_forward: (dX, [dWx, dWh, db]) whatever the cell (initial-state gradients dropped)."""
    cell = cache.get("cell") if isinstance(cache, dict) else None
    if cell not in CELLS:
        raise fail("sequence_backward: cache is not the cache of a sequence forward pass",
                   "the cache of rnn_forward, lstm_forward, gru_forward or sequence_forward", type_name(cache))
    grads = _BACKWARD[cell](dHs, cache)
    return grads[0], list(grads[-3:])


def _weight_list(weights, name, where):
    if not isinstance(weights, (list, tuple)) or len(weights) != 3:
        raise fail(f"{where}: {name} must be the list [Wx, Wh, b]", "a list of 3 arrays, as layer.get_weights()",
                   type_name(weights) + (f" of {len(weights)} items" if isinstance(weights, (list, tuple)) else ""))
    return list(weights)


# --- bidirectional -----------------------------------------------------------------------------------------

def bidirectional_forward(X, cell, forward_weights, backward_weights, return_sequences=True):
    """keras.layers.Bidirectional(<cell layer>, merge_mode="concat") (003 eq. 53-55).

    One layer reads the sequence left to right (h->_t depends on x_1..x_t), a second with its own
    weights reads it right to left (h<-_t depends on x_t..x_T); the output at step t is [h->_t ; h<-_t].
    Without return_sequences Keras returns [h->_T ; h<-_1], each direction's last state.

    Args:
        X: (N, T, D); cell: "rnn", "lstm" or "gru"; forward_weights, backward_weights: [Wx, Wh, b] each
            (Keras' Bidirectional.get_weights() is the forward layer's three arrays, then the backward's).
        return_sequences: True for (N, T, 2H), False for (N, 2H).

    Returns:
        out, cache.

    Example:
        >>> w = [[[1.0]], [[1.0]], [0.0]]                   # h_t = tanh(x_t + h_{t-1}), both directions
        >>> out, _ = bidirectional_forward(np.ones((1, 3, 1)), "rnn", w, w)
        >>> np.round(out[0], 3).tolist()
        [[0.762, 0.96], [0.943, 0.943], [0.96, 0.762]]
    """
    where = "bidirectional_forward"
    validate.choice(cell, "cell", CELLS, where=where)
    fw = _weight_list(forward_weights, "forward_weights", where)
    bw = _weight_list(backward_weights, "backward_weights", where)
    X = validate.array(X, "X", ndim=3, where=where)
    Hf, cache_f = sequence_forward(cell, X, fw)                     # (N, T, H), left to right
    Hb, cache_b = sequence_forward(cell, X[:, ::-1], bw)            # (N, T, H), in reading order T..1
    if return_sequences:
        out = np.concatenate([Hf, Hb[:, ::-1]], axis=2)             # (N, T, 2H): step t gets both views
    else:
        out = np.concatenate([Hf[:, -1], Hb[:, -1]], axis=1)        # (N, 2H)
    return out, {"forward": cache_f, "backward": cache_b, "return_sequences": bool(return_sequences),
                 "shape": Hf.shape}


def bidirectional_backward(dout, cache):
    """Backward pass of bidirectional_forward.

    Returns:
        (dX (N, T, D), forward grads [dWx, dWh, db], backward grads [dWx, dWh, db]).
    """
    N, T, H = cache["shape"]
    where = "bidirectional_backward"
    if cache["return_sequences"]:
        dout = _grad(dout, (N, T, 2 * H), "dout", where)
        dHf, dHb = dout[:, :, :H], dout[:, ::-1, H:]
    else:
        dout = _grad(dout, (N, 2 * H), "dout", where)
        dHf, dHb = np.zeros((N, T, H)), np.zeros((N, T, H))
        dHf[:, -1], dHb[:, -1] = dout[:, :H], dout[:, H:]
    dXf, gf = sequence_backward(dHf, cache["forward"])
    dXb, gb = sequence_backward(np.ascontiguousarray(dHb), cache["backward"])
    return dXf + dXb[:, ::-1], gf, gb


# --- initial weights and the gradient through time ------------------------------------------------------------

def init_weights(cell, D, H, rng=None, scale=1.0, forget_bias=1.0):
    """Initial [Wx, Wh, b] as Keras draws them (glorot_uniform kernel, orthogonal recurrent kernel, zero bias).

    Wh's H x H blocks are each `scale` times an orthogonal matrix, so every singular value of the SimpleRNN's
    Wh equals `scale`. The LSTM's forget-gate bias is `forget_bias` (Keras' unit_forget_bias=True: 1).

    Args:
        cell: "rnn", "lstm" or "gru"; D, H: sizes; rng: Generator or int seed; scale > 0; forget_bias: a number.

    Returns:
        [Wx (D, G*H), Wh (H, G*H), b] with b of shape (G*H,), or (2, 3H) for the GRU.

    Example:
        >>> Wx, Wh, b = init_weights("rnn", 3, 4, rng=0, scale=0.5)
        >>> np.round(np.linalg.svd(Wh, compute_uv=False), 6).tolist()
        [0.5, 0.5, 0.5, 0.5]
    """
    where = "init_weights"
    validate.choice(cell, "cell", CELLS, where=where)
    D = validate.integer(D, "D", low=1, where=where)
    H = validate.integer(H, "H", low=1, where=where)
    scale = validate.number(scale, "scale", low=0, low_open=True, where=where)
    forget_bias = validate.number(forget_bias, "forget_bias", where=where)
    rng = validate.rng(rng, where=where)
    G = GATES[cell]
    limit = np.sqrt(6.0 / (D + G * H))
    Wx = rng.uniform(-limit, limit, size=(D, G * H))
    blocks = []
    for _ in range(G):
        q, r = np.linalg.qr(rng.normal(size=(H, H)))
        blocks.append(q * np.sign(np.diag(r)))                   # a uniformly random orthogonal matrix
    Wh = scale * np.concatenate(blocks, axis=1)                   # (H, G*H)
    b = np.zeros((2, 3 * H)) if cell == "gru" else np.zeros(G * H)
    if cell == "lstm":
        b[H:2 * H] = forget_bias
    return [Wx, Wh, b]


def gradient_through_time(cell="rnn", T=60, H=32, D=4, scale=1.0, forget_bias=1.0, n=16, rng=None):
    """How the gradient shrinks or grows with the distance in time (003 eq. 41-42), on fresh weights.

    A batch of n random sequences X ~ N(0, 1) (n, T, D) runs through the cell (init_weights); the loss
    looks at the last state only, L = sum_n h_T[n] . u for a fixed random unit vector u. BPTT then gives
    dL/dx_t for every step: its norm at distance k = T - t says how much the input k steps back can
    change the loss, i.e. how strongly learning can connect them.

    For the SimpleRNN (tanh) the chain of 003 eq. 42 is explicit: dh_t/dh_{t-1} = diag(1 - h_t^2) Wh^T,
    so ||dh_T/dh_{T-k}|| <= prod ||diag(1 - h^2)|| ||Wh|| <= s_max(Wh)^k, with s_max the largest singular
    value (here s_max = scale): below 1 the gradient must vanish at least that fast; above 1 it may
    explode (it does when the states stay out of tanh's flat tails).

    Args:
        cell: "rnn", "lstm" or "gru"; T, H, D, n: sizes; scale: the recurrent scale (init_weights);
        forget_bias: the LSTM's forget-gate bias; rng: Generator or int seed.

    Returns:
        dict with "distance" (0..T-1), "grad" (mean over the batch of ||dL/dx_{T-k}||, relative to
        distance 0), and, for "rnn", "jacobian" (mean of ||dh_T/dh_{T-k}||, spectral norm; 1 at k = 0)
        and "bound" (s_max(Wh)^k); "s_max".

    Example:
        >>> g = gradient_through_time("rnn", T=20, scale=0.5, rng=0)
        >>> bool(g["jacobian"][10] <= g["bound"][10]), bool(g["grad"][10] < 1e-2)
        (True, True)
    """
    where = "gradient_through_time"
    validate.choice(cell, "cell", CELLS, where=where)
    T = validate.integer(T, "T", low=2, where=where)
    n = validate.integer(n, "n", low=1, where=where)
    rng = validate.rng(rng, where=where)
    weights = init_weights(cell, D, H, rng=rng, scale=scale, forget_bias=forget_bias)
    X = rng.normal(size=(n, T, D))                                 # (n, T, D)
    u = rng.normal(size=H)
    u /= np.linalg.norm(u)
    Hs, cache = sequence_forward(cell, X, weights)
    dHs = np.zeros_like(Hs)
    dHs[:, -1] = u                                                 # L = sum_n h_T[n] . u
    states = []                                                    # dL/dh_t (LSTM: [dL/dh_t, dL/dc_t]), t = T..1
    _backward(dHs, cache, _STEP_BACKWARD[cell], where, cell, record=states)
    norms = np.array([np.linalg.norm(s, axis=1).mean() for s in states])   # (T,): distance 0 = the last step
    out = {"distance": np.arange(T), "grad": norms / norms[0], "cell": cell, "scale": float(scale),
           "s_max": float(np.linalg.svd(weights[1][:, :H], compute_uv=False)[0])}
    if cell == "rnn":
        Wh = weights[1]
        J = np.broadcast_to(np.eye(H), (n, H, H)).copy()           # dh_T/dh_T, one per sequence
        jac = [1.0]
        for t in range(T - 1, 0, -1):                              # multiply by dh_t/dh_{t-1}, going back
            local = (1.0 - Hs[:, t] ** 2)[:, :, None] * Wh.T[None]  # (n, H, H): diag(1 - h_t^2) Wh^T
            J = J @ local
            jac.append(float(np.mean(np.linalg.norm(J, ord=2, axis=(1, 2)))))
        out["jacobian"] = np.array(jac)
        out["bound"] = out["s_max"] ** np.arange(T)
    return out
