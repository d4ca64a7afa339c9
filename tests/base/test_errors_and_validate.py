"""dlkit.errors (the one way to fail) and dlkit.validate (argument checks of every public function)."""

import numpy as np
import pytest

from dlkit import validate
from dlkit.errors import CheckError, fail, fmt, shape_text


def test_fail_builds_the_four_part_message():
    err = fail("f(x) has the wrong shape", expected="(4,)", received="(4, 1)", hint="keep it 1-D")
    assert isinstance(err, CheckError) and isinstance(err, ValueError) and isinstance(err, AssertionError)
    assert str(err) == "f(x) has the wrong shape\n  expected: (4,)\n  received: (4, 1)\nHint: keep it 1-D"
    assert str(fail("only what")) == "only what"


def test_multi_line_values_stay_aligned():
    text = str(fail("wrong", expected=fmt(np.eye(2))))
    first, second = text.splitlines()[1:3]
    assert second.index("[") == first.index("[[") + 1


def test_shape_text():
    assert shape_text((None, 2)) == "(any, 2)" and shape_text((4,)) == "(4,)" and shape_text(()) == "()"


def test_array_validates_and_copies():
    x = [1, 2, 3]
    out = validate.array(x, "x", ndim=1)
    assert out.dtype == float and out.tolist() == [1.0, 2.0, 3.0]
    a = np.ones(3)
    assert validate.array(a, "a") is not a
    with pytest.raises(CheckError, match="x must be numbers"):
        validate.array("abc", "x")
    with pytest.raises(CheckError, match="wrong number of dimensions"):
        validate.array(np.ones((2, 2)), "x", ndim=1)
    with pytest.raises(CheckError, match=r"expected: \(any, 3\)"):
        validate.array(np.ones((2, 2)), "X", shape=(None, 3))
    with pytest.raises(CheckError, match="must be finite"):
        validate.array([1.0, np.nan], "x")
    with pytest.raises(CheckError, match="^f: x"):
        validate.array(None, "x", where="f")


def test_number_and_integer():
    assert validate.number(np.float32(0.5), "p", low=0, high=1) == 0.5
    assert validate.number(np.array(2.0), "b") == 2.0              # a 0-d array is a number
    for bad in (True, "1", [1.0], np.ones(2), float("inf")):
        with pytest.raises(CheckError, match="must be a finite number"):
            validate.number(bad, "lr")
    with pytest.raises(CheckError, match="> 0"):
        validate.number(0.0, "learning_rate", low=0, low_open=True)
    with pytest.raises(CheckError, match="learning_rate=2"):
        validate.number(2.0, "learning_rate", high=1)
    assert validate.integer(np.int64(3), "n", low=1) == 3
    for bad in (3.0, True, "3"):
        with pytest.raises(CheckError, match="must be an integer"):
            validate.integer(bad, "epochs")
    with pytest.raises(CheckError, match=">= 1"):
        validate.integer(0, "epochs", low=1)


def test_choice_and_rng_and_lists():
    assert validate.choice("relu", "name", ("relu", "tanh")) == "relu"
    with pytest.raises(CheckError, match="'relu' or 'tanh'"):
        validate.choice("gelu", "name", ("relu", "tanh"))
    g = np.random.default_rng(1)
    assert validate.rng(g) is g
    assert validate.rng(5).random() == np.random.default_rng(5).random()
    assert validate.rng(None).random() == np.random.default_rng(0).random()
    with pytest.raises(CheckError, match="random generator or a seed"):
        validate.rng(1.5)
    assert validate.array_list((np.ones(2),), "params")[0].shape == (2,)
    with pytest.raises(CheckError, match="list of numpy arrays"):
        validate.array_list(np.ones(2), "params")
    with pytest.raises(CheckError, match="shape of w"):
        validate.same_shape(np.ones(2), np.ones(3), "g", "w")
