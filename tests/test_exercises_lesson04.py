"""The checks of notebook 04 accept the right answers and explain the common wrong ones."""

import numpy as np
import pytest

import gmm_lesson as gl
from gmm_lesson.exercises import lesson04 as check

X, RESP, MODEL, LLS = check.exercise_problem()
R, NK = RESP[:, 0], RESP[:, 0].sum()
MEAN = R @ X / NK
DIFF = X - MEAN
COV = (R * DIFF.T) @ DIFF / NK
JOINT = MODEL.weights * np.exp(
    gl.log_gaussian_density(check.NEW_POINTS, MODEL.means, MODEL.covariances))
PROBA = JOINT / JOINT.sum(axis=1, keepdims=True)


def test_unanswered_exercises_say_so():
    for feedback in (check.covariance(...), check.membership(...), check.stopping_iteration(...)):
        assert not feedback and not feedback.answered


def test_right_answers_pass():
    assert check.covariance(COV)
    assert check.membership(PROBA)
    n = int(np.argmax(np.diff(LLS) / len(X) < check.TOL)) + 1
    assert check.stopping_iteration(n)
    assert check.stopping_iteration(n) and not check.stopping_iteration(n + 1)


@pytest.mark.parametrize(("answer", "hint"), [
    (float(np.sum(R * np.einsum("nd,nd->n", DIFF, DIFF)) / NK), "outer product"),
    ((R * DIFF.T) @ DIFF, "divided by the soft count"),
    ((R * DIFF.T) @ DIFF / len(X), "you divided by N"),
    (np.cov(X.T, bias=True), "all the points"),
    (COV.ravel(), "reshape"),
])
def test_covariance_mistakes_get_their_hint(answer, hint):
    feedback = check.covariance(answer)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (JOINT / MODEL.weights / (JOINT / MODEL.weights).sum(axis=1, keepdims=True),
     "weights are missing"),
    (JOINT / JOINT.sum(axis=0), "normalised over the points"),
    (JOINT, "not probabilities"),
])
def test_membership_mistakes_get_their_hint(answer, hint):
    feedback = check.membership(answer)
    assert not feedback and hint in feedback.message


def test_stopping_mistakes_get_their_hint():
    n = int(np.argmax(np.diff(LLS) / len(X) < check.TOL)) + 1
    assert "one too early" in check.stopping_iteration(n - 1).message
    on_totals = int(np.argmax(np.diff(LLS) < check.TOL)) + 1
    assert on_totals != n
    assert "TOTAL" in check.stopping_iteration(on_totals).message


@pytest.mark.parametrize(("answer", "hint"), [
    (None, "got None"),
    (float(np.sum(R * np.einsum("nd,nd->n", DIFF, DIFF)) / NK), "inner product"),
    (3.0, "got one number"),
    (NK, "soft count N_0"),
    (DIFF.T @ DIFF / NK, "needs its weight r_i0"),
    ((R * DIFF.T) @ DIFF / (NK - 1), "N_0 - 1"),
    (np.cov(X.T, aweights=R), "aweights"),
    (gl.m_step(X, RESP, reg_covar=0.0)[2], "take [0]"),
    (np.round(COV, 2), "rounded to 2 decimal places"),
])
def test_covariance_more_slips(answer, hint):
    feedback = check.covariance(answer)
    assert not feedback and hint in feedback.message
    if answer is None:
        assert "single number" not in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (np.log(PROBA), "log-probabilities"),
    (np.eye(3)[PROBA.argmax(axis=1)], "hard 0/1"),
    (PROBA.argmax(axis=1), "most probable components"),
    (JOINT / JOINT.sum(), "all the points at once"),
    (PROBA.T, "transposed"),
])
def test_membership_more_slips(answer, hint):
    feedback = check.membership(answer)
    assert not feedback and hint in feedback.message


def test_stopping_more_slips():
    per_point = np.diff(LLS) / len(X)
    n = int(np.argmax(per_point < check.TOL)) + 1
    assert "one too late" in check.stopping_iteration(n + 1).message
    assert "an improvement, not an iteration" in check.stopping_iteration(per_point[n - 1]).message
    assert "improvements of every iteration" in check.stopping_iteration(per_point).message
    assert "length of the run" in check.stopping_iteration(len(LLS) - 1).message
    assert check.stopping_iteration(float(n))
    assert "remove the quotes" in check.stopping_iteration(str(n)).message


def test_stopping_success_names_the_first_small_improvement():
    per_point = np.diff(LLS) / len(X)
    n = int(np.argmax(per_point < check.TOL)) + 1
    assert per_point[n - 2] >= check.TOL > per_point[n - 1]
    message = check.stopping_iteration(n).message
    assert f"iteration {n} is the first" in message and f"{per_point[n - 1]:.2g}" in message
