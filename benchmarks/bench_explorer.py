"""Milliseconds per step of the 2D EM explorer, against the source tutorial's way of drawing.

All in this one process, on the Agg backend, with the explorer's own figure size.
For each size the explorer fits once, then the benchmark sweeps forward and back
through the recorded half-steps several times and times each step from the change
of step to a finished frame in the canvas's buffer, two ways:

* as the explorer draws it: the moved artists redrawn over a saved background
  (what ipympl sends to the browser after ``canvas.blit``), first on the first pass
  forward through a fresh fit (nothing saved yet but the background), then over the
  sweeps, where saved pictures of the points and the legend are reused (the
  words that change each step are page text above the canvas, not drawn in it);
* with a full redraw of the figure (``fig.canvas.draw()``), as without blitting;
* as the explorer draws it with ``bound=True``: the panel of the log-likelihood split
  into L and KL beside the others, its numbers computed for each step shown
  (``em.bound_at`` for that half-step and the one before), first pass and sweeps; it
  has the same targets.

The source tutorial's way redraws each frame from scratch: a scatter
of the data, then the density of every component evaluated with
``scipy.stats.multivariate_normal`` on the N x N meshgrid of the sorted coordinates
and drawn with ``contour``, plus the means. At N = 20,000 its grid does not fit in
memory, which is reported instead of run.

Prints the median ms per step and the tutorial's time over the explorer's. Targets:
at most 30 ms per step at N = 500, at most 100 ms at N = 20,000, and at least ten
times faster than the tutorial's way at N = 500. The 1D explorer on the lesson's
1D data is measured the same way, for comparison (it has no target of its own).

Last, what a step adds in a notebook: the PNG of the whole frame that ipympl sends to
the browser, encoded as matplotlib's web canvas does it (PIL, zlib's default level, a
filter per row) and as the explorers' canvas does it (unfiltered rows at level 1,
padded past 64 KiB), for both explorers.

    python benchmarks/bench_explorer.py [--sweeps 4]
"""

import argparse
import statistics
import time
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import multivariate_normal
from threadpoolctl import threadpool_limits

from gmm_lesson import datasets
from gmm_lesson.widgets import EMExplorer

SIZES = ((500, 3), (20_000, 5))  # (n_samples, n_components)
TARGET_MS = {500: 30.0, 20_000: 100.0}
TARGET_SPEEDUP = 10.0


def sweep_order(n_half_steps, sweeps):
    """Forward then back through every half-step, ``sweeps`` times (each step is a change)."""
    forward = list(range(1, n_half_steps))
    backward = list(range(n_half_steps - 2, -1, -1))
    return (forward + backward) * sweeps


def ms_per_step(explorer, order):
    """Median ms from setting the step to a finished frame in the canvas's buffer.

    Without blitting, a step's ``draw_idle`` on Agg is the full ``canvas.draw()``.
    """
    times = []
    for index in order:
        began = time.perf_counter()
        explorer.step = index
        times.append(time.perf_counter() - began)
    assert explorer.errors == [], explorer.errors
    return 1e3 * statistics.median(times)


def explorer_for(X, n_components, blit, bound=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explorer = EMExplorer(X, n_components, random_state=0, blit=blit, bound=bound,
                              label=f"bench {len(X)} {blit} {bound}")
    explorer.fig.canvas.draw()  # the first display, before any step
    return explorer


def tutorial_frame(fig, X, state, grid):
    """One frame the tutorial's way: everything redrawn, densities on the N x N grid."""
    fig.clear()
    ax = fig.add_subplot()
    ax.scatter(X[:, 0], X[:, 1], s=14)
    x_sorted, y_sorted, xy = grid
    for mean, covariance in zip(state.means, state.full_covariances(), strict=True):
        density = multivariate_normal(mean=mean, cov=covariance).pdf(xy)
        ax.contour(x_sorted, y_sorted, density.reshape(len(X), len(X)), colors="black",
                   alpha=0.3)
        ax.scatter(mean[0], mean[1], c="grey", zorder=10, s=100)
    fig.canvas.draw()


def ms_per_tutorial_frame(X, history, figsize, n_frames):
    x_sorted, y_sorted = np.sort(X[:, 0]), np.sort(X[:, 1])
    mesh_x, mesh_y = np.meshgrid(x_sorted, y_sorted)
    grid = (x_sorted, y_sorted, np.column_stack([mesh_x.ravel(), mesh_y.ravel()]))
    fig = plt.figure(figsize=figsize)
    times = []
    for frame in range(n_frames):
        state = history.states[frame % len(history.states)]
        began = time.perf_counter()
        tutorial_frame(fig, X, state, grid)
        times.append(time.perf_counter() - began)
    plt.close(fig)
    return 1e3 * statistics.median(times)


def tutorial_grid_gigabytes(n_samples):
    """Peak memory of one frame the tutorial's way, in float64 arrays of N^2 values:
    the two meshgrid arrays, the stacked (N^2, 2) points, scipy's centred copy of them
    (two more) and its Mahalanobis distances and densities (one each)."""
    return n_samples**2 * (2 + 2 + 2 + 1 + 1) * 8 / 1e9


def available_gigabytes():
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        fields = dict(line.split(":", 1) for line in meminfo)
    return int(fields["MemAvailable"].split()[0]) / 1e6


def verdict(ok):
    return "meets target" if ok else "MISSES target"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweeps", type=int, default=4)
    parser.add_argument("--tutorial-frames", type=int, default=12)
    args = parser.parse_args()
    with threadpool_limits(1):
        for n_samples, n_components in SIZES:
            X = datasets.stretched_blobs(n_samples=n_samples, n_centers=n_components)
            blitting = explorer_for(X, n_components, blit=True)
            first_pass = list(range(1, blitting.n_half_steps))
            first_ms = ms_per_step(blitting, first_pass)
            order = sweep_order(blitting.n_half_steps, args.sweeps)
            blit_ms = ms_per_step(blitting, order)
            full = explorer_for(X, n_components, blit=False)
            full_ms = ms_per_step(full, order[: 2 * len(first_pass)])
            figsize = tuple(blitting.fig.get_size_inches())
            target = TARGET_MS[n_samples]
            print(f"N = {n_samples:,}, K = {n_components}: {blitting.history.n_iter} "
                  f"iterations, figure {figsize[0]:g} x {figsize[1]:g} in at "
                  f"{blitting.fig.dpi:g} dpi")
            print(f"  explorer, first pass forward ({len(first_pass)} steps):      "
                  f"{first_ms:7.1f} ms per step ({verdict(first_ms <= target)} of "
                  f"{target:g} ms)")
            print(f"  explorer, sweeps back and forth ({len(order)} steps): {blit_ms:7.1f} ms "
                  f"per step ({verdict(blit_ms <= target)} of {target:g} ms)")
            print(f"  explorer with a full redraw per step:           {full_ms:7.1f} ms "
                  f"per step")
            bound = explorer_for(X, n_components, blit=True, bound=True)
            bound_first_ms = ms_per_step(bound, first_pass)
            bound_ms = ms_per_step(bound, order)
            print(f"  explorer with bound=True, first pass forward:   {bound_first_ms:7.1f} ms "
                  f"per step ({verdict(bound_first_ms <= target)} of {target:g} ms)")
            print(f"  explorer with bound=True, sweeps back and forth:{bound_ms:7.1f} ms "
                  f"per step ({verdict(bound_ms <= target)} of {target:g} ms)")
            bound.close()
            needed, available = tutorial_grid_gigabytes(n_samples), available_gigabytes()
            if needed > 0.5 * available:
                print(f"  tutorial's way: not feasible: memory. Its {n_samples:,} x "
                      f"{n_samples:,} grid needs about {needed:.0f} GB at once "
                      f"({n_samples**2:.1e} points), {available:.0f} GB available.")
            else:
                tutorial_ms = ms_per_tutorial_frame(X, blitting.history, figsize,
                                                    args.tutorial_frames)
                speedup = tutorial_ms / first_ms
                print(f"  tutorial's way, contours on the N x N grid:     "
                      f"{tutorial_ms:7.1f} ms per frame")
                print(f"  speedup: {speedup:.1f}x on the first pass "
                      f"({verdict(speedup >= TARGET_SPEEDUP)} of {TARGET_SPEEDUP:g}x), "
                      f"{tutorial_ms / blit_ms:.1f}x over the sweeps, "
                      f"{tutorial_ms / full_ms:.1f}x with full redraws")
            blitting.close()
            full.close()
        report_1d(args.sweeps)
        report_frames()


def report_1d(sweeps):
    X = datasets.tutorial_1d()
    blitting = explorer_for(X, 3, blit=True)
    order = sweep_order(blitting.n_half_steps, sweeps)
    first_ms = ms_per_step(blitting, list(range(1, blitting.n_half_steps)))
    blit_ms = ms_per_step(blitting, order)
    full = explorer_for(X, 3, blit=False)
    full_ms = ms_per_step(full, order)
    print(f"1D explorer, N = {len(X)}, K = 3: {blitting.history.n_iter} iterations")
    print(f"  first pass {first_ms:.1f} ms, sweeps {blit_ms:.1f} ms, full redraws "
          f"{full_ms:.1f} ms per step")
    blitting.close()
    full.close()


def ms_per_frame(canvas, n_frames=15):
    """Median ms to encode the canvas's whole picture as the PNG sent to the browser,
    and its size in bytes."""
    times, size = [], 0
    for _ in range(n_frames):
        canvas._png_is_old = canvas._force_full = True
        began = time.perf_counter()
        size = len(canvas.get_diff_image())
        times.append(time.perf_counter() - began)
    return 1e3 * statistics.median(times), size


def report_frames():
    import ipympl.backend_nbagg
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from gmm_lesson.widgets._canvas import ipympl_canvas_classes

    lesson_canvas, _ = ipympl_canvas_classes()
    for name, X in (("2D explorer, N = 500", datasets.stretched_blobs()),
                    ("1D explorer, N = 60", datasets.tutorial_1d())):
        explorer = explorer_for(X, 3, blit=True)
        explorer.step = 3
        results = []
        for kind in (ipympl.backend_nbagg.Canvas, lesson_canvas):
            with warnings.catch_warnings():
                # ipympl's toolbar passes an argument traitlets no longer takes.
                warnings.simplefilter("ignore", DeprecationWarning)
                canvas = kind(explorer.fig)
            FigureCanvasAgg.draw(canvas)   # the picture, without a browser to send it to
            results.append(ms_per_frame(canvas))
            canvas.close()
        (default_ms, default_bytes), (fast_ms, fast_bytes) = results
        print(f"{name}, frame PNG: {default_ms:.1f} ms for {default_bytes / 1e3:.0f} kB at "
              f"PIL's default level, {fast_ms:.1f} ms for {fast_bytes / 1e3:.0f} kB as the "
              "explorers send it")
        explorer.close()


if __name__ == "__main__":
    main()
