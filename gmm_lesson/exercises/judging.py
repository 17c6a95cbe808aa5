"""Judging numbers against the exact answer: the tolerance rule, rounded copies, arrays.

:data:`TOLERANCE` says the one rule of every check in words and :func:`agrees` applies
it; :func:`rounded_places`, :func:`matches` and :func:`rounding_feedback` recognise a
rounded or cut copy of the answer; :func:`pair` prints two numbers with just enough
digits to tell them apart; :func:`array_feedback` explains the first problem with an
array answer.
"""

import numpy as np

from gmm_lesson.exercises.feedback import correct, wrong
from gmm_lesson.exercises.readers import _show, array

__all__ = [
    "ATOL",
    "RTOL",
    "TOLERANCE",
    "agrees",
    "array_feedback",
    "matches",
    "pair",
    "rounded_places",
    "rounding_feedback",
]

RTOL = 1e-6
ATOL = 1e-9
TOLERANCE = ("A check accepts a number within a relative 10⁻⁶ of the exact answer (plus 10⁻⁹ "
             "for answers near zero; seven significant digits always suffice), so pass the "
             "value you computed rather than a rounded copy, and give whole numbers such as "
             "counts and indices exactly.")
"""The one tolerance rule of every check: ``|answer - exact| <= ATOL + RTOL * |exact|``."""


# --- the tolerance rule -------------------------------------------------------------------


def agrees(answer, expected):
    """Whether ``answer`` is ``expected`` under :data:`TOLERANCE`.

    Parameters
    ----------
    answer, expected : array-like
        Numbers of any shape.

    Returns
    -------
    bool
        True if both have the same shape, ``answer`` is finite everywhere, and
        ``|answer - expected| <= ATOL + RTOL * |expected|`` everywhere.
    """
    answer = np.asarray(answer, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if answer.shape != expected.shape or not np.all(np.isfinite(answer)):
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(answer, expected, rtol=RTOL, atol=ATOL))


def _decimals(value):
    """Decimal places of ``value`` as written (negative for 4300: rounded to hundreds)."""
    text = np.format_float_positional(abs(value), unique=True, trim="-")
    if "." in text:
        return len(text.split(".")[1])
    return -(len(text) - len(text.rstrip("0")))


def _significant(value):
    digits = np.format_float_positional(abs(value), unique=True, trim="-").replace(".", "")
    return len(digits.strip("0"))


def rounded_places(answer, expected):
    """Decimal places to which ``answer`` agrees with ``expected`` if it is a rounded copy.

    ``answer`` counts as a rounded (or cut) copy when, with ``D`` the most decimal
    places any of its values is written with, every value lies within half a unit
    (rounded) or, towards zero, within one unit (cut) of the ``D``-th decimal place
    of the expected value, and some value shows at least two significant digits.

    Parameters
    ----------
    answer, expected : array-like
        The learner's numbers and the exact ones, of the same shape.

    Returns
    -------
    int or None
        ``D``, or None if the answer is not a rounded copy (or agrees already).
    """
    answer = np.asarray(answer, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if (answer.shape != expected.shape or answer.size == 0
            or not np.all(np.isfinite(answer)) or not np.all(np.isfinite(expected))
            or agrees(answer, expected)):
        return None
    nonzero = answer[answer != 0]
    if nonzero.size == 0 or max(_significant(v) for v in nonzero) < 2:
        return None
    places = max(_decimals(v) for v in nonzero)
    unit = 10.0**-places
    gap = np.abs(answer - expected)
    slack = 1 + 1e-9
    rounded = np.all(gap <= 0.5 * unit * slack)
    cut = np.all(gap < unit * slack) and np.all(np.abs(answer) <= np.abs(expected))
    return places if rounded or cut else None


def matches(answer, target):
    """Whether ``answer`` is ``target`` under :data:`TOLERANCE`, or a rounded copy of it.

    Parameters
    ----------
    answer, target : array-like
        Numbers of any shape.

    Returns
    -------
    bool
        True if :func:`agrees` holds or :func:`rounded_places` finds a rounding.
    """
    return agrees(answer, target) or rounded_places(answer, target) is not None


def _places_words(places):
    if places > 0:
        return f"{places} decimal place{'s' if places > 1 else ''}"
    if places == 0:
        return "a whole number"
    return f"the nearest {10**-places:g}"


def rounding_feedback(answer, expected, name):
    """``Feedback`` for an answer that is ``expected`` rounded, or None if it is not.

    It says to how many decimal places the answer was rounded (or cut) and how many
    the check needs.

    Parameters
    ----------
    answer : array-like
        The learner's answer, already read as numbers.
    expected : float or ndarray
        The exact answer, of the same shape.
    name : str
        What the answer is, for the message.

    Returns
    -------
    Feedback or None
        A failing ``Feedback`` if ``answer`` is a rounded or cut copy of ``expected``,
        otherwise None.
    """
    places = rounded_places(answer, expected)
    if places is None:
        return None
    expected = np.asarray(expected, dtype=np.float64)
    gap = np.abs(np.asarray(answer, dtype=np.float64) - expected)
    how = "rounded" if np.all(gap <= 0.5 * 10.0**-places * (1 + 1e-9)) else "cut"
    needed = next((d for d in range(-10, 18) if agrees(np.round(expected, d), expected)), 17)
    what = (f"{name} is the right value" if expected.ndim == 0 else
            f"{name}: these are the right values")
    return wrong(f"{what} {how} to {_places_words(places)}. The check needs "
                 f"{_places_words(needed)} here (a relative error below {RTOL:g}): pass the "
                 "value you computed, not a rounded copy.")


def pair(got, expected):
    """Two numbers printed with just enough digits to tell them apart.

    Parameters
    ----------
    got, expected : float
        The learner's number and the expected one.

    Returns
    -------
    got_text, expected_text : str
        Both with the fewest significant digits, from 4 to 17, that make them differ
        (their ``repr`` if none do).
    """
    got, expected = float(got), float(expected)
    for digits in range(4, 18):
        shown = f"{got:.{digits}g}", f"{expected:.{digits}g}"
        if shown[0] != shown[1]:
            return shown
    return f"{got!r}", f"{expected!r}"


# --- judging an array answer ----------------------------------------------------------------


def array_feedback(answer, expected, name, *, mistakes=()):
    """Compare an array answer with the expected one, explaining the first problem found.

    Parameters
    ----------
    answer : array-like or Ellipsis
    expected : ndarray
    name : str
        What the answer is, e.g. "the responsibilities, shape (60, 3)".
    mistakes : sequence of (ndarray, str)
        Known wrong answers with the hint to give when the learner's matches one; a
        mistake may have another shape than ``expected`` (a transposed array, all
        components where one was asked for).

    Returns
    -------
    Feedback
    """
    answer, feedback = array(answer, name)
    if feedback is not None:
        return feedback
    expected = np.asarray(expected, dtype=np.float64)
    if answer.shape != expected.shape:
        for mistake, hint in mistakes:
            if np.shape(mistake) == answer.shape and matches(answer, mistake):
                return wrong(hint)
        if answer.ndim == 0:
            return wrong(f"expected {name}, got one number, {_show(answer)}.")
        if answer.shape == expected.shape[::-1] and answer.ndim == 2:
            return wrong(f"{name}: got shape {answer.shape}, transposed? Expected "
                         f"{expected.shape}.")
        if answer.size == expected.size:
            return wrong(f"{name}: got shape {answer.shape}, expected {expected.shape}; the "
                         "right numbers may be there: reshape them.")
        return wrong(f"{name}: got shape {answer.shape}, expected {expected.shape}.")
    if not np.all(np.isfinite(answer)):
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(answer))[0])
        return wrong(f"{name} contains NaN or infinity (first at index {where}): look for a "
                     "division by zero, the log of zero or an overflow.")
    if agrees(answer, expected):
        return correct(f"you have {name}.")
    rounding = rounding_feedback(answer, expected, name)
    if rounding is not None:
        return rounding
    for mistake, hint in mistakes:
        if np.shape(mistake) == answer.shape and matches(answer, mistake):
            return wrong(hint)
    if answer.ndim == 2 and matches(answer, expected.T):
        return wrong(f"{name}: these are the right values transposed, rows and columns "
                     "swapped.")
    with np.errstate(all="ignore"):
        gap = np.abs(answer - expected) - RTOL * np.abs(expected)
    worst = np.unravel_index(np.argmax(gap), answer.shape)
    got, want = pair(answer[worst], expected[worst])
    index = tuple(int(i) for i in worst)
    return wrong(f"{name}: not the expected values; the largest difference is at index "
                 f"{index}: got {got}, expected {want}.")
