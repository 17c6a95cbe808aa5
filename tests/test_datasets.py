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
