"""The explorers' figures and canvases: ipympl or Agg, whole PNG frames, one figure per label.

Each workaround here names the upstream issue it works around, or, where none was
found, what was measured instead.
"""

import functools
import struct
import sys
import weakref
import zlib

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "MIN_FRAME_BYTES",
    "attach_canvas",
    "close_figure",
    "freeze_layout",
    "in_kernel",
    "ipympl_canvas_classes",
    "new_figure",
    "png",
    "release_label",
    "resize_figure",
    "whole_frames",
]


def in_kernel():
    """True inside a Jupyter kernel (notebook, Voila), False in pytest or a script."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


_LIVE = {}  # figure label -> weak reference to the explorer that owns that figure


def ipympl_canvas_classes():
    """ipympl's canvas and manager, leaving pyplot's backend as the notebook chose it.

    Importing ipympl switches pyplot to the ipympl backend
    (https://github.com/matplotlib/ipympl/issues/623), which would make every later
    static figure of the notebook a live widget: the backend the notebook had is put
    back at once.
    """
    if "ipympl" not in sys.modules:
        backend = matplotlib.get_backend()
        import ipympl  # noqa: F401  (its first import switches pyplot to ipympl)

        if matplotlib.get_backend() != backend:
            if "inline" in backend:
                # The inline backend also registers IPython's PNG formatter: the magic
                # restores both, matplotlib.use only the first (it neither sets up nor
                # undoes the inline backend's IPython hooks,
                # https://github.com/ipython/ipython/issues/9389).
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

    No upstream issue found; measured instead (``benchmarks/bench_explorer.py``).
    matplotlib's web canvas has PIL encode each frame at zlib's default level, with a
    filter chosen for each row: 13 ms for an explorer's frame, the largest part of a
    step's time in the kernel. Unfiltered rows at level 1 (:func:`png`) take 3 ms for
    a smaller file: a figure's flat colours compress well as they are. The explorers
    send whole frames anyway (see :func:`whole_frames`).

    No upstream issue found for the padding either; measured in Chromium: a frame under
    64 KiB reached the page about 25 ms later than a larger one (Voila and JupyterLab
    on one machine, the server writing both to the websocket at once): the 1D
    explorer's 56 KB frames took 66 ms from click to pixels, the same frames padded
    past 64 KiB 47 ms. So a smaller frame is padded to :data:`MIN_FRAME_BYTES` with a
    private ancillary chunk, which PNG readers skip.
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
            return png(pixels, min_bytes=MIN_FRAME_BYTES)

    return LessonCanvas


def png(pixels, min_bytes=0):
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


def attach_canvas(fig):
    """Give ``fig`` a live ipympl canvas inside a kernel, an Agg canvas elsewhere.

    pyplot is not involved: its backend stays what the notebook chose, so the static
    figures around an explorer stay inline pictures, and no figure is registered
    twice or shown by accident.
    """
    if in_kernel():
        Canvas, FigureManager = ipympl_canvas_classes()
        FigureManager(Canvas(fig), num=id(fig))
    else:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)


def close_figure(fig):
    """Release a figure made by :func:`new_figure` and its canvas widget."""
    if isinstance(fig.canvas, widgets.DOMWidget):
        fig.canvas.close()


def new_figure(owner, label, figsize):
    """A labelled figure for ``owner``, replacing the previous owner of that label.

    The previous owner is closed, so that a re-run cell does not pile up figures. The
    figure is shown only where the explorer's widget is, with the ipympl header,
    toolbar and footer hidden (guarded: Agg has none).
    """
    previous = _LIVE.pop(label, None)
    previous = previous() if previous is not None else None
    if previous is not None:
        previous.close()
    fig = Figure(figsize=figsize, layout="constrained")
    attach_canvas(fig)
    fig.canvas.mpl_connect("draw_event", lambda event: whole_frames(event.canvas))
    canvas_settings = {"header_visible": False, "footer_visible": False,
                       "toolbar_visible": False, "resizable": False}
    for name, value in canvas_settings.items():
        if hasattr(fig.canvas, name):
            setattr(fig.canvas, name, value)
    if isinstance(fig.canvas, widgets.DOMWidget):
        # ipympl's view follows its widget layout
        # (https://github.com/matplotlib/ipympl/pull/184), and in a row of widgets its
        # box would grow to fill the row; the figure keeps its own size, the kernel's.
        fig.canvas.layout.flex = "0 0 auto"
        fig.canvas.on_msg(_say_not_resizable_again)
    _LIVE[label] = weakref.ref(owner)
    return fig


def release_label(label, owner):
    """Forget that ``owner`` has the figure labelled ``label`` (it was closed)."""
    if _LIVE.get(label) is not None and _LIVE[label]() is owner:
        del _LIVE[label]


def _say_not_resizable_again(canvas, content, buffers):
    """Repeat ``resizable = False`` once ipympl's front end is up.

    No upstream issue found; read in ipympl 0.10's front end instead: its model sets
    ``resizable`` to whether its comm is live (``update_disabled``), whatever the
    kernel said (the trait came with https://github.com/matplotlib/ipympl/pull/195),
    and then draws a resize handle that a learner could drag, stretching a figure whose
    layout was made for its size. Said again after the front end's "initialized"
    message, the kernel's value stands.
    """
    if content.get("type") == "initialized":
        canvas.send_state("resizable")


def whole_frames(canvas):
    """Make the picture ipympl is about to send a whole one, not the changed pixels.

    ipympl sends each frame as the pixels that changed since the frame before, and its
    front end drops a frame that arrives while the previous one is still loading
    (https://github.com/matplotlib/matplotlib/issues/19116; lost diff frames are
    discussed in https://github.com/matplotlib/matplotlib/pull/19059): after two quick
    steps, parts of the first step's picture would never be shown, and stay stale until
    those pixels change again. A whole frame costs a few milliseconds more to encode
    and cannot leave anything stale. Called on every ``draw_event`` and before every
    blit.
    """
    if hasattr(canvas, "_force_full"):  # matplotlib's web canvases (ipympl's among them)
        canvas._force_full = True


def freeze_layout(fig):
    """Lay the figure out once, then keep the axes where they are.

    Not a workaround: constrained layout would otherwise be recomputed on every frame
    (measured: a third of the time of a frame), and the saved background of a blitted
    frame must have exactly the layout of the full figure.
    """
    fig.set_layout_engine("constrained")
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


def resize_figure(fig, figsize, rc, before_layout=None):
    """Give ``fig`` the size ``figsize`` (inches), lay it out again under the matplotlib
    settings ``rc``, and ask for a draw. ``before_layout(fig)``, if given, runs first
    under the same settings (a figure that trims itself to its content)."""
    fig.set_size_inches(figsize, forward=True)
    with matplotlib.rc_context(rc):
        if before_layout is not None:
            before_layout(fig)
        freeze_layout(fig)
    fig.canvas.draw_idle()
