"""Checks for the exercises of notebook 11 · Beyond maximum likelihood.

Each check recomputes the right answer from what it is given (with the E-step of
:mod:`gmm_lesson.em`, the formula of the MAP M-step, or the stick-breaking
distributions of a variational fit) and recognises the common wrong ones.
"""

import numpy as np

from gmm_lesson.em import MixtureState, e_step
from gmm_lesson.exercises import (
    array,
    array_feedback,
    correct,
    graded,
    matches,
    wrong,
)

__all__ = ["expected_stick_weights", "labelled_responsibilities", "map_covariance"]


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
                     "check.labelled_responsibilities(resp_rows, X, start_ex, labels_ex, "
                     "rows_ex).")
    expected = np.exp(log_resp[rows])
    posterior = np.exp(unlabelled[rows])
    name = f"the responsibilities of rows {rows}, shape {expected.shape}"
    one_hot_everywhere = np.eye(state.n_components)[posterior.argmax(axis=1)]
    answer_array, feedback = array(answer, name)
    if feedback is None and answer_array.shape == expected.shape:
        with np.errstate(all="ignore"):
            exponentiated = np.exp(answer_array)
        # Log-responsibilities hold -inf where a labelled row has probability 0.
        if (not np.any(np.isnan(answer_array)) and np.all(answer_array <= 0)
                and np.any(answer_array < 0)
                and (matches(exponentiated, expected) or matches(exponentiated, posterior))):
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
        (expected[::-1],
         f"these are the right rows in the wrong order: give them in the order of rows_ex, "
         f"{rows}."),
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
         "the denominator N_k + nu - D - 1 gives the posterior's mean, not its mode (and also "
         "the mode if the prior is put on the precision Sigma^-1 instead); section 3 takes "
         "the mode in Sigma: (Psi + S_k) / (N_k + nu + D + 1)."),
        ((scale + scatter) / (len(resp) + dof + n_features + 1),
         "N_k is the soft count, the sum of the responsibilities, not the number of points."),
        ((scale + scatter) / (nk + dof + n_features),
         "the denominator is N_k + nu + D + 1: you left out the 1."),
        (scatter / (nk + dof + n_features + 1), "Psi is missing from the numerator: the "
                                                "prior adds its scale to the scatter."),
        ((scale + old_mean_scatter) / (nk + dof + n_features + 1),
         "the scatter must be taken around the component's weighted mean mu_k, not around "
         "the origin: use (X - mu_k)."),
    ]
    return array_feedback(answer, expected, name, mistakes=mistakes)


@graded
def expected_stick_weights(answer, concentration):
    """Check the expected stick-breaking weights of a variational Dirichlet-process fit.

    Parameters
    ----------
    answer : array-like of shape (n_components,)
    concentration : tuple of two array-likes of shape (n_components,)
        ``(a, b)``, the parameters of each stick's Beta distribution, as scikit-learn's
        ``BayesianGaussianMixture.weight_concentration_`` holds them for a Dirichlet
        process.

    Returns
    -------
    Feedback

    Notes
    -----
    The expected weight of component :math:`k` is
    :math:`E[v_k] \\prod_{j<k} (1 - E[v_j])` with :math:`E[v_k] = a_k / (a_k + b_k)`;
    scikit-learn's ``weights_`` are these divided by their sum.
    """
    try:
        a, b = (np.asarray(part, dtype=np.float64).reshape(-1) for part in concentration)
        if a.shape != b.shape or a.size == 0:
            raise ValueError("a and b must be two arrays of the same length")
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b)) and np.all(a > 0)
                and np.all(b > 0)):
            raise ValueError("a and b must be finite and above zero")
    except (TypeError, ValueError) as error:
        return wrong(f"the check cannot use its arguments ({error}). Call it as "
                     "check.expected_stick_weights(sticks, concentration_ex).")
    share = a / (a + b)
    rest = np.concatenate([[1.0], np.cumprod(1.0 - share)[:-1]])
    expected = share * rest
    name = f"the expected weights of the {a.size} sticks, shape ({a.size},)"
    mistakes = [
        (expected / expected.sum(),
         "these are scikit-learn's weights_, the expected weights divided by their sum. Give "
         "them before that division: E[v_k] times the product of (1 - E[v_j]) over j < k."),
        (share, "these are the expected shares E[v_k] alone: each stick takes its share of "
                "what the sticks before it left, so multiply by the product of (1 - E[v_j]) "
                "over j < k."),
        (share * np.cumprod(1.0 - share),
         "the product runs over the sticks before k (j < k) only; yours includes stick k "
         "itself. Start it at 1 for the first stick."),
        (b / (a + b) * np.concatenate([[1.0], np.cumprod(share)[:-1]]),
         "you swapped a and b: the expected share of stick k is a_k / (a_k + b_k)."),
    ]
    feedback = array_feedback(answer, expected, name, mistakes=mistakes)
    if feedback.passed:
        return correct(f"you have {name}. They sum to {expected.sum():.4f}: the rest of the "
                       f"weight lies beyond the {a.size} sticks, and weights_ divides by "
                       "the sum.")
    return feedback
