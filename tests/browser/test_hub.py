"""A class on JupyterHub: a student follows the teacher's nbgitpuller link, logs in, gets
the lesson in their own server, runs notebook 04 in JupyterLab and steps its explorer.

The hub is started from deploy/jupyterhub_config.py (hub_support.Hub) with the proxy from
npm, on free ports of 127.0.0.1; everything the browser loads goes through the hub's
proxy. The link's repository is a ``git clone`` of this repository in a temporary folder,
given to nbgitpuller as a path. Skipped, with the reason, when jupyterhub, nbgitpuller,
node or configurable-http-proxy is missing.
"""

import re
import signal
import subprocess
import time

import pytest
from browser_support import (
    KERNEL_IDLE,
    PAGE_SCRIPT,
    PROMPTS,
    NotebookPage,
    assert_every_code_cell_ran,
    click_until_redrawn,
    em_explorer,
    first_step,
    run_all_cells,
    save_png,
    wait_fitted,
)
from hub_support import Hub, clone_lesson, missing, pull_link

MISSING = missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

NOTEBOOK = "notebooks/04_em_in_many_dimensions.ipynb"
USER = "student-1"
TARGET = "gmm-lesson"


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="module")
def hub(tmp_path_factory, artifacts, measures):
    # A run stopped with SIGTERM ends as one stopped with Ctrl-C: pytest then tears the
    # fixtures down, and this one stops the hub (which is in a session of its own).
    previous = signal.signal(signal.SIGTERM, _interrupt)
    hub = Hub(tmp_path_factory.mktemp("hub"), log_path=artifacts / "jupyterhub.log")
    try:
        yield hub.wait_ready()
    finally:
        signal.signal(signal.SIGTERM, previous)
        # Raises if any process of the hub (proxy, servers, kernels) is still running.
        ended = hub.stop()
        measures["JupyterHub: processes left by the hub's shutdown, ended by id"] = str(ended)


def _head(folder):
    return subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


def _student_window(browser):
    """A browser window of its own for one student, 1280 x 720."""
    context = browser.new_context(viewport={"width": 1280, "height": 720},
                                  device_scale_factor=1)
    context.add_init_script(PAGE_SCRIPT)
    context.set_default_timeout(30_000)
    return context


def _follow_and_log_in(page, link, user, lands_on):
    """Follow the link while logged out: the hub's login form, then the link's
    destination, ``/user/<user>/<lands_on>``, once the server has started and pulled."""
    page.goto(link, timeout=60_000)
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill("any password")
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(rf"/user/{user}/{re.escape(lands_on)}"), timeout=240_000)


def _menu(page, menu, item):
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(rf"^{menu}$")).click()
    page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel").filter(
        has_text=re.compile(rf"^{re.escape(item)}$")).click()


def clear_all_outputs(page):
    """Edit -> Clear Outputs of All Cells: the pulled notebook is stored with its outputs,
    and the run that follows must be seen to make its own."""
    first_cell = page.locator(".jp-NotebookPanel .jp-CodeCell").first
    first_cell.wait_for(timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    first_cell.locator(".jp-InputPrompt").click()
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        f"() => {PROMPTS}.length > 0 && {PROMPTS}.every(p => !/\\d/.test(p.textContent))",
        timeout=15_000)


def test_link_puts_the_lesson_in_a_students_server(hub, browser, tmp_path, measures):
    upstream = clone_lesson(tmp_path / "upstream" / TARGET)
    hub.prepare_home(USER)
    link = pull_link(hub.url, str(upstream), NOTEBOOK, targetpath=TARGET)
    context = _student_window(browser)
    try:
        page = context.new_page()
        lab = NotebookPage(page, link, f"JupyterHub {USER} {NOTEBOOK}")
        start = time.monotonic()
        # The hub starts the server, nbgitpuller clones, JupyterLab opens the notebook.
        _follow_and_log_in(page, link, USER, f"lab/tree/{TARGET}/{NOTEBOOK}")
        page.locator(".jp-NotebookPanel .jp-CodeCell").first.wait_for(timeout=120_000)
        opened = time.monotonic() - start
        assert page.url.startswith(hub.url), page.url
        placed = hub.homes / USER / TARGET
        assert _head(placed) == _head(upstream), "the server's copy is not the linked commit"
        assert (placed / NOTEBOOK).is_file()

        clear_all_outputs(page)
        run_started = time.monotonic()
        run_all_cells(page)
        ran = time.monotonic() - run_started
        save_png(page.screenshot(), "hub-04-after-run-all")
        # The student's copy, as pulled: the working tree may hold edits not committed.
        assert_every_code_cell_ran(page, placed / NOTEBOOK)
        lab.assert_healthy()

        explorer = em_explorer(page)
        explorer.root.scroll_into_view_if_needed()
        explorer.canvas.wait_drawn()
        wait_fitted(explorer)
        first_step(explorer)
        latencies = click_until_redrawn(explorer, 5)
        explorer.slider("half-step").wait_readout(6)
        explorer.canvas.settle()
        explorer.screenshot("hub-04-explorer-after-six-steps")
        save_png(page.screenshot(), "hub-04-explorer-in-the-window")
        lab.assert_healthy()
        measures["JupyterHub: link to notebook open (login, spawn, clone)"] = f"{opened:.1f} s"
        measures["JupyterHub: notebook 04 Run All"] = f"{ran:.1f} s"
        measures["JupyterHub: explorer step, click to redrawn"] = (
            "median {:.0f} ms, worst {:.0f} ms".format(sorted(latencies)[2], max(latencies)))
    finally:
        context.close()


def test_presenting_link_opens_voila_behind_the_hub(hub, browser, tmp_path, measures):
    """The same link with app="voila": the notebook presented by the Voila server extension
    of the student's own server, the cells tagged not-presented left out (the sample
    configuration's option), the explorer stepping."""
    upstream = clone_lesson(tmp_path / "upstream" / TARGET)
    user = "student-2"
    link = pull_link(hub.url, str(upstream), NOTEBOOK, targetpath=TARGET, app="voila")
    context = _student_window(browser)
    try:
        page = context.new_page()
        voila = NotebookPage(page, link, f"Voila behind JupyterHub, {user} {NOTEBOOK}")
        start = time.monotonic()
        _follow_and_log_in(page, link, user, f"voila/render/{TARGET}/{NOTEBOOK}")
        # Voila streams the page as the kernel runs the cells: "load" is the end.
        page.wait_for_load_state("load", timeout=240_000)
        measures["JupyterHub: presenting link to Voila page loaded"] = (
            f"{time.monotonic() - start:.1f} s")
        assert page.url.startswith(hub.url), page.url
        explorer = em_explorer(page)
        explorer.canvas.wait_drawn(timeout=120_000)
        # The page is shown once the widgets are rendered ("Executing n of n" until then).
        page.wait_for_function("() => !/Executing \\d+ of \\d+/.test(document.body.innerText)",
                               timeout=60_000)
        shown = page.locator("body").inner_text()
        assert "Summary" in shown            # a presented cell
        assert "Exercise 1." not in shown    # a cell tagged not-presented
        voila.assert_healthy()

        explorer.root.scroll_into_view_if_needed()
        first_step(explorer)
        explorer.canvas.settle()
        save_png(page.screenshot(), "hub-04-voila-explorer-in-the-window")
        voila.assert_healthy()
    finally:
        context.close()
