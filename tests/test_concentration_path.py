"""A Bayesian mixture fitted along its weight prior: each fit is scikit-learn's own, fitted
directly, and what the prior does to the weights on the lesson's data."""

import warnings

import numpy as np
import pytest
from sklearn.mixture import BayesianGaussianMixture

from gmm_lesson import datasets
from gmm_lesson.bayesian import (
    DEFAULT_PRIORS,
    ConcentrationPath,
    fit_concentration_path,
)
from gmm_lesson.em import MixtureState


@pytest.fixture(scope="module")
def faithful():
    return datasets.old_faithful(standardize=True)


@pytest.fixture(scope="module")
def blobs():
    return datasets.five_blobs(return_labels=True)


@pytest.fixture(scope="module")
def faithful_path(faithful):
    return fit_concentration_path(faithful, 8)


@pytest.fixture(scope="module")
def blobs_path(blobs):
    return fit_concentration_path(blobs[0], 8)


def direct_fit(X, prior, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BayesianGaussianMixture(weight_concentration_prior=prior, **params).fit(X)


# --- each fit is scikit-learn's, fitted directly --------------------------------------------


def test_each_fit_is_the_estimator_fitted_directly(faithful, faithful_path):
    assert isinstance(faithful_path, ConcentrationPath)
    np.testing.assert_array_equal(faithful_path.priors, DEFAULT_PRIORS)
    for i, prior in enumerate(faithful_path.priors):
        oracle = direct_fit(faithful, prior, n_components=8, random_state=0)
        model, state = faithful_path.models[i], faithful_path.states[i]
        assert model.weight_concentration_prior == prior
        np.testing.assert_allclose(faithful_path.weights[i], oracle.weights_, rtol=1e-10,
                                   atol=1e-15)
        np.testing.assert_allclose(state.means, oracle.means_, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(state.covariances, oracle.covariances_, rtol=1e-10)
        assert faithful_path.n_iter[i] == oracle.n_iter_
        assert faithful_path.converged[i] == oracle.converged_
        assert faithful_path.lower_bounds[i] == pytest.approx(oracle.lower_bound_, rel=1e-12)


def test_other_parameters_reach_every_fit_as_they_reach_the_estimator(blobs):
    X = blobs[0][::4]
    params = dict(weight_concentration_prior_type="dirichlet_distribution",
                  covariance_type="diag", max_iter=300, n_init=2)
    path = fit_concentration_path(X, 6, [1e3, 0.01], random_state=3, **params)
    np.testing.assert_array_equal(path.priors, [0.01, 1e3])   # increasing
    assert path.weight_concentration_prior_type == "dirichlet_distribution"
    for i, prior in enumerate(path.priors):
        oracle = direct_fit(X, prior, n_components=6, random_state=3, **params)
        np.testing.assert_allclose(path.weights[i], oracle.weights_, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(path.states[i].covariances, oracle.covariances_,
                                   rtol=1e-10)
        assert path.states[i].covariance_type == "diag"


def test_only_the_prior_differs_between_the_fits(faithful_path):
    settings = [model.get_params() for model in faithful_path.models]
    for setting in settings:
        setting.pop("weight_concentration_prior")
    assert all(setting == settings[0] for setting in settings)
    assert settings[0]["random_state"] == 0
    assert settings[0]["weight_concentration_prior_type"] == "dirichlet_process"


def test_states_are_the_fits_as_mixtures(faithful_path):
    for model, state in zip(faithful_path.models, faithful_path.states, strict=True):
        assert isinstance(state, MixtureState)
        np.testing.assert_array_equal(state.weights, model.weights_)
        np.testing.assert_array_equal(state.means, model.means_)
        np.testing.assert_array_equal(state.covariances, model.covariances_)
        # The precision factors computed here, against scikit-learn's own.
        np.testing.assert_allclose(state.precisions_cholesky, model.precisions_cholesky_,
                                   rtol=1e-9, atol=1e-12)
        # Not compared with score_samples: a Bayesian mixture's scores are expectations
        # over its posterior (digamma terms), not the density of these point estimates.


def test_weights_sum_to_one_and_have_the_path_shape(faithful_path, blobs_path):
    for path in (faithful_path, blobs_path):
        assert path.weights.shape == (len(DEFAULT_PRIORS), 8)
        assert path.n_components == 8 and len(path) == len(DEFAULT_PRIORS)
        np.testing.assert_allclose(path.weights.sum(axis=1), 1.0, rtol=0, atol=1e-12)
        assert np.all(path.weights >= 0)


# --- what the prior does, measured on the lesson's data -------------------------------------


def test_n_used_counts_the_weights_above_the_threshold_by_hand():
    weights = np.array([[0.6, 0.3, 0.095, 0.005], [0.7, 0.29, 0.009, 0.001]])
    path = ConcentrationPath(np.array([0.1, 10.0]), (), weights, [], np.array([True, True]),
                             np.array([1, 1]), np.zeros(2), "dirichlet_process", 0)
    np.testing.assert_array_equal(path.n_used(), [3, 2])
    np.testing.assert_array_equal(path.n_used(0.2), [2, 2])
    np.testing.assert_array_equal(path.n_used(0.0), [4, 4])
    np.testing.assert_array_equal(path.used()[1], [True, True, False, False])


def test_five_blobs_use_five_components_at_every_prior(blobs, blobs_path):
    X, labels = blobs
    assert len(np.unique(labels)) == 5
    np.testing.assert_array_equal(blobs_path.n_used(), 5)
    # The five used components are the five blobs: each blob's points go to one of them.
    for state, used in zip(blobs_path.states, blobs_path.used(), strict=True):
        assignment = np.flatnonzero(used)[state.responsibilities(X)[:, used].argmax(axis=1)]
        for blob in range(5):
            assert len(np.unique(assignment[labels == blob])) == 1
        assert len(np.unique(assignment)) == 5


def test_old_faithful_uses_two_components_at_every_prior(faithful_path):
    np.testing.assert_array_equal(faithful_path.n_used(), 2)


def test_a_smaller_prior_leaves_less_weight_to_the_components_not_used(faithful_path,
                                                                       blobs_path):
    for path in (faithful_path, blobs_path):
        spare = np.where(path.used(), 0.0, path.weights).sum(axis=1)
        assert np.all(np.diff(spare) >= -1e-12)
        # By orders of magnitude, not a little: the last component's weight.
        assert path.weights[0].min() < 1e-6 * path.weights[-1].min()


def test_a_large_dirichlet_distribution_prior_spreads_weight_over_every_component(faithful):
    path = fit_concentration_path(faithful, 8, [1e-3, 1e3],
                                  weight_concentration_prior_type="dirichlet_distribution")
    np.testing.assert_array_equal(path.n_used(), [2, 8])


def test_index_of_finds_the_nearest_prior_on_a_log_scale(faithful_path):
    assert faithful_path.index_of(1.0) == 6
    # The midpoint of 1 and 10**0.5 on a log scale is 10**0.25 = 1.78.
    assert faithful_path.index_of(1.7) == 6
    assert faithful_path.index_of(1.9) == 7
    assert faithful_path.index_of(1e9) == len(DEFAULT_PRIORS) - 1


# --- input checked at the boundary ----------------------------------------------------------


@pytest.mark.parametrize("priors, error, words", [
    ([0.1, 0.0], ValueError, "priors"),
    ([-1.0], ValueError, "priors"),
    ([1.0, np.nan], ValueError, "priors"),
    ([], ValueError, "priors"),
    ([[1.0, 2.0]], ValueError, "priors"),
    ("1, 2", TypeError, "priors"),
    ([1.0, "a"], TypeError, "priors"),
])
def test_bad_priors_are_named(faithful, priors, error, words):
    with pytest.raises(error, match=words):
        fit_concentration_path(faithful, 3, priors)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(n_components=0), ValueError, "n_components"),
    (dict(n_components=2.5), TypeError, "n_components"),
    (dict(n_components=300), ValueError, "n_components"),
    (dict(n_components=3, random_state=-1), ValueError, "random_state"),
    (dict(n_components=3, random_state=True), TypeError, "random_state"),
    (dict(n_components=3, weight_concentration_prior=1.0), TypeError, "priors"),
    (dict(n_components=3, colour="red"), TypeError, "colour"),
    (dict(n_components=3, covariance_type="round"), ValueError, "covariance_type"),
])
def test_bad_arguments_are_named(faithful, kwargs, error, words):
    with pytest.raises(error, match=words):
        fit_concentration_path(faithful, priors=[1.0], **kwargs)


@pytest.mark.parametrize("X, error", [
    (None, TypeError), (np.zeros(5), ValueError), ([[np.inf, 1.0], [0.0, 1.0]], ValueError),
])
def test_bad_data_is_named(X, error):
    with pytest.raises(error, match="X"):
        fit_concentration_path(X, 1, [1.0])


@pytest.mark.parametrize("threshold, error", [(1.0, ValueError), (-0.1, ValueError),
                                              ("0.1", TypeError), (None, TypeError)])
def test_bad_thresholds_are_named(faithful_path, threshold, error):
    with pytest.raises(error, match="threshold"):
        faithful_path.n_used(threshold)
