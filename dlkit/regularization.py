"""Regularisation and normalisation of chapter 08, in numpy, each matched to its Keras layer.

    inverted dropout (Keras):  keep ~ Bernoulli(1 - rate);  out = A * keep / (1 - rate)   (training)
                               out = A                                                   (inference)
    003's older form:          out = A * keep (training);  out = (1 - rate) * A (inference)
    batch norm (003 eq. 29-32, Keras BatchNormalization):
        training:   mu = mean_n X, var = mean_n (X - mu)^2 (biased), out = gamma (X - mu) / sqrt(var + eps) + beta
                    moving = momentum * moving + (1 - momentum) * batch statistic
        inference:  the same formula with the moving mean and variance
    layer norm (Keras LayerNormalization): the same per sample, over its features
    penalties (Keras regularizers):  L1: l1 * sum |w|    L2: l2 * sum w^2   (no 1/2, unlike 003 eq. 27)

Shapes: X and A are (N, H): N samples, H features; gamma, beta and the moving statistics are (H,).
"""

from __future__ import annotations

import numbers

import numpy as np

from dlkit import plots
from dlkit.checks import CheckError

__all__ = [
    "dropout_forward", "dropout_backward", "dropout_scale_at_inference", "batchnorm_forward",
    "layernorm_forward", "l1_l2_penalty", "diagnose_curves", "dead_relu_fraction", "small_data",
    "twin_model", "fit_steps", "cross_entropy", "ridge_state", "ridge_figure", "ridge_explorer",
]


def _array(x, name: str, ndim: int | None = None) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise CheckError(f"{name}: expected a numeric array. Received {type(x).__name__}") from err
    if ndim is not None and arr.ndim != ndim:
        raise CheckError(f"{name}: expected a {ndim}-D array. Received shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise CheckError(f"{name}: expected finite values. Received NaN or inf")
    return arr


def _rate(rate) -> float:
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 <= rate < 1:
        raise CheckError(f"rate: expected a fraction in [0, 1). Received {rate!r}")
    return float(rate)


# --- dropout ----------------------------------------------------------------------------------------

def dropout_forward(A, rate, rng, training=True):
    """Inverted dropout: zero each entry with probability `rate`, scale the survivors by 1 / (1 - rate).

    The mask is drawn as `keep = rng.random(A.shape) >= rate` from the Generator passed in (never from
    numpy's global state), so the same seed drops the same units. At inference (training=False) the
    input passes unchanged: the scaling during training already keeps E[out] = A.

    Returns:
        out (A's shape) and the boolean mask `keep` (all True at inference).
    """
    A = _array(A, "A")
    rate = _rate(rate)
    if not training or rate == 0:
        return A.copy(), np.ones(A.shape, dtype=bool)
    if not isinstance(rng, np.random.Generator):
        raise CheckError(f"rng: expected a np.random.Generator. Received {type(rng).__name__}")
    keep = rng.random(A.shape) >= rate                 # (N, H) bool, True with probability 1 - rate
    return A * keep / (1.0 - rate), keep


def dropout_backward(dout, keep, rate):
    """Gradient of inverted dropout: dA = dout * keep / (1 - rate)."""
    dout = _array(dout, "dout")
    if np.shape(keep) != dout.shape:
        raise CheckError(f"keep: expected the mask of shape {dout.shape}. Received shape {np.shape(keep)}")
    return dout * keep / (1.0 - _rate(rate))


def dropout_scale_at_inference(A, rate):
    """003's form at inference: out = (1 - rate) A (training then drops without scaling)."""
    return (1.0 - _rate(rate)) * _array(A, "A")


# --- normalisation ------------------------------------------------------------------------------------

def batchnorm_forward(X, gamma, beta, moving_mean, moving_var, training, momentum=0.99, epsilon=1e-3):
    """Batch normalisation over the batch axis, as keras.layers.BatchNormalization (its defaults).

    Returns:
        out (N, H) and the updated (moving_mean, moving_var), unchanged at inference.
    """
    X = _array(X, "X", 2)
    H = X.shape[1]
    vecs = [_array(v, n, 1) for v, n in ((gamma, "gamma"), (beta, "beta"), (moving_mean, "moving_mean"),
                                         (moving_var, "moving_var"))]
    for v, n in zip(vecs, ("gamma", "beta", "moving_mean", "moving_var")):
        if v.shape != (H,):
            raise CheckError(f"{n}: expected shape ({H},), one value per feature of X {X.shape}. Received {v.shape}")
    gamma, beta, moving_mean, moving_var = vecs
    if training:
        mu = X.mean(axis=0)                                   # (H,)  eq. 29
        var = X.var(axis=0)                                   # (H,)  eq. 30, biased (divide by N)
        moving_mean = momentum * moving_mean + (1 - momentum) * mu
        moving_var = momentum * moving_var + (1 - momentum) * var
    else:
        mu, var = moving_mean, moving_var
    X_hat = (X - mu) / np.sqrt(var + epsilon)                 # (N, H)  eq. 31
    return gamma * X_hat + beta, moving_mean, moving_var      # eq. 32


def layernorm_forward(X, gamma, beta, epsilon=1e-3):
    """Layer normalisation: each sample normalised over its own features (keras.layers.LayerNormalization).

    Same in training and inference: no batch statistics, so it works for batches of one and for RNNs.
    """
    X = _array(X, "X", 2)
    mu = X.mean(axis=1, keepdims=True)                        # (N, 1)
    var = X.var(axis=1, keepdims=True)                        # (N, 1)
    return _array(gamma, "gamma", 1) * (X - mu) / np.sqrt(var + epsilon) + _array(beta, "beta", 1)


# --- weight penalties --------------------------------------------------------------------------------

def l1_l2_penalty(kernels, l1=0.0, l2=0.0) -> float:
    """Penalty added to the loss: l1 * sum |w| + l2 * sum w^2 over every kernel (keras.regularizers.L1L2).

    Args:
        kernels: a list of weight arrays (biases are usually not penalised).
        l1, l2: non-negative strengths.
    """
    if not isinstance(kernels, (list, tuple)):
        raise CheckError(f"kernels: expected a list of weight arrays. Received {type(kernels).__name__}")
    for value, name in ((l1, "l1"), (l2, "l2")):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or value < 0:
            raise CheckError(f"{name}: expected a non-negative number. Received {value!r}")
    arrays = [_array(k, f"kernels[{i}]") for i, k in enumerate(kernels)]
    return float(sum(l1 * np.abs(w).sum() + l2 * np.square(w).sum() for w in arrays))


# --- reading training curves ---------------------------------------------------------------------------

def diagnose_curves(train_loss, val_loss, tol=0.1, high=0.5) -> str:
    """"overfitting", "underfitting" or "good fit" from per-epoch losses, by two rules in this order:

    overfitting:  the last validation loss is more than (1 + tol) times its minimum, while the training
                  loss at the end is below its value at that epoch (training improves, validation worsens);
    underfitting: otherwise, if the last training loss is still above `high` times the first one
                  (the model has not even halved its training loss: too small, too regularised, too short);
    good fit:     neither.
    """
    t = _array(train_loss, "train_loss", 1)
    v = _array(val_loss, "val_loss", 1)
    if len(t) != len(v) or len(t) < 2:
        raise CheckError(f"train_loss, val_loss: expected two curves of one length >= 2. "
                         f"Received lengths {len(t)} and {len(v)}")
    best = int(np.argmin(v))
    if v[-1] > (1 + tol) * v[best] and t[-1] < t[best]:
        return "overfitting"
    if t[-1] > high * t[0]:
        return "underfitting"
    return "good fit"


def dead_relu_fraction(A, threshold=0.9) -> float:
    """Fraction of units whose ReLU output is 0 on at least `threshold` of the samples (003 section 12.4).

    Args:
        A: activations of one ReLU layer, shape (N, H).
    """
    A = _array(A, "A", 2)
    if not 0 < threshold <= 1:
        raise CheckError(f"threshold: expected a fraction in (0, 1]. Received {threshold!r}")
    zero_share = np.mean(A == 0, axis=0)                      # (H,) share of samples where unit is off
    return float(np.mean(zero_share >= threshold))


# --- the small-data experiment (Keras) ------------------------------------------------------------------

def small_data(n_train=150, seed=0):
    """Digits with only `n_train` training images (the rest of the 75 % split unused) and 450 validation images."""
    from dlkit.data import digits_split

    X_tr, X_val, y_tr, y_val = digits_split(test_size=0.25, seed=seed)
    return X_tr[:n_train].astype("float32"), X_val.astype("float32"), y_tr[:n_train], y_val


def twin_model(l2=0.0, dropout=0.0, units=256, inputs=64, classes=10):
    """The chapter's network: inputs -> Dense(units, relu) x 2 -> Dense(classes, softmax), optionally
    with an L2 penalty on the hidden kernels and Dropout after each hidden layer. Uncompiled."""
    import keras

    reg = keras.regularizers.L2(l2) if l2 else None
    model = keras.Sequential([keras.Input((inputs,))])
    for _ in range(2):
        model.add(keras.layers.Dense(units, activation="relu", kernel_regularizer=reg))
        if dropout:
            model.add(keras.layers.Dropout(dropout))
    model.add(keras.layers.Dense(classes, activation="softmax"))
    return model


def cross_entropy(model, X, y) -> float:
    """Mean cross-entropy of a softmax model on (X, y), without any regularisation penalty
    (Keras' evaluate() adds the penalties to the loss it reports, which would favour the twin)."""
    p = np.asarray(model.predict(X, verbose=0, batch_size=1024), dtype=float)
    return float(np.mean(-np.log(np.clip(p[np.arange(len(y)), y], 1e-7, 1.0))))


def fit_steps(build, X, y, steps=300, batch_size=50, lr=1e-3, seed=0, X_val=None, y_val=None, every=None,
              callbacks=None):
    """Seed, build, compile (Adam, sparse categorical cross-entropy) and train for `steps` mini-batches.

    `build` is a function of no arguments that returns a fresh, uncompiled model (e.g. `twin_model`, or
    `lambda: twin_model(l2=1e-3)`): it is called *after* seeding, so `seed` fixes the initial weights as
    well as dropout and the shuffle, and two models fitted with one seed start from the same draw.
    One Keras "epoch" per `every` steps (default: all steps in one), because Keras' per-epoch overhead
    dominates on tiny data.

    Args:
        callbacks: optional Keras callbacks, e.g. EarlyStopping (an "epoch" is `every` steps).

    Returns:
        (model, history): the trained model and its Keras History (val_loss per `every` steps if X_val
        is given).
    """
    import keras
    import tensorflow as tf

    if not callable(build) or isinstance(build, keras.Model):
        raise CheckError("build: expected a function that returns a new model (e.g. twin_model), so that the "
                         f"seed also fixes its initial weights. Received {type(build).__name__}")
    keras.utils.set_random_seed(seed)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy", jit_compile=False)
    every = every or steps
    ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(len(X), seed=seed).batch(batch_size).repeat()
    val = (X_val, y_val) if X_val is not None else None
    history = model.fit(ds, epochs=steps // every, steps_per_epoch=every, validation_data=val, verbose=0,
                        shuffle=False, callbacks=callbacks)
    return model, history


# --- explorer: L2 strength on a polynomial fit -----------------------------------------------------------

def _poly_data(n=12, seed=0):
    g = np.random.default_rng(seed)
    x = np.sort(g.uniform(-1, 1, n))
    x_val = np.linspace(-1, 1, 200)
    f = lambda t: np.sin(np.pi * t)                                   # noqa: E731
    return x, f(x) + g.normal(0, 0.2, n), x_val, f(x_val) + g.normal(0, 0.2, 200)


def _features(x, degree):
    return np.vander(x, degree + 1, increasing=True)                 # (N, degree + 1): 1, x, x^2, ...


def ridge_state(degree=9, log10_lam=-8.0, seed=0):
    """Polynomial regression on 12 noisy points of sin(pi x) with an L2 penalty lam * ||w||^2.

    Closed form: w = (Phi^T Phi + lam I)^-1 Phi^T y (the constant term is penalised too, for simplicity).
    Returns the data, the fitted curve, the weights, and train/validation MSE over a range of lam.
    """
    if not isinstance(degree, (int, np.integer)) or not 0 <= degree <= 15:
        raise CheckError(f"degree: expected an integer in [0, 15]. Received {degree!r}")
    x, y, x_val, y_val = _poly_data(seed=seed)
    Phi, Phi_val = _features(x, degree), _features(x_val, degree)

    def fit(lam):
        return np.linalg.solve(Phi.T @ Phi + lam * np.eye(degree + 1), Phi.T @ y)

    lams = 10.0 ** np.linspace(-10, 1, 45)
    train = [np.mean((Phi @ fit(l) - y) ** 2) for l in lams]
    val = [np.mean((Phi_val @ fit(l) - y_val) ** 2) for l in lams]
    w = fit(10.0 ** log10_lam)
    return {"x": x, "y": y, "x_val": x_val, "curve": Phi_val @ w, "w": w, "lams": lams,
            "train_mse": np.array(train), "val_mse": np.array(val), "lam": 10.0 ** log10_lam,
            "degree": degree, "norm": float(np.linalg.norm(w))}


def ridge_figure(state):
    """Left: the data and the fitted polynomial. Right: train and validation MSE against lam."""
    fig, (ax_fit, ax_err) = plots.new_figure(ncols=2, figsize=(10, 3.6))
    ax_fit.plot(state["x_val"], np.sin(np.pi * state["x_val"]), ":", color="gray", label="truth sin(pi x)")
    ax_fit.plot(state["x_val"], state["curve"], color=plots.PALETTE[0], label="fit")
    ax_fit.plot(state["x"], state["y"], "o", color=plots.PALETTE[1], label="12 training points")
    ax_fit.set_ylim(-2, 2)
    ax_fit.legend(fontsize="small", loc="lower right")
    plots.label(ax_fit, "x", "y", f"degree {state['degree']}, lam = {state['lam']:.0e}, ||w|| = {state['norm']:.1f}")
    ax_err.loglog(state["lams"], state["train_mse"], label="training MSE")
    ax_err.loglog(state["lams"], state["val_mse"], label="validation MSE")
    ax_err.axvline(state["lam"], color="gray", linestyle=":")
    ax_err.legend(fontsize="small")
    plots.label(ax_err, "L2 strength lam", "mean squared error", "left: overfit; right: underfit")
    return fig


def ridge_explorer(degree=9):
    """Sliders for the polynomial degree and log10(lam); redraws the fit and the error curves."""
    import ipywidgets as W

    from dlkit.widgets import figure_output

    controls = {"degree": W.IntSlider(value=degree, min=1, max=12, description="degree"),
                "log10_lam": W.FloatSlider(value=-8.0, min=-10.0, max=1.0, step=0.5, description="log10 lam")}
    output = W.Output()

    def redraw(_=None):
        output.outputs = (figure_output(ridge_figure(ridge_state(**{k: c.value for k, c in controls.items()}))),)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    box = W.VBox([W.HBox(list(controls.values())), output])
    box.controls, box.output = controls, output
    return box
