"""One half-step of a recorded EM history: the data view, the log-likelihood curve and a
title that says what the step did, laid out side by side or stacked."""

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from gmm_lesson._validation import check_dims
from gmm_lesson.plotting._checks import _check_history_data
from gmm_lesson.plotting._style import _padded_limits, _request_draw
from gmm_lesson.plotting.bound import plot_bound_bar, update_bound_bar
from gmm_lesson.plotting.loglik import (
    LogLikelihoodArtists,
    _as_half_step,
    plot_log_likelihood,
    update_log_likelihood,
)
from gmm_lesson.plotting.mixture1d import (
    _replay_density_top,
    _set_density_limits,
    plot_mixture_1d,
    plot_responsibilities_1d,
    update_mixture_1d,
    update_responsibilities_1d,
)
from gmm_lesson.plotting.mixture2d import plot_transition, update_transition

__all__ = [
    "BOUND_WIDTH",
    "EMStepArtists",
    "EMStepAxes",
    "STACKED_ROW_HEIGHT",
    "em_step_axes",
    "em_step_figsize",
    "plot_em_step",
    "step_title",
    "update_em_step",
]


class EMStepAxes(NamedTuple):
    """The panels of :func:`plot_em_step`; ``responsibilities`` is None for 2D data,
    ``bound`` None unless asked for (the log-likelihood split into L and KL)."""

    data: object
    responsibilities: object
    log_likelihood: object
    legend: object
    bound: object = None


class EMStepArtists(NamedTuple):
    """What :func:`plot_em_step` drew.

    Attributes
    ----------
    view : TransitionArtists or Mixture1DArtists
        The data view (2D: with the previous ellipses shown after M-steps).
    responsibilities : ResponsibilityArtists or None
        The panel under a 1D view; None for 2D data.
    log_likelihood : LogLikelihoodArtists
    title : Text or None
        The figure's title, naming the iteration and the phase (None without words).
    bound : BoundBarArtists or None
        The log-likelihood split into L and KL, if the axes have a panel for it.
    """

    view: object
    responsibilities: object
    log_likelihood: LogLikelihoodArtists
    title: object
    bound: object = None


def step_title(step):
    """What a half-step did, in words: "Iteration 3 — after the E-step: ...".

    Parameters
    ----------
    step : HalfStep

    Returns
    -------
    title : str
    """
    if step.phase == "start":
        return "Start — initial parameters, before the first E-step"
    if step.phase == "E":
        return (f"Iteration {step.iteration} — after the E-step: "
                "points recoloured by their responsibilities")
    return (f"Iteration {step.iteration} — after the M-step: "
            "weights, means and covariances re-estimated")


STACKED_ROW_HEIGHT = 2.1
"""Inches of the row that holds the log-likelihood panel and the legend under the data,
in a stacked :func:`em_step_axes` layout, at a font size of 10 points. With the bound's
panel (``bound=True``) the log-likelihood and the bound's panels share this row, and
the legend gets a row of 0.58 times this under them, across the whole width."""

BOUND_WIDTH = 9.8
"""Default inches of the width of :func:`em_step_figsize` with ``bound=True``: the usual
8.3 and about 1.5 more for the bound's panel (its bars, numbers and axis)."""

_SIDE_RATIOS = (1.3, 1.0)
# Side by side with the bound's panel: the data, with the legend in a row under them,
# take this share of the width; the log-likelihood over the bound's bar (its key right
# of it) the rest, so that the data stay the largest panel.
_BOUND_DATA_SHARE = 0.56
# Inches of the legend's row under the data, at a font size of 10 points.
_BOUND_LEGEND_ROW = 0.85
# Stacked, the height of the legend's row under the log-likelihood and the bound's, in
# STACKED_ROW_HEIGHT: two columns of entries, for up to eight components.
_LEGEND_ROW = 0.58


def _text_scale():
    """Room for tick labels and axis labels grows with the font size (10 points: 1)."""
    return plt.rcParams["font.size"] / 10.0


def em_step_figsize(X, width=None, dims=(0, 1), *, stacked=False, max_height=None,
                    bound=False):
    """A size for :func:`plot_em_step` figures that fits the shape of the data.

    The 2D data panel keeps equal units on both axes, so wide data in a tall figure
    would leave empty bands above and below it: the height follows the data's aspect.
    Side by side (the default), it lies between 3.4 and 4.6 inches at a width of 8.3,
    room for the log-likelihood panel and the legend beside the data; 1D data gets a
    fixed 0.5 : 1. Stacked (for a narrow page), the data take the whole width and the
    log-likelihood panel and legend a row of :data:`STACKED_ROW_HEIGHT` inches under
    them. Margins for text follow ``rcParams["font.size"]``. With the bound's panel
    (``bound=True``) side by side, the height follows the data's share of the width
    and the legend's row under them, never less than the log-likelihood panel and the
    bar need one over the other; stacked, the figure is taller by its row.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    width : float, optional
        Inches; default 8.3, or :data:`BOUND_WIDTH` with ``bound=True``.
    dims : (int, int), default=(0, 1)
        The two features shown for 2D or more.
    stacked : bool, default=False
        The layout of :func:`em_step_axes`.
    max_height : float, optional
        Inches the figure should not exceed (a screen's height); the data panel then
        gives up height, never below what its labels need.
    bound : bool, default=False
        Room for the panel of the log-likelihood split into L and KL.

    Returns
    -------
    figsize : (float, float)
    """
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    text = _text_scale()
    if width is None:
        width = BOUND_WIDTH if bound else 8.3
    if X.shape[1] > 1:
        dims = check_dims(dims, X.shape[1])
        aspect = np.ptp(_padded_limits(X[:, dims[1]])) / np.ptp(_padded_limits(X[:, dims[0]]))
    rest = width
    if stacked:
        row = STACKED_ROW_HEIGHT * text * (1 + _LEGEND_ROW if bound else 1)
        if X.shape[1] == 1:
            top = float(np.clip(0.5 * width, 2.6 * text, 4.0 * text))
        else:
            # The whole width, less the y tick labels; plus the x-axis labels.
            top = max((width - 0.9 * text) * aspect + 0.75 * text, 2.2 * text)
        # The data panel never below what its labels need and a little more.
        height, least = top + row, row + (2.0 if bound else 2.2) * text
    elif bound:
        # The data's share of the width, less its tick labels; plus the x-axis labels
        # and the legend's row; never so low that the log-likelihood and the bar with
        # its key, one over the other, lack room.
        panel = _BOUND_DATA_SHARE * width - 0.7 * text
        top = 0.5 * panel + 0.6 * text if X.shape[1] == 1 else panel * aspect + 0.75 * text
        lowest = 4.2 * text
        height = float(np.clip(top + _BOUND_LEGEND_ROW * text, lowest,
                               max(0.62 * width, lowest)))
        least = lowest
    elif X.shape[1] == 1:
        height, least = max(0.5 * rest, 3.0 * text), 3.0 * text
    else:
        # The data panel's share of the width, less its tick labels; plus the x-axis labels.
        panel = rest * 1.3 / 2.3 - 0.6 * text
        scale = rest / 8.3
        # The bound's panel, as tall as the figure, needs room for its key.
        lowest = max(3.4 * scale, 3.4 * text) if bound else 3.4 * scale
        height = float(np.clip(panel * aspect + 0.75 * text, lowest, max(4.6 * scale, lowest)))
        least = 3.0 * text
    if max_height is not None:
        height = min(height, max(max_height, least))
    return width, float(height)


def em_step_axes(n_features, fig=None, figsize=None, *, stacked=False, bound=False):
    """The panels :func:`plot_em_step` draws on.

    Side by side (the default): data left; log-likelihood and legend right. Stacked,
    for a narrow page: data on top across the whole width; log-likelihood and legend
    side by side in a row of :data:`STACKED_ROW_HEIGHT` inches under it (make the
    figure with :func:`em_step_figsize` and ``stacked=True``). With ``bound=True`` a
    panel for the log-likelihood split into L and KL goes under the log-likelihood
    panel, right of the data, and the legend into a row under the data; stacked, it
    goes right of the log-likelihood panel, and the legend takes a row of its own
    under both.

    Parameters
    ----------
    n_features : int
        1 adds a responsibilities panel under the data, sharing its x-axis.
    fig : Figure, optional
        Default: a new pyplot figure with constrained layout.
    figsize : (float, float), optional
    stacked : bool, default=False
    bound : bool, default=False

    Returns
    -------
    EMStepAxes
    """
    if fig is None:
        fig = plt.figure(figsize=figsize or (10.5, 4.8), layout="constrained")
    bound_panel = None
    if stacked:
        height = fig.get_size_inches()[1]
        rows = [STACKED_ROW_HEIGHT * _text_scale()]
        if bound:
            rows.append(_LEGEND_ROW * rows[0])
        shrink = min(1.0, 0.6 * height / sum(rows))
        rows = [row * shrink for row in rows]
        top = height - sum(rows)
        tops = (top * 3 / 4.3, top * 1.3 / 4.3) if n_features == 1 else (top,)
        grid = fig.add_gridspec(len(tops) + len(rows), 2, height_ratios=(*tops, *rows),
                                width_ratios=(1, 1.15))
        data = fig.add_subplot(grid[0, :])
        resp = fig.add_subplot(grid[1, :], sharex=data) if n_features == 1 else None
        below = len(tops)
        if bound:
            # A grid of its own for the row: the key right of the bound's panel is a
            # margin of that panel alone.
            row = grid[below, :].subgridspec(1, 2, width_ratios=(1, 0.7))
            others = row[0, 0], grid[below + 1, :]
            bound_panel = row[0, 1]
        else:
            others = grid[below, 0], grid[below, 1]
    elif bound:
        height = fig.get_size_inches()[1]
        legend_row = min(_BOUND_LEGEND_ROW * _text_scale(), 0.3 * height)
        outer = fig.add_gridspec(1, 2, width_ratios=(_BOUND_DATA_SHARE,
                                                     1 - _BOUND_DATA_SHARE))
        top = height - legend_row
        tops = (top * 3 / 4.3, top * 1.3 / 4.3) if n_features == 1 else (top,)
        left = outer[0, 0].subgridspec(len(tops) + 1, 1, height_ratios=(*tops, legend_row))
        data = fig.add_subplot(left[0, 0])
        resp = fig.add_subplot(left[1, 0], sharex=data) if n_features == 1 else None
        right = outer[0, 1].subgridspec(2, 1)
        others, bound_panel = (right[0, 0], left[len(tops), 0]), right[1, 0]
    else:
        heights = (3, 1.3) if n_features == 1 else (2.2, 1)
        grid = fig.add_gridspec(2, 2, height_ratios=heights, width_ratios=_SIDE_RATIOS)
        if n_features == 1:
            data = fig.add_subplot(grid[0, 0])
            resp = fig.add_subplot(grid[1, 0], sharex=data)
        else:
            data, resp = fig.add_subplot(grid[:, 0]), None
        others = grid[0, 1], grid[1, 1]
    if resp is not None:
        data.tick_params(labelbottom=False)
    return EMStepAxes(data, resp, fig.add_subplot(others[0]), fig.add_subplot(others[1]),
                      None if bound_panel is None else fig.add_subplot(bound_panel))


def _step_states(X, history, step):
    """What a half-step shows: (state before the M-step or None, state drawn, resp)."""
    resp = None if step.resp_from is None else history.responsibilities(step.resp_from, X)
    before = history.states[step.params - 1] if step.phase == "M" else None
    return before, history.states[step.params], resp


def _resp_state(history, step):
    return None if step.resp_from is None else history.states[step.resp_from]


def plot_em_step(X, history, half_step=0, *, axes=None, dims=(0, 1), radii=(1, 2, 3),
                 feature_names=None, words=True, **style):
    """The state of EM at one half-step: data view and log-likelihood side by side.

    Index 0 is the start (grey points); index ``2t - 1`` the E-step of iteration t
    (points recoloured, ellipses unchanged); index ``2t`` its M-step (ellipses move;
    in 2D the previous ones are shown dashed, with arrows from old to new means).
    1D data gets a panel of responsibilities under the curves, and one density scale
    for the whole history, so that stepping shows the curves change, not the axis
    (the spikes of a collapsed component run off the top).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the history was fitted on.
    history : EMHistory
    half_step : int or HalfStep, default=0
    axes : EMStepAxes, optional
        As made by :func:`em_step_axes`; by default a new figure. Axes with a
        ``bound`` panel get :func:`~gmm_lesson.plotting.plot_bound_bar` drawn in it.
    dims : (int, int), default=(0, 1)
        The two features shown (2D or more).
    radii : sequence of float, default=(1, 2, 3)
        Mahalanobis radii of the ellipses (2D or more).
    feature_names : sequence of str, optional
        Axis labels, one per feature.
    words : bool, default=True
        ``False`` leaves out the words that change from step to step (the figure's
        title, the log-likelihood over its curve, the weights in the legend), for a
        host that shows them as text of its own: the explorer puts them on the page,
        where they cost nothing to change.
    **style
        Passed to the data points (2D) or the component curves (1D).

    Returns
    -------
    EMStepArtists
        Pass it to :func:`update_em_step` to show another half-step.
    """
    X = _check_history_data(X, history)
    step = _as_half_step(history, half_step)
    axes = em_step_axes(X.shape[1]) if axes is None else axes
    before, after, resp = _step_states(X, history, step)
    panel = None
    if X.shape[1] == 1:
        name = feature_names[0] if feature_names else "x"
        view = plot_mixture_1d(X, after, resp, legend=axes.legend, legend_weights=words,
                               ax=axes.data, **style)
        axes.data.set_xlabel("")
        _set_density_limits(axes.data, view.grid, _replay_density_top(X, history, view))
        panel = plot_responsibilities_1d(X, _resp_state(history, step),
                                         n_components=after.n_components,
                                         ax=axes.responsibilities)
        axes.responsibilities.set_xlabel(name)
    else:
        view = plot_transition(X, before or after, after, resp, dims=dims, radii=radii,
                               feature_names=feature_names, legend=axes.legend,
                               legend_weights=words, ax=axes.data, **style)
        update_transition(view, before or after, after, resp,
                          show_previous=before is not None, draw=False)
    curve = plot_log_likelihood(history, step, label=words, ax=axes.log_likelihood)
    # As many iteration ticks as the panel's width has room for (a stacked layout's
    # panel can be narrow).
    axes.log_likelihood.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
    bound = None
    if axes.bound is not None:
        bound = plot_bound_bar(X, history, step, ax=axes.bound)
    title = axes.data.figure.suptitle(step_title(step), fontsize="large") if words else None
    return EMStepArtists(view, panel, curve, title, bound)


def update_em_step(artists, X, history, half_step, *, draw=True):
    """Show another half-step of the same history on a :func:`plot_em_step` figure.

    Parameters
    ----------
    artists : EMStepArtists
    X : array-like of shape (n_samples, n_features)
    history : EMHistory
    half_step : int or HalfStep
    draw : bool, default=True
    """
    X = _check_history_data(X, history)
    step = _as_half_step(history, half_step)
    before, after, resp = _step_states(X, history, step)
    if artists.responsibilities is not None:
        update_mixture_1d(artists.view, after, resp, rescale=False, draw=False)
        update_responsibilities_1d(artists.responsibilities, _resp_state(history, step),
                                   draw=False)
    else:
        update_transition(artists.view, before or after, after, resp,
                          show_previous=before is not None, draw=False)
    update_log_likelihood(artists.log_likelihood, history, step, draw=False)
    if artists.bound is not None:
        update_bound_bar(artists.bound, X, history, step, draw=False)
    if artists.title is not None:
        artists.title.set_text(step_title(step))
    _request_draw(artists.log_likelihood.marker, draw)
