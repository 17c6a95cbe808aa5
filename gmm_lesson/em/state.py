"""The state EM moves through: :class:`MixtureState`, and :func:`check_state`.

A :class:`MixtureState` holds one mixture's weights, means and covariances with the
Cholesky factors of its precisions, and answers what the mixture says about data
(responsibilities, log-density, log-likelihood); :func:`check_state` is the check every
public function that takes a state makes at its boundary.
"""

from dataclasses import dataclass, field

import numpy as np

from gmm_lesson._validation import check_dims, check_weights, check_X
from gmm_lesson.em._math import _estimate_log_prob_resp
from gmm_lesson.gaussian.density import (
    _check_means_covariances,
    _covariances_from_precisions_cholesky,
    _full_covariances,
    _precisions_cholesky,
)

__all__ = ["MixtureState", "check_state"]


@dataclass(frozen=True, eq=False)
class MixtureState:
    """The parameters of a Gaussian mixture at one moment of EM.

    Attributes
    ----------
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray
        Shape by ``covariance_type`` (see :mod:`gmm_lesson.gaussian`).
    precisions_cholesky : ndarray
        Same shape as ``covariances``; what the densities are computed from.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    precisions_cholesky: np.ndarray = field(repr=False)
    covariance_type: str = "full"

    @classmethod
    def from_parameters(cls, weights, means, covariances, covariance_type="full"):
        """Build a checked state from weights, means and covariances.

        Parameters
        ----------
        weights : array-like of shape (n_components,)
            Non-negative, summing to one.
        means : array-like of shape (n_components, n_features)
        covariances : array-like
            Shape by ``covariance_type`` (see :mod:`gmm_lesson.gaussian`); positive
            definite.
        covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'

        Returns
        -------
        MixtureState

        Raises
        ------
        ValueError
            Naming the parameter that has the wrong shape, is not finite, does not sum
            to one, or is not positive definite.
        """
        means, covariances = _check_means_covariances(means, covariances, covariance_type)
        weights = check_weights(weights, means.shape[0])
        return cls._from_checked(weights, means, covariances, covariance_type)

    @classmethod
    def _from_checked(cls, weights, means, covariances, covariance_type):
        prec_chol = _precisions_cholesky(covariances, covariance_type)
        return cls(weights, means, covariances, prec_chol, covariance_type)

    @classmethod
    def _from_precisions_cholesky(cls, weights, means, prec_chol, covariance_type):
        covariances = _covariances_from_precisions_cholesky(prec_chol, covariance_type)
        return cls(weights, means, covariances, prec_chol, covariance_type)

    @property
    def n_components(self):
        """Number of components K."""  # numpydoc ignore=RT01
        return self.means.shape[0]

    @property
    def n_features(self):
        """Number of features (dimensions) of the data."""  # numpydoc ignore=RT01
        return self.means.shape[1]

    def full_covariances(self):
        """Covariances as full matrices, whatever the covariance type.

        Returns
        -------
        ndarray of shape (n_components, n_features, n_features)
        """
        return _full_covariances(
            self.covariances, self.covariance_type, self.n_components, self.n_features
        )

    def marginal(self, dims):
        """The mixture of the features ``dims`` alone, with full covariances.

        Parameters
        ----------
        dims : sequence of int
            Indices of the features to keep, in the order wanted; each in
            ``0 .. n_features - 1``, none twice.

        Returns
        -------
        MixtureState
            Same weights; means ``means[:, dims]``; covariances the matching blocks
            ``Sigma_k[dims][:, dims]``, shape (n_components, len(dims), len(dims)).

        Notes
        -----
        A Gaussian's marginal over some of its coordinates is the Gaussian of their
        mean and covariance block (PRML section 2.3.2), so a mixture's marginal is the
        mixture of its components' marginals with the same weights.
        """
        dims = list(check_dims(dims, self.n_features, n_dims=None))
        covariances = self.full_covariances()[:, dims][:, :, dims]
        return MixtureState._from_checked(self.weights, self.means[:, dims], covariances, "full")

    def _log_prob_resp(self, X, labelled=None):
        return _estimate_log_prob_resp(
            X, self.weights, self.means, self.precisions_cholesky, self.covariance_type,
            labelled,
        )

    def _check_X(self, X):
        return check_X(X, n_features=self.n_features, owner="this mixture")

    def responsibilities(self, X):
        """Responsibilities: each component's posterior probability for each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_components)
            :math:`p(k \\mid x_i)`; each row sums to one.
        """
        return np.exp(self._log_prob_resp(self._check_X(X))[1])

    def log_density(self, X):
        """Log of the mixture density at each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
            :math:`\\log p(x_i) = \\log \\sum_k \\pi_k \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)`.
        """
        return self._log_prob_resp(self._check_X(X))[0]

    def log_likelihood(self, X):
        """Total log-likelihood of ``X`` under this mixture.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        float
            :math:`\\sum_i \\log p(x_i)`.
        """
        return float(self._log_prob_resp(self._check_X(X))[0].sum())


def check_state(state, name="state"):
    """Return ``state`` if it is a :class:`MixtureState`.

    Parameters
    ----------
    state : object
    name : str, default="state"
        The parameter's name, for the message.

    Returns
    -------
    MixtureState
        ``state`` itself.

    Raises
    ------
    TypeError
        Naming ``name``, if ``state`` is not a :class:`MixtureState`.
    """
    if not isinstance(state, MixtureState):
        raise TypeError(f"{name} must be a MixtureState, got {type(state).__name__}.")
    return state
