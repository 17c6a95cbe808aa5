"""A JupyterHub of its own for the hub test and the load benchmark.

The hub is started from ``deploy/jupyterhub_config.py`` (the sample a hub admin reads),
loaded by a small configuration file that only adds free ports of 127.0.0.1 and folders
under a temporary root: the hub's database and cookie secret, and the students' homes.
The proxy is configurable-http-proxy from npm (node_modules), the users log in through
DummyAuthenticator and their servers are local processes (SimpleLocalProcessSpawner).

Stopping: the hub is ended through its process group (it stops the servers and the
proxy it started); then every process it left behind is ended by its id. Those are
found two ways, so that none escapes even when the hub died first: the descendants of
the hub seen just before it was stopped, and every process whose environment names the
temporary root (the hub and the proxy carry it in ``GMM_HUB_ROOT``, the students'
servers and kernels in ``HOME``). Nothing here is found by a process's name.
"""

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from browser_support import free_port

REPO = Path(__file__).resolve().parents[2]
DEPLOY_CONFIG = REPO / "deploy" / "jupyterhub_config.py"
CHP = REPO / "node_modules" / ".bin" / "configurable-http-proxy"

# JupyterLab settings of each student's home: every cell attached to the page (the
# tests look at all of them) and no news pop-up over the notebook.
LAB_SETTINGS = {
    ("notebook-extension", "tracker"): {"windowingMode": "none"},
    ("apputils-extension", "notification"): {"fetchNews": "false", "checkForUpdates": False},
}


def missing():
    """Why a hub cannot be started here, or None."""
    for package in ("jupyterhub", "nbgitpuller"):
        if importlib.util.find_spec(package) is None:
            return (f"hub tests skipped: the Python package {package} is not installed; "
                    f"install it with pip install {package}")
    if shutil.which("node") is None:
        return "hub tests skipped: node is not installed (Debian: apt-get install nodejs npm)"
    if not CHP.exists():
        return (f"hub tests skipped: {CHP.relative_to(REPO)} not found; run npm ci in the "
                "repository (make test does)")
    if shutil.which("git") is None:
        return "hub tests skipped: git is not installed"
    return None


def _stat(pid):
    """Fields of /proc/<pid>/stat after the command name (state first), or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _processes():
    """Every process as pid -> (parent pid, start time)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(entry.name)
            if stat is not None:
                found[int(entry.name)] = (int(stat[1]), stat[19])
    return found


def descendants(pid):
    """The processes below ``pid`` (children, their children...), as (pid, start time)."""
    table = _processes()
    below, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, started) in table.items():
            if ppid == parent:
                below.append((child, started))
                frontier.append(child)
    return below


def marked(text):
    """Processes whose environment holds ``text``, as (pid, start time)."""
    needle = text.encode()
    found = []
    for pid, (_, started) in _processes().items():
        if pid == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if needle in environ:
            found.append((pid, started))
    return found


def rss_bytes(pid):
    """Resident set size of a process in bytes (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _end(processes, sig):
    for pid, started in processes:
        stat = _stat(pid)
        if stat is not None and stat[19] == started and stat[0] != "Z":
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass


def _alive(processes):
    alive = []
    for pid, started in processes:
        stat = _stat(pid)
        if stat is not None and stat[19] == started and stat[0] != "Z":
            alive.append(pid)
    return alive


def clone_lesson(destination):
    """``git clone`` of this repository (its committed main branch) into ``destination``:
    the upstream the students' links point at."""
    subprocess.run(["git", "clone", "--quiet", "--branch", "main", str(REPO), str(destination)],
                   check=True, capture_output=True)
    return destination


class Hub:
    """A JupyterHub on free ports of 127.0.0.1, its state and students' homes under
    ``root``. ``extra_config`` is Python appended to its configuration file."""

    def __init__(self, root, *, extra_config="", log_path=None):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.homes = self.root / "homes"
        self.homes.mkdir(exist_ok=True)
        self.port, hub_port, api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = self.root / "jupyterhub_config.py"
        config.write_text("\n".join([
            f"load_subconfig({str(DEPLOY_CONFIG)!r})",
            f"c.JupyterHub.bind_url = 'http://127.0.0.1:{self.port}/'",
            f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{hub_port}'",
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'",
            f"c.ConfigurableHTTPProxy.pid_file = {str(self.root / 'proxy.pid')!r}",
            f"c.JupyterHub.db_url = 'sqlite:///{self.root / 'jupyterhub.sqlite'}'",
            f"c.JupyterHub.cookie_secret_file = {str(self.root / 'cookie_secret')!r}",
            "c.SimpleLocalProcessSpawner.home_dir_template = "
            f"{str(self.homes / '{username}')!r}",
            extra_config, ""]))
        env = dict(os.environ)
        # The explorers render for a browser, not for a test's Agg backend.
        env.pop("MPLBACKEND", None)
        env["GMM_HUB_ROOT"] = str(self.root)
        self.log_path = Path(log_path or self.root / "jupyterhub.log")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.root, env=env,
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        self.left_behind = []

    def log_tail(self, lines=40):
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def wait_ready(self, timeout=90.0):
        """Until the hub answers on its public port (through the proxy)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.process.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"jupyterhub did not answer within {timeout:.0f} s:\n"
                           f"{self.log_tail()}")

    def prepare_home(self, name):
        """The home of user ``name`` with the JupyterLab settings of LAB_SETTINGS."""
        settings = self.homes / name / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
        for (plugin, file), values in LAB_SETTINGS.items():
            (settings / plugin).mkdir(parents=True, exist_ok=True)
            (settings / plugin / f"{file}.jupyterlab-settings").write_text(json.dumps(values))
        return self.homes / name

    def processes(self):
        """Every process of this hub still running: the hub, the proxy, the students'
        servers and kernels, as (pid, start time)."""
        seen = dict(marked(str(self.root)))
        if self.process.poll() is None:
            seen[self.process.pid] = _stat(self.process.pid)[19]
            seen.update(descendants(self.process.pid))
        return sorted(seen.items())

    def stop(self, timeout=30.0):
        """End the hub and everything it started; returns the pids that had to be ended
        by id after the hub's own shutdown. Raises if any process is still running."""
        before = self.processes()
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)
            except ProcessLookupError:
                pass
        # The hub stops the servers it started; give them a moment, then end the rest.
        deadline = time.monotonic() + 10
        while _alive(before) and time.monotonic() < deadline:
            time.sleep(0.2)
        leftover = before + [p for p in marked(str(self.root)) if p not in before]
        self.left_behind = _alive(leftover)
        _end(leftover, signal.SIGKILL)
        time.sleep(0.5)
        self._log.close()
        still = _alive(leftover) + [pid for pid, _ in marked(str(self.root))]
        if still:
            raise RuntimeError(f"processes of the hub still running after stop: {still}")
        return self.left_behind

    # --- the REST API (for the benchmark) --------------------------------------------------

    def api(self, method, path, token, body=None, timeout=60):
        """A request to the hub's REST API under /hub/api; the decoded JSON reply."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/hub/api{path}", data=data, method=method,
                                         headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text else None


def pull_link(hub_url, repo, notebook, *, targetpath, branch="main", app="lab"):
    """The nbgitpuller link of deploy/make_link.py (loaded from there: one source)."""
    spec = importlib.util.spec_from_file_location("make_link", REPO / "deploy" / "make_link.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pull_link(hub_url, repo, notebook, targetpath=targetpath, branch=branch,
                            app=app)
