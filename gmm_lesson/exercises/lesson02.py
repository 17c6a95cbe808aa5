"""Checks for the exercises of notebook 02 · The multivariate Gaussian.

Each check computes the expected answer from the package and recognises the
likely slips (standard deviations on the diagonal instead of variances, the 1D
"95%" for a 2D ellipse, the covariance instead of its inverse) to say what went
wrong.
"""

import numpy as np

from gmm_lesson.exercises import (
    agrees,
    array,
    correct,
    graded,
    matches,
    number,
    pair,
    rounding_feedback,
    wrong,
)
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


@graded
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
        got = "one number" if value.ndim == 0 else f"shape {value.shape}"
        return wrong(f"expected {name}, got {got}.")
    if not np.all(np.isfinite(value)):
        return wrong(f"{name} contains NaN or infinity.")
    s1, s2, rho = STD_1, STD_2, CORRELATION
    covariance = rho * s1 * s2
    expected = np.array([[s1**2, covariance], [covariance, s2**2]])
    if agrees(value, expected):
        lean = "down" if covariance < 0 else "up"
        return correct(f"variances {s1**2:g} and {s2**2:g} on the diagonal, covariance "
                       f"rho * s1 * s2 = {covariance:g} off it: the ellipse leans {lean} to "
                       "the right.")
    rounding = rounding_feedback(value, expected, name)
    if rounding is not None:
        return rounding
    whole = [
        (np.array([[1.0, rho], [rho, 1.0]]),
         "this is the correlation matrix (ones on the diagonal): scale it by the standard "
         "deviations, diag(s) @ R @ diag(s)."),
        (np.linalg.inv(expected),
         "this is the inverse of the covariance matrix (the precision); the question asks for "
         "the covariance itself."),
    ]
    for mistake, hint in whole:
        if matches(value, mistake):
            return wrong(hint)
    diagonal = np.diag(value)
    if matches(diagonal, [s1, s2]):
        return wrong(f"the diagonal holds the standard deviations {s1:g} and {s2:g}; it holds "
                     f"the variances, their squares: {s1**2:g} and {s2**2:g}.")
    if not matches(diagonal, [s1**2, s2**2]):
        got = " and ".join(pair(a, b)[0] for a, b in zip(diagonal, [s1**2, s2**2], strict=True))
        return wrong(f"the diagonal of {name} should be the variances s1**2 = {s1**2:g} and "
                     f"s2**2 = {s2**2:g}, got {got}.")
    if not np.isclose(value[0, 1], value[1, 0], rtol=1e-6, atol=1e-9):
        return wrong("the matrix is not symmetric: the covariance of x[0] with x[1] is the "
                     "covariance of x[1] with x[0], so both off-diagonal entries hold "
                     f"rho * s1 * s2 = {covariance:g}.")
    off = value[0, 1]
    hints = [
        (rho, f"the off-diagonal holds the correlation rho = {rho:g} itself; the covariance "
              f"is rho times both standard deviations: rho * s1 * s2."),
        (rho * s1**2 * s2**2, "the off-diagonal multiplies rho by the variances; it is rho "
                              "times the standard deviations: rho * s1 * s2."),
        (s1 * s2, "the off-diagonal is s1 * s2 without the correlation: multiply by rho too."),
        (-covariance, "the sign is lost: a negative correlation gives a negative covariance "
                      "(the ellipse leans down to the right)."),
        (0.0, "the off-diagonal is zero, which means no correlation; it should be "
              "rho * s1 * s2."),
    ]
    for target, hint in hints:
        if matches(off, target):
            return wrong(hint)
    return wrong(f"the off-diagonal of {name} is {off:g}; it should be rho * s1 * s2.")


# --- exercise 2 ----------------------------------------------------------------------------


@graded
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
    what = "the share of the mass inside the 2-sigma ellipse, a fraction between 0 and 1"
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    expected = float(mass_within(2.0, 2))
    if agrees(value, expected):
        return correct(f"{expected:.1%} of a 2D Gaussian lies inside its 2-sigma ellipse, "
                       "not 95%: in 2D there is more room far from the mean.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    one_d = float(mass_within(2.0, 1))
    if value == 0.95 or matches(value, one_d):
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
        (1 - np.exp(-4.0), "is 1 - exp(-r**2) at r = 2: the exponent is -r**2 / 2."),
        (1 - np.exp(-1.0), "is 1 - exp(-r / 2) at r = 2 (or chi2.cdf(r, 2), which takes r**2): "
                           "the exponent is -r**2 / 2."),
        (np.exp(-2.0), "is exp(-r**2 / 2), the mass OUTSIDE the ellipse: subtract it from 1."),
        (100 * expected, "looks like a percentage: give a fraction between 0 and 1."),
    ]
    for target, hint in named:
        if matches(value, target):
            return wrong(f"{value:g} {hint}")
    if value == 0.68:
        return wrong(f"{value:g} {named[2][1]}")
    if abs(value - expected) <= 0.01:
        return wrong(f"{value:g} is close: an estimate from samples? Compute the exact value "
                     "from 1 - exp(-r**2 / 2) or gl.mass_within.")
    if not 0 <= value <= 1:
        return wrong(f"got {value:g}, but {what}.")
    return wrong(f"got {value:g}, not {what}. In 2D the mass within Mahalanobis radius r is "
                 "1 - exp(-r**2 / 2); evaluate it at r = 2.")


# --- exercise 3 ----------------------------------------------------------------------------


@graded
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
    what = "the Mahalanobis distance, one number"
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    mean = np.array(MAHALANOBIS_MEAN)
    covariance = np.array(MAHALANOBIS_COVARIANCE)
    point = np.array(MAHALANOBIS_POINT)
    diff = point - mean
    expected = float(mahalanobis([MAHALANOBIS_POINT], mean, covariance)[0])
    if agrees(value, expected):
        # The spread of the Gaussian along the direction of x - mu, and how many such
        # standard deviations x - mu is: less than the distance unless x - mu is an axis.
        direction = diff / np.linalg.norm(diff)
        along = np.linalg.norm(diff) / np.sqrt(direction @ covariance @ direction)
        return correct(f"Mahalanobis distance {expected:.3f}: whitened (x - mu mapped to "
                       f"L^-1 (x - mu), where Sigma = L L^T), the point lies {expected:.3f} from "
                       f"the mean. It is also the largest z-score of x - mu over all 1D "
                       f"projections. Along the direction of x - mu itself the point is "
                       f"{along:.2f} standard deviations out; the two agree only when x - mu "
                       "lies along an axis of the ellipse.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    precision = np.linalg.inv(covariance)
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
        (float(np.sqrt(point @ precision @ point)), "the mean is not subtracted: the distance "
                                                    "is from the mean, d = x - mu."),
    ]
    for target, hint in named:
        if matches(value, target):
            return wrong(hint)
    got, _ = pair(value, expected)
    return wrong(f"got {got}, not {what}. Compute d = x - mu, then "
                 "sqrt(d @ np.linalg.solve(Sigma, d)).")
