"""The explorers for a learner who uses a screen reader or only the keyboard.

axe-core (node_modules/axe-core, installed by npm from package.json) audits the Voila
pages of notebooks 02, 03 and 04 and JupyterLab's view of notebook 04. The assertion
covers the explorers' own markup: the box each explorer makes (``gmm-explorer``,
``gmm-playground``) and everything in it, ipywidgets' and ipympl's markup included,
because that is what the lesson's code decides. What axe finds in the rest of the page
(the notebook's own pictures and links, JupyterLab's and Voila's frames) belongs to those
programs or to the notebooks' text: it is written to ``test-artifacts/browser/axe.txt``
and printed in the summary, not asserted.

Then the names a screen reader reads (controls, the figure, the caption as sentences),
and every action of the EM explorer done with Tab, Enter, Space and the arrow keys alone,
with a focus ring on each control as it is reached.
"""

import re

import pytest
from browser_support import (
    ARTIFACTS,
    covariance_playground,
    em_explorer,
    explorer_root,
    save_png,
    wait_fitted,
)

EM_2D = "notebooks/04_em_in_many_dimensions.ipynb"
EM_1D = "notebooks/03_em_in_one_dimension.ipynb"
PLAYGROUND = "notebooks/02_multivariate_gaussian.ipynb"
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module", autouse=True)
def pages(voila, voila_at):
    voila.prefetch(EM_2D, EM_1D, PLAYGROUND)
    voila_at.prefetch((EM_2D, 1280, 720, ""))


@pytest.fixture(scope="module")
def report():
    """axe's findings outside the explorers, one block per page, written at the end."""
    lines = []
    yield lines
    (ARTIFACTS / "axe.txt").write_text("\n".join(lines) + "\n")


def audit(page, label, report, measures):
    from browser_support import axe_violations

    inside, outside = axe_violations(page)
    report.append(f"== {label}: outside the explorers (JupyterLab, Voila, the notebook's text)")
    for rule, impact, help_text, nodes in outside:
        report.append(f"{impact:>9} {rule}: {help_text} ({len(nodes)} element(s)), e.g. "
                      f"{nodes[0]['html'][:100]}")
    report.append(f"== {label}: inside the explorers")
    for rule, impact, help_text, nodes in inside:
        report.append(f"{impact:>9} {rule}: {help_text}: "
                      + " | ".join(node["html"][:100] for node in nodes[:3]))
    measures[f"axe, {label}"] = (
        f"{sum(len(n) for *_, n in inside)} element(s) flagged inside the explorers, "
        f"rules outside: {sorted({rule for rule, *_ in outside}) or 'none'}")
    serious = [(rule, impact, [node["html"][:120] for node in nodes])
               for rule, impact, _, nodes in inside if impact in SERIOUS]
    assert serious == [], f"{label}: {serious}"


@pytest.mark.parametrize("path", [PLAYGROUND, EM_1D, EM_2D])
def test_axe_finds_nothing_serious_in_the_explorers_in_voila(voila, path, report, measures):
    page = voila(path)
    make = covariance_playground if path == PLAYGROUND else em_explorer
    widget = make(page.page)
    widget.canvas.wait_drawn()
    wait_fitted(widget)
    audit(page.page, f"Voila {path}", report, measures)
    page.assert_healthy()


def test_axe_finds_nothing_serious_in_the_explorer_in_jupyterlab(lab_notebooks, report,
                                                                 measures):
    page = lab_notebooks(EM_2D, 1280, 720)
    widget = em_explorer(page.page)
    widget.root.scroll_into_view_if_needed()
    widget.canvas.wait_drawn()
    wait_fitted(widget)
    audit(page.page, f"JupyterLab {EM_2D}", report, measures)
    page.assert_healthy()


# --- names -------------------------------------------------------------------------------------


def test_a_screen_reader_hears_a_name_for_every_control_and_the_caption_as_sentences(voila):
    page = voila(EM_2D)
    explorer = em_explorer(page.page)
    explorer.canvas.wait_drawn()
    wait_fitted(explorer)
    tree = explorer_root(explorer).aria_snapshot()
    for line in ('slider "half-step"', 'button "Play"', 'button "Step back"',
                 'button "Step forward"', 'button "Reset"', 'combobox "speed"',
                 'combobox "components K"', 'combobox "start"', 'button "New seed"',
                 'textbox "x"', 'textbox "y"', 'button "Membership"'):
        assert f"- {line}" in tree, f"{line!r} not in:\n{tree}"
    # The figure is named, and no control is named by an icon's glyph alone.
    assert re.search(r'- .?img "Figure of EM at the half-step', tree), tree
    assert not re.search(r'(button|slider|combobox|textbox)( ""|$)', tree, re.MULTILINE), tree
    assert re.search(r"component 0: weight \d\.\d\d; component 1: weight \d\.\d\d; "
                     r"component 2: weight \d\.\d\d\.", tree), tree

    playground = covariance_playground(voila(PLAYGROUND).page)
    tree = explorer_root(playground).aria_snapshot()
    for line in ('slider "std of x"', 'slider "std of y"', 'slider "correlation"',
                 'button "stds and correlation"', 'button "axes and rotation"'):
        assert f"- {line}" in tree, f"{line!r} not in:\n{tree}"


# --- the keyboard --------------------------------------------------------------------------------

FOCUSED = r"""() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const row = element.closest('.widget-inline-hbox, .widget-hslider');
  const label = row ? row.querySelector('.widget-label') : null;
  const own = element.tagName === 'SELECT' ? element.selectedOptions[0].textContent
    : element.tagName === 'INPUT' ? '' : element.getAttribute('aria-label') || element.textContent;
  return {
    // Dropdowns write their options with non-breaking spaces.
    name: ((own || '').trim() || (label ? label.textContent.trim() : ''))
          .replace(/\s+/g, ' ').slice(0, 60),
    tag: element.tagName.toLowerCase(),
    inside: !!element.closest('.gmm-explorer'),
    outline: [style.outlineStyle, parseFloat(style.outlineWidth)],
    box: [box.left, box.top, box.right, box.bottom],
    // The element and its ring (width and offset) inside the window.
    onScreen: box.width > 0 && box.height > 0 && box.top - 5 >= 0 && box.left - 5 >= 0
              && box.bottom + 5 <= window.innerHeight && box.right + 5 <= window.innerWidth,
  };
}"""


def test_every_action_of_the_explorer_works_from_the_keyboard(voila_at):
    page = voila_at(EM_2D, 1280, 720)
    explorer = em_explorer(page.page)
    explorer.canvas.wait_drawn()
    wait_fitted(explorer)
    keyboard = page.page.keyboard
    slider = explorer.slider("half-step")

    # Tab from the figure through every control, each on screen with a focus ring.
    explorer.canvas.div.focus()
    stops = [page.page.evaluate(FOCUSED)]
    for _ in range(20):
        keyboard.press("Tab")
        stop = page.page.evaluate(FOCUSED)
        if not stop["inside"]:
            break
        stops.append(stop)
    names = [stop["name"] for stop in stops]
    for name in ("half-step", "Play", "Step back", "Step forward", "Reset", "medium", "3",
                 "random data points", "New seed", "x", "y", "Membership"):
        assert any(found == name or found.startswith(name) for found in names), \
            f"{name!r} not reached: {' | '.join(names)}"
    for stop in stops:
        assert stop["onScreen"], f"{stop}"
        assert stop["outline"][0] != "none" and stop["outline"][1] >= 2, stop

    def focus(name):
        explorer.canvas.div.focus()
        for _ in range(len(stops) + 1):
            keyboard.press("Tab")
            found = page.page.evaluate(FOCUSED)["name"]
            if found == name or found.startswith(name):
                return
        raise AssertionError(f"{name} not reached with Tab")

    def status():
        return " ".join(explorer.html_texts())

    focus("Step forward")
    keyboard.press("Enter")
    slider.wait_readout(1)
    keyboard.press("Space")
    slider.wait_readout(2)
    focus("Step back")
    keyboard.press("Space")
    slider.wait_readout(1)
    focus("half-step")
    keyboard.press("ArrowRight")
    slider.wait_readout(2)
    focus("Reset")
    keyboard.press("Enter")
    slider.wait_readout(0)
    focus("Play")
    keyboard.press("Enter")
    explorer.button("Pause").wait_for()
    page.page.wait_for_function(
        "el => Number(el.textContent) >= 2",
        arg=slider.locator.locator(".widget-readout").element_handle(), timeout=15_000)
    keyboard.press("Enter")   # the same button, now Pause
    explorer.button("Play").wait_for()

    focus("medium")
    keyboard.press("ArrowDown")   # a closed menu takes the arrow keys
    assert page.page.evaluate(FOCUSED)["name"] == "fast"
    focus("3")
    keyboard.press("ArrowDown")
    explorer.root.locator(".widget-html-content").filter(has_text="K = 4,").wait_for()
    keyboard.press("ArrowUp")
    explorer.root.locator(".widget-html-content").filter(has_text="K = 3,").wait_for()
    focus("random data points")
    keyboard.press("ArrowUp")   # k-means++ ... random responsibilities
    explorer.root.locator(".widget-html-content").filter(
        has_text="start: random responsibilities").wait_for()
    focus("New seed")
    keyboard.press("Enter")
    explorer.root.locator(".widget-html-content").filter(has_text="seed 1.").wait_for()

    focus("x")
    keyboard.type("-5")
    keyboard.press("Tab")
    keyboard.type("-10")
    keyboard.press("Tab")
    assert page.page.evaluate(FOCUSED)["name"] == "Membership"
    keyboard.press("Enter")
    explorer.root.locator(".widget-html-content").filter(has_text="Point (-5, -10)").wait_for()
    shares = [float(p) for p in re.findall(r"component \d+: ([\d.]+)%", status())[-3:]]
    assert sum(shares) == pytest.approx(100, abs=0.2)
    explorer.canvas.settle()
    save_png(page.page.screenshot(), "keyboard-voila-04-1280x720")
    page.assert_healthy()
