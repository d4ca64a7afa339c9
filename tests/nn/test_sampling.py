"""dlkit.nn.sampling: softmax with temperature by hand, sampling against numpy's rng.choice, error paths."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn.sampling import sample_with_temperature, softmax_with_temperature


def test_softmax_with_temperature_by_hand():
    P = softmax_with_temperature([[0.0, np.log(3.0)]], 1.0)
    np.testing.assert_allclose(P, [[0.25, 0.75]])
    P = softmax_with_temperature([[0.0, np.log(3.0)]], 0.5)        # (1, 9) / 10
    np.testing.assert_allclose(P, [[0.1, 0.9]])


def test_temperature_limits_and_no_overflow():
    logits = np.array([[1000.0, 1001.0, 1002.0]])
    with np.errstate(all="raise"):
        P = softmax_with_temperature(logits, 1.0)
    np.testing.assert_allclose(P, softmax_with_temperature([[0.0, 1.0, 2.0]], 1.0))
    assert softmax_with_temperature(logits, 0.01)[0, 2] > 0.999      # -> argmax
    np.testing.assert_allclose(softmax_with_temperature(logits, 1e4), 1 / 3, atol=1e-3)   # -> uniform


def test_same_as_log_probabilities_divided():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 6))
    P = softmax_with_temperature(logits, 1.0)
    np.testing.assert_allclose(softmax_with_temperature(np.log(P), 0.7), softmax_with_temperature(logits, 0.7))


def test_sampling_equals_one_rng_choice_per_row():
    logits = np.random.default_rng(1).normal(size=(500, 9)) * 2
    for tau in (0.3, 1.0, 2.5):
        got = sample_with_temperature(logits, tau, np.random.default_rng(7))
        rng = np.random.default_rng(7)
        want = [rng.choice(9, p=p) for p in softmax_with_temperature(logits, tau)]
        np.testing.assert_array_equal(got, want)
        assert got.dtype.kind == "i" and got.shape == (500,)


def test_sampling_frequencies():
    counts = np.bincount(sample_with_temperature(np.zeros((20000, 2)) + [0.0, np.log(3.0)], 1.0, 0), minlength=2)
    assert abs(counts[1] / 20000 - 0.75) < 0.02


def test_one_generator_moves_on():
    rng = np.random.default_rng(3)
    a = sample_with_temperature(np.zeros((50, 4)), 1.0, rng)
    b = sample_with_temperature(np.zeros((50, 4)), 1.0, rng)
    assert not np.array_equal(a, b)


@pytest.mark.parametrize("call, match", [
    (lambda: softmax_with_temperature([1.0, 2.0], 1.0), "logits has the wrong number of dimensions"),
    (lambda: softmax_with_temperature([[1.0, 2.0]], 0.0), "temperature is out of range"),
    (lambda: sample_with_temperature([[1.0, 2.0]], 1.0, rng="seed"), "rng must be a random generator"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
