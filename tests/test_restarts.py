"""Restarts side by side: components matched across runs, runs grouped by the fit they
ended on, label switching counted, and the view of them read back from its artists."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture as SklearnMixture

import gmm_lesson as gl
from gmm_lesson import datasets, em, plotting
from gmm_lesson.em import EMHistory, MixtureState, compare_restarts, match_components
from gmm_lesson.restarts import fit_restarts, fit_start


@pytest.fixture(scope="module")
def blobs():
    return datasets.stretched_blobs()


@pytest.fixture(scope="module")
def restarts(blobs):
    return fit_restarts(blobs, 3, n_starts=20)


def permuted(state, order):
    """The same mixture with its components listed in ``order``."""
    covariances = state.covariances if state.covariance_type == "tied" else \
        state.covariances[order]
    return MixtureState.from_parameters(state.weights[order], state.means[order], covariances,
                                        state.covariance_type)


def relabelled(history, order):
    """A history whose every state is ``history``'s with the components in ``order``."""
    return EMHistory(tuple(permuted(state, order) for state in history.states),
                     history.log_likelihoods.copy(), history.n_samples, history.converged)


# --- matching components --------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_matching_recovers_a_random_permutation(seed):
    rng = np.random.default_rng(seed)
    reference = rng.normal(scale=10.0, size=(7, 3))
    order = rng.permutation(7)
    # Shuffled, and each mean moved a little: far less than the distances between means.
    means = reference[order] + rng.normal(scale=0.05, size=(7, 3))
    permutation = match_components(reference, means)
    # means[permutation] lines up with the reference: the inverse of the shuffle.
    np.testing.assert_array_equal(permutation, np.argsort(order))
    np.testing.assert_allclose(means[permutation], reference, atol=0.5)
    assert permutation.dtype.kind == "i"


def test_matching_minimises_the_total_distance_not_each_one_greedily():
    # Greedily, reference 0 takes its nearest mean, 0.4 (0.4 away), and leaves reference 1
    # the mean at -2 (3 away): 3.4 in all. Crossed, 2 + 0.6 = 2.6.
    reference = [[0.0], [1.0]]
    means = [[0.4], [-2.0]]
    np.testing.assert_array_equal(match_components(reference, means), [1, 0])


@pytest.mark.parametrize(
    ("reference", "means", "message"),
    [
        ([[0.0, 0.0]], [[0.0, 0.0], [1.0, 1.0]], r"means must have the shape of "
                                                 r"reference_means, \(1, 2\)"),
        ([0.0, 1.0], [0.0, 1.0], "reference_means must have shape"),
        ([[0.0, np.nan]], [[0.0, 0.0]], "reference_means must be finite"),
        ([[0.0, 0.0]], [[np.inf, 0.0]], "means must be finite"),
        (np.empty((0, 2)), np.empty((0, 2)), "reference_means must have shape"),
    ],
)
def test_matching_refuses_bad_means_naming_them(reference, means, message):
    with pytest.raises(ValueError, match=message):
        match_components(reference, means)
    with pytest.raises(TypeError, match="means must be an array of numbers"):
        match_components([["a", "b"]], [[0.0, 0.0]])


# --- the runs, against scikit-learn -------------------------------------------------------


def test_each_run_ends_where_scikit_learn_ends_from_the_same_start(blobs, restarts):
    # The oracle: scikit-learn's own estimator, from the same init_params and
    # random_state, with the same tol, max_iter and reg_covar.
    assert {run.init for run in restarts} == {"kmeans", "k-means++", "random",
                                              "random_from_data"}
    for run in restarts:
        theirs = SklearnMixture(3, init_params=run.init, random_state=run.seed, tol=1e-3,
                                max_iter=100, reg_covar=1e-6)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            theirs.fit(blobs)
        expected = theirs.score(blobs) * len(blobs)
        assert run.log_likelihood == pytest.approx(expected, rel=1e-8), (run.init, run.seed)
        assert run.mean_log_likelihood == pytest.approx(theirs.score(blobs), rel=1e-8)
        assert run.n_iter == theirs.n_iter_
        assert run.converged == theirs.converged_


def test_runs_take_the_starts_in_turn_and_are_made_again_from_start_and_seed(blobs, restarts):
    assert [(run.init, run.seed) for run in restarts][:5] == [
        ("kmeans", 0), ("k-means++", 0), ("random", 0), ("random_from_data", 0), ("kmeans", 1)]
    for run in restarts.runs[::3]:
        history = fit_start(blobs, 3, init=run.init, seed=run.seed)
        assert history.log_likelihoods[-1] == run.log_likelihood
        np.testing.assert_array_equal(history.states[-1].means, run.state.means)
    shifted = fit_restarts(blobs, 3, n_starts=3, inits=["k-means++"], random_state=4)
    assert [(run.init, run.seed) for run in shifted] == [("k-means++", 4), ("k-means++", 5),
                                                         ("k-means++", 6)]
    assert all(run.seconds >= 0 for run in shifted)


# --- grouping runs, and label switching -----------------------------------------------------


def test_runs_that_differ_only_by_the_order_of_their_components_are_one_fit_relabelled(blobs):
    history = fit_start(blobs, 3, init="kmeans", seed=0)
    orders = [np.array([0, 1, 2]), np.array([2, 0, 1]), np.array([1, 0, 2])]
    restarts = compare_restarts(blobs, [("kmeans", 0)] * 3,
                                [relabelled(history, order) for order in orders])
    assert restarts.n_fits == 1
    assert restarts.runs_per_fit == (3,)
    assert restarts.n_label_switched == 2
    best = restarts.best_run.state
    for run, order in zip(restarts, orders, strict=True):
        assert run.same_fit
        # The best run is the first of equals, listed in the original order.
        np.testing.assert_array_equal(order[run.permutation], orders[restarts.best])
        np.testing.assert_allclose(run.state.means[run.permutation], best.means)
    assert [run.label_switched for run in restarts] == [False, True, True]


def test_on_the_stretched_blobs_most_best_fits_are_relabelled_and_the_rest_end_elsewhere(
        restarts):
    best = restarts.best_run
    assert best.log_likelihood == restarts.log_likelihoods.max()    # none collapsed here
    on_best = [run for run in restarts if run.same_fit]
    assert len(on_best) == restarts.runs_per_fit[0] >= 10
    assert restarts.n_label_switched == sum(run.label_switched for run in on_best) >= 3
    for run in on_best:
        # Matched, the same means to well under a unit (the clusters are ~10 apart).
        assert np.max(np.abs(run.state.means[run.permutation] - best.state.means)) < 0.3
        assert run.label_switched == (not np.array_equal(run.permutation, [0, 1, 2]))
    for run in restarts:
        if not run.same_fit:
            assert not run.label_switched
            assert best.log_likelihood - run.log_likelihood > 50      # a clearly worse fit
    # Every 'random' start stops where all three components sit on the whole data.
    assert len({run.fit_index for run in restarts if run.init == "random"}) == 1
    assert sum(restarts.runs_per_fit) == len(restarts)


def test_two_fits_within_the_margin_but_with_other_means_are_not_called_the_same(blobs):
    # From 'random data points', seeds 2 and 3 end on two worse fits 1.5 apart in
    # log-likelihood, well within the margin (0.05 per point, 25 here), with one
    # component stretched over two different pairs of clusters.
    histories = [fit_start(blobs, 3, init="random_from_data", seed=seed) for seed in (2, 3)]
    finals = [history.log_likelihoods[-1] for history in histories]
    assert abs(finals[0] - finals[1]) < 0.05 * len(blobs)
    assert em.log_likelihood_shortfall(min(finals), max(finals), len(blobs)) is None
    restarts = compare_restarts(blobs, [("random_from_data", 2), ("random_from_data", 3)],
                                histories)
    assert restarts.n_fits == 2
    assert not any(run.label_switched for run in restarts)
    assert [run.same_fit for run in restarts] == [run is restarts.best_run for run in restarts]


def test_a_best_fit_and_a_worse_one_are_two_fits(blobs):
    histories = [fit_start(blobs, 3, init="kmeans", seed=0),
                 fit_start(blobs, 3, init="random_from_data", seed=1)]
    restarts = compare_restarts(blobs, [("kmeans", 0), ("random_from_data", 1)], histories,
                                seconds=[0.01, 0.02])
    assert restarts.best == 0
    assert restarts.n_fits == 2 and restarts.runs_per_fit == (1, 1)
    assert restarts[1].fit_index == 1 and not restarts[1].same_fit
    assert restarts.total_seconds == pytest.approx(0.03)


def test_a_collapsed_run_is_not_the_best_even_when_its_likelihood_is_higher():
    # Three clusters, four components: a component left on one data point, held open
    # by reg_covar, scores above a fit that splits a cluster in two (PRML section 9.2.1).
    rng = np.random.default_rng(1)
    centres = np.array([[0.0, 0.0], [8.0, 0.0], [0.0, 8.0]])
    X = np.vstack([rng.normal(size=(60, 2)) + centre for centre in centres])
    sensible = fit_start(X, 4, init="kmeans", seed=0)
    assert gl.collapsed_components(sensible.states[-1], X=X) == []
    start = MixtureState.from_parameters(np.full(4, 0.25), np.vstack([centres, X[5:6]]),
                                         np.stack([np.eye(2)] * 3 + [1e-6 * np.eye(2)]))
    collapsed = gl.run_em(X, start)
    assert gl.collapsed_components(collapsed.states[-1], X=X) == [3]
    assert collapsed.log_likelihoods[-1] > sensible.log_likelihoods[-1]
    restarts = compare_restarts(X, [("mine", 0), ("kmeans", 0)], [collapsed, sensible])
    assert restarts.best == 1
    assert restarts[0].collapsed and not restarts[1].collapsed
    assert not restarts[0].same_fit


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda X, h: compare_restarts(X, [("kmeans", 0)], [h, h]), ValueError,
         r"starts must be a sequence of \(init, seed\) pairs, one per history \(2\)"),
        (lambda X, h: compare_restarts(X, [("kmeans", -1)], [h]), ValueError,
         "a seed in starts must be an integer >= 0"),
        (lambda X, h: compare_restarts(X, [(3, 0)], [h]), TypeError,
         "starts must hold .* init a string"),
        (lambda X, h: compare_restarts(X, [("kmeans", 0)], [h.states[-1]]), TypeError,
         "histories must hold EMHistory objects, got MixtureState"),
        (lambda X, h: compare_restarts(X, [], []), ValueError,
         "histories must hold at least one"),
        (lambda X, h: compare_restarts(X[:100], [("kmeans", 0)], [h]), ValueError,
         r"histories must be fitted to X, of shape \(100, 2\)"),
        (lambda X, h: compare_restarts(X, [("kmeans", 0)], [h], seconds=[-1.0]), ValueError,
         "seconds must hold one non-negative number per history"),
        (lambda X, h: compare_restarts(X, [("kmeans", 0)], [h], margin=-0.1), ValueError,
         "margin must be a non-negative"),
        (lambda X, h: compare_restarts(X, [("kmeans", 0)], [h], mean_distance=np.nan),
         ValueError, "mean_distance must be a non-negative finite number"),
        (lambda X, h: fit_restarts(X, 3, n_starts=0), ValueError,
         "n_starts must be an integer >= 1"),
        (lambda X, h: fit_restarts(X, 3, inits=["kmeans", "kmeans"]), ValueError,
         "inits must be one or more different starts"),
        (lambda X, h: fit_restarts(X, 3, inits=["click"]), ValueError,
         "inits must be one or more different starts"),
        (lambda X, h: fit_restarts(X, 3, random_state=-1), ValueError,
         "random_state must be an integer >= 0"),
        (lambda X, h: fit_restarts(X, 0), ValueError, "n_components must be an integer >= 1"),
        (lambda X, h: fit_restarts(X, 3, covariance_type="round"), ValueError,
         "covariance_type must be one of"),
        (lambda X, h: fit_restarts(X, 3, tol=-1.0), ValueError, "tol must be a non-negative"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(blobs, call, error, message):
    history = fit_start(blobs, 3, init="kmeans", seed=0)
    with pytest.raises(error, match=message):
        call(blobs, history)


def test_histories_with_different_numbers_of_components_are_refused(blobs):
    two, three = (fit_start(blobs, k, init="kmeans", seed=0) for k in (2, 3))
    with pytest.raises(ValueError, match="histories must all have the same number of "
                                         "components, got 2 and 3"):
        compare_restarts(blobs, [("kmeans", 0)] * 2, [two, three])


# --- the view ----------------------------------------------------------------------------


def read_back(artists):
    """{run index: (x, y, mark)} from the three collections of markers."""
    drawn = {}
    for mark in ("same", "switched", "other"):
        for x, y in getattr(artists, mark).get_offsets():
            drawn[int(artists.order[int(round(x))])] = (x, y, mark)
    return drawn


def test_the_view_puts_each_run_at_its_log_likelihood_and_marks_it_for_where_it_ended(
        restarts):
    fig, (ax, iterations) = plt.subplots(2, 1, sharex=True)
    artists = plotting.plot_restarts(restarts, ax=ax, iterations=iterations)
    drawn = read_back(artists)
    assert sorted(drawn) == list(range(len(restarts)))
    for index, run in enumerate(restarts):
        x, y, mark = drawn[index]
        assert y == run.log_likelihood
        assert mark == ("switched" if run.label_switched else
                        "same" if run.same_fit else "other")
    # The best fit first, the best run leftmost, each fit's runs side by side.
    assert artists.order[0] == restarts.best
    fits = [restarts[i].fit_index for i in artists.order]
    assert fits == sorted(fits)
    assert len(artists.switched.get_offsets()) == restarts.n_label_switched > 0
    # Diamonds for the relabelled runs, discs for the others; open discs for other fits.
    assert artists.switched.get_paths()[0] is not artists.same.get_paths()[0]
    assert np.all(artists.other.get_facecolors()[:, :3] == 1.0)
    assert artists.best_line.get_ydata()[0] == restarts.best_run.log_likelihood
    # Every run's iterations, in the same order, and the tick under each names the run.
    heights = [bar.get_height() for bar in artists.bars]
    assert heights == [restarts[i].n_iter for i in artists.order]
    assert [tick.get_text() for tick in iterations.get_xticklabels()] == \
        [str(i) for i in artists.order]
    assert artists.summary.get_text().startswith(
        f"20 runs, {restarts.n_fits} distinct fits\n{restarts.runs_per_fit[0]} on the best "
        f"fit, {restarts.n_label_switched} of them\n")
    legend = [text.get_text() for text in artists.legend.get_texts()]
    assert any(text.startswith("'kmeans' start, median") for text in legend)


def test_the_colours_say_the_start_and_a_run_stopped_early_is_hatched(blobs):
    restarts = fit_restarts(blobs, 3, n_starts=4, inits=["random_from_data", "kmeans"],
                            max_iter=6)
    fig, (ax, iterations) = plt.subplots(2, 1)
    artists = plotting.plot_restarts(restarts, ax=ax, iterations=iterations, legend=False)
    colours = {}
    for mark in ("same", "switched", "other"):
        collection = getattr(artists, mark)
        for (x, _), edge in zip(collection.get_offsets(), collection.get_edgecolors(),
                                strict=True):
            colours.setdefault(restarts[artists.order[int(x)]].init, set()).add(tuple(edge))
    assert len(colours) == 2 and all(len(c) == 1 for c in colours.values())
    assert colours["random_from_data"] != colours["kmeans"]
    for bar, index in zip(artists.bars, artists.order, strict=True):
        assert (bar.get_hatch() == "//") == (not restarts[index].converged)
    assert any(not run.converged for run in restarts)       # 6 iterations is too few
    assert artists.legend is None
    assert iterations.get_xticklabels()[0].get_text() == str(artists.order[0])


def test_ringing_a_run_moves_the_ring_to_it(restarts):
    artists = plotting.plot_restarts(restarts, ax=plt.figure().add_subplot())
    assert len(artists.selected.get_xdata()) == 0
    for index in (0, 7, restarts.best):
        plotting.update_restarts(artists, restarts, index)
        x = int(np.flatnonzero(artists.order == index)[0])
        assert list(artists.selected.get_xdata()) == [x]
        assert list(artists.selected.get_ydata()) == [restarts[index].log_likelihood]
    plotting.update_restarts(artists, restarts, None)
    assert len(artists.selected.get_xdata()) == 0


def test_the_view_refuses_what_is_not_restarts(restarts):
    with pytest.raises(TypeError, match="restarts must be a Restarts"):
        plotting.plot_restarts(list(restarts))
    with pytest.raises(ValueError, match="selected must be a run's index, 0 to 19"):
        plotting.plot_restarts(restarts, selected=20)
