"""The lower bound L(q, theta) and its gap: the reason EM climbs (PRML section 9.4)."""

import warnings

import numpy as np
import pytest
from helpers import COVARIANCE_TYPES, blobs, random_covariances
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import multivariate_normal
from sklearn.cluster import KMeans

import gmm_lesson as gl
from gmm_lesson.em import bound


def _state(rng, X, n_components, covariance_type="full"):
    weights = rng.dirichlet(np.ones(n_components) * 2)
    means = X[rng.choice(len(X), n_components, replace=False)]
    covariances = random_covariances(rng, covariance_type, n_components, X.shape[1], X.std())
    return gl.MixtureState.from_parameters(weights, means, covariances, covariance_type)


def _bound_by_hand(X, q, state):
    """L written out with scipy's densities, term by term."""
    total = 0.0
    for k, (weight, mean, covariance) in enumerate(
            zip(state.weights, state.means, state.full_covariances(), strict=True)):
        log_density = multivariate_normal(mean, covariance).logpdf(X)
        held = q[:, k] > 0
        total += np.sum(q[held, k] * (np.log(weight) + log_density[held] - np.log(q[held, k])))
    return total


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_log_likelihood_is_bound_plus_gap_for_any_q(covariance_type, rng):
    X = blobs(rng, 80, 2, 3)
    for _ in range(5):
        state = _state(rng, X, 3, covariance_type)
        q = rng.dirichlet(np.ones(3) * 0.7, size=len(X))
        lower, gap = bound.lower_bound(X, q, state), bound.kl_gap(X, q, state)
        assert lower == pytest.approx(_bound_by_hand(X, q, state), rel=1e-10)
        assert gap > 0
        assert lower + gap == pytest.approx(state.log_likelihood(X), rel=1e-12)


def test_a_q_with_zeros_counts_nothing_for_them(rng):
    X = blobs(rng, 40, 2, 3)
    state = _state(rng, X, 3)
    q = np.zeros((40, 3))
    q[np.arange(40), rng.integers(0, 3, 40)] = 1.0       # hard assignments
    assert bound.lower_bound(X, q, state) == pytest.approx(_bound_by_hand(X, q, state))
    assert np.isfinite(bound.kl_gap(X, q, state))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_components=st.integers(1, 4),
       covariance_type=st.sampled_from(COVARIANCE_TYPES))
def test_the_gap_is_never_negative_and_closes_at_the_responsibilities(
        seed, n_components, covariance_type):
    rng = np.random.default_rng(seed)
    X = blobs(rng, 30, 2, 3)
    state = _state(rng, X, n_components, covariance_type)
    q = rng.dirichlet(np.ones(n_components), size=len(X))
    assert bound.kl_gap(X, q, state) >= -1e-9 * abs(state.log_likelihood(X))
    resp = state.responsibilities(X)
    # After an E-step the bound touches the log-likelihood.
    assert abs(bound.kl_gap(X, resp, state)) <= 1e-10 * abs(state.log_likelihood(X))
    assert bound.lower_bound(X, resp, state) == pytest.approx(state.log_likelihood(X),
                                                              rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_components=st.integers(1, 4),
       covariance_type=st.sampled_from(COVARIANCE_TYPES))
def test_an_exact_m_step_raises_the_bound_for_its_q(seed, n_components, covariance_type):
    rng = np.random.default_rng(seed)
    X = blobs(rng, 40, 2, 3)
    before = _state(rng, X, n_components, covariance_type)
    q = before.responsibilities(X)
    after = gl.MixtureState.from_parameters(
        *gl.m_step(X, q, reg_covar=0.0, covariance_type=covariance_type), covariance_type)
    scale = abs(before.log_likelihood(X))
    assert bound.lower_bound(X, q, after) >= bound.lower_bound(X, q, before) - 1e-10 * scale
    # ... and so lifts the log-likelihood by at least as much: the gap reopens.
    assert after.log_likelihood(X) - before.log_likelihood(X) >= (
        bound.lower_bound(X, q, after) - bound.lower_bound(X, q, before) - 1e-10 * scale)


def _perturbed(state, rng, part, size):
    weights, means, covariances = state.weights, state.means, state.covariances
    if part == "weights":
        step = rng.normal(size=weights.shape)
        step -= step.mean()                              # stays on the simplex
        weights = weights + size * step * weights.min()
    elif part == "means":
        means = means + size * rng.normal(size=means.shape)
    else:
        if state.covariance_type in ("diag", "spherical"):
            covariances = covariances * np.exp(size * rng.normal(size=covariances.shape))
        else:
            # Sigma -> G Sigma G^T with G = I + a small symmetric matrix: stays SPD.
            turn = rng.normal(size=covariances.shape)
            grow = np.eye(covariances.shape[-1]) + size * (turn + np.swapaxes(turn, -1, -2))
            covariances = grow @ covariances @ np.swapaxes(grow, -1, -2)
    return gl.MixtureState.from_parameters(weights, means, covariances, state.covariance_type)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("part", ["weights", "means", "covariances"])
def test_the_m_step_maximises_the_bound_over_each_parameter(covariance_type, part, rng):
    X = blobs(rng, 120, 2, 3)
    before = _state(rng, X, 3, covariance_type)
    q = before.responsibilities(X)
    best = gl.MixtureState.from_parameters(
        *gl.m_step(X, q, reg_covar=0.0, covariance_type=covariance_type), covariance_type)
    top = bound.lower_bound(X, q, best)
    for size in (1e-1, 1e-2, 1e-3):
        for _ in range(5):
            moved = _perturbed(best, rng, part, size)
            assert bound.lower_bound(X, q, moved) < top


def test_bound_at_replays_the_split_of_a_recorded_run(rng):
    X = blobs(rng, 150, 2, 3)
    start = _state(rng, X, 3)
    history = gl.run_em(X, start, reg_covar=0.0, tol=1e-6, max_iter=8)
    first = bound.bound_at(X, history, 0)
    assert first.bound is None and first.gap is None
    assert first.log_likelihood == pytest.approx(history.log_likelihoods[0])
    for index in range(1, history.n_half_steps):
        step = history.half_step(index)
        shown = bound.bound_at(X, history, index)
        assert shown.log_likelihood == pytest.approx(history.log_likelihoods[step.params])
        assert shown.bound + shown.gap == pytest.approx(shown.log_likelihood, rel=1e-12)
        q = history.states[step.resp_from].responsibilities(X)
        assert shown.bound == pytest.approx(
            bound.lower_bound(X, q, history.states[step.params]), rel=1e-12)
        if step.phase == "E":
            assert shown.gap == 0.0
        else:
            # The M-step raised the bound above the log-likelihood it started from.
            assert shown.bound >= history.log_likelihoods[step.params - 1] - 1e-9
            assert shown.gap >= 0


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_the_line_runs_from_before_to_after_through_valid_mixtures(covariance_type, rng):
    X = blobs(rng, 50, 2, 3)
    before, after = _state(rng, X, 3, covariance_type), _state(rng, X, 3, covariance_type)
    for t, end in ((0.0, before), (1.0, after)):
        state = bound.interpolate_states(before, after, t)
        np.testing.assert_allclose(state.weights, end.weights, rtol=1e-12)
        np.testing.assert_allclose(state.means, end.means, rtol=1e-12)
        np.testing.assert_allclose(state.covariances, end.covariances, rtol=1e-10)
    for t in (-0.5, 0.3, 1.5, 3.0):
        state = bound.interpolate_states(before, after, t)
        assert np.all(state.weights > 0) and state.weights.sum() == pytest.approx(1.0)
        assert np.all(np.linalg.eigvalsh(state.full_covariances()) > 0)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_figure_9_14_the_bound_is_below_touches_at_0_and_peaks_at_1(covariance_type, rng):
    X = blobs(rng, 150, 2, 3)
    before = _state(rng, X, 3, covariance_type)
    q = before.responsibilities(X)
    after = gl.MixtureState.from_parameters(
        *gl.m_step(X, q, reg_covar=0.0, covariance_type=covariance_type), covariance_type)
    ts = np.linspace(-0.5, 1.5, 201)
    log_likelihoods, bounds = bound.bound_along_line(X, q, before, after, ts)
    scale = abs(log_likelihoods).max()
    assert np.all(bounds <= log_likelihoods + 1e-10 * scale)
    at_0 = np.flatnonzero(np.isclose(ts, 0.0))[0]
    assert bounds[at_0] == pytest.approx(log_likelihoods[at_0], rel=1e-12)
    assert abs(ts[np.argmax(bounds)] - 1.0) <= ts[1] - ts[0]
    # Away from t = 0 the bound lies strictly below.
    assert np.all(log_likelihoods[ts > 0.05] - bounds[ts > 0.05] > 0)


def test_in_1d_the_bound_is_a_parabola_in_one_mean_peaking_at_the_weighted_mean(rng):
    X = np.r_[rng.normal(-2, 1, 60), rng.normal(3, 0.7, 40)][:, np.newaxis]
    state = gl.MixtureState.from_parameters([0.5, 0.5], [[-1.0], [1.0]], [[[2.0]], [[2.0]]])
    q = state.responsibilities(X)
    means = np.linspace(-4, 4, 161)
    log_likelihoods, bounds = bound.bound_along_mean(X, q, state, 1, means)
    coefficients = np.polyfit(means, bounds, 2)
    np.testing.assert_allclose(np.polyval(coefficients, means), bounds,
                               atol=1e-9 * abs(bounds).max())
    assert coefficients[0] == pytest.approx(-q[:, 1].sum() / (2 * 2.0), rel=1e-9)
    weighted_mean = q[:, 1] @ X[:, 0] / q[:, 1].sum()
    assert -coefficients[1] / (2 * coefficients[0]) == pytest.approx(weighted_mean, rel=1e-9)
    assert np.all(bounds <= log_likelihoods + 1e-9)
    touch = np.argmin(np.abs(means - 1.0))
    assert bounds[touch] == pytest.approx(log_likelihoods[touch], rel=1e-12)


def test_one_em_step_becomes_a_lloyd_step_as_sigma_shrinks(rng):
    X = blobs(rng, 200, 2, 3)
    means = X[rng.choice(len(X), 4, replace=False)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # KMeans says one iteration did not converge
        lloyd = KMeans(4, init=means, n_init=1, max_iter=1).fit(X).cluster_centers_
    resp, new_means = bound.soft_kmeans_step(X, means, sigma=1e-3 * X.std())
    np.testing.assert_allclose(new_means, lloyd, rtol=1e-10, atol=1e-10)
    nearest = np.argmin(((X[:, None] - means[None]) ** 2).sum(axis=2), axis=1)
    np.testing.assert_array_equal(np.argmax(resp, axis=1), nearest)
    assert resp.max(axis=1).min() > 1 - 1e-12
    # At a broad sigma the responsibilities are soft and the means pulled together.
    resp_broad, _ = bound.soft_kmeans_step(X, means, sigma=10 * X.std())
    assert resp_broad.max(axis=1).max() < 0.5


def test_soft_kmeans_responsibilities_harden_as_sigma_shrinks(rng):
    X = blobs(rng, 100, 2, 3)
    means = X[:3]
    hardness = [bound.soft_kmeans_step(X, means, s)[0].max(axis=1).mean()
                for s in (5.0, 2.0, 1.0, 0.5, 0.1)]
    assert np.all(np.diff(hardness) > 0)


@pytest.mark.parametrize("q, match", [
    (np.ones((10, 3)), "every row summing to one"),
    (np.r_[[[1.5, -0.5, 0.0]], np.full((9, 3), 1 / 3)], "no negative entry"),
    (np.ones((9, 3)) / 3, r"shape \(n_samples, n_components\) = \(10, 3\)"),
    ([[np.nan] * 3] * 10, "q"),
    ("not an array", "q"),
])
def test_a_wrong_q_is_named(q, match, rng):
    X = blobs(rng, 10, 2, 3)
    state = _state(rng, X, 3)
    with pytest.raises((ValueError, TypeError), match=match):
        bound.lower_bound(X, q, state)
    with pytest.raises((ValueError, TypeError), match=match):
        bound.kl_gap(X, q, state)


@pytest.mark.parametrize("sigma", [0, -1.0, np.inf, np.nan, "1", None, True])
def test_soft_kmeans_names_a_wrong_sigma(sigma, rng):
    with pytest.raises(ValueError, match="sigma"):
        bound.soft_kmeans_step(blobs(rng, 10, 2, 3), np.zeros((2, 2)), sigma)


def test_the_line_needs_two_states_of_one_kind(rng):
    X = blobs(rng, 20, 2, 3)
    with pytest.raises(ValueError, match="same number of components"):
        bound.interpolate_states(_state(rng, X, 2), _state(rng, X, 3), 0.5)
    with pytest.raises(TypeError, match="after must be a MixtureState"):
        bound.interpolate_states(_state(rng, X, 2), "x", 0.5)
