"""Hands on the EM explorer in Voila, with the mouse and the keyboard: with *Edit data* on a
click adds a point and a click on a point removes it; an arrow button moves the chosen
mean; a mean dragged with the mouse shows on the canvas while it moves, nothing is
fitted until it is let go, and EM then starts again from where it was dropped.

Where the kernel draws a mean or a point is worked out by the same explorer, built in
this process at the size the page gave the kernel's (the page script's size box):
its data panel's transform maps data to canvas pixels. The page is
``tests/browser/hands_on.ipynb``; screenshots go to ``test-artifacts/browser/hands-*``.
"""

import re

import matplotlib
import numpy as np
import pytest
from browser_support import changed_share, em_explorer, wait_fitted

from gmm_lesson import datasets
from gmm_lesson.widgets import EMExplorer
from gmm_lesson.widgets._hands_on import NUDGE_SHARE

NOTEBOOK = "tests/browser/hands_on.ipynb"
MOVED = re.compile(r"started again from the start, with the mean of component (\d) moved to "
                   r"\((\S+), (\S+)\)\.")


@pytest.fixture(scope="module")
def page(voila_at):
    return voila_at(NOTEBOOK, 1280, 720)


@pytest.fixture(scope="module")
def explorer(page):
    explorer = em_explorer(page.page)
    explorer.canvas.wait_drawn()
    wait_fitted(explorer)
    return explorer


@pytest.fixture(scope="module")
def twin(explorer):
    """The page's explorer, rebuilt here (Agg) at the size the page gave it."""
    size = explorer.root.locator(".gmm-page-size input").input_value()
    with matplotlib.rc_context({"backend": "Agg"}):
        twin = EMExplorer(datasets.stretched_blobs(), 3, init="kmeans", random_state=0,
                          label="twin of the page's explorer")
        twin.fit_page(size)
    twin.fig.canvas.draw()
    box = explorer.canvas.div.bounding_box()
    assert box["width"] == pytest.approx(twin.fig.bbox.width, abs=1.5)
    assert box["height"] == pytest.approx(twin.fig.bbox.height, abs=1.5)
    return twin


def on_page(explorer, twin, data_xy):
    """Page coordinates of a point of the data panel."""
    box = explorer.canvas.div.bounding_box()
    x, y = twin.data_axes.transData.transform(data_xy)
    return box["x"] + x, box["y"] + twin.fig.bbox.height - y


def status(explorer):
    return " ".join(explorer.html_texts())


def wait_status(explorer, text, timeout=20_000):
    explorer.root.locator(".widget-html-content").filter(has_text=text).first.wait_for(
        timeout=timeout)
    explorer.canvas.settle()


def test_with_edit_data_on_a_click_adds_a_point_and_a_click_on_it_removes_it(page, explorer,
                                                                            twin):
    X = twin.X
    # The emptiest place inside the data's box, and the point added there.
    xs, ys = (np.linspace(low, high, 40) for low, high in zip(X.min(0), X.max(0),
                                                              strict=True))
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    spot = grid[np.argmax(np.min(np.linalg.norm(grid[:, None] - X[None], axis=-1), axis=1))]
    explorer.button("Edit data").click()
    wait_status(explorer, "Editing the data: a click on the data adds a point there")
    before = explorer.canvas.image()
    page.page.mouse.click(*on_page(explorer, twin, spot))
    wait_status(explorer, "Point added: now 501 points")
    explorer.screenshot("hands-01-point-added")
    assert changed_share(before, explorer.canvas.image()) > 0.0005
    # A click on the new point (the data panel's scales kept: it lies inside them) removes it.
    page.page.mouse.click(*on_page(explorer, twin, spot))
    wait_status(explorer, "Point removed: now 500 points")
    explorer.screenshot("hands-02-point-removed")
    explorer.button("Edit data").click()
    wait_status(explorer, "Editing the data is off")
    page.assert_healthy()


def test_an_arrow_button_moves_the_chosen_mean_and_fits_again(page, explorer, twin):
    explorer.button("right").focus()
    page.page.keyboard.press("Enter")
    wait_status(explorer, "with the mean of component 0 moved to")
    found = MOVED.search(status(explorer))
    assert found, status(explorer)
    twin.nudge_mean("right")           # the same move, here
    expected = twin.history.states[0].means[0]
    assert float(found.group(2)) == pytest.approx(expected[0], rel=5e-3)
    assert float(found.group(3)) == pytest.approx(expected[1], rel=5e-3)
    explorer.screenshot("hands-03-nudged")
    page.page.keyboard.press("Enter")  # the focus stays on the button: again
    wait_status(explorer, f"moved to ({expected[0] + NUDGE_SHARE * np.ptp(twin.X[:, 0]):.3g}")
    twin.nudge_mean("right")
    page.assert_healthy()


def test_a_dragged_mean_moves_on_screen_and_em_starts_again_where_it_is_dropped(page,
                                                                                explorer,
                                                                                twin):
    mean = twin.history.states[0].means[2]
    target = mean + [4.0, 3.0]
    start, end = on_page(explorer, twin, mean), on_page(explorer, twin, target)
    before_text, before = status(explorer), explorer.canvas.image()
    mouse = page.page.mouse
    mouse.move(*start)
    mouse.down()
    mouse.move(*end, steps=12)
    explorer.canvas.settle(quiet_ms=400)
    # While the button is held: the mean and its ellipses drawn at the mouse, no refit.
    dragging = explorer.canvas.image()
    explorer.screenshot("hands-04-dragging")
    assert changed_share(before, dragging) > 0.002
    assert status(explorer) == before_text
    mouse.up()
    wait_status(explorer, "with the mean of component 2 moved to")
    explorer.screenshot("hands-05-dropped")
    found = MOVED.search(status(explorer))
    assert found and found.group(1) == "2", status(explorer)
    dropped = np.array([float(found.group(2)), float(found.group(3))])
    # Where it was let go, to the pixel (and the three digits the status line gives).
    per_pixel = 1 / np.abs(np.diag(twin.data_axes.transData.get_matrix())[:2])
    assert np.all(np.abs(dropped - target) <= 1.5 * per_pixel + 5e-3 * np.abs(target))
    page.assert_healthy()
