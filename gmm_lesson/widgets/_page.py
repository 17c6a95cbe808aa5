"""The page around an explorer: its script and stylesheet, presenting size, fitted figure sizes.

ipympl draws a figure at the size the kernel gives it and does not follow the page
(https://github.com/matplotlib/ipympl/issues/297). So each explorer carries a few lines
of script, in the markup of an HTML widget, that measure the width of the notebook
column the explorer is given (and the window's height) and write them into a hidden
text box: the kernel then gives the figure a size that fits, and lays it out again.
Where the script cannot run (a page without widgets), the figure keeps the size it was
made with.

The same script mends what the widgets leave out for screen readers and the keyboard:

* it names the slider handles after their labels: noUiSlider, which draws ipywidgets'
  sliders, gives a handle no name unless told one
  (https://github.com/leongersen/noUiSlider/issues/1019), and ipywidgets tells it none;
* it hides the icon glyphs from screen readers, and names the figure;
* it lets Tab leave the figure: ipympl's figure stops every key event it gets from
  reaching the page (https://github.com/matplotlib/ipympl/pull/6), Tab included.
"""

import html
import os
from urllib.parse import parse_qs, urlsplit

import ipywidgets as widgets
import matplotlib
import numpy as np

from gmm_lesson import plotting
from gmm_lesson.widgets._canvas import resize_figure
from gmm_lesson.widgets._status import reported

__all__ = [
    "FitsPage",
    "PRESENT_ENV",
    "PRESENT_FONT_SIZE",
    "PRESENT_TEXT_PX",
    "STACK_BELOW_PX",
    "STACK_BELOW_PX_BOUND",
    "css_pixels_per_inch",
    "em_figure_size",
    "kept_shape_figure_size",
    "page_widgets",
    "parse_page_size",
    "playground_figure_size",
    "presenting",
    "same_size",
    "style_rc",
]

PRESENT_ENV = "GMM_LESSON_PRESENT"
"""Environment variable that turns on the presenting size when it is ``"1"``
(``make present`` sets it for the Voila server and so for its kernels)."""

PRESENT_FONT_SIZE = 14
"""Points of the figure's base font at presenting size: its smallest text ("small",
0.83 of the base) is then 11.7 points, 16 CSS pixels at matplotlib's 100 dpi."""

PRESENT_TEXT_PX = 16
"""CSS pixels of the page text around the figure at presenting size."""

STACK_BELOW_PX = 680
"""A column narrower than this (CSS pixels) gets the EM figure stacked: the
log-likelihood panel and the legend go under the data instead of beside them."""

STACK_BELOW_PX_BOUND = STACK_BELOW_PX
"""The same for the EM figure with the bound's panel (``EMExplorer(..., bound=True)``):
side by side, that panel goes under the log-likelihood's, right of the data, and the
legend under the data, so the figure stacks where it does without the panel."""

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


def presenting(present):
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


def page_widgets(figure_name):
    """The explorer's page script and stylesheet, and the hidden box it writes the
    column's size into (as ``"W H"``), to be observed by the explorer."""
    script = html.escape(_PAGE_SCRIPT % _js_string(figure_name), quote=True)
    page = widgets.HTML(
        f'<style>{_PAGE_STYLE}</style><img alt="" hidden src="{_PIXEL}" onload="{script}">',
        layout=widgets.Layout(height="0px", min_height="0px", margin="0px",
                              overflow="hidden"))
    size = widgets.Text(layout=widgets.Layout(display="none"))
    size.add_class("gmm-page-size")
    return page, size


def _js_string(text):
    """``text`` as a JavaScript string literal in double quotes."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def parse_page_size(size):
    """(column width, window height) in CSS pixels from the page script's ``"W H"``
    (or a pair), or None if it is not two positive whole numbers."""
    text = size if isinstance(size, str) else " ".join(map(str, size))
    try:
        width, height = (int(part) for part in str(text).split())
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None


def css_pixels_per_inch(fig):
    """CSS pixels per inch of ``fig`` on screen (ipympl multiplies the dpi by the
    screen's device pixel ratio; the CSS size stays)."""
    return fig.dpi / getattr(fig.canvas, "device_pixel_ratio", 1)


def same_size(figsize, now, ppi):
    """Whether two figure sizes in inches are within a CSS pixel of each other."""
    return bool(np.all(np.abs(np.subtract(figsize, now)) * ppi < 1))


def _fitted_width(column, natural, present):
    """CSS pixels of a figure's width in a column ``column`` pixels wide: its natural
    width, or less if the column is narrower; the whole column at presenting size."""
    room = column - _FIGURE_MARGIN_PX
    return room if present else min(room, natural)


def _height_limit(window, present, present_share=_PRESENT_HEIGHT_SHARE):
    """CSS pixels a figure's height should not exceed in a window ``window`` pixels tall."""
    return (present_share if present else _HEIGHT_SHARE) * window


def style_rc(present):
    """Matplotlib settings for a figure at the size asked for."""
    return {"font.size": PRESENT_FONT_SIZE} if present else {}


def em_figure_size(X, page, natural_figsize, *, figsize_given, present, dims, ppi,
                   bound=False):
    """The EM figure's size in inches for a page, and whether it is stacked.

    ``page`` is (column width, window height) in CSS pixels; ``natural_figsize`` the
    size the figure was made with, in inches, given (``figsize_given``) or chosen for
    the data. A given size is kept where it fits beside the log-likelihood panel.
    ``bound``: the figure has the bound's panel, and stacks below
    :data:`STACK_BELOW_PX_BOUND`.
    """
    column, window = page
    natural_width = natural_figsize[0] * ppi
    width = _fitted_width(column, natural_width, present)
    stacked = width < (STACK_BELOW_PX_BOUND if bound else STACK_BELOW_PX)
    if figsize_given and not stacked and width == natural_width:
        return natural_figsize, stacked
    with matplotlib.rc_context(style_rc(present)):
        figsize = plotting.em_step_figsize(
            X, width=width / ppi, dims=dims, stacked=stacked,
            max_height=_height_limit(window, present) / ppi, bound=bound)
    return figsize, stacked


def playground_figure_size(page, natural_figsize, *, present, ppi, controls_em):
    """The playground figure's size in inches for a page: its own, narrower in a
    narrow column; at presenting size as large as the row beside its controls
    (``controls_em`` wide) allows."""
    column, window = page
    width, height = (size * ppi for size in natural_figsize)
    room = column - _FIGURE_MARGIN_PX
    if present:
        beside = room - (controls_em + 1) * PRESENT_TEXT_PX
        room = beside if beside >= 0.4 * column else room
        tall = _height_limit(window, True, _PLAYGROUND_PRESENT_HEIGHT_SHARE)
        wide = min(room, tall * width / height)
    else:
        wide = min(_fitted_width(column, width, False),
                   _height_limit(window, False) * width / height)
    return wide / ppi, wide * height / width / ppi


def kept_shape_figure_size(page, natural_figsize, *, present, ppi):
    """A figure's size in inches for a page, its shape kept (the k-means limit's, figure
    9.14's): its own, narrower in a narrow column, the whole column at presenting size;
    never so tall that what is under it leaves the window."""
    column, window = page
    width, height = (size * ppi for size in natural_figsize)
    wide = min(_fitted_width(column, width, present),
               _height_limit(window, present) * width / height)
    return wide / ppi, wide * height / width / ppi


class FitsPage:
    """``fit_page`` for a figure widget that follows its notebook column: the k-means
    limit, the covariance playground, figure 9.14 and the restart gallery.

    The widget has ``fig``, ``present`` and ``_natural_figsize`` (inches), and observes
    its hidden ``page_size`` box with ``_on_page_size``. It may override
    ``_page_figsize`` (default: its own shape kept, :func:`kept_shape_figure_size`),
    ``_apply_figsize`` (default: resize and lay out again if the size changed) and
    ``_before_layout`` (run on the figure before it is laid out again).
    """

    def fit_page(self, size):
        """Fit the figure to a notebook column (see :meth:`EMExplorer.fit_page`).

        Parameters
        ----------
        size : str or (int, int)
            The column's width and the window's height in CSS pixels.
        """
        page = parse_page_size(size)
        if page is None:
            return
        ppi = css_pixels_per_inch(self.fig)
        self._apply_figsize(self._page_figsize(page, ppi), ppi)

    def _page_figsize(self, page, ppi):
        """The figure's size in inches for ``page`` (column width, window height)."""
        return kept_shape_figure_size(page, self._natural_figsize, present=self.present,
                                      ppi=ppi)

    def _apply_figsize(self, figsize, ppi):
        if not same_size(figsize, self.fig.get_size_inches(), ppi):
            resize_figure(self.fig, figsize, style_rc(self.present), self._before_layout)

    def _before_layout(self, fig):
        """Nothing by default; a figure that trims itself to its content does it here."""

    @reported
    def _on_page_size(self, change):
        self.fit_page(change["new"])
