"""The EM explorer: controls wired to actions, playback, what it shows read back, lifecycle."""

import matplotlib

from gmm_lesson import datasets, plotting
from gmm_lesson._validation import check_dims, check_integer, check_X
from gmm_lesson.widgets import _captions as words
from gmm_lesson.widgets._canvas import release_label
from gmm_lesson.widgets._clicks import ClicksMixin
from gmm_lesson.widgets._controls import (
    MAX_COMPONENTS,
    START_NAMES,
    Holding,
    NamedWidgets,
    em_controls,
    em_layout,
)
from gmm_lesson.widgets._em_view import EMFigure, ViewMixin
from gmm_lesson.widgets._fitting import FittingMixin
from gmm_lesson.widgets._hands_on import HandsOnMixin
from gmm_lesson.widgets._page import presenting, style_rc
from gmm_lesson.widgets._status import StatusMixin, reported

__all__ = ["EMExplorer"]


# About 400 lines, over the 300 we aim for: some 165 of them are docstrings, the
# reference of the explorer's public API (its controls and outputs by name among it).
# The code is about 235 lines, and does one job: it wires the controls to the actions of
# the parts it is made of (_fitting, _clicks, _hands_on, _em_view, _status) and plays.
class EMExplorer(FittingMixin, ClicksMixin, HandsOnMixin, ViewMixin, StatusMixin,
                 NamedWidgets):
    """Step through EM on 1D or 2D data, half-step by half-step.

    Fits once and replays the recorded history: the slider, the step buttons and
    play move the existing artists to another half-step (start, then an E-step and an
    M-step per iteration) and never refit. A new seed, another start or another
    number of components fits again.

    Hands on: drag a mean (at the start or at any half-step) and EM starts again from
    the parameters shown with that mean moved (:meth:`move_mean`; from the keyboard,
    the ``mean`` menu and the arrow buttons, :meth:`nudge_mean`). With *Edit data* on,
    a click adds a point or removes the one clicked (:meth:`add_point`,
    :meth:`remove_point`); the ``data`` menu swaps in one of
    :data:`gmm_lesson.datasets.PRESETS` (2D), and *Restore data* brings the data given
    back. Each change fits again and replays from the start.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        One feature gives the 1D view (histogram, component curves, responsibility
        bands); two or more the 2D view of features ``dims`` (points coloured by
        responsibility, 1/2/3-sigma ellipses).
    n_components : int, default=3
        Number of components, 1 to 8.
    init : {'k-means++', 'random', 'random_from_data', 'kmeans', 'click'}, default='k-means++'
        How EM starts (scikit-learn's ``init_params``), or ``'click'``: the learner
        clicks ``n_components`` points on the plot to place the means.
    random_state : int, default=0
        Seed of the start; "new seed" adds one.
    max_iter : int, default=100
        Most EM iterations recorded.
    tol : float, default=1e-3
        EM stops when the mean log-likelihood per sample changes by less.
    reg_covar : float, default=1e-6
        Added to each covariance's diagonal; 0 lets a component collapse onto a point
        (the fit then fails and the status line says why).
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'
    dims : (int, int), default=(0, 1)
        The two features shown for data with more than one feature.
    radii : sequence of float, default=(1, 2, 3)
        Mahalanobis radii of the ellipses.
    feature_names : sequence of str, optional
    label : str, default='EM explorer'
        Label of the figure; a new explorer with the same label closes this one's.
    figsize : (float, float), optional
        Default: 8.3 inches wide, as tall as the data's shape needs
        (:func:`~gmm_lesson.plotting.em_step_figsize`). In a notebook column narrower
        than this, the figure is made narrower to fit (below
        :data:`STACK_BELOW_PX` pixels, with the log-likelihood panel under the data).
    interval : int, default=700
        Milliseconds per half-step when playing; the speed menu offers it with
        :data:`SPEEDS`.
    blit : bool, default=True
        Redraw only the moving artists on a step (see :attr:`blitter`); ``False``
        asks for a full redraw every time.
    present : bool, optional
        Presenting size, for a room: the figure fills the column's width and every
        text, in the figure and around it, is at least 16 pixels tall. Default: on
        when the environment variable ``GMM_LESSON_PRESENT`` is ``"1"``, or on a Voila
        page whose address asks for ``?present=1``.
    bound : bool, default=False
        Why EM never lowers the log-likelihood: a panel right of the log-likelihood
        curve (under the data, beside the curve, in a narrow column, below
        :data:`STACK_BELOW_PX_BOUND` pixels) shows the log-likelihood of each
        half-step as a bar, the lower bound L under the KL gap
        (:func:`~gmm_lesson.plotting.plot_bound_bar`), beside the half-step before;
        the caption says the three numbers. The figure is then
        :data:`~gmm_lesson.plotting.BOUND_WIDTH` inches wide by default. The split
        is computed for the half-step shown when it is shown
        (:func:`~gmm_lesson.em.bound_at`).

    Attributes
    ----------
    widget : ipywidgets.VBox
        What to display; a cell ending with the explorer shows it.
    controls : mapping of str to ipywidgets.Widget
        The controls, read-only, by name (as ipywidgets' ``interactive.kwargs_widgets``).
        Setting a control's value, or clicking a button, does what the learner's
        click does: ``'half_step'`` (slider), ``'play'`` (the Play / Pause button),
        ``'timer'`` (the hidden Play widget that keeps the time in the browser),
        ``'step_back'``, ``'step_forward'``, ``'reset'``, ``'speed'`` (menu),
        ``'n_components'`` (menu), ``'start'`` (menu of :data:`INIT_CHOICES`),
        ``'new_seed'``, ``'x'`` and ``'y'`` (a point's coordinates, typed),
        ``'membership'`` (the button that shows the typed point's membership),
        ``'mean'`` (menu: the mean the arrow buttons move), ``'move_left'``,
        ``'move_right'``, ``'move_up'``, ``'move_down'`` (the arrow buttons; up and
        down hidden for 1D data), ``'edit_data'`` (toggle), ``'data'`` (menu: the
        data given or a preset; hidden unless the data has two features),
        ``'restore_data'`` and ``'page_size'`` (hidden: the page script writes the
        column's width and the window's height into it, as ``"W H"``).
    outputs : mapping of str to ipywidgets.Widget
        The widgets that show words, read-only, by name: ``'caption'`` (title,
        log-likelihood and weights over the figure; with ``bound=True`` also the
        lower bound L and the gap KL that add up to the log-likelihood, to the
        digits shown), ``'caption_reserve'`` (invisible
        copies of the longest caption, which keep its height), ``'seed'``,
        ``'status'`` (the status line), ``'error_log'``, ``'membership'`` (the chosen
        point's membership probabilities) and ``'page_script'`` (the page script and
        stylesheet).
    history : EMHistory or None
        The fit being replayed (None before a fit succeeded).
    fig : Figure
    errors : list of Exception
        Errors the controls caught and showed in the status line.

    Notes
    -----
    The explorer remembers the best final log-likelihood its fits have reached for
    each number of components (with its covariance type and ``reg_covar``; the data
    are its own), leaving out fits that end with a collapsed component, whose
    likelihood can beat every sensible fit. When a fit ends clearly below that best
    (by more than :data:`LOWER_PEAK_MARGIN` per point), the status line says that
    this run stopped lower, by how much, and which run did better.
    :meth:`remember_best` tells it of a value reached elsewhere.

    The class is put together from parts, each in its own module of
    :mod:`gmm_lesson.widgets`: fitting (``_fitting``), clicks (``_clicks``), the view
    of a step (``_em_view``) and the status line (``_status``); this one wires the
    controls to them and plays.

    Examples
    --------
    >>> explorer = EMExplorer(datasets.stretched_blobs(), n_components=3)
    >>> explorer.step_forward()   # the first E-step
    >>> explorer.title
    'Iteration 1 — after the E-step: points recoloured by their responsibilities'
    >>> explorer.controls["half_step"].value = 4   # as the slider would
    """

    def __init__(self, X, n_components=3, *, init="k-means++", random_state=0, max_iter=100,
                 tol=1e-3, reg_covar=1e-6, covariance_type="full", dims=(0, 1),
                 radii=(1, 2, 3), feature_names=None, label="EM explorer",
                 figsize=None, interval=700, blit=True, present=None, bound=False):
        self.X = check_X(X, min_samples=2)
        self.n_features = self.X.shape[1]
        self.n_components = self._check_n_components(n_components)
        self.init = self._check_init(init)
        self.seed = check_integer(random_state, "random_state", 0)
        self.fit_params = dict(max_iter=check_integer(max_iter, "max_iter", 1), tol=tol,
                               reg_covar=reg_covar, covariance_type=covariance_type)
        self.dims = check_dims(dims, self.n_features) if self.n_features > 1 else (0,)
        interval = check_integer(interval, "interval", 1)
        self.radii = tuple(radii)
        self.feature_names = feature_names
        self.label = label
        self.present = presenting(present)
        self.history = None
        self._history_init = None   # the start the history was fitted from
        self._best = {}             # (K, covariance type, reg_covar) -> (value, source)
        self._run = None            # (final log-likelihood, source) of a comparable fit
        self._fit_messages = ([], "info")
        self._step_note = ("", "info")  # what the status line says of the step shown
        self._placing = None    # means clicked so far while placing, else None
        self._drag = None       # a mean being dragged, else None
        self._given_X = self.X  # the data given, for "Restore data"
        self._data_change = None    # words for the status line while the data changes
        self._point = None      # the point whose membership is shown, shape (1, d)
        self._quiet = False     # set while the controls are reconfigured after a fit
        self._title = ""
        self._reserved_for = None   # the history the caption's reserve was made for
        self._make_status_widgets()
        self._figsize_given = figsize is not None
        with matplotlib.rc_context(style_rc(self.present)):
            self._natural_figsize = (tuple(figsize) if figsize is not None else
                                     plotting.em_step_figsize(self.X, dims=self.dims,
                                                              bound=bool(bound)))
        self._page = None       # (column width, window height) in CSS pixels, once known
        self._figure = EMFigure(self, label, self.X, dims=self.dims, radii=self.radii,
                                feature_names=feature_names, present=self.present,
                                blit=bool(blit), figsize=self._natural_figsize,
                                bound=bool(bound))
        self.fig = self._figure.fig
        controls, outputs = em_controls(
            interval=interval, n_components=self.n_components,
            most_components=self._most_components(), init=self.init,
            n_features=self.n_features, bound=bool(bound),
            presets=tuple(datasets.PRESETS) if self.n_features == 2 else ())
        outputs.update(status=self._status_html, error_log=self._error_log)
        self._controls, self._outputs = controls, outputs
        self._connect()
        self.widget, self._caption_box = em_layout(
            controls, outputs, self.fig.canvas, n_features=self.n_features,
            present=self.present)
        self._refit()

    def _connect(self):
        """Wire every control to its action, and the figure's clicks and keys."""
        controls = self._controls
        controls["half_step"].observe(self._on_slider, names="value")
        controls["play"].observe(self._on_play_button, names="value")
        controls["timer"].observe(self._show_playing, names="playing")
        controls["step_back"].on_click(lambda _: self.step_back())
        controls["step_forward"].on_click(lambda _: self.step_forward())
        controls["reset"].on_click(lambda _: self.reset())
        controls["new_seed"].on_click(lambda _: self.reinitialise(seed=self.seed + 1))
        controls["n_components"].observe(self._on_components, names="value")
        controls["start"].observe(self._on_start, names="value")
        controls["membership"].on_click(lambda _: self.click_typed())
        controls["page_size"].observe(self._on_page_size, names="value")
        for side in ("left", "right", "up", "down"):
            controls[f"move_{side}"].on_click(lambda _, side=side: self.nudge_mean(side))
        controls["edit_data"].observe(self._on_edit_data, names="value")
        controls["data"].observe(self._on_data, names="value")
        controls["restore_data"].on_click(lambda _: self.restore_data())
        canvas = self.fig.canvas
        self._callbacks = [canvas.mpl_connect("button_press_event", self._on_press),
                           canvas.mpl_connect("motion_notify_event", self._on_motion),
                           canvas.mpl_connect("button_release_event", self._on_release),
                           canvas.mpl_connect("key_press_event", self._on_key)]

    # --- checks at the boundary -------------------------------------------------------

    def _check_n_components(self, n_components):
        n_components = check_integer(n_components, "n_components", 1)
        most = self._most_components()
        if n_components > most:
            raise ValueError(f"n_components must be between 1 and {most} (one colour "
                             f"per component, at most one per sample), got {n_components}.")
        return n_components

    def _most_components(self):
        return min(MAX_COMPONENTS, self.X.shape[0])

    @staticmethod
    def _check_init(init):
        if init not in START_NAMES:
            raise ValueError(f"init must be one of {tuple(START_NAMES)}, got {init!r}.")
        return init

    def __repr__(self):
        return (f"EMExplorer({self.X.shape[0]} samples, {self.n_features} feature(s), "
                f"K={self.n_components}, start={self.init!r}, seed={self.seed})")

    # --- what the learner sees, readable from code -------------------------------------

    @property
    def step(self):
        """Index of the half-step shown; setting it moves there.

        Returns
        -------
        step : int
            0 .. ``n_half_steps - 1``.
        """
        return self._controls["half_step"].value

    @step.setter
    def step(self, index):
        """Move to half-step ``index``, or to the nearest one there is (with a note).

        Parameters
        ----------
        index : int
        """
        self._go_to(index)

    @property
    def n_half_steps(self):
        """Number of half-steps recorded.

        Returns
        -------
        n_half_steps : int
            0 before a fit succeeded.
        """
        return 0 if self.history is None else self.history.n_half_steps

    @property
    def half_step(self):
        """The half-step shown.

        Returns
        -------
        half_step : HalfStep or None
            None before a fit succeeded.
        """
        return None if self.history is None else self.history.half_step(self.step)

    @property
    def state(self):
        """The mixture whose parameters are drawn.

        Returns
        -------
        state : MixtureState or None
            None before a fit succeeded.
        """
        step = self.half_step
        return None if step is None else self.history.states[step.params]

    @property
    def playing(self):
        """Whether the half-steps are being played.

        Returns
        -------
        playing : bool
        """
        return self._controls["timer"].playing

    # --- playback (the buttons call these) ---------------------------------------------

    @reported
    def step_forward(self):
        """Show the next half-step (an E-step, then its M-step)."""
        if self._not_ready():
            return
        if self.step >= self.n_half_steps - 1:
            self._set_note(words.last_step_words(self.history))
            return
        self._controls["half_step"].value = self.step + 1

    @reported
    def step_back(self):
        """Show the previous half-step."""
        if self._not_ready():
            return
        if self.step <= 0:
            self._set_note(words.AT_THE_START)
            return
        self._controls["half_step"].value = self.step - 1

    @reported
    def reset(self):
        """Pause and go back to the start of the recorded fit (no refit)."""
        self._controls["timer"].playing = False
        if self._not_ready():
            return
        self._controls["half_step"].value = 0

    @reported
    def play(self):
        """Start playing the half-steps (pressing it again changes nothing)."""
        if self._not_ready():
            return
        if self.step >= self.n_half_steps - 1:
            self._controls["half_step"].value = 0
        self._controls["timer"].playing = True

    @reported
    def pause(self):
        """Stop playing, at the half-step shown."""
        self._controls["timer"].playing = False

    def _go_to(self, index):
        if self._not_ready():
            return
        index = int(index)
        last = self.n_half_steps - 1
        nearest = min(max(index, 0), last)
        self._controls["half_step"].value = nearest
        if nearest != index:
            self._set_note(words.out_of_range_words(last, nearest))

    def _not_ready(self):
        if self._placing is not None:
            self._set_note(words.place_first_words(self._placing_left()), level="warning")
            return True
        if self.history is None:
            self._set_note(words.NO_FIT_TO_STEP, level="warning")
            return True
        return False

    # --- callbacks ---------------------------------------------------------------------

    @reported
    def _on_slider(self, change):
        if not self._quiet and self.history is not None:
            self._show(change["new"])

    @reported
    def _on_play_button(self, change):
        if change["new"] and not self.playing:
            self.play()
        elif not change["new"] and self.playing:
            self.pause()
        self._show_playing()

    def _show_playing(self, change=None):
        """The Play / Pause button says what pressing it will do."""
        playing = self.playing
        button = self._controls["play"]
        button.value = playing
        button.description = "Pause" if playing else "Play"
        button.icon = "pause" if playing else "play"

    @reported
    def _on_page_size(self, change):
        self.fit_page(change["new"])

    @reported
    def _on_key(self, event):
        actions = {"right": self.step_forward, "left": self.step_back, "home": self.reset}
        if event.key in actions:
            actions[event.key]()

    # --- lifecycle ---------------------------------------------------------------------

    def _holding(self):
        return Holding(self)

    def close(self):
        """Close the figure and the controls (a re-run cell's explorer is closed so)."""
        self._controls["timer"].playing = False
        for cid in self._callbacks:
            self.fig.canvas.mpl_disconnect(cid)
        self._figure.close()
        for child in [*self._controls.values(), *self._outputs.values(),
                      self._caption_box, self.widget]:
            child.close()
        release_label(self.label, self)
