"""Restarts side by side in Voila: the gallery is whole at 1024 x 768 and 1280 x 720, a
run chosen in its menu is ringed in its figure, and *Open in the explorer* makes the
explorer on the same page replay that run, ending where the gallery says it ends.

The page is ``tests/browser/restarts.ipynb``; screenshots go to
``test-artifacts/browser/restarts-*``.
"""

import re

import pytest
from browser_support import Widget, changed_share, check_fits, em_explorer, last_half_step

NOTEBOOK = "tests/browser/restarts.ipynb"
SMALL, PROJECTOR = (1024, 768), (1280, 720)
RUN = 7        # 'random data points', seed 1: a run that ends on another fit


@pytest.fixture(scope="module", autouse=True)
def pages(voila_at):
    voila_at.prefetch((NOTEBOOK, *SMALL, ""), (NOTEBOOK, *PROJECTOR, ""))


def gallery(page):
    return Widget(page, page.locator("button").filter(has_text="Open in the explorer"))


@pytest.mark.parametrize("size", [SMALL, PROJECTOR], ids=["1024x768", "1280x720"])
def test_the_gallery_is_whole(voila_at, size):
    page = voila_at(NOTEBOOK, *size)
    shown = gallery(page.page)
    shown.root.scroll_into_view_if_needed()
    shown.canvas.wait_drawn()
    check_fits(shown, f"restarts-fit-{size[0]}x{size[1]}")
    page.assert_healthy()


def test_a_run_chosen_and_opened_is_what_the_explorer_replays(voila_at):
    page = voila_at(NOTEBOOK, *PROJECTOR)
    shown, explorer = gallery(page.page), em_explorer(page.page)
    explorer.canvas.wait_drawn()
    shown.canvas.wait_drawn()
    shown.canvas.settle()
    before = shown.canvas.image()
    option = shown.root.locator("select option").nth(RUN)
    words = option.inner_text().replace("\xa0", " ")     # ipywidgets keeps the spaces so
    assert words.startswith(f"run {RUN}: random data points, seed 1,"), words
    ends_at = re.search(r"seed 1, (-\d+\.\d)", words).group(1)
    shown.root.locator("select").select_option(index=RUN)
    shown.root.locator(".widget-html-content").filter(
        has_text=f"Run {RUN} (random data points, seed 1)").first.wait_for()
    shown.canvas.settle()
    assert changed_share(before, shown.canvas.image()) > 0.0005    # the ring moved
    shown.button("Open in the explorer").click()
    shown.root.locator(".widget-html-content").filter(
        has_text=f"Opened run {RUN} (random data points, seed 1) in the explorer: it ends "
                 f"at log-likelihood {ends_at}, as here.").first.wait_for(timeout=20_000)
    explorer.root.locator(".widget-html-content").filter(
        has_text="K = 3, start: random data points, seed 1.").first.wait_for()
    shown.screenshot("restarts-opened")
    # The explorer replays it: at its last half-step, the log-likelihood the gallery gave.
    slider = explorer.slider("half-step")
    slider.locator.scroll_into_view_if_needed()      # the gallery is under the explorer
    slider.drag_to(1.0)
    for _ in range(3):                  # the last steps, to the end whatever the drag hit
        slider.handle.focus()
        page.page.keyboard.press("ArrowRight")
    slider.wait_readout(last_half_step(explorer))
    explorer.canvas.settle()
    explorer.screenshot("restarts-opened-explorer-end")
    caption = " ".join(explorer.html_texts())
    assert f"Log-likelihood {ends_at}." in caption, caption
    page.assert_healthy()
