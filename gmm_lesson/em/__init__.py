"""Expectation-maximisation for a Gaussian mixture, one half-step at a time.

The pieces a lesson shows, as pure functions:

* :func:`e_step` -- responsibilities, computed in log space;
* :func:`m_step` -- weights, means and covariances from responsibilities;
* :func:`log_likelihood` -- the quantity EM climbs: exact EM (``reg_covar=0``, an
  M-step that exactly maximises) never decreases it, up to rounding; the regulariser
  ``reg_covar`` makes the M-step inexact, so with it the log-likelihood can dip,
  a little at the default 1e-6 and by whole units at ``reg_covar=1`` on
  standardised data;
* :func:`em_step` -- one E-step followed by one M-step, from a :class:`MixtureState`;
* :func:`run_em` -- the loop, recording an :class:`EMHistory` that can be replayed
  half-step by half-step without refitting;
* :func:`complete_means`, :func:`broad_start`, :func:`log_likelihood_shortfall` --
  the explorers' starts from clicked means, and how far a run ended below the best.

Numpy only: no plotting, no widgets.
"""

import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from gmm_lesson._validation import (
    check_array_shape,
    check_covariance_type,
    check_dims,
    check_integer,
    check_non_negative,
    check_weights,
    check_X,
)
from gmm_lesson.gaussian import (
    _check_means_covariances,
    _covariances_from_precisions_cholesky,
    _full_covariances,
    _log_gaussian_density,
    _precisions_cholesky,
)

__all__ = [
    "CollapseError",
    "CollapseWarning",
    "EMHistory",
    "HalfStep",
    "MixtureState",
    "broad_start",
    "check_state",
    "collapsed_components",
    "complete_means",
    "e_step",
    "em_step",
    "log_likelihood",
    "log_likelihood_shortfall",
    "m_step",
    "run_em",
    "warn_if_collapsed",
]


class CollapseWarning(UserWarning):
    """A component has shrunk onto (almost) a single point."""


# --- private math (no checks) ---------------------------------------------------------


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


# --- the state EM moves through -------------------------------------------------------


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

    def _log_prob_resp(self, X):
        return _estimate_log_prob_resp(
            X, self.weights, self.means, self.precisions_cholesky, self.covariance_type
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


# --- public, checked half-steps -------------------------------------------------------


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


# --- the loop and its record ----------------------------------------------------------


class HalfStep(NamedTuple):
    """What the learner sees at one half-step of a recorded fit.

    ``params`` indexes :attr:`EMHistory.states` (the ellipses drawn);
    ``resp_from`` indexes the state whose responsibilities colour the points
    (``None`` before the first E-step).
    """

    index: int
    iteration: int
    phase: str  # 'start', 'E' or 'M'
    params: int
    resp_from: int | None


@dataclass(frozen=True, eq=False)
class EMHistory:
    """The trajectory of one EM run.

    Attributes
    ----------
    states : tuple of MixtureState, length n_iter + 1
        ``states[0]`` is the start, ``states[t]`` the parameters after the t-th M-step.
    log_likelihoods : ndarray of shape (n_iter + 1,)
        Total log-likelihood of each state on the fitted data.
    n_samples : int
    converged : bool
    """

    states: tuple
    log_likelihoods: np.ndarray
    n_samples: int
    converged: bool

    @property
    def n_iter(self):
        """Number of iterations (M-steps) recorded."""  # numpydoc ignore=RT01
        return len(self.states) - 1

    @property
    def lower_bounds(self):
        """Mean log-likelihood per sample at each iteration's E-step, as scikit-learn's
        ``lower_bounds_``: shape (n_iter,)."""  # numpydoc ignore=RT01
        return self.log_likelihoods[:-1] / self.n_samples

    @property
    def n_half_steps(self):
        """Half-steps to replay: the start, then an E and an M per iteration.

        ``2 * n_iter + 1``.
        """  # numpydoc ignore=RT01
        return 2 * self.n_iter + 1

    def __len__(self):
        return len(self.states)

    def __getitem__(self, iteration):
        return self.states[iteration]

    def half_step(self, index):
        """Describe one half-step of the run.

        Parameters
        ----------
        index : int
            In ``0 .. n_half_steps - 1``. Index 0 is the start; ``2t - 1`` is the
            E-step of iteration t (points coloured by state t - 1, ellipses still at
            state t - 1); ``2t`` is its M-step (ellipses move to state t, colours
            unchanged).

        Returns
        -------
        HalfStep
            Its index, iteration, phase, the state whose parameters are drawn and the
            state whose responsibilities colour the points (None at the start).
        """
        index = check_integer(index, "index", 0)
        if index >= self.n_half_steps:
            raise ValueError(
                f"index must be < n_half_steps = {self.n_half_steps}, got {index}."
            )
        if index == 0:
            return HalfStep(0, 0, "start", 0, None)
        iteration = (index + 1) // 2
        if index % 2:
            return HalfStep(index, iteration, "E", iteration - 1, iteration - 1)
        return HalfStep(index, iteration, "M", iteration, iteration - 1)

    def responsibilities(self, iteration, X):
        """Responsibilities of one recorded state, recomputed on demand.

        Parameters
        ----------
        iteration : int
            Index into ``states``.
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_components)
        """
        return self.states[iteration].responsibilities(X)


def run_em(X, initial_state, *, tol=1e-3, max_iter=100, reg_covar=1e-6, verbose=0,
           verbose_interval=1, initial_lower_bound=-np.inf):
    """Run EM from ``initial_state`` until the mean log-likelihood changes by less than ``tol``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    initial_state : MixtureState
    tol : float, default=1e-3
        Convergence threshold on the change of the mean log-likelihood per sample
        between iterations (scikit-learn's ``lower_bound_``).
    max_iter : int, default=100
        At most this many iterations (E-step plus M-step); 0 only records the start.
    reg_covar : float, default=1e-6
    verbose : int, default=0
        1 or more prints the change of the mean log-likelihood every
        ``verbose_interval`` iterations.
    verbose_interval : int, default=1
    initial_lower_bound : float, default=-inf
        Mean log-likelihood to compare the first iteration with (a warm start).

    Returns
    -------
    history : EMHistory
        Every state from the start to the last M-step and their log-likelihoods.

    Raises
    ------
    CollapseError
        If an M-step gives a covariance that is not positive definite (possible with
        ``reg_covar=0``); its ``history`` attribute holds the run up to that point.
    """
    check_state(initial_state, "initial_state")
    X = initial_state._check_X(X)
    tol = check_non_negative(tol, "tol")
    reg_covar = check_non_negative(reg_covar, "reg_covar")
    max_iter = check_integer(max_iter, "max_iter", 0)
    verbose_interval = check_integer(verbose_interval, "verbose_interval", 1)
    return _run_em(
        X, initial_state, tol, max_iter, reg_covar, verbose, verbose_interval,
        initial_lower_bound,
    )


class CollapseError(ValueError):
    """EM stopped: an M-step gave a covariance that is not positive definite.

    Parameters
    ----------
    message : str
    history : EMHistory
        The run up to the last valid state.

    Attributes
    ----------
    history : EMHistory
        The run up to the last valid state, so the collapse can still be replayed.
    """

    def __init__(self, message, history):
        super().__init__(message)
        self.history = history


def _run_em(X, state, tol, max_iter, reg_covar, verbose=0, verbose_interval=1,
            lower_bound=-np.inf):
    n_samples = X.shape[0]
    states, log_likelihoods = [state], []
    converged = False
    for n_iter in range(1, max_iter + 1):
        previous = lower_bound
        try:
            state, total = _em_step(X, state, reg_covar)
        except ValueError as error:
            log_likelihoods.append(float(state._log_prob_resp(X)[0].sum()))
            history = EMHistory(tuple(states), np.array(log_likelihoods), n_samples, False)
            raise CollapseError(f"Iteration {n_iter}: {error}", history) from None
        states.append(state)
        log_likelihoods.append(total)
        lower_bound = total / n_samples
        if verbose and n_iter % verbose_interval == 0:
            print(f"  Iteration {n_iter}\t mean log-likelihood change {lower_bound - previous:.5f}")
        if abs(lower_bound - previous) < tol:
            converged = True
            break
    log_likelihoods.append(float(state._log_prob_resp(X)[0].sum()))
    return EMHistory(tuple(states), np.array(log_likelihoods), n_samples, converged)


def collapsed_components(state, reg_covar=1e-6, X=None):
    """Indices of components that have collapsed onto a point (or a line) of the data.

    The M-step adds ``reg_covar`` to every variance, so a component's smallest
    variance (the smallest eigenvalue of its covariance) is the data's share plus
    ``reg_covar``. A component has collapsed when the data's share is negligible: what
    holds it open in that direction is the regulariser, not the data, and without it
    the likelihood would grow without bound. "Negligible" means at most a millionth of
    the data's smallest variance (if ``X`` is given; otherwise of the component's own
    largest variance), or rounding noise. So a healthy component is never flagged,
    however large ``reg_covar`` is, and a collapsed one is flagged at every
    ``reg_covar``. A tied covariance is shared by all components, so none of them can
    collapse alone.

    Parameters
    ----------
    state : MixtureState
    reg_covar : float, default=1e-6
        The regulariser the state was fitted with.
    X : array-like of shape (n_samples, n_features), optional
        The data, to judge "negligible" against its spread.

    Returns
    -------
    indices : list of int

    Notes
    -----
    A start made from single data points ('k-means++', 'random_from_data') has
    covariance ``reg_covar * I`` on purpose, and is reported here too: each of its
    components sits on one point until the first E-step.
    """
    check_state(state)
    reg_covar = check_non_negative(reg_covar, "reg_covar")
    if state.covariance_type == "tied":
        return []
    eigenvalues = np.linalg.eigvalsh(state.full_covariances())
    data_share = eigenvalues[:, 0] - reg_covar
    if X is not None:
        scale = float(np.min(np.var(state._check_X(X), axis=0)))
    else:
        scale = eigenvalues[:, -1] - reg_covar
    # The share is a difference of numbers as large as the largest variance, and the
    # variances were computed from squares of numbers as large as the mean.
    eps = np.finfo(np.float64).eps
    rounding = 1e3 * eps * (1 + eigenvalues[:, -1] + np.max(state.means**2, axis=1))
    negligible = np.maximum(1e-6 * np.maximum(scale, 0.0), rounding)
    return [int(k) for k in np.flatnonzero(data_share <= negligible)]


def warn_if_collapsed(state, reg_covar, X=None, stacklevel=2):
    """Issue a :class:`CollapseWarning` naming each collapsed component, and return them.

    Parameters
    ----------
    state : MixtureState
    reg_covar : float
        The regularisation the fit added to every covariance.
    X : array-like of shape (n_samples, n_features), optional
        The data, to judge a variance against (see :func:`collapsed_components`).
    stacklevel : int, default=2
        As in :func:`warnings.warn`.

    Returns
    -------
    list of int
        The collapsed components, as :func:`collapsed_components` finds them.
    """
    collapsed = collapsed_components(state, reg_covar, X)
    if collapsed:
        warnings.warn(
            f"Component(s) {collapsed} collapsed: in some direction their variance is "
            f"only the reg_covar={reg_covar:g} added to it, so they sit on a single point "
            "(or a line) of the data, and without reg_covar the log-likelihood would grow "
            "without bound. Try another start, more restarts (n_init), fewer components, "
            "or a larger reg_covar.",
            CollapseWarning,
            stacklevel=stacklevel,
        )
    return collapsed


# --- starts and comparisons for the explorers ------------------------------------------


def complete_means(X, partial_means, dims):
    """Full means from means given in some features only, the others at the data's mean.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    partial_means : array-like of shape (n_components, len(dims))
        Column ``j`` holds each mean's value of feature ``dims[j]``.
    dims : sequence of int
        The features ``partial_means`` give, distinct, each in ``0 .. n_features - 1``.

    Returns
    -------
    means : ndarray of shape (n_components, n_features)
        ``partial_means`` in the columns ``dims``; every other column holds that
        feature's mean over ``X``.

    Notes
    -----
    A click on a view of two features places a mean in those two only. Each feature
    not shown is put at the data's mean, which favours no component over another:
    the first E-step then tells the components apart by the features shown alone.
    """
    X = check_X(X)
    dims = list(check_dims(dims, X.shape[1], n_dims=None))
    partial_means = _check_rows(partial_means, len(dims), "partial_means")
    means = np.tile(X.mean(axis=0), (partial_means.shape[0], 1))
    means[:, dims] = partial_means
    return means


def broad_start(X, means, *, reg_covar=1e-6, covariance_type="full"):
    """A start from chosen means: equal weights, and every component as spread out as
    all the data together.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    reg_covar : float, default=1e-6
        Added to the diagonal of the covariance, as the M-step does.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'

    Returns
    -------
    state : MixtureState
        Weights ``1 / n_components`` each, the given means, and for every component
        the same covariance: the one a single component fitted to all of ``X`` has
        (the M-step with every responsibility one), of shape by ``covariance_type``.

    Notes
    -----
    Means placed by hand carry no spread of their own. Covariances as broad as the
    whole data let the first E-step share every point among the components by its
    distance to their means alone, so the start favours none of them.
    """
    X = check_X(X)
    covariance_type = check_covariance_type(covariance_type)
    reg_covar = check_non_negative(reg_covar, "reg_covar")
    means = _check_rows(means, X.shape[1], "means")
    n_components = means.shape[0]
    _, _, covariance = _estimate_parameters(X, np.ones((X.shape[0], 1)), reg_covar,
                                            covariance_type)
    if covariance_type != "tied":
        covariance = np.repeat(covariance, n_components, axis=0)
    return MixtureState.from_parameters(np.full(n_components, 1.0 / n_components), means,
                                        covariance, covariance_type)


def log_likelihood_shortfall(final, best, n_samples, *, tol=1e-3, margin=0.05):
    """How far a run's final log-likelihood lies below the best known, if clearly below.

    Parameters
    ----------
    final, best : float
        Total log-likelihoods of the same ``n_samples`` points: a run's final one, and
        the best one known for the same model.
    n_samples : int
    tol : float, default=1e-3
        The run's convergence threshold on the mean log-likelihood per sample.
    margin : float, default=0.05
        Least gap per sample called clear.

    Returns
    -------
    gap : float or None
        ``best - final`` if it exceeds ``n_samples * max(margin, 50 * tol)``, else None.

    Notes
    -----
    EM stops once an iteration changes the mean log-likelihood per sample by less than
    ``tol``, and on a slow climb that can leave it many ``tol`` short of the top of its
    peak: so a gap is clear only if it is well past both ``margin`` and ``50 * tol``.
    """
    final = float(final)
    best = float(best)
    if not (np.isfinite(final) and np.isfinite(best)):
        raise ValueError(f"final and best must be finite numbers, got {final} and {best}.")
    n_samples = check_integer(n_samples, "n_samples", 1)
    tol = check_non_negative(tol, "tol")
    margin = check_non_negative(margin, "margin")
    gap = best - final
    return gap if gap > n_samples * max(margin, 50 * tol) else None


def _check_rows(array, n_columns, name):
    """``array`` as a finite float64 array of shape (n_components, n_columns), with
    at least one row; a ``TypeError`` or ``ValueError`` naming ``name`` if not."""
    try:
        array = np.asarray(array, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers of shape (n_components, "
                        f"{n_columns}): {error}") from None
    if array.ndim != 2 or array.shape[0] < 1 or array.shape[1] != n_columns:
        raise ValueError(f"{name} must have shape (n_components, {n_columns}), got shape "
                         f"{array.shape}.")
    return check_array_shape(array, array.shape, name)


