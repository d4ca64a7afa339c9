import numpy as np
import pytest

from dlkit import checks
from dlkit.checks import CheckError


class Liar:
    """An object that claims to equal everything and to be true."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __bool__(self):
        return True

    __hash__ = object.__hash__


class LyingArray(np.ndarray):
    """An ndarray subclass whose comparisons always say 'equal'."""

    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)

    def __ne__(self, other):
        return np.zeros(np.shape(self), dtype=bool)


def message(check, *args, **kwargs) -> str:
    with pytest.raises(CheckError) as err:
        check(*args, **kwargs)
    return str(err.value)


# --- CheckError ------------------------------------------------------------------------------------

def test_check_error_is_caught_as_value_error_and_as_assertion_error():
    assert issubclass(CheckError, AssertionError) and issubclass(CheckError, ValueError)
    with pytest.raises(ValueError):
        checks.check_shape(np.zeros(3), (2,))
    try:
        checks.check_close(1.0, 2.0)
    except AssertionError as err:
        assert isinstance(err, CheckError)
    else:
        pytest.fail("check_close(1.0, 2.0) did not fail")


# --- check_shape -----------------------------------------------------------------------------------

def test_check_shape_passes_with_exact_sizes_wildcards_and_lists():
    checks.check_shape(np.zeros((4, 2)), (4, 2))
    checks.check_shape(np.zeros((4, 2)), (None, 2))
    checks.check_shape([[1, 2], [3, 4], [5, 6]], (3, None))
    checks.check_shape(3.0, ())


def test_check_shape_message_hand_case():
    msg = message(checks.check_shape, np.zeros((4, 1)), (4,), name="weighted_sums(X, w, b)",
                  hint="one z per row of X")
    assert msg.splitlines() == ["weighted_sums(X, w, b) has the wrong shape",
                                "  expected: (4,)",
                                "  received: (4, 1)",
                                "Hint: one z per row of X"]
    assert "expected: (any, 2)" in message(checks.check_shape, np.zeros((3, 3)), (None, 2))


def test_check_shape_none_function_ragged_and_bad_expected():
    assert "forget to `return`" in message(checks.check_shape, None, (2,))
    assert "forget to call it" in message(checks.check_shape, np.zeros, (2,))
    assert "no well-defined shape" in message(checks.check_shape, [[1, 2], [3]], (2, 2))
    with pytest.raises(TypeError, match="tuple"):
        checks.check_shape(np.zeros(2), 2)


# --- check_type ------------------------------------------------------------------------------------

def test_check_type():
    checks.check_type(np.zeros(2), np.ndarray)
    checks.check_type(1.5, (int, float))
    msg = message(checks.check_type, [1.0], np.ndarray, name="predict(X)", hint="use np.array")
    assert "predict(X) has the wrong type" in msg and "expected: ndarray" in msg
    assert "received: list" in msg and "Hint: use np.array" in msg
    assert "expected: int or float" in message(checks.check_type, "1", (int, float))
    assert "forget to `return`" in message(checks.check_type, None, float)
    with pytest.raises(TypeError):
        checks.check_type(1, "float")


# --- check_close -----------------------------------------------------------------------------------

def test_check_close_passes_within_tolerance():
    checks.check_close(np.array([0.5, 1.0]), [0.5, 1.0])
    checks.check_close(2, 2.0)
    checks.check_close(np.float32(0.1), 0.1, rtol=1e-6)
    checks.check_close([1.0 + 1e-9], [1.0])
    checks.check_close(np.array([np.nan, 1.0]), [np.nan, 1.0])  # nan where nan is expected


def test_check_close_value_mismatch_message_hand_case():
    msg = message(checks.check_close, [1.0, 2.0], [1.0, 3.0], name="f(x)", hint="add the bias")
    assert msg.splitlines() == ["f(x) is not correct: 1 of 2 elements differ, the largest difference is 1 "
                                "at index (1,)",
                                "  expected: [1. 3.]",
                                "  received: [1. 2.]",
                                "Hint: add the bias"]
    msg = message(checks.check_close, np.array([[1.0, 2.0], [3.0, 4.25]]), [[1, 2], [3, 4]])
    assert "0.25 at index (1, 1)" in msg
    assert "received: 1.5" in message(checks.check_close, 1.5, 1.0)


def test_check_close_agrees_with_np_isclose_oracle():
    rng = np.random.default_rng(0)
    for _ in range(50):
        a = rng.normal(size=3)
        b = a + rng.choice([0.0, 1e-9, 1e-3], size=3)
        expected_to_pass = bool(np.all(np.isclose(b, a, rtol=1e-6, atol=1e-8)))
        try:
            checks.check_close(b, a)
            passed = True
        except CheckError:
            passed = False
        assert passed == expected_to_pass


def test_check_close_summarises_big_arrays():
    received = np.arange(1000.0)
    received[500] += 1
    msg = message(checks.check_close, received, np.arange(1000.0))
    assert "..." in msg and "index (500,)" in msg and len(msg) < 400


def test_check_close_shape_before_values():
    msg = message(checks.check_close, np.zeros((3, 1)), np.zeros(3), hint="squeeze")
    assert "wrong shape" in msg and "expected: (3,)" in msg and "received: (3, 1)" in msg
    assert "wrong shape" in message(checks.check_close, np.array([1.5]), 1.5)


def test_check_close_nan_inf():
    msg = message(checks.check_close, [np.nan, 1.0], [0.0, 1.0])
    assert "received contains nan/inf" in msg and "overflow" in msg
    assert "received contains nan/inf" in message(checks.check_close, np.inf, 1.0)


def test_check_close_rejects_non_numbers_with_clear_messages():
    msg = message(checks.check_close, None, 1.0, name="sigmoid(0)")
    assert "forget to `return`" in msg and "received: NoneType" in msg
    assert "forget to call it" in message(checks.check_close, np.sum, 1.0)
    assert "wrong type" in message(checks.check_close, "1.0", 1.0)
    assert "complex" in message(checks.check_close, np.array([1 + 0j]), [1.0])
    assert "cannot be read as numbers" in message(checks.check_close, {"a": 1}, 1.0)


def test_check_close_is_not_fooled_by_lying_objects():
    for liar in (Liar(), [Liar(), Liar()], np.array([Liar()], dtype=object)):
        with pytest.raises(CheckError):
            checks.check_close(liar, [1.0, 2.0] if isinstance(liar, list) else 1.0)
    lying = np.array([0.0, 0.0]).view(LyingArray)
    assert np.all(lying == np.array([1.0, 2.0]))  # the lie works on ==
    with pytest.raises(CheckError, match="not correct"):
        checks.check_close(lying, [1.0, 2.0])


# --- check_equal -----------------------------------------------------------------------------------

def test_check_equal_passes_and_compares_values_not_dtypes():
    checks.check_equal(np.array([0, 0, 0, 1]), [0, 0, 0, 1])
    checks.check_equal(np.array([1.0, 0.0]), [1, 0])
    checks.check_equal(np.array([True, False]), [1, 0])
    checks.check_equal(3, 3)
    checks.check_equal(["a", "b"], ["a", "b"])


def test_check_equal_message_lists_mismatching_indices():
    msg = message(checks.check_equal, np.array([1, 0, 1]), [1, 1, 1], name="predict(X)", hint="step(0) is 1")
    assert msg.splitlines() == ["predict(X) is not correct: 1 of 3 elements differ (at index (1,))",
                                "  expected: [1 1 1]",
                                "  received: [1 0 1]",
                                "Hint: step(0) is 1"]
    msg = message(checks.check_equal, np.zeros(10, dtype=int), np.ones(10, dtype=int))
    assert "10 of 10" in msg and "(0,), (1,), (2,), (3,), (4,), ..." in msg
    assert "1 of 1" not in message(checks.check_equal, 2, 3)


def test_check_equal_oracle_np_array_equal():
    rng = np.random.default_rng(1)
    for _ in range(30):
        a = rng.integers(0, 2, size=(2, 3))
        b = a.copy()
        if rng.random() < 0.5:
            b[tuple(rng.integers(0, [2, 3]))] ^= 1
        passed = True
        try:
            checks.check_equal(b, a)
        except CheckError:
            passed = False
        assert passed == np.array_equal(a, b)


def test_check_equal_errors_and_liars():
    assert "wrong shape" in message(checks.check_equal, [1, 0], [[1, 0]])
    assert "forget to `return`" in message(checks.check_equal, None, [1, 0])
    with pytest.raises(CheckError):
        checks.check_equal(Liar(), [1, 1])
    with pytest.raises(CheckError):
        checks.check_equal(np.array([0, 0]).view(LyingArray), [1, 1])
    assert "wrong type" in message(checks.check_equal, [1, 2], ["a", "b"])


# --- check_finite ----------------------------------------------------------------------------------

def test_check_finite():
    checks.check_finite(np.array([1.0, -2.0]))
    checks.check_finite(3)
    msg = message(checks.check_finite, np.array([[1.0, np.nan], [np.inf, 2.0]]), name="A")
    assert "A contains 2 nan/inf value(s) (first at index (0, 1))" in msg
    assert "expected: finite numbers" in msg
    assert "Hint: use np.clip" in message(checks.check_finite, np.nan, hint="use np.clip")
    assert "forget to `return`" in message(checks.check_finite, None)
