"""Learner-facing checks: used by the notebooks' visible tests and by dlkit to validate input.

Every check raises `CheckError` with a message a learner can act on:

    weighted_sum(X, w, b) has the wrong shape
      expected: (3,)
      received: (3, 1)
    Hint: one z per row of X ...

`CheckError` is both an `AssertionError` (a failed test in a notebook) and a `ValueError` (bad
input to a dlkit function), so either `except` catches it. The checks never call `==` or `bool()`
on the received object itself: they convert it to a numpy array first, so an object that lies in
its `__eq__`/`__bool__` cannot pass.
"""

from __future__ import annotations

import numpy as np


class CheckError(AssertionError, ValueError):
    """A failed check: what was expected, what was received, and a hint."""


def _fmt(x) -> str:
    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=4, threshold=20, edgeitems=3, suppress_small=True)
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    return repr(x)


def _fail(what: str, expected, received, hint: str | None):
    lines = [what]
    if expected is not None:
        lines.append(f"  expected: {expected}")
    if received is not None:
        lines.append(f"  received: {received}")
    if hint:
        lines.append(f"Hint: {hint}")
    raise CheckError("\n".join(lines))


def _as_array(received, name: str, hint: str | None, dtype=float) -> np.ndarray:
    """Convert `received` to a plain numpy array, or fail with a message that says why not."""
    if received is None:
        _fail(f"{name} returned None", "a number or an array", "None",
              hint or "did you forget to `return` the result?")
    if callable(received) and not isinstance(received, np.ndarray):
        _fail(f"{name} returned a function, not a value", "a number or an array",
              type(received).__name__, hint or "call the function (add parentheses) before returning")
    if isinstance(received, (str, bytes, dict, set)):
        _fail(f"{name} has the wrong type", "a number or a numpy array", type(received).__name__, hint)
    try:
        arr = np.array(received, dtype=dtype)
    except (TypeError, ValueError) as err:
        _fail(f"{name} cannot be read as a numeric array ({err})", "a number or a numpy array",
              type(received).__name__, hint)
    if type(arr) is not np.ndarray:  # a subclass could override comparisons
        arr = np.asarray(arr).view(np.ndarray)
    return arr


def check_type(x, expected_type, name: str = "value", hint: str | None = None) -> None:
    """Fail unless isinstance(x, expected_type)."""
    if not isinstance(x, expected_type):
        names = (expected_type.__name__ if isinstance(expected_type, type)
                 else " or ".join(t.__name__ for t in expected_type))
        _fail(f"{name} has the wrong type", names, type(x).__name__, hint)


def check_shape(x, expected: tuple, name: str = "array", hint: str | None = None) -> None:
    """Fail unless np.shape(x) matches `expected` (None entries match any size).

    Example:
        >>> check_shape(np.zeros((4, 2)), (None, 2), name="X")
    """
    if not isinstance(expected, tuple):
        raise TypeError(f"expected must be a tuple such as (None, 2), received {expected!r}")
    if x is None:
        _fail(f"{name} is None", f"an array of shape {expected}", "None",
              hint or "did you forget to `return` the result?")
    try:
        shape = tuple(np.shape(x))
    except (TypeError, ValueError):
        _fail(f"{name} has no shape", f"an array of shape {expected}", type(x).__name__, hint)
    ok = len(shape) == len(expected) and all(e is None or e == s for e, s in zip(expected, shape))
    if not ok:
        shown = "(" + ", ".join("any" if e is None else str(e) for e in expected) + ("," if len(expected) == 1 else "") + ")"
        _fail(f"{name} has the wrong shape", shown, shape, hint)


def check_finite(x, name: str = "array", hint: str | None = None) -> None:
    """Fail if x contains nan or inf."""
    arr = _as_array(x, name, hint)
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        _fail(f"{name} contains {bad} nan/inf value(s)", "finite numbers", _fmt(arr),
              hint or "look for overflow (exp of a large number), log(0) or a division by zero")


def check_close(received, expected, name: str = "result", hint: str | None = None,
                rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """Fail unless `received` is numerically close to `expected` (same shape, finite, allclose).

    Example:
        >>> check_close(np.array([0.5, 1.0]), [0.5, 1.0], name="sigmoid([0, inf])")
    """
    want = np.asarray(expected, dtype=float)
    got = _as_array(received, name, hint)
    if got.shape != want.shape:
        _fail(f"{name} has the wrong shape", want.shape, got.shape, hint)
    finite_want = np.isfinite(want)
    if not np.array_equal(np.isfinite(got), finite_want):
        _fail(f"{name} contains nan/inf where numbers were expected", _fmt(want), _fmt(got),
              hint or "look for overflow (exp of a large number), log(0) or a division by zero")
    if not np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True):
        diff = np.abs(np.where(finite_want, got - want, 0.0))
        where = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
        at = f" at index {tuple(int(i) for i in where)}" if where else ""
        _fail(f"{name} is not correct (largest difference {float(diff.max()):.3g}{at})",
              _fmt(want if want.ndim else float(want)), _fmt(got if got.ndim else float(got)), hint)


def check_equal(received, expected, name: str = "result", hint: str | None = None) -> None:
    """Fail unless `received` equals `expected` exactly, element by element (ints, bools, labels).

    Values are compared, not dtypes: [1, 0] passes for expected [1, 0] whether it holds ints or floats.
    """
    want = np.asarray(expected)
    got = _as_array(received, name, hint, dtype=None if want.dtype.kind in "US" else float)
    if got.shape != want.shape:
        _fail(f"{name} has the wrong shape", want.shape, got.shape, hint)
    if want.dtype.kind not in "US":
        want = want.astype(float)
    mismatch = np.argwhere(got != want) if got.ndim else ([()] if got != want else [])
    if len(mismatch):
        first = ", ".join(str(tuple(int(i) for i in idx)) for idx in mismatch[:5])
        _fail(f"{name} is not correct: {len(mismatch)} of {max(got.size, 1)} element(s) differ "
              f"(first at {first})", _fmt(np.asarray(expected)), _fmt(np.asarray(received) if isinstance(received, np.ndarray) else got), hint)
