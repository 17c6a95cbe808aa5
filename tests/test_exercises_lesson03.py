"""The checks of notebook 03 accept the right answers and explain the common wrong ones."""

import numpy as np
import pytest
from scipy.stats import norm

from gmm_lesson.exercises import lesson03 as check

X, WEIGHTS, MEANS, VARIANCES = check.exercise_start()
DENSITIES = norm.pdf(X[:, None], loc=MEANS, scale=np.sqrt(VARIANCES))
JOINT = WEIGHTS * DENSITIES
RESP = JOINT / JOINT.sum(axis=1, keepdims=True)
NK = RESP.sum(axis=0)
NEW_MEANS = (RESP * X[:, None]).sum(axis=0) / NK
NEW_VARIANCES = (RESP * (X[:, None] - NEW_MEANS) ** 2).sum(axis=0) / NK


def test_unanswered_exercises_say_so():
    for feedback in (check.responsibilities(...), check.m_step(..., ..., ...),
                     check.log_likelihood(...)):
        assert not feedback and not feedback.answered and "replace `...`" in feedback.message
        assert repr(feedback).startswith("Not answered yet: ")


def test_right_answers_pass():
    assert check.responsibilities(RESP)
    assert check.m_step(NK / len(X), NEW_MEANS, NEW_VARIANCES)
    assert check.log_likelihood(np.sum(np.log(JOINT.sum(axis=1))))


@pytest.mark.parametrize(("resp", "hint"), [
    (DENSITIES / DENSITIES.sum(axis=1, keepdims=True), "WITHOUT the mixing weights"),
    (JOINT, "rows do not sum to one"),
    (JOINT / JOINT.sum(axis=0), "normalised over the points"),
    (RESP.T, "transposed"),
    (RESP[:, 0], "shape (60,)"),
    (_ := (lambda d: d / d.sum(axis=1, keepdims=True))(WEIGHTS * norm.pdf(X[:, None], MEANS, VARIANCES)),
     "standard deviation as `scale`"),
])
def test_responsibility_mistakes_get_their_hint(resp, hint):
    feedback = check.responsibilities(resp)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    ((NK, NEW_MEANS, NEW_VARIANCES), "soft counts N_k"),
    ((NK / 3, NEW_MEANS, NEW_VARIANCES), "number of components"),
    ((NK / 60, (RESP * X[:, None]).sum(axis=0) / 60, NEW_VARIANCES), "divided by N"),
    ((NK / 60, NEW_MEANS, (RESP * (X[:, None] - MEANS) ** 2).sum(axis=0) / NK), "OLD means"),
    ((NK / 60, NEW_MEANS, NEW_VARIANCES * NK), "1/N_k"),
    ((NK / 60, NEW_MEANS, np.sqrt(NEW_VARIANCES)), "standard deviations"),
])
def test_m_step_mistakes_get_their_hint(answer, hint):
    feedback = check.m_step(*answer)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("value", "hint"), [
    (np.log(JOINT.sum()), "grand total"),
    (np.sum(np.log(JOINT.sum(axis=1))) / 60, "mean per point"),
    (np.sum(np.log(DENSITIES.sum(axis=1))), "mixing weights are missing"),
    (-1.0, "got -1"),
    ("a lot", "expected one number"),
])
def test_log_likelihood_mistakes_get_their_hint(value, hint):
    feedback = check.log_likelihood(value)
    assert not feedback and hint in feedback.message
