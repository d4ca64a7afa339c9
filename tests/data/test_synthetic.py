"""dlkit.data.synthetic: logic gates by hand and against Python's operators, blobs, separable points."""

import numpy as np
import pytest

from dlkit.data import synthetic as data
from dlkit.errors import CheckError

# --- logic_gate ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, outputs", [
    ("and", [0, 0, 0, 1]),
    ("or", [0, 1, 1, 1]),
    ("nand", [1, 1, 1, 0]),
    ("nor", [1, 0, 0, 0]),
    ("xor", [0, 1, 1, 0]),
])
def test_truth_tables_by_hand(name, outputs):
    X, y = data.logic_gate(name.upper())
    assert X.dtype == float and X.shape == (4, 2) and X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.dtype.kind == "i" and y.tolist() == outputs


def test_truth_tables_oracle_python_operators():
    X, _ = data.logic_gate("and")
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    oracle = {"and": a & b, "or": a | b, "nand": ~(a & b), "nor": ~(a | b), "xor": a ^ b}
    for name, expected in oracle.items():
        np.testing.assert_array_equal(data.logic_gate(name)[1], expected.astype(int))


def test_unknown_gate_lists_valid_names():
    with pytest.raises(CheckError, match=r"logic_gate: name is not one of the choices(.|\n)*'xnor'") as err:
        data.logic_gate("xnor")
    assert all(g in str(err.value) for g in ("'and'", "'or'", "'nand'", "'nor'", "'xor'"))
    with pytest.raises(CheckError, match="received: None"):
        data.logic_gate(None)


# --- two_blobs -------------------------------------------------------------------------------------

def test_two_blobs_shapes_balance_and_reproducibility():
    X1, y1 = data.two_blobs(50, rng=3)
    X2, y2 = data.two_blobs(50, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert X1.shape == (50, 2) and X1.dtype == float and y1.shape == (50,) and y1.dtype.kind == "i"
    assert np.bincount(y1).tolist() == [25, 25]
    assert not np.array_equal(X1, data.two_blobs(50, rng=4)[0])
    np.testing.assert_array_equal(data.two_blobs(10)[0], data.two_blobs(10, rng=0)[0])  # default seed 0


def test_two_blobs_zero_separation_is_one_blob():
    X, y = data.two_blobs(2000, separation=0.0, spread=1.0, rng=1)
    centres = np.array([X[y == c].mean(axis=0) for c in (0, 1)])
    assert np.allclose(centres, 0.0, atol=0.1)                         # c = 0: both blobs at the origin


def test_two_blobs_centres_are_separation_apart():
    X, y = data.two_blobs(4000, separation=5.0, spread=0.5, rng=0)
    centres = np.array([X[y == c].mean(axis=0) for c in (0, 1)])
    assert np.linalg.norm(centres[1] - centres[0]) == pytest.approx(5.0, abs=0.1)
    assert X[y == 0].std(axis=0) == pytest.approx([0.5, 0.5], abs=0.05)
    c = 5.0 / (2 * np.sqrt(2))                                         # the formula's centre (c, c)
    assert centres[1] == pytest.approx([c, c], abs=0.05)


@pytest.mark.parametrize("kwargs, match", [
    ({"n": 7}, "even"), ({"n": 0}, "n is out of range"), ({"n": 4.0}, "n must be an integer"),
    ({"n": True}, "n must be an integer"),
    ({"spread": 0}, "spread is out of range"), ({"separation": -1}, "separation is out of range"),
    ({"rng": "seed"}, "rng must be a random generator"),
])
def test_two_blobs_errors(kwargs, match):
    with pytest.raises(CheckError, match=match):
        data.two_blobs(**kwargs)


# --- linearly_separable ----------------------------------------------------------------------------

def test_linearly_separable_true_line_separates_with_margin():
    for seed in range(5):
        X, y, (w, b) = data.linearly_separable(200, margin=0.4, rng=seed)
        z = X @ w + b
        assert X.shape == (200, 2) and y.shape == (200,) and y.dtype.kind == "i"
        assert np.linalg.norm(w) == pytest.approx(1.0) and isinstance(b, float)
        assert np.all(np.abs(z) >= 0.4)  # distance to the line, since |w| = 1
        np.testing.assert_array_equal(y, (z > 0).astype(int))
        assert np.all((X >= -3) & (X <= 3)) and set(y.tolist()) == {0, 1}


def test_linearly_separable_is_separable_for_a_perceptron():
    # Oracle: scikit-learn's Perceptron reaches 100 % on it.
    from sklearn.linear_model import Perceptron

    X, y, _ = data.linearly_separable(100, margin=0.5, rng=2)
    assert Perceptron(max_iter=1000, tol=None, random_state=0).fit(X, y).score(X, y) == 1.0


def test_linearly_separable_reproducible():
    a = data.linearly_separable(30, rng=7)
    b = data.linearly_separable(30, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], data.linearly_separable(30, rng=8)[0])


@pytest.mark.parametrize("kwargs, match", [
    ({"n": 0}, "n is out of range"), ({"n": 2.5}, "n must be an integer"),
    ({"margin": -0.1}, "margin is out of range"), ({"margin": 2.0}, r"margin is out of range(.|\n)*< 2"),
    ({"rng": "seed"}, "rng must be a random generator"),
])
def test_linearly_separable_errors(kwargs, match):
    with pytest.raises(CheckError, match=match):
        data.linearly_separable(**kwargs)


# --- class_first --------------------------------------------------------------------------------

def test_class_first_by_hand():
    X = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0], [4.0, 0.0]])
    Xo, yo = data.class_first(X, np.array([1, 1, 0, 0]))
    assert Xo[:, 0].tolist() == [3.0, 1.0, 2.0, 4.0] and yo.tolist() == [0, 1, 1, 0]
    Xo, yo = data.class_first(X, np.array([0, 1, 0, 1]), label=1)
    assert Xo[:, 0].tolist() == [2.0, 1.0, 3.0, 4.0] and yo.tolist() == [1, 0, 0, 1]


def test_class_first_keeps_the_examples_and_the_caller_s_arrays():
    X, y, _ = data.linearly_separable(n=30, rng=1)
    X_copy = X.copy()
    Xo, yo = data.class_first(X, y)
    assert yo[0] == 0 and sorted(map(tuple, Xo)) == sorted(map(tuple, X))
    np.testing.assert_array_equal(X, X_copy)
    # every example keeps its label
    lookup = {tuple(x): label for x, label in zip(X, y)}
    assert all(lookup[tuple(x)] == label for x, label in zip(Xo, yo))


def test_class_first_errors():
    with pytest.raises(CheckError, match="no example of the class"):
        data.class_first(np.ones((3, 2)), [1, 1, 1])
    with pytest.raises(CheckError, match="y has the wrong shape"):
        data.class_first(np.ones((3, 2)), [0, 1])
