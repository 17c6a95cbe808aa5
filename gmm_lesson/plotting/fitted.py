"""Views of fitted mixtures used as models: criteria for choosing the number of
components, and the log-density over the plane with a threshold."""

from typing import NamedTuple

import numpy as np
from matplotlib.ticker import MaxNLocator

from gmm_lesson.plotting._checks import _check_data
from gmm_lesson.plotting._style import (
    _MARKER_COLOR,
    PALETTE,
    _corner_text,
    _get_ax,
    _place_in_corner,
)

__all__ = [
    "CriteriaArtists",
    "LogDensityArtists",
    "plot_criteria",
    "plot_log_density",
]


# --- choosing the number of components ----------------------------------------------


class CriteriaArtists(NamedTuple):
    """What :func:`plot_criteria` drew: a curve and a star per criterion, and a note
    saying where the values above the view lie (empty if none)."""

    curves: list
    stars: list
    note: object


def _plain_number(value):
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


def plot_criteria(ks, criteria, *, ax=None):
    """Model-choice criteria against the number of components, lowest value starred.

    The view is zoomed on the minima: from just under the lowest value to a little
    above the highest value any criterion takes at or after its own minimum, so
    that the rise after each minimum shows. Values above that (the small K, often
    far above) are left out of view, and a note says which K they belong to and
    how high they are.

    Parameters
    ----------
    ks : sequence of int
        The numbers of components tried.
    criteria : dict of str to array-like of shape (len(ks),)
        Name -> value for each K (lower is better), e.g. ``{"BIC": bic, "AIC": aic}``.
    ax : Axes, optional

    Returns
    -------
    CriteriaArtists
    """
    ks = np.asarray(ks)
    values = {name: np.asarray(v, dtype=np.float64) for name, v in criteria.items()}
    if ks.ndim != 1 or not values or any(v.shape != ks.shape for v in values.values()):
        raise ValueError(f"criteria must map each name to one value per K ({len(ks)}).")
    ax = _get_ax(ax)
    curves, stars = [], []
    for (name, v), color in zip(values.items(), PALETTE, strict=False):
        best = int(np.argmin(v))
        curves.append(ax.plot(ks, v, "o-", color=color,
                              label=f"{name}: lowest at K = {ks[best]}")[0])
        stars.append(ax.plot(ks[best], v[best], "*", markersize=20, color=color,
                             markeredgecolor="black", zorder=5)[0])
    lowest = min(float(v.min()) for v in values.values())
    rise = max(float(v[int(np.argmin(v)):].max()) for v in values.values())
    span = max(rise - lowest, 1e-9 * max(abs(lowest), 1.0))
    # Room above the highest value shown for a legend in the upper corners.
    low, high = lowest - 0.15 * span, rise + 0.6 * span
    ax.set_ylim(low, high)
    ax.set_xticks(ks)
    ax.set(xlabel="number of components K", ylabel="criterion (lower is better)")
    above = sorted({int(k) for v in values.values() for k in ks[v > high]})
    text = ""
    if above:
        out = np.concatenate([v[v > high] for v in values.values()])
        which = (f"K = {above[0]}" if len(above) == 1 else
                 f"K = {above[0]} to {above[-1]}" if above == list(range(above[0], above[-1] + 1))
                 else "K = " + ", ".join(map(str, above)))
        low_text, high_text = _plain_number(out.min()), _plain_number(out.max())
        where = f"at {low_text}" if low_text == high_text else f"at {low_text} to {high_text}"
        verb = "lies" if len(above) == 1 else "lie"
        text = f"{which} {verb} above the view,\n{where}"
    note = _corner_text(ax, text, fontsize="small")
    _place_in_corner(note, "upper left")
    note.set_visible(bool(text))
    return CriteriaArtists(curves, stars, note)


# --- density estimation ----------------------------------------------------------------


class LogDensityArtists(NamedTuple):
    """What :func:`plot_log_density` drew: the shading (a ``QuadContourSet``, for a
    colour bar) and the threshold line (None without a threshold)."""

    shade: object
    threshold: object


def plot_log_density(X, state, *, threshold=None, n_grid=200, ax=None):
    """The mixture's log-density shaded over the box around ``X``, darker where it is
    higher, with the contour where it equals ``threshold``.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
        The data the box is drawn around (15% wider than the data on each side).
    state : MixtureState
        A two-feature mixture, e.g. a fitted model's ``state_``.
    threshold : float, optional
        A log-density to draw as a line (e.g. a low percentile of the training
        points' log-densities); the shading starts 10 below it.
    n_grid : int, default=200
        Grid points along each axis.
    ax : Axes, optional

    Returns
    -------
    LogDensityArtists
        Pass ``artists.shade`` to ``fig.colorbar`` for a scale.
    """
    X = _check_data(X, state)
    if state.n_features != 2:
        raise ValueError(
            f"plot_log_density draws a mixture of two features, got {state.n_features}."
        )
    ax = _get_ax(ax)
    low, high = X.min(axis=0), X.max(axis=0)
    low, high = low - 0.15 * (high - low), high + 0.15 * (high - low)
    grid_x, grid_y = np.meshgrid(np.linspace(low[0], high[0], n_grid),
                                 np.linspace(low[1], high[1], n_grid))
    log_p = state.log_density(np.column_stack([grid_x.ravel(), grid_y.ravel()]))
    log_p = log_p.reshape(grid_x.shape)
    bottom = np.floor((threshold if threshold is not None else np.percentile(log_p, 5)) - 10)
    levels = MaxNLocator(nbins=12, integer=True).tick_values(bottom, log_p.max())
    shade = ax.contourf(grid_x, grid_y, log_p, levels=levels, cmap="Greys", extend="both",
                        alpha=0.6)
    line = None
    if threshold is not None:
        line = ax.contour(grid_x, grid_y, log_p, levels=[threshold], colors=_MARKER_COLOR,
                          linewidths=2, linestyles="solid")
    return LogDensityArtists(shade, line)
