"""The checks of notebook 05 accept the right answers and explain the common wrong ones."""

import numpy as np
import pytest
from scipy.stats import norm

import gmm_lesson as gl
from gmm_lesson.exercises import lesson05 as check

X, START = check.exercise_start()
# The bound and the gap written out with scipy's densities, independently of the package.
LOG_JOINT = np.log(START.weights) + np.column_stack([
    norm(mean, np.sqrt(variance)).logpdf(X[:, 0])
    for mean, variance in zip(START.means[:, 0], START.covariances[:, 0, 0], strict=True)])
LOG_P = np.logaddexp.reduce(LOG_JOINT, axis=1)
RESP = np.exp(LOG_JOINT - LOG_P[:, None])
EVEN = np.full((7, 3), 1 / 3)


def _bound(q, log_joint):
    held = q > 0
    return np.sum(q[held] * (log_joint[held] - np.log(q[held])))


BOUND_EVEN = _bound(EVEN, LOG_JOINT)
GAP_EVEN = np.sum(EVEN * (np.log(EVEN) - np.log(RESP)))
AFTER = gl.MixtureState.from_parameters(*gl.m_step(X, RESP, reg_covar=0.0))
LOG_JOINT_AFTER = np.log(AFTER.weights) + np.column_stack([
    norm(mean, np.sqrt(variance)).logpdf(X[:, 0])
    for mean, variance in zip(AFTER.means[:, 0], AFTER.covariances[:, 0, 0], strict=True)])
BOUND_AFTER = _bound(RESP, LOG_JOINT_AFTER)
GAP_AFTER = np.logaddexp.reduce(LOG_JOINT_AFTER, axis=1).sum() - BOUND_AFTER


def test_the_numbers_are_the_worked_example():
    # The published log-likelihood at the start, and the split adding up to it.
    assert round(LOG_P.sum(), 2) == -28.33
    assert BOUND_EVEN + GAP_EVEN == pytest.approx(LOG_P.sum(), rel=1e-12)
    assert BOUND_AFTER < BOUND_AFTER + GAP_AFTER and GAP_AFTER > 0


def test_unanswered_exercises_say_so():
    for feedback in (check.bound_even_split(...), check.gap_even_split(...),
                     check.bound_after_e_step(...), check.m_step_prediction(...),
                     check.m_step_prediction([..., ..., ...]),
                     check.after_m_step(..., ...)):
        assert not feedback and not feedback.answered, feedback


def test_right_answers_pass():
    assert check.bound_even_split(BOUND_EVEN)
    assert check.gap_even_split(GAP_EVEN)
    assert check.bound_after_e_step(_bound(RESP, LOG_JOINT))
    assert check.m_step_prediction(["up", "up", "up"])
    assert check.m_step_prediction(("Up", " up", "UP "))
    assert check.after_m_step(BOUND_AFTER, GAP_AFTER)


@pytest.mark.parametrize(("answer", "hint"), [
    (np.sum(EVEN * LOG_JOINT), "left out the -log q_ik"),
    (np.sum(EVEN * (LOG_JOINT + np.log(EVEN))), "MINUS log q_ik"),
    (LOG_P.sum(), "that is the log-likelihood"),
    (round(BOUND_EVEN, 2), "decimal"),
])
def test_bound_even_split_mistakes_get_their_hint(answer, hint):
    feedback = check.bound_even_split(answer)
    assert not feedback and hint in feedback.message, feedback


@pytest.mark.parametrize(("answer", "hint"), [
    (-GAP_EVEN, "never negative"),
    (GAP_EVEN / 7, "per point"),
])
def test_gap_even_split_mistakes_get_their_hint(answer, hint):
    feedback = check.gap_even_split(answer)
    assert not feedback and hint in feedback.message, feedback


def test_the_bound_after_the_e_step_is_the_log_likelihood():
    feedback = check.bound_after_e_step(LOG_P.sum())
    assert feedback and "closed the gap" in feedback.message
    assert not check.bound_after_e_step(np.sum(RESP * LOG_JOINT))
    assert not check.bound_after_e_step(BOUND_EVEN)


@pytest.mark.parametrize(("answer", "hint"), [
    (["same", "up", "up"], "cannot go down"),
    (["up", "same", "up"], "never negative"),
    (["up", "down", "up"], "never negative"),
    (["up", "up", "down"], "both went up"),
    (["up", "up"], "got 2 word"),
    (["up", "up", "sideways"], "'sideways' is not one of"),
    ([1, 1, 1], "numbers"),
    ([], "got none"),
    ("up up up", "one piece of text"),
])
def test_wrong_predictions_are_explained(answer, hint):
    feedback = check.m_step_prediction(answer)
    assert not feedback and hint in feedback.message, feedback


@pytest.mark.parametrize(("bound", "gap", "hint"), [
    (BOUND_AFTER + GAP_AFTER, GAP_AFTER, "the new log-likelihood"),
    (LOG_P.sum(), GAP_AFTER, "before the M-step"),
    (BOUND_AFTER, 0.0, "no longer is"),
    (BOUND_AFTER, -GAP_AFTER, "never negative"),
])
def test_after_m_step_mistakes_get_their_hint(bound, gap, hint):
    feedback = check.after_m_step(bound, gap)
    assert not feedback and hint in feedback.message, feedback


def test_words_of_any_string_type_are_read():
    assert check.m_step_prediction(np.array(["up", "up", "up"], dtype=object))
    assert check.m_step_prediction(np.array([b"up", b"up", b"up"]))


def test_the_bound_and_the_gap_swapped_are_told_so():
    feedback = check.after_m_step(GAP_AFTER, BOUND_AFTER)
    assert not feedback and "bound first" in feedback.message
