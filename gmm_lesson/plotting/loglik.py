"""The log-likelihood curve EM climbs, with the current half-step marked."""

from typing import NamedTuple

import numpy as np
from matplotlib.ticker import MaxNLocator

from gmm_lesson.em import HalfStep
from gmm_lesson.plotting._checks import _check_history
from gmm_lesson.plotting._style import (
    _INK,
    _MARKER_COLOR,
    _get_ax,
    _request_draw,
    format_log_likelihood,
)

__all__ = [
    "LogLikelihoodArtists",
    "plot_log_likelihood",
    "shown_log_likelihood",
    "update_log_likelihood",
]


class LogLikelihoodArtists(NamedTuple):
    """What :func:`plot_log_likelihood` drew.

    Attributes
    ----------
    curve : Line2D
        The whole recorded curve, light grey.
    done : Line2D
        The part up to the current step, dark.
    marker : Line2D
        The current step: x is the index of the state shown, y its log-likelihood
        (a downward triangle on the bottom edge when that is below the scale).
    label : Text or None
        The axes title: "iteration t, E-step" and the value (None if not drawn).
    """

    curve: object
    done: object
    marker: object
    label: object


def _as_half_step(history, half_step):
    if isinstance(half_step, HalfStep):
        return half_step
    return history.half_step(half_step)


def _phase_words(step):
    if step.phase == "start":
        return "start"
    return f"iteration {step.iteration}, {step.phase}-step"


def _log_likelihood_limits(log_likelihoods):
    """y-limits of the curve.

    At least one unit tall: smaller changes are invisible at the scale of a
    log-likelihood and would otherwise be stretched over the whole panel. A start
    far below the rest (a component on a single point can start a billion below)
    is left off, so that it does not flatten the curve into one line.
    """
    ll = log_likelihoods[np.isfinite(log_likelihoods)]
    if len(ll) == 0:
        return None
    shown = ll
    if len(ll) >= 3:
        rest = ll[1:]
        if ll[0] < rest.min() - 50 * max(np.ptp(rest), 1.0):
            shown = rest
    low, high = shown.min(), shown.max()
    if high - low < 1.0:
        middle = (low + high) / 2
        low, high = middle - 0.5, middle + 0.5
    span = high - low
    return low - 0.15 * span, high + 0.1 * span


def plot_log_likelihood(history, half_step=0, *, label=True, ax=None, **style):
    """The log-likelihood against iteration, with the current half-step marked.

    Parameters
    ----------
    history : EMHistory
    half_step : int or HalfStep, default=0
        Index in ``0 .. history.n_half_steps - 1``. The marker sits on the state whose
        parameters are shown: an E-step leaves the parameters, and so the
        log-likelihood, where the previous M-step put them.
    label : bool, default=True
        Title the axes with the half-step and its log-likelihood.
    ax : Axes, optional
    **style
        Passed to ``ax.plot`` for the dark part of the curve.

    Returns
    -------
    LogLikelihoodArtists
        Pass it to :func:`update_log_likelihood`.
    """
    ll = _check_history(history).log_likelihoods
    ax = _get_ax(ax)
    curve = ax.plot(np.arange(len(ll)), ll, color="0.78", marker="o", markersize=3,
                    linewidth=1.2, zorder=1)[0]
    done = ax.plot([], [], **{"color": _INK, "marker": "o", "markersize": 3.5,
                              "linewidth": 1.6, "zorder": 2, **style})[0]
    marker = ax.plot([], [], linestyle="none", marker="o", markersize=10, color=_MARKER_COLOR,
                     markeredgecolor="white", markeredgewidth=1.5, zorder=3, clip_on=False)[0]
    n_iter = max(history.n_iter, 1)
    ax.set_xlim(-0.04 * n_iter, 1.04 * n_iter)
    limits = _log_likelihood_limits(ll)
    if limits is not None:
        ax.set_ylim(limits)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.ticklabel_format(axis="y", useOffset=False)
    ax.set_xlabel("iteration (M-steps done)")
    ax.set_ylabel("log-likelihood")
    title = ax.set_title("", fontsize="medium", color=_INK) if label else None
    artists = LogLikelihoodArtists(curve, done, marker, title)
    update_log_likelihood(artists, history, half_step, draw=False)
    return artists


def update_log_likelihood(artists, history, half_step, *, draw=True):
    """Move the marker (and the dark part of the curve) to another half-step.

    Parameters
    ----------
    artists : LogLikelihoodArtists
    history : EMHistory
    half_step : int or HalfStep
    draw : bool, default=True
    """
    step = _as_half_step(_check_history(history), half_step)
    ll = history.log_likelihoods
    shown = step.params
    artists.done.set_data(np.arange(shown + 1), ll[: shown + 1])
    bottom = artists.curve.axes.get_ylim()[0]
    value, off_scale = shown_log_likelihood(artists, history, step)
    artists.marker.set_data([shown], [max(ll[shown], bottom)])
    artists.marker.set_marker("v" if off_scale else "o")
    if artists.label is not None:
        artists.label.set_text(f"{_phase_words(step)}\nlog-likelihood {value}")
    _request_draw(artists.marker, draw)


def shown_log_likelihood(artists, history, half_step):
    """The log-likelihood a :func:`plot_log_likelihood` panel marks, in its words.

    Parameters
    ----------
    artists : LogLikelihoodArtists
    history : EMHistory
    half_step : int or HalfStep

    Returns
    -------
    text : str
        The value as :func:`format_log_likelihood` prints it, followed by
        " (below the scale)" when it lies under the panel's y-range (as the start of a
        fit from single points can, far below the rest of the curve).
    below_scale : bool
        Whether it does: the marker is then a downward triangle on the bottom edge.
    """
    step = _as_half_step(_check_history(history), half_step)
    value = history.log_likelihoods[step.params]
    below = bool(value < artists.curve.axes.get_ylim()[0])
    return format_log_likelihood(value) + (" (below the scale)" if below else ""), below
