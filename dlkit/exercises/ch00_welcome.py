"""Exercises of chapter 00 (welcome): two numpy warm-ups.

    weighted_sums(X, w, b)   z = X w + b for a batch: X (N, D), w (D,), b a number -> z (N,) float array
    standardize(X)           (X - mean) / std per column (ddof=0); constant columns -> 0; X unchanged

Each exercise is defined once here: the visible cases the notebook checks, the function that turns the
grader's hidden parameters into more cases, the reference, the judge and three levels of hints.
"""

from __future__ import annotations

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake, array_judge

__all__ = ["weighted_sums", "standardize"]


# --- weighted_sums ----------------------------------------------------------------------------------

def _batch(seed: int, n: int, d: int) -> dict:
    rng = np.random.default_rng(seed)
    return {"X": rng.normal(size=(n, d)), "w": rng.normal(size=d), "b": float(rng.normal())}


_X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])          # N = 3, D = 2
_w = np.array([0.5, -1.0])

weighted_sums = Exercise(
    "weighted_sums",
    cases=[
        Case("weighted_sums(X, w, b=0) for X = [[1, 2], [3, 4], [5, 6]], w = [0.5, -1]", X=_X, w=_w, b=0.0,
             hint="with b = 0, row n gives X[n, 0]*w[0] + X[n, 1]*w[1], e.g. 1*0.5 + 2*(-1) = -1.5"),
        Case("weighted_sums(X, w, b=2) for X = [[1, 2], [3, 4], [5, 6]], w = [0.5, -1]", X=_X, w=_w, b=2.0,
             hint="the products are right (the b = 0 check passed), so look at the bias: add b once to every z"),
    ],
    hidden=lambda seed, n, d: Case(f"a random batch of shape ({n}, {d})", **_batch(seed, n, d),
                                   hint="z[n] = sum over d of X[n, d] * w[d], plus b"),
    reference=lambda X, w, b: np.einsum("nd,d->n", X, w) + b,
    judge=array_judge(
        dtype="float", shape=lambda t: (len(t.inputs["X"]),),
        shape_hint="return a numpy array of shape (N,), one z per row of X. Shape (N, 1) means w became a column "
                   "vector (keep it 1-D); a single number means the sum ran over everything: sum over the "
                   "features only, np.sum(X * w, axis=1), or use X @ w. A Python list from a loop: wrap it in "
                   "np.array(...)",
        mistakes=[
            Mistake(lambda X, w, b: X @ w, "the bias is missing: add b once to every z"),
            Mistake(lambda X, w, b: X @ w - b, "the bias is subtracted: z = X w + b adds it"),
            Mistake(lambda X, w, b: X @ w + X.shape[1] * b,
                    "b was added to every product before summing, so it counts D times: add it once, after the sum"),
        ]),
    crash_hint="X has one example per row, so X @ w works ((N, D) @ (D,) -> (N,)); X.T @ w and w @ X do not",
    hints=(
        "Each row of X is one example; its weighted sum is that row times w, summed, plus b.",
        "numpy's matrix product does every row at once: (N, D) @ (D,) gives (N,). Then add the bias.",
        "z = X @ w + b   (or np.dot(X, w) + b; a loop works too: np.array([row @ w + b for row in X]))",
    ),
    references=("dlkit.nn.perceptron.weighted_sum",),
)


# --- standardize --------------------------------------------------------------------------------------

def _keep_input(f, X):
    """Call standardize and return its result together with X as it is afterwards (changed in place?)."""
    return {"out": f(X), "X": X}


def _standardized(X):
    X = np.asarray(X, dtype=float)
    std = X.std(axis=0)
    return (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)


def _judge_standardize(t, got, want):
    X = t.inputs["X"]
    S = got["out"]
    t.array(S, shape=X.shape, dtype="float", hint="return a new float array shaped like X")
    varying = X.std(axis=0) > 0
    if varying.any():
        t.close(S[:, varying].mean(axis=0), np.zeros(varying.sum()), atol=1e-9, name="the column means of the result",
                hint="each column must end with mean 0: subtract X.mean(axis=0), one mean per column (axis=1 would "
                     "give one mean per row, and X.mean() one for the whole table)")
        t.close(S[:, varying].std(axis=0), np.ones(varying.sum()), name="the column standard deviations of the result",
                hint="divide by X.std(axis=0), the standard deviation with ddof=0 (divide by N). With ddof=1 "
                     "(divide by N - 1) the result has std sqrt((N-1)/N), 0.816 for N = 3")
    t.close(S, want["out"], hint=t.hint)
    t.close(got["X"], want["X"], name="X after calling standardize(X)",
            hint="standardize changed its input in place (X -= ... or X /= ...); compute a new array instead: "
                 "(X - mean) / std")


def _hidden_standardize(seed: int, n: int, d: int, constant: bool = False) -> Case:
    rng = np.random.default_rng(seed)
    X = rng.normal(loc=rng.normal(size=d) * 10, scale=rng.uniform(0.1, 5, size=d), size=(n, d))
    if constant:
        X[:, -1] = -3.0
    label = f"random data of shape ({n}, {d})" + (", its last column constant" if constant else "")
    return Case(label, X=X, hint="per column: subtract its mean, divide by its std (ddof=0); constant columns give 0")


standardize = Exercise(
    "standardize",
    cases=[
        Case("standardize(X) for X = [[1, 10], [2, 20], [3, 60]]", X=np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 60.0]]),
             hint="column 0 has mean 2 and std sqrt(2/3) = 0.8165, so its first value is (1 - 2) / 0.8165 = -1.2247"),
        Case("standardize(X) for X with a constant column [5, 5, 5]",
             X=np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]]),
             hint="a constant column has std 0, and dividing by 0 gives nan. Divide by 1 where the std is 0, e.g. "
                  "np.where(std > 0, std, 1.0), so the column becomes 0"),
    ],
    hidden=_hidden_standardize,
    call=_keep_input,
    reference=lambda X: {"out": _standardized(X), "X": X},
    judge=_judge_standardize,
    crash_hint="X.mean(axis=0) gives one mean per column, shape (D,), which broadcasts against X of shape (N, D); "
               "axis=1 gives one per row, shape (N,), which does not",
    hints=(
        "Work column by column: every column gets its own mean and its own standard deviation.",
        "X.mean(axis=0) and X.std(axis=0) give one number per column, shape (D,); numpy broadcasts them over "
        "the rows. Guard the division for columns whose std is 0.",
        "std = X.std(axis=0);  return (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)",
    ),
    references=("dlkit.data.tabular.normalize",),
)
