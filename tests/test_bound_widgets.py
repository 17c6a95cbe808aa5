"""The EM explorer's bound panel and the k-means limit, driven from code on the Agg backend:
what a learner would see, read back from the artists and the page text."""

import html
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from gmm_lesson import datasets, em, plotting
from gmm_lesson.widgets import SIGMA_STEPS, BoundAlongLine, EMExplorer, KMeansLimit


@pytest.fixture(scope="module")
def blobs():
    return datasets.stretched_blobs()


@pytest.fixture
def explorer(blobs):
    return EMExplorer(blobs, 3, bound=True, label="bound")


def caption_text(explorer):
    """The caption as read: its words, without the markup or what is hidden from readers."""
    markup = re.sub(r'<span aria-hidden="true"[^>]*></span>', "", explorer.outputs["caption"].value)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


BOUND_SENTENCE = re.compile(r"Lower bound L = (\S+), gap KL = (\S+): together the "
                            r"log-likelihood (\S+)\.")


def everything_drawn_inside(fig):
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    width, height = fig.get_size_inches()
    return (box.x0 >= -0.02 and box.y0 >= -0.02 and box.x1 <= width + 0.02
            and box.y1 <= height + 0.02)


# --- the EM explorer with bound=True -------------------------------------------------------


def test_stepping_moves_the_bar_to_bound_at_numbers(explorer, blobs):
    bar = explorer.artists.bound
    assert bar is not None
    for index in (1, 2, 3, 4, 7, 8, 2):
        explorer.step = index
        split = em.bound_at(blobs, explorer.history, index)
        top = bar.top.get_ydata()[0]
        assert top == pytest.approx(split.log_likelihood, rel=1e-12)
        if bar.bound.get_visible():
            assert bar.bound.get_y() + bar.bound.get_height() == pytest.approx(split.bound,
                                                                                rel=1e-12)
        if explorer.half_step.phase == "E":
            assert split.gap == 0.0 and not bar.gap.get_visible()
            assert bar.numbers.gap.get_text() == "0.0"
        else:
            assert split.gap > 0
            assert bar.gap.get_height() == pytest.approx(split.gap, abs=1e-9)
    assert explorer.errors == []


def test_the_caption_says_l_and_kl_and_they_add_up_to_the_log_likelihood_shown(explorer):
    assert "No q yet: the first E-step chooses it" in caption_text(explorer)
    assert not BOUND_SENTENCE.search(caption_text(explorer))
    for index in range(1, explorer.n_half_steps):
        explorer.step = index
        caption = caption_text(explorer)
        lower, gap, total = BOUND_SENTENCE.search(caption).groups()
        # The same numbers as the log-likelihood sentence and the panel's key.
        assert f"Log-likelihood {total}" in caption
        assert (total, lower, gap) == plotting.shown_bound(explorer.artists.bound)
        if "e+" not in total:
            assert round(float(lower) + float(gap), 1) == float(total)
        phase = explorer.half_step.phase
        assert ("closed the gap" in caption) is (phase == "E")
        assert ("raised L with q held" in caption) is (phase == "M")


def test_the_caption_reserve_holds_the_bound_sentence(explorer):
    reserve = explorer.outputs["caption_reserve"].value
    assert "Lower bound L =" in reserve and "raised L with q held" in reserve
    plain = EMExplorer(explorer.X, 3, label="no bound")
    assert plain.artists.bound is None
    assert "Lower bound" not in plain.outputs["caption_reserve"].value
    assert "Lower bound" not in caption_text(plain) and "No q yet" not in caption_text(plain)


@pytest.mark.parametrize("data", ["2D", "1D"])
def test_a_blitted_step_with_the_bound_panel_draws_what_a_full_redraw_does(blobs, data):
    X, init = (blobs, "k-means++") if data == "2D" else (datasets.tutorial_1d(), "random")
    blitting = EMExplorer(X, 3, init=init, bound=True, label="blitting")
    reference = EMExplorer(X, 3, init=init, bound=True, blit=False, label="full redraws")
    last = blitting.history.n_half_steps - 1
    for index in (1, 2, 5, last, 4, 2, 1, 0, 1, 2):
        blitting.step = index
        reference.step = index
        reference.fig.canvas.draw()
        assert np.array_equal(np.asarray(blitting.fig.canvas.buffer_rgba()),
                              np.asarray(reference.fig.canvas.buffer_rgba())), index
    assert blitting.blitter.background is not None
    # The bar panel's artists are among those each frame redraws.
    moving = {id(artist) for artist in blitting.blitter.artists}
    assert id(blitting.artists.bound.top) in moving
    assert id(blitting.artists.bound.numbers.gap) in moving


@pytest.mark.parametrize("column, window, stacked", [
    (592, 768, True), (700, 768, False), (900, 768, False), (994, 768, False),
    (1250, 720, False)])
def test_the_figure_with_the_bound_panel_fits_the_column(blobs, column, window, stacked):
    explorer = EMExplorer(blobs, 3, bound=True, label="fit")
    explorer.fit_page(f"{column} {window}")
    width, height = explorer.fig.get_size_inches() * explorer.fig.dpi
    assert width <= column - 8 and height <= 0.72 * window + 1
    assert explorer.stacked is stacked
    assert everything_drawn_inside(explorer.fig)
    renderer = explorer.fig.canvas.get_renderer()
    data = explorer.data_axes.get_window_extent(renderer)
    curve = explorer.artists.log_likelihood.curve.axes.get_window_extent(renderer)
    bar = explorer.artists.bound.top.axes.get_window_extent(renderer)
    if stacked:
        # The bar right of the log-likelihood curve, both under the data.
        assert bar.y1 < data.y0 and curve.y1 < data.y0 and bar.x0 > curve.x1
    else:
        # The log-likelihood curve over the bar, both right of the data, which stay
        # the widest panel.
        assert data.x1 < curve.x0 and data.x1 < bar.x0 and bar.y1 < curve.y0
        assert data.width > max(curve.width, bar.width)
    explorer.step = 4
    assert explorer.errors == []


def test_the_static_picture_has_the_bound_panel(explorer):
    explorer.step = 4
    figure = explorer.static_figure()
    assert len(figure.axes) == len(explorer.fig.axes) == 4
    texts = [text.get_text() for ax in figure.axes for text in ax.texts]
    assert plotting.shown_bound(explorer.artists.bound).gap in texts


def test_the_figure_is_named_with_its_bound_panel(explorer):
    script = html.unescape(explorer.outputs["page_script"].value)
    assert "split into the lower bound L and the gap KL" in script


# --- the k-means limit -------------------------------------------------------------------------


@pytest.fixture
def five_blobs():
    return datasets.five_blobs()


@pytest.fixture
def limit(five_blobs):
    return KMeansLimit(five_blobs, five_blobs[[0, 200, 400, 600, 800]], label="limit")


def test_the_slider_offers_named_log_spaced_sigmas_from_soft_to_hard(limit, five_blobs):
    slider = limit.controls["sigma"]
    assert isinstance(slider, widgets.SelectionSlider) and slider.description == "sigma"
    names = [name for name, _ in slider.options]
    values = np.array([value for _, value in slider.options])
    assert names == [name for name, _ in SIGMA_STEPS]
    spread = np.sqrt(five_blobs.var(axis=0).mean())
    np.testing.assert_allclose(values, spread * np.array([t for _, t in SIGMA_STEPS]))
    ratios = values[:-1] / values[1:]
    assert np.all((ratios >= 2) & (ratios <= 2.5))        # even steps on a log scale
    assert values[0] == 4 * spread and values[-1] == pytest.approx(spread / 100)
    assert limit.sigma_name == "spread / 2"              # partly soft: see below


@pytest.mark.parametrize("data", ["five_blobs", "stretched_blobs"])
def test_the_limit_starts_where_the_assignments_are_partly_soft(data):
    X = getattr(datasets, data)()
    means = X[[0, 200, 400, 600, 800]] if data == "five_blobs" else X[[0, 1, 2]]
    limit = KMeansLimit(X, means, label=data)
    # Neither as soft as can be (the sigma circles far bigger than the data) nor hard.
    assert 1 / len(means) + 0.05 < limit.step.hardness < 0.95
    assert limit.sigma in [value for _, value in limit.controls["sigma"].options]
    assert limit.sigma_name in limit.status
    # The whole range stays on the slider, and a start can be asked for.
    assert limit.controls["sigma"].options[0][0] == "4 × spread"
    assert KMeansLimit(X, means, sigma=3.9 * limit.spread, label=data).sigma_name == \
        "4 × spread"


def test_moving_the_slider_hardens_the_colours_and_says_how_hard(limit, five_blobs):
    colours, hardness = [], []
    for _, sigma in limit.controls["sigma"].options:
        limit.controls["sigma"].value = sigma             # as the learner's drag does
        colours.append(limit.artists.points.get_facecolors().copy())
        hardness.append(limit.step.hardness)
        expected = plotting.soft_kmeans_comparison(five_blobs, limit.means, sigma)
        np.testing.assert_allclose(limit.step.em_means, expected.em_means)
        np.testing.assert_allclose(limit.artists.em_means.get_offsets(), expected.em_means)
        assert f"mean largest responsibility {expected.hardness:.2f}" in limit.status
        assert f"at most {expected.distance:.3g} from the k-means step's" in limit.status
        assert f"({limit.sigma_name})" in limit.status
    assert all(a <= b + 1e-12 for a, b in zip(hardness, hardness[1:], strict=False))
    assert hardness[0] < 0.3 and hardness[-1] > 0.99
    assert not np.allclose(colours[0], colours[-1])
    assert limit.step.distance < 0.05 * limit.spread
    assert limit.errors == []


def test_set_sigma_snaps_to_the_nearest_step_and_bad_values_are_reported(limit):
    limit.set_sigma(0.09 * limit.spread)
    assert limit.sigma_name == "spread / 10"
    limit.set_sigma(-1.0)
    assert limit.errors and "above zero" in limit.status
    assert limit.sigma_name == "spread / 10"


def test_given_sigmas_are_named_by_their_values(five_blobs):
    limit = KMeansLimit(five_blobs, five_blobs[:3], sigmas=[0.5, 5.0, 1.0], label="given")
    assert [name for name, _ in limit.controls["sigma"].options] == ["5", "1", "0.5"]
    assert limit.status.startswith("sigma = 5. ")
    with pytest.raises(ValueError, match="sigmas"):
        KMeansLimit(five_blobs, five_blobs[:3], sigmas=[1.0, 0.0])
    with pytest.raises(ValueError, match="means"):
        KMeansLimit(five_blobs, np.zeros((3, 3)))
    with pytest.raises(ValueError, match="two features"):
        KMeansLimit(five_blobs[:, :1], five_blobs[:3, :1])


def test_every_control_of_the_limit_is_in_controls_and_the_page_fits(limit):
    def operable(box):
        found = []
        for child in box.children:
            if isinstance(child, widgets.Box):
                found += operable(child)
            elif isinstance(child, (widgets.ValueWidget, widgets.Button)) and not isinstance(
                    child, widgets.HTML):
                found.append(child)
        return found

    assert {id(w) for w in operable(limit.widget)} == {id(w) for w in limit.controls.values()}
    with pytest.raises(TypeError):
        limit.controls["sigma"] = widgets.IntSlider()
    limit.controls["page_size"].value = "420 900"        # what the page script writes
    assert limit.fig.get_size_inches()[0] * limit.fig.dpi == pytest.approx(410)
    assert everything_drawn_inside(limit.fig)
    limit.fit_page("1250 720")
    assert limit.fig.get_size_inches()[1] * limit.fig.dpi <= 0.72 * 720 + 1
    assert everything_drawn_inside(limit.fig)


def test_the_limit_displays_as_its_widget_with_a_static_picture(limit):
    bundle = limit._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == \
        limit.widget.model_id
    assert "KMeansLimit(1000 samples, 5 means" in bundle["text/plain"]
    figure = limit.static_figure()
    assert figure is not limit.fig
    title = figure.get_suptitle()
    assert " ".join(title.split()) == " ".join(limit.status.split())
    assert title.startswith(f"sigma = {limit.sigma:.3g} ({limit.sigma_name})")
    FigureCanvasAgg(figure)                                # as savefig gives it one
    assert everything_drawn_inside(figure)                # the wrapped title too
    # Sized to its content: the equal-aspect axes fill the height constrained layout
    # gives them, leaving no empty band above or below.
    for fig in (figure, limit.fig):
        ax = fig.axes[0]
        slot, drawn = ax.get_position(original=True), ax.get_position()
        assert (slot.height - drawn.height) * fig.get_size_inches()[1] < 0.1


def test_re_creating_the_limit_closes_the_old_one(five_blobs):
    count = len(plt.get_fignums())
    first = KMeansLimit(five_blobs, five_blobs[:5])
    second = KMeansLimit(five_blobs, five_blobs[:5])
    assert first.widget.comm is None and second.widget.comm is not None
    assert len(plt.get_fignums()) == count


# --- figure 9.14 following the explorer ----------------------------------------------------


LINE_WORDS = re.compile(r"Iteration (\d+)'s M-step( \(coming next\))?: the bound touches the "
                        r"log-likelihood at t = 0 \((\S+)\) and peaks (?:at|near) t = 1.*, "
                        r"where the gap KL = (\S+) opens: the bound rose to (\S+), the "
                        r"log-likelihood to (\S+)\.")


@pytest.fixture
def line(blobs):
    explorer = EMExplorer(blobs, 3, label="followed")
    return BoundAlongLine(explorer, label="line")


def expected_line(explorer, iteration):
    before, after = explorer.history.states[iteration - 1], explorer.history.states[iteration]
    q = before.responsibilities(explorer.X)
    return (em.bound_along_line(explorer.X, q, before, after, np.linspace(-0.5, 1.5, 81)),
            em.bound_along_line(explorer.X, q, before, after, [0.0, 1.0]))


def test_the_line_follows_the_explorer_and_draws_bound_along_line(line):
    explorer = line.explorer
    last = explorer.n_half_steps - 1
    for index in (0, 1, 2, 3, 6, last, 5, 2):
        explorer.step = index
        phase = explorer.half_step.phase
        iteration = max(explorer.half_step.iteration, 1)
        # At the start and an E-step, the M-step about to come; at an M-step, that one.
        assert line.iteration == iteration
        assert line.coming is (phase != "M")
        (log_likelihoods, bounds), _ = expected_line(explorer, iteration)
        np.testing.assert_allclose(line.artists.log_likelihood.get_ydata(), log_likelihoods,
                                   rtol=1e-12)
        np.testing.assert_allclose(line.artists.bound.get_ydata(), bounds, rtol=1e-12)
        np.testing.assert_allclose(line.artists.log_likelihood.get_xdata(),
                                   np.linspace(-0.5, 1.5, 81))
    explorer.step = 3
    explorer.step_forward()
    assert (line.iteration, line.coming) == (2, False)
    explorer.step_forward()
    assert (line.iteration, line.coming) == (3, True)
    assert line.errors == [] and explorer.errors == []


def test_each_iteration_is_computed_once(line, monkeypatch):
    calls = []
    real = em.bound_along_line
    monkeypatch.setattr(em, "bound_along_line", lambda *a: calls.append(1) or real(*a))
    explorer = line.explorer
    for index in (5, 6, 5, 6, 5):
        explorer.step = index
    assert len(calls) == 2        # iteration 3: the curves and their two ends, once


def test_the_status_words_say_the_numbers_drawn(line):
    explorer = line.explorer
    for index in (0, 1, 4, 7):
        explorer.step = index
        found = LINE_WORDS.search(line.status)
        assert found, line.status
        iteration, coming, at_old, gap, bound, log_likelihood = found.groups()
        assert int(iteration) == line.iteration
        assert (coming is not None) is (explorer.half_step.phase != "M")
        _, ((ll_old, ll_new), (l_old, l_new)) = expected_line(explorer, line.iteration)
        assert float(at_old) == round(ll_old, 1) and l_old == pytest.approx(ll_old)
        assert float(gap) == round(ll_new - l_new, 2) and ll_new - l_new > 0
        assert float(bound) == round(l_new, 1)
        assert float(log_likelihood) == round(ll_new, 1)
        # The gap drawn is the one said.
        assert line.artists.gap_label.get_text() == f"KL = {ll_new - l_new:.2f}"
        peak = np.linspace(-0.5, 1.5, 81)[np.argmax(line.artists.bound.get_ydata())]
        assert ("peaks at t = 1," in line.status) is bool(peak == 1.0)


def test_the_line_has_a_static_picture_and_closes(line):
    line.explorer.step = 4
    figure = line.static_figure()
    assert figure is not line.fig
    assert " ".join(figure.get_suptitle().split()) == " ".join(line.status.split())
    FigureCanvasAgg(figure)
    assert everything_drawn_inside(figure)
    assert everything_drawn_inside(line.fig)
    line.close()
    line.explorer.step = 6
    assert line.iteration == 2


def test_stepping_moves_the_same_artists_to_what_a_fresh_figure_draws(line):
    explorer = line.explorer
    explorer.step = 2
    artists = line.artists
    for index in (7, 4, explorer.n_half_steps - 1):
        explorer.step = index
        assert line.artists is artists            # moved, not drawn again
        fresh = plotting.plot_bound_curves(line.ts, line.curves, line.ends,
                                           ax=plt.figure().add_subplot())
        for moved, drawn in zip(artists[:5], fresh[:5], strict=True):
            np.testing.assert_array_equal(moved.get_xydata(), drawn.get_xydata())
        assert artists.gap_label.get_text() == fresh.gap_label.get_text()
        assert artists.gap_label.xy == fresh.gap_label.xy
        assert (artists.gap_label.get_position(), artists.gap_label.get_va()) == (
            fresh.gap_label.get_position(), fresh.gap_label.get_va())
        assert line.ax.get_ylim() == pytest.approx(fresh.touch.axes.get_ylim())
    assert everything_drawn_inside(line.fig)


def test_in_a_running_kernel_the_line_follows_after_the_explorer_once_per_run_of_steps(
        line, monkeypatch):
    import asyncio
    import threading

    from gmm_lesson.widgets import bound_line

    explorer = line.explorer
    shown = []
    real = line._show
    line._show = lambda: shown.append(explorer.step) or real()
    # As in a kernel: the loop the steps arrive on.
    monkeypatch.setattr(bound_line, "_kernel_loop", asyncio.get_running_loop)

    async def quick_steps():
        explorer.step = 1
        explorer.step = 2
        explorer.step = 5              # three steps inside the delay
        waiting = (line.iteration, list(shown))
        await asyncio.sleep(bound_line.FOLLOW_DELAY + 0.2)
        return waiting

    # In a thread of its own: another library's loop may be running in this one.
    result = {}
    thread = threading.Thread(target=lambda: result.update(waiting=asyncio.run(quick_steps())))
    thread.start()
    thread.join()
    assert result["waiting"] == (1, [])    # nothing redrawn while the explorer steps
    assert shown == [5]                    # then once, at the last step
    assert (line.iteration, line.coming) == (3, True)
    assert line.errors == []


def test_outside_a_kernel_the_line_follows_at_once_even_under_another_loop(line):
    import asyncio
    import threading

    async def step():
        line.explorer.step = 4
        return line.iteration

    result = {}
    thread = threading.Thread(target=lambda: result.update(iteration=asyncio.run(step())))
    thread.start()
    thread.join()
    assert result["iteration"] == 2


def test_the_line_fits_a_narrow_column_and_fills_it_when_presenting(blobs):
    explorer = EMExplorer(blobs, 3, label="followed")
    line = BoundAlongLine(explorer, label="line")
    natural = tuple(line.fig.get_size_inches())
    line.controls["page_size"].value = "420 900"          # what the page script writes
    width, height = line.fig.get_size_inches()
    assert width * line.fig.dpi == pytest.approx(410)
    assert width / height == pytest.approx(natural[0] / natural[1])
    assert everything_drawn_inside(line.fig)
    line.fit_page("1250 900")                             # wider: back to its own size
    assert tuple(line.fig.get_size_inches()) == pytest.approx(natural)
    shown = BoundAlongLine(explorer, label="shown", present=True)
    assert "gmm-present" in shown.widget._dom_classes
    shown.fit_page("1250 720")
    width, height = shown.fig.get_size_inches()
    assert height * shown.fig.dpi <= 0.62 * 720 + 1       # room under it for the caption
    assert width * shown.fig.dpi > natural[0] * line.fig.dpi
    assert everything_drawn_inside(shown.fig)
