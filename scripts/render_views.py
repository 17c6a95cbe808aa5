"""Render every view of gmm_lesson.plotting to PNG files under renders/, to look at.

    .venv/bin/python scripts/render_views.py [OUTPUT_DIR]

Fits with the lesson's own EM from fixed, deliberately poor starts, so that EM
visibly moves; prints what it wrote and the size of the browser animations.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import gmm_lesson as gl
from gmm_lesson import datasets
from gmm_lesson import plotting as gp

ITERATIONS = (0, 1, 5, 20)


def half_steps(history, iterations=ITERATIONS):
    """Start, then the E- and the M-step of each chosen iteration (clipped to the run)."""
    indices = {0}
    for t in iterations:
        t = min(t, history.n_iter)
        if t > 0:
            indices.update({2 * t - 1, 2 * t})
    return sorted(indices)


def save(fig, out, name):
    path = out / f"{name}.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"  {path}")


def render_history(out, name, X, history, **kwargs):
    for index in half_steps(history):
        artists = gp.plot_em_step(X, history, index, **kwargs)
        save(artists.title.figure, out, f"{name}_step{index:02d}")
    save(gp.plot_em_strip(X, history, ITERATIONS, **kwargs), out, f"{name}_strip")


def blobs_history(X):
    # Three round starts, two of them side by side in the middle cluster.
    means = np.array([[-5.0, -5.0], [-3.0, -7.0], [5.0, 0.0]])
    covariances = np.stack([4 * np.eye(2)] * 3)
    start = gl.MixtureState.from_parameters(np.full(3, 1 / 3), means, covariances)
    return gl.run_em(X, start, max_iter=200, tol=1e-4)


def tutorial_history(X):
    # All three start on the right-hand cluster.
    start = gl.MixtureState.from_parameters(
        np.full(3, 1 / 3), [[3.0], [4.0], [6.0]], np.full((3, 1, 1), 4.0)
    )
    return gl.run_em(X, start, max_iter=200, tol=1e-4)


def collapse_history(X):
    # Component 2 starts on the single point X[7] with a tiny covariance.
    means = np.array([[-15.0, -11.0], [0.0, -8.0], X[7]])
    covariances = np.stack([10 * np.eye(2), 30 * np.eye(2), 1e-3 * np.eye(2)])
    start = gl.MixtureState.from_parameters([0.45, 0.45, 0.1], means, covariances)
    return gl.run_em(X, start, max_iter=30, tol=1e-4)


def render_transition(out, X, history, iteration=1):
    fig, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
    before, after = history.states[iteration - 1], history.states[iteration]
    gp.plot_transition(X, before, after, before.responsibilities(X), ax=ax)
    ax.set_title(f"The M-step of iteration {iteration}: dashed before, solid after")
    save(fig, out, f"transition_iter{iteration}")


def render_views_alone(out, X, history):
    fig, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
    final = history.states[-1]
    gp.plot_mixture_2d(X, final, final.responsibilities(X), ax=ax)
    ax.set_title("Fitted mixture, points coloured by responsibility")
    save(fig, out, "mixture_2d_final")

    fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
    gp.plot_log_likelihood(history, 9, ax=ax)
    save(fig, out, "log_likelihood_step09")

    rng = np.random.default_rng(0)
    X5 = np.column_stack([X[:, 0], rng.normal(size=len(X)), X[:, 1], rng.normal(size=(len(X), 2))])
    fitted = gl.GaussianMixture(3, covariance_type="diag", random_state=0).fit(X5)
    state = fitted.history_.states[-1]
    fig, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
    gp.plot_mixture_2d(X5, state, state.responsibilities(X5), dims=(0, 2), ax=ax)
    ax.set_title("Five features, diagonal covariances")
    save(fig, out, "mixture_5d_dims02_diag")


def render_1d_alone(out, X, history):
    state = history.states[-1]
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(8, 4.6), layout="constrained",
                                      height_ratios=(3, 1))
    gp.plot_mixture_1d(X, state, state.responsibilities(X), ax=top)
    gp.plot_responsibilities_1d(X, state, ax=bottom)
    top.set_xlabel("")
    bottom.set_xlabel("x")
    save(fig, out, "mixture_1d_final")


def render_covariances(out):
    rng = np.random.default_rng(2)
    settings = {
        "round": [[1.0, 0.0], [0.0, 1.0]],
        "stretched_correlated": [[4.0, 2.4], [2.4, 2.25]],
        "negatively_correlated": [[2.0, -1.6], [-1.6, 2.0]],
    }
    for name, covariance in settings.items():
        samples = rng.multivariate_normal([0, 0], covariance, size=400)
        fig, ax = plt.subplots(figsize=(6, 4.6), layout="constrained")
        gp.plot_covariance([0, 0], covariance, samples, limits=(-6, 6), ax=ax)
        save(fig, out, f"covariance_{name}")


def render_bound(out, X, history, X1, tutorial):
    """Why EM climbs: the bar from the first M-step on, both curves of the second M-step
    and of the first M-step of one 1D mean, and the k-means limit at three sigmas."""
    fig, axes = plt.subplots(1, 5, figsize=(12, 3.4), sharey=True, layout="constrained")
    for index, ax in enumerate(axes, start=2):
        gp.plot_bound_bar(X, history, index, key=ax is axes[-1], ax=ax)
        step = history.half_step(index)
        ax.set_title(f"iteration {step.iteration}, {step.phase}-step", fontsize="medium")
    save(fig, out, "bound_bars")
    before, after = history.states[1], history.states[2]
    fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
    gp.plot_bound_along_line(X, before.responsibilities(X), before, after, ax=ax)
    save(fig, out, "bound_along_line_iter2")
    start = tutorial.states[0]
    fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
    gp.plot_bound_along_mean(X1, start.responsibilities(X1), start, 0, ax=ax)
    save(fig, out, "bound_along_mean_iter1")
    blobs = datasets.five_blobs()
    means = blobs[[1, 4, 3, 0, 2]]   # two in one blob, none in another
    spread = np.sqrt(blobs.var(axis=0).mean())
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), layout="constrained")
    for times, ax in zip((1.0, 0.1, 0.01), axes, strict=True):
        gp.plot_soft_kmeans(blobs, means, times * spread, legend=ax is axes[-1], ax=ax)
        comparison = gp.soft_kmeans_comparison(blobs, means, times * spread)
        ax.set_title(f"sigma = {times:g} × spread\nmean largest responsibility "
                     f"{comparison.hardness:.2f}", fontsize="medium")
    save(fig, out, "soft_kmeans")


def render_animations(out, named_data):
    for name, (X, history) in named_data.items():
        anim = gp.em_animation(X, history)
        html = anim.to_jshtml()
        (out / f"{name}_animation.html").write_text(html)
        n_frames = len(list(anim.new_frame_seq()))
        print(f"  {name}: {n_frames} frames, to_jshtml {len(html) / 1024:.0f} KB")


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    X = datasets.stretched_blobs()
    blobs = blobs_history(X)
    X1 = datasets.tutorial_1d()
    tutorial = tutorial_history(X1)
    collapse = collapse_history(X)
    print(f"blobs: {blobs.n_iter} iterations; tutorial: {tutorial.n_iter}; "
          f"collapse: {collapse.n_iter}, collapsed {gl.collapsed_components(collapse[-1])}")
    render_history(out, "blobs", X, blobs)
    render_history(out, "tutorial1d", X1, tutorial)
    render_history(out, "collapse", X, collapse)
    render_transition(out, X, blobs, 1)
    render_transition(out, X, blobs, 5)
    render_views_alone(out, X, blobs)
    render_1d_alone(out, X1, tutorial)
    render_covariances(out)
    render_bound(out, X, blobs, X1, tutorial)
    render_animations(out, {"blobs": (X, blobs), "tutorial1d": (X1, tutorial)})


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / "renders"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
