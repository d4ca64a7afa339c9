"""The nbgrader preprocessors of the course (nbgrader_config.py uses them).

    RefereeExecute   nbgrader's Execute step, with every graded test cell decided by dlgrade.referee in
                     this (the grader's) process from the values the learner's code returns
    StderrToStdout   stderr text of a graded cell never costs points (TensorFlow and numpy warn there)
    StripHiddenTests feedback shows why a check failed, never the hidden parameters
"""

from __future__ import annotations

import re

from nbclient.util import run_sync
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Unicode

from dlgrade.notebooks import is_graded_test_cell
from dlgrade.referee import Referee, RefereedExecution

__all__ = ["RefereeExecute", "StderrToStdout", "StripHiddenTests", "stderr_to_stdout", "strip_hidden_tests",
           "STDERR_MARK", "HIDDEN_NOTE"]

STDERR_MARK = "[stderr] "
HIDDEN_NOTE = "# (hidden checks ran here at grading time, on inputs that are not shown)"
HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*", re.S | re.M)


class RefereeExecute(RefereedExecution, Execute):
    """Execute the notebook; referee its graded test cells (see dlgrade.referee).

    Ordinary cells and answer cells run in the kernel as nbgrader runs them (timeouts, output limits).
    A graded test cell does not run there: the referee asks the kernel for the learner's answers on the
    exercise's visible and hidden cases, judges them here, and writes the cell's outputs itself.
    """

    exercise_module = Unicode("", help="Module defining the exercises (default: dlkit.exercises.ch<assignment>)."
                              ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        assignment = (resources or {}).get("nbgrader", {}).get("assignment")
        self.referee = Referee(assignment, module=self.exercise_module or None)
        self.referee.scan(nb)
        self.verdicts = {}
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            self.referee.close()
            self.referee = None

    # nbclient binds the synchronous wrapper to the base class's coroutine; rebind it to ours.
    execute_cell = run_sync(RefereedExecution.async_execute_cell)


def stderr_to_stdout(cell, mark: str = STDERR_MARK) -> int:
    """Rewrite the stderr stream outputs of one cell as stdout; return how many were moved."""
    moved = 0
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            text = out.get("text", "")
            out["name"] = "stdout"
            out["text"] = "".join(mark + line for line in text.splitlines(keepends=True))
            moved += 1
    return moved


class StderrToStdout(NbGraderPreprocessor):
    """nbgrader zeroes a graded cell with stderr output: move it to stdout, so a warning costs nothing.

    The referee writes graded cells' outputs itself (never stderr), so this guards any other graded cell.
    """

    enabled = Bool(True, help="Move stderr output of graded test cells to stdout.").tag(config=True)
    mark = Unicode(STDERR_MARK, help="Prefix for each moved line.").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if self.enabled and is_graded_test_cell(cell):
            n = stderr_to_stdout(cell, self.mark)
            if n:
                self.log.info("moved %d stderr output(s) of graded cell %s to stdout",
                              n, cell.metadata.nbgrader.get("grade_id"))
        return cell, resources


def strip_hidden_tests(cell) -> bool:
    """Replace the hidden-tests region of a graded cell with a note (in place); True if it had one."""
    if not HIDDEN_REGION.search(cell.get("source", "")):
        return False
    cell["source"] = HIDDEN_REGION.sub(HIDDEN_NOTE, cell["source"])
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            out["traceback"] = [f"{out.get('ename', 'Error')}: {out.get('evalue', '')}"]
    return True


class StripHiddenTests(NbGraderPreprocessor):
    """generate_feedback preprocessor: feedback shows why a check failed, never the hidden parameters."""

    enabled = Bool(True, help="Remove hidden tests from feedback.").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if self.enabled and cell.cell_type == "code":
            strip_hidden_tests(cell)
        return cell, resources
