"""gmm_lesson: Gaussian mixtures and the EM algorithm, for learning.

Layers, each importing only those before it (never one after it):

* :mod:`gmm_lesson.gaussian` -- a package for the Gaussian mathematics: densities,
  Cholesky factors of the precisions, Mahalanobis distances, a 2D Gaussian's ellipses;
* :mod:`gmm_lesson.em` -- a package for EM: the state it moves through
  (``MixtureState``), E-step, M-step, log-likelihood, the recorded EM loop (``run_em``,
  ``EMHistory``), collapse detection, the explorers' starts;
* :mod:`gmm_lesson.mixture` -- the estimator: ``GaussianMixture``, EM behind
  scikit-learn's interface; beside it, :mod:`gmm_lesson.restarts`: one run from one of
  its starts and a seed (``fit_start``, the run the EM explorer makes too), and many
  such runs compared (``fit_restarts``); and :mod:`gmm_lesson.bayesian`: scikit-learn's
  ``BayesianGaussianMixture`` fitted once per value of its weight prior
  (``fit_concentration_path``);
* :mod:`gmm_lesson.plotting` -- a package of views: functions that draw a state on
  matplotlib axes and return the artists, with an ``update_*`` function for each view
  that an explorer redraws; it never fits;
* :mod:`gmm_lesson.widgets` -- a package of ipywidgets explorers that compose the
  mathematics and the views; their callbacks hold no arithmetic.

Beside the layers:

* :mod:`gmm_lesson.datasets` -- the lesson's data, made by seeded code or shipped;
  it imports none of the layers;
* :mod:`gmm_lesson.colour` -- sRGB colours to CIE Lab and back, so that a mixture
  fitted to a photograph's colours measures distance roughly as we see it; it imports
  none of the layers;
* :mod:`gmm_lesson.exercises` -- the checks of each notebook's exercises, one module
  per notebook (``lesson03`` for notebook 03) on three they share (``feedback``,
  ``readers``, ``judging``); they use the layers, and no layer uses them.

``import gmm_lesson`` loads numpy and scipy only: the names below come from
``gaussian`` and ``em``; ``GaussianMixture`` (which needs scikit-learn) is imported
the first time it is used, and ``plotting`` and ``widgets`` (matplotlib, ipywidgets)
only when imported by name, as in ``from gmm_lesson import plotting``.
"""

from gmm_lesson import datasets, em, gaussian
from gmm_lesson.em import (
    CollapseError,
    CollapseWarning,
    EMHistory,
    HalfStep,
    InverseWishartPrior,
    MixtureState,
    collapsed_components,
    e_step,
    em_step,
    log_likelihood,
    m_step,
    run_em,
)
from gmm_lesson.gaussian import (
    axes_of,
    correlation_of,
    covariance_from_axes,
    covariance_from_correlation,
    covariances_from_precisions_cholesky,
    ellipse_geometry,
    ellipse_points,
    full_covariances,
    log_gaussian_density,
    mahalanobis,
    mass_within,
    n_parameters,
    precisions_cholesky,
    radius_for_mass,
    samples_from_standard_normal,
    whiten,
)

__version__ = "0.1.0"

__all__ = [
    "CollapseError",
    "CollapseWarning",
    "EMHistory",
    "GaussianMixture",
    "HalfStep",
    "InverseWishartPrior",
    "MixtureState",
    "axes_of",
    "collapsed_components",
    "correlation_of",
    "covariance_from_axes",
    "covariance_from_correlation",
    "covariances_from_precisions_cholesky",
    "datasets",
    "e_step",
    "ellipse_geometry",
    "ellipse_points",
    "em",
    "em_step",
    "full_covariances",
    "gaussian",
    "log_gaussian_density",
    "log_likelihood",
    "m_step",
    "mahalanobis",
    "mass_within",
    "n_parameters",
    "precisions_cholesky",
    "radius_for_mass",
    "run_em",
    "samples_from_standard_normal",
    "whiten",
]


def __getattr__(name):
    # scikit-learn takes most of a second to import; pay for it only when needed.
    if name == "GaussianMixture":
        from gmm_lesson.mixture import GaussianMixture

        return GaussianMixture
    raise AttributeError(f"module 'gmm_lesson' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {"GaussianMixture"})
