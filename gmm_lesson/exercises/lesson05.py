"""Checks for the exercises of notebook 05 · Why EM works: the lower bound."""

from functools import lru_cache

import numpy as np

from gmm_lesson.datasets import mml_example
from gmm_lesson.em import MixtureState, kl_gap, lower_bound, m_step
from gmm_lesson.exercises import (
    Feedback,
    agrees,
    correct,
    graded,
    matches,
    number,
    rounding_feedback,
    texts,
    wrong,
)

__all__ = [
    "after_m_step",
    "bound_after_e_step",
    "bound_even_split",
    "exercise_start",
    "gap_even_split",
    "m_step_prediction",
]

_WORDS = ("up", "down", "same")


@lru_cache(maxsize=1)
def _problem():
    example = mml_example()
    X = example.X
    start = MixtureState.from_parameters(example.weights_init, example.means_init,
                                         example.covariances_init)
    even = np.full((X.shape[0], start.n_components), 1 / start.n_components)
    resp = start.responsibilities(X)
    after = MixtureState.from_parameters(*m_step(X, resp, reg_covar=0.0))
    return X, start, even, resp, after


def exercise_start():
    """The worked example's data and start, as the exercises use them.

    Returns
    -------
    X : ndarray of shape (7, 1)
    start : MixtureState
        Weights 1/3, means -4, 0, 8, variances 1, 0.2, 3.
    """
    X, start, _, _, _ = _problem()
    return X.copy(), start


def _log_joint(X, state):
    from gmm_lesson.gaussian import log_gaussian_density

    return np.log(state.weights) + log_gaussian_density(X, state.means, state.covariances)


def _judge(answer, expected, name, mistakes=()):
    """Feedback on one number: right, a rounded copy, a known mistake, or wrong."""
    value, feedback = number(answer, name)
    if feedback is not None:
        return feedback
    if agrees(value, expected):
        return correct(f"{name} is {expected:.4f}.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    for target, hint in mistakes:
        if matches(value, target):
            return wrong(f"{value:g}: {hint}")
    return wrong(f"{value:g} is not {name}. Compute it from the formula term by term; the "
                 "package's lower_bound and kl_gap give the same numbers for a q you choose.")


@graded
def bound_even_split(answer):
    """Check the lower bound at the start for the even split q = 1/3.

    Parameters
    ----------
    answer : float
        :math:`\\mathcal{L}(q, \\theta)` with every :math:`q_{ik} = 1/3`, at the start.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    X, start, even, resp, _ = _problem()
    log_joint = _log_joint(X, start)
    expected = lower_bound(X, even, start)
    return _judge(answer, expected, "the bound of the even split", mistakes=[
        (np.sum(even * log_joint),
         "you left out the -log q_ik term (the entropy of q): each term is "
         "q_ik [log pi_k + log N(x_i | k) - log q_ik]."),
        (np.sum(even * (log_joint + np.log(even))),
         "the last term is MINUS log q_ik: L = sum q_ik [log pi_k + log N - log q_ik]."),
        (np.sum(log_joint - np.log(even)),
         "each term is weighted by q_ik = 1/3; you summed them unweighted."),
        (start.log_likelihood(X),
         "that is the log-likelihood; the even split is not the posterior, so its bound "
         "lies below it."),
        (lower_bound(X, resp, start),
         "that is the bound for the responsibilities; this exercise takes q_ik = 1/3."),
    ])


@graded
def gap_even_split(answer):
    """Check the gap KL(q || r) at the start for the even split q = 1/3.

    Parameters
    ----------
    answer : float
        :math:`\\sum_i \\sum_k q_{ik} \\log (q_{ik} / r_{ik})` with every
        :math:`q_{ik} = 1/3`.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    X, start, even, resp, _ = _problem()
    expected = kl_gap(X, even, start)
    held = resp > 0
    reverse = np.sum(resp[held] * np.log(resp[held] / even[held]))
    return _judge(answer, expected, "the gap of the even split", mistakes=[
        (-expected, "the gap is never negative: it is sum q log(q / r), not sum q log(r / q)."),
        (reverse, "that is KL(r || q), the other way round; the gap is KL(q || r) = "
                  "sum q_ik log(q_ik / r_ik)."),
        (expected / X.shape[0], "that is the gap per point; the exercise asks for the sum over "
                                "the seven points."),
    ])


@graded
def bound_after_e_step(answer):
    """Check the lower bound at the start for q = the responsibilities.

    Parameters
    ----------
    answer : float
        :math:`\\mathcal{L}(r, \\theta)` at the start.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint. Right means
        equal to the log-likelihood at the start: the E-step closes the gap.
    """
    X, start, even, resp, _ = _problem()
    log_joint = _log_joint(X, start)
    expected = lower_bound(X, resp, start)
    feedback = _judge(answer, expected, "the bound after the E-step", mistakes=[
        (np.sum(resp * log_joint),
         "you left out the -log q_ik term (the entropy of q)."),
        (lower_bound(X, even, start),
         "that is the even split's bound; this exercise takes q = the responsibilities."),
    ])
    if feedback.passed:
        return correct(f"{expected:.4f}. It equals the log-likelihood at the start, "
                       f"{start.log_likelihood(X):.2f}: the E-step closed the gap, KL = 0.")
    return feedback


@graded
def m_step_prediction(answer):
    """Check a prediction of what one M-step does, with q held at the responsibilities.

    Parameters
    ----------
    answer : sequence of three str
        For the bound, the gap and the log-likelihood, in that order: "up", "down" or
        "same".

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = 'three words, each "up", "down" or "same", for the bound, the gap and the ' \
           "log-likelihood"
    if isinstance(answer, (list, tuple)) and any(word is Ellipsis for word in answer):
        return Feedback(False, f"not answered yet: replace each `...` with {what}.",
                        answered=False)
    words, feedback = texts(answer, what)
    if feedback is not None:
        return feedback
    if words.size and all(isinstance(word, (str, np.str_)) for word in words.ravel()):
        words = [str(word).strip().lower() for word in words.ravel()]
    elif words.size and all(isinstance(word, (bytes, np.bytes_)) for word in words.ravel()):
        words = [bytes(word).decode("utf-8", "replace").strip().lower()
                 for word in words.ravel()]
    elif words.size == 0:
        return wrong(f"expected {what}, got none.")
    else:
        return wrong(f"expected {what}, got something other than words (numbers?).")
    if len(words) != 3:
        return wrong(f"expected {what}; got {len(words)} word(s).")
    unknown = [word for word in words if word not in _WORDS]
    if unknown:
        return wrong(f'expected {what}; {unknown[0]!r} is not one of "up", "down", "same".')
    bound, gap, log_likelihood = words
    if bound != "up":
        return wrong("the bound: the M-step maximises L(q, theta) over theta with q held, so "
                     "it cannot go down, and here it goes up (the start is not a maximiser).")
    if gap != "up":
        return wrong("the gap: it was 0 after the E-step, and a KL divergence is never "
                     "negative; once the parameters move, q is no longer their posterior.")
    if log_likelihood != "up":
        return wrong("the log-likelihood is the bound plus the gap, and both went up.")
    return correct("the bound rises (the M-step maximised it), a gap opens (q is no longer "
                   "the posterior), and the log-likelihood, their sum, rises by at least as "
                   "much as the bound.")


@graded
def after_m_step(bound, gap):
    """Check the bound and the gap after one M-step, with q held at the responsibilities.

    Parameters
    ----------
    bound : float
        :math:`\\mathcal{L}(q, \\theta^{new})`.
    gap : float
        :math:`\\mathrm{KL}(q \\,\\|\\, r(\\theta^{new}))`.

    Returns
    -------
    Feedback
        Whether both are right and, if not, what is wrong and a hint.
    """
    X, start, even, resp, after = _problem()
    expected_bound, expected_gap = lower_bound(X, resp, after), kl_gap(X, resp, after)
    new_resp = after.responsibilities(X)
    feedback = _judge(bound, expected_bound, "the bound after the M-step", mistakes=[
        (after.log_likelihood(X), "that is the new log-likelihood, the bound PLUS the gap; "
                                  "the bound keeps q at the old responsibilities."),
        (lower_bound(X, new_resp, after), "with q set to the NEW responsibilities that would be "
                                          "the next E-step; hold q at the old ones."),
        (lower_bound(X, resp, start), "that is the bound before the M-step: use the new "
                                      "parameters, after_m."),
        (expected_gap, "that is the gap: pass the bound first, then the gap."),
    ])
    if not feedback.passed:
        return feedback
    feedback = _judge(gap, expected_gap, "the gap after the M-step", mistakes=[
        (0.0, "the gap is zero only when q is the posterior of the parameters; after the "
              "M-step it no longer is."),
        (-expected_gap, "the gap is never negative: sum q log(q / r)."),
    ])
    if not feedback.passed:
        return feedback
    return correct(
        f"bound {expected_bound:.2f}, gap {expected_gap:.2f}: together the new "
        f"log-likelihood {after.log_likelihood(X):.2f}. The bound rose by "
        f"{expected_bound - start.log_likelihood(X):.2f}, the log-likelihood by "
        f"{after.log_likelihood(X) - start.log_likelihood(X):.2f}: at least as much.")
