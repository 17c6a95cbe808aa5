"""The MAP M-step under an inverse-Wishart prior, against its formula and scipy."""

import numpy as np
import pytest
from helpers import blobs, random_spd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp
from scipy.stats import invwishart, multivariate_normal

import gmm_lesson as gl
from gmm_lesson import datasets


def _start(rng, X, n_components):
    weights = rng.dirichlet(np.ones(n_components) * 2)
    means = X[rng.choice(len(X), n_components, replace=False)]
    covariances = np.stack([random_spd(rng, X.shape[1], X.std()) for _ in range(n_components)])
    return gl.MixtureState.from_parameters(weights, means, covariances)


def _log_posterior(X, state, prior):
    """log-likelihood + sum_k log IW(Sigma_k | Psi, nu), with scipy's densities."""
    joint = np.column_stack([
        np.log(w) + multivariate_normal(m, c).logpdf(X).reshape(-1)
        for w, m, c in zip(state.weights, state.means, state.covariances, strict=True)
    ])
    log_prior = sum(invwishart(df=prior.dof, scale=prior.scale).logpdf(c)
                    for c in state.covariances)
    return logsumexp(joint, axis=1).sum() + log_prior


def test_m_step_is_the_posterior_mode_written_out(rng):
    X = blobs(rng, 70, 3, 2)
    resp = rng.dirichlet(np.ones(2), size=70)
    scale, dof = random_spd(rng, 3), 6.5
    prior = gl.InverseWishartPrior(scale, dof)
    weights, means, covariances = gl.m_step(X, resp, reg_covar=0.0, covariance_prior=prior)
    scatters = []
    for k in range(2):
        nk = resp[:, k].sum()
        mu = resp[:, k] @ X / nk
        scatter = sum(r * np.outer(x - mu, x - mu) for r, x in zip(resp[:, k], X, strict=True))
        scatters.append(scatter)
        np.testing.assert_allclose(weights[k], nk / 70)
        np.testing.assert_allclose(means[k], mu, rtol=1e-12)
        np.testing.assert_allclose(covariances[k], (scale + scatter) / (nk + dof + 3 + 1),
                                   rtol=1e-10)
    # The mode of IW(Psi + S, nu + N) as scipy has it.
    mode = invwishart(df=dof + resp[:, 0].sum(), scale=scale + scatters[0]).mode()
    np.testing.assert_allclose(covariances[0], mode, rtol=1e-10)


def test_the_prior_density_is_scipys_invwishart(rng):
    scale, dof = random_spd(rng, 2), 3.7
    covariances = np.stack([random_spd(rng, 2) for _ in range(4)])
    prior = gl.InverseWishartPrior(scale, dof)
    expected = [invwishart(df=dof, scale=scale).logpdf(c) for c in covariances]
    np.testing.assert_allclose(prior.logpdf(covariances), expected, rtol=1e-10)


def test_the_recorded_objective_is_the_log_posterior(rng):
    X = blobs(rng, 150, 2, 3)
    start = _start(rng, X, 3)
    prior = gl.InverseWishartPrior.default(X, 3)
    history = gl.run_em(X, start, tol=0, max_iter=5, reg_covar=0.0, covariance_prior=prior)
    for state, recorded in zip(history.states, history.log_likelihoods, strict=True):
        np.testing.assert_allclose(recorded, _log_posterior(X, state, prior), rtol=1e-10)
    _, objective = gl.em_step(X, start, reg_covar=0.0, covariance_prior=prior)
    np.testing.assert_allclose(objective, _log_posterior(X, start, prior), rtol=1e-10)


def test_default_prior_is_fraley_and_rafterys(rng):
    X = blobs(rng, 90, 3, 2)
    prior = gl.InverseWishartPrior.default(X, 4)
    assert prior.dof == 5.0
    np.testing.assert_allclose(prior.scale, np.cov(X.T) / 4 ** (2 / 3), rtol=1e-12)
    one_d = gl.InverseWishartPrior.default(X[:, :1], 2)
    np.testing.assert_allclose(one_d.scale, [[np.var(X[:, 0], ddof=1) / 4]], rtol=1e-12)
    assert one_d.dof == 3.0


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    seed=st.integers(0, 2**32 - 1),
    n_features=st.integers(1, 3),
    n_components=st.integers(1, 4),
    prior_size=st.sampled_from([0.01, 1.0, 100.0]),
)
def test_the_log_posterior_never_decreases(seed, n_features, n_components, prior_size):
    rng = np.random.default_rng(seed)
    n_samples = int(rng.integers(5 * n_components, 200))
    X = blobs(rng, n_samples, n_features, int(rng.integers(1, 5)))
    default = gl.InverseWishartPrior.default(X, n_components) if n_samples > n_features else None
    assume(default is not None)
    prior = gl.InverseWishartPrior(default.scale * prior_size, default.dof + rng.uniform(-0.9, 5))
    history = gl.run_em(X, _start(rng, X, n_components), tol=0, max_iter=40, reg_covar=0.0,
                        covariance_prior=prior)
    ll = history.log_likelihoods
    assert np.all(np.isfinite(ll))
    steps = np.diff(ll)
    assert np.all(steps >= -1e-9 * np.abs(ll[1:]).clip(1.0)), (steps.min(), ll)


def test_a_component_on_one_point_stays_open_by_the_prior():
    # The outlier of far_outlier alone in component 2: with reg_covar=0 plain EM
    # collapses onto it; with the prior its covariance stays at least
    # Psi / (N_k + nu + D + 1) (in the order of positive definite matrices).
    X = datasets.far_outlier()
    start = gl.MixtureState.from_parameters(
        [0.495, 0.495, 0.01], [[-2, 0], [2, 0], X[-1]],
        [np.eye(2), np.eye(2), 0.01 * np.eye(2)],
    )
    with pytest.raises(gl.CollapseError, match="component 2 is not positive definite"):
        gl.run_em(X, start, tol=0, max_iter=50, reg_covar=0.0)
    prior = gl.InverseWishartPrior.default(X, 3)
    history = gl.run_em(X, start, tol=0, max_iter=50, reg_covar=0.0, covariance_prior=prior)
    resp = history.responsibilities(history.n_iter - 1, X)
    final = history.states[-1]
    assert resp[-1, 2] > 0.99 and resp[:-1, 2].sum() < 1e-3
    nk = resp[:, 2].sum()
    floor = prior.scale / (nk + prior.dof + 2 + 1)
    assert np.linalg.eigvalsh(final.covariances[2] - floor).min() > -1e-12
    assert np.linalg.eigvalsh(final.covariances[2]).min() > 0.5 * np.linalg.eigvalsh(floor).min()
    assert not gl.collapsed_components(final, 0.0, X)
    assert np.all(np.diff(history.log_likelihoods) >= -1e-9)


def test_map_fit_approaches_the_maximum_likelihood_fit_as_n_grows():
    # The prior is fixed; its weight against N points shrinks like 1/N. Per component
    # the MAP covariance minus the ML one is about (Psi - (nu + D + 1) Sigma_k) / N_k,
    # here (I - 7 Sigma_k) / (N / 2) with Sigma_k's entries at most 1: under 14 / N.
    prior = gl.InverseWishartPrior(np.eye(2), 4.0)
    differences = []
    for n_samples in (100, 1_000, 100_000):
        rng = np.random.default_rng(0)
        X = np.vstack([rng.normal([-3, 0], [1.0, 0.5], (n_samples // 2, 2)),
                       rng.normal([3, 0], [0.5, 1.0], (n_samples // 2, 2))])
        start = gl.em.broad_start(X, [[-1, 0], [1, 0]])
        ml = gl.run_em(X, start, tol=1e-10, max_iter=500, reg_covar=0.0).states[-1]
        mp = gl.run_em(X, start, tol=1e-10, max_iter=500, reg_covar=0.0,
                       covariance_prior=prior).states[-1]
        differences.append(np.abs(mp.covariances - ml.covariances).max()
                           / np.abs(ml.covariances).max())
        np.testing.assert_allclose(mp.means, ml.means, atol=50 / n_samples)
    assert differences[0] > differences[1] > differences[2]
    assert differences[1] < 14 / 1_000 and differences[2] < 14 / 100_000
    # Like 1/N: a hundred times the data, about a hundredth of the difference.
    assert 50 < differences[1] / differences[2] < 200


@pytest.mark.parametrize(("scale", "dof", "error", "words"), [
    (None, 3, ValueError, "scale must be a square matrix"),
    (np.eye(2)[:1], 3, ValueError, "scale must be a square matrix"),
    ([[1, 0.5], [0, 1]], 3, ValueError, "scale must be symmetric"),
    ([[1, 2], [2, 1]], 3, ValueError, "scale must be positive definite"),
    ([[np.nan, 0], [0, 1]], 3, ValueError, "scale contains NaN"),
    (np.eye(2), 0.5, ValueError, "dof must be a finite number greater than n_features - 1 = 1"),
    (np.eye(2), np.inf, ValueError, "dof must be"),
    (np.eye(2), "3", TypeError, "dof must be a number"),
])
def test_bad_priors_are_named(scale, dof, error, words):
    with pytest.raises(error) as caught:
        gl.InverseWishartPrior(scale, dof)
    assert words in str(caught.value)


def test_a_prior_that_does_not_fit_is_refused(rng):
    X = blobs(rng, 40, 2, 2)
    resp = rng.dirichlet(np.ones(2), size=40)
    state = _start(rng, X, 2)
    with pytest.raises(ValueError, match="covariance_prior is a prior on full covariances"):
        gl.m_step(X, resp, covariance_type="diag", covariance_prior=gl.InverseWishartPrior(
            np.eye(2), 3))
    with pytest.raises(ValueError, match=r"covariance_prior has a scale of shape \(3, 3\)"):
        gl.run_em(X, state, covariance_prior=gl.InverseWishartPrior(np.eye(3), 4))
    with pytest.raises(TypeError, match="covariance_prior must be an InverseWishartPrior"):
        gl.em_step(X, state, covariance_prior=np.eye(2))
    with pytest.raises(ValueError, match="X must have a positive definite sample covariance"):
        gl.InverseWishartPrior.default(np.column_stack([X[:, 0], 2 * X[:, 0]]), 2)
    with pytest.raises(ValueError, match="n_components"):
        gl.InverseWishartPrior.default(X, 0)
    with pytest.raises(ValueError, match=r"covariances must have shape \(n_components, 2, 2\)"):
        gl.InverseWishartPrior(np.eye(2), 3).logpdf(np.eye(2))
