"""Checks for the exercises at the end of each notebook.

One module per notebook (``lesson03`` for notebook 03, ...). A learner writes an
answer, calls the check, and reads what is wrong and a hint, not just True/False::

    from gmm_lesson.exercises import lesson03 as check
    resp = ...  # the learner's answer
    check.responsibilities(resp)

An answer still set to ``...`` (Ellipsis) is reported as not answered yet, so a
notebook whose exercises are untouched still runs top to bottom.

Every answer is read by :func:`number`, :func:`integer`, :func:`array` or
:func:`texts`: whatever its type (None, text, a dict, a ragged list, a function,
NaN...), a check returns a :class:`Feedback` saying what it expected, and never
raises. Every number is judged by one rule, :data:`TOLERANCE`, through
:func:`agrees`.
"""

import numbers
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ATOL",
    "RTOL",
    "TOLERANCE",
    "Feedback",
    "agrees",
    "array",
    "array_feedback",
    "correct",
    "describe",
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

RTOL = 1e-6
ATOL = 1e-9
TOLERANCE = ("A check accepts a number within a relative 10⁻⁶ of the exact answer (plus 10⁻⁹ "
             "for answers near zero; seven significant digits always suffice), so pass the "
             "value you computed rather than a rounded copy, and give whole numbers such as "
             "counts and indices exactly.")
"""The one tolerance rule of every check: ``|answer - exact| <= ATOL + RTOL * |exact|``."""


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


# --- describing what was given ----------------------------------------------------------


def _text(value):
    """Words for a piece of text, and whether it holds a finite number."""
    if isinstance(value, (bytes, np.bytes_)):
        value = value.decode("utf-8", "replace")
    shown = value if len(value) <= 30 else value[:27] + "..."
    try:
        as_number = float(value)
    except ValueError:
        return f"the text {shown!r}"
    if np.isfinite(as_number):
        return f"the text {shown!r}: remove the quotes to give the number itself"
    return f"the text {shown!r}"


def _article(name):
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def _not_a_number(value):
    """Words for why the single object ``value`` is not a real number, or None if it is one."""
    if value is None:
        return ("None (a function without `return`, or a call such as print(...) or "
                "list.sort(), gives None)")
    if isinstance(value, (bool, np.bool_)):
        return f"{bool(value)!r}, a True/False value"
    if isinstance(value, (str, bytes, np.str_, np.bytes_)):
        return _text(value)
    if isinstance(value, (complex, np.complexfloating)):
        return f"the complex number {complex(value)!r}"
    if isinstance(value, (numbers.Real, np.number)):
        return None
    if callable(value):
        name = getattr(value, "__name__", type(value).__name__)
        name = "" if name == "<lambda>" else f" ({name})"
        return f"a function{name}: pass the value it computes, not the function"
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, (set, frozenset)):
        return "a set (it has no order): use a list or an array"
    return _article(type(value).__name__)


def describe(answer):
    """Words for what ``answer`` is, for a message that starts "got ...".

    Parameters
    ----------
    answer : object
        Anything a learner may pass: a number, an array, text, None, a function...

    Returns
    -------
    str
        For example "the number 2.5", "an array of shape (3, 2)", or "the text '2.5':
        remove the quotes to give the number itself".
    """
    if isinstance(answer, (list, tuple, np.ndarray)):
        floats, problem = _as_floats(answer)
        if problem is not None:
            return problem
        if floats.ndim == 0:
            return f"one number, {_show(float(floats))}"
        if floats.size == 0:
            return f"an empty {'array' if isinstance(answer, np.ndarray) else 'list'}"
        return f"an array of shape {floats.shape}"
    problem = _not_a_number(answer)
    if problem is not None:
        return problem
    shown = _show(answer)
    return shown if shown[-1].isalpha() else f"the number {shown}"


def _show(value):
    """A number as a learner would write it, short for huge or tiny values."""
    try:
        value = float(value)
    except OverflowError:
        return "a number too large for floating point"
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "infinity" if value > 0 else "-infinity"
    return f"{value:.6g}"


def _as_floats(answer):
    """``answer`` as a float ndarray, or (None, words for why it is not numbers)."""
    if not isinstance(answer, (list, tuple, np.ndarray)):
        problem = _not_a_number(answer)
        if problem is not None:
            return None, problem
    try:
        raw = np.asarray(answer)
    except (ValueError, TypeError):
        return None, "a list whose rows have different lengths (a ragged list)"
    kind = raw.dtype.kind
    if kind == "b":
        if raw.ndim == 0:
            return None, _not_a_number(raw.item())
        return None, "True/False values (the result of a comparison?)"
    if kind in "US":
        if raw.ndim == 0:
            return None, _text(raw.item())
        try:
            parsed = raw.astype(np.float64)
        except ValueError:
            for element in raw.flat:
                try:
                    float(element)
                except ValueError:
                    return None, f"text, such as {str(element)[:30]!r}, not numbers"
        if np.all(np.isfinite(parsed)):
            return None, "numbers written as text: remove the quotes"
        return None, "text, not numbers"
    if kind == "c":
        return None, "complex numbers" if raw.ndim else _not_a_number(raw.item())
    if kind == "O":
        for element in raw.flat:
            problem = _not_a_number(element)
            if problem is not None:
                where = "" if raw.ndim == 0 else "a list holding "
                if raw.ndim and isinstance(element, (str, bytes)):
                    return None, "text among the numbers (remove the quotes)"
                return None, where + problem.split(":")[0].split(" (")[0]
        try:
            return raw.astype(np.float64), None
        except OverflowError:
            return None, "a number too large for floating point"
        except (TypeError, ValueError):
            return None, "values that are not numbers"
    if kind in "iuf":
        with np.errstate(over="ignore"):
            return raw.astype(np.float64), None
    return None, f"an array of {raw.dtype} values, not numbers"


# --- reading an answer --------------------------------------------------------------------


def array(answer, what):
    """Read an answer that should be an array of numbers (of any shape).

    Parameters
    ----------
    answer : object
        The learner's answer.
    what : str
        What the answer should be, for the messages, e.g. "the responsibilities, an
        array of shape (60, 3)".

    Returns
    -------
    value : ndarray of float64 or None
        The answer as an array, or None if it is ``...`` or not numbers. It may hold
        NaN or infinity; its shape is not checked.
    feedback : Feedback or None
        None when ``value`` is given, else what is wrong with the answer.
    """
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return None, unanswered
    floats, problem = _as_floats(answer)
    if problem is not None:
        return None, wrong(f"expected {what}, got {problem}.")
    return floats, None


def number(answer, what):
    """Read an answer that should be one real number.

    A one-element array (``np.array([2.5])``) counts as its number.

    Parameters
    ----------
    answer : object
        The learner's answer.
    what : str
        What the answer should be, for the messages.

    Returns
    -------
    value : float or None
        The answer if it is one finite number, else None.
    feedback : Feedback or None
        None when ``value`` is given, else what is wrong with the answer.
    """
    floats, feedback = array(answer, what)
    if feedback is not None:
        return None, feedback
    if floats.size != 1:
        got = ("an empty list" if floats.size == 0 else
               f"{floats.size} numbers (an array of shape {floats.shape})")
        lead = what if "one number" in what else f"one number, {what}"
        return None, wrong(f"expected {lead}; got {got}.")
    value = float(floats.reshape(()))
    if np.isnan(value):
        return None, wrong(f"expected {what}, got NaN (not a number).")
    if np.isinf(value):
        return None, wrong(f"expected {what}, got {'-' if value < 0 else ''}infinity: an "
                           "overflow, or the log of zero?")
    return value, None


def integer(answer, what):
    """Read an answer that should be a whole number (``3``, ``np.int64(3)`` or ``3.0``).

    Parameters
    ----------
    answer : object
        The learner's answer.
    what : str
        What the answer should be, for the messages.

    Returns
    -------
    value : int or None
        The answer if it is a whole number (of at most 2**53 in size), else None.
    feedback : Feedback or None
        None when ``value`` is given, else what is wrong with the answer.
    """
    value, feedback = number(answer, what)
    if feedback is not None:
        return None, feedback
    if value != np.floor(value):
        return None, wrong(f"expected {what}, a whole number; got {value:g}.")
    if abs(value) > 2**53:
        return None, wrong(f"expected {what}; got {value:g}, too large to be a count or an "
                           "index.")
    return int(value), None


def texts(answer, what):
    """Read an answer that should be an array of names (text).

    Parameters
    ----------
    answer : object
        The learner's answer.
    what : str
        What the answer should be, for the messages.

    Returns
    -------
    value : ndarray or None
        The answer as an array of text, or None if it is not one. An array of numbers
        is let through as it is, so that the caller can say that numbers are not
        names.
    feedback : Feedback or None
        None when ``value`` is given, else what is wrong with the answer.
    """
    unanswered = not_answered(answer, what)
    if unanswered is not None:
        return None, unanswered
    if isinstance(answer, (str, bytes, np.str_)):
        return None, wrong(f"expected {what}, got one piece of text, {_text(answer)}.")
    if not isinstance(answer, (list, tuple, np.ndarray)):
        return None, wrong(f"expected {what}, got {describe(answer)}.")
    try:
        raw = np.asarray(answer)
    except (ValueError, TypeError):
        return None, wrong(f"expected {what}, got a list whose rows have different lengths.")
    if raw.dtype.kind == "O":
        for element in raw.flat:
            if not isinstance(element, (str, np.str_, numbers.Real, np.number)) or isinstance(
                    element, (bool, np.bool_)):
                return None, wrong(f"expected {what}, got a list holding "
                                   f"{describe(element).split(':')[0].split(' (')[0]}.")
    elif raw.dtype.kind not in "USiuf":
        return None, wrong(f"expected {what}, got {describe(answer)}.")
    return raw, None


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
