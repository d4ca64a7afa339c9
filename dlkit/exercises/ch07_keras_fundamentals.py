"""Exercises of chapter 07 (Keras fundamentals): the concrete regressor and the digits classifier of 002.

    normalize(train, other)                 -> (train_n, other_n): both scaled with train's column mean and std
    build_regressor(n_features)             -> compiled model: Input(D) -> Dense(10, relu) x 2 -> Dense(1); Adam 0.01, mse, mae
    train_regressor(X_train, y_train, seed=0, epochs=20)
                                            -> the trained regressor (it expects normalised inputs)
    build_classifier(n_features, n_classes) -> compiled model: Input(D) -> Dense(32, relu) -> Dense(C, softmax);
                                               Adam 0.01, categorical_crossentropy, accuracy
    train_classifier(X_train, labels_train, seed=0, epochs=8)
                                            -> the trained classifier (integer labels 0..9 in, one-hot or sparse inside)
    predict_classes(model, X)               -> int array (N,): argmax of the model's probabilities
    fit_with_checkpoint(model, X_train, y_train, X_val, y_val, path, epochs)
                                            -> (best_model, history): ModelCheckpoint on val_loss, best only, reloaded

Models never cross to the grader: each exercise's `call` runs the learner's function in the kernel and
reduces what it returns to plain data with dlkit.checks.keras.describe (layers, parameter counts, compile
settings, predictions on inputs the case provides). Held-out labels stay in the cases' `truth`; the
judges score the predictions with prediction_score and read the description with check_architecture
and check_compiled. For hidden cases every message is stripped of values.

Thresholds (measured with dlkit's reference recipe, seeds as in the chapter text):
    REGRESSOR_MAE = 10.0 MPa      measured 6.9 to 9.0 MPa (model seeds 0-9; concrete_splits 0, 3, 5;
                                  validation, test and 400 fresh rows); predicting the mean: 12.4 to 13.8
    CLASSIFIER_ACCURACY = 0.93    measured 0.947 to 0.978 (model seeds 0-9; digits_splits 0 and 3;
                                  validation and test); one epoch only: 0.87 to 0.91
"""

from __future__ import annotations

import os
import re
import tempfile

import numpy as np

from dlkit.checks.exercise import Case, Exercise, Mistake, Tester
from dlkit.checks.keras import check_architecture, check_compiled, check_model, describe, prediction_score
from dlkit.data import digits, tabular
from dlkit.errors import CheckError, fail

__all__ = ["normalize", "build_regressor", "train_regressor", "build_classifier", "train_classifier",
           "predict_classes", "fit_with_checkpoint", "REGRESSOR_MAE", "CLASSIFIER_ACCURACY"]

REGRESSOR_MAE = 10.0          # MPa, on held-out rows
CLASSIFIER_ACCURACY = 0.93    # on held-out digits


# --- shared: Keras checks on described models, with hidden cases kept value-free -----------------------

_VALUE_FREE = [   # what a check of dlkit.checks.keras writes -> the same without the numbers
    (re.compile(r" reads \S+ input features"), " reads the wrong number of input features"),
    (re.compile(r" has \d+ layers \(not counting the input\), expected \d+"),
     " has the wrong number of layers (not counting the input)"),
    (re.compile(r" has \S+ units \(wrong units\), expected \d+"), " has the wrong number of units (wrong units)"),
    (re.compile(r" has \S+ parameters, expected \d+"), " has the wrong number of parameters"),
]


def _checked(t: Tester, check, *args, **kwargs) -> None:
    """Run a check of dlkit.checks.keras on a description; for a hidden case, re-raise it without values."""
    __tracebackhide__ = True
    try:
        check(*args, **kwargs)
    except CheckError as err:
        if t.visible:
            raise
        lines = str(err).splitlines()
        what = lines[0]
        for pattern, plain in _VALUE_FREE:
            what = pattern.sub(plain, what)
        hint = next((line[len("Hint: "):] for line in lines if line.startswith("Hint: ")), None)
        raise fail(what, hint=hint) from None


def _model_or_fail(t: Tester, got, hint: str) -> None:
    """got must be the description of a Keras model with known inputs."""
    __tracebackhide__ = True
    if type(got) is not dict or "model" not in got:
        t.fail(f"{t.label} did not return a model", "a keras.Model", type(got).__name__, hint)
    _checked(t, check_model, got, name=t.label, hint=hint)


def _no_reference(**_):
    return None


# --- normalize --------------------------------------------------------------------------------------------

def _normalized(train, other):
    mu, sigma = train.mean(axis=0), train.std(axis=0)          # (D,), (D,)
    return (train - mu) / sigma, (other - mu) / sigma


def _random_tables(seed: int, n: int = 9, m: int = 4) -> dict:
    """Columns on very different scales (as the concrete predictors): means 5, -200, 0.1."""
    rng = np.random.default_rng(seed)
    loc, scale = [5.0, -200.0, 0.1], [2.0, 50.0, 0.01]
    return {"train": rng.normal(loc, scale, size=(n, 3)), "other": rng.normal(loc, scale, size=(m, 3))}


def _judge_normalize(t, got, want):
    pair_hint = "return the pair (train_n, other_n), e.g. `return train_n, other_n`"
    t.sequence(got, length=2, hint=pair_hint)
    train, other = t.inputs["train"], t.inputs["other"]
    train_n, other_n = got
    first, second = f"{t.label}: train_n (the first item)", f"{t.label}: other_n (the second item)"
    t.array(train_n, shape=train.shape, dtype="float", name=first, hint="train_n has the shape of train, (N, D)")
    t.array(other_n, shape=other.shape, dtype="float", name=second, hint="other_n has the shape of other, (M, D)")
    if np.allclose(train_n, train):
        t.fail(f"{first} equals train: forgetting normalisation leaves the predictors on their raw scales",
               hint="subtract the column means and divide by the column standard deviations of train")
    t.close(train_n, want[0], name=first,
            hint="per column (axis=0): subtract train.mean(axis=0) and divide by train.std(axis=0), the standard "
                 "deviation (not the variance)",
            mistakes=[
                Mistake(lambda train, other: (train - train.mean(axis=0)) / train.var(axis=0),
                        "it was divided by the variance: divide by the standard deviation (not the variance), "
                        "train.std(axis=0)"),
                Mistake(lambda train, other: (train - train.mean()) / train.std(),
                        "one mean and one standard deviation for the whole table: compute them per column, with "
                        "axis=0"),
                Mistake(lambda train, other: (train - train.mean(axis=0)) / train.std(axis=0, ddof=1),
                        "that is the sample standard deviation (ddof=1): use np.std's default ddof=0, dividing "
                        "by N"),
            ])
    t.close(other_n, want[1], name=second,
            hint="scale other with the mean and standard deviation of train, not its own: new data must be "
                 "transformed exactly like the training data",
            mistakes=[Mistake(lambda train, other: (other - other.mean(axis=0)) / other.std(axis=0),
                              "other was scaled with its own mean and standard deviation: use those of train, "
                              "not its own")])


normalize = Exercise(
    "normalize",
    cases=[
        Case("normalize(train, other) for train = [[1, 10], [3, 30]], other = [[2, 20], [5, 0], [3, 40]]",
             train=np.array([[1.0, 10.0], [3.0, 30.0]]), other=np.array([[2.0, 20.0], [5.0, 0.0], [3.0, 40.0]]),
             hint="train's column means are (2, 20) and its standard deviations (1, 10), so train_n is "
                  "[[-1, -1], [1, 1]] and other's first row (2, 20) becomes (0, 0)"),
    ],
    hidden=lambda seed, n=9, m=4: Case(f"random train ({n}, 3) and other ({m}, 3) on very different scales",
                                       **_random_tables(seed, n, m),
                                       hint="both arrays: (x - train.mean(axis=0)) / train.std(axis=0)"),
    reference=_normalized,
    judge=_judge_normalize,
    crash_hint="train.mean(axis=0) has shape (D,) and broadcasts over the rows of both train (N, D) and other (M, D)",
    hints=(
        "Both arrays get the same two numbers per column, and both numbers come from train.",
        "Compute mu = train.mean(axis=0) and sigma = train.std(axis=0) once (shape (D,) each), then apply "
        "(x - mu) / sigma to train and to other, and return the two results as a pair.",
        "train_n = (train - mu) / sigma and other_n = (other - mu) / sigma, with mu and sigma the column means "
        "and standard deviations of train (axis=0, ddof=0); return train_n, other_n",
    ),
    references=("dlkit.data.tabular.normalize",),
)


# --- build_regressor / build_classifier: architecture and compile settings --------------------------------

def _build_twice(f, *args):
    """Call the builder twice; the first model described, and whether the second call built a new one."""
    first = f(*args)
    second = f(*args)
    out = describe(first)
    if out["model"]:
        out["fresh"] = second is not first
    return out


def _builder_judge(layers, n_params, loss, metrics, hint):
    """Judge of a builder: a model, a new one per call, its layers, parameters and compile settings."""

    def judge(t, got, want):
        _model_or_fail(t, got, hint="return the model: build it, compile it, then `return model`. A keras.Model "
                                    "subclass must be called once on a batch (or built) before it is returned")
        if not got.get("fresh", True):
            t.fail(f"{t.label} returned the same model object on two calls",
                   hint="build a new model on every call: create the layers inside the function, not once outside it")
        n = t.inputs["n_features"]
        k = t.inputs.get("n_classes")
        _checked(t, check_architecture, got, layers(k), n_inputs=n, n_params=n_params(n, k), name=t.label, hint=hint)
        _checked(t, check_compiled, got, loss=loss, optimizer="adam", learning_rate=0.01, metrics=metrics,
                 name=t.label)

    return judge


_REGRESSOR_HINT = ("keras.Input(shape=(n_features,)), Dense(10, activation='relu') twice, then Dense(1) with no "
                   "activation")
_BUILD_CALL = lambda f, **inputs: _build_twice(f, *inputs.values())  # noqa: E731

build_regressor = Exercise(
    "build_regressor",
    cases=[
        Case("build_regressor(8)", n_features=8, hint=_REGRESSOR_HINT),
        Case("build_regressor(3)", n_features=3,
             hint="the input width is n_features, not 8: keras.Input(shape=(n_features,))"),
    ],
    hidden=lambda n_features: Case("build_regressor for another number of features", n_features=n_features,
                                   hint=_REGRESSOR_HINT),
    call=_BUILD_CALL,
    reference=_no_reference,
    judge=_builder_judge(lambda k: [("Dense", 10, "relu"), ("Dense", 10, "relu"), ("Dense", 1, "linear")],
                         lambda n, k: (n * 10 + 10) + (10 * 10 + 10) + (10 + 1), "mse", ["mae"], _REGRESSOR_HINT),
    crash_hint="build the layers from keras.layers (Dense(units, activation=...)) after a keras.Input(shape=(n_features,)), "
               "then call model.compile(optimizer=..., loss=..., metrics=[...]) and return the model",
    hints=(
        "Three Dense layers after the input: two hidden ones with ReLU and a linear output of one unit; then "
        "compile it before you return it.",
        "keras.Sequential([...]) takes the list keras.Input(shape=(n_features,)), Dense(10, activation='relu'), "
        "Dense(10, activation='relu'), Dense(1). Compile with an Adam object (a string 'adam' uses the default "
        "rate 0.001), loss 'mse' and the metric 'mae'.",
        "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss='mse', metrics=['mae']) on the "
        "Sequential stack Input(shape=(n_features,)) -> Dense(10, relu) -> Dense(10, relu) -> Dense(1).",
    ),
    references=("dlkit.models.dense.regressor",),
)

_CLASSIFIER_HINT = "keras.Input(shape=(n_features,)), Dense(32, activation='relu'), Dense(n_classes, activation='softmax')"

build_classifier = Exercise(
    "build_classifier",
    cases=[
        Case("build_classifier(64, 10)", n_features=64, n_classes=10, hint=_CLASSIFIER_HINT),
        Case("build_classifier(4, 3)", n_features=4, n_classes=3,
             hint="the sizes come from the arguments: keras.Input(shape=(n_features,)) and Dense(n_classes, ...)"),
    ],
    hidden=lambda n_features, n_classes: Case("build_classifier for other numbers of features and classes",
                                              n_features=n_features, n_classes=n_classes, hint=_CLASSIFIER_HINT),
    call=_BUILD_CALL,
    reference=_no_reference,
    judge=_builder_judge(lambda k: [("Dense", 32, "relu"), ("Dense", k, "softmax")],
                         lambda n, k: (n * 32 + 32) + (32 * k + k), "categorical_crossentropy", ["accuracy"],
                         _CLASSIFIER_HINT),
    crash_hint="build the layers from keras.layers after a keras.Input(shape=(n_features,)), then call "
               "model.compile(optimizer=..., loss=..., metrics=[...]) and return the model",
    hints=(
        "One hidden ReLU layer of 32 units, then one output unit per class with softmax, so that the outputs "
        "are probabilities; compile before returning.",
        "Output layer: Dense(n_classes, activation='softmax'). The labels will be one-hot, so the loss is "
        "'categorical_crossentropy' (the sparse one is for integer labels); metric 'accuracy'; optimizer an "
        "Adam object with learning_rate=0.01.",
        "Input(shape=(n_features,)) -> Dense(32, relu) -> Dense(n_classes, softmax), compiled with "
        "optimizer=keras.optimizers.Adam(learning_rate=0.01), loss='categorical_crossentropy', metrics=['accuracy'].",
    ),
    references=("dlkit.models.dense.classifier",),
)


# --- train_regressor --------------------------------------------------------------------------------------

_LAST_RUN: dict = {}      # the model of the last training run of _train_regressor_call, for reuse=True cases


def _train_regressor_call(f, X_train, y_train, seed, epochs, X_held, reuse=False):
    """Train in the kernel; describe the model with its predictions on the held-out rows, normalised with the
    training statistics (and, for the judge, on the raw rows too).

    A case with reuse=True (a hidden case scoring the visible case's run on other rows) takes the model the
    same function has just trained on the same inputs, in this grading request, instead of training again.
    A visible case always trains, so a notebook check never sees a model trained by an older version of the
    learner's code."""
    key = (X_train.tobytes(), y_train.tobytes(), seed, epochs)
    if reuse and _LAST_RUN.get("f") is f and _LAST_RUN.get("key") == key:
        model = _LAST_RUN["model"]
    else:
        _LAST_RUN.clear()
        model = f(X_train, y_train, seed, epochs)
        _LAST_RUN.update(f=f, key=key, model=model)
    out = describe(model, tabular.normalize(X_train, X_held)[1])
    if out["model"]:
        out["raw_predictions"] = describe(model, X_held)["predictions"]
    return out


def _regressor_case(split: int, seed: int, fresh: int | None = None, visible: bool = False) -> Case:
    """Train on concrete_splits(split)'s training rows; score on its validation rows (visible), its test rows or
    400 fresh mixes concrete_like(400, rng=fresh) (hidden; the visible run is reused when it trained the same)."""
    s = tabular.concrete_splits(600, seed=split)
    if fresh is not None:
        X_held, y_held = tabular.split_predictors_target(tabular.concrete_like(400, rng=fresh))
        where = "400 fresh mixes"
    else:
        X_held, y_held = (s.X_val, s.y_val) if visible else (s.X_test, s.y_test)
        where = f"its {len(y_held)} {'validation' if visible else 'test'} rows"
    label = (f"train_regressor(X_train, y_train, seed={seed}, epochs=20) on the {len(s.y_train)} training rows of "
             f"concrete_splits(seed={split}), scored on {where}" if visible
             else f"trained on the concrete rows of a split, scored on {where}")
    extra = {} if visible else {"reuse": True}
    return Case(label, X_train=s.X_train, y_train=s.y_train, seed=seed, epochs=20, X_held=X_held, **extra,
                truth={"y_held": y_held},
                hint="normalise the predictors with normalize(...), seed, build with build_regressor, fit for `epochs` "
                     "epochs with batch_size=32, and return the model you trained")


def _judge_regressor(t, got, want):
    _model_or_fail(t, got, hint="return the trained model (not the History that fit returns)")
    _checked(t, check_architecture, got, [("Dense", 10, "relu"), ("Dense", 10, "relu"), ("Dense", 1, "linear")],
             n_inputs=t.inputs["X_train"].shape[1], name=t.label, hint="build the network with your build_regressor")
    y, y_train = t.inputs["y_held"], t.inputs["y_train"]
    _checked(t, prediction_score, got["predictions"], y, "mae")       # the shape: (N, 1)
    mae = prediction_score(got["predictions"], y, "mae")
    if mae <= REGRESSOR_MAE:
        return
    pred = np.asarray(got["predictions"], dtype=float).reshape(-1)
    if np.mean(np.abs(pred * y_train.std() + y_train.mean() - y)) <= REGRESSOR_MAE:
        t.fail(f"{t.label}: the predictions are good only once scaled back to MPa: the target was normalised too",
               "strengths around 36 MPa", f"predictions with mean {pred.mean():.2f}",
               hint="normalise the predictors only; the target stays in MPa")
    if prediction_score(got["raw_predictions"], y, "mae") < mae:
        t.fail(f"{t.label}: the model does better on raw predictors than on normalised ones: it was trained on raw "
               "predictors (forgetting normalisation)", f"MAE <= {REGRESSOR_MAE} MPa on normalised rows",
               f"MAE {mae:.2f} MPa", hint="normalise X_train with your normalize(...) before model.fit")
    t.fail(f"{t.label} has a mean absolute error above {REGRESSOR_MAE} MPa", f"MAE <= {REGRESSOR_MAE} MPa",
           f"MAE {mae:.2f} MPa",
           hint="fit for `epochs` epochs (not 1) with batch_size=32 on the normalised predictors, and return the model "
                "you trained. Normalise the predictors only: the target stays in MPa")


train_regressor = Exercise(
    "train_regressor",
    cases=[_regressor_case(split=0, seed=0, visible=True)],
    hidden=lambda split, seed, fresh=None: _regressor_case(split, seed, fresh),
    call=_train_regressor_call,
    reference=_no_reference,
    judge=_judge_regressor,
    crash_hint="X_train is raw (N, 8): normalise it with normalize(X_train, X_train)[0] (or your own mu and sigma), "
               "then build_regressor(X_train.shape[1]) and model.fit(X_n, y_train, epochs=epochs, batch_size=32, "
               "verbose=0)",
    hints=(
        "Four steps: normalise the predictors, seed, build, fit; return the model, not what fit returns.",
        "normalize(X_train, X_train) gives the normalised training rows as its first item. "
        "keras.utils.set_random_seed(seed) before build_regressor fixes the initial weights. fit(..., "
        "epochs=epochs, batch_size=32, verbose=0) trains in place.",
        "normalised rows = the first item of normalize(X_train, X_train); set_random_seed(seed); "
        "build_regressor(number of columns of X_train); fit on (normalised rows, y_train) with epochs=epochs, "
        "batch_size=32, verbose=0; return the model",
    ),
    references=("dlkit.models.dense.regressor",),
)


# --- train_classifier -------------------------------------------------------------------------------------

def _train_classifier_call(f, X_train, labels_train, seed, epochs, X_held):
    return describe(f(X_train, labels_train, seed, epochs), X_held)


_SPLITS: dict = {}


def _digits(split: int):
    """digits_splits(split), computed once per process (cases copy their inputs before a call)."""
    if split not in _SPLITS:
        _SPLITS[split] = digits.digits_splits(split)
    return _SPLITS[split]


def _classifier_case(split: int, seed: int, visible: bool = False) -> Case:
    s = _digits(split)
    X_held, y_held = (s.X_val, s.y_val) if visible else (s.X_test, s.y_test)
    label = (f"train_classifier(X_train, labels_train, seed={seed}, epochs=8) on the {len(s.y_train)} training "
             f"digits of digits_splits({split}), scored on its {len(y_held)} validation digits" if visible
             else "trained on another split of the digits, scored on its test digits")
    return Case(label, X_train=s.X_train, labels_train=s.y_train, seed=seed, epochs=8, X_held=X_held,
                truth={"y_held": y_held},
                hint="one-hot encode the labels with keras.utils.to_categorical(labels_train, 10), seed, build with "
                     "build_classifier, fit for `epochs` epochs with batch_size=64, and return the model you trained")


def _judge_classifier(t, got, want):
    _model_or_fail(t, got, hint="return the trained model (not the History that fit returns)")
    _checked(t, check_architecture, got, [("Dense", 32, "relu"), ("Dense", 10, "softmax")],
             n_inputs=t.inputs["X_train"].shape[1], name=t.label, hint="build the network with your build_classifier")
    y = t.inputs["y_held"]
    _checked(t, prediction_score, got["predictions"], y, "accuracy")
    accuracy = prediction_score(got["predictions"], y, "accuracy")
    if accuracy < CLASSIFIER_ACCURACY:
        t.fail(f"{t.label} has an accuracy below {CLASSIFIER_ACCURACY}", f"accuracy >= {CLASSIFIER_ACCURACY}",
               f"accuracy {accuracy:.3f}",
               hint="fit for `epochs` epochs (not 1) with batch_size=64 on one-hot labels, and return the model you "
                    "trained")


train_classifier = Exercise(
    "train_classifier",
    cases=[_classifier_case(split=0, seed=0, visible=True)],
    hidden=lambda split, seed: _classifier_case(split, seed),
    call=_train_classifier_call,
    reference=_no_reference,
    judge=_judge_classifier,
    crash_hint="categorical_crossentropy needs one-hot targets of shape (N, 10): pass "
               "keras.utils.to_categorical(labels_train, 10) to fit. sparse_categorical_crossentropy is the loss for "
               "the integer labels themselves: do not mix the two",
    hints=(
        "The model was compiled for one-hot targets, and the labels arrive as integers: convert them first.",
        "keras.utils.to_categorical(labels_train, 10) has shape (N, 10). Seed with keras.utils.set_random_seed(seed) "
        "before build_classifier(X_train.shape[1], 10), then fit with epochs=epochs, batch_size=64, verbose=0.",
        "one-hot Y = to_categorical(labels_train, 10); set_random_seed(seed); build_classifier(number of columns, "
        "10); fit on (X_train, Y) with epochs=epochs, batch_size=64, verbose=0; return the model. (Or keep the "
        "integer labels and recompile with loss='sparse_categorical_crossentropy'.)",
    ),
    references=("dlkit.models.dense.classifier",),
)


# --- predict_classes --------------------------------------------------------------------------------------

def _probe(W, b):
    """A one-layer softmax model with weights W (D, C) and biases b (C,), built in the kernel."""
    from dlkit import env

    env.quiet_tensorflow()
    import keras

    model = keras.Sequential([keras.Input(shape=(W.shape[0],)), keras.layers.Dense(W.shape[1], activation="softmax")])
    model.layers[-1].set_weights([np.asarray(W, dtype="float32"), np.asarray(b, dtype="float32")])
    return model


def _random_probe(seed: int, n: int, classes: int = 3) -> dict:
    rng = np.random.default_rng(seed)
    if classes == 3:
        W, b = 5 * np.eye(3), np.zeros(3)               # the class is the largest input
    else:
        W, b = rng.normal(size=(3, classes)), rng.normal(size=classes) * 0.1
    return {"W": W, "b": b, "X": rng.normal(size=(n, 3))}


predict_classes = Exercise(
    "predict_classes",
    cases=[
        Case("predict_classes(model, X) for a 3-class softmax model and 4 rows of X", W=5 * np.eye(3), b=np.zeros(3),
             X=np.array([[1.0, 0.0, 0.0], [0.2, 0.3, 0.25], [0.1, 0.0, 0.4], [0.0, 0.3, 0.0]]),
             hint="take the argmax of each row (axis=1): the class with the largest probability, even when no "
                  "probability exceeds 0.5 (row 3 has 0.42 at most)"),
    ],
    hidden=lambda seed, n, classes=3: Case(f"{n} random rows, {classes} classes", **_random_probe(seed, n, classes),
                                           hint="the class with the largest probability in each row"),
    call=lambda f, W, b, X: f(_probe(W, b), X),
    reference=lambda W, b, X: np.argmax(X @ W + b, axis=1),
    judge=lambda t, got, want: (
        t.array(got, shape=(len(t.inputs["X"]),), dtype="int",
                hint="one class per row: argmax over the classes (axis=1), not over the samples (axis=0); return "
                     "labels, not the probabilities. A list or a tensor: make it a numpy array"),
        t.equal(got, want)),
    crash_hint="model.predict(X, verbose=0) gives a numpy array of probabilities, shape (N, C); np.argmax(..., axis=1) "
               "picks one class per row",
    hints=(
        "The predicted class of a row is the position of its largest probability.",
        "model.predict(X, verbose=0) returns an (N, C) numpy array; reduce each row to the index of its maximum.",
        "classes = argmax over axis 1 of model.predict(X, verbose=0), a numpy int array of shape (N,)",
    ),
)


# --- fit_with_checkpoint ----------------------------------------------------------------------------------

def _validation_loss(classifier, best, X_val, y_val):
    """The validation loss of best_model's weights as fit reports it (Keras computes the cross-entropy of a softmax
    output from its logits, exactly), scored by a fresh copy of the reference classifier; None if they do not fit."""
    scorer = classifier(X_val.shape[1], y_val.shape[1])
    try:
        scorer.set_weights(best.get_weights())
    except Exception:  # noqa: BLE001 (another architecture: the judge says so)
        return None
    return float(scorer.evaluate(X_val, y_val, batch_size=32, verbose=0)[0])


def _checkpoint_call(f, X_train, y_train, X_val, y_val, epochs, seed):
    """Run the learner's fit_with_checkpoint on a fresh overfitting classifier, in a temporary folder; return the
    reloaded model described, its validation loss, the History's val_loss and whether the trained model itself
    came back."""
    from dlkit.models.dense import classifier
    from dlkit.models.training import seeded

    with seeded(seed), tempfile.TemporaryDirectory() as folder:
        start = classifier(X_train.shape[1], y_train.shape[1], learning_rate=0.05)
        result = f(start, X_train, y_train, X_val, y_val, os.path.join(folder, "best.keras"), epochs)
        if type(result) not in (tuple, list) or len(result) != 2:
            return {"pair": False, "received": (f"{type(result).__name__} of {len(result)} items"
                                                if type(result) in (tuple, list) else type(result).__name__)}
        best, history = result
        logs = getattr(history, "history", None)
        val_loss = logs.get("val_loss") if isinstance(logs, dict) else None
        described = describe(best)
        return {"pair": True, "best": described, "is_start": best is start,
                "best_loss": _validation_loss(classifier, best, X_val, y_val) if described["model"] else None,
                "history": type(history).__name__,
                "val_loss": None if val_loss is None else np.asarray(val_loss, dtype=float)}


def _checkpoint_case(seed: int, start: int, epochs: int, visible: bool = False) -> Case:
    s = _digits(0)
    rows = slice(start, start + 100)
    label = (f"fit_with_checkpoint on {epochs} epochs of a fresh classifier (Adam 0.05, seed {seed}), training "
             f"digits {start}..{start + 99} of digits_splits(0), its 360 validation digits" if visible
             else "another run on other training digits")
    return Case(label, X_train=s.X_train[rows], y_train=np.eye(10)[s.y_train[rows]], X_val=s.X_val,
                y_val=np.eye(10)[s.y_val], epochs=epochs, seed=seed,
                hint="ModelCheckpoint(path, monitor='val_loss', save_best_only=True) in callbacks, "
                     "validation_data=(X_val, y_val), then keras.models.load_model(path)")


def _judge_checkpoint(t, got, want):
    if type(got) is not dict or "pair" not in got:
        t.fail(f"{t.label} returned a value of an unexpected form", "(best_model, history)", type(got).__name__)
    if not got["pair"]:
        t.fail(f"{t.label} should return the pair (best_model, history)", "a tuple (best_model, history)",
               got["received"], hint="return (best_model, history): the reloaded model and the History of fit")
    best = got["best"]
    if type(best) is not dict or not best.get("model"):
        t.fail(f"{t.label}: best_model (the first item) is not a Keras model", "a keras.Model",
               (best or {}).get("received", "?"),
               hint="return (best_model, history) in this order, best_model from keras.models.load_model(path)")
    if got["is_start"]:
        t.fail(f"{t.label}: best_model is the model that was trained, holding the weights of the last epoch",
               hint="load the checkpoint back with keras.models.load_model(path) and return that model")
    epochs = t.inputs["epochs"]
    vals = got["val_loss"]
    if vals is None or np.ndim(vals) != 1 or len(vals) != epochs:
        t.fail(f"{t.label}: history.history['val_loss'] should hold one validation loss per epoch",
               f"{epochs} entries", "no val_loss" if vals is None else f"{np.size(vals)} entries",
               hint="pass validation_data=(X_val, y_val) and epochs=epochs to fit, and return the History that fit "
                    "returns")
    got_loss = got["best_loss"]
    if got_loss is None:
        t.fail(f"{t.label}: best_model does not hold the weights of the classifier that was trained",
               hint="best_model is the model passed in, reloaded from path with keras.models.load_model(path)")
    best_epoch, lowest, last = int(np.argmin(vals)) + 1, float(np.min(vals)), float(vals[-1])
    if np.isclose(got_loss, last, rtol=1e-3) and not np.isclose(got_loss, lowest, rtol=1e-3):
        t.fail(f"{t.label}: the reloaded model has the validation loss of the last epoch, not the lowest one",
               f"val loss {lowest:.4f} (epoch {best_epoch})", f"{got_loss:.4f} (the last epoch: {last:.4f})",
               hint="ModelCheckpoint(path, monitor='val_loss', save_best_only=True): without save_best_only the file "
                    "is overwritten every epoch, and monitor='loss' follows the training loss instead of the "
                    "validation loss")
    t.close(got_loss, lowest, rtol=1e-3, name=f"{t.label}: the validation loss of the reloaded model",
            hint="the checkpoint must hold the epoch with the lowest val_loss: monitor='val_loss' (monitor='loss' "
                 "follows the training loss), save_best_only=True")


fit_with_checkpoint = Exercise(
    "fit_with_checkpoint",
    cases=[_checkpoint_case(seed=0, start=0, epochs=8, visible=True)],
    hidden=lambda seed, start, epochs: _checkpoint_case(seed, start, epochs),
    call=_checkpoint_call,
    reference=_no_reference,
    judge=_judge_checkpoint,
    crash_hint="pass validation_data=(X_val, y_val) to fit so that val_loss exists, and save the whole model with "
               "ModelCheckpoint(path, monitor='val_loss', save_best_only=True) (path ends in .keras; "
               "save_weights_only=True would need a .weights.h5 name and leave no model to load)",
    hints=(
        "A callback saves the model whenever the validation loss reaches a new low; afterwards, read the file back.",
        "Create keras.callbacks.ModelCheckpoint(path, monitor='val_loss', save_best_only=True), pass it in "
        "callbacks=[...] to fit together with validation_data=(X_val, y_val), epochs=epochs and verbose=0, keep what "
        "fit returns, then load the file with keras.models.load_model(path).",
        "checkpoint = ModelCheckpoint(path, monitor='val_loss', save_best_only=True); history = fit(..., "
        "validation_data=(X_val, y_val), callbacks=[checkpoint]); the pair is (load_model(path), history)",
    ),
)
