"""The ridge explorer of chapter 08: an L2 penalty on a polynomial fit of 12 noisy points of sin(pi x).

Symbols:
    x, y          (N,)        the training points (N = 12, dlkit.data.synthetic.poly_data)
    x_val, y_val  (200,)      validation points on [-1, 1]
    Phi           (N, K)      the features 1, x, x^2, ..., x^degree (K = degree + 1)
    w             (K,)        the polynomial's coefficients; lam the L2 strength

    w = (Phi^T Phi + lam I)^-1 Phi^T y      the minimiser of ||Phi w - y||^2 + lam ||w||^2

Example:
    >>> s = ridge_state(degree=3, log10_lam=-2.0)
    >>> s["w"].shape, s["lams"].shape
    ((4,), (45,))
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.data.synthetic import poly_data
from dlkit.viz import explorer as ex
from dlkit.viz.style import PALETTE, label, new_figure

__all__ = ["ridge_state", "ridge_figure", "ridge_explorer"]


def _features(x, degree):
    return np.vander(x, degree + 1, increasing=True)                 # (N,) -> (N, degree + 1): 1, x, x^2, ...


def ridge_state(degree=9, log10_lam=-8.0, seed=0):
    """Polynomial regression on 12 noisy points of sin(pi x) with an L2 penalty lam * ||w||^2.

    Closed form: w = (Phi^T Phi + lam I)^-1 Phi^T y (the constant term is penalised too, for simplicity).

    Args:
        degree: the polynomial's degree, an int in [0, 15].
        log10_lam: log10 of the penalty strength lam (a number).
        seed: the data's seed (dlkit.data.synthetic.poly_data(rng=seed)).

    Returns:
        dict with x, y (12,), x_val (200,), curve (200,) the fit on x_val, w (degree + 1,), lams (45,)
        from 1e-10 to 10, train_mse and val_mse (45,) for each of lams, lam, degree, norm (||w||).
    """
    where = "ridge_state"
    degree = validate.integer(degree, "degree", low=0, high=15, where=where)
    lam = 10.0 ** validate.number(log10_lam, "log10_lam", low=-20, high=5, where=where)
    x, y, x_val, y_val = poly_data(rng=validate.integer(seed, "seed", low=0, where=where))
    Phi, Phi_val = _features(x, degree), _features(x_val, degree)    # (12, K), (200, K)

    def fit(lam):
        return np.linalg.solve(Phi.T @ Phi + lam * np.eye(degree + 1), Phi.T @ y)   # (K, K) w = (K,)

    lams = 10.0 ** np.linspace(-10, 1, 45)
    train = [np.mean((Phi @ fit(lm) - y) ** 2) for lm in lams]
    val = [np.mean((Phi_val @ fit(lm) - y_val) ** 2) for lm in lams]
    w = fit(lam)
    return {"x": x, "y": y, "x_val": x_val, "curve": Phi_val @ w, "w": w, "lams": lams,
            "train_mse": np.array(train), "val_mse": np.array(val), "lam": lam,
            "degree": degree, "norm": float(np.linalg.norm(w))}


def ridge_figure(state):
    """Left: the data and the fitted polynomial. Right: train and validation MSE against lam.

    Args:
        state: a dict from ridge_state.
    """
    fig, (ax_fit, ax_err) = new_figure(ncols=2, figsize=(10, 3.6))
    ax_fit.plot(state["x_val"], np.sin(np.pi * state["x_val"]), ":", color="gray", label="truth sin(pi x)")
    ax_fit.plot(state["x_val"], state["curve"], color=PALETTE[0], label="fit")
    ax_fit.plot(state["x"], state["y"], "o", color=PALETTE[1], label=f"{len(state['x'])} training points")
    ax_fit.set_ylim(-2, 2)
    ax_fit.legend(fontsize="small", loc="lower right")
    label(ax_fit, "x", "y", f"degree {state['degree']}, lam = {state['lam']:.0e}, ||w|| = {state['norm']:.1f}")
    ax_err.loglog(state["lams"], state["train_mse"], label="training MSE")
    ax_err.loglog(state["lams"], state["val_mse"], label="validation MSE")
    ax_err.axvline(state["lam"], color="gray", linestyle=":")
    ax_err.legend(fontsize="small")
    label(ax_err, "L2 strength lam", "mean squared error", "left: overfit; right: underfit")
    return fig


def ridge_explorer(degree=9):
    """Sliders for the polynomial degree and log10(lam); redraws the fit and the error curves.

    Returns:
        ipywidgets.VBox (dlkit.viz.explorer.explorer) with ``box.controls`` ({"degree", "log10_lam"}),
        ``box.output`` and ``box.message``.
    """
    degree = validate.integer(degree, "degree", low=1, high=12, where="ridge_explorer")
    controls = {"degree": ex.int_slider(1, 12, degree),
                "log10_lam": ex.slider(-10.0, 1.0, 0.5, -8.0, label="log10 lam", fmt=".1f")}
    return ex.explorer(controls, state=ridge_state, figure=ridge_figure,
                       message=lambda s: f"lam = {s['lam']:.1e}: ||w|| = {s['norm']:.2g}, validation MSE "
                                         f"{np.interp(np.log10(s['lam']), np.log10(s['lams']), s['val_mse']):.3g}")
