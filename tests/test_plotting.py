"""What a learner sees in the views of gmm_lesson.plotting, read back from the artists."""


import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import COVARIANCE_TYPES, blobs, random_covariances
from matplotlib.colors import to_rgb
from matplotlib.path import Path
from scipy.stats import norm

import gmm_lesson as gl
from gmm_lesson import plotting as gp

N_ITER = 8


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def X():
    return blobs(np.random.default_rng(7), 150, 2, 3)


@pytest.fixture(scope="module")
def history(X):
    start = gl.MixtureState.from_parameters(
        np.full(3, 1 / 3), X[[0, 1, 2]], np.stack([np.eye(2) * X.var()] * 3)
    )
    # tol=0 never stops early: exactly N_ITER iterations.
    return gl.run_em(X, start, tol=0.0, max_iter=N_ITER)


@pytest.fixture(scope="module")
def X1():
    clusters = [np.linspace(-6, -4, 20), np.linspace(-1, 1, 20), np.linspace(4, 7, 20)]
    return np.concatenate(clusters)[:, None]


@pytest.fixture(scope="module")
def history_1d(X1):
    start = gl.MixtureState.from_parameters(np.full(3, 1 / 3), [[3.0], [4.0], [6.0]],
                                            np.full((3, 1, 1), 4.0))
    return gl.run_em(X1, start, tol=0.0, max_iter=5)


def _state(rng, covariance_type, n_features=2, n_components=3):
    covariances = random_covariances(rng, covariance_type, n_components, n_features)
    return gl.MixtureState.from_parameters(
        rng.dirichlet(np.ones(n_components) * 3), rng.normal(0, 3, (n_components, n_features)),
        covariances, covariance_type,
    )


def _assert_ellipses_show(ellipses, state, dims=(0, 1), radii=(1, 2, 3)):
    marginal = state.marginal(dims)
    for k, ring in enumerate(ellipses):
        widths, heights, angle = gl.ellipse_geometry(marginal.covariances[k],
                                                     np.asarray(radii, float))
        for j, ellipse in enumerate(ring):
            np.testing.assert_allclose(ellipse.get_center(), state.means[k, list(dims)])
            np.testing.assert_allclose([ellipse.get_width(), ellipse.get_height()],
                                       [widths[j], heights[j]])
            assert ellipse.get_angle() == pytest.approx(angle)


def _arrow_ends(arrow):
    """Tail and tip of an arrow, in data coordinates."""
    path = arrow.get_path()
    vertices = path.vertices[path.codes != Path.CLOSEPOLY]
    tail = vertices[0]
    return tail, vertices[np.argmax(np.linalg.norm(vertices - tail, axis=1))]


# --- colours as readers see them ---------------------------------------------------------

# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", IEEE TVCG 15(6), severity 1.0 (dichromacy); the matrices act
# on linear sRGB.
_MACHADO_2009 = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
VISIONS = [None, "deuteranopia", "protanopia"]


def _linear(rgb):
    rgb = np.asarray(rgb, dtype=np.float64)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _as_seen(colors, vision):
    """sRGB colours (n, 3) as a dichromat sees them (None: unchanged)."""
    rgb = np.array([to_rgb(c) for c in colors])
    if vision is None:
        return rgb
    linear = np.clip(_linear(rgb) @ _MACHADO_2009[vision].T, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def _cielab(rgb):
    """CIELAB (D65) of sRGB colours, shape (n, 3)."""
    to_xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                       [0.0193, 0.1192, 0.9505]])
    xyz = _linear(rgb) @ to_xyz.T / to_xyz.sum(axis=1)
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]),
                     200 * (f[..., 1] - f[..., 2])], axis=-1)


def _delta_e_2000(lab1, lab2):
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), broadcasting over rows."""
    (L1, a1, b1), (L2, a2, b2) = np.moveaxis(lab1, -1, 0), np.moveaxis(lab2, -1, 0)
    mean_c = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(mean_c**7 / (mean_c**7 + 25.0**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    chromatic = c1 * c2 != 0
    dh = (h2 - h1 + 180) % 360 - 180
    dh = np.where(chromatic, dh, 0.0)
    d_hue = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh) / 2)
    mean_l, mean_c = (L1 + L2) / 2, (c1 + c2) / 2
    mean_h = np.where(np.abs(h1 - h2) > 180, (h1 + h2 + 360) / 2 % 360, (h1 + h2) / 2)
    mean_h = np.where(chromatic, mean_h, h1 + h2)
    t = (1 - 0.17 * np.cos(np.radians(mean_h - 30)) + 0.24 * np.cos(np.radians(2 * mean_h))
         + 0.32 * np.cos(np.radians(3 * mean_h + 6)) - 0.20 * np.cos(np.radians(4 * mean_h - 63)))
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / np.sqrt(20 + (mean_l - 50) ** 2)
    s_c, s_h = 1 + 0.045 * mean_c, 1 + 0.015 * mean_c * t
    r_t = (-2 * np.sqrt(mean_c**7 / (mean_c**7 + 25.0**7))
           * np.sin(np.radians(60 * np.exp(-(((mean_h - 275) / 25) ** 2)))))
    terms = (L2 - L1) / s_l, (c2 - c1) / s_c, d_hue / s_h
    return np.sqrt(terms[0]**2 + terms[1]**2 + terms[2]**2 + r_t * terms[1] * terms[2])


def _differences(colors, others, vision):
    """CIEDE2000 between each colour and each other colour, as ``vision`` sees them."""
    return _delta_e_2000(_cielab(_as_seen(colors, vision))[:, None],
                         _cielab(_as_seen(others, vision))[None])


def test_the_colour_difference_reproduces_sharma_wu_and_dalal():
    # Pairs 1, 7, 17, 25 and 34 of the paper's table of worked examples.
    pairs = np.array([[[50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485]],
                      [[50.0, 0.0, 0.0], [50.0, -1.0, 2.0]],
                      [[50.0, 2.5, 0.0], [73.0, 25.0, -18.0]],
                      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387]],
                      [[2.0776, 0.0795, -1.1350], [0.9033, -0.0636, -0.5514]]])
    np.testing.assert_allclose(_delta_e_2000(pairs[:, 0], pairs[:, 1]),
                               [2.0425, 2.3669, 27.1492, 1.2644, 0.9082], atol=5e-5)


def _drawn_colours(X1, history_1d):
    """The colours a learner sees besides the components', read from the artists."""
    fig, (top, right) = plt.subplots(1, 2)
    view = gp.plot_mixture_1d(X1, history_1d.states[1], ax=top)
    curve = gp.plot_log_likelihood(history_1d, 2, ax=right)
    return {"mixture line": view.mixture.get_color(),
            "text": right.title.get_color(),
            "log-likelihood marker": curve.marker.get_color(),
            "background": top.get_facecolor()}


@pytest.mark.parametrize("vision", VISIONS)
def test_eight_component_colours_are_told_apart_also_by_dichromats(vision):
    colors = gp.component_colors(8)
    differences = _differences(colors, colors, vision)
    smallest = differences[~np.eye(8, dtype=bool)].min()
    # Every pair at least as far apart as orange and yellow are, the closest pair of
    # Okabe and Ito's set (21.7 to normal vision, 11.6 to deuteranopes).
    assert smallest >= (20 if vision is None else 11), smallest


@pytest.mark.parametrize("vision", VISIONS)
def test_component_colours_stand_apart_from_the_ink_the_marker_and_the_grey(
        X1, history_1d, vision):
    # A component must not look like the dashed mixture line or the text beside it,
    # nor like the marker of the current step or the grey of points not yet assigned.
    colors = gp.component_colors(8)
    drawn = _drawn_colours(X1, history_1d)
    smallest = {name: _differences(colors, [color], vision).min()
                for name, color in drawn.items()}
    assert min(smallest["mixture line"], smallest["text"]) >= 14, smallest
    assert smallest["log-likelihood marker"] >= 12, smallest
    assert smallest["background"] >= 20, smallest
    # A deuteranope sees the grey closest to the reddish purple (7.5): still apart.
    assert _differences(colors, [gp.NO_RESPONSIBILITY_COLOR], vision).min() >= 7


def _hue(color):
    """CIELCh hue angle in degrees."""
    _, a, b = _cielab(np.array(to_rgb(color)))
    return np.degrees(np.arctan2(b, a)) % 360


def test_the_colours_are_the_ones_the_lessons_name():
    # "labels 0 (blue), 1 (orange), 2 (green)"; whitening's "green point" and "orange one".
    blue, orange, green = (_hue(c) for c in gp.component_colors(3))
    assert 230 < blue < 290 and 55 < orange < 85 and 130 < green < 180
    artists = gp.plot_whitening([0, 0], np.eye(2), [[1.0, 0.0], [4.0, 0.0]])
    first, second = artists.points_before.get_facecolors()[:, :3]
    assert 130 < _hue(first) < 180 and 55 < _hue(second) < 85


@pytest.mark.parametrize("vision", VISIONS)
def test_the_log_likelihood_marker_stands_out_from_its_curve(history, vision):
    artists = gp.plot_log_likelihood(history, 4)
    curve = [artists.curve.get_color(), artists.done.get_color(),
             artists.curve.axes.get_facecolor()]
    assert _differences([artists.marker.get_color()], curve, vision).min() >= 20


# --- the 2D view -----------------------------------------------------------------------


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_ellipses_sit_on_the_means_with_the_engines_geometry(covariance_type, rng):
    state = _state(rng, covariance_type)
    X = rng.normal(size=(40, 2))
    fig, ax = plt.subplots()
    artists = gp.plot_mixture_2d(X, state, ax=ax)
    np.testing.assert_allclose(artists.means.get_offsets(), state.means)
    _assert_ellipses_show(artists.ellipses, state)
    assert all(e in ax.patches for ring in artists.ellipses for e in ring)


def test_heavier_components_are_drawn_bolder(rng):
    state = gl.MixtureState.from_parameters([0.7, 0.2, 0.1], rng.normal(size=(3, 2)),
                                            np.stack([np.eye(2)] * 3))
    artists = gp.plot_mixture_2d(rng.normal(size=(10, 2)), state)
    widths = [ring[0].get_linewidth() for ring in artists.ellipses]
    assert widths[0] > widths[1] > widths[2]


def test_point_colours_blend_the_palette_by_responsibility(rng):
    state = _state(rng, "full")
    X = rng.normal(size=(4, 2))
    resp = np.array([[1, 0, 0], [0, 1, 0], [0.5, 0.5, 0], [0.2, 0.3, 0.5]])
    artists = gp.plot_mixture_2d(X, state, resp)
    colors = artists.points.get_facecolors()[:, :3]
    palette = np.array([to_rgb(c) for c in gp.PALETTE[:3]])
    np.testing.assert_array_equal(colors[0], palette[0])
    np.testing.assert_array_equal(colors[1], palette[1])
    np.testing.assert_allclose(colors[2], (palette[0] + palette[1]) / 2)
    np.testing.assert_allclose(colors[3], resp[3] @ palette)


def test_points_are_grey_before_any_responsibilities(rng):
    artists = gp.plot_mixture_2d(rng.normal(size=(5, 2)), _state(rng, "diag"))
    grey = to_rgb(gp.NO_RESPONSIBILITY_COLOR)
    np.testing.assert_allclose(artists.points.get_facecolors()[:, :3], np.tile(grey, (5, 1)))


def test_legend_names_each_component_and_what_the_ellipses_hold(rng):
    state = _state(rng, "full")
    artists = gp.plot_mixture_2d(rng.normal(size=(5, 2)), state, radii=(1, 2, 3))
    texts = [t.get_text() for t in artists.legend.get_texts()]
    for k, weight in enumerate(state.weights):
        assert f"component {k}" in texts[k] and f"{weight:.2f}" in texts[k]
    assert "39% / 86% / 99%" in texts[-1]
    radius_95 = float(gl.radius_for_mass(0.95))
    artists = gp.plot_mixture_2d(rng.normal(size=(5, 2)), state, radii=(radius_95,))
    assert "95%" in artists.legend.get_texts()[-1].get_text()


def test_a_collapsed_component_is_named_in_the_legend(rng):
    covariances = np.stack([np.eye(2), np.eye(2), 1e-7 * np.eye(2)])
    state = gl.MixtureState.from_parameters([0.5, 0.49, 0.01], rng.normal(size=(3, 2)),
                                            covariances)
    legend = gp.plot_mixture_2d(rng.normal(size=(5, 2)), state).legend
    texts = [t.get_text() for t in legend.get_texts()]
    assert "collapsed" in texts[2] and "collapsed" not in texts[0] + texts[1]


@pytest.mark.parametrize("n_features", [1, 2])
def test_a_start_on_single_points_is_labelled_on_a_point_not_collapsed(n_features):
    # 'k-means++' and 'random_from_data' start every component on one data point with
    # covariance reg_covar * I, on purpose; a legend that knows neither the step nor
    # reg_covar says what is true of such a state, not that it failed.
    X = blobs(np.random.default_rng(3), 60, n_features, 3)
    start = gl.MixtureState.from_parameters(np.full(3, 1 / 3), X[[0, 20, 40]],
                                            np.stack([1e-6 * np.eye(n_features)] * 3))
    history = gl.run_em(X, start, tol=0.0, max_iter=3)
    artists = gp.plot_em_step(X, history, 0)
    legend = (artists.view.after if n_features == 2 else artists.view).legend
    texts = [text.get_text() for text in legend.get_texts()[:3]]
    assert all(text.endswith("(weight 0.33, on a point)") for text in texts), texts
    # After the first M-step each component spreads over its points: plain labels.
    gp.update_em_step(artists, X, history, 2)
    texts = [text.get_text() for text in legend.get_texts()[:3]]
    assert all(text.startswith("component") and text.endswith(")") and "point" not in text
               and "collapsed" not in text for text in texts), texts


def test_more_than_two_features_shows_which_two(rng):
    state = _state(rng, "full", n_features=5)
    X = rng.normal(size=(30, 5))
    fig, ax = plt.subplots()
    artists = gp.plot_mixture_2d(X, state, dims=(0, 2), ax=ax)
    assert artists.note.get_text() == "showing features 0 and 2 of 5"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x[0]", "x[2]")
    np.testing.assert_allclose(artists.points.get_offsets(), X[:, [0, 2]])
    _assert_ellipses_show(artists.ellipses, state, dims=(0, 2))
    assert gp.plot_mixture_2d(X[:, :2], _state(rng, "full"), ax=ax).note is None


def test_update_moves_the_2d_view_to_the_new_state(X, history):
    first, last = history.states[0], history.states[-1]
    artists = gp.plot_mixture_2d(X, first)
    gp.update_mixture_2d(artists, last, last.responsibilities(X))
    np.testing.assert_allclose(artists.means.get_offsets(), last.means)
    _assert_ellipses_show(artists.ellipses, last)
    np.testing.assert_allclose(artists.points.get_facecolors(),
                               gp.blend_colors(last.responsibilities(X)))
    assert f"{last.weights[0]:.2f}" in artists.legend.get_texts()[0].get_text()


def test_an_update_asks_the_canvas_for_a_redraw(X, history):
    artists = gp.plot_mixture_2d(X, history.states[0])
    canvas = artists.points.figure.canvas
    calls = []
    canvas.draw_idle = lambda *args, **kwargs: calls.append(1)
    gp.update_mixture_2d(artists, history.states[1])
    gp.update_mixture_2d(artists, history.states[2], draw=False)
    assert calls == [1]


def test_update_refuses_another_number_of_components(X, history, rng):
    artists = gp.plot_mixture_2d(X, history.states[0])
    with pytest.raises(ValueError, match="drawn for 3 components"):
        gp.update_mixture_2d(artists, _state(rng, "full", n_components=2))


# --- a transition ----------------------------------------------------------------------


def test_transition_draws_old_ellipses_dashed_and_arrows_from_old_to_new_means(X, history):
    before, after = history.states[0], history.states[1]
    artists = gp.plot_transition(X, before, after, before.responsibilities(X))
    _assert_ellipses_show(artists.after.ellipses, after)
    _assert_ellipses_show(artists.previous, before)
    assert artists.previous[0][0].get_linestyle() != artists.after.ellipses[0][0].get_linestyle()
    for arrow, old, new in zip(artists.arrows, before.means, after.means, strict=True):
        assert arrow.get_visible()
        tail, tip = _arrow_ends(arrow)
        np.testing.assert_allclose(tail, old, atol=1e-9)
        # The tip stops a few points short of the new mean, on the way to it.
        np.testing.assert_allclose((tip - old) / np.linalg.norm(tip - old),
                                   (new - old) / np.linalg.norm(new - old), atol=0.02)
        assert np.linalg.norm(tip - old) <= np.linalg.norm(new - old)
    assert "dashed" in artists.after.legend.get_texts()[-1].get_text()


def test_transition_can_hide_the_previous_state(X, history):
    before, after = history.states[0], history.states[1]
    artists = gp.plot_transition(X, before, after)
    gp.update_transition(artists, before, after, show_previous=False)
    assert not any(e.get_visible() for ring in artists.previous for e in ring)
    assert not any(a.get_visible() for a in artists.arrows)
    assert not artists.after.legend.get_texts()[-1].get_visible()


# --- the 1D view -----------------------------------------------------------------------


def test_1d_curves_are_the_weighted_densities_and_their_sum(X1, history_1d):
    state = history_1d.states[2]
    fig, ax = plt.subplots()
    artists = gp.plot_mixture_1d(X1, state, state.responsibilities(X1), ax=ax)
    x = artists.mixture.get_xdata()
    sds = np.sqrt(state.covariances.ravel())
    expected = np.column_stack([
        w * norm.pdf(x, m, s)
        for w, m, s in zip(state.weights, state.means.ravel(), sds, strict=True)
    ])
    for k, line in enumerate(artists.components):
        np.testing.assert_allclose(line.get_ydata(), expected[:, k], rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(artists.mixture.get_ydata(), expected.sum(axis=1), rtol=1e-10)
    # A narrow component's peak is on the grid, not between two grid points.
    assert set(state.means.ravel()) <= set(x)
    np.testing.assert_allclose(artists.rug.get_facecolors(),
                               gp.blend_colors(state.responsibilities(X1)))
    assert ax.get_ylim()[1] >= expected.sum(axis=1).max()


def test_1d_update_moves_the_curves(X1, history_1d):
    first, last = history_1d.states[0], history_1d.states[-1]
    artists = gp.plot_mixture_1d(X1, first)
    gp.update_mixture_1d(artists, last, last.responsibilities(X1))
    x = artists.components[0].get_xdata()
    expected = last.weights[0] * norm.pdf(x, last.means[0, 0], np.sqrt(last.covariances[0, 0, 0]))
    np.testing.assert_allclose(artists.components[0].get_ydata(), expected,
                               rtol=1e-10, atol=1e-300)
    assert f"{last.weights[1]:.2f}" in artists.legend.get_texts()[1].get_text()


def _pixels_of(image, color, tolerance=12):
    """Where a rendered RGB image (rows top down) has ``color``, within ``tolerance``."""
    target = np.array(to_rgb(color)) * 255
    return np.abs(image.astype(float) - target).max(axis=-1) <= tolerance


@pytest.mark.parametrize("n_components, random_state", [(3, 3), (5, 0), (8, 3)])
def test_a_start_on_single_points_shows_every_component_and_no_colour_on_the_baseline(
        n_components, random_state):
    # Each component sits on one point: a spike, and zero everywhere else. The explorer
    # draws this start; no component's zero may cover the others' along the baseline.
    X = gl.datasets.tutorial_1d()
    model = gl.GaussianMixture(n_components, init_params="random_from_data",
                               random_state=random_state).fit(X)
    fig = plt.figure(figsize=gp.em_step_figsize(X), layout="constrained", dpi=100)
    artists = gp.plot_em_step(X, model.history_, 0, axes=gp.em_step_axes(1, fig=fig),
                              words=False)
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    ax = artists.view.mixture.axes
    height = image.shape[0]
    x0, x1 = int(ax.bbox.x0) + 2, int(ax.bbox.x1) - 2
    panel = image[height - int(ax.bbox.y1) + 2:height - int(ax.bbox.y0) - 2, x0:x1]
    zero = height - int(round(ax.transData.transform((0, 0))[1]))
    baseline = image[zero - 2:zero + 3, x0:x1]
    for k, color in enumerate(gp.component_colors(n_components)):
        # Its spike is drawn, and along the baseline it takes no more than the width
        # of that spike.
        assert _pixels_of(panel, color).sum() > 100, k
        assert _pixels_of(baseline, color).any(axis=0).mean() < 0.03, k


def test_responsibility_bands_stack_the_engines_responsibilities(X1, history_1d):
    state = history_1d.states[-1]
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True)
    gp.plot_mixture_1d(X1, state, ax=top)
    artists = gp.plot_responsibilities_1d(X1, state, ax=bottom)
    resp = state.responsibilities(artists.grid[:, None])
    for k, band in enumerate(artists.bands):
        upper = band.get_paths()[0].vertices[: len(artists.grid), 1]
        np.testing.assert_allclose(upper, resp[:, : k + 1].sum(axis=1), atol=1e-12)
    assert bottom.get_xlim() == top.get_xlim()
    gp.update_responsibilities_1d(artists, None)
    assert artists.message.get_visible() and not any(b.get_visible() for b in artists.bands)


# --- the log-likelihood curve ----------------------------------------------------------


@pytest.mark.parametrize("index, words", [
    (0, "start"), (5, "iteration 3, E-step"), (6, "iteration 3, M-step"),
])
def test_the_marker_sits_on_the_log_likelihood_of_the_state_shown(history, index, words):
    artists = gp.plot_log_likelihood(history, index)
    shown = history.half_step(index).params
    assert list(artists.marker.get_xdata()) == [shown]
    assert list(artists.marker.get_ydata()) == [history.log_likelihoods[shown]]
    assert artists.label.get_text().startswith(words)
    np.testing.assert_array_equal(artists.done.get_ydata(), history.log_likelihoods[: shown + 1])


def test_the_log_likelihood_marker_follows_updates(history):
    artists = gp.plot_log_likelihood(history, 0)
    gp.update_log_likelihood(artists, history, 2 * N_ITER)
    assert list(artists.marker.get_ydata()) == [history.log_likelihoods[N_ITER]]
    assert f"iteration {N_ITER}, M-step" in artists.label.get_text()


def test_a_log_likelihood_that_barely_changes_is_drawn_flat_in_plain_numbers(X):
    history = gl.run_em(X, gl.MixtureState.from_parameters(
        np.full(3, 1 / 3), X[[0, 60, 120]], np.stack([np.eye(2)] * 3)), max_iter=40)
    final = gl.run_em(X, history.states[-1], tol=0.0, max_iter=3)
    assert np.ptp(final.log_likelihoods) < 1e-2
    artists = gp.plot_log_likelihood(final, 0)
    ax = artists.curve.axes
    bottom, top = ax.get_ylim()
    assert top - bottom >= 1.0
    ax.figure.canvas.draw()
    assert ax.yaxis.get_offset_text().get_text() == ""
    # Each tick reads as the log-likelihood itself, not as an offset from it.
    ticks = [float(tick.get_text().replace("\N{MINUS SIGN}", "-"))
             for tick in ax.get_yticklabels()]
    assert min(ticks) <= final.log_likelihoods[-1] <= max(ticks)


def test_a_start_far_below_the_rest_is_left_off_the_scale(X):
    # A component started on one point with a tiny covariance: the start is ~1e5 below.
    start = gl.MixtureState.from_parameters(np.full(3, 1 / 3), X[[0, 1, 2]],
                                            np.stack([1e-6 * np.eye(2)] * 3))
    history = gl.run_em(X, start, tol=0.0, max_iter=6)
    ll = history.log_likelihoods
    artists = gp.plot_log_likelihood(history, 0)
    bottom, top = artists.curve.axes.get_ylim()
    assert ll[0] < bottom <= ll[1:].min() and top >= ll.max()
    assert artists.marker.get_ydata()[0] == bottom and artists.marker.get_marker() == "v"
    assert "below the scale" in artists.label.get_text()
    # The words a host shows next to the value (the explorer's caption) say the same.
    text, below = gp.shown_log_likelihood(artists, history, 0)
    assert below and text == f"{gp.format_log_likelihood(ll[0])} (below the scale)"
    assert artists.label.get_text().endswith(f"log-likelihood {text}")
    text, below = gp.shown_log_likelihood(artists, history, 2)
    assert not below and text == f"{ll[1]:.1f}"


# --- a half-step of a history ----------------------------------------------------------


@pytest.mark.parametrize("index, title", [
    (0, "Start"), (3, "Iteration 2 — after the E-step"), (4, "Iteration 2 — after the M-step"),
])
def test_em_step_title_names_the_iteration_and_phase(X, history, index, title):
    artists = gp.plot_em_step(X, history, index)
    assert artists.title.get_text().startswith(title)


def test_em_step_shows_the_half_step_semantics(X, history):
    artists = gp.plot_em_step(X, history, 0)
    view = artists.view.after
    assert np.allclose(view.points.get_facecolors()[:, :3], to_rgb(gp.NO_RESPONSIBILITY_COLOR))
    colours_of_state_2 = gp.blend_colors(history.responsibilities(2, X))
    # E-step of iteration 3: colours from state 2, ellipses still at state 2.
    gp.update_em_step(artists, X, history, 5)
    np.testing.assert_allclose(view.points.get_facecolors(), colours_of_state_2)
    _assert_ellipses_show(view.ellipses, history.states[2])
    assert not artists.view.arrows[0].get_visible()
    # Its M-step: ellipses move to state 3, the previous ones (state 2) shown dashed.
    gp.update_em_step(artists, X, history, 6)
    _assert_ellipses_show(view.ellipses, history.states[3])
    _assert_ellipses_show(artists.view.previous, history.states[2])
    assert artists.view.previous[0][0].get_visible()
    np.testing.assert_allclose(view.points.get_facecolors(), colours_of_state_2)
    assert artists.title.get_text().startswith("Iteration 3 — after the M-step")
    assert list(artists.log_likelihood.marker.get_ydata()) == [history.log_likelihoods[3]]


def test_em_step_in_one_dimension_adds_the_responsibilities_panel(X1, history_1d):
    artists = gp.plot_em_step(X1, history_1d, 0)
    assert artists.responsibilities.message.get_visible()
    gp.update_em_step(artists, X1, history_1d, 1)
    assert not artists.responsibilities.message.get_visible()
    np.testing.assert_allclose(artists.view.rug.get_facecolors(),
                               gp.blend_colors(history_1d.responsibilities(0, X1)))


def test_a_1d_replay_keeps_one_density_scale_that_fits_every_settled_state(X1):
    # Started on single points: the spikes of the start (collapsed, reg_covar wide)
    # run off the top; every later state's mixture fits under it.
    start = gl.MixtureState.from_parameters(np.full(3, 1 / 3), X1[[0, 25, 50]],
                                            np.full((3, 1, 1), 1e-6))
    history = gl.run_em(X1, start, tol=0.0, max_iter=5)
    artists = gp.plot_em_step(X1, history, 0)
    ax = artists.view.mixture.axes
    limits = ax.get_ylim()
    assert artists.view.mixture.get_ydata().max() > 1e2 * limits[1]
    for index in range(1, history.n_half_steps):
        gp.update_em_step(artists, X1, history, index)
        assert ax.get_ylim() == limits
    settled = [gp.plot_mixture_1d(X1, state, ax=plt.figure().add_subplot())
               for state in history.states[1:]]
    tallest = max(view.mixture.get_ydata().max() for view in settled)
    assert tallest < limits[1] < 1.1 * tallest


def test_without_words_the_step_view_changes_no_text(X, X1, history, history_1d):
    # What an explorer shows as page text instead: the title, the value over the curve
    # and the weights in the legend are left out, and the legend stays the same.
    for data, hist in ((X, history), (X1, history_1d)):
        artists = gp.plot_em_step(data, hist, 0, words=False)
        legend = artists.view.after.legend if data.shape[1] == 2 else artists.view.legend
        names = [text.get_text() for text in legend.get_texts()]
        assert names[:3] == ["component 0", "component 1", "component 2"]
        assert artists.title is None and artists.log_likelihood.label is None
        assert not artists.log_likelihood.marker.figure.get_suptitle()
        gp.update_em_step(artists, data, hist, hist.n_half_steps - 1)
        assert [text.get_text() for text in legend.get_texts()] == names
        assert artists.log_likelihood.curve.axes.get_title() == ""
        plt.close("all")


def test_plot_functions_draw_on_the_given_axes_and_make_no_figure(X, X1, history, history_1d):
    fig, (ax, ax2) = plt.subplots(1, 2)
    state = history.states[1]
    before = plt.get_fignums()
    drawn = [
        gp.plot_mixture_2d(X, state, ax=ax).points,
        gp.plot_transition(X, history.states[0], state, ax=ax).arrows[0],
        gp.plot_mixture_1d(X1, history_1d.states[1], ax=ax2).mixture,
        gp.plot_responsibilities_1d(X1, history_1d.states[1], ax=ax2).bands[0],
        gp.plot_log_likelihood(history, 3, ax=ax2).marker,
        gp.plot_covariance([0, 0], np.eye(2), ax=ax).ellipses[0],
    ]
    assert plt.get_fignums() == before
    assert [artist.axes for artist in drawn] == [ax, ax, ax2, ax2, ax2, ax]
    axes = gp.em_step_axes(2, fig=plt.figure())
    before = plt.get_fignums()
    gp.plot_em_step(X, history, 2, axes=axes)
    assert plt.get_fignums() == before


# --- static strip and animation ---------------------------------------------------------


def test_strip_has_one_panel_per_iteration_clipped_to_the_history(X, history):
    fig = gp.plot_em_strip(X, history, iterations=(0, 1, 5, 20))
    titles = [ax.get_title().split("\n")[0] for ax in fig.axes]
    assert titles == ["start", "iteration 1", "iteration 5", f"iteration {N_ITER} (last)"]
    assert len(gp.plot_em_strip(X, history, iterations=(0, 50, 60)).axes) == 2


def test_strip_panels_show_the_state_after_that_m_step(X, history):
    fig = gp.plot_em_strip(X, history, iterations=(0, 5))
    start_points, late_points = (ax.collections[0] for ax in fig.axes)
    assert np.allclose(start_points.get_facecolors()[:, :3], to_rgb(gp.NO_RESPONSIBILITY_COLOR))
    np.testing.assert_allclose(late_points.get_facecolors(),
                               gp.blend_colors(history.responsibilities(4, X)))
    np.testing.assert_allclose(fig.axes[1].collections[1].get_offsets(), history.states[5].means)



def test_half_step_panels_show_e_and_m_steps_apart(X, history):
    fig = gp.plot_half_steps(X, history, [0, 1, 2], n_cols=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == [
        "start", "iteration 1, after the E-step", "iteration 1, after the M-step"]
    assert len(fig.axes) == 4 and not fig.axes[3].get_visible()  # a 2 x 2 grid, one empty
    e_step, m_step = visible[1], visible[2]
    # The E-step recolours the points and leaves the means; the M-step moves them.
    np.testing.assert_allclose(e_step.collections[0].get_facecolors(),
                               gp.blend_colors(history.responsibilities(0, X)))
    np.testing.assert_allclose(e_step.collections[1].get_offsets(), history.states[0].means)
    np.testing.assert_allclose(m_step.collections[1].get_offsets(), history.states[1].means)


def test_half_step_panels_hold_every_ellipse_whole():
    # A start whose circles reach beyond the data, as in Bishop's fig. 9.8.
    X = gl.datasets.old_faithful(standardize=True)
    start = gl.MixtureState.from_parameters([0.5, 0.5], [[-1.5, 1.0], [1.5, -1.0]],
                                            np.stack([0.5 * np.eye(2)] * 2))
    history = gl.run_em(X, start, tol=0, max_iter=2)
    reach = 2 * np.sqrt(0.5)
    beyond = start.means + reach
    assert beyond[1, 0] > X[:, 0].max() + 0.1  # the orange circle leaves the data's box
    fig = gp.plot_half_steps(X, history, [0, 4], radii=(1, 2))
    (x_low, x_high), (y_low, y_high) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    assert x_low <= (start.means[:, 0] - reach).min() and x_high >= beyond[:, 0].max()
    assert y_low <= (start.means[:, 1] - reach).min() and y_high >= beyond[:, 1].max()
    cut = gp.plot_half_steps(X, history, [0, 4], radii=(1, 2), fit_ellipses=False)
    assert cut.axes[0].get_xlim()[1] < beyond[1, 0]


@pytest.mark.parametrize("half_steps", [[], [-1], [99], [1.5], [True]])
def test_half_step_panels_name_a_bad_index(X, history, half_steps):
    with pytest.raises(ValueError, match="half_steps must be integers"):
        gp.plot_half_steps(X, history, half_steps)

def test_animation_frames_are_bounded_and_keep_the_ends():
    assert gp.animation_frames(9, max_frames=30) == list(range(9))
    frames = gp.animation_frames(201, max_frames=30)
    assert len(frames) <= 30 and frames[0] == 0 and frames[-1] == 200
    assert frames == sorted(set(frames))
    assert frames[:15] == list(range(15))  # the first iterations, E and M alike


def test_animation_plays_the_history_through_the_update_functions(X, history):
    anim = gp.em_animation(X, history, max_frames=7, figsize=(5, 2.5), dpi=30)
    frames = list(anim.new_frame_seq())
    assert frames == gp.animation_frames(history.n_half_steps, 7)
    assert not plt.get_fignums()  # not a pyplot figure: nothing shown twice in a notebook
    html = anim.to_jshtml()
    assert html.count("data:image/jpeg;base64") == len(frames)
    assert len(html) < 7 * 20_000
    # A screen reader hears what the picture shows, and a name for the frame slider.
    last = (frames[-1] + 1) // 2
    described = f"EM on {len(X)} points, {len(frames)} frames from the start to iteration {last}"
    assert re.search(rf'<img alt="{described}[^"]*" id="_anim_img', html)
    assert re.search(rf'class="anim-slider" aria-label="frame of {described}', html)


def test_a_player_whose_markup_changed_is_not_passed_on_unnamed():
    from gmm_lesson.plotting.animation import _name_player

    with pytest.raises(RuntimeError, match="player has changed"):
        _name_player('<img src="x"><input type="range">', "EM's run")
    assert 'alt="a &quot;quoted&quot; run"' in _name_player(
        '<img id="_anim_img1"><input class="anim-slider">', 'a "quoted" run')


# --- the covariance playground ---------------------------------------------------------


def test_covariance_view_draws_its_ellipses_labels_and_matrix(rng):
    covariance = np.array([[4.0, 2.4], [2.4, 2.25]])
    samples = rng.multivariate_normal([1, 2], covariance, size=50)
    artists = gp.plot_covariance([1, 2], covariance, samples)
    widths, heights, angle = gl.ellipse_geometry(covariance, np.array([1.0, 2.0, 3.0]))
    for ellipse, w, h in zip(artists.ellipses, widths, heights, strict=True):
        np.testing.assert_allclose(ellipse.get_center(), [1, 2])
        np.testing.assert_allclose([ellipse.get_width(), ellipse.get_height()], [w, h])
        assert ellipse.get_angle() == pytest.approx(angle)
    assert [t.get_text() for t in artists.labels] == ["1σ: 39%", "2σ: 86%", "3σ: 99%"]
    assert "4.00" in artists.matrix.get_text() and "2.40" in artists.matrix.get_text()
    np.testing.assert_allclose(artists.samples.get_offsets(), samples)


def test_mass_labels_sit_on_their_ellipses_and_inside_the_view():
    # At the start the 3-sigma ellipse fits; stretched, its right-hand end leaves the
    # frame and its label moves round the ellipse to a point still in view.
    artists = gp.plot_covariance([0, 0], np.diag([1.0, 0.5]), limits=(-4, 4))
    tip = artists.labels[0].get_position()
    np.testing.assert_allclose(tip, [1.0, 0.0], atol=1e-12)  # the end of the major axis
    covariance = np.array([[7.29, 2.63], [2.63, 2.25]])
    gp.update_covariance(artists, [0, 0], covariance)
    widths, heights, angle = gl.ellipse_geometry(covariance, np.array([1.0, 2.0, 3.0]))
    precision = np.linalg.inv(covariance)
    for label, radius in zip(artists.labels, (1, 2, 3), strict=True):
        assert label.get_visible()
        x, y = label.get_position()
        assert -4 < x < 4 and -4 < y < 4
        point = np.array([x, y])
        assert point @ precision @ point == pytest.approx(radius**2)
    assert np.hypot(widths[2] / 2, 0) > 4  # the 3-sigma label did have to move
    # An ellipse wholly outside the view has no label.
    gp.update_covariance(artists, [0, 0], np.diag([16.0, 9.0]))
    assert not artists.labels[2].get_visible() and artists.labels[0].get_visible()


# Gaussians the covariance playground's sliders reach: standard deviations 0.2 to 3 and
# correlations to +-0.95, or axes 0.05 to 4.5 long at any rotation.
PLAYGROUND_GAUSSIANS = [
    gl.covariance_from_correlation(1.5, 1.0, 0.6),  # the playground's start
    gl.covariance_from_correlation(1.0, 0.2, 0.0),  # flat
    gl.covariance_from_correlation(3.0, 0.2, 0.0),  # flat and wider than the view
    gl.covariance_from_correlation(0.2, 3.0, 0.0),  # tall
    gl.covariance_from_correlation(1.5, 1.0, 0.95),
    gl.covariance_from_correlation(1.5, 1.0, -0.95),
    gl.covariance_from_correlation(3.0, 3.0, 0.95),
    gl.covariance_from_correlation(3.0, 0.3, -0.95),
    gl.covariance_from_correlation(0.2, 0.2, 0.95),
    gl.covariance_from_correlation(0.2, 0.2, 0.0),  # smaller than its labels
    gl.covariance_from_correlation(3.0, 3.0, 0.0),  # the 3-sigma circle only in the corners
    gl.covariance_from_axes(4.5, 0.05, 30.0),
    gl.covariance_from_axes(4.5, 0.3, 89.0),
    gl.covariance_from_axes(0.6, 0.05, -60.0),
]


def _check_mass_labels(artists):
    """The label boxes as drawn: none over another or over a corner text, each in view
    with its anchor on its own ellipse. Returns which labels are shown."""
    fig = artists.mean.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = artists.mean.axes
    shown = [label for label in artists.labels if label.get_visible()]
    boxes = [label.get_bbox_patch().get_window_extent(renderer) for label in shown]
    corners = [text.get_bbox_patch().get_window_extent(renderer)
               for text in (artists.matrix, artists.note) if text.get_visible()]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1:] + corners), (
            [label.get_text() for label in shown], [b.extents.round() for b in boxes])
        assert ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1
        assert ax.bbox.y0 <= box.y0 and box.y1 <= ax.bbox.y1
    for label in shown:
        radius = artists.radii[artists.labels.index(label)]
        ellipse = artists.ellipses[artists.labels.index(label)]
        centre = np.asarray(ellipse.get_center())
        # On the ellipse: in the ellipse's own axes, (u / a)^2 + (v / b)^2 = 1.
        theta = np.radians(ellipse.get_angle())
        u, v = np.array([[np.cos(theta), np.sin(theta)], [-np.sin(theta), np.cos(theta)]]) @ (
            np.asarray(label.get_position()) - centre)
        assert (u / (ellipse.get_width() / 2)) ** 2 + (v / (ellipse.get_height() / 2)) ** 2 == (
            pytest.approx(1.0, rel=1e-9)), (label.get_text(), radius)
    return [label.get_visible() for label in artists.labels]


@pytest.mark.parametrize("covariance", PLAYGROUND_GAUSSIANS)
def test_mass_labels_never_overlap_and_each_sits_on_its_own_ellipse(covariance):
    # At the playground's size and frame, moved there from its start as a slider does.
    fig = plt.figure(figsize=(5.0, 4.6), layout="constrained")
    start = PLAYGROUND_GAUSSIANS[0]
    artists = gp.plot_covariance([0, 0], start, limits=(-7, 7), ax=fig.add_subplot())
    gp.update_covariance(artists, [0, 0], covariance)
    assert _check_mass_labels(artists) == [True, True, True]
    # Drawn at once at that Gaussian, in a figure of another size.
    fig = plt.figure(figsize=(4.0, 4.0), layout="constrained")
    artists = gp.plot_covariance([0, 0], covariance, limits=(-7, 7), ax=fig.add_subplot())
    assert _check_mass_labels(artists) == [True, True, True]


@pytest.mark.parametrize("covariance", [
    gl.covariance_from_correlation(1.5, 1.0, 0.6),
    gl.covariance_from_correlation(3.0, 3.0, 0.95),
    gl.covariance_from_correlation(3.0, 3.0, -0.95),
    gl.covariance_from_correlation(3.0, 3.0, 0.0),
])
def test_where_the_ellipses_leave_room_no_label_covers_another_ellipse(covariance):
    # A label over a second line reads as that line's: the 3-sigma label between the
    # 1- and 2-sigma ellipses says 99% of the wrong one.
    fig = plt.figure(figsize=(5.0, 4.6), layout="constrained")
    artists = gp.plot_covariance([0, 0], covariance, limits=(-7, 7), ax=fig.add_subplot())
    assert _check_mass_labels(artists) == [True, True, True]
    renderer = fig.canvas.get_renderer()
    turns = np.linspace(0, 2 * np.pi, 2000)
    for k, label in enumerate(artists.labels):
        box = label.get_bbox_patch().get_window_extent(renderer)
        for j, ellipse in enumerate(artists.ellipses):
            theta = np.radians(ellipse.get_angle())
            rotation = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
            circle = np.c_[np.cos(turns), np.sin(turns)]
            line = (ellipse.get_center()
                    + circle * [ellipse.get_width() / 2, ellipse.get_height() / 2] @ rotation.T)
            x, y = artists.mean.axes.transData.transform(line).T
            covered = (x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)
            assert j == k or not covered.any(), (label.get_text(), artists.radii[j])


def test_mass_labels_round_a_point_sized_gaussian_leave_out_what_does_not_fit():
    # Axes of 0.05 and 0.07 in a frame of 14: ellipses a few pixels across.
    fig = plt.figure(figsize=(5.0, 4.6), layout="constrained")
    artists = gp.plot_covariance([0, 0], gl.covariance_from_axes(0.05, 0.07, 10.0),
                                 limits=(-7, 7), ax=fig.add_subplot())
    assert sum(_check_mass_labels(artists)) >= 2


def test_covariance_update_moves_ellipses_and_keeps_the_frame():
    artists = gp.plot_covariance([0, 0], np.eye(2), limits=(-5, 5))
    ax = artists.mean.axes
    new = np.array([[2.0, -1.6], [-1.6, 2.0]])
    gp.update_covariance(artists, [0.5, 0], new)
    widths, heights, angle = gl.ellipse_geometry(new, 3.0)
    assert artists.ellipses[2].get_width() == pytest.approx(widths)
    assert artists.ellipses[2].get_angle() == pytest.approx(angle)
    assert "-1.60" in artists.matrix.get_text()
    assert ax.get_xlim() == (-5, 5)
    # The matrix moves to the corner a negative correlation leaves free.
    assert artists.matrix.get_position()[0] > 0.5


def test_ellipse_axes_are_eigenvectors_scaled_by_standard_deviations():
    covariance = np.array([[2.0, 1.2], [1.2, 1.0]])
    mean = np.array([1.0, 2.0])
    fig, ax = plt.subplots()
    artists = gp.plot_ellipse_axes(mean, covariance, ax=ax)
    eigenvalues = np.linalg.eigvalsh(covariance)[::-1]
    for arrow, value in zip(artists.arrows, eigenvalues, strict=True):
        start, tip = arrow._posA_posB
        assert np.allclose(start, mean)
        # The tip lies on the 1-sigma ellipse, sqrt(eigenvalue) from the mean.
        assert np.linalg.norm(np.subtract(tip, mean)) == pytest.approx(np.sqrt(value))
        assert gl.mahalanobis([tip], mean, covariance)[0] == pytest.approx(1.0)
    assert artists.labels[0].get_text().startswith("sqrt(2.8) = 1.67")
    plt.close(fig)


def test_whitening_turns_ellipses_into_circles_and_distances_into_lengths():
    covariance = np.array([[2.0, 1.2], [1.2, 1.0]])
    mean = np.array([1.0, 2.0])
    points = np.array([[2.5, 3.0], [1.6, 1.2]])
    samples = np.random.default_rng(0).multivariate_normal(mean, covariance, 50)
    artists = gp.plot_whitening(mean, covariance, points, samples)
    images = artists.points_after.get_offsets()
    np.testing.assert_allclose(np.linalg.norm(images, axis=1),
                               gl.mahalanobis(points, mean, covariance))
    for ellipse, radius in zip(artists.after.ellipses, artists.after.radii, strict=True):
        assert ellipse.width == pytest.approx(2 * radius) == ellipse.height
    np.testing.assert_allclose(artists.after.samples.get_offsets(),
                               gl.whiten(samples, mean, covariance))
    texts = [label.get_text() for label in artists.labels]
    assert texts[1] == f"length {gl.mahalanobis(points[:1], mean, covariance)[0]:.2f}"
    plt.close("all")


def test_criteria_view_zooms_on_the_minima_and_says_what_it_leaves_out():
    ks = np.arange(1, 9)
    bic = np.array([12803.2, 11285.5, 10484.5, 9531.4, 8808.1, 8832.1, 8872.4, 8904.3])
    aic = np.array([12778.6, 11231.5, 10401.1, 9418.5, 8665.8, 8660.3, 8671.2, 8673.6])
    fig, ax = plt.subplots()
    artists = gp.plot_criteria(ks, {"BIC": bic, "AIC": aic}, ax=ax)
    low, high = ax.get_ylim()
    assert low < aic.min() and high > bic[4:].max()  # every value from K = 5 on is in view
    assert high < aic[3]  # K = 4 and below are not
    assert artists.note.get_visible()
    assert artists.note.get_text() == "K = 1 to 4 lie above the view,\nat 9418 to 12803"
    single = gp.plot_criteria(ks, {"BIC": np.r_[20000.0, 8900, 8850, 8820, bic[4:]]},
                              ax=plt.subplots()[1])
    assert single.note.get_text() == "K = 1 lies above the view,\nat 20000"
    assert [star.get_xdata()[0] for star in artists.stars] == [5, 6]
    assert [curve.get_label() for curve in artists.curves] == [
        "BIC: lowest at K = 5", "AIC: lowest at K = 6"]
    plt.close(fig)


def test_log_density_view_shades_the_mixture_and_draws_the_threshold():
    X = gl.datasets.five_blobs()
    model = gl.GaussianMixture(5, random_state=0).fit(X)
    threshold = float(np.percentile(model.score_samples(X), 1))
    fig, ax = plt.subplots()
    artists = gp.plot_log_density(X, model.state_, threshold=threshold, ax=ax)
    levels = artists.shade.levels
    assert np.all(levels == np.round(levels)) and levels[0] <= threshold - 10
    # The threshold line runs where the model's log-density equals the threshold.
    line = np.concatenate([path.vertices for path in artists.threshold.get_paths()])
    np.testing.assert_allclose(model.score_samples(line), threshold, atol=0.05)
    plt.close(fig)


def test_state_log_density_is_the_estimators_score_samples():
    X = gl.datasets.old_faithful()
    model = gl.GaussianMixture(2, random_state=0).fit(X)
    np.testing.assert_allclose(model.state_.log_density(X), model.score_samples(X), rtol=1e-12)
