"""Checks for the exercises of notebook 04 · EM in many dimensions."""

from functools import lru_cache

import numpy as np
from scipy.stats import multivariate_normal

from gmm_lesson.datasets import stretched_blobs
from gmm_lesson.em import MixtureState, m_step, run_em
from gmm_lesson.exercises import array_feedback, correct, not_answered, wrong

__all__ = ["covariance", "exercise_problem", "membership", "stopping_iteration"]

NEW_POINTS = np.array([[0.5, 0.5], [-4.0, 6.0], [6.0, -2.0]])
TOL = 1e-3


@lru_cache(maxsize=1)
def _problem():
    X = stretched_blobs()
    start = MixtureState.from_parameters(
        [0.4, 0.3, 0.3], X[[0, 1, 2]], np.stack([np.cov(X.T)] * 3)
    )
    history = run_em(X, start, tol=0, max_iter=60)
    return X, start, history


def exercise_problem():
    """What the exercises work on.

    Returns
    -------
    X : ndarray of shape (500, 2)
        The stretched blobs.
    resp : ndarray of shape (500, 3)
        Responsibilities of a start, for exercise 1.
    model : MixtureState
        A mixture fitted to ``X``, for exercise 2 (``model.weights``,
        ``model.means``, ``model.covariances``).
    log_likelihoods : ndarray of shape (61,)
        Total log-likelihood after each of 60 EM iterations, for exercise 3.
    """
    X, start, history = _problem()
    return X, start.responsibilities(X), history.states[-1], history.log_likelihoods.copy()


def covariance(answer):
    """Check the new covariance of component 0, shape (2, 2)."""
    unanswered = not_answered(answer, "the new covariance of component 0, a (2, 2) array")
    if unanswered is not None:
        return unanswered
    X, resp, _, _ = exercise_problem()
    _, means, covariances = m_step(X, resp, reg_covar=0.0)
    r, nk = resp[:, 0], resp[:, 0].sum()
    diff = X - means[0]
    old_diff = X - X[0]
    if np.ndim(answer) == 0:
        return wrong("that is a single number, like (x - mu)^T (x - mu). With column vectors the "
                     "covariance needs the outer product (x - mu)(x - mu)^T, a 2 x 2 matrix: "
                     "`diff.T @ (r[:, None] * diff)`.")
    return array_feedback(answer, covariances[0], "the covariance of component 0", mistakes=[
        ((r * diff.T) @ diff, "the weighted sum of outer products still has to be divided by "
                              "the soft count N_0 = r.sum()."),
        ((r * diff.T) @ diff / len(X), "you divided by N; divide by the soft count N_0."),
        ((r * old_diff.T) @ old_diff / nk, "you measured the spread around the OLD mean: "
                                           "compute the new mean first and use it."),
        (np.cov(X.T, bias=True), "that is the covariance of all the points; weight each point "
                                 "by its responsibility r_i0."),
    ])


def membership(answer):
    """Check the membership probabilities of the three new points, shape (3, 3)."""
    unanswered = not_answered(answer, "the membership probabilities, a (3, 3) array")
    if unanswered is not None:
        return unanswered
    _, _, model, _ = exercise_problem()
    densities = np.column_stack([
        multivariate_normal(mean, cov).pdf(NEW_POINTS)
        for mean, cov in zip(model.means, model.covariances)
    ])
    joint = model.weights * densities
    return array_feedback(answer, model.responsibilities(NEW_POINTS),
                          "the membership probabilities", atol=1e-8, mistakes=[
        (densities / densities.sum(axis=1, keepdims=True),
         "the mixing weights are missing: a point near two components should lean towards the "
         "heavier one. Multiply each density by its weight before normalising."),
        (densities / densities.sum(), "you normalised over all the points at once (and forgot "
                                      "the weights): normalise each point's row over the "
                                      "components, so that every row sums to one."),
        (joint / joint.sum(axis=0), "each column sums to one: you normalised over the points. "
                                    "Normalise each row, over the components."),
        (joint, "these are weighted densities, not probabilities: divide each row by its sum."),
    ])


def stopping_iteration(answer):
    """Check the iteration at which the improvement per point first drops below ``TOL``."""
    unanswered = not_answered(answer, "an iteration number (an int)")
    if unanswered is not None:
        return unanswered
    X, _, _, lls = exercise_problem()
    per_point = np.diff(lls) / len(X)
    expected = int(np.argmax(per_point < TOL)) + 1
    on_totals = int(np.argmax(np.diff(lls) < TOL)) + 1
    if answer == expected:
        return correct(f"from iteration {expected} on, each iteration improves the mean "
                       f"log-likelihood by less than {TOL}.")
    if answer == expected - 1:
        return wrong("one too early: iteration t improves on iteration t - 1, so the first "
                     "small difference np.diff(lls)[j] belongs to iteration j + 1.")
    if answer == on_totals:
        return wrong("that compares the TOTAL log-likelihood with tol; the rule compares the "
                     "mean per point: divide the differences by N.")
    return wrong(f"got {answer}. Compute the improvement of each iteration, "
                 "np.diff(log_likelihoods) / N, and find the first one below tol.")
