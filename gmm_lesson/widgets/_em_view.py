"""What the EM explorer shows: its figure, blitter and markers, the caption and note of a step."""

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from gmm_lesson import plotting
from gmm_lesson.em import collapsed_components
from gmm_lesson.widgets import _captions as words
from gmm_lesson.widgets._blit import Blitter, artist_leaves
from gmm_lesson.widgets._canvas import close_figure, freeze_layout, new_figure
from gmm_lesson.widgets._fitting import POINT_STARTS
from gmm_lesson.widgets._page import (
    css_pixels_per_inch,
    em_figure_size,
    parse_page_size,
    same_size,
    style_rc,
)

__all__ = ["EMFigure", "ViewMixin"]


class EMFigure:
    """The EM explorer's figure and the artists drawn on it; no widgets, no words.

    It draws a recorded fit at a half-step (:func:`~gmm_lesson.plotting.plot_em_step`)
    or the data alone (while the means are placed, or when no fit succeeded), moves
    the artists to another half-step, marks a chosen point and the means placed so
    far, and shows each frame through a :class:`~gmm_lesson.widgets._blit.Blitter`
    when it can.
    """

    def __init__(self, owner, label, X, *, dims, radii, feature_names, present, blit,
                 figsize, bound=False):
        self.X = X
        self.bound = bound       # a panel of the log-likelihood split into L and KL
        self.n_features = X.shape[1]
        self.dims = dims
        self.radii = radii
        self.feature_names = feature_names
        self.present = present
        self.use_blit = blit
        self.stacked = False     # the layout of plotting.em_step_axes
        self.artists = None      # plotting.EMStepArtists of a fit drawn, else None
        self.blitter = None
        self.point_marker = None
        self.placed = None       # the means placed so far, while placing
        self.moved = None        # plotting.MovedMeanArtists: a mean being dragged
        self.fig = new_figure(owner, label, figsize)

    @property
    def data_axes(self):
        return self.fig.axes[0] if self.fig.axes else None

    def clickable_axes(self, placing):
        """The panels a click chooses a point on: the data, and in 1D the
        responsibilities under them (the same x-axis); while placing, the data only."""
        axes = self.fig.axes[:1]
        if self.n_features == 1 and not placing and self.artists is not None:
            axes = axes + [self.artists.responsibilities.bands[0].axes]
        return axes

    def _new_axes(self):
        self.drop_blitter()
        self.fig.clear()
        self.fig.set_layout_engine("constrained")
        return plotting.em_step_axes(self.n_features, fig=self.fig, stacked=self.stacked,
                                     bound=self.bound)

    def draw_history(self, history, step):
        """Draw a recorded fit at half-step ``step``, and make the blitter for it."""
        with matplotlib.rc_context(style_rc(self.present)):
            axes = self._new_axes()
            self.artists = plotting.plot_em_step(
                self.X, history, step, axes=axes, dims=self.dims, radii=self.radii,
                feature_names=self.feature_names, words=False)
            self._make_point_marker()
            self.moved = plotting.plot_moved_mean(n_features=min(self.n_features, 2),
                                                  radii=self.radii, ax=self.data_axes)
            freeze_layout(self.fig)
        if self.use_blit and hasattr(self.fig.canvas, "copy_from_bbox"):
            if self.n_features == 1:
                view = self.artists.view
                # The histogram stays where it is: part of the background.
                moving = [*artist_leaves(view._replace(hist=None)),
                          *artist_leaves(self.artists[1:])]
                cached = [view.legend]
            else:
                moving = artist_leaves(self.artists)
                view = self.artists.view.after
                cached = [view.points, view.legend]
            moving.append(self.point_marker)
            moving.extend(artist_leaves(self.moved[:3]))
            self.blitter = Blitter(self.fig, moving, cached=cached)

    def draw_data_only(self, placed):
        """Draw the data alone, grey, with the means ``placed`` so far (or None)."""
        self.artists = None
        self.moved = None
        with matplotlib.rc_context(style_rc(self.present)):
            axes = self._new_axes()
            ax = axes.data
            grey = plotting.NO_RESPONSIBILITY_COLOR
            X = self.X
            if self.n_features == 1:
                ax.hist(X[:, 0], bins=20, density=True, color="0.87", edgecolor="white")
                ax.plot(X[:, 0], np.zeros(len(X)), "|", color=grey, markersize=12)
                self.placed = ax.scatter([], [], marker="X", s=160, edgecolors="white",
                                         linewidths=1.5, zorder=5)
                ax.set_xlabel(self.feature_names[0] if self.feature_names else "x")
                ax.tick_params(labelbottom=True)
                axes.responsibilities.set_axis_off()
            else:
                d0, d1 = self.dims
                ax.scatter(X[:, d0], X[:, d1], s=14, color=grey, linewidths=0)
                self.placed = ax.scatter([], [], marker="X", s=160, edgecolors="white",
                                         linewidths=1.5, zorder=5)
                names = self.feature_names or [f"x[{d}]" for d in range(self.n_features)]
                ax.set_xlabel(names[d0])
                ax.set_ylabel(names[d1])
                ax.set_aspect("equal", adjustable="datalim")
            for other in (axes.log_likelihood, axes.legend, axes.bound):
                if other is not None:
                    other.set_axis_off()
            axes.log_likelihood.text(
                0.5, 0.5, "The log-likelihood curve\nappears once EM has run.",
                ha="center", va="center", color="0.4", transform=axes.log_likelihood.transAxes)
            if axes.bound is not None:
                axes.bound.text(0.5, 0.5, "Its split into\nL and KL too.", ha="center",
                                va="center", color="0.4", transform=axes.bound.transAxes)
            if placed:
                self.show_placed(placed)
            self._make_point_marker()
            freeze_layout(self.fig)

    def show_placed(self, placed):
        """Mark the means placed so far, each in its component's colour (1D: on the
        baseline)."""
        placed = np.asarray(placed, dtype=float)
        if self.n_features == 1:
            placed = np.column_stack([placed[:, 0], np.zeros(len(placed))])
        self.placed.set_offsets(placed)
        self.placed.set_facecolors(plotting.component_colors(len(placed)))

    def _make_point_marker(self):
        ax = self.data_axes
        style = dict(linestyle="none", marker="P", markersize=13, color="black",
                     markeredgecolor="white", markeredgewidth=1.5, zorder=7)
        if self.n_features == 1:
            style.update(marker="v", transform=ax.get_xaxis_transform(), clip_on=False)
        self.point_marker = ax.plot([], [], **style)[0]
        # Unclipped and empty until a click, it must not take part in the layout.
        self.point_marker.set_in_layout(False)

    def mark_point(self, point):
        """Mark the chosen point (in 1D: a triangle over the x axis), or none (None)."""
        if point is None:
            self.point_marker.set_data([], [])
        elif self.n_features == 1:
            self.point_marker.set_data([point[0]], [0.16])
        else:
            self.point_marker.set_data([point[0]], [point[1]])

    # --- hands on: what is under the mouse, a mean being dragged --------------------

    def _on_screen(self, values):
        """Pixel coordinates of points given in the view's features (1D: x only, at the
        height of the x axis)."""
        ax = self.data_axes
        values = np.asarray(values, dtype=float)
        if self.n_features == 1:
            return ax.get_xaxis_transform().transform(
                np.column_stack([values[:, 0], np.zeros(len(values))]))
        return ax.transData.transform(values)

    def nearest_within(self, values, pixel, radius):
        """Index of the point of ``values`` (in the view's features) nearest the screen
        position ``pixel`` and within ``radius`` pixels of it (1D: across only), or None."""
        if len(values) == 0:
            return None
        offsets = self._on_screen(values) - np.asarray(pixel, dtype=float)
        if self.n_features == 1:
            offsets = offsets[:, :1]
        distances = np.hypot(*offsets.T) if offsets.shape[1] == 2 else np.abs(offsets[:, 0])
        index = int(np.argmin(distances))
        return index if distances[index] <= radius else None

    def show_moved(self, old, new, covariance, color):
        """Show a mean dragged from ``old`` to ``new`` (view's features), without drawing."""
        plotting.update_moved_mean(self.moved, old, new, covariance, color=color, draw=False)

    def hide_moved(self):
        if self.moved is not None:
            plotting.hide_moved_mean(self.moved, draw=False)

    def show_step(self, history, index):
        """Move every artist of the fit drawn to half-step ``index``, without drawing."""
        plotting.update_em_step(self.artists, self.X, history, index, draw=False)

    def render(self):
        """Show the artists as they are: a blitted frame, or a full draw if need be."""
        if self.blitter is not None and self.blitter.ready:
            self.blitter.frame()
        else:
            self.fig.canvas.draw_idle()

    def request_draw(self):
        self.fig.canvas.draw_idle()

    def drop_blitter(self):
        if self.blitter is not None:
            self.blitter.disconnect()
        self.blitter = None

    def resize(self, figsize, stacked):
        """Give the figure a size (inches) and layout; False if it has them already."""
        ppi = css_pixels_per_inch(self.fig)
        if stacked == self.stacked and same_size(figsize, self.fig.get_size_inches(), ppi):
            return False
        self.stacked = stacked
        self.fig.set_size_inches(figsize, forward=True)
        return True

    def static_figure(self, history, step):
        """A new figure of half-step ``step``, with the words the page text carries
        drawn in: taller by the title and the log-likelihood over its panel."""
        width, height = self.fig.get_size_inches()
        with matplotlib.rc_context(style_rc(self.present)):
            fig = Figure(figsize=(width, height + 0.7), layout="constrained")
            plotting.plot_em_step(self.X, history, step,
                                  axes=plotting.em_step_axes(self.n_features, fig=fig,
                                                             stacked=self.stacked,
                                                             bound=self.bound),
                                  dims=self.dims, radii=self.radii,
                                  feature_names=self.feature_names)
        return fig

    def close(self):
        self.drop_blitter()
        close_figure(self.fig)


class ViewMixin:
    """The EM explorer's view of the step shown: the figure's artists, the caption
    over it and the status line's note, kept in step with each other.

    Mixed into :class:`~gmm_lesson.widgets.EMExplorer`: it uses the explorer's
    ``_figure`` (an :class:`EMFigure`), ``history``, ``state``, ``half_step``, its
    controls and outputs, and the status line.
    """

    @property
    def artists(self):
        """The :class:`~gmm_lesson.plotting.EMStepArtists` of the view (None while the
        means are being placed or before a fit succeeded)."""
        return self._figure.artists

    @property
    def title(self):
        """The explorer's title: the iteration and whether the last half-step was E or M."""
        return self._title

    @property
    def stacked(self):
        """Whether the figure is stacked for a narrow column: the log-likelihood panel
        and the legend under the data instead of beside them."""
        return self._figure.stacked

    @property
    def blitter(self):
        """The :class:`~gmm_lesson.widgets._blit.Blitter` that draws the frames of the
        fit shown, or None (no fit, ``blit=False``, or a canvas that cannot blit)."""
        return self._figure.blitter

    @property
    def data_axes(self):
        """The panel with the data (None before anything is drawn)."""
        return self._figure.data_axes

    def static_figure(self):
        """The figure as a viewer without widgets (GitHub, nbviewer) shows it: the
        half-step shown, with the words the page text carries drawn in."""
        if self.history is None:
            return self.fig
        return self._figure.static_figure(self.history, self.step)

    def fit_page(self, size):
        """Give the figure the size and layout for a notebook column, and draw it again.

        The page script calls this (through a hidden box) whenever the column's width
        or the window's height changes; a test can call it too.

        Parameters
        ----------
        size : str or (int, int)
            The column's width and the window's height in CSS pixels, as ``"W H"``
            (what the page script writes) or a pair.
        """
        page = parse_page_size(size)
        if page is None:
            return
        self._page = page
        figsize, stacked = em_figure_size(
            self.X, page, self._natural_figsize, figsize_given=self._figsize_given,
            present=self.present, dims=self.dims, ppi=css_pixels_per_inch(self.fig),
            bound=self._figure.bound)
        if self._figure.resize(figsize, stacked):
            self._redraw()

    def _redraw(self):
        """Draw the view again (after a change of size), at the step it shows."""
        if self.history is None:
            self._draw_data_only()
            return
        step = self.step
        self._draw_history(step)
        self._show(step)

    def _draw_history(self, step=0):
        self._figure.draw_history(self.history, step)
        last = self.history.n_half_steps - 1
        with self._holding():
            self._controls["half_step"].max = last
            self._controls["timer"].max = last
            self._controls["half_step"].value = step

    def _draw_data_only(self):
        """The data alone, grey, for placing the means or when no fit succeeded."""
        self.history = None
        self._figure.draw_data_only(self._placing)
        self._title = words.PLACING_TITLE if self._placing is not None else words.NO_FIT_TITLE
        self._show_caption()
        with self._holding():
            self._controls["half_step"].value = 0
            self._controls["half_step"].max = 0
            self._controls["timer"].max = 0
        self._outputs["membership"].value = ""
        self._figure.request_draw()

    def _show(self, index):
        """Move every artist to half-step ``index`` of the recorded history and draw."""
        self._figure.show_step(self.history, index)
        self._show_membership()
        # The picture first, then the words: the browser takes the messages in order.
        self._figure.render()
        collapsed = collapsed_components(self.state, self.fit_params["reg_covar"], self.X)
        log_likelihood, below_scale = plotting.shown_log_likelihood(
            self.artists.log_likelihood, self.history, self.half_step)
        self._title = plotting.step_title(self.half_step)
        split = (None if self.artists.bound is None
                 else plotting.shown_bound(self.artists.bound))
        self._show_caption(collapsed, log_likelihood, split)
        self._show_step_note(collapsed, below_scale)

    def _at_point_start(self):
        """Whether the state shown is the start of a fit from single data points."""
        return self.half_step.params == 0 and self._history_init in POINT_STARTS

    def _show_caption(self, collapsed=(), log_likelihood="", split=None):
        """The title, and under it the log-likelihood and the weights of the state shown,
        a component held open by ``reg_covar`` alone tagged, and the log-likelihood's
        split into L and KL (``split``, a BoundText, if the figure shows it)."""
        caption, reserve = self._outputs["caption"], self._outputs["caption_reserve"]
        if self.history is None:
            reserve.value = ""
            self._reserved_for = None
            caption.value = words.title_caption(self.title)
            return
        point_start = self._at_point_start()
        tag = words.collapse_tag(self.half_step.params == 0, point_start)
        if self._reserved_for is not self.history:   # once per fit
            reserve.value = words.caption_reserve_html(
                words.longest_captions(self.history, self.n_components,
                                       bound=self._figure.bound))
            self._reserved_for = self.history
        caption.value = words.caption_body(
            self.title, log_likelihood, words.weight_words(self.state.weights),
            dict.fromkeys(collapsed, tag), point_start,
            bound=None if split is None else words.bound_words(split, self.half_step.phase))

    def _show_step_note(self, collapsed, below_scale):
        """Say in the status line what is special about the state shown."""
        self._step_note = words.step_note(
            self.history.log_likelihoods[self.half_step.params],
            point_start=self._at_point_start(), at_start=self.half_step.params == 0,
            collapsed=collapsed, below_scale=below_scale, n_features=self.n_features)
        self._set_note(*self._step_note)
