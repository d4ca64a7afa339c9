"""Tests of dlkit.gradient_descent: hand cases, numerical gradients, least squares, errors, explorer."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlkit import gradient_descent as gd
from dlkit.gradcheck import numerical_gradient, rel_error

X_LINE, Z_LINE = gd.line_data()


# --- one weight -----------------------------------------------------------------------------------

def test_line_data_and_cost_by_hand():
    np.testing.assert_array_equal(Z_LINE, 2 * X_LINE)
    assert gd.cost(0.0, X_LINE, Z_LINE) == pytest.approx(4.0)     # 40 / (2 * 5)
    assert gd.cost(2.0, X_LINE, Z_LINE) == 0.0
    assert gd.cost(3.0, X_LINE, Z_LINE) == pytest.approx(1.0)     # J(w) = (w - 2)^2 here
    assert gd.cost(1.0, [1.0], [3.0]) == pytest.approx(2.0)       # (3 - 1)^2 / 2
    assert isinstance(gd.cost(0.0, X_LINE, Z_LINE), float)


def test_gradient_by_hand_and_numerically():
    assert gd.gradient(0.0, X_LINE, Z_LINE) == pytest.approx(-4.0)
    assert gd.gradient(3.0, X_LINE, Z_LINE) == pytest.approx(2.0)  # 2 (w - 2)
    rng = np.random.default_rng(40)
    x, z = rng.normal(size=7), rng.normal(size=7)
    for w in (-1.3, 0.0, 2.7):
        num = numerical_gradient(lambda v: gd.cost(float(v[0]), x, z), np.array([w]))
        assert rel_error(num, np.array([gd.gradient(w, x, z)])) < 1e-7


def test_gradient_descent_walk():
    ws, Js = gd.gradient_descent(0.0, X_LINE, Z_LINE, lr=0.3, steps=4)
    np.testing.assert_allclose(ws, [0.0, 1.2, 1.68, 1.872, 1.9488])   # w - 2 shrinks by 0.4 per step
    np.testing.assert_allclose(Js, (ws - 2) ** 2)
    ws, Js = gd.gradient_descent(5.0, X_LINE, Z_LINE, lr=0.1, steps=0)
    assert ws.shape == (1,) and ws[0] == 5.0 and Js[0] == pytest.approx(9.0)
    ws, _ = gd.gradient_descent(0.0, X_LINE, Z_LINE, lr=1.05, steps=20)  # above 2 / mean(x^2) = 1
    assert abs(ws[-1] - 2) > abs(ws[0] - 2)


def test_walk_is_stable_for_a_starting_point_on_the_right():
    ws, _ = gd.gradient_descent(4.0, X_LINE, Z_LINE, lr=0.1, steps=30)
    assert np.all(np.diff(ws) < 0) and ws[-1] == pytest.approx(2.0, abs=1e-2)


def test_iterations_per_epoch():
    assert gd.iterations_per_epoch(10, 4) == 3
    assert gd.iterations_per_epoch(8, 4) == 2
    assert gd.iterations_per_epoch(5, 1) == 5
    assert gd.iterations_per_epoch(5, 100) == 1
    assert type(gd.iterations_per_epoch(np.int64(7), 2)) is int


# --- linear regression ----------------------------------------------------------------------------

def test_linreg_gradients_numerically():
    rng = np.random.default_rng(41)
    X, y = rng.normal(size=(6, 3)), rng.normal(size=6)
    w, b = rng.normal(size=3), 0.4
    dw, db = gd.linreg_gradients(X, y, w, b)
    num_w = numerical_gradient(lambda v: gd.linreg_cost(X, y, v, b), w.copy())
    num_b = numerical_gradient(lambda v: gd.linreg_cost(X, y, w, float(v[0])), np.array([b]))
    assert rel_error(dw, num_w) < 1e-7 and rel_error(np.array([db]), num_b) < 1e-7


def naive_sgd(X, y, lr, epochs, batch_size, rng):
    """A plain-loop oracle, one sample at a time inside each batch."""
    w, b = [0.0] * X.shape[1], 0.0
    for _ in range(epochs):
        order = list(rng.permutation(len(y)))
        for k in range(0, len(order), batch_size):
            batch = order[k:k + batch_size]
            gw, gb = [0.0] * len(w), 0.0
            for i in batch:
                r = y[i] - (sum(X[i, d] * w[d] for d in range(len(w))) + b)
                gw = [gw[d] + X[i, d] * r for d in range(len(w))]
                gb += r
            w = [w[d] + lr * gw[d] / len(batch) for d in range(len(w))]
            b += lr * gb / len(batch)
    return np.array(w), b


@pytest.mark.parametrize("n, batch_size, epochs", [(7, 3, 2), (5, 1, 3), (6, 6, 4), (4, 10, 2)])
def test_minibatch_sgd_matches_a_plain_loop(n, batch_size, epochs):
    rng = np.random.default_rng(42)
    X, y = rng.normal(size=(n, 2)), rng.normal(size=n)
    w, b = gd.minibatch_sgd(X, y, 0.1, epochs, batch_size, np.random.default_rng(5))
    w_ref, b_ref = naive_sgd(X, y, 0.1, epochs, batch_size, np.random.default_rng(5))
    np.testing.assert_allclose(w, w_ref, rtol=1e-12, atol=1e-12)
    assert b == pytest.approx(b_ref, rel=1e-12, abs=1e-12) and isinstance(b, float)


def test_minibatch_sgd_reaches_least_squares():
    X, y = gd.regression_data(n=200, rng=43)
    w_ls, b_ls = gd.least_squares(X, y)
    np.testing.assert_allclose(w_ls, [2.0, -1.0, 0.5], atol=0.05)
    w, b, costs = gd.minibatch_sgd(X, y, 0.05, 60, 16, np.random.default_rng(0), history=True)
    np.testing.assert_allclose(w, w_ls, atol=0.01)
    assert b == pytest.approx(b_ls, abs=0.01)
    assert costs.shape == (1 + 60 * 13,) and costs[-1] < 0.01 < costs[0]
    w_full, b_full = gd.minibatch_sgd(X, y, 0.5, 200, 200, np.random.default_rng(0))   # batch GD
    np.testing.assert_allclose(w_full, w_ls, atol=1e-6)


def test_counting_generator_draws_like_default_rng():
    g = gd.CountingGenerator(3)
    np.testing.assert_array_equal(g.permutation(6), np.random.default_rng(3).permutation(6))
    idx = np.arange(4)
    g.shuffle(idx)
    g.integers(0, 3)
    assert g.shuffles == 2 and g.other_draws == 1 and isinstance(g, np.random.Generator)
    g2 = gd.CountingGenerator(1)
    gd.minibatch_sgd(np.ones((5, 1)), np.ones(5), 0.1, 3, 2, g2)
    assert g2.shuffles == 3 and g2.other_draws == 0


# --- errors ---------------------------------------------------------------------------------------

def test_bad_input_is_an_error():
    with pytest.raises(ValueError, match="one entry per sample"):
        gd.cost(0.0, [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="expected a number"):
        gd.gradient("1", X_LINE, Z_LINE)
    with pytest.raises(ValueError, match="integer >= 0"):
        gd.gradient_descent(0.0, X_LINE, Z_LINE, 0.1, steps=2.5)
    with pytest.raises(ValueError, match="integer >= 1"):
        gd.iterations_per_epoch(10, 0)
    with pytest.raises(ValueError, match="np.random.Generator"):
        gd.minibatch_sgd(np.ones((3, 1)), np.ones(3), 0.1, 1, 1, rng=0)
    with pytest.raises(ValueError, match=r"expected shape \(3,\)"):
        gd.minibatch_sgd(np.ones((3, 1)), np.ones(4), 0.1, 1, 1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="finite"):
        gd.cost(0.0, [np.nan], [1.0])


# --- figures and explorer -------------------------------------------------------------------------

def _labelled(fig):
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        assert ax.get_xlabel().strip() and ax.get_ylabel()


def test_figures_label_their_axes():
    ws, Js = gd.gradient_descent(0.0, X_LINE, Z_LINE, 0.3, 3)
    fig = gd.walk_figure(ws, Js, X_LINE, Z_LINE)
    assert len(fig.axes) == 4 and "w = 1.200" in fig.axes[1].get_title()
    _labelled(fig)
    fig = gd.paths_figure([(0.02, 0.0), (0.3, 4.0), (1.05, 0.0)], steps=6)
    assert len(fig.axes) == 3
    _labelled(fig)


def test_descent_state_by_hand():
    s = gd.descent_state(0.3, 0.0, step=1)
    assert s["w"] == pytest.approx(1.2) and s["J"] == pytest.approx(0.64)
    assert s["slope"] == pytest.approx(-1.6) and s["next_w"] == pytest.approx(1.68)
    assert s["w_star"] == 2.0 and s["lr_limit"] == 1.0 and s["behaviour"] == "converges smoothly"
    assert gd.descent_state(0.8, 0.0)["behaviour"] == "oscillates but converges"
    assert gd.descent_state(1.1, 4.0)["behaviour"] == "diverges"
    assert gd.descent_state(0.02, 4.0)["behaviour"] == "crawls"
    assert gd.descent_state(0.3, 2.0)["behaviour"] == "stays at the minimum"
    assert gd.descent_state(0.3, 0.0, step=99, steps=5)["step"] == 5


def test_descent_figure_even_when_diverging():
    for args in [(0.3, 0.0, 3), (1.2, 7.0, 15), (0.01, -3.0, 0)]:
        fig = gd.descent_figure(*args)
        assert len(fig.axes) == 2
        _labelled(fig)


def test_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = gd.descent_explorer(steps=8)
    c = box.controls
    assert set(c) == {"lr", "w0", "step", "play"}
    assert len(box.output.outputs) == 1
    first = box.output.outputs[0]["data"]["image/png"]
    c["play"].value = 3                    # the Play button drives the step slider
    assert c["step"].value == 3
    second = box.output.outputs[0]["data"]["image/png"]
    assert second != first
    c["lr"].value = 1.1
    assert box.output.outputs[0]["data"]["image/png"] != second
    assert len(box.output.outputs) == 1
