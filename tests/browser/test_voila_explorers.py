"""The explorers as a class sees them in Voila: they draw, step, follow the slider and the
keyboard, reset, answer a click with membership probabilities, and report no error.

Each notebook is loaded once; every test starts from the state it needs (Reset), so the
tests do not depend on their order. Screenshots of each state are saved under
``test-artifacts/browser/``.
"""

import re

import pytest
from browser_support import (
    LOG_LIKELIHOOD_MARKER_RGB,
    changed_share,
    click_until_redrawn,
    colour_centroid,
    coloured,
    covariance_playground,
    em_explorer,
    grey_points,
    last_half_step,
    pixels,
    save_png,
    share_in_region,
)

EM_2D = "notebooks/04_em_in_many_dimensions.ipynb"       # an EMExplorer on 2D data
EM_1D = "notebooks/03_em_in_one_dimension.ipynb"         # an EMExplorer on 1D data
PLAYGROUND = "notebooks/02_multivariate_gaussian.ipynb"  # a CovariancePlayground


@pytest.fixture(scope="module", autouse=True)
def pages(voila):
    voila.prefetch(EM_2D, EM_1D, PLAYGROUND)


@pytest.fixture(scope="module")
def page_2d(voila):
    return voila(EM_2D)


@pytest.fixture(scope="module")
def explorer_2d(page_2d):
    explorer = em_explorer(page_2d.page)
    explorer.canvas.wait_drawn()
    explorer.canvas.settle()
    return explorer


@pytest.fixture
def at_start(explorer_2d, page_2d):
    """The 2D explorer back at half-step 0, its canvas settled."""
    slider = explorer_2d.slider("half-step")
    if slider.readout() != "0":
        explorer_2d.button("Reset").click()
        slider.wait_readout(0)
    explorer_2d.canvas.settle()
    yield explorer_2d
    page_2d.assert_healthy()


def step_forward(explorer, times):
    slider = explorer.slider("half-step")
    for _ in range(times):
        expected = int(slider.readout()) + 1
        explorer.button("Step forward").click()
        slider.wait_readout(expected)
    return explorer.canvas.settle()


# --- the 2D explorer ----------------------------------------------------------------------


def test_the_explorer_draws_its_first_frame(explorer_2d, page_2d):
    explorer_2d.screenshot("em2d-01-loaded")
    assert explorer_2d.slider("half-step").readout() == "0"
    assert explorer_2d.canvas.ink() > 0.05
    # The figure keeps the size its layout was made for: no handle to drag.
    assert not explorer_2d.canvas.resize_handle_drawn()
    summary = " ".join(explorer_2d.html_texts())
    assert re.search(r"EM converged after \d+ iterations", summary), summary
    # Its start puts each component on one data point on purpose: named as a start,
    # not as a collapse, with a log-likelihood far below the curve's scale.
    assert re.search(r"Log-likelihood -[\d.]+e\+\d+ \(below the scale\)", summary), summary
    assert "Point start" in summary and "each component sits on one data point" in summary, \
        summary
    assert "triangle on the bottom edge" in summary and "collapsed" not in summary, summary
    # The notebook's other figures stay pictures: the explorer leaves pyplot's backend alone.
    page = page_2d.page
    assert page.locator("div.jupyter-matplotlib").count() == 1
    assert page.locator(".jp-OutputArea-output.jp-RenderedImage img").count() >= 4
    page_2d.assert_healthy()


def test_step_forward_advances_the_half_step_and_moves_the_log_likelihood_marker(at_start):
    explorer = at_start
    before = explorer.canvas.image()
    marker_before = colour_centroid(before, LOG_LIKELIHOOD_MARKER_RGB)
    step_forward(explorer, 4)
    after_png = explorer.canvas.screenshot()
    save_png(after_png, "em2d-02-after-4-steps-canvas")
    explorer.screenshot("em2d-02-after-4-steps")
    after = pixels(after_png)

    assert explorer.slider("half-step").readout() == "4"
    assert changed_share(before, after) > 0.002
    # No part of the picture is left over from an earlier frame: the points, grey at
    # the start, are all coloured by now.
    grey = share_in_region(after, (0.0, 0.55, 0.0, 1.0), grey_points)
    assert grey < 0.005, f"{grey:.1%} of the data panel is still grey points"
    marker_after = colour_centroid(after, LOG_LIKELIHOOD_MARKER_RGB)
    assert marker_before is not None and marker_after is not None, \
        "no log-likelihood marker found in the right-hand half of the canvas"
    # Four half-steps are two iterations: the marker moves right along the curve.
    assert marker_after[0] > marker_before[0] + 5, (marker_before, marker_after)


def test_dragging_the_slider_moves_to_another_half_step(at_start):
    explorer = at_start
    signature = explorer.canvas.signature()
    slider = explorer.slider("half-step")
    slider.drag_to(0.5)
    explorer.page.wait_for_function(
        "el => el.textContent.trim() !== '0'",
        arg=slider.locator.locator(".widget-readout").element_handle())
    explorer.canvas.wait_changed(signature)
    explorer.canvas.settle()
    explorer.screenshot("em2d-03-slider-dragged")
    assert int(slider.readout()) > 1


def test_reset_goes_back_to_the_start(at_start):
    explorer = at_start
    start = explorer.canvas.image()
    step_forward(explorer, 3)
    moved = explorer.canvas.image()
    explorer.button("Reset").click()
    explorer.slider("half-step").wait_readout(0)
    explorer.canvas.settle()
    explorer.screenshot("em2d-04-reset")
    back = explorer.canvas.image()
    assert changed_share(start, moved) > 0.002
    # The same picture as at the start, up to a few anti-aliased pixels.
    assert changed_share(start, back) < 0.001


def test_clicking_the_data_shows_membership_probabilities(at_start):
    explorer = at_start
    step_forward(explorer, 2)
    signature = explorer.canvas.signature()
    explorer.canvas.click_at(0.25, 0.5)   # inside the data panel, on the left
    membership = explorer.root.locator(".widget-html-content").filter(has_text="Point (")
    membership.wait_for()
    explorer.canvas.wait_changed(signature)   # the point's marker is drawn
    explorer.canvas.settle()
    explorer.screenshot("em2d-05-membership")
    text = membership.inner_text()
    assert text.startswith("Point ("), text
    shares = [float(p) for p in re.findall(r"component \d+: ([\d.]+)%", text)]
    assert len(shares) == 3
    assert sum(shares) == pytest.approx(100, abs=0.2)


def test_the_keyboard_steps_with_the_buttons_and_the_slider(at_start):
    explorer = at_start
    slider = explorer.slider("half-step")
    signature = explorer.canvas.signature()
    explorer.button("Step back").focus()
    explorer.page.keyboard.press("Tab")
    focused = explorer.page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Step forward"
    explorer.page.keyboard.press("Enter")
    slider.wait_readout(1)
    explorer.page.keyboard.press("Space")
    slider.wait_readout(2)
    slider.handle.focus()
    explorer.page.keyboard.press("ArrowRight")
    slider.wait_readout(3)
    explorer.canvas.wait_changed(signature)
    explorer.canvas.settle()
    explorer.screenshot("em2d-06-keyboard")


def test_play_runs_through_the_half_steps_and_pause_stops_it(at_start):
    explorer = at_start
    slider = explorer.slider("half-step")
    explorer.button("Play").click()
    pause = explorer.button("Pause")   # the same button, now named for what it does
    pause.wait_for()
    explorer.page.wait_for_function(
        "el => Number(el.textContent) >= 3",
        arg=slider.locator.locator(".widget-readout").element_handle(), timeout=15_000)
    pause.click()
    explorer.button("Play").wait_for()
    stopped = slider.readout()
    explorer.page.wait_for_timeout(1500)   # two intervals of the default 700 ms
    assert slider.readout() == stopped
    assert int(stopped) >= 3
    explorer.canvas.settle()
    explorer.screenshot("em2d-07-paused")


def test_every_click_on_step_forward_redraws_the_canvas(at_start):
    """Clicks one after another, each as soon as the last one's picture has settled: each
    changes the canvas, and the explorer ends that many half-steps on. (How fast it
    does so is measured by benchmarks/bench_browser_latency.py.)"""
    explorer = at_start
    presses = min(15, last_half_step(explorer))
    click_until_redrawn(explorer, presses)
    assert explorer.slider("half-step").readout() == str(presses)


# --- the 1D explorer -------------------------------------------------------------------------


def test_the_1d_explorer_steps(voila):
    page = voila(EM_1D)
    explorer = em_explorer(page.page)
    explorer.canvas.wait_drawn()
    explorer.canvas.settle()
    before = explorer.canvas.image()
    explorer.screenshot("em1d-01-loaded")
    slider = explorer.slider("half-step")
    for attempt in range(4):
        if attempt:
            explorer.button("Reset").click()
            slider.wait_readout(0)
            explorer.canvas.settle()
        # A double click on "Step forward", as a learner does: the second frame comes
        # before the browser has shown the first.
        explorer.button("Step forward").evaluate("button => { button.click(); button.click(); }")
        slider.wait_readout(2)
        explorer.canvas.settle()
        after = explorer.canvas.image()
        assert changed_share(before, after) > 0.002
        # Every part of the picture is of half-step 2, none left over from the frame
        # before: the responsibility bands (lower left) are drawn, and the rug under
        # the curves is coloured by the first E-step.
        bands = share_in_region(after, (0.1, 0.5, 0.7, 0.85), coloured)
        rug = share_in_region(after, (0.1, 0.5, 0.48, 0.54), grey_points)
        if bands < 0.5 or rug > 0.02:
            explorer.screenshot("em1d-02-stale")
        assert bands > 0.5, f"attempt {attempt}: the bands cover {bands:.0%} of their panel"
        assert rug < 0.02, f"attempt {attempt}: {rug:.1%} of the rug's band is still grey"
    explorer.screenshot("em1d-02-after-2-steps")
    page.assert_healthy()


# --- the covariance playground ---------------------------------------------------------------


def test_the_covariance_playground_follows_its_sliders(voila):
    page = voila(PLAYGROUND)
    playground = covariance_playground(page.page)
    playground.canvas.wait_drawn()
    playground.canvas.settle()
    playground.screenshot("playground-01-loaded")
    before = playground.canvas.image()
    status_before = " ".join(playground.html_texts())
    correlation = playground.slider("correlation")
    value = float(correlation.readout())
    correlation.handle.focus()
    for _ in range(3):
        page.page.keyboard.press("ArrowLeft")
    correlation.wait_readout(f"{value - 0.15:.2f}")
    playground.canvas.settle()
    playground.screenshot("playground-02-correlation-lowered")
    status_after = " ".join(playground.html_texts())
    assert f"correlation {value - 0.15:+.2f}" in status_after, status_after
    assert status_after != status_before
    assert changed_share(before, playground.canvas.image()) > 0.002

    std_x = playground.slider("std of x")
    signature, readout = playground.canvas.signature(), std_x.readout()
    std_x.drag_to(0.9)
    page.page.wait_for_function(
        "([el, before]) => el.textContent.trim() !== before",
        arg=[std_x.locator.locator(".widget-readout").element_handle(), readout])
    playground.canvas.wait_changed(signature)
    playground.canvas.settle()
    playground.screenshot("playground-03-std-x-dragged")
    page.assert_healthy()
