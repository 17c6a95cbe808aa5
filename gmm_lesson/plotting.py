"""Pictures of Gaussian mixtures and of EM at work, drawn with matplotlib.

Every ``plot_*`` function draws on an axes (``ax=None`` means the current one),
returns the artists it made, and never fits, saves or shows. Its ``update_*``
partner moves those same artists to a new state and asks the canvas for a redraw,
so that an explorer stepping through a recorded :class:`~gmm_lesson.em.EMHistory`
costs little per step.

================================  ==================================================
view                              what the learner sees
================================  ==================================================
:func:`plot_mixture_2d`           points coloured by responsibility, means, ellipses
:func:`plot_transition`           one M-step: old ellipses dashed, new ones solid
:func:`plot_mixture_1d`           histogram, weighted component densities, mixture
:func:`plot_responsibilities_1d`  p(component | x) stacked along x
:func:`plot_log_likelihood`       the curve EM climbs, with the current step marked
:func:`plot_covariance`           one Gaussian: samples, ellipses and its matrix
:func:`plot_ellipse_axes`         an ellipse's axes: eigenvectors times std deviations
:func:`plot_whitening`            a Gaussian before and after whitening: circles
:func:`plot_em_step`              a half-step of a history: data, curve and title
:func:`plot_em_strip`             small multiples of chosen iterations
:func:`plot_half_steps`           chosen half-steps in a grid (Bishop's fig. 9.8)
:func:`em_animation`              the whole history, playable without a kernel
:func:`plot_criteria`             BIC, AIC, ... against K, zoomed on their minima
:func:`plot_log_density`          log p(x) shaded over the plane, a threshold line
================================  ==================================================

The artists come back in small named tuples (``MixtureArtists``,
``LogLikelihoodArtists``, ...); pass one to the matching ``update_*`` function
to move it, e.g. ``update_em_step(artists, X, history, 5)``.

Colours come from :data:`PALETTE`, eight colours that stay apart for readers with
red-green colour blindness too. A point's colour is the blend of its components'
colours weighted by its responsibilities; points are grey before the first E-step.
Every colour, width and size is set here, so no style sheet changes what a picture
means.
"""

import itertools
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.animation import FuncAnimation
from matplotlib.artist import Artist
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyArrowPatch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import BboxBase

from gmm_lesson.em import EMHistory, HalfStep, MixtureState, collapsed_components
from gmm_lesson.gaussian import (
    ellipse_geometry,
    log_gaussian_density,
    mahalanobis,
    mass_within,
    whiten,
)

__all__ = [
    "EMAnimation",
    "NO_RESPONSIBILITY_COLOR",
    "PALETTE",
    "animation_frames",
    "blend_colors",
    "component_colors",
    "em_animation",
    "em_step_axes",
    "em_step_figsize",
    "format_log_likelihood",
    "plot_covariance",
    "plot_criteria",
    "plot_ellipse_axes",
    "plot_em_step",
    "plot_em_strip",
    "plot_half_steps",
    "plot_log_density",
    "plot_log_likelihood",
    "plot_mixture_1d",
    "plot_mixture_2d",
    "plot_responsibilities_1d",
    "plot_transition",
    "plot_whitening",
    "shown_log_likelihood",
    "step_title",
    "update_covariance",
    "update_em_step",
    "update_log_likelihood",
    "update_mixture_1d",
    "update_mixture_2d",
    "update_responsibilities_1d",
    "update_transition",
]

PALETTE = (
    "#0072B2",  # blue            Okabe and Ito
    "#E69F00",  # orange          Okabe and Ito
    "#009E73",  # bluish green    Okabe and Ito
    "#CC79A7",  # reddish purple  Okabe and Ito
    "#F0E442",  # yellow          Okabe and Ito
    "#BD1F01",  # red             Petroff
    "#56B4E9",  # sky blue        Okabe and Ito
    "#882255",  # wine            Tol, "muted"
)
"""Component colours, in order; none is black or grey.

Six are Okabe and Ito's (*Color Universal Design*, 2008), without their black, which
looks like the mixture curve and the text, and their vermillion, a second orange and
the colour of the current step's marker. In their place: red from M. A. Petroff,
"Accessible color sequences for data visualization", arXiv:2107.02270 (2021), whose
ten colours matplotlib ships as ``petroff10``, and wine from P. Tol's "muted" scheme
(*Colour Schemes*, SRON/EPS/TN/09-002, 2021).

Measured with CIEDE2000 as seen with normal vision, and as simulated for deuteranopia
and protanopia (Machado, Oliveira and Fernandes, 2009), every two of these colours
differ by at least 21.7, 11.6 and 12.2 (the closest pairs: orange and yellow, orange
and yellow, blue and reddish purple); each differs from the mixture curve and the
text by at least 14.1 and from the marker by at least 12.5. Blue and sky blue, and
reddish purple and wine, are alike in hue and apart in lightness: sky blue and wine
come last, so that up to six components no two colours are a lighter and a darker
shade of one hue.
"""

NO_RESPONSIBILITY_COLOR = "#8C8C8C"
"""Colour of the points before any E-step has assigned them."""

_INK = "0.15"  # text, the mixture curve, the covariance playground's ellipses
_MARKER_COLOR = "#D55E00"  # the current step on the log-likelihood curve
_HALO = "white"


# --- colours ---------------------------------------------------------------------------


def component_colors(n_components):
    """RGB colour of each component, cycling through :data:`PALETTE`.

    Parameters
    ----------
    n_components : int

    Returns
    -------
    colors : ndarray of shape (n_components, 3)
    """
    return np.array([to_rgb(PALETTE[k % len(PALETTE)]) for k in range(n_components)])


def blend_colors(resp):
    """Each point's colour: the component colours weighted by its responsibilities.

    A point with responsibilities (1, 0, 0) gets exactly the first palette colour;
    one shared 50/50 gets the midpoint of two colours.

    Parameters
    ----------
    resp : array-like of shape (n_samples, n_components)
        Rows sum to one.

    Returns
    -------
    colors : ndarray of shape (n_samples, 4)
        Opaque RGBA.
    """
    resp = np.asarray(resp, dtype=np.float64)
    rgb = np.clip(resp @ component_colors(resp.shape[1]), 0.0, 1.0)
    return np.column_stack([rgb, np.ones(len(rgb))])


def _point_colors(resp, n_samples, n_components):
    if resp is None:
        return np.tile(to_rgba(NO_RESPONSIBILITY_COLOR), (n_samples, 1))
    resp = np.asarray(resp, dtype=np.float64)
    if resp.shape != (n_samples, n_components):
        raise ValueError(
            f"resp must have shape (n_samples, n_components) = ({n_samples}, "
            f"{n_components}), got {resp.shape}."
        )
    return blend_colors(resp)


def _halo(linewidth):
    """A white outline under a line, so an ellipse stays visible over its own points."""
    return [patheffects.withStroke(linewidth=linewidth + 2.0, foreground=_HALO)]


def _weight_styles(weights):
    """Line width and opacity per component: the heaviest component is drawn boldest."""
    relative = np.asarray(weights) / np.max(weights)
    return 0.5 + 1.5 * relative, 0.45 + 0.55 * relative


# --- small helpers ---------------------------------------------------------------------


def _get_ax(ax):
    return plt.gca() if ax is None else ax


def _request_draw(artist, draw):
    figure = artist.figure
    if draw and figure is not None and figure.canvas is not None:
        figure.canvas.draw_idle()


def _check_state(state, name="state"):
    if not isinstance(state, MixtureState):
        raise TypeError(f"{name} must be a MixtureState, got {type(state).__name__}.")
    return state


def _check_data(X, state, min_features=1):
    _check_state(state)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != state.n_features:
        raise ValueError(
            f"X must have shape (n_samples, {state.n_features}) to match the mixture, "
            f"got shape {X.shape}."
        )
    if X.shape[1] < min_features:
        raise ValueError(
            f"This view needs at least {min_features} features, got {X.shape[1]}; "
            "use plot_mixture_1d for data with one feature."
        )
    return X


def _check_history(history):
    if not isinstance(history, EMHistory):
        raise TypeError(f"history must be an EMHistory, got {type(history).__name__}.")
    return history


def _check_dims(dims, n_features):
    dims = tuple(int(d) for d in dims)
    if len(dims) != 2 or dims[0] == dims[1] or not all(0 <= d < n_features for d in dims):
        raise ValueError(
            f"dims must be two different feature indices in 0..{n_features - 1}, got {dims}."
        )
    return dims


def _check_same_size(drawn, state):
    if len(drawn) != state.n_components:
        raise ValueError(
            f"The view was drawn for {len(drawn)} components, the new state has "
            f"{state.n_components}: draw the view again for another number of components."
        )


def _padded_limits(values, pad=0.06):
    low, high = float(np.min(values)), float(np.max(values))
    margin = pad * (high - low) if high > low else 1.0
    return low - margin, high + margin


def format_log_likelihood(value):
    """A log-likelihood as the views print it: one decimal, or four significant digits
    from a million up (a start on single points can be a billion below the rest).

    Parameters
    ----------
    value : float

    Returns
    -------
    text : str
    """
    return f"{value:.4g}" if abs(value) >= 1e6 else f"{value:.1f}"


def _on_one_point_each(state):
    """Whether every covariance is one and the same ``c * I`` (to a thousandth of ``c``),
    as a start from single data points ('k-means++', 'random_from_data') makes them:
    ``c`` is ``reg_covar``."""
    full = state.full_covariances()
    c = full[0, 0, 0]
    return bool(np.all(np.abs(full - c * np.eye(state.n_features)) <= 1e-3 * c))


def _component_labels(state, weights=True):
    """Each component's name, its weight and, if it has one, its condition.

    A legend is told neither ``reg_covar`` nor the step: components are judged by
    :func:`~gmm_lesson.em.collapsed_components` at its default ``reg_covar``. When
    every component is so judged and all share one round covariance, each sits on one
    point, which a start from single data points does on purpose and a collapse does
    later: the labels say "on a point", true of both, not "collapsed".
    """
    if not weights:
        return [f"component {k}" for k in range(state.n_components)]
    collapsed = collapsed_components(state)
    if len(collapsed) == state.n_components and _on_one_point_each(state):
        notes = dict.fromkeys(collapsed, ", on a point")
    else:
        notes = dict.fromkeys(collapsed, ", collapsed")
    return [f"component {k}  (weight {w:.2f}{notes.get(k, '')})"
            for k, w in enumerate(state.weights)]


def _set_component_labels(legend, state, weights=True):
    if legend is not None and weights:
        for text, label in zip(legend.get_texts(), _component_labels(state)):
            text.set_text(label)


def _place_legend(ax, where, handles, labels):
    """``where=True``: right of ``ax``; an Axes: inside that (empty) panel."""
    if where is True:
        return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                         borderaxespad=0.0, fontsize="small", frameon=False)
    where.axis("off")
    return where.legend(handles, labels, loc="upper center", ncols=2, fontsize="small",
                        frameon=False, columnspacing=1.2)


# --- ellipses --------------------------------------------------------------------------


def _view_geometry(state, dims, radii):
    """Centres (K, 2) and, per component, (widths (R,), heights (R,), angle).

    Seen in two coordinates, a Gaussian is the Gaussian of those coordinates alone
    (its marginal), whose covariance is the matching 2x2 block.
    """
    dims = list(dims)
    blocks = state.full_covariances()[:, dims][:, :, dims]
    geometry = [ellipse_geometry(block, np.asarray(radii, float)) for block in blocks]
    return state.means[:, dims], geometry


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
        rings, centres, geometry, linewidths, alphas
    ):
        for ellipse, w, h in zip(ring, widths, heights):
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
    X = _check_data(X, state, min_features=2)
    dims = _check_dims(dims, X.shape[1])
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
    _check_state(state)
    _check_same_size(artists.ellipses, state)
    if X is not None:
        X = _check_data(X, state, min_features=2)
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
    view : MixtureArtists
        The state after the M-step, drawn solid. Its legend ends with an entry for
        the dashed ellipses.
    previous : list of list of Ellipse
        The state before it, dashed and faint; same layout as ``view.ellipses``.
    arrows : list of FancyArrowPatch
        One per component, from its old mean to its new one.
    """

    view: MixtureArtists
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
    dims, radii, feature_names, legend, legend_weights, ax, **style
        As in :func:`plot_mixture_2d`.

    Returns
    -------
    TransitionArtists
        Pass it to :func:`update_transition`.
    """
    _check_state(before, "before")
    view = plot_mixture_2d(X, after, resp, dims=dims, radii=radii, feature_names=feature_names,
                           legend=False, legend_weights=legend_weights, ax=ax, **style)
    ax = view.points.axes
    # Under the new ellipses: where a component barely moved, the solid line wins.
    previous = _add_ellipses(ax, after.n_components, len(view.radii), linestyle=(0, (3, 3)),
                             zorder=2.5)
    arrows = [ax.add_patch(FancyArrowPatch((0, 0), (1, 1), arrowstyle="-|>", mutation_scale=14,
                                           color=color, linewidth=1.6, shrinkA=0, shrinkB=8,
                                           path_effects=_halo(1.6), zorder=5))
              for color in component_colors(after.n_components)]
    if legend:
        handles, labels = _legend_entries(_component_labels(after, legend_weights),
                                          view.radii)
        handles.append(Line2D([], [], color="0.35", linestyle=(0, (3, 3)), linewidth=1.5))
        labels.append("dashed: before this M-step")
        view = view._replace(legend=_place_legend(ax, legend, handles, labels))
    artists = TransitionArtists(view, previous, arrows)
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
    _check_state(before, "before")
    view = artists.view
    update_mixture_2d(view, after, resp, draw=False)
    centres, geometry = _view_geometry(before, view.dims, view.radii)
    _move_ellipses(artists.previous, centres, geometry, before.weights, alpha_scale=0.6)
    for ring in artists.previous:
        for ellipse in ring:
            ellipse.set_visible(show_previous)
    # An arrow shorter than its own head would hide the mean it points at.
    min_length = 0.02 * np.ptp(view.points.axes.get_xlim())
    for arrow, old, new in zip(artists.arrows, centres, view.means.get_offsets()):
        arrow.set_positions(old, new)
        arrow.set_visible(show_previous and np.hypot(*(new - old)) > min_length)
    if view.legend is not None:
        view.legend.legend_handles[-1].set_visible(show_previous)
        view.legend.get_texts()[-1].set_visible(show_previous)
    _request_draw(view.points, draw)


# --- the 1D view -----------------------------------------------------------------------


class Mixture1DArtists(NamedTuple):
    """What :func:`plot_mixture_1d` drew.

    Attributes
    ----------
    components : list of Line2D
        ``pi_k N(x | mu_k, var_k)`` for each component, its whole curve in the data,
        drawn only above a thin band along zero (about a line's width), where the
        curves of components that are zero there would lie on one another; a
        component lower than that band is drawn down to 1% of its peak.
    mixture : Line2D
        Their sum, the mixture density.
    rug : PathCollection
        One tick per sample under the curves, coloured by responsibility.
    hist : BarContainer or None
    legend : Legend or None
        Its first n_components texts name the components (and their weights).
    grid : ndarray of shape (n_grid,)
        Where the densities are evaluated (the component means are added to it).
    hist_top : float
        Height of the tallest bar, 0 without a histogram.
    legend_weights : bool
        Whether the legend's labels carry the weights.
    """

    components: list
    mixture: object
    rug: object
    hist: object
    legend: object
    grid: np.ndarray
    hist_top: float
    legend_weights: bool = True


def _grid_1d(X, n_points=400):
    return np.linspace(*_padded_limits(X[:, 0], pad=0.08), n_points)


def _weighted_densities(state, grid):
    """Grid (n,) with the means added, so a narrow component's peak is drawn, and
    each component's weighted density there, shape (n, n_components)."""
    x = np.union1d(grid, state.means.ravel())
    log_density = log_gaussian_density(x[:, np.newaxis], state.means, state.covariances,
                                       state.covariance_type)
    return x, np.exp(log_density) * state.weights


def _legend_entries_1d(components, mixture, hist):
    """Components first (their labels carry the weights), then the mixture, then the data."""
    handles = [*components, mixture] + ([hist.patches[0]] if hist is not None else [])
    return handles, [handle.get_label() for handle in handles]


def _density_top(artists):
    return max(artists.hist_top, float(np.max(artists.mixture.get_ydata())))


def _replay_density_top(X, history, view):
    """One density scale for every state of a history: tall enough for the histogram
    and each state's mixture, except states with a collapsed component, whose spikes
    would flatten every other curve (they run off the top instead)."""
    top = view.hist_top
    for state in history.states:
        if not collapsed_components(state, X=X):
            _, weighted = _weighted_densities(state, view.grid)
            top = max(top, float(np.max(weighted.sum(axis=1))))
    return top if top > 0 else _density_top(view)


def _set_density_limits(ax, grid, top):
    # The rug lives in a band under zero, out of the curves' way.
    ax.set_ylim(-0.1 * top, 1.08 * top)
    ax.set_xlim(grid[0], grid[-1])


class _AboveBaseline(BboxBase):
    """The clip box of a component's curve: the axes' box above a band along y = 0,
    worked out each time the curve is drawn.

    Where a density is zero its curve lies on the baseline, and every component's
    would cover the one drawn before. The band hides that part: it reaches ``lift``
    points above zero (the curve's half width and a little), or only to ``floor``
    (data units) where that is lower, so that a component whose whole curve is lower
    than the band still shows.
    """

    def __init__(self, ax, lift):
        super().__init__()
        self.ax, self.lift, self.floor = ax, lift, np.inf

    def get_points(self):
        box, to_pixels = self.ax.bbox, self.ax.transData
        zero = to_pixels.transform((0.0, 0.0))[1]
        bottom = zero + self.lift * self.ax.figure.dpi / 72
        if np.isfinite(self.floor):
            bottom = min(bottom, to_pixels.transform((0.0, self.floor))[1])
        return np.array([[box.x0, np.clip(bottom, box.y0, box.y1)], [box.x1, box.y1]])


def plot_mixture_1d(X, state, resp=None, *, hist=True, bins=20, legend=True,
                    legend_weights=True, feature_name="x", ax=None, **style):
    """Histogram of 1D data, each weighted component density, their sum, and a rug.

    Parameters
    ----------
    X : array-like of shape (n_samples, 1)
    state : MixtureState
        One feature, any ``covariance_type``.
    resp : array-like of shape (n_samples, n_components), optional
        Colours of the rug ticks; ``None`` draws them grey.
    hist : bool, default=True
        Draw a density-normalised histogram of the data behind the curves.
    bins : int or sequence, default=20
    legend, legend_weights : bool or Axes, bool
        As in :func:`plot_mixture_2d`.
    feature_name : str, default="x"
        Label of the x-axis.
    ax : Axes, optional
    **style
        Passed to ``ax.plot`` for the component curves.

    Returns
    -------
    Mixture1DArtists
        Pass it to :func:`update_mixture_1d`.
    """
    X = _check_data(X, state)
    if X.shape[1] != 1:
        raise ValueError(f"X must have one feature for the 1D view, got {X.shape[1]}.")
    ax = _get_ax(ax)
    hist_artist, hist_top = None, 0.0
    if hist:
        heights, _, hist_artist = ax.hist(X[:, 0], bins=bins, density=True, color="0.87",
                                          edgecolor="white", zorder=0, label="data (histogram)")
        hist_top = float(np.max(heights))
    colors = component_colors(state.n_components)
    components = [ax.plot([], [], color=color, zorder=3, **{"linewidth": 2.0, **style})[0]
                  for color in colors]
    for line in components:
        line.set_clip_box(_AboveBaseline(ax, line.get_linewidth() / 2 + 0.5))
    mixture = ax.plot([], [], color=_INK, linewidth=1.3, linestyle=(0, (4, 2)), zorder=2,
                      label="mixture (sum)")[0]
    rug = ax.scatter(X[:, 0], np.full(len(X), 0.045), transform=ax.get_xaxis_transform(),
                     marker="|", s=150, linewidths=1.5, zorder=4)
    ax.axhline(0.0, color="0.6", linewidth=0.8, zorder=1)
    ax.set_xlabel(feature_name)
    ax.set_ylabel("density")
    artists = Mixture1DArtists(components, mixture, rug, hist_artist, None, _grid_1d(X),
                               hist_top, bool(legend_weights))
    for line, label in zip(components, _component_labels(state, legend_weights)):
        line.set_label(label)
    if legend:
        leg = _place_legend(ax, legend, *_legend_entries_1d(components, mixture, hist_artist))
        artists = artists._replace(legend=leg)
    update_mixture_1d(artists, state, resp, draw=False)
    return artists


def update_mixture_1d(artists, state, resp=None, *, rescale=True, draw=True):
    """Move a :func:`plot_mixture_1d` view to another state, in place.

    Parameters
    ----------
    artists : Mixture1DArtists
    state : MixtureState
        One feature, same number of components as the drawn one.
    resp : array-like of shape (n_samples, n_components), optional
    rescale : bool, default=True
        Fit the density axis to the new state; ``False`` keeps it as it is (a replay
        on one scale, where a taller curve can run off the top).
    draw : bool, default=True
    """
    _check_state(state)
    _check_same_size(artists.components, state)
    x, weighted = _weighted_densities(state, artists.grid)
    for k, line in enumerate(artists.components):
        line.set_data(x, weighted[:, k])
        # A component lower than the baseline band is drawn down to 1% of its peak.
        line.get_clip_box().floor = 0.01 * float(np.max(weighted[:, k]))
    artists.mixture.set_data(x, weighted.sum(axis=1))
    n_samples = len(artists.rug.get_offsets())
    artists.rug.set_facecolors(_point_colors(resp, n_samples, state.n_components))
    if rescale:
        _set_density_limits(artists.mixture.axes, artists.grid, _density_top(artists))
    _set_component_labels(artists.legend, state, artists.legend_weights)
    _request_draw(artists.mixture, draw)


class ResponsibilityArtists(NamedTuple):
    """What :func:`plot_responsibilities_1d` drew.

    Attributes
    ----------
    bands : list of PolyCollection
        Band k spans the cumulative responsibilities of components ``< k`` to ``<= k``.
    message : Text
        Shown instead of the bands when there are no responsibilities yet.
    grid : ndarray of shape (n_grid,)
    """

    bands: list
    message: object
    grid: np.ndarray


def _band_vertices(grid, lower, upper):
    return np.concatenate([np.column_stack([grid, upper]),
                           np.column_stack([grid[::-1], lower[::-1]])])


def _stacked(state, grid):
    resp = state.responsibilities(grid[:, np.newaxis])
    upper = np.cumsum(resp, axis=1)
    return upper - resp, upper


def plot_responsibilities_1d(X, state, *, n_components=None, ax=None, **style):
    """Stacked responsibilities ``p(component k | x)`` along x, to sit under the 1D view.

    Parameters
    ----------
    X : array-like of shape (n_samples, 1)
        The data; it sets the x-range, the same as :func:`plot_mixture_1d`'s.
    state : MixtureState or None
        Whose responsibilities are shown; ``None`` shows a note instead (before the
        first E-step).
    n_components : int, optional
        Number of bands to prepare when ``state`` is None, so that later states can
        be shown with :func:`update_responsibilities_1d`.
    ax : Axes, optional
        Typically made with ``sharex=`` the 1D view's axes.
    **style
        Passed to ``ax.fill_between``.

    Returns
    -------
    ResponsibilityArtists
        Pass it to :func:`update_responsibilities_1d`.
    """
    X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
    if state is not None:
        n_components = _check_state(state).n_components
    if n_components is None:
        raise ValueError("n_components is needed when state is None.")
    ax = _get_ax(ax)
    grid = _grid_1d(X)
    bands = [ax.fill_between(grid, 0, 0, color=color, zorder=1,
                             **{"linewidth": 0, "alpha": 0.85, **style})
             for color in component_colors(n_components)]
    message = ax.text(0.5, 0.5, "no responsibilities before the first E-step",
                      transform=ax.transAxes, ha="center", va="center", color="0.4",
                      fontsize="small")
    ax.set_ylim(0, 1)
    ax.set_xlim(grid[0], grid[-1])
    ax.set_yticks([0, 0.5, 1])
    ax.set_ylabel("p(component | x)")
    artists = ResponsibilityArtists(bands, message, grid)
    update_responsibilities_1d(artists, state, draw=False)
    return artists


def update_responsibilities_1d(artists, state, *, draw=True):
    """Show the responsibilities of another state (or none), in place.

    Parameters
    ----------
    artists : ResponsibilityArtists
    state : MixtureState or None
    draw : bool, default=True
    """
    artists.message.set_visible(state is None)
    for band in artists.bands:
        band.set_visible(state is not None)
    if state is not None:
        _check_state(state)
        _check_same_size(artists.bands, state)
        lower, upper = _stacked(state, artists.grid)
        for k, band in enumerate(artists.bands):
            band.set_verts([_band_vertices(artists.grid, lower[:, k], upper[:, k])])
    _request_draw(artists.message, draw)


# --- the log-likelihood curve ----------------------------------------------------------


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


# --- a half-step of a recorded history -------------------------------------------------


class EMStepAxes(NamedTuple):
    """The panels of :func:`plot_em_step`; ``responsibilities`` is None for 2D data."""

    data: object
    responsibilities: object
    log_likelihood: object
    legend: object


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
    """

    view: object
    responsibilities: object
    log_likelihood: LogLikelihoodArtists
    title: object


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
in a stacked :func:`em_step_axes` layout, at a font size of 10 points."""


def _text_scale():
    """Room for tick labels and axis labels grows with the font size (10 points: 1)."""
    return plt.rcParams["font.size"] / 10.0


def em_step_figsize(X, width=8.3, dims=(0, 1), *, stacked=False, max_height=None):
    """A size for :func:`plot_em_step` figures that fits the shape of the data.

    The 2D data panel keeps equal units on both axes, so wide data in a tall figure
    would leave empty bands above and below it: the height follows the data's aspect.
    Side by side (the default), it lies between 3.4 and 4.6 inches at a width of 8.3,
    room for the log-likelihood panel and the legend beside the data; 1D data gets a
    fixed 0.5 : 1. Stacked (for a narrow page), the data take the whole width and the
    log-likelihood panel and legend a row of :data:`STACKED_ROW_HEIGHT` inches under
    them. Margins for text follow ``rcParams["font.size"]``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    width : float, default=8.3
        Inches.
    dims : (int, int), default=(0, 1)
        The two features shown for 2D or more.
    stacked : bool, default=False
        The layout of :func:`em_step_axes`.
    max_height : float, optional
        Inches the figure should not exceed (a screen's height); the data panel then
        gives up height, never below what its labels need.

    Returns
    -------
    figsize : (float, float)
    """
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    text = _text_scale()
    if X.shape[1] > 1:
        dims = _check_dims(dims, X.shape[1])
        aspect = np.ptp(_padded_limits(X[:, dims[1]])) / np.ptp(_padded_limits(X[:, dims[0]]))
    if stacked:
        row = STACKED_ROW_HEIGHT * text
        if X.shape[1] == 1:
            top = float(np.clip(0.5 * width, 2.6 * text, 4.0 * text))
        else:
            # The whole width, less the y tick labels; plus the x-axis labels.
            top = max((width - 0.9 * text) * aspect + 0.75 * text, 2.2 * text)
        height, least = top + row, row + 2.2 * text
    elif X.shape[1] == 1:
        height, least = 0.5 * width, 3.0 * text
    else:
        # The data panel's share of the width, less its tick labels; plus the x-axis labels.
        panel = width * 1.3 / 2.3 - 0.6 * text
        scale = width / 8.3
        height = float(np.clip(panel * aspect + 0.75 * text, 3.4 * scale, 4.6 * scale))
        least = 3.0 * text
    if max_height is not None:
        height = min(height, max(max_height, least))
    return width, float(height)


def em_step_axes(n_features, fig=None, figsize=None, *, stacked=False):
    """The panels :func:`plot_em_step` draws on.

    Side by side (the default): data left; log-likelihood and legend right. Stacked,
    for a narrow page: data on top across the whole width; log-likelihood and legend
    side by side in a row of :data:`STACKED_ROW_HEIGHT` inches under it (make the
    figure with :func:`em_step_figsize` and ``stacked=True``).

    Parameters
    ----------
    n_features : int
        1 adds a responsibilities panel under the data, sharing its x-axis.
    fig : Figure, optional
        Default: a new pyplot figure with constrained layout.
    figsize : (float, float), optional
    stacked : bool, default=False

    Returns
    -------
    EMStepAxes
    """
    if fig is None:
        fig = plt.figure(figsize=figsize or (10.5, 4.8), layout="constrained")
    if stacked:
        height = fig.get_size_inches()[1]
        row = min(STACKED_ROW_HEIGHT * _text_scale(), 0.6 * height)
        top = height - row
        if n_features == 1:
            grid = fig.add_gridspec(3, 2, height_ratios=(top * 3 / 4.3, top * 1.3 / 4.3, row),
                                    width_ratios=(1, 1.15))
            data = fig.add_subplot(grid[0, :])
            resp = fig.add_subplot(grid[1, :], sharex=data)
        else:
            grid = fig.add_gridspec(2, 2, height_ratios=(top, row), width_ratios=(1, 1.15))
            data, resp = fig.add_subplot(grid[0, :]), None
        others = grid[-1, 0], grid[-1, 1]
    elif n_features == 1:
        grid = fig.add_gridspec(2, 2, height_ratios=(3, 1.3), width_ratios=(1.3, 1))
        data = fig.add_subplot(grid[0, 0])
        resp = fig.add_subplot(grid[1, 0], sharex=data)
        others = grid[0, 1], grid[1, 1]
    else:
        grid = fig.add_gridspec(2, 2, height_ratios=(2.2, 1), width_ratios=(1.3, 1))
        data, resp = fig.add_subplot(grid[:, 0]), None
        others = grid[0, 1], grid[1, 1]
    if resp is not None:
        data.tick_params(labelbottom=False)
    return EMStepAxes(data, resp, fig.add_subplot(others[0]), fig.add_subplot(others[1]))


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
        As made by :func:`em_step_axes`; by default a new figure.
    dims, radii, feature_names
        As in :func:`plot_mixture_2d` (for 1D data only ``feature_names`` counts).
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
    X = _check_data(X, _check_history(history).states[0])
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
    title = axes.data.figure.suptitle(step_title(step), fontsize="large") if words else None
    return EMStepArtists(view, panel, curve, title)


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
    X = _check_data(X, _check_history(history).states[0])
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
    if artists.title is not None:
        artists.title.set_text(step_title(step))
    _request_draw(artists.log_likelihood.marker, draw)


# --- small multiples -------------------------------------------------------------------


def _clip_iterations(iterations, n_iter):
    """The requested iterations within 0..n_iter, in order, without repeats."""
    return sorted({min(max(int(t), 0), n_iter) for t in iterations})


def _strip_title(history, iteration):
    name = "start" if iteration == 0 else f"iteration {iteration}"
    if iteration == history.n_iter and iteration > 0:
        name += " (converged)" if history.converged else " (last)"
    value = format_log_likelihood(history.log_likelihoods[iteration])
    return f"{name}\nlog-likelihood {value}"


def _panel_limits(X, states, dims, radius):
    """x and y ranges holding the data and, if ``radius``, every state's ellipses of
    that Mahalanobis radius (an ellipse reaches ``radius * sqrt(Sigma_jj)`` from its
    mean along feature j)."""
    low = np.array([_padded_limits(X[:, d])[0] for d in dims])
    high = np.array([_padded_limits(X[:, d])[1] for d in dims])
    if radius:
        for state in states:
            covariances = state.full_covariances()[:, dims][:, :, dims]
            reach = radius * np.sqrt(np.diagonal(covariances, axis1=1, axis2=2))
            centres = state.means[:, dims]
            span = high - low
            low = np.minimum(low, (centres - reach).min(axis=0) - 0.03 * span)
            high = np.maximum(high, (centres + reach).max(axis=0) + 0.03 * span)
    return tuple(zip(low, high))


def _panel_figure(limits, n_rows, n_cols, panel_size):
    """A figure whose panels have the data's shape, plus room for titles and legend."""
    aspect = 0.75 if limits is None else np.ptp(limits[1]) / np.ptp(limits[0])
    # Tick labels take about a tenth of a panel's width from its plotting area.
    return plt.figure(figsize=(panel_size * n_cols,
                               n_rows * (0.9 * panel_size * aspect + 0.55) + 0.7),
                      layout="constrained")


def _half_step_panels(X, history, half_steps, titles, n_cols, dims, radii, feature_names,
                      fit_ellipses, fig, panel_size, style):
    n_rows = -(-len(half_steps) // n_cols)
    steps = [history.half_step(index) for index in half_steps]
    limits = None
    if X.shape[1] > 1:
        dims = _check_dims(dims, X.shape[1])
        shown_states = [history.states[step.params] for step in steps]
        limits = _panel_limits(X, shown_states, dims, max(radii) if fit_ellipses else None)
    fig = fig or _panel_figure(limits, n_rows, n_cols, panel_size)
    axes = fig.subplots(n_rows, n_cols, sharex=True, sharey=True, squeeze=False).ravel()
    views = []
    for ax, step, title in zip(axes, steps, titles):
        _, state, resp = _step_states(X, history, step)
        if X.shape[1] == 1:
            views.append(plot_mixture_1d(X, state, resp, legend=False, ax=ax, **style))
        else:
            views.append(plot_mixture_2d(X, state, resp, dims=dims, radii=radii,
                                         feature_names=feature_names, legend=False, ax=ax,
                                         **style))
        ax.set_title(title, fontsize="medium")
    for ax in axes[len(steps):]:
        ax.set_visible(False)
    for ax in axes[:len(steps)]:
        ax.label_outer()
    if limits is not None:
        axes[0].set_xlim(limits[0])
        axes[0].set_ylim(limits[1])
    if X.shape[1] == 1:
        # One density scale for all panels.
        _set_density_limits(axes[0], views[0].grid,
                            _replay_density_top(X, history, views[0]))
    _strip_legend(fig, views[0], history.states[0].n_components)
    return fig


def plot_em_strip(X, history, iterations=(0, 1, 5, 20), *, dims=(0, 1), radii=(1, 2, 3),
                  feature_names=None, fig=None, panel_size=3.2, **style):
    """Chosen iterations side by side, for static viewers and handouts.

    Panel t shows the parameters after t M-steps, with the points coloured by the
    responsibilities that M-step used (grey at the start), as in Bishop's fig. 9.8.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    history : EMHistory
    iterations : sequence of int, default=(0, 1, 5, 20)
        Iterations beyond ``history.n_iter`` are shown as the last one (once).
    dims, radii, feature_names
        As in :func:`plot_mixture_2d`.
    fig : Figure, optional
        Default: a new pyplot figure with constrained layout, sized to the data.
    panel_size : float, default=3.2
        Width of one panel in inches.
    **style
        Passed to the data points (2D) or the component curves (1D).

    Returns
    -------
    fig : Figure
        One axes per shown iteration (sharing both axes), one legend for all.
    """
    X = _check_data(X, _check_history(history).states[0])
    shown = _clip_iterations(iterations, history.n_iter)
    return _half_step_panels(X, history, [2 * t for t in shown],
                             [_strip_title(history, t) for t in shown], len(shown), dims,
                             radii, feature_names, False, fig, panel_size, style)


def _panel_title(step):
    if step.phase == "start":
        return "start"
    return f"iteration {step.iteration}, after the {step.phase}-step"


def plot_half_steps(X, history, half_steps, *, titles=None, n_cols=None, dims=(0, 1),
                    radii=(1, 2, 3), feature_names=None, fit_ellipses=True, fig=None,
                    panel_size=3.2, **style):
    """Chosen half-steps of a recorded fit in a grid, as in Bishop's fig. 9.8.

    Each panel shows the parameters of its half-step (see
    :meth:`~gmm_lesson.em.EMHistory.half_step`), with the points coloured by the
    responsibilities it shows: grey at the start, after an E-step the new ones with
    the ellipses not yet moved, after an M-step the moved ellipses.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    history : EMHistory
    half_steps : sequence of int
        Indices in ``0 .. history.n_half_steps - 1``: 0 is the start, ``2t - 1`` the
        E-step of iteration t, ``2t`` its M-step.
    titles : sequence of str, optional
        One per panel; default: the phase and iteration of each half-step.
    n_cols : int, optional
        Panels per row; default all in one row.
    dims, radii, feature_names
        As in :func:`plot_mixture_2d`.
    fit_ellipses : bool, default=True
        In 2D, widen the shared axes so that every drawn ellipse (of the largest
        radius) is whole, not only the data.
    fig : Figure, optional
    panel_size : float, default=3.2
        Width of one panel in inches.
    **style
        Passed to the data points (2D) or the component curves (1D).

    Returns
    -------
    fig : Figure
        One axes per half-step (sharing both axes), one legend for all.
    """
    X = _check_data(X, _check_history(history).states[0])
    half_steps = list(half_steps)
    bad = [index for index in half_steps if isinstance(index, bool)
           or not isinstance(index, (int, np.integer)) or not 0 <= index < history.n_half_steps]
    if bad or not half_steps:
        raise ValueError(f"half_steps must be integers in 0..{history.n_half_steps - 1} (this "
                         f"history's half-steps), at least one; got {half_steps}.")
    if titles is None:
        titles = [_panel_title(history.half_step(index)) for index in half_steps]
    elif len(titles) != len(half_steps):
        raise ValueError(f"titles must have one entry per half-step ({len(half_steps)}), "
                         f"got {len(titles)}.")
    n_cols = len(half_steps) if n_cols is None else min(int(n_cols), len(half_steps))
    if n_cols < 1:
        raise ValueError(f"n_cols must be at least 1, got {n_cols}.")
    return _half_step_panels(X, history, half_steps, list(titles), n_cols, dims, radii,
                             feature_names, fit_ellipses, fig, panel_size, style)


def _strip_legend(fig, view, n_components):
    names = [f"component {k}" for k in range(n_components)]
    if isinstance(view, Mixture1DArtists):
        handles, labels = _legend_entries_1d(view.components, view.mixture, view.hist)
        labels[:n_components] = names
    else:
        handles, labels = _legend_entries(names, view.radii)
        labels[-1] = labels[-1].replace("\n", " ")
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels),
               fontsize="small", frameon=False)


# --- an animation that plays without a kernel ------------------------------------------


def animation_frames(n_half_steps, max_frames=30):
    """Which half-steps an animation shows, at most ``max_frames`` of them.

    Short histories are shown whole. Longer ones keep every half-step of the first
    iterations, where EM moves most, then every so many M-steps up to the last.

    Parameters
    ----------
    n_half_steps : int
    max_frames : int, default=30

    Returns
    -------
    frames : list of int
        Increasing half-step indices, from 0 to ``n_half_steps - 1``.
    """
    if n_half_steps <= max_frames:
        return list(range(n_half_steps))
    head = (max_frames // 2) | 1  # an odd count, so the head ends on an M-step
    n_iter = (n_half_steps - 1) // 2
    tail = np.linspace((head - 1) // 2 + 1, n_iter, max_frames - head).round().astype(int)
    return list(range(head)) + [2 * int(t) for t in np.unique(tail)]


class EMAnimation(FuncAnimation):
    """A :class:`~matplotlib.animation.FuncAnimation` whose browser player
    (:meth:`to_jshtml`) embeds its frames as ``frame_format`` images."""

    def __init__(self, fig, func, frame_format="jpeg", **kwargs):
        super().__init__(fig, func, **kwargs)
        self.frame_format = frame_format

    def to_jshtml(self, fps=None, embed_frames=True, default_mode=None):
        # The player's writer reads the frame format from rcParams when it is made.
        with plt.rc_context({"animation.frame_format": self.frame_format}):
            return super().to_jshtml(fps, embed_frames, default_mode)


def em_animation(X, history, *, max_frames=30, interval=700, figsize=(10.0, 4.6), dpi=72,
                 frame_format="jpeg", **kwargs):
    """The whole history as an animation, built on :func:`update_em_step`.

    The figure is not registered with pyplot, so a notebook shows only the animation
    (``HTML(anim.to_jshtml())``), which plays in a browser without a kernel.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    history : EMHistory
    max_frames : int, default=30
        Longer histories are subsampled (see :func:`animation_frames`), which keeps
        the stored notebook small.
    interval : int, default=700
        Milliseconds per frame.
    figsize : (float, float), default=(10, 4.6)
    dpi : float, default=72
        Resolution of the stored frames: lower is smaller.
    frame_format : {'jpeg', 'png'}, default='jpeg'
        Image format of the frames ``to_jshtml`` embeds: JPEG frames of 500 points
        take about half the space of PNG ones (about 35 KB each at the defaults).
    **kwargs
        Passed to :func:`plot_em_step` (``dims``, ``radii``, ``feature_names``).

    Returns
    -------
    EMAnimation
        A ``FuncAnimation``; ``len(list(anim.new_frame_seq()))`` is its frame count.
    """
    X = _check_data(X, _check_history(history).states[0])
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    frames = animation_frames(history.n_half_steps, max_frames)
    artists = plot_em_step(X, history, frames[0], axes=em_step_axes(X.shape[1], fig=fig),
                           **kwargs)

    def show(index):
        update_em_step(artists, X, history, index, draw=False)
        return ()

    return EMAnimation(fig, show, frame_format=frame_format, frames=frames,
                       interval=interval, repeat=True)


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


def _check_gaussian(mean, covariance):
    mean = np.asarray(mean, dtype=np.float64)
    covariance = np.asarray(covariance, dtype=np.float64)
    if mean.shape != (2,) or covariance.shape != (2, 2):
        raise ValueError(
            f"mean must have shape (2,) and covariance shape (2, 2), got {mean.shape} "
            f"and {covariance.shape}."
        )
    return mean, covariance


def _matrix_text(covariance):
    (a, b), (c, d) = covariance
    return f"covariance\n[[{a:6.2f} {b:6.2f}]\n [{c:6.2f} {d:6.2f}]]"


# Where on its ellipse a label may go: turns from the right-hand end of the major axis,
# a degree apart, that end first (near a corner of the view an ellipse may leave room
# for a label over a degree or two only).
_LABEL_TURNS = np.radians(np.r_[np.arange(0, 180), np.arange(-180, 0)])
# A label centred on its line reads as that line's, so one beside its line (its box
# touching the line at the box's edge or corner, outside or inside) is chosen only
# when no centred spot is free, and with its box across the line (round an ellipse
# smaller than a label) only when no other is; a box that also covers another
# ellipse's line, or the mean, only when no clear one is. These costs add to the
# turn, in radians, from the end of the major axis.
_BESIDE_COST, _ACROSS_COST, _CROSSING_COST, _MEAN_COST = 4.0, 2.0, 2.0, 12.0
# The alignments of a text beside its anchor: (horizontal, vertical) steps.
_SIDES = np.array([(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy])


def _semi_axes(ellipse, transform):
    """Centre and semi-axis vectors (major first, pointing right) of an ``Ellipse``,
    mapped by ``transform`` (data to pixels)."""
    theta = np.radians(ellipse.get_angle())
    major = np.array([np.cos(theta), np.sin(theta)])
    major = major if major[0] >= 0 else -major
    minor = np.array([-major[1], major[0]])
    centre = np.asarray(ellipse.get_center(), dtype=np.float64)
    ends = transform.transform(np.array([centre, centre + major * ellipse.get_width() / 2,
                                         centre + minor * ellipse.get_height() / 2]))
    return ends[0], ends[1] - ends[0], ends[2] - ends[0]


def _ellipse_points(centre, major, minor, turns):
    """Points (n, 2) of the ellipse ``centre + cos(t) major + sin(t) minor`` and their
    outward unit normals (n, 2)."""
    cos, sin = np.cos(turns)[:, np.newaxis], np.sin(turns)[:, np.newaxis]
    points = centre + cos * major + sin * minor
    tangents = -sin * major + cos * minor
    normals = np.c_[tangents[:, 1], -tangents[:, 0]]
    return points, normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-300)


def _pad(text):
    """The pad of a text's box in pixels (a ``boxstyle`` pad is a fraction of the font
    size); 0 for a text without a box."""
    patch = text.get_bbox_patch()
    if patch is None:
        return 0.0
    return patch.get_boxstyle().pad * text.get_fontsize() * text.figure.dpi / 72


def _box(text, renderer):
    """A text's box (x0, y0, x1, y1) in pixels."""
    extent, pad = text.get_window_extent(renderer), _pad(text)
    return np.array([extent.x0 - pad, extent.y0 - pad, extent.x1 + pad, extent.y1 + pad])


def _overlap(boxes, others):
    """Whether each box (n, 4) overlaps each of ``others`` (m, 4): shape (n, m)."""
    b, o = boxes[:, np.newaxis], others[np.newaxis]
    return ((b[..., 0] < o[..., 2]) & (o[..., 0] < b[..., 2])
            & (b[..., 1] < o[..., 3]) & (o[..., 1] < b[..., 3]))


def _label_candidates(axes, size, margin, view, obstacles, lines, mean, spacing=4.0):
    """Spots for a label on the ellipse with semi-axes ``axes``, cheapest first: anchors
    (n, 2), sides (n, 2) (where the box lies from the anchor, -1, 0 or 1 along x and y),
    boxes (n, 4) and costs (n,).

    ``size`` is the text's (width, height) and ``margin`` how far its box reaches
    beyond the text. Only boxes in ``view`` and clear of the ``obstacles`` (m, 4) are
    kept, and of those, for each alignment, one every ``spacing`` along the ellipse.
    ``lines`` are points of the other ellipses; a box over one costs more, and so does
    a box over the ``mean`` marker's box, the more the more of it it covers. Lengths
    are in pixels.
    """
    points, normals = _ellipse_points(*axes, _LABEL_TURNS)
    n = len(points)
    sides = np.r_[[(0, 0)], _SIDES]
    steps = np.repeat(sides, n, axis=0)
    anchors = np.tile(points, (len(sides), 1))
    boxes = (np.c_[anchors - size / 2 - margin, anchors + size / 2 + margin]
             + np.tile(steps * size / 2, 2))
    fits = ((boxes[:, 0] >= view[0]) & (boxes[:, 1] >= view[1])
            & (boxes[:, 2] <= view[2]) & (boxes[:, 3] <= view[3]))
    if len(obstacles):
        fits &= ~_overlap(boxes, np.asarray(obstacles)).any(axis=1)
    # From the end of the major axis on, one spot of each alignment every ``spacing``
    # pixels: neighbours a pixel apart would add to the search, not room.
    along = np.cumsum(np.r_[0.0, np.linalg.norm(np.diff(points, axis=0), axis=1)])
    index = np.arange(len(steps))
    bucket = np.floor(along / spacing)[index % n] + index // n * 1e9
    keep = np.flatnonzero(fits)
    keep = keep[np.unique(bucket[keep], return_index=True)[1]]
    anchors, boxes, steps = anchors[keep], boxes[keep], steps[keep]
    # The sides a box lies on when its edge or corner touches the line at the anchor,
    # outside or inside the ellipse; any other side puts it across the line.
    outward = np.where(normals > 0.38, 1, np.where(normals < -0.38, -1, 0))[keep % n]
    beside = np.any(steps != 0, axis=1)
    across = beside & np.any(steps != outward, axis=1) & np.any(steps != -outward, axis=1)
    # The share of the mean marker's box that the label's box covers.
    width = np.clip(np.minimum(boxes[:, 2], mean[2]) - np.maximum(boxes[:, 0], mean[0]), 0, None)
    height = np.clip(np.minimum(boxes[:, 3], mean[3]) - np.maximum(boxes[:, 1], mean[1]), 0, None)
    covered = width * height / np.prod(mean[2:] - mean[:2])
    costs = (np.abs(_LABEL_TURNS)[keep % n] + _BESIDE_COST * beside + _ACROSS_COST * across
             + _MEAN_COST * covered)
    for line in lines:
        x, y = line[:, 0], line[:, 1]
        over = ((x > boxes[:, [0]]) & (x < boxes[:, [2]])
                & (y > boxes[:, [1]]) & (y < boxes[:, [3]]))
        costs += _CROSSING_COST * over.any(axis=1)
    order = np.argsort(costs, kind="stable")
    return anchors[order], steps[order], boxes[order], costs[order]


def _cheapest_layout(boxes, costs, max_steps=4000):
    """One spot per label (indices into each label's spots, sorted cheapest first), no
    two boxes overlapping, at the least total cost, and that cost; None and infinity if
    there is none, or none was found in ``max_steps``.

    Depth first over the labels, the last two at once, cut short where the spots left
    cannot beat the best layout found."""
    n = len(boxes)
    apart = {(j, k): ~_overlap(boxes[j], boxes[k]) for j in range(n) for k in range(j + 1, n)}
    best, best_cost, steps = None, np.inf, 0

    def least(allowed, level):
        return sum(costs[m][np.argmax(allowed[m])] for m in range(level, n))

    def search(level, chosen, total, allowed):
        nonlocal best, best_cost, steps
        steps += 1
        if steps > max_steps:
            return
        if level == n - 1:
            i = int(np.argmax(allowed[level]))
            if total + costs[level][i] < best_cost:
                best, best_cost = chosen + [i], total + costs[level][i]
            return
        if level == n - 2:
            a, b = np.flatnonzero(allowed[level]), np.flatnonzero(allowed[level + 1])
            pair = costs[level][a][:, np.newaxis] + costs[level + 1][b]
            pair[~apart[level, level + 1][np.ix_(a, b)]] = np.inf
            i, j = np.unravel_index(np.argmin(pair), pair.shape)
            if total + pair[i, j] < best_cost:
                best, best_cost = chosen + [int(a[i]), int(b[j])], total + pair[i, j]
            return
        for i in np.flatnonzero(allowed[level]):
            rest = [allowed[m] & apart[level, m][i] for m in range(level + 1, n)]
            if not all(r.any() for r in rest):
                continue
            bound = total + costs[level][i]
            if bound + least(allowed, level + 1) >= best_cost:
                break  # the spots come cheapest first: no later one can do better
            search(level + 1, chosen + [int(i)], bound,
                   allowed[:level + 1] + rest)

    search(0, [], 0.0, [np.ones(len(b), dtype=bool) for b in boxes])
    return best, best_cost


def _choose_spots(candidates, few=60, most=240):
    """The index of one spot per label, or None for a label left out: as many labels
    as can be placed without two boxes overlapping, the cheapest such layout.

    Looks among each label's ``few`` cheapest spots first, then, if that leaves a
    label out, among its ``most`` cheapest."""
    spots = None
    for limit in (few, most):
        shortlist = [[part[:limit] for part in spots_of_label] for spots_of_label in candidates]
        spots = _cheapest_subset(shortlist)
        if all(spot is not None or len(c[2]) == 0 for spot, c in zip(spots, candidates)):
            break
    return spots


def _cheapest_subset(candidates):
    """The cheapest layout of as many labels as can be laid out together."""
    labels = [k for k, spots in enumerate(candidates) if len(spots[2])]
    for count in range(len(labels), 0, -1):
        layouts = []
        for subset in itertools.combinations(labels, count):
            layout, cost = _cheapest_layout([candidates[k][2] for k in subset],
                                            [candidates[k][3] for k in subset])
            if layout is not None:
                layouts.append((cost, subset, layout))
        if layouts:
            _, subset, layout = min(layouts, key=lambda found: found[0])
            spots = dict(zip(subset, layout))
            return [spots.get(k) for k in range(len(candidates))]
    return [None] * len(candidates)


def _place_mass_labels(artists, renderer=None):
    """Put each mass label on its ellipse, in view, clear of the other labels and the
    other texts on the axes (and of the mean and the other ellipses where it can);
    hide a label for which no such spot is left.

    Lengths are measured in pixels, so the layout fits the axes' size on screen.
    """
    ax = artists.mean.axes
    to_pixels = ax.transData
    view = ax.bbox.extents + np.array([2.0, 2.0, -2.0, -2.0])
    # The corner texts, and any other words on the axes (callouts added later).
    obstacles = [_box(text, renderer) for text in ax.texts
                 if text.get_visible() and text.get_text() and text not in artists.labels]
    mean = to_pixels.transform(artists.ellipses[0].get_center())
    half = artists.mean.get_markersize() / 2 * ax.figure.dpi / 72
    mean = np.r_[mean - half, mean + half]
    axes = [_semi_axes(ellipse, to_pixels) for ellipse in artists.ellipses]
    lines = [_ellipse_points(*a, np.linspace(0, 2 * np.pi, 180))[0] for a in axes]
    candidates = []
    for k, label in enumerate(artists.labels):
        shown = label.get_visible()
        label.set_visible(True)  # an invisible text has no extent
        extent = label.get_window_extent(renderer)
        label.set_visible(shown)
        size = np.array([extent.width, extent.height])
        others = [line for j, line in enumerate(lines) if j != k]
        # Half a font size between two boxes, so that two labels side by side do not
        # read as one line of text.
        gap = 0.5 * label.get_fontsize() * ax.figure.dpi / 72
        candidates.append(_label_candidates(axes[k], size, _pad(label) + gap / 2, view,
                                            obstacles, others, mean))
    for label, spot, (anchors, sides, _, _) in zip(artists.labels, _choose_spots(candidates),
                                                    candidates):
        # Only what changes is set: a drawn text set again would ask for another draw.
        if label.get_visible() != (spot is not None):
            label.set_visible(spot is not None)
        if spot is None:
            continue
        position = tuple(to_pixels.inverted().transform(anchors[spot]))
        if label.get_position() != position:
            label.set_position(position)
        # The text lies on the side ``sides[spot]`` of its anchor.
        alignment = (("right", "center", "left")[sides[spot][0] + 1],
                     ("top", "center", "bottom")[sides[spot][1] + 1])
        if (label.get_horizontalalignment(), label.get_verticalalignment()) != alignment:
            label.set_horizontalalignment(alignment[0])
            label.set_verticalalignment(alignment[1])


class _MassLabelLayout(Artist):
    """Lays out a covariance view's mass labels each time the view is drawn, when the
    axes' size in pixels is final (a constrained layout settles it only then). Draws
    nothing itself; it is drawn before the labels, which have a higher zorder."""

    def __init__(self, artists):
        super().__init__()
        self.artists = artists
        self.set_zorder(4.5)
        self.set_in_layout(False)

    def draw(self, renderer):
        _place_mass_labels(self.artists, renderer)


def _place_in_corner(text, corner):
    """Put an axes-coordinates text in corner 'upper left', 'lower right', ..."""
    vertical, horizontal = corner.split()
    text.set_position((0.02 if horizontal == "left" else 0.98,
                       0.98 if vertical == "upper" else 0.02))
    text.set_horizontalalignment(horizontal)
    text.set_verticalalignment("top" if vertical == "upper" else "bottom")


def _corner_text(ax, text="", **kwargs):
    return ax.text(0, 0, text, transform=ax.transAxes, color=_INK, zorder=6,
                   multialignment="left",
                   bbox=dict(boxstyle="round", fc="white", ec="0.8", alpha=0.9), **kwargs)


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
              for r, m in zip(radii, masses)]
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
    for ellipse, w, h in zip(artists.ellipses, widths, heights):
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
    for value, vector, away in zip(eigenvalues, (major, minor), (below, minor)):
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
        for image, color in zip(images, colors):
            ax.plot(*np.c_[start, image], color=color, linewidth=2, linestyle="--", zorder=6)
    points_before = ax_x.scatter(*points.T, c=colors, s=80, edgecolors="white", zorder=7)
    points_after = ax_z.scatter(*whitened.T, c=colors, s=80, edgecolors="white", zorder=7)
    for point, image, distance, color in zip(points, whitened, distances, colors):
        euclidean = float(np.linalg.norm(point - mean))
        labels.append(_callout_towards(ax_x, point, point - mean, f"Euclidean {euclidean:.2f}\n"
                                       f"Mahalanobis {distance:.2f}", color))
        labels.append(_callout_towards(ax_z, image, image, f"length {distance:.2f}", color))
    ax_x.set(xlabel="x[0]", ylabel="x[1]", title="x: the Gaussian's ellipses")
    ax_z.set(xlabel="z[0]", ylabel="z[1]", title=r"whitened, $z = L^{-1}(x - \mu)$: circles")
    return WhiteningArtists(before, after, points_before, points_after, labels)


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
    for (name, v), color in zip(values.items(), PALETTE):
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
        text = (f"{which} lie above the view,\nat {_plain_number(out.min())} to "
                f"{_plain_number(out.max())}")
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


def plot_log_density(X, state, *, threshold=None, dims=(0, 1), n_grid=200, ax=None):
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
    X = _check_data(X, state, min_features=2)
    if state.n_features != 2:
        raise ValueError(f"plot_log_density draws a mixture of two features, got {state.n_features}.")
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
