"""Plausible wrong answers (and one differently written right answer) for the exercises of 02_activations.

Each WRONG entry replaces the solution cell named by its key; the exercise's test cell must then fail
with a message containing `expect` (case-insensitive). Each RIGHT entry must pass every test.
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
        {"why": "sign error in the exponent", "expect": "minus sign",
         "code": '''def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
'''},
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
         "code": '''def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1 + s)
'''},
        {"why": "the quotient form overflows", "expect": "overflow",
         "code": '''def sigmoid_grad(z):
    return np.exp(-z) / (1 + np.exp(-z)) ** 2
'''},
        {"why": "returns the sigmoid itself", "expect": "sigmoid_grad([0])",
         "code": '''def sigmoid_grad(z):
    return sigmoid(z)
'''},
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
         "code": '''def relu_grad(z):
    return (z >= 0).astype(float)
'''},
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
         "code": '''def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, alpha * z, z)


def leaky_relu_grad(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)
'''},
        {"why": "max(alpha, z) instead of max(alpha z, z)", "expect": "not alpha with z",
         "code": '''def leaky_relu(z, alpha=0.01):
    return np.maximum(alpha, z)


def leaky_relu_grad(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)
'''},
        {"why": "Keras' default slope 0.2", "expect": "default",
         "code": '''def leaky_relu(z, alpha=0.2):
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha=0.2):
    return np.where(z > 0, 1.0, alpha)
'''},
        {"why": "gradient alpha * z instead of alpha", "expect": "not alpha * z",
         "code": '''def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha * z)
'''},
        {"why": "gradient copied from ReLU (0 on the negative side)", "expect": "not 0",
         "code": '''def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha=0.01):
    return (z > 0).astype(float)
'''},
        {"why": "hard-coded 0.01 ignores the alpha argument", "expect": "alpha",
         "code": '''def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, 0.01 * z)


def leaky_relu_grad(z, alpha=0.01):
    return np.where(z > 0, 1.0, 0.01)
'''},
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
         "code": '''def softmax(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)
'''},
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
    "sigmoid": '''def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out
''',
    "sigmoid_grad": '''def sigmoid_grad(z):
    return sigmoid(z) - sigmoid(z) ** 2
''',
    "tanh_grad": '''def tanh_grad(z):
    t = np.tanh(z)
    return (1 - t) * (1 + t)
''',
    "relu": '''def relu(z):
    return np.where(z > 0, z, 0.0)
''',
    "relu_grad": '''def relu_grad(z):
    return np.where(np.asarray(z) > 0, 1.0, 0.0)
''',
    "leaky_relu": '''def leaky_relu(z, alpha=0.01):
    return np.maximum(alpha * np.asarray(z, dtype=float), z)


def leaky_relu_grad(z, alpha=0.01):
    g = np.ones(np.shape(z))
    g[np.asarray(z) <= 0] = alpha
    return g
''',
    "softmax": '''def softmax(z, axis=-1):
    shifted = z - z.max(axis=axis, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return np.exp(shifted - log_norm)
''',
}
