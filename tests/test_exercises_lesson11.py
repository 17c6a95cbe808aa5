"""The checks of notebook 11 accept the right answers and explain the common wrong ones."""

import numpy as np
from sklearn.mixture import BayesianGaussianMixture

import gmm_lesson as gl
from gmm_lesson.exercises import lesson11 as check

X = np.array([[0.0, 0.0], [1.0, 0.5], [4.0, 4.0], [5.0, 3.5], [2.5, 2.0]])
STATE = gl.MixtureState.from_parameters([0.5, 0.3, 0.2], [[0, 0], [4, 4], [2, 2]],
                                        [np.eye(2), np.eye(2), 2 * np.eye(2)])
LABELS = np.array([-1, -1, -1, 0, -1])
ROWS = [4, 3]
JOINT = STATE.weights * np.column_stack([
    np.exp(-0.5 * ((X - m) ** 2).sum(axis=1) / c[0, 0]) / (2 * np.pi * c[0, 0])
    for m, c in zip(STATE.means, STATE.covariances, strict=True)
])
POSTERIOR = JOINT / JOINT.sum(axis=1, keepdims=True)
EXPECTED_RESP = np.array([POSTERIOR[4], [1.0, 0.0, 0.0]])

X_COV = np.array([[0.0, 1.0], [1.0, 3.0], [2.0, 2.0], [4.0, 5.0]])
R_COV = np.array([1.0, 0.5, 0.25, 0.25])
PSI, NU = np.array([[1.0, 0.2], [0.2, 0.5]]), 4.0
NK = 2.0
MU = (1.0 * X_COV[0] + 0.5 * X_COV[1] + 0.25 * X_COV[2] + 0.25 * X_COV[3]) / NK
SCATTER = sum(r * np.outer(x - MU, x - MU) for r, x in zip(R_COV, X_COV, strict=True))
SIGMA = (PSI + SCATTER) / (NK + NU + 2 + 1)


def test_labelled_responsibilities_by_hand():
    assert check.labelled_responsibilities(EXPECTED_RESP, X, STATE, LABELS, ROWS).passed
    feedback = check.labelled_responsibilities(POSTERIOR[ROWS], X, STATE, LABELS, ROWS)
    assert not feedback.passed and "ignore the labels" in feedback.message
    hard = np.eye(3)[POSTERIOR[ROWS].argmax(axis=1)]
    feedback = check.labelled_responsibilities(hard, X, STATE, LABELS, ROWS)
    assert not feedback.passed
    feedback = check.labelled_responsibilities(np.log(EXPECTED_RESP + 1e-300), X, STATE, LABELS,
                                               ROWS)
    assert not feedback.passed and "np.exp" in feedback.message
    with np.errstate(divide="ignore"):
        log_with_zeros = np.log(EXPECTED_RESP)                  # -inf where the label rules out
    feedback = check.labelled_responsibilities(log_with_zeros, X, STATE, LABELS, ROWS)
    assert not feedback.passed and "np.exp" in feedback.message
    feedback = check.labelled_responsibilities(EXPECTED_RESP[::-1], X, STATE, LABELS, ROWS)
    assert not feedback.passed and "wrong order" in feedback.message
    assert not check.labelled_responsibilities(EXPECTED_RESP.T, X, STATE, LABELS, ROWS).passed
    assert not check.labelled_responsibilities(-EXPECTED_RESP, X, STATE, LABELS, ROWS).passed
    feedback = check.labelled_responsibilities(EXPECTED_RESP, X, None, LABELS, ROWS)
    assert not feedback.passed and "start_ex" in feedback.message
    assert not check.labelled_responsibilities(..., X, STATE, LABELS, ROWS).answered


def test_map_covariance_by_hand():
    assert check.map_covariance(SIGMA, X_COV, R_COV, PSI, NU).passed
    for wrong_answer, words in [
        (SCATTER / NK, "maximum-likelihood"),
        ((PSI + SCATTER) / NK, "denominator is"),
        ((PSI + SCATTER) / (NK + NU), "left out D + 1"),
        ((PSI + SCATTER) / (NK + NU + 4), "N_k + nu + D + 2"),
        (SCATTER / (NK + NU + 3), "Psi is missing"),
        ((PSI + SCATTER) / (NK + NU - 3), "precision"),
        ((PSI + SCATTER) / (len(R_COV) + NU + 3), "soft count"),
        ((PSI + SCATTER) / (NK + NU + 2), "you left out the 1"),
        (SIGMA * 1.1, "MAP covariance"),
    ]:
        feedback = check.map_covariance(wrong_answer, X_COV, R_COV, PSI, NU)
        assert not feedback.passed and words in feedback.message, (words, feedback.message)


def test_expected_stick_weights_by_hand():
    a, b = np.array([3.0, 2.0, 1.5]), np.array([1.0, 2.0, 0.5])
    # E[v] = 3/4, 1/2, 3/4: weights 3/4, (1/4)(1/2) = 1/8, (1/4)(1/2)(3/4) = 3/32.
    expected = np.array([0.75, 0.125, 3 / 32])
    feedback = check.expected_stick_weights(expected, (a, b))
    assert feedback.passed and "sum to 0.9688" in feedback.message
    for wrong_answer, words in [
        (expected / expected.sum(), "weights_"),
        (np.array([0.75, 0.5, 0.75]), "alone"),
        (np.array([0.75 * 0.25, 0.5 * 0.125, 0.75 * 0.03125]), "j < k"),
        (np.array([0.25, 0.5 * 0.75, 0.25 * 0.75 * 0.5]), "swapped a and b"),
        (expected[::-1], "expected weights of the 3 sticks"),
        (expected[:2], "shape"),
    ]:
        feedback = check.expected_stick_weights(wrong_answer, (a, b))
        assert not feedback.passed and words in feedback.message, (words, feedback.message)


def test_expected_stick_weights_agree_with_scikit_learn():
    # scikit-learn's weights_ are the expected stick weights renormalised to sum to one.
    points = np.random.default_rng(0).normal(size=(60, 2))
    model = BayesianGaussianMixture(n_components=4, weight_concentration_prior=100.0,
                                    random_state=0).fit(points)
    a, b = model.weight_concentration_
    share = a / (a + b)
    sticks = share * np.concatenate([[1.0], np.cumprod(1 - share)[:-1]])
    assert check.expected_stick_weights(sticks, model.weight_concentration_).passed
    np.testing.assert_allclose(sticks / sticks.sum(), model.weights_)
    assert not check.expected_stick_weights(model.weights_, model.weight_concentration_).passed


def test_expected_stick_weights_with_unusable_arguments_gives_feedback():
    for concentration in [None, "ab", (np.ones(3), np.ones(2)), (np.ones(2), -np.ones(2)),
                          (np.ones(2), [np.nan, 1.0]), ([], [])]:
        feedback = check.expected_stick_weights(np.ones(2), concentration)
        assert not feedback.passed and "cannot use its arguments" in feedback.message
