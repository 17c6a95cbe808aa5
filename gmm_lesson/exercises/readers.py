"""Reading a learner's answer as numbers or names, whatever its type, and words for what it is.

:func:`array`, :func:`number`, :func:`integer` and :func:`texts` return the answer read,
or else a :class:`~gmm_lesson.exercises.feedback.Feedback` saying what was expected and
what was given instead, in the words of :func:`describe` ("the text '2.5': remove the
quotes to give the number itself"). None of them raises, whatever the answer is.
"""

import numbers

import numpy as np

from gmm_lesson.exercises.feedback import not_answered, wrong

__all__ = [
    "array",
    "describe",
    "integer",
    "number",
    "texts",
]


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
