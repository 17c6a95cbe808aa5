"""Clicks on the EM explorer's figure: placing the means of a start, and a point's membership."""

import numpy as np

from gmm_lesson.em import complete_means
from gmm_lesson.widgets import _captions as words
from gmm_lesson.widgets._status import reported

__all__ = ["ClicksMixin", "typed_number"]


def typed_number(text):
    """The number a learner typed in a box, or None if it is not one."""
    try:
        return float(str(text).strip())
    except ValueError:
        return None


class ClicksMixin:
    """What a click on the EM explorer's data does, from the mouse, the x and y boxes
    or code: while the means of a start are being placed, it places the next one;
    otherwise it chooses a point, whose membership probabilities under the state shown
    are then shown at every step.

    Mixed into :class:`~gmm_lesson.widgets.EMExplorer`: it uses the explorer's data,
    ``_figure``, state, controls, outputs and status line, and ``_refit``.
    """

    # --- readable from code ----------------------------------------------------------

    @property
    def point(self):
        """The chosen point, in the features shown (shape (1,) or (2,)), or None."""
        return None if self._point is None else self._point[0].copy()

    @property
    def membership(self):
        """Membership probabilities of the chosen point under the state shown, shape
        (n_components,), or None before a point is chosen."""
        if self._point is None or self.state is None:
            return None
        return self._shown_state_for_point().responsibilities(self._point)[0]

    @property
    def membership_text(self):
        """The membership probabilities as plain text, one component per line."""
        probabilities = self.membership
        if probabilities is None:
            return ""
        return words.membership_text(self._point[0], self.half_step, probabilities)

    @property
    def point_marker(self):
        """The artist (a ``Line2D``) that marks the chosen point on the data."""
        return self._figure.point_marker

    @property
    def placed_marker(self):
        """The artist (a ``PathCollection``) that marks the means placed so far while
        they are being placed (None before placing has been drawn)."""
        return self._figure.placed

    # --- actions ---------------------------------------------------------------------

    @reported
    def click(self, x, y=None):
        """What a click on the data at (x, y) does, from code (1D: ``click(x)``).

        While means are being placed it places the next one; otherwise it shows the
        point's membership probabilities for the parameters shown (and keeps showing
        them for this point as the explorer moves).

        Parameters
        ----------
        x : float
        y : float, optional
            Not given for 1D data.
        """
        point = [x] if self.n_features == 1 else [x, y]
        if any(not isinstance(value, (int, float, np.number)) or not np.isfinite(value)
               for value in point):
            self._set_note(words.BAD_POINT, level="warning")
            return
        if self._placing is not None:
            self._place_mean(point)
            return
        if self.state is None:
            self._set_note(words.NO_FIT_TO_ASK, level="warning")
            return
        self._point = np.asarray(point, dtype=float).reshape(1, -1)
        with self._holding():
            # Shown rounded; the point itself keeps every digit of the click.
            self._controls["x"].value = f"{float(x):.4g}"
            if y is not None:
                self._controls["y"].value = f"{float(y):.4g}"
        # The click worked: what the status line says is about the step again.
        self._set_note(*self._step_note)
        self._show_membership()
        self._figure.render()

    @reported
    def click_typed(self):
        """What the Membership button does: :meth:`click` at the typed coordinates."""
        typed = [typed_number(self._controls["x"].value)]
        if self.n_features > 1:
            typed.append(typed_number(self._controls["y"].value))
        self.click(*typed)

    @reported
    def _on_press(self, event):
        toolbar = getattr(self.fig.canvas, "toolbar", None)
        if event.button != 1 or getattr(toolbar, "mode", "") or event.inaxes is None:
            return
        if event.inaxes not in self._figure.clickable_axes(self._placing is not None):
            self._set_note(words.click_hint(self._placing is not None, self.n_features))
            return
        point = [event.xdata] if self.n_features == 1 else [event.xdata, event.ydata]
        if self.editing_data and self._placing is None:
            self._edit_at((event.x, event.y), point)
            return
        component = self._mean_under((event.x, event.y))
        if component is not None:      # a drag begins (or a click on the mean)
            self._begin_drag(component, event, point)
            return
        self.click(*point)

    @reported
    def _on_motion(self, event):
        if self._drag is not None:
            self._drag_to(event)

    @reported
    def _on_release(self, event):
        if self._drag is not None:
            self._end_drag(event)

    # --- placing the means -----------------------------------------------------------

    def _begin_placing(self):
        self._placing = []
        self._point = None
        with self._holding():
            self._controls["x"].value = ""
            self._controls["y"].value = ""
        self._draw_data_only()
        self._set_lasting([words.placing_words(self.n_components)])

    def _placing_left(self):
        return self.n_components - len(self._placing)

    def _place_mean(self, point):
        self._placing.append(point)
        self._figure.show_placed(self._placing)
        if self._placing_left() > 0:
            self._set_note(words.placed_words(len(self._placing), self.n_components))
            self._figure.request_draw()
            return
        # Features not shown sit at the data's mean.
        means = complete_means(self.X, self._placing, self.dims)
        self._placing = None
        self._refit(means=means)

    # --- membership of a point -------------------------------------------------------

    def _shown_state_for_point(self):
        """The state shown, seen in the displayed features only (a click knows nothing
        of the others): its marginal."""
        if self.dims == tuple(range(self.n_features)):
            return self.state   # every feature is shown, in order
        return self.state.marginal(self.dims)

    def _show_membership(self):
        if self._point is None or self.state is None:
            self._figure.mark_point(None)
            self._outputs["membership"].value = ""
            return
        probabilities = self.membership
        self._figure.mark_point(self._point[0])
        self._outputs["membership"].value = words.membership_html(
            self._point[0], self.half_step, probabilities)
