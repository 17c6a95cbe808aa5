"""Chosen iterations or half-steps of a recorded history as small multiples, for static
pages and handouts (Bishop's fig. 9.8)."""

import matplotlib.pyplot as plt
import numpy as np

from gmm_lesson._validation import check_dims
from gmm_lesson.plotting._checks import _check_history_data
from gmm_lesson.plotting._style import _padded_limits, format_log_likelihood
from gmm_lesson.plotting.em_step import _step_states
from gmm_lesson.plotting.mixture1d import (
    Mixture1DArtists,
    _legend_entries_1d,
    _replay_density_top,
    _set_density_limits,
    plot_mixture_1d,
)
from gmm_lesson.plotting.mixture2d import _legend_entries, plot_mixture_2d

__all__ = [
    "plot_em_strip",
    "plot_half_steps",
]


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
            marginal = state.marginal(dims)
            reach = radius * np.sqrt(np.diagonal(marginal.covariances, axis1=1, axis2=2))
            centres = marginal.means
            span = high - low
            low = np.minimum(low, (centres - reach).min(axis=0) - 0.03 * span)
            high = np.maximum(high, (centres + reach).max(axis=0) + 0.03 * span)
    return tuple(zip(low, high, strict=True))


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
        dims = check_dims(dims, X.shape[1])
        shown_states = [history.states[step.params] for step in steps]
        limits = _panel_limits(X, shown_states, dims, max(radii) if fit_ellipses else None)
    fig = fig or _panel_figure(limits, n_rows, n_cols, panel_size)
    axes = fig.subplots(n_rows, n_cols, sharex=True, sharey=True, squeeze=False).ravel()
    views = []
    # The grid can hold more axes than steps; those left over are hidden below.
    for ax, step, title in zip(axes, steps, titles, strict=False):
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
    dims : (int, int), default=(0, 1)
        The two features shown (2D or more).
    radii : sequence of float, default=(1, 2, 3)
        Mahalanobis radii of the ellipses (2D or more).
    feature_names : sequence of str, optional
        Axis labels, one per feature.
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
    X = _check_history_data(X, history)
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
    dims : (int, int), default=(0, 1)
        The two features shown (2D or more).
    radii : sequence of float, default=(1, 2, 3)
        Mahalanobis radii of the ellipses (2D or more).
    feature_names : sequence of str, optional
        Axis labels, one per feature.
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
    X = _check_history_data(X, history)
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
