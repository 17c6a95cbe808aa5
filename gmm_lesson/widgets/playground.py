"""The covariance playground: one 2D Gaussian whose samples, ellipses and matrix follow sliders."""

import types

import matplotlib
import numpy as np

from gmm_lesson import gaussian, plotting
from gmm_lesson._validation import check_integer
from gmm_lesson.widgets import _captions as words
from gmm_lesson.widgets import _controls
from gmm_lesson.widgets._canvas import (
    close_figure,
    freeze_layout,
    new_figure,
    release_label,
)
from gmm_lesson.widgets._controls import (
    Holding,
    NamedWidgets,
    on_slider_grid,
    playground_controls,
    playground_layout,
)
from gmm_lesson.widgets._page import (
    FitsPage,
    playground_figure_size,
    presenting,
    style_rc,
)
from gmm_lesson.widgets._status import StatusMixin, reported

__all__ = ["CovariancePlayground"]

#: The status line's note when the minor axis is held at the major axis's length.
MINOR_KEPT_SHORTER = ("The minor axis is never longer than the major one: it is held at the "
                      "major axis's length. Drag the major axis to make the ellipse longer.")


# About 320 lines, a little over the 300 we aim for: some 110 of them are docstrings, the
# reference of its public API (its controls by name among it); the code, about 210
# lines, keeps two ways of setting one covariance in step with the figure.
class CovariancePlayground(FitsPage, StatusMixin, NamedWidgets):
    """One 2D Gaussian whose samples, ellipses and matrix follow sliders.

    Two ways to set the covariance: the standard deviations of x and y and their
    correlation, or the standard deviations along the ellipse's axes and its rotation.
    The samples are fixed standard-normal draws transformed by the Cholesky factor of
    the covariance, so the cloud moves smoothly as a slider moves.

    The Gaussian shown is always the one the visible sliders give, so that the
    sliders and the status line agree. Switching to the other way puts its sliders on
    their steps (0.05, or a degree), which can move the Gaussian by up to half a step;
    switching back without moving a slider returns to exactly where it was.

    Parameters
    ----------
    std : (float, float), default=(1.5, 1.0)
        Starting standard deviations of x and y (on the sliders' steps of 0.05).
    correlation : float, default=0.6
    n_samples : int, default=400
    random_state : int, default=0
        Seed of the standard-normal draws.
    radii : sequence of float, default=(1, 2, 3)
    limit : float, default=7.0
        The axes show -limit .. limit in both directions, fixed.
    label : str, default='covariance playground'
    figsize : (float, float), default=(5.0, 4.6)
        The figure's size; narrower in a narrower notebook column.
    present : bool, optional
        Presenting size, for a room: the figure fills the row beside the controls and
        every text is at least 16 pixels tall. Default: as :class:`EMExplorer`.

    Attributes
    ----------
    widget : ipywidgets.HBox
        The figure with the controls beside it (below it on a narrow page).
    controls : mapping of str to ipywidgets.Widget
        The controls, read-only, by name: ``'mode'`` (the two ways, :attr:`MODES`),
        the sliders of the first way ``'std_x'``, ``'std_y'``, ``'correlation'`` and of
        the second ``'std_major'``, ``'std_minor'``, ``'angle'`` (:attr:`MODE_SLIDERS`),
        and ``'page_size'`` (hidden: the page script writes the column's size into it).
        Setting a shown slider's value does what the learner's drag does.
    outputs : mapping of str to ipywidgets.Widget
        ``'status'`` (the status line), ``'error_log'`` and ``'page_script'``.
    covariance : ndarray of shape (2, 2)
        The covariance shown.
    artists : CovarianceArtists
    fig : Figure
    errors : list of Exception
        Errors the controls caught and showed in the status line.
    """

    MODES = _controls.MODES
    """The two ways to set the covariance, as (label, mode)."""
    MODE_SLIDERS = types.MappingProxyType(_controls.MODE_SLIDERS)
    """The names of each mode's sliders in :attr:`controls`."""
    CONTROLS_EM = 28
    """Width of the controls beside the figure, in em."""

    def __init__(self, std=(1.5, 1.0), correlation=0.6, *, n_samples=400, random_state=0,
                 radii=(1, 2, 3), limit=7.0, label="covariance playground",
                 figsize=(5.0, 4.6), present=None):
        self.mean = np.zeros(2)
        self.label = label
        self.present = presenting(present)
        n_samples = check_integer(n_samples, "n_samples", 1)
        self._standard_normal = np.random.default_rng(random_state).standard_normal(
            (n_samples, 2))
        self._quiet = False
        self._left = None   # (mode, its slider values, covariance) when switched away from
        self._make_status_widgets()
        controls, outputs = playground_controls(std=std, correlation=correlation,
                                                controls_em=self.CONTROLS_EM)
        outputs.update(status=self._status_html, error_log=self._error_log)
        self._controls, self._outputs = controls, outputs
        for control in self._sliders("correlation"):
            control.value = on_slider_grid(control.value, control)
        self.covariance = self._covariance_from("correlation")

        self._natural_figsize = tuple(figsize)
        self.fig = new_figure(self, label, figsize)
        with matplotlib.rc_context(style_rc(self.present)):
            ax = self.fig.add_subplot()
            self.artists = plotting.plot_covariance(
                self.mean, self.covariance, self._samples(), radii=radii,
                limits=(-limit, limit), ax=ax)
            ax.set_xlabel("x")
            ax.set_ylabel("y")
            freeze_layout(self.fig)

        for control in self._sliders("correlation"):
            control.observe(self._on_correlation_slider, names="value")
        for control in self._sliders("rotation"):
            control.observe(self._on_axes_slider, names="value")
        controls["mode"].observe(self._on_mode, names="value")
        controls["page_size"].observe(self._on_page_size, names="value")
        self.widget, self._groups = playground_layout(
            controls, outputs, self.fig.canvas, controls_em=self.CONTROLS_EM,
            present=self.present)
        self._sync_axes_sliders()
        self._describe()

    def __repr__(self):
        return f"CovariancePlayground(covariance={np.round(self.covariance, 3).tolist()})"

    # --- readable from code ---------------------------------------------------------------

    @property
    def standard_normal(self):
        """The fixed standard-normal draws the samples are made from.

        Returns
        -------
        standard_normal : ndarray of shape (n_samples, 2)
            A copy; the samples shown are ``standard_normal @ L.T`` for the Cholesky
            factor ``L`` of the covariance.
        """
        return self._standard_normal.copy()

    @property
    def matrix_text(self):
        """The covariance matrix as the figure shows it.

        Returns
        -------
        matrix_text : str
        """
        return self.artists.matrix.get_text()

    @property
    def mode(self):
        """The way the covariance is set.

        Returns
        -------
        mode : {'correlation', 'rotation'}
        """
        return self._controls["mode"].value

    # --- actions -----------------------------------------------------------------------------

    @reported
    def set(self, *, std_x=None, std_y=None, correlation=None, std_major=None,
            std_minor=None, angle=None):
        """Move sliders from code, as a learner would (the first group switches the
        mode to standard deviations and correlation, the second to axes and rotation).
        As with the sliders, the minor axis is never longer than the major one: a
        ``std_minor`` above ``std_major`` is held at ``std_major``.

        Parameters
        ----------
        std_x, std_y, correlation : float, optional
        std_major, std_minor, angle : float, optional
            ``angle`` in degrees.
        """
        first = {"std_x": std_x, "std_y": std_y, "correlation": correlation}
        second = {"std_major": std_major, "std_minor": std_minor, "angle": angle}
        for group, mode in ((first, "correlation"), (second, "rotation")):
            given = {name: value for name, value in group.items() if value is not None}
            if given:
                self._controls["mode"].value = mode
            for name, value in given.items():
                self._controls[name].value = value

    @reported
    def _page_figsize(self, page, ppi):
        return playground_figure_size(page, self._natural_figsize, present=self.present,
                                      ppi=ppi, controls_em=self.CONTROLS_EM)

    def set_mode(self, mode):
        """Show the sliders of ``mode``, 'correlation' or 'rotation', as the toggle does.

        Parameters
        ----------
        mode : {'correlation', 'rotation'}
        """
        self._controls["mode"].value = mode

    def close(self):
        """Close the figure and the controls."""
        close_figure(self.fig)
        for child in [*self._controls.values(), *self._groups.values(),
                      *self._outputs.values(), self.widget]:
            child.close()
        release_label(self.label, self)

    # --- callbacks -----------------------------------------------------------------------

    # Only the shown sliders act: the hidden ones are kept on the same Gaussian, and
    # the browser's rounding of their values to the slider step must not move it.

    @reported
    def _on_correlation_slider(self, change):
        if not self._quiet and self.mode == "correlation":
            self._moved("correlation")

    @reported
    def _on_axes_slider(self, change):
        if not self._quiet and self.mode == "rotation":
            kept = self._keep_minor_shorter(change["owner"])
            self._moved("rotation")
            if kept:
                self._set_note(MINOR_KEPT_SHORTER)

    def _keep_minor_shorter(self, moved):
        """The minor axis is the shorter one: dragged past the major axis's length it
        stops there, and a major axis dragged below it takes it along, so that ``angle``
        always turns the major axis (past that length the two axes would swap). Returns
        whether a slider was held back."""
        major, minor = self._controls["std_major"], self._controls["std_minor"]
        if minor.value <= major.value:
            return False
        with Holding(self):
            minor.value = major.value
        return True

    @reported
    def _on_mode(self, change):
        self._switch_to(change["new"])

    def _sliders(self, mode):
        return tuple(self._controls[name] for name in self.MODE_SLIDERS[mode])

    def _covariance_from(self, mode):
        """The covariance the sliders of ``mode`` give."""
        values = [control.value for control in self._sliders(mode)]
        if mode == "correlation":
            return gaussian.covariance_from_correlation(*values)
        return gaussian.covariance_from_axes(*values)

    def _moved(self, mode):
        """A shown slider moved: show its Gaussian and keep the hidden sliders on it."""
        self._left = None
        self._show(self._covariance_from(mode))
        self._sync_other_sliders(mode)

    def _switch_to(self, mode):
        """Show the sliders of ``mode``, on their steps, and the Gaussian they give."""
        other = "rotation" if mode == "correlation" else "correlation"
        shown = self._sliders(mode)
        if self._left is not None and self._left[0] == mode:
            # Back where the learner was, with no slider moved since: exactly so.
            _, values, covariance = self._left
            self._left = None
        else:
            self._left = (other, [control.value for control in self._sliders(other)],
                          self.covariance)
            exact = (gaussian.correlation_of(self.covariance) if mode == "correlation"
                     else gaussian.axes_of(self.covariance))
            values = [on_slider_grid(value, control)
                      for value, control in zip(exact, shown, strict=True)]
            covariance = None
        with Holding(self):
            for control, value in zip(shown, values, strict=True):
                control.value = value
        self._show(self._covariance_from(mode) if covariance is None else covariance)
        self._sync_other_sliders(mode)
        for name, group in self._groups.items():
            group.layout.display = None if name == mode else "none"

    # --- drawing ---------------------------------------------------------------------------

    def _samples(self):
        return gaussian.samples_from_standard_normal(self._standard_normal, self.mean,
                                                     self.covariance)

    def _show(self, covariance):
        self.covariance = covariance
        plotting.update_covariance(self.artists, self.mean, covariance, self._samples(),
                                   draw=False)
        self._describe()
        self.fig.canvas.draw_idle()

    def _sync_other_sliders(self, mode):
        """Keep the other mode's sliders on the Gaussian shown, without acting on them."""
        if mode == "correlation":
            self._sync_axes_sliders()
        else:
            self._sync_correlation_sliders()

    def _sync_axes_sliders(self):
        with Holding(self):
            for control, value in zip(self._sliders("rotation"),
                                      gaussian.axes_of(self.covariance), strict=True):
                control.value = value

    def _sync_correlation_sliders(self):
        with Holding(self):
            for control, value in zip(self._sliders("correlation"),
                                      gaussian.correlation_of(self.covariance), strict=True):
                control.value = value

    def _describe(self):
        self._set_lasting([words.covariance_words(self.covariance)])
