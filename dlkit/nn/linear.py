"""Gradient descent of chapter 04: a one-weight cost curve, the update rule, linear regression, mini-batch SGD.

Symbols:
    N examples, D input features, m the examples of one mini-batch B (m <= batch_size), T steps.
    x, y    (N,)     one input and its target per example; the one-weight model predicts y_hat = w x
    X       (N, D)   inputs of a linear regression, one example per row
    y       (N,)     its targets; the model predicts y_hat = X w + b
    w       (D,)     weights, b a number (the bias); eta the learning rate (`learning_rate`)
    r       (m,)     residuals y - y_hat of a batch

One weight (the example of source 002, data y = 2x, dlkit.data.synthetic.line_data):

    J(w)     = 1/(2N) sum_i (y_i - w x_i)^2                     the cost, a parabola in w
    dJ/dw    = -(1/N) sum_i x_i (y_i - w x_i)                   its slope (the 1/2 cancels the 2)
    update   w_{t+1} = w_t - eta * dJ/dw(w_t)

With c = mean(x^2) the cost is J(w) = c/2 (w - w*)^2 + const, so each step multiplies the distance to
the minimum w* by (1 - eta c): it converges for 0 < eta < 2/c, oscillates for eta > 1/c and diverges
for eta > 2/c.

Linear regression with a bias, J(w, b) = 1/(2N) sum_i (y_i - X_i w - b)^2, and one mini-batch B of m
examples (source 003, eq. 16-18):

    r        = y_B - (X_B w + b)                                 (m,) residuals
    g_w      = -(1/m) X_B^T r                                    (D,) the batch's estimate of dJ/dw
    g_b      = -(1/m) sum r                                      the batch's estimate of dJ/db
    (averaged over all batches drawn uniformly at random, g_w and g_b are exactly dJ/dw and dJ/db;
    with B = all N examples they are the gradient itself)
    batch GD: B = all N examples (eq. 16); SGD: m = 1 (eq. 17); mini-batch: 1 < m < N (eq. 18)

The closed form (least_squares): with A = [X, 1] (N, D + 1) and theta = (w, b), J is smallest where its
gradient -(1/N) A^T (y - A theta) vanishes, the normal equations A^T A theta = A^T y;
theta = (A^T A)^{-1} A^T y when A^T A is invertible (np.linalg.lstsq solves them stably, by an SVD).
    one epoch = one pass over the shuffled data = ceil(N / batch_size) iterations (the last batch may be smaller)

The data are in dlkit.data.synthetic (line_data, regression_data), the figures and the explorer in
dlkit.viz.descent, and the counting generator of the chapter's tests in dlkit.checks.counting.
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.nn.optim import SGD

__all__ = ["cost", "gradient", "gradient_descent", "iterations_per_epoch", "linreg_cost", "linreg_gradients",
           "minibatch_sgd", "least_squares"]


# --- one weight -----------------------------------------------------------------------------------

def cost(w, x, y) -> float:
    """J(w) = 1/(2N) sum_i (y_i - w x_i)^2 for the model y_hat = w x.

    Args:
        w: the weight (a number); x, y: (N,) inputs and targets, N >= 1.

    Returns:
        float, the cost.

    Example:
        >>> x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
        >>> cost(0.0, x, 2 * x)            # (1/10) * sum((2x)^2) = 40/10
        4.0
    """
    w = validate.number(w, "w", where="cost")
    x = validate.array(x, "x", ndim=1, where="cost")
    y = validate.array(y, "y", shape=x.shape, where="cost")
    validate.integer(x.size, "len(x)", low=1, where="cost")
    errors = y - w * x  # (N,)
    return float(np.sum(errors ** 2) / (2 * x.size))


def gradient(w, x, y) -> float:
    """dJ/dw = -(1/N) sum_i x_i (y_i - w x_i), the slope of `cost` at w.

    Args:
        w: the weight; x, y: (N,) inputs and targets, N >= 1.

    Returns:
        float, dJ/dw.

    Example:
        >>> x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
        >>> gradient(0.0, x, 2 * x)        # -(1/5) * sum(x * 2x) = -20/5
        -4.0
    """
    w = validate.number(w, "w", where="gradient")
    x = validate.array(x, "x", ndim=1, where="gradient")
    y = validate.array(y, "y", shape=x.shape, where="gradient")
    validate.integer(x.size, "len(x)", low=1, where="gradient")
    return float(-np.mean(x * (y - w * x)))  # (N,) -> a number


def gradient_descent(w0, x, y, learning_rate, steps) -> tuple[np.ndarray, np.ndarray]:
    """Run `steps` updates w <- w - learning_rate * dJ/dw from w0 and return the history.

    Args:
        w0: the start weight; x, y: (N,) the data; learning_rate: eta > 0; steps: T, an int >= 0.

    Returns:
        ws (T + 1,): w0, w1, ..., w_T;  Js (T + 1,): Js[t] = cost(ws[t]).
        A diverging run keeps going: its numbers grow (inf once they overflow); nothing is clipped.

    Example:
        >>> x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
        >>> ws, Js = gradient_descent(0.0, x, 2 * x, learning_rate=0.3, steps=2)
        >>> ws.round(4), Js.round(4)
        (array([0.  , 1.2 , 1.68]), array([4.    , 0.64  , 0.1024]))
    """
    where = "gradient_descent"
    w = validate.number(w0, "w0", where=where)
    x = validate.array(x, "x", ndim=1, where=where)
    y = validate.array(y, "y", shape=x.shape, where=where)
    validate.integer(x.size, "len(x)", low=1, where=where)
    eta = validate.number(learning_rate, "learning_rate", low=0.0, low_open=True, where=where)
    steps = validate.integer(steps, "steps", low=0, where=where)
    ws = np.empty(steps + 1)  # (T + 1,)
    ws[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            w = w - eta * float(-np.mean(x * (y - w * x)))
            ws[t + 1] = w
        Js = np.sum((y[None, :] - ws[:, None] * x[None, :]) ** 2, axis=1) / (2 * x.size)  # (T+1, N) -> (T+1,)
    return ws, Js


# --- epochs, iterations, batches ------------------------------------------------------------------

def iterations_per_epoch(n, batch_size) -> int:
    """Number of mini-batches (updates) in one pass over n examples: ceil(n / batch_size).

    Args:
        n: number of examples N, an int >= 0; batch_size: an int >= 1.

    Example:
        >>> iterations_per_epoch(10, 4)    # batches of 4, 4 and 2
        3
    """
    n = validate.integer(n, "n", low=0, where="iterations_per_epoch")
    batch_size = validate.integer(batch_size, "batch_size", low=1, where="iterations_per_epoch")
    return -(-n // batch_size)


def linreg_cost(X, y, w, b) -> float:
    """J(w, b) = 1/(2N) sum_i (y_i - (X_i . w + b))^2.

    Args:
        X: (N, D) inputs, N >= 1; y: (N,) targets; w: (D,) weights; b: the bias.

    Example:
        >>> linreg_cost(np.array([[1.0], [2.0]]), np.array([3.0, 5.0]), np.array([1.0]), 0.0)   # (4 + 9) / 4
        3.25
    """
    where = "linreg_cost"
    X = validate.array(X, "X", ndim=2, where=where)
    y = validate.array(y, "y", shape=(X.shape[0],), where=where)
    validate.integer(X.shape[0], "len(X)", low=1, where=where)
    w = validate.array(w, "w", shape=(X.shape[1],), where=where)
    b = validate.number(b, "b", where=where)
    r = y - (X @ w + b)  # (N, D) @ (D,) -> (N,)
    return float(np.mean(r ** 2) / 2)


def linreg_gradients(X, y, w, b) -> tuple[np.ndarray, float]:
    """Gradients of linreg_cost over the given rows: dJ/dw = -(1/m) X^T r (D,), dJ/db = -(1/m) sum r.

    Args:
        X: (m, D) the rows of a batch; y: (m,); w: (D,); b: the bias.

    Returns:
        (dw (D,) float array, db float).

    Example:
        >>> dw, db = linreg_gradients(np.array([[1.0], [2.0]]), np.array([3.0, 5.0]), np.array([1.0]), 0.0)
        >>> dw, db                         # r = (2, 3): -(1*2 + 2*3)/2, -(2 + 3)/2
        (array([-4.]), -2.5)
    """
    where = "linreg_gradients"
    X = validate.array(X, "X", ndim=2, where=where)
    y = validate.array(y, "y", shape=(X.shape[0],), where=where)
    validate.integer(X.shape[0], "len(X)", low=1, where=where)
    w = validate.array(w, "w", shape=(X.shape[1],), where=where)
    b = validate.number(b, "b", where=where)
    r = y - (X @ w + b)  # (m,)
    return -(X.T @ r) / len(y), float(-np.mean(r))  # (D, m) @ (m,) -> (D,)


def minibatch_sgd(X, y, learning_rate, epochs, batch_size, rng, *, history=False):
    """Mini-batch gradient descent for linear regression y ≈ X w + b, from w = 0, b = 0.

    Every epoch: order = rng.permutation(N) (one draw per epoch, nothing else is drawn), then the
    batches order[0:m], order[m:2m], ... (the last one may be smaller); for each batch B
        r = y_B - (X_B w + b);  g_w = -(1/|B|) X_B^T r;  g_b = -(1/|B|) sum r   (the batch's gradient estimates)
    and one step of dlkit.nn.optim.SGD(learning_rate) on {"w": w, "b": b}: w <- w - eta g_w, b the same.
    batch_size >= N gives batch gradient descent, batch_size = 1 stochastic gradient descent.

    Args:
        X: (N, D) inputs; y: (N,) targets; learning_rate: eta > 0; epochs: int >= 0;
        batch_size: int >= 1; rng: a np.random.Generator (shuffles the data each epoch; an int seed
        is accepted too).
        history: if True also return the cost on all the data before the first and after every update.

    Returns:
        (w, b): w (D,) float array, b a float; with history=True (w, b, costs) where costs has
        1 + epochs * ceil(N / batch_size) entries.

    Example:
        >>> w, b = minibatch_sgd(np.ones((4, 1)), np.full(4, 3.0), 0.25, 1, 4, np.random.default_rng(0))
        >>> w, b                           # one batch step: r = 3, w = 0.25 * 3, b = 0.25 * 3
        (array([0.75]), 0.75)
    """
    where = "minibatch_sgd"
    X = validate.array(X, "X", ndim=2, where=where)
    y = validate.array(y, "y", shape=(X.shape[0],), where=where)
    validate.integer(X.shape[0], "len(X)", low=1, where=where)
    eta = validate.number(learning_rate, "learning_rate", low=0.0, low_open=True, where=where)
    epochs = validate.integer(epochs, "epochs", low=0, where=where)
    batch_size = validate.integer(batch_size, "batch_size", low=1, where=where)
    rng = validate.rng(rng, where=where)
    n, D = X.shape
    params = {"w": np.zeros(D), "b": np.zeros(())}  # b a 0-d array: updated in place like w
    opt = SGD(eta)
    costs = [linreg_cost(X, y, params["w"], params["b"])] if history else None
    for _ in range(epochs):
        order = rng.permutation(n)  # (N,) a fresh shuffle every epoch
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]  # (m,), m <= batch_size
            r = y[idx] - (X[idx] @ params["w"] + params["b"])  # (m, D) @ (D,) -> (m,) residuals
            opt.step(params, {"w": -(X[idx].T @ r) / len(idx),  # (D, m) @ (m,) -> (D,)
                              "b": -np.mean(r)})
            if history:
                costs.append(linreg_cost(X, y, params["w"], params["b"]))
    w, b = params["w"], float(params["b"])
    if history:
        return w, b, np.array(costs)
    return w, b


def least_squares(X, y) -> tuple[np.ndarray, float]:
    """The closed-form answer: (w, b) minimising sum (y - X w - b)^2, via np.linalg.lstsq on [X, 1].

    It solves the normal equations A^T A theta = A^T y with A = [X, 1] and theta = (w, b), the point where
    the gradient of the cost is zero (through an SVD, which also copes with a singular A^T A).

    Args:
        X: (N, D) inputs; y: (N,) targets.

    Returns:
        (w (D,) float array, b float).

    Example:
        >>> w, b = least_squares(np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0]))
        >>> w.round(6), round(b, 6)        # y = 2x + 1
        (array([2.]), 1.0)
    """
    X = validate.array(X, "X", ndim=2, where="least_squares")
    y = validate.array(y, "y", shape=(X.shape[0],), where="least_squares")
    validate.integer(X.shape[0], "len(X)", low=1, where="least_squares")
    A = np.hstack([X, np.ones((len(y), 1))])  # (N, D + 1)
    theta = np.linalg.lstsq(A, y, rcond=None)[0]  # (D + 1,)
    return theta[:-1], float(theta[-1])
