"""Checks for the warm-up exercises of notebook 00 · Start here."""

import numpy as np

from gmm_lesson.datasets import old_faithful
from gmm_lesson.exercises import correct, number, wrong

__all__ = ["long_eruption_share", "mean_waiting", "n_eruptions"]


def n_eruptions(answer):
    """Check the number of eruptions in the Old Faithful data."""
    value, feedback = number(answer, "the number of eruptions (rows of the data)")
    if feedback is not None:
        return feedback
    X = old_faithful()
    if value == X.shape[0]:
        return correct(f"{X.shape[0]} eruptions, one per row.")
    if value == X.size:
        return wrong("that counts every number in the array; each eruption is one row: X.shape[0].")
    if value == X.shape[1]:
        return wrong("that is the number of columns (features); eruptions are rows: X.shape[0].")
    return wrong(f"got {value:g}; the number of rows is X.shape[0] (or len(X)).")


def mean_waiting(answer):
    """Check the mean waiting time between eruptions, in minutes."""
    value, feedback = number(answer, "the mean waiting time in minutes")
    if feedback is not None:
        return feedback
    X = old_faithful()
    if np.isclose(value, X[:, 1].mean()):
        return correct(f"on average {X[:, 1].mean():.1f} minutes between eruptions.")
    if np.isclose(value, X[:, 0].mean()):
        return wrong("that is the mean of column 0, the eruption duration; waiting is column 1.")
    if np.isclose(value, X.mean()):
        return wrong("that averages both columns together; take column 1 only: X[:, 1].mean().")
    return wrong(f"got {value:g}; the waiting time is column 1: X[:, 1].mean().")


def long_eruption_share(answer):
    """Check the share of eruptions lasting more than three minutes (between 0 and 1)."""
    value, feedback = number(answer, "a share between 0 and 1")
    if feedback is not None:
        return feedback
    durations = old_faithful()[:, 0]
    expected = np.mean(durations > 3)
    if np.isclose(value, expected):
        return correct(f"{expected:.1%} of eruptions last more than three minutes.")
    if np.isclose(value, np.sum(durations > 3)):
        return wrong("that is a count; divide by the number of eruptions for a share (or use np.mean).")
    if np.isclose(value, 100 * expected):
        return wrong("that is a percentage; give the share as a number between 0 and 1.")
    if np.isclose(value, 1 - expected):
        return wrong("that is the share of SHORT eruptions (three minutes or less).")
    return wrong(f"got {value:g}; try np.mean(X[:, 0] > 3).")
