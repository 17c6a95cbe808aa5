"""Checks for the exercises of notebook 06 · Initialisation and choosing K.

Each check recomputes the right answer from what it is given (with
:func:`gmm_lesson.n_parameters`, or from the list of criteria or fitted runs) and
recognises the common wrong ones.
"""

import numbers

import numpy as np

from gmm_lesson.exercises import correct, not_answered, wrong
from gmm_lesson.gaussian import n_parameters

__all__ = ["best_run", "choose_k", "count_parameters"]


def _as_int(answer):
    """``answer`` as an int if it is a whole number (``np.int64(3)``, ``3.0``), else ``None``."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    if float(answer) != int(answer):
        return None
    return int(answer)


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
    ]
    return mistakes


def count_parameters(answer, n_components=4, n_features=3, covariance_type="full"):
    """Check a count of the free parameters of a Gaussian mixture (an int)."""
    unanswered = not_answered(answer, "the number of free parameters, an int")
    if unanswered is not None:
        return unanswered
    value = _as_int(answer)
    if value is None:
        return wrong(f"expected a whole number of parameters, got {answer!r}.")
    k, d = n_components, n_features
    expected = n_parameters(k, d, covariance_type)
    if value == expected:
        covariance_count = expected - (k - 1) - k * d
        return correct(f"{expected} = {k - 1} weights + {k * d} mean coordinates + "
                       f"{covariance_count} covariance entries.")
    for mistake, hint in _count_mistakes(k, d, covariance_type):
        if value == mistake:
            return wrong(hint)
    return wrong(f"{value} is not the count. Add three parts: the weights (K - 1, since they "
                 "sum to one), the means (K·D), and the free entries of the covariances "
                 "(for 'full', D(D + 1)/2 per component).")


def choose_k(answer, ks, bics):
    """Check the number of components chosen from ``bics``, the BIC of each K in ``ks``."""
    unanswered = not_answered(answer, "the chosen number of components K, an int")
    if unanswered is not None:
        return unanswered
    ks = [int(k) for k in ks]
    bics = np.asarray(bics, dtype=np.float64)
    if len(ks) != len(bics):
        raise ValueError(f"ks and bics must have the same length, got {len(ks)} and {len(bics)}.")
    if isinstance(answer, (float, np.floating)) and np.any(np.isclose(answer, bics)):
        return wrong("that is a BIC value; the answer is the K it belongs to, e.g. "
                     "`ks[np.argmin(bics)]`.")
    value = _as_int(answer)
    if value is None:
        return wrong(f"expected a whole number K, got {answer!r}.")
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
    return wrong(f"K = {value} is not one of the candidates {ks}.")


def best_run(answer, runs):
    """Check the run picked from ``runs`` (fitted mixtures): the one with the highest lower_bound_."""
    unanswered = not_answered(answer, "one of the fitted models from the list of runs")
    if unanswered is not None:
        return unanswered
    runs = list(runs)
    bounds = np.array([run.lower_bound_ for run in runs])
    best, worst = int(np.argmax(bounds)), int(np.argmin(bounds))
    if _as_int(answer) is not None and not isinstance(answer, float):
        position = _as_int(answer)
        if position == best:
            return wrong(f"{position} is the position of the best run; the task asks for the "
                         f"model itself: `runs[{position}]`.")
        return wrong(f"{position} is a position in the list; the task asks for the model "
                     "itself, and the best run is the one with the HIGHEST lower_bound_.")
    if isinstance(answer, (float, np.floating)):
        return wrong("that is a number (a lower bound?); the task asks for the fitted model "
                     "itself, e.g. `max(runs, key=lambda run: run.lower_bound_)`.")
    if not hasattr(answer, "lower_bound_"):
        return wrong(f"expected one of the fitted models in `runs`, got {type(answer).__name__}.")
    value = answer.lower_bound_
    if np.isclose(value, bounds[best], rtol=0, atol=1e-12):
        return correct(f"run {best} has the highest lower_bound_ ({bounds[best]:.3f}): it is "
                       "what GaussianMixture(n_init=...) would keep.")
    if np.isclose(value, bounds[worst], rtol=0, atol=1e-12):
        return wrong(f"this is the run with the LOWEST lower_bound_ ({value:.3f}). lower_bound_ "
                     "is a mean log-likelihood, so higher is better: take the maximum.")
    if bounds[best] - value < 0.01:
        return wrong(f"this run ended on the same peak as the best one, but run {best} stopped "
                     f"slightly higher (lower_bound_ {bounds[best]:.4f} against {value:.4f}), and "
                     "n_init keeps the single highest. Let the computer compare: "
                     "`max(runs, key=lambda run: run.lower_bound_)`.")
    return wrong(f"this run's lower_bound_ is {value:.3f}, but run {best} reached "
                 f"{bounds[best]:.3f}: pick the run with the highest lower_bound_.")
