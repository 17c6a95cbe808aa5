"""The words the explorers show: pure functions from a state to captions, notes and HTML.

Nothing here touches a widget or a figure: each function takes numbers (or a history,
a half-step) and returns text, or ``(text, level)`` for the status line, with
``level`` one of 'info', 'warning' and 'error'. To change what an explorer says,
change it here.
"""

import html

from matplotlib.colors import to_hex

from gmm_lesson import gaussian, plotting
from gmm_lesson.em import CollapseWarning

__all__ = [
    "AT_THE_START",
    "BAD_POINT",
    "BOUND_AT_THE_START",
    "NO_FIT_TO_ASK",
    "NO_FIT_TO_STEP",
    "NO_FIT_TITLE",
    "PLACING_TITLE",
    "bound_words",
    "caption_body",
    "caption_reserve_html",
    "click_hint",
    "collapse_stop_words",
    "collapse_tag",
    "covariance_words",
    "ending_words",
    "fit_failed_words",
    "fit_words",
    "kmeans_limit_words",
    "last_step_words",
    "longest_captions",
    "lower_peak_words",
    "membership_html",
    "membership_text",
    "out_of_range_words",
    "place_first_words",
    "placed_words",
    "placing_words",
    "restart_chosen_words",
    "restart_opened_words",
    "restart_option_words",
    "restart_source",
    "restart_summary_words",
    "run_source",
    "seed_words",
    "step_note",
    "swatch",
    "title_caption",
    "warning_messages",
    "weight_words",
]


# --- the caption over the EM figure ----------------------------------------------------

PLACING_TITLE = "Click to place the means"
NO_FIT_TITLE = "No fit to show"


def swatch(k, n_components):
    """A small square in component k's colour, to go before its name in page text."""
    colour = to_hex(plotting.component_colors(n_components)[k])
    return (f'<span aria-hidden="true" style="display:inline-block; width:0.9em; '
            f"height:0.9em; background:{colour}; border-radius:2px; vertical-align:middle; "
            f'margin-right:0.35em"></span>')


def title_caption(title):
    """The caption's title line, alone when there is no fit to describe."""
    return f'<div style="font-size:1.15em; font-weight:600">{html.escape(title)}</div>'


def caption_body(title, log_likelihood, weights, tags, point_start, bound=None):
    """The caption's page text: the title, then the log-likelihood and each component's
    weight as sentences a screen reader reads ("component 0: weight 0.65; ..."), and,
    if given, the ``bound`` sentence of :func:`bound_words` under them.

    ``weights`` are formatted numbers, ``tags`` maps a component to words after its
    weight (" (collapsed)").
    """
    n_components = len(weights)
    items = "; ".join(
        f'<span style="white-space:nowrap">{swatch(k, n_components)}component {k}: '
        f"weight {html.escape(w)}{html.escape(tags.get(k, ''))}</span>"
        for k, w in enumerate(weights))
    after = " Point start." if point_start else ""
    split = "" if bound is None else f"<div>{html.escape(bound)}</div>"
    return (f"{title_caption(title)}"
            f"<div>Log-likelihood {html.escape(log_likelihood)}. {items}.{after}</div>"
            f"{split}")


BOUND_AT_THE_START = ("No q yet: the first E-step chooses it, and splits the "
                      "log-likelihood into the lower bound L and the gap KL.")

_BOUND_PHASE_WORDS = {
    "E": "The E-step closed the gap: q is now the responsibilities.",
    "M": "The M-step raised L with q held and opened the gap: the log-likelihood rose "
         "at least as much as L.",
}


def bound_words(split, phase):
    """The sentence of the log-likelihood's split into L and KL, with the numbers as the
    figure prints them (``split``, a :class:`~gmm_lesson.plotting.BoundText`: they add
    up to the digits shown), and what the half-step (``phase``, 'start', 'E' or 'M')
    did to them."""
    if split.bound is None or phase == "start":
        return BOUND_AT_THE_START
    return (f"Lower bound L = {split.bound}, gap KL = {split.gap}: together the "
            f"log-likelihood {split.log_likelihood}. {_BOUND_PHASE_WORDS[phase]}")


def weight_words(weights):
    """The weights as the caption shows them, two decimals each."""
    return [f"{w:.2f}" for w in weights]


def collapse_tag(at_start, point_start):
    """Words after the weight of a component held open by ``reg_covar`` alone:
    "collapsed" once EM has run, but not at the start, where nothing has collapsed yet
    (a point start puts every component on one data point on purpose)."""
    if point_start:
        return ""
    return " (held by reg_covar)" if at_start else " (collapsed)"


def caption_reserve_html(captions):
    """Invisible copies of ``captions``, one over the other, for the caption's cell.

    The caption shares a grid cell with them (see the explorer's layout), so it is as
    tall as the tallest of them at the page's width, whatever the step shows, and the
    figure under it never moves. They change only with the fit, not at every step.
    """
    cell = "grid-area:1 / 1"
    copies = "".join(f'<div style="{cell}">{text}</div>' for text in captions)
    return (f'<div aria-hidden="true" style="display:grid; visibility:hidden">{copies}'
            "</div>")


def longest_captions(history, n_components, bound=False):
    """The longest caption of each kind of half-step of a fit (the last iteration's
    title, the longest log-likelihood, every weight tagged, and with ``bound`` the
    split into L and KL, every number as long as the longest log-likelihood)."""
    last = history.n_half_steps - 1
    steps = {history.half_step(index) for index in (0, last, max(last - 1, 0))}
    longest = max((plotting.format_log_likelihood(v) for v in history.log_likelihoods),
                  key=len)
    weights = ["0.00"] * n_components
    tags = dict.fromkeys(range(n_components), " (held by reg_covar)")
    split = plotting.BoundText(longest, longest, longest)
    return [caption_body(plotting.step_title(step), longest + " (below the scale)", weights,
                         tags, True, bound_words(split, step.phase) if bound else None)
            for step in sorted(steps)]


# --- the status line: the step shown -----------------------------------------------------

AT_THE_START = "This is the start: there is no earlier half-step."
NO_FIT_TO_STEP = "There is no fit to step through: change the start or K."


def ending_words(history):
    """How a fit ended."""
    return "converged" if history.converged else "stopped before converging"


def last_step_words(history):
    """The note for a step forward from the last half-step."""
    return (f"This is the last half-step: EM {ending_words(history)} after "
            f"{history.n_iter} iterations.")


def out_of_range_words(last, nearest):
    """The note for a half-step asked for outside 0 .. ``last``."""
    return f"Half-steps run from 0 to {last}; showing {nearest}."


def step_note(log_likelihood, *, point_start, at_start, collapsed, below_scale, n_features):
    """What is special about the state shown, as ``(text, level)``: a point start, a
    component on a point at the start, a collapse, or a log-likelihood below the
    curve's scale ('' if nothing is).

    Parameters
    ----------
    log_likelihood : float
        The log-likelihood of the state shown.
    point_start : bool
        The state shown is the start of a fit from single data points.
    at_start : bool
        The state shown is a fit's start.
    collapsed : list of int
        Components held open by ``reg_covar`` alone.
    below_scale : bool
        The log-likelihood panel shows the value as a triangle on its bottom edge.
    n_features : int
    """
    value = plotting.format_log_likelihood(log_likelihood)
    where = "the triangle on the bottom edge of the log-likelihood panel stands for it."
    sentences, level = [], "info"
    if point_start:
        sentences.append(
            "A point start (on purpose; scikit-learn starts the same way): each "
            "component sits on one data point, with covariance reg_covar × I.")
        if below_scale:
            sentences.append(
                "The first E-step gives every point to its nearest mean. Most points "
                "lie far out in the tails of Gaussians this narrow, so the start's "
                f"log-likelihood ({value}) is far below the rest of the curve: {where}")
        else:
            sentences.append("The first E-step makes each point's nearest mean the one "
                             "most responsible for it.")
        below_scale = False
    elif collapsed and at_start:
        on = "a single data point" + (" or a line of them" if n_features > 1 else "")
        sentences.append(
            f"At the start, component(s) {collapsed} sit on {on}, held open only by "
            "reg_covar: watch whether the E-steps give them more points.")
    elif collapsed:
        on = "a single point" + (" or a line" if n_features > 1 else "")
        sentences.append(
            f"At this step component(s) {collapsed} have collapsed onto {on} of the "
            "data: without reg_covar their variance would run to zero and the "
            "log-likelihood grow without bound.")
        level = "warning"
    if below_scale:
        sentences.append(f"This log-likelihood ({value}) is far below the rest of the "
                         f"curve: {where}")
    return " ".join(sentences), level


# --- the status line: fits ---------------------------------------------------------------


def seed_words(seed):
    """The label beside the new seed button."""
    return f"seed {seed}"


def fit_words(n_components, start_name, seed, history, moved=None):
    """The summary of a fit that succeeded; ``moved`` says how the learner changed the
    start (a mean moved), if they did."""
    start = (f"start: {start_name}, seed {seed}" if moved is None
             else f"started again from {moved}")
    return (f"K = {n_components}, {start}. EM {ending_words(history)} after "
            f"{history.n_iter} iterations: {history.n_half_steps} half-steps to replay.")


MOVED_SOURCE = "a start with a mean you moved"
"""Where a run from a moved mean came from, in words that read after "from"."""


def moved_words(half_step, component, mean):
    """How a start was changed, read after "started again from": the parameters of
    ``half_step`` (a HalfStep) with ``component``'s mean moved to ``mean``."""
    where = ", ".join(f"{value:.3g}" for value in mean)
    when = ("the start" if half_step.params == 0
            else f"the parameters after iteration {half_step.params}")
    return f"{when}, with the mean of component {component} moved to ({where})"


def too_few_points_words(n_components):
    """Why a point cannot be removed."""
    return (f"Not removed: EM with K = {n_components} needs at least "
            f"{max(2, n_components)} points.")


def editing_words(on, n_features):
    """The status line's note when editing the data is switched on or off."""
    if not on:
        return "Editing the data is off: a click on the data shows a point's membership."
    where = "the data or the bands" if n_features == 1 else "the data"
    return (f"Editing the data: a click on {where} adds a point there, a click on a point "
            "removes it; EM fits again from the same start after each change.")


def edited_data_words(n_samples, change, about=""):
    """The status line's first words after the data changed (``change`` says how,
    ``about`` what the new data show)."""
    words = f"{change}: now {n_samples} points, EM fitted again from the same start."
    return f"{words} {about}" if about else words


def collapse_stop_words(error):
    """The summary of a fit that EM itself broke off (a :class:`CollapseError`)."""
    return [f"Collapse: EM stopped. {error}",
            f"Replaying the {error.history.n_iter} iteration(s) before it: step to "
            "the end to watch the component shrink."]


def fit_failed_words(n_components, init, seed, error, shown_n_components=None):
    """The status line of a fit that failed, and (if one is still shown) of the
    previous fit, with ``shown_n_components`` components."""
    words = [f"Could not fit K = {n_components} from a {init} start (seed {seed}): {error}"]
    if shown_n_components is not None:
        words.append(f"Still showing the previous fit (K = {shown_n_components}).")
    return words


def warning_messages(caught):
    """Readable text for the warnings a fit raised, collapse first, without repeats."""
    ordered = sorted(caught, key=lambda w: not issubclass(w.category, CollapseWarning))
    messages = []
    for record in ordered:
        text = str(record.message)
        if issubclass(record.category, CollapseWarning):
            text = f"Collapse: {text}"
        if text not in messages:
            messages.append(text)
    return messages


def run_source(init, seed, start_name):
    """Where a run came from, in words that read after "from"."""
    if init == "click":
        return "the means you clicked"
    return f"seed {seed}, start '{start_name}'"


def lower_peak_words(gap, n_components, best, converged):
    """What the status line says of a fit that ended ``gap`` below ``best``, the best
    run seen as ``(log-likelihood, source)``."""
    than = (f"{gap:.1f} below the best run seen so far for K = {n_components} "
            f"(log-likelihood {plotting.format_log_likelihood(best[0])}, from {best[1]})")
    if converged:
        return (f"This run ended {than}. EM climbs from its start and stops once an "
                "iteration barely changes the log-likelihood: this run stopped on a "
                "lower peak (a local optimum) or a flat stretch, not on the best fit. "
                "Try another seed or start.")
    return (f"This run stopped before converging, {than}: it may still have been "
            "climbing, towards the best fit or a lower peak (a local optimum). Try "
            "another seed or start.")


# --- clicks: placing means, and a point's membership -------------------------------------

BAD_POINT = "Give the point's coordinates as numbers."
NO_FIT_TO_ASK = "There is no fitted mixture yet to ask about."


def placing_words(n_components):
    """The status line while the means are being placed."""
    return (f"Click {n_components} point(s) on the data to place the means. EM starts "
            "from them with equal weights, and with every component as spread out as "
            "all the data together.")


def placed_words(n_placed, n_components):
    """The note after a mean was placed."""
    return f"Placed {n_placed} of {n_components} means."


def place_first_words(left):
    """The note for a step asked for while ``left`` means are still to be placed."""
    return f"Place the means first: click {left} more point(s) on the data."


def click_hint(placing, n_features):
    """What the status line says of a click on a panel that does not take one."""
    if placing:
        where = "the histogram" if n_features == 1 else "the grey points"
        return f"To place a mean, click on the data ({where})."
    if n_features == 1:
        return ("To choose a value of x, click on the histogram or on the "
                "responsibility bands under it.")
    return "To choose a point, click on the panel with the data and the ellipses."


def _point_words(point, half_step):
    # The coordinates as the x and y boxes show them.
    coordinates = ", ".join(f"{v:.4g}" for v in point)
    when = ("the start" if half_step.phase == "start"
            else f"iteration {half_step.iteration}, after the {half_step.phase}-step")
    return f"Point ({coordinates}), parameters shown at {when}:"


def membership_text(point, half_step, probabilities):
    """A point's membership probabilities as plain text, one component per line."""
    lines = [f"p(component {k} | point) = {p:.3f}" for k, p in enumerate(probabilities)]
    return f"{_point_words(point, half_step)}\n" + "\n".join(lines)


def membership_html(point, half_step, probabilities):
    """A point's membership probabilities as page text, a swatch before each."""
    rows = "; ".join(
        f'<span style="display:inline-block; white-space:nowrap">'
        f"{swatch(k, len(probabilities))}component {k}: <b>{p:.1%}</b></span>"
        for k, p in enumerate(probabilities))
    return f"<div>{html.escape(_point_words(point, half_step))}</div><div>{rows}</div>"


# --- the covariance playground -----------------------------------------------------------


def covariance_words(covariance):
    """A 2 x 2 covariance in both of the playground's ways: the standard deviations of
    x and y and their correlation, and the standard deviations along the ellipse's
    axes and the major axis's angle."""
    std_x, std_y, correlation = gaussian.correlation_of(covariance)
    std_major, std_minor, angle = gaussian.axes_of(covariance)
    first = f"std of x {std_x:.2f}, std of y {std_y:.2f}, correlation {correlation:+.2f}; "
    if f"{std_major:.2f}" == f"{std_minor:.2f}":
        # Equal as shown: the ellipses are circles, and no direction is the major axis.
        return first + f"{std_major:.2f} along every direction: the ellipses are circles."
    return first + (f"along the axes: {std_major:.2f} and {std_minor:.2f}, major axis at "
                    f"{angle:.0f} degrees.")


# --- k-means as the limit of EM ------------------------------------------------------------


def kmeans_limit_words(sigma, name, step, spread, n_components):
    """What the k-means limit says of the step shown: sigma, how hard the assignments
    are, and how far the EM step's means land from the k-means step's.

    ``name`` is sigma's name on the slider ("spread / 10"), ``step`` a
    :class:`~gmm_lesson.plotting.SoftKMeansStep`, ``spread`` the data's spread.
    """
    sigma_words = f"sigma = {sigma:.3g}" + (f" ({name})" if name != f"{sigma:.3g}" else "")
    return [
        f"{sigma_words}. Assignments: mean largest responsibility {step.hardness:.2f} "
        f"(1 is hard, {1 / n_components:.2f} as soft as can be).",
        f"The EM step's means are at most {step.distance:.3g} from the k-means step's "
        f"(the data's spread is {spread:.3g}).",
    ]


# --- the restart gallery -------------------------------------------------------------------


def _restart_verdict(run, best):
    """Where a run ended, next to ``best``, the best run."""
    if run is best:
        return "the best run"
    if run.label_switched:
        return "the best fit, order switched"
    if run.same_fit:
        return "the best fit"
    gap = best.log_likelihood - run.log_likelihood
    lower = f"{gap:.1f} lower" if gap >= 0 else f"{-gap:.1f} higher"
    return f"another fit, {lower}" + (", collapsed" if run.collapsed else "")


def restart_option_words(index, run, best, start_name):
    """A run as the gallery's menu names it: number, start, seed, log-likelihood, and
    where it ended next to ``best``."""
    return (f"run {index}: {start_name}, seed {run.seed}, "
            f"{plotting.format_log_likelihood(run.log_likelihood)}, "
            f"{_restart_verdict(run, best)}")


def restart_summary_words(restarts, n_components, can_open):
    """What the gallery's status line says of all the runs."""
    n_best = restarts.runs_per_fit[0]
    fits = "fit" if restarts.n_fits == 1 else "distinct fits"
    words = [
        f"{len(restarts)} runs of EM with K = {n_components} ended on {restarts.n_fits} "
        f"{fits}. {n_best} of them ended on the best fit (log-likelihood "
        f"{plotting.format_log_likelihood(restarts.best_run.log_likelihood)}), "
        f"{restarts.n_label_switched} of those with the components in another order: "
        "the same fit, its components numbered differently (label switching).",
    ]
    if can_open:
        words.append("Choose a run and open it in the explorer to step through it.")
    return words


def restart_chosen_words(index, run, best_index, best, start_name):
    """The note on the run chosen in the gallery: its start, iterations, time, and
    where it ended next to the best run (run ``best_index``)."""
    stopped = "converged" if run.converged else "stopped before converging"
    timing = "" if run.seconds != run.seconds else f", {1000 * run.seconds:.1f} ms"
    text = (f"Run {index} ({start_name}, seed {run.seed}): {run.n_iter} iterations, "
            f"{stopped}{timing}; final log-likelihood "
            f"{plotting.format_log_likelihood(run.log_likelihood)} "
            f"({run.mean_log_likelihood:.3f} per point). ")
    if run is best:
        return text + "The best run."
    if run.same_fit:
        if not run.label_switched:
            return text + (f"The same fit as the best run (run {best_index}), its "
                           "components in the same order.")
        theirs = ", ".join(str(k) for k in range(len(run.permutation)))
        ours = ", ".join(str(j) for j in run.permutation)
        return text + (f"The same fit as the best run (run {best_index}), its components "
                       f"in another order: its components {ours} are the best run's "
                       f"{theirs}.")
    gap = best.log_likelihood - run.log_likelihood
    lower = f"{gap:.1f} below" if gap >= 0 else f"{-gap:.1f} above"
    collapsed = "; a component collapsed" if run.collapsed else ""
    return text + f"Another fit, {lower} the best run (run {best_index}){collapsed}."


def restart_source(index, seed, start_name):
    """Where the best of the gallery's runs came from, in words that read after "from"
    in the explorer's status line."""
    return f"the restart gallery's run {index}: seed {seed}, start '{start_name}'"


def restart_opened_words(index, run, start_name, log_likelihood):
    """What the gallery says once run ``index`` is opened in the explorer, where it
    ended at ``log_likelihood``; ``(text, level)``."""
    opened = f"Opened run {index} ({start_name}, seed {run.seed}) in the explorer"
    shown = plotting.format_log_likelihood(log_likelihood)
    if abs(log_likelihood - run.log_likelihood) <= 1e-9 * abs(run.log_likelihood):
        return f"{opened}: it ends at log-likelihood {shown}, as here.", "info"
    return (f"{opened}, but there it ends at log-likelihood {shown}, not "
            f"{plotting.format_log_likelihood(run.log_likelihood)}: the explorer fits "
            "with other settings now.", "warning")
