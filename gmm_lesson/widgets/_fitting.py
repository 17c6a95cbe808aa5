"""Fitting in the EM explorer: a fit from a start, what a failed fit leaves, the best run seen."""

import warnings

import numpy as np

from gmm_lesson._validation import check_integer
from gmm_lesson.em import (
    LOWER_PEAK_MARGIN,
    CollapseError,
    broad_start,
    collapsed_components,
    log_likelihood_shortfall,
    run_em,
    warn_if_collapsed,
)
from gmm_lesson.restarts import fit_start
from gmm_lesson.widgets import _captions as words
from gmm_lesson.widgets._controls import START_NAMES
from gmm_lesson.widgets._status import reported

__all__ = ["LOWER_PEAK_MARGIN", "POINT_STARTS", "FittingMixin", "fit_history"]

POINT_STARTS = ("k-means++", "random_from_data")
"""Starts that put each component on one data point with covariance ``reg_covar * I``,
with equal weights, on purpose (scikit-learn's way): the first E-step then makes each
point's nearest mean the most responsible for it, and gives it all but wholly to that
mean when ``reg_covar`` is small next to the distances between points."""


def fit_history(X, n_components, *, init, seed, fit_params, means=None, start=None):
    """Fit EM from a start and return its recorded history and the warnings it raised.

    ``start`` (a MixtureState) is the start itself; ``means`` (shape (n_components,
    n_features)) start EM from :func:`~gmm_lesson.em.broad_start`; otherwise
    scikit-learn's ``init`` with seed ``seed`` does. ``fit_params`` holds ``max_iter``,
    ``tol``, ``reg_covar`` and ``covariance_type``. Raises what the fit raises.
    From ``init`` and ``seed`` it is the run
    :func:`~gmm_lesson.restarts.fit_start` makes, as is every run of
    :func:`~gmm_lesson.restarts.fit_restarts`.
    """
    params = fit_params
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if start is not None or means is not None:
            if start is None:
                start = broad_start(X, means, reg_covar=params["reg_covar"],
                                    covariance_type=params["covariance_type"])
            history = run_em(X, start, tol=params["tol"], max_iter=params["max_iter"],
                             reg_covar=params["reg_covar"])
            warn_if_collapsed(history.states[-1], params["reg_covar"], X)
        else:
            history = fit_start(X, n_components, init=init, seed=seed, **params)
    return history, caught


class FittingMixin:
    """Fitting for :class:`~gmm_lesson.widgets.EMExplorer`: a new start or another
    number of components fits again; a failed fit keeps the previous one shown; every
    fit's final log-likelihood is compared with the best seen for the same model.

    Mixed into the explorer: it uses its data, ``fit_params``, controls, status line
    and view (``_draw_history``, ``_draw_data_only``, ``_show``, ``_begin_placing``).
    """

    # --- actions ---------------------------------------------------------------------

    @reported
    def set_n_components(self, n_components):
        """Fit again with ``n_components`` components (1 to 8), from the same start.

        Parameters
        ----------
        n_components : int
        """
        self._controls["n_components"].value = self._check_n_components(n_components)

    @reported
    def reinitialise(self, seed=None, init=None, means=None):
        """Fit again from a new start.

        Parameters
        ----------
        seed : int, optional
            New seed of the start; default: keep the current one.
        init : str, optional
            One of the starts of :data:`INIT_CHOICES`; default: keep the current one.
            ``'click'`` without ``means`` waits for the learner to click the means.
        means : array-like of shape (n_components, n_features), optional
            Means to start from (with ``init='click'``), as if clicked.
        """
        if seed is not None:
            self.seed = check_integer(seed, "seed", 0)
        if init is not None:
            self.init = self._check_init(init)
            with self._holding():
                self._controls["start"].value = self.init
        self._refit(means=means)

    @property
    def best_log_likelihood(self):
        """The best final log-likelihood seen (or told, :meth:`remember_best`) for the
        current number of components, as ``(value, source)``, or None.

        ``source`` says where it came from, as the status line words it after "from",
        e.g. ``"seed 0, start 'k-means++'"``.
        """
        return self._best.get(self._comparable())

    def remember_best(self, log_likelihood, source, *, n_components=None):
        """Tell the explorer of a log-likelihood reached elsewhere on the same data.

        A fit that then ends clearly below it is reported as stopping lower, as if the
        explorer had seen that run itself. A value below the best already known
        changes nothing.

        Parameters
        ----------
        log_likelihood : float
            Total log-likelihood of the explorer's data (``model.score(X) * len(X)``)
            under a fit with the explorer's covariance type and ``reg_covar``, and
            without a collapsed component.
        source : str
            Where it comes from, in words that read after "from" in the status line,
            e.g. ``"a k-means start with 10 restarts"``.
        n_components : int, optional
            The number of components of that fit; default: the explorer's current one.

        Examples
        --------
        >>> best = GaussianMixture(3, n_init=10, random_state=0).fit(X)
        >>> explorer.remember_best(best.score(X) * len(X), "ten k-means starts")
        """
        value = float(log_likelihood)
        if not np.isfinite(value):
            raise ValueError(f"log_likelihood must be a finite number, got {log_likelihood!r}.")
        if not isinstance(source, str) or not source.strip():
            raise ValueError(f"source must be a non-empty string, got {source!r}.")
        n_components = (self.n_components if n_components is None
                        else self._check_n_components(n_components))
        self._keep_if_best(self._comparable(n_components), value, source.strip())
        if self.history is not None and self._placing is None:
            self._show_fit_status()
            self._show(self.step)

    # --- callbacks -------------------------------------------------------------------

    @reported
    def _on_components(self, change):
        if not self._quiet:
            self.n_components = change["new"]
            self._refit()

    @reported
    def _on_start(self, change):
        if not self._quiet:
            self.init = change["new"]
            self._refit()

    # --- fitting ---------------------------------------------------------------------

    def _refit(self, means=None, start=None, moved=None):
        """Fit from the current start, or begin placing the means by clicks; or from
        ``start``, a state with one mean moved (``moved`` says how, in words)."""
        self._controls["timer"].playing = False
        self._outputs["seed"].value = words.seed_words(self.seed)
        if self.init == "click" and means is None and start is None:
            self._begin_placing()
            return
        self._placing = None
        self._run = None
        try:
            history, caught = fit_history(self.X, self.n_components, init=self.init,
                                          seed=self.seed, fit_params=self.fit_params,
                                          means=means, start=start)
        except CollapseError as error:
            # EM itself broke down part-way; what it did until then can be replayed.
            history, caught = error.history, [error]
            messages = words.collapse_stop_words(error)
        except ValueError as error:
            self._fit_failed(error)
            return
        else:
            messages = [words.fit_words(self.n_components, START_NAMES[self.init],
                                        self.seed, history, moved=moved),
                        *words.warning_messages(caught)]
            if self._data_change:
                messages.insert(0, self._data_change)
            self._remember_run(history, moved=moved)
        self.history = history
        self._history_init = self.init if start is None else None
        self._update_mean_menu()
        self._draw_history()
        self._fit_messages = (messages, "warning" if caught else "info")
        self._show_fit_status()
        self._show(0)

    def _fit_failed(self, error):
        if self.history is None:
            self._draw_data_only()
            self._set_lasting(words.fit_failed_words(self.n_components, self.init,
                                                     self.seed, error), level="error")
            return
        # Keep showing the last fit, and the controls that made it.
        attempted = self.n_components
        self.n_components = self.history.states[0].n_components
        with self._holding():
            self._controls["n_components"].value = self.n_components
        self._set_lasting(words.fit_failed_words(attempted, self.init, self.seed, error,
                                                 self.n_components), level="error")

    # --- the best run seen -----------------------------------------------------------

    def _comparable(self, n_components=None):
        """What makes two fits' log-likelihoods comparable (the data are the explorer's own)."""
        return (self.n_components if n_components is None else n_components,
                self.fit_params["covariance_type"], self.fit_params["reg_covar"])

    def _keep_if_best(self, key, value, source):
        best = self._best.get(key)
        if best is None or value > best[0]:
            self._best[key] = (value, source)

    def _remember_run(self, history, moved=None):
        """Keep a fit's final log-likelihood, unless the fit ends collapsed: a collapse
        can beat every sensible fit, and is not a peak to compare with."""
        if collapsed_components(history.states[-1], self.fit_params["reg_covar"], self.X):
            return
        source = (words.run_source(self.init, self.seed, START_NAMES[self.init])
                  if moved is None else words.MOVED_SOURCE)
        self._run = (history.log_likelihoods[-1], source)
        self._keep_if_best(self._comparable(), *self._run)

    def _lower_peak_words(self):
        """What the status line says of a fit that ended clearly below the best seen."""
        best = self.best_log_likelihood
        if self._run is None or best is None:
            return ""
        gap = log_likelihood_shortfall(self._run[0], best[0], self.X.shape[0],
                                       tol=self.fit_params["tol"], margin=LOWER_PEAK_MARGIN)
        if gap is None:
            return ""
        return words.lower_peak_words(gap, self.n_components, best, self.history.converged)

    def _show_fit_status(self):
        messages, level = self._fit_messages
        lower = self._lower_peak_words()
        if lower:
            messages, level = [*messages, lower], "warning"
        self._set_lasting(messages, level=level)
