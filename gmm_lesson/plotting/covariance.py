"""One 2D Gaussian read from its covariance: samples with ellipses labelled by their
mass, the ellipse's axes, and whitening."""

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Ellipse, FancyArrowPatch

from gmm_lesson.gaussian import ellipse_geometry, mahalanobis, mass_within, whiten
from gmm_lesson.plotting._checks import _check_gaussian
from gmm_lesson.plotting._mass_labels import _MassLabelLayout, _place_mass_labels
from gmm_lesson.plotting._style import (
    _INK,
    _MARKER_COLOR,
    PALETTE,
    _corner_text,
    _get_ax,
    _halo,
    _place_in_corner,
    _request_draw,
)

__all__ = [
    "CovarianceArtists",
    "EllipseAxesArtists",
    "WhiteningArtists",
    "plot_covariance",
    "plot_ellipse_axes",
    "plot_whitening",
    "update_covariance",
]


# --- the covariance playground ---------------------------------------------------------


class CovarianceArtists(NamedTuple):
    """What :func:`plot_covariance` drew.

    Attributes
    ----------
    samples : PathCollection
    ellipses : list of Ellipse
        One per radius.
    labels : list of Text
        "1σ: 39%": the share of the mass inside each ellipse, written on that
        ellipse, in view: at the right-hand end of its major axis where the box fits,
        else at the nearest point around the ellipse where it does, clear of the
        other labels, the corner texts and the mean; beside the line, touching it,
        only where no spot on it is free; hidden if no spot is.
    mean : Line2D
    matrix : Text
        The covariance matrix as numbers, in a corner the ellipse leaves free.
    note : Text
        What the percentages mean, in the opposite corner.
    radii : tuple of float
    """

    samples: object
    ellipses: list
    labels: list
    mean: object
    matrix: object
    note: object
    radii: tuple


def _matrix_text(covariance):
    (a, b), (c, d) = covariance
    return f"covariance\n[[{a:6.2f} {b:6.2f}]\n [{c:6.2f} {d:6.2f}]]"


def plot_covariance(mean, covariance, samples=None, *, radii=(1, 2, 3), limits=None, ax=None,
                    **style):
    """One 2D Gaussian: samples, its ellipses labelled with their mass, and its matrix.

    Parameters
    ----------
    mean : array-like of shape (2,)
    covariance : array-like of shape (2, 2)
    samples : array-like of shape (n_samples, 2), optional
        Points drawn from the Gaussian (drawn by the caller).
    radii : sequence of float, default=(1, 2, 3)
        Mahalanobis radii; each ellipse is labelled with the share of the mass it
        encloses (39%, 86%, 99%).
    limits : (float, float), optional
        Range of both axes; default: 3.5 standard deviations along the major axis
        around the mean. Updates keep the limits, so a slider moves the ellipse in a
        fixed frame.
    ax : Axes, optional
    **style
        Passed to ``ax.scatter`` for the samples.

    Returns
    -------
    CovarianceArtists
        Pass it to :func:`update_covariance`.
    """
    mean, covariance = _check_gaussian(mean, covariance)
    ax = _get_ax(ax)
    samples = np.empty((0, 2)) if samples is None else np.asarray(samples, dtype=np.float64)
    points = ax.scatter(samples[:, 0], samples[:, 1],
                        **{"s": 10, "color": PALETTE[0], "alpha": 0.45, "linewidths": 0,
                           "zorder": 1, **style})
    ellipses = [ax.add_patch(Ellipse(mean, 1, 1, fill=False, edgecolor=_INK, linewidth=1.6,
                                     path_effects=_halo(1.6), zorder=3)) for _ in radii]
    masses = np.atleast_1d(mass_within(radii, 2))
    labels = [ax.text(0, 0, f"{r:g}σ: {m:.0%}", fontsize="small", color=_INK, ha="center",
                      va="center", zorder=5, bbox=dict(boxstyle="round,pad=0.15", fc="white",
                                                       ec="none", alpha=0.85))
              for r, m in zip(radii, masses, strict=True)]
    centre = ax.plot([], [], marker="X", markersize=11, color=_INK, markeredgecolor="white",
                     linestyle="none", zorder=4)[0]
    matrix = _corner_text(ax, family="monospace")
    note = _corner_text(ax, "kσ: Mahalanobis distance k from the mean\n"
                        "%: probability inside that ellipse", fontsize="small")
    artists = CovarianceArtists(points, ellipses, labels, centre, matrix, note, tuple(radii))
    ax.add_artist(_MassLabelLayout(artists))
    half = 3.5 * ellipse_geometry(covariance, 1.0)[0] / 2
    ax.set_xlim(limits or (mean[0] - half, mean[0] + half))
    ax.set_ylim(limits or (mean[1] - half, mean[1] + half))
    ax.set_aspect("equal", adjustable="box")
    update_covariance(artists, mean, covariance, draw=False)
    return artists


def update_covariance(artists, mean, covariance, samples=None, *, draw=True):
    """Move a :func:`plot_covariance` view to another Gaussian, in place.

    Parameters
    ----------
    artists : CovarianceArtists
    mean : array-like of shape (2,)
    covariance : array-like of shape (2, 2)
    samples : array-like of shape (n_samples, 2), optional
        New samples; by default the old ones stay.
    draw : bool, default=True
    """
    mean, covariance = _check_gaussian(mean, covariance)
    widths, heights, angle = ellipse_geometry(covariance, np.asarray(artists.radii, float))
    for ellipse, w, h in zip(artists.ellipses, widths, heights, strict=True):
        ellipse.set_center(mean)
        ellipse.set_width(w)
        ellipse.set_height(h)
        ellipse.set_angle(angle)
    artists.mean.set_data([mean[0]], [mean[1]])
    artists.matrix.set_text(_matrix_text(covariance))
    # A positive correlation leaves the upper-left and lower-right corners free.
    rising = covariance[0, 1] >= 0
    _place_in_corner(artists.matrix, "upper left" if rising else "upper right")
    _place_in_corner(artists.note, "lower right" if rising else "lower left")
    # Placed again when drawn, in case the axes' size changes before that.
    _place_mass_labels(artists)
    if samples is not None:
        artists.samples.set_offsets(np.asarray(samples, dtype=np.float64))
    _request_draw(artists.mean, draw)


# --- reading a covariance: its axes, and whitening -----------------------------------


def _callout(ax, xy, text, offset, color, **kwargs):
    """Words next to a point, on a white box, offset in points."""
    return ax.annotate(text, xy, xytext=offset, textcoords="offset points", color=color,
                       fontsize="medium", zorder=7,
                       bbox=dict(boxstyle="round", fc="white", ec="none", alpha=0.85),
                       **kwargs)


def _callout_towards(ax, xy, direction, text, color, distance=12):
    """A callout beside ``xy``, moved ``distance`` points along ``direction`` and aligned
    so that it grows away from the point."""
    direction = np.asarray(direction, dtype=np.float64)
    norm = np.linalg.norm(direction)
    unit = direction / norm if norm > 0 else np.array([1.0, 0.0])
    return _callout(ax, xy, text, tuple(distance * unit), color,
                    ha="left" if unit[0] >= 0 else "right",
                    va="bottom" if unit[1] >= 0 else "top")


class EllipseAxesArtists(NamedTuple):
    """What :func:`plot_ellipse_axes` drew: one arrow and one label per axis, major first."""

    arrows: list
    labels: list


def plot_ellipse_axes(mean, covariance, *, radius=1.0, color=_MARKER_COLOR, ax=None):
    """The axes of a 2D Gaussian's ellipse: each eigenvector times its standard deviation.

    Parameters
    ----------
    mean : array-like of shape (2,)
    covariance : array-like of shape (2, 2)
    radius : float, default=1.0
        Mahalanobis radius of the ellipse the arrows reach.
    color : color, default the marker colour
    ax : Axes, optional

    Returns
    -------
    EllipseAxesArtists
        Each label says ``sqrt(lambda) = s along (v_x, v_y)``; the major axis's sits
        below its tip (where :func:`plot_covariance` labels the ellipse), the minor
        axis's beyond its tip.
    """
    mean, covariance = _check_gaussian(mean, covariance)
    ax = _get_ax(ax)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    # Major axis first; a direction's sign is arbitrary: point it rightwards.
    eigenvalues, eigenvectors = eigenvalues[::-1], eigenvectors[:, ::-1]
    eigenvectors = eigenvectors * np.where(eigenvectors[0] < 0, -1.0, 1.0)
    major, minor = eigenvectors.T
    below = minor if minor[1] < 0 else -minor
    arrows, labels = [], []
    for value, vector, away in zip(eigenvalues, (major, minor), (below, minor), strict=True):
        tip = mean + radius * np.sqrt(value) * vector
        arrows.append(ax.add_patch(FancyArrowPatch(
            mean, tip, arrowstyle="-|>", mutation_scale=16, linewidth=2, color=color,
            shrinkA=0, shrinkB=0, zorder=6)))
        labels.append(_callout_towards(ax, tip, away,
                                       f"sqrt({value:.2g}) = {np.sqrt(value):.2f}\n"
                                       f"along ({vector[0]:.2f}, {vector[1]:.2f})", color,
                                       distance=16))
    return EllipseAxesArtists(arrows, labels)


class WhiteningArtists(NamedTuple):
    """What :func:`plot_whitening` drew.

    Attributes
    ----------
    before, after : CovarianceArtists
        The Gaussian in x (ellipses) and in whitened coordinates z (circles).
    points_before, points_after : PathCollection
        The points, and their images z = L^-1 (x - mu).
    labels : list of Text
        Each point's distances, in both panels.
    """

    before: object
    after: object
    points_before: object
    points_after: object
    labels: list


def plot_whitening(mean, covariance, points, samples=None, *, radii=(1, 2, 3), colors=None,
                   axes=None):
    """A 2D Gaussian and some points, before and after whitening.

    With :math:`\\Sigma = L L^\\top`, the map :math:`z = L^{-1} (x - \\mu)` turns the
    Gaussian into the standard normal: its ellipses become circles of radius 1, 2,
    3, and the Mahalanobis distance of a point becomes the plain length of its
    image.

    Parameters
    ----------
    mean : array-like of shape (2,)
    covariance : array-like of shape (2, 2)
    points : array-like of shape (n_points, 2)
        Points to follow: each is joined to the mean and labelled with its Euclidean
        and Mahalanobis distance (left) and its length after whitening (right).
    samples : array-like of shape (n_samples, 2), optional
        Draws from the Gaussian, shown in both panels.
    radii : sequence of float, default=(1, 2, 3)
    colors : sequence of colors, optional
        One per point; default green, orange, reddish purple, sky blue.
    axes : (Axes, Axes), optional
        Default: a new pyplot figure with two panels.

    Returns
    -------
    WhiteningArtists
    """
    mean, covariance = _check_gaussian(mean, covariance)
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (n_points, 2), got {points.shape}.")
    colors = list(colors or (PALETTE[2], PALETTE[1], PALETTE[3], PALETTE[6]))[:len(points)]
    if len(colors) < len(points):
        raise ValueError(f"colors must give one colour per point ({len(points)}), "
                         f"got {len(colors)}.")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 5), layout="constrained")
    ax_x, ax_z = axes
    whitened = whiten(points, mean, covariance)
    z_samples = None if samples is None else whiten(samples, mean, covariance)
    before = plot_covariance(mean, covariance, samples, radii=radii, ax=ax_x)
    reach = max(float(np.max(radii)), float(np.max(np.abs(whitened)))) * 1.25
    after = plot_covariance(np.zeros(2), np.eye(2), z_samples, radii=radii,
                            limits=(-reach, reach), ax=ax_z)
    after.note.set_visible(False)  # the left panel already says what kσ means
    distances = mahalanobis(points, mean, covariance)
    labels = []
    for ax, images, start in ((ax_x, points, mean), (ax_z, whitened, np.zeros(2))):
        for image, color in zip(images, colors, strict=True):
            ax.plot(*np.c_[start, image], color=color, linewidth=2, linestyle="--", zorder=6)
    points_before = ax_x.scatter(*points.T, c=colors, s=80, edgecolors="white", zorder=7)
    points_after = ax_z.scatter(*whitened.T, c=colors, s=80, edgecolors="white", zorder=7)
    for point, image, distance, color in zip(points, whitened, distances, colors,
                                              strict=True):
        euclidean = float(np.linalg.norm(point - mean))
        labels.append(_callout_towards(ax_x, point, point - mean, f"Euclidean {euclidean:.2f}\n"
                                       f"Mahalanobis {distance:.2f}", color))
        labels.append(_callout_towards(ax_z, image, image, f"length {distance:.2f}", color))
    ax_x.set(xlabel="x[0]", ylabel="x[1]", title="x: the Gaussian's ellipses")
    ax_z.set(xlabel="z[0]", ylabel="z[1]", title=r"whitened, $z = L^{-1}(x - \mu)$: circles")
    return WhiteningArtists(before, after, points_before, points_after, labels)
