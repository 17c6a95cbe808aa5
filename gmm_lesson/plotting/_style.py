"""The look every view shares: palette, point colours, line weights, number formats,
legends and corner texts, and the plumbing of drawing on an axes.

Every colour, width and size a view uses is set here or in that view, so no style sheet
changes what a picture means.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.colors import to_rgb, to_rgba

from gmm_lesson.em import collapsed_components

__all__ = [
    "NO_RESPONSIBILITY_COLOR",
    "PALETTE",
    "blend_colors",
    "component_colors",
    "format_log_likelihood",
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
        # The legend's first texts are the components'; the entries after them stay.
        for text, label in zip(legend.get_texts(), _component_labels(state), strict=False):
            text.set_text(label)


def _place_legend(ax, where, handles, labels):
    """``where=True``: right of ``ax``; an Axes: inside that (empty) panel."""
    if where is True:
        return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                         borderaxespad=0.0, fontsize="small", frameon=False)
    where.axis("off")
    return where.legend(handles, labels, loc="upper center", ncols=2, fontsize="small",
                        frameon=False, columnspacing=1.2)


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
