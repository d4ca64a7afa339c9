"""Tests of dlkit.optim: every rule against keras.optimizers, schedules, clipping, the explorer.

Keras comparison, decided once: keras Variables in float64, ten steps on the same random gradients.
Keras turns Python-float hyperparameters (learning rate, momentum, betas, rho) into float32 before
casting them to the variable's dtype, so with the default values (0.9, 0.999, 0.01 ...) it agrees with
exact float64 arithmetic to about 1e-7 of the step, not to machine precision. Hence two tests:
  * default hyperparameters: parameters agree to rtol = atol = 1e-6 after ten steps;
  * hyperparameters exactly representable in float32 (0.0625, 0.875, 2**-23 ...): agree to 1e-12,
    which shows the formulas (epsilon placement, bias correction, decay order) are Keras' own.
"""

from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit import optim

keras = pytest.importorskip("keras")

SHAPES = [(3, 4), (4,), (2, 1, 3)]


def _run_both(ours, theirs, seed=0, steps=10, scale=1.0):
    rng = np.random.default_rng(seed)
    w0 = [rng.normal(size=s) for s in SHAPES]
    grads = [[scale * rng.normal(size=s) for s in SHAPES] for _ in range(steps)]
    params = [w.copy() for w in w0]
    kvars = [keras.Variable(w.copy(), dtype="float64") for w in w0]
    for g in grads:
        ours.step(params, g)
        theirs.apply_gradients(zip(g, kvars))
    return w0, params, [v.numpy() for v in kvars]


DEFAULT_PAIRS = {
    "sgd": (lambda: optim.SGD(0.1), lambda: keras.optimizers.SGD(0.1)),
    "momentum": (lambda: optim.Momentum(0.1, 0.9), lambda: keras.optimizers.SGD(0.1, momentum=0.9)),
    "nesterov": (lambda: optim.Nesterov(0.1, 0.9),
                 lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True)),
    "adagrad": (lambda: optim.Adagrad(0.1), lambda: keras.optimizers.Adagrad(0.1)),
    "rmsprop": (lambda: optim.RMSprop(0.01), lambda: keras.optimizers.RMSprop(0.01)),
    "adam": (lambda: optim.Adam(0.01), lambda: keras.optimizers.Adam(0.01)),
    "adamw": (lambda: optim.AdamW(0.01, weight_decay=0.1), lambda: keras.optimizers.AdamW(0.01, weight_decay=0.1)),
    "adam_defaults": (lambda: optim.Adam(), lambda: keras.optimizers.Adam()),
    "adamw_defaults": (lambda: optim.AdamW(), lambda: keras.optimizers.AdamW()),
    "adagrad_defaults": (lambda: optim.Adagrad(), lambda: keras.optimizers.Adagrad()),
    "rmsprop_defaults": (lambda: optim.RMSprop(), lambda: keras.optimizers.RMSprop()),
}


@pytest.mark.parametrize("name", list(DEFAULT_PAIRS))
def test_agrees_with_keras_default_hyperparameters(name):
    ours, theirs = DEFAULT_PAIRS[name]
    _, got, want = _run_both(ours(), theirs())
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6)


LR, B, B2, EPS = 0.0625, 0.875, 0.9921875, 2.0 ** -23     # exact in float32
EXACT_PAIRS = {
    "sgd": (optim.SGD(LR), lambda: keras.optimizers.SGD(LR)),
    "momentum": (optim.Momentum(LR, B), lambda: keras.optimizers.SGD(LR, momentum=B)),
    "nesterov": (optim.Nesterov(LR, B), lambda: keras.optimizers.SGD(LR, momentum=B, nesterov=True)),
    "adagrad": (optim.Adagrad(LR, 0.125, EPS), lambda: keras.optimizers.Adagrad(LR, 0.125, EPS)),
    "rmsprop": (optim.RMSprop(LR, 0.75, EPS), lambda: keras.optimizers.RMSprop(LR, 0.75, epsilon=EPS)),
    "adam": (optim.Adam(LR, B, B2, EPS), lambda: keras.optimizers.Adam(LR, B, B2, EPS)),
    "adamw": (optim.AdamW(LR, 0.125, B, B2, EPS), lambda: keras.optimizers.AdamW(LR, 0.125, B, B2, EPS)),
}


@pytest.mark.parametrize("name", list(EXACT_PAIRS))
def test_same_formula_as_keras_exactly(name):
    ours, theirs = EXACT_PAIRS[name]
    w0, got, want = _run_both(ours, theirs(), seed=1, scale=0.01)     # small gradients: epsilon matters
    for a, g, w in zip(w0, got, want):
        np.testing.assert_allclose(g - a, w - a, rtol=1e-12, atol=1e-15)


def test_hand_computed_first_steps():
    w = [np.array([1.0, -2.0])]
    g = [np.array([0.5, 1.0])]
    optim.SGD(0.1).step(w, g)
    np.testing.assert_allclose(w[0], [0.95, -2.1])
    # momentum with a constant gradient: steps lr g, lr g (1 + b), lr g (1 + b + b^2)
    opt, w = optim.Momentum(0.1, 0.5), [np.array([0.0])]
    for want in (-0.1, -0.25, -0.425):
        opt.step(w, [np.array([1.0])])
        assert w[0][0] == pytest.approx(want)
    # Adam's first step is lr * sign(g) whatever the size of g (up to epsilon)
    w = [np.array([0.0, 0.0])]
    optim.Adam(0.01, epsilon=0.0).step(w, [np.array([1e-3, -50.0])])
    np.testing.assert_allclose(w[0], [-0.01, 0.01])
    # AdamW with a zero gradient only decays: w (1 - lr wd)
    w = [np.array([2.0])]
    optim.AdamW(0.1, weight_decay=0.5).step(w, [np.array([0.0])])
    assert w[0][0] == pytest.approx(2.0 * (1 - 0.05))
    # Adagrad from G0 = 0 with eps = 1: w -= lr g / sqrt(g^2 + 1)
    w = [np.array([0.0])]
    optim.Adagrad(1.0, 0.0, 1.0).step(w, [np.array([1.0])])
    assert w[0][0] == pytest.approx(-1 / np.sqrt(2))


def test_momentum_forms_differ_by_a_learning_rate_factor():
    rng = np.random.default_rng(3)
    grads = [rng.normal(size=4) for _ in range(12)]
    b, lr = 0.9, 0.05
    runs = {}
    for form, rate in [("keras", lr * (1 - b)), ("velocity", lr * (1 - b)), ("ema", lr)]:
        opt, w = optim.Momentum(rate, b, form=form), [np.zeros(4)]
        for g in grads:
            opt.step(w, [g])
        runs[form] = w[0]
    np.testing.assert_allclose(runs["keras"], runs["velocity"], atol=1e-15)
    np.testing.assert_allclose(runs["ema"], runs["keras"], rtol=1e-12)


def test_state_and_iterations():
    opt = optim.Adam(0.1)
    p = [np.zeros(2), np.zeros((2, 2))]
    opt.step(p, [np.ones(2), np.ones((2, 2))])
    opt.step(p, [np.ones(2), np.ones((2, 2))])
    assert opt.iterations == 2 and len(opt.state) == 2 and opt.state[1]["m"].shape == (2, 2)


def test_errors_say_what_was_expected():
    with pytest.raises(ValueError, match="one gradient per parameter"):
        optim.SGD(0.1).step([np.zeros(2)], [np.zeros(2), np.zeros(2)])
    with pytest.raises(ValueError, match=r"expected shape \(2,\)"):
        optim.SGD(0.1).step([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(ValueError, match="float numpy array"):
        optim.SGD(0.1).step([np.zeros(2, dtype=int)], [np.zeros(2)])
    with pytest.raises(ValueError, match="list of numpy arrays"):
        optim.SGD(0.1).step(np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="learning_rate: expected a number > 0"):
        optim.Adam(-1.0)
    with pytest.raises(ValueError, match="form: expected one of"):
        optim.Momentum(0.1, form="003")
    with pytest.raises(ValueError, match="returned None"):
        class Broken(optim.Optimizer):
            def update(self, w, g, state):
                w -= g
        Broken(0.1).step([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="expected one of"):
        optim.make_optimizer("lion", 0.1)
    with pytest.raises(ValueError, match="factor: expected a number < 1"):
        optim.plateau_learning_rates([1.0], 0.1, factor=2.0)
    with pytest.raises(ValueError, match="clip_norm: expected a number > 0"):
        optim.clip_by_global_norm([np.ones(2)], 0.0)


def test_exponential_decay_matches_keras_and_eq_73():
    steps = np.array([0, 1, 5, 10, 25, 99])
    for stair in (False, True):
        ks = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, staircase=stair)
        want = [float(ks(int(s))) for s in steps]
        np.testing.assert_allclose(optim.exponential_decay(steps, 0.1, 10, 0.5, staircase=stair), want, rtol=1e-6)
    assert optim.exponential_decay(20, 0.1, 10, 0.5) == pytest.approx(0.025)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # raised inside Keras' callback, not by dlkit
def test_plateau_matches_keras_callback():
    rng = np.random.default_rng(5)
    values = np.concatenate([np.linspace(1.0, 0.5, 5), 0.5 + 0.01 * rng.random(12), [0.3], 0.3 + rng.random(10)])
    for patience, cooldown, min_lr in [(2, 0, 0.0), (3, 2, 0.0), (1, 0, 0.004)]:
        cb = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=patience,
                                               cooldown=cooldown, min_lr=min_lr)
        opt = keras.optimizers.SGD(0.1)
        cb.set_model(SimpleNamespace(optimizer=opt))
        cb.on_train_begin()
        want = []
        for epoch, v in enumerate(values):
            cb.on_epoch_end(epoch, {"val_loss": float(v)})
            want.append(float(opt.learning_rate.numpy()))
        got = optim.plateau_learning_rates(values, 0.1, factor=0.5, patience=patience, cooldown=cooldown,
                                           min_lr=min_lr)
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_clipping_matches_tensorflow_and_keras():
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(7)
    grads = [rng.normal(size=s) for s in SHAPES]
    for c in (0.5, 100.0):
        got, norm = optim.clip_by_global_norm(grads, c)
        want, tf_norm = tf.clip_by_global_norm([tf.constant(g) for g in grads], c)
        assert norm == pytest.approx(float(tf_norm))
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b.numpy(), rtol=1e-12)
        np.testing.assert_allclose(optim.clip_by_norm(grads[0], c), tf.clip_by_norm(grads[0], c).numpy(),
                                   rtol=1e-12)
    # the global_clipnorm and clipnorm options of a Keras optimizer: SGD(lr = 1) moves by -clipped grads
    for kw, ours in [("global_clipnorm", lambda gs: optim.clip_by_global_norm(gs, 0.5)[0]),
                     ("clipnorm", lambda gs: [optim.clip_by_norm(g, 0.5) for g in gs])]:
        kvars = [keras.Variable(np.zeros(s), dtype="float64") for s in SHAPES]
        keras.optimizers.SGD(1.0, **{kw: 0.5}).apply_gradients(zip(grads, kvars))
        for v, c in zip(kvars, ours(grads)):
            np.testing.assert_allclose(v.numpy(), -c, rtol=1e-6)
    # eq. 74 by hand: g = (3, 4) has norm 5; threshold 1 -> (0.6, 0.8); zero gradients stay zero
    np.testing.assert_allclose(optim.clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)[0][1], [0.8])
    assert optim.clip_by_global_norm([np.zeros(3)], 1.0)[1] == 0.0


def test_trajectory_state():
    s = optim.trajectory_state("bowl", "sgd", 0.05, 200)
    assert s["path"].shape == (201, 2) and s["losses"].shape == (201,)
    assert not s["diverged"] and s["distance"] < 1e-2
    # SGD on the bowl diverges once lr * 20 > 2
    assert optim.trajectory_state("bowl", "sgd", 0.11, 100)["diverged"]
    # Adam walks down the Rosenbrock valley faster than SGD at the same small rate
    a = optim.trajectory_state("rosenbrock", "adam", 0.02, 300)
    g = optim.trajectory_state("rosenbrock", "sgd", 0.0005, 300)
    assert a["distance"] < g["distance"]
    # on the saddle every method finally leaves (0, 0) towards y = +-sqrt(2)
    assert optim.trajectory_state("saddle", "rmsprop", 0.05, 300)["distance"] < 0.05
    with pytest.raises(ValueError, match="surface: expected one of"):
        optim.trajectory_state("egg", "sgd")


def test_trajectory_figure_labels_both_axes():
    fig = optim.trajectory_figure("saddle", ("sgd", "adam"), 0.05, 50)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()


def test_trajectory_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = optim.trajectory_explorer(steps=30)
    c = box.controls
    assert set(c) == {"surface", "optimizer", "log_lr", "steps"}
    assert len(box.output.outputs) == 1
    first = box.output.outputs[0]["data"]["image/png"]
    c["surface"].value = "rosenbrock"
    c["optimizer"].value = "adam"
    assert box.output.outputs[0]["data"]["image/png"] != first and len(box.output.outputs) == 1


def test_textbook_adam_passes_on_the_chapters_random_problem():
    """The chapter accepts the textbook arrangement (003 eq. 25-26) too: it agrees to 1e-6 there."""
    class TextbookAdam(optim.Adam):
        def update(self, w, g, state):
            t = self.iterations + 1
            state["m"] = self.beta_1 * state["m"] + (1 - self.beta_1) * g
            state["v"] = self.beta_2 * state["v"] + (1 - self.beta_2) * g * g
            m_hat, v_hat = state["m"] / (1 - self.beta_1 ** t), state["v"] / (1 - self.beta_2 ** t)
            return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)

    for seed in range(3):
        p0, gs = optim.random_problem(seed)
        for lr in (0.001, 0.01):
            want = optim.run_keras(keras.optimizers.Adam(lr), p0, gs)
            for a, b in zip(optim.run_steps(TextbookAdam(lr), p0, gs), want):
                np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    assert p0[0].shape == (4, 3) and len(gs) == 10
