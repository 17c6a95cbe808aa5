"""The checks of notebook 07 accept the right answers and explain the common wrong ones."""

from types import SimpleNamespace

import numpy as np
import pytest

from gmm_lesson.exercises import lesson07 as check

KS = [1, 2, 3, 4, 5, 6, 7, 8]
BICS = [6215.9, 6128.0, 6043.4, 6073.0, 6106.5, 6134.1, 6168.2, 6198.0]
RUNS = [SimpleNamespace(lower_bound_=value)
        for value in (-6.065, -5.9393, -6.112, -5.9385, -6.051, -6.0)]


def test_unanswered_exercises_say_so():
    for feedback in (check.count_parameters(...), check.choose_k(..., KS, BICS),
                     check.best_run(..., RUNS)):
        assert not feedback and not feedback.answered and "replace `...`" in feedback.message


def test_right_answers_pass():
    # K = 4, D = 3, full: 3 weights + 12 mean coordinates + 4 * 6 covariance entries.
    assert check.count_parameters(39, n_components=4, n_features=3, covariance_type="full")
    assert check.count_parameters(np.int64(39))
    assert check.choose_k(3, KS, BICS)
    assert check.choose_k(np.int64(3), KS, BICS)
    assert check.best_run(RUNS[3], RUNS)


@pytest.mark.parametrize(("covariance_type", "expected"), [
    ("full", 39), ("tied", 21), ("diag", 27), ("spherical", 19),
])
def test_every_covariance_type_is_counted_as_the_package_counts(covariance_type, expected):
    assert check.count_parameters(expected, 4, 3, covariance_type)
    assert not check.count_parameters(expected + 5, 4, 3, covariance_type)


@pytest.mark.parametrize(("answer", "hint"), [
    (40, "you counted 4 weights"),
    (51, "all D² = 9 entries"),
    (52, "two slips"),
    (36, "mixing weights are missing"),
    (27, "means are missing"),
    (45, "is not the number of free parameters"),
    (39.5, "whole number"),
    ("39", "remove the quotes"),
    (float("nan"), "NaN"),
    (21, "covariance_type='tied'"),
    (44, "K and D are swapped"),
    (27, "D(D - 1)/2 = 3 entries off the diagonal"),
])
def test_parameter_count_mistakes_get_their_hint(answer, hint):
    feedback = check.count_parameters(answer, n_components=4, n_features=3, covariance_type="full")
    assert not feedback and hint in feedback.message


def test_a_tied_covariance_counted_per_component_is_explained():
    feedback = check.count_parameters(3 + 12 + 4 * 6, 4, 3, "tied")
    assert not feedback and "ONE covariance matrix" in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (1, "HIGHEST BIC"),           # ks[argmax]: K = 1 has the largest BIC
    (2, "position of the lowest"),  # argmin without looking it up in ks
    (0, "position of the HIGHEST"),
    (5, "K = 3 has a lower one"),
    (12, "not one of the candidates"),
    (6043.4, "BIC value"),
    ("three", "the text 'three'"),
    (6043, "BIC value"),
])
def test_choose_k_mistakes_get_their_hint(answer, hint):
    feedback = check.choose_k(answer, KS, BICS)
    assert not feedback and hint in feedback.message


def test_choose_k_explains_lists_of_different_lengths():
    feedback = check.choose_k(3, KS, BICS[:-1])
    assert not feedback and "same length" in feedback.message


@pytest.mark.parametrize(("ks", "bics"), [(KS, "bics"), (None, BICS), (KS, [[1, 2], [3]])])
def test_choose_k_explains_unusable_setup(ks, bics):
    feedback = check.choose_k(3, ks, bics)
    assert not feedback and "cannot judge" in feedback.message


def test_count_parameters_explains_unusable_setup():
    feedback = check.count_parameters(39, n_components="4")
    assert not feedback and "cannot judge" in feedback.message
    feedback = check.count_parameters(39, covariance_type="ful")
    assert not feedback and "covariance_type" in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (RUNS[2], "LOWEST lower_bound_"),
    (RUNS[1], "close to the best"),
    (RUNS[5], "but run 3 reached"),
    (3, "`runs[3]`"),
    (2, "position in the list"),
    (-5.937, "fitted model itself"),
    ("run 3", "expected one of the fitted models"),
    (RUNS, "pick one"),
    (SimpleNamespace(lower_bound_=-5.0), "not one of the runs"),
    (6043, "a number"),
])
def test_best_run_mistakes_get_their_hint(answer, hint):
    feedback = check.best_run(answer, RUNS)
    assert not feedback and hint in feedback.message


def test_best_run_explains_unusable_runs():
    feedback = check.best_run(RUNS[3], [1, 2, 3])
    assert not feedback and "cannot judge" in feedback.message
    feedback = check.best_run(RUNS[3], [])
    assert not feedback and "cannot judge" in feedback.message
