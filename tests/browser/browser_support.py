"""Servers, pages and explorers for the browser tests.

Nothing here imports Playwright: the conftest skips the folder when Chromium or
Playwright is missing, and this module must still import so that the skip is reported.

The explorers are found by what they show: the output of a notebook cell that holds an
ipympl canvas and a "Step forward" button (the EM explorer), a "std of x" slider (the
covariance playground) or a "sigma" slider (the k-means limit). Their state is read from
the DOM where
the widget shows it as text (slider readouts, the status and membership lines) and
from the canvas pixels otherwise (the figure's title is drawn inside the canvas).
"""

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"

# Colour of the marker on the log-likelihood curve (gmm_lesson.plotting._style._MARKER_COLOR).
LOG_LIKELIHOOD_MARKER_RGB = (0xD5, 0x5E, 0x00)

# Installed in every page: a hash of a canvas's pixels, the share of its pixels that
# carry ink, and two waits that poll the canvas once per animation frame.
PAGE_SCRIPT = """
window.__gmmSig = (canvas) => {
  const ctx = canvas.getContext('2d');
  const words = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
  let hash = 2166136261 >>> 0;
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 16777619) >>> 0;
  return hash;
};
window.__gmmInk = (canvas) => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink++;
  }
  return ink / (data.length / 4);
};
window.__gmmSettle = (canvas, quietMs, timeoutMs) => new Promise((resolve, reject) => {
  const start = performance.now();
  let last = window.__gmmSig(canvas), since = start;
  const tick = () => {
    const now = performance.now(), sig = window.__gmmSig(canvas);
    if (sig !== last) { last = sig; since = now; }
    else if (now - since >= quietMs) return resolve(sig);
    if (now - start > timeoutMs) {
      return reject(new Error(`canvas still changing after ${timeoutMs} ms`));
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
window.__gmmClickUntilRedrawn = (button, canvas, timeoutMs) => new Promise((resolve, reject) => {
  const before = window.__gmmSig(canvas);
  const start = performance.now();
  button.click();
  const tick = () => {
    const now = performance.now();
    if (window.__gmmSig(canvas) !== before) return resolve(now - start);
    if (now - start > timeoutMs) {
      return reject(new Error(`canvas unchanged ${timeoutMs} ms after the click`));
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
"""

# Python errors as Voila and JupyterLab show them: error outputs and stderr share a mime
# type; warnings (also stderr) are not errors.
STDERR_OUTPUTS = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
ERROR_TEXT = re.compile(r"Traceback|\b\w*(Error|Exception)\b|There was an error", re.MULTILINE)


# --- servers -------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A Jupyter server in its own process group, stopped by that group's id.

    Kernels are started in sessions of their own, so they are not in the server's
    group: a terminated server shuts them down itself, and any it leaves behind are
    ended by their process ids.
    """

    def __init__(self, name, args, *, port, cwd, env=None, log_path):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = Path(log_path)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # Open for the server's lifetime; closed by stop().
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, cwd=cwd, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)

    def wait_for_port(self, timeout=60.0):
        """Ready once the port accepts a connection (a GET would start a kernel)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode} before "
                                   f"listening on {self.port}:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not listen on {self.port} within {timeout:.0f} s:\n"
                           f"{self.log_tail()}")

    def log_tail(self, lines=30):
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _children(self):
        """The processes the server started (its kernels), as (pid, start time) read from
        /proc: the start time tells a kernel from a later process given the same pid."""
        children = []
        for entry in Path("/proc").iterdir():
            stat = _proc_stat(entry.name)
            if stat is not None and int(stat[1]) == self.process.pid:
                children.append((int(entry.name), stat[19]))
        return children

    def stop(self, timeout=10.0):
        if self.process.poll() is None:
            children = self._children()
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)
            except ProcessLookupError:
                pass
            # A terminated server shuts its kernels down; end any it left, by pid.
            for pid, started in children:
                stat = _proc_stat(str(pid))
                if stat is not None and stat[19] == started:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        self._log.close()


def jupyterlab_home(root):
    """Folders for a JupyterLab of its own under ``root``: settings (no news pop-up, every
    cell attached to the page), workspaces, and ``notebooks`` to serve. Returns ``root``."""
    settings = root / "settings" / "@jupyterlab"
    for folder, name, text in (
            ("notebook-extension", "tracker", '{"windowingMode": "none"}'),
            ("apputils-extension", "notification",
             '{"fetchNews": "false", "checkForUpdates": false}')):
        (settings / folder).mkdir(parents=True)
        (settings / folder / f"{name}.jupyterlab-settings").write_text(text)
    (root / "workspaces").mkdir()
    (root / "notebooks").mkdir()
    return root


def jupyterlab_server(name, home, env, log_path):
    """A JupyterLab server (not yet waited for) on a free port of 127.0.0.1, with no token,
    serving ``home / "notebooks"`` with the settings and workspaces of ``home``."""
    port = free_port()
    env = {**env, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    return Server(name,
                  [sys.executable, "-m", "jupyterlab", "--no-browser", "--port", str(port),
                   "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
                   "--ServerApp.password=", "--allow-root"],
                  port=port, cwd=home / "notebooks", env=env, log_path=log_path)


def _proc_stat(pid):
    """The fields of /proc/<pid>/stat after the command name (state first), or None."""
    if not pid.isdigit():
        return None
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


# --- pictures ----------------------------------------------------------------------------------


def pixels(png):
    """An RGB array of shape (height, width, 3) from PNG bytes."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def changed_mask(before, after, threshold=24):
    """Pixels whose colour moved by more than ``threshold`` in some channel."""
    return np.abs(after - before).max(axis=2) > threshold


def changed_share(before, after):
    return float(changed_mask(before, after).mean())


def colour_centroid(image, rgb, *, region=(0.5, 1.0), tolerance=40):
    """(x, y) centre of the pixels close to ``rgb`` with x in the ``region`` share of the
    width (the log-likelihood panel is on the right), or None if there are none."""
    width = image.shape[1]
    lo, hi = int(region[0] * width), int(region[1] * width)
    distance = np.abs(image[:, lo:hi] - np.asarray(rgb)).sum(axis=2)
    ys, xs = np.nonzero(distance < tolerance)
    if len(xs) < 5:
        return None
    return float(xs.mean() + lo), float(ys.mean())


def share_in_region(image, region, test):
    """Share of the pixels in ``region`` = (x0, x1, y0, y1), as fractions of the width and
    height, for which ``test(rgb_array)`` holds."""
    height, width = image.shape[:2]
    x0, x1, y0, y1 = region
    part = image[int(y0 * height):int(y1 * height), int(x0 * width):int(x1 * width)]
    return float(test(part).mean())


def coloured(rgb):
    """Pixels of some hue: the components' colours, not white, black or grey."""
    return (rgb.max(axis=2) - rgb.min(axis=2)) > 60


def grey_points(rgb):
    """Pixels of the grey the points have before any E-step (#8C8C8C)."""
    return np.abs(rgb - 140).max(axis=2) < 12


def save_png(png, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(png)
    return path


# --- pages -------------------------------------------------------------------------------------


def _is_external_resource_failure(message):
    """A failed request for a font or stylesheet on a public CDN: harmless offline."""
    if not message.text.startswith("Failed to load resource: net::ERR_"):
        return False
    url = (message.location or {}).get("url", "")
    return not re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", url)


class NotebookPage:
    """A browser page on one notebook, with the errors its console and DOM reported."""

    def __init__(self, page, url, label):
        self.page = page
        self.url = url
        self.label = label
        self.console_errors = []
        self.load_seconds = None
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"page error: {error}"))

    def _on_console(self, message):
        if message.type == "error" and not _is_external_resource_failure(message):
            where = (message.location or {}).get("url", "")
            self.console_errors.append(f"console error: {message.text} ({where})")

    def python_errors(self):
        """Text of every error output (traceback) on the page, and of every explorer
        status line reporting an error its controls caught."""
        texts = self.page.locator(STDERR_OUTPUTS).all_inner_texts()
        errors = [text for text in texts if ERROR_TEXT.search(text)]
        status = self.page.locator(".widget-html-content").all_inner_texts()
        errors += [text for text in status if re.search(r"(^|\n)Error: ", text)]
        return errors

    def assert_healthy(self):
        """No console or page errors since the last check, no Python error on the page."""
        problems = self.console_errors + self.python_errors()
        self.console_errors = []
        assert not problems, f"{self.label}:\n" + "\n---\n".join(problems)


class Canvas:
    """The ipympl canvas of a widget, read by hashing and screenshotting its pixels."""

    def __init__(self, root):
        self.locator = root.locator("div.jupyter-matplotlib-canvas-div > canvas").first
        self.div = root.locator("div.jupyter-matplotlib-canvas-div").first

    def handle(self):
        return self.locator.element_handle()

    def signature(self):
        return self.locator.evaluate("canvas => window.__gmmSig(canvas)")

    def ink(self):
        return self.locator.evaluate("canvas => window.__gmmInk(canvas)")

    def resize_handle_drawn(self):
        """Whether ipympl drew its resize handle (on the overlay canvas, bottom right)."""
        return self.div.evaluate("""div => {
            const top = div.querySelectorAll("canvas")[1];
            const corner = top.getContext("2d").getImageData(top.width - 4, top.height - 4, 1, 1);
            return corner.data[3] > 0;
        }""")

    def wait_drawn(self, timeout=60_000):
        """Until the first picture has arrived from the kernel (some pixels not white)."""
        self.locator.wait_for(state="visible", timeout=timeout)
        self.locator.page.wait_for_function("canvas => window.__gmmInk(canvas) > 0.02",
                                            arg=self.handle(), timeout=timeout)

    def settle(self, quiet_ms=300, timeout_ms=15_000):
        """Wait until the pixels have not changed for ``quiet_ms``; their signature."""
        return self.locator.evaluate(
            "(canvas, [quiet, timeout]) => window.__gmmSettle(canvas, quiet, timeout)",
            [quiet_ms, timeout_ms])

    def wait_changed(self, signature, timeout=15_000):
        self.locator.page.wait_for_function(
            "([canvas, before]) => window.__gmmSig(canvas) !== before",
            arg=[self.handle(), signature], timeout=timeout)

    def screenshot(self):
        return self.locator.screenshot()

    def image(self):
        return pixels(self.screenshot())

    def click_at(self, fx, fy):
        """Click at a fraction (fx, fy) of the canvas's width and height."""
        box = self.div.bounding_box()
        self.div.click(position={"x": fx * box["width"], "y": fy * box["height"]})


class Slider:
    """An ipywidgets slider found by its description."""

    def __init__(self, root, description):
        label = root.page.locator("label.widget-label").filter(
            has_text=re.compile(rf"^{re.escape(description)}$"))
        self.locator = root.locator(".widget-hslider").filter(has=label).first
        self.handle = self.locator.locator(".noUi-handle").first
        self.track = self.locator.locator(".noUi-target").first

    def readout(self):
        return self.locator.locator(".widget-readout").inner_text().strip()

    def wait_readout(self, expected, timeout=10_000):
        self.locator.locator(".widget-readout").filter(
            has_text=re.compile(rf"^\s*{re.escape(str(expected))}\s*$")).wait_for(timeout=timeout)

    def drag_to(self, fraction):
        """Drag the handle with the mouse to a fraction of the track's length."""
        page = self.locator.page
        handle, track = self.handle.bounding_box(), self.track.bounding_box()
        page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        page.mouse.down()
        target_x = track["x"] + fraction * track["width"]
        page.mouse.move(target_x, handle["y"] + handle["height"] / 2, steps=8)
        page.mouse.up()


class Widget:
    """An explorer: the output (of its notebook cell) that holds an ipympl canvas and the
    explorer's controls, whatever boxes the explorer lays them out in."""

    def __init__(self, page, marker, index=0):
        self.page = page
        self.root = page.locator(".jp-OutputArea-output:has(div.jupyter-matplotlib)").filter(
            has=marker).nth(index)
        self.canvas = Canvas(self.root)

    def button(self, name):
        return self.root.locator(_button(self.page, name)).first

    def slider(self, description):
        return Slider(self.root, description)

    def html_texts(self):
        return self.root.locator(".widget-html-content").all_inner_texts()

    def screenshot(self, name):
        return save_png(self.root.screenshot(), name)


def _button(page, name):
    # By its text: the accessible name also holds the icon's glyph (CSS content).
    return page.locator("button.widget-button, button.widget-toggle-button").filter(
        has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))


def last_half_step(explorer):
    """The last half-step of an EM explorer's fit: its slider's maximum."""
    handle = explorer.slider("half-step").handle
    return int(float(handle.get_attribute("aria-valuemax")))


def click_until_redrawn(explorer, presses, button="Step forward", timeout_ms=10_000):
    """Click ``button`` ``presses`` times, each time waiting until the canvas's pixels have
    changed and then settled; fails if a click leaves the canvas unchanged.

    Returns the milliseconds from each click to the first changed pixels, timed in the
    page, to one animation frame.
    """
    control, canvas = explorer.button(button), explorer.canvas
    samples = []
    for _ in range(presses):
        samples.append(control.evaluate(
            "(button, [canvas, timeout]) => "
            "window.__gmmClickUntilRedrawn(button, canvas, timeout)",
            [canvas.handle(), timeout_ms]))
        canvas.settle(quiet_ms=200)
    return samples


def em_explorer(page, index=0):
    """The EM explorer number ``index`` on the page (it has a "Step forward" button)."""
    return Widget(page, _button(page, "Step forward"), index)


def covariance_playground(page, index=0):
    """The covariance playground number ``index`` (it has a "std of x" slider)."""
    return Widget(page, page.locator("label.widget-label").filter(
        has_text=re.compile(r"^std of x$")), index)


def kmeans_limit(page, index=0):
    """The k-means limit number ``index`` (it has a "sigma" slider)."""
    return Widget(page, page.locator("label.widget-label").filter(
        has_text=re.compile(r"^sigma$")), index)


# --- fitting the page --------------------------------------------------------------------------

# The explorers' own markup: the box each explorer adds a class to (gmm_lesson.widgets).
EXPLORER_ROOT = ".gmm-explorer, .gmm-playground"

# Whether every pixel of an element is on screen, found by asking the browser which element
# is drawn at points all over it (its edges every 4 px, a grid inside): a point cut off by a
# clipping box, a scrolling box or the window's edge, or covered by something else, is not
# the element's. Returns its box and the points that are not.
VISIBLE_PART = """element => {
  const box = element.getBoundingClientRect();
  const xs = [], ys = [];
  for (let x = box.left + 0.5; x < box.right; x += 4) xs.push(x);
  for (let y = box.top + 0.5; y < box.bottom; y += 4) ys.push(y);
  xs.push(box.right - 0.5); ys.push(box.bottom - 0.5);
  const points = [];
  for (const x of xs) { points.push([x, ys[0]], [x, ys[ys.length - 1]]); }
  for (const y of ys) { points.push([xs[0], y], [xs[xs.length - 1], y]); }
  for (let i = 0; i < xs.length; i += 10) {
    for (let j = 0; j < ys.length; j += 10) points.push([xs[i], ys[j]]);
  }
  const hidden = points.filter(([x, y]) => {
    const seen = document.elementFromPoint(x, y);
    return !seen || !(seen === element || element.contains(seen)
                      || seen.parentElement === element.parentElement);
  });
  return {box: [box.left, box.top, box.width, box.height], points: points.length,
          hidden: hidden.slice(0, 8).map(([x, y]) => {
            const seen = document.elementFromPoint(x, y) || {className: 'outside the window'};
            return [Math.round(x), Math.round(y), seen.className.toString().slice(0, 60)];
          }),
          n_hidden: hidden.length};
}"""


# Elements inside an explorer whose content is wider than they are and that scroll or clip
# it: each would show a horizontal scrollbar (or hide part of the explorer).
OVERFLOWING = """root => [root, ...root.querySelectorAll('*')].filter(element => {
  const style = getComputedStyle(element);
  return element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 0.5
    && style.overflowX !== 'visible' && style.display !== 'none';
}).map(element => `${element.className.toString().slice(0, 70)}: `
                  + `content ${element.scrollWidth} px in ${element.clientWidth} px`)"""

# Text the explorer shows (own text nodes of visible elements, hidden copies left out), with
# its computed font size.
TEXT_SIZES = """root => {
  const sizes = [];
  for (const element of [root, ...root.querySelectorAll('*')]) {
    const own = [...element.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
    if (!own.length || !element.getClientRects().length) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== 'visible' || element.closest('[aria-hidden="true"]')) continue;
    const text = own.map(n => n.textContent.trim()).join(' ').slice(0, 40);
    sizes.push([text, parseFloat(style.fontSize)]);
  }
  return sizes;
}"""


def explorer_root(widget):
    """The explorer's own box (gmm-explorer or gmm-playground) inside a cell's output."""
    return widget.root.locator(EXPLORER_ROOT).first


def wait_fitted(widget, timeout=60_000):
    """Until the page script has reported the column and the figure has been drawn at the
    size the kernel chose for it: the canvas is no wider than the explorer's box and
    stopped changing size."""
    page = widget.page
    page.wait_for_function(
        """root => {
             const sizeBox = root.querySelector('.gmm-page-size input');
             const canvas = root.querySelector('div.jupyter-matplotlib-canvas-div canvas');
             if (!sizeBox || !sizeBox.value || !canvas) return false;
             const drawn = canvas.getBoundingClientRect();
             const size = `${drawn.width}x${drawn.height}`;
             const now = performance.now();
             if (root.__gmmSize !== size) {
               root.__gmmSize = size;
               root.__gmmSince = now;
               return false;
             }
             return now - root.__gmmSince > 800
               && drawn.right <= root.getBoundingClientRect().right + 0.5;
           }""",
        arg=explorer_root(widget).element_handle(), timeout=timeout, polling=100)
    widget.canvas.settle()


def figure_visibility(widget):
    """The canvas's box and the points of it that are not on screen once it is scrolled
    into view (ipympl draws on one canvas and takes the mouse on another over it)."""
    widget.canvas.div.evaluate("div => div.scrollIntoView({block: 'center', inline: 'nearest'})")
    return widget.canvas.locator.evaluate(VISIBLE_PART)


def overflowing(widget):
    return explorer_root(widget).evaluate(OVERFLOWING)


def text_sizes(widget):
    return explorer_root(widget).evaluate(TEXT_SIZES)


def check_fits(widget, name):
    """Every pixel of the figure visible, nothing overflowing; a screenshot of the window
    and of the widget. Returns the figure's width and height in CSS pixels."""
    wait_fitted(widget)
    seen = figure_visibility(widget)
    save_png(widget.page.screenshot(), f"{name}-window")
    widget.screenshot(name)
    x, y, width, height = seen["box"]
    assert seen["n_hidden"] == 0, (
        f"{name}: {seen['n_hidden']} of {seen['points']} points of the {width:.0f} x "
        f"{height:.0f} px figure are not on screen, e.g. {seen['hidden']}")
    assert overflowing(widget) == [], f"{name}: {overflowing(widget)}"
    return width, height


# --- accessibility -------------------------------------------------------------------------------

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

# Every violation of axe's rules, each node marked inside or outside the explorers' markup.
AXE_RUN = """async (roots) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const inside = element => !!(element && element.closest(roots));
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              inside: inside(document.querySelector(n.target[0]))}))}));
}"""


def axe_violations(page):
    """axe-core's violations on the whole page, as (inside the explorers, outside) lists of
    (rule, impact, help, nodes)."""
    page.add_script_tag(path=str(AXE))
    inside, outside = [], []
    for violation in page.evaluate(AXE_RUN, EXPLORER_ROOT):
        for where, keep in ((inside, True), (outside, False)):
            nodes = [node for node in violation["nodes"] if node["inside"] is keep]
            if nodes:
                where.append((violation["id"], violation["impact"], violation["help"], nodes))
    return inside, outside


# --- JupyterLab ----------------------------------------------------------------------------

# The kernel is up once the status bar names it and says Idle: the toolbar's execution
# indicator already reads "idle" while the status bar still says "No Kernel | Initializing",
# and a Run All sent then runs nothing.
KERNEL_IDLE = ("() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
               ".some(item => /^(?!No Kernel).+ \\| Idle$/.test(item.textContent.trim()))")
# Every code cell's prompt, once run, reads [n]: (they start empty: the copy is cleared).
PROMPTS = ("[...document.querySelectorAll("
           "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]")
STARTED = f"() => {PROMPTS}.some(prompt => /\\[(\\*|\\d+)\\]/.test(prompt.textContent))"
DONE = (f"() => {PROMPTS}.length > 0"
        f" && {PROMPTS}.every(prompt => /\\[\\d+\\]/.test(prompt.textContent))"
        " && document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status"
        " === 'idle'")


def run_all_cells(page):
    """Run -> Run All Cells in the notebook JupyterLab shows, and wait until every cell ran."""
    first_cell = page.locator(".jp-NotebookPanel .jp-CodeCell").first
    first_cell.wait_for(timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    first_cell.locator(".jp-InputPrompt").click()   # the notebook has the focus
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel").filter(
        has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(STARTED, timeout=15_000)
    page.wait_for_function(DONE, timeout=180_000)


def assert_every_code_cell_ran(page, notebook_path):
    """Every code cell of the notebook JupyterLab shows has an execution number: as many
    numbered prompts as the notebook file at ``notebook_path`` has code cells."""
    import nbformat

    prompts = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt").all_inner_texts()
    n_code = sum(cell.cell_type == "code"
                 for cell in nbformat.read(notebook_path, as_version=4).cells)
    numbered = [p for p in prompts if re.fullmatch(r"\s*\[\d+\]:\s*", p)]
    assert len(numbered) == n_code, prompts


def first_step(explorer):
    """Step forward from the start and wait until the readout says half-step 1 and the
    canvas has changed."""
    before = explorer.canvas.settle()
    explorer.button("Step forward").click()
    explorer.slider("half-step").wait_readout(1)
    explorer.canvas.wait_changed(before)
