import numpy as np
import pytest

from dlkit.gradcheck import numerical_gradient, rel_error


def test_gradient_of_sum_of_squares_is_2x():
    x = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(numerical_gradient(lambda v: float(np.sum(v ** 2)), x), 2 * x, rtol=1e-8)


def test_quadratic_form_against_closed_form():
    rng = np.random.default_rng(0)
    A, x = rng.normal(size=(4, 4)), rng.normal(size=(2, 2))
    f = lambda v: float(v.ravel() @ A @ v.ravel())
    expected = ((A + A.T) @ x.ravel()).reshape(2, 2)
    assert rel_error(numerical_gradient(f, x), expected) < 1e-8


def test_input_is_restored():
    x = np.array([[1.0, 2.0]])
    before = x.copy()
    numerical_gradient(lambda v: float(v.sum() ** 3), x)
    np.testing.assert_array_equal(x, before)


def test_rel_error_hand_case():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert rel_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)


def test_errors():
    with pytest.raises(ValueError, match="float numpy array"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))
    with pytest.raises(ValueError, match="positive"):
        numerical_gradient(lambda v: 0.0, np.zeros(2), h=0)
    with pytest.raises(ValueError, match="return a number"):
        numerical_gradient(lambda v: v, np.zeros(2))
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))
