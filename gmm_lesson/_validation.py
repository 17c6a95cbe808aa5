"""Checks at the public boundary.

Every public function and method validates its input here and raises a
``ValueError`` or ``TypeError`` whose message names the parameter and what was
expected. The private math behind the boundary checks nothing.
"""

import numbers
import operator

import numpy as np

__all__ = [
    "COVARIANCE_TYPES",
    "check_X",
    "check_array_shape",
    "check_covariance_type",
    "check_dims",
    "check_integer",
    "check_n_components",
    "check_non_negative",
    "check_weights",
    "parameter_shape",
]

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")


def check_X(X, *, name="X", n_features=None, min_samples=1, owner="the model"):
    """Return ``X`` as a finite 2D float64 array of shape (n_samples, n_features).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    name : str
        The parameter's name, used in error messages.
    n_features : int, optional
        The number of columns ``X`` must have (the fitted model's).
    min_samples : int
        The least number of rows accepted.
    owner : str
        What was fitted with ``n_features``, for the message.
    """
    if X is None:
        raise TypeError(f"{name} must be an array of shape (n_samples, n_features), got None.")
    if hasattr(X, "toarray") and hasattr(X, "nnz"):
        raise TypeError(
            f"Sparse data was passed for {name}, but dense data is required. "
            "Use '.toarray()' to convert it to a dense numpy array."
        )
    if np.iscomplexobj(X):
        raise ValueError(f"Complex data not supported: {name} must hold real numbers.")
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{name} must be an array of numbers of shape (n_samples, n_features): {error}"
        ) from None
    if X.ndim == 0:
        raise ValueError(
            f"Expected 2D array for {name}, got scalar array instead:\n{name}={X}.\n"
            "Reshape your data either using array.reshape(-1, 1) if your data has a "
            "single feature or array.reshape(1, -1) if it contains a single sample."
        )
    if X.ndim == 1:
        raise ValueError(
            f"Expected 2D array for {name}, got 1D array instead:\n{name}={X}.\n"
            "Reshape your data either using array.reshape(-1, 1) if your data has a "
            "single feature or array.reshape(1, -1) if it contains a single sample."
        )
    if X.ndim > 2:
        raise ValueError(
            f"{name} must be 2D, of shape (n_samples, n_features); got an array with "
            f"{X.ndim} dimensions, shape {X.shape}."
        )
    if X.shape[0] < min_samples:
        raise ValueError(
            f"Found array {name} with {X.shape[0]} sample(s) (shape={X.shape}) while a "
            f"minimum of {min_samples} is required."
        )
    if X.shape[1] == 0:
        raise ValueError(
            f"Found array {name} with 0 feature(s) (shape={X.shape}) while a minimum of 1 "
            "is required."
        )
    _check_finite(X, name)
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name} has {X.shape[1]} features, but {owner} is expecting {n_features} "
            f"features as input: pass data of shape (n_samples, {n_features})."
        )
    return X


def _check_finite(array, name):
    if not np.all(np.isfinite(array)):
        kind = "NaN" if np.any(np.isnan(array)) else "infinity"
        raise ValueError(f"Input {name} contains {kind}: every value must be a finite number.")


def check_array_shape(array, shape, name):
    """Return ``array`` as a finite float64 array of exactly ``shape``."""
    if array is None:
        raise TypeError(f"{name} must be an array of shape {shape}, got None.")
    try:
        array = np.asarray(array, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers of shape {shape}: {error}") from None
    if array.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {array.shape}.")
    _check_finite(array, name)
    return array


def check_weights(weights, n_components, name="weights"):
    """Return mixing weights of shape (n_components,): non-negative, summing to one."""
    weights = check_array_shape(weights, (n_components,), name)
    if np.any(weights < 0) or np.any(weights > 1):
        raise ValueError(
            f"{name} must lie in [0, 1], got min {weights.min():.5g} and max {weights.max():.5g}."
        )
    if not np.isclose(weights.sum(), 1.0, rtol=0, atol=1e-8):
        raise ValueError(f"{name} must sum to one, got sum({name}) = {weights.sum():.10g}.")
    return weights


def check_covariance_type(covariance_type):
    if covariance_type not in COVARIANCE_TYPES:
        raise ValueError(
            f"covariance_type must be one of {COVARIANCE_TYPES}, got {covariance_type!r}."
        )
    return covariance_type


def parameter_shape(covariance_type, n_components, n_features):
    """Shape of a covariance (or precision) parameter for ``covariance_type``."""
    return {
        "full": (n_components, n_features, n_features),
        "tied": (n_features, n_features),
        "diag": (n_components, n_features),
        "spherical": (n_components,),
    }[covariance_type]


def check_integer(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}.")
    return int(value)


def check_non_negative(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a non-negative number, got {value!r}.")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative finite number, got {value}.")
    return float(value)


def check_n_components(n_components, n_samples=None):
    n_components = check_integer(n_components, "n_components", 1)
    if n_samples is not None and n_samples < n_components:
        raise ValueError(
            f"n_components={n_components} is more than the {n_samples} samples in X: "
            "each component needs at least one sample (expected n_samples >= n_components)."
        )
    return n_components


def check_dims(dims, n_features, n_dims=2, name="dims"):
    """Return ``dims`` as a tuple of distinct feature indices in ``0 .. n_features - 1``.

    ``n_dims`` is how many there must be (``None``: one or more).
    """
    wanted = "one or more" if n_dims is None else "two" if n_dims == 2 else str(n_dims)
    try:
        checked = tuple(operator.index(d) for d in dims)
    except TypeError:
        checked = ()
    if (not checked or len(set(checked)) != len(checked)
            or (n_dims is not None and len(checked) != n_dims)
            or not all(0 <= d < n_features for d in checked)):
        raise ValueError(
            f"{name} must be {wanted} different feature indices in 0..{n_features - 1}, "
            f"got {dims!r}."
        )
    return checked
