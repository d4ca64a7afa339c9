"""nbgrader cells of a notebook: which are graded, which are answers, and scores from a gradebook."""

from __future__ import annotations

import copy

__all__ = ["is_graded_test_cell", "is_answer_cell", "grade_id", "grade_ids", "exercises", "fill_solutions",
           "error_of", "cell_scores"]


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_graded_test_cell(cell) -> bool:
    """True for a locked nbgrader grade cell that is not also a solution cell (an exercise's test cell)."""
    meta = _meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_answer_cell(cell) -> bool:
    """True for an autograded answer cell (nbgrader solution cell)."""
    return bool(_meta(cell).get("solution"))


def grade_id(cell) -> str | None:
    return _meta(cell).get("grade_id")


def grade_ids(nb, kind: str) -> list[str]:
    """grade_ids of the cells of `nb` that are nbgrader `kind` ("solution" or "grade")."""
    return [c.metadata.nbgrader["grade_id"] for c in nb.cells if _meta(c).get(kind)]


def exercises(nb) -> dict[str, list[str]]:
    """{answer grade_id: [test grade_ids]}: the test cells after an answer cell, up to the next answer."""
    out, current = {}, None
    for cell in nb.cells:
        meta = _meta(cell)
        if meta.get("solution"):
            current = meta["grade_id"]
            out[current] = []
        elif meta.get("grade") and current is not None:
            out[current].append(meta["grade_id"])
    return out


def fill_solutions(release_nb, solution_nb):
    """A copy of the learner's notebook with every answer cell taken from the solution notebook.

    This is what a learner who solved everything would submit: locked cells as released, answer cells
    replaced by the reference answers (matched by grade_id).
    """
    answers = {c.metadata.nbgrader["grade_id"]: c.source for c in solution_nb.cells if _meta(c).get("solution")}
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        gid = grade_id(cell)
        if _meta(cell).get("solution"):
            if gid not in answers:
                raise ValueError(f"no solution for answer cell {gid!r} in the solution notebook")
            cell.source = answers[gid]
    return nb


def error_of(cell) -> tuple[str, str] | None:
    """(ename, evalue) of the first error output of a cell, or None."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out.get("ename", ""), out.get("evalue", "")
    return None


def cell_scores(db_url: str, assignment: str, notebook: str, student: str) -> dict[str, tuple[float, float]]:
    """{grade_id: (score, max_score)} of one autograded notebook, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        nb = gb.find_submission_notebook(notebook, assignment, student)
        return {g.name: (g.score, g.max_score) for g in nb.grades}
