"""Wrong- and right-answer catalogues: what each exercise must refuse, and what it must accept.

A chapter's catalogue, authoring/NN_slug_answers.py, defines two dicts keyed by the answer cell's
grade_id:

    WRONG = {"weighted_sum": [
        {"why": "forgets the bias", "expect": "bias", "edit": [("@ w + b", "@ w")]},
        {"why": "loops over the rows", "expect": "X @ w", "code": "def weighted_sum(x, w, b):\\n    ..."},
    ]}
    RIGHT = {"weighted_sum": [
        {"why": "np.dot", "edit": [("x @ w", "np.dot(x, w)")]},
        ...                                   # at least three, written the way learners write them
    ]}

An entry gives either `code` (a whole answer cell) or `edit`: (old, new) pairs applied in order to the
solution as the learner would write it (the solution cell without its ### BEGIN/END SOLUTION lines).
Each `old` must occur exactly once, and the edited answer must differ from the solution, so a reviewer
reads only the lines that change. A WRONG entry must lose points with a message containing `expect`
(case-insensitive); a RIGHT entry must get full marks.
"""

from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Answer", "CatalogueError", "load_catalogue", "solution_text", "apply_edits", "MIN_WRONG", "MIN_RIGHT"]

MIN_WRONG = 3
MIN_RIGHT = 3


class CatalogueError(ValueError):
    """A catalogue entry that cannot be used (missing keys, an edit that does not apply)."""


@dataclass(frozen=True)
class Answer:
    exercise: str
    why: str
    code: str
    expect: str | None = None     # WRONG only: text the failure message must contain


def solution_text(source: str) -> str:
    """An answer cell's source as a learner would write it: the ### BEGIN/END SOLUTION lines removed."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")) + "\n"


def apply_edits(text: str, edits, where: str) -> str:
    """Apply (old, new) replacements in order; each old must occur exactly once."""
    if not isinstance(edits, (list, tuple)) or not edits:
        raise CatalogueError(f"{where}: 'edit' must be a non-empty list of (old, new) pairs")
    for pair in edits:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(s, str) for s in pair)):
            raise CatalogueError(f"{where}: every edit is an (old, new) pair of strings, received {pair!r}")
        old, new = pair
        count = text.count(old)
        if count != 1:
            raise CatalogueError(f"{where}: the edit's old text {old!r} occurs {count} times in the solution "
                                 "(it must occur exactly once)")
        text = text.replace(old, new)
    return text


def load_catalogue(path, solutions: dict[str, str]) -> tuple[dict[str, list[Answer]], dict[str, list[Answer]]]:
    """(wrong, right): {exercise: [Answer]} from a catalogue file, edits resolved against `solutions`.

    Args:
        path: authoring/NN_slug_answers.py.
        solutions: {answer grade_id: solution cell source} of the chapter's solution notebook.
    """
    ns = runpy.run_path(str(path))
    out = []
    for kind in ("WRONG", "RIGHT"):
        table = ns.get(kind)
        if not isinstance(table, dict):
            raise CatalogueError(f"{Path(path).name}: expected a dict {kind}, received {type(table).__name__}")
        resolved = {}
        for gid, items in table.items():
            if gid not in solutions:
                raise CatalogueError(f"{Path(path).name}: {kind} names an unknown exercise {gid!r}")
            answers = []
            for i, item in enumerate(items):
                where = f"{Path(path).name} {kind}[{gid!r}][{i}]"
                need = {"why", "expect"} if kind == "WRONG" else {"why"}
                missing = need - set(item)
                if missing:
                    raise CatalogueError(f"{where}: lacks {sorted(missing)}")
                if ("code" in item) == ("edit" in item):
                    raise CatalogueError(f"{where}: give exactly one of 'code' and 'edit'")
                base = solution_text(solutions[gid])
                code = item["code"] if "code" in item else apply_edits(base, item["edit"], where)
                if code.strip() == base.strip():
                    raise CatalogueError(f"{where}: the answer is the solution itself")
                answers.append(Answer(gid, item["why"], code, item.get("expect")))
            resolved[gid] = answers
        out.append(resolved)
    return out[0], out[1]
