"""The 1D mixture view (histogram, weighted component densities, their sum, a rug) and
the responsibilities stacked under it."""

from typing import NamedTuple

import numpy as np
from matplotlib.transforms import BboxBase

from gmm_lesson.em import check_state, collapsed_components
from gmm_lesson.gaussian import log_gaussian_density
from gmm_lesson.plotting._checks import _check_data, _check_same_size
from gmm_lesson.plotting._style import (
    _INK,
    _component_labels,
    _get_ax,
    _padded_limits,
    _place_legend,
    _point_colors,
    _request_draw,
    _set_component_labels,
    component_colors,
)

__all__ = [
    "Mixture1DArtists",
    "ResponsibilityArtists",
    "plot_mixture_1d",
    "plot_responsibilities_1d",
    "update_mixture_1d",
    "update_responsibilities_1d",
]


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
    for line, label in zip(components, _component_labels(state, legend_weights),
                           strict=True):
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
    check_state(state)
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
        n_components = check_state(state).n_components
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
        check_state(state)
        _check_same_size(artists.bands, state)
        lower, upper = _stacked(state, artists.grid)
        for k, band in enumerate(artists.bands):
            band.set_verts([_band_vertices(artists.grid, lower[:, k], upper[:, k])])
    _request_draw(artists.message, draw)
