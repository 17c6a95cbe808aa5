"""Checks for the exercises of notebook 08 · The same with scikit-learn.

1. :func:`means_from_start` -- fit ``sklearn.mixture.GaussianMixture`` from the start
   of :func:`exercise_start`; the check fits the lesson's own engine from the same
   start and compares.
2. :func:`total_log_likelihood` -- turn ``lower_bound_`` (a mean per sample) into
   the total log-likelihood.
3. :func:`mahalanobis_distances` -- find the attribute that holds the precision
   matrices and use it.
"""

import functools
import itertools

import numpy as np

from gmm_lesson.datasets import five_blobs
from gmm_lesson.exercises import (
    agrees,
    array,
    array_feedback,
    correct,
    graded,
    matches,
    number,
    pair,
    rounding_feedback,
    wrong,
)
from gmm_lesson.gaussian import mahalanobis

__all__ = [
    "NEW_POINT",
    "exercise_start",
    "mahalanobis_distances",
    "means_from_start",
    "total_log_likelihood",
]

NEW_POINT = np.array([0.5, 0.5])
"""The point whose distances exercise 3 asks for (the tutorial's new point)."""


def exercise_start():
    """The five-blob data and a start for exercise 1.

    Three means start in the left blob, and every component starts as a round
    Gaussian of variance 20: from here EM ends in a local optimum, so a fit that
    ignores the start ends somewhere else.

    Returns
    -------
    X : ndarray of shape (1000, 2)
    weights_init : ndarray of shape (5,)
    means_init : ndarray of shape (5, 2)
    precisions_init : ndarray of shape (5, 2, 2)
        Inverse covariances, ``eye(2) / 20`` each.
    """
    X = five_blobs()
    weights_init = np.full(5, 0.2)
    means_init = np.array([[-10.0, -2.0], [-9.0, -1.0], [-11.0, -3.0], [0.0, 2.0], [10.0, -8.0]])
    precisions_init = np.tile(np.eye(2) / 20.0, (5, 1, 1))
    return X, weights_init, means_init, precisions_init


def _fit_sklearn(X, **params):
    from sklearn.mixture import GaussianMixture

    return GaussianMixture(n_components=5, **params).fit(X).means_


def _same_rows_any_order(a, b, atol=1e-6):
    if a.shape != b.shape:
        return False
    for order in itertools.permutations(range(len(b))):
        if np.allclose(a, b[list(order)], rtol=0, atol=atol):
            return True
    return False


@functools.lru_cache(maxsize=1)
def _means_answers():
    """The expected means and the means of the usual slips, computed once."""
    from gmm_lesson.mixture import GaussianMixture as LessonMixture

    X, weights_init, means_init, precisions_init = exercise_start()
    start = dict(weights_init=weights_init, means_init=means_init)
    expected = LessonMixture(n_components=5, precisions_init=precisions_init, **start).fit(X).means_
    diagonal = precisions_init[:, [0, 1], [0, 1]]
    other_types = {
        "diag": _fit_sklearn(X, covariance_type="diag", precisions_init=diagonal, **start),
        "spherical": _fit_sklearn(X, covariance_type="spherical", precisions_init=diagonal[:, 0],
                                  **start),
        "tied": _fit_sklearn(X, covariance_type="tied", precisions_init=precisions_init[0],
                             **start),
    }
    no_precisions = _fit_sklearn(X, random_state=0, **start)
    default = _fit_sklearn(X, random_state=0)
    return expected, other_types, no_precisions, default


@graded
def means_from_start(means):
    """Check the means of a scikit-learn fit from :func:`exercise_start`.

    Parameters
    ----------
    means : array-like of shape (5, 2)
        ``model.means_`` of ``sklearn.mixture.GaussianMixture`` fitted to the five
        blobs from the start's weights, means and precisions.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    name = "the fitted means, an array of shape (5, 2)"
    if hasattr(means, "fit"):
        return wrong(f"this is the model itself; expected {name}: its `model.means_`.")
    answer, feedback = array(means, name)
    if feedback is not None:
        return feedback
    expected, other_types, no_precisions, default = _means_answers()
    _, _, means_init, _ = exercise_start()
    if answer.shape == expected.shape and np.all(np.isfinite(answer)):
        if agrees(answer, expected):
            return correct("these are the means scikit-learn reaches from that start, and the "
                           "lesson's engine reaches the same ones. The start ends in a local "
                           "optimum: one component covers two blobs.")
        rounding = rounding_feedback(answer, expected, "your means")
        if rounding is not None:
            return rounding
        if matches(answer, means_init):
            return wrong("these are the starting means: fit the model (`.fit(X)`) and return "
                         "`model.means_`.")
        if _same_rows_any_order(answer, expected):
            return wrong("the right means in another order: EM keeps the order of the start, "
                         "so do not sort or reorder them.")
        for covariance_type, other in other_types.items():
            if matches(answer, other):
                return wrong(f"these are the means of a covariance_type='{covariance_type}' "
                             "fit; the exercise (and the lesson's engine) use the default, "
                             "covariance_type='full'.")
        if matches(answer, no_precisions):
            return wrong("you passed weights_init and means_init but not precisions_init: "
                         "scikit-learn then computes starting covariances of its own. Pass all "
                         "three.")
        if _same_rows_any_order(answer, default, atol=1e-3):
            return wrong("these are the means of a fit from scikit-learn's default start "
                         "(k-means): pass weights_init, means_init and precisions_init to "
                         "GaussianMixture(...) so that it starts where the exercise says.")
        worst = np.unravel_index(np.argmax(np.abs(answer - expected)), answer.shape)
        got, want = pair(answer[worst], expected[worst])
        return wrong(f"these means differ from the fit from the given start (most at index "
                     f"{tuple(int(i) for i in worst)}: got {got}, expected {want}). Pass all "
                     "three of weights_init, means_init and precisions_init, keep "
                     "covariance_type='full' and the default tol and max_iter.")
    return array_feedback(answer, expected, name)


@graded
def total_log_likelihood(total, model, X):
    """Check the total log-likelihood of ``X`` computed from ``model.lower_bound_``.

    Parameters
    ----------
    total : float
        ``model.lower_bound_`` (a mean per sample) times the number of samples.
    model : GaussianMixture
        A mixture fitted to ``X``, from scikit-learn or the lesson.
    X : array-like of shape (n_samples, n_features)
        The data it was fitted to.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the total log-likelihood, one number"
    n_samples, n_features = np.shape(X)
    values, _ = array(total, what)
    if values is not None and values.shape == (n_samples,):
        return wrong("this has one value per sample (like score_samples): the total is "
                     "their sum, or lower_bound_ times the number of samples.")
    total, feedback = number(total, what)
    if feedback is not None:
        return feedback
    mean = model.lower_bound_
    expected = mean * n_samples
    fresh = float(np.sum(model.score_samples(X)))
    if agrees(total, expected):
        return correct(f"lower_bound_ is a mean per sample, so the total is "
                       f"{mean:.4f} x {n_samples} = {expected:.1f}.")
    if agrees(total, fresh):
        return correct(f"{fresh:.1f}, computed afresh from score_samples at the final "
                       f"parameters. lower_bound_ x n_samples = {expected:.1f} comes from the "
                       "last E-step, before the last M-step moved the parameters: hence the "
                       "small difference.")
    for target in (expected, fresh):
        rounding = rounding_feedback(total, target, f"{total:g}")
        if rounding is not None:
            return rounding
    mistakes = [
        (mean, "this is lower_bound_ itself, the mean log-likelihood PER SAMPLE: multiply it by "
               "the number of samples, X.shape[0]."),
        (mean * n_features, "you multiplied by the number of features, X.shape[1]; the total "
                            "sums over the samples: multiply by X.shape[0]."),
        (mean * model.n_components, "you multiplied by the number of components; the total sums "
                                    "over the samples: multiply by X.shape[0]."),
        (-expected, "the sign is flipped: a log-likelihood of continuous data is usually "
                    "negative here, and lower_bound_ is already a log-likelihood (not a loss)."),
        (np.exp(mean) * n_samples, "no exponential is needed: lower_bound_ is already a "
                                   "log-likelihood; multiply it by the number of samples."),
        (mean / n_samples, "you divided by the number of samples; lower_bound_ is already the "
                           "mean, so multiply by it instead."),
        (model.bic(X), "that is the BIC, -2 log L plus a penalty; the question asks for log L "
                       "itself."),
        (-2 * expected, "that is -2 log L (the deviance); the question asks for log L itself."),
        (expected / np.log(10), "that is the total in base-10 logs; lower_bound_ uses the "
                                "natural log: multiply it by the number of samples, no change "
                                "of base."),
    ]
    for mistake, hint in mistakes:
        if matches(total, mistake):
            return wrong(hint)
    return wrong(f"got {total:g}, not {what}: multiply lower_bound_, the mean per sample, by "
                 "the number of samples, X.shape[0].")


@graded
def mahalanobis_distances(distances, model):
    """Check the Mahalanobis distance of :data:`NEW_POINT` from each component of ``model``.

    Parameters
    ----------
    distances : array-like of shape (n_components,)
        Distance ``k`` measured with component ``k``'s mean and covariance.
    model : GaussianMixture
        A fitted mixture with 'full' covariances.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    name = f"the Mahalanobis distances, an array of shape ({model.n_components},)"
    if isinstance(distances, str) and hasattr(model, distances.strip()):
        return wrong(f"that is the attribute's name; expected {name}, computed from it.")
    answer, feedback = array(distances, name)
    if feedback is not None:
        return feedback
    diffs = NEW_POINT - model.means_
    covariances = model.covariances_
    expected = np.array([mahalanobis(NEW_POINT[np.newaxis], mean, cov)[0]
                         for mean, cov in zip(model.means_, covariances, strict=True)])
    with_covariance = np.sqrt(np.einsum("kd,kde,ke->k", diffs, covariances, diffs))
    with_cholesky = np.sqrt(np.abs(np.einsum("kd,kde,ke->k", diffs,
                                             model.precisions_cholesky_, diffs)))
    precisions = model.precisions_
    no_mean = np.sqrt(np.einsum("d,kde,e->k", NEW_POINT, precisions, NEW_POINT))
    diagonal_only = np.sqrt(np.einsum("kd,kd->k", diffs**2, np.diagonal(precisions, axis1=1,
                                                                         axis2=2)))
    if answer.ndim == 0 and matches(answer, expected.min()):
        return wrong(f"this is the distance to the nearest component only; expected {name}, "
                     "one per component.")
    feedback = array_feedback(answer, expected, name, mistakes=[
        (expected**2, "these are the SQUARED distances: take the square root."),
        (with_covariance, "you used covariances_ where precisions_ belongs: the distance needs "
                          "the inverse covariance, the precision, which scikit-learn keeps in "
                          "precisions_ (the same slip as passing covariances to "
                          "precisions_init)."),
        (with_covariance**2, "you used covariances_ where precisions_ belongs (and forgot the "
                             "square root): the distance needs the precision, precisions_."),
        (with_cholesky, "precisions_cholesky_ holds a triangular factor P with P @ P.T = "
                        "precision, not the precision itself: use precisions_ (or "
                        "||(x - mu) @ P||)."),
        (np.linalg.norm(diffs, axis=1), "this is the plain (Euclidean) distance: weigh the "
                                        "difference by the precision, sqrt(d @ precision @ d)."),
        (no_mean, "the means are not subtracted: the distance from component k uses "
                  "d = y - means_[k]."),
        (diagonal_only, "this uses only the diagonal of each precision and ignores the "
                        "off-diagonal entries: use the whole matrix, sqrt(d @ precision @ d)."),
    ])
    if not feedback:
        return feedback
    nearest = int(np.argmin(expected))
    others = np.delete(expected, nearest)
    at_least = np.floor(others.min() * 10) / 10
    return correct(f"the precisions are in precisions_. Component {nearest} is the nearest in "
                   f"this sense, at Mahalanobis distance {expected[nearest]:.2f}: whitened by "
                   f"that component's covariance, the point lies {expected[nearest]:.2f} from "
                   f"its mean. Every other component is at distance {at_least:.1f} or more.")
