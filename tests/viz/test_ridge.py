"""Tests of dlkit.viz.ridge: the L2-penalised polynomial fit of chapter 08, its figure and explorer."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.nn.gradcheck import numerical_gradient
from dlkit.viz import ridge

from . import assert_labelled


def test_ridge_state_shapes_and_the_over_underfit_curve():
    over, mid = ridge.ridge_state(9, -10.0), ridge.ridge_state(9, -3.0)
    assert over["w"].shape == (10,) and over["curve"].shape == (200,) and over["lams"].shape == (45,)
    assert over["train_mse"].min() < mid["train_mse"].max() and over["norm"] > mid["norm"]
    best = over["lams"][np.argmin(over["val_mse"])]
    assert 1e-8 < best < 1.0                                     # neither no penalty nor a huge one
    assert np.all(np.diff(over["train_mse"]) >= -1e-12)          # more penalty never fits training better


def test_ridge_weights_by_hand_oracle_and_gradient():
    # degree 0: w = sum(y) / (N + lam), a shrunk mean
    s = ridge.ridge_state(0, 0.0)
    assert s["w"][0] == pytest.approx(np.sum(s["y"]) / (len(s["y"]) + 1.0))
    # oracle: scikit-learn's Ridge without intercept on the same features
    from sklearn.linear_model import Ridge
    s = ridge.ridge_state(4, -2.0)
    Phi = np.vander(s["x"], 5, increasing=True)
    ref = Ridge(alpha=1e-2, fit_intercept=False, solver="cholesky").fit(Phi, s["y"]).coef_
    np.testing.assert_allclose(s["w"], ref, rtol=1e-8, atol=1e-10)
    # the gradient of ||Phi w - y||^2 + lam ||w||^2 vanishes at w
    loss = lambda w: float(np.sum((Phi @ w - s["y"]) ** 2) + s["lam"] * np.sum(w ** 2))   # noqa: E731
    assert np.max(np.abs(numerical_gradient(loss, s["w"].copy()))) < 1e-6


def test_ridge_figure():
    fig = ridge.ridge_figure(ridge.ridge_state(9, -3.0))
    assert_labelled(fig)


def test_errors():
    with pytest.raises(CheckError, match="degree is out of range"):
        ridge.ridge_state(degree=40)
    with pytest.raises(CheckError, match="log10_lam must be a finite number"):
        ridge.ridge_state(log10_lam="small")


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_ridge_explorer_wiring_headless():
    pytest.importorskip("ipywidgets")
    box = ridge.ridge_explorer()
    assert set(box.controls) == {"degree", "log10_lam"}
    first = box.output.outputs[0]["data"]["image/png"]
    box.controls["log10_lam"].value = -2.0
    assert len(box.output.outputs) == 1 and box.output.outputs[0]["data"]["image/png"] != first
    assert "lam = 1.0e-02" in box.message.value
    box.controls["degree"].value = 3
    assert "validation MSE" in box.message.value
