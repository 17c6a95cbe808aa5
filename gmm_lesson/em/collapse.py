"""Collapse detection: which components sit on a single point, and the warning naming them.

:func:`collapsed_components` finds them in a :class:`~gmm_lesson.em.MixtureState`;
:func:`warn_if_collapsed` issues a :class:`CollapseWarning` that names them and says
what to try.
"""

import warnings

import numpy as np

from gmm_lesson._validation import check_non_negative
from gmm_lesson.em.state import check_state

__all__ = ["CollapseWarning", "collapsed_components", "warn_if_collapsed"]


class CollapseWarning(UserWarning):
    """A component has shrunk onto (almost) a single point."""


def collapsed_components(state, reg_covar=1e-6, X=None):
    """Indices of components that have collapsed onto a point (or a line) of the data.

    The M-step adds ``reg_covar`` to every variance, so a component's smallest
    variance (the smallest eigenvalue of its covariance) is the data's share plus
    ``reg_covar``. A component has collapsed when the data's share is negligible: what
    holds it open in that direction is the regulariser, not the data, and without it
    the likelihood would grow without bound. "Negligible" means at most a millionth of
    the data's smallest variance (if ``X`` is given; otherwise of the component's own
    largest variance), or rounding noise. So a healthy component is never flagged,
    however large ``reg_covar`` is, and a collapsed one is flagged at every
    ``reg_covar``. A tied covariance is shared by all components, so none of them can
    collapse alone.

    Parameters
    ----------
    state : MixtureState
    reg_covar : float, default=1e-6
        The regulariser the state was fitted with.
    X : array-like of shape (n_samples, n_features), optional
        The data, to judge "negligible" against its spread.

    Returns
    -------
    indices : list of int

    Notes
    -----
    A start made from single data points ('k-means++', 'random_from_data') has
    covariance ``reg_covar * I`` on purpose, and is reported here too: each of its
    components sits on one point until the first E-step.
    """
    check_state(state)
    reg_covar = check_non_negative(reg_covar, "reg_covar")
    if state.covariance_type == "tied":
        return []
    eigenvalues = np.linalg.eigvalsh(state.full_covariances())
    data_share = eigenvalues[:, 0] - reg_covar
    if X is not None:
        scale = float(np.min(np.var(state._check_X(X), axis=0)))
    else:
        scale = eigenvalues[:, -1] - reg_covar
    # The share is a difference of numbers as large as the largest variance, and the
    # variances were computed from squares of numbers as large as the mean.
    eps = np.finfo(np.float64).eps
    rounding = 1e3 * eps * (1 + eigenvalues[:, -1] + np.max(state.means**2, axis=1))
    negligible = np.maximum(1e-6 * np.maximum(scale, 0.0), rounding)
    return [int(k) for k in np.flatnonzero(data_share <= negligible)]


def warn_if_collapsed(state, reg_covar, X=None, stacklevel=2):
    """Issue a :class:`CollapseWarning` naming each collapsed component, and return them.

    Parameters
    ----------
    state : MixtureState
    reg_covar : float
        The regularisation the fit added to every covariance.
    X : array-like of shape (n_samples, n_features), optional
        The data, to judge a variance against (see :func:`collapsed_components`).
    stacklevel : int, default=2
        As in :func:`warnings.warn`.

    Returns
    -------
    list of int
        The collapsed components, as :func:`collapsed_components` finds them.
    """
    collapsed = collapsed_components(state, reg_covar, X)
    if collapsed:
        warnings.warn(
            f"Component(s) {collapsed} collapsed: in some direction their variance is "
            f"only the reg_covar={reg_covar:g} added to it, so they sit on a single point "
            "(or a line) of the data, and without reg_covar the log-likelihood would grow "
            "without bound. Try another start, more restarts (n_init), fewer components, "
            "or a larger reg_covar.",
            CollapseWarning,
            stacklevel=stacklevel,
        )
    return collapsed
