"""Milliseconds from a click on *Step forward* to new pixels on the explorer's canvas, in Voila.

What a learner waits for at each step: the click goes to the kernel, the explorer
redraws the figure, the frame travels back, and the browser paints it. Starts Voila
on a free port of 127.0.0.1 (in a process group of its own, stopped at the end), opens
the notebook in Chromium through Playwright, and once the explorer has drawn and the
notebook has finished running, clicks *Step forward* again and again, each click as
soon as the last one's picture has settled. The time is taken in the page, from the
click to the first animation frame whose canvas pixels differ (so to one frame, about
16 ms); the servers, the helpers and the script installed in the page are the browser
tests' (``tests/browser/browser_support.py``).

Target: a median under 60 ms for the 2D explorer (notebook 04) and for the 1D explorer
(notebook 03). One notebook is open at a time. Chromium runs on the same cores as Voila
and its kernel here, and other work on the machine moves the times by tens of
milliseconds: the load average is printed with them.

    python benchmarks/bench_browser_latency.py [--presses 15] [--notebook PATH ...]
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

# The browser tests' helpers, shared rather than copied.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from browser_support import (
    PAGE_SCRIPT,
    REPO,
    NotebookPage,
    Server,
    click_until_redrawn,
    em_explorer,
    free_port,
    last_half_step,
)

NOTEBOOKS = {
    "notebooks/04_em_in_many_dimensions.ipynb": "2D explorer",
    "notebooks/03_em_in_one_dimension.ipynb": "1D explorer",
}
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 900}
TARGET_MS = 60.0


def measure(context, server, notebook, presses):
    """Click-to-pixels milliseconds of the first EM explorer in ``notebook``."""
    url = f"{server.url}/voila/render/{notebook}"
    page = NotebookPage(context.new_page(), url, f"Voila {notebook}")
    try:
        # Voila streams the page as the kernel runs the cells: "load" is the end.
        page.page.goto(url, wait_until="load", timeout=180_000)
        explorer = em_explorer(page.page)
        explorer.canvas.wait_drawn()
        explorer.canvas.settle()
        # A notebook may show its explorer already stepped on: count from there.
        shown = int(explorer.slider("half-step").readout())
        samples = click_until_redrawn(explorer, min(presses, last_half_step(explorer) - shown))
        page.assert_healthy()
        return samples
    finally:
        page.page.close()


def summary(samples):
    return (f"median {statistics.median(samples):.0f} ms (min {min(samples):.0f}, "
            f"max {max(samples):.0f}, n={len(samples)})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=15,
                        help="clicks per explorer (at most its number of half-steps)")
    parser.add_argument("--notebook", action="append",
                        help="a notebook with an EM explorer (repeatable); default: 04 and 03")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("Playwright is not installed: pip install -e '.[lesson,test]'")
    notebooks = args.notebook or list(NOTEBOOKS)

    print("Voila: milliseconds from a click on 'Step forward' to changed canvas pixels")
    print(f"(Chromium on the same {os.cpu_count()} cores as Voila; load average "
          f"{os.getloadavg()[0]:.2f} at the start)", flush=True)
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)   # the kernel draws with ipympl, as a learner's does
    with tempfile.NamedTemporaryFile(prefix="bench_browser_latency_", suffix=".log",
                                     delete=False) as log:
        log_path = Path(log.name)
    port = free_port()
    server = Server("voila", [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
                              "--Voila.ip=127.0.0.1"],
                    port=port, cwd=REPO, env=env, log_path=log_path)
    results = {}
    try:
        server.wait_for_port()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
                context.add_init_script(PAGE_SCRIPT)
                context.set_default_timeout(30_000)
                for notebook in notebooks:
                    results[notebook] = measure(context, server, notebook, args.presses)
            finally:
                browser.close()
    finally:
        server.stop()

    for notebook, samples in results.items():
        what = NOTEBOOKS.get(notebook, "explorer")
        median = statistics.median(samples)
        verdict = "met" if median < TARGET_MS else "MISSED"
        print(f"{what}, {notebook}: {summary(samples)}   target median < {TARGET_MS:.0f} ms: "
              f"{verdict}")
        print("  samples (ms): " + ", ".join(f"{sample:.0f}" for sample in samples))
    print(f"load average at the end {os.getloadavg()[0]:.2f}; Voila's log: {log_path}")


if __name__ == "__main__":
    main()
