"""No check raises, whatever it is given: every answer gets a Feedback naming what was expected.

Each public check of every lesson module is called the way its notebook calls it,
with each answer of a gallery of junk (None, text, a dict, a ragged list, NaN, a
function, a complex number...). Every call must return a ``Feedback`` that did not
pass, that counts as answered, whose message names what the check expected, and
that printed no warning. The last test checks the promise of the one tolerance
sentence the notebooks print.
"""

import inspect
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture

import gmm_lesson as gl
from gmm_lesson import datasets
from gmm_lesson.exercises import (
    Feedback,
    lesson00,
    lesson01,
    lesson02,
    lesson03,
    lesson04,
    lesson05,
    lesson06,
    lesson07,
    lesson08,
    lesson09,
    lesson10,
    lesson11,
)

LESSONS = [lesson00, lesson01, lesson02, lesson03, lesson04, lesson05, lesson06, lesson07,
           lesson08, lesson09, lesson10, lesson11]
# Public functions that give the exercises their data or print, and judge nothing.
HELPERS = {"exercise_start", "exercise_problem", "exercise_data", "exercise_responsibilities",
           "show_snippet"}

# --- what the notebooks pass besides the answer -----------------------------------------

X03, _, _, _ = lesson03.exercise_start()
RESP03 = lesson03.exercise_responsibilities()
NK03 = RESP03.sum(axis=0)
WEIGHTS03 = NK03 / len(X03)
MEANS03 = (RESP03 * X03[:, None]).sum(axis=0) / NK03
VARIANCES03 = (RESP03 * (X03[:, None] - MEANS03) ** 2).sum(axis=0) / NK03

KS = list(range(1, 9))
BICS = [6215.9, 6133.8, 6043.9, 6073.0, 6109.6, 6134.1, 6168.2, 6207.5]
RUNS = [SimpleNamespace(lower_bound_=value) for value in (-6.065, -5.9393, -6.112, -5.9385)]

X05, START05 = lesson05.exercise_start()
_AFTER_M = (X05, START05.responsibilities(X05), gl.MixtureState.from_parameters(
    *gl.m_step(X05, START05.responsibilities(X05), reg_covar=0.0)))

X08 = datasets.five_blobs()
SK_FIT = GaussianMixture(n_components=5, random_state=0).fit(X08)

ERUPTIONS = datasets.old_faithful()
GEYSER = gl.GaussianMixture(n_components=2, random_state=0).fit(ERUPTIONS)
KNOWN = np.array([[4.5, 80.0], [2.0, 55.0]])
NAMES = ["long", "short"]
X_NEW = np.array([[3.0, 70.0], [2.5, 75.0], [4.0, 60.0]])

STATE11 = gl.MixtureState.from_parameters([0.5, 0.5], [[0.0, 0.0], [3.0, 3.0]], [np.eye(2)] * 2)
LABELS11 = np.array([-1, 1, -1])

DIGITS = load_digits().data[:300]
PCA10 = PCA(n_components=10).fit(DIGITS)
DIGIT_FIT = GaussianMixture(n_components=2, random_state=0).fit(PCA10.transform(DIGITS))
LAB = np.random.default_rng(0).normal([40, 10, 20], 10, size=(200, 3))
LAB_FIT = GaussianMixture(n_components=2, random_state=0).fit(LAB)


# (name, call with the answer in place, a phrase every junk message must hold, reads a number)
CHECKS = [
    ("lesson00.n_eruptions", lesson00.n_eruptions, "number of eruptions", True),
    ("lesson00.mean_waiting", lesson00.mean_waiting, "mean waiting time", True),
    ("lesson00.long_eruption_share", lesson00.long_eruption_share, "share of long eruptions",
     True),
    ("lesson01.kmeans_error_rate", lesson01.kmeans_error_rate,
     "fraction of points k-means gets wrong", True),
    ("lesson01.most_uncertain_point", lesson01.most_uncertain_point, "row index", True),
    ("lesson01.mixture_density", lesson01.mixture_density, "p(x) at the three x values", False),
    ("lesson02.covariance_matrix", lesson02.covariance_matrix, "covariance matrix, shape (2, 2)",
     False),
    ("lesson02.mass_inside_2_sigma", lesson02.mass_inside_2_sigma, "2-sigma ellipse", True),
    ("lesson02.mahalanobis_distance", lesson02.mahalanobis_distance, "Mahalanobis distance",
     True),
    ("lesson03.responsibilities", lesson03.responsibilities, "shape (60, 3)", False),
    ("lesson03.m_step (weights)",
     lambda a: lesson03.m_step(a, MEANS03, VARIANCES03, resp=RESP03), "new weights", False),
    ("lesson03.m_step (means)",
     lambda a: lesson03.m_step(WEIGHTS03, a, VARIANCES03, resp=RESP03), "new means", False),
    ("lesson03.m_step (variances)",
     lambda a: lesson03.m_step(WEIGHTS03, MEANS03, a, resp=RESP03), "new variances", False),
    ("lesson03.m_step (resp)",
     lambda a: lesson03.m_step(WEIGHTS03, MEANS03, VARIANCES03, resp=a), "shape (60, 3)",
     False),
    ("lesson03.log_likelihood", lesson03.log_likelihood, "total log-likelihood", True),
    ("lesson04.covariance", lesson04.covariance, "covariance of component 0", False),
    ("lesson04.membership", lesson04.membership, "membership probabilities", False),
    ("lesson04.stopping_iteration", lesson04.stopping_iteration, "iteration number", True),
    ("lesson05.bound_even_split", lesson05.bound_even_split, "bound of the even split", True),
    ("lesson05.gap_even_split", lesson05.gap_even_split, "gap of the even split", True),
    ("lesson05.bound_after_e_step", lesson05.bound_after_e_step, "bound after the E-step",
     True),
    ("lesson05.m_step_prediction", lesson05.m_step_prediction, "three words", False),
    ("lesson05.after_m_step (bound)", lambda a: lesson05.after_m_step(a, 0.435),
     "bound after the M-step", True),
    ("lesson05.after_m_step (gap)",
     lambda a: lesson05.after_m_step(gl.em.lower_bound(*_AFTER_M), a),
     "gap after the M-step", True),
    ("lesson06.logsumexp", lesson06.logsumexp, "logsumexp(a, axis", False),
    ("lesson06.stable_responsibilities", lesson06.stable_responsibilities, "shape (6, 3)",
     False),
    ("lesson06.accumulating_line", lesson06.accumulating_line, "line number", True),
    ("lesson07.count_parameters",
     lambda a: lesson07.count_parameters(a, n_components=4, n_features=3,
                                         covariance_type="full"),
     "number of free parameters", True),
    ("lesson07.choose_k", lambda a: lesson07.choose_k(a, KS, BICS), "number of components K",
     True),
    ("lesson07.best_run", lambda a: lesson07.best_run(a, RUNS), "fitted models", True),
    ("lesson08.means_from_start", lesson08.means_from_start, "fitted means", False),
    ("lesson08.total_log_likelihood", lambda a: lesson08.total_log_likelihood(a, SK_FIT, X08),
     "total log-likelihood", True),
    ("lesson08.mahalanobis_distances", lambda a: lesson08.mahalanobis_distances(a, SK_FIT),
     "Mahalanobis distances", False),
    ("lesson09.cluster_labels",
     lambda a: lesson09.cluster_labels(a, GEYSER, ERUPTIONS, KNOWN, NAMES),
     "names, one for every point", False),
    ("lesson09.anomaly_threshold",
     lambda a: lesson09.anomaly_threshold(a, GEYSER, ERUPTIONS, percent=5), "threshold", True),
    ("lesson09.sample_fractions", lambda a: lesson09.sample_fractions(a, GEYSER, n_samples=2000),
     "fraction of the draws from each component", False),
    ("lesson09.memberships", lambda a: lesson09.memberships(a, GEYSER, X_NEW),
     "membership probabilities", False),
    ("lesson10.variance_kept", lambda a: lesson10.variance_kept(a, PCA10, m=5),
     "fraction of the variance", True),
    ("lesson10.held_out_threshold",
     lambda a: lesson10.held_out_threshold(a, DIGIT_FIT, PCA10.transform(DIGITS), percent=1),
     "threshold", True),
    ("lesson10.fraction_flagged",
     lambda a: lesson10.fraction_flagged(a, DIGIT_FIT, PCA10, DIGITS, PCA10.transform(DIGITS),
                                         percent=1, threshold=-30.0),
     "fraction of the noisy digits flagged", True),
    ("lesson10.mean_colour", lambda a: lesson10.mean_colour(a, LAB_FIT, LAB, component=0),
     "mean Lab colour", False),
    ("lesson11.labelled_responsibilities",
     lambda a: lesson11.labelled_responsibilities(a, X_NEW[:, :2] / 20, STATE11, LABELS11, [0, 1]),
     "responsibilities of rows", False),
    ("lesson11.map_covariance",
     lambda a: lesson11.map_covariance(a, X_NEW[:, :2], [1.0, 0.5, 0.2], np.eye(2), 4.0),
     "MAP covariance", False),
    ("lesson11.expected_stick_weights",
     lambda a: lesson11.expected_stick_weights(a, ([3.0, 2.0], [1.0, 2.0])),
     "expected weights of the 2 sticks", False),
]


def a_function(a, axis=None):
    return a


JUNK = {
    "None": None,
    "text": "abc",
    "a number as text": "3.5",
    "empty text": "",
    "dict": {"a": 1},
    "set": {1, 2},
    "ragged list": [[1, 2], [3]],
    "empty list": [],
    "empty tuple": (),
    "empty array": np.array([]),
    "array of 3": np.arange(3.0),
    "4 x 5 zeros": np.zeros((4, 5)),
    "2 x 2 x 2 ones": np.ones((2, 2, 2)),
    "nan": float("nan"),
    "inf": float("inf"),
    "-inf": -float("inf"),
    "huge float": 1e300,
    "huge negative float": -1e300,
    "huge int": 10**400,
    "negative int": -7,
    "True": True,
    "numpy False": np.bool_(False),
    "function": a_function,
    "builtin": print,
    "complex": 1 + 2j,
    "numpy complex": np.complex128(1j),
    "complex list": [1 + 1j, 2],
    "list with None": [None, 1.0],
    "numbers as text": ["1", "2"],
    "mixed list": [1, "a"],
    "bools": [True, False],
    "object": object(),
    "text array": np.array(["x"]),
    "nans": np.full(3, np.nan),
    "nested inf": [[np.inf]],
    "datetime": np.datetime64("2024-01-01"),
    "model": SimpleNamespace(fit=None),
}


def test_every_public_check_is_in_the_gallery():
    public = set()
    for module in LESSONS:
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value) and name not in HELPERS:
                public.add(f"{module.__name__.rsplit('.', 1)[1]}.{name}")
    covered = {name.split(" ")[0] for name, *_ in CHECKS}
    assert covered == public


def _judge(check, answer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return check(answer)


def _is_junk_for(name, answer):
    # A function is what the logsumexp check expects (its own tests judge functions), and
    # resp=None is the call of the M-step check without responsibilities.
    return not ((name == "lesson06.logsumexp" and callable(answer))
                or (name == "lesson03.m_step (resp)" and answer is None))


@pytest.mark.parametrize(("name", "check", "expected", "junk"), [
    pytest.param(name, check, expected, junk, id=f"{name}-{junk}")
    for name, check, expected, _ in CHECKS for junk, answer in JUNK.items()
    if _is_junk_for(name, answer)
])
def test_junk_gets_feedback_naming_what_was_expected(name, check, expected, junk):
    answer = JUNK[junk]
    feedback = _judge(check, answer)
    assert isinstance(feedback, Feedback)
    assert not feedback.passed and feedback.answered, feedback.message
    assert expected in feedback.message, feedback.message
    if answer is None:
        assert "got None" in feedback.message and "nan" not in feedback.message.lower()


@pytest.mark.parametrize(("name", "check", "expected", "reads_number"),
                         [entry for entry in CHECKS if entry[3]], ids=lambda v: str(v)[:40])
def test_a_number_typed_as_text_is_told_to_lose_its_quotes(name, check, expected, reads_number):
    feedback = _judge(check, "3.5")
    assert not feedback and "remove the quotes" in feedback.message


def test_unanswered_is_the_only_unanswered():
    for name, check, _, _ in CHECKS:
        if "(" in name and "resp" in name:
            continue
        feedback = check(...)
        assert not feedback and not feedback.answered, name


def test_seven_significant_digits_always_pass_the_tolerance_rule():
    # The sentence TOLERANCE gives the notebooks promises this.
    from gmm_lesson.exercises import TOLERANCE, agrees

    assert "seven significant digits always suffice" in TOLERANCE
    values = np.random.default_rng(0).uniform(-1, 1, 10000) * 10.0 ** np.arange(-12, 13).repeat(400)
    rounded = np.array([float(f"{v:.6e}") for v in values])
    assert all(agrees(r, v) for r, v in zip(rounded, values, strict=True))
    six = np.array([float(f"{v:.5e}") for v in values])
    assert not all(agrees(r, v) for r, v in zip(six, values, strict=True))
