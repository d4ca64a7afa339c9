"""Training curves of chapter 07's regressor: the state (a small Keras training run), the figure, the explorer.

Symbols (docs/NAMING.md): E epochs, H hidden units per layer.
    loss, val_loss   (E,)   training and validation MSE (MPa^2) after each epoch
    val_mae          (E,)   validation mean absolute error (MPa)

Data: dlkit.data.tabular.concrete_splits(600, seed=0): the 360 training rows are fitted, the 120
validation rows scored after every epoch (the best epoch is chosen on them); the test rows are never
read here. Predictors normalised with the training statistics; model: dlkit.models.dense.regressor(8,
units=(H, H), learning_rate), trained inside dlkit.models.training.seeded(seed), so the learner's global
random state is left alone.
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.data.tabular import concrete_splits, normalize
from dlkit.models.dense import regressor
from dlkit.models.training import seeded
from dlkit.viz import explorer as ex
from dlkit.viz.style import PALETTE, label, new_figure

__all__ = ["EXPLORER_UNITS", "EXPLORER_RATES", "training_curves_state", "training_curves_figure",
           "training_curves_explorer"]

EXPLORER_UNITS = (1, 2, 4, 10, 16, 32, 64)
EXPLORER_RATES = (0.001, 0.003, 0.01, 0.03, 0.1)
_CURVES_CACHE: dict = {}


def training_curves_state(units: int = 10, learning_rate: float = 0.01, epochs: int = 20, seed: int = 0) -> dict:
    """Train the chapter's regressor (two hidden ReLU layers of `units`) on the concrete-like set.

    The validation MSE/MAE are computed after every epoch on the 120 validation rows of
    concrete_splits(600, seed=0) (never on its test rows). Results are cached, so moving a slider back
    is instant.

    Args:
        units: H >= 1; learning_rate: in (0, 1]; epochs: E >= 1; seed: int >= 0 (weights and shuffles).

    Returns:
        dict with epoch (E,) 1..E, loss (E,) training MSE, val_loss (E,), val_mae (E,),
        best_epoch (int, 1-based argmin of val_loss), best_val_loss, best_val_mae, n_params (int),
        units, learning_rate, epochs, seed.

    Example:
        >>> s = training_curves_state(units=4, epochs=3)
        >>> s["n_params"]                # 8*4+4 + 4*4+4 + 4+1
        61
    """
    import keras

    where = "training_curves_state"
    units = validate.integer(units, "units", low=1, where=where)
    epochs = validate.integer(epochs, "epochs", low=1, where=where)
    learning_rate = validate.number(learning_rate, "learning_rate", low=0, high=1, low_open=True, where=where)
    seed = validate.integer(seed, "seed", low=0, where=where)
    key = (units, learning_rate, epochs, seed)
    if key not in _CURVES_CACHE:
        s = concrete_splits(600, seed=0)
        X_tr, X_va = normalize(s.X_train, s.X_val)                  # training statistics for both
        y_tr, y_va = s.y_train, s.y_val
        X_va32 = X_va.astype("float32")
        val_loss, val_mae = [], []

        class _Validate(keras.callbacks.Callback):     # cheaper than validation_data for a tiny model
            def on_epoch_end(self, epoch, logs=None):
                err = np.asarray(self.model(X_va32, training=False))[:, 0] - y_va    # (N_val,)
                val_loss.append(float(np.mean(err ** 2)))
                val_mae.append(float(np.mean(np.abs(err))))

        with seeded(seed):
            model = regressor(8, units=(units, units), learning_rate=learning_rate)
            hist = model.fit(X_tr, y_tr, epochs=epochs, batch_size=32, verbose=0, callbacks=[_Validate()])
        best = int(np.argmin(val_loss))
        _CURVES_CACHE[key] = {
            "epoch": np.arange(1, epochs + 1), "loss": np.asarray(hist.history["loss"], dtype=float),
            "val_loss": np.asarray(val_loss), "val_mae": np.asarray(val_mae),
            "best_epoch": best + 1, "best_val_loss": val_loss[best], "best_val_mae": val_mae[best],
            "n_params": int(model.count_params()), "units": units, "learning_rate": learning_rate,
            "epochs": epochs, "seed": seed,
        }
    s = _CURVES_CACHE[key]
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in s.items()}


def training_curves_figure(state: dict):
    """Training and validation MSE per epoch (log scale), the best epoch marked; returns the Figure.

    Args:
        state: a dict from training_curves_state.
    """
    from matplotlib.ticker import MaxNLocator

    fig, ax = new_figure(figsize=(6, 3.6))
    ax.plot(state["epoch"], state["loss"], label="training loss")
    ax.plot(state["epoch"], state["val_loss"], label="validation loss", linestyle="--")
    ax.plot([state["best_epoch"]], [state["best_val_loss"]], marker="*", markersize=14, linestyle="none",
            color=PALETTE[3], label=f"best epoch {state['best_epoch']}")
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend()
    label(ax, "epoch", "MSE (MPa², log scale)",
          f"{state['units']} units x 2, learning rate {state['learning_rate']:g}: "
          f"best val MAE {state['best_val_mae']:.2f} MPa")
    return fig


def _message(s) -> str:
    return (f"{s['n_params']} parameters; lowest validation MSE {s['best_val_loss']:.1f} at epoch "
            f"{s['best_epoch']} of {s['epochs']} (MAE {s['best_val_mae']:.2f} MPa)")


def training_curves_explorer(units: int = 10, learning_rate: float = 0.01, epochs: int = 20):
    """Menus for hidden units and learning rate and an epochs slider over the regressor's training curves.

    Each new setting trains the small network (about a second; cached afterwards).

    Args:
        units: one of EXPLORER_UNITS; learning_rate: one of EXPLORER_RATES; epochs: 5..60.

    Returns:
        ipywidgets.VBox (dlkit.viz.explorer.explorer) with ``box.controls`` ({"units", "learning_rate",
        "epochs"}), ``box.output`` and ``box.message``.
    """
    validate.choice(units, "units", EXPLORER_UNITS, where="training_curves_explorer")
    validate.choice(learning_rate, "learning_rate", EXPLORER_RATES, where="training_curves_explorer")
    epochs = validate.integer(epochs, "epochs", low=5, high=60, where="training_curves_explorer")
    controls = {
        "units": ex.choice(list(EXPLORER_UNITS), units),
        "learning_rate": ex.choice(list(EXPLORER_RATES), learning_rate, label="learning rate"),
        "epochs": ex.int_slider(5, 60, epochs, step=5),
    }
    return ex.explorer(controls, state=training_curves_state, figure=training_curves_figure, message=_message)
