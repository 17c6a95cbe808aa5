"""Checks for the exercises of notebook 06 · When EM breaks.

1. :func:`logsumexp` -- the learner's own stable log-sum-exp, tried on rows whose
   exponentials overflow (``exp(1000)``) or underflow (``exp(-1000)``).
2. :func:`stable_responsibilities` -- responsibilities for :func:`exercise_data`,
   whose last point is so far away that every density underflows to zero; given the
   learner's ``logsumexp`` too, it tells a broken logsumexp from a broken E-step.
3. :func:`accumulating_line` -- which line of :data:`REGULARISER_SNIPPET` makes the
   regulariser pile up call after call.

Each check recomputes the right answer (with scipy or the package) and recognises
the common wrong ones.
"""

import numpy as np
from scipy.special import logsumexp as _scipy_logsumexp

from gmm_lesson.em import e_step
from gmm_lesson.exercises import (
    agrees,
    array,
    array_feedback,
    correct,
    describe,
    graded,
    integer,
    not_answered,
    pair,
    wrong,
)
from gmm_lesson.gaussian import log_gaussian_density

__all__ = [
    "REGULARISER_SNIPPET",
    "accumulating_line",
    "exercise_data",
    "logsumexp",
    "show_snippet",
    "stable_responsibilities",
]

# Rows chosen so that each classic slip shows: exp(-1000) underflows to 0, exp(1000)
# overflows to inf, a shift by the row's minimum overflows on [0, -1000], a shift by its
# mean on [1000, -1000], and rows 2 and 3 are ordinary.
_ROWS = np.array([[-1000.0, -1001.0], [1000.0, 999.0], [0.0, 0.0], [-1.0, 2.0],
                  [0.0, -1000.0], [1000.0, -1000.0]])


# --- 1. a stable log-sum-exp --------------------------------------------------------------


def _shifted(shift, log=np.log):
    """A log-sum-exp that subtracts ``shift(a, axis)`` and adds it back: the slips' shape."""
    def function(a, axis):
        offset = shift(a, axis)
        return np.squeeze(offset, axis=axis) + log(np.sum(np.exp(a - offset), axis=axis))
    return function


def _row_max(a, axis):
    return np.max(a, axis=axis, keepdims=True)


def _naive(a, axis):
    return np.log(np.sum(np.exp(a), axis=axis))


def _global_max(a, axis):
    largest = np.max(a)
    return largest + np.log(np.sum(np.exp(a - largest), axis=axis))


def _no_add_back(a, axis):
    return np.log(np.sum(np.exp(a - _row_max(a, axis)), axis=axis))


# Wrong versions of logsumexp, each with the hint for a function that behaves like it
# on _ROWS, and the slip in a few words for the E-step check.
_SLIPS = [
    (_naive,
     "overflow: for the row [1000, 999] you got inf, because exp(1000) is larger than the "
     "largest float (about 1.8e308). Subtract the row's maximum before exponentiating, then "
     "add it back after the log.",
     "exponentiates without subtracting the maximum"),
    (_shifted(lambda a, axis: np.min(a, axis=axis, keepdims=True)),
     "you subtracted each row's MINIMUM: [0, -1000] minus its minimum is [1000, 0], and "
     "exp(1000) overflows to inf. Subtract the maximum, so that the largest term is "
     "exp(0) = 1 and none can overflow.",
     "subtracts the row's minimum"),
    (_shifted(lambda a, axis: np.mean(a, axis=axis, keepdims=True)),
     "you subtracted each row's MEAN: [1000, -1000] minus its mean is itself, and exp(1000) "
     "overflows to inf. Subtract the maximum, so that the largest term is exp(0) = 1.",
     "subtracts the row's mean"),
    (_shifted(lambda a, axis: np.max(np.abs(a), axis=axis, keepdims=True)),
     "you subtracted the largest ABSOLUTE value: for [-1000, -1001] that is 1001, and "
     "exp(-2001) underflows to 0. Subtract the largest value itself, np.max(a, ...).",
     "subtracts the largest absolute value"),
    (_global_max,
     "for the row [-1000, -1001] you got -inf while the row [1000, 999] is right: you "
     "subtracted ONE maximum for the whole array (1000), and exp(-1000 - 1000) underflows to "
     "0. Subtract each row's own maximum: `np.max(a, axis=axis, keepdims=True)`.",
     "subtracts one maximum for the whole array"),
    (_no_add_back,
     "you forgot to add the maximum back: after `log(sum(exp(a - m)))`, add `m`, so that "
     "[-1000, -1001] gives {right:.4f}, not {slip:.4f}.",
     "forgets to add the maximum back"),
    (_shifted(_row_max, log=np.log10),
     "you took np.log10, the base-10 logarithm; log-sum-exp undoes np.exp, so it needs the "
     "natural log, np.log.",
     "takes np.log10 instead of np.log"),
]


def _same(answer, target):
    """Same shape, NaN and infinities in the same places, the finite values agreeing."""
    answer = np.asarray(answer, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if answer.shape != target.shape:
        return False
    for where in (np.isnan, np.isposinf, np.isneginf):
        if not np.array_equal(where(answer), where(target)):
            return False
    finite = np.isfinite(target)
    return agrees(answer[finite], target[finite])


def _call(func, a, axis):
    """Call the learner's function on a copy; return (result, error message, mutated)."""
    given = a.copy()
    call = f"calling `logsumexp(a, axis={axis})`"
    try:
        with np.errstate(all="ignore"):
            result = func(given, axis=axis)
    except TypeError as error:
        if "axis" in str(error):
            return None, (f"{call} failed ({error}): the function must take the array and an "
                          "argument named `axis`."), False
        return None, f"{call} raised TypeError: {error}", False
    except ValueError as error:
        if "broadcast" in str(error):
            return None, (f"{call} raised ValueError: {error}. The maximum you subtract needs "
                          "`keepdims=True`, so that it lines up with the rows of `a`."), False
        return None, f"{call} raised ValueError: {error}", False
    except Exception as error:  # the learner's code may raise anything
        return None, f"{call} raised {type(error).__name__}: {error}", False
    return result, None, not np.array_equal(given, a, equal_nan=True)


def _row_text(row):
    return "[" + ", ".join(f"{v:g}" for v in row) + "]"


def _result_array(result, what):
    """The learner's function's result as floats, or (None, Feedback)."""
    if result is None:
        return None, wrong("your function returned None: does it end with `return result`?")
    unanswered = not_answered(result, "your code inside the function (it still returns `...`)")
    if unanswered is not None:
        return None, unanswered
    values, feedback = array(result, what)
    if feedback is not None:
        return None, wrong("your function returned something that is not numbers: "
                           + feedback.message)
    return values, None


def _logsumexp_feedback(func):
    what = "a function `logsumexp(a, axis)`"
    unanswered = not_answered(func, what)
    if unanswered is not None:
        return unanswered
    if not callable(func):
        values, _ = array(func, what)
        called = values is not None and values.ndim >= 1 and values.size > 0
        hint = (": pass `logsumexp` without calling it, as in `check.logsumexp(logsumexp)`"
                if called else "")
        return wrong(f"expected {what}, the function itself, got {describe(func)}{hint}.")
    expected = _scipy_logsumexp(_ROWS, axis=1)
    result, error, mutated = _call(func, _ROWS, 1)
    if error:
        return wrong(error)
    result, feedback = _result_array(result, f"an array of shape {expected.shape}")
    if feedback is not None:
        return feedback
    if mutated:
        return wrong("your function changed the array it was given (an in-place `a -= ...`): "
                     "the caller's data must not change. Compute a new array instead, "
                     "`shifted = a - largest`.")
    n_rows = _ROWS.shape[0]
    if result.shape != expected.shape:
        if result.shape == (_ROWS.shape[1],):
            return wrong("the result has one value per column: you summed over axis 0. Sum "
                         "along the `axis` you were given, in both `np.max` and `np.sum`.")
        if result.shape == ():
            return wrong("the result is a single number: you summed over the whole array. "
                         "Pass `axis=axis` to `np.sum` (and to `np.max`).")
        if result.shape == (n_rows, 1):
            return wrong("the values may be right but the summed axis is still there, shape "
                         f"{result.shape}: use `keepdims=True` only for the maximum you subtract, "
                         f"and return a result of shape ({n_rows},) for a {_ROWS.shape} input.")
        return wrong(f"for an input of shape {_ROWS.shape} and axis=1 the result should have "
                     f"shape {expected.shape}, got {result.shape}.")
    if not _same(result, expected):
        for slip, hint, _ in _SLIPS:
            with np.errstate(all="ignore"):
                slip_result = slip(_ROWS, 1)
            if _same(result, slip_result):
                return wrong(hint.format(right=expected[0], slip=slip_result[0]))
        overflow = np.flatnonzero(np.isposinf(result))
        if overflow.size:
            row = _ROWS[overflow[0]]
            return wrong(f"overflow: for the row {_row_text(row)} you got inf, because "
                         f"exp({row.max():g}) or a larger term is beyond the largest float (about "
                         "1.8e308). Subtract the row's maximum before exponentiating, so that "
                         "the largest term is exp(0) = 1, then add it back after the log.")
        bad = np.flatnonzero(~np.isfinite(result))
        if bad.size:
            row = _ROWS[bad[0]]
            return wrong(f"underflow: for the row {_row_text(row)} you got {result[bad[0]]:g}, "
                         f"because exp({row.max():g}) is 0.0 in floating point and log(0) = "
                         "-inf (0/0 gives NaN). Subtract the row's maximum first, so the largest "
                         "term is exp(0) = 1.")
        worst = int(np.argmax(np.abs(result - expected)))
        got, want = pair(result[worst], expected[worst])
        return wrong(f"for the row {_row_text(_ROWS[worst])} you got {got}, expected {want} = "
                     "log(sum(exp(row))).")
    result_t, error, _ = _call(func, _ROWS.T, 0)
    if error:
        return wrong("right along axis=1, but on the transposed array along axis=0: " + error)
    result_t, feedback = _result_array(result_t, f"an array of shape {expected.shape}")
    if feedback is not None:
        return wrong("right along axis=1, but on the transposed array along axis=0: "
                     + feedback.message)
    if not _same(result_t, expected):
        shown = np.round(result_t, 4) if result_t.size <= 12 else f"shape {result_t.shape}"
        return wrong("right along axis=1, but on the transposed array `logsumexp(a.T, axis=0)` "
                     f"gives {shown} instead of {np.round(expected, 4)}: your function "
                     "ignores its `axis` argument somewhere. Use `axis=axis` in `np.max` and "
                     "`np.sum`.")
    return correct("your logsumexp survives exp(1000) and exp(-1000) and follows its axis: "
                   f"[-1000, -1001] gives {expected[0]:.4f} and [1000, 999] gives "
                   f"{expected[1]:.4f}.")


@graded
def logsumexp(func):
    """Check a function ``logsumexp(a, axis)`` that computes ``log(sum(exp(a), axis))`` stably.

    The function is called on rows such as ``[-1000, -1001]`` (whose exponentials
    underflow to 0), ``[1000, 999]`` (which overflow to inf), ``[0, -1000]`` and
    ``[1000, -1000]`` (where a shift by the row's minimum or mean overflows), along
    ``axis=1`` and, on the transposed array, along ``axis=0``.

    Parameters
    ----------
    func : callable
        The learner's ``logsumexp(a, axis)``, taking a 2D array and an axis and
        returning an array with that axis summed out.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    return _logsumexp_feedback(func)


# --- 2. responsibilities that survive a far point ----------------------------------------------


def exercise_data():
    """Five ordinary points, one far away, and a fitted-looking three-component mixture.

    Returns
    -------
    X : ndarray of shape (6, 2)
        Rows 0-4 lie among the clusters of ``datasets.stretched_blobs()``; row 5,
        (-70, 45), is so far from every component that all its densities underflow.
    weights : ndarray of shape (3,)
    means : ndarray of shape (3, 2)
    covariances : ndarray of shape (3, 2, 2)
    """
    X = np.array([[-15.0, -11.0], [6.0, -7.5], [-5.0, -9.5], [-10.0, -10.0], [0.5, -8.5],
                  [-70.0, 45.0]])
    weights = np.array([0.33, 0.33, 0.34])
    means = np.array([[-15.45, -10.9], [6.04, -7.62], [-4.81, -9.47]])
    covariances = np.array([[[9.5, 7.15], [7.15, 11.17]],
                            [[9.88, 7.16], [7.16, 13.05]],
                            [[9.2, 6.8], [6.8, 10.96]]])
    return X, weights, means, covariances


def _normalise_log(log_values, axis):
    return np.exp(log_values - _scipy_logsumexp(log_values, axis=axis, keepdims=True))


def _resp_with(func, log_joint):
    """Responsibilities normalised with ``func`` as logsumexp, or None if that fails."""
    result, error, _ = _call(func, log_joint, 1)
    if error:
        return None
    values, feedback = _result_array(result, "")
    if feedback is not None or values.shape != (log_joint.shape[0],):
        return None
    with np.errstate(all="ignore"):
        return np.exp(log_joint - values[:, np.newaxis])


def _e_step_feedback(answer, name, checked_function):
    """Judge responsibilities whose logsumexp is right or unknown."""
    X, weights, means, covariances = exercise_data()
    log_dens = log_gaussian_density(X, means, covariances)
    log_joint = log_dens + np.log(weights)
    log_resp = e_step(X, weights, means, covariances)[1]
    expected = np.exp(log_resp)
    pass_it = ("" if checked_function else ". Pass your function too, "
               "`check.stable_responsibilities(resp_ex, logsumexp=logsumexp)`, to have it "
               "checked first")
    if answer.shape == expected.shape:
        slips = []
        for slip, _, words in _SLIPS:
            with np.errstate(all="ignore"):
                slip_resp = np.exp(log_joint - slip(log_joint, 1)[:, np.newaxis])
            if not _same(slip_resp, expected) and _same(answer, slip_resp):
                slips.append(words)
        if slips:
            which = ("but it did not normalise with the logsumexp you passed, which is right: "
                     "use that one." if checked_function else "the logsumexp (exercise 1) is "
                     f"not. Fix it, or normalise with scipy.special.logsumexp{pass_it}.")
            return wrong(f"these are the responsibilities of a log-space E-step whose logsumexp "
                         f"{', or '.join(slips)}: the E-step is right, {which}")
        infinite = np.flatnonzero(np.any(np.isinf(answer), axis=1))
        if infinite.size:
            far = log_joint[infinite[0]].max()
            return wrong(f"row(s) {infinite.tolist()} are infinite: the log-sum-exp of such a row "
                         f"came out as -inf, and subtracting -inf gives +inf. All its log terms "
                         f"are at most {far:.0f}, and exp({far:.0f}) underflows to 0.0, so a "
                         "logsumexp that does not subtract each row's maximum returns "
                         f"log(0) = -inf there. Normalise with a stable logsumexp{pass_it}.")
        bad_rows = np.flatnonzero(~np.all(np.isfinite(answer), axis=1))
        if bad_rows.size:
            return wrong(f"row(s) {bad_rows.tolist()} contain NaN: every density of the far "
                         "point underflowed to 0, and 0 / 0 is NaN. Stay in log space: add "
                         "np.log(weights) to gl.log_gaussian_density(...), subtract each row's "
                         "log-sum-exp, and only then take np.exp.")
        if np.all(answer <= 0) and agrees(answer, log_resp):
            return wrong("these are the log-responsibilities: take np.exp of them, so that each "
                         "row sums to one.")
    with np.errstate(all="ignore"):
        not_normalised = np.exp(log_joint)
    return array_feedback(answer, expected, name, mistakes=[
        (_normalise_log(log_dens, axis=1),
         "these are the responsibilities WITHOUT the mixing weights: add np.log(weights) to the "
         "log densities before normalising."),
        (_normalise_log(log_dens + weights, axis=1),
         "you added the weights themselves to the log densities; add their logs, "
         "np.log(weights)."),
        (_normalise_log(log_dens * weights, axis=1),
         "you multiplied the log densities by the weights; in log space the weight is added: "
         "log_dens + np.log(weights)."),
        (_normalise_log(log_joint, axis=0),
         "each column sums to one: you normalised over the points. Normalise each row instead, "
         "over the components (axis=1)."),
        (log_joint - _scipy_logsumexp(log_joint, axis=0),
         "these are log values normalised over the points (axis=0): normalise over the "
         "components (axis=1), then take np.exp."),
        (np.exp(log_joint - _scipy_logsumexp(log_joint)),
         "you subtracted one log-sum-exp over the whole array: normalise each row on its own, "
         "`logsumexp(log_joint, axis=1)`."),
        (not_normalised,
         "these are the weighted densities exp(log_joint), not yet normalised: subtract each "
         "row's log-sum-exp before np.exp."),
    ])


@graded
def stable_responsibilities(resp, logsumexp=None):
    """Check the responsibilities of :func:`exercise_data`, shape (6, 3), rows summing to one.

    Parameters
    ----------
    resp : array-like of shape (6, 3)
    logsumexp : callable, optional
        The learner's function from exercise 1, if ``resp`` was normalised with it. It is
        checked first, so that a broken logsumexp is not reported as a broken E-step.

    Returns
    -------
    Feedback
    """
    name = "the responsibilities, an array of shape (6, 3)"
    answer, feedback = array(resp, name)
    if feedback is not None:
        return feedback
    if logsumexp is None:
        return _e_step_feedback(answer, name, checked_function=False)
    function_feedback = _logsumexp_feedback(logsumexp)
    if function_feedback:
        return _e_step_feedback(answer, name, checked_function=True)
    X, weights, means, covariances = exercise_data()
    log_joint = log_gaussian_density(X, means, covariances) + np.log(weights)
    expected = np.exp(e_step(X, weights, means, covariances)[1])
    problem = function_feedback.message
    if agrees(answer, expected):
        return correct(f"you have {name}. Your logsumexp from exercise 1 is not right yet, "
                       f"though: {problem}")
    theirs = _resp_with(logsumexp, log_joint) if callable(logsumexp) else None
    if theirs is not None and _same(answer, theirs):
        return wrong("your E-step is right, but the logsumexp it normalises with (exercise 1) is "
                     f"not: {problem} Fix it, or normalise with scipy.special.logsumexp to check "
                     "this exercise on its own.")
    feedback = _e_step_feedback(answer, name, checked_function=True)
    return wrong(f"{feedback.message} (The `logsumexp` you passed is not right yet either: "
                 f"{problem})")


# --- 3. where the regulariser accumulates ----------------------------------------------------


REGULARISER_SNIPPET = """\
def e_step(X, weights, means, covariances, reg_covar):
    n_samples, n_features = X.shape
    log_dens = np.empty((n_samples, len(weights)))
    for k in range(len(weights)):
        cov = covariances[k]
        cov += reg_covar * np.eye(n_features)
        log_dens[:, k] = multivariate_normal(means[k], cov).logpdf(X)
        log_dens[:, k] += np.log(weights[k])
    return log_dens - logsumexp(log_dens, axis=1)[:, np.newaxis]

def m_step(X, resp, reg_covar):
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, np.newaxis]
    covariances = np.empty((len(nk), X.shape[1], X.shape[1]))
    for k in range(len(nk)):
        diff = X - means[k]
        covariances[k] = (resp[:, k] * diff.T) @ diff / nk[k]
        covariances[k] += reg_covar * np.eye(X.shape[1])
    return nk / len(X), means, covariances
"""
"""A short E-step and M-step in which exactly one line accumulates the regulariser."""

_ACCUMULATING_LINE = 6

_LINE_HINTS = {
    5: "line 5 only gives covariances[k] a second name, `cov`: no copy is made. That is what "
       "lets the NEXT line do harm: which line then changes `cov`?",
    7: "line 7 reads `cov` but does not change it.",
    8: "line 8 is in place too, but on `log_dens`, a new array made on line 3 at every call, and "
       "it adds the log weight, not the regulariser: nothing outside the function changes.",
    9: "line 9 builds a new array from `log_dens`; no covariance is touched.",
    13: "line 13 computes new means; no covariance is touched.",
    14: "line 14 makes a fresh, empty array for the new covariances.",
    17: "line 17 computes a fresh covariance from the data and the responsibilities: nothing "
        "from an earlier call survives it.",
    18: "line 18 changes covariances[k] in place, but that matrix was computed from the data on "
        "line 17 of the same call, so the regulariser is added exactly once per M-step: that is "
        "where it belongs.",
}


def show_snippet():
    """Print :data:`REGULARISER_SNIPPET` with line numbers."""
    for number, line in enumerate(REGULARISER_SNIPPET.splitlines(), start=1):
        print(f"{number:2d}  {line}")


@graded
def accumulating_line(line):
    """Check the line of :data:`REGULARISER_SNIPPET` that accumulates ``reg_covar``.

    Parameters
    ----------
    line : int
        A line number of the snippet, counted from 1.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    n_lines = len(REGULARISER_SNIPPET.splitlines())
    what = f"a line number of the snippet, 1 to {n_lines}"
    line, feedback = integer(line, what)
    if feedback is not None:
        return feedback
    if not 1 <= line <= n_lines:
        return wrong(f"expected {what}; got {line}.")
    if line == _ACCUMULATING_LINE:
        return correct("line 6. `cov = covariances[k]` is a view of the caller's array, so "
                       "`cov += ...` changes the stored covariance itself: every call of e_step "
                       "adds reg_covar once more. Write `cov = covariances[k] + reg_covar * I` (a "
                       "new array), or better, leave the E-step alone: the M-step (line 18) "
                       "already adds it once.")
    if line in _LINE_HINTS:
        return wrong(_LINE_HINTS[line])
    return wrong(f"line {line} does not touch a covariance. Look for a line that changes, in "
                 "place, an array that lives on after the function returns.")
