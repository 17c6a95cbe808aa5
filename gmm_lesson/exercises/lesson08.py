"""Checks for the exercises of notebook 08 · Using a fitted mixture.

Each check is given the fitted model and the data the exercise uses, recomputes the
right answer from them, and recognises the common wrong ones.
"""

import numpy as np

from gmm_lesson.exercises import array, array_feedback, correct, not_answered, wrong
from gmm_lesson.gaussian import log_gaussian_density

__all__ = ["anomaly_threshold", "cluster_labels", "memberships", "sample_fractions"]


def _names_by_component(model, known_points, known_names):
    """Name of each component from the known points, or None where no known point landed."""
    top = model.predict_proba(known_points).argmax(axis=1)
    names = [None] * model.n_components
    for name, k in zip(known_names, top):
        names[k] = name
    return names, top


def cluster_labels(answer, model, X, known_points, known_names):
    """Check a name for every row of ``X``, taken from one named point per cluster.

    Parameters
    ----------
    answer : array-like of shape (n_samples,)
    model : fitted GaussianMixture
    X : array-like of shape (n_samples, n_features)
    known_points : array-like of shape (n_known, n_features)
    known_names : sequence of str, length n_known
    """
    unanswered = not_answered(answer, f"an array of {len(X)} names, one for every point")
    if unanswered is not None:
        return unanswered
    known_names = [str(name) for name in known_names]
    names, top = _names_by_component(model, known_points, known_names)
    if len(set(top.tolist())) < len(top):
        raise ValueError("two known points belong most to the same component: their names "
                         "cannot both be given to it.")
    components = model.predict(X)
    answer = np.asarray(answer)
    if answer.shape == (model.n_components,):
        mapping = ", ".join(f"{k}: {name!r}" for k, name in enumerate(names))
        return wrong(f"you gave {answer.size} names, one per component; the task asks for one name "
                     f"per point ({len(X)}). Index your component names with each point's "
                     f"component, `model.predict(X)`. (Component names should be {mapping}.)")
    if answer.shape != (len(X),):
        return wrong(f"expected one name per point, shape ({len(X)},), got shape {answer.shape}.")
    if np.issubdtype(answer.dtype, np.number):
        return wrong("these are numbers (component indices?); turn each point's component into "
                     "the name of the known point that belongs to that component.")
    answer = answer.astype(str)
    expected = np.array(names, dtype=object)[components].astype(str)
    if np.array_equal(answer, expected):
        return correct(f"every point is named after the known point of its component "
                       f"({', '.join(f'component {k}: {name!r}' for k, name in enumerate(names))}).")
    in_given_order = np.array(known_names, dtype=object)
    if len(known_names) == model.n_components and np.array_equal(
            answer, in_given_order[components].astype(str)):
        return wrong("you named component k after the k-th known point, but the known points "
                     "are not in component order. Look up which component each known point "
                     "belongs to (the argmax of its row of `predict_proba`) and give that "
                     "component its name.")
    for k, name in enumerate(names):
        mine = answer[components == k]
        if mine.size and not np.all(mine == name):
            values, counts = np.unique(mine, return_counts=True)
            most = values[np.argmax(counts)]
            return wrong(f"{np.sum(answer != expected)} of {len(X)} points have the wrong name. "
                         f"The points of component {k} should all be called {name!r} (the known "
                         f"point {name!r} belongs to component {k}), but you called most of them "
                         f"{most!r}.")
    return wrong(f"{np.sum(answer != expected)} of {len(X)} points have the wrong name.")


def anomaly_threshold(answer, model, X, percent):
    """Check the log-density below which ``percent`` percent of the rows of ``X`` lie."""
    unanswered = not_answered(answer, "the threshold, one log-density (a number)")
    if unanswered is not None:
        return unanswered
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return wrong(f"expected one number, got {type(answer).__name__}: `np.percentile(..., q)` "
                     "of a 1D array gives one.")
    log_density = model.score_samples(X)
    expected = np.percentile(log_density, percent)
    if np.isclose(value, expected, rtol=1e-9, atol=1e-12):
        return correct(f"the threshold is log p(x) = {expected:.3f}: {np.mean(log_density < expected):.1%} "
                       "of the training points lie below it.")
    resp = model.predict_proba(X)
    mistakes = [
        (np.percentile(log_density, 100 - percent),
         f"that is the {100 - percent:g}th percentile, the top of the range: unusual points have "
         f"LOW density, so take the {percent:g}th percentile, the lower tail."),
        (np.percentile(np.exp(log_density), percent),
         "that is a percentile of the densities p(x), not of the log-densities: `score_samples` "
         "already returns log p(x), so take the percentile of its values directly."),
        (np.exp(expected),
         "that is exp of the threshold, a density; the threshold is compared with the "
         "log-densities that `score_samples` returns, so keep it on the log scale."),
        (np.percentile(resp.max(axis=1), percent),
         "those are membership probabilities (`predict_proba`): they say which component a point "
         "belongs to, not how likely the point is at all. A point far from every cluster can "
         "still belong 100% to one component. Use the log-densities from `score_samples`."),
        (np.percentile(resp, percent),
         "those are membership probabilities (`predict_proba`), not densities; use the "
         "log-densities from `score_samples`."),
        (np.percentile(log_density, percent / 100),
         f"`np.percentile` takes a percentage (here {percent:g}), not a fraction; "
         f"`np.quantile` is the one that takes {percent / 100:g}."),
        (np.percentile(-log_density, percent),
         "that is a percentile of -log p(x); take the percentile of log p(x) itself."),
        (model.score(X),
         "that is the mean log-density of the data (`model.score`); the threshold is a "
         "percentile of the log-densities of the points, `score_samples`."),
    ]
    for mistake, hint in mistakes:
        if np.isclose(value, mistake, rtol=1e-9, atol=1e-12):
            return wrong(hint)
    return wrong(f"got {value:.6g}. The threshold is the {percent:g}th percentile of the training "
                 "log-densities: `np.percentile(model.score_samples(X), percent)`.")


def sample_fractions(answer, model, n_samples):
    """Check the fraction of ``n_samples`` sampled points that came from each component."""
    fractions, feedback = array(answer, f"the fraction from each component, shape "
                                        f"({model.n_components},)")
    if feedback is not None:
        return feedback
    k = model.n_components
    if fractions.shape == (n_samples,):
        return wrong(f"you have one value per sample ({n_samples}); these look like the component "
                     "labels. Count them per component and divide by the number of samples: "
                     "`np.bincount(labels, minlength=model.n_components) / n`.")
    if fractions.shape != (k,):
        return wrong(f"expected one fraction per component, shape ({k},), got shape "
                     f"{fractions.shape}. `np.bincount(..., minlength={k})` gives one count per "
                     "component even if one was never drawn.")
    weights = model.weights_
    if np.isclose(fractions.sum(), n_samples):
        return wrong(f"these are counts (they add up to {n_samples}); divide by the number of "
                     "samples to get fractions.")
    if not np.isclose(fractions.sum(), 1.0):
        return wrong(f"the fractions add up to {fractions.sum():.4g}, not 1: every sample comes "
                     "from exactly one component.")
    if np.allclose(fractions, weights, rtol=1e-12, atol=0):
        return wrong("these are exactly the mixing weights `weights_`. Draw the samples with "
                     f"`model.sample({n_samples})`, which returns the points AND the component "
                     "of each, and count those components.")
    noise = np.sqrt(weights * (1 - weights) / n_samples)
    off = np.abs(fractions - weights) > 4 * noise + 1e-12
    if np.any(off):
        j = int(np.argmax(np.abs(fractions - weights) / (noise + 1e-12)))
        return wrong(f"component {j} got a fraction of {fractions[j]:.3f}, but its weight is "
                     f"{weights[j]:.3f}; with {n_samples} samples the fraction should be within "
                     f"about ±{2 * noise[j]:.3f} of it. Did you count the components returned "
                     "by `model.sample` (the second value it returns)?")
    return correct(f"the fractions {np.round(fractions, 3).tolist()} match the weights "
                   f"{np.round(weights, 3).tolist()} within the sampling noise of {n_samples} draws "
                   f"(about ±{2 * noise.max():.3f}).")


def memberships(answer, model, X_new):
    """Check membership probabilities of the rows of ``X_new`` computed by hand."""
    X_new = np.asarray(X_new, dtype=np.float64)
    name = f"the membership probabilities, shape ({len(X_new)}, {model.n_components})"
    unanswered = not_answered(answer, name)
    if unanswered is not None:
        return unanswered
    densities = np.exp(log_gaussian_density(X_new, model.means_, model.covariances_,
                                            model.covariance_type))
    joint = model.weights_ * densities
    resp = np.asarray(answer, dtype=np.float64) if not isinstance(answer, str) else None
    if resp is not None and resp.shape == joint.shape and np.all(np.isfinite(resp)):
        if np.allclose(resp, densities / densities.sum()) or np.allclose(resp, joint / joint.sum()):
            return wrong("you divided by one grand total over all points and components, as "
                         "the tutorial's `predict` does: then the rows do not sum to one and a "
                         "point's answer depends on the other points passed in. Normalise each "
                         "row on its own: `joint / joint.sum(axis=1, keepdims=True)`.")
        if len(X_new) > 1 and np.allclose(resp.sum(axis=0), 1.0) and not np.allclose(
                resp.sum(axis=1), 1.0):
            return wrong("each column sums to one: you normalised over the points. Normalise "
                         "each row, over the components: `joint.sum(axis=1, keepdims=True)`.")
        if not np.allclose(resp.sum(axis=1), 1.0):
            return wrong("the rows do not sum to one. A membership probability is a probability "
                         "over the components: divide each row by its sum (axis=1, keepdims=True).")
    return array_feedback(answer, model.predict_proba(X_new), name, mistakes=[
        (densities / densities.sum(axis=1, keepdims=True),
         "these are the memberships WITHOUT the mixing weights: multiply each component's density "
         "by its weight `weights_[k]` before normalising."),
    ])
