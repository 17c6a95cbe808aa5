"""Pictures of Gaussian mixtures and of EM at work, drawn with matplotlib.

Every ``plot_*`` function draws on an axes (``ax=None`` means the current one),
returns the artists it made, and never fits, saves or shows. Its ``update_*``
partner moves those same artists to a new state and asks the canvas for a redraw,
so that an explorer stepping through a recorded :class:`~gmm_lesson.em.EMHistory`
costs little per step.

================================  ==================================================
view                              what the learner sees
================================  ==================================================
:func:`plot_mixture_2d`           points coloured by responsibility, means, ellipses
:func:`plot_transition`           one M-step: old ellipses dashed, new ones solid
:func:`plot_mixture_1d`           histogram, weighted component densities, mixture
:func:`plot_responsibilities_1d`  p(component | x) stacked along x
:func:`plot_log_likelihood`       the curve EM climbs, with the current step marked
:func:`plot_covariance`           one Gaussian: samples, ellipses and its matrix
:func:`plot_ellipse_axes`         an ellipse's axes: eigenvectors times std deviations
:func:`plot_whitening`            a Gaussian before and after whitening: circles
:func:`plot_em_step`              a half-step of a history: data, curve and title
:func:`plot_em_strip`             small multiples of chosen iterations
:func:`plot_half_steps`           chosen half-steps in a grid (Bishop's fig. 9.8)
:func:`em_animation`              the whole history, playable without a kernel
:func:`plot_criteria`             BIC, AIC, ... against K, zoomed on their minima
:func:`plot_log_density`          log p(x) shaded over the plane, a threshold line
:func:`plot_bound_bar`            a half-step's log-likelihood split: bound L, gap KL
:func:`plot_bound_along_line`     log-likelihood and bound from one state to the next
:func:`plot_bound_along_mean`     log-likelihood and bound as one mean moves (1D)
:func:`plot_bound_curves`         the same from curves computed before
:func:`update_bound_curves`       another step's curves on the same figure
:func:`plot_soft_kmeans`          one EM step with a fixed sigma beside one k-means step
:func:`plot_restarts`             runs from many starts, best first: the same fit
                                  relabelled apart from other fits; iterations
:func:`plot_moved_mean`           a mean being dragged, its ellipses carried with it
:func:`plot_segmentation`         a photograph's pixels painted by component
:func:`plot_label_map`            the same in the palette, regions matched across models
:func:`plot_membership_map`       one component's membership at every pixel
:func:`plot_image_grid`           small images (digits) in a grid, with captions
:func:`plot_score_histograms`     log-densities of groups of points, a threshold
:func:`plot_concentration`        a Bayesian mixture at one weight prior: ellipses,
                                  weights on a log scale against a threshold
================================  ==================================================

The artists come back in small named tuples (``MixtureArtists``,
``LogLikelihoodArtists``, ...); pass one to the matching ``update_*`` function
to move it, e.g. ``update_em_step(artists, X, history, 5)``.

Colours come from :data:`PALETTE`, eight colours that stay apart for readers with
red-green colour blindness too. A point's colour is the blend of its components'
colours weighted by its responsibilities; points are grey before the first E-step.
Every colour, width and size is set in this package, so no style sheet changes what
a picture means.

Import the views from here (``from gmm_lesson import plotting``); the modules behind
them, each importing only those above it:

=========================  ===========================================================
module                     what lives there
=========================  ===========================================================
``_style``                 palette, point colours, line weights, number formats,
                           legends, corner texts
``_checks``                checks of the views' input at the plotting boundary
``mixture2d``              :func:`plot_mixture_2d`, :func:`plot_transition`, ellipses
``mixture1d``              :func:`plot_mixture_1d`, :func:`plot_responsibilities_1d`
``loglik``                 :func:`plot_log_likelihood`
``bound``                  :func:`plot_bound_bar`, :func:`format_bound`,
                           :func:`shown_bound`: why EM climbs, as a bar
``bound_curves``           :func:`plot_bound_along_line`,
                           :func:`plot_bound_along_mean`,
                           :func:`plot_bound_curves`,
                           :func:`update_bound_curves`: the same as two curves
``kmeans``                 :func:`plot_soft_kmeans`, :func:`soft_kmeans_comparison`:
                           k-means as the limit of EM
``em_step``                :func:`plot_em_step` and its layout, :func:`step_title`
``em_strip``               :func:`plot_em_strip`, :func:`plot_half_steps`
``animation``              :func:`em_animation`
``_mass_labels``           where :func:`plot_covariance` writes each ellipse's mass
``covariance``             :func:`plot_covariance`, :func:`plot_ellipse_axes`,
                           :func:`plot_whitening`
``fitted``                 :func:`plot_criteria`, :func:`plot_log_density`
``restarts``               :func:`plot_restarts`, :func:`update_restarts`: runs of
                           EM from many starts side by side
``moved_mean``             :func:`plot_moved_mean`: a mean being dragged
``images``                 :func:`plot_segmentation`, :func:`plot_label_map`,
                           :func:`matched_labels`, :func:`plot_membership_map`,
                           :func:`plot_image_grid`, :func:`tile_images`,
                           :func:`plot_score_histograms`: mixtures put to work on images
``concentration``          :func:`plot_concentration`, :func:`update_concentration`:
                           a Bayesian mixture along its weight prior
=========================  ===========================================================
"""

from gmm_lesson.plotting._style import (
    NO_RESPONSIBILITY_COLOR,
    PALETTE,
    blend_colors,
    component_colors,
    format_log_likelihood,
)
from gmm_lesson.plotting.animation import (
    EMAnimation,
    animation_frames,
    em_animation,
)
from gmm_lesson.plotting.bound import (
    BoundBarArtists,
    BoundText,
    format_bound,
    plot_bound_bar,
    shown_bound,
    update_bound_bar,
)
from gmm_lesson.plotting.bound_curves import (
    BoundLineArtists,
    plot_bound_along_line,
    plot_bound_along_mean,
    plot_bound_curves,
    update_bound_curves,
)
from gmm_lesson.plotting.concentration import (
    ConcentrationArtists,
    concentration_title,
    format_prior,
    plot_concentration,
    update_concentration,
)
from gmm_lesson.plotting.covariance import (
    CovarianceArtists,
    EllipseAxesArtists,
    WhiteningArtists,
    plot_covariance,
    plot_ellipse_axes,
    plot_whitening,
    update_covariance,
)
from gmm_lesson.plotting.em_step import (
    BOUND_WIDTH,
    STACKED_ROW_HEIGHT,
    EMStepArtists,
    EMStepAxes,
    em_step_axes,
    em_step_figsize,
    plot_em_step,
    step_title,
    update_em_step,
)
from gmm_lesson.plotting.em_strip import (
    plot_em_strip,
    plot_half_steps,
)
from gmm_lesson.plotting.fitted import (
    CriteriaArtists,
    LogDensityArtists,
    plot_criteria,
    plot_log_density,
)
from gmm_lesson.plotting.images import (
    ImageGridArtists,
    ScoreArtists,
    matched_labels,
    plot_image_grid,
    plot_label_map,
    plot_membership_map,
    plot_score_histograms,
    plot_segmentation,
    tile_images,
)
from gmm_lesson.plotting.kmeans import (
    SoftKMeansArtists,
    SoftKMeansStep,
    plot_soft_kmeans,
    soft_kmeans_comparison,
    update_soft_kmeans,
)
from gmm_lesson.plotting.loglik import (
    LogLikelihoodArtists,
    plot_log_likelihood,
    shown_log_likelihood,
    update_log_likelihood,
)
from gmm_lesson.plotting.mixture1d import (
    Mixture1DArtists,
    ResponsibilityArtists,
    plot_mixture_1d,
    plot_responsibilities_1d,
    update_mixture_1d,
    update_responsibilities_1d,
)
from gmm_lesson.plotting.mixture2d import (
    MixtureArtists,
    TransitionArtists,
    plot_mixture_2d,
    plot_transition,
    update_mixture_2d,
    update_transition,
)
from gmm_lesson.plotting.moved_mean import (
    MovedMeanArtists,
    hide_moved_mean,
    plot_moved_mean,
    update_moved_mean,
)
from gmm_lesson.plotting.restarts import (
    RestartArtists,
    plot_restarts,
    update_restarts,
)

__all__ = [
    "BOUND_WIDTH",
    "BoundBarArtists",
    "BoundLineArtists",
    "BoundText",
    "ConcentrationArtists",
    "CovarianceArtists",
    "CriteriaArtists",
    "EMAnimation",
    "EMStepArtists",
    "EMStepAxes",
    "EllipseAxesArtists",
    "ImageGridArtists",
    "LogDensityArtists",
    "LogLikelihoodArtists",
    "Mixture1DArtists",
    "MixtureArtists",
    "MovedMeanArtists",
    "NO_RESPONSIBILITY_COLOR",
    "PALETTE",
    "ResponsibilityArtists",
    "RestartArtists",
    "ScoreArtists",
    "STACKED_ROW_HEIGHT",
    "SoftKMeansArtists",
    "SoftKMeansStep",
    "TransitionArtists",
    "WhiteningArtists",
    "animation_frames",
    "blend_colors",
    "component_colors",
    "concentration_title",
    "em_animation",
    "em_step_axes",
    "em_step_figsize",
    "format_bound",
    "format_log_likelihood",
    "format_prior",
    "hide_moved_mean",
    "matched_labels",
    "plot_bound_along_line",
    "plot_bound_along_mean",
    "plot_bound_curves",
    "plot_bound_bar",
    "plot_concentration",
    "plot_covariance",
    "plot_criteria",
    "plot_ellipse_axes",
    "plot_em_step",
    "plot_em_strip",
    "plot_half_steps",
    "plot_image_grid",
    "plot_label_map",
    "plot_log_density",
    "plot_log_likelihood",
    "plot_membership_map",
    "plot_mixture_1d",
    "plot_mixture_2d",
    "plot_moved_mean",
    "plot_responsibilities_1d",
    "plot_restarts",
    "plot_score_histograms",
    "plot_segmentation",
    "plot_soft_kmeans",
    "plot_transition",
    "plot_whitening",
    "shown_bound",
    "shown_log_likelihood",
    "soft_kmeans_comparison",
    "step_title",
    "tile_images",
    "update_bound_bar",
    "update_bound_curves",
    "update_concentration",
    "update_covariance",
    "update_em_step",
    "update_log_likelihood",
    "update_mixture_1d",
    "update_mixture_2d",
    "update_moved_mean",
    "update_responsibilities_1d",
    "update_restarts",
    "update_soft_kmeans",
    "update_transition",
]
