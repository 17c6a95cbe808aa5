# Everyday commands for the lesson. pyproject.toml holds the dependencies; this file
# only builds the virtual environment from it and runs things inside it.
#
#   make lesson                  open the lesson in JupyterLab
#   make test                    lint, unit and browser tests (tests/), then every notebook
#                                (student and teacher copies) under nbval
#   make test-fast               the unit tests only: no browser tests, no notebooks
#   make lint                    ruff and the numpydoc check of the public API's docstrings
#   make present NB=notebooks/04_em_in_many_dimensions.ipynb [TEMPLATE=reveal] [POOL=10]
#   make notebooks [ONLY=03]     run the teacher's notebooks, regenerate the student copies
#   make handouts                web pages of the student notebooks that work offline, in handouts/
#   make benchmark               run each script in benchmarks/
#   make clean                   remove the environment and caches
#
# Overrides: PYTHON (interpreter that creates .venv), PORT, JUPYTER_ARGS, VOILA_ARGS,
# NBVAL_WORKERS (how many notebooks make test runs at a time; default: one per core).

PYTHON ?= python3
VENV := .venv
VENV_PY := $(VENV)/bin/python
# pip reinstalls only when pyproject.toml is newer than this file.
STAMP := $(VENV)/.installed
# package.json lists the front-end files the lesson serves itself (slides, handouts and
# the browser tests' audit work offline); npm reinstalls them when its lock file changes.
NODE_STAMP := node_modules/.installed

LESSON_NB := notebooks/00_start_here.ipynb
NB ?= $(LESSON_NB)
TEMPLATE ?= lab
PORT ?=
JUPYTER_ARGS ?=
VOILA_ARGS ?=
ONLY ?=
NBVAL_WORKERS ?= auto

# Jupyter servers refuse to start as root unless told so.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lesson test test-fast lint present notebooks handouts benchmark clean

# Until the start notebook exists, open the folder instead.
lesson: $(STAMP)
	$(VENV_PY) -m jupyterlab $(or $(wildcard $(LESSON_NB)),notebooks/) --port $(or $(PORT),8888) $(ALLOW_ROOT) $(JUPYTER_ARGS)

# Lint first, then the tests; every part runs even if one before it fails, and make
# fails if any part failed.
# The notebooks run NBVAL_WORKERS at a time (pytest-xdist; loadscope keeps each notebook's
# cells on one worker, in order, in one kernel): each is a kernel of its own and they
# write no files, so they cannot disturb one another.
# pytest exits with 5 when it collects nothing: notebooks/ is only handed to it when
# it holds a notebook, so an empty folder passes and a broken collection fails.
test: $(STAMP) $(NODE_STAMP)
	@lint=0; unit=0; notebooks=0; \
	$(MAKE) --no-print-directory lint || lint=$$?; \
	$(VENV_PY) -m pytest tests/ || unit=$$?; \
	if [ -n "$$(find notebooks teacher -name '*.ipynb' ! -path '*/.ipynb_checkpoints/*' 2>/dev/null)" ]; then \
		$(VENV_PY) -m pytest --nbval-lax --nbval-current-env -n $(NBVAL_WORKERS) --dist loadscope \
			notebooks/ teacher/ || notebooks=$$?; \
	else \
		echo "No notebooks under notebooks/: nothing for nbval to run."; \
	fi; \
	[ $$lint -eq 0 ] || { echo "make lint failed (see above)" >&2; exit $$lint; }; \
	[ $$unit -eq 0 ] || exit $$unit; \
	exit $$notebooks

# The edit-test loop: tests/ without the browser tests (marked browser by their conftest)
# and without the notebooks: a minute or two instead of many.
test-fast: $(STAMP) $(NODE_STAMP)
	$(VENV_PY) -m pytest tests/ -m "not browser"

# Both checks run even if the first fails; make fails if either did. pyproject.toml says
# which rules and which docstring checks, and why ruff format is not used.
LINT_PATHS := gmm_lesson tests scripts benchmarks conftest.py

lint: $(STAMP)
	@status=0; \
	echo "ruff check $(LINT_PATHS)"; \
	$(VENV_PY) -m ruff check $(LINT_PATHS) || status=1; \
	echo "numpydoc lint gmm_lesson"; \
	$(VENV_PY) -m numpydoc lint $$(find gmm_lesson -name '*.py' ! -path '*/__pycache__/*' | sort) \
		&& echo "All docstrings pass." || status=1; \
	exit $$status

# The lesson's own versions of Voila's lab and reveal templates, in share/jupyter (put on
# JUPYTER_PATH for Voila to find them): Voila's, with reveal.js and Font Awesome served by
# Voila from copies of node_modules instead of public CDNs, so that presented pages and
# slides work offline.
PRESENT_TEMPLATES := share/jupyter/voila/templates
PRESENT_TEMPLATE := $(if $(wildcard $(PRESENT_TEMPLATES)/lesson-$(TEMPLATE)/index.html.j2),lesson-$(TEMPLATE),$(TEMPLATE))
POOL ?= 10

# Each page load runs the notebook in a kernel of its own, and a closed or reloaded page
# leaves it behind: kernels nobody is connected to are shut down after 15 idle minutes.
# Voila reads voila.json from this folder: cells tagged not-presented are left out.
#
# Preheated kernels, because starting a kernel and running the notebook for each page
# took about 12 s before the explorer worked, and a minute and more for a class loading
# it together (benchmarks/bench_voila.py). Voila starts POOL kernels (POOL=0: none) and
# runs the notebook in each when it starts; a page load takes one, with its page already
# rendered. The kernel taken is replaced 60 s later rather than at once, so that a class
# opening the page together does not wait behind the notebook running again in new
# kernels; a page that comes when no kernel is ready waits for the next. Each kernel
# holds about 155 MB of its own. A preheated kernel runs the notebook before any page
# asks for it, so nothing in the request (query string, headers) reaches the notebook:
# the explorers' ?present=1 does not either, and GMM_LESSON_PRESENT=1 tells them they are
# presented instead. The options are given here, not in voila.json: a Voila serving the
# whole folder would preheat every notebook in it.
present: $(STAMP) $(if $(filter lesson-%,$(PRESENT_TEMPLATE)),$(PRESENT_TEMPLATES)/$(PRESENT_TEMPLATE)/static/vendor/.copied)
	@test -f "$(NB)" || { echo "No such notebook: $(NB)" >&2; exit 2; }
	GMM_LESSON_PRESENT=1 JUPYTER_PATH="$(CURDIR)/share/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH}" \
	$(VENV_PY) -m voila "$(NB)" --no-browser --port $(or $(PORT),8866) --Voila.ip=127.0.0.1 --template=$(PRESENT_TEMPLATE) \
		--preheat_kernel=True --pool_size=$(POOL) --VoilaKernelManager.fill_delay=60 \
		--MappingKernelManager.cull_interval=60 --MappingKernelManager.cull_idle_timeout=900 $(VOILA_ARGS)

# Voila serves a template's files only from inside its folder (it refuses symlinks that
# lead out of it), so each of the lesson's templates gets copies of the files it uses.
$(PRESENT_TEMPLATES)/%/static/vendor/.copied: $(NODE_STAMP)
	rm -rf $(@D)
	mkdir -p $(@D)/reveal.js/dist $(@D)/fontawesome-free
	cp -R node_modules/reveal.js/dist/reveal.css node_modules/reveal.js/dist/theme $(@D)/reveal.js/dist/
	cp -R node_modules/@fortawesome/fontawesome-free/css node_modules/@fortawesome/fontawesome-free/webfonts $(@D)/fontawesome-free/
	@touch $@

# teacher/ holds the solutions; notebooks/ is made from it with the solutions removed.
notebooks: $(STAMP)
	$(VENV_PY) scripts/build_notebooks.py $(ONLY)

# The student notebooks as stored (nothing is run), as web pages with an index, MathJax
# and Font Awesome beside them: they work from a USB stick with no network, and print.
# HANDOUTS=folder writes elsewhere.
handouts: $(STAMP) $(NODE_STAMP)
	$(VENV_PY) scripts/build_handouts.py $(or $(HANDOUTS),handouts)

benchmark: $(STAMP)
	@found=0; \
	for script in benchmarks/*.py; do \
		[ -f "$$script" ] || continue; \
		found=1; \
		echo "== $$script"; \
		$(VENV_PY) "$$script" || exit $$?; \
	done; \
	[ $$found -eq 1 ] || echo "No scripts in benchmarks/."

clean:
	rm -rf $(VENV) node_modules .pytest_cache .hypothesis build dist test-artifacts *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the lesson's front-end files (Debian: apt-get install npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# The test dependencies bring nbgrader (tests/test_nbgrader.py) and with it Jupyter
# Notebook 7. Their JupyterLab extensions are turned off in this environment: nbgrader's
# menus and course panels are for a teacher's own course, not for a learner's lesson
# (README, For teachers, says how to use them), its server extensions add a second to
# every server start, and Notebook 7's lab extension stops Voila's pages from loading
# ("the getter for the shared module is not a function").
$(STAMP): pyproject.toml | $(VENV_PY)
	$(VENV_PY) -m pip install -e '.[lesson,test]'
	$(VENV_PY) -m jupyter labextension disable --level=sys_prefix @jupyter/nbgrader @jupyter-notebook/lab-extension
	$(VENV_PY) -m jupyter server extension disable --sys-prefix $(addprefix nbgrader.server_extensions.,formgrader validate_assignment assignment_list course_list)
	@touch $@

# Editable installs from pyproject.toml need a recent pip; upgrade it once, here.
$(VENV_PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --upgrade pip
