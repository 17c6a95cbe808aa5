"""A 2D Gaussian's picture: its ellipses, the mass within them, its covariance said two ways.

The ellipses of constant Mahalanobis distance (:func:`ellipse_geometry`,
:func:`ellipse_points`), the probability mass inside a Mahalanobis radius and the
radius for a mass, in any dimension (:func:`mass_within`, :func:`radius_for_mass`), and
a 2D covariance from standard deviations and a correlation or from the ellipse's axes,
and back (:func:`covariance_from_correlation`, :func:`correlation_of`,
:func:`covariance_from_axes`, :func:`axes_of`).
"""

import numpy as np

from gmm_lesson._validation import check_array_shape, check_integer
from gmm_lesson.gaussian.density import _is_symmetric

__all__ = [
    "axes_of",
    "correlation_of",
    "covariance_from_axes",
    "covariance_from_correlation",
    "ellipse_geometry",
    "ellipse_points",
    "mass_within",
    "radius_for_mass",
]


def ellipse_geometry(covariance, radius=1.0):
    """Axes of the ellipse of constant Mahalanobis distance of a 2D Gaussian.

    Parameters
    ----------
    covariance : array-like of shape (2, 2)
    radius : float or array-like of shape (n_radii,)
        Mahalanobis radius: 1, 2, 3 give the 1-, 2- and 3-sigma ellipses.

    Returns
    -------
    width, height : float or ndarray of shape (n_radii,)
        Full lengths of the major and minor axes: ``2 * radius * sqrt(eigenvalue)``.
    angle : float
        Angle of the major axis in degrees, counter-clockwise from the x-axis, as
        ``matplotlib.patches.Ellipse`` expects it.

    Raises
    ------
    ValueError
        If ``covariance`` is not a symmetric positive semi-definite 2 x 2 matrix, or
        a radius is negative or not finite.

    Notes
    -----
    The eigenvectors of :math:`\\Sigma` point along the axes; the square roots of
    its eigenvalues are the standard deviations along them.
    """
    covariance = check_array_shape(covariance, (2, 2), "covariance")
    if not _is_symmetric(covariance[np.newaxis]):
        raise ValueError("covariance must be a symmetric matrix.")
    radius = np.asarray(radius, dtype=np.float64)
    if np.any(~np.isfinite(radius)) or np.any(radius < 0):
        raise ValueError("radius must be non-negative and finite.")
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    if eigenvalues[0] < 0:
        raise ValueError(
            f"covariance must be positive semi-definite, got eigenvalues {eigenvalues}."
        )
    major = eigenvectors[:, 1]
    angle = float(np.degrees(np.arctan2(major[1], major[0])))
    width, height = 2 * radius * np.sqrt(eigenvalues[1]), 2 * radius * np.sqrt(eigenvalues[0])
    return width, height, angle


def ellipse_points(mean, covariance, radius=1.0, n_points=100):
    """Points around the ellipse of Mahalanobis radius ``radius`` of a 2D Gaussian.

    Parameters
    ----------
    mean : array-like of shape (2,)
    covariance : array-like of shape (2, 2)
    radius : float, default=1.0
    n_points : int, default=100
        How many points, evenly spaced in the angle ``t``; the last is not the first.

    Returns
    -------
    points : ndarray of shape (n_points, 2)
        :math:`\\mu + R(\\alpha) \\, (a \\cos t, b \\sin t)` with :math:`a, b` the
        semi-axes and :math:`\\alpha` the angle of :func:`ellipse_geometry`: the same
        ellipse as ``matplotlib.patches.Ellipse(mean, width, height, angle=angle)``.

    Raises
    ------
    ValueError
        If ``covariance`` is not a symmetric positive semi-definite 2 x 2 matrix, or
        ``radius`` is not one non-negative finite number.
    """
    mean = check_array_shape(mean, (2,), "mean")
    n_points = check_integer(n_points, "n_points", 1)
    width, height, angle = ellipse_geometry(covariance, radius)
    if np.ndim(width):
        raise ValueError(f"radius must be a single number, got {radius!r}.")
    turns = np.linspace(0.0, 2 * np.pi, n_points, endpoint=False)
    on_axes = np.column_stack([width / 2 * np.cos(turns), height / 2 * np.sin(turns)])
    return mean + on_axes @ _rotation(angle).T


def _rotation(angle):
    """The 2 x 2 matrix that turns a vector by ``angle`` degrees counter-clockwise."""
    theta = np.radians(angle)
    return np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


def mass_within(radius, n_features=2):
    """Probability mass of a Gaussian inside Mahalanobis radius ``radius``.

    Parameters
    ----------
    radius : float or array-like
    n_features : int
        Dimension of the Gaussian.

    Returns
    -------
    mass : float or ndarray
        :math:`P(\\chi^2_D \\le r^2)`; in 2D this is :math:`1 - e^{-r^2/2}`:
        39.3% at r = 1, 86.5% at r = 2, 98.9% at r = 3 (not 68/95/99.7, which hold
        in 1D only).

    Raises
    ------
    ValueError
        If a radius is negative or not finite, or ``n_features`` is less than 1.
    """
    from scipy.special import gammainc

    n_features = check_integer(n_features, "n_features", 1)
    radius = np.asarray(radius, dtype=np.float64)
    if np.any(~np.isfinite(radius)) or np.any(radius < 0):
        raise ValueError("radius must be non-negative and finite.")
    return gammainc(n_features / 2, radius**2 / 2)


def radius_for_mass(mass, n_features=2):
    """Mahalanobis radius that encloses probability ``mass``.

    The inverse of :func:`mass_within`: in 2D, ``radius_for_mass(0.95)`` is 2.448,
    and the 95% ellipse is drawn at that radius, not at 2.

    Parameters
    ----------
    mass : float or array-like of shape (n_masses,)
        Probabilities in [0, 1).
    n_features : int, default=2
        Dimension of the Gaussian.

    Returns
    -------
    radius : float or ndarray of shape (n_masses,)
        :math:`r` with :math:`P(\\chi^2_D \\le r^2) = ` ``mass``; 0 for a mass of 0.

    Raises
    ------
    ValueError
        If a mass lies outside [0, 1) (a mass of 1 would need an infinite radius),
        or ``n_features`` is less than 1.
    """
    from scipy.special import gammaincinv

    n_features = check_integer(n_features, "n_features", 1)
    mass = np.asarray(mass, dtype=np.float64)
    if np.any(~(mass >= 0)) or np.any(mass >= 1):
        raise ValueError(f"mass must lie in [0, 1), got {mass}.")
    return np.sqrt(2 * gammaincinv(n_features / 2, mass))

# --- a 2D covariance, two ways to say it -----------------------------------------------


def covariance_from_correlation(std_x, std_y, correlation):
    """The 2D covariance of given standard deviations and correlation.

    Parameters
    ----------
    std_x, std_y : float
        Standard deviations of x and y, positive.
    correlation : float
        Correlation of x and y, strictly between -1 and 1 (at +-1 the Gaussian is
        flat on a line and has no density).

    Returns
    -------
    covariance : ndarray of shape (2, 2)
        :math:`\\begin{pmatrix} s_x^2 & \\rho s_x s_y \\\\ \\rho s_x s_y & s_y^2
        \\end{pmatrix}`.

    Raises
    ------
    ValueError
        If a standard deviation is not a positive finite number, or ``correlation``
        is not strictly between -1 and 1.

    See Also
    --------
    correlation_of : The inverse: standard deviations and correlation of a covariance.
    """
    for value, name in ((std_x, "std_x"), (std_y, "std_y")):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name} must be a positive number, got {value}.")
    if not -1 < correlation < 1:
        raise ValueError(f"correlation must lie strictly between -1 and 1, got {correlation}.")
    off_diagonal = correlation * std_x * std_y
    return np.array([[std_x**2, off_diagonal], [off_diagonal, std_y**2]])


def covariance_from_axes(std_major, std_minor, angle):
    """The 2D covariance whose ellipse has the given axes, rotated by ``angle`` degrees.

    Parameters
    ----------
    std_major, std_minor : float
        Standard deviations along the first and the second axis, positive. The
        names say which is usually longer; either may be.
    angle : float
        Degrees, counter-clockwise from the x-axis to the first axis.

    Returns
    -------
    covariance : ndarray of shape (2, 2)
        :math:`R \\operatorname{diag}(s_1^2, s_2^2) R^\\top` with :math:`R` the rotation
        by ``angle``: the eigenvectors are the axes, the eigenvalues their variances.

    Raises
    ------
    ValueError
        If a standard deviation is not a positive finite number.

    See Also
    --------
    axes_of : The inverse: the axes and angle of a covariance's ellipse.
    """
    for value, name in ((std_major, "std_major"), (std_minor, "std_minor")):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name} must be a positive number, got {value}.")
    rotation = _rotation(angle)
    covariance = (rotation * np.array([std_major, std_minor]) ** 2) @ rotation.T
    # The product is symmetric in exact arithmetic; make it so in floating point too.
    return (covariance + covariance.T) / 2


def axes_of(covariance):
    """Standard deviations along the ellipse's axes and its angle.

    Parameters
    ----------
    covariance : array-like of shape (2, 2)
        Symmetric positive semi-definite.

    Returns
    -------
    std_major, std_minor : float
        Square roots of the larger and the smaller eigenvalue.
    angle : float
        Degrees in [-90, 90) from the x-axis to the major axis: an axis has no
        direction, so angles are modulo 180.

    Raises
    ------
    ValueError
        If ``covariance`` is not a symmetric positive semi-definite 2 x 2 matrix.

    See Also
    --------
    covariance_from_axes : The inverse.
    """
    width, height, angle = ellipse_geometry(covariance, 1.0)
    return width / 2, height / 2, (angle + 90.0) % 180.0 - 90.0


def correlation_of(covariance):
    """Standard deviations of x and y and their correlation, from a 2D covariance.

    Parameters
    ----------
    covariance : array-like of shape (2, 2)
        With positive variances on the diagonal.

    Returns
    -------
    std_x, std_y : float
        Square roots of the diagonal.
    correlation : float
        The off-diagonal entry divided by ``std_x * std_y``, in [-1, 1].

    Raises
    ------
    ValueError
        If ``covariance`` is not of shape (2, 2) or holds NaN or infinity.

    See Also
    --------
    covariance_from_correlation : The inverse.
    """
    covariance = check_array_shape(covariance, (2, 2), "covariance")
    std = np.sqrt(np.diag(covariance))
    return std[0], std[1], covariance[0, 1] / (std[0] * std[1])
