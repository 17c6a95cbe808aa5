"""Checks for the exercises of notebook 09 · Using a fitted mixture.

Each check is given the fitted model and the data the exercise uses, recomputes the
right answer from them, and recognises the common wrong ones.
"""

import numbers

import numpy as np

from gmm_lesson.exercises import (
    agrees,
    array,
    array_feedback,
    correct,
    graded,
    matches,
    not_answered,
    number,
    rounded_places,
    rounding_feedback,
    texts,
    wrong,
)
from gmm_lesson.gaussian import log_gaussian_density

__all__ = ["anomaly_threshold", "cluster_labels", "memberships", "sample_fractions"]


def _names_by_component(model, known_points, known_names):
    """Name of each component from the known points, or None where no known point landed."""
    top = model.predict_proba(known_points).argmax(axis=1)
    names = [None] * model.n_components
    # Not strict: the caller compares the lengths and says so in the learner's words.
    for name, k in zip(known_names, top, strict=False):
        names[k] = name
    return names, top


@graded
def cluster_labels(answer, model, X, known_points, known_names):
    """Check a name for every row of ``X``, taken from one named point per cluster.

    Parameters
    ----------
    answer : array-like of shape (n_samples,)
    model : fitted GaussianMixture
    X : array-like of shape (n_samples, n_features)
    known_points : array-like of shape (n_known, n_features)
    known_names : sequence of str, length n_known

    Returns
    -------
    Feedback
        Also when the known points cannot name the components (two of them belong
        most to the same component): then no labelling can be right.
    """
    what = f"an array of {len(X)} names, one for every point"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    known_names = [str(name) for name in known_names]
    try:
        names, top = _names_by_component(model, known_points, known_names)
        components = model.predict(X)
    except (TypeError, ValueError) as error:
        return wrong(f"the check cannot use its arguments ({error}). Call it as "
                     "check.cluster_labels(eruption_labels, geyser, eruptions, "
                     "known_eruptions, eruption_names).")
    if len(top) != len(known_names):
        return wrong(f"the check cannot judge this: {len(top)} known points but "
                     f"{len(known_names)} names; give one name per known point.")
    for k in range(model.n_components):
        sharing = [name for name, j in zip(known_names, top, strict=True) if j == k]
        if len(sharing) > 1:
            return wrong(f"the known points {' and '.join(repr(n) for n in sharing)} both belong "
                         f"most to component {k}: one component cannot carry both names, so no "
                         "labelling from these known points can be right. The mixture has "
                         "merged two kinds into one Gaussian (too few components, or a poor "
                         "local optimum).")
    answer, feedback = texts(answer, what)
    if feedback is not None:
        return feedback
    if answer.shape == (model.n_components,):
        mapping = ", ".join(f"{k}: {name!r}" for k, name in enumerate(names))
        return wrong(f"you gave {answer.size} names, one per component; expected {what}. "
                     "Index your component names with each point's component, "
                     f"`model.predict(X)`. (Component names should be {mapping}.)")
    if answer.shape != (len(X),):
        return wrong(f"expected {what}, shape ({len(X)},), got shape {answer.shape}.")
    if answer.dtype.kind in "iuf":
        return wrong("these are numbers (component indices?); turn each point's component into "
                     "the name of the known point that belongs to that component.")
    answer = answer.astype(str)
    if np.array_equal(answer, components.astype(str)):
        return wrong("these are the component numbers written as text; turn each point's "
                     "component into the name of the known point that belongs to it.")
    expected = np.array(names, dtype=object)[components].astype(str)
    if np.array_equal(answer, expected):
        named = ", ".join(f"component {k}: {name!r}" for k, name in enumerate(names))
        return correct(f"every point is named after the known point of its component ({named}).")
    in_given_order = np.array(known_names, dtype=object)
    if len(known_names) == model.n_components and np.array_equal(
            answer, in_given_order[components].astype(str)):
        return wrong("you named component k after the k-th known point, but the known points "
                     "are not in component order. Look up which component each known point "
                     "belongs to (the argmax of its row of `predict_proba`) and give that "
                     "component its name.")
    for k, name in enumerate(names):
        mine = answer[components == k]
        if mine.size and not np.all(mine == str(name)):
            values, counts = np.unique(mine, return_counts=True)
            most = values[np.argmax(counts)]
            return wrong(f"{np.sum(answer != expected)} of {len(X)} points have the wrong name. "
                         f"The points of component {k} should all be called {name!r} (the known "
                         f"point {name!r} belongs to component {k}), but you called most of them "
                         f"{most!r}.")
    return wrong(f"{np.sum(answer != expected)} of {len(X)} points have the wrong name.")


_OTHER_PERCENTILE_METHODS = ("lower", "higher", "nearest", "midpoint", "inverted_cdf",
                             "averaged_inverted_cdf", "closest_observation",
                             "interpolated_inverted_cdf", "hazen", "weibull",
                             "median_unbiased", "normal_unbiased")


@graded
def anomaly_threshold(answer, model, X, percent):
    """Check the log-density below which ``percent`` percent of the rows of ``X`` lie.

    Parameters
    ----------
    answer : float
        ``np.percentile(model.score_samples(X), percent)``.
    model : GaussianMixture
        A fitted mixture.
    X : array-like of shape (n_samples, n_features)
        The points whose log-densities set the threshold.
    percent : float
        From 0 to 100.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the threshold, one log-density (a number)"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    percent, problem = number(percent, "percent")
    if problem is not None or not 0 <= percent <= 100:
        return wrong("the check cannot judge this: percent must be a number from 0 to 100. "
                     "Call it as check.anomaly_threshold(threshold_ex, geyser, eruptions, "
                     "percent=5).")
    value, feedback = number(answer, what)
    if feedback is not None:
        if "array of shape" in feedback.message:
            return wrong(feedback.message[:-1] + ": `np.percentile(..., q)` of a 1D array gives "
                         "one.")
        return feedback
    log_density = model.score_samples(X)
    expected = np.percentile(log_density, percent)
    if agrees(value, expected):
        return correct(f"the threshold is log p(x) = {expected:.3f}: "
                       f"{np.mean(log_density < expected):.1%} of the training points lie "
                       "below it.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
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
        (np.percentile(np.log10(np.exp(log_density)), percent),
         "that is a percentile of base-10 log-densities; `score_samples` returns the natural "
         "log, log p(x): take the percentile of its values directly."),
        (model.score(X),
         "that is the mean log-density of the data (`model.score`); the threshold is a "
         "percentile of the log-densities of the points, `score_samples`."),
    ]
    for mistake, hint in mistakes:
        if matches(value, mistake):
            return wrong(hint)
    for method in _OTHER_PERCENTILE_METHODS:
        if agrees(value, np.percentile(log_density, percent, method=method)):
            return wrong(f"that is also a {percent:g}th percentile of the log-densities, by "
                         f"another convention (method='{method}'). The check uses np.percentile's "
                         "default, linear interpolation: `np.percentile(model.score_samples(X), "
                         "percent)`.")
    return wrong(f"got {value:.6g}, not {what}: the threshold is the {percent:g}th percentile "
                 "of the training log-densities, `np.percentile(model.score_samples(X), "
                 "percent)`.")


def _reproducible_components(model, n_samples):
    """The components ``model.sample(n_samples)`` draws, if every call draws the same ones.

    A model whose ``random_state`` is an int draws from a fresh generator at every
    call, so the check can draw the learner's sample again without changing the model.
    Returns None when the draws cannot be repeated (``random_state`` None or a
    generator, which a draw here would advance).
    """
    state = getattr(model, "random_state", None)
    if isinstance(state, (bool, np.bool_)) or not isinstance(state, numbers.Integral):
        return None
    X_sampled, components = model.sample(n_samples)
    return X_sampled, np.asarray(components)


def _binomial_chance(n_samples, weights, fractions):
    """Probability that honest draws give exactly these fractions."""
    from scipy.stats import multinomial

    counts = np.round(fractions * n_samples).astype(int)
    return float(multinomial.pmf(counts, n_samples, weights))


@graded
def sample_fractions(answer, model, n_samples):
    """Check the fraction of ``n_samples`` sampled points that came from each component.

    With an int ``random_state`` the model draws the same sample at every call, and
    the check compares with exactly those draws; otherwise it checks that the answer
    is a possible result of ``n_samples`` draws, within the sampling noise of the
    weights.

    Parameters
    ----------
    answer : array-like of shape (n_components,)
        Entry ``k``: the share of the points of ``model.sample(n_samples)`` drawn
        from component ``k``.
    model : GaussianMixture
        A fitted mixture.
    n_samples : int
        How many points were drawn.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    k = model.n_components
    what = f"the fraction of the draws from each component, shape ({k},)"
    fractions, feedback = array(answer, what)
    if feedback is not None:
        return feedback
    n_samples, problem = number(n_samples, "n_samples")
    if problem is not None or n_samples < 1 or n_samples != int(n_samples):
        return wrong("the check cannot judge this: n_samples must be a positive whole number. "
                     "Call it as check.sample_fractions(fractions_ex, geyser, n_samples=2000).")
    n_samples = int(n_samples)
    if fractions.shape == (n_samples,):
        return wrong(f"you have one value per sample ({n_samples}); these look like the component "
                     "labels. Count them per component and divide by the number of samples: "
                     "`np.bincount(labels, minlength=model.n_components) / n`.")
    if fractions.shape != (k,):
        got = "one number" if fractions.ndim == 0 else f"shape {fractions.shape}"
        return wrong(f"expected {what}, got {got}. `np.bincount(..., minlength={k})` gives one "
                     "count per component even if one was never drawn.")
    if not np.all(np.isfinite(fractions)):
        return wrong(f"{what}: the answer contains NaN or infinity.")
    weights = model.weights_
    if np.isclose(fractions.sum(), n_samples):
        return wrong(f"these are counts (they add up to {n_samples}); divide by the number of "
                     "samples to get fractions.")
    if not np.isclose(fractions.sum(), 1.0):
        return wrong(f"the fractions add up to {fractions.sum():.4g}, not 1: every sample comes "
                     "from exactly one component.")
    counts = fractions * n_samples
    whole_counts = np.allclose(counts, np.round(counts), rtol=0, atol=1e-6)
    noise = np.sqrt(weights * (1 - weights) / n_samples)
    drawn = _reproducible_components(model, n_samples)
    if drawn is not None:
        X_sampled, components = drawn
        expected = np.bincount(components, minlength=k) / n_samples
        if agrees(fractions, expected):
            return correct(f"the fractions {np.round(fractions, 3).tolist()} match the weights "
                           f"{np.round(weights, 3).tolist()} within the sampling noise of "
                           f"{n_samples} draws (a standard deviation of about "
                           f"{noise.max():.3f}).")
    rounded = rounded_places(fractions, weights)
    if agrees(fractions, weights) or (rounded is not None
                                      and (drawn is not None or not whole_counts)):
        how = "" if rounded is None else f", rounded to {rounded} decimal places"
        return wrong(f"these are the mixing weights `weights_`{how}, not fractions of draws. "
                     f"Draw the samples with `model.sample({n_samples})`, which returns the "
                     "points AND the component of each, and count those components.")
    if not whole_counts:
        return wrong(f"these are not fractions of {n_samples} draws: each such fraction is a "
                     f"whole count divided by {n_samples}. Did you count `model.predict` on the "
                     "data, average `predict_proba`, or change the weights, instead of drawing "
                     f"with `model.sample({n_samples})` and counting its components?")
    if drawn is not None:
        if agrees(fractions, np.bincount(model.predict(X_sampled), minlength=k) / n_samples):
            return wrong("you assigned the sampled points to components again with `predict`; "
                         "`model.sample` already says which component drew each point (its "
                         "second value): count those.")
        return wrong(f"these could be fractions of {n_samples} draws, but not of the draws "
                     f"`model.sample({n_samples})` makes: this model has random_state="
                     f"{model.random_state}, so every call draws the same components, and the "
                     "check drew them too. Count the components `model.sample(n_samples)` "
                     "returns (its second value).")
    if rounded is not None:
        chance = _binomial_chance(n_samples, weights, fractions)
        return wrong(f"these are the mixing weights rounded to {rounded} decimal places. Draws "
                     f"give exactly these fractions only by chance (probability {chance:.2g}): "
                     "if you did count the components from `model.sample`, draw again.")
    off = np.abs(fractions - weights) > 4 * noise + 1e-12
    if np.any(off):
        j = int(np.argmax(np.abs(fractions - weights) / (noise + 1e-12)))
        return wrong(f"component {j} got a fraction of {fractions[j]:.3f}, but its weight is "
                     f"{weights[j]:.3f}; with {n_samples} samples the fraction has a standard "
                     f"deviation of about {noise[j]:.3f}, so it lies more than four of them away. "
                     "Did you count the components returned by `model.sample` (the second value "
                     "it returns)?")
    return correct(f"the fractions {np.round(fractions, 3).tolist()} match the weights "
                   f"{np.round(weights, 3).tolist()} within the sampling noise of {n_samples} "
                   f"draws (a standard deviation of about {noise.max():.3f}).")


@graded
def memberships(answer, model, X_new):
    """Check membership probabilities of the rows of ``X_new`` computed by hand.

    Parameters
    ----------
    answer : array-like of shape (n_new, n_components)
        Row ``i``: the probability that ``X_new[i]`` belongs to each component of
        ``model``; each row sums to one.
    model : GaussianMixture
        A fitted mixture.
    X_new : array-like of shape (n_new, n_features)
        The points.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    X_new, problem = array(X_new, "X_new")
    if problem is not None or X_new.ndim != 2:
        return wrong("the check cannot judge this: X_new must be a 2D array of points. Call it "
                     "as check.memberships(resp_ex, geyser, X_new_ex).")
    name = f"the membership probabilities, shape ({len(X_new)}, {model.n_components})"
    resp, feedback = array(answer, name)
    if feedback is not None:
        return feedback
    densities = np.exp(log_gaussian_density(X_new, model.means_, model.covariances_,
                                            model.covariance_type))
    joint = model.weights_ * densities
    expected = model.predict_proba(X_new)
    if resp.shape == (len(X_new),) and np.array_equal(resp, expected.argmax(axis=1)):
        return wrong(f"these are the most probable components (like `predict`); expected {name}, "
                     "a probability for every component.")
    if resp.shape == joint.shape and np.all(np.isfinite(resp)):
        if matches(resp, densities / densities.sum()) or matches(resp, joint / joint.sum()):
            return wrong("you divided by one grand total over all points and components, as "
                         "the tutorial's `predict` does: then the rows do not sum to one and a "
                         "point's answer depends on the other points passed in. Normalise each "
                         "row on its own: `joint / joint.sum(axis=1, keepdims=True)`.")
        if len(X_new) > 1 and np.allclose(resp.sum(axis=0), 1.0) and not np.allclose(
                resp.sum(axis=1), 1.0):
            return wrong("each column sums to one: you normalised over the points. Normalise "
                         "each row, over the components: `joint.sum(axis=1, keepdims=True)`.")
        if np.all(resp <= 0) and agrees(np.exp(resp), expected):
            return wrong("these are log-probabilities: take np.exp of them.")
        if not np.allclose(resp.sum(axis=1), 1.0):
            return wrong("the rows do not sum to one. A membership probability is a probability "
                         "over the components: divide each row by its sum (axis=1, keepdims=True).")
    return array_feedback(resp, expected, name, mistakes=[
        (densities / densities.sum(axis=1, keepdims=True),
         "these are the memberships WITHOUT the mixing weights: multiply each component's density "
         "by its weight `weights_[k]` before normalising."),
        (np.eye(model.n_components)[expected.argmax(axis=1)],
         "these are hard 0/1 assignments (like `predict`); the question asks for each point's "
         "probabilities."),
    ])
