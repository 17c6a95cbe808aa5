"""Checks for the exercises of notebook 10 · Mixtures at work.

Each check is given the fitted objects and the data the exercise uses, recomputes the
right answer from them, and recognises the common wrong ones.
"""

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
    rounding_feedback,
    wrong,
)

__all__ = ["fraction_flagged", "held_out_threshold", "mean_colour", "variance_kept"]


def _cannot_judge(call):
    return wrong(f"the check cannot judge this: call it as {call}.")


def _ordinal(percent):
    """'1st', '2nd', '99th', '0.5th': how a percentile is named in words."""
    if percent != int(percent):
        return f"{percent:g}th"
    n = int(percent)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# np.percentile's other ways of reading a percentile between two values.
_OTHER_METHODS = ("lower", "higher", "nearest", "midpoint", "inverted_cdf",
                  "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
                  "hazen", "weibull", "median_unbiased", "normal_unbiased")


def _first_match(value, mistakes):
    for mistake, hint in mistakes:
        try:
            if matches(value, mistake):
                return wrong(hint)
        except (TypeError, ValueError):
            continue
    return None


@graded
def variance_kept(answer, pca, m):
    """Check the fraction of the variance held by the first ``m`` principal components.

    Parameters
    ----------
    answer : float
        ``pca.explained_variance_ratio_[:m].sum()``.
    pca : fitted sklearn.decomposition.PCA
    m : int
        How many components, from 1 to ``pca.n_components_``.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = f"the fraction of the variance held by the first {m} principal components"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    try:
        ratios = np.asarray(pca.explained_variance_ratio_, dtype=np.float64)
        variances = np.asarray(pca.explained_variance_, dtype=np.float64)
        m = int(m)
        if not 1 <= m <= len(ratios):
            raise ValueError
    except (AttributeError, TypeError, ValueError):
        return _cannot_judge("check.variance_kept(variance_10, pca, m=10) with the fitted PCA")
    value, feedback = number(answer, what)
    if feedback is not None:
        if agrees(array(answer, what)[0], np.cumsum(ratios[:m])):
            return wrong(f"{feedback.message[:-1]}: these are the cumulative sums; the last one, "
                         f"`.sum()` of the first {m} ratios, is the answer.")
        return feedback
    expected = ratios[:m].sum()
    if agrees(value, expected):
        return correct(f"the first {m} principal components hold {expected:.1%} of the variance; "
                       f"all {len(ratios)} kept in section 2 hold {ratios.sum():.1%}.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    hint = _first_match(value, [
        (100 * expected, "that is a percentage; give the fraction, between 0 and 1."),
        (ratios[m - 1], f"that is the share of component {m} alone; add up the first {m} ratios."),
        (ratios[:m - 1].sum(), f"that is the share of the first {m - 1} components: Python's "
                               f"slice `[:{m}]` takes {m} of them, indices 0 to {m - 1}."),
        (ratios[:m + 1].sum(), f"that is the share of the first {m + 1} components; `[:{m}]` "
                               f"takes the first {m}."),
        (1 - expected, "that is the share the first components leave out; give the share they "
                       "hold."),
        (variances[:m].sum(), "that is a sum of variances (`explained_variance_`, in squared "
                              "grey levels), not a fraction: use `explained_variance_ratio_`."),
        (ratios.sum(), f"that is the share of all {len(ratios)} components kept; the question "
                       f"asks for the first {m}."),
        (expected / ratios.sum(), f"that is the first {m} components' share of the variance "
                                  f"the {len(ratios)} kept components hold; the ratios are "
                                  "already shares of the total variance: just add them up."),
    ])
    if hint is not None:
        return hint
    return wrong(f"got {value:.6g}, not {what}: add up the first {m} entries of "
                 "`pca.explained_variance_ratio_`.")


@graded
def held_out_threshold(answer, model, Z_held_out, percent):
    """Check the log-density below which ``percent`` percent of the held-out points lie.

    Parameters
    ----------
    answer : float
        ``np.percentile(model.score_samples(Z_held_out), percent)``.
    model : fitted GaussianMixture
    Z_held_out : array-like of shape (n_samples, n_features)
        The held-out points, in the coordinates the model was fitted in.
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
    call = "check.held_out_threshold(threshold_1, best, Z_held_out, percent=1)"
    try:
        percent = float(percent)
        if not 0 <= percent <= 100:
            raise ValueError
        log_density = np.asarray(model.score_samples(Z_held_out), dtype=np.float64)
    except (AttributeError, TypeError, ValueError):
        return _cannot_judge(call)
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    expected = np.percentile(log_density, percent)
    if agrees(value, expected):
        return correct(f"the threshold is log p = {expected:.3f}: "
                       f"{np.mean(log_density < expected):.1%} of the held-out digits lie below "
                       "it.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    hint = _first_match(value, [
        (np.percentile(log_density, 100 - percent),
         f"that is the {_ordinal(100 - percent)} percentile, the top of the range: unusual "
         f"digits have LOW density, so take the {_ordinal(percent)} percentile."),
        (np.percentile(log_density, percent / 100),
         f"`np.percentile` takes a percentage ({percent:g}), not a fraction; `np.quantile` is the "
         f"one that takes {percent / 100:g}."),
        (np.exp(expected),
         "that is a density p(z), exp of the threshold (or a percentile of the densities): "
         "`score_samples` returns log p(z); keep it on the log scale."),
        (np.mean(log_density), "that is the mean log-density of the held-out digits "
                               "(`model.score`); the threshold is a percentile of their "
                               "log-densities."),
        (np.percentile(-log_density, percent), "that is a percentile of -log p(z); take the "
                                               "percentile of log p(z) itself."),
    ] + ([(np.quantile(log_density, percent),
           f"`np.quantile` takes a fraction: {percent:g} is the largest value. Use "
           f"`np.percentile(..., {percent:g})` or `np.quantile(..., {percent / 100:g})`.")]
         if percent == 1 else []) + (
        [(np.percentile(log_density, 5), "that is the 5% threshold of section 3; the question "
                                         f"asks for the {_ordinal(percent)} percentile.")]
        if percent != 5 else []))
    if hint is not None:
        return hint
    # Another convention for a percentile that falls between two of the values: the
    # question asks for np.percentile's default, linear interpolation between them.
    others = [np.percentile(log_density, percent, method=method) for method in _OTHER_METHODS]
    ordered = np.sort(log_density)
    rank = int(np.argmin(np.abs(ordered - value)))
    near = abs(rank - percent / 100 * (len(ordered) - 1)) <= 2
    if (near and agrees(value, ordered[rank])) or any(agrees(value, other) for other in others):
        which = (f"the {_ordinal(rank + 1)} lowest of the {len(ordered)} log-densities"
                 if agrees(value, ordered[rank]) else "another reading of the percentile")
        return wrong(f"that is {which}: another percentile convention. The question asks for "
                     f"`np.percentile`'s default, which interpolates linearly between the two "
                     f"values around the {_ordinal(percent)} percentile.")
    return wrong(f"got {value:.6g}, not {what} of these points: take "
                 f"`np.percentile(best.score_samples(Z_held_out), {percent:g})`, the held-out "
                 "digits in PCA coordinates (not the training digits, nor the pixels).")


@graded
def fraction_flagged(answer, model, pca, X, Z_held_out, percent=1, threshold=None):
    """Check the fraction of the images ``X`` whose log-density lies below the threshold.

    The threshold is recomputed from the held-out points, so that a wrong threshold
    carried over from an earlier exercise cannot make a wrong fraction pass.

    Parameters
    ----------
    answer : float
        ``np.mean(model.score_samples(pca.transform(X)) < threshold)``.
    model : fitted GaussianMixture
        Fitted in the PCA coordinates.
    pca : fitted sklearn.decomposition.PCA
    X : array-like of shape (n_samples, n_pixels)
        The images, in pixels.
    Z_held_out : array-like of shape (n_held_out, n_components)
        The held-out points in PCA coordinates, whose log-densities set the threshold.
    percent : float, default=1
        The threshold is this percentile (``np.percentile``'s default) of their
        log-densities, from 0 to 100.
    threshold : float, optional
        The learner's own threshold (``threshold_1``), to tell them when it is the
        cause of a wrong answer.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the fraction of the noisy digits flagged, a number between 0 and 1"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    call = ("check.fraction_flagged(flagged_noisy, best, pca, noisy, Z_held_out, percent=1, "
            "threshold=threshold_1)")
    try:
        percent = float(percent)
        if not 0 <= percent <= 100:
            raise ValueError
        held = np.asarray(model.score_samples(Z_held_out), dtype=np.float64)
        scores = np.asarray(model.score_samples(pca.transform(X)), dtype=np.float64)
        if held.ndim != 1 or scores.ndim != 1 or len(held) == 0 or len(scores) == 0:
            raise ValueError
    except (AttributeError, TypeError, ValueError):
        return _cannot_judge(call)
    try:
        given = None if threshold is None else float(threshold)
    except (TypeError, ValueError):
        given = None
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    right_threshold = np.percentile(held, percent)
    flagged = scores < right_threshold
    expected = flagged.mean()
    if agrees(value, expected):
        return correct(f"{flagged.sum()} of {len(scores)} noisy digits ({expected:.1%}) lie below "
                       f"the threshold, log p = {right_threshold:.3f}.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    if value == flagged.sum() and flagged.sum() != expected:
        return wrong(f"that is the number of flagged digits; divide by how many there are "
                     f"({len(scores)}) for the fraction.")
    mistakes = [
        (100 * expected, "that is a percentage; give the fraction, between 0 and 1."),
        (1 - expected, "that is the fraction NOT flagged: an image is flagged when its "
                       "log-density is below the threshold."),
        (np.mean(held < right_threshold), "that is the share of the held-out digits flagged; "
                                          "the question asks about the noisy ones (`noisy`)."),
    ]
    if given is not None and np.isfinite(given) and not agrees(given, right_threshold):
        mistakes.insert(0, (np.mean(scores < given), (
            f"that fraction uses your `threshold_1`, {given:.6g}, which is not the "
            f"{_ordinal(percent)} percentile of the held-out log-densities "
            f"({right_threshold:.3f}): put exercise 2 right first.")))
    if percent != 5:
        mistakes.append((np.mean(scores < np.percentile(held, 5)),
                         "that uses the 5% threshold of section 3 (`threshold`); use the "
                         "stricter `threshold_1` of exercise 2."))
    if np.any(scores == right_threshold):
        mistakes.append((np.mean(scores <= right_threshold),
                         "you flagged log-densities at or below the threshold; flag those "
                         "strictly below it."))
    hint = _first_match(value, mistakes)
    if hint is not None:
        return hint
    return wrong(f"got {value:.6g}, not {what}. Score the noisy digits in PCA coordinates, "
                 "where the mixture lives (`best.score_samples(pca.transform(noisy))`), and "
                 "count the share below the threshold of exercise 2.")


@graded
def mean_colour(answer, model, pixels, component, fitted_pixels=None):
    """Check the mean Lab colour of the pixels whose most probable component is ``component``.

    Parameters
    ----------
    answer : array-like of shape (3,)
        ``pixels[model.predict(pixels) == component].mean(axis=0)``.
    model : fitted GaussianMixture
        Fitted to colours in Lab.
    pixels : array-like of shape (n_pixels, 3)
        Every pixel of the image, in Lab.
    component : int
        The component's index.
    fitted_pixels : array-like of shape (n_fitted, 3), optional
        The pixels the model was fitted to, to say how much of the gap between the
        answer and ``model.means_`` comes from which pixels are averaged.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the mean Lab colour of the component's pixels, shape (3,)"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    call = "check.mean_colour(petal_colour, model, pixels, component=petal)"
    try:
        pixels = np.asarray(pixels, dtype=np.float64)
        component = int(component)
        labels = model.predict(pixels)
        mine = pixels[labels == component]
        if len(mine) == 0:
            raise ValueError
        means = np.asarray(model.means_, dtype=np.float64)
    except (AttributeError, TypeError, ValueError, IndexError):
        return _cannot_judge(call)
    value, feedback = array(answer, what)
    if feedback is not None:
        return feedback
    expected = mine.mean(axis=0)
    fitted_mean = None
    try:
        if fitted_pixels is not None:
            fitted = np.asarray(fitted_pixels, dtype=np.float64)
            fitted_mine = fitted[model.predict(fitted) == component]
            if len(fitted_mine):
                fitted_mean = fitted_mine.mean(axis=0)
    except (AttributeError, TypeError, ValueError, IndexError):
        fitted_mean = None
    if value.shape == (3,) and agrees(value, expected):
        gap = np.linalg.norm(expected - means[component])
        message = (f"the component's {len(mine)} pixels average to L*a*b* = "
                   f"{np.round(expected, 2).tolist()}, {gap:.2f} away from `model.means_`, "
                   "the responsibility-weighted mean of the pixels the model was fitted to "
                   "(with the responsibilities of EM's last step).")
        if fitted_mean is not None:
            resp = model.predict_proba(pixels)[:, component]
            soft_gap = np.linalg.norm(resp @ pixels / resp.sum() - expected)
            fitted_gap = np.linalg.norm(fitted_mean - means[component])
            message += (f" Averaged the same way, the {len(fitted_mine)} of the "
                        f"{len(fitted)} fitted pixels given to the component come within "
                        f"{fitted_gap:.2f} of `model.means_`; weighting all "
                        f"{len(pixels)} pixels softly instead of hard moves their average by "
                        f"{soft_gap:.2f}. ")
            message += ("So most of the gap is which pixels are averaged: a sample of "
                        f"{len(fitted_mine)} pixels, not the whole image."
                        if max(fitted_gap, soft_gap) < gap / 2 else
                        "Both which pixels are averaged and how they are weighted count.")
        return correct(message)
    if value.shape == (len(pixels), 3) or value.shape == mine.shape:
        return wrong(f"expected {what}; got one colour per pixel, shape {value.shape}: average "
                     "them over the pixels, `.mean(axis=0)`.")
    if value.shape == (3,) and not np.all(np.isfinite(value)):
        return wrong(f"{what}: the answer contains NaN or infinity. (An empty selection "
                     "averages to NaN: does your mask pick any pixels?)")
    from gmm_lesson.colour import lab_to_rgb

    resp = model.predict_proba(pixels)[:, component]
    return array_feedback(value, expected, what, mistakes=[
        (means[component], "that is `model.means_[component]`, the responsibility-weighted "
                           "mean of the 3000 pixels the model was fitted to; the question asks "
                           "for the plain average of all the image's pixels given to the "
                           "component (`model.predict(pixels) == component`)."),
        (pixels.mean(axis=0), "that is the mean colour of the whole image; keep only the "
                              "pixels whose component is this one."),
        (lab_to_rgb(expected), "that is the colour in sRGB (from 0 to 1); the question asks for "
                               "L*, a*, b*."),
        (lab_to_rgb(expected) * 255, "that is the colour in sRGB (0 to 255); the question asks "
                                     "for L*, a*, b*."),
        (resp @ pixels / resp.sum(), "that is the responsibility-weighted mean over every "
                                     "pixel (soft); the question gives each pixel wholly to "
                                     "its most probable component (`predict`)."),
        (pixels[labels != component].mean(axis=0), "those are the pixels of every OTHER "
                                                    "component: keep `== component`."),
        *([] if fitted_mean is None else [
            (fitted_mean, f"those are only the {len(fitted)} pixels the model was fitted "
                          f"to; the question asks for all {len(pixels)} pixels of the image "
                          "(`pixels`).")]),
    ])
