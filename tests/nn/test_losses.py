"""dlkit.nn.losses: every loss against keras.losses, hand cases, gradient checks, errors."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn import losses as L
from dlkit.nn.activations import softmax
from dlkit.nn.gradcheck import numerical_gradient, rel_error

rng = np.random.default_rng(0)
Y = rng.random((6, 4))
P = rng.random((6, 4)) * 0.98 + 0.01
YB = (rng.random((6, 4)) > 0.5).astype(float)
Z = rng.normal(scale=3, size=(6, 4))
ONEHOT = np.eye(4)[rng.integers(0, 4, 6)]
LABELS = rng.integers(0, 4, 6)


def _dist(a):
    return a / a.sum(axis=1, keepdims=True)


def cases(keras):
    k = keras.losses
    return [
        (L.mse(Y, P), k.MeanSquaredError()(Y, P)),
        (L.mae(Y, P), k.MeanAbsoluteError()(Y, P)),
        (L.rmse(Y, P), keras.metrics.RootMeanSquaredError()(Y, P)),
        (L.huber(Y, 3 * Z), k.Huber()(Y, 3 * Z)),
        (L.huber(Y, Z, delta=0.5), k.Huber(delta=0.5)(Y, Z)),
        (L.log_cosh(Y, 10 * Z), k.LogCosh()(Y, 10 * Z)),
        (L.binary_crossentropy(YB, P), k.BinaryCrossentropy()(YB, P)),
        (L.binary_crossentropy(YB, Z, from_logits=True), k.BinaryCrossentropy(from_logits=True)(YB, Z)),
        (L.binary_crossentropy(YB[:, 0], P[:, 0]), k.BinaryCrossentropy()(YB[:, 0], P[:, 0])),
        (L.hinge(YB, Z), k.Hinge()(YB, Z)),
        (L.hinge(2 * YB - 1, Z), k.Hinge()(2 * YB - 1, Z)),
        (L.squared_hinge(YB, Z), k.SquaredHinge()(YB, Z)),
        (L.categorical_crossentropy(ONEHOT, P), k.CategoricalCrossentropy()(ONEHOT, P)),
        (L.categorical_crossentropy(ONEHOT, Z, from_logits=True),
         k.CategoricalCrossentropy(from_logits=True)(ONEHOT, Z)),
        (L.sparse_categorical_crossentropy(LABELS, _dist(P)), k.SparseCategoricalCrossentropy()(LABELS, _dist(P))),
        (L.sparse_categorical_crossentropy(LABELS, P), k.SparseCategoricalCrossentropy()(LABELS, P)),
        (L.sparse_categorical_crossentropy(LABELS, Z, from_logits=True),
         k.SparseCategoricalCrossentropy(from_logits=True)(LABELS, Z)),
        (L.kl_divergence(_dist(Y), _dist(P)), k.KLDivergence()(_dist(Y), _dist(P))),
        (L.kl_divergence(ONEHOT, _dist(P)), k.KLDivergence()(ONEHOT, _dist(P))),
        (L.poisson(3 * Y, P), k.Poisson()(3 * Y, P)),
    ]


def test_against_keras():
    keras = pytest.importorskip("keras")
    for i, (ours, theirs) in enumerate(cases(keras)):
        assert isinstance(ours, float)
        np.testing.assert_allclose(ours, float(theirs), rtol=1e-5, err_msg=f"case {i}")


def test_keras_functional_names_match_table():
    keras = pytest.importorskip("keras")
    for name, where in L.KERAS_NAMES.items():
        mod, cls = where.split(" ")[0].rsplit(".", 1)
        obj = keras.losses if mod == "keras.losses" else keras.metrics
        assert hasattr(obj, cls), where


def test_hand_cases():
    assert L.mse([1.0, 2.0], [1.0, 4.0]) == 2.0
    assert L.mae([1.0, 2.0], [1.0, 4.0]) == 1.0
    assert L.rmse([0.0, 0.0], [3.0, 4.0]) == pytest.approx(np.sqrt(12.5))
    assert L.huber([0.0, 0.0], [0.5, 3.0]) == pytest.approx((0.125 + 2.5) / 2)
    assert L.log_cosh([0.0], [0.0]) == 0.0
    assert L.binary_crossentropy([1.0], [0.5]) == pytest.approx(np.log(2))
    assert L.categorical_crossentropy([[0, 1, 0]], [[0.2, 0.5, 0.3]]) == pytest.approx(-np.log(0.5))
    assert L.sparse_categorical_crossentropy([1], [[0.2, 0.5, 0.3]]) == pytest.approx(-np.log(0.5))
    assert L.sparse_categorical_crossentropy([1.0], [[0.2, 0.5, 0.3]]) == pytest.approx(-np.log(0.5))
    assert L.hinge([1.0, -1.0], [2.0, 0.5]) == pytest.approx(0.75)
    assert L.squared_hinge([1.0, -1.0], [2.0, 0.5]) == pytest.approx(1.125)
    assert L.kl_divergence([[0.5, 0.5]], [[0.5, 0.5]]) == pytest.approx(0.0, abs=1e-12)
    assert L.poisson([0.0], [2.0]) == 2.0
    np.testing.assert_allclose(L.log_softmax([0.0, 0.0]), np.log([0.5, 0.5]))
    np.testing.assert_allclose(L.log_softmax(Z), np.log(softmax(Z)), atol=1e-12)    # oracle: log of softmax


def test_logits_are_stable_where_probabilities_fail():
    z = np.array([-800.0])                 # sigmoid(z) underflows to 0
    assert L.binary_crossentropy([1.0], z, from_logits=True) == pytest.approx(800.0)
    assert L.binary_crossentropy([1.0], [0.0]) == pytest.approx(-np.log(L.EPSILON))   # clipped
    assert L.categorical_crossentropy([[1.0, 0.0]], [[-500.0, 500.0]], from_logits=True) == pytest.approx(1000.0)


def test_mse_grad():
    y, p = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    num = numerical_gradient(lambda v: L.mse(y, v), p.copy())
    assert rel_error(L.mse_grad(y, p), num) < 1e-7
    np.testing.assert_allclose(L.mse_grad([1.0, 2.0], [1.0, 4.0]), [0.0, 2.0])


@pytest.mark.parametrize("labels", ["int", "onehot"])
def test_softmax_cross_entropy_with_logits(labels):
    z = rng.normal(size=(5, 3))
    lab = rng.integers(0, 3, 5)
    y = lab if labels == "int" else np.eye(3)[lab]
    loss, dz = L.softmax_cross_entropy_with_logits(z, y)
    assert loss == pytest.approx(L.sparse_categorical_crossentropy(lab, z, from_logits=True))
    num = numerical_gradient(lambda v: L.softmax_cross_entropy_with_logits(v, y)[0], z.copy())
    assert rel_error(dz, num) < 1e-7


def test_softmax_cross_entropy_by_hand():
    loss, dz = L.softmax_cross_entropy_with_logits(np.zeros((1, 2)), [0])
    assert loss == pytest.approx(np.log(2))
    np.testing.assert_allclose(dz, [[-0.5, 0.5]])


def test_errors():
    with pytest.raises(CheckError, match=r"mse: y_pred must have the shape of y_true(.|\n)*expected: \(3,\)"
                                         r"(.|\n)*received: \(4,\)"):
        L.mse(np.zeros(3), np.zeros(4))
    with pytest.raises(CheckError, match="mae: y_pred must be finite"):
        L.mae([1.0], [np.inf])
    with pytest.raises(CheckError, match=r"y_true must be numbers(.|\n)*\(str\)"):
        L.mse("abc", [1.0])
    with pytest.raises(CheckError, match="batch axis"):
        L.mse(1.0, 2.0)
    with pytest.raises(CheckError, match=r"huber: delta is out of range(.|\n)*delta=-1"):
        L.huber([1.0], [1.0], delta=-1)
    with pytest.raises(CheckError, match=r"labels out of range(.|\n)*labels in \[0, 3\)"):
        L.sparse_categorical_crossentropy([3], [[0.2, 0.5, 0.3]])
    with pytest.raises(CheckError, match="integer class labels"):
        L.sparse_categorical_crossentropy([0.5], [[0.2, 0.5, 0.3]])
    with pytest.raises(CheckError, match=r"y_true has the wrong shape(.|\n)*\(2,\)"):
        L.sparse_categorical_crossentropy([0], np.ones((2, 3)) / 3)
    with pytest.raises(CheckError, match=r"logits has the wrong shape(.|\n)*\(any, any\)"):
        L.softmax_cross_entropy_with_logits(np.ones(3), [0])
    with pytest.raises(CheckError, match=r"y has the wrong shape(.|\n)*\(2, 3\)"):
        L.softmax_cross_entropy_with_logits(np.ones((2, 3)), np.ones((2, 2)))
