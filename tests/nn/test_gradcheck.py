"""dlkit.nn.gradcheck: centred differences by hand, a closed-form oracle, restoring x, error paths."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn.gradcheck import numerical_gradient, rel_error


def test_gradient_of_sum_of_squares_is_2x_hand_case():
    x = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v ** 2), x), [2.0, -4.0, 6.0], rtol=1e-8)


def test_gradient_of_cube_at_a_0d_array():
    grad = numerical_gradient(lambda v: float(v ** 3), np.array(2.0))  # d/dx x^3 = 3 x^2 = 12
    assert grad.shape == () and grad == pytest.approx(12.0, rel=1e-8)


def test_centred_difference_by_hand():
    # f(x) = x^2 at x = 1 with h = 0.5: ((1.5)^2 - (0.5)^2) / 1 = 2 exactly (centred differences are exact
    # for quadratics); a forward difference would give 2.5.
    assert numerical_gradient(lambda v: float(v[0] ** 2), np.array([1.0]), h=0.5)[0] == 2.0


def test_quadratic_form_against_closed_form_oracle():
    rng = np.random.default_rng(0)
    A, x = rng.normal(size=(4, 4)), rng.normal(size=(2, 2))  # x of shape (2, 2) flattened to (4,)
    grad = numerical_gradient(lambda v: v.ravel() @ A @ v.ravel(), x)
    expected = ((A + A.T) @ x.ravel()).reshape(2, 2)  # d/dx x^T A x = (A + A^T) x
    assert grad.shape == x.shape and rel_error(grad, expected) < 1e-8


def test_closure_over_x_sees_the_perturbation():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    grad = numerical_gradient(lambda _: np.sum(W * W), W)
    assert rel_error(grad, 2 * W) < 1e-8


def test_x_is_unchanged_after_the_call_and_after_an_error():
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    before = x.copy()
    numerical_gradient(lambda v: v.sum() ** 3, x)
    np.testing.assert_array_equal(x, before)

    def explode(v):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(explode, x)
    np.testing.assert_array_equal(x, before)


def test_rel_error_hand_cases():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0  # 0 / max(1e-8, 0)
    assert rel_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)
    assert rel_error([1.0, 3.0], [1.0, 1.0]) == pytest.approx(2 / 4)  # the max over elements
    assert rel_error(np.zeros(0), np.zeros(0)) == 0.0


def test_input_errors_name_what_was_received():
    with pytest.raises(CheckError, match=r"float numpy array(.|\n)*received: an array of dtype int64"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2], dtype=np.int64))
    with pytest.raises(CheckError, match="received: list"):
        numerical_gradient(lambda v: 0.0, [1.0, 2.0])
    with pytest.raises(CheckError, match=r"h is out of range(.|\n)*h=0"):
        numerical_gradient(lambda v: 0.0, np.zeros(2), h=0)
    with pytest.raises(CheckError, match="h is out of range"):
        numerical_gradient(lambda v: 0.0, np.zeros(2), h=-1e-5)
    read_only = np.zeros(2)
    read_only.flags.writeable = False
    with pytest.raises(CheckError, match="writeable(.|\n)*x.copy()"):
        numerical_gradient(lambda v: 0.0, read_only)


def test_f_must_return_a_number():
    with pytest.raises(CheckError, match=r"received: an array of shape \(2,\)"):
        numerical_gradient(lambda v: v, np.zeros(2))
    with pytest.raises(CheckError, match="forget to `return`"):
        numerical_gradient(lambda v: None, np.zeros(2))
    with pytest.raises(CheckError, match="received: str"):
        numerical_gradient(lambda v: "loss", np.zeros(2))


def test_rel_error_shapes_must_match():
    with pytest.raises(CheckError, match=r"\(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))
    with pytest.raises(CheckError, match="a must be numbers"):
        rel_error("x", np.zeros(3))
