"""Unit tests of the grading helpers (no kernel, no nbgrader run)."""

import nbformat
from nbformat.v4 import new_code_cell, new_output

from dlkit import grading, integrity


def _graded(source="assert True", outputs=()):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    cell.outputs = list(outputs)
    return cell


def test_stderr_moves_to_stdout_only_in_graded_cells():
    warn = new_output("stream", name="stderr", text="RuntimeWarning: overflow\n")
    cell = _graded(outputs=[warn])
    assert grading.stderr_to_stdout(cell) == 1
    assert cell.outputs[0]["name"] == "stdout" and cell.outputs[0]["text"].startswith("[stderr] ")
    plain = new_code_cell("x = 1")
    plain.outputs = [new_output("stream", name="stderr", text="w\n")]
    pp = grading.StderrToStdout()
    pp.preprocess_cell(plain, {}, 0)
    assert plain.outputs[0]["name"] == "stderr"


def test_strip_hidden_tests_keeps_the_reason():
    cell = _graded("check(a)\n### BEGIN HIDDEN TESTS\nassert secret(b) == 3\n### END HIDDEN TESTS\n",
                   [new_output("error", ename="CheckError", evalue="wrong sign", traceback=["assert secret(b) == 3", "CheckError: wrong sign"])])
    assert grading.strip_hidden_tests(cell)
    assert "secret" not in cell.source and grading.HIDDEN_NOTE in cell.source and "check(a)" in cell.source
    assert cell.outputs[0]["traceback"] == ["CheckError: wrong sign"]
    assert not grading.strip_hidden_tests(_graded("assert True"))


def test_exercises_and_fill_solutions():
    nb = nbformat.v4.new_notebook()
    answer = new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    answer.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "a"}
    nb.cells = [answer, _graded(), new_code_cell("print(1)")]
    assert grading.exercises(nb) == {"a": ["t"]}
    release = nbformat.from_dict(nb)
    release.cells[0].source = "raise NotImplementedError()"
    assert grading.fill_solutions(release, nb).cells[0].source == answer.source


def test_integrity_fingerprint_notices_a_patch():
    import numpy as np

    before = integrity.fingerprint()
    original = np.allclose
    try:
        np.allclose = lambda *a, **k: True
        after = integrity.fingerprint()
    finally:
        np.allclose = original
    assert integrity.changed(before, after) == ["numpy.allclose"]
    assert integrity.changed(before, integrity.fingerprint()) == []


def test_integrity_merge_adopts_new_names_only():
    base = "a=1;b=2"
    assert integrity.merge(base, "a=9;b=2;c=3") == "a=1;b=2;c=3"
    assert integrity.changed(integrity.merge(base, "c=3"), "a=1;b=2;c=4") == ["c"]
