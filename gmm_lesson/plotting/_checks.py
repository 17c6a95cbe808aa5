"""Checks of what the views are given, at the plotting boundary."""

import numpy as np

from gmm_lesson.em import EMHistory, MixtureState

__all__ = []


def _check_state(state, name="state"):
    if not isinstance(state, MixtureState):
        raise TypeError(f"{name} must be a MixtureState, got {type(state).__name__}.")
    return state


def _check_data(X, state, min_features=1):
    _check_state(state)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != state.n_features:
        raise ValueError(
            f"X must have shape (n_samples, {state.n_features}) to match the mixture, "
            f"got shape {X.shape}."
        )
    if X.shape[1] < min_features:
        raise ValueError(
            f"This view needs at least {min_features} features, got {X.shape[1]}; "
            "use plot_mixture_1d for data with one feature."
        )
    return X


def _check_history(history):
    if not isinstance(history, EMHistory):
        raise TypeError(f"history must be an EMHistory, got {type(history).__name__}.")
    return history


def _check_dims(dims, n_features):
    dims = tuple(int(d) for d in dims)
    if len(dims) != 2 or dims[0] == dims[1] or not all(0 <= d < n_features for d in dims):
        raise ValueError(
            f"dims must be two different feature indices in 0..{n_features - 1}, got {dims}."
        )
    return dims


def _check_same_size(drawn, state):
    if len(drawn) != state.n_components:
        raise ValueError(
            f"The view was drawn for {len(drawn)} components, the new state has "
            f"{state.n_components}: draw the view again for another number of components."
        )


def _check_gaussian(mean, covariance):
    mean = np.asarray(mean, dtype=np.float64)
    covariance = np.asarray(covariance, dtype=np.float64)
    if mean.shape != (2,) or covariance.shape != (2, 2):
        raise ValueError(
            f"mean must have shape (2,) and covariance shape (2, 2), got {mean.shape} "
            f"and {covariance.shape}."
        )
    return mean, covariance
