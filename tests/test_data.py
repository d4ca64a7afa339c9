import numpy as np
import pytest

from dlkit import data


def test_logic_gates_by_hand():
    X, y = data.logic_gate("AND")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert y.tolist() == [0, 0, 0, 1] and y.dtype.kind == "i"
    assert data.logic_gate("xor")[1].tolist() == [0, 1, 1, 0]
    assert data.logic_gate("nand")[1].tolist() == [1, 1, 1, 0]
    with pytest.raises(ValueError, match="received 'xnor'"):
        data.logic_gate("xnor")


def test_two_blobs_reproducible_and_balanced():
    X1, y1 = data.two_blobs(50, rng=3)
    X2, y2 = data.two_blobs(50, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X2)
    assert X1.shape == (50, 2) and np.bincount(y1).tolist() == [25, 25]
    assert not np.array_equal(X1, data.two_blobs(50, rng=4)[0])
    with pytest.raises(ValueError, match="even"):
        data.two_blobs(7)


def test_linearly_separable_has_its_margin():
    X, y, (w, b) = data.linearly_separable(200, margin=0.4, rng=1)
    z = X @ w + b
    assert np.all(np.abs(z) >= 0.4) and np.array_equal(y, (z > 0).astype(int))
    with pytest.raises(ValueError, match="rng"):
        data.linearly_separable(10, rng="seed")
