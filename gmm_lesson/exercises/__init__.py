"""Checks for the exercises at the end of each notebook.

One module per notebook (``lesson03`` for notebook 03, ...), built on three that every
check shares (listed below). A learner writes an answer, calls the check, and reads
what is wrong and a hint, not just True/False::

    from gmm_lesson.exercises import lesson03 as check
    resp = ...  # the learner's answer
    check.responsibilities(resp)

An answer still set to ``...`` (Ellipsis) is reported as not answered yet, so a
notebook whose exercises are untouched still runs top to bottom.

Every answer is read by :func:`number`, :func:`integer`, :func:`array` or
:func:`texts`: whatever its type (None, text, a dict, a ragged list, a function,
NaN...), a check returns a :class:`Feedback` saying what it expected, and never
raises. Every number is judged by one rule, :data:`TOLERANCE`, through
:func:`agrees`. Each check is wrapped by :func:`graded`: only while nbgrader grades or
validates a notebook does a failing verdict raise, so that nbgrader marks the check
cell as failed (the README's "For teachers" says how the notebooks work with nbgrader).

A lesson's module imports what it needs from here (``from gmm_lesson.exercises import
number, wrong``); the modules behind these names, each importing only those above it:

=============  =====================================================================
module         what lives there
=============  =====================================================================
``feedback``   :class:`Feedback`, the verdict, and :func:`correct`, :func:`wrong`,
               :func:`not_answered`, which make one; :func:`graded`, the checks'
               wrapper for nbgrader (:data:`GRADER_ENV`, :data:`GRADER_RUNS`)
``readers``    :func:`array`, :func:`number`, :func:`integer`, :func:`texts`, which
               read an answer of any type, and :func:`describe`, words for what it is
``judging``    the tolerance rule (:data:`TOLERANCE`, :data:`RTOL`, :data:`ATOL`,
               :func:`agrees`), rounded copies (:func:`rounded_places`,
               :func:`matches`, :func:`rounding_feedback`), :func:`pair` and
               :func:`array_feedback`
=============  =====================================================================
"""

from gmm_lesson.exercises.feedback import (
    GRADER_ENV,
    GRADER_RUNS,
    Feedback,
    correct,
    graded,
    not_answered,
    wrong,
)
from gmm_lesson.exercises.judging import (
    ATOL,
    RTOL,
    TOLERANCE,
    agrees,
    array_feedback,
    matches,
    pair,
    rounded_places,
    rounding_feedback,
)
from gmm_lesson.exercises.readers import array, describe, integer, number, texts

__all__ = [
    "ATOL",
    "GRADER_ENV",
    "GRADER_RUNS",
    "RTOL",
    "TOLERANCE",
    "Feedback",
    "agrees",
    "array",
    "array_feedback",
    "correct",
    "describe",
    "graded",
    "integer",
    "matches",
    "not_answered",
    "number",
    "pair",
    "rounded_places",
    "rounding_feedback",
    "texts",
    "wrong",
]
