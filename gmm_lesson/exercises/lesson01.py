"""Checks for the exercises of notebook 01 · Why mixtures.

Each check computes the expected answer itself, from the lesson's data and
models, and recognises the likely slips (cluster ids not matched to the labels,
the most certain point instead of the least, a mixture density without its
weights, a variance used as a standard deviation) to say what went wrong.
"""

from functools import lru_cache

import numpy as np

from gmm_lesson import datasets
from gmm_lesson.exercises import (
    agrees,
    array,
    array_feedback,
    correct,
    graded,
    integer,
    matches,
    number,
    pair,
    rounding_feedback,
    wrong,
)
from gmm_lesson.gaussian import log_gaussian_density

__all__ = [
    "ERROR_RATE_CLUSTER_STD",
    "DENSITY_X",
    "DENSITY_WEIGHTS",
    "DENSITY_MEANS",
    "DENSITY_VARIANCES",
    "kmeans_error_rate",
    "most_uncertain_point",
    "mixture_density",
]

ERROR_RATE_CLUSTER_STD = 1.25
"""``cluster_std`` of the stretched blobs in the k-means exercise."""

DENSITY_X = (-1.0, 0.0, 2.0)
DENSITY_WEIGHTS = (0.3, 0.7)
DENSITY_MEANS = (-1.0, 2.0)
DENSITY_VARIANCES = (0.25, 2.25)
"""The 1D two-component mixture of the density exercise, and where to evaluate it."""


# --- helpers -----------------------------------------------------------------------------


def _n_wrong(labels, predicted):
    """Points in the wrong cluster once cluster ids are matched to labels at best."""
    from scipy.optimize import linear_sum_assignment

    n = int(max(labels.max(), predicted.max())) + 1
    confusion = np.zeros((n, n), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    rows, cols = linear_sum_assignment(confusion, maximize=True)
    return len(labels) - int(confusion[rows, cols].sum())


@lru_cache(maxsize=None)
def _error_rate_data():
    return datasets.stretched_blobs(cluster_std=ERROR_RATE_CLUSTER_STD, return_labels=True)


@lru_cache(maxsize=None)
def _kmeans_clusters(cluster_std=ERROR_RATE_CLUSTER_STD):
    """k-means' clusters of the blobs with ``cluster_std`` (None: the default), shape (500,)."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    X = (datasets.stretched_blobs() if cluster_std is None
         else datasets.stretched_blobs(cluster_std=cluster_std))
    # On 500 points, OpenMP threads competing for two busy cores made this fit take up
    # to a second or more; one thread takes milliseconds and gives the same clusters.
    with threadpool_limits(limits=1):
        return KMeans(3, n_init=10, random_state=0).fit_predict(X)


@lru_cache(maxsize=None)
def _default_blobs_error_rate():
    """k-means' matched error rate on the notebook's own blobs (the default cluster_std)."""
    _, labels = datasets.stretched_blobs(return_labels=True)
    return _n_wrong(labels, _kmeans_clusters(None)) / len(labels)


@lru_cache(maxsize=None)
def _mixture_clusters():
    """The Gaussian mixture's clusters of the exercise's blobs, shape (500,)."""
    from gmm_lesson.mixture import GaussianMixture

    X, _ = _error_rate_data()
    return GaussianMixture(3, random_state=0).fit(X).predict(X)


@lru_cache(maxsize=None)
def _lesson_responsibilities():
    """Responsibilities of the notebook's mixture on the stretched blobs, shape (500, 3)."""
    from gmm_lesson.mixture import GaussianMixture

    X = datasets.stretched_blobs()
    return GaussianMixture(3, random_state=0).fit(X).predict_proba(X)


# --- exercise 1 ----------------------------------------------------------------------------


@graded
def kmeans_error_rate(answer):
    """Check the fraction of points k-means puts in the wrong cluster.

    The data is ``datasets.stretched_blobs(cluster_std=1.25, return_labels=True)``
    and the clustering ``KMeans(3, n_init=10, random_state=0)``.

    Parameters
    ----------
    answer : float
        Number of wrongly clustered points divided by the number of points, after
        matching each cluster id to the label it shares most points with.

    Returns
    -------
    Feedback
    """
    what = "the fraction of points k-means gets wrong, a number between 0 and 1"
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    _, labels = _error_rate_data()
    kmeans = _kmeans_clusters()
    n_samples = len(labels)
    n_wrong = _n_wrong(labels, kmeans)
    expected = n_wrong / n_samples
    unmatched = float(np.mean(kmeans != labels))

    if agrees(value, expected):
        return correct(f"k-means puts {n_wrong} of {n_samples} points ({expected:.1%}) in the "
                       "wrong cluster: the tips of the ellipses, where one cluster reaches "
                       "towards the next.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    if matches(value, unmatched):
        return wrong(f"{value:.3f} compares k-means' cluster ids with the labels directly. "
                     "k-means numbers its clusters in no particular order (its cluster 0 may "
                     "be label 2): first match ids to labels with the confusion matrix and "
                     "linear_sum_assignment, then count the disagreements.")
    if matches(value, n_wrong) or matches(value, n_samples * unmatched):
        return wrong(f"{value:g} is a number of points; the question asks for a fraction: "
                     f"divide by the number of points, {n_samples}.")
    if matches(value, 1 - expected):
        return wrong(f"{value:.3f} is the fraction k-means gets right; the question asks for "
                     "the fraction it gets wrong.")
    if matches(value, 100 * expected):
        return wrong(f"{value:g} looks like a percentage: give a fraction between 0 and 1.")
    if matches(value, _n_wrong(labels, _mixture_clusters()) / n_samples):
        return wrong(f"{value:.3f} is the error of the Gaussian mixture; the question asks "
                     "about k-means.")
    if matches(value, _default_blobs_error_rate()):
        return wrong(f"{value:.3f} is k-means' error on the notebook's blobs, X, made with the "
                     f"default cluster_std; the exercise uses the narrower clusters of "
                     f"stretched_blobs(cluster_std={ERROR_RATE_CLUSTER_STD}).")
    if not 0 <= value <= 1:
        return wrong(f"got {value:g}, but {what}.")
    got, _ = pair(value, expected)
    return wrong(f"got {got}, not {what}. Check the data (cluster_std={ERROR_RATE_CLUSTER_STD}) "
                 "and KMeans(3, n_init=10, random_state=0); then match clusters to labels and "
                 "count the points whose matched cluster differs from their label.")


# --- exercise 2 ----------------------------------------------------------------------------


@graded
def most_uncertain_point(answer):
    """Check the index of the point whose membership is least certain.

    The mixture is ``gl.GaussianMixture(3, random_state=0)`` fitted to
    ``datasets.stretched_blobs()``; "least certain" means the smallest top
    responsibility (equivalently here, the largest entropy of the row).

    Parameters
    ----------
    answer : int
        Row index into the data.

    Returns
    -------
    Feedback
    """
    what = "the row index (a whole number) of the point with the least certain membership"
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    resp = _lesson_responsibilities()
    n_samples = len(resp)
    top = resp.max(axis=1)
    if 0 < value < 1 and value != int(value):
        return wrong(f"{value:.3f} looks like a probability; the question asks which point "
                     "it belongs to: its row index (np.argmin gives the index, np.min the "
                     "value).")
    index, feedback = integer(value, what)
    if feedback is not None:
        return feedback
    if not 0 <= index < n_samples:
        return wrong(f"{index} is not a row of the data: {what} runs from 0 to "
                     f"{n_samples - 1}.")
    expected = int(np.argmin(top))
    others = " and ".join(f"{p:.0%}" for p in np.sort(resp[index])[::-1][1:])
    if np.isclose(top[index], top[expected], rtol=0, atol=1e-12):
        return correct(f"point {index}'s largest membership is only {top[index]:.0%} (the other "
                       f"two are {others}): no component claims it by much.")
    if index == int(np.argmin(resp)):
        return wrong(f"{index} is np.argmin(resp) without an axis: a position in the "
                     f"flattened {resp.shape} array, not a row. Take each row's largest "
                     "probability first, resp.max(axis=1), then np.argmin of that.")
    if index == expected + 1:
        return wrong("one past the right row: rows are numbered from 0, and np.argmin already "
                     "gives the row's index; do not add 1.")
    if top[index] > 0.99:
        column = any(index == int(np.argmin(resp[:, k])) for k in range(resp.shape[1]))
        how = (" (np.argmin of one column finds the point least likely to belong to that "
               "component, which is nearly certain to belong to another)") if column else ""
        return wrong(f"point {index} belongs to one component with {top[index]:.1%}: that is "
                     f"one of the MOST certain points{how}. Look at each point's largest "
                     "probability and take the point where it is smallest: "
                     "np.argmin(resp.max(axis=1)).")
    return wrong(f"point {index}'s largest membership is {top[index]:.0%} (the other two are "
                 f"{others}): uncertain, but another point is more so (its largest "
                 f"probability is only {top.min():.1%}). Take "
                 "np.argmin over all the points' top probabilities.")


# --- exercise 3 ----------------------------------------------------------------------------


def _mixture_density(x, weights, means, variances, *, exponent=2.0, normalised=True):
    """``sum_k weights[k] * N(x | means[k], variances[k])`` at each x, shape (len(x),).

    ``exponent`` and ``normalised`` give the slips: ``exp(-(x - mu)^2 / (exponent s2))``
    and a density without its constant ``1 / sqrt(2 pi s2)``.
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1, 1)
    means, variances = np.asarray(means, dtype=np.float64), np.asarray(variances, dtype=np.float64)
    densities = np.exp(-(x - means) ** 2 / (exponent * variances))
    if normalised:
        densities = densities / np.sqrt(2 * np.pi * variances)
    return densities @ np.asarray(weights, dtype=np.float64)


@graded
def mixture_density(answer):
    """Check the density of the exercise's 1D two-component mixture at ``DENSITY_X``.

    Parameters
    ----------
    answer : array-like of shape (3,)
        :math:`p(x) = \\sum_k \\pi_k \\mathcal{N}(x \\mid \\mu_k, \\sigma_k^2)` at each of
        ``DENSITY_X``, with ``DENSITY_WEIGHTS``, ``DENSITY_MEANS`` and
        ``DENSITY_VARIANCES``.

    Returns
    -------
    Feedback
    """
    name = "p(x) at the three x values, shape (3,)"
    value, feedback = array(answer, name)
    if feedback is not None:
        return feedback
    x, weights = np.array(DENSITY_X), np.array(DENSITY_WEIGHTS)
    means, variances = np.array(DENSITY_MEANS), np.array(DENSITY_VARIANCES)
    expected = np.exp(log_gaussian_density(x[:, np.newaxis], means[:, np.newaxis],
                                           variances[:, np.newaxis, np.newaxis])) @ weights
    if value.shape in {(3, 2), (2, 3)}:
        return wrong(f"got shape {value.shape}: one value per component? Weight each "
                     "component's density and add them up, so that there is one number "
                     f"per x: {name}.")
    mistakes = [
        (_mixture_density(x, np.ones(2), means, variances),
         "this is the sum of the two densities WITHOUT the mixing weights: multiply component "
         "k's density by its weight pi_k (0.3 and 0.7) before adding."),
        (_mixture_density(x, np.full(2, 0.5), means, variances),
         "this uses equal weights (0.5 each); the mixture's weights are 0.3 and 0.7."),
        (_mixture_density(x, weights[::-1], means, variances),
         "the weights are swapped: 0.3 goes with the component at -1, 0.7 with the one at 2."),
        (_mixture_density(x, weights, means, variances**2),
         "the variance was used as a standard deviation: N(x | mu, sigma^2) takes the "
         "variance, and scipy's norm(loc, scale) takes the standard deviation sqrt(variance)."),
        (_mixture_density(x, np.ones(2), means, variances**2),
         "two slips: the weights are missing, and the variance was used as a standard "
         "deviation (scipy's scale is sqrt(variance))."),
        (_mixture_density(x, weights, means, np.sqrt(variances)),
         "the standard deviation was used as a variance: sigma^2 is the variance, "
         "e.g. 0.25 for a standard deviation of 0.5."),
        (_mixture_density(x, weights, means, variances, exponent=1.0),
         "the 2 is missing from the exponent: it is -(x - mu)^2 / (2 sigma^2)."),
        (_mixture_density(x, weights, means, variances, normalised=False),
         "the normalising constant 1 / sqrt(2 pi sigma^2) is missing: without it the curve "
         "has the right shape but not area one."),
        (np.log(expected), "these are log-densities (natural log); the question asks for p(x) "
                           "itself."),
        (np.log10(expected), "these are base-10 logarithms of the density; the question asks "
                             "for p(x) itself."),
    ]
    feedback = array_feedback(value, expected, name, mistakes=mistakes)
    if not feedback:
        if feedback.message.startswith(name + " differs"):
            worst = int(np.argmax(np.abs(value - expected)))
            got, want = pair(value[worst], expected[worst])
            return wrong(f"{name}: at x = {x[worst]:g} got {got}, expected {want}. "
                         "p(x) = 0.3 N(x | -1, 0.25) + 0.7 N(x | 2, 2.25), where "
                         "N(x | mu, s2) = exp(-(x - mu)^2 / (2 s2)) / sqrt(2 pi s2).")
        return feedback
    return correct(f"p(x) = {np.array2string(expected, precision=4)}: the weighted sum "
                   "of the two Gaussian densities.")
