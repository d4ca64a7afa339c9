"""Grading holds up against tampering and hostile input.

A small assignment built here (two exercises, visible and hidden tests written the way the
chapters write them) is graded with the course's real nbgrader configuration through the batch
tool, together with submissions that try the usual tricks. Each must end graded correctly or
flagged for the instructor: never silently full marks, never a crashed batch.
"""

from __future__ import annotations

import copy
import csv
import textwrap

import nbformat
import pytest

import build_notebooks
import grade
from dlkit.grading import cell_scores, fill_solutions
from helpers import ROOT, nbgrader, read_nb

pytestmark = pytest.mark.slow
CH = "97_tamper"

SOURCE = '''
# %% [markdown]
# # A tiny chapter for tampering tests

# %%
import numpy as np
from dlkit import checks

# %% nbgrader="solution" grade_id="scale"
def scale(x, a):
    """Return a * x as a float array."""
    ### BEGIN SOLUTION
    return a * np.asarray(x, dtype=float)
    ### END SOLUTION

# %% nbgrader="tests" grade_id="scale_tests" points=2
checks.check_close(scale([1.0, 2.0], 3.0), [3.0, 6.0], name="scale([1, 2], 3)", hint="multiply every element by a")
### BEGIN HIDDEN TESTS
_out = scale(np.arange(4.0), -2.0)
assert type(_out) is np.ndarray, f"expected a numpy array, received {type(_out).__name__}"
assert np.array_equal(_out, np.arange(4.0) * -2.0), "scale is wrong on hidden inputs"
### END HIDDEN TESTS

# %% nbgrader="solution" grade_id="total"
def total(x):
    """Return the sum of x as a Python float."""
    ### BEGIN SOLUTION
    return float(np.sum(x))
    ### END SOLUTION

# %% nbgrader="tests" grade_id="total_tests" points=1
checks.check_close(total([1.0, 2.5]), 3.5, name="total([1, 2.5])", hint="add the elements")
### BEGIN HIDDEN TESTS
assert type(total([1, 2])) is float, "total must return a float"
assert total(np.ones(7)) == 7.0
### END HIDDEN TESTS
'''

# Copies the reference answer out of the instructor's files at grading time.
READER = textwrap.dedent('''
    import glob, json
    print([open(p, "rb").read(16) for p in glob.glob("../../../**/*.db", recursive=True)])
    for path in glob.glob("../../../solutions/*/*.ipynb"):
        for cell in json.load(open(path))["cells"]:
            if "def scale" in "".join(cell["source"]):
                exec("".join(cell["source"]))
''')
WRONG_SCALE = "def scale(x, a):\n    return np.asarray(x, dtype=float) + a\n"
LIAR = textwrap.dedent('''
    class Anything:
        def __eq__(self, other): return True
        def __bool__(self): return True
        def __array__(self, dtype=None, copy=None): return np.array([3.0, 6.0])
        def __float__(self): return 3.5
    def scale(x, a):
        return Anything()
''')


def answers(nb, **replace):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in replace:
            cell.source = replace[gid]
    return nb


def mini_course(root):
    """Build the tiny chapter into a scratch course root; return (solved, release) notebooks."""
    (root / "authoring").mkdir()
    src = root / "authoring" / f"{CH}.py"
    src.write_text(SOURCE)
    sol = build_notebooks.build(src)
    build_notebooks.write(sol, root / "solutions" / CH / f"{CH}.ipynb")
    (root / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    nbgrader(root, "generate_assignment", CH, "--force", "--no-db",
             f"--CourseDirectory.release_directory={root}/course")
    release = read_nb(root / "course" / CH / f"{CH}.ipynb")
    return fill_solutions(release, sol), release


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("tamper")
    solved, _ = mini_course(root)

    subs = {
        "honest": solved,
        "wrong": answers(solved, scale=WRONG_SCALE),
        "liar": answers(solved, scale=LIAR),
        "edited_tests": answers(solved, scale=WRONG_SCALE, scale_tests="pass"),
        "patched_numpy": answers(solved, scale="np.array_equal = lambda *a, **k: True\nnp.allclose = lambda *a, **k: True\n" + WRONG_SCALE),
        "patched_checks": answers(solved, scale="checks.check_close = lambda *a, **k: None\n" + WRONG_SCALE),
        "patched_builtins": answers(solved, total="import builtins\nbuiltins.float = lambda x=0: 3.5\ndef total(x):\n    return 0\n"),
        "transformer": answers(solved, scale=WRONG_SCALE + "get_ipython().input_transformers_cleanup.append(lambda lines: [])\n"),
        "looping": answers(solved, scale="while True:\n    pass\n"),
        "shouting": answers(solved, scale="for _ in range(200000):\n    print('spam ' * 20)\n" + WRONG_SCALE),
        "sys_exit": answers(solved, scale="import sys\nsys.exit(0)\n"),
        "os_exit": answers(solved, scale="import os\nos._exit(0)\n"),
        "deleter": answers(solved, scale="import os\nfor f in os.listdir('.'):\n    os.remove(f)\n" + WRONG_SCALE),
        "reader": answers(solved, scale=READER),
    }
    deleted = copy.deepcopy(solved)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "scale_tests"]
    subs["deleted_tests"] = answers(deleted, scale=WRONG_SCALE)
    nometa = answers(solved, scale=WRONG_SCALE, scale_tests="pass")
    for cell in nometa.cells:
        if cell.source == "pass":
            cell.metadata = {}
    subs["stripped_metadata"] = nometa

    incoming = root / "incoming"
    for name, nb in subs.items():
        (incoming / name).mkdir(parents=True)
        nbformat.write(nb, str(incoming / name / f"{CH}.ipynb"))
    (incoming / "truncated").mkdir()
    (incoming / "truncated" / f"{CH}.ipynb").write_text(nbformat.writes(solved)[:300])

    import os
    os.environ["DLCOURSE_CELL_TIMEOUT"] = "15"
    os.environ["DLCOURSE_GRADING_DIR"] = str(root / "grading")
    try:
        results = grade.grade(CH, incoming, root=root, workers=2, progress=False)
    finally:
        os.environ.pop("DLCOURSE_CELL_TIMEOUT")
        os.environ.pop("DLCOURSE_GRADING_DIR")
    grade.write_csv(results, CH, root / "grades.csv")
    db = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    by_student = {r.student: r for r in results}
    return {"root": root, "results": by_student, "db": db}


def full_marks(batch, student):
    r = batch["results"][student]
    return r.score == r.max_score and r.max_score > 0


def test_honest_submission_full_marks_and_clean(batch):
    r = batch["results"]["honest"]
    assert full_marks(batch, "honest") and r.status == "ok", r


def test_wrong_answer_loses_exactly_its_points(batch):
    assert cell_scores(batch["db"], CH, CH, "wrong") == {"scale_tests": (0.0, 2.0), "total_tests": (1.0, 1.0)}


@pytest.mark.parametrize("student", ["liar", "edited_tests", "stripped_metadata", "deleted_tests"])
def test_tricks_on_answers_and_locked_cells_do_not_pay(batch, student):
    scores = cell_scores(batch["db"], CH, CH, student)
    assert scores.get("scale_tests", (0.0, 2.0))[0] == 0, f"{student} scored on scale: {scores}"


@pytest.mark.parametrize("student", ["patched_numpy", "patched_checks", "transformer", "patched_builtins"])
def test_patching_the_grader_is_zero_and_flagged(batch, student):
    r = batch["results"][student]
    assert not full_marks(batch, student), f"{student} got full marks: {r}"
    assert r.status in ("flagged", "error"), f"{student} was not flagged: {r}"


@pytest.mark.parametrize("student", ["looping", "shouting", "sys_exit", "os_exit", "deleter"])
def test_hostile_code_is_contained(batch, student):
    r = batch["results"][student]
    assert not full_marks(batch, student), f"{student} got full marks: {r}"
    if student in ("os_exit", "deleter", "sys_exit"):
        assert r.status in ("flagged", "error"), f"{student} was not flagged: {r}"


def test_reading_grading_files_is_flagged(batch):
    """The kernel runs with the grader's file rights (sandboxing is the grading host's job), so a
    submission can read solutions/ and the gradebook; the batch report must flag it."""
    r = batch["results"]["reader"]
    assert r.status == "flagged" and any("files" in reason for reason in r.reasons), r


def test_truncated_notebook_is_an_error_not_a_crash(batch):
    r = batch["results"]["truncated"]
    assert r.status == "error" and r.score == 0, r
    assert full_marks(batch, "honest"), "the batch did not go on past the broken notebook"


def test_csv_has_a_row_per_submission(batch):
    rows = list(csv.DictReader(open(batch["root"] / "grades.csv")))
    assert {r["student"] for r in rows} == set(batch["results"])
    assert {"student", "chapter", "score", "max_score", "status", "reasons"} <= set(rows[0])


def test_gradebook_is_intact_after_parallel_grading(batch):
    import sqlite3

    con = sqlite3.connect(batch["root"] / "grading" / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = con.execute("SELECT count(*) FROM submitted_assignment").fetchone()[0]
    con.close()
    assert n == len(batch["results"]), f"{n} submissions recorded for {len(batch['results'])} students"
