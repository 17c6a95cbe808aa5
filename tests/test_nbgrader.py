"""The teacher's notebooks are nbgrader source notebooks, and nbgrader makes our student
copies from them.

nbgrader is heavy and needs Python 3.11 or later, so it is an optional dependency: the
tests that run its code skip where it is not installed. The ones that only read our own
files run everywhere.
"""

import copy
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from gmm_lesson.exercises import GRADER_ENV, Feedback, correct, graded, wrong

ROOT = Path(__file__).resolve().parent.parent
TEACHER = sorted((ROOT / "teacher").glob("*.ipynb"))
CONFIG = ROOT / "nbgrader_config.py"
NBGRADER_MISSING = ("nbgrader is an optional test dependency (pip install nbgrader; it "
                    "needs Python >= 3.11): without it nbgrader's own code cannot be run")

spec = importlib.util.spec_from_file_location("build_notebooks",
                                              ROOT / "scripts" / "build_notebooks.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def nbgrader_cells(notebook):
    return [cell for cell in notebook.cells if "nbgrader" in cell.metadata]


def course_config():
    """The repository's nbgrader_config.py, read as nbgrader reads it."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(CONFIG.name, path=str(ROOT)).load_config()


# --- what our build writes ---------------------------------------------------------


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.stem)
def test_every_answer_cell_is_an_autograded_answer_followed_by_its_check(path):
    notebook = nbformat.read(path, as_version=4)
    cells = notebook.cells
    answers = [i for i, cell in enumerate(cells) if build.BEGIN in cell.source]
    assert answers, f"{path.name} has no exercise"
    for i in answers:
        meta = cells[i].metadata.get("nbgrader")
        assert meta and meta["solution"] and not meta["grade"] and not meta["locked"], (
            f"{path.name}: answer cell {i} is not marked as nbgrader's autograded answer "
            "(run make notebooks)")
        check = cells[i + 1]
        check_meta = check.metadata.get("nbgrader", {})
        assert check_meta.get("grade") and check_meta.get("locked"), (
            f"{path.name}: the cell after answer cell {i} is not a locked check cell")
        assert check_meta["points"] == 1 and not check_meta["solution"]
        assert re.search(r"^check\.\w+\(", check.source, re.M), check.source
        assert "check." not in cells[i].source.split(build.END)[-1], (
            f"{path.name}: answer cell {i} still calls its check after the solution")
    ids = [cell.metadata["nbgrader"]["grade_id"] for cell in nbgrader_cells(notebook)]
    assert len(ids) == len(set(ids)), f"{path.name}: grade_id repeated in {ids}"


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.stem)
def test_every_check_called_in_a_notebook_reports_a_failure_to_nbgrader(path):
    module = importlib.import_module(f"gmm_lesson.exercises.lesson{path.name[:2]}")
    notebook = nbformat.read(path, as_version=4)
    for cell in nbgrader_cells(notebook):
        if cell.metadata["nbgrader"]["grade"]:
            for name in re.findall(r"check\.(\w+)\(", cell.source):
                function = getattr(module, name)
                assert getattr(function, "__wrapped__", None) is not None, (
                    f"lesson{path.name[:2]}.{name} is not wrapped by @graded: nbgrader "
                    "would give its check cell full marks for any answer")


def test_splitting_is_done_once_and_keeps_what_nbval_compares():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("**Exercise 2.** Compute it."),
        nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nx = ...  # a number\n"
                                  f"{build.BEGIN}\nx = 1\n{build.END}\n"
                                  "display(check.first(x))\ncheck.second(x)"),
        nbformat.v4.new_code_cell("print('next')"),
    ])
    once = build.mark_for_nbgrader(build.split_checks(notebook))
    twice = build.mark_for_nbgrader(build.split_checks(copy.deepcopy(once)))
    assert build.sources(once) == build.sources(twice)
    assert [cell.source for cell in once.cells[1:4]] == [
        f"x = ...  # a number\n{build.BEGIN}\nx = 1\n{build.END}",
        "# NBVAL_CHECK_OUTPUT\ncheck.first(x)",
        "# NBVAL_CHECK_OUTPUT\ncheck.second(x)",
    ]
    assert [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in once.cells] == [
        None, "ex2-answer", "ex2-check", "ex2-check-2", None]


def test_code_after_a_solution_other_than_checks_stays_in_the_answer_cell():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"def f():\n    y = ...\n    {build.BEGIN}\n    y = 2\n    {build.END}\n    return y\n"
        "\ncheck.f(f)")])
    split = build.split_checks(notebook)
    assert [cell.source for cell in split.cells] == [
        f"def f():\n    y = ...\n    {build.BEGIN}\n    y = 2\n    {build.END}\n    return y",
        "check.f(f)"]


# --- the checks under nbgrader -----------------------------------------------------


def test_a_graded_check_raises_only_while_nbgrader_grades_and_only_when_wrong(monkeypatch,
                                                                               capsys):
    verdicts = {"right": correct("4 it is."), "wrong": wrong("got 3, not 4.")}
    check = graded(lambda answer: verdicts[answer])
    monkeypatch.delenv(GRADER_ENV, raising=False)
    assert check("wrong") == verdicts["wrong"] and check("right") == verdicts["right"]
    for run in ("autograde", "validate"):
        monkeypatch.setenv(GRADER_ENV, run)
        capsys.readouterr()
        # Shown, not returned: nbgrader would read a returned value as a partial score.
        assert check("right") is None
        assert "Correct: 4 it is." in capsys.readouterr().out
        with pytest.raises(AssertionError, match="Not yet: got 3, not 4."):
            check("wrong")
    monkeypatch.setenv(GRADER_ENV, "something else")
    assert isinstance(check("wrong"), Feedback)


# --- nbgrader's own code -----------------------------------------------------------


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.stem)
def test_nbgrader_reads_the_teacher_copy_and_its_clear_solutions_gives_the_student_copy(path):
    pytest.importorskip("nbgrader", reason=NBGRADER_MISSING)
    from nbgrader.nbgraderformat import MetadataValidator
    from nbgrader.preprocessors import CheckCellMetadata, ClearSolutions

    teacher = nbformat.read(path, as_version=4)
    MetadataValidator().validate_nb(teacher)
    config = course_config()
    resources = {}
    cleared, resources = CheckCellMetadata(config=config).preprocess(teacher, resources)
    cleared, resources = ClearSolutions(config=config).preprocess(cleared, resources)
    student = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
    assert build.sources(cleared) == build.sources(student)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course directory as a teacher would make it: the repository's nbgrader_config.py,
    and the teacher's notebook 00 as the source of an assignment called lesson00."""
    pytest.importorskip("nbgrader", reason=NBGRADER_MISSING)
    root = tmp_path_factory.mktemp("course")
    shutil.copy(CONFIG, root / CONFIG.name)
    source = root / "source" / "lesson00"
    source.mkdir(parents=True)
    shutil.copy(ROOT / "teacher" / "00_start_here.ipynb", source)
    env = {key: value for key, value in os.environ.items() if key != GRADER_ENV}
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "lesson00",
                    "--no-db", "--force"], cwd=root, env=env, check=True,
                   capture_output=True, text=True)
    return root


def test_generate_assignment_releases_the_student_copy(course):
    released = course / "release" / "lesson00" / "00_start_here.ipynb"
    student = nbformat.read(ROOT / "notebooks" / released.name, as_version=4)
    assert build.sources(nbformat.read(released, as_version=4)) == build.sources(student)


def test_validate_fails_the_released_notebook_and_passes_the_teacher_copy(course):
    from nbgrader.validator import Validator

    released = course / "release" / "lesson00" / "00_start_here.ipynb"
    unanswered = Validator().validate(str(released))
    failed = unanswered.get("failed", [])
    assert len(failed) == 3, unanswered
    assert all("Not answered yet" in cell["error"] for cell in failed), failed
    # invert: list the check cells that passed; all three of the three did.
    solved = course / "source" / "lesson00" / released.name
    assert len(Validator(invert=True).validate(str(solved)).get("passed", [])) == 3
