"""The verdict on a learner's answer: :class:`Feedback`, and the functions that make one.

:func:`correct` and :func:`wrong` give the verdict on an answer judged,
:func:`not_answered` the one on an answer still left as ``...``. A :class:`Feedback`
shows in a notebook as one line: a mark, the verdict and the message.

:func:`graded` marks a function as an exercise's check. In a notebook it changes
nothing; when nbgrader runs the notebook to grade or validate it (it then sets
:data:`GRADER_ENV`), a failing verdict becomes an ``AssertionError`` carrying the same
message, which is how nbgrader tells that a check cell failed.
"""

import functools
import os
from dataclasses import dataclass

__all__ = [
    "GRADER_ENV",
    "GRADER_RUNS",
    "Feedback",
    "correct",
    "graded",
    "not_answered",
    "wrong",
]

#: The environment variable nbgrader sets while it runs a notebook, and the values it
#: sets it to when grading (``nbgrader autograde``) and validating (``nbgrader validate``).
GRADER_ENV = "NBGRADER_EXECUTION"
GRADER_RUNS = ("autograde", "validate")


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
        """The word the learner reads first.

        Returns
        -------
        str
            "Correct", "Not yet", or "Not answered yet" while the answer is ``...``.
        """
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
    """A passing verdict with ``message`` for the learner.

    Parameters
    ----------
    message : str, default="well done."
        What the learner got right; shown after "Correct: ".

    Returns
    -------
    Feedback
        ``passed`` and ``answered`` both True.
    """
    return Feedback(True, message)


def wrong(message):
    """A failing verdict with ``message`` for the learner.

    Parameters
    ----------
    message : str
        What is wrong and a hint; shown after "Not yet: ".

    Returns
    -------
    Feedback
        ``passed`` False, ``answered`` True.
    """
    return Feedback(False, message)


def not_answered(answer, what):
    """``Feedback`` for an answer still left as ``...``, else ``None``.

    Parameters
    ----------
    answer : object
        The learner's answer.
    what : str
        What the answer should be, for the message: "replace `...` with {what}".

    Returns
    -------
    Feedback or None
        A failing ``Feedback`` with ``answered`` False if ``answer`` is ``...``,
        otherwise None.
    """
    if answer is Ellipsis:
        return Feedback(False, f"not answered yet: replace `...` with {what}.", answered=False)
    return None


def graded(check):
    """Make ``check`` an exercise's check that nbgrader can grade.

    Parameters
    ----------
    check : callable
        A function that returns a :class:`Feedback`.

    Returns
    -------
    callable
        ``check`` itself when called in a notebook. While nbgrader grades or validates
        the notebook (:data:`GRADER_ENV` set to one of :data:`GRADER_RUNS`), it raises
        ``AssertionError`` with the feedback's text instead of returning a failing
        verdict, so that nbgrader counts the check cell as failed; it displays a passing
        verdict and returns None, since nbgrader would read a cell's returned value as a
        partial score.
    """
    @functools.wraps(check)
    def _graded_check(*args, **kwargs):
        feedback = check(*args, **kwargs)
        if os.environ.get(GRADER_ENV) not in GRADER_RUNS:
            return feedback
        if not feedback.passed:
            raise AssertionError(repr(feedback))
        from IPython.display import display

        display(feedback)
        return None

    return _graded_check
