"""Checks for the exercises of notebook 11 · Beyond maximum likelihood.

Each check recomputes the right answer from what it is given (with the E-step of
:mod:`gmm_lesson.em`, or the formula of the MAP M-step, or the weights of a fit) and
recognises the common wrong ones.
"""

import numpy as np

from gmm_lesson.em import MixtureState, e_step
from gmm_lesson.exercises import (
    array,
    array_feedback,
    correct,
    graded,
    integer,
    wrong,
)

__all__ = ["components_used", "labelled_responsibilities", "map_covariance"]


@graded
def labelled_responsibilities(answer, X, state, labels, rows):
    """Check the responsibilities of some rows of ``X`` in semi-supervised EM.

    Parameters
    ----------
    answer : array-like of shape (len(rows), n_components)
    X : array-like of shape (n_samples, n_features)
    state : MixtureState
        The parameters the E-step uses.
    labels : array-like of shape (n_samples,) of int
        ``-1`` for an unlabelled row, otherwise its component.
    rows : sequence of int
        The rows asked for.

    Returns
    -------
    Feedback
    """
    try:
        rows = [int(row) for row in rows]
        if not isinstance(state, MixtureState):
            raise TypeError("state must be a MixtureState")
        _, log_resp = e_step(X, state.weights, state.means, state.covariances,
                             state.covariance_type, labels=labels)
        _, unlabelled = e_step(X, state.weights, state.means, state.covariances,
                               state.covariance_type)
        known = np.asarray(labels)[rows]
    except (TypeError, ValueError, IndexError) as error:
        return wrong(f"the check cannot use its arguments ({error}). Call it as "
                     "check.labelled_responsibilities(resp_rows, X_ex, start_ex, labels_ex, "
                     "rows_ex).")
    expected = np.exp(log_resp[rows])
    posterior = np.exp(unlabelled[rows])
    name = f"the responsibilities of rows {rows}, shape {expected.shape}"
    one_hot_everywhere = np.eye(state.n_components)[posterior.argmax(axis=1)]
    answer_array, feedback = array(answer, name)
    if feedback is None and answer_array.shape == expected.shape and np.all(
            np.isfinite(answer_array)) and np.all(answer_array <= 0) and not np.all(
            answer_array == 0):
        return wrong("these look like log-responsibilities: take np.exp of them.")
    labelled_words = ", ".join(str(row) for row, y in zip(rows, known, strict=True) if y >= 0)
    return array_feedback(answer, expected, name, mistakes=[
        (posterior,
         f"these are the posterior probabilities that ignore the labels. Row(s) "
         f"{labelled_words} carry a label: its component is known, so its responsibility "
         "is 1 for that component and 0 for the others."),
        (one_hot_everywhere,
         "you gave every row a one-hot responsibility from its most probable component. Only "
         "a labelled row is one-hot (at its label); an unlabelled row keeps its posterior "
         "probabilities, Bayes' rule with the weights and densities."),
    ])


@graded
def map_covariance(answer, X, resp, scale, dof):
    """Check the MAP covariance of one component under an inverse-Wishart prior.

    Parameters
    ----------
    answer : array-like of shape (n_features, n_features)
    X : array-like of shape (n_samples, n_features)
    resp : array-like of shape (n_samples,)
        The component's responsibilities.
    scale : array-like of shape (n_features, n_features)
        The prior's scale matrix, Psi.
    dof : float
        The prior's degrees of freedom, nu.

    Returns
    -------
    Feedback
    """
    try:
        X = np.asarray(X, dtype=np.float64)
        resp = np.asarray(resp, dtype=np.float64).reshape(-1)
        scale = np.asarray(scale, dtype=np.float64)
        dof = float(dof)
        n_features = X.shape[1]
        nk = resp.sum()
        mean = resp @ X / nk
        scatter = (resp * (X - mean).T) @ (X - mean)
        old_mean_scatter = (resp * X.T) @ X
    except (TypeError, ValueError, IndexError) as error:
        return wrong(f"the check cannot use its arguments ({error}). Call it as "
                     "check.map_covariance(sigma_map, X_cov, r_cov, psi_cov, nu_cov).")
    name = f"the MAP covariance, shape ({n_features}, {n_features})"
    expected = (scale + scatter) / (nk + dof + n_features + 1)
    mistakes = [
        (scatter / nk, "this is the maximum-likelihood covariance S_k / N_k: the prior is "
                       "missing. Add Psi to the scatter and divide by N_k + nu + D + 1."),
        ((scale + scatter) / nk, "the numerator Psi + S_k is right, but the denominator is "
                                 "not N_k: the prior adds nu + D + 1 to it."),
        ((scale + scatter) / (nk + dof), "almost: the denominator is N_k + nu + D + 1, the "
                                         "mode of an inverse-Wishart; you left out D + 1."),
        ((scale + scatter) / (nk + dof + n_features + 2),
         "one too many in the denominator: N_k + nu + D + 2 is the mode when the means have a "
         "normal prior too (Fraley and Raftery's); here their prior is flat: N_k + nu + D + 1."),
        ((scale + scatter) / (nk + dof - n_features - 1),
         "the denominator N_k + nu - D - 1 gives the posterior's mean, not its mode: the MAP "
         "covariance is the mode, (Psi + S_k) / (N_k + nu + D + 1)."),
        (scatter / (nk + dof + n_features + 1), "Psi is missing from the numerator: the "
                                                "prior adds its scale to the scatter."),
        ((scale + old_mean_scatter) / (nk + dof + n_features + 1),
         "the scatter must be taken around the component's weighted mean mu_k, not around "
         "the origin: use (X - mu_k)."),
    ]
    return array_feedback(answer, expected, name, mistakes=mistakes)


@graded
def components_used(answer, weights, threshold=0.01):
    """Check the number of components whose weight is above ``threshold``.

    Parameters
    ----------
    answer : int
    weights : array-like of shape (n_components,)
        One fit's ``weights_``.
    threshold : float, default=0.01

    Returns
    -------
    Feedback
    """
    try:
        weights = np.asarray(weights, dtype=np.float64).reshape(-1)
        threshold = float(threshold)
        expected = int(np.sum(weights > threshold))
    except (TypeError, ValueError) as error:
        return wrong(f"the check cannot use its arguments ({error}). Call it as "
                     "check.components_used(n_used, weights_ex).")
    value, feedback = integer(answer, f"the number of components with a weight above "
                                      f"{threshold:g}")
    if feedback is not None:
        return feedback
    if value == expected:
        return correct(f"{expected} of the {weights.size} components carry a weight above "
                       f"{threshold:g}.")
    if value == weights.size:
        return wrong(f"that is every component the model was given ({weights.size}). Most of "
                     f"their weights are tiny: count only those above {threshold:g}.")
    if value == int(np.sum(weights > 0)) and value != expected:
        return wrong(f"you counted every weight above zero; count those above {threshold:g}.")
    return wrong(f"{value} is not the number of components with a weight above "
                 f"{threshold:g}: compare `weights > threshold` and count the True values "
                 "with np.sum.")
