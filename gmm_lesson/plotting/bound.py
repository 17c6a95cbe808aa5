"""Why EM never decreases the log-likelihood, drawn as a bar: the log-likelihood at a
half-step split into the lower bound L and the KL gap (PRML section 9.4, figure 9.11).

For any q, :math:`\\log p(X \\mid \\theta) = \\mathcal{L}(q, \\theta) + \\mathrm{KL}(q \\,\\|\\,
p(Z \\mid X, \\theta))`. The E-step sets q to the responsibilities and closes the gap;
the M-step raises L with q held and opens it again, so the log-likelihood rises by at
least as much as L. The numbers come from :func:`gmm_lesson.em.bound_at`; nothing here
runs EM. :mod:`~gmm_lesson.plotting.bound_curves` draws the same split as two curves.
"""

from typing import NamedTuple

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D, ScaledTranslation

from gmm_lesson.em import bound_at
from gmm_lesson.plotting._checks import _check_history_data
from gmm_lesson.plotting._style import (
    _INK,
    PALETTE,
    _get_ax,
    _request_draw,
    format_log_likelihood,
)
from gmm_lesson.plotting.loglik import _as_half_step

__all__ = [
    "BoundBarArtists",
    "BoundText",
    "format_bound",
    "plot_bound_bar",
    "shown_bound",
    "update_bound_bar",
]

# L is drawn solid in the palette's blue, the KL gap hatched in the same blue over a pale
# face, the log-likelihood in ink: the same in the bar and in the curves of bound_curves.
_BOUND_COLOR = PALETTE[0]
_GAP_FACE = "#DCEAF5"
_GAP_HATCH = "////"
_FAINT = 0.3          # opacity of the previous half-step's bar
_START_FACE = "0.86"  # the bar of the start, before any q: the log-likelihood alone
_NONE = "—"           # L and KL before the first E-step
_START_NOTE = "no q yet: the\nfirst E-step\nchooses it"
_BELOW_NOTE = "below the scale"
# A blank line between the two notes, so that they read as two.
_NOTES_APART = "\n\n"


class BoundText(NamedTuple):
    """The split of a log-likelihood as the views print it: ``bound + gap`` equals
    ``log_likelihood`` to the digits shown; ``bound`` and ``gap`` are None before the
    first E-step."""

    log_likelihood: str
    bound: str | None
    gap: str | None


def format_bound(split):
    """The numbers of a :class:`~gmm_lesson.em.BoundAt` as the views print them.

    The log-likelihood and L are rounded as :func:`format_log_likelihood` rounds them
    (one decimal), and the gap is printed as the difference of those two rounded
    numbers, so that the three printed numbers add up exactly: rounding each on its
    own could make -3035.0 + 8.3 read as -3026.6. The printed gap is then within 0.1 of
    the gap itself. From a million up, where :func:`format_log_likelihood` keeps four
    significant digits, the gap is its own value printed so, and the sum holds to
    those digits.

    Parameters
    ----------
    split : BoundAt

    Returns
    -------
    BoundText
    """
    total = format_log_likelihood(split.log_likelihood)
    if split.bound is None:
        return BoundText(total, None, None)
    lower = format_log_likelihood(split.bound)
    if max(abs(split.log_likelihood), abs(split.bound)) >= 1e6:
        return BoundText(total, lower, format_log_likelihood(split.gap))
    gap = max(float(total) - float(lower), 0.0)
    return BoundText(total, lower, f"{gap:.1f}")


# --- the bar: the split at one half-step --------------------------------------------------


class BoundBarArtists(NamedTuple):
    """What :func:`plot_bound_bar` drew.

    Attributes
    ----------
    bound, gap : Rectangle
        The half-step shown: L, solid, from the baseline; the KL gap, hatched, on top.
    whole : Rectangle
        The start's bar, the log-likelihood alone (no q yet), pale.
    top : Line2D
        The log-likelihood, a line across the top of the bar.
    below : Line2D
        A downward triangle on the baseline when the log-likelihood lies below it.
    previous : tuple of (Rectangle, Rectangle, Rectangle, Line2D)
        The previous half-step's bound, gap, whole and top, faint, left of the bar.
    numbers : BoundText of Text
        The log-likelihood, L and KL as printed in the key right of the axes (L and
        KL read "—" at the start).
    note : Text
        Under the key: "no q yet: the first E-step chooses it" at the start, "below
        the scale" when the log-likelihood is.
    baseline : float
        The log-likelihood the bars rise from: the bottom of the axes.
    history : EMHistory
        The run drawn.
    splits : dict of int to BoundAt
        The splits worked out so far, by half-step: three numbers each, each
        computed once (by :func:`~gmm_lesson.em.bound_at`) when first needed.
    """

    bound: object
    gap: object
    whole: object
    top: object
    below: object
    previous: tuple
    numbers: BoundText
    note: object
    baseline: float
    history: object
    splits: dict


def _bound_limits(X, history, splits):
    """The bar panel's y-limits for a whole run: every log-likelihood and every M-step's L
    (whose splits are kept in ``splits``, by half-step).

    A start far below the rest (a point start can begin a billion below) is left off,
    as in the log-likelihood panel, and so is an L that far below; the bars of such a
    half-step are then below the scale.
    """
    ll = history.log_likelihoods
    for t in range(1, history.n_iter + 1):
        splits[2 * t] = bound_at(X, history, 2 * t)
    bounds = [splits[2 * t].bound for t in range(1, history.n_iter + 1)]
    values = np.concatenate([ll, bounds])
    values = values[np.isfinite(values)]
    if len(ll) >= 2:
        rest = ll[1:]
        values = values[values >= rest.min() - 50 * max(np.ptp(rest), 1.0)]
    low, high = values.min(), values.max()
    if high - low < 1.0:
        middle = (low + high) / 2
        low, high = middle - 0.5, middle + 0.5
    span = high - low
    # The baseline on a round number, which the axis label can give exactly.
    unit = 10.0 ** np.floor(np.log10(span / 4))
    return np.floor((low - 0.1 * span) / unit) * unit, high + 0.06 * span


def _from_corner(ax):
    """Coordinates in points from the top right corner of ``ax``, x to the right."""
    return (Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans
            + ScaledTranslation(1, 1, ax.transAxes))


def _plain(value):
    """The baseline, a round number, with no more digits than it has."""
    if abs(value) >= 1e6:
        return f"{value:.4g}"
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _add_key(ax, shown=True):
    """The key right of the axes: a swatch, a name and a number for the log-likelihood,
    KL and L, top to bottom as on the bar, and a note under them; spaced in points.

    Returns the numbers, as a :class:`BoundText` of Text, and the note. The swatches
    and names never change: they are drawn with the axes, not on every step. Not
    ``shown``, every part of it is made but hidden, out of the layout.
    """
    corner = _from_corner(ax)
    size = FontProperties(size="small").get_size_in_points()
    row = 3.1 * size
    text = dict(transform=corner, clip_on=False, va="top", ha="left", visible=shown,
                in_layout=shown)
    # Under the bars' zorder: an explorer that redraws the bars alone on each step
    # (widgets._blit) then leaves these, which never change, in its background.
    still = dict(transform=corner, clip_on=False, zorder=0.5, visible=shown,
                 in_layout=shown)
    ax.add_artist(Line2D([6, 18], [-0.6 * size] * 2, color=_INK, linewidth=2.5, **still))
    for k, kind in ((1, dict(facecolor=_GAP_FACE, hatch=_GAP_HATCH)),
                    (2, dict(facecolor=_BOUND_COLOR))):
        ax.add_artist(Rectangle((6, -k * row - 1.1 * size), 12, 0.9 * size,
                                edgecolor=_BOUND_COLOR, **still, **kind))
    numbers = []
    for k, name in enumerate(("log-likelihood", "gap KL", "lower bound L")):
        ax.text(24, -k * row, name, fontsize="small", color="0.35",
                **{**text, "zorder": 0.5})
        numbers.append(ax.text(24, -k * row - 1.3 * size, "", fontsize="medium", color=_INK,
                               **text))
    # Lines of at most 14 characters: the key is as wide as its widest text when the
    # figure is laid out, and the note may be hidden then.
    note = ax.text(6, -3 * row, "", fontsize="small", color=_INK, linespacing=1.25, **text)
    return BoundText(numbers[0], numbers[2], numbers[1]), note


def _add_bar(ax, x, baseline, alpha, style, width=0.56):
    """The bound, gap, whole and top of an empty bar at ``x``, on the baseline."""
    def patch(**kwargs):
        return ax.add_patch(Rectangle((x - width / 2, baseline), width, 0.0, alpha=alpha,
                                      linewidth=1.0, **kwargs))

    solid = patch(**{"facecolor": _BOUND_COLOR, "edgecolor": _BOUND_COLOR, **style})
    gap = patch(facecolor=_GAP_FACE, edgecolor=_BOUND_COLOR, hatch=_GAP_HATCH)
    whole = patch(facecolor=_START_FACE, edgecolor="0.6")
    top = ax.plot([x - width / 2, x + width / 2], [baseline, baseline], color=_INK,
                  linewidth=2.5, alpha=min(1.0, 1.4 * alpha), solid_capstyle="butt",
                  zorder=3)[0]
    return solid, gap, whole, top


def plot_bound_bar(X, history, half_step=0, *, key=True, ax=None, **style):
    """The log-likelihood at a half-step as a bar: the lower bound L under the KL gap.

    After an E-step the gap is closed: the bar is L alone, as high as the
    log-likelihood. After an M-step L has grown (q held, the parameters moved) and
    the gap has opened on top of it, so the top of the bar -- the new log-likelihood --
    rose by at least as much as L. The previous half-step's bar stands faint to the
    left, so each step shows what it changed; the key right of the axes prints the
    three numbers, and at the start, before any q, the bar is the log-likelihood
    alone.

    Why a bar over the run's range, not from zero: log-likelihoods are large negative
    numbers (-3045 to -2969 on the lesson's blobs) and a half-step moves them by a few
    units, so a bar from zero would be some 3000 units tall and show no change at
    all. The bars rise instead from a round baseline a little under the lowest value
    the run reaches (a thermometer over this run), and the words under the bars say
    so: "bars from -3130, not 0". The y-limits are worked out once, from the whole
    history (every log-likelihood and every M-step's L), and stay while stepping, so
    that what moves is the bar, not the axis; a start far below the rest (as a point
    start is) is left off the scale and marked by a triangle on the baseline, as in
    :func:`plot_log_likelihood`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the history was fitted to.
    history : EMHistory
    half_step : int or HalfStep, default=0
    key : bool, default=True
        Print the numbers, each by a swatch of its part of the bar, right of the axes.
        ``False`` leaves them out (small multiples side by side): the bars take the
        whole panel, and :func:`shown_bound` still says what the key would print.
    ax : Axes, optional
    **style
        Passed to the solid L rectangles (``facecolor``, ``edgecolor``, ...).

    Returns
    -------
    BoundBarArtists
        Pass it to :func:`update_bound_bar`.

    Notes
    -----
    The numbers are those of :func:`~gmm_lesson.em.bound_at`, each worked out once,
    when first needed, and kept: three numbers per half-step, nothing of size
    (n_samples, n_components). The limits need every M-step's L, when the panel is
    drawn; an E-step's split (the gap closed) is worked out when it is first shown.
    """
    X = _check_history_data(X, history)
    ax = _get_ax(ax)
    splits = {}
    low, high = _bound_limits(X, history, splits)
    previous = _add_bar(ax, 0.0, low, _FAINT, style)
    solid, gap, whole, top = _add_bar(ax, 1.0, low, 1.0, style)
    below = ax.plot([1.0], [low], linestyle="none", marker="v", markersize=10, color=_INK,
                    markeredgecolor="white", clip_on=False, zorder=4)[0]
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(low, high)
    # Small enough to stand apart under narrow panels (small multiples 2 in wide).
    ax.set_xticks([0.0, 1.0], ["before", "after"], fontsize="x-small")
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.ticklabel_format(axis="y", useOffset=False)
    # Said under the bars' feet: there it is read with them, and it needs no height.
    # On two lines: no wider than the panel, clear of the key beside it.
    ax.set_xlabel(f"bars from\n{_plain(low)}, not 0", fontsize="small")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    numbers, note = _add_key(ax, shown=bool(key))
    artists = BoundBarArtists(solid, gap, whole, top, below, previous, numbers, note,
                              float(low), history, splits)
    update_bound_bar(artists, X, history, half_step, draw=False)
    return artists


def _show_bar(parts, split, baseline):
    """Move one bar's (bound, gap, whole, top) to a :class:`BoundAt`."""
    solid, gap, whole, top = parts
    total = split.log_likelihood
    if split.bound is None:
        heights = (0.0, 0.0, max(total - baseline, 0.0))
    else:
        lower = max(split.bound, baseline)
        heights = (lower - baseline, max(total - lower, 0.0), 0.0)
    for patch, height, y in zip((solid, gap, whole), heights,
                                (baseline, baseline + heights[0], baseline), strict=True):
        patch.set_y(y)
        patch.set_height(height)
        patch.set_visible(height > 0)
    top.set_ydata([total, total])
    top.set_visible(total >= baseline)


def _split(artists, X, index):
    """The split at half-step ``index``, worked out once."""
    if index not in artists.splits:
        artists.splits[index] = bound_at(X, artists.history, index)
    return artists.splits[index]


def update_bound_bar(artists, X, history, half_step, *, draw=True):
    """Show another half-step of the same history on a :func:`plot_bound_bar` panel.

    Parameters
    ----------
    artists : BoundBarArtists
    X : array-like of shape (n_samples, n_features)
    history : EMHistory
    half_step : int or HalfStep
    draw : bool, default=True
    """
    X = _check_history_data(X, history)
    if history is not artists.history:
        raise ValueError("The panel was drawn for another history: draw it again with "
                         "plot_bound_bar for this one.")
    step = _as_half_step(history, half_step)
    split = _split(artists, X, step.index)
    baseline = artists.baseline
    _show_bar(artists[:4], split, baseline)
    for part in artists.previous:
        part.set_visible(False)
    if step.index > 0:
        _show_bar(artists.previous, _split(artists, X, step.index - 1), baseline)
    below = split.log_likelihood < baseline
    artists.below.set_visible(below)
    text = format_bound(split)
    artists.numbers.log_likelihood.set_text(text.log_likelihood)
    artists.numbers.bound.set_text(text.bound or _NONE)
    artists.numbers.gap.set_text(text.gap or _NONE)
    notes = [_BELOW_NOTE] if below else []
    if text.bound is None:
        notes.append(_START_NOTE)
    artists.note.set_text(_NOTES_APART.join(notes))
    _request_draw(artists.top, draw)


def shown_bound(artists):
    """The numbers a :func:`plot_bound_bar` panel prints, as it prints them.

    Parameters
    ----------
    artists : BoundBarArtists

    Returns
    -------
    BoundText
        ``bound`` and ``gap`` are None at the start, where the panel shows the
        log-likelihood alone.
    """
    numbers = artists.numbers
    if numbers.bound.get_text() == _NONE:
        return BoundText(numbers.log_likelihood.get_text(), None, None)
    return BoundText(numbers.log_likelihood.get_text(), numbers.bound.get_text(),
                     numbers.gap.get_text())
