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
        return correct(f"the threshold is log p(x) = {expected:.3f}: "
                       f"{np.mean(log_density < expected):.1%} of the held-out digits lie below "
                       "it.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    hint = _first_match(value, [
        (np.percentile(log_density, 100 - percent),
         f"that is the {100 - percent:g}th percentile, the top of the range: unusual digits have "
         f"LOW density, so take the {percent:g}th percentile."),
        (np.percentile(log_density, percent / 100),
         f"`np.percentile` takes a percentage ({percent:g}), not a fraction; `np.quantile` is the "
         f"one that takes {percent / 100:g}."),
        (np.exp(expected),
         "that is a density p(x), exp of the threshold (or a percentile of the densities): "
         "`score_samples` returns log p(x); keep it on the log scale."),
        (np.mean(log_density), "that is the mean log-density of the held-out digits "
                               "(`model.score`); the threshold is a percentile of their "
                               "log-densities."),
        (np.percentile(-log_density, percent), "that is a percentile of -log p(x); take the "
                                               "percentile of log p(x) itself."),
    ])
    if hint is not None:
        return hint
    return wrong(f"got {value:.6g}, not {what} of these points: take "
                 f"`np.percentile(best.score_samples(Z_held_out), {percent:g})`, the held-out "
                 "digits in PCA coordinates (not the training digits, nor the pixels).")


@graded
def fraction_flagged(answer, model, pca, X, threshold):
    """Check the fraction of the images ``X`` whose log-density lies below ``threshold``.

    Parameters
    ----------
    answer : float
        ``np.mean(model.score_samples(pca.transform(X)) < threshold)``.
    model : fitted GaussianMixture
        Fitted in the PCA coordinates.
    pca : fitted sklearn.decomposition.PCA
    X : array-like of shape (n_samples, n_pixels)
        The images, in pixels.
    threshold : float
        The log-density below which an image is flagged.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the fraction of the noisy digits flagged, a number between 0 and 1"
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return unanswered
    call = "check.fraction_flagged(flagged_noisy, best, pca, noisy, threshold=threshold_1)"
    try:
        threshold = float(threshold)
        if not np.isfinite(threshold):
            raise ValueError
        scores = np.asarray(model.score_samples(pca.transform(X)), dtype=np.float64)
    except (AttributeError, TypeError, ValueError):
        return _cannot_judge(call + ", with a threshold computed in exercise 2")
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    flagged = scores < threshold
    expected = flagged.mean()
    if agrees(value, expected):
        return correct(f"{flagged.sum()} of {len(scores)} noisy digits ({expected:.1%}) lie below "
                       "the threshold.")
    if value == flagged.sum() and flagged.sum() != expected:
        return wrong(f"that is the number of flagged digits; divide by how many there are "
                     f"({len(scores)}) for the fraction.")
    hint = _first_match(value, [
        (100 * expected, "that is a percentage; give the fraction, between 0 and 1."),
        (1 - expected, "that is the fraction NOT flagged: an image is flagged when its "
                       "log-density is below the threshold."),
        (np.mean(scores <= threshold), "you flagged log-densities at or below the threshold; "
                                       "flag those strictly below it."),
    ])
    if hint is not None:
        return hint
    return wrong(f"got {value:.6g}, not {what}. The mixture lives in PCA coordinates: score "
                 "`pca.transform(noisy)`, not the pixels, and count the scores below the "
                 "threshold of exercise 2.")


@graded
def mean_colour(answer, model, pixels, component):
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
    if value.shape == (3,) and agrees(value, expected):
        gap = np.linalg.norm(expected - means[component])
        return correct(f"the component's {len(mine)} pixels average to L*a*b* = "
                       f"{np.round(expected, 2).tolist()}, {gap:.2f} away from "
                       "`model.means_`: the mean weighs the 3000 fitted pixels by their "
                       "responsibilities, while this average takes every pixel of the image "
                       "given wholly to the component.")
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
    ])
