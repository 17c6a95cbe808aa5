"""The checks of notebook 10 accept the right answers and explain the common wrong ones."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture

from gmm_lesson.colour import lab_to_rgb
from gmm_lesson.exercises import agrees
from gmm_lesson.exercises import lesson10 as check

DIGITS = load_digits().data[:600]
PCA_FIT = PCA(n_components=12).fit(DIGITS[:400])
Z = PCA_FIT.transform(DIGITS[:400])
Z_HELD = PCA_FIT.transform(DIGITS[400:])
MODEL = GaussianMixture(n_components=3, random_state=0).fit(Z)
HELD_SCORES = MODEL.score_samples(Z_HELD)
NOISY = np.clip(DIGITS[400:] + np.random.default_rng(1).normal(0, 4, (200, 64)), 0, 16)
NOISY_SCORES = MODEL.score_samples(PCA_FIT.transform(NOISY))
THRESHOLD = np.percentile(HELD_SCORES, 1)
THRESHOLD_5 = np.percentile(HELD_SCORES, 5)

# Colours in Lab: two clouds, a dark green and an orange, and a third between.
_rng = np.random.default_rng(3)
PIXELS = np.concatenate([_rng.normal([20, -15, 5], 3, (300, 3)),
                         _rng.normal([60, 30, 50], 4, (200, 3)),
                         _rng.normal([40, 8, 28], 6, (100, 3))])
COLOUR_MODEL = GaussianMixture(n_components=2, random_state=0).fit(PIXELS[::3])
LABELS = COLOUR_MODEL.predict(PIXELS)
MEAN_0 = PIXELS[LABELS == 0].mean(axis=0)
FITTED = PIXELS[::3]
FITTED_MEAN_0 = FITTED[COLOUR_MODEL.predict(FITTED) == 0].mean(axis=0)


def test_the_hand_computations_agree_with_the_definitions():
    # The fraction of variance: each ratio is a variance over the total variance.
    total = DIGITS[:400].var(axis=0, ddof=1).sum()
    np.testing.assert_allclose(PCA_FIT.explained_variance_ratio_[:3].sum(),
                               PCA_FIT.explained_variance_[:3].sum() / total)
    # The components' own means differ from the hard averages the exercise asks for.
    assert np.linalg.norm(COLOUR_MODEL.means_[0] - MEAN_0) > 1e-3


def test_unanswered_exercises_say_so():
    for feedback in (check.variance_kept(..., PCA_FIT, 10),
                     check.held_out_threshold(..., MODEL, Z_HELD, 1),
                     check.fraction_flagged(..., MODEL, PCA_FIT, NOISY, Z_HELD, 1, THRESHOLD),
                     check.mean_colour(..., COLOUR_MODEL, PIXELS, 0)):
        assert not feedback and not feedback.answered and "replace `...`" in feedback.message


def test_right_answers_pass():
    assert check.variance_kept(PCA_FIT.explained_variance_ratio_[:10].sum(), PCA_FIT, 10)
    assert check.held_out_threshold(THRESHOLD, MODEL, Z_HELD, 1)
    assert check.fraction_flagged(np.mean(NOISY_SCORES < THRESHOLD), MODEL, PCA_FIT, NOISY,
                                  Z_HELD, percent=1, threshold=THRESHOLD)
    assert check.fraction_flagged(np.mean(NOISY_SCORES < THRESHOLD), MODEL, PCA_FIT, NOISY,
                                  Z_HELD)
    assert check.mean_colour(MEAN_0, COLOUR_MODEL, PIXELS, 0)
    assert check.mean_colour(list(MEAN_0), COLOUR_MODEL, PIXELS, 0)


RATIOS = PCA_FIT.explained_variance_ratio_


@pytest.mark.parametrize(("answer", "hint"), [
    (100 * RATIOS[:10].sum(), "percentage"),
    (RATIOS[9], "component 10 alone"),
    (RATIOS[:9].sum(), "first 9"),
    (RATIOS[:11].sum(), "first 11"),
    (1 - RATIOS[:10].sum(), "leave out"),
    (PCA_FIT.explained_variance_[:10].sum(), "explained_variance_ratio_"),
    (np.cumsum(RATIOS[:10]), "cumulative"),
    (0.5, "add up the first 10"),
    (RATIOS[:10].sum() / RATIOS.sum(), "already shares of the total variance"),
])
def test_variance_mistakes_get_their_hint(answer, hint):
    feedback = check.variance_kept(answer, PCA_FIT, 10)
    assert not feedback and hint in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (np.percentile(HELD_SCORES, 99), "LOW density"),
    (np.percentile(HELD_SCORES, 0.01), "not a fraction"),
    (np.exp(THRESHOLD), "keep it on the log scale"),
    (HELD_SCORES.mean(), "mean log-density"),
    (np.percentile(MODEL.score_samples(Z), 1), "not the training digits"),
    (round(THRESHOLD, 2), "decimal"),
    # Other conventions for a percentile between two values: np.percentile's default
    # interpolates; the 5th-lowest of 200 (index 1.99 rounded down) is another reading.
    (np.sort(HELD_SCORES)[1], "2nd lowest of the 200 log-densities"),
    (np.percentile(HELD_SCORES, 1, method="lower"), "another percentile convention"),
    (np.percentile(HELD_SCORES, 1, method="nearest"), "another percentile convention"),
    (np.percentile(HELD_SCORES, 1, method="hazen"), "another percentile convention"),
    (np.quantile(HELD_SCORES, 1), "1 is the largest value"),
    (np.percentile(HELD_SCORES, 5), "5% threshold of section 3"),
])
def test_threshold_mistakes_get_their_hint(answer, hint):
    feedback = check.held_out_threshold(answer, MODEL, Z_HELD, 1)
    assert not feedback and hint in feedback.message


def test_percentiles_are_named_with_ordinals():
    top = check.held_out_threshold(np.percentile(HELD_SCORES, 99), MODEL, Z_HELD, 1).message
    assert "the 99th percentile" in top and "take the 1st percentile" in top
    top = check.held_out_threshold(np.percentile(HELD_SCORES, 98), MODEL, Z_HELD, 2).message
    assert "take the 2nd percentile" in top


def test_flagged_mistakes_get_their_hint():
    flagged = NOISY_SCORES < THRESHOLD
    assert 0 < flagged.mean() < 1
    cases = [(flagged.sum(), "number of flagged"), (100 * flagged.mean(), "percentage"),
             (1 - flagged.mean(), "NOT flagged"), (0.123456, "PCA coordinates"),
             (np.mean(HELD_SCORES < THRESHOLD), "held-out digits flagged")]
    for answer, hint in cases:
        feedback = check.fraction_flagged(answer, MODEL, PCA_FIT, NOISY, Z_HELD, percent=1,
                                          threshold=THRESHOLD)
        assert not feedback and hint in feedback.message, (answer, feedback.message)


def test_a_rounded_fraction_is_told_it_is_rounded():
    # 147 digits: the fraction flagged, k / 147, is not a short decimal.
    fraction = np.mean(NOISY_SCORES[:147] < THRESHOLD)
    assert not agrees(round(fraction, 4), fraction)
    feedback = check.fraction_flagged(round(fraction, 4), MODEL, PCA_FIT, NOISY[:147], Z_HELD,
                                      threshold=THRESHOLD)
    assert not feedback and "rounded to 4 decimal places" in feedback.message


def test_the_threshold_of_section_3_is_told_apart():
    # Flipped digits: the 1% and 5% thresholds flag different shares of them.
    flipped = DIGITS[400:].reshape(-1, 8, 8)[:, :, ::-1].reshape(-1, 64)
    scores = MODEL.score_samples(PCA_FIT.transform(flipped))
    assert np.mean(scores < THRESHOLD_5) != np.mean(scores < THRESHOLD)
    feedback = check.fraction_flagged(np.mean(scores < THRESHOLD_5), MODEL, PCA_FIT, flipped,
                                      Z_HELD, percent=1, threshold=THRESHOLD)
    assert not feedback and "5% threshold of section 3" in feedback.message
    assert check.fraction_flagged(np.mean(scores < THRESHOLD), MODEL, PCA_FIT, flipped, Z_HELD)


def test_a_wrong_threshold_from_exercise_2_cannot_make_a_wrong_fraction_pass():
    # The 99th percentile flags almost everything: the fraction it gives is wrong.
    wrong_threshold = np.percentile(HELD_SCORES, 99)
    carried_over = np.mean(NOISY_SCORES < wrong_threshold)
    assert not np.isclose(carried_over, np.mean(NOISY_SCORES < THRESHOLD))
    feedback = check.fraction_flagged(carried_over, MODEL, PCA_FIT, NOISY, Z_HELD, percent=1,
                                      threshold=wrong_threshold)
    assert not feedback and "your `threshold_1`" in feedback.message
    assert "1st percentile" in feedback.message
    # Without the learner's threshold the fraction is still refused.
    assert not check.fraction_flagged(carried_over, MODEL, PCA_FIT, NOISY, Z_HELD)


def test_at_or_below_is_named_only_when_a_score_sits_on_the_threshold():
    # No noisy score equals the threshold, so "<=" gives the right answer and passes.
    assert not np.any(NOISY_SCORES == THRESHOLD)
    assert check.fraction_flagged(np.mean(NOISY_SCORES <= THRESHOLD), MODEL, PCA_FIT, NOISY,
                                  Z_HELD)
    # Held-out digits scored as "noisy": one of them is the 1st percentile's own value
    # when it falls on a data point (percent=0 takes the lowest).
    lowest = np.percentile(HELD_SCORES, 0)
    at_or_below = np.mean(HELD_SCORES <= lowest)
    feedback = check.fraction_flagged(at_or_below, MODEL, PCA_FIT, DIGITS[400:], Z_HELD,
                                      percent=0)
    assert not feedback and "at or below" in feedback.message


@pytest.mark.parametrize(("answer", "hint"), [
    (COLOUR_MODEL.means_[0], "means_"),
    (PIXELS.mean(axis=0), "whole image"),
    (lab_to_rgb(MEAN_0), "sRGB (from 0 to 1)"),
    (PIXELS[LABELS == 0], "one colour per pixel"),
    (PIXELS[LABELS != 0].mean(axis=0), "OTHER"),
    (MEAN_0[::-1], "not the expected values"),
])
def test_colour_mistakes_get_their_hint(answer, hint):
    feedback = check.mean_colour(answer, COLOUR_MODEL, PIXELS, 0)
    assert not feedback and hint in feedback.message


def test_the_fitted_pixels_alone_are_told_apart():
    assert np.linalg.norm(FITTED_MEAN_0 - MEAN_0) > 1e-3
    feedback = check.mean_colour(FITTED_MEAN_0, COLOUR_MODEL, PIXELS, 0, fitted_pixels=FITTED)
    assert not feedback and "only the 200 pixels the model was fitted to" in feedback.message


def test_the_right_colour_is_told_where_the_gap_to_the_means_comes_from():
    feedback = check.mean_colour(MEAN_0, COLOUR_MODEL, PIXELS, 0, fitted_pixels=FITTED)
    assert feedback
    gap = np.linalg.norm(MEAN_0 - COLOUR_MODEL.means_[0])
    fitted_gap = np.linalg.norm(FITTED_MEAN_0 - COLOUR_MODEL.means_[0])
    resp = COLOUR_MODEL.predict_proba(PIXELS)[:, 0]
    soft_gap = np.linalg.norm(resp @ PIXELS / resp.sum() - MEAN_0)
    for number in (gap, fitted_gap, soft_gap):
        assert f"{number:.2f}" in feedback.message
    # Junk in place of the fitted pixels only drops the explanation.
    assert check.mean_colour(MEAN_0, COLOUR_MODEL, PIXELS, 0, fitted_pixels="junk")


def test_soft_average_is_told_apart():
    resp = COLOUR_MODEL.predict_proba(PIXELS)[:, 0]
    soft = resp @ PIXELS / resp.sum()
    assert np.linalg.norm(soft - MEAN_0) > 1e-3
    feedback = check.mean_colour(soft, COLOUR_MODEL, PIXELS, 0)
    assert not feedback and "soft" in feedback.message


def test_the_checks_say_when_they_cannot_judge():
    assert "cannot judge" in check.variance_kept(0.5, None, 10).message
    assert "cannot judge" in check.variance_kept(0.5, PCA_FIT, 99).message
    assert "cannot judge" in check.held_out_threshold(1.0, MODEL, Z_HELD, 150).message
    assert "cannot judge" in check.fraction_flagged(0.5, MODEL, PCA_FIT, NOISY, "x").message
    assert "cannot judge" in check.fraction_flagged(0.5, MODEL, PCA_FIT, NOISY, Z_HELD,
                                                    percent=101).message
    assert "cannot judge" in check.mean_colour([1, 2, 3], COLOUR_MODEL, PIXELS, 7).message
