"""The concentration explorer in Voila: whole at 1024 x 768 and, presented, at 1280 x 720;
its slider moved with the keyboard changes the figure and the status line. In JupyterLab,
with the file browser open, whole at 1024 x 768 and 1280 x 720.

The page is ``tests/browser/concentration.ipynb``; screenshots go to
``test-artifacts/browser/concentration-*``.
"""

import re

import pytest
from browser_support import Widget, changed_share, check_fits

NOTEBOOK = "tests/browser/concentration.ipynb"
SMALL, PROJECTOR = (1024, 768), (1280, 720)
PRESENT = "?present=1"
SLIDER = "weight_concentration_prior"


@pytest.fixture(scope="module", autouse=True)
def pages(voila_at):
    voila_at.prefetch((NOTEBOOK, *SMALL, ""), (NOTEBOOK, *PROJECTOR, PRESENT))


def explorer(page):
    return Widget(page, page.locator("label.widget-label").filter(
        has_text=re.compile(rf"^{SLIDER}$")))


def status(shown):
    return " ".join(text for text in shown.html_texts()
                    if text.startswith(f"{SLIDER} ="))


@pytest.mark.parametrize("size, query", [(SMALL, ""), (PROJECTOR, PRESENT)],
                         ids=["1024x768", "1280x720-present"])
def test_the_explorer_is_whole(voila_at, size, query):
    page = voila_at(NOTEBOOK, *size, query)
    shown = explorer(page.page)
    shown.root.scroll_into_view_if_needed()
    shown.canvas.wait_drawn()
    check_fits(shown, f"concentration-fit-{size[0]}x{size[1]}{'-present' if query else ''}")
    page.assert_healthy()


def test_the_keyboard_moves_the_prior_and_the_figure_follows(voila_at):
    page = voila_at(NOTEBOOK, *SMALL)
    shown = explorer(page.page)
    shown.root.scroll_into_view_if_needed()
    shown.canvas.wait_drawn()
    slider = shown.slider(SLIDER)
    slider.wait_readout("0.1")                  # nearest 1 / 8, scikit-learn's default
    assert status(shown).startswith(f"{SLIDER} = 0.1: 2 of 8 components carry a weight")
    shown.canvas.settle()
    before = shown.canvas.image()
    slider.handle.focus()
    for _ in range(4):
        page.page.keyboard.press("ArrowLeft")
    slider.wait_readout("0.001")
    shown.root.locator(".widget-html-content").filter(
        has_text=f"{SLIDER} = 0.001: 2 of 8 components").first.wait_for()
    shown.canvas.settle()
    low = shown.canvas.image()
    shown.screenshot("concentration-prior-0.001")
    assert changed_share(before, low) > 0.0005
    for _ in range(12):
        page.page.keyboard.press("ArrowRight")
    slider.wait_readout("1000")
    shown.root.locator(".widget-html-content").filter(
        has_text=f"{SLIDER} = 1000: 2 of 8 components").first.wait_for()
    shown.canvas.settle()
    shown.screenshot("concentration-prior-1000")
    assert changed_share(low, shown.canvas.image()) > 0.0005
    page.assert_healthy()


@pytest.mark.parametrize("size", [SMALL, PROJECTOR], ids=["1024x768", "1280x720"])
def test_in_jupyterlab_with_the_file_browser_open_the_explorer_is_whole(lab_notebooks, size):
    page = lab_notebooks(NOTEBOOK, *size)
    assert page.page.locator("#filebrowser").is_visible(), "the file browser is closed"
    shown = explorer(page.page)
    shown.root.scroll_into_view_if_needed()
    shown.canvas.wait_drawn()
    check_fits(shown, f"concentration-fit-lab-{size[0]}x{size[1]}")
    page.assert_healthy()
