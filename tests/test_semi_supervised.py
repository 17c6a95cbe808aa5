"""Semi-supervised EM: rows with a known component, against hand computations and numpy."""

import numpy as np
import pytest
from helpers import blobs, random_spd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp
from scipy.stats import multivariate_normal, norm

import gmm_lesson as gl


def _start(rng, X, n_components):
    weights = rng.dirichlet(np.ones(n_components) * 2)
    means = X[rng.choice(len(X), n_components, replace=False)]
    covariances = np.stack([random_spd(rng, X.shape[1], X.std()) for _ in range(n_components)])
    return gl.MixtureState.from_parameters(weights, means, covariances)


@pytest.mark.parametrize("labels", [None, "all -1"])
def test_no_labels_is_exactly_unsupervised_em(labels, rng):
    X = blobs(rng, 120, 2, 3)
    start = _start(rng, X, 3)
    if labels == "all -1":
        labels = np.full(len(X), -1)
    plain = gl.run_em(X, start, tol=0, max_iter=15)
    with_labels = gl.run_em(X, start, tol=0, max_iter=15, labels=labels)
    np.testing.assert_array_equal(with_labels.log_likelihoods, plain.log_likelihoods)
    for a, b in zip(with_labels.states, plain.states, strict=True):
        np.testing.assert_array_equal(a.covariances, b.covariances)
        np.testing.assert_array_equal(a.means, b.means)
    one = gl.e_step(X, start.weights, start.means, start.covariances, labels=labels)
    other = gl.e_step(X, start.weights, start.means, start.covariances)
    np.testing.assert_array_equal(one[0], other[0])
    np.testing.assert_array_equal(one[1], other[1])


def test_one_e_step_and_m_step_by_hand():
    # Four points on a line, two components N(0, 1) and N(4, 1) with weights 1/2.
    # Point 1 (x = 1) is labelled 1 although component 0 is nearer; point 3 (x = 4)
    # is labelled 1 too. Points 0 (x = 0) and 2 (x = 3) are unlabelled.
    X = np.array([[0.0], [1.0], [3.0], [4.0]])
    labels = np.array([-1, 1, -1, 1])
    weights, means, covariances = [0.5, 0.5], [[0.0], [4.0]], [[[1.0]], [[1.0]]]
    log_prob_norm, log_resp = gl.e_step(X, weights, means, covariances, labels=labels)
    resp = np.exp(log_resp)
    # Unlabelled x: r_0 = exp(-x^2/2) / (exp(-x^2/2) + exp(-(x-4)^2/2)) = 1 / (1 + e^(4x - 8)).
    r0 = 1 / (1 + np.exp(-8.0))          # x = 0
    r2 = 1 / (1 + np.exp(4.0))           # x = 3
    expected = np.array([[r0, 1 - r0], [0, 1], [r2, 1 - r2], [0, 1]])
    np.testing.assert_allclose(resp, expected, rtol=1e-12, atol=1e-300)
    # The objective's terms: log(pi_y N(x | mu_y, 1)) for labelled rows, log p(x) otherwise.
    log_n = norm.logpdf
    expected_terms = [
        np.logaddexp(np.log(0.5) + log_n(0, 0, 1), np.log(0.5) + log_n(0, 4, 1)),
        np.log(0.5) + log_n(1, 4, 1),
        np.logaddexp(np.log(0.5) + log_n(3, 0, 1), np.log(0.5) + log_n(3, 4, 1)),
        np.log(0.5) + log_n(4, 4, 1),
    ]
    np.testing.assert_allclose(log_prob_norm, expected_terms, rtol=1e-12)
    # M-step from these responsibilities, written out.
    n0 = r0 + r2
    n1 = (1 - r0) + 1 + (1 - r2) + 1
    mu0 = (r0 * 0 + r2 * 3) / n0
    mu1 = ((1 - r0) * 0 + 1 * 1 + (1 - r2) * 3 + 1 * 4) / n1
    var0 = (r0 * (0 - mu0) ** 2 + r2 * (3 - mu0) ** 2) / n0
    var1 = ((1 - r0) * mu1**2 + (1 - mu1) ** 2 + (1 - r2) * (3 - mu1) ** 2
            + (4 - mu1) ** 2) / n1
    new_w, new_mu, new_cov = gl.m_step(X, resp, reg_covar=0.0)
    np.testing.assert_allclose(new_w, [n0 / 4, n1 / 4], rtol=1e-12)
    np.testing.assert_allclose(new_mu.ravel(), [mu0, mu1], rtol=1e-12)
    np.testing.assert_allclose(new_cov.ravel(), [var0, var1], rtol=1e-10)
    state = gl.MixtureState.from_parameters(weights, means, covariances)
    new_state, objective = gl.em_step(X, state, reg_covar=0.0, labels=labels)
    np.testing.assert_allclose(new_state.means.ravel(), [mu0, mu1], rtol=1e-12)
    np.testing.assert_allclose(objective, sum(expected_terms), rtol=1e-12)


def test_fully_labelled_data_gives_each_class_its_own_mle_in_one_m_step(rng):
    X = blobs(rng, 200, 3, 3)
    labels = rng.integers(0, 3, len(X))
    history = gl.run_em(X, _start(rng, X, 3), tol=0, max_iter=1, reg_covar=0.0, labels=labels)
    fitted = history.states[1]
    for k in range(3):
        members = X[labels == k]
        np.testing.assert_allclose(fitted.weights[k], len(members) / len(X), rtol=1e-12)
        np.testing.assert_allclose(fitted.means[k], members.mean(axis=0), rtol=1e-10)
        np.testing.assert_allclose(fitted.covariances[k],
                                   np.cov(members, rowvar=False, bias=True), rtol=1e-9)
    # Fully labelled, the objective is the complete-data log-likelihood, maximised
    # already: a second iteration changes nothing.
    again = gl.run_em(X, fitted, tol=0, max_iter=1, reg_covar=0.0, labels=labels)
    np.testing.assert_allclose(again.states[1].means, fitted.means, rtol=1e-12)
    complete = sum(
        np.sum(np.log(fitted.weights[k])
               + multivariate_normal(fitted.means[k], fitted.covariances[k]).logpdf(X[labels == k]))
        for k in range(3)
    )
    np.testing.assert_allclose(again.log_likelihoods[0], complete, rtol=1e-10)


def test_labels_break_a_symmetric_start_in_their_order(rng):
    # Both means at the data's mean: plain EM's two components stay identical for
    # ever; one label per class separates them, component k on class k, and the fit
    # in that order scores higher on the labelled objective than the swapped one.
    X = np.vstack([rng.normal(-5, 1, (50, 2)), rng.normal(5, 1, (50, 2))])
    centre = X.mean(axis=0)
    start = gl.em.broad_start(X, [centre, centre])
    labels = np.full(100, -1)
    labels[[0, 50]] = [0, 1]
    plain = gl.run_em(X, start).states[-1]
    np.testing.assert_allclose(plain.means[0], plain.means[1])
    semi = gl.run_em(X, start, labels=labels)
    np.testing.assert_allclose(semi.states[-1].means, [X[:50].mean(0), X[50:].mean(0)],
                               atol=0.05)
    swapped = gl.run_em(X, gl.em.broad_start(X, [[5, 5], [-5, -5]]), labels=labels)
    assert swapped.states[-1].means[0, 0] > 0
    assert swapped.log_likelihoods[-1] < semi.log_likelihoods[-1] - 50


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    seed=st.integers(0, 2**32 - 1),
    n_features=st.integers(1, 3),
    n_components=st.integers(1, 4),
    fraction=st.sampled_from([0.02, 0.2, 0.6, 1.0]),
)
def test_the_recorded_objective_never_decreases(seed, n_features, n_components, fraction):
    rng = np.random.default_rng(seed)
    n_samples = int(rng.integers(15 * n_components * n_features, 300))
    X = blobs(rng, n_samples, n_features, int(rng.integers(1, 5)))
    labels = np.where(rng.random(n_samples) < fraction,
                      rng.integers(0, n_components, n_samples), -1)
    try:
        history = gl.run_em(X, _start(rng, X, n_components), tol=0, max_iter=40,
                            reg_covar=0.0, labels=labels)
    except gl.CollapseError:
        assume(False)
    ll = history.log_likelihoods
    assert np.all(np.isfinite(ll))
    collapsed = [bool(gl.collapsed_components(state, 0.0, X)) for state in history.states]
    checked = ll[: collapsed.index(True)] if True in collapsed else ll
    steps = np.diff(checked)
    assert np.all(steps >= -1e-9 * np.abs(checked[1:]).clip(1.0)), (steps.min(), ll)
    # And what is recorded is the stated objective, recomputed with scipy, at the last
    # state with no collapsed component (scipy refuses a singular covariance).
    assume(len(checked) > 0)
    last = len(checked) - 1
    state = history.states[last]
    joint = np.column_stack([
        np.log(w) + multivariate_normal(m, c).logpdf(X).reshape(-1)
        for w, m, c in zip(state.weights, state.means, state.covariances, strict=True)
    ])
    labelled = labels >= 0
    expected = (joint[labelled, labels[labelled]].sum()
                + logsumexp(joint[~labelled], axis=1).sum())
    np.testing.assert_allclose(ll[last], expected, rtol=1e-8)


@pytest.mark.parametrize(("labels", "error", "words"), [
    ([0, 1], ValueError, "labels must have shape (n_samples,) = (6,)"),
    (np.zeros((6, 1), dtype=int), ValueError, "labels must have shape"),
    (np.zeros(6), TypeError, "labels must be integers"),
    (np.zeros(6, dtype=bool), TypeError, "labels must be integers"),
    (["a"] * 6, TypeError, "labels must be integers"),
    ([0, 1, 2, -1, -1, -1], ValueError, "component in 0..1, got 2 at sample 2"),
    ([0, -2, -1, -1, -1, -1], ValueError, "got -2 at sample 1"),
])
def test_bad_labels_are_named(labels, error, words):
    X = np.arange(12.0).reshape(6, 2)
    state = gl.MixtureState.from_parameters([0.5, 0.5], [[0, 1], [8, 9]], [np.eye(2)] * 2)
    for call in (
        lambda: gl.e_step(X, state.weights, state.means, state.covariances, labels=labels),
        lambda: gl.em_step(X, state, labels=labels),
        lambda: gl.run_em(X, state, labels=labels),
    ):
        with pytest.raises(error, match="labels") as caught:
            call()
        assert words in str(caught.value)
