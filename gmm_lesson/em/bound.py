"""Why EM climbs: the lower bound L(q, theta), its gap to the log-likelihood, and k-means.

For any distribution ``q`` over the components of each point (an array of shape
(n_samples, n_components) whose rows sum to one), the log-likelihood splits into two
parts (Bishop, PRML section 9.4):

.. math::

    \\log p(X \\mid \\theta) = \\mathcal{L}(q, \\theta)
        + \\mathrm{KL}\\big(q \\,\\|\\, p(Z \\mid X, \\theta)\\big),

    \\mathcal{L}(q, \\theta) = \\sum_i \\sum_k q_{ik}
        \\big[\\log \\pi_k + \\log \\mathcal{N}(x_i \\mid \\mu_k, \\Sigma_k)
        - \\log q_{ik}\\big],

    \\mathrm{KL} = \\sum_i \\sum_k q_{ik} \\log \\frac{q_{ik}}{r_{ik}(\\theta)} \\ge 0,

with :math:`r_{ik}(\\theta)` the responsibilities. The E-step sets ``q`` to them and
closes the gap (KL = 0); the M-step raises :math:`\\mathcal{L}` with ``q`` held, which
reopens the gap, so the log-likelihood rises by at least as much as the bound.

* :func:`lower_bound`, :func:`kl_gap` -- the two parts, for any ``q``;
* :func:`bound_at` -- the split at a half-step of a recorded run, computed on demand;
* :func:`interpolate_states`, :func:`bound_along_line` -- both curves along the line
  from one state to the next (PRML figure 9.14);
* :func:`bound_along_mean` -- both curves as one component's mean moves (1D data);
* :func:`soft_kmeans_step` -- one EM step with a fixed, shared spherical covariance,
  which becomes a step of k-means as the variance shrinks (PRML section 9.3.2).
"""

import numbers
from typing import NamedTuple

import numpy as np
from scipy.special import xlogy

from gmm_lesson._validation import check_array_shape, check_integer, check_X
from gmm_lesson.em._math import _estimate_log_prob_resp, _log_sum_exp_rows, _weighted_log_prob
from gmm_lesson.em.loop import EMHistory
from gmm_lesson.em.state import MixtureState, check_state

__all__ = [
    "BoundAt",
    "bound_along_line",
    "bound_along_mean",
    "bound_at",
    "interpolate_states",
    "kl_gap",
    "lower_bound",
    "soft_kmeans_step",
]


# --- private (no checks) -----------------------------------------------------------------


def _bound_and_gap(X, q, state):
    """(L, KL) of ``q`` for ``state`` from one pass over the densities."""
    # One pass over the densities serves both parts.
    weighted = _weighted_log_prob(X, state.weights, state.means, state.precisions_cholesky,
                                  state.covariance_type)
    log_resp = weighted - _log_sum_exp_rows(weighted)[0][:, np.newaxis]
    held = q > 0
    # A term with q = 0 adds nothing (q log q -> 0 as q -> 0), even where a weight of
    # zero makes its logarithms -inf.
    expected = np.sum(q[held] * weighted[held])
    entropy = -np.sum(xlogy(q[held], q[held]))
    cross = np.sum(q[held] * log_resp[held])
    return float(expected + entropy), float(-entropy - cross)


def _log_cholesky(state):
    """The state's covariances as unconstrained numbers: Cholesky factors with the
    logarithm on their diagonal (log standard deviations for 'diag' and 'spherical')."""
    if state.covariance_type in ("diag", "spherical"):
        return 0.5 * np.log(state.covariances)
    factors = np.linalg.cholesky(state.covariances)
    diagonal = np.einsum("...ii->...i", factors)
    diagonal[...] = np.log(diagonal)
    return factors


def _from_log_cholesky(coordinates, covariance_type):
    if covariance_type in ("diag", "spherical"):
        return np.exp(2 * coordinates)
    factors = coordinates.copy()
    diagonal = np.einsum("...ii->...i", factors)
    diagonal[...] = np.exp(diagonal)
    covariances = factors @ np.swapaxes(factors, -1, -2)
    return (covariances + np.swapaxes(covariances, -1, -2)) / 2


def _interpolate(before, after, t):
    log_weights = (1 - t) * np.log(before.weights) + t * np.log(after.weights)
    weights = np.exp(log_weights - log_weights.max())
    means = (1 - t) * before.means + t * after.means
    coordinates = (1 - t) * _log_cholesky(before) + t * _log_cholesky(after)
    return MixtureState._from_checked(weights / weights.sum(), means,
                                      _from_log_cholesky(coordinates, before.covariance_type),
                                      before.covariance_type)


# --- checks --------------------------------------------------------------------------------


def _check_q(q, n_samples, n_components, name="q"):
    q = check_array_shape(q, np.shape(q), name)
    if q.shape != (n_samples, n_components):
        raise ValueError(
            f"{name} must have shape (n_samples, n_components) = ({n_samples}, "
            f"{n_components}), got shape {q.shape}."
        )
    if np.any(q < 0) or not np.allclose(q.sum(axis=1), 1.0, rtol=0, atol=1e-8):
        raise ValueError(
            f"{name} must hold a distribution over the components for each sample: "
            "no negative entry, and every row summing to one."
        )
    return q


def _check_pair(before, after):
    check_state(before, "before")
    check_state(after, "after")
    if (before.n_components, before.n_features, before.covariance_type) != (
            after.n_components, after.n_features, after.covariance_type):
        raise ValueError(
            "before and after must have the same number of components, of features and "
            f"the same covariance type, got {before.n_components}, {before.n_features}, "
            f"{before.covariance_type!r} and {after.n_components}, {after.n_features}, "
            f"{after.covariance_type!r}."
        )
    if np.any(before.weights <= 0) or np.any(after.weights <= 0):
        raise ValueError("before and after must have every weight above zero: the line "
                         "between them runs through the logarithms of the weights.")


def _check_ts(ts, name="ts"):
    ts = np.asarray(ts, dtype=np.float64)
    if ts.ndim != 1 or ts.size == 0 or not np.all(np.isfinite(ts)):
        raise ValueError(f"{name} must be a 1D array of finite numbers, got shape {ts.shape}.")
    return ts


# --- public ----------------------------------------------------------------------------------


def lower_bound(X, q, state):
    """The lower bound :math:`\\mathcal{L}(q, \\theta)` on the log-likelihood.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    q : array-like of shape (n_samples, n_components)
        For each sample, a distribution over the components: no negative entry, rows
        summing to one.
    state : MixtureState
        The parameters :math:`\\theta`.

    Returns
    -------
    float
        :math:`\\sum_i \\sum_k q_{ik} [\\log \\pi_k + \\log \\mathcal{N}(x_i \\mid \\mu_k,
        \\Sigma_k) - \\log q_{ik}]`, with :math:`0 \\log 0 = 0`. Never above
        ``state.log_likelihood(X)``; equal to it when ``q`` is the responsibilities.

    See Also
    --------
    kl_gap : the difference between the two.
    """
    state = check_state(state)
    X = state._check_X(X)
    q = _check_q(q, X.shape[0], state.n_components)
    return _bound_and_gap(X, q, state)[0]


def kl_gap(X, q, state):
    """The gap between the log-likelihood and the lower bound: a Kullback-Leibler
    divergence.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    q : array-like of shape (n_samples, n_components)
        For each sample, a distribution over the components.
    state : MixtureState

    Returns
    -------
    float
        :math:`\\sum_i \\sum_k q_{ik} \\log (q_{ik} / r_{ik})`, with :math:`r_{ik}` the
        responsibilities of ``state``: the sum over the samples of
        :math:`\\mathrm{KL}(q_i \\,\\|\\, r_i)`. Zero (to rounding) when ``q`` is the
        responsibilities, positive otherwise.
    """
    state = check_state(state)
    X = state._check_X(X)
    q = _check_q(q, X.shape[0], state.n_components)
    return _bound_and_gap(X, q, state)[1]


class BoundAt(NamedTuple):
    """The log-likelihood of the state shown at a half-step, split into bound and gap.

    ``bound`` and ``gap`` are None at the start, before the first E-step has chosen a
    ``q``; afterwards ``bound + gap == log_likelihood`` to rounding.
    """

    log_likelihood: float
    bound: float | None
    gap: float | None


def bound_at(X, history, index):
    """The split of the log-likelihood at half-step ``index`` of a recorded run.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the run was fitted to.
    history : EMHistory
    index : int
        Half-step, in ``0 .. history.n_half_steps - 1`` (see
        :meth:`EMHistory.half_step`).

    Returns
    -------
    BoundAt
        At the E-step of iteration t, ``q`` becomes the responsibilities of state
        t - 1, and the bound touches: :math:`\\mathcal{L} = \\log p(X \\mid
        \\theta_{t-1})`, KL = 0. At its M-step the parameters move to state t with
        ``q`` held: :math:`\\mathcal{L}(q, \\theta_t)` and the gap it leaves to
        :math:`\\log p(X \\mid \\theta_t)`.

    Notes
    -----
    Computed from the two states involved, on demand: nothing of size
    (n_samples, n_components) is stored per iteration.
    """
    if not isinstance(history, EMHistory):
        raise TypeError(f"history must be an EMHistory, got {type(history).__name__}.")
    step = history.half_step(check_integer(index, "index", 0))
    state = history.states[step.params]
    X = state._check_X(X)
    # The run recorded each state's log-likelihood on X: nothing to compute at the start,
    # nor at an E-step, where q is the responsibilities of the state shown, the gap is
    # zero in exact arithmetic and L is that log-likelihood.
    recorded = float(history.log_likelihoods[step.params])
    if step.phase == "start":
        return BoundAt(recorded, None, None)
    if step.phase == "E":
        return BoundAt(recorded, recorded, 0.0)
    q = np.exp(history.states[step.resp_from]._log_prob_resp(X)[1])
    bound, gap = _bound_and_gap(X, q, state)
    return BoundAt(bound + gap, bound, gap)


def interpolate_states(before, after, t):
    """The mixture a fraction ``t`` of the way along the line from ``before`` to ``after``.

    Parameters
    ----------
    before, after : MixtureState
        Same number of components and features, same covariance type, every weight
        above zero.
    t : float
        0 gives ``before``, 1 gives ``after``; values outside [0, 1] carry on along
        the line.

    Returns
    -------
    MixtureState

    Notes
    -----
    The line runs through numbers that can take any value, so that every point on it,
    beyond the two ends too, is a valid mixture: the logarithms of the weights (then
    rescaled to sum to one), the means, and the Cholesky factors of the covariances
    with the logarithm of their diagonal (log standard deviations for 'diag' and
    'spherical'). A straight line in the weights or covariances themselves would leave
    the valid mixtures for some ``t`` outside [0, 1].
    """
    _check_pair(before, after)
    t = float(_check_ts([t], "t")[0])
    return _interpolate(before, after, t)


def bound_along_line(X, q, before, after, ts):
    """Log-likelihood and lower bound along the line from ``before`` to ``after``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    q : array-like of shape (n_samples, n_components)
        Held fixed along the line; Bishop's figure 9.14 takes the responsibilities of
        ``before``.
    before, after : MixtureState
        As in :func:`interpolate_states`.
    ts : array-like of shape (n_points,)
        Positions on the line: 0 is ``before``, 1 is ``after``.

    Returns
    -------
    log_likelihoods : ndarray of shape (n_points,)
    bounds : ndarray of shape (n_points,)
        :math:`\\mathcal{L}(q, \\theta(t))`, never above the log-likelihood. With ``q``
        the responsibilities of ``before`` the two touch at t = 0, and if ``after`` is
        the exact M-step from that ``q`` the bound is highest at t = 1.
    """
    _check_pair(before, after)
    X = before._check_X(X)
    q = _check_q(q, X.shape[0], before.n_components)
    ts = _check_ts(ts)
    pairs = np.array([_bound_and_gap(X, q, _interpolate(before, after, t)) for t in ts])
    return pairs.sum(axis=1), pairs[:, 0]


def bound_along_mean(X, q, state, component, means):
    """Log-likelihood and lower bound as the mean of one component moves (1D data).

    Parameters
    ----------
    X : array-like of shape (n_samples, 1)
    q : array-like of shape (n_samples, n_components)
    state : MixtureState
        One feature; every parameter but the mean of ``component`` stays.
    component : int
    means : array-like of shape (n_points,)
        Values for that mean.

    Returns
    -------
    log_likelihoods : ndarray of shape (n_points,)
    bounds : ndarray of shape (n_points,)
        The bound is a parabola in the mean, :math:`-\\sum_i q_{ik} (x_i - \\mu_k)^2 /
        2\\sigma_k^2` plus a constant, highest at the ``q``-weighted mean of the data.
    """
    state = check_state(state)
    if state.n_features != 1:
        raise ValueError(f"bound_along_mean needs a state of one feature, got "
                         f"{state.n_features}.")
    X = state._check_X(X)
    q = _check_q(q, X.shape[0], state.n_components)
    component = check_integer(component, "component", 0)
    if component >= state.n_components:
        raise ValueError(f"component must be < n_components = {state.n_components}, "
                         f"got {component}.")
    means = _check_ts(means, "means")
    pairs = []
    for value in means:
        moved = state.means.copy()
        moved[component, 0] = value
        pairs.append(_bound_and_gap(X, q, MixtureState(
            state.weights, moved, state.covariances, state.precisions_cholesky,
            state.covariance_type)))
    pairs = np.array(pairs)
    return pairs.sum(axis=1), pairs[:, 0]


def soft_kmeans_step(X, means, sigma):
    """One EM step with equal weights and the covariance :math:`\\sigma^2 I` held fixed.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    means : array-like of shape (n_components, n_features)
    sigma : float
        The shared standard deviation, above zero.

    Returns
    -------
    resp : ndarray of shape (n_samples, n_components)
        The E-step: :math:`r_{ik} \\propto \\exp(-\\lVert x_i - \\mu_k \\rVert^2 /
        2\\sigma^2)`.
    new_means : ndarray of shape (n_components, n_features)
        The M-step of the means alone: each the ``resp``-weighted mean of the data. A
        component with no weight at all keeps its mean.

    Notes
    -----
    As :math:`\\sigma \\to 0` each responsibility goes to 1 for the nearest mean and 0
    for the others, and the step becomes one step of k-means (Lloyd's algorithm):
    assign each point to its nearest mean, then move each mean to the average of its
    points (PRML section 9.3.2). The E-step works in log space, so a small
    :math:`\\sigma` does not underflow to 0/0.
    """
    X = check_X(X)
    means = check_array_shape(means, np.shape(means), "means")
    if means.ndim != 2 or means.shape[1] != X.shape[1] or means.shape[0] < 1:
        raise ValueError(f"means must have shape (n_components, {X.shape[1]}), got shape "
                         f"{means.shape}.")
    if (isinstance(sigma, bool) or not isinstance(sigma, numbers.Real)
            or not np.isfinite(sigma) or sigma <= 0):
        raise ValueError(f"sigma must be a positive number, got {sigma!r}.")
    n_components = means.shape[0]
    variances = np.full(n_components, float(sigma) ** 2)
    weights = np.full(n_components, 1.0 / n_components)
    _, log_resp = _estimate_log_prob_resp(X, weights, means, 1.0 / np.sqrt(variances),
                                          "spherical")
    resp = np.exp(log_resp)
    totals = resp.sum(axis=0)
    new_means = means.copy()
    held = totals > 0
    new_means[held] = (resp.T @ X)[held] / totals[held, np.newaxis]
    return resp, new_means
