"""The Gaussian mathematics: densities, Cholesky factors, Mahalanobis distances, ellipses.

Arrays in, arrays out, no hidden state, numpy only. Covariances come in the four
shapes scikit-learn uses, named by ``covariance_type``:

========== =========================================== ===============================
type       covariances shape                           meaning
========== =========================================== ===============================
full       (n_components, n_features, n_features)      one free matrix per component
tied       (n_features, n_features)                    one matrix shared by all
diag       (n_components, n_features)                  per-feature variances
spherical  (n_components,)                             one variance per component
========== =========================================== ===============================

The public functions check their input; the private ``_`` functions, which the EM
loop calls many times, check nothing.

Import the functions from here (``from gmm_lesson.gaussian import mahalanobis``; each
also from ``gmm_lesson``); the modules behind them, the second importing the first:

=============  =====================================================================
module         what lives there
=============  =====================================================================
``density``    Gaussians in any dimension: the covariances' shapes and checks,
               Cholesky factors of the precisions, log-densities, Mahalanobis
               distances, whitening, samples, a mixture's number of parameters
``ellipses``   a 2D Gaussian's picture: its ellipses, the mass within a Mahalanobis
               radius and the radius for a mass, a 2D covariance from standard
               deviations and a correlation or from its axes, and back
=============  =====================================================================
"""

from gmm_lesson.gaussian.density import (
    covariances_from_precisions_cholesky,
    full_covariances,
    log_gaussian_density,
    mahalanobis,
    n_parameters,
    precisions_cholesky,
    samples_from_standard_normal,
    whiten,
)
from gmm_lesson.gaussian.ellipses import (
    axes_of,
    correlation_of,
    covariance_from_axes,
    covariance_from_correlation,
    ellipse_geometry,
    ellipse_points,
    mass_within,
    radius_for_mass,
)

__all__ = [
    "axes_of",
    "correlation_of",
    "covariance_from_axes",
    "covariance_from_correlation",
    "covariances_from_precisions_cholesky",
    "ellipse_geometry",
    "ellipse_points",
    "full_covariances",
    "log_gaussian_density",
    "mahalanobis",
    "mass_within",
    "n_parameters",
    "precisions_cholesky",
    "radius_for_mass",
    "samples_from_standard_normal",
    "whiten",
]
