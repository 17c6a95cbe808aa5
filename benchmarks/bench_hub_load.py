"""A class on one JupyterHub: N students at once, from login to a working explorer.

Starts a hub from deploy/jupyterhub_config.py (tests/browser/hub_support.py: free ports
of 127.0.0.1, configurable-http-proxy from npm, local processes for the students'
servers) and a ``git clone`` of this repository as the lesson's upstream. For each class
size N (default 1, 5, 10, 20), N simulated students start together; each, through the
hub's proxy and REST API with a service token:

1. is created and has their server started (POST /hub/api/users/<name>/server), waited
   for until the hub reports it ready;
2. gets the lesson through nbgitpuller's own endpoint (/user/<name>/git-pull/api);
3. opens notebook 04 in a kernel (Jupyter server REST API) and runs its code cells top to
   bottom over the kernel's websocket; the explorer works once its cell has run and a
   first ``explorer.step_forward()`` has answered;
4. steps the explorer ten times: ``explorer.step_forward(); explorer.fig.canvas.draw()``
   executed in the kernel (the draw is the Agg rendering ipympl makes for a browser; no
   browser runs here, so the time a browser takes to show the picture is not counted).

Printed for each N: time from the start to a working explorer (median, worst), the
notebook's run time, step latency (median, 90th percentile, worst, over all steps of all
students, taken while the others are still working), and the resident memory (RSS) of
each student's server and kernel, read from /proc after the steps (and the PSS, which
counts the pages the processes share once in all), and the CPU seconds they used from
the start to the last step: the work a class brings to the hub's cores, whatever else
runs beside it. The machine's load
average is printed beside them: other work on the machine makes every number worse.
Between sizes, every server is stopped.

Targets (a class whose hub has enough cores): a working explorer within 60 s of the
start for every student, steps under 1 s at the 90th percentile.

    python benchmarks/bench_hub_load.py [--users 1,5,10,20] [--steps 10]
"""

import argparse
import asyncio
import json
import os
import secrets
import signal
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, urlencode

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from hub_support import Hub, clone_lesson, marked, missing, rss_bytes

NOTEBOOK = "notebooks/04_em_in_many_dimensions.ipynb"
TARGET = "gmm-lesson"
SERVICE = "load-benchmark"
WORKING_WITHIN_S, STEP_P90_S = 60.0, 1.0


def load():
    return "load average {:.2f} {:.2f} {:.2f} (1, 5, 15 min) on {} cores".format(
        *os.getloadavg(), os.cpu_count())


class Student:
    def __init__(self, hub, token, name, upstream):
        self.hub, self.token, self.name, self.upstream = hub, token, name, upstream
        self.client = AsyncHTTPClient()
        self.times, self.steps, self.errors = {}, [], []

    async def request(self, method, url, body=None, timeout=600):
        request = HTTPRequest(url, method=method, headers={"Authorization": f"token {self.token}"},
                              body=None if body is None else json.dumps(body),
                              request_timeout=timeout, allow_nonstandard_methods=True)
        response = await self.client.fetch(request)
        return json.loads(response.body) if response.body else None

    async def hub_api(self, method, path, body=None):
        return await self.request(method, f"{self.hub.url}/hub/api{path}", body)

    async def server_api(self, method, path, body=None):
        return await self.request(method, f"{self.hub.url}/user/{self.name}/api{path}", body)

    async def start_server(self):
        await self.hub_api("POST", f"/users/{self.name}")
        await self.hub_api("POST", f"/users/{self.name}/server", {})
        while True:
            user = await self.hub_api("GET", f"/users/{self.name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            await asyncio.sleep(0.5)

    async def pull(self):
        query = urlencode({"repo": str(self.upstream), "branch": "main",
                           "targetpath": TARGET}, quote_via=quote)
        response = await self.client.fetch(HTTPRequest(
            f"{self.hub.url}/user/{self.name}/git-pull/api?{query}",
            headers={"Authorization": f"token {self.token}"}, request_timeout=600))
        events = [json.loads(line[len("data: "):]) for line in response.body.decode().splitlines()
                  if line.startswith("data: ")]
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"nbgitpuller did not finish: {events[-1:]}")

    async def execute(self, ws, session, code, timeout=600):
        """Run ``code`` in the kernel; the seconds until it is idle again. Raises on error."""
        msg_id = uuid.uuid4().hex
        await ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": session,
                       "msg_type": "execute_request", "version": "5.3",
                       "date": datetime.now(timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        start = time.monotonic()
        replied = idle = False
        error = None
        while not (replied and idle):
            raw = await asyncio.wait_for(ws.read_message(), timeout)
            if raw is None:
                raise ConnectionError("the kernel's websocket closed")
            if isinstance(raw, bytes):      # messages with binary buffers (figures)
                continue
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["msg_type"]
            if kind == "error":
                error = f"{message['content']['ename']}: {message['content']['evalue']}"
            elif kind == "execute_reply":
                replied = True
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                idle = True
        if error:
            raise RuntimeError(f"{self.name}: {error} in\n{code[:200]}")
        return time.monotonic() - start

    async def run(self, t0, n_steps):
        try:
            await self.start_server()
            self.times["server ready"] = time.monotonic() - t0
            await self.pull()
            self.times["lesson pulled"] = time.monotonic() - t0
            path = f"{TARGET}/{NOTEBOOK}"
            notebook = await self.server_api("GET", f"/contents/{quote(path)}")
            cells = [c["source"] for c in notebook["content"]["cells"] if c["cell_type"] == "code"]
            session = await self.server_api("POST", "/sessions", {
                "path": path, "type": "notebook", "kernel": {"name": "python3"}})
            kernel = session["kernel"]["id"]
            ws_url = (f"{self.hub.url.replace('http', 'ws', 1)}/user/{self.name}"
                      f"/api/kernels/{kernel}/channels")
            ws = await websocket_connect(HTTPRequest(
                ws_url, headers={"Authorization": f"token {self.token}"}, request_timeout=120))
            client_session = uuid.uuid4().hex
            run_start = time.monotonic()
            for source in cells:
                await self.execute(ws, client_session, source)
                if "EMExplorer(" in source and "working explorer" not in self.times:
                    await self.execute(ws, client_session, "explorer.step_forward()")
                    self.times["working explorer"] = time.monotonic() - t0
            self.times["notebook run"] = time.monotonic() - run_start
            for _ in range(n_steps):
                self.steps.append(await self.execute(
                    ws, client_session, "explorer.step_forward(); explorer.fig.canvas.draw()"))
            home = self.hub.homes / self.name
            self.memory = {"server": [0, 0, 0.0], "kernel": [0, 0, 0.0]}   # RSS, PSS, CPU s
            for pid, _ in marked(f"HOME={home}\0"):
                part = self.memory["server" if is_server(pid) else "kernel"]
                part[0] += rss_bytes(pid)
                part[1] += pss_bytes(pid)
                part[2] += cpu_seconds(pid)
            ws.close()
        except (HTTPClientError, RuntimeError, ConnectionError, asyncio.TimeoutError) as error:
            self.errors.append(f"{type(error).__name__}: {error}")

    async def stop(self):
        try:
            await self.hub_api("DELETE", f"/users/{self.name}/server")
        except HTTPClientError:
            pass


def pss_bytes(pid):
    """Proportional set size: each shared page counted as a share of the processes that
    map it, so that sums over many students are not inflated by shared libraries."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def is_server(pid):
    """Whether the process is a student's Jupyter server (not their kernel)."""
    try:
        return b"jupyterhub.singleuser" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def cpu_seconds(pid):
    """User and system CPU time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def one_class(hub, token, upstream, size, n_steps):
    students = [Student(hub, token, f"n{size}-student{i}", upstream) for i in range(size)]
    load_before = load()
    t0 = time.monotonic()
    await asyncio.gather(*(student.run(t0, n_steps) for student in students))
    load_after = load()
    await asyncio.gather(*(student.stop() for student in students))
    # Wait until their servers and kernels are gone before the next size.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(
            marked(f"HOME={hub.homes / s.name}\0") for s in students):
        await asyncio.sleep(0.5)

    ok = [s for s in students if not s.errors]
    print(f"\nN = {size} students together  ({load_before} at the start, {load_after} "
          "at the end)")
    for student in students:
        for error in student.errors:
            print(f"  {student.name} FAILED: {error}")
    if not ok:
        return None
    working = [s.times["working explorer"] for s in ok]
    runs = [s.times["notebook run"] for s in ok]
    steps = [step for s in ok for step in s.steps]
    def median_of(part, index, scale=2**20):
        return statistics.median(s.memory[part][index] / scale for s in ok)

    rss = [sum(s.memory[part][0] for part in s.memory) / 2**20 for s in ok]
    cpu = [sum(s.memory[part][2] for part in s.memory) for s in ok]
    ready = [s.times["server ready"] for s in ok]
    print(f"  server ready (spawn):     median {statistics.median(ready):6.1f} s, "
          f"worst {max(ready):6.1f} s")
    print(f"  working explorer:         median {statistics.median(working):6.1f} s, "
          f"worst {max(working):6.1f} s   (target: worst under {WORKING_WITHIN_S:.0f} s)")
    print(f"  notebook 04 run (kernel): median {statistics.median(runs):6.1f} s, "
          f"worst {max(runs):6.1f} s")
    print(f"  explorer step + draw:     median {1000 * statistics.median(steps):6.0f} ms, "
          f"p90 {1000 * percentile(steps, 0.9):6.0f} ms, worst {1000 * max(steps):6.0f} ms "
          f"over {len(steps)} steps   (target: p90 under {1000 * STEP_P90_S:.0f} ms)")
    print(f"  RSS per student (server + kernel): median {statistics.median(rss):5.0f} MB, "
          f"worst {max(rss):5.0f} MB (server {median_of('server', 0):.0f} MB + kernel "
          f"{median_of('kernel', 0):.0f} MB; PSS {median_of('server', 1):.0f} + "
          f"{median_of('kernel', 1):.0f} MB)")
    print(f"  CPU per student, start to last step: median {statistics.median(cpu):5.1f} s "
          f"(server {median_of('server', 2, 1):.1f} s + kernel {median_of('kernel', 2, 1):.1f} s)")
    return {"size": size, "working": working, "steps": steps, "rss": rss, "cpu": cpu,
            "failed": len(students) - len(ok)}


async def main_async(sizes, n_steps):
    why = missing()
    if why:
        print(why)
        return 1
    AsyncHTTPClient.configure(None, max_clients=200)
    # Stopped with SIGTERM as with Ctrl-C: the hub and the students' servers are stopped.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    token = secrets.token_hex(24)
    extra = "\n".join([
        f"c.JupyterHub.services = [{{'name': {SERVICE!r}, 'api_token': {token!r}}}]",
        f"c.JupyterHub.load_roles = [{{'name': {SERVICE!r}, 'services': [{SERVICE!r}], "
        "'scopes': ['admin:users', 'admin:servers', 'access:servers']}]",
        "c.JupyterHub.log_level = 'WARN'",
    ])
    with tempfile.TemporaryDirectory(prefix="gmm-hub-bench-") as tmp:
        upstream = clone_lesson(Path(tmp) / "upstream" / TARGET)
        hub = Hub(Path(tmp) / "hub", extra_config=extra)
        results = []
        try:
            hub.wait_ready()
            print(f"Hub at {hub.url}; {load()}")
            for size in sizes:
                results.append(await one_class(hub, token, upstream, size, n_steps))
        finally:
            ended = hub.stop()
            print(f"\nHub stopped; processes ended by id after its shutdown: {ended}")
    print("\nWhere it degrades (worst time to a working explorer, p90 step):")
    for result in filter(None, results):
        worst, p90 = max(result["working"]), percentile(result["steps"], 0.9)
        flag = "" if worst <= WORKING_WITHIN_S and p90 <= STEP_P90_S else "  <- over target"
        print(f"  N = {result['size']:>3}: {worst:6.1f} s, {1000 * p90:5.0f} ms, "
              f"{result['failed']} failed{flag}")
    return 0 if all(r and not r["failed"] for r in results) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", default="1,5,10,20",
                        help="class sizes to try, comma-separated (default 1,5,10,20)")
    parser.add_argument("--steps", type=int, default=10, help="explorer steps per student")
    args = parser.parse_args()
    sizes = [int(part) for part in args.users.split(",") if part.strip()]
    try:
        return asyncio.run(main_async(sizes, args.steps))
    except (asyncio.CancelledError, KeyboardInterrupt):
        print("Stopped before the end.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
