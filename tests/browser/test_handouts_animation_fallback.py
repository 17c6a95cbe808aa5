"""What a fresh clone shows in JupyterLab before anything runs: notebook 04 as stored,
untrusted (JupyterLab keeps the signatures of trusted notebooks in the user's own
database, which a fresh clone does not have). The animation's script does not run there,
so its picture stays empty; the strip above it, a plain picture, stands in for it, and
the text says that the animation plays once the notebook is trusted or run.

JupyterLab runs here with a data folder of its own, so that no signature left by another
run can make the notebook trusted.
"""

import os
import re
import shutil

import nbformat
import pytest
from browser_support import REPO, jupyterlab_home, jupyterlab_server

NOTEBOOK = "notebooks/04_em_in_many_dimensions.ipynb"
ARTIFACTS = REPO / "test-artifacts" / "handouts"


def animation_cells(notebook):
    """(sentence cell, strip cell, animation cell) around the stored jshtml animation."""
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if any('class="animation"' in output.get("data", {}).get("text/html", "")
               for output in cell.get("outputs", [])):
            return cells[index - 2], cells[index - 1], cell
    raise AssertionError("no stored animation")


@pytest.fixture(scope="module")
def untrusted_lab(tmp_path_factory):
    root = jupyterlab_home(tmp_path_factory.mktemp("untrusted-lab"))
    for folder in ("data", "runtime"):
        (root / folder).mkdir()
    shutil.copy(REPO / NOTEBOOK, root / "notebooks")
    env = {**os.environ, "JUPYTER_DATA_DIR": str(root / "data"),
           "JUPYTER_RUNTIME_DIR": str(root / "runtime")}
    server = jupyterlab_server("jupyterlab-untrusted", root, env,
                               ARTIFACTS / "jupyterlab-untrusted.log")
    try:
        yield server.wait_for_port()
    finally:
        server.stop()


@pytest.mark.parametrize("copy", ["teacher", "notebooks"])
def test_the_text_says_when_the_animation_plays(copy):
    notebook = nbformat.read(REPO / copy / NOTEBOOK.split("/")[1], as_version=4)
    sentence, strip, _ = animation_cells(notebook)
    assert sentence.cell_type == "markdown"
    text = " ".join(sentence.source.split())
    assert re.search(r"\btrust", text, re.IGNORECASE), text
    assert "Run All" in text, text
    # The picture the text offers in its place is stored as a plain image.
    assert any("image/png" in output.get("data", {}) for output in strip.outputs)


def test_untrusted_notebook_shows_the_strip_and_says_why_the_animation_is_blank(
        context, untrusted_lab):
    page = context.new_page()
    try:
        page.goto(f"{untrusted_lab.url}/lab/tree/{NOTEBOOK.split('/')[1]}", timeout=120_000)
        animation = page.locator(".jp-OutputArea-output .animation").first
        animation.wait_for(state="attached", timeout=90_000)
        cell = page.locator(".jp-Cell").filter(has=page.locator(".animation")).first
        cell.scroll_into_view_if_needed()
        previous = cell.locator("xpath=preceding-sibling::div[contains(@class,'jp-Cell')][1]")
        sentence = cell.locator("xpath=preceding-sibling::div[contains(@class,'jp-Cell')][2]")
        page.wait_for_timeout(1000)   # give a script, if any ran, time to set the frame
        sentence.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "lab-untrusted-04-animation.png")

        # As shipped, the notebook is untrusted: the animation's frame was never set.
        frame_src = animation.locator("img").first.evaluate("img => img.getAttribute('src')")
        assert not frame_src, "the stored animation played: is the notebook trusted here?"
        # The strip right above it shows, untrusted.
        strip = previous.locator(".jp-RenderedImage img").first
        assert strip.evaluate("img => img.complete && img.naturalWidth > 0")
        # And the text says what to do to make the animation play.
        words = " ".join(sentence.inner_text().split())
        assert re.search(r"\btrust", words, re.IGNORECASE) and "Run All" in words, words

        # As the text says: trusted, the stored animation plays, with nothing run.
        page.locator(".jp-NotebookPanel .jp-Cell").first.locator(".jp-InputPrompt").click()
        page.keyboard.press("Control+Shift+C")
        page.locator(".lm-CommandPalette-input").fill("Trust Notebook")
        page.keyboard.press("Enter")
        page.locator(".jp-Dialog .jp-mod-accept").click()
        frame = page.locator(".jp-OutputArea-output .animation img").first
        frame.wait_for(state="attached")
        page.wait_for_function("img => (img.getAttribute('src') || '').startsWith('data:image/')",
                               arg=frame.element_handle(), timeout=30_000)
        first = frame.get_attribute("src")
        page.locator(".jp-OutputArea-output .animation button[title=Play]").first.click()
        page.wait_for_function("([img, first]) => img.getAttribute('src') !== first",
                               arg=[frame.element_handle(), first], timeout=10_000)
        page.locator(".jp-OutputArea-output .animation button[title=Pause]").first.click()
        frame.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "lab-trusted-04-animation.png")
    finally:
        page.close()
