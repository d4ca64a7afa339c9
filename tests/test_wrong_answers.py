"""Every graded exercise has a catalogue of plausible wrong answers, and each one loses points.

For each chapter, authoring/NN_slug_answers.py holds WRONG (at least three per exercise, the way
learners really get it wrong) and RIGHT (a correct answer written differently from the solution).
The harness (dlkit.grading.AnswerHarness) swaps each into the running solution notebook and re-runs
the exercise's graded test cells, visible and hidden: a wrong answer must fail one of them with a
message that names the mistake (its `expect` text); the right one must pass them all.
"""

from __future__ import annotations

import shutil

import pytest

from dlkit.grading import AnswerHarness, caught, exercises, load_catalogue
from helpers import ROOT, chapters, solution_nb

pytestmark = pytest.mark.slow
MIN_WRONG = 3


def catalogue_path(chapter):
    return ROOT / "authoring" / f"{chapter}_answers.py"


@pytest.mark.parametrize("chapter", chapters())
def test_every_exercise_has_a_catalogue(chapter):
    path = catalogue_path(chapter)
    assert path.exists(), f"{chapter} has no wrong-answer catalogue: write {path.relative_to(ROOT)}"
    wrong, right = load_catalogue(path)
    for gid in exercises(solution_nb(chapter)):
        assert len(wrong.get(gid, [])) >= MIN_WRONG, f"{chapter}/{gid}: {len(wrong.get(gid, []))} wrong answers, need {MIN_WRONG}"
        assert gid in right, f"{chapter}/{gid}: no differently written right answer"
    extra = set(wrong) - set(exercises(solution_nb(chapter)))
    assert not extra, f"{chapter}: catalogue names unknown exercises {sorted(extra)}"


@pytest.mark.parametrize("chapter", chapters())
def test_wrong_answers_lose_points_and_right_ones_pass(chapter, tmp_path, record_property):
    wrong, right = load_catalogue(catalogue_path(chapter))
    nb = solution_nb(chapter)
    problems, total = [], 0
    workdir = tmp_path / chapter
    shutil.copytree(ROOT / "solutions" / chapter, workdir)
    with AnswerHarness(nb, workdir) as harness:
        for gid, items in wrong.items():
            for item in items:
                total += 1
                ok, message = caught(harness.try_answer(gid, item["code"]), item["expect"])
                if not ok:
                    problems.append(f"{gid} [{item['why']}]: expected a failure naming {item['expect']!r}, got: {message[:300]}")
        for gid, code in right.items():
            results = harness.try_answer(gid, code)
            failed = {t: m for t, (passed, m) in results.items() if not passed}
            if failed:
                problems.append(f"{gid} [right answer]: lost points: {failed}")
    record_property("wrong_answers", f"{total - len([p for p in problems if 'right answer' not in p])}/{total}")
    print(f"{chapter}: {total} wrong answers, {len(problems)} problems")
    assert not problems, "\n".join(problems)
