"""Checks for the warm-up exercises of notebook 00 · Start here."""

import numpy as np

from gmm_lesson.datasets import old_faithful
from gmm_lesson.exercises import (
    agrees,
    array,
    correct,
    graded,
    integer,
    matches,
    number,
    pair,
    rounding_feedback,
    wrong,
)

__all__ = ["long_eruption_share", "mean_waiting", "n_eruptions"]


@graded
def n_eruptions(answer):
    """Check the number of eruptions in the Old Faithful data.

    Parameters
    ----------
    answer : int
        The number of rows of ``X = old_faithful()``, ``X.shape[0]``.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    X = old_faithful()
    what = "the number of eruptions (rows of the data)"
    floats, _ = array(answer, what)
    if floats is not None and floats.shape == (2,) and np.array_equal(floats, X.shape):
        return wrong(f"that is X.shape, (rows, columns); {what} is its first entry, "
                     "X.shape[0].")
    value, feedback = integer(answer, what)
    if feedback is not None:
        return feedback
    if value == X.shape[0]:
        return correct(f"{X.shape[0]} eruptions, one per row.")
    if value == X.size:
        return wrong("that counts every number in the array; each eruption is one row: X.shape[0].")
    if value == X.shape[1]:
        return wrong("that is the number of columns (features); eruptions are rows: X.shape[0].")
    if value == X.shape[0] - 1:
        return wrong(f"{value} is the index of the last row; rows are numbered from 0, so there "
                     "is one more: X.shape[0].")
    return wrong(f"got {value:g}, not {what}: X.shape[0] (or len(X)).")


@graded
def mean_waiting(answer):
    """Check the mean waiting time between eruptions, in minutes.

    Parameters
    ----------
    answer : float
        The mean of column 1 (waiting) of ``old_faithful()``.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    X = old_faithful()
    what = "the mean waiting time in minutes"
    floats, _ = array(answer, what)
    if floats is not None and floats.shape == (2,) and agrees(floats, X.mean(axis=0)):
        return wrong("these are the means of both columns (X.mean(axis=0)); the waiting time "
                     "is column 1: X[:, 1].mean().")
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    expected = X[:, 1].mean()
    if agrees(value, expected):
        return correct(f"on average {expected:.1f} minutes between eruptions.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    mistakes = [
        (X[:, 0].mean(), "that is the mean of column 0, the eruption duration; waiting is "
                         "column 1."),
        (X.mean(), "that averages both columns together; take column 1 only: X[:, 1].mean()."),
        (np.median(X[:, 1]), "that is the median waiting time; the mean is X[:, 1].mean()."),
        (X[:, 1].sum(), "that is the total waiting time; the mean divides it by the number of "
                        "eruptions: X[:, 1].mean()."),
        (expected / 60, "that is the mean in hours; the question asks for minutes, the unit of "
                        "the data."),
    ]
    for mistake, hint in mistakes:
        if matches(value, mistake):
            return wrong(hint)
    got, _ = pair(value, expected)
    return wrong(f"got {got}, not {what}: the waiting time is column 1, X[:, 1].mean().")


@graded
def long_eruption_share(answer):
    """Check the share of eruptions lasting more than three minutes.

    Parameters
    ----------
    answer : float
        A number between 0 and 1: the share of rows of ``old_faithful()`` whose
        column 0 (duration, in minutes) is above 3.

    Returns
    -------
    Feedback
        Whether the answer is right and, if not, what is wrong and a hint.
    """
    what = "the share of long eruptions, a number between 0 and 1"
    value, feedback = number(answer, what)
    if feedback is not None:
        return feedback
    X = old_faithful()
    durations = X[:, 0]
    expected = np.mean(durations > 3)
    if agrees(value, expected):
        return correct(f"{expected:.1%} of eruptions last more than three minutes.")
    rounding = rounding_feedback(value, expected, f"{value:g}")
    if rounding is not None:
        return rounding
    mistakes = [
        (np.sum(durations > 3), "that is a count; divide by the number of eruptions for a "
                                "share (or use np.mean)."),
        (100 * expected, "that is a percentage; give the share as a number between 0 and 1."),
        (1 - expected, "that is the share of SHORT eruptions (three minutes or less)."),
        (np.mean(X[:, 1] > 3), "that compares column 1, the waiting time, with three minutes; "
                               "the duration is column 0."),
        (np.mean(X > 3), "that counts both columns together; the duration is column 0 only: "
                         "np.mean(X[:, 0] > 3)."),
    ]
    for mistake, hint in mistakes:
        if matches(value, mistake):
            return wrong(hint)
    if not 0 <= value <= 1:
        return wrong(f"got {value:g}, but {what}.")
    return wrong(f"got {value:g}, not {what}: try np.mean(X[:, 0] > 3).")
