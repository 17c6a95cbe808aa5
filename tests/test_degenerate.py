"""Degenerate but legal data: a finite, normalised answer, or a clear error; never NaN."""

import warnings

import numpy as np
import pytest
from helpers import COVARIANCE_TYPES, blobs

import gmm_lesson as gl

RNG = np.random.default_rng(4)
BLOBS = blobs(RNG, 120, 2, 3)
DEGENERATE = {
    "all points equal": np.full((20, 2), 3.0),
    "duplicated points": np.repeat(BLOBS[:10], 6, axis=0),
    "constant column": np.column_stack([BLOBS[:, 0], np.full(120, 7.0)]),
    "scale 1e-9": BLOBS * 1e-9,
    "scale 1e9": BLOBS * 1e9,
    "far outlier": np.vstack([BLOBS, [[1e6, -1e6]]]),
}


def _assert_sane(model, X):
    for name in ("weights_", "means_", "covariances_", "precisions_cholesky_"):
        assert np.all(np.isfinite(getattr(model, name))), name
    assert model.weights_.sum() == pytest.approx(1.0)
    proba = model.predict_proba(X)
    assert np.all(np.isfinite(proba)) and np.allclose(proba.sum(axis=1), 1.0)
    assert np.all(np.isfinite(model.score_samples(X)))
    assert np.all(np.isfinite(model.history_.log_likelihoods))


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("case", DEGENERATE, ids=list(DEGENERATE))
def test_degenerate_data_gives_a_finite_normalised_fit(case, covariance_type):
    X = DEGENERATE[case]
    with warnings.catch_warnings():
        # k-means finds fewer distinct clusters than asked; collapse is reported.
        warnings.simplefilter("ignore")
        model = gl.GaussianMixture(3, covariance_type=covariance_type, random_state=0).fit(X)
    _assert_sane(model, X)


def test_far_outlier_gets_a_finite_log_likelihood_and_responsibilities():
    model = gl.GaussianMixture(3, random_state=0).fit(BLOBS)
    far = np.array([[1e4, 1e4]])
    assert np.isfinite(model.score_samples(far)).all()
    proba = model.predict_proba(far)
    assert np.isfinite(proba).all() and proba.sum() == pytest.approx(1.0)


def test_all_points_equal_is_reported_as_a_collapse():
    with pytest.warns(gl.CollapseWarning, match=r"Component\(s\) \[0\] collapsed"):
        gl.GaussianMixture(1).fit(np.full((10, 2), 1.0))


def test_collapsing_start_is_reported_not_a_crash():
    # One component starts on a single point with a tiny covariance: it keeps that
    # point alone and shrinks until only reg_covar holds it open.
    X = BLOBS
    start = gl.MixtureState.from_parameters(
        [0.45, 0.45, 0.10], [X[:, :].mean(axis=0), X[0] + 5, X[5]],
        np.stack([np.cov(X.T), np.cov(X.T), 1e-4 * np.eye(2)]),
    )
    history = gl.run_em(X, start, tol=0, max_iter=30)
    assert np.all(np.isfinite(history.log_likelihoods))
    assert 2 in gl.collapsed_components(history.states[-1], 1e-6, X)
    assert gl.collapsed_components(start, 1e-6, X) == []


def test_collapse_without_regularisation_keeps_its_history():
    X = np.array([[0.0, 0.0]] * 3 + [[5.0, 5.0], [5.1, 4.9], [4.8, 5.3], [5.2, 5.2]])
    start = gl.MixtureState.from_parameters([0.5, 0.5], [[0.1, 0.1], [5.0, 5.0]],
                                            np.stack([np.eye(2)] * 2))
    with pytest.raises(gl.CollapseError,
                       match="Iteration 2: .*component 0 is not positive") as caught:
        gl.run_em(X, start, reg_covar=0.0, tol=0, max_iter=10)
    history = caught.value.history
    assert history.n_iter == 1 and len(history.log_likelihoods) == 2
    assert np.all(np.isfinite(history.log_likelihoods))


def test_one_dimensional_collapse_is_flagged_without_the_data():
    # In 1D the variance of a one-point component stops at rounding noise, not zero.
    X = gl.datasets.tutorial_1d()
    good = gl.GaussianMixture(3, random_state=0).fit(X)
    start = gl.MixtureState.from_parameters(
        np.full(4, 0.25), np.vstack([good.means_, X[20]]),
        np.concatenate([good.covariances_, [[[0.01]]]]))
    history = gl.run_em(X, start, reg_covar=0.0, max_iter=10)
    assert history.states[-1].covariances[3, 0, 0] < 1e-20
    assert gl.collapsed_components(history.states[-1], reg_covar=0.0) == [3]
    assert gl.collapsed_components(good.state_, reg_covar=0.0) == []


REG_COVARS = (0.0, 1e-6, 1e-3, 1.0, 10.0)


def _one_point_and_one_line_state(X, reg_covar):
    """The M-step of responsibilities that give component 1 one point and component 2
    three points on a line; component 0 takes the rest."""
    line = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]) + X.mean(axis=0)
    X = np.vstack([X, line])
    resp = np.zeros((len(X), 3))
    resp[:, 0] = 1.0
    resp[0] = [0.0, 1.0, 0.0]
    resp[-3:] = [0.0, 0.0, 1.0]
    weights, means, covariances = gl.m_step(X, resp, reg_covar=reg_covar)
    return X, gl.MixtureState.from_parameters(weights, means, covariances)


@pytest.mark.parametrize("reg_covar", REG_COVARS[1:])
@pytest.mark.parametrize("with_data", [True, False], ids=["with X", "without X"])
def test_a_real_collapse_is_flagged_at_every_reg_covar(reg_covar, with_data):
    X, state = _one_point_and_one_line_state(BLOBS, reg_covar)
    assert np.linalg.eigvalsh(state.covariances[1])[-1] == pytest.approx(reg_covar)
    flagged = gl.collapsed_components(state, reg_covar, X if with_data else None)
    assert flagged == [1, 2]


@pytest.mark.parametrize("reg_covar", REG_COVARS)
@pytest.mark.parametrize("standardize", [True, False], ids=["standardised", "minutes"])
def test_a_healthy_fit_is_never_flagged(reg_covar, standardize):
    # Old Faithful's thin cluster has a smallest variance of 0.05 (standardised): the
    # old rule, ten regularisers, flagged it from reg_covar=0.005 on.
    X = gl.datasets.old_faithful(standardize=standardize)
    model = gl.GaussianMixture(2, reg_covar=reg_covar, random_state=0).fit(X)
    for state in (model.history_[-1], *model.history_.states[1:]):
        assert gl.collapsed_components(state, reg_covar, X) == []
        assert gl.collapsed_components(state, reg_covar) == []
