"""Seconds per EM iteration: gmm_lesson against scikit-learn, same data, same start.

Both estimators are fitted alternately in this one process, from the same initial
weights, means and precisions, for a fixed number of iterations (tol=0), with the
lesson engine recording its full history as it always does. Prints the median
seconds per iteration of each and their ratio (lesson / scikit-learn); the target is
a ratio of at most 0.8 at every size.

    python benchmarks/bench_em.py [--repeats 7]
"""

import argparse
import statistics
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture as SklearnMixture

import gmm_lesson as gl

SIZES = [  # (n_samples, n_features, n_components, iterations per fit)
    (500, 2, 3, 100),
    (100_000, 2, 5, 10),
    (100_000, 10, 8, 5),
]


def make_data(n_samples, n_features, n_components, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 5, (n_components, n_features))
    labels = rng.integers(0, n_components, n_samples)
    stretch = rng.normal(size=(n_components, n_features, n_features))
    noise = np.einsum("nd,nde->ne", rng.normal(size=(n_samples, n_features)), stretch[labels])
    return centres[labels] + noise


def common_start(X, n_components):
    start = gl.GaussianMixture(n_components, max_iter=0, random_state=0).fit(X)
    return dict(weights_init=start.weights_, means_init=start.means_,
                precisions_init=start.precisions_)


def seconds_per_iteration(model_class, X, n_components, n_iter, start):
    model = model_class(n_components, tol=0, max_iter=n_iter, **start)
    began = time.perf_counter()
    model.fit(X)
    elapsed = time.perf_counter() - began
    assert model.n_iter_ == n_iter
    return elapsed / n_iter


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)
    print(f"{'N':>8} {'D':>3} {'K':>3} {'lesson s/iter':>14} {'sklearn s/iter':>15} {'ratio':>6}")
    for n_samples, n_features, n_components, n_iter in SIZES:
        X = make_data(n_samples, n_features, n_components)
        start = common_start(X, n_components)
        times = {gl.GaussianMixture: [], SklearnMixture: []}
        for _ in range(args.repeats):
            for model_class in times:  # alternate, so both see the same machine load
                times[model_class].append(
                    seconds_per_iteration(model_class, X, n_components, n_iter, start)
                )
        ours = statistics.median(times[gl.GaussianMixture])
        theirs = statistics.median(times[SklearnMixture])
        print(f"{n_samples:>8} {n_features:>3} {n_components:>3} {ours:>14.2e} {theirs:>15.2e} "
              f"{ours / theirs:>6.2f}")


if __name__ == "__main__":
    main()
