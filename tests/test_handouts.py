"""The handouts made by scripts/build_handouts.py, read as files: a page per student
notebook, nothing loaded from the network, the stored picture wherever an explorer
stood, the animations' icons and the maths from copies beside the pages, links that
lead somewhere, and an index with every notebook's aim from README.md.

The browser tests in tests/browser/test_handouts_offline.py open the same pages offline.
"""

import functools
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

pytest.importorskip("nbconvert", reason="handout tests skipped: nbconvert comes with the "
                    "lesson's dependencies; pip install -e '.[lesson,test]'")
from bs4 import BeautifulSoup  # installed with nbconvert, which needs it

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

spec = importlib.util.spec_from_file_location("build_handouts",
                                              ROOT / "scripts" / "build_handouts.py")
build_handouts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_handouts)

pytestmark = pytest.mark.skipif(
    not (ROOT / "node_modules" / "mathjax").is_dir(),
    reason="handout tests skipped: node_modules/ is missing; run npm ci (make test does)")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    """The handouts, built by the script as a teacher runs it, into a fresh folder."""
    out = tmp_path_factory.mktemp("handouts")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_handouts.py"), str(out)],
                   check=True, cwd=ROOT, capture_output=True, text=True)
    return out


@functools.lru_cache(maxsize=None)
def soup(path):
    """The parsed page (parsed once: the pages are large). Do not modify it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def local_target(page, reference):
    """The file a relative reference in ``page`` points at, without query or fragment."""
    return (page.parent / unquote(urlsplit(reference).path)).resolve()


def test_a_page_for_every_notebook_and_an_index(handouts):
    assert sorted(p.name for p in handouts.glob("*.html")) == sorted(
        ["index.html", *(f"{p.stem}.html" for p in NOTEBOOKS)])


def test_the_index_lists_every_notebook_with_its_aim_from_the_readme(handouts):
    aims = build_handouts.notebook_aims((ROOT / "README.md").read_text(encoding="utf-8"))
    rows = soup(handouts / "index.html").select("tbody tr")
    assert len(rows) == len(NOTEBOOKS)
    for row, notebook in zip(rows, NOTEBOOKS, strict=True):
        number, name, aim = (cell.get_text(" ", strip=True) for cell in row.select("td"))
        assert number == notebook.stem[:2]
        assert row.select_one("a")["href"] == f"{notebook.stem}.html"
        expected_name, expected_aim = aims[number]
        assert name == expected_name.replace("`", "")
        assert aim == expected_aim.replace("`", "") and aim


def test_the_readme_table_is_read_as_written():
    aims = build_handouts.notebook_aims(
        "| # | notebook | the learner leaves able to |\n|---|---|---|\n"
        "| 08 | The same with scikit-learn | move to `sklearn.mixture.GaussianMixture` |\n")
    assert aims == {"08": ("The same with scikit-learn",
                           "move to `sklearn.mixture.GaussianMixture`")}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_a_page_loads_nothing_from_the_network(handouts, notebook):
    page = handouts / f"{notebook.stem}.html"
    text = page.read_text(encoding="utf-8")
    assert not build_handouts.EXTERNAL_LOAD.search(text)
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"),
                           ("iframe", "src")):
        for element in soup(page).find_all(tag, **{attribute: True}):
            reference = element[attribute]
            if reference.startswith("data:"):
                continue
            assert not urlsplit(reference).scheme and not reference.startswith("//"), reference
            assert local_target(page, reference).is_file(), f"{reference} is not beside the page"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_an_explorer_shows_the_picture_stored_beside_its_widget_view(handouts, notebook):
    stored = nbformat.read(notebook, as_version=4)
    page = soup(handouts / f"{notebook.stem}.html")
    assert not page.find("script", type=re.compile("application/vnd.jupyter.widget"))
    for cell in stored.cells:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW not in output.get("data", {}):
                continue
            assert "image/png" in output.data, f"cell {cell.id} stores no picture of its widget"
            html_cell = page.find(id=f"cell-id={cell.id}")
            sources = [img["src"] for img in html_cell.select(".handout-figure img")]
            assert sources == [f"data:image/png;base64,{output.data['image/png']}"]
            assert "JupyterLab" in html_cell.select_one(".handout-note").get_text()


def test_the_explorers_are_among_the_outputs_checked():
    """The test above has something to check: notebook 04's EM explorer at least."""
    with_widgets = [p.stem[:2] for p in NOTEBOOKS
                    if any(WIDGET_VIEW in output.get("data", {})
                           for cell in nbformat.read(p, as_version=4).cells
                           for output in cell.get("outputs", []))]
    assert "04" in with_widgets


def test_animation_controls_take_their_icons_from_the_copy_of_font_awesome(handouts):
    page_path = handouts / "04_em_in_many_dimensions.html"
    page = soup(page_path)
    animations = page.select(".animation")
    assert len(animations) == 1
    sheets = [local_target(page_path, link["href"]) for link in page.select("link[rel=stylesheet]")]
    font_awesome = [sheet for sheet in sheets if sheet.name == "font-awesome.min.css"]
    assert font_awesome, "no local Font Awesome stylesheet"
    css = font_awesome[0].read_text()
    for icon in {i["class"][1] for i in animations[0].select(".anim-buttons i.fa")}:
        assert f".{icon}:before" in css, icon
    for font in re.findall(r"url\('([^')]+)", css):
        assert local_target(font_awesome[0], font).is_file(), font


def test_maths_is_typeset_by_the_copy_of_mathjax(handouts):
    page_path = handouts / "04_em_in_many_dimensions.html"
    mathjax = [script["src"] for script in soup(page_path).find_all("script", src=True)
               if "MathJax.js" in script["src"]]
    assert mathjax == [build_handouts.MATHJAX_URL]
    assert local_target(page_path, mathjax[0]).is_file()
    config = re.search(r"config=([^&]+)", mathjax[0]).group(1).split(",")
    for name in config:
        assert (handouts / "mathjax" / "config" / f"{name}.js").is_file(), name


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_links_between_notebooks_lead_to_the_other_handouts(handouts, notebook):
    page_path = handouts / f"{notebook.stem}.html"
    for link in soup(page_path).select("a[href]"):
        reference = link["href"]
        parts = urlsplit(reference)
        if parts.scheme or reference.startswith("#"):
            continue
        assert not parts.path.endswith(".ipynb"), f"{reference} leads to a notebook, not a page"
        target = local_target(page_path, reference)
        assert target.is_file(), f"{link.get_text()!r} -> {reference}: no such page"
        if parts.fragment:
            assert soup(target).find(id=unquote(parts.fragment)), reference


def test_a_link_to_a_notebook_becomes_a_link_to_its_handout():
    rewrite = build_handouts._handout_links
    assert rewrite("see [04 · EM](04_em_in_many_dimensions.ipynb).") == (
        "see [04 · EM](04_em_in_many_dimensions.html).")
    assert rewrite("[06](06_when_em_breaks.ipynb#Underflow)") == (
        "[06](06_when_em_breaks.html#Underflow)")
    # Not one of the lesson's notebooks: left as written.
    assert rewrite("[other](other.ipynb)") == "[other](other.ipynb)"
