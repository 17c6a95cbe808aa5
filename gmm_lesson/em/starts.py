"""Starts from chosen means, and how far a run ended below the best known.

The explorers' mathematics: :func:`complete_means` fills in the features a click did
not place, :func:`broad_start` makes a start from chosen means, :func:`with_mean_moved`
a start from any state with one mean dragged elsewhere, and
:func:`log_likelihood_shortfall` says whether a run ended clearly below the best one.
"""

import dataclasses

import numpy as np

from gmm_lesson._validation import (
    check_array_shape,
    check_covariance_type,
    check_dims,
    check_integer,
    check_non_negative,
    check_X,
)
from gmm_lesson.em._math import _estimate_parameters
from gmm_lesson.em.state import MixtureState, check_state

__all__ = [
    "LOWER_PEAK_MARGIN",
    "broad_start",
    "complete_means",
    "log_likelihood_shortfall",
    "with_mean_moved",
]


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


def with_mean_moved(state, component, mean, dims=None):
    """The same mixture with one component's mean moved: a start to run EM from again.

    Parameters
    ----------
    state : MixtureState
    component : int
        Which mean moves, in ``0 .. n_components - 1``.
    mean : array-like of shape (len(dims),)
        Where it goes, in the features ``dims``.
    dims : sequence of int, optional
        The features ``mean`` gives (a view of two features moves a mean in those
        two only); default: every feature, in order.

    Returns
    -------
    state : MixtureState
        ``state``'s weights and covariances, and its means but for ``component``'s,
        whose coordinates ``dims`` are ``mean`` (the others stay where they were).
    """
    state = check_state(state)
    component = check_integer(component, "component", 0)
    if component >= state.n_components:
        raise ValueError(f"component must be < n_components = {state.n_components}, "
                         f"got {component}.")
    dims = (list(range(state.n_features)) if dims is None
            else list(check_dims(dims, state.n_features, n_dims=None)))
    mean = check_array_shape(mean, (len(dims),), "mean")
    means = state.means.copy()
    means[component, dims] = mean
    # The covariances, and so their Cholesky factors, are unchanged.
    return dataclasses.replace(state, means=means)


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


LOWER_PEAK_MARGIN = 0.05
"""How far, in log-likelihood per data point, a run must end below the best run for it to
be called lower: by the EM explorer's status line, and by :func:`~gmm_lesson.em.compare_restarts`.

EM stops once an iteration changes the mean log-likelihood per point by less than
``tol`` (1e-3 by default), and on a slow climb that can still leave it many ``tol``
short of the top of its peak: in notebook 07's experiments, runs that ended on the
same peak differ by under 0.02 per point, while the next peak down is more than 0.08
per point lower. 0.05 lies between the two: on such data a run called lower is on
another peak (or a flat stretch), not merely short of the best one. A larger ``tol``
stops runs further short of their peak, so the margin is never less than
``50 * tol``."""


def log_likelihood_shortfall(final, best, n_samples, *, tol=1e-3,
                             margin=LOWER_PEAK_MARGIN):
    """How far a run's final log-likelihood lies below the best known, if clearly below.

    Parameters
    ----------
    final, best : float
        Total log-likelihoods of the same ``n_samples`` points: a run's final one, and
        the best one known for the same model.
    n_samples : int
    tol : float, default=1e-3
        The run's convergence threshold on the mean log-likelihood per sample.
    margin : float, default=:data:`LOWER_PEAK_MARGIN`
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
