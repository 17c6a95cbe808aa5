"""The restart gallery, driven from code on the Agg backend: choosing a run, opening it in
the EM explorer, and what the learner reads and sees."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from gmm_lesson import datasets
from gmm_lesson.widgets import EMExplorer, RestartGallery


@pytest.fixture(scope="module")
def blobs():
    return datasets.stretched_blobs()


@pytest.fixture
def explorer(blobs):
    return EMExplorer(blobs, 3, label="explorer for the gallery")


@pytest.fixture
def gallery(blobs, explorer):
    return RestartGallery(blobs, 3, explorer=explorer)


def everything_drawn_inside(fig):
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    width, height = fig.get_size_inches()
    return box.x0 >= -0.01 and box.y0 >= -0.01 and box.x1 <= width + 0.01 and \
        box.y1 <= height + 0.01


def test_opening_a_run_makes_the_explorer_end_where_the_run_ended(gallery, explorer):
    restarts = gallery.restarts
    switched = next(i for i, run in enumerate(restarts) if run.label_switched)
    elsewhere = next(i for i, run in enumerate(restarts) if not run.same_fit)
    for index in (switched, elsewhere, restarts.best):
        gallery.choose(index)
        gallery.controls["open"].click()                    # as the learner's click does
        run = restarts[index]
        assert explorer.history.log_likelihoods[-1] == run.log_likelihood
        np.testing.assert_array_equal(explorer.history.states[-1].means, run.state.means)
        assert (explorer.seed, explorer.init) == (run.seed, run.init)
        assert explorer.controls["start"].value == run.init
        assert f"Opened run {index} (" in gallery.status
        assert f"seed {run.seed}) in the explorer" in gallery.status
    assert gallery.errors == [] and explorer.errors == []


def test_the_explorer_is_told_of_the_best_run_and_says_how_far_below_a_worse_one_ends(
        gallery, explorer):
    restarts = gallery.restarts
    worse = next(i for i, run in enumerate(restarts) if not run.same_fit)
    gallery.choose(worse)
    gallery.open_in_explorer()
    value, source = explorer.best_log_likelihood
    assert value == restarts.best_run.log_likelihood
    assert f"run {restarts.best}" in source
    gap = restarts.best_run.log_likelihood - restarts[worse].log_likelihood
    assert f"This run ended {gap:.1f} below the best run seen so far" in explorer.status


def test_the_explorer_is_given_the_gallerys_number_of_components(blobs):
    explorer = EMExplorer(blobs, 2, label="two components")
    gallery = RestartGallery(blobs, 3, n_starts=4, explorer=explorer)
    gallery.open_in_explorer()
    assert explorer.n_components == 3
    assert explorer.history.log_likelihoods[-1] == gallery.chosen_run.log_likelihood


def test_choosing_a_run_rings_it_and_says_where_it_ended(gallery):
    restarts = gallery.restarts
    assert gallery.chosen == restarts.best                      # the best run to begin with
    assert "The best run." in gallery.status
    for index, run in enumerate(restarts):
        gallery.controls["run"].value = index                  # as the menu does
        x = int(np.flatnonzero(gallery.artists.order == index)[0])
        assert list(gallery.artists.selected.get_xdata()) == [x]
        assert list(gallery.artists.selected.get_ydata()) == [run.log_likelihood]
        note = gallery.status_lines[-1][0]
        assert note.startswith(f"Run {index} (")
        if run.label_switched:
            ours = ", ".join(str(j) for j in run.permutation)
            assert f"its components in another order: its components {ours} are the " \
                   "best run's 0, 1, 2." in note
        elif not run.same_fit:
            assert "Another fit, " in note and "below the best run" in note
    options = [words for words, _ in gallery.controls["run"].options]
    assert sum("order switched" in words for words in options) == restarts.n_label_switched
    assert sum("another fit" in words for words in options) == \
        len(restarts) - restarts.runs_per_fit[0]


def test_the_status_line_counts_the_fits_and_the_label_switches(gallery):
    restarts = gallery.restarts
    summary = gallery.status_lines[0][0]
    assert summary.startswith(f"20 runs of EM with K = 3 ended on {restarts.n_fits} "
                              f"distinct fits. {restarts.runs_per_fit[0]} of them ended on "
                              "the best fit")
    assert f"{restarts.n_label_switched} of those with the components in another order" \
        in summary


def test_without_an_explorer_the_button_is_off_and_opening_says_why(blobs):
    gallery = RestartGallery(blobs, 3, n_starts=4, fit_params={"tol": 1e-4})
    assert gallery.controls["open"].disabled
    assert gallery.fit_params == {"tol": 1e-4}
    gallery.open_in_explorer()
    assert len(gallery.errors) == 1 and "no explorer to open the run in" in gallery.status
    gallery.choose(99)
    assert len(gallery.errors) == 2 and "index must be a run's index, 0 to 3" in gallery.status


def test_the_gallery_refuses_an_explorer_of_other_data_or_settings(blobs, explorer):
    with pytest.raises(ValueError, match="explorer must show the same data X"):
        RestartGallery(blobs[:400], 3, explorer=explorer)
    with pytest.raises(ValueError, match="fit_params must match the explorer's"):
        RestartGallery(blobs, 3, explorer=explorer, fit_params={"tol": 1e-5})
    with pytest.raises(ValueError, match="fit_params takes max_iter, tol"):
        RestartGallery(blobs, 3, fit_params={"n_init": 3})
    with pytest.raises(TypeError, match="explorer must be an EMExplorer"):
        RestartGallery(blobs, 3, explorer="explorer")


def test_every_control_is_in_controls_and_the_page_fits(gallery):
    def operable(box):
        found = []
        for child in box.children:
            if isinstance(child, widgets.Box):
                found += operable(child)
            elif isinstance(child, (widgets.ValueWidget, widgets.Button)) and not isinstance(
                    child, widgets.HTML):
                found.append(child)
        return found

    assert {id(w) for w in operable(gallery.widget)} == {id(w) for w in
                                                         gallery.controls.values()}
    assert "gmm-playground" in gallery.widget._dom_classes
    with pytest.raises(TypeError):
        gallery.controls["run"] = widgets.Dropdown()
    for size in ("1250 720", "420 900", "600 900", "1250 720"):
        gallery.controls["page_size"].value = size       # what the page script writes
        width = int(size.split()[0])
        assert gallery.fig.get_size_inches()[0] * gallery.fig.dpi == \
            pytest.approx(min(width - 10, 860))
        assert everything_drawn_inside(gallery.fig)
    # Narrow, the legend goes under the panels; wide, beside them.
    gallery.fit_page("420 900")
    assert len(gallery.fig.axes) == 3 and gallery.artists.legend.axes is gallery.fig.axes[2]
    gallery.fit_page("1250 720")
    assert len(gallery.fig.axes) == 2
    assert gallery.fig.get_size_inches()[1] * gallery.fig.dpi <= 0.72 * 720 + 1


def test_at_presenting_size_the_figure_fills_the_column(blobs):
    gallery = RestartGallery(blobs, 3, n_starts=8, present=True, label="presented")
    gallery.fit_page("1250 900")
    # The whole column, unless that makes it taller than 62% of the window (its shape
    # is kept, 8.6 by 4.8).
    assert gallery.fig.get_size_inches()[0] * gallery.fig.dpi == pytest.approx(
        min(1240, 0.62 * 900 * 8.6 / 4.8))
    gallery.fit_page("1250 2000")
    assert gallery.fig.get_size_inches()[0] * gallery.fig.dpi == pytest.approx(1240)
    assert everything_drawn_inside(gallery.fig)
    assert "gmm-present" in gallery.widget._dom_classes


def test_the_gallery_displays_as_its_widget_with_a_static_picture(gallery):
    bundle = gallery._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == \
        gallery.widget.model_id
    assert bundle["text/plain"] == (f"RestartGallery(20 runs, K=3, "
                                    f"{gallery.restarts.n_fits} distinct fits)")
    figure = gallery.static_figure()
    FigureCanvasAgg(figure)
    assert everything_drawn_inside(figure)


def test_re_creating_the_gallery_closes_the_old_one(blobs):
    count = len(plt.get_fignums())
    first = RestartGallery(blobs, 3, n_starts=4)
    second = RestartGallery(blobs, 3, n_starts=4)
    assert first.widget.comm is None and second.widget.comm is not None
    assert len(plt.get_fignums()) == count
