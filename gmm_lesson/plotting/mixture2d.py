"""The 2D mixture view and its M-step transition: points coloured by responsibility,
means, and each component's ellipses."""

from typing import NamedTuple

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyArrowPatch

from gmm_lesson._validation import check_dims
from gmm_lesson.em import check_state
from gmm_lesson.gaussian import ellipse_geometry, mass_within
from gmm_lesson.plotting._checks import _check_data, _check_same_size, _check_two_features
from gmm_lesson.plotting._style import (
    _INK,
    _component_labels,
    _get_ax,
    _halo,
    _padded_limits,
    _place_legend,
    _point_colors,
    _request_draw,
    _set_component_labels,
    _weight_styles,
    component_colors,
)

__all__ = [
    "MixtureArtists",
    "TransitionArtists",
    "plot_mixture_2d",
    "plot_transition",
    "update_mixture_2d",
    "update_transition",
]


# --- ellipses --------------------------------------------------------------------------


def _view_geometry(state, dims, radii):
    """Centres (K, 2) and, per component, (widths (R,), heights (R,), angle).

    Seen in two coordinates, a Gaussian is the Gaussian of those coordinates alone:
    the mixture drawn is ``state.marginal(dims)``.
    """
    marginal = state.marginal(dims)
    radii = np.asarray(radii, float)
    geometry = [ellipse_geometry(covariance, radii) for covariance in marginal.covariances]
    return marginal.means, geometry


def _add_ellipses(ax, n_components, n_radii, **style):
    colors = component_colors(n_components)
    return [
        [ax.add_patch(Ellipse((0, 0), 1, 1, fill=False, edgecolor=color, **{"zorder": 3, **style}))
         for _ in range(n_radii)]
        for color in colors
    ]


def _move_ellipses(rings, centres, geometry, weights, alpha_scale=1.0):
    linewidths, alphas = _weight_styles(weights)
    for ring, centre, (widths, heights, angle), lw, alpha in zip(
        rings, centres, geometry, linewidths, alphas, strict=True
    ):
        for ellipse, w, h in zip(ring, widths, heights, strict=True):
            ellipse.set_center(centre)
            ellipse.set_width(w)
            ellipse.set_height(h)
            ellipse.set_angle(angle)
            ellipse.set_linewidth(lw)
            ellipse.set_path_effects(_halo(lw))
            ellipse.set_alpha(alpha * alpha_scale)


def _coverage_label(radii, n_features=2):
    masses = " / ".join(f"{m:.0%}" for m in np.atleast_1d(mass_within(radii, n_features)))
    radii_text = ", ".join(f"{r:g}" for r in radii)
    return f"ellipses at r = {radii_text}\nhold {masses}\nof each component's mass"


# --- the 2D mixture view ---------------------------------------------------------------


class MixtureArtists(NamedTuple):
    """What :func:`plot_mixture_2d` drew.

    Attributes
    ----------
    points : PathCollection
        The data, one face colour per sample.
    means : PathCollection
        One marker per component, offsets shape (n_components, 2).
    ellipses : list of list of Ellipse
        ``ellipses[k][j]`` is component k's ellipse at ``radii[j]``.
    legend : Legend or None
        Its first n_components texts name the components (and their weights).
    note : Text or None
        "showing features i and j of D" when the data has more than two features.
    dims : tuple of int
    radii : tuple of float
    legend_weights : bool
        Whether the legend's labels carry the weights (and so change with the state).
    """

    points: object
    means: object
    ellipses: list
    legend: object
    note: object
    dims: tuple
    radii: tuple
    legend_weights: bool = True


def _legend_entries(component_labels, radii):
    handles = [Line2D([], [], marker="o", linestyle="none", color=c, markersize=7)
               for c in component_colors(len(component_labels))]
    labels = list(component_labels)
    handles.append(Line2D([], [], marker="X", linestyle="none", color="0.35",
                          markeredgecolor="white", markersize=10))
    labels.append("mean")
    handles.append(Line2D([], [], marker="o", linestyle="none", markersize=12,
                          markerfacecolor="none", markeredgecolor="0.35"))
    labels.append(_coverage_label(radii))
    return handles, labels


def _label_axes(ax, dims, n_features, feature_names):
    names = feature_names or [f"x[{d}]" for d in range(n_features)]
    ax.set_xlabel(names[dims[0]])
    ax.set_ylabel(names[dims[1]])
    if n_features == 2:
        return None
    return ax.text(0.99, 0.01, f"showing features {dims[0]} and {dims[1]} of {n_features}",
                   transform=ax.transAxes, ha="right", va="bottom", fontsize="small",
                   color=_INK, bbox=dict(boxstyle="round", fc="white", ec="0.7", alpha=0.9),
                   zorder=7)


def plot_mixture_2d(X, state, resp=None, *, dims=(0, 1), radii=(1, 2, 3), feature_names=None,
                    legend=True, legend_weights=True, ax=None, **style):
    """Data coloured by responsibility, with each component's mean and ellipses.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        ``n_features >= 2``; with more than two, the view shows features ``dims``
        and says so.
    state : MixtureState
        The parameters whose means and ellipses are drawn (any ``covariance_type``).
    resp : array-like of shape (n_samples, n_components), optional
        Responsibilities that colour the points, from the engine
        (``state.responsibilities(X)`` or ``history.responsibilities(t, X)``);
        ``None`` draws grey points, as before the first E-step.
    dims : (int, int), default=(0, 1)
        The two features shown.
    radii : sequence of float, default=(1, 2, 3)
        Mahalanobis radii of the ellipses; the legend says how much of each
        component's mass they enclose (39%, 86%, 99% in 2D). Line width and opacity
        follow the component's weight.
    feature_names : sequence of str, optional
        Axis labels, one per feature; default ``x[0]``, ``x[1]``, ...
    legend : bool or Axes, default=True
        True: a legend right of the axes (each component with its weight, the mean
        marker, what the ellipses hold); an Axes: the legend fills that panel.
    legend_weights : bool, default=True
        ``False`` names the components without their weights, so that the legend
        stays the same from state to state (for a host that shows the weights as
        text of its own).
    ax : Axes, optional
    **style
        Passed to ``ax.scatter`` for the data points (``s``, ``alpha``, ...).

    Returns
    -------
    MixtureArtists
        Pass it to :func:`update_mixture_2d` to show another state.
    """
    X = _check_data(X, state)
    _check_two_features(X, "plot_mixture_2d")
    dims = check_dims(dims, X.shape[1])
    ax = _get_ax(ax)
    points = ax.scatter(X[:, dims[0]], X[:, dims[1]], zorder=1,
                        **{"s": 14, "linewidths": 0, **style})
    ellipses = _add_ellipses(ax, state.n_components, len(radii))
    means = ax.scatter(np.zeros(state.n_components), np.zeros(state.n_components),
                       c=component_colors(state.n_components), marker="X", s=150,
                       edgecolors="white", linewidths=1.5, zorder=6)
    ax.set_xlim(_padded_limits(X[:, dims[0]]))
    ax.set_ylim(_padded_limits(X[:, dims[1]]))
    ax.set_aspect("equal", adjustable="box")
    note = _label_axes(ax, dims, X.shape[1], feature_names)
    leg = None
    if legend:
        leg = _place_legend(ax, legend, *_legend_entries(
            _component_labels(state, legend_weights), radii))
    artists = MixtureArtists(points, means, ellipses, leg, note, dims, tuple(radii),
                             bool(legend_weights))
    update_mixture_2d(artists, state, resp, draw=False)
    return artists


def update_mixture_2d(artists, state, resp=None, *, X=None, draw=True):
    """Move a :func:`plot_mixture_2d` view to another state, in place.

    Parameters
    ----------
    artists : MixtureArtists
    state : MixtureState
        Same number of components as the drawn one.
    resp : array-like of shape (n_samples, n_components), optional
        New point colours; ``None`` turns the points grey.
    X : array-like of shape (n_samples, n_features), optional
        New data positions; by default the points stay where they are.
    draw : bool, default=True
        Ask the canvas to redraw when idle.
    """
    check_state(state)
    _check_same_size(artists.ellipses, state)
    if X is not None:
        X = _check_data(X, state)
        _check_two_features(X, "update_mixture_2d")
        artists.points.set_offsets(X[:, list(artists.dims)])
    n_samples = len(artists.points.get_offsets())
    artists.points.set_facecolors(_point_colors(resp, n_samples, state.n_components))
    centres, geometry = _view_geometry(state, artists.dims, artists.radii)
    artists.means.set_offsets(centres)
    _move_ellipses(artists.ellipses, centres, geometry, state.weights)
    _set_component_labels(artists.legend, state, artists.legend_weights)
    _request_draw(artists.points, draw)


# --- one M-step: before and after ------------------------------------------------------


class TransitionArtists(NamedTuple):
    """What :func:`plot_transition` drew.

    Attributes
    ----------
    after : MixtureArtists
        The state after the M-step, drawn solid. Its legend ends with an entry for
        the dashed ellipses.
    previous : list of list of Ellipse
        The state before it, dashed and faint; same layout as ``after.ellipses``.
    arrows : list of FancyArrowPatch
        One per component, from its old mean to its new one.
    """

    after: MixtureArtists
    previous: list
    arrows: list


def plot_transition(X, before, after, resp=None, *, dims=(0, 1), radii=(1, 2, 3),
                    feature_names=None, legend=True, legend_weights=True, ax=None, **style):
    """One M-step: the old ellipses dashed and faint, the new ones solid, arrows between means.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    before, after : MixtureState
        The parameters before and after the M-step.
    resp : array-like of shape (n_samples, n_components), optional
        The responsibilities the M-step used (those of ``before``).
    dims : (int, int), default=(0, 1)
        The two features shown.
    radii : sequence of float, default=(1, 2, 3)
        Mahalanobis radii of the ellipses, old and new.
    feature_names : sequence of str, optional
        Axis labels, one per feature.
    legend : bool or Axes, default=True
        As in :func:`plot_mixture_2d`, with an entry for the dashed ellipses last.
    legend_weights : bool, default=True
    ax : Axes, optional
    **style
        Passed to ``ax.scatter`` for the data points.

    Returns
    -------
    TransitionArtists
        Pass it to :func:`update_transition`.
    """
    check_state(before, "before")
    solid = plot_mixture_2d(X, after, resp, dims=dims, radii=radii, feature_names=feature_names,
                            legend=False, legend_weights=legend_weights, ax=ax, **style)
    ax = solid.points.axes
    # Under the new ellipses: where a component barely moved, the solid line wins.
    previous = _add_ellipses(ax, after.n_components, len(solid.radii), linestyle=(0, (3, 3)),
                             zorder=2.5)
    arrows = [ax.add_patch(FancyArrowPatch((0, 0), (1, 1), arrowstyle="-|>", mutation_scale=14,
                                           color=color, linewidth=1.6, shrinkA=0, shrinkB=8,
                                           path_effects=_halo(1.6), zorder=5))
              for color in component_colors(after.n_components)]
    if legend:
        handles, labels = _legend_entries(_component_labels(after, legend_weights),
                                          solid.radii)
        handles.append(Line2D([], [], color="0.35", linestyle=(0, (3, 3)), linewidth=1.5))
        labels.append("dashed: before this M-step")
        solid = solid._replace(legend=_place_legend(ax, legend, handles, labels))
    artists = TransitionArtists(solid, previous, arrows)
    update_transition(artists, before, after, resp, draw=False)
    return artists


def update_transition(artists, before, after, resp=None, *, show_previous=True, draw=True):
    """Move a :func:`plot_transition` view to another pair of states, in place.

    Parameters
    ----------
    artists : TransitionArtists
    before, after : MixtureState
    resp : array-like of shape (n_samples, n_components), optional
    show_previous : bool, default=True
        ``False`` hides the dashed ellipses, the arrows and their legend entry (an
        explorer does so outside M-steps, when nothing has moved).
    draw : bool, default=True
    """
    check_state(before, "before")
    solid = artists.after
    update_mixture_2d(solid, after, resp, draw=False)
    centres, geometry = _view_geometry(before, solid.dims, solid.radii)
    _move_ellipses(artists.previous, centres, geometry, before.weights, alpha_scale=0.6)
    for ring in artists.previous:
        for ellipse in ring:
            ellipse.set_visible(show_previous)
    # An arrow shorter than its own head would hide the mean it points at.
    min_length = 0.02 * np.ptp(solid.points.axes.get_xlim())
    for arrow, old, new in zip(artists.arrows, centres, solid.means.get_offsets(),
                               strict=True):
        arrow.set_positions(old, new)
        arrow.set_visible(show_previous and np.hypot(*(new - old)) > min_length)
    if solid.legend is not None:
        solid.legend.legend_handles[-1].set_visible(show_previous)
        solid.legend.get_texts()[-1].set_visible(show_previous)
    _request_draw(solid.points, draw)
