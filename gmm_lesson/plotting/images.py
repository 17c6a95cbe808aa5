"""Views of mixtures put to work on images: photographs painted by component (with
their mean colours, or with the lesson's palette, region matched to region across
models), a component's membership as a map, small images in a grid, and
log-densities of whole groups of data compared with a threshold.

The views take what was computed before (labels, colours, probabilities, scores)
and never fit. A grid of small images is one picture on one axes, the images tiled
with a gap between them, so that forty digits cost one ``imshow``, not forty axes.
"""

from typing import NamedTuple

import numpy as np
from matplotlib.colors import to_rgb

from gmm_lesson._validation import _check_finite
from gmm_lesson.plotting._style import _INK, _MARKER_COLOR, PALETTE, _get_ax

__all__ = [
    "ImageGridArtists",
    "ScoreArtists",
    "matched_labels",
    "plot_image_grid",
    "plot_label_map",
    "plot_membership_map",
    "plot_score_histograms",
    "plot_segmentation",
    "tile_images",
]


def _finite_array(values, name, ndim=None):
    if values is None:
        raise TypeError(f"{name} must be an array, got None.")
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers: {error}") from None
    if ndim is not None and array.ndim not in np.atleast_1d(ndim):
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {array.shape}.")
    _check_finite(array, name)
    return array


def _image_shape(image_shape):
    try:
        height, width = (int(n) for n in image_shape)
    except (TypeError, ValueError):
        raise ValueError(f"image_shape must be (height, width), got {image_shape!r}.") from None
    if height < 1 or width < 1:
        raise ValueError(f"image_shape must be positive, got {image_shape!r}.")
    return height, width


# --- a photograph, segmented ------------------------------------------------------------


def plot_segmentation(labels, colours, image_shape, *, ax=None, title=None):
    """Paint every pixel with the colour of its component (or cluster).

    Parameters
    ----------
    labels : array-like of int, shape (height * width,)
        The component of each pixel, row by row (``model.predict(pixels)``).
    colours : array-like of shape (n_components, 3)
        An sRGB colour (floats from 0 to 1) per component, e.g. its mean colour.
    image_shape : tuple of int
        ``(height, width)`` of the image the pixels came from.
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    AxesImage
        The painted image.
    """
    height, width = _image_shape(image_shape)
    colours = _finite_array(colours, "colours", ndim=2)
    if colours.shape[1] != 3 or colours.min() < 0 or colours.max() > 1:
        raise ValueError("colours must have shape (n_components, 3) with values from 0 to 1, "
                         f"got shape {colours.shape}.")
    labels = np.asarray(labels)
    if labels.shape != (height * width,) or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be {height * width} integers (one per pixel), got "
                         f"shape {labels.shape} of dtype {labels.dtype}.")
    if labels.size and (labels.min() < 0 or labels.max() >= len(colours)):
        raise ValueError(f"labels must lie from 0 to {len(colours) - 1}, one per colour.")
    ax = _get_ax(ax)
    image = ax.imshow(colours[labels].reshape(height, width, 3), interpolation="nearest")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return image


def _labels(labels, name, n_pixels=None):
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu" or (labels.size and labels.min() < 0):
        raise ValueError(f"{name} must be non-negative integers, one per pixel, got shape "
                         f"{labels.shape} of dtype {labels.dtype}.")
    if n_pixels is not None and labels.shape != (n_pixels,):
        raise ValueError(f"{name} must be {n_pixels} integers (one per pixel), got shape "
                         f"{labels.shape}.")
    return labels


def matched_labels(labels, reference):
    """Renumber ``labels`` so that each region takes the number of the reference region
    it overlaps most, one to one.

    Two segmentations of the same pixels number their regions arbitrarily. The
    renumbering that maximises the number of pixels given the same number by both
    (an assignment problem, solved exactly) lets the same colour mark matching
    regions. Regions left without a partner (when ``labels`` has more regions than
    ``reference``) take the numbers after the reference's.

    Parameters
    ----------
    labels : array-like of int, shape (n_pixels,)
        The segmentation to renumber.
    reference : array-like of int, shape (n_pixels,)
        The segmentation whose numbers are kept.

    Returns
    -------
    ndarray of int, shape (n_pixels,)
        ``labels`` renumbered: the same regions, the reference's numbers.
    """
    from scipy.optimize import linear_sum_assignment  # only here: it is slow to import

    reference = _labels(reference, "reference")
    labels = _labels(labels, "labels", len(reference))
    if labels.size == 0:
        return labels.copy()
    n_mine, n_theirs = labels.max() + 1, reference.max() + 1
    overlap = np.zeros((n_mine, n_theirs), dtype=np.int64)
    np.add.at(overlap, (labels, reference), 1)
    mine, theirs = linear_sum_assignment(overlap, maximize=True)
    number = np.full(n_mine, -1)
    number[mine] = theirs
    unmatched = np.flatnonzero(number < 0)
    number[unmatched] = n_theirs + np.arange(len(unmatched))
    return number[labels]


def plot_label_map(labels, image_shape, *, reference=None, ax=None, title=None):
    """Paint every pixel with the lesson's palette colour of its component's number.

    A segmentation painted with its components' mean colours can hide its regions
    when those colours are close (dark shades, say). The palette's colours are far
    apart and told apart by colour-blind readers too. With ``reference``, the
    regions are first renumbered to match it (:func:`matched_labels`), so that maps
    of several models of the same pixels use the same colour for matching regions.

    Parameters
    ----------
    labels : array-like of int, shape (height * width,)
        The component of each pixel, row by row (``model.predict(pixels)``).
    image_shape : tuple of int
        ``(height, width)`` of the image.
    reference : array-like of int, shape (height * width,), optional
        A segmentation of the same pixels whose numbers (and so colours) to match.
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    AxesImage
        The painted image.

    Raises
    ------
    ValueError
        If a label is not a non-negative integer, there is not one per pixel, or
        more regions need colours than the palette holds (8).
    """
    height, width = _image_shape(image_shape)
    labels = _labels(labels, "labels", height * width)
    if reference is not None:
        labels = matched_labels(labels, _labels(reference, "reference", height * width))
    if labels.size and labels.max() >= len(PALETTE):
        raise ValueError(f"plot_label_map has {len(PALETTE)} colours; labels need "
                         f"{labels.max() + 1}.")
    colours = np.array([to_rgb(colour) for colour in PALETTE])
    ax = _get_ax(ax)
    image = ax.imshow(colours[labels].reshape(height, width, 3), interpolation="nearest")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return image


def plot_membership_map(probability, image_shape, *, ax=None, title=None):
    """One component's membership probability at every pixel, black 0 to white 1.

    Parameters
    ----------
    probability : array-like of shape (height * width,)
        ``model.predict_proba(pixels)[:, k]``, row by row.
    image_shape : tuple of int
        ``(height, width)`` of the image.
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    AxesImage
        The map; pass it to ``fig.colorbar`` for a scale.
    """
    height, width = _image_shape(image_shape)
    probability = _finite_array(probability, "probability", ndim=1)
    if probability.shape != (height * width,):
        raise ValueError(f"probability must have one value per pixel, shape "
                         f"({height * width},), got {probability.shape}.")
    if probability.min() < 0 or probability.max() > 1:
        raise ValueError("probability must lie from 0 to 1.")
    ax = _get_ax(ax)
    image = ax.imshow(probability.reshape(height, width), cmap="gray", vmin=0, vmax=1,
                      interpolation="nearest")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return image


# --- small images in a grid -------------------------------------------------------------


def tile_images(images, n_cols, *, gap=1, fill=np.nan):
    """Small images side by side in one array, row after row, ``gap`` pixels apart.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width)
    n_cols : int
        Images per row; the last row is filled with ``fill``.
    gap : int, default=1
        Pixels between neighbouring images.
    fill : float, default=nan
        The value of the gaps (NaN shows as the axes' background).

    Returns
    -------
    ndarray of shape (n_rows * (height + gap) - gap, n_cols * (width + gap) - gap)
    """
    images = _finite_array(images, "images", ndim=3)
    if isinstance(n_cols, bool) or not isinstance(n_cols, (int, np.integer)) or n_cols < 1:
        raise ValueError(f"n_cols must be a positive whole number, got {n_cols!r}.")
    n, height, width = images.shape
    n_rows = max(1, -(-n // n_cols))
    tiled = np.full((n_rows * (height + gap) - gap, n_cols * (width + gap) - gap), fill)
    for i, image in enumerate(images):
        row, col = divmod(i, n_cols)
        top, left = row * (height + gap), col * (width + gap)
        tiled[top:top + height, left:left + width] = image
    return tiled


class ImageGridArtists(NamedTuple):
    """What :func:`plot_image_grid` drew: the tiled image and one caption per image
    (empty without captions)."""

    image: object
    captions: list


def plot_image_grid(images, *, n_cols=10, captions=None, ax=None, vmin=None, vmax=None,
                    cmap="binary", caption_size="small"):
    """Small greyscale images (digits, say) in a grid on one axes, each with a caption.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width)
    n_cols : int, default=10
        Images per row.
    captions : sequence of str, optional
        One per image, written under it.
    ax : Axes, optional
    vmin, vmax : float, optional
        The values shown as white and black (``cmap="binary"``); by default the
        images' own range, the same for all of them.
    cmap : str, default="binary"
        White for low values, black for high, as the digits are drawn.
    caption_size : str or float, default="small"
        The captions' font size.

    Returns
    -------
    ImageGridArtists
    """
    images = _finite_array(images, "images", ndim=3)
    if captions is not None and len(captions) != len(images):
        raise ValueError(f"captions must hold one text per image ({len(images)}), got "
                         f"{len(captions)}.")
    gap = 1 if captions is None else 3
    tiled = tile_images(images, n_cols, gap=gap)
    ax = _get_ax(ax)
    vmin = images.min() if vmin is None else vmin
    vmax = images.max() if vmax is None else vmax
    shown = ax.imshow(tiled, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_facecolor("white")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    texts = []
    height, width = images.shape[1:]
    for i, caption in enumerate(captions or ()):
        row, col = divmod(i, n_cols)
        texts.append(ax.text(col * (width + gap) + (width - 1) / 2,
                             row * (height + gap) + height - 0.4, str(caption),
                             ha="center", va="top", fontsize=caption_size, color=_INK))
    return ImageGridArtists(shown, texts)


# --- log-densities of groups of data ----------------------------------------------------


class ScoreArtists(NamedTuple):
    """What :func:`plot_score_histograms` drew: one histogram outline (a list of
    patches) per group, and the threshold line (None without a threshold)."""

    histograms: list
    threshold: object


def plot_score_histograms(scores, *, threshold=None, bins=40, ax=None, score_name="log p(x)"):
    """Histograms of the log-densities of several groups of points, on one scale.

    Parameters
    ----------
    scores : dict of str to array-like of shape (n_points,)
        Group name -> its points' log-densities (``model.score_samples``).
    threshold : float, optional
        A log-density drawn as a vertical line; the legend says what share of each
        group lies below it.
    bins : int, default=40
        Bins over the range of all the groups together.
    ax : Axes, optional
    score_name : str, default="log p(x)"
        What the scores are, for the horizontal axis and the threshold's label
        (e.g. ``"log p(z)"`` for a density over PCA coordinates ``z``).

    Returns
    -------
    ScoreArtists
    """
    if not isinstance(scores, dict) or not scores:
        raise TypeError("scores must be a dict of group name -> log-densities.")
    values = {str(name): _finite_array(v, f"scores[{name!r}]", ndim=1)
              for name, v in scores.items()}
    if threshold is not None:
        threshold = float(_finite_array(threshold, "threshold", ndim=0))
    ax = _get_ax(ax)
    everything = np.concatenate(list(values.values()))
    edges = np.linspace(everything.min(), everything.max(), bins + 1)
    histograms = []
    for (name, v), colour in zip(values.items(), PALETTE, strict=False):
        label = name if threshold is None else f"{name}: {np.mean(v < threshold):.0%} below"
        # A light fill and a full-strength outline: overlapping groups stay readable.
        ax.hist(v, bins=edges, color=colour, alpha=0.2, histtype="stepfilled")
        histograms.append(ax.hist(v, bins=edges, color=colour, linewidth=1.8, label=label,
                                  histtype="step")[2])
    line = None
    if threshold is not None:
        line = ax.axvline(threshold, color=_MARKER_COLOR, linewidth=2, linestyle="--",
                          label=f"threshold, {score_name} = {threshold:.1f}")
    ax.set(xlabel=score_name, ylabel="number of points")
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    return ScoreArtists(histograms, line)
