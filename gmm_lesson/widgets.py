"""Explorers for the lessons: EM replayed half-step by half-step, and a covariance playground.

Both are built from ipywidgets controls and one matplotlib figure (an ipympl canvas in
a notebook, a plain Agg canvas anywhere else). They only wire the engine and the
plotting layer together:

* :class:`EMExplorer` fits a :class:`~gmm_lesson.mixture.GaussianMixture` once and
  replays its recorded :class:`~gmm_lesson.em.EMHistory`; stepping, the slider and
  play move the artists that :func:`~gmm_lesson.plotting.plot_em_step` drew and never
  refit. Only a new start or another number of components fits again.
* :class:`CovariancePlayground` moves one Gaussian's samples, ellipses and matrix
  together as sliders change its standard deviations and correlation.

Everything a learner can do with the mouse can be done from code, with the same code
path (``explorer.step_forward()``, ``explorer.click(x, y)``, ...), and everything they
see can be read back (``explorer.title``, ``explorer.artists``, ``explorer.status``),
so the explorers are tested without a browser. Errors inside callbacks are shown in
the explorer's status line and error log, never raised into the notebook.

Each figure is made once, when the explorer is made (Voila does not show figures made
later, inside callbacks), and is labelled: a new explorer with the same ``label``
closes the previous one's figure, so re-running a cell does not pile up figures. Give
two explorers that should be shown at the same time different labels.

In a notebook each explorer fits the column it is given: a few lines of page script
report the column's width, and the figure is sized (and the EM figure laid out) to
fit it (:meth:`EMExplorer.fit_page`). ``present=True``, the environment variable
``GMM_LESSON_PRESENT=1`` or a Voila address with ``?present=1`` give the presenting
size, for a room: the figure fills the column and every text is at least 16 pixels.
The controls have names a screen reader reads and work from the keyboard alone.
"""

import functools
import html
import os
import struct
import sys
import traceback
import warnings
import weakref
import zlib
from collections import OrderedDict
from urllib.parse import parse_qs, urlsplit

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.axis import Axis
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from gmm_lesson import gaussian, plotting
from gmm_lesson._validation import check_integer, check_X
from gmm_lesson.em import (
    CollapseError,
    CollapseWarning,
    MixtureState,
    collapsed_components,
    m_step,
    run_em,
    warn_if_collapsed,
)

__all__ = ["CovariancePlayground", "EMExplorer"]

INIT_CHOICES = (
    ("k-means++", "k-means++"),
    ("random responsibilities", "random"),
    ("random data points", "random_from_data"),
    ("k-means clusters", "kmeans"),
    ("click to place means", "click"),
)
"""Starts offered by :class:`EMExplorer`, as (label, value); values are scikit-learn's
``init_params``, plus ``'click'``: the learner places the means on the plot."""

MAX_COMPONENTS = len(plotting.PALETTE)
"""Most components an explorer offers: one colour-blind-safe colour each."""

_START_NAMES = {value: label for label, value in INIT_CHOICES}

POINT_STARTS = ("k-means++", "random_from_data")
"""Starts that put each component on one data point with covariance ``reg_covar * I``,
with equal weights, on purpose (scikit-learn's way): the first E-step then makes each
point's nearest mean the most responsible for it, and gives it all but wholly to that
mean when ``reg_covar`` is small next to the distances between points."""

LOWER_PEAK_MARGIN = 0.05
"""How far, in log-likelihood per data point, a run must end below the best run the
explorer has seen (or been told of) for the status line to say that it stopped lower.

EM stops once an iteration changes the mean log-likelihood per point by less than
``tol`` (1e-3 by default), and on a slow climb that can still leave it many ``tol``
short of the top of its peak: in notebook 06's experiments, runs that ended on the
same peak differ by under 0.02 per point, while the next peak down is more than 0.08
per point lower. 0.05 lies between the two: on such data a run called lower is on
another peak (or a flat stretch), not merely short of the best one. A larger ``tol``
stops runs further short of their peak, so the margin is never less than
``50 * tol``."""


SPEEDS = (("slow", 1400), ("medium", 700), ("fast", 300))
"""Named playing speeds of :class:`EMExplorer`, as (label, milliseconds per half-step)."""

PRESENT_ENV = "GMM_LESSON_PRESENT"
"""Environment variable that turns on the presenting size when it is ``"1"``
(``make present`` sets it for the Voila server and so for its kernels)."""


# --- the page around an explorer -----------------------------------------------------------
#
# ipympl draws a figure at the size the kernel gives it and does not follow the page. So
# each explorer carries a few lines of script, in the markup of an HTML widget, that
# measure the width of the notebook column the explorer is given (and the window's
# height) and write them into a hidden text box: the kernel then gives the figure a size
# that fits, and lays it out again. The same script names the slider handles for screen
# readers (ipywidgets leaves them without a name), hides the icon glyphs from them, names
# the figure, and lets Tab leave the figure (ipympl keeps every key pressed on it). Where
# the script cannot run (a page without widgets), the figure keeps the size it was made
# with.

PRESENT_FONT_SIZE = 14
"""Points of the figure's base font at presenting size: its smallest text ("small",
0.83 of the base) is then 11.7 points, 16 CSS pixels at matplotlib's 100 dpi."""

PRESENT_TEXT_PX = 16
"""CSS pixels of the page text around the figure at presenting size."""

STACK_BELOW_PX = 680
"""A column narrower than this (CSS pixels) gets the EM figure stacked: the
log-likelihood panel and the legend go under the data instead of beside them."""

_FIGURE_MARGIN_PX = 10   # ipympl puts 2 px around its canvas, ipywidgets a few more
# Shares of the window's height a figure may take: EM's caption and step buttons stay
# in view with it when presenting; the playground's controls are beside its figure.
_HEIGHT_SHARE = 0.72
_PRESENT_HEIGHT_SHARE = 0.62
_PLAYGROUND_PRESENT_HEIGHT_SHARE = 0.88

# A transparent 1 x 1 GIF: its load event runs the page script.
_PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

_PAGE_SCRIPT = """(function (img, figureName) {
  var root = img.closest('.gmm-explorer, .gmm-playground');
  if (!root || root.gmmPage) { return; }
  root.gmmPage = true;
  var sent = '';
  function report() {
    var box = root.querySelector('.gmm-page-size input');
    // Layout pixels, the canvas's own: a slide scaled by reveal.js does not change them.
    var width = root.clientWidth;
    if (!box || width < 40) { return; }
    var size = width + ' ' + Math.floor(window.innerHeight);
    if (size === sent) { return; }
    sent = size;
    box.value = size;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }
  var timer = null;
  function later() { clearTimeout(timer); timer = setTimeout(report, 100); }
  function name() {
    root.querySelectorAll('.widget-slider').forEach(function (slider) {
      var label = slider.querySelector('.widget-label');
      slider.querySelectorAll('.noUi-handle').forEach(function (handle) {
        if (label && handle.getAttribute('aria-label') !== label.textContent) {
          handle.setAttribute('aria-label', label.textContent);
        }
      });
    });
    root.querySelectorAll('i.fa').forEach(function (icon) {
      if (!icon.hasAttribute('aria-hidden')) { icon.setAttribute('aria-hidden', 'true'); }
    });
    root.querySelectorAll('.jupyter-matplotlib-canvas-div').forEach(function (figure) {
      if (figure.getAttribute('aria-label') !== figureName) {
        figure.setAttribute('role', 'img');
        figure.setAttribute('aria-label', figureName);
      }
    });
  }
  // ipympl's figure takes every key pressed on it, Tab too, and would keep the focus
  // for good: Tab and Shift+Tab go past it, to the next control.
  root.addEventListener('keydown', function (event) {
    if (event.key === 'Tab' && event.target.closest('.jupyter-matplotlib-canvas-div')) {
      event.stopPropagation();
    }
  }, true);
  new ResizeObserver(later).observe(root);
  window.addEventListener('resize', later);
  new MutationObserver(function () { name(); later(); }).observe(
    root, {childList: true, subtree: true});
  name();
  report();
})(this, %s)"""

_PAGE_STYLE = """
.gmm-explorer, .gmm-playground { max-width: 100%%; }
/* More specific than ipywidgets' "outline: none !important" on its inputs. */
:is(.gmm-explorer, .gmm-playground) :focus-visible,
:is(.gmm-explorer, .gmm-playground) .jupyter-widgets :is(input, select, textarea):focus,
:is(.gmm-explorer, .gmm-playground) .noUi-handle:focus {
  outline: 3px solid #1a5fb4 !important; outline-offset: 2px;
}
/* Scrolled to on focus with room for the ring. */
:is(.gmm-explorer, .gmm-playground) :is(button, input, select, [tabindex]) {
  scroll-margin: 12px;
}
.gmm-present {
  --jp-widgets-font-size: %(px)dpx; --jp-ui-font-size1: %(px)dpx;
  --jp-content-font-size1: %(px)dpx; --jp-widgets-inline-height: %(height)dpx;
  font-size: %(px)dpx;
}
.gmm-present .widget-label, .gmm-present .widget-readout, .gmm-present .widget-button,
.gmm-present .widget-toggle-button, .gmm-present select, .gmm-present input,
.gmm-present .widget-html-content { font-size: %(px)dpx; }
""" % {"px": PRESENT_TEXT_PX, "height": round(PRESENT_TEXT_PX * 2.1)}


def _presenting(present):
    """Whether to show an explorer at presenting size.

    ``present=None`` asks the environment: on when ``GMM_LESSON_PRESENT`` is ``"1"``,
    or on a Voila page whose address has ``present=1`` in its query (Voila gives the
    kernel the page's address in ``VOILA_REQUEST_URL``).
    """
    if present is not None:
        return bool(present)
    if os.environ.get(PRESENT_ENV, "").strip() == "1":
        return True
    query = urlsplit(os.environ.get("VOILA_REQUEST_URL", "")).query
    return "1" in parse_qs(query).get("present", [])


def _page_widgets(owner, kind, figure_name):
    """The explorer's page script and stylesheet, and the hidden box it writes the
    column's size into; ``owner._on_page_size`` is told of every new size."""
    script = html.escape(_PAGE_SCRIPT % _js_string(figure_name), quote=True)
    page = widgets.HTML(
        f'<style>{_PAGE_STYLE}</style><img alt="" hidden src="{_PIXEL}" onload="{script}">',
        layout=widgets.Layout(height="0px", min_height="0px", margin="0px",
                              overflow="hidden"))
    size = widgets.Text(layout=widgets.Layout(display="none"))
    size.add_class("gmm-page-size")
    size.observe(owner._on_page_size, names="value")
    return page, size


def _js_string(text):
    """``text`` as a JavaScript string literal in double quotes."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def _page_size(text):
    """(column width, window height) in CSS pixels from the page script's "W H", or None."""
    try:
        width, height = (int(part) for part in str(text).split())
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None


def _css_pixels_per_inch(fig):
    """CSS pixels per inch of ``fig`` on screen (ipympl multiplies the dpi by the
    screen's device pixel ratio; the CSS size stays)."""
    return fig.dpi / getattr(fig.canvas, "device_pixel_ratio", 1)


def _fitted_width(column, natural, present):
    """CSS pixels of a figure's width in a column ``column`` pixels wide: its natural
    width, or less if the column is narrower; the whole column at presenting size."""
    room = column - _FIGURE_MARGIN_PX
    return room if present else min(room, natural)


def _height_limit(window, present, present_share=_PRESENT_HEIGHT_SHARE):
    """CSS pixels a figure's height should not exceed in a window ``window`` pixels tall."""
    return (present_share if present else _HEIGHT_SHARE) * window


def _style_rc(present):
    """Matplotlib settings for a figure at the size asked for."""
    return {"font.size": PRESENT_FONT_SIZE} if present else {}


# --- the canvas -------------------------------------------------------------------------


def _in_kernel():
    """True inside a Jupyter kernel (notebook, Voila), False in pytest or a script."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


_LIVE = {}  # figure label -> weak reference to the explorer that owns that figure


def _ipympl_canvas_classes():
    """ipympl's canvas and manager, leaving pyplot's backend as the notebook chose it."""
    if "ipympl" not in sys.modules:
        backend = matplotlib.get_backend()
        import ipympl  # noqa: F401  (its first import switches pyplot to ipympl)

        if matplotlib.get_backend() != backend:
            if "inline" in backend:
                # The inline backend also registers IPython's PNG formatter: the magic
                # restores both, matplotlib.use only the first.
                from IPython import get_ipython

                get_ipython().run_line_magic("matplotlib", "inline")
            else:
                matplotlib.use(backend)
    from ipympl.backend_nbagg import Canvas, FigureManager

    return _fast_png_canvas(Canvas), FigureManager


MIN_FRAME_BYTES = 66_000
"""Frames smaller than this are padded up to it (see :func:`_fast_png_canvas`)."""


@functools.cache
def _fast_png_canvas(Canvas):
    """ipympl's ``Canvas``, sending its whole frames as quickly made PNGs.

    matplotlib's web canvas has PIL encode each frame at zlib's default level, with a
    filter chosen for each row: 13 ms for an explorer's frame, the largest part of a
    step's time in the kernel. Unfiltered rows at level 1 (:func:`_png`) take 3 ms for
    a smaller file: a figure's flat colours compress well as they are. The explorers
    send whole frames anyway (see :func:`_whole_frames`).

    A frame under 64 KiB reached Chromium about 25 ms later than a larger one (Voila
    and JupyterLab on one machine, the server writing both to the websocket at once):
    the 1D explorer's 56 KB frames took 66 ms from click to pixels, the same frames
    padded past 64 KiB 47 ms. So a smaller frame is padded to :data:`MIN_FRAME_BYTES`
    with a private ancillary chunk, which PNG readers skip.
    """

    class LessonCanvas(Canvas):
        def get_diff_image(self):
            # matplotlib's own (backend_webagg_core), for whole frames only.
            if not self._png_is_old:
                return None
            pixels = np.asarray(self.get_renderer().buffer_rgba())
            self.set_image_mode("full")
            self._last_buff = pixels.view(np.uint32).squeeze(2).copy()
            self._force_full = False
            self._png_is_old = False
            return _png(pixels, min_bytes=MIN_FRAME_BYTES)

    return LessonCanvas


def _png(pixels, min_bytes=0):
    """A PNG of RGBA pixels: rows unfiltered, compressed at zlib level 1.

    Parameters
    ----------
    pixels : ndarray of shape (height, width, 4), dtype uint8
    min_bytes : int, default=0
        A shorter file gets a private ancillary chunk of zeros ("gmPd") after its
        header, which PNG readers skip, to make it this long.

    Returns
    -------
    png : bytes
    """
    height, width, _ = pixels.shape
    rows = np.empty((height, 1 + 4 * width), dtype=np.uint8)
    rows[:, 0] = 0   # each row starts with its filter type: 0, none
    rows[:, 1:] = pixels.reshape(height, -1)
    header = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
    data = _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
    end = _png_chunk(b"IEND", b"")
    signature = b"\x89PNG\r\n\x1a\n"
    missing = min_bytes - len(signature + header + data + end) - 12   # 12: a chunk's framing
    padding = _png_chunk(b"gmPd", bytes(missing)) if missing > 0 else b""
    return signature + header + padding + data + end


def _png_chunk(kind, data):
    """A PNG chunk: length, type, data and the CRC of type and data."""
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def _attach_canvas(fig):
    """Give ``fig`` a live ipympl canvas inside a kernel, an Agg canvas elsewhere.

    pyplot is not involved: its backend stays what the notebook chose, so the static
    figures around an explorer stay inline pictures, and no figure is registered
    twice or shown by accident.
    """
    if _in_kernel():
        Canvas, FigureManager = _ipympl_canvas_classes()
        FigureManager(Canvas(fig), num=id(fig))
    else:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)


def _close_figure(fig):
    """Release a figure made by :func:`_new_figure` and its canvas widget."""
    if isinstance(fig.canvas, widgets.DOMWidget):
        fig.canvas.close()


def _new_figure(owner, label, figsize):
    """A labelled figure for ``owner``, replacing the previous owner of that label.

    The figure is shown only where the explorer's widget is, with the ipympl header,
    toolbar and footer hidden (guarded: Agg has none).
    """
    previous = _LIVE.pop(label, None)
    previous = previous() if previous is not None else None
    if previous is not None:
        previous.close()
    fig = Figure(figsize=figsize, layout="constrained")
    _attach_canvas(fig)
    fig.canvas.mpl_connect("draw_event", lambda event: _whole_frames(event.canvas))
    canvas_settings = {"header_visible": False, "footer_visible": False,
                       "toolbar_visible": False, "resizable": False}
    for name, value in canvas_settings.items():
        if hasattr(fig.canvas, name):
            setattr(fig.canvas, name, value)
    if isinstance(fig.canvas, widgets.DOMWidget):
        # ipympl lets its box grow to fill a row; the figure keeps its own size.
        fig.canvas.layout.flex = "0 0 auto"
        fig.canvas.on_msg(_say_not_resizable_again)
    _LIVE[label] = weakref.ref(owner)
    return fig


def _say_not_resizable_again(canvas, content, buffers):
    """Repeat ``resizable = False`` once ipympl's front end is up.

    The front end marks a live canvas resizable whatever the kernel said, and then
    draws a resize handle that a learner could drag, stretching a figure whose layout
    was made for its size. Said again after the front end's "initialized" message, the
    kernel's value stands.
    """
    if content.get("type") == "initialized":
        canvas.send_state("resizable")


def _whole_frames(canvas):
    """Make the picture ipympl is about to send a whole one, not the changed pixels.

    ipympl sends each frame as the pixels that changed since the frame before, and its
    front end drops a frame that arrives while the previous one is still loading
    (matplotlib issue 19116): after two quick steps, parts of the first step's picture
    would never be shown, and stay stale until those pixels change again. A whole
    frame costs a few milliseconds more to encode and cannot leave anything stale.
    Called on every ``draw_event`` and before every blit.
    """
    if hasattr(canvas, "_force_full"):  # matplotlib's web canvases (ipympl's among them)
        canvas._force_full = True


def _freeze_layout(fig):
    """Lay the figure out once, then keep the axes where they are.

    Constrained layout would otherwise be recomputed on every frame (a third of the
    time of a frame), and the saved background of a blitted frame must have exactly
    the layout of the full figure.
    """
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


def _artist_leaves(item):
    """Every matplotlib artist in a (nested) named tuple or list of artists."""
    if isinstance(item, matplotlib.artist.Artist):
        return [item]
    if isinstance(item, (tuple, list)):
        return [leaf for child in item for leaf in _artist_leaves(child)]
    return []


def _skip_draw(renderer):
    """Stands in for an artist's ``draw`` while the background is rendered."""


class _Blitter:
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
    ``draw_idle`` instead: ipympl mistakes an early picture for its first one.

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
        _whole_frames(canvas)
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


# --- errors and messages ------------------------------------------------------------------


def _reported(method):
    """Run a control's action; show any error in the status line instead of raising.

    A callback's exception would otherwise vanish (ipywidgets and matplotlib swallow
    it) or, from a direct call, interrupt the lesson with a traceback.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 -- every error goes to the status line
            self._report_error(error)
            return None

    return wrapper


def _warning_messages(caught):
    """Readable text for the warnings a fit raised, collapse first, without repeats."""
    ordered = sorted(caught, key=lambda w: not issubclass(w.category, CollapseWarning))
    messages = []
    for record in ordered:
        text = str(record.message)
        if issubclass(record.category, CollapseWarning):
            text = f"Collapse: {text}"
        if text not in messages:
            messages.append(text)
    return messages


class _StatusMixin:
    """A status line (what happened last, and what to watch out for) and an error log."""

    _COLOURS = {"info": "#333333", "warning": "#8a4b00", "error": "#b00020"}

    def _make_status_widgets(self):
        # No width of its own: a box stretches it to its width less its margins (a
        # width of 100% plus the margins would overflow the box by a few pixels).
        self._status_html = widgets.HTML()
        self._error_log = widgets.Output(layout=widgets.Layout(
            display="none", max_height="12em", overflow="auto",
            border="1px solid #D55E00"))
        self._lasting = ([], "info")   # until the next fit: its summary and warnings
        self._note = ("", "info")      # replaced by the next action
        self.errors = []               # every exception a control caught

    @property
    def status(self):
        """The status line as plain text."""
        return "\n".join(part for part in [*self._lasting[0], self._note[0]] if part)

    def _set_note(self, text, level="info"):
        self._note = (text, level)
        self._render_status()

    def _set_lasting(self, messages, *, level="info"):
        self._lasting = (list(messages), level)
        self._note = ("", "info")
        self._render_status()

    def _render_status(self):
        def line(text, level):
            return (f'<div style="color:{self._COLOURS[level]}; line-height:1.35">'
                    f"{html.escape(text)}</div>")

        messages, level = self._lasting
        lines = [line(text, level) for text in messages if text]
        if self._note[0]:
            lines.append(line(*self._note))
        self._status_html.value = "".join(lines)

    def _report_error(self, error):
        self.errors.append(error)
        self._set_note(f"Error: {type(error).__name__}: {error}", level="error")
        self._error_log.layout.display = None
        with self._error_log:
            print("".join(traceback.format_exception(type(error), error,
                                                     error.__traceback__)))

    def _static_figure(self):
        """The figure as a viewer without widgets should see it."""
        return self.fig

    def _static_bundle(self, include=None, exclude=None):
        """The widget, plus a picture of the figure for viewers without widgets
        (GitHub, nbviewer), plus a short text; a front end shows the richest it can."""
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = repr(self)
        if _in_kernel():
            import io

            with io.BytesIO() as png:
                self._static_figure().savefig(png, format="png", dpi=72)
                bundle["image/png"] = png.getvalue()
        if include:
            bundle = {key: value for key, value in bundle.items() if key in include}
        if exclude:
            bundle = {key: value for key, value in bundle.items() if key not in exclude}
        return bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self._static_bundle(include, exclude)


def _shortfall(final, best, n_samples, tol):
    """How far a run's final log-likelihood lies below the best one seen, if clearly.

    Parameters
    ----------
    final, best : float
        Total log-likelihoods of the same ``n_samples`` points.
    n_samples : int
    tol : float
        The run's convergence threshold on the mean log-likelihood per point.

    Returns
    -------
    gap : float or None
        ``best - final`` if it exceeds ``n_samples * max(LOWER_PEAK_MARGIN, 50 * tol)``,
        else None.
    """
    gap = best - final
    return gap if gap > n_samples * max(LOWER_PEAK_MARGIN, 50 * tol) else None


def _swatch(k, n_components):
    """A small square in component k's colour, to go before its name in page text."""
    colour = to_hex(plotting.component_colors(n_components)[k])
    return (f'<span aria-hidden="true" style="display:inline-block; width:0.9em; '
            f"height:0.9em; background:{colour}; border-radius:2px; vertical-align:middle; "
            f'margin-right:0.35em"></span>')


def _caption_body(title, log_likelihood, weights, tags, point_start):
    """The caption's page text: the title, then the log-likelihood and each component's
    weight as sentences a screen reader reads ("component 0: weight 0.65; ...").

    ``weights`` are formatted numbers, ``tags`` maps a component to words after its
    weight (" (collapsed)").
    """
    n_components = len(weights)
    items = "; ".join(
        f'<span style="white-space:nowrap">{_swatch(k, n_components)}component {k}: '
        f"weight {html.escape(w)}{html.escape(tags.get(k, ''))}</span>"
        for k, w in enumerate(weights))
    after = " Point start." if point_start else ""
    return (f'<div style="font-size:1.15em; font-weight:600">{html.escape(title)}</div>'
            f"<div>Log-likelihood {html.escape(log_likelihood)}. {items}.{after}</div>")


def _caption_reserve_html(captions):
    """Invisible copies of ``captions``, one over the other, for the caption's cell.

    The caption shares a grid cell with them (see ``EMExplorer._layout``), so it is as
    tall as the tallest of them at the page's width, whatever the step shows, and the
    figure under it never moves. They change only with the fit, not at every step.
    """
    cell = "grid-area:1 / 1"
    copies = "".join(f'<div style="{cell}">{text}</div>' for text in captions)
    return (f'<div aria-hidden="true" style="display:grid; visibility:hidden">{copies}'
            "</div>")


def _typed_number(text):
    """The number a learner typed in a box, or None if it is not one."""
    try:
        return float(str(text).strip())
    except ValueError:
        return None


def _broad_start(X, means, covariance_type, reg_covar):
    """A start from chosen means: equal weights, and every component as spread out as
    all the data together (the one-component M-step's covariance).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    means : ndarray of shape (n_components, n_features)
    covariance_type : {'full', 'tied', 'diag', 'spherical'}
    reg_covar : float

    Returns
    -------
    MixtureState
    """
    n_components = len(means)
    _, _, covariance = m_step(X, np.ones((len(X), 1)), reg_covar=reg_covar,
                              covariance_type=covariance_type)
    if covariance_type != "tied":
        covariance = np.repeat(covariance, n_components, axis=0)
    return MixtureState.from_parameters(np.full(n_components, 1.0 / n_components), means,
                                        covariance, covariance_type)


def _on_step(value, slider):
    """``value`` on ``slider``'s grid of steps and within its range, as a browser shows it."""
    steps = round((value - slider.min) / slider.step)
    # Rounded to ten decimals: -0.95 + 31 * 0.05 is 0.6000000000000001 in binary.
    return float(np.clip(round(slider.min + steps * slider.step, 10), slider.min, slider.max))


def _button(description, tooltip, icon=""):
    return widgets.Button(description=description, tooltip=tooltip, icon=icon,
                          layout=widgets.Layout(width="auto", min_width="6.5em"))


# --- the EM explorer ---------------------------------------------------------------------


class EMExplorer(_StatusMixin):
    """Step through EM on 1D or 2D data, half-step by half-step.

    Fits once and replays the recorded history: the slider, the step buttons and
    play move the existing artists to another half-step (start, then an E-step and an
    M-step per iteration) and never refit. A new seed, another start or another
    number of components fits again.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        One feature gives the 1D view (histogram, component curves, responsibility
        bands); two or more the 2D view of features ``dims`` (points coloured by
        responsibility, 1/2/3-sigma ellipses).
    n_components : int, default=3
        Number of components, 1 to 8.
    init : {'k-means++', 'random', 'random_from_data', 'kmeans', 'click'}, default='k-means++'
        How EM starts (scikit-learn's ``init_params``), or ``'click'``: the learner
        clicks ``n_components`` points on the plot to place the means.
    random_state : int, default=0
        Seed of the start; "new seed" adds one.
    max_iter : int, default=100
        Most EM iterations recorded.
    tol : float, default=1e-3
        EM stops when the mean log-likelihood per sample changes by less.
    reg_covar : float, default=1e-6
        Added to each covariance's diagonal; 0 lets a component collapse onto a point
        (the fit then fails and the status line says why).
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'
    dims : (int, int), default=(0, 1)
        The two features shown for data with more than one feature.
    radii : sequence of float, default=(1, 2, 3)
        Mahalanobis radii of the ellipses.
    feature_names : sequence of str, optional
    label : str, default='EM explorer'
        Label of the figure; a new explorer with the same label closes this one's.
    figsize : (float, float), optional
        Default: 8.3 inches wide, as tall as the data's shape needs
        (:func:`~gmm_lesson.plotting.em_step_figsize`). In a notebook column narrower
        than this, the figure is made narrower to fit (below
        :data:`STACK_BELOW_PX` pixels, with the log-likelihood panel under the data).
    interval : int, default=700
        Milliseconds per half-step when playing; the speed menu offers it with
        :data:`SPEEDS`.
    blit : bool, default=True
        Redraw only the moving artists on a step (see :class:`_Blitter`); ``False``
        asks for a full redraw every time.
    present : bool, optional
        Presenting size, for a room: the figure fills the column's width and every
        text, in the figure and around it, is at least 16 pixels tall. Default: on
        when the environment variable ``GMM_LESSON_PRESENT`` is ``"1"``, or on a Voila
        page whose address asks for ``?present=1``.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What to display; a cell ending with the explorer shows it.
    history : EMHistory or None
        The fit being replayed (None before a fit succeeded).
    fig : Figure
    errors : list of Exception
        Errors the controls caught and showed in the status line.

    Notes
    -----
    The explorer remembers the best final log-likelihood its fits have reached for
    each number of components (with its covariance type and ``reg_covar``; the data
    are its own), leaving out fits that end with a collapsed component, whose
    likelihood can beat every sensible fit. When a fit ends clearly below that best
    (by more than :data:`LOWER_PEAK_MARGIN` per point), the status line says that
    this run stopped lower, by how much, and which run did better.
    :meth:`remember_best` tells it of a value reached elsewhere.

    Examples
    --------
    >>> explorer = EMExplorer(datasets.stretched_blobs(), n_components=3)
    >>> explorer.step_forward()   # the first E-step
    >>> explorer.title
    'Iteration 1 — after the E-step: points recoloured by their responsibilities'
    """

    def __init__(self, X, n_components=3, *, init="k-means++", random_state=0, max_iter=100,
                 tol=1e-3, reg_covar=1e-6, covariance_type="full", dims=(0, 1),
                 radii=(1, 2, 3), feature_names=None, label="EM explorer",
                 figsize=None, interval=700, blit=True, present=None):
        self.X = check_X(X, min_samples=2)
        self.n_features = self.X.shape[1]
        self.n_components = self._check_n_components(n_components)
        self.init = self._check_init(init)
        self.seed = check_integer(random_state, "random_state", 0)
        self.fit_params = dict(max_iter=check_integer(max_iter, "max_iter", 1), tol=tol,
                               reg_covar=reg_covar, covariance_type=covariance_type)
        self.dims = tuple(dims) if self.n_features > 1 else (0,)
        if self.n_features > 1 and (len(self.dims) != 2 or self.dims[0] == self.dims[1]
                                    or not all(0 <= d < self.n_features for d in self.dims)):
            raise ValueError(f"dims must be two different feature indices in "
                             f"0..{self.n_features - 1}, got {dims}.")
        interval = check_integer(interval, "interval", 1)
        self.radii = tuple(radii)
        self.feature_names = feature_names
        self.label = label
        self.use_blit = bool(blit)
        self.present = _presenting(present)
        self.history = None
        self._history_init = None   # the start the history was fitted from
        self._artists = None
        self._blitter = None
        self._best = {}             # (K, covariance type, reg_covar) -> (value, source)
        self._run = None            # (final log-likelihood, source) of a comparable fit
        self._fit_messages = ([], "info")
        self._step_note = ("", "info")  # what the status line says of the step shown
        self._placing = None    # means clicked so far while placing, else None
        self._point = None      # the point whose membership is shown
        self._quiet = False     # set while the controls are reconfigured after a fit
        self._callbacks = []
        self._make_status_widgets()
        self._figsize_given = figsize is not None
        with matplotlib.rc_context(_style_rc(self.present)):
            self._natural_figsize = (tuple(figsize) if figsize is not None else
                                     plotting.em_step_figsize(self.X, dims=self.dims))
        self._stacked = False   # the layout of plotting.em_step_axes
        self._page = None       # (column width, window height) in CSS pixels, once known
        self.fig = _new_figure(self, label, self._natural_figsize)
        self._make_controls(interval)
        self._callbacks.append(self.fig.canvas.mpl_connect("button_press_event",
                                                           self._on_press))
        self._callbacks.append(self.fig.canvas.mpl_connect("key_press_event", self._on_key))
        self.widget = self._layout()
        self._refit()

    # --- checks at the boundary -------------------------------------------------------

    def _check_n_components(self, n_components):
        n_components = check_integer(n_components, "n_components", 1)
        most = self._most_components()
        if n_components > most:
            raise ValueError(f"n_components must be between 1 and {most} (one colour "
                             f"per component, at most one per sample), got {n_components}.")
        return n_components

    def _most_components(self):
        return min(MAX_COMPONENTS, self.X.shape[0])

    @staticmethod
    def _check_init(init):
        if init not in _START_NAMES:
            raise ValueError(f"init must be one of {tuple(_START_NAMES)}, got {init!r}.")
        return init

    # --- controls ---------------------------------------------------------------------

    def _make_controls(self, interval):
        # The browser's Play widget keeps the time (no round trip to the kernel per
        # tick) but its buttons are bare icons, without a name a screen reader could
        # say: it stays hidden, driven by a labelled Play / Pause button.
        self._play = widgets.Play(value=0, min=0, max=0, step=1, interval=interval,
                                  show_repeat=False, layout=widgets.Layout(display="none"))
        self._play_button = widgets.ToggleButton(
            value=False, description="Play", icon="play",
            tooltip="Play the half-steps one after another / pause",
            layout=widgets.Layout(width="auto", min_width="6.5em"))
        speeds = dict(SPEEDS)
        if interval not in speeds.values():
            speeds[f"{interval} ms"] = interval
        self._speed = widgets.Dropdown(
            options=sorted(speeds.items(), key=lambda item: -item[1]), value=interval,
            description="speed", tooltip="How fast Play moves through the half-steps",
            style={"description_width": "initial"}, layout=widgets.Layout(width="11em"))
        # No width of its own (see the status line): as wide as the explorer.
        self._slider = widgets.IntSlider(
            value=0, min=0, max=0, description="half-step",
            tooltip="Move through the recorded half-steps (start, then E and M per iteration)",
            continuous_update=True, layout=widgets.Layout(width="auto"))
        widgets.link((self._play, "value"), (self._slider, "value"))
        widgets.link((self._speed, "value"), (self._play, "interval"))
        self._play_button.observe(self._on_play_button, names="value")
        self._play.observe(self._show_playing, names="playing")
        self._back = _button("Step back", "Show the previous half-step", "step-backward")
        self._forward = _button("Step forward", "Show the next half-step (E or M)",
                                "step-forward")
        self._reset = _button("Reset", "Back to the start of this fit", "fast-backward")
        self._components = widgets.Dropdown(
            options=list(range(1, self._most_components() + 1)), value=self.n_components,
            description="components K", tooltip="Number of components (fits again)",
            style={"description_width": "initial"}, layout=widgets.Layout(width="11em"))
        self._start = widgets.Dropdown(
            options=INIT_CHOICES, value=self.init, description="start",
            tooltip="How EM starts (fits again)", style={"description_width": "initial"},
            layout=widgets.Layout(width="17em"))
        self._new_seed = _button("New seed", "Start again from another random draw",
                                 "random")
        self._seed_label = widgets.HTML()
        # Sent once a box loses the focus, not at every key: a state update waits while
        # the box's previous one is on its way, and the button's click, sent at once,
        # could overtake it and find the number half-typed.
        box = dict(style={"description_width": "1.5em"}, placeholder="a number",
                   continuous_update=False)
        # A layout each: the y box alone is hidden for 1D data.
        self._x_box = widgets.Text(description="x", layout=widgets.Layout(width="9em"), **box)
        self._y_box = widgets.Text(description="y", layout=widgets.Layout(width="9em"), **box)
        self._show_point = _button("Membership", "Show the membership probabilities of "
                                   "the point (x, y) for the parameters shown", "crosshairs")
        self._membership_html = widgets.HTML()
        # The words that change at every step (title, log-likelihood, weights) are page
        # text, not drawn in the figure: free to change, and read by screen readers.
        # They share a grid cell with invisible copies of the longest they can become.
        self._caption = widgets.HTML(layout=widgets.Layout(grid_area="caption"))
        self._caption_reserve = widgets.HTML(layout=widgets.Layout(grid_area="caption"))
        self._caption_box = widgets.GridBox(
            [self._caption_reserve, self._caption],
            layout=widgets.Layout(grid_template_areas='"caption"',
                                  grid_template_columns="minmax(0, 1fr)"))
        self._title = ""
        self._reserved_for = None   # the history the caption's reserve was made for
        if self.n_features == 1:
            self._y_box.layout.display = "none"
            self._x_box.tooltip = "A value of x"
        self._page_script, self._page_size = _page_widgets(
            self, "explorer",
            "Figure of EM at the half-step named above it: the data and the components"
            + (", with the responsibilities under them" if self.n_features == 1 else "")
            + ", the log-likelihood curve, and a legend. The left and right arrow keys "
            "step back and forward.")

        self._slider.observe(self._on_slider, names="value")
        self._back.on_click(lambda _: self.step_back())
        self._forward.on_click(lambda _: self.step_forward())
        self._reset.on_click(lambda _: self.reset())
        self._new_seed.on_click(lambda _: self.reinitialise(seed=self.seed + 1))
        self._components.observe(self._on_components, names="value")
        self._start.observe(self._on_start, names="value")
        self._show_point.on_click(lambda _: self.click_typed())

    def _layout(self):
        row = widgets.Layout(align_items="center", flex_flow="row wrap")
        playing = widgets.HBox([self._play_button, self._play, self._back, self._forward,
                                self._reset, self._speed], layout=row)
        fitting = widgets.HBox([self._components, self._start, self._new_seed,
                                self._seed_label], layout=row)
        words = ("click the data or the bands, or type" if self.n_features == 1
                 else "click the data or type")
        point = widgets.HBox([widgets.HTML(f"<b>A point:</b> {words}"),
                              self._x_box, self._y_box, self._show_point], layout=row)
        canvas = self.fig.canvas
        parts = [canvas] if isinstance(canvas, widgets.DOMWidget) else []
        box = widgets.VBox(
            [self._page_script, self._page_size, self._caption_box, *parts, self._slider,
             playing, fitting, self._status_html, point, self._membership_html,
             self._error_log],
            layout=widgets.Layout(width="100%"))
        box.add_class("gmm-explorer")
        if self.present:
            box.add_class("gmm-present")
        return box

    def __repr__(self):
        return (f"EMExplorer({self.X.shape[0]} samples, {self.n_features} feature(s), "
                f"K={self.n_components}, start={self.init!r}, seed={self.seed})")

    # --- what the learner sees, readable from code -------------------------------------

    @property
    def step(self):
        """Index of the half-step shown, 0 .. ``n_half_steps - 1``; setting it moves there."""
        return self._slider.value

    @step.setter
    def step(self, index):
        self._go_to(index)

    @property
    def n_half_steps(self):
        return 0 if self.history is None else self.history.n_half_steps

    @property
    def half_step(self):
        """The :class:`~gmm_lesson.em.HalfStep` shown, or None before a fit."""
        return None if self.history is None else self.history.half_step(self.step)

    @property
    def state(self):
        """The :class:`~gmm_lesson.em.MixtureState` whose parameters are drawn."""
        step = self.half_step
        return None if step is None else self.history.states[step.params]

    @property
    def artists(self):
        """The :class:`~gmm_lesson.plotting.EMStepArtists` of the view (None while the
        means are being placed or before a fit succeeded)."""
        return self._artists

    @property
    def title(self):
        """The explorer's title: the iteration and whether the last half-step was E or M."""
        return self._title

    @property
    def playing(self):
        return self._play.playing

    @property
    def best_log_likelihood(self):
        """The best final log-likelihood seen (or told, :meth:`remember_best`) for the
        current number of components, as ``(value, source)``, or None.

        ``source`` says where it came from, as the status line words it after "from",
        e.g. ``"seed 0, start 'k-means++'"``.
        """
        return self._best.get(self._comparable())

    @property
    def membership(self):
        """Membership probabilities of the chosen point under the state shown, shape
        (n_components,), or None before a point is chosen."""
        if self._point is None or self.state is None:
            return None
        return self._shown_state_for_point().responsibilities(self._point)[0]

    @property
    def membership_text(self):
        """The membership probabilities as plain text, one component per line."""
        probabilities = self.membership
        if probabilities is None:
            return ""
        lines = [f"p(component {k} | point) = {p:.3f}" for k, p in enumerate(probabilities)]
        return f"{self._point_words()}\n" + "\n".join(lines)

    # --- actions (the buttons call these) ---------------------------------------------

    @_reported
    def step_forward(self):
        """Show the next half-step (an E-step, then its M-step)."""
        if self._not_ready():
            return
        if self.step >= self.n_half_steps - 1:
            self._set_note(f"This is the last half-step: EM "
                           f"{self._ending_words(self.history)} after "
                           f"{self.history.n_iter} iterations.")
            return
        self._slider.value = self.step + 1

    @_reported
    def step_back(self):
        """Show the previous half-step."""
        if self._not_ready():
            return
        if self.step <= 0:
            self._set_note("This is the start: there is no earlier half-step.")
            return
        self._slider.value = self.step - 1

    @_reported
    def reset(self):
        """Pause and go back to the start of the recorded fit (no refit)."""
        self._play.playing = False
        if self._not_ready():
            return
        self._slider.value = 0

    @_reported
    def play(self):
        """Start playing the half-steps (pressing it again changes nothing)."""
        if self._not_ready():
            return
        if self.step >= self.n_half_steps - 1:
            self._slider.value = 0
        self._play.playing = True

    @_reported
    def pause(self):
        self._play.playing = False

    @_reported
    def set_n_components(self, n_components):
        """Fit again with ``n_components`` components (1 to 8), from the same start."""
        self._components.value = self._check_n_components(n_components)

    @_reported
    def reinitialise(self, seed=None, init=None, means=None):
        """Fit again from a new start.

        Parameters
        ----------
        seed : int, optional
            New seed of the start; default: keep the current one.
        init : str, optional
            One of the starts of :data:`INIT_CHOICES`; default: keep the current one.
            ``'click'`` without ``means`` waits for the learner to click the means.
        means : array-like of shape (n_components, n_features), optional
            Means to start from (with ``init='click'``), as if clicked.
        """
        if seed is not None:
            self.seed = check_integer(seed, "seed", 0)
        if init is not None:
            self.init = self._check_init(init)
            with self._holding():
                self._start.value = self.init
        self._refit(means=means)

    def remember_best(self, log_likelihood, source, *, n_components=None):
        """Tell the explorer of a log-likelihood reached elsewhere on the same data.

        A fit that then ends clearly below it is reported as stopping lower, as if the
        explorer had seen that run itself. A value below the best already known
        changes nothing.

        Parameters
        ----------
        log_likelihood : float
            Total log-likelihood of the explorer's data (``model.score(X) * len(X)``)
            under a fit with the explorer's covariance type and ``reg_covar``, and
            without a collapsed component.
        source : str
            Where it comes from, in words that read after "from" in the status line,
            e.g. ``"a k-means start with 10 restarts"``.
        n_components : int, optional
            The number of components of that fit; default: the explorer's current one.

        Examples
        --------
        >>> best = GaussianMixture(3, n_init=10, random_state=0).fit(X)
        >>> explorer.remember_best(best.score(X) * len(X), "ten k-means starts")
        """
        value = float(log_likelihood)
        if not np.isfinite(value):
            raise ValueError(f"log_likelihood must be a finite number, got {log_likelihood!r}.")
        if not isinstance(source, str) or not source.strip():
            raise ValueError(f"source must be a non-empty string, got {source!r}.")
        n_components = (self.n_components if n_components is None
                        else self._check_n_components(n_components))
        self._keep_if_best(self._comparable(n_components), value, source.strip())
        if self.history is not None and self._placing is None:
            self._show_fit_status()
            self._show(self.step)

    @_reported
    def click(self, x, y=None):
        """What a click on the data at (x, y) does, from code (1D: ``click(x)``).

        While means are being placed it places the next one; otherwise it shows the
        point's membership probabilities for the parameters shown (and keeps showing
        them for this point as the explorer moves).
        """
        point = [x] if self.n_features == 1 else [x, y]
        if any(not isinstance(value, (int, float, np.number)) or not np.isfinite(value)
               for value in point):
            self._set_note("Give the point's coordinates as numbers.", level="warning")
            return
        if self._placing is not None:
            self._place_mean(point)
            return
        if self.state is None:
            self._set_note("There is no fitted mixture yet to ask about.", level="warning")
            return
        self._point = self._point_in_features(point)
        with self._holding():
            # Shown rounded; the point itself keeps every digit of the click.
            self._x_box.value = f"{float(x):.4g}"
            if y is not None:
                self._y_box.value = f"{float(y):.4g}"
        # The click worked: what the status line says is about the step again.
        self._set_note(*self._step_note)
        self._show_membership()
        self._render()

    @_reported
    def click_typed(self):
        """What the Membership button does: :meth:`click` at the typed coordinates."""
        typed = [_typed_number(self._x_box.value)]
        if self.n_features > 1:
            typed.append(_typed_number(self._y_box.value))
        self.click(*typed)

    def close(self):
        """Close the figure and the controls (a re-run cell's explorer is closed so)."""
        self._play.playing = False
        for cid in self._callbacks:
            self.fig.canvas.mpl_disconnect(cid)
        if self._blitter is not None:
            self._blitter.disconnect()
        _close_figure(self.fig)
        for child in self._all_widgets():
            child.close()
        if _LIVE.get(self.label) is not None and _LIVE[self.label]() is self:
            del _LIVE[self.label]

    # --- callbacks ---------------------------------------------------------------------

    @_reported
    def _on_slider(self, change):
        if not self._quiet and self.history is not None:
            self._show(change["new"])

    @_reported
    def _on_play_button(self, change):
        if change["new"] and not self._play.playing:
            self.play()
        elif not change["new"] and self._play.playing:
            self.pause()
        self._show_playing()

    def _show_playing(self, change=None):
        """The Play / Pause button says what pressing it will do."""
        playing = self._play.playing
        self._play_button.value = playing
        self._play_button.description = "Pause" if playing else "Play"
        self._play_button.icon = "pause" if playing else "play"

    @_reported
    def _on_components(self, change):
        if not self._quiet:
            self.n_components = change["new"]
            self._refit()

    @_reported
    def _on_start(self, change):
        if not self._quiet:
            self.init = change["new"]
            self._refit()

    @_reported
    def _on_press(self, event):
        toolbar = getattr(self.fig.canvas, "toolbar", None)
        if event.button != 1 or getattr(toolbar, "mode", "") or event.inaxes is None:
            return
        if event.inaxes not in self._clickable_axes():
            self._set_note(self._click_hint())
            return
        self.click(*([event.xdata] if self.n_features == 1 else [event.xdata, event.ydata]))

    @_reported
    def _on_page_size(self, change):
        self.fit_page(change["new"])

    @_reported
    def _on_key(self, event):
        actions = {"right": self.step_forward, "left": self.step_back, "home": self.reset}
        if event.key in actions:
            actions[event.key]()

    # --- fitting -------------------------------------------------------------------------

    def _refit(self, means=None):
        """Fit from the current start, or begin placing the means by clicks."""
        self._play.playing = False
        self._seed_label.value = f"seed {self.seed}"
        if self.init == "click" and means is None:
            self._begin_placing()
            return
        self._placing = None
        self._run = None
        try:
            history, caught = self._fit(means)
        except CollapseError as error:
            # EM itself broke down part-way; what it did until then can be replayed.
            history, caught = error.history, [error]
            messages = [f"Collapse: EM stopped. {error}",
                        f"Replaying the {history.n_iter} iteration(s) before it: step to "
                        "the end to watch the component shrink."]
        except ValueError as error:
            self._fit_failed(error)
            return
        else:
            messages = [self._fit_words(history), *_warning_messages(caught)]
            self._remember_run(history)
        self.history = history
        self._history_init = self.init
        self._draw_history()
        self._fit_messages = (messages, "warning" if caught else "info")
        self._show_fit_status()
        self._show(0)

    def _fit(self, means):
        from gmm_lesson.mixture import GaussianMixture

        params = self.fit_params
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if means is None:
                model = GaussianMixture(self.n_components, init_params=self.init,
                                        random_state=self.seed, **params)
                history = model.fit(self.X).history_
            else:
                start = _broad_start(self.X, np.asarray(means, dtype=float),
                                     params["covariance_type"], params["reg_covar"])
                history = run_em(self.X, start, tol=params["tol"],
                                 max_iter=params["max_iter"], reg_covar=params["reg_covar"])
                warn_if_collapsed(history.states[-1], params["reg_covar"], self.X)
        return history, caught

    def _fit_failed(self, error):
        attempt = (f"Could not fit K = {self.n_components} from a {self.init} start "
                   f"(seed {self.seed}): {error}")
        if self.history is None:
            self._draw_data_only()
            self._set_lasting([attempt], level="error")
            return
        # Keep showing the last fit, and the controls that made it.
        self.n_components = self.history.states[0].n_components
        with self._holding():
            self._components.value = self.n_components
        self._set_lasting([attempt, f"Still showing the previous fit (K = "
                                    f"{self.n_components})."], level="error")

    def _fit_words(self, h):
        start = _START_NAMES[self.init]
        return (f"K = {self.n_components}, start: {start}, seed {self.seed}. EM "
                f"{self._ending_words(h)} after {h.n_iter} iterations: "
                f"{h.n_half_steps} half-steps to replay.")

    def _ending_words(self, history):
        return "converged" if history.converged else "stopped before converging"

    # --- the best run seen -------------------------------------------------------------

    def _comparable(self, n_components=None):
        """What makes two fits' log-likelihoods comparable (the data are the explorer's own)."""
        return (self.n_components if n_components is None else n_components,
                self.fit_params["covariance_type"], self.fit_params["reg_covar"])

    def _run_source(self):
        if self.init == "click":
            return "the means you clicked"
        return f"seed {self.seed}, start '{_START_NAMES[self.init]}'"

    def _keep_if_best(self, key, value, source):
        best = self._best.get(key)
        if best is None or value > best[0]:
            self._best[key] = (value, source)

    def _remember_run(self, history):
        """Keep a fit's final log-likelihood, unless the fit ends collapsed: a collapse
        can beat every sensible fit, and is not a peak to compare with."""
        if collapsed_components(history.states[-1], self.fit_params["reg_covar"], self.X):
            return
        self._run = (history.log_likelihoods[-1], self._run_source())
        self._keep_if_best(self._comparable(), *self._run)

    def _lower_peak_words(self):
        """What the status line says of a fit that ended clearly below the best seen."""
        best = self.best_log_likelihood
        if self._run is None or best is None:
            return ""
        gap = _shortfall(self._run[0], best[0], self.X.shape[0], self.fit_params["tol"])
        if gap is None:
            return ""
        than = (f"{gap:.1f} below the best run seen so far for K = {self.n_components} "
                f"(log-likelihood {plotting.format_log_likelihood(best[0])}, from {best[1]})")
        if self.history.converged:
            return (f"This run ended {than}. EM climbs from its start and stops once an "
                    "iteration barely changes the log-likelihood: this run stopped on a "
                    "lower peak (a local optimum) or a flat stretch, not on the best fit. "
                    "Try another seed or start.")
        return (f"This run stopped before converging, {than}: it may still have been "
                "climbing, towards the best fit or a lower peak (a local optimum). Try "
                "another seed or start.")

    def _show_fit_status(self):
        messages, level = self._fit_messages
        lower = self._lower_peak_words()
        if lower:
            messages, level = [*messages, lower], "warning"
        self._set_lasting(messages, level=level)

    # --- drawing -------------------------------------------------------------------------

    def _new_axes(self):
        self._drop_blitter()
        self.fig.clear()
        self.fig.set_layout_engine("constrained")
        return plotting.em_step_axes(self.n_features, fig=self.fig, stacked=self._stacked)

    def _draw_history(self, step=0):
        with matplotlib.rc_context(_style_rc(self.present)):
            axes = self._new_axes()
            self._artists = plotting.plot_em_step(
                self.X, self.history, step, axes=axes, dims=self.dims, radii=self.radii,
                feature_names=self.feature_names, words=False)
            self._make_point_marker()
            _freeze_layout(self.fig)
        if self.use_blit and hasattr(self.fig.canvas, "copy_from_bbox"):
            if self.n_features == 1:
                view = self._artists.view
                # The histogram stays where it is: part of the background.
                moving = [*_artist_leaves(view._replace(hist=None)),
                          *_artist_leaves(self._artists[1:])]
                cached = [view.legend]
            else:
                moving = _artist_leaves(self._artists)
                view = self._artists.view.view
                cached = [view.points, view.legend]
            moving.append(self._point_marker)
            self._blitter = _Blitter(self.fig, moving, cached=cached)
        with self._holding():
            self._slider.max = self.history.n_half_steps - 1
            self._play.max = self.history.n_half_steps - 1
            self._slider.value = step

    def _static_figure(self):
        """The half-step shown, with the words the page text carries drawn in."""
        if self.history is None:
            return self.fig
        width, height = self.fig.get_size_inches()
        with matplotlib.rc_context(_style_rc(self.present)):
            # Taller by the title and the log-likelihood over its panel.
            fig = Figure(figsize=(width, height + 0.7), layout="constrained")
            plotting.plot_em_step(self.X, self.history, self.step,
                                  axes=plotting.em_step_axes(self.n_features, fig=fig,
                                                             stacked=self._stacked),
                                  dims=self.dims, radii=self.radii,
                                  feature_names=self.feature_names)
        return fig

    def _make_point_marker(self):
        ax = self._data_axes()
        style = dict(linestyle="none", marker="P", markersize=13, color="black",
                     markeredgecolor="white", markeredgewidth=1.5, zorder=7)
        if self.n_features == 1:
            style.update(marker="v", transform=ax.get_xaxis_transform(), clip_on=False)
        self._point_marker = ax.plot([], [], **style)[0]
        # Unclipped and empty until a click, it must not take part in the layout.
        self._point_marker.set_in_layout(False)

    def _data_axes(self):
        return self.fig.axes[0] if self.fig.axes else None

    def _clickable_axes(self):
        """The panels a click chooses a point on: the data, and in 1D the
        responsibilities under them (the same x-axis); while placing, the data only."""
        axes = self.fig.axes[:1]
        if self.n_features == 1 and self._placing is None and self._artists is not None:
            axes = axes + [self._artists.responsibilities.bands[0].axes]
        return axes

    def _click_hint(self):
        """What the status line says of a click on a panel that does not take one."""
        if self._placing is not None:
            where = "the histogram" if self.n_features == 1 else "the grey points"
            return f"To place a mean, click on the data ({where})."
        if self.n_features == 1:
            return ("To choose a value of x, click on the histogram or on the "
                    "responsibility bands under it.")
        return "To choose a point, click on the panel with the data and the ellipses."

    def _show(self, index):
        """Move every artist to half-step ``index`` of the recorded history and draw."""
        plotting.update_em_step(self._artists, self.X, self.history, index, draw=False)
        self._show_membership()
        # The picture first, then the words: the browser takes the messages in order.
        self._render()
        collapsed = collapsed_components(self.state, self.fit_params["reg_covar"], self.X)
        log_likelihood, below_scale = plotting.shown_log_likelihood(
            self._artists.log_likelihood, self.history, self.half_step)
        self._title = plotting.step_title(self.half_step)
        self._show_caption(collapsed, log_likelihood)
        self._show_step_note(collapsed, below_scale)

    def _at_point_start(self):
        """Whether the state shown is the start of a fit from single data points."""
        return self.half_step.params == 0 and self._history_init in POINT_STARTS

    def _show_caption(self, collapsed=(), log_likelihood=""):
        """The title, and under it the log-likelihood and the weights of the state shown.

        A component held open by ``reg_covar`` alone is marked: "collapsed" once EM has
        run, but not at the start, where nothing has collapsed yet (a point start puts
        every component on one data point on purpose).
        """
        if self.history is None:
            self._caption_reserve.value = ""
            self._reserved_for = None
            self._caption.value = (f'<div style="font-size:1.15em; font-weight:600">'
                                   f"{html.escape(self.title)}</div>")
            return
        at_start = self.half_step.params == 0
        point_start = self._at_point_start()
        tag = "" if point_start else " (held by reg_covar)" if at_start else " (collapsed)"
        if self._reserved_for is not self.history:   # once per fit
            self._caption_reserve.value = _caption_reserve_html(self._longest_captions())
            self._reserved_for = self.history
        self._caption.value = _caption_body(self.title, log_likelihood,
                                            [f"{w:.2f}" for w in self.state.weights],
                                            dict.fromkeys(collapsed, tag), point_start)

    def _longest_captions(self):
        """The longest caption of each kind of half-step of this fit (the last
        iteration's title, the longest log-likelihood, every weight tagged)."""
        history = self.history
        last = history.n_half_steps - 1
        titles = {plotting.step_title(history.half_step(index))
                  for index in (0, last, max(last - 1, 0))}
        value = max((plotting.format_log_likelihood(v) for v in history.log_likelihoods),
                    key=len) + " (below the scale)"
        weights = ["0.00"] * self.n_components
        tags = dict.fromkeys(range(self.n_components), " (held by reg_covar)")
        return [_caption_body(title, value, weights, tags, True) for title in sorted(titles)]

    def _show_step_note(self, collapsed, below_scale):
        """Say what is special about the state shown: a point start, a component on a
        point at the start, a collapse, or a log-likelihood below the curve's scale."""
        value = plotting.format_log_likelihood(
            self.history.log_likelihoods[self.half_step.params])
        where = ("the triangle on the bottom edge of the log-likelihood panel stands "
                 "for it.")
        sentences, level = [], "info"
        if self._at_point_start():
            sentences.append(
                "A point start (on purpose; scikit-learn starts the same way): each "
                "component sits on one data point, with covariance reg_covar × I.")
            if below_scale:
                sentences.append(
                    "The first E-step gives every point to its nearest mean. Most points "
                    "lie far out in the tails of Gaussians this narrow, so the start's "
                    f"log-likelihood ({value}) is far below the rest of the curve: {where}")
            else:
                sentences.append("The first E-step makes each point's nearest mean the one "
                                 "most responsible for it.")
            below_scale = False
        elif collapsed and self.half_step.params == 0:
            on = "a single data point" + (" or a line of them" if self.n_features > 1 else "")
            sentences.append(
                f"At the start, component(s) {collapsed} sit on {on}, held open only by "
                "reg_covar: watch whether the E-steps give them more points.")
        elif collapsed:
            on = "a single point" + (" or a line" if self.n_features > 1 else "")
            sentences.append(
                f"At this step component(s) {collapsed} have collapsed onto {on} of the "
                "data: without reg_covar their variance would run to zero and the "
                "log-likelihood grow without bound.")
            level = "warning"
        if below_scale:
            sentences.append(f"This log-likelihood ({value}) is far below the rest of the "
                             f"curve: {where}")
        self._step_note = (" ".join(sentences), level)
        self._set_note(*self._step_note)

    def _render(self):
        if self._blitter is not None and self._blitter.ready:
            self._blitter.frame()
        else:
            self.fig.canvas.draw_idle()

    def _drop_blitter(self):
        if self._blitter is not None:
            self._blitter.disconnect()
        self._blitter = None

    def _go_to(self, index):
        if self._not_ready():
            return
        index = int(index)
        nearest = min(max(index, 0), self.n_half_steps - 1)
        self._slider.value = nearest
        if nearest != index:
            self._set_note(f"Half-steps run from 0 to {self.n_half_steps - 1}; "
                           f"showing {nearest}.")

    def _not_ready(self):
        if self._placing is not None:
            self._set_note(f"Place the means first: click {self._placing_left()} more "
                           "point(s) on the data.", level="warning")
            return True
        if self.history is None:
            self._set_note("There is no fit to step through: change the start or K.",
                           level="warning")
            return True
        return False

    # --- placing the means by clicks -------------------------------------------------------

    def _begin_placing(self):
        self._placing = []
        self._point = None
        with self._holding():
            self._x_box.value = ""
            self._y_box.value = ""
        self._draw_data_only()
        self._set_lasting([f"Click {self.n_components} point(s) on the data to place the "
                           "means. EM starts from them with equal weights, and with every "
                           "component as spread out as all the data together."])

    def _placing_left(self):
        return self.n_components - len(self._placing)

    def _place_mean(self, point):
        self._placing.append(point)
        self._placed.set_offsets(self._placed_offsets())
        self._placed.set_facecolors(plotting.component_colors(len(self._placing)))
        if self._placing_left() > 0:
            self._set_note(f"Placed {len(self._placing)} of {self.n_components} means.")
            self.fig.canvas.draw_idle()
            return
        means = self._placed_means()
        self._placing = None
        self._refit(means=means)

    def _placed_offsets(self):
        placed = np.asarray(self._placing, dtype=float)
        if self.n_features == 1:
            return np.column_stack([placed[:, 0], np.zeros(len(placed))])
        return placed

    def _placed_means(self):
        """Clicked means as full feature vectors: features not shown sit at the data's mean."""
        means = np.tile(self.X.mean(axis=0), (self.n_components, 1))
        means[:, list(self.dims)] = np.asarray(self._placing, dtype=float)
        return means

    def _draw_data_only(self):
        """The data alone, grey, for placing the means or when no fit succeeded."""
        self.history = None
        self._artists = None
        with matplotlib.rc_context(_style_rc(self.present)):
            self._draw_data_axes(self._new_axes())
        what = ("Click to place the means" if self._placing is not None
                else "No fit to show")
        self._title = what
        self._show_caption()
        with self._holding():
            self._slider.value = 0
            self._slider.max = 0
            self._play.max = 0
        self._membership_html.value = ""
        self.fig.canvas.draw_idle()

    def _draw_data_axes(self, axes):
        ax = axes.data
        grey = plotting.NO_RESPONSIBILITY_COLOR
        if self.n_features == 1:
            ax.hist(self.X[:, 0], bins=20, density=True, color="0.87", edgecolor="white")
            ax.plot(self.X[:, 0], np.zeros(len(self.X)), "|", color=grey, markersize=12)
            self._placed = ax.scatter([], [], marker="X", s=160, edgecolors="white",
                                      linewidths=1.5, zorder=5)
            ax.set_xlabel(self.feature_names[0] if self.feature_names else "x")
            ax.tick_params(labelbottom=True)
            axes.responsibilities.set_axis_off()
        else:
            d0, d1 = self.dims
            ax.scatter(self.X[:, d0], self.X[:, d1], s=14, color=grey, linewidths=0)
            self._placed = ax.scatter([], [], marker="X", s=160, edgecolors="white",
                                      linewidths=1.5, zorder=5)
            names = self.feature_names or [f"x[{d}]" for d in range(self.n_features)]
            ax.set_xlabel(names[d0])
            ax.set_ylabel(names[d1])
            ax.set_aspect("equal", adjustable="datalim")
        for other in (axes.log_likelihood, axes.legend):
            other.set_axis_off()
        axes.log_likelihood.text(0.5, 0.5, "The log-likelihood curve\nappears once EM has run.",
                                 ha="center", va="center", color="0.4",
                                 transform=axes.log_likelihood.transAxes)
        if self._placing:
            self._placed.set_offsets(self._placed_offsets())
            self._placed.set_facecolors(plotting.component_colors(len(self._placing)))
        self._make_point_marker()
        _freeze_layout(self.fig)

    # --- membership of a point -----------------------------------------------------------

    def _point_in_features(self, point):
        return np.asarray(point, dtype=float).reshape(1, -1)

    def _shown_state_for_point(self):
        """The state shown, seen in the displayed features only (a click knows nothing
        of the others): its marginal, whose covariances are the matching blocks."""
        state = self.state
        if self.n_features == 1 or (self.n_features == 2 and self.dims == (0, 1)):
            return state
        dims = list(self.dims)
        return MixtureState.from_parameters(
            state.weights, state.means[:, dims],
            state.full_covariances()[:, dims][:, :, dims])

    def _point_words(self):
        # As the x and y boxes show them.
        coordinates = ", ".join(f"{v:.4g}" for v in self._point[0])
        step = self.half_step
        when = ("the start" if step.phase == "start"
                else f"iteration {step.iteration}, after the {step.phase}-step")
        return f"Point ({coordinates}), parameters shown at {when}:"

    def _show_membership(self):
        if self._point is None or self.state is None:
            self._point_marker.set_data([], [])
            self._membership_html.value = ""
            return
        probabilities = self.membership
        point = self._point[0]
        if self.n_features == 1:
            self._point_marker.set_data([point[0]], [0.16])
        else:
            self._point_marker.set_data([point[0]], [point[1]])
        rows = "; ".join(
            f'<span style="display:inline-block; white-space:nowrap">'
            f"{_swatch(k, len(probabilities))}component {k}: <b>{p:.1%}</b></span>"
            for k, p in enumerate(probabilities))
        self._membership_html.value = (
            f"<div>{html.escape(self._point_words())}</div><div>{rows}</div>")

    # --- bookkeeping ---------------------------------------------------------------------

    def _holding(self):
        return _Holding(self)

    def _all_widgets(self):
        return [self._play, self._play_button, self._speed, self._slider, self._back,
                self._forward, self._reset, self._components, self._start, self._new_seed,
                self._seed_label, self._x_box, self._y_box, self._show_point,
                self._membership_html, self._caption, self._caption_reserve,
                self._caption_box, self._status_html, self._error_log,
                self._page_script, self._page_size, self.widget]

    # --- fitting the page -----------------------------------------------------------------

    def fit_page(self, size):
        """Give the figure the size and layout for a notebook column, and draw it again.

        The page script calls this (through a hidden box) whenever the column's width
        or the window's height changes; a test can call it too.

        Parameters
        ----------
        size : str or (int, int)
            The column's width and the window's height in CSS pixels, as ``"W H"``
            (what the page script writes) or a pair.
        """
        page = _page_size(size if isinstance(size, str) else " ".join(map(str, size)))
        if page is None:
            return
        self._page = page
        figsize, stacked = self._page_figsize()
        ppi = _css_pixels_per_inch(self.fig)
        now = self.fig.get_size_inches()
        if stacked == self._stacked and np.all(np.abs(np.subtract(figsize, now)) * ppi < 1):
            return
        self._stacked = stacked
        self.fig.set_size_inches(figsize, forward=True)
        self._redraw()

    def _page_figsize(self):
        """The figure's size in inches for the page, and whether it is stacked."""
        column, window = self._page
        ppi = _css_pixels_per_inch(self.fig)
        natural_width = self._natural_figsize[0] * ppi
        width = _fitted_width(column, natural_width, self.present)
        stacked = width < STACK_BELOW_PX
        if self._figsize_given and not stacked and width == natural_width:
            return self._natural_figsize, stacked
        with matplotlib.rc_context(_style_rc(self.present)):
            figsize = plotting.em_step_figsize(
                self.X, width=width / ppi, dims=self.dims, stacked=stacked,
                max_height=_height_limit(window, self.present) / ppi)
        return figsize, stacked

    def _redraw(self):
        """Draw the view again (after a change of size), at the step it shows."""
        if self.history is None:
            self._draw_data_only()
            return
        step = self.step
        self._draw_history(step)
        self._show(step)


class _Holding:
    """Change controls without their observers acting (used while reconfiguring)."""

    def __init__(self, owner):
        self.owner = owner

    def __enter__(self):
        self.previous = self.owner._quiet
        self.owner._quiet = True

    def __exit__(self, *exc):
        self.owner._quiet = self.previous


# --- the covariance playground -------------------------------------------------------------


class CovariancePlayground(_StatusMixin):
    """One 2D Gaussian whose samples, ellipses and matrix follow sliders.

    Two ways to set the covariance: the standard deviations of x and y and their
    correlation, or the standard deviations along the ellipse's axes and its rotation.
    The samples are fixed standard-normal draws transformed by the Cholesky factor of
    the covariance, so the cloud moves smoothly as a slider moves.

    The Gaussian shown is always the one the visible sliders give, so that the
    sliders and the status line agree. Switching to the other way puts its sliders on
    their steps (0.05, or a degree), which can move the Gaussian by up to half a step;
    switching back without moving a slider returns to exactly where it was.

    Parameters
    ----------
    std : (float, float), default=(1.5, 1.0)
        Starting standard deviations of x and y (on the sliders' steps of 0.05).
    correlation : float, default=0.6
    n_samples : int, default=400
    random_state : int, default=0
        Seed of the standard-normal draws.
    radii : sequence of float, default=(1, 2, 3)
    limit : float, default=7.0
        The axes show -limit .. limit in both directions, fixed.
    label : str, default='covariance playground'
    figsize : (float, float), default=(5.0, 4.6)
        The figure's size; narrower in a narrower notebook column.
    present : bool, optional
        Presenting size, for a room: the figure fills the row beside the controls and
        every text is at least 16 pixels tall. Default: as :class:`EMExplorer`.

    Attributes
    ----------
    widget : ipywidgets.HBox
        The figure with the controls beside it (below it on a narrow page).
    covariance : ndarray of shape (2, 2)
        The covariance shown.
    artists : CovarianceArtists
    """

    MODES = (("stds and correlation", "correlation"), ("axes and rotation", "rotation"))
    CONTROLS_EM = 28
    """Width of the controls beside the figure, in em."""

    def __init__(self, std=(1.5, 1.0), correlation=0.6, *, n_samples=400, random_state=0,
                 radii=(1, 2, 3), limit=7.0, label="covariance playground",
                 figsize=(5.0, 4.6), present=None):
        self.mean = np.zeros(2)
        self.label = label
        self.present = _presenting(present)
        n_samples = check_integer(n_samples, "n_samples", 1)
        self._standard_normal = np.random.default_rng(random_state).standard_normal(
            (n_samples, 2))
        self._quiet = False
        self._left = None   # (mode, its slider values, covariance) when switched away from
        self._make_status_widgets()
        slider = dict(continuous_update=True, style={"description_width": "8em"},
                      layout=widgets.Layout(width=f"{self.CONTROLS_EM - 1}em"),
                      readout_format=".2f")
        self._mode = widgets.ToggleButtons(options=self.MODES, value="correlation",
                                           tooltips=["std of x, std of y, correlation",
                                                     "stds along the axes, rotation"],
                                           style={"button_width": "13em"})
        self._std_x = widgets.FloatSlider(value=std[0], min=0.2, max=3.0, step=0.05,
                                          description="std of x", **slider)
        self._std_y = widgets.FloatSlider(value=std[1], min=0.2, max=3.0, step=0.05,
                                          description="std of y", **slider)
        self._correlation = widgets.FloatSlider(value=correlation, min=-0.95, max=0.95,
                                                step=0.05, description="correlation",
                                                **slider)
        # Wide enough for every Gaussian the other sliders can make (3 * sqrt(1.95)
        # along the major axis at correlation 0.95), so switching loses nothing.
        self._std_major = widgets.FloatSlider(value=1.0, min=0.05, max=4.5, step=0.05,
                                              description="std, major axis", **slider)
        self._std_minor = widgets.FloatSlider(value=1.0, min=0.05, max=4.5, step=0.05,
                                              description="std, minor axis", **slider)
        self._angle = widgets.FloatSlider(value=0.0, min=-90.0, max=90.0, step=1.0,
                                          description="rotation (deg)",
                                          **{**slider, "readout_format": ".0f"})
        self._by_correlation = widgets.VBox([self._std_x, self._std_y, self._correlation])
        self._by_axes = widgets.VBox([self._std_major, self._std_minor, self._angle],
                                     layout=widgets.Layout(display="none"))
        for control in self._sliders("correlation"):
            control.value = _on_step(control.value, control)
        self.covariance = self._covariance_from("correlation")

        self._natural_figsize = tuple(figsize)
        self._page = None   # (column width, window height) in CSS pixels, once known
        self.fig = _new_figure(self, label, figsize)
        with matplotlib.rc_context(_style_rc(self.present)):
            ax = self.fig.add_subplot()
            self.artists = plotting.plot_covariance(
                self.mean, self.covariance, self._samples(), radii=radii,
                limits=(-limit, limit), ax=ax)
            ax.set_xlabel("x")
            ax.set_ylabel("y")
            _freeze_layout(self.fig)

        for control in self._sliders("correlation"):
            control.observe(self._on_correlation_slider, names="value")
        for control in self._sliders("rotation"):
            control.observe(self._on_axes_slider, names="value")
        self._mode.observe(self._on_mode, names="value")
        self._page_script, self._page_size = _page_widgets(
            self, "playground",
            "Figure: samples of the Gaussian set by the sliders, its ellipses at 1, 2 and "
            "3 standard deviations, and its covariance matrix.")
        canvas = self.fig.canvas
        controls = widgets.VBox(
            [self._page_script, self._page_size, widgets.HTML("<b>Set the covariance by</b>"),
             self._mode, self._by_correlation, self._by_axes, self._status_html,
             self._error_log],
            layout=widgets.Layout(width=f"{self.CONTROLS_EM}em", margin="1em 0 0 0.5em"))
        self.widget = widgets.HBox(
            [*([canvas] if isinstance(canvas, widgets.DOMWidget) else []), controls],
            layout=widgets.Layout(width="100%", flex_flow="row wrap",
                                  align_items="flex-start"))
        self.widget.add_class("gmm-playground")
        if self.present:
            self.widget.add_class("gmm-present")
        self._sync_axes_sliders()
        self._describe()

    def __repr__(self):
        return f"CovariancePlayground(covariance={np.round(self.covariance, 3).tolist()})"

    # --- readable from code ---------------------------------------------------------------

    @property
    def matrix_text(self):
        """The covariance matrix as the figure shows it."""
        return self.artists.matrix.get_text()

    @property
    def mode(self):
        return self._mode.value

    # --- actions -----------------------------------------------------------------------------

    @_reported
    def set(self, *, std_x=None, std_y=None, correlation=None, std_major=None,
            std_minor=None, angle=None):
        """Move sliders from code, as a learner would (the first group switches the
        mode to standard deviations and correlation, the second to axes and rotation)."""
        first = {"std_x": std_x, "std_y": std_y, "correlation": correlation}
        second = {"std_major": std_major, "std_minor": std_minor, "angle": angle}
        for group, mode in ((first, "correlation"), (second, "rotation")):
            given = {name: value for name, value in group.items() if value is not None}
            if given:
                self._mode.value = mode
            for name, value in given.items():
                getattr(self, f"_{name}").value = value

    @_reported
    def set_mode(self, mode):
        self._mode.value = mode

    def fit_page(self, size):
        """Fit the figure to a notebook column (see :meth:`EMExplorer.fit_page`).

        Parameters
        ----------
        size : str or (int, int)
            The column's width and the window's height in CSS pixels.
        """
        page = _page_size(size if isinstance(size, str) else " ".join(map(str, size)))
        if page is None:
            return
        self._page = page
        figsize = self._page_figsize()
        now = self.fig.get_size_inches()
        if np.all(np.abs(np.subtract(figsize, now)) * _css_pixels_per_inch(self.fig) < 1):
            return
        self.fig.set_size_inches(figsize, forward=True)
        with matplotlib.rc_context(_style_rc(self.present)):
            _freeze_layout(self.fig)
        self.fig.canvas.draw_idle()

    def close(self):
        _close_figure(self.fig)
        for child in (self._mode, self._std_x, self._std_y, self._correlation,
                      self._std_major, self._std_minor, self._angle, self._by_correlation,
                      self._by_axes, self._status_html, self._error_log, self._page_script,
                      self._page_size, self.widget):
            child.close()
        if _LIVE.get(self.label) is not None and _LIVE[self.label]() is self:
            del _LIVE[self.label]

    # --- callbacks -----------------------------------------------------------------------

    # Only the shown sliders act: the hidden ones are kept on the same Gaussian, and
    # the browser's rounding of their values to the slider step must not move it.

    @_reported
    def _on_correlation_slider(self, change):
        if not self._quiet and self._mode.value == "correlation":
            self._moved("correlation")

    @_reported
    def _on_axes_slider(self, change):
        if not self._quiet and self._mode.value == "rotation":
            self._moved("rotation")

    @_reported
    def _on_mode(self, change):
        self._switch_to(change["new"])

    @_reported
    def _on_page_size(self, change):
        self.fit_page(change["new"])

    # --- the two ways --------------------------------------------------------------------

    def _sliders(self, mode):
        if mode == "correlation":
            return self._std_x, self._std_y, self._correlation
        return self._std_major, self._std_minor, self._angle

    def _covariance_from(self, mode):
        """The covariance the sliders of ``mode`` give."""
        values = [control.value for control in self._sliders(mode)]
        if mode == "correlation":
            return gaussian.covariance_from_correlation(*values)
        return gaussian.covariance_from_axes(*values)

    def _moved(self, mode):
        """A shown slider moved: show its Gaussian and keep the hidden sliders on it."""
        self._left = None
        self._show(self._covariance_from(mode))
        if mode == "correlation":
            self._sync_axes_sliders()
        else:
            self._sync_correlation_sliders()

    def _switch_to(self, mode):
        """Show the sliders of ``mode``, on their steps, and the Gaussian they give."""
        other = "rotation" if mode == "correlation" else "correlation"
        shown = self._sliders(mode)
        if self._left is not None and self._left[0] == mode:
            # Back where the learner was, with no slider moved since: exactly so.
            _, values, covariance = self._left
            self._left = None
        else:
            self._left = (other, [control.value for control in self._sliders(other)],
                          self.covariance)
            exact = (gaussian.correlation_of(self.covariance) if mode == "correlation"
                     else gaussian.axes_of(self.covariance))
            values = [_on_step(value, control) for value, control in zip(exact, shown)]
            covariance = None
        with _Holding(self):
            for control, value in zip(shown, values):
                control.value = value
        self._show(self._covariance_from(mode) if covariance is None else covariance)
        if mode == "correlation":
            self._sync_axes_sliders()
        else:
            self._sync_correlation_sliders()
        self._by_correlation.layout.display = None if mode == "correlation" else "none"
        self._by_axes.layout.display = None if mode == "rotation" else "none"

    # --- drawing ---------------------------------------------------------------------------

    def _samples(self):
        return gaussian.samples_from_standard_normal(self._standard_normal, self.mean,
                                                     self.covariance)

    def _show(self, covariance):
        self.covariance = covariance
        plotting.update_covariance(self.artists, self.mean, covariance, self._samples(),
                                   draw=False)
        self._describe()
        self.fig.canvas.draw_idle()

    def _page_figsize(self):
        """The figure's size in inches for the page: its own, narrower in a narrow
        column; at presenting size as large as the row beside the controls allows."""
        column, window = self._page
        ppi = _css_pixels_per_inch(self.fig)
        width, height = (size * ppi for size in self._natural_figsize)
        room = column - _FIGURE_MARGIN_PX
        if self.present:
            beside = room - (self.CONTROLS_EM + 1) * PRESENT_TEXT_PX
            room = beside if beside >= 0.4 * column else room
            tall = _height_limit(window, True, _PLAYGROUND_PRESENT_HEIGHT_SHARE)
            wide = min(room, tall * width / height)
        else:
            wide = min(_fitted_width(column, width, False),
                       _height_limit(window, False) * width / height)
        return wide / ppi, wide * height / width / ppi

    def _sync_axes_sliders(self):
        """Keep the other mode's sliders on the same Gaussian, without acting on them."""
        with _Holding(self):
            self._std_major.value, self._std_minor.value, self._angle.value = gaussian.axes_of(
                self.covariance)

    def _sync_correlation_sliders(self):
        with _Holding(self):
            self._std_x.value, self._std_y.value, self._correlation.value = gaussian.correlation_of(
                self.covariance)

    def _describe(self):
        std_x, std_y, correlation = gaussian.correlation_of(self.covariance)
        std_major, std_minor, angle = gaussian.axes_of(self.covariance)
        self._set_lasting([
            f"std of x {std_x:.2f}, std of y {std_y:.2f}, correlation {correlation:+.2f}; "
            f"along the axes: {std_major:.2f} and {std_minor:.2f}, major axis at "
            f"{angle:.0f} degrees."])
