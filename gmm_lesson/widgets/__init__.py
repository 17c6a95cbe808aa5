"""Explorers for the lessons: EM replayed half-step by half-step, a covariance playground,
and k-means as the limit of EM.

Each is built from ipywidgets controls and one matplotlib figure (an ipympl canvas in
a notebook, a plain Agg canvas anywhere else). They only wire the engine and the
plotting layer together:

* :class:`EMExplorer` fits a :class:`~gmm_lesson.mixture.GaussianMixture` once and
  replays its recorded :class:`~gmm_lesson.em.EMHistory`; stepping, the slider and
  play move the artists that :func:`~gmm_lesson.plotting.plot_em_step` drew and never
  refit. Only a new start or another number of components fits again.
* :class:`CovariancePlayground` moves one Gaussian's samples, ellipses and matrix
  together as sliders change its standard deviations and correlation.
* :class:`BoundAlongLine` follows an :class:`EMExplorer` and draws, for the iteration
  it is at, the log-likelihood and the lower bound along the line of that iteration's
  M-step (PRML figure 9.14).
* :class:`KMeansLimit` shows one EM step with a shared, fixed sigma beside one step of
  k-means, from the same means, as a slider makes sigma smaller.
* :class:`RestartGallery` fits EM from many starts and shows the runs side by side,
  the same fit with its components numbered differently (label switching) told apart
  from another fit; a chosen run opens in an :class:`EMExplorer`.
* :class:`ConcentrationExplorer` fits scikit-learn's ``BayesianGaussianMixture`` once
  per value of its weight prior and replays the fits on a slider: the ellipses and the
  weights, and how many components carry a weight above a threshold.

Everything a learner can do with the mouse can be done from code, with the same code
path (``explorer.step_forward()``, ``explorer.click(x, y)``, or a control from
``explorer.controls`` by name), and everything they see can be read back
(``explorer.title``, ``explorer.artists``, ``explorer.status``, ``explorer.outputs``),
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

Modules, each with one job:

* :mod:`~gmm_lesson.widgets.em_explorer` -- :class:`EMExplorer`: its controls wired to
  its actions, playback, what it shows read back, its lifecycle;
* :mod:`~gmm_lesson.widgets.playground` -- :class:`CovariancePlayground`;
* :mod:`~gmm_lesson.widgets.bound_line` -- :class:`BoundAlongLine`;
* :mod:`~gmm_lesson.widgets.kmeans_limit` -- :class:`KMeansLimit` (:data:`SIGMA_STEPS`);
* :mod:`~gmm_lesson.widgets.restarts` -- :class:`RestartGallery`;
* :mod:`~gmm_lesson.widgets.concentration` -- :class:`ConcentrationExplorer`;
* ``_fitting`` -- a fit from a start, what a failed fit leaves shown, the best run
  seen and the "lower peak" comparison (:data:`LOWER_PEAK_MARGIN`, :data:`POINT_STARTS`);
* ``_clicks`` -- clicks on the EM figure: placing the means, a point's membership;
* ``_em_view`` -- the EM figure, its blitter and markers, and the caption and note of
  the step shown;
* ``_captions`` -- pure functions from a state to the words and HTML shown;
* ``_controls`` -- making and laying out the controls (:data:`INIT_CHOICES`,
  :data:`SPEEDS`, :data:`MAX_COMPONENTS`);
* ``_status`` -- the status line, the errors the controls catch, the static picture;
* ``_page`` -- the page script and stylesheet, presenting size, figure sizes that fit
  a column (:data:`PRESENT_ENV`, :data:`PRESENT_FONT_SIZE`, :data:`PRESENT_TEXT_PX`,
  :data:`STACK_BELOW_PX`, :data:`STACK_BELOW_PX_BOUND`);
* ``_canvas`` -- ipympl or Agg canvases, whole PNG frames (:data:`MIN_FRAME_BYTES`),
  one figure per label, each workaround with its upstream issue;
* ``_blit`` -- the blitter, which redraws only the artists a step moves.
"""

from gmm_lesson.widgets._canvas import MIN_FRAME_BYTES
from gmm_lesson.widgets._controls import INIT_CHOICES, MAX_COMPONENTS, SPEEDS
from gmm_lesson.widgets._fitting import LOWER_PEAK_MARGIN, POINT_STARTS
from gmm_lesson.widgets._page import (
    PRESENT_ENV,
    PRESENT_FONT_SIZE,
    PRESENT_TEXT_PX,
    STACK_BELOW_PX,
    STACK_BELOW_PX_BOUND,
)
from gmm_lesson.widgets.bound_line import BoundAlongLine
from gmm_lesson.widgets.concentration import ConcentrationExplorer
from gmm_lesson.widgets.em_explorer import EMExplorer
from gmm_lesson.widgets.kmeans_limit import SIGMA_STEPS, KMeansLimit
from gmm_lesson.widgets.playground import CovariancePlayground
from gmm_lesson.widgets.restarts import RestartGallery

__all__ = [
    "INIT_CHOICES",
    "LOWER_PEAK_MARGIN",
    "MAX_COMPONENTS",
    "MIN_FRAME_BYTES",
    "POINT_STARTS",
    "PRESENT_ENV",
    "PRESENT_FONT_SIZE",
    "PRESENT_TEXT_PX",
    "SIGMA_STEPS",
    "SPEEDS",
    "STACK_BELOW_PX",
    "STACK_BELOW_PX_BOUND",
    "BoundAlongLine",
    "ConcentrationExplorer",
    "CovariancePlayground",
    "EMExplorer",
    "KMeansLimit",
    "RestartGallery",
]
