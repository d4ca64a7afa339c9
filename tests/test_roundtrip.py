"""The whole nbgrader round trip per chapter, in a scratch course directory:

generate the release; autograde a learner who solved everything and whose notebook writes a warning
to stderr in every cell (full marks all the same), one who handed in the untouched release (zero on
every graded cell), one who gave the first catalogued wrong answer to every exercise (nbgrader's
scores must match the in-kernel harness's prediction) and, for the first chapter only (the
mechanism is the same everywhere), one with an infinite loop (that exercise zero, the rest graded);
then generate feedback.
"""

from __future__ import annotations

import copy
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

import grade
from dlkit.grading import cell_scores, fill_solutions, load_catalogue, run_with_answers
from helpers import ROOT, chapters, html_text, nbgrader, read_nb, region_lines, scratch_course, solution_nb

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
    nbgrader(root, "generate_assignment", chapter, "--force", "--no-db")
    release_nb = read_nb(root / "course" / chapter / f"{chapter}.ipynb")
    solved = fill_solutions(release_nb, solution_nb(chapter))
    first = _answer_cells(solved)[0]
    first.source = NOISY + first.source

    looping = fill_solutions(release_nb, solution_nb(chapter))
    looping_cell = _answer_cells(looping)[0]
    looping_cell.source = "while True:\n    pass\n"

    # Each exercise answered with the first wrong answer of its catalogue: nbgrader's verdict must
    # match what the in-kernel harness (tests/test_wrong_answers.py) predicts for the same notebook.
    wrong_catalogue, _ = load_catalogue(ROOT / "authoring" / f"{chapter}_answers.py")
    first_wrong = {gid: items[0]["code"] for gid, items in wrong_catalogue.items() if items}
    wrong = copy.deepcopy(solved)
    for cell in _answer_cells(wrong):
        cell.source = first_wrong.get(cell.metadata.nbgrader["grade_id"], cell.source)

    students = {"solved": solved, "blank": release_nb, "wrong": wrong}
    if chapter == chapters()[0]:
        students["looping"] = looping
    incoming = root / "incoming"
    for student, nb in students.items():
        (incoming / student).mkdir(parents=True)
        nbformat.write(nb, str(incoming / student / f"{chapter}.ipynb"))
    # Grade through the instructors' batch tool (two nbgrader processes on the two cores) while the
    # harness predicts the wrong answers' scores in a third kernel.
    env = {"DLCOURSE_CELL_TIMEOUT": "20", "DLCOURSE_GRADING_DIR": str(root / "grading")}
    os.environ.update(env)
    try:
        with ThreadPoolExecutor(1) as pool:
            prediction = pool.submit(run_with_answers, solution_nb(chapter), first_wrong, root / "solutions" / chapter)
            results = grade.grade(chapter, incoming, root=root, workers=2, progress=False, feedback=True)
            predicted = prediction.result()
    finally:
        for key in env:
            os.environ.pop(key)
    assert {r.student for r in results} == set(students)
    db = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    scores = {s: cell_scores(db, chapter, chapter, s) for s in students}
    cells = looping.cells  # the test cell that belongs to the looping answer
    after = cells[cells.index(looping_cell) + 1:]
    looping_test = next(c.metadata.nbgrader["grade_id"] for c in after if c.metadata.get("nbgrader", {}).get("grade"))
    yield {"chapter": chapter, "root": root, "scores": scores, "looping_test": looping_test,
           "predicted": predicted}
    shutil.rmtree(root, ignore_errors=True)


def test_solution_gets_full_marks_despite_warnings(graded):
    """The solved notebook also writes a warning to stderr before every cell, test cells included."""
    scores = graded["scores"]["solved"]
    assert scores, "no graded cells found"
    lost = {k: v for k, v in scores.items() if v[0] != v[1]}
    assert not lost, f"{graded['chapter']}: the solution lost points on {lost}"


def test_blank_release_scores_zero_everywhere(graded):
    scores = graded["scores"]["blank"]
    scored = {k: v for k, v in scores.items() if v[0] != 0}
    assert not scored, f"{graded['chapter']}: the blank notebook scored on {scored}"


def test_infinite_loop_zeroes_only_its_exercise(graded):
    if "looping" not in graded["scores"]:
        pytest.skip("the timeout mechanism is tested on the first chapter")
    scores = graded["scores"]["looping"]
    assert scores[graded["looping_test"]][0] == 0, f"{graded['chapter']}: an infinite loop kept its points"
    full = {k for k, v in scores.items() if v[0] == v[1]}
    assert full, f"{graded['chapter']}: after a timed-out cell the rest should still be graded: {scores}"


def test_feedback_is_generated(graded):
    chapter, root = graded["chapter"], graded["root"]
    for student in graded["scores"]:
        html = root / "grading" / "feedback" / student / chapter / f"{chapter}.html"
        assert html.exists() and html.stat().st_size > 1000, f"no feedback for {student}"


def test_harness_agrees_with_nbgrader(graded):
    """The same wrong answers, graded by nbgrader and predicted by the in-kernel harness."""
    scores, predicted = graded["scores"]["wrong"], graded["predicted"]
    assert set(scores) == set(predicted)
    actual = {k: v[0] == v[1] for k, v in scores.items()}
    assert actual == predicted, f"{graded['chapter']}: nbgrader {actual} vs harness {predicted}"
    assert not all(actual.values()), f"{graded['chapter']}: the wrong answers lost no points"


def test_feedback_says_why_without_showing_hidden_tests(graded):
    chapter, root = graded["chapter"], graded["root"]
    text = html_text(root / "grading" / "feedback" / "wrong" / chapter / f"{chapter}.html")
    hidden = region_lines(solution_nb(chapter), regions=("HIDDEN TESTS",))
    assert hidden, f"{chapter} has no hidden tests"
    leaked = [line for line in hidden if line in text]
    assert not leaked, f"{chapter}: feedback shows hidden test code: {leaked[:3]}"
    autograded = read_nb(root / "grading" / "autograded" / "wrong" / chapter / f"{chapter}.ipynb")
    reasons = [o["evalue"] for c in autograded.cells if c.metadata.get("nbgrader", {}).get("grade")
               for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert reasons, f"{chapter}: the wrong answers raised no errors"
    for reason in reasons:
        first_line = reason.strip().splitlines()[0][:60] if reason.strip() else ""
        assert first_line in text, f"{chapter}: feedback lacks the failure message {first_line!r}"
