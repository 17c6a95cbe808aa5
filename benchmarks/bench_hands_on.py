"""Milliseconds from letting go of a dragged mean (or clicking to add a point) to the first
frame of the new fit, in the 2D EM explorer.

All in this one process, on the Agg backend, with the explorer's own figure size: the
explorer fits the stretched blobs, steps to half-step 6, and then, several times over,

* *drop*: :meth:`EMExplorer.move_mean` (what releasing a dragged mean calls) moves
  component 1's mean and EM runs again from the edited start, the figure is built for
  the new history, and its first frame is drawn in full (``fig.canvas.draw()``, what
  ipympl renders before it sends the picture to the browser);
* *add a point*: :meth:`EMExplorer.add_point` (a click with *Edit data* on): the data
  change, EM runs again from the same start, first frame drawn.

Prints the median and the worst of each, with the share spent fitting. The PNG and
its trip to the browser come on top (a few ms, see bench_explorer.py). Target: drop to
first frame under 300 ms at N = 500; N = 5,000 is measured and has no target.

    python benchmarks/bench_hands_on.py [--repeats 7]
"""

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np
from threadpoolctl import threadpool_limits

from gmm_lesson import datasets
from gmm_lesson.widgets import EMExplorer, _fitting

TARGET_MS = 300.0
SIZES = (500, 5_000)


class FitTimer:
    """Times every call of the explorer's fit, to tell fitting from drawing."""

    def __init__(self):
        self.seconds = 0.0
        self._real = _fitting.fit_history

    def __enter__(self):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self._real(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        _fitting.fit_history = timed
        return self

    def __exit__(self, *exc):
        _fitting.fit_history = self._real


def measure(explorer, action, repeats):
    """(total ms, fitting ms) of ``action`` then a full draw, ``repeats`` times."""
    totals, fits = [], []
    for i in range(repeats):
        explorer.step = 6
        explorer.fig.canvas.draw()
        with FitTimer() as fit:
            start = time.perf_counter()
            action(i)
            explorer.fig.canvas.draw()
            totals.append(1000 * (time.perf_counter() - start))
        fits.append(1000 * fit.seconds)
        assert not explorer.errors, explorer.errors
    return totals, fits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print("2D EM explorer, Agg: ms from the action to the first frame of the new fit drawn")
    for n_samples in SIZES:
        X = datasets.stretched_blobs(n_samples=n_samples)
        explorer = EMExplorer(X, 3, init="kmeans", label=f"bench {n_samples}")
        anchor = explorer.history.states[3].means[1]
        spread = np.ptp(X, axis=0)

        def drop(i, explorer=explorer, anchor=anchor, spread=spread):
            explorer.move_mean(1, anchor + 0.05 * (i % 3 - 1) * spread)

        def add(i, explorer=explorer, X=X):
            explorer.add_point(*X[i % len(X)] + 0.01 * np.ptp(X, axis=0))

        for name, action in (("drop a dragged mean", drop), ("add a point", add)):
            totals, fits = measure(explorer, action, args.repeats)
            median = statistics.median(totals)
            verdict = ""
            if n_samples == 500 and name.startswith("drop"):
                verdict = (f"   target < {TARGET_MS:.0f} ms: "
                           f"{'met' if median < TARGET_MS else 'MISSED'}")
            print(f"N = {n_samples:>5}, {name}: median {median:.0f} ms (worst "
                  f"{max(totals):.0f}), of which fitting {statistics.median(fits):.0f} ms"
                  + verdict, flush=True)
        explorer.close()


if __name__ == "__main__":
    with threadpool_limits(limits=1):     # the explorer's kernel runs on one core in class
        main()
