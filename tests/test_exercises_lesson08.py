"""The checks of notebook 08 accept the right answers and explain the common wrong ones."""

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture

import gmm_lesson as gl
from gmm_lesson.exercises import lesson08 as check

X, WEIGHTS, MEANS, PRECISIONS = check.exercise_start()
START = dict(weights_init=WEIGHTS, means_init=MEANS, precisions_init=PRECISIONS)


@pytest.fixture(scope="module")
def from_start():
    return GaussianMixture(n_components=5, **START).fit(X)


@pytest.fixture(scope="module")
def default_fit():
    return GaussianMixture(n_components=5, random_state=0).fit(X)


def test_the_start_ends_elsewhere_than_the_default_fit(from_start, default_fit):
    assert from_start.lower_bound_ < default_fit.lower_bound_ - 0.1
    ours = gl.GaussianMixture(n_components=5, **START).fit(X)
    assert np.allclose(ours.means_, from_start.means_, atol=1e-9)
    assert ours.n_iter_ == from_start.n_iter_


def test_unanswered_exercises_say_so(default_fit):
    for feedback in (check.means_from_start(...), check.total_log_likelihood(..., default_fit, X),
                     check.mahalanobis_distances(..., default_fit)):
        assert not feedback and not feedback.answered and "replace `...`" in feedback.message


def test_right_answers_pass(from_start, default_fit):
    assert check.means_from_start(from_start.means_)
    assert check.total_log_likelihood(default_fit.lower_bound_ * len(X), default_fit, X)
    assert check.total_log_likelihood(default_fit.score_samples(X).sum(), default_fit, X)
    diffs = check.NEW_POINT - default_fit.means_
    distances = np.sqrt(np.einsum("kd,kde,ke->k", diffs, default_fit.precisions_, diffs))
    assert check.mahalanobis_distances(distances, default_fit)


def means_of(**params):
    return GaussianMixture(n_components=5, **params).fit(X).means_


@pytest.mark.parametrize(("answer", "hint"), [
    (lambda: means_of(random_state=0), "default start"),
    (lambda: means_of(random_state=3), "default start"),
    (lambda: means_of(weights_init=WEIGHTS, means_init=MEANS, random_state=0),
     "not precisions_init"),
    (lambda: means_of(covariance_type="diag", weights_init=WEIGHTS, means_init=MEANS,
                      precisions_init=PRECISIONS[:, [0, 1], [0, 1]]), "covariance_type='diag'"),
    (lambda: means_of(covariance_type="spherical", weights_init=WEIGHTS, means_init=MEANS,
                      precisions_init=np.full(5, 1 / 20)), "covariance_type='spherical'"),
    (lambda: means_of(covariance_type="tied", weights_init=WEIGHTS, means_init=MEANS,
                      precisions_init=PRECISIONS[0]), "covariance_type='tied'"),
    (lambda: MEANS, "starting means"),
    (lambda: means_of(**START)[::-1], "another order"),
    (lambda: means_of(**START).T, "transposed"),
    (lambda: GaussianMixture(n_components=5, **START).fit(X), "the model itself"),
    (lambda: means_of(max_iter=2, **START), "Pass all three"),
])
def test_means_mistakes_get_their_hint(answer, hint):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        feedback = check.means_from_start(answer())
    assert not feedback and feedback.answered and hint in feedback.message


def test_a_total_from_the_final_parameters_passes_with_a_note(from_start):
    fresh = from_start.score_samples(X).sum()
    assert not np.isclose(fresh, from_start.lower_bound_ * len(X), rtol=1e-9)
    feedback = check.total_log_likelihood(fresh, from_start, X)
    assert feedback and "last E-step" in feedback.message
    assert "tol" not in feedback.message


@pytest.mark.parametrize(("make", "hint"), [
    (lambda m: m.lower_bound_, "PER SAMPLE"),
    (lambda m: m.lower_bound_ * X.shape[1], "number of features"),
    (lambda m: m.lower_bound_ * 5, "number of components"),
    (lambda m: -m.lower_bound_ * len(X), "sign is flipped"),
    (lambda m: np.exp(m.lower_bound_) * len(X), "no exponential"),
    (lambda m: m.lower_bound_ / len(X), "divided by the number of samples"),
    (lambda m: m.score_samples(X), "one value per sample"),
    (lambda m: 12.0, "multiply lower_bound_"),
    (lambda m: m.score(X), "PER SAMPLE"),
    (lambda m: m.bic(X), "BIC"),
    (lambda m: -2 * m.lower_bound_ * len(X), "deviance"),
    (lambda m: m.lower_bound_ * len(X) / np.log(10), "base-10"),
    (lambda m: round(m.lower_bound_ * len(X), 1), "rounded to 1 decimal place"),
    (lambda m: str(m.lower_bound_ * len(X)), "remove the quotes"),
])
def test_total_mistakes_get_their_hint(default_fit, make, hint):
    feedback = check.total_log_likelihood(make(default_fit), default_fit, X)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("attribute", "squared", "hint"), [
    ("precisions_", True, "SQUARED"),
    ("covariances_", False, "you used covariances_ where precisions_ belongs"),
    ("covariances_", True, "forgot the square root"),
    ("precisions_cholesky_", False, "triangular factor"),
])
def test_distance_mistakes_get_their_hint(default_fit, attribute, squared, hint):
    diffs = check.NEW_POINT - default_fit.means_
    values = np.einsum("kd,kde,ke->k", diffs, getattr(default_fit, attribute), diffs)
    answer = values if squared else np.sqrt(np.abs(values))
    feedback = check.mahalanobis_distances(answer, default_fit)
    assert not feedback and hint in feedback.message


def test_euclidean_distance_and_a_name_are_explained(default_fit):
    euclidean = np.linalg.norm(check.NEW_POINT - default_fit.means_, axis=1)
    assert "Euclidean" in check.mahalanobis_distances(euclidean, default_fit).message
    assert "attribute's name" in check.mahalanobis_distances("precisions_", default_fit).message


def test_more_distance_slips(default_fit):
    precisions = default_fit.precisions_
    diffs = check.NEW_POINT - default_fit.means_
    right = np.sqrt(np.einsum("kd,kde,ke->k", diffs, precisions, diffs))
    no_mean = np.sqrt(np.einsum("d,kde,e->k", check.NEW_POINT, precisions, check.NEW_POINT))
    diagonal = np.sqrt(np.sum(diffs**2 * np.diagonal(precisions, axis1=1, axis2=2), axis=1))
    assert "means are not subtracted" in check.mahalanobis_distances(no_mean, default_fit).message
    assert "only the diagonal" in check.mahalanobis_distances(diagonal, default_fit).message
    assert "nearest component only" in check.mahalanobis_distances(right.min(), default_fit).message
    assert "decimal places" in check.mahalanobis_distances(np.round(right, 2), default_fit).message


def test_distance_success_message_is_true(default_fit):
    diffs = check.NEW_POINT - default_fit.means_
    right = np.sqrt(np.einsum("kd,kde,ke->k", diffs, default_fit.precisions_, diffs))
    feedback = check.mahalanobis_distances(right, default_fit)
    assert feedback and "standard deviations" not in feedback.message
    nearest = int(np.argmin(right))
    whitened = np.linalg.solve(np.linalg.cholesky(default_fit.covariances_[nearest]),
                               diffs[nearest])
    assert f"{np.linalg.norm(whitened):.2f} from its mean" in feedback.message
    bound = float(feedback.message.split("at distance ")[1].split(" or more")[0])
    assert np.all(np.delete(right, nearest) >= bound)


def test_rounded_means_are_told_so(from_start):
    feedback = check.means_from_start(np.round(from_start.means_, 2))
    assert not feedback and "rounded to 2 decimal places" in feedback.message
