"""One definition per exercise, used twice: visible checks in the notebook, refereed checks at grading.

An `Exercise` holds everything about how one answer is checked:

    cases      visible Cases: the inputs, how the learner sees the call, a hint for when it fails
    hidden     a function that turns hidden parameters (kept by the grader) into more Cases
    call       kernel side: how to call the learner's function on a case's inputs (default: positionally)
    reference  grader side: the expected value for a case (it may read the case's `truth`, which the
               kernel never receives: held-out labels, for example)
    judge      both sides: compares the received value with the expected one through a `Tester`, whose
               checks raise CheckError with what was checked, what was expected, what was received and
               what to try; typical mistakes are named there
    hints      three levels on request: a nudge, the method, the formula

In the notebook, `ex.weighted_sum.check(weighted_sum)` runs the visible cases in the learner's kernel
and raises the first failure. At grading time nothing of the test cell runs in the learner's kernel:
the grader (dlgrade.referee) sends every case's inputs, the kernel only computes answers (`serve`), and
the grader decodes them as plain data (dlkit.checks.wire), computes the references itself and runs the
same judge. Both sides see the value after `wire.roundtrip`, so a visible check passes exactly when
the grader's check on that case passes.

Example (the shape of a chapter's exercise module):

    >>> weighted_sum = Exercise(
    ...     "weighted_sum",
    ...     cases=[Case("weighted_sum(x=[2, 3], w=[0.5, -1], b=0.5)", x=[2.0, 3.0], w=[0.5, -1.0], b=0.5,
    ...                 hint="z = w . x + b")],
    ...     hidden=lambda seed: Case("a random example", **random_example(seed)),
    ...     reference=lambda x, w, b: float(np.dot(w, x) + b),
    ...     judge=lambda t, got, want: t.close(got, want),
    ...     hints=("a nudge", "the method", "the formula"))
"""

from __future__ import annotations

import copy
import importlib
import sys
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from dlkit.checks import arrays, wire
from dlkit.errors import CheckError, fail, type_name

__all__ = ["Case", "Exercise", "Mistake", "Tester", "serve", "array_judge", "NOT_DEFINED"]

NOT_DEFINED = "not defined"


@dataclass
class Case:
    """One check of an exercise: inputs for the learner's code, and what the learner is told.

    Args:
        label: the call as the learner reads it, e.g. "weighted_sum(x=[2, 3], w=[0.5, -1], b=0)";
            for hidden cases a description without values, e.g. "a random batch of shape (5, 3)".
        hint: what to try when this case fails and no typical mistake is recognised.
        truth: values only the grader needs (held-out labels); never sent to the kernel.
        **inputs: the arguments, in call order; plain data (arrays, numbers, strings, lists, dicts).
    """

    label: str
    hint: str | None = None
    truth: dict = field(default_factory=dict)
    inputs: dict = field(default_factory=dict)
    visible: bool = True

    def __init__(self, label: str, hint: str | None = None, truth: dict | None = None, **inputs):
        self.label, self.hint, self.truth, self.inputs, self.visible = label, hint, dict(truth or {}), inputs, True

    def data(self) -> dict:
        """Inputs and truth together: what reference() and judge() may read."""
        return {**self.inputs, **self.truth}


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: what it would return on a case's inputs, and what to tell the learner.

    Args:
        produce: function of the case's inputs (as keyword arguments) returning the wrong value.
        message: names the mistake and says what to do, e.g. "the bias is subtracted: z = w . x + b adds it".
    """

    produce: Callable
    message: str


class Tester:
    """The checks a judge uses for one case. Each raises CheckError or returns None.

    For a visible case the messages show the expected and received values; for a hidden case they say
    what went wrong without any value, so feedback never reveals hidden inputs or references.

    Attributes:
        case: the Case; `t.inputs` its inputs (plain data), `t.label`, `t.visible`, `t.hint`.
    """

    def __init__(self, case: Case, exercise: str = "the answer"):
        self.case = case
        self.inputs = case.data()
        self.label = case.label if case.visible else f"{exercise} on a hidden check ({case.label})"
        self.visible = case.visible
        self.hint = case.hint

    def _name(self, name):
        return self.label if name is None else name

    def fail(self, what: str, expected=None, received=None, hint: str | None = None):
        """Raise CheckError(what, expected, received, hint); the values are dropped for hidden cases."""
        __tracebackhide__ = True
        if not self.visible:
            expected = received = None
        raise fail(what, expected=expected, received=received, hint=hint or self.hint)

    def array(self, x, shape=None, dtype: str | None = None, name: str | None = None, hint: str | None = None):
        """x must be a numpy array (exactly np.ndarray), of `shape` (None entries: any size) and `dtype`
        kind ("float", "int", "bool", "number": any of those)."""
        __tracebackhide__ = True
        name = self._name(name)
        if type(x) is not np.ndarray:
            self.fail(f"{name} should return a numpy array", "numpy.ndarray", _describe(x),
                      hint or "build the result with numpy operations, or convert it with np.asarray(...)")
        if shape is not None:
            arrays.check_shape(x, tuple(shape), name=name, hint=hint or self.hint, values=True)
        if dtype is not None:
            kinds = {"float": "f", "int": "iu", "bool": "b", "number": "biuf"}[dtype]
            if x.dtype.kind not in kinds:
                self.fail(f"{name} has the wrong dtype", f"{dtype} values", f"dtype {x.dtype}",
                          hint or {"int": "convert with .astype(int)", "float": "convert with .astype(float)",
                                   "bool": "compare to get booleans"}.get(dtype))

    def number(self, x, name: str | None = None, hint: str | None = None, integer: bool = False):
        """x must be one real number: a Python int/float, a numpy scalar or a 0-d array (not a bool)."""
        __tracebackhide__ = True
        name = self._name(name)
        ok = (type(x) in (int, float) or (isinstance(x, np.generic) and x.dtype.kind in "iuf")
              or (type(x) is np.ndarray and x.ndim == 0 and x.dtype.kind in "iuf"))
        if integer and ok:
            ok = x.dtype.kind in "iu" if hasattr(x, "dtype") else type(x) is int
        if not ok:
            what = "an integer" if integer else "a number"
            self.fail(f"{name} should be {what}", what, _describe(x),
                      hint or "return a single number (e.g. float(...)), not an array or a list")

    def boolean(self, x, name: str | None = None, hint: str | None = None):
        """x must be True or False (a Python bool or np.bool_)."""
        __tracebackhide__ = True
        if type(x) not in (bool, np.bool_):
            self.fail(f"{self._name(name)} should be True or False", "a bool", _describe(x),
                      hint or "return the comparison itself (e.g. mistakes == 0), not a number")

    def text(self, x, choices=None, name: str | None = None, hint: str | None = None):
        """x must be a string, one of `choices` if given."""
        __tracebackhide__ = True
        name = self._name(name)
        if type(x) is not str:
            self.fail(f"{name} should be a string", "a str", _describe(x), hint)
        if choices is not None and x not in choices:
            self.fail(f"{name} should be one of {list(choices)}", " or ".join(map(repr, choices)), repr(x), hint)

    def sequence(self, x, length: int | None = None, kinds=(tuple, list), name: str | None = None,
                 hint: str | None = None):
        """x must be a tuple or list (`kinds`) of `length` items."""
        __tracebackhide__ = True
        name = self._name(name)
        if type(x) not in kinds:
            want = " or ".join(k.__name__ for k in kinds)
            self.fail(f"{name} should be a {want}", want, _describe(x), hint)
        if length is not None and len(x) != length:
            self.fail(f"{name} should have {length} items", f"{length} items", f"{len(x)} items", hint)

    def close(self, got, want, name: str | None = None, hint: str | None = None, rtol: float = 1e-6,
              atol: float = 1e-8, mistakes=()):
        """got must be close to want element by element (check_close); on a mismatch, a matching typical
        mistake is named first."""
        __tracebackhide__ = True
        self._compare(arrays.check_close, got, want, name, hint, mistakes, rtol=rtol, atol=atol)

    def equal(self, got, want, name: str | None = None, hint: str | None = None, mistakes=()):
        """got must equal want exactly, element by element (check_equal)."""
        __tracebackhide__ = True
        self._compare(arrays.check_equal, got, want, name, hint, mistakes)

    def _compare(self, check, got, want, name, hint, mistakes, **tol):
        __tracebackhide__ = True
        name = self._name(name)
        try:
            check(got, want, name=name, hint=hint or self.hint, values=self.visible, **tol)
        except CheckError:
            for mistake in mistakes:
                try:
                    wrong = mistake.produce(**self.case.inputs)
                    check(got, wrong, name=name, **tol)
                except Exception:  # noqa: BLE001 (this mistake does not explain the value)
                    continue
                with np.errstate(all="ignore"):
                    self.fail(f"{name} is not correct: {mistake.message}", _short(want), _short(got), hint=None)
            raise


def _short(x) -> str:
    try:
        return arrays.fmt(np.asarray(x, dtype=float))
    except Exception:  # noqa: BLE001
        return _describe(x)


def _describe(x) -> str:
    """A received value in a few words: its type, and its shape or length."""
    if isinstance(x, wire.Other):
        return x.type
    if type(x) is np.ndarray:
        return f"numpy array of shape {x.shape} and dtype {x.dtype}"
    if type(x) in (list, tuple):
        return f"{type(x).__name__} of {len(x)} items"
    if isinstance(x, np.generic):
        return f"numpy {x.dtype} scalar"
    return type_name(x)


class Exercise:
    """An exercise's checks, defined once (see the module docstring).

    Args:
        name: the answer cell's grade_id and the learner's function (or class) name; its test cell
            is `name + "_tests"`.
        cases: visible Cases, checked in order.
        hidden: function(**params) -> Case for the grader's hidden parameters (the test cell's HIDDEN list).
        reference: function(**case.data()) -> the expected value.
        judge: function(t: Tester, got, want) raising CheckError on a wrong answer.
        call: function(target, **inputs) -> the value to judge, run in the learner's kernel; default:
            target(*inputs.values()). It may reduce what the learner returned to data (e.g. a Keras model
            to its predictions on inputs the case provides).
        hints: (nudge, method, formula), shown on request by hint().
        references: dotted names of dlkit functions that solve this exercise; an answer that imports one
            is flagged for the instructor.
        target: the name to look up in the learner's namespace, if not `name`.
        crash_hint: what to try when the learner's code raises an error (default: the case's hint).
    """

    def __init__(self, name: str, *, cases, hidden, reference, judge, hints, call=None, references=(),
                 target: str | None = None, crash_hint: str | None = None):
        if not cases:
            raise ValueError(f"exercise {name!r}: expected at least one visible case, received none")
        if len(hints) != 3:
            raise ValueError(f"exercise {name!r}: expected three hint levels (nudge, method, formula), "
                             f"received {len(hints)}")
        self.name, self.target = name, target or name
        self.cases, self.hidden_case, self.reference, self.judge = list(cases), hidden, reference, judge
        self.call_fn, self.hints, self.references = call, tuple(hints), tuple(references)
        self.crash_hint = crash_hint
        self._hint_level = 0

    def __repr__(self) -> str:
        return f"<Exercise {self.name}: {len(self.cases)} visible cases>"

    # --- both sides -------------------------------------------------------------------------------

    def hidden(self, params: dict) -> Case:
        """The hidden Case for one dict of hidden parameters (grader side)."""
        case = self.hidden_case(**params)
        if not isinstance(case, Case):
            raise TypeError(f"exercise {self.name!r}: hidden(...) must return a Case, received {type(case).__name__}")
        case.visible = False
        return case

    def run(self, target, inputs: dict):
        """Kernel side: the learner's answer on `inputs`, as data (an exception becomes wire.Raised)."""
        if target is NOT_DEFINED:
            return wire.Raised("NameError", f"{self.target} is not defined")
        inputs = copy.deepcopy(inputs)   # the learner's code may change its arguments in place
        try:
            value = self.call_fn(target, **inputs) if self.call_fn else target(*inputs.values())
        except Exception as exc:  # noqa: BLE001 (any error of the learner's code is an answer too)
            return wire.Raised(type(exc).__name__, str(exc))
        return value

    def verdict(self, case: Case, got) -> CheckError | None:
        """Judge one decoded answer: None when it is right, else the CheckError to show.

        Runs on both sides: in the learner's kernel for visible cases, in the grader for every case.
        """
        t = Tester(case, self.target)
        where = t.label
        if isinstance(got, wire.Raised):
            if got.type == "NotImplementedError":
                return fail(f"{self.target} is not written yet: replace `raise NotImplementedError()` with your "
                            "code", hint=None)
            if got.type == "NameError" and got.message.startswith(f"{self.target} is not defined"):
                return fail(f"{self.target} is not defined: run its cell first", hint=None)
            message = f": {got.message}" if case.visible else ""
            return fail(f"{where} raised {got.type}{message}", hint=self.crash_hint or case.hint)
        want = self.reference(**case.data())
        try:
            self.judge(t, got, want)
        except CheckError as err:
            return err
        except Exception as exc:  # noqa: BLE001 (an answer of an unexpected form must not crash the grader)
            return fail(f"{where} returned a value of an unexpected form ({_describe(got)}): "
                        f"checking it raised {type(exc).__name__}", hint=case.hint)
        return None

    # --- the learner's side -------------------------------------------------------------------------

    def check(self, target) -> None:
        """Run the visible cases on `target` (the learner's function); raise the first failure.

        Prints one line when every visible case passes. Hidden checks run at grading time on new inputs.
        """
        __tracebackhide__ = True
        for case in self.cases:
            got = wire.roundtrip(self.run(target, case.inputs))
            err = self.verdict(case, got)
            if err is not None:
                raise err
        n = len(self.cases)
        print(f"{self.name}: {n} visible check{'s' * (n != 1)} passed. At grading time hidden checks use new inputs.")

    def passes(self, target) -> bool:
        """True when `target` passes every visible case (prints nothing): for demos that can use it."""
        try:
            return all(self.verdict(case, wire.roundtrip(self.run(target, case.inputs))) is None
                       for case in self.cases)
        except Exception:  # noqa: BLE001 (an answer that breaks the wire is not a passing one)
            return False

    def use(self, target, fallback):
        """`target` (the learner's function) if it passes the visible checks, else `fallback` (dlkit's
        reference), saying which one the demo that follows runs on."""
        if target is not None and self.passes(target):
            print(f"(this demo runs on your {self.target})")
            return target
        print(f"(your {self.target} does not pass its checks yet: this demo runs on dlkit's reference)")
        return fallback

    def hint(self, level: int | None = None) -> None:
        """Show a hint: level 1 a nudge, 2 the method, 3 the formula; without a level, the next one."""
        if level is None:
            level = min(self._hint_level + 1, 3)
        if level not in (1, 2, 3):
            raise fail("hint(level) needs level 1, 2 or 3", expected="1 (a nudge), 2 (the method) or 3 (the formula)",
                       received=repr(level))
        self._hint_level = max(self._hint_level, level)
        title = ("a nudge", "the method", "the formula")[level - 1]
        more = " (call hint() again for more)" if level < 3 else ""
        print(f"Hint {level} of 3 ({title}) for {self.name}: {self.hints[level - 1]}{more}")


def array_judge(dtype: str | None = None, shape=None, hint: str | None = None, shape_hint: str | None = None,
                mistakes=(), exact: bool = False, rtol: float = 1e-6, atol: float = 1e-8):
    """The judge of an exercise whose answer is one numpy array.

    The answer must be an np.ndarray of `dtype` ("float", "int", "bool" or None for any number) and of
    `shape` (a tuple, a function of the Tester, or None for the expected value's shape), then equal
    (exact=True) or close to the reference; a matching Mistake is named before the case's hint.
    """

    def judge(t: Tester, got, want):
        expected_shape = shape(t) if callable(shape) else (np.shape(want) if shape is None else shape)
        t.array(got, shape=expected_shape, dtype=dtype, hint=shape_hint)
        if exact:
            t.equal(got, want, hint=hint, mistakes=mistakes)
        else:
            t.close(got, want, hint=hint, mistakes=mistakes, rtol=rtol, atol=atol)

    return judge


def serve(module: str, name: str, request: str, response: str, namespace: dict) -> None:
    """Kernel side of grading: answer every case in `request` with the learner's code, write `response`.

    Called by the grader through the kernel; the answers are data only (dlkit.checks.wire). Nothing is
    decided here: the grader judges what it reads back.
    """
    exercise = getattr(importlib.import_module(module), name)
    cases = wire.load(request)
    target = namespace.get(exercise.target, NOT_DEFINED)
    answers = []
    for inputs in cases:
        answers.append(exercise.run(target, inputs))
    try:
        wire.save(response, answers)
    except Exception as exc:  # noqa: BLE001 (an unencodable answer: say so instead of writing nothing)
        wire.save(response, [wire.Raised(type(exc).__name__, str(exc))] * len(cases))
    sys.stdout.flush()
