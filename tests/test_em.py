"""E-step, M-step, log-likelihood and the recorded loop, against direct formulas."""

import numpy as np
import pytest
from helpers import COVARIANCE_TYPES, blobs, random_covariances
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.stats import multivariate_normal, norm

import gmm_lesson as gl


def _start(rng, X, n_components, covariance_type="full"):
    n_features = X.shape[1]
    weights = rng.dirichlet(np.ones(n_components) * 2)
    means = X[rng.choice(len(X), n_components, replace=False)]
    covariances = random_covariances(rng, covariance_type, n_components, n_features, X.std())
    return gl.MixtureState.from_parameters(weights, means, covariances, covariance_type)


def test_e_step_is_bayes_rule_with_scipy_densities(rng):
    X = blobs(rng, 80, 2, 3)
    state = _start(rng, X, 3)
    joint = np.column_stack([
        w * multivariate_normal(m, c).pdf(X)
        for w, m, c in zip(state.weights, state.means, state.covariances, strict=True)
    ])
    log_prob_norm, log_resp = gl.e_step(X, state.weights, state.means, state.covariances)
    np.testing.assert_allclose(np.exp(log_resp), joint / joint.sum(axis=1, keepdims=True),
                               rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(log_prob_norm, np.log(joint.sum(axis=1)), rtol=1e-12)
    np.testing.assert_allclose(np.exp(log_resp).sum(axis=1), 1.0, rtol=1e-12)


def test_e_step_survives_a_point_where_every_density_underflows():
    # A point 60 standard deviations from every mean: its densities are all 0.0 in
    # float64, so a probability-space E-step gives 0/0 = NaN. Log space does not.
    X = np.array([[0.0], [1.0], [60.0]])
    weights, means, covariances = [0.5, 0.5], [[0.0], [1.0]], [[[1.0]], [[1.0]]]
    assert norm.pdf(60.0, 0, 1) == 0.0 and norm.pdf(60.0, 1, 1) == 0.0
    log_prob_norm, log_resp = gl.e_step(X, weights, means, covariances)
    assert np.all(np.isfinite(log_prob_norm)) and np.all(np.isfinite(log_resp))
    np.testing.assert_allclose(np.exp(log_resp[2]), [0.0, 1.0], atol=1e-12)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_m_step_matches_the_weighted_formulas(covariance_type, rng):
    X = blobs(rng, 60, 3, 2)
    resp = rng.dirichlet(np.ones(2), size=60)
    weights, means, covariances = gl.m_step(X, resp, reg_covar=0.0, covariance_type=covariance_type)
    nk = resp.sum(axis=0)
    np.testing.assert_allclose(weights, nk / 60)
    expected_means = np.array([resp[:, k] @ X / nk[k] for k in range(2)])
    np.testing.assert_allclose(means, expected_means)
    # Outer products (x - mu)(x - mu)^T around the NEW means, divided by N_k.
    full = np.array([
        sum(r * np.outer(x - expected_means[k], x - expected_means[k])
            for r, x in zip(resp[:, k], X, strict=True))
        / nk[k]
        for k in range(2)
    ])
    expected = {
        "full": full,
        "tied": (full * nk[:, None, None]).sum(axis=0) / 60,
        "diag": np.diagonal(full, axis1=1, axis2=2),
        "spherical": np.diagonal(full, axis1=1, axis2=2).mean(axis=1),
    }[covariance_type]
    np.testing.assert_allclose(covariances, expected, rtol=1e-10)


def test_reg_covar_is_added_once_not_accumulated(rng):
    X = blobs(rng, 50, 2, 2)
    resp = rng.dirichlet(np.ones(2), size=50)
    _, _, bare = gl.m_step(X, resp, reg_covar=0.0)
    _, _, first = gl.m_step(X, resp, reg_covar=0.5)
    _, _, again = gl.m_step(X, resp, reg_covar=0.5)
    np.testing.assert_allclose(first - bare, np.broadcast_to(0.5 * np.eye(2), bare.shape),
                               atol=1e-12)
    np.testing.assert_array_equal(first, again)
    state = _start(rng, X, 2)
    history = gl.run_em(X, state, tol=0, max_iter=30, reg_covar=0.5)
    # Every covariance keeps the regulariser exactly once: its smallest eigenvalue is
    # above 0.5 but does not climb by 0.5 per iteration.
    smallest = [np.linalg.eigvalsh(s.covariances).min() for s in history.states[1:]]
    assert min(smallest) > 0.5 and max(smallest) < 0.5 + X.var(axis=0).max()


def test_log_likelihood_is_a_sum_of_logs_not_the_log_of_a_sum(rng):
    X = blobs(rng, 40, 2, 2)
    state = _start(rng, X, 2)
    densities = sum(
        w * multivariate_normal(m, c).pdf(X)
        for w, m, c in zip(state.weights, state.means, state.covariances, strict=True)
    )
    total = gl.log_likelihood(X, state.weights, state.means, state.covariances)
    assert total == pytest.approx(np.sum(np.log(densities)), rel=1e-12)
    assert total != pytest.approx(np.log(np.sum(densities)))
    assert state.log_likelihood(X) == pytest.approx(total, rel=1e-14)


def test_history_records_every_state_and_replays_half_steps(rng):
    X = blobs(rng, 200, 2, 3)
    start = _start(rng, X, 3)
    history = gl.run_em(X, start, tol=0, max_iter=7)
    assert history.n_iter == 7 and len(history.states) == 8 and history.states[0] is start
    assert history.log_likelihoods.shape == (8,)
    for t, state in enumerate(history.states):
        assert history.log_likelihoods[t] == pytest.approx(state.log_likelihood(X), rel=1e-12)
    # Stepping by hand walks the same trajectory.
    state = start
    for t in range(1, 8):
        state, ll = gl.em_step(X, state)
        np.testing.assert_allclose(state.means, history.states[t].means, rtol=1e-12)
        assert ll == pytest.approx(history.log_likelihoods[t - 1], rel=1e-12)
    assert history.n_half_steps == 15
    assert history.half_step(0) == gl.HalfStep(0, 0, "start", 0, None)
    assert history.half_step(1) == gl.HalfStep(1, 1, "E", 0, 0)
    assert history.half_step(2) == gl.HalfStep(2, 1, "M", 1, 0)
    assert history.half_step(14) == gl.HalfStep(14, 7, "M", 7, 6)
    with pytest.raises(ValueError, match="index must be < n_half_steps = 15"):
        history.half_step(15)
    np.testing.assert_allclose(history.responsibilities(3, X),
                               history.states[3].responsibilities(X))


def test_recording_stores_parameters_only(rng):
    # The record grows with K and D, never with the number of samples.
    X = blobs(rng, 20_000, 2, 3)
    history = gl.run_em(X, _start(rng, X, 3), tol=0, max_iter=5)
    stored = sum(
        a.nbytes for s in history.states
        for a in (s.weights, s.means, s.covariances, s.precisions_cholesky)
    )
    assert stored < 2_000


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    seed=st.integers(0, 2**32 - 1),
    n_features=st.integers(1, 3),
    n_components=st.integers(1, 4),
    covariance_type=st.sampled_from(COVARIANCE_TYPES),
    scale=st.sampled_from([1e-2, 1.0, 1e2]),
)
def test_log_likelihood_never_decreases(seed, n_features, n_components, covariance_type, scale):
    rng = np.random.default_rng(seed)
    n_samples = int(rng.integers(15 * n_components * n_features, 300))
    X = blobs(rng, n_samples, n_features, int(rng.integers(1, 5)), scale=scale)
    start = _start(rng, X, n_components, covariance_type)
    try:
        history = gl.run_em(X, start, tol=0, max_iter=40, reg_covar=0.0)
    except ValueError as error:
        # A component may legitimately collapse onto a single point when reg_covar=0.
        assume("not positive definite" not in str(error))
        raise
    ll = history.log_likelihoods
    assert np.all(np.isfinite(ll))
    # Once a component has collapsed onto a point (its variance is rounding noise, which
    # nothing but reg_covar would hold up), the likelihood is unbounded and its value
    # noise: the property holds up to the first collapsed state.
    collapsed = [bool(gl.collapsed_components(state, 0.0, X)) for state in history.states]
    checked = ll[: collapsed.index(True)] if True in collapsed else ll
    steps = np.diff(checked)
    assert np.all(steps >= -1e-9 * np.abs(checked[1:]).clip(1.0)), (steps.min(), ll)


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
def test_marginal_is_the_mixture_of_scipys_component_marginals(covariance_type, rng):
    X = rng.normal(size=(60, 4))
    state = gl.MixtureState.from_parameters(
        *gl.m_step(X, rng.dirichlet(np.ones(3), size=60), covariance_type=covariance_type),
        covariance_type)
    dims = [3, 1]
    marginal = state.marginal(dims)
    full = state.full_covariances()
    densities = sum(
        weight * multivariate_normal(mean, covariance).marginal(dims).pdf(X[:, dims])
        for weight, mean, covariance in zip(state.weights, state.means, full, strict=True))
    np.testing.assert_allclose(marginal.log_density(X[:, dims]), np.log(densities), rtol=1e-10)
    np.testing.assert_array_equal(marginal.weights, state.weights)


@pytest.mark.parametrize("dims", [(0, 0), (), (0, 4), (-1,), ("a",), None, 1.5])
def test_marginal_names_dims_when_they_are_wrong(dims, rng):
    state = gl.MixtureState.from_parameters(
        *gl.m_step(rng.normal(size=(20, 4)), rng.dirichlet(np.ones(2), size=20)))
    with pytest.raises(ValueError, match="dims must be one or more different feature indices"):
        state.marginal(dims)


# --- starts and comparisons for the explorers ------------------------------------------


def test_complete_means_puts_the_features_not_given_at_the_data_mean(rng):
    from gmm_lesson.em import complete_means

    X = rng.normal(loc=[1.0, -2.0, 3.0, 10.0], size=(60, 4))
    clicked = np.array([[5.0, 6.0], [-1.0, 0.5], [2.0, 2.0]])
    means = complete_means(X, clicked, dims=[3, 1])
    assert means.shape == (3, 4)
    np.testing.assert_array_equal(means[:, [3, 1]], clicked)
    np.testing.assert_allclose(means[:, [0, 2]],
                               np.tile(X[:, [0, 2]].mean(axis=0), (3, 1)), rtol=1e-12)
    with pytest.raises(ValueError, match=r"partial_means must have shape \(n_components, 2\)"):
        complete_means(X, clicked[:, :1], dims=[3, 1])
    with pytest.raises(ValueError, match="dims must be one or more different feature indices"):
        complete_means(X, clicked, dims=[3, 3])


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
def test_broad_start_has_equal_weights_and_the_spread_of_all_the_data(covariance_type, rng):
    from gmm_lesson.em import broad_start

    X = rng.normal(size=(80, 2)) @ np.array([[2.0, 0.0], [1.2, 0.5]])
    means = np.array([[-1.0, 0.0], [0.0, 1.0], [2.0, -1.0]])
    start = broad_start(X, means, reg_covar=1e-3, covariance_type=covariance_type)
    assert start.covariance_type == covariance_type
    np.testing.assert_array_equal(start.means, means)
    np.testing.assert_array_equal(start.weights, np.full(3, 1 / 3))
    # Every component: the covariance of all the data plus reg_covar (numpy's, with
    # 1/n), seen through the covariance type.
    spread = np.cov(X.T, bias=True) + 1e-3 * np.eye(2)
    expected = {"full": spread, "tied": spread, "diag": np.diag(np.diag(spread)),
                "spherical": np.mean(np.diag(spread)) * np.eye(2)}[covariance_type]
    for covariance in start.full_covariances():
        np.testing.assert_allclose(covariance, expected, rtol=1e-10)
    with pytest.raises(ValueError, match=r"means must have shape \(n_components, 2\)"):
        broad_start(X, means[:, :1], covariance_type=covariance_type)


def test_log_likelihood_shortfall_is_a_gap_per_sample_past_the_margin_and_tol():
    from gmm_lesson.em import log_likelihood_shortfall

    # 100 samples: a gap counts once it passes 100 * max(margin, 50 * tol).
    assert log_likelihood_shortfall(-306.0, -300.0, 100) == pytest.approx(6.0)
    assert log_likelihood_shortfall(-304.0, -300.0, 100) is None
    assert log_likelihood_shortfall(-300.0, -306.0, 100) is None   # above the best
    assert log_likelihood_shortfall(-306.0, -300.0, 100, tol=0.01) is None   # 50 * tol
    assert log_likelihood_shortfall(-306.0, -300.0, 100, margin=0.1) is None
    with pytest.raises(ValueError, match="finite"):
        log_likelihood_shortfall(float("nan"), -300.0, 100)
