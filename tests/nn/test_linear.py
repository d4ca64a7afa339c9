"""Tests of dlkit.nn.linear: hand cases, numerical gradients, naive loops, least squares, errors."""

import numpy as np
import pytest

from dlkit.checks.counting import CountingGenerator
from dlkit.data.synthetic import line_data, regression_data
from dlkit.errors import CheckError
from dlkit.nn import linear
from dlkit.nn.gradcheck import numerical_gradient, rel_error

X_LINE, Y_LINE = line_data()


# --- one weight -----------------------------------------------------------------------------------

def test_cost_by_hand():
    assert linear.cost(0.0, X_LINE, Y_LINE) == pytest.approx(4.0)     # 40 / (2 * 5)
    assert linear.cost(2.0, X_LINE, Y_LINE) == 0.0
    assert linear.cost(3.0, X_LINE, Y_LINE) == pytest.approx(1.0)     # J(w) = (w - 2)^2 here
    assert linear.cost(1.0, [1.0], [3.0]) == pytest.approx(2.0)       # (3 - 1)^2 / 2
    assert isinstance(linear.cost(0.0, X_LINE, Y_LINE), float)


def test_cost_against_a_naive_loop():
    rng = np.random.default_rng(39)
    x, y = rng.normal(size=9), rng.normal(size=9)
    want = sum((y[i] - 0.7 * x[i]) ** 2 for i in range(9)) / (2 * 9)
    assert linear.cost(0.7, x, y) == pytest.approx(want, rel=1e-12)


def test_gradient_by_hand_and_numerically():
    assert linear.gradient(0.0, X_LINE, Y_LINE) == pytest.approx(-4.0)
    assert linear.gradient(3.0, X_LINE, Y_LINE) == pytest.approx(2.0)  # 2 (w - 2)
    rng = np.random.default_rng(40)
    x, y = rng.normal(size=7), rng.normal(size=7)
    for w in (-1.3, 0.0, 2.7):
        num = numerical_gradient(lambda v: linear.cost(float(v[0]), x, y), np.array([w]))
        assert rel_error(num, np.array([linear.gradient(w, x, y)])) < 1e-7


def test_gradient_descent_walk():
    ws, Js = linear.gradient_descent(0.0, X_LINE, Y_LINE, learning_rate=0.3, steps=4)
    np.testing.assert_allclose(ws, [0.0, 1.2, 1.68, 1.872, 1.9488])   # w - 2 shrinks by 0.4 per step
    np.testing.assert_allclose(Js, (ws - 2) ** 2)
    ws, Js = linear.gradient_descent(5.0, X_LINE, Y_LINE, learning_rate=0.1, steps=0)
    assert ws.shape == (1,) and ws[0] == 5.0 and Js[0] == pytest.approx(9.0)
    ws, _ = linear.gradient_descent(0.0, X_LINE, Y_LINE, learning_rate=1.05, steps=20)  # above 2 / mean(x^2) = 1
    assert abs(ws[-1] - 2) > abs(ws[0] - 2)


def test_gradient_descent_against_a_loop_of_gradient_calls():
    rng = np.random.default_rng(41)
    x, y = rng.normal(size=6), rng.normal(size=6)
    ws, Js = linear.gradient_descent(1.5, x, y, 0.2, 7)
    w = 1.5
    for t in range(7):
        w = w - 0.2 * linear.gradient(w, x, y)
        assert ws[t + 1] == pytest.approx(w, rel=1e-12)
    np.testing.assert_allclose(Js, [linear.cost(v, x, y) for v in ws], rtol=1e-12)


def test_walk_is_stable_for_a_starting_point_on_the_right():
    ws, _ = linear.gradient_descent(4.0, X_LINE, Y_LINE, learning_rate=0.1, steps=30)
    assert np.all(np.diff(ws) < 0) and ws[-1] == pytest.approx(2.0, abs=1e-2)


def test_iterations_per_epoch():
    assert linear.iterations_per_epoch(10, 4) == 3
    assert linear.iterations_per_epoch(8, 4) == 2
    assert linear.iterations_per_epoch(5, 1) == 5
    assert linear.iterations_per_epoch(5, 100) == 1
    assert linear.iterations_per_epoch(0, 3) == 0
    assert type(linear.iterations_per_epoch(np.int64(7), 2)) is int
    assert all(linear.iterations_per_epoch(n, m) == len(range(0, n, m)) for n in range(12) for m in range(1, 6))


# --- linear regression ----------------------------------------------------------------------------

def test_linreg_by_hand():
    X, y = np.array([[1.0], [2.0]]), np.array([3.0, 5.0])
    assert linear.linreg_cost(X, y, np.array([1.0]), 0.0) == pytest.approx(3.25)    # r = (2, 3)
    dw, db = linear.linreg_gradients(X, y, np.array([1.0]), 0.0)
    np.testing.assert_allclose(dw, [-4.0])
    assert db == pytest.approx(-2.5) and isinstance(db, float)


def test_linreg_gradients_numerically():
    rng = np.random.default_rng(41)
    X, y = rng.normal(size=(6, 3)), rng.normal(size=6)
    w, b = rng.normal(size=3), 0.4
    dw, db = linear.linreg_gradients(X, y, w, b)
    num_w = numerical_gradient(lambda v: linear.linreg_cost(X, y, v, b), w.copy())
    num_b = numerical_gradient(lambda v: linear.linreg_cost(X, y, w, float(v[0])), np.array([b]))
    assert rel_error(dw, num_w) < 1e-7 and rel_error(np.array([db]), num_b) < 1e-7


def naive_sgd(X, y, learning_rate, epochs, batch_size, rng):
    """A plain-loop oracle, one example at a time inside each batch."""
    w, b = [0.0] * X.shape[1], 0.0
    for _ in range(epochs):
        order = list(rng.permutation(len(y)))
        for k in range(0, len(order), batch_size):
            batch = order[k:k + batch_size]
            gw, gb = [0.0] * len(w), 0.0
            for i in batch:
                r = y[i] - (sum(X[i, d] * w[d] for d in range(len(w))) + b)
                gw = [gw[d] + X[i, d] * r for d in range(len(w))]
                gb += r
            w = [w[d] + learning_rate * gw[d] / len(batch) for d in range(len(w))]
            b += learning_rate * gb / len(batch)
    return np.array(w), b


@pytest.mark.parametrize("n, batch_size, epochs", [(7, 3, 2), (5, 1, 3), (6, 6, 4), (4, 10, 2)])
def test_minibatch_sgd_matches_a_plain_loop(n, batch_size, epochs):
    rng = np.random.default_rng(42)
    X, y = rng.normal(size=(n, 2)), rng.normal(size=n)
    w, b = linear.minibatch_sgd(X, y, 0.1, epochs, batch_size, np.random.default_rng(5))
    w_ref, b_ref = naive_sgd(X, y, 0.1, epochs, batch_size, np.random.default_rng(5))
    np.testing.assert_allclose(w, w_ref, rtol=1e-12, atol=1e-12)
    assert b == pytest.approx(b_ref, rel=1e-12, abs=1e-12) and isinstance(b, float)
    assert isinstance(w, np.ndarray) and w.shape == (2,)


def test_minibatch_sgd_by_hand():
    # one epoch, one batch of all 4 rows: r = 3 everywhere, w = 0.25 * mean(1 * 3), b the same
    w, b = linear.minibatch_sgd(np.ones((4, 1)), np.full(4, 3.0), 0.25, 1, 4, np.random.default_rng(0))
    np.testing.assert_allclose(w, [0.75])
    assert b == pytest.approx(0.75)
    # zero epochs: the start, w = 0 and b = 0
    w, b = linear.minibatch_sgd(np.ones((3, 2)), np.ones(3), 0.1, 0, 2, np.random.default_rng(0))
    assert np.array_equal(w, [0.0, 0.0]) and b == 0.0


def test_minibatch_sgd_steps_through_the_optimizer(monkeypatch):
    """The update goes through dlkit.nn.optim.SGD.step with the dict {"w", "b"}: one step per batch."""
    from dlkit.nn import optim

    calls = []
    real = optim.SGD.step

    def spy(self, params, grads):
        calls.append((sorted(params), sorted(grads)))
        return real(self, params, grads)

    monkeypatch.setattr(optim.SGD, "step", spy)
    linear.minibatch_sgd(np.ones((5, 1)), np.ones(5), 0.1, 2, 2, np.random.default_rng(0))
    assert len(calls) == 2 * 3 and calls[0] == (["b", "w"], ["b", "w"])


def test_minibatch_sgd_reaches_least_squares():
    X, y = regression_data(n=200, rng=43)
    w_ls, b_ls = linear.least_squares(X, y)
    np.testing.assert_allclose(w_ls, [2.0, -1.0, 0.5], atol=0.05)
    w, b, costs = linear.minibatch_sgd(X, y, 0.05, 60, 16, np.random.default_rng(0), history=True)
    np.testing.assert_allclose(w, w_ls, atol=0.01)
    assert b == pytest.approx(b_ls, abs=0.01)
    assert costs.shape == (1 + 60 * 13,) and costs[-1] < 0.01 < costs[0]
    w_full, b_full = linear.minibatch_sgd(X, y, 0.5, 200, 200, np.random.default_rng(0))   # batch GD
    np.testing.assert_allclose(w_full, w_ls, atol=1e-6)


def test_minibatch_sgd_shuffles_once_per_epoch_and_draws_nothing_else():
    g = CountingGenerator(1)
    linear.minibatch_sgd(np.ones((5, 1)), np.ones(5), 0.1, 3, 2, g)
    assert g.shuffles == 3 and g.other_draws == 0


def test_least_squares_by_hand_and_against_numpy():
    w, b = linear.least_squares(np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0]))   # y = 2x + 1
    np.testing.assert_allclose(w, [2.0], atol=1e-12)
    assert b == pytest.approx(1.0)
    rng = np.random.default_rng(44)
    X, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    w, b = linear.least_squares(X, y)
    # the normal equations of [X, 1]: A^T A theta = A^T y
    A = np.hstack([X, np.ones((20, 1))])
    np.testing.assert_allclose(np.linalg.solve(A.T @ A, A.T @ y), np.append(w, b), rtol=1e-10)
    # the gradient of linreg_cost vanishes there
    dw, db = linear.linreg_gradients(X, y, w, b)
    assert np.max(np.abs(dw)) < 1e-12 and abs(db) < 1e-12


# --- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: linear.cost(0.0, [1.0, 2.0], [1.0]), r"cost: y has the wrong shape\n  expected: \(2,?\)"),
    (lambda: linear.cost(0.0, [], []), r"len\(x\) is out of range"),
    (lambda: linear.cost(0.0, [np.nan], [1.0]), "x must be finite"),
    (lambda: linear.gradient("1", X_LINE, Y_LINE), "gradient: w must be a finite number"),
    (lambda: linear.gradient(0.0, np.ones((2, 2)), np.ones((2, 2))), "x has the wrong number of dimensions"),
    (lambda: linear.gradient_descent(0.0, X_LINE, Y_LINE, 0.1, steps=2.5), "steps must be an integer"),
    (lambda: linear.gradient_descent(0.0, X_LINE, Y_LINE, -0.1, 3), "learning_rate is out of range"),
    (lambda: linear.iterations_per_epoch(10, 0), r"batch_size is out of range(.|\n)*>= 1"),
    (lambda: linear.iterations_per_epoch(-1, 2), "n is out of range"),
    (lambda: linear.linreg_cost(np.ones((3, 2)), np.ones(3), np.ones(3), 0.0), "w has the wrong shape"),
    (lambda: linear.linreg_gradients(np.ones(3), np.ones(3), np.ones(1), 0.0), "X has the wrong number"),
    (lambda: linear.minibatch_sgd(np.ones((3, 1)), np.ones(3), 0.1, 1, 1, rng="seed"),
     "rng must be a random generator or a seed"),
    (lambda: linear.minibatch_sgd(np.ones((3, 1)), np.ones(4), 0.1, 1, 1, np.random.default_rng(0)),
     r"y has the wrong shape\n  expected: \(3,?\)"),
    (lambda: linear.minibatch_sgd(np.ones((3, 1)), np.ones(3), 0.0, 1, 1, None), "learning_rate is out of range"),
    (lambda: linear.least_squares(np.ones((0, 2)), np.ones(0)), r"len\(X\) is out of range"),
])
def test_bad_input_is_an_error_that_says_what_was_expected(call, match):
    with pytest.raises(CheckError, match=match):
        call()
