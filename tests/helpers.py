"""Helpers for the tests: random mixtures and data that EM can be checked on."""

import numpy as np

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")


def random_spd(rng, n_features, scale=1.0):
    """A random symmetric positive definite matrix with eigenvalues in [0.2, 2] * scale**2."""
    q, _ = np.linalg.qr(rng.normal(size=(n_features, n_features)))
    return (q * rng.uniform(0.2, 2.0, n_features)) @ q.T * scale**2


def random_covariances(rng, covariance_type, n_components, n_features, scale=1.0):
    """Random valid covariances in the shape ``covariance_type`` asks for."""
    if covariance_type == "full":
        return np.stack([random_spd(rng, n_features, scale) for _ in range(n_components)])
    if covariance_type == "tied":
        return random_spd(rng, n_features, scale)
    if covariance_type == "diag":
        return rng.uniform(0.2, 2.0, (n_components, n_features)) * scale**2
    return rng.uniform(0.2, 2.0, n_components) * scale**2


def blobs(rng, n_samples, n_features, n_components, scale=1.0, spread=4.0):
    """Well-separated anisotropic Gaussian blobs, shape (n_samples, n_features)."""
    centres = rng.normal(0, spread, (n_components, n_features))
    labels = rng.integers(0, n_components, n_samples)
    transforms = rng.normal(size=(n_components, n_features, n_features)) * 0.7
    noise = np.einsum("nd,nde->ne", rng.normal(size=(n_samples, n_features)), transforms[labels])
    return (centres[labels] + noise) * scale
