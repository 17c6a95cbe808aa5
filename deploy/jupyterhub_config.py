"""JupyterHub configuration for the lesson: a trial hub on one machine.

    jupyterhub -f deploy/jupyterhub_config.py

Part 1 is what the lesson needs from any hub; keep it. Part 2 makes a hub that runs on
one machine with nothing else installed: any name logs in, and every student's server is
a process of the user running the hub, with a home folder under GMM_HUB_HOMES. It has
no isolation between students: for a class, replace part 2 with your site's
authenticator and spawner (DockerSpawner, KubeSpawner, SystemdSpawner...).

The browser tests (tests/browser/hub_support.py) and benchmarks/bench_hub_load.py start
their hubs from this file, overriding only ports and folders on the command line.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (defined by JupyterHub when it reads this file)

REPO = Path(__file__).resolve().parents[1]

# --- 1. What the lesson needs ---------------------------------------------------------------

# Students land in JupyterLab; an nbgitpuller link (deploy/README.md) then opens a notebook.
c.Spawner.default_url = "/lab"
# The explorers start a kernel and draw a figure within a few seconds on an idle machine,
# but a class starting together queues on the cores: give servers time to come up.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# Options of every student's Jupyter server:
# - Voila (a server extension in each student's server, /user/<name>/voila/render/...)
#   leaves out the cells tagged not-presented, as `make present` does with voila.json.
#   Given here because the extension does not pass voila.json's preprocessor options on
#   (it reads voila.json for its own options only). The option is nbconvert's, so
#   exports made by the server (File > Save and Export Notebook As) may leave those
#   cells out too.
# - A kernel nobody is connected to (its tab or page closed) is shut down after 20 idle
#   minutes: a student who opens the notebooks in turn would otherwise keep a kernel
#   for each (notebook 04's holds about 220 MB).
c.Spawner.args = [
    "--TagRemovePreprocessor.remove_cell_tags=not-presented",
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=60",
]

# The proxy from npm (package.json): `npm ci` in the repository installs it here.
c.ConfigurableHTTPProxy.command = [str(REPO / "node_modules" / ".bin" / "configurable-http-proxy")]

# --- 2. A trial on one machine (replace for a class) -----------------------------------------

# Any user name and password log in: for a trial only.
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True

# Each student's server is a local process with a home of its own (created on first
# start), run from the interpreter running the hub, so it finds the lesson's packages.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(
    Path(os.environ.get("GMM_HUB_HOMES", "/tmp/gmm-hub-homes")) / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
if os.geteuid() == 0:
    # Jupyter servers refuse to run as root unless told so.
    c.Spawner.args.append("--allow-root")

c.JupyterHub.bind_url = os.environ.get("GMM_HUB_URL", "http://127.0.0.1:8000/")
