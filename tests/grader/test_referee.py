"""dlgrade.referee without nbgrader: hidden parameters as data, verdicts from answer files only."""

import sys
import types

import nbformat
import numpy as np
import pytest

from dlgrade.preprocessors import HIDDEN_NOTE, stderr_to_stdout, strip_hidden_tests
from dlgrade.referee import FLAG, INTEGRITY, Referee, RefereeError, hidden_params
from dlkit.checks import wire
from dlkit.checks.exercise import Case, Exercise, array_judge


def _module():
    module = types.ModuleType("referee_test_exercises")
    module.double = Exercise(
        "double", cases=[Case("double([1, 2])", x=np.array([1.0, 2.0]))],
        hidden=lambda seed: Case("a random vector", x=np.random.default_rng(seed).normal(size=3)),
        reference=lambda x: 2 * x, judge=array_judge(dtype="float"), hints=("a", "b", "c"),
        references=("dlkit.nn.fake.double_ref",))
    sys.modules[module.__name__] = module
    return module.__name__


def _cell(source, gid="double_tests"):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": gid, "points": 1, "locked": True}
    return cell


SOURCE = "ex.double.check(double)\n### BEGIN HIDDEN TESTS\nHIDDEN = [dict(seed=1), {'seed': 2}]\n### END HIDDEN TESTS\n"


def test_hidden_params_are_parsed_as_data_never_run():
    assert hidden_params(SOURCE) == [{"seed": 1}, {"seed": 2}]
    for bad in ("ex.double.check(double)\n",
                "### BEGIN HIDDEN TESTS\nHIDDEN = [dict(seed=__import__('os').getpid())]\n### END HIDDEN TESTS\n",
                "### BEGIN HIDDEN TESTS\nimport os\nHIDDEN = [{}]\n### END HIDDEN TESTS\n",
                "### BEGIN HIDDEN TESTS\nHIDDEN = []\n### END HIDDEN TESTS\n"):
        with pytest.raises(RefereeError):
            hidden_params(bad)


def _answer(referee, probe, answers):
    wire.save(probe.response, answers)
    return referee.decide(probe, None)


def test_verdicts_come_from_the_answer_file():
    with Referee("xx", module=_module()) as ref:
        probe = ref.prepare(_cell(SOURCE))
        assert len(probe.cases) == 3 and "serve(" in probe.source and "HIDDEN" not in probe.source
        right = [2 * c.inputs["x"] for c in probe.cases]
        assert _answer(ref, probe, right).passed
        wrong = right[:2] + [np.zeros(3)]
        v = _answer(ref, probe, wrong)
        assert not v.passed and "hidden check" in v.message
        assert v.outputs()[-1]["output_type"] == "error"


def test_a_kernel_that_says_ok_but_does_not_answer_is_an_integrity_failure():
    with Referee("xx", module=_module()) as ref:
        probe = ref.prepare(_cell(SOURCE))
        v = ref.decide(probe, None)                      # no file written, no error reported
        assert not v.passed and v.integrity and v.outputs()[-1]["ename"] == INTEGRITY
        probe = ref.prepare(_cell(SOURCE))
        assert _answer(ref, probe, [np.ones(2)]).integrity          # wrong number of answers
        probe = ref.prepare(_cell(SOURCE))
        timed_out = ref.decide(probe, ("CellTimeoutError", ""))
        assert not timed_out.passed and not timed_out.integrity and "time limit" in timed_out.message


def test_cells_that_cannot_be_refereed_fail_closed():
    with Referee("xx", module=_module()) as ref:
        for cell in (_cell(SOURCE, gid="nothing_tests"), _cell("ex.double.check(double)\n")):
            probe = ref.prepare(cell)
            assert probe.problem and not ref.decide(probe, None).passed


def test_answers_importing_the_reference_are_flagged():
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_code_cell("from dlkit.nn.fake import double_ref as double\n")
    answer.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "double"}
    nb.cells = [answer, _cell(SOURCE)]
    with Referee("xx", module=_module()) as ref:
        ref.scan(nb)
        probe = ref.prepare(nb.cells[1])
        v = _answer(ref, probe, [2 * c.inputs["x"] for c in probe.cases])
        assert v.passed and v.flags and any(FLAG in o.get("text", "") for o in v.outputs())


def test_stderr_moves_to_stdout():
    cell = _cell("x")
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text="RuntimeWarning: overflow\n")]
    assert stderr_to_stdout(cell) == 1 and cell.outputs[0]["name"] == "stdout"


def test_feedback_hides_the_hidden_region():
    cell = _cell(SOURCE)
    cell.outputs = [nbformat.v4.new_output("error", ename="CheckError", evalue="wrong", traceback=["long", "tb"])]
    assert strip_hidden_tests(cell)
    assert "seed" not in cell.source and HIDDEN_NOTE in cell.source and cell.outputs[0]["traceback"] == ["CheckError: wrong"]
