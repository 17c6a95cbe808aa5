"""Hands on the EM explorer, driven from code on the Agg backend: dragging a mean (mouse
events as the canvas gets them, and the keyboard's buttons) starts EM again from the
parameters shown with that mean moved; editing the data fits again from the same start.
"""

import warnings

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

import gmm_lesson as gl
from gmm_lesson import datasets, em
from gmm_lesson.widgets import EMExplorer, _fitting
from gmm_lesson.widgets._hands_on import DRAG_RADIUS_PX, NUDGE_SHARE


@pytest.fixture(scope="module")
def blobs():
    return datasets.stretched_blobs()


@pytest.fixture
def explorer(blobs):
    return EMExplorer(blobs, 3, init="kmeans", random_state=0, label="hands on")


@pytest.fixture
def fits(monkeypatch):
    """Every fit the explorer runs, as the start it ran from (None: scikit-learn's)."""
    calls = []
    real = _fitting.fit_history

    def counted(*args, **kwargs):
        calls.append(kwargs.get("start"))
        return real(*args, **kwargs)

    monkeypatch.setattr(_fitting, "fit_history", counted)
    return calls


def mouse(explorer, name, data_xy):
    """Send the canvas a mouse event at a point given in the data panel's coordinates."""
    explorer.fig.canvas.draw()       # the transforms as the screen shows them
    ax = explorer.data_axes
    if explorer.n_features == 1:
        x, y = ax.get_xaxis_transform().transform([data_xy[0], 0.5])
    else:
        x, y = ax.transData.transform(data_xy)
    MouseEvent(name, explorer.fig.canvas, x, y, button=1)._process()


def drag(explorer, start, path):
    mouse(explorer, "button_press_event", start)
    for point in path:
        mouse(explorer, "motion_notify_event", point)
    mouse(explorer, "button_release_event", path[-1])


# --- moving a mean ---------------------------------------------------------------------


def test_move_mean_starts_again_from_the_state_shown_with_that_mean_moved(explorer):
    explorer.step = 7                                  # the E-step of iteration 4
    shown = explorer.state
    explorer.move_mean(2, [1.5, -4.0])
    start = explorer.history.states[0]
    np.testing.assert_array_equal(start.means[2], [1.5, -4.0])
    np.testing.assert_array_equal(np.delete(start.means, 2, axis=0),
                                  np.delete(shown.means, 2, axis=0))
    np.testing.assert_array_equal(start.weights, shown.weights)
    np.testing.assert_array_equal(start.covariances, shown.covariances)
    assert explorer.step == 0 and explorer.errors == []
    assert ("started again from the parameters after iteration 3, with the mean of "
            "component 2 moved to (1.5, -4)") in explorer.status
    # The replay is EM from that start: the same as running it by hand.
    by_hand = em.run_em(explorer.X, start, tol=1e-3, max_iter=100, reg_covar=1e-6)
    np.testing.assert_allclose(explorer.history.log_likelihoods, by_hand.log_likelihoods)


def test_a_drag_shows_the_mean_moving_without_fitting_and_fits_once_when_let_go(explorer,
                                                                                fits):
    explorer.step = 4
    mean = explorer.state.means[0].copy()
    target = mean + [3.0, 2.0]
    mouse(explorer, "button_press_event", mean + [0.05, 0.0])  # within reach of the mean
    assert explorer.dragging == 0
    for fraction in (0.25, 0.5, 1.0):
        mouse(explorer, "motion_notify_event", mean + fraction * (target - mean))
    moved = explorer._figure.moved
    assert moved.marker.get_visible()
    np.testing.assert_allclose(moved.marker.get_xydata()[0], target, atol=1e-9)
    np.testing.assert_allclose(moved.link.get_xydata(), [mean, target], atol=1e-9)
    # The component's own ellipses, carried to the new place: same shape.
    covariance = explorer.state.covariances[0]
    ring = moved.rings[0].get_xydata()
    np.testing.assert_allclose(ring.mean(axis=0), target, atol=0.05)
    centred = ring - target
    mahalanobis = np.einsum("ni,ij,nj->n", centred, np.linalg.inv(covariance), centred)
    np.testing.assert_allclose(mahalanobis, explorer.radii[0] ** 2, rtol=1e-6)
    assert fits == []                              # nothing fitted while dragging
    mouse(explorer, "button_release_event", target)
    assert len(fits) == 1 and explorer.dragging is None
    np.testing.assert_allclose(explorer.history.states[0].means[0], target, atol=1e-9)
    assert not moved.marker.get_visible() or explorer._figure.moved is not moved
    assert explorer.errors == []


def test_a_press_away_from_every_mean_is_a_click_and_a_click_on_a_mean_too(explorer, fits):
    explorer.step = 2
    means = explorer.state.means
    ax = explorer.data_axes
    explorer.fig.canvas.draw()
    pixels = ax.transData.transform(means)
    far = ax.transData.inverted().transform(pixels[0] + [3 * DRAG_RADIUS_PX, 0])
    mouse(explorer, "button_press_event", far)
    assert explorer.dragging is None
    np.testing.assert_allclose(explorer.point, far)
    near = means[1] + [0.1, -0.1]
    mouse(explorer, "button_press_event", near)
    assert explorer.dragging == 1
    mouse(explorer, "button_release_event", near)   # not moved: a click near the mean
    np.testing.assert_allclose(explorer.point, near)
    assert fits == [] and explorer.errors == []


def test_the_arrow_buttons_move_the_chosen_mean_a_twentieth_of_the_range(explorer, blobs):
    explorer.step = 5
    before = explorer.state.means.copy()
    explorer.controls["mean"].value = 1
    explorer.controls["move_up"].click()
    expected = before[1] + [0.0, NUDGE_SHARE * np.ptp(blobs[:, 1])]
    np.testing.assert_allclose(explorer.history.states[0].means[1], expected)
    explorer.controls["move_left"].click()
    expected = expected - [NUDGE_SHARE * np.ptp(blobs[:, 0]), 0.0]
    np.testing.assert_allclose(explorer.history.states[0].means[1], expected)
    assert explorer.errors == []


def test_the_mean_menu_follows_the_number_of_components(explorer):
    explorer.set_n_components(5)
    assert [value for _, value in explorer.controls["mean"].options] == [0, 1, 2, 3, 4]
    explorer.controls["mean"].value = 4
    explorer.set_n_components(2)
    assert [value for _, value in explorer.controls["mean"].options] == [0, 1]
    assert explorer.controls["mean"].value == 1


@pytest.mark.parametrize("component, mean, message", [
    (3, [0.0, 0.0], "component must be < n_components = 3"),
    (-1, [0.0, 0.0], "component"),
    (0, [0.0], "mean must be 2 finite number"),
    (0, [np.nan, 1.0], "mean must be 2 finite number"),
])
def test_a_bad_move_is_reported_by_name_and_changes_nothing(explorer, component, mean,
                                                            message):
    history = explorer.history
    explorer.move_mean(component, mean)
    assert explorer.history is history
    assert message in str(explorer.errors[-1])


def test_in_1d_a_mean_is_dragged_along_the_axis():
    X = datasets.tutorial_1d()
    explorer = EMExplorer(X, 2, init="kmeans", label="hands on 1d")
    explorer.step = 2
    mean = explorer.state.means[0, 0]
    drag(explorer, [mean], [[mean + 1.0], [mean + 2.0]])
    assert explorer.errors == []
    assert explorer.history.states[0].means[0, 0] == pytest.approx(mean + 2.0)
    assert explorer.controls["move_up"].layout.display == "none"
    explorer.nudge_mean("up")
    assert "direction must be one of ('left', 'right')" in str(explorer.errors[-1])


def test_with_exact_em_a_moved_start_still_never_lowers_the_log_likelihood(blobs):
    explorer = EMExplorer(blobs, 3, init="kmeans", reg_covar=0.0, label="exact")
    rng = np.random.default_rng(0)
    for _ in range(5):
        explorer.step = int(rng.integers(explorer.n_half_steps))
        explorer.move_mean(int(rng.integers(3)), rng.uniform(blobs.min(0), blobs.max(0)))
        assert np.all(np.diff(explorer.history.log_likelihoods) >= -1e-9)
    assert explorer.errors == []


# --- editing the data ------------------------------------------------------------------


def empty_spot(X):
    """A place inside the data's box as far as can be from every point."""
    xs, ys = (np.linspace(low, high, 40) for low, high in zip(X.min(0), X.max(0),
                                                              strict=True))
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    nearest = np.min(np.linalg.norm(grid[:, None] - X[None], axis=-1), axis=1)
    return grid[np.argmax(nearest)]


def test_with_edit_data_on_a_click_adds_a_point_and_a_click_on_a_point_removes_it(explorer,
                                                                                 blobs):
    explorer.editing_data = True
    assert "a click on the data adds a point there" in explorer.status
    spot = empty_spot(blobs)
    mouse(explorer, "button_press_event", spot)
    assert len(explorer.X) == len(blobs) + 1
    np.testing.assert_allclose(explorer.X[-1], spot)
    assert explorer.status.startswith("Point added: now 501 points")
    # The fit is of the new data, from the same start, and what is drawn is its history.
    refit = gl.GaussianMixture(3, init_params="kmeans", random_state=0).fit(explorer.X)
    np.testing.assert_allclose(explorer.history.log_likelihoods, refit.history_.log_likelihoods)
    np.testing.assert_allclose(explorer.artists.log_likelihood.curve.get_ydata(),
                               explorer.history.log_likelihoods)
    mouse(explorer, "button_press_event", blobs[7])
    assert len(explorer.X) == len(blobs)
    assert not np.any(np.all(explorer.X == blobs[7], axis=1))
    explorer.restore_data()
    np.testing.assert_array_equal(explorer.X, blobs)
    assert explorer.status.startswith("Data restored: now 500 points")
    assert explorer.errors == []


def test_points_added_to_data_of_more_features_sit_at_the_mean_of_the_others():
    X = np.random.default_rng(1).normal(size=(60, 3))
    explorer = EMExplorer(X, 2, dims=(0, 2), init="kmeans", label="3 features")
    explorer.add_point(0.3, -0.2)
    np.testing.assert_allclose(explorer.X[-1], [0.3, X[:, 1].mean(), -0.2])


def test_removing_below_k_points_is_refused_with_a_note():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explorer = EMExplorer(X, 3, init="random_from_data", label="tiny")
        explorer.remove_point(0)
    assert len(explorer.X) == 3
    assert "Not removed: EM with K = 3 needs at least 3 points" in explorer.status


def test_set_data_refuses_other_features_by_name(explorer):
    explorer.set_data(np.zeros((10, 3)))
    assert "X must have 2 feature(s)" in str(explorer.errors[-1])
    assert len(explorer.X) == 500


def test_the_data_menu_offers_the_presets_and_fits_the_one_chosen(explorer, blobs):
    menu = explorer.controls["data"]
    assert [label for label, _ in menu.options] == ["the data given", *datasets.PRESETS]
    for name in datasets.PRESETS:
        menu.value = name
        np.testing.assert_array_equal(explorer.X, datasets.preset(name))
        assert explorer.status.startswith(f"Data: {name}: now {len(explorer.X)} points")
        # The figure follows the data: every point inside the data panel's limits.
        (x0, x1), (y0, y1) = explorer.data_axes.get_xlim(), explorer.data_axes.get_ylim()
        assert np.all((explorer.X[:, 0] >= x0) & (explorer.X[:, 0] <= x1))
        assert np.all((explorer.X[:, 1] >= y0) & (explorer.X[:, 1] <= y1))
    menu.value = menu.options[0][1]
    np.testing.assert_array_equal(explorer.X, blobs)
    explorer.use_preset("no such data")
    assert "name must be one of" in str(explorer.errors[-1])
    assert [str(e) for e in explorer.errors[:-1]] == []


def test_1d_explorers_offer_no_presets():
    explorer = EMExplorer(datasets.tutorial_1d(), 2, label="hands on 1d")
    assert explorer.controls["data"].layout.display == "none"
    explorer.use_preset(next(iter(datasets.PRESETS)))
    assert "The preset data sets have two features" in str(explorer.errors[-1])
