"""The warm-up checks of notebook 00 accept the right answers and explain the wrong ones."""

import numpy as np
import pytest

from gmm_lesson.datasets import old_faithful
from gmm_lesson.exercises import lesson00 as check

X = old_faithful()


def test_right_answers_pass_and_unanswered_say_so():
    assert check.n_eruptions(len(X))
    assert check.mean_waiting(X[:, 1].mean())
    assert check.long_eruption_share(np.mean(X[:, 0] > 3))
    for feedback in (check.n_eruptions(...), check.mean_waiting(...), check.long_eruption_share(...)):
        assert not feedback.answered


@pytest.mark.parametrize(("check_function", "answer", "hint"), [
    (check.n_eruptions, X.size, "every number"),
    (check.n_eruptions, 2, "columns"),
    (check.n_eruptions, "many", "one number"),
    (check.mean_waiting, X[:, 0].mean(), "column 0"),
    (check.mean_waiting, X.mean(), "both columns"),
    (check.long_eruption_share, np.sum(X[:, 0] > 3), "a count"),
    (check.long_eruption_share, 100 * np.mean(X[:, 0] > 3), "percentage"),
    (check.long_eruption_share, np.mean(X[:, 0] <= 3), "SHORT"),
])
def test_mistakes_get_their_hint(check_function, answer, hint):
    feedback = check_function(answer)
    assert not feedback and hint in feedback.message
