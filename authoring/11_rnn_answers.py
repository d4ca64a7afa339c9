"""Wrong and right answers for the exercises of 11_rnn (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks.
"""

WRONG = {
    "rnn_step": [
        {"why": "forgets the tanh", "expect": "tanh is missing", "edit": [("return np.tanh(a)", "return a")]},
        {"why": "transposes the recurrent kernel", "expect": "Wh is transposed",
         "edit": [("h_prev @ Wh + b", "h_prev @ Wh.T + b")]},
        {"why": "003's column form typed literally (W_hh h + W_xh x), which transposes Wh", "expect": "Wh is transposed",
         "code": '''def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(Wh @ h_prev.T + Wx.T @ x.T + b[:, None]).T
'''},
        {"why": "forgets the bias", "expect": "bias is missing", "edit": [("h_prev @ Wh + b", "h_prev @ Wh")]},
        {"why": "ignores the previous state", "expect": "previous state is ignored",
         "edit": [("a = x @ Wx + h_prev @ Wh + b", "a = x @ Wx + b")]},
        {"why": "sigmoid instead of tanh", "expect": "sigmoid instead of tanh",
         "edit": [("return np.tanh(a)", "return sigmoid(a)")]},
        {"why": "returns a list of lists", "expect": "numpy array",
         "edit": [("return np.tanh(a)", "return np.tanh(a).tolist()")]},
    ],
    "rnn_sequence": [
        {"why": "returns only the last state (return_sequences=False)", "expect": "not one per time step",
         "edit": [("return np.stack(states, axis=1)", "return h")]},
        {"why": "stacks time first", "expect": "wrong axis",
         "edit": [("return np.stack(states, axis=1)", "return np.stack(states)")]},
        {"why": "restarts every step from h0", "expect": "carry the state",
         "edit": [("h = rnn_step(X[:, t], h, Wx, Wh, b)", "h = rnn_step(X[:, t], h0, Wx, Wh, b)")]},
        {"why": "starts from zeros instead of h0", "expect": "h0 is ignored",
         "edit": [("h, states = h0, []", "h, states = np.zeros_like(h0), []")]},
        {"why": "keeps h0 and drops the last state", "expect": "shifted by one step",
         "code": '''def rnn_sequence(X, h0, Wx, Wh, b):
    h, states = h0, []
    for t in range(X.shape[1]):
        states.append(h)
        h = rnn_step(X[:, t], h, Wx, Wh, b)
    return np.stack(states, axis=1)
'''},
        {"why": "reads the sequence backwards", "expect": "backwards",
         "edit": [("for t in range(X.shape[1]):", "for t in reversed(range(X.shape[1])):")]},
    ],
    "lstm_step": [
        {"why": "the paper's gate order f, i, c, o", "expect": "order f, i, c, o",
         "edit": [("i = sigmoid(a[:, :H])", "i = sigmoid(a[:, H:2 * H])"),
                  ("f = sigmoid(a[:, H:2 * H])", "f = sigmoid(a[:, :H])")]},
        {"why": "gate order i, f, o, c", "expect": "order i, f, o, c",
         "edit": [("g = np.tanh(a[:, 2 * H:3 * H])", "g = np.tanh(a[:, 3 * H:])"),
                  ("o = sigmoid(a[:, 3 * H:])", "o = sigmoid(a[:, 2 * H:3 * H])")]},
        {"why": "h = o * c (no tanh on the cell)", "expect": "h = o * c",
         "edit": [("return o * np.tanh(c), c", "return o * c, c")]},
        {"why": "sigmoid on the candidate", "expect": "candidate",
         "edit": [("g = np.tanh(a[:, 2 * H:3 * H])", "g = sigmoid(a[:, 2 * H:3 * H])")]},
        {"why": "returns (c, h)", "expect": "swapped", "edit": [("return o * np.tanh(c), c", "return c, o * np.tanh(c)")]},
        {"why": "returns h only", "expect": "pair (h, c)", "edit": [("return o * np.tanh(c), c", "return o * np.tanh(c)")]},
        {"why": "h from the old cell state", "expect": "old cell state",
         "edit": [("return o * np.tanh(c), c", "return o * np.tanh(c_prev), c")]},
    ],
    "gru_step": [
        {"why": "(1 - z) on the old state, as 003 eq. 52", "expect": "wrong term",
         "edit": [("return z * h_prev + (1 - z) * h_tilde", "return (1 - z) * h_prev + z * h_tilde")]},
        {"why": "reset before the product, as 003 eq. 51", "expect": "before the matrix product",
         "edit": [("h_tilde = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])",
                   "h_tilde = np.tanh(ax[:, 2 * H:] + (r * h_prev) @ Wh[:, 2 * H:] + b[1, 2 * H:])")]},
        {"why": "the recurrent bias outside the reset gate", "expect": "outside the reset gate",
         "edit": [("h_tilde = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])",
                   "h_tilde = np.tanh(ax[:, 2 * H:] + r * (h_prev @ Wh[:, 2 * H:]) + b[1, 2 * H:])")]},
        {"why": "ignores the recurrent bias row", "expect": "recurrent bias b[1] is missing",
         "edit": [("ah = h_prev @ Wh + b[1]", "ah = h_prev @ Wh")]},
        {"why": "gate order r, z, h", "expect": "z and r are swapped",
         "edit": [("z = sigmoid(ax[:, :H] + ah[:, :H])", "z = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])"),
                  ("r = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])", "r = sigmoid(ax[:, :H] + ah[:, :H])")]},
        {"why": "003's GRU typed in full (reset before, (1 - z) on the old state): the first message names the (1 - z), "
                "the next one (on the Keras case) the reset", "expect": "wrong term",
         "code": '''def gru_step(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    ax = x @ Wx + b[0]
    ah = h_prev @ Wh + b[1]
    z = sigmoid(ax[:, :H] + ah[:, :H])
    r = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    h_tilde = np.tanh(ax[:, 2 * H:] + (r * h_prev) @ Wh[:, 2 * H:] + b[1, 2 * H:])
    return (1 - z) * h_prev + z * h_tilde
'''},
    ],
    "train_forecaster": [
        {"why": "forgets to train", "expect": "does not beat the naive forecast",
         "edit": [("    model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=10, batch_size=32, verbose=0,\n"
                   "              callbacks=[keep_best])\n", "")]},
        {"why": "returns the History of fit", "expect": "not the History",
         "edit": [("    model.fit(X_train, y_train,", "    return model.fit(X_train, y_train,")]},
        {"why": "no recurrent layer: a dense network on the flattened window", "expect": "no recurrent layer",
         "edit": [("keras.layers.SimpleRNN(16),", "keras.layers.Flatten(),")]},
        {"why": "forgets the Dense(1) output", "expect": "one number per window",
         "edit": [("        keras.layers.Dense(1),                         # the next change\n", "")]},
    ],
    "sample_with_temperature": [
        {"why": "temperature applied to the probabilities", "expect": "temperature had no effect",
         "code": '''def sample_with_temperature(logits, temperature, rng):
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = P / P.sum(axis=1, keepdims=True)
    P = P / temperature
    P = P / P.sum(axis=1, keepdims=True)
    return np.array([rng.choice(P.shape[1], p=p) for p in P])
'''},
        {"why": "multiplies the logits by the temperature", "expect": "multiplied by the temperature",
         "edit": [("s = logits / temperature", "s = logits * temperature")]},
        {"why": "argmax (greedy decoding)", "expect": "argmax",
         "edit": [("return np.array([rng.choice(P.shape[1], p=p) for p in P])", "return np.argmax(P, axis=1)")]},
        {"why": "no max subtraction: exp(1000) overflows", "expect": "subtract",
         "edit": [("P = np.exp(s - s.max(axis=1, keepdims=True))", "P = np.exp(s)")]},
        {"why": "draws every row from the first row's distribution", "expect": "first row's distribution",
         "edit": [("return np.array([rng.choice(P.shape[1], p=p) for p in P])",
                   "return rng.choice(P.shape[1], size=len(P), p=P[0])")]},
        {"why": "resets the generator for every row", "expect": "same random number",
         "edit": [("return np.array([rng.choice(P.shape[1], p=p) for p in P])",
                   "state = rng.bit_generator.state\n    out = []\n    for p in P:\n"
                   "        rng.bit_generator.state = state\n        out.append(rng.choice(P.shape[1], p=p))\n"
                   "    return np.array(out)")]},
        {"why": "returns a list", "expect": "int array",
         "edit": [("return np.array([rng.choice(P.shape[1], p=p) for p in P])",
                   "return [int(rng.choice(P.shape[1], p=p)) for p in P]")]},
    ],
}

RIGHT = {
    "rnn_step": [
        {"why": "np.dot", "edit": [("a = x @ Wx + h_prev @ Wh + b", "a = np.dot(x, Wx) + np.dot(h_prev, Wh) + b")]},
        {"why": "a loop over the examples",
         "code": '''def rnn_step(x, h_prev, Wx, Wh, b):
    return np.array([np.tanh(x_n @ Wx + h_n @ Wh + b) for x_n, h_n in zip(x, h_prev)])
'''},
        {"why": "003's [x, h] concatenation against stacked weights",
         "code": '''def rnn_step(x, h_prev, Wx, Wh, b):
    xh = np.concatenate([x, h_prev], axis=1)     # (N, D + H)
    W = np.vstack([Wx, Wh])                      # (D + H, H)
    return np.tanh(xh @ W + b)
'''},
        {"why": "einsum", "edit": [("a = x @ Wx + h_prev @ Wh + b",
                                    "a = np.einsum('nd,dh->nh', x, Wx) + np.einsum('nk,kh->nh', h_prev, Wh) + b")]},
        {"why": "tanh through exponentials",
         "edit": [("return np.tanh(a)", "return (np.exp(2 * a) - 1) / (np.exp(2 * a) + 1)")]},
    ],
    "rnn_sequence": [
        {"why": "a preallocated array",
         "code": '''def rnn_sequence(X, h0, Wx, Wh, b):
    N, T, _ = X.shape
    Hs = np.zeros((N, T, Wh.shape[0]))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ Wx + h @ Wh + b)
        Hs[:, t] = h
    return Hs
'''},
        {"why": "stack time first, then transpose",
         "edit": [("return np.stack(states, axis=1)", "return np.array(states).transpose(1, 0, 2)")]},
        {"why": "a loop over the examples, then over time",
         "code": '''def rnn_sequence(X, h0, Wx, Wh, b):
    out = []
    for x_seq, h in zip(X, h0):
        row = []
        for x_t in x_seq:
            h = np.tanh(x_t @ Wx + h @ Wh + b)
            row.append(h)
        out.append(row)
    return np.array(out)
'''},
    ],
    "lstm_step": [
        {"why": "returns a list", "edit": [("return o * np.tanh(c), c", "return [o * np.tanh(c), c]")]},
        {"why": "np.split into the four gates",
         "code": '''def lstm_step(x, h_prev, c_prev, Wx, Wh, b):
    a_i, a_f, a_c, a_o = np.split(x @ Wx + h_prev @ Wh + b, 4, axis=1)
    c = sigmoid(a_f) * c_prev + sigmoid(a_i) * np.tanh(a_c)
    h = sigmoid(a_o) * np.tanh(c)
    return h, c
'''},
        {"why": "one weight matrix per gate, as 003 writes them",
         "code": '''def lstm_step(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    gates = []
    for k in range(4):
        cols = slice(k * H, (k + 1) * H)
        gates.append(np.concatenate([h_prev, x], axis=1) @ np.vstack([Wh[:, cols], Wx[:, cols]]) + b[cols])
    i, f, g, o = gates
    c = sigmoid(f) * c_prev + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c), c
'''},
        {"why": "its own sigmoid with np.exp",
         "code": '''def lstm_step(x, h_prev, c_prev, Wx, Wh, b):
    sig = lambda v: 1 / (1 + np.exp(-v))
    H = h_prev.shape[1]
    a = np.dot(x, Wx) + np.dot(h_prev, Wh) + b
    c = sig(a[:, H:2 * H]) * c_prev + sig(a[:, :H]) * np.tanh(a[:, 2 * H:3 * H])
    return sig(a[:, 3 * H:]) * np.tanh(c), c
'''},
    ],
    "gru_step": [
        {"why": "np.split into the three blocks",
         "code": '''def gru_step(x, h_prev, Wx, Wh, b):
    xz, xr, xh = np.split(x @ Wx + b[0], 3, axis=1)
    hz, hr, hh = np.split(h_prev @ Wh + b[1], 3, axis=1)
    z = sigmoid(xz + hz)
    r = sigmoid(xr + hr)
    return z * h_prev + (1 - z) * np.tanh(xh + r * hh)
'''},
        {"why": "rewritten as h~ + z (h_prev - h~)",
         "edit": [("return z * h_prev + (1 - z) * h_tilde", "return h_tilde + z * (h_prev - h_tilde)")]},
        {"why": "weights sliced per gate before the products",
         "code": '''def gru_step(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    blk = [slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)]
    bx, bh = b
    z = sigmoid(x @ Wx[:, blk[0]] + bx[blk[0]] + h_prev @ Wh[:, blk[0]] + bh[blk[0]])
    r = sigmoid(x @ Wx[:, blk[1]] + bx[blk[1]] + h_prev @ Wh[:, blk[1]] + bh[blk[1]])
    candidate = np.tanh(x @ Wx[:, blk[2]] + bx[blk[2]] + r * (h_prev @ Wh[:, blk[2]] + bh[blk[2]]))
    return z * h_prev + (1 - z) * candidate
'''},
    ],
    "train_forecaster": [
        {"why": "a GRU(16) instead of the SimpleRNN", "edit": [("keras.layers.SimpleRNN(16),", "keras.layers.GRU(16),")]},
        {"why": "the functional API",
         "code": '''def train_forecaster(X_train, y_train, X_val, y_val, seed):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(24, 1))
    state = keras.layers.SimpleRNN(16)(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(state))
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=10, batch_size=32, verbose=0,
              callbacks=[keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)])
    return model
'''},
        {"why": "32 units, model.add, a string optimizer with its learning rate set after compile",
         "code": '''def train_forecaster(X_train, y_train, X_val, y_val, seed):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential()
    model.add(keras.Input(shape=X_train.shape[1:]))
    model.add(keras.layers.SimpleRNN(32))
    model.add(keras.layers.Dense(1))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="mean_squared_error", metrics=["mae"])
    best = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    model.fit(X_train, y_train, epochs=12, batch_size=32, validation_data=(X_val, y_val), callbacks=[best], verbose=0)
    return model
'''},
    ],
    "sample_with_temperature": [
        {"why": "one rng.random(N) and a cumulative search",
         "edit": [("return np.array([rng.choice(P.shape[1], p=p) for p in P])",
                   "u = rng.random(len(P))\n    return (u[:, None] < np.cumsum(P, axis=1)).argmax(axis=1)")]},
        {"why": "003's form: log of the probabilities divided by the temperature",
         "code": '''def sample_with_temperature(logits, temperature, rng):
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    out = []
    for p in P:
        q = np.exp(np.log(p + 1e-12) / temperature - np.max(np.log(p + 1e-12) / temperature))
        out.append(rng.choice(len(q), p=q / q.sum()))
    return np.array(out)
'''},
        {"why": "scipy's softmax and searchsorted per row",
         "code": '''def sample_with_temperature(logits, temperature, rng):
    from scipy.special import softmax

    P = softmax(logits / temperature, axis=1)
    return np.array([np.searchsorted(np.cumsum(p), rng.random(), side="right") for p in P])
'''},
        {"why": "probabilities to the power 1 / temperature",
         "code": '''def sample_with_temperature(logits, temperature, rng):
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = P ** (1.0 / temperature)
    P /= P.sum(axis=1, keepdims=True)
    return np.array([rng.choice(P.shape[1], p=p) for p in P], dtype=int)
'''},
    ],
}
