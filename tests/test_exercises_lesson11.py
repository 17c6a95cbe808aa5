"""The checks of notebook 11 accept the right answers and explain the common wrong ones."""

import numpy as np

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
    assert not check.labelled_responsibilities(EXPECTED_RESP.T, X, STATE, LABELS, ROWS).passed
    assert not check.labelled_responsibilities(..., X, STATE, LABELS, ROWS).answered


def test_map_covariance_by_hand():
    assert check.map_covariance(SIGMA, X_COV, R_COV, PSI, NU).passed
    for wrong_answer, words in [
        (SCATTER / NK, "maximum-likelihood"),
        ((PSI + SCATTER) / NK, "denominator is"),
        ((PSI + SCATTER) / (NK + NU), "left out D + 1"),
        ((PSI + SCATTER) / (NK + NU + 4), "N_k + nu + D + 2"),
        (SCATTER / (NK + NU + 3), "Psi is missing"),
        (SIGMA * 1.1, "MAP covariance"),
    ]:
        feedback = check.map_covariance(wrong_answer, X_COV, R_COV, PSI, NU)
        assert not feedback.passed and words in feedback.message, (words, feedback.message)


def test_components_used():
    weights = np.array([0.6, 0.35, 0.02, 0.005, 0.003, 0.002, 0.0, 0.0])
    assert check.components_used(3, weights).passed
    assert check.components_used(3.0, weights).passed
    assert "every component" in check.components_used(8, weights).message
    assert "above zero" in check.components_used(6, weights).message
    assert not check.components_used(2, weights).passed
    assert check.components_used(2, weights, threshold=0.05).passed
