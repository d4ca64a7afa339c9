"""Exercises of chapter 04 (gradient descent): a one-weight cost, its slope, the descent loop, epochs, SGD.

    cost(w, x, y)                                   J(w) = 1/(2N) sum_i (y_i - w x_i)^2      -> a number
    gradient(w, x, y)                               dJ/dw = -(1/N) sum_i x_i (y_i - w x_i)   -> a number
    gradient_descent(w0, x, y, learning_rate, steps)
                                                    (ws, Js): two float arrays of shape (steps + 1,), ws[0] = w0,
                                                    Js[t] = cost(ws[t]); a tuple or a list of the two
    iterations_per_epoch(n, batch_size)             ceil(n / batch_size)                     -> an int
    minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng)
                                                    (w, b): w a float array (D,), b a number; from w = 0, b = 0,
                                                    one rng.permutation(N) per epoch and nothing else drawn

Symbols (docs/NAMING.md): N examples, D features; x, y (N,) the one-weight data (targets y, which source
002 calls z); X (N, D), y (N,) a linear regression; w, b its weights and bias; m = |B| the size of one
mini-batch. The references are dlkit.nn.linear (tested in tests/nn/test_linear.py). minibatch_sgd is
called with a dlkit.checks.counting.CountingGenerator, so the judge knows how often the learner shuffled.
"""

from __future__ import annotations

import numpy as np

from dlkit.checks.counting import CountingGenerator
from dlkit.checks.exercise import Case, Exercise, Mistake
from dlkit.data.synthetic import line_data, regression_data
from dlkit.nn import linear

__all__ = ["cost", "gradient", "gradient_descent", "iterations_per_epoch", "minibatch_sgd"]

_X_LINE, _Y_LINE = line_data()                  # x = -2..2, y = 2x
_LINE = "x = [-2, -1, 0, 1, 2], y = 2x"


def _random_line(seed: int, n: int, scale: float = 1.0) -> dict:
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=n), rng.normal(size=n)
    return {"w": float(rng.normal(scale=scale)), "x": x, "y": y}


def _number_judge(one_number_hint: str, mistakes):
    """Judge of an answer that is one real number: a number first, then its value (mistakes named)."""

    def judge(t, got, want):
        t.number(got, hint=one_number_hint)
        t.close(got, want, mistakes=mistakes)

    return judge


# --- cost --------------------------------------------------------------------------------------------

cost = Exercise(
    "cost",
    cases=[
        Case(f"cost(w=0, x, y) for {_LINE}", w=0.0, x=_X_LINE, y=_Y_LINE,
             hint="J = 1/(2n) sum (y_i - w x_i)^2 = (16 + 4 + 0 + 4 + 16) / 10 = 4"),
        Case(f"cost(w=2, x, y) for {_LINE}", w=2.0, x=_X_LINE, y=_Y_LINE,
             hint="w = 2 fits y = 2x exactly, so the cost must be 0: the prediction for sample i is w * x_i "
                  "(multiply by x_i) and its error y_i - w * x_i"),
        Case("cost(w=1, x=[1], y=[3])", w=1.0, x=np.array([1.0]), y=np.array([3.0]),
             hint="one sample with error 3 - 1 = 2 costs 2^2 / (2 * 1) = 2: square each error"),
        Case("cost(w=1, x=[1, 1], y=[2, 0])", w=1.0, x=np.array([1.0, 1.0]), y=np.array([2.0, 0.0]),
             hint="the errors +1 and -1 cost 1 each, J = (1 + 1) / 4 = 0.5: square each error before averaging"),
    ],
    hidden=lambda seed, n: Case(f"random data, n = {n}", **_random_line(seed, n),
                                hint="J = 1/(2n) sum (y_i - w x_i)^2"),
    reference=lambda w, x, y: linear.cost(w, x, y),
    judge=_number_judge(
        "return one number (a float): sum the squared errors over the samples, do not return one value per sample",
        [Mistake(lambda w, x, y: float(np.sum((y - w) ** 2) / (2 * len(x))),
                 "the error of sample i is y_i - w * x_i: multiply by x_i (the prediction is w x_i, not w)"),
         Mistake(lambda w, x, y: float(np.sum((y - w * x) ** 2) / 2),
                 "missing 1/n: the cost is an average, so repeating every sample must not change it; divide "
                 "the sum by 2n where n = len(x)"),
         Mistake(lambda w, x, y: float(np.mean((y - w * x) ** 2)),
                 "1/n instead of 1/(2n): that is the mean squared error; J keeps the factor 1/2"),
         Mistake(lambda w, x, y: float(np.sum(np.abs(y - w * x)) / (2 * len(x))),
                 "absolute errors: square each error, (y_i - w x_i)^2"),
         Mistake(lambda w, x, y: float(np.mean(y - w * x) ** 2 / 2),
                 "squaring the mean error lets +1 and -1 cancel: square each error first, then average"),
         ]),
    crash_hint="x and y are numpy arrays of the same shape (n,): y - w * x is the array of errors",
    hints=(
        "Compute the error of every sample, square it, and average (then halve).",
        "With arrays, y - w * x gives all n errors at once; np.sum or np.mean reduce them to one number.",
        "J = np.sum((y - w * x) ** 2) / (2 * len(x)), returned as a float",
    ),
    references=("dlkit.nn.linear.cost",),
)


# --- gradient ----------------------------------------------------------------------------------------

gradient = Exercise(
    "gradient",
    cases=[
        Case(f"gradient(w=0, x, y) for {_LINE}", w=0.0, x=_X_LINE, y=_Y_LINE,
             hint="at w = 0, left of the minimum w = 2, the slope is -(1/5) sum x_i * 2 x_i = -20 / 5 = -4"),
        Case(f"gradient(w=3, x, y) for {_LINE}", w=3.0, x=_X_LINE, y=_Y_LINE,
             hint="right of the minimum the slope is positive: 2 (w - 2) = 2 for this data"),
        Case("gradient(w=0, x=[1, 2], y=[2, 4])", w=0.0, x=np.array([1.0, 2.0]), y=np.array([2.0, 4.0]),
             hint="chain rule: each error (y_i - w x_i) is multiplied by its own x_i before averaging: "
                  "-(1 * 2 + 2 * 4) / 2 = -5"),
    ],
    hidden=lambda seed, n: Case(f"random data, n = {n}", **_random_line(seed, n, scale=2.0),
                                hint="dJ/dw = -(1/n) sum x_i (y_i - w x_i)"),
    reference=lambda w, x, y: linear.gradient(w, x, y),
    judge=_number_judge(
        "return one number (a float): the mean over the samples, not one value per sample",
        [Mistake(lambda w, x, y: float(np.mean(x * (y - w * x))),
                 "check the sign: left of the minimum the cost falls as w grows, so dJ/dw < 0 there; "
                 "dJ/dw = -(1/n) sum x_i (y_i - w x_i) has a minus in front"),
         Mistake(lambda w, x, y: float(-np.sum(x * (y - w * x))),
                 "missing 1/n: the gradient is an average over the samples (np.mean, or the sum divided by n)"),
         Mistake(lambda w, x, y: float(-2 * np.mean(x * (y - w * x))),
                 "no factor 2: the 1/2 in front of J cancels the 2 that the square brings down"),
         Mistake(lambda w, x, y: float(-np.sum(x * (y - w * x)) / (2 * len(x))),
                 "divided by 2n as in the cost: the 2 that the square brings down cancels the 2 of 1/(2n), "
                 "so the gradient divides by n"),
         Mistake(lambda w, x, y: float(-np.mean(y - w * x)),
                 "chain rule: each error (y_i - w x_i) is multiplied by its own x_i, the derivative of w x_i "
                 "with respect to w"),
         ]),
    crash_hint="x and y are numpy arrays of the same shape (n,): x * (y - w * x) multiplies them element by element",
    hints=(
        "Differentiate each squared error with the chain rule, then average.",
        "d/dw (y_i - w x_i)^2 = 2 (y_i - w x_i) * (-x_i); the 2 cancels the 1/2 of J.",
        "dJ/dw = -np.mean(x * (y - w * x)), returned as a float",
    ),
    references=("dlkit.nn.linear.gradient",),
)


# --- gradient_descent --------------------------------------------------------------------------------

def _ascending(w0, x, y, learning_rate, steps):
    ws = [float(w0)]
    for _ in range(steps):
        ws.append(ws[-1] + learning_rate * linear.gradient(ws[-1], x, y))
    return np.array(ws)


def _frozen_slope(w0, x, y, learning_rate, steps):
    g = linear.gradient(w0, x, y)
    return np.array([w0 - t * learning_rate * g for t in range(steps + 1)])


def _judge_descent(t, got, want):
    steps = t.inputs["steps"]
    ws_want, Js_want = want
    t.sequence(got, length=2, hint="return the two histories, ws and Js, as a pair: return ws, Js")
    ws, Js = got
    t.array(ws, name="ws", dtype="float", hint="collect the values in a list and return np.array(the_list)")
    t.array(Js, name="Js", dtype="float", hint="collect the values in a list and return np.array(the_list)")
    t.array(ws, shape=(steps + 1,), name="ws",
            hint=f"steps + 1 = {steps + 1} entries: w0 first, then one w per update. {steps} entries: w0 is missing "
                 f"(or one update short); {steps + 2} entries: one update too many")
    t.array(Js, shape=(steps + 1,), name="Js",
            hint="one cost per entry of ws: Js[t] = cost(ws[t]), the cost of w0 first and the cost of the final "
                 "w last")
    t.close(ws[0], t.inputs["w0"], name="ws[0]", hint="the history starts with w0 itself, before any update")
    t.close(ws, ws_want, name="ws",
            mistakes=[Mistake(_ascending, "the update ascends (the cost grows): subtract the gradient, "
                                          "w = w - learning_rate * gradient(w, x, y)"),
                      Mistake(_frozen_slope, "the slope was computed once, at w0: use the gradient at the current "
                                             "w in every step, gradient(ws[-1], x, y)")])
    t.close(Js, Js_want, name="Js",
            hint="Js[t] must be the cost at ws[t], cost(ws[t], x, y), for every entry: w0 included, the final w too",
            mistakes=[Mistake(lambda w0, x, y, learning_rate, steps: np.array(
                [linear.gradient(w, x, y) for w in ws_want]),
                "Js holds the slopes: Js[t] must be the cost at ws[t], cost(ws[t], x, y)")])


def _hidden_descent(seed: int, n: int, steps: int) -> Case:
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=n), rng.normal(size=n)
    w0, learning_rate = float(rng.normal(scale=3)), float(rng.uniform(0.05, 0.5))
    return Case(f"random data, n = {n}, {steps} steps", w0=w0, x=x, y=y, learning_rate=learning_rate, steps=steps,
                hint="w_{t+1} = w_t - learning_rate * gradient(w_t, x, y); Js[t] = cost(ws[t], x, y)")


gradient_descent = Exercise(
    "gradient_descent",
    cases=[
        Case(f"gradient_descent(w0=0, x, y, learning_rate=0.3, steps=4) for {_LINE}", w0=0.0, x=_X_LINE,
             y=_Y_LINE, learning_rate=0.3, steps=4,
             hint="w_{t+1} = w_t - learning_rate * gradient(w_t, x, y): the gradient at the current w, times the "
                  "learning rate as given; the walk is 0, 1.2, 1.68, 1.872, 1.9488"),
        Case(f"gradient_descent(w0=4, x, y, learning_rate=0.1, steps=3) for {_LINE}", w0=4.0, x=_X_LINE,
             y=_Y_LINE, learning_rate=0.1, steps=3,
             hint="right of the minimum the slope is positive and w must decrease towards 2: 4, 3.6, 3.28, 3.024"),
    ],
    hidden=_hidden_descent,
    reference=lambda w0, x, y, learning_rate, steps: linear.gradient_descent(w0, x, y, learning_rate, steps),
    judge=_judge_descent,
    crash_hint="gradient_descent calls your cost and gradient: run their cells first, and pass them (w, x, y)",
    hints=(
        "Keep a list that starts with w0; in a loop of `steps` iterations, append the next w.",
        "The next w is the current one minus learning_rate times your gradient at the current w. After the loop, "
        "compute the cost of every w in the list and turn both lists into arrays.",
        "ws = [w0]; repeat steps times: ws.append(ws[-1] - learning_rate * gradient(ws[-1], x, y)); "
        "Js = [cost(w, x, y) for w in ws]; return np.array(ws), np.array(Js)",
    ),
    references=("dlkit.nn.linear.gradient_descent",),
)


# --- iterations_per_epoch ----------------------------------------------------------------------------

def _judge_iterations(t, got, want):
    t.number(got, integer=True,
             hint="return a whole number (an int): n / batch_size is a float, and np.ceil returns a float too; "
                  "use math.ceil(n / batch_size) or (n + batch_size - 1) // batch_size")
    t.equal(got, want, mistakes=[
        Mistake(lambda n, batch_size: n // batch_size,
                "round up, not down: the last, partial batch is an iteration too"),
        Mistake(lambda n, batch_size: n // batch_size + 1,
                "when batch_size divides n there is no partial batch: 8 samples in batches of 4 take 2 iterations"),
    ])


def _hidden_iterations(seed: int) -> Case:
    rng = np.random.default_rng(seed)
    return Case("a random n and batch size", n=int(rng.integers(1, 500)), batch_size=int(rng.integers(1, 70)),
                hint="ceil(n / batch_size): the last batch may be partial")


iterations_per_epoch = Exercise(
    "iterations_per_epoch",
    cases=[
        Case("iterations_per_epoch(10, 4)", n=10, batch_size=4,
             hint="10 samples in batches of 4 are 4 + 4 + 2: the last, partial batch is an iteration too, so "
                  "round up, not down"),
        Case("iterations_per_epoch(8, 4)", n=8, batch_size=4,
             hint="when batch_size divides n there is no partial batch: 8 samples in batches of 4 take 2 "
                  "iterations, not 3"),
        Case("iterations_per_epoch(5, 1)", n=5, batch_size=1, hint="SGD: one update per sample"),
        Case("iterations_per_epoch(5, 100)", n=5, batch_size=100,
             hint="a batch larger than the data set is one batch holding all of it (batch gradient descent)"),
    ],
    hidden=_hidden_iterations,
    reference=lambda n, batch_size: linear.iterations_per_epoch(n, batch_size),
    judge=_judge_iterations,
    crash_hint="n and batch_size are Python ints",
    hints=(
        "Count the batches: full ones, plus one more if samples are left over.",
        "n // batch_size counts the full batches; a remainder n % batch_size > 0 adds one.",
        "math.ceil(n / batch_size), or with integers only (n + batch_size - 1) // batch_size",
    ),
    references=("dlkit.nn.linear.iterations_per_epoch",),
)


# --- minibatch_sgd -----------------------------------------------------------------------------------

def _call_sgd(f, X, y, learning_rate, epochs, batch_size, seed):
    """Kernel side: the learner's minibatch_sgd with a counting generator; its answer and the counts."""
    rng = CountingGenerator(seed)
    out = f(X, y, learning_rate, epochs, batch_size, rng)
    return {"out": out, "shuffles": rng.shuffles, "other_draws": rng.other_draws}


def _variant(X, y, learning_rate, epochs, batch_size, seed, *, sign=1.0, bias="update", mean=True,
             partial="keep", paired=True):
    """A typical wrong run of the recipe on the same shuffles, as np.append(w, b)."""
    rng = np.random.default_rng(seed)
    n, D = X.shape
    w, b = np.zeros(D), 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        stop = n if partial != "drop" else (n // batch_size) * batch_size
        for k in range(0, stop, batch_size):
            idx = order[k:k + batch_size]
            targets = y[idx] if paired else y[k:k + batch_size]
            r = targets - (X[idx] @ w + (b if bias == "update" else 0.0))
            size = len(idx) if mean else 1
            if partial == "batch_size":
                size = batch_size
            w = w + sign * learning_rate * (X[idx].T @ r) / size
            if bias != "none":
                b = b + sign * learning_rate * np.sum(r) / size
    return np.append(w, b)


def _mistake(message, **variant):
    return Mistake(lambda X, y, learning_rate, epochs, batch_size, seed: _variant(
        X, y, learning_rate, epochs, batch_size, seed, **variant), message)


_SGD_MISTAKES = [
    _mistake("the update ascends: descend with w = w - learning_rate * g_w, where g_w = -(1/m) X_B.T @ r "
             "(equivalently w = w + learning_rate * X_B.T @ r / m)", sign=-1.0),
    _mistake("missing 1/m: the batch gradient is the mean over the batch (divide by len(idx)); with a sum, twice "
             "as many equal samples double the step", mean=False),
    _mistake("the bias: b is updated after every batch too, b = b - learning_rate * g_b with g_b = -mean(r)",
             bias="none"),
    _mistake("the bias is updated but left out of the predictions: the residuals are r = y_B - (X_B @ w + b), "
             "b included", bias="not_in_predictions"),
    _mistake("keep the last, partial batch: n = 5 with batch_size 2 is 3 iterations (batches of 2, 2 and 1)",
             partial="drop"),
    _mistake("the last, partial batch is averaged over its own size: divide by len(idx), not batch_size",
             partial="batch_size"),
    _mistake("rows and targets stay paired: take the targets of the same shuffled rows, y[idx] with X[idx]",
             paired=False),
]


def _judge_sgd(t, got, want):
    epochs, D = t.inputs["epochs"], t.inputs["X"].shape[1]
    out = got["out"]
    t.sequence(out, length=2, hint="return the weights and the bias as a pair: return w, b")
    w, b = out
    t.array(w, name="w", dtype="float", hint="w is a float array of shape (D,): start from np.zeros(D)")
    t.array(w, shape=(D,), name="w", hint="one weight per column of X: w has shape (D,) (keep it 1-D)")
    t.number(b, name="b", hint="b is one number: return float(b)")
    shuffles, other = got["shuffles"], got["other_draws"]
    if shuffles == 0:
        t.fail(f"{t.label}: the data was never shuffled with the rng given", f"{epochs} shuffles", "0",
               hint="shuffle with the rng you are given (not np.random), once at the start of every epoch: "
                    "order = rng.permutation(n)")
    if shuffles < epochs:
        t.fail(f"{t.label}: rng.permutation was called {shuffles} times in {epochs} epochs", f"{epochs} shuffles",
               str(shuffles), hint="shuffle once at the start of every epoch (not once before the loop): a new "
                                   "order every epoch")
    if shuffles > epochs:
        t.fail(f"{t.label}: rng.permutation was called {shuffles} times in {epochs} epochs", f"{epochs} shuffles",
               str(shuffles), hint="draw one order = rng.permutation(n) per epoch and index X and y with it: the "
                                   "same order for X and y")
    if other:
        t.fail(f"{t.label}: other random draws from rng", "0", str(other),
               hint="draw only the permutation: order = rng.permutation(n) once per epoch")
    t.close(np.append(w, b), np.append(want["w"], want["b"]), name="(w, b)", mistakes=_SGD_MISTAKES)


def _sgd_case(label, X, y, learning_rate, epochs, batch_size, seed, hint):
    return Case(label, X=np.asarray(X, dtype=float), y=np.asarray(y, dtype=float), learning_rate=learning_rate,
                epochs=epochs, batch_size=batch_size, seed=seed, hint=hint)


_RECIPE = ("follow the recipe: w = zeros(D), b = 0; each epoch order = rng.permutation(n); batches "
           "idx = order[k:k + batch_size]; r = y[idx] - (X[idx] @ w + b); w = w + learning_rate * X[idx].T @ r / "
           "len(idx); b = b + learning_rate * mean(r)")
_X_REG, _Y_REG = regression_data(n=200, w=(2.0, -1.0, 0.5), b=1.0, noise=0.1, rng=404)


def _hidden_sgd(seed: int, n: int, d: int, batch_size: int, epochs: int, learning_rate: float = 0.07,
                fresh: bool = False) -> Case:
    rng = np.random.default_rng(seed)
    if fresh:
        X, y = regression_data(n=n, w=rng.normal(size=d), b=float(rng.normal()), noise=0.05, rng=rng)
        label = f"fresh regression data, n = {n}, D = {d}, batch {batch_size}, {epochs} epochs"
    else:
        X, y = rng.normal(size=(n, d)), rng.normal(size=n)
        label = f"random data, n = {n}, D = {d}, batch {batch_size}, {epochs} epochs"
    return _sgd_case(label, X, y, learning_rate, epochs, batch_size, int(rng.integers(1000)), _RECIPE)


minibatch_sgd = Exercise(
    "minibatch_sgd",
    cases=[
        _sgd_case("minibatch_sgd(X=[[1], [2], [3]], y=[2, 4, 6], learning_rate=0.1, epochs=1, batch_size=3)",
                  [[1.0], [2.0], [3.0]], [2.0, 4.0, 6.0], 0.1, 1, 3, 0,
                  "one full-batch step from w = 0, b = 0: r = y, so w = 0.1 * (1*2 + 2*4 + 3*6) / 3 = 0.933 and "
                  "b = 0.1 * mean(y) = 0.4"),
        _sgd_case("minibatch_sgd on 7 samples with 2 features, batch_size=2, 3 epochs",
                  np.arange(14.0).reshape(7, 2) / 10, np.linspace(-1, 1, 7), 0.1, 3, 2, 1, _RECIPE),
        _sgd_case("minibatch_sgd(X=zeros((4, 1)), y=5, learning_rate=0.5, epochs=2, batch_size=4)",
                  np.zeros((4, 1)), np.full(4, 5.0), 0.5, 2, 4, 0,
                  "with X = 0 only the bias can learn: predictions are X_B @ w + b (b included), and b is "
                  "updated after every batch, 0 -> 2.5 -> 3.75"),
        _sgd_case("minibatch_sgd(X=ones((5, 1)), y=3, learning_rate=0.1, epochs=1, batch_size=2)",
                  np.ones((5, 1)), np.full(5, 3.0), 0.1, 1, 2, 0,
                  "n = 5 with batch_size 2 is 3 iterations (batches of 2, 2 and 1): keep the last, partial batch, "
                  "and average its gradient over its own size (len(idx), not batch_size); (w, b) = (0.732, 0.732)"),
        _sgd_case("minibatch_sgd on the chapter's regression data (200 x 3), learning_rate=0.05, 60 epochs, "
                  "batch_size=16", _X_REG, _Y_REG, 0.05, 60, 16, 0,
                  "60 epochs of mini-batches of 16 land within 0.02 of the least-squares answer; " + _RECIPE),
    ],
    hidden=_hidden_sgd,
    call=_call_sgd,
    reference=lambda X, y, learning_rate, epochs, batch_size, seed: dict(zip(("w", "b"), linear.minibatch_sgd(
        X, y, learning_rate, epochs, batch_size, np.random.default_rng(seed)))),
    judge=_judge_sgd,
    crash_hint="X has shape (n, D) and y (n,); a batch is X[idx] (m, D) and y[idx] (m,), and X[idx].T @ r has "
               "shape (D,)",
    hints=(
        "Two loops: over the epochs (shuffle once at the start of each), and over the batches of that epoch.",
        "Per batch: the residuals r of its rows, the batch gradients g_w = -(1/m) X_B.T @ r and g_b = -mean(r), "
        "then one step for w and one for b. m is the batch's own size, len(idx).",
        "for each epoch: order = rng.permutation(n); for k in range(0, n, batch_size): idx = order[k:k + batch_size]; "
        "r = y[idx] - (X[idx] @ w + b); w = w + learning_rate * X[idx].T @ r / len(idx); "
        "b = b + learning_rate * np.mean(r)",
    ),
    references=("dlkit.nn.linear.minibatch_sgd",),
)
