"""A Dirichlet-process prior on the weights, made weaker and stronger: one fit per value.

:func:`fit_concentration_path` fits scikit-learn's ``BayesianGaussianMixture`` once for
each value of its ``weight_concentration_prior`` on the same data, from the same
start (the same ``random_state``), so that the prior is the only thing that changes,
and returns the fits as a :class:`ConcentrationPath`: their weights, each fit as a
:class:`~gmm_lesson.em.MixtureState`, and how many components carry a weight above a
threshold (:meth:`ConcentrationPath.n_used`).

What the prior does, measured with the defaults here (eight components, priors 1e-3 to
1e3): with the Dirichlet process, the weights of the components the data do not need
fall by orders of magnitude as the prior gets smaller (on standardised Old Faithful,
the third largest weight is about 4e-3 at a prior of 1e3, 2e-3 at 1 and 4e-6 at
1e-3), while the components the data need keep theirs; on these data sets the number
of components above a weight of 0.01 stays the same (2 on Old Faithful, 5 on
:func:`~gmm_lesson.datasets.five_blobs`) over the whole range. With
``weight_concentration_prior_type='dirichlet_distribution'`` a large prior (10 and
more) spreads weight over every component instead.

It sits beside the estimator, after the ``em`` layer, and never imports matplotlib;
scikit-learn is imported on the first fit.
"""

import warnings
from dataclasses import dataclass

import numpy as np

from gmm_lesson._validation import check_integer, check_n_components, check_X
from gmm_lesson.em import MixtureState

__all__ = ["DEFAULT_PRIORS", "USED_WEIGHT", "ConcentrationPath", "fit_concentration_path"]

DEFAULT_PRIORS = np.logspace(-3, 3, 13)
"""The priors fitted by default: 1e-3 to 1e3, two to a decade (13 values)."""

USED_WEIGHT = 0.01
"""The weight above which a component counts as used, by default."""

_FIXED = ("n_components", "weight_concentration_prior", "random_state")


@dataclass(frozen=True, eq=False)
class ConcentrationPath:
    """Fits of one Bayesian mixture, one per value of the prior on its weights.

    Attributes
    ----------
    priors : ndarray of shape (n_priors,)
        The values of ``weight_concentration_prior``, increasing.
    models : tuple of sklearn.mixture.BayesianGaussianMixture
        The fitted estimators, ``models[i]`` with ``priors[i]``.
    weights : ndarray of shape (n_priors, n_components)
        Each fit's ``weights_``.
    states : list of MixtureState
        Each fit's ``weights_``, ``means_`` and ``covariances_`` as a mixture.
    converged : ndarray of shape (n_priors,), dtype bool
        Whether each fit converged before ``max_iter``.
    n_iter : ndarray of shape (n_priors,), dtype int
        Each fit's iterations.
    lower_bounds : ndarray of shape (n_priors,)
        Each fit's ``lower_bound_`` (of its best initialisation).
    weight_concentration_prior_type : str
        ``'dirichlet_process'`` or ``'dirichlet_distribution'``.
    random_state : int
        The seed every fit started from.
    """

    priors: np.ndarray
    models: tuple
    weights: np.ndarray
    states: list
    converged: np.ndarray
    n_iter: np.ndarray
    lower_bounds: np.ndarray
    weight_concentration_prior_type: str
    random_state: int

    def __len__(self):
        return len(self.priors)

    @property
    def n_components(self):
        """The number of components of every fit."""  # numpydoc ignore=RT01
        return self.weights.shape[1]

    def n_used(self, threshold=USED_WEIGHT):
        """How many components carry a weight above ``threshold``, for each prior.

        Parameters
        ----------
        threshold : float, default=:data:`USED_WEIGHT`
            Between 0 and 1.

        Returns
        -------
        ndarray of shape (n_priors,), dtype int
        """
        return self.used(threshold).sum(axis=1)

    def used(self, threshold=USED_WEIGHT):
        """Which components carry a weight above ``threshold``, for each prior.

        Parameters
        ----------
        threshold : float, default=:data:`USED_WEIGHT`
            Between 0 and 1.

        Returns
        -------
        ndarray of shape (n_priors, n_components), dtype bool
        """
        threshold = _check_threshold(threshold)
        return self.weights > threshold

    def index_of(self, prior):
        """The index of the prior nearest ``prior``, on a logarithmic scale.

        Parameters
        ----------
        prior : float
            Above zero.

        Returns
        -------
        index : int
        """
        prior = _check_prior(prior, "prior")
        return int(np.argmin(np.abs(np.log(self.priors) - np.log(prior))))


def _check_threshold(threshold):
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)):
        raise TypeError(f"threshold must be a number between 0 and 1, got {threshold!r}.")
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}.")
    return float(threshold)


def _check_prior(prior, name):
    if isinstance(prior, bool) or not isinstance(prior, (int, float, np.number)):
        raise TypeError(f"{name} must be a number above zero, got {prior!r}.")
    if not np.isfinite(prior) or prior <= 0:
        raise ValueError(f"{name} must be a finite number above zero, got {prior}.")
    return float(prior)


def _check_priors(priors):
    if priors is None:
        return DEFAULT_PRIORS.copy()
    if isinstance(priors, str):
        raise TypeError(f"priors must be a sequence of numbers above zero, got {priors!r}.")
    try:
        values = np.asarray(priors, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError("priors must be a sequence of numbers above zero, got "
                        f"{priors!r}.") from None
    values = np.atleast_1d(values)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError(f"priors must be a 1D sequence of one or more numbers, got shape "
                         f"{np.shape(priors)}.")
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ValueError(f"priors must all be finite numbers above zero, got {values}.")
    return np.unique(values)


def _check_params(params):
    from sklearn.mixture import BayesianGaussianMixture

    fixed = sorted(set(params) & set(_FIXED))
    if fixed:
        raise TypeError(f"{fixed[0]} is set by fit_concentration_path itself: pass it as its "
                        "own argument (priors for weight_concentration_prior).")
    known = BayesianGaussianMixture().get_params()
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise TypeError(f"{unknown[0]!r} is not a parameter of BayesianGaussianMixture; it "
                        f"takes {sorted(set(known) - set(_FIXED))}.")
    return params


def fit_concentration_path(X, n_components, priors=None, *, random_state=0, **params):
    """Fit a Bayesian Gaussian mixture once for each value of the prior on its weights.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components : int
        The most components a fit may use (the truncation of the Dirichlet process).
    priors : array-like of shape (n_priors,), optional
        Values of ``weight_concentration_prior``, each above zero; fitted in increasing
        order, repeats dropped. Default: :data:`DEFAULT_PRIORS`, 1e-3 to 1e3.
    random_state : int, default=0
        The seed of every fit, so that every fit starts from the same place.
    **params
        Any other parameter of ``sklearn.mixture.BayesianGaussianMixture``
        (``weight_concentration_prior_type``, ``covariance_type``, ``max_iter``,
        ``n_init``, ...), the same for every fit; its defaults otherwise (a
        Dirichlet process).

    Returns
    -------
    ConcentrationPath
        The fits, one per prior.

    Raises
    ------
    ValueError, TypeError
        Naming the parameter that is out of its range or not known.

    Notes
    -----
    ``path.models[i]`` is ``BayesianGaussianMixture(n_components,
    weight_concentration_prior=priors[i], random_state=random_state, **params)``
    fitted on ``X``, from scratch: no fit starts from another's result, so that each
    is the fit a learner gets by making that estimator alone. scikit-learn's
    ``ConvergenceWarning`` is not shown; ``path.converged`` says which fits stopped at
    ``max_iter``.

    Examples
    --------
    >>> path = fit_concentration_path(datasets.old_faithful(standardize=True), 8)
    >>> path.n_used()[[0, -1]]
    array([2, 2])
    """
    from sklearn.mixture import BayesianGaussianMixture

    X = check_X(X, min_samples=2)
    n_components = check_n_components(n_components, X.shape[0])
    priors = _check_priors(priors)
    random_state = check_integer(random_state, "random_state", 0)
    params = _check_params(params)
    from gmm_lesson.mixture import _threadpools

    models = []
    # One thread: on a lesson's data more gain nothing, and on a busy two-core machine
    # k-means' OpenMP threads and the BLAS pools wait on each other (measured: 11 s
    # for four fits on Old Faithful with the default pools, 0.8 s with one thread).
    with _threadpools().limit(limits=1), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*did not converge.*")
        for prior in priors:
            model = BayesianGaussianMixture(n_components=n_components,
                                            weight_concentration_prior=float(prior),
                                            random_state=random_state, **params)
            models.append(model.fit(X))
    states = [MixtureState.from_parameters(m.weights_, m.means_, m.covariances_,
                                           m.covariance_type) for m in models]
    return ConcentrationPath(
        priors=priors,
        models=tuple(models),
        weights=np.array([m.weights_ for m in models]),
        states=states,
        converged=np.array([bool(m.converged_) for m in models]),
        n_iter=np.array([int(m.n_iter_) for m in models]),
        lower_bounds=np.array([float(m.lower_bound_) for m in models]),
        weight_concentration_prior_type=models[0].weight_concentration_prior_type,
        random_state=random_state,
    )
