"""deploy/: the nbgitpuller link, the sample hub configuration, and what nbgitpuller does to
a student's edits when the teacher pushes fixes (as deploy/README.md says).

The link is checked against a link written out by hand and against urllib's own query
parser; the configuration is loaded by JupyterHub itself; the merge behaviour is that of
nbgitpuller's GitPuller on real git repositories in a temporary folder.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_link = _load("make_link", REPO / "deploy" / "make_link.py")


# --- the link ----------------------------------------------------------------------------------


def test_default_link_written_out():
    link = make_link.pull_link("https://hub.example.org/", "https://github.com/ORG/gmm-lesson")
    assert link == (
        "https://hub.example.org/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2FORG%2Fgmm-lesson"
        "&branch=main&targetpath=gmm-lesson"
        "&urlpath=lab%2Ftree%2Fgmm-lesson%2Fnotebooks%2F00_start_here.ipynb")


def test_hub_under_a_path_prefix():
    link = make_link.pull_link("https://example.org/jupyter", "/srv/lesson")
    assert link.startswith("https://example.org/jupyter/hub/user-redirect/git-pull?repo=%2Fsrv%2Flesson&")


def test_awkward_characters_survive_the_round_trip():
    repo = "https://git.example.org/a b/gmm+lesson.git?x=1&y=2#frag"
    notebook = "notebooks/my notebook #2 & 100%.ipynb"
    link = make_link.pull_link("https://hub.example.org", repo, notebook,
                               targetpath="my lesson", branch="fix/a&b")
    parts = urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull"
    assert parts.fragment == ""              # '#' escaped, not a fragment of the link
    query = parse_qs(parts.query, strict_parsing=True)
    assert {key: len(values) for key, values in query.items()} == {
        "repo": 1, "branch": 1, "targetpath": 1, "urlpath": 1}
    assert query["repo"] == [repo]
    assert query["branch"] == ["fix/a&b"]
    assert query["targetpath"] == ["my lesson"]
    # nbgitpuller decodes urlpath once and sends the browser to it as a path: the path
    # must then still be escaped, written out here by hand.
    assert query["urlpath"] == [
        "lab/tree/my%20lesson/notebooks/my%20notebook%20%232%20%26%20100%25.ipynb"]
    assert unquote(query["urlpath"][0]) == f"lab/tree/my lesson/{notebook}"


@pytest.mark.parametrize("bad", [None, "", "   ", 3, ["x"]])
@pytest.mark.parametrize("parameter", ["hub_url", "repo", "notebook", "targetpath", "branch"])
def test_bad_input_is_named(parameter, bad):
    arguments = {"hub_url": "https://hub.example.org", "repo": "https://github.com/ORG/gmm-lesson",
                 "notebook": "notebooks/00_start_here.ipynb", "targetpath": "gmm-lesson",
                 "branch": "main"}
    arguments[parameter] = bad
    hub_url, repo = arguments.pop("hub_url"), arguments.pop("repo")
    notebook = arguments.pop("notebook")
    with pytest.raises(ValueError, match=parameter):
        make_link.pull_link(hub_url, repo, notebook, **arguments)


def test_presenting_link_opens_voila():
    link = make_link.pull_link("https://hub.example.org", "https://github.com/ORG/gmm-lesson",
                               "notebooks/04_em_in_many_dimensions.ipynb", app="voila")
    assert link.endswith(
        "&urlpath=voila%2Frender%2Fgmm-lesson%2Fnotebooks%2F04_em_in_many_dimensions.ipynb")


@pytest.mark.parametrize("app", ["Lab", "notebook", None, ""])
def test_unknown_app_is_named(app):
    with pytest.raises(ValueError, match="app"):
        make_link.pull_link("https://hub.example.org", "r", app=app)


def test_absolute_notebook_path_refused():
    with pytest.raises(ValueError, match="notebook"):
        make_link.pull_link("https://hub.example.org", "r", "/etc/passwd")


def test_command_line_prints_the_link(capsys):
    make_link.main(["https://hub.example.org", "https://github.com/ORG/gmm-lesson",
                    "--notebook", "notebooks/04_em_in_many_dimensions.ipynb"])
    out = capsys.readouterr().out.strip()
    assert out == make_link.pull_link("https://hub.example.org", "https://github.com/ORG/gmm-lesson",
                                      "notebooks/04_em_in_many_dimensions.ipynb")


def test_the_notebook_the_link_opens_exists():
    assert (REPO / make_link.LESSON_START).is_file()


# --- the sample configuration ------------------------------------------------------------------


def test_sample_config_loads_in_jupyterhub():
    pytest.importorskip("jupyterhub", reason="jupyterhub is not installed")
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import DummyAuthenticator
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    app = JupyterHub()
    app.load_config_file(str(REPO / "deploy" / "jupyterhub_config.py"))
    # JupyterHub resolves the short names through its entry points.
    assert app.authenticator_class is DummyAuthenticator
    assert app.spawner_class is SimpleLocalProcessSpawner
    assert app.config.ConfigurableHTTPProxy.command == [
        str(REPO / "node_modules" / ".bin" / "configurable-http-proxy")]
    assert app.config.Spawner.cmd == [sys.executable, "-m", "jupyterhub.singleuser"]
    assert app.config.Spawner.default_url == "/lab"
    assert "--TagRemovePreprocessor.remove_cell_tags=not-presented" in app.config.Spawner.args


def test_package_json_names_the_proxy():
    import json

    dependencies = json.loads((REPO / "package.json").read_text())["dependencies"]
    assert "configurable-http-proxy" in dependencies


# --- what nbgitpuller does with a student's edits ----------------------------------------------


def _git(folder, *args):
    return subprocess.run(["git", "-c", "user.name=Teacher", "-c", "user.email=t@example.org",
                           "-C", str(folder), *args], check=True, capture_output=True,
                          text=True).stdout


def _lines(n, tag):
    return "".join(f"{tag} line {i}\n" for i in range(1, n + 1))


def test_nbgitpuller_keeps_a_students_edits(tmp_path, monkeypatch):
    pull = pytest.importorskip("nbgitpuller.pull", reason="nbgitpuller is not installed")
    # execute_cmd passes os.environ on to git: a student's server has no git identity.
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    upstream, student = tmp_path / "upstream", tmp_path / "home" / "gmm-lesson"
    upstream.mkdir()
    _git(upstream, "init", "--quiet", "--initial-branch=main")
    for name in ("edited", "deleted", "both", "gone_upstream"):
        (upstream / f"{name}.txt").write_text(_lines(8, "teacher"))
    _git(upstream, "add", ".")
    _git(upstream, "commit", "--quiet", "-m", "lesson")

    def pull_now():
        return list(pull.GitPuller(str(upstream), str(student), branch="main").pull())

    pull_now()                                           # first click: a clone
    assert (student / "both.txt").read_text() == _lines(8, "teacher")

    # The student edits, deletes, and makes a file the teacher will add later.
    (student / "edited.txt").write_text("student's own line\n" + _lines(8, "teacher"))
    (student / "deleted.txt").unlink()
    both = _lines(8, "teacher").splitlines(keepends=True)
    both[0] = "student line 1\n"
    (student / "both.txt").write_text("".join(both))
    (student / "gone_upstream.txt").write_text("student's notes\n")
    (student / "new.txt").write_text("student's new file\n")

    # The teacher pushes fixes.
    both = _lines(8, "teacher").splitlines(keepends=True)
    both[0], both[6] = "fixed line 1\n", "fixed line 7\n"
    (upstream / "both.txt").write_text("".join(both))
    (upstream / "deleted.txt").write_text(_lines(8, "teacher") + "fixed line 9\n")
    _git(upstream, "rm", "--quiet", "gone_upstream.txt")
    (upstream / "new.txt").write_text("teacher's new file\n")
    _git(upstream, "add", ".")
    _git(upstream, "commit", "--quiet", "-m", "fixes")

    pull_now()                                           # a later click: a merge

    # Edited only by the student: kept as they left it.
    assert (student / "edited.txt").read_text().startswith("student's own line\n")
    # Deleted by the student: back, in the teacher's new version.
    assert (student / "deleted.txt").read_text().endswith("fixed line 9\n")
    # Changed on both sides: the teacher's change merged where the student did not touch
    # the lines; where both changed the same lines, the student's version wins.
    merged = (student / "both.txt").read_text().splitlines()
    assert merged[0] == "student line 1"
    assert merged[6] == "fixed line 7"
    # Deleted by the teacher, edited by the student: the student's file is kept.
    assert (student / "gone_upstream.txt").read_text() == "student's notes\n"
    # A file of the student's where the teacher adds one: theirs is renamed, not lost.
    assert (student / "new.txt").read_text() == "teacher's new file\n"
    renamed = [p for p in student.glob("new__*.txt")]
    assert len(renamed) == 1 and renamed[0].read_text() == "student's new file\n"
