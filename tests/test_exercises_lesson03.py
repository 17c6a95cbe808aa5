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
    (np.log(RESP), "log-responsibilities"),
    ((lambda j: j / j.sum(axis=1, keepdims=True))(WEIGHTS[::-1] * DENSITIES), "reverse order"),
    (_ := (lambda d: d / d.sum(axis=1, keepdims=True))(
        WEIGHTS * norm.pdf(X[:, None], MEANS, VARIANCES)),
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
    ((NEW_MEANS, NK / 60, NEW_VARIANCES), "(weights, means, variances)"),
    ((NK / 60, NEW_VARIANCES, NEW_MEANS), "(weights, means, variances)"),
    ((RESP.sum(axis=1), NEW_MEANS, NEW_VARIANCES), "over the components (axis=1)"),
    ((NK / 60, np.full(3, X.mean()), NEW_VARIANCES), "plain average"),
    ((NK / 60, NEW_MEANS, (RESP * np.abs(X[:, None] - NEW_MEANS)).sum(axis=0) / NK),
     "absolute deviations"),
    ((np.round(NK / 60, 2), NEW_MEANS, NEW_VARIANCES), "rounded to 2 decimal places"),
])
def test_m_step_mistakes_get_their_hint(answer, hint):
    feedback = check.m_step(*answer)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("value", "hint"), [
    (np.log(JOINT.sum()), "grand total"),
    (np.sum(np.log(JOINT.sum(axis=1))) / 60, "mean per point"),
    (np.sum(np.log(DENSITIES.sum(axis=1))), "mixing weights are missing"),
    (-1.0, "got -1"),
    ("a lot", "the text 'a lot'"),
    (np.sum(np.log(JOINT)), "log of every term"),
    (np.sum(np.log(JOINT.sum(axis=0))), "runs over the points (axis=0)"),
    (np.sum(np.log10(JOINT.sum(axis=1))), "np.log10"),
    (np.sum(np.log((WEIGHTS * norm.pdf(X[:, None], MEANS, VARIANCES)).sum(axis=1))), "`scale`"),
    (-np.sum(np.log(JOINT.sum(axis=1))), "sign is flipped"),
    (np.log(JOINT.sum(axis=1)), "one per point"),
    (round(float(np.sum(np.log(JOINT.sum(axis=1)))), 2), "rounded to 2 decimal places"),
])
def test_log_likelihood_mistakes_get_their_hint(value, hint):
    feedback = check.log_likelihood(value)
    assert not feedback and hint in feedback.message


def m_step_of(resp):
    nk = resp.sum(axis=0)
    means = (resp * X[:, None]).sum(axis=0) / nk
    return nk / len(X), means, (resp * (X[:, None] - means) ** 2).sum(axis=0) / nk


# Exercise-1 answer with a slip: the weights left out.
RESP_NO_WEIGHTS = DENSITIES / DENSITIES.sum(axis=1, keepdims=True)


def test_the_fixed_responsibilities_are_the_right_ones():
    assert np.allclose(check.exercise_responsibilities(), RESP, rtol=0, atol=1e-12)
    assert check.responsibilities(check.exercise_responsibilities())


def test_m_step_is_judged_from_the_responsibilities_passed():
    assert not check.responsibilities(RESP_NO_WEIGHTS)
    feedback = check.m_step(*m_step_of(RESP_NO_WEIGHTS), resp=RESP_NO_WEIGHTS)
    assert feedback and "right M-step for the `resp` you passed" in feedback.message
    assert "not yet the right ones" in feedback.message
    assert check.m_step(NK / 60, NEW_MEANS, NEW_VARIANCES, resp=RESP)
    assert check.m_step(NK / 60, NEW_MEANS, NEW_VARIANCES, resp=check.exercise_responsibilities())


def test_an_m_step_slip_is_named_whatever_the_responsibilities():
    weights, means, _ = m_step_of(RESP_NO_WEIGHTS)
    around_old = ((RESP_NO_WEIGHTS * (X[:, None] - MEANS) ** 2).sum(axis=0)
                  / RESP_NO_WEIGHTS.sum(axis=0))
    feedback = check.m_step(weights, means, around_old, resp=RESP_NO_WEIGHTS)
    assert not feedback and "OLD means" in feedback.message and "see exercise 1" in feedback.message


def test_an_m_step_from_other_responsibilities_than_those_passed_is_explained():
    feedback = check.m_step(NK / 60, NEW_MEANS, NEW_VARIANCES, resp=RESP_NO_WEIGHTS)
    assert not feedback and "not the `resp` you passed" in feedback.message


@pytest.mark.parametrize(("resp", "hint"), [
    (JOINT, "rows do not sum to one"),
    (RESP.T, "got shape (3, 60)"),
    (-RESP, "some are negative"),
    ("resp_ex", "the text 'resp_ex'"),
    (np.full((60, 3), np.nan), "NaN or infinity"),
])
def test_invalid_responsibilities_passed_to_the_m_step_are_refused(resp, hint):
    feedback = check.m_step(NK / 60, NEW_MEANS, NEW_VARIANCES, resp=resp)
    assert not feedback and hint in feedback.message
    assert "check.exercise_responsibilities()" in feedback.message


def test_a_wrong_m_step_without_resp_says_how_to_pass_them():
    feedback = check.m_step(NK, NEW_MEANS, NEW_VARIANCES)
    assert not feedback and "resp=resp_ex" in feedback.message


def test_a_wrong_array_is_named_without_a_verb_that_must_agree_with_it():
    # "the new weights differs" read badly: the name is followed by a colon instead.
    resp = check.exercise_responsibilities()
    feedback = check.m_step([0.5, 0.3, 0.2], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], resp=resp)
    assert not feedback
    assert "the new weights, shape (3,): not the expected values" in feedback.message
    assert "differs" not in feedback.message
