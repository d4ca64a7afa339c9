"""Tests of dlkit.models.dense: the reference networks of chapters 07 and 08 (small and fast)."""

import numpy as np
import pytest

from dlkit.errors import CheckError

keras = pytest.importorskip("keras")
from dlkit.models import dense  # noqa: E402


def _numpy_forward(model, X, last="linear"):
    """A naive forward pass with the model's own weights: relu on every hidden Dense layer."""
    A = np.asarray(X, dtype=float)
    denses = [la for la in model.layers if isinstance(la, keras.layers.Dense)]
    for k, layer in enumerate(denses):
        W, b = (np.asarray(v, dtype=float) for v in layer.get_weights())
        Z = A @ W + b                                             # (N, D) @ (D, H) -> (N, H)
        if k < len(denses) - 1:
            A = np.maximum(Z, 0)
        elif last == "softmax":
            E = np.exp(Z - Z.max(axis=1, keepdims=True))
            A = E / E.sum(axis=1, keepdims=True)
        else:
            A = Z
    return A


def test_reference_models_by_hand():
    reg = dense.regressor(8)
    assert reg.count_params() == (8 * 10 + 10) + (10 * 10 + 10) + (10 + 1) == 211
    assert [la.activation.__name__ for la in reg.layers] == ["relu", "relu", "linear"]
    assert reg.loss == "mse" and isinstance(reg.optimizer, keras.optimizers.Adam)
    assert float(reg.optimizer.learning_rate) == pytest.approx(0.01)
    clf = dense.classifier(64, 10)
    assert clf.count_params() == 64 * 32 + 32 + 32 * 10 + 10 == 2410
    assert clf.loss == "categorical_crossentropy"
    assert dense.regressor(3, units=(4,)).count_params() == 3 * 4 + 4 + 4 + 1


def test_twin_model_layers_penalty_and_dropout():
    plain = dense.twin_model(units=8)
    assert plain.count_params() == 64 * 8 + 8 + 8 * 8 + 8 + 8 * 10 + 10
    assert [type(la).__name__ for la in plain.layers] == ["Dense", "Dense", "Dense"]
    twin = dense.twin_model(l2=1e-3, dropout=0.5, units=8)
    assert [type(la).__name__ for la in twin.layers] == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert twin.layers[0].kernel_regularizer.l2 == pytest.approx(1e-3)
    assert not getattr(twin, "compiled", False)


def test_forward_passes_agree_with_numpy():
    X = np.random.default_rng(0).normal(size=(5, 8)).astype("float32")
    reg = dense.regressor(8, units=(6, 4))
    np.testing.assert_allclose(np.asarray(reg(X)), _numpy_forward(reg, X), rtol=1e-4, atol=1e-5)
    clf = dense.classifier(8, 3, units=5)
    np.testing.assert_allclose(np.asarray(clf(X)), _numpy_forward(clf, X, "softmax"), rtol=1e-4, atol=1e-6)
    twin = dense.twin_model(dropout=0.3, units=6, inputs=8, classes=4)
    np.testing.assert_allclose(np.asarray(twin(X, training=False)), _numpy_forward(twin, X, "softmax"),
                               rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("call, match", [
    (lambda: dense.regressor(0), "n_features is out of range"),
    (lambda: dense.regressor(8, units=(10, 2.5)), "units must be an integer"),
    (lambda: dense.regressor(8, learning_rate=0), "learning_rate is out of range"),
    (lambda: dense.classifier(64, 1), "n_classes is out of range"),
    (lambda: dense.twin_model(dropout=1.0), "dropout is out of range"),
    (lambda: dense.twin_model(l2=-1.0), "l2 is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
