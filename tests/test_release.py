"""course/ is exactly what nbgrader generates from solutions/, and nothing secret leaks into it."""

from __future__ import annotations

import re
import subprocess

import pytest

from dlgrade import build as build_notebooks
from dlgrade import release
from dlgrade.course import chapter_sources
from helpers import ROOT, chapters, course_nb, read_nb, region_lines, scratch_course, solution_nb

CHAPTERS = chapters()
MARKERS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS")


def test_there_are_chapters():
    assert CHAPTERS[:2] == ["00_welcome", "01_perceptron"], CHAPTERS


def test_every_source_has_a_release_and_back():
    sources = {p.stem for p in chapter_sources()}
    released = {p.name for p in (ROOT / "course").iterdir() if p.is_dir()}
    assert sources == set(CHAPTERS) == released


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_are_built_from_authoring(chapter):
    """solutions/NN/NN.ipynb is what `make notebooks` builds from authoring/NN.py (outputs aside)."""
    fresh = build_notebooks.build(ROOT / "authoring" / f"{chapter}.py")
    committed = solution_nb(chapter)
    strip = lambda nb: [(c.cell_type, c.source, c.metadata.get("nbgrader"), c.metadata.get("tags"), c.id)
                        for c in nb.cells]
    assert strip(committed) == strip(fresh), f"solutions/{chapter} is stale: run `make notebooks`"


@pytest.mark.slow          # runs nbgrader (~5 s a chapter): `make test`, not `make check`
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_course_is_a_fresh_nbgrader_release(chapter, tmp_path):
    """Regenerate the chapter in a scratch copy; the committed course/ must be identical."""
    root = scratch_course(tmp_path, [chapter])
    release.release(root, quiet=True, only=[chapter])
    committed = sorted(p.relative_to(ROOT / "course" / chapter)
                       for p in (ROOT / "course" / chapter).rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(root / "course" / chapter)
                   for p in (root / "course" / chapter).rglob("*") if p.is_file())
    assert committed == fresh, f"course/{chapter} files differ from a fresh release: run `make release`"
    assert course_nb(chapter) == read_nb(root / "course" / chapter / f"{chapter}.ipynb"), (
        f"course/{chapter} differs from a fresh nbgrader release: run `make release` (never edit course/)")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_solution_or_hidden_test_in_course(chapter):
    folder = ROOT / "course" / chapter
    text = "\n".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())
    assert not MARKERS.search(text), f"course/{chapter} contains solution/hidden-test markers"
    released = "\n".join(c.source for c in course_nb(chapter).cells)
    secret = region_lines(solution_nb(chapter))
    assert secret, f"solutions/{chapter} has no solution or hidden-test lines to check"
    leaked = [line for line in secret if line in released]
    assert not leaked, f"course/{chapter} shows solution/hidden-test lines: {leaked[:3]}"
    assert not [p for p in folder.rglob("*.py")], f"course/{chapter} contains .py files"


def test_no_grading_data_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    bad = [p for p in tracked if re.search(r"(^|/)(grading|submitted|autograded|feedback)/|gradebook\.db$|\.db$", p)]
    assert not bad, f"grading data is committed: {bad[:5]}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_graded_cells_are_well_formed(chapter):
    """Every answer cell has a test cell; no test cell ends with a bare expression (partial credit)."""
    import ast

    nb = solution_nb(chapter)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert answers and tests and len(tests) >= len(answers)
    for cell in tests:
        body = ast.parse(cell.source).body
        assert body and not isinstance(body[-1], ast.Expr) or _is_call(body[-1]), (
            f"{chapter}/{cell.metadata.nbgrader['grade_id']} ends with an expression: nbgrader would "
            "read its value as a partial-credit score")
        assert "points" in cell.metadata.nbgrader and cell.metadata.nbgrader["points"] > 0


def _is_call(node) -> bool:
    """A trailing call such as check_close(...) returns None, which nbgrader ignores."""
    import ast

    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
