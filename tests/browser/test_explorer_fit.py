"""The explorers on the screens a class has: a 1024 x 768 laptop with JupyterLab's file
browser open, a 1280 x 720 projector, and the presenting size for a room.

For each: every pixel of the figure is visible (no window edge, scrolling box or clipping
box cuts it), nothing in the explorer is wider than its box (no horizontal scrollbar),
and at presenting size the figure fills the column and every text is at least 16 px.
Screenshots of each go to ``test-artifacts/browser/``: ``fit-<where>-<notebook>-<size>``.

Then what a learner does with the mouse: choosing K from its menu, clicking the 1D
responsibility bands, switching the playground's mode, and stepping with eight
components without the figure moving.
"""

import re

import pytest
from browser_support import (
    check_fits,
    coloured,
    covariance_playground,
    em_explorer,
    text_sizes,
    wait_fitted,
)

EM_2D = "notebooks/04_em_in_many_dimensions.ipynb"
EM_1D = "notebooks/03_em_in_one_dimension.ipynb"
PLAYGROUND = "notebooks/02_multivariate_gaussian.ipynb"
NOTEBOOKS = {EM_2D: em_explorer, EM_1D: em_explorer, PLAYGROUND: covariance_playground}
SMALL, PROJECTOR = (1024, 768), (1280, 720)
PRESENT = "?present=1"


@pytest.fixture(scope="module", autouse=True)
def pages(voila_at):
    voila_at.prefetch(*[(path, *SMALL, "") for path in NOTEBOOKS],
                      *[(path, *PROJECTOR, PRESENT) for path in (EM_2D, PLAYGROUND)])


def short(path):
    return path.split("/")[-1][:2]


# --- Voila -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(NOTEBOOKS))
def test_in_voila_the_figure_is_whole_at_1024_and_1280(voila_at, path):
    page = voila_at(path, *SMALL)
    widget = NOTEBOOKS[path](page.page)
    widget.root.scroll_into_view_if_needed()
    widget.canvas.wait_drawn()
    check_fits(widget, f"fit-voila-{short(path)}-1024x768")
    # The same page on a projector's window: the figure follows the new column.
    page.page.set_viewport_size(dict(zip(("width", "height"), PROJECTOR, strict=True)))
    try:
        check_fits(widget, f"fit-voila-{short(path)}-1280x720")
    finally:
        page.page.set_viewport_size(dict(zip(("width", "height"), SMALL, strict=True)))
        wait_fitted(widget)
    page.assert_healthy()


@pytest.mark.parametrize("path", [EM_2D, PLAYGROUND])
def test_presenting_size_fills_the_column_with_16_px_text(voila_at, path):
    page = voila_at(path, *PROJECTOR, PRESENT)
    widget = NOTEBOOKS[path](page.page)
    widget.root.scroll_into_view_if_needed()
    widget.canvas.wait_drawn()
    width, height = check_fits(widget, f"fit-voila-{short(path)}-1280x720-present")
    column = widget.root.evaluate("out => out.getBoundingClientRect().width")
    if path == PLAYGROUND:
        controls = widget.root.locator(".widget-vbox").filter(
            has_text="Set the covariance by").first.bounding_box()
        # The figure and its controls share the row: together nearly the whole column.
        assert width + controls["width"] > 0.85 * column, (width, controls, column)
    else:
        assert width >= column - 16, (width, column)
        # The figure, the caption above it and the step buttons under it fit the window.
        assert height <= 0.62 * PROJECTOR[1] + 1
    small = [(text, size) for text, size in text_sizes(widget) if size < 16]
    assert small == [], small
    page.assert_healthy()


# --- JupyterLab -------------------------------------------------------------------------------


def lab_explorer(lab_notebooks, size, prelude=None, suffix=""):
    page = lab_notebooks(EM_2D, *size, prelude=prelude, suffix=suffix)
    assert page.page.locator("#filebrowser").is_visible(), "the file browser is closed"
    widget = em_explorer(page.page)
    widget.root.scroll_into_view_if_needed()
    widget.canvas.wait_drawn()
    return page, widget


@pytest.mark.parametrize("size", [SMALL, PROJECTOR], ids=["1024x768", "1280x720"])
def test_in_jupyterlab_with_the_file_browser_open_the_figure_is_whole(lab_notebooks, size,
                                                                      measures):
    page, widget = lab_explorer(lab_notebooks, size)
    width, height = check_fits(widget, f"fit-lab-04-{size[0]}x{size[1]}")
    column = widget.root.evaluate("out => out.clientWidth")
    measures[f"JupyterLab explorer at {size[0]} x {size[1]}"] = (
        f"figure {width:.0f} x {height:.0f} px in a column {column} px wide")
    page.assert_healthy()


def test_in_jupyterlab_presenting_size_follows_the_environment(lab_notebooks):
    prelude = 'import os\nos.environ["GMM_LESSON_PRESENT"] = "1"'
    page, widget = lab_explorer(lab_notebooks, PROJECTOR, prelude, suffix="-present")
    width, _ = check_fits(widget, "fit-lab-04-1280x720-present")
    column = widget.root.evaluate("out => out.clientWidth")
    assert width >= column - 16, (width, column)
    small = [(text, size) for text, size in text_sizes(widget) if size < 16]
    assert small == [], small
    page.assert_healthy()


# --- what a learner does with the mouse ---------------------------------------------------------


def status(widget):
    return " ".join(widget.html_texts())


def test_k_is_chosen_from_a_menu_and_eight_components_do_not_move_the_figure(voila_at):
    page = voila_at(EM_2D, *SMALL)
    explorer = em_explorer(page.page)
    wait_fitted(explorer)
    menu = explorer.root.locator("select").filter(
        has=page.page.locator("option", has_text=re.compile(r"^8$")))
    assert menu.count() == 1
    try:
        menu.select_option("8")
        explorer.root.locator(".widget-html-content").filter(has_text="K = 8,").wait_for()
        wait_fitted(explorer)
        slider = explorer.slider("half-step")
        last = int(float(slider.handle.get_attribute("aria-valuemax")))
        tops = []
        for expected in range(1, min(last, 24) + 1):
            explorer.button("Step forward").click()
            slider.wait_readout(expected)
            tops.append(explorer.canvas.locator.evaluate(
                "canvas => canvas.getBoundingClientRect().top + window.scrollY"))
        explorer.canvas.settle()
        explorer.screenshot("k8-voila-04-1024x768")
        assert len(set(tops)) == 1, f"the figure moved: tops {tops}"
    finally:
        menu.select_option("3")
        explorer.root.locator(".widget-html-content").filter(has_text="K = 3,").wait_for()
    page.assert_healthy()


def test_in_1d_a_click_on_the_responsibility_bands_chooses_a_point(voila_at):
    page = voila_at(EM_1D, *SMALL)
    explorer = em_explorer(page.page)
    wait_fitted(explorer)
    slider = explorer.slider("half-step")
    if slider.readout() == "0":
        explorer.button("Step forward").click()
        slider.wait_readout(1)
    explorer.canvas.settle()
    # The bands: the rows of the canvas's left part that are coloured from side to side
    # (the curves and the rug above them are thin lines).
    box = explorer.canvas.div.bounding_box()
    image = explorer.canvas.image()
    left = image[:, int(0.1 * image.shape[1]):int(0.5 * image.shape[1])]
    rows = [y for y in range(image.shape[0]) if coloured(left[y:y + 1]).mean() > 0.8]
    assert rows, "no responsibility bands found"
    y = rows[len(rows) // 2]
    explorer.canvas.div.click(position={"x": 0.3 * box["width"], "y": float(y)})
    explorer.root.locator(".widget-html-content").filter(has_text="Point (").wait_for()
    text = status(explorer)
    assert "Point (" in text and "click on the" not in text.lower(), text
    explorer.screenshot("click-voila-03-bands")
    page.assert_healthy()


def test_the_playground_sliders_say_what_the_words_say_after_a_mode_switch(voila_at):
    page = voila_at(PLAYGROUND, *SMALL)
    playground = covariance_playground(page.page)
    wait_fitted(playground)
    switch = playground.root.locator("button.widget-toggle-button")
    try:
        switch.filter(has_text="axes and rotation").click()
        major = playground.slider("std, major axis")
        major.locator.wait_for(state="visible")
        playground.canvas.settle()
        readouts = [playground.slider(name).readout()
                    for name in ("std, major axis", "std, minor axis", "rotation (deg)")]
        text = status(playground)
        assert (f"along the axes: {readouts[0]} and {readouts[1]}, major axis at "
                f"{readouts[2]} degrees" in text), (readouts, text)
        playground.screenshot("playground-voila-02-axes")
        # The minor axis pushed past the major one stops at its length, and the words
        # still name the angle the slider shows.
        minor = playground.slider("std, minor axis")
        minor.handle.focus()
        for _ in range(60):
            page.page.keyboard.press("ArrowRight")
        minor.wait_readout(readouts[0])
        playground.root.locator(".widget-html-content").filter(
            has_text="never longer than the major one").first.wait_for()
        assert f"{readouts[0]} along every direction: the ellipses are circles" in status(
            playground)
        playground.canvas.settle()
        playground.screenshot("playground-voila-03-minor-held")
    finally:
        switch.filter(has_text="stds and correlation").click()
        playground.slider("std of x").locator.wait_for(state="visible")
    readouts = [playground.slider(name).readout()
                for name in ("std of x", "std of y", "correlation")]
    text = status(playground)
    assert (f"std of x {readouts[0]}, std of y {readouts[1]}, correlation "
            f"{float(readouts[2]):+.2f}" in text), (readouts, text)
    page.assert_healthy()
