"""Gaussians in any dimension: their densities, through the Cholesky factors of the precisions.

Also what the densities rest on and what they lead to: the covariances' shapes (the
four of ``covariance_type``, tabled in :mod:`gmm_lesson.gaussian`) and their checks,
Cholesky factors and back, Mahalanobis distances, whitening, samples, and a mixture's
number of free parameters. Arrays in, arrays out, no hidden state, numpy only.

Densities are computed through the Cholesky factor of the precision (the inverse
covariance), never through an explicit inverse: if ``P`` is upper triangular with
``P @ P.T == inv(Sigma)``, then ``(x - mu) @ P`` has squared norm equal to the
Mahalanobis distance and ``log det inv(Sigma) = 2 * sum(log(diag(P)))``.

The public functions check their input; the private ``_`` functions, which the EM
loop calls many times, check nothing.
"""

import numpy as np

from gmm_lesson._validation import (
    check_array_shape,
    check_covariance_type,
    check_integer,
    check_X,
    parameter_shape,
)

__all__ = [
    "covariances_from_precisions_cholesky",
    "full_covariances",
    "log_gaussian_density",
    "mahalanobis",
    "n_parameters",
    "precisions_cholesky",
    "samples_from_standard_normal",
    "whiten",
]

_LOG_2PI = np.log(2 * np.pi)


# --- private math (no checks) ---------------------------------------------------------


def _to_stack(covariances, covariance_type):
    """View 'full' or 'tied' matrices as a stack (n_stack, n_features, n_features)."""
    return covariances if covariance_type == "full" else covariances[np.newaxis]


def _not_positive_definite(covariance_type, index, smallest):
    which = "the tied covariance" if covariance_type == "tied" else f"component {index}"
    return ValueError(
        f"The covariance of {which} is not positive definite (smallest eigenvalue "
        f"{smallest:.3g}): the component has collapsed onto too few distinct points, "
        "so its Gaussian is infinitely narrow. Increase reg_covar, use fewer "
        "components, or start from other initial parameters."
    )


def _is_symmetric(stack):
    """Whether every matrix of ``stack`` (n, d, d) is symmetric up to rounding.

    Rounding noise is judged against each matrix's own scale: an off-diagonal pair
    like 1e-17 and -1e-17 next to variances of 1 is symmetric, though neither is
    close to the other relatively.
    """
    scale = np.max(np.abs(stack), axis=(1, 2), keepdims=True)
    return bool(np.all(np.abs(stack - stack.transpose(0, 2, 1)) <= 1e-10 * scale))


def _precisions_cholesky(covariances, covariance_type):
    """Upper-triangular ``P`` with ``P @ P.T = inv(covariance)``, per component.

    For 'diag' and 'spherical' the factor is ``1 / sqrt(variance)``. Raises a
    ``ValueError`` naming the component whose covariance is not positive definite.
    """
    if covariance_type in ("diag", "spherical"):
        if np.any(covariances <= 0):
            flat = covariances.reshape(covariances.shape[0], -1)
            index = int(np.argmin(flat.min(axis=1)))
            raise _not_positive_definite(covariance_type, index, float(flat[index].min()))
        return 1.0 / np.sqrt(covariances)
    stack = _to_stack(covariances, covariance_type)
    try:
        cov_chol = np.linalg.cholesky(stack)
    except np.linalg.LinAlgError:
        smallest = np.linalg.eigvalsh(stack)[:, 0]
        index = int(np.argmin(smallest))
        raise _not_positive_definite(covariance_type, index, float(smallest[index])) from None
    eye = np.broadcast_to(np.eye(stack.shape[-1]), stack.shape)
    # Solving against the triangular factor, not inverting the covariance: the
    # transpose of inv(L) is the upper-triangular factor of the precision.
    prec_chol = np.linalg.solve(cov_chol, eye).transpose(0, 2, 1)
    return prec_chol if covariance_type == "full" else prec_chol[0]


def _precisions_cholesky_from_precisions(precisions, covariance_type):
    """Triangular factor ``P`` with ``P @ P.T = precision``, per component."""
    if covariance_type in ("diag", "spherical"):
        return np.sqrt(precisions)
    return np.linalg.cholesky(precisions)


def _covariances_from_precisions_cholesky(prec_chol, covariance_type):
    """Invert ``P @ P.T`` through the triangular factor: ``inv(P).T @ inv(P)``."""
    if covariance_type in ("diag", "spherical"):
        return 1.0 / prec_chol**2
    stack = _to_stack(prec_chol, covariance_type)
    inv = np.linalg.solve(stack, np.broadcast_to(np.eye(stack.shape[-1]), stack.shape))
    covariances = inv.transpose(0, 2, 1) @ inv
    return covariances if covariance_type == "full" else covariances[0]


def _log_det_precisions_cholesky(prec_chol, covariance_type, n_features):
    """``log det P`` per component, which is ``-0.5 * log det Sigma``."""
    if covariance_type == "full":
        return np.sum(np.log(np.diagonal(prec_chol, axis1=1, axis2=2)), axis=1)
    if covariance_type == "tied":
        return np.sum(np.log(np.diag(prec_chol)))
    if covariance_type == "diag":
        return np.sum(np.log(prec_chol), axis=1)
    return n_features * np.log(prec_chol)


def _log_gaussian_density(X, means, prec_chol, covariance_type):
    """``log N(x_i | mu_k, Sigma_k)`` for every sample and component, shape (n, K)."""
    n_samples, n_features = X.shape
    n_components = means.shape[0]
    if covariance_type == "full":
        # All components in one matrix product: column block k of `stacked` is P_k.
        stacked = prec_chol.transpose(1, 0, 2).reshape(n_features, n_components * n_features)
        y = X @ stacked
        y -= np.einsum("kd,kde->ke", means, prec_chol).reshape(-1)
        y = y.reshape(n_samples, n_components, n_features)
    elif covariance_type == "tied":
        y = (X @ prec_chol)[:, np.newaxis, :] - (means @ prec_chol)[np.newaxis]
    else:
        scale = prec_chol if covariance_type == "diag" else prec_chol[:, np.newaxis]
        y = (X[:, np.newaxis, :] - means[np.newaxis]) * scale
    mahalanobis_sq = np.einsum("nkd,nkd->nk", y, y)
    log_det = _log_det_precisions_cholesky(prec_chol, covariance_type, n_features)
    return -0.5 * (n_features * _LOG_2PI + mahalanobis_sq) + log_det


def _full_covariances(covariances, covariance_type, n_components, n_features):
    """Every covariance as a full matrix, shape (n_components, n_features, n_features)."""
    if covariance_type == "full":
        return covariances
    if covariance_type == "tied":
        return np.broadcast_to(covariances, (n_components, n_features, n_features)).copy()
    variances = covariances if covariance_type == "diag" else np.repeat(
        covariances[:, np.newaxis], n_features, axis=1
    )
    return variances[:, :, np.newaxis] * np.eye(n_features)


# --- public, checked ------------------------------------------------------------------


def _check_means_covariances(means, covariances, covariance_type, n_features=None):
    check_covariance_type(covariance_type)
    means = np.asarray(means, dtype=np.float64)
    if means.ndim != 2:
        raise ValueError(
            f"means must have shape (n_components, n_features), got shape {means.shape}."
        )
    n_components, n_features_means = means.shape
    if n_features is not None and n_features_means != n_features:
        raise ValueError(
            f"means must have shape (n_components, {n_features}) to match X's "
            f"{n_features} features, got shape {means.shape}."
        )
    means = check_array_shape(means, means.shape, "means")
    shape = parameter_shape(covariance_type, n_components, n_features_means)
    covariances = check_array_shape(covariances, shape, f"covariances ('{covariance_type}')")
    if covariance_type in ("full", "tied"):
        stack = _to_stack(covariances, covariance_type)
        if not _is_symmetric(stack):
            raise ValueError(f"covariances ('{covariance_type}') must be symmetric matrices.")
    return means, covariances


def precisions_cholesky(covariances, covariance_type="full"):
    """Cholesky factors of the precisions, the form the densities are computed in.

    Parameters
    ----------
    covariances : ndarray
        Shape (n_components, n_features, n_features) for 'full',
        (n_features, n_features) for 'tied', (n_components, n_features) for 'diag',
        (n_components,) for 'spherical'.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}

    Returns
    -------
    precisions_cholesky : ndarray, same shape as ``covariances``
        Upper-triangular ``P`` with ``P @ P.T = inv(Sigma)`` (full, tied), or
        ``1 / sqrt(variance)`` (diag, spherical).

    Raises
    ------
    ValueError
        If a covariance is not symmetric positive definite; the message names the
        component.
    """
    check_covariance_type(covariance_type)
    covariances = np.asarray(covariances, dtype=np.float64)
    expected_ndim = {"full": 3, "tied": 2, "diag": 2, "spherical": 1}[covariance_type]
    if covariances.ndim != expected_ndim:
        expected = parameter_shape(covariance_type, "n_components", "n_features")
        raise ValueError(
            f"covariances ('{covariance_type}') must have shape {expected}, "
            f"got shape {covariances.shape}."
        )
    n_components = 1 if covariance_type == "tied" else covariances.shape[0]
    n_features = 1 if covariance_type == "spherical" else covariances.shape[-1]
    means = np.zeros((n_components, n_features))
    _, covariances = _check_means_covariances(means, covariances, covariance_type)
    return _precisions_cholesky(covariances, covariance_type)


def covariances_from_precisions_cholesky(prec_chol, covariance_type="full"):
    """Recover the covariances from Cholesky factors of the precisions.

    Parameters
    ----------
    prec_chol : ndarray
        As returned by :func:`precisions_cholesky`, same shapes.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}

    Returns
    -------
    covariances : ndarray, same shape as ``prec_chol``
        ``inv(P @ P.T)``.
    """
    check_covariance_type(covariance_type)
    prec_chol = np.asarray(prec_chol, dtype=np.float64)
    return _covariances_from_precisions_cholesky(prec_chol, covariance_type)


def log_gaussian_density(X, means, covariances, covariance_type="full"):
    """Log-density of every sample under every Gaussian component.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    covariances : array-like
        Shape by ``covariance_type``, see :func:`precisions_cholesky`.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}

    Returns
    -------
    log_density : ndarray of shape (n_samples, n_components)
        :math:`\\log \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)` in row ``i``, column ``k``.

    Raises
    ------
    ValueError
        If an array has the wrong shape or holds NaN or infinity, ``covariance_type``
        is unknown, or a covariance is not symmetric positive definite.
    TypeError
        If an array is None or not numbers.

    Notes
    -----
    .. math::

        \\log \\mathcal{N}(x \\mid \\mu, \\Sigma) = -\\tfrac12 \\left(D \\log 2\\pi
        + \\lVert (x - \\mu)^\\top P \\rVert^2\\right) + \\log \\det P,
        \\qquad P P^\\top = \\Sigma^{-1}

    where :math:`D` is ``n_features`` and :math:`P` is the upper-triangular
    Cholesky factor of the precision.
    """
    X = check_X(X)
    means, covariances = _check_means_covariances(
        means, covariances, covariance_type, n_features=X.shape[1]
    )
    prec_chol = _precisions_cholesky(covariances, covariance_type)
    return _log_gaussian_density(X, means, prec_chol, covariance_type)


def mahalanobis(X, mean, covariance):
    """Mahalanobis distance of each sample from one Gaussian.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    mean : array-like of shape (n_features,)
    covariance : array-like of shape (n_features, n_features)

    Returns
    -------
    distance : ndarray of shape (n_samples,)
        :math:`\\sqrt{(x - \\mu)^\\top \\Sigma^{-1} (x - \\mu)}`.

    Raises
    ------
    ValueError
        If a shape does not match ``X``'s ``n_features``, a value is not finite, or
        ``covariance`` is not symmetric positive definite.

    Notes
    -----
    With :math:`\\Sigma = L L^\\top` (Cholesky), the distance is the Euclidean length
    of the whitened difference, :math:`\\lVert L^{-1} (x - \\mu) \\rVert`: whitening
    turns the Gaussian's ellipses into circles. Equivalently it is the largest
    z-score of :math:`x - \\mu` over all one-dimensional projections,
    :math:`\\max_{\\lVert u \\rVert = 1} u^\\top (x - \\mu) / \\sqrt{u^\\top \\Sigma u}`.
    It counts standard deviations along the direction of :math:`x - \\mu` only when
    that direction is an axis of the ellipse (an eigenvector of :math:`\\Sigma`).
    """
    return np.linalg.norm(whiten(X, mean, covariance), axis=1)


def whiten(X, mean, covariance):
    """Move samples to the coordinates in which one Gaussian is the standard normal.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    mean : array-like of shape (n_features,)
    covariance : array-like of shape (n_features, n_features)

    Returns
    -------
    Z : ndarray of shape (n_samples, n_features)
        :math:`z_i = L^{-1} (x_i - \\mu)` with :math:`\\Sigma = L L^\\top` (Cholesky). If
        :math:`x \\sim \\mathcal{N}(\\mu, \\Sigma)` then :math:`z \\sim \\mathcal{N}(0, I)`:
        the Gaussian's ellipses become circles, and the length of :math:`z_i` is the
        Mahalanobis distance of :math:`x_i` (:func:`mahalanobis`).

    Raises
    ------
    ValueError
        If a shape does not match ``X``'s ``n_features``, a value is not finite, or
        ``covariance`` is not symmetric positive definite.
    """
    X = check_X(X)
    n_features = X.shape[1]
    mean = check_array_shape(mean, (n_features,), "mean")
    covariance = check_array_shape(covariance, (n_features, n_features), "covariance")
    _check_means_covariances(mean[np.newaxis], covariance, "tied")
    # The precision's factor is P = inv(L).T, so (x - mu) @ P is inv(L) (x - mu).
    return (X - mean) @ _precisions_cholesky(covariance, "tied")


def full_covariances(covariances, covariance_type, n_components, n_features):
    """Every covariance as a full matrix.

    Parameters
    ----------
    covariances : array-like
        Shape by ``covariance_type``, see :func:`precisions_cholesky`.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}
    n_components, n_features : int

    Returns
    -------
    covariances : ndarray of shape (n_components, n_features, n_features)
        A copy for 'tied', 'diag' and 'spherical'; ``covariances`` itself for 'full'.

    Raises
    ------
    ValueError
        If ``covariances`` does not have the shape ``covariance_type`` gives it, or
        holds NaN or infinity.
    """
    check_covariance_type(covariance_type)
    n_components = check_integer(n_components, "n_components", 1)
    n_features = check_integer(n_features, "n_features", 1)
    shape = parameter_shape(covariance_type, n_components, n_features)
    covariances = check_array_shape(covariances, shape, f"covariances ('{covariance_type}')")
    return _full_covariances(covariances, covariance_type, n_components, n_features)


def n_parameters(n_components, n_features, covariance_type="full"):
    """Number of free parameters of a Gaussian mixture.

    Parameters
    ----------
    n_components, n_features : int
    covariance_type : {'full', 'tied', 'diag', 'spherical'}

    Returns
    -------
    n_parameters : int
        ``(n_components - 1)`` weights, ``n_components * n_features`` means, and the
        covariance entries: ``K D (D + 1) / 2`` (full), ``D (D + 1) / 2`` (tied),
        ``K D`` (diag), ``K`` (spherical).
    """
    check_covariance_type(covariance_type)
    k = check_integer(n_components, "n_components", 1)
    d = check_integer(n_features, "n_features", 1)
    covariance_parameters = {
        "full": k * d * (d + 1) // 2,
        "tied": d * (d + 1) // 2,
        "diag": k * d,
        "spherical": k,
    }[covariance_type]
    return (k - 1) + k * d + covariance_parameters


def samples_from_standard_normal(standard_normal, mean, covariance):
    """Move standard-normal draws to :math:`\\mathcal{N}(\\mu, \\Sigma)`.

    Parameters
    ----------
    standard_normal : ndarray of shape (n_samples, n_features)
    mean : ndarray of shape (n_features,)
    covariance : ndarray of shape (n_features, n_features)

    Returns
    -------
    samples : ndarray of shape (n_samples, n_features)
        :math:`z L^\\top + \\mu` with :math:`L L^\\top = \\Sigma` (Cholesky): the
        same draws move smoothly as the covariance changes.
    """
    return standard_normal @ np.linalg.cholesky(covariance).T + mean
