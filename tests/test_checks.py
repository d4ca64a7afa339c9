import numpy as np
import pytest

from dlkit import checks
from dlkit.checks import CheckError


class Liar:
    """An object that claims to equal everything."""

    def __eq__(self, other):
        return True

    def __bool__(self):
        return True


def test_check_error_is_both_assertion_and_value_error():
    assert issubclass(CheckError, AssertionError) and issubclass(CheckError, ValueError)
    with pytest.raises(ValueError):
        checks.check_shape(np.zeros(3), (2,))
    with pytest.raises(AssertionError):
        checks.check_shape(np.zeros(3), (2,))


def test_check_close_passes_and_fails_with_expected_received_hint():
    checks.check_close(np.array([0.5, 1.0]), [0.5, 1.0])
    checks.check_close(2, 2.0)
    with pytest.raises(CheckError) as err:
        checks.check_close([1.0, 2.0], [1.0, 3.0], name="f(x)", hint="add the bias")
    msg = str(err.value)
    assert "f(x) is not correct" in msg and "expected: [1. 3.]" in msg and "received: [1. 2.]" in msg
    assert "Hint: add the bias" in msg and "index (1,)" in msg


def test_check_close_shape_nan_none_and_liars():
    with pytest.raises(CheckError, match="wrong shape"):
        checks.check_close(np.zeros((3, 1)), np.zeros(3), hint="h")
    with pytest.raises(CheckError, match="nan/inf"):
        checks.check_close([np.nan, 1.0], [0.0, 1.0])
    with pytest.raises(CheckError, match="forget to `return`"):
        checks.check_close(None, 1.0)
    with pytest.raises(CheckError):
        checks.check_close(Liar(), 1.0)
    with pytest.raises(CheckError, match="function"):
        checks.check_close(np.sum, 1.0)
    with pytest.raises(CheckError, match="wrong type"):
        checks.check_close("1.0", 1.0)


def test_check_equal_compares_values_not_dtypes():
    checks.check_equal(np.array([1.0, 0.0]), [1, 0])
    with pytest.raises(CheckError) as err:
        checks.check_equal(np.array([1, 0, 1]), [1, 1, 1], name="predict(X)")
    assert "1 of 3" in str(err.value) and "(1,)" in str(err.value)
    with pytest.raises(CheckError):
        checks.check_equal(Liar(), [1, 1])


def test_check_shape_wildcards_and_messages():
    checks.check_shape(np.zeros((4, 2)), (None, 2))
    with pytest.raises(CheckError) as err:
        checks.check_shape(np.zeros((4, 1)), (4,), name="z", hint="one z per row")
    assert "expected: (4,)" in str(err.value) and "received: (4, 1)" in str(err.value)
    with pytest.raises(CheckError, match="None"):
        checks.check_shape(None, (2,))


def test_check_type_and_finite():
    checks.check_type(1.0, float)
    with pytest.raises(CheckError, match="expected: ndarray"):
        checks.check_type([1.0], np.ndarray)
    with pytest.raises(CheckError, match="1 nan/inf"):
        checks.check_finite(np.array([1.0, np.inf]))
