"""Plausible wrong answers (and one differently written right answer) for the exercises of 06_optimizers.

Each WRONG entry replaces the solution cell named by its key; the exercise's test cell must then fail
with a message containing `expect` (case-insensitive). Each RIGHT entry must pass every test.
"""

_MOMENTUM = '''class Momentum(Optimizer):
    def __init__(self, learning_rate=0.01, momentum=0.9):
        super().__init__(learning_rate)
        self.momentum = momentum

    def init_state(self, w):
        return {"m": np.zeros_like(w)}

'''

_NESTEROV = _MOMENTUM.replace("class Momentum(", "class Nesterov(")

_ADAGRAD = '''class Adagrad(Optimizer):
    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
        super().__init__(learning_rate)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def init_state(self, w):
        return {"G": np.full_like(w, self.initial_accumulator_value)}

'''

_RMSPROP = '''class RMSprop(Optimizer):
    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7):
        super().__init__(learning_rate)
        self.rho = rho
        self.epsilon = epsilon

    def init_state(self, w):
        return {"s": np.zeros_like(w)}

'''

_ADAM = '''class Adam(Optimizer):
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def init_state(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w)}

'''

_ADAMW = '''class AdamW(ref_optim.Adam):
    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, beta_1, beta_2, epsilon)
        self.weight_decay = weight_decay

'''

WRONG = {
    "momentum": [
        {"why": "momentum sign flipped: adds lr * g (walks uphill)", "expect": "momentum sign is flipped",
         "code": _MOMENTUM + '''    def update(self, w, g, state):
        state["m"] = self.momentum * state["m"] + self.learning_rate * g
        return w + state["m"]
'''},
        {"why": "the (1 - beta) average form of 003 eq. 19-20", "expect": "(1 - beta) average form",
         "code": _MOMENTUM + '''    def update(self, w, g, state):
        state["m"] = self.momentum * state["m"] + (1 - self.momentum) * g
        return w - self.learning_rate * state["m"]
'''},
        {"why": "state not carried: the new velocity is kept in a local variable", "expect": "state['m']",
         "code": _MOMENTUM + '''    def update(self, w, g, state):
        m = self.momentum * state["m"] - self.learning_rate * g
        return w + m
'''},
        {"why": "hard-coded momentum 0.9", "expect": "(1 + momentum)",
         "code": _MOMENTUM + '''    def update(self, w, g, state):
        state["m"] = 0.9 * state["m"] - self.learning_rate * g
        return w + state["m"]
'''},
        {"why": "steps with the old velocity, then updates it", "expect": "update m first",
         "code": _MOMENTUM + '''    def update(self, w, g, state):
        new_w = w + state["m"]
        state["m"] = self.momentum * state["m"] - self.learning_rate * g
        return new_w
'''},
    ],
    "nesterov": [
        {"why": "plain momentum instead of Nesterov", "expect": "plain momentum",
         "code": _NESTEROV + '''    def update(self, w, g, state):
        state["m"] = self.momentum * state["m"] - self.learning_rate * g
        return w + state["m"]
'''},
        {"why": "uses the old velocity in the look-ahead correction", "expect": "NEW m",
         "code": _NESTEROV + '''    def update(self, w, g, state):
        old = state["m"]
        state["m"] = self.momentum * old - self.learning_rate * g
        return w + self.momentum * old - self.learning_rate * g
'''},
        {"why": "state not carried between steps", "expect": "state['m']",
         "code": _NESTEROV + '''    def update(self, w, g, state):
        m = self.momentum * state["m"] - self.learning_rate * g
        return w + self.momentum * m - self.learning_rate * g
'''},
        {"why": "momentum sign flipped", "expect": "sign flipped",
         "code": _NESTEROV + '''    def update(self, w, g, state):
        state["m"] = self.momentum * state["m"] + self.learning_rate * g
        return w + self.momentum * state["m"] + self.learning_rate * g
'''},
    ],
    "adagrad": [
        {"why": "epsilon outside the square root", "expect": "epsilon outside",
         "code": _ADAGRAD + '''    def update(self, w, g, state):
        state["G"] = state["G"] + g ** 2
        return w - self.learning_rate * g / (np.sqrt(state["G"]) + self.epsilon)
'''},
        {"why": "replaces G by the latest squared gradient (no accumulation)", "expect": "do not replace it",
         "code": _ADAGRAD + '''    def update(self, w, g, state):
        state["G"] = g ** 2
        return w - self.learning_rate * g / np.sqrt(state["G"] + self.epsilon)
'''},
        {"why": "forgets the square root", "expect": "square root",
         "code": _ADAGRAD + '''    def update(self, w, g, state):
        state["G"] = state["G"] + g ** 2
        return w - self.learning_rate * g / (state["G"] + self.epsilon)
'''},
        {"why": "accumulates |g| instead of g^2", "expect": "squared gradient",
         "code": _ADAGRAD + '''    def update(self, w, g, state):
        state["G"] = state["G"] + np.abs(g)
        return w - self.learning_rate * g / np.sqrt(state["G"] + self.epsilon)
'''},
        {"why": "forgets the learning rate", "expect": "lr * g / sqrt(G + eps)",
         "code": _ADAGRAD + '''    def update(self, w, g, state):
        state["G"] = state["G"] + g ** 2
        return w - g / np.sqrt(state["G"] + self.epsilon)
'''},
    ],
    "rmsprop": [
        {"why": "epsilon outside the square root", "expect": "epsilon outside",
         "code": _RMSPROP + '''    def update(self, w, g, state):
        state["s"] = self.rho * state["s"] + (1 - self.rho) * g ** 2
        return w - self.learning_rate * g / (np.sqrt(state["s"]) + self.epsilon)
'''},
        {"why": "rho and 1 - rho swapped", "expect": "swaps rho",
         "code": _RMSPROP + '''    def update(self, w, g, state):
        state["s"] = (1 - self.rho) * state["s"] + self.rho * g ** 2
        return w - self.learning_rate * g / np.sqrt(state["s"] + self.epsilon)
'''},
        {"why": "forgets the (1 - rho) factor", "expect": "(1 - rho) factor",
         "code": _RMSPROP + '''    def update(self, w, g, state):
        state["s"] = self.rho * state["s"] + g ** 2
        return w - self.learning_rate * g / np.sqrt(state["s"] + self.epsilon)
'''},
        {"why": "state not carried between steps", "expect": "store the new s",
         "code": _RMSPROP + '''    def update(self, w, g, state):
        s = self.rho * state["s"] + (1 - self.rho) * g ** 2
        return w - self.learning_rate * g / np.sqrt(s + self.epsilon)
'''},
    ],
    "adam": [
        {"why": "no bias correction", "expect": "no bias correction",
         "code": _ADAM + '''    def update(self, w, g, state):
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        return w - self.learning_rate * state["m"] / (np.sqrt(state["v"]) + self.epsilon)
'''},
        {"why": "bias correction with t starting at 0", "expect": "t starting at 0",
         "code": _ADAM + '''    def update(self, w, g, state):
        t = self.iterations
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        v_hat = state["v"] / (1 - self.beta_2 ** t)
        return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)
'''},
        {"why": "epsilon inside the square root", "expect": "epsilon inside",
         "code": _ADAM + '''    def update(self, w, g, state):
        t = self.iterations + 1
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        v_hat = state["v"] / (1 - self.beta_2 ** t)
        return w - self.learning_rate * m_hat / np.sqrt(v_hat + self.epsilon)
'''},
        {"why": "moving averages not stored in the state", "expect": "store m and v in state",
         "code": _ADAM + '''    def update(self, w, g, state):
        t = self.iterations + 1
        m = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        v = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        return w - self.learning_rate * (m / (1 - self.beta_1 ** t)) / (np.sqrt(v / (1 - self.beta_2 ** t)) + self.epsilon)
'''},
        {"why": "bias-corrects m only, not v", "expect": "AND v / (1 - beta_2 ** t)",
         "code": _ADAM + '''    def update(self, w, g, state):
        t = self.iterations + 1
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        return w - self.learning_rate * m_hat / (np.sqrt(state["v"]) + self.epsilon)
'''},
        {"why": "t fixed at 1 (never grows)", "expect": "grows each step",
         "code": _ADAM + '''    def update(self, w, g, state):
        t = 1
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g ** 2
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        v_hat = state["v"] / (1 - self.beta_2 ** t)
        return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)
'''},
    ],
    "adamw": [
        {"why": "weight decay coupled into the gradient (L2)", "expect": "coupled",
         "code": _ADAMW + '''    def update(self, w, g, state):
        return super().update(w, g + self.weight_decay * w, state)
'''},
        {"why": "decay without the learning rate", "expect": "forgets the learning rate",
         "code": _ADAMW + '''    def update(self, w, g, state):
        return super().update(w - self.weight_decay * w, g, state)
'''},
        {"why": "decays the weights after the Adam step", "expect": "after the Adam step",
         "code": _ADAMW + '''    def update(self, w, g, state):
        w = super().update(w, g, state)
        return w - self.learning_rate * self.weight_decay * w
'''},
        {"why": "decay with the wrong sign", "expect": "wrong sign",
         "code": _ADAMW + '''    def update(self, w, g, state):
        return super().update(w + self.learning_rate * self.weight_decay * w, g, state)
'''},
    ],
    "exponential_decay": [
        {"why": "decay_rate ** step: forgets to divide by decay_steps", "expect": "divide the step by decay_steps",
         "code": '''def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    return float(initial_learning_rate * decay_rate ** step)
'''},
        {"why": "always rounds the exponent down (staircase on)", "expect": "do not round",
         "code": '''def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    return float(initial_learning_rate * decay_rate ** (step // decay_steps))
'''},
        {"why": "ignores staircase", "expect": "exponent is floor",
         "code": '''def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    return float(initial_learning_rate * decay_rate ** (step / decay_steps))
'''},
        {"why": "multiplies by the exponent instead of raising to it", "expect": "decay_rate ** 0 = 1",
         "code": '''def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    p = np.floor(step / decay_steps) if staircase else step / decay_steps
    return float(initial_learning_rate * decay_rate * p)
'''},
    ],
    "clip_by_global_norm": [
        {"why": "clips each array by its own norm (per-tensor, like clipnorm)", "expect": "per-tensor",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norms = [float(np.linalg.norm(g)) for g in grads]
    total = float(np.sqrt(sum(n ** 2 for n in norms)))
    return [g * min(1.0, clip_norm / n) if n > 0 else g for g, n in zip(grads, norms)], total
'''},
        {"why": "always rescales to clip_norm, also scaling small gradients up", "expect": "never scale up",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    scale = clip_norm / norm if norm > 0 else 1.0
    return [g * scale for g in grads], norm
'''},
        {"why": "adds the per-array norms instead of the global norm", "expect": "not the global norm",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norm = float(sum(np.linalg.norm(g) for g in grads))
    scale = min(1.0, clip_norm / norm) if norm > 0 else 1.0
    return [g * scale for g in grads], norm
'''},
        {"why": "divides by a zero norm", "expect": "divided by zero",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    return [g * min(1.0, clip_norm / norm) for g in grads], float(norm)
'''},
        {"why": "returns the norm after clipping", "expect": "before clipping",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    scale = min(1.0, clip_norm / norm) if norm > 0 else 1.0
    return [g * scale for g in grads], norm * scale
'''},
        {"why": "returns only the clipped list", "expect": "return a pair",
         "code": '''def clip_by_global_norm(grads, clip_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    scale = min(1.0, clip_norm / norm) if norm > 0 else 1.0
    return [g * scale for g in grads]
'''},
    ],
}

RIGHT = {
    "momentum": _MOMENTUM + '''    def update(self, w, g, state):
        velocity = state["m"]                 # the stored array itself: changed in place below
        velocity *= self.momentum
        velocity -= self.learning_rate * g
        return w + velocity
''',
    "nesterov": _NESTEROV + '''    def update(self, w, g, state):
        # the textbook sign (v = -m): v = b v + lr g, step b v + lr g
        v = self.momentum * (-state["m"]) + self.learning_rate * g
        state["m"] = -v
        return w - (self.momentum * v + self.learning_rate * g)
''',
    "adagrad": _ADAGRAD + '''    def update(self, w, g, state):
        state["G"] += g * g
        return w - self.learning_rate * g * (state["G"] + self.epsilon) ** -0.5
''',
    "rmsprop": _RMSPROP + '''    def update(self, w, g, state):
        s = state["s"]
        s += (1 - self.rho) * (g * g - s)     # the same average, written as Keras' Adam writes its own
        return w - self.learning_rate * g / np.sqrt(s + self.epsilon)
''',
    "adam": _ADAM + '''    def update(self, w, g, state):
        # the textbook arrangement (003 eq. 25-26), bias-corrected averages
        t = self.iterations + 1
        state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
        state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * np.square(g)
        m_hat = state["m"] / (1 - self.beta_1 ** t)
        v_hat = state["v"] / (1 - self.beta_2 ** t)
        return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)
''',
    "adamw": _ADAMW + '''    def update(self, w, g, state):
        shrink = 1.0 - self.learning_rate * self.weight_decay
        return super().update(shrink * w, g, state)
''',
    "exponential_decay": '''def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    p = step // decay_steps if staircase else step / decay_steps
    return float(initial_learning_rate * np.exp(p * np.log(decay_rate)))
''',
    "clip_by_global_norm": '''def clip_by_global_norm(grads, clip_norm):
    flat = np.concatenate([np.ravel(g) for g in grads])
    norm = float(np.linalg.norm(flat))
    if norm <= clip_norm:
        return [np.array(g, dtype=float) for g in grads], norm
    return [np.asarray(g, dtype=float) * (clip_norm / norm) for g in grads], norm
''',
}
