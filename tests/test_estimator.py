"""GaussianMixture behaves as a scikit-learn estimator and as a lesson engine."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from helpers import COVARIANCE_TYPES, blobs
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

import gmm_lesson as gl

X3 = blobs(np.random.default_rng(1), 600, 2, 3, spread=6)


@parametrize_with_checks([gl.GaussianMixture(n_components=2, random_state=0)])
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(estimator)


def test_clone_pipeline_and_grid_search():
    model = gl.GaussianMixture(2, covariance_type="diag", random_state=0)
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    pipeline = make_pipeline(StandardScaler(), gl.GaussianMixture(3, random_state=0)).fit(X3)
    assert pipeline.predict(X3).shape == (600,)
    search = GridSearchCV(gl.GaussianMixture(random_state=0), {"n_components": [1, 2, 3]}, cv=3)
    search.fit(X3)
    assert search.best_params_ == {"n_components": 3}


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_probabilities_and_labels(covariance_type):
    model = gl.GaussianMixture(3, covariance_type=covariance_type, random_state=0)
    labels = model.fit_predict(X3)
    proba = model.predict_proba(X3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(labels, model.predict(X3))
    np.testing.assert_array_equal(labels, proba.argmax(axis=1))
    assert model.score(X3) == pytest.approx(model.score_samples(X3).mean())


def test_history_belongs_to_the_best_run():
    model = gl.GaussianMixture(3, n_init=4, init_params="random", random_state=2).fit(X3)
    history = model.history_
    assert history.n_iter == model.n_iter_
    np.testing.assert_array_equal(history.states[-1].means, model.means_)
    assert history.lower_bounds[-1] == pytest.approx(model.lower_bound_)
    np.testing.assert_allclose(history.lower_bounds, model.lower_bounds_)
    assert history.log_likelihoods[-1] == pytest.approx(model.score(X3) * len(X3))
    assert np.all(np.diff(history.log_likelihoods) > -1e-9)


def test_warm_start_continues_from_the_fitted_parameters():
    params = dict(n_components=3, random_state=0, tol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warm = gl.GaussianMixture(max_iter=3, warm_start=True, **params).fit(X3)
        warm.fit(X3)
        straight = gl.GaussianMixture(max_iter=6, **params).fit(X3)
    np.testing.assert_allclose(warm.means_, straight.means_, rtol=1e-10)


def test_max_iter_zero_keeps_the_start():
    model = gl.GaussianMixture(3, max_iter=0, means_init=X3[:3], random_state=0).fit(X3)
    np.testing.assert_array_equal(model.means_, X3[:3])
    assert model.n_iter_ == 0 and model.history_.n_half_steps == 1


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_sampling_reproduces_weights_and_means(covariance_type):
    model = gl.GaussianMixture(3, covariance_type=covariance_type, random_state=0).fit(X3)
    n = 40_000
    samples, labels = model.sample(n)
    assert samples.shape == (n, 2) and labels.shape == (n,)
    counts = np.bincount(labels, minlength=3)
    # Within five binomial standard errors of n * weight.
    se = np.sqrt(n * model.weights_ * (1 - model.weights_))
    assert np.all(np.abs(counts - n * model.weights_) < 5 * se)
    covariances = model.state_.full_covariances()
    for k in range(3):
        drawn = samples[labels == k]
        mean_se = np.sqrt(np.diag(covariances[k]) / len(drawn))
        assert np.all(np.abs(drawn.mean(axis=0) - model.means_[k]) < 5 * mean_se)


def test_one_dimensional_data_is_not_a_special_case():
    X = gl.datasets.tutorial_1d()
    model = gl.GaussianMixture(3, random_state=0).fit(X)
    assert model.means_.shape == (3, 1) and model.covariances_.shape == (3, 1, 1)
    assert sorted(np.round(model.means_.ravel())) == pytest.approx([-10, 0, 10], abs=1.5)


def test_import_stays_light():
    code = (
        "import sys, gmm_lesson; "
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'sklearn') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import gmm_lesson pulled in {out.stdout.strip()}"


def test_state_is_the_fitted_mixture_and_needs_a_fit():
    from sklearn.exceptions import NotFittedError

    model = gl.GaussianMixture(3, random_state=0)
    assert not hasattr(model, "state_")
    with pytest.raises(NotFittedError):
        model.state_  # noqa: B018 -- the access itself is what is tested
    model.fit(X3)
    state = model.state_
    assert isinstance(state, gl.MixtureState)
    np.testing.assert_array_equal(state.means, model.means_)
    np.testing.assert_array_equal(state.covariances, model.covariances_)
    np.testing.assert_allclose(state.responsibilities(X3), model.predict_proba(X3))


def test_collapsed_components_are_kept_after_the_warning():
    # Component 2 starts on the single point X3[0] with a tiny covariance and keeps it.
    good = gl.GaussianMixture(2, random_state=0).fit(X3)
    start = dict(weights_init=[0.45, 0.45, 0.10], means_init=np.vstack([good.means_, X3[:1]]),
                 precisions_init=np.linalg.inv(np.concatenate([good.covariances_,
                                                               [1e-4 * np.eye(2)]])))
    with pytest.warns(gl.CollapseWarning, match=r"Component\(s\) \[2\] collapsed"):
        model = gl.GaussianMixture(3, **start).fit(X3)
    assert model.collapsed_components_ == [2]
    assert gl.GaussianMixture(3, random_state=0).fit(X3).collapsed_components_ == []
