"""Grading helpers used by nbgrader_config.py.

nbgrader gives zero points to a graded test cell that wrote anything to stderr, and TensorFlow,
Keras and numpy write warnings there even when the learner's answer is right. `StderrToStdout`
runs after nbgrader's Execute step and moves stderr text of graded test cells to stdout (marked as
such), so only a real failure (an exception, which nbgrader stores as an "error" output) costs
points. Solution cells and ungraded cells are left alone.
"""

from __future__ import annotations

import re

import ast
import functools
import secrets

from nbclient.util import run_sync
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from nbformat.v4 import new_output
from traitlets import Bool, Unicode

from dlkit import integrity

STDERR_MARK = "[stderr] "
HIDDEN_NOTE = "# (hidden tests ran here at grading time; their code is not shown)"
HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*", re.S | re.M)


def is_graded_test_cell(cell) -> bool:
    """True for a locked nbgrader grade cell that is not also a solution cell."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


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
    """nbgrader preprocessor: warnings on stderr in a graded test cell do not cost points."""

    enabled = Bool(True, help="Move stderr output of graded test cells to stdout.").tag(config=True)
    mark = Unicode(STDERR_MARK, help="Prefix for each moved line.").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if self.enabled and is_graded_test_cell(cell):
            n = stderr_to_stdout(cell, self.mark)
            if n:
                self.log.info("moved %d stderr output(s) of graded cell %s to stdout",
                              n, cell.metadata.nbgrader.get("grade_id"))
        return cell, resources


class GuardedExecute(Execute):
    """nbgrader's Execute step, plus a check that every graded test cell really ran as written.

    Each graded test cell gets a line, unknown to the learner, that sets a random variable to a
    random value; the execute request asks the kernel (through user_expressions, which IPython
    evaluates without input transformers) for that variable and for `dlkit.integrity.fingerprint()`.
    If the cell raised nothing but the value is missing (its code was blanked or rewritten), or the
    fingerprint differs from the one taken before any learner code ran (numpy, builtins or
    dlkit.checks were patched), the cell gets a GradingIntegrityError output: it scores zero and the
    instructor sees why in formgrader and in the batch report.
    """

    flag_name = "GradingIntegrityError"

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        self._last_reply = kwargs.get("execute_reply")

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        graded = is_graded_test_cell(cell)
        first = getattr(self, "_baseline", None) is None and cell.cell_type == "code" and cell.source.strip()
        if not (graded or first):
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        var, nonce = f"_dlcourse_{secrets.token_hex(6)}", secrets.token_hex(12)
        expressions = {"fingerprint": integrity.EXPRESSION}
        source = cell.source
        if graded:
            expressions["ran"] = var
            cell.source = f"{source}\n{var} = {nonce!r}\n"
        kc_execute = self.kc.execute
        self.kc.execute = functools.partial(kc_execute, user_expressions=expressions)
        self._last_reply = None
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            self.kc.execute = kc_execute
            cell.source = source
        results = (self._last_reply or {}).get("content", {}).get("user_expressions", {})
        fp = _expression_value(results.get("fingerprint"))
        if first:
            self._baseline = fp or ""
            if not fp:
                self.log.error("integrity: no fingerprint before learner code (%s); patch checks are off",
                               results.get("fingerprint"))
        if graded and not any(o.get("output_type") == "error" for o in cell.outputs):
            problems = []
            if _expression_value(results.get("ran")) != nonce:
                problems.append("the test cell did not run as written (were later cells rewritten, "
                                "e.g. by an IPython input transformer?)")
            if fp is None and self._baseline:
                problems.append("the kernel could not report its state")
            elif fp and self._baseline:
                patched = integrity.changed(self._baseline, fp)
                if patched:
                    problems.append("code the tests rely on was replaced: " + ", ".join(patched[:6]))
            if fp and self._baseline:
                self._baseline = integrity.merge(self._baseline, fp)
            if problems:
                self.log.warning("integrity: cell %s flagged: %s", cell.metadata.nbgrader.get("grade_id"),
                                 "; ".join(problems))
                cell.outputs.append(new_output(
                    "error", ename=self.flag_name,
                    evalue="flagged for the instructor: " + "; ".join(problems),
                    traceback=[f"{self.flag_name}: flagged for the instructor: " + "; ".join(problems)]))
        return cell

    # nbclient binds the synchronous wrapper to the base class's coroutine; rebind it to ours.
    execute_cell = run_sync(async_execute_cell)


def _expression_value(result):
    """The Python value of a user_expressions result, or None if it failed."""
    if not result or result.get("status") != "ok":
        return None
    try:
        return ast.literal_eval(result["data"]["text/plain"])
    except (KeyError, ValueError, SyntaxError):
        return None


def strip_hidden_tests(cell) -> bool:
    """Remove hidden-test code from a graded cell, and from its error output (in place).

    The learner keeps what matters: which test cell failed and the failure message (the exception's
    name and text, written for learners by dlkit.checks), but neither the hidden test's source nor a
    traceback that quotes it. Returns True if the cell had hidden tests.
    """
    if not HIDDEN_REGION.search(cell.get("source", "")):
        return False
    cell["source"] = HIDDEN_REGION.sub(HIDDEN_NOTE, cell["source"])
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            out["traceback"] = [f"{out.get('ename', 'Error')}: {out.get('evalue', '')}"]
    return True


class StripHiddenTests(NbGraderPreprocessor):
    """generate_feedback preprocessor: feedback shows why a test failed, never the hidden tests."""

    enabled = Bool(True, help="Remove hidden tests from feedback.").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if self.enabled and cell.cell_type == "code":
            strip_hidden_tests(cell)
        return cell, resources


# ---------------------------------------------------------------------------------------------
# Course-directory helpers shared by the tests and the instructor tools.


def grade_ids(nb, kind: str) -> list[str]:
    """grade_ids of the cells of `nb` that are nbgrader `kind` ("solution" or "grade")."""
    return [c.metadata.nbgrader["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get(kind)]


def fill_solutions(release_nb, solution_nb):
    """A copy of the learner's notebook with every answer cell taken from the solution notebook.

    This is what a learner who solved everything would submit: locked cells as released, answer
    cells replaced by the reference answers (matched by grade_id).
    """
    import copy

    answers = {c.metadata.nbgrader["grade_id"]: c.source for c in solution_nb.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            if gid not in answers:
                raise ValueError(f"no solution for answer cell {gid!r} in the solution notebook")
            cell.source = answers[gid]
    return nb


def cell_scores(db_url: str, assignment: str, notebook: str, student: str) -> dict[str, tuple[float, float]]:
    """{grade_id: (score, max_score)} of one autograded notebook, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        nb = gb.find_submission_notebook(notebook, assignment, student)
        return {g.name: (g.score, g.max_score) for g in nb.grades}


# ---------------------------------------------------------------------------------------------
# Answer harness: swap answers into a running notebook and re-run the graded cells.
#
# Running every plausible wrong answer through `nbgrader autograde` would cost a kernel start and a
# full notebook run each. The harness runs the solution notebook once in one kernel, then for each
# answer re-executes only the answer cell (with the answer's code) and the graded test cells that
# belong to it (the test cells between it and the next answer cell), and restores the reference
# answer afterwards. tests/test_roundtrip.py shows that it agrees with nbgrader on a real submission.


def exercises(nb) -> dict[str, list[str]]:
    """{answer grade_id: [test grade_ids]} — the test cells after an answer cell, up to the next answer."""
    out, current = {}, None
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            current = meta["grade_id"]
            out[current] = []
        elif meta.get("grade") and current is not None:
            out[current].append(meta["grade_id"])
    return out


def _error_of(cell) -> tuple[str, str] | None:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out.get("ename", ""), out.get("evalue", "")
    return None


class AnswerHarness:
    """Run a source notebook once, then try answers in place of its answer cells.

    Example:
        with AnswerHarness(nb, workdir) as h:
            result = h.try_answer("weighted_sum", "def weighted_sum(x, w, b):\\n    return 0.0\\n")
            # {"weighted_sum_tests": (False, "CheckError: weighted_sum(...) is wrong ...")}
    """

    def __init__(self, nb, workdir, timeout: int = 60):
        import copy

        from nbclient import NotebookClient

        self.nb = copy.deepcopy(nb)
        self.index = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(self.nb.cells)}
        self.exercises = exercises(self.nb)
        self.client = NotebookClient(self.nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                                     interrupt_on_timeout=True,
                                     resources={"metadata": {"path": str(workdir)}})
        self._ctx = None

    def __enter__(self):
        self._ctx = self.client.setup_kernel()
        self._ctx.__enter__()
        for i, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code":
                self.client.execute_cell(cell, i)
                err = _error_of(cell)
                if err:
                    raise RuntimeError(f"the solution notebook fails at cell {cell.id}: {err[0]}: {err[1]}")
        return self

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)

    def _run(self, grade_id: str, source: str | None = None):
        cell = self.nb.cells[self.index[grade_id]]
        original = cell.source
        if source is not None:
            cell.source = source
        try:
            self.client.execute_cell(cell, self.index[grade_id])
        finally:
            cell.source = original
        return _error_of(cell)

    def try_answer(self, answer_id: str, code: str) -> dict[str, tuple[bool, str]]:
        """Run `code` as answer `answer_id`, then its test cells; {test id: (passed, error text)}.

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
        return False, "passed every test"
    named = any(expect.lower() in msg.lower() for msg in failures)
    return named, failures[0]


def run_with_answers(nb, answers: dict[str, str], workdir, timeout: int = 60) -> dict[str, bool]:
    """Run the source notebook top to bottom with `answers` in place of its answer cells.

    Returns {test grade_id: passed}: the harness's prediction of what nbgrader will award.
    """
    import copy

    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                   interrupt_on_timeout=True, resources={"metadata": {"path": str(workdir)}}).execute()
    return {c.metadata.nbgrader["grade_id"]: _error_of(c) is None
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def load_catalogue(path) -> tuple[dict, dict]:
    """(WRONG, RIGHT) of an authoring/NN_slug_answers.py catalogue, validated."""
    import runpy

    ns = runpy.run_path(str(path))
    wrong, right = ns.get("WRONG"), ns.get("RIGHT")
    if not isinstance(wrong, dict) or not isinstance(right, dict):
        raise ValueError(f"{path}: expected dicts WRONG and RIGHT, received {type(wrong).__name__}, {type(right).__name__}")
    for gid, items in wrong.items():
        for item in items:
            missing = {"why", "expect", "code"} - set(item)
            if missing:
                raise ValueError(f"{path}: wrong answer for {gid!r} lacks {sorted(missing)}")
    return wrong, right
