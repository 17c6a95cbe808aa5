"""Making and laying out the explorers' controls: their names, labels, tooltips and boxes.

The explorers wire these controls to their actions; nothing here acts. Each explorer
gets its controls as a dict from a stable name to the widget (its public ``controls``),
and the widgets that show words as another (its ``outputs``).
"""

import types

import ipywidgets as widgets
import numpy as np

from gmm_lesson import plotting
from gmm_lesson.widgets._page import page_widgets

__all__ = [
    "GIVEN_DATA",
    "INIT_CHOICES",
    "MAX_COMPONENTS",
    "SPEEDS",
    "NamedWidgets",
    "START_NAMES",
    "Holding",
    "em_controls",
    "em_layout",
    "kmeans_limit_controls",
    "figure_layout",
    "nearest_option",
    "on_slider_grid",
    "playground_controls",
    "playground_layout",
    "restart_gallery_controls",
    "restart_gallery_layout",
]

INIT_CHOICES = (
    ("k-means++", "k-means++"),
    ("random responsibilities", "random"),
    ("random data points", "random_from_data"),
    ("k-means clusters", "kmeans"),
    ("click to place means", "click"),
)
"""Starts offered by :class:`EMExplorer`, as (label, value); values are scikit-learn's
``init_params``, plus ``'click'``: the learner places the means on the plot."""

START_NAMES = {value: label for label, value in INIT_CHOICES}

GIVEN_DATA = "given"
"""The ``data`` menu's value for the data the explorer was made with."""

MAX_COMPONENTS = len(plotting.PALETTE)
"""Most components an explorer offers: one colour-blind-safe colour each."""

SPEEDS = (("slow", 1400), ("medium", 700), ("fast", 300))
"""Named playing speeds of :class:`EMExplorer`, as (label, milliseconds per half-step)."""


class NamedWidgets:
    """An explorer's controls and word-showing widgets, read-only, by name.

    The explorer sets ``self._controls`` and ``self._outputs``, dicts from a stable name
    to the widget, when it makes them.
    """

    @property
    def controls(self):
        """The controls by name (see the class docstring).

        Returns
        -------
        controls : types.MappingProxyType of str to ipywidgets.Widget
            Read-only; the widgets themselves are live.
        """
        return types.MappingProxyType(self._controls)

    @property
    def outputs(self):
        """The widgets that show words, by name (see the class docstring).

        Returns
        -------
        outputs : types.MappingProxyType of str to ipywidgets.Widget
        """
        return types.MappingProxyType(self._outputs)


class Holding:
    """Change controls without their observers acting (used while reconfiguring):
    ``with Holding(owner):`` sets ``owner._quiet``, which every observer checks."""

    def __init__(self, owner):
        self.owner = owner

    def __enter__(self):
        self.previous = self.owner._quiet
        self.owner._quiet = True

    def __exit__(self, *exc):
        self.owner._quiet = self.previous


def _button(description, tooltip, icon=""):
    return widgets.Button(description=description, tooltip=tooltip, icon=icon,
                          layout=widgets.Layout(width="auto", min_width="6.5em"))


def nearest_option(value, slider):
    """The value among a selection slider's options nearest ``value`` (above zero), on a
    logarithmic scale, as its steps are spaced."""
    if isinstance(value, bool) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"The value must be a number above zero, got {value!r}.")
    values = np.array([option for _, option in slider.options])
    return float(values[np.argmin(np.abs(np.log(values) - np.log(value)))])


def on_slider_grid(value, slider):
    """``value`` on ``slider``'s grid of steps and within its range, as a browser shows it."""
    steps = round((value - slider.min) / slider.step)
    # Rounded to ten decimals: -0.95 + 31 * 0.05 is 0.6000000000000001 in binary.
    return float(np.clip(round(slider.min + steps * slider.step, 10), slider.min, slider.max))


# --- the EM explorer -------------------------------------------------------------------


def em_controls(*, interval, n_components, most_components, init, n_features,
                bound=False, presets=()):
    """The EM explorer's controls and outputs, as two dicts from names to widgets.

    Controls: ``half_step``, ``play`` (the Play / Pause button), ``timer`` (the hidden
    Play widget that keeps the time), ``step_back``, ``step_forward``, ``reset``,
    ``speed``, ``n_components``, ``start``, ``new_seed``, ``x``, ``y``,
    ``membership`` (the button), ``mean`` (which mean the arrow buttons move),
    ``move_left``, ``move_right``, ``move_up``, ``move_down`` (up and down hidden in
    1D), ``edit_data`` (a toggle: clicks add and remove points), ``data`` (the data
    given, or one of ``presets``, names; hidden without presets), ``restore_data``,
    ``page_size`` (hidden: the page script writes the column's size into it).
    Outputs: ``caption``, ``caption_reserve``, ``seed``, ``membership``,
    ``page_script``. The timer is linked to the slider and the speed.
    """
    # The browser's Play widget keeps the time (no round trip to the kernel per tick)
    # but its buttons are bare icons, without a name a screen reader could say (no
    # upstream issue found): it stays hidden, driven by a labelled Play / Pause button.
    timer = widgets.Play(value=0, min=0, max=0, step=1, interval=interval,
                         show_repeat=False, layout=widgets.Layout(display="none"))
    play = widgets.ToggleButton(
        value=False, description="Play", icon="play",
        tooltip="Play the half-steps one after another / pause",
        layout=widgets.Layout(width="auto", min_width="6.5em"))
    speeds = dict(SPEEDS)
    if interval not in speeds.values():
        speeds[f"{interval} ms"] = interval
    speed = widgets.Dropdown(
        options=sorted(speeds.items(), key=lambda item: -item[1]), value=interval,
        description="speed", tooltip="How fast Play moves through the half-steps",
        style={"description_width": "initial"}, layout=widgets.Layout(width="11em"))
    # No width of its own (see the status line): as wide as the explorer.
    half_step = widgets.IntSlider(
        value=0, min=0, max=0, description="half-step",
        tooltip="Move through the recorded half-steps (start, then E and M per iteration)",
        continuous_update=True, layout=widgets.Layout(width="auto"))
    widgets.link((timer, "value"), (half_step, "value"))
    widgets.link((speed, "value"), (timer, "interval"))
    # Sent once a box loses the focus, not at every key: a state update waits while
    # the box's previous one is on its way, and the button's click, sent at once,
    # could overtake it and find the number half-typed.
    box = dict(style={"description_width": "1.5em"}, placeholder="a number",
               continuous_update=False)
    # A layout each: the y box alone is hidden for 1D data.
    x = widgets.Text(description="x", layout=widgets.Layout(width="9em"), **box)
    y = widgets.Text(description="y", layout=widgets.Layout(width="9em"), **box)
    if n_features == 1:
        y.layout.display = "none"
        x.tooltip = "A value of x"
    page_script, page_size = page_widgets(
        "Figure of EM at the half-step named above it: the data and the components"
        + (", with the responsibilities under them" if n_features == 1 else "")
        + ", the log-likelihood curve, "
        + ("the log-likelihood as a bar split into the lower bound L and the gap KL, "
           if bound else "")
        + "and a legend. The left and right arrow keys step back and forward; a mean "
        "can be dragged to start again from there.")
    arrow = dict(layout=widgets.Layout(width="auto", min_width="4.5em"))
    moves = {f"move_{side}": widgets.Button(
        description=side, icon=f"arrow-{side}", **arrow,
        tooltip=f"Move the chosen mean {side} (a twentieth of the data's range) and "
                "start EM again from there") for side in ("left", "right", "up", "down")}
    if n_features == 1:
        moves["move_up"].layout.display = moves["move_down"].layout.display = "none"
    data = widgets.Dropdown(
        options=[("the data given", GIVEN_DATA), *((name, name) for name in presets)],
        value=GIVEN_DATA, description="data", tooltip="Data to fit (fits again)",
        style={"description_width": "initial"}, layout=widgets.Layout(width="19em"))
    if not presets:
        data.layout.display = "none"
    controls = {
        "half_step": half_step,
        "play": play,
        "timer": timer,
        "step_back": _button("Step back", "Show the previous half-step", "step-backward"),
        "step_forward": _button("Step forward", "Show the next half-step (E or M)",
                                "step-forward"),
        "reset": _button("Reset", "Back to the start of this fit", "fast-backward"),
        "speed": speed,
        "n_components": widgets.Dropdown(
            options=list(range(1, most_components + 1)), value=n_components,
            description="components K", tooltip="Number of components (fits again)",
            style={"description_width": "initial"}, layout=widgets.Layout(width="11em")),
        "start": widgets.Dropdown(
            options=INIT_CHOICES, value=init, description="start",
            tooltip="How EM starts (fits again)", style={"description_width": "initial"},
            layout=widgets.Layout(width="17em")),
        "new_seed": _button("New seed", "Start again from another random draw", "random"),
        "x": x,
        "y": y,
        "membership": _button("Membership", "Show the membership probabilities of the "
                              "point (x, y) for the parameters shown", "crosshairs"),
        "mean": widgets.Dropdown(
            options=[(f"component {k}", k) for k in range(n_components)], value=0,
            description="move the mean of", tooltip="The mean the arrow buttons move",
            style={"description_width": "initial"}, layout=widgets.Layout(width="21em")),
        **moves,
        "edit_data": widgets.ToggleButton(
            value=False, description="Edit data", icon="pencil",
            tooltip="When on, a click adds a point, or removes the point clicked",
            layout=widgets.Layout(width="auto", min_width="6.5em")),
        "data": data,
        "restore_data": _button("Restore data", "Back to the data given, fitted again",
                                "undo"),
        "page_size": page_size,
    }
    # The words that change at every step (title, log-likelihood, weights) are page
    # text, not drawn in the figure: free to change, and read by screen readers. They
    # share a grid cell with invisible copies of the longest they can become.
    outputs = {
        "caption": widgets.HTML(layout=widgets.Layout(grid_area="caption")),
        "caption_reserve": widgets.HTML(layout=widgets.Layout(grid_area="caption")),
        "seed": widgets.HTML(),
        "membership": widgets.HTML(),
        "page_script": page_script,
    }
    return controls, outputs


def em_layout(controls, outputs, canvas, *, n_features, present):
    """The EM explorer's box: caption, figure, slider, rows of controls, status, point.

    ``outputs`` also holds the status line (``status``) and the error log
    (``error_log``). Returns the box and the grid that holds the caption over its
    invisible reserve.
    """
    caption_box = widgets.GridBox(
        [outputs["caption_reserve"], outputs["caption"]],
        layout=widgets.Layout(grid_template_areas='"caption"',
                              grid_template_columns="minmax(0, 1fr)"))
    row = widgets.Layout(align_items="center", flex_flow="row wrap")
    playing = widgets.HBox([controls[name] for name in ("play", "timer", "step_back",
                                                        "step_forward", "reset", "speed")],
                           layout=row)
    fitting = widgets.HBox([controls["n_components"], controls["start"],
                            controls["new_seed"], outputs["seed"]], layout=row)
    words = ("click the data or the bands, or type" if n_features == 1
             else "click the data or type")
    point = widgets.HBox([widgets.HTML(f"<b>A point:</b> {words}"), controls["x"],
                          controls["y"], controls["membership"]], layout=row)
    # Two groups, each kept whole: a narrow column wraps between them, not inside.
    group = widgets.Layout(align_items="center", flex_flow="row nowrap", margin="0 1em 0 0")
    arrows = widgets.HBox([controls[f"move_{side}"] for side in ("left", "right", "up",
                                                                 "down")], layout=group)
    moving = widgets.HBox([widgets.HTML("<b>Hands on:</b> drag a mean, or"),
                           controls["mean"], arrows], layout=row)
    editing = widgets.HBox([controls["edit_data"], controls["data"],
                            controls["restore_data"]], layout=group)
    hands = widgets.HBox([moving, editing], layout=row)
    parts = [canvas] if isinstance(canvas, widgets.DOMWidget) else []
    box = widgets.VBox(
        [outputs["page_script"], controls["page_size"], caption_box, *parts,
         controls["half_step"], playing, fitting, outputs["status"], point,
         outputs["membership"], hands, outputs["error_log"]],
        layout=widgets.Layout(width="100%"))
    box.add_class("gmm-explorer")
    if present:
        box.add_class("gmm-present")
    return box, caption_box


# --- the covariance playground ------------------------------------------------------------

MODES = (("stds and correlation", "correlation"), ("axes and rotation", "rotation"))
MODE_SLIDERS = {"correlation": ("std_x", "std_y", "correlation"),
                "rotation": ("std_major", "std_minor", "angle")}


def playground_controls(*, std, correlation, controls_em):
    """The playground's controls and outputs, as two dicts from names to widgets.

    Controls: ``mode``, the sliders ``std_x``, ``std_y``, ``correlation`` and
    ``std_major``, ``std_minor``, ``angle``, and ``page_size`` (hidden). Outputs:
    ``page_script``. The sliders start where they are given, not yet on their steps.
    """
    slider = dict(continuous_update=True, style={"description_width": "8em"},
                  layout=widgets.Layout(width=f"{controls_em - 1}em"),
                  readout_format=".2f")
    page_script, page_size = page_widgets(
        "Figure: samples of the Gaussian set by the sliders, its ellipses at 1, 2 and "
        "3 standard deviations, and its covariance matrix.")
    controls = {
        "mode": widgets.ToggleButtons(options=MODES, value="correlation",
                                      tooltips=["std of x, std of y, correlation",
                                                "stds along the axes, rotation"],
                                      style={"button_width": "13em"}),
        "std_x": widgets.FloatSlider(value=std[0], min=0.2, max=3.0, step=0.05,
                                     description="std of x", **slider),
        "std_y": widgets.FloatSlider(value=std[1], min=0.2, max=3.0, step=0.05,
                                     description="std of y", **slider),
        "correlation": widgets.FloatSlider(value=correlation, min=-0.95, max=0.95,
                                           step=0.05, description="correlation", **slider),
        # Wide enough for every Gaussian the other sliders can make (3 * sqrt(1.95)
        # along the major axis at correlation 0.95), so switching loses nothing.
        "std_major": widgets.FloatSlider(value=1.0, min=0.05, max=4.5, step=0.05,
                                         description="std, major axis", **slider),
        "std_minor": widgets.FloatSlider(value=1.0, min=0.05, max=4.5, step=0.05,
                                         description="std, minor axis", **slider),
        "angle": widgets.FloatSlider(value=0.0, min=-90.0, max=90.0, step=1.0,
                                     description="rotation (deg)",
                                     **{**slider, "readout_format": ".0f"}),
        "page_size": page_size,
    }
    return controls, {"page_script": page_script}


def playground_layout(controls, outputs, canvas, *, controls_em, present):
    """The playground's box: the figure, and beside it (below it on a narrow page) the
    mode, the sliders of each mode and the status line.

    Returns the box and the two groups of sliders, by mode; the rotation group starts
    hidden.
    """
    groups = {
        mode: widgets.VBox([controls[name] for name in names])
        for mode, names in MODE_SLIDERS.items()}
    groups["rotation"].layout.display = "none"
    column = widgets.VBox(
        [outputs["page_script"], controls["page_size"],
         widgets.HTML("<b>Set the covariance by</b>"), controls["mode"],
         groups["correlation"], groups["rotation"], outputs["status"],
         outputs["error_log"]],
        layout=widgets.Layout(width=f"{controls_em}em", margin="1em 0 0 0.5em"))
    box = widgets.HBox(
        [*([canvas] if isinstance(canvas, widgets.DOMWidget) else []), column],
        layout=widgets.Layout(width="100%", flex_flow="row wrap", align_items="flex-start"))
    box.add_class("gmm-playground")
    if present:
        box.add_class("gmm-present")
    return box, groups


# --- k-means as the limit of EM -----------------------------------------------------------------


def kmeans_limit_controls(*, options, value):
    """The k-means limit's controls and outputs, as two dicts from names to widgets.

    Controls: ``sigma`` (a slider over ``options``, (label, value) pairs from soft to
    hard) and ``page_size`` (hidden). Outputs: ``page_script``.
    """
    page_script, page_size = page_widgets(
        "Figure: the data coloured by one E-step's responsibilities with the shared "
        "standard deviation sigma set by the slider, the means, where one EM step moves "
        "them (discs, arrows) and where one k-means step moves them (open squares).")
    sigma = widgets.SelectionSlider(
        options=options, value=value, description="sigma",
        tooltip="The standard deviation every component shares, held fixed: smaller is "
                "harder", continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="auto"))
    return {"sigma": sigma, "page_size": page_size}, {"page_script": page_script}


def figure_layout(controls, outputs, canvas, *, under=(), present):
    """The box of a figure widget (the k-means limit, the restart gallery, figure 9.14):
    the page script, the figure, the widgets ``under`` it, the status line. Its class
    ``gmm-playground`` is how the page script and the style find it."""
    box = widgets.VBox(
        [outputs["page_script"], controls["page_size"],
         *([canvas] if isinstance(canvas, widgets.DOMWidget) else []), *under,
         outputs["status"], outputs["error_log"]],
        layout=widgets.Layout(width="100%"))
    box.add_class("gmm-playground")
    if present:
        box.add_class("gmm-present")
    return box


# --- the restart gallery ------------------------------------------------------------------


def restart_gallery_controls(*, options, value, can_open):
    """The restart gallery's controls and outputs, as two dicts from names to widgets.

    Controls: ``run`` (a menu over ``options``, (words, run index) pairs), ``open``
    (the button that opens the chosen run in the explorer; disabled unless
    ``can_open``) and ``page_size`` (hidden). Outputs: ``page_script``.
    """
    page_script, page_size = page_widgets(
        "Figure: the final log-likelihood of each run of EM, the runs sorted from the "
        "best fit down, coloured by their start; diamonds mark runs that found the best "
        "fit with the components in another order, open discs runs that ended on "
        "another fit; under it, each run's iterations.")
    run = widgets.Dropdown(
        options=options, value=value, description="run",
        tooltip="Choose a run: it is ringed in the figure and described below",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto", max_width="100%"))
    open_run = _button("Open in the explorer",
                       "Fit the chosen run again in the EM explorer, from the same start "
                       "and seed, to step through it" if can_open else
                       "No explorer to open the run in: give RestartGallery an EMExplorer "
                       "as explorer=", "external-link")
    open_run.disabled = not can_open
    return ({"run": run, "open": open_run, "page_size": page_size},
            {"page_script": page_script})


def restart_gallery_layout(controls, outputs, canvas, *, present):
    """The restart gallery's box: the figure, the menu and the button under it, the
    status line."""
    row = widgets.HBox([controls["run"], controls["open"]],
                       layout=widgets.Layout(width="100%", flex_flow="row wrap",
                                             align_items="center"))
    return figure_layout(controls, outputs, canvas, under=[row], present=present)
