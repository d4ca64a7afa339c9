"""Tests of dlkit.viz.curves: the regressor's training curves (a tiny Keras run), figure, explorer wiring."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit.errors import CheckError

pytest.importorskip("keras")
from dlkit.viz import curves  # noqa: E402


@pytest.fixture(scope="module")
def state():
    return curves.training_curves_state(units=4, learning_rate=0.03, epochs=5)   # the explorer test reuses it


def test_training_curves_state(state):
    s = state
    assert s["n_params"] == 8 * 4 + 4 + 4 * 4 + 4 + 4 + 1 == 61
    assert s["loss"].shape == s["val_loss"].shape == s["val_mae"].shape == (5,)
    assert list(s["epoch"]) == [1, 2, 3, 4, 5]
    assert s["best_epoch"] == int(np.argmin(s["val_loss"])) + 1
    assert s["best_val_loss"] == s["val_loss"].min() and np.all(s["val_mae"] > 0)
    assert np.all(s["val_mae"] ** 2 <= s["val_loss"] + 1e-9)          # MAE^2 <= MSE (Jensen)
    again = curves.training_curves_state(units=4, learning_rate=0.03, epochs=5)
    assert np.array_equal(again["val_loss"], s["val_loss"])           # cached copy, same numbers
    again["val_loss"][:] = 0
    assert curves.training_curves_state(units=4, learning_rate=0.03, epochs=5)["val_loss"].min() > 0


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_training_is_reproducible_from_the_seed():
    """The oracle for the seeding: a fresh run (cache cleared) gives the same curve as the first."""
    a = curves.training_curves_state(units=2, learning_rate=0.1, epochs=2, seed=9)
    del curves._CURVES_CACHE[(2, 0.1, 2, 9)]
    b = curves.training_curves_state(units=2, learning_rate=0.1, epochs=2, seed=9)
    np.testing.assert_allclose(a["val_loss"], b["val_loss"], rtol=1e-6)



@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_validation_rows_are_the_validation_split():
    """The oracle: the same seeded run by hand, scored on concrete_splits' validation rows (not its test rows)."""
    import keras

    from dlkit.data.tabular import concrete_splits, normalize
    from dlkit.models.dense import regressor
    from dlkit.models.training import seeded

    got = curves.training_curves_state(units=2, learning_rate=0.1, epochs=1, seed=5)
    s = concrete_splits(600, seed=0)
    X_tr, X_va = normalize(s.X_train, s.X_val)
    with seeded(5):
        model = regressor(8, units=(2, 2), learning_rate=0.1)
        model.fit(X_tr, s.y_train, epochs=1, batch_size=32, verbose=0)
    err = np.asarray(model(X_va.astype("float32"), training=False))[:, 0] - s.y_val
    np.testing.assert_allclose(got["val_loss"], [np.mean(err ** 2)], rtol=1e-5)
    assert keras.backend.backend()


def test_training_curves_figure(state):
    fig = curves.training_curves_figure(state)
    assert isinstance(fig, Figure) and fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
    assert "best val MAE" in fig.axes[0].get_title()


def test_errors():
    with pytest.raises(CheckError, match="learning_rate is out of range"):
        curves.training_curves_state(learning_rate=0.0)
    with pytest.raises(CheckError, match="units must be an integer"):
        curves.training_curves_state(units=2.5)
    with pytest.raises(CheckError, match="units is not one of the choices"):
        curves.training_curves_explorer(units=3)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_training_curves_explorer_wiring_headless(state):
    pytest.importorskip("ipywidgets")
    box = curves.training_curves_explorer(units=4, learning_rate=0.03, epochs=5)
    assert set(box.controls) == {"units", "learning_rate", "epochs"}
    assert len(box.output.outputs) == 1 and "61 parameters" in box.message.value
    first = box.output.outputs[0]["data"]["image/png"]
    box.controls["units"].value = 2
    assert len(box.output.outputs) == 1 and box.output.outputs[0]["data"]["image/png"] != first
    assert "27 parameters" in box.message.value                      # 8*2+2 + 2*2+2 + 2+1
