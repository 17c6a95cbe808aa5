"""Every public entry point refuses bad input with a message that names the parameter."""

import re

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

import gmm_lesson as gl

X = np.random.default_rng(0).normal(size=(30, 2))
GOOD = dict(weights=[0.5, 0.5], means=[[0.0, 0.0], [1.0, 1.0]],
            covariances=np.stack([np.eye(2)] * 2))


def fit(**params):
    return gl.GaussianMixture(**{"n_components": 2, "random_state": 0, **params}).fit(X)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (np.where(np.arange(60).reshape(30, 2) == 7, np.nan, X), ValueError,
         "Input X contains NaN"),
        (np.where(np.arange(60).reshape(30, 2) == 7, np.inf, X), ValueError,
         "Input X contains infinity"),
        (np.empty((0, 2)), ValueError, r"X with 0 sample\(s\)"),
        (np.empty((5, 0)), ValueError, r"X with 0 feature\(s\)"),
        (X[:, 0], ValueError, r"(?s)Expected 2D array for X, got 1D array.*reshape\(-1, 1\)"),
        (X[None], ValueError, "X must be 2D"),
        ([["a", "b"], ["c", "d"]], TypeError, "X must be an array of numbers"),
        (None, TypeError, "X must be an array"),
        (X[:1], ValueError, r"X with 1 sample\(s\).*minimum of 2"),
    ],
    ids=["nan", "inf", "empty", "no-features", "1d", "3d", "strings", "none", "one-sample"],
)
def test_bad_X_for_fit(data, error, message):
    with pytest.raises(error, match=message):
        gl.GaussianMixture(2).fit(data)


def test_more_components_than_samples():
    with pytest.raises(ValueError, match=r"n_components=40 is more than the 30 samples in X"):
        gl.GaussianMixture(40).fit(X)


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({"n_components": 0}, ValueError, "n_components must be an integer >= 1, got 0"),
        ({"n_components": 2.5}, TypeError, "n_components must be an integer"),
        ({"covariance_type": "round"}, ValueError, "covariance_type must be one of .*'round'"),
        ({"tol": -1e-3}, ValueError, "tol must be a non-negative finite number"),
        ({"reg_covar": -1.0}, ValueError, "reg_covar must be a non-negative finite number"),
        ({"reg_covar": "small"}, TypeError, "reg_covar must be a non-negative number"),
        ({"max_iter": -1}, ValueError, "max_iter must be an integer >= 0"),
        ({"n_init": 0}, ValueError, "n_init must be an integer >= 1"),
        ({"init_params": "best"}, ValueError, "init_params must be one of"),
        ({"weights_init": [0.7, 0.7]}, ValueError,
         r"weights_init must sum to one, got sum\(weights_init\) = 1.4"),
        ({"weights_init": [1.0]}, ValueError, r"weights_init must have shape \(2,\), got \(1,\)"),
        ({"weights_init": [1.5, -0.5]}, ValueError, r"weights_init must lie in \[0, 1\]"),
        ({"means_init": [[0.0, 0.0, 0.0]] * 2}, ValueError,
         r"means_init must have shape \(2, 2\), got \(2, 3\)"),
        ({"means_init": [[np.nan, 0.0], [0.0, 0.0]]}, ValueError, "Input means_init contains NaN"),
        ({"precisions_init": np.stack([np.eye(2), -np.eye(2)])}, ValueError,
         r"precisions_init \('full'\) must be symmetric positive definite for component 1"),
        ({"precisions_init": np.stack([np.eye(2), [[1.0, 2.0], [0.0, 1.0]]])}, ValueError,
         r"precisions_init \('full'\) must be symmetric positive definite for component 1"),
        ({"precisions_init": np.eye(3)}, ValueError,
         r"precisions_init \('full'\) must have shape \(2, 2, 2\)"),
        ({"covariance_type": "diag", "precisions_init": [[1.0, 0.0], [1.0, 1.0]]}, ValueError,
         r"precisions_init \('diag'\) must be positive"),
    ],
    ids=lambda value: re.sub(r"\W+", "-", str(value))[:40],
)
def test_bad_parameters(params, error, message):
    with pytest.raises(error, match=message):
        fit(**params)


def test_predicting_before_fitting_or_with_wrong_features():
    model = gl.GaussianMixture(2)
    for method in (model.predict, model.predict_proba, model.score_samples, model.score):
        with pytest.raises(NotFittedError, match="not fitted yet"):
            method(X)
    with pytest.raises(NotFittedError):
        model.sample(3)
    model.fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but GaussianMixture is expecting 2"):
        model.predict(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="Input X contains NaN"):
        model.predict_proba([[np.nan, 0.0]])
    with pytest.raises(ValueError, match="n_samples must be an integer >= 1"):
        model.sample(0)


def test_math_functions_name_their_parameters():
    with pytest.raises(ValueError, match=r"means must have shape \(n_components, 2\)"):
        gl.e_step(X, GOOD["weights"], [[0.0], [1.0]], GOOD["covariances"])
    with pytest.raises(ValueError, match="weights must sum to one"):
        gl.e_step(X, [0.2, 0.2], GOOD["means"], GOOD["covariances"])
    with pytest.raises(ValueError, match=r"covariances \('full'\) must have shape \(2, 2, 2\)"):
        gl.e_step(X, GOOD["weights"], GOOD["means"], np.eye(2))
    with pytest.raises(ValueError, match=r"covariances \('full'\) must be symmetric"):
        gl.e_step(X, GOOD["weights"], GOOD["means"],
                  np.stack([np.eye(2), [[1.0, 0.5], [0.0, 1.0]]]))
    with pytest.raises(ValueError, match="component 1 is not positive definite"):
        gl.e_step(X, GOOD["weights"], GOOD["means"], np.stack([np.eye(2), np.ones((2, 2))]))
    with pytest.raises(ValueError, match="covariance_type must be one of"):
        gl.log_gaussian_density(X, GOOD["means"], GOOD["covariances"], "FULL")
    with pytest.raises(ValueError,
                       match=r"resp must have shape \(n_samples, n_components\) = \(30, K\)"):
        gl.m_step(X, np.ones((10, 2)) / 2)
    with pytest.raises(ValueError, match="resp must be non-negative with every row summing to one"):
        gl.m_step(X, np.ones((30, 2)))
    with pytest.raises(ValueError, match="reg_covar must be a non-negative finite number"):
        gl.m_step(X, np.ones((30, 2)) / 2, reg_covar=np.nan)
    with pytest.raises(TypeError, match="state must be a MixtureState"):
        gl.em_step(X, GOOD)
    state = gl.MixtureState.from_parameters(**GOOD)
    with pytest.raises(ValueError, match="X has 1 features, but this mixture is expecting 2"):
        gl.run_em(X[:, :1], state)
    with pytest.raises(ValueError, match="tol must be a non-negative finite number"):
        gl.run_em(X, state, tol=-1)
    with pytest.raises(ValueError, match="radius must be non-negative"):
        gl.ellipse_geometry(np.eye(2), radius=-1)
    with pytest.raises(ValueError, match=r"covariance must have shape \(2, 2\)"):
        gl.ellipse_geometry(np.eye(3))


def test_collapse_without_regularisation_is_a_clear_error():
    # Three identical points and one far away: with reg_covar=0 the component that
    # owns the identical points has a zero covariance.
    data = np.array([[0.0, 0.0]] * 3 + [[5.0, 5.0], [5.1, 4.9], [4.8, 5.3]])
    with pytest.raises(ValueError, match="not positive definite.*Increase reg_covar"):
        gl.GaussianMixture(2, reg_covar=0.0, random_state=0).fit(data)
