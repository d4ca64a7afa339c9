"""dlkit.checks.exercise: one definition gives the visible checks and the grader's verdicts."""

import numpy as np
import pytest

from dlkit.checks import wire
from dlkit.checks.exercise import NOT_DEFINED, Case, Exercise, Mistake, array_judge, serve
from dlkit.errors import CheckError

double = Exercise(
    "double",
    cases=[Case("double([1, 2])", x=np.array([1.0, 2.0]), hint="multiply by 2")],
    hidden=lambda seed, n: Case(f"a random vector of {n}", x=np.random.default_rng(seed).normal(size=n)),
    reference=lambda x: 2 * x,
    judge=array_judge(dtype="float", mistakes=[Mistake(lambda x: x + 2, "2 was added, not multiplied")]),
    crash_hint="x is a numpy array: 2 * x works",
    hints=("nudge", "method", "formula"),
)


def test_visible_check_passes_and_fails_with_the_hint(capsys):
    double.check(lambda x: 2 * x)
    assert "1 visible check passed" in capsys.readouterr().out
    with pytest.raises(CheckError, match="multiply by 2"):
        double.check(lambda x: 3 * x)


def test_a_mistake_is_named_and_hidden_cases_show_no_values():
    err = double.verdict(double.cases[0], wire.roundtrip(np.array([3.0, 4.0])))
    assert "2 was added" in str(err) and "expected: [2. 4.]" in str(err)
    hidden = double.hidden({"seed": 1, "n": 3})
    assert not hidden.visible
    got = wire.roundtrip(np.zeros(3))
    text = str(double.verdict(hidden, got))
    assert "double on a hidden check (a random vector of 3)" in text
    assert "expected" not in text and "received" not in text
    assert double.verdict(hidden, wire.roundtrip(2 * hidden.inputs["x"])) is None


def test_types_crashes_and_blanks():
    case = double.cases[0]
    assert "should return a numpy array" in str(double.verdict(case, [2.0, 4.0]))
    assert "wrong dtype" in str(double.verdict(case, np.array([2, 4])))
    assert "wrong shape" in str(double.verdict(case, np.array([[2.0, 4.0]])))
    assert "Anything" in str(double.verdict(case, wire.Other("Anything")))
    crash = str(double.verdict(case, wire.Raised("TypeError", "boom")))
    assert "raised TypeError: boom" in crash and "2 * x works" in crash
    assert "not written yet" in str(double.verdict(case, wire.Raised("NotImplementedError", "")))
    assert "not defined" in str(double.verdict(case, double.run(NOT_DEFINED, case.inputs)))
    hidden_crash = str(double.verdict(double.hidden({"seed": 0, "n": 2}), wire.Raised("ValueError", "shape (2,)")))
    assert "raised ValueError" in hidden_crash and "shape (2,)" not in hidden_crash


def test_the_learners_code_cannot_change_the_cases():
    def mutating(x):
        x *= 2
        return x

    double.check(mutating)                                     # passes: its answer is right
    assert double.cases[0].inputs["x"].tolist() == [1.0, 2.0]  # and the case is untouched


def test_a_judge_that_breaks_on_odd_data_is_a_failure_not_a_crash():
    odd = Exercise("odd", cases=[Case("odd()", hint="h")], hidden=lambda: Case("h"), reference=lambda: 1,
                   judge=lambda t, got, want: got["key"], hints=("a", "b", "c"))
    assert "unexpected form" in str(odd.verdict(odd.cases[0], 3.0))


def test_hints_come_in_three_levels(capsys):
    double.hint()
    double.hint()
    double.hint(3)
    out = capsys.readouterr().out
    assert "Hint 1 of 3" in out and "Hint 2 of 3" in out and "Hint 3 of 3 (the formula) for double: formula" in out
    with pytest.raises(CheckError, match="level 1, 2 or 3"):
        double.hint(4)
    with pytest.raises(ValueError, match="three hint levels"):
        Exercise("x", cases=[Case("x")], hidden=None, reference=None, judge=None, hints=("one",))


def test_use_picks_the_learners_function_only_when_it_passes(capsys):
    mine, ref = (lambda x: 2 * x), (lambda x: x * 2.0)
    assert double.use(mine, ref) is mine and "runs on your double" in capsys.readouterr().out
    assert double.use(lambda x: x, ref) is ref and "dlkit's reference" in capsys.readouterr().out


def test_serve_answers_with_data_only(tmp_path):
    import sys
    import types

    module = types.ModuleType("exercises_under_test")
    module.double = double
    sys.modules["exercises_under_test"] = module
    request, response = tmp_path / "req.npz", tmp_path / "resp.npz"
    wire.save(request, [{"x": np.array([1.0, 2.0])}, {"x": np.array([5.0])}])
    serve("exercises_under_test", "double", str(request), str(response), {"double": lambda x: x * 2})
    answers = wire.load(response)
    assert [a.tolist() for a in answers] == [[2.0, 4.0], [10.0]]
    serve("exercises_under_test", "double", str(request), str(response), {})
    assert all(isinstance(a, wire.Raised) and a.type == "NameError" for a in wire.load(response))
