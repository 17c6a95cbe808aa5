"""The Gaussian mathematics: densities, Cholesky factors, Mahalanobis distances, ellipses.

Import the functions from here (``from gmm_lesson.gaussian import mahalanobis``; each
also from ``gmm_lesson``); the module behind them:

=============  =====================================================================
module         what lives there
=============  =====================================================================
``density``    the covariances' shapes, Cholesky factors of the precisions,
               log-densities, Mahalanobis distances, whitening, ellipses
=============  =====================================================================
"""

from gmm_lesson.gaussian.density import (
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
