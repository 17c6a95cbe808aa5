"""Data sets used by the lessons.

Every data set is either made on the spot by seeded code or read from a file
shipped inside the package, so each notebook gives the same numbers on every
machine and nothing is downloaded.

- :func:`tutorial_1d`: 60 points in three clusters on a line (notebook 03).
- :func:`stretched_blobs`: three elongated clusters in 2D (notebooks 01, 04).
- :func:`five_blobs`: five elongated clusters in 2D (notebook 08).
- :func:`old_faithful`: 272 eruptions of the Old Faithful geyser (notebook 04).
- :func:`mml_example`: a 7-point worked example with a published EM result
  (notebook 03).
"""

from dataclasses import dataclass
from importlib import resources

import numpy as np

__all__ = [
    "OLD_FAITHFUL_COLUMNS",
    "MMLExample",
    "five_blobs",
    "mml_example",
    "old_faithful",
    "stretched_blobs",
    "tutorial_1d",
]

OLD_FAITHFUL_COLUMNS = ("eruptions", "waiting")
"""Names of the two columns returned by :func:`old_faithful`, in order."""

# The tutorial stretches its blobs with ``np.random.RandomState(0).randn(2, 2)``;
# drawing it the same way keeps the matrix bit for bit identical to the
# tutorial's: approximately [[1.764, 0.400], [0.979, 2.241]].
_STRETCH = np.random.RandomState(0).randn(2, 2)

# Centres of the blobs are drawn uniformly in this box, before stretching.
_CENTER_BOX = (-10.0, 10.0)


def tutorial_1d(offset=10.0):
    """Sixty points on a line in three clusters, as in the seed tutorial.

    Three clusters of 20 points around ``+offset``, ``-offset`` and 0, in that
    order. Within a cluster the points are ``linspace(-5, 5, 20)`` each scaled
    by a uniform random factor in [0, 1), so a cluster is denser near its
    centre and spreads up to 5 on either side.

    Parameters
    ----------
    offset : float, default=10.0
        Distance of the two outer cluster centres from 0.

    Returns
    -------
    X : ndarray of shape (60, 1), dtype float64
        The points as a column: rows 0-19 around ``+offset``, rows 20-39
        around ``-offset``, rows 40-59 around 0.

    Notes
    -----
    The random stream is ``np.random.RandomState(0)``, which is the stream
    ``np.random.seed(0)`` followed by ``np.random.rand`` gives, so with the
    default offset the values are exactly the tutorial's.
    """
    rng = np.random.RandomState(0)
    base = np.linspace(-5, 5, num=20)
    clusters = (
        base * rng.rand(20) + offset,
        base * rng.rand(20) - offset,
        base * rng.rand(20),
    )
    return np.concatenate(clusters).astype(np.float64).reshape(-1, 1)


def _make_blobs(n_samples, n_centers, cluster_std, random_state):
    """Isotropic Gaussian blobs in 2D, with their labels.

    Centres are drawn uniformly in the box ``(-10, 10)^2``; each point is its
    centre plus normal noise with standard deviation `cluster_std` in each
    coordinate. Samples are split as evenly as possible (the first
    ``n_samples % n_centers`` centres get one more point), then shuffled.
    This function checks nothing.

    Parameters
    ----------
    n_samples : int
    n_centers : int
    cluster_std : float
    random_state : int
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    labels : ndarray of shape (n_samples,), dtype int
        Index of the centre each point was drawn around.
    centers : ndarray of shape (n_centers, 2)
    """
    rng = np.random.default_rng(random_state)
    centers = rng.uniform(*_CENTER_BOX, size=(n_centers, 2))
    counts = np.full(n_centers, n_samples // n_centers)
    counts[: n_samples % n_centers] += 1
    labels = np.repeat(np.arange(n_centers), counts)
    X = centers[labels] + rng.normal(scale=cluster_std, size=(n_samples, 2))
    # Shuffled, so that any slice such as X[:100] contains every cluster.
    order = rng.permutation(n_samples)
    return X[order], labels[order], centers


def _check_blob_args(n_samples, n_centers, cluster_std):
    if int(n_centers) != n_centers or n_centers < 1:
        raise ValueError(f"n_centers must be a positive integer, got {n_centers!r}.")
    if int(n_samples) != n_samples or n_samples < n_centers:
        raise ValueError(
            f"n_samples must be an integer >= n_centers ({n_centers}), "
            f"got {n_samples!r}."
        )
    if not np.isfinite(cluster_std) or cluster_std <= 0:
        raise ValueError(f"cluster_std must be a positive number, got {cluster_std!r}.")


def stretched_blobs(
    n_samples=500, n_centers=3, cluster_std=1.5, random_state=182, return_labels=False
):
    """Elongated, tilted Gaussian clusters in 2D: where k-means goes wrong.

    Round blobs (see Notes) are multiplied on the right by a fixed 2 x 2
    matrix, so every cluster becomes the same tilted ellipse, about twice as
    long as it is wide. k-means, which cuts the plane into regions around
    its centres by straight distance, splits such clusters in the wrong
    places; a Gaussian mixture with full covariances recovers them.

    Parameters
    ----------
    n_samples : int, default=500
        Total number of points, shared as evenly as possible among the
        clusters.
    n_centers : int, default=3
        Number of clusters.
    cluster_std : float, default=1.5
        Standard deviation of each round blob before stretching.
    random_state : int, default=182
        Seed of the blobs (``np.random.default_rng(random_state)``). With the
        other defaults, seed 182 gives three tilted ellipses in a row, each
        touching the next at its tips: they are still visibly three clusters,
        but k-means draws its borders nearly upright and hands the tips of
        each ellipse to its neighbour (about 40 of the 500 points, against
        about 15 for a Gaussian mixture), and the points where two ellipses
        meet have split memberships.
    return_labels : bool, default=False
        Also return the index of the cluster each point was drawn from.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), dtype float64
        The points, in shuffled order.
    labels : ndarray of shape (n_samples,), dtype int64
        Cluster of each point, in ``range(n_centers)``. Only returned when
        `return_labels` is True.

    Notes
    -----
    Before stretching, cluster centres are uniform in the box ``(-10, 10)^2``
    and each point is its centre plus isotropic normal noise with standard
    deviation `cluster_std`. A row ``x`` becomes ``x @ S`` with
    ``S = np.random.RandomState(0).randn(2, 2)``, the stretch of the seed
    tutorial, so each cluster has covariance ``cluster_std**2 * S.T @ S``.
    """
    _check_blob_args(n_samples, n_centers, cluster_std)
    X, labels, _ = _make_blobs(n_samples, n_centers, cluster_std, random_state)
    X = X @ _STRETCH
    if return_labels:
        return X, labels
    return X


def five_blobs(n_samples=1000, cluster_std=0.5, random_state=33, return_labels=False):
    """Five elongated, well-separated clusters in 2D.

    The data of the scikit-learn notebook: :func:`stretched_blobs` with five
    centres and tighter clusters.

    Parameters
    ----------
    n_samples : int, default=1000
        Total number of points, 200 per cluster by default.
    cluster_std : float, default=0.5
        Standard deviation of each round blob before stretching.
    random_state : int, default=33
        Seed of the blobs (``np.random.default_rng(random_state)``). With the
        other defaults, seed 33 gives five elongated clusters spread over the
        plane, each clearly apart from the others (the closest two centres
        are about 10 standard deviations apart before stretching).
    return_labels : bool, default=False
        Also return the index of the cluster each point was drawn from.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), dtype float64
        The points, in shuffled order.
    labels : ndarray of shape (n_samples,), dtype int64
        Cluster of each point, in ``range(5)``. Only returned when
        `return_labels` is True.
    """
    return stretched_blobs(
        n_samples=n_samples,
        n_centers=5,
        cluster_std=cluster_std,
        random_state=random_state,
        return_labels=return_labels,
    )


def old_faithful(standardize=False):
    """Eruptions of the Old Faithful geyser: the classic two-cluster data.

    272 eruptions in Yellowstone National Park, the data of Bishop,
    *Pattern Recognition and Machine Learning*, figure 9.8. Read from the copy
    shipped in the package (``gmm_lesson/data/old_faithful.csv``; its source is
    stated in ``gmm_lesson/data/README.md``).

    Parameters
    ----------
    standardize : bool, default=False
        If True, z-score each column: subtract its mean and divide by its
        population standard deviation (``ddof=0``), as Bishop does before
        fitting.

    Returns
    -------
    X : ndarray of shape (272, 2), dtype float64
        Column 0 is the eruption duration in minutes, column 1 the waiting
        time to the next eruption in minutes (names in
        :data:`OLD_FAITHFUL_COLUMNS`). A new array on every call.
    """
    source = resources.files("gmm_lesson").joinpath("data", "old_faithful.csv")
    with source.open("r", encoding="utf-8") as f:
        X = np.loadtxt(f, delimiter=",", skiprows=1, dtype=np.float64)
    if standardize:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X


@dataclass(frozen=True, eq=False)
class MMLExample:
    """A 1D mixture problem with a published EM result.

    The starting point and the result printed after five EM iterations in
    Deisenroth, Faisal and Ong, *Mathematics for Machine Learning*, chapter 11.
    Returned by :func:`mml_example`; the attributes are described there.
    """

    X: np.ndarray
    weights_init: np.ndarray
    means_init: np.ndarray
    covariances_init: np.ndarray
    published_weights: np.ndarray
    published_means: np.ndarray
    published_variances: np.ndarray
    published_log_likelihood_start: float
    published_log_likelihood_end: float
    n_iter: int
    source: str


def mml_example():
    """The worked example of *Mathematics for Machine Learning*, chapter 11.

    Seven points on a line, three components, a fixed start, and the mixture
    the book prints after five EM iterations, rounded to two decimals:
    ``0.29 N(x | -2.75, 0.06) + 0.28 N(x | -0.50, 0.25) + 0.43 N(x | 3.64, 1.63)``
    (the second argument of ``N`` is a variance).

    Returns
    -------
    example : MMLExample
        A frozen dataclass with attributes

        X : ndarray of shape (7, 1)
            The data, -3, -2.5, -1, 0, 2, 4, 5.
        weights_init : ndarray of shape (3,)
            Starting mixing weights, 1/3 each.
        means_init : ndarray of shape (3, 1)
            Starting means, -4, 0, 8.
        covariances_init : ndarray of shape (3, 1, 1)
            Starting variances, 1, 0.2, 3.
        published_weights : ndarray of shape (3,)
            Weights after five iterations, 0.29, 0.28, 0.43.
        published_means : ndarray of shape (3,)
            Means after five iterations, -2.75, -0.50, 3.64.
        published_variances : ndarray of shape (3,)
            Variances after five iterations, 0.06, 0.25, 1.63.
        published_log_likelihood_start : float
            Log-likelihood at the start, -28.33.
        published_log_likelihood_end : float
            Log-likelihood after five iterations, -13.97.
        n_iter : int
            Number of EM iterations the published result is after, 5.
        source : str
            The reference.

    Notes
    -----
    The log-likelihood is ``sum_i log sum_k w_k N(x_i | m_k, v_k)``. Five
    iterations of plain EM from this start reproduce every printed number
    when rounded to two decimals. Arrays are new on every call, so a learner
    may change them freely.
    """
    return MMLExample(
        X=np.array([-3.0, -2.5, -1.0, 0.0, 2.0, 4.0, 5.0]).reshape(-1, 1),
        weights_init=np.full(3, 1.0 / 3.0),
        means_init=np.array([-4.0, 0.0, 8.0]).reshape(-1, 1),
        covariances_init=np.array([1.0, 0.2, 3.0]).reshape(-1, 1, 1),
        published_weights=np.array([0.29, 0.28, 0.43]),
        published_means=np.array([-2.75, -0.50, 3.64]),
        published_variances=np.array([0.06, 0.25, 1.63]),
        published_log_likelihood_start=-28.33,
        published_log_likelihood_end=-13.97,
        n_iter=5,
        source=(
            "M. P. Deisenroth, A. A. Faisal and C. S. Ong, Mathematics for "
            "Machine Learning, Cambridge University Press, 2020, chapter 11 "
            "(Density Estimation with Gaussian Mixture Models), worked example "
            "of sections 11.2-11.3."
        ),
    )
