import numpy as np
import pytest

from dlkit import data


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
    with pytest.raises(ValueError, match="received 'xnor'") as err:
        data.logic_gate("xnor")
    assert all(g in str(err.value) for g in ("'and'", "'or'", "'nand'", "'nor'", "'xor'"))
    with pytest.raises(ValueError, match="received None"):
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


def test_two_blobs_centres_are_separation_apart():
    X, y = data.two_blobs(4000, separation=5.0, spread=0.5, rng=0)
    centres = np.array([X[y == c].mean(axis=0) for c in (0, 1)])
    assert np.linalg.norm(centres[1] - centres[0]) == pytest.approx(5.0, abs=0.1)
    assert X[y == 0].std(axis=0) == pytest.approx([0.5, 0.5], abs=0.05)


@pytest.mark.parametrize("kwargs, match", [
    ({"n": 7}, "even"), ({"n": 0}, "even"), ({"n": 4.0}, "even"), ({"n": True}, "even"),
    ({"spread": 0}, "spread"), ({"separation": -1}, "separation"), ({"rng": "seed"}, "rng"),
])
def test_two_blobs_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
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


def test_linearly_separable_reproducible():
    a = data.linearly_separable(30, rng=7)
    b = data.linearly_separable(30, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], data.linearly_separable(30, rng=8)[0])


@pytest.mark.parametrize("kwargs, match", [
    ({"n": 0}, "positive integer"), ({"n": 2.5}, "positive integer"), ({"margin": -0.1}, "margin"),
    ({"margin": 2.0}, "margin"), ({"rng": "seed"}, "rng"),
])
def test_linearly_separable_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        data.linearly_separable(**kwargs)


# --- digits_split -----------------------------------------------------------------------------------

def test_digits_split_shapes_stratified_and_standardised_on_train_only():
    X_tr, X_te, y_tr, y_te = data.digits_split(test_size=0.25, seed=0)
    assert X_tr.shape == (1347, 64) and X_te.shape == (450, 64) and y_te.shape == (450,)
    assert np.allclose(X_tr.mean(axis=0), 0, atol=1e-9)
    assert not np.allclose(X_te.mean(axis=0), 0, atol=1e-3)          # test set scaled with train stats
    assert np.all(np.bincount(y_te, minlength=10) >= 43)             # stratified: 43-46 per class
    assert np.abs(X_te).max() < 1e3                                   # constant train pixels are not divided by ~0
    raw = data.digits_split(standardize=False)[0]
    assert raw.min() == 0 and raw.max() == 16


@pytest.mark.parametrize("kwargs, match", [({"test_size": 1.5}, "fraction"), ({"test_size": 0}, "positive"),
                                           ({"seed": 0.5}, "seed must be an int")])
def test_digits_split_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        data.digits_split(**kwargs)
