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
from gmm_lesson.em._math import (
    _estimate_parameters,
    _fix_labelled,
    _labelled_rows,
    _log_inverse_wishart,
    _log_sum_exp_rows,
    _weighted_log_prob,
)
from gmm_lesson.em.priors import check_covariance_prior
from gmm_lesson.em.state import MixtureState, check_state
from gmm_lesson.gaussian.density import _check_means_covariances

__all__ = ["check_labels", "e_step", "em_step", "log_likelihood", "m_step"]


def check_labels(labels, n_samples, n_components):
    """Return known components of some samples as an int array, or None.

    Parameters
    ----------
    labels : array-like of shape (n_samples,) or None
        Integers: ``-1`` for a sample whose component is unknown (scikit-learn's
        convention for unlabelled data), otherwise its component in
        ``0 .. n_components - 1``.
    n_samples : int
    n_components : int

    Returns
    -------
    ndarray of shape (n_samples,) of int, or None
        None if ``labels`` is None.

    Raises
    ------
    TypeError
        Naming ``labels`` if they are not integers.
    ValueError
        Naming ``labels`` if their shape is not (n_samples,) or a value is out of range.
    """
    if labels is None:
        return None
    try:
        array = np.asarray(labels)
    except (TypeError, ValueError) as error:
        raise TypeError(f"labels must be an array of integers of shape ({n_samples},): "
                        f"{error}") from None
    if array.shape != (n_samples,):
        raise ValueError(
            f"labels must have shape (n_samples,) = ({n_samples},) to match X, got shape "
            f"{array.shape}."
        )
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        hint = ("; use labels.astype(int) if the values are whole numbers"
                if np.issubdtype(array.dtype, np.floating) else "")
        raise TypeError(
            f"labels must be integers (-1 for unlabelled), got dtype {array.dtype}{hint}."
        )
    array = array.astype(np.intp)
    bad = (array < -1) | (array >= n_components)
    if np.any(bad):
        raise ValueError(
            f"labels must be -1 (unlabelled) or a component in 0..{n_components - 1}, got "
            f"{array[bad][0]} at sample {int(np.flatnonzero(bad)[0])}."
        )
    return array


def e_step(X, weights, means, covariances, covariance_type="full", *, labels=None):
    """The E-step: how much each component is responsible for each sample.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    weights : array-like of shape (n_components,)
    means : array-like of shape (n_components, n_features)
    covariances : array-like
        Shape by ``covariance_type`` (see :mod:`gmm_lesson.gaussian`).
    covariance_type : {'full', 'tied', 'diag', 'spherical'}
    labels : array-like of shape (n_samples,) of int, optional
        Known components: ``-1`` for an unlabelled sample, otherwise its component
        (semi-supervised EM). None, or all ``-1``, is the unsupervised E-step.

    Returns
    -------
    log_prob_norm : ndarray of shape (n_samples,)
        :math:`\\log p(x_i) = \\log \\sum_k \\pi_k \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)`,
        each sample's log-likelihood; for a labelled sample, the log-probability of
        the sample with its label, :math:`\\log \\pi_{y_i} \\mathcal{N}(x_i \\mid
        \\mu_{y_i}, \\Sigma_{y_i})`.
    log_resp : ndarray of shape (n_samples, n_components)
        :math:`\\log r_{ik}`; ``np.exp(log_resp)`` are the responsibilities, whose
        rows sum to one. A labelled sample's row is 0 at its label and ``-inf``
        elsewhere (one-hot responsibilities).

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
    labels = check_labels(labels, X.shape[0], means.shape[0])
    state = MixtureState._from_checked(weights, means, covariances, covariance_type)
    return state._log_prob_resp(X, _labelled_rows(labels))


def m_step(X, resp, *, reg_covar=1e-6, covariance_type="full", covariance_prior=None):
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
    covariance_prior : InverseWishartPrior, optional
        A prior on each full covariance (``covariance_type='full'`` only): the
        covariances are then the mode of their posterior, the MAP M-step.

    Returns
    -------
    weights : ndarray of shape (n_components,)
        :math:`\\pi_k = N_k / N` with the soft count :math:`N_k = \\sum_i r_{ik}`.
    means : ndarray of shape (n_components, n_features)
        :math:`\\mu_k = \\frac{1}{N_k} \\sum_i r_{ik} x_i`.
    covariances : ndarray
        Shape by ``covariance_type``. For 'full',
        :math:`\\Sigma_k = \\frac{1}{N_k} \\sum_i r_{ik} (x_i - \\mu_k)(x_i - \\mu_k)^\\top
        + \\text{reg\\_covar}\\, I`, around the *new* means; with a prior
        :math:`\\mathcal{W}^{-1}(\\Psi, \\nu)`,
        :math:`\\Sigma_k = \\frac{\\Psi + \\sum_i r_{ik} (x_i - \\mu_k)(x_i - \\mu_k)^\\top}
        {N_k + \\nu + D + 1} + \\text{reg\\_covar}\\, I`.

    Raises
    ------
    ValueError
        Naming the parameter: ``resp`` of the wrong shape or not rows of
        probabilities, a negative ``reg_covar``, or a ``covariance_prior`` that does
        not fit the data or ``covariance_type``.

    See Also
    --------
    InverseWishartPrior : The prior, its mode and its default.
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
    prior = check_covariance_prior(covariance_prior, X.shape[1], covariance_type)
    return _estimate_parameters(X, resp, reg_covar, covariance_type, prior)


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


def _em_step(X, state, reg_covar, labelled=None, prior=None):
    """One iteration, unchecked; returns the new state and the objective of ``state``.

    ``labelled`` is ``_labelled_rows(labels)``; ``prior`` an inverse-Wishart prior.
    """
    weighted = _weighted_log_prob(
        X, state.weights, state.means, state.precisions_cholesky, state.covariance_type
    )
    log_prob_norm, resp = _log_sum_exp_rows(weighted)
    _fix_labelled(weighted, log_prob_norm, resp, labelled)
    objective = float(log_prob_norm.sum())
    if prior is not None:
        objective += float(_log_inverse_wishart(state.precisions_cholesky, prior.scale,
                                                prior.dof).sum())
    weights, means, covariances = _estimate_parameters(X, resp, reg_covar,
                                                       state.covariance_type, prior)
    new_state = MixtureState._from_checked(weights, means, covariances, state.covariance_type)
    return new_state, objective


def em_step(X, state, *, reg_covar=1e-6, labels=None, covariance_prior=None):
    """One EM iteration by hand: an E-step on ``state``, then an M-step.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    state : MixtureState
    reg_covar : float, default=1e-6
    labels : array-like of shape (n_samples,) of int, optional
        Known components, ``-1`` for unknown, as in :func:`e_step`.
    covariance_prior : InverseWishartPrior, optional
        A prior on each full covariance, as in :func:`m_step`.

    Returns
    -------
    new_state : MixtureState
    log_likelihood : float
        The objective EM climbs, at ``state`` (the one the E-step used): its total
        log-likelihood; with ``labels``, labelled samples count
        :math:`\\log \\pi_{y_i} \\mathcal{N}(x_i \\mid \\mu_{y_i}, \\Sigma_{y_i})` instead of
        :math:`\\log p(x_i)`; with a prior, :math:`\\sum_k \\log
        \\mathcal{W}^{-1}(\\Sigma_k \\mid \\Psi, \\nu)` is added (the penalised
        log-likelihood, the log of likelihood times prior).
    """
    check_state(state)
    X = state._check_X(X)
    reg_covar = check_non_negative(reg_covar, "reg_covar")
    labels = check_labels(labels, X.shape[0], state.n_components)
    prior = check_covariance_prior(covariance_prior, X.shape[1], state.covariance_type)
    return _em_step(X, state, reg_covar, _labelled_rows(labels), prior)
