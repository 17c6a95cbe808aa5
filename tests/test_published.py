"""The engine reproduces a published worked example to the printed digits."""

import numpy as np
import pytest

import gmm_lesson as gl


def test_mathematics_for_machine_learning_example():
    # Deisenroth, Faisal and Ong, Mathematics for Machine Learning, ch. 11: seven
    # points, three components, five EM iterations from the book's start.
    example = gl.datasets.mml_example()
    model = gl.GaussianMixture(
        3, tol=0, reg_covar=0.0, max_iter=example.n_iter,
        weights_init=example.weights_init, means_init=example.means_init,
        precisions_init=1.0 / example.covariances_init,
    )
    with pytest.warns(Warning, match="did not converge"):
        model.fit(example.X)
    assert np.round(model.weights_, 2).tolist() == list(example.published_weights)
    assert np.round(model.means_.ravel(), 2).tolist() == list(example.published_means)
    assert np.round(model.covariances_.ravel(), 2).tolist() == list(example.published_variances)
    history = model.history_
    assert round(history.log_likelihoods[0], 2) == example.published_log_likelihood_start
    assert round(history.log_likelihoods[-1], 2) == example.published_log_likelihood_end
    assert np.all(np.diff(history.log_likelihoods) > 0)
