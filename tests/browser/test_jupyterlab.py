"""A learner's first run in JupyterLab: open notebook 03, Run -> Run All Cells, and every
cell runs without an error, the explorer included.

JupyterLab works on a copy of the notebook in a temporary folder, with its outputs
cleared, so that saving there never touches the repository and every output seen was
made by this run.
"""


from browser_support import (
    REPO,
    assert_every_code_cell_ran,
    em_explorer,
    first_step,
    save_png,
    wait_fitted,
)

NOTEBOOK = "notebooks/03_em_in_one_dimension.ipynb"


def test_run_all_cells_in_jupyterlab(lab_notebooks, measures):
    lab = lab_notebooks(NOTEBOOK, 1280, 900)
    page = lab.page
    save_png(page.screenshot(), "lab-03-after-run-all")
    assert_every_code_cell_ran(page, REPO / NOTEBOOK)
    lab.assert_healthy()

    # The explorer works in JupyterLab too: it draws, fits its column and steps.
    explorer = em_explorer(page)
    explorer.root.scroll_into_view_if_needed()
    explorer.canvas.wait_drawn()
    wait_fitted(explorer)
    first_step(explorer)
    explorer.canvas.settle()
    explorer.screenshot("lab-03-explorer-after-a-step")
    save_png(page.screenshot(), "lab-03-explorer-in-the-window")
    fit = explorer.root.evaluate(
        "out => [out.querySelector('canvas').getBoundingClientRect().width, "
        "out.clientWidth, out.scrollWidth]")
    measures["JupyterLab explorer width"] = (
        f"canvas {fit[0]:.0f} px in an output area {fit[1]:.0f} px wide "
        f"(content {fit[2]:.0f} px) at a {page.viewport_size['width']} px window")
    assert fit[0] <= fit[1] and fit[2] <= fit[1]
    lab.assert_healthy()
