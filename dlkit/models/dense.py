"""The chapters' reference networks of Dense layers (Keras): the regressor and classifier of chapter 07,
the regularisation twin of chapter 08.

Symbols (docs/NAMING.md): D input features, H hidden units, C classes.

    regressor(D, units=(H1, H2, ...))    Input(D) -> Dense(H1, relu) -> ... -> Dense(1)            compiled
    classifier(D, C, units=H)            Input(D) -> Dense(H, relu) -> Dense(C, softmax)           compiled
    twin_model(l2, dropout, units=H)     Input(D) -> [Dense(H, relu, L2) (-> Dropout)] x 2 -> Dense(C, softmax)

Keras is imported inside the functions. Initial weights follow Keras' global seed: build a model inside
dlkit.models.training.seeded(seed) for reproducible weights.
"""

from __future__ import annotations

from dlkit import validate

__all__ = ["regressor", "classifier", "twin_model"]


def regressor(n_features: int, units=(10, 10), learning_rate: float = 0.01):
    """The regression network of 002, compiled: Dense(u, relu) per entry of units, then Dense(1).

    Loss "mse", optimizer Adam(learning_rate), metrics ["mae"].

    Args:
        n_features: D, an int >= 1; units: the hidden layers' sizes (ints >= 1); learning_rate: > 0.

    Returns:
        a compiled keras.Sequential named "regressor".

    Example:
        >>> regressor(8).count_params()            # (8*10 + 10) + (10*10 + 10) + (10 + 1)
        211
    """
    import keras

    n_features = validate.integer(n_features, "n_features", low=1, where="regressor")
    units = [validate.integer(u, "units", low=1, where="regressor") for u in units]
    learning_rate = validate.number(learning_rate, "learning_rate", low=0, low_open=True, where="regressor")
    model = keras.Sequential([keras.Input(shape=(n_features,))], name="regressor")
    for u in units:
        model.add(keras.layers.Dense(u, activation="relu"))
    model.add(keras.layers.Dense(1))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mse", metrics=["mae"])
    return model


def classifier(n_features: int = 64, n_classes: int = 10, units: int = 32, learning_rate: float = 0.01):
    """The classification network of 002, compiled: Dense(units, relu), Dense(n_classes, softmax).

    Loss "categorical_crossentropy" (one-hot targets), optimizer Adam(learning_rate), metrics ["accuracy"].

    Args:
        n_features: D >= 1; n_classes: C >= 2; units: H >= 1; learning_rate: > 0.

    Returns:
        a compiled keras.Sequential named "classifier".

    Example:
        >>> classifier(64, 10).count_params()      # 64*32 + 32 + 32*10 + 10
        2410
    """
    import keras

    n_features = validate.integer(n_features, "n_features", low=1, where="classifier")
    n_classes = validate.integer(n_classes, "n_classes", low=2, where="classifier")
    units = validate.integer(units, "units", low=1, where="classifier")
    learning_rate = validate.number(learning_rate, "learning_rate", low=0, low_open=True, where="classifier")
    model = keras.Sequential([keras.Input(shape=(n_features,)),
                              keras.layers.Dense(units, activation="relu"),
                              keras.layers.Dense(n_classes, activation="softmax")],
                             name="classifier")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def twin_model(l2=0.0, dropout=0.0, units=256, inputs=64, classes=10):
    """The network of chapter 08, uncompiled: [Dense(units, relu) (-> Dropout)] x 2 -> Dense(classes, softmax).

    With l2 > 0 both hidden kernels get keras.regularizers.L2(l2) (penalty l2 * sum W^2); with
    dropout > 0 a Dropout(dropout) follows each hidden layer.

    Args:
        l2: penalty strength >= 0; dropout: rate in [0, 1); units: H >= 1; inputs: D >= 1; classes: C >= 2.

    Returns:
        an uncompiled keras.Sequential.

    Example:
        >>> twin_model(units=8).count_params()     # 64*8 + 8 + 8*8 + 8 + 8*10 + 10
        682
    """
    import keras

    where = "twin_model"
    l2 = validate.number(l2, "l2", low=0, where=where)
    dropout = validate.number(dropout, "dropout", low=0, high=1, high_open=True, where=where)
    units = validate.integer(units, "units", low=1, where=where)
    inputs = validate.integer(inputs, "inputs", low=1, where=where)
    classes = validate.integer(classes, "classes", low=2, where=where)
    reg = keras.regularizers.L2(l2) if l2 else None
    model = keras.Sequential([keras.Input((inputs,))])
    for _ in range(2):
        model.add(keras.layers.Dense(units, activation="relu", kernel_regularizer=reg))
        if dropout:
            model.add(keras.layers.Dropout(dropout))
    model.add(keras.layers.Dense(classes, activation="softmax"))
    return model
