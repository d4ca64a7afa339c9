"""dlkit.viz.scaling: the standardisation explorer's state by hand and against scikit-learn, its figure,
its errors and its wiring (headless)."""

import numpy as np
import pytest

from dlkit.errors import CheckError
from dlkit.viz import scaling

from . import assert_labelled

# --- state --------------------------------------------------------------------------------------


def test_two_points_by_hand():
    # Two points: each column has mean m = (a + b) / 2 and std |a - b| / 2, so they become -1 and +1.
    s = scaling.standardize_state(n=2, correlation=0.0)
    np.testing.assert_allclose(np.abs(s["X_std"]), 1.0, atol=1e-12)
    np.testing.assert_allclose(s["X_std"].sum(axis=0), 0.0, atol=1e-12)


def test_state_by_hand_on_the_formula():
    # Feature 2 is shift + scale * (r u + sqrt(1 - r^2) v): with r = 0 it is shift + scale * v, and
    # feature 1 is 50 + 15 u, with (u, v) the seed's standard normal draws.
    s = scaling.standardize_state(scale=2.0, shift=-7.0, correlation=0.0, n=5, seed=3)
    uv = np.random.default_rng(3).standard_normal((5, 2))
    np.testing.assert_allclose(s["X_raw"][:, 0], 50.0 + 15.0 * uv[:, 0])
    np.testing.assert_allclose(s["X_raw"][:, 1], -7.0 + 2.0 * uv[:, 1])
    assert s["share_raw"] == pytest.approx(s["std_raw"][0] ** 2 / (s["std_raw"] ** 2).sum())


def test_standardised_columns_have_mean_0_std_1_and_keep_the_correlation():
    s = scaling.standardize_state(scale=0.8, shift=3.0, correlation=0.6)
    np.testing.assert_allclose(s["mean_std"], 0.0, atol=1e-12)
    np.testing.assert_allclose(s["std_std"], 1.0, rtol=1e-12)
    assert s["correlation_std"] == pytest.approx(s["correlation_raw"], abs=1e-12)
    assert s["share_std"] == pytest.approx(0.5)
    assert s["share_raw"] > 0.99                                  # 15^2 against 0.8^2
    assert s["bulk_std"] == pytest.approx(1.0)


def test_oracle_scikit_learn_standard_scaler():
    from sklearn.preprocessing import StandardScaler

    for kwargs in (dict(), dict(scale=40.0, shift=-80.0, correlation=-0.9), dict(outlier=True)):
        s = scaling.standardize_state(**kwargs)
        np.testing.assert_allclose(s["X_std"], StandardScaler().fit_transform(s["X_raw"]), atol=1e-12)


def test_scale_and_shift_do_not_move_the_standardised_cloud():
    base = scaling.standardize_state(scale=0.8, shift=3.0)["X_std"]
    for scale, shift in [(0.01, -100.0), (100.0, 100.0), (3.0, 0.0)]:
        np.testing.assert_allclose(scaling.standardize_state(scale=scale, shift=shift)["X_std"], base, atol=1e-9)


def test_outlier_inflates_the_std_and_squeezes_the_rest():
    plain = scaling.standardize_state()
    s = scaling.standardize_state(outlier=True)
    assert s["X_raw"][0, 0] == scaling.OUTLIER_PRICE
    assert s["std_raw"][0] > 2 * plain["std_raw"][0]
    assert s["bulk_std"] == pytest.approx(0.42, abs=0.01)          # measured (seed 0): 0.42
    np.testing.assert_allclose(s["std_std"], 1.0)                  # the column as a whole still has std 1


def test_state_uses_the_given_function_on_a_copy():
    seen = []

    def halve(X):
        seen.append(X)
        X *= 0.5                                                  # in place: must not change X_raw
        return X

    s = scaling.standardize_state(standardize=halve, n=4)
    assert len(seen) == 1
    np.testing.assert_allclose(s["X_std"], 0.5 * s["X_raw"])


@pytest.mark.parametrize("kwargs, match", [
    ({"scale": 0.0}, "scale is out of range"),
    ({"correlation": 1.0}, "correlation is out of range"),
    ({"shift": np.inf}, "shift must be a finite number"),
    ({"outlier": 1}, "outlier must be True or False"),
    ({"n": 1}, "n is out of range"),
    ({"standardize": lambda X: X[:, :1]}, "standardize\\(X\\) has the wrong shape"),
])
def test_state_errors(kwargs, match):
    with pytest.raises(CheckError, match=match):
        scaling.standardize_state(**kwargs)


# --- figure -------------------------------------------------------------------------------------

def test_figure_has_two_labelled_panels():
    for outlier in (False, True):
        fig = scaling.standardize_figure(scaling.standardize_state(outlier=outlier))
        assert_labelled(fig, n_axes=2, titled=True)
        assert "99." in fig.axes[0].get_title() and "50.0%" in fig.axes[1].get_title()


def test_standardised_panel_shows_every_point():
    s = scaling.standardize_state(outlier=True)
    ax = scaling.standardize_figure(s).axes[1]
    lo, hi = ax.get_xlim()
    assert lo < s["X_std"][:, 0].min() and hi > s["X_std"][:, 0].max()


# --- wiring -------------------------------------------------------------------------------------

@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_explorer_wiring_redraws_and_reports():
    pytest.importorskip("ipywidgets")
    box = scaling.standardize_explorer()
    c, out = box.controls, box.output
    assert set(c) == {"scale", "shift", "correlation", "outlier"}
    assert "Correlation 0.62 before, 0.62 after" in box.message.value
    first = out.outputs[0]["data"]["image/png"]
    c["scale"].value = 50.0
    assert len(out.outputs) == 1 and out.outputs[0]["data"]["image/png"] != first
    assert "ratio 0.287 : 1" in box.message.value                  # 14.7 against 51.1
    c["outlier"].value = True
    assert "the other 199 points now spread with std 0.42" in box.message.value


def test_explorer_runs_on_a_given_function():
    pytest.importorskip("ipywidgets")
    box = scaling.standardize_explorer(standardize=lambda X: (X - X.mean(axis=0)) / X.std(axis=0))
    assert "stds 1.00, 1.00" in box.message.value
