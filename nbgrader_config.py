"""nbgrader's settings for a course that uses this lesson (the README's "For teachers").

Copy this file to the root of the course directory. The teacher's notebooks in
``teacher/`` are nbgrader source notebooks: each exercise's answer cell is an autograded
answer and each check cell below it an autograder test worth one point. With the stub
below, ``nbgrader generate_assignment`` turns them into exactly the student notebooks of
``notebooks/``: each solution block becomes one empty line under the line the learner
completes (``answer = ...``), instead of nbgrader's default ``raise
NotImplementedError()``, so that a notebook nobody has answered yet still runs from top
to bottom and each check says "Not answered yet".
"""

c = get_config()  # noqa: F821 (nbgrader provides get_config when it reads this file)

c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = ""
