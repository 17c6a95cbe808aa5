"""The explorers, driven from code on the Agg backend: what a learner would see.

ipywidgets works without a kernel, so setting a control's value runs the same
callbacks a browser would; the assertions read the matplotlib artists back.
"""

import html
import io
import re
from html.parser import HTMLParser

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

from gmm_lesson import datasets, mixture, plotting
from gmm_lesson.gaussian import ellipse_geometry
from gmm_lesson.widgets import CovariancePlayground, EMExplorer
from gmm_lesson.widgets.playground import MINOR_KEPT_SHORTER


@pytest.fixture(scope="module")
def blobs():
    return datasets.stretched_blobs()


@pytest.fixture
def explorer(blobs):
    return EMExplorer(blobs, 3, init="k-means++", random_state=0)


def ellipse_centres(explorer):
    """Centre of each component's innermost ellipse, shape (K, 2)."""
    return np.array([ring[0].get_center() for ring in explorer.artists.view.after.ellipses])


# --- stepping through the recorded history ----------------------------------------------


def test_the_first_step_forward_is_the_e_step_of_iteration_1(explorer):
    assert explorer.step == 0
    assert explorer.title.startswith("Start")
    explorer.step_forward()
    assert explorer.step == 1
    assert "Iteration 1" in explorer.title
    assert "E-step" in explorer.title
    explorer.step_forward()
    assert "Iteration 1" in explorer.title
    assert "M-step" in explorer.title
    assert explorer.errors == []


def test_after_the_first_m_step_the_ellipses_sit_on_the_new_means(explorer):
    history = explorer.history
    explorer.step_forward()
    # The E-step recolours the points but leaves the ellipses where they started.
    np.testing.assert_allclose(ellipse_centres(explorer), history.states[0].means, atol=1e-12)
    explorer.step_forward()
    np.testing.assert_allclose(ellipse_centres(explorer), history.states[1].means, atol=1e-12)
    means = explorer.artists.view.after.means.get_offsets()
    np.testing.assert_allclose(means, history.states[1].means, atol=1e-12)


def test_the_log_likelihood_marker_sits_on_the_state_shown(explorer):
    history = explorer.history
    marker = explorer.artists.log_likelihood.marker
    for index in (2, 5, history.n_half_steps - 1):
        explorer.step = index
        shown = history.half_step(index).params
        assert marker.get_xdata()[0] == shown
        assert marker.get_ydata()[0] == pytest.approx(history.log_likelihoods[shown],
                                                      rel=1e-12)


def test_the_points_take_the_colours_of_the_e_step_responsibilities(explorer, blobs):
    explorer.step = 3  # E-step of iteration 2: colours from state 1
    expected = plotting.blend_colors(explorer.history.states[1].responsibilities(blobs))
    np.testing.assert_allclose(explorer.artists.view.after.points.get_facecolors(), expected)


def test_slider_play_and_step_stay_in_sync(explorer):
    explorer.controls["half_step"].value = 4
    assert explorer.step == 4
    assert explorer.controls["timer"].value == 4
    assert "Iteration 2" in explorer.title
    explorer.controls["timer"].value = 6  # what the browser's Play widget does on each tick
    assert explorer.step == 6
    assert explorer.controls["half_step"].value == 6
    assert "Iteration 3" in explorer.title and "M-step" in explorer.title
    assert explorer.controls["half_step"].max == explorer.history.n_half_steps - 1


def test_stepping_past_either_end_clamps_and_says_so(explorer):
    last = explorer.history.n_half_steps - 1
    explorer.step_back()
    assert explorer.step == 0
    assert "start" in explorer.status
    explorer.step = last
    explorer.step_forward()
    explorer.step_forward()
    assert explorer.step == last
    assert "last half-step" in explorer.status
    explorer.step = last + 50
    assert explorer.step == last
    assert f"Half-steps run from 0 to {last}" in explorer.status
    explorer.step = -3
    assert explorer.step == 0
    assert "showing 0" in explorer.status
    assert explorer.errors == []


def test_moving_through_the_history_never_refits(explorer, monkeypatch):
    def no_fit(*args, **kwargs):
        raise AssertionError("the explorer refitted while replaying")

    monkeypatch.setattr(mixture.GaussianMixture, "fit", no_fit)
    history = explorer.history
    for index in range(history.n_half_steps):
        explorer.step = index
    explorer.reset()
    explorer.step_forward()
    assert explorer.history is history
    assert explorer.errors == []


def test_reset_returns_to_the_start_and_pauses(explorer):
    explorer.step = 7
    explorer.play()
    explorer.reset()
    assert explorer.step == 0
    assert not explorer.playing
    assert explorer.title.startswith("Start")


def test_the_play_button_is_named_for_what_it_does_and_follows_the_player(explorer):
    button = explorer.controls["play"]
    assert (button.description, button.icon) == ("Play", "play") and button.tooltip
    assert explorer.controls["timer"].layout.display == "none"  # the browser's timer, kept hidden
    button.value = True
    assert explorer.playing and (button.description, button.icon) == ("Pause", "pause")
    explorer.controls["timer"].value = 3         # the timer ticks...
    explorer.controls["timer"].playing = False   # ...and stops at the last half-step
    assert not button.value and button.description == "Play"
    assert explorer.step == 3
    explorer.play()
    assert button.value and button.description == "Pause"
    button.value = False
    assert not explorer.playing


def test_pressing_play_twice_is_harmless(explorer):
    explorer.step = 3
    explorer.play()
    explorer.play()
    assert explorer.playing
    assert explorer.step == 3
    explorer.pause()
    assert not explorer.playing
    assert explorer.errors == []


def test_changing_k_while_playing_refits_with_that_many_components(explorer):
    explorer.play()
    explorer.step = 5
    explorer.set_n_components(4)
    assert explorer.history.states[0].n_components == 4
    assert len(explorer.artists.view.after.ellipses) == 4
    assert explorer.step == 0
    assert explorer.controls["half_step"].max == explorer.history.n_half_steps - 1
    assert not explorer.playing
    explorer.step = 2
    np.testing.assert_allclose(ellipse_centres(explorer), explorer.history.states[1].means,
                               atol=1e-12)
    assert explorer.errors == []


def test_a_new_seed_gives_a_different_start(explorer):
    before = explorer.history.states[0].means.copy()
    explorer.reinitialise(seed=1)
    after = explorer.history.states[0].means
    assert explorer.seed == 1
    assert not np.allclose(np.sort(before, axis=0), np.sort(after, axis=0))
    explorer.reinitialise(init="random")
    assert explorer.controls["start"].value == "random"
    assert "random" in explorer.status
    assert explorer.errors == []


def test_the_start_dropdown_refits(explorer):
    explorer.controls["start"].value = "kmeans"
    assert explorer.init == "kmeans"
    assert explorer.step == 0
    assert "k-means" in explorer.status


# --- a student's clicking: collapse, failures, errors -------------------------------------


def test_a_collapsing_start_is_reported_not_raised():
    X = datasets.stretched_blobs(n_samples=30)
    explorer = EMExplorer(X, 8, init="random_from_data", random_state=0)
    assert explorer.history is not None
    assert "Collapse" in explorer.status and "collapsed" in explorer.status
    explorer.step = explorer.history.n_half_steps - 1
    assert "collapsed onto" in explorer.status  # the note for the state shown
    assert explorer.errors == []


def test_an_engine_error_shows_a_message_and_keeps_the_last_fit():
    X = datasets.stretched_blobs(n_samples=30)
    explorer = EMExplorer(X, 3, init="random_from_data", reg_covar=0.0)
    assert explorer.history is None
    assert "Could not fit" in explorer.status and "positive definite" in explorer.status
    explorer.step_forward()  # nothing to step through: a note, not an exception
    assert "no fit" in explorer.status.lower()

    explorer.fit_params["reg_covar"] = 1e-6
    explorer.reinitialise(seed=0, init="kmeans")
    fitted = explorer.history
    assert fitted is not None
    explorer.fit_params["reg_covar"] = 0.0
    explorer.set_n_components(8)
    assert "Could not fit K = 8" in explorer.status
    assert explorer.history is fitted
    assert explorer.controls["n_components"].value == 3
    assert explorer.errors == []


def test_em_breaking_down_part_way_is_replayed_up_to_the_collapse():
    # Without reg_covar, one component of this start shrinks onto two points until its
    # covariance is singular at iteration 17: the engine stops with a CollapseError.
    X = datasets.stretched_blobs(n_samples=12)
    explorer = EMExplorer(X, 3, init="kmeans", random_state=1, reg_covar=0.0)
    assert explorer.history is not None and explorer.history.n_iter == 16
    assert "Collapse: EM stopped" in explorer.status
    assert "not positive definite" in explorer.status
    explorer.step = explorer.n_half_steps - 1
    assert "Iteration 16" in explorer.title
    log_likelihoods = explorer.history.log_likelihoods
    assert log_likelihoods[-1] - log_likelihoods[-2] > 1.0  # running away, not settling
    assert explorer.errors == []


def test_an_error_inside_a_callback_goes_to_the_status_line(explorer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(plotting, "update_em_step", broken)
    explorer.controls["half_step"].value = 2  # a browser-side change: the observer raises inside
    assert "RuntimeError: drawing failed" in explorer.status
    assert len(explorer.errors) == 1
    assert explorer.outputs["error_log"].layout.display is None  # the log is shown


# --- a point's membership -----------------------------------------------------------------


def test_a_click_shows_the_membership_under_the_state_shown(explorer):
    explorer.step = 4
    explorer.click(-5.0, -10.0)
    probabilities = explorer.membership
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    expected = explorer.history.states[2].responsibilities([[-5.0, -10.0]])[0]
    np.testing.assert_allclose(probabilities, expected, rtol=1e-12)
    assert explorer.artists is not None
    assert list(explorer.point_marker.get_xydata()[0]) == [-5.0, -10.0]
    for k, p in enumerate(expected):
        assert f"p(component {k} | point) = {p:.3f}" in explorer.membership_text
    # The same point, another step: recomputed for the parameters now shown.
    explorer.step = explorer.history.n_half_steps - 1
    expected = explorer.history.states[-1].responsibilities([[-5.0, -10.0]])[0]
    np.testing.assert_allclose(explorer.membership, expected, rtol=1e-12)
    assert f"{expected.max():.1%}" in explorer.outputs["membership"].value


def test_a_mouse_click_on_the_data_takes_the_same_path(explorer):
    ax = explorer.artists.view.after.points.axes
    explorer.fig.canvas.draw()
    x_pixel, y_pixel = ax.transData.transform((2.0, -8.0))
    MouseEvent("button_press_event", explorer.fig.canvas, x_pixel, y_pixel, button=1)._process()
    np.testing.assert_allclose(explorer.point, [2.0, -8.0], atol=1e-6)
    assert explorer.membership.sum() == pytest.approx(1.0)


def test_typed_coordinates_and_the_button_give_the_same_membership(explorer):
    explorer.controls["x"].value = "0"
    explorer.controls["y"].value = " -12.0 "
    explorer.controls["membership"].click()
    expected = explorer.state.responsibilities([[0.0, -12.0]])[0]
    np.testing.assert_allclose(explorer.membership, expected, rtol=1e-12)


@pytest.mark.parametrize("typed", ["", "twelve", "1,5", "nan", "inf", "1e999", "--1"])
def test_whatever_is_typed_in_the_point_boxes_is_answered_not_raised(explorer, typed):
    explorer.controls["x"].value = typed
    explorer.controls["y"].value = "-12"
    explorer.controls["membership"].click()
    assert explorer.membership is None
    assert "Give the point's coordinates as numbers." in explorer.status
    assert explorer.errors == []


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
def test_clicked_means_start_em_as_the_status_line_says(blobs, covariance_type):
    explorer = EMExplorer(blobs, 3, init="click", covariance_type=covariance_type)
    assert explorer.history is None
    assert "Click 3 point(s)" in explorer.status
    assert ("EM starts from them with equal weights, and with every component as spread "
            "out as all the data together." in explorer.status)
    explorer.step_forward()
    assert "Place the means first" in explorer.status
    clicks = [(-15.0, -12.0), (-3.0, -10.0), (8.0, -6.0)]
    for x, y in clicks:
        explorer.click(x, y)
    assert explorer.history is not None
    start = explorer.history.states[0]
    np.testing.assert_allclose(start.means, clicks)
    np.testing.assert_allclose(start.weights, 1 / 3)
    # Every component: the covariance of all the data (as the one-component M-step has
    # it, plus reg_covar), seen through the covariance type.
    spread = np.cov(blobs.T, bias=True) + 1e-6 * np.eye(2)
    expected = {"full": spread, "tied": spread, "diag": np.diag(np.diag(spread)),
                "spherical": np.mean(np.diag(spread)) * np.eye(2)}[covariance_type]
    for covariance in start.full_covariances():
        np.testing.assert_allclose(covariance, expected, rtol=1e-10)
    assert caption_text(explorer).count("weight 0.33") == 3
    assert explorer.errors == []


def test_placing_means_empties_the_point_boxes(explorer):
    explorer.click(-5.0, -10.0)
    assert (explorer.controls["x"].value, explorer.controls["y"].value) == ("-5", "-10")
    explorer.reinitialise(init="click")
    assert explorer.membership is None
    assert (explorer.controls["x"].value, explorer.controls["y"].value) == ("", "")


# --- figures and display --------------------------------------------------------------------


def test_re_creating_an_explorer_does_not_pile_up_figures(blobs):
    # A re-run cell makes a new explorer with the same label: the old one's figure
    # and controls are closed, and nothing is left registered with pyplot.
    count = len(plt.get_fignums())
    first, first_playground = EMExplorer(blobs, 3), CovariancePlayground()
    assert first.widget.comm is not None
    second, second_playground = EMExplorer(blobs, 3), CovariancePlayground()
    assert first.widget.comm is None and first_playground.widget.comm is None
    assert second.widget.comm is not None and second_playground.widget.comm is not None
    for k in (3, 4, 5):
        second.set_n_components(k)
    assert len(plt.get_fignums()) == count


@pytest.mark.parametrize("data", ["2D", "1D"])
def test_a_blitted_step_draws_exactly_what_a_full_redraw_does(blobs, data):
    # The 1D data converges in 3 iterations from k-means++: a random start runs longer.
    X, init = (blobs, "k-means++") if data == "2D" else (datasets.tutorial_1d(), "random")
    blitting = EMExplorer(X, 3, init=init, label="blitting")
    reference = EMExplorer(X, 3, init=init, label="full redraws", blit=False)
    last = blitting.history.n_half_steps - 1
    # Forward, back and forward again, so that saved pictures of the points and the
    # legend are reused; then a point whose membership is shown.
    for index in (1, 2, 5, last, 4, 2, 1, 0, 1, 2):
        blitting.step = index
        reference.step = index
        reference.fig.canvas.draw()
        blitted = np.asarray(blitting.fig.canvas.buffer_rgba())
        assert np.array_equal(blitted, np.asarray(reference.fig.canvas.buffer_rgba())), index
    for explorer in (blitting, reference):
        explorer.click(-5.0, -10.0) if data == "2D" else explorer.click(2.0)
    reference.fig.canvas.draw()
    assert np.array_equal(np.asarray(blitting.fig.canvas.buffer_rgba()),
                          np.asarray(reference.fig.canvas.buffer_rgba()))
    assert blitting.blitter.background is not None  # the frames were blitted
    assert reference.blitter is None


def test_the_explorer_displays_as_its_widget(explorer):
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == explorer.widget.model_id
    assert "K=3" in bundle["text/plain"]
    buttons = [explorer.controls[name]
               for name in ("step_back", "step_forward", "reset", "new_seed")]
    assert all(button.description and button.tooltip for button in buttons)


def test_the_1d_explorer_steps():
    X = datasets.tutorial_1d()
    explorer = EMExplorer(X, 3, random_state=0)
    # One box to type x in, none for y.
    x_box, y_box = explorer.controls["x"], explorer.controls["y"]
    assert x_box.layout.display != "none" and y_box.layout.display == "none"
    x_box.value = "4"
    explorer.controls["membership"].click()
    np.testing.assert_allclose(explorer.membership,
                               explorer.state.responsibilities([[4.0]])[0], rtol=1e-12)
    artists = explorer.artists
    assert artists.responsibilities is not None
    start_curve = artists.view.components[0].get_ydata().copy()
    explorer.step_forward()
    explorer.step_forward()
    assert "Iteration 1" in explorer.title and "M-step" in explorer.title
    assert not np.allclose(artists.view.components[0].get_ydata(), start_curve)
    explorer.click(5.0)
    expected = explorer.history.states[1].responsibilities([[5.0]])[0]
    np.testing.assert_allclose(explorer.membership, expected, rtol=1e-12)
    explorer.step = explorer.history.n_half_steps + 3
    assert explorer.step == explorer.history.n_half_steps - 1
    assert explorer.errors == []


def test_bad_arguments_are_refused_when_the_explorer_is_made(blobs):
    with pytest.raises(ValueError, match="n_components"):
        EMExplorer(blobs, 9)
    with pytest.raises(ValueError, match="init"):
        EMExplorer(blobs, 3, init="spread")


# --- the covariance playground ------------------------------------------------------------------


def sliders(playground, mode):
    """The sliders of one of the playground's two ways, in order."""
    return [playground.controls[name] for name in playground.MODE_SLIDERS[mode]]


def check_playground_shows(playground, covariance):
    np.testing.assert_allclose(playground.covariance, covariance, atol=1e-12)
    width, height, angle = ellipse_geometry(covariance, np.array(playground.artists.radii))
    for ellipse, w, h in zip(playground.artists.ellipses, width, height, strict=True):
        assert ellipse.get_width() == pytest.approx(w)
        assert ellipse.get_height() == pytest.approx(h)
        assert ellipse.get_angle() == pytest.approx(angle)
    samples = playground.standard_normal @ np.linalg.cholesky(covariance).T
    np.testing.assert_allclose(playground.artists.samples.get_offsets(), samples, atol=1e-12)


def test_the_playground_sliders_move_ellipses_samples_and_matrix_together():
    playground = CovariancePlayground(std=(1.5, 1.0), correlation=0.6)
    text_before = playground.matrix_text
    playground.controls["correlation"].value = -0.5
    expected = np.array([[2.25, -0.75], [-0.75, 1.0]])
    check_playground_shows(playground, expected)
    assert playground.matrix_text != text_before
    assert "-0.75" in playground.matrix_text and "2.25" in playground.matrix_text
    playground.controls["std_y"].value = 2.0
    check_playground_shows(playground, np.array([[2.25, -1.5], [-1.5, 4.0]]))
    assert playground.errors == []


def test_the_playground_rotation_mode_turns_the_ellipse():
    playground = CovariancePlayground(std=(2.0, 1.0), correlation=0.0)
    playground.set_mode("rotation")
    assert playground.controls["std_major"].value == pytest.approx(2.0)
    assert playground.controls["std_minor"].value == pytest.approx(1.0)
    playground.set(angle=30)
    theta = np.radians(30)
    rotation = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    expected = rotation @ np.diag([4.0, 1.0]) @ rotation.T
    check_playground_shows(playground, expected)
    # An ellipse's axis has no direction: 30 degrees and -150 degrees are the same.
    turn = np.radians(playground.artists.ellipses[0].get_angle() - 30)
    assert np.cos(2 * turn) == pytest.approx(1.0)
    # The other mode's sliders follow, so switching back changes nothing.
    assert playground.controls["correlation"].value == pytest.approx(
        expected[0, 1] / np.sqrt(expected[0, 0] * expected[1, 1]))
    assert playground.errors == []


def test_the_playground_minor_axis_is_never_the_longer_one():
    # Past the major axis's length the two axes would swap, and the angle slider would
    # turn the minor axis: the ellipse would stand 90 degrees from the angle shown.
    playground = CovariancePlayground(std=(2.0, 1.0), correlation=0.0)
    playground.set(std_major=1.5, angle=30)
    playground.set(std_minor=2.5)
    assert playground.controls["std_minor"].value == pytest.approx(1.5)
    assert playground.status_lines[-1] == (MINOR_KEPT_SHORTER, "info")
    # Equal axes: circles, with no major axis to give an angle for.
    assert playground.status_lines[0][0].endswith(
        "1.50 along every direction: the ellipses are circles.")
    playground.set(std_minor=1.0)
    playground.set(std_major=0.5)                   # the minor axis comes down with it
    assert playground.controls["std_minor"].value == pytest.approx(0.5)
    playground.set(std_major=2.0, std_minor=1.0, angle=30)
    assert MINOR_KEPT_SHORTER not in [text for text, _ in playground.status_lines]
    assert "major axis at 30 degrees" in playground.status_lines[0][0]
    turn = np.radians(playground.artists.ellipses[0].get_angle() - 30)
    assert np.cos(2 * turn) == pytest.approx(1.0)
    assert playground.errors == []


def test_the_hidden_mode_sliders_do_not_move_the_gaussian():
    playground = CovariancePlayground(std=(1.5, 1.0), correlation=0.6)
    shown = playground.covariance.copy()
    # The browser rounds a hidden slider to its step and sends the value back.
    playground.controls["std_major"].value = round(playground.controls["std_major"].value, 1)
    playground.controls["angle"].value = round(playground.controls["angle"].value)
    np.testing.assert_allclose(playground.covariance, shown)
    assert playground.controls["correlation"].value == 0.6


def test_the_words_that_change_each_step_are_page_text(blobs):
    # The title, the log-likelihood and the weights are page text above the canvas;
    # the figure keeps only what stays put.
    explorer = EMExplorer(blobs, 3, label="caption")
    explorer.step_forward()
    explorer.step_forward()
    shown = explorer.history.log_likelihoods[explorer.half_step.params]
    caption = caption_text(explorer)
    assert explorer.title.startswith("Iteration 1 — after the M-step")
    assert caption.startswith(explorer.title)
    assert f"Log-likelihood {shown:.1f}." in caption
    weights = [f"{w:.2f}" for w in explorer.state.weights]
    assert len(set(weights)) > 1
    # Read aloud, each weight is tied to its component by words, not by a colour alone.
    assert caption.endswith(f"component 0: weight {weights[0]}; component 1: weight "
                            f"{weights[1]}; component 2: weight {weights[2]}.")
    # No height, not shown:
    page_parts = (explorer.outputs["page_script"], explorer.controls["page_size"])
    shown = [child for child in explorer.widget.children if child not in page_parts]
    assert explorer.outputs["caption"] in shown[0].children
    assert not explorer.fig.get_suptitle()


def test_the_static_picture_draws_the_words_in(blobs):
    # A viewer without widgets shows the PNG alone: its figure has the title.
    explorer = EMExplorer(blobs, 3, label="static")
    explorer.step = 4
    figure = explorer.static_figure()
    assert figure is not explorer.fig
    assert figure.get_suptitle() == explorer.title
    (legend,) = [ax.get_legend() for ax in figure.axes if ax.get_legend()]
    weight = f"weight {explorer.state.weights[0]:.2f}"
    assert weight in legend.get_texts()[0].get_text()


# --- the start, and runs that stop lower than the best seen ----------------------------------


class _ReadText(HTMLParser):
    """The words of some markup as a screen reader gets them: without what is marked
    aria-hidden, a space between blocks."""

    BLOCKS = {"div", "p", "br", "li"}

    def __init__(self):
        super().__init__()
        self.words, self.hidden = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.words.append(" ")
        if self.hidden or dict(attrs).get("aria-hidden") == "true":
            self.hidden.append(tag)

    def handle_endtag(self, tag):
        if self.hidden:
            self.hidden.pop()
        if tag in self.BLOCKS:
            self.words.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.words.append(data)


def read_text(markup):
    parser = _ReadText()
    parser.feed(markup)
    return " ".join("".join(parser.words).split())


def caption_text(explorer):
    """The caption as a reader sees it: its words, without the markup."""
    return read_text(explorer.outputs["caption"].value)


def test_a_point_start_is_named_as_a_start_with_its_log_likelihood_below_the_scale(blobs):
    # 'random data points' (and 'k-means++') put each component on one data point with
    # covariance reg_covar * I, on purpose: a start, not a collapse.
    explorer = EMExplorer(blobs, 3, init="random_from_data", random_state=3)
    caption = caption_text(explorer)
    start = plotting.format_log_likelihood(explorer.history.log_likelihoods[0])
    assert f"Log-likelihood {start} (below the scale)." in caption
    assert explorer.artists.log_likelihood.marker.get_marker() == "v"  # the triangle
    assert caption.endswith("component 0: weight 0.33; component 1: weight 0.33; "
                            "component 2: weight 0.33. Point start.")
    assert "collapsed" not in caption and "collapse" not in explorer.status.lower()
    assert "A point start" in explorer.status
    assert "gives every point to its nearest mean" in explorer.status
    assert "triangle on the bottom edge of the log-likelihood panel" in explorer.status
    explorer.step = 1  # the first E-step: the parameters shown are still the start's
    assert caption_text(explorer).endswith("Point start.")
    explorer.step = 2  # after the first M-step: on the scale, and no longer the start
    caption = caption_text(explorer)
    assert "below the scale" not in caption and "Point start" not in caption
    assert "A point start" not in explorer.status and "triangle" not in explorer.status
    assert explorer.errors == []


def test_a_collapse_later_in_a_run_keeps_its_warning_and_the_start_does_not_get_it():
    X = datasets.stretched_blobs(n_samples=30)
    explorer = EMExplorer(X, 8, init="random_from_data", random_state=0)
    assert "(collapsed)" not in caption_text(explorer)
    assert "A point start" in explorer.status
    explorer.step = explorer.n_half_steps - 1
    caption = caption_text(explorer)
    collapsed = [k for k in range(8) if f"{explorer.state.weights[k]:.2f} (collapsed)" in caption]
    assert collapsed and f"component(s) {collapsed} have collapsed onto" in explorer.status
    assert explorer.status_lines[-1][1] == "warning"   # the note of the step shown


def test_a_run_that_ends_clearly_below_the_best_seen_says_so(blobs):
    # From 'random data points', seed 5 reaches the best peak (about -2969) and seed 3
    # ends on a lower one, one component over two clusters (about -3025).
    explorer = EMExplorer(blobs, 3, init="random_from_data", random_state=5)
    best = explorer.history.log_likelihoods[-1]
    assert "below the best" not in explorer.status
    explorer.reinitialise(seed=3)
    final = explorer.history.log_likelihoods[-1]
    assert best - final > 0.05 * len(blobs)
    assert (f"This run ended {best - final:.1f} below the best run seen so far for K = 3 "
            f"(log-likelihood {best:.1f}, from seed 5, start 'random data points')"
            in explorer.status)
    assert "lower peak (a local optimum)" in explorer.status
    assert "Try another seed or start." in explorer.status
    assert explorer.best_log_likelihood[0] == best
    # Seed 0 ends on the best peak too, a little lower than seed 5: not called lower.
    explorer.reinitialise(seed=0)
    assert 0 < best - explorer.history.log_likelihoods[-1] < 1.0
    assert "below the best" not in explorer.status
    # Another K is another comparison.
    explorer.set_n_components(4)
    assert explorer.best_log_likelihood[0] == explorer.history.log_likelihoods[-1]
    assert "below the best" not in explorer.status
    assert explorer.errors == []


def test_a_collapsed_fit_is_not_the_best_to_compare_with():
    # On 30 points with K = 4, seed 10 collapses a component and ends far above seed 2's
    # sensible fit; the sensible fit is not a lower peak of that collapse.
    X = datasets.stretched_blobs(n_samples=30)
    explorer = EMExplorer(X, 4, init="random_from_data", random_state=10)
    collapsed_end = explorer.history.log_likelihoods[-1]
    assert "Collapse" in explorer.status and explorer.best_log_likelihood is None
    explorer.reinitialise(seed=2)
    assert collapsed_end - explorer.history.log_likelihoods[-1] > 0.05 * len(X)
    assert "below the best" not in explorer.status
    assert explorer.best_log_likelihood[0] == explorer.history.log_likelihoods[-1]


def test_a_notebook_can_tell_the_explorer_a_best_value_from_elsewhere(blobs):
    explorer = EMExplorer(blobs, 3, init="random_from_data", random_state=3)
    assert "below the best" not in explorer.status  # it has seen nothing better
    reference = mixture.GaussianMixture(3, n_init=3, random_state=0).fit(blobs)
    best = reference.score(blobs) * len(blobs)
    explorer.remember_best(best, "three k-means starts")
    assert (f"below the best run seen so far for K = 3 (log-likelihood {best:.1f}, from "
            "three k-means starts)" in explorer.status)
    assert "A point start" in explorer.status  # the note of the step shown stays
    explorer.remember_best(best - 100, "a worse fit")  # lower than known: kept out
    assert explorer.best_log_likelihood == (best, "three k-means starts")
    with pytest.raises(ValueError, match="log_likelihood"):
        explorer.remember_best(float("nan"), "nowhere")
    with pytest.raises(ValueError, match="source"):
        explorer.remember_best(best, "")


# --- the page: a column of any width, and presenting size ----------------------------------------


def figure_pixels(explorer):
    """The figure's (width, height) in CSS pixels (Agg's 100 dpi, as ipympl's at 1x)."""
    return explorer.fig.get_size_inches() * explorer.fig.dpi


def everything_drawn_inside(fig):
    """Whether every artist that takes part in the layout lies inside the figure."""
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    width, height = fig.get_size_inches()
    tolerance = 0.02  # inches: anti-aliasing
    return (box.x0 >= -tolerance and box.y0 >= -tolerance
            and box.x1 <= width + tolerance and box.y1 <= height + tolerance)


def panels(explorer):
    """The data and log-likelihood panels' boxes, in figure pixels."""
    renderer = explorer.fig.canvas.get_renderer()
    data = explorer.data_axes.get_window_extent(renderer)
    curve = explorer.artists.log_likelihood.curve.axes.get_window_extent(renderer)
    return data, curve


@pytest.mark.parametrize("data", ["2D", "1D"])
@pytest.mark.parametrize("column, window", [(592, 768), (722, 800), (781, 720), (1253, 1080)])
def test_the_figure_fits_the_column_it_is_given(blobs, data, column, window):
    # JupyterLab's notebook column with its file browser open, on 1024 x 768, 1200 x 800,
    # 1280 x 720 and 1920 x 1080 windows.
    X = blobs if data == "2D" else datasets.tutorial_1d()
    explorer = EMExplorer(X, 3, label="fit")
    natural = figure_pixels(explorer)[0]
    explorer.fit_page(f"{column} {window}")
    width, height = figure_pixels(explorer)
    assert width <= column - 8 and height <= 0.72 * window + 1
    assert width == pytest.approx(min(column - 10, natural), abs=1)
    assert everything_drawn_inside(explorer.fig)
    data_box, curve_box = panels(explorer)
    if width < 680:
        # Stacked: the log-likelihood panel under the data (and their bands).
        above = [explorer.data_axes]
        if explorer.artists.responsibilities is not None:
            above.append(explorer.artists.responsibilities.bands[0].axes)
        assert curve_box.y1 < min(ax.get_window_extent().y0 for ax in above)
        assert data_box.width > 0.6 * width
    else:
        assert curve_box.x0 > data_box.x1
    assert explorer.errors == []


def test_a_new_column_width_keeps_the_step_and_the_point(blobs):
    explorer = EMExplorer(blobs, 3, label="refit page")
    explorer.step = 5
    explorer.click(-5.0, -10.0)
    title, membership = explorer.title, explorer.membership.copy()
    history = explorer.history
    explorer.controls["page_size"].value = "592 768"   # what the page script writes
    assert figure_pixels(explorer)[0] == pytest.approx(582)
    assert explorer.stacked
    assert explorer.history is history and explorer.step == 5 and explorer.title == title
    np.testing.assert_allclose(explorer.membership, membership)
    assert list(explorer.point_marker.get_xydata()[0]) == [-5.0, -10.0]
    ellipse = explorer.artists.view.after.ellipses[0][0]
    np.testing.assert_allclose(ellipse.get_center(), history.states[2].means[0])
    explorer.step_forward()
    assert explorer.step == 6
    for junk in ("", "wide", "0 0", "-5 100", "12"):
        explorer.controls["page_size"].value = junk
    assert figure_pixels(explorer)[0] == pytest.approx(582)
    assert explorer.errors == []


def test_placed_means_survive_a_new_column_width(blobs):
    explorer = EMExplorer(blobs, 3, init="click", label="placing")
    explorer.click(-15.0, -12.0)
    explorer.fit_page("700 900")
    np.testing.assert_allclose(explorer.placed_marker.get_offsets(), [[-15.0, -12.0]])
    explorer.click(-3.0, -10.0)
    explorer.click(8.0, -6.0)
    np.testing.assert_allclose(explorer.history.states[0].means[1], [-3.0, -10.0])


def test_the_playground_fits_the_column_too():
    playground = CovariancePlayground(label="narrow playground")
    playground.fit_page("420 900")
    assert figure_pixels(playground)[0] == pytest.approx(410)
    assert everything_drawn_inside(playground.fig)
    playground.set(correlation=0.0)
    assert playground.errors == []


@pytest.mark.parametrize("environment, expected", [
    ({}, False),
    ({"GMM_LESSON_PRESENT": "1"}, True),
    ({"GMM_LESSON_PRESENT": "0"}, False),
    ({"VOILA_REQUEST_URL": "http://127.0.0.1:8866/voila/render/04.ipynb?present=1"}, True),
    ({"VOILA_REQUEST_URL": "http://127.0.0.1:8866/voila/render/04.ipynb?a=b&present=1"}, True),
    ({"VOILA_REQUEST_URL": "http://127.0.0.1:8866/voila/render/04.ipynb?present=0"}, False),
    ({"VOILA_REQUEST_URL": "http://127.0.0.1:8866/voila/render/04.ipynb"}, False),
])
def test_presenting_size_is_asked_for_by_the_environment(blobs, monkeypatch, environment,
                                                         expected):
    for name in ("GMM_LESSON_PRESENT", "VOILA_REQUEST_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    explorer = EMExplorer(blobs, 3, label="present?")
    playground = CovariancePlayground(label="present?")
    assert explorer.present is expected and playground.present is expected
    assert ("gmm-present" in explorer.widget._dom_classes) is expected
    assert ("gmm-present" in playground.widget._dom_classes) is expected
    # Said in so many words, it wins over the environment.
    assert EMExplorer(blobs, 3, label="asked", present=not expected).present is not expected


def smallest_text_pixels(fig):
    """CSS pixels of the smallest visible text in the figure."""
    fig.canvas.draw()
    texts = [text for text in fig.findobj(matplotlib.text.Text)
             if text.get_visible() and text.get_text().strip() and text.figure is fig]
    return min(text.get_fontsize() for text in texts) * fig.dpi / 72


@pytest.mark.parametrize("kind", ["2D", "1D", "playground"])
def test_at_presenting_size_the_figure_fills_the_column_and_its_text_is_16_px(blobs, kind):
    def make(present):
        if kind == "playground":
            return CovariancePlayground(label=f"playground {present}", present=present)
        X = blobs if kind == "2D" else datasets.tutorial_1d()
        return EMExplorer(X, 3, label=f"explorer {present}", present=present)

    # Voila's column on a 1280 x 720 screen.
    ordinary, presenting = make(False), make(True)
    for shown in (ordinary, presenting):
        shown.fit_page("1250 720")
    assert smallest_text_pixels(ordinary.fig) < 16 <= smallest_text_pixels(presenting.fig)
    width, height = figure_pixels(presenting)
    if kind == "playground":
        # Beside its controls (28 em of 16 px), as large as the window's height allows.
        assert width + 29 * 16 + 10 == pytest.approx(1250, abs=1) or height > 0.85 * 720
    else:
        assert width == pytest.approx(1240) and height <= 0.62 * 720 + 1
        assert figure_pixels(ordinary)[0] < 900
    assert everything_drawn_inside(presenting.fig)
    if kind != "playground":
        presenting.step = 3
        assert smallest_text_pixels(presenting.fig) >= 16
    assert "16px" in presenting.outputs["page_script"].value


# --- controls for the mouse, the keyboard and screen readers ----------------------------------


def test_k_and_the_speed_are_menus_of_their_values(explorer):
    assert isinstance(explorer.controls["n_components"], widgets.Dropdown)
    assert explorer.controls["n_components"].options == tuple(range(1, len(plotting.PALETTE) + 1))
    explorer.controls["n_components"].value = 5   # a choice in the browser's menu
    assert explorer.history.states[0].n_components == 5
    assert isinstance(explorer.controls["speed"], widgets.Dropdown)
    assert [label for label, _ in explorer.controls["speed"].options] == ["slow", "medium", "fast"]
    explorer.controls["speed"].value = 300
    assert explorer.controls["timer"].interval == 300
    odd = EMExplorer(explorer.X, 3, interval=450, label="odd speed")
    assert ("450 ms", 450) in odd.controls["speed"].options and odd.controls["speed"].value == 450
    few = EMExplorer(explorer.X[:4], 2, label="few points")
    assert few.controls["n_components"].options == (1, 2, 3, 4)


def operable_widgets(box):
    """Every widget in ``box`` that takes input: buttons, menus, sliders, text boxes."""
    found = []
    for child in box.children:
        if isinstance(child, widgets.Box):
            found += operable_widgets(child)
        elif isinstance(child, (widgets.ValueWidget, widgets.Button)) and not isinstance(
                child, widgets.HTML):
            found.append(child)
    return found


@pytest.mark.parametrize("kind", ["2D", "1D", "playground"])
def test_every_control_on_the_page_is_in_controls_by_name_and_the_mapping_is_read_only(
        blobs, kind):
    shown = (CovariancePlayground(label="controls") if kind == "playground"
             else EMExplorer(blobs if kind == "2D" else datasets.tutorial_1d(), 3,
                             label="controls"))
    on_page = operable_widgets(shown.widget)
    assert len(on_page) == len(shown.controls)
    assert {id(w) for w in on_page} == {id(w) for w in shown.controls.values()}
    with pytest.raises(TypeError):
        shown.controls["half_step"] = widgets.IntSlider()


def test_every_control_has_a_name_a_screen_reader_reads(explorer):
    named = [explorer.controls[name] for name in
             ("play", "step_back", "step_forward", "reset", "new_seed", "membership", "speed",
              "half_step", "n_components", "start", "x", "y")]
    assert all(control.description.strip() for control in named)
    assert explorer.controls["timer"].layout.display == "none"   # its icon-only buttons: hidden
    playground = CovariancePlayground(label="names")
    assert all(control.description.strip() for control in
               (*sliders(playground, "correlation"), *sliders(playground, "rotation")))
    assert all(label.strip() for label, _ in playground.controls["mode"].options)
    # The page script names the slider handles after their labels, hides the icons'
    # glyphs and names the figure.
    for shown in (explorer, playground):
        script = html.unescape(shown.outputs["page_script"].value)
        assert "handle.setAttribute('aria-label', label.textContent)" in script
        assert "icon.setAttribute('aria-hidden', 'true')" in script
        assert "figure.setAttribute('aria-label', figureName)" in script
    explorer.click(-5.0, -10.0)
    membership = read_text(explorer.outputs["membership"].value)
    assert re.search(r"component 0: [\d.]+%; component 1: [\d.]+%; component 2: [\d.]+%$",
                     membership), membership


def test_the_caption_keeps_room_for_its_longest_words_at_every_step():
    # Eight components on 30 points: weights of every size, and collapses tagged later.
    X = datasets.stretched_blobs(n_samples=30)
    explorer = EMExplorer(X, 8, init="random_from_data", random_state=0, label="eight")
    reserves, longest = set(), 0
    for index in range(explorer.n_half_steps):
        explorer.step = index
        reserves.add(explorer.outputs["caption_reserve"].value)
        longest = max(longest, len(caption_text(explorer)))
    assert len(reserves) == 1   # the same invisible copies at every step
    (reserve,) = reserves
    assert reserve.startswith('<div aria-hidden="true" style="display:grid; visibility:hidden">')
    # The caption and its reserve share one cell of a grid.
    caption, copies = explorer.outputs["caption"], explorer.outputs["caption_reserve"]
    (caption_box,) = [box for box in explorer.widget.children
                      if caption in getattr(box, "children", ())]
    assert caption_box.children == (copies, caption)
    assert caption.layout.grid_area == copies.layout.grid_area
    assert caption_box.layout.grid_template_areas == '"caption"'

    assert len(" ".join(re.sub(r"<[^>]+>", " ", reserve).split())) > 3 * longest - 3
    assert all(f"component {k}: weight 0.00 (held by reg_covar)" in reserve
               for k in range(8))


# --- where a click goes ----------------------------------------------------------------------


def press(explorer, ax, x, y):
    """A left click at data coordinates (x, y) of ``ax``, as ipympl delivers it."""
    explorer.fig.canvas.draw()
    x_pixel, y_pixel = ax.transData.transform((x, y))
    MouseEvent("button_press_event", explorer.fig.canvas, x_pixel, y_pixel,
               button=1)._process()


def test_in_1d_a_click_on_the_responsibility_bands_chooses_that_x():
    explorer = EMExplorer(datasets.tutorial_1d(), 3, label="bands")
    explorer.step = 2
    bands = explorer.artists.responsibilities.bands[0].axes
    press(explorer, bands, 4.0, 0.5)
    assert explorer.point == pytest.approx([4.0], abs=1e-6)
    assert explorer.membership is not None
    assert "click" not in explorer.status.lower()


@pytest.mark.parametrize("data", ["2D", "1D"])
def test_a_click_off_the_data_says_where_to_click_and_the_hint_goes_once_it_worked(
        blobs, data):
    X = blobs if data == "2D" else datasets.tutorial_1d()
    explorer = EMExplorer(X, 3, label="hint")
    explorer.step = 2
    note_of_the_step = explorer.status
    curve = explorer.artists.log_likelihood.curve.axes
    press(explorer, curve, 1.0, explorer.history.log_likelihoods[1])
    hint = explorer.status.replace(note_of_the_step, "")
    assert explorer.membership is None
    # Both panels of 1D data are on the left: no side is named, in any layout.
    assert "left" not in hint and "right" not in hint
    assert ("histogram or on the responsibility bands" in hint if data == "1D"
            else "panel with the data and the ellipses" in hint)
    press(explorer, explorer.data_axes, *([4.0, 0.05] if data == "1D" else [0.0, -10.0]))
    assert explorer.membership is not None
    assert explorer.status == note_of_the_step
    assert explorer.errors == []


# --- the playground's two ways to set a covariance ---------------------------------------------


def shown_slider_texts(playground):
    """The readouts of the shown sliders, formatted as the browser shows them."""
    return [f"{control.value:{control.readout_format}}"
            for control in sliders(playground, playground.mode)]


def test_after_a_mode_switch_the_sliders_and_the_words_agree():
    # Notebook 02's Gaussian: along its axes 2.383 and 0.755 at 34.7 degrees.
    playground = CovariancePlayground(std=(2.0, 1.5), correlation=0.8, label="switch")
    original = playground.covariance.copy()
    playground.set_mode("rotation")
    major, minor, angle = shown_slider_texts(playground)
    assert (major, minor, angle) == ("2.40", "0.75", "35")
    for control in sliders(playground, "rotation"):
        assert control.value == _on_slider_grid(control)
    assert (f"along the axes: {major} and {minor}, major axis at {angle} degrees."
            in playground.status)
    check_playground_shows(playground, gaussian_from_axes(2.40, 0.75, 35.0))
    # Back without moving a slider: exactly where the learner was.
    playground.set_mode("correlation")
    np.testing.assert_array_equal(playground.covariance, original)
    assert shown_slider_texts(playground) == ["2.00", "1.50", "0.80"]
    assert "std of x 2.00, std of y 1.50, correlation +0.80" in playground.status
    # Moved in between: the new Gaussian, snapped to the other sliders' steps.
    playground.set_mode("rotation")
    playground.set(angle=-20)
    playground.set_mode("correlation")
    std_x, std_y, correlation = shown_slider_texts(playground)
    assert f"std of x {std_x}, std of y {std_y}, correlation {float(correlation):+.2f}" \
        in playground.status
    assert playground.errors == []


def _on_slider_grid(control):
    steps = round((control.value - control.min) / control.step)
    return round(control.min + steps * control.step, 10)


def gaussian_from_axes(std_major, std_minor, angle):
    from gmm_lesson.gaussian import covariance_from_axes

    return covariance_from_axes(std_major, std_minor, angle)


# --- frames sent to the browser --------------------------------------------------------------


# ipympl's toolbar passes an argument traitlets no longer takes.
@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")
def test_a_frame_is_a_whole_png_of_the_figure_padded_past_64_kib():
    from PIL import Image

    from gmm_lesson.widgets import MIN_FRAME_BYTES
    from gmm_lesson.widgets._canvas import ipympl_canvas_classes

    Canvas, FigureManager = ipympl_canvas_classes()
    assert matplotlib.get_backend().lower() == "agg"   # pyplot's backend left alone
    explorer = EMExplorer(datasets.tutorial_1d(), 3, label="frames")
    canvas = Canvas(explorer.fig)
    FigureManager(canvas, num=id(explorer.fig))
    sent = []
    canvas.send_binary = sent.append   # what would go to the browser
    canvas.draw()
    (frame,) = sent
    assert len(frame) >= MIN_FRAME_BYTES and canvas._current_image_mode == "full"
    picture = np.asarray(Image.open(io.BytesIO(frame)))
    np.testing.assert_array_equal(picture, np.asarray(canvas.get_renderer().buffer_rgba()))
    assert canvas.get_diff_image() is None   # nothing new to send
    canvas.close()
