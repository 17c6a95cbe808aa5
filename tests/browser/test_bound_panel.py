"""Why EM climbs, in Voila: the EM explorer with its bound panel (``bound=True``) steps
forward and back, its bar panel redraws at each step, and the page text's L and KL add
up to the log-likelihood it shows, to the digits shown; figure 9.14 (``BoundAlongLine``)
follows the explorer's steps; the figures are whole at 1024 x 768 and 1280 x 720. And
the k-means limit's slider, moved in the browser, redraws its canvas.

The page is ``tests/browser/bound_panel.ipynb``, a notebook of the three widgets alone.
Screenshots go to ``test-artifacts/browser/``: ``bound-*``, ``line-*`` and ``kmeans-*``.
"""

import re

import pytest
from browser_support import (
    Widget,
    changed_mask,
    check_fits,
    coloured,
    em_explorer,
    kmeans_limit,
    save_png,
    share_in_region,
)

NOTEBOOK = "tests/browser/bound_panel.ipynb"
SMALL, PROJECTOR = (1024, 768), (1280, 720)
# The bar panel and its key: the right of the figure, side by side (the figure is 9.8 in,
# 980 px, wide at its natural size; the panel starts some 0.7 of the way across).
# The bar panel and its key: under the log-likelihood panel, right of the data.
BAR_PANEL = (0.6, 1.0, 0.5, 1.0)

BOUND_SENTENCE = re.compile(r"Lower bound L = (\S+), gap KL = (\S+): together the "
                            r"log-likelihood (\S+)\.")
NUMBER = r"-?\d+(?:\.\d+)?(?:e[+-]\d+)?"


LINE_WORDS = re.compile(r"Iteration (\d+)'s M-step( \(coming next\))?: the bound touches")


def bound_line(page):
    """Figure 9.14 following the explorer (its box has the class gmm-bound-line)."""
    return Widget(page, page.locator(".gmm-bound-line"))


@pytest.fixture(scope="module", autouse=True)
def pages(voila, voila_at):
    voila.prefetch(NOTEBOOK)
    voila_at.prefetch((NOTEBOOK, *SMALL, ""), (NOTEBOOK, *PROJECTOR, ""))


@pytest.fixture(scope="module")
def page(voila):
    return voila(NOTEBOOK)


def changed_in(before, after, region):
    """Share of the pixels in ``region`` (fractions x0, x1, y0, y1) that changed."""
    height, width = before.shape[:2]
    x0, x1, y0, y1 = region
    mask = changed_mask(before, after)
    return float(mask[int(y0 * height):int(y1 * height),
                      int(x0 * width):int(x1 * width)].mean())


def shown_split(explorer):
    """(L, KL, log-likelihood) as the page text says them, or None before the first E-step;
    and the log-likelihood of the caption's own sentence."""
    text = " ".join(explorer.html_texts())
    caption = re.search(rf"Log-likelihood ({NUMBER})", text)
    assert caption, text
    split = BOUND_SENTENCE.search(text)
    if split is None:
        assert "No q yet: the first E-step chooses it" in text, text
    return (None if split is None else split.groups()), caption.group(1)


def check_adds_up(explorer, step):
    split, log_likelihood = shown_split(explorer)
    if step == 0:
        assert split is None
        return
    lower, gap, total = split
    assert total == log_likelihood, (split, log_likelihood)
    if "e" in total:         # four significant digits, far below: the gap is closed
        assert lower == total and gap == "0.0", split
    else:
        assert round(float(lower) + float(gap), 1) == float(total), split
        assert len(gap.split(".")[1]) == len(total.split(".")[1]) == 1


def test_stepping_redraws_the_bar_and_the_page_text_adds_up(page):
    explorer = em_explorer(page.page)
    explorer.canvas.wait_drawn()
    explorer.canvas.settle()
    slider = explorer.slider("half-step")
    if slider.readout() != "0":
        explorer.button("Reset").click()
        slider.wait_readout(0)
        explorer.canvas.settle()
    explorer.screenshot("bound-00-start")
    check_adds_up(explorer, 0)
    image = explorer.canvas.image()
    for button, step in [("Step forward", s) for s in range(1, 6)] + [
            ("Step back", 4), ("Step back", 3)]:
        signature = explorer.canvas.signature()
        explorer.button(button).click()
        slider.wait_readout(step)
        # The readout is sent before the frame: wait for the new picture, not a quiet one.
        explorer.canvas.wait_changed(signature)
        explorer.canvas.settle()
        shot = explorer.canvas.screenshot()
        save_png(shot, f"bound-{step:02d}-{'forward' if button == 'Step forward' else 'back'}")
        now = explorer.canvas.image()
        assert changed_in(image, now, BAR_PANEL) > 0.001, f"bar panel unchanged at {step}"
        check_adds_up(explorer, step)
        image = now
    # Once on the scale, the bars are drawn in the panel: solid L in the palette's blue.
    assert share_in_region(image, (0.62, 0.88, 0.5, 1.0), coloured) > 0.05
    explorer.screenshot("bound-03-after-stepping-back")
    page.assert_healthy()


@pytest.mark.parametrize("size", [SMALL, PROJECTOR], ids=["1024x768", "1280x720"])
def test_the_figure_with_the_bound_panel_is_whole(voila_at, size):
    page = voila_at(NOTEBOOK, *size)
    for widget, name in ((em_explorer(page.page), "bound"), (bound_line(page.page), "line"),
                         (kmeans_limit(page.page), "kmeans")):
        widget.root.scroll_into_view_if_needed()
        widget.canvas.wait_drawn()
        check_fits(widget, f"fit-voila-{name}-{size[0]}x{size[1]}")
    page.assert_healthy()


def line_shows(step):
    """(iteration, coming) figure 9.14 shows at explorer half-step ``step``: at the start and
    the E-step of iteration t, t's M-step still to come; at t's M-step, that one."""
    return max((step + 1) // 2, 1), step == 0 or step % 2 == 1


def test_figure_9_14_follows_the_explorer_to_the_m_step_it_is_at(page):
    explorer, line = em_explorer(page.page), bound_line(page.page)
    explorer.canvas.wait_drawn()
    line.canvas.wait_drawn()
    slider = explorer.slider("half-step")
    for button in ["Step forward"] * 4 + ["Step back"]:
        before = int(slider.readout())
        step = before + (1 if button == "Step forward" else -1)
        signature = line.canvas.signature()
        explorer.button(button).click()
        slider.wait_readout(step)
        iteration, coming = line_shows(step)
        if iteration != line_shows(before)[0]:
            line.canvas.wait_changed(signature)      # another M-step: other curves
        line.root.locator(".widget-html-content").filter(
            has_text=f"Iteration {iteration}'s M-step{' (coming next)' if coming else ':'}"
        ).wait_for(timeout=10_000)
        line.canvas.settle()
        text = " ".join(line.html_texts())
        found = LINE_WORDS.search(text)
        assert found and int(found.group(1)) == iteration, text
        assert (found.group(2) is not None) is coming, text
        line.screenshot(f"line-{step:02d}")
    page.assert_healthy()


def test_the_kmeans_limit_slider_redraws_the_canvas(page):
    limit = kmeans_limit(page.page)
    limit.root.scroll_into_view_if_needed()
    limit.canvas.wait_drawn()
    limit.canvas.settle()
    limit.screenshot("kmeans-01-soft")
    slider = limit.slider("sigma")
    assert slider.readout() == "spread"          # partly soft assignments to start
    before, status = limit.canvas.image(), " ".join(limit.html_texts())
    assert "(spread)" in status and "mean largest responsibility" in status, status
    signature = limit.canvas.signature()
    slider.handle.focus()
    page.page.keyboard.press("ArrowRight")
    slider.wait_readout("spread / 2")
    # The readout is sent before the frame: wait for the new picture, not a quiet one.
    limit.canvas.wait_changed(signature)
    limit.canvas.settle()
    assert changed_in(before, limit.canvas.image(), (0.0, 1.0, 0.0, 1.0)) > 0.002
    signature = limit.canvas.signature()
    slider.drag_to(1.0)
    slider.wait_readout("spread / 100")
    limit.canvas.wait_changed(signature)
    limit.canvas.settle()
    limit.screenshot("kmeans-02-hard")
    status = " ".join(limit.html_texts())
    assert "(spread / 100)" in status and "mean largest responsibility 1.00" in status, status
    page.assert_healthy()
