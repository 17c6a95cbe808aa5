"""Why EM never decreases the log-likelihood, drawn as two curves: the log-likelihood and
its lower bound L, with q held, as the parameters move (PRML figure 9.14).

The bound touches the log-likelihood at the old parameters (where q is their
responsibilities) and peaks at the M-step's new ones, where the log-likelihood lies
above it by the KL gap. The numbers come from :func:`gmm_lesson.em.bound_along_line`
and :func:`gmm_lesson.em.bound_along_mean`; nothing here runs EM.
"""

from typing import NamedTuple

import numpy as np
from matplotlib.patches import FancyArrowPatch

from gmm_lesson._validation import check_integer
from gmm_lesson.em import bound_along_line, bound_along_mean, check_state, m_step
from gmm_lesson.plotting._checks import _check_data
from gmm_lesson.plotting._style import (
    _INK,
    _get_ax,
    _halo,
    _padded_limits,
    _request_draw,
    component_colors,
)
from gmm_lesson.plotting.bound import _BOUND_COLOR

__all__ = [
    "BoundLineArtists",
    "plot_bound_along_line",
    "plot_bound_along_mean",
    "plot_bound_curves",
    "update_bound_curves",
]


class BoundLineArtists(NamedTuple):
    """What :func:`plot_bound_along_line` and :func:`plot_bound_along_mean` drew.

    Attributes
    ----------
    log_likelihood, bound : Line2D
        The two curves; x is the position (t, or the mean), y the values.
    touch : Line2D
        Where they meet: the old parameters, at which q is the responsibilities.
    peak, new : Line2D
        L at its peak (the new parameters) and the log-likelihood there, above it.
    gap : FancyArrowPatch
        From ``peak`` up to ``new``: the KL gap the M-step opened.
    gap_label : Text
        "KL = ..." beside the gap.
    legend : Legend
    far_below : Text
        Empty unless the old parameters' log-likelihood is far below the rest (a start
        from single points, billions below): then the y-range is the new parameters'
        alone, ``touch`` is a triangle on the bottom edge, and this says the value.
    """

    log_likelihood: object
    bound: object
    touch: object
    peak: object
    new: object
    gap: object
    gap_label: object
    legend: object
    far_below: object


def _plot_two_curves(ax, x, curves, old, new, at_old, at_new):
    """Both curves, the touching point at ``old`` and the gap at ``new``."""
    log_likelihoods, bounds = curves
    ll_line = ax.plot(x, log_likelihoods, color=_INK, linewidth=2.0, zorder=3,
                      label="log-likelihood  log p(X | θ)")[0]
    bound_line = ax.plot(x, bounds, color=_BOUND_COLOR, linewidth=2.0, zorder=2,
                         label="lower bound  L(q, θ), q held")[0]
    marker = dict(linestyle="none", marker="o", markersize=8, markeredgecolor="white",
                  markeredgewidth=1.5, zorder=5)
    touch = ax.plot([old], [at_old[0]], color=_INK, **marker)[0]
    peak = ax.plot([new], [at_new[1]], color=_BOUND_COLOR, **marker)[0]
    top = ax.plot([new], [at_new[0]], color=_INK, **marker)[0]
    gap = ax.add_patch(FancyArrowPatch((new, at_new[1]), (new, at_new[0]), arrowstyle="<->",
                                       mutation_scale=10, color="0.3", linewidth=1.2,
                                       shrinkA=5, shrinkB=5, zorder=4))
    label = ax.annotate("", (new, at_new[0]), xytext=(0, 0), textcoords="offset points",
                        fontsize="small",
                        color=_INK, path_effects=_halo(2.0), zorder=6)
    _label_gap(label, old, new, at_new)
    for value in (old, new):
        ax.axvline(value, color="0.75", linewidth=0.8, linestyle=(0, (2, 2)), zorder=1)
    ax.ticklabel_format(axis="y", useOffset=False)
    ax.set_ylabel("log-likelihood and its bound")
    legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize="small",
                       frameon=False, borderaxespad=0.3)
    far_below = ax.annotate("", (old, 0.0), xycoords=("data", "axes fraction"),
                            xytext=(8, 5), textcoords="offset points", fontsize="small",
                            va="bottom", ha="left", color=_INK, path_effects=_halo(2.0),
                            zorder=6)
    return BoundLineArtists(ll_line, bound_line, touch, peak, top, gap, label, legend,
                            far_below)


def _label_gap(label, old, new, at_new):
    """"KL = ..." beside the gap's middle, on the side away from the old parameters, where
    the curves part: the bound falls away from its peak there, under the log-likelihood."""
    away = 1 if new >= old else -1
    label.set_text(f"KL = {max(at_new[0] - at_new[1], 0.0):.2f}")
    label.xy = (new, (at_new[0] + at_new[1]) / 2)
    label.set(position=(8 * away, 0), verticalalignment="center",
              horizontalalignment="left" if away > 0 else "right")


_FAR_BELOW_GAPS = 50
"""The old log-likelihood is far below when it lies more than this many times the
M-step's gap (at least 1) under the new bound: drawn on one scale with the rest, the
curves near the new parameters would be one flat line."""


def _zoom_on_the_touch(ax, curves, at_old, at_new, artists, old):
    """y-limits that show the region of both marked points, not the curves' far tails
    (only the new parameters' region if the old ones are far below); then the "KL = ..."
    label moved above the top point if the gap is too short to hold it beside the arrow."""
    gap = max(at_new[0] - at_new[1], 1.0)
    far = at_old[0] < at_new[1] - _FAR_BELOW_GAPS * gap
    top = at_new[0] if far else max(at_old[0], at_new[0])
    bottom = at_new[1] if far else min(at_old[1], at_new[1])
    shown = np.concatenate(curves)
    # Room for the curves' bend, but never more than ten times the distance between the
    # marked points.
    span = max(top - bottom, min(0.05 * (top - float(np.min(shown))), 10 * (top - bottom)),
               1.0)
    low = max(float(np.min(shown)), bottom - 2.5 * span)
    ax.set_ylim(low - 0.05 * span, top + 0.35 * span)
    low, high = ax.get_ylim()
    touch, label = artists.touch, artists.gap_label
    if far:
        touch.set(marker="v", clip_on=False)
        touch.set_data([old], [low])
        artists.far_below.set_text(f"{at_old[0]:.3g}, far below")
    else:
        touch.set(marker="o", clip_on=True)
        touch.set_data([old], [at_old[0]])
        artists.far_below.set_text("")
    if at_new[0] - at_new[1] < 0.12 * (high - low):
        away = 1 if label.get_horizontalalignment() == "left" else -1
        label.xy = (label.xy[0], at_new[0])
        label.set(position=(6 * away, 7), verticalalignment="bottom")


_LINE_TS = np.linspace(-0.5, 1.5, 81)
_LINE_TS.flags.writeable = False   # a default argument, shared by every call


def _check_curves(ts, curves, ends):
    ts = np.asarray(ts, dtype=np.float64)
    try:
        curves = tuple(np.asarray(values, dtype=np.float64) for values in curves)
        ends = tuple(np.asarray(values, dtype=np.float64) for values in ends)
    except (TypeError, ValueError):
        raise ValueError("curves and ends must each be a pair of arrays of numbers, as "
                         "gmm_lesson.em.bound_along_line returns.") from None
    if len(curves) != 2 or any(values.shape != ts.shape for values in curves):
        raise ValueError(f"curves must be (log-likelihoods, bounds), each of the shape of ts "
                         f"{ts.shape}.")
    if len(ends) != 2 or any(values.shape != (2,) for values in ends):
        raise ValueError("ends must be (log-likelihoods, bounds) at t = 0 and t = 1, each "
                         "of shape (2,).")
    return ts, curves, ends


def plot_bound_curves(ts, curves, ends, *, ax=None, **style):
    """PRML figure 9.14 from curves already computed: what :func:`plot_bound_along_line`
    draws, for a view that keeps the curves of each step and shows them again.

    Parameters
    ----------
    ts : array-like of shape (n_points,)
        Positions on the line: 0 is the old parameters, 1 the new.
    curves : (array-like of shape (n_points,), array-like of shape (n_points,))
        The log-likelihoods and the bounds at ``ts``, as
        :func:`~gmm_lesson.em.bound_along_line` returns them.
    ends : (array-like of shape (2,), array-like of shape (2,))
        The same at t = 0 and t = 1.
    ax : Axes, optional
    **style
        Passed to ``ax.plot`` for both curves.

    Returns
    -------
    BoundLineArtists
        For :func:`update_bound_curves`.
    """
    ts, curves, ends = _check_curves(ts, curves, ends)
    ax = _get_ax(ax)
    at_old, at_new = (ends[0][0], ends[1][0]), (ends[0][1], ends[1][1])
    artists = _plot_two_curves(ax, ts, curves, 0.0, 1.0, at_old, at_new)
    for line in artists[:2]:
        line.set(**style)
    ax.set_xticks([0.0, 1.0], [r"$\theta^{\mathrm{old}}$", r"$\theta^{\mathrm{new}}$"])
    ax.set_xlabel("t, from the old parameters to the new")
    _zoom_on_the_touch(ax, curves, at_old, at_new, artists, 0.0)
    return artists


def update_bound_curves(artists, ts, curves, ends, *, draw=True):
    """Show another step's curves on a :func:`plot_bound_curves` figure, in place: the
    same artists moved, the y-range chosen again.

    Parameters
    ----------
    artists : BoundLineArtists
        From :func:`plot_bound_curves` (or :func:`plot_bound_along_line`).
    ts : array-like of shape (n_points,)
    curves : (array-like of shape (n_points,), array-like of shape (n_points,))
        Log-likelihoods and bounds at ``ts``, as for :func:`plot_bound_curves`.
    ends : (array-like of shape (2,), array-like of shape (2,))
        The same at t = 0 and t = 1.
    draw : bool, default=True
        Ask the canvas for a draw.
    """
    ts, curves, ends = _check_curves(ts, curves, ends)
    at_old, at_new = (ends[0][0], ends[1][0]), (ends[0][1], ends[1][1])
    artists.log_likelihood.set_data(ts, curves[0])
    artists.bound.set_data(ts, curves[1])
    artists.peak.set_data([1.0], [at_new[1]])
    artists.new.set_data([1.0], [at_new[0]])
    artists.gap.set_positions((1.0, at_new[1]), (1.0, at_new[0]))
    _label_gap(artists.gap_label, 0.0, 1.0, at_new)
    ax = artists.log_likelihood.axes
    ax.relim()
    ax.autoscale_view(scaley=False)
    _zoom_on_the_touch(ax, curves, at_old, at_new, artists, 0.0)
    _request_draw(artists.log_likelihood, draw)


def plot_bound_along_line(X, q, before, after, *, ts=_LINE_TS, ax=None, **style):
    """The log-likelihood and the lower bound along the line from one state to the next
    (PRML figure 9.14).

    With ``q`` the responsibilities of ``before`` the two curves touch at t = 0 (the
    E-step closed the gap there); if ``after`` is the M-step from that ``q``, the bound
    is highest at t = 1, and the log-likelihood there lies above it by the KL gap the
    M-step opened: it rose by at least as much as the bound.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    q : array-like of shape (n_samples, n_components)
        Held fixed along the line.
    before, after : MixtureState
        :math:`\\theta^{old}` and :math:`\\theta^{new}`, as for
        :func:`~gmm_lesson.em.bound_along_line` (every weight above zero).
    ts : array-like of shape (n_points,), default=np.linspace(-0.5, 1.5, 81)
        Positions on the line: 0 is ``before``, 1 is ``after``.
    ax : Axes, optional
    **style
        Passed to ``ax.plot`` for both curves.

    Returns
    -------
    BoundLineArtists

    See Also
    --------
    plot_bound_curves : the same from curves already computed.
    """
    ts = np.asarray(ts, dtype=np.float64)
    curves = bound_along_line(X, q, before, after, ts)
    ends = bound_along_line(X, q, before, after, [0.0, 1.0])
    return plot_bound_curves(ts, curves, ends, ax=ax, **style)


def plot_bound_along_mean(X, q, state, component, *, means=None, ax=None, **style):
    """The log-likelihood and the lower bound as one component's mean moves (1D data).

    Every parameter but that mean stays. The bound is a parabola in the mean, highest
    at the ``q``-weighted mean of the data -- the M-step's new mean; with ``q`` the
    responsibilities of ``state`` it touches the log-likelihood at the old mean. The
    data are a rug under the curves, each tick as dark as its ``q`` for the component.

    Parameters
    ----------
    X : array-like of shape (n_samples, 1)
    q : array-like of shape (n_samples, n_components)
    state : MixtureState
        One feature.
    component : int
    means : array-like of shape (n_points,), optional
        Values of the mean to draw the curves at; by default 201 across the data
        and both marked means.
    ax : Axes, optional
    **style
        Passed to ``ax.plot`` for both curves.

    Returns
    -------
    BoundLineArtists
    """
    state = check_state(state)
    X = _check_data(X, state)
    component = check_integer(component, "component", 0)
    if component >= state.n_components:
        raise ValueError(f"component must be < n_components = {state.n_components}, "
                         f"got {component}.")
    q = np.asarray(q, dtype=np.float64)
    ax = _get_ax(ax)
    old = float(state.means[component, 0])
    _, new_means, _ = m_step(X, q, covariance_type=state.covariance_type)
    new = float(new_means[component, 0])
    if means is None:
        low, high = _padded_limits(np.concatenate([X[:, 0], [old, new]]), pad=0.1)
        means = np.linspace(low, high, 201)
    means = np.asarray(means, dtype=np.float64)
    curves = bound_along_mean(X, q, state, component, means)
    ends = bound_along_mean(X, q, state, component, [old, new])
    at_old, at_new = (ends[0][0], ends[1][0]), (ends[0][1], ends[1][1])
    artists = _plot_two_curves(ax, means, curves, old, new, at_old, at_new)
    for line in artists[:2]:
        line.set(**style)
    colour = component_colors(state.n_components)[component]
    ticks = np.column_stack([np.tile(colour, (len(X), 1)), 0.15 + 0.85 * q[:, component]])
    ax.scatter(X[:, 0], np.full(len(X), 0.03), transform=ax.get_xaxis_transform(),
               marker="|", s=120, linewidths=1.5, color=ticks, zorder=1)
    # Each dashed line named just above the rug, on its own side, so that the two names
    # part however close the means are; the axis keeps its numbers.
    left, right = (old, new) if old <= new else (new, old)
    for value, name in ((old, f"old mean {old:.2f}"), (new, f"new mean {new:.2f}")):
        side = -1 if value == left and left != right else 1
        ax.annotate(name, (value, 0.1), xycoords=ax.get_xaxis_transform(),
                    xytext=(4 * side, 0), textcoords="offset points", va="bottom",
                    ha="right" if side < 0 else "left", fontsize="small", color=_INK,
                    path_effects=_halo(2.0), zorder=6)
    ax.set_xlabel(f"the mean of component {component} (every other parameter held)")
    _zoom_on_the_touch(ax, curves, at_old, at_new, artists, old)
    return artists
