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
"""

import argparse
import copy
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TEACHER, STUDENT = ROOT / "teacher", ROOT / "notebooks"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
MARKDOWN_BEGIN, MARKDOWN_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"


def strip_solutions(source, begin=BEGIN, end=END):
    """Remove every block from a ``begin`` line to its ``end`` line, both included."""
    kept, inside = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == begin:
            if inside:
                raise ValueError(f"nested {begin!r}")
            inside = True
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
