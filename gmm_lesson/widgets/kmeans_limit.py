"""k-means as the limit of EM: a slider makes the shared sigma of one EM step smaller."""

import textwrap

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from gmm_lesson import plotting
from gmm_lesson._validation import check_array_shape, check_dims, check_X
from gmm_lesson.widgets import _captions as words
from gmm_lesson.widgets._canvas import (
    close_figure,
    freeze_layout,
    new_figure,
    release_label,
)
from gmm_lesson.widgets._controls import (
    NamedWidgets,
    figure_layout,
    kmeans_limit_controls,
    nearest_option,
)
from gmm_lesson.widgets._page import (
    FitsPage,
    presenting,
    style_rc,
)
from gmm_lesson.widgets._status import StatusMixin, reported

__all__ = ["SIGMA_STEPS", "KMeansLimit"]

SIGMA_STEPS = (
    ("4 × spread", 4.0), ("2 × spread", 2.0), ("spread", 1.0), ("spread / 2", 0.5),
    ("spread / 4", 0.25), ("spread / 10", 0.1), ("spread / 20", 0.05),
    ("spread / 50", 0.02), ("spread / 100", 0.01),
)
"""The k-means limit's default values of sigma, soft to hard, as (name, times the data's
spread): steps of two to two and a half, even on a logarithmic scale."""


class KMeansLimit(FitsPage, StatusMixin, NamedWidgets):
    """k-means as the limit of EM: one EM step with a shared, fixed sigma beside one step
    of k-means, as a slider makes sigma smaller.

    With equal weights and every covariance sigma^2 I held fixed, an EM step colours
    each point by the blend of its responsibilities and moves each mean to their
    weighted average. As sigma shrinks the responsibilities harden to 1 for the
    nearest mean and 0 for the others, and the step becomes a step of k-means
    (Lloyd's algorithm): each point to its nearest mean, each mean to the average of
    its points (PRML section 9.3.2). The figure shows both steps from the same
    means (:func:`~gmm_lesson.plotting.plot_soft_kmeans`); the status line says how
    hard the assignments are and how far apart the two steps' means land.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Two features or more; the figure shows features ``dims``.
    means : array-like of shape (n_components, n_features)
        The means both steps start from.
    sigmas : sequence of float, optional
        The values of sigma the slider offers (above zero), named by their values.
        Default: :data:`SIGMA_STEPS`, from 4 times the data's spread down to a
        hundredth of it, named so; the spread is the root mean variance of the
        features.
    sigma : float, optional
        The sigma to start at: the slider's step nearest it. Default: the step whose
        assignments are nearest halfway between as soft as can be and hard (mean
        largest responsibility nearest ``(1 + 1 / n_components) / 2``), so that the
        first picture shows them partly soft.
    dims : (int, int), default=(0, 1)
    label : str, default='k-means limit'
        Label of the figure; a new one with the same label closes this one's.
    figsize : (float, float), default=(7.2, 4.2)
        The figure's size, its height trimmed to what the axes (kept at equal aspect)
        and the legend need; narrower in a narrower notebook column.
    present : bool, optional
        Presenting size, for a room: the figure fills the column and every text is at
        least 16 pixels tall. Default: as :class:`EMExplorer`.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The figure, the slider under it and the status line.
    controls : mapping of str to ipywidgets.Widget
        The controls, read-only, by name: ``'sigma'`` (the slider; its options are
        (name, sigma) pairs, soft to hard) and ``'page_size'`` (hidden: the page
        script writes the column's size into it). Setting the slider's value does what
        the learner's drag does.
    outputs : mapping of str to ipywidgets.Widget
        ``'status'`` (the status line), ``'error_log'`` and ``'page_script'``.
    spread : float
        The data's spread.
    step : SoftKMeansStep
        The numbers of the steps shown.
    artists : SoftKMeansArtists
    fig : Figure
    errors : list of Exception
        Errors the controls caught and showed in the status line.

    Examples
    --------
    >>> X = datasets.five_blobs()
    >>> limit = KMeansLimit(X, X[:5])
    >>> limit.set_sigma(0.01 * limit.spread)    # as the slider's last step
    >>> round(limit.step.hardness, 2)
    1.0
    """

    def __init__(self, X, means, *, sigmas=None, sigma=None, dims=(0, 1),
                 label="k-means limit", figsize=(7.2, 4.2), present=None):
        self.X = check_X(X, min_samples=2)
        if self.X.shape[1] < 2:
            raise ValueError(f"X must have two features or more, got {self.X.shape[1]}.")
        self.means = check_array_shape(means, (len(np.atleast_2d(means)), self.X.shape[1]),
                                       "means")
        self.dims = check_dims(dims, self.X.shape[1])
        self.spread = float(np.sqrt(self.X.var(axis=0).mean()))
        options = self._options(sigmas)
        self.label = label
        self.present = presenting(present)
        self._make_status_widgets()
        controls, outputs = kmeans_limit_controls(options=options,
                                                  value=self._start(options, sigma))
        outputs.update(status=self._status_html, error_log=self._error_log)
        self._controls, self._outputs = controls, outputs

        self.fig = new_figure(self, label, figsize)
        with matplotlib.rc_context(style_rc(self.present)):
            self.artists = self._draw(self.fig.add_subplot())
            _trim_height(self.fig)
            freeze_layout(self.fig)
        self._natural_figsize = tuple(self.fig.get_size_inches())
        controls["sigma"].observe(self._on_sigma, names="value")
        controls["page_size"].observe(self._on_page_size, names="value")
        self.widget = figure_layout(controls, outputs, self.fig.canvas,
                                    under=[controls["sigma"]], present=self.present)
        self._show()

    def _options(self, sigmas):
        """The slider's (name, sigma) pairs, soft to hard."""
        if sigmas is None:
            if self.spread <= 0:
                raise ValueError("X has no spread: every sample is the same point.")
            return [(name, times * self.spread) for name, times in SIGMA_STEPS]
        sigmas = np.asarray(sigmas, dtype=np.float64)
        if (sigmas.ndim != 1 or len(sigmas) == 0 or not np.all(np.isfinite(sigmas))
                or np.any(sigmas <= 0)):
            raise ValueError("sigmas must be a sequence of one or more finite numbers "
                             f"above zero, got {sigmas!r}.")
        return [(f"{sigma:.3g}", float(sigma)) for sigma in np.unique(sigmas)[::-1]]

    def _start(self, options, sigma):
        """The slider's value to start at (see the class docstring)."""
        values = np.array([value for _, value in options])
        if sigma is not None:
            if isinstance(sigma, bool) or not np.isfinite(sigma) or sigma <= 0:
                raise ValueError(f"sigma must be a number above zero, got {sigma!r}.")
            return float(values[np.argmin(np.abs(np.log(values) - np.log(sigma)))])
        halfway = (1 + 1 / len(self.means)) / 2
        hardness = [plotting.soft_kmeans_comparison(self.X, self.means, value).hardness
                    for value in values]
        return float(values[np.argmin(np.abs(np.array(hardness) - halfway))])

    def _draw(self, ax):
        artists = plotting.plot_soft_kmeans(self.X, self.means, self.sigma, dims=self.dims,
                                            ax=ax)
        names = [f"x[{d}]" for d in self.dims]
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        return artists

    def __repr__(self):
        return (f"KMeansLimit({self.X.shape[0]} samples, {len(self.means)} means, "
                f"sigma={self.sigma:.3g})")

    # --- readable from code ---------------------------------------------------------------

    @property
    def sigma(self):
        """The shared standard deviation shown.

        Returns
        -------
        sigma : float
        """
        return self._controls["sigma"].value

    @property
    def sigma_name(self):
        """Sigma's name on the slider ("spread / 10", or its value).

        Returns
        -------
        name : str
        """
        # Not the slider's label: ipywidgets leaves it empty when the slider is made
        # on its first option.
        slider = self._controls["sigma"]
        return slider.options[slider.index][0]

    # --- actions -----------------------------------------------------------------------------

    @reported
    def set_sigma(self, sigma):
        """Move the slider to the step nearest ``sigma`` (on a logarithmic scale), as a
        learner would.

        Parameters
        ----------
        sigma : float
            Above zero.
        """
        self._controls["sigma"].value = nearest_option(sigma, self._controls["sigma"])

    def _before_layout(self, fig):
        _trim_height(fig)

    def static_figure(self):
        """The figure as a viewer without widgets (GitHub, nbviewer) shows it, with the
        status line's words (sigma first) as its title, wrapped to the figure's width.

        Returns
        -------
        fig : Figure
        """
        width, height = self.fig.get_size_inches()
        with matplotlib.rc_context(style_rc(self.present)):
            fig = Figure(figsize=(width, height + 1.2), layout="constrained")
            self._draw(fig.add_subplot())
            title = fig.suptitle("\n".join(self._lasting[0]), fontsize="medium")
            _wrap_to_width(title, self._lasting[0])
            _trim_height(fig)
        return fig

    def close(self):
        """Close the figure and the controls."""
        close_figure(self.fig)
        for child in [*self._controls.values(), *self._outputs.values(), self.widget]:
            child.close()
        release_label(self.label, self)

    # --- callbacks ---------------------------------------------------------------------------

    @reported
    def _on_sigma(self, change):
        self._show()

    def _show(self):
        self.step = plotting.update_soft_kmeans(self.artists, self.X, self.means, self.sigma,
                                                draw=False)
        self._set_lasting(words.kmeans_limit_words(self.sigma, self.sigma_name, self.step,
                                                   self.spread, len(self.means)))
        self.fig.canvas.draw_idle()


_PAD = 0.08
"""Inches kept clear at each side of the static figure's title."""


def _trim_height(fig):
    """Make the figure no taller than its content: axes kept at equal aspect in a wide
    figure would otherwise leave empty bands above and below them (the space
    constrained layout gives the axes, less what their aspect lets them fill)."""
    fig.set_layout_engine("constrained")
    for _ in range(4):
        fig.draw_without_rendering()
        width, height = fig.get_size_inches()
        spare = max(ax.get_position(original=True).height - ax.get_position().height
                    for ax in fig.axes) * height
        if spare < 0.05:
            break
        fig.set_size_inches(width, height - spare, forward=True)


def _wrap_to_width(text, lines):
    """Wrap each of ``lines`` so that ``text`` (a figure's title) fits the figure's width."""
    fig = text.get_figure()
    room = fig.bbox.width - 2 * _PAD * fig.dpi
    longest = max(lines, key=len)
    text.set_text(longest)
    fig.draw_without_rendering()
    drawn = text.get_window_extent().width
    columns = max(20, int(len(longest) * room / max(drawn, 1.0)))
    while True:
        text.set_text("\n".join(_balanced(line, columns) for line in lines))
        fig.draw_without_rendering()
        if text.get_window_extent().width <= room or columns <= 20:
            return
        columns -= 2


def _balanced(line, columns):
    """``line`` wrapped to at most ``columns`` characters, in lines of similar length."""
    rows = -(-len(line) // columns)
    for width in range(-(-len(line) // rows), columns + 1):
        wrapped = textwrap.wrap(line, width)
        if len(wrapped) <= rows:
            return "\n".join(wrapped)
    return textwrap.fill(line, columns)
