"""The checks of notebook 06 accept the right answers and explain the common wrong ones."""

import numpy as np
import pytest
from scipy.special import logsumexp as scipy_logsumexp
from scipy.stats import multivariate_normal

import gmm_lesson as gl
from gmm_lesson.exercises import lesson06 as check

X, WEIGHTS, MEANS, COVARIANCES = check.exercise_data()
LOG_DENS = gl.log_gaussian_density(X, MEANS, COVARIANCES)
LOG_JOINT = LOG_DENS + np.log(WEIGHTS)
LOG_RESP = LOG_JOINT - scipy_logsumexp(LOG_JOINT, axis=1, keepdims=True)


def stable(a, axis):
    largest = np.max(a, axis=axis, keepdims=True)
    return np.squeeze(largest, axis=axis) + np.log(np.sum(np.exp(a - largest), axis=axis))


def test_unanswered_exercises_say_so():
    def stub(a, axis):
        result = ...
        return result

    for feedback in (check.logsumexp(...), check.logsumexp(stub),
                     check.stable_responsibilities(...), check.accumulating_line(...)):
        assert not feedback and not feedback.answered and "replace `...`" in feedback.message


def test_right_answers_pass():
    assert check.logsumexp(stable)
    assert check.logsumexp(scipy_logsumexp)
    assert check.stable_responsibilities(np.exp(LOG_RESP))
    assert check.accumulating_line(6)
    assert check.accumulating_line(np.int64(6))
    assert check.accumulating_line(6.0)


def naive(a, axis):
    return np.log(np.sum(np.exp(a), axis=axis))


def global_max(a, axis):
    largest = np.max(a)
    return largest + np.log(np.sum(np.exp(a - largest), axis=axis))


def no_add_back(a, axis):
    largest = np.max(a, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(a - largest), axis=axis))


def wrong_axis(a, axis):
    largest = np.max(a, axis=0, keepdims=True)
    return np.squeeze(largest, axis=0) + np.log(np.sum(np.exp(a - largest), axis=0))


def ignores_axis(a, axis):
    return stable(a, 1)


def keeps_axis(a, axis):
    largest = np.max(a, axis=axis, keepdims=True)
    return largest + np.log(np.sum(np.exp(a - largest), axis=axis, keepdims=True))


def whole_array(a, axis):
    largest = np.max(a)
    return largest + np.log(np.sum(np.exp(a - largest)))


def in_place(a, axis):
    largest = np.max(a, axis=axis, keepdims=True)
    a -= largest
    return np.squeeze(largest, axis=axis) + np.log(np.sum(np.exp(a), axis=axis))


def no_axis_argument(a):
    return stable(a, 1)


def overflow_only(a, axis):
    # Shifted by a fixed constant, not by the maximum: the small row is rescued,
    # the large one still overflows.
    return np.log(np.sum(np.exp(a + 1000.0), axis=axis)) - 1000.0


@pytest.mark.parametrize(("func", "hint"), [
    (naive, "overflow"),
    (overflow_only, "overflow"),
    (global_max, "ONE maximum for the whole array"),
    (no_add_back, "forgot to add the maximum back"),
    (wrong_axis, "summed over axis 0"),
    (ignores_axis, "ignores its `axis` argument"),
    (keeps_axis, "summed axis is still there"),
    (whole_array, "whole array"),
    (in_place, "changed the array it was given"),
    (no_axis_argument, "argument named `axis`"),
    (stable(np.zeros((2, 2)), 1), "the function itself"),
])
def test_logsumexp_mistakes_get_their_hint(func, hint):
    with np.errstate(all="ignore"):
        feedback = check.logsumexp(func)
    assert not feedback and feedback.answered and hint in feedback.message


def test_underflow_alone_is_named():
    def underflows(a, axis):
        # Right for large values, but lets the small ones underflow.
        with np.errstate(all="ignore"):
            result = np.log(np.sum(np.exp(a - 1000.0), axis=axis)) + 1000.0
        return result

    feedback = check.logsumexp(underflows)
    assert not feedback and "underflow" in feedback.message and "-inf" in feedback.message


def test_a_function_that_raises_is_reported():
    def broken(a, axis):
        raise ZeroDivisionError("oops")

    feedback = check.logsumexp(broken)
    assert not feedback and "ZeroDivisionError: oops" in feedback.message


def test_the_naive_probability_space_e_step_gives_nan_on_the_far_point():
    with np.errstate(all="ignore"):
        densities = np.column_stack([
            w * multivariate_normal(m, c).pdf(X)
            for w, m, c in zip(WEIGHTS, MEANS, COVARIANCES, strict=True)
        ])
        naive_resp = densities / densities.sum(axis=1, keepdims=True)
    assert np.all(densities[-1] == 0) and np.all(np.isnan(naive_resp[-1]))
    feedback = check.stable_responsibilities(naive_resp)
    assert not feedback and "row(s) [5]" in feedback.message and "log space" in feedback.message


def normalised(log_values, axis):
    return np.exp(log_values - scipy_logsumexp(log_values, axis=axis, keepdims=True))


@pytest.mark.parametrize(("resp", "hint"), [
    (LOG_RESP, "log-responsibilities"),
    (normalised(LOG_DENS, 1), "WITHOUT the mixing weights"),
    (normalised(LOG_JOINT, 0), "normalised over the points"),
    (np.exp(LOG_RESP).T, "transposed"),
    (np.exp(LOG_RESP)[:, 0], "shape (6,)"),
])
def test_responsibility_mistakes_get_their_hint(resp, hint):
    feedback = check.stable_responsibilities(resp)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("line", "hint"), [
    (5, "second name"),
    (8, "new array made on line 3"),
    (18, "exactly once per M-step"),
    (17, "fresh covariance"),
    (12, "does not touch a covariance"),
    (0, "1 to 19"),
    ("6", "remove the quotes"),
    (6.5, "a whole number"),
    (-6, "1 to 19"),
])
def test_line_mistakes_get_their_hint(line, hint):
    feedback = check.accumulating_line(line)
    assert not feedback and hint in feedback.message


def test_the_snippet_really_accumulates_on_line_6():
    # Run the snippet: e_step changes the caller's covariances, m_step does not.
    namespace = {"np": np, "multivariate_normal": multivariate_normal,
                 "logsumexp": scipy_logsumexp}
    exec(check.REGULARISER_SNIPPET, namespace)
    lines = check.REGULARISER_SNIPPET.splitlines()
    assert lines[5].strip().startswith("cov +=")
    covariances = COVARIANCES.copy()
    for _ in range(3):
        log_resp = namespace["e_step"](X[:5], WEIGHTS, MEANS, covariances, 0.5)
    assert np.allclose(covariances - COVARIANCES, 1.5 * np.eye(2))
    resp = np.exp(log_resp)
    _, _, first = namespace["m_step"](X[:5], resp, 0.5)
    _, _, again = namespace["m_step"](X[:5], resp, 0.5)
    assert np.allclose(first, again)


def shifted_by(statistic):
    def logsumexp(a, axis):
        shift = statistic(a, axis=axis, keepdims=True)
        return np.squeeze(shift, axis=axis) + np.log(np.sum(np.exp(a - shift), axis=axis))
    return logsumexp


def min_shift(a, axis):
    return shifted_by(np.min)(a, axis)


def test_a_shift_by_the_minimum_is_right_on_rows_that_differ_by_one():
    # Why the check also tries [0, -1000]: on rows like [-1000, -1001] and [1000, 999]
    # the minimum is as good a shift as the maximum.
    rows = np.array([[-1000.0, -1001.0], [1000.0, 999.0]])
    assert np.allclose(min_shift(rows, 1), scipy_logsumexp(rows, axis=1))
    with np.errstate(all="ignore"):
        assert np.isinf(min_shift(np.array([[0.0, -1000.0]]), 1)[0])


def log10_version(a, axis):
    largest = np.max(a, axis=axis, keepdims=True)
    return np.squeeze(largest, axis=axis) + np.log10(np.sum(np.exp(a - largest), axis=axis))


def no_keepdims(a, axis):
    largest = np.max(a, axis=axis)
    return largest + np.log(np.sum(np.exp(a - largest), axis=axis))


def returns_nothing(a, axis):
    stable(a, axis)


@pytest.mark.parametrize(("func", "hint"), [
    (min_shift, "MINIMUM"),
    (shifted_by(np.mean), "MEAN"),
    (shifted_by(lambda a, axis, keepdims: np.max(np.abs(a), axis=axis, keepdims=keepdims)),
     "ABSOLUTE"),
    (log10_version, "np.log10"),
    (no_keepdims, "keepdims=True"),
    (returns_nothing, "returned None"),
    (lambda a, axis: "result", "not numbers"),
])
def test_more_logsumexp_slips_get_their_hint(func, hint):
    with np.errstate(all="ignore"):
        feedback = check.logsumexp(func)
    assert not feedback and hint in feedback.message


def resp_with(logsumexp):
    with np.errstate(all="ignore"):
        return np.exp(LOG_JOINT - logsumexp(LOG_JOINT, axis=1)[:, np.newaxis])


def test_a_broken_logsumexp_is_told_apart_from_a_broken_e_step():
    theirs = resp_with(naive)
    assert np.all(np.isinf(theirs[-1]))
    feedback = check.stable_responsibilities(theirs, logsumexp=naive)
    assert not feedback and "your E-step is right, but the logsumexp" in feedback.message
    assert "overflow" in feedback.message
    feedback = check.stable_responsibilities(resp_with(no_add_back), logsumexp=no_add_back)
    assert not feedback and "your E-step is right" in feedback.message


def test_without_the_function_a_broken_logsumexp_is_still_recognised():
    feedback = check.stable_responsibilities(resp_with(naive))
    assert not feedback and "without subtracting the maximum" in feedback.message
    assert "one maximum for the whole array" in feedback.message
    assert "logsumexp=logsumexp" in feedback.message
    feedback = check.stable_responsibilities(resp_with(no_add_back))
    assert not feedback and "forgets to add the maximum back" in feedback.message


def test_a_right_e_step_with_a_right_function_passes():
    assert check.stable_responsibilities(resp_with(stable), logsumexp=stable)
    assert check.stable_responsibilities(resp_with(min_shift))


def test_right_responsibilities_pass_with_a_note_on_a_broken_function():
    feedback = check.stable_responsibilities(np.exp(LOG_RESP), logsumexp=naive)
    assert feedback and "not right yet" in feedback.message
    feedback = check.stable_responsibilities(np.exp(LOG_RESP), logsumexp="logsumexp")
    assert feedback and "expected a function" in feedback.message


def test_an_e_step_slip_with_a_broken_function_names_both():
    no_weights = normalised(LOG_DENS, 1)
    feedback = check.stable_responsibilities(no_weights, logsumexp=naive)
    assert not feedback and "WITHOUT the mixing weights" in feedback.message
    assert "not right yet either" in feedback.message


def test_nan_rows_with_a_right_function_blame_probability_space():
    with np.errstate(all="ignore"):
        densities = np.exp(LOG_JOINT)
        naive_resp = densities / densities.sum(axis=1, keepdims=True)
    feedback = check.stable_responsibilities(naive_resp, logsumexp=stable)
    assert not feedback and "0 / 0 is NaN" in feedback.message


@pytest.mark.parametrize(("resp", "hint"), [
    (normalised(LOG_DENS + WEIGHTS, 1), "weights themselves"),
    (normalised(LOG_DENS * WEIGHTS, 1), "multiplied the log densities"),
    (np.exp(LOG_JOINT - scipy_logsumexp(LOG_JOINT)), "whole array"),
    (np.exp(LOG_JOINT), "not yet normalised"),
    (np.round(np.exp(LOG_RESP), 3), "rounded to 3 decimal places"),
])
def test_more_e_step_slips_get_their_hint(resp, hint):
    feedback = check.stable_responsibilities(resp)
    assert not feedback and hint in feedback.message


def test_a_broken_normalisation_despite_a_right_function_says_to_use_it():
    feedback = check.stable_responsibilities(resp_with(no_add_back), logsumexp=stable)
    assert not feedback and "did not normalise with the logsumexp you passed" in feedback.message
