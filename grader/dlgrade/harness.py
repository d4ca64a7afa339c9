"""Catalogued answers through the real referee, in one kernel.

Running every catalogued answer through `nbgrader autograde` would cost a kernel start and a whole
notebook each. The harness runs the solution notebook once in one kernel; then, for each answer, it
re-executes only the answer cell with that answer's code and referees the exercise's graded cells
exactly as grading does (dlgrade.referee: cases built here, answers computed by the kernel, decided
here), and restores the reference answer. tests/test_roundtrip.py shows it agrees with nbgrader.

    with AnswerHarness(nb, workdir) as h:
        results = h.try_answer("weighted_sum", "def weighted_sum(x, w, b):\\n    return 0.0\\n")
        # {"weighted_sum_tests": (False, "weighted_sum(x=[2, 3], ...) is not correct ...")}
"""

from __future__ import annotations

import copy

from nbclient import NotebookClient
from nbclient.util import run_sync

from dlgrade.notebooks import error_of, exercises
from dlgrade.referee import Referee, RefereedExecution

__all__ = ["AnswerHarness", "RefereeClient", "caught", "run_with_answers"]


class RefereeClient(RefereedExecution, NotebookClient):
    """An nbclient NotebookClient whose graded test cells are refereed, as at grading time."""

    execute_cell = run_sync(RefereedExecution.async_execute_cell)


def _client(nb, workdir, timeout, chapter, module):
    client = RefereeClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                           interrupt_on_timeout=True, resources={"metadata": {"path": str(workdir)}})
    client.referee = Referee(chapter, module=module)
    client.verdicts = {}
    return client


class AnswerHarness:
    """Run a source notebook once, then try answers in place of its answer cells.

    Args:
        nb: the solution notebook; chapter: its name (picks the exercise module); workdir: the folder
        the kernel runs in; module: override the exercise module (tests).
    """

    def __init__(self, nb, workdir, chapter: str, timeout: int = 120, module: str | None = None):
        self.nb = copy.deepcopy(nb)
        self.index = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(self.nb.cells)}
        self.exercises = exercises(self.nb)
        self.client = _client(self.nb, workdir, timeout, chapter, module)
        self._ctx = None

    def __enter__(self):
        self._ctx = self.client.setup_kernel()
        self._ctx.__enter__()
        for i, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code":
                self.client.execute_cell(cell, i)
                err = error_of(cell)
                if err:
                    raise RuntimeError(f"the solution notebook fails at cell {cell.id}: {err[0]}: {err[1]}")
        return self

    def __exit__(self, *exc):
        try:
            return self._ctx.__exit__(*exc)
        finally:
            self.client.referee.close()

    def _run(self, gid: str, source: str | None = None):
        cell = self.nb.cells[self.index[gid]]
        original = cell.source
        if source is not None:
            cell.source = source
        try:
            self.client.execute_cell(cell, self.index[gid])
        finally:
            cell.source = original
        return error_of(cell)

    def try_answer(self, answer_id: str, code: str) -> dict[str, tuple[bool, str]]:
        """Run `code` as answer `answer_id`, then referee its test cells; {test id: (passed, message)}.

        The reference answer is re-run afterwards, so answers do not leak into each other.
        """
        if answer_id not in self.exercises:
            raise ValueError(f"expected one of the answer cells {sorted(self.exercises)}, received {answer_id!r}")
        results = {}
        try:
            self._run(answer_id, code)
            for test_id in self.exercises[answer_id]:
                err = self._run(test_id)
                results[test_id] = (err is None, "" if err is None else f"{err[0]}: {err[1]}")
        finally:
            self._run(answer_id)
        return results


def caught(results: dict[str, tuple[bool, str]], expect: str) -> tuple[bool, str]:
    """Did a wrong answer lose points with a message naming `expect`? Returns (ok, first message)."""
    failures = [msg for passed, msg in results.values() if not passed]
    if not failures:
        return False, "passed every check"
    named = any(expect.lower() in msg.lower() for msg in failures)
    return named, failures[0]


def run_with_answers(nb, answers: dict[str, str], workdir, chapter: str, timeout: int = 120,
                     module: str | None = None) -> dict[str, bool]:
    """Run the source notebook top to bottom with `answers` in place of its answer cells, refereed.

    Returns {test grade_id: passed}: the harness's prediction of what nbgrader will award.
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    client = _client(nb, workdir, timeout, chapter, module)
    try:
        client.execute()
    finally:
        client.referee.close()
    return {c.metadata.nbgrader["grade_id"]: error_of(c) is None
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def main(argv=None) -> int:
    """python -m dlgrade.harness CHAPTER [EXERCISE ...]: run the catalogue through the referee, print it."""
    import argparse
    import shutil
    import tempfile
    import time
    from pathlib import Path

    from dlgrade.catalogue import MIN_RIGHT, MIN_WRONG, load_catalogue
    from dlgrade.course import ROOT, solution_nb

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("chapter")
    parser.add_argument("exercises", nargs="*", help="only these exercises (default: all)")
    args = parser.parse_args(argv)
    nb = solution_nb(args.chapter)
    solutions = {c.metadata.nbgrader["grade_id"]: c.source for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    wrong, right = load_catalogue(ROOT / "authoring" / f"{args.chapter}_answers.py", solutions)
    bad, t0 = 0, time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "solutions" / args.chapter, Path(tmp) / "work")
        with AnswerHarness(nb, Path(tmp) / "work", args.chapter) as harness:
            print(f"{args.chapter}: the solution notebook ran in {time.perf_counter() - t0:.1f} s")
            for gid in harness.exercises:
                if args.exercises and gid not in args.exercises:
                    continue
                n_w, n_r = len(wrong.get(gid, [])), len(right.get(gid, []))
                if n_w < MIN_WRONG or n_r < MIN_RIGHT:
                    bad += 1
                    print(f"MISSING {gid}: {n_w} wrong (need {MIN_WRONG}), {n_r} right (need {MIN_RIGHT})")
                for answer in wrong.get(gid, []):
                    t1 = time.perf_counter()
                    ok, msg = caught(harness.try_answer(gid, answer.code), answer.expect)
                    bad += not ok
                    print(f"{'caught' if ok else 'MISSED'}  {time.perf_counter() - t1:5.1f} s  {gid} [{answer.why}] "
                          f"expect {answer.expect!r}\n    " + msg.replace("\n", "\n    ")[:800])
                for answer in right.get(gid, []):
                    t1 = time.perf_counter()
                    results = harness.try_answer(gid, answer.code)
                    failed = [m for passed, m in results.values() if not passed]
                    bad += bool(failed)
                    print(f"{'passed' if not failed else 'LOST  '}  {time.perf_counter() - t1:5.1f} s  {gid} "
                          f"[right: {answer.why}]"
                          + ("" if not failed else "\n    " + failed[0].replace("\n", "\n    ")[:800]))
    print(f"{args.chapter}: {bad} problems, {time.perf_counter() - t0:.0f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
