"""The checks of notebook 10 accept the right answers and explain the common wrong ones."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture

from gmm_lesson.colour import lab_to_rgb
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

# Colours in Lab: two clouds, a dark green and an orange, and a third between.
_rng = np.random.default_rng(3)
PIXELS = np.concatenate([_rng.normal([20, -15, 5], 3, (300, 3)),
                         _rng.normal([60, 30, 50], 4, (200, 3)),
                         _rng.normal([40, 8, 28], 6, (100, 3))])
COLOUR_MODEL = GaussianMixture(n_components=2, random_state=0).fit(PIXELS[::3])
LABELS = COLOUR_MODEL.predict(PIXELS)
MEAN_0 = PIXELS[LABELS == 0].mean(axis=0)


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
                     check.fraction_flagged(..., MODEL, PCA_FIT, NOISY, THRESHOLD),
                     check.mean_colour(..., COLOUR_MODEL, PIXELS, 0)):
        assert not feedback and not feedback.answered and "replace `...`" in feedback.message


def test_right_answers_pass():
    assert check.variance_kept(PCA_FIT.explained_variance_ratio_[:10].sum(), PCA_FIT, 10)
    assert check.held_out_threshold(THRESHOLD, MODEL, Z_HELD, 1)
    assert check.fraction_flagged(np.mean(NOISY_SCORES < THRESHOLD), MODEL, PCA_FIT, NOISY,
                                  THRESHOLD)
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
])
def test_threshold_mistakes_get_their_hint(answer, hint):
    feedback = check.held_out_threshold(answer, MODEL, Z_HELD, 1)
    assert not feedback and hint in feedback.message


def test_flagged_mistakes_get_their_hint():
    flagged = NOISY_SCORES < THRESHOLD
    assert 0 < flagged.mean() < 1
    cases = [(flagged.sum(), "number of flagged"), (100 * flagged.mean(), "percentage"),
             (1 - flagged.mean(), "NOT flagged"), (0.123456, "PCA coordinates")]
    for answer, hint in cases:
        feedback = check.fraction_flagged(answer, MODEL, PCA_FIT, NOISY, THRESHOLD)
        assert not feedback and hint in feedback.message, (answer, feedback.message)


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
    assert "cannot judge" in check.mean_colour([1, 2, 3], COLOUR_MODEL, PIXELS, 7).message
