"""Exercises of chapter 01 (the perceptron): one neuron, its learning rule, and a hidden layer for XOR.

    weighted_sum(x, w, b)          z = w . x + b: one example x (D,) -> a number; a batch X (N, D) -> a
                                   numpy array of shape (N,), even for N = 1
    step(z)                        1 where z >= 0, else 0: an int array of z's shape
    predict(X, w, b)               step(X @ w + b): int labels 0/1, shape (N,)
    train_perceptron(X, y, learning_rate=1.0, max_epochs=100)
                                   Rosenblatt's rule from w = 0, b = 0, examples in order -> the tuple
                                   (w, b, converged, errors): w a numpy array (D,), b a number, converged a
                                   bool, errors the mistakes of each epoch (a list of ints); called with
                                   learning_rate= and max_epochs= by name. One case compares w and b with
                                   scikit-learn's Perceptron under the matched convention
                                   (dlkit.nn.perceptron.sklearn_perceptron)
    two_layer_predict(X, W1, b1, w2, b2)
                                   step(step(X W1 + b1) w2 + b2): W1 (D, H), column k = hidden neuron k;
                                   int labels, shape (N,)

Each exercise is defined once here: the visible cases the notebook checks, the function that turns the
grader's hidden parameters into more cases, the reference, the judge and three levels of hints.
"""

from __future__ import annotations

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake
from dlkit.data.synthetic import class_first, linearly_separable, logic_gate
from dlkit.nn import perceptron as ref

__all__ = ["weighted_sum", "step", "predict", "train_perceptron", "two_layer_predict"]


def _step(z):
    return (np.asarray(z) >= 0).astype(int)


# --- weighted_sum ----------------------------------------------------------------------------------

_x, _w = np.array([2.0, 3.0]), np.array([0.5, -1.0])
_X3 = np.array([[2.0, 3.0], [1.0, 0.0], [0.0, 1.0]])          # N = 3, D = 2

_BATCH_HINT = ("a batch gives a numpy array of shape (N,), one z per row of X, even when N = 1. A single number "
               "means the sum ran over the whole batch: np.sum(w * X) needs axis=1; shape (N, 1) means w was "
               "turned into a column; a Python list from a loop: wrap it in np.array(...)")


def _judge_weighted_sum(t, got, want):
    if np.ndim(t.inputs["x"]) == 1:
        t.number(got, hint="one example gives one number: multiply each input by its own weight and add the "
                           "products (x @ w or np.dot(x, w)), then add b")
    else:
        t.array(got, shape=(len(t.inputs["x"]),), dtype="float", hint=_BATCH_HINT)
    t.close(got, want, mistakes=[
        Mistake(lambda x, w, b: np.asarray(x) @ w, "the bias is missing: z = w . x + b adds b once"),
        Mistake(lambda x, w, b: np.asarray(x) @ w - b, "the bias is subtracted: z = w . x + b adds it"),
    ])


def _hidden_weighted_sum(seed: int, d: int, n: int | None = None) -> Case:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=d if n is None else (n, d))
    w, b = rng.normal(size=d), float(rng.normal())
    label = f"one random example of {d} features" if n is None else f"a random batch of shape ({n}, {d})"
    return Case(label, x=x, w=w, b=b, hint="z = w . x + b; for a batch, one z per row of X")


weighted_sum = Exercise(
    "weighted_sum",
    cases=[
        Case("weighted_sum(x=[2, 3], w=[0.5, -1], b=0)", x=_x, w=_w, b=0.0,
             hint="with b = 0, z is the dot product 0.5*2 + (-1)*3 = -2: multiply each input by its own weight and "
                  "add the products (x @ w or np.dot(x, w))"),
        Case("weighted_sum(x=[2, 3], w=[0.5, -1], b=0.5)", x=_x, w=_w, b=0.5,
             hint="the products are right (the check with b = 0 passed), so look at the bias: z = w . x + b adds b "
                  "once, with a plus sign"),
        Case("weighted_sum(X, w, b=0.5) for a batch X = [[2, 3], [1, 0], [0, 1]]", x=_X3, w=_w, b=0.5,
             hint="row i of the result is w . X[i] + b: -1.5, 1.0, -0.5"),
        Case("weighted_sum(X, w, b=0.5) for a batch of one row, X = [[2, 3]]", x=_X3[:1], w=_w, b=0.5,
             hint="a batch of one row is still a batch: return a numpy array of shape (1,), here [-1.5]"),
    ],
    hidden=_hidden_weighted_sum,
    reference=lambda x, w, b: ref.weighted_sum(x, w, b),
    judge=_judge_weighted_sum,
    crash_hint="for a batch, X @ w works ((N, D) @ (D,) -> (N,)); w @ X and X.T @ w do not, and a loop over "
               "range(len(x)) indexes the rows, not the features",
    hints=(
        "Multiply each input by its own weight, add the products, then add the bias once.",
        "numpy's matrix product x @ w does the multiply-and-add: for one example (D,) @ (D,) gives a number, for a "
        "batch (N, D) @ (D,) gives one number per row, shape (N,). The same line serves both.",
        "z = x @ w + b   (np.dot(x, w) + b works too; convert lists with np.asarray first)",
    ),
    references=("dlkit.nn.perceptron.weighted_sum",),
)


# --- step ------------------------------------------------------------------------------------------

def _judge_step(t, got, want):
    t.array(got, shape=np.shape(t.inputs["z"]), dtype="int",
            hint="step returns an int array of the shape of z: a comparison gives booleans and np.heaviside gives "
                 "floats; convert with .astype(int)")
    t.equal(got, want, mistakes=[
        Mistake(lambda z: (np.asarray(z) > 0).astype(int), "step(0) must be 1: the rule is z >= 0, not z > 0"),
        Mistake(lambda z: np.sign(z).astype(int),
                "this is the sign function (-1 for z < 0): step gives 0 for z < 0 and 1 for z >= 0"),
    ])


def _hidden_step(seed: int | None = None, shape=None, values=None) -> Case:
    if values is not None:
        return Case(f"values near 0 (within 1e-12), shape ({len(values)},)", z=np.array(values, dtype=float),
                    hint="1 where z >= 0, 0 where z < 0, however close to 0")
    z = np.round(np.random.default_rng(seed).normal(size=tuple(shape)), 1)   # rounding puts exact zeros in
    z.flat[0] = 0.0
    return Case(f"a random array of shape {tuple(shape)} with some exact zeros", z=z,
                hint="1 where z >= 0 (step(0) = 1), 0 where z < 0")


step = Exercise(
    "step",
    cases=[
        Case("step(z) for z = [-2, -0.5, 0.5, 3]", z=np.array([-2.0, -0.5, 0.5, 3.0]),
             hint="1 where z >= 0 and 0 where z < 0 (0, not -1: this is not the sign function)"),
        Case("step(z) for z = [0.0]", z=np.array([0.0]), hint="step(0) must be 1: the rule is z >= 0, not z > 0"),
        Case("step(z) for z of shape (2, 3) = [[-1, 0, 2], [0.5, -0.5, 0]]",
             z=np.array([[-1.0, 0.0, 2.0], [0.5, -0.5, 0.0]]),
             hint="step works elementwise: the output has the shape of z, here [[0, 1, 1], [1, 0, 1]]"),
    ],
    hidden=_hidden_step,
    reference=lambda z: ref.step(z),
    judge=_judge_step,
    crash_hint="`if z >= 0` needs a single number; for arrays compare elementwise: np.where(z >= 0, 1, 0) or "
               "(z >= 0).astype(int)",
    hints=(
        "Compare every entry of z with 0 at once; no Python if, no loop.",
        "z >= 0 gives an array of booleans of the shape of z; turn it into the integers 0 and 1.",
        "np.where(z >= 0, 1, 0)   or   (z >= 0).astype(int)",
    ),
    references=("dlkit.nn.perceptron.step",),
)


# --- predict ---------------------------------------------------------------------------------------

_X_gate, _ = logic_gate("and")
_ones = np.array([1.0, 1.0])


def _judge_predict(t, got, want):
    t.array(got, shape=(len(t.inputs["X"]),), dtype="int",
            hint="predict returns int labels 0 and 1, one per row of X, shape (N,): apply step to the weighted sum "
                 "X @ w + b (step gives ints); an array of 0.0/1.0 floats needs .astype(int)")
    t.equal(got, want, mistakes=[
        Mistake(lambda X, w, b: _step(X @ w), "the bias is missing: the labels are step(X @ w + b)"),
        Mistake(lambda X, w, b: (X @ w + b > 0).astype(int),
                "points with z = 0 exactly are class 1 (step(0) = 1): use z >= 0, e.g. through your step"),
    ])


def _hidden_predict(seed: int, n: int, d: int) -> Case:
    rng = np.random.default_rng(seed)
    X, w, b = rng.normal(size=(n, d)), rng.normal(size=d), float(rng.normal())
    return Case(f"a random batch of shape ({n}, {d})", X=X, w=w, b=b, hint="the labels are step(X @ w + b)")


predict = Exercise(
    "predict",
    cases=[
        Case("predict(AND inputs, w=(1, 1), b=-1.5)", X=_X_gate, w=_ones, b=-1.5,
             hint="z = -1.5, -0.5, -0.5, 0.5, so the labels are 0, 0, 0, 1. Apply step to z (do not return z "
                  "itself) and include the bias"),
        Case("predict(AND inputs, w=(1, 1), b=-1)", X=_X_gate, w=_ones, b=-1.0,
             hint="here z = -1, 0, 0, 1: points exactly on the line (z = 0) are class 1, so 0, 1, 1, 1"),
        Case("predict(X of shape (5, 3), w=(1, 1, 1), b=0)", X=np.ones((5, 3)), w=np.ones(3), b=0.0,
             hint="one label per row of X: five 1s here"),
    ],
    hidden=_hidden_predict,
    reference=lambda X, w, b: ref.predict(X, w, b),
    judge=_judge_predict,
    crash_hint="X has one example per row: X @ w + b gives one z per row, shape (N,); then apply step",
    hints=(
        "A prediction is the step of the weighted sum: reuse your two functions.",
        "weighted_sum(X, w, b) gives the N weighted sums at once, shape (N,); step turns each into 0 or 1.",
        "y_hat = step(weighted_sum(X, w, b)): the step of your weighted sum",
    ),
    references=("dlkit.nn.perceptron.predict",),
)


# --- train_perceptron ------------------------------------------------------------------------------

def _train_reference(X, y, learning_rate, max_epochs, oracle="dlkit"):
    if oracle == "sklearn":
        w, b, _ = ref.sklearn_perceptron(X, y, learning_rate=learning_rate, max_epochs=max_epochs)
        return {"oracle": "sklearn", "w": w, "b": b}
    r = ref.train_perceptron(X, y, learning_rate=learning_rate, max_epochs=max_epochs)
    return {"oracle": "dlkit", "w": r.w, "b": r.b, "converged": r.converged, "errors": r.errors}


def _ignores_learning_rate(part):
    def produce(X, y, learning_rate, max_epochs):
        r = ref.train_perceptron(X, y, learning_rate=1.0, max_epochs=max_epochs)
        return r.w if part == "w" else r.b
    return Mistake(produce, "the learning rate is not used: every update is learning_rate * (y - y_hat) times x "
                            "(for w) or times 1 (for b)")


def _running_total(X, y, learning_rate, max_epochs):
    return np.cumsum(ref.train_perceptron(X, y, learning_rate=learning_rate, max_epochs=max_epochs).errors)


_CONVERGED_HINT = ("converged is True only when the last epoch had no mistakes; when the loop ends at max_epochs "
                   "with mistakes left (XOR is not linearly separable: no epoch is free of mistakes), converged "
                   "stays False")
_SKLEARN_HINT = ("scikit-learn's Perceptron(eta0=learning_rate, penalty=None, shuffle=False, tol=None) makes "
                 "Rosenblatt's updates on these points, in order, from w = 0, b = 0 (their first example is of "
                 "class 0, where both count z = 0 as a mistake): your w and b should equal its coef_ and "
                 "intercept_. Update on every mistake, with the weights as they are at that moment")


def _judge_train(t, got, want):
    t.sequence(got, length=4, hint="return the tuple (w, b, converged, errors), in this order")
    w, b, converged, errors = got
    t.array(w, shape=(t.inputs["X"].shape[1],), dtype="number", name="w (the first item)",
            hint="w is a numpy array of shape (D,), one weight per feature: start from np.zeros(D)")
    t.number(b, name="b (the second item)",
             hint="b is one number: start from b = 0.0 and add learning_rate * (y - y_hat) on every mistake")
    t.boolean(converged, name="converged (the third item)",
              hint="converged is True or False, a bool (for example the comparison mistakes == 0), not 1 or 0")
    t.sequence(errors, kinds=(list, tuple, np.ndarray), name="errors (the fourth item)",
               hint="errors is a list with one int per epoch: the number of mistakes made in that epoch")
    for e in errors:
        t.number(e, name="each entry of errors", hint="errors holds one number per epoch: that epoch's mistakes")
    if want["oracle"] == "sklearn":
        t.close(w, want["w"], name="w compared with scikit-learn's coef_", rtol=1e-9, atol=1e-9, hint=_SKLEARN_HINT)
        t.close(b, want["b"], name="b compared with scikit-learn's intercept_", rtol=1e-9, atol=1e-9,
                hint=_SKLEARN_HINT)
        return
    t.equal(np.asarray(errors), want["errors"], name="errors (the mistakes of each epoch)",
            mistakes=[Mistake(_running_total, "errors is a running total: record each epoch's own mistakes, "
                                              "counted from 0 at the start of every epoch")])
    t.close(w, want["w"], name="w", mistakes=[_ignores_learning_rate("w")],
            hint="start from w = 0 and update after each example: w <- w + learning_rate*(y - y_hat)*x")
    t.close(b, want["b"], name="b", mistakes=[_ignores_learning_rate("b")],
            hint="start from b = 0 and update it on every mistake: b <- b + learning_rate*(y - y_hat)")
    if bool(converged) != want["converged"]:
        t.fail("converged is not correct", repr(want["converged"]), repr(bool(converged)), hint=_CONVERGED_HINT)


def _train_case(label, X, y, learning_rate=1.0, max_epochs=100, oracle="dlkit", hint=None):
    return Case(label, X=X, y=y, learning_rate=float(learning_rate), max_epochs=int(max_epochs),
                truth={"oracle": oracle}, hint=hint)


def _hidden_train(seed: int | None = None, n: int = 50, margin: float = 0.1, learning_rate: float = 1.0,
                  max_epochs: int = 200, gate: str | None = None, oracle: str = "dlkit") -> Case:
    if gate is not None:
        X, y = logic_gate(gate)
        label = f"the {gate.upper()} gate, max_epochs={max_epochs}"
    else:
        X, y, _ = linearly_separable(n=n, margin=margin, rng=seed)
        label = f"{n} random separable points, learning_rate={learning_rate}, max_epochs={max_epochs}"
        if oracle == "sklearn":
            X, y = class_first(X, y)
            label += ", compared with scikit-learn's Perceptron"
    return _train_case(label, X, y, learning_rate, max_epochs, oracle,
                       hint="Rosenblatt's rule, one example at a time, in order; stop after an epoch without mistakes")


_X_and, _y_and = logic_gate("and")
_X_or, _y_or = logic_gate("or")
_X_xor, _y_xor = logic_gate("xor")
_X_sk, _y_sk = class_first(*linearly_separable(n=100, margin=0.1, rng=5)[:2])

train_perceptron = Exercise(
    "train_perceptron",
    cases=[
        _train_case("train_perceptron(AND inputs, AND labels, learning_rate=1.0, max_epochs=1)", _X_and, _y_and,
                    max_epochs=1,
                    hint="the first epoch makes 2 mistakes, on (0, 0) and (1, 1) (see the table above), and ends with "
                         "w = (1, 1), b = 0. 1 mistake: step(0) must be 1 (z >= 0). 3 mistakes: check the sign of "
                         "the update, w <- w + learning_rate*(y - y_hat)*x, not (y_hat - y); or you predicted every "
                         "example before updating any. 4 mistakes: the bias b is never updated. More entries than "
                         "1: one entry per epoch, and max_epochs=1 means one epoch"),
        _train_case("train_perceptron(AND inputs, AND labels) with max_epochs=100", _X_and, _y_and,
                    hint="one entry per epoch with that epoch's mistakes (not a running total), and stop after the "
                         "first epoch with 0 mistakes: on AND the errors are 2, 3, 3, 2, 1, 0"),
        _train_case("train_perceptron(OR inputs, OR labels)", _X_or, _y_or,
                    hint="OR is linearly separable, like AND: the rule converges, after 3 epochs here"),
        _train_case("train_perceptron(XOR inputs, XOR labels, max_epochs=20)", _X_xor, _y_xor, max_epochs=20,
                    hint="XOR is not linearly separable: no epoch is free of mistakes, so converged stays False, and "
                         "without convergence the loop runs exactly max_epochs epochs, one entry of errors each"),
        _train_case("train_perceptron(AND inputs, AND labels, learning_rate=0.5)", _X_and, _y_and, learning_rate=0.5,
                    hint="every update is multiplied by learning_rate: from w = 0, b = 0, learning_rate = 0.5 gives "
                         "half the weights and bias of learning_rate = 1, w = (1, 0.5), b = -1.5, with the same "
                         "mistakes"),
        _train_case("train_perceptron(X, y) on 100 separable points (linearly_separable(n=100, margin=0.1, rng=5) "
                    "with class_first), compared with scikit-learn's Perceptron",
                    _X_sk, _y_sk, oracle="sklearn", hint=_SKLEARN_HINT),
    ],
    hidden=_hidden_train,
    call=lambda f, X, y, learning_rate, max_epochs: f(X, y, learning_rate=learning_rate, max_epochs=max_epochs),
    reference=_train_reference,
    judge=_judge_train,
    crash_hint="keep the signature train_perceptron(X, y, learning_rate=1.0, max_epochs=100): the checks call it with "
               "learning_rate= and max_epochs= by name. One example is X[i], shape (D,), its label y[i]; "
               "w = np.zeros(X.shape[1])",
    hints=(
        "Two loops: epochs outside, the examples in order inside. Predict one example with the current w and b, "
        "change them only when the prediction is wrong, count the mistakes of the epoch.",
        "For example i: y_hat = 1 if X[i] @ w + b >= 0 else 0, error = y[i] - y_hat (-1, 0 or +1). After the "
        "inner loop append the epoch's mistakes to errors; return at once when they are 0 (converged), and after "
        "max_epochs epochs return with converged False.",
        "w <- w + learning_rate * (y_i - y_hat) * x_i,   b <- b + learning_rate * (y_i - y_hat);   return "
        "(w, b, converged, errors)",
    ),
    references=("dlkit.nn.perceptron.train_perceptron", "dlkit.nn.perceptron.sklearn_perceptron"),
)


# --- two_layer_predict -----------------------------------------------------------------------------

def _two_layer(X, W1, b1, w2, b2):
    A = np.column_stack([ref.predict(X, W1[:, k], b1[k]) for k in range(W1.shape[1])])   # (N, H)
    return ref.predict(A, w2, b2)                                                          # (N,)


def _judge_two_layer(t, got, want):
    t.array(got, shape=(len(t.inputs["X"]),), dtype="int",
            hint="one label per row of X, as ints: the last operation is the output neuron's step")
    t.equal(got, want, mistakes=[
        Mistake(lambda X, W1, b1, w2, b2: _step((X @ W1 + b1) @ w2 + b2),
                "both layers need the step: without it on the hidden layer the network is one linear function "
                "and cannot compute XOR"),
        Mistake(lambda X, W1, b1, w2, b2: _step(_step(X @ W1) @ w2 + b2),
                "the hidden biases are missing: add b1 before the hidden step"),
        Mistake(lambda X, W1, b1, w2, b2: _step(np.column_stack([_step(X @ W1[k] + b1[k]) for k in range(len(b1))])
                                                @ w2 + b2),
                "row k of W1 is not hidden neuron k, column k is (W1[:, k]): use X @ W1, not X @ W1.T"),
    ])


def _hidden_two_layer(seed: int, n: int, d: int, h: int) -> Case:
    rng = np.random.default_rng(seed)
    X, W1, b1 = rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=h)
    w2, b2 = rng.normal(size=h), float(rng.normal())
    return Case(f"random weights, N={n}, D={d}, H={h}", X=X, W1=W1, b1=b1, w2=w2, b2=b2,
                hint="A = step(X @ W1 + b1), shape (N, H); then step(A @ w2 + b2)")


two_layer_predict = Exercise(
    "two_layer_predict",
    cases=[
        Case("two_layer_predict(XOR inputs, W1=[[1, -1], [1, -1]], b1=[-0.5, 1.5], w2=[1, 1], b2=-1.5)",
             X=_X_xor, W1=np.array([[1.0, -1.0], [1.0, -1.0]]), b1=np.array([-0.5, 1.5]), w2=_ones, b2=-1.5,
             hint="expected XOR's labels 0, 1, 1, 0. Both layers need the step: without it on the hidden layer the "
                  "network is one linear function and cannot compute XOR. Use X @ W1 (column k = hidden neuron k), "
                  "not X @ W1.T, and add b1 before the step"),
        Case("two_layer_predict with D = 3 inputs and H = 4 hidden neurons, X = [[0, 0, 1], [2, -1, 0.5]]",
             X=np.array([[0.0, 0.0, 1.0], [2.0, -1.0, 0.5]]),
             W1=np.array([[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0], [0.0, -2.0, 1.0, 1.0]]),
             b1=np.zeros(4), w2=np.array([1.0, -1.0, 1.0, -1.0]), b2=-0.5,
             hint="A = step(X @ W1 + b1) is (2, 4) here: A = [[1, 0, 1, 1], [1, 0, 0, 1]]; then step(A @ w2 + b2) "
                  "= [1, 0]"),
    ],
    hidden=_hidden_two_layer,
    reference=_two_layer,
    judge=_judge_two_layer,
    crash_hint="use X @ W1, not X @ W1.T: W1 has shape (D, H), column k for hidden neuron k, so (N, D) @ (D, H) "
               "-> (N, H); then A @ w2 + b2 has shape (N,), with w2 of H entries",
    hints=(
        "Two perceptron layers in a row: the hidden layer's outputs are the inputs of the output neuron.",
        "X @ W1 + b1 gives the weighted sums of all H hidden neurons at once, shape (N, H); step them. The "
        "output neuron then takes those (N, H) values, its weights w2 (H,) and its bias b2.",
        "A = step(X @ W1 + b1);   y_hat = step(A @ w2 + b2)",
    ),
    references=("dlkit.nn.perceptron.predict",),
)
