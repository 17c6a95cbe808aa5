"""The checks of notebook 01 accept the right answers and name the likely slips."""

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from scipy.stats import norm
from sklearn.cluster import KMeans

import gmm_lesson as gl
from gmm_lesson import datasets
from gmm_lesson.exercises import lesson01 as check


def message(feedback):
    assert not feedback.passed, feedback.message
    return feedback.message


# --- exercise 1: the fraction k-means gets wrong --------------------------------------------


@pytest.fixture(scope="module")
def kmeans_case():
    X, labels = datasets.stretched_blobs(cluster_std=check.ERROR_RATE_CLUSTER_STD,
                                         return_labels=True)
    predicted = KMeans(3, n_init=10, random_state=0).fit_predict(X)
    confusion = np.zeros((3, 3), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    rows, cols = linear_sum_assignment(confusion, maximize=True)
    n_wrong = len(labels) - confusion[rows, cols].sum()
    return X, labels, predicted, n_wrong


def test_error_rate_accepts_the_matched_fraction(kmeans_case):
    _, labels, _, n_wrong = kmeans_case
    assert 0 < n_wrong < 0.1 * len(labels)
    assert check.kmeans_error_rate(n_wrong / len(labels)).passed
    assert check.kmeans_error_rate(np.float64(n_wrong / len(labels))).passed


def test_error_rate_not_answered():
    assert "not answered" in message(check.kmeans_error_rate(...))


def test_error_rate_unmatched_cluster_ids(kmeans_case):
    _, labels, predicted, _ = kmeans_case
    unmatched = np.mean(predicted != labels)
    assert "linear_sum_assignment" in message(check.kmeans_error_rate(unmatched))


def test_error_rate_count_accuracy_percentage_and_mixture(kmeans_case):
    X, labels, _, n_wrong = kmeans_case
    n = len(labels)
    assert "divide by the number of points" in message(check.kmeans_error_rate(n_wrong))
    assert "gets right" in message(check.kmeans_error_rate(1 - n_wrong / n))
    assert "percentage" in message(check.kmeans_error_rate(100 * n_wrong / n))
    mixture = gl.GaussianMixture(3, random_state=0).fit(X).predict(X)
    confusion = np.zeros((3, 3), dtype=int)
    np.add.at(confusion, (labels, mixture), 1)
    rows, cols = linear_sum_assignment(confusion, maximize=True)
    mixture_rate = (n - confusion[rows, cols].sum()) / n
    assert mixture_rate < n_wrong / n
    assert "Gaussian mixture" in message(check.kmeans_error_rate(mixture_rate))


def test_error_rate_other_answers():
    assert "between 0 and 1" in message(check.kmeans_error_rate(-0.2))
    assert "match clusters to labels" in message(check.kmeans_error_rate(0.2))
    assert "shape" in message(check.kmeans_error_rate([0.1, 0.2]))


# --- exercise 2: the least certain point ----------------------------------------------------


@pytest.fixture(scope="module")
def resp():
    X = datasets.stretched_blobs()
    return gl.GaussianMixture(3, random_state=0).fit(X).predict_proba(X)


def test_uncertain_point_accepts_min_top_probability_and_max_entropy(resp):
    assert check.most_uncertain_point(int(np.argmin(resp.max(axis=1)))).passed
    entropy = -np.sum(resp * np.log(np.clip(resp, 1e-300, None)), axis=1)
    assert check.most_uncertain_point(np.argmax(entropy)).passed
    assert "not answered" in message(check.most_uncertain_point(...))


def test_uncertain_point_mistakes(resp):
    top = resp.max(axis=1)
    assert "MOST certain" in message(check.most_uncertain_point(int(np.argmax(top))))
    assert "index" in message(check.most_uncertain_point(float(top.min())))
    assert "np.argmin of one column" in message(
        check.most_uncertain_point(int(np.argmin(resp[:, 0]))))
    assert "not a row" in message(check.most_uncertain_point(len(resp)))
    assert "one number" in message(check.most_uncertain_point(np.argsort(top)[:3]))
    second = int(np.argsort(top)[1])
    assert "another point is more so" in message(check.most_uncertain_point(second))


# --- exercise 3: the mixture density ----------------------------------------------------------


def density(weights, variances):
    x = np.array(check.DENSITY_X)[:, np.newaxis]
    scale = np.sqrt(np.array(variances))
    return np.sum(np.array(weights) * norm.pdf(x, np.array(check.DENSITY_MEANS), scale), axis=1)


def test_density_accepts_the_weighted_sum():
    assert check.mixture_density(density(check.DENSITY_WEIGHTS, check.DENSITY_VARIANCES)).passed
    assert check.mixture_density(
        list(density(check.DENSITY_WEIGHTS, check.DENSITY_VARIANCES))).passed
    assert "not answered" in message(check.mixture_density(...))


def test_density_mistakes():
    weights, variances = np.array(check.DENSITY_WEIGHTS), np.array(check.DENSITY_VARIANCES)
    assert "WITHOUT the mixing weights" in message(
        check.mixture_density(density([1, 1], variances)))
    assert "equal weights" in message(check.mixture_density(density([0.5, 0.5], variances)))
    # scipy's scale given the variance: norm(loc=mu, scale=var), as in SEED_ERRATA item 5.
    assert "variance was used as a standard deviation" in message(
        check.mixture_density(density(weights, variances**2)))
    assert "two slips" in message(check.mixture_density(density([1, 1], variances**2)))
    assert "standard deviation was used as a variance" in message(
        check.mixture_density(density(weights, np.sqrt(variances))))
    assert "log-densities" in message(
        check.mixture_density(np.log(density(weights, variances))))
    assert "one value per component" in message(check.mixture_density(np.zeros((3, 2))))
    assert "expected" in message(check.mixture_density(density(weights, variances) + 0.01))


def test_error_rate_on_the_notebooks_own_blobs_is_named():
    X, labels = datasets.stretched_blobs(return_labels=True)
    predicted = KMeans(3, n_init=10, random_state=0).fit_predict(X)
    confusion = np.zeros((3, 3), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    rows, cols = linear_sum_assignment(confusion, maximize=True)
    rate = (len(labels) - confusion[rows, cols].sum()) / len(labels)
    assert "default cluster_std" in message(check.kmeans_error_rate(rate))


def test_uncertain_point_more_slips(resp):
    top = resp.max(axis=1)
    expected = int(np.argmin(top))
    flat = int(np.argmin(resp))
    assert flat != expected and flat < len(resp)
    assert "without an axis" in message(check.most_uncertain_point(flat))
    assert "one past the right row" in message(check.most_uncertain_point(expected + 1))
    assert check.most_uncertain_point(float(expected)).passed
    assert "remove the quotes" in message(check.most_uncertain_point(str(expected)))


def hand_density(weights, variances, exponent=2.0, normalised=True):
    x = np.array(check.DENSITY_X)[:, np.newaxis]
    means, variances = np.array(check.DENSITY_MEANS), np.array(variances)
    densities = np.exp(-(x - means) ** 2 / (exponent * variances))
    if normalised:
        densities = densities / np.sqrt(2 * np.pi * variances)
    return densities @ np.array(weights)


@pytest.mark.parametrize(("answer", "hint"), [
    (hand_density(check.DENSITY_WEIGHTS[::-1], check.DENSITY_VARIANCES), "weights are swapped"),
    (hand_density(check.DENSITY_WEIGHTS, check.DENSITY_VARIANCES, exponent=1.0),
     "the 2 is missing from the exponent"),
    (hand_density(check.DENSITY_WEIGHTS, check.DENSITY_VARIANCES, normalised=False),
     "normalising constant"),
    (np.log10(hand_density(check.DENSITY_WEIGHTS, check.DENSITY_VARIANCES)), "base-10"),
    (np.round(hand_density(check.DENSITY_WEIGHTS, check.DENSITY_VARIANCES), 3),
     "rounded to 3 decimal places"),
])
def test_density_more_slips(answer, hint):
    assert hint in message(check.mixture_density(answer))
