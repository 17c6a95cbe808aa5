"""Handouts: every student notebook as a web page that works offline, from a USB stick.

    .venv/bin/python scripts/build_handouts.py [OUTPUT_DIR]      (default: handouts/)

Converts notebooks/*.ipynb as stored (nothing is run) with nbconvert's HTML exporter:

- an explorer's output shows the picture the notebook stores beside its widget view
  (the view itself needs a running kernel, and a widget manager from a CDN);
- the maths is typeset by a copy of MathJax, and the controls of matplotlib's
  animations draw their icons from a copy of Font Awesome 4, both taken from
  node_modules/ (``npm ci`` installs them) and put next to the pages;
- links between notebooks lead to the other handouts;
- printed, a figure is not split across two pages.

Writes index.html, listing the notebooks with their aims from README.md's table. The
folder is complete: copy it whole.
"""

import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ClearMetadataPreprocessor, Preprocessor
from traitlets.config import Config

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NODE_MODULES = REPO / "node_modules"
DEFAULT_OUTPUT = REPO / "handouts"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
FONT_AWESOME_CSS = "font-awesome/css/font-awesome.min.css"
# matplotlib's to_jshtml() links Font Awesome 4 from a CDN.
FONT_AWESOME_CDN = re.compile(
    r"""https?://[^"'\s]*/font-awesome/4\.[\d.]+/css/font-awesome(?:\.min)?\.css""")
# A page must load nothing from the network: no script, stylesheet, image or frame, in
# HTML or CSS. Links a reader follows (<a href>) may lead anywhere.
EXTERNAL_LOAD = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""", re.IGNORECASE)

# MathJax 2 with the TeX input and the CommonHTML output (nbconvert's choice), its
# menus and extensions, and the TeX fonts as WOFF; the rest of the npm package (other
# outputs and font families, sources, tests) is left out.
MATHJAX_FILES = ("MathJax.js", "LICENSE", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
                 "config/local", "extensions", "jax/input/TeX", "jax/element",
                 "jax/output/CommonHTML", "fonts/HTML-CSS/TeX/woff")
FONT_AWESOME_FILES = ("css", "fonts")

# The page template: nbconvert's "lab" page, without require.js (nothing here uses it;
# the default loads it from a CDN), with a link back to the index and print rules.
HANDOUT_TEMPLATE = r"""
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block extra_css %}
<style type="text/css">
.handout-nav { max-width: 1200px; margin: 0 auto; padding: 8px 16px 0;
  font-family: var(--jp-ui-font-family, sans-serif); font-size: 14px; }
.handout-note { margin: 2px 0 0; font-size: 13px; font-style: italic;
  font-family: var(--jp-content-font-family, sans-serif);
  color: var(--jp-content-font-color2, #555); }
@media print {
  .handout-nav { display: none; }
  /* A figure, an animation's frame, a listing stay whole on one page (text may break). */
  .jp-RenderedImage, .jp-RenderedImage img, .animation, .handout-figure,
  .jp-CodeCell .jp-Cell-inputWrapper, .jp-OutputArea-output pre { break-inside: avoid; }
  .jp-RenderedImage img { max-width: 100%; height: auto; }
  h1, h2, h3, h4 { break-after: avoid; }
  /* Paper does not scroll: long lines of code and output wrap instead of being cut. */
  .jp-InputArea-editor pre, .jp-OutputArea-output pre {
    white-space: pre-wrap; overflow-wrap: anywhere; }
  /* Buttons cannot be pressed on paper; the frame shown stays. */
  .anim-controls { display: none; }
}
</style>
{% endblock extra_css %}
{% block body_header %}
{{ super() }}
<nav class="handout-nav"><a href="index.html">All notebooks</a></nav>
{% endblock body_header %}
{% block data_png %}
{%- if output.data['""" + WIDGET_VIEW + r"""'] is defined -%}
<div class="handout-figure">
{{ super() }}
<p class="handout-note">A picture of the interactive figure as the notebook stored it:
its controls work when the notebook runs in JupyterLab.</p>
</div>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock data_png %}
"""


class HandoutPreprocessor(Preprocessor):
    """Points links between notebooks at their handouts and matplotlib's animation
    controls at the local Font Awesome, and titles the page by its first heading."""

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                if "title" not in nb.metadata:
                    heading = re.search(r"^#\s+(.+?)\s*$", cell.source, re.MULTILINE)
                    if heading:
                        nb.metadata["title"] = heading.group(1)
                cell.source = _handout_links(cell.source)
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/html" in data:
                    data["text/html"] = FONT_AWESOME_CDN.sub(FONT_AWESOME_CSS, data["text/html"])
        return nb, resources


def _handout_links(markdown):
    """``[text](04_name.ipynb#part)`` -> ``[text](04_name.html#part)``, for the notebooks
    that have a handout."""
    def local(match):
        name, anchor = match.groups()
        if (NOTEBOOKS / f"{name}.ipynb").exists():
            return f"]({name}.html{anchor})"
        return match.group(0)
    return re.sub(r"\]\(([\w-]+)\.ipynb((?:#[^)\s]*)?)\)", local, markdown)


def exporter():
    """nbconvert's HTML exporter set up for handouts."""
    config = Config()
    # Without the widget state in the notebook's metadata, nbconvert shows the picture
    # stored beside a widget view (it renders a view only with its state) and the page
    # loads no widget manager.
    config.ClearMetadataPreprocessor.clear_cell_metadata = False
    config.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {
        ("language_info",), ("kernelspec",)}
    config.HTMLExporter.mathjax_url = MATHJAX_URL
    config.HTMLExporter.template_file = "handout.html.j2"
    exporter = HTMLExporter(config=config,
                            extra_loaders=[DictLoader({"handout.html.j2": HANDOUT_TEMPLATE})])
    exporter.register_preprocessor(ClearMetadataPreprocessor(config=config), enabled=True)
    exporter.register_preprocessor(HandoutPreprocessor(config=config), enabled=True)
    return exporter


def notebook_aims(readme):
    """{"04": ("EM in many dimensions", "run EM on 2D data and ..."), ...} from the
    table in README.md whose rows read ``| 04 | name | aim |``."""
    aims = {}
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.fullmatch(r"\d\d", cells[0]):
            aims[cells[0]] = (cells[1], cells[2])
    return aims


def _inline_markdown(text):
    """README's table cells as HTML: escaped, with `code` kept as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def index_page(entries):
    """The index: one row per handout, (file name, number, name, aim)."""
    rows = "\n".join(
        f'<tr><td>{number}</td><td><a href="{html.escape(file)}">{_inline_markdown(name)}</a>'
        f"</td><td>{_inline_markdown(aim)}</td></tr>"
        for file, number, name, aim in entries)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Gaussian mixtures and EM: the notebooks</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 860px; margin: 2em auto;
  padding: 0 1em; line-height: 1.5; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: 6px 10px;
  border-bottom: 1px solid #ddd; }}
td:first-child {{ font-variant-numeric: tabular-nums; }}
</style>
</head>
<body>
<main>
<h1>Gaussian mixtures and EM</h1>
<p>The lesson's notebooks as they are stored, with their outputs, to read in a browser
or print; nothing needs a network. An interactive figure shows as a picture: its controls
work when the notebook runs in JupyterLab.</p>
<table>
<thead><tr><th>#</th><th>notebook</th><th>the learner leaves able to</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""


def copy_assets(output):
    """MathJax and Font Awesome from node_modules/, next to the pages."""
    for package, files in (("mathjax", MATHJAX_FILES), ("font-awesome", FONT_AWESOME_FILES)):
        source = NODE_MODULES / package
        if not source.is_dir():
            sys.exit(f"{source} is missing: run npm ci in {REPO} first.")
        target = output / package
        if target.exists():
            shutil.rmtree(target)
        for name in files:
            path = source / name
            if path.is_dir():
                shutil.copytree(path, target / name)
            else:
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / name)


def build(output=DEFAULT_OUTPUT):
    """Write a handout for every notebook in notebooks/, the index and the assets into
    ``output``; return the paths of the pages written."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    copy_assets(output)
    aims = notebook_aims((REPO / "README.md").read_text(encoding="utf-8"))
    html_exporter = exporter()
    entries, written = [], []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        page, _ = html_exporter.from_notebook_node(
            notebook, resources={"metadata": {"name": path.stem}})
        external = EXTERNAL_LOAD.search(page)
        if external:
            sys.exit(f"{path.name}: the page would load {external.group(0)!r}... from the "
                     "network")
        target = output / f"{path.stem}.html"
        target.write_text(page, encoding="utf-8")
        written.append(target)
        number = path.stem[:2]
        if number in aims:
            name, aim = aims[number]
        else:
            print(f"warning: README.md's table of notebooks has no row {number} for "
                  f"{path.name}", file=sys.stderr)
            name, aim = path.stem, ""
        entries.append((target.name, number, name, aim))
    index = output / "index.html"
    index.write_text(index_page(entries), encoding="utf-8")
    return [index, *written]


def main(argv):
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    pages = build(output)
    print(f"{len(pages)} pages in {output}/ (open {output / 'index.html'})")


if __name__ == "__main__":
    main(sys.argv)
