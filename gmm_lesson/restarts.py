"""Restarts: EM fitted from several of the estimator's starts on the same data, compared.

:func:`fit_start` is one run, from one of :class:`~gmm_lesson.mixture.GaussianMixture`'s
starts (``init_params``) drawn with one seed: the run the EM explorer makes for the same
start and seed (``EMExplorer.reinitialise(seed=..., init=...)``), so that any run can be
opened there again. :func:`fit_restarts` makes many such runs and compares them with
:func:`~gmm_lesson.em.compare_restarts`: which ended on the same fit as the best run, and
which of those list its components in another order (label switching).

It sits beside the estimator, after the ``em`` layer: the starts are the estimator's.
scikit-learn, which draws them, is imported on the first fit.
"""

import time
import warnings

from gmm_lesson._validation import (
    check_covariance_type,
    check_integer,
    check_n_components,
    check_non_negative,
    check_X,
)
from gmm_lesson.em import (
    LOWER_PEAK_MARGIN,
    SAME_MEAN_DISTANCE,
    CollapseError,
    compare_restarts,
)

__all__ = ["fit_restarts", "fit_start"]


def fit_start(X, n_components, *, init="kmeans", seed=0, tol=1e-3, max_iter=100,
              reg_covar=1e-6, covariance_type="full"):
    """One run of EM from one of the estimator's starts, drawn with one seed.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components : int
    init : {'kmeans', 'k-means++', 'random', 'random_from_data'}, default='kmeans'
        The start (:class:`~gmm_lesson.mixture.GaussianMixture`'s ``init_params``).
    seed : int, default=0
        The seed it is drawn with (``random_state``).
    tol : float, default=1e-3
    max_iter : int, default=100
    reg_covar : float, default=1e-6
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'
        These four as :class:`~gmm_lesson.mixture.GaussianMixture` takes them.

    Returns
    -------
    history : EMHistory
        The run from its start to its last M-step.

    Raises
    ------
    ValueError
        As :meth:`GaussianMixture.fit <gmm_lesson.mixture.GaussianMixture.fit>`, naming
        the parameter.
    CollapseError
        If EM broke off (possible with ``reg_covar=0``); its ``history`` holds the run
        up to there.

    Warns
    -----
    sklearn.exceptions.ConvergenceWarning
        If the run stopped at ``max_iter``.
    CollapseWarning
        If it ended with a collapsed component.

    Notes
    -----
    ``GaussianMixture(n_components, init_params=init, random_state=seed, ...)`` fitted
    once: the same start, and the same run to rounding, as scikit-learn's estimator makes
    from the same ``init_params`` and ``random_state`` (but for 'tied' covariances from a
    one-point start, see :mod:`gmm_lesson.mixture`).
    """
    from gmm_lesson.mixture import GaussianMixture

    model = GaussianMixture(n_components, init_params=init, random_state=seed, tol=tol,
                            max_iter=max_iter, reg_covar=reg_covar,
                            covariance_type=covariance_type)
    return model.fit(X).history_


def _check_inits(inits):
    from gmm_lesson.mixture import INIT_PARAMS

    if inits is None:
        return INIT_PARAMS
    inits = (inits,) if isinstance(inits, str) else tuple(inits)
    if not inits or len(set(inits)) != len(inits) or not set(inits) <= set(INIT_PARAMS):
        raise ValueError(f"inits must be one or more different starts of {INIT_PARAMS}, got "
                         f"{inits!r}.")
    return inits


def fit_restarts(X, n_components, *, n_starts=20, inits=None, random_state=0, tol=1e-3,
                 max_iter=100, reg_covar=1e-6, covariance_type="full",
                 margin=LOWER_PEAK_MARGIN, mean_distance=SAME_MEAN_DISTANCE):
    """Fit EM from ``n_starts`` starts of the kinds ``inits`` and compare the runs.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components : int
    n_starts : int, default=20
        How many runs.
    inits : sequence of str, optional
        The kinds of start taken in turn (``init_params`` of
        :class:`~gmm_lesson.mixture.GaussianMixture`); default: all four, in the order
        of :data:`gmm_lesson.mixture.INIT_PARAMS`.
    random_state : int, default=0
        The first seed: run ``i`` starts from ``inits[i % len(inits)]`` drawn with
        seed ``random_state + i // len(inits)``, so each kind of start gets the seeds
        ``random_state``, ``random_state + 1``, ...
    tol : float, default=1e-3
    max_iter : int, default=100
    reg_covar : float, default=1e-6
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default='full'
        These four as :class:`~gmm_lesson.mixture.GaussianMixture` takes them, for
        every run.
    margin : float, default=:data:`~gmm_lesson.em.LOWER_PEAK_MARGIN`
    mean_distance : float, default=:data:`~gmm_lesson.em.SAME_MEAN_DISTANCE`
        These two tell two fits apart (:func:`~gmm_lesson.em.compare_restarts`).

    Returns
    -------
    Restarts
        One :class:`~gmm_lesson.em.RestartRun` per run, in the order run.

    Raises
    ------
    ValueError, TypeError
        Naming the parameter that is out of its range or of the wrong type.

    Notes
    -----
    Each run is :func:`fit_start` of its start and seed, and can be made again from
    those two alone: the EM explorer does so with
    ``explorer.reinitialise(seed=run.seed, init=run.init)``. A run that breaks off
    (:class:`~gmm_lesson.em.CollapseError`) is kept as far as it went. The warnings of
    the runs are not shown: each run's ``converged`` and ``collapsed`` say what they
    would. A run's ``seconds`` is its wall-clock time, scikit-learn's start included;
    the first run of a kind of start also pays for setting that kind up (loading
    scikit-learn's k-means code, for one), so compare medians rather than single runs.

    Examples
    --------
    >>> restarts = fit_restarts(datasets.stretched_blobs(), 3)
    >>> restarts.n_fits, restarts.runs_per_fit[0], restarts.n_label_switched
    (6, 11, 7)
    """
    X = check_X(X, min_samples=2)
    n_components = check_n_components(n_components, X.shape[0])
    n_starts = check_integer(n_starts, "n_starts", 1)
    inits = _check_inits(inits)
    random_state = check_integer(random_state, "random_state", 0)
    params = dict(tol=check_non_negative(tol, "tol"),
                  max_iter=check_integer(max_iter, "max_iter", 1),
                  reg_covar=check_non_negative(reg_covar, "reg_covar"),
                  covariance_type=check_covariance_type(covariance_type))
    from gmm_lesson.mixture import GaussianMixture  # noqa: F401  (imported before the timing)

    starts = [(inits[i % len(inits)], random_state + i // len(inits)) for i in range(n_starts)]
    histories, seconds = [], []
    for init, seed in starts:
        began = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                history = fit_start(X, n_components, init=init, seed=seed, **params)
            except CollapseError as error:
                history = error.history
        seconds.append(time.perf_counter() - began)
        histories.append(history)
    return compare_restarts(X, starts, histories, seconds=seconds, tol=params["tol"],
                            reg_covar=params["reg_covar"], margin=margin,
                            mean_distance=mean_distance)
