"""The view of a Bayesian mixture along its weight prior, read back from its artists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from gmm_lesson import datasets, plotting
from gmm_lesson.bayesian import fit_concentration_path


@pytest.fixture(scope="module")
def faithful():
    return datasets.old_faithful(standardize=True)


@pytest.fixture(scope="module")
def path(faithful):
    return fit_concentration_path(faithful, 6, [1e-3, 1.0, 1e3])


@pytest.fixture
def axes():
    fig, axes = plt.subplots(1, 2, figsize=(9, 4))
    yield axes
    plt.close(fig)


def ellipse_widths(covariance, radius):
    """Full axis lengths of the ellipse at Mahalanobis ``radius``: 2 r sqrt(eigenvalue)."""
    return 2 * radius * np.sqrt(np.linalg.eigvalsh(covariance))


def test_the_ellipses_are_each_components_at_the_radii(faithful, path, axes):
    artists = plotting.plot_concentration(faithful, path, 1, axes=axes, radii=(1, 2))
    state = path.states[1]
    np.testing.assert_allclose(artists.means.get_offsets(), state.means)
    np.testing.assert_allclose(artists.points.get_offsets(), faithful)
    for k, ring in enumerate(artists.ellipses):
        for ellipse, radius in zip(ring, (1, 2), strict=True):
            np.testing.assert_allclose(ellipse.center, state.means[k])
            np.testing.assert_allclose(sorted([ellipse.width, ellipse.height]),
                                       ellipse_widths(state.covariances[k], radius),
                                       rtol=1e-9)


def test_components_below_the_threshold_are_faint_and_dashed(faithful, path, axes):
    artists = plotting.plot_concentration(faithful, path, 0, axes=axes)
    used = path.weights[0] > 0.01
    assert 0 < used.sum() < 6     # both kinds are drawn
    for k, ring in enumerate(artists.ellipses):
        style = ring[0].get_linestyle()
        assert (style == "solid") == bool(used[k]), (k, style)
        assert (ring[0].get_alpha() <= 0.3) == (not used[k])
    for bar, weight in zip(artists.bars, path.weights[0], strict=True):
        assert (bar.get_hatch() is None) == (weight > 0.01)


def test_the_bars_are_the_weights_on_a_log_axis_from_the_floor(faithful, path, axes):
    artists = plotting.plot_concentration(faithful, path, 2, axes=axes, floor=1e-6)
    assert axes[1].get_yscale() == "log"
    tops = np.array([bar.get_y() + bar.get_height() for bar in artists.bars])
    np.testing.assert_allclose(tops, np.maximum(path.weights[2], 1e-6), rtol=1e-12)
    assert artists.threshold_line.get_ydata()[0] == 0.01
    texts = [t.get_text() for t in artists.bar_labels]
    order = np.argsort(path.weights[2])[::-1]
    assert texts[order[0]] == f"{path.weights[2][order[0]]:.2f}"


def test_the_title_names_the_prior_and_the_components_used(faithful, path, axes):
    artists = plotting.plot_concentration(faithful, path, 0, axes=axes)
    used = int(np.sum(path.weights[0] > 0.01))
    assert artists.title.get_text() == ("weight_concentration_prior = 0.001\n"
                                        f"{used} of 6 components above weight 0.01")
    plotting.update_concentration(artists, path, 2)
    assert artists.title.get_text().startswith("weight_concentration_prior = 1000\n")


def test_update_moves_the_same_artists_to_another_fit(faithful, path, axes):
    artists = plotting.plot_concentration(faithful, path, 0, axes=axes)
    before = (artists.ellipses[0][0], artists.bars.patches[0], artists.means)
    n_patches = len(axes[0].patches)
    plotting.update_concentration(artists, path, 2)
    assert (artists.ellipses[0][0], artists.bars.patches[0], artists.means) == before
    assert len(axes[0].patches) == n_patches
    np.testing.assert_allclose(artists.means.get_offsets(), path.states[2].means)
    tops = np.array([bar.get_y() + bar.get_height() for bar in artists.bars])
    np.testing.assert_allclose(tops, np.maximum(path.weights[2], artists.floor))
    # The small weights differ by orders of magnitude between the two ends.
    assert path.weights[2].min() > 100 * max(path.weights[0].min(), 1e-6)


def test_a_small_weight_is_written_below_the_floor(faithful, path, axes):
    artists = plotting.plot_concentration(faithful, path, 0, axes=axes, floor=1e-4)
    k = int(np.argmin(path.weights[0]))
    assert path.weights[0][k] < 1e-4
    assert artists.bar_labels[k].get_text() == "<1e-4"


def test_the_prior_is_written_plainly():
    assert [plotting.format_prior(p) for p in (1e-3, 10**-2.5, 1.0, 10**0.5, 1e3)] == \
        ["0.001", "0.00316", "1", "3.16", "1000"]


@pytest.mark.parametrize("call, error, words", [
    (lambda X, p: plotting.plot_concentration(X, "path", 0), TypeError, "path"),
    (lambda X, p: plotting.plot_concentration(X, p, 3), ValueError, "index"),
    (lambda X, p: plotting.plot_concentration(X, p, -1), ValueError, "index"),
    (lambda X, p: plotting.plot_concentration(X[:, :1], p, 0), ValueError, "features"),
    (lambda X, p: plotting.plot_concentration(X, p, 0, threshold=2), ValueError, "threshold"),
    (lambda X, p: plotting.plot_concentration(X, p, 0, floor=0), ValueError, "floor"),
])
def test_bad_input_is_named(faithful, path, axes, call, error, words):
    with pytest.raises(error, match=words):
        call(faithful, path)


def test_update_refuses_a_path_of_another_size(faithful, path, axes):
    artists = plotting.plot_concentration(faithful, path, 0, axes=axes)
    other = fit_concentration_path(faithful, 3, [1.0])
    with pytest.raises(ValueError, match="drawn for 6 components, the path has 3"):
        plotting.update_concentration(artists, other, 0)


def test_an_unused_component_is_drawn_where_its_prior_puts_it(faithful, path, axes):
    # scikit-learn's defaults: mean_prior the data's mean, covariance_prior the data's
    # covariance, degrees_of_freedom_prior n_features (2): a component with no data keeps
    # the mean and covariance / 2.
    artists = plotting.plot_concentration(faithful, path, 0, axes=axes, radii=(1,))
    k = int(np.argmin(path.weights[0]))
    assert path.weights[0][k] < 1e-6
    np.testing.assert_allclose(artists.ellipses[k][0].center, faithful.mean(axis=0),
                               atol=1e-12)
    np.testing.assert_allclose(sorted([artists.ellipses[k][0].width,
                                       artists.ellipses[k][0].height]),
                               ellipse_widths(np.cov(faithful.T) / 2, 1.0), rtol=1e-6)
