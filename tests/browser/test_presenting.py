"""Presented pages as a class sees them in a room with no internet: ``make present`` on
notebook 04, in Chromium, with every request for anything but the lesson's own server
refused. As slides (``TEMPLATE=reveal``) they are styled by reveal.js, each section of
the notebook is one slide, and the EM explorer fits on the screen inside its slide and
answers a click; as a page (the default template) too, nothing leaves the machine and
the explorer steps.

The servers are the ones teachers start, through ``make present`` (without rebuilding
the environment), on free ports, with a preheated kernel for each page load; the slides
are loaded once per window size. Screenshots go to
``test-artifacts/browser/slides-04-*.png`` and ``page-04-*.png``.
"""

import json
import os
import re
from urllib.parse import urlparse

import pytest
from browser_support import (
    PAGE_SCRIPT,
    REPO,
    NotebookPage,
    Server,
    em_explorer,
    free_port,
    save_png,
)

NOTEBOOK = "notebooks/04_em_in_many_dimensions.ipynb"
VIEWPORTS = ({"width": 1280, "height": 720}, {"width": 1024, "height": 768})


def presented_headings(path):
    """The section headings of a notebook's presented cells, in order."""
    notebook = json.loads((REPO / path).read_text())
    headings = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown" or "not-presented" in cell["metadata"].get("tags", []):
            continue
        first_line = "".join(cell["source"]).lstrip().split("\n", 1)[0]
        if re.match(r"#{1,2} ", first_line):
            headings.append(first_line.lstrip("#").strip())
    return headings


def start_present(artifacts, name, *make_args):
    """``make present`` on notebook 04 and a free port, without rebuilding the Python or
    npm environment (-o)."""
    port = free_port()
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)   # the kernels draw with ipympl, as in class
    server = Server(name,
                    ["make", "--no-print-directory", "-s", "-o", ".venv/.installed",
                     "-o", "node_modules/.installed", "present", f"NB={NOTEBOOK}",
                     f"PORT={port}", *make_args],
                    port=port, cwd=REPO, env=env, log_path=artifacts / f"{name}.log")
    return server.wait_for_port(timeout=120)


@pytest.fixture(scope="module")
def slides_server(artifacts):
    server = start_present(artifacts, "voila-slides", "TEMPLATE=reveal",
                           f"POOL={len(VIEWPORTS)}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def page_server(artifacts):
    server = start_present(artifacts, "voila-present", "POOL=1")
    try:
        yield server
    finally:
        server.stop()


class Offline:
    """A presented page in a browser context that refuses every request not for the
    server."""

    def __init__(self, browser, server, viewport, name):
        self.size = f"{viewport['width']}x{viewport['height']}"
        self.viewport = viewport
        self.left = []          # requests that would have left the machine
        self.context = browser.new_context(viewport=viewport, device_scale_factor=1)
        self.context.add_init_script(PAGE_SCRIPT)
        self.context.set_default_timeout(30_000)
        self.context.route("**/*", self._route)
        page = self.context.new_page()
        page.on("websocket", lambda socket: self._check_local(socket.url))
        self.notebook_page = NotebookPage(page, server.url + "/", f"{name} {self.size}")
        self.name = name
        self.page = page

    def _check_local(self, url):
        if urlparse(url).hostname != "127.0.0.1":
            self.left.append(url)
            return False
        return True

    def _route(self, route):
        if self._check_local(route.request.url):
            route.continue_()
        else:
            route.abort("internetdisconnected")

    def load(self):
        self.page.goto(self.notebook_page.url, wait_until="load", timeout=180_000)
        self.explorer = em_explorer(self.page)
        # Drawn while its slide is still hidden: attached, with ink, not yet visible.
        canvas = self.explorer.canvas
        canvas.locator.wait_for(state="attached", timeout=120_000)
        self.page.wait_for_function("canvas => window.__gmmInk(canvas) > 0.02",
                                    arg=canvas.handle(), timeout=120_000)
        canvas.settle()

    def sections(self):
        return self.page.locator(".reveal .slides > section")

    def go_to(self, index):
        """Show slide ``index`` by the keyboard, as a teacher would."""
        self.page.locator("body").press("Home")
        for _ in range(index):
            self.page.keyboard.press("ArrowRight")
        self.page.wait_for_function(
            "index => (location.hash.match(/^#\\/(\\d+)/) || [0, '0'])[1] === String(index)",
            arg=index)
        self.page.wait_for_timeout(1000)    # reveal's slide transition

    def screenshot(self, name):
        return save_png(self.page.screenshot(), f"{self.name}-04-{name}-{self.size}")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module", params=VIEWPORTS, ids=lambda v: f"{v['width']}x{v['height']}")
def slides(request, browser, slides_server):
    """The slides loaded once per window size, then shown one by one to the end (each
    slide's fonts and pictures are fetched when it shows) and back to the first."""
    slides = Offline(browser, slides_server, request.param, "slides")
    try:
        slides.load()
        slides.screenshot("title")
        for index in range(1, slides.sections().count()):
            slides.go_to(index)
        slides.go_to(0)
        yield slides
    finally:
        slides.close()


def test_no_request_leaves_the_machine(slides):
    assert slides.left == [], "requests for files outside the lesson:\n" + "\n".join(slides.left)


def test_the_slides_are_styled_by_reveal_and_show_their_icons(slides):
    style = slides.page.evaluate("""() => {
        const section = document.querySelector('.reveal .slides > section.present');
        const icon = document.querySelector('button.widget-button i.fa');
        return {
            slidePosition: getComputedStyle(section).position,
            slidesTransform: getComputedStyle(document.querySelector('.reveal .slides')).transform,
            headingFont: getComputedStyle(section.querySelector('h1, h2')).fontFamily,
            themeFontLoaded: document.fonts.check('1em "Source Sans Pro"'),
            iconFont: getComputedStyle(icon, '::before').fontFamily,
            iconFontLoaded: [...document.fonts].some(face => face.status === 'loaded'
                && face.family.includes('Font Awesome 5 Free') && face.weight === '900'),
        };
    }""")
    # reveal.css places each slide and scales the deck to the window; its white theme
    # sets the headings in Source Sans Pro; Font Awesome draws the buttons' icons.
    assert style["slidePosition"] == "absolute", style
    assert style["slidesTransform"].startswith("matrix("), style
    assert "Source Sans Pro" in style["headingFont"] and style["themeFontLoaded"], style
    assert "Font Awesome 5 Free" in style["iconFont"] and style["iconFontLoaded"], style


def test_each_section_of_the_notebook_is_one_slide(slides):
    shown = slides.sections().evaluate_all("""sections => sections.map(section => {
        const heading = section.querySelector('h1, h2');
        return heading ? heading.textContent.replace('¶', '').trim() : null;
    })""")
    assert shown == presented_headings(NOTEBOOK)
    assert slides.page.locator(".reveal .slides > section.present").count() == 1


def inside(box, viewport):
    return (box is not None and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= viewport["width"]
            and box["y"] + box["height"] <= viewport["height"])


def test_the_explorer_fits_on_the_screen_inside_its_slide_and_steps(slides):
    page, viewport, explorer = slides.page, slides.viewport, slides.explorer
    index = slides.sections().evaluate_all("""sections => sections.findIndex(section =>
        [...section.querySelectorAll('button.widget-button')]
            .some(button => button.textContent.trim() === 'Step forward'))""")
    assert index > 0
    slides.go_to(index)
    # The explorer sits low on a long slide: the teacher scrolls it up with the wheel.
    button = explorer.button("Step forward")
    page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    for _ in range(60):
        box = button.bounding_box()
        if box is not None and box["y"] + box["height"] <= viewport["height"] - 10:
            break
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)
    slides.screenshot("explorer")

    canvas_box, button_box = explorer.canvas.locator.bounding_box(), button.bounding_box()
    assert inside(canvas_box, viewport), canvas_box
    assert inside(button_box, viewport), button_box
    # ... and inside its slide, which cuts off whatever sticks out at its sides.
    slide = page.locator(".reveal .slides section.present section.present").bounding_box()
    assert slide["x"] <= canvas_box["x"], (slide, canvas_box)
    assert canvas_box["x"] + canvas_box["width"] <= slide["x"] + slide["width"], (
        slide, canvas_box)
    centre = (button_box["x"] + button_box["width"] / 2,
              button_box["y"] + button_box["height"] / 2)
    # Nothing covers the button there: a click at that point reaches it.
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('button')"
                         "?.textContent.trim()", list(centre)) == "Step forward"

    signature = explorer.canvas.signature()
    page.mouse.click(*centre)
    explorer.canvas.wait_changed(signature)
    explorer.canvas.settle()
    assert explorer.slider("half-step").readout() == "1"
    slides.screenshot("explorer-stepped")
    slides.notebook_page.assert_healthy()


def test_the_presented_page_needs_no_network_and_its_explorer_steps(browser, page_server):
    """The default template, as ``make present`` shows it, offline too."""
    page = Offline(browser, page_server, VIEWPORTS[0], "page")
    try:
        page.load()
        explorer = page.explorer
        explorer.canvas.locator.scroll_into_view_if_needed()
        signature = explorer.canvas.signature()
        explorer.button("Step forward").click()
        explorer.canvas.wait_changed(signature)
        explorer.canvas.settle()
        assert explorer.slider("half-step").readout() == "1"
        page.screenshot("explorer-stepped")
        assert page.left == [], "requests for files outside the lesson:\n" + "\n".join(page.left)
        page.notebook_page.assert_healthy()
    finally:
        page.close()
