"""Tabular data for the Keras chapter (07): a concrete-strength-like regression set, normalisation,
the chapter's reference Keras models, and an explorer of training curves.

The concrete set of the source notes (002, after Yeh 1998: 1030 mixes, 8 ingredients and the age,
compressive strength in MPa) is not bundled with any installed library, so `concrete_like` draws a
synthetic set with the same columns and ranges from two textbook formulas:

    Abrams' law (1918):    f28 = A / B ** (w/b)        A = 96.5 MPa, B = 7,  w/b = water / binder
    ACI 209 age factor:    f(t) = f28 * t / (4 + 0.85 t)        t = age in days (1.0 near t = 28)

with binder = cement + 0.6 slag + 0.4 fly ash, a small superplasticizer bonus and Gaussian noise
(3 MPa). Nothing is downloaded; the same rng gives the same rows on every machine.

Shapes: N samples, D = 8 predictors.
    table       (N, 9) float   the 8 predictors, then the target column "strength"
    X           (N, D) float   predictors, one mix per row
    y           (N,)   float   compressive strength in MPa
"""

from __future__ import annotations

import numbers

import numpy as np

from dlkit import plots
from dlkit.checks import CheckError
from dlkit.data import _rng

__all__ = ["CONCRETE_COLUMNS", "concrete_like", "split_predictors_target", "concrete_split", "normalize",
           "regressor", "classifier", "EXPLORER_UNITS", "EXPLORER_RATES", "training_curves_state",
           "training_curves_figure", "training_curves_explorer"]

CONCRETE_COLUMNS = ("cement", "blast_furnace_slag", "fly_ash", "water", "superplasticizer",
                    "coarse_aggregate", "fine_aggregate", "age", "strength")
AGES = np.array([3, 7, 14, 28, 56, 90, 180, 365])      # days, the test ages of the real data set


def _count(value, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise CheckError(f"{name} must be an integer >= {minimum}, received {name}={value!r}")
    return int(value)


def concrete_like(n: int = 600, rng=None) -> np.ndarray:
    """A synthetic concrete-strength table: n mixes, columns CONCRETE_COLUMNS (strength last).

    strength = 96.5 / 7 ** (water / binder) * age / (4 + 0.85 age) + 0.3 superplasticizer + noise,
    binder = cement + 0.6 slag + 0.4 fly ash, noise ~ N(0, 3 MPa), clipped at 2 MPa.

    Args:
        n: number of rows, an int >= 1.
        rng: np.random.Generator or int seed (None: seed 0).

    Returns:
        (n, 9) float array; kg per m^3 of mix for the ingredients, days for age, MPa for strength.

    Example:
        >>> table = concrete_like(5, rng=0)
        >>> table.shape
        (5, 9)
    """
    n = _count(n, "n")
    g = _rng(rng)
    cement = g.uniform(100, 540, n)
    slag = np.where(g.random(n) < 0.5, 0.0, g.uniform(10, 360, n))
    fly_ash = np.where(g.random(n) < 0.55, 0.0, g.uniform(20, 200, n))
    water = g.uniform(125, 245, n)
    superplasticizer = np.where(g.random(n) < 0.35, 0.0, g.uniform(1, 30, n))
    coarse = g.uniform(800, 1145, n)
    fine = g.uniform(595, 990, n)
    age = g.choice(AGES, size=n, p=[0.13, 0.12, 0.06, 0.42, 0.09, 0.09, 0.05, 0.04]).astype(float)
    binder = cement + 0.6 * slag + 0.4 * fly_ash
    f28 = 96.5 / 7.0 ** (water / binder)                       # Abrams' law, MPa
    strength = f28 * age / (4.0 + 0.85 * age) + 0.3 * superplasticizer + g.normal(0.0, 3.0, n)
    strength = np.maximum(strength, 2.0)
    return np.column_stack([cement, slag, fly_ash, water, superplasticizer, coarse, fine, age, strength])


def split_predictors_target(table, target: int = -1):
    """Split a table into predictors (every column but `target`) and the target column.

    Args:
        table: (N, C) array; target: index of the target column (default the last one).

    Returns:
        X (N, C - 1) predictors, y (N,) target.

    Example:
        >>> X, y = split_predictors_target(concrete_like(10))      # (10, 8), (10,)
    """
    table = np.asarray(table, dtype=float)
    if table.ndim != 2 or table.shape[1] < 2:
        raise CheckError(f"table must be a 2-D array with at least 2 columns, received shape {table.shape}")
    target = int(target) % table.shape[1]
    return np.delete(table, target, axis=1), table[:, target].copy()


def concrete_split(n: int = 600, test_size: float = 0.2, seed: int = 0):
    """concrete_like(n, seed) split at random into training and test rows (predictors raw).

    Returns:
        X_train (N_train, 8), X_test (N_test, 8), y_train (N_train,), y_test (N_test,).
    """
    if not (isinstance(test_size, numbers.Real) and 0 < test_size < 1):
        raise CheckError(f"test_size must be a fraction in (0, 1), received test_size={test_size!r}")
    table = concrete_like(n, rng=seed)
    X, y = split_predictors_target(table)
    order = np.random.default_rng(int(seed) + 1).permutation(len(y))
    n_test = max(1, int(round(test_size * len(y))))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def normalize(train, other=None):
    """Standardise columns with the *training* statistics: (x - mean_train) / std_train.

    Args:
        train: (N, D) array whose column means and standard deviations are used.
        other: optional (M, D) array (validation/test/new data) scaled with the same numbers.

    Returns:
        train_n (N, D), or (train_n, other_n) when other is given. A constant column (std 0) is
        divided by 1 instead.
    """
    train = np.asarray(train, dtype=float)
    if train.ndim != 2:
        raise CheckError(f"train must be a 2-D array (N, D), received shape {train.shape}")
    mean, std = train.mean(axis=0), train.std(axis=0)       # (D,) each
    std = np.where(std > 0, std, 1.0)
    if other is None:
        return (train - mean) / std
    other = np.asarray(other, dtype=float)
    if other.ndim != 2 or other.shape[1] != train.shape[1]:
        raise CheckError(f"other must have shape (M, {train.shape[1]}) like train, received {other.shape}")
    return (train - mean) / std, (other - mean) / std


# --- the chapter's reference models ----------------------------------------------------------------

def regressor(n_features: int, units=(10, 10), learning_rate: float = 0.01):
    """The regression network of 002, compiled: Dense(u, relu) per entry of units, then Dense(1).

    Loss "mse", optimizer Adam(learning_rate), metrics ["mae"].
    """
    import keras

    n_features = _count(n_features, "n_features")
    model = keras.Sequential([keras.Input(shape=(n_features,))], name="regressor")
    for u in units:
        model.add(keras.layers.Dense(_count(u, "units"), activation="relu"))
    model.add(keras.layers.Dense(1))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mse", metrics=["mae"])
    return model


def classifier(n_features: int = 64, n_classes: int = 10, units: int = 32, learning_rate: float = 0.01):
    """The classification network of 002, compiled: Dense(units, relu), Dense(n_classes, softmax).

    Loss "categorical_crossentropy" (one-hot targets), optimizer Adam(learning_rate), metrics ["accuracy"].
    """
    import keras

    model = keras.Sequential([keras.Input(shape=(_count(n_features, "n_features"),)),
                              keras.layers.Dense(_count(units, "units"), activation="relu"),
                              keras.layers.Dense(_count(n_classes, "n_classes", 2), activation="softmax")],
                             name="classifier")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


# --- explorer: training curves of the regression network ----------------------------------------------

EXPLORER_UNITS = (1, 2, 4, 10, 16, 32, 64)
EXPLORER_RATES = (0.001, 0.003, 0.01, 0.03, 0.1)
_CURVES_CACHE: dict = {}


def training_curves_state(units: int = 10, learning_rate: float = 0.01, epochs: int = 20, seed: int = 0) -> dict:
    """Train the chapter's regressor (two hidden ReLU layers of `units`) on the concrete-like set.

    Data: concrete_split(600, 0.2, seed=0), predictors normalised with the training statistics. The
    validation MSE/MAE are computed after every epoch on the 120 held-out rows. Results are cached,
    so moving a slider back is instant.

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

    units, epochs = _count(units, "units"), _count(epochs, "epochs")
    if not (isinstance(learning_rate, numbers.Real) and 0 < learning_rate <= 1):
        raise CheckError(f"learning_rate must be in (0, 1], received learning_rate={learning_rate!r}")
    seed = _count(seed, "seed", 0)
    key = (units, float(learning_rate), epochs, seed)
    if key not in _CURVES_CACHE:
        X_tr, X_va, y_tr, y_va = concrete_split(600, 0.2, seed=0)
        X_tr, X_va = normalize(X_tr, X_va)
        X_va32 = X_va.astype("float32")
        val_loss, val_mae = [], []

        class _Validate(keras.callbacks.Callback):     # cheaper than validation_data for a tiny model
            def on_epoch_end(self, epoch, logs=None):
                err = np.asarray(self.model(X_va32, training=False))[:, 0] - y_va    # (N_val,)
                val_loss.append(float(np.mean(err ** 2)))
                val_mae.append(float(np.mean(np.abs(err))))

        keras.utils.set_random_seed(seed)
        model = regressor(8, units=(units, units), learning_rate=float(learning_rate))
        hist = model.fit(X_tr, y_tr, epochs=epochs, batch_size=32, verbose=0, callbacks=[_Validate()])
        best = int(np.argmin(val_loss))
        _CURVES_CACHE[key] = {
            "epoch": np.arange(1, epochs + 1), "loss": np.asarray(hist.history["loss"], dtype=float),
            "val_loss": np.asarray(val_loss), "val_mae": np.asarray(val_mae),
            "best_epoch": best + 1, "best_val_loss": val_loss[best], "best_val_mae": val_mae[best],
            "n_params": int(model.count_params()), "units": units, "learning_rate": float(learning_rate),
            "epochs": epochs, "seed": seed,
        }
    s = _CURVES_CACHE[key]
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in s.items()}


def training_curves_figure(state: dict):
    """Training and validation MSE per epoch (log scale), the best epoch marked; returns the Figure."""
    from matplotlib.ticker import MaxNLocator

    fig, ax = plots.new_figure(figsize=(6, 3.6))
    ax.plot(state["epoch"], state["loss"], label="training loss")
    ax.plot(state["epoch"], state["val_loss"], label="validation loss", linestyle="--")
    ax.plot([state["best_epoch"]], [state["best_val_loss"]], marker="*", markersize=14, linestyle="none",
            color=plots.PALETTE[3], label=f"best epoch {state['best_epoch']}")
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend()
    plots.label(ax, "epoch", "MSE (MPa², log scale)",
                f"{state['units']} units x 2, learning rate {state['learning_rate']:g}: "
                f"best val MAE {state['best_val_mae']:.2f} MPa")
    return fig


def training_curves_explorer(units: int = 10, learning_rate: float = 0.01, epochs: int = 20):
    """Sliders for hidden units, learning rate and epochs over the regressor's training curves.

    Each new setting trains the small network (about a second; cached afterwards).

    Returns:
        ipywidgets.VBox with ``box.controls`` ({"units", "learning_rate", "epochs"}) and ``box.output``.
    """
    import ipywidgets as W

    from dlkit.widgets import figure_output

    if units not in EXPLORER_UNITS or learning_rate not in EXPLORER_RATES:
        raise CheckError(f"expected units in {EXPLORER_UNITS} and learning_rate in {EXPLORER_RATES}, received "
                         f"units={units!r}, learning_rate={learning_rate!r}")
    controls = {
        "units": W.SelectionSlider(options=list(EXPLORER_UNITS), value=units, description="units",
                                   continuous_update=False),
        "learning_rate": W.SelectionSlider(options=list(EXPLORER_RATES), value=learning_rate,
                                           description="learning rate", continuous_update=False),
        "epochs": W.IntSlider(value=epochs, min=5, max=60, step=5, description="epochs",
                              continuous_update=False),
    }
    note = W.HTML()
    out = W.Output()

    def redraw(_change=None):
        s = training_curves_state(controls["units"].value, controls["learning_rate"].value,
                                  controls["epochs"].value)
        note.value = (f"{s['n_params']} parameters; lowest validation MSE {s['best_val_loss']:.1f} at epoch "
                      f"{s['best_epoch']} of {s['epochs']} (MAE {s['best_val_mae']:.2f} MPa)")
        out.outputs = (figure_output(training_curves_figure(s)),)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox([controls["units"], controls["learning_rate"], controls["epochs"]]), note, out])
    box.controls = controls
    box.output = out
    return box
