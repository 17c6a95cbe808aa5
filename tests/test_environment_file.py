"""environment.yml (conda and Binder) lists exactly the dependencies of pyproject.toml.

pyproject.toml is the single source of truth; a conda user or a Binder launch must get
the same packages, at the same minimum versions, as ``pip install -e '.[lesson,test]'``.
"""

from pathlib import Path

import pytest
import yaml

# packaging is a dependency of pytest, so it is present wherever the tests run.
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

tomllib = pytest.importorskip(
    "tomllib", reason="tomllib is in the standard library from Python 3.11"
)

ROOT = Path(__file__).resolve().parents[1]

# Entries conda needs that are not dependencies of the package.
CONDA_ONLY = {"python", "pip"}

# Dependencies of pyproject.toml that the conda and Binder environment leaves out, and why.
NOT_FOR_CONDA = {
    # A test dependency for teachers' copies (tests/test_nbgrader.py skips without it).
    # Installed, it adds nbgrader's menus and Jupyter Notebook 7's lab extension to a
    # learner's JupyterLab, and the latter stops Voila's pages from loading; the Makefile
    # turns them off in .venv, but Binder would have no such step.
    "nbgrader": "its JupyterLab extensions would be in every Binder learner's JupyterLab",
    # The hub of tests/browser/test_hub.py; Binder runs each server under a JupyterHub of
    # its own, whose version it chooses.
    "jupyterhub": "Binder brings a JupyterHub of its own version",
}


def _pyproject():
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _pyproject_requirements():
    """Map each requirement of the core and of every extra to its specifier."""
    project = _pyproject()
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    requirements = {}
    for line in lines:
        req = Requirement(line)
        requirements[canonicalize_name(req.name)] = req.specifier
    return requirements


def _environment():
    with open(ROOT / "environment.yml") as f:
        return yaml.safe_load(f)


def _conda_requirements():
    """Map each conda entry to its specifier; a pip section is kept apart."""
    requirements = {}
    for entry in _environment()["dependencies"]:
        if isinstance(entry, dict):
            continue
        try:
            req = Requirement(entry)
        except InvalidRequirement as exc:
            pytest.fail(
                f"environment.yml: cannot read {entry!r} as 'name>=version' ({exc})",
                pytrace=False,
            )
        name = canonicalize_name(req.name)
        assert name not in requirements, f"environment.yml lists {name} twice"
        requirements[name] = req.specifier
    return requirements


def test_every_dependency_is_in_the_environment_file_with_the_same_version():
    conda = _conda_requirements()
    problems = []
    for name, specifier in sorted(_pyproject_requirements().items()):
        if name in NOT_FOR_CONDA:
            assert name not in conda, f"environment.yml lists {name}: {NOT_FOR_CONDA[name]}"
        elif name not in conda:
            problems.append(f"{name}{specifier} is missing")
        elif conda[name] != specifier:
            problems.append(
                f"{name} is '{conda[name]}' there but '{specifier}' in pyproject.toml"
            )
    assert not problems, "environment.yml: " + "; ".join(problems)


def test_the_environment_file_lists_nothing_else():
    extra = set(_conda_requirements()) - set(_pyproject_requirements()) - CONDA_ONLY
    assert not extra, (
        f"environment.yml lists {', '.join(sorted(extra))}, which pyproject.toml "
        "does not require"
    )


def test_the_environment_python_matches_requires_python():
    conda = _conda_requirements()
    requires_python = _pyproject()["requires-python"]
    assert "python" in conda, "environment.yml does not pin python"
    assert conda["python"] == SpecifierSet(requires_python), (
        f"environment.yml has python '{conda['python']}', "
        f"pyproject.toml requires-python is '{requires_python}'"
    )


def test_the_environment_installs_the_lesson_package():
    pip_sections = [e["pip"] for e in _environment()["dependencies"] if isinstance(e, dict)]
    pip_lines = [line for section in pip_sections for line in section]
    assert "-e ." in pip_lines, (
        "environment.yml has no '- pip: [-e .]' entry, so conda and Binder would not "
        "install gmm_lesson"
    )
