"""Checks of what the views are given, at the plotting boundary.

Data, states and feature indices are checked by the math layer's own checks
(:func:`~gmm_lesson._validation.check_X`, :func:`~gmm_lesson.em.check_state`,
:func:`~gmm_lesson._validation.check_dims`); here is what only views need.
"""

from gmm_lesson._validation import check_array_shape, check_X
from gmm_lesson.em import EMHistory, check_state

__all__ = []


def _check_data(X, state, owner="this mixture"):
    """``X`` as finite float64 data of shape (n_samples, state.n_features); ``owner``
    says in a message what ``X`` must match ("this mixture", "this history")."""
    check_state(state)
    return check_X(X, n_features=state.n_features, owner=owner)


def _check_two_features(X, view):
    """A view of two features needs at least two; ``view`` names it in the message."""
    if X.shape[1] < 2:
        raise ValueError(
            f"{view} needs X with at least two features, got {X.shape[1]}; "
            "use plot_mixture_1d for data with one feature."
        )


def _check_history(history):
    if not isinstance(history, EMHistory):
        raise TypeError(f"history must be an EMHistory, got {type(history).__name__}.")
    return history


def _check_history_data(X, history):
    """``history`` checked, and ``X`` as the data it was recorded on (its feature count)."""
    return _check_data(X, _check_history(history).states[0], owner="this history")


def _check_same_size(drawn, state):
    if len(drawn) != state.n_components:
        raise ValueError(
            f"The view was drawn for {len(drawn)} components, the new state has "
            f"{state.n_components}: draw the view again for another number of components."
        )


def _check_gaussian(mean, covariance):
    """``mean`` (2,) and ``covariance`` (2, 2) as finite float64 arrays."""
    mean = check_array_shape(mean, (2,), "mean")
    return mean, check_array_shape(covariance, (2, 2), "covariance")
