"""The handouts as a class meets them from a USB stick: opened from file:// in Chromium with
every request to the network refused. Each page loads nothing from outside, shows a
picture wherever an explorer stood, plays its animations, shows its maths typeset, and
prints with each figure whole on a page; the index leads to every page.

Screenshots and each page printed to PDF go to ``test-artifacts/handouts/``.
"""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
ARTIFACTS = REPO / "test-artifacts" / "handouts"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Text a reader would see if the maths were not typeset.
RAW_MATHS = re.compile(r"\$|\\\(|\\\)|\\\[|\\\]|\\(?:frac|mathbf|mathcal|sum|log|boldsymbol)\b")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    if not (REPO / "node_modules" / "mathjax").is_dir():
        pytest.skip("node_modules/ is missing; run npm ci (make test does)")
    out = tmp_path_factory.mktemp("handouts")
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_handouts.py"), str(out)],
                   check=True, cwd=REPO, capture_output=True, text=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return out


class Offline:
    """A browser context with no network: requests other than file://, data:, blob: and
    127.0.0.1 are aborted and recorded, as are failed requests and console errors."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           device_scale_factor=1)
        self.context.set_default_timeout(30_000)
        self.blocked, self.failed, self.errors = [], [], []
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if re.match(r"(file|data|blob):|https?://127\.0\.0\.1[:/]", url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path):
        page = self.context.new_page()
        page.on("requestfailed", lambda request: self.failed.append(
            f"{request.url[:160]}: {request.failure}"))
        page.on("console", lambda message: message.type == "error" and self.errors.append(
            message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(path.as_uri(), wait_until="load")
        return page

    def assert_offline_and_healthy(self):
        problems = ([f"went to the network: {url}" for url in self.blocked]
                    + [f"failed: {text}" for text in self.failed]
                    + [f"console: {text}" for text in self.errors])
        self.blocked, self.failed, self.errors = [], [], []
        assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def offline(browser):
    offline = Offline(browser)
    try:
        yield offline
    finally:
        offline.context.close()


def typeset(page):
    """Wait until MathJax has typeset the page (its queue runs after the first pass)."""
    page.evaluate("() => new Promise(resolve => MathJax.Hub.Queue(resolve))")


def widget_cells(notebook):
    """Ids of the code cells whose stored output holds a widget view."""
    return [cell.id for cell in nbformat.read(notebook, as_version=4).cells
            if any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_a_handout_works_offline(offline, handouts, notebook):
    page = offline.open(handouts / f"{notebook.stem}.html")
    try:
        typeset(page)
        number = notebook.stem[:2]

        # Every picture has loaded; an explorer's cell shows its stored picture.
        broken = page.eval_on_selector_all(
            ".jp-OutputArea-output img:not(.animation img)",
            "imgs => imgs.filter(img => !(img.complete && img.naturalWidth > 0)).length")
        assert broken == 0
        for cell_id in widget_cells(notebook):
            figure = page.locator(f'[id="cell-id={cell_id}"] .handout-figure img')
            assert figure.count() == 1, f"no picture in the explorer's cell {cell_id}"
            assert figure.evaluate("img => img.naturalWidth") > 300
            figure.scroll_into_view_if_needed()
            page.locator(f'[id="cell-id={cell_id}"]').screenshot(
                path=ARTIFACTS / f"{number}-explorer-{cell_id}.png")

        # The maths is typeset: none of its source shows, and MathJax reported no error.
        texts = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown, "
                             ".jp-OutputArea-output.jp-RenderedMarkdown").all_inner_texts()
        raw = [match.group(0) for text in texts for match in RAW_MATHS.finditer(text)]
        assert not raw, f"maths shown as source: {raw[:10]}"
        assert page.locator(".mjx-chtml").count() > 0
        assert page.locator(".mjx-merror, .MathJax_Error").count() == 0

        # Each animation plays: its picture changes after Play, with icons on its buttons.
        animations = page.locator(".animation")
        for index in range(animations.count()):
            animation = animations.nth(index)
            animation.scroll_into_view_if_needed()
            icons = animation.locator(".anim-buttons i.fa").evaluate_all(
                """icons => icons.map(i => {
                const before = getComputedStyle(i, '::before');
                return [before.fontFamily, before.content, i.getBoundingClientRect().width];
            })""")
            assert len(icons) == 9
            for family, content, width in icons:
                assert "FontAwesome" in family and content not in ("none", "normal", '""')
                assert width > 5, "an icon drew nothing"
            assert page.evaluate("() => document.fonts.check('14px FontAwesome')")
            frame = animation.locator("img").first
            first = frame.get_attribute("src")
            assert first and first.startswith("data:image/")
            animation.locator("button[title=Play]").click()
            page.wait_for_function("([img, first]) => img.src !== first",
                                   arg=[frame.element_handle(), first], timeout=10_000)
            animation.locator("button[title=Pause]").click()
            animation.screenshot(path=ARTIFACTS / f"{number}-animation-{index}-played.png")
            animation.locator("button[title='First frame']").click()
            assert frame.get_attribute("src") == first

        page.screenshot(path=ARTIFACTS / f"{number}-top.png")

        # Printed, a figure or a listing stays whole and long lines wrap rather than run off
        # the paper.
        page.emulate_media(media="print")
        styles = page.evaluate("""() => {
            const style = (selector, property) => [...document.querySelectorAll(selector)]
                .map(element => getComputedStyle(element)[property]);
            return {
                images: style('.jp-RenderedImage img', 'breakInside'),
                animations: style('.animation', 'breakInside'),
                code: style('.jp-InputArea-editor pre', 'whiteSpace'),
                text: style('.jp-MarkdownCell .jp-Cell-inputWrapper', 'breakInside'),
                nav: style('.handout-nav', 'display'),
            };
        }""")
        assert styles["images"] and set(styles["images"]) == {"avoid"}
        assert set(styles["animations"]) <= {"avoid"}
        assert styles["code"] and set(styles["code"]) == {"pre-wrap"}
        # Text flows on: a long section does not leave half a page blank before it.
        assert styles["text"] and set(styles["text"]) == {"auto"}
        assert styles["nav"] == ["none"]
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        (ARTIFACTS / f"{notebook.stem}.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")

        offline.assert_offline_and_healthy()
    finally:
        page.close()


def test_the_index_leads_to_every_handout(offline, handouts):
    page = offline.open(handouts / "index.html")
    try:
        page.screenshot(path=ARTIFACTS / "index.png", full_page=True)
        links = page.locator("tbody a")
        assert links.count() == len(NOTEBOOKS)
        for index, notebook in enumerate(NOTEBOOKS):
            heading = nbformat.read(notebook, as_version=4).cells[0].source.splitlines()[0]
            with page.expect_navigation():
                page.locator("tbody a").nth(index).click()
            assert page.url.endswith(f"/{notebook.stem}.html")
            assert page.locator("h1").first.inner_text().strip() == heading.lstrip("# ").strip()
            typeset(page)   # leaving sooner would abort MathJax's requests
            # And back, by the page's own link.
            with page.expect_navigation():
                page.locator(".handout-nav a").click()
            assert page.url.endswith("/index.html")
        offline.assert_offline_and_healthy()
    finally:
        page.close()
