"""An explorer's status line and error log, the errors its controls catch, its static picture."""

import functools
import html
import io
import traceback

import ipywidgets as widgets

from gmm_lesson.widgets._canvas import in_kernel

__all__ = ["StatusMixin", "reported"]


def reported(method):
    """Run a control's action; show any error in the status line instead of raising.

    A callback's exception would otherwise vanish (ipywidgets and matplotlib swallow
    it) or, from a direct call, interrupt the lesson with a traceback.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # every error goes to the status line
            self._report_error(error)
            return None

    return wrapper


class StatusMixin:
    """A status line (what happened last, and what to watch out for), an error log, and
    the picture a viewer without widgets shows.

    The status line has lasting messages (a fit's summary and warnings, kept until the
    next fit) and a note under them (replaced by the next action).
    """

    _COLOURS = {"info": "#333333", "warning": "#8a4b00", "error": "#b00020"}

    def _make_status_widgets(self):
        # No width of its own: a box stretches it to its width less its margins (a
        # width of 100% plus the margins would overflow the box by a few pixels).
        self._status_html = widgets.HTML()
        self._error_log = widgets.Output(layout=widgets.Layout(
            display="none", max_height="12em", overflow="auto",
            border="1px solid #D55E00"))
        self._lasting = ([], "info")   # until the next fit: its summary and warnings
        self._note = ("", "info")      # replaced by the next action
        self.errors = []               # every exception a control caught

    @property
    def status(self):
        """The status line as plain text."""
        return "\n".join(part for part in [*self._lasting[0], self._note[0]] if part)

    @property
    def status_lines(self):
        """The status line's messages in the order shown, as ``(text, level)`` pairs
        with ``level`` one of 'info', 'warning' and 'error'; the note of the latest
        action (or of the step shown) comes last."""
        messages, level = self._lasting
        lines = [(text, level) for text in messages if text]
        if self._note[0]:
            lines.append(self._note)
        return lines

    def _set_note(self, text, level="info"):
        self._note = (text, level)
        self._render_status()

    def _set_lasting(self, messages, *, level="info"):
        self._lasting = (list(messages), level)
        self._note = ("", "info")
        self._render_status()

    def _render_status(self):
        self._status_html.value = "".join(
            f'<div style="color:{self._COLOURS[level]}; line-height:1.35">'
            f"{html.escape(text)}</div>" for text, level in self.status_lines)

    def _report_error(self, error):
        self.errors.append(error)
        self._set_note(f"Error: {type(error).__name__}: {error}", level="error")
        self._error_log.layout.display = None
        with self._error_log:
            print("".join(traceback.format_exception(type(error), error,
                                                     error.__traceback__)))

    def static_figure(self):
        """The figure as a viewer without widgets (GitHub, nbviewer) shows it."""
        return self.fig

    def _static_bundle(self, include=None, exclude=None):
        """The widget, plus a picture of the figure for viewers without widgets
        (GitHub, nbviewer), plus a short text; a front end shows the richest it can."""
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = repr(self)
        if in_kernel():
            with io.BytesIO() as png:
                self.static_figure().savefig(png, format="png", dpi=72)
                bundle["image/png"] = png.getvalue()
        if include:
            bundle = {key: value for key, value in bundle.items() if key in include}
        if exclude:
            bundle = {key: value for key, value in bundle.items() if key not in exclude}
        return bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self._static_bundle(include, exclude)
