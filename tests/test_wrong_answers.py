"""Each chapter's solution notebook, run once, proves its worked numbers, its blank and its catalogue.

One kernel per chapter runs the solution notebook top to bottom (dlgrade.harness.AnswerHarness), then:

- the worked numbers: every cell tagged nbval-check-output prints exactly what is stored (nbval's
  rule: stdout and text outputs, pictures aside), and no cell writes to stderr;
- the blank release: every exercise's answer cell as learners receive it (`raise NotImplementedError()`)
  fails all its graded checks, through the referee;
- the catalogue (authoring/NN_slug_answers.py): at least three WRONG answers per exercise, each losing
  points with a message that names the mistake (its `expect` text), and at least three RIGHT answers,
  written the way learners write them, each getting full marks.

Every verdict comes from the referee (dlgrade.referee), exactly as at grading time: cases built here,
answers computed by the kernel and returned as data, decided here.
"""

from __future__ import annotations

import shutil

import pytest

from dlgrade.catalogue import MIN_RIGHT, MIN_WRONG, load_catalogue
from dlgrade.harness import AnswerHarness, caught
from dlgrade.notebooks import exercises
from helpers import ROOT, chapters, course_nb, output_mismatches, solution_nb, stderr_cells

pytestmark = pytest.mark.slow


def catalogue(chapter):
    path = ROOT / "authoring" / f"{chapter}_answers.py"
    assert path.exists(), f"{chapter} has no answer catalogue: write {path.relative_to(ROOT)}"
    nb = solution_nb(chapter)
    solutions = {c.metadata.nbgrader["grade_id"]: c.source for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    return load_catalogue(path, solutions)


@pytest.mark.parametrize("chapter", chapters())
def test_every_exercise_has_a_catalogue(chapter):
    wrong, right = catalogue(chapter)
    for gid in exercises(solution_nb(chapter)):
        n_wrong, n_right = len(wrong.get(gid, [])), len(right.get(gid, []))
        assert n_wrong >= MIN_WRONG, f"{chapter}/{gid}: {n_wrong} wrong answers, need {MIN_WRONG}"
        assert n_right >= MIN_RIGHT, f"{chapter}/{gid}: {n_right} right answers, need {MIN_RIGHT}"


@pytest.mark.parametrize("chapter", chapters())
def test_solution_blank_and_catalogue_through_the_referee(chapter, tmp_path, record_property):
    wrong, right = catalogue(chapter)
    blanks = {c.metadata.nbgrader["grade_id"]: c.source for c in course_nb(chapter).cells
              if c.metadata.get("nbgrader", {}).get("solution")}
    problems, n_wrong, n_right = [], 0, 0
    workdir = tmp_path / chapter
    shutil.copytree(ROOT / "solutions" / chapter, workdir)
    with AnswerHarness(solution_nb(chapter), workdir, chapter) as harness:
        problems += [f"worked numbers: {p}" for p in output_mismatches(solution_nb(chapter), harness.nb)]
        problems += [f"cell {c} wrote to stderr" for c in stderr_cells(harness.nb)]
        for gid in harness.exercises:
            results = harness.try_answer(gid, blanks[gid])
            if any(passed for passed, _ in results.values()) or not all("not written yet" in m for _, m in results.values()):
                problems.append(f"{gid} [blank release]: {results}")
        for gid, items in wrong.items():
            for answer in items:
                n_wrong += 1
                ok, message = caught(harness.try_answer(gid, answer.code), answer.expect)
                if not ok:
                    problems.append(f"{gid} [{answer.why}]: expected a failure naming {answer.expect!r}, "
                                    f"got: {message[:300]}")
        for gid, items in right.items():
            for answer in items:
                n_right += 1
                failed = {t: m for t, (passed, m) in harness.try_answer(gid, answer.code).items() if not passed}
                if failed:
                    problems.append(f"{gid} [right: {answer.why}]: lost points: {failed}")
    record_property("answers", f"{n_wrong} wrong, {n_right} right")
    print(f"{chapter}: {n_wrong} wrong and {n_right} right answers, {len(problems)} problems")
    assert not problems, "\n".join(problems)
