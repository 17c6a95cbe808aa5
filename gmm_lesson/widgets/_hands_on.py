"""Hands on the EM explorer: drag a mean (or move it from the keyboard) and start again from
there; add, remove or swap the data and fit again."""

from typing import NamedTuple

import matplotlib
import numpy as np

from gmm_lesson import datasets, plotting
from gmm_lesson._validation import check_integer, check_X
from gmm_lesson.em import complete_means, with_mean_moved
from gmm_lesson.widgets import _captions as words
from gmm_lesson.widgets._controls import GIVEN_DATA
from gmm_lesson.widgets._page import css_pixels_per_inch, em_figure_size, style_rc
from gmm_lesson.widgets._status import reported

__all__ = ["DRAG_RADIUS_PX", "HandsOnMixin", "NUDGE_SHARE"]

DRAG_RADIUS_PX = 14
"""A press this close to a mean (CSS pixels; 1D: across) picks the mean up."""

_MOVE_PX = 3
"""A press that moves less than this before its release is a click, not a drag."""

_POINT_RADIUS_PX = 6
"""While editing the data, a click this close to a point removes it; further, adds one."""

NUDGE_SHARE = 0.05
"""An arrow button moves the chosen mean by this share of the data's range."""

_DIRECTIONS = {"left": (0, -1.0), "right": (0, 1.0), "down": (1, -1.0), "up": (1, 1.0)}


class _Drag(NamedTuple):
    component: int
    pixel: tuple        # where the press was, in pixels
    point: list         # and in the data's coordinates (the features shown)
    start: np.ndarray   # the mean before the drag, in the features shown
    position: list      # where the mean is now, in the features shown (mutable)
    moved: list         # [bool]: whether the mouse has left the press's spot


class HandsOnMixin:
    """Moving a mean and editing the data, from the mouse, the controls or code.

    Mixed into :class:`~gmm_lesson.widgets.EMExplorer`: it uses the explorer's data,
    ``_figure``, state, controls, status line, ``_refit`` and ``fit_page``.
    """

    # --- readable from code ----------------------------------------------------------

    @property
    def editing_data(self):
        """Whether a click on the data adds a point (or removes the one under it).

        Returns
        -------
        bool
        """
        return self._controls["edit_data"].value

    @editing_data.setter
    def editing_data(self, on):
        self._controls["edit_data"].value = bool(on)

    @property
    def dragging(self):
        """The component whose mean is being dragged, or None.

        Returns
        -------
        int or None
        """
        return None if self._drag is None else self._drag.component

    # --- moving a mean -----------------------------------------------------------------

    @reported
    def move_mean(self, component, mean):
        """Start EM again from the parameters shown, with one mean moved: what letting go
        of a dragged mean does.

        The weights, the covariances and the other means are those of the half-step
        shown; the fit then replays from this edited start (half-step 0).

        Parameters
        ----------
        component : int
            Which mean, from 0.
        mean : float or array-like of shape (2,)
            Where it goes, in the features shown (1D: a number; features not shown
            keep their values).
        """
        if self._not_ready():
            return
        component = check_integer(component, "component", 0)
        if component >= self.n_components:
            raise ValueError(f"component must be < n_components = {self.n_components}, "
                             f"got {component}.")
        mean = np.atleast_1d(np.asarray(mean, dtype=float))
        if mean.shape != (len(self.dims),) or not np.all(np.isfinite(mean)):
            raise ValueError(f"mean must be {len(self.dims)} finite number(s), in the "
                             f"features shown {self.dims}, got {mean.tolist()}.")
        start = with_mean_moved(self.state, component, mean, self.dims)
        self._refit(start=start, moved=words.moved_words(self.half_step, component, mean))

    @reported
    def nudge_mean(self, direction):
        """Move the mean chosen in the ``mean`` menu one step (a twentieth of the data's
        range) and start again from there: what the arrow buttons do.

        Parameters
        ----------
        direction : {'left', 'right', 'up', 'down'}
            Up and down move the second feature shown (2D only).
        """
        if direction not in _DIRECTIONS or (self.n_features == 1 and direction in
                                            ("up", "down")):
            allowed = ("left", "right") if self.n_features == 1 else tuple(_DIRECTIONS)
            raise ValueError(f"direction must be one of {allowed}, got {direction!r}.")
        if self._not_ready():
            return
        axis, sign = _DIRECTIONS[direction]
        component = self._controls["mean"].value
        mean = self.state.means[component, list(self.dims)].copy()
        shown = self.X[:, list(self.dims)]
        mean[axis] += sign * NUDGE_SHARE * float(np.ptp(shown[:, axis]) or 1.0)
        self.move_mean(component, mean)

    def _mean_under(self, pixel):
        """The component whose mean (in the state shown) is under ``pixel``, or None."""
        if self.history is None or self._placing is not None or self._figure.moved is None:
            return None
        means = self.state.means[:, list(self.dims)]
        return self._figure.nearest_within(means, pixel, DRAG_RADIUS_PX * self._ppi_scale())

    def _ppi_scale(self):
        """Canvas pixels per CSS pixel (ipympl draws at the screen's pixel ratio)."""
        return self.fig.dpi / css_pixels_per_inch(self.fig) if self.fig.dpi else 1.0

    def _begin_drag(self, component, event, point):
        start = self.state.means[component, list(self.dims)].copy()
        self._drag = _Drag(component, (event.x, event.y), point, start, list(start), [False])

    def _drag_to(self, event):
        drag = self._drag
        if not drag.moved[0]:
            if np.hypot(event.x - drag.pixel[0], event.y - drag.pixel[1]) < (
                    _MOVE_PX * self._ppi_scale()):
                return
            drag.moved[0] = True
        if event.inaxes is not self._figure.data_axes or event.xdata is None:
            return          # off the data: the mean waits at its last place
        drag.position[:] = [event.xdata] if self.n_features == 1 else [event.xdata,
                                                                       event.ydata]
        shown = self._shown_state_for_point()
        covariance = None if self.n_features == 1 else shown.full_covariances()[
            drag.component]
        colour = plotting.component_colors(self.n_components)[drag.component]
        self._figure.show_moved(drag.start, drag.position, covariance, colour)
        self._figure.render()

    def _end_drag(self, event):
        drag, self._drag = self._drag, None
        self._figure.hide_moved()
        if drag.moved[0]:
            self.move_mean(drag.component, drag.position)
        else:   # a click near a mean: that point's membership, as anywhere else
            self.click(*drag.point)

    # --- editing the data --------------------------------------------------------------

    @reported
    def add_point(self, x, y=None):
        """Add a data point and fit again from the same start.

        Parameters
        ----------
        x : float
        y : float, optional
            Not given for 1D data. Features not shown get the data's mean.
        """
        point = [x] if self.n_features == 1 else [x, y]
        if any(v is None or not np.isfinite(v) for v in point):
            raise ValueError(f"The point must be {len(point)} finite number(s), got {point}.")
        row = complete_means(self.X, [point], self.dims)
        self.set_data(np.vstack([self.X, row]), change="Point added")

    @reported
    def remove_point(self, index):
        """Remove data point ``index`` (a row of ``X``) and fit again from the same start.

        Parameters
        ----------
        index : int
        """
        index = check_integer(index, "index", 0)
        if index >= len(self.X):
            raise ValueError(f"index must be < n_samples = {len(self.X)}, got {index}.")
        if len(self.X) - 1 < max(2, self.n_components):
            self._set_note(words.too_few_points_words(self.n_components), level="warning")
            return
        self.set_data(np.delete(self.X, index, axis=0), change="Point removed")

    @reported
    def set_data(self, X, change="New data", about=""):
        """Fit the explorer to other data (the same number of features), from the same
        start; the scales, the log-likelihood axis and the replay follow the new data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        change : str, default="New data"
            What changed, for the status line.
        about : str, default=""
            What the data show, said after it.
        """
        X = check_X(X, min_samples=2)
        if X.shape[1] != self.n_features:
            raise ValueError(f"X must have {self.n_features} feature(s), like the data "
                             f"the explorer was made with, got {X.shape[1]}.")
        self.X = X
        self._figure.X = X
        self._best = {}             # fits of other data compare with nothing seen
        self._point = None
        most = self._most_components()
        with self._holding():
            self._controls["n_components"].options = list(range(1, most + 1))
            if self.n_components > most:
                self.n_components = most
            self._controls["n_components"].value = self.n_components
        if not self._figsize_given:
            with matplotlib.rc_context(style_rc(self.present)):
                self._natural_figsize = plotting.em_step_figsize(
                    X, dims=self.dims, bound=self._figure.bound)
        if self._page is not None:
            figsize, stacked = em_figure_size(
                X, self._page, self._natural_figsize, figsize_given=self._figsize_given,
                present=self.present, dims=self.dims, ppi=css_pixels_per_inch(self.fig),
                bound=self._figure.bound)
            self._figure.resize(figsize, stacked)
        self._data_change = words.edited_data_words(len(X), change, about)
        try:
            self._refit()
        finally:
            self._data_change = None

    @reported
    def restore_data(self):
        """Back to the data the explorer was made with, fitted from the same start."""
        with self._holding():
            self._controls["data"].value = GIVEN_DATA
        self.set_data(self._given_X, change="Data restored")

    @reported
    def use_preset(self, name):
        """Fit one of :data:`gmm_lesson.datasets.PRESETS` (2D data only).

        Parameters
        ----------
        name : str
        """
        if self.n_features != 2:
            raise ValueError("The preset data sets have two features; this explorer's "
                             f"data has {self.n_features}.")
        X = datasets.preset(name)
        with self._holding():
            self._controls["data"].value = name
        self.set_data(X, change=f"Data: {name}", about=datasets.PRESETS[name][0])

    def _edit_at(self, pixel, point):
        """A click while editing: remove the point under it, or add one there."""
        near = self._figure.nearest_within(self.X[:, list(self.dims)], pixel,
                                           _POINT_RADIUS_PX * self._ppi_scale())
        if near is None:
            self.add_point(*point)
        else:
            self.remove_point(near)

    # --- callbacks -----------------------------------------------------------------------

    @reported
    def _on_edit_data(self, change):
        self._set_note(words.editing_words(change["new"], self.n_features))

    @reported
    def _on_data(self, change):
        if self._quiet:
            return
        if change["new"] == GIVEN_DATA:
            self.restore_data()
        else:
            self.use_preset(change["new"])

    def _update_mean_menu(self):
        """The mean menu offers the components of the fit shown."""
        menu = self._controls["mean"]
        options = [(f"component {k}", k) for k in range(self.n_components)]
        if list(menu.options) != options:
            with self._holding():
                value = menu.value if menu.value is not None else 0
                menu.options = options
                menu.value = min(value, self.n_components - 1)

