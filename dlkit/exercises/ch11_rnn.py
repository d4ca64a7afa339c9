"""Exercises of chapter 11 (recurrent networks). Weights come in Keras' layout: Wx = kernel,
Wh = recurrent_kernel, b = bias, as layer.get_weights() returns them.

    rnn_step(x, h_prev, Wx, Wh, b)             x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,) -> h (N, H)
    rnn_sequence(X, h0, Wx, Wh, b)             X (N, T, D), h0 (N, H) -> every state, Hs (N, T, H)
    lstm_step(x, h_prev, c_prev, Wx, Wh, b)    Wx (D, 4H), Wh (H, 4H), b (4H,), gates i, f, c, o -> (h, c)
    gru_step(x, h_prev, Wx, Wh, b)             Wx (D, 3H), Wh (H, 3H), b (2, 3H), gates z, r, h,
                                               reset after the product (Keras' default) -> h (N, H)
    train_forecaster(X_train, y_train, X_val, y_val, seed)
                                               a trained recurrent Keras model whose next-change forecasts
                                               beat the naive "no change" forecast by 15 % (test MAE)
    sample_with_temperature(logits, temperature, rng)
                                               logits (N, C) -> (N,) ints, one rng.choice(C, p=p) per row

The step exercises are judged against dlkit.nn.rnn, which reproduces keras.layers.SimpleRNN / LSTM / GRU;
one visible case of each holds the Keras layer's own output on its weights, computed with Keras (float64)
when this module was written (tests/exercises/test_ch11_rnn.py recomputes it).
"""

from __future__ import annotations

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake, array_judge
from dlkit.data.sequences import forecast_split, seasonal_series
from dlkit.nn import rnn
from dlkit.nn.sampling import sample_with_temperature as _sample_ref
from dlkit.nn.sampling import softmax_with_temperature

__all__ = ["rnn_step", "rnn_sequence", "lstm_step", "gru_step", "train_forecaster", "sample_with_temperature",
           "FORECAST_RATIO", "RECURRENT_LAYERS", "forecast_data"]


def _sig(a):
    return 1.0 / (1.0 + np.exp(-a))


# --- numbers computed by Keras 3.15 (float64 layers, these weights) ----------------------------------------

RNN_STEP = dict(x=np.array([[0.21, -1.19, -1.02], [-0.3, 1.55, 0.98]]), h_prev=np.array([[-0.45, -0.52, 0.1, 0.02], [0.34, 0.3, -0.37, -0.1]]), Wx=np.array([[0.27, -0.55, -0.01, -0.43], [-0.83, 0.41, -0.31, -1.01], [-0.06, -0.1, 0.24, -0.6]]), Wh=np.array([[0.53, -0.03, 0.21, -0.46], [0.33, 0.18, -0.25, -0.17], [0.02, -0.39, 0.3, -0.86], [0.71, 0.58, 0.13, -0.62]]), b=np.array([1.15, -1.44, -0.35, 0.49]))  # noqa: E501
RNN_STEP_KERAS = np.array([[0.9528356746770762, -0.9673243645159177, -0.15855101968603658, 0.9840145708055867], [-0.07535687005007592, -0.5422943032509422, -0.6168473567645558, -0.8767867703533336]])  # noqa: E501
RNN_SEQ = dict(X=np.array([[[1.24, 0.88, 1.11], [-0.65, -0.38, 0.64], [-0.43, -1.16, -0.0], [0.79, 0.33, 2.49]], [[1.87, 2.12, 2.08], [-0.38, 0.46, 0.23], [0.9, -1.2, 0.41], [0.39, -0.2, 0.44]]]), h0=np.zeros((2, 2)), Wx=np.array([[0.53, 0.56], [0.06, -0.87], [-0.05, 0.29]]), Wh=np.array([[-0.02, 0.84], [-0.24, 0.22]]), b=np.array([-0.49, -0.27]))  # noqa: E501
RNN_SEQ_KERAS = np.array([[[0.16303208312574993, -0.019297604004659685], [-0.7103694252039559, 0.014900374064968521], [-0.6509057470943823, -0.09474718188735563], [-0.1393303084889557, 0.039773799040924325]], [[0.48101194029415983, -0.4333387055029913], [-0.5233330204965856, -0.46806101186833454], [0.017299577169255106, 0.6933231576810764], [-0.44947610370647006, 0.3944530667680323]]])  # noqa: E501
LSTM_STEP = dict(x=np.array([[-1.05, 3.15, -0.06], [-0.34, 0.66, 1.27]]), h_prev=np.array([[0.18, 0.08], [-0.58, -0.32]]), c_prev=np.array([[-1.51, 0.93], [0.21, -0.17]]), Wx=np.array([[-0.34, 0.18, -0.38, -0.31, 0.34, 0.04, -0.61, -0.08], [0.73, 0.22, -0.26, 0.59, -0.85, -0.28, -0.72, 0.5], [0.36, 1.11, -0.41, -0.78, -0.67, -0.14, 1.51, 0.39]]), Wh=np.array([[0.37, -0.17, -0.41, 0.19, 0.09, 0.8, -0.37, -0.55], [0.06, 0.87, 0.61, 0.25, 0.07, 0.59, -1.0, -0.43]]), b=np.array([-0.22, 0.12, 0.26, 0.43, -0.79, -0.3, -0.06, -1.12]))  # noqa: E501
LSTM_STEP_KERAS = (np.array([[-0.11768008870918685, 0.21283590731622373], [-0.4428839458452097, -0.3558297961385322]]), np.array([[-1.6167588518747782, 0.37466606471242414], [-0.5437288085852064, -0.775907512341449]]))  # noqa: E501
GRU_STEP = dict(x=np.array([[-0.5, -1.6, 0.4], [0.76, 1.38, 0.05]]), h_prev=np.array([[0.6, -0.26], [-0.04, -0.29]]), Wx=np.array([[0.64, -0.08, 0.44, -0.79, 0.39, 0.71], [-0.22, -0.67, -0.45, -0.68, 0.65, 0.95], [0.35, 0.87, 0.7, -0.73, -0.18, 1.15]]), Wh=np.array([[-0.33, 0.33, -0.26, -0.14, -0.49, 0.76], [-0.23, 0.21, 0.14, 0.26, -0.54, -0.74]]), b=np.array([[-0.17, -0.12, 0.49, 0.64, 1.26, 0.48], [-0.45, 0.6, 1.19, -0.09, -0.59, -0.18]]))  # noqa: E501
GRU_STEP_KERAS = np.array([[-0.18218121758844572, -0.2862962306993989], [0.5506698438555171, 0.5133138170005009]])  # noqa: E501


def _random_weights(seed: int, cell: str, N: int, D: int, H: int, T: int | None = None, scale: float = 0.6) -> dict:
    """Inputs, states and Keras-layout weights drawn from one seed."""
    rng = np.random.default_rng(seed)
    G = rnn.GATES[cell]
    out = {"X": rng.normal(size=(N, T, D))} if T else {"x": rng.normal(size=(N, D))}
    out["h0" if T else "h_prev"] = rng.normal(size=(N, H)) * 0.5
    if cell == "lstm":
        out["c_prev"] = rng.normal(size=(N, H))
    out["Wx"] = rng.normal(size=(D, G * H)) * scale
    out["Wh"] = rng.normal(size=(H, G * H)) * scale
    out["b"] = rng.normal(size=(2, 3 * H) if cell == "gru" else (G * H,)) * scale
    return out


def _keras_or(reference):
    """The Keras numbers a case stores in its truth, else dlkit's reference on the inputs."""
    def ref(keras=None, **inputs):
        return keras if keras is not None else reference(**inputs)
    return ref


# --- rnn_step ---------------------------------------------------------------------------------------------

def _rnn_ref(x, h_prev, Wx, Wh, b):
    return rnn.rnn_step_forward(x, h_prev, Wx, Wh, b)[0]


_RNN_HAND = dict(x=np.array([[1.0, 2.0]]), h_prev=np.array([[0.5, -1.0]]),
                 Wx=np.array([[0.1, 0.2], [0.3, -0.1]]), Wh=np.array([[1.0, 0.0], [0.5, 2.0]]), b=np.array([0.1, 0.5]))

rnn_step = Exercise(
    "rnn_step",
    cases=[
        Case("rnn_step(x=[[1, 2]], h_prev=[[0.5, -1]], Wx=[[0.1, 0.2], [0.3, -0.1]], Wh=[[1, 0], [0.5, 2]], "
             "b=[0.1, 0.5])", **_RNN_HAND,
             hint="x Wx = [0.7, 0.0], h_prev Wh = [0.5*1 + (-1)*0.5, 0.5*0 + (-1)*2] = [0, -2], plus b: "
                  "a = [0.8, -1.5], and h = tanh(a) = [0.664, -0.905]"),
        Case("rnn_step on 2 examples, D = 3, H = 4: the output of keras.layers.SimpleRNN(4) with these weights "
             "(computed by Keras)", **RNN_STEP, truth={"keras": RNN_STEP_KERAS},
             hint="the hand-made case passed, so the formula is right for one example: keep every line batch-wide, "
                  "(N, D) @ (D, H) + (N, H) @ (H, H) + (H,)"),
    ],
    hidden=lambda seed, N, D, H: Case(f"random weights, N = {N}, D = {D}, H = {H}", **_random_weights(seed, "rnn", N, D, H),
                                      hint="h = tanh(x @ Wx + h_prev @ Wh + b)"),
    reference=_keras_or(_rnn_ref),
    judge=array_judge(
        dtype="float", shape=lambda t: (len(t.inputs["x"]), t.inputs["Wh"].shape[0]),
        shape_hint="one state of H units per example: shape (N, H), like h_prev",
        mistakes=[
            Mistake(lambda x, h_prev, Wx, Wh, b: x @ Wx + h_prev @ Wh + b,
                    "tanh is missing: h = tanh(x Wx + h_prev Wh + b), SimpleRNN's default activation"),
            Mistake(lambda x, h_prev, Wx, Wh, b: np.tanh(x @ Wx + h_prev @ Wh.T + b),
                    "Wh is transposed: in Keras' layout the state multiplies from the left, h_prev @ Wh "
                    "(003 eq. 39 writes W_hh h with column vectors, and Wh = W_hh transposed)"),
            Mistake(lambda x, h_prev, Wx, Wh, b: np.tanh(x @ Wx + h_prev @ Wh),
                    "the bias is missing: add b inside the tanh"),
            Mistake(lambda x, h_prev, Wx, Wh, b: np.tanh(x @ Wx + b),
                    "the previous state is ignored: the recurrence is the h_prev @ Wh term"),
            Mistake(lambda x, h_prev, Wx, Wh, b: _sig(x @ Wx + h_prev @ Wh + b),
                    "sigmoid instead of tanh: SimpleRNN uses tanh, whose outputs lie in (-1, 1)"),
        ]),
    crash_hint="x @ Wx is (N, D) @ (D, H) and h_prev @ Wh is (N, H) @ (H, H): both give (N, H); the bias (H,) "
               "is added to every row",
    hints=(
        "The new state mixes the current input and the previous state, then squashes the result with tanh.",
        "Two matrix products, one for the input (x with Wx) and one for the state (h_prev with Wh), plus the bias; "
        "rows are examples, so the arrays multiply from the left as in a dense layer.",
        "h = np.tanh(x @ Wx + h_prev @ Wh + b)   # (N, D)(D, H) + (N, H)(H, H) + (H,) -> (N, H)",
    ),
    references=("dlkit.nn.rnn.rnn_step_forward", "dlkit.nn.rnn.rnn_forward", "dlkit.nn.rnn.sequence_forward"),
)


# --- rnn_sequence ------------------------------------------------------------------------------------------

def _seq_ref(X, h0, Wx, Wh, b):
    return rnn.rnn_forward(X, h0, Wx, Wh, b)[0]


def _seq_no_carry(X, h0, Wx, Wh, b):
    return np.stack([np.tanh(X[:, t] @ Wx + h0 @ Wh + b) for t in range(X.shape[1])], axis=1)


def _seq_shifted(X, h0, Wx, Wh, b):
    Hs = _seq_ref(X, h0, Wx, Wh, b)
    return np.concatenate([h0[:, None], Hs[:, :-1]], axis=1)


def _judge_sequence(t, got, want):
    N, T, _ = t.inputs["X"].shape
    H = t.inputs["Wh"].shape[0]
    if type(got) is np.ndarray and got.shape == (N, H) and T > 1:
        t.fail("rnn_sequence returned one state per example, not one per time step", f"shape ({N}, {T}, {H})",
               f"shape {got.shape}", hint="return every state, as return_sequences=True does: collect h after each "
                                          "step and stack them along axis 1 (the last state is Hs[:, -1])")
    if type(got) is np.ndarray and got.shape == (T, N, H) and T != N:
        t.fail("rnn_sequence stacked the states along the wrong axis", f"shape ({N}, {T}, {H}): batch, time, units",
               f"shape {got.shape}", hint="np.stack(states) puts time first; use np.stack(states, axis=1) so that "
                                          "Hs[n, t] is the state of sequence n after step t, as in Keras")
    t.array(got, shape=(N, T, H), dtype="float", hint="shape (N, T, H): the state after every step, batch first")
    t.close(got, want, mistakes=[
        Mistake(_seq_no_carry, "every step starts again from h0: carry the state, feed the h of step t into step t + 1"),
        Mistake(_seq_shifted, "the states are shifted by one step: Hs[:, 0] is the state after reading x_1, not h0"),
        Mistake(lambda X, h0, Wx, Wh, b: _seq_ref(X, np.zeros_like(h0), Wx, Wh, b),
                "h0 is ignored: the first step uses the h0 you are given (Keras' initial_state), not zeros"),
        Mistake(lambda X, h0, Wx, Wh, b: _seq_ref(X[:, ::-1], h0, Wx, Wh, b),
                "the sequence is read backwards: step through t = 0, 1, ..., T - 1"),
    ])


rnn_sequence = Exercise(
    "rnn_sequence",
    cases=[
        Case("rnn_sequence(X = [[[1], [0], [-1]]], h0 = [[0]], Wx = [[1]], Wh = [[0.5]], b = [0])",
             X=np.array([[[1.0], [0.0], [-1.0]]]), h0=np.zeros((1, 1)), Wx=np.array([[1.0]]),
             Wh=np.array([[0.5]]), b=np.zeros(1),
             hint="h1 = tanh(1 + 0.5*0) = 0.762, h2 = tanh(0 + 0.5*0.762) = 0.363, "
                  "h3 = tanh(-1 + 0.5*0.363) = -0.674: each step reads the state the step before wrote"),
        Case("rnn_sequence on 2 sequences of 4 steps, D = 3, H = 2, h0 = 0: the output of "
             "keras.layers.SimpleRNN(2, return_sequences=True) with these weights (computed by Keras)",
             **RNN_SEQ, truth={"keras": RNN_SEQ_KERAS},
             hint="start from h0, apply the step T times with the same weights, keep every h"),
        Case("rnn_sequence with a non-zero h0 (Keras' initial_state)", **_random_weights(1103, "rnn", 3, 2, 2, T=5),
             hint="the first step reads h0, not zeros"),
    ],
    hidden=lambda seed, N, T, D, H: Case(f"random sequences, N = {N}, T = {T}, D = {D}, H = {H}",
                                         **_random_weights(seed, "rnn", N, D, H, T=T),
                                         hint="h_t = tanh(x_t Wx + h_(t-1) Wh + b) for t = 1..T, from h0"),
    reference=_keras_or(_seq_ref),
    judge=_judge_sequence,
    crash_hint="X[:, t] is the input of step t for every sequence, shape (N, D); the state h has shape (N, H)",
    hints=(
        "Unrolling is a loop over time that carries the state from one step to the next, with the same weights.",
        "Start with h = h0; for t in range(T): h = (your step on X[:, t] and h); keep each h in a list; stack the "
        "list so that time is the second axis.",
        "states = []; h = h0; for t in range(X.shape[1]): h = rnn_step(X[:, t], h, Wx, Wh, b); states.append(h); "
        "return np.stack(states, axis=1)   # (N, T, H)",
    ),
    references=("dlkit.nn.rnn.rnn_forward", "dlkit.nn.rnn.sequence_forward"),
)


# --- lstm_step ---------------------------------------------------------------------------------------------

def _lstm_ref(x, h_prev, c_prev, Wx, Wh, b):
    (h, c), _ = rnn.lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)
    return h, c


def _lstm_variant(order="ifco", cand=np.tanh, gate=_sig, tanh_c=True):
    """A wrong LSTM: the four blocks read in `order`, other activations, or h = o * c."""
    def f(x, h_prev, c_prev, Wx, Wh, b):
        H = h_prev.shape[1]
        a = x @ Wx + h_prev @ Wh + b
        blocks = dict(zip(order, (a[:, k * H:(k + 1) * H] for k in range(4))))
        i, fg, o, g = gate(blocks["i"]), gate(blocks["f"]), gate(blocks["o"]), cand(blocks["c"])
        c = fg * c_prev + i * g
        return (o * np.tanh(c) if tanh_c else o * c), c
    return f


_LSTM_MISTAKES = [
    (_lstm_variant("fico"), "the gates are read in the order f, i, c, o (the order of 003's equations): Keras' "
                            "kernel holds them as i, f, c, o, blocks of H columns"),
    (_lstm_variant("ifoc"), "the gates are read in the order i, f, o, c: Keras' kernel holds them as i, f, c, o "
                            "(the candidate c~ is the third block, the output gate the fourth)"),
    (_lstm_variant("cifo"), "the gates are read in the order c, i, f, o: Keras' kernel holds them as i, f, c, o"),
    (_lstm_variant(cand=_sig), "the candidate c~ uses sigmoid: it is tanh(a_c), only the gates i, f, o use sigmoid"),
    (_lstm_variant(gate=np.tanh, cand=np.tanh), "the gates use tanh: i, f and o are sigmoids, in (0, 1)"),
]


def _judge_lstm(t, got, want):
    t.sequence(got, length=2, hint="return the pair (h, c): the new hidden state, then the new cell state")
    h, c = got
    N, H = t.inputs["h_prev"].shape
    for value, name in ((h, "h"), (c, "c")):
        t.array(value, shape=(N, H), dtype="float", name=f"{name} of lstm_step(...)",
                hint=f"{name} has the shape of h_prev: (N, H), one value per example and unit")
    want_h, want_c = (np.asarray(w) for w in want)
    if np.allclose(h, want_c, rtol=1e-6, atol=1e-8) and np.allclose(c, want_h, rtol=1e-6, atol=1e-8):
        t.fail("lstm_step returned (c, h): the two states are swapped", hint="return (h, c), h first as Keras' "
                                                                             "return_state does")
    t.close(c, want_c, name="c of lstm_step(...)",
            mistakes=[Mistake(lambda _f=f, **kw: _f(**kw)[1], m) for f, m in _LSTM_MISTAKES])
    t.close(h, want_h, name="h of lstm_step(...)",
            mistakes=[Mistake(lambda **kw: _lstm_variant(tanh_c=False)(**kw)[0],
                              "h = o * c: the cell state goes through tanh first, h = o * tanh(c)"),
                      Mistake(lambda x, h_prev, c_prev, Wx, Wh, b: _sig((x @ Wx + h_prev @ Wh + b)[:, 3 * h_prev.shape[1]:])
                              * np.tanh(c_prev), "h uses the old cell state: h = o * tanh(c) with the new c")],
            hint="c is right; the output is h = o * tanh(c), o the sigmoid of the fourth block")


_LSTM_HAND = dict(x=np.array([[1.0]]), h_prev=np.array([[0.0]]), c_prev=np.array([[1.0]]), Wx=np.zeros((1, 4)),
                  Wh=np.zeros((1, 4)), b=np.array([0.0, -1.0, 1.0, 2.0]))

lstm_step = Exercise(
    "lstm_step",
    cases=[
        Case("lstm_step(x=[[1]], h_prev=[[0]], c_prev=[[1]], Wx=0, Wh=0, b=[0, -1, 1, 2]) (H = 1: one column per gate)",
             **_LSTM_HAND,
             hint="with zero weights the blocks are the bias: a_i = 0, a_f = -1, a_c = 1, a_o = 2, so i = 0.5, "
                  "f = sigmoid(-1) = 0.269, c~ = tanh(1) = 0.762, o = sigmoid(2) = 0.881; c = 0.269*1 + 0.5*0.762 = "
                  "0.650 and h = 0.881*tanh(0.650) = 0.503"),
        Case("lstm_step on 2 examples, D = 3, H = 2: the output of keras.layers.LSTM(2, return_state=True) with "
             "these weights and initial state (computed by Keras)", **LSTM_STEP, truth={"keras": LSTM_STEP_KERAS},
             hint="a = x @ Wx + h_prev @ Wh + b has 4H columns: i = a[:, :H], f = a[:, H:2H], c~ = a[:, 2H:3H], "
                  "o = a[:, 3H:]"),
    ],
    hidden=lambda seed, N, D, H: Case(f"random weights, N = {N}, D = {D}, H = {H}",
                                      **_random_weights(seed, "lstm", N, D, H),
                                      hint="blocks i, f, c, o of x Wx + h_prev Wh + b; c = f c_prev + i c~; "
                                           "h = o tanh(c)"),
    reference=_keras_or(_lstm_ref),
    judge=_judge_lstm,
    crash_hint="x @ Wx is (N, D) @ (D, 4H) -> (N, 4H); slice it into four blocks of H columns with H = h_prev.shape[1]",
    hints=(
        "All four gates come from one product: x Wx + h_prev Wh + b has 4H columns, one block of H per gate, in "
        "Keras' order i, f, c, o.",
        "Slice the blocks, apply sigmoid to i, f, o and tanh to the candidate; the new cell keeps f of the old one "
        "and adds i of the candidate; the new h is o times tanh of the new cell.",
        "a = x @ Wx + h_prev @ Wh + b; i, f, g, o = (a[:, k*H:(k+1)*H] for k in range(4)); "
        "c = sig(f) * c_prev + sig(i) * tanh(g); h = sig(o) * tanh(c); return h, c",
    ),
    references=("dlkit.nn.rnn.lstm_step_forward", "dlkit.nn.rnn.lstm_forward", "dlkit.nn.rnn.sequence_forward"),
)


# --- gru_step ---------------------------------------------------------------------------------------------

def _gru_ref(x, h_prev, Wx, Wh, b):
    return rnn.gru_step_forward(x, h_prev, Wx, Wh, b)[0]


def _gru_variant(before=False, swap_z=False, order="zrh", recurrent_bias=True, bias_inside=True):
    def f(x, h_prev, Wx, Wh, b):
        H = h_prev.shape[1]
        bx, bh = b[0], (b[1] if recurrent_bias else np.zeros_like(b[1]))
        ax, ah = x @ Wx + bx, h_prev @ Wh + bh
        blk = {k: slice(i * H, (i + 1) * H) for i, k in enumerate(order)}
        z = _sig(ax[:, blk["z"]] + ah[:, blk["z"]])
        r = _sig(ax[:, blk["r"]] + ah[:, blk["r"]])
        if before:
            n = np.tanh(ax[:, blk["h"]] + (r * h_prev) @ Wh[:, blk["h"]] + bh[blk["h"]])
        elif bias_inside:
            n = np.tanh(ax[:, blk["h"]] + r * ah[:, blk["h"]])
        else:
            n = np.tanh(ax[:, blk["h"]] + r * (h_prev @ Wh[:, blk["h"]]) + bh[blk["h"]])
        return (1 - z) * h_prev + z * n if swap_z else z * h_prev + (1 - z) * n
    return f


_GRU_HAND = dict(x=np.array([[1.0]]), h_prev=np.array([[0.5]]), Wx=np.array([[0.5, -0.5, 1.0]]),
                 Wh=np.array([[1.0, 2.0, -1.0]]), b=np.array([[0.0, 0.0, 0.5], [0.2, 0.0, 0.0]]))

gru_step = Exercise(
    "gru_step",
    cases=[
        Case("gru_step(x=[[1]], h_prev=[[0.5]], Wx=[[0.5, -0.5, 1]], Wh=[[1, 2, -1]], b=[[0, 0, 0.5], [0.2, 0, 0]])",
             **_GRU_HAND,
             hint="input blocks x Wx + b[0] = [0.5, -0.5, 1.5], recurrent blocks h_prev Wh + b[1] = [0.7, 1.0, -0.5]; "
                  "z = sigmoid(1.2) = 0.769, r = sigmoid(0.5) = 0.622, h~ = tanh(1.5 + 0.622*(-0.5)) = 0.830, "
                  "h = 0.769*0.5 + (1 - 0.769)*0.830 = 0.576"),
        Case("gru_step on 2 examples, D = 3, H = 2: the output of keras.layers.GRU(2) (reset_after=True) with these "
             "weights and initial state (computed by Keras)", **GRU_STEP, truth={"keras": GRU_STEP_KERAS},
             hint="blocks z, r, h of H columns each; b[0] joins x @ Wx, b[1] joins h_prev @ Wh"),
    ],
    hidden=lambda seed, N, D, H: Case(f"random weights, N = {N}, D = {D}, H = {H}",
                                      **_random_weights(seed, "gru", N, D, H),
                                      hint="z, r from both products; h~ = tanh(x_h + r * h_h); h = z h_prev + (1 - z) h~"),
    reference=_keras_or(_gru_ref),
    judge=array_judge(
        dtype="float", shape=lambda t: t.inputs["h_prev"].shape, shape_hint="h has the shape of h_prev, (N, H)",
        mistakes=[
            Mistake(_gru_variant(swap_z=True),
                    "(1 - z) is on the wrong term: Keras keeps z of the old state, h = z * h_prev + (1 - z) * h~ "
                    "(003 eq. 52 writes the other convention, with its z being Keras' 1 - z)"),
            Mistake(_gru_variant(before=True),
                    "the reset gate is applied before the matrix product, (r * h_prev) @ Wh_h, as in 003 eq. 51 "
                    "(Keras' reset_after=False): Keras' default multiplies after it, r * (h_prev @ Wh_h + b_h)"),
            Mistake(_gru_variant(bias_inside=False),
                    "the candidate's recurrent bias sits outside the reset gate: it is r * (h_prev @ Wh_h + b[1]_h)"),
            Mistake(_gru_variant(recurrent_bias=False),
                    "the recurrent bias b[1] is missing: b has two rows, b[0] for x @ Wx and b[1] for h_prev @ Wh"),
            Mistake(_gru_variant(order="rzh"),
                    "the gates z and r are swapped: Keras' blocks are z (update), r (reset), h (candidate)"),
        ]),
    crash_hint="x @ Wx + b[0] and h_prev @ Wh + b[1] are both (N, 3H): b has two rows (input bias, recurrent bias)",
    hints=(
        "Compute both products once, x Wx + b[0] and h_prev Wh + b[1], each with 3H columns in the order z, r, h.",
        "z and r are sigmoids of the sums of their blocks; the candidate adds the input's h block to r times the "
        "recurrent h block (reset after the product); z decides how much of the old state to keep.",
        "ax = x @ Wx + b[0]; ah = h_prev @ Wh + b[1]; z = sig(ax[:, :H] + ah[:, :H]); "
        "r = sig(ax[:, H:2H] + ah[:, H:2H]); n = tanh(ax[:, 2H:] + r * ah[:, 2H:]); h = z * h_prev + (1 - z) * n",
    ),
    references=("dlkit.nn.rnn.gru_step_forward", "dlkit.nn.rnn.gru_forward", "dlkit.nn.rnn.sequence_forward"),
)


# --- train_forecaster ---------------------------------------------------------------------------------------

FORECAST_RATIO = 0.85          # the model's test MAE must be at most this fraction of the naive forecast's
RECURRENT_LAYERS = ("SimpleRNN", "LSTM", "GRU", "Bidirectional")
FORECAST_N, FORECAST_T = 1200, 24


def forecast_data(series_seed: int):
    """The chapter's forecasting data: forecast_split(seasonal_series(1200, rng=series_seed), T=24)."""
    return forecast_split(seasonal_series(FORECAST_N, rng=series_seed), T=FORECAST_T)


def _forecast_case(label, series_seed, seed, hint=None):
    f = forecast_data(series_seed)
    return Case(label, X_train=f.X_train, y_train=f.y_train, X_val=f.X_val, y_val=f.y_val, seed=seed,
                X_test=f.X_test, truth={"y_test": f.y_test}, hint=hint)


def _describe_forecaster(target, X_train, y_train, X_val, y_val, seed, X_test):
    from dlkit.checks.keras import describe

    return describe(target(X_train, y_train, X_val, y_val, seed), X_test)


def _judge_forecaster(t, got, want):
    y = want["y_test"]
    if type(got) is not dict or "model" not in got:
        t.fail("train_forecaster's answer could not be read as a Keras model", hint="return the trained model")
    if not got["model"]:
        received = got.get("received", "?")
        hint = ("return the model itself, not the History that fit returns" if received == "History" else
                "return the trained keras model" + (" (add `return model`)" if received == "None" else ""))
        t.fail("train_forecaster should return a trained Keras model", "a keras.Model", received, hint=hint)
    kinds = [layer["type"] for layer in got["layers"]]
    if not any(k in RECURRENT_LAYERS for k in kinds):
        t.fail("the model has no recurrent layer", "a SimpleRNN, LSTM or GRU layer reading the window",
               ", ".join(kinds) or "no layers", hint="this chapter's forecaster reads the window step by step: "
                                                     "keras.Input((T, 1)), then e.g. keras.layers.SimpleRNN(16)")
    pred = np.asarray(got["predictions"])
    N = len(y)
    if pred.ndim == 3:
        t.fail("the model outputs a value for every time step", f"predictions of shape ({N}, 1)",
               f"shape {pred.shape}", hint="the last recurrent layer must return only its final state: "
                                            "return_sequences=False (the default), then Dense(1)")
    if pred.shape not in ((N, 1), (N,)):
        t.fail("the model should output one number per window", f"predictions of shape ({N}, 1)", f"shape {pred.shape}",
               hint="end the model with keras.layers.Dense(1): one predicted change per window")
    pred = pred.reshape(N)
    if not np.all(np.isfinite(pred)):
        t.fail("the model's predictions are not finite", hint="training diverged: lower the learning rate")
    mae, naive = float(np.mean(np.abs(pred - y))), float(np.mean(np.abs(y)))
    if mae > FORECAST_RATIO * naive:
        t.fail(f"the model does not beat the naive forecast by 15 % on the test windows (test MAE must be at most "
               f"{FORECAST_RATIO} x the naive forecast's)",
               f"MAE <= {FORECAST_RATIO * naive:.4f} ({FORECAST_RATIO} x naive {naive:.4f})", f"MAE {mae:.4f}",
               hint="train the recipe: SimpleRNN(16) then Dense(1), Adam(learning_rate=0.01), loss 'mse', 10 epochs "
                    "of batch 32 with validation_data=(X_val, y_val) and EarlyStopping(monitor='val_loss', "
                    "patience=10, restore_best_weights=True); one unit (SimpleRNN(1)) is too small")


train_forecaster = Exercise(
    "train_forecaster",
    cases=[_forecast_case("train_forecaster on the chapter's series (series seed 0, seed 0)", 0, 0,
                          hint="a recurrent layer, Dense(1), trained on (X_train, y_train) with validation")],
    hidden=lambda series_seed, seed: _forecast_case(f"another series (series seed {series_seed}) and seed {seed}",
                                                    series_seed, seed),
    call=_describe_forecaster,
    reference=lambda y_test, **inputs: {"y_test": np.asarray(y_test, dtype=float)},
    judge=_judge_forecaster,
    crash_hint="X_train has shape (N, 24, 1): the model starts with keras.Input(shape=(24, 1)) (or "
               "X_train.shape[1:]); y_train has shape (N,), one next change per window, so the model ends with "
               "keras.layers.Dense(1): one number per window",
    hints=(
        "A small recurrent model reads the 24 changes and outputs the next one; fit it on the training windows, "
        "watch the validation loss, keep the best epoch.",
        "keras.utils.set_random_seed(seed); a Sequential of keras.Input((24, 1)), SimpleRNN(16) and Dense(1); "
        "compile with Adam(0.01) and 'mse'; fit 10 epochs, batch 32, validation_data, EarlyStopping with "
        "restore_best_weights=True; return the model.",
        "model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=10, batch_size=32, verbose=0, "
        "callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=10, restore_best_weights=True)])",
    ),
)


# --- sample_with_temperature ----------------------------------------------------------------------------------

def _with_generator(target, logits, temperature, seed):
    return target(logits, temperature, np.random.default_rng(seed))


def _draw(P, seed):
    rng = np.random.default_rng(seed)
    return np.array([rng.choice(P.shape[1], p=p) for p in P])


def _same_u(logits, temperature, seed):
    u = np.random.default_rng(seed).random()
    cdf = np.cumsum(softmax_with_temperature(logits, temperature), axis=1)
    return np.array([np.searchsorted(c / c[-1], u, side="right") for c in cdf])


def _sample_case(label, seed, n, c, temperature, scale=2.0, hint=None):
    logits = np.random.default_rng(seed + 500).normal(size=(n, c)) * scale
    return Case(label, logits=logits, temperature=temperature, seed=seed, hint=hint)


_SAMPLE_HINT = ("make P = softmax(logits / temperature) row by row, then for each row, in order, one "
                "rng.choice(C, p=P[n]) with the Generator you are given")

sample_with_temperature = Exercise(
    "sample_with_temperature",
    cases=[
        Case("sample_with_temperature(logits = 6 rows of [2, 1, 0.1], temperature=1, rng=np.random.default_rng(5))",
             logits=np.array([[2.0, 1.0, 0.1]] * 6), temperature=1.0, seed=5,
             hint="softmax([2, 1, 0.1]) = [0.659, 0.242, 0.099]; the first rng.random() of default_rng(5) is 0.805, "
                  "above 0.659 and below 0.659 + 0.242 = 0.901, so row 0 draws class 1. One rng.choice(3, p=p) per "
                  "row does exactly this"),
        _sample_case("sample_with_temperature on 12 rows of 5 logits, temperature 0.5, default_rng(1)", 1, 12, 5, 0.5,
                     hint="divide the logits by the temperature before the softmax: 0.5 sharpens the distribution"),
        _sample_case("sample_with_temperature on 12 rows of 5 logits, temperature 2, default_rng(2)", 2, 12, 5, 2.0,
                     hint="divide the logits by the temperature before the softmax: 2 flattens the distribution"),
        Case("sample_with_temperature(logits = 4 rows of [1000, 1001, 1002], temperature=1, "
             "rng=np.random.default_rng(3))", logits=np.array([[1000.0, 1001.0, 1002.0]] * 4), temperature=1.0,
             seed=3, hint="exp(1000) overflows to inf: subtract each row's maximum before exp (the probabilities do "
                          "not change)"),
    ],
    hidden=lambda seed, n, c, temperature, scale=2.0: _sample_case(
        f"{n} rows of {c} logits, temperature {temperature}", seed, n, c, temperature, scale, hint=_SAMPLE_HINT),
    call=_with_generator,
    reference=lambda logits, temperature, seed: _sample_ref(logits, temperature, np.random.default_rng(seed)),
    judge=array_judge(
        dtype="int", shape=lambda t: (len(t.inputs["logits"]),), exact=True,
        shape_hint="one class index per row of logits: an int array of shape (N,) (np.array of the indices)",
        mistakes=[
            Mistake(lambda logits, temperature, seed: _draw(softmax_with_temperature(logits, 1.0), seed),
                    "the temperature had no effect: divide the logits by it before the softmax (dividing the "
                    "probabilities changes nothing once they are normalised again)"),
            Mistake(lambda logits, temperature, seed: _draw(softmax_with_temperature(logits * temperature, 1.0), seed),
                    "the logits are multiplied by the temperature: divide them, softmax(logits / temperature)"),
            Mistake(lambda logits, temperature, seed: np.argmax(logits, axis=1),
                    "argmax always takes the most likely class (the limit of temperature -> 0): draw with "
                    "rng.choice(C, p=p)"),
            Mistake(lambda logits, temperature, seed: _draw(
                softmax_with_temperature(np.repeat(logits[:1], len(logits), axis=0), temperature), seed),
                "every row is drawn from the first row's distribution: one rng.choice(C, p=P[n]) per row n"),
            Mistake(_same_u, "every row used the same random number: draw once per row from the one Generator "
                             "you are given, without re-creating it or resetting its state"),
        ]),
    crash_hint="rng.choice(C, p=p) needs p to be finite and to sum to 1: subtract the row's maximum before exp to "
               "avoid inf / inf = nan, and divide by the row's sum",
    hints=(
        "Temperature rescales the logits, then the softmax turns them into probabilities; the Generator draws one "
        "class per row.",
        "s = logits / temperature; subtract each row's maximum; exponentiate; divide by the row sums; then one "
        "rng.choice(C, p=P[n]) per row, in row order (or rng.random(N) and the first class whose cumulative "
        "probability exceeds it).",
        "P = np.exp(s - s.max(axis=1, keepdims=True)); P /= P.sum(axis=1, keepdims=True); "
        "return np.array([rng.choice(P.shape[1], p=p) for p in P])",
    ),
    references=("dlkit.nn.sampling.sample_with_temperature", "dlkit.nn.sampling.softmax_with_temperature",
                "dlkit.models.char_rnn.generate"),
)
