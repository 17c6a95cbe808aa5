"""Checks for the exercises of notebook 07 · Initialisation and choosing K.

Each check recomputes the right answer from what it is given (with
:func:`gmm_lesson.n_parameters`, or from the list of criteria or fitted runs) and
recognises the common wrong ones.
"""

import numbers

import numpy as np

from gmm_lesson.exercises import (
    array,
    correct,
    describe,
    graded,
    integer,
    matches,
    not_answered,
    number,
    wrong,
)
from gmm_lesson.gaussian import n_parameters

__all__ = ["best_run", "choose_k", "count_parameters"]

_COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")


def _count_mistakes(k, d, covariance_type):
    """Known wrong counts, in the order their hints are tried."""
    symmetric = d * (d + 1) // 2
    expected = n_parameters(k, d, covariance_type)
    mistakes = [(expected + 1,
                 f"you counted {k} weights, but they must sum to one: the last is fixed by the "
                 f"others, so only K - 1 = {k - 1} are free.")]
    n_matrices = {"full": k, "tied": 1}.get(covariance_type)
    if n_matrices is not None:
        extra = n_matrices * (d * d - symmetric)
        mistakes += [
            (expected + extra,
             f"you counted all D² = {d * d} entries of each covariance matrix, but a covariance "
             f"matrix is symmetric (entry (i, j) equals entry (j, i)): only D(D + 1)/2 = "
             f"{symmetric} are free, the diagonal and one triangle."),
            (expected + extra + 1,
             f"two slips. Weights: only K - 1 = {k - 1} are free, not {k}, because they sum to "
             f"one. Covariances: only D(D + 1)/2 = {symmetric} entries of each matrix are free, "
             f"not D² = {d * d}, because it is symmetric."),
            (expected - n_matrices * d,
             f"you counted only the D(D - 1)/2 = {symmetric - d} entries off the diagonal of "
             f"each covariance matrix; the D = {d} variances on the diagonal are free too: "
             f"D(D + 1)/2 = {symmetric} per matrix."),
        ]
    if covariance_type == "tied":
        mistakes.append((expected + (k - 1) * symmetric,
                         f"'tied' means ONE covariance matrix shared by all {k} components: "
                         f"count its {symmetric} free entries once, not once per component."))
    mistakes += [
        (expected - (k - 1), f"the mixing weights are missing: add the K - 1 = {k - 1} free "
                             "weights."),
        (expected - k * d, f"the means are missing: each of the {k} components has a mean "
                           f"with {d} coordinates."),
        (n_parameters(d, k, covariance_type) if d != k else expected,
         f"this counts K = {d} components in D = {k} dimensions: K and D are swapped."),
    ]
    for other in _COVARIANCE_TYPES:
        if other != covariance_type:
            mistakes.append((n_parameters(k, d, other),
                             f"that is the count for covariance_type='{other}'; the exercise "
                             f"asks for '{covariance_type}'."))
    hints = {}
    for count, hint in mistakes:
        if count != expected:
            hints.setdefault(count, []).append(hint)
    return [(count, found[0] if len(found) == 1 else
             f"{len(found)} different slips give this count. "
             + " ".join(f"({i}) {hint}" for i, hint in enumerate(found, start=1)))
            for count, found in hints.items()]


def _setup_problem(n_components, n_features, covariance_type):
    """Words for what is wrong with the check's own arguments, or None."""
    for value, name in ((n_components, "n_components"), (n_features, "n_features")):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            return f"{name} must be a positive whole number, got {value!r}"
    if covariance_type not in _COVARIANCE_TYPES:
        return f"covariance_type must be one of {_COVARIANCE_TYPES}, got {covariance_type!r}"
    return None


@graded
def count_parameters(answer, n_components=4, n_features=3, covariance_type="full"):
    """Check a count of the free parameters of a Gaussian mixture.

    Parameters
    ----------
    answer : int
        The number of free parameters of the mixture below: weights, mean coordinates
        and covariance entries.
    n_components : int, default=4
        Number of components of the mixture.
    n_features : int, default=3
        Dimension of the data.
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'
        How the covariances are shared and shaped.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the number of free parameters, a whole number"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    problem = _setup_problem(n_components, n_features, covariance_type)
    if problem is not None:
        return wrong(f"the check cannot judge this count: {problem}. Call it as "
                     "check.count_parameters(n_free, n_components=4, n_features=3, "
                     "covariance_type=\"full\").")
    value, feedback = integer(answer, what)
    if feedback is not None:
        return feedback
    k, d = int(n_components), int(n_features)
    expected = n_parameters(k, d, covariance_type)
    if value == expected:
        covariance_count = expected - (k - 1) - k * d
        return correct(f"{expected} = {k - 1} weights + {k * d} mean coordinates + "
                       f"{covariance_count} covariance entries.")
    for mistake, hint in _count_mistakes(k, d, covariance_type):
        if value == mistake:
            return wrong(hint)
    return wrong(f"{value} is not {what}. Add three parts: the weights (K - 1, since they "
                 "sum to one), the means (K·D), and the free entries of the covariances "
                 "(for 'full', D(D + 1)/2 per component).")


@graded
def choose_k(answer, ks, bics):
    """Check the number of components chosen from ``bics``, the BIC of each K in ``ks``.

    Parameters
    ----------
    answer : int
        The K of ``ks`` with the lowest BIC.
    ks : sequence of int
        The numbers of components tried.
    bics : sequence of float
        The BIC of each, in the same order.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the chosen number of components K, a whole number"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    ks_values, ks_problem = array(ks, "ks")
    bics, bics_problem = array(bics, "bics")
    if ks_problem is not None or bics_problem is not None:
        return wrong(f"the check cannot judge this: ks and bics must be lists of numbers, got "
                     f"{describe(ks)} and {describe(bics)}. Call it as "
                     "check.choose_k(k_chosen, ks_ex, bics_ex).")
    if ks_values.ndim != 1 or bics.ndim != 1 or len(ks_values) != len(bics) or len(bics) == 0:
        return wrong(f"the check cannot judge this: ks and bics must be two lists of the same "
                     f"length, one BIC per K, got shapes {ks_values.shape} and {bics.shape}.")
    if not np.all(np.isfinite(bics)) or not np.all(ks_values == np.round(ks_values)):
        return wrong("the check cannot judge this: ks must hold whole numbers and bics finite "
                     "numbers.")
    ks = [int(k) for k in ks_values]
    value, feedback = number(answer, what)
    if feedback is None and any(matches(value, bic) for bic in bics) and value not in ks:
        return wrong("that is a BIC value; the answer is the K it belongs to, e.g. "
                     "`ks[np.argmin(bics)]`.")
    value, feedback = integer(answer, what)
    if feedback is not None:
        return feedback
    lowest, highest = int(np.argmin(bics)), int(np.argmax(bics))
    expected = ks[lowest]
    if value == expected:
        return correct(f"K = {expected} has the lowest BIC, {bics[lowest]:.1f}.")
    if value == ks[highest]:
        return wrong(f"K = {value} has the HIGHEST BIC. BIC is -2 log L plus a penalty: a cost, "
                     "so lower is better. Take the minimum (`np.argmin`), not the maximum.")
    if value == lowest:
        return wrong(f"{value} is the position of the lowest BIC in the list, not K: the list "
                     f"starts at K = {ks[0]}. Look the position up in ks: `ks[np.argmin(bics)]`.")
    if value == highest:
        return wrong(f"{value} is the position of the HIGHEST BIC in the list. Lower BIC is "
                     "better, and the answer is a K, not a position: `ks[np.argmin(bics)]`.")
    if value in ks:
        return wrong(f"K = {value} has BIC {bics[ks.index(value)]:.1f}, but K = {expected} has "
                     f"a lower one, {bics[lowest]:.1f}.")
    return wrong(f"K = {value} is not one of the candidates {ks}: expected {what} from ks.")


@graded
def best_run(answer, runs):
    """Check the run picked from ``runs``: the one with the highest ``lower_bound_``.

    Parameters
    ----------
    answer : GaussianMixture
        One of ``runs``, the model itself.
    runs : sequence of GaussianMixture
        Fitted mixtures, each with a ``lower_bound_``.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "one of the fitted models in the list of runs"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    try:
        runs = list(runs)
        bounds = np.array([float(run.lower_bound_) for run in runs])
    except (TypeError, AttributeError, ValueError):
        return wrong("the check cannot judge this: runs must be a list of fitted models, each "
                     "with a lower_bound_. Call it as check.best_run(best_run, runs_ex).")
    if bounds.size == 0 or not np.all(np.isfinite(bounds)):
        return wrong("the check cannot judge this: runs must be a non-empty list of fitted "
                     "models with finite lower_bound_ values.")
    best, worst = int(np.argmax(bounds)), int(np.argmin(bounds))
    if isinstance(answer, (list, tuple)) and answer and all(
            hasattr(run, "lower_bound_") for run in answer):
        return wrong(f"got a list of {len(answer)} models; expected {what}: pick one, e.g. "
                     "`max(runs, key=lambda run: run.lower_bound_)`.")
    if not hasattr(answer, "lower_bound_"):
        values, feedback = array(answer, what)
        if feedback is not None:
            return feedback
        if values.size != 1:
            return wrong(f"expected {what}, got {describe(answer)}.")
        value, feedback = number(answer, what)
        if feedback is not None:
            return feedback
        if value == int(value) and 0 <= value < len(runs):
            position = int(value)
            if position == best:
                return wrong(f"{position} is the position of the best run; expected {what}, "
                             f"the model itself: `runs[{position}]`.")
            return wrong(f"{position} is a position in the list; expected {what}, the model "
                         "itself, and the best run is the one with the HIGHEST lower_bound_.")
        return wrong(f"that is a number (a lower bound?); expected {what}, the fitted model "
                     "itself, e.g. `max(runs, key=lambda run: run.lower_bound_)`.")
    try:
        value = float(answer.lower_bound_)
    except (TypeError, ValueError):
        value = np.nan
    if not np.isfinite(value):
        return wrong(f"this model's lower_bound_ is not a finite number; expected {what}.")
    if np.isclose(value, bounds[best], rtol=0, atol=1e-12):
        return correct(f"run {best} has the highest lower_bound_ ({bounds[best]:.3f}): like "
                       "GaussianMixture(n_init=...), you kept the run with the highest "
                       "lower_bound_.")
    if np.isclose(value, bounds[worst], rtol=0, atol=1e-12):
        return wrong(f"this is the run with the LOWEST lower_bound_ ({value:.3f}). lower_bound_ "
                     "is a mean log-likelihood, so higher is better: take the maximum.")
    if not np.any(np.isclose(value, bounds, rtol=0, atol=1e-12)):
        return wrong(f"this model is not one of the runs (its lower_bound_ is {value:.4f}); "
                     f"expected {what}.")
    if bounds[best] - value < 0.01:
        return wrong(f"this run's lower_bound_ is close to the best, but run {best} stopped "
                     f"slightly higher (lower_bound_ {bounds[best]:.4f} against {value:.4f}), and "
                     "n_init keeps the single highest. Let the computer compare: "
                     "`max(runs, key=lambda run: run.lower_bound_)`.")
    return wrong(f"this run's lower_bound_ is {value:.3f}, but run {best} reached "
                 f"{bounds[best]:.3f}: pick the run with the highest lower_bound_.")
