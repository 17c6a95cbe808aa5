"""The prior on a Bayesian mixture's weights, on a slider: fitted once, replayed."""

import ipywidgets as widgets
import matplotlib
import numpy as np

from gmm_lesson import plotting
from gmm_lesson._validation import check_X
from gmm_lesson.bayesian import USED_WEIGHT, _check_threshold, fit_concentration_path
from gmm_lesson.widgets._blit import Blitter, artist_leaves
from gmm_lesson.widgets._canvas import (
    close_figure,
    freeze_layout,
    new_figure,
    release_label,
)
from gmm_lesson.widgets._controls import NamedWidgets, figure_layout, nearest_option
from gmm_lesson.widgets._page import FitsPage, page_widgets, presenting, style_rc
from gmm_lesson.widgets._status import StatusMixin, reported

__all__ = ["ConcentrationExplorer"]


def _controls(options, value):
    """The slider over the priors and the hidden page-size box; the page script."""
    page_script, page_size = page_widgets(
        "Figure: the data with the ellipses of a Bayesian mixture fitted at the prior "
        "chosen on the slider, components below the weight threshold faint and dashed; "
        "beside it each component's weight as a bar on a logarithmic scale, with the "
        "threshold as a dashed line.")
    prior = widgets.SelectionSlider(
        options=options, value=value, description="weight_concentration_prior",
        tooltip="The prior on the weights: smaller leaves less weight to components the "
                "data do not need", continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
    return {"prior": prior, "page_size": page_size}, {"page_script": page_script}


def _status_words(path, index, threshold):
    """The status line for fit ``index``: the prior, the components used, the weight
    left to the rest, and whether the fit converged."""
    weights = path.weights[index]
    used = weights > threshold
    shown = ", ".join(f"{w:.2f}" for w in np.sort(weights[used])[::-1])
    lines = [f"weight_concentration_prior = {plotting.format_prior(path.priors[index])}: "
             f"{int(used.sum())} of {path.n_components} components carry a weight above "
             f"{threshold:g} ({shown})."]
    if not used.all():
        rest = weights[~used]
        lines.append(f"The other {len(rest)} carry {rest.sum():.2g} between them, the "
                     f"largest {rest.max():.2g}.")
    level = "info"
    if not path.converged[index]:
        lines.append(f"This fit stopped at max_iter ({path.n_iter[index]} iterations) "
                     "without converging.")
        level = "warning"
    return lines, level


class ConcentrationExplorer(FitsPage, StatusMixin, NamedWidgets):
    """A Bayesian Gaussian mixture fitted at many values of the prior on its weights,
    one chosen on a slider.

    Fits scikit-learn's ``BayesianGaussianMixture`` once per prior when made
    (:func:`~gmm_lesson.bayesian.fit_concentration_path`, a Dirichlet process by
    default) and shows the chosen fit with
    :func:`~gmm_lesson.plotting.plot_concentration`: the data with each component's
    ellipses, faint and dashed below the weight threshold, and the weights as bars on
    a logarithmic scale. Moving the slider replays the fits; it never fits again. The
    status line says the prior and how many components carry a weight above the
    threshold.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Two features or more; the figure shows the first two.
    n_components : int, default=8
        The most components a fit may use.
    priors : array-like of shape (n_priors,), optional
        The values of ``weight_concentration_prior`` on the slider; default
        :data:`~gmm_lesson.bayesian.DEFAULT_PRIORS` (1e-3 to 1e3).
    random_state : int, default=0
        The seed of every fit.
    label : str, default='concentration explorer'
        Label of the figure; a new one with the same label closes this one's.
    present : bool, optional
        Presenting size, for a room (see :class:`EMExplorer`).
    threshold : float, default=:data:`~gmm_lesson.bayesian.USED_WEIGHT`
        The weight above which a component counts as used.
    figsize : (float, float), default=(9.0, 4.2)
        The figure's size; narrower in a narrower notebook column.
    **params
        Any other parameter of ``BayesianGaussianMixture``, for every fit
        (``weight_concentration_prior_type``, ``covariance_type``, ``max_iter``, ...).

    Attributes
    ----------
    widget : ipywidgets.VBox
        The figure, the slider under it and the status line.
    controls : mapping of str to ipywidgets.Widget
        Read-only, by name: ``'prior'`` (the slider; its options are (words, prior)
        pairs, increasing) and ``'page_size'`` (hidden: the page script writes the
        column's size into it). Setting the slider's value does what the learner's
        drag does.
    outputs : mapping of str to ipywidgets.Widget
        ``'status'`` (the status line), ``'error_log'`` and ``'page_script'``.
    path : ConcentrationPath
        The fits, one per prior.
    artists : ConcentrationArtists
    fig : Figure
    errors : list of Exception
        Errors the controls caught and showed in the status line.

    Notes
    -----
    The slider starts at the prior nearest ``1 / n_components``, scikit-learn's
    default for ``weight_concentration_prior``.

    Examples
    --------
    >>> explorer = ConcentrationExplorer(datasets.old_faithful(standardize=True))
    >>> explorer.value = 0.001          # as the slider's first step
    >>> int(explorer.path.n_used()[explorer.index])
    2
    """

    def __init__(self, X, n_components=8, priors=None, *, random_state=0,
                 label="concentration explorer", present=None, threshold=USED_WEIGHT,
                 figsize=(9.0, 4.2), **params):
        self.X = check_X(X, min_samples=2)
        if self.X.shape[1] < 2:
            raise ValueError(f"X must have two features or more, got {self.X.shape[1]}.")
        self.threshold = _check_threshold(threshold)
        self.path = fit_concentration_path(self.X, n_components, priors,
                                           random_state=random_state, **params)
        self.label = label
        self.present = presenting(present)
        self._make_status_widgets()
        options = [(plotting.format_prior(p), float(p)) for p in self.path.priors]
        start = self.path.priors[self.path.index_of(1 / self.path.n_components)]
        controls, outputs = _controls(options, float(start))
        outputs.update(status=self._status_html, error_log=self._error_log)
        self._controls, self._outputs = controls, outputs

        self.fig = new_figure(self, label, figsize)
        with matplotlib.rc_context(style_rc(self.present)):
            self.artists = self._draw(self.fig)
            freeze_layout(self.fig)
        self._natural_figsize = tuple(self.fig.get_size_inches())
        # A move redraws only what it changes (ellipses, means, bars, their words, the
        # title) over a saved picture of the rest: a full draw of the two panels' ticks
        # and words takes most of a move's time.
        a = self.artists
        self.blitter = Blitter(self.fig, artist_leaves([a.ellipses, a.means, list(a.bars),
                                                        a.bar_labels, a.title]))
        controls["prior"].observe(self._on_prior, names="value")
        controls["page_size"].observe(self._on_page_size, names="value")
        self.widget = figure_layout(controls, outputs, self.fig.canvas,
                                    under=[controls["prior"]], present=self.present)
        self._show()

    def _draw(self, fig):
        axes = fig.subplots(1, 2, width_ratios=(3, 2))
        return plotting.plot_concentration(self.X, self.path, self.index, axes=axes,
                                           threshold=self.threshold)

    def __repr__(self):
        return (f"ConcentrationExplorer({self.X.shape[0]} samples, "
                f"{len(self.path)} priors, n_components={self.path.n_components}, "
                f"prior={plotting.format_prior(self.value)})")

    # --- readable and settable from code ------------------------------------------------

    @property
    def value(self):
        """The prior shown (``weight_concentration_prior``); setting it moves the slider
        to the nearest prior on a logarithmic scale, as a learner's drag would.

        Returns
        -------
        prior : float
        """
        return self._controls["prior"].value

    @value.setter
    def value(self, prior):
        """Move the slider to the prior nearest ``prior`` (see :meth:`set_prior`).

        Parameters
        ----------
        prior : float
        """
        self.set_prior(prior)

    @property
    def index(self):
        """The index of the prior shown in ``path.priors``; settable.

        Returns
        -------
        index : int
        """
        return int(self._controls["prior"].index)

    @index.setter
    def index(self, index):
        """Move the slider to ``path.priors[index]`` (see :meth:`set_index`).

        Parameters
        ----------
        index : int
        """
        self.set_index(index)

    @property
    def n_used(self):
        """How many components of the fit shown carry a weight above the threshold.

        Returns
        -------
        n_used : int
        """
        return int(self.path.n_used(self.threshold)[self.index])

    @property
    def model(self):
        """The fit shown.

        Returns
        -------
        model : sklearn.mixture.BayesianGaussianMixture
        """
        return self.path.models[self.index]

    # --- actions ------------------------------------------------------------------------

    @reported
    def set_prior(self, prior):
        """Move the slider to the prior nearest ``prior`` (on a logarithmic scale).

        Parameters
        ----------
        prior : float
            Above zero.
        """
        self._controls["prior"].value = nearest_option(prior, self._controls["prior"])

    @reported
    def set_index(self, index):
        """Move the slider to the prior ``path.priors[index]``.

        Parameters
        ----------
        index : int
            0 to ``len(path.priors) - 1``.
        """
        if (isinstance(index, bool) or not isinstance(index, (int, np.integer))
                or not 0 <= index < len(self.path)):
            raise ValueError(f"index must be a prior's index, 0 to {len(self.path) - 1}, got "
                             f"{index!r}.")
        self._controls["prior"].index = int(index)

    def close(self):
        """Close the figure and the controls."""
        self.blitter.disconnect()
        close_figure(self.fig)
        for child in [*self._controls.values(), *self._outputs.values(), self.widget]:
            child.close()
        release_label(self.label, self)

    # --- callbacks ----------------------------------------------------------------------

    @reported
    def _on_prior(self, change):
        self._show()

    def _show(self):
        plotting.update_concentration(self.artists, self.path, self.index, draw=False)
        lines, level = _status_words(self.path, self.index, self.threshold)
        self._set_lasting(lines, level=level)
        if self.blitter.ready:
            self.blitter.frame()
        else:
            self.fig.canvas.draw_idle()
