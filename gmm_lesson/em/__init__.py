"""Expectation-maximisation for a Gaussian mixture, one half-step at a time.

The pieces a lesson shows, as pure functions:

* :func:`e_step` -- responsibilities, computed in log space; with ``labels``, one-hot
  for the samples whose component is known (semi-supervised EM, :func:`check_labels`);
* :func:`m_step` -- weights, means and covariances from responsibilities; with a
  ``covariance_prior`` (:class:`InverseWishartPrior`), the covariances' posterior mode
  (a MAP M-step against collapse);
* :func:`log_likelihood` -- the quantity EM climbs: exact EM (``reg_covar=0``, an
  M-step that exactly maximises) never decreases it, up to rounding; the regulariser
  ``reg_covar`` makes the M-step inexact, so with it the log-likelihood can dip,
  a little at the default 1e-6 and by whole units at ``reg_covar=1`` on
  standardised data;
* :func:`em_step` -- one E-step followed by one M-step, from a :class:`MixtureState`;
* :func:`run_em` -- the loop, recording an :class:`EMHistory` that can be replayed
  half-step by half-step without refitting;
* :func:`collapsed_components`, :func:`warn_if_collapsed` -- which components sit on
  a single point, and the :class:`CollapseWarning` that names them;
* :func:`complete_means`, :func:`broad_start`, :func:`log_likelihood_shortfall` --
  the explorers' starts from clicked means, and how far a run ended below the best;
* :func:`lower_bound`, :func:`kl_gap`, :func:`bound_at` -- why EM climbs: the
  log-likelihood split into a lower bound and a gap, at any half-step; along a line
  between two states (:func:`bound_along_line`) or one mean (:func:`bound_along_mean`);
  and :func:`soft_kmeans_step`, EM's step that becomes k-means's as the variance
  shrinks;
* :func:`match_components`, :func:`compare_restarts` -- several runs side by side:
  which ended on the same fit, up to the order of its components (label switching),
  recorded as :class:`Restarts` of :class:`RestartRun`.

Arrays in, arrays out (numpy, and scipy where it has the function): no plotting, no widgets.

Import them from here (``from gmm_lesson.em import run_em``; the main ones also from
``gmm_lesson``); the modules behind them, each importing only those above it:

==============  ===================================================================
module          what lives there
==============  ===================================================================
``_math``       the arithmetic on arrays, unchecked: log-probabilities,
                responsibilities in log space, the M-step's estimates
``state``       :class:`MixtureState`, the parameters EM moves through, and
                :func:`check_state`
``priors``      :class:`InverseWishartPrior` for a MAP M-step, and
                :func:`check_covariance_prior`
``steps``       :func:`e_step`, :func:`m_step`, :func:`log_likelihood`,
                :func:`em_step`: the half-steps, checked at the boundary;
                :func:`check_labels`
``loop``        :func:`run_em`, its record :class:`EMHistory` and :class:`HalfStep`,
                :class:`CollapseError`
``collapse``    :func:`collapsed_components`, :func:`warn_if_collapsed`,
                :class:`CollapseWarning`
``starts``      :func:`complete_means`, :func:`broad_start`,
                :func:`with_mean_moved`, :func:`log_likelihood_shortfall`,
                :data:`LOWER_PEAK_MARGIN`
``bound``       :func:`lower_bound`, :func:`kl_gap`, :func:`bound_at`,
                :func:`interpolate_states`, :func:`bound_along_line`,
                :func:`bound_along_mean`, :func:`soft_kmeans_step`
``restarts``    :func:`match_components`, :func:`compare_restarts`,
                :class:`Restarts`, :class:`RestartRun`, :data:`SAME_MEAN_DISTANCE`
==============  ===================================================================
"""

from gmm_lesson.em.bound import (
    BoundAt,
    bound_along_line,
    bound_along_mean,
    bound_at,
    interpolate_states,
    kl_gap,
    lower_bound,
    soft_kmeans_step,
)
from gmm_lesson.em.collapse import CollapseWarning, collapsed_components, warn_if_collapsed
from gmm_lesson.em.loop import CollapseError, EMHistory, HalfStep, run_em
from gmm_lesson.em.priors import InverseWishartPrior, check_covariance_prior
from gmm_lesson.em.restarts import (
    SAME_MEAN_DISTANCE,
    RestartRun,
    Restarts,
    compare_restarts,
    match_components,
)
from gmm_lesson.em.starts import (
    LOWER_PEAK_MARGIN,
    broad_start,
    complete_means,
    log_likelihood_shortfall,
    with_mean_moved,
)
from gmm_lesson.em.state import MixtureState, check_state
from gmm_lesson.em.steps import check_labels, e_step, em_step, log_likelihood, m_step

__all__ = [
    "BoundAt",
    "CollapseError",
    "CollapseWarning",
    "EMHistory",
    "HalfStep",
    "InverseWishartPrior",
    "LOWER_PEAK_MARGIN",
    "MixtureState",
    "RestartRun",
    "Restarts",
    "SAME_MEAN_DISTANCE",
    "bound_along_line",
    "bound_along_mean",
    "bound_at",
    "broad_start",
    "check_covariance_prior",
    "check_labels",
    "check_state",
    "collapsed_components",
    "compare_restarts",
    "complete_means",
    "e_step",
    "em_step",
    "interpolate_states",
    "kl_gap",
    "log_likelihood",
    "log_likelihood_shortfall",
    "lower_bound",
    "m_step",
    "match_components",
    "run_em",
    "soft_kmeans_step",
    "warn_if_collapsed",
    "with_mean_moved",
]
