"""The student notebooks are the teacher's with the solutions taken out."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEACHER = sorted((ROOT / "teacher").glob("*.ipynb"))

spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "scripts" / "build_notebooks.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def test_solution_blocks_are_removed_and_stubs_kept():
    source = "resp = ...  # your answer\n### BEGIN SOLUTION\nresp = 1\n### END SOLUTION\ncheck(resp)"
    assert build.strip_solutions(source) == "resp = ...  # your answer\ncheck(resp)"
    with pytest.raises(ValueError, match="without"):
        build.strip_solutions("### BEGIN SOLUTION\nx = 1")


def test_every_lesson_has_a_teacher_and_a_student_copy():
    names = [p.name for p in TEACHER]
    assert [name[:2] for name in names] == [f"{i:02d}" for i in range(len(names))]
    assert sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")) == names


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.stem)
def test_student_copy_is_in_step_and_holds_no_solution(path):
    import nbformat

    teacher = nbformat.read(path, as_version=4)
    student = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
    assert build.sources(student) == build.sources(build.student_copy(teacher)), (
        f"notebooks/{path.name} is out of step: run python scripts/build_notebooks.py {path.name[:2]}"
    )
    text = json.dumps([cell.source for cell in student.cells])
    assert "BEGIN SOLUTION" not in text
    n_solutions = sum(cell.source.count(build.BEGIN) for cell in teacher.cells)
    assert 2 <= n_solutions <= 6, f"{path.name} has {n_solutions} solution blocks"
