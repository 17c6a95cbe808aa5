"""The concentration explorer, driven from code on the Agg backend: the slider replays the
fits (never fits again), and the figure and status line follow it."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from sklearn.mixture import BayesianGaussianMixture

from gmm_lesson import datasets
from gmm_lesson.widgets import ConcentrationExplorer

PRIORS = [1e-3, 0.1, 1.0, 1e3]


@pytest.fixture(scope="module")
def faithful():
    return datasets.old_faithful(standardize=True)


@pytest.fixture
def explorer(faithful):
    explorer = ConcentrationExplorer(faithful, 6, PRIORS)
    yield explorer
    explorer.close()


def everything_drawn_inside(fig):
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    width, height = fig.get_size_inches()
    return box.x0 >= -0.01 and box.y0 >= -0.01 and box.x1 <= width + 0.01 and \
        box.y1 <= height + 0.01


def bar_tops(explorer):
    return np.array([bar.get_y() + bar.get_height() for bar in explorer.artists.bars])


def test_it_starts_at_scikit_learns_default_prior(explorer):
    # 1 / n_components = 1/6 is nearest 0.1 on a log scale among PRIORS.
    assert explorer.value == 0.1 and explorer.index == 1
    assert explorer.controls["prior"].value == 0.1


def test_moving_the_slider_moves_the_figure_and_the_status(explorer):
    path = explorer.path
    for index in (0, 3, 2):
        explorer.controls["prior"].value = PRIORS[index]      # as the learner's drag
        assert explorer.index == index and explorer.model is path.models[index]
        np.testing.assert_allclose(explorer.artists.means.get_offsets(),
                                   path.states[index].means)
        np.testing.assert_allclose(bar_tops(explorer),
                                   np.maximum(path.weights[index], explorer.artists.floor))
        used = int(np.sum(path.weights[index] > 0.01))
        assert explorer.n_used == used
        prior = explorer.controls["prior"].options[index][0]
        assert explorer.status.startswith(f"weight_concentration_prior = {prior}: {used} of "
                                          "6 components carry a weight above 0.01")
        assert f"{used} of 6 components above weight 0.01" in explorer.artists.title.get_text()
    assert explorer.errors == []


def test_a_move_redraws_only_what_changes_and_looks_as_a_full_draw(explorer):
    explorer.fig.canvas.draw()                 # as the first display does
    assert explorer.blitter.ready
    for index in (0, 3):
        explorer.index = index                 # blitted: the moving artists over the rest
        assert explorer.blitter.background is not None
        moved = np.asarray(explorer.fig.canvas.buffer_rgba()).copy()
        explorer.fig.canvas.draw()
        full = np.asarray(explorer.fig.canvas.buffer_rgba())
        # The same picture, but for antialiasing at the edges of a few moved artists.
        assert np.mean(np.any(moved != full, axis=-1)) < 0.002


def test_value_and_index_are_settable_from_code(explorer):
    explorer.value = 2.0            # nearest on a log scale: 1
    assert explorer.index == 2 and explorer.value == 1.0
    explorer.index = 3
    assert explorer.value == 1e3
    explorer.set_prior(1e-9)
    assert explorer.index == 0


def test_the_slider_replays_and_never_fits_again(explorer, monkeypatch):
    def no_fit(*args, **kwargs):
        raise AssertionError("fitted again")

    monkeypatch.setattr(BayesianGaussianMixture, "fit", no_fit)
    models = explorer.path.models
    for index in (3, 0, 2, 1):
        explorer.index = index
    assert explorer.errors == [] and explorer.path.models is models


def test_wrong_values_go_to_the_status_line_not_the_notebook(explorer):
    explorer.index = 9
    explorer.value = -1.0
    explorer.set_index("two")
    assert len(explorer.errors) == 3
    assert "index must be a prior's index, 0 to 3" in str(explorer.errors[0])
    assert explorer.status.splitlines()[-1].startswith("Error: ValueError")
    assert explorer.index == 1          # unchanged


def test_other_parameters_reach_the_fits(faithful):
    explorer = ConcentrationExplorer(faithful, 4, [1e-3, 1e3], label="distribution",
                                     weight_concentration_prior_type="dirichlet_distribution")
    assert explorer.path.weight_concentration_prior_type == "dirichlet_distribution"
    explorer.index = 1
    assert explorer.n_used == 4      # a large Dirichlet prior spreads weight over all four
    explorer.close()


def test_every_control_is_in_controls_and_the_page_fits(explorer):
    def operable(box):
        found = []
        for child in box.children:
            if isinstance(child, widgets.Box):
                found += operable(child)
            elif isinstance(child, widgets.ValueWidget) and not isinstance(child,
                                                                            widgets.HTML):
                found.append(child)
        return found

    assert {id(w) for w in operable(explorer.widget)} == {id(w) for w in
                                                          explorer.controls.values()}
    assert "gmm-playground" in explorer.widget._dom_classes
    assert explorer.controls["prior"].description == "weight_concentration_prior"
    for size in ("1250 720", "700 800", "420 900"):
        explorer.controls["page_size"].value = size        # what the page script writes
        width = int(size.split()[0])
        assert explorer.fig.get_size_inches()[0] * explorer.fig.dpi <= width - 10 + 0.5
        assert everything_drawn_inside(explorer.fig)


def test_at_presenting_size_the_figure_fills_the_column(faithful):
    explorer = ConcentrationExplorer(faithful, 6, PRIORS, present=True, label="presented")
    explorer.fit_page("1250 2000")
    assert explorer.fig.get_size_inches()[0] * explorer.fig.dpi == pytest.approx(1240)
    assert everything_drawn_inside(explorer.fig)
    assert "gmm-present" in explorer.widget._dom_classes
    explorer.close()


def test_it_displays_as_its_widget_with_a_static_picture(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == \
        explorer.widget.model_id
    assert bundle["text/plain"] == ("ConcentrationExplorer(272 samples, 4 priors, "
                                    "n_components=6, prior=0.1)")
    figure = explorer.static_figure()
    FigureCanvasAgg(figure)
    assert everything_drawn_inside(figure)


def test_re_creating_it_closes_the_old_one(faithful):
    count = len(plt.get_fignums())
    first = ConcentrationExplorer(faithful, 3, [1.0], label="twice")
    second = ConcentrationExplorer(faithful, 3, [1.0], label="twice")
    assert first.widget.comm is None and second.widget.comm is not None
    assert len(plt.get_fignums()) == count
    second.close()


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(X=np.zeros((5, 1))), ValueError, "two features"),
    (dict(threshold=1.5), ValueError, "threshold"),
    (dict(priors=[0.0]), ValueError, "priors"),
    (dict(colour="red"), TypeError, "colour"),
])
def test_bad_arguments_are_named(faithful, kwargs, error, words):
    kwargs = {"X": faithful, **kwargs}
    with pytest.raises(error, match=words):
        ConcentrationExplorer(**kwargs)
