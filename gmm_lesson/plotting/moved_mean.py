"""A mean being dragged: where it goes, its ellipses there, and a line back to where it was.

Drawn over an EM view while the learner drags a component's mean, before EM runs again
from the moved start: nothing is fitted until the mean is let go, so this view only
moves a few lines (2D: the component's own ellipses carried to the new place, their
shape unchanged; 1D: a line at the new mean).
"""

from typing import NamedTuple

import numpy as np

from gmm_lesson.gaussian import ellipse_points
from gmm_lesson.plotting._style import _INK, _get_ax, _request_draw

__all__ = ["MovedMeanArtists", "hide_moved_mean", "plot_moved_mean", "update_moved_mean"]


class MovedMeanArtists(NamedTuple):
    """What :func:`plot_moved_mean` drew (hidden until :func:`update_moved_mean`).

    Attributes
    ----------
    marker : Line2D
        The mean at its new place (1D: a triangle over the x axis).
    rings : list of Line2D
        2D: the component's ellipses at ``radii``, carried to the new place; 1D: one
        vertical line at the new mean.
    link : Line2D
        From the old mean to the new one.
    radii : tuple of float
    n_features : int
        1 or 2: the view drawn on.
    """

    marker: object
    rings: list
    link: object
    radii: tuple
    n_features: int


def plot_moved_mean(*, n_features=2, radii=(1, 2, 3), ax=None):
    """Hidden artists for a dragged mean, to be moved by :func:`update_moved_mean`.

    Parameters
    ----------
    n_features : {1, 2}, default=2
        The view drawn on: a 1D density or a 2D scatter.
    radii : sequence of float, default=(1, 2, 3)
        The ellipses' radii, in standard deviations (2D).
    ax : Axes, optional

    Returns
    -------
    MovedMeanArtists
    """
    if n_features not in (1, 2):
        raise ValueError(f"n_features must be 1 or 2, got {n_features!r}.")
    ax = _get_ax(ax)
    radii = tuple(float(r) for r in radii)
    line = dict(visible=False, zorder=8)
    if n_features == 1:
        xaxis = ax.get_xaxis_transform()
        marker = ax.plot([], [], linestyle="none", marker="v", markersize=13, color=_INK,
                         markeredgecolor="white", markeredgewidth=1.5, transform=xaxis,
                         clip_on=False, **line)[0]
        rings = [ax.plot([], [], linestyle=(0, (4, 3)), linewidth=2.0, transform=xaxis,
                         **line)[0]]
        link = ax.plot([], [], linestyle=":", linewidth=1.5, color=_INK, transform=xaxis,
                       **line)[0]
    else:
        marker = ax.plot([], [], linestyle="none", marker="X", markersize=14,
                         markeredgecolor="white", markeredgewidth=1.5, **line)[0]
        rings = [ax.plot([], [], linestyle=(0, (4, 3)), linewidth=1.8, **line)[0]
                 for _ in radii]
        link = ax.plot([], [], linestyle=":", linewidth=1.5, color=_INK, **line)[0]
    for artist in (marker, *rings, link):
        artist.set_in_layout(False)     # empty until a drag: no part of the layout
    return MovedMeanArtists(marker, rings, link, radii, n_features)


def update_moved_mean(artists, old, new, covariance=None, *, color=_INK, draw=True):
    """Show a mean moved from ``old`` to ``new``.

    Parameters
    ----------
    artists : MovedMeanArtists
    old, new : array-like of shape (n_features,)
        The mean before the drag and now, in the view's features.
    covariance : array-like of shape (2, 2), optional
        The component's covariance in the two features shown (2D; required there):
        its ellipses are drawn around ``new``.
    color : color, default: the ink colour
        The component's colour.
    draw : bool, default=True
    """
    old = np.asarray(old, dtype=np.float64).reshape(-1)
    new = np.asarray(new, dtype=np.float64).reshape(-1)
    if old.shape != (artists.n_features,) or new.shape != (artists.n_features,):
        raise ValueError(f"old and new must each have {artists.n_features} coordinate(s), "
                         f"got {old.shape} and {new.shape}.")
    if artists.n_features == 1:
        artists.marker.set_data([new[0]], [0.16])
        artists.rings[0].set_data([new[0], new[0]], [0.0, 1.0])
        artists.link.set_data([old[0], new[0]], [0.16, 0.16])
    else:
        if covariance is None:
            raise ValueError("covariance is required for a 2D view.")
        artists.marker.set_data([new[0]], [new[1]])
        for ring, radius in zip(artists.rings, artists.radii, strict=True):
            points = ellipse_points(new, covariance, radius)
            ring.set_data(points[:, 0], points[:, 1])
        artists.link.set_data([old[0], new[0]], [old[1], new[1]])
    artists.marker.set_color(color)
    artists.marker.set_markeredgecolor("white")
    for ring in artists.rings:
        ring.set_color(color)
    for artist in (artists.marker, *artists.rings, artists.link):
        artist.set_visible(True)
    _request_draw(artists.marker, draw)


def hide_moved_mean(artists, *, draw=True):
    """Hide the dragged mean's artists (the drag ended or was abandoned).

    Parameters
    ----------
    artists : MovedMeanArtists
    draw : bool, default=True
    """
    for artist in (artists.marker, *artists.rings, artists.link):
        artist.set_visible(False)
    _request_draw(artists.marker, draw)
