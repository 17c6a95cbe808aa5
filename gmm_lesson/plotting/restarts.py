"""Restarts side by side: where each run of EM ended, best first, and what each cost.

One view, :func:`plot_restarts`, of a :class:`~gmm_lesson.em.Restarts`: each run's final
log-likelihood, the runs sorted from the best down and grouped by the fit they ended on,
coloured by their kind of start, the runs that found the best fit with its components
in another order (label switching) marked apart from the runs that ended elsewhere; and,
in a second panel, each run's iterations. :func:`update_restarts` moves the ring that
marks a chosen run.
"""

import math
from typing import NamedTuple

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gmm_lesson._validation import check_integer
from gmm_lesson.em import Restarts
from gmm_lesson.plotting._style import (
    _INK,
    _MARKER_COLOR,
    PALETTE,
    _corner_text,
    _get_ax,
    _place_in_corner,
    _place_legend,
    _request_draw,
    format_log_likelihood,
)

__all__ = ["RestartArtists", "plot_restarts", "update_restarts"]

_BAND = "0.93"   # the shading behind every other fit
_MARKS = {       # what a run's marker says of it: (marker, filled, words)
    "same": ("o", True, "the best fit"),
    "switched": ("D", True, "the best fit, in another order"),
    "other": ("o", False, "another fit"),
}


class RestartArtists(NamedTuple):
    """What :func:`plot_restarts` drew.

    Attributes
    ----------
    order : ndarray of shape (n_runs,), dtype int
        The run drawn at each x position: ``x = 0`` is run ``order[0]``. Runs are
        sorted by the fit they ended on (the best run's first), and within a fit by
        final log-likelihood, highest first.
    same : PathCollection
        Filled discs: runs on the best run's fit, components in its order.
    switched : PathCollection
        Filled diamonds: runs on the best run's fit with their components in another
        order (label switching).
    other : PathCollection
        Open discs: runs that ended on another fit.
    bands : list of Rectangle
        A light band behind every other fit, so that each fit's runs stand together.
    best_line : Line2D
        The best run's final log-likelihood, across the panel.
    summary : Text
        How many runs, distinct fits, runs on the best fit and label switches
        (hidden with ``summary=False``).
    legend : Legend or None
    selected : Line2D
        A ring around the chosen run (hidden if none); :func:`update_restarts` moves it.
    bars : BarContainer or None
        Each run's iterations, in the panel ``iterations``: bar ``j`` is run
        ``order[j]``'s.
    bar_labels : list of Text
        The number over each bar (empty without that panel).
    """

    order: np.ndarray
    same: object
    switched: object
    other: object
    bands: list
    best_line: object
    summary: object
    legend: object
    selected: object
    bars: object
    bar_labels: list


def _check_restarts(restarts):
    if not isinstance(restarts, Restarts):
        raise TypeError(f"restarts must be a Restarts (from fit_restarts or compare_restarts), "
                        f"got {type(restarts).__name__}.")
    return restarts


def _check_selected(selected, restarts):
    if selected is None:
        return None
    selected = check_integer(selected, "selected", 0)
    if selected >= len(restarts):
        raise ValueError(f"selected must be a run's index, 0 to {len(restarts) - 1}, got "
                         f"{selected}.")
    return selected


def _start_colors(restarts):
    """Each kind of start's colour, in the order the kinds first appear."""
    kinds = list(dict.fromkeys(run.init for run in restarts))
    return {kind: PALETTE[j % len(PALETTE)] for j, kind in enumerate(kinds)}


def _mark(run):
    return "switched" if run.label_switched else "same" if run.same_fit else "other"


def _median_ms(restarts, kind):
    seconds = [run.seconds for run in restarts if run.init == kind]
    return None if any(math.isnan(s) for s in seconds) else 1000 * float(np.median(seconds))


def _summary_words(restarts):
    n_best = restarts.runs_per_fit[0]
    return (f"{len(restarts)} runs, {restarts.n_fits} distinct "
            f"{'fit' if restarts.n_fits == 1 else 'fits'}\n"
            f"{n_best} on the best fit, {restarts.n_label_switched} of them\n"
            "with the components in another order")


def plot_restarts(restarts, *, ax=None, iterations=None, legend=True, summary=True,
                  selected=None, **style):
    """Several runs of EM side by side: each one's final log-likelihood, best first.

    One marker per run, coloured by its kind of start. The runs are sorted by the fit
    they ended on, the best run's first, and within a fit from the highest
    log-likelihood down; a light band stands behind every other fit. A filled disc is
    a run on the best fit with its components in the best run's order; a filled
    diamond a run on the best fit that lists its components in another order, the same
    fit relabelled (label switching); an open disc a run that ended on another fit.
    Each tick names the run by its index.

    Parameters
    ----------
    restarts : Restarts
        From :func:`~gmm_lesson.restarts.fit_restarts` or
        :func:`~gmm_lesson.em.compare_restarts`.
    ax : Axes, optional
        Where the log-likelihoods go; default: the current axes.
    iterations : Axes, optional
        A second panel, best under ``ax`` with a shared x-axis, for each run's
        iterations as a bar (hatched if the run stopped without converging).
    legend : bool or Axes, default=True
        True: a legend right of ``ax``; an Axes: the legend in that panel, in one
        column from its top left corner (under narrow panels); False: none. It names
        each kind of start, with the median time of its runs if they were timed, and
        says what each marker means.
    summary : bool, default=True
        A note in the lower left corner of ``ax``: how many runs, distinct fits, runs
        on the best fit and, of those, runs with their components in another order.
    selected : int, optional
        A run to ring (its index in ``restarts``).
    **style
        Passed to ``ax.scatter`` for the runs' markers (``s=``, ``alpha=``, ...).

    Returns
    -------
    RestartArtists
        Pass it to :func:`update_restarts` to ring another run.
    """
    restarts = _check_restarts(restarts)
    selected = _check_selected(selected, restarts)
    ax = _get_ax(ax)
    runs = restarts.runs
    fits = np.array([run.fit_index for run in runs])
    log_likelihoods = restarts.log_likelihoods
    order = np.lexsort((np.arange(len(runs)), -log_likelihoods, fits))
    x = np.empty(len(runs), dtype=np.int64)
    x[order] = np.arange(len(runs))
    colors = _start_colors(restarts)

    bands = []
    for fit in range(1, restarts.n_fits, 2):
        where = x[fits == fit]
        bands.append(ax.axvspan(where.min() - 0.5, where.max() + 0.5, color=_BAND,
                                linewidth=0, zorder=0))
    best = restarts.best_run.log_likelihood
    best_line = ax.axhline(best, color=_INK, linestyle=(0, (2, 3)), linewidth=1.0, zorder=1)

    drawn = {}
    for mark, (marker, filled, _) in _MARKS.items():
        chosen = [i for i, run in enumerate(runs) if _mark(run) == mark]
        edge = [colors[runs[i].init] for i in chosen]
        face = edge if filled else "white"
        drawn[mark] = ax.scatter(x[chosen], log_likelihoods[chosen], marker=marker,
                                 facecolors=face, edgecolors=edge, zorder=3,
                                 **{"s": 60 if marker == "o" else 48, "linewidths": 1.8,
                                    **style})
    ring, = ax.plot([], [], linestyle="none", marker="o", markersize=17,
                    markerfacecolor="none", markeredgecolor=_MARKER_COLOR,
                    markeredgewidth=2.2, zorder=4)

    ax.set_xlim(-0.7, len(runs) - 0.3)
    ax.set_xticks(np.arange(len(runs)), [str(i) for i in order],
                  fontsize="small" if len(runs) <= 30 else "x-small")
    ax.set_ylabel("final log-likelihood")
    ax.margins(y=0.12)
    note = _corner_text(ax, _summary_words(restarts), fontsize="small")
    _place_in_corner(note, "lower left")
    note.set_visible(bool(summary))

    shown_legend = None
    if legend:
        handles, labels = [], []
        for kind, color in colors.items():
            handles.append(Patch(facecolor=color, edgecolor=color))
            ms = _median_ms(restarts, kind)
            labels.append(f"'{kind}' start" + ("" if ms is None else f", median {ms:.0f} ms"
                                               if ms >= 10 else f", median {ms:.1f} ms"))
        for marker, filled, words in _MARKS.values():
            handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=8,
                                  markerfacecolor="0.35" if filled else "white",
                                  markeredgecolor="0.35", markeredgewidth=1.6))
            labels.append(words)
        handles.append(Line2D([], [], color=_INK, linestyle=(0, (2, 3)), linewidth=1.0))
        labels.append(f"best run: {format_log_likelihood(best)}")
        if bands:
            handles.append(Patch(facecolor=_BAND, edgecolor="0.8"))
            labels.append("every other fit shaded")
        if legend is True:
            shown_legend = _place_legend(ax, True, handles, labels)
        else:
            legend.axis("off")
            shown_legend = legend.legend(handles, labels, loc="upper left", fontsize="small",
                                         frameon=False, borderaxespad=0.0)

    bars, bar_labels = None, []
    if iterations is not None:
        n_iter = np.array([runs[i].n_iter for i in order])
        bars = iterations.bar(np.arange(len(runs)), n_iter, width=0.7,
                              color=[colors[runs[i].init] for i in order],
                              edgecolor="white", linewidth=0.5, zorder=2)
        for bar, i in zip(bars, order, strict=True):
            bar.set_hatch(None if runs[i].converged else "//")
        for fit in range(1, restarts.n_fits, 2):
            where = x[fits == fit]
            iterations.axvspan(where.min() - 0.5, where.max() + 0.5, color=_BAND,
                               linewidth=0, zorder=0)
        bar_labels = [iterations.text(position, count, f" {count}", ha="center",
                                      va="bottom", fontsize="x-small", color=_INK)
                      for position, count in enumerate(n_iter)]
        iterations.set_ylim(0, 1.25 * max(n_iter.max(), 1))
        iterations.set_ylabel("iterations")
        iterations.set_xlabel("run (best fit first)")
        if iterations.get_shared_x_axes().joined(ax, iterations):
            ax.tick_params(labelbottom=False)
        else:
            iterations.set_xlim(ax.get_xlim())
            iterations.set_xticks(np.arange(len(runs)), [str(i) for i in order],
                                  fontsize=ax.get_xticklabels()[0].get_fontsize())
    else:
        ax.set_xlabel("run (best fit first)")

    artists = RestartArtists(order, drawn["same"], drawn["switched"], drawn["other"], bands,
                             best_line, note, shown_legend, ring, bars, bar_labels)
    update_restarts(artists, restarts, selected, draw=False)
    return artists


def update_restarts(artists, restarts, selected, *, draw=True):
    """Ring another run (or none) in a view :func:`plot_restarts` drew.

    Parameters
    ----------
    artists : RestartArtists
    restarts : Restarts
        The runs the view shows.
    selected : int or None
        The run to ring, by its index in ``restarts``; None rings none.
    draw : bool, default=True
        Ask the canvas for a redraw.
    """
    restarts = _check_restarts(restarts)
    selected = _check_selected(selected, restarts)
    if len(artists.order) != len(restarts):
        raise ValueError(f"The view was drawn for {len(artists.order)} runs, restarts has "
                         f"{len(restarts)}: draw the view again.")
    if selected is None:
        artists.selected.set_data([], [])
    else:
        x = int(np.flatnonzero(artists.order == selected)[0])
        artists.selected.set_data([x], [restarts[selected].log_likelihood])
    _request_draw(artists.selected, draw)
