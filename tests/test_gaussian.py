"""The Gaussian math against scipy's densities and the textbook facts."""

import numpy as np
import pytest
from helpers import COVARIANCE_TYPES, random_covariances
from scipy.linalg import solve_triangular
from scipy.spatial.distance import mahalanobis as scipy_mahalanobis
from scipy.stats import multivariate_normal

import gmm_lesson as gl


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("n_features", [1, 2, 5])
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_log_density_matches_scipy(covariance_type, n_features, scale, rng):
    n_components = 3
    X = rng.normal(size=(50, n_features)) * scale
    means = rng.normal(size=(n_components, n_features)) * scale
    covariances = random_covariances(rng, covariance_type, n_components, n_features, scale)
    full = gl.full_covariances(covariances, covariance_type, n_components, n_features)
    expected = np.column_stack(
        [multivariate_normal(means[k], full[k]).logpdf(X) for k in range(n_components)]
    )
    got = gl.log_gaussian_density(X, means, covariances, covariance_type)
    np.testing.assert_allclose(got, expected.reshape(got.shape), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_precision_factor_inverts_covariance(covariance_type, rng):
    covariances = random_covariances(rng, covariance_type, 4, 3)
    prec_chol = gl.precisions_cholesky(covariances, covariance_type)
    back = gl.covariances_from_precisions_cholesky(prec_chol, covariance_type)
    np.testing.assert_allclose(back, covariances, rtol=1e-12)
    if covariance_type in ("full", "tied"):
        stack = prec_chol.reshape(-1, 3, 3)
        # Upper triangular, positive diagonal, and P P^T is the precision.
        assert np.allclose(np.tril(stack, -1), 0)
        assert np.all(np.diagonal(stack, axis1=1, axis2=2) > 0)
        precision = stack @ stack.transpose(0, 2, 1)
        np.testing.assert_allclose(
            precision, np.linalg.inv(covariances.reshape(-1, 3, 3)), rtol=1e-10
        )


def test_singular_covariance_names_the_component():
    covariances = np.stack([np.eye(2), [[1.0, 1.0], [1.0, 1.0]], np.eye(2)])
    with pytest.raises(ValueError, match="component 1 is not positive definite"):
        gl.precisions_cholesky(covariances)
    with pytest.raises(ValueError, match="component 2 is not positive definite"):
        gl.precisions_cholesky(np.array([1.0, 2.0, 0.0]), "spherical")


def test_mahalanobis_matches_scipy(rng):
    covariance = random_covariances(rng, "tied", 1, 3)
    mean = rng.normal(size=3)
    X = rng.normal(size=(10, 3))
    expected = [scipy_mahalanobis(x, mean, np.linalg.inv(covariance)) for x in X]
    np.testing.assert_allclose(gl.mahalanobis(X, mean, covariance), expected, rtol=1e-10)



def test_mahalanobis_is_the_length_after_whitening_and_the_largest_projected_z_score(rng):
    covariance = random_covariances(rng, "tied", 1, 2)
    mean = rng.normal(size=2)
    x = rng.normal(size=2) * 3
    distance = gl.mahalanobis(x[np.newaxis], mean, covariance)[0]
    whitened = solve_triangular(np.linalg.cholesky(covariance), x - mean, lower=True)
    np.testing.assert_allclose(gl.whiten(x[np.newaxis], mean, covariance)[0], whitened,
                               rtol=1e-12)
    assert distance == pytest.approx(np.linalg.norm(whitened), rel=1e-12)
    angles = np.linspace(0, np.pi, 200_001)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    z_scores = np.abs(directions @ (x - mean)) / np.sqrt(
        np.einsum("nd,de,ne->n", directions, covariance, directions))
    assert z_scores.max() == pytest.approx(distance, rel=1e-8)


def test_mahalanobis_counts_standard_deviations_along_x_minus_mu_only_on_an_axis():
    # Notebook 02's exercise: x - mu = (1.5, 1.5) is not on an axis of the ellipse.
    mean, covariance = np.array([1.0, -1.0]), np.array([[3.0, -1.0], [-1.0, 1.5]])
    x = np.array([2.5, 0.5])
    direction = (x - mean) / np.linalg.norm(x - mean)
    spread = np.sqrt(direction @ covariance @ direction)
    assert gl.mahalanobis(x[np.newaxis], mean, covariance)[0] == pytest.approx(2.0442, abs=1e-4)
    assert np.linalg.norm(x - mean) / spread == pytest.approx(1.8974, abs=1e-4)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    on_axes = mean + 1.5 * eigenvectors.T
    np.testing.assert_allclose(gl.mahalanobis(on_axes, mean, covariance),
                               1.5 / np.sqrt(eigenvalues), rtol=1e-12)

@pytest.mark.parametrize("radius", [1.0, 2.0, 3.0])
def test_ellipse_points_lie_at_the_mahalanobis_radius(radius, rng):
    covariance = random_covariances(rng, "tied", 1, 2)
    mean = np.array([1.0, -2.0])
    points = gl.ellipse_points(mean, covariance, radius, n_points=17)
    offsets = points - mean
    squared = np.einsum("ij,ij->i", offsets, np.linalg.solve(covariance, offsets.T).T)
    np.testing.assert_allclose(np.sqrt(squared), radius, rtol=1e-10)
    # ... and go round once, as far as the ellipse reaches along each axis.
    width, height, _ = gl.ellipse_geometry(covariance, radius)
    distances = np.linalg.norm(offsets, axis=1)
    assert distances.max() == pytest.approx(width / 2) and distances[0] == pytest.approx(width / 2)
    assert distances.min() >= height / 2 * (1 - 1e-12)


def test_ellipse_points_are_matplotlibs_ellipse(rng):
    from matplotlib.patches import Ellipse

    covariance = random_covariances(rng, "tied", 1, 2)
    mean = np.array([0.5, 3.0])
    width, height, angle = gl.ellipse_geometry(covariance, 2.0)
    outline = Ellipse(mean, width, height, angle=angle)
    # The patch's transform takes the unit circle onto the ellipse it draws.
    turns = np.linspace(0, 2 * np.pi, 50, endpoint=False)
    drawn = outline.get_patch_transform().transform(np.c_[np.cos(turns), np.sin(turns)])
    np.testing.assert_allclose(gl.ellipse_points(mean, covariance, 2.0, n_points=50), drawn,
                               atol=1e-12 * width)


def test_ellipse_of_an_axis_aligned_covariance():
    width, height, angle = gl.ellipse_geometry(np.diag([1.0, 9.0]), radius=2)
    assert (width, height) == pytest.approx((12.0, 4.0))
    assert abs(angle) == pytest.approx(90.0)


def test_coverage_of_sigma_ellipses_in_2d():
    # In 2D the mass inside radius r is 1 - exp(-r^2 / 2), not 68/95/99.7 percent.
    np.testing.assert_allclose(
        gl.mass_within([1, 2, 3]), 1 - np.exp(-np.array([1, 4, 9]) / 2), rtol=1e-12
    )
    assert np.round(gl.mass_within([1, 2, 3]) * 100, 1).tolist() == [39.3, 86.5, 98.9]
    assert gl.radius_for_mass(0.95) == pytest.approx(2.4477, abs=1e-4)
    assert gl.mass_within(1.0, n_features=1) == pytest.approx(0.6827, abs=1e-4)


def test_coverage_matches_sampling(rng):
    covariance = np.array([[2.0, 1.2], [1.2, 1.0]])
    samples = rng.multivariate_normal([0, 0], covariance, 200_000)
    distances = gl.mahalanobis(samples, [0, 0], covariance)
    for radius in (1, 2, 3):
        assert np.mean(distances <= radius) == pytest.approx(gl.mass_within(radius), abs=4e-3)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_parameter_count_matches_sklearn(covariance_type):
    from sklearn.mixture import GaussianMixture

    X = np.random.default_rng(0).normal(size=(40, 3))
    fitted = GaussianMixture(4, covariance_type=covariance_type, random_state=0).fit(X)
    assert gl.n_parameters(4, 3, covariance_type) == fitted._n_parameters()


def test_two_ways_to_describe_a_2d_covariance(rng):
    covariance = gl.covariance_from_correlation(2.0, 0.5, -0.6)
    np.testing.assert_allclose(covariance, [[4.0, -0.6], [-0.6, 0.25]])
    np.testing.assert_allclose(gl.correlation_of(covariance), (2.0, 0.5, -0.6))
    std_major, std_minor, angle = gl.axes_of(covariance)
    np.testing.assert_allclose(gl.covariance_from_axes(std_major, std_minor, angle), covariance)
    eigenvalues = np.linalg.eigvalsh(covariance)
    np.testing.assert_allclose([std_minor**2, std_major**2], eigenvalues)
    assert -90 <= angle < 90
    rotated = gl.covariance_from_axes(3.0, 1.0, 30.0)
    major = np.linalg.eigh(rotated)[1][:, 1]
    assert abs(np.degrees(np.arctan2(major[1], major[0])) % 180 - 30) < 1e-9
    with pytest.raises(ValueError, match="correlation must lie strictly between -1 and 1"):
        gl.covariance_from_correlation(1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="std_minor must be a positive number"):
        gl.covariance_from_axes(1.0, 0.0, 10.0)


def test_samples_from_standard_normal_have_the_covariance(rng):
    covariance = gl.covariance_from_correlation(1.5, 0.8, 0.7)
    z = rng.standard_normal((200_000, 2))
    samples = gl.samples_from_standard_normal(z, np.array([1.0, -1.0]), covariance)
    np.testing.assert_allclose(np.cov(samples.T), covariance, atol=0.02)
    np.testing.assert_allclose(samples.mean(axis=0), [1.0, -1.0], atol=0.01)


def test_whitened_samples_are_standard_normal(rng):
    covariance = random_covariances(rng, "tied", 1, 3)
    mean = rng.normal(size=3)
    X = rng.multivariate_normal(mean, covariance, size=200_000)
    Z = gl.whiten(X, mean, covariance)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=0.01)
    np.testing.assert_allclose(np.cov(Z.T), np.eye(3), atol=0.01)


def test_whiten_names_a_covariance_that_is_not_positive_definite():
    with pytest.raises(ValueError, match="not positive definite"):
        gl.whiten([[0.0, 0.0]], [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]])


@pytest.mark.parametrize("angle", np.linspace(-180.0, 180.0, 73))
@pytest.mark.parametrize("stds", [(1.0, 1.0), (2.0, 0.5), (1.0, 1.0 + 1e-12)])
def test_every_covariance_from_axes_is_accepted_and_gives_back_its_axes(angle, stds):
    covariance = gl.covariance_from_axes(*stds, angle)
    width, height, _ = gl.ellipse_geometry(covariance)
    assert (width, height) == pytest.approx((2 * stds[0], 2 * stds[1]), rel=1e-9)
    gl.MixtureState.from_parameters([1.0], [[0.0, 0.0]], covariance[np.newaxis])


def test_rounding_noise_off_the_diagonal_is_symmetric_but_a_real_difference_is_not():
    noisy = np.array([[1.0, 1e-17], [-1e-17, 1.0]])
    gl.ellipse_geometry(noisy)
    gl.precisions_cholesky(noisy[np.newaxis])
    with pytest.raises(ValueError, match="symmetric"):
        gl.ellipse_geometry(np.array([[1.0, 0.3], [0.2, 1.0]]))
    with pytest.raises(ValueError, match="symmetric"):
        gl.precisions_cholesky(np.array([[[1.0, 1e-6], [0.0, 1.0]]]))
