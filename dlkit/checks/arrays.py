"""Learner-facing checks: used by the notebooks' visible tests and by dlkit to validate its input.

Every check returns None when the value is right and otherwise raises `CheckError` with a message a
learner can act on: what is wrong, what was expected, what was received, and a hint.

    weighted_sum(X, w, b) has the wrong shape
      expected: (4,)
      received: (4, 1)
    Hint: one z per row of X; did you keep a column dimension?

`CheckError` is both an `AssertionError` (a failed test in a notebook) and a `ValueError` (bad input
to a dlkit function), so either `except` catches it.

The checks never call `==` or `bool()` on the received object: they first convert it to a plain
`np.ndarray` of numbers (which fails, with a message, for None, strings, functions and objects that
are not numbers), and compare that array. An object that lies in its `__eq__` or `__bool__` cannot pass.

Shapes: a shape is a tuple such as (N, D); in `check_shape` an entry None accepts any size.
"""

from __future__ import annotations

import numpy as np

from dlkit.errors import CheckError, fail, fmt, shape_text, type_name

__all__ = ["CheckError", "check_shape", "check_type", "check_close", "check_equal", "check_finite"]


# --- message helpers -----------------------------------------------------------------------------

_fmt = fmt
_shape_text = shape_text
_type_name = type_name


def _error(what: str, expected=None, received=None, hint: str | None = None, values: bool = True) -> CheckError:
    """fail(...), leaving out the expected/received lines when values=False (hidden checks)."""
    if not values:
        expected = received = None
    return fail(what, expected, received, hint)


def _reject_non_value(x, name: str, expected: str, hint: str | None) -> None:
    """Fail early, with a specific message, for the two classic mistakes: None and a function."""
    __tracebackhide__ = True
    if x is None:
        raise _error(f"{name} is None: did you forget to `return` the result?",
                     expected, "NoneType", hint)
    if callable(x) and not isinstance(x, np.ndarray):
        raise _error(f"{name} is a function, not a value: did you forget to call it (add parentheses)?",
                     expected, f"function {getattr(x, '__name__', _type_name(x))}", hint)


def _as_array(received, name: str, hint: str | None, *, numeric_only: bool = True) -> np.ndarray:
    """Convert `received` to a plain np.ndarray (never a subclass), or fail saying why it cannot be.

    Numbers, bools and arrays of them are accepted; strings, complex numbers and objects that are
    not numbers are refused. Nothing is asked of the received object but its conversion.
    """
    __tracebackhide__ = True
    expected = "a number or an array of numbers"
    _reject_non_value(received, name, expected, hint)
    try:
        arr = np.asarray(received)
        if arr.dtype.kind == "O":  # a list of numbers and objects, or an object that is not a number
            arr = arr.astype(float)
    except Exception:  # noqa: BLE001 (a lying object may raise anything)
        raise _error(f"{name} cannot be read as numbers",
                     expected, _type_name(received), hint) from None
    if arr.dtype.kind == "c":
        raise _error(f"{name} holds complex numbers", "real numbers",
                     f"{_type_name(received)} of {arr.dtype}", hint) from None
    if numeric_only and arr.dtype.kind not in "biuf":
        raise _error(f"{name} has the wrong type", expected,
                     _type_name(received) + (f" of {arr.dtype}" if isinstance(received, np.ndarray) else ""),
                     hint) from None
    if type(arr) is not np.ndarray:  # a subclass could override comparisons
        arr = np.array(arr, subok=False)
    return arr


# --- the checks ----------------------------------------------------------------------------------

def check_shape(x, expected: tuple, name: str = "array", hint: str | None = None, values: bool = True) -> None:
    """Check that `np.shape(x)` matches `expected`, where a None entry accepts any size.

    Pass if len(shape) == len(expected) and shape[i] == expected[i] for every non-None entry.

    Args:
        x: anything np.shape works on (array, list, number, tensor).
        expected: tuple of ints or None, e.g. (None, 2) for "N rows of 2 features".
        name: how to call x in the message, e.g. "weighted_sums(X, w, b)".
        hint: one sentence on what to try, shown when the check fails.

    Returns:
        None; raises CheckError (a ValueError and an AssertionError) on a mismatch.

    Example:
        >>> check_shape(np.zeros((4, 2)), (None, 2), name="X")          # passes
        >>> check_shape(np.zeros((4, 1)), (4,), name="z")
        Traceback (most recent call last):
        ...
        dlkit.errors.CheckError: z has the wrong shape
          expected: (4,)
          received: (4, 1)
    """
    __tracebackhide__ = True
    if isinstance(expected, list):
        expected = tuple(expected)
    if not isinstance(expected, tuple) or not all(
            e is None or (isinstance(e, (int, np.integer)) and not isinstance(e, bool) and e >= 0)
            for e in expected):
        raise TypeError(f"expected must be a tuple of non-negative ints or None, such as (None, 2); "
                        f"received {expected!r}")
    want = _shape_text(expected)
    _reject_non_value(x, name, f"an array of shape {want}", hint)
    try:
        shape = tuple(int(s) for s in np.shape(x))
    except Exception:  # noqa: BLE001 (ragged lists, objects with a strange .shape)
        raise _error(f"{name} has no well-defined shape", f"an array of shape {want}",
                     _type_name(x), hint, values=values) from None
    ok = len(shape) == len(expected) and all(e is None or e == s for e, s in zip(expected, shape))
    if not ok:
        raise _error(f"{name} has the wrong shape", want, _shape_text(shape), hint, values=values)


def check_type(x, expected_type, name: str = "value", hint: str | None = None, values: bool = True) -> None:
    """Check `isinstance(x, expected_type)` (a type or a tuple of types).

    Note that isinstance is used as is: a bool is an int, an np.float64 is a float.

    Args:
        x: the value to check.
        expected_type: a type, e.g. np.ndarray, or a tuple of types, e.g. (int, float).
        name: how to call x in the message.
        hint: one sentence on what to try, shown when the check fails.

    Returns:
        None; raises CheckError when x has another type.

    Example:
        >>> check_type(np.zeros(3), np.ndarray, name="predict(X)")      # passes
        >>> check_type([0, 1], np.ndarray, name="predict(X)")
        Traceback (most recent call last):
        ...
        dlkit.errors.CheckError: predict(X) has the wrong type
          expected: ndarray
          received: list
    """
    __tracebackhide__ = True
    types = expected_type if isinstance(expected_type, tuple) else (expected_type,)
    if not types or not all(isinstance(t, type) for t in types):
        raise TypeError(f"expected_type must be a type or a tuple of types, received {expected_type!r}")
    if not isinstance(x, types):
        if x is None and hint is None:
            hint = "did you forget to `return` the result?"
        raise _error(f"{name} has the wrong type", " or ".join(t.__name__ for t in types),
                     _type_name(x), hint, values=values)


def check_finite(x, name: str = "array", hint: str | None = None, values: bool = True) -> None:
    """Check that x holds no nan and no inf.

    Args:
        x: a number or an array of numbers.
        name: how to call x in the message.
        hint: what to try; by default, where nan/inf usually come from.

    Returns:
        None; raises CheckError naming how many values are not finite and where the first one is.

    Example:
        >>> check_finite(np.array([1.0, np.inf]), name="exp(z)")
        Traceback (most recent call last):
        ...
        dlkit.errors.CheckError: exp(z) contains 1 nan/inf value(s) (first at index (1,))
          expected: finite numbers
          received: [ 1. inf]
        Hint: look for an overflow (exp of a large number), log(0) or a division by zero
    """
    __tracebackhide__ = True
    arr = _as_array(x, name, hint)
    finite = np.isfinite(arr)
    if not np.all(finite):
        bad = np.argwhere(~finite)
        at = f" (first at index {tuple(int(i) for i in bad[0])})" if arr.ndim else ""
        raise _error(f"{name} contains {len(bad)} nan/inf value(s){at}", "finite numbers", _fmt(arr),
                     hint or "look for an overflow (exp of a large number), log(0) or a division by zero", values=values)


def check_close(received, expected, name: str = "result", hint: str | None = None,
                rtol: float = 1e-6, atol: float = 1e-8, values: bool = True) -> None:
    """Check that `received` is numerically close to `expected`, element by element.

    Pass if the shapes are equal, received has nan/inf only where expected has them, and
        |received - expected| <= atol + rtol * |expected|     for every element (np.isclose).

    Args:
        received: the learner's number or array (anything; it is converted, never compared directly).
        expected: the right number or array.
        name: how to call the value in the message, e.g. "sigmoid(0)".
        hint: one sentence on what to try, shown when the check fails.
        rtol, atol: relative and absolute tolerance.

    Returns:
        None; raises CheckError for None/non-numbers, a wrong shape, nan/inf, or wrong values
        (the message shows both, rounded, and the largest difference with its index).

    Example:
        >>> check_close(np.array([0.5, 0.7311]), [0.5, 0.7310586], name="sigmoid([0, 1])", rtol=1e-3)
        >>> check_close([1.0, 2.0], [1.0, 3.0], name="f(x)")
        Traceback (most recent call last):
        ...
        dlkit.errors.CheckError: f(x) is not correct: 1 of 2 elements differ, the largest difference is 1 at index (1,)
          expected: [1. 3.]
          received: [1. 2.]
    """
    __tracebackhide__ = True
    want = np.asarray(expected, dtype=float)
    got = _as_array(received, name, hint).astype(float)
    if got.shape != want.shape:
        raise _error(f"{name} has the wrong shape", _shape_text(want.shape), _shape_text(got.shape), hint, values=values)
    if np.any(~np.isfinite(got) & np.isfinite(want)):
        raise _error(f"{name} is wrong: received contains nan/inf", _fmt(want), _fmt(got),
                     hint or "look for an overflow (exp of a large number), log(0) or a division by zero", values=values)
    wrong = ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    if np.any(wrong):
        with np.errstate(invalid="ignore", over="ignore"):
            diff = np.abs(got - want)
        diff = np.nan_to_num(np.where(wrong, diff, 0.0), nan=np.inf)
        where = np.unravel_index(int(np.argmax(diff)), diff.shape)
        at = f" at index {tuple(int(i) for i in where)}" if got.ndim else ""
        count = f"{int(wrong.sum())} of {wrong.size} elements differ, " if got.ndim else ""
        raise _error(f"{name} is not correct: {count}the largest difference is {float(diff[where]):.3g}{at}",
                     _fmt(want), _fmt(got), hint, values=values)


def check_equal(received, expected, name: str = "result", hint: str | None = None, values: bool = True) -> None:
    """Check that `received` equals `expected` exactly, element by element (labels, counts, masks).

    Values are compared, not dtypes: [1., 0.] passes for expected [1, 0]; use check_type for types.
    Expected strings are compared with received strings.

    Args:
        received: the learner's value (converted to a plain array, never compared directly).
        expected: the right int/bool (or str) value or array.
        name: how to call the value in the message, e.g. "predict(X)".
        hint: one sentence on what to try, shown when the check fails.

    Returns:
        None; raises CheckError for None/non-numbers, a wrong shape, or any differing element
        (the message lists the first few differing indices).

    Example:
        >>> check_equal(np.array([0, 0, 0, 1]), [0, 0, 0, 1], name="predict(X_and)")   # passes
        >>> check_equal(np.array([1, 0, 1]), [1, 1, 1], name="predict(X)")
        Traceback (most recent call last):
        ...
        dlkit.errors.CheckError: predict(X) is not correct: 1 of 3 elements differ (at index (1,))
          expected: [1 1 1]
          received: [1 0 1]
    """
    __tracebackhide__ = True
    want = np.asarray(expected)
    text = want.dtype.kind in "US"
    got = _as_array(received, name, hint, numeric_only=not text)
    if text and got.dtype.kind not in "US":
        raise _error(f"{name} has the wrong type", f"text ({want.dtype})",
                     f"{_type_name(received)} of {got.dtype}", hint, values=values)
    if got.shape != want.shape:
        raise _error(f"{name} has the wrong shape", _shape_text(want.shape), _shape_text(got.shape), hint, values=values)
    differ = np.argwhere(np.asarray(got != want).reshape(got.shape))  # plain arrays on both sides
    if len(differ):
        if got.ndim:
            first = ", ".join(str(tuple(int(i) for i in idx)) for idx in differ[:5])
            what = (f"{name} is not correct: {len(differ)} of {got.size} elements differ "
                    f"(at index {first}{', ...' if len(differ) > 5 else ''})")
        else:
            what = f"{name} is not correct"
        raise _error(what, _fmt(want), _fmt(got), hint, values=values)
