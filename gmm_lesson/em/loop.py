"""The EM loop and its record: :func:`run_em`, :class:`EMHistory`, :class:`HalfStep`.

:func:`run_em` repeats the iteration of :mod:`~gmm_lesson.em.steps` until the mean
log-likelihood settles, and records every state in an :class:`EMHistory`, which can be
replayed half-step by half-step (:class:`HalfStep`) without refitting. A collapse that
stops the loop raises :class:`CollapseError`, carrying the run up to it.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from gmm_lesson._validation import check_integer, check_non_negative
from gmm_lesson.em._math import _labelled_rows, _objective
from gmm_lesson.em.priors import check_covariance_prior
from gmm_lesson.em.state import check_state
from gmm_lesson.em.steps import _em_step, check_labels

__all__ = ["CollapseError", "EMHistory", "HalfStep", "run_em"]


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
        Total log-likelihood of each state on the fitted data: the objective the run
        climbed, which with labels or a covariance prior is the one :func:`run_em`
        describes.
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
           verbose_interval=1, initial_lower_bound=-np.inf, labels=None,
           covariance_prior=None):
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
    labels : array-like of shape (n_samples,) of int, optional
        Known components, ``-1`` for unknown (semi-supervised EM): labelled samples
        get one-hot responsibilities at every E-step, as in :func:`e_step`. None, or
        all ``-1``, is unsupervised EM.
    covariance_prior : InverseWishartPrior, optional
        A prior on each full covariance (``covariance_type='full'`` only): every
        M-step gives the covariances' posterior mode, as in :func:`m_step`.

    Returns
    -------
    history : EMHistory
        Every state from the start to the last M-step and the objective at each, in
        ``log_likelihoods``. Without labels or prior that is the log-likelihood
        :math:`\\sum_i \\log \\sum_k \\pi_k \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)`.
        With labels, each labelled sample contributes
        :math:`\\log \\pi_{y_i} \\mathcal{N}(x_i \\mid \\mu_{y_i}, \\Sigma_{y_i})` instead:
        the log-likelihood of the labelled samples with their labels plus the
        unlabelled ones' marginal log-likelihood. With a prior,
        :math:`\\sum_k \\log \\mathcal{W}^{-1}(\\Sigma_k \\mid \\Psi, \\nu)` is added: the
        penalised log-likelihood, the log of likelihood times prior (with flat priors on
        the weights and means, not the log of a proper posterior). It is
        that quantity which exact EM (``reg_covar=0``) never decreases, and whose mean
        per sample ``tol`` is measured on.

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
    labels = check_labels(labels, X.shape[0], initial_state.n_components)
    prior = check_covariance_prior(covariance_prior, X.shape[1], initial_state.covariance_type)
    return _run_em(
        X, initial_state, tol, max_iter, reg_covar, verbose, verbose_interval,
        initial_lower_bound, labels=labels, covariance_prior=prior,
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
            lower_bound=-np.inf, *, labels=None, covariance_prior=None):
    labelled = _labelled_rows(labels)
    n_samples = X.shape[0]
    states, log_likelihoods = [state], []
    converged = False
    for n_iter in range(1, max_iter + 1):
        previous = lower_bound
        try:
            state, total = _em_step(X, state, reg_covar, labelled, covariance_prior)
        except ValueError as error:
            log_likelihoods.append(_objective(X, state, labelled, covariance_prior))
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
    log_likelihoods.append(_objective(X, state, labelled, covariance_prior))
    return EMHistory(tuple(states), np.array(log_likelihoods), n_samples, converged)
