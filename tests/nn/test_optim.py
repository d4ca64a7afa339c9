"""Tests of dlkit.nn.optim: every rule against keras.optimizers, the dict/list step, schedules, clipping.

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

from dlkit.errors import CheckError
from dlkit.nn import optim

SHAPES = [(3, 4), (4,), (2, 1, 3)]


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def _run_both(keras, ours, theirs, seed=0, steps=10, scale=1.0):
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
    "sgd": (lambda: optim.SGD(0.1), lambda k: k.optimizers.SGD(0.1)),
    "momentum": (lambda: optim.Momentum(0.1, 0.9), lambda k: k.optimizers.SGD(0.1, momentum=0.9)),
    "nesterov": (lambda: optim.Nesterov(0.1, 0.9), lambda k: k.optimizers.SGD(0.1, momentum=0.9, nesterov=True)),
    "adagrad": (lambda: optim.Adagrad(0.1), lambda k: k.optimizers.Adagrad(0.1)),
    "rmsprop": (lambda: optim.RMSprop(0.01), lambda k: k.optimizers.RMSprop(0.01)),
    "adam": (lambda: optim.Adam(0.01), lambda k: k.optimizers.Adam(0.01)),
    "adamw": (lambda: optim.AdamW(0.01, weight_decay=0.1), lambda k: k.optimizers.AdamW(0.01, weight_decay=0.1)),
    "adam_defaults": (lambda: optim.Adam(), lambda k: k.optimizers.Adam()),
    "adamw_defaults": (lambda: optim.AdamW(), lambda k: k.optimizers.AdamW()),
    "adagrad_defaults": (lambda: optim.Adagrad(), lambda k: k.optimizers.Adagrad()),
    "rmsprop_defaults": (lambda: optim.RMSprop(), lambda k: k.optimizers.RMSprop()),
}


@pytest.mark.parametrize("name", list(DEFAULT_PAIRS))
def test_agrees_with_keras_default_hyperparameters(keras, name):
    ours, theirs = DEFAULT_PAIRS[name]
    _, got, want = _run_both(keras, ours(), theirs(keras))
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6)


LR, B, B2, EPS = 0.0625, 0.875, 0.9921875, 2.0 ** -23     # exact in float32
EXACT_PAIRS = {
    "sgd": (lambda: optim.SGD(LR), lambda k: k.optimizers.SGD(LR)),
    "momentum": (lambda: optim.Momentum(LR, B), lambda k: k.optimizers.SGD(LR, momentum=B)),
    "nesterov": (lambda: optim.Nesterov(LR, B), lambda k: k.optimizers.SGD(LR, momentum=B, nesterov=True)),
    "adagrad": (lambda: optim.Adagrad(LR, 0.125, EPS), lambda k: k.optimizers.Adagrad(LR, 0.125, EPS)),
    "rmsprop": (lambda: optim.RMSprop(LR, 0.75, EPS), lambda k: k.optimizers.RMSprop(LR, 0.75, epsilon=EPS)),
    "adam": (lambda: optim.Adam(LR, B, B2, EPS), lambda k: k.optimizers.Adam(LR, B, B2, EPS)),
    "adamw": (lambda: optim.AdamW(LR, 0.125, B, B2, EPS), lambda k: k.optimizers.AdamW(LR, 0.125, B, B2, EPS)),
}


@pytest.mark.parametrize("name", list(EXACT_PAIRS))
def test_same_formula_as_keras_exactly(keras, name):
    ours, theirs = EXACT_PAIRS[name]
    w0, got, want = _run_both(keras, ours(), theirs(keras), seed=1, scale=0.01)   # small gradients: eps matters
    for a, g, w in zip(w0, got, want):
        np.testing.assert_allclose(g - a, w - a, rtol=1e-12, atol=1e-15)


def test_hand_computed_first_steps():
    w = [np.array([1.0, -2.0])]
    g = [np.array([0.5, 1.0])]
    optim.SGD(0.1).step(w, g)
    np.testing.assert_allclose(w[0], [0.95, -2.1])
    # momentum with a constant gradient: steps eta g, eta g (1 + b), eta g (1 + b + b^2); v is the step
    opt, w = optim.Momentum(0.1, 0.5), [np.array([0.0])]
    for want, v in ((-0.1, -0.1), (-0.25, -0.15), (-0.425, -0.175)):
        opt.step(w, [np.array([1.0])])
        assert w[0][0] == pytest.approx(want) and opt.state[0]["v"][0] == pytest.approx(v)
    # Nesterov's first step from v = 0: -(1 + b) eta g
    w = [np.array([0.0])]
    optim.Nesterov(0.1, 0.5).step(w, [np.array([1.0])])
    assert w[0][0] == pytest.approx(-0.15)
    # Adam's first step is eta * sign(g) whatever the size of g (up to epsilon)
    w = [np.array([0.0, 0.0])]
    optim.Adam(0.01, epsilon=0.0).step(w, [np.array([1e-3, -50.0])])
    np.testing.assert_allclose(w[0], [-0.01, 0.01])
    # AdamW with a zero gradient only decays: w (1 - eta wd)
    w = [np.array([2.0])]
    optim.AdamW(0.1, weight_decay=0.5).step(w, [np.array([0.0])])
    assert w[0][0] == pytest.approx(2.0 * (1 - 0.05))
    # Adagrad from G0 = 0 with eps = 1: w -= eta g / sqrt(g^2 + 1)
    w = [np.array([0.0])]
    optim.Adagrad(1.0, 0.0, 1.0).step(w, [np.array([1.0])])
    assert w[0][0] == pytest.approx(-1 / np.sqrt(2))
    # RMSprop, rho = 0.75, g = 2, eps = 0: s = 0.25 * 4 = 1, step eta g / 1
    w = [np.array([0.0])]
    optim.RMSprop(0.1, 0.75, 0.0).step(w, [np.array([2.0])])
    assert w[0][0] == pytest.approx(-0.2)


def test_momentum_forms_differ_by_a_learning_rate_factor():
    rng = np.random.default_rng(3)
    grads = [rng.normal(size=4) for _ in range(12)]
    b, eta = 0.9, 0.05
    runs = {}
    for form, rate in [("keras", eta * (1 - b)), ("velocity", eta * (1 - b)), ("ema", eta)]:
        opt, w = optim.Momentum(rate, b, form=form), [np.zeros(4)]
        for g in grads:
            opt.step(w, [g])
        runs[form] = w[0]
    np.testing.assert_allclose(runs["keras"], runs["velocity"], atol=1e-15)
    np.testing.assert_allclose(runs["ema"], runs["keras"], rtol=1e-12)


def test_naive_loop_oracle_for_momentum():
    """Momentum against a plain scalar loop written from the formula, entry by entry."""
    rng = np.random.default_rng(4)
    grads = [rng.normal(size=3) for _ in range(6)]
    opt, w = optim.Momentum(0.05, 0.8), [np.zeros(3)]
    for g in grads:
        opt.step(w, [g])
    for i in range(3):
        wi = vi = 0.0
        for g in grads:
            vi = 0.8 * vi - 0.05 * g[i]
            wi = wi + vi
        assert w[0][i] == pytest.approx(wi, rel=1e-12)


def test_state_and_iterations():
    opt = optim.Adam(0.1)
    p = [np.zeros(2), np.zeros((2, 2))]
    opt.step(p, [np.ones(2), np.ones((2, 2))])
    opt.step(p, [np.ones(2), np.ones((2, 2))])
    assert opt.iterations == 2 and len(opt.state) == 2 and opt.state[1]["m"].shape == (2, 2)


@pytest.mark.parametrize("name", list(optim.OPTIMIZERS))
def test_dict_step_equals_list_step_and_keeps_state_per_key(name):
    """The course's parameter structure: a dict of named arrays, the same keys in grads, updated in place."""
    rng = np.random.default_rng(6)
    shapes = {"W1": (3, 2), "b1": (2,), "W2": (2, 1)}
    start = {k: rng.normal(size=s) for k, s in shapes.items()}
    steps = [{k: rng.normal(size=s) for k, s in shapes.items()} for _ in range(5)]
    as_dict = {k: v.copy() for k, v in start.items()}
    arrays = {k: as_dict[k] for k in as_dict}                     # the same array objects
    as_list = [start[k].copy() for k in shapes]
    d_opt, l_opt = optim.make_optimizer(name, 0.05), optim.make_optimizer(name, 0.05)
    for g in steps:
        # grads in another key order: matched by key, not position
        assert d_opt.step(as_dict, dict(reversed(list(g.items())))) is as_dict
        l_opt.step(as_list, [g[k] for k in shapes])
    for i, k in enumerate(shapes):
        assert as_dict[k] is arrays[k]                             # in place
        np.testing.assert_allclose(as_dict[k], as_list[i], rtol=0, atol=0)
    assert isinstance(d_opt.state, dict) and set(d_opt.state) == set(shapes)
    for i, k in enumerate(shapes):
        for key in d_opt.state[k]:
            np.testing.assert_array_equal(d_opt.state[k][key], l_opt.state[i][key])


def test_step_errors_say_what_was_expected():
    with pytest.raises(CheckError, match="one gradient per parameter"):
        optim.SGD(0.1).step([np.zeros(2)], [np.zeros(2), np.zeros(2)])
    with pytest.raises(CheckError, match=r"must have the shape of params\[0\]\n  expected: \(2,\)"):
        optim.SGD(0.1).step([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(CheckError, match="float numpy array"):
        optim.SGD(0.1).step([np.zeros(2, dtype=int)], [np.zeros(2)])
    with pytest.raises(CheckError, match="a dict of named arrays or a list of arrays"):
        optim.SGD(0.1).step(np.zeros(2), np.zeros(2))
    with pytest.raises(CheckError, match="grads must be a dict like params"):
        optim.SGD(0.1).step({"w": np.zeros(2)}, [np.zeros(2)])
    with pytest.raises(CheckError, match=r"grads must have the keys of params(.|\n)*missing \['b'\]"):
        optim.SGD(0.1).step({"w": np.zeros(2), "b": np.zeros(1)}, {"w": np.zeros(2)})
    with pytest.raises(CheckError, match=r"grads\['b'\] must have the shape of params\['b'\]"):
        optim.Adam(0.1).step({"b": np.zeros(1)}, {"b": np.zeros(2)})
    opt = optim.Adam(0.1)
    opt.step({"w": np.zeros(2)}, {"w": np.ones(2)})
    with pytest.raises(CheckError, match="not the parameters of the first step"):
        opt.step({"v": np.zeros(2)}, {"v": np.ones(2)})
    with pytest.raises(CheckError, match="not the parameters of the first step"):
        opt.step([np.zeros(2)], [np.ones(2)])
    with pytest.raises(CheckError, match="returned None"):
        class Broken(optim.Optimizer):
            def update(self, w, g, state):
                w -= g
        Broken(0.1).step([np.zeros(2)], [np.ones(2)])


def test_constructor_errors():
    with pytest.raises(CheckError, match="learning_rate is out of range(.|\n)*a number > 0"):
        optim.Adam(-1.0)
    with pytest.raises(CheckError, match="form is not one of the choices"):
        optim.Momentum(0.1, form="003")
    with pytest.raises(CheckError, match="momentum is out of range"):
        optim.Momentum(0.1, 1.5)
    with pytest.raises(CheckError, match="rho must be a finite number"):
        optim.RMSprop(0.1, rho="0.9")
    with pytest.raises(CheckError, match="weight_decay is out of range"):
        optim.AdamW(0.1, weight_decay=-1.0)
    with pytest.raises(CheckError, match="epsilon is out of range"):
        optim.Adagrad(0.1, epsilon=-1.0)
    with pytest.raises(CheckError, match="name is not one of the choices(.|\n)*'adam'"):
        optim.make_optimizer("lion", 0.1)
    assert isinstance(optim.make_optimizer("ADAM", 0.1), optim.Adam)


def test_random_problem_and_run_steps():
    p0, gs = optim.random_problem(0)
    assert [p.shape for p in p0] == [(4, 3), (3,), (2, 2, 2)] and len(gs) == 10
    assert all(0.2 <= abs(x) <= 2.0 for g in gs for a in g for x in a.ravel())
    again, _ = optim.random_problem(0)
    np.testing.assert_array_equal(p0[0], again[0])
    before = [p.copy() for p in p0]
    out = optim.run_steps(optim.SGD(0.1), p0, gs)
    for b, p in zip(before, p0):
        np.testing.assert_array_equal(b, p)                 # params0 untouched
    np.testing.assert_allclose(out[1], p0[1] - 0.1 * sum(g[1] for g in gs))
    d = optim.run_steps(optim.SGD(0.5), {"w": np.array([1.0])}, [{"w": np.array([1.0])}] * 2)
    assert d["w"][0] == pytest.approx(0.0)
    with pytest.raises(CheckError, match="steps is out of range"):
        optim.random_problem(0, steps=0)
    with pytest.raises(CheckError, match="seed must be a random generator or a seed"):
        optim.random_problem("zero")
    with pytest.raises(CheckError, match="opt must be an optimizer"):
        optim.run_steps("sgd", p0, gs)


def test_exponential_decay_hand_computed_and_errors():
    assert optim.exponential_decay(20, 0.1, 10, 0.5) == pytest.approx(0.025)
    np.testing.assert_allclose(optim.exponential_decay(np.array([0, 5, 15]), 0.1, 10, 0.5, staircase=True),
                               [0.1, 0.1, 0.05])
    with pytest.raises(CheckError, match="step must be >= 0"):
        optim.exponential_decay(-1, 0.1, 10, 0.5)
    with pytest.raises(CheckError, match="decay_steps is out of range"):
        optim.exponential_decay(1, 0.1, 0, 0.5)


def test_exponential_decay_matches_keras_and_eq_73(keras):
    steps = np.array([0, 1, 5, 10, 25, 99])
    for stair in (False, True):
        ks = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, staircase=stair)
        want = [float(ks(int(s))) for s in steps]
        np.testing.assert_allclose(optim.exponential_decay(steps, 0.1, 10, 0.5, staircase=stair), want, rtol=1e-6)


def test_plateau_hand_computed_and_errors():
    # patience 2: epochs 2 and 3 do not improve on 1.0 -> halve after epoch 3; 0.5 improves
    assert optim.plateau_learning_rates([1.0, 1.0, 1.0, 0.5], 0.1, factor=0.5, patience=2) == \
        pytest.approx([0.1, 0.1, 0.05, 0.05])
    with pytest.raises(CheckError, match="factor is out of range(.|\n)*< 1"):
        optim.plateau_learning_rates([1.0], 0.1, factor=2.0)
    with pytest.raises(CheckError, match="patience must be an integer"):
        optim.plateau_learning_rates([1.0], 0.1, patience=2.5)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # raised inside Keras' callback, not by dlkit
def test_plateau_matches_keras_callback(keras):
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
                                           min_learning_rate=min_lr)
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_clipping_hand_computed_dicts_and_errors():
    # eq. 74 by hand: g = (3, 4) has norm 5; threshold 1 -> (0.6, 0.8); zero gradients stay zero
    np.testing.assert_allclose(optim.clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)[0][1], [0.8])
    assert optim.clip_by_global_norm([np.zeros(3)], 1.0)[1] == 0.0
    np.testing.assert_allclose(optim.clip_by_norm(np.array([3.0, 4.0]), 1.0), [0.6, 0.8])
    np.testing.assert_allclose(optim.clip_by_norm(np.array([0.3, 0.4]), 1.0), [0.3, 0.4])   # below: unchanged
    grads = {"W": np.array([[3.0]]), "b": np.array([4.0])}
    assert optim.global_norm(grads) == 5.0
    clipped, norm = optim.clip_by_global_norm(grads, 2.5)
    assert norm == 5.0 and set(clipped) == {"W", "b"}
    np.testing.assert_allclose(clipped["b"], [2.0])
    with pytest.raises(CheckError, match="clip_norm is out of range"):
        optim.clip_by_global_norm([np.ones(2)], 0.0)
    with pytest.raises(CheckError, match="clip_norm is out of range"):
        optim.clip_by_norm(np.ones(2), -1.0)
    with pytest.raises(CheckError, match="grads must be a list of numpy arrays"):
        optim.global_norm(np.ones(2))


def test_clipping_matches_tensorflow_and_keras(keras):
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
    # the global_clipnorm and clipnorm options of a Keras optimizer: SGD(1) moves by -clipped grads
    for kw, ours in [("global_clipnorm", lambda gs: optim.clip_by_global_norm(gs, 0.5)[0]),
                     ("clipnorm", lambda gs: [optim.clip_by_norm(g, 0.5) for g in gs])]:
        kvars = [keras.Variable(np.zeros(s), dtype="float64") for s in SHAPES]
        keras.optimizers.SGD(1.0, **{kw: 0.5}).apply_gradients(zip(grads, kvars))
        for v, c in zip(kvars, ours(grads)):
            np.testing.assert_allclose(v.numpy(), -c, rtol=1e-6)


def test_random_problem_dict_shapes_draw_the_list_numbers():
    p_list, g_list = optim.random_problem(5, shapes=((2, 3), (3,)), steps=4)
    p_dict, g_dict = optim.random_problem(5, shapes={"W1": (2, 3), "b1": (3,)}, steps=4)
    assert list(p_dict) == ["W1", "b1"] and len(g_dict) == 4 and list(g_dict[0]) == ["W1", "b1"]
    np.testing.assert_array_equal(p_dict["b1"], p_list[1])
    np.testing.assert_array_equal(g_dict[3]["W1"], g_list[3][0])


def test_run_trajectory_hand_computed_oracle_and_errors():
    # Momentum 0.1, 0.5 with g = 1 three times from 0: -0.1, -0.25, -0.425 (steps 0.1, 0.15, 0.175)
    path = optim.run_trajectory(optim.Momentum(0.1, 0.5), {"w": np.zeros(1)}, [{"w": np.ones(1)}] * 3)
    np.testing.assert_allclose(path["w"][:, 0], [-0.1, -0.25, -0.425])
    # oracle: the last row is run_steps' result; every row is run_steps on the first k steps
    p0, gs = optim.random_problem(2, shapes={"W": (2, 2), "b": (3,)}, steps=5)
    traj = optim.run_trajectory(optim.Adam(0.01), p0, gs)
    assert traj["W"].shape == (5, 2, 2) and traj["b"].shape == (5, 3)
    for k in (1, 3, 5):
        end = optim.run_steps(optim.Adam(0.01), p0, gs[:k])
        np.testing.assert_allclose(traj["b"][k - 1], end["b"], rtol=1e-15)
    lists = optim.run_trajectory(optim.SGD(0.5), [np.array([1.0])], [[np.array([1.0])]] * 2)
    assert isinstance(lists, list) and lists[0].shape == (2, 1)
    before = p0["W"].copy()
    optim.run_trajectory(optim.SGD(1.0), p0, gs)
    np.testing.assert_array_equal(p0["W"], before)                # params0 untouched
    with pytest.raises(CheckError, match="grads must be a list of gradient structures"):
        optim.run_trajectory(optim.SGD(0.1), p0, [])
    with pytest.raises(CheckError, match="opt must be an optimizer"):
        optim.run_trajectory("adam", p0, gs)
