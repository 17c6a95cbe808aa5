"""The views of why EM climbs (plotting.bound, bound_curves, kmeans), read back from the
artists: the bars are em.bound_at's numbers, the curves em.bound_along_line's, and the
soft colours of one EM step harden into k-means's as sigma shrinks."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import blobs
from matplotlib.colors import to_rgb
from sklearn.cluster import KMeans

import gmm_lesson as gl
from gmm_lesson import datasets, em
from gmm_lesson import plotting as gp


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def X():
    return datasets.stretched_blobs()


@pytest.fixture(scope="module")
def history(X):
    # From k-means clusters: every half-step on one scale (-3004 to -2969), the gaps
    # closing from 9.4 to 0.01.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # tol=0: "did not converge"
        return gl.GaussianMixture(3, init_params="kmeans", random_state=0, tol=0.0,
                                  max_iter=8).fit(X).history_


@pytest.fixture(scope="module")
def point_start(X):
    """A run from single data points: its start is a billion below the rest."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gl.GaussianMixture(3, init_params="random_from_data",
                                  random_state=3).fit(X).history_


def bar_heights(parts):
    """(L part, KL part, whole bar) heights and the top's y of one bar, as drawn."""
    solid, gap, whole, top = parts
    return ([patch.get_height() if patch.get_visible() else 0.0 for patch in (solid, gap, whole)],
            top.get_ydata()[0])


# --- the bar ----------------------------------------------------------------------------------


def test_the_bar_is_bound_at_split_into_l_and_kl_at_every_half_step(X, history):
    artists = gp.plot_bound_bar(X, history, 0)
    base = artists.baseline
    for index in range(1, history.n_half_steps):
        gp.update_bound_bar(artists, X, history, index)
        split = em.bound_at(X, history, index)
        (solid, gap, whole), top = bar_heights(artists[:4])
        assert solid == pytest.approx(split.bound - base, rel=1e-12)
        assert gap == pytest.approx(split.gap, abs=1e-9)
        assert whole == 0.0
        assert top == pytest.approx(split.log_likelihood, rel=1e-12)
        # The previous half-step's bar, beside it, is that half-step's split.
        before = em.bound_at(X, history, index - 1)
        (solid, gap, whole), top = bar_heights(artists.previous)
        if before.bound is None:
            assert (solid, gap) == (0.0, 0.0)
            assert whole == pytest.approx(before.log_likelihood - base)
        else:
            assert solid == pytest.approx(before.bound - base, rel=1e-12)
            assert gap == pytest.approx(before.gap, abs=1e-9)
        assert top == pytest.approx(before.log_likelihood, rel=1e-12)


def test_an_e_step_closes_the_gap_and_an_m_step_opens_it_under_a_higher_top(X, history):
    artists = gp.plot_bound_bar(X, history, 3)     # the E-step of iteration 2
    assert not artists.gap.get_visible()
    assert artists.numbers.gap.get_text() == "0.0"
    assert artists.bound.get_height() == pytest.approx(
        history.log_likelihoods[1] - artists.baseline, rel=1e-12)
    e_top = artists.top.get_ydata()[0]
    gp.update_bound_bar(artists, X, history, 4)    # its M-step
    assert artists.gap.get_visible() and artists.gap.get_height() > 0
    # L rose with q held, and the log-likelihood rose by at least as much.
    assert artists.bound.get_y() + artists.bound.get_height() > e_top
    rise = artists.top.get_ydata()[0] - e_top
    assert rise >= artists.bound.get_y() + artists.bound.get_height() - e_top > 0


def test_the_y_limits_stay_put_while_stepping_and_hold_every_value(X, history):
    artists = gp.plot_bound_bar(X, history, 0)
    ax = artists.top.axes
    limits = ax.get_ylim()
    values = list(history.log_likelihoods)
    for index in range(history.n_half_steps):
        gp.update_bound_bar(artists, X, history, index)
        assert ax.get_ylim() == limits
        split = em.bound_at(X, history, index)
        values += [split.bound] if split.bound is not None else []
    # A baseline near the run's range, not zero: every value is on the scale, and the
    # run's range takes most of the axis.
    assert limits[0] < min(values) and max(values) < limits[1]
    assert (max(values) - min(values)) > 0.75 * (limits[1] - limits[0])
    assert artists.baseline == limits[0]
    assert ax.get_xlabel().replace("\n", " ") == f"bars from {limits[0]:g}, not 0"


def test_the_printed_numbers_add_up_to_the_digits_shown(X, history):
    artists = gp.plot_bound_bar(X, history, 0)
    for index in range(1, history.n_half_steps):
        gp.update_bound_bar(artists, X, history, index)
        shown = gp.shown_bound(artists)
        assert shown == tuple(text.get_text() for text in artists.numbers)
        assert shown == gp.format_bound(em.bound_at(X, history, index))
        total, lower, gap = (float(text) for text in shown)
        assert round(lower + gap, 1) == total
        split = em.bound_at(X, history, index)
        assert total == round(split.log_likelihood, 1)
        assert lower == round(split.bound, 1)
        assert abs(gap - split.gap) <= 0.1 + 1e-9


@pytest.mark.parametrize("split, expected", [
    (em.BoundAt(-3026.647, -3034.968, 8.321), ("-3026.6", "-3035.0", "8.4")),
    (em.BoundAt(-2969.1505, -2969.2699, 0.1194), ("-2969.2", "-2969.3", "0.1")),
    (em.BoundAt(-3045.0, -3045.0, 0.0), ("-3045.0", "-3045.0", "0.0")),
    (em.BoundAt(-6.606e9, -6.606e9, 0.0), ("-6.606e+09", "-6.606e+09", "0.0")),
    (em.BoundAt(-3045.0, None, None), ("-3045.0", None, None)),
])
def test_format_bound_rounds_so_that_the_parts_make_the_whole(split, expected):
    assert gp.format_bound(split) == expected


def test_at_the_start_there_is_no_q_yet(X, history):
    artists = gp.plot_bound_bar(X, history, 0)
    assert gp.shown_bound(artists) == (gp.format_log_likelihood(history.log_likelihoods[0]),
                                       None, None)
    assert artists.numbers.bound.get_text() == artists.numbers.gap.get_text() == "—"
    assert "no q yet" in artists.note.get_text() and "first E-step" in artists.note.get_text()
    assert artists.whole.get_visible()
    assert not artists.bound.get_visible() and not artists.gap.get_visible()
    assert not any(part.get_visible() for part in artists.previous)
    gp.update_bound_bar(artists, X, history, 1)
    assert artists.note.get_text() == "" and not artists.whole.get_visible()


def test_a_start_far_below_is_off_the_scale_and_marked(X, point_start):
    artists = gp.plot_bound_bar(X, point_start, 0)
    bottom, top = artists.top.axes.get_ylim()
    assert point_start.log_likelihoods[0] < -1e6 < bottom     # not flattened into a line
    assert bottom < point_start.log_likelihoods[1:].min()
    assert artists.below.get_visible() and not artists.top.get_visible()
    assert "below the scale" in artists.note.get_text()
    assert "e+" in gp.shown_bound(artists).log_likelihood    # four significant digits
    gp.update_bound_bar(artists, X, point_start, 2)            # on the scale after an M-step
    assert not artists.below.get_visible() and artists.top.get_visible()
    assert "below the scale" not in artists.note.get_text()


def test_the_bar_refuses_another_history(X, history, point_start):
    artists = gp.plot_bound_bar(X, history, 0)
    with pytest.raises(ValueError, match="another history"):
        gp.update_bound_bar(artists, X, point_start, 1)


def test_the_em_step_figure_carries_the_bar_when_its_axes_have_a_panel(X, history):
    for stacked in (False, True):
        fig = plt.figure(figsize=gp.em_step_figsize(X, stacked=stacked, bound=True))
        axes = gp.em_step_axes(2, fig=fig, stacked=stacked, bound=True)
        artists = gp.plot_em_step(X, history, 2, axes=axes)
        assert artists.bound is not None and artists.bound.top.axes is axes.bound
        gp.update_em_step(artists, X, history, 4)
        assert artists.bound.top.get_ydata()[0] == pytest.approx(history.log_likelihoods[2])
    assert gp.plot_em_step(X, history, 2).bound is None
    assert gp.em_step_figsize(X, bound=True)[0] == gp.BOUND_WIDTH


# --- the curves -------------------------------------------------------------------------------


def test_along_the_line_the_curves_are_bound_along_line_and_touch_then_part(X, history):
    before, after = history.states[1], history.states[2]
    q = before.responsibilities(X)
    ts = np.linspace(-0.5, 1.5, 41)
    artists = gp.plot_bound_along_line(X, q, before, after, ts=ts)
    log_likelihoods, bounds = em.bound_along_line(X, q, before, after, ts)
    np.testing.assert_array_equal(artists.log_likelihood.get_xdata(), ts)
    np.testing.assert_allclose(artists.log_likelihood.get_ydata(), log_likelihoods)
    np.testing.assert_allclose(artists.bound.get_ydata(), bounds)
    # They touch at t = 0, at the old log-likelihood ...
    assert artists.touch.get_xdata()[0] == 0.0
    assert artists.touch.get_ydata()[0] == pytest.approx(history.log_likelihoods[1])
    # ... and the bound peaks at t = 1 (the M-step), the new log-likelihood above it.
    peak, new = artists.peak.get_ydata()[0], artists.new.get_ydata()[0]
    assert peak >= bounds.max() - 1e-6
    assert new == pytest.approx(history.log_likelihoods[2]) and new > peak
    gap = new - peak
    assert artists.gap_label.get_text() == f"KL = {gap:.2f}"
    assert [label.get_text() for label in artists.touch.axes.get_xticklabels()] == [
        r"$\theta^{\mathrm{old}}$", r"$\theta^{\mathrm{new}}$"]


def test_along_one_mean_the_bound_is_a_parabola_peaking_at_the_weighted_mean():
    X = datasets.tutorial_1d()
    state = gl.MixtureState.from_parameters(np.full(3, 1 / 3), [[3.0], [4.0], [6.0]],
                                            np.full((3, 1, 1), 4.0))
    q = state.responsibilities(X)
    artists = gp.plot_bound_along_mean(X, q, state, 0)
    weighted = np.average(X[:, 0], weights=q[:, 0])      # the M-step's new mean, by hand
    assert artists.peak.get_xdata()[0] == pytest.approx(weighted)
    means, bounds = artists.bound.get_xdata(), artists.bound.get_ydata()
    assert abs(means[np.argmax(bounds)] - weighted) <= np.ptp(means) / (len(means) - 1)
    np.testing.assert_allclose(np.diff(bounds, 2), np.diff(bounds, 2)[0], rtol=1e-6)
    assert artists.touch.get_xdata()[0] == 3.0
    assert artists.touch.get_ydata()[0] == pytest.approx(state.log_likelihood(X))
    ll = em.bound_along_mean(X, q, state, 0, [weighted])[0][0]
    assert artists.new.get_ydata()[0] == pytest.approx(ll) and ll > artists.peak.get_ydata()[0]


def test_the_two_means_are_named_apart_and_the_gap_label_clears_the_curves():
    example = datasets.mml_example()
    start = gl.MixtureState.from_parameters(example.weights_init, example.means_init,
                                            example.covariances_init)
    q = start.responsibilities(example.X)
    fig, ax = plt.subplots(figsize=(7, 4))
    artists = gp.plot_bound_along_mean(example.X, q, start, 1,
                                       means=np.linspace(-1.5, 1.0, 201), ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    names = [text for text in ax.texts if "mean" in text.get_text()]
    assert sorted(text.get_text().split()[0] for text in names) == ["new", "old"]
    boxes = [text.get_window_extent(renderer) for text in names]
    assert not boxes[0].overlaps(boxes[1])
    # The axis keeps a numeric scale.
    assert len(ax.get_xticks()) >= 3
    # The gap (0.3 here) is too short to hold its label beside the arrow: it sits above
    # the log-likelihood's marker, clear of both curves.
    label = artists.gap_label.get_window_extent(renderer)
    for line in (artists.log_likelihood, artists.bound):
        points = ax.transData.transform(np.column_stack(line.get_data()))
        inside = ((points[:, 0] > label.x0) & (points[:, 0] < label.x1)
                  & (points[:, 1] > label.y0) & (points[:, 1] < label.y1))
        assert not inside.any()
    plt.close(fig)


# --- k-means as the limit of EM ---------------------------------------------------------------


def distance_to_pure(colors, n_components):
    """Each point's distance in RGB to the nearest component colour."""
    pure = gp.component_colors(n_components)
    return np.min(np.linalg.norm(colors[:, None, :3] - pure[None], axis=2), axis=1)


def test_the_soft_colours_harden_as_sigma_shrinks():
    X = blobs(np.random.default_rng(4), 300, 2, 3)
    means = X[[0, 1, 2]]
    artists = gp.plot_soft_kmeans(X, means, 10.0)
    spreads, hardness = [], []
    for sigma in (10.0, 3.0, 1.0, 0.3, 0.01):
        step = gp.update_soft_kmeans(artists, X, means, sigma)
        spreads.append(distance_to_pure(artists.points.get_facecolors(), 3).mean())
        hardness.append(step.hardness)
        np.testing.assert_allclose(artists.points.get_facecolors(), gp.blend_colors(step.resp))
        assert [circle.get_radius() for circle in artists.circles] == [sigma] * 3
    assert all(a > b for a, b in zip(spreads, spreads[1:], strict=False)), spreads
    assert all(a < b for a, b in zip(hardness, hardness[1:], strict=False)), hardness
    assert spreads[-1] < 1e-3 and hardness[-1] > 0.999


def test_at_a_small_sigma_the_em_step_is_the_k_means_step():
    X = blobs(np.random.default_rng(5), 200, 2, 3)
    means = X[[0, 1, 2]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # KMeans says one iteration did not converge
        lloyd = KMeans(3, init=means, n_init=1, max_iter=1).fit(X).cluster_centers_
    soft = gp.soft_kmeans_comparison(X, means, 50.0)
    hard = gp.soft_kmeans_comparison(X, means, 1e-3)
    np.testing.assert_allclose(hard.lloyd_means, lloyd, atol=1e-10)
    np.testing.assert_allclose(soft.lloyd_means, lloyd, atol=1e-10)
    assert hard.distance < 1e-6 < soft.distance
    artists = gp.plot_soft_kmeans(X, means, 1e-3)
    np.testing.assert_allclose(artists.em_means.get_offsets(), hard.em_means)
    np.testing.assert_allclose(artists.lloyd_means.get_offsets(), lloyd, atol=1e-10)
    np.testing.assert_allclose(artists.means.get_offsets(), means)
    colours = [to_rgb(c) for c in gp.PALETTE[:3]]
    np.testing.assert_allclose(artists.em_means.get_facecolors()[:, :3], colours)


def test_small_multiples_can_leave_out_the_key_and_the_legend(X, history):
    fig, axes = plt.subplots(1, 3, figsize=(9, 3), sharey=True, layout="constrained")
    bars = [gp.plot_bound_bar(X, history, index, key=False, ax=ax)
            for index, ax in zip((2, 3, 4), axes, strict=True)]
    fig.canvas.draw()
    for ax in axes:
        shown = [text for text in ax.texts if text.get_visible() and text.get_text()]
        assert shown == []
        # Nothing of the key takes room right of the axes: the bars fill the panel.
        assert ax.get_tightbbox().x1 <= ax.get_window_extent().x1 + 1
    assert gp.shown_bound(bars[1]) == gp.format_bound(em.bound_at(X, history, 3))
    soft = gp.plot_soft_kmeans(X, X[:3], 2.0, legend=False, ax=plt.figure().add_subplot())
    assert soft.legend is None and soft.points.axes.get_legend() is None


def test_curves_computed_before_draw_what_plot_bound_along_line_draws(X, history):
    ts = np.linspace(-0.5, 1.5, 41)
    before, after = history.states[2], history.states[3]
    q = before.responsibilities(X)
    curves = em.bound_along_line(X, q, before, after, ts)
    ends = em.bound_along_line(X, q, before, after, [0.0, 1.0])
    drawn = gp.plot_bound_along_line(X, q, before, after, ts=ts, ax=plt.figure().add_subplot())
    given = gp.plot_bound_curves(ts, curves, ends, ax=plt.figure().add_subplot())
    for a, b in zip(drawn[:5], given[:5], strict=True):
        np.testing.assert_array_equal(a.get_xydata(), b.get_xydata())
    assert drawn.touch.axes.get_ylim() == given.touch.axes.get_ylim()
    # Another step's curves moved onto the same artists draw what a fresh figure does.
    other = history.states[0].responsibilities(X)
    curves = em.bound_along_line(X, other, history.states[0], history.states[1], ts)
    ends = em.bound_along_line(X, other, history.states[0], history.states[1], [0.0, 1.0])
    gp.update_bound_curves(given, ts, curves, ends)
    fresh = gp.plot_bound_curves(ts, curves, ends, ax=plt.figure().add_subplot())
    for a, b in zip(given[:5], fresh[:5], strict=True):
        np.testing.assert_array_equal(a.get_xydata(), b.get_xydata())
    # FancyArrowPatch has no getter for its two ends (its path is in screen units).
    assert given.gap._posA_posB == fresh.gap._posA_posB
    assert given.gap_label.get_text() == fresh.gap_label.get_text() != drawn.gap_label.get_text()
    assert given.touch.axes.get_ylim() == fresh.touch.axes.get_ylim()


@pytest.mark.parametrize("curves, ends, name", [
    ((np.zeros(5), np.zeros(4)), (np.zeros(2), np.zeros(2)), "curves"),
    ((np.zeros(5),), (np.zeros(2), np.zeros(2)), "curves"),
    ((np.zeros(5), np.zeros(5)), (np.zeros(3), np.zeros(2)), "ends"),
    ((np.zeros(5), ["a"] * 5), (np.zeros(2), np.zeros(2)), "curves and ends"),
])
def test_curves_of_the_wrong_shape_are_refused_by_name(curves, ends, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        gp.plot_bound_curves(np.linspace(0, 1, 5), curves, ends)


def test_old_parameters_far_below_are_marked_on_the_edge_not_drawn_to_scale(X, point_start,
                                                                             history):
    ts = np.linspace(-0.5, 1.5, 41)
    before, after = point_start.states[0], point_start.states[1]
    q = before.responsibilities(X)
    curves = em.bound_along_line(X, q, before, after, ts)
    ends = em.bound_along_line(X, q, before, after, [0.0, 1.0])
    assert ends[0][0] < -1e6                      # a point start: a million and more below
    artists = gp.plot_bound_curves(ts, curves, ends)
    ax = artists.touch.axes
    low, high = ax.get_ylim()
    # The scale is the new parameters': both of their points on it, the old one not.
    assert low < ends[1][1] < ends[0][1] < high and high - low < 100 * (ends[0][1] - ends[1][1])
    assert artists.touch.get_marker() == "v" and artists.touch.get_ydata()[0] == low
    assert artists.far_below.get_text() == f"{ends[0][0]:.3g}, far below"
    # Moved to an ordinary step, the old point is drawn where it is again.
    before, after = history.states[1], history.states[2]
    q = before.responsibilities(X)
    near = em.bound_along_line(X, q, before, after, [0.0, 1.0])
    gp.update_bound_curves(artists, ts, em.bound_along_line(X, q, before, after, ts), near)
    assert artists.touch.get_marker() == "o" and artists.far_below.get_text() == ""
    assert artists.touch.get_ydata()[0] == pytest.approx(near[0][0])
    low, high = ax.get_ylim()
    assert low < near[0][0] < high
