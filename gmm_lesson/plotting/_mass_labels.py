"""Where :func:`~gmm_lesson.plotting.plot_covariance` writes each ellipse's mass: a spot on
the ellipse, in view, clear of the other labels and texts, found each time it is drawn.

Spots are searched in pixels, once the axes' size is final: candidates along each
ellipse are costed (turn from the major axis's end, a box beside or across the line,
over another ellipse or the mean), and a small branch-and-bound search picks one spot
per label, no two boxes overlapping, at the least total cost.
"""

import itertools

import numpy as np
from matplotlib.artist import Artist

__all__ = []


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


def _pixel_ellipse(centre, major, minor, turns):
    """Points (n, 2) of the ellipse ``centre + cos(t) major + sin(t) minor`` and their
    outward unit normals (n, 2).

    Not gaussian.ellipse_points: that takes a covariance; this, a drawn Ellipse's pixel axes.
    """
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
    points, normals = _pixel_ellipse(*axes, _LABEL_TURNS)
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
        if all(spot is not None or len(c[2]) == 0
               for spot, c in zip(spots, candidates, strict=True)):
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
            spots = dict(zip(subset, layout, strict=True))
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
    lines = [_pixel_ellipse(*a, np.linspace(0, 2 * np.pi, 180))[0] for a in axes]
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
                                                    candidates, strict=True):
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
