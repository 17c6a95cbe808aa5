"""A Bayesian mixture at one value of its weight prior: the data with each component's
ellipses, and the weights as bars against the threshold of a component in use.

:func:`plot_concentration` draws one fit of a
:class:`~gmm_lesson.bayesian.ConcentrationPath`; :func:`update_concentration` moves the
same artists to another fit of the path, as a slider over the prior does.
"""

from typing import NamedTuple

import numpy as np
from matplotlib.colors import to_rgba

from gmm_lesson._validation import check_dims, check_integer, check_X
from gmm_lesson.bayesian import USED_WEIGHT, ConcentrationPath, _check_threshold
from gmm_lesson.plotting._style import (
    _INK,
    NO_RESPONSIBILITY_COLOR,
    _get_ax,
    _halo,
    _padded_limits,
    _request_draw,
    component_colors,
)
from gmm_lesson.plotting.mixture2d import _view_geometry

__all__ = ["ConcentrationArtists", "concentration_title", "format_prior", "plot_concentration",
           "update_concentration"]

_FAINT = 0.3     # opacity of a component below the threshold
_DASHED = (0, (3, 3))


class ConcentrationArtists(NamedTuple):
    """What :func:`plot_concentration` drew.

    Attributes
    ----------
    points : PathCollection
        The data.
    means : PathCollection
        One marker per component, offsets shape (n_components, 2).
    ellipses : list of list of Ellipse
        ``ellipses[k][j]`` is component k's ellipse at ``radii[j]``: solid for a
        component above the threshold, faint and dashed below it.
    bars : BarContainer
        Bar ``k`` is component k's weight (faint and hatched below the threshold).
    bar_labels : list of Text
        Each weight written over its bar.
    threshold_line : Line2D
        The threshold across the bars.
    title : Text
        The prior's value and how many components are above the threshold.
    dims : tuple of int
    radii : tuple of float
    threshold : float
    floor : float
        The bars' axis starts here (weights below it are written as "< floor").
    """

    points: object
    means: object
    ellipses: list
    bars: object
    bar_labels: list
    threshold_line: object
    title: object
    dims: tuple
    radii: tuple
    threshold: float
    floor: float


def _check_path(path):
    if not isinstance(path, ConcentrationPath):
        raise TypeError("path must be a ConcentrationPath (from fit_concentration_path), got "
                        f"{type(path).__name__}.")
    return path


def _check_index(index, path):
    index = check_integer(index, "index", 0)
    if index >= len(path):
        raise ValueError(f"index must be a prior's index, 0 to {len(path) - 1}, got {index}.")
    return index


def format_prior(prior):
    """A prior's value as the views write it: ``0.001``, ``0.00316``, ``3.16``, ``1000``.

    Parameters
    ----------
    prior : float

    Returns
    -------
    text : str
    """
    return np.format_float_positional(float(prior), precision=3, unique=False,
                                      fractional=False, trim="-")


def concentration_title(path, index, threshold=USED_WEIGHT):
    """What the view's title says of fit ``index``: the prior and the components used.

    Parameters
    ----------
    path : ConcentrationPath
    index : int
    threshold : float, default=:data:`~gmm_lesson.bayesian.USED_WEIGHT`

    Returns
    -------
    text : str
    """
    path = _check_path(path)
    index = _check_index(index, path)
    used = int(path.n_used(threshold)[index])
    return (f"weight_concentration_prior = {format_prior(path.priors[index])}\n"
            f"{used} of {path.n_components} components above weight {threshold:g}")


def _format_weight(weight, floor):
    if weight < floor:
        return f"<{floor:.0e}".replace("e-0", "e-")
    if weight >= 0.01:
        return f"{weight:.2f}"
    return f"{weight:.0e}".replace("e-0", "e-")


def plot_concentration(X, path, index, *, axes=None, dims=(0, 1), radii=(1, 2),
                       threshold=USED_WEIGHT, floor=1e-6, **style):
    """One fit of a concentration path: the data with each component's ellipses, and
    the weights as bars on a logarithmic scale with the threshold across them.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the path was fitted on; two features or more.
    path : ConcentrationPath
        From :func:`~gmm_lesson.bayesian.fit_concentration_path`.
    index : int
        The fit shown: ``path.priors[index]``.
    axes : (Axes, Axes), optional
        The data's panel and the weights' panel; default: two new panels side by side
        on the current figure.
    dims : (int, int), default=(0, 1)
        The two features shown.
    radii : sequence of float, default=(1, 2)
        Mahalanobis radii of the ellipses.
    threshold : float, default=:data:`~gmm_lesson.bayesian.USED_WEIGHT`
        A component with a weight above it is drawn solid, below it faint and dashed.
    floor : float, default=1e-6
        Where the weights' logarithmic axis starts: the weights the prior leaves to
        unused components span many orders of magnitude, which a linear axis hides.
    **style
        Passed to ``ax.scatter`` for the data points (``s``, ``alpha``, ...).

    Returns
    -------
    ConcentrationArtists
        Pass it to :func:`update_concentration` to show another fit of the path.

    Notes
    -----
    The ellipses and means are the fits' point estimates (``covariances_`` and
    ``means_``). A component the data do not use keeps its prior's: with
    scikit-learn's default priors, the data's mean, and the data's covariance divided
    by the prior's degrees of freedom (``n_features``); so it is drawn over the middle
    of the data.
    """
    path = _check_path(path)
    index = _check_index(index, path)
    threshold = _check_threshold(threshold)
    X = check_X(X, n_features=path.states[0].n_features, owner="this path")
    if X.shape[1] < 2:
        raise ValueError(f"plot_concentration needs X with at least two features, got "
                         f"{X.shape[1]}.")
    dims = check_dims(dims, X.shape[1])
    if isinstance(floor, bool) or not np.isfinite(floor) or not 0 < floor < 1:
        raise ValueError(f"floor must be a number between 0 and 1, got {floor!r}.")
    if axes is None:
        import matplotlib.pyplot as plt

        axes = plt.gcf().subplots(1, 2, width_ratios=(3, 2))
    ax, bar_ax = axes
    ax = _get_ax(ax)
    n_components = path.n_components
    colors = component_colors(n_components)

    points = ax.scatter(X[:, dims[0]], X[:, dims[1]], color=NO_RESPONSIBILITY_COLOR, zorder=1,
                        **{"s": 10, "linewidths": 0, "alpha": 0.6, **style})
    from matplotlib.patches import Ellipse

    ellipses = [[ax.add_patch(Ellipse((0, 0), 1, 1, fill=False, edgecolor=color, zorder=3))
                 for _ in radii] for color in colors]
    means = ax.scatter(np.zeros(n_components), np.zeros(n_components), c=colors, marker="X",
                       s=110, edgecolors="white", linewidths=1.2, zorder=6)
    ax.set_xlim(_padded_limits(X[:, dims[0]]))
    ax.set_ylim(_padded_limits(X[:, dims[1]]))
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(f"x[{dims[0]}]")
    ax.set_ylabel(f"x[{dims[1]}]")
    title = ax.set_title("", fontsize="medium", loc="left")

    positions = np.arange(n_components)
    bars = bar_ax.bar(positions, np.ones(n_components), bottom=floor, color=colors,
                      edgecolor=colors, width=0.7, zorder=2)
    bar_ax.set_yscale("log")
    bar_ax.set_ylim(floor, 3.0)
    bar_ax.set_xlim(-0.6, n_components - 0.4)
    bar_ax.set_xticks(positions, [str(k) for k in positions])
    bar_ax.set_xlabel("component")
    bar_ax.set_ylabel("weight (log scale)")
    line = bar_ax.axhline(threshold, color=_INK, linestyle=(0, (4, 2)), linewidth=1.0,
                          zorder=3, label=f"threshold {threshold:g}")
    bar_ax.legend(loc="upper right", fontsize="small", frameon=False)
    bar_labels = [bar_ax.text(k, floor, "", ha="center", va="bottom", fontsize="x-small",
                              color=_INK, rotation=90, zorder=4) for k in positions]

    artists = ConcentrationArtists(points, means, ellipses, bars, bar_labels, line, title,
                                   dims, tuple(float(r) for r in radii), threshold,
                                   float(floor))
    update_concentration(artists, path, index, draw=False)
    return artists


def update_concentration(artists, path, index, *, draw=True):
    """Move a :func:`plot_concentration` view to fit ``index`` of ``path``, in place.

    Parameters
    ----------
    artists : ConcentrationArtists
    path : ConcentrationPath
        With as many components as the drawn one.
    index : int
        The fit shown: ``path.priors[index]``.
    draw : bool, default=True
        Ask the canvas for a redraw when idle.
    """
    path = _check_path(path)
    index = _check_index(index, path)
    if len(artists.ellipses) != path.n_components:
        raise ValueError(f"The view was drawn for {len(artists.ellipses)} components, the path "
                         f"has {path.n_components}: draw the view again.")
    state = path.states[index]
    weights = path.weights[index]
    used = weights > artists.threshold
    centres, geometry = _view_geometry(state, artists.dims, artists.radii)
    colors = component_colors(path.n_components)
    relative = weights / weights.max()
    face = []
    for k, (ring, centre, (widths, heights, angle)) in enumerate(
            zip(artists.ellipses, centres, geometry, strict=True)):
        alpha = 0.45 + 0.55 * relative[k] if used[k] else _FAINT
        width = 0.8 + 1.6 * relative[k] if used[k] else 0.8
        for ellipse, w, h in zip(ring, widths, heights, strict=True):
            ellipse.set_center(centre)
            ellipse.set_width(w)
            ellipse.set_height(h)
            ellipse.set_angle(angle)
            ellipse.set_linewidth(width)
            ellipse.set_linestyle("solid" if used[k] else _DASHED)
            ellipse.set_alpha(alpha)
            ellipse.set_path_effects(_halo(width) if used[k] else [])
        face.append(to_rgba(colors[k], 1.0 if used[k] else _FAINT))
    artists.means.set_offsets(centres)
    artists.means.set_facecolors(face)
    artists.means.set_edgecolors([to_rgba("white", a[3]) for a in face])

    floor = artists.floor
    for k, (bar, text) in enumerate(zip(artists.bars, artists.bar_labels, strict=True)):
        shown = max(weights[k], floor)
        bar.set_height(shown - floor)
        bar.set_alpha(1.0 if used[k] else 0.45)
        bar.set_hatch(None if used[k] else "///")
        text.set_position((k, shown * 1.3))
        text.set_text(_format_weight(weights[k], floor))
    artists.title.set_text(concentration_title(path, index, artists.threshold))
    _request_draw(artists.points, draw)
