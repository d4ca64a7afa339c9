"""Tests of dlkit.perceptron: hand-computed cases, logic gates, scikit-learn as the oracle, error paths."""

import warnings

import numpy as np
import pytest

from dlkit.perceptron import (
    PerceptronResult,
    boundary_points,
    predict,
    step,
    train_perceptron,
    weighted_sum,
)

GATE_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
GATES = {
    "and": np.array([0, 0, 0, 1]),
    "or": np.array([0, 1, 1, 1]),
    "nand": np.array([1, 1, 1, 0]),
    "nor": np.array([1, 0, 0, 0]),
    "xor": np.array([0, 1, 1, 0]),
}


def separable(rng, n=40, margin=0.3):
    """A 2-D data set separated by a random line with a gap of at least `margin` in z."""
    while True:
        X = rng.normal(size=(3 * n, 2))
        z = X @ rng.normal(size=2) + 0.5 * rng.normal()
        keep = np.abs(z) > margin
        X, y = X[keep][:n], (z[keep][:n] > 0).astype(int)
        if 0 < y.sum() < len(y):  # both classes present
            return X, y


# --- weighted_sum -------------------------------------------------------------------------------

def test_weighted_sum_by_hand():
    # 0.5*1 + 2*0 - 0.2 = 0.3 ; 0.5*2 + 2*(-1) - 0.2 = -1.2
    assert weighted_sum([1.0, 0.0], [0.5, 2.0], -0.2) == pytest.approx(0.3)
    z = weighted_sum(np.array([[1.0, 0.0], [2.0, -1.0]]), [0.5, 2.0], -0.2)
    assert z.shape == (2,)
    np.testing.assert_allclose(z, [0.3, -1.2])


def test_weighted_sum_single_returns_python_float():
    assert type(weighted_sum(np.ones(3), np.ones(3), 0)) is float


def test_weighted_sum_matches_loop():
    rng = np.random.default_rng(0)
    X, w, b = rng.normal(size=(7, 4)), rng.normal(size=4), 0.7
    loop = [sum(w[j] * X[i, j] for j in range(4)) + b for i in range(7)]
    np.testing.assert_allclose(weighted_sum(X, w, b), loop)


@pytest.mark.parametrize("x, w, b, fragment", [
    (np.ones(3), np.ones(2), 0.0, "expected shape (2,) or (N, 2)"),
    (np.ones((4, 3)), np.ones(2), 0.0, "received shape (4, 3)"),
    (np.ones(2), np.ones((2, 1)), 0.0, "w"),
    (np.ones(2), np.ones(2), [1.0, 2.0], "single number"),
])
def test_weighted_sum_errors_name_expected_and_received(x, w, b, fragment):
    with pytest.raises(ValueError) as info:
        weighted_sum(x, w, b)
    assert fragment.lower() in str(info.value).lower()


# --- step and predict ---------------------------------------------------------------------------

def test_step_values_and_types():
    out = step(np.array([-2.0, -1e-12, 0.0, 1e-12, 3.0]))
    assert out.dtype.kind == "i"
    assert out.tolist() == [0, 0, 1, 1, 1]
    assert step(0.0) == 1 and type(step(0.0)) is int
    assert step(-0.1) == 0
    assert step(np.zeros((2, 3))).shape == (2, 3)


def test_predict_and_gate_by_hand():
    out = predict(GATE_X, [1.0, 1.0], -1.5)  # z = -1.5, -0.5, -0.5, 0.5
    assert out.dtype.kind == "i"
    assert out.tolist() == [0, 0, 0, 1]


def test_predict_rejects_single_sample():
    with pytest.raises(ValueError, match="X"):
        predict(np.ones(2), [1.0, 1.0], 0.0)


# --- train_perceptron ---------------------------------------------------------------------------

def test_first_epoch_on_and_by_hand():
    # From w = (0, 0), b = 0, lr = 1, samples in order:
    # (0,0): z=0 -> 1, y=0, error -1: w=(0,0),  b=-1
    # (0,1): z=-1 -> 0, correct
    # (1,0): z=-1 -> 0, correct
    # (1,1): z=-1 -> 0, y=1, error +1: w=(1,1), b=0
    r = train_perceptron(GATE_X, GATES["and"], max_epochs=1)
    np.testing.assert_allclose(r.w, [1.0, 1.0])
    assert r.b == 0.0
    assert r.errors == [2] and r.epochs == 1 and r.converged is False


@pytest.mark.parametrize("gate", ["and", "or", "nand", "nor"])
def test_linearly_separable_gates_converge(gate):
    y = GATES[gate]
    r = train_perceptron(GATE_X, y)
    assert isinstance(r, PerceptronResult)
    assert r.converged is True
    assert r.errors[-1] == 0 and len(r.errors) == r.epochs
    assert predict(GATE_X, r.w, r.b).tolist() == y.tolist()


def test_xor_does_not_converge():
    r = train_perceptron(GATE_X, GATES["xor"], max_epochs=50)
    assert r.converged is False
    assert r.epochs == 50 and len(r.errors) == 50
    assert min(r.errors) > 0
    assert (predict(GATE_X, r.w, r.b) == GATES["xor"]).sum() < 4


def test_result_is_frozen_and_typed():
    r = train_perceptron(GATE_X, GATES["or"])
    with pytest.raises(AttributeError):
        r.b = 3.0
    assert type(r.b) is float and type(r.converged) is bool and type(r.epochs) is int
    assert all(type(e) is int for e in r.errors)
    assert r.w.shape == (2,) and r.w.dtype == float


def test_deterministic_without_rng_and_inputs_untouched():
    rng = np.random.default_rng(3)
    X, y = separable(rng)
    w0 = np.array([0.1, -0.2])
    X_copy, w0_copy = X.copy(), w0.copy()
    a = train_perceptron(X, y, w0=w0, b0=0.5)
    b = train_perceptron(X, y, w0=w0, b0=0.5)
    np.testing.assert_array_equal(a.w, b.w)
    assert a.errors == b.errors
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(w0, w0_copy)


def test_rng_shuffles_but_still_converges():
    X, y = separable(np.random.default_rng(4))
    r1 = train_perceptron(X, y, rng=np.random.default_rng(0), max_epochs=1000)
    r2 = train_perceptron(X, y, rng=np.random.default_rng(0), max_epochs=1000)
    assert r1.converged and r1.errors == r2.errors
    assert (predict(X, r1.w, r1.b) == y).all()


def test_learning_rate_scales_weights_from_zero():
    # From w = 0, b = 0 every update is lr * (+-x, +-1): the whole trajectory is scaled by lr.
    X, y = separable(np.random.default_rng(5))
    r1 = train_perceptron(X, y, lr=1.0, max_epochs=1000)
    r3 = train_perceptron(X, y, lr=0.25, max_epochs=1000)
    np.testing.assert_allclose(r3.w, 0.25 * r1.w)
    assert r3.b == pytest.approx(0.25 * r1.b)
    assert r3.errors == r1.errors


def _sklearn_rosenblatt(X, y, max_iter=1000):
    from sklearn.linear_model import Perceptron

    clf = Perceptron(eta0=1.0, shuffle=False, penalty=None, fit_intercept=True, tol=None,
                     max_iter=max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning is irrelevant here
        return clf.fit(X, y)


@pytest.mark.parametrize("seed", range(8))
def test_agrees_with_sklearn_accuracy(seed):
    X, y = separable(np.random.default_rng(seed))
    r = train_perceptron(X, y, max_epochs=1000)
    clf = _sklearn_rosenblatt(X, y)
    assert r.converged
    assert (predict(X, r.w, r.b) == y).mean() == 1.0
    assert clf.score(X, y) == 1.0


@pytest.mark.parametrize("seed", range(8))
def test_same_weights_as_sklearn_when_first_sample_is_negative(seed):
    # scikit-learn's Perceptron is SGD on max(0, -s z) with s = +-1: it updates when s z <= 0, so a
    # positive sample with z exactly 0 is a mistake for it but not for us (step(0) = 1). From w = 0,
    # b = 0 the first sample always has z = 0; when it is negative both rules make the same update,
    # and afterwards z == 0 exactly does not happen on continuous data. Then the runs are identical.
    X, y = separable(np.random.default_rng(100 + seed))
    first = np.argmin(y)
    order = np.r_[first, np.delete(np.arange(len(y)), first)]
    X, y = X[order], y[order]
    r = train_perceptron(X, y, max_epochs=1000)
    clf = _sklearn_rosenblatt(X, y)
    np.testing.assert_allclose(clf.coef_[0], r.w, rtol=1e-12, atol=1e-12)
    assert clf.intercept_[0] == pytest.approx(r.b, abs=1e-12)


def test_differs_from_sklearn_on_positive_first_sample_at_zero():
    # The z == 0 case explained above, made visible: a positive first sample.
    X = np.array([[1.0, 2.0], [-1.0, -1.0]])
    y = np.array([1, 0])
    r = train_perceptron(X, y, max_epochs=1)  # (1,2): z=0 -> 1 correct; (-1,-1): z=0 -> 1, wrong
    np.testing.assert_allclose(r.w, [1.0, 1.0])
    assert r.b == -1.0


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(X=np.ones(4), y=[0, 1, 0, 1]), "X"),
    (dict(X=np.ones((4, 2)), y=[0, 1, 0]), "expected shape (4,)"),
    (dict(X=np.ones((3, 2)), y=[-1, 1, 1]), "labels 0 and 1"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], lr=0), "lr"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], max_epochs=0), "max_epochs"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], w0=np.ones(3)), "w0"),
])
def test_train_errors(kwargs, fragment):
    with pytest.raises(ValueError) as info:
        train_perceptron(**kwargs)
    assert fragment.lower() in str(info.value).lower()


# --- boundary_points ----------------------------------------------------------------------------

def test_boundary_points_lie_on_the_line():
    x1, x2 = boundary_points([1.0, 2.0], -1.0, (-3.0, 3.0))
    np.testing.assert_allclose(1.0 * x1 + 2.0 * x2 - 1.0, 0.0, atol=1e-12)
    np.testing.assert_allclose(x1, [-3.0, 3.0])


def test_boundary_points_vertical_and_degenerate():
    x1, x2 = boundary_points([2.0, 0.0], -1.0, (0.0, 1.0), x2_range=(-5.0, 5.0))
    np.testing.assert_allclose(x1, [0.5, 0.5])
    np.testing.assert_allclose(x2, [-5.0, 5.0])
    assert boundary_points([0.0, 0.0], 1.0, (0.0, 1.0)) is None
