"""A learner's first run in JupyterLab: open notebook 03, Run -> Run All Cells, and every
cell runs without an error, the explorer included.

JupyterLab works on a copy of the notebook in a temporary folder, with its outputs
cleared, so that saving there never touches the repository and every output seen was
made by this run.
"""

import re

import nbformat
import pytest
from browser_support import REPO, NotebookPage, em_explorer, save_png

NOTEBOOK = "notebooks/03_em_in_one_dimension.ipynb"

# The kernel is up once the status bar names it and says Idle: the toolbar's execution
# indicator already reads "idle" while the status bar still says "No Kernel | Initializing",
# and a Run All sent then runs nothing.
KERNEL_IDLE = ("() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
               ".some(item => /^(?!No Kernel).+ \\| Idle$/.test(item.textContent.trim()))")
# Every code cell's prompt, once run, reads [n]: (they start empty: the copy is cleared).
PROMPTS = "[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
STARTED = f"() => {PROMPTS}.some(prompt => /\\[(\\*|\\d+)\\]/.test(prompt.textContent))"
DONE = (f"() => {PROMPTS}.every(prompt => /\\[\\d+\\]/.test(prompt.textContent))"
        " && document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status"
        " === 'idle'")


@pytest.fixture(scope="module")
def notebook_copy(lab_dir):
    notebook = nbformat.read(REPO / NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    path = lab_dir / "notebooks" / (REPO / NOTEBOOK).name
    nbformat.write(notebook, path)
    return path, notebook


def test_run_all_cells_in_jupyterlab(context, lab_server, notebook_copy, measures):
    path, notebook = notebook_copy
    lab = NotebookPage(context.new_page(), f"{lab_server.url}/lab/tree/{path.name}",
                       f"JupyterLab {NOTEBOOK}")
    page = lab.page
    try:
        page.goto(lab.url, timeout=120_000)
        first_cell = page.locator(".jp-NotebookPanel .jp-Cell").first
        first_cell.wait_for(timeout=60_000)
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        first_cell.locator(".jp-InputPrompt").click()   # the notebook has the focus

        page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel").filter(
            has_text=re.compile(r"^Run All Cells$")).click()
        try:
            page.wait_for_function(STARTED, timeout=15_000)
            page.wait_for_function(DONE, timeout=120_000)
        finally:
            save_png(page.screenshot(), "lab-03-after-run-all")

        n_code = sum(cell.cell_type == "code" for cell in notebook.cells)
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        numbered = [p for p in prompts if re.fullmatch(r"\s*\[\d+\]:\s*", p)]
        assert len(numbered) == n_code, prompts
        lab.assert_healthy()

        # The explorer works in JupyterLab too: it draws and steps.
        explorer = em_explorer(page)
        explorer.root.scroll_into_view_if_needed()
        explorer.canvas.wait_drawn()
        before = explorer.canvas.settle()
        explorer.button("Step forward").click()
        explorer.slider("half-step").wait_readout(1)
        explorer.canvas.wait_changed(before)
        explorer.canvas.settle()
        explorer.screenshot("lab-03-explorer-after-a-step")
        save_png(page.screenshot(), "lab-03-explorer-in-the-window")
        fit = explorer.root.evaluate(
            "out => [out.querySelector('canvas').getBoundingClientRect().width, "
            "out.clientWidth, out.scrollWidth]")
        measures["JupyterLab explorer width"] = (
            f"canvas {fit[0]:.0f} px in an output area {fit[1]:.0f} px wide "
            f"(content {fit[2]:.0f} px) at a {page.viewport_size['width']} px window")
        lab.assert_healthy()
    finally:
        page.close()
