"""Run the teacher's notebooks and make the student copies from them.

The teacher's notebooks in ``teacher/`` hold the exercise solutions between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines. The student copy in
``notebooks/`` is the same notebook with those blocks removed, so that the stub
written just above each block (``answer = ...``) is what the learner starts from.

    python scripts/build_notebooks.py            # execute teacher/, write notebooks/
    python scripts/build_notebooks.py 03 04      # only notebooks whose names start so
    python scripts/build_notebooks.py --check    # fail if notebooks/ is out of step

Both copies are executed from a fresh kernel in their own folder and saved with
their outputs, so that they teach on a static viewer too; each section heading starts
a slide for presenting with Voila's reveal template, and the exercises are tagged so that
a presented page leaves them out.

The teacher's copies are nbgrader source notebooks: each exercise's answer cell (the
stub and its solution) is marked as nbgrader's autograded answer, and the calls of its
check, moved to a cell of their own below it, as autograder tests worth one point each.
nbgrader's ``ClearSolutions``, configured as in ``nbgrader_config.py`` (an empty stub),
turns a teacher's copy into the student copy written here: a solution block becomes one
empty line, where the learner writes their answer.
"""

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TEACHER, STUDENT = ROOT / "teacher", ROOT / "notebooks"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
MARKDOWN_BEGIN, MARKDOWN_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"


def strip_solutions(source, begin=BEGIN, end=END):
    """Replace every block from a ``begin`` line to its ``end`` line, both included, by
    one empty line indented as the ``begin`` line: what nbgrader's ``ClearSolutions``
    makes of it with an empty stub."""
    kept, inside = [], False
    for line in source.split("\n"):
        marker = line.strip()
        if marker == begin:
            if inside:
                raise ValueError(f"nested {begin!r}")
            inside = True
            kept.append(line[:len(line) - len(line.lstrip())])
        elif marker == end:
            if not inside:
                raise ValueError(f"{end!r} without {begin!r}")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise ValueError(f"{begin!r} without {end!r}")
    return "\n".join(kept)


def student_copy(notebook):
    """The student version of a teacher notebook: solutions out, outputs cleared."""
    student = copy.deepcopy(notebook)
    for cell in student.cells:
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs, cell.execution_count = [], None
        elif cell.cell_type == "markdown":
            cell.source = strip_solutions(cell.source, MARKDOWN_BEGIN, MARKDOWN_END)
    return student


def mark_slides(notebook):
    """Start a slide at the title and at every section heading, for Voila's reveal
    template (``make present TEMPLATE=reveal``); other cells continue the slide."""
    for cell in notebook.cells:
        heading = cell.cell_type == "markdown" and cell.source.startswith(("# ", "## "))
        cell.metadata["slideshow"] = {"slide_type": "slide" if heading else "-"}
    return notebook


NOT_PRESENTED = "not-presented"
EXERCISES = "## Exercises"


def tag_exercises(notebook):
    """Tag every cell from the "## Exercises" heading on as not presented: Voila, told
    by ``voila.json`` to drop cells with that tag, leaves the exercises (and their
    "not answered yet" checks) out of a presented page; the notebook keeps them."""
    start = None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown" or EXERCISES not in cell.source:
            continue
        if not cell.source.startswith(EXERCISES):
            raise ValueError(f"{EXERCISES!r} must open a markdown cell of its own, so that "
                             "what comes before it is presented:\n" + cell.source[:200])
        start = index
        break
    for cell in notebook.cells[start:] if start is not None else []:
        tags = cell.metadata.setdefault("tags", [])
        if NOT_PRESENTED not in tags:
            tags.append(NOT_PRESENTED)
    return notebook


CHECK_OUTPUT = "# NBVAL_CHECK_OUTPUT"
NBGRADER_SCHEMA = 3


def _is_check_call(line):
    return line.startswith(("check.", "display(check."))


def split_checks(notebook):
    """Move the calls of an exercise's check that end its answer cell (the stub, the
    solution, then ``check.something(answer)`` lines) to cells of their own below it, one
    per call, so that nbgrader can grade each check apart from the answer. The
    ``# NBVAL_CHECK_OUTPUT`` mark moves with them: the feedback is what nbval compares.
    A notebook already split is left as it is."""
    cells = []
    for cell in notebook.cells:
        cells.append(cell)
        if cell.cell_type != "code" or BEGIN not in cell.source:
            continue
        lines = cell.source.split("\n")
        end = len(lines)
        while end > 0 and (not lines[end - 1].strip() or _is_check_call(lines[end - 1])):
            end -= 1
        calls = [line for line in lines[end:] if line.strip()]
        if not calls:
            continue
        marked = lines[0].strip() == CHECK_OUTPUT
        cell.source = "\n".join(lines[1 if marked else 0:end])
        cell.outputs, cell.execution_count = [], None
        for call in calls:
            if call.startswith("display(") and call.endswith(")"):
                call = call[len("display("):-1]
            source = f"{CHECK_OUTPUT}\n{call}" if marked else call
            cells.append(nbformat.v4.new_code_cell(source))
    notebook.cells = cells
    return notebook


EXERCISE_NUMBER = re.compile(r"\*\*(?:Exercise )?(\d+)\.")


def mark_for_nbgrader(notebook):
    """Write the cell metadata of an nbgrader source notebook: each exercise's answer
    cell (one holding a solution block) is an autograded answer, ``exN-answer`` with N
    the exercise's number in the text above it (``**Exercise N.**``; a second answer
    cell of the same exercise is ``exN-answer-2``); each check cell right after an answer
    cell is a locked autograder test worth one point, ``exN-check`` (``exN-check-2``, ...).
    Other cells carry no nbgrader metadata."""
    number, answers, checks, after_answer, used = 0, 0, 0, False, set()
    for cell in notebook.cells:
        meta = None
        if cell.cell_type == "markdown":
            found = EXERCISE_NUMBER.search(cell.source)
            if found and int(found.group(1)) not in used:
                number, answers = int(found.group(1)), 0
            after_answer = False
        elif BEGIN in cell.source:
            if not number:
                number = max(used, default=0) + 1
            used.add(number)
            answers, checks, after_answer = answers + 1, 0, True
            meta = {"grade": False, "grade_id": f"ex{number}-answer{_suffix(answers)}",
                    "locked": False, "schema_version": NBGRADER_SCHEMA, "solution": True,
                    "task": False}
        elif after_answer and all(_is_check_call(line) for line in cell.source.split("\n")
                                  if line.strip() and line.strip() != CHECK_OUTPUT):
            checks += 1
            meta = {"grade": True, "locked": True, "points": 1,
                    "grade_id": f"ex{number}-check{_suffix(answers)}{_suffix(checks)}",
                    "schema_version": NBGRADER_SCHEMA, "solution": False, "task": False}
        else:
            after_answer = False
        if meta is None:
            cell.metadata.pop("nbgrader", None)
        else:
            cell.metadata["nbgrader"] = meta
    return notebook


def _suffix(count):
    return "" if count == 1 else f"-{count}"


def execute(notebook, folder):
    """Run every cell from a fresh kernel in ``folder``; no timings are recorded, so a
    rebuild changes only what the cells show."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    NotebookClient(notebook, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def sources(notebook):
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", help="only notebooks whose names start so")
    parser.add_argument("--check", action="store_true",
                        help="only check that notebooks/ matches teacher/; run nothing")
    args = parser.parse_args()
    teacher_paths = sorted(p for p in TEACHER.glob("*.ipynb")
                           if not args.prefixes or p.name.startswith(tuple(args.prefixes)))
    stale = []
    for path in teacher_paths:
        notebook = nbformat.read(path, as_version=4)
        student_path = STUDENT / path.name
        if args.check:
            if not student_path.exists() or sources(nbformat.read(student_path, as_version=4)) \
                    != sources(student_copy(notebook)):
                stale.append(student_path.relative_to(ROOT))
            continue
        print(f"running {path.relative_to(ROOT)}", flush=True)
        notebook = mark_for_nbgrader(split_checks(notebook))
        nbformat.write(execute(tag_exercises(mark_slides(notebook)), TEACHER), path)
        print(f"writing {student_path.relative_to(ROOT)}", flush=True)
        nbformat.write(execute(student_copy(notebook), STUDENT), student_path)
    if stale:
        print("Out of step with teacher/ (run python scripts/build_notebooks.py):", *stale,
              sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
