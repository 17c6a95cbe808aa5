"""Started from the same parameters, the lesson's EM walks scikit-learn's trajectory."""

import warnings

import numpy as np
import pytest
from helpers import COVARIANCE_TYPES, blobs, random_covariances
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture as SklearnMixture

import gmm_lesson as gl

CHECKPOINTS = (1, 2, 5, 20)


def _precisions(covariances, covariance_type):
    if covariance_type in ("diag", "spherical"):
        return 1.0 / covariances
    return np.linalg.inv(covariances)


def _sklearn_after(X, n_iter, covariance_type, weights, means, covariances, reg_covar):
    model = SklearnMixture(
        len(weights), covariance_type=covariance_type, tol=0, max_iter=n_iter,
        reg_covar=reg_covar,
        weights_init=weights, means_init=means,
        precisions_init=_precisions(covariances, covariance_type),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("n_features", [1, 2, 4])
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e4])
def test_same_start_same_trajectory(covariance_type, n_features, scale):
    rng = np.random.default_rng(n_features * 100 + len(covariance_type))
    X = blobs(rng, 300, n_features, 3, scale=scale)
    n_components = 3
    weights = rng.dirichlet(np.ones(n_components) * 3)
    means = X[rng.choice(len(X), n_components, replace=False)]
    covariances = random_covariances(rng, covariance_type, n_components, n_features, X.std())
    start = gl.MixtureState.from_parameters(weights, means, covariances, covariance_type)
    history = gl.run_em(X, start, tol=0, max_iter=max(CHECKPOINTS), reg_covar=1e-6 * scale**2)

    for n_iter in CHECKPOINTS:
        expected = _sklearn_after(X, n_iter, covariance_type, weights, means, covariances,
                                  reg_covar=1e-6 * scale**2)
        got = history.states[n_iter]
        np.testing.assert_allclose(got.weights, expected.weights_, rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(got.means, expected.means_, rtol=1e-8, atol=1e-8 * scale)
        np.testing.assert_allclose(got.covariances, expected.covariances_, rtol=1e-7,
                                   atol=1e-8 * scale**2)
        np.testing.assert_allclose(history.lower_bounds[:n_iter], expected.lower_bounds_,
                                   rtol=1e-9)


INIT_PARAMS = ("kmeans", "k-means++", "random", "random_from_data")
# Starts that give a responsibility to K points only (every other row is zero).
POINT_STARTS = ("k-means++", "random_from_data")


@pytest.mark.parametrize(("covariance_type", "init_params"), [
    (covariance_type, init_params)
    for covariance_type in COVARIANCE_TYPES for init_params in INIT_PARAMS
    # Where they differ, and why, is pinned down by the test after this one.
    if not (covariance_type == "tied" and init_params in POINT_STARTS)
])
def test_estimator_matches_sklearn_from_its_own_initialisation(covariance_type, init_params):
    # Same random_state, same initialisation scheme: the same fitted model, to rounding.
    X = blobs(np.random.default_rng(7), 400, 2, 4)
    params = dict(n_components=4, covariance_type=covariance_type, init_params=init_params,
                  random_state=3, n_init=2, max_iter=200)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        expected = SklearnMixture(**params).fit(X)
        got = gl.GaussianMixture(**params).fit(X)
    assert got.n_iter_ == expected.n_iter_
    assert got.converged_ == expected.converged_
    np.testing.assert_allclose(got.weights_, expected.weights_, rtol=1e-7)
    np.testing.assert_allclose(got.means_, expected.means_, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(got.covariances_, expected.covariances_, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(got.precisions_, expected.precisions_, rtol=1e-6, atol=1e-9)
    prec_chol = got.precisions_cholesky_
    np.testing.assert_allclose(prec_chol @ np.swapaxes(prec_chol, -1, -2)
                               if covariance_type in ("full", "tied") else prec_chol**2,
                               expected.precisions_, rtol=1e-6, atol=1e-9)
    assert got.lower_bound_ == pytest.approx(expected.lower_bound_, rel=1e-10)
    # scikit-learn starts 'k-means++' and 'random_from_data' with weights N_k / N that
    # sum to K / N, not one; responsibilities are unchanged by that, so only the
    # first log-likelihood differs, ours being the one of weights that sum to one.
    first = 1 if init_params in ("k-means++", "random_from_data") else 0
    np.testing.assert_allclose(got.lower_bounds_[first:], expected.lower_bounds_[first:],
                               rtol=1e-9)
    np.testing.assert_allclose(got.score_samples(X), expected.score_samples(X), rtol=1e-9)
    np.testing.assert_allclose(got.predict_proba(X), expected.predict_proba(X), atol=1e-8)
    assert got.bic(X) == pytest.approx(expected.bic(X), rel=1e-10)
    assert got.aic(X) == pytest.approx(expected.aic(X), rel=1e-10)


@pytest.mark.parametrize("init_params", POINT_STARTS)
def test_tied_point_starts_differ_from_sklearn_where_its_rows_do_not_sum_to_one(init_params):
    # Both draw the same K start points. scikit-learn's tied covariance,
    # (X^T X - sum_k N_k mu_k mu_k^T) / sum_k N_k, assumes every row of the
    # responsibilities sums to one; here only K rows are non-zero, so it counts every
    # other point at full weight. The weighted covariance the M-step defines,
    # sum_k sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T / sum_k N_k, is zero on K single
    # points: the lesson's start is reg_covar * I, as for 'full'.
    X = blobs(np.random.default_rng(7), 400, 2, 4)
    params = dict(n_components=4, covariance_type="tied", init_params=init_params,
                  random_state=3, max_iter=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = SklearnMixture(**params).fit(X)
        ours = gl.GaussianMixture(**params).fit(X)
    np.testing.assert_allclose(ours.means_, theirs.means_, rtol=1e-12)
    np.testing.assert_allclose(ours.covariances_, 1e-6 * np.eye(2), rtol=1e-9, atol=1e-20)
    nk = np.ones(4)
    full_weight = (X.T @ X - (nk[:, None] * theirs.means_).T @ theirs.means_) / nk.sum()
    np.testing.assert_allclose(theirs.covariances_, full_weight + 1e-6 * np.eye(2), rtol=1e-9)
    # Fed the same start explicitly, the two walk the same path again.
    start = dict(weights_init=ours.weights_, means_init=ours.means_,
                 precisions_init=ours.precisions_)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = SklearnMixture(4, covariance_type="tied", max_iter=20, tol=0, **start).fit(X)
        ours = gl.GaussianMixture(4, covariance_type="tied", max_iter=20, tol=0, **start).fit(X)
    np.testing.assert_allclose(ours.covariances_, theirs.covariances_, rtol=1e-7)
    np.testing.assert_allclose(ours.means_, theirs.means_, rtol=1e-8, atol=1e-9)
