"""dlkit.nn.regularization: penalties against Keras, L1 descent against scikit-learn's Lasso, 003's dropout
at inference, curve diagnosis, dead ReLUs."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import regularization as reg


def test_dropout_scale_at_inference_by_hand():
    assert np.allclose(reg.dropout_scale_at_inference(np.ones((2, 4)), 0.25), 0.75)
    assert reg.dropout_scale_at_inference(2.0, 0.5) == 1.0


def test_dropout_scale_at_inference_equals_the_mean_of_003s_training_form():
    # Oracle: 003's training form drops without scaling, out = A * keep; its mean is (1 - rate) A.
    A = np.full((400, 500), 2.0)
    keep = np.random.default_rng(0).random(A.shape) >= 0.3
    assert (A * keep).mean() == pytest.approx(reg.dropout_scale_at_inference(A, 0.3).mean(), rel=0.01)


def test_penalties_by_hand_and_against_keras():
    assert reg.l1_l2_penalty([np.array([[1.0, -2.0]])], l1=0.5, l2=0.1) == pytest.approx(0.5 * 3 + 0.1 * 5)
    assert reg.l1_l2_penalty([]) == 0.0
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(7)
    kernels = [rng.normal(size=(3, 4)), rng.normal(size=(4, 2))]
    want = sum(float(keras.regularizers.L1L2(l1=0.01, l2=0.02)(k)) for k in kernels)
    assert reg.l1_l2_penalty(kernels, l1=0.01, l2=0.02) == pytest.approx(want, rel=1e-5)


def test_l2_penalty_gradient_is_2_l2_w():
    from dlkit.nn.gradcheck import numerical_gradient, rel_error

    W = np.random.default_rng(1).normal(size=(3, 2))
    num = numerical_gradient(lambda _: reg.l1_l2_penalty([W], l2=0.3), W)
    assert rel_error(num, 2 * 0.3 * W) < 1e-7


def test_soft_threshold_by_hand():
    np.testing.assert_allclose(reg.soft_threshold(np.array([-1.0, -0.1, 0.0, 0.05, 0.3]), 0.1),
                               [-0.9, 0.0, 0.0, 0.0, 0.2])


def _sparse_problem():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 8))
    w_true = np.array([2.0, -1.5, 0, 0, 0, 0, 0, 0])
    return X, X @ w_true + rng.normal(0, 0.3, 60)


def test_l1_descent_by_hand_one_step():
    X, y = np.eye(2), np.array([1.0, -0.05])
    # w = 0: gradient X^T (0 - y) / 2 = (-0.5, 0.025); plain step with sign(0) = 0: w = 0.5 * (0.5, -0.025)
    path = reg.l1_descent(X, y, l1=0.1, learning_rate=0.5, steps=1)
    np.testing.assert_allclose(path, [[0.0, 0.0], [0.25, -0.0125]])
    # proximal: the same gradient step, then shrink by 0.5 * 0.1 = 0.05: (0.2, 0)
    np.testing.assert_allclose(reg.l1_descent(X, y, l1=0.1, learning_rate=0.5, steps=1, proximal=True)[-1],
                               [0.2, 0.0])


def test_proximal_l1_descent_reaches_scikit_learns_lasso_with_exact_zeros():
    from sklearn.linear_model import Lasso

    X, y = _sparse_problem()
    w = reg.l1_descent(X, y, l1=0.2, learning_rate=0.3, steps=3000, proximal=True)[-1]
    oracle = Lasso(alpha=0.2, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y).coef_
    np.testing.assert_allclose(w, oracle, atol=1e-6)
    assert np.array_equal(w == 0, oracle == 0) and np.sum(w == 0) >= 4


def test_plain_l1_descent_oscillates_around_zero_instead_of_reaching_it():
    X, y = _sparse_problem()
    path = reg.l1_descent(X, y, l1=0.2, learning_rate=0.05, steps=3000)
    useless = path[-200:, 2:]                                  # the weights that are 0 at the optimum
    assert np.all(useless != 0)                                # never exactly 0
    assert np.max(np.abs(useless)) < 0.05 * 0.2 * 2            # but within a step or two of it
    assert np.any(np.diff(np.sign(useless), axis=0) != 0)      # and crossing it back and forth


@pytest.mark.parametrize("train, val, want", [
    ([1.0, 0.5, 0.2, 0.1, 0.05], [1.0, 0.6, 0.4, 0.5, 0.7], "overfitting"),
    ([1.0, 0.9, 0.85, 0.8, 0.8], [1.1, 1.0, 0.95, 0.9, 0.9], "underfitting"),
    ([1.0, 0.5, 0.3, 0.2, 0.18], [1.1, 0.6, 0.4, 0.35, 0.34], "good fit"),
    ([1.0, 0.5, 0.3, 0.2, 0.18], [1.1, 0.6, 0.4, 0.35, 0.37], "good fit"),     # within tol of the best
])
def test_diagnose_curves_by_hand(train, val, want):
    assert reg.diagnose_curves(train, val) == want


def test_dead_relu_fraction():
    A = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    assert reg.dead_relu_fraction(A) == pytest.approx(1 / 3)                  # dead: 0 on every example
    assert reg.dead_relu_fraction(A, threshold=0.9) == pytest.approx(1 / 3)
    assert reg.dead_relu_fraction(A, threshold=0.6) == pytest.approx(2 / 3)


def test_dead_relu_fraction_against_a_loop():
    A = np.maximum(np.random.default_rng(2).normal(-0.8, 1.0, size=(50, 20)), 0.0)
    dead = [sum(A[n, h] == 0 for n in range(50)) / 50 >= 0.8 for h in range(20)]
    assert reg.dead_relu_fraction(A, threshold=0.8) == pytest.approx(np.mean(dead))


@pytest.mark.parametrize("call, match", [
    (lambda: reg.dropout_scale_at_inference(np.ones(3), 1.0), "rate is out of range"),
    (lambda: reg.l1_l2_penalty(np.ones((2, 2)), l2=0.1), "list of weight arrays"),
    (lambda: reg.l1_l2_penalty([np.ones(2)], l1=-1), r"l1 is out of range(.|\n)*>= 0"),
    (lambda: reg.l1_l2_penalty([np.array([np.inf])], l1=1), r"kernels\[0\] must be finite"),
    (lambda: reg.diagnose_curves([1.0, 0.5], [1.0]), "one length"),
    (lambda: reg.diagnose_curves([1.0, np.nan], [1.0, 0.5]), "finite"),
    (lambda: reg.diagnose_curves([1.0, 0.5], [1.0, 0.5], tol=-1), "tol is out of range"),
    (lambda: reg.dead_relu_fraction(np.ones(3)), "number of dimensions"),
    (lambda: reg.dead_relu_fraction(np.ones((2, 2)), threshold=0), "threshold is out of range"),
    (lambda: reg.l1_descent(np.ones((3, 2)), np.ones(2), l1=0.1), "y has the wrong shape"),
    (lambda: reg.l1_descent(np.ones((3, 2)), np.ones(3), l1=0.1, learning_rate=0), "learning_rate is out of range"),
    (lambda: reg.soft_threshold(np.ones(2), -1.0), "t is out of range"),
])
def test_bad_input_is_a_clear_check_error(call, match):
    with pytest.raises(CheckError, match=match):
        call()
