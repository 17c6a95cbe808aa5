"""k-means as the limit of EM, drawn: one EM step with a shared, fixed spherical
covariance beside one step of k-means, from the same means (PRML section 9.3.2).

The EM step is :func:`gmm_lesson.em.soft_kmeans_step`; the k-means (Lloyd) step, each
point to its nearest mean and each mean to the average of its points, is worked out
here, for the picture.
"""

from typing import NamedTuple

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch

from gmm_lesson._validation import check_array_shape, check_dims, check_X
from gmm_lesson.em import soft_kmeans_step as _soft_kmeans_step
from gmm_lesson.plotting._checks import _check_two_features
from gmm_lesson.plotting._style import (
    _get_ax,
    _halo,
    _padded_limits,
    _place_legend,
    _request_draw,
    blend_colors,
    component_colors,
)

__all__ = [
    "SoftKMeansArtists",
    "SoftKMeansStep",
    "plot_soft_kmeans",
    "soft_kmeans_comparison",
    "update_soft_kmeans",
]


class SoftKMeansStep(NamedTuple):
    """One EM step with a shared, fixed ``sigma`` next to one k-means step, in numbers.

    Attributes
    ----------
    resp : ndarray of shape (n_samples, n_components)
        The E-step's responsibilities.
    em_means : ndarray of shape (n_components, n_features)
        The means after the EM step.
    lloyd_means : ndarray of shape (n_components, n_features)
        The means after one k-means (Lloyd) step: each point to its nearest mean, each
        mean to the average of its points (a mean with no points stays).
    hardness : float
        The mean over the points of their largest responsibility: 1 / n_components
        for assignments as soft as can be, 1 for hard ones.
    distance : float
        The largest distance between a mean after the EM step and the same mean after
        the k-means step.
    """

    resp: np.ndarray
    em_means: np.ndarray
    lloyd_means: np.ndarray
    hardness: float
    distance: float


def _lloyd_step(X, means):
    nearest = np.argmin(((X[:, np.newaxis, :] - means) ** 2).sum(axis=2), axis=1)
    moved = means.copy()
    for k in range(len(means)):
        if np.any(nearest == k):
            moved[k] = X[nearest == k].mean(axis=0)
    return moved


def soft_kmeans_comparison(X, means, sigma):
    """One EM step with the covariance sigma^2 I held fixed, and one k-means step, from
    the same means.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    sigma : float
        Above zero.

    Returns
    -------
    SoftKMeansStep

    See Also
    --------
    gmm_lesson.em.soft_kmeans_step : the EM step.
    """
    resp, em_means = _soft_kmeans_step(X, means, sigma)
    X = check_X(X)
    means = check_array_shape(means, np.shape(means), "means")
    lloyd = _lloyd_step(X, means)
    hardness = float(resp.max(axis=1).mean())
    return SoftKMeansStep(resp, em_means, lloyd, hardness,
                          float(np.max(np.linalg.norm(em_means - lloyd, axis=1))))


class SoftKMeansArtists(NamedTuple):
    """What :func:`plot_soft_kmeans` drew.

    Attributes
    ----------
    points : PathCollection
        The data, coloured by the blend of their responsibilities.
    means : PathCollection
        The means the step starts from (crosses).
    em_means : PathCollection
        The means after one EM step (discs).
    lloyd_means : PathCollection
        The means after one k-means step (open squares).
    arrows : list of FancyArrowPatch
        From each mean to its place after the EM step.
    circles : list of Circle
        A circle of radius sigma around each mean: the fixed covariance is sigma^2 I.
    legend : Legend or None
    dims : tuple of int
    """

    points: object
    means: object
    em_means: object
    lloyd_means: object
    arrows: list
    circles: list
    legend: object
    dims: tuple


def plot_soft_kmeans(X, means, sigma, *, dims=(0, 1), legend=True, ax=None, **style):
    """One EM step with a shared, fixed spherical covariance, beside one step of k-means.

    The points take the blend of their components' colours, weighted by the E-step's
    responsibilities with equal weights and covariance sigma^2 I (a circle of radius
    sigma around each mean). Arrows go from each mean to where the EM step moves it
    (a disc); an open square marks where one k-means step moves it. As sigma shrinks
    the colours harden to the nearest mean's and the discs move into the squares:
    the EM step becomes the k-means step (PRML section 9.3.2).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Two features or more; the view shows features ``dims``.
    means : array-like of shape (n_components, n_features)
    sigma : float
        The shared standard deviation, above zero.
    dims : (int, int), default=(0, 1)
    legend : bool or Axes, default=True
        True: a legend right of the axes (what the crosses, discs, squares and
        circles are); an Axes: the legend fills that panel; False: none.
    ax : Axes, optional
    **style
        Passed to ``ax.scatter`` for the data points.

    Returns
    -------
    SoftKMeansArtists
        Pass it to :func:`update_soft_kmeans`.
    """
    X = check_X(X)
    _check_two_features(X, "plot_soft_kmeans")
    dims = check_dims(dims, X.shape[1])
    means = check_array_shape(means, np.shape(means), "means")
    ax = _get_ax(ax)
    n_components = len(means)
    colors = component_colors(n_components)
    points = ax.scatter(X[:, dims[0]], X[:, dims[1]], zorder=1,
                        **{"s": 14, "linewidths": 0, **style})
    circles = [ax.add_patch(Circle((0, 0), 1.0, fill=False, edgecolor=color, linewidth=1.2,
                                   linestyle=(0, (4, 3)), zorder=2)) for color in colors]
    arrows = [ax.add_patch(FancyArrowPatch((0, 0), (1, 1), arrowstyle="-|>", mutation_scale=14,
                                           color=color, linewidth=1.6, shrinkA=0, shrinkB=6,
                                           path_effects=_halo(1.6), zorder=4))
              for color in colors]
    lloyd = ax.scatter(np.zeros(n_components), np.zeros(n_components), marker="s", s=190,
                       facecolors="none", edgecolors=colors, linewidths=2.0, zorder=5)
    em_means = ax.scatter(np.zeros(n_components), np.zeros(n_components), marker="o", s=80,
                          c=colors, edgecolors="white", linewidths=1.2, zorder=6)
    start = ax.scatter(means[:, dims[0]], means[:, dims[1]], marker="X", s=150, c=colors,
                       edgecolors="white", linewidths=1.5, zorder=7)
    ax.set_xlim(_padded_limits(X[:, dims[0]]))
    ax.set_ylim(_padded_limits(X[:, dims[1]]))
    ax.set_aspect("equal", adjustable="box")
    grey = "0.35"
    handles = [
        Line2D([], [], marker="X", linestyle="none", color=grey, markeredgecolor="white",
               markersize=10),
        Line2D([], [], marker="o", linestyle="none", color=grey, markeredgecolor="white",
               markersize=8),
        Line2D([], [], marker="s", linestyle="none", markerfacecolor="none",
               markeredgecolor=grey, markeredgewidth=2.0, markersize=11),
        Line2D([], [], color=grey, linestyle=(0, (4, 3)), linewidth=1.2),
    ]
    labels = ["means before the step", "after one EM step", "after one k-means step",
              "radius σ (covariance σ²I, fixed)"]
    shown = _place_legend(ax, legend, handles, labels) if legend else None
    artists = SoftKMeansArtists(points, start, em_means, lloyd, arrows, circles, shown, dims)
    update_soft_kmeans(artists, X, means, sigma, draw=False)
    return artists


def update_soft_kmeans(artists, X, means, sigma, *, draw=True):
    """Show the step from other means or with another sigma on a :func:`plot_soft_kmeans`
    view.

    Parameters
    ----------
    artists : SoftKMeansArtists
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
        As many components as drawn.
    sigma : float
    draw : bool, default=True

    Returns
    -------
    SoftKMeansStep
        The numbers drawn.
    """
    step = soft_kmeans_comparison(X, means, sigma)
    means = np.asarray(means, dtype=np.float64)
    if len(means) != len(artists.arrows):
        raise ValueError(f"The view was drawn for {len(artists.arrows)} means, got "
                         f"{len(means)}: draw the view again for another number.")
    dims = list(artists.dims)
    artists.points.set_facecolors(blend_colors(step.resp))
    artists.means.set_offsets(means[:, dims])
    artists.em_means.set_offsets(step.em_means[:, dims])
    artists.lloyd_means.set_offsets(step.lloyd_means[:, dims])
    # An arrow shorter than its own head would hide the mean it points at.
    min_length = 0.02 * np.ptp(artists.points.axes.get_xlim())
    for arrow, circle, old, new in zip(artists.arrows, artists.circles, means[:, dims],
                                       step.em_means[:, dims], strict=True):
        arrow.set_positions(old, new)
        arrow.set_visible(bool(np.hypot(*(new - old)) > min_length))
        circle.set_center(old)
        circle.set_radius(float(sigma))
    _request_draw(artists.points, draw)
    return step
