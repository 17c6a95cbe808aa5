"""The blitter: each step redraws only the artists that move, over a saved background."""

from collections import OrderedDict

import matplotlib
import numpy as np
from matplotlib.axis import Axis
from matplotlib.legend import Legend

from gmm_lesson.widgets._canvas import whole_frames

__all__ = ["Blitter", "artist_leaves"]


def artist_leaves(item):
    """Every matplotlib artist in a (nested) named tuple or list of artists."""
    if isinstance(item, matplotlib.artist.Artist):
        return [item]
    if isinstance(item, (tuple, list)):
        return [leaf for child in item for leaf in artist_leaves(child)]
    return []


def _skip_draw(renderer):
    """Stands in for an artist's ``draw`` while the background is rendered."""


class Blitter:
    """Redraw only what a step changes, over a saved picture of everything else.

    A full draw of the explorer's figure is slow: each of its few dozen tick labels
    and legend entries costs about a millisecond to render, and 20,000 points some
    60 ms. So the background -- axes, ticks, labels -- is rendered once with the
    moving artists left out, and each frame restores it and draws the moving
    artists on top, in the order a full draw would. A full draw of the canvas for any
    other reason (first display, a change of screen resolution) makes the background
    stale; the next frame renders it again. ipympl sends the renderer's buffer after
    ``canvas.blit``. Until the canvas has been drawn once in full (in a notebook: until
    the browser has shown it and asked for a picture), frames are requested with
    ``draw_idle`` instead: ipympl mistakes an early picture for its first one. (The
    web canvases report no blitting support for this reason among others: "issues with
    the double buffering in nbagg, initialization issues, and with updates to the front
    end being dropped", https://github.com/matplotlib/matplotlib/pull/19762; each frame
    here is a whole one, see :func:`~gmm_lesson.widgets._canvas.whole_frames`.)

    Some moving artists are also kept as pictures, keyed by what they show: the data
    points (their colours change only on E-steps) and the legend (it shows or hides
    the entry for the dashed ellipses, and may name weights). Each is alone in its
    part of the figure, so pasting its saved pixels, before anything else is drawn
    over the background, gives exactly what drawing it would.
    """

    def __init__(self, fig, moving, cached=(), max_bytes=64e6):
        self.fig = fig
        self.background = None
        self._drawn = False  # set by the first full draw of the canvas
        self._capturing = False
        self.artists = self._in_drawing_order(fig, self._with_covering(moving))
        self.cached = {id(artist): artist for artist in cached if artist in self.artists}
        self.max_bytes = max_bytes  # pictures kept, least recently used dropped first
        self._pictures = OrderedDict()  # key -> (region, bytes)
        self._bytes = 0
        self._cid = fig.canvas.mpl_connect("draw_event", self._on_draw)

    @staticmethod
    def _with_covering(moving):
        """The moving artists plus the still ones a full draw puts over them (the
        spines over the points, a note over the ellipses), so the frame matches."""
        moving = list(dict.fromkeys(moving))
        ids = {id(artist) for artist in moving}
        for ax in {artist.axes for artist in moving if artist.axes is not None}:
            lowest = min(a.get_zorder() for a in moving if a.axes is ax)
            for child in ax.get_children():
                if (id(child) not in ids and not isinstance(child, Axis)
                        and child is not ax.patch and child.get_zorder() > lowest):
                    moving.append(child)
                    ids.add(id(child))
        return moving

    @staticmethod
    def _in_drawing_order(fig, artists):
        axes = fig.get_axes()

        def key(item):
            position, artist = item
            ax = artist.axes
            rank = axes.index(ax) if ax in axes else len(axes)
            return rank, artist.get_zorder(), position

        return [artist for _, artist in sorted(enumerate(artists), key=key)]

    def _on_draw(self, event):
        if not self._capturing:
            self.background = None
            self._drawn = self._drawn or not self.fig.canvas.is_saving()

    @property
    def ready(self):
        """Whether frames may be blitted: the canvas was drawn in full on screen, and
        (ipympl) the browser's view has started, so the picture is not its first."""
        return self._drawn and not getattr(self.fig.canvas, "syncing_data_url", False)

    def _capture(self):
        # The moving artists are left out of the background by skipping their draw
        # (not by hiding them: a hidden text has no size, and the legend around it
        # would be laid out differently from the full figure).
        for artist in self.artists:
            artist.draw = _skip_draw
        self._capturing = True
        try:
            # Render into the canvas's own buffer without sending it to the browser
            # (ipympl's canvas.draw would show the frame without its moving parts).
            renderer = self.fig.canvas.get_renderer()
            renderer.clear()
            self.fig.draw(renderer)
            self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
            self._pictures.clear()
            self._bytes = 0
        finally:
            self._capturing = False
            for artist in self.artists:
                del artist.draw

    def frame(self):
        """Draw the current state of the moving artists and show it."""
        canvas = self.fig.canvas
        if self.background is None:
            self._capture()
        canvas.restore_region(self.background)
        renderer = canvas.get_renderer()
        shown = [artist for artist in self.artists if artist.get_visible()]
        for artist in shown:
            if id(artist) in self.cached:
                self._draw_picture(artist, renderer)
        for artist in shown:
            if id(artist) not in self.cached:
                artist.draw(renderer)
        whole_frames(canvas)
        canvas.blit(self.fig.bbox)

    def _draw_picture(self, artist, renderer):
        key = (id(artist), _appearance(artist))
        if not self._paste(key):
            artist.draw(renderer)
            self._keep(key, _region(artist, renderer))

    def _paste(self, key):
        """Restore the picture saved under ``key``; False if there is none."""
        picture = self._pictures.get(key)
        if picture is None:
            return False
        self.fig.canvas.restore_region(picture[0])
        self._pictures.move_to_end(key)
        return True

    def _keep(self, key, region):
        """Save the pixels of ``region`` under ``key``, dropping the oldest if need be."""
        size = 4 * region.width * region.height
        self._pictures[key] = (self.fig.canvas.copy_from_bbox(region), size)
        self._bytes += size
        while self._bytes > self.max_bytes and len(self._pictures) > 1:
            self._bytes -= self._pictures.popitem(last=False)[1][1]

    def disconnect(self):
        self.fig.canvas.mpl_disconnect(self._cid)


def _appearance(artist):
    """What distinguishes one picture of a cached artist from another."""
    if isinstance(artist, Legend):
        texts = tuple((text.get_text(), text.get_visible()) for text in artist.get_texts())
        handles = tuple(handle.get_visible() for handle in artist.legend_handles)
        return texts, handles
    colours = np.ascontiguousarray(artist.get_facecolors())
    return hash(colours.tobytes()), colours.shape, len(artist.get_offsets())


def _region(artist, renderer):
    """The pixels a cached artist covers: its extent for a legend (which may reach out
    of its axes), the axes that clip them for points."""
    box = (artist.get_window_extent(renderer) if isinstance(artist, Legend)
           else artist.get_clip_box())
    return box.padded(2)
