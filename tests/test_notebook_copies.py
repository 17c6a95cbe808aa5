"""The student notebooks are the teacher's with the solutions taken out."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEACHER = sorted((ROOT / "teacher").glob("*.ipynb"))

spec = importlib.util.spec_from_file_location("build_notebooks",
                                              ROOT / "scripts" / "build_notebooks.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def test_solution_blocks_are_removed_and_stubs_kept():
    source = ("resp = ...  # your answer\n### BEGIN SOLUTION\nresp = 1\n### END SOLUTION\n"
              "check(resp)")
    assert build.strip_solutions(source) == "resp = ...  # your answer\n\ncheck(resp)"
    indented = ("def f():\n    x = ...\n    ### BEGIN SOLUTION\n    x = 1\n    ### END SOLUTION\n"
                "    return x")
    assert build.strip_solutions(indented) == "def f():\n    x = ...\n    \n    return x"
    with pytest.raises(ValueError, match="without"):
        build.strip_solutions("### BEGIN SOLUTION\nx = 1")


def test_every_lesson_has_a_teacher_and_a_student_copy():
    names = [p.name for p in TEACHER]
    assert [name[:2] for name in names] == [f"{i:02d}" for i in range(len(names))], (
        "the notebooks are numbered 00, 01, ... in order")
    assert sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")) == names


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.stem)
def test_student_copy_is_in_step_and_holds_no_solution(path):
    import nbformat

    teacher = nbformat.read(path, as_version=4)
    student = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
    assert build.sources(student) == build.sources(build.student_copy(teacher)), (
        f"notebooks/{path.name} is out of step: run python scripts/build_notebooks.py "
        f"{path.name[:2]}"
    )
    text = json.dumps([cell.source for cell in student.cells])
    assert "BEGIN SOLUTION" not in text
    n_solutions = sum(cell.source.count(build.BEGIN) for cell in teacher.cells)
    assert 2 <= n_solutions <= 6, f"{path.name} has {n_solutions} solution blocks"


def test_exercises_heading_must_open_its_own_cell():
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## Summary\n\n- a point\n\n## Exercises\n\nTry this.")])
    with pytest.raises(ValueError, match="must open a markdown cell of its own"):
        build.tag_exercises(notebook)


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.stem)
def test_a_presented_page_leaves_out_the_exercises_and_the_stand_ins_for_a_kernel(path):
    # Voila reads voila.json from the folder it is started in (make present: the
    # repository); its TagRemovePreprocessor then drops every tagged cell.
    import nbformat
    from nbconvert.exporters import Exporter
    from traitlets.config import Config
    from voila.exporter import VoilaExporter

    config = Config(json.loads((ROOT / "voila.json").read_text()))
    exporter = VoilaExporter(config=config)
    for notebook_path in (path, ROOT / "notebooks" / path.name):
        notebook = nbformat.read(notebook_path, as_version=4)
        presented, _ = Exporter.from_notebook_node(exporter, notebook, {})
        kept = "\n".join(cell.source for cell in presented.cells)
        assert "## Summary" in kept
        for reader_only in ("## Exercises", "check.", "BEGIN SOLUTION", "static page",
                            "Without a live kernel", "On a static page"):
            assert reader_only not in kept, (notebook_path.name, reader_only)
        assert len(presented.cells) < len(notebook.cells)
