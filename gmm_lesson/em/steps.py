"""EM's half-steps, checked: the E-step, the M-step, the log-likelihood, one iteration.

:func:`e_step`, :func:`m_step`, :func:`log_likelihood` and :func:`em_step` check
their input at the public boundary and call the private arithmetic of
:mod:`~gmm_lesson.em._math`; ``_em_step``, the iteration unchecked, is what the loop of
:mod:`~gmm_lesson.em.loop` repeats.
"""

import numpy as np

from gmm_lesson._validation import (
    check_array_shape,
    check_covariance_type,
    check_non_negative,
    check_weights,
    check_X,
)
from gmm_lesson.em._math import _estimate_parameters, _log_sum_exp_rows, _weighted_log_prob
from gmm_lesson.em.state import MixtureState, check_state
from gmm_lesson.gaussian.density import _check_means_covariances

__all__ = ["e_step", "em_step", "log_likelihood", "m_step"]


def e_step(X, weights, means, covariances, covariance_type="full"):
    """The E-step: how much each component is responsible for each sample.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    weights : array-like of shape (n_components,)
    means : array-like of shape (n_components, n_features)
    covariances : array-like
        Shape by ``covariance_type`` (see :mod:`gmm_lesson.gaussian`).
    covariance_type : {'full', 'tied', 'diag', 'spherical'}

    Returns
    -------
    log_prob_norm : ndarray of shape (n_samples,)
        :math:`\\log p(x_i) = \\log \\sum_k \\pi_k \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)`,
        each sample's log-likelihood.
    log_resp : ndarray of shape (n_samples, n_components)
        :math:`\\log r_{ik}`; ``np.exp(log_resp)`` are the responsibilities, whose
        rows sum to one.

    Notes
    -----
    .. math::

        r_{ik} = \\frac{\\pi_k \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)}
                      {\\sum_j \\pi_j \\mathcal{N}(x_i \\mid \\mu_j, \\Sigma_j)}

    computed as :math:`\\exp(a_{ik} - \\operatorname{logsumexp}_j a_{ij})` with
    :math:`a_{ik} = \\log \\pi_k + \\log \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)`,
    so that no density underflows to zero.
    """
    X = check_X(X)
    means, covariances = _check_means_covariances(
        means, covariances, covariance_type, n_features=X.shape[1]
    )
    weights = check_weights(weights, means.shape[0])
    state = MixtureState._from_checked(weights, means, covariances, covariance_type)
    return state._log_prob_resp(X)


def m_step(X, resp, *, reg_covar=1e-6, covariance_type="full"):
    """The M-step: the weights, means and covariances that the responsibilities imply.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    resp : array-like of shape (n_samples, n_components)
        Responsibilities; each row sums to one.
    reg_covar : float, default=1e-6
        Added to the diagonal of every new covariance (once, not accumulated) so that
        a component on a single point stays positive definite.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}

    Returns
    -------
    weights : ndarray of shape (n_components,)
        :math:`\\pi_k = N_k / N` with the soft count :math:`N_k = \\sum_i r_{ik}`.
    means : ndarray of shape (n_components, n_features)
        :math:`\\mu_k = \\frac{1}{N_k} \\sum_i r_{ik} x_i`.
    covariances : ndarray
        Shape by ``covariance_type``. For 'full',
        :math:`\\Sigma_k = \\frac{1}{N_k} \\sum_i r_{ik} (x_i - \\mu_k)(x_i - \\mu_k)^\\top
        + \\text{reg\\_covar}\\, I`, around the *new* means.
    """
    X = check_X(X)
    covariance_type = check_covariance_type(covariance_type)
    reg_covar = check_non_negative(reg_covar, "reg_covar")
    resp = np.asarray(resp, dtype=np.float64)
    if resp.ndim != 2 or resp.shape[0] != X.shape[0]:
        raise ValueError(
            f"resp must have shape (n_samples, n_components) = ({X.shape[0]}, K) to "
            f"match X, got shape {resp.shape}."
        )
    resp = check_array_shape(resp, resp.shape, "resp")
    if np.any(resp < 0) or not np.allclose(resp.sum(axis=1), 1.0, rtol=0, atol=1e-6):
        raise ValueError("resp must be non-negative with every row summing to one.")
    return _estimate_parameters(X, resp, reg_covar, covariance_type)


def log_likelihood(X, weights, means, covariances, covariance_type="full"):
    """Total log-likelihood of the data under a mixture.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    weights : array-like of shape (n_components,)
    means : array-like of shape (n_components, n_features)
    covariances : array-like
        Shape by ``covariance_type``, as in :func:`e_step`.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'

    Returns
    -------
    log_likelihood : float
        :math:`\\sum_i \\log \\sum_k \\pi_k \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)`:
        the sum over samples of the log of each sample's mixture density (not the
        log of one grand total).
    """
    return float(e_step(X, weights, means, covariances, covariance_type)[0].sum())


def _em_step(X, state, reg_covar):
    log_prob_norm, resp = _log_sum_exp_rows(_weighted_log_prob(
        X, state.weights, state.means, state.precisions_cholesky, state.covariance_type
    ))
    weights, means, covariances = _estimate_parameters(X, resp, reg_covar, state.covariance_type)
    new_state = MixtureState._from_checked(weights, means, covariances, state.covariance_type)
    return new_state, float(log_prob_norm.sum())


def em_step(X, state, *, reg_covar=1e-6):
    """One EM iteration by hand: an E-step on ``state``, then an M-step.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    state : MixtureState
    reg_covar : float, default=1e-6

    Returns
    -------
    new_state : MixtureState
    log_likelihood : float
        Total log-likelihood of ``state`` (the one the E-step used).
    """
    check_state(state)
    X = state._check_X(X)
    reg_covar = check_non_negative(reg_covar, "reg_covar")
    return _em_step(X, state, reg_covar)
