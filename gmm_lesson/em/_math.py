"""EM's arithmetic on arrays: log-probabilities, responsibilities and the M-step's estimates.

Private: nothing here checks its input. The public functions of :mod:`~gmm_lesson.em.steps`,
:mod:`~gmm_lesson.em.loop` and :mod:`~gmm_lesson.em.starts` check it once and then call
these many times, as the loop does on every iteration.
"""

import numpy as np

from gmm_lesson.gaussian.density import _log_gaussian_density

__all__ = []


def _reduce_columns(ufunc, a):
    """``ufunc.reduce(a, axis=1)`` for an (n, K) array, one column at a time.

    numpy reduces a short trailing axis slowly; K passes over columns are several
    times faster for the few components a mixture has.
    """
    out = a[:, 0].copy()
    for k in range(1, a.shape[1]):
        ufunc(out, a[:, k], out=out)
    return out


def _weighted_log_prob(X, weights, means, prec_chol, covariance_type):
    """``log pi_k + log N(x_i | mu_k, Sigma_k)``, shape (n, K)."""
    with np.errstate(divide="ignore"):
        # A weight of exactly zero is a legal start; its log is -inf, not an error.
        log_weights = np.log(weights)
    return _log_gaussian_density(X, means, prec_chol, covariance_type) + log_weights


def _log_sum_exp_rows(weighted):
    """Log-sum-exp of each row of ``weighted`` (n, K), and the normalised ``exp``.

    Returns ``log_prob_norm`` (n,) and the responsibilities (n, K). Subtracting each
    row's maximum before exponentiating keeps a far point's densities from all
    underflowing to zero, which would give 0 / 0.
    """
    row_max = _reduce_columns(np.maximum, weighted)
    shifted = weighted - row_max[:, np.newaxis]
    # Below -700 the exponential is under 1e-304 and changes no row sum (each holds a
    # 1), but results near the bottom of the float range take exp's slow subnormal
    # path: send them straight to an exact zero instead.
    np.putmask(shifted, shifted < -700.0, -np.inf)
    resp = np.exp(shifted, out=shifted)
    total = _reduce_columns(np.add, resp)
    resp /= total[:, np.newaxis]
    return row_max + np.log(total), resp


def _estimate_log_prob_resp(X, weights, means, prec_chol, covariance_type):
    """Per-sample log-likelihood (n,) and log-responsibilities (n, K)."""
    weighted = _weighted_log_prob(X, weights, means, prec_chol, covariance_type)
    log_prob_norm, _ = _log_sum_exp_rows(weighted)
    return log_prob_norm, weighted - log_prob_norm[:, np.newaxis]


def _weighted_covariances(X, resp, nk, means, reg_covar, covariance_type):
    """Covariances around the new means; ``reg_covar`` is added once, never accumulated."""
    n_components, n_features = means.shape
    if covariance_type in ("full", "tied"):
        covariances = np.empty((n_components, n_features, n_features))
        for k in range(n_components):
            diff = X - means[k]
            covariances[k] = (resp[:, k] * diff.T) @ diff
        if covariance_type == "full":
            covariances /= nk[:, np.newaxis, np.newaxis]
        else:
            covariances = covariances.sum(axis=0) / nk.sum()
        covariances[..., np.arange(n_features), np.arange(n_features)] += reg_covar
        return covariances
    variances = np.empty((n_components, n_features))
    for k in range(n_components):
        variances[k] = resp[:, k] @ (X - means[k]) ** 2
    variances /= nk[:, np.newaxis]
    if covariance_type == "spherical":
        variances = variances.mean(axis=1)
    return variances + reg_covar


def _estimate_parameters(X, resp, reg_covar, covariance_type):
    """The M-step: weights (K,), means (K, D) and covariances from responsibilities."""
    # A component that owns no point would divide by zero; ten machine epsilons
    # keep its mean finite (scikit-learn does the same).
    nk = resp.sum(axis=0) + 10 * np.finfo(resp.dtype).eps
    means = (resp.T @ X) / nk[:, np.newaxis]
    covariances = _weighted_covariances(X, resp, nk, means, reg_covar, covariance_type)
    return nk / nk.sum(), means, covariances
