"""The EM explorer's bound panel, driven from code on the Agg backend: what a learner would
see, read back from the artists and the page text."""

import html
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from gmm_lesson import datasets, em, plotting
from gmm_lesson.widgets import EMExplorer


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
    (592, 768, True), (900, 768, True), (994, 768, False), (1250, 720, False)])
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
        assert data.x1 < curve.x0 < curve.x1 < bar.x0
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

