"""The one way dlkit fails: `fail(...)` builds every learner-facing error.

A message says what was checked, what was expected, what was received and what to try:

    weighted_sum(X, w, b) has the wrong shape
      expected: (4,)
      received: (4, 1)
    Hint: one z per row of X; did you keep a column dimension?

`CheckError` is both an `AssertionError` (a failed check in a notebook) and a `ValueError` (bad input
to a dlkit function), so either `except` catches it. Library functions raise it through the validators
of `dlkit.validate`; the checks of `dlkit.checks` and the exercise judges raise it through `fail`.

Example:
    >>> raise fail("lr must be positive", expected="a number > 0", received="lr=-0.1")
    Traceback (most recent call last):
    ...
    dlkit.errors.CheckError: lr must be positive
      expected: a number > 0
      received: lr=-0.1
"""

from __future__ import annotations

import numpy as np

__all__ = ["CheckError", "fail", "fmt", "type_name", "shape_text"]


class CheckError(AssertionError, ValueError):
    """A failed check: what was expected, what was received, and a hint."""


def fail(what: str, expected=None, received=None, hint: str | None = None) -> CheckError:
    """The CheckError for a failed check (the caller raises it: `raise fail(...)`).

    Args:
        what: what was checked and found wrong, e.g. "lr must be positive" or "f(x) has the wrong shape".
        expected: what was expected (any value; multi-line text stays aligned), or None to leave it out.
        received: what was received, or None.
        hint: one sentence on what to try, or None.

    Returns:
        CheckError with the lines `what`, `  expected: ...`, `  received: ...`, `Hint: ...`.
    """
    lines = [what]
    indent = "\n" + " " * len("  expected: ")  # keeps multi-line arrays aligned
    if expected is not None:
        lines.append(f"  expected: {str(expected).replace(chr(10), indent)}")
    if received is not None:
        lines.append(f"  received: {str(received).replace(chr(10), indent)}")
    if hint:
        lines.append(f"Hint: {hint}")
    return CheckError("\n".join(lines))


def fmt(arr) -> str:
    """A short, rounded rendering of a plain array: 4 decimals, big arrays summarised.

    Example:
        >>> fmt(np.array([0.123456, 2.0]))
        '[0.1235 2.    ]'
    """
    return np.array2string(np.asarray(arr), precision=4, threshold=12, edgeitems=2, separator=" ")


def type_name(x) -> str:
    """The name of x's type, as a message shows it ('list', 'ndarray', 'NoneType')."""
    return type(x).__name__


def shape_text(shape: tuple) -> str:
    """(None, 2) -> '(any, 2)'; (4,) -> '(4,)'.

    Example:
        >>> shape_text((None, 2))
        '(any, 2)'
    """
    parts = ["any" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
