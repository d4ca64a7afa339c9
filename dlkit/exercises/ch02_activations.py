"""Exercises of chapter 02 (activations): each activation and its derivative, element-wise, and softmax.

    sigmoid(z)                     1 / (1 + e^-z), no floating-point overflow   -> float array of z's shape
    sigmoid_grad(z)                sigma(z) (1 - sigma(z)), finite for large |z| -> float array of z's shape
    tanh_grad(z)                   1 - tanh(z)^2, finite for large |z|           -> float array of z's shape
    relu(z)                        max(0, z), a new array (z unchanged)          -> array of z's shape
    relu_grad(z)                   1.0 where z > 0, else 0.0 (also at z = 0)     -> float array of z's shape
    leaky_relu(z, alpha=0.01)      z where z > 0, alpha z elsewhere              -> array of z's shape
    leaky_relu_grad(z, alpha=0.01) 1 where z > 0, alpha elsewhere (also at 0)    -> array of z's shape
    softmax(z, axis=-1)            e^z / sum e^z along `axis`, no overflow       -> float array of z's shape

Symbols (docs/NAMING.md): z pre-activations (an array of any shape), alpha Leaky ReLU's slope for z <= 0,
C classes along softmax's axis. The references are dlkit.nn.activations (tested against keras.activations
in tests/nn/test_activations.py). The functions that must not overflow run under
np.errstate(over/invalid/divide="raise") in the learner's kernel, so an overflow is an answer too; the
derivative judges show the slope measured by finite differences (dlkit.nn.gradcheck.numerical_gradient).
"""

from __future__ import annotations

import numpy as np

from dlkit.checks import arrays
from dlkit.checks.exercise import Case, Exercise, Mistake
from dlkit.nn import activations as act
from dlkit.nn.gradcheck import numerical_gradient

__all__ = ["sigmoid", "sigmoid_grad", "tanh_grad", "relu", "relu_grad", "leaky_relu", "leaky_relu_grad",
           "softmax"]


# --- shared pieces ------------------------------------------------------------------------------------

def _guarded(f, *args):
    """Kernel side: f(*args) with overflow, 0/0 and log(0) raised instead of warned.

    Returns {"out": the answer} or {"fpe": the floating-point error's message}.
    """
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        try:
            return {"out": f(*args)}
        except FloatingPointError as exc:
            return {"fpe": str(exc)}


def _call_guarded(f, **inputs):
    return _guarded(f, *inputs.values())


def _check_fpe(t, got, hint: str) -> None:
    """Fail with `hint` when the learner's code hit a floating-point error."""
    __tracebackhide__ = True
    if "fpe" in got:
        t.fail(f"{t.label} hit a floating-point error ({got['fpe']})", hint=hint)


def _random_z(seed: int, shape, scale: float = 1.0, decimals: int | None = None) -> np.ndarray:
    z = np.random.default_rng(seed).normal(scale=scale, size=tuple(shape))
    return np.round(z, decimals) if decimals is not None else z


def _slope_hint(t, f, hint: str | None) -> str | None:
    """The case's hint, plus the slope of the reference `f` measured by finite differences (visible only)."""
    if not t.visible:
        return (f"{hint}; compare your formula with the slope measured by finite differences, "
                "(f(z + h) - f(z - h)) / 2h") if hint else hint
    z = np.array(t.inputs["z"], dtype=float)
    measured = numerical_gradient(lambda v: float(np.sum(f(v))), z)
    return (f"{hint}. Measured by finite differences, (f(z + h) - f(z - h)) / 2h with h = 1e-5 "
            f"(dlkit.nn.gradcheck.numerical_gradient), the slope at these z is {arrays.fmt(measured)}")


def _not_here(**_):
    raise ValueError("this mistake does not apply to this case")


def _elementwise_judge(name: str, *, fpe_hint: str | None = None, slope_of=None, dtype: str | None = "float",
                       dtype_hint: str | None = None, mistakes=()):
    """Judge of an element-wise function answered through _guarded: no floating-point error, a numpy
    array of z's shape (and dtype), then the values (typical mistakes named first)."""

    def judge(t, got, want):
        if fpe_hint is not None:
            _check_fpe(t, got, fpe_hint)
        out = got["out"]
        t.array(out, shape=np.shape(t.inputs["z"]),
                hint=f"{name} works element by element: return a numpy array of z's shape")
        if dtype is not None:
            t.array(out, dtype=dtype, hint=dtype_hint)
        hint = _slope_hint(t, slope_of, t.hint) if slope_of is not None else None
        t.close(out, want, hint=hint, mistakes=mistakes)

    return judge


def _hidden_z(hint: str, scale: float = 1.0, decimals: int | None = None):
    def hidden(seed, shape, **extra):
        z = _random_z(seed, shape, extra.pop("scale", scale), decimals)
        return Case(f"random values of shape {tuple(shape)}", z=z, hint=hint, **extra)
    return hidden


# --- sigmoid --------------------------------------------------------------------------------------------

_SIGMOID_FPE = ("np.exp(1000) overflows to inf. Exponentiate only numbers <= 0: with e = np.exp(-np.abs(z)), "
                "sigma is 1/(1+e) where z >= 0 and e/(1+e) where z < 0. np.where evaluates both branches, so an "
                "np.exp(-z) inside np.where still overflows")

sigmoid = Exercise(
    "sigmoid",
    cases=[
        Case("sigmoid(z) for z = [0.0]", z=np.array([0.0]), hint="sigma(0) = 1 / (1 + e^0) = 1/2"),
        Case("sigmoid(z) for z = [-2.0, 1.0, 3.0]", z=np.array([-2.0, 1.0, 3.0]),
             hint="sigma(z) = 1 / (1 + e^(-z)); mind the minus sign: sigma(3) is close to 1, not to 0"),
        Case("sigmoid(z) for z = [-1000.0, 0.0, 1000.0]", z=np.array([-1000.0, 0.0, 1000.0]),
             hint="for very negative z the answer is (almost exactly) 0, for very positive z it is 1"),
        Case("sigmoid(z) for z = np.zeros((2, 3))", z=np.zeros((2, 3)),
             hint="sigmoid works element by element: the output has the input's shape, (2, 3)"),
    ],
    hidden=_hidden_z("sigma(z) = 1 / (1 + e^(-z)) element by element, computed without overflow"),
    call=_call_guarded,
    reference=lambda z: act.sigmoid(z),
    judge=_elementwise_judge("sigmoid", fpe_hint=_SIGMOID_FPE, mistakes=[
        Mistake(lambda z: act.sigmoid(-np.asarray(z)),
                "the sign is flipped, you computed sigma(-z): mind the minus sign in e^(-z); sigma(3) is close to 1"),
    ]),
    hints=(
        "Two formulas give the same sigmoid: 1 / (1 + e^-z) and e^z / (1 + e^z). Each is safe on one side of 0.",
        "Compute e = e^(-|z|) once: it lies in (0, 1] and never overflows. Then pick, element by element, the "
        "form that uses e: for z >= 0 the first, for z < 0 the second. Both are computed for every element, so "
        "both must be safe.",
        "e = exp(-|z|);  sigma = 1 / (1 + e) where z >= 0,  e / (1 + e) where z < 0   (np.where(cond, a, b))",
    ),
    references=("dlkit.nn.activations.sigmoid",),
)


# --- sigmoid_grad ---------------------------------------------------------------------------------------

sigmoid_grad = Exercise(
    "sigmoid_grad",
    cases=[
        Case("sigmoid_grad(z) for z = [0.0]", z=np.array([0.0]),
             hint="sigma'(0) = sigma(0) (1 - sigma(0)) = 0.5 * 0.5 = 0.25"),
        Case("sigmoid_grad(z) for z = [-2.0, 2.0, 5.0]", z=np.array([-2.0, 2.0, 5.0]),
             hint="the slope is symmetric (the same at -2 and 2) and small far from 0; compute s = sigmoid(z) "
                  "first, then s * (1 - s)"),
        Case("sigmoid_grad(z) for z = [-1000.0, 1000.0]", z=np.array([-1000.0, 1000.0]),
             hint="far from 0 the sigmoid is flat: its slope is 0"),
    ],
    hidden=_hidden_z("sigma'(z) = sigma(z) (1 - sigma(z)) element by element"),
    call=_call_guarded,
    reference=lambda z: act.sigmoid_grad(z),
    judge=_elementwise_judge(
        "sigmoid_grad", slope_of=act.sigmoid,
        fpe_hint="e^-z / (1 + e^-z)^2 is correct on paper but overflows for z = -1000; reuse your stable sigmoid: "
                 "s = sigmoid(z), then s * (1 - s)",
        mistakes=[
            Mistake(lambda z: np.asarray(z) * (1 - np.asarray(z)),
                    "you computed z (1 - z): apply the formula to sigma(z), not to z"),
            Mistake(lambda z: act.sigmoid(z) * (1 + act.sigmoid(z)),
                    "you computed s (1 + s): mind the minus sign, the slope is s (1 - s) with s = sigmoid(z)"),
            Mistake(lambda z: act.sigmoid(z),
                    "this is sigma(z) itself, not its slope: multiply it by (1 - sigma(z))"),
        ]),
    hints=(
        "The sigmoid's slope is built from the sigmoid's own output.",
        "Call your sigmoid once, keep its output s, and combine s with 1 - s. Your sigmoid is already stable, "
        "so nothing here can overflow.",
        "sigma'(z) = s (1 - s)   with   s = sigmoid(z)",
    ),
    references=("dlkit.nn.activations.sigmoid_grad",),
)


# --- tanh_grad ------------------------------------------------------------------------------------------

tanh_grad = Exercise(
    "tanh_grad",
    cases=[
        Case("tanh_grad(z) for z = [0.0]", z=np.array([0.0]),
             hint="the slope of tanh at 0 is 1 - tanh(0)^2 = 1 - 0 = 1"),
        Case("tanh_grad(z) for z = [-2.0, 0.5, 3.0]", z=np.array([-2.0, 0.5, 3.0]),
             hint="compute t = np.tanh(z) first, then 1 - t**2"),
        Case("tanh_grad(z) for z = [-800.0, 800.0]", z=np.array([-800.0, 800.0]),
             hint="tanh is flat far from 0: its slope is 0"),
    ],
    hidden=_hidden_z("tanh'(z) = 1 - tanh(z)^2 element by element"),
    call=_call_guarded,
    reference=lambda z: act.tanh_grad(z),
    judge=_elementwise_judge(
        "tanh_grad", slope_of=np.tanh,
        fpe_hint="1 / cosh(z)^2 is correct on paper but cosh(800) overflows; use 1 - np.tanh(z)**2",
        mistakes=[
            Mistake(lambda z: 1 - np.tanh(z), "you computed 1 - tanh(z): square tanh(z), 1 - tanh(z)**2"),
            Mistake(lambda z: 1 - np.asarray(z) ** 2, "you computed 1 - z**2: square tanh(z), not z"),
            Mistake(lambda z: np.tanh(z) * (1 - np.tanh(z)),
                    "you reused the sigmoid's t * (1 - t); tanh's slope is 1 - t**2 with t = np.tanh(z)"),
        ]),
    hints=(
        "Like the sigmoid's, tanh's slope is built from tanh's own output.",
        "Compute t = np.tanh(z) (numpy's tanh never overflows) and subtract its square from 1.",
        "tanh'(z) = 1 - t^2   with   t = tanh(z)",
    ),
    references=("dlkit.nn.activations.tanh_grad",),
)


# --- relu -----------------------------------------------------------------------------------------------

def _keep_input(f, z):
    """relu's answer together with z as it is afterwards (changed in place?)."""
    return {"out": f(z), "z": z}


def _judge_relu(t, got, want):
    z = t.inputs["z"]
    t.array(got["out"], shape=np.shape(z),
            hint="np.max(z, 0) takes the maximum along axis 0 (it reduces the array); np.maximum(z, 0) compares "
                 "each element with 0 and keeps z's shape")
    t.close(got["out"], want["out"], mistakes=[
        Mistake(lambda z: np.clip(z, 0, 1), "the output is clipped at 1: ReLU passes positive inputs unchanged, "
                                            "it is not clipped at 1"),
        Mistake(lambda z: np.abs(z), "negative inputs became positive: ReLU sets them to 0, they are not made "
                                     "positive with abs"),
    ])
    t.close(got["z"], want["z"], name="z after calling relu(z)",
            hint="relu modified its input in place (z[z < 0] = 0). Work on a copy, or use np.maximum, which returns "
                 "a new array")


relu = Exercise(
    "relu",
    cases=[
        Case("relu(z) for z = [[-2, 0, 3], [1.5, -0.1, 0.2]]", z=np.array([[-2.0, 0.0, 3.0], [1.5, -0.1, 0.2]]),
             hint="negative inputs become 0, positive inputs pass unchanged"),
    ],
    hidden=_hidden_z("ReLU keeps positive inputs and sets the others to 0, in a new array"),
    call=_keep_input,
    reference=lambda z: {"out": np.maximum(z, 0.0), "z": z},
    judge=_judge_relu,
    crash_hint="Python's max(0, z) compares a whole array with 0 and raises; use np.maximum(z, 0), which works "
               "element by element",
    hints=(
        "ReLU compares every element with 0 and keeps the larger of the two.",
        "numpy has two 'max' functions: np.max reduces an array along an axis, np.maximum compares two arrays "
        "(or an array and a number) element by element and returns a new array.",
        "relu(z) = np.maximum(z, 0)",
    ),
    references=("dlkit.nn.activations.relu",),
)


# --- relu_grad ------------------------------------------------------------------------------------------

def _judge_relu_grad(t, got, want):
    t.array(got, shape=np.shape(t.inputs["z"]), hint="return a numpy array of z's shape")
    t.array(got, dtype="float", hint="a comparison gives booleans; convert with (z > 0).astype(float)")
    t.close(got, want, mistakes=[
        Mistake(lambda z: (np.asarray(z) >= 0).astype(float),
                "the slope at z = 0 is 1 here: the course's convention (and TensorFlow's) is relu'(0) = 0, use "
                "z > 0, not z >= 0"),
        Mistake(lambda z: np.maximum(z, 0.0),
                "this is ReLU itself, max(0, z), not the value of its slope: 1 where z > 0 (not z itself)"),
        Mistake(lambda z: np.sign(z), "np.sign gives -1 for negative z, but ReLU is flat there: its slope is 0"),
    ])


relu_grad = Exercise(
    "relu_grad",
    cases=[
        Case("relu_grad(z) for z = [-3.0, -0.5, 0.0, 0.5, 4.0]", z=np.array([-3.0, -0.5, 0.0, 0.5, 4.0]),
             hint="the slope is 1.0 where z > 0 and 0.0 elsewhere, including z = 0"),
    ],
    hidden=_hidden_z("1.0 where z > 0, 0.0 elsewhere (z = 0 included)", decimals=1),
    reference=lambda z: act.relu_grad(z),
    judge=_judge_relu_grad,
    crash_hint="compare z with 0 (z > 0) and convert the booleans to floats",
    hints=(
        "ReLU is a straight line on each side of 0: what is the slope of each line?",
        "The slope is 1 where z is positive and 0 where it is negative; at z = 0 the course (like TensorFlow) "
        "uses 0. A comparison gives booleans: convert them to 0.0 and 1.0.",
        "relu'(z) = 1.0 if z > 0 else 0.0   (a float array of z's shape)",
    ),
    references=("dlkit.nn.activations.relu_grad",),
)


# --- leaky_relu -----------------------------------------------------------------------------------------

def _keras_default(slope: float):
    """A learner who used Keras' default slope as the default: applies only when no alpha is passed."""
    def produce(z, alpha=None):
        if alpha is not None:
            return _not_here()
        return np.where(np.asarray(z) > 0, z, slope * np.asarray(z))
    return produce


def _keras_default_grad(slope: float):
    def produce(z, alpha=None):
        if alpha is not None:
            return _not_here()
        return np.where(np.asarray(z) > 0, 1.0, slope)
    return produce


_Z_LEAKY = np.array([-10.0, -1.0, 0.0, 2.0])
_DEFAULT = ("the default slope in this course is alpha=0.01 (Keras' defaults, 0.2 for keras.activations.leaky_relu "
            "and 0.3 for the LeakyReLU layer, differ)")


def _hidden_leaky(hint: str):
    def hidden(seed, shape, alpha):
        return Case(f"random values of shape {tuple(shape)}, alpha={alpha}", z=_random_z(seed, shape, 2.0),
                    alpha=float(alpha), hint=hint)
    return hidden


def _judge_leaky_relu(t, got, want):
    t.array(got, shape=np.shape(t.inputs["z"]), hint="return a numpy array of z's shape")
    t.close(got, want, mistakes=[
        Mistake(lambda z, alpha=0.01: np.where(np.asarray(z) > 0, alpha * np.asarray(z), z),
                "the small slope is on the wrong side: multiply the negative z by alpha and let positive z "
                "pass unchanged"),
        Mistake(lambda z, alpha=0.01: np.maximum(alpha, z),
                "you computed max(alpha, z): compare alpha * z with z, not alpha with z"),
        Mistake(lambda z, alpha=0.01: np.where(np.asarray(z) > 0, z, 0.01 * np.asarray(z)),
                "the alpha argument is ignored: use the alpha you are given, not a fixed 0.01"),
        Mistake(_keras_default(0.2), _DEFAULT),
        Mistake(_keras_default(0.3), _DEFAULT),
    ])


leaky_relu = Exercise(
    "leaky_relu",
    cases=[
        Case("leaky_relu(z, alpha=0.1) for z = [-10, -1, 0, 2]", z=_Z_LEAKY, alpha=0.1,
             hint="negative z are multiplied by alpha, positive z pass unchanged: compare alpha * z with z"),
        Case("leaky_relu(z) for z = [-10, -1, 0, 2], the default alpha", z=_Z_LEAKY, hint=_DEFAULT),
        Case("leaky_relu(z, alpha=0.2) for 13 points from -3 to 3 (Keras' default slope)",
             z=np.linspace(-3.0, 3.0, 13), alpha=0.2, hint="use the alpha you are given"),
    ],
    hidden=_hidden_leaky("z where z > 0, alpha * z elsewhere, with the alpha you are given"),
    reference=lambda z, alpha=0.01: act.leaky_relu(z, alpha=alpha),
    judge=_judge_leaky_relu,
    hints=(
        "Leaky ReLU is ReLU whose negative side keeps a small slope alpha instead of 0.",
        "Element by element: where z > 0 keep z, elsewhere take alpha * z (np.where). For 0 <= alpha < 1 this "
        "is also the larger of alpha * z and z.",
        "leaky_relu(z) = z if z > 0 else alpha * z   (default alpha = 0.01)",
    ),
    references=("dlkit.nn.activations.leaky_relu",),
)


# --- leaky_relu_grad ------------------------------------------------------------------------------------

def _judge_leaky_relu_grad(t, got, want):
    t.array(got, shape=np.shape(t.inputs["z"]), hint="return a numpy array of z's shape, one slope per z")
    t.close(got, want, mistakes=[
        Mistake(lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, alpha * np.asarray(z)),
                "the slope for z <= 0 is the constant alpha, not alpha * z"),
        Mistake(lambda z, alpha=0.01: (np.asarray(z) > 0).astype(float),
                "the slope for z <= 0 is alpha, not 0 (0 is ReLU's slope)"),
        Mistake(lambda z, alpha=0.01: np.where(np.asarray(z) >= 0, 1.0, alpha),
                "at z = 0 the course uses the slope alpha: use z > 0, not z >= 0"),
        Mistake(lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, 0.01),
                "the alpha argument is ignored: use the alpha you are given, not a fixed 0.01"),
        Mistake(_keras_default_grad(0.2), _DEFAULT),
        Mistake(_keras_default_grad(0.3), _DEFAULT),
    ])


leaky_relu_grad = Exercise(
    "leaky_relu_grad",
    cases=[
        Case("leaky_relu_grad(z, alpha=0.1) for z = [-10, -1, 0, 2]", z=_Z_LEAKY, alpha=0.1,
             hint="the slope is 1 for z > 0 and alpha (a constant) for z <= 0, including z = 0"),
        Case("leaky_relu_grad(z) for z = [-3, 3], the default alpha", z=np.array([-3.0, 3.0]), hint=_DEFAULT),
    ],
    hidden=_hidden_leaky("1 where z > 0, alpha elsewhere, with the alpha you are given"),
    reference=lambda z, alpha=0.01: act.leaky_relu_grad(z, alpha=alpha),
    judge=_judge_leaky_relu_grad,
    hints=(
        "Each side of Leaky ReLU is a straight line; its slope is the derivative.",
        "Where z > 0 the slope is 1; elsewhere (z = 0 included) it is the constant alpha, whatever z is.",
        "leaky_relu'(z) = 1.0 if z > 0 else alpha",
    ),
    references=("dlkit.nn.activations.leaky_relu_grad",),
)


# --- softmax --------------------------------------------------------------------------------------------

_Z_BATCH = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [1000.0, 0.0, -1000.0], [-1.0, 5.0, 1.0]])   # (N, C) = (4, 3)
_ROWS = ("each row (each example) must sum to 1: take the max and the sum with axis=axis (the last axis by "
         "default), not over the whole array or over axis 0, and with keepdims=True so that the (N, 1) results "
         "line up with the rows")
_SOFTMAX_FPE = ("an overflow: exp(1000) = inf, or 0 / 0 when every exponential of a row underflows to 0. Subtract "
                "the largest score first, z - max(z) along the axis (keepdims=True): the result is unchanged and "
                "every exponent is <= 0. One maximum for the whole array is not enough: a row far below it "
                "underflows to 0 / 0")


def _judge_softmax(t, got, want):
    _check_fpe(t, got, _SOFTMAX_FPE)
    out, z, axis = got["out"], t.inputs["z"], t.inputs.get("axis", -1)
    t.array(out, shape=np.shape(z), dtype="float", hint="softmax keeps the input's shape")
    ndim = np.ndim(z)
    what = ("the sum" if ndim == 1 else "the row sums" if ndim == 2 and axis in (-1, 1)
            else "the column sums" if ndim == 2 else f"the sums along axis {axis}")
    sums_hint = ("use the axis argument you are given instead of a fixed -1 or 1" if axis not in (-1, ndim - 1)
                 else _ROWS if ndim > 1 else "divide by the sum of the exponentials")
    t.close(np.sum(out, axis=axis), np.ones(np.delete(np.shape(z), axis)), name=f"{what} of {t.label}",
            hint=sums_hint)
    t.close(out, want, atol=1e-10)


def _hidden_softmax(seed, shape, axis=-1, scale=50.0):
    z = _random_z(seed, shape, scale)
    return Case(f"random scores of shape {tuple(shape)}, axis={axis}", z=z, axis=axis,
                hint="subtract the maximum along the axis, exponentiate, divide by the sum along the same axis")


softmax = Exercise(
    "softmax",
    cases=[
        Case("softmax(z) for z = [2.0, 1.0, 0.1]", z=np.array([2.0, 1.0, 0.1]),
             hint="s_i = exp(z_i) / sum_j exp(z_j)"),
        Case("softmax(z) for z = [1000.0, 1001.0, 1002.0]", z=np.array([1000.0, 1001.0, 1002.0]),
             hint="the same as softmax([0, 1, 2]): subtracting the maximum changes nothing"),
        Case("softmax(Z) for a batch Z of shape (4, 3), rows [1, 2, 3], [0, 0, 0], [1000, 0, -1000], [-1, 5, 1]",
             z=_Z_BATCH, hint="normalise each row separately: the max and the sum along axis=-1 with keepdims=True, "
                              "so that the (4, 1) results broadcast against the (4, 3) scores"),
        Case("softmax(Z, axis=0) for the same (4, 3) batch: each column sums to 1", z=_Z_BATCH, axis=0,
             hint="use the axis argument you are given instead of a fixed -1 or 1"),
    ],
    hidden=_hidden_softmax,
    call=_call_guarded,
    reference=lambda z, axis=-1: act.softmax(z, axis=axis),
    judge=_judge_softmax,
    hints=(
        "Softmax does not change when the same number is subtracted from every score of a row.",
        "Subtract the maximum along `axis` (keepdims=True, so it broadcasts), exponentiate, and divide by the "
        "sum along the same axis (keepdims=True again).",
        "s = e / sum(e, axis)   with   e = exp(z - max(z, axis))   (both reductions with keepdims=True)",
    ),
    references=("dlkit.nn.activations.softmax",),
)
