"""The checks of notebook 08 accept the right answers and explain the common wrong ones."""

import numpy as np
import pytest

import gmm_lesson as gl
from gmm_lesson import datasets
from gmm_lesson.exercises import lesson08 as check

ERUPTIONS = datasets.old_faithful()
GEYSER = gl.GaussianMixture(2, random_state=0).fit(ERUPTIONS)
# The named points are given in the opposite order to the components, so that naming
# component k after the k-th known point is a detectable mistake.
KNOWN = np.array([[4.5, 80.0], [2.0, 55.0]])
NAMES = ["long", "short"]
COMPONENT_OF = GEYSER.predict_proba(KNOWN).argmax(axis=1)
BY_COMPONENT = np.empty(2, dtype=object)
BY_COMPONENT[COMPONENT_OF] = NAMES
LABELS = BY_COMPONENT[GEYSER.predict(ERUPTIONS)].astype(str)
LOG_DENSITY = GEYSER.score_samples(ERUPTIONS)
X_NEW = np.array([[3.0, 70.0], [2.5, 75.0], [4.0, 60.0]])
DENSITIES = np.exp(gl.log_gaussian_density(X_NEW, GEYSER.means_, GEYSER.covariances_))
JOINT = GEYSER.weights_ * DENSITIES
RESP = JOINT / JOINT.sum(axis=1, keepdims=True)


def test_the_known_points_are_not_in_component_order():
    assert COMPONENT_OF.tolist() == [1, 0]


def test_unanswered_exercises_say_so():
    for feedback in (check.cluster_labels(..., GEYSER, ERUPTIONS, KNOWN, NAMES),
                     check.anomaly_threshold(..., GEYSER, ERUPTIONS, 5),
                     check.sample_fractions(..., GEYSER, 2000),
                     check.memberships(..., GEYSER, X_NEW)):
        assert not feedback and not feedback.answered and "replace `...`" in feedback.message


def test_right_answers_pass():
    assert check.cluster_labels(LABELS, GEYSER, ERUPTIONS, KNOWN, NAMES)
    assert check.cluster_labels(list(LABELS), GEYSER, ERUPTIONS, KNOWN, NAMES)
    assert check.anomaly_threshold(np.percentile(LOG_DENSITY, 5), GEYSER, ERUPTIONS, 5)
    _, components = GEYSER.sample(2000)
    assert check.sample_fractions(np.bincount(components, minlength=2) / 2000, GEYSER, 2000)
    assert check.memberships(RESP, GEYSER, X_NEW)


@pytest.mark.parametrize(("answer", "hint"), [
    (np.array(NAMES, dtype=object)[GEYSER.predict(ERUPTIONS)], "not in component order"),
    (BY_COMPONENT, "one per component"),
    (GEYSER.predict(ERUPTIONS), "numbers"),
    (LABELS[:100], "shape (272,)"),
    (np.where(np.arange(272) < 10, "long", LABELS), "wrong name"),
])
def test_label_mistakes_get_their_hint(answer, hint):
    feedback = check.cluster_labels(answer, GEYSER, ERUPTIONS, KNOWN, NAMES)
    assert not feedback and hint in feedback.message


def test_a_mislabelled_component_is_named():
    swapped = np.where(LABELS == "long", "short", "short")
    feedback = check.cluster_labels(swapped, GEYSER, ERUPTIONS, KNOWN, NAMES)
    assert not feedback and "should all be called 'long'" in feedback.message


def test_two_known_points_in_one_component_is_refused():
    with pytest.raises(ValueError, match="same component"):
        check.cluster_labels(LABELS, GEYSER, ERUPTIONS, np.array([[4.5, 80.0], [4.4, 81.0]]), NAMES)


@pytest.mark.parametrize(("answer", "hint"), [
    (np.percentile(LOG_DENSITY, 95), "LOW density"),
    (np.percentile(np.exp(LOG_DENSITY), 5), "percentile of the densities"),
    (np.exp(np.percentile(LOG_DENSITY, 5)), "exp of the threshold"),
    (np.percentile(GEYSER.predict_proba(ERUPTIONS).max(axis=1), 5), "membership probabilities"),
    (np.percentile(LOG_DENSITY, 0.05), "takes a percentage"),
    (np.percentile(-LOG_DENSITY, 5), "-log p(x)"),
    (GEYSER.score(ERUPTIONS), "mean log-density"),
    (-3.0, "got -3"),
    ("low", "expected one number"),
])
def test_threshold_mistakes_get_their_hint(answer, hint):
    feedback = check.anomaly_threshold(answer, GEYSER, ERUPTIONS, 5)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (np.bincount(GEYSER.sample(2000)[1], minlength=2), "these are counts"),
    (GEYSER.sample(2000)[1], "one value per sample"),
    (GEYSER.weights_, "exactly the mixing weights"),
    (np.array([0.5, 0.6]), "add up to 1.1"),
    (np.array([0.5, 0.5]), "component 0 got a fraction of 0.500"),
    (np.array([0.3, 0.3, 0.4]), "shape (2,)"),
])
def test_sample_fraction_mistakes_get_their_hint(answer, hint):
    feedback = check.sample_fractions(answer, GEYSER, 2000)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize("seed", range(5))
def test_honest_samples_pass_whatever_the_seed(seed):
    model = gl.GaussianMixture(2, random_state=seed).fit(ERUPTIONS)
    _, components = model.sample(2000)
    assert check.sample_fractions(np.bincount(components, minlength=2) / 2000, model, 2000)


@pytest.mark.parametrize(("answer", "hint"), [
    (DENSITIES / DENSITIES.sum(axis=1, keepdims=True), "WITHOUT the mixing weights"),
    (DENSITIES / DENSITIES.sum(), "grand total"),
    (JOINT / JOINT.sum(), "grand total"),
    (JOINT / JOINT.sum(axis=0), "normalised over the points"),
    (JOINT, "rows do not sum to one"),
    (RESP.T, "transposed"),
])
def test_membership_mistakes_get_their_hint(answer, hint):
    feedback = check.memberships(answer, GEYSER, X_NEW)
    assert not feedback and hint in feedback.message
