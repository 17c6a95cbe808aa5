"""The checks of notebook 09 accept the right answers and explain the common wrong ones."""

import copy

import numpy as np
import pytest

import gmm_lesson as gl
from gmm_lesson import datasets
from gmm_lesson.exercises import lesson09 as check

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


def test_two_known_points_in_one_component_are_explained():
    feedback = check.cluster_labels(LABELS, GEYSER, ERUPTIONS, np.array([[4.5, 80.0], [4.4, 81.0]]),
                                    NAMES)
    assert not feedback and "both belong most to component" in feedback.message


def test_known_points_and_names_of_different_lengths_are_explained():
    feedback = check.cluster_labels(LABELS, GEYSER, ERUPTIONS, KNOWN, NAMES + ["medium"])
    assert not feedback and "2 known points but 3 names" in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (np.percentile(LOG_DENSITY, 95), "LOW density"),
    (np.percentile(np.exp(LOG_DENSITY), 5), "percentile of the densities"),
    (np.exp(np.percentile(LOG_DENSITY, 5)), "exp of the threshold"),
    (np.percentile(GEYSER.predict_proba(ERUPTIONS).max(axis=1), 5), "membership probabilities"),
    (np.percentile(LOG_DENSITY, 0.05), "takes a percentage"),
    (np.percentile(-LOG_DENSITY, 5), "-log p(x)"),
    (GEYSER.score(ERUPTIONS), "mean log-density"),
    (-3.0, "got -3"),
    ("low", "the text 'low'"),
    (np.percentile(LOG_DENSITY, 5, method="lower"), "method='lower'"),
    (np.percentile(LOG_DENSITY / np.log(10), 5), "base-10"),
    (round(np.percentile(LOG_DENSITY, 5), 2), "The check needs"),
    (LOG_DENSITY[:3], "`np.percentile(..., q)` of a 1D array gives one"),
])
def test_threshold_mistakes_get_their_hint(answer, hint):
    feedback = check.anomaly_threshold(answer, GEYSER, ERUPTIONS, 5)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (np.bincount(GEYSER.sample(2000)[1], minlength=2), "these are counts"),
    (GEYSER.sample(2000)[1], "one value per sample"),
    (GEYSER.weights_, "mixing weights `weights_`"),
    (np.round(GEYSER.weights_, 2), "rounded to 2 decimal places"),
    (np.round(GEYSER.weights_, 3), "rounded to 3 decimal places"),
    (GEYSER.weights_ + [1e-4, -1e-4], "not fractions of 2000 draws"),
    (np.bincount(GEYSER.predict(ERUPTIONS), minlength=2) / len(ERUPTIONS),
     "count `model.predict` on the data"),
    (np.array([0.5, 0.6]), "add up to 1.1"),
    (np.array([0.5, 0.5]), "not of the draws `model.sample(2000)` makes"),
    (np.array([0.3, 0.3, 0.4]), "shape (2,)"),
])
def test_sample_fraction_mistakes_get_their_hint(answer, hint):
    feedback = check.sample_fractions(answer, GEYSER, 2000)
    assert not feedback and hint in feedback.message


def test_components_found_again_with_predict_are_named():
    # On the geyser the two clusters barely overlap, so predict finds the drawn components
    # again; with three overlapping components it does not.
    model = gl.GaussianMixture(3, random_state=0).fit(ERUPTIONS)
    X_sampled, components = model.sample(2000)
    again = np.bincount(model.predict(X_sampled), minlength=3)
    assert not np.array_equal(again, np.bincount(components, minlength=3))
    feedback = check.sample_fractions(again / 2000, model, 2000)
    assert not feedback and "assigned the sampled points to components again" in feedback.message


def geyser_drawing_from(random_state):
    model = copy.deepcopy(GEYSER)
    model.random_state = random_state
    return model


@pytest.mark.parametrize("seed", range(5))
def test_draws_the_check_cannot_repeat_are_judged_by_the_sampling_noise(seed):
    # A generator as random_state: every call draws anew, so the check cannot draw the
    # learner's sample again; the generator is seeded only to keep the test repeatable.
    model = geyser_drawing_from(np.random.RandomState(seed))
    _, components = model.sample(2000)
    fractions = np.bincount(components, minlength=2) / 2000
    assert not np.allclose(fractions, np.round(model.weights_, 3))
    assert check.sample_fractions(fractions, model, 2000)


def test_without_repeatable_draws_far_or_rounded_fractions_are_explained():
    model = geyser_drawing_from(None)
    feedback = check.sample_fractions(np.array([0.5, 0.5]), model, 2000)
    assert not feedback and "component 0 got a fraction of 0.500" in feedback.message
    feedback = check.sample_fractions(np.round(model.weights_, 2), model, 2000)
    assert not feedback and "by chance (probability" in feedback.message


def test_a_generator_random_state_is_not_advanced_by_the_check():
    model = copy.deepcopy(GEYSER)
    model.random_state = np.random.RandomState(3)
    before = model.random_state.get_state()[1].copy()
    check.sample_fractions(np.array([0.35, 0.65]), model, 2000)
    assert np.array_equal(model.random_state.get_state()[1], before)


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
    (np.log(RESP), "log-probabilities"),
    (RESP.argmax(axis=1), "most probable components"),
    (np.eye(2)[RESP.argmax(axis=1)], "hard 0/1"),
    ([[0.5, 0.5], [1.0]], "ragged"),
    (np.round(RESP, 2), "rounded to 2 decimal places"),
])
def test_membership_mistakes_get_their_hint(answer, hint):
    feedback = check.memberships(answer, GEYSER, X_NEW)
    assert not feedback and hint in feedback.message


def test_component_numbers_as_text_are_named():
    feedback = check.cluster_labels(GEYSER.predict(ERUPTIONS).astype(str), GEYSER, ERUPTIONS,
                                    KNOWN, NAMES)
    assert not feedback and "component numbers written as text" in feedback.message


@pytest.mark.parametrize(("call", "hint"), [
    (lambda: check.anomaly_threshold(-6.5, GEYSER, ERUPTIONS, percent="5"), "cannot judge"),
    (lambda: check.sample_fractions(np.array([0.35, 0.65]), GEYSER, n_samples=0), "cannot judge"),
    (lambda: check.memberships(RESP, GEYSER, [1.0, 2.0]), "cannot judge"),
    (lambda: check.cluster_labels(LABELS, GEYSER, ERUPTIONS, "points", NAMES), "cannot use"),
])
def test_unusable_setup_is_explained(call, hint):
    feedback = call()
    assert not feedback and hint in feedback.message
