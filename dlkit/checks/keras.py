"""Learner-facing checks for Keras models: architecture, compile configuration, held-out metric.

Like dlkit.checks, every check returns None when the model is right and otherwise raises `CheckError`
(an AssertionError and a ValueError) saying what is wrong, what was expected, what was received and
what to try. The checks read the model, never trust it: the held-out metric is computed here with
numpy from `model.predict`, not read from the model's own metrics.

    check_architecture(model, [("Dense", 10, "relu"), ("Dense", 1, "linear")], n_inputs=8, n_params=101)
    check_compiled(model, loss="mse", optimizer="adam", learning_rate=0.01, metrics=["mae"])
    check_held_out(model, X_test, y_test, metric="mae", threshold=9.0)

The checks judge plain data, so that the grader can run them in its own process without Keras:
`describe(model, X)` runs where the model is (the learner's kernel) and turns it into a dict of layers,
parameter counts, compile settings and, given inputs X, its predictions; every check accepts that dict
(or a model, which it describes first). Only `describe` and the summaries import Keras.

Names: a loss or metric is compared by its canonical Keras name, so "mse", "MSE",
keras.losses.MeanSquaredError() and keras.losses.mean_squared_error are all "mean_squared_error", and
"acc", "accuracy" and keras.metrics.CategoricalAccuracy() are all "accuracy" (keras.metrics.Accuracy(),
which tests exact equality of predictions and targets, is not: it is "exact_match_accuracy").
"""

from __future__ import annotations

import re

import numpy as np

from dlkit import env
from dlkit.errors import CheckError, fail

__all__ = ["describe", "layer_summary", "compile_summary", "canonical_loss", "canonical_metric", "check_model",
           "check_architecture", "check_compiled", "prediction_score", "held_out_score", "check_held_out"]


def _keras():
    env.quiet_tensorflow()  # before the import: no start-up logs; its logger filter outlives the import
    import keras

    return keras


def describe(model, X=None) -> dict:
    """A Keras model as plain data: what a check (in the notebook or in the grader) judges.

    Returns:
        {"model": True, "layers": layer_summary(model), "n_inputs": int or None, "n_params": int,
        "compile": compile_summary(model), "predictions": (N, ...) float array if X is given};
        for anything that is not a Keras model {"model": False, "received": its type name}.
    """
    keras = _keras()
    if isinstance(model, tuple) and model and isinstance(model[0], keras.Model):
        return {"model": False, "received": f"tuple of {len(model)} (a model first)"}
    if not isinstance(model, keras.Model):
        return {"model": False, "received": "None" if model is None else type(model).__name__}
    predictions = None
    if X is not None:      # first: predicting also builds a keras.Model subclass that was never called
        predictions = np.asarray(model.predict(np.asarray(X, dtype="float32"), verbose=0), dtype=float)
    try:
        n_inputs = model.input_shape[-1]
    except (AttributeError, ValueError):
        n_inputs = _kernel_width(model)        # a subclass has no input_shape: its first kernel's rows
    try:
        n_params = int(model.count_params())
    except ValueError:                         # a subclass that was never built has no weights yet
        n_params = None
    out = {"model": True, "layers": layer_summary(model), "n_inputs": n_inputs,
           "n_params": n_params, "compile": compile_summary(model)}
    if predictions is not None:
        out["predictions"] = predictions
    return out


def _kernel_width(model):
    """The input width of a built model without input_shape (a keras.Model subclass): the rows of the
    kernel of its first layer with weights, if that is a matrix; else None."""
    for layer in model.layers:
        kernel = getattr(layer, "kernel", None)
        if kernel is not None and len(kernel.shape) == 2:
            return int(kernel.shape[0])
        if getattr(layer, "weights", None):
            return None
    return None


def _summary(model) -> dict:
    """A describe() dict as is; a model (or anything else) described first."""
    if isinstance(model, dict) and "model" in model:
        return model
    return describe(model)

# activation-only layers that fold into the Dense layer before them
_ACTIVATION_LAYERS = {"Activation": None, "ReLU": "relu", "Softmax": "softmax", "LeakyReLU": "leaky_relu",
                      "ELU": "elu", "PReLU": "prelu"}
_LOSS_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error",
                 "mape": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error",
                 "bce": "binary_crossentropy", "cce": "categorical_crossentropy",
                 "scce": "sparse_categorical_crossentropy", "logcosh": "log_cosh"}
_METRIC_ALIASES = dict(_LOSS_ALIASES, acc="accuracy", categorical_accuracy="accuracy",
                       rmse="root_mean_squared_error")

# what to say when one name was expected and another received: (expected, received) -> hint
_ACTIVATION_HINTS = {
    ("softmax", "sigmoid"): "sigmoid scores every class on its own (the outputs need not sum to 1); for one "
                            "class out of C use activation='softmax' in the output layer",
    ("softmax", "linear"): "the output layer has no activation: add activation='softmax' so that the C "
                           "outputs are probabilities that sum to 1",
    ("softmax", "relu"): "the output layer of a classifier needs activation='softmax', not relu",
    ("linear", "relu"): "a regression output must be linear (Dense(1) with no activation): relu would "
                        "clip every negative prediction to 0",
    ("linear", "sigmoid"): "a regression output must be linear (no activation): sigmoid squashes the "
                           "prediction into (0, 1)",
    ("relu", "linear"): "Dense(units) without an activation is linear; hidden layers need "
                        "activation='relu' (a stack of linear layers is just one linear layer)",
    ("relu", "sigmoid"): "use activation='relu' in the hidden layers as the recipe says",
}
_LOSS_HINTS = {
    ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        "sparse_categorical_crossentropy expects integer labels (shape (N,)); with one-hot labels from "
        "to_categorical (shape (N, C)) use loss='categorical_crossentropy'",
    ("categorical_crossentropy", "binary_crossentropy"):
        "binary_crossentropy is for yes/no outputs; for one class out of C with one-hot labels use "
        "loss='categorical_crossentropy'",
    ("categorical_crossentropy", "mean_squared_error"):
        "mean squared error is a regression loss; a softmax classifier is trained with "
        "loss='categorical_crossentropy'",
    ("mean_squared_error", "mean_absolute_error"):
        "the recipe trains with the mean squared error (loss='mse'); the mean absolute error is its "
        "metric here (metrics=['mae'])",
    ("mean_squared_error", "categorical_crossentropy"):
        "cross-entropy is a classification loss; regression uses loss='mse'",
}


# --- reading a model ---------------------------------------------------------------------------------

def _snake(name: str) -> str:
    """CamelCase class name -> snake_case ("MeanAbsoluteError" -> "mean_absolute_error", "AUC" -> "auc")."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _activation_name(act) -> str:
    if act is None:
        return "linear"
    if isinstance(act, str):
        return act.lower()
    name = getattr(act, "__name__", None) or type(act).__name__
    return _snake(name) if name[:1].isupper() else name


def layer_summary(model) -> list[dict]:
    """The model's layers as plain dicts, input layers left out and activation layers folded in.

    A Dense layer followed by an activation layer (Activation("relu"), ReLU(), Softmax(), ...) counts
    as one Dense layer with that activation, so both ways of writing it compare equal.

    Returns:
        list of {"type": class name, "units": int or None, "activation": str or None, "params": int}.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((9,)), keras.layers.Dense(10), keras.layers.ReLU()])
        >>> layer_summary(model)
        [{'type': 'Dense', 'units': 10, 'activation': 'relu', 'params': 100}]
    """
    out = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        if kind in _ACTIVATION_LAYERS and out and out[-1]["type"] == "Dense" and out[-1]["activation"] == "linear":
            fixed = _ACTIVATION_LAYERS[kind]
            out[-1]["activation"] = fixed or _activation_name(getattr(layer, "activation", None))
            continue
        act = getattr(layer, "activation", None) if hasattr(layer, "activation") else None
        out.append({"type": kind, "units": getattr(layer, "units", None),
                    "activation": _activation_name(act) if hasattr(layer, "activation") else None,
                    "params": int(layer.count_params()) if layer.built else 0})
    return out


def canonical_loss(loss) -> str | None:
    """The canonical Keras name of a loss given as a string, a Loss object, a function or a config dict."""
    if loss is None:
        return None
    if isinstance(loss, str):
        key = loss.strip().lower()
        return _LOSS_ALIASES.get(key, key)
    if isinstance(loss, dict):
        if loss.get("class_name") == "function":
            return canonical_loss(loss.get("config"))
        return canonical_loss(_snake(str(loss.get("class_name", ""))))
    fn = getattr(loss, "fn", None)          # LossFunctionWrapper around a function
    if fn is not None and hasattr(fn, "__name__"):
        return canonical_loss(fn.__name__)
    if hasattr(loss, "__name__"):
        return canonical_loss(loss.__name__)
    return canonical_loss(_snake(type(loss).__name__))


def canonical_metric(metric) -> str:
    """The canonical name of a metric ("mae" -> "mean_absolute_error", "acc" -> "accuracy")."""
    if isinstance(metric, str):
        key = metric.strip().lower()
        return _METRIC_ALIASES.get(key, key)
    if isinstance(metric, dict):
        if metric.get("class_name") == "function":
            return canonical_metric(metric.get("config"))
        if metric.get("class_name") == "Accuracy":      # exact equality of values, not the class accuracy
            return "exact_match_accuracy"
        return canonical_metric(_snake(str(metric.get("class_name", ""))))
    if type(metric).__name__ == "Accuracy":
        return "exact_match_accuracy"
    if hasattr(metric, "__name__"):
        return canonical_metric(metric.__name__)
    return canonical_metric(_snake(type(metric).__name__))


def _flatten(items):
    if items is None:
        return []
    if isinstance(items, dict) and "class_name" not in items:   # {output name: [metrics]}
        items = list(items.values())
    if not isinstance(items, (list, tuple)):
        return [items]
    flat = []
    for item in items:
        flat.extend(_flatten(item) if isinstance(item, (list, tuple)) else [item])
    return flat


def compile_summary(model) -> dict:
    """What `model.compile(...)` was given, in canonical names.

    Returns:
        {"compiled": bool, "loss": str or None, "from_logits": bool or None, "optimizer": str or None
        (class name, lower case), "learning_rate": float or None, "metrics": list of str}.
    """
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        return {"compiled": False, "loss": None, "from_logits": None, "optimizer": None,
                "learning_rate": None, "metrics": []}
    config = model.get_compile_config() or {}
    loss = getattr(model, "loss", None)
    from_logits = None
    if hasattr(loss, "get_config"):
        try:
            from_logits = loss.get_config().get("from_logits")
        except Exception:  # noqa: BLE001 (a custom loss may not serialise)
            from_logits = None
    opt = model.optimizer
    try:
        lr = float(np.asarray(opt.learning_rate))
    except Exception:  # noqa: BLE001 (a schedule)
        lr = None
    metrics = [canonical_metric(m) for m in _flatten(config.get("metrics"))]
    metrics += [canonical_metric(m) for m in _flatten(config.get("weighted_metrics"))]
    return {"compiled": True, "loss": canonical_loss(loss if loss is not None else config.get("loss")),
            "from_logits": from_logits, "optimizer": type(opt).__name__.lower(), "learning_rate": lr,
            "metrics": metrics}


# --- the checks --------------------------------------------------------------------------------------

def check_model(model, name: str = "model", hint: str | None = None) -> None:
    """Check that `model` (a model or its describe() dict) is a Keras Model with a known input shape."""
    __tracebackhide__ = True
    d = _summary(model)
    if not d["model"]:
        received = d.get("received", "?")
        if received == "None":
            raise fail(f"{name} is None: did you forget to `return` the model?", "a keras.Model", "NoneType", hint)
        if received.startswith("tuple"):
            raise fail(f"{name} is a tuple: return the model itself", "a keras.Model", received, hint)
        raise fail(f"{name} is not a Keras model", "a keras.Model (keras.Sequential or keras.Model)", received, hint)
    if d.get("n_inputs") is None:
        raise fail(f"{name} has no input shape yet", "a model that starts with keras.Input(shape=(D,))",
                   "a model without inputs", hint or "start the Sequential model with keras.Input(shape=(n_features,))")


def _shape_text(layers) -> str:
    return "[" + ", ".join(f"{d['type']}({d['units']}, {d['activation']})" if d["units"] is not None
                           else d["type"] for d in layers) + "]"


def check_architecture(model, expected, n_inputs: int | None = None, n_params: int | None = None,
                       name: str = "model", hint: str | None = None) -> None:
    """Check the layers of `model`: type, units and activation of each, input width, parameter count.

    Args:
        model: a keras.Model.
        expected: list of (type, units, activation), e.g. [("Dense", 10, "relu"), ("Dense", 1, "linear")];
            input layers are not listed; units/activation None accepts any.
        n_inputs: the number of input features (model.input_shape[-1]), or None to skip.
        n_params: the total number of parameters (model.count_params()), or None to skip.
        name, hint: as in dlkit.checks; the message adds a specific hint for the classic mistakes
            (sigmoid instead of softmax, relu on a regression output, a hidden layer without relu).
    """
    __tracebackhide__ = True
    model = _summary(model)
    check_model(model, name, hint)
    got = model["layers"]
    want = [{"type": t, "units": u, "activation": a} for t, u, a in expected]
    want_text = _shape_text(want)
    if n_inputs is not None:
        width = model["n_inputs"]
        if width != n_inputs:
            raise fail(f"{name} reads {width} input features", f"{n_inputs} (keras.Input(shape=({n_inputs},)))",
                         width, hint or "the Input layer's shape is the number of predictor columns")
    if len(got) != len(want):
        raise fail(f"{name} has {len(got)} layers (not counting the input), expected {len(want)}",
                     want_text, _shape_text(got), hint)
    for i, (g, w) in enumerate(zip(got, want)):
        where = "the output layer" if i == len(want) - 1 else f"hidden layer {i + 1}"
        if g["type"] != w["type"]:
            raise fail(f"{name}: {where} is a {g['type']} layer, expected {w['type']}", want_text,
                         _shape_text(got), hint)
        if w["units"] is not None and g["units"] != w["units"]:
            extra = ("the output layer has one unit per class (n_classes)" if i == len(want) - 1 and w["units"] > 1
                     else "a regression output has 1 unit" if i == len(want) - 1 else
                     "check the units of each Dense layer")
            raise fail(f"{name}: {where} has {g['units']} units (wrong units), expected {w['units']}", want_text,
                         _shape_text(got), hint or extra)
        if w["activation"] is not None and g["activation"] != w["activation"]:
            extra = _ACTIVATION_HINTS.get((w["activation"], g["activation"]))
            raise fail(f"{name}: {where} uses activation {g['activation']!r}, expected {w['activation']!r}",
                         want_text, _shape_text(got), extra or hint)
    if n_params is not None:
        total = int(model["n_params"])
        if total != n_params:
            raise fail(f"{name} has {total} parameters, expected {n_params}", n_params, total,
                         hint or "a Dense layer from D inputs to H units has D*H weights + H biases")


def check_compiled(model, loss: str | None = None, optimizer: str | None = None,
                   learning_rate: float | None = None, metrics=None, from_logits: bool = False,
                   name: str = "model", hint: str | None = None) -> None:
    """Check what `model.compile(...)` was given: loss, optimizer (class), learning rate, metrics.

    Args:
        loss: canonical or alias name ("mse", "categorical_crossentropy"), or None to skip.
        optimizer: class name, any case ("adam"), or None to skip.
        learning_rate: expected float (relative tolerance 1e-5), or None to skip.
        metrics: names that must all be among the compiled metrics (others are allowed), or None.
        from_logits: the loss must not have from_logits=True unless this is True.
    """
    __tracebackhide__ = True
    model = _summary(model)
    check_model(model, name, hint)
    got = model["compile"]
    if not got["compiled"]:
        raise fail(f"{name} is not compiled", "model.compile(optimizer=..., loss=..., metrics=[...])",
                     "an uncompiled model", hint or "call model.compile(...) before returning the model")
    if loss is not None:
        want_loss = canonical_loss(loss)
        if got["loss"] != want_loss:
            extra = _LOSS_HINTS.get((want_loss, got["loss"]))
            raise fail(f"{name} is compiled with the wrong loss", want_loss, got["loss"], extra or hint)
        if got["from_logits"] and not from_logits:
            raise fail(f"{name}'s loss has from_logits=True", "from_logits=False (the default)",
                         "from_logits=True", "the model already ends in softmax, so its outputs are "
                         "probabilities; from_logits=True would apply softmax a second time")
    if optimizer is not None and got["optimizer"] != optimizer.lower():
        raise fail(f"{name} is compiled with the wrong optimizer", optimizer.lower(), got["optimizer"],
                     hint or "pass optimizer=keras.optimizers.Adam(learning_rate=...)")
    if learning_rate is not None and (got["learning_rate"] is None
                                      or not np.isclose(got["learning_rate"], learning_rate, rtol=1e-5)):
        raise fail(f"{name}'s optimizer has the wrong learning rate", learning_rate, got["learning_rate"],
                     hint or "a string optimizer ('adam') uses the default 0.001; pass "
                             f"keras.optimizers.Adam(learning_rate={learning_rate}) instead")
    if metrics is not None:
        want = [canonical_metric(m) for m in metrics]
        missing = [m for m in want if m not in got["metrics"]]
        if missing:
            raise fail(f"{name} is missing compile metrics {missing}", want, got["metrics"] or "no metrics",
                         hint or f"pass metrics={list(metrics)!r} to model.compile; metrics are reported "
                                 "by fit and evaluate but do not change training")


def held_out_score(model, X, y, metric: str = "accuracy") -> float:
    """The model's score on held-out data, computed with numpy from its predictions on X.

    `model` is a Keras model, or a describe() dict that holds "predictions" (made on these X).
    """
    if isinstance(model, dict) and "predictions" in model:
        pred = model["predictions"]
    else:
        pred = describe(model, X)["predictions"]
    return prediction_score(pred, y, metric)


def prediction_score(pred, y, metric: str = "accuracy") -> float:
    """A score from predictions, with numpy.

    metric "accuracy": y holds integer labels (N,) or one-hot rows (N, C); the predicted class is the
        argmax of each row of predictions.
    metric "mae" / "mse": y holds N targets; predictions of shape (N, 1) or (N,).
    """
    pred = np.asarray(pred)
    y = np.asarray(y)
    if metric == "accuracy":
        labels = y.argmax(axis=-1) if y.ndim == 2 else y
        if pred.ndim != 2:
            raise CheckError(f"the model's predictions have shape {pred.shape}; a classifier outputs (N, C) "
                             "class probabilities")
        return float(np.mean(pred.argmax(axis=-1) == labels))
    if metric in ("mae", "mse"):
        pred = pred.reshape(len(pred), -1)
        if pred.shape[1] != 1:
            raise CheckError(f"the model's predictions have shape {pred.shape}; a regression model outputs (N, 1)")
        err = pred[:, 0] - y.reshape(-1).astype(float)
        return float(np.mean(np.abs(err)) if metric == "mae" else np.mean(err ** 2))
    raise CheckError(f"metric must be 'accuracy', 'mae' or 'mse', received {metric!r}")


def check_held_out(model, X, y, metric: str, threshold: float, name: str = "model",
                   hint: str | None = None) -> float:
    """Check the model's held-out score: accuracy >= threshold, or mae/mse <= threshold.

    Returns:
        the score (a float), so that a test can print it.
    """
    __tracebackhide__ = True
    check_model(model, name, hint)
    score = held_out_score(model, X, y, metric)
    ok = score >= threshold if metric == "accuracy" else score <= threshold
    if not np.isfinite(score) or not ok:
        sign = ">=" if metric == "accuracy" else "<="
        raise fail(f"{name} scores {metric} = {score:.4g} on held-out data, expected {sign} {threshold}",
                     f"{metric} {sign} {threshold}", f"{score:.4g}", hint)
    return score
