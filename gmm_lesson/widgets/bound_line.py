"""PRML figure 9.14 for the iteration an :class:`EMExplorer` is at, following its steps."""

import asyncio
import textwrap

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from gmm_lesson import em
from gmm_lesson.plotting import bound_curves
from gmm_lesson.widgets._canvas import (
    close_figure,
    freeze_layout,
    new_figure,
    release_label,
)
from gmm_lesson.widgets._controls import NamedWidgets, figure_layout
from gmm_lesson.widgets._page import (
    FitsPage,
    page_widgets,
    presenting,
    style_rc,
)
from gmm_lesson.widgets._status import StatusMixin, reported

__all__ = ["BoundAlongLine"]

_TS = np.linspace(-0.5, 1.5, 81)
_TS.flags.writeable = False

# Seconds after the explorer's last step before this figure follows it. The explorer's
# own frame goes first, and a run of quick clicks costs one redraw, not one per click:
# redrawing this figure takes ~30 ms of the kernel's time, on the cores the browser
# paints the explorer's frame with (benchmarks/bench_browser_latency.py).
FOLLOW_DELAY = 0.12


class BoundAlongLine(FitsPage, StatusMixin, NamedWidgets):
    """The log-likelihood and the lower bound along the line of one M-step (PRML figure
    9.14), for the iteration a given :class:`EMExplorer` is at.

    It observes the explorer's ``controls["half_step"]`` and redraws whenever the
    explorer steps. At the start and at the E-step of iteration t it shows the M-step of
    iteration t, the one about to come; at the M-step of iteration t, that M-step. The
    line runs from ``history.states[t - 1]`` (t = 0) to ``history.states[t]`` (t = 1),
    with q the responsibilities of ``states[t - 1]`` held. The two curves of each
    iteration are computed the first time it is shown and kept.

    Parameters
    ----------
    explorer : EMExplorer
        The explorer to follow.
    label : str, default="bound along the line"
        The figure's label: a new widget with the same label closes this one's.
    figsize : (float, float), default=(5.6, 3.6)
        The figure's size in inches; in a narrower notebook column it shrinks to fit,
        its shape kept, and at presenting size it fills the column.
    present : bool, optional
        Presenting size, for a room. Default: as :class:`EMExplorer`.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The figure and the status line.
    controls : mapping of str to ipywidgets.Widget
        ``'page_size'`` (hidden: the page script writes the column's size into it).
    outputs : mapping of str to ipywidgets.Widget
        ``'status'`` (the status line), ``'error_log'`` and ``'page_script'``.
    explorer : EMExplorer
    iteration : int or None
        The iteration whose M-step is shown; None when there is none to show.
    coming : bool
        Whether that M-step is still to come at the explorer's step (start or E-step).
    curves : (ndarray, ndarray) or None
        The log-likelihoods and the bounds at :attr:`ts`, as
        :func:`~gmm_lesson.em.bound_along_line` gives them.
    ends : (ndarray, ndarray) or None
        The same at t = 0 and t = 1.
    ts : ndarray of shape (81,)
        The positions on the line drawn, from -0.5 to 1.5.
    artists : BoundLineArtists or None
    fig : Figure
    errors : list of Exception
        Errors the callbacks caught and showed in the status line.
    """

    def __init__(self, explorer, *, label="bound along the line", figsize=(5.6, 3.6),
                 present=None):
        self.explorer = explorer
        self.label = label
        self.present = presenting(present)
        self.ts = _TS
        self._cache = {}
        self._cache_history = None
        self.iteration, self.coming, self.curves, self.ends, self.artists = (
            None, False, None, None, None)
        self._pending = None         # the scheduled redraw, in a running kernel
        self._label_width = None     # characters of the widest y tick label laid out for
        self._make_status_widgets()
        page_script, page_size = page_widgets(
            "Figure: the log-likelihood and its lower bound, q held, along the line from "
            "the parameters before one M-step to those after it (PRML figure 9.14).")
        self._controls = {"page_size": page_size}
        self._outputs = {"page_script": page_script, "status": self._status_html,
                         "error_log": self._error_log}
        self.fig = new_figure(self, label, figsize)
        self._natural_figsize = tuple(self.fig.get_size_inches())
        with matplotlib.rc_context(style_rc(self.present)):
            self.ax = self.fig.add_subplot()
            self._show()
        self.widget = figure_layout(self._controls, self._outputs, self.fig.canvas,
                                    present=self.present)
        self.widget.add_class("gmm-bound-line")
        explorer.controls["half_step"].observe(self._on_step, names=["value", "max"])
        page_size.observe(self._on_page_size, names="value")

    def __repr__(self):
        return f"BoundAlongLine(iteration={self.iteration})"

    # --- the numbers -------------------------------------------------------------------------

    def _shown_iteration(self):
        """(iteration, coming) for the explorer's step, or (None, False)."""
        history = self.explorer.history
        if history is None or history.n_iter == 0:
            return None, False
        step = self.explorer.half_step
        if step.phase == "M":
            return step.iteration, False
        return max(step.iteration, 1), True

    def curves_for(self, iteration):
        """Both curves along the line of one iteration's M-step, kept once computed.

        Parameters
        ----------
        iteration : int
            From 1 to the explorer's ``history.n_iter``.

        Returns
        -------
        curves : (ndarray of shape (81,), ndarray of shape (81,))
            Log-likelihoods and bounds at :attr:`ts`.
        ends : (ndarray of shape (2,), ndarray of shape (2,))
            The same at t = 0 and t = 1.
        """
        history = self.explorer.history
        if history is not self._cache_history:     # a new fit: the old curves are stale
            self._cache, self._cache_history = {}, history
        if iteration not in self._cache:
            before, after = history.states[iteration - 1], history.states[iteration]
            X = self.explorer.X
            q = before.responsibilities(X)
            self._cache[iteration] = (em.bound_along_line(X, q, before, after, self.ts),
                                      em.bound_along_line(X, q, before, after, [0.0, 1.0]))
        return self._cache[iteration]

    # --- drawing -------------------------------------------------------------------------------

    def _draw(self, ax):
        """Figure 9.14 of the iteration shown on ``ax``, from the kept curves."""
        if self.iteration is None:
            ax.text(0.5, 0.5, "No M-step to show yet.", ha="center", va="center",
                    transform=ax.transAxes)
            ax.set_axis_off()
            return None
        return bound_curves.plot_bound_curves(self.ts, self.curves, self.ends, ax=ax)

    def _words(self):
        if self.iteration is None:
            return ["No M-step to show: the explorer has no recorded iteration yet."]
        (_, bounds), ends = self.curves, self.ends
        gap = max(float(ends[0][1] - ends[1][1]), 0.0)
        peak_t = float(self.ts[int(np.argmax(bounds))])
        when = " (coming next)" if self.coming else ""
        if peak_t == 1.0:
            peak = "peaks at t = 1"
            aside = (" Of the points drawn (every 0.025), the bound is highest at t = 1; "
                     "the fit's reg_covar can move its exact peak a hair off it.")
        else:
            peak = f"peaks near t = 1 (at t = {peak_t:g} of the points drawn)"
            aside = " The fit's reg_covar moves the M-step a little off the bound's peak."
        return [f"Iteration {self.iteration}'s M-step{when}: the bound touches the "
                f"log-likelihood at t = 0 ({float(ends[0][0]):.1f}) and {peak}, where the "
                f"gap KL = {gap:.2f} opens: the bound rose to {float(ends[1][1]):.1f}, "
                f"the log-likelihood to {float(ends[0][1]):.1f}." + aside]

    def _show(self):
        self.iteration, self.coming = self._shown_iteration()
        if self.iteration is None:
            self.curves = self.ends = None
        else:
            self.curves, self.ends = self.curves_for(self.iteration)
        if self.iteration is not None and self.artists is not None:
            # The same artists moved: no new ticks, legend or text to build.
            bound_curves.update_bound_curves(self.artists, self.ts, self.curves, self.ends,
                                             draw=False)
        else:
            self.ax.clear()
            self.ax.set_axis_on()
            self.artists = self._draw(self.ax)
            self._label_width = None
        self._set_lasting(self._words())
        # Laid out again only when the y tick labels' width changes with the numbers.
        width = _widest_tick_label(self.ax)
        if width != self._label_width:
            freeze_layout(self.fig)
            self._label_width = width
        self.fig.canvas.draw_idle()

    # --- actions -------------------------------------------------------------------------------

    def static_figure(self):
        """The figure as a viewer without widgets shows it, with the status line's words
        as its title.

        Returns
        -------
        fig : Figure
        """
        width, height = self.fig.get_size_inches()
        with matplotlib.rc_context(style_rc(self.present)):
            fig = Figure(figsize=(width, height + 1.0), layout="constrained")
            self._draw(fig.add_subplot())
            fig.suptitle(_wrapped(self.status, 90), fontsize="small")
        return fig

    def close(self):
        """Stop following the explorer; close the figure and the widgets."""
        self.explorer.controls["half_step"].unobserve(self._on_step, names=["value", "max"])
        if self._pending is not None:
            self._pending.cancel()
        close_figure(self.fig)
        for child in [*self._controls.values(), *self._outputs.values(), self.widget]:
            child.close()
        release_label(self.label, self)

    # --- callbacks -----------------------------------------------------------------------------

    @reported
    def _on_step(self, change):
        loop = _kernel_loop()
        if loop is None:              # a script or a test: at once
            self._follow()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(FOLLOW_DELAY, self._follow)

    @reported
    def _follow(self):
        self._pending = None
        with matplotlib.rc_context(style_rc(self.present)):
            self._show()


def _kernel_loop():
    """The event loop of the Jupyter kernel this runs in, or None outside a kernel (a
    script, a test; another library's loop, such as a browser driver's, is not one)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _widest_tick_label(ax):
    """Characters in the widest y tick label ``ax`` would show now."""
    if not ax.axison:
        return None
    low, high = ax.get_ylim()
    values = [v for v in ax.yaxis.get_major_locator().tick_values(low, high)
              if low <= v <= high]
    return max((len(text) for text in ax.yaxis.get_major_formatter().format_ticks(values)),
               default=0)


def _wrapped(text, columns):
    return "\n".join(textwrap.fill(line, columns) for line in text.splitlines())
