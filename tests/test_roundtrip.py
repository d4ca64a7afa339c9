"""The whole nbgrader round trip per chapter, in a scratch course directory, through `make grade`'s code:

generate the release; autograde a learner who solved everything and whose notebook writes a warning
to stderr before every cell (full marks all the same), and one who gave the first catalogued wrong
answer to every exercise (zero on every graded cell, each with the message the harness of
tests/test_wrong_answers.py requires: nbgrader and the harness agree); for the first chapter only (the
mechanism is the same everywhere) also the untouched release (zero everywhere; every chapter's blank
answers are refereed in tests/test_wrong_answers.py) and an infinite loop (that exercise zero, the rest
graded); then generate feedback, which says why a check failed and shows no hidden parameter.
"""

from __future__ import annotations

import copy
import os
import shutil

import nbformat
import pytest

from dlgrade import batch
from dlgrade.catalogue import load_catalogue
from dlgrade.notebooks import cell_scores, error_of, exercises, fill_solutions
from helpers import ROOT, chapters, course_nb, html_text, read_nb, region_lines, scratch_course, solution_nb

pytestmark = pytest.mark.slow

NOISY = (
    "import sys as _sys\n"
    "def _warn(*_):\n"
    "    print('RuntimeWarning: overflow encountered in exp (simulated)', file=_sys.stderr)\n"
    "get_ipython().events.register('pre_run_cell', _warn)\n"
)


def _answer_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]


@pytest.fixture(scope="module", params=chapters())
def graded(request, tmp_path_factory):
    chapter = request.param
    root = scratch_course(tmp_path_factory.mktemp(chapter), [chapter])
    # The learners' notebook is the committed release (tests/test_release.py proves it is exactly what
    # nbgrader generates); batch.grade below generates the assignment into the gradebook itself.
    release_nb = course_nb(chapter)
    solved = fill_solutions(release_nb, solution_nb(chapter))
    first = _answer_cells(solved)[0]
    first.source = NOISY + first.source

    looping = fill_solutions(release_nb, solution_nb(chapter))
    looping_cell = _answer_cells(looping)[0]
    looping_cell.source = "while True:\n    pass\n"

    # Each exercise answered with the first wrong answer of its catalogue: nbgrader must score each
    # zero with the message the harness (tests/test_wrong_answers.py) requires for that answer.
    sol = solution_nb(chapter)
    solutions = {c.metadata.nbgrader["grade_id"]: c.source for c in sol.cells if c.metadata.get("nbgrader", {}).get("solution")}
    wrong_catalogue, _ = load_catalogue(ROOT / "authoring" / f"{chapter}_answers.py", solutions)
    first_wrong = {gid: items[0] for gid, items in wrong_catalogue.items() if items}
    wrong = copy.deepcopy(solved)
    for cell in _answer_cells(wrong):
        gid = cell.metadata.nbgrader["grade_id"]
        cell.source = first_wrong[gid].code if gid in first_wrong else cell.source

    students = {"solved": solved, "wrong": wrong}
    if chapter == chapters()[0]:
        students["looping"] = looping
        students["blank"] = release_nb
    incoming = root / "incoming"
    for student, nb in students.items():
        (incoming / student).mkdir(parents=True)
        nbformat.write(nb, str(incoming / student / f"{chapter}.ipynb"))
    # Grade through the instructors' batch tool (two nbgrader processes).
    # A short cell timeout only where the looping student needs it; the others keep the course's 120 s.
    env = {"DLCOURSE_CELL_TIMEOUT": "20" if "looping" in students else "120",
           "DLCOURSE_GRADING_DIR": str(root / "grading")}
    os.environ.update(env)
    try:
        results = batch.grade(chapter, incoming, root=root, workers=2, progress=False, feedback=True)
    finally:
        for key in env:
            os.environ.pop(key)
    assert {r.student for r in results} == set(students)
    db = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    scores = {s: cell_scores(db, chapter, chapter, s) for s in students}
    cells = looping.cells  # the test cell that belongs to the looping answer
    after = cells[cells.index(looping_cell) + 1:]
    looping_test = next(c.metadata.nbgrader["grade_id"] for c in after if c.metadata.get("nbgrader", {}).get("grade"))
    tests_of = exercises(sol)
    expected = {test_id: first_wrong[gid].expect for gid, test_ids in tests_of.items() for test_id in test_ids}
    yield {"chapter": chapter, "root": root, "scores": scores, "looping_test": looping_test, "expected": expected}
    shutil.rmtree(root, ignore_errors=True)


def test_solution_gets_full_marks_despite_warnings(graded):
    """The solved notebook also writes a warning to stderr before every cell, test cells included."""
    scores = graded["scores"]["solved"]
    assert scores, "no graded cells found"
    lost = {k: v for k, v in scores.items() if v[0] != v[1]}
    assert not lost, f"{graded['chapter']}: the solution lost points on {lost}"


# The blank release and the infinite loop are graded for the first chapter only (the mechanism is the same
# everywhere; every chapter's blank answers are refereed in tests/test_wrong_answers.py).
@pytest.mark.parametrize("graded", chapters()[:1], indirect=True)
def test_blank_release_scores_zero_everywhere(graded):
    scores = graded["scores"]["blank"]
    scored = {k: v for k, v in scores.items() if v[0] != 0}
    assert not scored, f"{graded['chapter']}: the blank notebook scored on {scored}"


@pytest.mark.parametrize("graded", chapters()[:1], indirect=True)
def test_infinite_loop_zeroes_only_its_exercise(graded):
    scores = graded["scores"]["looping"]
    assert scores[graded["looping_test"]][0] == 0, f"{graded['chapter']}: an infinite loop kept its points"
    full = {k for k, v in scores.items() if v[0] == v[1]}
    assert full, f"{graded['chapter']}: after a timed-out cell the rest should still be graded: {scores}"


def test_feedback_is_generated(graded):
    chapter, root = graded["chapter"], graded["root"]
    for student in graded["scores"]:
        html = root / "grading" / "feedback" / student / chapter / f"{chapter}.html"
        assert html.exists() and html.stat().st_size > 1000, f"no feedback for {student}"


def test_nbgrader_names_the_mistakes_as_the_harness_does(graded):
    """Every graded cell of the wrong submission scores zero with a named failure; the first exercise (no
    earlier answer can change its inputs) fails with exactly the message the catalogue requires, so
    the referee decides under nbgrader as it does in the harness (later exercises may see the effect of
    an earlier wrong answer, e.g. predict calling a wrong step, so only their failure is required)."""
    chapter, root = graded["chapter"], graded["root"]
    scores = graded["scores"]["wrong"]
    assert scores and not [k for k, v in scores.items() if v[0] != 0], f"{chapter}: wrong answers scored: {scores}"
    autograded = read_nb(root / "grading" / "autograded" / "wrong" / chapter / f"{chapter}.ipynb")
    graded_cells = [c for c in autograded.cells if c.metadata.get("nbgrader", {}).get("grade_id") in graded["expected"]]
    for i, cell in enumerate(graded_cells):
        test_id = cell.metadata.nbgrader["grade_id"]
        err = error_of(cell)
        assert err and err[0] == "CheckError" and err[1].strip(), f"{chapter}/{test_id}: no named failure: {err}"
        if i == 0:
            assert graded["expected"][test_id].lower() in err[1].lower(), (
                f"{chapter}/{test_id}: nbgrader's message {err[1]!r} does not name {graded['expected'][test_id]!r}")


def test_feedback_says_why_without_showing_hidden_tests(graded):
    chapter, root = graded["chapter"], graded["root"]
    text = html_text(root / "grading" / "feedback" / "wrong" / chapter / f"{chapter}.html")
    hidden = region_lines(solution_nb(chapter), regions=("HIDDEN TESTS",), min_len=10)
    assert hidden, f"{chapter} has no hidden tests"
    leaked = [line for line in hidden if line in text]
    assert not leaked, f"{chapter}: feedback shows hidden parameters: {leaked[:3]}"
    autograded = read_nb(root / "grading" / "autograded" / "wrong" / chapter / f"{chapter}.ipynb")
    reasons = [o["evalue"] for c in autograded.cells if c.metadata.get("nbgrader", {}).get("grade")
               for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert reasons, f"{chapter}: the wrong answers raised no errors"
    for reason in reasons:
        first_line = reason.strip().splitlines()[0][:60] if reason.strip() else ""
        assert first_line in text, f"{chapter}: feedback lacks the failure message {first_line!r}"
