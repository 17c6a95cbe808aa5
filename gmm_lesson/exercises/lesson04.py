"""Checks for the exercises of notebook 04 · EM in many dimensions."""

from functools import lru_cache

import numpy as np
from scipy.stats import multivariate_normal

from gmm_lesson.datasets import stretched_blobs
from gmm_lesson.em import MixtureState, m_step, run_em
from gmm_lesson.exercises import (
    agrees,
    array,
    array_feedback,
    correct,
    graded,
    integer,
    matches,
    number,
    wrong,
)

__all__ = [
    "NEW_POINTS",
    "TOL",
    "covariance",
    "exercise_problem",
    "membership",
    "stopping_iteration",
]

NEW_POINTS = np.array([[0.5, 0.5], [-4.0, 6.0], [6.0, -2.0]])
"""The three points of the membership exercise, shape (3, 2)."""
TOL = 1e-3
"""The stopping tolerance of the last exercise: a gain in mean log-likelihood per point."""


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


@graded
def covariance(answer):
    """Check the new covariance of component 0 after one M-step.

    Parameters
    ----------
    answer : array-like of shape (2, 2)
        The responsibility-weighted mean of the outer products ``(x - mu)(x - mu)^T``
        around component 0's new mean, from :func:`exercise_problem`'s
        responsibilities, with no ``reg_covar``.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    name = "the new covariance of component 0, a (2, 2) array"
    value, feedback = array(answer, name)
    if feedback is not None:
        return feedback
    X, resp, _, _ = exercise_problem()
    _, means, covariances = m_step(X, resp, reg_covar=0.0)
    r, nk = resp[:, 0], resp[:, 0].sum()
    diff = X - means[0]
    old_diff = X - X[0]
    if value.ndim == 0:
        inner = np.sum(r * np.einsum("nd,nd->n", diff, diff)) / nk
        if matches(value, inner):
            return wrong("that is a single number, the weighted mean of (x - mu)^T (x - mu), an "
                         "inner product. The covariance needs the outer product "
                         "(x - mu)(x - mu)^T, a 2 x 2 matrix: `diff.T @ (r[:, None] * diff)`.")
        if matches(value, nk):
            return wrong(f"that is the soft count N_0; {name} divides the weighted outer "
                         "products by it.")
        return wrong(f"expected {name}, got one number: the covariance sums outer products "
                     "(x - mu)(x - mu)^T, each a 2 x 2 matrix.")
    return array_feedback(value, covariances[0], name, mistakes=[
        ((r * diff.T) @ diff, "the weighted sum of outer products still has to be divided by "
                              "the soft count N_0 = r.sum()."),
        ((r * diff.T) @ diff / len(X), "you divided by N; divide by the soft count N_0."),
        ((r * diff.T) @ diff / (nk - 1), "you divided by N_0 - 1, the unbiased estimate's "
                                         "denominator; the M-step divides by N_0."),
        (np.cov(X.T, aweights=r), "np.cov with aweights corrects for bias and does not divide "
                                  "by N_0; compute the weighted sum of outer products and "
                                  "divide by N_0 (or pass bias=True)."),
        ((r * old_diff.T) @ old_diff / nk, "you measured the spread around the OLD mean: "
                                           "compute the new mean first and use it."),
        (diff.T @ diff / nk, "each outer product needs its weight r_i0: "
                             "`diff.T @ (r[:, None] * diff)`."),
        (np.cov(X.T, bias=True), "that is the covariance of all the points; weight each point "
                                 "by its responsibility r_i0."),
        (covariances, "these are the new covariances of all three components; the exercise "
                      "asks for component 0's, a (2, 2) array: take [0]."),
    ])


@graded
def membership(answer):
    """Check the membership probabilities of the three new points.

    Parameters
    ----------
    answer : array-like of shape (3, 3)
        Row ``i``: the probability that ``NEW_POINTS[i]`` belongs to each component of
        the exercise's model; each row sums to one.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    name = "the membership probabilities of the three new points, a (3, 3) array"
    value, feedback = array(answer, name)
    if feedback is not None:
        return feedback
    _, _, model, _ = exercise_problem()
    densities = np.column_stack([
        multivariate_normal(mean, cov).pdf(NEW_POINTS)
        for mean, cov in zip(model.means, model.covariances, strict=True)
    ])
    joint = model.weights * densities
    expected = model.responsibilities(NEW_POINTS)
    if value.shape == (3,) and np.array_equal(value, expected.argmax(axis=1)):
        return wrong(f"these are the most probable components (like predict); {name} gives "
                     "each point a probability for every component.")
    return array_feedback(value, expected, name, mistakes=[
        (densities / densities.sum(axis=1, keepdims=True),
         "the mixing weights are missing: a point near two components should lean towards the "
         "heavier one. Multiply each density by its weight before normalising."),
        (densities / densities.sum(), "you normalised over all the points at once (and forgot "
                                      "the weights): normalise each point's row over the "
                                      "components, so that every row sums to one."),
        (joint / joint.sum(), "you normalised over all the points at once: normalise each "
                              "point's row over the components, so that every row sums to one."),
        (joint / joint.sum(axis=0), "each column sums to one: you normalised over the points. "
                                    "Normalise each row, over the components."),
        (joint, "these are weighted densities, not probabilities: divide each row by its sum."),
        (np.log(expected), "these are log-probabilities: take np.exp of them."),
        (np.eye(3)[expected.argmax(axis=1)], "these are hard 0/1 assignments; the question asks "
                                             "for each point's probabilities."),
    ])


@graded
def stopping_iteration(answer):
    """Check the iteration at which the improvement per point first drops below ``TOL``.

    Parameters
    ----------
    answer : int
        The first iteration ``t`` whose gain in mean log-likelihood per point,
        ``(lls[t] - lls[t - 1]) / N``, is below ``TOL``.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "an iteration number t (a whole number)"
    X, _, _, lls = exercise_problem()
    per_point = np.diff(lls) / len(X)
    value, feedback = number(answer, what)
    if feedback is None and 0 < value < TOL and value != int(value):
        return wrong(f"{value:g} is an improvement, not an iteration: the question asks at "
                     "which t it first falls below tol.")
    floats, _ = array(answer, what)
    if floats is not None and floats.shape == per_point.shape and agrees(floats, per_point):
        return wrong("these are the improvements of every iteration; the question asks for "
                     "the first t whose improvement is below tol: np.argmax(... < tol) + 1.")
    t, feedback = integer(answer, what)
    if feedback is not None:
        return feedback
    expected = int(np.argmax(per_point < TOL)) + 1
    on_totals = int(np.argmax(np.diff(lls) < TOL)) + 1
    if t == expected:
        return correct(f"iteration {expected} is the first whose improvement of the mean "
                       f"log-likelihood, {per_point[expected - 1]:.2g}, is below tol = {TOL:g}.")
    if t == expected - 1:
        return wrong("one too early: iteration t improves on iteration t - 1, so the first "
                     "small difference np.diff(lls)[j] belongs to iteration j + 1.")
    if t == expected + 1:
        return wrong("one too late: np.diff(lls)[j] is the improvement of iteration j + 1, so "
                     "add 1 to the position once, not twice.")
    if t == on_totals:
        return wrong("that compares the TOTAL log-likelihood with tol; the rule compares the "
                     "mean per point: divide the differences by N.")
    if t in (len(lls) - 1, len(lls)):
        return wrong(f"{t} is the length of the run, not the iteration where the improvement "
                     "first falls below tol.")
    return wrong(f"got {t}, not the {what} asked for. Compute the improvement of each "
                 "iteration, np.diff(log_likelihoods) / N, and find the first one below tol.")
