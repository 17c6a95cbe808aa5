"""Checks for the exercises of notebook 03 · EM in one dimension.

The exercises start from :func:`exercise_start`: the tutorial's 60 points and a
three-component start. Each check recomputes the right answer with the package and
recognises the common wrong ones.
"""

import numpy as np
from scipy.stats import norm

from gmm_lesson.datasets import tutorial_1d
from gmm_lesson.em import e_step
from gmm_lesson.em import log_likelihood as _log_likelihood
from gmm_lesson.em import m_step as _m_step
from gmm_lesson.exercises import array_feedback, correct, not_answered, wrong

__all__ = ["exercise_start", "log_likelihood", "m_step", "responsibilities"]


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


def _expected_resp():
    x, weights, means, variances = exercise_start()
    return np.exp(e_step(x[:, np.newaxis], weights, *_package_form(means, variances))[1])


def _normalised(joint):
    return joint / joint.sum(axis=1, keepdims=True)


def responsibilities(resp):
    """Check the responsibilities of the exercise start, shape (60, 3)."""
    unanswered = not_answered(resp, "the responsibilities, an array of shape (60, 3)")
    if unanswered is not None:
        return unanswered
    x, weights, means, variances = exercise_start()
    densities = norm.pdf(x[:, np.newaxis], loc=means, scale=np.sqrt(variances))
    resp_array = np.asarray(resp, dtype=np.float64)
    if resp_array.shape == (60, 3) and np.all(np.isfinite(resp_array)):
        if np.allclose(resp_array.sum(axis=0), 1.0) and not np.allclose(resp_array.sum(axis=1), 1.0):
            return wrong("each column sums to one: you normalised over the points. Normalise each "
                         "row instead, over the components: `joint / joint.sum(axis=1, keepdims=True)`.")
        if not np.allclose(resp_array.sum(axis=1), 1.0):
            return wrong("the rows do not sum to one. A responsibility is a probability over the "
                         "components: divide each row by its sum (axis=1, keepdims=True).")
    return array_feedback(resp, _expected_resp(), "the responsibilities", mistakes=[
        (_normalised(densities),
         "these are the responsibilities WITHOUT the mixing weights: multiply each density by "
         "its weight pi_k before normalising."),
        (_normalised(weights * norm.pdf(x[:, np.newaxis], loc=means, scale=variances)),
         "scipy's `norm` takes the standard deviation as `scale`, and you passed the variance: "
         "use `scale=np.sqrt(variances)`."),
    ])


def m_step(weights, means, variances):
    """Check the M-step from the exercise start's responsibilities: three arrays of shape (3,)."""
    for answer, name in ((weights, "weights"), (means, "means"), (variances, "variances")):
        unanswered = not_answered(answer, f"the new {name}, an array of shape (3,)")
        if unanswered is not None:
            return unanswered
    x, _, old_means, _ = exercise_start()
    resp = _expected_resp()
    new_weights, new_means, new_covariances = _m_step(x[:, np.newaxis], resp, reg_covar=0.0)
    new_means, new_variances = new_means[:, 0], new_covariances[:, 0, 0]
    nk = resp.sum(axis=0)
    n = len(x)
    squares_new = (resp * (x[:, np.newaxis] - new_means) ** 2).sum(axis=0)
    squares_old = (resp * (x[:, np.newaxis] - old_means) ** 2).sum(axis=0)
    feedback = array_feedback(weights, new_weights, "the weights", mistakes=[
        (nk, "these are the soft counts N_k, which sum to N = 60: divide them by N to get weights "
             "that sum to one."),
        (nk / 3, "you divided by the number of components; divide the soft counts by the number "
                 "of points N so the weights sum to one."),
    ])
    if not feedback:
        return feedback
    feedback = array_feedback(means, new_means, "the means", mistakes=[
        ((resp * x[:, np.newaxis]).sum(axis=0) / n,
         "you divided by N; a component's mean divides by its own soft count N_k."),
        ((resp * x[:, np.newaxis]).sum(axis=0),
         "the weighted sum still has to be divided by the soft count N_k."),
    ])
    if not feedback:
        return feedback
    feedback = array_feedback(variances, new_variances, "the variances", mistakes=[
        (squares_old / nk, "you measured the spread around the OLD means: use the means you "
                           "just updated."),
        (squares_new, "the weighted sum of squares still has to be divided by N_k (a known "
                      "misprint of this formula drops the 1/N_k)."),
        (squares_new / n, "you divided by N; divide by the component's soft count N_k."),
        (np.sqrt(squares_new / nk), "these are standard deviations; the M-step asks for "
                                    "variances (do not take the square root)."),
    ])
    if not feedback:
        return feedback
    return correct("weights, means and variances are all right: that is one M-step.")


def log_likelihood(value):
    """Check the total log-likelihood of the exercise start (a float)."""
    unanswered = not_answered(value, "the total log-likelihood, one number")
    if unanswered is not None:
        return unanswered
    try:
        value = float(value)
    except (TypeError, ValueError):
        return wrong(f"expected one number, got {type(value).__name__}; `np.sum(...)` gives one.")
    x, weights, means, variances = exercise_start()
    expected = _log_likelihood(x[:, np.newaxis], weights, *_package_form(means, variances))
    joint = weights * norm.pdf(x[:, np.newaxis], loc=means, scale=np.sqrt(variances))
    mistakes = [
        (np.log(joint.sum()), "this is the log of one grand total over all points. The "
                              "log-likelihood sums, over the points, the log of each point's "
                              "mixture density: `np.sum(np.log(joint.sum(axis=1)))`."),
        (expected / len(x), "this is the mean per point (what scikit-learn calls lower_bound_); "
                            "the total sums over the points."),
        (np.sum(np.log(norm.pdf(x[:, np.newaxis], loc=means, scale=np.sqrt(variances)).sum(axis=1))),
         "the mixing weights are missing: multiply each density by pi_k before summing over k."),
    ]
    if np.isclose(value, expected, rtol=1e-9):
        return correct(f"the log-likelihood is {expected:.4f}.")
    for mistake, hint in mistakes:
        if np.isclose(value, mistake, rtol=1e-9):
            return wrong(hint)
    return wrong(f"got {value:.6g}; the log-likelihood of this start is not that. Compute each "
                 "point's mixture density sum_k pi_k N(x_i | mu_k, var_k), take logs, then sum.")
