"""Tests of the regression data of dlkit.data.synthetic: line_data, regression_data, poly_data (worker B)."""

import numpy as np
import pytest

from dlkit.data import synthetic
from dlkit.errors import CheckError


def test_line_data_by_hand():
    x, y = synthetic.line_data()
    np.testing.assert_array_equal(x, [-2, -1, 0, 1, 2])
    np.testing.assert_array_equal(y, 2 * x)
    assert np.mean(x ** 2) == 2.0


def test_regression_data_is_the_model_plus_noise():
    X, y = synthetic.regression_data(n=500, rng=43)
    assert X.shape == (500, 3) and y.shape == (500,)
    X2, y2 = synthetic.regression_data(n=500, rng=43)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    resid = y - (X @ [2.0, -1.0, 0.5] + 1.0)
    assert abs(resid.mean()) < 0.02 and 0.08 < resid.std() < 0.12
    X, y = synthetic.regression_data(4, w=(1.0,), b=0.0, noise=0.0, rng=0)
    np.testing.assert_array_equal(y, X[:, 0])
    # oracle: scikit-learn's least squares recovers the weights
    from sklearn.linear_model import LinearRegression
    X, y = synthetic.regression_data(n=300, rng=1)
    fit = LinearRegression().fit(X, y)
    np.testing.assert_allclose(fit.coef_, [2.0, -1.0, 0.5], atol=0.03)
    assert fit.intercept_ == pytest.approx(1.0, abs=0.03)


def test_poly_data_matches_the_old_ridge_data():
    """poly_data(rng=seed) draws what regularization._poly_data(seed=seed) drew, in the same order."""
    g = np.random.default_rng(0)
    x = np.sort(g.uniform(-1, 1, 12))
    y = np.sin(np.pi * x) + g.normal(0, 0.2, 12)
    y_val = np.sin(np.pi * np.linspace(-1, 1, 200)) + g.normal(0, 0.2, 200)
    got = synthetic.poly_data(rng=0)
    for a, b in zip(got, (x, y, np.linspace(-1, 1, 200), y_val)):
        np.testing.assert_array_equal(a, b)
    x, y, _, _ = synthetic.poly_data(5, noise=0.0, rng=2)
    np.testing.assert_allclose(y, np.sin(np.pi * x))


@pytest.mark.parametrize("call, match", [
    (lambda: synthetic.regression_data(0), "n is out of range"),
    (lambda: synthetic.regression_data(5, w=[[1.0]]), "w has the wrong number of dimensions"),
    (lambda: synthetic.regression_data(5, noise=-1.0), "noise is out of range"),
    (lambda: synthetic.poly_data(rng="x"), "rng must be a random generator"),
    (lambda: synthetic.poly_data(0), "n is out of range"),
])
def test_errors(call, match):
    with pytest.raises(CheckError, match=match):
        call()
