"""Checks for the exercises at the end of each notebook.

One module per notebook (``lesson03`` for notebook 03, ...). A learner writes an
answer, calls the check, and reads what is wrong and a hint, not just True/False::

    from gmm_lesson.exercises import lesson03 as check
    resp = ...  # the learner's answer
    check.responsibilities(resp)

An answer still set to ``...`` (Ellipsis) is reported as not answered yet, so a
notebook whose exercises are untouched still runs top to bottom.
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["Feedback", "array", "array_feedback", "correct", "not_answered", "number", "wrong"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``passed`` and a message for the learner.

    ``answered`` is False while the answer is still ``...``.
    """

    passed: bool
    message: str
    answered: bool = True

    def __bool__(self):
        return self.passed

    @property
    def verdict(self):
        if not self.answered:
            return "Not answered yet"
        return "Correct" if self.passed else "Not yet"

    def _parts(self):
        # An unanswered message already starts with its verdict.
        prefix = "not answered yet: "
        if not self.answered and self.message.startswith(prefix):
            return self.verdict, self.message[len(prefix):]
        return self.verdict, self.message

    def __repr__(self):
        return "{}: {}".format(*self._parts())

    def _repr_markdown_(self):
        verdict, message = self._parts()
        mark = {"Correct": "✅", "Not yet": "❌", "Not answered yet": "✏️"}[verdict]
        return f"{mark} **{verdict}**: {message}"


def correct(message="well done."):
    return Feedback(True, message)


def wrong(message):
    return Feedback(False, message)


def not_answered(answer, what):
    """``Feedback`` for an answer still left as ``...``, else ``None``."""
    if answer is Ellipsis:
        return Feedback(False, f"not answered yet: replace `...` with {what}.", answered=False)
    return None


def number(answer, what):
    """Read an answer that should be one real number.

    Returns
    -------
    (value, None) for a finite number, else (None, Feedback) saying what is wrong.
    """
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return None, unanswered
    if isinstance(answer, (bool, np.bool_)):
        return None, wrong(f"expected {what}, got {answer!r} (a True/False).")
    try:
        value = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None, wrong(f"expected one number ({what}), got {type(answer).__name__}.")
    if value.size != 1:
        return None, wrong(f"expected one number ({what}), got an array of shape {value.shape}.")
    value = float(value.reshape(()))
    if not np.isfinite(value):
        return None, wrong(f"expected {what}, got {value}.")
    return value, None


def array(answer, what):
    """Read an answer that should be an array of numbers.

    Returns
    -------
    (ndarray, None), else (None, Feedback) saying the answer is missing or not numbers.
    """
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return None, unanswered
    try:
        return np.asarray(answer, dtype=np.float64), None
    except (TypeError, ValueError):
        return None, wrong(f"expected {what} as numbers, got {type(answer).__name__}.")


def array_feedback(answer, expected, name, *, rtol=1e-6, atol=1e-9, mistakes=()):
    """Compare an array answer with the expected one, explaining the first problem found.

    Parameters
    ----------
    answer : array-like or Ellipsis
    expected : ndarray
    name : str
        What the answer is, e.g. "the responsibilities, shape (60, 3)".
    mistakes : sequence of (ndarray, str)
        Known wrong answers with the hint to give when the learner's matches one.

    Returns
    -------
    Feedback
    """
    answer, feedback = array(answer, name)
    if feedback is not None:
        return feedback
    expected = np.asarray(expected, dtype=np.float64)
    if answer.shape != expected.shape:
        if answer.shape == expected.shape[::-1] and answer.ndim == 2:
            return wrong(f"{name} has shape {answer.shape}: transposed? Expected {expected.shape}.")
        if answer.size == expected.size:
            return wrong(f"{name} has shape {answer.shape}, expected {expected.shape}: "
                         "the right numbers may be there; reshape them.")
        return wrong(f"{name} has shape {answer.shape}, expected {expected.shape}.")
    if not np.all(np.isfinite(answer)):
        return wrong(f"{name} contains NaN or infinity: look for a division by zero or "
                     "the log of zero.")
    if np.allclose(answer, expected, rtol=rtol, atol=atol):
        return correct(f"you have {name}.")
    for mistake, hint in mistakes:
        if np.shape(mistake) == answer.shape and np.allclose(answer, mistake, rtol=rtol, atol=atol):
            return wrong(hint)
    worst = np.unravel_index(np.argmax(np.abs(answer - expected)), answer.shape)
    return wrong(f"{name} differs from the expected values, most at index {tuple(int(i) for i in worst)}: "
                 f"got {answer[worst]:.6g}, expected {expected[worst]:.6g}.")
