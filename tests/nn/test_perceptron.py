"""dlkit.nn.perceptron: hand-computed cases, logic gates, scikit-learn as the oracle, error paths."""

import warnings

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn.perceptron import (
    PerceptronResult,
    boundary_points,
    predict,
    sklearn_perceptron,
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
    (np.ones(3), np.ones(2), 0.0, "expected: (2,) or (N, 2)"),
    (np.ones((4, 3)), np.ones(2), 0.0, "received: (4, 3)"),
    (np.ones(2), np.ones((2, 1)), 0.0, "weighted_sum: w has the wrong number of dimensions"),
    (np.ones(2), np.ones(2), [1.0, 2.0], "b must be a finite number"),
    (np.array([1.0, np.nan]), np.ones(2), 0.0, "x must be finite"),
])
def test_weighted_sum_errors_name_expected_and_received(x, w, b, fragment):
    with pytest.raises(CheckError) as info:
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
    with pytest.raises(CheckError, match="predict: X has the wrong number of dimensions"):
        predict(np.ones(2), [1.0, 1.0], 0.0)


def test_step_rejects_text():
    with pytest.raises(CheckError, match="step: z must be numbers"):
        step("1")


# --- train_perceptron ---------------------------------------------------------------------------

def test_first_epoch_on_and_by_hand():
    # From w = (0, 0), b = 0, learning_rate = 1, samples in order:
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
    r2 = train_perceptron(X, y, rng=0, max_epochs=1000)                   # an int seed is a generator's seed
    assert r1.converged and r1.errors == r2.errors
    assert (predict(X, r1.w, r1.b) == y).all()


def test_learning_rate_scales_weights_from_zero():
    # From w = 0, b = 0 every update is learning_rate * (+-x, +-1): the whole trajectory is scaled by it.
    X, y = separable(np.random.default_rng(5))
    r1 = train_perceptron(X, y, learning_rate=1.0, max_epochs=1000)
    r3 = train_perceptron(X, y, learning_rate=0.25, max_epochs=1000)
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
    (dict(X=np.ones(4), y=[0, 1, 0, 1]), "X has the wrong number of dimensions"),
    (dict(X=np.ones((4, 2)), y=[0, 1, 0]), "expected: (4,)"),
    (dict(X=np.ones((3, 2)), y=[-1, 1, 1]), "labels 0 and 1"),
    (dict(X=np.ones((3, 2)), y=[0, 0.5, 1]), "labels 0 and 1"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], learning_rate=0), "learning_rate is out of range"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], max_epochs=0), "max_epochs is out of range"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], max_epochs=2.5), "max_epochs must be an integer"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], w0=np.ones(3)), "w0 has the wrong shape"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], rng="seed"), "rng must be a random generator"),
])
def test_train_errors(kwargs, fragment):
    with pytest.raises(CheckError) as info:
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


def test_boundary_points_by_hand_and_errors():
    x1, x2 = boundary_points([1.0, 1.0], -1.5, (0.0, 1.0))          # x2 = 1.5 - x1
    np.testing.assert_allclose(x2, [1.5, 0.5])
    with pytest.raises(CheckError, match=r"boundary_points: w has the wrong shape(.|\n)*\(2,\)"):
        boundary_points([1.0, 1.0, 1.0], 0.0, (0.0, 1.0))
    with pytest.raises(CheckError, match="x1_range has the wrong shape"):
        boundary_points([1.0, 1.0], 0.0, (0.0, 1.0, 2.0))


# --- PerceptronResult.as_tuple and sklearn_perceptron (chapter 01's comparison) ------------------

def test_as_tuple_is_the_exercise_form():
    r = train_perceptron(GATE_X, GATES["and"], max_epochs=1)
    w, b, converged, errors = r.as_tuple()
    np.testing.assert_allclose(w, [1.0, 1.0])
    assert (b, converged, errors) == (0.0, False, [2])
    assert errors is not r.errors                       # a copy: the frozen result stays as it was


def _first_of_class(X, y, label):
    first = int(np.flatnonzero(y == label)[0])
    order = np.r_[first, np.delete(np.arange(len(y)), first)]
    return X[order], y[order]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("learning_rate", [1.0, 0.3])
def test_sklearn_perceptron_equals_the_rule_when_class_0_comes_first(seed, learning_rate):
    # Oracle: scikit-learn itself, through the helper; bit for bit, as the docstring promises.
    X, y = _first_of_class(*separable(np.random.default_rng(200 + seed)), 0)
    r = train_perceptron(X, y, learning_rate=learning_rate, max_epochs=1000)
    w, b, epochs = sklearn_perceptron(X, y, learning_rate=learning_rate, max_epochs=1000)
    assert r.converged and epochs == 1000                # tol=None: scikit-learn runs every epoch
    np.testing.assert_array_equal(w, r.w)
    assert b == r.b


@pytest.mark.parametrize("seed", range(6))
def test_sklearn_perceptron_class_1_first_is_the_z0_update(seed):
    # A class-1 first example: scikit-learn updates at z = 0, the rule does not. Starting the rule from
    # that one update gives scikit-learn's result exactly, so nothing else differs.
    X, y = _first_of_class(*separable(np.random.default_rng(300 + seed)), 1)
    w, b, _ = sklearn_perceptron(X, y, max_epochs=1000)
    plain = train_perceptron(X, y, max_epochs=1000)
    assert not np.array_equal(plain.w, w)
    matched = train_perceptron(X, y, max_epochs=1000, w0=X[0], b0=1.0)
    np.testing.assert_array_equal(matched.w, w)
    assert matched.b == b


def test_sklearn_perceptron_tol_stops_before_separating():
    # Measured: margin 0.02, seed 4, class 0 first: the rule needs 18 epochs; scikit-learn's default
    # tol=1e-3 stops after 16 with 5 of 200 points misclassified.
    from dlkit.data.synthetic import linearly_separable

    X, y = _first_of_class(*linearly_separable(n=200, margin=0.02, rng=4)[:2], 0)
    r = train_perceptron(X, y, max_epochs=1000)
    w, b, epochs = sklearn_perceptron(X, y, max_epochs=1000, tol=1e-3)
    assert r.epochs == 18 and epochs == 16
    assert int((predict(X, w, b) != y).sum()) == 5
    w, b, _ = sklearn_perceptron(X, y, max_epochs=1000)
    np.testing.assert_array_equal(w, r.w)


def test_sklearn_perceptron_by_hand_on_two_points():
    # (1, 2) of class 1 first: z = 0 is a mistake for scikit-learn: w = (1, 2), b = 1; then (-1, -1) has
    # z = -3 + 1 = -2 < 0, right for class 0; the next epoch makes no update.
    w, b, epochs = sklearn_perceptron(np.array([[1.0, 2.0], [-1.0, -1.0]]), [1, 0], max_epochs=3)
    np.testing.assert_allclose(w, [1.0, 2.0])
    assert (b, epochs) == (1.0, 3)


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(X=np.ones((3, 2)), y=[0, 1, 2]), "labels out of range"),
    (dict(X=np.ones((3, 2)), y=[1, 1, 1]), "both classes"),
    (dict(X=np.ones((3, 2)), y=[0, 1]), "expected: (3,)"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], learning_rate=-1.0), "learning_rate is out of range"),
    (dict(X=np.ones((3, 2)), y=[0, 1, 1], tol=0.0), "tol is out of range"),
])
def test_sklearn_perceptron_errors(kwargs, fragment):
    with pytest.raises(CheckError) as info:
        sklearn_perceptron(**kwargs)
    assert fragment.lower() in str(info.value).lower()
