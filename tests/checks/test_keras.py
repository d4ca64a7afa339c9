"""Tests of dlkit.checks.keras (architecture, compile, held-out checks) on chapter 07's reference models."""

import numpy as np
import pytest

from dlkit.checks import keras as kc
from dlkit.errors import CheckError

keras = pytest.importorskip("keras")
from dlkit.models import dense  # noqa: E402

REG_LAYERS = [("Dense", 10, "relu"), ("Dense", 10, "relu"), ("Dense", 1, "linear")]


def sequential(n_in, *layers):
    return keras.Sequential([keras.Input(shape=(n_in,)), *layers])


# --- reading models --------------------------------------------------------------------------------

def test_reference_models_by_hand():
    reg = dense.regressor(8)
    assert reg.count_params() == (8 * 10 + 10) + (10 * 10 + 10) + (10 + 1) == 211
    assert [d["activation"] for d in kc.layer_summary(reg)] == ["relu", "relu", "linear"]
    clf = dense.classifier(64, 10)
    assert clf.count_params() == 64 * 32 + 32 + 32 * 10 + 10 == 2410
    s = kc.compile_summary(clf)
    assert s["loss"] == "categorical_crossentropy" and s["optimizer"] == "adam"
    assert s["metrics"] == ["accuracy"] and s["learning_rate"] == pytest.approx(0.01)


def test_activation_layers_fold_and_functional_api_reads_the_same():
    m = sequential(8, keras.layers.Dense(10), keras.layers.ReLU(), keras.layers.Dense(10),
                   keras.layers.Activation("relu"), keras.layers.Dense(1))
    kc.check_architecture(m, REG_LAYERS, n_inputs=8, n_params=211)
    inp = keras.Input(shape=(8,))
    h = keras.layers.Dense(10, activation="relu")(keras.layers.Dense(10, activation="relu")(inp))
    f = keras.Model(inp, keras.layers.Dense(1)(h))
    kc.check_architecture(f, REG_LAYERS, n_inputs=8, n_params=211)


@pytest.mark.parametrize("loss, name", [("mse", "mean_squared_error"), ("MSE", "mean_squared_error"),
                                        ("mean_squared_error", "mean_squared_error")])
def test_loss_names_are_canonical(loss, name):
    m = sequential(2, keras.layers.Dense(1))
    m.compile(optimizer="adam", loss=loss)
    assert kc.compile_summary(m)["loss"] == name
    m.compile(optimizer="adam", loss=keras.losses.MeanSquaredError())
    assert kc.compile_summary(m)["loss"] == name
    m.compile(optimizer="adam", loss=keras.losses.mean_squared_error, metrics=[keras.metrics.MeanAbsoluteError(),
                                                                               "acc", keras.metrics.AUC()])
    assert kc.compile_summary(m)["loss"] == name
    assert kc.compile_summary(m)["metrics"] == ["mean_absolute_error", "accuracy", "auc"]


# --- the checks' messages ---------------------------------------------------------------------------

def test_architecture_mistakes_are_named():
    sig = sequential(64, keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="sigmoid"))
    with pytest.raises(ValueError, match="softmax"):
        kc.check_architecture(sig, [("Dense", 32, "relu"), ("Dense", 10, "softmax")])
    lin = sequential(8, keras.layers.Dense(10), keras.layers.Dense(10), keras.layers.Dense(1))
    with pytest.raises(ValueError, match="Dense\\(units\\) without an activation is linear"):
        kc.check_architecture(lin, REG_LAYERS)
    relu_out = sequential(8, keras.layers.Dense(10, activation="relu"), keras.layers.Dense(10, activation="relu"),
                          keras.layers.Dense(1, activation="relu"))
    with pytest.raises(ValueError, match="regression output must be linear"):
        kc.check_architecture(relu_out, REG_LAYERS)
    wide = sequential(8, keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10, activation="relu"),
                      keras.layers.Dense(1))
    with pytest.raises(ValueError, match="wrong units"):
        kc.check_architecture(wide, REG_LAYERS)
    with pytest.raises(ValueError, match="has 2 layers"):
        kc.check_architecture(sequential(8, keras.layers.Dense(10, activation="relu"), keras.layers.Dense(1)),
                              REG_LAYERS)
    with pytest.raises(ValueError, match="reads 8 input features"):
        kc.check_architecture(dense.regressor(8), REG_LAYERS, n_inputs=9)
    with pytest.raises(ValueError, match="parameters"):
        kc.check_architecture(dense.regressor(8), [("Dense", None, "relu")] * 2 + [("Dense", 1, None)],
                              n_params=200)


def test_compile_mistakes_are_named():
    m = sequential(4, keras.layers.Dense(3, activation="softmax"))
    with pytest.raises(ValueError, match="not compiled"):
        kc.check_compiled(m, loss="categorical_crossentropy")
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    with pytest.raises(ValueError, match="integer labels"):
        kc.check_compiled(m, loss="categorical_crossentropy")
    with pytest.raises(ValueError, match="learning rate"):
        kc.check_compiled(m, learning_rate=0.01)
    m.compile(optimizer="sgd", loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    with pytest.raises(ValueError, match="from_logits"):
        kc.check_compiled(m, loss="categorical_crossentropy")
    with pytest.raises(ValueError, match="wrong optimizer"):
        kc.check_compiled(m, optimizer="adam")
    with pytest.raises(ValueError, match="missing compile metrics"):
        kc.check_compiled(m, metrics=["accuracy"])
    m.compile(optimizer="adam", loss="categorical_crossentropy", metrics=[keras.metrics.Accuracy()])
    with pytest.raises(ValueError, match="exact_match_accuracy"):          # equality, not class accuracy
        kc.check_compiled(m, metrics=["accuracy"])
    with pytest.raises(ValueError, match="forget to `return`"):
        kc.check_compiled(None)
    with pytest.raises(ValueError, match="not a Keras model"):
        kc.check_architecture("model", REG_LAYERS)


def test_held_out_score_by_hand():
    m = sequential(2, keras.layers.Dense(2, activation="softmax"))
    m.layers[0].set_weights([np.eye(2, dtype="float32") * 10, np.zeros(2, dtype="float32")])
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 2.0], [3.0, 0.0]])    # predicted classes 0, 1, 1, 0
    assert kc.held_out_score(m, X, np.array([0, 1, 0, 0])) == 0.75
    assert kc.held_out_score(m, X, np.eye(2)[[0, 1, 1, 0]]) == 1.0
    assert kc.check_held_out(m, X, [0, 1, 1, 0], "accuracy", 0.9) == 1.0
    with pytest.raises(ValueError, match="expected >= 0.9"):
        kc.check_held_out(m, X, [1, 0, 1, 0], "accuracy", 0.9, hint="train longer")
    r = sequential(1, keras.layers.Dense(1))
    r.layers[0].set_weights([np.array([[2.0]], dtype="float32"), np.array([1.0], dtype="float32")])
    x, y = np.array([[0.0], [1.0]]), np.array([1.0, 5.0])                # predictions 1, 3: errors 0, 2
    assert kc.held_out_score(r, x, y, "mae") == pytest.approx(1.0)
    assert kc.held_out_score(r, x, y, "mse") == pytest.approx(2.0)
    with pytest.raises(ValueError, match="expected <= 0.5"):
        kc.check_held_out(r, x, y, "mae", 0.5)
    with pytest.raises(ValueError, match="metric must be"):
        kc.held_out_score(r, x, y, "r2")


def test_describe_is_plain_data_and_checks_accept_it():
    """The grader judges describe()'s dict without Keras: the checks give the same verdicts on it."""
    from dlkit.checks import wire

    m = dense.regressor(8)
    X = np.zeros((3, 8), dtype="float32")
    d = wire.roundtrip(kc.describe(m, X))
    assert d["model"] is True and d["n_inputs"] == 8 and d["n_params"] == 211
    assert d["predictions"].shape == (3, 1) and d["compile"]["loss"] == "mean_squared_error"
    kc.check_architecture(d, REG_LAYERS, n_inputs=8, n_params=211)
    kc.check_compiled(d, loss="mse", optimizer="adam", learning_rate=0.01, metrics=["mae"])
    assert kc.held_out_score(d, X, np.zeros(3), "mae") == pytest.approx(float(np.mean(np.abs(m.predict(X, verbose=0)))))
    with pytest.raises(CheckError, match="wrong loss"):
        kc.check_compiled(d, loss="categorical_crossentropy")


def test_describe_of_something_else():
    assert kc.describe(None) == {"model": False, "received": "None"}
    assert kc.describe((dense.regressor(2), None))["received"].startswith("tuple of 2")
    with pytest.raises(CheckError, match="is a tuple"):
        kc.check_model(kc.describe((dense.regressor(2), None)))
    with pytest.raises(CheckError, match="not a Keras model"):
        kc.check_model({"model": False, "received": "History"})


def test_importing_the_checks_imports_no_keras():
    import subprocess
    import sys

    code = "import sys, dlkit.checks.keras\nassert 'keras' not in sys.modules and 'tensorflow' not in sys.modules\n"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
