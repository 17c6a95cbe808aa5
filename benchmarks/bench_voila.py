"""Seconds from opening a presented notebook to a working explorer, under Voila.

Starts ``make present`` on notebook 04 (Voila on a free port of 127.0.0.1, in a process
group of its own, stopped at the end), waits until the server and its kernels have
gone quiet (preheated kernels have run the notebook), then opens the page in Chromium
through Playwright:

* one page at a time, ``--loads`` times (each in a fresh browser context);
* ``--at-once`` pages together, each in its own context, as a class opening the
  link at the same moment.

A page counts as working when its EM explorer has drawn (some ink on the canvas) and a
click on *Step forward*, made by the page itself as soon as it has drawn, has changed
the canvas to the next half-step: the kernel is there and answering. Times run from the
moment the navigations were started. After each single load the benchmark waits until
the kernel that load started (the page's own, or the one replacing it in the pool) has
run the notebook. It prints the CPU seconds that the server, its kernels and Chromium used while
the pages opened together, and reads the kernels' memory from ``/proc``: resident size,
and the private part that a further kernel adds (shared libraries are counted once for
all kernels).

Targets: median under 2 s for one page; under 10 s for the last of 10 pages opened
together. Chromium runs on the same cores as Voila and its kernels here, and other
work on the machine slows all of it: the numbers are an upper bound for a classroom,
where each learner's browser runs on the learner's computer.

    python benchmarks/bench_voila.py [--loads 5] [--at-once 10] [--pool N] [--voila-args '...']

``--pool`` is passed to ``make present`` as ``POOL`` (``--pool 0``: no preheated
kernels, each page load starts its own), ``--voila-args`` as ``VOILA_ARGS``.
"""

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/04_em_in_many_dimensions.ipynb"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}
TARGET_ONE_S = 2.0
TARGET_TENTH_S = 10.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# Installed in every page before its own scripts. ipympl paints a figure's view with
# drawImage; each paint of a canvas in the explorer's output (the one with a "Step
# forward" button) is checked here, in the page, with no round trip to Playwright:
# the first paint with ink is "drawn", and the page then clicks "Step forward"; the
# first paint after it with different pixels, once the half-step readout has changed,
# is "working". Times are Date.now().
PAGE_SCRIPT = """
(() => {
  const state = window.__bench = {drawn: null, working: null};
  const stepButton = (canvas) => {
    const output = canvas.closest('.jp-OutputArea-output');
    if (!output) return null;
    return [...output.querySelectorAll('button.widget-button')]
      .find((button) => button.textContent.trim() === 'Step forward') || null;
  };
  // Every 7th pixel: enough to tell one step from the next, cheap with ten pages open.
  const sample = (canvas) => {
    const ctx = canvas.getContext('2d');
    return new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
  };
  const ink = (canvas) => {
    const words = sample(canvas);
    let inked = 0, seen = 0;
    for (let i = 0; i < words.length; i += 7, seen++) {
      const w = words[i], r = w & 255, g = (w >>> 8) & 255, b = (w >>> 16) & 255;
      if ((w >>> 24) > 0 && (r < 235 || g < 235 || b < 235)) inked++;
    }
    return seen ? inked / seen : 0;
  };
  const signature = (canvas) => {
    const words = sample(canvas);
    let hash = 2166136261 >>> 0;
    for (let i = 0; i < words.length; i += 7) hash = Math.imul(hash ^ words[i], 16777619) >>> 0;
    return hash;
  };
  // The readout of the "half-step" slider: the step the kernel says it shows.
  const halfStep = (canvas) => {
    const output = canvas.closest('.jp-OutputArea-output');
    const slider = [...output.querySelectorAll('.widget-hslider')].find((box) =>
      (box.querySelector('label') || {}).textContent === 'half-step');
    return slider ? slider.querySelector('.widget-readout').textContent.trim() : null;
  };
  let target = null, before = null, step = null, timer = null;
  // A new picture of the next step, not a redraw at a new size of the same step; checked
  // at each paint and every 50 ms (the readout may change after the paint).
  const stepped = () => {
    if (state.working === null && halfStep(target) !== step && signature(target) !== before) {
      state.working = Date.now();
      clearInterval(timer);
    }
  };
  const check = (canvas) => {
    if (state.working !== null || !canvas.closest('.jupyter-matplotlib-canvas-div')) return;
    if (state.drawn === null) {
      const button = stepButton(canvas);
      if (!button || canvas.width === 0 || ink(canvas) < 0.02) return;
      state.drawn = Date.now();
      target = canvas;
      before = signature(canvas);
      step = halfStep(canvas);
      button.click();
      timer = setInterval(stepped, 50);
    } else if (canvas === target) {
      stepped();
    }
  };
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const result = drawImage.apply(this, args);
    try { check(this.canvas); } catch (error) { state.error = String(error); }
    return result;
  };
})();
"""


# --- the server -------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stat(pid):
    """Fields of /proc/<pid>/stat after the command name, or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def descendants(root):
    """Process ids under ``root`` (kernels run in sessions of their own, so they are
    found by parent, not by group)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(entry.name)
            if stat is not None:
                children.setdefault(int(stat[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        stat = _stat(pid)
        if stat is not None:
            total += int(stat[11]) + int(stat[12])   # utime, stime
    return total / CLOCK_TICKS


def kernels(root):
    return [pid for pid in descendants(root) if b"ipykernel" in _cmdline(pid)]


def cpu_by_part(presenter):
    """CPU seconds used so far by the Voila server, its kernels and Chromium (kernels that
    ended meanwhile are not counted)."""
    kernels = set(presenter.kernels())
    server = [pid for pid in descendants(presenter.process.pid) if pid not in kernels]
    chromium = [pid for pid in descendants(os.getpid()) if b"chrom" in _cmdline(pid)]
    return {"server": cpu_seconds(server + [presenter.process.pid]),
            "kernels": cpu_seconds(kernels), "chromium": cpu_seconds(chromium)}


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def memory_mb(pid):
    """(resident, private) MB of a process, from /proc/<pid>/smaps_rollup."""
    fields = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        return None
    private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields.get("Rss", 0) / 1024, private / 1024


class Presenter:
    """``make present`` on a free port, in its own process group."""

    def __init__(self, notebook, pool, voila_args, log):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)        # the page's kernels draw with ipympl
        settings = [f"NB={notebook}", f"PORT={self.port}", f"VOILA_ARGS={voila_args}"]
        if pool is not None:
            settings.append(f"POOL={pool}")
        # -o: never rebuild the environment from inside a benchmark.
        command = ["make", "--no-print-directory", "-s", "-o", ".venv/.installed",
                   "-o", "node_modules/.installed", "present", *settings]
        self.log = log
        self.command = " ".join(settings)
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)

    def wait_listening(self, timeout=120.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make present exited with {self.process.returncode}; "
                                   f"see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"Voila did not listen on {self.port} within {timeout:.0f} s")

    def wait_ready(self, known=None, window=2.0, busy_share=0.1, timeout=400.0):
        """Until a kernel not in ``known`` (process ids) has started, if ``known`` is given,
        and then the server and its kernels used under ``busy_share`` of a core over
        ``window`` seconds; seconds waited.

        A page load starts one kernel, with or without preheated kernels: the page's
        own, or the one that replaces in the pool the kernel the page took (Voila
        starts it ``fill_delay`` seconds later). Quiet then means it has run the notebook.
        """
        start = time.monotonic()
        while known is not None and not set(self.kernels()) - known:
            if time.monotonic() - start > timeout:
                raise RuntimeError(f"no new kernel after {timeout:.0f} s")
            time.sleep(0.5)
        while time.monotonic() - start < timeout:
            pids = descendants(self.process.pid) + [self.process.pid]
            before = cpu_seconds(pids)
            time.sleep(window)
            if cpu_seconds(pids) - before < busy_share * window:
                return time.monotonic() - start
        raise RuntimeError(f"the server was still busy after {timeout:.0f} s")

    def kernels(self):
        return kernels(self.process.pid)

    def stop(self):
        left = [(pid, _stat(pid)) for pid in descendants(self.process.pid)]
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(20)
        except ProcessLookupError:
            pass
        # Voila shuts its kernels down when stopped; end any left, by pid (the start
        # time tells a kernel from a later process given the same id).
        for pid, stat in left:
            now = _stat(pid)
            if stat is not None and now is not None and now[19] == stat[19]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


# --- the pages -------------------------------------------------------------------------------


async def open_pages(browser, url, count, timeout_s):
    """Open ``count`` pages at once; seconds from the start to drawn and to working,
    per page (None where the page did not get there in time)."""
    contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range(count)]
    pages = []
    for context in contexts:
        await context.add_init_script(PAGE_SCRIPT)
        pages.append(await context.new_page())
    start_ms = time.time() * 1000
    await asyncio.gather(*(page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
                           for page in pages))

    async def outcome(page):
        try:
            await page.wait_for_function("window.__bench && window.__bench.working !== null",
                                         timeout=timeout_s * 1000, polling=200)
        except Exception:      # a page that never works is reported as such
            pass
        state = await page.evaluate("window.__bench || {}")
        return tuple(None if state.get(key) is None else (state[key] - start_ms) / 1000
                     for key in ("drawn", "working"))

    results = await asyncio.gather(*(outcome(page) for page in pages))
    for context in contexts:
        await context.close()
    return results


def describe(seconds):
    done = sorted(s for s in seconds if s is not None)
    missing = len(seconds) - len(done)
    if not done:
        return "none worked"
    text = f"median {statistics.median(done):5.2f} s (min {done[0]:.2f}, max {done[-1]:.2f})"
    return text + (f", {missing} never worked" if missing else "")


def verdict(value, target):
    if value is None:
        return "MISSED"
    return "met" if value < target else "MISSED"


async def measure(args, presenter):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS)
        try:
            singles = []
            waited = presenter.wait_ready()
            print(f"  server ready after {waited:.0f} s", flush=True)
            for _ in range(args.loads):
                known = set(presenter.kernels())
                (result,) = await open_pages(browser, presenter.url, 1, args.timeout)
                singles.append(result)
                waited = presenter.wait_ready(known)
                print(f"  one page: drawn {fmt(result[0])}, working {fmt(result[1])} "
                      f"(server ready again after {waited:.0f} s)", flush=True)
            before = cpu_by_part(presenter)
            together = await open_pages(browser, presenter.url, args.at_once, args.timeout)
            after = cpu_by_part(presenter)
            spent = {part: after[part] - before.get(part, 0.0) for part in after}
            memory = [m for m in (memory_mb(pid) for pid in presenter.kernels()) if m]
        finally:
            await browser.close()
    return singles, together, memory, spent


def fmt(seconds):
    return "never" if seconds is None else f"{seconds:.2f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="single page loads")
    parser.add_argument("--at-once", type=int, default=10, help="pages opened together")
    parser.add_argument("--pool", type=int, help="POOL for make present (else its default)")
    parser.add_argument("--voila-args", default="", help="VOILA_ARGS for make present")
    parser.add_argument("--notebook", default=NOTEBOOK)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per page")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install chromium")

    load = os.getloadavg()[0]
    print(f"Voila, {args.notebook}: seconds from opening the page to a working explorer")
    print(f"(Chromium on the same {os.cpu_count()} cores as Voila; other work on the machine "
          f"slows both: load average {load:.2f} at the start)")
    with tempfile.NamedTemporaryFile("wb", prefix="bench_voila_", suffix=".log",
                                     delete=False) as log:
        presenter = Presenter(args.notebook, args.pool, args.voila_args, log)
        print(f"server: make present {presenter.command}  (log: {log.name})", flush=True)
        try:
            presenter.wait_listening()
            singles, together, memory, spent = asyncio.run(measure(args, presenter))
        finally:
            presenter.stop()

    working = [w for _, w in singles]
    one = statistics.median(w for w in working if w is not None) if any(working) else None
    print(f"one page, {args.loads} loads:  drawn {describe([d for d, _ in singles])}")
    print(f"                     working {describe(working)}   target median < "
          f"{TARGET_ONE_S:.0f} s: {verdict(one, TARGET_ONE_S)}")
    last = None if any(w is None for _, w in together) else max(w for _, w in together)
    print(f"{args.at_once} pages at once:   drawn {describe([d for d, _ in together])}")
    print(f"                     working {describe([w for _, w in together])}   "
          f"target last < {TARGET_TENTH_S:.0f} s: {verdict(last, TARGET_TENTH_S)}")
    print("CPU seconds while the pages opened together: "
          + ", ".join(f"{part} {seconds:.0f}" for part, seconds in spent.items()))
    if memory:
        rss = [r for r, _ in memory]
        private = [p for _, p in memory]
        print(f"memory per kernel ({len(memory)} kernels running): resident median "
              f"{statistics.median(rss):.0f} MB, private median {statistics.median(private):.0f} "
              f"MB; all kernels together {sum(private):.0f} MB private")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
