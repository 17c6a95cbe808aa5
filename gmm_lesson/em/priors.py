"""A prior on the covariances for a MAP M-step: :class:`InverseWishartPrior`.

With a conjugate inverse-Wishart prior on each full covariance (and flat priors on the
weights and means), the M-step gives the mode of each covariance's posterior instead of
its maximum-likelihood estimate. Since the scatter ``S_k`` is positive semi-definite,
every covariance is then at least ``scale / (N_k + dof + D + 1)``, positive definite
whatever the responsibilities. It is a principled alternative to ``reg_covar``: a fixed
prior whose M-step is exact, so that EM climbs a well-defined objective. No fixed prior
reproduces ``reg_covar``, and the mode depends on the parametrisation: the same prior,
written as a Wishart on the precision, has its posterior mode at the covariance
``(scale + S_k) / (N_k + dof - D - 1)``.
:func:`check_covariance_prior` is the check every public function that takes one makes.
"""

from dataclasses import dataclass

import numpy as np

from gmm_lesson._validation import check_array_shape, check_integer, check_X
from gmm_lesson.em._math import _log_inverse_wishart
from gmm_lesson.gaussian.density import _check_means_covariances, _precisions_cholesky

__all__ = ["InverseWishartPrior", "check_covariance_prior"]


@dataclass(frozen=True, eq=False)
class InverseWishartPrior:
    """An inverse-Wishart prior :math:`\\mathcal{W}^{-1}(\\Sigma_k \\mid \\Psi, \\nu)` on each
    full covariance.

    Built as ``InverseWishartPrior(scale, dof)``, checked, or from data with
    :meth:`default`.

    Attributes
    ----------
    scale : ndarray of shape (n_features, n_features)
        :math:`\\Psi`, symmetric positive definite (a read-only copy).
    dof : float
        :math:`\\nu`, the degrees of freedom; more than ``n_features - 1``.

    Raises
    ------
    ValueError
        Naming ``scale`` if it is not a finite, symmetric, positive definite square
        matrix, or ``dof`` if it is not more than ``n_features - 1``.
    TypeError
        Naming ``dof`` if it is not a real number.

    See Also
    --------
    InverseWishartPrior.default : The data-dependent default of Fraley and Raftery.

    Notes
    -----
    The density, as :data:`scipy.stats.invwishart` has it, is

    .. math::

        \\mathcal{W}^{-1}(\\Sigma \\mid \\Psi, \\nu)
        = \\frac{|\\Psi|^{\\nu/2}}{2^{\\nu D/2}\\,\\Gamma_D(\\nu/2)}
          |\\Sigma|^{-(\\nu + D + 1)/2}
          \\exp\\left(-\\tfrac12 \\operatorname{tr}(\\Psi \\Sigma^{-1})\\right).

    Multiplied by the responsibilities' weighted likelihood
    :math:`\\prod_i \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)^{r_{ik}}`, with
    :math:`\\mu_k` at the weighted mean of the samples, it gives the posterior of
    :math:`\\Sigma_k` given that mean, :math:`\\mathcal{W}^{-1}(\\Psi + S_k, \\nu + N_k)`
    with the scatter :math:`S_k = \\sum_i r_{ik} (x_i - \\mu_k)(x_i - \\mu_k)^\\top`, whose
    mode (the joint mode with :math:`\\mu_k`, the M-step's estimate) is

    .. math::

        \\Sigma_k = \\frac{\\Psi + S_k}{N_k + \\nu + D + 1}.
    """

    scale: np.ndarray
    dof: float

    def __post_init__(self):
        scale = self.scale
        if scale is None:
            raise ValueError("scale must be a square matrix of shape (n_features, n_features), "
                             "got None.")
        try:
            shape = np.shape(np.asarray(scale, dtype=np.float64))
        except (TypeError, ValueError) as error:
            raise ValueError(f"scale must be a square matrix of numbers: {error}") from None
        if len(shape) != 2 or shape[0] != shape[1] or shape[0] == 0:
            raise ValueError(
                f"scale must be a square matrix of shape (n_features, n_features), got shape "
                f"{shape}."
            )
        scale = check_array_shape(scale, shape, "scale")
        if not np.allclose(scale, scale.T, rtol=1e-10, atol=1e-12 * np.abs(scale).max()):
            raise ValueError("scale must be symmetric.")
        eigenvalues = np.linalg.eigvalsh(scale)
        if eigenvalues[0] <= 0:
            raise ValueError(
                f"scale must be positive definite; its smallest eigenvalue is "
                f"{eigenvalues[0]:.3g}."
            )
        dof = self.dof
        if isinstance(dof, bool) or not isinstance(dof, (int, float, np.integer, np.floating)):
            raise TypeError(f"dof must be a number greater than n_features - 1, got {dof!r}.")
        n_features = shape[0]
        if not np.isfinite(dof) or dof <= n_features - 1:
            raise ValueError(
                f"dof must be a finite number greater than n_features - 1 = {n_features - 1}, "
                f"got {dof}."
            )
        scale = scale.copy()
        scale.flags.writeable = False
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "dof", float(dof))

    @property
    def n_features(self):
        """Dimension D of the covariances the prior is on."""  # numpydoc ignore=RT01
        return self.scale.shape[0]

    @classmethod
    def default(cls, X, n_components):
        """The default prior of Fraley and Raftery (2007) for ``n_components`` components.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data to be fitted; at least two samples, with a positive definite
            sample covariance.
        n_components : int
            K, the number of components to be fitted.

        Returns
        -------
        InverseWishartPrior
            ``dof = n_features + 2`` and ``scale = cov(X) / K ** (2 / n_features)``, with
            ``cov(X)`` the sample covariance (divided by ``n_samples - 1``).

        Raises
        ------
        ValueError
            Naming ``X`` if its sample covariance is not positive definite, or
            ``n_components`` if it is below one.

        Notes
        -----
        These are the degrees of freedom and scale of R's ``mclust::defaultPrior``
        (C. Fraley and A. E. Raftery, "Bayesian regularization for normal mixture
        estimation and model-based clustering", *Journal of Classification* 24,
        155-181, 2007): the scale spreads the data's covariance over K components, each
        of volume about ``1/K`` of the whole. Their prior also puts a normal prior on
        each mean (shrinkage 0.01 towards the data's mean), which adds one to the
        denominator of their covariance update; here the means' prior is flat, so the
        means are the weighted means of the maximum-likelihood M-step.
        """
        X = check_X(X, min_samples=2)
        n_components = check_integer(n_components, "n_components", 1)
        n_features = X.shape[1]
        covariance = np.atleast_2d(np.cov(X, rowvar=False))
        if np.linalg.eigvalsh(covariance)[0] <= 0:
            raise ValueError(
                "X must have a positive definite sample covariance for the default prior "
                "(its points lie on a line or a plane); give a scale instead."
            )
        return cls(covariance / n_components ** (2.0 / n_features), n_features + 2.0)

    def logpdf(self, covariances):
        """Log of the prior density at each covariance.

        Parameters
        ----------
        covariances : array-like of shape (n_components, n_features, n_features)
            Symmetric positive definite.

        Returns
        -------
        ndarray of shape (n_components,)
            :math:`\\log \\mathcal{W}^{-1}(\\Sigma_k \\mid \\Psi, \\nu)`.

        Raises
        ------
        ValueError
            Naming ``covariances`` if they are of the wrong shape or not positive
            definite.
        """
        d = self.n_features
        shape = np.shape(covariances) if covariances is not None else None
        if shape is None or len(shape) != 3 or shape[1:] != (d, d):
            raise ValueError(
                f"covariances must have shape (n_components, {d}, {d}), got {shape}."
            )
        _, covariances = _check_means_covariances(np.zeros((shape[0], d)), covariances, "full")
        return _log_inverse_wishart(_precisions_cholesky(covariances, "full"), self.scale,
                                    self.dof)


def check_covariance_prior(prior, n_features, covariance_type, name="covariance_prior"):
    """Return ``prior`` if it is None or an :class:`InverseWishartPrior` that fits.

    Parameters
    ----------
    prior : object
    n_features : int
        The data's dimension, which the prior's scale must match.
    covariance_type : str
        The mixture's covariance type; a prior needs 'full'.
    name : str, default="covariance_prior"
        The parameter's name, for the message.

    Returns
    -------
    InverseWishartPrior or None
        ``prior`` itself.

    Raises
    ------
    TypeError
        Naming ``name`` if ``prior`` is neither None nor an :class:`InverseWishartPrior`.
    ValueError
        Naming ``name`` if its scale is not (n_features, n_features), or if
        ``covariance_type`` is not 'full'.
    """
    if prior is None:
        return None
    if not isinstance(prior, InverseWishartPrior):
        raise TypeError(f"{name} must be an InverseWishartPrior or None, got "
                        f"{type(prior).__name__}.")
    if covariance_type != "full":
        raise ValueError(
            f"{name} is a prior on full covariances: use covariance_type='full', got "
            f"{covariance_type!r}."
        )
    if prior.n_features != n_features:
        raise ValueError(
            f"{name} has a scale of shape {prior.scale.shape}, but the data has "
            f"{n_features} features: it must be ({n_features}, {n_features})."
        )
    return prior
