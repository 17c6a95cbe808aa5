"""Checks for the exercises of notebook 03 · EM in one dimension.

The exercises start from :func:`exercise_start`: the tutorial's 60 points and a
three-component start. Each check recomputes the right answer with the package and
recognises the common wrong ones.

The M-step of exercise 2 is judged against the responsibilities the learner passes
(``resp=``), so that a slip in exercise 1 is not reported as an M-step error;
:func:`exercise_responsibilities` gives the right ones to anyone stuck on exercise 1.
"""

import numpy as np
from scipy.stats import norm

from gmm_lesson.datasets import tutorial_1d
from gmm_lesson.em import e_step
from gmm_lesson.em import log_likelihood as _log_likelihood
from gmm_lesson.em import m_step as _m_step
from gmm_lesson.exercises import (
    agrees,
    array,
    array_feedback,
    correct,
    describe,
    graded,
    matches,
    not_answered,
    number,
    pair,
    rounding_feedback,
    wrong,
)

__all__ = [
    "exercise_responsibilities",
    "exercise_start",
    "log_likelihood",
    "m_step",
    "responsibilities",
]

_RESP_NAME = "the responsibilities, an array of shape (60, 3)"


def exercise_start():
    """Data and a start for the exercises.

    Returns
    -------
    x : ndarray of shape (60,)
        The tutorial's 1D data as a flat array.
    weights, means, variances : ndarray of shape (3,)
    """
    x = tutorial_1d()[:, 0]
    return x, np.array([0.5, 0.3, 0.2]), np.array([-8.0, 2.0, 9.0]), np.array([4.0, 9.0, 2.0])


def _package_form(means, variances):
    return means[:, np.newaxis], variances[:, np.newaxis, np.newaxis]


def exercise_responsibilities():
    """The right responsibilities of the exercise start, for exercise 2.

    Returns
    -------
    resp : ndarray of shape (60, 3)
        Each row sums to one.
    """
    x, weights, means, variances = exercise_start()
    return np.exp(e_step(x[:, np.newaxis], weights, *_package_form(means, variances))[1])


def _normalised(joint):
    return joint / joint.sum(axis=1, keepdims=True)


def _row_sums_feedback(resp):
    """``Feedback`` if the rows of a (60, 3) array are not probabilities, else None."""
    if np.allclose(resp.sum(axis=0), 1.0) and not np.allclose(resp.sum(axis=1), 1.0):
        return wrong("each column sums to one: you normalised over the points. "
                     "Normalise each row instead, over the components: "
                     "`joint / joint.sum(axis=1, keepdims=True)`.")
    if not np.allclose(resp.sum(axis=1), 1.0):
        return wrong("the rows do not sum to one. A responsibility is a probability "
                     "over the components: divide each row by its sum (axis=1, keepdims=True).")
    return None


@graded
def responsibilities(resp):
    """Check the responsibilities of the exercise start.

    Parameters
    ----------
    resp : array-like of shape (60, 3)
        ``resp[i, k]``, the probability that point ``i`` of :func:`exercise_start`
        belongs to component ``k`` under the start's weights, means and variances;
        each row sums to one.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    answer, feedback = array(resp, _RESP_NAME)
    if feedback is not None:
        return feedback
    x, weights, means, variances = exercise_start()
    densities = norm.pdf(x[:, np.newaxis], loc=means, scale=np.sqrt(variances))
    expected = exercise_responsibilities()
    if answer.shape == expected.shape and np.all(np.isfinite(answer)):
        if np.all(answer <= 0) and agrees(np.exp(answer), expected):
            return wrong("these are the log-responsibilities: take np.exp of them.")
        rows = _row_sums_feedback(answer)
        if rows is not None:
            return rows
    return array_feedback(answer, expected, _RESP_NAME, mistakes=[
        (_normalised(densities),
         "these are the responsibilities WITHOUT the mixing weights: multiply each density by "
         "its weight pi_k before normalising."),
        (_normalised(weights * norm.pdf(x[:, np.newaxis], loc=means, scale=variances)),
         "scipy's `norm` takes the standard deviation as `scale`, and you passed the variance: "
         "use `scale=np.sqrt(variances)`."),
        (_normalised(weights[::-1] * densities),
         "the weights are in reverse order: weights[k] goes with means[k] and variances[k]."),
    ])


def _valid_resp(resp):
    """``(resp as an array, None)`` if it is valid responsibilities, else ``(None, reason)``."""
    answer, feedback = array(resp, _RESP_NAME)
    if feedback is not None or answer.ndim == 0:
        return None, f"got {describe(resp)}"
    if answer.shape != (60, 3):
        return None, f"got shape {answer.shape}"
    if not np.all(np.isfinite(answer)):
        return None, "they contain NaN or infinity"
    if np.any(answer < 0):
        return None, "some are negative"
    if not np.allclose(answer.sum(axis=1), 1.0, rtol=0, atol=1e-6):
        return None, "their rows do not sum to one"
    return answer, None


def _m_step_expected(x, resp):
    new_weights, new_means, new_covariances = _m_step(x[:, np.newaxis], resp, reg_covar=0.0)
    return new_weights, new_means[:, 0], new_covariances[:, 0, 0]


def _m_step_feedback(weights, means, variances, x, resp, old_means):
    """Judge the three arrays against the M-step from ``resp``: the first problem found."""
    new_weights, new_means, new_variances = _m_step_expected(x, resp)
    nk = resp.sum(axis=0)
    n = len(x)
    squares_new = (resp * (x[:, np.newaxis] - new_means) ** 2).sum(axis=0)
    squares_old = (resp * (x[:, np.newaxis] - old_means) ** 2).sum(axis=0)
    order = "the check takes them in the order (weights, means, variances)"
    feedback = array_feedback(weights, new_weights, "the new weights, shape (3,)", mistakes=[
        (nk, "these are the soft counts N_k, which sum to N = 60: divide them by N to get weights "
             "that sum to one."),
        (nk / 3, "you divided by the number of components; divide the soft counts by the number "
                 "of points N so the weights sum to one."),
        (resp.sum(axis=1) / 3, "you summed each row, over the components (axis=1): a soft count "
                               "sums a column, over the points (axis=0)."),
        (resp.sum(axis=1), "you summed each row, over the components (axis=1): a soft count "
                           "sums a column, over the points (axis=0)."),
        (new_means, f"these are the new means in the place of the weights: {order}."),
        (new_variances, f"these are the new variances in the place of the weights: {order}."),
    ])
    if not feedback:
        return feedback
    feedback = array_feedback(means, new_means, "the new means, shape (3,)", mistakes=[
        ((resp * x[:, np.newaxis]).sum(axis=0) / n,
         "you divided by N; a component's mean divides by its own soft count N_k."),
        ((resp * x[:, np.newaxis]).sum(axis=0),
         "the weighted sum still has to be divided by the soft count N_k."),
        (np.full(3, x.mean()), "every mean is the plain average of the data: weight each point "
                               "by its responsibility r_ik."),
        (new_weights, f"these are the new weights in the place of the means: {order}."),
        (new_variances, f"these are the new variances in the place of the means: {order}."),
    ])
    if not feedback:
        return feedback
    feedback = array_feedback(variances, new_variances, "the new variances, shape (3,)", mistakes=[
        (squares_old / nk, "you measured the spread around the OLD means: use the means you "
                           "just updated."),
        (squares_new, "the weighted sum of squares still has to be divided by N_k (a known "
                      "misprint of this formula drops the 1/N_k)."),
        (squares_new / n, "you divided by N; divide by the component's soft count N_k."),
        (np.sqrt(squares_new / nk), "these are standard deviations; the M-step asks for "
                                    "variances (do not take the square root)."),
        ((resp * np.abs(x[:, np.newaxis] - new_means)).sum(axis=0) / nk,
         "these are mean absolute deviations: square the differences, (x - mu_k)**2."),
        (new_weights, f"these are the new weights in the place of the variances: {order}."),
        (new_means, f"these are the new means in the place of the variances: {order}."),
    ])
    if not feedback:
        return feedback
    return correct("weights, means and variances are all right: that is one M-step.")


@graded
def m_step(weights, means, variances, resp=None):
    """Check one M-step: three arrays of shape (3,).

    Parameters
    ----------
    weights, means, variances : array-like of shape (3,)
        The learner's new weights, means and variances.
    resp : array-like of shape (60, 3), optional
        The responsibilities the M-step was computed from (exercise 1's answer). The
        M-step is judged against them, so that a mistake in exercise 1 does not show
        up here. Without them, the right responsibilities of the exercise start are
        used (:func:`exercise_responsibilities`).

    Returns
    -------
    Feedback
    """
    for answer, name in ((weights, "weights"), (means, "means"), (variances, "variances")):
        unanswered = not_answered(answer, f"the new {name}, an array of shape (3,)")
        if unanswered is not None:
            return unanswered
    x, _, old_means, _ = exercise_start()
    right_resp = exercise_responsibilities()
    if resp is None:
        feedback = _m_step_feedback(weights, means, variances, x, right_resp, old_means)
        if not feedback:
            return wrong(feedback.message + " (This judges your M-step from the right "
                         "responsibilities. If you computed it from your own, pass them: "
                         "check.m_step(..., resp=resp_ex).)")
        return feedback
    given, reason = _valid_resp(resp)
    if given is None:
        return wrong(f"the `resp` you passed are not valid responsibilities ({reason}): "
                     "expected an array of shape (60, 3), non-negative, each row summing to "
                     "one. Fix exercise 1 first, or judge this M-step with the right ones: "
                     "resp=check.exercise_responsibilities().")
    feedback = _m_step_feedback(weights, means, variances, x, given, old_means)
    same_resp = agrees(given, right_resp)
    if feedback:
        if same_resp:
            return feedback
        return correct("weights, means and variances are the right M-step for the `resp` you "
                       "passed. Those responsibilities are not yet the right ones for the "
                       "exercise start (see exercise 1), so these parameters differ from the "
                       "exercise's next step.")
    if same_resp:
        return feedback
    if _m_step_feedback(weights, means, variances, x, right_resp, old_means):
        return wrong("your M-step matches the right responsibilities of the exercise start, "
                     "not the `resp` you passed: pass the responsibilities you computed it "
                     "from.")
    return wrong(feedback.message + " (Judged from the `resp` you passed, which are not yet "
                 "the right responsibilities of the exercise start: see exercise 1.)")


@graded
def log_likelihood(value):
    """Check the total log-likelihood of the exercise start.

    Parameters
    ----------
    value : float
        The sum over the 60 points of the log of the start's mixture density there.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the total log-likelihood of the exercise start, one number"
    answer, _ = array(value, what)
    x, weights, means, variances = exercise_start()
    joint = weights * norm.pdf(x[:, np.newaxis], loc=means, scale=np.sqrt(variances))
    per_point = np.log(joint.sum(axis=1))
    if answer is not None and answer.shape == (len(x),) and agrees(answer, per_point):
        return wrong("these are the log-densities of the points, one per point: the "
                     "log-likelihood is their sum.")
    value, feedback = number(value, what)
    if feedback is not None:
        return feedback
    expected = _log_likelihood(x[:, np.newaxis], weights, *_package_form(means, variances))
    if agrees(value, expected):
        return correct(f"the log-likelihood is {expected:.4f}.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    scale_variance = weights * norm.pdf(x[:, np.newaxis], loc=means, scale=variances)
    mistakes = [
        (np.log(joint.sum()), "this is the log of one grand total over all points. The "
                              "log-likelihood sums, over the points, the log of each point's "
                              "mixture density: `np.sum(np.log(joint.sum(axis=1)))`."),
        (expected / len(x), "this is the mean per point (what scikit-learn calls lower_bound_); "
                            "the total sums over the points."),
        (np.sum(np.log(norm.pdf(x[:, np.newaxis], loc=means,
                                scale=np.sqrt(variances)).sum(axis=1))),
         "the mixing weights are missing: multiply each density by pi_k before summing over k."),
        (np.sum(np.log(joint)), "this sums the log of every term pi_k N(x_i | mu_k, var_k); "
                                "the log goes around each point's sum over k: "
                                "`np.sum(np.log(joint.sum(axis=1)))`."),
        (np.sum(np.log(joint.sum(axis=0))), "the sum inside the log runs over the points "
                                            "(axis=0); it runs over the components, axis=1."),
        (np.sum(np.log10(joint.sum(axis=1))), "this uses np.log10; the log-likelihood uses the "
                                              "natural log, np.log."),
        (np.sum(np.log(scale_variance.sum(axis=1))),
         "scipy's `norm` takes the standard deviation as `scale`, and you passed the variance: "
         "use `scale=np.sqrt(variances)`."),
        (-expected, "the sign is flipped: the log-likelihood is the sum of the logs of the "
                    "densities, here a negative number."),
    ]
    for mistake, hint in mistakes:
        if matches(value, mistake):
            return wrong(hint)
    got, _ = pair(value, expected)
    return wrong(f"got {got}, not {what}. Compute each point's mixture density "
                 "sum_k pi_k N(x_i | mu_k, var_k), take logs, then sum.")
