"""EM's arithmetic on arrays: log-probabilities, responsibilities and the M-step's estimates.

Private: nothing here checks its input. The public functions of :mod:`~gmm_lesson.em.steps`,
:mod:`~gmm_lesson.em.loop` and :mod:`~gmm_lesson.em.starts` check it once and then call
these many times, as the loop does on every iteration.
"""

import numpy as np
from scipy.special import multigammaln

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


def _labelled_rows(labels):
    """The rows that carry a label and their components, or None if no row does.

    ``labels`` is an int array (n,) with -1 for an unlabelled row. None makes every
    function below take the unsupervised path unchanged.
    """
    if labels is None:
        return None
    rows = np.flatnonzero(labels >= 0)
    return (rows, labels[rows]) if rows.size else None


def _fix_labelled(weighted, log_prob_norm, resp, labelled):
    """Labelled rows, in place: the term ``log pi_y + log N(x | y)`` and one-hot ``resp``.

    For a row whose component is known, its contribution to the objective is the
    log-probability of the point together with its label, and the posterior of the
    component given both is certain.
    """
    if labelled is None:
        return
    rows, classes = labelled
    log_prob_norm[rows] = weighted[rows, classes]
    resp[rows] = 0.0
    resp[rows, classes] = 1.0


def _estimate_log_prob_resp(X, weights, means, prec_chol, covariance_type, labelled=None):
    """Per-sample objective term (n,) and log-responsibilities (n, K).

    Without labels the term is each sample's log-likelihood; a labelled row's term is
    ``log pi_y + log N(x | mu_y, Sigma_y)`` and its log-responsibilities are 0 at its
    label and -inf elsewhere.
    """
    weighted = _weighted_log_prob(X, weights, means, prec_chol, covariance_type)
    log_prob_norm, _ = _log_sum_exp_rows(weighted)
    log_resp = weighted - log_prob_norm[:, np.newaxis]
    if labelled is not None:
        rows, classes = labelled
        log_prob_norm[rows] = weighted[rows, classes]
        log_resp[rows] = -np.inf
        log_resp[rows, classes] = 0.0
    return log_prob_norm, log_resp


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


def _map_covariances(X, resp, nk, means, reg_covar, prior):
    """Full covariances at the mode of their inverse-Wishart posterior, shape (K, D, D).

    ``Sigma_k = (Psi + S_k) / (N_k + nu + D + 1)`` with the scatter
    ``S_k = sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T`` around the new means; ``reg_covar``
    is added once afterwards, as in :func:`_weighted_covariances`.
    """
    n_components, n_features = means.shape
    covariances = np.empty((n_components, n_features, n_features))
    for k in range(n_components):
        diff = X - means[k]
        covariances[k] = (resp[:, k] * diff.T) @ diff + prior.scale
    covariances /= (nk + prior.dof + n_features + 1)[:, np.newaxis, np.newaxis]
    covariances[..., np.arange(n_features), np.arange(n_features)] += reg_covar
    return covariances


def _estimate_parameters(X, resp, reg_covar, covariance_type, prior=None):
    """The M-step: weights (K,), means (K, D) and covariances from responsibilities.

    ``prior`` (an inverse-Wishart prior on each full covariance, with ``scale`` and
    ``dof``) makes the covariances the posterior's mode instead of the
    maximum-likelihood estimate; the weights and means are the same either way, since
    their prior is flat.
    """
    # A component that owns no point would divide by zero; ten machine epsilons
    # keep its mean finite (scikit-learn does the same).
    nk = resp.sum(axis=0) + 10 * np.finfo(resp.dtype).eps
    means = (resp.T @ X) / nk[:, np.newaxis]
    if prior is None:
        covariances = _weighted_covariances(X, resp, nk, means, reg_covar, covariance_type)
    else:
        covariances = _map_covariances(X, resp, nk, means, reg_covar, prior)
    return nk / nk.sum(), means, covariances


def _log_inverse_wishart(prec_chol, scale, dof):
    """``log IW(Sigma_k | Psi, nu)`` for each full covariance, shape (K,).

    ``Sigma_k = inv(P_k @ P_k.T)``, so ``log det Sigma_k = -2 sum log diag(P_k)`` and
    ``tr(Psi inv(Sigma_k)) = sum(P_k * (Psi @ P_k))``: no inverse is formed.
    """
    n_features = scale.shape[0]
    log_det_precision = 2.0 * np.sum(np.log(np.diagonal(prec_chol, axis1=1, axis2=2)), axis=1)
    trace = np.einsum("kdf,de,kef->k", prec_chol, scale, prec_chol)
    normaliser = (0.5 * dof * np.linalg.slogdet(scale)[1]
                  - 0.5 * dof * n_features * np.log(2.0)
                  - multigammaln(0.5 * dof, n_features))
    return normaliser + 0.5 * (dof + n_features + 1) * log_det_precision - 0.5 * trace


def _objective(X, state, labelled=None, prior=None):
    """What EM climbs: the log-likelihood, with labels and a prior when given."""
    log_prob_norm, _ = _estimate_log_prob_resp(
        X, state.weights, state.means, state.precisions_cholesky, state.covariance_type,
        labelled,
    )
    total = float(log_prob_norm.sum())
    if prior is not None:
        total += float(_log_inverse_wishart(state.precisions_cholesky, prior.scale,
                                            prior.dof).sum())
    return total
