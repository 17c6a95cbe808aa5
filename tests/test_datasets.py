"""Facts about the lesson's data sets."""

from importlib import resources
from itertools import combinations, permutations

import numpy as np
import pytest
from scipy.stats import norm

from gmm_lesson import datasets

BLOB_MAKERS = [
    pytest.param(datasets.stretched_blobs, 500, 3, id="stretched_blobs"),
    pytest.param(datasets.five_blobs, 1000, 5, id="five_blobs"),
]


def n_mislabelled(labels_true, labels_pred, n_clusters):
    """Points on the wrong side under the best matching of cluster names."""
    counts = np.zeros((n_clusters, n_clusters), dtype=int)
    np.add.at(counts, (labels_true, labels_pred), 1)
    best = max(
        counts[np.arange(n_clusters), list(perm)].sum()
        for perm in permutations(range(n_clusters))
    )
    return len(labels_true) - best


# --- tutorial_1d -----------------------------------------------------------


def test_tutorial_1d_is_a_float_column_of_60_points():
    X = datasets.tutorial_1d()
    assert X.shape == (60, 1)
    assert X.dtype == np.float64
    assert np.all(np.isfinite(X))


def test_tutorial_1d_is_the_seed_tutorials_stream():
    # The tutorial's own recipe, on the global legacy stream.
    saved = np.random.get_state()
    try:
        np.random.seed(0)
        base = np.linspace(-5, 5, num=20)
        x0 = base * np.random.rand(len(base)) + 10
        x1 = base * np.random.rand(len(base)) - 10
        x2 = base * np.random.rand(len(base))
    finally:
        np.random.set_state(saved)
    expected = np.stack((x0, x1, x2)).flatten()
    np.testing.assert_array_equal(datasets.tutorial_1d()[:, 0], expected)
    # First point: -5 * 0.5488135 + 10, the first draw of seed 0.
    assert datasets.tutorial_1d()[0, 0] == pytest.approx(7.25593248)


def test_tutorial_1d_clusters_sit_at_plus_offset_minus_offset_and_zero():
    X = datasets.tutorial_1d(offset=4.0)[:, 0]
    reference = datasets.tutorial_1d(offset=0.0)[:, 0]
    np.testing.assert_allclose(X - reference, np.repeat([4.0, -4.0, 0.0], 20))
    for block, centre in zip(np.split(datasets.tutorial_1d()[:, 0], 3), [10, -10, 0], strict=True):
        assert np.all(np.abs(block - centre) <= 5)


def test_tutorial_1d_is_deterministic_and_leaves_the_global_stream_alone():
    np.random.seed(123)
    expected_next = np.random.rand()
    np.random.seed(123)
    first = datasets.tutorial_1d()
    assert np.random.rand() == expected_next
    np.testing.assert_array_equal(first, datasets.tutorial_1d())


# --- blobs -------------------------------------------------------------------


@pytest.mark.parametrize(("make", "n_samples", "n_centers"), BLOB_MAKERS)
def test_blobs_shapes_dtypes_and_labels(make, n_samples, n_centers):
    X, labels = make(return_labels=True)
    assert X.shape == (n_samples, 2)
    assert X.dtype == np.float64
    assert np.all(np.isfinite(X))
    assert labels.shape == (n_samples,)
    assert np.issubdtype(labels.dtype, np.integer)
    assert set(np.unique(labels)) == set(range(n_centers))
    np.testing.assert_array_equal(make(), X)


@pytest.mark.parametrize(("make", "n_samples", "n_centers"), BLOB_MAKERS)
def test_blobs_are_deterministic_and_seeded(make, n_samples, n_centers):
    X1, y1 = make(return_labels=True)
    X2, y2 = make(return_labels=True)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(make(random_state=1), make(random_state=2))


def test_blob_sizes_are_as_even_as_possible():
    _, labels = datasets.stretched_blobs(n_samples=502, n_centers=4, return_labels=True)
    assert sorted(np.bincount(labels)) == [125, 125, 126, 126]
    _, labels = datasets.five_blobs(n_samples=1000, return_labels=True)
    np.testing.assert_array_equal(np.bincount(labels), [200] * 5)


def test_blobs_are_shuffled_so_a_slice_holds_every_cluster():
    _, labels = datasets.stretched_blobs(return_labels=True)
    assert set(labels[:50]) == {0, 1, 2}


def test_stretch_is_the_tutorials_matrix():
    np.testing.assert_array_equal(datasets._STRETCH, np.random.RandomState(0).randn(2, 2))
    np.testing.assert_allclose(
        datasets._STRETCH, [[1.76405235, 0.40015721], [0.97873798, 2.2408932]], rtol=1e-8
    )


@pytest.mark.parametrize(("make", "n_samples", "n_centers"), BLOB_MAKERS)
def test_unstretched_blobs_are_round_with_centres_in_the_box(make, n_samples, n_centers):
    X, labels = make(return_labels=True, cluster_std=0.8)
    round_X = X @ np.linalg.inv(datasets._STRETCH)
    for k in range(n_centers):
        members = round_X[labels == k]
        assert np.all(np.abs(members.mean(axis=0)) < 10)
        # Isotropic with std 0.8: covariance close to 0.64 * identity.
        np.testing.assert_allclose(np.cov(members.T), 0.64 * np.eye(2), atol=0.2)


def test_each_stretched_cluster_is_an_ellipse_about_twice_as_long_as_wide():
    X, labels = datasets.stretched_blobs(return_labels=True)
    for k in range(3):
        variances = np.linalg.eigvalsh(np.cov(X[labels == k].T))
        assert 1.7 < np.sqrt(variances[1] / variances[0]) < 2.6


def test_default_stretched_blobs_fool_k_means_but_not_a_mixture():
    # What notebook 01 shows: the clusters are recoverable (a Gaussian mixture
    # gets close to the labels), but k-means with its round clusters cuts them
    # in the wrong places.
    from sklearn.cluster import KMeans
    from sklearn.mixture import GaussianMixture

    X, labels = datasets.stretched_blobs(return_labels=True)
    kmeans = KMeans(n_clusters=3, n_init=10, random_state=0).fit_predict(X)
    mixture = GaussianMixture(n_components=3, n_init=3, random_state=0).fit_predict(X)
    wrong_kmeans = n_mislabelled(labels, kmeans, 3)
    wrong_mixture = n_mislabelled(labels, mixture, 3)
    assert wrong_kmeans >= 30
    assert wrong_mixture <= 20
    assert wrong_mixture <= wrong_kmeans / 2


def test_default_five_blobs_are_clearly_apart():
    X, labels = datasets.five_blobs(return_labels=True)
    means = np.array([X[labels == k].mean(axis=0) for k in range(5)])
    pooled = sum(np.cov(X[labels == k].T) for k in range(5)) / 5
    precision = np.linalg.inv(pooled)
    distances = [
        np.sqrt((means[i] - means[j]) @ precision @ (means[i] - means[j]))
        for i, j in combinations(range(5), 2)
    ]
    # Eight standard deviations between the closest centres: no visible overlap.
    assert min(distances) > 8


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"n_centers": 0}, "n_centers"),
        ({"n_samples": 2, "n_centers": 3}, "n_samples"),
        ({"cluster_std": -1.0}, "cluster_std"),
    ],
)
def test_blob_arguments_are_checked(kwargs, parameter):
    with pytest.raises(ValueError, match=parameter):
        datasets.stretched_blobs(**kwargs)


# --- Old Faithful ----------------------------------------------------------


def test_old_faithful_has_272_eruptions_in_minutes():
    X = datasets.old_faithful()
    assert X.shape == (272, 2)
    assert X.dtype == np.float64
    assert np.all(np.isfinite(X))
    eruptions_mean, waiting_mean = X.mean(axis=0)
    assert round(eruptions_mean, 3) == 3.488
    assert round(waiting_mean, 2) == 70.90
    assert X[:, 0].min() == 1.6 and X[:, 0].max() == 5.1
    assert X[:, 1].min() == 43 and X[:, 1].max() == 96


def test_old_faithful_columns_match_the_shipped_file():
    assert datasets.OLD_FAITHFUL_COLUMNS == ("eruptions", "waiting")
    source = resources.files("gmm_lesson").joinpath("data", "old_faithful.csv")
    header = source.read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == datasets.OLD_FAITHFUL_COLUMNS


def test_old_faithful_standardized_has_mean_0_and_std_1():
    Z = datasets.old_faithful(standardize=True)
    X = datasets.old_faithful()
    assert Z.shape == (272, 2)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1, rtol=1e-12)
    # Z-scoring keeps the order of the points: same correlation.
    np.testing.assert_allclose(np.corrcoef(Z.T), np.corrcoef(X.T), rtol=1e-12)


def test_old_faithful_loads_from_any_directory_and_returns_a_new_array(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    X = datasets.old_faithful()
    X[:] = 0
    assert datasets.old_faithful().mean(axis=0)[1] == pytest.approx(70.897, abs=1e-3)


# --- Mathematics for Machine Learning, chapter 11 -------------------------


def test_mml_example_shapes_and_start():
    ex = datasets.mml_example()
    assert ex.X.shape == (7, 1)
    np.testing.assert_array_equal(ex.X[:, 0], [-3, -2.5, -1, 0, 2, 4, 5])
    assert ex.weights_init.shape == (3,)
    np.testing.assert_allclose(ex.weights_init, 1 / 3)
    assert ex.means_init.shape == (3, 1)
    np.testing.assert_array_equal(ex.means_init[:, 0], [-4, 0, 8])
    assert ex.covariances_init.shape == (3, 1, 1)
    np.testing.assert_array_equal(ex.covariances_init[:, 0, 0], [1, 0.2, 3])
    for published in (ex.published_weights, ex.published_means, ex.published_variances):
        assert published.shape == (3,)
    assert ex.n_iter == 5
    assert "Mathematics for Machine Learning" in ex.source
    assert "Deisenroth" in ex.source


def test_mml_example_arrays_are_new_on_every_call():
    ex = datasets.mml_example()
    ex.means_init[:] = 99
    assert datasets.mml_example().means_init[0, 0] == -4


def _independent_em_1d(x, weights, means, variances, n_iter):
    """Plain 1D EM with scipy's normal density; returns the log-likelihoods."""

    def log_likelihood(weights, means, variances):
        # scipy's scale is a standard deviation, not a variance.
        dens = weights * norm.pdf(x[:, None], loc=means, scale=np.sqrt(variances))
        return np.sum(np.log(dens.sum(axis=1)))

    history = [log_likelihood(weights, means, variances)]
    for _ in range(n_iter):
        dens = weights * norm.pdf(x[:, None], loc=means, scale=np.sqrt(variances))
        resp = dens / dens.sum(axis=1, keepdims=True)
        counts = resp.sum(axis=0)
        weights = counts / len(x)
        means = resp.T @ x / counts
        variances = (resp * (x[:, None] - means) ** 2).sum(axis=0) / counts
        history.append(log_likelihood(weights, means, variances))
    return weights, means, variances, np.array(history)


def test_mml_example_five_em_iterations_give_the_published_mixture():
    ex = datasets.mml_example()
    weights, means, variances, history = _independent_em_1d(
        ex.X[:, 0],
        ex.weights_init,
        ex.means_init[:, 0],
        ex.covariances_init[:, 0, 0],
        n_iter=ex.n_iter,
    )
    np.testing.assert_allclose(np.round(weights, 2), ex.published_weights, atol=1e-12)
    np.testing.assert_allclose(np.round(means, 2), ex.published_means, atol=1e-12)
    np.testing.assert_allclose(np.round(variances, 2), ex.published_variances, atol=1e-12)
    assert round(history[0], 2) == ex.published_log_likelihood_start == -28.33
    assert round(history[-1], 2) == ex.published_log_likelihood_end == -13.97
    # EM never lowers the log-likelihood.
    assert np.all(np.diff(history) >= -1e-12)


# --- Presets ---------------------------------------------------------------------

PRESET_NAMES = (
    "two overlapping clusters",
    "one far outlier",
    "a ring",
    "a line of duplicates",
    "clusters of very different sizes",
)


def test_presets_are_named_for_a_menu_in_order_with_a_description_and_a_maker():
    assert tuple(datasets.PRESETS) == PRESET_NAMES
    for description, make in datasets.PRESETS.values():
        assert isinstance(description, str) and len(description) > 20
        assert callable(make)
    with pytest.raises(TypeError):
        datasets.PRESETS["mine"] = ("", datasets.noisy_ring)


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_each_preset_is_a_few_hundred_2d_points_the_same_on_every_call(name):
    X = datasets.preset(name)
    assert X.dtype == np.float64
    assert X.ndim == 2 and X.shape[1] == 2
    assert 150 <= X.shape[0] <= 400
    assert np.all(np.isfinite(X))
    np.testing.assert_array_equal(datasets.preset(name), X)
    np.testing.assert_array_equal(datasets.PRESETS[name][1](), X)
    X[:] = 0
    assert np.any(datasets.preset(name) != 0)


@pytest.mark.parametrize("name", ["a Ring", "ring", "", None, 3])
def test_an_unknown_preset_name_is_refused_naming_the_parameter(name):
    with pytest.raises(ValueError, match=r"name must be one of \('two overlapping clusters'"):
        datasets.preset(name)


@pytest.mark.parametrize(
    "make",
    [datasets.overlapping_clusters, datasets.far_outlier, datasets.noisy_ring,
     datasets.line_of_duplicates, datasets.unequal_clusters],
)
def test_presets_change_with_the_seed(make):
    assert not np.allclose(make(random_state=1), make(random_state=2))


def test_overlapping_clusters_overlap_by_about_phi_of_minus_half_the_separation():
    X, labels = datasets.overlapping_clusters(return_labels=True)
    np.testing.assert_array_equal(np.bincount(labels), [150, 150])
    # A point is nearer the other centre when it is on the other side of x = 0.
    nearer_other = np.mean((X[:, 0] > 0) != (labels == 1))
    assert nearer_other == pytest.approx(norm.cdf(-2.5 / 2), abs=0.04)
    assert nearer_other > 0.05
    # Yet they are two clusters: a mixture finds both centres, with memberships split
    # in the middle.
    from sklearn.mixture import GaussianMixture

    fit = GaussianMixture(2, random_state=0).fit(X)
    centres = fit.means_[np.argsort(fit.means_[:, 0])]
    np.testing.assert_allclose(centres, [[-1.25, 0], [1.25, 0]], atol=0.3)
    assert np.mean(fit.predict_proba(X).max(axis=1) < 0.9) > 0.15


def test_overlapping_clusters_separation_moves_the_centres():
    X, labels = datasets.overlapping_clusters(separation=10.0, return_labels=True)
    assert np.all((X[:, 0] > 0) == (labels == 1))


def test_far_outlier_is_the_last_row_and_far_from_every_other_point():
    X, labels = datasets.far_outlier(return_labels=True)
    np.testing.assert_array_equal(np.bincount(labels), [100, 99, 1])
    assert labels[-1] == 2
    np.testing.assert_allclose(X[-1], [9.0, 12.0])
    rest = X[:-1]
    precision = np.linalg.inv(np.cov(rest.T))

    def distance(x):
        return np.sqrt((x - rest.mean(axis=0)) @ precision @ (x - rest.mean(axis=0)))

    # More than 10 standard deviations of the rest, along the way to it; no other
    # point is more than 4.
    assert distance(X[-1]) > 10
    assert max(distance(x) for x in rest) < 4


def test_far_outlier_takes_a_spare_component_alone_and_collapses_it():
    import gmm_lesson as gl

    X = datasets.far_outlier()
    with pytest.warns(gl.CollapseWarning):
        fit = gl.GaussianMixture(3, random_state=0).fit(X)
    k = int(np.argmax(fit.predict_proba(X[-1:])[0]))
    assert fit.collapsed_components_ == [k]
    assert len(X) * fit.weights_[k] == pytest.approx(1.0, abs=1e-3)


def test_noisy_ring_has_the_radius_and_spread_asked_for_and_an_empty_middle():
    X = datasets.noisy_ring()
    radii = np.hypot(X[:, 0], X[:, 1])
    assert radii.mean() == pytest.approx(4.0, abs=0.05)
    assert radii.std() == pytest.approx(0.3, abs=0.03)
    assert radii.min() > 4.0 - 5 * 0.3
    wide = np.hypot(*datasets.noisy_ring(radius=10.0, noise=1.0).T)
    assert wide.mean() == pytest.approx(10.0, abs=0.2)
    assert wide.std() == pytest.approx(1.0, abs=0.1)


def test_noisy_ring_defeats_one_gaussian_and_needs_many_components():
    from sklearn.mixture import GaussianMixture

    X = datasets.noisy_ring()
    one = GaussianMixture(1).fit(X)
    # The single Gaussian's peak, its mean, is where no data is.
    assert np.hypot(*(X - one.means_[0]).T).min() > 2.5
    # BIC, which charges for every parameter, still prefers six components to three.
    bic = {k: GaussianMixture(k, init_params="k-means++", n_init=3, random_state=0).fit(X).bic(X)
           for k in (1, 2, 3, 6)}
    assert bic[6] < min(bic[1], bic[2], bic[3]) - 100


def test_line_of_duplicates_is_exactly_on_a_line_with_repeated_points():
    X, labels = datasets.line_of_duplicates(return_labels=True)
    line = X[labels == 1]
    assert X.shape == (240, 2) and line.shape == (40, 2)
    np.testing.assert_array_equal(line[:, 1], line[:, 0] / 2 - 1)   # exactly, not to rounding
    positions, counts = np.unique(line, axis=0, return_counts=True)
    assert len(positions) == 10 and np.all(counts == 4)
    np.testing.assert_array_equal(positions[:, 0], np.arange(-2.25, 2.3, 0.5))
    # The line's own covariance is singular: nothing across the line.
    assert np.linalg.eigvalsh(np.cov(line.T))[0] == pytest.approx(0, abs=1e-15)


def test_line_of_duplicates_makes_a_fit_without_reg_covar_fail():
    from sklearn.mixture import GaussianMixture

    import gmm_lesson as gl

    X = datasets.line_of_duplicates()
    with pytest.raises(gl.CollapseError, match="not positive definite"):
        gl.GaussianMixture(2, reg_covar=0.0, random_state=0).fit(X)
    with pytest.raises(ValueError, match="ill-defined empirical covariance"):
        GaussianMixture(2, reg_covar=0.0, random_state=0).fit(X)
    # With the floor, the component on the line is held open by it alone.
    with pytest.warns(gl.CollapseWarning):
        fit = gl.GaussianMixture(2, random_state=0).fit(X)
    k = int(np.argmin(fit.weights_))
    assert fit.collapsed_components_ == [k]
    assert fit.weights_[k] == pytest.approx(40 / 240, abs=1e-4)
    assert np.linalg.eigvalsh(fit.covariances_[k])[0] == pytest.approx(1e-6, rel=1e-3)


def test_unequal_clusters_have_the_sizes_and_spreads_asked_for():
    X, labels = datasets.unequal_clusters(return_labels=True)
    np.testing.assert_array_equal(np.bincount(labels), [300, 20])
    np.testing.assert_allclose(X[labels == 0].std(axis=0), 1.5, rtol=0.1)
    np.testing.assert_allclose(X[labels == 1].std(axis=0), 0.3, rtol=0.2)
    np.testing.assert_allclose(X[labels == 1].mean(axis=0), [4, 3], atol=0.2)
    X, labels = datasets.unequal_clusters(n_samples=(50, 7), cluster_std=(1.0, 0.1),
                                          return_labels=True)
    np.testing.assert_array_equal(np.bincount(labels), [50, 7])


def test_unequal_clusters_small_one_is_found_from_some_starts_and_missed_from_others():
    from sklearn.mixture import GaussianMixture

    X = datasets.unequal_clusters()
    found = GaussianMixture(2, init_params="random_from_data", random_state=4).fit(X)
    small = int(np.argmin(found.weights_))
    assert found.weights_[small] == pytest.approx(20 / 320, abs=0.005)
    np.testing.assert_allclose(found.means_[small], [4, 3], atol=0.1)
    # The default k-means start splits the large cluster instead, and stops lower.
    missed = GaussianMixture(2, random_state=0).fit(X)
    assert missed.weights_.min() > 0.1
    assert missed.score(X) < found.score(X) - 0.03


@pytest.mark.parametrize(
    ("make", "kwargs", "parameter"),
    [
        (datasets.overlapping_clusters, {"n_samples": 1}, "n_samples"),
        (datasets.overlapping_clusters, {"n_samples": 10.5}, "n_samples"),
        (datasets.overlapping_clusters, {"separation": 0.0}, "separation"),
        (datasets.far_outlier, {"n_samples": 2}, "n_samples"),
        (datasets.far_outlier, {"distance": -1.0}, "distance"),
        (datasets.noisy_ring, {"n_samples": 0}, "n_samples"),
        (datasets.noisy_ring, {"radius": np.inf}, "radius"),
        (datasets.noisy_ring, {"noise": 0}, "noise"),
        (datasets.line_of_duplicates, {"n_cloud": 0}, "n_cloud"),
        (datasets.line_of_duplicates, {"n_positions": 1}, "n_positions"),
        (datasets.line_of_duplicates, {"n_repeats": True}, "n_repeats"),
        (datasets.unequal_clusters, {"n_samples": 300}, "n_samples"),
        (datasets.unequal_clusters, {"n_samples": (300, 0)}, "n_samples"),
        (datasets.unequal_clusters, {"cluster_std": (1.0, -0.3)}, "cluster_std"),
        (datasets.unequal_clusters, {"cluster_std": (1.0, 0.3, 2.0)}, "cluster_std"),
    ],
)
def test_preset_arguments_are_checked(make, kwargs, parameter):
    with pytest.raises(ValueError, match=parameter):
        make(**kwargs)
