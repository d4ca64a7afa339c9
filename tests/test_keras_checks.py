"""Tests of dlkit.keras_checks (architecture, compile, held-out checks) and dlkit.tabular (chapter 07)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit import keras_checks as kc
from dlkit import tabular

keras = pytest.importorskip("keras")

REG_LAYERS = [("Dense", 10, "relu"), ("Dense", 10, "relu"), ("Dense", 1, "linear")]


def sequential(n_in, *layers):
    return keras.Sequential([keras.Input(shape=(n_in,)), *layers])


# --- data -----------------------------------------------------------------------------------------

def test_concrete_like_columns_ranges_and_determinism():
    t = tabular.concrete_like(300, rng=1)
    assert t.shape == (300, 9) and len(tabular.CONCRETE_COLUMNS) == 9
    assert np.array_equal(t, tabular.concrete_like(300, rng=1))
    cement, water, age, strength = t[:, 0], t[:, 3], t[:, 7], t[:, 8]
    assert cement.min() >= 100 and cement.max() <= 540 and water.min() >= 125
    assert set(np.unique(age)) <= set(tabular.AGES.tolist())
    assert strength.min() >= 2.0 and 20 < strength.mean() < 50


def test_concrete_formula_by_hand():
    # Abrams: w/b = 0.5 -> 96.5 / 7**0.5 = 36.47 MPa at 28 days; the age factor 28 / (4 + 0.85*28) = 1.007
    f28 = 96.5 / 7.0 ** 0.5
    assert f28 == pytest.approx(36.473, abs=1e-3)
    assert 28 / (4 + 0.85 * 28) == pytest.approx(1.00719, abs=1e-5)


def test_split_and_normalize():
    X, y = tabular.split_predictors_target(np.arange(12.0).reshape(4, 3))
    assert X.shape == (4, 2) and np.array_equal(y, [2.0, 5.0, 8.0, 11.0])
    tr = np.array([[1.0, 10.0], [3.0, 10.0]])                 # means (2, 10), stds (1, 0 -> 1)
    a, b = tabular.normalize(tr, np.array([[4.0, 12.0]]))
    assert np.allclose(a, [[-1, 0], [1, 0]]) and np.allclose(b, [[2.0, 2.0]])
    X_tr, X_te, y_tr, y_te = tabular.concrete_split(100, 0.2, seed=0)
    assert X_tr.shape == (80, 8) and X_te.shape == (20, 8) and y_te.shape == (20,)
    with pytest.raises(ValueError, match="2-D array"):
        tabular.normalize(np.zeros(3))
    with pytest.raises(ValueError, match="integer >= 1"):
        tabular.concrete_like(0)
    with pytest.raises(ValueError, match="fraction"):
        tabular.concrete_split(100, 1.5)


# --- reading models --------------------------------------------------------------------------------

def test_reference_models_by_hand():
    reg = tabular.regressor(8)
    assert reg.count_params() == (8 * 10 + 10) + (10 * 10 + 10) + (10 + 1) == 211
    assert [d["activation"] for d in kc.layer_summary(reg)] == ["relu", "relu", "linear"]
    clf = tabular.classifier(64, 10)
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
        kc.check_architecture(tabular.regressor(8), REG_LAYERS, n_inputs=9)
    with pytest.raises(ValueError, match="parameters"):
        kc.check_architecture(tabular.regressor(8), [("Dense", None, "relu")] * 2 + [("Dense", 1, None)],
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


# --- explorer -----------------------------------------------------------------------------------------

def test_training_curves_state_and_figure():
    s = tabular.training_curves_state(units=4, learning_rate=0.03, epochs=5)   # the explorer test reuses it
    assert s["n_params"] == 8 * 4 + 4 + 4 * 4 + 4 + 4 + 1 == 61
    assert s["loss"].shape == s["val_loss"].shape == s["val_mae"].shape == (5,)
    assert list(s["epoch"]) == [1, 2, 3, 4, 5]
    assert s["best_epoch"] == int(np.argmin(s["val_loss"])) + 1
    assert s["best_val_loss"] == s["val_loss"].min() and np.all(s["val_mae"] > 0)
    assert np.all(s["val_mae"] ** 2 <= s["val_loss"] + 1e-9)          # MAE^2 <= MSE (Jensen)
    again = tabular.training_curves_state(units=4, learning_rate=0.03, epochs=5)
    assert np.array_equal(again["val_loss"], s["val_loss"])           # cached copy, same numbers
    fig = tabular.training_curves_figure(s)
    assert isinstance(fig, Figure) and fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
    with pytest.raises(ValueError, match="learning_rate"):
        tabular.training_curves_state(learning_rate=0.0)


def test_training_curves_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = tabular.training_curves_explorer(units=4, learning_rate=0.03, epochs=5)
    assert set(box.controls) == {"units", "learning_rate", "epochs"}
    assert len(box.output.outputs) == 1
    first = box.output.outputs[0]["data"]["image/png"]
    box.controls["units"].value = 2
    assert len(box.output.outputs) == 1 and box.output.outputs[0]["data"]["image/png"] != first
