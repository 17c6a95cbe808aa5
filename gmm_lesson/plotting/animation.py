"""A whole recorded history as an animation that plays in a browser without a kernel."""

from html import escape

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure

from gmm_lesson.plotting._checks import _check_history_data
from gmm_lesson.plotting.em_step import em_step_axes, plot_em_step, update_em_step

__all__ = [
    "ANIMATION_DESCRIPTION",
    "EMAnimation",
    "animation_frames",
    "em_animation",
]

#: What an animation's frames show, when it is not told: its picture's text alternative.
ANIMATION_DESCRIPTION = "an animation, one frame at a time"


def animation_frames(n_half_steps, max_frames=30):
    """Which half-steps an animation shows, at most ``max_frames`` of them.

    Short histories are shown whole. Longer ones keep every half-step of the first
    iterations, where EM moves most, then every so many M-steps up to the last.

    Parameters
    ----------
    n_half_steps : int
    max_frames : int, default=30

    Returns
    -------
    frames : list of int
        Increasing half-step indices, from 0 to ``n_half_steps - 1``.
    """
    if n_half_steps <= max_frames:
        return list(range(n_half_steps))
    head = (max_frames // 2) | 1  # an odd count, so the head ends on an M-step
    n_iter = (n_half_steps - 1) // 2
    tail = np.linspace((head - 1) // 2 + 1, n_iter, max_frames - head).round().astype(int)
    return list(range(head)) + [2 * int(t) for t in np.unique(tail)]


class EMAnimation(FuncAnimation):
    """A :class:`~matplotlib.animation.FuncAnimation` whose browser player
    (:meth:`to_jshtml`) embeds its frames as ``frame_format`` images.

    Parameters
    ----------
    fig : Figure
    func : callable
        Called with each frame to draw it, as by ``FuncAnimation``.
    frame_format : {'jpeg', 'png'}, default='jpeg'
    description : str, default=:data:`ANIMATION_DESCRIPTION`
        What the frames show, in words: the player's picture has it as its text
        alternative, and its frame slider is named after it, for a screen reader
        (matplotlib's player gives neither a name).
    **kwargs
        Passed to ``FuncAnimation`` (``frames``, ``interval``, ``repeat``, ...).
    """

    def __init__(self, fig, func, frame_format="jpeg", description=None, **kwargs):
        super().__init__(fig, func, **kwargs)
        self.frame_format = frame_format
        self.description = ANIMATION_DESCRIPTION if description is None else str(description)

    def to_jshtml(self, fps=None, embed_frames=True, default_mode=None):
        """:meth:`Animation.to_jshtml <matplotlib.animation.Animation.to_jshtml>`, its
        frames embedded as ``frame_format`` images.

        Parameters
        ----------
        fps : int, optional
        embed_frames : bool, default=True
        default_mode : {'loop', 'once', 'reflect'}, optional

        Returns
        -------
        html : str
        """
        # The player's writer reads the frame format from rcParams when it is made.
        with plt.rc_context({"animation.frame_format": self.frame_format}):
            html = super().to_jshtml(fps, embed_frames, default_mode)
        return _name_player(html, self.description)


def _name_player(html, description):
    """matplotlib's player with a text alternative on its picture and a name on its
    frame slider; raises if the player's markup no longer has the places they go."""
    text = escape(description, quote=True)
    named = html.replace('<img id="_anim_img', f'<img alt="{text}" id="_anim_img', 1)
    named = named.replace('class="anim-slider"',
                          f'class="anim-slider" aria-label="frame of {text}"', 1)
    if named.count(text) != 2:
        raise RuntimeError("matplotlib's animation player has changed: its picture and frame "
                           "slider could not be named")
    return named


def em_animation(X, history, *, max_frames=30, interval=700, figsize=(10.0, 4.6), dpi=72,
                 frame_format="jpeg", bound=False, **kwargs):
    """The whole history as an animation, built on :func:`update_em_step`.

    The figure is not registered with pyplot, so a notebook shows only the animation
    (``HTML(anim.to_jshtml())``), which plays in a browser without a kernel.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    history : EMHistory
    max_frames : int, default=30
        Longer histories are subsampled (see :func:`animation_frames`), which keeps
        the stored notebook small.
    interval : int, default=700
        Milliseconds per frame.
    figsize : (float, float), default=(10, 4.6)
    dpi : float, default=72
        Resolution of the stored frames: lower is smaller.
    frame_format : {'jpeg', 'png'}, default='jpeg'
        Image format of the frames ``to_jshtml`` embeds: JPEG frames of 500 points
        take about half the space of PNG ones (about 35 KB each at the defaults).
    bound : bool, default=False
        Add the panel of the log-likelihood split into the lower bound and the KL gap
        (:func:`plot_bound_bar`) beside the others.
    **kwargs
        Passed to :func:`plot_em_step` (``dims``, ``radii``, ``feature_names``).

    Returns
    -------
    EMAnimation
        A ``FuncAnimation``; ``len(list(anim.new_frame_seq()))`` is its frame count.
    """
    X = _check_history_data(X, history)
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    frames = animation_frames(history.n_half_steps, max_frames)
    axes = em_step_axes(X.shape[1], fig=fig, bound=bound)
    artists = plot_em_step(X, history, frames[0], axes=axes, **kwargs)

    def _show(index):
        update_em_step(artists, X, history, index, draw=False)
        return ()

    n_iter = (frames[-1] + 1) // 2
    description = (f"EM on {len(X)} points, {len(frames)} frames from the start to iteration "
                   f"{n_iter}: each component's ellipses and the points coloured by their "
                   "responsibilities after each half-step shown, beside the log-likelihood "
                   "curve" + (" and the lower bound with its gap" if bound else ""))
    return EMAnimation(fig, _show, frame_format=frame_format, description=description,
                       frames=frames, interval=interval, repeat=True)
