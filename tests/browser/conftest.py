"""Browser tests: the lesson's explorers under Voila and JupyterLab, driven by Chromium.

One Voila server (rooted at the repository, so every notebook is at
``/voila/render/<path>``) and one JupyterLab server (on a temporary copy of the notebooks
it runs) serve the whole session; each starts on a free port of 127.0.0.1, in its own
process group, and is stopped by that group's id at the end, whatever the tests did.
Each notebook is loaded once, in one page shared by its tests.

Every test collected here is marked ``browser``, so that ``pytest -m "not browser"``
runs the rest of the suite without a browser or a server. The folder is skipped, with
the reason in pytest's summary, when Debian's Chromium or the Playwright package is
missing. Screenshots and the servers' logs go to ``test-artifacts/browser/``; the page
load times seen on the way are printed at the end of the run. How fast a step is drawn
is measured by ``benchmarks/bench_browser_latency.py``, not here.
"""

import importlib.util
import os
import sys
from pathlib import Path

import nbformat
import pytest
from browser_support import (
    ARTIFACTS,
    PAGE_SCRIPT,
    REPO,
    NotebookPage,
    Server,
    free_port,
    jupyterlab_home,
    jupyterlab_server,
    run_all_cells,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]
HERE = Path(__file__).resolve().parent
VIEWPORT = {"width": 1280, "height": 900}


def _missing():
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return (f"browser tests skipped: {CHROMIUM} not found; install it with "
                "apt-get install chromium")
    for package in ("playwright", "voila", "jupyterlab"):
        if importlib.util.find_spec(package) is None:
            return (f"browser tests skipped: the Python package {package} is not installed; "
                    "install it with pip install -e '.[lesson,test]'")
    return None


MISSING = _missing()


def pytest_collection_modifyitems(config, items):
    # This runs before pytest's own -m selection, which then sees the marker.
    skip = None if MISSING is None else pytest.mark.skip(reason=MISSING)
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if skip is not None:
                item.add_marker(skip)


# --- measurements, printed at the end of the run ---------------------------------------------

_MEASURES = {}


@pytest.fixture(scope="session")
def measures():
    """Timings a test wants printed in the summary, as name -> text."""
    return _MEASURES


def pytest_terminal_summary(terminalreporter):
    if MISSING is not None:
        # Only when browser tests were selected and so skipped: not under -m "not browser".
        skipped = terminalreporter.stats.get("skipped", [])
        if any(report.nodeid.startswith("tests/browser/") for report in skipped):
            terminalreporter.write_sep("-", "browser tests")
            terminalreporter.write_line(MISSING, yellow=True)
        return
    if _MEASURES:
        terminalreporter.write_sep("-", "browser timings")
        for name, text in _MEASURES.items():
            terminalreporter.write_line(f"{name}: {text}")


# --- servers -----------------------------------------------------------------------------------


def _server_env(**extra):
    env = dict(os.environ)
    # Render as a learner's browser would: the widget backend, not a test's Agg.
    env.pop("MPLBACKEND", None)
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def artifacts():
    """The folder for screenshots and logs. Files are overwritten, never cleared: another
    run in the same tree may be writing there too."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def voila_server(artifacts):
    port = free_port()
    server = Server("voila", [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
                              "--Voila.ip=127.0.0.1", "--show_tracebacks=True"],
                    port=port, cwd=REPO, env=_server_env(), log_path=artifacts / "voila.log")
    try:
        yield server.wait_for_port()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab_dir(tmp_path_factory):
    """A temporary home for JupyterLab: notebooks copied there, its own settings (no
    news pop-up, every cell attached to the DOM) and workspaces."""
    return jupyterlab_home(tmp_path_factory.mktemp("lab"))


@pytest.fixture(scope="session")
def lab_server(lab_dir, artifacts):
    server = jupyterlab_server("jupyterlab", lab_dir, _server_env(),
                               artifacts / "jupyterlab.log")
    try:
        yield server.wait_for_port()
    finally:
        server.stop()


# --- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def context(browser):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.add_init_script(PAGE_SCRIPT)
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


class VoilaPages:
    """The Voila pages of the session, one per notebook, shared by the tests.

    ``prefetch`` starts loading several at once (Voila runs each notebook in its own
    kernel, so they execute side by side); calling with a path waits for that page.
    """

    def __init__(self, context, server, measures):
        self.context, self.server, self.measures = context, server, measures
        self.pages = {}

    def prefetch(self, *paths):
        for path in paths:
            if path not in self.pages:
                url = f"{self.server.url}/voila/render/{path}"
                page = NotebookPage(self.context.new_page(), url, f"Voila {path}")
                page.page.goto(url, wait_until="commit", timeout=120_000)
                self.pages[path] = page

    def __call__(self, path):
        self.prefetch(path)
        page = self.pages[path]
        # A tab in the background gets no animation frames and slow timers.
        page.page.bring_to_front()
        if page.load_seconds is None:
            # Voila streams the page as the kernel runs the cells: "load" is the end.
            page.page.wait_for_load_state("load", timeout=120_000)
            page.load_seconds = page.page.evaluate(
                "() => performance.getEntriesByType('navigation')[0].loadEventEnd / 1000")
            self.measures[f"Voila page loaded, {path}"] = f"{page.load_seconds:.1f} s"
        return page


@pytest.fixture(scope="session")
def voila(context, voila_server, measures):
    """``voila(path)``: the page of the notebook at ``path`` (relative to the repository)
    rendered by Voila; ``voila.prefetch(*paths)`` starts loading pages ahead."""
    return VoilaPages(context, voila_server, measures)


class Windows:
    """Browser contexts with a given window size, made once and shared by the tests."""

    def __init__(self, browser):
        self.browser, self.contexts = browser, {}

    def __call__(self, width, height):
        if (width, height) not in self.contexts:
            context = self.browser.new_context(viewport={"width": width, "height": height},
                                               device_scale_factor=1)
            context.add_init_script(PAGE_SCRIPT)
            context.set_default_timeout(30_000)
            self.contexts[width, height] = context
        return self.contexts[width, height]

    def close(self):
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="session")
def windows(browser):
    """``windows(width, height)``: a browser context whose pages have that window size."""
    made = Windows(browser)
    try:
        yield made
    finally:
        made.close()


class SizedVoilaPages:
    """Voila pages in windows of a chosen size, one per (notebook, size, query), shared
    by the tests; ``prefetch`` starts several loading at once."""

    def __init__(self, windows, server, measures):
        self.windows, self.server, self.measures = windows, server, measures
        self.pages = {}

    def prefetch(self, *keys):
        for path, width, height, query in keys:
            key = (path, width, height, query)
            if key not in self.pages:
                url = f"{self.server.url}/voila/render/{path}{query}"
                page = NotebookPage(self.windows(width, height).new_page(), url,
                                    f"Voila {path}{query} at {width} x {height}")
                page.page.goto(url, wait_until="commit", timeout=120_000)
                self.pages[key] = page

    def __call__(self, path, width, height, query=""):
        self.prefetch((path, width, height, query))
        page = self.pages[path, width, height, query]
        page.page.bring_to_front()
        if page.load_seconds is None:
            page.page.wait_for_load_state("load", timeout=180_000)
            page.load_seconds = 0.0
        return page


@pytest.fixture(scope="session")
def voila_at(windows, voila_server, measures):
    """``voila_at(path, width, height, query="")``: the Voila page of the notebook at
    ``path`` in a window of that size, the address ending with ``query``."""
    return SizedVoilaPages(windows, voila_server, measures)


class LabNotebooks:
    """Notebooks run in JupyterLab (Run -> Run All Cells), one page each, shared by the
    tests. Each runs from a copy with its outputs cleared, optionally after a first cell
    of ``prelude`` code; the page opens with JupyterLab's default layout (file browser
    open) and a workspace of its own (``?reset``)."""

    def __init__(self, windows, server, folder):
        self.windows, self.server, self.folder = windows, server, folder
        self.pages = {}

    def __call__(self, path, width, height, prelude=None, suffix=""):
        # A page per window size: JupyterLab sizes its side panel when the page loads.
        key = (path, width, height, prelude)
        if key not in self.pages:
            notebook = nbformat.read(REPO / path, as_version=4)
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            if prelude:
                notebook.cells.insert(0, nbformat.v4.new_code_cell(prelude))
            name = f"{Path(path).stem}{suffix}-{width}x{height}.ipynb"
            nbformat.write(notebook, self.folder / name)
            page = NotebookPage(self.windows(width, height).new_page(),
                                f"{self.server.url}/lab/tree/{name}?reset",
                                f"JupyterLab {name}")
            page.page.goto(page.url, timeout=120_000)
            run_all_cells(page.page)
            self.pages[key] = page
        page = self.pages[key]
        page.page.bring_to_front()
        return page


@pytest.fixture(scope="session")
def lab_notebooks(windows, lab_server, lab_dir):
    """``lab_notebooks(path, width, height, prelude=None, suffix="")``: the JupyterLab page
    of a fresh run of the notebook at ``path``, loaded in a window of that size."""
    return LabNotebooks(windows, lab_server, lab_dir / "notebooks")
