"""Wrong and right answers for the exercises of 06_optimizers (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks. The optimizer exercises are judged on
the parameters after every step, so the RIGHT entries vary how a rule is written: in place or with new
arrays, the formula in another order, either sign of the momentum velocity (Keras' and 000's), the
textbook or the Keras arrangement of Adam.
"""

# the solution lines of each optimizer's update, as the learner writes them (the edits replace them)
_MOM_V = 'state["v"] = self.momentum * state["v"] - self.learning_rate * g'
_MOM_RET = "return w + state[\"v\"]"
_NES_RET = 'return w + self.momentum * state["v"] - self.learning_rate * g'
_ADA_G = 'state["G"] = state["G"] + g ** 2'
_ADA_RET = 'return w - self.learning_rate * g / np.sqrt(state["G"] + self.epsilon)'
_RMS_S = 'state["s"] = self.rho * state["s"] + (1.0 - self.rho) * g ** 2'
_RMS_RET = 'return w - self.learning_rate * g / np.sqrt(state["s"] + self.epsilon)'
_ADAM_BODY = '''t = self.iterations + 1                                 # the first step has t = 1
        state["m"] = self.beta_1 * state["m"] + (1.0 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1.0 - self.beta_2) * g ** 2
        lr_t = self.learning_rate * np.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        return w - lr_t * state["m"] / (np.sqrt(state["v"]) + self.epsilon)'''
_ADAMW_BODY = '''decayed = w - self.learning_rate * self.weight_decay * w
        return super().update(decayed, g, state)'''


def _adam(body: str) -> list:
    return [(_ADAM_BODY, body)]


def _adamw(body: str) -> list:
    return [(_ADAMW_BODY, body)]


WRONG = {
    "momentum": [
        {"why": "momentum sign flipped: adds lr * g (walks uphill)", "expect": "momentum sign is flipped",
         "edit": [("- self.learning_rate * g", "+ self.learning_rate * g")]},
        {"why": "the (1 - beta) average form of 003 eq. 19-20", "expect": "(1 - beta) average form",
         "edit": [(_MOM_V, 'state["v"] = self.momentum * state["v"] + (1 - self.momentum) * g'),
                  (_MOM_RET, 'return w - self.learning_rate * state["v"]')]},
        {"why": "state not carried: the new velocity is kept in a local variable", "expect": "state['v']",
         "edit": [(_MOM_V, 'v = self.momentum * state["v"] - self.learning_rate * g'), (_MOM_RET, "return w + v")]},
        {"why": "hard-coded momentum 0.9", "expect": "self.momentum",
         "edit": [("self.momentum * state", "0.9 * state")]},
        {"why": "steps with the old velocity, then updates it", "expect": "update v first",
         "edit": [(f"{_MOM_V}\n        {_MOM_RET}",
                   f'new_w = w + state["v"]\n        {_MOM_V}\n        return new_w')]},
        {"why": "uses state['m'], the key of an older version of the text (KeyError)", "expect": "state['v']",
         "edit": [(f"{_MOM_V}\n        {_MOM_RET}",
                   'state["m"] = self.momentum * state["m"] - self.learning_rate * g\n        return w + state["m"]')]},
    ],
    "nesterov": [
        {"why": "plain momentum instead of Nesterov", "expect": "plain momentum",
         "edit": [(_NES_RET, 'return w + state["v"]')]},
        {"why": "uses the old velocity in the look-ahead correction", "expect": "NEW v",
         "edit": [(f"{_MOM_V}\n        {_NES_RET}",
                   'old = state["v"]\n        state["v"] = self.momentum * old - self.learning_rate * g\n'
                   '        return w + self.momentum * old - self.learning_rate * g')]},
        {"why": "state not carried between steps", "expect": "state['v']",
         "edit": [(f"{_MOM_V}\n        {_NES_RET}",
                   'v = self.momentum * state["v"] - self.learning_rate * g\n'
                   '        return w + self.momentum * v - self.learning_rate * g')]},
        {"why": "momentum sign flipped", "expect": "sign is flipped",
         "edit": [(f"{_MOM_V}\n        {_NES_RET}",
                   'state["v"] = self.momentum * state["v"] + self.learning_rate * g\n'
                   '        return w + self.momentum * state["v"] + self.learning_rate * g')]},
    ],
    "adagrad": [
        {"why": "epsilon outside the square root", "expect": "outside the square root",
         "edit": [(_ADA_RET, 'return w - self.learning_rate * g / (np.sqrt(state["G"]) + self.epsilon)')]},
        {"why": "replaces G by the latest squared gradient (no accumulation)", "expect": "do not replace it",
         "edit": [(_ADA_G, 'state["G"] = g ** 2')]},
        {"why": "forgets the square root", "expect": "square root",
         "edit": [(_ADA_RET, 'return w - self.learning_rate * g / (state["G"] + self.epsilon)')]},
        {"why": "accumulates |g| instead of g^2", "expect": "squared gradient",
         "edit": [(_ADA_G, 'state["G"] = state["G"] + np.abs(g)')]},
        {"why": "forgets the learning rate", "expect": "learning rate is missing",
         "edit": [(_ADA_RET, 'return w - g / np.sqrt(state["G"] + self.epsilon)')]},
    ],
    "rmsprop": [
        {"why": "epsilon outside the square root", "expect": "outside the square root",
         "edit": [(_RMS_RET, 'return w - self.learning_rate * g / (np.sqrt(state["s"]) + self.epsilon)')]},
        {"why": "rho and 1 - rho swapped", "expect": "swapped",
         "edit": [(_RMS_S, 'state["s"] = (1.0 - self.rho) * state["s"] + self.rho * g ** 2')]},
        {"why": "forgets the (1 - rho) factor", "expect": "(1 - rho) factor",
         "edit": [(_RMS_S, 'state["s"] = self.rho * state["s"] + g ** 2')]},
        {"why": "state not carried between steps", "expect": "store the new s",
         "edit": [(_RMS_S, 's = self.rho * state["s"] + (1.0 - self.rho) * g ** 2'),
                  (_RMS_RET, "return w - self.learning_rate * g / np.sqrt(s + self.epsilon)")]},
    ],
    "adam": [
        {"why": "no bias correction", "expect": "no bias correction", "edit": _adam('''state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        return w - self.learning_rate * state["m"] / (np.sqrt(state["v"]) + self.epsilon)''')},
        {"why": "bias correction with t starting at 0", "expect": "t starting at 0", "edit": _adam('''t = self.iterations
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        v_hat = state["v"] / (1 - self.beta_2 ** t)
        return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)''')},
        {"why": "epsilon inside the square root", "expect": "inside the square root", "edit": _adam('''t = self.iterations + 1
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        v_hat = state["v"] / (1 - self.beta_2 ** t)
        return w - self.learning_rate * m_hat / np.sqrt(v_hat + self.epsilon)''')},
        {"why": "moving averages not stored in the state", "expect": "store m and v in state",
         "edit": _adam('''t = self.iterations + 1
        m = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        v = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        m_hat, v_hat = m / (1 - self.beta_1 ** t), v / (1 - self.beta_2 ** t)
        return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)''')},
        {"why": "bias-corrects m only, not v", "expect": "divide v by 1 - beta_2 ** t", "edit": _adam('''t = self.iterations + 1
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        return w - self.learning_rate * m_hat / (np.sqrt(state["v"]) + self.epsilon)''')},
        {"why": "t fixed at 1 (never grows)", "expect": "grows each step",
         "edit": [("t = self.iterations + 1 ", "t = 1 ")]},
    ],
    "adamw": [
        {"why": "weight decay coupled into the gradient (L2)", "expect": "coupled",
         "edit": _adamw("return super().update(w, g + self.weight_decay * w, state)")},
        {"why": "decay without the learning rate", "expect": "forgets the learning rate",
         "edit": [("w - self.learning_rate * self.weight_decay * w", "w - self.weight_decay * w")]},
        {"why": "decays the weights after the Adam step", "expect": "after the Adam step",
         "edit": _adamw('''w = super().update(w, g, state)
        return w - self.learning_rate * self.weight_decay * w''')},
        {"why": "decay with the wrong sign", "expect": "wrong sign",
         "edit": [("w - self.learning_rate * self.weight_decay * w", "w + self.learning_rate * self.weight_decay * w")]},
    ],
    "exponential_decay": [
        {"why": "decay_rate ** step: forgets to divide by decay_steps", "expect": "divide the step by decay_steps",
         "edit": [("exponent = step / decay_steps", "exponent = step")]},
        {"why": "always rounds the exponent down (staircase on)", "expect": "do not round",
         "edit": [("exponent = step / decay_steps", "exponent = step // decay_steps")]},
        {"why": "ignores staircase", "expect": "exponent is floor",
         "edit": [("exponent = np.floor(exponent)", "pass")]},
        {"why": "multiplies by the exponent instead of raising to it", "expect": "decay_rate ** 0 = 1",
         "edit": [("decay_rate ** exponent", "decay_rate * exponent")]},
        {"why": "returns a one-element array instead of a number", "expect": "one number",
         "edit": [("return float(initial_learning_rate * decay_rate ** exponent)",
                   "return np.array([initial_learning_rate * decay_rate ** exponent])")]},
    ],
    "clip_by_global_norm": [
        {"why": "clips each array by its own norm (per-tensor, like clipnorm)", "expect": "per-tensor",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norms = [float(np.linalg.norm(g)) for g in grads]
    total = float(np.sqrt(sum(n ** 2 for n in norms)))
    return [g * min(1.0, clip_norm / n) if n > 0 else g for g, n in zip(grads, norms)], total
'''},
        {"why": "always rescales to clip_norm, also scaling small gradients up", "expect": "never scale up",
         "edit": [("scale = min(1.0, clip_norm / norm) if norm > 0 else 1.0",
                   "scale = clip_norm / norm if norm > 0 else 1.0")]},
        {"why": "adds the per-array norms instead of the global norm", "expect": "not the global norm",
         "edit": [("norm = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))",
                   "norm = float(sum(np.linalg.norm(g) for g in grads))")]},
        {"why": "divides by a zero norm", "expect": "divided by zero",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    return [g * min(1.0, clip_norm / norm) for g in grads], float(norm)
'''},
        {"why": "returns the norm after clipping", "expect": "before clipping",
         "edit": [("for g in grads], norm", "for g in grads], norm * scale")]},
        {"why": "returns only the clipped list", "expect": "return a pair",
         "edit": [("for g in grads], norm", "for g in grads]")]},
        {"why": "returns the clipped arrays stacked in one array", "expect": "return a pair",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    scale = min(1.0, clip_norm / norm) if norm > 0 else 1.0
    return np.array([g.ravel() * scale for g in grads], dtype=object), norm
'''},
    ],
}

RIGHT = {
    "momentum": [
        {"why": "the velocity changed in place (*=, -=)",
         "edit": [(f"{_MOM_V}\n        {_MOM_RET}", '''velocity = state["v"]                 # the stored array itself: changed in place below
        velocity *= self.momentum
        velocity -= self.learning_rate * g
        return w + velocity''')]},
        {"why": "000's signs: v <- beta v + eta g, w - v (the same steps)",
         "edit": [(_MOM_V, 'state["v"] = self.momentum * state["v"] + self.learning_rate * g'),
                  (_MOM_RET, 'return w - state["v"]')]},
        {"why": "w updated in place and returned",
         "edit": [(_MOM_RET, 'w += state["v"]\n        return w')]},
        {"why": "a local velocity, stored afterwards, formula written the other way round",
         "edit": [(f"{_MOM_V}\n        {_MOM_RET}", '''v = -self.learning_rate * g + state["v"] * self.momentum
        state["v"] = v
        return v + w''')]},
    ],
    "nesterov": [
        {"why": "the textbook sign (v = -Keras' v): v = b v + lr g, step b v + lr g",
         "edit": [(f"{_MOM_V}\n        {_NES_RET}", '''v = self.momentum * (-state["v"]) + self.learning_rate * g
        state["v"] = -v
        return w - (self.momentum * v + self.learning_rate * g)''')]},
        {"why": "the velocity changed in place",
         "edit": [(_MOM_V, 'state["v"] *= self.momentum\n        state["v"] -= self.learning_rate * g')]},
        {"why": "expanded: w + b^2 v_old - (1 + b) lr g",
         "edit": [(f"{_MOM_V}\n        {_NES_RET}", '''old = state["v"]
        state["v"] = self.momentum * old - self.learning_rate * g
        return w + self.momentum ** 2 * old - (1 + self.momentum) * self.learning_rate * g''')]},
        {"why": "the textbook look-ahead story in 000's signs, w updated in place",
         "edit": [(f"{_MOM_V}\n        {_NES_RET}", '''step = self.learning_rate * g
        v = self.momentum * -state["v"] + step            # 000: v = b v + eta g
        state["v"] = -v
        w -= self.momentum * v + step
        return w''')]},
    ],
    "adagrad": [
        {"why": "in place, g * g, and a power of -1/2",
         "edit": [(_ADA_G, 'state["G"] += g * g'),
                  (_ADA_RET, 'return w - self.learning_rate * g * (state["G"] + self.epsilon) ** -0.5')]},
        {"why": "np.square, the per-weight rate first",
         "edit": [(_ADA_G, 'state["G"] = state["G"] + np.square(g)'),
                  (_ADA_RET, 'rate = self.learning_rate / np.sqrt(state["G"] + self.epsilon)\n        return w - rate * g')]},
        {"why": "a local G stored back, w updated in place",
         "edit": [(f"{_ADA_G}\n        {_ADA_RET}", '''G = state["G"] + g ** 2
        state["G"] = G
        w -= self.learning_rate * g / np.sqrt(G + self.epsilon)
        return w''')]},
    ],
    "rmsprop": [
        {"why": "the average updated in place, written as Keras' Adam writes its own",
         "edit": [(f"{_RMS_S}\n        {_RMS_RET}", '''s = state["s"]
        s += (1 - self.rho) * (g * g - s)
        return w - self.learning_rate * g / np.sqrt(s + self.epsilon)''')]},
        {"why": "np.square and np.divide",
         "edit": [(_RMS_S, 'state["s"] = self.rho * state["s"] + (1 - self.rho) * np.square(g)'),
                  (_RMS_RET, 'return w - np.divide(self.learning_rate * g, np.sqrt(state["s"] + self.epsilon))')]},
        {"why": "w updated in place, the terms of the average in the other order",
         "edit": [(f"{_RMS_S}\n        {_RMS_RET}", '''state["s"] = g ** 2 * (1 - self.rho) + state["s"] * self.rho
        w -= self.learning_rate * g / (state["s"] + self.epsilon) ** 0.5
        return w''')]},
    ],
    "adam": [
        {"why": "the textbook arrangement (003 eq. 25-26), bias-corrected averages", "edit": _adam('''t = self.iterations + 1
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * np.square(g)
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        v_hat = state["v"] / (1 - self.beta_2 ** t)
        return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)''')},
        {"why": "moments updated in place, Keras' arrangement", "edit": _adam('''t = self.iterations + 1
        m, v = state["m"], state["v"]
        m += (1 - self.beta_1) * (g - m)
        v += (1 - self.beta_2) * (g * g - v)
        alpha = self.learning_rate * (1 - self.beta_2 ** t) ** 0.5 / (1 - self.beta_1 ** t)
        return w - alpha * m / (v ** 0.5 + self.epsilon)''')},
        {"why": "w updated in place, local averages stored back", "edit": _adam('''t = self.iterations + 1
        m = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        v = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        state["m"], state["v"] = m, v
        w -= self.learning_rate * (m / (1 - self.beta_1 ** t)) / (np.sqrt(v / (1 - self.beta_2 ** t)) + self.epsilon)
        return w''')},
    ],
    "adamw": [
        {"why": "one shrink factor", "edit": _adamw('''shrink = 1.0 - self.learning_rate * self.weight_decay
        return super().update(shrink * w, g, state)''')},
        {"why": "the weights decayed in place", "edit": _adamw('''w -= self.learning_rate * self.weight_decay * w
        return super().update(w, g, state)''')},
        {"why": "the reference's adam_step (the Adam displacement) after the decay",
         "edit": _adamw('''decayed = w * (1 - self.weight_decay * self.learning_rate)
        return decayed - self.adam_step(g, state)''')},
    ],
    "exponential_decay": [
        {"why": "exp and log, // for the staircase",
         "code": '''def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    p = step // decay_steps if staircase else step / decay_steps
    return float(initial_learning_rate * np.exp(p * np.log(decay_rate)))
'''},
        {"why": "math.floor and math.pow",
         "code": '''def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    import math

    p = step / decay_steps
    if staircase:
        p = math.floor(p)
    return initial_learning_rate * math.pow(decay_rate, p)
'''},
        {"why": "np.power, returning a numpy float",
         "code": '''def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    exponent = np.floor(step / decay_steps) if staircase else step / decay_steps
    return initial_learning_rate * np.power(decay_rate, exponent)
'''},
    ],
    "clip_by_global_norm": [
        {"why": "one long vector, early return when short enough",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    flat = np.concatenate([np.ravel(g) for g in grads])
    norm = float(np.linalg.norm(flat))
    if norm <= clip_norm:
        return [np.array(g, dtype=float) for g in grads], norm
    return [np.asarray(g, dtype=float) * (clip_norm / norm) for g in grads], norm
'''},
        {"why": "a tuple of clipped arrays (the text allows it)",
         "edit": [("return [np.asarray(g, dtype=float) * scale for g in grads], norm",
                   "return tuple(g * scale for g in grads), norm")]},
        {"why": "a loop, math.sqrt, a list for the pair and a numpy norm",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    import math

    total = 0.0
    for g in grads:
        total += float((g ** 2).sum())
    norm = np.float64(math.sqrt(total))
    clipped = []
    for g in grads:
        clipped.append(g * (clip_norm / norm) if norm > clip_norm else g.copy())
    return [clipped, norm]
'''},
        {"why": "per-array norms squared and summed, a 0-d array for the norm",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norm = np.sqrt(np.sum([np.linalg.norm(g) ** 2 for g in grads]))
    scale = np.minimum(1.0, clip_norm / np.maximum(norm, 1e-300))
    return [g * scale for g in grads], np.asarray(norm)
'''},
    ],
}
