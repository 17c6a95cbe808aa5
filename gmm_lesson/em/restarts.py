"""Restarts side by side: which runs of EM ended on the same fit, up to the order of its
components.

Renumbering a mixture's components changes neither its density nor its likelihood, so
every fit of K components with distinct parameters comes in K! forms, one for each order
of its components (PRML section 9.2): two runs that end on the same fit may list its
components in different orders. That is label switching, and it is no sign of a
different optimum. :func:`match_components` finds the order that lines one run's
components up with another's; :func:`compare_restarts` groups runs that ended on the same
fit, compares each with the best run and records the results as :class:`Restarts`, one
:class:`RestartRun` per run.
"""

import math
import numbers
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from gmm_lesson._validation import check_integer, check_non_negative, check_X
from gmm_lesson.em.collapse import collapsed_components
from gmm_lesson.em.loop import EMHistory
from gmm_lesson.em.starts import LOWER_PEAK_MARGIN, log_likelihood_shortfall
from gmm_lesson.gaussian.density import mahalanobis

__all__ = [
    "SAME_MEAN_DISTANCE",
    "RestartRun",
    "Restarts",
    "compare_restarts",
    "match_components",
]

SAME_MEAN_DISTANCE = 0.5
"""Largest Mahalanobis distance between two matched means for :func:`compare_restarts`
to call them the same mean: each lies inside the other component's ellipse of
Mahalanobis radius 1/2, half its 1-sigma ellipse.

On notebook 07's stretched blobs, in the 20 runs of
:func:`~gmm_lesson.restarts.fit_restarts`' defaults, runs that end on the same fit have
their matched means within 0.11 of each other by this distance, and runs on different
fits have a pair of means at least 2 apart."""


def _check_means(means, name, shape=None):
    """``means`` as a finite float64 array of shape (n_components, n_features), or of
    ``shape``; an error naming ``name`` if not."""
    try:
        means = np.asarray(means, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers of shape (n_components, "
                        f"n_features): {error}") from None
    if shape is None and (means.ndim != 2 or 0 in means.shape):
        raise ValueError(f"{name} must have shape (n_components, n_features) with at least "
                         f"one of each, got shape {means.shape}.")
    if shape is not None and means.shape != shape:
        raise ValueError(f"{name} must have the shape of reference_means, {shape}, got "
                         f"{means.shape}.")
    if not np.all(np.isfinite(means)):
        raise ValueError(f"{name} must be finite: it holds NaN or infinity.")
    return means


def match_components(reference_means, means):
    """The order of ``means`` that lines them up with ``reference_means``.

    Parameters
    ----------
    reference_means : array-like of shape (n_components, n_features)
    means : array-like of shape (n_components, n_features)

    Returns
    -------
    permutation : ndarray of shape (n_components,), dtype int
        ``means[permutation]`` lines up with ``reference_means``: component
        ``permutation[k]`` of ``means`` is matched with component ``k`` of the
        reference. The identity if the two already list their components in one order.

    Notes
    -----
    Of the K! orders, the one with the least sum of Euclidean distances between
    matched means, :math:`\\sum_k \\lVert \\mu^{\\mathrm{ref}}_k - \\mu_{\\sigma(k)}
    \\rVert`, found by the Hungarian algorithm
    (:func:`scipy.optimize.linear_sum_assignment`) in :math:`O(K^3)` steps instead of
    trying all K! orders. When two orders tie, which one is returned is not specified.

    Examples
    --------
    >>> match_components([[0, 0], [5, 5]], [[5.1, 4.9], [0.2, -0.1]])
    array([1, 0])
    """
    from scipy.optimize import linear_sum_assignment  # scipy.optimize takes a while to load

    reference_means = _check_means(reference_means, "reference_means")
    means = _check_means(means, "means", reference_means.shape)
    distances = np.linalg.norm(reference_means[:, np.newaxis, :] - means[np.newaxis, :, :],
                               axis=2)
    _, permutation = linear_sum_assignment(distances)
    return permutation.astype(np.intp)


class RestartRun(NamedTuple):
    """One run of EM among several on the same data, compared with the best of them.

    Attributes
    ----------
    init : str
        How the run started (scikit-learn's ``init_params``, e.g. ``'k-means++'``).
    seed : int
        The seed its start was drawn with: with ``init`` all it takes to run it again.
    log_likelihood : float
        Total log-likelihood of the data at the run's final state.
    mean_log_likelihood : float
        The same per data point.
    n_iter : int
        Iterations (E-step and M-step) the run made.
    converged : bool
        Whether it stopped because an iteration changed the mean log-likelihood by less
        than ``tol`` (not because it reached ``max_iter`` or broke off).
    seconds : float
        Wall-clock time of the fit (NaN if not measured).
    state : MixtureState
        The final weights, means and covariances, in the run's own order.
    permutation : ndarray of shape (n_components,), dtype int
        The order that lines its components up with the best run's,
        :func:`match_components` of their means: component ``permutation[k]`` of this
        run is matched with component ``k`` of the best run.
    fit_index : int
        Which of the distinct fits the runs ended on this one ended on: 0 for the best
        run's, then 1, 2, ... from the highest log-likelihood down.
    same_fit : bool
        Whether it ended on the best run's fit (``fit_index == 0``): its
        log-likelihood is not clearly lower and, matched, its means are the same.
    label_switched : bool
        Whether it ended on the best run's fit with its components in another order:
        ``same_fit`` and ``permutation`` is not the identity.
    collapsed : bool
        Whether a component ended collapsed onto a point or a line of the data
        (:func:`~gmm_lesson.em.collapsed_components`).
    """

    init: str
    seed: int
    log_likelihood: float
    mean_log_likelihood: float
    n_iter: int
    converged: bool
    seconds: float
    state: object
    permutation: np.ndarray
    fit_index: int
    same_fit: bool
    label_switched: bool
    collapsed: bool


@dataclass(frozen=True, eq=False)
class Restarts:
    """Several runs of EM on the same data, compared: what :func:`compare_restarts` and
    :func:`~gmm_lesson.restarts.fit_restarts` return.

    Attributes
    ----------
    runs : tuple of RestartRun
        In the order they were run; ``restarts[i]`` is ``restarts.runs[i]``.
    best : int
        Index of the best run: the highest final log-likelihood among the runs without
        a collapsed component (among all runs if every one collapsed).
    n_samples : int
        Number of data points the runs were fitted to.
    tol, margin, mean_distance : float
        What two runs were compared by (see :func:`compare_restarts`).
    """

    runs: tuple
    best: int
    n_samples: int
    tol: float
    margin: float
    mean_distance: float

    def __len__(self):
        return len(self.runs)

    def __iter__(self):
        return iter(self.runs)

    def __getitem__(self, index):
        return self.runs[index]

    @property
    def best_run(self):
        """The best run.

        Returns
        -------
        RestartRun
        """
        return self.runs[self.best]

    @property
    def log_likelihoods(self):
        """Every run's final total log-likelihood, in run order.

        Returns
        -------
        ndarray of shape (n_runs,)
        """
        return np.array([run.log_likelihood for run in self.runs])

    @property
    def n_fits(self):
        """How many distinct fits the runs ended on.

        Returns
        -------
        int
        """
        return max(run.fit_index for run in self.runs) + 1

    @property
    def runs_per_fit(self):
        """How many runs ended on each distinct fit, the best run's first.

        Returns
        -------
        tuple of int
            Of length :attr:`n_fits`; entry ``j`` counts the runs with ``fit_index == j``.
        """
        counts = np.bincount([run.fit_index for run in self.runs], minlength=self.n_fits)
        return tuple(int(count) for count in counts)

    @property
    def n_label_switched(self):
        """How many runs ended on the best run's fit with their components in another
        order.

        Returns
        -------
        int
        """
        return sum(run.label_switched for run in self.runs)

    @property
    def total_seconds(self):
        """Wall-clock time of all the fits together (NaN if not measured).

        Returns
        -------
        float
        """
        return float(sum(run.seconds for run in self.runs))


def _check_starts(starts, n_runs):
    """``starts`` as a list of ``(init, seed)``: a string and an integer >= 0 each."""
    starts = list(starts) if not isinstance(starts, str) else None
    if starts is None or len(starts) != n_runs:
        raise ValueError(f"starts must be a sequence of (init, seed) pairs, one per history "
                         f"({n_runs}), got {starts!r}.")
    checked = []
    for start in starts:
        try:
            init, seed = start
        except (TypeError, ValueError):
            raise ValueError(f"starts must hold (init, seed) pairs, got {start!r}.") from None
        if not isinstance(init, str):
            raise TypeError(f"starts must hold (init, seed) pairs with init a string, got "
                            f"{init!r}.")
        checked.append((init, check_integer(seed, "a seed in starts", 0)))
    return checked


def _check_histories(histories, X):
    histories = list(histories)
    if not histories:
        raise ValueError("histories must hold at least one EMHistory, got none.")
    for history in histories:
        if not isinstance(history, EMHistory):
            raise TypeError(f"histories must hold EMHistory objects, got "
                            f"{type(history).__name__}.")
    first = histories[0].states[-1]
    for history in histories:
        state = history.states[-1]
        if history.n_samples != X.shape[0] or state.n_features != X.shape[1]:
            raise ValueError(f"histories must be fitted to X, of shape {X.shape}: one was "
                             f"fitted to {history.n_samples} samples of {state.n_features} "
                             "features.")
        if state.n_components != first.n_components:
            raise ValueError(f"histories must all have the same number of components, got "
                             f"{first.n_components} and {state.n_components}.")
    return histories


def _check_seconds(seconds, n_runs):
    if seconds is None:
        return [math.nan] * n_runs
    seconds = list(seconds)
    if len(seconds) != n_runs or not all(
            isinstance(value, numbers.Real) and not isinstance(value, bool)
            and value >= 0 for value in seconds):
        raise ValueError(f"seconds must hold one non-negative number per history ({n_runs}), "
                         f"got {seconds!r}.")
    return [float(value) for value in seconds]


def _means_distance(reference, state, permutation):
    """The largest Mahalanobis distance between matched means, each pair measured under
    both components' covariances."""
    reference_covariances = reference.full_covariances()
    covariances = state.full_covariances()
    largest = 0.0
    for k, j in enumerate(permutation):
        there, here = reference.means[k], state.means[j]
        largest = max(largest,
                      mahalanobis(here[np.newaxis], there, reference_covariances[k])[0],
                      mahalanobis(there[np.newaxis], here, covariances[j])[0])
    return largest


def _same_fit(reference, run, n_samples, tol, margin, mean_distance):
    """Whether ``run`` (log-likelihood, state) ended on the fit of ``reference``: neither
    log-likelihood clearly below the other, and every matched pair of means close."""
    (top, bottom) = sorted([reference[0], run[0]], reverse=True)
    if log_likelihood_shortfall(bottom, top, n_samples, tol=tol, margin=margin) is not None:
        return False
    permutation = match_components(reference[1].means, run[1].means)
    return _means_distance(reference[1], run[1], permutation) <= mean_distance


def compare_restarts(X, starts, histories, *, seconds=None, tol=1e-3, reg_covar=1e-6,
                     margin=LOWER_PEAK_MARGIN, mean_distance=SAME_MEAN_DISTANCE):
    """Compare runs of EM on the same data: which ended on the same fit as the best run,
    and which of those list its components in another order.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data every run was fitted to.
    starts : sequence of (str, int)
        Each run's start, as ``(init, seed)``.
    histories : sequence of EMHistory
        Each run's recorded history, with the same number of components.
    seconds : sequence of float, optional
        Each run's wall-clock time; default: not measured (NaN).
    tol : float, default=1e-3
        The convergence threshold the runs were fitted with.
    reg_covar : float, default=1e-6
        The regulariser they were fitted with, for judging collapsed components.
    margin : float, default=:data:`LOWER_PEAK_MARGIN`
        Least gap in log-likelihood per data point that tells two fits apart
        (:func:`~gmm_lesson.em.log_likelihood_shortfall`, with ``tol``).
    mean_distance : float, default=:data:`SAME_MEAN_DISTANCE`
        Largest Mahalanobis distance between two matched means that calls them the same.

    Returns
    -------
    Restarts
        One :class:`RestartRun` per history, in the order given, and which is best.

    Notes
    -----
    The best run has the highest final log-likelihood among the runs that end without
    a collapsed component: as a component shrinks onto a point its likelihood grows
    without bound (PRML section 9.2.1), and even held open by ``reg_covar`` it can score
    above every sensible fit; it is not a fit to compare with.

    Two runs end on the same fit when neither's final log-likelihood lies clearly below
    the other's (by more than ``n_samples * max(margin, 50 * tol)``) and, with their
    components matched by :func:`match_components`, every pair of means lies within
    ``mean_distance`` of each other, measured by the Mahalanobis distance under each of
    the two components' covariances. The log-likelihood alone does not tell two fits
    apart: different fits can end within the margin of each other. The best run's fit
    comes first; every other run, by decreasing log-likelihood, joins the first fit
    found so far whose first run it matches, or starts a new one.

    Renumbering the components changes neither the density nor the likelihood, so any
    of the K! orders of one fit's components is as good as another (PRML section 9.2).
    A run on the best fit whose order differs from the best run's is *label switched*:
    the same fit, listed in another order.
    """
    X = check_X(X)
    histories = _check_histories(histories, X)
    starts = _check_starts(starts, len(histories))
    seconds = _check_seconds(seconds, len(histories))
    tol = check_non_negative(tol, "tol")
    reg_covar = check_non_negative(reg_covar, "reg_covar")
    margin = check_non_negative(margin, "margin")
    mean_distance = check_non_negative(mean_distance, "mean_distance")
    n_samples = X.shape[0]
    finals = [(float(history.log_likelihoods[-1]), history.states[-1]) for history in histories]
    collapsed = [bool(collapsed_components(state, reg_covar, X)) for _, state in finals]
    candidates = [i for i in range(len(finals)) if not collapsed[i]] or range(len(finals))
    best = max(candidates, key=lambda i: (finals[i][0], -i))
    # The best run first, then the others from the highest log-likelihood down.
    order = [best, *sorted((i for i in range(len(finals)) if i != best),
                           key=lambda i: (-finals[i][0], i))]
    founders, fit_index = [], {}
    for i in order:
        for index, founder in enumerate(founders):
            if _same_fit(finals[founder], finals[i], n_samples, tol, margin, mean_distance):
                fit_index[i] = index
                break
        else:
            fit_index[i] = len(founders)
            founders.append(i)
    identity = np.arange(finals[best][1].n_components)
    runs = []
    for i, (history, (init, seed)) in enumerate(zip(histories, starts, strict=True)):
        log_likelihood, state = finals[i]
        permutation = match_components(finals[best][1].means, state.means)
        same = fit_index[i] == 0
        runs.append(RestartRun(
            init=init, seed=seed, log_likelihood=log_likelihood,
            mean_log_likelihood=log_likelihood / n_samples, n_iter=history.n_iter,
            converged=bool(history.converged), seconds=seconds[i], state=state,
            permutation=permutation, fit_index=fit_index[i], same_fit=same,
            label_switched=same and not np.array_equal(permutation, identity),
            collapsed=collapsed[i]))
    return Restarts(tuple(runs), best, n_samples, tol, margin, mean_distance)
