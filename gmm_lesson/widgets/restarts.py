"""Restarts side by side: many runs of EM, one chosen and opened in the EM explorer."""

import matplotlib
import numpy as np

from gmm_lesson import plotting
from gmm_lesson._validation import check_X
from gmm_lesson.restarts import fit_restarts
from gmm_lesson.widgets import _captions as words
from gmm_lesson.widgets._canvas import (
    close_figure,
    freeze_layout,
    new_figure,
    release_label,
)
from gmm_lesson.widgets._controls import (
    START_NAMES,
    NamedWidgets,
    restart_gallery_controls,
    restart_gallery_layout,
)
from gmm_lesson.widgets._page import (
    STACK_BELOW_PX,
    FitsPage,
    presenting,
    style_rc,
)
from gmm_lesson.widgets._status import StatusMixin, reported

__all__ = ["RestartGallery"]

_STACKED_PANELS_HEIGHT = 3.0
"""Least height, in inches, of the two panels in a column narrower than
:data:`~gmm_lesson.widgets.STACK_BELOW_PX`, where the legend goes under them (at a
10-point font; in proportion at another)."""



class RestartGallery(FitsPage, StatusMixin, NamedWidgets):
    """Many runs of EM on the same data side by side, each one open to the EM explorer.

    Fits ``n_starts`` runs (:func:`~gmm_lesson.restarts.fit_restarts`) and shows
    them with :func:`~gmm_lesson.plotting.plot_restarts`: each run's final
    log-likelihood, the runs sorted from the best fit down, the runs that found the
    best fit with its components numbered in another order (label switching) marked
    apart from those that ended on another fit, and each run's iterations. A menu
    chooses a run, which is ringed and described in the status line; *Open in the
    explorer* fits it again in ``explorer`` from the same start and seed
    (``explorer.reinitialise(seed=..., init=...)``), to step through it there.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components : int, default=3
    n_starts : int, default=20
    inits : sequence of str, optional
        The kinds of start taken in turn; default: all four of
        :class:`~gmm_lesson.mixture.GaussianMixture`'s (see
        :func:`~gmm_lesson.restarts.fit_restarts`, which also says which seeds).
    random_state : int, default=0
        The first seed of each kind of start.
    explorer : EMExplorer, optional
        The explorer to open runs in. It must show the same data; the runs are then
        fitted with its ``max_iter``, ``tol``, ``reg_covar`` and ``covariance_type``,
        so that a run opened there ends where it ends here.
    fit_params : dict, optional
        ``max_iter``, ``tol``, ``reg_covar``, ``covariance_type`` for the runs, without
        an explorer (default: :class:`~gmm_lesson.mixture.GaussianMixture`'s).
    label : str, default='restart gallery'
        Label of the figure; a new one with the same label closes this one's.
    figsize : (float, float), default=(8.6, 4.8)
        The figure's size; narrower in a narrower notebook column.
    present : bool, optional
        Presenting size, for a room (see :class:`EMExplorer`).

    Attributes
    ----------
    widget : ipywidgets.VBox
        The figure, the menu and the button under it, and the status line.
    controls : mapping of str to ipywidgets.Widget
        Read-only, by name: ``'run'`` (the menu; its options are (words, run index)
        pairs), ``'open'`` (the button) and ``'page_size'`` (hidden: the page script
        writes the column's size into it). Setting the menu's value, or clicking the
        button, does what the learner's click does.
    outputs : mapping of str to ipywidgets.Widget
        ``'status'`` (the status line), ``'error_log'`` and ``'page_script'``.
    restarts : Restarts
        The runs, compared.
    explorer : EMExplorer or None
    artists : RestartArtists
    fig : Figure
    errors : list of Exception
        Errors the controls caught and showed in the status line.

    Examples
    --------
    >>> X = datasets.stretched_blobs()
    >>> explorer = EMExplorer(X, 3)
    >>> gallery = RestartGallery(X, 3, explorer=explorer)
    >>> gallery.choose(gallery.restarts.best)
    >>> gallery.open_in_explorer()   # the explorer now replays the best run
    """

    def __init__(self, X, n_components=3, *, n_starts=20, inits=None, random_state=0,
                 explorer=None, fit_params=None, label="restart gallery",
                 figsize=(8.6, 4.8), present=None):
        self.X = check_X(X, min_samples=2)
        self.explorer = explorer
        self.fit_params = self._fit_params(fit_params)
        self.restarts = fit_restarts(self.X, n_components, n_starts=n_starts, inits=inits,
                                     random_state=random_state, **self.fit_params)
        self.n_components = self.restarts.best_run.state.n_components
        self.label = label
        self.present = presenting(present)
        self._make_status_widgets()
        best = self.restarts.best_run
        options = [(words.restart_option_words(i, run, best, START_NAMES[run.init]), i)
                   for i, run in enumerate(self.restarts)]
        controls, outputs = restart_gallery_controls(options=options,
                                                     value=self.restarts.best,
                                                     can_open=explorer is not None)
        outputs.update(status=self._status_html, error_log=self._error_log)
        self._controls, self._outputs = controls, outputs

        self.fig = new_figure(self, label, figsize)
        self._natural_figsize = tuple(self.fig.get_size_inches())
        self._stacked = False   # the legend under the panels, not beside them
        with matplotlib.rc_context(style_rc(self.present)):
            self.artists = self._draw(self.fig)
            freeze_layout(self.fig)
        controls["run"].observe(self._on_run, names="value")
        controls["open"].on_click(self._on_open)
        controls["page_size"].observe(self._on_page_size, names="value")
        self.widget = restart_gallery_layout(controls, outputs, self.fig.canvas,
                                             present=self.present)
        self._set_lasting(words.restart_summary_words(self.restarts, self.n_components,
                                                      explorer is not None))
        self._show()

    def _fit_params(self, fit_params):
        """The runs' settings: the explorer's, if there is one (checked against any
        given), else those given."""
        given = dict(fit_params or {})
        unknown = set(given) - {"max_iter", "tol", "reg_covar", "covariance_type"}
        if unknown:
            raise ValueError(f"fit_params takes max_iter, tol, reg_covar and "
                             f"covariance_type, got {sorted(unknown)}.")
        if self.explorer is None:
            return given
        for name in ("X", "fit_params", "reinitialise", "set_n_components"):
            if not hasattr(self.explorer, name):
                raise TypeError(f"explorer must be an EMExplorer, got "
                                f"{type(self.explorer).__name__}.")
        self._check_explorer(given_params=None)
        params = dict(self.explorer.fit_params)
        differ = {name for name, value in given.items() if params.get(name) != value}
        if differ:
            raise ValueError(f"fit_params must match the explorer's, which fits with "
                             f"{params}; got {given}.")
        return params

    def _check_explorer(self, given_params=True):
        """The explorer must show the gallery's data and, once the runs are made, fit
        with their settings: else a run opened there would end elsewhere."""
        shown = self.explorer.X
        if shown.shape != self.X.shape or not np.array_equal(shown, self.X):
            raise ValueError("explorer must show the same data X as the gallery: its data "
                             f"(shape {shown.shape}) differ from X (shape {self.X.shape}).")
        if given_params and dict(self.explorer.fit_params) != self.fit_params:
            raise ValueError(f"explorer must fit with the runs' settings {self.fit_params}, "
                             f"not {dict(self.explorer.fit_params)}.")

    def _draw(self, fig):
        """The log-likelihoods over the iterations, the legend beside them or, stacked,
        in a panel of its own under them."""
        panels = fig.get_size_inches()[1] - (self._legend_height() if self._stacked else 0)
        grid = fig.add_gridspec(3 if self._stacked else 2, 1,
                                height_ratios=((3, 1, 4 * self._legend_height() / panels)
                                               if self._stacked else (3, 1)))
        ax = fig.add_subplot(grid[0])
        iterations = fig.add_subplot(grid[1], sharex=ax)
        legend = fig.add_subplot(grid[2]) if self._stacked else True
        # Stacked, in a narrow column, the status line gives the summary, and the run
        # numbers stand upright to fit.
        artists = plotting.plot_restarts(self.restarts, ax=ax, iterations=iterations,
                                         legend=legend, summary=not self._stacked,
                                         selected=self.chosen)
        if self._stacked:
            iterations.tick_params(axis="x", labelrotation=90)
        return artists

    def _legend_height(self):
        """Inches the legend takes in one column under the panels: a row for each kind
        of start, each marker, the best run's line and the shading."""
        rows = len({run.init for run in self.restarts}) + 5
        small = 0.833 * matplotlib.rcParams["font.size"]
        return (1.45 * rows + 1.0) * small / 72

    def __repr__(self):
        return (f"RestartGallery({len(self.restarts)} runs, K={self.n_components}, "
                f"{self.restarts.n_fits} distinct fits)")

    # --- readable from code -------------------------------------------------------------

    @property
    def chosen(self):
        """The index of the run chosen in the menu.

        Returns
        -------
        index : int
        """
        return self._controls["run"].value

    @property
    def chosen_run(self):
        """The run chosen in the menu.

        Returns
        -------
        run : RestartRun
        """
        return self.restarts[self.chosen]

    # --- actions ------------------------------------------------------------------------

    @reported
    def choose(self, index):
        """Choose run ``index`` in the menu, as a learner would.

        Parameters
        ----------
        index : int
            The run's index in :attr:`restarts`.
        """
        if index not in [value for _, value in self._controls["run"].options]:
            raise ValueError(f"index must be a run's index, 0 to {len(self.restarts) - 1}, "
                             f"got {index!r}.")
        self._controls["run"].value = index

    @reported
    def open_in_explorer(self):
        """Fit the chosen run again in the explorer, from its start and seed.

        Tells the explorer of the best run's log-likelihood first
        (:meth:`EMExplorer.remember_best`), so that its status line says how far a
        lower run ended below it.
        """
        if self.explorer is None:
            raise ValueError("There is no explorer to open the run in: make the gallery "
                             "with explorer=EMExplorer(...).")
        self._check_explorer()
        index, run = self.chosen, self.chosen_run
        best = self.restarts.best_run
        if not best.collapsed:
            self.explorer.remember_best(
                best.log_likelihood,
                words.restart_source(self.restarts.best, best.seed, START_NAMES[best.init]),
                n_components=self.n_components)
        errors = len(self.explorer.errors)
        if self.explorer.n_components != self.n_components:
            self.explorer.set_n_components(self.n_components)
        self.explorer.reinitialise(seed=run.seed, init=run.init)
        history = self.explorer.history
        if len(self.explorer.errors) > errors or history is None:
            raise ValueError(f"The explorer could not fit run {index}: its status line says "
                             "why.")
        text, level = words.restart_opened_words(index, run, START_NAMES[run.init],
                                                 float(history.log_likelihoods[-1]))
        summary = words.restart_summary_words(self.restarts, self.n_components, False)
        self._set_lasting([*summary, text], level=level)
        self._show()

    def _page_figsize(self, page, ppi):
        width, height = super()._page_figsize(page, ppi)
        if width * ppi < STACK_BELOW_PX:
            # Kept in shape, the panels would be too low to read; the legend goes under.
            with matplotlib.rc_context(style_rc(self.present)):
                scale = matplotlib.rcParams["font.size"] / 10
                height = max(height, _STACKED_PANELS_HEIGHT * scale) + self._legend_height()
        return width, height

    def _apply_figsize(self, figsize, ppi):
        stacked = figsize[0] * ppi < STACK_BELOW_PX
        if stacked == self._stacked:
            super()._apply_figsize(figsize, ppi)
            return
        self._stacked = stacked
        self.fig.clear()
        self.fig.set_size_inches(figsize, forward=True)
        with matplotlib.rc_context(style_rc(self.present)):
            self.artists = self._draw(self.fig)
            freeze_layout(self.fig)
        self.fig.canvas.draw_idle()

    def close(self):
        """Close the figure and the controls."""
        close_figure(self.fig)
        for child in [*self._controls.values(), *self._outputs.values(), self.widget]:
            child.close()
        release_label(self.label, self)

    # --- callbacks ----------------------------------------------------------------------

    @reported
    def _on_run(self, change):
        self._show()

    @reported
    def _on_open(self, button):
        self.open_in_explorer()

    def _show(self):
        plotting.update_restarts(self.artists, self.restarts, self.chosen, draw=False)
        run = self.chosen_run
        self._set_note(words.restart_chosen_words(self.chosen, run, self.restarts.best,
                                                  self.restarts.best_run,
                                                  START_NAMES[run.init]))
        self.fig.canvas.draw_idle()
