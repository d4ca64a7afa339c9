"""The referee: graded checks decided in the grader's process, from the values the learner's code returns.

At grading time no graded test cell runs in the learner's kernel. For each one the referee

1. looks up the exercise (dlkit.exercises.ch<chapter>.<name>, name = the grade_id less "_tests") and
   reads the hidden parameters from the cell's source, which nbgrader restored from the gradebook
   (the `HIDDEN = [...]` line of the hidden-tests region; parsed as data, never executed);
2. builds every case, visible and hidden, in the grader's process, and writes their inputs (never
   their truth, such as held-out labels) to a request file;
3. has the kernel answer them (`dlkit.checks.exercise.serve`: the learner's function on each input),
   the answers written as plain data (dlkit.checks.wire);
4. reads the answers back with `allow_pickle=False`, computes the references itself and runs the
   exercise's judge on each case; the first failure is the cell's error output, else it passes.

The cell's outputs are written by the referee alone, so nothing the kernel prints, raises or hides
changes a score: a kernel that lies about having run gains nothing, because a point needs a correct
value. Feedback shows which check failed and why; hidden checks are described without their inputs
or references.

    referee = Referee("01_perceptron")
    for probe in referee.rounds(cell):            # the visible cases, then the hidden ones
        ... run probe.source in the kernel ...    # the code that makes the kernel answer
        verdict = referee.decide(probe, kernel_error)  # verdict.passed, verdict.message, verdict.outputs()
        if not verdict.passed: break
"""

from __future__ import annotations

import ast
import importlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nbformat.v4 import new_output

from dlgrade.course import exercise_module
from dlgrade.notebooks import error_of, grade_id, is_answer_cell, is_graded_test_cell
from dlkit.checks import wire
from dlkit.checks.exercise import Exercise

__all__ = ["Referee", "Probe", "Verdict", "hidden_params", "RefereeError", "FLAG", "INTEGRITY"]

HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n(.*?)^[ \t]*### END HIDDEN TESTS", re.S | re.M)
FLAG = "GradingFlag"                    # a note for the instructor; the score is unchanged
INTEGRITY = "GradingIntegrityError"     # the kernel did not answer as asked: zero, and flagged


class RefereeError(ValueError):
    """A graded cell the referee cannot grade (an authoring error: no exercise, no hidden cases)."""


def _literal(node):
    """The value of a literal expression, also accepting dict(key=literal, ...) calls."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" and not node.args:
        return {kw.arg: _literal(kw.value) for kw in node.keywords if kw.arg is not None}
    if isinstance(node, ast.List):
        return [_literal(e) for e in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return {_literal(k): _literal(v) for k, v in zip(node.keys, node.values)}
    return ast.literal_eval(node)


def hidden_params(source: str) -> list[dict]:
    """The HIDDEN list of a graded cell's hidden-tests region: a list of dicts, parsed as data.

    Raises RefereeError when the region or the assignment is missing or is not a list of dicts of literals.
    """
    m = HIDDEN_REGION.search(source)
    if not m:
        raise RefereeError("the test cell has no ### BEGIN/END HIDDEN TESTS region")
    try:
        tree = ast.parse(m.group(1))
    except SyntaxError as exc:
        raise RefereeError(f"the hidden-tests region is not valid Python: {exc}") from None
    found = [node.value for node in tree.body if isinstance(node, ast.Assign)
             and [getattr(t, "id", None) for t in node.targets] == ["HIDDEN"]]
    if len(found) != 1 or len(tree.body) != 1:
        raise RefereeError("the hidden-tests region must hold exactly one line `HIDDEN = [dict(...), ...]`")
    try:
        value = _literal(found[0])
    except (ValueError, TypeError, SyntaxError) as exc:
        raise RefereeError(f"HIDDEN must be a list of dicts of literals: {exc}") from None
    if not isinstance(value, list) or not value or not all(isinstance(p, dict) for p in value):
        raise RefereeError("HIDDEN must be a non-empty list of dicts")
    return value


@dataclass
class Probe:
    """One request to the kernel: the exercise, its cases, and where the answers are written."""

    cell_id: str
    exercise: Exercise | None
    cases: list
    source: str
    response: Path
    problem: str | None = None          # why the cell cannot be refereed (then nothing is sent)


@dataclass
class Verdict:
    """The referee's decision on one graded cell."""

    cell_id: str
    passed: bool
    message: str
    flags: list = field(default_factory=list)
    integrity: bool = False             # the kernel did not answer as asked

    def outputs(self) -> list:
        """The cell's outputs: a report line, flags, and an error output when it failed."""
        outs = []
        if self.passed:
            outs.append(new_output("stream", name="stdout", text=self.message + "\n"))
        for flag in self.flags:
            outs.append(new_output("stream", name="stdout", text=f"{FLAG}: {flag}\n"))
        if not self.passed:
            ename = INTEGRITY if self.integrity else "CheckError"
            outs.append(new_output("error", ename=ename, evalue=self.message,
                                   traceback=[f"{ename}: {self.message}"]))
        return outs


class Referee:
    """Referee for the graded cells of one chapter (see the module docstring).

    Args:
        chapter: the assignment name, e.g. "01_perceptron".
        module: the module that defines its exercises (default: dlkit.exercises.ch<chapter>).
    """

    def __init__(self, chapter: str, module: str | None = None):
        self.chapter = chapter
        self.module_name = module or exercise_module(chapter)
        self.module = importlib.import_module(self.module_name)
        self.tmp = Path(tempfile.mkdtemp(prefix="dlgrade-referee-"))
        self.flags: dict[str, list[str]] = {}
        self._n = 0

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- setting up ------------------------------------------------------------------------------

    def exercise_for(self, test_id: str) -> Exercise:
        """The Exercise graded by the test cell `test_id` ("<name>_tests")."""
        if not test_id or not test_id.endswith("_tests"):
            raise RefereeError(f"a graded cell's grade_id must be '<exercise>_tests', received {test_id!r}")
        name = test_id[: -len("_tests")]
        exercise = getattr(self.module, name, None)
        if not isinstance(exercise, Exercise):
            raise RefereeError(f"{self.module_name} defines no exercise {name!r}")
        return exercise

    def scan(self, nb) -> None:
        """Note answer cells that import the dlkit reference of an exercise (flagged, score unchanged)."""
        answers = "\n".join(c.source for c in nb.cells if is_answer_cell(c) and c.cell_type == "code")
        for cell in nb.cells:
            if not is_graded_test_cell(cell):
                continue
            try:
                exercise = self.exercise_for(grade_id(cell))
            except RefereeError:
                continue
            for ref in exercise.references:
                module, _, name = ref.rpartition(".")
                imported = (re.search(rf"\b{re.escape(module)}\b", answers)
                            and re.search(rf"\b{re.escape(name)}\b", answers))
                if imported:
                    self.flags.setdefault(grade_id(cell), []).append(
                        f"an answer imports dlkit's reference implementation {ref}: read it before publishing")

    def prepare(self, cell) -> Probe:
        """The request for one graded cell: all its cases, and the code that makes the kernel answer them."""
        return self.rounds(cell, split=False)[0]

    def rounds(self, cell, split: bool = True) -> list[Probe]:
        """The requests for one graded cell: the visible cases, then (if they pass) the hidden ones.

        Asking in two rounds saves the hidden cases' cost (a training, say) when a visible case already
        fails; with split=False all cases go in one request.
        """
        test_id = grade_id(cell)
        try:
            exercise = self.exercise_for(test_id)
            visible = list(exercise.cases)
            hidden = [exercise.hidden(params) for params in hidden_params(cell.source)]
        except (RefereeError, TypeError, ValueError) as exc:
            return [Probe(test_id, None, [], "", self.tmp / "none.npz", problem=str(exc))]
        groups = [visible, hidden] if split else [visible + hidden]
        return [self._probe(test_id, exercise, cases) for cases in groups if cases]

    def _probe(self, test_id: str, exercise: Exercise, cases: list) -> Probe:
        self._n += 1
        request, response = self.tmp / f"request-{self._n}.npz", self.tmp / f"response-{self._n}.npz"
        wire.save(request, [case.inputs for case in cases])
        source = (f'__import__("dlkit.checks.exercise", fromlist=["serve"]).serve('
                  f'{self.module_name!r}, {exercise.name!r}, {str(request)!r}, {str(response)!r}, globals())')
        return Probe(test_id, exercise, cases, source, response)

    # --- deciding --------------------------------------------------------------------------------------

    def decide(self, probe: Probe, kernel_error: tuple[str, str] | None) -> Verdict:
        """The verdict from what the kernel wrote (and the error it reported, if any)."""
        flags = self.flags.get(probe.cell_id, [])
        if probe.problem is not None:
            return Verdict(probe.cell_id, False, f"this cell cannot be graded: {probe.problem} (tell your "
                                                  "instructor)", flags)
        name = probe.exercise.name
        try:
            answers = wire.load(probe.response)
        except wire.WireError as exc:
            if kernel_error is not None:
                ename, evalue = kernel_error
                why = ("it ran longer than the time limit" if "Timeout" in ename
                       else f"the kernel stopped with {ename}: {evalue}".strip())
                return Verdict(probe.cell_id, False, f"{name} could not be checked: {why}", flags)
            return Verdict(probe.cell_id, False, f"{name}: the kernel reported success but returned no valid "
                                                  f"answers ({exc}); flagged for the instructor", flags, integrity=True)
        if type(answers) is not list or len(answers) != len(probe.cases):
            return Verdict(probe.cell_id, False, f"{name}: the kernel's answers do not match the grader's "
                                                  "request; flagged for the instructor", flags, integrity=True)
        for case, got in zip(probe.cases, answers):
            err = probe.exercise.verdict(case, got)
            if err is not None:
                return Verdict(probe.cell_id, False, str(err), flags)
        return self.passed(probe.cell_id, name, probe.cases)

    def passed(self, cell_id: str, name: str, cases: list) -> Verdict:
        """The verdict of a cell whose every case passed."""
        n_visible = sum(c.visible for c in cases)
        return Verdict(cell_id, True, f"{name}: {n_visible} visible and {len(cases) - n_visible} hidden checks "
                                      "passed (refereed by the grader)", self.flags.get(cell_id, []))


class RefereedExecution:
    """Mixin for an nbclient NotebookClient: graded test cells are refereed instead of executed.

    The class using it sets `self.referee` (a Referee) before executing; `self.verdicts` collects the
    Verdicts by cell id. Every other cell runs as usual.
    """

    referee: Referee | None = None

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if self.referee is None or not is_graded_test_cell(cell):
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        import nbformat

        rounds = self.referee.rounds(cell)
        for probe in rounds:                            # visible cases first; hidden ones only if those pass
            kernel_error = None
            if probe.problem is None:
                ask = nbformat.v4.new_code_cell(probe.source)
                ask.metadata = {}
                try:
                    await super().async_execute_cell(ask, cell_index, None, False)
                finally:
                    self.nb["cells"][cell_index] = cell      # nbclient stores the cell it ran at this index
                kernel_error = error_of(ask)
            verdict = self.referee.decide(probe, kernel_error)
            if not verdict.passed:
                break
        else:
            verdict = self.referee.passed(verdict.cell_id, rounds[0].exercise.name, [c for p in rounds for c in p.cases])
        cell.outputs = verdict.outputs()
        cell.execution_count = execution_count
        if not hasattr(self, "verdicts"):
            self.verdicts = {}
        self.verdicts[verdict.cell_id] = verdict
        return cell
