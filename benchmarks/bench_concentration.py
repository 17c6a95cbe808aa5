"""Seconds to fit a Bayesian mixture along its weight prior, and milliseconds per move of
the concentration explorer's slider.

All in this one process, on the Agg backend. For standardised Old Faithful and the five
blobs, with the defaults (eight components, the 13 priors of
:data:`gmm_lesson.bayesian.DEFAULT_PRIORS`, 1e-3 to 1e3):

* *path*: :func:`~gmm_lesson.bayesian.fit_concentration_path`, the fits a notebook cell
  makes (scikit-learn imported once beforehand; the first fit of a kernel pays about a
  second more for that import);
* *explorer*: :class:`~gmm_lesson.widgets.ConcentrationExplorer` made, its fits and its
  figure drawn in full;
* *move*: one step of the slider (``explorer.index = i``), the artists moved and the
  frame rendered as the explorer renders it (only the moving artists, over a saved
  background), over every step up and down the slider; and, for comparison, the same
  move followed by a full draw of the figure (``fig.canvas.draw()``).

Prints the median (and the worst) against the targets: the path under 2 s for a cell
(a whole notebook has about 6 s under nbval), a move under 60 ms, as the EM
explorer's step.

    python benchmarks/bench_concentration.py [--repeats 3]
"""

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from gmm_lesson import datasets
from gmm_lesson.bayesian import fit_concentration_path
from gmm_lesson.widgets import ConcentrationExplorer

PATH_TARGET_S = 2.0
MOVE_TARGET_MS = 60.0


def seconds(action):
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sets = {"Old Faithful (standardised)": datasets.old_faithful(standardize=True),
            "five blobs": datasets.five_blobs()}
    import sklearn.mixture  # noqa: F401  (imported before the timing)

    fit_concentration_path(sets["five blobs"][:50], 2, [1.0])    # warm: k-means' first call
    print(f"path target {PATH_TARGET_S:.1f} s, move target {MOVE_TARGET_MS:.0f} ms")
    for name, X in sets.items():
        paths = [seconds(lambda X=X: fit_concentration_path(X, 8)) for _ in range(args.repeats)]
        start = time.perf_counter()
        explorer = ConcentrationExplorer(X, label=name)
        explorer_s = time.perf_counter() - start
        explorer.fig.canvas.draw()
        steps = list(range(len(explorer.path))) + list(range(len(explorer.path) - 2, -1, -1))
        moves, full = [], []
        for index in steps:
            start = time.perf_counter()
            explorer.index = index
            moves.append(1000 * (time.perf_counter() - start))
        for index in steps:
            start = time.perf_counter()
            explorer.index = index
            explorer.fig.canvas.draw()
            full.append(1000 * (time.perf_counter() - start))
        assert explorer.errors == [], explorer.errors
        path_median = statistics.median(paths)
        move_median = statistics.median(moves)
        print(f"{name}: {X.shape[0]} points, K=8, {len(explorer.path)} priors")
        print(f"  path      median {path_median:6.2f} s, worst {max(paths):5.2f} s  "
              f"[{'ok' if path_median <= PATH_TARGET_S else 'OVER'}]")
        print(f"  explorer         {explorer_s:6.2f} s (fits and figure)")
        print(f"  move      median {move_median:6.1f} ms, worst {max(moves):5.1f} ms "
              f"over {len(moves)} moves  [{'ok' if move_median <= MOVE_TARGET_MS else 'OVER'}]")
        print(f"  move and full draw  median {statistics.median(full):6.1f} ms (not what the "
              "explorer does)")
        explorer.close()


if __name__ == "__main__":
    main()
