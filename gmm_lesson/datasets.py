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

Presets, a few hundred points each, that show how EM behaves (:data:`PRESETS`
names them for a menu; :func:`preset` makes one by its name):

- :func:`overlapping_clusters`: two round clusters that overlap.
- :func:`far_outlier`: two clusters and one point far from both.
- :func:`noisy_ring`: points on a noisy circle.
- :func:`line_of_duplicates`: a cloud and repeated points on an exact line.
- :func:`unequal_clusters`: a large wide cluster and a small tight one.
"""

from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

import numpy as np

__all__ = [
    "OLD_FAITHFUL_COLUMNS",
    "PRESETS",
    "MMLExample",
    "far_outlier",
    "five_blobs",
    "line_of_duplicates",
    "mml_example",
    "noisy_ring",
    "old_faithful",
    "overlapping_clusters",
    "preset",
    "stretched_blobs",
    "tutorial_1d",
    "unequal_clusters",
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


# --- Presets: small data sets that each show one behaviour of EM ---------------------
#
# A few hundred points at most, so that EM refits at interactive speed in the explorer.


def _check_count(value, name, minimum):
    if isinstance(value, bool) or int(value) != value or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}.")
    return int(value)


def _check_positive(value, name):
    if isinstance(value, bool) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}.")
    return float(value)


def _shuffled(X, labels, rng):
    order = rng.permutation(len(X))
    return X[order], labels[order]


def _with_labels(X, labels, return_labels):
    return (X, labels) if return_labels else X


def overlapping_clusters(n_samples=300, separation=2.5, random_state=0, return_labels=False):
    """Two round clusters that overlap: soft memberships where they meet.

    Each cluster is a standard normal in 2D (standard deviation 1 in every
    direction) around its centre; the centres are ``(-separation / 2, 0)`` and
    ``(separation / 2, 0)``. With the default separation of 2.5 standard
    deviations the two clouds run into each other: along the line through
    the centres the density of the pair still dips between them, but a point
    of either cluster lies nearer the other centre with probability
    ``Phi(-separation / 2)``, about 0.11 (``Phi`` the standard normal
    distribution function): about one point in ten sits on the other
    cluster's side, and a mixture gives the points in the middle split
    memberships.

    Parameters
    ----------
    n_samples : int, default=300
        Total number of points, at least 2: cluster 0 gets
        ``n_samples - n_samples // 2``, cluster 1 ``n_samples // 2``.
    separation : float, default=2.5
        Distance between the two centres, in standard deviations of a cluster.
    random_state : int, default=0
        Seed of the points (``np.random.default_rng(random_state)``).
    return_labels : bool, default=False
        Also return the index of the cluster each point was drawn from.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), dtype float64
        The points, in shuffled order.
    labels : ndarray of shape (n_samples,), dtype int64
        Cluster of each point, 0 (left) or 1 (right). Only returned when
        `return_labels` is True.
    """
    n_samples = _check_count(n_samples, "n_samples", 2)
    separation = _check_positive(separation, "separation")
    rng = np.random.default_rng(random_state)
    labels = np.repeat([0, 1], [n_samples - n_samples // 2, n_samples // 2])
    centers = np.array([[-separation / 2, 0.0], [separation / 2, 0.0]])
    X = centers[labels] + rng.normal(size=(n_samples, 2))
    return _with_labels(*_shuffled(X, labels, rng), return_labels)


def far_outlier(n_samples=200, distance=15.0, random_state=0, return_labels=False):
    """Two clean clusters and one point far from both: a component for one point.

    ``n_samples - 1`` points in two round clusters, standard deviation 0.8,
    around ``(-2, 0)`` and ``(2, 0)`` (five standard deviations apart, so
    they barely touch), and one more point, the outlier, at ``distance`` from
    the origin in the direction ``(0.6, 0.8)``: at ``(9, 12)`` by default, 12
    units (15 of the clusters' standard deviations) above them. A mixture
    with a component to spare can give it to the outlier alone, a component
    on a single point, which collapses (notebook 06); with two components,
    the outlier stretches the covariance of the one it joins towards itself.

    Parameters
    ----------
    n_samples : int, default=200
        Total number of points, the outlier included, at least 3.
    distance : float, default=15.0
        Distance of the outlier from the origin, midway between the centres.
    random_state : int, default=0
        Seed of the clusters (``np.random.default_rng(random_state)``); the
        outlier does not depend on it.
    return_labels : bool, default=False
        Also return the index of the group each point belongs to.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), dtype float64
        The clusters' points in shuffled order, then the outlier as the last
        row, ``X[-1]``.
    labels : ndarray of shape (n_samples,), dtype int64
        0 and 1 for the two clusters, 2 for the outlier. Only returned when
        `return_labels` is True.
    """
    n_samples = _check_count(n_samples, "n_samples", 3)
    distance = _check_positive(distance, "distance")
    rng = np.random.default_rng(random_state)
    n_clean = n_samples - 1
    labels = np.repeat([0, 1], [n_clean - n_clean // 2, n_clean // 2])
    centers = np.array([[-2.0, 0.0], [2.0, 0.0]])
    X = centers[labels] + rng.normal(scale=0.8, size=(n_clean, 2))
    X, labels = _shuffled(X, labels, rng)
    X = np.vstack([X, distance * np.array([[0.6, 0.8]])])
    return _with_labels(X, np.append(labels, 2), return_labels)


def noisy_ring(n_samples=300, radius=4.0, noise=0.3, random_state=0):
    """Points on a noisy circle: a shape no single Gaussian fits.

    Each point is at a uniformly random angle, at distance ``radius + noise * z``
    from the origin, with ``z`` standard normal. The data are one group, yet a
    Gaussian mixture can only cover the ring with several components laid
    around it like beads, and a single Gaussian puts its peak at the centre,
    where there are no points at all.

    Parameters
    ----------
    n_samples : int, default=300
        Number of points, at least 1.
    radius : float, default=4.0
        Radius of the circle.
    noise : float, default=0.3
        Standard deviation of each point's distance from the circle, along
        the radius.
    random_state : int, default=0
        Seed of the points (``np.random.default_rng(random_state)``).

    Returns
    -------
    X : ndarray of shape (n_samples, 2), dtype float64
        The points, in random order of angle.
    """
    n_samples = _check_count(n_samples, "n_samples", 1)
    radius = _check_positive(radius, "radius")
    noise = _check_positive(noise, "noise")
    rng = np.random.default_rng(random_state)
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n_samples)
    distance = radius + noise * rng.normal(size=n_samples)
    return np.column_stack([distance * np.cos(angle), distance * np.sin(angle)])


def line_of_duplicates(n_cloud=200, n_positions=10, n_repeats=4, random_state=0,
                       return_labels=False):
    """A round cloud and a row of repeated points on an exact line: covariance singular.

    ``n_cloud`` points from a standard normal around ``(0, 3)``, and a line of
    ``n_positions`` points, each repeated ``n_repeats`` times, at
    ``x = 0.5 * (i - (n_positions - 1) / 2)`` for ``i = 0, 1, ...`` and
    ``y = x / 2 - 1`` (by default ``x`` runs from -2.25 to 2.25 in steps of 0.5),
    as rows whose first column was rounded to a coarse grid and whose second
    was computed from the first would be. Every coordinate of the line is a multiple of
    1/8, exactly representable in floating point, so the points lie exactly on
    the line, not only to rounding.

    A component that holds only the line's points has no spread across the
    line: its covariance is singular, and so is the covariance of a component
    on a single repeated position (one distinct point, where a 2D covariance
    needs at least three not on one line). A fit without ``reg_covar`` in which
    a component ends on the line fails (scikit-learn's "ill-defined empirical
    covariance"); with ``reg_covar``, that component is held open by it alone
    (notebook 06).

    Parameters
    ----------
    n_cloud : int, default=200
        Number of points in the cloud, at least 1.
    n_positions : int, default=10
        Number of distinct points on the line, at least 2.
    n_repeats : int, default=4
        How many times each point of the line is repeated, at least 1.
    random_state : int, default=0
        Seed of the cloud and of the shuffle (``np.random.default_rng``); the
        line does not depend on it.
    return_labels : bool, default=False
        Also return which group each point belongs to.

    Returns
    -------
    X : ndarray of shape (n_cloud + n_positions * n_repeats, 2), dtype float64
        The points, in shuffled order.
    labels : ndarray of shape (n_cloud + n_positions * n_repeats,), dtype int64
        0 for the cloud, 1 for the line. Only returned when `return_labels`
        is True.
    """
    n_cloud = _check_count(n_cloud, "n_cloud", 1)
    n_positions = _check_count(n_positions, "n_positions", 2)
    n_repeats = _check_count(n_repeats, "n_repeats", 1)
    rng = np.random.default_rng(random_state)
    cloud = rng.normal(size=(n_cloud, 2)) + [0.0, 3.0]
    x = np.repeat(0.5 * (np.arange(n_positions) - (n_positions - 1) / 2), n_repeats)
    line = np.column_stack([x, x / 2 - 1])
    X = np.vstack([cloud, line])
    labels = np.repeat([0, 1], [n_cloud, len(line)])
    return _with_labels(*_shuffled(X, labels, rng), return_labels)


def unequal_clusters(n_samples=(300, 20), cluster_std=(1.5, 0.3), random_state=0,
                     return_labels=False):
    """A large, wide cluster and a small, tight one at its edge.

    Round normal clusters around ``(0, 0)`` and ``(4, 3)``; by default 300
    points with standard deviation 1.5 and 20 points with standard deviation
    0.3. The small cluster is five units from the large one's centre, about
    3.3 of its standard deviations: at its edge, apart but not far. Its
    weight in a good fit is only ``20 / 320 = 0.0625``, so a start that puts
    no component near it can leave it inside the large component's ellipse,
    and EM can take many iterations to find it.

    Parameters
    ----------
    n_samples : (int, int), default=(300, 20)
        Number of points of the large and of the small cluster, each at
        least 1.
    cluster_std : (float, float), default=(1.5, 0.3)
        Standard deviation of the large and of the small cluster.
    random_state : int, default=0
        Seed of the points (``np.random.default_rng(random_state)``).
    return_labels : bool, default=False
        Also return the index of the cluster each point was drawn from.

    Returns
    -------
    X : ndarray of shape (sum(n_samples), 2), dtype float64
        The points, in shuffled order.
    labels : ndarray of shape (sum(n_samples),), dtype int64
        0 for the large cluster, 1 for the small one. Only returned when
        `return_labels` is True.
    """
    if np.ndim(n_samples) != 1 or len(n_samples) != 2:
        raise ValueError(f"n_samples must be a pair of integers, got {n_samples!r}.")
    if np.ndim(cluster_std) != 1 or len(cluster_std) != 2:
        raise ValueError(f"cluster_std must be a pair of numbers, got {cluster_std!r}.")
    sizes = [_check_count(n, "n_samples", 1) for n in n_samples]
    spreads = np.array([_check_positive(s, "cluster_std") for s in cluster_std])
    rng = np.random.default_rng(random_state)
    labels = np.repeat([0, 1], sizes)
    centers = np.array([[0.0, 0.0], [4.0, 3.0]])
    X = centers[labels] + spreads[labels, np.newaxis] * rng.normal(size=(sum(sizes), 2))
    return _with_labels(*_shuffled(X, labels, rng), return_labels)


PRESETS = MappingProxyType({
    "two overlapping clusters": (
        "Two round clusters of 150 points whose centres are 2.5 standard deviations "
        "apart: the points where they meet get split memberships.",
        overlapping_clusters),
    "one far outlier": (
        "Two clean clusters and one point far above them: a spare component can "
        "take that point alone and collapse onto it.",
        far_outlier),
    "a ring": (
        "300 points on a noisy circle: one group that no Gaussian fits; a mixture "
        "needs many components around the ring to cover it.",
        noisy_ring),
    "a line of duplicates": (
        "A round cloud and 10 points on an exact line, each repeated 4 times: a "
        "component on the line has a singular covariance, held open only by reg_covar.",
        line_of_duplicates),
    "clusters of very different sizes": (
        "300 points spread wide and 20 in a tight cluster at their edge: EM finds "
        "the small cluster from some starts, slowly, and misses it from others.",
        unequal_clusters),
})
"""The presets by the name a menu shows, in the menu's order: each maps to
``(description, function)``, where ``function()`` with its defaults makes the
data, an array of shape (n_samples, 2). Read-only; :func:`preset` looks one up."""


def preset(name):
    """The data of the preset called `name`, made with its defaults.

    Parameters
    ----------
    name : str
        One of the keys of :data:`PRESETS`, e.g. ``"a ring"``.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), dtype float64
        A new array on every call, the same on every call.
    """
    if not isinstance(name, str) or name not in PRESETS:
        raise ValueError(f"name must be one of {tuple(PRESETS)}, got {name!r}.")
    _, make = PRESETS[name]
    return make()
