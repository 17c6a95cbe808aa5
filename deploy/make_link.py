"""Print the nbgitpuller link that puts the lesson in a student's server and opens a notebook.

    python deploy/make_link.py https://hub.example.org https://github.com/ORG/gmm-lesson
    python deploy/make_link.py HUB REPO --notebook notebooks/04_em_in_many_dimensions.ipynb
    python deploy/make_link.py HUB REPO --app voila --notebook notebooks/...ipynb

The link goes to the hub's ``/hub/user-redirect/git-pull``: the hub asks the student to
log in if needed, starts their server, and sends them to their own server's
``/user/<name>/git-pull``, where nbgitpuller clones the repository into ``targetpath``
(first click) or merges the teacher's new commits into it (later clicks), then opens
``urlpath`` (here the notebook in JupyterLab). Standard library only.
"""

import argparse
from urllib.parse import quote, urlencode

LESSON_START = "notebooks/00_start_here.ipynb"


APPS = {"lab": "lab/tree/", "voila": "voila/render/"}


def pull_link(hub_url, repo, notebook=LESSON_START, *, targetpath="gmm-lesson", branch="main",
              app="lab"):
    """The nbgitpuller link for the notebook at ``notebook`` in ``repo``.

    Parameters
    ----------
    hub_url : str
        The hub's address, e.g. ``https://hub.example.org`` (a trailing slash is ignored;
        a hub under a path prefix, e.g. ``https://example.org/jupyter``, works too).
    repo : str
        What ``git clone`` is given: an https URL, or a path or file:// URL on the
        students' servers.
    notebook : str
        The notebook to open, relative to the repository's root.
    targetpath : str
        The folder, in the student's home, that the repository is cloned into. Given
        explicitly so that it does not depend on how ``repo`` ends (nbgitpuller's default
        is the last part of ``repo``, ``.git`` included).
    branch : str
        The branch to pull.
    app : {"lab", "voila"}
        Open the notebook in JupyterLab, or presented by Voila (code hidden, explorers
        live; Voila must be installed in the students' image).

    Returns
    -------
    str
        The link; every query value percent-encoded, the notebook's path inside
        ``urlpath`` encoded once more (nbgitpuller decodes the value once and sends the
        browser to the path as it is).
    """
    for name, value in (("hub_url", hub_url), ("repo", repo), ("notebook", notebook),
                        ("targetpath", targetpath), ("branch", branch)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    if app not in APPS:
        raise ValueError(f"app must be one of {sorted(APPS)}, got {app!r}")
    if notebook.startswith("/") or targetpath.startswith("/"):
        raise ValueError("notebook and targetpath are relative to the student's home: "
                         f"got notebook={notebook!r}, targetpath={targetpath!r}")
    urlpath = APPS[app] + quote(f"{targetpath.strip('/')}/{notebook}", safe="/")
    query = urlencode({"repo": repo, "branch": branch, "targetpath": targetpath,
                       "urlpath": urlpath}, quote_via=quote, safe="")
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("hub_url", help="the hub's address, e.g. https://hub.example.org")
    parser.add_argument("repo", help="the repository students get, e.g. its GitHub URL")
    parser.add_argument("--notebook", default=LESSON_START,
                        help=f"notebook to open (default {LESSON_START})")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--app", default="lab", choices=sorted(APPS),
                        help="open the notebook in JupyterLab (default) or presented by Voila")
    parser.add_argument("--targetpath", default="gmm-lesson",
                        help="folder in the student's home (default gmm-lesson)")
    args = parser.parse_args(argv)
    print(pull_link(args.hub_url, args.repo, args.notebook, targetpath=args.targetpath,
                    branch=args.branch, app=args.app))


if __name__ == "__main__":
    main()
