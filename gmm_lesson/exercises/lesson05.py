"""Checks for the exercises of notebook 05 · When EM breaks.

1. :func:`logsumexp` -- the learner's own stable log-sum-exp, tried on rows whose
   exponentials overflow (``exp(1000)``) or underflow (``exp(-1000)``).
2. :func:`stable_responsibilities` -- responsibilities for :func:`exercise_data`,
   whose last point is so far away that every density underflows to zero.
3. :func:`accumulating_line` -- which line of :data:`REGULARISER_SNIPPET` makes the
   regulariser pile up call after call.

Each check recomputes the right answer (with scipy or the package) and recognises
the common wrong ones.
"""

import numpy as np
from scipy.special import logsumexp as _scipy_logsumexp

from gmm_lesson.em import e_step
from gmm_lesson.exercises import array_feedback, correct, not_answered, wrong
from gmm_lesson.gaussian import log_gaussian_density

__all__ = [
    "REGULARISER_SNIPPET",
    "accumulating_line",
    "exercise_data",
    "logsumexp",
    "show_snippet",
    "stable_responsibilities",
]

# Rows chosen so that each classic slip shows: exp(-1000) underflows to 0,
# exp(1000) overflows to inf, and the last two rows are ordinary.
_ROWS = np.array([[-1000.0, -1001.0], [1000.0, 999.0], [0.0, 0.0], [-1.0, 2.0]])


# --- 1. a stable log-sum-exp --------------------------------------------------------------


def _call(func, a, axis):
    """Call the learner's function on a copy; return (result, error message, mutated)."""
    given = a.copy()
    try:
        result = func(given, axis=axis)
    except TypeError as error:
        if "axis" in str(error):
            return None, (f"calling `logsumexp(a, axis={axis})` failed ({error}): the function "
                          "must take the array and an argument named `axis`."), False
        return None, f"calling `logsumexp(a, axis={axis})` raised TypeError: {error}", False
    except Exception as error:  # the learner's code may raise anything
        return None, f"calling `logsumexp(a, axis={axis})` raised {type(error).__name__}: {error}", False
    return result, None, not np.array_equal(given, a)


def _row_text(row):
    return "[" + ", ".join(f"{v:g}" for v in row) + "]"


def logsumexp(func):
    """Check a function ``logsumexp(a, axis)`` that computes ``log(sum(exp(a), axis))`` stably.

    The function is called on rows such as ``[-1000, -1001]`` (whose exponentials
    underflow to 0) and ``[1000, 999]`` (which overflow to inf), along ``axis=1`` and,
    on the transposed array, along ``axis=0``.
    """
    unanswered = not_answered(func, "a function `logsumexp(a, axis)`")
    if unanswered is not None:
        return unanswered
    if not callable(func):
        return wrong(f"expected the function itself, got {type(func).__name__}: pass "
                     "`logsumexp` without calling it, as in `check.logsumexp(logsumexp)`.")
    expected = _scipy_logsumexp(_ROWS, axis=1)
    with np.errstate(all="ignore"):
        result, error, mutated = _call(func, _ROWS, 1)
    if error:
        return wrong(error)
    unanswered = not_answered(result, "your code inside the function (it still returns `...`)")
    if unanswered is not None:
        return unanswered
    if mutated:
        return wrong("your function changed the array it was given (an in-place `a -= ...`): "
                     "the caller's data must not change. Compute a new array instead, "
                     "`shifted = a - largest`.")
    try:
        result = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError):
        return wrong(f"expected an array of numbers, got {type(result).__name__}.")
    if result.shape != expected.shape:
        if result.shape == (_ROWS.shape[1],):
            return wrong("the result has one value per column: you summed over axis 0. Sum "
                         "along the `axis` you were given, in both `np.max` and `np.sum`.")
        if result.shape == ():
            return wrong("the result is a single number: you summed over the whole array. "
                         "Pass `axis=axis` to `np.sum` (and to `np.max`).")
        if result.shape == (_ROWS.shape[0], 1):
            return wrong("the values may be right but the summed axis is still there, shape "
                         f"{result.shape}: use `keepdims=True` only for the maximum you subtract, "
                         "and return a result of shape (4,) for a (4, 2) input.")
        return wrong(f"for an input of shape {_ROWS.shape} and axis=1 the result should have "
                     f"shape {expected.shape}, got {result.shape}.")
    with np.errstate(all="ignore"):
        no_add_back = expected - _ROWS.max(axis=1)
    if np.isposinf(result[1]):
        return wrong(f"overflow: for the row {_row_text(_ROWS[1])} you got inf, because "
                     "exp(1000) is larger than the largest float (about 1.8e308). Subtract "
                     "the row's maximum before exponentiating, then add it back after the log.")
    if not np.isfinite(result[0]):
        if np.isclose(result[1], expected[1]):
            return wrong(f"for the row {_row_text(_ROWS[0])} you got {result[0]:g}, while the row "
                         f"{_row_text(_ROWS[1])} is right: you subtracted ONE maximum for the whole "
                         "array (1000), and exp(-1000 - 1000) underflows to 0. Subtract each row's "
                         "own maximum: `np.max(a, axis=axis, keepdims=True)`.")
        return wrong(f"underflow: for the row {_row_text(_ROWS[0])} you got {result[0]:g}, because "
                     "exp(-1000) is 0.0 in floating point and log(0) = -inf (0/0 gives NaN). "
                     "Subtract the row's maximum first, so the largest term is exp(0) = 1.")
    if not np.all(np.isfinite(result)):
        return wrong(f"the result contains NaN or infinity: {result}.")
    if np.allclose(result, no_add_back, rtol=1e-9, atol=1e-12):
        return wrong("you forgot to add the maximum back: after `log(sum(exp(a - m)))`, add `m`, "
                     f"so that [-1000, -1001] gives {expected[0]:.4f}, not {no_add_back[0]:.4f}.")
    if not np.allclose(result, expected, rtol=1e-9, atol=1e-12):
        worst = int(np.argmax(np.abs(result - expected)))
        return wrong(f"for the row {_row_text(_ROWS[worst])} you got {result[worst]:.6g}, "
                     f"expected {expected[worst]:.6g} = log(sum(exp(row))).")
    with np.errstate(all="ignore"):
        result_t, error, _ = _call(func, _ROWS.T, 0)
    if error:
        return wrong("right along axis=1, but on the transposed array along axis=0: " + error)
    result_t = np.asarray(result_t, dtype=np.float64)
    if result_t.shape != expected.shape or not np.allclose(result_t, expected, rtol=1e-9, atol=1e-12):
        return wrong("right along axis=1, but on the transposed array `logsumexp(a.T, axis=0)` "
                     f"gives {np.round(result_t, 4)} instead of {np.round(expected, 4)}: your function "
                     "ignores its `axis` argument somewhere. Use `axis=axis` in `np.max` and `np.sum`.")
    return correct("your logsumexp survives exp(1000) and exp(-1000) and follows its axis: "
                   f"[-1000, -1001] gives {expected[0]:.4f} and [1000, 999] gives {expected[1]:.4f}.")


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


def stable_responsibilities(resp):
    """Check the responsibilities of :func:`exercise_data`, shape (6, 3), rows summing to one."""
    name = "the responsibilities, an array of shape (6, 3)"
    unanswered = not_answered(resp, name)
    if unanswered is not None:
        return unanswered
    X, weights, means, covariances = exercise_data()
    log_resp = e_step(X, weights, means, covariances)[1]
    expected = np.exp(log_resp)
    try:
        answer = np.asarray(resp, dtype=np.float64)
    except (TypeError, ValueError):
        return wrong(f"expected {name}, got {type(resp).__name__}.")
    if answer.shape == expected.shape:
        bad_rows = np.flatnonzero(~np.all(np.isfinite(answer), axis=1))
        if bad_rows.size:
            return wrong(f"row(s) {bad_rows.tolist()} contain NaN: every density of the far point "
                         "underflowed to 0, and 0 / 0 is NaN. Stay in log space: add np.log(weights) "
                         "to gl.log_gaussian_density(...), subtract each row's log-sum-exp, and only "
                         "then take np.exp.")
        if np.all(answer <= 0) and np.allclose(answer, log_resp, atol=1e-9):
            return wrong("these are the log-responsibilities: take np.exp of them, so that each "
                         "row sums to one.")
    log_dens = log_gaussian_density(X, means, covariances)
    return array_feedback(answer, expected, name, rtol=1e-6, atol=1e-9, mistakes=[
        (_normalise_log(log_dens, axis=1),
         "these are the responsibilities WITHOUT the mixing weights: add np.log(weights) to the "
         "log densities before normalising."),
        (_normalise_log(log_dens + np.log(weights), axis=0),
         "each column sums to one: you normalised over the points. Normalise each row instead, "
         "over the components (axis=1)."),
        (log_dens + np.log(weights) - _scipy_logsumexp(log_dens + np.log(weights), axis=0),
         "these are log values normalised over the points (axis=0): normalise over the "
         "components (axis=1), then take np.exp."),
    ])


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


def accumulating_line(line):
    """Check the number of the line (of :data:`REGULARISER_SNIPPET`) that accumulates ``reg_covar``."""
    unanswered = not_answered(line, "a line number, such as 3")
    if unanswered is not None:
        return unanswered
    n_lines = len(REGULARISER_SNIPPET.splitlines())
    if isinstance(line, bool) or not isinstance(line, (int, np.integer)):
        return wrong(f"answer with the line number as an int (1 to {n_lines}), got {line!r}.")
    line = int(line)
    if not 1 <= line <= n_lines:
        return wrong(f"the snippet has lines 1 to {n_lines}; got {line}.")
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
