"""Checks for the exercises of notebook 02 · The multivariate Gaussian.

Each check computes the expected answer from the package and recognises the
likely slips (standard deviations on the diagonal instead of variances, the 1D
"95%" for a 2D ellipse, the covariance instead of its inverse) to say what went
wrong.
"""

import numpy as np

from gmm_lesson.exercises import array, correct, number, wrong
from gmm_lesson.gaussian import mahalanobis, mass_within

__all__ = [
    "STD_1",
    "STD_2",
    "CORRELATION",
    "MAHALANOBIS_MEAN",
    "MAHALANOBIS_COVARIANCE",
    "MAHALANOBIS_POINT",
    "covariance_matrix",
    "mass_inside_2_sigma",
    "mahalanobis_distance",
]

STD_1, STD_2, CORRELATION = 2.0, 0.75, -0.6
"""Standard deviations of x[0] and x[1] and their correlation, for the covariance exercise."""

MAHALANOBIS_MEAN = (1.0, -1.0)
MAHALANOBIS_COVARIANCE = ((3.0, -1.0), (-1.0, 1.5))
MAHALANOBIS_POINT = (2.5, 0.5)
"""The Gaussian and the point of the Mahalanobis exercise."""


def covariance_matrix(answer):
    """Check the covariance matrix built from ``STD_1``, ``STD_2`` and ``CORRELATION``.

    Parameters
    ----------
    answer : array-like of shape (2, 2)
        :math:`\\begin{pmatrix} s_1^2 & \\rho s_1 s_2 \\\\ \\rho s_1 s_2 & s_2^2 \\end{pmatrix}`.

    Returns
    -------
    Feedback
    """
    name = "the covariance matrix, shape (2, 2)"
    value, feedback = array(answer, name)
    if feedback is not None:
        return feedback
    if value.shape != (2, 2):
        return wrong(f"expected {name}, got shape {value.shape}.")
    if not np.all(np.isfinite(value)):
        return wrong("the matrix contains NaN or infinity.")
    s1, s2, rho = STD_1, STD_2, CORRELATION
    covariance = rho * s1 * s2
    expected = np.array([[s1**2, covariance], [covariance, s2**2]])
    if np.allclose(value, expected):
        return correct(f"variances {s1**2:g} and {s2**2:g} on the diagonal, covariance "
                       f"rho * s1 * s2 = {covariance:g} off it.")

    def close(a, b):
        return np.allclose(a, b)

    diagonal = np.diag(value)
    if close(diagonal, [s1, s2]):
        return wrong(f"the diagonal holds the standard deviations {s1:g} and {s2:g}; it holds "
                     f"the variances, their squares: {s1**2:g} and {s2**2:g}.")
    if not close(diagonal, [s1**2, s2**2]):
        return wrong(f"the diagonal should be the variances s1**2 = {s1**2:g} and "
                     f"s2**2 = {s2**2:g}, got {diagonal[0]:g} and {diagonal[1]:g}.")
    if not np.isclose(value[0, 1], value[1, 0]):
        return wrong("the matrix is not symmetric: the covariance of x[0] with x[1] is the "
                     "covariance of x[1] with x[0], so both off-diagonal entries hold "
                     f"rho * s1 * s2 = {covariance:g}.")
    off = value[0, 1]
    hints = [
        (rho, f"the off-diagonal holds the correlation rho = {rho:g} itself; the covariance "
              f"is rho times both standard deviations: rho * s1 * s2."),
        (rho * s1**2 * s2**2, "the off-diagonal multiplies rho by the variances; it is rho "
                              "times the standard deviations: rho * s1 * s2."),
        (-covariance, "the sign is lost: a negative correlation gives a negative covariance "
                      "(the ellipse leans down to the right)."),
        (0.0, "the off-diagonal is zero, which means no correlation; it should be "
              "rho * s1 * s2."),
    ]
    for target, hint in hints:
        if np.isclose(off, target):
            return wrong(hint)
    return wrong(f"the off-diagonal is {off:g}; it should be rho * s1 * s2 = {covariance:g}.")


# --- exercise 2 ----------------------------------------------------------------------------


def mass_inside_2_sigma(answer):
    """Check the share of a 2D Gaussian's mass inside its 2-sigma ellipse.

    Parameters
    ----------
    answer : float
        A fraction between 0 and 1: :math:`1 - e^{-r^2/2}` at :math:`r = 2`.

    Returns
    -------
    Feedback
    """
    value, feedback = number(answer, "a fraction between 0 and 1")
    if feedback is not None:
        return feedback
    expected = float(mass_within(2.0, 2))
    if abs(value - expected) <= 5e-4:
        return correct(f"{expected:.1%} of a 2D Gaussian lies inside its 2-sigma ellipse, "
                       "not 95%: in 2D there is more room far from the mean.")
    one_d = float(mass_within(2.0, 1))
    if any(abs(value - target) <= 5e-4 for target in (0.95, 0.954, one_d)):
        return wrong(f"{value:g} is the 1D rule (95% within two standard deviations of the "
                     "mean). It does not hold in 2D: the mass within Mahalanobis radius r of a "
                     "2D Gaussian is 1 - exp(-r**2 / 2).")
    named = [
        (float(mass_within(1.0, 2)), "is the mass inside the 1-sigma ellipse (r = 1); the "
                                     "question asks for r = 2."),
        (float(mass_within(3.0, 2)), "is the mass inside the 3-sigma ellipse (r = 3); the "
                                     "question asks for r = 2."),
        (float(mass_within(1.0, 1)), "is the 1D rule for one standard deviation (68%); the "
                                     "question asks for the 2-sigma ellipse in 2D."),
        (0.68, "is the 1D rule for one standard deviation (68%); the question asks for the "
               "2-sigma ellipse in 2D."),
        (1 - np.exp(-4.0), "is 1 - exp(-r**2) at r = 2: the exponent is -r**2 / 2."),
        (1 - np.exp(-1.0), "is 1 - exp(-r / 2) at r = 2: the exponent is -r**2 / 2."),
        (np.exp(-2.0), "is exp(-r**2 / 2), the mass OUTSIDE the ellipse: subtract it from 1."),
    ]
    for target, hint in named:
        if abs(value - target) <= 5e-4:
            return wrong(f"{value:g} {hint}")
    if abs(value - 100 * expected) <= 0.05:
        return wrong(f"{value:g} looks like a percentage: give a fraction between 0 and 1.")
    if abs(value - expected) <= 0.01:
        return wrong(f"{value:g} is close: a count of samples? Compute the exact value from "
                     "1 - exp(-r**2 / 2) or gl.mass_within.")
    if not 0 <= value <= 1:
        return wrong(f"a share of the mass lies between 0 and 1, got {value:g}.")
    return wrong(f"got {value:g}. In 2D the mass within Mahalanobis radius r is "
                 "1 - exp(-r**2 / 2); evaluate it at r = 2.")


# --- exercise 3 ----------------------------------------------------------------------------


def mahalanobis_distance(answer):
    """Check the Mahalanobis distance of ``MAHALANOBIS_POINT`` from the exercise's Gaussian.

    Parameters
    ----------
    answer : float
        :math:`\\sqrt{(x - \\mu)^\\top \\Sigma^{-1} (x - \\mu)}`.

    Returns
    -------
    Feedback
    """
    value, feedback = number(answer, "the Mahalanobis distance, one number")
    if feedback is not None:
        return feedback
    mean = np.array(MAHALANOBIS_MEAN)
    covariance = np.array(MAHALANOBIS_COVARIANCE)
    diff = np.array(MAHALANOBIS_POINT) - mean
    expected = float(mahalanobis([MAHALANOBIS_POINT], mean, covariance)[0])
    if np.isclose(value, expected, rtol=1e-6):
        return correct(f"the point lies {expected:.3f} standard deviations from the mean, "
                       "measured along its own direction.")
    squared_with_covariance = float(diff @ covariance @ diff)
    named = [
        (expected**2, "this is the SQUARED distance (x - mu)^T Sigma^-1 (x - mu): take its "
                      "square root."),
        (np.sqrt(squared_with_covariance), "this uses the covariance Sigma where its inverse "
                                           "belongs: (x - mu)^T Sigma^-1 (x - mu); use "
                                           "np.linalg.solve(Sigma, x - mu) or "
                                           "np.linalg.inv(Sigma)."),
        (squared_with_covariance, "two slips: the covariance is used instead of its inverse, "
                                  "and the square root is missing."),
        (float(np.linalg.norm(diff)), "this is the Euclidean distance, which ignores the "
                                      "covariance: use (x - mu)^T Sigma^-1 (x - mu), then the "
                                      "square root."),
        (float(np.sqrt(np.sum(diff**2 / np.diag(covariance)))),
         "this divides by the variances only and ignores the correlation (the off-diagonal "
         "entries): use the whole inverse matrix."),
    ]
    for target, hint in named:
        if np.isclose(value, target, rtol=1e-6):
            return wrong(hint)
    return wrong(f"got {value:g}. Compute d = x - mu, then sqrt(d @ np.linalg.solve(Sigma, d)).")
