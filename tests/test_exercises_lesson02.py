"""The checks of notebook 02 accept the right answers and name the likely slips."""

import numpy as np
from scipy.stats import chi2

from gmm_lesson.exercises import lesson02 as check


def message(feedback):
    assert not feedback.passed, feedback.message
    return feedback.message


# --- exercise 1: a covariance from standard deviations and a correlation --------------------


def covariance(diagonal, off, off_lower=None):
    return np.array([[diagonal[0], off], [off if off_lower is None else off_lower, diagonal[1]]])


S1, S2, RHO = check.STD_1, check.STD_2, check.CORRELATION
VARIANCES = (S1**2, S2**2)


def test_covariance_accepts_the_matrix():
    assert check.covariance_matrix(covariance(VARIANCES, RHO * S1 * S2)).passed
    stds = np.diag([S1, S2])
    correlation = np.array([[1, RHO], [RHO, 1]])
    assert check.covariance_matrix(stds @ correlation @ stds).passed
    assert "not answered" in message(check.covariance_matrix(...))


def test_covariance_mistakes():
    assert "variances, their squares" in message(
        check.covariance_matrix(covariance((S1, S2), RHO * S1 * S2)))
    assert "not symmetric" in message(
        check.covariance_matrix(covariance(VARIANCES, RHO * S1 * S2, 0.0)))
    assert "correlation rho" in message(check.covariance_matrix(covariance(VARIANCES, RHO)))
    assert "multiplies rho by the variances" in message(
        check.covariance_matrix(covariance(VARIANCES, RHO * S1**2 * S2**2)))
    assert "sign is lost" in message(check.covariance_matrix(covariance(VARIANCES, -RHO * S1 * S2)))
    assert "no correlation" in message(check.covariance_matrix(np.diag(VARIANCES)))
    assert "shape" in message(check.covariance_matrix([S1**2, S2**2]))
    assert "should be the variances" in message(
        check.covariance_matrix(covariance((1.0, 1.0), RHO * S1 * S2)))


def test_covariance_rho_differs_from_the_covariance():
    # Otherwise the "correlation instead of covariance" hint could never fire.
    assert not np.isclose(RHO, RHO * S1 * S2)


# --- exercise 2: the mass inside the 2-sigma ellipse -----------------------------------------


def test_mass_accepts_the_2d_value():
    assert check.mass_inside_2_sigma(1 - np.exp(-2.0)).passed
    assert check.mass_inside_2_sigma(chi2.cdf(4.0, df=2)).passed
    assert "rounded to 3 decimal places" in message(check.mass_inside_2_sigma(0.865))
    assert "not answered" in message(check.mass_inside_2_sigma(...))


def test_mass_recognises_the_1d_rule():
    for one_d in (0.95, 0.954, 0.9545, chi2.cdf(4.0, df=1)):
        assert "1D rule" in message(check.mass_inside_2_sigma(one_d))


def test_mass_other_mistakes():
    assert "r = 1" in message(check.mass_inside_2_sigma(1 - np.exp(-0.5)))
    assert "r = 3" in message(check.mass_inside_2_sigma(1 - np.exp(-4.5)))
    assert "68%" in message(check.mass_inside_2_sigma(0.68))
    assert "1 - exp(-r**2)" in message(check.mass_inside_2_sigma(1 - np.exp(-4.0)))
    assert "OUTSIDE" in message(check.mass_inside_2_sigma(np.exp(-2.0)))
    assert "percentage" in message(check.mass_inside_2_sigma(86.47))
    assert "rounded to 2 decimal places" in message(check.mass_inside_2_sigma(0.86))
    assert "estimate from samples" in message(check.mass_inside_2_sigma(0.8612))
    assert "between 0 and 1" in message(check.mass_inside_2_sigma(3.0))
    assert "1 - exp(-r**2 / 2)" in message(check.mass_inside_2_sigma(0.5))


# --- exercise 3: a Mahalanobis distance ------------------------------------------------------


def parts():
    mean = np.array(check.MAHALANOBIS_MEAN)
    covariance = np.array(check.MAHALANOBIS_COVARIANCE)
    return np.array(check.MAHALANOBIS_POINT) - mean, covariance


def test_mahalanobis_accepts_the_distance_as_number_or_array():
    d, sigma = parts()
    distance = np.sqrt(d @ np.linalg.inv(sigma) @ d)
    assert check.mahalanobis_distance(distance).passed
    assert check.mahalanobis_distance(np.array([distance])).passed
    assert "not answered" in message(check.mahalanobis_distance(...))


def test_mahalanobis_mistakes():
    d, sigma = parts()
    squared = d @ np.linalg.solve(sigma, d)
    assert "SQUARED" in message(check.mahalanobis_distance(squared))
    assert "covariance Sigma where its inverse" in message(
        check.mahalanobis_distance(np.sqrt(d @ sigma @ d)))
    assert "two slips" in message(check.mahalanobis_distance(d @ sigma @ d))
    assert "Euclidean" in message(check.mahalanobis_distance(np.linalg.norm(d)))
    assert "correlation" in message(
        check.mahalanobis_distance(np.sqrt(np.sum(d**2 / np.diag(sigma)))))
    assert "np.linalg.solve" in message(check.mahalanobis_distance(1.0))


def test_covariance_more_slips():
    correlation = np.array([[1, RHO], [RHO, 1]])
    assert "correlation matrix" in message(check.covariance_matrix(correlation))
    right = covariance(VARIANCES, RHO * S1 * S2)
    assert "inverse of the covariance" in message(check.covariance_matrix(np.linalg.inv(right)))
    no_correlation = covariance(VARIANCES, S1 * S2)
    assert "without the correlation" in message(check.covariance_matrix(no_correlation))
    assert "got one number" in message(check.covariance_matrix(4.0))


def test_mass_percent_and_chi2_slips():
    assert "percentage" in message(check.mass_inside_2_sigma(86.47))
    assert "chi2.cdf(r, 2)" in message(check.mass_inside_2_sigma(chi2.cdf(2.0, df=2)))


def test_mahalanobis_more_slips():
    d, sigma = parts()
    point = np.array(check.MAHALANOBIS_POINT)
    assert "mean is not subtracted" in message(
        check.mahalanobis_distance(np.sqrt(point @ np.linalg.solve(sigma, point))))
    distance = np.sqrt(d @ np.linalg.solve(sigma, d))
    assert "rounded to 2 decimal places" in message(check.mahalanobis_distance(round(distance, 2)))


def test_mahalanobis_success_message_is_true():
    # The distance is the length of the whitened difference and the largest z-score over
    # 1D projections; along x - mu itself the point is fewer standard deviations out.
    d, sigma = parts()
    distance = np.sqrt(d @ np.linalg.solve(sigma, d))
    whitened = np.linalg.solve(np.linalg.cholesky(sigma), d)
    assert np.isclose(np.linalg.norm(whitened), distance)
    angles = np.linspace(0, np.pi, 100001)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    z = np.abs(directions @ d) / np.sqrt(np.einsum("ud,de,ue->u", directions, sigma, directions))
    assert np.isclose(z.max(), distance, rtol=1e-6)
    u = d / np.linalg.norm(d)
    along = np.linalg.norm(d) / np.sqrt(u @ sigma @ u)
    text = check.mahalanobis_distance(distance).message
    assert f"{distance:.3f} from the mean" in text and f"{along:.2f} standard deviations" in text
    assert "along its own direction" not in text
    assert not np.isclose(along, distance, rtol=1e-2)
