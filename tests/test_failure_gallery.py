"""The two scikit-learn messages of notebook 06, section 7: the data and seeds the notebook
uses really raise them in the installed scikit-learn, and the fixes it shows really cure
them (or, for those it says do not, really do not)."""

import re
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler

import gmm_lesson as gl
from gmm_lesson import datasets

ILL_DEFINED = (
    "Fitting the mixture model failed because some components have ill-defined empirical "
    "covariance (for instance caused by singleton or collapsed samples). Try to decrease "
    "the number of components, increase reg_covar, or scale the input data."
)
NOT_CONVERGED = (
    "Best performing initialization did not converge. Try different init parameters, or "
    "increase max_iter, tol, or check for degenerate data."
)


def fit_quietly(X, **params):
    """scikit-learn's fit and the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = GaussianMixture(**params).fit(X)
    return fit, caught


# --- "ill-defined empirical covariance" ---------------------------------------------


@pytest.fixture(scope="module")
def line():
    X, group = datasets.line_of_duplicates(return_labels=True)
    return X, group, 1e6 * X


def test_the_line_in_micrometres_raises_the_message_with_scikit_learns_defaults(line):
    _, _, X_um = line
    with pytest.raises(ValueError, match=f"^{re.escape(ILL_DEFINED)}$"):
        GaussianMixture(n_components=2, random_state=0).fit(X_um)


def test_the_k_means_start_gives_component_1_the_line_and_four_points_of_the_cloud(line):
    from sklearn.cluster import KMeans

    X, group, _ = line
    # scikit-learn's 'kmeans' start: one k-means run with the same seed, hard labels.
    held = KMeans(n_clusters=2, n_init=1, random_state=0).fit(X).labels_ == 1
    assert np.sum(held & (group == 1)) == 40
    assert np.sum(held & (group == 0)) == 4
    start = GaussianMixture(n_components=2, random_state=0, max_iter=0).fit(X)
    assert len(X) * start.weights_[1] == pytest.approx(44)


def test_without_a_floor_the_component_flattens_onto_the_line_then_the_engine_stops(line):
    X, group, _ = line
    with pytest.raises(gl.CollapseError, match="component 1 is not positive definite") as caught:
        gl.GaussianMixture(n_components=2, reg_covar=0.0, random_state=0).fit(X)
    states = caught.value.history.states
    assert len(states) == 4
    held = [len(X) * state.weights[1] for state in states]
    np.testing.assert_allclose(held, [44.0, 41.13, 40.99, 40.00], atol=0.005)
    widths = [np.sqrt(np.linalg.eigvalsh(state.covariances[1])) for state in states]
    assert widths[0][0] == pytest.approx(0.43, abs=0.005)
    assert widths[-1][0] == pytest.approx(8.1e-5, rel=0.01)
    for width in widths:
        assert 1.5 < width[1] < 1.65        # along the line


def test_in_square_micrometres_adding_reg_covar_leaves_the_covariance_unchanged(line):
    _, group, X_um = line
    line_cov = np.cov(X_um[group == 1].T, bias=True)
    np.testing.assert_array_equal(line_cov.diagonal(), [2.0625e12, 5.15625e11])
    assert np.all(np.spacing(line_cov.diagonal()) > 2 * 1e-6)
    np.testing.assert_array_equal(line_cov + 1e-6 * np.eye(2), line_cov)
    # In metres the same floor is far above rounding.
    metres = line_cov / 1e12
    assert not np.array_equal(metres + 1e-6 * np.eye(2), metres)


def _line_fit_facts(fit, floor):
    np.testing.assert_allclose(np.sort(fit.weights_), [40 / 240, 200 / 240], atol=1e-4)
    assert np.linalg.eigvalsh(fit.covariances_).min() == pytest.approx(floor, rel=0.01)


def test_scaling_the_data_cures_it_and_leaves_the_line_held_by_the_floor(line):
    _, _, X_um = line
    fit, _ = fit_quietly(StandardScaler().fit_transform(X_um), n_components=2, random_state=0)
    _line_fit_facts(fit, 1e-6)


def test_a_reg_covar_scaled_with_the_units_squared_cures_it(line):
    _, _, X_um = line
    fit, _ = fit_quietly(X_um, n_components=2, random_state=0, reg_covar=1e6)
    _line_fit_facts(fit, 1e6)


def test_one_component_fits_with_spread_in_every_direction(line):
    _, _, X_um = line
    fit, _ = fit_quietly(X_um, n_components=1, random_state=0)
    assert np.linalg.eigvalsh(fit.covariances_[0])[0] == pytest.approx(1.1e12, rel=0.05)


def test_restarts_do_not_cure_it(line):
    _, _, X_um = line
    with pytest.raises(ValueError, match=re.escape(ILL_DEFINED)):
        GaussianMixture(n_components=2, random_state=0, n_init=10).fit(X_um)


def test_in_metres_the_defaults_fit_and_no_floor_fails(line):
    X, _, _ = line
    fit, _ = fit_quietly(X, n_components=2, random_state=0)
    _line_fit_facts(fit, 1e-6)
    with pytest.raises(ValueError, match=re.escape(ILL_DEFINED)):
        GaussianMixture(n_components=2, random_state=0, reg_covar=0.0).fit(X)


def test_the_explorer_replays_the_three_iterations_before_the_collapse(line):
    from gmm_lesson.widgets import EMExplorer

    X, _, _ = line
    explorer = EMExplorer(X, n_components=2, init="kmeans", random_state=0, reg_covar=0.0,
                          label="test: a line of duplicates")
    assert explorer.history.n_iter == 3
    assert "Collapse" in explorer.status
    held_open = EMExplorer(X, n_components=2, init="kmeans", random_state=0,
                           label="test: a line of duplicates")
    assert held_open.history.converged
    assert "[1] collapsed" in held_open.status


# --- "did not converge" ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sizes():
    return datasets.unequal_clusters()


def climb(X, **params):
    return fit_quietly(X, n_components=2, init_params="random_from_data", random_state=4,
                       **params)


def log_likelihood(fit, X):
    return fit.score(X) * len(X)


def test_max_iter_30_stops_the_climb_with_the_warning(sizes):
    fit, caught = climb(sizes, max_iter=30)
    assert [(w.category, str(w.message)) for w in caught] == [(ConvergenceWarning,
                                                              NOT_CONVERGED)]
    assert not fit.converged_ and fit.n_iter_ == 30
    assert log_likelihood(fit, sizes) == pytest.approx(-1209.0, abs=0.05)
    np.testing.assert_allclose(fit.weights_, [0.307, 0.693], atol=5e-4)


def test_the_lesson_engine_walks_the_same_climb_slowly_across_a_flat_stretch(sizes):
    run_on = gl.GaussianMixture(2, init_params="random_from_data", random_state=4).fit(sizes)
    reference, _ = climb(sizes)
    assert run_on.n_iter_ == reference.n_iter_ == 61
    np.testing.assert_allclose(run_on.means_, reference.means_, atol=1e-6)
    start = run_on.history_.states[0]
    assert np.all(np.hypot(*start.means.T) < 2)          # both starts in the large cluster
    gains = np.diff(run_on.history_.log_likelihoods) / len(sizes)
    flat = gains[8:29]                                   # iterations 9 to 29
    assert 1e-3 < flat.min() and flat.max() < 2e-3
    assert round(flat.min(), 4) == 0.0011 and round(flat.max(), 4) == 0.0019
    assert 30 + np.argmax(gains[30:]) + 1 == 56
    assert round(gains[55], 4) == 0.0094
    at_30, end = run_on.history_.states[30], run_on.history_.states[-1]
    np.testing.assert_allclose(at_30.means[0], [0.71, 1.34], atol=0.005)
    assert end.weights[0] == pytest.approx(20 / 320, abs=5e-4)
    np.testing.assert_allclose(end.means[0], [4.00, 3.01], atol=0.005)


def test_more_iterations_cure_it_and_find_the_small_cluster(sizes):
    fit, caught = climb(sizes)
    assert not caught and fit.converged_ and fit.n_iter_ == 61
    assert log_likelihood(fit, sizes) == pytest.approx(-1174.7, abs=0.05)
    assert fit.weights_.min() == pytest.approx(0.063, abs=5e-4)


def test_restarts_cure_it_with_enough_iterations_but_not_with_max_iter_30(sizes):
    fit, caught = climb(sizes, n_init=10)
    assert not caught and fit.n_iter_ == 37
    assert log_likelihood(fit, sizes) == pytest.approx(-1174.7, abs=0.05)
    fit, caught = climb(sizes, n_init=10, max_iter=30)
    assert [str(w.message) for w in caught] == [NOT_CONVERGED]
    assert log_likelihood(fit, sizes) == pytest.approx(-1186.0, abs=0.05)
    assert fit.weights_.min() == pytest.approx(0.083, abs=5e-4)


def test_a_larger_tol_silences_the_warning_and_stops_far_lower(sizes):
    fit, caught = climb(sizes, tol=1e-2, max_iter=30)
    assert not caught and fit.converged_ and fit.n_iter_ == 5
    assert log_likelihood(fit, sizes) == pytest.approx(-1221.0, abs=0.05)
    assert fit.weights_.min() == pytest.approx(0.356, abs=5e-4)
    best, _ = climb(sizes)
    assert log_likelihood(best, sizes) - log_likelihood(fit, sizes) > 45


def test_the_explorer_replays_the_cut_run_and_the_whole_climb(sizes):
    from gmm_lesson.widgets import EMExplorer

    cut = EMExplorer(sizes, n_components=2, init="random_from_data", random_state=4,
                     max_iter=30, label="test: clusters of very different sizes")
    assert cut.history.n_iter == 30 and not cut.history.converged
    assert NOT_CONVERGED in cut.status
    whole = EMExplorer(sizes, n_components=2, init="random_from_data", random_state=4,
                       label="test: clusters of very different sizes")
    assert whole.history.n_iter == 61 and whole.history.converged
