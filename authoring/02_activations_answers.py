"""Wrong and right answers for the exercises of 02_activations (format: dlgrade/catalogue.py).

Each WRONG entry must lose points with a message containing `expect` (case-insensitive); each RIGHT
entry, written the way learners write it, must get full marks.
"""

WRONG = {
    "sigmoid": [
        {"why": "the textbook formula: exp(-z) overflows for z = -1000", "expect": "overflow",
         "code": '''def sigmoid(z):
    return 1 / (1 + np.exp(-z))
'''},
        {"why": "the other textbook form: exp(z) overflows for z = 1000 (inf / inf)", "expect": "overflow",
         "code": '''def sigmoid(z):
    return np.exp(z) / (1 + np.exp(z))
'''},
        {"why": "np.where with the unsafe branches: both are evaluated", "expect": "both branches",
         "code": '''def sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
'''},
        {"why": "sign error: the two branches swapped (computes sigma(-z))", "expect": "minus sign",
         "edit": [("np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))", "np.where(z >= 0, e / (1.0 + e), 1.0 / (1.0 + e))")]},
        {"why": "math.exp in a comprehension: works on a vector only, loses the shape", "expect": "shape",
         "code": '''import math

def sigmoid(z):
    return np.array([1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)) for v in np.ravel(z)])
'''},
    ],
    "sigmoid_grad": [
        {"why": "applies s(1 - s) to z instead of sigmoid(z)", "expect": "not to z",
         "code": '''def sigmoid_grad(z):
    return z * (1 - z)
'''},
        {"why": "plus instead of minus", "expect": "minus sign",
         "edit": [("return s * (1.0 - s)", "return s * (1.0 + s)")]},
        {"why": "the quotient form overflows", "expect": "overflow",
         "code": '''def sigmoid_grad(z):
    return np.exp(-z) / (1 + np.exp(-z)) ** 2
'''},
        {"why": "returns the sigmoid itself", "expect": "not its slope",
         "edit": [("return s * (1.0 - s)", "return s")]},
    ],
    "tanh_grad": [
        {"why": "forgets the square", "expect": "square tanh(z)",
         "code": '''def tanh_grad(z):
    return 1 - np.tanh(z)
'''},
        {"why": "squares z instead of tanh(z)", "expect": "not z",
         "code": '''def tanh_grad(z):
    return 1 - z ** 2
'''},
        {"why": "reuses the sigmoid's formula", "expect": "sigmoid's",
         "code": '''def tanh_grad(z):
    t = np.tanh(z)
    return t * (1 - t)
'''},
        {"why": "sech^2 through cosh overflows", "expect": "overflow",
         "code": '''def tanh_grad(z):
    return 1 / np.cosh(z) ** 2
'''},
    ],
    "relu": [
        {"why": "np.max reduces along an axis instead of comparing element-wise", "expect": "np.maximum",
         "code": '''def relu(z):
    return np.max(z, 0)
'''},
        {"why": "Python's built-in max on an array", "expect": "np.maximum",
         "code": '''def relu(z):
    return max(0, z)
'''},
        {"why": "modifies the input in place", "expect": "modified its input",
         "code": '''def relu(z):
    z[z < 0] = 0
    return z
'''},
        {"why": "clips at 1 as well", "expect": "not clipped at 1",
         "code": '''def relu(z):
    return np.clip(z, 0, 1)
'''},
        {"why": "absolute value", "expect": "abs",
         "code": '''def relu(z):
    return np.abs(z)
'''},
    ],
    "relu_grad": [
        {"why": "z >= 0 gives relu'(0) = 1", "expect": "relu'(0) = 0",
         "edit": [("(np.asarray(z) > 0)", "(np.asarray(z) >= 0)")]},
        {"why": "returns the value of ReLU, not its slope", "expect": "not the value",
         "code": '''def relu_grad(z):
    return np.maximum(z, 0)
'''},
        {"why": "np.sign gives -1 for negative inputs", "expect": "np.sign",
         "code": '''def relu_grad(z):
    return np.sign(z)
'''},
        {"why": "returns booleans", "expect": "astype(float)",
         "code": '''def relu_grad(z):
    return z > 0
'''},
    ],
    "leaky_relu": [
        {"why": "slope on the wrong side", "expect": "wrong side",
         "edit": [("np.where(z > 0, z, alpha * z)", "np.where(z > 0, alpha * z, z)")]},
        {"why": "max(alpha, z) instead of max(alpha z, z)", "expect": "not alpha with z",
         "code": '''def leaky_relu(z, alpha=0.01):
    return np.maximum(alpha, z)
'''},
        {"why": "Keras' default slope 0.2", "expect": "default",
         "edit": [("def leaky_relu(z, alpha=0.01):", "def leaky_relu(z, alpha=0.2):")]},
        {"why": "hard-coded 0.01 ignores the alpha argument", "expect": "alpha",
         "edit": [("np.where(z > 0, z, alpha * z)", "np.where(z > 0, z, 0.01 * z)")]},
    ],
    "leaky_relu_grad": [
        {"why": "gradient alpha * z instead of alpha", "expect": "not alpha * z",
         "edit": [("np.where(z > 0, 1.0, alpha)", "np.where(z > 0, 1.0, alpha * z)")]},
        {"why": "gradient copied from ReLU (0 on the negative side)", "expect": "not 0",
         "code": '''def leaky_relu_grad(z, alpha=0.01):
    return (z > 0).astype(float)
'''},
        {"why": "slope 1 at z = 0 (z >= 0)", "expect": "not z >= 0",
         "edit": [("np.where(z > 0, 1.0, alpha)", "np.where(z >= 0, 1.0, alpha)")]},
        {"why": "hard-coded 0.01 ignores the alpha argument", "expect": "alpha argument",
         "edit": [("np.where(z > 0, 1.0, alpha)", "np.where(z > 0, 1.0, 0.01)")]},
        {"why": "Keras' layer default 0.3", "expect": "default",
         "edit": [("def leaky_relu_grad(z, alpha=0.01):", "def leaky_relu_grad(z, alpha=0.3):")]},
    ],
    "softmax": [
        {"why": "no max subtraction: exp(1000) overflows", "expect": "overflow",
         "code": '''def softmax(z, axis=-1):
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)
'''},
        {"why": "sums over the whole batch", "expect": "each row",
         "code": '''def softmax(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)
'''},
        {"why": "one global maximum: rows far below it underflow to 0/0", "expect": "overflow",
         "edit": [("np.max(z, axis=axis, keepdims=True)", "np.max(z)")]},
        {"why": "forgets keepdims", "expect": "keepdims",
         "code": '''def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis))
    return e / np.sum(e, axis=axis)
'''},
        {"why": "normalises over axis 0 (the samples)", "expect": "axis",
         "code": '''def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
'''},
        {"why": "ignores the axis argument", "expect": "axis argument",
         "code": '''def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
'''},
    ],
}

RIGHT = {
    "sigmoid": [
        {"why": "boolean masks, each formula only where it is safe",
         "code": '''def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out
'''},
        {"why": "the tanh identity sigma(z) = (1 + tanh(z / 2)) / 2",
         "code": '''def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))
'''},
        {"why": "scipy's expit",
         "code": '''from scipy.special import expit


def sigmoid(z):
    return expit(z)
'''},
        {"why": "through logaddexp: sigma(z) = exp(-log(1 + e^-z))",
         "code": '''def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))
'''},
        {"why": "math.exp per element, with np.vectorize keeping the shape",
         "code": '''import math


def _one(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def sigmoid(z):
    return np.vectorize(_one, otypes=[float])(z)
'''},
    ],
    "sigmoid_grad": [
        {"why": "sigmoid minus its square",
         "code": '''def sigmoid_grad(z):
    return sigmoid(z) - sigmoid(z) ** 2
'''},
        {"why": "s - s * s", "edit": [("return s * (1.0 - s)", "return s - s * s")]},
        {"why": "the identity sigma(z) (1 - sigma(z)) = sigma(z) sigma(-z)",
         "code": '''def sigmoid_grad(z):
    return sigmoid(z) * sigmoid(-z)
'''},
    ],
    "tanh_grad": [
        {"why": "(1 - t)(1 + t)",
         "code": '''def tanh_grad(z):
    t = np.tanh(z)
    return (1 - t) * (1 + t)
'''},
        {"why": "np.square", "edit": [("1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2",
                                        "1.0 - np.square(np.tanh(z))")]},
        {"why": "through the sigmoid: tanh'(z) = 4 sigma(2z) (1 - sigma(2z))",
         "code": '''def tanh_grad(z):
    s = sigmoid(2 * np.asarray(z, dtype=float))
    return 4 * s * (1 - s)
'''},
    ],
    "relu": [
        {"why": "np.where",
         "code": '''def relu(z):
    return np.where(z > 0, z, 0.0)
'''},
        {"why": "in place, on a copy",
         "code": '''def relu(z):
    out = z.copy()
    out[out < 0] = 0
    return out
'''},
        {"why": "multiply by the mask", "edit": [("np.maximum(np.asarray(z, dtype=float), 0.0)", "z * (z > 0)")]},
        {"why": "np.clip with no upper bound", "edit": [("np.maximum(np.asarray(z, dtype=float), 0.0)",
                                                          "np.clip(z, 0, None)")]},
    ],
    "relu_grad": [
        {"why": "np.where", "edit": [("(np.asarray(z) > 0).astype(float)", "np.where(np.asarray(z) > 0, 1.0, 0.0)")]},
        {"why": "np.heaviside with the value 0 at the kink",
         "code": '''def relu_grad(z):
    return np.heaviside(z, 0.0)
'''},
        {"why": "booleans times 1.0", "edit": [("(np.asarray(z) > 0).astype(float)", "(z > 0) * 1.0")]},
        {"why": "a loop over the flattened array",
         "code": '''def relu_grad(z):
    g = np.zeros(np.shape(z))
    flat = g.reshape(-1)
    for i, v in enumerate(np.ravel(z)):
        if v > 0:
            flat[i] = 1.0
    return g
'''},
    ],
    "leaky_relu": [
        {"why": "max(alpha z, z)", "edit": [("return np.where(z > 0, z, alpha * z)", "return np.maximum(alpha * z, z)")]},
        {"why": "z times a slope array", "edit": [("return np.where(z > 0, z, alpha * z)",
                                                    "return z * np.where(z > 0, 1.0, alpha)")]},
        {"why": "in place, on a float copy",
         "code": '''def leaky_relu(z, alpha=0.01):
    out = np.array(z, dtype=float)
    out[out <= 0] *= alpha
    return out
'''},
    ],
    "leaky_relu_grad": [
        {"why": "ones, then alpha where z <= 0",
         "code": '''def leaky_relu_grad(z, alpha=0.01):
    g = np.ones(np.shape(z))
    g[np.asarray(z) <= 0] = alpha
    return g
'''},
        {"why": "an integer 1 in np.where", "edit": [("np.where(z > 0, 1.0, alpha)", "np.where(z > 0, 1, alpha)")]},
        {"why": "sum of two masks", "edit": [("return np.where(z > 0, 1.0, alpha)",
                                               "return (z > 0) + alpha * (z <= 0)")]},
    ],
    "softmax": [
        {"why": "through the log-sum-exp",
         "code": '''def softmax(z, axis=-1):
    shifted = z - z.max(axis=axis, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return np.exp(shifted - log_norm)
'''},
        {"why": "scipy's softmax",
         "code": '''from scipy.special import softmax as _scipy_softmax


def softmax(z, axis=-1):
    return _scipy_softmax(z, axis=axis)
'''},
        {"why": "np.expand_dims instead of keepdims",
         "code": '''def softmax(z, axis=-1):
    e = np.exp(z - np.expand_dims(np.max(z, axis=axis), axis))
    return e / np.expand_dims(np.sum(e, axis=axis), axis)
'''},
        {"why": "method calls", "edit": [("np.max(z, axis=axis, keepdims=True)", "z.max(axis=axis, keepdims=True)")]},
    ],
}
