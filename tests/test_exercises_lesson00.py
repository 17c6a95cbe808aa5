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
    for feedback in (check.n_eruptions(...), check.mean_waiting(...),
                     check.long_eruption_share(...)):
        assert not feedback.answered


@pytest.mark.parametrize(("check_function", "answer", "hint"), [
    (check.n_eruptions, X.size, "every number"),
    (check.n_eruptions, 2, "columns"),
    (check.n_eruptions, X.shape, "X.shape, (rows, columns)"),
    (check.n_eruptions, len(X) - 1, "index of the last row"),
    (check.n_eruptions, "many", "the text 'many'"),
    (check.n_eruptions, "272", "remove the quotes"),
    (check.n_eruptions, 272.5, "a whole number"),
    (check.mean_waiting, X[:, 0].mean(), "column 0"),
    (check.mean_waiting, X.mean(), "both columns"),
    (check.mean_waiting, X.mean(axis=0), "both columns (X.mean(axis=0))"),
    (check.mean_waiting, np.median(X[:, 1]), "median"),
    (check.mean_waiting, X[:, 1].sum(), "total waiting time"),
    (check.mean_waiting, X[:, 1].mean() / 60, "in hours"),
    (check.mean_waiting, round(X[:, 1].mean(), 1), "rounded to 1 decimal place"),
    (check.long_eruption_share, np.sum(X[:, 0] > 3), "a count"),
    (check.long_eruption_share, 100 * np.mean(X[:, 0] > 3), "percentage"),
    (check.long_eruption_share, np.mean(X[:, 0] <= 3), "SHORT"),
    (check.long_eruption_share, np.mean(X[:, 1] > 3), "column 1, the waiting time"),
    (check.long_eruption_share, np.mean(X > 3), "both columns together"),
    (check.long_eruption_share, round(np.mean(X[:, 0] > 3), 2), "rounded to 2 decimal places"),
    (check.long_eruption_share, None, "got None"),
])
def test_mistakes_get_their_hint(check_function, answer, hint):
    feedback = check_function(answer)
    assert not feedback and hint in feedback.message


def test_a_rounded_answer_is_told_how_many_places_are_needed():
    feedback = check.mean_waiting(round(X[:, 1].mean(), 2))
    assert not feedback and "The check needs" in feedback.message
    needed = int(feedback.message.split("The check needs ")[1].split(" ")[0])
    assert check.mean_waiting(round(X[:, 1].mean(), needed))
    assert not check.mean_waiting(round(X[:, 1].mean(), needed - 1))
